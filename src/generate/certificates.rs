//! Certificate generation: CAs, and leaves signed by a generated or an imported CA.
//!
//! Generation is three steps, so that the keys and signatures can come from outside the core:
//!
//! 1. **Keys.** One new key per certificate. Natively [`generate_key`] makes it with RustCrypto;
//!    in browsers and Node the npm package asks WebCrypto (`crypto.subtle.generateKey`), which
//!    runs off the page's thread and needs no key-generation code in the wasm module.
//! 2. **[`prepare_set`]** writes each certificate's `TBSCertificate` (DER, through
//!    [`der_write`]): a random positive 127-bit serial, subject key identifiers that are the first
//!    20 bytes of the SHA-256 of the public key bits (RFC 7093 method 1), the issuer's subject
//!    copied byte for byte (Go and OpenSSL chain by exact bytes), and the validity the caller
//!    gives (the core has no clock; randomness is a parameter too, so the core stays pure).
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

use core::fmt;
use std::net::IpAddr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rand_core::CryptoRng;
use serde::{Deserialize, Serialize};
use sha2::Digest;

use crate::der_write;
use crate::go::pem::go_pem_blocks;
use crate::go::version::GoTlsVersion;
use crate::keys::keypair::load_key_pair;
use crate::keys::private_key::{
    EcScalar, Inner, PrivateKey, PrivateKeyFormat, RsaKey, parse_private_key, pem_encode,
    public_key_bits, spki_der,
};
use crate::x509::parse::{PublicKey, parse_certificate, strip_leading_zeros};
use crate::x509::verify::check_signature;

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

fn err(message: impl Into<String>) -> GenerateError {
    GenerateError {
        message: message.into(),
    }
}

/// A CA (optional) and leaves signed by it, or by an imported issuer.
#[derive(Clone, Debug, Deserialize)]
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

/// What [`generate_set`] returns.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedSet {
    /// The generated CA, if one was requested.
    pub ca: Option<GeneratedCertificate>,
    /// The leaves, in request order.
    pub leaves: Vec<GeneratedCertificate>,
}

/// Where [`generate_set_with_progress`] is: reported before each key is made (for RSA most of the
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
    fn of(role: &'static str, r: &CertificateRequest) -> Self {
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

/// The signature algorithm of a certificate, decided by the signing key's type as Go's
/// `x509.CreateCertificate` decides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum SignatureScheme {
    /// PKCS#1 v1.5 with SHA-256 (WebCrypto `RSASSA-PKCS1-v1_5`, `SHA-256`).
    RsaPkcs1Sha256,
    /// ECDSA P-256 with SHA-256; signatures come as `r ‖ s` (WebCrypto's form) and are written
    /// as DER.
    EcdsaP256Sha256,
    /// ECDSA P-384 with SHA-384, `r ‖ s`.
    EcdsaP384Sha384,
    /// ECDSA P-521 with SHA-512, `r ‖ s` (66 bytes each).
    EcdsaP521Sha512,
    /// Ed25519.
    Ed25519,
}

impl SignatureScheme {
    /// The scheme for a signing key, or why that key cannot sign here.
    fn of_key(key: &PublicKey) -> Result<Self, GenerateError> {
        match key {
            PublicKey::Rsa { .. } => Ok(Self::RsaPkcs1Sha256),
            PublicKey::Ecdsa { curve: "P-256", .. } => Ok(Self::EcdsaP256Sha256),
            PublicKey::Ecdsa { curve: "P-384", .. } => Ok(Self::EcdsaP384Sha384),
            PublicKey::Ecdsa { curve: "P-521", .. } => Ok(Self::EcdsaP521Sha512),
            PublicKey::Ed25519(_) => Ok(Self::Ed25519),
            other => Err(err(format!(
                "signing with a {} key is not supported (use RSA, ECDSA P-256/P-384/P-521 or Ed25519)",
                key_description(other)
            ))),
        }
    }

    /// `signatureAlgorithm` as Go writes it (RSA with NULL parameters, ECDSA and Ed25519
    /// without).
    fn algorithm_identifier(self) -> Vec<u8> {
        let (oid, null) = match self {
            Self::RsaPkcs1Sha256 => ("1.2.840.113549.1.1.11", true),
            Self::EcdsaP256Sha256 => ("1.2.840.10045.4.3.2", false),
            Self::EcdsaP384Sha384 => ("1.2.840.10045.4.3.3", false),
            Self::EcdsaP521Sha512 => ("1.2.840.10045.4.3.4", false),
            Self::Ed25519 => ("1.3.101.112", false),
        };
        let mut parts = vec![der_write::oid(oid)];
        if null {
            parts.push(der_write::null());
        }
        der_write::sequence(&parts)
    }

    /// The signature as the certificate holds it: ECDSA's `r ‖ s` becomes
    /// `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }`; the others are kept as they are.
    fn signature_value(self, raw: &[u8]) -> Result<Vec<u8>, GenerateError> {
        let size = match self {
            Self::EcdsaP256Sha256 => 32,
            Self::EcdsaP384Sha384 => 48,
            Self::EcdsaP521Sha512 => 66,
            Self::RsaPkcs1Sha256 | Self::Ed25519 => return Ok(raw.to_vec()),
        };
        match (raw.len() == 2 * size, raw.split_at_checked(size)) {
            (true, Some((r, s))) => Ok(der_write::sequence(&[
                der_write::uint(r),
                der_write::uint(s),
            ])),
            _ => Err(err(format!(
                "an ECDSA signature must be r ‖ s ({} bytes), got {} bytes",
                2 * size,
                raw.len()
            ))),
        }
    }
}

/// `RSA-2048`, `ECDSA P-521`, …, for messages.
fn key_description(key: &PublicKey) -> String {
    match key {
        PublicKey::Rsa { .. } => format!("RSA-{}", key.bits()),
        PublicKey::Ecdsa { curve, .. } => format!("ECDSA {curve}"),
        other => other.algorithm_name().to_string(),
    }
}

/// Which key signs a prepared certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum SignedBy {
    /// The certificate's own key (self-signed).
    Itself,
    /// The CA generated in the same request (the first key).
    Ca,
    /// The imported issuer (`PreparedSet::issuer_key`).
    Issuer,
}

/// One certificate ready to be signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PreparedCertificate {
    /// The DER `TBSCertificate`, base64: the bytes to sign.
    pub tbs: String,
    /// Whose key signs it.
    pub signed_by: SignedBy,
    /// How.
    pub scheme: SignatureScheme,
}

/// What [`prepare_set`] returns: the certificates to sign, in key order (the CA first when one
/// is requested, then the leaves).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PreparedSet {
    /// The certificates.
    pub certificates: Vec<PreparedCertificate>,
    /// The imported issuer's private key as PKCS#8 DER, base64, for whoever signs the
    /// certificates `signedBy: issuer` (WebCrypto imports it); absent without an imported
    /// issuer. Never shown by `Debug`.
    #[serde(default)]
    pub issuer_key: Option<String>,
}

impl fmt::Debug for PreparedSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedSet")
            .field("certificates", &self.certificates)
            .field(
                "issuer_key",
                &self.issuer_key.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// A new key of `algorithm` from `rng`, made with RustCrypto (the native path; the npm package
/// uses WebCrypto).
///
/// # Errors
/// Only if the RSA key generation fails.
pub fn generate_key<R: CryptoRng + ?Sized>(
    algorithm: KeyAlgorithm,
    rng: &mut R,
) -> Result<PrivateKey, GenerateError> {
    let inner = match algorithm {
        KeyAlgorithm::Rsa2048 => {
            let key = rsa::PrivateKey::new(rng, 2048)
                .map_err(|e| err(format!("RSA key generation failed: {e}")))?;
            Inner::Rsa(Box::new(RsaKey::from_rsa(&key).ok_or_else(|| {
                err("RSA key generation failed: not a two-prime key")
            })?))
        }
        KeyAlgorithm::EcdsaP256 => Inner::P256(EcScalar::from_bytes(
            &<p256::SecretKey as p256::elliptic_curve::Generate>::generate_from_rng(rng).to_bytes(),
        )),
        KeyAlgorithm::EcdsaP384 => Inner::P384(EcScalar::from_bytes(
            &<p384::SecretKey as p384::elliptic_curve::Generate>::generate_from_rng(rng).to_bytes(),
        )),
        KeyAlgorithm::EcdsaP521 => Inner::P521(EcScalar::from_bytes(
            &<p521::SecretKey as p521::elliptic_curve::Generate>::generate_from_rng(rng).to_bytes(),
        )),
        KeyAlgorithm::Ed25519 => Inner::Ed25519(Box::new(ed25519_dalek::SigningKey::generate(rng))),
    };
    Ok(PrivateKey::new(inner, natural_format(algorithm)))
}

/// The format Argo CD's `EncodeX509KeyPair` writes a key type in (PKCS#8 for Ed25519).
fn natural_format(algorithm: KeyAlgorithm) -> PrivateKeyFormat {
    match algorithm {
        KeyAlgorithm::Rsa2048 => PrivateKeyFormat::Pkcs1,
        KeyAlgorithm::EcdsaP256 | KeyAlgorithm::EcdsaP384 | KeyAlgorithm::EcdsaP521 => {
            PrivateKeyFormat::Sec1
        }
        KeyAlgorithm::Ed25519 => PrivateKeyFormat::Pkcs8,
    }
}

/// Signs `message` with `key` using RustCrypto (the native path), in the form WebCrypto returns
/// signatures (ECDSA as `r ‖ s`).
///
/// # Errors
/// A key type that cannot sign here, or an RSA key outside the `rsa` crate's limits.
pub fn sign_native(key: &PrivateKey, message: &[u8]) -> Result<Vec<u8>, GenerateError> {
    use signature::{SignatureEncoding, Signer as _};
    let failed = |e: signature::Error| err(format!("signing failed: {e}"));
    // The same steps for each curve crate: its key, its signing key, `r ‖ s`.
    macro_rules! ecdsa_sign {
        ($curve:ident, $key:expr) => {{
            let k = $key.ok_or_else(|| err("ECDSA scalar out of range"))?;
            let sig: $curve::ecdsa::Signature = $curve::ecdsa::SigningKey::from(&k)
                .try_sign(message)
                .map_err(failed)?;
            Ok(sig.to_bytes().to_vec())
        }};
    }
    SignatureScheme::of_key(&key.public_key())?;
    match &key.inner {
        Inner::Rsa(k) => {
            let k = k.signer().ok_or_else(|| {
                err("this RSA key is outside the limits of the signer (1024 to 8192 bits)")
            })?;
            let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(k);
            Ok(signer.try_sign(message).map_err(failed)?.to_vec())
        }
        Inner::P256(k) => ecdsa_sign!(p256, k.p256()),
        Inner::P384(k) => ecdsa_sign!(p384, k.p384()),
        Inner::P521(k) => ecdsa_sign!(p521, k.p521()),
        Inner::Ed25519(k) => Ok(k.try_sign(message).map_err(failed)?.to_bytes().to_vec()),
        Inner::EcZero(_) => Err(err("signing with a zero ECDSA key is not possible")),
    }
}

/// A subject attribute value as Go's `asn1.Marshal` writes a Go string: PrintableString when
/// every character is in its set (Go rejects `*` and `&` there), UTF8String otherwise.
fn name_value(s: &str) -> Vec<u8> {
    let printable = s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b" '()+,-./:=?".contains(&b));
    let tag = if printable {
        der_write::PRINTABLE_STRING
    } else {
        der_write::UTF8_STRING
    };
    der_write::tlv(tag, s.as_bytes())
}

/// The subject `Name` of a request, in Go's `pkix.Name` order (O before CN), one attribute per
/// RDN; empty when neither is given.
fn subject_name(r: &CertificateRequest) -> Vec<u8> {
    let mut rdns = Vec::new();
    for (oid, value) in [("2.5.4.10", &r.organization), ("2.5.4.3", &r.common_name)] {
        if let Some(v) = value {
            let atv = der_write::sequence(&[der_write::oid(oid), name_value(v)]);
            rdns.push(der_write::set_of_one(&atv));
        }
    }
    der_write::sequence(&rdns)
}

/// The subjectPublicKey bits of a `SubjectPublicKeyInfo` we wrote (for key identifiers).
fn key_id(public: &PublicKey) -> Vec<u8> {
    let bits = public_key_bits(public).unwrap_or_default();
    sha2::Sha256::digest(&bits)
        .get(..20)
        .unwrap_or_default()
        .to_vec()
}

/// One extension: `SEQUENCE { extnID, critical DEFAULT FALSE, extnValue OCTET STRING }`.
fn extension(oid: &str, critical: bool, value: &[u8]) -> Vec<u8> {
    let mut parts = vec![der_write::oid(oid)];
    if critical {
        parts.push(der_write::true_value());
    }
    parts.push(der_write::octet_string(value));
    der_write::sequence(&parts)
}

/// Checks a request before any key is made.
fn validate(r: &CertificateRequest) -> Result<(), GenerateError> {
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

/// The issuer of a prepared certificate: its subject bytes, key identifier and scheme.
struct IssuerInfo {
    name: Vec<u8>,
    key_id: Vec<u8>,
    scheme: SignatureScheme,
    signed_by: SignedBy,
}

/// Writes a `TBSCertificate` for `r` with the given key, serial and issuer.
fn tbs_certificate(
    r: &CertificateRequest,
    key: &PublicKey,
    serial: &[u8],
    subject: &[u8],
    issuer: &IssuerInfo,
) -> Result<Vec<u8>, GenerateError> {
    let spki = spki_der(key).ok_or_else(|| {
        err(format!(
            "a {} key cannot be put in a certificate here",
            key_description(key)
        ))
    })?;
    let time = |secs| der_write::time(secs).ok_or_else(|| err("validity out of range"));
    let validity = der_write::sequence(&[time(r.not_before)?, time(r.not_after)?]);
    let key_id = key_id(key);
    let self_signed = issuer.signed_by == SignedBy::Itself;

    // Go's order (buildCertExtensions): keyUsage, extKeyUsage, basicConstraints, subject key
    // id, authority key id, subjectAltName.
    let mut ext = Vec::new();
    let usage: u16 = if r.is_ca {
        1 | 1 << 5 | 1 << 6 // digitalSignature, keyCertSign, cRLSign
    } else if matches!(key, PublicKey::Rsa { .. }) {
        1 | 1 << 2 // digitalSignature, keyEncipherment
    } else {
        1
    };
    ext.push(extension("2.5.29.15", true, &der_write::named_bits(usage)));
    if !r.ext_key_usages.is_empty() {
        let oids: Vec<Vec<u8>> = r
            .ext_key_usages
            .iter()
            .map(|u| {
                der_write::oid(match u {
                    ExtKeyUsage::ServerAuth => "1.3.6.1.5.5.7.3.1",
                    ExtKeyUsage::ClientAuth => "1.3.6.1.5.5.7.3.2",
                })
            })
            .collect();
        ext.push(extension("2.5.29.37", false, &der_write::sequence(&oids)));
    }
    let basic = if r.is_ca {
        der_write::sequence(&[der_write::true_value()])
    } else {
        der_write::sequence(&[])
    };
    ext.push(extension("2.5.29.19", true, &basic));
    ext.push(extension(
        "2.5.29.14",
        false,
        &der_write::octet_string(&key_id),
    ));
    if !self_signed && !issuer.key_id.is_empty() {
        let aki = der_write::sequence(&[der_write::implicit(0, &issuer.key_id)]);
        ext.push(extension("2.5.29.35", false, &aki));
    }
    let mut names = Vec::new();
    for dns in &r.dns_names {
        names.push(der_write::implicit(2, dns.as_bytes()));
    }
    for ip in &r.ip_addresses {
        let bytes = match ip.parse::<IpAddr>() {
            Ok(IpAddr::V4(a)) => a.octets().to_vec(),
            Ok(IpAddr::V6(a)) => a.octets().to_vec(),
            Err(_) => return Err(err(format!("`{ip}` is not an IP address"))),
        };
        names.push(der_write::implicit(7, &bytes));
    }
    if !names.is_empty() {
        // RFC 5280 §4.2.1.6 and Go: critical when the subject is empty.
        let empty_subject = subject.len() == 2;
        ext.push(extension(
            "2.5.29.17",
            empty_subject,
            &der_write::sequence(&names),
        ));
    }

    let issuer_name = if self_signed { subject } else { &issuer.name };
    Ok(der_write::sequence(&[
        der_write::explicit(0, &der_write::small_int(2)),
        der_write::uint(serial),
        issuer.scheme.algorithm_identifier(),
        issuer_name.to_vec(),
        validity,
        subject.to_vec(),
        spki,
        der_write::explicit(3, &der_write::sequence(&ext)),
    ]))
}

/// An imported issuer, loaded as Go's `tls.X509KeyPair` loads it and checked to be a CA.
fn load_issuer(issuer: &IssuerPem) -> Result<crate::keys::keypair::KeyPair, GenerateError> {
    let ca = load_key_pair(
        issuer.cert_pem.as_bytes(),
        issuer.key_pem.as_bytes(),
        GoTlsVersion::default(),
    )
    .map_err(|e| err(format!("the issuer is not a usable key pair: {e}")))?;
    if !(ca.leaf.basic_constraints_valid && ca.leaf.is_ca) {
        return Err(err(
            "the issuer certificate is not a CA (basicConstraints cA is not set)",
        ));
    }
    // Go's CheckSignatureFrom refuses a parent whose key usage lacks certSign (bit 5).
    if ca.leaf.key_usage != 0 && ca.leaf.key_usage & (1 << 5) == 0 {
        return Err(err("the issuer certificate's key usage lacks keyCertSign"));
    }
    SignatureScheme::of_key(&ca.key.public_key())?;
    Ok(ca)
}

/// Checks `request` (every certificate, and the imported issuer) before any key is made, and
/// lists the certificates in key order: the CA first when requested, then the leaves.
///
/// # Errors
/// The first problem, without key material.
pub fn generation_steps(request: &GenerateRequest) -> Result<Vec<GenerateStep>, GenerateError> {
    for r in requests(request) {
        validate(r)?;
    }
    if let (None, Some(issuer)) = (&request.ca, &request.issuer) {
        load_issuer(issuer)?;
    }
    let roles = request.ca.iter().map(|r| ("ca", r));
    Ok(roles
        .chain(request.leaves.iter().map(|r| ("leaf", r)))
        .map(|(role, r)| GenerateStep::of(role, r))
        .collect())
}

/// Whether a new key is of the type its request asks for.
fn check_key(r: &CertificateRequest, key: &PrivateKey, index: usize) -> Result<(), GenerateError> {
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
fn requests(request: &GenerateRequest) -> Vec<&CertificateRequest> {
    request.ca.iter().chain(&request.leaves).collect()
}

/// Step 2: the `TBSCertificate` of every certificate in `request`, given one new key per
/// certificate in key order ([`generation_steps`]), with serials from `rng`.
///
/// # Errors
/// A bad request, a wrong number or type of keys, or an unusable issuer.
pub fn prepare_set<R: CryptoRng + ?Sized>(
    request: &GenerateRequest,
    keys: &[PrivateKey],
    rng: &mut R,
) -> Result<PreparedSet, GenerateError> {
    // The issuer (if any) is loaded and checked below, once.
    let all = requests(request);
    for r in &all {
        validate(r)?;
    }
    if keys.len() != all.len() {
        return Err(err(format!(
            "{} certificates need {} new keys, got {}",
            all.len(),
            all.len(),
            keys.len()
        )));
    }
    for (i, (r, k)) in all.iter().zip(keys).enumerate() {
        check_key(r, k, i)?;
    }
    let mut serial = || {
        let mut s = [0u8; 16];
        rng.fill_bytes(&mut s);
        s[0] = (s[0] & 0x7f) | 0x01;
        s
    };
    let mut certificates = Vec::with_capacity(all.len());
    let mut issuer_key = None;
    let mut keys = keys.iter();
    let leaf_issuer = match (&request.ca, &request.issuer) {
        (Some(r), _) => {
            let key = keys
                .next()
                .ok_or_else(|| err("no key for the CA"))?
                .public_key();
            let subject = subject_name(r);
            let info = IssuerInfo {
                name: subject.clone(),
                key_id: key_id(&key),
                scheme: SignatureScheme::of_key(&key)?,
                signed_by: SignedBy::Itself,
            };
            let tbs = tbs_certificate(r, &key, &serial(), &subject, &info)?;
            certificates.push(PreparedCertificate {
                tbs: BASE64.encode(tbs),
                signed_by: SignedBy::Itself,
                scheme: info.scheme,
            });
            Some(IssuerInfo {
                signed_by: SignedBy::Ca,
                ..info
            })
        }
        (None, Some(issuer)) => {
            let ca = load_issuer(issuer)?;
            let (der, _) = ca.key.to_der(PrivateKeyFormat::Pkcs8).map_err(err)?;
            issuer_key = Some(BASE64.encode(zeroize::Zeroizing::new(der).as_slice()));
            Some(IssuerInfo {
                name: ca.leaf.raw_subject.clone(),
                key_id: ca.leaf.subject_key_id.clone(),
                scheme: SignatureScheme::of_key(&ca.key.public_key())?,
                signed_by: SignedBy::Issuer,
            })
        }
        (None, None) => None,
    };
    for (r, key) in request.leaves.iter().zip(keys) {
        let public = key.public_key();
        let subject = subject_name(r);
        let own;
        let issuer = match &leaf_issuer {
            Some(i) => i,
            None => {
                own = IssuerInfo {
                    name: subject.clone(),
                    key_id: Vec::new(),
                    scheme: SignatureScheme::of_key(&public)?,
                    signed_by: SignedBy::Itself,
                };
                &own
            }
        };
        let tbs = tbs_certificate(r, &public, &serial(), &subject, issuer)?;
        certificates.push(PreparedCertificate {
            tbs: BASE64.encode(tbs),
            signed_by: issuer.signed_by,
            scheme: issuer.scheme,
        });
    }
    Ok(PreparedSet {
        certificates,
        issuer_key,
    })
}

/// Step 3: puts each prepared certificate together with its signature (raw, as WebCrypto and
/// [`sign_native`] return them), checks that the signature verifies as Go's `CheckSignature`
/// would and that each key matches its certificate, and writes the PEM.
///
/// # Errors
/// A signature that does not verify, a key or signature count that does not match, or a
/// prepared set that is not what [`prepare_set`] wrote for these keys.
pub fn assemble_set(
    request: &GenerateRequest,
    keys: &[PrivateKey],
    prepared: &PreparedSet,
    signatures: &[Vec<u8>],
) -> Result<GeneratedSet, GenerateError> {
    let all = requests(request);
    let n = all.len();
    if keys.len() != n || prepared.certificates.len() != n || signatures.len() != n {
        return Err(err(format!(
            "{n} certificates need {n} keys, prepared certificates and signatures; got {}, {} and {}",
            keys.len(),
            prepared.certificates.len(),
            signatures.len()
        )));
    }
    let imported = match (&request.ca, &request.issuer) {
        (None, Some(issuer)) => Some((load_issuer(issuer)?, issuer)),
        _ => None,
    };
    let mut out: Vec<GeneratedCertificate> = Vec::with_capacity(n);
    for (i, (((r, key), p), sig)) in all
        .iter()
        .zip(keys)
        .zip(&prepared.certificates)
        .zip(signatures)
        .enumerate()
    {
        let tbs = BASE64
            .decode(&p.tbs)
            .map_err(|_| err(format!("prepared certificate {i} is not base64")))?;
        let der = der_write::sequence(&[
            tbs,
            p.scheme.algorithm_identifier(),
            der_write::bit_string(&p.scheme.signature_value(sig)?),
        ]);
        let cert = parse_certificate(&der)
            .map_err(|e| err(format!("certificate {i} does not parse: {e}")))?;
        let (signer, chain) = match (p.signed_by, &imported) {
            (SignedBy::Itself, _) => (key.public_key(), String::new()),
            (SignedBy::Ca, _) if i > 0 && request.ca.is_some() => match (keys.first(), out.first())
            {
                (Some(ca), Some(ca_cert)) => (ca.public_key(), ca_cert.cert_pem.clone()),
                _ => return Err(err("no CA to sign with")),
            },
            (SignedBy::Issuer, Some((ca, pem))) => (
                ca.key.public_key(),
                go_pem_blocks(pem.cert_pem.as_bytes())
                    .into_iter()
                    .filter(|b| b.block_type == b"CERTIFICATE")
                    .map(|b| pem_encode("CERTIFICATE", &b.bytes))
                    .collect(),
            ),
            (who, _) => {
                let who = match who {
                    SignedBy::Itself => "itself",
                    SignedBy::Ca => "the CA",
                    SignedBy::Issuer => "the issuer",
                };
                return Err(err(format!(
                    "prepared certificate {i} is signed by {who}, which this request has not"
                )));
            }
        };
        if SignatureScheme::of_key(&signer)? != p.scheme {
            return Err(err(format!(
                "prepared certificate {i} names the wrong signature scheme"
            )));
        }
        check_signature(
            cert.signature_algorithm,
            &cert.raw_tbs,
            &cert.signature,
            &signer,
        )
        .map_err(|e| err(format!("certificate {i}: {e}")))?;
        if !key.matches(&cert.public_key) {
            return Err(err(format!(
                "key {i} does not match the public key of prepared certificate {i}"
            )));
        }
        let format = match r.key_encoding {
            KeyEncoding::Traditional => natural_format(r.key_algorithm),
            KeyEncoding::Pkcs8 => PrivateKeyFormat::Pkcs8,
        };
        let (key_der, label) = key.to_der(format).map_err(err)?;
        let key_der = zeroize::Zeroizing::new(key_der);
        let cert_pem = pem_encode("CERTIFICATE", &der);
        out.push(GeneratedCertificate {
            chain_pem: format!("{cert_pem}{chain}"),
            cert_pem,
            key_pem: pem_encode(label, &key_der),
            key_format: format,
            serial_hex: crate::x509::name::hex(strip_leading_zeros(&cert.serial)),
        });
    }
    let ca = if request.ca.is_some() && !out.is_empty() {
        Some(out.remove(0))
    } else {
        None
    };
    Ok(GeneratedSet { ca, leaves: out })
}

/// Reads a PKCS#8 (or PKCS#1, SEC1) DER key made outside the core, as Go's `tls` reads keys.
///
/// # Errors
/// Go's error text for a key it would not read.
pub fn read_new_key(der: &[u8]) -> Result<PrivateKey, GenerateError> {
    parse_private_key(der).map_err(|e| err(format!("a new key does not parse: {e}")))
}

/// Generates the CA (if asked) and then each leaf, signed by that CA, the imported issuer, or
/// itself when neither is given: the three steps natively, with RustCrypto keys and signatures.
///
/// # Errors
/// The first [`GenerateError`].
pub fn generate_set<R: CryptoRng + ?Sized>(
    request: &GenerateRequest,
    rng: &mut R,
) -> Result<GeneratedSet, GenerateError> {
    generate_set_with_progress(request, rng, &mut |_| {})
}

/// [`generate_set`], calling `progress` before each key is made (for RSA most of the time) and
/// once at the end.
///
/// # Errors
/// The first [`GenerateError`].
pub fn generate_set_with_progress<R: CryptoRng + ?Sized>(
    request: &GenerateRequest,
    rng: &mut R,
    progress: &mut dyn FnMut(&GenerateProgress),
) -> Result<GeneratedSet, GenerateError> {
    let steps = generation_steps(request)?;
    let total = steps.len();
    let mut keys = Vec::with_capacity(total);
    for (done, step) in steps.into_iter().enumerate() {
        let algorithm = step.key_algorithm;
        progress(&GenerateProgress {
            done,
            total,
            current: Some(step),
        });
        keys.push(generate_key(algorithm, rng)?);
    }
    let prepared = prepare_set(request, &keys, rng)?;
    let issuer_key = match &prepared.issuer_key {
        Some(b64) => {
            let der = zeroize::Zeroizing::new(
                BASE64
                    .decode(b64)
                    .map_err(|_| err("the issuer key is not base64"))?,
            );
            Some(read_new_key(&der)?)
        }
        None => None,
    };
    let mut signatures = Vec::with_capacity(total);
    for (i, p) in prepared.certificates.iter().enumerate() {
        let signer = match p.signed_by {
            SignedBy::Itself => keys.get(i),
            SignedBy::Ca => keys.first(),
            SignedBy::Issuer => issuer_key.as_ref(),
        }
        .ok_or_else(|| err("no key to sign with"))?;
        let tbs = BASE64
            .decode(&p.tbs)
            .map_err(|_| err("prepared certificate is not base64"))?;
        signatures.push(sign_native(signer, &tbs)?);
    }
    let set = assemble_set(request, &keys, &prepared, &signatures)?;
    progress(&GenerateProgress {
        done: total,
        total,
        current: None,
    });
    Ok(set)
}

/// Generates one certificate and its key: self-signed when `issuer` is `None` (a root CA, or a
/// self-signed leaf like the ones Argo CD makes for itself), otherwise signed by `issuer`.
///
/// # Errors
/// A request that cannot be honoured (bad IP address or DNS name, validity that ends before it
/// starts, an issuer that is not a CA, does not match its key, or has a key type that cannot
/// sign here) — described without key material.
pub fn generate_certificate<R: CryptoRng + ?Sized>(
    request: &CertificateRequest,
    issuer: Option<&IssuerPem>,
    rng: &mut R,
) -> Result<GeneratedCertificate, GenerateError> {
    let set = generate_set(
        &GenerateRequest {
            ca: None,
            issuer: issuer.cloned(),
            leaves: vec![request.clone()],
        },
        rng,
    )?;
    set.leaves
        .into_iter()
        .next()
        .ok_or_else(|| err("nothing was generated"))
}
