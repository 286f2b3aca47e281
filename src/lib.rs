#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod certificates;
mod error;
mod time;

#[cfg(feature = "wasm")]
mod bindings;

pub use certificates::inspect::{
    CertificateSummary, inspect_bytes, inspect_certificates, inspect_der,
};
pub use certificates::name::DistinguishedName;
pub use certificates::parse::{
    Certificate, ExtKeyUsage, IpNet, ParseError, PolicyMapping, PublicKey, SignatureAlgorithm,
    parse_certificate,
};
pub use certificates::pem::{PemBlock, decode_pem_blocks};
pub use certificates::verify::{
    VerifyError, VerifyErrorKind, VerifyOptions, verify, verify_hostname,
};
pub use error::Error;
pub use time::UnixTime;

/// The planner's version (the crate version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
