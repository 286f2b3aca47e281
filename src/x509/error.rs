//! The error of certificate parsing (Go's `x509.ParseCertificate` texts), in its own module so
//! that [`super::parse`] and [`super::name`] both use it without importing each other.

/// Why a certificate could not be parsed, worded as Go's `x509.ParseCertificate` words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Go's error text, e.g. `x509: malformed certificate`.
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl core::fmt::Display for ParseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}
