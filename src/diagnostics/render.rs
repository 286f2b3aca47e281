//! Reports as text (for terminals) and SARIF 2.1.0 (for code-scanning tools).

use serde_json::{Value, json};

use crate::diagnostics::{CODES, Severity};
use crate::model::{Component, Installation};
use crate::report::Report;

/// A human-readable rendering of a report, for the CLI.
pub fn render_text(report: &Report) -> String {
    let mut out = format!(
        "Argo CD {} in namespace {} at {}\n\ncomponents\n",
        report.argocd_version, report.namespace, report.now
    );
    for c in report.components.iter().filter(|c| c.present) {
        let state = if c.starts { "starts" } else { "DOES NOT START" };
        out += &format!("  {:<34} {state}\n", c.name);
        if let Some(e) = &c.startup_error {
            out += &format!("      {e}\n");
        }
        for ep in &c.endpoints {
            match &ep.tls {
                Some(t) => {
                    out += &format!(
                        "      :{:<5} {:<11} TLS {}–{}  cert {}{}\n",
                        ep.port,
                        ep.protocol,
                        t.min_version,
                        t.max_version,
                        t.certificate.source,
                        if t.client_auth == "require" {
                            "  mTLS"
                        } else {
                            ""
                        }
                    );
                }
                None => out += &format!("      :{:<5} {:<11} plaintext\n", ep.port, ep.protocol),
            }
        }
    }
    out += "\nconnections\n";
    for c in &report.connections {
        let how = match (c.transport.as_str(), c.verification.as_str()) {
            ("plaintext", _) => "plaintext".to_string(),
            (_, "verify") => format!(
                "TLS, verified as {}",
                c.server_name.as_deref().unwrap_or("?")
            ),
            _ => "TLS, not verified".to_string(),
        };
        let mark = match c.outcome.as_str() {
            "ok" => "ok",
            "fails" => "FAILS",
            _ => "unknown",
        };
        out += &format!("  {} -> {}  [{how}]  {mark}\n", c.client, c.server);
        if let Some(n) = &c.negotiated
            && c.outcome == "ok"
        {
            out += &format!("      {} {}\n", n.version, n.cipher_suite);
        }
        if let Some(e) = &c.error {
            out += &format!("      client: {}\n", e.client);
            if let Some(s) = &e.server {
                out += &format!("      server: {s}\n");
            }
        }
    }
    out += "\nfindings\n";
    if report.findings.is_empty() {
        out += "  none\n";
    }
    for f in &report.findings {
        out += &format!(
            "  {} {:<7} {}\n      {}\n      fix: {}\n",
            f.code,
            f.severity.as_str(),
            f.title,
            f.message,
            f.hint
        );
    }
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    out += &format!("\n{errors} error(s), {warnings} warning(s)\n");
    out
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// SARIF 2.1.0: one run, one rule per registry code, one result per finding, located at the
/// workload the finding is about when the input carries positions.
pub fn render_sarif(report: &Report, install: &Installation) -> Value {
    let rules: Vec<Value> = CODES
        .iter()
        .map(|c| {
            json!({
                "id": c.code,
                "name": c.slug,
                "shortDescription": { "text": c.title },
                "fullDescription": { "text": c.explanation },
                "help": { "text": format!("{} (see {} in the argocd-tls-planner sources)", c.explanation, c.docs_url()) },
                "defaultConfiguration": { "level": level(c.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let rule_index = CODES.iter().position(|c| c.code == f.code).unwrap_or(0);
            let mut locations = Vec::new();
            for subject in &f.subjects {
                let component = subject.split("->").next().unwrap_or(subject);
                let mut loc =
                    json!({ "logicalLocations": [{ "name": subject, "kind": "module" }] });
                if let Some(pos) = Component::from_name(component)
                    .and_then(|c| install.workload(c))
                    .and_then(|w| w.position.as_ref())
                    .filter(|p| !p.file.is_empty() && p.line > 0)
                {
                    loc["physicalLocation"] = json!({
                        "artifactLocation": { "uri": pos.file },
                        "region": { "startLine": pos.line, "startColumn": pos.column.max(1) },
                    });
                }
                locations.push(loc);
            }
            json!({
                "ruleId": f.code,
                "ruleIndex": rule_index,
                "level": level(f.severity),
                "message": { "text": format!("{}. Fix: {}", f.message, f.hint) },
                "locations": locations,
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "argocd-tls-planner",
                "version": crate::VERSION,
                "rules": rules,
            }},
            "properties": { "argocdVersion": report.argocd_version, "namespace": report.namespace, "now": report.now },
            "results": results,
        }],
    })
}
