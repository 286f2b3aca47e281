//! Certificate generation: CAs, and leaves signed by a generated or an imported CA (keys from
//! RustCrypto natively or WebCrypto in the npm package). It uses [`crate::keys`],
//! [`crate::x509`], [`crate::go`] and [`crate::der_write`]; of the engine only the plans' posture
//! layer uses it (`plan/posture/issue.rs`: the requests for certificates made outside the core,
//! and deterministic stand-ins for the ones cert-manager will make).
//!
//! Generation is three steps, so that the keys and signatures can come from outside the core:
//!
//! 1. **Keys.** One new key per certificate. Natively [`generate_key`] makes it with RustCrypto;
//!    in browsers and Node the npm package asks WebCrypto (`crypto.subtle.generateKey`), which
//!    runs off the page's thread and needs no key-generation code in the wasm module.
//! 2. **[`prepare_set`]** writes each certificate's `TBSCertificate` (DER, through
//!    [`der_write`](crate::der_write)): a random positive 127-bit serial, subject key identifiers
//!    that are the first 20 bytes of the SHA-256 of the public key bits (RFC 7093 method 1), the
//!    issuer's subject copied byte for byte (Go and OpenSSL chain by exact bytes), and the
//!    validity the caller gives (the core has no clock; randomness is a parameter too, so the
//!    core stays pure).
//! 3. **Signatures**, by the certificate's own key (self-signed), the generated CA's, or the
//!    imported issuer's; then **[`assemble_set`]** puts each certificate together, checks the
//!    signature the way Go's `CheckSignature` does and that the key matches the certificate, and
//!    writes the PEM.
//!
//! [`generate_set`] runs the three steps natively; the wasm bindings export `prepare` and
//! `assemble` for the npm package's WebCrypto driver.
//!
//! An imported issuer is loaded with the same checks as Go's `tls.X509KeyPair`, and must be a CA
//! whose key can sign (RSA, ECDSA P-256/P-384/P-521, Ed25519). Keys are written the way Argo CD writes
//! them (`EncodeX509KeyPair`): RSA as PKCS#1 (`RSA PRIVATE KEY`), ECDSA as SEC1
//! (`EC PRIVATE KEY`), and Ed25519 (which Argo CD cannot encode) as PKCS#8 (`PRIVATE KEY`); or
//! every type as PKCS#8 on request. Go's `tls.X509KeyPair` reads all of them.
//!
//! The modules, each importing only those before it:
//! - `request`: what to generate and what comes back, and the checks of a request before any
//!   key is made;
//! - `tbs`: the bytes that are signed (`TBSCertificate`), who signs them and with which scheme;
//! - `steps`: checking a whole request, [`prepare_set`] and [`assemble_set`];
//! - `native`: the three steps with RustCrypto keys and signatures ([`generate_set`]).

mod native;
mod request;
mod steps;
mod tbs;

pub(crate) use native::generate_set_with_keys;
pub use native::{
    generate_certificate, generate_key, generate_set, generate_set_with_progress, sign_native,
};
pub use request::{
    CertificateRequest, ExtKeyUsage, GenerateError, GenerateProgress, GenerateRequest,
    GenerateStep, GeneratedCertificate, GeneratedSet, IssuerPem, KeyAlgorithm, KeyEncoding,
};
pub use steps::{
    PreparedCertificate, PreparedSet, assemble_set, generation_steps, prepare_set, read_new_key,
};
pub use tbs::{SignatureScheme, SignedBy};
