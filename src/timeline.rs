//! The timeline: what breaks when. For an installation and a window `from ..= until`, every
//! certificate that matters (see [`certificates`]), every instant inside the window where one of
//! them starts or stops being valid (`notBefore`, `notAfter`) or cert-manager renews one, and for
//! each instant which connections start or stop working, with Go's error text just after it.
//!
//! Nothing here decides whether a connection works: each instant is resolved by the engine
//! ([`Engine`], one for the whole timeline, so pools, key pairs and verifications are computed
//! once) one second before and at the first second of the new state, and the two reports are
//! compared. Go treats a certificate as expired when the time is after `notAfter`, so an expiry
//! is seen at `notAfter + 1s`; a `notBefore` at `notBefore` itself.
//!
//! The contract is JSON (`schemaVersion` 1, `pkg/timeline.schema.json`, derived from these
//! types like the report's). Certificates Argo CD generates have no dates in the input (§2.2):
//! they are listed with `dates: startRelative` or `unknownPersisted` and no instants, never
//! with dates made up from "now".

use crate::model::Installation;
use crate::report::{CertificateDates, Outcome, Report};
use crate::resolve::{Engine, Options, ResolveError};
use crate::time::UnixTime;
use crate::x509::parse::Certificate;
use crate::x509::verify::{VerifyOptions, verify};

mod certificates;
mod contract;
mod renewal;

pub use contract::{
    CertificateEvent, CertificateRole, ConnectionChange, ConnectionState, EndpointChange,
    EndpointState, EventKind, Outage, ReadWhen, Renewal, RoleKind, Timeline, TimelineCertificate,
    TimelineInstant, TimelineOptions,
};

/// The timeline of `install` over the window.
///
/// # Errors
/// [`ResolveError`] for an unsupported version.
pub fn timeline(install: &Installation, opts: &TimelineOptions) -> Result<Timeline, ResolveError> {
    let mut engine = Engine::new();
    let options = |now: UnixTime| Options {
        now,
        argocd_version: opts.argocd_version.clone(),
        namespace: opts.namespace.clone(),
    };
    let (from, until) = (opts.from, opts.until.max(opts.from));
    let start = engine.resolve(install, &options(from))?;
    let (found, generated) = certificates::collect(install, &start);
    let mut entries: Vec<TimelineCertificate> = found.iter().map(|f| f.entry.clone()).collect();
    let mut notes = Vec::new();

    // cert-manager renewals of the Secrets the certificates live in.
    let mut points: std::collections::BTreeMap<i64, Vec<CertificateEvent>> = Default::default();
    for (f, entry) in found.iter().zip(entries.iter_mut()) {
        entry.renewal = renewal_of(install, f, &mut notes);
        let c = &f.cert;
        let mut push = |after: i64, kind| {
            if after > from.as_secs() && after <= until.as_secs() {
                points.entry(after).or_default().push(CertificateEvent {
                    certificate: f.entry.id.clone(),
                    subject: f.entry.subject.clone(),
                    kind,
                });
            }
        };
        push(c.not_before.as_secs(), EventKind::NotBefore);
        push(c.not_after.as_secs().saturating_add(1), EventKind::NotAfter);
        if let Some(r) = &entry.renewal
            && let Ok(t) = UnixTime::parse_rfc3339(&r.renews_at)
        {
            push(t.as_secs(), EventKind::Renewal);
        }
    }
    for g in &generated {
        let who = g.roles.first().map_or("", |r| r.component.as_str());
        notes.push(match g.dates {
            CertificateDates::UnknownPersisted => format!(
                "{who} serves a certificate it generated when it first started without one and persisted in argocd-secret: valid 365 days from then and never renewed. That date is not in the input: add argocd-secret (with tls.crt) to see its expiry on the timeline."
            ),
            _ => format!(
                "{who} serves a certificate it generates at every start, valid 365 days from that start: it expires only in a pod that runs for a year."
            ),
        });
    }
    entries.extend(generated);

    let served: Vec<ServedChain> = served_chains(&start, &found);
    let initial = states(&start);
    let initial_endpoints: Vec<EndpointState> = served
        .iter()
        .map(|s| s.state(from))
        .filter(|s| !s.valid)
        .collect();

    let mut instants = Vec::new();
    for (after, events) in points {
        let (before_t, after_t) = (UnixTime::from_secs(after - 1), UnixTime::from_secs(after));
        let rb = engine.resolve(install, &options(before_t))?;
        let ra = engine.resolve(install, &options(after_t))?;
        let (sb, sa) = (states(&rb), states(&ra));
        let changes: Vec<ConnectionChange> = sa
            .iter()
            .filter_map(|a| {
                let b = sb
                    .iter()
                    .find(|b| b.client == a.client && b.server == a.server)?;
                let same = b.outcome == a.outcome && timeless(b, before_t) == timeless(a, after_t);
                (!same).then(|| ConnectionChange {
                    client: a.client.clone(),
                    server: a.server.clone(),
                    before: b.clone(),
                    after: a.clone(),
                })
            })
            .collect();
        let endpoints: Vec<EndpointChange> = served
            .iter()
            .filter_map(|s| {
                let (b, a) = (s.state(before_t), s.state(after_t));
                let same = b.valid == a.valid
                    && b.error.as_deref().map(|e| without_time(e, before_t))
                        == a.error.as_deref().map(|e| without_time(e, after_t));
                (!same).then(|| EndpointChange {
                    averted_by_renewal: !a.valid && s.renewed_and_reloaded(&entries, after_t),
                    before: b,
                    after: a,
                })
            })
            .collect();
        let outage = changes
            .iter()
            .any(|c| c.before.outcome == Outcome::Ok && c.after.outcome == Outcome::Fails)
            || endpoints.iter().any(endpoint_outage);
        let at = events
            .iter()
            .map(|e| match e.kind {
                EventKind::NotAfter => after - 1,
                _ => after,
            })
            .min()
            .unwrap_or(after);
        let action = outage.then(|| action_for(&events, &entries));
        instants.push(TimelineInstant {
            at: UnixTime::from_secs(at).to_string(),
            before: before_t.to_string(),
            after: after_t.to_string(),
            events,
            changes,
            endpoints,
            outage,
            action,
        });
    }

    let first_outage = instants
        .iter()
        .find(|i| i.outage)
        .map(|i| first_outage(i, opts.margin_days));
    let summary = summarise(&first_outage, &initial, &initial_endpoints, from, until);
    Ok(Timeline {
        schema_version: Timeline::SCHEMA_VERSION,
        argocd_version: start.argocd_version.clone(),
        namespace: start.namespace.clone(),
        from: from.to_string(),
        until: until.to_string(),
        margin_days: opts.margin_days,
        summary,
        first_outage,
        certificates: entries,
        initial,
        initial_endpoints,
        instants,
        notes,
    })
}

/// Go's expiry errors name the current time (`current time <t> is after …`): an error that
/// differs only by that is the same error.
fn without_time(text: &str, t: UnixTime) -> String {
    text.replace(&format!("current time {t} "), "current time T ")
}

fn timeless(c: &ConnectionState, t: UnixTime) -> (Option<String>, Option<String>) {
    c.error.as_ref().map_or((None, None), |e| {
        (
            Some(without_time(&e.client, t)),
            e.server.as_deref().map(|s| without_time(s, t)),
        )
    })
}

/// An endpoint change is an outage when argocd-server's served chain stops being valid (and
/// cert-manager does not renew it first into a server that reloads it): its clients — browsers,
/// the argocd CLI — are outside the model. Every other endpoint's clients are modelled
/// connections, whose changes say what breaks.
pub(crate) fn endpoint_outage(e: &EndpointChange) -> bool {
    e.after.component == crate::model::Component::Server.name()
        && e.before.valid
        && !e.after.valid
        && !e.averted_by_renewal
}

fn states(report: &Report) -> Vec<ConnectionState> {
    report
        .connections
        .iter()
        .map(|k| ConnectionState {
            client: k.client.clone(),
            server: k.server.clone(),
            outcome: k.outcome,
            error: k.error.clone(),
        })
        .collect()
}

/// A served chain with its certificates and the trust anchors a verifying client may hold.
struct ServedChain {
    /// The verifier of the Go release the Argo CD release is built with.
    go: crate::go::version::GoX509Version,
    component: String,
    port: u16,
    chain: Vec<Certificate>,
    roots: Vec<Certificate>,
    ids: Vec<String>,
}

impl ServedChain {
    /// The chain's validity at `t`: Go's verifier with the top of the chain and the input's CAs
    /// as roots and no host name, so only dates (and the chain itself) decide.
    fn state(&self, t: UnixTime) -> EndpointState {
        let error = self.chain.first().and_then(|leaf| {
            let mut opts = VerifyOptions::new(None, t);
            opts.go = self.go;
            verify(leaf, &self.chain[1..], &self.roots, &opts)
                .err()
                .map(|e| e.to_string())
        });
        EndpointState {
            component: self.component.clone(),
            port: self.port,
            valid: error.is_none(),
            error,
        }
    }

    /// Whether cert-manager renews the leaf before `t` and the component hot-reloads it.
    fn renewed_and_reloaded(&self, entries: &[TimelineCertificate], t: UnixTime) -> bool {
        let Some(leaf) = self.ids.first() else {
            return false;
        };
        entries.iter().any(|e| {
            &e.id == leaf
                && e.renewal.as_ref().is_some_and(|r| {
                    r.picked_up_by.contains(&self.component)
                        && UnixTime::parse_rfc3339(&r.renews_at).is_ok_and(|at| at < t)
                })
        })
    }
}

fn served_chains(report: &Report, found: &[certificates::Found]) -> Vec<ServedChain> {
    let cas: Vec<Certificate> = found
        .iter()
        .filter(|f| f.cert.is_ca)
        .map(|f| f.cert.clone())
        .collect();
    let go = crate::argo::ArgoVersion::parse(&report.argocd_version)
        .map(crate::argo::ArgoVersion::go_x509)
        .unwrap_or_default();
    let mut out = Vec::new();
    for c in report.components.iter().filter(|c| c.present && c.starts) {
        for ep in &c.endpoints {
            let Some(tls) = &ep.tls else { continue };
            if tls.certificate.dates != CertificateDates::FromCertificate {
                continue;
            }
            let ids: Vec<String> = tls
                .certificate
                .chain
                .iter()
                .map(|s| s.sha256_fingerprint.clone())
                .collect();
            let chain: Vec<Certificate> = ids
                .iter()
                .filter_map(|id| found.iter().find(|f| &f.entry.id == id))
                .map(|f| f.cert.clone())
                .collect();
            if chain.len() != ids.len() || chain.is_empty() {
                continue;
            }
            let mut roots = cas.clone();
            if let Some(top) = chain.last() {
                roots.push(top.clone());
            }
            out.push(ServedChain {
                go,
                component: c.name.clone(),
                port: ep.port,
                chain,
                roots,
                ids,
            });
        }
    }
    out
}

/// The cert-manager `Certificate` that writes the Secret holding `f` as `tls.crt`, if any.
fn renewal_of(
    install: &Installation,
    f: &certificates::Found,
    notes: &mut Vec<String>,
) -> Option<Renewal> {
    let role = f
        .entry
        .roles
        .iter()
        .find(|r| r.source.ends_with(" tls.crt") && r.source.starts_with("secret/"))?;
    let secret = role
        .source
        .strip_prefix("secret/")?
        .strip_suffix(" tls.crt")?;
    let cm = install
        .certificates
        .iter()
        .find(|c| c.secret_name == secret)?;
    // Only the leaf of tls.crt is renewed (the first certificate in it).
    let first = install
        .secret(secret)
        .and_then(|s| s.data.get("tls.crt"))
        .and_then(|pem| crate::x509::bundle::pool_from_pem(pem).into_iter().next())?;
    if first.raw != f.cert.raw {
        return None;
    }
    let parse = |field: &str, text: &Option<String>, notes: &mut Vec<String>| {
        text.as_deref().and_then(|t| {
            let v = renewal::parse_go_duration(t);
            if v.is_none() {
                notes.push(format!(
                    "Certificate {}: {field} `{t}` is not a Go duration (cert-manager rejects it); its default is assumed",
                    cm.name
                ));
            }
            v
        })
    };
    let duration = parse("duration", &cm.duration, notes).unwrap_or(renewal::DEFAULT_DURATION);
    let renew_before = parse("renewBefore", &cm.renew_before, notes);
    let at = renewal::renewal_time(f.cert.not_before, f.cert.not_after, renew_before);
    let new_not_after = UnixTime::from_secs(at.as_secs().saturating_add(duration));
    let mut picked_up_by = Vec::new();
    let mut restart_needed = Vec::new();
    // Who presents the leaf (the server serving it, a client presenting it) or pins it.
    for r in f.entry.roles.iter().filter(|r| {
        matches!(
            r.kind,
            RoleKind::Served
                | RoleKind::ServedChain
                | RoleKind::ClientCertificate
                | RoleKind::PinnedDexLeaf
        )
    }) {
        let list = if r.read == ReadWhen::HotReload {
            &mut picked_up_by
        } else {
            &mut restart_needed
        };
        if !list.contains(&r.component) {
            list.push(r.component.clone());
        }
    }
    Some(Renewal {
        certificate: cm.name.clone(),
        secret: secret.to_string(),
        renews_at: at.to_string(),
        new_not_after: new_not_after.to_string(),
        picked_up_by,
        restart_needed,
    })
}

/// What to do before an instant: renew each expiring certificate where it lives and restart
/// what reads it at start.
fn action_for(events: &[CertificateEvent], entries: &[TimelineCertificate]) -> String {
    let mut parts = Vec::new();
    for e in events.iter().filter(|e| e.kind == EventKind::NotAfter) {
        let Some(c) = entries.iter().find(|c| c.id == e.certificate) else {
            continue;
        };
        let mut sources: Vec<&str> = c
            .roles
            .iter()
            .filter(|r| r.path.is_some() || r.read != ReadWhen::AtStart)
            .map(|r| r.source.as_str())
            .collect();
        sources.sort_unstable();
        sources.dedup();
        // A CA: every reader trusts it. A leaf: whoever presents it (server, client certificate)
        // and argocd-server where it pins the Dex leaf.
        let matters = |r: &&CertificateRole| {
            c.is_ca
                || matches!(
                    r.kind,
                    RoleKind::Served
                        | RoleKind::ServedChain
                        | RoleKind::ClientCertificate
                        | RoleKind::PinnedDexLeaf
                )
        };
        let mut restart: Vec<&str> = c
            .roles
            .iter()
            .filter(matters)
            .filter(|r| r.read != ReadWhen::HotReload)
            .map(|r| r.component.as_str())
            .collect();
        restart.sort_unstable();
        restart.dedup();
        let what = if c.is_ca {
            "rotate the CA"
        } else {
            "replace the certificate"
        };
        let mut text = format!("{what} {} ({})", c.subject, sources.join(", "));
        if let Some(r) = &c.renewal {
            text = format!(
                "cert-manager's Certificate {} renews secret/{} at {}",
                r.certificate, r.secret, r.renews_at
            );
            if !r.picked_up_by.is_empty() {
                text += &format!(" ({} picks it up itself)", r.picked_up_by.join(", "));
            }
            restart = r.restart_needed.iter().map(String::as_str).collect();
            if !restart.is_empty() {
                text += &format!(
                    ", but {} keep the old certificate until restarted: restart them after {}",
                    restart.join(", "),
                    r.renews_at
                );
            }
        } else if !restart.is_empty() {
            text += &format!(", then restart {}", restart.join(", "));
        }
        parts.push(text);
    }
    if parts.is_empty() {
        "see the connections that fail".to_string()
    } else {
        parts.join("; ")
    }
}

fn first_outage(i: &TimelineInstant, margin_days: u32) -> Outage {
    let (what, error) = i
        .changes
        .iter()
        .find(|c| c.before.outcome == Outcome::Ok && c.after.outcome == Outcome::Fails)
        .map(|c| {
            (
                format!("{} → {}", c.client, c.server),
                c.after
                    .error
                    .as_ref()
                    .map(|e| e.client.clone())
                    .unwrap_or_default(),
            )
        })
        .or_else(|| {
            i.endpoints.iter().find(|e| endpoint_outage(e)).map(|e| {
                (
                    format!("clients → {} :{}", e.after.component, e.after.port),
                    e.after.error.clone().unwrap_or_default(),
                )
            })
        })
        .unwrap_or_default();
    let at = UnixTime::parse_rfc3339(&i.at).unwrap_or(UnixTime::from_secs(0));
    let act_before = UnixTime::from_secs(at.as_secs() - i64::from(margin_days) * 86_400);
    Outage {
        at: i.at.clone(),
        after: i.after.clone(),
        what,
        error,
        act_before: act_before.to_string(),
        action: i.action.clone().unwrap_or_default(),
    }
}

fn summarise(
    first: &Option<Outage>,
    initial: &[ConnectionState],
    initial_endpoints: &[EndpointState],
    from: UnixTime,
    until: UnixTime,
) -> String {
    let already = initial
        .iter()
        .filter(|c| {
            c.outcome == Outcome::Fails
                && c.error
                    .as_ref()
                    .is_some_and(|e| e.client.contains("has expired or is not yet valid"))
        })
        .count()
        + initial_endpoints.len();
    let mut s = match first {
        Some(o) => format!(
            "The first outage is at {}: {} fails with '{}'; to avoid it, {} before {}.",
            o.at, o.what, o.error, o.action, o.act_before
        ),
        None => format!("No connection stops working between {from} and {until}."),
    };
    if already > 0 {
        s += &format!(
            " Already at {from}, {already} connection(s) or endpoint(s) fail on a certificate's dates."
        );
    }
    s
}

/// The JSON Schema (draft 2020-12) of [`Timeline`]: the file `pkg/timeline.schema.json`.
#[cfg(not(target_arch = "wasm32"))]
pub fn timeline_json_schema() -> String {
    let schema = schemars::schema_for!(Timeline);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
