//! `TLS2xx`: connections between components and trust. Each registry row is followed by its constructors, which hold the message and
//! hint texts.

use super::{Code, DEX_CONNECTION, Severity, finding, repo_connection};
use crate::findings::Finding;

code!(
    PLAINTEXT_CONNECTION,
    "TLS201",
    "plaintext-connection",
    Info,
    "connection is plaintext",
    "The client talks to the server without TLS.",
    "reference §6.4",
    "Enable TLS on both sides, or rely on a mesh that encrypts the traffic."
);

/// [`PLAINTEXT_CONNECTION`]: argocd-server talks to Dex over plain HTTP.
pub(crate) fn plaintext_connection_dex() -> Finding {
    finding(
        &PLAINTEXT_CONNECTION,
        "argocd-server talks to Dex over plain HTTP",
        "enable Dex TLS (remove `dexserver.disable.tls`) and `server.dex.server.plaintext`",
        &[DEX_CONNECTION],
    )
}

/// [`PLAINTEXT_CONNECTION`]: `client` talks to argocd-repo-server over plaintext gRPC.
pub(crate) fn plaintext_connection_repo(client: &str) -> Finding {
    finding(
        &PLAINTEXT_CONNECTION,
        format!("{client} talks to argocd-repo-server over plaintext gRPC"),
        "fine inside a mesh that encrypts traffic; otherwise enable TLS on both sides",
        &[&repo_connection(client)],
    )
}

code!(
    UNVERIFIED_CONNECTION,
    "TLS202",
    "tls-without-verification",
    Warning,
    "TLS without certificate verification",
    "The connection is encrypted but the client accepts any certificate (`InsecureSkipVerify`): anyone who can intercept the traffic can impersonate the server.",
    "reference §6.4, §7",
    "Set `*.repo.server.ca.cert.path` (3.5+) or `*.repo.server.strict.tls` (older) for each client, and give the repo-server a certificate for its Service name."
);

/// [`UNVERIFIED_CONNECTION`]: argocd-server uses TLS to Dex without verifying it.
pub(crate) fn unverified_connection_dex() -> Finding {
    finding(
        &UNVERIFIED_CONNECTION,
        "argocd-server uses TLS to Dex but does not verify its certificate",
        "set `server.dex.server.strict.tls: \"true\"` and give Dex a certificate with SAN argocd-dex-server plus its CA in argocd-dex-server-tls `ca.crt`",
        &[DEX_CONNECTION],
    )
}

/// [`UNVERIFIED_CONNECTION`] from 3.5 on: `client` does not verify the repo-server; `key` is
/// its CA-path setting (`argocd-cmd-params-cm` key, flag).
pub(crate) fn unverified_connection_repo_ca(
    client: &str,
    key: (Option<&str>, Option<&str>),
) -> Finding {
    finding(
        &UNVERIFIED_CONNECTION,
        format!("{client} uses TLS to argocd-repo-server but does not verify its certificate"),
        format!(
            "set `{}: /app/config/reposerver/mtls/server-ca.crt` (flag `--{}`) and put the repo-server's CA in argocd-repo-server-mtls `server-ca.crt`",
            key.0.unwrap_or("--repo-server-ca-cert-path"),
            key.1.unwrap_or("repo-server-ca-cert-path")
        ),
        &[&repo_connection(client)],
    )
}

/// [`UNVERIFIED_CONNECTION`] before 3.5: `client` does not verify the repo-server;
/// `strict_key` is its strict-TLS setting.
pub(crate) fn unverified_connection_repo_strict(client: &str, strict_key: &str) -> Finding {
    finding(
        &UNVERIFIED_CONNECTION,
        format!("{client} uses TLS to argocd-repo-server but does not verify its certificate"),
        format!(
            "set `{strict_key}: \"true\"` and put the repo-server's certificate (or CA) into argocd-repo-server-tls"
        ),
        &[&repo_connection(client)],
    )
}

code!(
    TRANSPORT_MISMATCH,
    "TLS203",
    "tls-plaintext-mismatch",
    Error,
    "one side speaks TLS, the other plaintext",
    "The server runs with TLS disabled while the client uses TLS, or the reverse: every call fails (`tls: first record does not look like a TLS handshake`, `error reading server preface: EOF`, `http: server gave HTTP response to HTTPS client`).",
    "reference §6.6, §7, argo-cd#8407, argo-cd#9998",
    "Make both sides agree: `reposerver.disable.tls` together with every client's `*.repo.server.plaintext`, or neither."
);

/// [`TRANSPORT_MISMATCH`]: argocd-server uses the http:// `url` while Dex serves HTTPS.
pub(crate) fn transport_mismatch_dex_http(url: &str) -> Finding {
    finding(
        &TRANSPORT_MISMATCH,
        format!(
            "argocd-server uses {url} but Dex serves HTTPS: Dex answers 400 and OIDC login fails"
        ),
        "remove `server.dex.server.plaintext` and any `http://` in `server.dex.server`",
        &[DEX_CONNECTION],
    )
}

/// [`TRANSPORT_MISMATCH`]: Dex serves plain HTTP while argocd-server uses https://.
pub(crate) fn transport_mismatch_dex_https() -> Finding {
    finding(
        &TRANSPORT_MISMATCH,
        "Dex serves plain HTTP (`dexserver.disable.tls`) but argocd-server uses https://",
        "set `server.dex.server.plaintext: \"true\"` (flag `--dex-server-plaintext`)",
        &[DEX_CONNECTION],
    )
}

/// [`TRANSPORT_MISMATCH`]: `client` dials the TLS repo-server in plaintext; `key` is its
/// plaintext setting (`argocd-cmd-params-cm` key, flag) as far as it has them.
pub(crate) fn transport_mismatch_repo_plaintext(
    client: &str,
    key: (Option<&str>, Option<&str>),
) -> Finding {
    finding(
        &TRANSPORT_MISMATCH,
        format!(
            "{client} dials argocd-repo-server in plaintext (`{}`) but the repo-server serves TLS",
            key.0.unwrap_or("--repo-server-plaintext")
        ),
        format!(
            "remove `{}` from {client}, or set `reposerver.disable.tls: \"true\"` and plaintext on every client",
            key.0.or(key.1).unwrap_or("plaintext")
        ),
        &[&repo_connection(client)],
    )
}

/// [`TRANSPORT_MISMATCH`]: the repo-server serves plaintext while `client` dials it with TLS;
/// `key` is the client's plaintext setting (`argocd-cmd-params-cm` key, flag).
pub(crate) fn transport_mismatch_repo_tls(
    client: &str,
    key: (Option<&str>, Option<&str>),
) -> Finding {
    finding(
        &TRANSPORT_MISMATCH,
        format!(
            "argocd-repo-server serves plaintext (`reposerver.disable.tls`) but {client} dials it with TLS"
        ),
        format!(
            "set `{}: \"true\"` for {client} (flag `--{}`)",
            key.0.unwrap_or("(args only)"),
            key.1.unwrap_or("repo-server-plaintext")
        ),
        &[&repo_connection(client)],
    )
}

code!(
    VERIFICATION_FAILS,
    "TLS204",
    "verification-fails",
    Error,
    "the client rejects the server's certificate",
    "Strict verification fails: unknown authority, a name that is not in the certificate's SANs, an expired certificate, a Common-Name-only certificate, or a wrong key usage. Every call fails with Go's x509 error.",
    "reference §6.6, §16.3, argocd-operator#1614",
    "Reissue the certificate with the dialled name as a DNS SAN and make the client trust its CA."
);

/// [`VERIFICATION_FAILS`]: argocd-server dials the explicit https:// `url` with Go's default
/// client, which rejects Dex's certificate with `error`.
pub(crate) fn verification_fails_dex_system_roots(url: &str, error: &str) -> Finding {
    finding(
        &VERIFICATION_FAILS,
        format!(
            "argocd-server dials {url}: the explicit https:// wins over `server.dex.server.plaintext`, so Go's default client verifies Dex against the image's system roots and rejects it: {error}"
        ),
        "remove the scheme from `server.dex.server` (`argocd-dex-server:5556`) and choose TLS with `server.dex.server.plaintext` / `server.dex.server.strict.tls`",
        &[DEX_CONNECTION],
    )
}

/// [`VERIFICATION_FAILS`]: argocd-server rejects Dex's certificate with `error`.
pub(crate) fn verification_fails_dex(error: &str) -> Finding {
    finding(
        &VERIFICATION_FAILS,
        format!("argocd-server rejects Dex's certificate: {error}"),
        "give Dex (argocd-dex-server-tls) a certificate with SAN argocd-dex-server and its CA in ca.crt",
        &[DEX_CONNECTION],
    )
}

/// [`VERIFICATION_FAILS`]: `client` rejects the repo-server's certificate with `error`. The hint
/// depends on whether the repo-server generated its certificate, on the kind of error, on the
/// `host` dialled and on `server_key`, the client's repo-server address setting.
pub(crate) fn verification_fails_repo(
    client: &str,
    error: &str,
    generated: bool,
    host: &str,
    server_key: &str,
) -> Finding {
    let hint = if generated {
        "create argocd-repo-server-tls with a certificate whose SANs include the address clients dial (argocd-repo-server, argocd-repo-server.<namespace>.svc) and its CA in ca.crt".to_string()
    } else if error.contains("valid for")
        || error.contains("legacy Common Name")
        || error.contains("any names")
    {
        format!(
            "reissue the repo-server certificate with DNS SAN `{host}`, or point the client at a name it has (`{server_key}`)"
        )
    } else if error.contains("unknown authority") {
        "make the client trust the CA that signed the repo-server certificate (its ca.crt / server-ca.crt)".to_string()
    } else {
        "renew or reissue the repo-server certificate".to_string()
    };
    finding(
        &VERIFICATION_FAILS,
        format!("{client} rejects argocd-repo-server's certificate: {error}"),
        hint,
        &[&repo_connection(client)],
    )
}

code!(
    EMPTY_TRUST,
    "TLS205",
    "empty-trust-store",
    Error,
    "strict verification with no trust anchors",
    "The trust files the client reads are not mounted or not in the Secret. Argo CD builds an empty pool without complaint, and every handshake fails with `x509: certificate signed by unknown authority` at run time.",
    "reference §6.1, §6.5",
    "Mount the CA where the client reads it (argocd-repo-server-tls `ca.crt` or argocd-repo-server-mtls `server-ca.crt`)."
);

/// [`EMPTY_TRUST`]: argocd-server verifies Dex strictly but `ca_path` is missing.
pub(crate) fn empty_trust_dex(ca_path: &str) -> Finding {
    finding(
        &EMPTY_TRUST,
        format!("argocd-server verifies Dex strictly but {ca_path} is missing: the pool is empty"),
        "add ca.crt to argocd-dex-server-tls (for a self-signed Dex certificate: the certificate itself)",
        &[DEX_CONNECTION],
    )
}

/// [`EMPTY_TRUST`]: `client` verifies the repo-server strictly but none of `paths` exists.
pub(crate) fn empty_trust_repo(client: &str, paths: &[String]) -> Finding {
    finding(
        &EMPTY_TRUST,
        format!(
            "{client} verifies argocd-repo-server strictly but none of {} exists: the pool is empty",
            paths.join(", ")
        ),
        "mount the CA (argocd-repo-server-tls `ca.crt`, or argocd-repo-server-mtls `server-ca.crt`) where the client reads it",
        &[&repo_connection(client)],
    )
}

code!(
    INVALID_TRUST_FILE,
    "TLS206",
    "invalid-trust-file",
    Error,
    "trust file holds no certificate",
    "A CA file that exists but holds no parseable PEM certificate is a startup error: `invalid cert data in <path>`.",
    "reference §6.1",
    "Put PEM `CERTIFICATE` blocks into the file."
);

/// [`INVALID_TRUST_FILE`]: argocd-repo-server's `client-ca.crt` holds no certificate; `error`
/// is its fatal log line.
pub(crate) fn invalid_trust_file_client_ca(error: &str) -> Finding {
    finding(
        &INVALID_TRUST_FILE,
        format!("argocd-repo-server exits at startup: {error}"),
        "put PEM CA certificates into argocd-repo-server-mtls `client-ca.crt`",
        &["argocd-repo-server"],
    )
}

/// [`INVALID_TRUST_FILE`]: `component`'s repo-server CA (`origin`, set by `knob`) holds no
/// certificate; `error` is its fatal log line.
pub(crate) fn invalid_trust_file_repo_ca(
    component: &str,
    error: &str,
    origin: &str,
    knob: &str,
) -> Finding {
    finding(
        &INVALID_TRUST_FILE,
        format!("{component} exits at startup: {error}"),
        format!("put PEM CA certificates into {origin} (`{knob}`)"),
        &[component],
    )
}

/// [`INVALID_TRUST_FILE`]: `component`'s legacy strict-TLS files (`origin`) hold no
/// certificate; `error` is its fatal log line.
pub(crate) fn invalid_trust_file_legacy(component: &str, error: &str, origin: &str) -> Finding {
    finding(
        &INVALID_TRUST_FILE,
        format!("{component} exits at startup: {error}"),
        format!("put PEM certificates into {origin}"),
        &[component],
    )
}

/// [`INVALID_TRUST_FILE`]: `component`'s Dex `ca.crt` holds no certificate; `error` is its
/// fatal log line.
pub(crate) fn invalid_trust_file_dex_ca(component: &str, error: &str) -> Finding {
    finding(
        &INVALID_TRUST_FILE,
        format!("{component} exits at startup: {error}"),
        "put the Dex CA as PEM into argocd-dex-server-tls `ca.crt`",
        &[component],
    )
}

code!(
    NO_SHARED_PARAMETERS,
    "TLS207",
    "no-shared-version-or-suite",
    Error,
    "client and server share no TLS version or cipher suite",
    "The handshake fails before certificates are exchanged.",
    "reference §16.3",
    "Allow a version both sides support and a TLS 1.2 suite the client offers."
);

/// [`NO_SHARED_PARAMETERS`]: `client` and the repo-server agree on nothing; `server_error` is
/// what the server logs.
pub(crate) fn no_shared_parameters_repo(client: &str, server_error: &str) -> Finding {
    finding(
        &NO_SHARED_PARAMETERS,
        format!("{client} → argocd-repo-server: {server_error}"),
        "allow TLS 1.2 with an ECDHE AEAD suite that matches the certificate's key, or TLS 1.3",
        &[&repo_connection(client)],
    )
}

code!(
    CLIENT_CERT_FAILS,
    "TLS208",
    "client-certificate-fails",
    Error,
    "mutual TLS fails",
    "The repo-server requires a client certificate (since 3.5 mTLS switches on when `client-ca.crt` exists) and the client has none, or one the server does not trust, or one whose key cannot be loaded.",
    "reference §4.3, §6.7",
    "Give every client `client.crt`/`client.key` in argocd-repo-server-mtls, issued by the CA in `client-ca.crt` with ExtKeyUsage clientAuth."
);

/// [`CLIENT_CERT_FAILS`]: `client`'s client certificate and key do not load (`error`).
pub(crate) fn client_cert_fails_invalid(client: &str, error: &str) -> Finding {
    finding(
        &CLIENT_CERT_FAILS,
        format!("{client}: {error}"),
        "put a matching client.crt/client.key into argocd-repo-server-mtls",
        &[&repo_connection(client)],
    )
}

/// [`CLIENT_CERT_FAILS`]: `client`'s client key is missing (`error`).
pub(crate) fn client_cert_fails_no_key(client: &str, error: &str) -> Finding {
    finding(
        &CLIENT_CERT_FAILS,
        format!("{client}: {error}"),
        "add client.key next to client.crt in argocd-repo-server-mtls",
        &[&repo_connection(client)],
    )
}

/// [`CLIENT_CERT_FAILS`]: the repo-server requires a client certificate and `client` has no
/// `cert_path`.
pub(crate) fn client_cert_fails_missing(client: &str, cert_path: &str) -> Finding {
    finding(
        &CLIENT_CERT_FAILS,
        format!(
            "argocd-repo-server requires client certificates (client-ca.crt is mounted) but {client} has no {cert_path}"
        ),
        "add client.crt and client.key (signed by the CA in client-ca.crt) to argocd-repo-server-mtls",
        &[&repo_connection(client)],
    )
}

/// [`CLIENT_CERT_FAILS`]: the repo-server rejects `client`'s client certificate with `error`.
pub(crate) fn client_cert_fails_rejected(client: &str, error: &str) -> Finding {
    finding(
        &CLIENT_CERT_FAILS,
        format!("argocd-repo-server rejects {client}'s client certificate: {error}"),
        "issue the client certificate from the CA in client-ca.crt, with ExtKeyUsage clientAuth",
        &[&repo_connection(client)],
    )
}

code!(
    DEX_PIN,
    "TLS209",
    "dex-strict-pin",
    Error,
    "Dex strict TLS cannot work as configured",
    "Strict Dex verification trusts only `ca.crt` and also pins the leaf: the certificate Dex serves must be byte-identical to the mounted `tls.crt`, which must exist.",
    "reference §7",
    "Create argocd-dex-server-tls with `tls.crt`, `tls.key` and `ca.crt`, and restart argocd-server after every rotation."
);

/// [`DEX_PIN`]: `component` exits with `error` because the pinned Dex `tls.crt` is missing.
pub(crate) fn dex_pin_missing(component: &str, error: &str) -> Finding {
    finding(
        &DEX_PIN,
        format!("{component} exits at startup: {error}"),
        "create argocd-dex-server-tls with tls.crt and ca.crt (argocd-server reads both at startup from /app/config/dex/tls when `server.dex.server.strict.tls` is on)",
        &[component],
    )
}

/// [`DEX_PIN`]: the certificate Dex serves differs from argocd-server's pinned copy.
pub(crate) fn dex_pin_differs() -> Finding {
    finding(
        &DEX_PIN,
        "the certificate Dex serves is not byte-identical to argocd-server's /app/config/dex/tls/tls.crt",
        "restart argocd-server after rotating argocd-dex-server-tls, so both read the same tls.crt",
        &[DEX_CONNECTION],
    )
}

code!(
    REDIS_TLS_MISMATCH,
    "TLS210",
    "redis-tls-mismatch",
    Error,
    "Redis TLS settings do not match the Redis server",
    "Redis cannot serve plaintext and TLS on one port (`port` and `tls-port` are separate listeners). A client with `--redis-use-tls` against the plaintext port waits for a TLS answer that never comes, until go-redis's dial timeout (`context deadline exceeded`); a plaintext client against the TLS port is reset by OpenSSL; a port Redis does not listen on refuses. Without `--redis-use-tls`, the CA and client-certificate flags are silently ignored.",
    "reference §9",
    "Point each client at the port that matches its `--redis-use-tls` (`--redis argocd-redis:<port>`), or change Redis's `--port`/`--tls-port`."
);

/// [`REDIS_TLS_MISMATCH`]: `client` uses `--redis-use-tls` against Redis's plaintext port.
pub(crate) fn redis_tls_mismatch_use_tls(client: &str, port: u16) -> Finding {
    finding(
        &REDIS_TLS_MISMATCH,
        format!(
            "{client} uses `--redis-use-tls`, but Redis serves plaintext on port {port}: the handshake hangs until go-redis's dial timeout"
        ),
        "serve TLS on Redis (`--tls-port`, certificates) and dial that port (`--redis argocd-redis:<tls-port>`), or remove `--redis-use-tls`",
        &[&format!("{client}->argocd-redis")],
    )
}

/// [`REDIS_TLS_MISMATCH`]: `client` dials Redis's TLS port without `--redis-use-tls`.
pub(crate) fn redis_tls_mismatch_plaintext(client: &str, port: u16) -> Finding {
    finding(
        &REDIS_TLS_MISMATCH,
        format!(
            "{client} talks plaintext to port {port}, where Redis serves only TLS: OpenSSL resets the connection"
        ),
        "add `--redis-use-tls` and `--redis-ca-certificate` to the client, or dial Redis's plaintext `--port`",
        &[&format!("{client}->argocd-redis")],
    )
}

/// [`REDIS_TLS_MISMATCH`]: `client` dials a port Redis does not listen on.
pub(crate) fn redis_tls_mismatch_port(client: &str, port: u16) -> Finding {
    finding(
        &REDIS_TLS_MISMATCH,
        format!("{client} dials Redis on port {port}, where Redis does not listen"),
        "dial Redis's `--port` (plaintext) or `--tls-port` (with `--redis-use-tls`)",
        &[&format!("{client}->argocd-redis")],
    )
}

/// [`REDIS_TLS_MISMATCH`]: `client` sets Redis TLS options without `--redis-use-tls`.
pub(crate) fn redis_tls_mismatch_ignored(client: &str) -> Finding {
    finding(
        &REDIS_TLS_MISMATCH,
        format!("{client} sets Redis TLS options without `--redis-use-tls`: they are ignored"),
        "add `--redis-use-tls` or remove the Redis TLS flags",
        &[&format!("{client}->argocd-redis")],
    )
}

/// [`VERIFICATION_FAILS`]: `client` rejects Redis's certificate with `error`.
pub(crate) fn verification_fails_redis(client: &str, error: &str, system_roots: bool) -> Finding {
    finding(
        &VERIFICATION_FAILS,
        format!("{client} rejects Redis's certificate: {error}"),
        if system_roots {
            "without `--redis-ca-certificate` the client trusts only its image's system roots: point `--redis-ca-certificate` at the CA that signed Redis's certificate"
        } else {
            "give Redis a certificate with DNS SAN argocd-redis (the host clients dial) issued by the CA in `--redis-ca-certificate`"
        },
        &[&format!("{client}->argocd-redis")],
    )
}

/// [`UNVERIFIED_CONNECTION`]: `client` uses TLS to Redis without verifying it.
pub(crate) fn unverified_connection_redis(client: &str) -> Finding {
    finding(
        &UNVERIFIED_CONNECTION,
        format!(
            "{client} uses TLS to Redis but does not verify its certificate (`--redis-insecure-skip-tls-verify`)"
        ),
        "remove `--redis-insecure-skip-tls-verify` and set `--redis-ca-certificate` to the CA of Redis's certificate",
        &[&format!("{client}->argocd-redis")],
    )
}

/// [`CLIENT_CERT_FAILS`]: Redis (`tls-auth-clients`) requires or rejects `client`'s certificate.
pub(crate) fn client_cert_fails_redis(client: &str, error: &str) -> Finding {
    finding(
        &CLIENT_CERT_FAILS,
        format!(
            "Redis authenticates TLS clients (`tls-auth-clients` is `yes` by default) and fails {client}: {error}"
        ),
        "set `--tls-auth-clients no` on Redis (its password still authenticates), or give the client `--redis-client-certificate`/`--redis-client-key` issued by Redis's `--tls-ca-cert-file`",
        &[&format!("{client}->argocd-redis")],
    )
}

code!(
    SERVER_CA_UNUSED,
    "TLS211",
    "server-ca-not-used",
    Info,
    "mounted `server-ca.crt` is not used",
    "`argocd-repo-server-mtls` mounts `server-ca.crt` into the clients, but it is trusted only when `--repo-server-ca-cert-path` points at it.",
    "reference §6.6",
    "Set `*.repo.server.ca.cert.path: /app/config/reposerver/mtls/server-ca.crt` to use it."
);

/// [`SERVER_CA_UNUSED`]: `client` has server-ca.crt mounted but no CA path; `key` is that
/// setting.
pub(crate) fn server_ca_unused(client: &str, key: &str) -> Finding {
    finding(
        &SERVER_CA_UNUSED,
        format!("{client} has server-ca.crt mounted but does not use it"),
        format!("set `{key}: /app/config/reposerver/mtls/server-ca.crt`"),
        &[&repo_connection(client)],
    )
}

code!(
    MESH_DOUBLE_TLS,
    "TLS212",
    "service-mesh-sidecar",
    Warning,
    "service-mesh sidecar in front of Argo CD's own TLS",
    "With Istio or another mesh intercepting the repo-server port, Argo CD's TLS runs inside the mesh's mTLS; handshakes can fail (`authentication handshake failed`, `EOF`). Either let the mesh do TLS (disable Argo's and use plaintext on every client) or exclude the port.",
    "reference §13 #6, #15, argo-cd#5110",
    "Let the mesh do TLS (disable Argo CD's TLS and use plaintext on every client), or exclude the ports from interception."
);

/// [`MESH_DOUBLE_TLS`]: argocd-repo-server gets a `mesh` sidecar while its own TLS stays on.
pub(crate) fn mesh_double_tls(mesh: &str) -> Finding {
    finding(
        &MESH_DOUBLE_TLS,
        format!(
            "argocd-repo-server gets a {mesh} sidecar while Argo CD's own TLS stays on: the mesh intercepts 8081 and handshakes can fail (`authentication handshake failed`, `EOF`)"
        ),
        "either set `reposerver.disable.tls: \"true\"` (3.5: also the argument `--client-ca-path=`) and every client's `*.repo.server.plaintext: \"true\"`, letting the mesh encrypt, or exclude port 8081 from interception",
        &["argocd-repo-server"],
    )
}

code!(
    ADDRESS_MISSING_PORT,
    "TLS214",
    "address-missing-port",
    Error,
    "A client dials an address without a port",
    "Argo CD's repo-server clients dial with `grpc.Dial`, whose passthrough resolver hands the address to Go's dialer as written, and go-redis does the same with `--redis`: neither adds a default port, so `net.Dial` refuses an address without one (`dial tcp: address argocd-repo-server: missing port in address`) and every call fails, although the component starts.",
    "reference §6 (ServerName and the address), §9",
    "Write the port into the address: `argocd-repo-server:8081`, `argocd-redis:6379`."
);

/// [`ADDRESS_MISSING_PORT`]: `client` dials `server` at `address`, set by `knob`, without a port.
pub(crate) fn address_missing_port(
    client: &str,
    server: &str,
    address: &str,
    knob: &str,
    port: u16,
) -> Finding {
    finding(
        &ADDRESS_MISSING_PORT,
        format!(
            "{client} dials {server} at `{address}`, an address without a port: every call fails with `missing port in address`"
        ),
        format!("set `{knob}` to `{address}:{port}`"),
        &[&format!("{client}->{server}")],
    )
}

code!(
    REDIS_TLS_FATAL,
    "TLS213",
    "redis-tls-fatal",
    Error,
    "Redis or a Redis client exits at startup over its TLS configuration",
    "redis-server checks its TLS arguments and loads its certificate, key and CA at startup and exits on any error (`Failed to configure TLS. Check logs for more info.`); with `--port 0` and no `tls-port` it does not start at all. An Argo CD Redis client with `--redis-use-tls` loads `--redis-client-certificate`/`--redis-client-key` and opens `--redis-ca-certificate` at startup and exits when it cannot.",
    "reference §9",
    "Mount the Secret the paths name (with `tls.crt`, `tls.key`, `ca.crt`), and give Redis `--tls-ca-cert-file` or `--tls-auth-clients no`."
);

/// [`REDIS_TLS_FATAL`]: `component` (argocd-redis or a Redis client) exits with `error`.
pub(crate) fn redis_tls_fatal(component: &str, error: &str) -> Finding {
    finding(
        &REDIS_TLS_FATAL,
        format!("{component} exits at startup: {error}"),
        if component == "argocd-redis" {
            "mount argocd-redis-tls where `--tls-cert-file`/`--tls-key-file` point, and set `--tls-auth-clients no` or `--tls-ca-cert-file`"
        } else {
            "mount the Secret that holds the files `--redis-ca-certificate` / `--redis-client-certificate` name, or remove the flags"
        },
        &[component],
    )
}
