//! The registry of finding codes: one row per code, never renumbered or reused.
//!
//! `TLS0xx` input and flags, `TLS1xx` endpoints, `TLS2xx` connections and trust, `TLS3xx`
//! certificates, `TLS9xx` internal. Each code has a docs page `docs/codes/TLSnnn.md` generated
//! from this table (`make docs`) and a fixture under `tests/fixtures/findings/`.

use serde::Serialize;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Severity {
    /// Something will fail: a component does not start or a connection does not work.
    Error,
    /// It works, but not as the operator probably believes, or it is weak.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// `error`, `warning`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// One registry row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Code {
    /// `TLS` + three digits.
    pub code: &'static str,
    /// kebab-case name.
    pub slug: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One-line title.
    pub title: &'static str,
    /// "What it means" and "Why it matters", for the docs page.
    pub explanation: &'static str,
    /// The reference section or upstream issue it models.
    pub reference: &'static str,
}

impl Code {
    /// The docs page of this code.
    pub fn docs_url(&self) -> String {
        format!("docs/codes/{}.md", self.code)
    }
}

macro_rules! code {
    ($name:ident, $code:literal, $slug:literal, $sev:ident, $title:literal, $expl:literal, $reference:literal) => {
        #[doc = $title]
        pub(crate) const $name: Code = Code {
            code: $code,
            slug: $slug,
            severity: Severity::$sev,
            title: $title,
            explanation: $expl,
            reference: $reference,
        };
    };
}

code!(
    INVALID_TLS_VERSION,
    "TLS001",
    "invalid-tls-version",
    Error,
    "TLS version setting is not 1.0, 1.1, 1.2 or 1.3",
    "Argo CD accepts exactly `1.0`, `1.1`, `1.2` or `1.3` for the minimum and maximum TLS version; anything else (`TLS1.2`, `1.2.0`, `v1.2`, a trailing space) makes the component exit at startup.",
    "reference §1.3"
);
code!(
    MIN_ABOVE_MAX,
    "TLS002",
    "min-version-above-max",
    Error,
    "minimum TLS version is higher than the maximum",
    "When the minimum TLS version is higher than the maximum, Argo CD refuses to start.",
    "reference §1.3"
);
code!(
    INVALID_CIPHER,
    "TLS003",
    "invalid-cipher-suite",
    Error,
    "cipher suite name not accepted by this Argo CD's Go",
    "Argo CD looks cipher names up in Go's `tls.CipherSuites()` only. Since Go 1.22 (Argo CD 2.12) every `TLS_RSA_*` and 3DES suite is in the insecure list and rejected, including the second suite of the default the docs still show; OpenSSL-style names and commas are rejected too. The component exits at startup.",
    "reference §1.2, argo-cd#17571"
);
code!(
    CIPHERS_LIST,
    "TLS004",
    "tlsciphers-list",
    Error,
    "`--tlsciphers list` prints the suites and exits",
    "The value `list` prints the supported suites and exits with status 0; in Kubernetes the container restarts forever.",
    "reference §1.2"
);
code!(
    TLS13_IGNORES_CIPHERS,
    "TLS005",
    "tls13-ignores-ciphers",
    Info,
    "cipher list ignored because the minimum version is TLS 1.3",
    "TLS 1.3 suites are not configurable in Go. With a minimum of 1.3 Argo CD logs a warning and drops the cipher list.",
    "reference §1.4"
);
code!(
    BOOL_IGNORED,
    "TLS006",
    "boolean-value-ignored",
    Warning,
    "boolean setting silently ignored",
    "Argo CD reads boolean environment values (and so `argocd-cmd-params-cm` keys) only when they are `true` or `false` (any case). `yes`, `1` or `on` are silently replaced by the default.",
    "reference §1.6"
);
code!(
    UNKNOWN_FLAG,
    "TLS007",
    "unknown-flag",
    Error,
    "flag does not exist in this Argo CD version",
    "The docs name flags that do not exist (`--listen` on the repo-server, `--argocd-repo-server-ca-cert-path` on the notifications controller), and flags added in 3.5 do not exist before it. Cobra exits with `unknown flag`.",
    "reference §4.1, §6.3, §14"
);
code!(
    MISSING_REFERENCE,
    "TLS008",
    "missing-reference",
    Error,
    "environment variable refers to a missing ConfigMap or key",
    "A `configMapKeyRef`/`secretKeyRef` without `optional: true` whose ConfigMap, Secret or key is missing stops the pod from starting (CreateContainerConfigError).",
    "Kubernetes"
);
code!(
    CLIENT_CA_WITH_DISABLE_TLS,
    "TLS009",
    "client-ca-path-with-disable-tls",
    Error,
    "repo-server exits: `--client-ca-path` with `--disable-tls`",
    "Since 3.5.0 `--client-ca-path` defaults to a non-empty path, and an empty env or ConfigMap value cannot clear it. `reposerver.disable.tls: \"true\"` alone therefore makes the repo-server exit (argo-cd#29661). Only the explicit argument `--client-ca-path=` clears it.",
    "reference §4.3, argo-cd#29661"
);
code!(
    VERSION_ASSUMED,
    "TLS010",
    "version-assumed",
    Info,
    "Argo CD version not analysed exactly",
    "The planner models releases v2.4 … v3.5.1 and the 3.6 development line. Another version is modelled like the nearest older release.",
    "reference §0.1"
);
code!(
    DEPRECATED_STRICT_FLAG,
    "TLS011",
    "deprecated-strict-tls",
    Info,
    "deprecated `--repo-server-strict-tls` in use",
    "Since 3.5 the legacy strict flag is deprecated (and hidden). It trusts the client's own mounted `tls.crt` and `ca.crt`; `--repo-server-ca-cert-path` is its replacement and trusts only the given file.",
    "reference §6.4–§6.6"
);
code!(
    DEX_SCHEME_OVERRIDE,
    "TLS012",
    "dex-address-scheme",
    Warning,
    "explicit scheme in the Dex address overrides the TLS flags",
    "An address with `://` is used as it is: `http://argocd-dex-server:5556`, copied from the docs' example where it is shown as the default, forces plain HTTP against a TLS-enabled Dex. The real default is `argocd-dex-server:5556`, which becomes `https://`.",
    "reference §7, argo-cd#9998"
);
code!(
    CLIENT_CERT_PATH_PAIR,
    "TLS014",
    "client-cert-path-pair",
    Error,
    "only one of the client certificate and key paths is set",
    "`--repo-server-client-cert-path` and `--repo-server-client-cert-key-path` must be set together; one alone is a startup error.",
    "reference §6.2"
);

code!(
    PLAINTEXT_ENDPOINT,
    "TLS101",
    "plaintext-endpoint",
    Info,
    "endpoint serves plaintext",
    "The endpoint does not use TLS: everything, including credentials and tokens, crosses the network in the clear unless something else (a mesh, a proxy) encrypts it.",
    "reference §3.5, §4.3"
);
code!(
    OLD_TLS_VERSION,
    "TLS102",
    "tls-below-1-2",
    Warning,
    "minimum TLS version below 1.2",
    "TLS 1.0 and 1.1 are deprecated (RFC 8996). With Argo's default cipher list they cannot even be negotiated: a `*_CBC_SHA` suite would be needed.",
    "reference §1.3"
);
code!(
    ECDSA_DEFAULT_CIPHERS,
    "TLS103",
    "ecdsa-with-rsa-only-ciphers",
    Warning,
    "ECDSA certificate but only ECDHE_RSA suites for TLS 1.2",
    "The default cipher list holds only `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`. With an ECDSA (or Ed25519) certificate no TLS 1.2 suite can be used: TLS 1.2-only clients fail with `no cipher suite supported by both client and server` while TLS 1.3 clients work.",
    "reference §1.4, §16.3"
);
code!(
    CIPHERS_TLS12_ONLY,
    "TLS104",
    "ciphers-only-tls12",
    Info,
    "the cipher list only affects TLS 1.2 and older",
    "Go negotiates TLS 1.3 with its own suites whatever the list says; to force the configured suites cap the maximum at 1.2.",
    "reference §1.4, argo-cd#10562"
);
code!(
    NO_ALPN,
    "TLS105",
    "no-alpn",
    Warning,
    "argocd-server advertises no ALPN",
    "argocd-server ≤ 2.13 sets no ALPN protocols. grpc-go ≥ 1.67 clients (argocd CLI ≥ 2.14, the terraform provider) then fail with `credentials: cannot check peer: missing selected ALPN property`.",
    "reference §3.6, argo-cd#20121"
);
code!(
    NO_HOT_RELOAD_LABEL,
    "TLS106",
    "server-tls-not-hot-reloaded",
    Warning,
    "argocd-server-tls is not hot-reloaded (missing label)",
    "Since 3.5 Secret changes trigger a settings reload only for Secrets labelled `app.kubernetes.io/part-of: argocd`. An unlabelled `argocd-server-tls` (cert-manager, `kubectl create secret tls`) is read at startup but a rotated certificate is not served until a restart: the old one expires in place.",
    "reference §3.4, argo-helm#4017"
);
code!(
    ARGOCD_SECRET_CERT,
    "TLS107",
    "certificate-in-argocd-secret",
    Warning,
    "certificate taken from argocd-secret (deprecated path)",
    "argocd-server re-encodes a certificate from `argocd-secret` and writes it back on every start (the key becomes PKCS#1/SEC1; an Ed25519 key is written back empty and the next start fails). `argocd-server-tls` is the supported place.",
    "reference §3.3, argo-cd#1118"
);
code!(
    SELF_SIGNED,
    "TLS108",
    "self-signed-certificate",
    Info,
    "component serves an auto-generated self-signed certificate",
    "Without a certificate, argocd-server generates one (SANs localhost and argocd-server.<ns>…, one year, never renewed, stored in argocd-secret); the repo-server and Dex generate a new one on every start with SANs that never match their Service names, so strict verification against them cannot succeed.",
    "reference §2.2, §2.3"
);
code!(
    INVALID_KEY_PAIR,
    "TLS109",
    "invalid-key-pair",
    Error,
    "certificate and key do not form a valid pair",
    "Argo CD loads `tls.crt`/`tls.key` with Go's `tls.X509KeyPair`. A failure is fatal at startup — argocd-server does not fall back to argocd-secret or a self-signed certificate.",
    "reference §3.2, §2.4, argo-cd#3078"
);
code!(
    NO_RELOAD,
    "TLS110",
    "certificate-needs-restart",
    Info,
    "certificate is read once: rotation needs a restart",
    "The repo-server and Dex read their certificate files once at startup; a rotated Secret is served only after the pod restarts.",
    "reference §4.2, §5.2"
);
code!(
    CERT_CAPTURED,
    "TLS111",
    "certificate-captured-at-start",
    Warning,
    "argocd-server keeps the certificate it started with",
    "Before 2.7.0 (and 2.6.15) the TLS listener captured the certificate when it started; a rotated certificate was not served and old or expired certificates kept appearing.",
    "reference §3.4, argo-cd#10707"
);
code!(
    DEX_CVE,
    "TLS112",
    "dex-cve-2024-23656",
    Warning,
    "Dex image ignores its TLS configuration (CVE-2024-23656)",
    "Dex v2.37.0, pinned by Argo CD 2.9 and 2.10 manifests, discarded its TLS config and served TLS 1.0/1.1 with weak ciphers.",
    "reference §5.2, GO-2024-2476"
);
code!(
    LIVENESS_SELF_DIAL,
    "TLS113",
    "liveness-self-dial-fails",
    Error,
    "repo-server liveness probe cannot handshake with its own configuration",
    "The repo-server's `/healthz?full=true` dials itself with a gRPC client (TLS 1.2+, no CBC suites, h2). A configuration no gRPC client can handshake with starts, then is restarted by kubelet.",
    "reference §0.0 item 6"
);
code!(
    REPO_TLS_HAS_SERVER_NAMES,
    "TLS114",
    "repo-server-secret-confusion",
    Warning,
    "argocd-repo-server-tls looks like argocd-server's certificate",
    "`argocd-repo-server-tls` is mounted into argocd-server only to verify the repo-server; argocd-server serves `argocd-server-tls` (read through the API, not mounted). A certificate with argocd-server's names in the repo-server Secret is a sign of the mix-up.",
    "reference §11.3, argo-cd#6664"
);
code!(
    CONTINUOUS_RELOAD,
    "TLS115",
    "settings-reload-on-any-secret",
    Info,
    "any Secret update reloads argocd-server's settings",
    "Up to 3.4 every Secret update in the namespace triggered a settings re-parse, logging `Loading TLS configuration from secret` again and again; an Ingress TLS Secret named `argocd-server-tls` (the Helm default) also becomes argocd-server's own certificate.",
    "reference §3.4, argo-cd#17277, argo-cd#23965"
);
code!(
    REDIRECT_LOOP,
    "TLS116",
    "plain-http-redirect",
    Info,
    "plain HTTP on the TLS port is answered with a 307 redirect",
    "With TLS on, argocd-server answers plain HTTP/1 with `307` to `https://`. A proxy or Ingress that terminates TLS and forwards HTTP without `server.insecure: \"true\"` loops (ERR_TOO_MANY_REDIRECTS).",
    "reference §3.6, argo-cd#2953"
);

code!(
    PLAINTEXT_CONNECTION,
    "TLS201",
    "plaintext-connection",
    Info,
    "connection is plaintext",
    "The client talks to the server without TLS.",
    "reference §6.4"
);
code!(
    UNVERIFIED_CONNECTION,
    "TLS202",
    "tls-without-verification",
    Warning,
    "TLS without certificate verification",
    "The connection is encrypted but the client accepts any certificate (`InsecureSkipVerify`): anyone who can intercept the traffic can impersonate the server.",
    "reference §6.4, §7"
);
code!(
    TRANSPORT_MISMATCH,
    "TLS203",
    "tls-plaintext-mismatch",
    Error,
    "one side speaks TLS, the other plaintext",
    "The server runs with TLS disabled while the client uses TLS, or the reverse: every call fails (`tls: first record does not look like a TLS handshake`, `error reading server preface: EOF`, `http: server gave HTTP response to HTTPS client`).",
    "reference §6.6, §7, argo-cd#8407, argo-cd#9998"
);
code!(
    VERIFICATION_FAILS,
    "TLS204",
    "verification-fails",
    Error,
    "the client rejects the server's certificate",
    "Strict verification fails: unknown authority, a name that is not in the certificate's SANs, an expired certificate, a Common-Name-only certificate, or a wrong key usage. Every call fails with Go's x509 error.",
    "reference §6.6, §16.3, argocd-operator#1614"
);
code!(
    EMPTY_TRUST,
    "TLS205",
    "empty-trust-store",
    Error,
    "strict verification with no trust anchors",
    "The trust files the client reads are not mounted or not in the Secret. Argo CD builds an empty pool without complaint, and every handshake fails with `x509: certificate signed by unknown authority` at run time.",
    "reference §6.1, §6.5"
);
code!(
    INVALID_TRUST_FILE,
    "TLS206",
    "invalid-trust-file",
    Error,
    "trust file holds no certificate",
    "A CA file that exists but holds no parseable PEM certificate is a startup error: `invalid cert data in <path>`.",
    "reference §6.1"
);
code!(
    NO_SHARED_PARAMETERS,
    "TLS207",
    "no-shared-version-or-suite",
    Error,
    "client and server share no TLS version or cipher suite",
    "The handshake fails before certificates are exchanged.",
    "reference §16.3"
);
code!(
    CLIENT_CERT_FAILS,
    "TLS208",
    "client-certificate-fails",
    Error,
    "mutual TLS fails",
    "The repo-server requires a client certificate (since 3.5 mTLS switches on when `client-ca.crt` exists) and the client has none, or one the server does not trust, or one whose key cannot be loaded.",
    "reference §4.3, §6.7"
);
code!(
    DEX_PIN,
    "TLS209",
    "dex-strict-pin",
    Error,
    "Dex strict TLS cannot work as configured",
    "Strict Dex verification trusts only `ca.crt` and also pins the leaf: the certificate Dex serves must be byte-identical to the mounted `tls.crt`, which must exist.",
    "reference §7"
);
code!(
    REDIS_TLS_MISMATCH,
    "TLS210",
    "redis-tls-mismatch",
    Error,
    "Redis TLS settings do not match the Redis server",
    "`--redis-use-tls` against a Redis that serves plaintext (as the install manifests run it) fails; without it, CA and client-certificate flags are silently ignored.",
    "reference §9"
);
code!(
    SERVER_CA_UNUSED,
    "TLS211",
    "server-ca-not-used",
    Info,
    "mounted `server-ca.crt` is not used",
    "`argocd-repo-server-mtls` mounts `server-ca.crt` into the clients, but it is trusted only when `--repo-server-ca-cert-path` points at it.",
    "reference §6.6"
);
code!(
    MESH_DOUBLE_TLS,
    "TLS212",
    "service-mesh-sidecar",
    Warning,
    "service-mesh sidecar in front of Argo CD's own TLS",
    "With Istio or another mesh intercepting the repo-server port, Argo CD's TLS runs inside the mesh's mTLS; handshakes can fail (`authentication handshake failed`, `EOF`). Either let the mesh do TLS (disable Argo's and use plaintext on every client) or exclude the port.",
    "reference §13 #6, #15, argo-cd#5110"
);

code!(
    EXPIRED,
    "TLS301",
    "certificate-expired",
    Error,
    "certificate expired or not yet valid",
    "Go refuses an expired certificate in strict mode, and clients that verify (browsers, the CLI) refuse it too.",
    "crypto/x509"
);
code!(
    EXPIRES_SOON,
    "TLS302",
    "certificate-expires-soon",
    Warning,
    "certificate expires within 30 days",
    "Plan the rotation; remember which components need a restart to pick it up.",
    "reference §3.4, §4.2"
);
code!(
    WEAK_KEY,
    "TLS303",
    "weak-key",
    Warning,
    "RSA key shorter than 2048 bits",
    "Go refuses RSA keys shorter than 1024 bits outright; keys below 2048 bits are weak.",
    "crypto/rsa"
);
code!(
    NO_SERVICE_NAME,
    "TLS304",
    "no-service-name-san",
    Warning,
    "certificate does not name the Service clients dial",
    "Clients verify the host they dial (e.g. `argocd-repo-server`). Turning on strict verification later will fail unless the certificate carries that DNS SAN.",
    "reference §6.6"
);

code!(
    INTERNAL,
    "TLS901",
    "internal-error",
    Error,
    "internal error in the planner",
    "This is a bug in the planner, please report it with the input that triggered it.",
    ""
);

/// Every code, in order.
pub const CODES: &[Code] = &[
    INVALID_TLS_VERSION,
    MIN_ABOVE_MAX,
    INVALID_CIPHER,
    CIPHERS_LIST,
    TLS13_IGNORES_CIPHERS,
    BOOL_IGNORED,
    UNKNOWN_FLAG,
    MISSING_REFERENCE,
    CLIENT_CA_WITH_DISABLE_TLS,
    VERSION_ASSUMED,
    DEPRECATED_STRICT_FLAG,
    DEX_SCHEME_OVERRIDE,
    CLIENT_CERT_PATH_PAIR,
    PLAINTEXT_ENDPOINT,
    OLD_TLS_VERSION,
    ECDSA_DEFAULT_CIPHERS,
    CIPHERS_TLS12_ONLY,
    NO_ALPN,
    NO_HOT_RELOAD_LABEL,
    ARGOCD_SECRET_CERT,
    SELF_SIGNED,
    INVALID_KEY_PAIR,
    NO_RELOAD,
    CERT_CAPTURED,
    DEX_CVE,
    LIVENESS_SELF_DIAL,
    REPO_TLS_HAS_SERVER_NAMES,
    CONTINUOUS_RELOAD,
    REDIRECT_LOOP,
    PLAINTEXT_CONNECTION,
    UNVERIFIED_CONNECTION,
    TRANSPORT_MISMATCH,
    VERIFICATION_FAILS,
    EMPTY_TRUST,
    INVALID_TRUST_FILE,
    NO_SHARED_PARAMETERS,
    CLIENT_CERT_FAILS,
    DEX_PIN,
    REDIS_TLS_MISMATCH,
    SERVER_CA_UNUSED,
    MESH_DOUBLE_TLS,
    EXPIRED,
    EXPIRES_SOON,
    WEAK_KEY,
    NO_SERVICE_NAME,
    INTERNAL,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_well_formed_and_sorted() {
        let mut seen = std::collections::BTreeSet::new();
        let mut last = "";
        for c in CODES {
            assert!(seen.insert(c.code), "duplicate {}", c.code);
            assert!(seen.len() == 1 || c.code > last, "{} out of order", c.code);
            last = c.code;
            assert!(
                c.code.len() == 6
                    && c.code.starts_with("TLS")
                    && c.code[3..].chars().all(|d| d.is_ascii_digit())
            );
            assert!(!c.title.ends_with('.') && !c.explanation.is_empty());
            assert!(
                c.slug
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
                "{}",
                c.slug
            );
        }
    }
}
