//! Integration tests (one binary).

mod parse_differential;
