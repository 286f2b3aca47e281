//! ECDSA signature verification against real Go: `tests/ecdsa_signatures/` (run with the Go
//! under test) makes P-256, P-384 and P-521 CAs and leaves signed by them over SHA-256/384/512 —
//! valid (also with `s` replaced by `n − s`), or corrupted in one place each (`r`, `s` off by
//! one, zero, equal to `n`, `r + n`, swapped, a signature over another digest or by another
//! key). Each leaf is verified by Go's `Verify` and by ours; verdicts and error texts must be
//! equal.

use crate::rsa_signatures::compare_with_go;

#[test]
fn ecdsa_signatures_match_go() {
    let (cases, valid, diffs) = compare_with_go("ecdsa_signatures");
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
