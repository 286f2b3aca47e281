//! Runs x509-limbo test cases through [`argocd_tls_planner::verify`], following the Go harness
//! that produced `go-verdicts.json` (x509-limbo's `gocryptox509` harness): which cases are
//! skipped and why, how peer names, validation times and EKUs map to Go's `VerifyOptions`, and
//! that a leaf Go cannot parse is a failure. Shared by `examples/limbo` and `tests/limbo.rs`.

use argocd_tls_planner::{
    Certificate, ExtKeyUsage, GoX509Version, UnixTime, VerifyOptions, decode_pem_blocks,
    parse_certificate_as, verify, verify_hostname_as,
};
use serde_json::Value;

/// Our verdict on one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Verification succeeded.
    Success,
    /// Verification failed, with our (Go's) error text.
    Failure(String),
    /// The case needs something Go's `Verify` has no knob for.
    Skipped(String),
}

impl Verdict {
    /// limbo's `actual_result` string.
    pub(crate) fn result(&self) -> &'static str {
        match self {
            Self::Success => "SUCCESS",
            Self::Failure(_) => "FAILURE",
            Self::Skipped(_) => "SKIPPED",
        }
    }

    /// The `context` text.
    pub(crate) fn context(&self) -> Option<&str> {
        match self {
            Self::Success => None,
            Self::Failure(s) | Self::Skipped(s) => Some(s),
        }
    }
}

/// Certificates of a PEM list the way `CertPool.AppendCertsFromPEM` of Go release `go` keeps
/// them: CERTIFICATE blocks that parse.
fn pool(list: Option<&Value>, go: GoX509Version) -> Vec<Certificate> {
    let mut out = Vec::new();
    for pem in list.and_then(Value::as_array).into_iter().flatten() {
        let Some(text) = pem.as_str() else { continue };
        let Ok(blocks) = decode_pem_blocks(text) else {
            continue;
        };
        for b in blocks {
            if b.label != "CERTIFICATE" {
                continue;
            }
            if let Ok(c) = parse_certificate_as(&b.der, go) {
                out.push(c);
            }
        }
    }
    out
}

/// Parses limbo's RFC 3339 validation time into seconds and the sub-second nanoseconds.
fn parse_time(text: &str) -> Option<(UnixTime, u32)> {
    let secs = UnixTime::parse_rfc3339(text).ok()?;
    let mut nanos = 0u32;
    if let Some(dot) = text.find('.') {
        let digits: String = text[dot + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let mut padded = digits.clone();
        while padded.len() < 9 {
            padded.push('0');
        }
        nanos = padded.get(..9)?.parse().ok()?;
    }
    Some((secs, nanos))
}

fn eku(name: &str) -> Option<ExtKeyUsage> {
    Some(match name {
        "anyExtendedKeyUsage" => ExtKeyUsage::Any,
        "clientAuth" => ExtKeyUsage::ClientAuth,
        "codeSigning" => ExtKeyUsage::CodeSigning,
        "emailProtection" => ExtKeyUsage::EmailProtection,
        "OCSPSigning" => ExtKeyUsage::OcspSigning,
        "serverAuth" => ExtKeyUsage::ServerAuth,
        "timeStamping" => ExtKeyUsage::TimeStamping,
        _ => return None,
    })
}

fn strs(v: Option<&Value>) -> Vec<&str> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// Evaluates one limbo test case as Go 1.27 (the toolchain of `go-verdicts.json`); `now` stands
/// in for Go's `time.Now()` when the case has no validation time.
pub(crate) fn evaluate(tc: &Value, now: UnixTime) -> Verdict {
    evaluate_as(tc, now, GoX509Version::Go127)
}

/// [`evaluate`] with the verifier of Go release `go`.
pub(crate) fn evaluate_as(tc: &Value, now: UnixTime, go: GoX509Version) -> Verdict {
    let features = strs(tc.get("features"));
    if features.contains(&"has-crl") {
        return Verdict::Skipped("CRLs not supported".into());
    }
    if tc.get("max_chain_depth").is_some_and(|v| !v.is_null()) {
        return Verdict::Skipped("max chain depth not supported".into());
    }
    if !strs(tc.get("signature_algorithms")).is_empty() {
        return Verdict::Skipped("signature_algorithms not supported".into());
    }
    let ku = strs(tc.get("key_usage"));
    if !ku.is_empty() && !ku.contains(&"digitalSignature") {
        return Verdict::Skipped(
            "key usage checks other than digitalSignature not supported".into(),
        );
    }
    let server = tc.get("validation_kind").and_then(Value::as_str) == Some("SERVER");

    let mut dns_name = None;
    if server && let Some(peer) = tc.get("expected_peer_name").filter(|v| !v.is_null()) {
        let value = peer
            .get("value")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match peer.get("kind").and_then(Value::as_str) {
            Some("DNS") => dns_name = Some(value.to_string()),
            Some("IP") => dns_name = Some(format!("[{value}]")),
            other => {
                let kind = other.unwrap_or("none");
                return Verdict::Skipped(format!("unsupported peer name kind: {kind}"));
            }
        }
    }

    let roots = pool(tc.get("trusted_certs"), go);
    let intermediates = pool(tc.get("untrusted_intermediates"), go);
    let peer_pem = tc
        .get("peer_certificate")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let der = match decode_pem_blocks(peer_pem) {
        Ok(blocks) => match blocks.into_iter().next() {
            Some(b) if b.label == "CERTIFICATE" => b.der,
            _ => return Verdict::Failure("unable to PEM decode peer certificate".into()),
        },
        Err(e) => return Verdict::Failure(format!("unable to PEM decode peer certificate: {e}")),
    };
    let leaf = match parse_certificate_as(&der, go) {
        Ok(c) => c,
        Err(e) => return Verdict::Failure(e.to_string()),
    };

    let (current_time, nanos) = match tc.get("validation_time").and_then(Value::as_str) {
        Some(t) => match parse_time(t) {
            Some(x) => x,
            None => return Verdict::Skipped(format!("invalid validation time {t:?}")),
        },
        None => (now, 0),
    };
    let mut key_usages = Vec::new();
    for name in strs(tc.get("extended_key_usage")) {
        match eku(name) {
            Some(u) => key_usages.push(u),
            None => return Verdict::Skipped(format!("unsupported extended key usage: {name}")),
        }
    }
    let mut opts = VerifyOptions::new(dns_name, current_time);
    opts.current_time_nanos = nanos;
    opts.key_usages = key_usages;
    opts.go = go;
    if let Err(e) = verify(&leaf, &intermediates, &roots, &opts) {
        return Verdict::Failure(e.to_string());
    }
    if !server {
        // Go's own harness: client names are checked with VerifyHostname after path building.
        for peer in tc
            .get("expected_peer_names")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let kind = peer.get("kind").and_then(Value::as_str);
            if kind != Some("DNS") && kind != Some("IP") {
                return Verdict::Skipped(format!(
                    "unsupported peer name kind: {}",
                    kind.unwrap_or("none")
                ));
            }
            let value = peer
                .get("value")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if let Err(e) = verify_hostname_as(&leaf, value, go) {
                return Verdict::Failure(e.to_string());
            }
        }
    }
    Verdict::Success
}
