//! The inspection summary: what an operator wants to know about each certificate in a bundle.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::certificates::name::hex;
use crate::certificates::parse::{Certificate, PublicKey, parse_certificate};
use crate::certificates::pem::{PemBlock, decode_pem_blocks};
use crate::error::Error;

/// Everything the planner shows about one certificate. Field names are a JSON contract
/// (camelCase).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct CertificateSummary {
    /// Subject in Go's `pkix.Name.String()` form, e.g. `CN=localhost,O=Argo CD`.
    pub subject: String,
    /// Issuer in the same form.
    pub issuer: String,
    /// Serial number in decimal, as Go's `big.Int` prints it.
    pub serial: String,
    /// Serial number in colon-separated upper-case hex, as OpenSSL prints it.
    pub serial_hex: String,
    /// Start of validity, RFC 3339.
    pub not_before: String,
    /// End of validity, RFC 3339.
    pub not_after: String,
    /// DNS subject alternative names.
    pub dns_names: Vec<String>,
    /// IP subject alternative names in their textual form.
    pub ip_addresses: Vec<String>,
    /// Email subject alternative names.
    pub email_addresses: Vec<String>,
    /// URI subject alternative names.
    pub uris: Vec<String>,
    /// Public key algorithm: `RSA`, `ECDSA`, `Ed25519` (Go's names), or the OID when unsupported.
    pub key_type: String,
    /// Key size in bits (RSA modulus, curve size); 0 when unknown.
    pub key_bits: u32,
    /// Curve name for ECDSA keys (`P-256`, `P-384`, `P-521`).
    pub curve: Option<String>,
    /// Signature algorithm in Go's naming, e.g. `SHA256-RSA`, `ECDSA-SHA256`.
    pub signature_algorithm: String,
    /// Whether basic constraints says this is a CA.
    pub is_ca: bool,
    /// SHA-256 over the DER, colon-separated upper-case hex.
    pub sha256_fingerprint: String,
}

impl CertificateSummary {
    /// Summarises a parsed certificate.
    pub fn of(cert: &Certificate) -> Self {
        let (curve, key_type) = match &cert.public_key {
            PublicKey::Ecdsa { curve, .. } => (Some((*curve).to_string()), "ECDSA".to_string()),
            PublicKey::Unknown { algorithm } => (None, algorithm.clone()),
            other => (None, other.algorithm_name().to_string()),
        };
        Self {
            subject: cert.subject.go_string(),
            issuer: cert.issuer.go_string(),
            serial: serial_decimal(&cert.serial),
            serial_hex: colon_hex(&cert.serial),
            not_before: cert.not_before.to_string(),
            not_after: cert.not_after.to_string(),
            dns_names: cert.dns_names.clone(),
            ip_addresses: cert.ip_addresses.iter().map(|ip| ip_string(ip)).collect(),
            email_addresses: cert.email_addresses.clone(),
            uris: cert.uris.clone(),
            key_type,
            key_bits: cert.public_key.bits(),
            curve,
            signature_algorithm: cert.signature_algorithm.go_name().to_string(),
            is_ca: cert.basic_constraints_valid && cert.is_ca,
            sha256_fingerprint: colon_hex(&Sha256::digest(&cert.raw)),
        }
    }
}

/// Inspects every `CERTIFICATE` block in PEM text (leaf first, as in a `tls.crt` bundle).
///
/// Blocks of other types (keys, parameters) are skipped; at least one certificate must be there.
///
/// # Errors
/// - [`Error::NotPem`] when the text holds no PEM block at all, or a block is malformed;
/// - [`Error::NoCertificate`] when it holds PEM blocks but none of type `CERTIFICATE`;
/// - [`Error::InvalidCertificate`] when a `CERTIFICATE` block does not parse (with Go's message).
///
/// # Example
/// ```
/// let pem = std::fs::read_to_string("../shared/corpora/argocd-test-certs/test_fixture_certs_argocd-test-ca.crt").unwrap();
/// let certs = argocd_tls_planner::inspect_certificates(&pem).unwrap();
/// assert!(certs[0].is_ca);
/// ```
pub fn inspect_certificates(pem_text: &str) -> Result<Vec<CertificateSummary>, Error> {
    let blocks = decode_pem_blocks(pem_text)?;
    let certs: Vec<&PemBlock> = blocks.iter().filter(|b| b.label == "CERTIFICATE").collect();
    if certs.is_empty() {
        return Err(Error::NoCertificate {
            found: blocks.iter().map(|b| b.label.clone()).collect(),
        });
    }
    certs
        .iter()
        .enumerate()
        .map(|(index, block)| {
            parse_certificate(&block.der)
                .map(|c| CertificateSummary::of(&c))
                .map_err(|e| Error::InvalidCertificate {
                    index,
                    line: block.line,
                    message: e.message,
                })
        })
        .collect()
}

/// Colon-separated upper-case hex, e.g. `0A:1B`.
pub(crate) fn colon_hex(bytes: &[u8]) -> String {
    let h = hex(bytes).to_uppercase();
    h.as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(":")
}

/// A two's-complement big-endian integer in decimal, as Go's `big.Int.String()` prints it.
pub(crate) fn serial_decimal(bytes: &[u8]) -> String {
    let negative = bytes.first().is_some_and(|b| b & 0x80 != 0);
    let mut mag: Vec<u8> = bytes.to_vec();
    if negative {
        // Two's complement → magnitude: invert and add one.
        for b in &mut mag {
            *b = !*b;
        }
        for b in mag.iter_mut().rev() {
            let (v, carry) = b.overflowing_add(1);
            *b = v;
            if !carry {
                break;
            }
        }
    }
    // Repeated division by 10 over base-256 digits.
    let mut digits = Vec::new();
    let mut num: Vec<u8> = mag.into_iter().skip_while(|b| *b == 0).collect();
    while !num.is_empty() {
        let mut rem = 0u32;
        let mut next = Vec::with_capacity(num.len());
        for b in &num {
            let cur = rem * 256 + u32::from(*b);
            let q = (cur / 10) as u8;
            rem = cur % 10;
            if !(next.is_empty() && q == 0) {
                next.push(q);
            }
        }
        digits.push(b'0' + rem as u8);
        num = next;
    }
    if digits.is_empty() {
        return "0".to_string();
    }
    if negative {
        digits.push(b'-');
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// Go's `net.IP.String()` for a 4- or 16-byte address (other lengths print as `?` + hex).
pub(crate) fn ip_string(ip: &[u8]) -> String {
    match ip.len() {
        4 => std::net::Ipv4Addr::new(ip[0], ip[1], ip[2], ip[3]).to_string(),
        16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(ip);
            let v6 = std::net::Ipv6Addr::from(a);
            match v6.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => v6.to_string(),
            }
        }
        0 => "<nil>".to_string(),
        _ => format!("?{}", hex(ip)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_decimal_matches_big_int() {
        const CASES: &[(&[u8], &str)] = &[
            (&[0x00], "0"),
            (&[0x01], "1"),
            (&[0x00, 0xff], "255"),
            (&[0xff], "-1"),
            (&[0x80], "-128"),
            (&[0x01, 0x00], "256"),
            (
                &[0x5b, 0x9a, 0xca, 0x13, 0x2d, 0x2b, 0x5e, 0x4f, 0x6d, 0x4d],
                "432590709560173493448013",
            ),
        ];
        for (bytes, want) in CASES {
            assert_eq!(serial_decimal(bytes), *want, "{bytes:?}");
        }
    }

    #[test]
    fn ip_strings_follow_go() {
        assert_eq!(ip_string(&[127, 0, 0, 1]), "127.0.0.1");
        let mut mapped = [0u8; 16];
        mapped[10] = 0xff;
        mapped[11] = 0xff;
        mapped[12..].copy_from_slice(&[10, 0, 0, 1]);
        assert_eq!(ip_string(&mapped), "10.0.0.1");
        let mut lo = [0u8; 16];
        lo[15] = 1;
        assert_eq!(ip_string(&lo), "::1");
        assert_eq!(ip_string(&[1, 2, 3]), "?010203");
    }
}
