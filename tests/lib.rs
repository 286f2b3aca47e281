//! The integration tests: one binary (see Cargo.toml), one module per area.

// Test helpers outside `#[test]` functions unwrap too: a failure there is a test failure.
#![allow(clippy::unwrap_used)]

mod cli;
mod generate;
mod keypair;
mod limbo;
mod parse_differential;
mod manifests;
mod interop;
