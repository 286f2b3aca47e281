//! The timeline contract (`schemaVersion` 1, `pkg/timeline.schema.json`): the options and every
//! type a timeline is made of. The computation is in the parent module.

use serde::Serialize;

use crate::report::{CertificateDates, ConnectionError, Outcome};
use crate::time::UnixTime;

/// What the caller decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineOptions {
    /// The start of the window (the state there is `initial`).
    pub from: UnixTime,
    /// The end of the window (inclusive).
    pub until: UnixTime,
    /// How long before an outage the user should act (days).
    pub margin_days: u32,
    /// The Argo CD version; default as for [`crate::resolve()`].
    pub argocd_version: Option<String>,
    /// The namespace; default as for [`crate::resolve()`].
    pub namespace: Option<String>,
}

/// The timeline of one installation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Timeline {
    /// Always [`Timeline::SCHEMA_VERSION`] (1) for this shape.
    pub schema_version: u32,
    /// The Argo CD version modelled.
    pub argocd_version: String,
    /// The namespace.
    pub namespace: String,
    /// Start of the window (RFC 3339).
    pub from: String,
    /// End of the window (RFC 3339, inclusive).
    pub until: String,
    /// The margin used for `firstOutage.actBefore` (days).
    pub margin_days: u32,
    /// The first answer, in one sentence.
    pub summary: String,
    /// The first instant in the window where something that worked stops working; `null` when
    /// nothing does.
    pub first_outage: Option<Outage>,
    /// Every certificate that matters, by `notAfter`, then the generated ones (no dates).
    pub certificates: Vec<TimelineCertificate>,
    /// Each connection as it is at `from`.
    pub initial: Vec<ConnectionState>,
    /// TLS endpoints whose served chain is not valid at `from` already.
    pub initial_endpoints: Vec<EndpointState>,
    /// Every instant in the window where a certificate's validity changes or cert-manager renews
    /// one, in time order.
    pub instants: Vec<TimelineInstant>,
    /// What the timeline cannot know (generated certificates, renewals the pods do not see).
    pub notes: Vec<String>,
}

impl Timeline {
    /// The version of this shape.
    pub const SCHEMA_VERSION: u32 = 1;

    /// Whether an outage falls at or before `deadline` (`check --fail-within`).
    pub fn outage_by(&self, deadline: UnixTime) -> bool {
        self.first_outage
            .as_ref()
            .is_some_and(|o| UnixTime::parse_rfc3339(&o.after).is_ok_and(|after| after <= deadline))
    }
}

/// A certificate on the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct TimelineCertificate {
    /// The SHA-256 fingerprint (as in `CertificateSummary`), or `generated:<component>:<port>`.
    pub id: String,
    /// Subject in Go's form.
    pub subject: String,
    /// Issuer in Go's form.
    pub issuer: String,
    /// Whether it is a CA.
    pub is_ca: bool,
    /// Start of validity (RFC 3339); `null` when the dates are not in the input.
    pub not_before: Option<String>,
    /// End of validity (RFC 3339); `null` when the dates are not in the input.
    pub not_after: Option<String>,
    /// Where the dates come from (`fromCertificate`, or words for a generated certificate).
    pub dates: CertificateDates,
    /// Who reads it, from where, how and when.
    pub roles: Vec<CertificateRole>,
    /// cert-manager's renewal of the Secret holding it, if a `Certificate` manages that Secret.
    pub renewal: Option<Renewal>,
}

/// One reading of a certificate by a component.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct CertificateRole {
    /// What it is to that component.
    pub kind: RoleKind,
    /// The component.
    pub component: String,
    /// `secret/<name> <key>` (or `self-signed`).
    pub source: String,
    /// The file path inside the container, for a Secret volume.
    pub path: Option<String>,
    /// When the component reads it.
    pub read: ReadWhen,
}

/// What a certificate is to a component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum RoleKind {
    /// The leaf the component serves.
    Served,
    /// A certificate behind the served leaf in the served chain.
    ServedChain,
    /// In a trust file (`ca.crt`, `client-ca.crt`, …).
    TrustAnchor,
    /// A client certificate the component presents (mTLS).
    ClientCertificate,
    /// The Dex leaf argocd-server reads (strict mode pins it, §7).
    PinnedDexLeaf,
    /// Read (by key name, none of the above).
    Read,
}

/// When a component reads a certificate (reference §17).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum ReadWhen {
    /// From a file, once at container start: a new certificate needs a restart.
    AtStart,
    /// Through the API, re-read when the Secret changes (argocd-server, §3.4).
    HotReload,
    /// Through the API, but a change is not picked up without a restart (an unlabelled Secret on
    /// 3.5+, or a release that captures the certificate at listener start).
    ApiAtStart,
}

/// cert-manager's renewal of a certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Renewal {
    /// The `Certificate`'s name.
    pub certificate: String,
    /// The Secret it writes.
    pub secret: String,
    /// When cert-manager writes the new certificate (RFC 3339).
    pub renews_at: String,
    /// The new certificate's `notAfter` (renewal + `duration`).
    pub new_not_after: String,
    /// Components that pick the new certificate up themselves.
    pub picked_up_by: Vec<String>,
    /// Components that keep the old one until restarted: restart them after `renewsAt` and
    /// before the old `notAfter`.
    pub restart_needed: Vec<String>,
}

/// A connection at one instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct ConnectionState {
    /// Client component.
    pub client: String,
    /// Server component.
    pub server: String,
    /// Whether it works.
    pub outcome: Outcome,
    /// What each side logs when it fails.
    pub error: Option<ConnectionError>,
}

/// A TLS endpoint's served chain at one instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct EndpointState {
    /// The component.
    pub component: String,
    /// The port.
    pub port: u16,
    /// Whether every certificate of the served chain is valid then.
    pub valid: bool,
    /// Go's error for a client that trusts the top of the served chain (or a CA in the input),
    /// without a host-name check: the validity part of what every verifying client sees.
    pub error: Option<String>,
}

/// One instant where something changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct TimelineInstant {
    /// The date in the certificate (or the renewal), RFC 3339.
    pub at: String,
    /// The last second of the old state (resolved).
    pub before: String,
    /// The first second of the new state (resolved).
    pub after: String,
    /// What happens then.
    pub events: Vec<CertificateEvent>,
    /// Connections whose outcome or error changes.
    pub changes: Vec<ConnectionChange>,
    /// Endpoints whose served chain becomes valid or invalid.
    pub endpoints: Vec<EndpointChange>,
    /// Whether something that worked stops working: a connection, or argocd-server's served
    /// chain (its clients, browsers and the argocd CLI, are outside the model).
    pub outage: bool,
    /// What to do about it (empty when nothing breaks).
    pub action: Option<String>,
}

/// A certificate's date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct CertificateEvent {
    /// The certificate's `id`.
    pub certificate: String,
    /// Its subject.
    pub subject: String,
    /// Which date.
    pub kind: EventKind,
}

/// Which date of a certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum EventKind {
    /// It becomes valid.
    NotBefore,
    /// It stops being valid (one second after `notAfter`).
    NotAfter,
    /// cert-manager writes its successor into the Secret.
    Renewal,
}

/// A connection's change at an instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct ConnectionChange {
    /// Client component.
    pub client: String,
    /// Server component.
    pub server: String,
    /// At `before`.
    pub before: ConnectionState,
    /// At `after`.
    pub after: ConnectionState,
}

/// An endpoint's change at an instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct EndpointChange {
    /// At `before`.
    pub before: EndpointState,
    /// At `after`.
    pub after: EndpointState,
    /// cert-manager renews the served certificate before this and the component hot-reloads
    /// it: not an outage if cert-manager does its job.
    pub averted_by_renewal: bool,
}

/// The first outage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Outage {
    /// The certificate date (RFC 3339).
    pub at: String,
    /// The first second it fails.
    pub after: String,
    /// `client → server`, or `clients → argocd-server :8080` when its served chain is rejected
    /// by every verifying client.
    pub what: String,
    /// Go's error text then (the client's).
    pub error: String,
    /// `at` minus the margin.
    pub act_before: String,
    /// What to do.
    pub action: String,
}
