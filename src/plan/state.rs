//! What runs is not what is written: the pods of each component run the revision of the
//! manifests they started with, and a rollout mixes old and new pods behind one Service. This
//! module turns such a state into the installation each pod group sees and resolves every
//! client-group → server-group pair (reference §17).

use std::collections::{BTreeMap, BTreeSet};

use crate::argo::ArgoVersion;
use crate::model::{Component, EnvValue, Installation};
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
pub(crate) fn seen_by(
    component: Component,
    started: &Installation,
    now: &Installation,
    version: ArgoVersion,
) -> Installation {
    let mut seen = started.clone();
    seen.config_maps.retain(|c| c.name != "argocd-cm");
    seen.config_maps
        .extend(now.config_map("argocd-cm").cloned());
    if component == Component::Server && version.certificate_per_handshake() == Some(true) {
        for name in ["argocd-server-tls", "argocd-secret"] {
            let Some(fresh) = now.secret(name) else {
                continue;
            };
            let labelled = fresh
                .labels
                .get("app.kubernetes.io/part-of")
                .is_some_and(|v| v == "argocd");
            if version.v3_5() && !labelled {
                continue;
            }
            seen.secrets.retain(|s| s.name != name);
            seen.secrets.push(fresh.clone());
        }
    }
    seen
}

/// What a component reads from an installation it starts with: its workload, the
/// `argocd-cmd-params-cm` keys its environment binds, the Secrets it mounts or binds, and for
/// argocd-server the Secrets it reads through the API. Two revisions with the same reading
/// give the component the same configuration: restarting it changes nothing.
pub(crate) fn reading(component: Component, install: &Installation) -> String {
    let Some(w) = install.workload(component) else {
        return String::new();
    };
    let mut secrets: BTreeSet<&str> = w.mounts.iter().map(|m| m.secret.as_str()).collect();
    let mut keys = BTreeMap::new();
    for e in &w.env {
        match &e.value {
            EnvValue::ConfigMapKey {
                config_map, key, ..
            } => {
                let value = install.config_map(config_map).and_then(|c| c.data.get(key));
                keys.insert(format!("{config_map}/{key}"), value.cloned());
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
    let secrets: BTreeMap<&str, Option<&BTreeMap<String, String>>> = secrets
        .into_iter()
        .map(|name| (name, install.secret(name).map(|s| &s.data)))
        .collect();
    serde_json::json!({"workload": w, "keys": keys, "secrets": secrets}).to_string()
}

/// What each (component index, revision started with, current revision) sees: [`seen_by`]'s
/// results, kept across states.
pub(crate) type SeenCache = BTreeMap<(usize, usize, usize), Installation>;

/// One client pod group → server pod group pair of a state.
#[derive(Clone, Debug)]
pub(crate) struct Pair {
    pub client: Component,
    pub client_revision: usize,
    pub server: Component,
    pub server_revision: usize,
    pub connection: ConnectionReport,
}

/// One pod group of a state.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub component: Component,
    pub revision: usize,
    pub starts: bool,
    pub startup_error: Option<String>,
}

/// A state resolved: every pod group and every pair, and the report of the world where each
/// component runs its newest pods (what the diagram shows).
#[derive(Clone, Debug)]
pub(crate) struct Resolved {
    pub groups: Vec<Group>,
    pub pairs: Vec<Pair>,
    pub newest: Report,
}

/// Resolves a state: for every component that has pods, each pod group's view of the
/// installation (`seen_by`), then worlds that put each client group opposite each server
/// group it can reach. A server group that does not start is not Ready and gets no traffic
/// while another group is; a client group that does not start makes no connection.
pub(crate) fn resolve_pods(
    engine: &mut Engine,
    revisions: &Revisions,
    seen: &mut SeenCache,
    pods: &Pods,
    version: ArgoVersion,
    options: &Options,
) -> Result<Resolved, ResolveError> {
    let now = revisions.get(pods.current);
    let absent = Installation::default();
    // The installation each (component, revision) sees while the manifests are at
    // `pods.current`; a component without pods sees its workload missing.
    for c in Component::ALL {
        let i = index(c);
        for &r in pods.of(c) {
            seen.entry((i, r, pods.current))
                .or_insert_with(|| seen_by(c, revisions.get(r), now, version));
        }
    }
    let seen = &*seen;
    let newest_of = |c: Component| pods.of(c).last().copied();
    let world_for = |choice: &[Option<usize>; 8]| -> World<'_> {
        let mut components = [&absent; Component::ALL.len()];
        for (i, slot) in components.iter_mut().enumerate() {
            if let Some(r) = choice[i] {
                *slot = &seen[&(i, r, pods.current)];
            }
        }
        World {
            current: now,
            components,
        }
    };
    let base: [Option<usize>; 8] = std::array::from_fn(|i| newest_of(Component::ALL[i]));
    let mut reports: BTreeMap<[Option<usize>; 8], Report> = BTreeMap::new();
    let ensure = |engine: &mut Engine,
                  reports: &mut BTreeMap<[Option<usize>; 8], Report>,
                  choice: [Option<usize>; 8]|
     -> Result<(), ResolveError> {
        if let std::collections::btree_map::Entry::Vacant(slot) = reports.entry(choice) {
            slot.insert(engine.resolve_world(&world_for(&choice), options)?);
        }
        Ok(())
    };
    ensure(engine, &mut reports, base)?;

    // Every pod group: does it start?
    let mut group_choices = Vec::new();
    for c in Component::ALL {
        for &r in pods.of(c) {
            let mut choice = base;
            choice[index(c)] = Some(r);
            ensure(engine, &mut reports, choice)?;
            group_choices.push((c, r, choice));
        }
    }
    let mut groups = Vec::new();
    for (c, r, choice) in group_choices {
        let Some(cr) = reports[&choice]
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
    for k in &reports[&base].connections {
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
                ensure(engine, &mut reports, choice)?;
                pair_choices.push((client, cr, server, sr, choice));
            }
        }
    }
    let mut pairs = Vec::new();
    for (client, cr, server, sr, choice) in pair_choices {
        // A world without such a connection (e.g. Dex no longer configured): nothing to check.
        let Some(k) = reports[&choice]
            .connections
            .iter()
            .find(|k| k.client == client.name() && k.server == server.name())
        else {
            continue;
        };
        pairs.push(Pair {
            client,
            client_revision: cr,
            server,
            server_revision: sr,
            connection: k.clone(),
        });
    }
    let newest = match reports.remove(&base) {
        Some(r) => r,
        None => engine.resolve_world(&world_for(&base), options)?,
    };
    Ok(Resolved {
        groups,
        pairs,
        newest,
    })
}
