//! Go's name-constraint checking (`checkChainConstraints` in constraints.go, Go 1.26 and 1.27; the
//! two differ in how a mailbox domain is checked and whether IP subtrees are masked): sorted,
//! pruned constraint sets searched by binary search, with Go's exact quirks (which constraint is
//! reported, leading-period DNS constraints, wildcard SANs against excluded parents), and Go's
//! error texts.

use core::cmp::Ordering;

use crate::go::strconv::go_quote;
use crate::go::url;
use crate::go::version::GoX509Version;
use crate::x509::parse::{Certificate, IpNet, domain_name_valid};
use crate::x509::verify::hostname::{has_san_extension, ip_string, parse_addr, to4};

const OID_NAME_CONSTRAINTS: &str = "2.5.29.30";

/// Go's `rfc2821Mailbox`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mailbox {
    local: String,
    domain: String,
}

impl Mailbox {
    fn text(&self) -> String {
        format!("{}@{}", self.local, self.domain)
    }
}

/// Go's `parseRFC2821Mailbox`: Go 1.27 checks the domain with `domainNameValid` and refuses an
/// `@` in it; Go 1.26 and older with `domainToReverseLabels` ([`super::legacy`]).
pub(crate) fn parse_mailbox(input: &str, go: GoX509Version) -> Option<Mailbox> {
    let (local, domain) = parse_mailbox_parts(input)?;
    let valid = if go == GoX509Version::Go127 {
        domain_name_valid(domain, false) && !domain.contains('@')
    } else {
        super::legacy::domain_to_reverse_labels(domain, go).is_some()
    };
    valid.then(|| Mailbox {
        local,
        domain: domain.to_string(),
    })
}

/// `parseRFC2821Mailbox` up to the domain check: the local part (unquoted) and the text after
/// the `@`.
pub(crate) fn parse_mailbox_parts(input: &str) -> Option<(String, &str)> {
    let mut inp = input.as_bytes();
    let first = *inp.first()?;
    let mut local: Vec<u8> = Vec::new();
    if first == b'"' {
        inp = inp.get(1..)?;
        loop {
            let (&c, rest) = inp.split_first()?;
            inp = rest;
            match c {
                b'"' => break,
                b'\\' => {
                    let (&n, rest) = inp.split_first()?;
                    if n == 11 || n == 12 || (1..=9).contains(&n) || (14..=127).contains(&n) {
                        local.push(n);
                        inp = rest;
                    } else {
                        return None;
                    }
                }
                11 | 12 | 32 | 33 | 127 | 1..=8 | 14..=31 | 35..=91 | 93..=126 => local.push(c),
                _ => return None,
            }
        }
    } else {
        while let Some(&c) = inp.first() {
            if c == b'\\' {
                inp = inp.get(1..)?;
                let &n = inp.first()?;
                local.push(n);
                inp = inp.get(1..)?;
                continue;
            }
            let atext = c.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&c);
            if !atext {
                break;
            }
            local.push(c);
            inp = inp.get(1..)?;
        }
        if local.is_empty()
            || local.first() == Some(&b'.')
            || local.last() == Some(&b'.')
            || local.windows(2).any(|w| w == b"..")
        {
            return None;
        }
    }
    let (&b'@', domain) = inp.split_first()? else {
        return None;
    };
    let domain = core::str::from_utf8(domain).ok()?;
    Some((String::from_utf8_lossy(&local).into_owned(), domain))
}

// ---- generic sorted set (nameConstraintsSet) ----

/// `sortAndPrune`.
fn sort_and_prune<T: Clone>(
    set: &mut Vec<T>,
    cmp: impl Fn(&T, &T) -> Ordering,
    subset: impl Fn(&T, &T) -> bool,
) {
    if set.len() < 2 {
        return;
    }
    crate::sort::sort_by(set, &cmp);
    let mut out: Vec<T> = Vec::with_capacity(set.len());
    for item in set.iter() {
        match out.last() {
            Some(prev) if subset(prev, item) => {}
            _ => out.push(item.clone()),
        }
    }
    *set = out;
}

/// `search`: lower bound by binary search, then the exact hit or the preceding element's match.
fn search<'s, T, V: ?Sized>(
    set: &'s [T],
    s: &V,
    cmp: impl Fn(&T, &V) -> Ordering,
    matches: impl Fn(&T, &V) -> bool,
) -> Option<&'s T> {
    if set.is_empty() {
        return None;
    }
    // slices.BinarySearchFunc: first index with cmp(elem, s) >= 0.
    let i = set.partition_point(|e| cmp(e, s) == Ordering::Less);
    if let Some(e) = set.get(i)
        && cmp(e, s) == Ordering::Equal
    {
        return Some(e);
    }
    let constraint = if i == 0 {
        set.first()?
    } else {
        set.get(i - 1)?
    };
    matches(constraint, s).then_some(constraint)
}

// ---- IP ----

/// Go's `networkNumberAndMask`.
fn network_number_and_mask(n: &IpNet) -> Option<(&[u8], &[u8])> {
    let nn: &[u8] = match to4(&n.ip) {
        Some(v4) => v4,
        None if n.ip.len() == 16 => &n.ip,
        None => return None,
    };
    let m: &[u8] = match n.mask.len() {
        4 if nn.len() == 4 => &n.mask,
        16 if nn.len() == 4 => n.mask.get(12..)?,
        16 => &n.mask,
        _ => return None,
    };
    Some((nn, m))
}

/// Go's `IPNet.Contains`.
fn ipnet_contains(n: &IpNet, ip: &[u8]) -> bool {
    let Some((nn, mask)) = network_number_and_mask(n) else {
        return false;
    };
    let ip = to4(ip).unwrap_or(ip);
    if ip.len() != nn.len() {
        return false;
    }
    nn.iter()
        .zip(mask)
        .zip(ip)
        .all(|((a, m), b)| a & m == b & m)
}

/// Go's `net.IP.Mask(mask)`.
fn ip_mask(ip: &[u8], mask: &[u8]) -> Option<Vec<u8>> {
    let mut mask = mask;
    let mut ip = ip;
    if mask.len() == 16
        && ip.len() == 4
        && mask.get(..12).is_some_and(|m| m.iter().all(|b| *b == 0xff))
    {
        mask = mask.get(12..)?;
    }
    if mask.len() == 4
        && ip.len() == 16
        && ip.get(..12) == Some(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff][..])
    {
        ip = ip.get(12..)?;
    }
    if ip.len() != mask.len() {
        return None;
    }
    Some(ip.iter().zip(mask).map(|(a, m)| a & m).collect())
}

fn ip_equal(a: &[u8], b: &[u8]) -> bool {
    crate::x509::verify::hostname::ip_equal(a, b)
}

fn ipnet_subset(a: &IpNet, b: &IpNet) -> bool {
    if !ipnet_contains(a, &b.ip) {
        return false;
    }
    let broadcast: Vec<u8> =
        b.ip.iter()
            .enumerate()
            .map(|(i, x)| x | !b.mask.get(i).copied().unwrap_or(0))
            .collect();
    ipnet_contains(a, &broadcast)
}

fn ipnet_compare(a: &IpNet, b: &IpNet) -> Ordering {
    a.ip.cmp(&b.ip).then_with(|| a.mask.cmp(&b.mask))
}

/// Go's `net.IPNet.String()` (CIDR when the mask is canonical, else `ip/hexmask`).
pub(crate) fn ipnet_string(n: &IpNet) -> String {
    let Some((nn, m)) = network_number_and_mask(n) else {
        return "<nil>".to_string();
    };
    // simpleMaskLength
    let mut ones = 0u32;
    let mut canonical = true;
    let mut seen_zero = false;
    for b in m {
        for bit in (0..8).rev() {
            if (b >> bit) & 1 == 1 {
                if seen_zero {
                    canonical = false;
                }
                ones += 1;
            } else {
                seen_zero = true;
            }
        }
    }
    if canonical {
        format!("{}/{ones}", ip_string(nn))
    } else {
        let hex: String = m.iter().map(|b| format!("{b:02x}")).collect();
        format!("{}/{hex}", ip_string(nn))
    }
}

struct IpConstraints {
    v4: Vec<IpNet>,
    v6: Vec<IpNet>,
}

impl IpConstraints {
    /// Go 1.27 searches the masked network address; Go 1.26 the address as encoded.
    fn new(list: &[IpNet], go: GoX509Version) -> Option<Self> {
        if list.is_empty() {
            return None;
        }
        let mut v4 = Vec::new();
        let mut v6 = Vec::new();
        for n in list {
            let mut n = n.clone();
            if go == GoX509Version::Go127
                && let Some(masked) = ip_mask(&n.ip, &n.mask)
                && !ip_equal(&masked, &n.ip)
            {
                n.ip = masked;
            }
            if n.ip.len() == 4 {
                v4.push(n);
            } else {
                v6.push(n);
            }
        }
        sort_and_prune(&mut v4, ipnet_compare, ipnet_subset);
        sort_and_prune(&mut v6, ipnet_compare, ipnet_subset);
        Some(Self { v4, v6 })
    }

    fn query(&self, ip: &[u8]) -> Option<String> {
        let set = if ip.len() == 4 { &self.v4 } else { &self.v6 };
        search(
            set,
            ip,
            |c, t: &[u8]| c.ip.as_slice().cmp(t),
            ipnet_contains,
        )
        .map(ipnet_string)
    }
}

// ---- DNS ----

/// Go's `dnsHasSuffix(a, b)`: constraint `a` is a label suffix of name `b`.
fn dns_has_suffix(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > b.len() || a.is_empty() {
        return false;
    }
    let offset = b.len() - a.len();
    for (i, &ar) in a.iter().enumerate() {
        let br = b.get(i + offset).copied().unwrap_or(0);
        if ar == br {
            continue;
        }
        let (lo, hi) = if br < ar { (br, ar) } else { (ar, br) };
        if lo.is_ascii_uppercase() && hi == lo + (b'a' - b'A') {
            continue;
        }
        return false;
    }
    if a.first() != Some(&b'.') && b.len() > a.len() && b.get(offset - 1) != Some(&b'.') {
        return false;
    }
    true
}

fn dns_table(c: u8) -> u8 {
    if c == b'.' { 0 } else { c.to_ascii_lowercase() }
}

/// Go's `dnsCompare`: reversed, case-insensitive, `.` sorting first.
fn dns_compare(a: &str, b: &str) -> Ordering {
    let mut ia = a.bytes().rev();
    let mut ib = b.bytes().rev();
    loop {
        match (ia.next(), ib.next()) {
            (Some(x), Some(y)) => {
                let (x, y) = (dns_table(x), dns_table(y));
                if x != y {
                    return if x < y {
                        Ordering::Less
                    } else {
                        Ordering::Greater
                    };
                }
            }
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
        }
    }
}

fn trim_first_label(s: &str) -> &str {
    match s.find('.') {
        Some(i) => s.get(i..).unwrap_or(""),
        None => "",
    }
}

struct DnsConstraints {
    all: bool,
    permitted: bool,
    set: Vec<String>,
    parents: Vec<(String, String)>,
}

impl DnsConstraints {
    fn new(list: &[String], permitted: bool) -> Option<Self> {
        if list.is_empty() {
            return None;
        }
        if list.iter().any(String::is_empty) {
            return Some(Self {
                all: true,
                permitted,
                set: Vec::new(),
                parents: Vec::new(),
            });
        }
        let mut set = list.to_vec();
        sort_and_prune(
            &mut set,
            |a, b| dns_compare(a, b),
            |a, b| dns_has_suffix(a, b),
        );
        let mut parents: Vec<(String, String)> = Vec::new();
        if !permitted {
            for name in &set {
                let name = go_to_lower(name);
                let trimmed = trim_first_label(&name).to_string();
                if trimmed.is_empty() {
                    continue;
                }
                // A map: a later constraint with the same parent replaces the earlier one.
                if let Some(slot) = parents.iter_mut().find(|(k, _)| *k == trimmed) {
                    slot.1 = name;
                } else {
                    parents.push((trimmed, name));
                }
            }
        }
        Some(Self {
            all: false,
            permitted,
            set,
            parents,
        })
    }

    fn query(&self, s: &str) -> Option<String> {
        if self.all {
            return Some(String::new());
        }
        if let Some(c) = search(
            &self.set,
            s,
            |c: &String, t: &str| dns_compare(c, t),
            |c, t| dns_has_suffix(c, t),
        ) {
            return Some(c.clone());
        }
        if !self.permitted && s.starts_with('*') {
            let lower = go_to_lower(s);
            let trimmed = trim_first_label(&lower);
            if let Some((_, c)) = self.parents.iter().find(|(k, _)| k == trimmed) {
                return Some(c.clone());
            }
        }
        None
    }
}

struct EmailConstraints {
    dns: Option<DnsConstraints>,
    full: Vec<Mailbox>,
}

impl EmailConstraints {
    fn new(list: &[String], permitted: bool, go: GoX509Version) -> Option<Self> {
        if list.is_empty() {
            return None;
        }
        let mut full = Vec::new();
        let mut domains = Vec::new();
        for c in list {
            if !c.contains('@') {
                domains.push(c.clone());
                continue;
            }
            if let Some(mut m) = parse_mailbox(c, go) {
                m.domain = go_to_lower(&m.domain);
                full.push(m);
            }
        }
        Some(Self {
            dns: if domains.is_empty() {
                None
            } else {
                DnsConstraints::new(&domains, permitted)
            },
            full,
        })
    }

    fn query(&self, m: &Mailbox) -> Option<String> {
        if self.full.contains(m) {
            return Some(m.text());
        }
        self.dns.as_ref()?.query(&m.domain)
    }
}

/// One certificate's constraints (Go's `chainConstraints` node).
struct CertConstraints {
    ip: (Option<IpConstraints>, Option<IpConstraints>),
    dns: (Option<DnsConstraints>, Option<DnsConstraints>),
    uri: (Option<DnsConstraints>, Option<DnsConstraints>),
    email: (Option<EmailConstraints>, Option<EmailConstraints>),
    index: usize,
}

/// `checkConstraints` for one name: permitted first, then excluded.
fn check_one(
    kind: &str,
    shown: &str,
    permitted: Option<Option<String>>,
    excluded: Option<Option<String>>,
) -> Result<(), String> {
    if let Some(None) = permitted {
        return Err(format!("{kind} {shown} is not permitted by any constraint"));
    }
    if let Some(Some(c)) = excluded {
        return Err(format!(
            "{kind} {shown} is excluded by constraint {}",
            go_quote(&c)
        ));
    }
    Ok(())
}

/// A URI SAN prepared for matching (Go's `parsedURI`).
struct ParsedUri {
    text: String,
    domain: String,
}

impl CertConstraints {
    fn new(c: &Certificate, index: usize, go: GoX509Version) -> Self {
        Self {
            ip: (
                IpConstraints::new(&c.permitted_ip_ranges, go),
                IpConstraints::new(&c.excluded_ip_ranges, go),
            ),
            dns: (
                DnsConstraints::new(&c.permitted_dns_domains, true),
                DnsConstraints::new(&c.excluded_dns_domains, false),
            ),
            uri: (
                DnsConstraints::new(&c.permitted_uri_domains, true),
                DnsConstraints::new(&c.excluded_uri_domains, false),
            ),
            email: (
                EmailConstraints::new(&c.permitted_email_addresses, true, go),
                EmailConstraints::new(&c.excluded_email_addresses, false, go),
            ),
            index,
        }
    }

    fn check(
        &self,
        dns: &[String],
        uris: &[ParsedUri],
        emails: &[Mailbox],
        ips: &[Vec<u8>],
    ) -> Result<(), String> {
        for ip in ips {
            let shown = go_quote(&ip_string(ip));
            check_one(
                "IP address",
                &shown,
                self.ip.0.as_ref().map(|p| p.query(ip)),
                self.ip.1.as_ref().map(|e| e.query(ip)),
            )?;
        }
        for d in dns {
            if !domain_name_valid(d, false) {
                return Err(format!("x509: cannot parse dnsName {}", go_quote(d)));
            }
            check_one(
                "DNS name",
                &go_quote(d),
                self.dns.0.as_ref().map(|p| p.query(d)),
                self.dns.1.as_ref().map(|e| e.query(d)),
            )?;
        }
        for u in uris {
            if !domain_name_valid(&u.domain, false) {
                return Err(format!(
                    "x509: internal error: URI SAN {} failed to parse",
                    go_quote(&u.text)
                ));
            }
            check_one(
                "URI",
                &go_quote(&u.text),
                self.uri.0.as_ref().map(|p| p.query(&u.domain)),
                self.uri.1.as_ref().map(|e| e.query(&u.domain)),
            )?;
        }
        for e in emails {
            if !domain_name_valid(&e.domain, false) {
                return Err(format!(
                    "x509: cannot parse rfc822Name {}",
                    go_quote(&e.text())
                ));
            }
            check_one(
                "email address",
                &go_quote(&e.text()),
                self.email.0.as_ref().map(|p| p.query(e)),
                self.email.1.as_ref().map(|x| x.query(e)),
            )?;
        }
        Ok(())
    }
}

/// Go's `net.SplitHostPort` host part, or its error.
pub(crate) fn split_host_port(hostport: &str) -> Result<String, String> {
    let missing_port = || format!("address {hostport}: missing port in address");
    let too_many = || format!("address {hostport}: too many colons in address");
    let i = hostport.rfind(':').ok_or_else(missing_port)?;
    let host;
    if hostport.starts_with('[') {
        let end = hostport
            .find(']')
            .ok_or_else(|| format!("address {hostport}: missing ']' in address"))?;
        match end + 1 {
            e if e == hostport.len() => return Err(missing_port()),
            e if e == i => {}
            _ => {
                if hostport.as_bytes().get(end + 1) == Some(&b':') {
                    return Err(too_many());
                }
                return Err(missing_port());
            }
        }
        host = hostport.get(1..end).unwrap_or("").to_string();
        if host.contains('[') || host.contains(']') {
            return Err(format!("address {hostport}: unexpected '[' in address"));
        }
    } else {
        host = hostport.get(..i).unwrap_or("").to_string();
        if host.contains(':') {
            return Err(too_many());
        }
        if host.contains('[') {
            return Err(format!("address {hostport}: unexpected '[' in address"));
        }
        if host.contains(']') {
            return Err(format!("address {hostport}: unexpected ']' in address"));
        }
    }
    Ok(host)
}

/// Go's `parseURIs`. The URI is shown as encoded (Go shows `url.URL.String()`, which equals the
/// encoded text for the URIs certificates carry).
fn parse_uris(uris: &[String]) -> Result<Vec<ParsedUri>, String> {
    let mut out = Vec::with_capacity(uris.len());
    for uri in uris {
        let raw_host = url::parse_url(uri).map(|u| u.host).unwrap_or_default();
        let mut host = go_to_lower(&raw_host);
        if host.is_empty() {
            return Err(format!(
                "URI with empty host ({}) cannot be matched against constraints",
                go_quote(uri)
            ));
        }
        if host.contains(':') && !host.ends_with(']') {
            host = split_host_port(&raw_host)
                .map_err(|e| format!("cannot parse URI host {}: {e}", go_quote(&raw_host)))?;
        }
        if parse_addr(&host).is_some() || (host.starts_with('[') && host.ends_with(']')) {
            return Err(format!(
                "URI with IP ({}) cannot be matched against constraints",
                go_quote(uri)
            ));
        }
        out.push(ParsedUri {
            text: uri.clone(),
            domain: host,
        });
    }
    Ok(out)
}

/// Go's `parseMailboxes`.
fn parse_mailboxes(emails: &[String], go: GoX509Version) -> Result<Vec<Mailbox>, String> {
    emails
        .iter()
        .map(|e| {
            let mut m = parse_mailbox(e, go)
                .ok_or_else(|| format!("cannot parse rfc822Name {}", go_quote(e)))?;
            m.domain = go_to_lower(&m.domain);
            Ok(m)
        })
        .collect()
}

fn has_name_constraints(c: &Certificate) -> bool {
    c.extensions.iter().any(|e| e.oid == OID_NAME_CONSTRAINTS)
}

/// Go's `checkChainConstraints(chain)`: the constraints of each certificate apply to the SANs of
/// every certificate below it. The error is the detail of Go's `CANotAuthorizedForThisName`.
pub(crate) fn check_chain_constraints(
    chain: &[&Certificate],
    go: GoX509Version,
) -> Result<(), String> {
    let nodes: Vec<CertConstraints> = chain
        .iter()
        .enumerate()
        .filter(|(_, c)| has_name_constraints(c))
        .map(|(i, c)| CertConstraints::new(c, i, go))
        .collect();
    if nodes.is_empty() {
        return Ok(());
    }
    let mut current = 0usize;
    for (i, c) in chain.iter().enumerate() {
        if !has_san_extension(c) {
            continue;
        }
        while nodes.get(current).is_some_and(|n| n.index <= i) {
            if current + 1 >= nodes.len() {
                return Ok(());
            }
            current += 1;
        }
        let uris = parse_uris(&c.uris)?;
        let emails = parse_mailboxes(&c.email_addresses, go)?;
        for n in nodes.iter().skip(current) {
            n.check(&c.dns_names, &uris, &emails, &c.ip_addresses)?;
        }
    }
    Ok(())
}

/// Go's `strings.ToLower`: `unicode.ToLower` rune by rune — Unicode's simple case mapping, so
/// `İ` becomes `i` (Rust's `str::to_lowercase` gives `i̇`, the full mapping) and a final `Σ`
/// becomes `σ` (Rust applies the final-sigma rule: `ς`). Only reachable with non-ASCII text, e.g.
/// a URI host with percent-encoded UTF-8.
fn go_to_lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                // U+0130 is the only character whose lower case is two characters.
                _ if c == '\u{130}' => 'i',
                _ => c,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    /// Expected values from Go 1.27.3's `strings.ToLower`.
    #[test]
    fn lower_casing_is_gos() {
        assert_eq!(go_to_lower("İ.EXAMPLE"), "i.example");
        assert_eq!(go_to_lower("ΣΑΣ"), "σασ");
        assert_eq!(go_to_lower("Straße.DE"), "straße.de");
        assert_eq!(go_to_lower("EXAMPLE.com"), "example.com");
    }

    use super::*;

    #[test]
    fn dns_suffix_and_compare_follow_go() {
        assert!(dns_has_suffix("example.com", "test.example.com"));
        assert!(!dns_has_suffix("example.com", "testexample.com"));
        assert!(dns_has_suffix(".example.com", "a.example.com"));
        assert!(!dns_has_suffix(".example.com", "example.com"));
        assert!(dns_has_suffix("EXAMPLE.com", "a.example.COM"));
        assert_eq!(dns_compare("a.com", "a-a.com"), Ordering::Less);
        assert_eq!(dns_compare("a.a.com", "a-a.com"), Ordering::Less);
    }

    #[test]
    fn mailbox_parsing() {
        let m = parse_mailbox("\"a b\"@Example.com", GoX509Version::Go127);
        assert_eq!(
            m,
            Some(Mailbox {
                local: "a b".into(),
                domain: "Example.com".into()
            })
        );
        assert_eq!(
            parse_mailbox("a..b@example.com", GoX509Version::Go127),
            None
        );
        assert_eq!(
            parse_mailbox("ab@", GoX509Version::Go127),
            Some(Mailbox {
                local: "ab".into(),
                domain: String::new()
            })
        );
    }
}
