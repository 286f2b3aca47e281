//! The report: what the planner predicts. Field names are a JSON contract (`schemaVersion` 1)
//! read by other tools and tests; add fields, never rename them.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::CertificateSummary;
use crate::diagnostics::{Finding, Severity};

/// The whole prediction for one installation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Report {
    /// Always 1 for this shape.
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
}

impl Report {
    /// Whether any finding has severity `error`.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// A component.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
pub struct EndpointReport {
    /// e.g. `grpc`, `https`, `metrics`.
    pub name: String,
    /// Container port.
    pub port: u16,
    /// e.g. `grpc`, `https+grpc`, `http`.
    pub protocol: String,
    /// TLS as served; `null` for plaintext.
    pub tls: Option<TlsReport>,
    /// Where each setting's value came from (setting → flag / env / argocd-cmd-params-cm key / default).
    pub sources: BTreeMap<String, String>,
    /// Grades against Mozilla's guidelines and SSL-Labs-style caps (TLS endpoints only).
    pub grade: Option<crate::resolve::grade::Grade>,
}

/// TLS as an endpoint serves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
pub struct CertificateReport {
    /// `secret/argocd-server-tls`, `secret/argocd-secret`, `secret/argocd-repo-server-tls`, `self-signed`, …
    pub source: String,
    /// Whether it survives a restart.
    pub persistent: bool,
    /// Whether a change is picked up without a restart.
    pub hot_reload: bool,
    /// The chain as served, leaf first (a self-signed certificate is described as Argo CD generates it).
    pub chain: Vec<CertificateSummary>,
}

/// A client → server connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ConnectionReport {
    /// Client component.
    pub client: String,
    /// Server component.
    pub server: String,
    /// The address the client dials.
    pub address: String,
    /// `plaintext` or `tls`.
    pub transport: String,
    /// `none` (plaintext), `skip-verify` or `verify`.
    pub verification: String,
    /// The name checked against the certificate.
    pub server_name: Option<String>,
    /// Where the trust anchors come from.
    pub trust: Vec<String>,
    /// Whether the client presents a certificate.
    pub client_certificate: bool,
    /// `ok`, `fails` or `unknown`.
    pub outcome: String,
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
pub struct Negotiated {
    /// `1.2` or `1.3`.
    pub version: String,
    /// Go's suite name.
    pub cipher_suite: String,
    /// ALPN protocol, if any.
    pub alpn: Option<String>,
}
