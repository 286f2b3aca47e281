//! Chain verification (Go's `Certificate.Verify`) on 1-3 parsed certificates with fixed options.
//!
//! The input is a sequence of DER certificates, each preceded by its length as two big-endian
//! bytes: the first is the leaf, the second a root (or, with three, an intermediate then a root).
#![no_main]

use argocd_tls_planner::{
    Certificate, ExtKeyUsage, UnixTime, VerifyOptions, parse_certificate, verify, verify_hostname,
};
use libfuzzer_sys::fuzz_target;

fn split(mut data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while out.len() < 3 && data.len() >= 2 {
        let len = usize::from(u16::from_be_bytes([data[0], data[1]]));
        let rest = &data[2..];
        let len = len.min(rest.len());
        out.push(&rest[..len]);
        data = &rest[len..];
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let certs: Vec<Certificate> = split(data)
        .into_iter()
        .filter_map(|der| parse_certificate(der).ok())
        .collect();
    let Some((leaf, rest)) = certs.split_first() else {
        return;
    };
    let (intermediates, roots): (&[Certificate], &[Certificate]) = match rest.len() {
        0 => (&[], std::slice::from_ref(leaf)),
        1 => (&[], rest),
        _ => rest.split_at(1),
    };
    // 2026-01-01T00:00:00Z, and once with any key usage and an IP name.
    let now = UnixTime::from_secs(1_767_225_600);
    let opts = VerifyOptions::new(Some("argocd-server".to_string()), now);
    let _ = verify(leaf, intermediates, roots, &opts);
    let mut any = VerifyOptions::new(Some("127.0.0.1".to_string()), now);
    any.key_usages = vec![ExtKeyUsage::Any];
    let _ = verify(leaf, intermediates, roots, &any);
    let _ = verify_hostname(leaf, "localhost");
});
