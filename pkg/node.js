// Node entry point: instantiates the engine module synchronously at import, so that
// `import { inspectCertificate } from 'argocd-tls-planner'` needs no init step. The generation
// module is loaded on the first `generateCertificates` call and runs in-process.
import { readFileSync } from 'node:fs';
import { initSync } from './wasm/argocd_tls_planner.js';

initSync({ module: readFileSync(new URL('./wasm/argocd_tls_planner_bg.wasm', import.meta.url)) });

export * from './wasm/argocd_tls_planner.js';

let generation;

export async function generateCertificates(request, { onProgress, signal } = {}) {
  signal?.throwIfAborted();
  generation ??= import('./wasm/argocd_tls_planner_generate.js').then((m) => {
    m.initSync({ module: readFileSync(new URL('./wasm/argocd_tls_planner_generate_bg.wasm', import.meta.url)) });
    return m;
  });
  const m = await generation;
  signal?.throwIfAborted();
  return m.generateCertificates(request, onProgress);
}
