//! The settings table as data for the page's forms and the docs: one [`SettingInfo`] per row of
//! [`SETTINGS`], with its kind and first version as text.

use super::table::{Kind, SETTINGS, Since};

/// One row of the settings table as data (for forms and docs).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SettingInfo {
    /// The component that reads it.
    pub component: &'static str,
    /// The flag without dashes.
    pub flag: Option<&'static str>,
    /// The environment variable.
    pub env: Option<&'static str>,
    /// The `argocd-cmd-params-cm` key.
    pub key: Option<&'static str>,
    /// `bool` or `text`.
    pub kind: &'static str,
    /// The default (`<default ciphers>` stands for the version's default cipher string).
    pub default: &'static str,
    /// The first version that has it.
    pub since: &'static str,
}

/// The settings table as data.
pub fn settings_catalog() -> Vec<SettingInfo> {
    SETTINGS
        .iter()
        .map(|s| SettingInfo {
            component: s.component.name(),
            flag: s.flag,
            env: s.env,
            key: s.key,
            kind: match s.kind {
                Kind::Bool => "bool",
                Kind::Text => "text",
            },
            default: s.default,
            since: match s.since {
                Since::Always => "2.4.0",
                Since::V2_5 => "2.5.0",
                Since::V3_5 => "3.5.0",
            },
        })
        .collect()
}
