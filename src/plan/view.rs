//! How a plan shows one state: its pod groups, every client group → server group pair, and the
//! ways in that break there (part of the plan contract, `pkg/plan.schema.json`).

use serde::Serialize;

use crate::report::{ConnectionError, Outcome, Transport, Verification};

/// One state of a plan, resolved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct StateView {
    /// `during` (a rollout: old and new pods) or `after`.
    pub when: String,
    /// The revision of the manifests applied: 0 today's, `k` after the plan's `k`-th change
    /// (`-1`: older manifests some pods of a resumed plan started with).
    pub revision: i32,
    /// Every pod group: which revision it started with and whether it runs.
    pub pods: Vec<PodGroupView>,
    /// Every client pod group → server pod group pair.
    pub connections: Vec<PairView>,
    /// The ways in × clients (issue 15) that work today and fail here through some Ready
    /// argocd-server group, with what the client sees.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub broken_ways: Vec<BrokenWay>,
    /// No connection or way in that works today fails and every component that runs today
    /// runs.
    pub safe: bool,
}

/// A way in × client that works today and fails in a state (issue 15): what the client sees,
/// as the report's way in gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct BrokenWay {
    /// The way in, e.g. `Ingress/argocd-server`.
    pub way: String,
    /// The client, e.g. `browser`, `argocd-cli`.
    pub client: String,
    /// What happens, as a closed set.
    pub result: crate::report::ClientResult,
    /// The HTTP status codes the client sees, in order (a redirect chain shows each hop).
    pub statuses: Vec<u16>,
    /// What the client shows: the browser's error, or the CLI's error text (grpc-go / Go's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl BrokenWay {
    /// `<way> / <client>`.
    pub fn name(&self) -> String {
        format!("{} / {}", self.way, self.client)
    }

    /// What the client sees in words: its error, else the statuses.
    pub fn outcome_text(&self) -> String {
        match (&self.error, self.statuses.as_slice()) {
            (Some(e), _) => e.clone(),
            (None, []) => "fails".to_string(),
            (None, s) => format!(
                "HTTP {}",
                s.iter().map(u16::to_string).collect::<Vec<_>>().join(" → ")
            ),
        }
    }
}

/// A component's pods that started with one revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct PodGroupView {
    /// The component.
    pub component: String,
    /// The revision its pods started with.
    pub revision: i32,
    /// Whether they start (a rollout whose new pods do not start never completes).
    pub starts: bool,
    /// What they log when they do not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub startup_error: Option<String>,
}

/// One client pod group → server pod group connection in a state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct PairView {
    /// The client component.
    pub client: String,
    /// The revision the client's pods started with.
    pub client_revision: i32,
    /// The server component.
    pub server: String,
    /// The revision the server's pods started with.
    pub server_revision: i32,
    /// `plaintext` or `tls`: how the client's pods dial.
    pub transport: Transport,
    /// `none` (plaintext), `skip-verify` or `verify`: whether the client's pods check the
    /// certificate.
    pub verification: Verification,
    /// `ok`, `fails`, …
    pub outcome: Outcome,
    /// What each side logs when it fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ConnectionError>,
    /// Whether this connection works today (a failure then is a regression).
    pub works_today: bool,
}
