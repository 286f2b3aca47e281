//! Plans confirmed by real Go: for every transition of the plan corpus (`plans.rs`), every
//! state the plan passes through — each step's mixed (`during`) and settled (`after`) states, and
//! the naive order's — and every client pod group → server pod group pair in it is built as a
//! real `crypto/tls` server and client configured the way Argo CD configures them, handshaken,
//! and the outcome and both error texts compared with the engine's [`PairView`].
//!
//! What each side is configured from is decided here from the reference (§17), not from the
//! engine: a pod group runs the revision of the manifests it started with — revision `k` of a
//! plan is today's manifests with the first `k` changes its steps apply, in the steps' order (for
//! the naive order, the first `k` changes as given) — except what a component watches through
//! the API: argocd-cm is always the current revision's, and argocd-server reloads
//! `argocd-server-tls` and `argocd-secret` per handshake from v2.7.0 (v2.6.15) on, since v3.5.0
//! only for a Secret labelled `app.kubernetes.io/part-of: argocd` (§3.4). The documents of the
//! client's revision and of the server's revision go to the Go harness (`tests/go/handshake`) as
//! plain data (ConfigMap and Secret data, every workload's Secret mounts with their items, and
//! args), which derives both TLS configurations itself (`derive.go`), as in `interop.rs`. One Go
//! process per toolchain: each transition runs on the Go release its Argo CD version was built
//! with.
//!
//! Compared, per pair: when Go's server does not start, the engine's pod group of that server
//! revision must not start, with the same startup error; when Go's client does not start, the
//! pair must fail with that text as its client error; otherwise the outcome and both error texts
//! must be equal, and both pod groups must be predicted to start. A pod group the engine says
//! does not start is run opposite a partner that does: as a server (repo-server, Dex, whose whole
//! start the harness derives) Go must fail to start it with the same error; as a repo-server
//! client, when Go's TLS setup fails, with the same error (when it does not, the group's reason
//! lies outside what the harness derives and it is listed as not checkable). Each state's pairs
//! must cover every starting client group × every Ready server group of each connection. The
//! transitions with a safe order (`plans::transitions`) and those without (`plans::traps`) are
//! all run; each one's naive order must break a connection that works today, with Go agreeing.
//! The posture transitions of `plan_postures.rs` (postures → changes, then planned) are
//! confirmed the same way. Each test prints one summary line: transitions, states, pairs handshaken, pod groups
//! checked, mismatches (`SHOW_PAIRS=1` prints every probe).

// Tests may read the environment (GO); the core may not.
#![allow(clippy::disallowed_methods)]

use std::collections::{BTreeMap, BTreeSet};

use argocd_tls_planner::{
    Change, Installation, Outcome, PairView, Plan, PlanOptions, StateView, StepKind, apply_changes,
    plan,
};
use serde_json::{Value, json};

use crate::interop::{go_for, run_go};
use crate::plans::{Transition, options, transitions, traps};

fn version_at_least(version: &str, major: u32, minor: u32, patch: u32) -> bool {
    let parts: Vec<u32> = version
        .split('.')
        .map(|p| p.parse().unwrap_or_else(|_| panic!("version {version}")))
        .collect();
    (parts[0], parts[1], parts[2]) >= (major, minor, patch)
}

/// Whether argocd-server takes its certificate Secrets from the current manifests on every
/// handshake (§3.4): v2.7.0+ and the 2.6 patches from v2.6.15.
fn server_reloads(version: &str) -> bool {
    version_at_least(version, 2, 7, 0)
        || (version.starts_with("2.6.") && version_at_least(version, 2, 6, 15))
}

/// The manifests of each revision a plan's steps go through: 0 today's, `k` after the `k`-th
/// change the steps apply.
fn step_revisions(t: &Case, p: &Plan) -> Vec<Installation> {
    let mut applied: Vec<&Change> = Vec::new();
    let mut out = vec![t.current.clone()];
    for s in p.steps.iter().filter(|s| s.kind == StepKind::Apply) {
        let id = s.change.as_deref().unwrap();
        applied.push(t.changes.iter().find(|c| c.id == id).unwrap());
        out.push(apply_changes(&t.current, &applied));
    }
    out
}

/// The naive order's revisions: `k` after the first `k` changes as given.
fn naive_revisions(t: &Case) -> Vec<Installation> {
    (0..=t.changes.len())
        .map(|k| apply_changes(&t.current, &t.changes.iter().take(k).collect::<Vec<_>>()))
        .collect()
}

/// What `component`'s pods that started with `started` see while `now` is applied, as plain
/// data for the Go harness (the manifest reader's parse; no resolution).
fn documents(
    version: &str,
    (client, server): (&str, &str),
    component: &str,
    started: &Installation,
    now: &Installation,
) -> Value {
    let data = |i: &Installation, name: &str| {
        i.config_map(name)
            .map(|c| serde_json::to_value(&c.data).unwrap())
            .unwrap_or_else(|| json!({}))
    };
    let mut secrets: BTreeMap<String, BTreeMap<String, String>> = started
        .secrets
        .iter()
        .map(|s| (s.name.clone(), s.data.clone()))
        .collect();
    if component == "argocd-server" && server_reloads(version) {
        for name in ["argocd-server-tls", "argocd-secret"] {
            let Some(fresh) = now.secret(name) else {
                continue;
            };
            let labelled = fresh
                .labels
                .get("app.kubernetes.io/part-of")
                .is_some_and(|v| v == "argocd");
            if labelled || !version_at_least(version, 3, 5, 0) {
                secrets.insert(name.to_string(), fresh.data.clone());
            }
        }
    }
    let mut mounts = serde_json::Map::new();
    let mut items = serde_json::Map::new();
    let mut args = serde_json::Map::new();
    for w in &started.workloads {
        let name = w.component.name().to_string();
        let mut by_path = serde_json::Map::new();
        let mut listed = serde_json::Map::new();
        for m in &w.mounts {
            // A subPath mount is one file; no transition has one and the harness does not
            // model it.
            assert!(
                m.sub_path.is_none(),
                "{name}: subPath mount {}",
                m.mount_path
            );
            by_path.insert(m.mount_path.clone(), Value::String(m.secret.clone()));
            if let Some(list) = &m.items {
                let files: serde_json::Map<String, Value> = list
                    .iter()
                    .map(|k| (k.path.clone(), Value::String(k.key.clone())))
                    .collect();
                listed.insert(m.mount_path.clone(), Value::Object(files));
            }
        }
        mounts.insert(name.clone(), Value::Object(by_path));
        items.insert(name.clone(), Value::Object(listed));
        args.insert(name, serde_json::to_value(&w.args).unwrap());
    }
    json!({
        "version": version,
        "client": client,
        "server": server,
        "params": data(started, "argocd-cmd-params-cm"),
        "argocdCm": data(now, "argocd-cm"),
        "secrets": secrets,
        "mounts": mounts,
        "items": items,
        "args": args,
    })
}

/// One pair of one state, with what Go gets for it.
struct Probe {
    /// Index into the transition's states.
    state_index: usize,
    subject: Subject,
    input: Value,
}

/// What a probe checks.
enum Subject {
    /// A pair of the state.
    Pair(PairView),
    /// A pod group the engine says does not start, run opposite a partner that starts: as the
    /// server (repo-server, Dex: Go derives their whole start) or as a repo-server client.
    Stuck {
        component: String,
        revision: i32,
        error: Option<String>,
        as_server: bool,
    },
}

/// Servers whose whole start the harness derives (§4, §5).
const DERIVED_SERVERS: [&str; 2] = ["argocd-repo-server", "argocd-dex-server"];
/// The repo-server's clients (§6).
const REPO_CLIENTS: [&str; 4] = [
    "argocd-server",
    "argocd-application-controller",
    "argocd-applicationset-controller",
    "argocd-notifications-controller",
];

fn rev(r: i32, revisions: &[Installation], what: &str) -> usize {
    let i = usize::try_from(r).unwrap_or_else(|_| panic!("{what}: revision {r}"));
    assert!(
        i < revisions.len(),
        "{what}: revision {r} of {}",
        revisions.len()
    );
    i
}

/// Every state of a plan with its label and the revisions its numbers refer to.
fn states_of(p: &Plan) -> Vec<(String, &StateView, bool)> {
    let mut out = Vec::new();
    for (i, s) in p.steps.iter().enumerate() {
        for (j, st) in s.states.iter().enumerate() {
            out.push((format!("steps[{i}].states[{j}] ({})", st.when), st, false));
        }
    }
    for (j, st) in p.naive.states.iter().enumerate() {
        out.push((format!("naive.states[{j}] ({})", st.when), st, true));
    }
    out
}

fn probes(t: &Case, p: &Plan) -> Vec<Probe> {
    let steps = step_revisions(t, p);
    let naive = naive_revisions(t);
    let mut out = Vec::new();
    for (state_index, (label, st, is_naive)) in states_of(p).into_iter().enumerate() {
        let revisions = if is_naive { &naive } else { &steps };
        let now = &revisions[rev(st.revision, revisions, &label)];
        for pair in &st.connections {
            let names = (pair.client.as_str(), pair.server.as_str());
            let client = &revisions[rev(pair.client_revision, revisions, &label)];
            let server = &revisions[rev(pair.server_revision, revisions, &label)];
            let name = format!(
                "{} {label}: {}@{} -> {}@{}",
                t.name, pair.client, pair.client_revision, pair.server, pair.server_revision
            );
            let input = json!({
                "name": name,
                "now": p.now,
                "manifest": documents(&t.version, names, &pair.client, client, now),
                "serverManifest": documents(&t.version, names, &pair.server, server, now),
            });
            out.push(Probe {
                state_index,
                subject: Subject::Pair(pair.clone()),
                input,
            });
        }
        for g in st.pods.iter().filter(|g| !g.starts) {
            let as_server = DERIVED_SERVERS.contains(&g.component.as_str());
            let partner = if as_server {
                "argocd-server"
            } else if REPO_CLIENTS.contains(&g.component.as_str()) {
                "argocd-repo-server"
            } else {
                continue;
            };
            // The partner's newest group that starts (or the current manifests).
            let partner_revision = st
                .pods
                .iter()
                .filter(|p| p.component == partner && p.starts)
                .map(|p| p.revision)
                .max()
                .unwrap_or(st.revision);
            let (client, client_revision, server, server_revision) = if as_server {
                (partner, partner_revision, g.component.as_str(), g.revision)
            } else {
                (g.component.as_str(), g.revision, partner, partner_revision)
            };
            let name = format!(
                "{} {label}: {}@{} does not start (opposite {partner}@{partner_revision})",
                t.name, g.component, g.revision
            );
            let input = json!({
                "name": name,
                "now": p.now,
                "manifest": documents(
                    &t.version,
                    (client, server),
                    client,
                    &revisions[rev(client_revision, revisions, &label)],
                    now,
                ),
                "serverManifest": documents(
                    &t.version,
                    (client, server),
                    server,
                    &revisions[rev(server_revision, revisions, &label)],
                    now,
                ),
            });
            out.push(Probe {
                state_index,
                subject: Subject::Stuck {
                    component: g.component.clone(),
                    revision: g.revision,
                    error: g.startup_error.clone(),
                    as_server,
                },
                input,
            });
        }
    }
    out
}

/// A pod group the engine says does not start, against Go: the differences, and whether Go
/// confirmed it (a client whose TLS setup starts in Go may stop for a reason outside TLS).
fn compare_stuck(error: Option<&str>, as_server: bool, go: &Value) -> (Vec<String>, bool) {
    if let Some(e) = s(&go["harnessError"]) {
        return (vec![format!("harness: {e}")], false);
    }
    let observed = if as_server {
        s(&go["serverStartupError"])
    } else {
        s(&go["clientStartupError"])
    };
    match observed {
        Some(o) if Some(o) == error => (vec![], true),
        Some(o) => (
            vec![format!("startup error: engine {error:?}, Go {o:?}")],
            false,
        ),
        None if as_server => (
            vec![format!("engine: does not start ({error:?}); Go: starts")],
            false,
        ),
        None => (vec![], false),
    }
}

fn s(v: &Value) -> Option<&str> {
    v.as_str()
}

/// Differences between the engine's pair (and the pod groups of its state) and Go's result.
fn compare(st: &StateView, pair: &PairView, go: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let mut check = |what: &str, engine: Option<&str>, go: Option<&str>| {
        if engine != go {
            diffs.push(format!("{what}: engine {engine:?}, Go {go:?}"));
        }
    };
    if let Some(e) = s(&go["harnessError"]) {
        check("harness", None, Some(e));
        return diffs;
    }
    let group = |component: &str, revision: i32| {
        st.pods
            .iter()
            .find(|g| g.component == component && g.revision == revision)
    };
    let server_group = group(&pair.server, pair.server_revision);
    if let Some(e) = s(&go["serverStartupError"]) {
        check(
            "server startupError",
            server_group.and_then(|g| g.startup_error.as_deref()),
            Some(e),
        );
        if server_group.is_some_and(|g| g.starts) {
            check("server starts", Some("true"), Some("false"));
        }
        return diffs;
    }
    if server_group.is_some_and(|g| !g.starts) {
        check(
            "server starts",
            server_group.and_then(|g| g.startup_error.as_deref()),
            None,
        );
    }
    let client_error = pair.error.as_ref().map(|e| e.client.as_str());
    let client_group = group(&pair.client, pair.client_revision);
    if let Some(g) = client_group.filter(|g| !g.starts) {
        // A client that does not start makes no connection: each of its pairs fails with its
        // startup error (whether Go's client fails alike is the `Stuck` probe's to check; a
        // Redis or commit-server pair cannot show a repo-server trust file's error).
        check(
            "client down: outcome",
            Some(pair.outcome.as_str()),
            Some("fails"),
        );
        check(
            "client down: error",
            client_error,
            g.startup_error.as_deref(),
        );
        if let Some(e) = s(&go["clientStartupError"]) {
            check("client startup error", client_error, Some(e));
        }
        return diffs;
    }
    if let Some(e) = s(&go["clientStartupError"]) {
        check("client startup error", client_error, Some(e));
        check("outcome", Some(pair.outcome.as_str()), Some("fails"));
        return diffs;
    }
    let go_ok = go["clientError"].is_null() && go["serverError"].is_null();
    check(
        "outcome",
        Some(pair.outcome.as_str()),
        Some(if go_ok { "ok" } else { "fails" }),
    );
    check("client error", client_error, s(&go["clientError"]));
    check(
        "server error",
        pair.error.as_ref().and_then(|e| e.server.as_deref()),
        s(&go["serverError"]),
    );
    diffs
}

/// Pairs a state lacks: every starting client group × every Ready server group (every server
/// group when none is Ready) of each connection the state has.
fn missing_pairs(st: &StateView) -> Vec<String> {
    let kinds: BTreeSet<(&str, &str)> = st
        .connections
        .iter()
        .map(|c| (c.client.as_str(), c.server.as_str()))
        .collect();
    let groups = |c: &str| -> Vec<(i32, bool)> {
        st.pods
            .iter()
            .filter(|g| g.component == c)
            .map(|g| (g.revision, g.starts))
            .collect()
    };
    let mut out = Vec::new();
    for (client, server) in kinds {
        let clients: Vec<i32> = groups(client)
            .into_iter()
            .filter(|g| g.1)
            .map(|g| g.0)
            .collect();
        let all_servers = groups(server);
        let ready: Vec<i32> = all_servers.iter().filter(|g| g.1).map(|g| g.0).collect();
        let servers = if ready.is_empty() {
            all_servers.iter().map(|g| g.0).collect()
        } else {
            ready
        };
        for &cr in &clients {
            for &sr in &servers {
                if !st.connections.iter().any(|c| {
                    c.client == client
                        && c.server == server
                        && c.client_revision == cr
                        && c.server_revision == sr
                }) {
                    out.push(format!("{client}@{cr} -> {server}@{sr}"));
                }
            }
        }
    }
    out
}

/// Counts of one run, for the summary line.
#[derive(Default)]
struct Tally {
    transitions: usize,
    states: usize,
    pairs: usize,
    handshaken: usize,
    failing: usize,
    groups_checked: usize,
    stuck_confirmed: usize,
    stuck_unconfirmed: Vec<String>,
}

/// A transition to confirm: where it starts, its changes, and whether a safe order must exist
/// (`None`: not asserted).
struct Case {
    name: String,
    version: String,
    current: Installation,
    changes: Vec<Change>,
    safe: Option<bool>,
    /// Whether the naive order must break something Go confirms (the corpus's transitions are
    /// chosen so; a posture's naive order may well be safe).
    naive_breaks: bool,
    /// How the plan is made.
    options: PlanOptions,
}

impl From<Transition> for Case {
    fn from(t: Transition) -> Self {
        Self {
            name: t.name.to_string(),
            version: t.version.to_string(),
            options: options(t.version),
            current: t.current,
            changes: t.changes,
            safe: Some(t.safe),
            naive_breaks: true,
        }
    }
}

#[test]
fn plans_agree_with_real_go_handshakes() {
    let corpus: Vec<Case> = transitions()
        .into_iter()
        .chain(traps())
        .map(Case::from)
        .collect();
    confirm(&corpus, "plans");
}

/// Plans every case, runs every probe in Go, compares; prints the summary line and fails on
/// any difference.
fn confirm(corpus: &[Case], what: &str) {
    let mut failures = Vec::new();
    let mut n = Tally::default();
    let mut mutation_checked = false;
    let plans: Vec<Plan> = corpus
        .iter()
        .map(|t| {
            let p = plan(&t.current, &t.changes, &t.options).unwrap();
            if let Some(safe) = t.safe {
                assert_eq!(p.safe, safe, "{}: {}", t.name, p.summary);
            }
            p
        })
        .collect();
    let all_probes: Vec<Vec<Probe>> = corpus
        .iter()
        .zip(&plans)
        .map(|(t, p)| probes(t, p))
        .collect();
    // One Go process per toolchain for every transition built with it.
    let mut all_answers: Vec<Vec<Value>> = all_probes.iter().map(|_| Vec::new()).collect();
    let toolchains: BTreeSet<String> = corpus.iter().map(|t| go_for(&t.version)).collect();
    for var in toolchains {
        let picked: Vec<usize> = (0..corpus.len())
            .filter(|i| go_for(&corpus[*i].version) == var)
            .collect();
        let inputs: Vec<Value> = picked
            .iter()
            .flat_map(|i| all_probes[*i].iter().map(|p| p.input.clone()))
            .collect();
        let mut answers = run_go(&var, &inputs).into_iter();
        assert_eq!(answers.len(), inputs.len(), "{var}: one answer per probe");
        for i in picked {
            all_answers[i] = answers.by_ref().take(all_probes[i].len()).collect();
        }
    }
    for ((t, p), (probes, answers)) in corpus
        .iter()
        .zip(&plans)
        .zip(all_probes.iter().zip(&all_answers))
    {
        let states = states_of(p);
        n.transitions += 1;
        n.states += states.len();
        for (label, st, _) in &states {
            let missing = missing_pairs(st);
            assert!(
                missing.is_empty(),
                "{} {label}: pairs missing: {missing:?}",
                t.name
            );
        }
        // Pod groups whose start Go checked: (state, component, revision).
        let mut groups_seen: BTreeSet<(usize, String, i32)> = BTreeSet::new();
        let mut naive_failures_confirmed = 0;
        for (probe, go) in probes.iter().zip(answers) {
            let name = s(&probe.input["name"]).unwrap();
            assert_eq!(s(&go["name"]), Some(name));
            let (label, st, is_naive) = &states[probe.state_index];
            let pair = match &probe.subject {
                Subject::Pair(pair) => pair,
                Subject::Stuck {
                    component,
                    revision,
                    error,
                    as_server,
                } => {
                    let (diffs, confirmed) = compare_stuck(error.as_deref(), *as_server, go);
                    if confirmed {
                        n.stuck_confirmed += 1;
                        if *is_naive {
                            naive_failures_confirmed += 1;
                        }
                        groups_seen.insert((probe.state_index, component.clone(), *revision));
                    } else if diffs.is_empty() {
                        n.stuck_unconfirmed.push(name.to_string());
                    }
                    if std::env::var_os("SHOW_PAIRS").is_some() {
                        let field = if *as_server {
                            "serverStartupError"
                        } else {
                            "clientStartupError"
                        };
                        eprintln!("{name} | engine {error:?} | Go {}", go[field]);
                    }
                    if !diffs.is_empty() {
                        failures.push(format!("{name}:\n  {}", diffs.join("\n  ")));
                    }
                    continue;
                }
            };
            n.pairs += 1;
            let diffs = compare(st, pair, go);
            let observed = [
                "harnessError",
                "serverStartupError",
                "clientStartupError",
                "clientError",
                "serverError",
            ]
            .iter()
            .find_map(|k| s(&go[*k]).map(|e| format!("{k}: {e}")))
            .unwrap_or_else(|| "ok".to_string());
            if go["harnessError"].is_null()
                && go["serverStartupError"].is_null()
                && go["clientStartupError"].is_null()
            {
                n.handshaken += 1;
                if observed != "ok" {
                    n.failing += 1;
                    if *is_naive && pair.works_today && diffs.is_empty() {
                        naive_failures_confirmed += 1;
                    }
                }
            }
            if go["harnessError"].is_null() {
                groups_seen.insert((probe.state_index, pair.server.clone(), pair.server_revision));
                if go["serverStartupError"].is_null() && go["clientStartupError"].is_null() {
                    groups_seen.insert((
                        probe.state_index,
                        pair.client.clone(),
                        pair.client_revision,
                    ));
                }
            }
            // The comparison is not vacuous: another client error than Go's is a difference.
            if !mutation_checked && diffs.is_empty() && go["harnessError"].is_null() {
                let mut changed = go.clone();
                changed["clientError"] = Value::String("x".into());
                changed["serverStartupError"] = Value::Null;
                changed["clientStartupError"] = Value::Null;
                assert!(
                    !compare(st, pair, &changed).is_empty(),
                    "a changed client error went unnoticed"
                );
                mutation_checked = true;
            }
            if std::env::var_os("SHOW_PAIRS").is_some() {
                eprintln!(
                    "{name} | engine {} | Go {observed} | {}",
                    pair.outcome.as_str(),
                    if diffs.is_empty() {
                        "agrees"
                    } else {
                        "DIFFERS"
                    }
                );
            }
            if !diffs.is_empty() {
                failures.push(format!(
                    "{name} ({label}, works today: {}):\n  {}",
                    pair.works_today,
                    diffs.join("\n  ")
                ));
            }
        }
        n.groups_checked += groups_seen.len();
        // The naive order breaks something that works today, and Go agrees with a failure.
        let naive_breaks = p
            .naive
            .states
            .iter()
            .flat_map(|s| &s.connections)
            .filter(|c| c.works_today && c.outcome == Outcome::Fails)
            .count()
            + p.naive
                .states
                .iter()
                .flat_map(|s| &s.pods)
                .filter(|g| !g.starts)
                .count();
        if t.naive_breaks && (naive_breaks == 0 || naive_failures_confirmed == 0) {
            failures.push(format!(
                "{}: the naive order breaks {naive_breaks} connections that work today or pod \
                 groups, {naive_failures_confirmed} of them confirmed by Go (at least one of \
                 each wanted)",
                t.name
            ));
        }
    }
    eprintln!(
        "{what} vs Go: {} transitions, {} states, {} pairs, {} handshaken ({} failing), \
         {} pod groups checked ({} not starting, as Go says; {} not checkable: {:?}), {} mismatches",
        n.transitions,
        n.states,
        n.pairs,
        n.handshaken,
        n.failing,
        n.groups_checked,
        n.stuck_confirmed,
        n.stuck_unconfirmed.len(),
        n.stuck_unconfirmed,
        failures.len()
    );
    assert!(mutation_checked, "no pair agreed: nothing to mutate");
    assert!(
        failures.is_empty(),
        "engine ≠ Go in {} probes:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The posture transitions of `plan_postures.rs` on 3.5.1 (and HA) and 2.14.21: each posture's
/// changes (certificates issued by stand-ins), planned from the upstream install with Dex
/// configured, every state confirmed by Go as above. Left out, because the harness cannot
/// build it: "TLS off behind a mesh" (its mixed states have argocd-server's plain-HTTP Dex
/// client meet Dex still serving TLS, which Dex's net/http server answers with a 400 — the
/// harness's Dex is a bare crypto/tls server).
#[test]
fn posture_plans_agree_with_real_go_handshakes() {
    use crate::plan_postures::{NOW, changes, postures, with_dex};
    use argocd_tls_planner::{Options, UnixTime};
    let mut cases = Vec::new();
    for (name, posture, _, installs) in postures() {
        if name == "TLS off behind a mesh" {
            continue;
        }
        for &install_name in installs {
            let version = install_name.trim_end_matches("-ha");
            if !["3.5.1", "2.14.21"].contains(&version) {
                continue;
            }
            let current = with_dex(crate::plans::upstream(install_name));
            let changes = changes(&current, &posture, version);
            cases.push(Case {
                name: format!("{install_name} posture {name}"),
                version: version.to_string(),
                options: PlanOptions::new(Options {
                    now: UnixTime::from_secs(NOW + 3600),
                    argocd_version: Some(version.into()),
                    namespace: None,
                }),
                current,
                changes,
                safe: None,
                naive_breaks: false,
            });
        }
    }
    // Redis TLS off again (back to defaults from the Redis TLS posture).
    for (name, version, current, changes) in crate::plan_postures::redis_tls_off_cases() {
        cases.push(Case {
            name: format!("posture {name}"),
            options: PlanOptions::new(Options {
                now: UnixTime::from_secs(NOW + 3600),
                argocd_version: Some(version.clone()),
                namespace: None,
            }),
            version,
            current,
            changes,
            safe: None,
            naive_breaks: false,
        });
    }
    confirm(&cases, "posture plans");
}

/// The rotation plans of `rotation.rs` (a leaf under the same CA, a CA with overlap, a
/// compromised CA, Dex's pinned leaf; my CA, cert-manager's renewal, generated here) on 3.5.1
/// and 2.14.21: every state and mixed state handshaken in Go as above — for the safe ones no
/// connection that works today fails, for the compromised CA and Dex's pin the failures are the
/// engine's, with Go's (and Argo CD's) error text.
#[test]
fn rotation_plans_agree_with_real_go_handshakes() {
    let cases: Vec<Case> = crate::rotation::cases()
        .into_iter()
        .map(|t| {
            // A leaf under the same CA: the naive order (apply, restart all) is safe too.
            let leaf = t.name.contains("rotate the repo-server leaf");
            let mut c = Case::from(t);
            c.naive_breaks = !leaf;
            c
        })
        .collect();
    confirm(&cases, "rotation plans");
}
