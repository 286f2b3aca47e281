//! The way in (issue 15): every Ingress, Gateway route, OpenShift Route and exposed Service in
//! front of argocd-server becomes a [`WayInReport`] with its two hops — client → edge (which
//! certificate for which host) and edge → argocd-server (what the proxy speaks, whether it
//! verifies) — and what the browser, the `argocd` CLI (gRPC and `--grpc-web`) and API clients get.
//!
//! `server_side` holds what argocd-server and grpc-go do with a request (the Go fidelity part);
//! this module maps each controller's objects and annotations onto it. ingress-nginx (`nginx`:
//! its annotations) is the one controller run here (`tests/edge.rs`: Debian's nginx configured
//! the way ingress-nginx's `nginx.tmpl` configures each `backend-protocol`); Traefik is in
//! `traefik`, `play` plays the clients through a way in; the AWS Load Balancer Controller, GKE,
//! Traefik, Gateway API implementations and the OpenShift router follow their documentation and
//! are marked [`EdgeBasis::Documented`].

mod nginx;
mod play;
use play::play;
mod server_side;
mod traefik;

use crate::model::edge::{Edge, Ingress};
use crate::report::{
    ClientOutcome, ClientResult, EdgeBasis, EdgeHop, Outcome, Transport, Verification, WayInReport,
};
use crate::x509::parse::Certificate;
use crate::x509::verify::verify_hostname as go_verify_hostname;

/// Go's `VerifyHostname` with its error text.
fn verify_hostname(leaf: &Certificate, host: &str) -> Result<(), String> {
    go_verify_hostname(leaf, host).map_err(|e| e.to_string())
}

use super::{Ctx, Resolved, Served, code};
use server_side::{Answer, Request, Upstream, answer, grpc_not_grpc_error, status_text};

/// argocd-server as the edge meets it.
struct ServerView<'r> {
    starts: bool,
    tls: bool,
    served: Option<&'r Served>,
    /// `--rootpath` without its slashes (`""`: none): the HTTP handler serves only
    /// `/<root>/…` (`withRootPath`, `server/server.go` v3.5.1: a `ServeMux` with
    /// `StripPrefix`; `/<root>` is redirected 301 to `/<root>/`, anything else is the
    /// `ServeMux`'s 404).
    root: String,
    /// The status of `ServeMux`'s redirect from `/<root>` to `/<root>/`: 307 when argocd-server
    /// is built with Go 1.26 or later, 301 before (Go issue 77741; the Go harness observes 307
    /// with Go 1.27).
    slash_redirect: u16,
    /// The page's `<base href>` without its slashes: `--rootpath` when set (argocd-server's
    /// command replaces `--basehref` with it), else `--basehref`.
    base: String,
}

/// How the edge checks argocd-server's certificate on a TLS hop.
struct BackendCheck {
    /// The name checked.
    name: String,
    /// The CA certificates trusted (empty: none in the input).
    roots: Vec<Certificate>,
    /// The object holding them, for notes.
    source: String,
    /// The edge dials the pod IP and checks the certificate for it (Traefik without
    /// `serverName`): `name` is a placeholder.
    by_ip: bool,
    /// The roots are the edge's system roots (none of the input's CAs is one).
    system_roots: bool,
    /// The proxy's answer when the check fails (`None`: the way's `proxy_error`).
    failure: Option<(u16, &'static str)>,
}

/// The certificate a client receives at the edge.
struct EdgeCert {
    source: String,
    names: Vec<String>,
    /// Go's verdict on the host name (`None`: not known).
    host_check: Option<Result<(), String>>,
}

/// What the edge does with a browser's plain `http://` request on port 80, where it is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PlainHttp {
    /// Redirects to `https://<host><uri>` with this status (ingress-nginx `ssl-redirect` /
    /// `force-ssl-redirect`: 308; OpenShift `insecureEdgeTerminationPolicy: Redirect`: 302).
    Redirect(u16),
    /// Proxies it to argocd-server the way it proxies HTTPS.
    Proxied,
    /// Answers with its own error (OpenShift with no insecure policy: 503).
    Refused(u16),
}

/// One way in, before the clients are played through it.
struct Way {
    name: String,
    kind: &'static str,
    controller: String,
    basis: EdgeBasis,
    host: String,
    /// `None`: the client hop is plaintext HTTP.
    cert: Option<EdgeCert>,
    /// `None`: what the controller does is not known.
    upstream: Option<Upstream>,
    /// What the edge speaks for the CLI's gRPC when a route of its own carries it (Traefik's
    /// `` Header(`Content-Type`, `application/grpc`) `` rule); `None`: `upstream`.
    grpc_upstream: Option<Upstream>,
    /// A browser's `http://` on port 80 (`None`: not known, or the client hop is already plain).
    plain_http: Option<PlainHttp>,
    /// The path prefix the edge routes to argocd-server (`/`: every path); other paths get the
    /// edge's own 404 (ingress-nginx: its default backend, `text/html`).
    path: String,
    /// The path the browser opens: argocd-cm's `url` path when its host is this way's, else
    /// `path`.
    browser_path: String,
    check: Option<BackendCheck>,
    /// The proxy's own error answer: status and content-type.
    proxy_error: (u16, &'static str),
    /// How to fix a redirect loop at this edge.
    tls_backend_fix: &'static str,
    notes: Vec<String>,
}

/// The ways in of the installation, with their findings pushed to `ctx`.
pub(super) fn resolve_edge(ctx: &mut Ctx<'_>, resolved: &[Resolved<'_>]) -> Vec<WayInReport> {
    let edge = &ctx.install.edge;
    let Some(server) = resolved
        .iter()
        .find(|r| r.component == crate::model::Component::Server && r.files.is_some())
    else {
        return Vec::new();
    };
    let view = ServerView {
        starts: server.starts,
        tls: server.tls.is_some(),
        served: server.tls.as_ref().map(|t| &t.served),
        root: server
            .settings
            .get(super::Knob::RootPath)
            .trim_matches('/')
            .to_owned(),
        base: {
            let root = server.settings.get(super::Knob::RootPath).trim_matches('/');
            if root.is_empty() {
                server.settings.get(super::Knob::BaseHref).trim_matches('/')
            } else {
                root
            }
            .to_owned()
        },
        slash_redirect: if ctx.version.go_minor() >= 26 {
            307
        } else {
            301
        },
    };
    let mut ways = Vec::new();
    for ingress in &edge.ingresses {
        ways.extend(ingress_ways(ctx, edge, ingress, &view));
    }
    ways.extend(gateway_ways(ctx, edge, &view));
    ways.extend(openshift_ways(ctx, edge, &view));
    for route in &edge.traefik_routes {
        ways.extend(traefik::ways(ctx, edge, route, &view));
    }
    // A way in that names no host is dialled by argocd-cm's `url` host, if it has one.
    let url_host = ctx.install.external_host().unwrap_or_default();
    for service in &edge.services {
        let terminates = service
            .annotations
            .contains_key("service.beta.kubernetes.io/aws-load-balancer-ssl-cert");
        let backend = service
            .annotations
            .get("service.beta.kubernetes.io/aws-load-balancer-backend-protocol")
            .map(|p| p.to_ascii_lowercase());
        let upstream = if !terminates {
            Upstream::Passthrough
        } else if matches!(backend.as_deref(), Some("ssl" | "https")) {
            Upstream::Https1
        } else {
            Upstream::Http1
        };
        ways.push(Way {
            name: format!("Service/{}", service.name),
            kind: "Service",
            controller: if terminates {
                "aws-load-balancer".to_owned()
            } else {
                "load-balancer".to_owned()
            },
            basis: if terminates {
                EdgeBasis::Documented
            } else {
                EdgeBasis::Observed
            },
            host: url_host.clone(),
            cert: Some(if terminates {
                EdgeCert {
                    source: "ACM certificate (aws-load-balancer-ssl-cert)".to_owned(),
                    names: Vec::new(),
                    host_check: None,
                }
            } else {
                server_cert(&view, &url_host)
            }),
            upstream: Some(upstream),
            grpc_upstream: None,
            plain_http: None,
            path: "/".to_owned(),
            browser_path: String::new(),
            check: None,
            proxy_error: (503, "text/html"),
            tls_backend_fix: "set `service.beta.kubernetes.io/aws-load-balancer-backend-protocol: ssl`",
            notes: vec![format!(
                "{} Service: clients reach argocd-server's port directly{}",
                service.service_type,
                if terminates {
                    " through the load balancer's TLS listener"
                } else {
                    " (TCP): they meet argocd-server's own TLS"
                }
            )],
        });
    }
    // The browser opens argocd-cm's `url` when it names this host (its path, e.g. `/argocd`
    // with `--rootpath`), else the way's own path.
    let (url_host, url_path) = (ctx.install.external_host(), external_path(ctx));
    ways.into_iter()
        .map(|mut w| {
            w.browser_path = match (&url_host, &url_path) {
                (Some(h), Some(p)) if w.host.eq_ignore_ascii_case(h) || w.host.is_empty() => {
                    p.clone()
                }
                _ => w.path.clone(),
            };
            play(ctx, w, &view)
        })
        .collect()
}

/// The path of argocd-cm's `url` (`/` when it has none), if it has a url.
fn external_path(ctx: &Ctx<'_>) -> Option<String> {
    let url = ctx.install.config_map("argocd-cm")?.data.get("url")?.trim();
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    Some(if path.is_empty() { "/" } else { path }.to_owned())
}

/// The controller of an Ingress: stated by the user for its class, else the class's well-known
/// default name, else the annotations' prefix.
fn ingress_controller(edge: &Edge, ingress: &Ingress) -> Option<String> {
    if let Some(c) = ingress
        .class_name
        .as_deref()
        .and_then(|c| edge.ingress_controllers.get(c))
    {
        return Some(c.clone());
    }
    let by_class = match ingress.class_name.as_deref() {
        Some("nginx") => Some("ingress-nginx"),
        Some("alb") => Some("aws-load-balancer-controller"),
        Some("gce" | "gce-internal") => Some("gce"),
        Some("traefik") => Some("traefik"),
        _ => None,
    };
    let by_annotation = || {
        let has = |p: &str| ingress.annotations.keys().any(|k| k.starts_with(p));
        if has("nginx.ingress.kubernetes.io/") {
            Some("ingress-nginx")
        } else if has("alb.ingress.kubernetes.io/") {
            Some("aws-load-balancer-controller")
        } else if has("traefik.ingress.kubernetes.io/") {
            Some("traefik")
        } else {
            None
        }
    };
    by_class.or_else(by_annotation).map(str::to_owned)
}

/// The certificate argocd-server itself serves (passthrough, L4), checked for `host`.
fn server_cert(view: &ServerView<'_>, host: &str) -> EdgeCert {
    let source = "argocd-server's own (passthrough)".to_owned();
    match view.served {
        Some(Served::Loaded {
            chain, source: s, ..
        }) => {
            let leaf = chain.leaf();
            EdgeCert {
                source: format!("argocd-server's own, {s} (passthrough)"),
                names: leaf.map(|l| l.dns_names.clone()).unwrap_or_default(),
                host_check: leaf
                    .filter(|_| !host.is_empty())
                    .map(|l| verify_hostname(l, host)),
            }
        }
        Some(Served::Generated { hosts, .. }) => EdgeCert {
            source: "argocd-server's self-signed (passthrough)".to_owned(),
            names: hosts.clone(),
            host_check: (!host.is_empty()).then(|| {
                if hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
                    // Valid for the name, signed by nobody the client trusts.
                    Err("x509: certificate signed by unknown authority".to_owned())
                } else {
                    Err(format!(
                        "x509: certificate is valid for {}, not {host}",
                        hosts.join(", ")
                    ))
                }
            }),
        },
        None => EdgeCert {
            source,
            names: Vec::new(),
            host_check: None,
        },
    }
}

/// The certificate in Secret `name` (its `tls.crt`), checked for `host`; `None` when the Secret
/// is not in the input.
fn secret_cert(ctx: &Ctx<'_>, name: &str, host: &str) -> Option<EdgeCert> {
    let pem = ctx.install.secret(name)?.data.get("tls.crt")?;
    let pool = ctx.memo.pool_from_pem(pem);
    let leaf = pool.first()?;
    Some(EdgeCert {
        source: format!("secret/{name}"),
        names: leaf.dns_names.clone(),
        host_check: (!host.is_empty()).then(|| verify_hostname(leaf, host)),
    })
}

/// A certificate named by an object but not in the input.
fn unseen_cert(name: &str, notes: &mut Vec<String>) -> EdgeCert {
    notes.push(format!(
        "Secret {name} is not in the input: the certificate served is not checked"
    ));
    EdgeCert {
        source: format!("secret/{name}"),
        names: Vec::new(),
        host_check: None,
    }
}

fn ingress_ways(
    ctx: &mut Ctx<'_>,
    edge: &Edge,
    ingress: &Ingress,
    view: &ServerView<'_>,
) -> Vec<Way> {
    let name = format!("Ingress/{}", ingress.name);
    let controller = ingress_controller(edge, ingress);
    let note = |k: &str| ingress.annotations.get(k).map(|v| v.trim().to_owned());
    let mut out = Vec::new();
    let url_host = ctx.install.external_host().unwrap_or_default();
    for host in &ingress.hosts {
        let host = if host.is_empty() { &url_host } else { host };
        let mut notes = Vec::new();
        let tls_entry = ingress
            .tls
            .iter()
            .find(|t| t.hosts.iter().any(|h| h == host) || (t.hosts.is_empty() && host.is_empty()));
        let tls_secret = tls_entry.and_then(|t| t.secret_name.clone());
        let found = tls_secret.as_deref().map(|s| secret_cert(ctx, s, host));
        let terminated_cert =
            |notes: &mut Vec<String>, default: EdgeCert| match (&tls_secret, found) {
                (Some(secret), Some(None)) => unseen_cert(secret, notes),
                (_, Some(Some(cert))) => cert,
                _ => default,
            };
        let (upstream, cert, check, basis, proxy_error, fix) = match controller.as_deref() {
            Some("ingress-nginx") => {
                nginx::hop(ctx, ingress, host, view, &mut notes, terminated_cert)
            }
            Some("aws-load-balancer-controller") => {
                let https = note("alb.ingress.kubernetes.io/backend-protocol")
                    .is_some_and(|p| p.eq_ignore_ascii_case("HTTPS"));
                let version = note("alb.ingress.kubernetes.io/backend-protocol-version")
                    .map(|v| v.to_ascii_uppercase())
                    .unwrap_or_else(|| "HTTP1".to_owned());
                let upstream = match (https, version.as_str()) {
                    (false, "HTTP1") => Upstream::Http1,
                    (true, "HTTP1") => Upstream::Https1,
                    (false, _) => Upstream::H2c,
                    (true, _) => Upstream::Grpcs,
                };
                notes.push("the ALB's certificate comes from ACM (certificate-arn or discovery): not in the input".to_owned());
                (
                    Some(upstream),
                    EdgeCert {
                        source: "ACM certificate".to_owned(),
                        names: Vec::new(),
                        host_check: None,
                    },
                    None,
                    EdgeBasis::Documented,
                    (502, "text/html"),
                    "set `alb.ingress.kubernetes.io/backend-protocol: HTTPS`",
                )
            }
            Some("gce") => {
                notes.push("GKE Ingress speaks HTTP/1.1 to the backend unless the Service's `cloud.google.com/app-protocols` says HTTPS or HTTP2 (not read)".to_owned());
                let cert = terminated_cert(
                    &mut notes,
                    EdgeCert {
                        source: "GKE pre-shared or managed certificate".to_owned(),
                        names: Vec::new(),
                        host_check: None,
                    },
                );
                (
                    Some(Upstream::Http1),
                    cert,
                    None,
                    EdgeBasis::Documented,
                    (502, "text/html"),
                    "set `cloud.google.com/app-protocols: '{\"https\":\"HTTPS\"}'` on the argocd-server Service",
                )
            }
            Some("traefik") => {
                // Traefik's Ingress provider reads the scheme from the port as for an
                // IngressRoute (the Service's own `traefik.ingress.kubernetes.io/service.*`
                // annotations are not read).
                let port = ingress.backends.first().map_or("", |b| b.port.as_str());
                let upstream = traefik::scheme(None, port);
                let cert = terminated_cert(
                    &mut notes,
                    EdgeCert {
                        source: "Traefik default certificate".to_owned(),
                        names: Vec::new(),
                        host_check: None,
                    },
                );
                let check = (upstream == Some(Upstream::Https1))
                    .then(|| traefik::check(ctx, None))
                    .flatten();
                if check.is_some() {
                    notes.push("Traefik verifies HTTPS backends (system roots, the pod IP as the name) unless a serversTransport skips it".to_owned());
                }
                (
                    upstream,
                    cert,
                    check,
                    EdgeBasis::Documented,
                    traefik::PROXY_ERROR,
                    "route to the Service's `https` port",
                )
            }
            _ => {
                ctx.push(code::edge_controller_unknown(
                    &name,
                    ingress.class_name.as_deref(),
                ));
                (
                    None,
                    terminated_cert(
                        &mut notes,
                        EdgeCert {
                            source: "the controller's default certificate".to_owned(),
                            names: Vec::new(),
                            host_check: None,
                        },
                    ),
                    None,
                    EdgeBasis::Unknown,
                    (502, "text/html"),
                    "make the controller speak TLS to argocd-server",
                )
            }
        };
        if note("nginx.ingress.kubernetes.io/rewrite-target").is_some() {
            notes.push("rewrite-target is not modelled: the paths below assume the request path reaches argocd-server unchanged".to_owned());
        }
        let plain_http = (controller.as_deref() == Some("ingress-nginx"))
            .then(|| nginx::plain_http(ingress, tls_entry.is_some()))
            .flatten();
        out.push(Way {
            name: name.clone(),
            kind: "Ingress",
            controller: controller.clone().unwrap_or_else(|| "unknown".to_owned()),
            basis,
            host: host.clone(),
            cert: Some(cert),
            upstream,
            grpc_upstream: None,
            plain_http,
            path: ingress
                .paths
                .first()
                .cloned()
                .unwrap_or_else(|| "/".to_owned()),
            browser_path: String::new(),
            check,
            proxy_error,
            tls_backend_fix: fix,
            notes,
        });
    }
    out
}

fn gateway_ways(ctx: &Ctx<'_>, edge: &Edge, view: &ServerView<'_>) -> Vec<Way> {
    let mut out = Vec::new();
    let policy = edge.backend_tls_policies.iter().find(|p| {
        p.target_services
            .iter()
            .any(|t| crate::model::manifest::is_server_service(t))
    });
    for route in &edge.routes {
        for parent in &route.parent_refs {
            let Some(gateway) = edge.gateways.iter().find(|g| g.name == parent.name) else {
                continue;
            };
            for listener in gateway
                .listeners
                .iter()
                .filter(|l| parent.section_name.as_deref().is_none_or(|s| s == l.name))
            {
                let mut notes = Vec::new();
                let host = route
                    .hostnames
                    .first()
                    .cloned()
                    .or_else(|| listener.hostname.clone())
                    .unwrap_or_default();
                let passthrough = listener.tls_mode.as_deref() == Some("Passthrough");
                let upstream = match (route.kind.as_str(), passthrough) {
                    ("TLSRoute", true) => Upstream::Passthrough,
                    ("TLSRoute", false) => continue,
                    ("GRPCRoute", _) => {
                        if policy.is_some() {
                            Upstream::Grpcs
                        } else {
                            Upstream::H2c
                        }
                    }
                    _ => {
                        if policy.is_some() {
                            Upstream::Https1
                        } else {
                            Upstream::Http1
                        }
                    }
                };
                let cert = match listener.protocol.as_str() {
                    "HTTP" => None,
                    _ if passthrough => Some(server_cert(view, &host)),
                    _ => Some(match listener.certificate_refs.first() {
                        Some(secret) => secret_cert(ctx, secret, &host)
                            .unwrap_or_else(|| unseen_cert(secret, &mut notes)),
                        None => EdgeCert {
                            source: "no certificateRefs".to_owned(),
                            names: Vec::new(),
                            host_check: None,
                        },
                    }),
                };
                let check = policy
                    .filter(|_| upstream != Upstream::Passthrough)
                    .map(|p| {
                        let roots = p
                            .ca_certificate_refs
                            .iter()
                            .filter_map(|c| {
                                ctx.install
                                    .config_map(c)
                                    .and_then(|m| m.data.get("ca.crt"))
                                    .or_else(|| ctx.install.secret(c)?.data.get("ca.crt"))
                            })
                            .flat_map(|pem| ctx.memo.pool_from_pem(pem))
                            .collect::<Vec<_>>();
                        // Gateway API: a reference that does not resolve fails every
                        // connection with a 5xx (`InvalidCACertificateRef`); one that is not in
                        // the input is not decided here.
                        if roots.is_empty() && !p.ca_certificate_refs.is_empty() {
                            notes.push(format!(
                                "BackendTLSPolicy/{}: no ca.crt in {} in the input: the Gateway's check is not decided (a missing reference makes it answer 5xx)",
                                p.name,
                                p.ca_certificate_refs.join(", ")
                            ));
                        }
                        BackendCheck {
                            name: p.hostname.clone(),
                            roots,
                            source: format!("BackendTLSPolicy/{}", p.name),
                            by_ip: false,
                            // `wellKnownCACertificates: System`: only the name is decidable.
                            system_roots: p.well_known_ca_certificates.is_some(),
                            failure: None,
                        }
                    });
                out.push(Way {
                    name: format!("Gateway/{} + {}/{}", gateway.name, route.kind, route.name),
                    kind: "Gateway",
                    controller: format!("gateway-api ({})", gateway.class_name),
                    basis: EdgeBasis::Documented,
                    host,
                    cert,
                    upstream: Some(upstream),
                    grpc_upstream: None,
                    plain_http: None,
                    path: "/".to_owned(),
                    browser_path: String::new(),
                    check,
                    proxy_error: (503, "text/plain"),
                    tls_backend_fix: "add a BackendTLSPolicy for the argocd-server Service",
                    notes,
                });
            }
        }
    }
    out
}

fn openshift_ways(ctx: &Ctx<'_>, edge: &Edge, view: &ServerView<'_>) -> Vec<Way> {
    let mut out = Vec::new();
    for route in &edge.openshift_routes {
        let mut notes = Vec::new();
        let termination = route.termination.as_deref();
        let upstream = match termination {
            Some("passthrough") => Upstream::Passthrough,
            Some("reencrypt") => Upstream::Https1,
            _ => Upstream::Http1,
        };
        let cert = match termination {
            None => None,
            Some("passthrough") => Some(server_cert(view, &route.host)),
            Some(_) => Some(EdgeCert {
                source: if route.has_certificate {
                    format!("Route/{} spec.tls.certificate", route.name)
                } else {
                    "the router's default (wildcard) certificate".to_owned()
                },
                names: Vec::new(),
                host_check: None,
            }),
        };
        let check = (termination == Some("reencrypt")).then(|| {
            let roots = route
                .destination_ca_certificate
                .as_deref()
                .map(|pem| ctx.memo.pool_from_pem(pem))
                .unwrap_or_default();
            if roots.is_empty() {
                notes.push(
                    "no destinationCACertificate: the router trusts the cluster's service CA"
                        .to_owned(),
                );
            }
            BackendCheck {
                name: format!("argocd-server.{}.svc", ctx.namespace),
                roots,
                source: format!("Route/{} destinationCACertificate", route.name),
                by_ip: false,
                system_roots: false,
                failure: None,
            }
        });
        out.push(Way {
            name: format!("Route/{}", route.name),
            kind: "Route",
            controller: "openshift-router".to_owned(),
            basis: EdgeBasis::Documented,
            host: route.host.clone(),
            cert,
            upstream: Some(upstream),
            grpc_upstream: None,
            // The router on port 80 (documented): `Redirect` answers 302 to https://, `Allow`
            // (edge and reencrypt only) serves the route over HTTP, `None` (the default) has no
            // HTTP route: the router's 503 page.
            plain_http: termination.map(|t| {
                match route.insecure_edge_termination_policy.as_deref() {
                    Some("Redirect") => PlainHttp::Redirect(302),
                    Some("Allow") if t != "passthrough" => PlainHttp::Proxied,
                    _ => PlainHttp::Refused(503),
                }
            }),
            path: "/".to_owned(),
            browser_path: String::new(),
            check,
            proxy_error: (503, "text/html"),
            tls_backend_fix: "use `termination: reencrypt` or `passthrough`",
            notes,
        });
    }
    out
}

/// The edge's check of argocd-server's certificate: `None` when it passes (or is not known).
fn backend_verify_error(
    ctx: &Ctx<'_>,
    check: &BackendCheck,
    view: &ServerView<'_>,
) -> Option<String> {
    // Go's `Verify` checks the name before the chain: for an IP, the IP SANs.
    let no_ip_sans = || {
        format!(
            "x509: cannot validate certificate for {} because it doesn't contain any IP SANs",
            check.name
        )
    };
    match view.served? {
        Served::Generated { .. } if check.by_ip => Some(no_ip_sans()),
        Served::Generated { hosts, .. } => Some(if hosts.contains(&check.name) {
            "x509: certificate signed by unknown authority".to_owned()
        } else {
            format!(
                "x509: certificate is valid for {}, not {}",
                hosts.join(", "),
                check.name
            )
        }),
        Served::Loaded { chain, .. } => {
            let leaf = chain.leaf()?;
            if check.by_ip {
                // The pod's IP is not known: only a certificate without IP SANs is sure to fail.
                return leaf.ip_addresses.is_empty().then(no_ip_sans);
            }
            if check.roots.is_empty() {
                // System roots: the name decides what can be known here.
                return if check.system_roots {
                    verify_hostname(leaf, &check.name).err()
                } else {
                    None
                };
            }
            let intermediates = chain.certs.get(1..).unwrap_or_default();
            ctx.memo
                .verify_kind(
                    leaf,
                    intermediates,
                    &check.roots,
                    &check.name,
                    ctx.now,
                    false,
                )
                .err()
                .map(|(_, text)| text)
        }
    }
}
