//! A port of the part of Go's `encoding/asn1` `Unmarshal` that decides whether private-key DER
//! fits Go's `pkcs8`, `pkcs1PrivateKey` and `ecPrivateKey` structs, with Go's error texts: a port of
//! `$GOROOT/src/encoding/asn1/asn1.go` (Go 1.26 / 1.27), the decoder those structs go through.
//!
//! Hand-written because the text matters and no library produces it: when a key block holds
//! something that is no key at all (an encrypted key, garbage), `tls.X509KeyPair` reports the
//! PKCS#8 decoder's raw `encoding/asn1` error, e.g. `asn1: structure error: tags don't match (16
//! vs {class:0 tag:0 length:0 isCompound:false}) {…} pkcs8 @2`, and Go's fallbacks to PKCS#1 and
//! SEC1 depend on whether Go's lenient decoder (trailing data ignored, extra SEQUENCE elements
//! ignored) accepts those structs. Only the field kinds those three structs use are ported
//! (`parseTagAndLength`, `parseField`, `parseSequenceOf`, the integer, OID and BIT STRING checks).
//! The key values are then taken from the decoded fields in `crate::keys::private_key`.

/// A Go field type of the three structs.
#[derive(Clone, Copy)]
enum Kind {
    /// Go `int` (64-bit): INTEGER read with `parseInt64`.
    Int,
    /// Go `*big.Int`: INTEGER.
    BigInt,
    /// Go `[]byte`: OCTET STRING.
    Bytes,
    /// `asn1.ObjectIdentifier`.
    Oid,
    /// `asn1.BitString`.
    BitString,
    /// `asn1.RawValue`: any element.
    Raw,
    /// A struct: SEQUENCE of the fields.
    Struct(&'static str, &'static [Field]),
    /// A slice of structs: SEQUENCE OF.
    SeqOf(&'static str, &'static [Field]),
}

#[derive(Clone, Copy)]
struct Field {
    kind: Kind,
    optional: bool,
    /// `explicit,tag:N`.
    explicit: Option<u32>,
}

const fn f(kind: Kind) -> Field {
    Field {
        kind,
        optional: false,
        explicit: None,
    }
}

const fn opt(kind: Kind) -> Field {
    Field {
        kind,
        optional: true,
        explicit: None,
    }
}

const fn opt_explicit(kind: Kind, tag: u32) -> Field {
    Field {
        kind,
        optional: true,
        explicit: Some(tag),
    }
}

const ALGORITHM_IDENTIFIER: &[Field] = &[f(Kind::Oid), opt(Kind::Raw)];
const PKCS8: Field = f(Kind::Struct(
    "pkcs8",
    &[
        f(Kind::Int),
        f(Kind::Struct("AlgorithmIdentifier", ALGORITHM_IDENTIFIER)),
        f(Kind::Bytes),
    ],
));
const EC_PRIVATE_KEY: Field = f(Kind::Struct(
    "ecPrivateKey",
    &[
        f(Kind::Int),
        f(Kind::Bytes),
        opt_explicit(Kind::Oid, 0),
        opt_explicit(Kind::BitString, 1),
    ],
));
const ADDITIONAL_PRIME: &[Field] = &[f(Kind::BigInt), f(Kind::BigInt), f(Kind::BigInt)];
const PKCS1_PRIVATE_KEY: Field = f(Kind::Struct(
    "pkcs1PrivateKey",
    &[
        f(Kind::Int),
        f(Kind::BigInt),
        f(Kind::Int),
        f(Kind::BigInt),
        f(Kind::BigInt),
        f(Kind::BigInt),
        opt(Kind::BigInt),
        opt(Kind::BigInt),
        opt(Kind::BigInt),
        opt(Kind::SeqOf("pkcs1AdditionalRSAPrime", ADDITIONAL_PRIME)),
    ],
));

/// A field's value as Go's decoder saw it: `None` for an absent optional field.
///
/// For INTEGER, OCTET STRING, OBJECT IDENTIFIER and BIT STRING fields this is the content
/// octets; for `RawValue` fields the whole element (Go's `FullBytes`).
pub(crate) type Captured<'a> = Vec<Option<&'a [u8]>>;

/// `asn1.Unmarshal(der, &pkcs8{})`: `[Version, Algo.Algorithm, Algo.Parameters, PrivateKey]`,
/// or Go's error text.
pub(crate) fn unmarshal_pkcs8(der: &[u8]) -> Result<Captured<'_>, String> {
    let mut out = Vec::new();
    parse_field(PKCS8, der, 0, &mut out)?;
    Ok(out)
}

/// `asn1.Unmarshal(der, &ecPrivateKey{})`: `[Version, PrivateKey, NamedCurveOID, PublicKey]`.
pub(crate) fn unmarshal_ec_private_key(der: &[u8]) -> Result<Captured<'_>, String> {
    let mut out = Vec::new();
    parse_field(EC_PRIVATE_KEY, der, 0, &mut out)?;
    Ok(out)
}

/// `asn1.Unmarshal(der, &pkcs1PrivateKey{})`: `[Version, N, E, D, P, Q, Dp, Dq, Qinv]` and
/// whether bytes follow the structure (Go's `rest`).
pub(crate) fn unmarshal_pkcs1_private_key(der: &[u8]) -> Result<(Captured<'_>, bool), String> {
    let mut out = Vec::new();
    let end = parse_field(PKCS1_PRIVATE_KEY, der, 0, &mut out)?;
    Ok((out, end < der.len()))
}

/// `asn1.Unmarshal(der, &[]byte{})` (an OCTET STRING): its content.
pub(crate) fn unmarshal_octet_string(der: &[u8]) -> Result<&[u8], String> {
    let mut out = Vec::new();
    parse_field(f(Kind::Bytes), der, 0, &mut out)?;
    Ok(out.first().copied().flatten().unwrap_or_default())
}

/// `asn1.Unmarshal(der, &asn1.ObjectIdentifier{})`: the content octets.
pub(crate) fn unmarshal_oid(der: &[u8]) -> Result<&[u8], String> {
    let mut out = Vec::new();
    parse_field(f(Kind::Oid), der, 0, &mut out)?;
    Ok(out.first().copied().flatten().unwrap_or_default())
}

/// Go's `parseInt64` value of INTEGER content octets that Go already accepted (at most 8 bytes).
pub(crate) fn int64(content: &[u8]) -> i64 {
    let negative = content.first().is_some_and(|b| b & 0x80 != 0);
    content
        .iter()
        .fold(if negative { -1i64 } else { 0 }, |acc, b| {
            (acc << 8) | i64::from(*b)
        })
}

/// Whether content octets of a Go-accepted INTEGER are negative.
pub(crate) fn is_negative(content: &[u8]) -> bool {
    content.first().is_some_and(|b| b & 0x80 != 0)
}

/// The number of leaf fields of `field` (the captures of an absent optional struct).
fn leaf_count(field: Field) -> usize {
    match field.kind {
        Kind::Struct(_, fields) => fields.iter().map(|f| leaf_count(*f)).sum(),
        Kind::SeqOf(_, _) => 0,
        _ => 1,
    }
}

fn structural(msg: &str) -> String {
    format!("asn1: structure error: {msg}")
}

fn syntax(msg: &str) -> String {
    format!("asn1: syntax error: {msg}")
}

const CLASS_UNIVERSAL: u32 = 0;
const CLASS_CONTEXT: u32 = 2;
const TAG_INTEGER: u32 = 2;
const TAG_BIT_STRING: u32 = 3;
const TAG_OCTET_STRING: u32 = 4;
const TAG_OID: u32 = 6;
const TAG_SEQUENCE: u32 = 16;

#[derive(Clone, Copy)]
struct TagAndLength {
    class: u32,
    tag: u32,
    length: usize,
    compound: bool,
}

/// Go's `parseTagAndLength`.
fn parse_tag_and_length(bytes: &[u8], mut offset: usize) -> Result<(TagAndLength, usize), String> {
    let Some(&b) = bytes.get(offset) else {
        return Err("asn1: internal error in parseTagAndLength".to_string());
    };
    offset += 1;
    let mut t = TagAndLength {
        class: u32::from(b >> 6),
        tag: u32::from(b & 0x1f),
        length: 0,
        compound: b & 0x20 == 0x20,
    };
    if t.tag == 0x1f {
        let (tag, next) = parse_base128(bytes, offset)?;
        offset = next;
        if tag < 0x1f {
            return Err(syntax("non-minimal tag"));
        }
        t.tag = tag;
    }
    let Some(&b) = bytes.get(offset) else {
        return Err(syntax("truncated tag or length"));
    };
    offset += 1;
    if b & 0x80 == 0 {
        t.length = usize::from(b & 0x7f);
    } else {
        let num_bytes = b & 0x7f;
        if num_bytes == 0 {
            return Err(syntax("indefinite length found (not DER)"));
        }
        let mut length: usize = 0;
        for _ in 0..num_bytes {
            let Some(&b) = bytes.get(offset) else {
                return Err(syntax("truncated tag or length"));
            };
            offset += 1;
            if length >= 1 << 23 {
                return Err(structural("length too large"));
            }
            length = (length << 8) | usize::from(b);
            if length == 0 {
                return Err(structural("superfluous leading zeros in length"));
            }
        }
        if length < 0x80 {
            return Err(structural("non-minimal length"));
        }
        t.length = length;
    }
    Ok((t, offset))
}

/// Go's `parseBase128Int`.
fn parse_base128(bytes: &[u8], mut offset: usize) -> Result<(u32, usize), String> {
    let mut ret: i64 = 0;
    let mut shifted = 0;
    while let Some(&b) = bytes.get(offset) {
        if shifted == 5 {
            return Err(structural("base 128 integer too large"));
        }
        ret <<= 7;
        if shifted == 0 && b == 0x80 {
            return Err(syntax("integer is not minimally encoded"));
        }
        ret |= i64::from(b & 0x7f);
        offset += 1;
        if b & 0x80 == 0 {
            return u32::try_from(ret)
                .ok()
                .filter(|v| *v <= i32::MAX as u32)
                .map(|v| (v, offset))
                .ok_or_else(|| structural("base 128 integer too large"));
        }
        shifted += 1;
    }
    Err(syntax("truncated base 128 integer"))
}

/// Go's `checkInteger`.
fn check_integer(bytes: &[u8]) -> Result<(), String> {
    match bytes {
        [] => Err(structural("empty integer")),
        [_] => Ok(()),
        [0, b, ..] if b & 0x80 == 0 => Err(structural("integer not minimally-encoded")),
        [0xff, b, ..] if b & 0x80 == 0x80 => Err(structural("integer not minimally-encoded")),
        _ => Ok(()),
    }
}

fn check_oid(bytes: &[u8]) -> Result<(), String> {
    if bytes.is_empty() {
        return Err(syntax("zero length OBJECT IDENTIFIER"));
    }
    let mut offset = 0;
    while offset < bytes.len() {
        offset = parse_base128(bytes, offset)?.1;
    }
    Ok(())
}

fn check_bit_string(bytes: &[u8]) -> Result<(), String> {
    let Some((&padding, rest)) = bytes.split_first() else {
        return Err(syntax("zero length BIT STRING"));
    };
    let last = rest.last().copied().unwrap_or(padding);
    let mask = if padding > 7 {
        0
    } else {
        (1u16 << padding) as u8 - 1
    };
    if padding > 7 || rest.is_empty() && padding > 0 || last & mask != 0 {
        return Err(syntax("invalid padding bits in BIT STRING"));
    }
    Ok(())
}

const DEFAULT_PARAMS: &str = "{optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false}";

fn universal(kind: Kind) -> (bool, u32, bool, &'static str) {
    // (matchAny, tag, compound, Go type name)
    match kind {
        Kind::Int => (false, TAG_INTEGER, false, "int"),
        Kind::BigInt => (false, TAG_INTEGER, false, ""),
        Kind::Bytes => (false, TAG_OCTET_STRING, false, ""),
        Kind::Oid => (false, TAG_OID, false, "ObjectIdentifier"),
        Kind::BitString => (false, TAG_BIT_STRING, false, "BitString"),
        Kind::Raw => (true, 0, false, "RawValue"),
        Kind::Struct(name, _) => (false, TAG_SEQUENCE, true, name),
        Kind::SeqOf(_, _) => (false, TAG_SEQUENCE, true, ""),
    }
}

/// Go's `parseField` for the kinds above: the offset after the field, or Go's error text.
fn parse_field<'a>(
    field: Field,
    bytes: &'a [u8],
    init_offset: usize,
    out: &mut Captured<'a>,
) -> Result<usize, String> {
    let absent = |out: &mut Captured<'a>| {
        out.extend(std::iter::repeat_n(None, leaf_count(field)));
        Ok(init_offset)
    };
    if init_offset == bytes.len() {
        return if field.optional {
            absent(out)
        } else {
            Err(syntax("sequence truncated"))
        };
    }
    let (mut t, mut offset) = parse_tag_and_length(bytes, init_offset)?;
    if let Some(tag) = field.explicit {
        if offset == bytes.len() {
            return Err(structural("explicit tag has no child"));
        }
        if t.class == CLASS_CONTEXT && t.tag == tag && (t.length == 0 || t.compound) {
            if matches!(field.kind, Kind::Raw) {
                // The inner element is not parsed for RawValues.
            } else if t.length > 0 {
                (t, offset) = parse_tag_and_length(bytes, offset)?;
            } else {
                return Err(structural("zero length explicit tag was not an asn1.Flag"));
            }
        } else if field.optional {
            return absent(out);
        } else {
            return Err(structural("explicitly tagged member didn't match"));
        }
    }
    let (match_any, expected_tag, compound, name) = universal(field.kind);
    if !match_any && (t.class != CLASS_UNIVERSAL || t.tag != expected_tag || t.compound != compound)
    {
        if field.optional {
            return absent(out);
        }
        return Err(structural(&format!(
            "tags don't match ({expected_tag} vs {{class:{} tag:{} length:{} isCompound:{}}}) {DEFAULT_PARAMS} {name} @{offset}",
            t.class, t.tag, t.length, t.compound
        )));
    }
    let end = offset
        .checked_add(t.length)
        .filter(|e| *e <= bytes.len())
        .ok_or_else(|| syntax("data truncated"))?;
    let inner = bytes.get(offset..end).unwrap_or_default();
    match field.kind {
        Kind::Raw => out.push(bytes.get(init_offset..end)),
        Kind::Bytes => out.push(Some(inner)),
        Kind::Oid => {
            check_oid(inner)?;
            out.push(Some(inner));
        }
        Kind::BitString => {
            check_bit_string(inner)?;
            out.push(Some(inner));
        }
        Kind::BigInt => {
            check_integer(inner)?;
            out.push(Some(inner));
        }
        Kind::Int => {
            check_integer(inner)?;
            if inner.len() > 8 {
                return Err(structural("integer too large"));
            }
            out.push(Some(inner));
        }
        Kind::Struct(_, fields) => {
            let mut inner_offset = 0;
            for fl in fields {
                inner_offset = parse_field(*fl, inner, inner_offset, out)?;
            }
        }
        Kind::SeqOf(name, fields) => parse_sequence_of(inner, name, fields)?,
    }
    Ok(end)
}

/// Go's `parseSequenceOf` for a slice of structs.
fn parse_sequence_of(
    bytes: &[u8],
    name: &'static str,
    fields: &'static [Field],
) -> Result<(), String> {
    let mut offset = 0;
    let mut count = 0usize;
    while offset < bytes.len() {
        let (t, next) = parse_tag_and_length(bytes, offset)?;
        if t.class != CLASS_UNIVERSAL || !t.compound || t.tag != TAG_SEQUENCE {
            return Err(structural("sequence tag mismatch"));
        }
        offset = next
            .checked_add(t.length)
            .filter(|e| *e <= bytes.len())
            .ok_or_else(|| syntax("truncated sequence"))?;
        count += 1;
    }
    let element = f(Kind::Struct(name, fields));
    let mut offset = 0;
    let mut ignored = Vec::new();
    for _ in 0..count {
        offset = parse_field(element, bytes, offset, &mut ignored)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected texts below are Go 1.27.3's `tls.X509KeyPair` errors for the same bytes, minus the
    // `tls: failed to parse private key: ` prefix.
    #[test]
    fn go_texts_for_garbage() {
        assert_eq!(
            unmarshal_pkcs8(&[0x30, 0x81]).err().as_deref(),
            Some("asn1: syntax error: truncated tag or length")
        );
        assert_eq!(
            unmarshal_pkcs8(&[]).err().as_deref(),
            Some("asn1: syntax error: sequence truncated")
        );
    }

    #[test]
    fn lenient_like_go() {
        // Extra elements in the SEQUENCE and trailing data are ignored by Go.
        let pkcs8 = [
            0x30, 0x0c, 0x02, 0x01, 0x00, 0x30, 0x03, 0x06, 0x01, 0x2a, 0x04, 0x00, 0x05, 0x00,
            0xff,
        ];
        let fields = unmarshal_pkcs8(&pkcs8).expect("Go accepts it");
        assert_eq!(
            fields,
            vec![Some(&[0u8][..]), Some(&[0x2a][..]), None, Some(&[][..])]
        );
        assert!(unmarshal_ec_private_key(&pkcs8).is_err());
    }
}
