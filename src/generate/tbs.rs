//! The bytes that are signed: a certificate's `TBSCertificate`, written as Go's
//! `x509.CreateCertificate` (`$GOROOT/src/crypto/x509/x509.go`: `buildCertExtensions`,
//! `signingParamsForKey`) writes it for these requests, and the `signatureAlgorithm` and
//! `signatureValue` around it ([`SignatureScheme`]); [`SignedBy`] says whose key signs.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use sha2::Digest;

use super::request::{CertificateRequest, ExtKeyUsage, GenerateError, err, key_description};
use crate::der_write;
use crate::keys::private_key::{public_key_bits, spki_der};
use crate::x509::parse::PublicKey;

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
    pub(super) fn of_key(key: &PublicKey) -> Result<Self, GenerateError> {
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
    pub(super) fn algorithm_identifier(self) -> Vec<u8> {
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
    pub(super) fn signature_value(self, raw: &[u8]) -> Result<Vec<u8>, GenerateError> {
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
pub(super) fn subject_name(r: &CertificateRequest) -> Vec<u8> {
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
pub(super) fn key_id(public: &PublicKey) -> Vec<u8> {
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

/// The issuer of a prepared certificate: its subject bytes, key identifier and scheme.
pub(super) struct IssuerInfo {
    pub(super) name: Vec<u8>,
    pub(super) key_id: Vec<u8>,
    pub(super) scheme: SignatureScheme,
    pub(super) signed_by: SignedBy,
}
/// Writes a `TBSCertificate` for `r` with the given key, serial and issuer.
pub(super) fn tbs_certificate(
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
