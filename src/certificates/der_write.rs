//! DER writing for generation: certificates and private keys, in the fixed shapes Go's
//! `x509.CreateCertificate` and `x509.Marshal*PrivateKey` write.
//!
//! Every element goes through the `der` crate (tag and length encoding, INTEGER minimality,
//! BIT STRING and time formats); this module only puts elements in order. Elements are kept as
//! encoded bytes and concatenated, because the shapes are fixed and `der`'s encoder traits are
//! generic (not object-safe), which would otherwise mean one monomorphised struct per shape.

use der::Encode;
use der::asn1::{AnyRef, BitStringRef, GeneralizedTime, ObjectIdentifier, OctetStringRef, UtcTime};
use der::{Tag, TagNumber};

/// The result of writing one element; errors only on absurd lengths.
pub(crate) type Written = Result<Vec<u8>, der::Error>;

/// `tag` with `content` as its contents octets.
pub(crate) fn tlv(tag: Tag, content: &[u8]) -> Written {
    AnyRef::new(tag, content)?.to_der()
}

/// `SEQUENCE { parts… }` from already-encoded parts.
pub(crate) fn sequence(parts: &[Vec<u8>]) -> Written {
    tlv(Tag::Sequence, &parts.concat())
}

/// `SET { part }` with one element (DER's SET OF ordering is then trivially met).
pub(crate) fn set_of_one(part: &[u8]) -> Written {
    tlv(Tag::Set, part)
}

/// A non-negative INTEGER from big-endian bytes (leading zeros removed, `0x00` added when the
/// high bit is set).
pub(crate) fn uint(be: &[u8]) -> Written {
    der::asn1::UintRef::new(be)?.to_der()
}

/// A small INTEGER.
pub(crate) fn small_int(v: u8) -> Written {
    v.to_der()
}

/// An OBJECT IDENTIFIER from dotted text (only the constants of this crate are written).
pub(crate) fn oid(dotted: &str) -> Written {
    ObjectIdentifier::new(dotted)
        .map_err(|_| der::Error::from(der::ErrorKind::OidMalformed))?
        .to_der()
}

/// An OCTET STRING.
pub(crate) fn octet_string(bytes: &[u8]) -> Written {
    OctetStringRef::new(bytes)?.to_der()
}

/// A BIT STRING of whole bytes.
pub(crate) fn bit_string(bytes: &[u8]) -> Written {
    BitStringRef::from_bytes(bytes)?.to_der()
}

/// A BIT STRING of named bits (`KeyUsage`): bit 0 is the most significant bit of the first
/// byte, trailing zero bits are dropped as DER requires.
pub(crate) fn named_bits(bits: u16) -> Written {
    let reversed = bits.reverse_bits().to_be_bytes();
    let len = reversed.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
    let bytes = reversed.get(..len).unwrap_or_default();
    let unused = bytes
        .last()
        .map_or(0, |b| u8::try_from(b.trailing_zeros()).unwrap_or(0));
    BitStringRef::new(unused, bytes)?.to_der()
}

/// `[n] EXPLICIT` around an encoded element.
pub(crate) fn explicit(n: u32, inner: &[u8]) -> Written {
    tlv(
        Tag::ContextSpecific {
            constructed: true,
            number: TagNumber(n),
        },
        inner,
    )
}

/// `[n] IMPLICIT` primitive contents (GeneralName choices, key identifiers).
pub(crate) fn implicit(n: u32, content: &[u8]) -> Written {
    tlv(
        Tag::ContextSpecific {
            constructed: false,
            number: TagNumber(n),
        },
        content,
    )
}

/// `BOOLEAN TRUE`.
pub(crate) fn true_value() -> Written {
    true.to_der()
}

/// `NULL`.
pub(crate) fn null() -> Written {
    der::asn1::Null.to_der()
}

/// A certificate `Time` as Go writes it: UTCTime for the years 1950 to 2049, GeneralizedTime
/// otherwise (RFC 5280 §4.1.2.5). Instants before 1970 are not written (`None`).
pub(crate) fn time(unix_seconds: i64) -> Option<Vec<u8>> {
    let secs = u64::try_from(unix_seconds).ok()?;
    let at = core::time::Duration::from_secs(secs);
    match UtcTime::from_unix_duration(at) {
        Ok(t) => t.to_der().ok(),
        Err(_) => GeneralizedTime::from_unix_duration(at).ok()?.to_der().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_bits_drop_trailing_zeros() {
        // digitalSignature (bit 0) alone: one byte 0x80 with 7 unused bits.
        assert_eq!(named_bits(1).unwrap(), [0x03, 0x02, 0x07, 0x80]);
        // digitalSignature + keyCertSign (5) + cRLSign (6): 0x86, one unused bit.
        assert_eq!(
            named_bits(1 | 1 << 5 | 1 << 6).unwrap(),
            [0x03, 0x02, 0x01, 0x86]
        );
        // digitalSignature + keyEncipherment (2): 0xa0, five unused bits.
        assert_eq!(named_bits(1 | 1 << 2).unwrap(), [0x03, 0x02, 0x05, 0xa0]);
        // decipherOnly (8) needs a second byte.
        assert_eq!(named_bits(1 << 8).unwrap(), [0x03, 0x03, 0x07, 0x00, 0x80]);
    }

    #[test]
    fn times_switch_to_generalized_in_2050() {
        // 2049-12-31T23:59:59Z is UTCTime; 2050-01-01T00:00:00Z is GeneralizedTime.
        let t = time(2_524_607_999).unwrap();
        assert_eq!(t.first(), Some(&0x17));
        assert_eq!(&t[2..], b"491231235959Z");
        let t = time(2_524_608_000).unwrap();
        assert_eq!(t.first(), Some(&0x18));
        assert_eq!(&t[2..], b"20500101000000Z");
        assert!(time(-1).is_none());
    }

    #[test]
    fn integers_are_minimal_and_positive() {
        assert_eq!(uint(&[0x00, 0x00, 0x7f]).unwrap(), [0x02, 0x01, 0x7f]);
        assert_eq!(uint(&[0x80]).unwrap(), [0x02, 0x02, 0x00, 0x80]);
    }
}
