//! ECDSA verification and public-point derivation for P-256, P-384 and P-521 with the semantics
//! of Go's `ecdsa.Verify` (Go 1.26, `crypto/internal/fips140/ecdsa/ecdsa.go`: `verifyGeneric`,
//! `hashToNat`), on RustCrypto's curve arithmetic (`p256`/`p384`/`p521`, `ecdsa` verifying keys).
//!
//! The arithmetic is the crates'; what is Go's is at the boundary, where Go and the crates
//! would otherwise differ:
//!
//! - **The digest** (Go's `hashToNat`, FIPS 186-5 `bits2int`): Go takes the leftmost bytes of the
//!   digest, as many as the order `n` has, and shifts them right by the excess bits, so that the
//!   *leftmost* bit length of `n` bits remain; a shorter digest is taken whole. `ecdsa` 0.17's
//!   `bytes2scalar` truncates to the same byte count but then keeps the *rightmost* bits
//!   (`crypto-bigint`'s `from_be_slice_truncated` masks). The two agree when the bit length of `n`
//!   is a multiple of 8 (P-256, P-384) and for digests shorter than `n` (P-521 with SHA-512, the
//!   longest hash a certificate can name), and differ for P-521 with a digest of 66 bytes or more.
//!   [`go_bits2int`] therefore hands the crate exactly Go's integer as `n`'s byte length, which
//!   the crate neither truncates nor masks.
//! - **`r` and `s`**: Go's `SetBytes` refuses values at or above `n`, and zero is refused after it;
//!   `ecdsa::Signature::from_scalars` does the same on the fixed-width encoding, so a magnitude
//!   longer than `n`'s byte length is refused here before padding. The DER of the signature is
//!   parsed by the caller with Go's rules ([`crate::x509::verify`]'s `parseSignature` port): the
//!   crate's DER parser is not used.
//! - **The key**: Go's certificate parser accepts only uncompressed points on the curve (checked
//!   with Go's texts by [`super::elliptic`]); here only `04 ‖ x ‖ y` is read, each coordinate
//!   below the field prime and the point on the curve (the crate's `from_coordinates`).
//! - **`s` in the upper half**: Go accepts it; the three crates do not normalise `s`
//!   (`NORMALIZE_S = false`), so they accept it too.
//!
//! The crates' verification is variable time, which is fine for public values; [`public_point`]
//! (a private scalar times the generator) runs the crates' constant-time multiplication.

/// Go's `hashToNat` before the reduction: the big-endian integer the digest stands for, as
/// exactly `size` bytes (`size` = byte length of `n`, `n_bits` its bit length). The crate reduces
/// it mod `n` like Go's `SetOverflowingBytes`.
fn go_bits2int(digest: &[u8], size: usize, n_bits: usize) -> Vec<u8> {
    let mut out = vec![0u8; size];
    if digest.len() >= size {
        let taken = digest.get(..size).unwrap_or(digest);
        let excess = (size * 8).saturating_sub(n_bits);
        if excess == 0 {
            out.copy_from_slice(taken);
        } else {
            // Right shift by 1..7 bits (Go's rightShift).
            let mut carry = 0u8;
            for (o, b) in out.iter_mut().zip(taken) {
                *o = (b >> excess) | carry;
                carry = b << (8 - excess);
            }
        }
    } else if let Some(dst) = out.get_mut(size - digest.len()..) {
        dst.copy_from_slice(digest);
    }
    out
}

/// Left-pads the big-endian magnitude `b` (no leading zeros needed) to `size` bytes; `None` if it
/// does not fit.
fn pad(b: &[u8], size: usize) -> Option<Vec<u8>> {
    let b = &b[b.iter().take_while(|x| **x == 0).count()..];
    let zeros = size.checked_sub(b.len())?;
    let mut out = vec![0u8; zeros];
    out.extend_from_slice(b);
    Some(out)
}

/// Runs `$body` with `$c` bound to the curve crate named by `$curve` (`"P-256"`, `"P-384"`,
/// `"P-521"`), its field size in `$size` and the bit length of its order in `$bits`; `$none`
/// for any other curve (P-224, which Go supports, has no crate here).
macro_rules! with_curve {
    ($curve:expr, $none:expr, |$c:ident, $size:ident, $bits:ident| $body:expr) => {
        match $curve {
            "P-256" => {
                use p256 as $c;
                let ($size, $bits) = (32usize, 256usize);
                $body
            }
            "P-384" => {
                use p384 as $c;
                let ($size, $bits) = (48usize, 384usize);
                $body
            }
            "P-521" => {
                use p521 as $c;
                let ($size, $bits) = (66usize, 521usize);
                $body
            }
            _ => $none,
        }
    };
}

/// Go's `ecdsa.Verify(pub, digest, r, s)` for an uncompressed `point` on `curve` and the
/// big-endian magnitudes `r`, `s`: the key must be a point on the curve, `r` and `s` in
/// `[1, n − 1]`, and with `e` Go's `hashToNat(digest)` and `w = s⁻¹`, the point `e·w·G + r·w·Q`
/// must not be the point at infinity and its x coordinate mod `n` must equal `r`.
pub(crate) fn verify(curve: &str, point: &[u8], digest: &[u8], r: &[u8], s: &[u8]) -> bool {
    use signature::hazmat::PrehashVerifier;
    if point.first() != Some(&4) {
        return false;
    }
    with_curve!(curve, false, |c, size, bits| {
        let (Some(r), Some(s)) = (pad(r, size), pad(s, size)) else {
            return false;
        };
        // `04 ‖ x ‖ y` to coordinates directly: `from_sec1_bytes` would also link the
        // decompression (a square root per curve) for the compressed points Go never accepts.
        use c::elliptic_curve::point::AffineCoordinates as _;
        let Some((x, y)) = point
            .get(1..)
            .and_then(|xy| (xy.len() == 2 * size).then(|| xy.split_at(size)))
        else {
            return false;
        };
        let (Ok(x), Ok(y)) = (c::FieldBytes::try_from(x), c::FieldBytes::try_from(y)) else {
            return false;
        };
        let Some(affine) = Option::<c::AffinePoint>::from(c::AffinePoint::from_coordinates(&x, &y))
        else {
            return false;
        };
        let Ok(key) = c::ecdsa::VerifyingKey::from_affine(affine) else {
            return false;
        };
        let (Ok(r), Ok(s)) = (
            c::FieldBytes::try_from(r.as_slice()),
            c::FieldBytes::try_from(s.as_slice()),
        ) else {
            return false;
        };
        let Ok(sig) = c::ecdsa::Signature::from_scalars(r, s) else {
            return false;
        };
        key.verify_prehash(&go_bits2int(digest, size, bits), &sig)
            .is_ok()
    })
}

/// Whether the big-endian `k` is below the group order of `curve` (false for an unknown curve).
pub(crate) fn below_order(curve: &str, k: &[u8]) -> bool {
    with_curve!(curve, false, |c, size, _bits| {
        use c::elliptic_curve::PrimeField as _;
        pad(k, size)
            .and_then(|k| c::FieldBytes::try_from(k.as_slice()).ok())
            .is_some_and(|k| bool::from(c::Scalar::from_repr(k).is_some()))
    })
}

/// The uncompressed public point `d·G` of the big-endian scalar `d` on `curve`; `None` for an
/// unknown curve or a scalar outside `[1, n − 1]`.
pub(crate) fn public_point(curve: &str, d: &[u8]) -> Option<Vec<u8>> {
    with_curve!(curve, None, |c, size, _bits| {
        use c::elliptic_curve::sec1::ToSec1Point as _;
        let d = pad(d, size)?;
        let key = c::SecretKey::from_slice(&d).ok()?;
        Some(key.public_key().to_sec1_point(false).as_bytes().to_vec())
    })
}

#[cfg(test)]
mod tests {
    use super::{below_order, go_bits2int, public_point, verify};

    fn hex_bytes(h: &str) -> Vec<u8> {
        (0..h.len() / 2)
            .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).expect("hex"))
            .collect()
    }

    /// RFC 6979 A.2.5 (P-256, SHA-256, message "sample"): the key pair and a signature.
    #[test]
    fn rfc6979_p256_vector() {
        let h = hex_bytes;
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
        // The same point compressed: Go's certificates never carry one; refused here.
        let mut compressed = vec![0x02 | (point[64] & 1)];
        compressed.extend_from_slice(&point[1..33]);
        assert!(!verify("P-256", &compressed, &digest, &r, &s));
        assert!(!verify("P-224", &point, &digest, &r, &s));
        assert_eq!(public_point("P-256", &[0]), None);
    }

    /// A P-521 signature over a 70-byte digest made and checked by Go 1.27.3's `ecdsa.Sign` and
    /// `ecdsa.Verify` (a throwaway program; its output is pasted here). Go takes the leftmost 521
    /// bits of the digest: it verifies with the last bit of byte 65 flipped (shifted out) and
    /// fails with the first bit flipped. The crate's own `verify_prehash` keeps the rightmost
    /// bits and, given the digest directly, fails on Go's valid signature.
    #[test]
    fn p521_long_digest_is_go_bits2int() {
        use signature::hazmat::PrehashVerifier;
        let point = hex_bytes(concat!(
            "0401a64e461eb77072cb51f0b7c93a7df963363a60f291557bae9b5ea9663801d0646ed0fae06385740831",
            "52c2a5812c720f616be21a746e464a9c9abaeefde19fda0d0059430b93cc41e36ee015c7e7e612fb41c209",
            "6438dd86928f0b12776f2c4537482b1e7e991feaa4793584e71f6d8de157746577e6649dabf46da72acc65",
            "32f9d493"
        ));
        let digest = hex_bytes(concat!(
            "a580efca311c7ba68de8d7321944a38ef5d03f1a41ac8bf6dd386742a994f3de05604faa91fcdb066d48b7",
            "92f924036e55b09ffa210c6b56bd98c722097453bee5c02f0a715c"
        ));
        let r = hex_bytes(concat!(
            "01825e2294c55fcd1f31f46af16adf496ec206042a4f5a58e669989f1aeb7388591d3fe0c995aa26ba4da9",
            "2110ebad07d2f32d337f19922a925318a841ce5d850095"
        ));
        let s = hex_bytes(concat!(
            "049e66b41fb726e23a03e06c993d57c5a2b49ffc893f8348a8b0d8d651f139183e3b4fb1ab620886e069c8",
            "9caa0655acc85a46c9476d5dc374a7397cdc939eac56"
        ));
        assert!(verify("P-521", &point, &digest, &r, &s));
        let mut low = digest.clone();
        low[65] ^= 1;
        assert!(verify("P-521", &point, &low, &r, &s));
        let mut high = digest.clone();
        high[0] ^= 0x80;
        assert!(!verify("P-521", &point, &high, &r, &s));

        let key = p521::ecdsa::VerifyingKey::from_sec1_bytes(&point).expect("key");
        let fixed = |b: &[u8]| {
            let mut out = vec![0u8; 66 - b.len()];
            out.extend_from_slice(b);
            p521::FieldBytes::try_from(out.as_slice()).expect("66 bytes")
        };
        let sig = p521::ecdsa::Signature::from_scalars(fixed(&r), fixed(&s)).expect("sig");
        assert!(key.verify_prehash(&digest, &sig).is_err());
    }

    /// Go's `rightShift`: the leftmost bits of the first `size` bytes; shorter digests whole.
    #[test]
    fn bits2int_shifts_and_pads() {
        assert_eq!(go_bits2int(&[0xff, 0x80, 0x01], 2, 9), vec![0x01, 0xff]);
        assert_eq!(go_bits2int(&[0xab, 0xcd, 0xef], 2, 16), vec![0xab, 0xcd]);
        assert_eq!(go_bits2int(&[0xab], 3, 24), vec![0, 0, 0xab]);
    }

    #[test]
    fn order_bounds() {
        let n256 = hex_bytes("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
        let mut below = n256.clone();
        below[31] -= 1;
        assert!(below_order("P-256", &below));
        assert!(!below_order("P-256", &n256));
        let mut padded = vec![0, 0];
        padded.extend_from_slice(&below);
        assert!(below_order("P-256", &padded));
        assert!(below_order("P-521", &[0]));
        assert!(!below_order("P-521", &[1; 67]));
        assert!(!below_order("P-224", &[1]));
    }
}
