//! Findings: what the planner tells the operator, with stable codes.

use serde::Serialize;

pub(crate) mod code;

pub use code::{CODES, Code, EXPIRY_WARNING_DAYS, Severity, code_docs_page};

/// One finding about a readable deployment. Field names are a JSON contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Finding {
    /// Stable code, e.g. `TLS204`.
    pub code: String,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// The code's title.
    pub title: String,
    /// What is wrong here, with the actual values.
    pub message: String,
    /// The concrete change that fixes it (names the `argocd-cmd-params-cm` key and the flag).
    pub hint: String,
    /// What it is about: component names, or `client->server` for connections.
    pub subjects: Vec<String>,
    /// The code's documentation page.
    pub docs: String,
}

impl Finding {
    /// Only the constructors in [`code`] call this: the texts live beside the registry rows.
    fn new(
        code: &Code,
        message: impl Into<String>,
        hint: impl Into<String>,
        subjects: Vec<String>,
    ) -> Self {
        Self {
            code: code.code.to_string(),
            severity: code.severity,
            title: code.title.to_string(),
            message: message.into(),
            hint: hint.into(),
            subjects,
            docs: code.docs_url(),
        }
    }
}
