//! Integration tests (one binary).

mod limbo;
mod parse_differential;
mod verify_argocd;
