//! The input rule: how an ordered list of sources becomes one [`Installation`], and what each
//! later source overrode. The CLI (`check`, with and without `--base`), the npm package and the
//! page all build their installation here, so the three cannot order inputs differently.
//!
//! Sources come in the order the user gave them: the base (the standard install or the page's
//! example), the files in the order given, pasted text, the Settings form's edits, then
//! certificate files and generated certificates. The same object given again — identified by
//! kind and name (the model holds one namespace) — is merged so that **the later source wins**:
//!
//! * `ConfigMap` and `Secret`: key by key (`data` and `labels`; a Secret's `type` when the later
//!   one sets it). Keys only the earlier source has stay. A source may also *unset* ConfigMap
//!   keys (the Settings form's "back to default").
//! * Workloads: one per component. A later source's workload of a component replaces the earlier
//!   one whole (command line, env, mounts), whatever its name. Merging two pod templates would
//!   describe a pod nobody wrote; a later manifest of a Deployment is its newer definition,
//!   which is also what `kubectl apply` of that file leaves running. Inside one source, the
//!   reader's preference stands (an exact upstream name before a prefixed or suffixed one).
//!
//! Every change a later source makes to what an earlier one set is an [`Override`]: a ConfigMap
//! or Secret key whose value differs (or is unset), or a workload that differs. Adding keys or
//! objects is not an override, and neither is giving the same value again.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{Component, ConfigMap, Installation, Secret, Workload};

/// One input source, in the order the sources are laid.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct InputSource {
    /// What findings call it: a file name, `base standard 3.5.1`, `pasted text`, `Settings
    /// form`, `generated certificates`.
    pub label: String,
    /// What it declares.
    pub installation: Installation,
    /// ConfigMap keys this source removes: ConfigMap name → keys.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub unset: BTreeMap<String, Vec<String>>,
}

impl InputSource {
    /// A source that only declares objects.
    pub fn new(label: impl Into<String>, installation: Installation) -> Self {
        Self {
            label: label.into(),
            installation,
            unset: BTreeMap::new(),
        }
    }
}

/// A later source changing what an earlier one set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Override {
    /// `ConfigMap`, `Secret`, `Deployment` or `StatefulSet`.
    pub kind: String,
    /// The object's name (a workload: the later one's).
    pub name: String,
    /// The earlier source's label.
    pub earlier: String,
    /// The later source's label (the one that wins).
    pub later: String,
    /// The keys whose value changed (ConfigMap, Secret); empty for a workload.
    pub keys: Vec<String>,
    /// The keys the later source unset (ConfigMap).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unset: Vec<String>,
}

/// The installation the sources make, and every override, in source order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Combined {
    /// What the engine resolves.
    pub installation: Installation,
    /// What later sources overrode.
    pub overrides: Vec<Override>,
}

/// Who set each key of each object: `(kind, name, key)` → source label.
type Origins = HashMap<(&'static str, String, String), String>;

/// Lays the sources in order (see the module docs for the rule).
pub fn combine(sources: &[InputSource]) -> Combined {
    let mut out = Installation::default();
    let mut overrides: Vec<Override> = Vec::new();
    let mut origins: Origins = HashMap::new();
    let mut workload_origin: HashMap<Component, String> = HashMap::new();
    for source in sources {
        let label = source.label.as_str();
        let install = &source.installation;
        if install.namespace.is_some() {
            out.namespace.clone_from(&install.namespace);
        }
        lay_workloads(
            &mut out,
            install,
            label,
            &mut workload_origin,
            &mut overrides,
        );
        for cm in &install.config_maps {
            let existing = out.config_maps.iter_mut().find(|c| c.name == cm.name);
            let (data, labels) = match existing {
                Some(e) => {
                    e.position.clone_from(&cm.position);
                    (&mut e.data, &mut e.labels)
                }
                None => {
                    out.config_maps.push(ConfigMap {
                        data: BTreeMap::new(),
                        labels: BTreeMap::new(),
                        ..cm.clone()
                    });
                    let e = out.config_maps.last_mut().expect("just pushed");
                    (&mut e.data, &mut e.labels)
                }
            };
            let changed = merge_keys("ConfigMap", &cm.name, data, &cm.data, label, &mut origins);
            merge_keys(
                "ConfigMap labels",
                &cm.name,
                labels,
                &cm.labels,
                label,
                &mut origins,
            );
            record(
                &mut overrides,
                "ConfigMap",
                &cm.name,
                label,
                changed,
                Vec::new(),
            );
        }
        for (name, keys) in &source.unset {
            let Some(cm) = out.config_maps.iter_mut().find(|c| &c.name == name) else {
                continue;
            };
            let mut by_earlier: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for key in keys {
                if cm.data.remove(key).is_some() {
                    let earlier = origins
                        .remove(&("ConfigMap", name.clone(), key.clone()))
                        .unwrap_or_default();
                    by_earlier.entry(earlier).or_default().push(key.clone());
                }
            }
            for (earlier, keys) in by_earlier {
                overrides.push(Override {
                    kind: "ConfigMap".to_owned(),
                    name: name.clone(),
                    earlier,
                    later: label.to_owned(),
                    keys: Vec::new(),
                    unset: keys,
                });
            }
        }
        // cert-manager Certificates: a later one of the same name replaces the earlier one.
        for c in &install.certificates {
            out.certificates.retain(|e| e.name != c.name);
            out.certificates.push(c.clone());
        }
        for secret in &install.secrets {
            let existing = out.secrets.iter_mut().find(|s| s.name == secret.name);
            let target = match existing {
                Some(e) => {
                    e.position.clone_from(&secret.position);
                    if secret.secret_type.is_some() {
                        e.secret_type.clone_from(&secret.secret_type);
                    }
                    e
                }
                None => {
                    out.secrets.push(Secret {
                        data: BTreeMap::new(),
                        labels: BTreeMap::new(),
                        ..secret.clone()
                    });
                    out.secrets.last_mut().expect("just pushed")
                }
            };
            let changed = merge_keys(
                "Secret",
                &secret.name,
                &mut target.data,
                &secret.data,
                label,
                &mut origins,
            );
            merge_keys(
                "Secret labels",
                &secret.name,
                &mut target.labels,
                &secret.labels,
                label,
                &mut origins,
            );
            record(
                &mut overrides,
                "Secret",
                &secret.name,
                label,
                changed,
                Vec::new(),
            );
        }
    }
    crate::sort::sort_by_key(&mut out.workloads, |w| w.component);
    for source in sources {
        lay_edge(&mut out.edge, &source.installation.edge);
    }
    Combined {
        installation: out,
        overrides,
    }
}

/// A later source's workloads replace the earlier ones of the same component whole.
fn lay_workloads(
    out: &mut Installation,
    install: &Installation,
    label: &str,
    origin: &mut HashMap<Component, String>,
    overrides: &mut Vec<Override>,
) {
    let mut components: Vec<Component> = install.workloads.iter().map(|w| w.component).collect();
    components.dedup();
    for component in components {
        let earlier: Vec<Workload> = out
            .workloads
            .iter()
            .filter(|w| w.component == component)
            .cloned()
            .collect();
        let later: Vec<&Workload> = install
            .workloads
            .iter()
            .filter(|w| w.component == component)
            .collect();
        if let (Some(old), Some(new)) = (earlier.first(), later.first())
            && !same_workload(old, new)
        {
            overrides.push(Override {
                kind: if new.kind.is_empty() {
                    "Deployment".to_owned()
                } else {
                    new.kind.clone()
                },
                name: new.name.clone(),
                earlier: origin.get(&component).cloned().unwrap_or_default(),
                later: label.to_owned(),
                keys: Vec::new(),
                unset: Vec::new(),
            });
        }
        out.workloads.retain(|w| w.component != component);
        out.workloads.extend(later.into_iter().cloned());
        origin.insert(component, label.to_owned());
    }
}

/// Equal but for where each was written.
fn same_workload(a: &Workload, b: &Workload) -> bool {
    Workload {
        position: None,
        ..a.clone()
    } == Workload {
        position: None,
        ..b.clone()
    }
}

/// Sets `from`'s keys in `into`; returns the keys whose value changed, grouped by the earlier
/// source that had set them.
fn merge_keys(
    kind: &'static str,
    name: &str,
    into: &mut BTreeMap<String, String>,
    from: &BTreeMap<String, String>,
    label: &str,
    origins: &mut Origins,
) -> BTreeMap<String, Vec<String>> {
    let mut changed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, value) in from {
        let id = (kind, name.to_owned(), key.clone());
        if let Some(old) = into.insert(key.clone(), value.clone())
            && &old != value
        {
            let earlier = origins.get(&id).cloned().unwrap_or_default();
            changed.entry(earlier).or_default().push(key.clone());
        }
        origins.insert(id, label.to_owned());
    }
    changed
}

fn record(
    overrides: &mut Vec<Override>,
    kind: &str,
    name: &str,
    later: &str,
    changed: BTreeMap<String, Vec<String>>,
    unset: Vec<String>,
) {
    for (earlier, keys) in changed {
        overrides.push(Override {
            kind: kind.to_owned(),
            name: name.to_owned(),
            earlier,
            later: later.to_owned(),
            keys,
            unset: unset.clone(),
        });
    }
}

/// The edge objects of a later source replace those of the same kind and name (whole, as
/// `kubectl apply` of a changed object does); the stated ingress controllers merge class by class.
fn lay_edge(out: &mut super::edge::Edge, later: &super::edge::Edge) {
    fn lay<T: Clone>(out: &mut Vec<T>, later: &[T], name: impl Fn(&T) -> String) {
        for item in later {
            match out.iter_mut().find(|e| name(e) == name(item)) {
                Some(e) => *e = item.clone(),
                None => out.push(item.clone()),
            }
        }
    }
    lay(&mut out.ingresses, &later.ingresses, |i| i.name.clone());
    lay(&mut out.gateways, &later.gateways, |g| g.name.clone());
    lay(&mut out.routes, &later.routes, |r| {
        format!("{}/{}", r.kind, r.name)
    });
    lay(
        &mut out.backend_tls_policies,
        &later.backend_tls_policies,
        |p| p.name.clone(),
    );
    lay(&mut out.openshift_routes, &later.openshift_routes, |r| {
        r.name.clone()
    });
    lay(&mut out.services, &later.services, |s| s.name.clone());
    lay(&mut out.traefik_routes, &later.traefik_routes, |r| {
        format!("{}/{}", r.kind, r.name)
    });
    lay(
        &mut out.servers_transports,
        &later.servers_transports,
        |t| t.name.clone(),
    );
    out.ingress_controllers.extend(
        later
            .ingress_controllers
            .iter()
            .map(|(k, v)| (k.clone(), v.clone())),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::manifest::read_manifests;

    fn source(label: &str, yaml: &str) -> InputSource {
        InputSource::new(label, read_manifests(&[(label, yaml)]).unwrap())
    }

    const PARAMS_A: &str = "kind: ConfigMap\nmetadata: {name: argocd-cmd-params-cm}\ndata: {server.insecure: 'true', reposerver.tls.minversion: '1.2'}\n";
    const PARAMS_B: &str = "kind: ConfigMap\nmetadata: {name: argocd-cmd-params-cm}\ndata: {server.insecure: 'false', server.tls.ciphers: 'X'}\n";

    #[test]
    fn later_wins_key_by_key_and_reports_it() {
        let c = combine(&[source("a.yaml", PARAMS_A), source("b.yaml", PARAMS_B)]);
        let data = &c
            .installation
            .config_map("argocd-cmd-params-cm")
            .unwrap()
            .data;
        assert_eq!(data["server.insecure"], "false");
        assert_eq!(data["reposerver.tls.minversion"], "1.2");
        assert_eq!(data["server.tls.ciphers"], "X");
        assert_eq!(c.installation.config_maps.len(), 1);
        assert_eq!(
            c.overrides,
            vec![Override {
                kind: "ConfigMap".into(),
                name: "argocd-cmd-params-cm".into(),
                earlier: "a.yaml".into(),
                later: "b.yaml".into(),
                keys: vec!["server.insecure".into()],
                unset: vec![],
            }]
        );
        let r = combine(&[source("b.yaml", PARAMS_B), source("a.yaml", PARAMS_A)]);
        let data = &r
            .installation
            .config_map("argocd-cmd-params-cm")
            .unwrap()
            .data;
        assert_eq!(data["server.insecure"], "true");
        assert_eq!(r.overrides[0].earlier, "b.yaml");
    }

    #[test]
    fn same_value_and_new_keys_are_not_overrides() {
        let c = combine(&[source("a.yaml", PARAMS_A), source("a2.yaml", PARAMS_A)]);
        assert!(c.overrides.is_empty());
    }

    #[test]
    fn duplicates_inside_one_source_follow_the_rule() {
        let both = format!("{PARAMS_A}---\n{PARAMS_B}");
        let c = combine(&[source("both.yaml", &both)]);
        let data = &c
            .installation
            .config_map("argocd-cmd-params-cm")
            .unwrap()
            .data;
        assert_eq!(data["server.insecure"], "false");
        assert_eq!(c.overrides[0].earlier, "both.yaml");
        assert_eq!(c.overrides[0].later, "both.yaml");
    }

    #[test]
    fn unset_removes_and_reports() {
        let mut form = InputSource::new("Settings form", Installation::default());
        form.unset.insert(
            "argocd-cmd-params-cm".into(),
            vec!["server.insecure".into(), "absent".into()],
        );
        let c = combine(&[source("a.yaml", PARAMS_A), form]);
        let data = &c
            .installation
            .config_map("argocd-cmd-params-cm")
            .unwrap()
            .data;
        assert!(!data.contains_key("server.insecure"));
        assert_eq!(c.overrides.len(), 1);
        assert_eq!(c.overrides[0].unset, vec!["server.insecure".to_string()]);
        assert_eq!(c.overrides[0].earlier, "a.yaml");
    }

    #[test]
    fn workloads_are_replaced_whole_by_component() {
        let base = crate::model::standard::standard_install("3.5.1", "argocd");
        let mine = "kind: Deployment\nmetadata: {name: rel-argocd-server}\nspec:\n  template:\n    spec:\n      containers:\n      - name: server\n        command: [argocd-server, --insecure]\n";
        let c = combine(&[
            InputSource::new("base standard 3.5.1", base.clone()),
            source("mine.yaml", mine),
        ]);
        let servers: Vec<_> = c
            .installation
            .workloads
            .iter()
            .filter(|w| w.component == Component::Server)
            .collect();
        assert_eq!(servers.len(), 1);
        assert_eq!(servers[0].name, "rel-argocd-server");
        assert!(servers[0].env.is_empty(), "not merged with the base's env");
        assert_eq!(c.overrides.len(), 1);
        assert_eq!(c.overrides[0].kind, "Deployment");
        assert_eq!(c.overrides[0].earlier, "base standard 3.5.1");
        assert_eq!(
            c.installation.workloads.len(),
            base.workloads.len(),
            "the other components stay"
        );
        // The same workload again is no override.
        let again = combine(&[
            InputSource::new("x", base.clone()),
            InputSource::new("y", base),
        ]);
        assert!(again.overrides.is_empty());
    }

    #[test]
    fn secrets_merge_key_by_key() {
        let a = "kind: Secret\nmetadata: {name: argocd-server-tls}\ntype: kubernetes.io/tls\nstringData: {tls.crt: A, tls.key: K}\n";
        let b = "kind: Secret\nmetadata: {name: argocd-server-tls}\nstringData: {tls.crt: B}\n";
        let c = combine(&[source("a.yaml", a), source("b.yaml", b)]);
        let s = c.installation.secret("argocd-server-tls").unwrap();
        assert_eq!(s.data["tls.crt"], "B");
        assert_eq!(s.data["tls.key"], "K");
        assert_eq!(s.secret_type.as_deref(), Some("kubernetes.io/tls"));
        assert_eq!(c.overrides[0].keys, vec!["tls.crt".to_string()]);
    }
}
