//! Integration tests (one binary).

mod keypair;
