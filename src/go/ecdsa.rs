//! ECDSA verification and public-point derivation for P-256, P-384 and P-521 on `num-bigint`
//! integers, with Go's `ecdsa.Verify` semantics (`$GOROOT/src/crypto/ecdsa/ecdsa.go`, Go 1.26 /
//! 1.27: `r` and `s` in `[1, n)`, the digest truncated to the order's bit length). The verdicts
//! are Go's; the arithmetic is not a port of Go's (`crypto/internal/fips140/nistec`).
//!
//! Hand-written for size: the RustCrypto curve crates (`p256`/`p384`/`p521` with `ecdsa`,
//! `primeorder`, `elliptic-curve` and `crypto-bigint`'s fixed-size integers) made the optimised
//! core wasm 37 KB gzipped larger (354,064 → 317,010 bytes measured), for two uses only —
//! verifying certificate signatures and deriving a parsed private key's public point to compare
//! it with a certificate's. Both now run here on `num-bigint`, which the core links anyway for
//! RSA ([`super::rsa`]); the curve crates remain only for native key generation and signing
//! (the npm package makes keys and signs with WebCrypto).
//!
//! **Not constant time.** Verification only handles public values (keys, signatures, digests),
//! so timing leaks nothing. The one secret input is the scalar of [`public_point`], computed a
//! few times per key — when a key file is read to compare it with a certificate, and when a new
//! key is checked against its certificate and written out as SEC1 — in a planner that runs on
//! the user's own machine, where anything that could time it could read the key; key
//! generation and signing never use this code (WebCrypto or RustCrypto do).
//!
//! The arithmetic is textbook: Jacobian coordinates (`x = X/Z²`, `y = Y/Z³`, `Z = 0` for the
//! point at infinity) with the `dbl-2007-bl` doubling and `add-2007-bl` addition formulas of the
//! Explicit-Formulas Database, Shamir's trick for `u1·G + u2·Q`, and Fermat inversion. One
//! generic implementation serves the three curves; their parameters are
//! [`PARAMS`], shared with the point check. It is
//! slower than the curve crates' field arithmetic (a P-256 leaf + intermediate + root chain:
//! 147 against 685 verifications a second natively), which a planner can afford.

use num_bigint::BigUint;

use super::bigint::pow_mod;
use super::elliptic::PARAMS;

/// A curve's parameters as integers.
pub(crate) struct Curve {
    p: BigUint,
    /// `a = p − 3`.
    a: BigUint,
    b: BigUint,
    g: (BigUint, BigUint),
    /// The group order.
    pub(crate) n: BigUint,
    /// Bytes of a field element (and of a scalar) in encodings: 32, 48, 66.
    pub(crate) size: usize,
}

/// A point in Jacobian coordinates; `z = 0` is the point at infinity.
#[derive(Clone)]
struct Point {
    x: BigUint,
    y: BigUint,
    z: BigUint,
}

fn hex(h: &str) -> Option<BigUint> {
    BigUint::parse_bytes(h.as_bytes(), 16)
}

impl Curve {
    /// The curve Go calls `name` (`"P-256"`, `"P-384"`, `"P-521"`).
    pub(crate) fn named(name: &str) -> Option<Self> {
        let c = PARAMS.iter().find(|c| c.name == name)?;
        let p = hex(c.p)?;
        let a = &p - BigUint::from(3u8);
        Some(Self {
            size: c.p.len() / 2,
            a,
            b: hex(c.b)?,
            g: (hex(c.gx)?, hex(c.gy)?),
            n: hex(c.n)?,
            p,
        })
    }

    fn mul(&self, x: &BigUint, y: &BigUint) -> BigUint {
        x * y % &self.p
    }

    fn add(&self, x: &BigUint, y: &BigUint) -> BigUint {
        (x + y) % &self.p
    }

    /// `x − y mod p` for reduced `y`.
    fn sub(&self, x: &BigUint, y: &BigUint) -> BigUint {
        (x + &self.p - y) % &self.p
    }

    fn small(&self, k: u8, x: &BigUint) -> BigUint {
        x * BigUint::from(k) % &self.p
    }

    /// Whether the affine `(x, y)` is on the curve with both coordinates reduced (Go's
    /// `checkOnCurve` plus the range check of `SetBytes`).
    fn on_curve(&self, x: &BigUint, y: &BigUint) -> bool {
        if *x >= self.p || *y >= self.p {
            return false;
        }
        let rhs = self.add(&self.mul(&self.mul(x, x), x), &self.mul(&self.a, x));
        self.mul(y, y) == self.add(&rhs, &self.b)
    }

    fn affine(x: &BigUint, y: &BigUint) -> Point {
        Point {
            x: x.clone(),
            y: y.clone(),
            z: BigUint::from(1u8),
        }
    }

    fn infinity() -> Point {
        Point {
            x: BigUint::ZERO,
            y: BigUint::ZERO,
            z: BigUint::ZERO,
        }
    }

    /// `dbl-2007-bl`.
    fn double(&self, q: &Point) -> Point {
        if q.z == BigUint::ZERO || q.y == BigUint::ZERO {
            return Self::infinity();
        }
        let xx = self.mul(&q.x, &q.x);
        let yy = self.mul(&q.y, &q.y);
        let yyyy = self.mul(&yy, &yy);
        let zz = self.mul(&q.z, &q.z);
        let t = self.add(&q.x, &yy);
        let s = self.small(2, &self.sub(&self.sub(&self.mul(&t, &t), &xx), &yyyy));
        let m = self.add(&self.small(3, &xx), &self.mul(&self.a, &self.mul(&zz, &zz)));
        let x3 = self.sub(&self.mul(&m, &m), &self.small(2, &s));
        let y3 = self.sub(&self.mul(&m, &self.sub(&s, &x3)), &self.small(8, &yyyy));
        let yz = self.add(&q.y, &q.z);
        let z3 = self.sub(&self.sub(&self.mul(&yz, &yz), &yy), &zz);
        Point {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// `add-2007-bl`, with the doubling and inverse cases it leaves out.
    fn add_points(&self, p1: &Point, p2: &Point) -> Point {
        if p1.z == BigUint::ZERO {
            return p2.clone();
        }
        if p2.z == BigUint::ZERO {
            return p1.clone();
        }
        let z1z1 = self.mul(&p1.z, &p1.z);
        let z2z2 = self.mul(&p2.z, &p2.z);
        let u1 = self.mul(&p1.x, &z2z2);
        let u2 = self.mul(&p2.x, &z1z1);
        let s1 = self.mul(&self.mul(&p1.y, &p2.z), &z2z2);
        let s2 = self.mul(&self.mul(&p2.y, &p1.z), &z1z1);
        let h = self.sub(&u2, &u1);
        let r = self.sub(&s2, &s1);
        if h == BigUint::ZERO {
            return if r == BigUint::ZERO {
                self.double(p1)
            } else {
                Self::infinity()
            };
        }
        let hh = self.mul(&h, &h);
        let hhh = self.mul(&h, &hh);
        let v = self.mul(&u1, &hh);
        let x3 = self.sub(&self.sub(&self.mul(&r, &r), &hhh), &self.small(2, &v));
        let y3 = self.sub(&self.mul(&r, &self.sub(&v, &x3)), &self.mul(&s1, &hhh));
        let z3 = self.mul(&self.mul(&p1.z, &p2.z), &h);
        Point {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// `u1·P1 + u2·P2` by Shamir's trick (one doubling per bit of the longer scalar).
    fn double_mul(&self, u1: &BigUint, p1: &Point, u2: &BigUint, p2: &Point) -> Point {
        let both = self.add_points(p1, p2);
        let mut acc = Self::infinity();
        for i in (0..u1.bits().max(u2.bits())).rev() {
            acc = self.double(&acc);
            match (u1.bit(i), u2.bit(i)) {
                (true, true) => acc = self.add_points(&acc, &both),
                (true, false) => acc = self.add_points(&acc, p1),
                (false, true) => acc = self.add_points(&acc, p2),
                (false, false) => {}
            }
        }
        acc
    }

    /// The affine x and y, or `None` for the point at infinity.
    fn to_affine(&self, q: &Point) -> Option<(BigUint, BigUint)> {
        if q.z == BigUint::ZERO {
            return None;
        }
        let zinv = pow_mod(&q.z, &(&self.p - BigUint::from(2u8)), &self.p);
        let zinv2 = self.mul(&zinv, &zinv);
        Some((
            self.mul(&q.x, &zinv2),
            self.mul(&self.mul(&q.y, &zinv2), &zinv),
        ))
    }

    /// Go's `hashToNat`: the leftmost bits of the digest, as many as `n` has, reduced mod `n`.
    fn hash_to_int(&self, digest: &[u8]) -> BigUint {
        let size = usize::try_from(self.n.bits().div_ceil(8)).unwrap_or(usize::MAX);
        let mut e = BigUint::from_bytes_be(digest.get(..size).unwrap_or(digest));
        if digest.len() >= size {
            let excess = (size as u64)
                .saturating_mul(8)
                .saturating_sub(self.n.bits());
            e >>= excess;
        }
        e % &self.n
    }

    /// The uncompressed SEC 1 encoding `04 ‖ x ‖ y` of an affine point.
    fn encode(&self, x: &BigUint, y: &BigUint) -> Option<Vec<u8>> {
        let mut out = vec![4u8];
        out.extend(pad(&x.to_bytes_be(), self.size)?);
        out.extend(pad(&y.to_bytes_be(), self.size)?);
        Some(out)
    }

    /// An uncompressed SEC 1 point on the curve (the only encoding Go's certificate parser
    /// accepts); `None` otherwise.
    fn decode(&self, point: &[u8]) -> Option<Point> {
        let (tag, xy) = point.split_first()?;
        if *tag != 4 || xy.len() != self.size.checked_mul(2)? {
            return None;
        }
        let (x, y) = xy.split_at_checked(self.size)?;
        let (x, y) = (BigUint::from_bytes_be(x), BigUint::from_bytes_be(y));
        self.on_curve(&x, &y).then(|| Self::affine(&x, &y))
    }
}

/// Left-pads `b` to `len` bytes; `None` when it is longer.
fn pad(b: &[u8], len: usize) -> Option<Vec<u8>> {
    let zeros = len.checked_sub(b.len())?;
    let mut out = vec![0u8; zeros];
    out.extend_from_slice(b);
    Some(out)
}

/// Go's `ecdsa.Verify(pub, digest, r, s)` (the FIPS module's `verifyGeneric`) for an
/// uncompressed `point` on `curve` and the big-endian magnitudes `r`, `s`: the key must be a
/// point on the curve, `r` and `s` in `[1, n − 1]`, and with `e` the digest truncated to the bit
/// length of `n` (Go's `hashToNat`), `w = s⁻¹`, the point `e·w·G + r·w·Q` must not be the point
/// at infinity and its x coordinate mod `n` must equal `r`.
pub(crate) fn verify(curve: &str, point: &[u8], digest: &[u8], r: &[u8], s: &[u8]) -> bool {
    let Some(c) = Curve::named(curve) else {
        return false;
    };
    let Some(q) = c.decode(point) else {
        return false;
    };
    let (r, s) = (BigUint::from_bytes_be(r), BigUint::from_bytes_be(s));
    if r == BigUint::ZERO || s == BigUint::ZERO || r >= c.n || s >= c.n {
        return false;
    }
    let e = c.hash_to_int(digest);
    let w = pow_mod(&s, &(&c.n - BigUint::from(2u8)), &c.n);
    let u1 = e * &w % &c.n;
    let u2 = &r * &w % &c.n;
    let g = Curve::affine(&c.g.0, &c.g.1);
    let sum = c.double_mul(&u1, &g, &u2, &q);
    let Some((x, _)) = c.to_affine(&sum) else {
        return false;
    };
    x % &c.n == r
}

/// Whether the big-endian `k` is below the group order of `curve` (false for an unknown curve).
pub(crate) fn below_order(curve: &str, k: &[u8]) -> bool {
    Curve::named(curve).is_some_and(|c| BigUint::from_bytes_be(k) < c.n)
}

/// The uncompressed public point `d·G` of the big-endian scalar `d` on `curve`; `None` for an
/// unknown curve or a scalar outside `[1, n − 1]`.
pub(crate) fn public_point(curve: &str, d: &[u8]) -> Option<Vec<u8>> {
    let c = Curve::named(curve)?;
    let d = BigUint::from_bytes_be(d);
    if d == BigUint::ZERO || d >= c.n {
        return None;
    }
    let g = Curve::affine(&c.g.0, &c.g.1);
    let q = c.double_mul(&d, &g, &BigUint::ZERO, &Curve::infinity());
    let (x, y) = c.to_affine(&q)?;
    c.encode(&x, &y)
}

#[cfg(test)]
mod tests {
    use num_bigint::BigUint;

    use super::{Curve, PARAMS, public_point, verify};

    /// Each table entry: the generator is on the curve, `n·G` is the point at infinity and
    /// `(n − 1)·G = −G`, `n` and `p` have the sizes the curve's name says, and `a = −3`.
    #[test]
    fn parameter_table_is_consistent() {
        for (params, bits) in PARAMS.iter().zip([256u64, 384, 521]) {
            let c = Curve::named(params.name).expect("curve");
            assert!(c.on_curve(&c.g.0, &c.g.1), "{}", params.name);
            assert_eq!(c.p.bits(), bits);
            assert_eq!(c.n.bits(), bits);
            assert_eq!(&c.a + BigUint::from(3u8), c.p);
            let g = Curve::affine(&c.g.0, &c.g.1);
            let zero = BigUint::ZERO;
            let inf = Curve::infinity();
            assert!(c.to_affine(&c.double_mul(&c.n, &g, &zero, &inf)).is_none());
            let (x, y) = c
                .to_affine(&c.double_mul(&(&c.n - 1u8), &g, &zero, &inf))
                .expect("finite");
            assert_eq!(x, c.g.0);
            assert_eq!(y, &c.p - &c.g.1);
            // 2G by doubling equals G + G through the addition's doubling case, and 3G = 2G + G.
            let two = c.double(&g);
            let three = c.add_points(&two, &g);
            let three_mul = c.double_mul(&BigUint::from(3u8), &g, &zero, &inf);
            assert_eq!(c.to_affine(&three), c.to_affine(&three_mul));
            let (x2, y2) = c.to_affine(&two).expect("finite");
            assert!(c.on_curve(&x2, &y2));
        }
        assert!(Curve::named("P-224").is_none());
    }

    /// RFC 6979 A.2.5 (P-256, SHA-256, message "sample"): the key pair and a signature.
    #[test]
    fn rfc6979_p256_vector() {
        let h = |s: &str| hex_bytes(s);
        let d = h("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
        let ux = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
        let uy = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
        let point = h(&format!("04{ux}{uy}"));
        assert_eq!(public_point("P-256", &d), Some(point.clone()));
        let digest = h("af2bdbe1aa9b6ec1e2ade1d694f41fc71a831d0268e9891562113d8a62add1bf");
        let r = h("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716");
        let s = h("f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
        assert!(verify("P-256", &point, &digest, &r, &s));
        let mut bad = s.clone();
        if let Some(b) = bad.last_mut() {
            *b ^= 1;
        }
        assert!(!verify("P-256", &point, &digest, &r, &bad));
        assert!(!verify("P-256", &point, &digest, &[], &s));
        let mut off = point.clone();
        if let Some(b) = off.last_mut() {
            *b ^= 1;
        }
        assert!(!verify("P-256", &off, &digest, &r, &s));
        assert_eq!(public_point("P-256", &[0]), None);
    }

    fn hex_bytes(h: &str) -> Vec<u8> {
        (0..h.len() / 2)
            .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).expect("hex"))
            .collect()
    }
}
