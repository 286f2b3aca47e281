#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod certificates;
mod error;
mod model;
mod time;

/// The wasm-bindgen exports (feature `wasm` only).
#[cfg(feature = "wasm")]
pub mod bindings;

pub use certificates::inspect::{CertificateSummary, inspect_certificates};
pub use certificates::name::DistinguishedName;
pub use certificates::parse::{
    Certificate, ParseError, PublicKey, SignatureAlgorithm, parse_certificate,
};
pub use certificates::pem::{PemBlock, decode_pem_blocks};
pub use error::Error;
pub use model::manifest::{MAX_INPUT_BYTES, ManifestError, ManifestErrorKind, read_manifests};
pub use model::standard::{InstallFlavor, standard_install, standard_install_flavor};
pub use model::{
    Component, ConfigMap, EnvValue, EnvVar, Installation, KeyToPath, Position, Secret, SecretMount,
    Workload,
};
pub use time::UnixTime;

/// The planner's version (the crate version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
