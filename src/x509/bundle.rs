//! Operations on PEM text for the JS API and the CLI: verify a chain given as PEM.

use serde::Serialize;

use crate::error::Error;
use crate::go::pem::go_pem_blocks_as;
use crate::go::version::{GoTlsVersion, GoX509Version};
use crate::time::UnixTime;
use crate::x509::inspect::CertificateSummary;
use crate::x509::parse::{Certificate, ExtKeyUsage, parse_certificate, parse_certificate_as};
use crate::x509::verify::{VerifyOptions, verify};

/// Every `CERTIFICATE` block (without headers) that parses, as Go's
/// `CertPool.AppendCertsFromPEM` takes them; blocks that do not parse are skipped, as Go skips them.
pub fn pool_from_pem(pem: &str) -> Vec<Certificate> {
    pool_from_pem_as(pem, GoTlsVersion::default())
}

/// [`pool_from_pem`] with the `pem.Decode` of Go generation `go`.
pub(crate) fn pool_from_pem_as(pem: &str, go: GoTlsVersion) -> Vec<Certificate> {
    pool_from_pem_parsed_as(pem, go, GoX509Version::Go127)
}

/// [`pool_from_pem`] with the `pem.Decode` of Go generation `go` and the
/// `x509.ParseCertificate` of Go generation `x509`.
pub(crate) fn pool_from_pem_parsed_as(
    pem: &str,
    go: GoTlsVersion,
    x509: GoX509Version,
) -> Vec<Certificate> {
    go_pem_blocks_as(pem.as_bytes(), go)
        .into_iter()
        .filter(|b| b.block_type == b"CERTIFICATE" && b.headers.is_empty())
        .filter_map(|b| parse_certificate_as(&b.bytes, x509).ok())
        .collect()
}

/// Go's verdict on a chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum VerifyOutcome {
    /// Verified: every chain Go builds, leaf first.
    Verified {
        /// Always `true`.
        ok: bool,
        /// The chains.
        chains: Vec<Vec<CertificateSummary>>,
    },
    /// Rejected, with Go's error text.
    Rejected {
        /// Always `false`.
        ok: bool,
        /// Go's error text.
        error: String,
    },
}

/// `leaf.Verify` for PEM inputs: the first certificate of `leaf` is the leaf; `intermediates`
/// and `roots` are pools. `key_usage` is `serverAuth` (default), `clientAuth` or `any`.
///
/// # Errors
/// [`Error`] when `leaf` holds no certificate or the leaf does not parse (that is input the
/// planner cannot read; a failed verification is an `Ok(VerifyOutcome::Rejected)`).
pub fn verify_pem(
    leaf: &str,
    intermediates: &str,
    roots: &str,
    dns_name: &str,
    now: UnixTime,
    key_usage: Option<&str>,
) -> Result<VerifyOutcome, Error> {
    let blocks = crate::go::pem::decode_pem_blocks(leaf)?;
    let first = blocks
        .iter()
        .find(|b| b.label == "CERTIFICATE")
        .ok_or_else(|| Error::NoCertificate {
            found: blocks.iter().map(|b| b.label.clone()).collect(),
        })?;
    let leaf_cert = parse_certificate(&first.der).map_err(|e| Error::InvalidCertificate {
        index: 0,
        line: first.line,
        message: e.message,
    })?;
    let intermediates = pool_from_pem(intermediates);
    let roots = pool_from_pem(roots);
    let usage = match key_usage {
        Some("clientAuth") => ExtKeyUsage::ClientAuth,
        Some("any") => ExtKeyUsage::Any,
        _ => ExtKeyUsage::ServerAuth,
    };
    let mut opts = VerifyOptions::new((!dns_name.is_empty()).then(|| dns_name.to_string()), now);
    opts.key_usages = vec![usage];
    Ok(match verify(&leaf_cert, &intermediates, &roots, &opts) {
        Ok(chains) => VerifyOutcome::Verified {
            ok: true,
            chains: chains
                .iter()
                .map(|c| c.iter().map(|x| CertificateSummary::of(x)).collect())
                .collect(),
        },
        Err(e) => VerifyOutcome::Rejected {
            ok: false,
            error: e.to_string(),
        },
    })
}
