//! Input the planner cannot read at all. Findings about readable input are data, not errors.

use core::fmt;

use serde::Serialize;

/// Input that cannot be read. Everything else (a bad certificate in a readable deployment, a
/// connection that will fail) is reported as data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[non_exhaustive]
pub enum Error {
    /// The text is not PEM: no `-----BEGIN` line, or a block that cannot be decoded.
    #[serde(rename_all = "camelCase")]
    NotPem {
        /// 1-based line where the problem is.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The PEM holds blocks, but none is a `CERTIFICATE`.
    #[serde(rename_all = "camelCase")]
    NoCertificate {
        /// The labels that were found instead.
        found: Vec<String>,
    },
    /// A `CERTIFICATE` block does not parse as an X.509 certificate.
    #[serde(rename_all = "camelCase")]
    InvalidCertificate {
        /// 0-based index among the certificate blocks.
        index: usize,
        /// 1-based line of the block's `-----BEGIN` line.
        line: usize,
        /// Go's `x509.ParseCertificate` error text.
        message: String,
    },
    /// DER input (not PEM) does not parse as one X.509 certificate.
    #[serde(rename_all = "camelCase")]
    InvalidDerCertificate {
        /// Go's `x509.ParseCertificate` error text.
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotPem { line, reason } => write!(f, "line {line}: not PEM: {reason}"),
            Self::NoCertificate { found } => {
                write!(
                    f,
                    "no CERTIFICATE block found (found: {})",
                    found.join(", ")
                )
            }
            Self::InvalidCertificate {
                index,
                line,
                message,
            } => {
                write!(
                    f,
                    "line {line}: certificate #{index} is not valid: {message}"
                )
            }
            Self::InvalidDerCertificate { message } => {
                write!(f, "the DER certificate is not valid: {message}")
            }
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// The 1-based line the error points at, if any.
    pub fn line(&self) -> Option<usize> {
        match self {
            Self::NotPem { line, .. } | Self::InvalidCertificate { line, .. } => Some(*line),
            Self::NoCertificate { .. } | Self::InvalidDerCertificate { .. } => None,
        }
    }
}

/// Longest quoted input value a message keeps (a certificate's name, a variant, a path fit).
const QUOTE_LIMIT: usize = 64;

/// A serde message with every quoted input value that is longer than [`QUOTE_LIMIT`] characters,
/// or holds a PEM marker, replaced by its length. serde quotes the value it refused
/// (`invalid type: string "…"`, ``unknown variant `…` ``), and a posture or a request may carry
/// private keys, which must never appear in an error.
pub(crate) fn redact_quoted_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(512));
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        out.push_str(&rest[..open]);
        let quote = rest[open..].chars().next().unwrap_or('"');
        let body = &rest[open + 1..];
        // serde writes a string with Rust's escapes (`\"`, `\\`); a variant between backticks
        // as it is.
        let mut escaped = false;
        let close = body.char_indices().find_map(|(i, c)| {
            let end = !escaped && c == quote;
            escaped = quote == '"' && !escaped && c == '\\';
            end.then_some(i)
        });
        let Some(close) = close else {
            out.push_str(&rest[open..]);
            return out;
        };
        let value = &body[..close];
        let chars = value.chars().count();
        if chars > QUOTE_LIMIT || value.contains("-----BEGIN") || value.contains("PRIVATE KEY") {
            out.push_str(&format!("{quote}…{quote} ({chars} characters, not shown)"));
        } else {
            out.push(quote);
            out.push_str(value);
            out.push(quote);
        }
        rest = &body[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::redact_quoted_values;

    #[test]
    fn long_or_pem_values_are_not_repeated() {
        let key = "-----BEGIN PRIVATE KEY-----\\nMIIE\\\"x\\n-----END PRIVATE KEY-----\\n";
        let message =
            format!("invalid type: string \"{key}\", expected internally tagged enum Reset");
        assert_eq!(
            redact_quoted_values(&message),
            "invalid type: string \"…\" (65 characters, not shown), expected internally tagged enum Reset"
        );
        let long = "A".repeat(65);
        assert_eq!(
            redact_quoted_values(&format!(
                "unknown variant `{long}`, expected `leaf` or `ca`"
            )),
            "unknown variant `…` (65 characters, not shown), expected `leaf` or `ca`"
        );
        // Short values, and an unterminated quote, are kept.
        let short = "unknown field `caCert`, expected one of `caCertPem`, `certPem` and \"x";
        assert_eq!(redact_quoted_values(short), short);
    }
}
