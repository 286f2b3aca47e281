//! Certificate parsing (Go's `x509.ParseCertificate`) and the inspection summary on arbitrary DER.
#![no_main]

use argocd_tls_planner::{CertificateSummary, inspect_der, parse_certificate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(cert) = parse_certificate(data) {
        let _ = CertificateSummary::of(&cert);
    }
    let _ = inspect_der(data);
});
