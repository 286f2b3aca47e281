//! The one front door to plans for the CLI, the npm package and the page: manifests as text
//! (laid by the input rule, like `check`), a posture document, the certificates issued outside
//! the core; out comes the plan and the changes it orders (for the bundle). The same inputs give
//! the same plan JSON on every surface.

use std::collections::BTreeMap;

use super::posture::{self, IssuedPem, Posture, PostureOptions};
use super::{Change, Plan, PlanOptions};
use crate::check::read_inputs;
use crate::model::Installation;
use crate::resolve::Options;

/// What a plan request carries beside the manifests and the posture.
#[derive(Clone, Debug)]
pub struct PlanRequest {
    /// Resolution options (now, version, namespace).
    pub resolve: Options,
    /// Lay the input over the standard install of the version.
    pub base_standard: bool,
    /// Certificates issued outside the core (see [`posture::issuance_requests`]), by id.
    pub issued: BTreeMap<String, IssuedPem>,
}

/// A plan with what it was made from.
#[derive(Clone, Debug)]
pub struct PlanOutput {
    /// Today's installation as the input rule laid it (for a rotation of cert-manager
    /// certificates, with today's stand-ins: see [`posture::rotation_start`]).
    pub installation: Installation,
    /// The posture read.
    pub posture: Posture,
    /// The changes (with their private keys: for the bundle only).
    pub changes: Vec<Change>,
    /// The plan.
    pub plan: Plan,
}

/// A posture read from its text, with the error that says where it is wrong.
///
/// # Errors
/// The reader's message with line and column.
pub fn read_posture_text(text: &str) -> Result<Posture, String> {
    posture::read_posture(text).map_err(|e| e.to_string())
}

/// Today's installation from the inputs (the input rule, as `check` lays them).
///
/// # Errors
/// A message naming the file and position for unreadable input.
pub fn current_installation(
    inputs: &[(&str, &str)],
    request: &PlanRequest,
) -> Result<Installation, String> {
    read_inputs(
        inputs,
        request.base_standard,
        request.resolve.argocd_version.as_deref(),
        request.resolve.namespace.as_deref(),
    )
}

/// Plans from manifests as text to the posture in `posture_text`.
///
/// # Errors
/// Unreadable input, an unreadable or impossible posture, a certificate to be issued that was
/// not passed, an unmodelled version — as one message.
pub fn plan_from_text(
    inputs: &[(&str, &str)],
    posture_text: &str,
    request: &PlanRequest,
) -> Result<PlanOutput, String> {
    let installation = current_installation(inputs, request)?;
    plan_installation(installation, posture_text, request)
}

/// Plans from an installation already read (the page's state) to the posture in
/// `posture_text`.
///
/// # Errors
/// As [`plan_from_text`].
pub fn plan_installation(
    installation: Installation,
    posture_text: &str,
    request: &PlanRequest,
) -> Result<PlanOutput, String> {
    let posture = read_posture_text(posture_text)?;
    let options = PostureOptions {
        now: request.resolve.now,
        argocd_version: request.resolve.argocd_version.clone(),
        namespace: request.resolve.namespace.clone(),
        issued: request.issued.clone(),
    };
    // By when: from the certificates as read (their real dates).
    let rotation =
        posture::rotation_info(&installation, &posture, &options).map_err(|e| e.to_string())?;
    // A rotation starts from today's certificates as cert-manager wrote them (stand-ins).
    let installation =
        posture::rotation_start(&installation, &posture, &options).map_err(|e| e.to_string())?;
    let changes = posture::changes(&installation, &posture, &options).map_err(|e| e.to_string())?;
    let mut plan = super::plan(
        &installation,
        &changes,
        &PlanOptions::new(request.resolve.clone()),
    )
    .map_err(|e| e.to_string())?;
    plan.rotation = rotation;
    Ok(PlanOutput {
        installation,
        posture,
        changes,
        plan,
    })
}

/// The certificates `posture_text` wants made outside the core (by the CLI with the OS's
/// randomness, by the page with WebCrypto), for [`PlanRequest::issued`].
///
/// # Errors
/// An unreadable or impossible posture.
pub fn issuance_for(
    installation: &Installation,
    posture_text: &str,
    request: &PlanRequest,
) -> Result<Vec<posture::Issuance>, String> {
    let posture = read_posture_text(posture_text)?;
    let options = PostureOptions {
        now: request.resolve.now,
        argocd_version: request.resolve.argocd_version.clone(),
        namespace: request.resolve.namespace.clone(),
        issued: BTreeMap::new(),
    };
    posture::issuance_requests(installation, &posture, &options).map_err(|e| e.to_string())
}

/// The plan's JSON as every surface prints it (pretty, final newline).
pub fn plan_json(plan: &Plan) -> String {
    serde_json::to_string_pretty(plan).unwrap_or_default() + "\n"
}

/// A rotation's target: `posture_text`'s `rotate` part (its endpoints and certificate source;
/// blank text: none) with the kind `kind` — `leaf`, `ca`, `compromised`, `dex-leaf` (or the
/// posture's spelling `dexLeaf`) — and, when given, the margin in days; as posture JSON. The
/// CLI's `--rotate`, the npm bin's and the page's Rotate action all make their target here.
///
/// # Errors
/// An unknown kind, an unreadable posture.
pub fn rotation_target(
    posture_text: &str,
    kind: &str,
    margin_days: Option<u32>,
) -> Result<String, String> {
    let kind = match kind {
        "leaf" => posture::RotationKind::Leaf,
        "ca" => posture::RotationKind::Ca,
        "compromised" => posture::RotationKind::Compromised,
        "dex-leaf" | "dexLeaf" => posture::RotationKind::DexLeaf,
        other => {
            return Err(format!(
                "the rotation must be leaf, ca, compromised or dex-leaf, not `{other}`"
            ));
        }
    };
    let mut posture = if posture_text.trim().is_empty() {
        Posture::default()
    } else {
        read_posture_text(posture_text)?
    };
    let mut rotation = posture.rotate.take().unwrap_or(posture::Rotation {
        kind,
        endpoints: Vec::new(),
        certificate: None,
        margin_days: None,
    });
    rotation.kind = kind;
    if margin_days.is_some() {
        rotation.margin_days = margin_days;
    }
    posture.rotate = Some(rotation);
    serde_json::to_string(&posture).map_err(|e| e.to_string())
}
