//! The integration tests: one binary (see Cargo.toml), one module per area.

// Test helpers outside `#[test]` functions unwrap too: a failure there is a test failure.
#![allow(clippy::unwrap_used)]

mod cli;
mod corrections;
mod ecdsa_signatures;
mod edge;
mod edge_reencrypt;
mod findings;
mod generate;
mod inputs;
mod interop;
mod invariants;
mod keypair;
mod limbo;
mod limbo_generations;
mod manifests;
mod parse_differential;
mod plan_postures;
mod plans;
mod plans_go;
mod releases;
mod robustness;
mod rotation;
mod rsa_signatures;
mod schema;
mod timeline;
mod upstream;
mod verify_argocd;
mod verify_with_ca;
