//! The search for an order: which change to apply or component to restart next, each
//! transition resolved with the state model in [`super::state`]; a safe order when there is one,
//! else the order that breaks least.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::rc::Rc;

use super::state::{self, Pods, Revisions, Seen, resolve_pods};
use super::{Change, Edit, Plan, PlanError, PlanOptions, change, render};
use crate::argo::{ArgoVersion, version};
use crate::model::{Component, Installation};
use crate::report::{Outcome, Report};
use crate::resolve::{Engine, Options, ResolveError};

/// A move of the search: apply change `i`, or restart components.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Action {
    Apply(usize),
    Restart(Vec<Component>),
}

/// Where the search is between steps: which changes are applied (in order) and the pods.
#[derive(Clone, Debug)]
pub(super) struct Node {
    pub(super) applied: Vec<usize>,
    pub(super) pods: Pods,
}

/// A transition resolved: its states (during, after) and what fails in them.
pub(super) struct Transition {
    pub(super) states: Vec<(String, Pods)>,
    pub(super) after: Node,
    pub(super) failures: usize,
}

/// Restart order preference: servers before their clients.
pub(super) const RESTART_ORDER: [Component; 8] = [
    Component::RepoServer,
    Component::DexServer,
    Component::Redis,
    Component::CommitServer,
    Component::Server,
    Component::ApplicationController,
    Component::ApplicationSetController,
    Component::NotificationsController,
];

pub(super) struct Planner<'a> {
    pub(super) engine: Engine,
    pub(super) changes: &'a [Change],
    pub(super) options: Options,
    pub(super) version: ArgoVersion,
    pub(super) revisions: Revisions,
    /// Revision number per applied set (changes touch distinct objects; their order within
    /// a set does not change the manifests).
    pub(super) by_applied: BTreeMap<Vec<usize>, usize>,
    pub(super) resolved: BTreeMap<PodsKey, state::Resolved>,
    pub(super) baseline: BTreeSet<(Component, Component)>,
    /// The ways in × clients that work today (issue 15): they must keep working too.
    pub(super) ways_baseline: BTreeSet<String>,
    pub(super) running_today: BTreeSet<Component>,
    pub(super) evaluations: usize,
    pub(super) budget: usize,
    /// Whether settled states must also survive any pod restarting on its own.
    pub(super) robust: bool,
    /// How the plan numbers internal revisions (see `render::number_revisions`).
    pub(super) shown: BTreeMap<usize, i32>,
    /// What each pod group sees (see [`state::SeenCache`]).
    pub(super) seen: state::SeenCache,
    /// Every world resolved (see [`state::WorldCache`]), without findings.
    pub(super) worlds: state::WorldCache,
    /// The full reports of the worlds the plan shows ([`state::newest_report`]).
    pub(super) full_worlds: state::WorldCache,
    /// [`Planner::reading_of`]'s table.
    pub(super) readings: std::cell::RefCell<std::collections::HashMap<(usize, usize, usize), u64>>,
    /// The revision each revision was made from and the change applied to it (revisions made
    /// by [`Planner::revision`]).
    pub(super) derived: std::collections::HashMap<usize, (usize, usize)>,
    /// Whether readings may come from [`Planner::derived`] (off in [`plan_from_scratch`]).
    pub(super) derive: bool,
    /// [`state::Reads`] per (component index, revision).
    pub(super) reads:
        std::cell::RefCell<std::collections::HashMap<(usize, usize), Rc<state::Reads>>>,
    /// [`state::secret_hash`] per revision and Secret name.
    pub(super) secrets: std::cell::RefCell<
        std::collections::HashMap<usize, std::collections::HashMap<String, u64>>,
    >,
}

type PodsKey = (usize, Vec<Vec<usize>>);

/// A settled state up to what makes a difference: the changes applied, what each pod group reads.
type NodeKey = (Vec<usize>, Vec<Vec<u64>>);

fn key(p: &Pods) -> PodsKey {
    (p.current, p.groups.to_vec())
}

impl<'a> Planner<'a> {
    pub(super) fn revision(&mut self, applied: &[usize]) -> usize {
        let mut set = applied.to_vec();
        set.sort_unstable();
        if let Some(r) = self.by_applied.get(&set) {
            return *r;
        }
        // Changes touch distinct objects, so the set's revision is the revision of the set
        // without its last change with that change applied: one copy per new revision.
        let Some((&last, rest)) = set.split_last() else {
            return 0;
        };
        let base = self.revision(rest);
        let install = change::apply(self.revisions.get(base), &self.changes[last].edits);
        let r = self.revisions.push(install);
        self.by_applied.insert(set, r);
        self.derived.insert(r, (base, last));
        r
    }

    pub(super) fn resolve(&mut self, pods: &Pods) -> Result<&state::Resolved, ResolveError> {
        let k = key(pods);
        if !self.resolved.contains_key(&k) {
            self.evaluations += 1;
            let r = resolve_pods(
                &mut self.engine,
                &self.revisions,
                &mut self.seen,
                &mut self.worlds,
                pods,
                self.version,
                &self.options,
            )?;
            self.resolved.insert(k.clone(), r);
        }
        Ok(&self.resolved[&k])
    }

    /// The full report of the world where each component of `pods` runs its newest pods.
    pub(super) fn newest(&mut self, pods: &Pods) -> Result<Rc<Report>, ResolveError> {
        state::newest_report(
            &mut self.engine,
            &self.revisions,
            &mut self.seen,
            &mut self.full_worlds,
            pods,
            self.version,
            &self.options,
        )
    }

    /// Regressions in a state: connections that work today and fail for some pair, and pod
    /// groups of components running today that do not start.
    fn failures(&mut self, pods: &Pods) -> Result<usize, ResolveError> {
        let baseline = self.baseline.clone();
        let running = self.running_today.clone();
        let ways_baseline = std::mem::take(&mut self.ways_baseline);
        let counted = self.resolve(pods).map(|r| {
            let broken_pairs = r
                .pairs
                .iter()
                .filter(|p| {
                    baseline.contains(&(p.client, p.server))
                        && p.connection().outcome != Outcome::Ok
                })
                .count();
            let stuck = r
                .groups
                .iter()
                .filter(|g| running.contains(&g.component) && !g.starts)
                .count();
            // A way in × client that works today and fails through some Ready server group.
            let broken_ways: BTreeSet<&str> = r
                .ways
                .iter()
                .filter(|(name, broken)| broken.is_some() && ways_baseline.contains(name))
                .map(|(name, _)| name.as_str())
                .collect();
            broken_pairs + stuck + broken_ways.len()
        });
        self.ways_baseline = ways_baseline;
        counted
    }

    /// What component `c` started at revision `r` reads while the manifests are at `current`
    /// ([`Seen::reading`]; computed once per triple, its part that depends on `r` alone once
    /// per pair).
    fn reading_of(&self, c: Component, r: usize, current: usize) -> u64 {
        let k = (state::index(c), r, current);
        if let Some(h) = self.readings.borrow().get(&k) {
            return *h;
        }
        let reads = self.reads_of(c, r);
        let now = self.revisions.get(current);
        let mut secret = |name: &str, from_now: bool| {
            self.secret_hash_of(name, if from_now { current } else { r })
        };
        let h = Seen::new(c, self.revisions.get(r), now, self.version).reading(&reads, &mut secret);
        self.readings.borrow_mut().insert(k, h);
        h
    }

    /// The revision `r` was made from, when the change that made it has no edit `touches`
    /// (what `r` holds apart from that change is then its base's).
    fn untouched_base(&self, r: usize, touches: impl Fn(&Edit) -> bool) -> Option<usize> {
        if !self.derive {
            return None;
        }
        let (base, change) = *self.derived.get(&r)?;
        (!self.changes[change].edits.iter().any(touches)).then_some(base)
    }

    /// [`state::Reads`] of component `c` in revision `r`: its base revision's when the change
    /// that made `r` touched neither `c`'s workload nor a ConfigMap.
    fn reads_of(&self, c: Component, r: usize) -> Rc<state::Reads> {
        let k = (state::index(c), r);
        if let Some(reads) = self.reads.borrow().get(&k) {
            return Rc::clone(reads);
        }
        let base = self.untouched_base(r, |e| match e {
            Edit::PutWorkload(w) => w.component == c,
            Edit::SetConfigMapKey { .. } => true,
            _ => false,
        });
        let reads = match base {
            Some(base) => self.reads_of(c, base),
            None => {
                let started = self.revisions.get(r);
                Rc::new(state::Reads::of(
                    c,
                    started,
                    state::workload_hash(c, started),
                ))
            }
        };
        self.reads.borrow_mut().insert(k, Rc::clone(&reads));
        reads
    }

    /// [`state::secret_hash`] of Secret `name` in revision `r`: its base revision's when the
    /// change that made `r` did not touch that Secret.
    fn secret_hash_of(&self, name: &str, r: usize) -> u64 {
        if let Some(h) = self.secrets.borrow().get(&r).and_then(|m| m.get(name)) {
            return *h;
        }
        let base = self.untouched_base(r, |e| match e {
            Edit::PutSecret(s) => s.name == name,
            Edit::DeleteSecret(n) | Edit::SetSecretKeys { secret: n, .. } => n == name,
            _ => false,
        });
        let h = match base {
            Some(base) => self.secret_hash_of(name, base),
            None => state::secret_hash(name, self.revisions.get(r)),
        };
        self.secrets
            .borrow_mut()
            .entry(r)
            .or_default()
            .insert(name.to_string(), h);
        h
    }

    pub(super) fn is_stale(&self, c: Component, pods: &Pods) -> bool {
        pods.of(c).iter().any(|&r| {
            self.reading_of(c, r, pods.current) != self.reading_of(c, pods.current, pods.current)
        })
    }

    fn rolls(&self, c: Component, install: &Installation) -> Rollout {
        match install.workload(c) {
            None => Rollout::Absent,
            Some(w) if w.kind == "StatefulSet" && w.replicas.unwrap_or(1) <= 1 => Rollout::Gap,
            Some(_) => Rollout::Surge,
        }
    }

    pub(super) fn transition(
        &mut self,
        node: &Node,
        action: &Action,
    ) -> Result<Transition, ResolveError> {
        self.transition_until(node, action, false)
    }

    /// [`Planner::transition`]; with `first_failure`, a transition whose mixed state already
    /// fails is returned without resolving the state after it (its `after` is then not the
    /// settled state, and `failures` counts the mixed state only): for callers that only ask
    /// whether a transition is safe.
    fn transition_until(
        &mut self,
        node: &Node,
        action: &Action,
        first_failure: bool,
    ) -> Result<Transition, ResolveError> {
        let mut applied = node.applied.clone();
        let restarting: Vec<Component> = match action {
            Action::Apply(i) => {
                applied.push(*i);
                let mut rolled: Vec<Component> = self.changes[*i]
                    .edits
                    .iter()
                    .filter_map(Edit::rolls_out)
                    .collect();
                rolled.dedup();
                rolled
            }
            Action::Restart(cs) => cs.clone(),
        };
        let current = self.revision(&applied);
        let mut during = node.pods.clone();
        during.current = current;
        let mut after = during.clone();
        let mut states = Vec::new();
        if !restarting.is_empty() {
            for &c in &restarting {
                let old = node.pods.of(c).to_vec();
                match self.rolls(c, self.revisions.get(current)) {
                    Rollout::Absent => {
                        during.set(c, vec![]);
                        after.set(c, vec![]);
                    }
                    Rollout::Gap => {
                        during.set(c, vec![]);
                        after.set(c, vec![current]);
                    }
                    Rollout::Surge => {
                        let mut both = old;
                        both.retain(|&r| r != current);
                        both.push(current);
                        during.set(c, both);
                        after.set(c, vec![current]);
                    }
                }
            }
            // A rollout whose new pods do not start never completes: the old pods stay.
            states.push(("during".to_string(), during.clone()));
        }
        let mut failures = 0;
        for (_, p) in &states {
            failures += self.failures(p)?;
        }
        if first_failure && failures > 0 {
            return Ok(Transition {
                states,
                after: Node {
                    applied,
                    pods: after,
                },
                failures,
            });
        }
        let stuck: Vec<Component> = {
            let r = self.resolve(&after)?;
            restarting
                .iter()
                .copied()
                .filter(|c| {
                    r.groups
                        .iter()
                        .any(|g| g.component == *c && g.revision == current && !g.starts)
                })
                .collect()
        };
        for c in stuck {
            // The old pods keep running beside the new pods that crash — unless the rollout
            // removed them first (a one-replica StatefulSet): then the crashing pod is all
            // there is, and the component is down.
            if self.running_today.contains(&c) && !during.of(c).is_empty() {
                after.set(c, during.of(c).to_vec());
            }
        }
        failures += self.failures(&after)?;
        states.push(("after".to_string(), after.clone()));
        Ok(Transition {
            states,
            after: Node {
                applied,
                pods: after,
            },
            failures,
        })
    }

    fn candidates(&self, node: &Node) -> Vec<Action> {
        let mut out: Vec<Action> = (0..self.changes.len())
            .filter(|i| !node.applied.contains(i))
            .filter(|i| {
                self.changes[*i].after.iter().all(|id| {
                    node.applied.iter().any(|&j| &self.changes[j].id == id)
                        || !self.changes.iter().any(|c| &c.id == id)
                })
            })
            .map(Action::Apply)
            .collect();
        out.extend(
            RESTART_ORDER
                .iter()
                .filter(|c| self.is_stale(**c, &node.pods))
                .map(|c| Action::Restart(vec![*c])),
        );
        out
    }

    fn done(&self, node: &Node) -> bool {
        node.applied.len() == self.changes.len()
            && !RESTART_ORDER.iter().any(|c| self.is_stale(*c, &node.pods))
    }

    fn node_key(&self, node: &Node) -> NodeKey {
        let mut applied = node.applied.clone();
        applied.sort_unstable();
        let readings = Component::ALL
            .iter()
            .map(|&c| {
                node.pods
                    .of(c)
                    .iter()
                    .map(|&r| self.reading_of(c, r, node.pods.current))
                    .collect()
            })
            .collect();
        (applied, readings)
    }

    /// Depth-first search for an order whose every transition keeps the baseline, trying
    /// changes in the given order first, then restarts servers before clients.
    fn safe_order(
        &mut self,
        node: &Node,
        path: &mut Vec<Action>,
        seen: &mut HashSet<NodeKey>,
    ) -> Result<bool, ResolveError> {
        if self.done(node) {
            return Ok(true);
        }
        if self.evaluations > self.budget() {
            return Ok(false);
        }
        for action in self.candidates(node) {
            let t = self.transition_until(node, &action, true)?;
            if t.failures > 0 {
                continue;
            }
            // A settled state already visited is not expanded again: asking first whether it
            // was spares its latent check.
            let key = self.node_key(&t.after);
            if seen.contains(&key) || (self.robust && self.latent(&t.after)?) {
                continue;
            }
            seen.insert(key);
            path.push(action);
            if self.safe_order(&t.after, path, seen)? {
                return Ok(true);
            }
            path.pop();
        }
        Ok(false)
    }

    /// Whether failures wait in a settled state: a component whose pods run an older revision
    /// than the manifests picks the manifests up whenever a pod restarts on its own (eviction,
    /// node drain, OOM kill) — that restart must be safe too.
    fn latent(&mut self, node: &Node) -> Result<bool, ResolveError> {
        let stale: Vec<Component> = RESTART_ORDER
            .iter()
            .copied()
            .filter(|c| self.is_stale(*c, &node.pods))
            .collect();
        for c in stale {
            if self
                .transition_until(node, &Action::Restart(vec![c]), true)?
                .failures
                > 0
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Restarts of consecutive steps in one step where restarting them together is as safe.
    fn merge_restarts(
        &mut self,
        start: &Node,
        path: Vec<Action>,
    ) -> Result<Vec<Action>, ResolveError> {
        let mut out: Vec<Action> = Vec::new();
        let mut node = start.clone();
        let mut before_last = start.clone();
        for action in path {
            if let (Some(Action::Restart(prev)), Action::Restart(next)) = (out.last(), &action) {
                let mut both = prev.clone();
                both.extend(next.iter().copied());
                let t =
                    self.transition_until(&before_last, &Action::Restart(both.clone()), true)?;
                if t.failures == 0 {
                    out.pop();
                    out.push(Action::Restart(both));
                    node = t.after;
                    continue;
                }
            }
            before_last = node.clone();
            node = self.transition(&node, &action)?.after;
            out.push(action);
        }
        Ok(out)
    }

    fn budget(&self) -> usize {
        self.budget
    }

    /// When no order is safe: the order whose states break least (the sum of failing pairs
    /// and stuck pod groups over its states, then the fewest steps), found by a uniform-cost
    /// search that may also restart every component that needs it at once (the shortest
    /// window when an overlap is impossible).
    fn least_bad_order(&mut self, start: &Node) -> Result<Vec<Action>, ResolveError> {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let mut nodes: Vec<(Node, Vec<Action>)> = vec![(start.clone(), Vec::new())];
        let mut heap = BinaryHeap::new();
        heap.push((Reverse(0usize), Reverse(0usize), 0usize));
        let mut settled = HashSet::new();
        let mut best_partial: Option<usize> = None;
        let mut expansions = 0;
        while let Some((Reverse(cost), Reverse(steps), id)) = heap.pop() {
            let (node, path) = nodes[id].clone();
            if self.done(&node) {
                return Ok(path);
            }
            if !settled.insert(self.node_key(&node)) {
                continue;
            }
            best_partial.get_or_insert(id);
            expansions += 1;
            if expansions > 200 || self.evaluations > self.budget() {
                break;
            }
            let mut actions = self.candidates(&node);
            let stale: Vec<Component> = RESTART_ORDER
                .iter()
                .copied()
                .filter(|c| self.is_stale(*c, &node.pods))
                .collect();
            if stale.len() > 1 {
                actions.push(Action::Restart(stale));
            }
            for action in actions {
                let t = self.transition(&node, &action)?;
                if settled.contains(&self.node_key(&t.after)) {
                    continue;
                }
                let mut next = path.clone();
                next.push(action);
                nodes.push((t.after, next));
                heap.push((
                    Reverse(cost + t.failures),
                    Reverse(steps + 1),
                    nodes.len() - 1,
                ));
            }
        }
        // Out of budget: finish greedily from the start with every change, then one restart.
        let mut path: Vec<Action> = (0..self.changes.len()).map(Action::Apply).collect();
        let mut node = start.clone();
        for a in &path {
            node = self.transition(&node, a)?.after;
        }
        let stale: Vec<Component> = RESTART_ORDER
            .iter()
            .copied()
            .filter(|c| self.is_stale(*c, &node.pods))
            .collect();
        if !stale.is_empty() {
            path.push(Action::Restart(stale));
        }
        let _ = best_partial;
        Ok(path)
    }
}

enum Rollout {
    /// No workload: nothing runs.
    Absent,
    /// A one-replica StatefulSet: the old pod ends before the new one starts.
    Gap,
    /// A Deployment (or a StatefulSet with several replicas): old and new pods side by side.
    Surge,
}

/// Plans the way from `current` through `changes`: a safe order when there is one (no
/// connection that works today fails in any state or mixed state), else the order that breaks
/// least, with what breaks and Go's error; and what the naive order breaks.
///
/// # Errors
/// [`PlanError`] for an unmodelled version or an impossible `after` order.
pub fn plan(
    current: &Installation,
    changes: &[Change],
    options: &PlanOptions,
) -> Result<Plan, PlanError> {
    plan_with(current, changes, options, Engine::new(), true)
}

/// [`plan`] computing every component, connection and reading afresh: no engine memo, no
/// component or connection remembered by view, no reading taken from the revision a revision
/// was made from. Every plan equals [`plan`]'s (`tests/plan_postures.rs` checks it): the
/// caches are speed only.
///
/// # Errors
/// As [`plan`].
#[doc(hidden)]
pub fn plan_from_scratch(
    current: &Installation,
    changes: &[Change],
    options: &PlanOptions,
) -> Result<Plan, PlanError> {
    plan_with(current, changes, options, Engine::without_memo(), false)
}

fn plan_with(
    current: &Installation,
    changes: &[Change],
    options: &PlanOptions,
    engine: Engine,
    derive: bool,
) -> Result<Plan, PlanError> {
    for c in changes {
        for id in &c.after {
            if !changes.iter().any(|x| &x.id == id) && !options.applied.contains(id) {
                return Err(PlanError::Order(format!(
                    "change `{}` comes after `{id}`, which is not in the plan",
                    c.id
                )));
            }
        }
    }
    let version = match &options.resolve.argocd_version {
        Some(v) => match ArgoVersion::parse(v) {
            Some(p) if p.is_modelled() => p,
            _ => return Err(ResolveError::UnsupportedVersion(v.clone()).into()),
        },
        None => crate::resolve::version_from_images(current).unwrap_or(version::NEWEST_RELEASE),
    };
    let mut resolve_options = options.resolve.clone();
    resolve_options.argocd_version = Some(version.to_string());
    let mut revisions = Revisions::new(current.clone());
    let mut pods = Pods::settled(0);
    for (c, started) in &options.started_with {
        let r = revisions.push(started.clone());
        pods.set(*c, vec![r]);
    }
    let mut planner = Planner {
        engine,
        changes,
        options: resolve_options,
        version,
        revisions,
        by_applied: BTreeMap::from([(Vec::new(), 0)]),
        resolved: BTreeMap::new(),
        baseline: BTreeSet::new(),
        ways_baseline: BTreeSet::new(),
        running_today: BTreeSet::new(),
        evaluations: 0,
        budget: options.budget,
        robust: true,
        shown: BTreeMap::new(),
        readings: std::cell::RefCell::default(),
        reads: std::cell::RefCell::default(),
        derived: std::collections::HashMap::new(),
        derive,
        secrets: std::cell::RefCell::default(),
        seen: BTreeMap::new(),
        worlds: BTreeMap::new(),
        full_worlds: BTreeMap::new(),
    };
    let today = planner.resolve(&pods)?.clone();
    planner.baseline = today
        .pairs
        .iter()
        .filter(|p| p.connection().outcome == Outcome::Ok)
        .map(|p| (p.client, p.server))
        .collect();
    // A connection that fails for one pair of today's groups is not a baseline.
    for p in &today.pairs {
        if p.connection().outcome != Outcome::Ok {
            planner.baseline.remove(&(p.client, p.server));
        }
    }
    planner.ways_baseline = today
        .ways
        .iter()
        .filter(|(_, broken)| broken.is_none())
        .map(|(name, _)| name.clone())
        .collect();
    for (name, broken) in &today.ways {
        if broken.is_some() {
            planner.ways_baseline.remove(name);
        }
    }
    planner.running_today = today
        .groups
        .iter()
        .filter(|g| g.starts)
        .map(|g| g.component)
        .collect();
    let start = Node {
        applied: Vec::new(),
        pods,
    };
    let mut path = Vec::new();
    let mut seen = HashSet::new();
    let mut safe = planner.safe_order(&start, &mut path, &mut seen)?;
    if !safe {
        planner.robust = false;
        path.clear();
        seen.clear();
        safe = planner.safe_order(&start, &mut path, &mut seen)?;
    }
    if safe {
        path = planner.merge_restarts(&start, path)?;
    } else {
        path = planner.least_bad_order(&start)?;
    }
    render::assemble(&mut planner, &start, &path, safe)
}
