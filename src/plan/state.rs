//! What runs is not what is written: the pods of each component run the revision of the
//! manifests they started with, and a rollout mixes old and new pods behind one Service. This
//! module turns such a state into the installation each pod group sees and resolves every
//! client-group → server-group pair (reference §17).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::argo::ArgoVersion;
use crate::model::{Component, ConfigMap, EnvValue, Installation};
use crate::report::{ConnectionReport, Report};
use crate::resolve::{Engine, Options, ResolveError, World};

/// The revisions of the manifests a plan goes through: 0 is the input, `k` is the manifests
/// after the `k`-th applied change.
#[derive(Clone, Debug, Default)]
pub(crate) struct Revisions {
    list: Vec<Installation>,
}

impl Revisions {
    pub(crate) fn new(first: Installation) -> Self {
        Self { list: vec![first] }
    }

    /// Adds a revision; returns its number.
    pub(crate) fn push(&mut self, install: Installation) -> usize {
        self.list.push(install);
        self.list.len() - 1
    }

    pub(crate) fn get(&self, revision: usize) -> &Installation {
        &self.list[revision]
    }
}

/// Which revision each component's pods started with. A component has one group when it is
/// settled, two while it rolls out (old and new pods), none while a one-replica StatefulSet is
/// between its old and its new pod.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Pods {
    /// The manifests as applied now.
    pub current: usize,
    /// Per component ([`Component::ALL`] order): the revisions its pod groups started with,
    /// oldest first.
    pub groups: [Vec<usize>; Component::ALL.len()],
}

impl Pods {
    /// Every component runs revision `revision`.
    pub(crate) fn settled(revision: usize) -> Self {
        Self {
            current: revision,
            groups: std::array::from_fn(|_| vec![revision]),
        }
    }

    pub(crate) fn of(&self, c: Component) -> &[usize] {
        &self.groups[index(c)]
    }

    pub(crate) fn set(&mut self, c: Component, groups: Vec<usize>) {
        self.groups[index(c)] = groups;
    }
}

pub(crate) fn index(c: Component) -> usize {
    Component::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

/// What one component's pods started with, as they see it now: the manifests of `started`
/// with what the component watches through the API brought up to date from `now` — argocd-cm
/// (argocd-server's settings informer and the Dex wrapper, §3.4, §17) and, for argocd-server
/// when it hot-reloads (v2.7.0+, v2.6.15+; since v3.5.0 only a Secret labelled
/// `app.kubernetes.io/part-of: argocd`), `argocd-server-tls` and `argocd-secret`.
///
/// A view, not a copy: the planner asks it for a handful of objects per state, and copying an
/// installation per (component, revision, current) triple was most of a plan's time.
#[derive(Clone, Copy)]
pub(crate) struct Seen<'a> {
    component: Component,
    started: &'a Installation,
    now: &'a Installation,
    version: ArgoVersion,
}

impl<'a> Seen<'a> {
    pub(crate) fn new(
        component: Component,
        started: &'a Installation,
        now: &'a Installation,
        version: ArgoVersion,
    ) -> Self {
        Self {
            component,
            started,
            now,
            version,
        }
    }

    /// Whether the component watches ConfigMap `name` through the API (sees `now`'s).
    fn watches_config_map(name: &str) -> bool {
        name == "argocd-cm"
    }

    /// Whether the component sees `now`'s Secret `name` (it reloads it, and it exists now).
    fn watches_secret(&self, name: &str) -> bool {
        if self.component != Component::Server
            || self.version.certificate_per_handshake() != Some(true)
            || !matches!(name, "argocd-server-tls" | "argocd-secret")
        {
            return false;
        }
        let Some(fresh) = self.now.secret(name) else {
            return false;
        };
        let labelled = fresh
            .labels
            .get("app.kubernetes.io/part-of")
            .is_some_and(|v| v == "argocd");
        labelled || !self.version.v3_5()
    }

    pub(crate) fn config_map(&self, name: &str) -> Option<&'a ConfigMap> {
        if Self::watches_config_map(name) {
            self.now.config_map(name)
        } else {
            self.started.config_map(name)
        }
    }

    /// Whether the view differs from `started` at all (then resolving needs [`Seen::materialise`]).
    fn differs(&self) -> bool {
        let cm = "argocd-cm";
        self.started.config_map(cm) != self.now.config_map(cm)
            || ["argocd-server-tls", "argocd-secret"]
                .iter()
                .any(|n| self.watches_secret(n) && self.started.secret(n) != self.now.secret(n))
    }

    /// The installation the component sees, when it differs from `started`.
    fn materialise(&self) -> Option<Installation> {
        if !self.differs() {
            return None;
        }
        let mut seen = self.started.clone();
        seen.config_maps
            .retain(|c| !Self::watches_config_map(&c.name));
        seen.config_maps
            .extend(self.now.config_map("argocd-cm").cloned());
        for name in ["argocd-server-tls", "argocd-secret"] {
            if self.watches_secret(name) {
                seen.secrets.retain(|s| s.name != name);
                seen.secrets.extend(self.now.secret(name).cloned());
            }
        }
        Some(seen)
    }

    /// What the component reads from what it sees when it starts, as a hash: its workload
    /// and the `argocd-cmd-params-cm` keys its environment binds (`reads`, made from `started`
    /// by [`Reads::of`]) with the values of the keys it watches taken from `now`, and the Secrets
    /// it mounts or binds (for argocd-server also those it reads through the API). Two views
    /// with the same reading give the component the same configuration: restarting it changes
    /// nothing.
    ///
    /// `secret(name, from_now)` hashes the data of Secret `name` of `now` (or of `started`):
    /// the planner keeps those hashes per revision, as Secrets carry most of the bytes.
    pub(crate) fn reading(&self, reads: &Reads, secret: &mut dyn FnMut(&str, bool) -> u64) -> u64 {
        let watched: Vec<Option<&String>> = reads
            .watched
            .iter()
            .map(|(config_map, key)| self.config_map(config_map).and_then(|c| c.data.get(key)))
            .collect();
        let secrets: Vec<u64> = reads
            .secrets
            .iter()
            .map(|name| secret(name, self.watches_secret(name)))
            .collect();
        hash_of(&(reads.started, watched, secrets))
    }
}

/// The part of a component's reading ([`Seen::reading`]) that depends on the revision its pods
/// started with alone; the planner makes it once per (component, revision).
pub(crate) struct Reads {
    /// The workload's hash and the values of the keys bound from ConfigMaps the component does
    /// not watch (0 when there is no workload).
    started: u64,
    /// Keys bound from ConfigMaps the component watches: their values come from `now`.
    watched: Vec<(String, String)>,
    /// The Secrets it mounts, binds or (argocd-server) reads through the API, in order.
    secrets: Vec<String>,
}

impl Reads {
    /// What `component` reads in `started`; `workload` is [`workload_hash`] of it.
    pub(crate) fn of(component: Component, started: &Installation, workload: u64) -> Self {
        let Some(w) = started.workload(component) else {
            return Self {
                started: 0,
                watched: Vec::new(),
                secrets: Vec::new(),
            };
        };
        let mut secrets: BTreeSet<&str> = w.mounts.iter().map(|m| m.secret.as_str()).collect();
        let mut keys: BTreeMap<(&str, &str), Option<&String>> = BTreeMap::new();
        let mut watched: BTreeSet<(&str, &str)> = BTreeSet::new();
        for e in &w.env {
            match &e.value {
                EnvValue::ConfigMapKey {
                    config_map, key, ..
                } if Seen::watches_config_map(config_map) => {
                    watched.insert((config_map, key));
                }
                EnvValue::ConfigMapKey {
                    config_map, key, ..
                } => {
                    let value = started.config_map(config_map).and_then(|c| c.data.get(key));
                    keys.insert((config_map, key), value);
                }
                EnvValue::SecretKey { secret, .. } => {
                    secrets.insert(secret);
                }
                _ => {}
            }
        }
        if component == Component::Server {
            secrets.insert("argocd-server-tls");
            secrets.insert("argocd-secret");
        }
        Self {
            started: hash_of(&(workload, keys)),
            watched: watched
                .into_iter()
                .map(|(c, k)| (c.to_string(), k.to_string()))
                .collect(),
            secrets: secrets.into_iter().map(str::to_string).collect(),
        }
    }
}

/// A hash of what a component's workload says in `install`.
pub(crate) fn workload_hash(component: Component, install: &Installation) -> u64 {
    install.workload(component).map_or(0, hash_of)
}

/// A hash of the data of Secret `name` in `install` (`None` hashes apart from any data).
pub(crate) fn secret_hash(name: &str, install: &Installation) -> u64 {
    hash_of(&install.secret(name).map(|s| &s.data))
}

fn hash_of(value: &impl std::hash::Hash) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// What each (component index, revision started with, current revision) sees: `None` when it is
/// revision `started` itself (nothing it watches changed), kept across states.
pub(crate) type SeenCache = BTreeMap<(usize, usize, usize), Option<Installation>>;

/// Reports of worlds already resolved, by (current revision, the revision each component's
/// view started with): states of a plan share most of their worlds, so each is resolved once.
pub(crate) type WorldCache = BTreeMap<(usize, [Option<usize>; 8]), Rc<Report>>;

/// One client pod group → server pod group pair of a state.
#[derive(Clone, Debug)]
pub(crate) struct Pair {
    pub client: Component,
    pub client_revision: usize,
    pub server: Component,
    pub server_revision: usize,
    /// The world the pair was resolved in, and the connection's place in its report.
    world: Rc<Report>,
    index: usize,
}

impl Pair {
    /// The connection from the client group to the server group.
    pub(crate) fn connection(&self) -> &ConnectionReport {
        &self.world.connections[self.index]
    }
}

/// One pod group of a state.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub component: Component,
    pub revision: usize,
    pub starts: bool,
    pub startup_error: Option<String>,
}

/// A state resolved: every pod group and every pair (the report of the world where each
/// component runs its newest pods, what the diagram shows, is [`newest_report`]).
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    pub groups: Vec<Group>,
    pub pairs: Vec<Pair>,
    /// Each way in × client (`<way> / <client>`) against each Ready argocd-server group (every
    /// group when none is Ready): `None` when it works, else what the client sees. The edge
    /// objects are the current manifests' (a controller applies an Ingress change at once).
    pub ways: Vec<(String, Option<super::BrokenWay>)>,
}

/// Resolves a state: for every component that has pods, each pod group's view of the
/// installation ([`Seen`]), then worlds that put each client group opposite each server
/// group it can reach. A server group that does not start is not Ready and gets no traffic
/// while another group is; a client group that does not start makes no connection.
pub(crate) fn resolve_pods(
    engine: &mut Engine,
    revisions: &Revisions,
    seen: &mut SeenCache,
    worlds: &mut WorldCache,
    pods: &Pods,
    version: ArgoVersion,
    options: &Options,
) -> Result<Resolved, ResolveError> {
    let now = revisions.get(pods.current);
    let absent = Installation::default();
    see(revisions, seen, pods, version);
    let seen = &*seen;
    let newest_of = |c: Component| pods.of(c).last().copied();
    let world_for =
        |choice: &[Option<usize>; 8]| world(revisions, seen, &absent, now, pods, choice, false);
    let base: [Option<usize>; 8] = std::array::from_fn(|i| newest_of(Component::ALL[i]));
    let current = pods.current;
    let ensure = |engine: &mut Engine,
                  reports: &mut WorldCache,
                  choice: [Option<usize>; 8]|
     -> Result<(), ResolveError> {
        if let std::collections::btree_map::Entry::Vacant(slot) = reports.entry((current, choice)) {
            slot.insert(Rc::new(engine.resolve_world(&world_for(&choice), options)?));
        }
        Ok(())
    };
    let reports = worlds;
    ensure(engine, reports, base)?;

    // Every pod group: does it start?
    let mut group_choices = Vec::new();
    for c in Component::ALL {
        for &r in pods.of(c) {
            let mut choice = base;
            choice[index(c)] = Some(r);
            ensure(engine, reports, choice)?;
            group_choices.push((c, r, choice));
        }
    }
    let mut groups = Vec::new();
    let server_choices: Vec<(usize, [Option<usize>; 8])> = group_choices
        .iter()
        .filter(|(c, _, _)| *c == Component::Server)
        .map(|(_, r, choice)| (*r, *choice))
        .collect();
    for (c, r, choice) in group_choices {
        let Some(cr) = reports[&(current, choice)]
            .components
            .iter()
            .find(|x| x.name == c.name())
        else {
            continue;
        };
        if !cr.present {
            continue;
        }
        groups.push(Group {
            component: c,
            revision: r,
            starts: cr.starts,
            startup_error: cr.startup_error.clone(),
        });
    }
    let starts = |c: Component, r: usize| {
        groups
            .iter()
            .any(|g| g.component == c && g.revision == r && g.starts)
    };

    // Every connection kind the newest world has.
    let mut kinds: BTreeSet<(Component, Component)> = BTreeSet::new();
    for k in &reports[&(current, base)].connections {
        if let (Some(c), Some(s)) = (
            Component::from_name(&k.client),
            Component::from_name(&k.server),
        ) {
            kinds.insert((c, s));
        }
    }
    let mut pair_choices = Vec::new();
    for (client, server) in kinds {
        let (ci, si) = (index(client), index(server));
        let ready_servers: Vec<usize> = pods
            .of(server)
            .iter()
            .copied()
            .filter(|&r| starts(server, r))
            .collect();
        // No Ready pod: every server group is reached (each refuses or fails alike).
        let reached = if ready_servers.is_empty() {
            pods.of(server).to_vec()
        } else {
            ready_servers
        };
        for &cr in pods.of(client) {
            if !starts(client, cr) && pods.of(client).iter().any(|&r| starts(client, r)) {
                continue;
            }
            for &sr in &reached {
                let mut choice = base;
                choice[ci] = Some(cr);
                choice[si] = Some(sr);
                ensure(engine, reports, choice)?;
                pair_choices.push((client, cr, server, sr, choice));
            }
        }
    }
    let mut pairs = Vec::new();
    for (client, cr, server, sr, choice) in pair_choices {
        // A world without such a connection (e.g. Dex no longer configured): nothing to check.
        let world = &reports[&(current, choice)];
        let Some(index) = world
            .connections
            .iter()
            .position(|k| k.client == client.name() && k.server == server.name())
        else {
            continue;
        };
        pairs.push(Pair {
            client,
            client_revision: cr,
            server,
            server_revision: sr,
            world: Rc::clone(world),
            index,
        });
    }
    // The ways in (issue 15), through each argocd-server group that takes traffic.
    let ready: Vec<_> = server_choices
        .iter()
        .filter(|(r, _)| starts(Component::Server, *r))
        .collect();
    let through = if ready.is_empty() {
        server_choices.iter().collect()
    } else {
        ready
    };
    let mut ways = Vec::new();
    for (_, choice) in through {
        for way in &reports[&(current, *choice)].ways_in {
            for c in &way.clients {
                ways.push((
                    format!("{} / {}", way.name, c.client),
                    (c.result != crate::report::ClientResult::Works).then(|| super::BrokenWay {
                        way: way.name.clone(),
                        client: c.client.clone(),
                        result: c.result,
                        statuses: c.statuses.clone(),
                        error: c.error.clone(),
                    }),
                ));
            }
        }
    }
    Ok(Resolved {
        groups,
        pairs,
        ways,
    })
}

/// Makes sure [`SeenCache`] has what each pod group of `pods` sees: the installation each
/// (component, revision) sees while the manifests are at `pods.current`.
fn see(revisions: &Revisions, seen: &mut SeenCache, pods: &Pods, version: ArgoVersion) {
    let now = revisions.get(pods.current);
    for c in Component::ALL {
        let i = index(c);
        for &r in pods.of(c) {
            seen.entry((i, r, pods.current))
                .or_insert_with(|| Seen::new(c, revisions.get(r), now, version).materialise());
        }
    }
}

/// The world where component `i` runs the view of revision `choice[i]` (no pods: `absent`),
/// with each view's identity for the engine's component cache: the revision itself, or the
/// (revision, current) pair it was materialised for.
fn world<'a>(
    revisions: &'a Revisions,
    seen: &'a SeenCache,
    absent: &'a Installation,
    now: &'a Installation,
    pods: &Pods,
    choice: &[Option<usize>; 8],
    full: bool,
) -> World<'a> {
    let mut components = [absent; Component::ALL.len()];
    let mut views = [u64::MAX; Component::ALL.len()];
    for (i, slot) in components.iter_mut().enumerate() {
        if let Some(r) = choice[i] {
            (*slot, views[i]) = match &seen[&(i, r, pods.current)] {
                Some(changed) => (changed, 1 << 63 | (r as u64) << 31 | pods.current as u64),
                None => (revisions.get(r), r as u64),
            };
        }
    }
    World {
        current: now,
        components,
        views: Some(views),
        full,
    }
}

/// The full report (findings, endpoints) of the world where each component runs its newest
/// pods: what the diagram of a state shows. The search resolves worlds without findings;
/// only the states a plan shows need this.
pub(crate) fn newest_report(
    engine: &mut Engine,
    revisions: &Revisions,
    seen: &mut SeenCache,
    full: &mut WorldCache,
    pods: &Pods,
    version: ArgoVersion,
    options: &Options,
) -> Result<Rc<Report>, ResolveError> {
    let base: [Option<usize>; 8] =
        std::array::from_fn(|i| pods.of(Component::ALL[i]).last().copied());
    if let Some(r) = full.get(&(pods.current, base)) {
        return Ok(Rc::clone(r));
    }
    see(revisions, seen, pods, version);
    let absent = Installation::default();
    let now = revisions.get(pods.current);
    let w = world(revisions, seen, &absent, now, pods, &base, true);
    let report = Rc::new(engine.resolve_world(&w, options)?);
    full.insert((pods.current, base), Rc::clone(&report));
    Ok(report)
}
