//! What argocd-server and the Go clients do with one request arriving over one kind of hop: the
//! listener wiring of `ArgoCDServer.Run` (`server/server.go`, v3.5.1: cmux `HTTP1Fast("PATCH")`,
//! then TLS with `NextProtos = ["http/1.1","h2"]` and an inner cmux, or, with `--insecure`,
//! HTTP/1 and gRPC-over-h2c matched on `content-type: application/grpc`), `newRedirectServer`
//! (307 to `https://<Host><path>`), the HTTP handler's routing (gRPC-web only for
//! `application/grpc-web+proto`), and grpc-go's reading of a non-gRPC answer
//! (`internal/transport/http2_client.go` `operateHeaders`, grpc-go v1.81: the HTTP status mapped by
//! `HTTPStatusConvTab`, `unexpected HTTP status code received from server: <code> (<text>)`,
//! `transport: received unexpected content-type %q`, `malformed header: missing HTTP
//! content-type`). The edge test (`tests/edge.rs`) holds these to a Go server wired the same way
//! behind real nginx.

/// What the edge speaks to argocd-server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Upstream {
    /// Plain HTTP/1.1 (ingress-nginx `HTTP`, `HTTPRoute`, OpenShift edge, an ALB `HTTP`).
    Http1,
    /// TLS, then HTTP/1.1 without ALPN (ingress-nginx `HTTPS`: `proxy_pass https://`).
    Https1,
    /// Plaintext HTTP/2 (ingress-nginx `GRPC`: `grpc_pass grpc://`; `GRPCRoute`).
    H2c,
    /// TLS with ALPN `h2`, then HTTP/2 (ingress-nginx `GRPCS`: `grpc_pass grpcs://`).
    Grpcs,
    /// The client's own TLS, relayed byte for byte (SSL passthrough, `TLSRoute`, an L4 load
    /// balancer).
    Passthrough,
}

impl Upstream {
    /// The report's protocol word.
    pub(crate) fn protocol(self) -> &'static str {
        match self {
            Self::Http1 => "http/1.1",
            Self::Https1 => "https/1.1",
            Self::H2c => "h2c",
            Self::Grpcs => "grpcs",
            Self::Passthrough => "tls-passthrough",
        }
    }

    /// Whether the hop is TLS (the passthrough hop carries the client's TLS).
    pub(crate) fn tls(self) -> bool {
        !matches!(self, Self::Http1 | Self::H2c)
    }
}

/// A client's request, as it reaches the edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Request {
    /// A page load (GET, `Accept: text/html`), or a REST call of the UI.
    Browser,
    /// The `argocd` CLI's gRPC call (HTTP/2, `content-type: application/grpc`).
    Grpc,
    /// The `argocd --grpc-web` call (POST, `content-type: application/grpc-web+proto`).
    GrpcWeb,
}

/// What argocd-server does with the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    /// Served (200).
    Serves,
    /// `newRedirectServer`: 307 to `https://<Host><path>` (no content-type for a POST).
    Redirect307,
    /// The HTTP handler has no route: a gRPC call over HTTP/1.1 falls through to the UI's file
    /// server (`404 page not found`, `text/plain; charset=utf-8`).
    NotFound,
    /// cmux matches nothing (or the TLS handshake fails) and the connection is closed.
    Closed,
}

/// What argocd-server answers to `request` arriving over `upstream`, with TLS on (`tls`) or
/// `--insecure`.
pub(crate) fn answer(upstream: Upstream, tls: bool, request: Request) -> Answer {
    match (upstream, tls) {
        // The outer cmux matches HTTP/1 first: with TLS on that is the redirect server.
        (Upstream::Http1, true) => Answer::Redirect307,
        // The HTTP server (plain with --insecure, inside TLS otherwise): the UI, the REST API
        // and gRPC-web; a gRPC request over HTTP/1.1 is none of those.
        (Upstream::Http1, false) | (Upstream::Https1, true) => match request {
            Request::Grpc => Answer::NotFound,
            Request::Browser | Request::GrpcWeb => Answer::Serves,
        },
        // A TLS ClientHello to --insecure: neither HTTP1Fast nor the h2c gRPC matcher.
        // h2c to TLS on: not HTTP/1, so the TLS listener, which fails on the preface.
        (Upstream::Https1 | Upstream::Grpcs | Upstream::Passthrough, false)
        | (Upstream::H2c, true) => Answer::Closed,
        // HTTP/2 reaches only the gRPC matcher: `content-type: application/grpc` exactly.
        (Upstream::H2c, false) | (Upstream::Grpcs, true) => match request {
            Request::Grpc => Answer::Serves,
            Request::Browser | Request::GrpcWeb => Answer::Closed,
        },
        // The client's own TLS: ALPN picks http/1.1 for browsers (server preference), h2 for
        // gRPC clients; the inner cmux serves both.
        (Upstream::Passthrough, true) => Answer::Serves,
    }
}

/// grpc-go's `HTTPStatusConvTab` (`internal/transport/http_util.go`), `Unknown` otherwise.
fn grpc_code(status: u16) -> &'static str {
    match status {
        400 => "Internal",
        401 => "Unauthenticated",
        403 => "PermissionDenied",
        404 => "Unimplemented",
        429 | 502 | 503 | 504 => "Unavailable",
        _ => "Unknown",
    }
}

/// Go's `http.StatusText` for the statuses an edge produces.
pub(crate) fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        464 => "",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// The error grpc-go returns for an HTTP answer that is not gRPC: `status` and its
/// `content-type` (`None`: the header is absent).
pub(crate) fn grpc_not_grpc_error(status: u16, content_type: Option<&str>) -> String {
    let mut parts = Vec::new();
    if status != 200 {
        parts.push(format!(
            "unexpected HTTP status code received from server: {status} ({})",
            status_text(status)
        ));
    }
    parts.push(match content_type {
        Some(ct) => format!(
            "transport: received unexpected content-type {}",
            crate::go::strconv::go_quote(ct)
        ),
        None => "malformed header: missing HTTP content-type".to_owned(),
    });
    format!(
        "rpc error: code = {} desc = {}",
        grpc_code(status),
        parts.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grpc_texts() {
        assert_eq!(
            grpc_not_grpc_error(404, Some("text/plain; charset=utf-8")),
            "rpc error: code = Unimplemented desc = unexpected HTTP status code received from server: 404 (Not Found); transport: received unexpected content-type \"text/plain; charset=utf-8\""
        );
        assert_eq!(
            grpc_not_grpc_error(307, None),
            "rpc error: code = Unknown desc = unexpected HTTP status code received from server: 307 (Temporary Redirect); malformed header: missing HTTP content-type"
        );
    }
}
