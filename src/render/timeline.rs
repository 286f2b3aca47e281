//! A timeline as text, for terminals.

use crate::report::CertificateDates;
use crate::timeline::{EventKind, Timeline};

/// A human-readable rendering of a timeline, for the CLI: the first answer, the certificates
/// by expiry, then each instant with what changes.
pub fn render_timeline_text(t: &Timeline) -> String {
    let mut out = format!(
        "Argo CD {} in namespace {}, from {} until {}\n\n{}\n\ncertificates\n",
        t.argocd_version, t.namespace, t.from, t.until, t.summary
    );
    for c in &t.certificates {
        let dates = match (c.dates, &c.not_before, &c.not_after) {
            (CertificateDates::FromCertificate, Some(nb), Some(na)) => format!("{nb} .. {na}"),
            (CertificateDates::StartRelative, ..) => {
                "generated at every start, valid 365 days from it".to_string()
            }
            _ => "generated once and persisted: dates not in the input".to_string(),
        };
        let subject = if c.subject.is_empty() {
            "(empty subject)"
        } else {
            &c.subject
        };
        out += &format!(
            "  {subject}{}\n      {dates}\n",
            if c.is_ca { "  [CA]" } else { "" }
        );
        for r in &c.roles {
            out += &format!(
                "      {:?} for {} ({}{}, read {:?})\n",
                r.kind,
                r.component,
                r.source,
                r.path
                    .as_deref()
                    .map(|p| format!(" at {p}"))
                    .unwrap_or_default(),
                r.read
            );
        }
        if let Some(r) = &c.renewal {
            out += &format!(
                "      cert-manager {} renews secret/{} at {} (new notAfter {})\n",
                r.certificate, r.secret, r.renews_at, r.new_not_after
            );
        }
    }
    out += "\ninstants\n";
    if t.instants.is_empty() {
        out += "  (none in the window)\n";
    }
    for i in &t.instants {
        out += &format!("  {}{}\n", i.at, if i.outage { "  OUTAGE" } else { "" });
        for e in &i.events {
            let what = match e.kind {
                EventKind::NotBefore => "becomes valid",
                EventKind::NotAfter => "expires",
                EventKind::Renewal => "is renewed by cert-manager",
            };
            out += &format!("      {} {what}\n", e.subject);
        }
        for c in &i.changes {
            out += &format!(
                "      {} -> {}: {} -> {}\n",
                c.client, c.server, c.before.outcome, c.after.outcome
            );
            if let Some(e) = &c.after.error {
                out += &format!("          {}\n", e.client);
            }
        }
        for e in &i.endpoints {
            out += &format!(
                "      {} :{} serves a chain that is {}{}\n",
                e.after.component,
                e.after.port,
                if e.after.valid { "valid" } else { "not valid" },
                if e.averted_by_renewal {
                    " (cert-manager renews it first and it is hot-reloaded)"
                } else {
                    ""
                }
            );
            if let Some(err) = &e.after.error {
                out += &format!("          {err}\n");
            }
        }
        if let Some(a) = &i.action {
            out += &format!("      to do before then: {a}\n");
        }
    }
    if !t.notes.is_empty() {
        out += "\nnotes\n";
        for n in &t.notes {
            out += &format!("  {n}\n");
        }
    }
    out
}
