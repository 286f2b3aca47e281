//! `TLS1xx`: what the components serve and how they start. Each registry row is followed by its constructors, which hold the message and
//! hint texts.

use super::{Code, Severity, finding};
use crate::findings::Finding;
use std::fmt::Display;

code!(
    PLAINTEXT_ENDPOINT,
    "TLS101",
    "plaintext-endpoint",
    Info,
    "endpoint serves plaintext",
    "The endpoint does not use TLS: everything, including credentials and tokens, crosses the network in the clear unless something else (a mesh, a proxy) encrypts it.",
    "reference §3.5, §4.3",
    "Enable TLS, or make sure a proxy or mesh encrypts the traffic."
);

/// [`PLAINTEXT_ENDPOINT`]: argocd-repo-server runs with `reposerver.disable.tls`.
pub(crate) fn plaintext_endpoint_repo_server() -> Finding {
    finding(
        &PLAINTEXT_ENDPOINT,
        "argocd-repo-server serves plaintext gRPC on 8081 (`reposerver.disable.tls`)",
        "every client must then set its `*.repo.server.plaintext: \"true\"`; prefer TLS unless a mesh encrypts the traffic",
        &["argocd-repo-server"],
    )
}

/// [`PLAINTEXT_ENDPOINT`]: argocd-server runs with `--insecure`.
pub(crate) fn plaintext_endpoint_server() -> Finding {
    finding(
        &PLAINTEXT_ENDPOINT,
        "argocd-server runs with --insecure: 8080 (and the Service's https port 443) serve plain HTTP and h2c gRPC",
        "keep it only behind a proxy that terminates TLS; otherwise remove `server.insecure`",
        &["argocd-server"],
    )
}

code!(
    OLD_TLS_VERSION,
    "TLS102",
    "tls-below-1-2",
    Warning,
    "minimum TLS version below 1.2",
    "TLS 1.0 and 1.1 are deprecated (RFC 8996). With Argo's default cipher list they cannot even be negotiated: a `*_CBC_SHA` suite would be needed.",
    "reference §1.3",
    "Set the minimum version to `\"1.2\"`."
);

/// [`OLD_TLS_VERSION`]: `component` accepts TLS `min`, set by `key`.
pub(crate) fn old_tls_version(component: &str, min: &str, key: &str) -> Finding {
    finding(
        &OLD_TLS_VERSION,
        format!("{component} accepts TLS {min}",),
        format!("set `{key}` to \"1.2\""),
        &[component],
    )
}

code!(
    ECDSA_DEFAULT_CIPHERS,
    "TLS103",
    "ecdsa-with-rsa-only-ciphers",
    Warning,
    "ECDSA certificate but only ECDHE_RSA suites for TLS 1.2",
    "The default cipher list holds only `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`. With an ECDSA (or Ed25519) certificate no TLS 1.2 suite can be used: TLS 1.2-only clients fail with `no cipher suite supported by both client and server` while TLS 1.3 clients work.",
    "reference §1.4, §16.3",
    "Add `TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384` (and/or `_128_`) to the cipher list, or use an RSA certificate."
);

/// [`ECDSA_DEFAULT_CIPHERS`] for argocd-repo-server.
pub(crate) fn ecdsa_default_ciphers_repo_server() -> Finding {
    finding(
        &ECDSA_DEFAULT_CIPHERS,
        "argocd-repo-server has an ECDSA certificate but no ECDHE_ECDSA suite: TLS 1.2-only clients fail",
        "add e.g. TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 to `reposerver.tls.ciphers` (flag `--tlsciphers`), or use an RSA certificate",
        &["argocd-repo-server"],
    )
}

code!(
    CIPHERS_TLS12_ONLY,
    "TLS104",
    "ciphers-only-tls12",
    Info,
    "the cipher list only affects TLS 1.2 and older",
    "Go negotiates TLS 1.3 with its own suites whatever the list says; to force the configured suites cap the maximum at 1.2.",
    "reference §1.4, argo-cd#10562",
    "To enforce the list, cap the maximum version at `\"1.2\"`; otherwise nothing to do."
);

/// [`CIPHERS_TLS12_ONLY`]: `component`'s cipher list applies to TLS 1.2 only; `key` is its
/// maximum-version setting.
pub(crate) fn ciphers_tls12_only(component: &str, key: &str) -> Finding {
    finding(
        &CIPHERS_TLS12_ONLY,
        format!(
            "{component}'s cipher list applies to TLS 1.2 only; TLS 1.3 clients negotiate Go's TLS 1.3 suites"
        ),
        format!("to enforce the list, set `{key}` to \"1.2\""),
        &[component],
    )
}

code!(
    NO_ALPN,
    "TLS105",
    "no-alpn",
    Warning,
    "argocd-server advertises no ALPN",
    "argocd-server ≤ 2.13 sets no ALPN protocols. grpc-go ≥ 1.67 clients (argocd CLI ≥ 2.14, the terraform provider) then fail with `credentials: cannot check peer: missing selected ALPN property`.",
    "reference §3.6, argo-cd#20121",
    "Upgrade to Argo CD 2.14 or later; meanwhile clients can set `GRPC_ENFORCE_ALPN_ENABLED=false` or use gRPC-Web."
);

/// [`NO_ALPN`]: argocd-server `version` advertises no ALPN.
pub(crate) fn no_alpn(version: impl Display) -> Finding {
    finding(
        &NO_ALPN,
        format!(
            "argocd-server {version} advertises no ALPN: argocd CLI ≥ 2.14 and other grpc-go ≥ 1.67 clients fail with `credentials: cannot check peer: missing selected ALPN property`"
        ),
        "upgrade to 2.14 or later; meanwhile run clients with `GRPC_ENFORCE_ALPN_ENABLED=false` or `--grpc-web`",
        &["argocd-server"],
    )
}

code!(
    NO_HOT_RELOAD_LABEL,
    "TLS106",
    "server-tls-not-hot-reloaded",
    Warning,
    "argocd-server-tls is not hot-reloaded (missing label)",
    "Since 3.5 Secret changes trigger a settings reload only for Secrets labelled `app.kubernetes.io/part-of: argocd`. An unlabelled `argocd-server-tls` (cert-manager, `kubectl create secret tls`) is read at startup but a rotated certificate is not served until a restart: the old one expires in place.",
    "reference §3.4, argo-helm#4017",
    "Label `argocd-server-tls` with `app.kubernetes.io/part-of: argocd` (cert-manager: `secretTemplate.labels`), or restart argocd-server after each rotation."
);

/// [`NO_HOT_RELOAD_LABEL`]: argocd-server-tls lacks the label Argo CD `version` watches.
pub(crate) fn no_hot_reload_label(version: impl Display) -> Finding {
    finding(
        &NO_HOT_RELOAD_LABEL,
        format!(
            "argocd-server-tls has no label `app.kubernetes.io/part-of: argocd`: Argo CD {version} reads it at startup but does not reload a rotated certificate"
        ),
        "label the Secret `app.kubernetes.io/part-of: argocd` (cert-manager: `secretTemplate.labels`)",
        &["argocd-server"],
    )
}

code!(
    ARGOCD_SECRET_CERT,
    "TLS107",
    "certificate-in-argocd-secret",
    Warning,
    "certificate taken from argocd-secret (deprecated path)",
    "argocd-server re-encodes a certificate from `argocd-secret` and writes it back on every start (the key becomes PKCS#1/SEC1; an Ed25519 key is written back empty and the next start fails). `argocd-server-tls` is the supported place.",
    "reference §3.3, argo-cd#1118",
    "Move `tls.crt`/`tls.key` into a Secret named `argocd-server-tls`."
);

/// [`ARGOCD_SECRET_CERT`]: argocd-server serves the pair from argocd-secret.
pub(crate) fn argocd_secret_cert() -> Finding {
    finding(
        &ARGOCD_SECRET_CERT,
        "argocd-server serves the certificate from argocd-secret `tls.crt`/`tls.key`, which it re-encodes and writes back on every start",
        "move the certificate into a Secret `argocd-server-tls` (keys tls.crt, tls.key)",
        &["argocd-server"],
    )
}

code!(
    SELF_SIGNED,
    "TLS108",
    "self-signed-certificate",
    Info,
    "component serves an auto-generated self-signed certificate",
    "Without a certificate, argocd-server generates one (SANs localhost and argocd-server.<ns>…, one year, never renewed, stored in argocd-secret); the repo-server and Dex generate a new one on every start with SANs that never match their Service names, so strict verification against them cannot succeed.",
    "reference §2.2, §2.3",
    "Provide `argocd-server-tls`, `argocd-repo-server-tls` and `argocd-dex-server-tls` certificates whose SANs include the Service names."
);

/// [`SELF_SIGNED`]: argocd-repo-server has no certificate and generates one per start.
pub(crate) fn self_signed_repo_server() -> Finding {
    finding(
        &SELF_SIGNED,
        "argocd-repo-server has no tls.crt/tls.key: it generates a self-signed certificate for localhost and reposerver on every start (`Generating self-signed TLS certificate for this session`)",
        "create the Secret argocd-repo-server-tls (tls.crt, tls.key, ca.crt) with SANs argocd-repo-server and argocd-repo-server.<namespace>.svc",
        &["argocd-repo-server"],
    )
}

/// [`SELF_SIGNED`]: argocd-server has no certificate and generates one into argocd-secret.
pub(crate) fn self_signed_server() -> Finding {
    finding(
        &SELF_SIGNED,
        "argocd-server generates a self-signed certificate (O=Argo CD, one year, never renewed) and stores it in argocd-secret",
        "create a Secret `argocd-server-tls` with a certificate for the name users reach Argo CD by (and label it `app.kubernetes.io/part-of: argocd`)",
        &["argocd-server"],
    )
}

code!(
    INVALID_KEY_PAIR,
    "TLS109",
    "invalid-key-pair",
    Error,
    "certificate and key do not form a valid pair",
    "Argo CD loads `tls.crt`/`tls.key` with Go's `tls.X509KeyPair`. A failure is fatal at startup — argocd-server does not fall back to argocd-secret or a self-signed certificate.",
    "reference §3.2, §2.4, argo-cd#3078",
    "Put a PEM certificate and its matching private key into the Secret, or remove both keys."
);

/// [`INVALID_KEY_PAIR`] for argocd-dex-server: `error` is its fatal log line.
pub(crate) fn invalid_key_pair_dex(error: &str) -> Finding {
    finding(
        &INVALID_KEY_PAIR,
        format!("argocd-dex-server exits at startup: {error}"),
        "fix tls.crt/tls.key in argocd-dex-server-tls, or remove both",
        &["argocd-dex-server"],
    )
}

/// [`INVALID_KEY_PAIR`] for argocd-repo-server: `error` is its fatal log line.
pub(crate) fn invalid_key_pair_repo_server(error: &str) -> Finding {
    finding(
        &INVALID_KEY_PAIR,
        format!("argocd-repo-server exits at startup: {error}"),
        "fix tls.crt/tls.key in the Secret argocd-repo-server-tls (a matching PEM certificate and key), or remove both",
        &["argocd-repo-server"],
    )
}

/// [`INVALID_KEY_PAIR`] for argocd-server: the Secret `secret` holds a pair Go rejects with `error`.
pub(crate) fn invalid_key_pair_server(secret: &str, error: &str) -> Finding {
    finding(
        &INVALID_KEY_PAIR,
        format!(
            "{secret} holds tls.crt and tls.key that Go rejects: {error}; argocd-server exits at startup (no fallback)"
        ),
        format!(
            "put a matching PEM certificate and private key into {secret}, or remove both keys"
        ),
        &["argocd-server"],
    )
}

code!(
    NO_RELOAD,
    "TLS110",
    "certificate-needs-restart",
    Info,
    "certificate is read once: rotation needs a restart",
    "The repo-server and Dex read their certificate files once at startup; a rotated Secret is served only after the pod restarts.",
    "reference §4.2, §5.2",
    "Restart the repo-server/Dex after rotating their Secrets (reloader, a cert-manager hook)."
);

/// [`NO_RELOAD`]: argocd-repo-server reads its certificate once.
pub(crate) fn no_reload_repo_server() -> Finding {
    finding(
        &NO_RELOAD,
        "argocd-repo-server reads its certificate once: after rotating argocd-repo-server-tls, restart the repo-server",
        "restart argocd-repo-server after each rotation (e.g. with reloader or a cert-manager hook)",
        &["argocd-repo-server"],
    )
}

code!(
    CERT_CAPTURED,
    "TLS111",
    "certificate-captured-at-start",
    Warning,
    "argocd-server keeps the certificate it started with",
    "Before 2.7.0 (and 2.6.15) the TLS listener captured the certificate when it started; a rotated certificate was not served and old or expired certificates kept appearing.",
    "reference §3.4, argo-cd#10707",
    "Upgrade to 2.7 or later, or restart argocd-server after every rotation."
);

/// [`CERT_CAPTURED`]: argocd-server `version` keeps the certificate its listener started with.
pub(crate) fn cert_captured(version: impl Display) -> Finding {
    finding(
        &CERT_CAPTURED,
        format!(
            "argocd-server {version} captures its certificate when the listener starts; a rotated certificate is served only after a restart"
        ),
        "upgrade to 2.7 or later, or restart argocd-server after every rotation",
        &["argocd-server"],
    )
}

code!(
    DEX_CVE,
    "TLS112",
    "dex-cve-2024-23656",
    Warning,
    "Dex image ignores its TLS configuration (CVE-2024-23656)",
    "Dex v2.37.0, pinned by Argo CD 2.9 and 2.10 manifests, discarded its TLS config and served TLS 1.0/1.1 with weak ciphers.",
    "reference §5.2, GO-2024-2476",
    "Pin a fixed Dex image (v2.38.0 or later)."
);

/// [`DEX_CVE`]: argocd-dex-server runs the Dex `image` of CVE-2024-23656.
pub(crate) fn dex_cve(image: &str) -> Finding {
    finding(
        &DEX_CVE,
        format!(
            "Dex image `{image}` discards its TLS configuration and serves TLS 1.0/1.1 with weak ciphers (CVE-2024-23656)"
        ),
        "use ghcr.io/dexidp/dex:v2.38.0 or later",
        &["argocd-dex-server"],
    )
}

code!(
    LIVENESS_SELF_DIAL,
    "TLS113",
    "liveness-self-dial-fails",
    Error,
    "repo-server liveness probe cannot handshake with its own configuration",
    "The repo-server's `/healthz?full=true` dials itself with a gRPC client (TLS 1.2+, no CBC suites, h2). A configuration no gRPC client can handshake with starts, then is restarted by kubelet.",
    "reference §0.0 item 6",
    "Allow TLS 1.3, or at TLS 1.2 an ECDHE AEAD (GCM/ChaCha20) suite matching the certificate's key."
);

/// [`LIVENESS_SELF_DIAL`]: argocd-repo-server's gRPC self-dial fails; `server_error` is what the
/// server logs.
pub(crate) fn liveness_self_dial(server_error: &str) -> Finding {
    finding(
        &LIVENESS_SELF_DIAL,
        format!(
            "argocd-repo-server starts, but its liveness probe (`/healthz?full=true` dials itself with gRPC) fails: `{server_error}`; kubelet restarts it"
        ),
        "allow TLS 1.2 with an ECDHE AEAD suite matching the certificate, or TLS 1.3 (`reposerver.tls.maxversion: \"1.3\"`)",
        &["argocd-repo-server"],
    )
}

code!(
    REPO_TLS_HAS_SERVER_NAMES,
    "TLS114",
    "repo-server-secret-confusion",
    Warning,
    "argocd-repo-server-tls looks like argocd-server's certificate",
    "`argocd-repo-server-tls` is mounted into argocd-server only to verify the repo-server; argocd-server serves `argocd-server-tls` (read through the API, not mounted). A certificate with argocd-server's names in the repo-server Secret is a sign of the mix-up.",
    "reference §11.3, argo-cd#6664",
    "Create `argocd-server-tls` for argocd-server; keep `argocd-repo-server-tls` for the repo-server's own certificate."
);

/// [`REPO_TLS_HAS_SERVER_NAMES`]: argocd-repo-server-tls holds a certificate for `dns_names`.
pub(crate) fn repo_tls_has_server_names(dns_names: &[String]) -> Finding {
    finding(
        &REPO_TLS_HAS_SERVER_NAMES,
        format!(
            "argocd-repo-server-tls holds a certificate for {} — argocd-server's names — while argocd-server-tls does not exist",
            dns_names.join(", ")
        ),
        "put argocd-server's certificate into a Secret named argocd-server-tls (argocd-server reads it through the API; nothing mounts it); argocd-repo-server-tls is the repo-server's own certificate",
        &["argocd-server", "argocd-repo-server"],
    )
}

code!(
    CONTINUOUS_RELOAD,
    "TLS115",
    "settings-reload-on-any-secret",
    Info,
    "any Secret update reloads argocd-server's settings",
    "Up to 3.4 every Secret update in the namespace triggered a settings re-parse, logging `Loading TLS configuration from secret` again and again; an Ingress TLS Secret named `argocd-server-tls` (the Helm default) also becomes argocd-server's own certificate.",
    "reference §3.4, argo-cd#17277, argo-cd#23965",
    "Nothing to do on 3.4; upgrade to 3.5 to stop reloads on unrelated Secrets."
);

/// [`CONTINUOUS_RELOAD`]: argocd-server `version` reloads on every Secret update.
pub(crate) fn continuous_reload(version: impl Display) -> Finding {
    finding(
        &CONTINUOUS_RELOAD,
        format!(
            "argocd-server {version} re-reads its settings on every Secret update in the namespace, logging `Loading TLS configuration from secret` each time"
        ),
        "expected up to 3.4; if an Ingress also uses a Secret named argocd-server-tls, remember that argocd-server serves that certificate too",
        &["argocd-server"],
    )
}

code!(
    REDIRECT_LOOP,
    "TLS116",
    "plain-http-redirect",
    Info,
    "plain HTTP on the TLS port is answered with a 307 redirect",
    "With TLS on, argocd-server answers plain HTTP/1 with `307` to `https://`. A proxy or Ingress that terminates TLS and forwards HTTP without `server.insecure: \"true\"` loops (ERR_TOO_MANY_REDIRECTS).",
    "reference §3.6, argo-cd#2953",
    "Behind a TLS-terminating proxy set `server.insecure: \"true\"`; otherwise make the proxy speak HTTPS to argocd-server."
);

/// [`REDIRECT_LOOP`]: argocd-server redirects plain HTTP on 8080 to https://.
pub(crate) fn redirect_loop() -> Finding {
    finding(
        &REDIRECT_LOOP,
        "argocd-server answers plain HTTP on 8080 with 307 to https://; a proxy that terminates TLS must forward HTTPS, or argocd-server must run with `server.insecure: \"true\"`",
        "behind a TLS-terminating Ingress set `server.insecure: \"true\"` in argocd-cmd-params-cm (flag `--insecure`)",
        &["argocd-server"],
    )
}
