//! The report: what the planner predicts. Field names are a JSON contract (`schemaVersion` 2)
//! read by other tools and tests; add fields, never rename them. Every closed set of values is an
//! enum and every setting's provenance is data, so no consumer parses strings. The JSON Schema
//! (`pkg/report.schema.json`) is derived from these types on native builds (`schemars`) and the
//! TypeScript types on wasm builds (`tsify`); `tests/schema.rs` keeps the schema file current.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::CertificateSummary;
use crate::findings::{Finding, Severity};

/// The whole prediction for one installation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Report {
    /// Always [`Report::SCHEMA_VERSION`] (2) for this shape.
    pub schema_version: u32,
    /// The Argo CD version modelled, e.g. `3.5.1`.
    pub argocd_version: String,
    /// The namespace.
    pub namespace: String,
    /// The instant the prediction is for (RFC 3339).
    pub now: String,
    /// One entry per modelled component, present or not.
    pub components: Vec<ComponentReport>,
    /// One entry per client → server connection between present components.
    pub connections: Vec<ConnectionReport>,
    /// Findings, errors first, then by code.
    pub findings: Vec<Finding>,
    /// The ways in to argocd-server from outside the cluster (Ingress, Gateway, Route, exposed
    /// Service), each with its two hops and what each client gets; absent when the input
    /// describes none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ways_in: Vec<WayInReport>,
}

impl Report {
    /// The version of this shape: 2 (1 had free strings for outcome, transport and
    /// verification, and provenance flattened into `"value (source)"` text).
    pub const SCHEMA_VERSION: u32 = 2;

    /// Whether any finding has severity `error`.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// A component.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct ComponentReport {
    /// e.g. `argocd-repo-server`.
    pub name: String,
    /// Whether the input deploys it.
    pub present: bool,
    /// Whether it gets past startup.
    pub starts: bool,
    /// What it logs before exiting (or why the pod never runs).
    pub startup_error: Option<String>,
    /// Its listening endpoints.
    pub endpoints: Vec<EndpointReport>,
}

/// A listening port.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct EndpointReport {
    /// e.g. `grpc`, `https`, `metrics`.
    pub name: String,
    /// Container port.
    pub port: u16,
    /// e.g. `grpc`, `https+grpc`, `http`.
    pub protocol: String,
    /// TLS as served; `null` for plaintext.
    pub tls: Option<TlsReport>,
    /// Each TLS setting of the endpoint (by its `argocd-cmd-params-cm`-style name) with its value
    /// and where that value came from.
    pub sources: BTreeMap<String, SettingSource>,
    /// Grades against Mozilla's guidelines and SSL-Labs-style caps (TLS endpoints only).
    pub grade: Option<Grade>,
}

/// TLS as an endpoint serves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct TlsReport {
    /// Minimum version (`1.0` … `1.3`).
    pub min_version: String,
    /// Maximum version.
    pub max_version: String,
    /// TLS ≤ 1.2 suites in effect (Go names); `null` when not configured by Argo CD (Dex's own defaults).
    pub cipher_suites: Option<Vec<String>>,
    /// The certificate served.
    pub certificate: CertificateReport,
    /// `none` or `require`.
    pub client_auth: String,
    /// ALPN protocols offered.
    pub alpn: Vec<String>,
}

/// The certificate an endpoint serves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct CertificateReport {
    /// `secret/argocd-server-tls`, `secret/argocd-secret`, `secret/argocd-repo-server-tls`, `self-signed`, …
    pub source: String,
    /// Whether it survives a restart.
    pub persistent: bool,
    /// Whether a change is picked up without a restart.
    pub hot_reload: bool,
    /// The chain as served, leaf first (a self-signed certificate is described as Argo CD generates it).
    pub chain: Vec<CertificateSummary>,
    /// Where the chain's validity dates come from. For a certificate Argo CD generates, the
    /// dates are not in the input: `notBefore`/`notAfter` then say so in words instead of
    /// giving an instant (they never depend on the report's `now`).
    pub dates: CertificateDates,
}

/// Where a served certificate's validity dates come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum CertificateDates {
    /// From the certificate in the input.
    FromCertificate,
    /// Generated at every start of the container, valid for 365 days from that start (the
    /// repo-server's and Dex's own certificates, reference §2.2): start-relative, never expires
    /// while the pod restarts at least once a year.
    StartRelative,
    /// Generated once, when argocd-server first started without a certificate, and persisted in
    /// `argocd-secret` (§2.2, §3.3): valid for 365 days from then, never renewed. That instant
    /// is not in the input; give `argocd-secret` (with its `tls.crt`) to know the real dates.
    UnknownPersisted,
}

/// A client → server connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct ConnectionReport {
    /// Client component.
    pub client: String,
    /// Server component.
    pub server: String,
    /// The address the client dials.
    pub address: String,
    /// `plaintext` or `tls`.
    pub transport: Transport,
    /// `none` (plaintext), `skip-verify` or `verify`.
    pub verification: Verification,
    /// The name checked against the certificate.
    pub server_name: Option<String>,
    /// Where the trust anchors come from.
    pub trust: Vec<String>,
    /// Whether the client presents a certificate.
    pub client_certificate: bool,
    /// `ok`, `fails` or `unknown`.
    pub outcome: Outcome,
    /// What each side logs when it fails.
    pub error: Option<ConnectionError>,
    /// What is negotiated: set only when the connection works (outcome `ok`) over TLS.
    pub negotiated: Option<Negotiated>,
    /// What the server's hello chose when the handshake got that far but the connection still
    /// fails (a certificate the client rejects, a client certificate the server rejects); `null`
    /// otherwise.
    pub server_hello: Option<Negotiated>,
}

/// The errors of a failing connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct ConnectionError {
    /// Client-side error text, as Argo CD logs it.
    pub client: String,
    /// Server-side error text: the error of the server's TLS handshake (Go's text). Note that
    /// grpc-go logs server handshake errors only at info level, so the repo-server shows it only
    /// with `--loglevel info` or lower; `null` when the server sees no error.
    pub server: Option<String>,
}

/// Negotiated parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Negotiated {
    /// `1.2` or `1.3`.
    pub version: String,
    /// Go's suite name.
    pub cipher_suite: String,
    /// ALPN protocol, if any.
    pub alpn: Option<String>,
}

/// An endpoint's grades (computed by the resolver's `grade` module).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Grade {
    /// The guideline used, e.g. `Mozilla Server Side TLS 6.0`.
    pub guideline: String,
    /// The strictest Mozilla profile met: `modern`, `intermediate`, or `none`.
    pub mozilla: String,
    /// Why the next stricter profile is not met.
    pub mozilla_gaps: Vec<String>,
    /// SSL-Labs-style grade: `A` at best (A+ needs HSTS, which is not a TLS setting), capped below.
    pub ssl_labs: String,
    /// The caps that apply, as `grade: reason`.
    pub caps: Vec<String>,
}

/// One way in to argocd-server: an edge object (or a Gateway with its route), the host the
/// clients dial, the two hops (client → edge, edge → argocd-server) and each client's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct WayInReport {
    /// The objects, e.g. `Ingress/argocd-server`, `Gateway/eg + GRPCRoute/argocd`.
    pub name: String,
    /// `Ingress`, `Gateway`, `Route` (OpenShift) or `Service`.
    pub kind: String,
    /// The controller or implementation whose behaviour is modelled: `ingress-nginx`,
    /// `aws-load-balancer-controller`, `gateway-api`, `openshift-router`, `load-balancer`, or
    /// `unknown`.
    pub controller: String,
    /// How the prediction is grounded.
    pub basis: EdgeBasis,
    /// The host clients dial (`""` when the object names none).
    pub host: String,
    /// Client → edge.
    pub client_hop: EdgeHop,
    /// Edge → argocd-server (`null` when nothing reaches it).
    pub backend_hop: Option<EdgeHop>,
    /// What each client gets through this way in.
    pub clients: Vec<ClientOutcome>,
    /// What the model assumes or cannot see (a controller flag, a Secret not in the input).
    pub notes: Vec<String>,
}

/// What a way-in prediction rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum EdgeBasis {
    /// The proxy's behaviour was run here: real nginx configured as ingress-nginx configures it
    /// (or a plain TCP path), in front of a Go server configured as argocd-server is
    /// (`tests/edge.rs`).
    Observed,
    /// The controller cannot be run here: the model follows its documentation.
    Documented,
    /// The controller is not known (state it for the `ingressClassName`).
    Unknown,
}

/// One hop of a way in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct EdgeHop {
    /// What is spoken: `https` (TLS, HTTP/2 and HTTP/1.1), `http`, `http/1.1`, `https/1.1`,
    /// `h2c`, `grpcs` (TLS with ALPN h2) or `tls-passthrough`.
    pub protocol: String,
    /// `plaintext` or `tls`.
    pub transport: Transport,
    /// How the side that dials checks the certificate (`none` for plaintext).
    pub verification: Verification,
    /// Where the served certificate comes from (`secret/argocd-ingress-tls`,
    /// `argocd-server (passthrough)`, `controller default certificate`); `null` for plaintext.
    pub certificate: Option<String>,
    /// The DNS names the served certificate is valid for, when known.
    pub certificate_names: Vec<String>,
    /// Whether the certificate is valid for the dialled name (`null`: not known).
    pub covers_host: Option<bool>,
    /// What fails on this hop (Go's text for a Go client; the proxy's result otherwise).
    pub error: Option<String>,
}

/// What one client gets through a way in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct ClientOutcome {
    /// `browser`, `argocd-cli` (gRPC), `argocd-cli --grpc-web`, `api-client` (webhooks,
    /// REST), `argocd-cli --insecure` (gRPC without checking the certificate), `browser
    /// http://` (typed without https, where the edge's port 80 is known) or `argocd-cli
    /// --grpc-web --grpc-web-root-path <root>` (with argocd-server's `--rootpath`).
    pub client: String,
    /// `ok`, `fails` or `unknown`.
    pub outcome: Outcome,
    /// What happens, as a closed set.
    pub result: ClientResult,
    /// The HTTP status codes the client sees, in order (a redirect chain shows each hop).
    pub statuses: Vec<u16>,
    /// What the client shows: the browser's error, or the CLI's error text (grpc-go / Go's).
    pub error: Option<String>,
    /// The setting that fixes it (server, annotation or CLI flag).
    pub fix: Option<String>,
}

/// The result of one client through a way in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum ClientResult {
    /// It works.
    Works,
    /// argocd-server's 307 to `https://` comes back through the edge forever
    /// (`ERR_TOO_MANY_REDIRECTS`).
    RedirectLoop,
    /// The proxy answers 502/503: it could not talk to argocd-server.
    BadGateway,
    /// The gRPC client gets an HTTP answer that is not gRPC (`unexpected content-type`, or an
    /// HTTP status gRPC does not expect).
    NotGrpc,
    /// The client rejects the certificate served at the edge.
    CertificateError,
    /// The connection is closed during the TLS handshake.
    ConnectionClosed,
    /// 404: the path asked is not routed to argocd-server by the edge, or is outside
    /// argocd-server's `--rootpath`.
    NotFound,
    /// Not predicted (unknown controller, or a Secret not in the input).
    Unknown,
}

/// The JSON Schema (draft 2020-12) of [`Report`], derived from the Rust types, pretty-printed
/// with a final newline: the file `pkg/report.schema.json` (written by `make docs`). Native builds
/// only: the wasm module does not carry it.
#[cfg(not(target_arch = "wasm32"))]
pub fn report_json_schema() -> String {
    let schema = schemars::schema_for!(Report);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Whether a connection works.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum Outcome {
    /// Every call succeeds.
    Ok,
    /// Every call fails (see `error`).
    Fails,
    /// The planner cannot tell (e.g. a service mesh terminates TLS in between).
    Unknown,
}

/// What the client speaks on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum Transport {
    /// No TLS.
    Plaintext,
    /// TLS.
    Tls,
}

/// How the client checks the server's certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum Verification {
    /// Plaintext: nothing to verify.
    None,
    /// TLS with `InsecureSkipVerify`: any certificate is accepted.
    SkipVerify,
    /// TLS with chain and host-name verification.
    Verify,
}

macro_rules! as_str {
    ($t:ty { $($v:ident => $s:literal),* $(,)? }) => {
        impl $t {
            /// The JSON value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$v => $s),*
                }
            }
        }
        impl core::fmt::Display for $t {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    };
}

as_str!(CertificateDates { FromCertificate => "fromCertificate", StartRelative => "startRelative", UnknownPersisted => "unknownPersisted" });
as_str!(Outcome { Ok => "ok", Fails => "fails", Unknown => "unknown" });
as_str!(Transport { Plaintext => "plaintext", Tls => "tls" });
as_str!(Verification { None => "none", SkipVerify => "skip-verify", Verify => "verify" });

/// A setting's value and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct SettingSource {
    /// The value in effect (`""` when empty).
    pub value: String,
    /// The kind of source.
    pub kind: SourceKind,
    /// The source's name: the flag as written (`--insecure`), the environment variable, the
    /// ConfigMap or Secret key (`server.insecure`), or the rule (`default cipher suites of Argo CD
    /// 3.5.1`); `null` for a plain default.
    pub name: Option<String>,
    /// The ConfigMap (kind `configMapKey`) or Secret (kind `secretKey`) that holds the key.
    pub object: Option<String>,
    /// The environment variable that carries a ConfigMap or Secret key into the process.
    pub env: Option<String>,
}

/// Where a setting's value comes from, in Argo CD's order of precedence (flag > environment >
/// default).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum SourceKind {
    /// A command-line flag in the container's command or args.
    Flag,
    /// An environment variable with a literal value.
    Env,
    /// An environment variable bound to a ConfigMap key (`argocd-cmd-params-cm` for Argo CD's
    /// own settings).
    ConfigMapKey,
    /// An environment variable bound to a Secret key.
    SecretKey,
    /// Argo CD's built-in default, the same in every modelled version.
    Default,
    /// A default that depends on the Argo CD version (the default cipher suites).
    VersionRule,
}
