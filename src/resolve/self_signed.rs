//! The certificate Argo CD generates for itself when none is configured (reference §2.1).

use super::{CertificateSummary, UnixTime};

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference §2.1: Organization only (no CommonName), RSA 2048, valid for 365 × 24 h from now,
    /// IP hosts as IP SANs and the rest as DNS SANs, KeyEncipherment + DigitalSignature,
    /// ServerAuth, basic constraints valid, not a CA, self-signed.
    #[test]
    fn describes_argo_cds_generated_certificate() {
        let now = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").unwrap();
        let cases: [(&[&str], &[&str], &[&str]); 3] = [
            (
                &["localhost", "argocd-server"],
                &["localhost", "argocd-server"],
                &[],
            ),
            (
                &["localhost", "127.0.0.1", "::1"],
                &["localhost"],
                &["127.0.0.1", "::1"],
            ),
            (&["10.0.0.7"], &[], &["10.0.0.7"]),
        ];
        for (hosts, dns, ips) in cases {
            let hosts: Vec<String> = hosts.iter().map(|h| (*h).to_string()).collect();
            let s = generated_summary(&hosts, now);
            assert_eq!(s.subject, "O=Argo CD", "{hosts:?}");
            assert_eq!(s.issuer, s.subject);
            assert!(s.self_signed && !s.is_ca && s.basic_constraints_valid);
            assert_eq!((s.key_type.as_str(), s.key_bits), ("RSA", 2048));
            assert_eq!(s.not_before, "2027-01-01T00:00:00Z");
            assert_eq!(
                s.not_after, "2028-01-01T00:00:00Z",
                "365 days, 2027 is not a leap year"
            );
            assert_eq!(s.dns_names, dns);
            assert_eq!(s.ip_addresses, ips);
            let mut ku = s.key_usage.clone();
            ku.sort();
            assert_eq!(ku, ["DigitalSignature", "KeyEncipherment"]);
            assert_eq!(s.ext_key_usage, ["ServerAuth"]);
        }
    }
}
