//! RSA signature verification against real Go: `tests/rsa_signatures/` (run with the Go under
//! test) makes CAs with RSA keys of awkward sizes (1024 to 3072 bits, odd lengths, lengths one
//! bit past a byte) and exponents (3, 17, 65537, 2³¹−1), and leaves signed by them with
//! PKCS #1 v1.5 and PSS over SHA-256/384/512 — valid, or corrupted in one place each (signature
//! length and range, every part of both encodings, PSS salts of other lengths). Each leaf is
//! verified by Go's `Verify` and by ours; verdicts and error texts must be equal.

use std::process::Command;

use argocd_tls_planner::{UnixTime, VerifyOptions, parse_certificate, verify};

use crate::keypair::go_binary;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Runs the Go program in `tests/<program>/` (lines `name \t CA hex \t leaf hex \t Go's verdict`)
/// and verifies each leaf against its CA with ours: (cases, Go-valid cases, differences).
pub(crate) fn compare_with_go(program: &str) -> (usize, usize, Vec<String>) {
    let dir = format!("{}/tests/{program}", env!("CARGO_MANIFEST_DIR"));
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
    // The Go programs' `now`: 2026-06-01T00:00:00Z.
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
    (cases, valid, diffs)
}

#[test]
fn rsa_signatures_match_go() {
    let (cases, valid, diffs) = compare_with_go("rsa_signatures");
    // 8 keys, 6 algorithms (PSS with SHA-512 needs keys above 1032 bits), about 20 variants each.
    assert!(cases > 800, "only {cases} cases");
    assert!(valid >= 44, "only {valid} valid signatures");
    assert!(cases - valid > 700, "only {} invalid ones", cases - valid);
    assert!(
        diffs.is_empty(),
        "{} of {cases} differ:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}
