//! `check`: manifests in, rendered report out — what the native CLI and the npm package's `bin`
//! both run, so the two cannot disagree on output or exit status — and [`resolve_sources`], the input rule
//! plus resolution, which `check`, the npm package and the page share.

use crate::findings::Finding;
use crate::findings::code;
use crate::model::Installation;
use crate::model::inputs::{Combined, InputSource, Override, combine};
use crate::model::manifest::{MAX_INPUT_BYTES, read_manifests};
use crate::model::standard::standard_install;
use crate::report::Report;
use crate::resolve::{Engine, Options, ResolveError};
use crate::time::UnixTime;
use crate::timeline::{TimelineOptions, timeline};

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

/// The label of the standard-install base in findings, e.g. `base standard 3.5.1`.
pub fn base_label(version: &str) -> String {
    format!("base standard {version}")
}

/// Lays the sources by the input rule ([`combine`]), resolves the result and adds the input
/// findings: one `TLS015` per override (naming both sources) and `TLS016` when no Argo CD
/// workload is left to resolve. Returns the installation resolved and its report.
///
/// # Errors
/// [`ResolveError`] for an unsupported version.
pub fn resolve_sources(
    sources: &[InputSource],
    options: &Options,
) -> Result<(Installation, Report), ResolveError> {
    resolve_sources_with(&mut Engine::new(), sources, options)
}

/// [`resolve_sources`] through `engine`, which keeps what earlier resolves computed (the npm
/// package's `Engine` class). The result is the one [`resolve_sources`] gives.
///
/// # Errors
/// [`ResolveError`] for an unsupported version.
pub fn resolve_sources_with(
    engine: &mut Engine,
    sources: &[InputSource],
    options: &Options,
) -> Result<(Installation, Report), ResolveError> {
    let Combined {
        installation,
        overrides,
    } = combine(sources);
    let mut report = engine.resolve(&installation, options)?;
    let mut findings: Vec<Finding> = workload_findings(&overrides);
    findings.extend(
        overrides
            .iter()
            .filter(|o| !is_workload(o))
            .map(override_finding),
    );
    if installation.workloads.is_empty() {
        let labels: Vec<&str> = sources.iter().map(|s| s.label.as_str()).collect();
        findings.push(code::nothing_deployed(&labels));
    }
    findings.append(&mut report.findings);
    report.findings = findings;
    Ok((installation, report))
}

fn is_workload(o: &Override) -> bool {
    o.kind != "ConfigMap" && o.kind != "Secret"
}

/// One finding per pair of sources for replaced workloads: an install laid over the standard
/// install replaces every workload, which is one fact, not seven.
fn workload_findings(overrides: &[Override]) -> Vec<Finding> {
    let mut pairs: Vec<((&str, &str), Vec<String>)> = Vec::new();
    for o in overrides.iter().filter(|o| is_workload(o)) {
        let key = (o.earlier.as_str(), o.later.as_str());
        let name = format!("{} {}", o.kind, o.name);
        match pairs.iter_mut().find(|(k, _)| *k == key) {
            Some((_, names)) => names.push(name),
            None => pairs.push((key, vec![name])),
        }
    }
    pairs
        .into_iter()
        .map(|((earlier, later), names)| code::input_override_workloads(earlier, later, &names))
        .collect()
}

fn override_finding(o: &Override) -> Finding {
    code::input_override(&o.kind, &o.name, &o.earlier, &o.later, &o.keys, &o.unset)
}

/// Reads the inputs, resolves, renders. Each input is its own source, in the order given, after
/// the standard install of the version when `base_standard` is set.
///
/// # Errors
/// A message naming the file and position for unreadable input, or an unsupported version
/// (exit status 2).
pub fn check(inputs: &[(&str, &str)], opts: &CheckOptions) -> Result<CheckOutput, String> {
    check_within(inputs, opts, None)
}

/// [`check`] with `--fail-within`: also fail (exit status 1) when the timeline from `now` has an
/// outage within `fail_within` seconds; SARIF then carries one result per outage, with its date,
/// and text ends with the timeline's first answer.
///
/// # Errors
/// As [`check`].
pub fn check_within(
    inputs: &[(&str, &str)],
    opts: &CheckOptions,
    fail_within: Option<i64>,
) -> Result<CheckOutput, String> {
    let sources = read_sources(
        inputs,
        opts.base_standard,
        opts.resolve.argocd_version.as_deref(),
        opts.resolve.namespace.as_deref(),
    )?;
    let (install, report) = resolve_sources(&sources, &opts.resolve).map_err(|e| e.to_string())?;
    let within = match fail_within {
        Some(secs) => {
            let now = opts.resolve.now;
            let t = timeline(
                &install,
                &TimelineOptions {
                    from: now,
                    until: UnixTime::from_secs(now.as_secs().saturating_add(secs)),
                    margin_days: 0,
                    argocd_version: opts.resolve.argocd_version.clone(),
                    namespace: opts.resolve.namespace.clone(),
                },
            )
            .map_err(|e| e.to_string())?;
            Some(t)
        }
        None => None,
    };
    let outage = within
        .as_ref()
        .is_some_and(|t| UnixTime::parse_rfc3339(&t.until).is_ok_and(|until| t.outage_by(until)));
    let output = match opts.format {
        OutputFormat::Json => {
            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n"
        }
        OutputFormat::Sarif => {
            let mut sarif = crate::render::render_sarif(&report, &install);
            if let Some(t) = &within {
                crate::render::add_timeline_outages(&mut sarif, t);
            }
            serde_json::to_string_pretty(&sarif).map_err(|e| e.to_string())? + "\n"
        }
        OutputFormat::Text => {
            let mut text = crate::render::render_text(&report);
            if let Some(t) = &within {
                text += &format!("\ntimeline until {}\n  {}\n", t.until, t.summary);
            }
            text
        }
    };
    Ok(CheckOutput {
        output,
        has_errors: report.has_errors() || outage,
    })
}

/// The input sources `check` and `plan` read: each input its own, in the order given, after
/// the standard install of the version when `opts.base_standard` is set.
pub(crate) fn read_sources(
    inputs: &[(&str, &str)],
    base_standard: bool,
    argocd_version: Option<&str>,
    namespace: Option<&str>,
) -> Result<Vec<InputSource>, String> {
    let total = inputs
        .iter()
        .map(|(_, t)| t.len())
        .fold(0usize, usize::saturating_add);
    if total > MAX_INPUT_BYTES {
        return Err(format!(
            "{}: the manifests are larger than {} MiB",
            inputs.last().map_or("<input>", |(n, _)| n),
            MAX_INPUT_BYTES / 1024 / 1024
        ));
    }
    let mut sources = Vec::with_capacity(inputs.len().saturating_add(1));
    for (name, text) in inputs {
        let install = read_manifests(&[(name, text)]).map_err(|e| e.to_string())?;
        sources.push(InputSource::new(*name, install));
    }
    if base_standard {
        let version = argocd_version.map_or_else(
            || crate::argo::version::NEWEST_RELEASE.to_string(),
            str::to_string,
        );
        let namespace = namespace
            .map(str::to_string)
            .or_else(|| {
                sources
                    .iter()
                    .rev()
                    .find_map(|s| s.installation.namespace.clone())
            })
            .unwrap_or_else(|| "argocd".to_string());
        sources.insert(
            0,
            InputSource::new(base_label(&version), standard_install(&version, &namespace)),
        );
    }
    Ok(sources)
}

/// How `timeline` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineFormat {
    /// For terminals.
    Text,
    /// The timeline JSON (schemaVersion 1).
    Json,
}

/// What the CLI's and the npm `bin`'s `timeline` run: the inputs read and laid like `check`'s
/// (each file its own source, after the standard install when `base_standard`), the timeline
/// over the window, rendered. Returns the output and whether an outage falls in the window.
///
/// # Errors
/// Unreadable input or an unsupported version.
pub fn timeline_check(
    inputs: &[(&str, &str)],
    options: &TimelineOptions,
    base_standard: bool,
    format: TimelineFormat,
) -> Result<(String, bool), String> {
    let install = read_inputs(
        inputs,
        base_standard,
        options.argocd_version.as_deref(),
        options.namespace.as_deref(),
    )?;
    let t = timeline(&install, options).map_err(|e| e.to_string())?;
    let out = match format {
        TimelineFormat::Json => serde_json::to_string_pretty(&t).map_err(|e| e.to_string())? + "\n",
        TimelineFormat::Text => crate::render::render_timeline_text(&t),
    };
    Ok((out, t.first_outage.is_some()))
}

/// The installation `check` resolves, from the same inputs (see [`check`]).
///
/// # Errors
/// A message naming the file and position for unreadable input.
pub fn read_inputs(
    inputs: &[(&str, &str)],
    base_standard: bool,
    argocd_version: Option<&str>,
    namespace: Option<&str>,
) -> Result<Installation, String> {
    let sources = read_sources(inputs, base_standard, argocd_version, namespace)?;
    Ok(combine(&sources).installation)
}
