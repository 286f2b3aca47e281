//! Name constraints as Go 1.25 and older check them: inside `isValid`, while the chain is built,
//! each time a constrained intermediate or root is considered. A hand-written port of Go
//! 1.25.5's `crypto/x509/verify.go` (`isValid`'s constraint block, `checkNameConstraints`,
//! `matchDomainConstraint`, `matchEmailConstraint`, `matchURIConstraint`, `matchIPConstraint`,
//! `domainToReverseLabels`, `parseRFC2821Mailbox`; Go 1.24.11's file is the same), with Go
//! 1.21.13's differences for [`GoX509Version::Go121`] (the old `domainToReverseLabels`, which
//! lets a leading empty label through; a DNS SAN checked with it rather than `domainNameValid`;
//! `net.ParseIP` for a URI host; Go 1.23.9, [`GoX509Version::Go123`], keeps the second only) and without the CVE-2025-61727 wildcard rule before Go 1.24.11
//! and 1.25.5.
//!
//! Unlike Go 1.26's sorted sets (`super::constraints`), every SAN of every certificate below is
//! taken in encoding order, mixing types, and each is compared with the excluded subtrees first
//! and then the permitted ones; the first violation is the error. The number of comparisons is
//! bounded (250,000 per `isValid`); past it Go reports `TooManyConstraints`, whose `Error()` has
//! no case and reads `x509: unknown error`.

use crate::go::cryptobyte::{Cbs, tag};
use crate::go::strconv::go_quote;
use crate::go::url;
use crate::go::version::GoX509Version;
use crate::x509::parse::{Certificate, IpNet, domain_name_valid};
use crate::x509::verify::constraints::{ipnet_string, split_host_port};
use crate::x509::verify::hostname::{ip_string, parse_addr};
use crate::x509::verify::{VerifyError, VerifyErrorKind};

const OID_SAN: &str = "2.5.29.17";
const OID_NAME_CONSTRAINTS: &str = "2.5.29.30";

/// `VerifyOptions.MaxConstraintComparisions` when zero.
const MAX_CONSTRAINT_COMPARISONS: usize = 250_000;

/// Go ≤ 1.25's `rfc2821Mailbox`.
struct Mailbox {
    local: String,
    domain: String,
}

/// Go's `domainToReverseLabels`: the labels last to first, `None` for an absolute name, an
/// empty label, or a byte outside 33..=126. Go 1.21's version does not record a leading empty
/// label (`.example.com` passes as `example.com`).
pub(crate) fn domain_to_reverse_labels(domain: &str, go: GoX509Version) -> Option<Vec<&str>> {
    let mut labels = Vec::new();
    let mut rest = domain;
    while !rest.is_empty() {
        match rest.rfind('.') {
            None => {
                labels.push(rest);
                rest = "";
            }
            Some(i) => {
                labels.push(rest.get(i + 1..)?);
                rest = rest.get(..i)?;
                if i == 0 && go != GoX509Version::Go121 {
                    labels.push("");
                }
            }
        }
    }
    if labels.first().is_some_and(|l| l.is_empty()) {
        return None;
    }
    for label in &labels {
        if label.is_empty() || label.chars().any(|c| !('!'..='~').contains(&c)) {
            return None;
        }
    }
    Some(labels)
}

/// Go ≤ 1.26's `parseRFC2821Mailbox`: the local part as [`super::constraints::parse_mailbox`],
/// the domain checked with `domainToReverseLabels`.
fn parse_mailbox(input: &str, go: GoX509Version) -> Option<Mailbox> {
    let (local, domain) = super::constraints::parse_mailbox_parts(input)?;
    domain_to_reverse_labels(domain, go)?;
    Some(Mailbox {
        local,
        domain: domain.to_string(),
    })
}

/// Go's `strings.EqualFold` on the ASCII text these names are.
fn equal_fold(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    let fold = |s: &str| -> Vec<char> { s.chars().flat_map(char::to_lowercase).collect() };
    fold(a) == fold(b)
}

/// Go's `matchDomainConstraint`.
fn match_domain(
    domain: &str,
    constraint: &str,
    excluded: bool,
    go: GoX509Version,
) -> Result<bool, String> {
    if constraint.is_empty() {
        return Ok(true);
    }
    let mut domain_labels = domain_to_reverse_labels(domain, go).ok_or_else(|| {
        format!(
            "x509: internal error: cannot parse domain {}",
            go_quote(domain)
        )
    })?;
    let wildcard = domain.starts_with('*');
    let (must_have_subdomains, constraint) = match constraint.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, constraint),
    };
    let mut constraint_labels = domain_to_reverse_labels(constraint, go).ok_or_else(|| {
        format!(
            "x509: internal error: cannot parse domain {}",
            go_quote(constraint)
        )
    })?;
    if domain_labels.len() < constraint_labels.len()
        || (must_have_subdomains && domain_labels.len() == constraint_labels.len())
    {
        return Ok(false);
    }
    // The CVE-2025-61727 fix (Go 1.24.11, 1.25.5): a wildcard SAN is compared with an excluded
    // subtree without its first label on either side.
    if go == GoX509Version::Go124Patched
        && excluded
        && wildcard
        && domain_labels.len() > 1
        && !constraint_labels.is_empty()
    {
        domain_labels.pop();
        constraint_labels.pop();
    }
    Ok(constraint_labels
        .iter()
        .zip(&domain_labels)
        .all(|(c, d)| equal_fold(c, d)))
}

/// Go's `matchEmailConstraint`.
fn match_email(
    mailbox: &Mailbox,
    constraint: &str,
    excluded: bool,
    go: GoX509Version,
) -> Result<bool, String> {
    if constraint.contains('@') {
        let c = parse_mailbox(constraint, go).ok_or_else(|| {
            format!(
                "x509: internal error: cannot parse constraint {}",
                go_quote(constraint)
            )
        })?;
        return Ok(mailbox.local == c.local && equal_fold(&mailbox.domain, &c.domain));
    }
    match_domain(&mailbox.domain, constraint, excluded, go)
}

/// A URI SAN as `url.Parse` gives it: `Host` and `String()`.
struct Uri {
    host: String,
    shown: String,
}

/// Go's `matchURIConstraint`.
fn match_uri(
    uri: &Uri,
    constraint: &str,
    excluded: bool,
    go: GoX509Version,
) -> Result<bool, String> {
    let mut host = uri.host.clone();
    if host.is_empty() {
        return Err(format!(
            "URI with empty host ({}) cannot be matched against constraints",
            go_quote(&uri.shown)
        ));
    }
    if host.contains(':') && !host.ends_with(']') {
        host = split_host_port(&uri.host)?;
    }
    let is_ip = match go {
        // net.ParseIP: no zone.
        GoX509Version::Go121 => !host.contains('%') && parse_addr(&host).is_some(),
        _ => parse_addr(&host).is_some(),
    };
    if is_ip || (host.starts_with('[') && host.ends_with(']')) {
        return Err(format!(
            "URI with IP ({}) cannot be matched against constraints",
            go_quote(&uri.shown)
        ));
    }
    match_domain(&host, constraint, excluded, go)
}

/// Go's `matchIPConstraint`.
fn match_ip(ip: &[u8], constraint: &IpNet) -> bool {
    if ip.len() != constraint.ip.len() {
        return false;
    }
    ip.iter().enumerate().all(|(i, b)| {
        let mask = constraint.mask.get(i).copied().unwrap_or(0);
        let c = constraint.ip.get(i).copied().unwrap_or(0);
        b & mask == c & mask
    })
}

fn not_authorized(detail: String) -> VerifyError {
    VerifyError::new(
        VerifyErrorKind::CaNotAuthorizedForThisName,
        format!(
            "x509: a root or intermediate certificate is not authorized to sign for this name: {detail}"
        ),
    )
}

fn too_many() -> VerifyError {
    VerifyError::new(VerifyErrorKind::TooManyConstraints, "x509: unknown error")
}

/// Go's `(*Certificate).checkNameConstraints`: the excluded subtrees first, then the permitted
/// ones, counting comparisons.
fn check_name_constraints<C>(
    count: &mut usize,
    name_type: &str,
    name: &str,
    matches: impl Fn(&C, bool) -> Result<bool, String>,
    shown: impl Fn(&C) -> String,
    permitted: &[C],
    excluded: &[C],
) -> Result<(), VerifyError> {
    *count += excluded.len();
    if *count > MAX_CONSTRAINT_COMPARISONS {
        return Err(too_many());
    }
    for c in excluded {
        if matches(c, true).map_err(not_authorized)? {
            return Err(not_authorized(format!(
                "{name_type} {} is excluded by constraint {}",
                go_quote(name),
                go_quote(&shown(c))
            )));
        }
    }
    *count += permitted.len();
    if *count > MAX_CONSTRAINT_COMPARISONS {
        return Err(too_many());
    }
    let mut ok = true;
    for c in permitted {
        ok = matches(c, false).map_err(not_authorized)?;
        if ok {
            break;
        }
    }
    if !ok {
        return Err(not_authorized(format!(
            "{name_type} {} is not permitted by any constraint",
            go_quote(name)
        )));
    }
    Ok(())
}

fn other(message: String) -> VerifyError {
    VerifyError::new(VerifyErrorKind::Other, message)
}

/// `isValid`'s name-constraint block for CA certificate `c` considered above `current_chain`:
/// the constraints of `c` against every SAN of every certificate of the chain so far.
pub(crate) fn check(
    c: &Certificate,
    current_chain: &[&Certificate],
    go: GoX509Version,
) -> Result<(), VerifyError> {
    if !c.extensions.iter().any(|e| e.oid == OID_NAME_CONSTRAINTS) {
        return Ok(());
    }
    let mut count = 0usize;
    let same = |s: &String| s.clone();
    for san_cert in current_chain {
        let Some(ext) = san_cert.extensions.iter().find(|e| e.oid == OID_SAN) else {
            continue;
        };
        // Go's forEachSAN; the certificate parsed, so the extension is well formed.
        let Some(seq) = Cbs::new(&ext.value).read(tag::SEQUENCE) else {
            continue;
        };
        let mut der = Cbs::new(seq);
        while let Some((t, data)) = der.read_any() {
            let name: String = data.iter().map(|b| char::from(*b)).collect();
            match t ^ 0x80 {
                1 => {
                    let Some(mailbox) = parse_mailbox(&name, go) else {
                        // Go formats the zero rfc2821Mailbox with %q.
                        return Err(other(
                            "x509: cannot parse rfc822Name {\"\" \"\"}".to_string(),
                        ));
                    };
                    check_name_constraints(
                        &mut count,
                        "email address",
                        &name,
                        |k: &String, ex| match_email(&mailbox, k, ex, go),
                        same,
                        &c.permitted_email_addresses,
                        &c.excluded_email_addresses,
                    )?;
                }
                2 => {
                    let valid = match go {
                        GoX509Version::Go121 | GoX509Version::Go123 => {
                            domain_to_reverse_labels(&name, go).is_some()
                        }
                        _ => domain_name_valid(&name, false),
                    };
                    if !valid {
                        return Err(other(format!(
                            "x509: cannot parse dnsName {}",
                            go_quote(&name)
                        )));
                    }
                    check_name_constraints(
                        &mut count,
                        "DNS name",
                        &name,
                        |k: &String, ex| match_domain(&name, k, ex, go),
                        same,
                        &c.permitted_dns_domains,
                        &c.excluded_dns_domains,
                    )?;
                }
                6 => {
                    let uri = match url::parse_url(&name) {
                        Ok(u) => Uri {
                            shown: u.go_string(),
                            host: u.host,
                        },
                        Err(_) => {
                            return Err(other(format!(
                                "x509: internal error: URI SAN {} failed to parse",
                                go_quote(&name)
                            )));
                        }
                    };
                    check_name_constraints(
                        &mut count,
                        "URI",
                        &name,
                        |k: &String, ex| match_uri(&uri, k, ex, go),
                        same,
                        &c.permitted_uri_domains,
                        &c.excluded_uri_domains,
                    )?;
                }
                7 => {
                    if data.len() != 4 && data.len() != 16 {
                        let hex: String = data.iter().map(|b| format!("{b:02x}")).collect();
                        return Err(other(format!(
                            "x509: internal error: IP SAN {hex} failed to parse"
                        )));
                    }
                    check_name_constraints(
                        &mut count,
                        "IP address",
                        &ip_string(data),
                        |k: &IpNet, _| Ok(match_ip(data, k)),
                        ipnet_string,
                        &c.permitted_ip_ranges,
                        &c.excluded_ip_ranges,
                    )?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_labels_follow_each_release() {
        let new = GoX509Version::Go124Patched;
        let old = GoX509Version::Go121;
        assert_eq!(
            domain_to_reverse_labels("a.example.com", new),
            Some(vec!["com", "example", "a"])
        );
        assert_eq!(domain_to_reverse_labels(".example.com", new), None);
        assert_eq!(
            domain_to_reverse_labels(".example.com", old),
            Some(vec!["com", "example"])
        );
        assert_eq!(domain_to_reverse_labels("example.com.", new), None);
        assert_eq!(domain_to_reverse_labels("a..com", new), None);
        assert_eq!(domain_to_reverse_labels("a b.com", new), None);
    }

    #[test]
    fn wildcard_against_excluded_subdomain_needs_the_fix() {
        let m = |go| match_domain("*.example.com", "bar.example.com", true, go);
        assert_eq!(m(GoX509Version::Go124Patched), Ok(true));
        assert_eq!(m(GoX509Version::Go124), Ok(false));
        assert_eq!(m(GoX509Version::Go123), Ok(false));
        assert_eq!(m(GoX509Version::Go121), Ok(false));
        assert_eq!(
            match_domain("a.example.com", ".example.com", false, GoX509Version::Go124),
            Ok(true)
        );
        assert_eq!(
            match_domain("example.com", ".example.com", false, GoX509Version::Go124),
            Ok(false)
        );
    }
}
