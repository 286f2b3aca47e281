//! Private key parsing (Go's `tls.parsePrivateKey`) on arbitrary DER, and the key-pair check
//! (Go's `tls.X509KeyPair`) on two arbitrary inputs (split at the first byte's value).
#![no_main]

use argocd_tls_planner::{check_key_pair, parse_private_key};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_private_key(data);
    if let Some((&first, rest)) = data.split_first() {
        let at = (usize::from(first) * rest.len()) / 255;
        let (cert, key) = rest.split_at(at.min(rest.len()));
        let _ = check_key_pair(cert, key);
    }
});
