//! The inspection summary: what an operator wants to know about each certificate in a bundle.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::go::pem::{PemBlock, decode_pem_blocks};
use crate::x509::name::hex;
use crate::x509::parse::{Certificate, PublicKey, parse_certificate};

/// Everything the planner shows about one certificate. Field names are a JSON contract
/// (camelCase).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
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
    /// X.509 version as Go reports it (1, 2 or 3).
    pub version: u8,
    /// Key usages by Go's constant names without the `KeyUsage` prefix, in bit order, e.g.
    /// `DigitalSignature`, `KeyEncipherment`, `CertSign`; empty when the extension is absent.
    pub key_usage: Vec<String>,
    /// Extended key usages by Go's constant names without the `ExtKeyUsage` prefix (`ServerAuth`,
    /// `ClientAuth`, `Any`, …), then unknown usages as dotted OIDs, in certificate order each.
    pub ext_key_usage: Vec<String>,
    /// Whether the basic-constraints extension is present (Go's `BasicConstraintsValid`).
    pub basic_constraints_valid: bool,
    /// `pathLenConstraint`, or `null` when there is none (Go's `MaxPathLen == -1`).
    pub max_path_len: Option<u64>,
    /// Subject key identifier, colon-separated upper-case hex (as OpenSSL prints it); `null`
    /// when absent.
    pub subject_key_id: Option<String>,
    /// Authority key identifier (`keyIdentifier`), same format; `null` when absent.
    pub authority_key_id: Option<String>,
    /// Whether issuer and subject are byte-for-byte the same name (Go's chain building compares
    /// names the same way). Says nothing about the signature.
    pub self_signed: bool,
}

/// Go's `x509.KeyUsage` constant names, bit 0 first.
const KEY_USAGE_NAMES: [&str; 9] = [
    "DigitalSignature",
    "ContentCommitment",
    "KeyEncipherment",
    "DataEncipherment",
    "KeyAgreement",
    "CertSign",
    "CRLSign",
    "EncipherOnly",
    "DecipherOnly",
];

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
            version: cert.version,
            key_usage: KEY_USAGE_NAMES
                .iter()
                .enumerate()
                .filter(|(bit, _)| cert.key_usage & (1 << bit) != 0)
                .map(|(_, name)| (*name).to_string())
                .collect(),
            ext_key_usage: cert
                .ext_key_usage
                .iter()
                .map(|u| u.go_name().to_string())
                .chain(cert.unknown_ext_key_usage.iter().cloned())
                .collect(),
            basic_constraints_valid: cert.basic_constraints_valid,
            max_path_len: cert.max_path_len,
            subject_key_id: (!cert.subject_key_id.is_empty())
                .then(|| colon_hex(&cert.subject_key_id)),
            authority_key_id: (!cert.authority_key_id.is_empty())
                .then(|| colon_hex(&cert.authority_key_id)),
            self_signed: cert.raw_issuer == cert.raw_subject,
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

/// Inspects one DER-encoded certificate (a `.der`/`.cer` file).
///
/// # Errors
/// [`Error::InvalidDerCertificate`] with Go's `x509.ParseCertificate` message when the bytes are
/// not one certificate (trailing data included, as Go rejects it).
pub fn inspect_der(der: &[u8]) -> Result<CertificateSummary, Error> {
    parse_certificate(der)
        .map(|c| CertificateSummary::of(&c))
        .map_err(|e| Error::InvalidDerCertificate { message: e.message })
}

/// Inspects a file's bytes whatever its encoding: DER when it starts with a SEQUENCE tag
/// (`0x30`, as every DER certificate does and no PEM text does), PEM text otherwise.
///
/// # Errors
/// As [`inspect_der`] for DER, as [`inspect_certificates`] for PEM (bytes that are not UTF-8
/// are read lossily, so binary junk gives [`Error::NotPem`]).
pub fn inspect_bytes(bytes: &[u8]) -> Result<Vec<CertificateSummary>, Error> {
    if bytes.first() == Some(&0x30) {
        return inspect_der(bytes).map(|s| vec![s]);
    }
    inspect_certificates(&String::from_utf8_lossy(bytes))
}

/// Colon-separated upper-case hex, e.g. `0A:1B`.
pub(crate) fn colon_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    // Bytes, then one (ASCII) check: pushing chars one at a time was slower in the module.
    let mut out = Vec::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(b':');
        }
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 15)]);
    }
    String::from_utf8(out).unwrap_or_default()
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
    let magnitude = crate::go::cryptobyte::decimal(&mag);
    if negative && magnitude != "0" {
        format!("-{magnitude}")
    } else {
        magnitude
    }
}

/// Go's `net.IP.String()` for a 4- or 16-byte address (other lengths print as `?` + hex).
pub(crate) fn ip_string(ip: &[u8]) -> String {
    if let Ok(v4) = <[u8; 4]>::try_from(ip) {
        return std::net::Ipv4Addr::from(v4).to_string();
    }
    if let Ok(v6) = <[u8; 16]>::try_from(ip) {
        let v6 = std::net::Ipv6Addr::from(v6);
        return match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => v6.to_string(),
        };
    }
    if ip.is_empty() {
        return "<nil>".to_string();
    }
    format!("?{}", hex(ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CERTS: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/argocd-test-certs"
    );

    fn read(name: &str) -> String {
        std::fs::read_to_string(format!("{CERTS}/{name}")).unwrap_or_default()
    }

    /// Every file of Argo CD's test certificates: the certificates parse, the keys are not
    /// certificates, the two deliberately broken files give structured errors. Expected values
    /// were read with `openssl x509 -noout -text` (OpenSSL 3.0), not from this code.
    #[test]
    fn argocd_test_certificates() {
        let mut seen = 0;
        let mut entries: Vec<_> = std::fs::read_dir(CERTS)
            .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        entries.sort();
        for name in entries {
            let name = name.to_string_lossy().into_owned();
            let result = inspect_certificates(&read(&name));
            seen += 1;
            match name.as_str() {
                "cmd_util_testdata_test.cert.pem" | "util_tls_testdata_empty_tls.crt" => {
                    assert!(
                        matches!(
                            result,
                            Err(Error::NotPem { .. } | Error::InvalidCertificate { .. })
                        ),
                        "{name}: {result:?}"
                    );
                }
                "util_tls_testdata_empty_tls.key" => {
                    assert!(matches!(result, Err(Error::NotPem { .. })), "{name}");
                }
                "cmd_util_testdata_test.key.pem" => {
                    assert!(
                        matches!(result, Err(Error::NotPem { .. })),
                        "{name}: {result:?}"
                    );
                }
                n if n.ends_with(".key") => match result {
                    Err(Error::NoCertificate { found }) => {
                        assert_eq!(found, vec!["PRIVATE KEY".to_string()], "{name}");
                    }
                    other => panic!("{name}: {other:?}"),
                },
                _ => {
                    let certs = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                    assert_eq!(certs.len(), 1, "{name}");
                }
            }
        }
        assert_eq!(seen, 16, "files in argocd-test-certs");
    }

    #[test]
    fn argocd_test_ca_matches_openssl() {
        let certs = inspect_certificates(&read("test_fixture_certs_argocd-test-ca.crt"));
        let ca = certs.as_deref().ok().and_then(<[_]>::first).cloned();
        let ca = ca.unwrap_or_else(|| panic!("{certs:?}"));
        assert_eq!(ca.subject, "CN=ArgoCD Test CA");
        assert_eq!(ca.issuer, "CN=ArgoCD Test CA");
        assert!(ca.is_ca && ca.basic_constraints_valid && ca.self_signed);
        assert_eq!(ca.max_path_len, None);
        assert_eq!(ca.version, 3);
        assert_eq!(
            ca.serial_hex,
            "13:BA:4B:13:5B:C3:47:19:E1:09:FF:FE:C5:6D:9E:80:A5:29:D1:77"
        );
        assert_eq!(ca.not_before, "2025-12-18T21:15:41Z");
        assert_eq!(ca.not_after, "2125-11-24T21:15:41Z");
        assert_eq!(ca.key_usage, vec!["CertSign", "CRLSign"]);
        assert_eq!(
            ca.subject_key_id.as_deref(),
            Some("C6:79:69:64:47:32:10:81:B2:CC:E3:AC:8C:2E:D3:EA:26:AE:62:23")
        );
        assert_eq!((ca.key_type.as_str(), ca.key_bits), ("RSA", 4096));
        assert_eq!(ca.signature_algorithm, "SHA256-RSA");
    }

    #[test]
    fn argocd_test_server_and_client_match_openssl() {
        let server = inspect_certificates(&read("test_fixture_certs_argocd-test-server.crt"));
        let server = server.as_deref().ok().and_then(<[_]>::first).cloned();
        let server = server.unwrap_or_else(|| panic!("server certificate"));
        assert_eq!(server.subject, "CN=localhost");
        assert_eq!(server.issuer, "CN=ArgoCD Test CA");
        assert_eq!(server.dns_names, vec!["localhost", "argocd-e2e-server"]);
        assert_eq!(server.ip_addresses, vec!["127.0.0.1"]);
        assert!(!server.is_ca && server.basic_constraints_valid && !server.self_signed);
        assert_eq!(
            server.key_usage,
            vec!["DigitalSignature", "KeyEncipherment"]
        );
        assert_eq!(server.ext_key_usage, vec!["ServerAuth"]);
        assert_eq!(
            server.subject_key_id.as_deref(),
            Some("3E:A3:B2:1B:FD:C8:09:9D:67:65:EA:1D:CC:59:87:03:42:74:12:95")
        );
        assert_eq!(
            server.authority_key_id.as_deref(),
            Some("C6:79:69:64:47:32:10:81:B2:CC:E3:AC:8C:2E:D3:EA:26:AE:62:23")
        );
        assert_eq!(
            server.sha256_fingerprint,
            "FA:1C:3B:88:7F:49:5F:0F:C8:4A:A1:F1:AE:45:B7:16:BF:EC:51:05:7E:D7:35:0B:31:B8:BD:CA:88:43:F6:F6"
        );

        let client = inspect_certificates(&read("test_fixture_certs_argocd-test-client.crt"));
        let client = client.as_deref().ok().and_then(<[_]>::first).cloned();
        let client = client.unwrap_or_else(|| panic!("client certificate"));
        assert_eq!(client.subject, "CN=ArgoCD Test Client");
        assert_eq!(client.ext_key_usage, vec!["ClientAuth"]);
        assert!(client.dns_names.is_empty() && client.ip_addresses.is_empty());

        let valid = inspect_certificates(&read("util_tls_testdata_valid_tls.crt"));
        let valid = valid.as_deref().ok().and_then(<[_]>::first).cloned();
        let valid = valid.unwrap_or_else(|| panic!("valid_tls certificate"));
        assert_eq!(valid.subject, "CN=SomeCN");
        assert!(valid.is_ca && valid.self_signed);
        assert_eq!(valid.not_before, "2021-03-15T08:52:27Z");
        assert_eq!(valid.not_after, "2022-03-15T08:52:27Z");
    }

    #[test]
    fn bundles_der_and_errors() {
        let ca = read("test_fixture_certs_argocd-test-ca.crt");
        let server = read("test_fixture_certs_argocd-test-server.crt");
        let key = read("test_fixture_certs_argocd-test-server.key");
        // (input, expected subjects or error kind)
        let cases: Vec<(String, Result<Vec<&str>, &str>)> = vec![
            (
                format!("{server}{key}{ca}"),
                Ok(vec!["CN=localhost", "CN=ArgoCD Test CA"]),
            ),
            (format!("{key}{ca}"), Ok(vec!["CN=ArgoCD Test CA"])),
            (key.clone(), Err("noCertificate")),
            ("not pem at all".to_string(), Err("notPem")),
            (
                "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n".to_string(),
                Err("invalidCertificate"),
            ),
        ];
        for (input, want) in cases {
            let got = inspect_certificates(&input);
            match (&got, want) {
                (Ok(certs), Ok(subjects)) => {
                    let s: Vec<&str> = certs.iter().map(|c| c.subject.as_str()).collect();
                    assert_eq!(s, subjects);
                }
                (Err(e), Err(kind)) => {
                    let json = serde_json::to_value(e).unwrap_or_default();
                    assert_eq!(json["kind"], kind, "{e:?}");
                }
                other => panic!("{other:?}"),
            }
        }
        // "MAA=" is an empty SEQUENCE: Go's error for it.
        let e =
            inspect_certificates("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n");
        assert!(
            matches!(&e, Err(Error::InvalidCertificate { message, index: 0, line: 1 }) if message == "x509: malformed tbs certificate"),
            "{e:?}"
        );

        // DER: the same certificate as PEM gives the same summary; trailing bytes are rejected.
        let blocks = decode_pem_blocks(&ca).unwrap_or_default();
        let der = blocks.first().map(|b| b.der.clone()).unwrap_or_default();
        let from_der = inspect_der(&der);
        let from_pem = inspect_certificates(&ca).map(|v| v.into_iter().next());
        assert_eq!(
            from_der.as_ref().ok(),
            from_pem.as_ref().ok().and_then(Option::as_ref)
        );
        // inspect_bytes: DER, PEM, and neither.
        let kinds: Vec<(&[u8], Result<usize, &str>)> = vec![
            (&der, Ok(1)),
            (ca.as_bytes(), Ok(1)),
            (b"\x00\x01binary", Err("notPem")),
            (&[0x30, 0x00], Err("invalidDerCertificate")),
        ];
        for (input, want) in kinds {
            let got = inspect_bytes(input);
            match (&got, want) {
                (Ok(v), Ok(n)) => assert_eq!(v.len(), n),
                (Err(e), Err(kind)) => {
                    let json = serde_json::to_value(e).unwrap_or_default();
                    assert_eq!(json["kind"], kind, "{e:?}");
                }
                other => panic!("{other:?}"),
            }
        }
        let mut trailing = der.clone();
        trailing.push(0);
        assert_eq!(
            inspect_der(&trailing),
            Err(Error::InvalidDerCertificate {
                message: "x509: trailing data".to_string()
            })
        );
    }

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
