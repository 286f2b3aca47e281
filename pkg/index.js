// Browser and bundler entry point: instantiates the engine module (fetched next to this file)
// with top-level await, so importers need no init step. Use 'argocd-tls-planner/web' to control
// when and from where the module is loaded. Certificate generation (./generate.js) takes its keys
// and signatures from WebCrypto.
import init from './wasm/argocd_tls_planner.js';

await init({ module_or_path: new URL('./wasm/argocd_tls_planner_bg.wasm', import.meta.url) });

export * from './wasm/argocd_tls_planner.js';
export { generateCertificates } from './generate.js';
