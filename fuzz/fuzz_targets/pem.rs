//! PEM decoding: the planner's own block reader and Go's `pem.Decode` loop on arbitrary input.
#![no_main]

use argocd_tls_planner::{decode_pem_blocks, go_pem_blocks};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = go_pem_blocks(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = decode_pem_blocks(text);
    }
});
