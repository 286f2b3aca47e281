//! PEM text → DER blocks.
//!
//! The `pem` crate does the RFC 7468 decoding; this module adds what the planner needs on top:
//! the line each block starts on (for error positions) and a structured error for text that is
//! not PEM at all.

use crate::error::Error;

/// One PEM block.
#[derive(Clone, PartialEq, Eq)]
pub struct PemBlock {
    /// The label, e.g. `CERTIFICATE` or `RSA PRIVATE KEY`.
    pub label: String,
    /// The decoded bytes.
    pub der: Vec<u8>,
    /// The 1-based line of its `-----BEGIN` line in the input.
    pub line: usize,
}

/// Hand-written so that key material in a block never reaches a log or an error message.
impl core::fmt::Debug for PemBlock {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PemBlock")
            .field("label", &self.label)
            .field("der", &format_args!("<{} bytes>", self.der.len()))
            .field("line", &self.line)
            .finish()
    }
}

/// Decodes every PEM block in `text`, in order. Text between blocks is ignored.
///
/// # Errors
/// - [`Error::NotPem`] when there is no `-----BEGIN` line, or a block cannot be decoded
///   (bad base64, missing `-----END`); the error names the line.
pub fn decode_pem_blocks(text: &str) -> Result<Vec<PemBlock>, Error> {
    let mut blocks = Vec::new();
    let mut rest = text;
    let mut consumed = 0usize;
    while let Some(start) = rest.find("-----BEGIN ") {
        let line = 1 + text[..consumed + start].matches('\n').count();
        let from_begin = &rest[start..];
        let label_end = from_begin[11..].find("-----").map(|i| i + 11);
        let Some(label_end) = label_end else {
            return Err(Error::NotPem {
                line,
                reason: "unterminated BEGIN line".to_string(),
            });
        };
        let label = &from_begin[11..label_end];
        let end_marker = format!("-----END {label}-----");
        let Some(end) = from_begin.find(&end_marker) else {
            return Err(Error::NotPem {
                line,
                reason: format!("no `{end_marker}` line"),
            });
        };
        let block_text = &from_begin[..end + end_marker.len()];
        match pem::parse(block_text) {
            Ok(p) => blocks.push(PemBlock {
                label: p.tag().to_string(),
                der: p.into_contents(),
                line,
            }),
            Err(e) => {
                return Err(Error::NotPem {
                    line,
                    reason: format!("block `{label}` is malformed: {e}"),
                });
            }
        }
        let advance = start + end + end_marker.len();
        consumed += advance;
        rest = &rest[advance..];
    }
    if blocks.is_empty() {
        return Err(Error::NotPem {
            line: 1,
            reason: "no `-----BEGIN …-----` line found".to_string(),
        });
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_line_of_a_bad_block() {
        let text = "junk\n-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
        match decode_pem_blocks(text) {
            Err(Error::NotPem { line, .. }) => assert_eq!(line, 2),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn rejects_text_without_pem() {
        assert!(matches!(
            decode_pem_blocks("hello"),
            Err(Error::NotPem { line: 1, .. })
        ));
        assert!(matches!(decode_pem_blocks(""), Err(Error::NotPem { .. })));
    }

    #[test]
    fn missing_end_is_an_error() {
        let r = decode_pem_blocks("-----BEGIN CERTIFICATE-----\nAAAA\n");
        assert!(matches!(r, Err(Error::NotPem { line: 1, .. })), "{r:?}");
    }
}
