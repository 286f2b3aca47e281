//! Go's RSA arithmetic checks, with Go's error texts, on `num-bigint` integers: the consistency
//! checks of a private key, and the verification of RSA signatures.
//!
//! Mirrors Go 1.26 / 1.27 (`$GOROOT/src/crypto/rsa/rsa.go`, `crypto/internal/fips140/rsa/rsa.go`
//! and `pkcs1v22.go`; [`validate_legacy`] is Go 1.21 – 1.23's `rsa.go`).
//!
//! Go's `x509.ParsePKCS1PrivateKey` ends in `rsa.PrivateKey.Validate`, which rebuilds the key in
//! `crypto/internal/fips140/rsa` (`NewPrivateKeyWithPrecomputation`, or `NewPrivateKey` when the
//! CRT values are absent) and runs `checkPrivateKey`. The RustCrypto `rsa` crate recomputes the
//! CRT values instead of checking them and has other size limits, so it would accept keys Go
//! rejects (and word errors differently). [`validate`] is a port of those checks, in Go's order.
//! It is hand-written because the verdict and the text must be Go's.
//!
//! Signature verification ([`verify_pkcs1v15`], [`verify_pss`]) is hand-written too, for size:
//! the RustCrypto `rsa` crate would link a second big-integer library (`crypto-bigint`'s
//! `BoxedUint`) next to `num-bigint`, which the key checks need anyway; verifying and parsing
//! without `rsa` made the optimised wasm 92 KB smaller (36 KB gzipped). Verification only uses public values, so it needs neither constant time
//! nor blinding; what it needs is the exact encoding checks, which follow Go's
//! `crypto/internal/fips140/rsa` (`verifyPKCS1v15`: rebuild the expected encoding and compare;
//! `verifyPSS` + `emsaPSSVerify`, RFC 8017 §9.1.2) step by step, the way webpki and BoringSSL
//! check them.

use num_bigint::BigUint;

use super::bigint::pow_mod;

/// The integers of a PKCS#1 `RSAPrivateKey`, as big-endian content octets (all positive: Go's
/// parser rejected zero and negative values before this point).
pub(crate) struct RsaParts<'a> {
    pub(crate) n: &'a [u8],
    pub(crate) e: i64,
    pub(crate) d: &'a [u8],
    pub(crate) p: &'a [u8],
    pub(crate) q: &'a [u8],
    /// `Dp`, `Dq`, `Qinv` when all three are present (Go uses them only then).
    pub(crate) crt: Option<(&'a [u8], &'a [u8], &'a [u8])>,
}

/// Number of 64-bit limbs `bigmod` gives a value (`big.Int.Bytes()` is minimal).
fn limbs(x: &BigUint) -> u64 {
    x.bits().div_ceil(64)
}

/// `bigmod.NewModulus`.
fn new_modulus(m: &BigUint) -> Result<(), String> {
    if *m <= BigUint::from(1u8) {
        return Err("modulus must be > 1".to_string());
    }
    Ok(())
}

/// `bigmod.Nat.SetBytes(b, m)`: `b` must fit `m`'s limbs and be below `m`.
fn set_bytes(b: &BigUint, m: &BigUint) -> Result<(), String> {
    if limbs(b) > limbs(m) {
        return Err("input overflows the modulus size".to_string());
    }
    if b >= m {
        return Err("input overflows the modulus".to_string());
    }
    Ok(())
}

fn fail<T>(msg: &str) -> Result<T, String> {
    Err(format!("crypto/rsa: {msg}"))
}

/// `rsa.PrivateKey.Validate` for a two-prime key: `Ok` when Go accepts it. `check_d`: Go 1.26's
/// `d does not match dP`/`dQ` (Go 1.24 and 1.25 do not compare `d`).
pub(crate) fn validate(k: &RsaParts<'_>, check_d: bool) -> Result<(), String> {
    let big = |b: &[u8]| BigUint::from_bytes_be(b);
    let one = BigUint::from(1u8);
    let (n, d, p, q) = (big(k.n), big(k.d), big(k.p), big(k.q));
    new_modulus(&n)?;
    new_modulus(&p)?;
    new_modulus(&q)?;
    set_bytes(&d, &n)?;
    let (dp, dq, qinv) = match k.crt {
        Some((dp, dq, qinv)) => {
            let qinv = big(qinv);
            set_bytes(&qinv, &p)?;
            (big(dp), big(dq), qinv)
        }
        None => {
            // `NewPrivateKey` derives the CRT values.
            let p1 = &p - &one;
            new_modulus(&p1)?;
            let dp = &d % &p1;
            let q1 = &q - &one;
            new_modulus(&q1)?;
            let dq = &d % &q1;
            if !p.bit(0) {
                return fail("p is even");
            }
            let qinv = pow_mod(&(&q % &p), &(&p - BigUint::from(2u8)), &p);
            (dp, dq, qinv)
        }
    };

    // checkPublicKey.
    if !n.bit(0) {
        return fail("public modulus is even");
    }
    if k.e < 2 {
        return fail("public exponent too small or negative");
    }
    if k.e & 1 == 0 {
        return fail("public exponent is even");
    }
    if k.e > i64::from(i32::MAX) {
        return fail("public exponent too large");
    }
    let e = BigUint::from(k.e.unsigned_abs());

    // checkPrivateKey.
    if set_bytes(&p, &n).is_err() || set_bytes(&q, &n).is_err() {
        return fail("invalid prime");
    }
    if (&p * &q) % &n != BigUint::ZERO {
        return fail("p * q != n");
    }
    let p1 = &p - &one;
    if new_modulus(&p1).is_err() {
        return fail("invalid prime");
    }
    if set_bytes(&dp, &p1).is_err() || (&e * &dp) % &p1 != one {
        return fail("invalid CRT exponent");
    }
    let q1 = &q - &one;
    if new_modulus(&q1).is_err() {
        return fail("invalid prime");
    }
    if set_bytes(&dq, &q1).is_err() || (&e * &dq) % &q1 != one {
        return fail("invalid CRT exponent");
    }
    if ((&q % &p) * &qinv) % &p != one {
        return fail("invalid CRT coefficient");
    }
    if check_d && &d % &p1 != dp {
        return fail("d does not match dP");
    }
    if check_d && &d % &q1 != dq {
        return fail("d does not match dQ");
    }
    let diff = if set_bytes(&q, &p).is_err() {
        if set_bytes(&p, &q).is_err() {
            return fail("p == q");
        }
        &q - &p
    } else {
        &p - &q
    };
    let half = i64::try_from(n.bits() / 2).unwrap_or(i64::MAX);
    if i64::try_from(diff.bits()).unwrap_or(i64::MAX) <= half - 100 {
        return fail("|p - q| too small");
    }
    if i64::try_from(d.bits()).unwrap_or(i64::MAX) <= half {
        return fail("d too small");
    }
    Ok(())
}

/// Go ≤ 1.23's `rsa.PrivateKey.Validate` (CRT values ignored): the public exponent's range, the
/// primes' product, and `d·e ≡ 1 (mod p−1)` for each prime.
pub(crate) fn validate_legacy(k: &RsaParts<'_>) -> Result<(), String> {
    let big = |b: &[u8]| BigUint::from_bytes_be(b);
    let one = BigUint::from(1u8);
    if k.e < 2 {
        return fail("public exponent too small");
    }
    if k.e > i64::from(i32::MAX) {
        return fail("public exponent too large");
    }
    let (n, d, p, q) = (big(k.n), big(k.d), big(k.p), big(k.q));
    if p <= one || q <= one {
        return fail("invalid prime value");
    }
    if &p * &q != n {
        return fail("invalid modulus");
    }
    let de = BigUint::from(k.e.unsigned_abs()) * &d;
    for prime in [&p, &q] {
        if &de % (prime - &one) != one {
            return fail("invalid exponents");
        }
    }
    Ok(())
}

/// The hash of an RSA signature algorithm `crypto/x509` verifies (MD5 and SHA-1 never reach RSA
/// verification: `checkSignature` refuses them as insecure first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RsaHash {
    Sha256,
    Sha384,
    Sha512,
}

impl RsaHash {
    /// The digest length in bytes (`hLen`).
    fn len(self) -> usize {
        match self {
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// The DER `DigestInfo` up to the digest (Go's `hashPrefixes`, RFC 8017 §9.2 note 1).
    fn digest_info_prefix(self) -> &'static [u8] {
        match self {
            Self::Sha256 => &[
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x00, 0x04, 0x20,
            ],
            Self::Sha384 => &[
                0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x02, 0x05, 0x00, 0x04, 0x30,
            ],
            Self::Sha512 => &[
                0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x03, 0x05, 0x00, 0x04, 0x40,
            ],
        }
    }

    /// The hash of the concatenation of `parts`.
    fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: sha2::Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut h = D::new();
            for part in parts {
                h.update(part);
            }
            h.finalize().to_vec()
        }
        match self {
            Self::Sha256 => run::<sha2::Sha256>(parts),
            Self::Sha384 => run::<sha2::Sha384>(parts),
            Self::Sha512 => run::<sha2::Sha512>(parts),
        }
    }
}

/// Go's `rsa.encrypt` as the verifiers call it, after their length check: `sig^e mod n` as
/// `len(n)` big-endian bytes. `None` (Go's `ErrVerification`) when `sig` is not `len(n)` bytes
/// long or not below `n` (`bigmod.Nat.SetBytes`).
///
/// `n` is the modulus without leading zero bytes, so `len(n)` is Go's `pub.Size()`.
fn public_op(n: &[u8], e: u64, sig: &[u8]) -> Option<Vec<u8>> {
    if sig.len() != n.len() {
        return None;
    }
    let modulus = BigUint::from_bytes_be(n);
    let s = BigUint::from_bytes_be(sig);
    // `%` panics on a zero modulus; Go refused keys below 1024 bits before.
    if modulus == BigUint::ZERO || s >= modulus {
        return None;
    }
    let m = pow_mod(&s, &BigUint::from(e), &modulus);
    let m = m.to_bytes_be();
    let mut em = vec![0u8; n.len().checked_sub(m.len())?];
    em.extend_from_slice(&m);
    Some(em)
}

/// Go's `verifyPKCS1v15(pub, hash, hashed, sig)` after `checkPublicKey`: `true` when `sig` is
/// the RSASSA-PKCS1-v1_5 signature of the digest `hashed` under `(n, e)`.
///
/// Like Go (and RFC 8017 §8.2.2), the expected encoding `00 01 FF…FF 00 DigestInfo` is built
/// and compared whole, so no parser of the decrypted block can be lenient.
pub(crate) fn verify_pkcs1v15(n: &[u8], e: u64, hash: RsaHash, hashed: &[u8], sig: &[u8]) -> bool {
    let Some(em) = public_op(n, e, sig) else {
        return false;
    };
    let prefix = hash.digest_info_prefix();
    if hashed.len() != hash.len() {
        return false;
    }
    let t_len = prefix.len() + hashed.len();
    let k = n.len();
    // `k < len(prefix)+len(hashed)+2+8+1`: at least eight bytes of padding.
    let Some(ps_end) = k.checked_sub(t_len + 1).filter(|end| *end >= 2 + 8) else {
        return false;
    };
    let mut expected = Vec::with_capacity(k);
    expected.extend_from_slice(&[0x00, 0x01]);
    expected.resize(ps_end, 0xff);
    expected.push(0x00);
    expected.extend_from_slice(prefix);
    expected.extend_from_slice(hashed);
    em == expected
}

/// Go's `verifyPSS(pub, hash, digest, sig, saltLength)` after `checkPublicKey`, with the salt
/// length equal to the hash length (`PSSSaltLengthEqualsHash`, what `crypto/x509` asks for):
/// `true` when `sig` is the RSASSA-PSS signature (MGF1 with the same hash) of `digest`.
///
/// `mod_bits` is the modulus' bit length.
pub(crate) fn verify_pss(
    n: &[u8],
    mod_bits: usize,
    e: u64,
    hash: RsaHash,
    digest: &[u8],
    sig: &[u8],
) -> bool {
    let Some(em) = public_op(n, e, sig) else {
        return false;
    };
    let Some(em_bits) = mod_bits.checked_sub(1) else {
        return false;
    };
    let em_len = em_bits.div_ceil(8);
    // The encoding is `emLen` bytes; the operation gives `k` (one more when `emBits` is a
    // multiple of 8): the extra leading bytes must be zero.
    let mut em = em.as_slice();
    while em.len() > em_len {
        match em.split_first() {
            Some((0, rest)) => em = rest,
            _ => return false,
        }
    }
    emsa_pss_verify(digest, em, em_bits, hash.len(), hash)
}

/// Go's `emsaPSSVerify(mHash, em, emBits, sLen, hash)` (RFC 8017 §9.1.2, steps numbered as
/// there) for a known salt length.
fn emsa_pss_verify(m_hash: &[u8], em: &[u8], em_bits: usize, s_len: usize, hash: RsaHash) -> bool {
    let h_len = hash.len();
    let em_len = em_bits.div_ceil(8);
    if em.len() != em_len || m_hash.len() != h_len {
        return false;
    }
    // 3. emLen < hLen + sLen + 2: inconsistent.
    let Some(ps_len) = em_len.checked_sub(h_len + s_len + 2) else {
        return false;
    };
    // 4. The rightmost octet must be 0xbc.
    let Some((&0xbc, em)) = em.split_last() else {
        return false;
    };
    // 5. maskedDB is the leftmost emLen - hLen - 1 octets, H the next hLen.
    let Some((masked_db, h)) = em.split_at_checked(em_len - h_len - 1) else {
        return false;
    };
    // 6. The leftmost 8·emLen − emBits bits of maskedDB must be zero.
    let bit_mask = 0xffu8 >> (8 * em_len - em_bits);
    let Some(first) = masked_db.first() else {
        return false;
    };
    if first & !bit_mask != 0 {
        return false;
    }
    // 7., 8. DB = maskedDB xor MGF1(H, emLen − hLen − 1).
    let mut db = masked_db.to_vec();
    mgf1_xor(&mut db, hash, h);
    // 9. Clear the leftmost 8·emLen − emBits bits of DB.
    if let Some(first) = db.first_mut() {
        *first &= bit_mask;
    }
    // 10. DB = PS (zeros) || 0x01 || salt.
    let Some((ps, rest)) = db.split_at_checked(ps_len) else {
        return false;
    };
    if ps.iter().any(|b| *b != 0) {
        return false;
    }
    let Some((&0x01, salt)) = rest.split_first() else {
        return false;
    };
    // 11.–14. H' = Hash(0x00·8 || mHash || salt) must equal H.
    salt.len() == s_len && hash.digest(&[&[0u8; 8], m_hash, salt]) == h
}

/// RFC 8017's MGF1 with `hash`, xored into `out` (Go's `mgf1XOR`).
fn mgf1_xor(out: &mut [u8], hash: RsaHash, seed: &[u8]) {
    let mut counter = 0u32;
    for chunk in out.chunks_mut(hash.len()) {
        let mask = hash.digest(&[seed, &counter.to_be_bytes()]);
        for (o, m) in chunk.iter_mut().zip(mask) {
            *o ^= m;
        }
        counter = counter.wrapping_add(1);
    }
}
