//! Go's `(*Certificate).CheckSignatureFrom` and `checkSignature` (x509.go); the RSA arithmetic
//! is in [`go_rsa`], ECDSA goes through [`ecdsa`] (RustCrypto's curve crates with Go's rules at
//! the boundary), Ed25519 is `ed25519-dalek`'s.
//!
//! The order of checks and every error text are Go's: the parent must be allowed to sign
//! (basic constraints, key usage), MD5 and SHA-1 signatures are refused as insecure, the key
//! type must fit the algorithm, RSA keys below 1024 bits are refused (GODEBUG `rsa1024min=1`, the
//! default since Go 1.24 and so under Argo CD's `go 1.26` directive), and Go's RSA public-key
//! checks (odd modulus, small odd exponent) run before the signature is examined.

use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::go::cryptobyte::{Cbs, check_integer, tag};
use crate::go::ecdsa;
use crate::go::rsa::{self as go_rsa, RsaHash};
use crate::x509::parse::{Certificate, PublicKey, SignatureAlgorithm, strip_leading_zeros};

/// Go's `KeyUsageCertSign` bit.
const KEY_USAGE_CERT_SIGN: u16 = 1 << 5;

const CONSTRAINT_VIOLATION: &str =
    "x509: invalid signature: parent certificate cannot sign this kind of certificate";
const UNSUPPORTED: &str = "x509: cannot verify signature: algorithm unimplemented";
const RSA_VERIFICATION: &str = "crypto/rsa: verification error";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Hash {
    None,
    Md5,
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyAlgo {
    Unknown,
    Rsa,
    Dsa,
    Ecdsa,
    Ed25519,
    MlDsa,
}

impl KeyAlgo {
    /// Go's `PublicKeyAlgorithm.String()`.
    fn go_name(self) -> &'static str {
        match self {
            Self::Unknown => "0",
            Self::Rsa => "RSA",
            Self::Dsa => "DSA",
            Self::Ecdsa => "ECDSA",
            Self::Ed25519 => "Ed25519",
            Self::MlDsa => "ML-DSA",
        }
    }
}

/// Go's `signatureAlgorithmDetails` lookup: hash, key algorithm, RSA-PSS.
fn details(algo: SignatureAlgorithm) -> (Hash, KeyAlgo, bool) {
    use SignatureAlgorithm as S;
    match algo {
        S::Md5WithRsa => (Hash::Md5, KeyAlgo::Rsa, false),
        S::Sha1WithRsa => (Hash::Sha1, KeyAlgo::Rsa, false),
        S::Sha256WithRsa => (Hash::Sha256, KeyAlgo::Rsa, false),
        S::Sha384WithRsa => (Hash::Sha384, KeyAlgo::Rsa, false),
        S::Sha512WithRsa => (Hash::Sha512, KeyAlgo::Rsa, false),
        S::Sha256WithRsaPss => (Hash::Sha256, KeyAlgo::Rsa, true),
        S::Sha384WithRsaPss => (Hash::Sha384, KeyAlgo::Rsa, true),
        S::Sha512WithRsaPss => (Hash::Sha512, KeyAlgo::Rsa, true),
        S::DsaWithSha1 => (Hash::Sha1, KeyAlgo::Dsa, false),
        S::DsaWithSha256 => (Hash::Sha256, KeyAlgo::Dsa, false),
        S::EcdsaWithSha1 => (Hash::Sha1, KeyAlgo::Ecdsa, false),
        S::EcdsaWithSha256 => (Hash::Sha256, KeyAlgo::Ecdsa, false),
        S::EcdsaWithSha384 => (Hash::Sha384, KeyAlgo::Ecdsa, false),
        S::EcdsaWithSha512 => (Hash::Sha512, KeyAlgo::Ecdsa, false),
        S::PureEd25519 => (Hash::None, KeyAlgo::Ed25519, false),
        S::MlDsa44 | S::MlDsa65 | S::MlDsa87 => (Hash::None, KeyAlgo::MlDsa, false),
        _ => (Hash::None, KeyAlgo::Unknown, false),
    }
}

/// Go's `(*Certificate).CheckSignatureFrom(parent)`; the error is Go's text.
pub(crate) fn check_signature_from(
    child: &Certificate,
    parent: &Certificate,
) -> Result<(), String> {
    if (parent.version == 3 && !parent.basic_constraints_valid)
        || (parent.basic_constraints_valid && !parent.is_ca)
    {
        return Err(CONSTRAINT_VIOLATION.to_string());
    }
    if parent.key_usage != 0 && parent.key_usage & KEY_USAGE_CERT_SIGN == 0 {
        return Err(CONSTRAINT_VIOLATION.to_string());
    }
    if matches!(parent.public_key, PublicKey::Unknown { .. }) {
        return Err(UNSUPPORTED.to_string());
    }
    check_signature(
        child.signature_algorithm,
        &child.raw_tbs,
        &child.signature,
        &parent.public_key,
    )
}

/// Go 1.21.13's `InsecureAlgorithmError.Error()` (crypto/x509/x509.go): a SHA-1 algorithm's
/// error names the GODEBUG that re-enabled it (`x509sha1`, gone in Go 1.24).
pub(crate) fn go121_insecure_text(e: String) -> String {
    let sha1 = [
        "x509: cannot verify signature: insecure algorithm SHA1-RSA",
        "x509: cannot verify signature: insecure algorithm ECDSA-SHA1",
    ];
    if sha1.contains(&e.as_str()) {
        return format!("{e} (temporarily override with GODEBUG=x509sha1=1)");
    }
    e
}

/// Go's `checkSignature(algo, signed, signature, publicKey, allowSHA1=false)`.
pub(crate) fn check_signature(
    algo: SignatureAlgorithm,
    signed: &[u8],
    signature: &[u8],
    key: &PublicKey,
) -> Result<(), String> {
    let (hash, key_algo, pss) = details(algo);
    let insecure = || {
        format!(
            "x509: cannot verify signature: insecure algorithm {}",
            algo.go_name()
        )
    };
    let digest: Vec<u8> = match hash {
        Hash::None => {
            if key_algo != KeyAlgo::Ed25519 && key_algo != KeyAlgo::MlDsa {
                return Err(UNSUPPORTED.to_string());
            }
            signed.to_vec()
        }
        Hash::Md5 | Hash::Sha1 => return Err(insecure()),
        Hash::Sha256 => Sha256::digest(signed).to_vec(),
        Hash::Sha384 => Sha384::digest(signed).to_vec(),
        Hash::Sha512 => Sha512::digest(signed).to_vec(),
    };
    let mismatch = |go_type: &str| {
        format!(
            "x509: signature algorithm specifies an {} public key, but have public key of type {go_type}",
            key_algo.go_name()
        )
    };
    match key {
        PublicKey::Rsa { modulus, exponent } => {
            if key_algo != KeyAlgo::Rsa {
                return Err(mismatch("*rsa.PublicKey"));
            }
            verify_rsa(modulus, *exponent, hash, pss, &digest, signature)
        }
        PublicKey::Ecdsa { curve, point } => {
            if key_algo != KeyAlgo::Ecdsa {
                return Err(mismatch("*ecdsa.PublicKey"));
            }
            if verify_ecdsa(curve, point, &digest, signature) {
                Ok(())
            } else {
                Err("x509: ECDSA verification failure".to_string())
            }
        }
        PublicKey::Ed25519(k) => {
            if key_algo != KeyAlgo::Ed25519 {
                return Err(mismatch("ed25519.PublicKey"));
            }
            let ok = ed25519_dalek::VerifyingKey::from_bytes(k)
                .ok()
                .is_some_and(|vk| {
                    ed25519_dalek::Signature::from_slice(signature)
                        .ok()
                        .is_some_and(|sig| {
                            use ed25519_dalek::Verifier;
                            vk.verify(&digest, &sig).is_ok()
                        })
                });
            if ok {
                Ok(())
            } else {
                Err("x509: Ed25519 verification failure".to_string())
            }
        }
        PublicKey::MlDsa { .. } => {
            if key_algo != KeyAlgo::MlDsa {
                return Err(mismatch("*mldsa.PublicKey"));
            }
            // Go 1.26 verifies ML-DSA; no pure-Rust ML-DSA verifier is in this build, so the
            // signature is treated as unverifiable (never as valid).
            Err("x509: ML-DSA verification failure: not supported by this planner".to_string())
        }
        // DSA keys and unknown keys: Go falls out of its type switch.
        PublicKey::Dsa { .. } | PublicKey::Unknown { .. } => Err(UNSUPPORTED.to_string()),
    }
}

/// Go's `rsa.VerifyPKCS1v15` / `rsa.VerifyPSS` (salt length equal to the hash) for a parsed key:
/// Go's key checks here, the arithmetic and encoding checks in [`go_rsa`]. Like Go, no upper
/// bound on the key size.
fn verify_rsa(
    modulus: &[u8],
    exponent: u64,
    hash: Hash,
    pss: bool,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    let n = strip_leading_zeros(modulus);
    let bits = match n.first() {
        None => 0,
        Some(first) => n.len().saturating_mul(8) - first.leading_zeros() as usize,
    };
    if bits < 1024 {
        return Err(format!(
            "crypto/rsa: {bits}-bit keys are insecure (see https://go.dev/pkg/crypto/rsa#hdr-Minimum_key_size)"
        ));
    }
    // The FIPS module's checkPublicKey.
    if n.last().is_none_or(|b| b & 1 == 0) {
        return Err("crypto/rsa: public modulus is even".to_string());
    }
    if exponent < 2 {
        return Err("crypto/rsa: public exponent too small or negative".to_string());
    }
    if exponent & 1 == 0 {
        return Err("crypto/rsa: public exponent is even".to_string());
    }
    if exponent > (1 << 31) - 1 {
        return Err("crypto/rsa: public exponent too large".to_string());
    }
    let rsa_hash = match hash {
        Hash::Sha256 => RsaHash::Sha256,
        Hash::Sha384 => RsaHash::Sha384,
        Hash::Sha512 => RsaHash::Sha512,
        Hash::None | Hash::Md5 | Hash::Sha1 => return Err(UNSUPPORTED.to_string()),
    };
    let valid = if pss {
        go_rsa::verify_pss(n, bits, exponent, rsa_hash, digest, signature)
    } else {
        go_rsa::verify_pkcs1v15(n, exponent, rsa_hash, digest, signature)
    };
    if valid {
        Ok(())
    } else {
        Err(RSA_VERIFICATION.to_string())
    }
}

/// Go's `ecdsa.parseSignature`: `SEQUENCE { INTEGER r, INTEGER s }`, minimal and non-negative,
/// nothing trailing. Returns the magnitudes.
fn parse_ecdsa_signature(sig: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut input = Cbs::new(sig);
    let inner = input.read(tag::SEQUENCE)?;
    if !input.is_empty() {
        return None;
    }
    let mut inner = Cbs::new(inner);
    let r = inner.read(tag::INTEGER)?;
    let s = inner.read(tag::INTEGER)?;
    if !inner.is_empty() {
        return None;
    }
    let positive = |b: &'_ [u8]| -> Option<()> {
        if !check_integer(b) || b.first().is_some_and(|x| x & 0x80 != 0) {
            return None;
        }
        Some(())
    };
    positive(r)?;
    positive(s)?;
    Some((strip_leading_zeros(r), strip_leading_zeros(s)))
}

/// Go's `ecdsa.VerifyASN1(pub, hash, sig)`: the signature's DER here (Go's `parseSignature`,
/// not the `ecdsa` crate's DER reader), the rest in [`ecdsa::verify`].
fn verify_ecdsa(curve: &str, point: &[u8], digest: &[u8], signature: &[u8]) -> bool {
    if digest.is_empty() {
        return false;
    }
    let Some((r, s)) = parse_ecdsa_signature(signature) else {
        return false;
    };
    // P-224 (which Go supports) has no RustCrypto crate here: never valid.
    ecdsa::verify(curve, point, digest, r, s)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use sha2::{Digest, Sha256};

    use super::check_signature_from;
    use crate::go::pem::decode_pem_blocks;
    use crate::x509::parse::parse_certificate;

    const CORPORA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");

    fn walk(dir: &Path, out: &mut Vec<Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
                continue;
            }
            let Ok(data) = std::fs::read(&p) else {
                continue;
            };
            if p.extension().is_some_and(|x| x == "der") {
                out.push(data);
            } else if let Ok(blocks) = decode_pem_blocks(&String::from_utf8_lossy(&data)) {
                out.extend(
                    blocks
                        .into_iter()
                        .filter(|b| b.label == "CERTIFICATE")
                        .map(|b| b.der),
                );
            }
        }
    }

    /// Every self-issued certificate of the shared corpora checked against itself, compared with
    /// Go's `CheckSignatureFrom` verdicts recorded by `tests/signature_oracle` (RSA PKCS#1 and
    /// PSS, ECDSA, Ed25519, MD5/SHA-1 refusal, non-CA parents, bad exponents).
    #[test]
    fn self_signatures_match_go() {
        let oracle = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/signature-oracle.tsv"
        ))
        .expect("signature-oracle.tsv");
        let want: BTreeMap<&str, &str> =
            oracle.lines().filter_map(|l| l.split_once('\t')).collect();
        let mut ders = Vec::new();
        walk(&Path::new(CORPORA).join("parse-differential"), &mut ders);
        walk(&Path::new(CORPORA).join("argocd-test-certs"), &mut ders);
        let mut got: BTreeMap<String, String> = BTreeMap::new();
        for der in ders {
            let Ok(c) = parse_certificate(&der) else {
                continue;
            };
            if c.raw_issuer != c.raw_subject {
                continue;
            }
            let key: String = Sha256::digest(&der)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let verdict = match check_signature_from(&c, &c) {
                Ok(()) => "OK".to_string(),
                Err(e) => e,
            };
            got.insert(key, verdict);
        }
        let mut diffs = Vec::new();
        for (k, w) in &want {
            match got.get(*k) {
                Some(g) if g == w => {}
                other => diffs.push(format!("{k}: go {w:?}, ours {other:?}")),
            }
        }
        assert!(want.len() > 100, "oracle too small");
        assert!(
            diffs.is_empty(),
            "{} differences:\n{}",
            diffs.len(),
            diffs.join("\n")
        );
    }
}
