//! From the order the search found to the plan an operator reads: steps with their commands,
//! live checks, reasons and resolved states; the naive order beside it; text and a shell script.

use std::fmt::Write as _;

use super::change::redacted;
use super::state::Pods;
use super::{
    Action, ApplyHow, Component, KubeObject, LiveCheck, Naive, Node, PairView, Plan, Planner,
    PodGroupView, ResolveError, StateView, Step, StepKind,
};
use crate::report::{Outcome, Report, Transport};

/// `kubectl rollout restart` for a component's workload.
pub(crate) fn restart_command(namespace: &str, kind: &str, c: Component) -> String {
    let kind = if kind == "StatefulSet" {
        "statefulset"
    } else {
        "deployment"
    };
    format!("kubectl -n {namespace} rollout restart {kind}/{}", c.name())
}

fn status_command(namespace: &str, kind: &str, c: Component) -> String {
    let kind = if kind == "StatefulSet" {
        "statefulset"
    } else {
        "deployment"
    };
    format!(
        "kubectl -n {namespace} rollout status {kind}/{} --timeout=10m",
        c.name()
    )
}

fn object_name(o: &serde_json::Value) -> (String, String) {
    let kind = o
        .get("kind")
        .and_then(|k| k.as_str())
        .unwrap_or("Object")
        .to_string();
    let name = o
        .pointer("/metadata/name")
        .and_then(|k| k.as_str())
        .unwrap_or_default()
        .to_string();
    (kind, name)
}

/// The file a bundle keeps an object in, e.g. `03-secret-argocd-repo-server-tls.yaml`.
pub(crate) fn object_file(step: u32, o: &KubeObject) -> String {
    let (kind, name) = object_name(&o.object);
    let how = match o.how {
        ApplyHow::Apply => "",
        ApplyHow::Patch => "patch-",
        ApplyHow::Delete => "delete-",
    };
    format!("{step:02}-{how}{}-{name}.yaml", kind.to_ascii_lowercase())
}

fn view(planner: &mut Planner<'_>, when: &str, pods: &Pods) -> Result<StateView, ResolveError> {
    let baseline = planner.baseline.clone();
    let ways_baseline = planner.ways_baseline.clone();
    let running = planner.running_today.clone();
    let shown = planner.shown.clone();
    let r = planner.resolve(pods)?;
    let mut safe = true;
    let pods_view = r
        .groups
        .iter()
        .map(|g| {
            if running.contains(&g.component) && !g.starts {
                safe = false;
            }
            PodGroupView {
                component: g.component.name().to_string(),
                revision: planner_shown(&shown, g.revision),
                starts: g.starts,
                startup_error: g.startup_error.clone(),
            }
        })
        .collect();
    let connections = r
        .pairs
        .iter()
        .map(|p| {
            let works_today = baseline.contains(&(p.client, p.server));
            if works_today && p.connection().outcome != Outcome::Ok {
                safe = false;
            }
            PairView {
                client: p.client.name().to_string(),
                client_revision: planner_shown(&shown, p.client_revision),
                server: p.server.name().to_string(),
                server_revision: planner_shown(&shown, p.server_revision),
                transport: p.connection().transport,
                verification: p.connection().verification,
                outcome: p.connection().outcome,
                error: p.connection().error.clone(),
                works_today,
            }
        })
        .collect();
    // One entry per way in × client: the first Ready server group that breaks it.
    let mut seen = std::collections::BTreeSet::new();
    let broken_ways: Vec<super::BrokenWay> = r
        .ways
        .iter()
        .filter(|(name, _)| ways_baseline.contains(name))
        .filter_map(|(name, broken)| broken.clone().filter(|_| seen.insert(name.clone())))
        .collect();
    if !broken_ways.is_empty() {
        safe = false;
    }
    Ok(StateView {
        when: when.to_string(),
        revision: planner_shown(&shown, pods.current),
        pods: pods_view,
        connections,
        broken_ways,
        safe,
    })
}

/// A revision as the plan shows it: the number of changes applied before it (in the order of the
/// steps shown), `-1` for the older manifests some pods started with (a resumed plan).
fn planner_shown(shown: &std::collections::BTreeMap<usize, i32>, internal: usize) -> i32 {
    shown.get(&internal).copied().unwrap_or(-1)
}

/// Numbers the revisions an order of actions goes through: 0 today, `k` after `k` changes.
fn number_revisions(planner: &mut Planner<'_>, actions: &[Action]) {
    let mut applied = Vec::new();
    planner.shown.clear();
    planner.shown.insert(0, 0);
    for a in actions {
        if let Action::Apply(i) = a {
            applied.push(*i);
            let r = planner.revision(&applied);
            planner.shown.insert(r, applied.len() as i32);
        }
    }
}

fn first_failure(states: &[StateView]) -> Option<String> {
    for s in states {
        for g in &s.pods {
            if !g.starts {
                return Some(format!(
                    "{}'s new pods would not start: {}",
                    g.component,
                    g.startup_error.as_deref().unwrap_or("?")
                ));
            }
        }
        for p in &s.connections {
            if p.works_today && p.outcome != Outcome::Ok {
                let error = p
                    .error
                    .as_ref()
                    .map(|e| e.client.clone())
                    .unwrap_or_default();
                return Some(format!("{} → {} would fail: {error}", p.client, p.server));
            }
        }
        if let Some(w) = s.broken_ways.first() {
            return Some(format!(
                "way in {} would fail: {}",
                w.name(),
                w.outcome_text()
            ));
        }
    }
    None
}

fn action_title(planner: &Planner<'_>, action: &Action) -> String {
    match action {
        Action::Apply(i) => planner.changes[*i].title.clone(),
        Action::Restart(cs) => format!(
            "Restart {}",
            cs.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// A transition walked: the node after it, its states, its failure count.
type Walked = (Node, Vec<(String, Pods)>, usize);

/// Runs `actions` from `start`; the states of each transition, or `None` past a transition
/// that failed to resolve.
fn walk(
    planner: &mut Planner<'_>,
    start: &Node,
    actions: &[Action],
) -> Result<Vec<Walked>, ResolveError> {
    let mut node = start.clone();
    let mut out = Vec::new();
    for a in actions {
        let t = planner.transition(&node, a)?;
        out.push((t.after.clone(), t.states, t.failures));
        node = t.after;
    }
    Ok(out)
}

pub(super) fn assemble(
    planner: &mut Planner<'_>,
    start: &Node,
    path: &[Action],
    safe: bool,
) -> Result<Plan, super::PlanError> {
    let namespace = planner
        .options
        .namespace
        .clone()
        .or_else(|| planner.revisions.get(0).namespace.clone())
        .unwrap_or_else(|| "argocd".to_string());
    let walked = walk(planner, start, path)?;
    number_revisions(planner, path);
    let mut steps = Vec::new();
    let mut windows = 0;
    for (n, (action, (after, states, failures))) in path.iter().zip(&walked).enumerate() {
        let number = n as u32 + 1;
        windows += usize::from(*failures > 0);
        let mut views = Vec::new();
        for (when, pods) in states {
            views.push(view(planner, when, pods)?);
        }
        let install = planner.revisions.get(after.pods.current).clone();
        let (kind, change, restarts, objects, mut commands, mut checks) = match action {
            Action::Apply(i) => {
                let c = &planner.changes[*i];
                let objects: Vec<KubeObject> = c
                    .objects
                    .iter()
                    .map(|o| KubeObject {
                        how: o.how,
                        object: redacted(&o.object),
                    })
                    .collect();
                let mut commands: Vec<String> = c
                    .objects
                    .iter()
                    .map(|o| match o.how {
                        ApplyHow::Apply => {
                            format!("kubectl -n {namespace} apply -f {}", object_file(number, o))
                        }
                        ApplyHow::Patch => {
                            let (kind, name) = object_name(&o.object);
                            format!(
                                "kubectl -n {namespace} patch {} {name} --type strategic --patch-file {}",
                                kind.to_ascii_lowercase(),
                                object_file(number, o)
                            )
                        }
                        ApplyHow::Delete => {
                            let (kind, name) = object_name(&o.object);
                            format!(
                                "kubectl -n {namespace} delete {} {name} --ignore-not-found",
                                kind.to_ascii_lowercase()
                            )
                        }
                    })
                    .collect();
                commands.extend(c.waits.iter().cloned());
                let checks = apply_checks(&namespace, c);
                let rolled: Vec<Component> =
                    c.edits.iter().filter_map(super::Edit::rolls_out).collect();
                (
                    StepKind::Apply,
                    Some(c.id.clone()),
                    rolled,
                    objects,
                    commands,
                    checks,
                )
            }
            Action::Restart(cs) => {
                let commands = cs
                    .iter()
                    .map(|c| {
                        let kind = install
                            .workload(*c)
                            .map(|w| w.kind.clone())
                            .unwrap_or_default();
                        restart_command(&namespace, &kind, *c)
                    })
                    .collect();
                (
                    StepKind::Restart,
                    None,
                    cs.clone(),
                    vec![],
                    commands,
                    vec![],
                )
            }
        };
        for c in &restarts {
            let kind = install
                .workload(*c)
                .map(|w| w.kind.clone())
                .unwrap_or_default();
            commands.push(status_command(&namespace, &kind, *c));
        }
        let newest = planner.newest(&after.pods)?;
        checks.extend(restart_checks(&namespace, &restarts, &newest));
        let why = why_here(planner, start, path, n)?;
        number_revisions(planner, path);
        steps.push(Step {
            number,
            title: action_title(planner, action),
            kind,
            change,
            restarts: restarts.iter().map(|c| c.name().to_string()).collect(),
            objects,
            commands,
            checks,
            why,
            states: views,
        });
    }
    let naive = naive(planner, start)?;
    number_revisions(planner, path);
    let end = walked
        .last()
        .map_or(start.pods.clone(), |(n, _, _)| n.pods.clone());
    let target = Report::clone(&*planner.newest(&end)?);
    let summary = if safe {
        format!(
            "{} steps; every state and mixed state keeps the {} connections that work today{}",
            steps.len(),
            planner.baseline.len(),
            if naive.safe {
                " (the naive order is safe too)"
            } else {
                "; the naive order breaks some (see naive)"
            }
        )
    } else {
        let first = steps
            .iter()
            .find_map(|s| first_failure(&s.states).map(|f| (s.number, f)));
        match first {
            Some((n, f)) => format!(
                "no safe order: {} of {} steps break something; the shortest window found starts at step {n}: {f}",
                windows,
                steps.len()
            ),
            None => format!(
                "no safe order found within the search budget ({} steps)",
                steps.len()
            ),
        }
    };
    Ok(Plan {
        schema_version: Plan::SCHEMA_VERSION,
        argocd_version: planner.version.to_string(),
        namespace,
        now: planner.options.now.to_string(),
        safe,
        summary,
        baseline: planner
            .baseline
            .iter()
            .map(|(c, s)| format!("{}->{}", c.name(), s.name()))
            .collect(),
        steps,
        naive,
        target,
        rotation: None,
    })
}

/// Why step `n` is not one earlier: what breaks when it swaps places with the step before.
fn why_here(
    planner: &mut Planner<'_>,
    start: &Node,
    path: &[Action],
    n: usize,
) -> Result<String, ResolveError> {
    if n == 0 {
        return Ok("first: nothing it needs comes before it".to_string());
    }
    let mut swapped = path[..=n].to_vec();
    swapped.swap(n - 1, n);
    let prev = action_title(planner, &path[n - 1]);
    let walked = walk(planner, start, &swapped[..n])?;
    let mut views = Vec::new();
    for (_, states, _) in &walked[n - 1..] {
        for (when, pods) in states {
            views.push(view(planner, when, pods)?);
        }
    }
    if let Some(f) = first_failure(&views) {
        return Ok(format!("before \"{prev}\": {f}"));
    }
    // A settled state of the swapped order where a pod restarting on its own would break.
    for (node, _, _) in &walked[n - 1..] {
        let stale: Vec<Component> = super::RESTART_ORDER
            .iter()
            .copied()
            .filter(|c| planner.is_stale(*c, &node.pods))
            .collect();
        for c in stale {
            let t = planner.transition(node, &Action::Restart(vec![c]))?;
            let mut views = Vec::new();
            for (when, pods) in &t.states {
                views.push(view(planner, when, pods)?);
            }
            if let Some(f) = first_failure(&views) {
                return Ok(format!(
                    "before \"{prev}\", a pod of {} restarting on its own (eviction, node drain) would break: {f}",
                    c.name()
                ));
            }
        }
    }
    // A restart right after the change it picks up.
    if let (Action::Restart(cs), Action::Apply(_)) = (&path[n], &path[n - 1]) {
        let before = if n >= 2 {
            walk(planner, start, &path[..n - 1])?
                .last()
                .map(|(node, _, _)| node.clone())
                .unwrap_or_else(|| start.clone())
        } else {
            start.clone()
        };
        let after_prev = planner.transition(&before, &path[n - 1])?.after;
        let picks_up: Vec<&str> = cs
            .iter()
            .filter(|c| {
                let mut p = before.pods.clone();
                p.set(**c, vec![before.pods.current]);
                p.current = after_prev.pods.current;
                planner.is_stale(**c, &p)
            })
            .map(|c| c.name())
            .collect();
        if !picks_up.is_empty() {
            return Ok(format!(
                "{} read{} it only at start (reference §17): a restart before \"{prev}\" would pick up nothing",
                picks_up.join(", "),
                if picks_up.len() == 1 { "s" } else { "" }
            ));
        }
    }
    Ok(format!(
        "after \"{prev}\" by choice: nothing breaks either way"
    ))
}

fn naive(planner: &mut Planner<'_>, start: &Node) -> Result<Naive, ResolveError> {
    let in_order: Vec<Action> = (0..planner.changes.len()).map(Action::Apply).collect();
    number_revisions(planner, &in_order);
    let mut node = start.clone();
    let mut states = Vec::new();
    for i in 0..planner.changes.len() {
        let t = planner.transition(&node, &Action::Apply(i))?;
        for (when, pods) in &t.states {
            states.push(view(planner, when, pods)?);
        }
        node = t.after;
    }
    let stale: Vec<Component> = super::RESTART_ORDER
        .iter()
        .copied()
        .filter(|c| planner.is_stale(*c, &node.pods))
        .collect();
    if !stale.is_empty() {
        let t = planner.transition(&node, &Action::Restart(stale))?;
        for (when, pods) in &t.states {
            states.push(view(planner, when, pods)?);
        }
    }
    let safe = states.iter().all(|s| s.safe);
    Ok(Naive {
        description: "apply every change in the order given, then restart every component that \
                      needs it at once"
            .to_string(),
        safe,
        states,
    })
}

fn apply_checks(namespace: &str, change: &super::Change) -> Vec<LiveCheck> {
    let mut out = Vec::new();
    for o in &change.objects {
        let (kind, name) = object_name(&o.object);
        if kind == "Secret" {
            let mut keys: Vec<String> = ["data", "stringData"]
                .iter()
                .filter_map(|f| o.object.get(*f).and_then(|d| d.as_object()))
                .flat_map(|m| m.keys().cloned())
                .collect();
            keys.sort();
            keys.dedup();
            out.push(LiveCheck {
                command: format!(
                    "kubectl -n {namespace} get secret {name} -o go-template='{{{{range $k, $v := .data}}}}{{{{$k}}}}{{{{\"\\n\"}}}}{{{{end}}}}'"
                ),
                expect: if o.how == ApplyHow::Patch {
                    format!("among the keys: {}", keys.join(", "))
                } else {
                    keys.join("\n")
                },
            });
        } else if matches!(kind.as_str(), "ConfigMap" | "Ingress") && o.how == ApplyHow::Patch {
            let field = if kind == "Ingress" {
                o.object.pointer("/metadata/annotations")
            } else {
                o.object.get("data")
            };
            let (res, at) = if kind == "Ingress" {
                ("ingress", "metadata.annotations")
            } else {
                ("configmap", "data")
            };
            if let Some(data) = field.and_then(|d| d.as_object()) {
                for (k, v) in data {
                    let path = k.replace('.', "\\.");
                    out.push(LiveCheck {
                        command: format!(
                            "kubectl -n {namespace} get {res} {name} -o jsonpath='{{.{at}.{path}}}'"
                        ),
                        expect: v.as_str().unwrap_or_default().to_string(),
                    });
                }
            }
        } else if kind == "BackendTLSPolicy" {
            // The Gateway resolved the CA ConfigMap and accepted the policy (Gateway API v1
            // `PolicyStatus`: per ancestor Gateway).
            for condition in ["ResolvedRefs", "Accepted"] {
                out.push(LiveCheck {
                    command: format!(
                        "kubectl -n {namespace} get backendtlspolicy {name} -o jsonpath='{{.status.ancestors[*].conditions[?(@.type==\"{condition}\")].status}}'"
                    ),
                    expect: "True".to_string(),
                });
            }
        } else if kind == "Certificate" {
            out.push(LiveCheck {
                command: format!(
                    "kubectl -n {namespace} get certificate {name} -o jsonpath='{{.status.conditions[?(@.type==\"Ready\")].status}}'"
                ),
                expect: "True".to_string(),
            });
        }
    }
    out
}

/// After a restart: which certificate each restarted TLS server serves (its SHA-256
/// fingerprint as `openssl x509 -fingerprint -sha256` prints it), and no TLS error in the
/// restarted clients' logs.
fn restart_checks(namespace: &str, restarts: &[Component], report: &Report) -> Vec<LiveCheck> {
    let mut out = Vec::new();
    for c in restarts {
        let Some(cr) = report.components.iter().find(|x| x.name == c.name()) else {
            continue;
        };
        for e in &cr.endpoints {
            let Some(tls) = &e.tls else { continue };
            let Some(leaf) = tls.certificate.chain.first() else {
                continue;
            };
            // A certificate generated at start has no fingerprint to expect.
            if !tls.certificate.source.starts_with("secret/") {
                continue;
            }
            let fp = leaf
                .sha256_fingerprint
                .replace(':', "")
                .to_ascii_uppercase()
                .as_bytes()
                .chunks(2)
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .collect::<Vec<_>>()
                .join(":");
            let local = 18_000 + u32::from(e.port % 1000);
            out.push(LiveCheck {
                command: format!(
                    "kubectl -n {namespace} port-forward svc/{name} {local}:{port} >/dev/null & sleep 3; \
                     openssl s_client -connect 127.0.0.1:{local} -servername {name} </dev/null 2>/dev/null \
                     | openssl x509 -noout -fingerprint -sha256; kill $!",
                    name = c.name(),
                    port = e.port
                ),
                expect: format!("sha256 Fingerprint={fp}"),
            });
        }
    }
    // Redis without its plaintext port (`--port 0`, reference §9): nothing answers on 6379.
    if restarts.contains(&Component::Redis)
        && let Some(r) = report.components.iter().find(|x| x.name == "argocd-redis")
        && r.endpoints.iter().all(|e| e.name != "redis")
        && r.endpoints.iter().any(|e| e.name == "redis-tls")
    {
        out.push(LiveCheck {
            command: format!(
                "kubectl -n {namespace} exec deployment/argocd-redis -- redis-cli -p 6379 ping 2>&1"
            ),
            expect: "Could not connect to Redis at 127.0.0.1:6379: Connection refused".to_string(),
        });
    }
    for c in restarts {
        let clients: Vec<&str> = report
            .connections
            .iter()
            .filter(|k| k.client == c.name() && k.transport == Transport::Tls)
            .map(|k| k.server.as_str())
            .collect();
        if clients.is_empty() {
            continue;
        }
        out.push(LiveCheck {
            command: format!(
                "kubectl -n {namespace} logs {kind}/{name} --since=5m | grep -E 'x509: |tls: |transport: authentication handshake failed'",
                kind = if *c == Component::ApplicationController {
                    "statefulset"
                } else {
                    "deployment"
                },
                name = c.name()
            ),
            expect: format!(
                "nothing (no TLS error toward {})",
                clients.join(", ")
            ),
        });
    }
    out
}

/// The plan as text for a terminal.
pub fn render_plan_text(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Plan for Argo CD {} in namespace {} at {}",
        plan.argocd_version, plan.namespace, plan.now
    );
    let _ = writeln!(out, "{}\n", plan.summary);
    if let Some(r) = &plan.rotation {
        let _ = writeln!(out, "Rotating {} ({})", r.secrets.join(", "), r.source);
        if let (Some(expires), Some(by)) = (&r.expires, &r.renew_by) {
            let _ = writeln!(
                out,
                "  what the pods read today expires at {expires}: finish by {by} ({} days' margin)",
                r.margin_days
            );
        }
        for n in &r.notes {
            let _ = writeln!(out, "  note: {n}");
        }
        out.push('\n');
    }
    for s in &plan.steps {
        let _ = writeln!(out, "{}. {}", s.number, s.title);
        for c in &s.commands {
            let _ = writeln!(out, "     $ {c}");
        }
        let _ = writeln!(out, "     why here: {}", s.why);
        for st in &s.states {
            let bad: Vec<&PairView> = st
                .connections
                .iter()
                .filter(|p| p.works_today && p.outcome != Outcome::Ok)
                .collect();
            let mixed = st
                .pods
                .iter()
                .filter(|g| {
                    st.pods
                        .iter()
                        .filter(|h| h.component == g.component)
                        .count()
                        > 1
                })
                .count();
            let _ = writeln!(
                out,
                "     {} ({}): {}",
                st.when,
                if mixed > 0 {
                    "old and new pods side by side"
                } else {
                    "settled"
                },
                if st.safe { "safe" } else { "BREAKS" }
            );
            for p in bad {
                let _ = writeln!(
                    out,
                    "       {} (rev {}) → {} (rev {}): {}",
                    p.client,
                    p.client_revision,
                    p.server,
                    p.server_revision,
                    p.error
                        .as_ref()
                        .map(|e| e.client.as_str())
                        .unwrap_or("fails")
                );
            }
            for w in &st.broken_ways {
                let _ = writeln!(out, "       way in {}: {}", w.name(), w.outcome_text());
            }
            for g in st.pods.iter().filter(|g| !g.starts) {
                let _ = writeln!(
                    out,
                    "       {} (rev {}) does not start: {}",
                    g.component,
                    g.revision,
                    g.startup_error.as_deref().unwrap_or("?")
                );
            }
        }
        for c in &s.checks {
            let _ = writeln!(
                out,
                "     check: {}\n       expect: {}",
                c.command, c.expect
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Naive order ({}): {}",
        plan.naive.description,
        if plan.naive.safe { "safe" } else { "BREAKS" }
    );
    if let Some(f) = first_failure(&plan.naive.states) {
        let _ = writeln!(out, "  first failure: {f}");
    }
    out
}

/// The plan as a bash script: each step's commands, then its checks, stopping at the first
/// check whose output differs.
pub fn render_plan_script(plan: &Plan) -> String {
    let mut out = String::from(
        "#!/usr/bin/env bash\n# Generated by argocd-tls-planner: run it from the bundle directory (the files it applies).\nset -euo pipefail\n\n",
    );
    let _ = writeln!(out, "# {}\n", plan.summary.replace('\n', " "));
    for s in &plan.steps {
        let _ = writeln!(
            out,
            "echo '== step {}: {}'",
            s.number,
            s.title.replace('\'', "")
        );
        let _ = writeln!(out, "# why here: {}", s.why.replace('\n', " "));
        for c in &s.commands {
            let _ = writeln!(out, "{c}");
        }
        for c in &s.checks {
            let _ = writeln!(out, "# check: expect {}", c.expect.replace('\n', " "));
            let _ = writeln!(out, "( {} ) || true", c.command);
        }
        out.push('\n');
    }
    out
}
