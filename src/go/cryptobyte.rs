//! A port of the ASN.1 reader of Go's `golang.org/x/crypto/cryptobyte`, the one
//! `crypto/x509.ParseCertificate` reads certificates with: `cryptobyte/asn1.go` and `string.go` as
//! vendored in Go 1.26 / 1.27 (`$GOROOT/src/vendor/golang.org/x/crypto/cryptobyte/`), plus the
//! time checks of `crypto/x509/parser.go`'s `parseTime`.
//!
//! Why hand-written rather than `der`'s reader: Go's verdicts are decided by cryptobyte's exact
//! rules, which `der`/`x509-cert` do not share and cannot be configured to share:
//! - lengths: definite, minimal, at most 4 length octets (`der` accepts other limits);
//! - tags: low-tag-number form only, and every comparison is on the single identifier octet
//!   (`PeekASN1Tag`), so a `[0]` that is primitive where constructed is expected is "absent";
//! - INTEGER: minimal two's complement, but negative serials are read (and rejected later with
//!   Go's own message), BOOLEAN only `00`/`FF`, BIT STRING padding rules;
//! - OBJECT IDENTIFIER arcs limited to 31 bits and 5 octets (`readBase128Int`);
//! - UTCTime with or without seconds, any `±hhmm` offset, years 1950–2049 (x509-cert starts
//!   at 1970), GeneralizedTime without fractions, each accepted only when Go's `time.Format`
//!   gives back the same text.
//!
//! Every read returns the sub-slice of the input, so raw fields are the original bytes.

use crate::time::UnixTime;

/// Universal tags (the identifier octet) used by the certificate parser.
pub(crate) mod tag {
    pub(crate) const BOOLEAN: u8 = 0x01;
    pub(crate) const INTEGER: u8 = 0x02;
    pub(crate) const BIT_STRING: u8 = 0x03;
    pub(crate) const OCTET_STRING: u8 = 0x04;
    pub(crate) const NULL: u8 = 0x05;
    pub(crate) const OBJECT_IDENTIFIER: u8 = 0x06;
    pub(crate) const UTF8_STRING: u8 = 0x0c;
    pub(crate) const NUMERIC_STRING: u8 = 0x12;
    pub(crate) const PRINTABLE_STRING: u8 = 0x13;
    pub(crate) const T61_STRING: u8 = 0x14;
    pub(crate) const IA5_STRING: u8 = 0x16;
    pub(crate) const UTC_TIME: u8 = 0x17;
    pub(crate) const GENERALIZED_TIME: u8 = 0x18;
    pub(crate) const BMP_STRING: u8 = 0x1e;
    pub(crate) const SEQUENCE: u8 = 0x30;
    pub(crate) const SET: u8 = 0x31;

    /// Context-specific, primitive `[n]`.
    pub(crate) const fn ctx(n: u8) -> u8 {
        0x80 | n
    }

    /// Context-specific, constructed `[n]`.
    pub(crate) const fn ctx_cons(n: u8) -> u8 {
        0xa0 | n
    }
}

/// A time as Go's `time.Time` holds it after parsing: the instant and the zone offset written
/// in the encoding (needed to re-marshal a time attribute the way Go does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct GoTime {
    /// The instant.
    pub(crate) instant: UnixTime,
    /// The written offset east of UTC in seconds (0 for `Z`).
    pub(crate) offset: i64,
}

/// A BIT STRING: the bytes and the number of meaningful bits.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BitString<'a> {
    /// The content octets after the padding-count octet.
    pub(crate) bytes: &'a [u8],
    /// `len(bytes)*8 - padding`.
    pub(crate) bit_length: usize,
}

impl BitString<'_> {
    /// Go's `BitString.At`: bit `i` counting from the most significant bit of the first byte.
    pub(crate) fn at(&self, i: usize) -> u8 {
        if i >= self.bit_length {
            return 0;
        }
        let x = i / 8;
        let y = 7 - (i % 8);
        self.bytes.get(x).map_or(0, |b| (b >> y) & 1)
    }

    /// Go's `BitString.RightAlign`: the bits shifted so that padding bits are at the front.
    pub(crate) fn right_align(&self) -> Vec<u8> {
        let shift = 8 - (self.bit_length % 8);
        if shift == 8 || self.bytes.is_empty() {
            return self.bytes.to_vec();
        }
        let mut a = vec![0u8; self.bytes.len()];
        let mut prev = 0u8;
        for (i, b) in self.bytes.iter().enumerate() {
            if let Some(slot) = a.get_mut(i) {
                *slot = ((u16::from(prev) << (8 - shift)) as u8) | (b >> shift);
            }
            prev = *b;
        }
        a
    }
}

/// Go's `cryptobyte.String`: a cursor over DER input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cbs<'a>(&'a [u8]);

impl<'a> Cbs<'a> {
    /// A cursor over `b`.
    pub(crate) fn new(b: &'a [u8]) -> Self {
        Self(b)
    }

    /// Whether everything has been read.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `readASN1`: one element; returns (tag, full element, header length).
    fn read_element(&mut self) -> Option<(u8, &'a [u8], usize)> {
        let s = self.0;
        let tag = *s.first()?;
        let len_byte = *s.get(1)?;
        if tag & 0x1f == 0x1f {
            return None;
        }
        let (length, header_len) = if len_byte & 0x80 == 0 {
            (usize::from(len_byte) + 2, 2usize)
        } else {
            let len_len = usize::from(len_byte & 0x7f);
            if len_len == 0 || len_len > 4 {
                return None;
            }
            let len_bytes = s.get(2..2 + len_len)?;
            let len32 = len_bytes
                .iter()
                .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
            if len32 < 128 {
                return None;
            }
            if len32 >> ((len_len - 1) * 8) == 0 {
                return None;
            }
            let header_len = 2 + len_len;
            let total = usize::try_from(len32).ok()?.checked_add(header_len)?;
            (total, header_len)
        };
        let full = s.get(..length)?;
        self.0 = s.get(length..)?;
        Some((tag, full, header_len))
    }

    /// `ReadAnyASN1`: the contents and tag of the next element.
    pub(crate) fn read_any(&mut self) -> Option<(u8, &'a [u8])> {
        let (t, full, h) = self.read_element()?;
        Some((t, full.get(h..)?))
    }

    /// `ReadAnyASN1Element`: the whole next element (with header) and its tag.
    pub(crate) fn read_any_element(&mut self) -> Option<(u8, &'a [u8])> {
        let (t, full, _) = self.read_element()?;
        Some((t, full))
    }

    /// `ReadASN1`: the contents of the next element, which must have tag `want`.
    pub(crate) fn read(&mut self, want: u8) -> Option<&'a [u8]> {
        let mut probe = *self;
        let (t, content) = probe.read_any()?;
        if t != want {
            return None;
        }
        *self = probe;
        Some(content)
    }

    /// `ReadASN1Element`: the whole next element, which must have tag `want`.
    pub(crate) fn read_element_with(&mut self, want: u8) -> Option<&'a [u8]> {
        let mut probe = *self;
        let (t, full) = probe.read_any_element()?;
        if t != want {
            return None;
        }
        *self = probe;
        Some(full)
    }

    /// `PeekASN1Tag`.
    pub(crate) fn peek(&self, want: u8) -> bool {
        self.0.first() == Some(&want)
    }

    /// `ReadOptionalASN1`: `None` on a malformed element, `Some(None)` when absent.
    #[allow(clippy::option_option)]
    pub(crate) fn read_optional(&mut self, want: u8) -> Option<Option<&'a [u8]>> {
        if !self.peek(want) {
            return Some(None);
        }
        self.read(want).map(Some)
    }

    /// `SkipOptionalASN1`.
    pub(crate) fn skip_optional(&mut self, want: u8) -> bool {
        if !self.peek(want) {
            return true;
        }
        self.read(want).is_some()
    }

    /// `ReadASN1Boolean`.
    pub(crate) fn read_bool(&mut self) -> Option<bool> {
        let b = self.read(tag::BOOLEAN)?;
        match b {
            [0] => Some(false),
            [0xff] => Some(true),
            _ => None,
        }
    }

    /// `ReadASN1Integer` into a `*big.Int`: the validated two's-complement content octets.
    pub(crate) fn read_big_int(&mut self) -> Option<&'a [u8]> {
        let b = self.read(tag::INTEGER)?;
        check_integer(b).then_some(b)
    }

    /// `ReadASN1Integer` into an `int64` (or `int`, 64-bit).
    pub(crate) fn read_i64(&mut self) -> Option<i64> {
        let b = self.read(tag::INTEGER)?;
        if !check_integer(b) {
            return None;
        }
        signed(b)
    }

    /// `ReadASN1Integer` into a `uint64` (or `uint`, 64-bit).
    pub(crate) fn read_u64(&mut self) -> Option<u64> {
        let b = self.read(tag::INTEGER)?;
        if !check_integer(b) {
            return None;
        }
        unsigned(b)
    }

    /// `ReadASN1Int64WithTag`.
    pub(crate) fn read_i64_with_tag(&mut self, want: u8) -> Option<i64> {
        let b = self.read(want)?;
        if !check_integer(b) {
            return None;
        }
        signed(b)
    }

    /// `ReadASN1ObjectIdentifier`, rendered dotted (arcs are at most 31 bits).
    pub(crate) fn read_oid(&mut self) -> Option<String> {
        let b = self.read(tag::OBJECT_IDENTIFIER)?;
        parse_oid_31(b)
    }

    /// `ReadASN1BitString`.
    pub(crate) fn read_bit_string(&mut self) -> Option<BitString<'a>> {
        let b = self.read(tag::BIT_STRING)?;
        let (&padding, bytes) = b.split_first()?;
        if padding > 7 {
            return None;
        }
        match bytes.last() {
            None if padding != 0 => return None,
            Some(last) if last & ((1u8 << padding) - 1) != 0 => return None,
            _ => {}
        }
        Some(BitString {
            bytes,
            bit_length: bytes.len() * 8 - usize::from(padding),
        })
    }

    /// `ReadASN1UTCTime`.
    pub(crate) fn read_utc_time(&mut self) -> Option<GoTime> {
        let b = self.read(tag::UTC_TIME)?;
        let (yy, rest) = take_digits(b, 2)?;
        // Go's two-digit year: 69–99 → 19xx, 00–68 → 20xx; then ≥ 2050 moves back 100 years.
        let mut year = if yy >= 69 { 1900 + yy } else { 2000 + yy };
        if year >= 2050 {
            year -= 100;
        }
        let (mo, rest) = take_digits(rest, 2)?;
        let (d, rest) = take_digits(rest, 2)?;
        let (h, rest) = take_digits(rest, 2)?;
        let (mi, rest) = take_digits(rest, 2)?;
        // Seconds are optional (the "0601021504Z0700" fallback).
        let (s, rest) = match take_digits(rest, 2) {
            Some((s, rest)) => (s, rest),
            None => (0, rest),
        };
        finish_time(year, mo, d, h, mi, s, rest)
    }

    /// `ReadASN1GeneralizedTime`.
    pub(crate) fn read_generalized_time(&mut self) -> Option<GoTime> {
        let b = self.read(tag::GENERALIZED_TIME)?;
        let (year, rest) = take_digits(b, 4)?;
        let (mo, rest) = take_digits(rest, 2)?;
        let (d, rest) = take_digits(rest, 2)?;
        let (h, rest) = take_digits(rest, 2)?;
        let (mi, rest) = take_digits(rest, 2)?;
        let (s, rest) = take_digits(rest, 2)?;
        finish_time(year, mo, d, h, mi, s, rest)
    }
}

/// Validates the date fields and the zone suffix (`Z` or `±hhmm`, re-formatted identically).
fn finish_time(year: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64, tz: &[u8]) -> Option<GoTime> {
    let offset = match tz {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), rest @ ..] if rest.len() == 4 => {
            let (oh, r) = take_digits(rest, 2)?;
            let (om, _) = take_digits(r, 2)?;
            // Go accepts hours up to 24 and minutes up to 60 when parsing, but re-formatting must
            // give the same text: minutes ≥ 60 and a zero offset (printed `Z`) do not.
            if oh > 24 || om >= 60 || (oh == 0 && om == 0) {
                return None;
            }
            let off = (oh * 60 + om) * 60;
            if *sign == b'-' { -off } else { off }
        }
        _ => return None,
    };
    let local = UnixTime::from_civil(
        year,
        u32::try_from(mo).ok()?,
        u32::try_from(d).ok()?,
        u32::try_from(h).ok()?,
        u32::try_from(mi).ok()?,
        u32::try_from(s).ok()?,
    )?;
    Some(GoTime {
        instant: UnixTime::from_secs(local.as_secs().checked_sub(offset)?),
        offset,
    })
}

fn take_digits(b: &[u8], n: usize) -> Option<(i64, &[u8])> {
    let head = b.get(..n)?;
    if !head.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = head
        .iter()
        .fold(0i64, |acc, c| acc * 10 + i64::from(c - b'0'));
    Some((v, b.get(n..)?))
}

/// `checkASN1Integer`: non-empty and minimally encoded.
pub(crate) fn check_integer(b: &[u8]) -> bool {
    match b {
        [] => false,
        [_] => true,
        [0, second, ..] if second & 0x80 == 0 => false,
        [0xff, second, ..] if second & 0x80 == 0x80 => false,
        _ => true,
    }
}

/// `asn1Signed`: at most 8 octets, sign-extended.
fn signed(b: &[u8]) -> Option<i64> {
    if b.len() > 8 {
        return None;
    }
    let mut v: u64 = 0;
    for x in b {
        v = (v << 8) | u64::from(*x);
    }
    let shift = 64 - 8 * b.len() as u32;
    if shift >= 64 {
        return Some(0);
    }
    Some(((v << shift) as i64) >> shift)
}

/// `asn1Unsigned`: at most 8 value octets (9 with a leading zero), non-negative.
fn unsigned(b: &[u8]) -> Option<u64> {
    let first = *b.first()?;
    if b.len() > 9 || (b.len() == 9 && first != 0) || first & 0x80 != 0 {
        return None;
    }
    Some(b.iter().fold(0u64, |acc, x| (acc << 8) | u64::from(*x)))
}

/// `readBase128Int`: at most 5 octets, below 2^31, minimal.
fn base128_31(s: &mut &[u8]) -> Option<u64> {
    let mut ret: u64 = 0;
    let mut i = 0;
    while let Some((&b, rest)) = s.split_first() {
        if i == 5 || ret >= 1 << (31 - 7) {
            return None;
        }
        ret <<= 7;
        if i == 0 && b == 0x80 {
            return None;
        }
        *s = rest;
        ret |= u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Some(ret);
        }
        i += 1;
    }
    None
}

/// The content octets of an OBJECT IDENTIFIER as cryptobyte reads them, dotted.
pub(crate) fn parse_oid_31(b: &[u8]) -> Option<String> {
    if b.is_empty() {
        return None;
    }
    let mut s = b;
    let v = base128_31(&mut s)?;
    let mut out = String::with_capacity(3 * b.len() + 2);
    if v < 80 {
        push_decimal(&mut out, v / 40);
        out.push('.');
        push_decimal(&mut out, v % 40);
    } else {
        out.push_str("2.");
        push_decimal(&mut out, v - 80);
    }
    while !s.is_empty() {
        let v = base128_31(&mut s)?;
        out.push('.');
        push_decimal(&mut out, v);
    }
    Some(out)
}

/// Appends `v` in decimal (what `v.to_string()` writes, without `core::fmt`: OIDs are read for
/// every extension and name attribute, and formatting was most of `read_oid`'s time).
pub(crate) fn push_decimal(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut n = 0;
    for slot in &mut digits {
        *slot = b'0' + (v % 10) as u8;
        n += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for d in digits.iter().take(n).rev() {
        out.push(char::from(*d));
    }
}

/// Go's `newOIDFromDER` validity check plus `OID.String()`: arbitrary-size arcs, each minimal,
/// the last one terminated. `None` when the DER is not a valid OID.
pub(crate) fn oid_der_to_dotted(der: &[u8]) -> Option<String> {
    if der.is_empty() || der.last().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    // Split into arcs; each arc's first octet may not be 0x80.
    let mut arcs: Vec<&[u8]> = Vec::new();
    let mut start = 0usize;
    for (i, b) in der.iter().enumerate() {
        if i == start && *b == 0x80 {
            return None;
        }
        if b & 0x80 == 0 {
            arcs.push(der.get(start..=i)?);
            start = i + 1;
        }
    }
    let mut out = String::new();
    for (k, arc) in arcs.iter().enumerate() {
        let value = base128_to_bytes(arc);
        if k == 0 {
            // First arc packs 40*X + Y.
            let small = if value.len() <= 8 {
                Some(value.iter().fold(0u64, |a, x| (a << 8) | u64::from(*x)))
            } else {
                None
            };
            match small {
                Some(v) if v < 80 => out.push_str(&format!("{}.{}", v / 40, v % 40)),
                Some(v) => out.push_str(&format!("2.{}", v - 80)),
                None => {
                    out.push_str("2.");
                    out.push_str(&decimal(&sub_small(&value, 80)));
                }
            }
        } else {
            out.push('.');
            out.push_str(&decimal(&value));
        }
    }
    Some(out)
}

/// Base-128 groups (high bit = continuation) → big-endian bytes.
fn base128_to_bytes(arc: &[u8]) -> Vec<u8> {
    // Accumulate in a little-endian bit buffer.
    let mut out: Vec<u8> = vec![0];
    for b in arc {
        // out = out * 128 + (b & 0x7f)
        let mut carry = u16::from(b & 0x7f);
        for limb in out.iter_mut().rev() {
            let v = (u16::from(*limb) << 7) | carry;
            *limb = (v & 0xff) as u8;
            carry = v >> 8;
        }
        if carry != 0 {
            out.insert(0, carry as u8);
        }
    }
    out
}

/// `value - n` for a big-endian magnitude known to be ≥ n.
fn sub_small(value: &[u8], n: u8) -> Vec<u8> {
    let mut out = value.to_vec();
    let mut borrow = u16::from(n);
    for limb in out.iter_mut().rev() {
        if borrow == 0 {
            break;
        }
        let v = i32::from(*limb) - i32::from(borrow);
        if v < 0 {
            *limb = (v + 256) as u8;
            borrow = 1;
        } else {
            *limb = v as u8;
            borrow = 0;
        }
    }
    out
}

/// A big-endian unsigned magnitude in decimal.
pub(crate) fn decimal(mag: &[u8]) -> String {
    // Big-endian base-2^32 limbs, divided in place by 10^9: nine digits per pass.
    let mag = mag
        .get(mag.iter().take_while(|b| **b == 0).count()..)
        .unwrap_or_default();
    let head = mag.len() % 4;
    let mut limbs: Vec<u32> = Vec::with_capacity(mag.len() / 4 + 1);
    if head > 0 {
        limbs.push(
            mag.iter()
                .take(head)
                .fold(0, |a, b| (a << 8) | u32::from(*b)),
        );
    }
    for chunk in mag.get(head..).unwrap_or_default().chunks_exact(4) {
        limbs.push(chunk.iter().fold(0, |a, b| (a << 8) | u32::from(*b)));
    }
    // Groups of nine digits, least significant first.
    let mut groups: Vec<u32> = Vec::new();
    let mut start = 0;
    while start < limbs.len() {
        let mut rem = 0u64;
        for limb in limbs.iter_mut().skip(start) {
            let cur = (rem << 32) | u64::from(*limb);
            *limb = (cur / 1_000_000_000) as u32;
            rem = cur % 1_000_000_000;
        }
        groups.push(rem as u32);
        while limbs.get(start) == Some(&0) {
            start += 1;
        }
    }
    let mut out = String::with_capacity(groups.len() * 9);
    let mut rev = groups.iter().rev();
    push_decimal(&mut out, u64::from(rev.next().copied().unwrap_or(0)));
    for g in rev {
        let mut padded = [b'0'; 9];
        let mut v = *g;
        for slot in padded.iter_mut().rev() {
            *slot = b'0' + (v % 10) as u8;
            v /= 10;
        }
        out.extend(padded.iter().map(|d| char::from(*d)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_follow_cryptobyte() {
        // (input, accepted)
        let cases: &[(&[u8], bool)] = &[
            (&[0x04, 0x00], true),
            (&[0x04, 0x01, 0xaa], true),
            (&[0x04, 0x81, 0x01, 0xaa], false), // long form for a short length
            (&[0x04, 0x82, 0x00, 0x80], false), // leading zero length octet
            (&[0x04, 0x80], false),             // indefinite
            (&[0x1f, 0x01, 0x00], false),       // high tag number form
            (&[0x04, 0x02, 0xaa], false),       // truncated
        ];
        for (input, ok) in cases {
            let mut s = Cbs::new(input);
            assert_eq!(s.read(tag::OCTET_STRING).is_some(), *ok, "{input:02x?}");
        }
    }

    #[test]
    fn integers_follow_cryptobyte() {
        let cases: &[(&[u8], Option<i64>)] = &[
            (&[0x02, 0x01, 0x00], Some(0)),
            (&[0x02, 0x01, 0xff], Some(-1)),
            (&[0x02, 0x02, 0x00, 0x80], Some(128)),
            (&[0x02, 0x02, 0x00, 0x7f], None),
            (&[0x02, 0x02, 0xff, 0x80], None),
            (&[0x02, 0x00], None),
        ];
        for (input, want) in cases {
            assert_eq!(Cbs::new(input).read_i64(), *want, "{input:02x?}");
        }
    }

    #[test]
    fn times_follow_go() {
        let utc = |s: &str| {
            let mut v = vec![tag::UTC_TIME, s.len() as u8];
            v.extend_from_slice(s.as_bytes());
            Cbs::new(&v).read_utc_time().map(|t| t.instant.to_string())
        };
        let cases: &[(&str, Option<&str>)] = &[
            ("500101000000Z", Some("1950-01-01T00:00:00Z")),
            ("491231235959Z", Some("2049-12-31T23:59:59Z")),
            ("6901010000Z", Some("1969-01-01T00:00:00Z")),
            ("500101000000+0100", Some("1949-12-31T23:00:00Z")),
            ("500101000000+0000", None),
            ("500101000000-0060", None),
            ("500230000000Z", None),
            ("500101000060Z", None),
            ("500101000000", None),
        ];
        for (text, want) in cases {
            assert_eq!(utc(text).as_deref(), *want, "{text}");
        }
    }

    /// Expected texts from Rust's own `u128` formatting and, past 128 bits, from Python's `int`.
    #[test]
    fn decimal_matches_integer_printing() {
        for v in [
            0u128,
            9,
            10,
            999_999_999,
            1_000_000_000,
            1_000_000_001,
            4_294_967_295,
            4_294_967_296,
            999_999_999_999_999_999,
            1_000_000_000_000_000_000,
            u128::from(u64::MAX),
            u128::MAX,
        ] {
            let bytes = v.to_be_bytes();
            assert_eq!(decimal(&bytes), v.to_string(), "{v}");
            let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
            assert_eq!(decimal(&trimmed), v.to_string(), "{v} trimmed");
        }
        assert_eq!(
            decimal(&[0xff; 20]),
            "1461501637330902918203684832716283019655932542975"
        );
        let counting: Vec<u8> = (1..=20).collect();
        assert_eq!(
            decimal(&counting),
            "5753854965885600108575829560559299546819203860"
        );
        let mut s = String::new();
        push_decimal(&mut s, u64::MAX);
        push_decimal(&mut s, 0);
        assert_eq!(s, format!("{}0", u64::MAX));
    }

    #[test]
    fn oids_follow_go() {
        assert_eq!(
            parse_oid_31(&[0x55, 0x1d, 0x0f]).as_deref(),
            Some("2.5.29.15")
        );
        assert_eq!(parse_oid_31(&[0x2a, 0x80, 0x01]), None);
        assert_eq!(
            parse_oid_31(&[0x2a, 0x88, 0x80, 0x80, 0x80, 0x00]),
            None,
            "arc ≥ 2^31"
        );
        assert_eq!(
            oid_der_to_dotted(&[0x2a, 0x88, 0x80, 0x80, 0x80, 0x00]).as_deref(),
            Some("1.2.2147483648")
        );
        assert_eq!(oid_der_to_dotted(&[0x2a, 0x81]), None);
    }

    #[test]
    fn right_align_matches_go() {
        let bs = BitString {
            bytes: &[0b1010_0000],
            bit_length: 3,
        };
        assert_eq!(bs.right_align(), vec![0b0000_0101]);
        assert_eq!(bs.at(0), 1);
        assert_eq!(bs.at(1), 0);
        assert_eq!(bs.at(2), 1);
    }
}
