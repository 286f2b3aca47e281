// Certificate generation for browsers and bundlers: each call runs the generation module
// (a second wasm, fetched only now) in a module Worker, so RSA key generation never blocks the
// page, and relays its progress. `signal` aborts by terminating the Worker.
export function generateCertificates(request, { onProgress, signal } = {}) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let worker;
    try {
      // Written inline so that bundlers (Vite, webpack 5) see a Worker and bundle its imports.
      worker = new Worker(new URL('./generate-worker.js', import.meta.url), { type: 'module', name: 'argocd-tls-planner generate' });
    } catch (e) {
      reject(e);
      return;
    }
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', abort);
    };
    const abort = () => {
      finish();
      reject(signal.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
    worker.onmessage = ({ data }) => {
      if (data.type === 'progress') {
        onProgress?.(data.progress);
      } else if (data.type === 'result') {
        finish();
        resolve(data.result);
      } else {
        finish();
        reject(Object.assign(new Error(data.message), data.details));
      }
    };
    worker.onerror = (event) => {
      finish();
      reject(new Error(event.message || 'the generation Worker could not start'));
    };
    worker.postMessage(request);
  });
}
