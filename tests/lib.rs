//! Integration tests (one binary).

mod generate;
mod keypair;
