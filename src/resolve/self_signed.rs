//! The certificate Argo CD generates for itself when none is configured (reference §2.1).

#[allow(clippy::wildcard_imports)]
use super::*;

/// Describes the certificate Argo CD's `generate()` makes (§2.1): O=Argo CD, no CN, RSA 2048,
/// one year from startup, the hosts as SANs, ServerAuth.
pub(super) fn generated_summary(hosts: &[String], now: UnixTime) -> CertificateSummary {
    let (dns, ips): (Vec<String>, Vec<String>) = hosts
        .iter()
        .cloned()
        .partition(|h| h.parse::<std::net::IpAddr>().is_err());
    let not_after = UnixTime::from_secs(now.as_secs() + 365 * 86_400);
    CertificateSummary {
        subject: "O=Argo CD".to_string(),
        issuer: "O=Argo CD".to_string(),
        serial: "(random, generated at startup)".to_string(),
        serial_hex: String::new(),
        not_before: now.to_string(),
        not_after: not_after.to_string(),
        dns_names: dns,
        ip_addresses: ips,
        email_addresses: Vec::new(),
        uris: Vec::new(),
        key_type: "RSA".to_string(),
        key_bits: 2048,
        curve: None,
        signature_algorithm: "SHA256-RSA".to_string(),
        is_ca: false,
        sha256_fingerprint: "(generated at startup)".to_string(),
        version: 3,
        key_usage: vec![
            "DigitalSignature".to_string(),
            "KeyEncipherment".to_string(),
        ],
        ext_key_usage: vec!["ServerAuth".to_string()],
        basic_constraints_valid: true,
        max_path_len: None,
        subject_key_id: None,
        authority_key_id: None,
        self_signed: true,
    }
}
