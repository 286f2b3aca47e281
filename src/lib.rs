#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod certificates;
mod error;
mod time;

#[cfg(feature = "wasm")]
mod bindings;

pub use certificates::generate::{
    CertificateRequest, ExtKeyUsage, GenerateError, GeneratedCertificate, IssuerPem, KeyAlgorithm,
    KeyEncoding, generate_certificate, generate_key,
};
pub use certificates::inspect::{CertificateSummary, inspect_certificates};
pub use certificates::keypair::{
    KeyPairError, KeyPairErrorKind, KeyPairInfo, check_key_pair, check_key_pair_as,
};
pub use certificates::keys::{
    GoTlsVersion, KeyError, KeyErrorKind, PrivateKey, PrivateKeyFormat, parse_private_key,
    parse_private_key_as,
};
pub use certificates::name::DistinguishedName;
pub use certificates::parse::{
    Certificate, ParseError, PublicKey, SignatureAlgorithm, parse_certificate,
};
pub use certificates::pem::{
    GoPemBlock, PemBlock, decode_pem_blocks, go_pem_blocks, go_pem_blocks_as, go_pem_decode,
    go_pem_decode_legacy,
};
pub use error::Error;
pub use time::UnixTime;

/// The planner's version (the crate version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
