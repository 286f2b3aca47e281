//! Certificate generation: CAs, and leaves signed by a generated or an imported CA.
//!
//! The DER is written by `rcgen` (no crypto backend); the keys and signatures are RustCrypto's,
//! through [`Signer`], which implements rcgen's `PublicKeyData` + `SigningKey`. Without a backend
//! rcgen does not invent serial numbers or key identifiers, so this module sets them: a random
//! positive 127-bit serial, and key identifiers that are the first 20 bytes of the SHA-256 of the
//! public key bits (RFC 7093 method 1). Validity is given by the caller (the core has no clock),
//! and so is the randomness (`&mut impl CryptoRng`), so the core stays pure.
//!
//! An issuer is always given as PEM (certificate + key), whether it was generated a moment ago
//! or imported: it is loaded with the same checks as Go's `tls.X509KeyPair`, and its subject is
//! copied into the new certificate's issuer keeping every attribute's ASN.1 string type. After
//! signing, the new certificate's issuer bytes are compared with the CA's subject bytes (Go and
//! OpenSSL chain by exact bytes); a difference is an error, never a silently broken chain.
//!
//! Keys are written the way Argo CD writes them (`EncodeX509KeyPair`): RSA as PKCS#1
//! (`RSA PRIVATE KEY`), ECDSA as SEC1 (`EC PRIVATE KEY`), and Ed25519 (which Argo CD cannot
//! encode) as PKCS#8 (`PRIVATE KEY`); or every type as PKCS#8 on request. Go's
//! `tls.X509KeyPair` reads all of them.

use core::fmt;
use std::net::IpAddr;

use der::Decode;
use rand_core::CryptoRng;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, DnValue,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyIdMethod, KeyUsagePurpose, PublicKeyData, SanType,
    SerialNumber, SigningKey,
};
use serde::{Deserialize, Serialize};
use sha2::Digest;

use crate::certificates::keypair::load_key_pair;
use crate::certificates::keys::{
    EcScalar, GoTlsVersion, Inner, PrivateKey, PrivateKeyFormat, RsaKey, pem_encode,
};
use crate::certificates::parse::{PublicKey, parse_certificate};
use crate::certificates::pem::go_pem_blocks;

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
    /// Ed25519.
    Ed25519,
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

/// rcgen's view of one of our keys: the public key bytes, the signature algorithm, and signing
/// with RustCrypto.
pub(crate) struct Signer<'a> {
    key: &'a PrivateKey,
    public: Vec<u8>,
    algorithm: &'static rcgen::SignatureAlgorithm,
}

impl<'a> Signer<'a> {
    pub(crate) fn new(key: &'a PrivateKey) -> Result<Self, GenerateError> {
        let (public, algorithm) = match (&key.inner, key.public_key()) {
            (Inner::Rsa(k), _) => {
                use pkcs1::EncodeRsaPublicKey;
                let k = k.signer().ok_or_else(|| {
                    err("this RSA key is outside the limits of the signer (1024 to 8192 bits)")
                })?;
                let der = k
                    .to_public_key()
                    .to_pkcs1_der()
                    .map_err(|e| err(format!("cannot encode the RSA public key: {e}")))?;
                (der.as_bytes().to_vec(), &rcgen::PKCS_RSA_SHA256)
            }
            (Inner::P256(_), PublicKey::Ecdsa { point, .. }) => {
                (point, &rcgen::PKCS_ECDSA_P256_SHA256)
            }
            (Inner::P384(_), PublicKey::Ecdsa { point, .. }) => {
                (point, &rcgen::PKCS_ECDSA_P384_SHA384)
            }
            (Inner::Ed25519(_), PublicKey::Ed25519(bytes)) => {
                (bytes.to_vec(), &rcgen::PKCS_ED25519)
            }
            _ => {
                return Err(err(format!(
                    "signing with a {} key is not supported (use RSA, ECDSA P-256/P-384 or Ed25519)",
                    key.key_type()
                )));
            }
        };
        Ok(Self {
            key,
            public,
            algorithm,
        })
    }

    /// RFC 7093 method 1: the first 20 bytes of SHA-256 over the subjectPublicKey bits.
    fn key_id(&self) -> Vec<u8> {
        sha2::Sha256::digest(&self.public)
            .get(..20)
            .unwrap_or_default()
            .to_vec()
    }
}

impl PublicKeyData for Signer<'_> {
    fn der_bytes(&self) -> &[u8] {
        &self.public
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        self.algorithm
    }
}

impl SigningKey for Signer<'_> {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        use signature::{SignatureEncoding, Signer as _};
        let failed = |_| rcgen::Error::RemoteKeyError;
        match &self.key.inner {
            Inner::Rsa(k) => {
                let k = k.signer().ok_or(rcgen::Error::RemoteKeyError)?;
                let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(k);
                Ok(signer.try_sign(msg).map_err(failed)?.to_vec())
            }
            Inner::P256(k) => {
                let k = k.p256().ok_or(rcgen::Error::RemoteKeyError)?;
                let signer = p256::ecdsa::SigningKey::from(&k);
                let sig: p256::ecdsa::Signature = signer.try_sign(msg).map_err(failed)?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
            Inner::P384(k) => {
                let k = k.p384().ok_or(rcgen::Error::RemoteKeyError)?;
                let signer = p384::ecdsa::SigningKey::from(&k);
                let sig: p384::ecdsa::Signature = signer.try_sign(msg).map_err(failed)?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
            Inner::Ed25519(k) => Ok(k.try_sign(msg).map_err(failed)?.to_bytes().to_vec()),
            Inner::P521(_) | Inner::EcZero(_) => Err(rcgen::Error::RemoteKeyError),
        }
    }
}

/// A new key of `algorithm` from `rng`.
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
        KeyAlgorithm::Ed25519 => Inner::Ed25519(Box::new(ed25519_dalek::SigningKey::generate(rng))),
    };
    let format = match algorithm {
        KeyAlgorithm::Rsa2048 => PrivateKeyFormat::Pkcs1,
        KeyAlgorithm::EcdsaP256 | KeyAlgorithm::EcdsaP384 => PrivateKeyFormat::Sec1,
        KeyAlgorithm::Ed25519 => PrivateKeyFormat::Pkcs8,
    };
    Ok(PrivateKey::new(inner, format))
}

fn offset_date_time(secs: i64, what: &str) -> Result<time::OffsetDateTime, GenerateError> {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .map_err(|_| err(format!("{what} ({secs}) is out of range")))
}

/// A subject attribute value: PrintableString when every character allows it (as Go's
/// `pkix.Name` marshals), UTF8String otherwise.
fn text_value(s: &str) -> DnValue {
    match rcgen::string::PrintableString::try_from(s) {
        Ok(p) => DnValue::PrintableString(p),
        Err(_) => DnValue::Utf8String(s.to_string()),
    }
}

/// The CA's subject `Name` as an rcgen name, each value with its original ASN.1 string type.
///
/// rcgen keeps one value per attribute type and one attribute per RDN: a repeated attribute type
/// is written under rcgen's custom-type key (same OID, a second map slot); a third repeat or a
/// multi-valued RDN cannot be expressed and is an error.
fn issuer_name(raw_subject: &[u8]) -> Result<DistinguishedName, GenerateError> {
    let name = x509_cert::name::Name::from_der(raw_subject)
        .map_err(|e| err(format!("the CA's subject does not parse: {e}")))?;
    let mut dn = DistinguishedName::new();
    for rdn in name.iter_rdn() {
        let atvs: Vec<_> = rdn.iter().collect();
        let [atv] = atvs.as_slice() else {
            return Err(err(
                "the CA's subject has a multi-valued RDN, which the certificate writer cannot copy",
            ));
        };
        let arcs: Vec<u64> = atv.oid.arcs().map(u64::from).collect();
        let named = DnType::from_oid(&arcs);
        let custom = DnType::CustomDnType(arcs);
        let ty = if dn.get(&named).is_none() {
            named
        } else if dn.get(&custom).is_none() {
            custom
        } else {
            return Err(err(format!(
                "the CA's subject repeats attribute {} more than twice, which the certificate writer cannot copy",
                atv.oid
            )));
        };
        let bytes = atv.value.value().to_vec();
        let text = || {
            String::from_utf8(bytes.clone()).map_err(|_| {
                err(format!(
                    "the CA's subject attribute {} is not valid text",
                    atv.oid
                ))
            })
        };
        let bad = |_| {
            err(format!(
                "the CA's subject attribute {} has characters its string type does not allow",
                atv.oid
            ))
        };
        let value = match der::Tagged::tag(&atv.value) {
            der::Tag::PrintableString => DnValue::PrintableString(
                rcgen::string::PrintableString::try_from(text()?).map_err(bad)?,
            ),
            der::Tag::Utf8String => DnValue::Utf8String(text()?),
            der::Tag::Ia5String => {
                DnValue::Ia5String(rcgen::string::Ia5String::try_from(text()?).map_err(bad)?)
            }
            der::Tag::TeletexString => DnValue::TeletexString(
                rcgen::string::TeletexString::try_from(text()?).map_err(bad)?,
            ),
            der::Tag::BmpString => DnValue::BmpString(
                rcgen::string::BmpString::from_utf16be(bytes.clone()).map_err(bad)?,
            ),
            other => {
                return Err(err(format!(
                    "the CA's subject attribute {} has ASN.1 type {other:?}, which the certificate writer cannot copy",
                    atv.oid
                )));
            }
        };
        dn.push(ty, value);
    }
    Ok(dn)
}

/// Generates a certificate and its key: self-signed when `issuer` is `None` (a root CA, or a
/// self-signed leaf like the ones Argo CD makes for itself), otherwise signed by `issuer`.
///
/// # Errors
/// A request that cannot be honoured (bad IP address or DNS name, validity that ends before it
/// starts, an issuer that is not a CA, does not match its key, or has a key type the writer
/// cannot sign with) — described without key material.
pub fn generate_certificate<R: CryptoRng + ?Sized>(
    request: &CertificateRequest,
    issuer: Option<&IssuerPem>,
    rng: &mut R,
) -> Result<GeneratedCertificate, GenerateError> {
    if request.not_after <= request.not_before {
        return Err(err("notAfter must be later than notBefore"));
    }
    let key = generate_key(request.key_algorithm, rng)?;
    let signer = Signer::new(&key)?;

    let mut params = CertificateParams::default();
    params.not_before = offset_date_time(request.not_before, "notBefore")?;
    params.not_after = offset_date_time(request.not_after, "notAfter")?;
    let mut serial = [0u8; 16];
    rng.fill_bytes(&mut serial);
    serial[0] = (serial[0] & 0x7f) | 0x01;
    params.serial_number = Some(SerialNumber::from_slice(&serial));
    let mut dn = DistinguishedName::new();
    if let Some(o) = &request.organization {
        dn.push(DnType::OrganizationName, text_value(o));
    }
    if let Some(cn) = &request.common_name {
        dn.push(DnType::CommonName, text_value(cn));
    }
    params.distinguished_name = dn;
    for name in &request.dns_names {
        let ia5 = rcgen::string::Ia5String::try_from(name.as_str())
            .map_err(|_| err(format!("DNS name `{name}` is not ASCII")))?;
        params.subject_alt_names.push(SanType::DnsName(ia5));
    }
    for ip in &request.ip_addresses {
        let addr: IpAddr = ip
            .parse()
            .map_err(|_| err(format!("`{ip}` is not an IP address")))?;
        params.subject_alt_names.push(SanType::IpAddress(addr));
    }
    params.key_identifier_method = KeyIdMethod::PreSpecified(signer.key_id());
    if request.is_ca {
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
        ];
    } else {
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        if matches!(request.key_algorithm, KeyAlgorithm::Rsa2048) {
            params.key_usages.push(KeyUsagePurpose::KeyEncipherment);
        }
    }
    params.extended_key_usages = request
        .ext_key_usages
        .iter()
        .map(|u| match u {
            ExtKeyUsage::ServerAuth => ExtendedKeyUsagePurpose::ServerAuth,
            ExtKeyUsage::ClientAuth => ExtendedKeyUsagePurpose::ClientAuth,
        })
        .collect();

    let (der, issuer_chain) = match issuer {
        None => {
            let cert = params
                .self_signed(&signer)
                .map_err(|e| err(format!("cannot write the certificate: {e}")))?;
            (cert.der().to_vec(), String::new())
        }
        Some(issuer) => {
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
            // Read from the extension itself (not `Certificate::key_usage`) so this check does
            // not depend on the bit mapping of the parser.
            let cert_sign = ca
                .leaf
                .extensions
                .iter()
                .find(|e| e.oid == "2.5.29.15")
                .map(|e| {
                    x509_cert::ext::pkix::KeyUsage::from_der(&e.value)
                        .is_ok_and(|ku| ku.key_cert_sign())
                });
            if cert_sign == Some(false) {
                return Err(err("the issuer certificate's key usage lacks keyCertSign"));
            }
            let ca_signer = Signer::new(&ca.key)?;
            let mut ca_params = CertificateParams::default();
            ca_params.distinguished_name = issuer_name(&ca.leaf.raw_subject)?;
            ca_params.key_identifier_method =
                KeyIdMethod::PreSpecified(ca.leaf.subject_key_id.clone());
            params.use_authority_key_identifier_extension = !ca.leaf.subject_key_id.is_empty();
            let ca_issuer = Issuer::new(ca_params, &ca_signer);
            let cert = params
                .signed_by(&signer, &ca_issuer)
                .map_err(|e| err(format!("cannot write the certificate: {e}")))?;
            let der = cert.der().to_vec();
            let written = parse_certificate(&der)
                .map_err(|e| err(format!("the written certificate does not parse: {e}")))?;
            if written.raw_issuer != ca.leaf.raw_subject {
                return Err(err(
                    "the written issuer name differs from the CA's subject bytes; refusing a certificate that would not chain",
                ));
            }
            let chain: String = go_pem_blocks(issuer.cert_pem.as_bytes())
                .into_iter()
                .filter(|b| b.block_type == b"CERTIFICATE")
                .map(|b| pem_encode("CERTIFICATE", &b.bytes))
                .collect();
            (der, chain)
        }
    };

    let format = match request.key_encoding {
        KeyEncoding::Traditional => key.format(),
        KeyEncoding::Pkcs8 => PrivateKeyFormat::Pkcs8,
    };
    let (key_der, label) = key.to_der(format).map_err(err)?;
    let cert_pem = pem_encode("CERTIFICATE", &der);
    Ok(GeneratedCertificate {
        chain_pem: format!("{cert_pem}{issuer_chain}"),
        cert_pem,
        key_pem: pem_encode(label, &key_der),
        key_format: format,
        serial_hex: crate::certificates::name::hex(
            crate::certificates::parse::strip_leading_zeros(&serial),
        ),
    })
}
