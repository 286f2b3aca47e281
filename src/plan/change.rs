//! What a plan orders: changes to the cluster's objects, each with its effect on the engine's
//! model ([`Edit`]) and the objects an operator applies ([`KubeObject`]).

use serde::{Deserialize, Serialize};

use crate::model::{Component, ConfigMap, Installation, Secret, Workload};

/// One change an operator applies with `kubectl apply` (a Secret, a ConfigMap patch, a
/// Deployment patch, cert-manager objects). A plan orders changes and the restarts they need;
/// the edits say what the change does to the model, the objects what is applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Change {
    /// A stable identifier, e.g. `secret/argocd-repo-server-tls`.
    pub id: String,
    /// What it does, in the operator's words, e.g. `Create Secret argocd-repo-server-tls`.
    pub title: String,
    /// The effect on the model, in order.
    #[serde(skip)]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(skip))]
    pub edits: Vec<Edit>,
    /// The objects to apply (a Secret's private key is redacted when the plan is serialised).
    pub objects: Vec<KubeObject>,
    /// Changes that must be applied before this one (e.g. the old CA is removed from a trust
    /// bundle only after the bundle with both was applied).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
    /// The commands run after applying the objects, in order: what to wait for (e.g. `kubectl
    /// wait` for a cert-manager Certificate to be Ready), or a renewal (`cmctl renew`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waits: Vec<String>,
}

/// One effect of a [`Change`] on the engine's model of the manifests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Create or replace a Secret (the whole object).
    PutSecret(Secret),
    /// Delete a Secret.
    DeleteSecret(String),
    /// Set some keys of a Secret, keeping the others and its labels (created when missing): a
    /// rotation replaces `ca.crt` apart from `tls.crt`/`tls.key`.
    SetSecretKeys {
        /// The Secret.
        secret: String,
        /// The keys and their new values.
        keys: std::collections::BTreeMap<String, String>,
    },
    /// Set (`Some`) or remove (`None`) one key of a ConfigMap (created when missing).
    SetConfigMapKey {
        /// The ConfigMap, e.g. `argocd-cmd-params-cm`.
        config_map: String,
        /// The key.
        key: String,
        /// The new value.
        value: Option<String>,
    },
    /// Replace a component's workload (its pod template changes: the controller rolls it out
    /// at once).
    PutWorkload(Workload),
    /// Set (`Some`) or remove (`None`) one annotation of an Ingress in front of argocd-server
    /// (e.g. ingress-nginx's `backend-protocol`): the controller applies it at once, without a
    /// restart of any Argo CD pod.
    SetIngressAnnotation {
        /// The Ingress (`metadata.name`).
        ingress: String,
        /// The annotation.
        key: String,
        /// The new value.
        value: Option<String>,
    },
    /// Create or replace a Gateway API `BackendTLSPolicy` (by name): the Gateway applies it at
    /// once, without a restart of any Argo CD pod.
    PutBackendTlsPolicy(crate::model::edge::BackendTlsPolicy),
}

impl Edit {
    /// The component whose pod template this edit changes (which starts a rollout), if any.
    pub(crate) fn rolls_out(&self) -> Option<Component> {
        match self {
            Self::PutWorkload(w) => Some(w.component),
            _ => None,
        }
    }
}

/// The manifests after `changes` were applied to `install`, in order.
pub fn apply_changes(install: &Installation, changes: &[&Change]) -> Installation {
    changes
        .iter()
        .fold(install.clone(), |acc, c| apply(&acc, &c.edits))
}

/// Applies `edits` to a copy of `install`.
pub(crate) fn apply(install: &Installation, edits: &[Edit]) -> Installation {
    let mut out = install.clone();
    for edit in edits {
        match edit {
            Edit::PutSecret(secret) => match out.secrets.iter_mut().find(|s| s.name == secret.name)
            {
                Some(s) => *s = secret.clone(),
                None => out.secrets.push(secret.clone()),
            },
            Edit::DeleteSecret(name) => out.secrets.retain(|s| &s.name != name),
            Edit::SetSecretKeys { secret, keys } => {
                let s = match out.secrets.iter().position(|s| &s.name == secret) {
                    Some(i) => &mut out.secrets[i],
                    None => {
                        out.secrets.push(Secret {
                            name: secret.clone(),
                            secret_type: Some("kubernetes.io/tls".into()),
                            ..Secret::default()
                        });
                        let last = out.secrets.len() - 1;
                        &mut out.secrets[last]
                    }
                };
                s.data
                    .extend(keys.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            Edit::SetConfigMapKey {
                config_map,
                key,
                value,
            } => {
                let cm = match out.config_maps.iter().position(|c| &c.name == config_map) {
                    Some(i) => &mut out.config_maps[i],
                    None => {
                        out.config_maps.push(ConfigMap {
                            name: config_map.clone(),
                            ..ConfigMap::default()
                        });
                        let last = out.config_maps.len() - 1;
                        &mut out.config_maps[last]
                    }
                };
                match value {
                    Some(v) => {
                        cm.data.insert(key.clone(), v.clone());
                    }
                    None => {
                        cm.data.remove(key);
                    }
                }
            }
            Edit::PutWorkload(w) => {
                match out
                    .workloads
                    .iter_mut()
                    .find(|x| x.component == w.component)
                {
                    Some(x) => *x = w.clone(),
                    None => out.workloads.push(w.clone()),
                }
            }
            Edit::SetIngressAnnotation {
                ingress,
                key,
                value,
            } => {
                for i in out.edge.ingresses.iter_mut().filter(|i| &i.name == ingress) {
                    match value {
                        Some(v) => i.annotations.insert(key.clone(), v.clone()),
                        None => i.annotations.remove(key),
                    };
                }
            }
            Edit::PutBackendTlsPolicy(p) => {
                let policies = &mut out.edge.backend_tls_policies;
                match policies.iter_mut().find(|x| x.name == p.name) {
                    Some(x) => *x = p.clone(),
                    None => policies.push(p.clone()),
                }
            }
        }
    }
    out
}

/// A Kubernetes object to apply, whole (`apiVersion`, `kind`, `metadata`, …) or as a patch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct KubeObject {
    /// `apply` (a whole object, `kubectl apply -f`) or `patch` (a strategic merge patch,
    /// `kubectl patch --type strategic`).
    pub how: ApplyHow,
    /// The object (or the patch), as JSON. In a plan's JSON, the values of Secret keys that
    /// hold private keys are replaced by [`REDACTED`]; the bundle's files carry them.
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, unknown>"))]
    #[cfg_attr(
        not(target_arch = "wasm32"),
        schemars(with = "std::collections::BTreeMap<String, serde_json::Value>")
    )]
    pub object: serde_json::Value,
}

/// How an object is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum ApplyHow {
    /// `kubectl apply -f` of the whole object.
    Apply,
    /// `kubectl patch --type strategic -p` of the object named in it.
    Patch,
    /// `kubectl delete` of the object named in it (only `apiVersion`, `kind` and `metadata`).
    Delete,
}

/// What stands in a plan's JSON where a private key would be.
pub const REDACTED: &str = "<private key: only in the bundle's files>";

/// `object` with every private key in a Secret's `data`/`stringData` replaced by
/// [`REDACTED`] (a key named `*.key` or a value that is a PEM private key).
pub(crate) fn redacted(object: &serde_json::Value) -> serde_json::Value {
    let mut out = object.clone();
    if out.get("kind").and_then(|k| k.as_str()) != Some("Secret") {
        return out;
    }
    for field in ["data", "stringData"] {
        if let Some(map) = out.get_mut(field).and_then(|d| d.as_object_mut()) {
            for (key, value) in map.iter_mut() {
                let text = value.as_str().unwrap_or_default();
                if key.ends_with(".key") || text.contains("PRIVATE KEY") {
                    *value = serde_json::Value::String(REDACTED.to_string());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_key_never_leaves_in_json() {
        let secret = serde_json::json!({
            "apiVersion": "v1", "kind": "Secret",
            "metadata": {"name": "argocd-repo-server-tls"},
            "stringData": {
                "tls.crt": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                "tls.key": "-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n",
                "other": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
            }
        });
        let out = redacted(&secret).to_string();
        assert!(!out.contains("MHcC") && !out.contains("MIIE"), "{out}");
        assert!(out.contains("MIIB"), "{out}");
        let cm = serde_json::json!({"kind": "ConfigMap", "data": {"tls.key": "x"}});
        assert_eq!(redacted(&cm), cm);
    }

    #[test]
    fn edits_change_the_model() {
        let install = Installation::default();
        let out = apply(
            &install,
            &[
                Edit::SetConfigMapKey {
                    config_map: "argocd-cmd-params-cm".into(),
                    key: "server.repo.server.strict.tls".into(),
                    value: Some("true".into()),
                },
                Edit::PutSecret(Secret {
                    name: "s".into(),
                    ..Secret::default()
                }),
            ],
        );
        assert_eq!(
            out.config_map("argocd-cmd-params-cm").unwrap().data["server.repo.server.strict.tls"],
            "true"
        );
        let out = apply(
            &out,
            &[
                Edit::DeleteSecret("s".into()),
                Edit::SetConfigMapKey {
                    config_map: "argocd-cmd-params-cm".into(),
                    key: "server.repo.server.strict.tls".into(),
                    value: None,
                },
            ],
        );
        assert!(out.secret("s").is_none());
        assert!(
            out.config_map("argocd-cmd-params-cm")
                .unwrap()
                .data
                .is_empty()
        );
    }

    #[test]
    fn an_ingress_annotation_changes_that_ingress_only() {
        use crate::model::edge::Ingress;
        let mut install = Installation::default();
        for name in ["a", "b"] {
            install.edge.ingresses.push(Ingress {
                name: name.into(),
                annotations: [("p".to_string(), "HTTPS".to_string())].into(),
                ..Ingress::default()
            });
        }
        let set = |key: &str, value: Option<&str>| Edit::SetIngressAnnotation {
            ingress: "a".into(),
            key: key.into(),
            value: value.map(Into::into),
        };
        let out = apply(&install, &[set("p", Some("HTTP")), set("q", Some("1"))]);
        assert_eq!(out.edge.ingresses[0].annotations["p"], "HTTP");
        assert_eq!(out.edge.ingresses[0].annotations["q"], "1");
        assert_eq!(out.edge.ingresses[1], install.edge.ingresses[1]);
        let out = apply(&out, &[set("q", None)]);
        assert!(!out.edge.ingresses[0].annotations.contains_key("q"));
    }
}
