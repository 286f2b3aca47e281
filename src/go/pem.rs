//! PEM text → DER blocks.
//!
//! Two readers live here:
//!
//! - [`decode_pem_blocks`]: for inspection. It finds each `-----BEGIN`/`-----END` pair, decodes
//!   the block with [`go_pem_decode`] (so what is shown is what Go reads), and adds the line each
//!   block starts on (for error positions) and a structured error for text that is not PEM at all.
//! - [`go_pem_decode`] / [`go_pem_blocks`]: a line-for-line port of Go's `encoding/pem.Decode`
//!   (Go 1.24 and later; [`go_pem_decode_legacy`] is Go 1.21 – 1.23's), for the paths that must
//!   behave exactly like Go (`tls.X509KeyPair`); it mirrors `$GOROOT/src/encoding/pem/pem.go`. It
//!   is hand-written
//!   because no PEM library has Go's semantics: Go finds the first `-----END ` line and the last
//!   `-----BEGIN ` line before it, accepts `Key: Value` header lines, ignores spaces and tabs
//!   inside the base64, accepts a block with non-canonical base64 padding bits, and treats a block
//!   whose base64 does not decode as not a block at all (it skips past its END line and keeps
//!   scanning) — where an RFC 7468 reader rejects the input instead.

use crate::error::Error;
use crate::go::version::GoTlsVersion;

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
    // Lines before `rest`, counted incrementally (recounting from the start is quadratic).
    let mut lines_before = 0usize;
    while let Some(start) = rest.find("-----BEGIN ") {
        let line = 1 + lines_before + rest[..start].matches('\n').count();
        let from_begin = &rest[start..];
        // The label ends on the BEGIN line (as in Go's `getLine`): searching past it would put
        // the block's body (possibly a private key) into the error text below.
        let begin_line = from_begin.split('\n').next().unwrap_or(from_begin);
        let label_end = begin_line
            .get(11..)
            .and_then(|l| l.find("-----"))
            .map(|i| i + 11);
        let Some(label_end) = label_end else {
            return Err(Error::NotPem {
                line,
                reason: "unterminated BEGIN line".to_string(),
            });
        };
        let label = from_begin.get(11..label_end).unwrap_or_default();
        // Shown in errors: a one-line block could carry its body in the label position.
        let shown: String = if label.len() > 64 {
            label.chars().take(64).chain("…".chars()).collect()
        } else {
            label.to_string()
        };
        let end_marker = format!("-----END {label}-----");
        let Some(end) = from_begin.find(&end_marker) else {
            return Err(Error::NotPem {
                line,
                reason: format!("no `-----END {shown}-----` line"),
            });
        };
        let block_text = &from_begin[..end + end_marker.len()];
        // Each delimited block is decoded as Go's `pem.Decode` decodes it, so that what the
        // planner reads is exactly what Argo CD reads (Go accepts, e.g., a blank line before END).
        match go_pem_decode(block_text.as_bytes()) {
            (Some(p), _) => blocks.push(PemBlock {
                label: p.type_lossy(),
                der: p.bytes,
                line,
            }),
            (None, _) => {
                return Err(Error::NotPem {
                    line,
                    reason: format!(
                        "block `{shown}` is malformed: Go's pem.Decode does not read it (bad base64 or headers)"
                    ),
                });
            }
        }
        let advance = start + end + end_marker.len();
        lines_before += rest[..advance].matches('\n').count();
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

/// One PEM block as Go's `encoding/pem.Decode` returns it.
#[derive(Clone, PartialEq, Eq)]
pub struct GoPemBlock {
    /// The type from the BEGIN line (Go's `Block.Type`), as raw bytes: Go allows any bytes.
    pub block_type: Vec<u8>,
    /// The `Key: Value` headers in input order (a repeated key keeps its last value in Go's map;
    /// here every line is kept).
    pub headers: Vec<(String, String)>,
    /// The decoded bytes.
    pub bytes: Vec<u8>,
}

impl GoPemBlock {
    /// The type as text (invalid UTF-8 replaced by U+FFFD, for messages).
    pub fn type_lossy(&self) -> String {
        String::from_utf8_lossy(&self.block_type).into_owned()
    }

    /// Whether a `Proc-Type` header says the block is encrypted (RFC 1421 `4,ENCRYPTED`).
    pub fn is_encrypted(&self) -> bool {
        self.headers
            .iter()
            .any(|(k, v)| k == "Proc-Type" && v.contains("ENCRYPTED"))
    }
}

/// Hand-written so that key material in a block never reaches a log or an error message.
impl core::fmt::Debug for GoPemBlock {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GoPemBlock")
            .field("block_type", &self.type_lossy())
            .field("headers", &self.headers.len())
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .finish()
    }
}

const PEM_START: &[u8] = b"\n-----BEGIN ";
const PEM_END: &[u8] = b"\n-----END ";
const PEM_END_OF_LINE: &[u8] = b"-----";

/// Go's `getLine`: the first `\n`- or `\r\n`-terminated line without trailing spaces and tabs,
/// the rest after the newline, and how many bytes were consumed.
fn get_line(data: &[u8]) -> (&[u8], &[u8], usize) {
    let (i, j) = match data.iter().position(|b| *b == b'\n') {
        None => (data.len(), data.len()),
        Some(i) => {
            let line_end = if i > 0 && data.get(i - 1) == Some(&b'\r') {
                i - 1
            } else {
                i
            };
            (line_end, i + 1)
        }
    };
    let line = data.get(..i).unwrap_or_default();
    let trimmed_len = line.len()
        - line
            .iter()
            .rev()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
    (
        line.get(..trimmed_len).unwrap_or_default(),
        data.get(j..).unwrap_or_default(),
        j,
    )
}

/// Go's `bytes.Index` (the markers are never empty): a scan for the first byte, then a compare.
/// Comparing the whole needle at every position took a third of `inspectCertificate`'s time.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut from = 0;
    while let Some(i) = haystack.get(from..)?.iter().position(|&b| b == first) {
        let at = from + i;
        if haystack.get(at..)?.starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Go's `bytes.LastIndex`, the same way from the end.
fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut to = haystack.len();
    while let Some(at) = haystack.get(..to)?.iter().rposition(|&b| b == first) {
        if haystack.get(at..)?.starts_with(needle) {
            return Some(at);
        }
        to = at;
    }
    None
}

/// Go's `bytes.TrimSpace` on a header key or value (Unicode white space, as Go's).
fn trim_space(b: &[u8]) -> String {
    String::from_utf8_lossy(b).trim().to_string()
}

/// A line-for-line port of Go 1.24+'s `encoding/pem.Decode`: the next block in `data` and the
/// rest of the input after it, or `None` and the whole input when there is no (decodable) block.
pub fn go_pem_decode(data: &[u8]) -> (Option<GoPemBlock>, &[u8]) {
    let mut rest = data;
    let mut end_trailer_index: isize = 0;
    loop {
        let Some(next) = usize::try_from(end_trailer_index)
            .ok()
            .and_then(|i| rest.get(i..))
        else {
            return (None, data);
        };
        rest = next;
        // Find the first END line, and then the last BEGIN line before it.
        let Some(end) = find(rest, PEM_END) else {
            return (None, data);
        };
        let mut end_index = end as isize;
        end_trailer_index = end_index + PEM_END.len() as isize;
        let begin_marker = PEM_START.get(1..).unwrap_or_default();
        let Some(begin) = rfind(rest.get(..end).unwrap_or_default(), begin_marker) else {
            continue;
        };
        if begin > 0 && rest.get(begin - 1) != Some(&b'\n') {
            continue;
        }
        let skip = begin + begin_marker.len();
        rest = rest.get(skip..).unwrap_or_default();
        end_index -= skip as isize;
        end_trailer_index -= skip as isize;

        let (type_line, after, consumed) = get_line(rest);
        rest = after;
        end_index -= consumed as isize;
        end_trailer_index -= consumed as isize;
        let Some(type_line) = type_line.strip_suffix(PEM_END_OF_LINE) else {
            continue;
        };
        let mut block = GoPemBlock {
            block_type: type_line.to_vec(),
            headers: Vec::new(),
            bytes: Vec::new(),
        };
        loop {
            if rest.is_empty() {
                return (None, data);
            }
            let (line, next, consumed) = get_line(rest);
            let Some(colon) = line.iter().position(|b| *b == b':') else {
                break;
            };
            let key = trim_space(line.get(..colon).unwrap_or_default());
            let val = trim_space(line.get(colon + 1..).unwrap_or_default());
            block.headers.push((key, val));
            rest = next;
            end_index -= consumed as isize;
            end_trailer_index -= consumed as isize;
        }
        // With headers there must be a newline between them and the END line.
        if !block.headers.is_empty() && end_index < 0 {
            continue;
        }
        // After the "-----" of the END line: the same type, five dashes, then only white space.
        let Some(end_trailer) = usize::try_from(end_trailer_index)
            .ok()
            .and_then(|i| rest.get(i..))
        else {
            continue;
        };
        let trailer_len = type_line.len() + PEM_END_OF_LINE.len();
        let (Some(trailer), Some(rest_of_end_line)) = (
            end_trailer.get(..trailer_len),
            end_trailer.get(trailer_len..),
        ) else {
            continue;
        };
        if !trailer.starts_with(type_line) || !trailer.ends_with(PEM_END_OF_LINE) {
            continue;
        }
        if !get_line(rest_of_end_line).0.is_empty() {
            continue;
        }
        if end_index > 0 {
            let body: Vec<u8> = rest
                .get(..end_index as usize)
                .unwrap_or_default()
                .iter()
                .copied()
                .filter(|b| *b != b' ' && *b != b'\t')
                .collect();
            match super::base64::decode_std(&body).ok() {
                Some(bytes) => block.bytes = bytes,
                None => continue,
            }
        }
        // `end_index` may be -1 for an empty block: the -1 below undoes the newline of PEM_END.
        let from = end_index + PEM_END.len() as isize - 1;
        let after_end = usize::try_from(from)
            .ok()
            .and_then(|i| rest.get(i..))
            .unwrap_or_default();
        let (_, remainder, _) = get_line(after_end);
        return (Some(block), remainder);
    }
}

/// Go ≤ 1.23's `encoding/pem.Decode`, ported line for line: it finds the first `-----BEGIN `
/// (at the start of the input or after a newline), reads the type line and headers, then the
/// first `\n-----END ` after them; a block that does not close or decode is skipped and the scan
/// goes on from after its BEGIN line. (Go 1.24 rewrote it to search for END first.)
pub fn go_pem_decode_legacy(data: &[u8]) -> (Option<GoPemBlock>, &[u8]) {
    let begin_marker = PEM_START.get(1..).unwrap_or_default();
    let mut rest = data;
    loop {
        if let Some(after) = rest.strip_prefix(begin_marker) {
            rest = after;
        } else if let Some(i) = find(rest, PEM_START) {
            rest = rest.get(i + PEM_START.len()..).unwrap_or_default();
        } else {
            return (None, data);
        }
        let (type_line, after, _) = get_line(rest);
        rest = after;
        let Some(type_line) = type_line.strip_suffix(PEM_END_OF_LINE) else {
            continue;
        };
        let mut block = GoPemBlock {
            block_type: type_line.to_vec(),
            headers: Vec::new(),
            bytes: Vec::new(),
        };
        loop {
            if rest.is_empty() {
                return (None, data);
            }
            let (line, next, _) = get_line(rest);
            let Some(colon) = line.iter().position(|b| *b == b':') else {
                break;
            };
            let key = trim_space(line.get(..colon).unwrap_or_default());
            let val = trim_space(line.get(colon + 1..).unwrap_or_default());
            block.headers.push((key, val));
            rest = next;
        }
        let end_marker = PEM_END.get(1..).unwrap_or_default();
        // Without headers, the END line may follow at once, without a leading newline.
        let (end_index, end_trailer_index) =
            if block.headers.is_empty() && rest.starts_with(end_marker) {
                (0, end_marker.len())
            } else {
                match find(rest, PEM_END) {
                    Some(i) => (i, i + PEM_END.len()),
                    None => continue,
                }
            };
        let end_trailer = rest.get(end_trailer_index..).unwrap_or_default();
        let trailer_len = type_line.len() + PEM_END_OF_LINE.len();
        let (Some(trailer), Some(rest_of_end_line)) = (
            end_trailer.get(..trailer_len),
            end_trailer.get(trailer_len..),
        ) else {
            continue;
        };
        if !trailer.starts_with(type_line) || !trailer.ends_with(PEM_END_OF_LINE) {
            continue;
        }
        if !get_line(rest_of_end_line).0.is_empty() {
            continue;
        }
        let body: Vec<u8> = rest
            .get(..end_index)
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(|b| *b != b' ' && *b != b'\t')
            .collect();
        match super::base64::decode_std(&body).ok() {
            Some(bytes) => block.bytes = bytes,
            None => continue,
        }
        let after_end = rest
            .get(end_index + PEM_END.len() - 1..)
            .unwrap_or_default();
        let (_, remainder, _) = get_line(after_end);
        return (Some(block), remainder);
    }
}

/// Every block Go's `pem.Decode` finds when called in a loop until it returns no block — the
/// loop `tls.X509KeyPair` runs over each of its inputs (Go 1.24 and later).
pub fn go_pem_blocks(data: &[u8]) -> Vec<GoPemBlock> {
    go_pem_blocks_as(data, GoTlsVersion::Go126)
}

/// [`go_pem_blocks`] with the `pem.Decode` of the given Go release.
pub fn go_pem_blocks_as(data: &[u8], go: GoTlsVersion) -> Vec<GoPemBlock> {
    let decode = match go {
        GoTlsVersion::Go123 => go_pem_decode_legacy,
        GoTlsVersion::Go124 | GoTlsVersion::Go126 | GoTlsVersion::Go127 => go_pem_decode,
    };
    let mut blocks = Vec::new();
    let mut rest = data;
    loop {
        let (block, next) = decode(rest);
        match block {
            Some(b) => blocks.push(b),
            None => return blocks,
        }
        rest = next;
    }
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

    fn types(text: &str) -> Vec<String> {
        go_pem_blocks(text.as_bytes())
            .iter()
            .map(GoPemBlock::type_lossy)
            .collect()
    }

    #[test]
    fn go_decode_reads_blocks_headers_and_junk() {
        let text = "junk\n-----BEGIN A-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: X\n\nAAEC\n-----END A-----\nmore junk\n-----BEGIN B-----\nAA\n  ==\n-----END B-----  \n";
        let blocks = go_pem_blocks(text.as_bytes());
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].block_type, b"A");
        assert!(blocks[0].is_encrypted());
        assert_eq!(blocks[0].bytes, vec![0, 1, 2]);
        assert_eq!(blocks[1].bytes, vec![0]);
        assert!(!blocks[1].is_encrypted());
    }

    #[test]
    fn go_decode_skips_a_block_with_bad_base64_and_keeps_scanning() {
        let text =
            "-----BEGIN A-----\n!!!!\n-----END A-----\n-----BEGIN B-----\nAAAA\n-----END B-----\n";
        assert_eq!(types(text), vec!["B"]);
        // Not padded: not a block.
        assert!(types("-----BEGIN A-----\nAAA\n-----END A-----\n").is_empty());
        // Non-canonical padding bits are accepted (Go's StdEncoding is not Strict).
        let b = go_pem_blocks(b"-----BEGIN A-----\nAB==\n-----END A-----\n");
        assert_eq!(b.first().map(|b| b.bytes.clone()), Some(vec![0]));
    }

    #[test]
    fn legacy_decode_reads_what_go_1_23_reads() {
        // Block types Go 1.23.9's tls.X509KeyPair listed for these certificate inputs.
        let legacy = |text: &str| -> Vec<String> {
            go_pem_blocks_as(text.as_bytes(), GoTlsVersion::Go123)
                .iter()
                .map(GoPemBlock::type_lossy)
                .collect()
        };
        let text = "-----BEGIN A-----\n-----BEGIN B-----\nAAAA\n-----END B-----\n";
        assert_eq!(legacy(text), vec!["B"]);
        let text = "-----BEGIN A-----\n-----END A-----\n-----BEGIN B-----\nAA==\n-----END B-----\n";
        assert_eq!(legacy(text), vec!["A", "B"]);
    }

    #[test]
    fn go_decode_needs_begin_at_line_start_and_matching_end() {
        assert!(types("x-----BEGIN A-----\nAAAA\n-----END A-----\n").is_empty());
        assert!(types("-----BEGIN A-----\nAAAA\n-----END B-----\n").is_empty());
        assert!(types("-----BEGIN A-----\nAAAA\n-----END A----- x\n").is_empty());
        // The last BEGIN before the first END wins.
        assert_eq!(
            types("-----BEGIN A-----\n-----BEGIN B-----\nAAAA\n-----END B-----\n"),
            vec!["B"]
        );
        // An empty block, and CRLF line ends.
        assert_eq!(types("-----BEGIN A-----\n-----END A-----\n"), vec!["A"]);
        assert_eq!(
            types("-----BEGIN A-----\r\nAAAA\r\n-----END A-----\r\n"),
            vec!["A"]
        );
        assert!(types("").is_empty());
        assert!(types("-----BEGIN A-----").is_empty());
    }
}
