// Explicit-init entry point for pages without a bundler:
//   import init, { inspectCertificate } from 'argocd-tls-planner/web';
//   await init();
// `generateCertificates` too needs `init()` first: the engine writes the certificates.
export { default, initSync } from './wasm/argocd_tls_planner.js';
export * from './wasm/argocd_tls_planner.js';
export { generateCertificates } from './generate.js';
