// Shared by the consumer apps: on a click, generate an RSA-2048 CA and a leaf with the package's
// `generateCertificates` (WebCrypto keys and signatures), record the longest stall of a 10 ms
// timer meanwhile (the page must stay live), and check the chain with the engine. Results go to
// data attributes for the test.
export function wireGenerate(button, { generateCertificates, verifyChain }) {
  button.addEventListener('click', async () => {
    const steps = [];
    let last = performance.now();
    let maxGap = 0;
    const timer = setInterval(() => {
      const t = performance.now();
      maxGap = Math.max(maxGap, t - last);
      last = t;
    }, 10);
    const started = performance.now();
    const now = Math.floor(Date.parse('2026-06-01T00:00:00Z') / 1000);
    const base = { keyAlgorithm: 'rsa2048', notBefore: now - 60, notAfter: now + 86400 };
    try {
      const set = await generateCertificates(
        {
          ca: { ...base, commonName: 'Consumer CA', isCa: true },
          leaves: [{ ...base, commonName: 'argocd-server', dnsNames: ['argocd-server'], extKeyUsages: ['serverAuth'] }],
        },
        { onProgress: (p) => steps.push(`${p.done}/${p.total}:${p.current?.role ?? 'done'}`) },
      );
      const v = verifyChain({ leaf: set.leaves[0].certPem, roots: set.ca.certPem, dnsName: 'argocd-server', now: '2026-06-01T00:00:00Z' });
      document.body.dataset.generated = v.ok ? 'verified' : v.error;
    } catch (e) {
      document.body.dataset.generated = `error: ${e.message}`;
    } finally {
      clearInterval(timer);
      const end = performance.now();
      maxGap = Math.max(maxGap, end - last);
      document.body.dataset.steps = steps.join(',');
      document.body.dataset.maxGap = String(Math.round(maxGap));
      document.body.dataset.elapsed = String(Math.round(end - started));
    }
  });
}
