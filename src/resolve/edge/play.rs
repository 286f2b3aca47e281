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
        let root_client = format!("{GRPC_WEB} --grpc-web-root-path {}", view.root);
        let mut plays = vec![
            ("browser", Request::Browser),
            ("argocd-cli", Request::Grpc),
            (GRPC_WEB, Request::GrpcWeb),
            ("api-client", Request::Browser),
            ("argocd-cli --insecure", Request::Grpc),
        ];
        if !view.root.is_empty() {
            plays.push((root_client.as_str(), Request::GrpcWeb));
        }
        for (client, request) in plays {
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
        if let Some(b) = clients
            .first()
            .filter(|b| b.result == ClientResult::NotFound)
        {
            ctx.push(code::edge_path_not_served(
                &name,
                &way.browser_path,
                b.error.as_deref().unwrap_or_default(),
                b.fix.as_deref().unwrap_or_default(),
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
    // The path asked: the page (an API client: below it), the gRPC method, or the method under
    // `--grpc-web-root-path`.
    let path = match request {
        Request::Browser if client == "api-client" && !way.browser_path.ends_with('/') => {
            format!("{}/", way.browser_path)
        }
        Request::Browser => way.browser_path.clone(),
        Request::Grpc => GRPC_METHOD.to_owned(),
        Request::GrpcWeb if client != GRPC_WEB => format!("/{}{GRPC_METHOD}", view.root),
        Request::GrpcWeb => GRPC_METHOD.to_owned(),
    };
    // The argocd CLI's gRPC-web proxy (`pkg/apiclient/grpcproxy.go` `executeRequest`) fails the
    // call with Go's error or `POST <url> failed with status code <n>`; its local gRPC server
    // returns that as `Unknown`.
    let url = format!("https://{}{path}", way.host);
    let web_go_error = |e: &str| {
        format!(
            "rpc error: code = Unknown desc = Post {}: {e}",
            crate::go::strconv::go_quote(&url)
        )
    };
    let web_status =
        |n: u16| format!("rpc error: code = Unknown desc = POST {url} failed with status code {n}");
    let http_error = |status: u16, content_type: &str| match request {
        Request::Grpc => grpc_not_grpc_error(status, Some(content_type)),
        Request::GrpcWeb => web_status(status),
        Request::Browser => format!("{status} {}", status_text(status)),
    };
    if let Some(e) = cert_error {
        let text = match request {
            Request::Grpc => format!(
                "rpc error: code = Unavailable desc = connection error: desc = \"transport: authentication handshake failed: tls: failed to verify certificate: {e}\""
            ),
            Request::GrpcWeb => web_go_error(&format!("tls: failed to verify certificate: {e}")),
            Request::Browser if cli => format!("tls: failed to verify certificate: {e}"),
            Request::Browser => {
                "NET::ERR_CERT_COMMON_NAME_INVALID (or ERR_CERT_AUTHORITY_INVALID)".to_owned()
            }
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
        fails(
            ClientResult::BadGateway,
            vec![perr],
            http_error(perr, ptype),
            fix,
        )
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
        return fails(
            ClientResult::BadGateway,
            vec![status],
            http_error(status, content_type),
            "give argocd-server a certificate the edge verifies",
        );
    }
    // The edge routes only its path prefix to argocd-server (ingress-nginx `Prefix`: the path
    // itself or below it); anything else is its default backend's 404 (`text/html`).
    let prefix = way.path.trim_end_matches('/');
    if !prefix.is_empty() && path != prefix && !path.starts_with(&format!("{prefix}/")) {
        return fails(
            ClientResult::NotFound,
            vec![404],
            http_error(404, "text/html"),
            &format!(
                "this way in routes only {prefix} to argocd-server: {}",
                match request {
                    Request::Grpc =>
                        "gRPC needs a way in at / (a separate host), or use `--grpc-web` with `--grpc-web-root-path`",
                    Request::GrpcWeb =>
                        "add `--grpc-web-root-path` with the path argocd-server serves",
                    Request::Browser => "open the URL under that path",
                }
            ),
        );
    }
    match answer(upstream, view.tls, request) {
        // The HTTP handler (page loads, gRPC-web) under `--rootpath`: `withRootPath`'s
        // `ServeMux`.
        Answer::Serves if request != Request::Grpc && !view.root.is_empty() => {
            let root = format!("/{}", view.root);
            if path == root {
                // `ServeMux` redirects the subtree's root to its trailing slash.
                ClientOutcome {
                    client: client.to_owned(),
                    outcome: Outcome::Ok,
                    result: ClientResult::Works,
                    statuses: vec![view.slash_redirect, 200],
                    error: None,
                    fix: None,
                }
            } else if path.starts_with(&format!("{root}/")) {
                ClientOutcome {
                    client: client.to_owned(),
                    outcome: Outcome::Ok,
                    result: ClientResult::Works,
                    statuses: vec![200],
                    error: None,
                    fix: None,
                }
            } else {
                fails(
                    ClientResult::NotFound,
                    vec![404],
                    http_error(404, "text/plain; charset=utf-8"),
                    &format!(
                        "argocd-server serves only {root}/ (`server.rootpath`): {}",
                        if request == Request::GrpcWeb {
                            format!("use `--grpc-web-root-path {}`", view.root)
                        } else {
                            format!("open {root}/ (set argocd-cm `url` to https://{}{root})", way.host)
                        }
                    ),
                )
            }
        }
        // The page loads, but the browser fetches its assets under `<base href>`: outside the
        // edge's path they are the edge's 404 (a blank page).
        Answer::Serves
            if client == "browser"
                && !prefix.is_empty()
                && !format!("/{}/", view.base).starts_with(&format!("{prefix}/")) =>
        {
            fails(
                ClientResult::NotFound,
                vec![200, 404],
                format!(
                    "the page loads, but its assets under <base href=\"/{}\"> are outside {prefix}: 404 (a blank page)",
                    if view.base.is_empty() { String::new() } else { format!("{}/", view.base) }
                ),
                &format!("set `server.rootpath: \"{prefix}\"` in argocd-cmd-params-cm (argocd-server then serves under it and its base href follows)"),
            )
        }
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
                    web_go_error("stopped after 10 redirects"),
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
            match request {
                Request::Grpc => "rpc error: code = Unavailable desc = connection error: desc = \"transport: authentication handshake failed: EOF\"".to_owned(),
                Request::GrpcWeb => web_go_error("EOF"),
                Request::Browser if cli => "EOF".to_owned(),
                Request::Browser => "ERR_CONNECTION_CLOSED".to_owned(),
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

/// The `argocd --grpc-web` client's name.
const GRPC_WEB: &str = "argocd-cli --grpc-web";
/// The gRPC method the CLI clients call.
const GRPC_METHOD: &str = "/version.VersionService/Version";

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
