//! What to generate and what comes back ([`CertificateRequest`], [`GeneratedCertificate`], …),
//! and the checks of one request and its new key before anything is written. Argo CD's own
//! self-signed certificate (`util/tls.GenerateX509KeyPair`) is one such request.

use core::fmt;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::der_write;
use crate::keys::private_key::{PrivateKey, PrivateKeyFormat};
use crate::x509::parse::PublicKey;

/// The key type of a generated certificate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum KeyAlgorithm {
    /// RSA 2048 with SHA-256 signatures: Argo CD's own choice, and the only type its default
    /// `--tlsciphers` list (ECDHE_RSA only) can serve to TLS 1.2 clients.
    #[default]
    Rsa2048,
    /// ECDSA on P-256 with SHA-256.
    EcdsaP256,
    /// ECDSA on P-384 with SHA-384.
    EcdsaP384,
    /// ECDSA on P-521 with SHA-512.
    EcdsaP521,
    /// Ed25519.
    Ed25519,
}

impl KeyAlgorithm {
    /// The name in requests: `rsa2048`, `ecdsaP256`, `ecdsaP384`, `ecdsaP521`, `ed25519`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Rsa2048 => "rsa2048",
            Self::EcdsaP256 => "ecdsaP256",
            Self::EcdsaP384 => "ecdsaP384",
            Self::EcdsaP521 => "ecdsaP521",
            Self::Ed25519 => "ed25519",
        }
    }
}

/// How the private key is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum KeyEncoding {
    /// As Argo CD writes keys: PKCS#1 for RSA, SEC1 for ECDSA, PKCS#8 for Ed25519.
    #[default]
    Traditional,
    /// PKCS#8 (`PRIVATE KEY`) for every type.
    Pkcs8,
}

/// An extended key usage to put in the certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ExtKeyUsage {
    /// TLS server authentication (`1.3.6.1.5.5.7.3.1`).
    ServerAuth,
    /// TLS client authentication (`1.3.6.1.5.5.7.3.2`).
    ClientAuth,
}

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CertificateRequest {
    /// Subject common name, if any.
    #[serde(default)]
    pub common_name: Option<String>,
    /// Subject organization, if any (Argo CD's self-signed certificates use `Argo CD`).
    #[serde(default)]
    pub organization: Option<String>,
    /// DNS subject alternative names.
    #[serde(default)]
    pub dns_names: Vec<String>,
    /// IP subject alternative names, as text (`10.0.0.1`, `::1`).
    #[serde(default)]
    pub ip_addresses: Vec<String>,
    /// A CA (basicConstraints cA, keyCertSign + cRLSign) or a leaf.
    #[serde(default)]
    pub is_ca: bool,
    /// Extended key usages; empty writes no extension (Go then accepts any usage).
    #[serde(default)]
    pub ext_key_usages: Vec<ExtKeyUsage>,
    /// The new key's type.
    #[serde(default)]
    pub key_algorithm: KeyAlgorithm,
    /// How to write the new key.
    #[serde(default)]
    pub key_encoding: KeyEncoding,
    /// Start of validity, seconds since the Unix epoch.
    pub not_before: i64,
    /// End of validity, seconds since the Unix epoch.
    pub not_after: i64,
}

impl CertificateRequest {
    /// The certificate Argo CD makes for itself when no TLS secret is given
    /// (`util/tls.GenerateX509KeyPair`): subject `O=Argo CD` only, no common name, each host
    /// that parses as an IP address an IP SAN and every other host a DNS SAN, serverAuth,
    /// digitalSignature + keyEncipherment, RSA-2048, valid for one year from `not_before`.
    pub fn argocd_self_signed(hosts: &[String], not_before: i64) -> Self {
        let (ips, names): (Vec<&String>, Vec<&String>) =
            hosts.iter().partition(|h| h.parse::<IpAddr>().is_ok());
        Self {
            common_name: None,
            organization: Some("Argo CD".to_string()),
            dns_names: names.into_iter().cloned().collect(),
            ip_addresses: ips.into_iter().cloned().collect(),
            is_ca: false,
            ext_key_usages: vec![ExtKeyUsage::ServerAuth],
            key_algorithm: KeyAlgorithm::Rsa2048,
            key_encoding: KeyEncoding::Traditional,
            not_before,
            not_after: not_before.saturating_add(365 * 24 * 3600),
        }
    }
}

/// An issuing CA as PEM: its certificate (chain) and its private key.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct IssuerPem {
    /// The CA certificate first, optionally followed by its own chain.
    pub cert_pem: String,
    /// The CA's private key (PKCS#1, PKCS#8 or SEC1).
    pub key_pem: String,
}

impl fmt::Debug for IssuerPem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuerPem")
            .field("cert_pem", &format_args!("<{} bytes>", self.cert_pem.len()))
            .field("key_pem", &"<redacted>")
            .finish()
    }
}

/// A generated certificate and its key.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct GeneratedCertificate {
    /// The new certificate alone (one `CERTIFICATE` block).
    pub cert_pem: String,
    /// The new certificate followed by the issuer's certificates (what a server presents, and
    /// what goes into a `tls.crt`); equal to `cert_pem` for a self-signed certificate.
    pub chain_pem: String,
    /// The new private key.
    pub key_pem: String,
    /// The encoding of `key_pem`.
    pub key_format: PrivateKeyFormat,
    /// The serial number, lower-case hex.
    pub serial_hex: String,
}

impl fmt::Debug for GeneratedCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GeneratedCertificate")
            .field("cert_pem", &format_args!("<{} bytes>", self.cert_pem.len()))
            .field(
                "chain_pem",
                &format_args!("<{} bytes>", self.chain_pem.len()),
            )
            .field("key_pem", &"<redacted>")
            .field("key_format", &self.key_format)
            .field("serial_hex", &self.serial_hex)
            .finish()
    }
}

/// Why nothing was generated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateError {
    /// What is wrong, for a person (never key material).
    pub message: String,
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for GenerateError {}

pub(super) fn err(message: impl Into<String>) -> GenerateError {
    GenerateError {
        message: message.into(),
    }
}

/// A CA (optional) and leaves signed by it, or by an imported issuer.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateRequest {
    /// A CA to generate first (self-signed); the leaves are signed by it.
    #[serde(default)]
    pub ca: Option<CertificateRequest>,
    /// An existing CA (certificate and key PEM) to sign the leaves with, when `ca` is absent.
    #[serde(default)]
    pub issuer: Option<IssuerPem>,
    /// The leaves.
    #[serde(default)]
    pub leaves: Vec<CertificateRequest>,
}

/// What [`generate_set`](super::generate_set) returns.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedSet {
    /// The generated CA, if one was requested.
    pub ca: Option<GeneratedCertificate>,
    /// The leaves, in request order.
    pub leaves: Vec<GeneratedCertificate>,
}

/// Where [`generate_set_with_progress`](super::generate_set_with_progress) is: reported before each key is made (for RSA most of the
/// time) and once at the end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct GenerateProgress {
    /// Certificates finished.
    pub done: usize,
    /// Certificates requested (the CA counts).
    pub total: usize,
    /// The certificate being generated now; `null` in the final report.
    pub current: Option<GenerateStep>,
}

/// The certificate [`GenerateProgress`] is working on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct GenerateStep {
    /// `ca` or `leaf`.
    pub role: &'static str,
    /// Its common name, else its first DNS name or IP address, else empty.
    pub name: String,
    /// Its key type.
    pub key_algorithm: KeyAlgorithm,
}

impl GenerateStep {
    /// The step for request `r`.
    pub(super) fn of(role: &'static str, r: &CertificateRequest) -> Self {
        let name = r
            .common_name
            .iter()
            .chain(&r.dns_names)
            .chain(&r.ip_addresses)
            .find(|n| !n.is_empty())
            .cloned()
            .unwrap_or_default();
        Self {
            role,
            name,
            key_algorithm: r.key_algorithm,
        }
    }
}

/// `RSA-2048`, `ECDSA P-521`, …, for messages.
pub(super) fn key_description(key: &PublicKey) -> String {
    match key {
        PublicKey::Rsa { .. } => format!("RSA-{}", key.bits()),
        PublicKey::Ecdsa { curve, .. } => format!("ECDSA {curve}"),
        other => other.algorithm_name().to_string(),
    }
}

/// The format Argo CD's `EncodeX509KeyPair` writes a key type in (PKCS#8 for Ed25519).
pub(super) fn natural_format(algorithm: KeyAlgorithm) -> PrivateKeyFormat {
    match algorithm {
        KeyAlgorithm::Rsa2048 => PrivateKeyFormat::Pkcs1,
        KeyAlgorithm::EcdsaP256 | KeyAlgorithm::EcdsaP384 | KeyAlgorithm::EcdsaP521 => {
            PrivateKeyFormat::Sec1
        }
        KeyAlgorithm::Ed25519 => PrivateKeyFormat::Pkcs8,
    }
}

/// Checks a request before any key is made.
pub(super) fn validate(r: &CertificateRequest) -> Result<(), GenerateError> {
    if r.not_after <= r.not_before {
        return Err(err("notAfter must be later than notBefore"));
    }
    for (what, secs) in [("notBefore", r.not_before), ("notAfter", r.not_after)] {
        if der_write::time(secs).is_none() {
            return Err(err(format!(
                "{what} ({secs}) is out of range (1970 to 9999)"
            )));
        }
    }
    for name in &r.dns_names {
        if !name.is_ascii() {
            return Err(err(format!("DNS name `{name}` is not ASCII")));
        }
    }
    for ip in &r.ip_addresses {
        ip.parse::<IpAddr>()
            .map_err(|_| err(format!("`{ip}` is not an IP address")))?;
    }
    Ok(())
}

/// Whether a new key is of the type its request asks for.
pub(super) fn check_key(
    r: &CertificateRequest,
    key: &PrivateKey,
    index: usize,
) -> Result<(), GenerateError> {
    let public = key.public_key();
    let fits = match (r.key_algorithm, &public) {
        (KeyAlgorithm::Rsa2048, PublicKey::Rsa { exponent, .. }) => {
            public.bits() == 2048 && *exponent == 65537
        }
        (KeyAlgorithm::EcdsaP256, PublicKey::Ecdsa { curve, .. }) => *curve == "P-256",
        (KeyAlgorithm::EcdsaP384, PublicKey::Ecdsa { curve, .. }) => *curve == "P-384",
        (KeyAlgorithm::EcdsaP521, PublicKey::Ecdsa { curve, .. }) => *curve == "P-521",
        (KeyAlgorithm::Ed25519, PublicKey::Ed25519(_)) => true,
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(err(format!(
            "key {index} is {}, but its certificate asks for {}",
            key_description(&public),
            r.key_algorithm.name()
        )))
    }
}

/// The requests in key order.
pub(super) fn requests(request: &GenerateRequest) -> Vec<&CertificateRequest> {
    request.ca.iter().chain(&request.leaves).collect()
}
