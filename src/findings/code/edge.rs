//! `TLS4xx`: the way in — Ingresses, Gateways, Routes and load balancers in front of
//! argocd-server, and what the browser and the `argocd` CLI get through them. Each registry row is
//! followed by its constructors, which hold the message and hint texts.

use super::{Code, Severity, finding};
use crate::findings::Finding;

code!(
    EDGE_REDIRECT_LOOP,
    "TLS401",
    "edge-redirect-loop",
    Error,
    "the edge forwards plain HTTP to argocd-server with TLS on: redirect loop",
    "argocd-server with TLS on answers every plain HTTP/1 request on 8080 with `307` to `https://<Host><path>` (`newRedirectServer` in `server/server.go`). An Ingress, Route or load balancer that terminates TLS and forwards plain HTTP sends that 307 back to the browser, which asks the edge again over HTTPS, which forwards plain HTTP again: `ERR_TOO_MANY_REDIRECTS`. The CLI gets `unexpected HTTP status code received from server: 307 (Temporary Redirect)`. Observed with real nginx configured as ingress-nginx configures `backend-protocol: HTTP` (`tests/edge.rs`); for other controllers the same follows from their documented plain-HTTP backends.",
    "reference §3.6, argo-cd#2953, argo-cd#13578",
    "Either run argocd-server without TLS behind the edge (`server.insecure: \"true\"` in argocd-cmd-params-cm, flag `--insecure`), or make the edge speak TLS to it (ingress-nginx `nginx.ingress.kubernetes.io/backend-protocol: HTTPS`, OpenShift `termination: reencrypt` or `passthrough`, Gateway API `BackendTLSPolicy`)."
);

/// [`EDGE_REDIRECT_LOOP`]: `way` forwards plain HTTP/1 to argocd-server, which has TLS on.
pub(crate) fn edge_redirect_loop(way: &str, fix_at_edge: &str) -> Finding {
    finding(
        &EDGE_REDIRECT_LOOP,
        format!(
            "{way} forwards plain HTTP to argocd-server, which has TLS on and answers 307 to https:// — the browser loops (ERR_TOO_MANY_REDIRECTS)"
        ),
        format!(
            "set `server.insecure: \"true\"` in argocd-cmd-params-cm (flag `--insecure`) and restart argocd-server, or {fix_at_edge}"
        ),
        &["argocd-server", way],
    )
}

code!(
    EDGE_TLS_MISMATCH,
    "TLS402",
    "edge-tls-mismatch",
    Error,
    "the edge and argocd-server disagree on TLS",
    "The edge speaks TLS to argocd-server while it runs with `--insecure` (its cmux matches neither HTTP/1 nor gRPC-over-h2c in a TLS ClientHello and closes the connection), or it speaks plaintext HTTP/2 (h2c, ingress-nginx `backend-protocol: GRPC`, a `GRPCRoute` without `BackendTLSPolicy`) to argocd-server with TLS on (its outer cmux hands anything that is not HTTP/1 to the TLS listener, which fails with `tls: first record does not look like a TLS handshake`). Either way the proxy answers 502 (nginx) or 503 (Envoy) to every client. Evidence: ingress-nginx is run here (Debian's nginx configured as ingress-nginx configures the annotation, in front of a Go server wired as argocd-server, `tests/edge.rs`); the AWS Load Balancer Controller, GKE, Traefik, Gateway API implementations and the OpenShift router cannot be run here, so for them the planner follows their documentation and marks the way in `basis: documented`.",
    "reference §3.5, §3.6, argo-helm#3550",
    "Make both sides agree: with `server.insecure: \"true\"` use a plaintext backend (`HTTP`, `GRPC`); with TLS on use a TLS backend (`HTTPS`, `GRPCS`, passthrough, re-encrypt)."
);

/// [`EDGE_TLS_MISMATCH`]: `way` speaks `protocol` (TLS) to argocd-server running `--insecure`.
pub(crate) fn edge_tls_to_insecure(way: &str, protocol: &str) -> Finding {
    finding(
        &EDGE_TLS_MISMATCH,
        format!(
            "{way} speaks {protocol} (TLS) to argocd-server, which runs with --insecure: argocd-server closes the connection and every client gets a proxy error"
        ),
        "remove `server.insecure` (argocd-server then serves TLS), or make the edge speak plaintext to it (ingress-nginx `backend-protocol: HTTP` or `GRPC`)",
        &["argocd-server", way],
    )
}

/// [`EDGE_TLS_MISMATCH`]: `way` speaks h2c to argocd-server with TLS on.
pub(crate) fn edge_h2c_to_tls(way: &str) -> Finding {
    finding(
        &EDGE_TLS_MISMATCH,
        format!(
            "{way} speaks plaintext HTTP/2 (h2c) to argocd-server, which has TLS on: argocd-server logs `tls: first record does not look like a TLS handshake` and every client gets a proxy error"
        ),
        "set `server.insecure: \"true\"` in argocd-cmd-params-cm, or make the edge speak TLS (ingress-nginx `backend-protocol: GRPCS`; a `BackendTLSPolicy` for the argocd-server Service)",
        &["argocd-server", way],
    )
}

code!(
    EDGE_GRPC_NOT_CARRIED,
    "TLS403",
    "edge-grpc-not-carried",
    Warning,
    "the argocd CLI's gRPC does not get through this way in",
    "The edge forwards to argocd-server over HTTP/1.1 (ingress-nginx `backend-protocol: HTTP` or `HTTPS`, an `HTTPRoute`, an OpenShift edge Route), so the CLI's gRPC call arrives as an HTTP/1.1 POST, which argocd-server's HTTP handler does not serve as gRPC: the CLI gets `transport: received unexpected content-type \"text/plain; charset=utf-8\"` (404 from argocd-server). The UI and `argocd --grpc-web` work, since gRPC-web is plain HTTP. Evidence: ingress-nginx is run here (Debian's nginx configured as ingress-nginx configures the annotation, in front of a Go server wired as argocd-server, `tests/edge.rs`); the AWS Load Balancer Controller, GKE, Traefik, Gateway API implementations and the OpenShift router cannot be run here, so for them the planner follows their documentation and marks the way in `basis: documented`.",
    "reference §3.6, argo-cd#2019, argo-cd#1415, argo-cd#3916",
    "Use `argocd login <host> --grpc-web` (or `ARGOCD_OPTS=--grpc-web`), or give the CLI its own way in that carries gRPC end to end (a second Ingress with `backend-protocol: GRPC`/`GRPCS` on its own host, a `GRPCRoute`, or SSL passthrough)."
);

/// [`EDGE_GRPC_NOT_CARRIED`]: `way` carries HTTP/1.1 only; `error` is what the CLI prints.
pub(crate) fn edge_grpc_not_carried(way: &str, error: &str) -> Finding {
    finding(
        &EDGE_GRPC_NOT_CARRIED,
        format!(
            "the argocd CLI without --grpc-web fails through {way} (it forwards HTTP/1.1 to argocd-server): {error}"
        ),
        "use `argocd login <host> --grpc-web`, or add a way in that carries gRPC (ingress-nginx `backend-protocol: GRPC` or `GRPCS` on a separate host)",
        &[way],
    )
}

code!(
    EDGE_UI_NOT_CARRIED,
    "TLS404",
    "edge-ui-not-carried",
    Error,
    "the browser does not get through this way in (gRPC-only backend)",
    "The edge forwards every request to argocd-server as gRPC (ingress-nginx `backend-protocol: GRPC`/`GRPCS` uses `grpc_pass`; a `GRPCRoute`): the browser's page loads and gRPC-web calls arrive as HTTP/2 requests without `content-type: application/grpc`, which argocd-server's cmux does not match, so it closes the connection and the proxy answers 502. Only the CLI without `--grpc-web` works here. Evidence: ingress-nginx is run here (Debian's nginx configured as ingress-nginx configures the annotation, in front of a Go server wired as argocd-server, `tests/edge.rs`); the AWS Load Balancer Controller, GKE, Traefik, Gateway API implementations and the OpenShift router cannot be run here, so for them the planner follows their documentation and marks the way in `basis: documented`.",
    "reference §3.6, argo-cd docs ingress.md (two Ingresses)",
    "Serve the UI from a separate way in with an HTTP backend (`backend-protocol: HTTP` with `server.insecure: \"true\"`, or `HTTPS`), and keep this one for the CLI on its own host (`grpc.<host>`), as Argo CD's ingress documentation does."
);

/// [`EDGE_UI_NOT_CARRIED`]: `way` carries gRPC only.
pub(crate) fn edge_ui_not_carried(way: &str) -> Finding {
    finding(
        &EDGE_UI_NOT_CARRIED,
        format!(
            "{way} forwards everything to argocd-server as gRPC: the browser (UI) and `argocd --grpc-web` get 502 Bad Gateway"
        ),
        "serve the UI through a second Ingress with `backend-protocol: HTTP` (argocd-server `--insecure`) or `HTTPS` on another host, and keep this one for the CLI",
        &[way],
    )
}

code!(
    EDGE_CERTIFICATE_HOST,
    "TLS405",
    "edge-certificate-host",
    Error,
    "the certificate served at the edge is not valid for the host",
    "The certificate the client receives for the host — the Ingress TLS Secret, the listener's `certificateRefs`, the controller's default certificate when no TLS entry covers the host (ingress-nginx: `Kubernetes Ingress Controller Fake Certificate`, valid for `ingress.local`), or argocd-server's own certificate under SSL passthrough — does not name the host. Browsers refuse it; the CLI fails with Go's `x509: certificate is valid for …, not <host>` unless run with `--insecure`. Evidence: ingress-nginx is run here (Debian's nginx configured as ingress-nginx configures the annotation, in front of a Go server wired as argocd-server, `tests/edge.rs`); the AWS Load Balancer Controller, GKE, Traefik, Gateway API implementations and the OpenShift router cannot be run here, so for them the planner follows their documentation and marks the way in `basis: documented`.",
    "reference §0.0 item 1, §3.2; ingress-nginx default SSL certificate",
    "Put the host in the certificate's SANs (cert-manager `dnsNames`), list the host under the Ingress `spec.tls[].hosts` with its Secret, or under passthrough give argocd-server a certificate for the host in argocd-server-tls."
);

/// [`EDGE_CERTIFICATE_HOST`]: `way` serves `source` for `host`; `error` is Go's text.
pub(crate) fn edge_certificate_host(way: &str, host: &str, source: &str, error: &str) -> Finding {
    finding(
        &EDGE_CERTIFICATE_HOST,
        format!("{way} serves {source} for {host}: the CLI fails with {error}"),
        format!(
            "issue a certificate with SAN {host} (e.g. cert-manager `dnsNames: [{host}]`) and reference it for that host"
        ),
        &[way],
    )
}

code!(
    EDGE_BACKEND_UNVERIFIED,
    "TLS406",
    "edge-backend-unverified",
    Info,
    "the edge speaks TLS to argocd-server without verifying it",
    "The edge encrypts the hop to argocd-server but accepts any certificate: ingress-nginx verifies upstream certificates only with `proxy-ssl-verify: \"on\"` and a `proxy-ssl-secret`; AWS load balancers do not verify targets. Anyone who can intercept pod traffic can impersonate argocd-server to the edge. Evidence: ingress-nginx is run here (Debian's nginx configured as ingress-nginx configures the annotation, in front of a Go server wired as argocd-server, `tests/edge.rs`); the AWS Load Balancer Controller, GKE, Traefik, Gateway API implementations and the OpenShift router cannot be run here, so for them the planner follows their documentation and marks the way in `basis: documented`.",
    "ingress-nginx annotations (proxy-ssl-verify), Gateway API BackendTLSPolicy",
    "Acceptable inside a trusted network; otherwise set `nginx.ingress.kubernetes.io/proxy-ssl-verify: \"on\"`, `proxy-ssl-secret: <ns>/<secret with ca.crt>` and `proxy-ssl-name: argocd-server.<ns>.svc`, or use a `BackendTLSPolicy`."
);

/// [`EDGE_BACKEND_UNVERIFIED`] for `way`.
pub(crate) fn edge_backend_unverified(way: &str) -> Finding {
    finding(
        &EDGE_BACKEND_UNVERIFIED,
        format!("{way} speaks TLS to argocd-server but does not verify its certificate"),
        "set `nginx.ingress.kubernetes.io/proxy-ssl-verify: \"on\"` with `proxy-ssl-secret` and `proxy-ssl-name`, or a BackendTLSPolicy with the server's CA",
        &[way],
    )
}

code!(
    EDGE_BACKEND_VERIFY_FAILS,
    "TLS407",
    "edge-backend-verify-fails",
    Error,
    "the edge rejects argocd-server's certificate",
    "The edge verifies argocd-server's certificate (ingress-nginx `proxy-ssl-verify`, a `BackendTLSPolicy`, an OpenShift `reencrypt` Route's `destinationCACertificate`) and the certificate argocd-server serves does not verify for the name checked — the self-signed one (valid for `localhost`, `argocd-server`, … and signed by nobody the edge trusts) never does. The proxy answers 502/503 to every client. Evidence: ingress-nginx is run here (Debian's nginx configured as ingress-nginx configures the annotation, in front of a Go server wired as argocd-server, `tests/edge.rs`); the AWS Load Balancer Controller, GKE, Traefik, Gateway API implementations and the OpenShift router cannot be run here, so for them the planner follows their documentation and marks the way in `basis: documented`.",
    "reference §2.2, §3.2; Gateway API BackendTLSPolicy",
    "Give argocd-server a certificate (argocd-server-tls) issued by the CA the edge trusts and valid for the name the edge checks (`validation.hostname`, `proxy-ssl-name`, or the Service's DNS name for OpenShift)."
);

/// [`EDGE_BACKEND_VERIFY_FAILS`]: `way` checks for `name` and fails with `error`.
pub(crate) fn edge_backend_verify_fails(way: &str, name: &str, error: &str) -> Finding {
    finding(
        &EDGE_BACKEND_VERIFY_FAILS,
        format!(
            "{way} verifies argocd-server's certificate for {name} and rejects it ({error}): every client gets a proxy error"
        ),
        format!(
            "give argocd-server (Secret argocd-server-tls) a certificate with SAN {name} issued by the CA the edge trusts"
        ),
        &["argocd-server", way],
    )
}

code!(
    EDGE_CONTROLLER_UNKNOWN,
    "TLS408",
    "edge-controller-unknown",
    Info,
    "which controller serves this Ingress is not known",
    "Nothing in the input says which controller serves the Ingress (its `ingressClassName` is not a well-known default and no controller-specific annotation is set), so the planner cannot predict what it does with the traffic.",
    "issue 15 (the way in)",
    "State the controller for the class in the input model (`edge.ingressControllers: {<class>: ingress-nginx}`), or add the controller's annotations."
);

/// [`EDGE_CONTROLLER_UNKNOWN`]: `way` has class `class`.
pub(crate) fn edge_controller_unknown(way: &str, class: Option<&str>) -> Finding {
    finding(
        &EDGE_CONTROLLER_UNKNOWN,
        format!(
            "{way}: the controller of ingress class {} is not known, so its outcome is not predicted",
            class.map_or_else(|| "(none)".to_owned(), |c| format!("`{c}`"))
        ),
        "state it in the input model: `edge.ingressControllers: {<class>: ingress-nginx}` (or aws-load-balancer-controller, gce, traefik)",
        &[way],
    )
}

code!(
    EDGE_PATH_NOT_SERVED,
    "TLS409",
    "edge-path-not-served",
    Error,
    "the UI's path through the way in does not reach argocd-server",
    "The browser opens argocd-cm's `url` (or the way in's path) and gets 404: the edge routes only its own path prefix to argocd-server (ingress-nginx answers every other path from its default backend), and argocd-server with `server.rootpath` serves only `/<root>/…` (`withRootPath` in `server/server.go`: a `ServeMux` that answers everything else with `404 page not found`). Without `server.rootpath` the page's `<base href>` is `/` (argocd-server sets it to the root path when one is set), so behind an Ingress at a sub-path the page loads but its assets are outside the path: a blank page. Evidence: the path routing of ingress-nginx and argocd-server's root-path handling are run here (Debian's nginx configured as ingress-nginx configures a `Prefix` path, in front of a Go server wired as argocd-server, `tests/edge.rs`); the blank page follows from the base href and that routing, and is not observed (the stand-in serves no assets).",
    "argo-cd docs ingress.md (UI base path), argo-cd#16811, argo-cd#4308",
    "Serve argocd-server under the Ingress's path: `server.rootpath: /<path>` in argocd-cmd-params-cm (the base href follows it), argocd-cm `url: https://<host>/<path>`, and `argocd login <host> --grpc-web-root-path <path>` for the CLI."
);

/// [`EDGE_PATH_NOT_SERVED`]: the browser through `way` gets `error` at `path`.
pub(crate) fn edge_path_not_served(way: &str, path: &str, error: &str, fix: &str) -> Finding {
    finding(
        &EDGE_PATH_NOT_SERVED,
        format!("the browser gets 404 at {path} through {way}: {error}"),
        fix,
        &["argocd-server", way],
    )
}
