//! Go's `(*x509.Certificate).Verify` (crypto/x509/verify.go, Go 1.26/1.27): chain building from
//! the leaf through an intermediate pool to a root pool, with Go's candidate order, per-certificate
//! checks (`isValid`), signature budget, hostname check, EKU nesting, policy graph, name
//! constraints, and Go's error texts byte for byte.
//!
//! [`VerifyOptions::go`] picks the Go release mirrored ([`GoX509Version`]). For Go 1.25 and older
//! this module also follows Go 1.25.5's verify.go (Go 1.21.13's for Go 1.23 and older), read by
//! hand: name constraints are checked in `isValid` while the chain is built ([`legacy`]), the
//! signature budget is spent only after the `alreadyInChain` skip and reaching it does not end
//! the search, the built chains are filtered by policy and then by key usage (Go 1.21: key usage
//! only) with the older texts, no SPKI is distrusted, and `HostnameError` lists every name
//! before Go 1.24.11/1.25.5.
//!
//! Certificates are passed already parsed ([`crate::parse_certificate`]); as with Go's
//! `CertPool.AppendCertsFromPEM`, callers drop the ones that fail to parse.

mod constraints;
mod hostname;
mod legacy;
mod policy;
mod signature;
pub(crate) use signature::check_signature;

use sha2::{Digest, Sha256};

use crate::go::strconv::go_quote;
use crate::go::version::GoX509Version;
use crate::time::UnixTime;
use crate::x509::parse::{Certificate, ExtKeyUsage, PublicKey};

/// What [`verify`] needs besides the certificates (Go's `x509.VerifyOptions`).
#[derive(Clone, Debug)]
pub struct VerifyOptions {
    /// The name to check the leaf against (Go's `DNSName`): a DNS name, or an IP address
    /// (optionally in brackets). `None` skips the check.
    pub dns_name: Option<String>,
    /// The time every certificate must be valid at (Go's `CurrentTime`).
    pub current_time: UnixTime,
    /// Nanoseconds past `current_time` (Go compares instants; a certificate whose `notAfter`
    /// is `current_time` itself has expired when this is non-zero).
    pub current_time_nanos: u32,
    /// Acceptable extended key usages (Go's `KeyUsages`); empty means `ServerAuth`, and
    /// [`ExtKeyUsage::Any`] accepts any.
    pub key_usages: Vec<ExtKeyUsage>,
    /// The Go release whose verifier to mirror (default: Go 1.26, see [`GoX509Version`]).
    pub go: GoX509Version,
}

impl VerifyOptions {
    /// Options for verifying a TLS server certificate for `dns_name` at `current_time`.
    pub fn new(dns_name: Option<String>, current_time: UnixTime) -> Self {
        Self {
            dns_name,
            current_time,
            current_time_nanos: 0,
            key_usages: Vec::new(),
            go: GoX509Version::default(),
        }
    }
}

/// The kind of a verification failure (Go's error types and `InvalidReason`s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyErrorKind {
    /// `errNotParsed`: a certificate without DER contents.
    NotParsed,
    /// `UnhandledCriticalExtension`.
    UnhandledCriticalExtension,
    /// `CertificateInvalidError{Expired}`.
    Expired,
    /// `CertificateInvalidError{NameMismatch}`.
    NameMismatch,
    /// `CertificateInvalidError{NotAuthorizedToSign}`.
    NotAuthorizedToSign,
    /// `CertificateInvalidError{TooManyIntermediates}`.
    TooManyIntermediates,
    /// `CertificateInvalidError{IncompatibleUsage}`.
    IncompatibleUsage,
    /// `CertificateInvalidError{CANotAuthorizedForThisName}` (name constraints).
    CaNotAuthorizedForThisName,
    /// `CertificateInvalidError{NoValidChains}` (for example invalid policies).
    NoValidChains,
    /// `HostnameError`.
    Hostname,
    /// `UnknownAuthorityError`.
    UnknownAuthority,
    /// `errSignatureLimit`.
    SignatureLimit,
    /// An internal error Go also reports (`x509: internal error: …`).
    Internal,
    /// `CertificateInvalidError{TooManyConstraints}` (Go 1.25 and older; its text is
    /// `x509: unknown error`).
    TooManyConstraints,
    /// An error of no exported type (Go 1.25 and older's `x509: cannot parse dnsName …` from
    /// name-constraint checking).
    Other,
}

/// Why verification failed; `Display` is Go's error text byte for byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    kind: VerifyErrorKind,
    message: String,
}

impl VerifyError {
    fn new(kind: VerifyErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> VerifyErrorKind {
        self.kind
    }
}

impl core::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for VerifyError {}

/// Go's `maxChainSignatureChecks`.
const MAX_CHAIN_SIGNATURE_CHECKS: usize = 100;

/// Go's `distrustedSPKIHashes` (SHA-256 of the SPKI, hex).
const DISTRUSTED_SPKI_HASHES: [&str; 8] = [
    "ebed6475c2c2d80fcb199f3fe8dd6e6b3ce60b77eb15d4e42c3dec0c6f5b5105",
    "49dd353dc2b919a3770645117d0e60c16115e7d1bc259eefe734b00ea434fe5f",
    "e0254c7fcdc265e2f0f8a428dabb75ab4ae039b4872d62f5ee57f0877d5a8a41",
    "5c0660a2b164910d8ff589c18e14552e9e0ec237dcefe2cb736d41a4811f81a0",
    "43bffa19d6ef651451f6841e019931e96f6f2eaeff28ab4b6f1ce4576de2717b",
    "63ecefee431d49523bc1136c4e72d0206a477086caf606cd5cf025686c109cf8",
    "ec4ffa1ad0ac88081314b7aaffef6a91f97cd57291bb5ba686c5415f5eb4f6b6",
    "92c063d67e8f14db71d288e11266ffdaf69cbf115f7bab14f3bc2f68d25e0e30",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum CertType {
    Leaf,
    Intermediate,
    Root,
}

/// Go's `CertPool`: certificates in insertion order, duplicates (same DER) dropped, looked up by
/// raw subject.
struct Pool<'a> {
    certs: Vec<&'a Certificate>,
}

impl<'a> Pool<'a> {
    fn new(certs: &'a [Certificate]) -> Self {
        let mut out: Vec<&'a Certificate> = Vec::with_capacity(certs.len());
        for c in certs {
            if !out.iter().any(|o| o.raw == c.raw) {
                out.push(c);
            }
        }
        Self { certs: out }
    }

    fn contains(&self, c: &Certificate) -> bool {
        self.certs.iter().any(|o| o.raw == c.raw)
    }

    /// Go's `findPotentialParents`: same-subject certificates ordered by key-identifier match,
    /// then one side missing a key identifier, then mismatched.
    fn find_potential_parents(&self, c: &Certificate) -> Vec<&'a Certificate> {
        let mut matching = Vec::new();
        let mut one = Vec::new();
        let mut mismatch = Vec::new();
        for cand in self.certs.iter().filter(|o| o.raw_subject == c.raw_issuer) {
            let ski = &cand.subject_key_id;
            let aki = &c.authority_key_id;
            if ski == aki {
                matching.push(*cand);
            } else if (ski.is_empty() && !aki.is_empty()) || (!ski.is_empty() && aki.is_empty()) {
                one.push(*cand);
            } else {
                mismatch.push(*cand);
            }
        }
        matching.extend(one);
        matching.extend(mismatch);
        matching
    }
}

fn expired(detail: String) -> VerifyError {
    VerifyError::new(
        VerifyErrorKind::Expired,
        format!("x509: certificate has expired or is not yet valid: {detail}"),
    )
}

/// Go's `time.Time.Format(time.RFC3339)` for a UTC instant.
fn rfc3339(t: UnixTime) -> String {
    t.to_string()
}

/// Go's `(*Certificate).isValid(certType, currentChain, opts)`.
fn is_valid(
    c: &Certificate,
    cert_type: CertType,
    current_chain: &[&Certificate],
    opts: &VerifyOptions,
) -> Result<(), VerifyError> {
    if !c.unhandled_critical_extensions.is_empty() {
        return Err(VerifyError::new(
            VerifyErrorKind::UnhandledCriticalExtension,
            "x509: unhandled critical extension",
        ));
    }
    if let Some(child) = current_chain.last()
        && child.raw_issuer != c.raw_subject
    {
        return Err(VerifyError::new(
            VerifyErrorKind::NameMismatch,
            "x509: issuer name does not match subject from issuing certificate",
        ));
    }
    let now = opts.current_time;
    if now < c.not_before {
        return Err(expired(format!(
            "current time {} is before {}",
            rfc3339(now),
            rfc3339(c.not_before)
        )));
    }
    if now > c.not_after || (now == c.not_after && opts.current_time_nanos > 0) {
        return Err(expired(format!(
            "current time {} is after {}",
            rfc3339(now),
            rfc3339(c.not_after)
        )));
    }
    if cert_type != CertType::Leaf && current_chain.is_empty() {
        return Err(VerifyError::new(
            VerifyErrorKind::Internal,
            "x509: internal error: empty chain when appending CA cert",
        ));
    }
    if opts.go.constraints_while_building() && cert_type != CertType::Leaf {
        legacy::check(c, current_chain, opts.go)?;
    }
    if cert_type == CertType::Intermediate && (!c.basic_constraints_valid || !c.is_ca) {
        return Err(VerifyError::new(
            VerifyErrorKind::NotAuthorizedToSign,
            "x509: certificate is not authorized to sign other certificates",
        ));
    }
    if c.basic_constraints_valid
        && let Some(max) = c.max_path_len
    {
        let intermediates = current_chain.len().saturating_sub(1) as u64;
        if intermediates > max {
            return Err(VerifyError::new(
                VerifyErrorKind::TooManyIntermediates,
                "x509: too many intermediates for path length constraint",
            ));
        }
    }
    Ok(())
}

/// Go's `alreadyInChain`: same subject, same SPKI, and the same SAN extension (or none).
fn already_in_chain(candidate: &Certificate, chain: &[&Certificate]) -> bool {
    let san = |c: &Certificate| {
        c.extensions
            .iter()
            .find(|e| e.oid == "2.5.29.17")
            .map(|e| e.value.clone())
    };
    let cand_san = san(candidate);
    chain.iter().any(|c| {
        c.raw_subject == candidate.raw_subject
            && c.raw_spki == candidate.raw_spki
            && san(c) == cand_san
    })
}

/// Whether Go release `go`'s `parseRFC2821Mailbox` reads `s` (the certificate parser's check of
/// an `rfc822Name` constraint).
pub(crate) fn mailbox_parses(s: &str, go: GoX509Version) -> bool {
    constraints::parse_mailbox(s, go).is_some()
}

/// Whether Go release `go`'s `domainToReverseLabels` reads `s`.
pub(crate) fn reverse_labels_parse(s: &str, go: GoX509Version) -> bool {
    legacy::domain_to_reverse_labels(s, go).is_some()
}

/// Go's `UnknownAuthorityError.Error()`.
fn unknown_authority(hint: Option<(String, &Certificate)>) -> VerifyError {
    let mut s = "x509: certificate signed by unknown authority".to_string();
    if let Some((err, cert)) = hint {
        let mut name = cert.subject.common_name().unwrap_or("").to_string();
        if name.is_empty() {
            name = match organization(cert) {
                Some(o) => o,
                None => format!("serial:{}", crate::go::cryptobyte::decimal(&cert.serial)),
            };
        }
        s.push_str(&format!(
            " (possibly because of {} while trying to verify candidate authority certificate {})",
            go_quote(&err),
            go_quote(&name)
        ));
    }
    VerifyError::new(VerifyErrorKind::UnknownAuthority, s)
}

/// Go's `Subject.Organization[0]`.
fn organization(c: &Certificate) -> Option<String> {
    c.subject
        .rdns
        .iter()
        .flatten()
        .filter(|a| a.oid == "2.5.4.10")
        .find_map(|a| a.text.clone())
}

struct Builder<'a, 'o> {
    roots: Pool<'a>,
    intermediates: Pool<'a>,
    opts: &'o VerifyOptions,
    sig_checks: usize,
}

impl<'a> Builder<'a, '_> {
    /// Go's `(*Certificate).buildChains`, including how its named `err` result is overwritten by
    /// each candidate's `isValid` and by the recursive calls.
    fn build_chains(
        &mut self,
        c: &'a Certificate,
        current_chain: &[&'a Certificate],
    ) -> Result<Vec<Vec<&'a Certificate>>, VerifyError> {
        let legacy = self.opts.go.constraints_while_building();
        let mut chains: Vec<Vec<&'a Certificate>> = Vec::new();
        let mut err: Option<VerifyError> = None;
        let mut hint: Option<(String, &'a Certificate)> = None;
        let groups = [
            (CertType::Root, self.roots.find_potential_parents(c)),
            (
                CertType::Intermediate,
                self.intermediates.find_potential_parents(c),
            ),
        ];
        'outer: for (cert_type, candidates) in groups {
            for cand in candidates {
                let skip = matches!(cand.public_key, PublicKey::Unknown { .. })
                    || already_in_chain(cand, current_chain);
                // Go ≤ 1.25 skips before counting, and goes on after the limit (every further
                // candidate fails the same way).
                if legacy && skip {
                    continue;
                }
                self.sig_checks += 1;
                if self.sig_checks > MAX_CHAIN_SIGNATURE_CHECKS {
                    err = Some(VerifyError::new(
                        VerifyErrorKind::SignatureLimit,
                        "x509: signature check attempts limit reached while verifying certificate chain",
                    ));
                    if legacy {
                        continue;
                    }
                    break 'outer;
                }
                if skip {
                    continue;
                }
                if let Err(e) = signature::check_signature_from(c, cand) {
                    if hint.is_none() {
                        let e = if self.opts.go.at_most_123() {
                            signature::go121_insecure_text(e)
                        } else {
                            e
                        };
                        hint = Some((e, cand));
                    }
                    continue;
                }
                match is_valid(cand, cert_type, current_chain, self.opts) {
                    Err(e) => {
                        if hint.is_none() {
                            hint = Some((e.to_string(), cand));
                        }
                        err = Some(e);
                        continue;
                    }
                    Ok(()) => err = None,
                }
                let mut next = current_chain.to_vec();
                next.push(cand);
                match cert_type {
                    CertType::Root => chains.push(next),
                    CertType::Intermediate => match self.build_chains(cand, &next) {
                        Ok(child) => {
                            err = None;
                            chains.extend(child);
                        }
                        Err(e) => {
                            let limit = e.kind == VerifyErrorKind::SignatureLimit && !legacy;
                            err = Some(e);
                            if limit {
                                break 'outer;
                            }
                        }
                    },
                    CertType::Leaf => {}
                }
            }
        }
        if !chains.is_empty() {
            return Ok(chains);
        }
        Err(err.unwrap_or_else(|| unknown_authority(hint)))
    }
}

/// Go's `checkChainForKeyUsage`.
fn check_chain_for_key_usage(chain: &[&Certificate], key_usages: &[ExtKeyUsage]) -> bool {
    let mut usages: Vec<Option<ExtKeyUsage>> = key_usages.iter().copied().map(Some).collect();
    if chain.is_empty() {
        return false;
    }
    let mut remaining = usages.len();
    for cert in chain.iter().rev() {
        if cert.ext_key_usage.is_empty() && cert.unknown_ext_key_usage.is_empty() {
            continue;
        }
        if cert.ext_key_usage.contains(&ExtKeyUsage::Any) {
            continue;
        }
        for slot in &mut usages {
            let Some(requested) = *slot else { continue };
            if cert.ext_key_usage.contains(&requested) {
                continue;
            }
            *slot = None;
            remaining = remaining.saturating_sub(1);
            if remaining == 0 {
                return false;
            }
        }
    }
    true
}

fn contains_distrusted_spki(chain: &[&Certificate]) -> bool {
    chain.iter().any(|c| {
        let h = Sha256::digest(&c.raw_spki);
        let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
        DISTRUSTED_SPKI_HASHES.contains(&hex.as_str())
    })
}

/// Go's `(*Certificate).VerifyHostname(h)`: `Ok` when `cert` is valid for the DNS name or IP
/// address `h` (IPs may be bracketed), else Go's `HostnameError` text.
///
/// # Errors
/// The mismatch, worded as Go words it.
pub fn verify_hostname(cert: &Certificate, h: &str) -> Result<(), VerifyError> {
    verify_hostname_as(cert, h, GoX509Version::default())
}

/// [`verify_hostname`] as Go release `go` checks it.
///
/// # Errors
/// The mismatch, worded as that Go words it.
pub fn verify_hostname_as(
    cert: &Certificate,
    h: &str,
    go: GoX509Version,
) -> Result<(), VerifyError> {
    hostname::verify_hostname(cert, h, go)
        .map_err(|m| VerifyError::new(VerifyErrorKind::Hostname, m))
}

/// Go's `leaf.Verify(opts)` with `opts.Roots` and `opts.Intermediates` built from `roots` and
/// `intermediates`. Returns every chain Go returns, leaf first and root last.
///
/// # Errors
/// The first failure Go reports, with Go's text.
pub fn verify<'a>(
    leaf: &'a Certificate,
    intermediates: &'a [Certificate],
    roots: &'a [Certificate],
    opts: &VerifyOptions,
) -> Result<Vec<Vec<&'a Certificate>>, VerifyError> {
    let not_parsed = || {
        VerifyError::new(
            VerifyErrorKind::NotParsed,
            "x509: missing ASN.1 contents; use ParseCertificate",
        )
    };
    if leaf.raw.is_empty() || intermediates.iter().any(|c| c.raw.is_empty()) {
        return Err(not_parsed());
    }
    is_valid(leaf, CertType::Leaf, &[], opts)?;
    if let Some(name) = opts.dns_name.as_deref().filter(|n| !n.is_empty()) {
        verify_hostname_as(leaf, name, opts.go)?;
    }
    let mut builder = Builder {
        roots: Pool::new(roots),
        intermediates: Pool::new(intermediates),
        opts,
        sig_checks: 0,
    };
    let candidates = if builder.roots.contains(leaf) {
        vec![vec![leaf]]
    } else {
        builder.build_chains(leaf, &[leaf])?
    };

    if opts.go.constraints_while_building() {
        return filter_chains_legacy(candidates, opts);
    }
    let any_key_usage = opts.key_usages.contains(&ExtKeyUsage::Any);
    let key_usages: Vec<ExtKeyUsage> = if opts.key_usages.is_empty() {
        vec![ExtKeyUsage::ServerAuth]
    } else {
        opts.key_usages.clone()
    };

    let mut invalid_policies = 0usize;
    let mut incompatible_usage = 0usize;
    let mut constraints_hint: Option<VerifyError> = None;
    let mut chains = Vec::new();
    for chain in candidates {
        if !policy::policies_valid(&chain) {
            invalid_policies += 1;
            continue;
        }
        if !any_key_usage && !check_chain_for_key_usage(&chain, &key_usages) {
            incompatible_usage += 1;
            continue;
        }
        if let Err(detail) = constraints::check_chain_constraints(&chain, opts.go) {
            if constraints_hint.is_none() {
                constraints_hint = Some(VerifyError::new(
                    VerifyErrorKind::CaNotAuthorizedForThisName,
                    format!(
                        "x509: a root or intermediate certificate is not authorized to sign for this name: {detail}"
                    ),
                ));
            }
            continue;
        }
        if opts.go == GoX509Version::Go127 && contains_distrusted_spki(&chain) {
            continue;
        }
        chains.push(chain);
    }

    if chains.is_empty() {
        if let Some(e) = constraints_hint {
            return Err(e);
        }
        let mut details = Vec::new();
        if incompatible_usage > 0 {
            if invalid_policies == 0 {
                return Err(VerifyError::new(
                    VerifyErrorKind::IncompatibleUsage,
                    "x509: certificate specifies an incompatible key usage",
                ));
            }
            details.push(format!(
                "{incompatible_usage} candidate chains with incompatible key usage"
            ));
        }
        if invalid_policies > 0 {
            details.push(format!(
                "{invalid_policies} candidate chains with invalid policies"
            ));
        }
        let mut msg = "x509: no valid chains built".to_string();
        if !details.is_empty() {
            msg.push_str(": ");
            msg.push_str(&details.join(", "));
        }
        return Err(VerifyError::new(VerifyErrorKind::NoValidChains, msg));
    }
    Ok(chains)
}

/// The end of Go 1.25.5's `Verify`: chains with invalid policies dropped (none left:
/// `all candidate chains have invalid policies`), then, unless any usage is acceptable, the
/// chains whose key usages do not nest. Go 1.21.13 has no policy step.
fn filter_chains_legacy<'a>(
    candidates: Vec<Vec<&'a Certificate>>,
    opts: &VerifyOptions,
) -> Result<Vec<Vec<&'a Certificate>>, VerifyError> {
    let with_policies = !opts.go.at_most_123();
    let mut invalid_policies = 0usize;
    let mut chains = Vec::with_capacity(candidates.len());
    for chain in candidates {
        if with_policies && !policy::policies_valid(&chain) {
            invalid_policies += 1;
            continue;
        }
        chains.push(chain);
    }
    if chains.is_empty() {
        return Err(VerifyError::new(
            VerifyErrorKind::NoValidChains,
            "x509: no valid chains built: all candidate chains have invalid policies",
        ));
    }
    if opts.key_usages.contains(&ExtKeyUsage::Any) {
        return Ok(chains);
    }
    let key_usages: Vec<ExtKeyUsage> = if opts.key_usages.is_empty() {
        vec![ExtKeyUsage::ServerAuth]
    } else {
        opts.key_usages.clone()
    };
    let before = chains.len();
    chains.retain(|chain| check_chain_for_key_usage(chain, &key_usages));
    let incompatible_usage = before - chains.len();
    if chains.is_empty() {
        if invalid_policies == 0 || !with_policies {
            return Err(VerifyError::new(
                VerifyErrorKind::IncompatibleUsage,
                "x509: certificate specifies an incompatible key usage",
            ));
        }
        return Err(VerifyError::new(
            VerifyErrorKind::NoValidChains,
            format!(
                "x509: no valid chains built: {incompatible_usage} chains with incompatible key usage, {invalid_policies} chains with invalid policies"
            ),
        ));
    }
    Ok(chains)
}
