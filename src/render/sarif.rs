//! A report as SARIF 2.1.0, for code-scanning tools.

use serde_json::{Value, json};

use crate::findings::{CODES, Severity};
use crate::model::{Component, Installation};
use crate::report::Report;
use crate::timeline::Timeline;

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

/// The rule of [`add_timeline_outages`]' results.
pub const OUTAGE_RULE: &str = "timeline-outage";

/// Adds one SARIF result per outage on `timeline` (`check --fail-within`), level `error`, with
/// the instant in `properties.date` (the certificate's date), `properties.firstFailure` (the
/// first second it fails) and `properties.actBefore`, and the rule they refer to.
pub fn add_timeline_outages(sarif: &mut Value, timeline: &Timeline) {
    let Some(run) = sarif.get_mut("runs").and_then(|r| r.get_mut(0)) else {
        return;
    };
    let rules = run["tool"]["driver"]["rules"]
        .as_array()
        .map_or(0, Vec::len);
    if let Some(r) = run["tool"]["driver"]["rules"].as_array_mut() {
        r.push(json!({
            "id": OUTAGE_RULE,
            "name": "outage-within-window",
            "shortDescription": { "text": "A connection or endpoint stops working within the --fail-within window" },
            "fullDescription": { "text": "A certificate that a connection or endpoint depends on expires (or is not valid yet) at an instant inside the window, and Go then rejects it." },
            "defaultConfiguration": { "level": "error" },
        }));
    }
    let Some(results) = run["results"].as_array_mut() else {
        return;
    };
    for i in timeline.instants.iter().filter(|i| i.outage) {
        let failing: Vec<String> = i
            .changes
            .iter()
            .filter(|c| {
                c.before.outcome == crate::report::Outcome::Ok
                    && c.after.outcome != crate::report::Outcome::Ok
            })
            .map(|c| {
                format!(
                    "{} -> {} fails with '{}'",
                    c.client,
                    c.server,
                    c.after
                        .error
                        .as_ref()
                        .map(|e| e.client.as_str())
                        .unwrap_or_default()
                )
            })
            .chain(
                i.endpoints
                    .iter()
                    .filter(|e| crate::timeline::endpoint_outage(e))
                    .map(|e| {
                        format!(
                            "{} :{} serves a chain clients reject: '{}'",
                            e.after.component,
                            e.after.port,
                            e.after.error.as_deref().unwrap_or_default()
                        )
                    }),
            )
            .collect();
        let act_before = crate::time::UnixTime::parse_rfc3339(&i.at)
            .map(|t| {
                crate::time::UnixTime::from_secs(
                    t.as_secs() - i64::from(timeline.margin_days) * 86_400,
                )
                .to_string()
            })
            .unwrap_or_default();
        results.push(json!({
            "ruleId": OUTAGE_RULE,
            "ruleIndex": rules,
            "level": "error",
            "message": { "text": format!("At {}: {}. Fix: {}", i.at, failing.join("; "), i.action.as_deref().unwrap_or_default()) },
            "locations": [{ "logicalLocations": [{ "name": "timeline", "kind": "module" }] }],
            "properties": { "date": i.at, "firstFailure": i.after, "actBefore": act_before },
        }));
    }
}
