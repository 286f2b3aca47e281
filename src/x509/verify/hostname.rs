//! Go's `(*Certificate).VerifyHostname` and `HostnameError.Error()` (verify.go), with the parts of
//! `net/netip.ParseAddr` and `net.IP.String` they depend on.
//!
//! Hand-written: Go's address grammar (no leading zeros in IPv4 octets, zones, embedded IPv4 in
//! IPv6) and its printing (RFC 5952, IPv4-mapped addresses printed as IPv4) differ from
//! `std::net`, and the texts end up in error messages.

use crate::go::version::GoX509Version;
use crate::x509::parse::Certificate;

const OID_SAN: &str = "2.5.29.17";

pub(crate) fn has_san_extension(c: &Certificate) -> bool {
    c.extensions.iter().any(|e| e.oid == OID_SAN)
}

/// Go's `netip.ParseAddr(s).AsSlice()`: 4 bytes for IPv4, 16 for IPv6 (the zone is dropped).
pub(crate) fn parse_addr(s: &str) -> Option<Vec<u8>> {
    for b in s.bytes() {
        match b {
            b'.' => return parse_ipv4(s).map(|a| a.to_vec()),
            b':' => return parse_ipv6(s).map(|a| a.to_vec()),
            b'%' => return None,
            _ => {}
        }
    }
    None
}

/// Go's `parseIPv4Fields`.
fn parse_ipv4(s: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut fields = 0usize;
    for part in s.split('.') {
        let slot = out.get_mut(fields)?;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if part.len() > 1 && part.starts_with('0') {
            return None;
        }
        let v: u32 = part.parse().ok()?;
        *slot = u8::try_from(v).ok()?;
        fields += 1;
    }
    (fields == 4).then_some(out)
}

/// Go's `parseIPv6` (zone split off and dropped).
fn parse_ipv6(input: &str) -> Option<[u8; 16]> {
    let mut s = input;
    if let Some(i) = s.find('%') {
        let zone = s.get(i + 1..)?;
        if zone.is_empty() {
            return None;
        }
        s = s.get(..i)?;
    }
    let mut ip = [0u8; 16];
    let mut ellipsis: Option<usize> = None;
    if s.starts_with("::") {
        ellipsis = Some(0);
        s = s.get(2..)?;
        if s.is_empty() {
            return Some(ip);
        }
    }
    let mut i = 0usize;
    while i < 16 {
        let bytes = s.as_bytes();
        let mut off = 0usize;
        let mut acc = 0u32;
        while let Some(&c) = bytes.get(off) {
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => break,
            };
            acc = (acc << 4) + u32::from(d);
            if off > 3 || acc > 0xffff {
                return None;
            }
            off += 1;
        }
        if off == 0 {
            return None;
        }
        if bytes.get(off) == Some(&b'.') {
            if ellipsis.is_none() && i != 12 {
                return None;
            }
            if i + 4 > 16 {
                return None;
            }
            let v4 = parse_ipv4(s)?;
            ip.get_mut(i..i + 4)?.copy_from_slice(&v4);
            s = "";
            i += 4;
            break;
        }
        *ip.get_mut(i)? = (acc >> 8) as u8;
        *ip.get_mut(i + 1)? = acc as u8;
        i += 2;
        s = s.get(off..)?;
        if s.is_empty() {
            break;
        }
        if !s.starts_with(':') || s.len() == 1 {
            return None;
        }
        s = s.get(1..)?;
        if s.starts_with(':') {
            if ellipsis.is_some() {
                return None;
            }
            ellipsis = Some(i);
            s = s.get(1..)?;
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return None;
    }
    if i < 16 {
        let e = ellipsis?;
        let n = 16 - i;
        let mut j = i;
        while j > e {
            j -= 1;
            let v = *ip.get(j)?;
            *ip.get_mut(j + n)? = v;
        }
        for b in ip.get_mut(e..e + n)? {
            *b = 0;
        }
    } else if ellipsis.is_some() {
        return None;
    }
    Some(ip)
}

const V4_IN_V6: [u8; 12] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/// Go's `net.IP.To4`.
pub(crate) fn to4(ip: &[u8]) -> Option<&[u8]> {
    match ip.len() {
        4 => Some(ip),
        16 if ip.get(..12) == Some(&V4_IN_V6[..]) => ip.get(12..),
        _ => None,
    }
}

/// Go's `net.IP.Equal`.
pub(crate) fn ip_equal(a: &[u8], b: &[u8]) -> bool {
    if a.len() == b.len() {
        return a == b;
    }
    match (to4(a), to4(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Go's `net.IP.String()`.
pub(crate) fn ip_string(ip: &[u8]) -> String {
    if ip.is_empty() {
        return "<nil>".to_string();
    }
    if ip.len() != 4 && ip.len() != 16 {
        let hex: String = ip.iter().map(|b| format!("{b:02x}")).collect();
        return format!("?{hex}");
    }
    if let Some(v4) = to4(ip) {
        return v4.iter().map(u8::to_string).collect::<Vec<_>>().join(".");
    }
    let groups: Vec<u16> = ip
        .chunks(2)
        .map(|c| {
            u16::from_be_bytes([
                c.first().copied().unwrap_or(0),
                c.get(1).copied().unwrap_or(0),
            ])
        })
        .collect();
    // Longest run of at least two zero groups (first one on ties).
    let (mut best_start, mut best_len) = (usize::MAX, 0usize);
    let mut i = 0;
    while i < groups.len() {
        if groups.get(i) == Some(&0) {
            let start = i;
            while groups.get(i) == Some(&0) {
                i += 1;
            }
            if i - start > best_len && i - start >= 2 {
                best_start = start;
                best_len = i - start;
            }
        } else {
            i += 1;
        }
    }
    let mut out = String::new();
    let mut i = 0;
    while i < groups.len() {
        if i == best_start {
            out.push_str("::");
            i += best_len;
            continue;
        }
        if !out.is_empty() && !out.ends_with(':') {
            out.push(':');
        }
        out.push_str(&format!("{:x}", groups.get(i).copied().unwrap_or(0)));
        i += 1;
    }
    out
}

/// Go's `toLowerCaseASCII`.
pub(crate) fn to_lower_ascii(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// Go's `validHostname(host, isPattern)`; a bare `*` is refused since Go 1.22 or later (Go
/// 1.21.13 takes it as a pattern).
fn valid_hostname(host: &str, is_pattern: bool, go: GoX509Version) -> bool {
    let host = if is_pattern {
        host
    } else {
        host.strip_suffix('.').unwrap_or(host)
    };
    if host.is_empty() || (host == "*" && go != GoX509Version::Go121) {
        return false;
    }
    for (i, part) in host.split('.').enumerate() {
        if part.is_empty() {
            return false;
        }
        if is_pattern && i == 0 && part == "*" {
            continue;
        }
        for (j, c) in part.chars().enumerate() {
            let ok = c.is_ascii_alphanumeric() || (c == '-' && j != 0) || c == '_';
            if !ok {
                return false;
            }
        }
    }
    true
}

fn match_exactly(a: &str, b: &str) -> bool {
    if a.is_empty() || a == "." || b.is_empty() || b == "." {
        return false;
    }
    to_lower_ascii(a) == to_lower_ascii(b)
}

/// Go's `matchHostnames(pattern, hostParts)`.
pub(crate) fn match_hostnames(pattern: &str, host_parts: &[String]) -> bool {
    let pattern = to_lower_ascii(pattern);
    if pattern.is_empty() || host_parts.is_empty() {
        return false;
    }
    let pattern_parts: Vec<&str> = pattern.split('.').collect();
    if pattern_parts.len() != host_parts.len() {
        return false;
    }
    pattern_parts
        .iter()
        .zip(host_parts)
        .enumerate()
        .all(|(i, (p, h))| (i == 0 && *p == "*") || *p == h.as_str())
}

/// Go's `splitHostname`.
pub(crate) fn split_hostname(host: &str) -> Vec<String> {
    let h = host.strip_suffix('.').unwrap_or(host);
    to_lower_ascii(h).split('.').map(str::to_string).collect()
}

/// Go's `(*Certificate).VerifyHostname(h)`: `Ok` or Go's `HostnameError` text. Go 1.27 reads an
/// IP with `netip.ParseAddr` (a zone is allowed) and reports it as printed; older releases use
/// `net.ParseIP` and report the text as given.
pub(crate) fn verify_hostname(c: &Certificate, h: &str, go: GoX509Version) -> Result<(), String> {
    let candidate_ip = if h.len() >= 3 && h.starts_with('[') && h.ends_with(']') {
        h.get(1..h.len() - 1).unwrap_or(h)
    } else {
        h
    };
    let netip = go == GoX509Version::Go127;
    if let Some(ip) = parse_addr(candidate_ip).filter(|_| netip || !candidate_ip.contains('%')) {
        if c.ip_addresses.iter().any(|cand| ip_equal(&ip, cand)) {
            return Ok(());
        }
        let shown = if netip {
            ip_string(&ip)
        } else {
            candidate_ip.to_string()
        };
        return Err(hostname_error(c, &shown, go));
    }
    let candidate = to_lower_ascii(h);
    let valid_candidate = valid_hostname(&candidate, false, go);
    let host_parts = split_hostname(&candidate);
    for m in &c.dns_names {
        if valid_candidate && valid_hostname(m, true, go) {
            if match_hostnames(m, &host_parts) {
                return Ok(());
            }
        } else if match_exactly(m, &candidate) {
            return Ok(());
        }
    }
    Err(hostname_error(c, h, go))
}

/// Go's `net.ParseIP(s) != nil`.
fn is_ip(s: &str) -> bool {
    !s.contains('%') && parse_addr(s).is_some()
}

/// Go's `HostnameError{c, host}.Error()`; the 100-name cap came with Go 1.24.11 and 1.25.5
/// (CVE-2025-61729).
pub(crate) fn hostname_error(c: &Certificate, host: &str, go: GoX509Version) -> String {
    let max_names = match go {
        GoX509Version::Go121 | GoX509Version::Go123 | GoX509Version::Go124 => usize::MAX,
        _ => 100,
    };
    let cn = c.subject.common_name().unwrap_or("");
    if !has_san_extension(c) && match_hostnames(cn, &split_hostname(host)) {
        return "x509: certificate relies on legacy Common Name field, use SANs instead"
            .to_string();
    }
    let valid = if is_ip(host) {
        if c.ip_addresses.is_empty() {
            return format!(
                "x509: cannot validate certificate for {host} because it doesn't contain any IP SANs"
            );
        }
        if c.ip_addresses.len() >= max_names {
            return format!(
                "x509: certificate is valid for {} IP SANs, but none matched {host}",
                c.ip_addresses.len()
            );
        }
        c.ip_addresses
            .iter()
            .map(|ip| ip_string(ip))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        if c.dns_names.len() >= max_names {
            return format!(
                "x509: certificate is valid for {} names, but none matched {host}",
                c.dns_names.len()
            );
        }
        c.dns_names.join(", ")
    };
    if valid.is_empty() {
        return format!("x509: certificate is not valid for any names, but wanted to match {host}");
    }
    format!("x509: certificate is valid for {valid}, not {host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_parsing_and_printing_follow_go() {
        let p = |s: &str| parse_addr(s).map(|ip| ip_string(&ip));
        assert_eq!(p("127.0.0.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(p("127.0.0.01"), None);
        assert_eq!(p("1.2.3"), None);
        assert_eq!(p("256.1.1.1"), None);
        assert_eq!(p("::1").as_deref(), Some("::1"));
        assert_eq!(p("::").as_deref(), Some("::"));
        assert_eq!(
            p("2001:DB8:0:0:1:0:0:1").as_deref(),
            Some("2001:db8::1:0:0:1")
        );
        assert_eq!(p("::ffff:1.2.3.4").as_deref(), Some("1.2.3.4"));
        assert_eq!(p("fe80::1%eth0").as_deref(), Some("fe80::1"));
        assert_eq!(p("fe80::1%"), None);
        assert_eq!(p("1:2:3:4:5:6:7:8:9"), None);
        assert_eq!(p("1::2::3"), None);
        assert_eq!(p("12345::"), None);
        assert_eq!(p("1:2:3:4:5:6:7::"), Some("1:2:3:4:5:6:7:0".to_string()));
    }
}
