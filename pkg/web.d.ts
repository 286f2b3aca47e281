// Types of 'argocd-tls-planner/web' (explicit init): the same as the default entry's (see
// index.d.ts), plus `init` and `initSync`.
export { default, initSync } from './wasm/argocd_tls_planner.js';
export * from './wasm/argocd_tls_planner.js';
export * from './generate.js';
