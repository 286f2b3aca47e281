//! The `argocd-tls-planner` command line.
//!
//! ```text
//! argocd-tls-planner check [PATH…|-] [--format text|json|sarif] [--now RFC3339]
//!                          [--argocd-version X.Y.Z] [--namespace NS] [--fail-within 30d]
//! argocd-tls-planner timeline [PATH…|-] [--from RFC3339] [--until RFC3339 | --within 90d]
//!                          [--margin 14d] [--format text|json] [--argocd-version X.Y.Z]
//!                          [--namespace NS] [--base none|standard]
//! argocd-tls-planner inspect [FILE|-] [--format text|json]
//! argocd-tls-planner plan [PATH…|-] --target POSTURE [--format text|json|script|kustomize]
//!                         [--out DIR] [--now RFC3339] [--argocd-version X.Y.Z] [--namespace NS]
//! argocd-tls-planner plan [PATH…|-] --rotate leaf|ca|compromised|dex-leaf [--target POSTURE]
//!                         [--margin 30d] …
//! ```
//! `--rotate KIND` plans the posture `rotate: {kind: KIND}`; with `--target`, the target's
//! `rotate` part (its endpoints and certificate source) with that kind.
//! `plan` exit codes: 0 a safe plan, 1 no safe order (the plan shows the shortest window),
//! 2 unreadable input or posture, or wrong usage.
//! `check` exit codes: 0 no error finding, 1 at least one error finding (or, with
//! `--fail-within`, an outage on the timeline within that window), 2 unreadable input or wrong
//! usage. `timeline`: 0 no outage in the window, 1 an outage, 2 unreadable input or wrong usage.
//! `inspect`: 0 success, 2 unreadable input or wrong usage.

use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage: argocd-tls-planner check [PATH...|-] [--format text|json|sarif] [--now RFC3339] [--argocd-version X.Y.Z] [--namespace NS] [--base none|standard] [--fail-within DURATION]
       argocd-tls-planner timeline [PATH...|-] [--from RFC3339] [--until RFC3339|--within DURATION] [--margin DURATION] [--format text|json] [--argocd-version X.Y.Z] [--namespace NS] [--base none|standard]
       (DURATION: a number of days, e.g. 30d, or hours, e.g. 12h)
       argocd-tls-planner inspect [FILE|-] [--format text|json]
       argocd-tls-planner plan [PATH...|-] --target POSTURE.yaml [--format text|json|script|kustomize] [--out DIR] [--base-ref REF] [--now RFC3339] [--argocd-version X.Y.Z] [--namespace NS] [--base none|standard]
       argocd-tls-planner plan [PATH...|-] --rotate leaf|ca|compromised|dex-leaf [--target POSTURE.yaml] [--margin DURATION] [same options as above]
       argocd-tls-planner --version";

/// Writes the output. A reader that went away (`… | head`) is not an error of the planner: the
/// rest is dropped quietly, where `print!` would panic on the broken pipe.
fn emit(out: &str) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    let written = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush());
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("argocd-tls-planner: cannot write the output: {e}");
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let first = args.first().map(String::as_str);
    if matches!(first, Some("check" | "plan" | "timeline")) {
        let run = match first {
            Some("plan") => plan,
            Some("timeline") => timeline,
            _ => check,
        };
        return match run(&args[1..]) {
            Ok((out, errors)) => {
                emit(&out);
                ExitCode::from(if errors { 1 } else { 0 })
            }
            Err(message) => {
                eprintln!("argocd-tls-planner: {message}");
                ExitCode::from(2)
            }
        };
    }
    match run(&args) {
        Ok(out) => {
            emit(&out);
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("argocd-tls-planner: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<String, String> {
    match args.first().map(String::as_str) {
        Some("--version" | "-V") => Ok(format!(
            "argocd-tls-planner {}\n",
            argocd_tls_planner::VERSION
        )),
        Some("inspect") => inspect(&args[1..]),
        Some("-h" | "--help" | "help") => Ok(format!("{USAGE}\n")),
        _ => Err(USAGE.to_string()),
    }
}

fn inspect(args: &[String]) -> Result<String, String> {
    let mut path: Option<&str> = None;
    let mut format = "text";
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" => {
                format = it
                    .next()
                    .map(String::as_str)
                    .ok_or("--format needs a value")?
            }
            f if f.starts_with("--format=") => format = &f["--format=".len()..],
            p if path.is_none() => path = Some(p),
            other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
        }
    }
    if !matches!(format, "text" | "json") {
        return Err(format!("--format must be text or json, not `{format}`"));
    }
    let (name, text) = match path {
        None | Some("-") => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| format!("<stdin>: {e}"))?;
            ("<stdin>".to_string(), s)
        }
        Some(p) => (
            p.to_string(),
            std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"))?,
        ),
    };
    let certs =
        argocd_tls_planner::inspect_certificates(&text).map_err(|e| format!("{name}: {e}"))?;
    if format == "json" {
        return serde_json::to_string_pretty(&certs)
            .map(|s| s + "\n")
            .map_err(|e| e.to_string());
    }
    let mut out = String::new();
    for (i, c) in certs.iter().enumerate() {
        out += &format!(
            "certificate #{i}\n  subject:    {}\n  issuer:     {}\n  serial:     {}\n  valid:      {} .. {}\n  DNS SANs:   {}\n  IP SANs:    {}\n  key:        {} {}{}\n  signature:  {}\n  CA:         {}\n  SHA-256:    {}\n",
            c.subject,
            c.issuer,
            c.serial,
            c.not_before,
            c.not_after,
            c.dns_names.join(", "),
            c.ip_addresses.join(", "),
            c.key_type,
            c.key_bits,
            c.curve
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default(),
            c.signature_algorithm,
            c.is_ca,
            c.sha256_fingerprint,
        );
    }
    Ok(out)
}

/// The CLI owns the clock: the core takes "now" as a parameter.
#[allow(clippy::disallowed_methods)] // the CLI is the edge where the clock is read
fn now() -> argocd_tls_planner::UnixTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    argocd_tls_planner::UnixTime::from_secs(secs)
}

fn collect_files(path: &std::path::Path, out: &mut Vec<std::path::PathBuf>) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            let is_manifest = p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"));
            if p.is_dir() || is_manifest {
                collect_files(&p, out)?;
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// The options `check`, `timeline` and `plan` share: inputs, format, version, namespace, base.
struct Common {
    paths: Vec<String>,
    format: String,
    argocd_version: Option<String>,
    namespace: Option<String>,
    base_standard: bool,
}

/// A command's own option: its name, and a way to take its value (`--name=value` or the next
/// argument).
type Extra<'a> =
    dyn FnMut(&str, &mut dyn FnMut() -> Result<String, String>) -> Result<bool, String> + 'a;

impl Common {
    /// The resolve options at `now`, with the version and namespace the command line named.
    fn resolve_options(&self, now: argocd_tls_planner::UnixTime) -> argocd_tls_planner::Options {
        argocd_tls_planner::Options {
            now,
            argocd_version: self.argocd_version.clone(),
            namespace: self.namespace.clone(),
        }
    }
}

/// Reads the shared options in one loop; `extra` takes a command's own options and says
/// whether it knew the name. `None` means `--help` was asked for.
fn common_options(args: &[String], extra: &mut Extra<'_>) -> Result<Option<Common>, String> {
    let mut common = Common {
        paths: Vec::new(),
        format: "text".to_string(),
        argocd_version: None,
        namespace: None,
        base_standard: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = || -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match name {
            "--format" => common.format = value()?,
            "--argocd-version" => common.argocd_version = Some(value()?),
            "--namespace" => common.namespace = Some(value()?),
            "--base" => match value()?.as_str() {
                "standard" => common.base_standard = true,
                "none" => common.base_standard = false,
                other => return Err(format!("--base must be standard or none, not `{other}`")),
            },
            "-h" | "--help" => return Ok(None),
            f if f.starts_with("--") => {
                if !extra(f, &mut value)? {
                    return Err(format!("unknown option `{f}`\n{USAGE}"));
                }
            }
            p => common.paths.push(p.to_string()),
        }
    }
    Ok(Some(common))
}

fn instant(flag: &str, v: &str) -> Result<argocd_tls_planner::UnixTime, String> {
    argocd_tls_planner::UnixTime::parse_rfc3339(v).map_err(|e| format!("{flag}: {e}"))
}

fn check(args: &[String]) -> Result<(String, bool), String> {
    let mut now = now();
    let mut fail_within = None;
    let Some(common) = common_options(args, &mut |name, value| {
        match name {
            "--now" => now = instant(name, &value()?)?,
            "--fail-within" => fail_within = Some(duration(name, &value()?)?),
            _ => return Ok(false),
        }
        Ok(true)
    })?
    else {
        return Ok((format!("{USAGE}\n"), false));
    };
    let options = common.resolve_options(now);
    let Common {
        paths,
        format,
        base_standard,
        ..
    } = common;
    if !matches!(format.as_str(), "text" | "json" | "sarif") {
        return Err(format!(
            "--format must be text, json or sarif, not `{format}`"
        ));
    }
    let format = argocd_tls_planner::OutputFormat::parse(&format)
        .ok_or_else(|| format!("--format must be text, json or sarif, not `{format}`"))?;
    let inputs = read_inputs(&paths)?;
    let refs: Vec<(&str, &str)> = inputs
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let out = argocd_tls_planner::check_within(
        &refs,
        &argocd_tls_planner::CheckOptions {
            resolve: options,
            base_standard,
            format,
        },
        fail_within,
    )?;
    Ok((out.output, out.has_errors))
}

/// A duration such as `30d`, `12h` or `90m` (a plain number is days), in seconds.
fn duration(flag: &str, text: &str) -> Result<i64, String> {
    let t = text.trim();
    let (num, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: i64 = num
        .parse()
        .map_err(|_| format!("{flag}: `{text}` is not a duration such as 30d or 12h"))?;
    let scale = match unit {
        "" | "d" => 86_400,
        "h" => 3600,
        "m" => 60,
        "s" => 1,
        _ => {
            return Err(format!(
                "{flag}: `{text}` is not a duration such as 30d or 12h"
            ));
        }
    };
    n.checked_mul(scale)
        .ok_or_else(|| format!("{flag}: `{text}` is too long"))
}

fn timeline(args: &[String]) -> Result<(String, bool), String> {
    let mut from = now();
    let mut until: Option<argocd_tls_planner::UnixTime> = None;
    let mut within: i64 = 365 * 86_400;
    let mut margin: i64 = 14 * 86_400;
    let Some(common) = common_options(args, &mut |name, value| {
        match name {
            "--from" | "--now" => from = instant(name, &value()?)?,
            "--until" => until = Some(instant(name, &value()?)?),
            "--within" => within = duration(name, &value()?)?,
            "--margin" => margin = duration(name, &value()?)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?
    else {
        return Ok((format!("{USAGE}\n"), false));
    };
    let Common {
        paths,
        format,
        argocd_version,
        namespace,
        base_standard,
    } = common;
    let format = match format.as_str() {
        "text" => argocd_tls_planner::TimelineFormat::Text,
        "json" => argocd_tls_planner::TimelineFormat::Json,
        other => return Err(format!("--format must be text or json, not `{other}`")),
    };
    let until = until.unwrap_or_else(|| {
        argocd_tls_planner::UnixTime::from_secs(from.as_secs().saturating_add(within))
    });
    if until < from {
        return Err(format!("--until {until} is before --from {from}"));
    }
    let inputs = read_inputs(&paths)?;
    let refs: Vec<(&str, &str)> = inputs
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    argocd_tls_planner::timeline_check(
        &refs,
        &argocd_tls_planner::TimelineOptions {
            from,
            until,
            margin_days: u32::try_from(margin / 86_400).unwrap_or(u32::MAX),
            argocd_version,
            namespace,
        },
        base_standard,
        format,
    )
}

/// The manifests named on the command line (directories walked for `*.yaml`, `*.yml`,
/// `*.json`), stdin for `-` or no path.
fn read_inputs(paths: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut inputs: Vec<(String, String)> = Vec::new();
    if paths.is_empty() || paths.iter().any(|p| p == "-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("<stdin>: {e}"))?;
        inputs.push(("<stdin>".to_string(), s));
    }
    let mut files = Vec::new();
    for p in paths.iter().filter(|p| *p != "-") {
        collect_files(std::path::Path::new(p), &mut files)?;
    }
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        inputs.push((f.display().to_string(), text));
    }
    Ok(inputs)
}

/// `plan`: the steps from the manifests to the posture. Certificates the posture wants
/// generated or issued by the operator's CA key are made here, with the OS's randomness (the
/// core takes them as input).
fn plan(args: &[String]) -> Result<(String, bool), String> {
    let mut target: Option<String> = None;
    let mut rotate: Option<String> = None;
    let mut margin: Option<i64> = None;
    let mut out_dir: Option<String> = None;
    let mut base_ref = "../base".to_string();
    let mut now = now();
    let Some(common) = common_options(args, &mut |name, value| {
        match name {
            "--target" => target = Some(value()?),
            "--rotate" => rotate = Some(value()?),
            "--margin" => margin = Some(duration(name, &value()?)?),
            "--out" => out_dir = Some(value()?),
            "--base-ref" => base_ref = value()?,
            "--now" => now = instant(name, &value()?)?,
            _ => return Ok(false),
        }
        Ok(true)
    })?
    else {
        return Ok((format!("{USAGE}\n"), false));
    };
    let options = common.resolve_options(now);
    let Common {
        paths,
        format,
        base_standard,
        ..
    } = common;
    if !matches!(format.as_str(), "text" | "json" | "script" | "kustomize") {
        return Err(format!(
            "--format must be text, json, script or kustomize, not `{format}`"
        ));
    }
    if format == "kustomize" && out_dir.is_none() {
        return Err("--format kustomize writes a directory: give --out DIR".to_string());
    }
    let posture_text = match &target {
        Some(t) => std::fs::read_to_string(t).map_err(|e| format!("{t}: {e}"))?,
        None if rotate.is_some() => String::new(),
        None => {
            return Err(format!(
                "plan needs --target POSTURE or --rotate KIND\n{USAGE}"
            ));
        }
    };
    let target = target.unwrap_or_else(|| "--rotate".to_string());
    let posture_text = match rotate {
        Some(kind) => argocd_tls_planner::rotation_target(
            &posture_text,
            &kind,
            margin.map(|m| u32::try_from(m / 86_400).unwrap_or(u32::MAX)),
        )
        .map_err(|e| format!("{target}: {e}"))?,
        None if margin.is_some() => return Err("--margin is for --rotate".to_string()),
        None => posture_text,
    };
    let inputs = read_inputs(&paths)?;
    let refs: Vec<(&str, &str)> = inputs
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let mut request = argocd_tls_planner::PlanRequest {
        resolve: options,
        base_standard,
        issued: std::collections::BTreeMap::new(),
    };
    // Issue what the posture asks to be made here.
    let current = argocd_tls_planner::current_installation(&refs, &request)?;
    let issuance = argocd_tls_planner::issuance_for(&current, &posture_text, &request)
        .map_err(|e| format!("{target}: {e}"))?;
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    for issuance in issuance {
        let set = argocd_tls_planner::generate_set(&issuance.request, &mut rng)
            .map_err(|e| format!("{}: {e}", issuance.id))?;
        let Some(leaf) = set.leaves.into_iter().next() else {
            continue;
        };
        let ca_cert_pem = match (&set.ca, &issuance.request.issuer) {
            (Some(ca), _) => ca.cert_pem.clone(),
            (None, Some(issuer)) => issuer.cert_pem.clone(),
            (None, None) => String::new(),
        };
        request.issued.insert(
            issuance.id.clone(),
            argocd_tls_planner::IssuedPem {
                ca_cert_pem,
                cert_pem: leaf.chain_pem,
                key_pem: leaf.key_pem,
            },
        );
    }
    let out = argocd_tls_planner::plan_from_text(&refs, &posture_text, &request)?;
    let unsafe_plan = !out.plan.safe;
    let text = match format.as_str() {
        "json" => argocd_tls_planner::plan_json(&out.plan),
        "script" => argocd_tls_planner::render_plan_script(&out.plan),
        "text" => argocd_tls_planner::render_plan_text(&out.plan),
        _ => String::new(),
    };
    if let Some(dir) = out_dir {
        let dir = std::path::Path::new(&dir);
        let mut files = argocd_tls_planner::bundle(&out.plan, &out.changes, &base_ref);
        files.push((
            "plan.sh".to_string(),
            argocd_tls_planner::render_plan_script(&out.plan),
        ));
        files.push((
            "plan.json".to_string(),
            argocd_tls_planner::plan_json(&out.plan),
        ));
        for (name, content) in files {
            let path = dir.join(&name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            std::fs::write(&path, content).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        if format == "kustomize" {
            return Ok((
                format!(
                    "wrote the bundle to {} (kustomize/kustomization.yaml, plan.sh, plan.json)\n",
                    dir.display()
                ),
                unsafe_plan,
            ));
        }
    }
    Ok((text, unsafe_plan))
}
