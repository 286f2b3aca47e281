//! A report as SARIF 2.1.0, for code-scanning tools.

use serde_json::{Value, json};

use crate::findings::{CODES, Severity};
use crate::model::{Component, Installation};
use crate::report::Report;

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
