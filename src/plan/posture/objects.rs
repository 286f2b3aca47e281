//! The Kubernetes objects of a posture's changes, as JSON: Secrets (`kubernetes.io/tls`),
//! cert-manager `Issuer`/`Certificate` (`cert-manager.io/v1`), strategic-merge patches of
//! `argocd-cmd-params-cm` and of the workloads (args, volumes, mounts, pod template metadata).
//! Field names and shapes are the Kubernetes and cert-manager APIs'; the JS test validates every
//! object against their published schemas.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::{KeyType, RotationPolicy};
use crate::model::{Component, Secret, SecretMount, Workload};
use crate::plan::change::{ApplyHow, KubeObject};

/// `metadata` with a name, a namespace and labels (none: no `labels` key).
pub(super) fn metadata(name: &str, ns: &str, labels: &BTreeMap<String, String>) -> Value {
    let mut m = json!({"name": name, "namespace": ns});
    if !labels.is_empty() {
        m["labels"] = json!(labels);
    }
    m
}

/// A Secret to apply, its values as `stringData` (PEM is text).
pub(super) fn secret_object(secret: &Secret, ns: &str) -> KubeObject {
    let mut o = json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": metadata(&secret.name, ns, &secret.labels),
        "stringData": secret.data,
    });
    if let Some(t) = &secret.secret_type {
        o["type"] = json!(t);
    }
    apply(o)
}

/// What deletes an object: its identity (`kubectl delete`).
pub(super) fn delete_object(api_version: &str, kind: &str, name: &str, ns: &str) -> KubeObject {
    KubeObject {
        how: ApplyHow::Delete,
        object: json!({
            "apiVersion": api_version,
            "kind": kind,
            "metadata": {"name": name, "namespace": ns},
        }),
    }
}

pub(super) fn apply(object: Value) -> KubeObject {
    KubeObject {
        how: ApplyHow::Apply,
        object,
    }
}

fn patch(object: Value) -> KubeObject {
    KubeObject {
        how: ApplyHow::Patch,
        object,
    }
}

/// cert-manager's `issuerRef`.
pub(super) fn issuer_ref(name: &str, kind: &str) -> Value {
    json!({"name": name, "kind": kind, "group": "cert-manager.io"})
}

/// A namespaced `Issuer` with `spec`.
pub(super) fn issuer_object(name: &str, ns: &str, spec: Value) -> KubeObject {
    apply(json!({
        "apiVersion": "cert-manager.io/v1",
        "kind": "Issuer",
        "metadata": metadata(name, ns, &BTreeMap::new()),
        "spec": spec,
    }))
}

/// What a cert-manager `Certificate` asks for.
pub(super) struct CertificateSpec<'a> {
    pub(super) name: &'a str,
    pub(super) common_name: Option<&'a str>,
    pub(super) dns_names: &'a [String],
    pub(super) ip_addresses: &'a [String],
    pub(super) is_ca: bool,
    /// `server auth`, `client auth` (key usages are added by key type).
    pub(super) ext_usages: &'a [&'a str],
    pub(super) issuer: Value,
    pub(super) key: KeyType,
    pub(super) rotation: RotationPolicy,
    pub(super) duration_hours: i64,
    pub(super) secret_labels: &'a BTreeMap<String, String>,
}

/// A `Certificate` (`cert-manager.io/v1`) writing Secret `name`.
pub(super) fn certificate_object(spec: &CertificateSpec<'_>, ns: &str) -> KubeObject {
    let (algorithm, size) = spec.key.cert_manager();
    let mut usages = vec!["digital signature"];
    if spec.is_ca {
        usages.push("cert sign");
    } else if algorithm == "RSA" {
        usages.push("key encipherment");
    }
    usages.extend(spec.ext_usages);
    let rotation = match spec.rotation {
        RotationPolicy::Always => "Always",
        RotationPolicy::Never => "Never",
    };
    let mut s = json!({
        "secretName": spec.name,
        "issuerRef": spec.issuer,
        "duration": format!("{}h", spec.duration_hours),
        "renewBefore": format!("{}h", spec.duration_hours / 3),
        "privateKey": {"algorithm": algorithm, "size": size, "rotationPolicy": rotation},
        "usages": usages,
    });
    if let Some(cn) = spec.common_name {
        s["commonName"] = json!(cn);
    }
    if !spec.dns_names.is_empty() {
        s["dnsNames"] = json!(spec.dns_names);
    }
    if !spec.ip_addresses.is_empty() {
        s["ipAddresses"] = json!(spec.ip_addresses);
    }
    if spec.is_ca {
        s["isCA"] = json!(true);
    }
    if !spec.secret_labels.is_empty() {
        s["secretTemplate"] = json!({"labels": spec.secret_labels});
    }
    apply(json!({
        "apiVersion": "cert-manager.io/v1",
        "kind": "Certificate",
        "metadata": metadata(spec.name, ns, &BTreeMap::new()),
        "spec": s,
    }))
}

/// A strategic-merge patch of a ConfigMap's `data` (`null` removes a key).
pub(super) fn config_map_patch(
    name: &str,
    ns: &str,
    keys: &BTreeMap<String, Option<String>>,
) -> KubeObject {
    patch(json!({
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": name, "namespace": ns},
        "data": keys,
    }))
}

/// A strategic-merge patch of an Ingress's annotations (`null` removes one).
pub(super) fn ingress_annotations_patch(
    name: &str,
    ns: &str,
    annotations: &BTreeMap<String, Option<String>>,
) -> KubeObject {
    patch(json!({
        "apiVersion": "networking.k8s.io/v1",
        "kind": "Ingress",
        "metadata": {"name": name, "namespace": ns, "annotations": annotations},
    }))
}

/// The main container's name in the upstream manifests (the model does not keep it).
pub(super) fn container_name(component: Component) -> &'static str {
    match component {
        Component::DexServer => "dex",
        Component::Redis => "redis",
        other => other.name(),
    }
}

/// A strategic-merge patch taking `old` to `new` in what a posture changes: the main
/// container's `args` (replaced whole: a list without a merge key), its Secret volumes and
/// mounts (merged by volume name and mount path; a removed one with `$patch: delete`), and the
/// pod template's labels and annotations. `pod_labels` says which `pod_metadata` keys are labels
/// (the model keeps both in one map).
pub(super) fn workload_patch(
    old: &Workload,
    new: &Workload,
    ns: &str,
    pod_labels: &BTreeSet<String>,
) -> KubeObject {
    let mut container = Map::new();
    container.insert("name".into(), json!(container_name(new.component)));
    if old.args != new.args {
        container.insert("args".into(), json!(new.args));
    }
    let mut mounts = Vec::new();
    let mut volumes = Vec::new();
    for m in &new.mounts {
        if !old.mounts.contains(m) {
            mounts.push(mount_json(m));
            volumes.push(volume_json(m));
        }
    }
    for m in &old.mounts {
        if !new.mounts.iter().any(|n| n.mount_path == m.mount_path) {
            mounts.push(json!({"mountPath": m.mount_path, "$patch": "delete"}));
        }
        if !new.mounts.iter().any(|n| n.volume == m.volume) {
            volumes.push(json!({"name": m.volume, "$patch": "delete"}));
        }
    }
    if !mounts.is_empty() {
        container.insert("volumeMounts".into(), json!(mounts));
    }
    let mut pod_spec = Map::new();
    if container.len() > 1 {
        pod_spec.insert("containers".into(), json!([container]));
    }
    if !volumes.is_empty() {
        pod_spec.insert("volumes".into(), json!(volumes));
    }
    let mut template = Map::new();
    let (mut labels, mut annotations) = (Map::new(), Map::new());
    for (k, v) in &new.pod_metadata {
        if old.pod_metadata.get(k) != Some(v) {
            let to = if pod_labels.contains(k) {
                &mut labels
            } else {
                &mut annotations
            };
            to.insert(k.clone(), json!(v));
        }
    }
    for k in old.pod_metadata.keys() {
        if !new.pod_metadata.contains_key(k) {
            let to = if pod_labels.contains(k) {
                &mut labels
            } else {
                &mut annotations
            };
            to.insert(k.clone(), Value::Null);
        }
    }
    if !labels.is_empty() || !annotations.is_empty() {
        let mut md = Map::new();
        if !labels.is_empty() {
            md.insert("labels".into(), Value::Object(labels));
        }
        if !annotations.is_empty() {
            md.insert("annotations".into(), Value::Object(annotations));
        }
        template.insert("metadata".into(), Value::Object(md));
    }
    template.insert("spec".into(), Value::Object(pod_spec));
    let kind = if new.kind.is_empty() {
        "Deployment"
    } else {
        new.kind.as_str()
    };
    patch(json!({
        "apiVersion": "apps/v1",
        "kind": kind,
        "metadata": {"name": new.name, "namespace": ns},
        "spec": {"template": Value::Object(template)},
    }))
}

fn mount_json(m: &SecretMount) -> Value {
    let mut o = json!({"name": m.volume, "mountPath": m.mount_path});
    if let Some(sub) = &m.sub_path {
        o["subPath"] = json!(sub);
    }
    o
}

fn volume_json(m: &SecretMount) -> Value {
    let mut secret = json!({"secretName": m.secret, "optional": m.optional});
    if let Some(items) = &m.items {
        secret["items"] = Value::Array(
            items
                .iter()
                .map(|i| json!({"key": i.key, "path": i.path}))
                .collect(),
        );
    }
    json!({"name": m.volume, "secret": secret})
}
