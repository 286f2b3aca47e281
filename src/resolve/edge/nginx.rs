//! ingress-nginx (the one controller run here, `tests/edge.rs`): what its annotations make of an
//! Ingress — `backend-protocol` (`proxy_pass http://`/`https://`, `grpc_pass grpc://`/`grpcs://`
//! in its `nginx.tmpl`), `ssl-passthrough`, `proxy-ssl-verify` with `proxy-ssl-secret` and
//! `proxy-ssl-name`, the default certificate when no TLS entry names the host, and port 80
//! (`ssl-redirect`, `force-ssl-redirect`).

use super::*;

/// What a controller makes of an Ingress's hops: what it speaks upstream (`None`: not known),
/// the certificate it serves, its check of argocd-server's certificate, the basis, its own error
/// answer (status, content type) and the fix for a redirect loop.
pub(super) type IngressHop = (
    Option<Upstream>,
    EdgeCert,
    Option<BackendCheck>,
    EdgeBasis,
    (u16, &'static str),
    &'static str,
);

/// An annotation's value, trimmed.
fn note(ingress: &Ingress, key: &str) -> Option<String> {
    ingress.annotations.get(key).map(|v| v.trim().to_owned())
}

/// The hops of an ingress-nginx Ingress for `host`; `terminated_cert` gives the certificate of
/// the host's TLS entry, or the default it is given.
pub(super) fn hop(
    ctx: &Ctx<'_>,
    ingress: &Ingress,
    host: &str,
    view: &ServerView<'_>,
    notes: &mut Vec<String>,
    terminated_cert: impl FnOnce(&mut Vec<String>, EdgeCert) -> EdgeCert,
) -> IngressHop {
    let note = |k: &str| note(ingress, k);
    let passthrough =
        note("nginx.ingress.kubernetes.io/ssl-passthrough").is_some_and(|v| v == "true");
    let protocol = note("nginx.ingress.kubernetes.io/backend-protocol")
        .map(|p| p.to_ascii_uppercase())
        .unwrap_or_else(|| "HTTP".to_owned());
    let upstream = if passthrough {
        notes.push(
            "ssl-passthrough needs the controller's --enable-ssl-passthrough flag (assumed set)"
                .to_owned(),
        );
        Some(Upstream::Passthrough)
    } else {
        match protocol.as_str() {
            "HTTP" => Some(Upstream::Http1),
            "HTTPS" => Some(Upstream::Https1),
            "GRPC" => Some(Upstream::H2c),
            "GRPCS" => Some(Upstream::Grpcs),
            other => {
                notes.push(format!("backend-protocol {other} is not modelled"));
                None
            }
        }
    };
    let cert = if passthrough {
        server_cert(view, host)
    } else {
        // No TLS entry for the host: the controller's default certificate.
        terminated_cert(
            notes,
            EdgeCert {
                source: "ingress-nginx default certificate (Kubernetes Ingress Controller Fake Certificate)".to_owned(),
                names: vec!["ingress.local".to_owned()],
                host_check: (!host.is_empty()).then(|| {
                    Err(format!(
                        "x509: certificate is valid for ingress.local, not {host}"
                    ))
                }),
            },
        )
    };
    let verify = note("nginx.ingress.kubernetes.io/proxy-ssl-verify").is_some_and(|v| v == "on");
    let check =
        (verify && matches!(upstream, Some(Upstream::Https1 | Upstream::Grpcs))).then(|| {
            let secret = note("nginx.ingress.kubernetes.io/proxy-ssl-secret").unwrap_or_default();
            let secret_name = secret.rsplit('/').next().unwrap_or_default().to_owned();
            let roots = ctx
                .install
                .secret(&secret_name)
                .and_then(|s| s.data.get("ca.crt"))
                .map(|pem| ctx.memo.pool_from_pem(pem))
                .unwrap_or_default();
            BackendCheck {
                // ingress-nginx proxies to `upstream_balancer`: that is the name
                // nginx checks unless proxy-ssl-name says otherwise.
                name: note("nginx.ingress.kubernetes.io/proxy-ssl-name")
                    .unwrap_or_else(|| "upstream_balancer".to_owned()),
                roots,
                source: format!("secret/{secret_name} ca.crt"),
                by_ip: false,
                system_roots: false,
                failure: None,
            }
        });
    let basis = if passthrough {
        EdgeBasis::Documented
    } else {
        EdgeBasis::Observed
    };
    (
        upstream,
        cert,
        check,
        basis,
        (502, "text/html"),
        "set `nginx.ingress.kubernetes.io/backend-protocol: HTTPS`",
    )
}

/// A browser's `http://` on port 80 (its `redirect_to_https`): `force-ssl-redirect: "true"`
/// redirects always, `ssl-redirect` (default true) when a TLS entry covers the host; the code is
/// `http-redirect-code`, 308 unless the controller's ConfigMap says otherwise. `None` under
/// `ssl-passthrough` (port 80 is not the way in then).
pub(super) fn plain_http(ingress: &Ingress, tls_entry: bool) -> Option<PlainHttp> {
    let note = |k: &str| note(ingress, k);
    if note("nginx.ingress.kubernetes.io/ssl-passthrough").is_some_and(|v| v == "true") {
        return None;
    }
    let force = note("nginx.ingress.kubernetes.io/force-ssl-redirect").is_some_and(|v| v == "true");
    let ssl_redirect =
        note("nginx.ingress.kubernetes.io/ssl-redirect").is_none_or(|v| v != "false");
    Some(if force || (ssl_redirect && tls_entry) {
        PlainHttp::Redirect(308)
    } else {
        PlainHttp::Proxied
    })
}
