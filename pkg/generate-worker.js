// The generation Worker: loads the generation module once and answers one request with
// `progress` messages, then a `result` or an `error` (a plain object: Errors do not clone with
// their properties).
import init, { generateCertificates } from './wasm/argocd_tls_planner_generate.js';

const ready = init({ module_or_path: new URL('./wasm/argocd_tls_planner_generate_bg.wasm', import.meta.url) });

self.onmessage = async ({ data }) => {
  try {
    await ready;
    const result = generateCertificates(data, (progress) => self.postMessage({ type: 'progress', progress }));
    self.postMessage({ type: 'result', result });
  } catch (e) {
    const details = e && typeof e === 'object' ? { name: e.name, kind: e.kind } : {};
    self.postMessage({ type: 'error', message: String(e?.message ?? e), details });
  }
};
