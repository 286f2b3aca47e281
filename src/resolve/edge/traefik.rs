//! Traefik's own objects in front of argocd-server: `IngressRoute` (HTTP), `IngressRouteTCP` and
//! the `ServersTransport` a route's service names. Traefik cannot be run here, so every way in
//! made here is [`EdgeBasis::Documented`]; what it follows is Traefik's Kubernetes CRD provider as
//! documented (and as its `pkg/provider/kubernetes/crd` sources read, v3):
//!
//! - the scheme to the backend is the service's `scheme` (`http`, `https`, `h2c`), else `https`
//!   when the Service port is 443 or its name starts with `https`, else `http`
//!   (`parseServiceProtocol`);
//! - Traefik dials the Service's endpoints (pod IPs), so without `serverName` Go checks the
//!   certificate for an IP: `cannot validate certificate for <ip> because it doesn't contain any
//!   IP SANs` unless the certificate has IP SANs; the roots are the transport's `rootCAs` /
//!   `rootCAsSecrets` (`tls.ca`, else `ca.crt`), else the system roots; `insecureSkipVerify`
//!   skips the check;
//! - to an `https` backend Traefik offers ALPN `h2` and `http/1.1`; argocd-server prefers
//!   `http/1.1` (Go's server-preference ALPN), so the hop is HTTP/1.1 over TLS;
//! - a proxy error answers `statusText` as `text/plain; charset=utf-8`: 502 for a closed or reset
//!   connection, 500 for a certificate Traefik does not accept (`ComputeStatusCode`);
//! - `IngressRouteTCP` with `tls.passthrough: true` relays the client's TLS to argocd-server.

use super::{
    BackendCheck, EdgeCert, ServerView, Upstream, Way, secret_cert, server_cert, unseen_cert,
};
use crate::model::edge::{Edge, ServersTransport, TraefikRoute};
use crate::report::EdgeBasis;
use crate::resolve::Ctx;

/// Traefik's answer when it cannot reach argocd-server (EOF, reset): 502.
pub(super) const PROXY_ERROR: (u16, &str) = (502, "text/plain; charset=utf-8");
/// Traefik's answer when argocd-server's certificate fails its check: 500.
pub(super) const VERIFY_ERROR: (u16, &str) = (500, "text/plain; charset=utf-8");

/// Traefik's `parseServiceProtocol` on the route's `scheme` and the Service port (`port` as
/// written: a number or the port's name).
pub(super) fn scheme(written: Option<&str>, port: &str) -> Option<Upstream> {
    match written {
        Some("http") => Some(Upstream::Http1),
        Some("https") => Some(Upstream::Https1),
        Some("h2c") => Some(Upstream::H2c),
        Some(_) => None,
        None if port == "443" || port.starts_with("https") => Some(Upstream::Https1),
        None => Some(Upstream::Http1),
    }
}

/// How Traefik checks argocd-server's certificate through `transport` (`None`: Traefik's
/// default transport), or `None` when it skips the check.
pub(super) fn check(ctx: &Ctx<'_>, transport: Option<&ServersTransport>) -> Option<BackendCheck> {
    if transport.is_some_and(|t| t.insecure_skip_verify) {
        return None;
    }
    let mut roots = Vec::new();
    let mut sources = Vec::new();
    if let Some(t) = transport {
        let pick = |data: &std::collections::BTreeMap<String, String>| {
            data.get("tls.ca").or_else(|| data.get("ca.crt")).cloned()
        };
        for name in &t.root_ca_secrets {
            if let Some(pem) = ctx.install.secret(name).and_then(|s| pick(&s.data)) {
                roots.extend(ctx.memo.pool_from_pem(&pem));
            }
            sources.push(format!("secret/{name}"));
        }
        for name in &t.root_ca_config_maps {
            if let Some(pem) = ctx.install.config_map(name).and_then(|m| pick(&m.data)) {
                roots.extend(ctx.memo.pool_from_pem(&pem));
            }
            sources.push(format!("configmap/{name}"));
        }
    }
    let system = sources.is_empty();
    let server_name = transport.and_then(|t| t.server_name.clone());
    Some(BackendCheck {
        by_ip: server_name.is_none(),
        name: server_name.unwrap_or_else(|| "<pod IP>".to_owned()),
        roots,
        source: if system {
            "Traefik's system roots".to_owned()
        } else {
            format!(
                "ServersTransport/{} {}",
                transport.map_or("", |t| &t.name),
                sources.join(", ")
            )
        },
        system_roots: system,
        failure: Some(VERIFY_ERROR),
    })
}

/// The ways in of one `IngressRoute` or `IngressRouteTCP`.
pub(super) fn ways(
    ctx: &Ctx<'_>,
    edge: &Edge,
    route: &TraefikRoute,
    view: &ServerView<'_>,
) -> Vec<Way> {
    let url_host = ctx.install.external_host().unwrap_or_default();
    let mut hosts: Vec<String> = route
        .hosts
        .iter()
        .map(|h| {
            if h == "*" {
                url_host.clone()
            } else {
                h.clone()
            }
        })
        .collect();
    if hosts.is_empty() {
        hosts.push(url_host);
    }
    // Requests go to the gRPC-only route's service when they are gRPC, to the other one else.
    let grpc_service = route.services.iter().find(|s| s.grpc);
    let Some(service) = route.services.iter().find(|s| !s.grpc).or(grpc_service) else {
        return Vec::new();
    };
    let tcp = route.kind == "IngressRouteTCP";
    let mut out = Vec::new();
    for host in hosts {
        let mut notes = Vec::new();
        let transport = service
            .servers_transport
            .as_deref()
            .map(|n| n.rsplit('@').next_back().unwrap_or(n))
            .and_then(|n| {
                let found = edge.servers_transports.iter().find(|t| t.name == n);
                if found.is_none() {
                    notes.push(format!(
                        "ServersTransport {n} is not in the input: Traefik's default transport is assumed"
                    ));
                }
                found
            });
        let upstream = if tcp {
            if route.passthrough {
                Some(Upstream::Passthrough)
            } else {
                notes.push("a TCP route that terminates TLS relays each client's own bytes (HTTP/1.1 or HTTP/2 as the client negotiated with Traefik) in plaintext: not modelled".to_owned());
                None
            }
        } else {
            let up = scheme(service.scheme.as_deref(), &service.backend.port);
            if up.is_none() {
                notes.push(format!(
                    "scheme {:?} is not one Traefik accepts (http, https, h2c): Traefik drops the service",
                    service.scheme.as_deref().unwrap_or_default()
                ));
            }
            up
        };
        let grpc_upstream = grpc_service
            .filter(|_| !tcp)
            .and_then(|g| scheme(g.scheme.as_deref(), &g.backend.port));
        if let Some(g) = grpc_upstream {
            notes.push(format!(
                "gRPC requests (content-type application/grpc) take the gRPC route: {} to argocd-server",
                g.protocol()
            ));
        }
        let cert = if !route.tls {
            notes.push("no `tls` on the route: the client hop is plain HTTP unless the entry point itself has TLS (static configuration, not in the input)".to_owned());
            None
        } else if route.passthrough {
            Some(server_cert(view, &host))
        } else {
            Some(match &route.tls_secret_name {
                Some(secret) => secret_cert(ctx, secret, &host)
                    .unwrap_or_else(|| unseen_cert(secret, &mut notes)),
                None => EdgeCert {
                    source: "Traefik's default certificate (or a certResolver's)".to_owned(),
                    names: Vec::new(),
                    host_check: None,
                },
            })
        };
        let check = match upstream {
            Some(Upstream::Https1 | Upstream::Grpcs) => {
                let c = check(ctx, transport);
                match &c {
                    None => notes.push(format!(
                        "ServersTransport/{}: insecureSkipVerify, argocd-server's certificate is not checked",
                        transport.map_or("", |t| t.name.as_str())
                    )),
                    Some(c) if c.system_roots => notes.push(
                        "Traefik checks argocd-server's certificate against the system roots (a public CA only)".to_owned(),
                    ),
                    Some(_) => {}
                }
                c
            }
            _ => None,
        };
        notes.push("Traefik is not run here: the prediction follows Traefik's documented CRD provider behaviour".to_owned());
        out.push(Way {
            name: format!("{}/{}", route.kind, route.name),
            kind: if tcp { "IngressRouteTCP" } else { "IngressRoute" },
            controller: "traefik".to_owned(),
            basis: EdgeBasis::Documented,
            host,
            cert,
            upstream,
            grpc_upstream,
            plain_http: None,
            path: "/".to_owned(),
            browser_path: String::new(),
            check,
            proxy_error: PROXY_ERROR,
            tls_backend_fix: if tcp {
                "use `tls.passthrough: true` so that argocd-server terminates the client's TLS"
            } else {
                "set `scheme: https` on the service (with a ServersTransport that trusts argocd-server's CA, `serverName` set, or `insecureSkipVerify: true`)"
            },
            notes,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Traefik's `parseServiceProtocol`: the written scheme wins; else 443 or an `https*` port
    /// name means https.
    #[test]
    fn scheme_follows_the_port_unless_written() {
        assert_eq!(scheme(None, "443"), Some(Upstream::Https1));
        assert_eq!(scheme(None, "https"), Some(Upstream::Https1));
        assert_eq!(scheme(None, "80"), Some(Upstream::Http1));
        assert_eq!(scheme(None, "http"), Some(Upstream::Http1));
        assert_eq!(scheme(Some("http"), "443"), Some(Upstream::Http1));
        assert_eq!(scheme(Some("h2c"), "80"), Some(Upstream::H2c));
        assert_eq!(scheme(Some("grpc"), "80"), None);
    }
}
