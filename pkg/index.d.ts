// The package's types. What wasm-bindgen emits (./wasm/argocd_tls_planner.d.ts): the data types
// (Report, Installation, CertificateSummary, …) generated from the Rust types by tsify, plus the
// function signatures and the few input and result types written in TypeScript in src/bindings*
// (typescript_custom_section, unchecked_*_type). `generateCertificates` is declared by hand in
// ./generate.d.ts over the generated types. tests/js/types.test.mjs compiles use and misuse
// against the installed package. The custom elements have their own entry:
// 'argocd-tls-planner/elements' (./elements/index.d.ts).
export * from './wasm/argocd_tls_planner.js';
export * from './generate.js';
