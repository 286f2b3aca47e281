//! Operations on PEM text for the JS API and the CLI: verify a chain given as PEM, and generate a
//! CA with leaves in one request.

use serde::{Deserialize, Serialize};

use crate::certificates::generate::{
    CertificateRequest, GenerateError, GeneratedCertificate, IssuerPem, generate_certificate,
};
use crate::certificates::inspect::CertificateSummary;
use crate::certificates::parse::{Certificate, ExtKeyUsage, parse_certificate};
use crate::certificates::pem::go_pem_blocks;
use crate::certificates::verify::{VerifyOptions, verify};
use crate::error::Error;
use crate::time::UnixTime;

/// Every `CERTIFICATE` block (without headers) that parses, as Go's
/// `CertPool.AppendCertsFromPEM` takes them; blocks that do not parse are skipped, as Go skips them.
pub fn pool_from_pem(pem: &str) -> Vec<Certificate> {
    go_pem_blocks(pem.as_bytes())
        .into_iter()
        .filter(|b| b.block_type == b"CERTIFICATE" && b.headers.is_empty())
        .filter_map(|b| parse_certificate(&b.bytes).ok())
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
    let blocks = crate::certificates::pem::decode_pem_blocks(leaf)?;
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

/// A CA (optional) and leaves signed by it, or by an imported issuer.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateRequest {
    /// A CA to generate first (self-signed); the leaves are signed by it.
    #[serde(default)]
    pub ca: Option<CertificateRequest>,
    /// An existing CA (certificate and key PEM) to sign the leaves with, when `ca` is absent.
    #[serde(default)]
    pub issuer: Option<IssuerPem>,
    /// The leaves.
    #[serde(default)]
    pub leaves: Vec<CertificateRequest>,
}

/// What [`generate_set`] returns.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedSet {
    /// The generated CA, if one was requested.
    pub ca: Option<GeneratedCertificate>,
    /// The leaves, in request order.
    pub leaves: Vec<GeneratedCertificate>,
}

/// Generates the CA (if asked) and then each leaf, signed by that CA, the imported issuer, or
/// itself when neither is given.
///
/// # Errors
/// The first [`GenerateError`].
pub fn generate_set<R: rand_core::CryptoRng + ?Sized>(
    request: &GenerateRequest,
    rng: &mut R,
) -> Result<GeneratedSet, GenerateError> {
    generate_set_with_progress(request, rng, &mut |_| {})
}

/// Where [`generate_set_with_progress`] is: reported before each certificate (its key is made
/// first, which for RSA is most of the time) and once at the end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct GenerateProgress {
    /// Certificates finished.
    pub done: usize,
    /// Certificates requested (the CA counts).
    pub total: usize,
    /// The certificate being generated now; `null` in the final report.
    pub current: Option<GenerateStep>,
}

/// The certificate [`GenerateProgress`] is working on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct GenerateStep {
    /// `ca` or `leaf`.
    pub role: &'static str,
    /// Its common name, else its first DNS name or IP address, else empty.
    pub name: String,
    /// Its key type.
    pub key_algorithm: crate::KeyAlgorithm,
}

/// [`generate_set`], calling `progress` before each certificate and after the last one, so that
/// a caller (the npm package's Worker) can show where a slow RSA key generation is.
///
/// # Errors
/// The first [`GenerateError`].
pub fn generate_set_with_progress<R: rand_core::CryptoRng + ?Sized>(
    request: &GenerateRequest,
    rng: &mut R,
    progress: &mut dyn FnMut(&GenerateProgress),
) -> Result<GeneratedSet, GenerateError> {
    let total = usize::from(request.ca.is_some()) + request.leaves.len();
    let mut done = 0;
    let mut report = |done: usize, role: &'static str, r: &CertificateRequest| {
        let name = r
            .common_name
            .iter()
            .chain(&r.dns_names)
            .chain(&r.ip_addresses)
            .find(|n| !n.is_empty())
            .cloned()
            .unwrap_or_default();
        progress(&GenerateProgress {
            done,
            total,
            current: Some(GenerateStep {
                role,
                name,
                key_algorithm: r.key_algorithm,
            }),
        });
    };
    let ca = match &request.ca {
        Some(r) => {
            report(done, "ca", r);
            let ca = generate_certificate(r, None, rng)?;
            done += 1;
            Some(ca)
        }
        None => None,
    };
    let issuer = match (&ca, &request.issuer) {
        (Some(c), _) => Some(IssuerPem {
            cert_pem: c.chain_pem.clone(),
            key_pem: c.key_pem.clone(),
        }),
        (None, Some(i)) => Some(i.clone()),
        (None, None) => None,
    };
    let mut leaves = Vec::with_capacity(request.leaves.len());
    for r in &request.leaves {
        report(done, "leaf", r);
        leaves.push(generate_certificate(r, issuer.as_ref(), rng)?);
        done += 1;
    }
    progress(&GenerateProgress {
        done,
        total,
        current: None,
    });
    Ok(GeneratedSet { ca, leaves })
}
