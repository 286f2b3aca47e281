//! The certificate core as the resolver uses it: load a key pair as `tls.X509KeyPair` does, build
//! a pool as `LoadX509CertPool`/`AppendCertsFromPEM` do, verify as `x509.Certificate.Verify`
//! does, and describe the certificates Argo CD generates for itself.

use super::memo::Scope;
use crate::go::version::{GoTlsVersion, GoX509Version};
use crate::time::UnixTime;
use crate::x509::parse::{Certificate, ExtKeyUsage, parse_certificate_as};
use crate::x509::verify::{VerifyErrorKind, VerifyOptions};

/// A certificate chain as a server presents it (leaf first), each parsed.
#[derive(Clone, Debug)]
pub(crate) struct Chain {
    pub(crate) certs: Vec<Certificate>,
}

impl Chain {
    pub(crate) fn leaf(&self) -> Option<&Certificate> {
        self.certs.first()
    }
}

/// `tls.X509KeyPair(cert, key)` of Go generation `go`, then the chain parsed as a Go client of
/// generation `x509` parses what it receives.
///
/// # Errors
/// Go's error text (`tls: private key does not match public key`, …).
pub(crate) fn load_key_pair(
    go: GoTlsVersion,
    x509: GoX509Version,
    cert_pem: &str,
    key_pem: &str,
) -> Result<Chain, String> {
    crate::keys::keypair::check_key_pair_as(cert_pem.as_bytes(), key_pem.as_bytes(), go)
        .map_err(|e| e.message)?;
    let certs = certificate_blocks(go, cert_pem)
        .into_iter()
        .map(|der| parse_certificate_as(&der, x509).map_err(|e| e.message))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Chain { certs })
}

fn certificate_blocks(go: GoTlsVersion, pem: &str) -> Vec<Vec<u8>> {
    crate::go::pem::go_pem_blocks_as(pem.as_bytes(), go)
        .into_iter()
        .filter(|b| b.block_type == b"CERTIFICATE" && b.headers.is_empty())
        .map(|b| b.bytes)
        .collect()
}

/// `CertPool.AppendCertsFromPEM` of Go generations `go` (PEM) and `x509` (parsing) (see
/// [`crate::x509::bundle::pool_from_pem_parsed_as`]).
pub(crate) fn pool_from_pem(go: GoTlsVersion, x509: GoX509Version, pem: &str) -> Vec<Certificate> {
    crate::x509::bundle::pool_from_pem_parsed_as(pem, go, x509)
}

/// `leaf.Verify(VerifyOptions{DNSName, Intermediates, Roots, CurrentTime, KeyUsages})` with Go's
/// verifier port: `KeyUsages` is ServerAuth, or ClientAuth when `client_auth` (how crypto/tls
/// verifies a client certificate, without a name).
///
/// # Errors
/// Go's error text, e.g. `x509: certificate signed by unknown authority`.
pub(crate) fn verify(
    memo: Scope<'_>,
    leaf: &Certificate,
    intermediates: &[Certificate],
    roots: &[Certificate],
    dns_name: &str,
    now: UnixTime,
    client_auth: bool,
) -> Result<(), String> {
    memo.verify_kind(leaf, intermediates, roots, dns_name, now, client_auth)
        .map_err(|(_, e)| e)
}

/// [`verify`] as Go generation `go`, also giving the kind of failure (crypto/tls picks its alert
/// from it); not memoised (the [`Memo`] calls it).
#[allow(clippy::too_many_arguments)]
pub(crate) fn verify_kind(
    go: GoX509Version,
    leaf: &Certificate,
    intermediates: &[Certificate],
    roots: &[Certificate],
    dns_name: &str,
    now: UnixTime,
    client_auth: bool,
) -> Result<(), (VerifyErrorKind, String)> {
    let mut opts = VerifyOptions::new((!dns_name.is_empty()).then(|| dns_name.to_string()), now);
    opts.go = go;
    opts.key_usages = vec![if client_auth {
        ExtKeyUsage::ClientAuth
    } else {
        ExtKeyUsage::ServerAuth
    }];
    crate::x509::verify::verify(leaf, intermediates, roots, &opts)
        .map(|_| ())
        .map_err(|e| (e.kind(), e.to_string()))
}

/// A crypto/tls server verifying a client certificate against `ClientCAs`
/// (`processCertsFromClient`): on failure, the alert the client then reports
/// (`remote error: tls: <alert>`) and the verifier's error text.
///
/// # Errors
/// `(alert, Go's verify error)`.
pub(crate) fn verify_client_certificate(
    memo: Scope<'_>,
    chain: &Chain,
    client_cas: &[Certificate],
    now: UnixTime,
) -> Result<(), (&'static str, String)> {
    let Some(leaf) = chain.leaf() else {
        return Ok(());
    };
    memo.verify_kind(
        leaf,
        chain.certs.get(1..).unwrap_or_default(),
        client_cas,
        "",
        now,
        true,
    )
    .map_err(|(kind, e)| {
        let alert = match kind {
            VerifyErrorKind::UnknownAuthority => "unknown certificate authority",
            VerifyErrorKind::Expired => "expired certificate",
            _ => "bad certificate",
        };
        (alert, e)
    })
}
