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

use serde::Serialize;

use crate::model::Installation;
use crate::report::{CertificateDates, ConnectionError, Outcome, Report};
use crate::resolve::{Engine, Options, ResolveError};
use crate::time::UnixTime;
use crate::x509::parse::Certificate;
use crate::x509::verify::{VerifyOptions, verify};

mod certificates;
mod renewal;

/// What the caller decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineOptions {
    /// The start of the window (the state there is `initial`).
    pub from: UnixTime,
    /// The end of the window (inclusive).
    pub until: UnixTime,
    /// How long before an outage the user should act (days).
    pub margin_days: u32,
    /// The Argo CD version; default as for [`crate::resolve()`].
    pub argocd_version: Option<String>,
    /// The namespace; default as for [`crate::resolve()`].
    pub namespace: Option<String>,
}

/// The timeline of one installation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Timeline {
    /// Always [`Timeline::SCHEMA_VERSION`] (1) for this shape.
    pub schema_version: u32,
    /// The Argo CD version modelled.
    pub argocd_version: String,
    /// The namespace.
    pub namespace: String,
    /// Start of the window (RFC 3339).
    pub from: String,
    /// End of the window (RFC 3339, inclusive).
    pub until: String,
    /// The margin used for `firstOutage.actBefore` (days).
    pub margin_days: u32,
    /// The first answer, in one sentence.
    pub summary: String,
    /// The first instant in the window where something that worked stops working; `null` when
    /// nothing does.
    pub first_outage: Option<Outage>,
    /// Every certificate that matters, by `notAfter`, then the generated ones (no dates).
    pub certificates: Vec<TimelineCertificate>,
    /// Each connection as it is at `from`.
    pub initial: Vec<ConnectionState>,
    /// TLS endpoints whose served chain is not valid at `from` already.
    pub initial_endpoints: Vec<EndpointState>,
    /// Every instant in the window where a certificate's validity changes or cert-manager renews
    /// one, in time order.
    pub instants: Vec<TimelineInstant>,
    /// What the timeline cannot know (generated certificates, renewals the pods do not see).
    pub notes: Vec<String>,
}

impl Timeline {
    /// The version of this shape.
    pub const SCHEMA_VERSION: u32 = 1;

    /// Whether an outage falls at or before `deadline` (`check --fail-within`).
    pub fn outage_by(&self, deadline: UnixTime) -> bool {
        self.first_outage
            .as_ref()
            .is_some_and(|o| UnixTime::parse_rfc3339(&o.after).is_ok_and(|after| after <= deadline))
    }
}

/// A certificate on the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct TimelineCertificate {
    /// The SHA-256 fingerprint (as in `CertificateSummary`), or `generated:<component>:<port>`.
    pub id: String,
    /// Subject in Go's form.
    pub subject: String,
    /// Issuer in Go's form.
    pub issuer: String,
    /// Whether it is a CA.
    pub is_ca: bool,
    /// Start of validity (RFC 3339); `null` when the dates are not in the input.
    pub not_before: Option<String>,
    /// End of validity (RFC 3339); `null` when the dates are not in the input.
    pub not_after: Option<String>,
    /// Where the dates come from (`fromCertificate`, or words for a generated certificate).
    pub dates: CertificateDates,
    /// Who reads it, from where, how and when.
    pub roles: Vec<CertificateRole>,
    /// cert-manager's renewal of the Secret holding it, if a `Certificate` manages that Secret.
    pub renewal: Option<Renewal>,
}

/// One reading of a certificate by a component.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct CertificateRole {
    /// What it is to that component.
    pub kind: RoleKind,
    /// The component.
    pub component: String,
    /// `secret/<name> <key>` (or `self-signed`).
    pub source: String,
    /// The file path inside the container, for a Secret volume.
    pub path: Option<String>,
    /// When the component reads it.
    pub read: ReadWhen,
}

/// What a certificate is to a component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum RoleKind {
    /// The leaf the component serves.
    Served,
    /// A certificate behind the served leaf in the served chain.
    ServedChain,
    /// In a trust file (`ca.crt`, `client-ca.crt`, …).
    TrustAnchor,
    /// A client certificate the component presents (mTLS).
    ClientCertificate,
    /// The Dex leaf argocd-server reads (strict mode pins it, §7).
    PinnedDexLeaf,
    /// Read (by key name, none of the above).
    Read,
}

/// When a component reads a certificate (reference §17).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum ReadWhen {
    /// From a file, once at container start: a new certificate needs a restart.
    AtStart,
    /// Through the API, re-read when the Secret changes (argocd-server, §3.4).
    HotReload,
    /// Through the API, but a change is not picked up without a restart (an unlabelled Secret on
    /// 3.5+, or a release that captures the certificate at listener start).
    ApiAtStart,
}

/// cert-manager's renewal of a certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Renewal {
    /// The `Certificate`'s name.
    pub certificate: String,
    /// The Secret it writes.
    pub secret: String,
    /// When cert-manager writes the new certificate (RFC 3339).
    pub renews_at: String,
    /// The new certificate's `notAfter` (renewal + `duration`).
    pub new_not_after: String,
    /// Components that pick the new certificate up themselves.
    pub picked_up_by: Vec<String>,
    /// Components that keep the old one until restarted: restart them after `renewsAt` and
    /// before the old `notAfter`.
    pub restart_needed: Vec<String>,
}

/// A connection at one instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct ConnectionState {
    /// Client component.
    pub client: String,
    /// Server component.
    pub server: String,
    /// Whether it works.
    pub outcome: Outcome,
    /// What each side logs when it fails.
    pub error: Option<ConnectionError>,
}

/// A TLS endpoint's served chain at one instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct EndpointState {
    /// The component.
    pub component: String,
    /// The port.
    pub port: u16,
    /// Whether every certificate of the served chain is valid then.
    pub valid: bool,
    /// Go's error for a client that trusts the top of the served chain (or a CA in the input),
    /// without a host-name check: the validity part of what every verifying client sees.
    pub error: Option<String>,
}

/// One instant where something changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct TimelineInstant {
    /// The date in the certificate (or the renewal), RFC 3339.
    pub at: String,
    /// The last second of the old state (resolved).
    pub before: String,
    /// The first second of the new state (resolved).
    pub after: String,
    /// What happens then.
    pub events: Vec<CertificateEvent>,
    /// Connections whose outcome or error changes.
    pub changes: Vec<ConnectionChange>,
    /// Endpoints whose served chain becomes valid or invalid.
    pub endpoints: Vec<EndpointChange>,
    /// Whether something that worked stops working: a connection, or argocd-server's served
    /// chain (its clients, browsers and the argocd CLI, are outside the model).
    pub outage: bool,
    /// What to do about it (empty when nothing breaks).
    pub action: Option<String>,
}

/// A certificate's date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct CertificateEvent {
    /// The certificate's `id`.
    pub certificate: String,
    /// Its subject.
    pub subject: String,
    /// Which date.
    pub kind: EventKind,
}

/// Which date of a certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum EventKind {
    /// It becomes valid.
    NotBefore,
    /// It stops being valid (one second after `notAfter`).
    NotAfter,
    /// cert-manager writes its successor into the Secret.
    Renewal,
}

/// A connection's change at an instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct ConnectionChange {
    /// Client component.
    pub client: String,
    /// Server component.
    pub server: String,
    /// At `before`.
    pub before: ConnectionState,
    /// At `after`.
    pub after: ConnectionState,
}

/// An endpoint's change at an instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct EndpointChange {
    /// At `before`.
    pub before: EndpointState,
    /// At `after`.
    pub after: EndpointState,
    /// cert-manager renews the served certificate before this and the component hot-reloads
    /// it: not an outage if cert-manager does its job.
    pub averted_by_renewal: bool,
}

/// The first outage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Outage {
    /// The certificate date (RFC 3339).
    pub at: String,
    /// The first second it fails.
    pub after: String,
    /// `client → server`, or `clients → argocd-server :8080` when its served chain is rejected
    /// by every verifying client.
    pub what: String,
    /// Go's error text then (the client's).
    pub error: String,
    /// `at` minus the margin.
    pub act_before: String,
    /// What to do.
    pub action: String,
}

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
            let opts = VerifyOptions::new(None, t);
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
