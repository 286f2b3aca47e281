//! Manifest reading on arbitrary text, then resolution at a fixed instant when it reads.
#![no_main]

use argocd_tls_planner::{Options, UnixTime, read_manifests, resolve};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(install) = read_manifests(&[("fuzz.yaml", text)]) {
        let options = Options {
            now: UnixTime::from_secs(1_767_225_600),
            argocd_version: None,
            namespace: None,
        };
        let _ = resolve(&install, &options);
    }
});
