//! The `argocd-tls-planner` command line.
//!
//! ```text
//! argocd-tls-planner inspect [FILE|-] [--format text|json]
//! ```
//! Exit codes: 0 success, 2 unreadable input or wrong usage.

use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage: argocd-tls-planner inspect [FILE|-] [--format text|json]
       argocd-tls-planner --version";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            print!("{out}");
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
