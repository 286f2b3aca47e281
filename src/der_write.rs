//! DER writing for generation: certificates and private keys, in the fixed shapes Go's
//! `x509.CreateCertificate` and `x509.Marshal*PrivateKey` write.
//!
//! Written by hand, on purpose: a DER element is a tag byte, a length and the contents, and the
//! shapes written here are fixed, so the whole writer is the few functions below. The `der`
//! crate's encoders did the same job first, and cost about 20 KB of gzipped wasm (their generic
//! `Encode` machinery, OID text parsing and date conversion are monomorphised per type), which is
//! what pushed the page's first render over its budget. The unit tests below hold every function
//! to the `der` crate's output, so the library stays the reference.

use crate::time::UnixTime;

/// `tag` with `content` as its contents octets (definite length, minimal length octets).
pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        let digits = bytes.get(skip..).unwrap_or_default();
        out.push(0x80 | digits.len() as u8);
        out.extend_from_slice(digits);
    }
    out.extend_from_slice(content);
    out
}

/// Universal tags used here.
pub(crate) const BOOLEAN: u8 = 0x01;
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const BIT_STRING: u8 = 0x03;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const NULL: u8 = 0x05;
pub(crate) const OID: u8 = 0x06;
pub(crate) const UTF8_STRING: u8 = 0x0c;
pub(crate) const PRINTABLE_STRING: u8 = 0x13;
pub(crate) const UTC_TIME: u8 = 0x17;
pub(crate) const GENERALIZED_TIME: u8 = 0x18;
pub(crate) const SEQUENCE: u8 = 0x30;
pub(crate) const SET: u8 = 0x31;

/// `SEQUENCE { parts… }` from already-encoded parts.
pub(crate) fn sequence(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(SEQUENCE, &parts.concat())
}

/// `SET { part }` with one element (DER's SET OF ordering is then trivially met).
pub(crate) fn set_of_one(part: &[u8]) -> Vec<u8> {
    tlv(SET, part)
}

/// A non-negative INTEGER from big-endian bytes: leading zeros removed, one `0x00` added when
/// the high bit is set, zero as a single `0x00`.
pub(crate) fn uint(be: &[u8]) -> Vec<u8> {
    let start = be.iter().position(|b| *b != 0).unwrap_or(be.len());
    let digits = be.get(start..).unwrap_or_default();
    let mut content = Vec::with_capacity(digits.len() + 1);
    if digits.first().is_none_or(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(digits);
    tlv(INTEGER, &content)
}

/// A small INTEGER.
pub(crate) fn small_int(v: u8) -> Vec<u8> {
    uint(&[v])
}

/// An OBJECT IDENTIFIER from dotted text. Only this crate's constants are written; text that is
/// not an OID (fewer than two arcs, a non-number) writes nothing after the tag, which no caller
/// can produce and the unit tests rule out for every constant.
pub(crate) fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').filter_map(|a| a.parse().ok()).collect();
    let mut content = Vec::new();
    if let [first, second, rest @ ..] = arcs.as_slice() {
        for arc in core::iter::once(first * 40 + second).chain(rest.iter().copied()) {
            let mut digits = vec![(arc & 0x7f) as u8];
            let mut v = arc >> 7;
            while v > 0 {
                digits.push(0x80 | (v & 0x7f) as u8);
                v >>= 7;
            }
            content.extend(digits.iter().rev());
        }
    }
    tlv(OID, &content)
}

/// An OCTET STRING.
pub(crate) fn octet_string(bytes: &[u8]) -> Vec<u8> {
    tlv(OCTET_STRING, bytes)
}

/// A BIT STRING of whole bytes.
pub(crate) fn bit_string(bytes: &[u8]) -> Vec<u8> {
    let mut content = Vec::with_capacity(bytes.len() + 1);
    content.push(0);
    content.extend_from_slice(bytes);
    tlv(BIT_STRING, &content)
}

/// A BIT STRING of named bits (`KeyUsage`, Go's bit numbering: bit 0 is the most significant
/// bit of the first byte); trailing zero bits are dropped as DER requires.
pub(crate) fn named_bits(bits: u16) -> Vec<u8> {
    let reversed = bits.reverse_bits().to_be_bytes();
    let len = reversed.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
    let bytes = reversed.get(..len).unwrap_or_default();
    let unused = bytes.last().map_or(0, |b| b.trailing_zeros() as u8);
    let mut content = vec![unused];
    content.extend_from_slice(bytes);
    tlv(BIT_STRING, &content)
}

/// `[n] EXPLICIT` around an encoded element (n < 31).
pub(crate) fn explicit(n: u8, inner: &[u8]) -> Vec<u8> {
    tlv(0xa0 | n, inner)
}

/// `[n] IMPLICIT` primitive contents (n < 31): GeneralName choices, key identifiers.
pub(crate) fn implicit(n: u8, content: &[u8]) -> Vec<u8> {
    tlv(0x80 | n, content)
}

/// `BOOLEAN TRUE`.
pub(crate) fn true_value() -> Vec<u8> {
    tlv(BOOLEAN, &[0xff])
}

/// `NULL`.
pub(crate) fn null() -> Vec<u8> {
    tlv(NULL, &[])
}

/// A certificate `Time` as Go writes it: UTCTime (`YYMMDDHHMMSSZ`) for the years 1950 to 2049,
/// GeneralizedTime (`YYYYMMDDHHMMSSZ`) otherwise (RFC 5280 §4.1.2.5). `None` before 1970 or
/// after 9999 (the generation requests refuse those).
pub(crate) fn time(unix_seconds: i64) -> Option<Vec<u8>> {
    if unix_seconds < 0 {
        return None;
    }
    let (year, month, day, hour, minute, second) = UnixTime::from_secs(unix_seconds).to_civil();
    if year > 9999 {
        return None;
    }
    let rest = format!("{month:02}{day:02}{hour:02}{minute:02}{second:02}Z");
    Some(if (1950..2050).contains(&year) {
        tlv(UTC_TIME, format!("{:02}{rest}", year % 100).as_bytes())
    } else {
        tlv(GENERALIZED_TIME, format!("{year:04}{rest}").as_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use der::Encode;

    #[test]
    fn lengths_and_integers_match_the_der_crate() {
        for len in [0usize, 1, 127, 128, 255, 256, 65535, 65536] {
            let content = vec![0x5a; len];
            let ours = octet_string(&content);
            let theirs = der::asn1::OctetStringRef::new(&content)
                .unwrap()
                .to_der()
                .unwrap();
            assert_eq!(ours, theirs, "length {len}");
            assert_eq!(
                bit_string(&content),
                der::asn1::BitStringRef::from_bytes(&content)
                    .unwrap()
                    .to_der()
                    .unwrap()
            );
        }
        // (The der crate writes no bytes for empty input; zero is one 0x00 byte in DER.)
        assert_eq!(uint(&[]), [0x02, 0x01, 0x00]);
        for be in [
            &[0][..],
            &[0, 0, 0x7f],
            &[0x80],
            &[0, 0x80, 1],
            &[0xff; 40],
            &[1, 0, 0],
        ] {
            let theirs = der::asn1::UintRef::new(be).unwrap().to_der().unwrap();
            assert_eq!(uint(be), theirs, "{be:?}");
        }
        assert_eq!(true_value(), true.to_der().unwrap());
        assert_eq!(null(), der::asn1::Null.to_der().unwrap());
        assert_eq!(small_int(2), 2u8.to_der().unwrap());
    }

    #[test]
    fn every_oid_written_matches_the_der_crate() {
        for dotted in [
            "1.2.840.113549.1.1.1",
            "1.2.840.113549.1.1.11",
            "1.2.840.10045.2.1",
            "1.2.840.10045.3.1.7",
            "1.3.132.0.34",
            "1.3.132.0.35",
            "1.2.840.10045.4.3.2",
            "1.2.840.10045.4.3.3",
            "1.3.101.112",
            "2.5.4.3",
            "2.5.4.10",
            "2.5.29.14",
            "2.5.29.15",
            "2.5.29.17",
            "2.5.29.19",
            "2.5.29.35",
            "2.5.29.37",
            "1.3.6.1.5.5.7.3.1",
            "1.3.6.1.5.5.7.3.2",
            "2.5.29.999999",
        ] {
            let theirs = der::asn1::ObjectIdentifier::new(dotted)
                .unwrap()
                .to_der()
                .unwrap();
            assert_eq!(oid(dotted), theirs, "{dotted}");
        }
    }

    #[test]
    fn named_bits_drop_trailing_zeros() {
        let theirs = |bytes: &[u8], unused: u8| {
            der::asn1::BitStringRef::new(unused, bytes)
                .unwrap()
                .to_der()
                .unwrap()
        };
        // digitalSignature (bit 0) alone: one byte 0x80 with 7 unused bits.
        assert_eq!(named_bits(1), theirs(&[0x80], 7));
        // digitalSignature + keyCertSign (5) + cRLSign (6): 0x86, one unused bit.
        assert_eq!(named_bits(1 | 1 << 5 | 1 << 6), theirs(&[0x86], 1));
        // digitalSignature + keyEncipherment (2): 0xa0, five unused bits.
        assert_eq!(named_bits(1 | 1 << 2), theirs(&[0xa0], 5));
        // decipherOnly (8) needs a second byte.
        assert_eq!(named_bits(1 << 8), theirs(&[0x00, 0x80], 7));
    }

    #[test]
    fn times_match_the_der_crate_and_switch_to_generalized_in_2050() {
        use core::time::Duration;
        for secs in [
            0i64,
            1_780_272_000,
            2_524_607_999,
            2_524_608_000,
            253_402_300_799,
        ] {
            let at = Duration::from_secs(secs as u64);
            let theirs = match der::asn1::UtcTime::from_unix_duration(at) {
                Ok(t) => t.to_der().unwrap(),
                Err(_) => der::asn1::GeneralizedTime::from_unix_duration(at)
                    .unwrap()
                    .to_der()
                    .unwrap(),
            };
            assert_eq!(time(secs).unwrap(), theirs, "{secs}");
        }
        assert_eq!(time(2_524_607_999).unwrap().first(), Some(&UTC_TIME));
        assert_eq!(
            time(2_524_608_000).unwrap().first(),
            Some(&GENERALIZED_TIME)
        );
        assert!(time(-1).is_none());
        assert!(time(253_402_300_800).is_none());
    }

    #[test]
    fn context_tags() {
        let inner = small_int(2);
        let theirs = der::asn1::ContextSpecific {
            tag_number: der::TagNumber(0),
            tag_mode: der::TagMode::Explicit,
            value: der::asn1::Int::new(&[2]).unwrap(),
        };
        assert_eq!(explicit(0, &inner), theirs.to_der().unwrap());
        assert_eq!(
            implicit(2, b"a.example"),
            [&[0x82, 9][..], b"a.example"].concat()
        );
    }
}
