//! Go's consistency checks of an RSA private key, with Go's error texts.
//!
//! Go's `x509.ParsePKCS1PrivateKey` ends in `rsa.PrivateKey.Validate`, which rebuilds the key in
//! `crypto/internal/fips140/rsa` (`NewPrivateKeyWithPrecomputation`, or `NewPrivateKey` when the
//! CRT values are absent) and runs `checkPrivateKey`. The RustCrypto `rsa` crate recomputes the
//! CRT values instead of checking them and has other size limits, so it would accept keys Go
//! rejects (and word errors differently). This is a port of those checks, in Go's order, on
//! `num-bigint` integers. It is hand-written because the verdict and the text must be Go's.

use num_bigint::BigUint;

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

/// `rsa.PrivateKey.Validate` for a two-prime key: `Ok` when Go accepts it.
pub(crate) fn validate(k: &RsaParts<'_>) -> Result<(), String> {
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
            let qinv = (&q % &p).modpow(&(&p - BigUint::from(2u8)), &p);
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
    if &d % &p1 != dp {
        return fail("d does not match dP");
    }
    if &d % &q1 != dq {
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
