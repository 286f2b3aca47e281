// Offline support: the page and the engine are cached on first load and served from the cache
// when the network is gone. Generation needs nothing more (its keys and signatures are the
// browser's WebCrypto), so it works offline too. Nothing else is fetched.
const CACHE = 'argocd-tls-planner-v1';
const SHELL = [
  './', './index.html', './app.js', './generate.js', './style.css', './favicon.svg',
  '../pkg/web.js', '../pkg/wasm/argocd_tls_planner.js', '../pkg/wasm/argocd_tls_planner_bg.wasm',
  '../pkg/generate.js',
  '../web/argocd-tls-report.js', '../web/argocd-tls-certificates.js',
  // The elements themselves (web/ forwards to the package's copy).
  '../pkg/elements/argocd-tls-report.js', '../pkg/elements/argocd-tls-certificates.js', '../pkg/elements/styles.js',
  '../pkg/elements/dom.js', '../pkg/elements/view.js', '../pkg/elements/layout.js', '../pkg/elements/diagram.js',
  '../pkg/elements/findings.js', '../pkg/elements/details.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  // Network first (so a rebuilt engine is picked up), the cache when offline.
  event.respondWith(
    fetch(event.request)
      .then((res) => {
        const copy = res.clone();
        caches.open(CACHE).then((c) => c.put(event.request, copy));
        return res;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true })),
  );
});
