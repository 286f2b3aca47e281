//! What is deployed: the Argo CD components as their pod templates describe them, the
//! `argocd-cmd-params-cm` ConfigMap and the Secrets — the engine's input model.
//!
//! Two front doors lead here: Kubernetes manifests ([`read_manifests`]) and the engine's own JSON
//! model (this module's types deserialised directly; it is what the page's form edits). Nothing
//! here interprets flags: that is `resolve`'s job, so the model stays a faithful picture of the
//! YAML. Several inputs become one installation by the input rule in [`inputs`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub(crate) mod edge;
pub(crate) mod inputs;
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

    /// The names the component's Service answers to inside the cluster, in `namespace`: the
    /// short name (same namespace), `name.namespace`, `name.namespace.svc` and
    /// `name.namespace.svc.cluster.local` — what a certificate for it should carry as SANs. The
    /// Service is named like the component upstream.
    pub fn service_names(self, namespace: &str) -> Vec<String> {
        let name = self.name();
        vec![
            name.to_owned(),
            format!("{name}.{namespace}"),
            format!("{name}.{namespace}.svc"),
            format!("{name}.{namespace}.svc.cluster.local"),
        ]
    }

    /// The component whose upstream name is `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Where a position in the input is (1-based line and UTF-16 column, for the page's editor).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct EnvVar {
    /// The variable name, e.g. `ARGOCD_SERVER_INSECURE`.
    pub name: String,
    /// Where its value comes from.
    pub value: EnvValue,
}

/// The value of an environment variable.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct KeyToPath {
    /// The Secret key.
    pub key: String,
    /// The file name inside the mount.
    pub path: String,
}

/// One Argo CD component's workload as deployed: its main container's command line, environment
/// and Secret mounts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// A cert-manager `Certificate` (`cert-manager.io/v1`): only what decides when its Secret gets a
/// new certificate. cert-manager writes the renewed certificate into `secretName`; the pods that
/// read that Secret keep what they read until they restart (reference §17).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CertManagerCertificate {
    /// `metadata.name`.
    pub name: String,
    /// `spec.secretName`.
    #[serde(default)]
    pub secret_name: String,
    /// `spec.duration` as written (a Go duration such as `2160h`); `None`: cert-manager's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// `spec.renewBefore` as written; `None`: cert-manager's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renew_before: Option<String>,
    /// `spec.dnsNames`.
    #[serde(default)]
    pub dns_names: Vec<String>,
    /// Where it was defined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
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
    /// cert-manager `Certificate`s (what renews a Secret, and when: the timeline reads them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<CertManagerCertificate>,
    /// The way in: Ingresses, Gateways and routes, OpenShift Routes and exposed Services in
    /// front of argocd-server.
    #[serde(default, skip_serializing_if = "edge::Edge::is_empty")]
    pub edge: edge::Edge,
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

    /// Lays `other` over `self` by the input rule ([`inputs::combine`]): `other` wins, key by
    /// key for ConfigMaps and Secrets, whole for a component's workload. This is how "the
    /// standard install plus my changes" is built when nobody needs the overrides reported.
    #[must_use]
    pub fn overlay(self, other: Self) -> Self {
        inputs::combine(&[
            inputs::InputSource::new("", self),
            inputs::InputSource::new("", other),
        ])
        .installation
    }

    /// The host of `argocd-cm`'s `url` (what browsers and the CLI dial for argocd-server), if
    /// it has one: the authority between `scheme://` and the path, without userinfo and port, an
    /// IPv6 literal without its brackets.
    pub fn external_host(&self) -> Option<String> {
        let url = self.config_map("argocd-cm")?.data.get("url")?.trim();
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let host = if let Some(v6) = host_port.strip_prefix('[') {
            v6.split(']').next().unwrap_or_default()
        } else {
            host_port.split(':').next().unwrap_or_default()
        };
        (!host.is_empty()).then(|| host.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_host() {
        let with_url = |url: &str| Installation {
            config_maps: vec![ConfigMap {
                name: "argocd-cm".into(),
                data: BTreeMap::from([("url".into(), url.into())]),
                ..ConfigMap::default()
            }],
            ..Installation::default()
        };
        let cases = [
            ("https://argocd.corp.example", Some("argocd.corp.example")),
            (
                "https://Argocd.Corp.Example:8443/path?q",
                Some("argocd.corp.example"),
            ),
            ("https://user@argo.example/", Some("argo.example")),
            ("https://[2001:db8::1]:443", Some("2001:db8::1")),
            ("", None),
        ];
        for (url, want) in cases {
            assert_eq!(with_url(url).external_host().as_deref(), want, "{url}");
        }
        assert_eq!(Installation::default().external_host(), None);
    }

    #[test]
    fn service_names() {
        assert_eq!(
            Component::RepoServer.service_names("prod"),
            [
                "argocd-repo-server",
                "argocd-repo-server.prod",
                "argocd-repo-server.prod.svc",
                "argocd-repo-server.prod.svc.cluster.local"
            ]
        );
    }
}
