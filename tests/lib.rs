//! Integration tests (one binary).

mod limbo;
mod parse_differential;
