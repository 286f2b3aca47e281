// The types are generated from the Rust DTOs by wasm-bindgen + tsify; this only re-exports them.
export * from './wasm/argocd_tls_planner.js';
export * from './generate.js';
