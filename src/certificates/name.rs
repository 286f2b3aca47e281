//! Distinguished names, printed the way Go's `pkix.Name.String()` prints them.
//!
//! Go first folds the attributes into named fields (`Country`, `Organization`, …, `CommonName`
//! keeps only the last CN), prints those in reverse `ToRDNSequence` order, and puts every other
//! attribute after them as `OID=#<hex DER>`. Operators compare what the planner shows with what
//! `argocd` and Go tooling print, so the same rendering matters.

use der::{Decode, Encode, Tag, Tagged};

use crate::certificates::parse::ParseError;

/// One attribute of a name: its OID and its value (decoded as text when it is a string type).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// The attribute type OID in dotted form.
    pub oid: String,
    /// The value as text, if it is an ASN.1 string type.
    pub text: Option<String>,
    /// The value's full DER (tag, length, contents).
    pub value_der: Vec<u8>,
}

/// A distinguished name as a sequence of RDNs, each a set of attributes.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DistinguishedName {
    /// RDNs in encoded order.
    pub rdns: Vec<Vec<Attribute>>,
}

const CN: &str = "2.5.4.3";

impl DistinguishedName {
    /// Decodes a DER `Name`.
    ///
    /// # Errors
    /// `x509: invalid RDNSequence` style errors when the DER is not a Name.
    pub fn from_der(der: &[u8]) -> Result<Self, ParseError> {
        let name = x509_cert::name::Name::from_der(der)
            .map_err(|_| ParseError::new("x509: invalid RDNSequence"))?;
        let mut rdns = Vec::new();
        for rdn in name.iter_rdn() {
            let mut set = Vec::new();
            for atv in rdn.iter() {
                let value_der = atv
                    .value
                    .to_der()
                    .map_err(|_| ParseError::new("x509: invalid RDNSequence"))?;
                set.push(Attribute {
                    oid: atv.oid.to_string(),
                    text: string_value(&atv.value),
                    value_der,
                });
            }
            rdns.push(set);
        }
        Ok(Self { rdns })
    }

    /// The last `CN` attribute's text, as Go's `Name.CommonName` holds it.
    pub fn common_name(&self) -> Option<&str> {
        self.rdns
            .iter()
            .flatten()
            .filter(|a| a.oid == CN)
            .filter_map(|a| a.text.as_deref())
            .next_back()
    }

    /// Go's `pkix.Name.String()`.
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
        let text_of = |a: &Attribute| a.text.clone();
        // Go's sequence: first the non-standard attributes (one RDN each), then the named fields.
        let mut seq: Vec<Vec<(String, String)>> = Vec::new();
        for a in &all {
            if is_named(&a.oid) && a.text.is_some() {
                continue;
            }
            if is_named(&a.oid) {
                // A named attribute whose value is not a string: Go drops it from the fields
                // and does not list it either.
                continue;
            }
            seq.push(vec![(a.oid.clone(), format!("#{}", hex(&a.value_der)))]);
        }
        for (oid, label) in ORDER {
            let vals: Vec<String> = all
                .iter()
                .filter(|a| a.oid == *oid)
                .filter_map(|a| text_of(a))
                .collect();
            if !vals.is_empty() {
                seq.push(
                    vals.into_iter()
                        .map(|v| ((*label).to_string(), escape(&v)))
                        .collect(),
                );
            }
        }
        if let Some(cn) = self.common_name() {
            seq.push(vec![("CN".to_string(), escape(cn))]);
        }
        let serials: Vec<String> = all
            .iter()
            .filter(|a| a.oid == "2.5.4.5")
            .filter_map(|a| text_of(a))
            .collect();
        if let Some(last) = serials.last() {
            seq.push(vec![("SERIALNUMBER".to_string(), escape(last))]);
        }
        seq.iter()
            .rev()
            .map(|rdn| {
                rdn.iter()
                    .map(|(t, v)| format!("{t}={v}"))
                    .collect::<Vec<_>>()
                    .join("+")
            })
            .collect::<Vec<_>>()
            .join(",")
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

fn string_value(any: &der::Any) -> Option<String> {
    let bytes = any.value();
    match any.tag() {
        Tag::PrintableString
        | Tag::Utf8String
        | Tag::Ia5String
        | Tag::TeletexString
        | Tag::VisibleString => String::from_utf8(bytes.to_vec()).ok(),
        Tag::BmpString => {
            if !bytes.len().is_multiple_of(2) {
                return None;
            }
            let units: Vec<u16> = bytes
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    }
}

/// Go's RDNSequence.String() escaping.
fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for (k, c) in v.char_indices() {
        let esc = match c {
            ',' | '+' | '"' | '\\' | '<' | '>' | ';' => true,
            ' ' => k == 0 || k == v.len() - 1,
            '#' => k == 0,
            _ => false,
        };
        if esc {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use core::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
