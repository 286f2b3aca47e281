//! `TLS3xx`: certificates, and `TLS9xx`: internal. Each registry row is followed by its constructors, which hold the message and
//! hint texts.

use super::{Code, Severity, finding};
use crate::findings::Finding;
use std::fmt::Display;

code!(
    EXPIRED,
    "TLS301",
    "certificate-expired",
    Error,
    "certificate expired or not yet valid",
    "Go refuses an expired certificate in strict mode, and clients that verify (browsers, the CLI) refuse it too.",
    "crypto/x509",
    "Issue a new certificate; restart components that do not hot-reload."
);

/// [`EXPIRED`]: `component`'s certificate from `source` is valid from `not_before` to
/// `not_after`, not at `now`.
pub(crate) fn expired(
    component: &str,
    source: &str,
    not_before: impl Display,
    not_after: impl Display,
    now: impl Display,
) -> Finding {
    finding(
        &EXPIRED,
        format!(
            "{component}'s certificate ({source}) is valid from {not_before} to {not_after}, not at {now}"
        ),
        "issue a new certificate and restart the component if it does not hot-reload",
        &[component],
    )
}

code!(
    EXPIRES_SOON,
    "TLS302",
    "certificate-expires-soon",
    Warning,
    "certificate expires within 30 days",
    "Plan the rotation; remember which components need a restart to pick it up.",
    "reference §3.4, §4.2",
    "Renew the certificate now."
);
/// How close to its `notAfter` a served certificate draws [`EXPIRES_SOON`], in days: the
/// engine's threshold, exported so that pages and elements mark the same certificates.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// [`EXPIRES_SOON`]: `component`'s certificate from `source` expires at `not_after`.
pub(crate) fn expires_soon(component: &str, source: &str, not_after: impl Display) -> Finding {
    finding(
        &EXPIRES_SOON,
        format!("{component}'s certificate ({source}) expires at {not_after}"),
        "renew it now; the repo-server and Dex need a restart to pick it up",
        &[component],
    )
}

code!(
    WEAK_KEY,
    "TLS303",
    "weak-key",
    Warning,
    "RSA key shorter than 2048 bits",
    "Go refuses RSA keys shorter than 1024 bits outright; keys below 2048 bits are weak.",
    "crypto/rsa",
    "Reissue with an RSA 2048 (or larger) or an ECDSA P-256 key."
);

/// [`WEAK_KEY`]: `component`'s certificate has a `bits`-bit RSA key.
pub(crate) fn weak_key(component: &str, bits: impl Display) -> Finding {
    finding(
        &WEAK_KEY,
        format!("{component}'s certificate has a {bits}-bit RSA key"),
        "reissue it with an RSA 2048 (or larger) key",
        &[component],
    )
}

code!(
    NO_SERVICE_NAME,
    "TLS304",
    "no-service-name-san",
    Warning,
    "certificate does not name the Service clients dial",
    "Clients verify the host they dial (e.g. `argocd-repo-server`). Turning on strict verification later will fail unless the certificate carries that DNS SAN.",
    "reference §6.6",
    "Reissue with DNS SANs `<service>` and `<service>.<namespace>.svc`."
);

/// [`NO_SERVICE_NAME`]: `component`'s certificate from `source` lacks the DNS SAN `service`;
/// it has `dns_names`.
pub(crate) fn no_service_name(
    component: &str,
    source: &str,
    service: &str,
    dns_names: &[String],
) -> Finding {
    let has = if dns_names.is_empty() {
        "none".to_string()
    } else {
        dns_names.join(", ")
    };
    finding(
        &NO_SERVICE_NAME,
        format!(
            "{component}'s certificate ({source}) has no DNS SAN `{service}` (it has: {has}); clients that verify will reject it"
        ),
        format!("reissue it with DNS SANs `{service}` and `{service}.<namespace>.svc`"),
        &[component],
    )
}

code!(
    INTERNAL,
    "TLS901",
    "internal-error",
    Error,
    "internal error in the planner",
    "This is a bug in the planner, please report it with the input that triggered it.",
    "",
    "Report the input that triggered it."
);
