//! `check`: manifests in, rendered report out — what the native CLI and the npm package's `bin`
//! both run, so the two cannot disagree on output or exit status.

use crate::model::manifest::read_manifests;
use crate::model::standard::standard_install;
use crate::resolve::{Options, resolve};

/// How the report is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// For terminals.
    Text,
    /// The report JSON (schemaVersion 2).
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

impl OutputFormat {
    /// `text`, `json` or `sarif`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "text" => Some(Self::Text),
            "json" => Some(Self::Json),
            "sarif" => Some(Self::Sarif),
            _ => None,
        }
    }
}

/// What `check` does besides resolving.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// Resolution options (now, version, namespace).
    pub resolve: Options,
    /// Lay the input over the standard install of the version (for change sets).
    pub base_standard: bool,
    /// Output format.
    pub format: OutputFormat,
}

/// The rendered report and whether it has an error-severity finding (exit status 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckOutput {
    /// What to print on stdout.
    pub output: String,
    /// Whether any finding has severity `error`.
    pub has_errors: bool,
}

/// Reads the inputs, resolves, renders.
///
/// # Errors
/// A message naming the file and position for unreadable input, or an unsupported version
/// (exit status 2).
pub fn check(inputs: &[(&str, &str)], opts: &CheckOptions) -> Result<CheckOutput, String> {
    let mut install = read_manifests(inputs).map_err(|e| e.to_string())?;
    if opts.base_standard {
        let version = opts
            .resolve
            .argocd_version
            .clone()
            .unwrap_or_else(|| crate::argo::version::NEWEST_RELEASE.to_string());
        let namespace = opts
            .resolve
            .namespace
            .clone()
            .or_else(|| install.namespace.clone())
            .unwrap_or_else(|| "argocd".to_string());
        install = standard_install(&version, &namespace).overlay(install);
    }
    let report = resolve(&install, &opts.resolve).map_err(|e| e.to_string())?;
    let output = match opts.format {
        OutputFormat::Json => {
            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n"
        }
        OutputFormat::Sarif => {
            serde_json::to_string_pretty(&crate::render::render_sarif(&report, &install))
                .map_err(|e| e.to_string())?
                + "\n"
        }
        OutputFormat::Text => crate::render::render_text(&report),
    };
    Ok(CheckOutput {
        output,
        has_errors: report.has_errors(),
    })
}
