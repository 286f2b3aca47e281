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
