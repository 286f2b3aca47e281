//! Each client played through a way in: the two hops, what the browser, the CLI and API clients
//! get, and the findings.

use super::*;

/// Plays each client through a way in and records the findings.
pub(super) fn play(ctx: &mut Ctx<'_>, way: Way, view: &ServerView<'_>) -> WayInReport {
    let name = way.name.clone();
    let cert_error = way
        .cert
        .as_ref()
        .and_then(|c| c.host_check.clone())
        .and_then(Result::err);
    if let (Some(e), Some(c)) = (&cert_error, &way.cert) {
        ctx.push(code::edge_certificate_host(&name, &way.host, &c.source, e));
    }
    let verify_error = way
        .check
        .as_ref()
        .filter(|_| view.tls && view.starts)
        .and_then(|c| backend_verify_error(ctx, c, view));
    let mut clients = Vec::new();
    if let Some(upstream) = way.upstream {
        // A route for `content-type: application/grpc` (Traefik) carries the CLI's gRPC apart.
        let grpc_upstream = way.grpc_upstream.unwrap_or(upstream);
        if view.starts {
            let mut hops = vec![upstream];
            if grpc_upstream != upstream {
                hops.push(grpc_upstream);
            }
            for hop in hops {
                match (hop, view.tls) {
                    (Upstream::Http1, true) => {
                        ctx.push(code::edge_redirect_loop(&name, way.tls_backend_fix));
                    }
                    (Upstream::Https1 | Upstream::Grpcs | Upstream::Passthrough, false) => {
                        ctx.push(code::edge_tls_to_insecure(&name, hop.protocol()));
                    }
                    (Upstream::H2c, true) => ctx.push(code::edge_h2c_to_tls(&name)),
                    _ => {}
                }
            }
            if let Some(e) = &verify_error {
                let checked = way.check.as_ref().map_or("", |c| c.name.as_str());
                ctx.push(code::edge_backend_verify_fails(&name, checked, e));
            } else if way.check.is_none()
                && view.tls
                && matches!(upstream, Upstream::Https1 | Upstream::Grpcs)
            {
                ctx.push(code::edge_backend_unverified(&name));
            }
            if verify_error.is_none() {
                if answer(grpc_upstream, view.tls, Request::Grpc) == Answer::NotFound {
                    let e = grpc_not_grpc_error(404, Some("text/plain; charset=utf-8"));
                    ctx.push(code::edge_grpc_not_carried(&name, &e));
                }
                if answer(grpc_upstream, view.tls, Request::Grpc) == Answer::Serves
                    && answer(upstream, view.tls, Request::Browser) == Answer::Closed
                {
                    ctx.push(code::edge_ui_not_carried(&name));
                }
            }
        }
        for (client, request) in [
            ("browser", Request::Browser),
            ("argocd-cli", Request::Grpc),
            ("argocd-cli --grpc-web", Request::GrpcWeb),
            ("api-client", Request::Browser),
            ("argocd-cli --insecure", Request::Grpc),
        ] {
            // `--insecure` skips the certificate check (InsecureSkipVerify): what else fails.
            let skip = client.ends_with("--insecure");
            clients.push(client_outcome(
                client,
                request,
                &way,
                if request == Request::Grpc {
                    grpc_upstream
                } else {
                    upstream
                },
                view,
                cert_error.as_deref().filter(|_| !skip),
                verify_error.is_some(),
            ));
        }
        if let (Some(policy), Some(_)) = (way.plain_http, &way.cert) {
            let https = clients[0].clone();
            clients.push(plain_http_browser(
                policy,
                &way,
                upstream,
                view,
                verify_error.is_some(),
                https,
            ));
        }
    } else {
        for client in [
            "browser",
            "argocd-cli",
            "argocd-cli --grpc-web",
            "api-client",
            "argocd-cli --insecure",
        ] {
            clients.push(ClientOutcome {
                client: client.to_owned(),
                outcome: Outcome::Unknown,
                result: ClientResult::Unknown,
                statuses: Vec::new(),
                error: None,
                fix: Some(
                    if way.kind == "Ingress" {
                        "state the Ingress controller for this class"
                    } else {
                        way.tls_backend_fix
                    }
                    .to_owned(),
                ),
            });
        }
    }
    let (transport, verification) = if way.cert.is_some() {
        (Transport::Tls, Verification::Verify)
    } else {
        (Transport::Plaintext, Verification::None)
    };
    let client_hop = EdgeHop {
        protocol: if way.cert.is_some() { "https" } else { "http" }.to_owned(),
        transport,
        verification,
        certificate: way.cert.as_ref().map(|c| c.source.clone()),
        certificate_names: way
            .cert
            .as_ref()
            .map(|c| c.names.clone())
            .unwrap_or_default(),
        covers_host: way
            .cert
            .as_ref()
            .and_then(|c| c.host_check.as_ref())
            .map(|r| r.is_ok() || r.as_ref().is_err_and(|e| e.contains("unknown authority"))),
        error: cert_error.clone(),
    };
    let backend_hop = way.upstream.map(|u| EdgeHop {
        protocol: u.protocol().to_owned(),
        transport: if u.tls() {
            Transport::Tls
        } else {
            Transport::Plaintext
        },
        verification: if !u.tls() {
            Verification::None
        } else if way.check.is_some() || u == Upstream::Passthrough {
            Verification::Verify
        } else {
            Verification::SkipVerify
        },
        certificate: if u.tls() {
            view.served.map(|s| match s {
                Served::Loaded { source, .. } => source.clone(),
                Served::Generated { .. } => "self-signed".to_owned(),
            })
        } else {
            None
        },
        certificate_names: Vec::new(),
        covers_host: None,
        error: verify_error.clone(),
    });
    let mut notes = way.notes;
    if let Some(c) = &way.check {
        notes.push(format!(
            "the edge verifies argocd-server's certificate against {} for {:?}",
            c.source, c.name
        ));
    }
    WayInReport {
        name: way.name,
        kind: way.kind.to_owned(),
        controller: way.controller,
        basis: way.basis,
        host: way.host,
        client_hop,
        backend_hop,
        clients,
        notes,
    }
}

fn client_outcome(
    client: &str,
    request: Request,
    way: &Way,
    upstream: Upstream,
    view: &ServerView<'_>,
    cert_error: Option<&str>,
    verify_fails: bool,
) -> ClientOutcome {
    // Every client but the browser is a Go-like HTTP client whose error is Go's text.
    let cli = client != "browser";
    let fails = |result, statuses: Vec<u16>, error: String, fix: &str| ClientOutcome {
        client: client.to_owned(),
        outcome: Outcome::Fails,
        result,
        statuses,
        error: Some(error),
        fix: Some(fix.to_owned()),
    };
    if let Some(e) = cert_error {
        let text = if request == Request::Grpc {
            format!(
                "rpc error: code = Unavailable desc = connection error: desc = \"transport: authentication handshake failed: tls: failed to verify certificate: {e}\""
            )
        } else if cli {
            format!("tls: failed to verify certificate: {e}")
        } else {
            "NET::ERR_CERT_COMMON_NAME_INVALID (or ERR_CERT_AUTHORITY_INVALID)".to_owned()
        };
        return fails(
            ClientResult::CertificateError,
            Vec::new(),
            text,
            "serve a certificate valid for the host (or `argocd login --insecure` to skip the check)",
        );
    }
    let (perr, ptype) = way.proxy_error;
    let proxy_fails = |fix: &str| {
        let text = match request {
            Request::Grpc => grpc_not_grpc_error(perr, Some(ptype)),
            _ => format!("{perr} {}", status_text(perr)),
        };
        fails(ClientResult::BadGateway, vec![perr], text, fix)
    };
    if !view.starts {
        return proxy_fails("make argocd-server start (see its startup finding)");
    }
    if verify_fails {
        // The proxy's answer for a failed check may differ from its answer for a closed one.
        let (status, content_type) = way
            .check
            .as_ref()
            .and_then(|c| c.failure)
            .unwrap_or(way.proxy_error);
        let text = match request {
            Request::Grpc => grpc_not_grpc_error(status, Some(content_type)),
            _ => format!("{status} {}", status_text(status)),
        };
        return fails(
            ClientResult::BadGateway,
            vec![status],
            text,
            "give argocd-server a certificate the edge verifies",
        );
    }
    match answer(upstream, view.tls, request) {
        Answer::Serves => ClientOutcome {
            client: client.to_owned(),
            outcome: Outcome::Ok,
            result: ClientResult::Works,
            statuses: vec![200],
            error: None,
            fix: None,
        },
        Answer::Redirect307 => {
            let fix = "set `server.insecure: \"true\"` in argocd-cmd-params-cm, or make the edge speak HTTPS to argocd-server";
            match (client, request) {
                ("api-client", _) => fails(
                    ClientResult::RedirectLoop,
                    vec![307],
                    "307 Temporary Redirect to the same https:// URL".to_owned(),
                    fix,
                ),
                (_, Request::Browser) => fails(
                    ClientResult::RedirectLoop,
                    vec![307; 21],
                    "ERR_TOO_MANY_REDIRECTS".to_owned(),
                    fix,
                ),
                (_, Request::Grpc) => fails(
                    ClientResult::NotGrpc,
                    vec![307],
                    grpc_not_grpc_error(307, None),
                    fix,
                ),
                (_, Request::GrpcWeb) => fails(
                    ClientResult::RedirectLoop,
                    vec![307; 10],
                    "stopped after 10 redirects".to_owned(),
                    fix,
                ),
            }
        }
        Answer::NotFound => fails(
            ClientResult::NotGrpc,
            vec![404],
            grpc_not_grpc_error(404, Some("text/plain; charset=utf-8")),
            "use `--grpc-web`, or a way in that carries gRPC to argocd-server",
        ),
        Answer::Closed if upstream == Upstream::Passthrough => fails(
            ClientResult::ConnectionClosed,
            Vec::new(),
            if request == Request::Grpc {
                "rpc error: code = Unavailable desc = connection error: desc = \"transport: authentication handshake failed: EOF\"".to_owned()
            } else if cli {
                "EOF".to_owned()
            } else {
                "ERR_CONNECTION_CLOSED".to_owned()
            },
            "remove `server.insecure` so that argocd-server terminates the TLS passed through",
        ),
        Answer::Closed => proxy_fails(if view.tls == upstream.tls() {
            "serve the UI through an HTTP way in (`backend-protocol: HTTP`/`HTTPS`); keep gRPC for the CLI host"
        } else {
            "make the edge's backend protocol match argocd-server's TLS (`--insecure` ↔ HTTP/GRPC, TLS ↔ HTTPS/GRPCS)"
        }),
    }
}

/// Chromium follows 20 redirects and fails on the 21st response that redirects again.
const BROWSER_REDIRECTS: usize = 21;

/// The browser typing `http://<host>/`: the edge's port-80 answer, then (after a redirect to
/// `https://`) what the browser gets there (`https`).
fn plain_http_browser(
    policy: PlainHttp,
    way: &Way,
    upstream: Upstream,
    view: &ServerView<'_>,
    verify_fails: bool,
    https: ClientOutcome,
) -> ClientOutcome {
    let client = "browser http://".to_owned();
    // A redirect to https:// with `first`, then the https outcome, as one chain.
    let then_https = |first: u16| {
        let mut statuses = vec![first];
        statuses.extend(https.statuses.iter().copied());
        statuses.truncate(BROWSER_REDIRECTS);
        ClientOutcome {
            client: client.clone(),
            statuses,
            ..https.clone()
        }
    };
    match policy {
        PlainHttp::Redirect(code) => then_https(code),
        PlainHttp::Refused(code) => ClientOutcome {
            client,
            outcome: Outcome::Fails,
            result: ClientResult::BadGateway,
            statuses: vec![code],
            error: Some(format!("{code} {}", status_text(code))),
            fix: Some("open https:// (the edge serves this host on HTTPS only), or let it redirect port 80".to_owned()),
        },
        PlainHttp::Proxied => {
            let served = client_outcome(
                "browser",
                Request::Browser,
                way,
                upstream,
                view,
                None,
                verify_fails,
            );
            if served.result == ClientResult::RedirectLoop {
                // argocd-server's 307 sends the browser to https://, which loops in turn.
                then_https(307)
            } else {
                ClientOutcome { client, ..served }
            }
        }
    }
}
