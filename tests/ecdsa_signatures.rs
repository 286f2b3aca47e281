//! ECDSA signature verification against real Go: `tests/ecdsa_signatures/` (run with the Go
//! under test) makes P-256, P-384 and P-521 CAs and leaves signed by them over SHA-256/384/512 —
//! valid (also with `s` replaced by `n − s`), or corrupted in one place each (`r`, `s` off by
//! one, zero, equal to `n`, `r + n`, swapped, a signature over another digest or by another
//! key). Each leaf is verified by Go's `Verify` and by ours; verdicts and error texts must be
//! equal.

use std::process::Command;

use argocd_tls_planner::{UnixTime, VerifyOptions, parse_certificate, verify};

use crate::keypair::go_binary;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn ecdsa_signatures_match_go() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ecdsa_signatures");
    let out = Command::new(go_binary())
        .args(["run", "."])
        .current_dir(dir)
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "-mod=mod")
        .output()
        .expect("run go");
    assert!(
        out.status.success(),
        "go run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    // The Go program's `now`: 2026-06-01T00:00:00Z.
    let now = UnixTime::from_secs(1_780_272_000);
    let opts = VerifyOptions::new(None, now);
    let (mut cases, mut valid, mut diffs) = (0, 0, Vec::new());
    for line in stdout.lines() {
        let [name, ca, leaf, go] = line.split('\t').collect::<Vec<_>>()[..] else {
            panic!("bad line {line:?}");
        };
        let ca = parse_certificate(&unhex(ca)).expect("CA parses");
        let leaf = parse_certificate(&unhex(leaf)).expect("leaf parses");
        let ours = match verify(&leaf, &[], std::slice::from_ref(&ca), &opts) {
            Ok(_) => "OK".to_string(),
            Err(e) => e.to_string(),
        };
        cases += 1;
        valid += usize::from(go == "OK");
        if ours != go {
            diffs.push(format!("{name}: go {go:?}, ours {ours:?}"));
        }
    }
    // 3 curves × 3 hashes × 12 variants; the two valid variants always verify.
    assert_eq!(cases, 108, "cases");
    assert!(valid >= 18, "only {valid} valid signatures");
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}
