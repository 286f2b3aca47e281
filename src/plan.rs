//! Plans: from today's installation to a target, in steps that never break a connection that
//! works today — every state between steps and every mixed state during a rollout resolved.
//!
//! The input is the installation as read and the [`Change`]s that lead to the target (the
//! posture layer makes them). The planner orders the changes and the restarts they need,
//! resolving each transition with the state model in [`state`]: which revision of the
//! manifests each component's pods started with (reference §17), old and new pods side by
//! side while a Deployment rolls out, a one-replica StatefulSet absent between its pods.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Component, Installation};
use crate::report::Report;
use crate::resolve::{Options, ResolveError};

pub(crate) mod change;
mod front;
pub(crate) mod posture;
mod render;
mod search;
mod state;
mod view;

pub use change::{ApplyHow, Change, Edit, KubeObject, REDACTED, apply_changes};
pub use front::{
    PlanOutput, PlanRequest, current_installation, issuance_for, plan_from_text, plan_installation,
    plan_json, read_posture_text, rotation_target,
};
#[cfg(not(target_arch = "wasm32"))]
pub use posture::posture_json_schema;
pub use posture::{
    CertificateSource, DexPosture, EdgePosture, EdgeTermination, Issuance, IssuedPem, IssuerKind,
    IssuerRef, KeyType, Mesh, MozillaProfile, MtlsPosture, Posture, PostureError, PostureOptions,
    PrivateKeyPolicy, RedisPosture, RepoClient, RepoServerPosture, Reset, RotatedEndpoint,
    Rotation, RotationInfo, RotationKind, RotationPolicy, ServerPosture, TlsPolicy, bundle,
    changes as posture_changes, issuance_requests, kustomize_overlay, read_posture, rotation_info,
    rotation_start, stand_in_issued, yaml_documents,
};
pub use render::{render_plan_script, render_plan_text};
use search::{Action, Node, Planner, RESTART_ORDER};
pub use search::{plan, plan_from_scratch};
pub use view::{BrokenWay, PairView, PodGroupView, StateView};

/// What the caller decides for a plan.
#[derive(Clone, Debug)]
pub struct PlanOptions {
    /// How every state is resolved (instant, version, namespace).
    pub resolve: Options,
    /// Components whose pods did not start with the manifests given as `current` but with
    /// these (a plan resumed after some of its changes were applied and before the restarts).
    pub started_with: BTreeMap<Component, Installation>,
    /// Changes already applied (a resumed plan): a change may come `after` one of them.
    pub applied: Vec<String>,
    /// How many transitions the search may resolve before it gives up looking for a safe
    /// order (each is one or more resolves).
    pub budget: usize,
}

impl PlanOptions {
    /// Defaults around `resolve`.
    pub fn new(resolve: Options) -> Self {
        Self {
            resolve,
            started_with: BTreeMap::new(),
            applied: Vec::new(),
            budget: 4_000,
        }
    }
}

/// A plan: the contract (`schemaVersion` 2) the CLI, npm package and page all emit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Plan {
    /// Always [`Plan::SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The Argo CD version modelled.
    pub argocd_version: String,
    /// The namespace.
    pub namespace: String,
    /// The instant every state is resolved at (RFC 3339).
    pub now: String,
    /// Whether every state and mixed state keeps every connection that works today.
    pub safe: bool,
    /// One sentence: how many steps, safe or not, and if not what breaks for how long.
    pub summary: String,
    /// The connections that work today (`client->server`): what must keep working.
    pub baseline: Vec<String>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// What the naive order (apply everything, then restart everything at once) breaks.
    pub naive: Naive,
    /// The report of the target state (every component restarted on the final manifests).
    pub target: Report,
    /// What a rotation plan rotates and by when (`null` for other plans).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation: Option<RotationInfo>,
}

impl Plan {
    /// The version of this shape: 2 (1 gave a state's `brokenWays` as strings, without what the
    /// client sees).
    pub const SCHEMA_VERSION: u32 = 2;
}

/// The plan's JSON Schema (draft 2020-12), derived from these types (`pkg/plan.schema.json`).
#[cfg(not(target_arch = "wasm32"))]
pub fn plan_json_schema() -> String {
    let schema = schemars::schema_for!(Plan);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// One step of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Step {
    /// 1-based position.
    pub number: u32,
    /// What the step does.
    pub title: String,
    /// `apply` (a change; its pod-template edits roll out at once) or `restart`.
    pub kind: StepKind,
    /// The change applied (`apply` steps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// The components whose pods are replaced in this step.
    pub restarts: Vec<String>,
    /// The objects to apply (private keys redacted).
    pub objects: Vec<KubeObject>,
    /// The commands, in order: apply/patch, restarts, waits.
    pub commands: Vec<String>,
    /// How to check afterwards that the step did what the plan says.
    pub checks: Vec<LiveCheck>,
    /// Why the step is here: what would break if it came one step earlier.
    pub why: String,
    /// The states during (mixed) and after the step, resolved.
    pub states: Vec<StateView>,
}

/// The kind of a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum StepKind {
    /// Apply a change.
    Apply,
    /// Restart components (a rollout).
    Restart,
}

/// A check an operator runs after a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct LiveCheck {
    /// The shell command.
    pub command: String,
    /// What it should print (or what must not appear).
    pub expect: String,
}

/// What the naive order does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Naive {
    /// How the naive order goes.
    pub description: String,
    /// Whether it is safe too.
    pub safe: bool,
    /// The states it passes through.
    pub states: Vec<StateView>,
}

/// Why a plan could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    /// The version is not modelled.
    Resolve(ResolveError),
    /// A change names a change to come after that is not in the list, or the order forms a
    /// cycle.
    Order(String),
}

impl core::fmt::Display for PlanError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Resolve(e) => e.fmt(f),
            Self::Order(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for PlanError {}

impl From<ResolveError> for PlanError {
    fn from(e: ResolveError) -> Self {
        Self::Resolve(e)
    }
}

#[cfg(test)]
mod tests;
