//! The part of Go's `net/url` that `crypto/x509` depends on for URI SANs: whether `url.Parse`
//! accepts the text, Go's error text when it does not, the `Host` it yields and `URL.String()`
//! (which Go's name-constraint errors print).
//!
//! Hand-written because Go's verdicts differ from the `url` crate's (WHATWG) rules: Go accepts
//! relative references and opaque URIs, rejects a colon in a relative first segment, allows
//! `%`-escapes in a host only for non-ASCII bytes, and (with `go 1.26` module semantics,
//! GODEBUG `urlstrictcolons=1`) rejects several colons in an `http`/`https` host. The error texts
//! are Go's (`parse "…": invalid port ":x" after host`).
//!
//! Mirrors `$GOROOT/src/net/url/url.go` of Go 1.26 (the `urlstrictcolons` rule) and 1.27.

use crate::go::strconv::go_quote;

/// The fields of Go's `url.URL` that `URL.String()` and the name-constraint checks read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct GoUrl {
    scheme: String,
    opaque: String,
    /// `(username, password)` unescaped; `None` password when no `:` was given.
    user: UserInfo,
    /// Go's `URL.Host`: unescaped, with the port.
    pub(crate) host: String,
    path: String,
    raw_path: String,
    force_query: bool,
    raw_query: String,
    fragment: String,
    raw_fragment: String,
    omit_host: bool,
}

/// Go's `url.Parse(raw)`; the error is Go's `*url.Error` text.
pub(crate) fn parse_url(raw: &str) -> Result<GoUrl, String> {
    parse_url_as(raw, true)
}

/// [`parse_url`] with `urlstrictcolons` on (`go 1.26` module semantics and newer) or off (Go 1.25
/// and older, where an `http`/`https` host, like any other, splits at its last colon).
pub(crate) fn parse_url_as(raw: &str, strict_colons: bool) -> Result<GoUrl, String> {
    let (u, frag) = match raw.split_once('#') {
        Some((u, f)) => (u, Some(f)),
        None => (raw, None),
    };
    let mut url = parse(u, strict_colons).map_err(|e| format!("parse {}: {e}", go_quote(u)))?;
    if let Some(frag) = frag.filter(|f| !f.is_empty()) {
        let unescaped =
            unescape(frag, Mode::Fragment).map_err(|e| format!("parse {}: {e}", go_quote(raw)))?;
        url.raw_fragment = if escape(&unescaped, Mode::Fragment) == frag {
            String::new()
        } else {
            frag.to_string()
        };
        url.fragment = unescaped;
    }
    Ok(url)
}

impl GoUrl {
    /// Go's `URL.String()`.
    pub(crate) fn go_string(&self) -> String {
        let mut buf = String::new();
        if !self.scheme.is_empty() {
            buf.push_str(&self.scheme);
            buf.push(':');
        }
        if !self.opaque.is_empty() {
            buf.push_str(&self.opaque);
        } else {
            let authority_form =
                !self.scheme.is_empty() || !self.host.is_empty() || self.user.is_some();
            let omit = self.omit_host && self.host.is_empty() && self.user.is_none();
            if authority_form && !omit {
                if !self.host.is_empty() || !self.path.is_empty() || self.user.is_some() {
                    buf.push_str("//");
                }
                if let Some((name, password)) = &self.user {
                    buf.push_str(&escape(name, Mode::UserPassword));
                    if let Some(p) = password {
                        buf.push(':');
                        buf.push_str(&escape(p, Mode::UserPassword));
                    }
                    buf.push('@');
                }
                if !self.host.is_empty() {
                    buf.push_str(&escape(&self.host, Mode::Host));
                }
            }
            let mut path = self.escaped_path();
            if omit && path.starts_with("//") {
                buf.push_str("%2F");
                path = path.get(1..).unwrap_or_default().to_string();
            }
            if !path.is_empty() && !path.starts_with('/') && !self.host.is_empty() {
                buf.push('/');
            }
            if buf.is_empty() {
                let segment = path.split_once('/').map_or(path.as_str(), |(s, _)| s);
                if segment.contains(':') {
                    buf.push_str("./");
                }
            }
            buf.push_str(&path);
        }
        if self.force_query || !self.raw_query.is_empty() {
            buf.push('?');
            buf.push_str(&self.raw_query);
        }
        if !self.fragment.is_empty() {
            buf.push('#');
            buf.push_str(&self.escaped_fragment());
        }
        buf
    }

    fn escaped_path(&self) -> String {
        if !self.raw_path.is_empty()
            && valid_encoded(&self.raw_path, Mode::Path)
            && unescape(&self.raw_path, Mode::Path).as_deref() == Ok(self.path.as_str())
        {
            return self.raw_path.clone();
        }
        if self.path == "*" {
            return "*".to_string();
        }
        escape(&self.path, Mode::Path)
    }

    fn escaped_fragment(&self) -> String {
        if !self.raw_fragment.is_empty()
            && valid_encoded(&self.raw_fragment, Mode::Fragment)
            && unescape(&self.raw_fragment, Mode::Fragment).as_deref() == Ok(self.fragment.as_str())
        {
            return self.raw_fragment.clone();
        }
        escape(&self.fragment, Mode::Fragment)
    }
}

/// Go's `validEncoded`.
fn valid_encoded(s: &str, mode: Mode) -> bool {
    s.bytes()
        .all(|c| b"!$&'()*+,;=:@[]%".contains(&c) || !should_escape(c, mode))
}

/// Go's `escape` for the non-query modes (`%XX` upper-case).
fn escape(s: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.bytes() {
        if should_escape(c, mode) {
            out.push_str(&format!("%{c:02X}"));
        } else {
            out.push(char::from(c));
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Host,
    Zone,
    UserPassword,
    Path,
    Fragment,
}

fn parse(raw: &str, strict_colons: bool) -> Result<GoUrl, String> {
    if raw.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err("net/url: invalid control character in URL".to_string());
    }
    let mut url = GoUrl::default();
    if raw == "*" {
        url.path = "*".to_string();
        return Ok(url);
    }
    let (scheme, rest) = get_scheme(raw)?;
    url.scheme = scheme.to_ascii_lowercase();
    let rest = if rest.ends_with('?') && rest.matches('?').count() == 1 {
        url.force_query = true;
        rest.get(..rest.len() - 1).unwrap_or_default()
    } else {
        match rest.split_once('?') {
            Some((r, q)) => {
                url.raw_query = q.to_string();
                r
            }
            None => rest,
        }
    };
    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            url.opaque = rest.to_string();
            return Ok(url);
        }
        let segment = rest.split_once('/').map_or(rest, |(s, _)| s);
        if segment.contains(':') {
            return Err("first path segment in URL cannot contain colon".to_string());
        }
    }
    let mut path = rest;
    if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let after = rest.get(2..).unwrap_or_default();
        let (authority, p) = match after.find('/') {
            Some(i) => (
                after.get(..i).unwrap_or_default(),
                after.get(i..).unwrap_or_default(),
            ),
            None => (after, ""),
        };
        let (user, host) = parse_authority(&url.scheme, authority, strict_colons)?;
        url.user = user;
        url.host = host;
        path = p;
    } else if !url.scheme.is_empty() && rest.starts_with('/') {
        url.omit_host = true;
    }
    let unescaped = unescape(path, Mode::Path)?;
    url.raw_path = if escape(&unescaped, Mode::Path) == path {
        String::new()
    } else {
        path.to_string()
    };
    url.path = unescaped;
    Ok(url)
}

fn get_scheme(raw: &str) -> Result<(&str, &str), String> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                if i == 0 {
                    return Ok(("", raw));
                }
            }
            b':' => {
                if i == 0 {
                    return Err("missing protocol scheme".to_string());
                }
                return Ok((
                    raw.get(..i).unwrap_or_default(),
                    raw.get(i + 1..).unwrap_or_default(),
                ));
            }
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

/// The user info (unescaped name and optional password) of an authority.
type UserInfo = Option<(String, Option<String>)>;

fn parse_authority(
    scheme: &str,
    authority: &str,
    strict_colons: bool,
) -> Result<(UserInfo, String), String> {
    let at = authority.rfind('@');
    let host_part = match at {
        Some(i) => authority.get(i + 1..).unwrap_or_default(),
        None => authority,
    };
    let host = parse_host_port(scheme, host_part, strict_colons)?;
    if let Some(i) = at {
        let userinfo = authority.get(..i).unwrap_or_default();
        let valid = userinfo
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"-._:~!$&'()*+,;=%@".contains(&c));
        if !valid {
            return Err("net/url: invalid userinfo".to_string());
        }
        let user = match userinfo.split_once(':') {
            None => (unescape(userinfo, Mode::UserPassword)?, None),
            Some((user, password)) => (
                unescape(user, Mode::UserPassword)?,
                Some(unescape(password, Mode::UserPassword)?),
            ),
        };
        return Ok((Some(user), host));
    }
    Ok((None, host))
}

fn valid_optional_port(port: &str) -> bool {
    match port.as_bytes().split_first() {
        None => true,
        Some((b':', digits)) => digits.iter().all(u8::is_ascii_digit),
        Some(_) => false,
    }
}

fn parse_host_port(scheme: &str, host: &str, strict_colons: bool) -> Result<String, String> {
    match host.rfind('[') {
        Some(i) if i > 0 => return Err("invalid IP-literal".to_string()),
        Some(_) => {
            let Some(close) = host.rfind(']') else {
                return Err("missing ']' in host".to_string());
            };
            let colon_port = host.get(close + 1..).unwrap_or_default();
            if !valid_optional_port(colon_port) {
                return Err(format!("invalid port {} after host", go_quote(colon_port)));
            }
            let colon_port = unescape(colon_port, Mode::Host)?;
            let hostname = host.get(1..close).unwrap_or_default();
            let unescaped = match hostname.find("%25") {
                Some(z) => {
                    let h = unescape(hostname.get(..z).unwrap_or_default(), Mode::Host)?;
                    let zone = unescape(hostname.get(z..).unwrap_or_default(), Mode::Zone)?;
                    h + &zone
                }
                None => unescape(hostname, Mode::Host)?,
            };
            let addr = unescaped
                .split_once('%')
                .map_or(unescaped.as_str(), |(a, _)| a);
            if addr.parse::<std::net::Ipv4Addr>().is_ok() {
                return Err("invalid IP-literal".to_string());
            }
            if addr.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(format!(
                    "invalid host: ParseAddr({}): unable to parse IP",
                    go_quote(&unescaped)
                ));
            }
            return Ok(format!("[{unescaped}]{colon_port}"));
        }
        None => {}
    }
    if let Some(first) = host.find(':') {
        let last = host.rfind(':').unwrap_or(first);
        // GODEBUG urlstrictcolons=1 (the default from `go 1.26`): http(s) hosts keep the first colon.
        let i = if last != first && !(strict_colons && (scheme == "http" || scheme == "https")) {
            last
        } else {
            first
        };
        let colon_port = host.get(i..).unwrap_or_default();
        if !valid_optional_port(colon_port) {
            return Err(format!("invalid port {} after host", go_quote(colon_port)));
        }
    }
    unescape(host, Mode::Host)
}

/// Go's `shouldEscape` for the modes used here (from `net/url/encoding_table.go`).
fn should_escape(c: u8, mode: Mode) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    let allowed: &[u8] = match mode {
        Mode::Host | Mode::Zone => b"!\"$&'()*+,-.:;<=>[]_~",
        Mode::UserPassword => b"$&+,-.;=_~",
        Mode::Path => b"$&+,-./:;=@_~",
        Mode::Fragment => b"!$&()*+,-./:;=?@_~",
    };
    !allowed.contains(&c)
}

fn is_hex(c: u8) -> bool {
    c.is_ascii_hexdigit()
}

fn unhex(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

/// Go's `unescape`; the error is Go's text.
fn unescape(s: &str, mode: Mode) -> Result<String, String> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    while let Some(&c) = b.get(i) {
        match c {
            b'%' => {
                let (h1, h2) = match (b.get(i + 1), b.get(i + 2)) {
                    (Some(&h1), Some(&h2)) if is_hex(h1) && is_hex(h2) => (h1, h2),
                    _ => {
                        let end = (i + 3).min(b.len());
                        let frag = String::from_utf8_lossy(b.get(i..end).unwrap_or_default());
                        return Err(format!("invalid URL escape {}", go_quote(&frag)));
                    }
                };
                let esc = s.get(i..i + 3).unwrap_or_default();
                if mode == Mode::Host && unhex(h1) < 8 && esc != "%25" {
                    return Err(format!("invalid URL escape {}", go_quote(esc)));
                }
                let v = (unhex(h1) << 4) | unhex(h2);
                if mode == Mode::Zone && esc != "%25" && v != b' ' && should_escape(v, Mode::Host) {
                    return Err(format!("invalid URL escape {}", go_quote(esc)));
                }
                out.push(v);
                i += 3;
            }
            _ => {
                if matches!(mode, Mode::Host | Mode::Zone) && c < 0x80 && should_escape(c, mode) {
                    let ch = String::from(char::from(c));
                    return Err(format!("invalid character {} in host name", go_quote(&ch)));
                }
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_follow_go() {
        // (input, Go's url.Parse(raw).Host, Go's .String()), printed by Go 1.27.
        let cases: &[(&str, &str, &str)] = &[
            (
                "https://example.com/a b",
                "example.com",
                "https://example.com/a%20b",
            ),
            (
                "bad.example.com, test.localhost",
                "",
                "bad.example.com,%20test.localhost",
            ),
            ("urn:uuid:1234", "", "urn:uuid:1234"),
            ("https://u:p@h/x?q#f g", "h", "https://u:p@h/x?q#f%20g"),
            ("http://h/%41", "h", "http://h/%41"),
            ("http://h/%2f", "h", "http://h/%2f"),
            ("file:///etc", "", "file:///etc"),
            (
                "http://[fe80::1%25en0]/",
                "[fe80::1%en0]",
                "http://[fe80::1%25en0]/",
            ),
            ("http://h/a%20b#x%41", "h", "http://h/a%20b#x%41"),
            ("HTTP://H%C3%A9/", "H\u{e9}", "http://H%C3%A9/"),
        ];
        for (raw, host, string) in cases {
            let u = parse_url(raw);
            assert_eq!(u.as_ref().map(|u| u.host.as_str()), Ok(*host), "{raw}");
            assert_eq!(u.map(|u| u.go_string()).as_deref(), Ok(*string), "{raw}");
        }
    }

    #[test]
    fn hosts_and_errors_follow_go() {
        // Expected values are Go's net/url behaviour (url.Parse(...).Host / err.Error()).
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("https://example.com/path", Ok("example.com")),
            ("https://user@example.com:8443/", Ok("example.com:8443")),
            ("spiffe://cluster.local/ns/argocd", Ok("cluster.local")),
            ("urn:uuid:1234", Ok("")),
            ("https://[::1]:443/", Ok("[::1]:443")),
            (
                "https://example.com:port/",
                Err("parse \"https://example.com:port/\": invalid port \":port\" after host"),
            ),
            (
                "https://[::1/",
                Err("parse \"https://[::1/\": missing ']' in host"),
            ),
            ("://x", Err("parse \"://x\": missing protocol scheme")),
            (
                "http://a b/",
                Err("parse \"http://a b/\": invalid character \" \" in host name"),
            ),
            (
                "http://x/%zz",
                Err("parse \"http://x/%zz\": invalid URL escape \"%zz\""),
            ),
        ];
        for (raw, want) in cases {
            let got = parse_url(raw).map(|u| u.host);
            assert_eq!(got.as_deref().map_err(String::as_str), *want, "{raw}");
        }
    }
}
