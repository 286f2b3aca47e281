//! The point validation Go's `ecdsa.ParseUncompressedPublicKey` does while parsing a
//! certificate: each coordinate below the field prime, and `y² = x³ − 3x + b` — the checks of
//! `SetBytes` in `$GOROOT/src/crypto/internal/fips140/nistec/p*.go` (Go 1.26 / 1.27), which
//! `crypto/x509/parser.go` reaches through `ecdsa.ParseUncompressedPublicKey`.
//!
//! Hand-written (a few lines of schoolbook arithmetic) so that parsing needs no elliptic-curve
//! crate for P-224 (RustCrypto has no stable P-224) and reports Go's texts
//! (`invalid P256Element encoding`, `P256 point not on curve`). It runs once per parsed key and
//! is not constant time: public keys are public.

/// Field prime and `b` of each NIST curve, big-endian hex.
fn params(curve: &str) -> Option<(&'static str, &'static str)> {
    Some(match curve {
        "P-224" => (
            "ffffffffffffffffffffffffffffffff000000000000000000000001",
            "b4050a850c04b3abf54132565044b0b7d7bfd8ba270b39432355ffb4",
        ),
        "P-256" => (
            "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
            "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
        ),
        "P-384" => (
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
            "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
        ),
        "P-521" => (
            "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
        ),
        _ => return None,
    })
}

/// Little-endian u32 limbs.
type Big = Vec<u32>;

fn from_be(bytes: &[u8]) -> Big {
    let mut out = Vec::with_capacity(bytes.len() / 4 + 1);
    for chunk in bytes.rchunks(4) {
        out.push(chunk.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b)));
    }
    out
}

fn from_hex(h: &str) -> Big {
    let bytes: Vec<u8> = h
        .as_bytes()
        .chunks(2)
        .map(|c| {
            c.iter().fold(0u8, |a, d| {
                (a << 4) | (char::from(*d).to_digit(16).unwrap_or(0) as u8)
            })
        })
        .collect();
    from_be(&bytes)
}

#[cfg(test)]
fn bit_len(a: &[u32]) -> usize {
    for (i, limb) in a.iter().enumerate().rev() {
        if *limb != 0 {
            return i * 32 + 32 - limb.leading_zeros() as usize;
        }
    }
    0
}

#[cfg(test)]
fn bit(a: &[u32], i: usize) -> bool {
    a.get(i / 32).is_some_and(|l| (l >> (i % 32)) & 1 == 1)
}

fn cmp(a: &[u32], b: &[u32]) -> core::cmp::Ordering {
    let n = a.len().max(b.len());
    for i in (0..n).rev() {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        if x != y {
            return x.cmp(&y);
        }
    }
    core::cmp::Ordering::Equal
}

#[cfg(test)]
/// `a -= b`, for `a >= b`.
fn sub_in_place(a: &mut [u32], b: &[u32]) {
    let mut borrow = 0i64;
    for (i, limb) in a.iter_mut().enumerate() {
        let v = i64::from(*limb) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
        if v < 0 {
            *limb = (v + (1i64 << 32)) as u32;
            borrow = 1;
        } else {
            *limb = v as u32;
            borrow = 0;
        }
    }
}

#[cfg(test)]
fn shl1_or(a: &mut Big, low: bool) {
    let mut carry = u32::from(low);
    for limb in a.iter_mut() {
        let next = *limb >> 31;
        *limb = (*limb << 1) | carry;
        carry = next;
    }
    if carry != 0 {
        a.push(carry);
    }
}

/// `a mod p` by word-level long division (Knuth's algorithm D, remainder only).
fn reduce(a: &[u32], p: &[u32]) -> Big {
    // Strip leading zero limbs of p.
    let n = p.iter().rposition(|l| *l != 0).map_or(0, |i| i + 1);
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        let d = u64::from(p.first().copied().unwrap_or(1));
        let r = a
            .iter()
            .rev()
            .fold(0u64, |r, l| ((r << 32) | u64::from(*l)) % d);
        return vec![r as u32];
    }
    if cmp(a, p) == core::cmp::Ordering::Less {
        return a.to_vec();
    }
    // Normalize: shift so the top limb of the divisor has its high bit set.
    let shift = p.get(n - 1).map_or(0, |t| t.leading_zeros());
    let shl = |x: &[u32], len: usize| -> Vec<u32> {
        let mut out = vec![0u32; len];
        for (i, slot) in out.iter_mut().enumerate() {
            let lo = x.get(i).copied().unwrap_or(0);
            let below = if i == 0 {
                0
            } else {
                x.get(i - 1).copied().unwrap_or(0)
            };
            *slot = if shift == 0 {
                lo
            } else {
                (lo << shift) | (below >> (32 - shift))
            };
        }
        out
    };
    let v = shl(p, n);
    let m_plus_n = a.len() + 1;
    let mut u = shl(a, m_plus_n);
    let v_top = u64::from(v.get(n - 1).copied().unwrap_or(1));
    let v_next = u64::from(v.get(n - 2).copied().unwrap_or(0));
    let b: u64 = 1 << 32;
    let get = |u: &[u32], i: usize| u64::from(u.get(i).copied().unwrap_or(0));
    for j in (0..m_plus_n.saturating_sub(n)).rev() {
        let num = (get(&u, j + n) << 32) | get(&u, j + n - 1);
        let mut qhat = num / v_top;
        let mut rhat = num % v_top;
        while qhat >= b || qhat * v_next > ((rhat << 32) | get(&u, j + n - 2)) {
            qhat -= 1;
            rhat += v_top;
            if rhat >= b {
                break;
            }
        }
        // u[j..j+n] -= qhat * v
        let mut borrow: i64 = 0;
        let mut carry: u64 = 0;
        for i in 0..n {
            let prod = qhat * u64::from(v.get(i).copied().unwrap_or(0)) + carry;
            carry = prod >> 32;
            let t = get(&u, i + j) as i64 - borrow - (prod & 0xffff_ffff) as i64;
            if let Some(slot) = u.get_mut(i + j) {
                *slot = t as u32;
            }
            borrow = i64::from(t < 0);
        }
        let t = get(&u, j + n) as i64 - borrow - carry as i64;
        if let Some(slot) = u.get_mut(j + n) {
            *slot = t as u32;
        }
        if t < 0 {
            // qhat was one too large: add v back.
            let mut c = 0u64;
            for i in 0..n {
                let sum = get(&u, i + j) + u64::from(v.get(i).copied().unwrap_or(0)) + c;
                if let Some(slot) = u.get_mut(i + j) {
                    *slot = sum as u32;
                }
                c = sum >> 32;
            }
            if let Some(slot) = u.get_mut(j + n) {
                *slot = slot.wrapping_add(c as u32);
            }
        }
    }
    // Unnormalize the remainder u[0..n].
    let mut r = vec![0u32; n];
    for (i, slot) in r.iter_mut().enumerate() {
        let lo = get(&u, i) as u32;
        let hi = get(&u, i + 1) as u32;
        *slot = if shift == 0 {
            lo
        } else {
            (lo >> shift) | (hi << (32 - shift))
        };
    }
    r
}

fn mul(a: &[u32], b: &[u32]) -> Big {
    let mut out = vec![0u32; a.len() + b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        let mut carry = 0u64;
        for (j, y) in b.iter().enumerate() {
            if let Some(slot) = out.get_mut(i + j) {
                let t = u64::from(*slot) + u64::from(*x) * u64::from(*y) + carry;
                *slot = t as u32;
                carry = t >> 32;
            }
        }
        let mut k = i + b.len();
        while carry != 0 {
            if let Some(slot) = out.get_mut(k) {
                let t = u64::from(*slot) + carry;
                *slot = t as u32;
                carry = t >> 32;
                k += 1;
            } else {
                break;
            }
        }
    }
    out
}

fn add(a: &[u32], b: &[u32]) -> Big {
    let n = a.len().max(b.len());
    let mut out = Vec::with_capacity(n + 1);
    let mut carry = 0u64;
    for i in 0..n {
        let t = u64::from(a.get(i).copied().unwrap_or(0))
            + u64::from(b.get(i).copied().unwrap_or(0))
            + carry;
        out.push(t as u32);
        carry = t >> 32;
    }
    out.push(carry as u32);
    out
}

/// Checks an uncompressed SEC1 point of the right length against the curve, with Go's errors.
pub(crate) fn check_point(curve: &str, point: &[u8]) -> Result<(), String> {
    let Some((p_hex, b_hex)) = params(curve) else {
        return Ok(());
    };
    let name = curve.replace('-', "");
    let coord_len = (point.len().saturating_sub(1)) / 2;
    let x = from_be(point.get(1..1 + coord_len).unwrap_or_default());
    let y = from_be(point.get(1 + coord_len..).unwrap_or_default());
    let p = from_hex(p_hex);
    let b = from_hex(b_hex);
    for c in [&x, &y] {
        if cmp(c, &p) != core::cmp::Ordering::Less {
            return Err(format!("invalid {name}Element encoding"));
        }
    }
    // y² + 3x ≡ x³ + b (mod p)
    let lhs = reduce(&add(&mul(&y, &y), &mul(&x, &[3])), &p);
    let x2 = reduce(&mul(&x, &x), &p);
    let rhs = reduce(&add(&mul(&x2, &x), &b), &p);
    if cmp(&lhs, &rhs) != core::cmp::Ordering::Equal {
        return Err(format!("{name} point not on curve"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference: `a mod p` by binary long division (slow, obviously right).
    fn reduce_bitwise(a: &[u32], p: &[u32]) -> Big {
        let mut r: Big = vec![0; p.len() + 1];
        for i in (0..bit_len(a)).rev() {
            shl1_or(&mut r, bit(a, i));
            if cmp(&r, p) != core::cmp::Ordering::Less {
                sub_in_place(&mut r, p);
            }
        }
        r
    }

    #[test]
    fn reduce_matches_bitwise_reference() {
        // A deterministic spread of operands: products of curve-sized values modulo each prime.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u32
        };
        for curve in ["P-224", "P-256", "P-384", "P-521"] {
            let Some((p_hex, _)) = params(curve) else {
                panic!("{curve}");
            };
            let p = from_hex(p_hex);
            for k in 0..200 {
                let len = 1 + (k % (2 * p.len() + 1));
                let mut a: Vec<u32> = (0..len).map(|_| next()).collect();
                if k % 7 == 0 {
                    a = mul(&p, &[k as u32 + 1]); // exact multiples
                }
                let mut want = reduce_bitwise(&a, &p);
                let mut got = reduce(&a, &p);
                while want.last() == Some(&0) {
                    want.pop();
                }
                while got.last() == Some(&0) {
                    got.pop();
                }
                assert_eq!(got, want, "{curve} {a:x?}");
            }
        }
    }

    fn hex_bytes(h: &str) -> Vec<u8> {
        (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap_or(0))
            .collect()
    }

    #[test]
    fn generators_are_on_their_curves() {
        // The standard base points (SEC 2 / FIPS 186-4).
        let cases = [
            (
                "P-256",
                "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
                "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
            ),
            (
                "P-384",
                "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
                "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
            ),
            (
                "P-224",
                "b70e0cbd6bb4bf7f321390b94a03c1d356c21122343280d6115c1d21",
                "bd376388b5f723fb4c22dfe6cd4375a05a07476444d5819985007e34",
            ),
            (
                "P-521",
                "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
                "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
            ),
        ];
        for (curve, x, y) in cases {
            let mut point = vec![4u8];
            point.extend(hex_bytes(x));
            point.extend(hex_bytes(y));
            assert_eq!(check_point(curve, &point), Ok(()), "{curve}");
            // Flip the last bit of y: off the curve.
            if let Some(last) = point.last_mut() {
                *last ^= 1;
            }
            let want = format!("{} point not on curve", curve.replace('-', ""));
            assert_eq!(check_point(curve, &point), Err(want));
        }
    }
}
