//! What is deployed: the Argo CD components as their pod templates describe them, the
//! `argocd-cmd-params-cm` ConfigMap and the Secrets — the engine's input model.
//!
//! Two front doors lead here: Kubernetes manifests ([`read_manifests`]) and the engine's own JSON
//! model (this module's types deserialised directly; it is what the page's form edits). Nothing
//! here interprets flags: that is `resolve`'s job, so the model stays a faithful picture of the
//! YAML.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub(crate) mod manifest;
pub(crate) mod standard;

/// An Argo CD component the planner models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum Component {
    /// `argocd-server`: API, UI and gRPC on 8080.
    #[serde(rename = "argocd-server")]
    Server,
    /// `argocd-repo-server`: gRPC on 8081.
    #[serde(rename = "argocd-repo-server")]
    RepoServer,
    /// `argocd-dex-server`: the Dex wrapper, web on 5556.
    #[serde(rename = "argocd-dex-server")]
    DexServer,
    /// `argocd-application-controller` (a StatefulSet upstream).
    #[serde(rename = "argocd-application-controller")]
    ApplicationController,
    /// `argocd-applicationset-controller`.
    #[serde(rename = "argocd-applicationset-controller")]
    ApplicationSetController,
    /// `argocd-notifications-controller`.
    #[serde(rename = "argocd-notifications-controller")]
    NotificationsController,
    /// `argocd-commit-server` (hydrator installs only): plaintext gRPC on 8086.
    #[serde(rename = "argocd-commit-server")]
    CommitServer,
    /// `argocd-redis` (or the HA `argocd-redis-ha-haproxy` front).
    #[serde(rename = "argocd-redis")]
    Redis,
}

impl Component {
    /// Every component, in the order reports list them.
    pub const ALL: [Self; 8] = [
        Self::Server,
        Self::RepoServer,
        Self::DexServer,
        Self::ApplicationController,
        Self::ApplicationSetController,
        Self::NotificationsController,
        Self::CommitServer,
        Self::Redis,
    ];

    /// The upstream workload name, e.g. `argocd-repo-server`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Server => "argocd-server",
            Self::RepoServer => "argocd-repo-server",
            Self::DexServer => "argocd-dex-server",
            Self::ApplicationController => "argocd-application-controller",
            Self::ApplicationSetController => "argocd-applicationset-controller",
            Self::NotificationsController => "argocd-notifications-controller",
            Self::CommitServer => "argocd-commit-server",
            Self::Redis => "argocd-redis",
        }
    }

    /// The component whose upstream name is `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Where a position in the input is (1-based line and UTF-16 column, for the page's editor).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Position {
    /// Which input (file name, or `<input>`).
    #[serde(default)]
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column in UTF-16 code units.
    pub column: u32,
}

/// An environment variable of a component's container.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct EnvVar {
    /// The variable name, e.g. `ARGOCD_SERVER_INSECURE`.
    pub name: String,
    /// Where its value comes from.
    pub value: EnvValue,
}

/// The value of an environment variable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum EnvValue {
    /// `value: …`
    Literal {
        /// The literal value.
        value: String,
    },
    /// `valueFrom.configMapKeyRef`
    #[serde(rename_all = "camelCase")]
    ConfigMapKey {
        /// ConfigMap name, e.g. `argocd-cmd-params-cm`.
        config_map: String,
        /// The key.
        key: String,
        /// `optional: true`.
        #[serde(default)]
        optional: bool,
    },
    /// `valueFrom.secretKeyRef`
    #[serde(rename_all = "camelCase")]
    SecretKey {
        /// Secret name.
        secret: String,
        /// The key.
        key: String,
        /// `optional: true`.
        #[serde(default)]
        optional: bool,
    },
    /// Anything else (`fieldRef`, `resourceFieldRef`): known only at run time.
    Other {
        /// What it is, for display (e.g. `fieldRef metadata.namespace`).
        description: String,
    },
}

/// A Secret volume mounted into a component's main container.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SecretMount {
    /// The volume name.
    pub volume: String,
    /// Where it is mounted, e.g. `/app/config/reposerver/tls`.
    pub mount_path: String,
    /// `subPath`, if the mount takes a single file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_path: Option<String>,
    /// The Secret's name.
    pub secret: String,
    /// `items` (key → file path inside the mount); `None` projects every key under its own name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<KeyToPath>>,
    /// `optional: true`: a missing Secret gives an empty directory instead of a stuck pod.
    #[serde(default)]
    pub optional: bool,
}

/// One `items` entry of a Secret volume.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct KeyToPath {
    /// The Secret key.
    pub key: String,
    /// The file name inside the mount.
    pub path: String,
}

/// One Argo CD component's workload as deployed: its main container's command line, environment
/// and Secret mounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Workload {
    /// Which component this is.
    pub component: Component,
    /// `Deployment` or `StatefulSet`.
    #[serde(default)]
    pub kind: String,
    /// `metadata.name`.
    #[serde(default)]
    pub name: String,
    /// The main container's image, e.g. `quay.io/argoproj/argocd:v3.5.1`.
    #[serde(default)]
    pub image: Option<String>,
    /// `command` followed by `args` of the main container (the binary first).
    #[serde(default)]
    pub args: Vec<String>,
    /// The main container's `env`, in order (later entries win in Kubernetes).
    #[serde(default)]
    pub env: Vec<EnvVar>,
    /// Secret volumes mounted into the main container.
    #[serde(default)]
    pub mounts: Vec<SecretMount>,
    /// `spec.replicas`, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,
    /// The pod template's annotations and labels (service-mesh injection is decided there).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pod_metadata: BTreeMap<String, String>,
    /// Where the workload was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// A ConfigMap (only `argocd-cmd-params-cm` matters for TLS).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ConfigMap {
    /// `metadata.name`.
    pub name: String,
    /// `data`.
    #[serde(default)]
    pub data: BTreeMap<String, String>,
    /// `metadata.labels`.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// A Secret. Values are kept (the engine must check key pairs) but never printed: `Debug` is
/// written by hand and reports only key names.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Secret {
    /// `metadata.name`.
    pub name: String,
    /// `type`, e.g. `kubernetes.io/tls` (Argo CD does not care).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub secret_type: Option<String>,
    /// The decoded values (`data` base64-decoded, merged with `stringData`, which wins).
    #[serde(default)]
    pub data: BTreeMap<String, String>,
    /// `metadata.labels` (the v3.5 hot-reload rule looks at `app.kubernetes.io/part-of`).
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

impl core::fmt::Debug for Secret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Secret")
            .field("name", &self.name)
            .field("secret_type", &self.secret_type)
            .field("keys", &self.data.keys().collect::<Vec<_>>())
            .field("labels", &self.labels)
            .finish()
    }
}

/// Everything the planner reads about one Argo CD installation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Installation {
    /// The namespace found in the manifests' `metadata.namespace`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The Argo CD component workloads that are present. A component without a workload is
    /// absent (e.g. no Dex), not an error.
    #[serde(default)]
    pub workloads: Vec<Workload>,
    /// ConfigMaps (`argocd-cmd-params-cm`, `argocd-cm`).
    #[serde(default)]
    pub config_maps: Vec<ConfigMap>,
    /// Secrets.
    #[serde(default)]
    pub secrets: Vec<Secret>,
}

impl Installation {
    /// The workload of `component`, if present.
    pub fn workload(&self, component: Component) -> Option<&Workload> {
        self.workloads.iter().find(|w| w.component == component)
    }

    /// The ConfigMap called `name`.
    pub fn config_map(&self, name: &str) -> Option<&ConfigMap> {
        self.config_maps.iter().find(|c| c.name == name)
    }

    /// The Secret called `name`.
    pub fn secret(&self, name: &str) -> Option<&Secret> {
        self.secrets.iter().find(|s| s.name == name)
    }

    /// Lays `other` over `self`: a workload replaces the one of the same component, a ConfigMap
    /// or Secret replaces the one of the same name, anything new is added, and `other`'s namespace
    /// wins when it has one. This is how "the standard install plus my changes" is built.
    pub fn overlay(mut self, other: Self) -> Self {
        for w in other.workloads {
            self.workloads.retain(|x| x.component != w.component);
            self.workloads.push(w);
        }
        for c in other.config_maps {
            self.config_maps.retain(|x| x.name != c.name);
            self.config_maps.push(c);
        }
        for s in other.secrets {
            self.secrets.retain(|x| x.name != s.name);
            self.secrets.push(s);
        }
        if other.namespace.is_some() {
            self.namespace = other.namespace;
        }
        self.workloads.sort_by_key(|w| w.component);
        self
    }
}
