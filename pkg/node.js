// Node entry point: instantiates the engine module synchronously at import, so that
// `import { inspectCertificate } from 'argocd-tls-planner'` needs no init step.
// `generateCertificates` uses Node's WebCrypto (globalThis.crypto.subtle).
import { readFileSync } from 'node:fs';
import { initSync } from './wasm/argocd_tls_planner.js';

initSync({ module: readFileSync(new URL('./wasm/argocd_tls_planner_bg.wasm', import.meta.url)) });

export * from './wasm/argocd_tls_planner.js';
export { generateCertificates } from './generate.js';
