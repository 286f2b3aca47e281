//! Distinguished names, read the way Go's `crypto/x509` `parseName` reads them and printed the
//! way Go's `pkix.Name.String()` prints them.
//!
//! Go first folds the attributes into named fields (`Country`, `Organization`, …, `CommonName`
//! keeps only the last CN), prints those in reverse `ToRDNSequence` order, and puts every other
//! attribute after them as `OID=<text>` for string values (Go 1.27, RFC 2253 §2.4) or
//! `OID=#<hex of asn1.Marshal(value)>` otherwise — Go re-marshals the *parsed* value (a time is
//! re-formatted, NULL cannot be marshalled and prints as `<nil>`). Operators compare
//! what the planner shows with what `argocd` and Go tooling print, so the same rendering matters.
//!
//! Parsing is hand-written over [`Cbs`] (Go's cryptobyte) rather than `x509_cert::name::Name`,
//! because Go's verdicts and value decoding differ: T61String is read as Latin-1, PrintableString
//! also allows `*` and `&`, BMPString drops a trailing NUL and rejects surrogates, trailing data
//! after an attribute value is ignored, and the error texts are Go's.

use crate::go::cryptobyte::{Cbs, GoTime, tag};
use crate::time::UnixTime;
use crate::x509::error::ParseError;

/// The value of one attribute, as Go's `readASN1Any` decodes it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AttributeValue {
    /// A string type (T61, Printable, UTF8, BMP, IA5, Numeric), decoded to text.
    Text(String),
    /// An INTEGER that fits in 64 bits.
    Integer(i64),
    /// A BIT STRING: content bytes and bit length.
    BitString {
        /// Content bytes (without the padding-count octet).
        bytes: Vec<u8>,
        /// Number of meaningful bits.
        bit_length: usize,
    },
    /// An OCTET STRING.
    OctetString(Vec<u8>),
    /// An OBJECT IDENTIFIER, dotted.
    Oid(String),
    /// A UTCTime or GeneralizedTime: the instant and the offset written in it (seconds east).
    Time {
        /// The instant.
        instant: UnixTime,
        /// The zone offset written in the encoding, in seconds east of UTC.
        offset: i64,
    },
    /// A BOOLEAN.
    Boolean(bool),
    /// NULL (Go holds `nil`).
    Null,
    /// Any other element, kept whole (Go's `asn1.RawValue`).
    Raw(Vec<u8>),
}

/// One attribute of a name: its OID and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// The attribute type OID in dotted form.
    pub oid: String,
    /// The value as text, if it is an ASN.1 string type (Go's `Value.(string)`).
    pub text: Option<String>,
    /// The decoded value.
    pub value: AttributeValue,
    /// The value's full DER (tag, length, contents) exactly as encoded.
    pub value_der: Vec<u8>,
}

/// A distinguished name as a sequence of RDNs, each a set of attributes (Go's `Names`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DistinguishedName {
    /// RDNs in encoded order.
    pub rdns: Vec<Vec<Attribute>>,
}

const CN: &str = "2.5.4.3";
const SERIAL: &str = "2.5.4.5";

impl DistinguishedName {
    /// Decodes a DER `Name` as Go's `parseName` does.
    ///
    /// # Errors
    /// Go's texts: `x509: invalid RDNSequence`, `x509: invalid RDNSequence: invalid attribute`,
    /// `… invalid attribute type`, `… invalid attribute value: <reason>`.
    pub fn from_der(der: &[u8]) -> Result<Self, ParseError> {
        let invalid = || ParseError::new("x509: invalid RDNSequence");
        let mut raw = Cbs::new(der);
        let mut seq = Cbs::new(raw.read(tag::SEQUENCE).ok_or_else(invalid)?);
        let mut rdns = Vec::new();
        while !seq.is_empty() {
            let mut set = Cbs::new(seq.read(tag::SET).ok_or_else(invalid)?);
            let mut rdn = Vec::new();
            while !set.is_empty() {
                let mut atav = Cbs::new(set.read(tag::SEQUENCE).ok_or_else(|| {
                    ParseError::new("x509: invalid RDNSequence: invalid attribute")
                })?);
                let oid = atav.read_oid().ok_or_else(|| {
                    ParseError::new("x509: invalid RDNSequence: invalid attribute type")
                })?;
                let (value, value_der) = read_any_value(&mut atav).map_err(|e| {
                    ParseError::new(format!(
                        "x509: invalid RDNSequence: invalid attribute value: {e}"
                    ))
                })?;
                let text = match &value {
                    AttributeValue::Text(t) => Some(t.clone()),
                    _ => None,
                };
                rdn.push(Attribute {
                    oid,
                    text,
                    value,
                    value_der,
                });
            }
            rdns.push(rdn);
        }
        Ok(Self { rdns })
    }

    /// Go's `Name.CommonName`: the text of the last string-valued CN (empty CNs included).
    pub fn common_name(&self) -> Option<&str> {
        self.rdns
            .iter()
            .flatten()
            .filter(|a| a.oid == CN)
            .filter_map(|a| a.text.as_deref())
            .next_back()
    }

    /// Go's `pkix.Name.String()` for a name filled by `FillFromRDNSequence`.
    pub fn go_string(&self) -> String {
        // Named fields in `ToRDNSequence` order; multi-valued fields become one RDN.
        const ORDER: &[(&str, &str)] = &[
            ("2.5.4.6", "C"),
            ("2.5.4.8", "ST"),
            ("2.5.4.7", "L"),
            ("2.5.4.9", "STREET"),
            ("2.5.4.17", "POSTALCODE"),
            ("2.5.4.10", "O"),
            ("2.5.4.11", "OU"),
        ];
        let all: Vec<&Attribute> = self.rdns.iter().flatten().collect();
        // Go's sequence: first the non-standard attributes (one RDN each), then the named
        // fields; printed last RDN first, values of one RDN joined by `+`. Each RDN is written
        // as one string (this runs for subject and issuer of every inspected certificate).
        let mut seq: Vec<String> = Vec::new();
        for a in &all {
            if is_named(&a.oid) {
                // Named attributes are printed from the fields below (or, when their value is
                // not a string, not at all).
                continue;
            }
            seq.push(other_attribute(a));
        }
        for (oid, label) in ORDER {
            let mut rdn = String::new();
            for v in all
                .iter()
                .filter(|a| a.oid == *oid)
                .filter_map(|a| a.text.as_deref())
            {
                if !rdn.is_empty() {
                    rdn.push('+');
                }
                rdn.push_str(label);
                rdn.push('=');
                escape_into(&mut rdn, v);
            }
            if !rdn.is_empty() {
                seq.push(rdn);
            }
        }
        for (oid, label) in [(CN, "CN"), (SERIAL, "SERIALNUMBER")] {
            let last = all
                .iter()
                .filter(|a| a.oid == oid)
                .filter_map(|a| a.text.as_deref())
                .next_back();
            if let Some(v) = last.filter(|v| !v.is_empty()) {
                let mut rdn = String::with_capacity(label.len() + 1 + v.len());
                rdn.push_str(label);
                rdn.push('=');
                escape_into(&mut rdn, v);
                seq.push(rdn);
            }
        }
        let mut out = String::with_capacity(seq.iter().map(|r| r.len() + 1).sum());
        for (i, rdn) in seq.iter().rev().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(rdn);
        }
        out
    }
}

/// One attribute whose type has no short name: `OID=<escaped text>` for string values,
/// `OID=#hex(asn1.Marshal(value))` for others, or, when Go cannot marshal the value
/// (NULL → `nil`), `OID=<escaped fmt.Sprint(value)>`.
fn other_attribute(a: &Attribute) -> String {
    // Go 1.27 (RFC 2253 §2.4): string values are printed as text, escaped.
    if let AttributeValue::Text(t) = &a.value {
        return format!("{}={}", a.oid, escape(t));
    }
    match go_marshal(&a.value, &a.value_der) {
        Some(der) => format!("{}=#{}", a.oid, hex(&der)),
        None => format!("{}={}", a.oid, escape("<nil>")),
    }
}

/// Go's `asn1.Marshal` of the parsed value. Values that were validated minimal DER re-encode to
/// the original bytes; strings become UTF8String and times are re-formatted.
fn go_marshal(value: &AttributeValue, original: &[u8]) -> Option<Vec<u8>> {
    match value {
        AttributeValue::Text(t) => Some(tlv(tag::UTF8_STRING, t.as_bytes())),
        AttributeValue::Time { instant, offset } => Some(marshal_time(*instant, *offset)),
        AttributeValue::Null => None,
        _ => Some(original.to_vec()),
    }
}

fn marshal_time(instant: UnixTime, offset: i64) -> Vec<u8> {
    let local = UnixTime::from_secs(instant.as_secs().saturating_add(offset));
    let (y, mo, d, h, mi, s) = local.to_civil();
    let mut text = if (1950..2050).contains(&y) {
        format!("{:02}", y % 100)
    } else {
        format!("{y:04}")
    };
    let utc = (1950..2050).contains(&y);
    text.push_str(&format!("{mo:02}{d:02}{h:02}{mi:02}{s:02}"));
    let minutes = offset / 60;
    if minutes == 0 {
        text.push('Z');
    } else {
        let sign = if minutes < 0 { '-' } else { '+' };
        let m = minutes.abs();
        text.push_str(&format!("{sign}{:02}{:02}", m / 60, m % 60));
    }
    let t = if utc {
        tag::UTC_TIME
    } else {
        tag::GENERALIZED_TIME
    };
    tlv(t, text.as_bytes())
}

/// A DER TLV with a minimal length.
fn tlv(t: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![t];
    let n = content.len();
    if n < 128 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .iter()
            .copied()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(content);
    out
}

/// Go's `readASN1Any`: the decoded value and its full DER; the error is Go's reason text.
fn read_any_value(der: &mut Cbs<'_>) -> Result<(AttributeValue, Vec<u8>), String> {
    let (value_tag, full) = der
        .read_any_element()
        .ok_or_else(|| "invalid ASN.1 element".to_string())?;
    let mut fv = Cbs::new(full);
    let content = Cbs::new(full)
        .read_any()
        .map(|(_, c)| c)
        .unwrap_or_default();
    let value = match value_tag {
        tag::T61_STRING
        | tag::PRINTABLE_STRING
        | tag::UTF8_STRING
        | tag::BMP_STRING
        | tag::IA5_STRING
        | tag::NUMERIC_STRING => AttributeValue::Text(parse_asn1_string(value_tag, content)?),
        tag::INTEGER => AttributeValue::Integer(
            fv.read_i64()
                .ok_or_else(|| "invalid ASN.1 integer".to_string())?,
        ),
        tag::BIT_STRING => {
            let bs = fv
                .read_bit_string()
                .ok_or_else(|| "invalid ASN.1 BIT STRING".to_string())?;
            AttributeValue::BitString {
                bytes: bs.bytes.to_vec(),
                bit_length: bs.bit_length,
            }
        }
        tag::OCTET_STRING => AttributeValue::OctetString(content.to_vec()),
        tag::OBJECT_IDENTIFIER => AttributeValue::Oid(
            fv.read_oid()
                .ok_or_else(|| "invalid ASN.1 OBJECT IDENTIFIER".to_string())?,
        ),
        tag::UTC_TIME => {
            let GoTime { instant, offset } = fv
                .read_utc_time()
                .ok_or_else(|| "x509: malformed UTCTime".to_string())?;
            AttributeValue::Time { instant, offset }
        }
        tag::GENERALIZED_TIME => {
            let GoTime { instant, offset } = fv
                .read_generalized_time()
                .ok_or_else(|| "x509: malformed GeneralizedTime".to_string())?;
            AttributeValue::Time { instant, offset }
        }
        tag::BOOLEAN => AttributeValue::Boolean(
            fv.read_bool()
                .ok_or_else(|| "invalid ASN.1 BOOLEAN".to_string())?,
        ),
        tag::NULL => AttributeValue::Null,
        _ => AttributeValue::Raw(full.to_vec()),
    };
    Ok((value, full.to_vec()))
}

/// Go's `isPrintable` in `crypto/x509` (PrintableString plus `*` and `&`).
fn is_printable(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || (b'\''..=b')').contains(&b)
        || (b'+'..=b'/').contains(&b)
        || matches!(b, b' ' | b':' | b'=' | b'?' | b'*' | b'&')
}

/// Go's `parseASN1String`.
pub(crate) fn parse_asn1_string(t: u8, value: &[u8]) -> Result<String, String> {
    match t {
        // T.61 is read as Latin-1, as Go and BoringSSL do.
        tag::T61_STRING => Ok(value.iter().map(|b| char::from(*b)).collect()),
        tag::PRINTABLE_STRING => {
            if value.iter().all(|b| is_printable(*b)) {
                Ok(value.iter().map(|b| char::from(*b)).collect())
            } else {
                Err("invalid PrintableString".to_string())
            }
        }
        tag::UTF8_STRING => {
            String::from_utf8(value.to_vec()).map_err(|_| "invalid UTF-8 string".to_string())
        }
        tag::BMP_STRING => {
            let bad = || "invalid BMPString".to_string();
            if !value.len().is_multiple_of(2) {
                return Err(bad());
            }
            let mut v = value;
            if let [head @ .., 0, 0] = v {
                v = head;
            }
            let mut out = String::new();
            for pair in v.chunks_exact(2) {
                let point = match pair {
                    [a, b] => u16::from_be_bytes([*a, *b]),
                    _ => return Err(bad()),
                };
                if point == 0xfffe
                    || point == 0xffff
                    || (0xfdd0..=0xfdef).contains(&point)
                    || (0xd800..=0xdfff).contains(&point)
                {
                    return Err(bad());
                }
                out.push(char::from_u32(u32::from(point)).ok_or_else(bad)?);
            }
            Ok(out)
        }
        tag::IA5_STRING => {
            if value.is_ascii() {
                Ok(value.iter().map(|b| char::from(*b)).collect())
            } else {
                Err("invalid IA5String".to_string())
            }
        }
        tag::NUMERIC_STRING => {
            if value.iter().all(|b| b.is_ascii_digit() || *b == b' ') {
                Ok(value.iter().map(|b| char::from(*b)).collect())
            } else {
                Err("invalid NumericString".to_string())
            }
        }
        _ => Err(format!("unsupported string type: {t}")),
    }
}

fn is_named(oid: &str) -> bool {
    matches!(
        oid,
        "2.5.4.3"
            | "2.5.4.5"
            | "2.5.4.6"
            | "2.5.4.7"
            | "2.5.4.8"
            | "2.5.4.9"
            | "2.5.4.10"
            | "2.5.4.11"
            | "2.5.4.17"
    )
}

/// Go's `RDNSequence.String()` escaping.
fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    escape_into(&mut out, v);
    out
}

/// [`escape`], appended to `out`. Every character escaped is ASCII, so the text between two of
/// them is copied whole.
fn escape_into(out: &mut String, v: &str) {
    let mut from = 0;
    for (k, c) in v.bytes().enumerate() {
        let esc = match c {
            b',' | b'+' | b'"' | b'\\' | b'<' | b'>' | b';' => true,
            b' ' => k == 0 || k + 1 == v.len(),
            b'#' => k == 0,
            _ => false,
        };
        if esc {
            out.push_str(v.get(from..k).unwrap_or_default());
            out.push('\\');
            from = k;
        }
    }
    out.push_str(v.get(from..).unwrap_or_default());
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use core::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a Name with one attribute per RDN from (oid content bytes, value TLV).
    fn name(attrs: &[(&[u8], &[u8])]) -> Vec<u8> {
        let mut seq = Vec::new();
        for (oid, value) in attrs {
            let mut atv = tlv(tag::OBJECT_IDENTIFIER, oid);
            atv.extend_from_slice(value);
            seq.extend(tlv(tag::SET, &tlv(tag::SEQUENCE, &atv)));
        }
        tlv(tag::SEQUENCE, &seq)
    }

    const OID_CN: &[u8] = &[0x55, 0x04, 0x03];
    const OID_O: &[u8] = &[0x55, 0x04, 0x0a];
    const OID_EMAIL: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01];

    #[test]
    fn strings_match_go() {
        // Expected strings follow Go's pkix.Name.String() rules (see module docs).
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (
                name(&[(OID_O, b"\x13\x04Argo"), (OID_CN, b"\x0c\x09localhost")]),
                "CN=localhost,O=Argo",
            ),
            // An attribute without a short name: its string value as text (Go 1.27).
            (
                name(&[(OID_EMAIL, b"\x16\x04a,@b")]),
                "1.2.840.113549.1.9.1=a\\,@b",
            ),
            // A non-string value: hex of its DER.
            (
                name(&[(OID_EMAIL, b"\x02\x01\x05")]),
                "1.2.840.113549.1.9.1=#020105",
            ),
            // Empty CN is not printed; leading space and '#' escaped.
            (name(&[(OID_CN, b"\x0c\x00")]), ""),
            (name(&[(OID_O, b"\x0c\x03 #a")]), "O=\\ #a"),
            // T61 is Latin-1.
            (name(&[(OID_CN, b"\x14\x01\xe9")]), "CN=\u{e9}"),
            // NULL cannot be marshalled: printed as <nil>, escaped.
            (
                name(&[(OID_EMAIL, b"\x05\x00")]),
                "1.2.840.113549.1.9.1=\\<nil\\>",
            ),
        ];
        for (der, want) in cases {
            let n = DistinguishedName::from_der(&der).map(|n| n.go_string());
            assert_eq!(n.as_deref(), Ok(want), "{der:02x?}");
        }
    }

    #[test]
    fn errors_match_go() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (vec![0x31, 0x00], "x509: invalid RDNSequence"),
            (
                name(&[(OID_CN, b"\x13\x01!")]),
                "x509: invalid RDNSequence: invalid attribute value: invalid PrintableString",
            ),
            (
                name(&[(OID_CN, b"\x1e\x02\xd8\x00")]),
                "x509: invalid RDNSequence: invalid attribute value: invalid BMPString",
            ),
            (
                name(&[(OID_CN, b"\x17\x01Z")]),
                "x509: invalid RDNSequence: invalid attribute value: x509: malformed UTCTime",
            ),
        ];
        for (der, want) in cases {
            let got = DistinguishedName::from_der(&der).map(|n| n.go_string());
            assert_eq!(got, Err(ParseError::new(want)), "{der:02x?}");
        }
    }
}
