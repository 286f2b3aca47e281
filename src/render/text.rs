//! A report as text, for terminals.

use crate::findings::Severity;
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
    if !report.ways_in.is_empty() {
        out += "\nways in\n";
    }
    for w in &report.ways_in {
        let host = if w.host.is_empty() {
            "(no host)"
        } else {
            w.host.as_str()
        };
        out += &format!(
            "  {} ({}, {}) {host}\n",
            w.name,
            w.controller,
            match w.basis {
                crate::report::EdgeBasis::Observed => "observed",
                crate::report::EdgeBasis::Documented => "documented",
                crate::report::EdgeBasis::Unknown => "not predicted",
            }
        );
        let hop = &w.client_hop;
        out += &format!(
            "      client -> edge: {}{}\n",
            hop.protocol,
            hop.certificate
                .as_deref()
                .map(|c| format!(", certificate {c}"))
                .unwrap_or_default()
        );
        if let Some(b) = &w.backend_hop {
            out += &format!(
                "      edge -> argocd-server: {} [{}]\n",
                b.protocol,
                b.verification.as_str()
            );
        }
        for c in &w.clients {
            let mark = match c.outcome.as_str() {
                "ok" => "ok",
                "fails" => "FAILS",
                _ => "unknown",
            };
            out += &format!("      {:<24} {mark}", c.client);
            if let Some(e) = &c.error {
                out += &format!(": {e}");
            }
            out += "\n";
            if let Some(fix) = c.fix.as_deref().filter(|_| c.outcome != "ok") {
                out += &format!("          fix: {fix}\n");
            }
        }
        for n in &w.notes {
            out += &format!("      note: {n}\n");
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
