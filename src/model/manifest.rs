//! Kubernetes manifests → [`Installation`]: the workloads of the Argo CD components, every
//! ConfigMap and every Secret, with positions.
//!
//! Accepted input: multi-document YAML (`---`), JSON (one object or an array of objects), `kind:
//! List` and typed lists such as `SecretList` (`kubectl get -o yaml`), kustomize and helm output,
//! several files at once. Only `Deployment`s and `StatefulSet`s of the Argo CD components,
//! `ConfigMap`s and `Secret`s are kept; every other kind is skipped, and so is any field the model
//! has no place for. Unknown content is not an error: only unreadable input is (see
//! [`ManifestError`]).
//!
//! Reading follows the Kubernetes API's decoding where it matters:
//! * a Secret's `data` is base64 as Go's `encoding/json` decodes it (see [`crate::go::base64`]); values
//!   that are not UTF-8 are kept lossily (U+FFFD replaces invalid bytes): certificates and keys
//!   are PEM text, so this only affects binary values the planner never reads;
//! * `stringData` wins over `data` for the same key (the API server merges it that way);
//! * `optional` flags read YAML 1.1 booleans (`true`, `yes`, `on`, …) like go-yaml does;
//! * a later duplicate key wins; YAML merge keys (`<<`) are honoured.
//!
//! The namespace is the first `metadata.namespace` found on any object; later, different values
//! are ignored (upstream install manifests carry none: `kubectl apply -n` sets it).
//!
//! The way in (`Ingress`, Gateway API `Gateway`/`HTTPRoute`/`GRPCRoute`/`TLSRoute`/
//! `BackendTLSPolicy`, OpenShift `Route`, an argocd-server `Service` of type `LoadBalancer` or
//! `NodePort`) is read by [`edge`] into [`super::edge::Edge`].
//!
//! Not modelled: `envFrom` (whole ConfigMaps or Secrets as env; upstream does not use it), init
//! containers and sidecars (only the main container is read), `DaemonSet`s.

mod edge;
pub(crate) mod tree;

pub(crate) use edge::is_server_service;

use core::fmt;
use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{
    CertManagerCertificate, Component, ConfigMap, EnvValue, EnvVar, Installation, KeyToPath,
    Position, Secret, SecretMount, Workload,
};
use tree::{Mark, Node, TreeError};

/// Largest total input accepted (all files together), in bytes.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Why the manifests cannot be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum ManifestErrorKind {
    /// Not YAML (or JSON): the parser's message says why.
    Syntax,
    /// A document (or an item of a list) that is not a mapping, e.g. a bare string.
    NotAMapping,
    /// A Secret's `data` value that is not base64.
    InvalidBase64,
    /// The input is larger than [`MAX_INPUT_BYTES`].
    TooLarge,
    /// Collections nested deeper than 256 levels.
    TooDeep,
    /// A document with too many nodes, or aliases that expand to too many ("billion laughs").
    TooManyNodes,
    /// Too many aliases in one document.
    TooManyAliases,
}

/// Manifests that cannot be read, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ManifestError {
    /// What kind of problem.
    pub kind: ManifestErrorKind,
    /// The input's name, as passed to [`read_manifests`].
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column in UTF-16 code units.
    pub column: u32,
    /// What is wrong, one line.
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ManifestError {}

/// Reads Kubernetes manifests into the planner's model. `inputs` are `(name, text)` pairs; the
/// name appears in positions and errors.
///
/// Workloads come out in [`Component::ALL`] order (a workload whose name matches an upstream name
/// exactly before one matched by prefix, suffix or label), then in input order. ConfigMaps and
/// Secrets come out in input order.
///
/// # Errors
///
/// [`ManifestError`] for input that cannot be read: YAML/JSON syntax, a document that is not a
/// mapping, invalid base64 in a Secret, or a size, depth or alias budget exceeded.
pub fn read_manifests<N: AsRef<str>, T: AsRef<str>>(
    inputs: &[(N, T)],
) -> Result<Installation, ManifestError> {
    let mut reader = Reader::default();
    let mut total: usize = 0;
    for (name, text) in inputs {
        let (name, text) = (name.as_ref(), text.as_ref());
        total = total.saturating_add(text.len());
        if total > MAX_INPUT_BYTES {
            return Err(ManifestError {
                kind: ManifestErrorKind::TooLarge,
                file: name.to_owned(),
                line: 1,
                column: 1,
                message: format!(
                    "the manifests are larger than {} MiB",
                    MAX_INPUT_BYTES / 1024 / 1024
                ),
            });
        }
        let file = File::new(name, text);
        tree::for_each_wanted_document(text, is_read, |root: Node<'_>| {
            reader.document(&file, &root)
        })
        .map_err(|e: ReadError| e.into_manifest_error(&file))?;
    }
    Ok(reader.finish())
}

/// Whether a document whose top-level `kind` was read without parsing it must be parsed: the
/// kinds [`Reader::object`] reads, and any document that may carry `metadata.namespace` (the
/// first one found is the installation's). Every other document is skipped unparsed: CRDs,
/// RBAC, Services, … (most of an install manifest's bytes).
fn is_read(chunk: &tree::Chunk<'_>) -> bool {
    let kind = chunk.kind.unwrap_or_default();
    matches!(
        kind,
        "Deployment" | "StatefulSet" | "ConfigMap" | "Secret" | "Certificate"
    ) || edge::KINDS.contains(&kind)
        || kind.ends_with("List")
        || !chunk.no_namespace
}

/// One input and what turns a character position into a UTF-16 column.
struct File<'t> {
    name: &'t str,
    /// Character indices of the characters outside the BMP (two UTF-16 code units each).
    astral: Vec<usize>,
}

impl<'t> File<'t> {
    fn new(name: &'t str, text: &str) -> Self {
        // Only a 4-byte UTF-8 sequence (lead byte 0xF0 or above) is outside the BMP.
        if !text.bytes().any(|b| b >= 0xF0) {
            return Self {
                name,
                astral: Vec::new(),
            };
        }
        let astral = text
            .chars()
            .enumerate()
            .filter(|(_, c)| c.len_utf16() == 2)
            .map(|(i, _)| i)
            .collect();
        Self { name, astral }
    }

    /// 1-based UTF-16 column of a mark: its character column plus the astral characters between
    /// the line start and the mark.
    fn column(&self, mark: Mark) -> u32 {
        let line_start = mark.index.saturating_sub(mark.col);
        let from = self.astral.partition_point(|&i| i < line_start);
        let to = self.astral.partition_point(|&i| i < mark.index);
        let extra = to.saturating_sub(from);
        to_u32(mark.col.saturating_add(extra).saturating_add(1))
    }

    fn position(&self, mark: Mark) -> Position {
        Position {
            file: self.name.to_owned(),
            line: to_u32(mark.line),
            column: self.column(mark),
        }
    }

    fn error(&self, kind: ManifestErrorKind, mark: Mark, message: String) -> ManifestError {
        let Position { file, line, column } = self.position(mark);
        ManifestError {
            kind,
            file,
            line,
            column,
            message,
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// An error inside one input, before it knows its file.
enum ReadError {
    Tree(TreeError),
    Manifest(ManifestError),
}

impl From<TreeError> for ReadError {
    fn from(e: TreeError) -> Self {
        Self::Tree(e)
    }
}

impl ReadError {
    fn into_manifest_error(self, file: &File<'_>) -> ManifestError {
        match self {
            Self::Tree(e) => file.error(e.kind, e.mark, e.message),
            Self::Manifest(e) => e,
        }
    }
}

/// How a workload's name was matched to its component: exact names sort first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Match {
    Exact,
    Fuzzy,
}

#[derive(Default)]
struct Reader {
    namespace: Option<String>,
    workloads: Vec<(Match, Workload)>,
    config_maps: Vec<ConfigMap>,
    secrets: Vec<Secret>,
    certificates: Vec<CertManagerCertificate>,
    edge: super::edge::Edge,
}

impl Reader {
    fn finish(mut self) -> Installation {
        let rank = |c: Component| Component::ALL.iter().position(|&a| a == c);
        crate::sort::sort_by_key(&mut self.workloads, |(quality, w)| {
            (rank(w.component), *quality)
        });
        Installation {
            namespace: self.namespace,
            workloads: self.workloads.into_iter().map(|(_, w)| w).collect(),
            config_maps: self.config_maps,
            secrets: self.secrets,
            certificates: self.certificates,
            edge: self.edge,
        }
    }

    /// A document's root: an object, or (JSON) an array of objects.
    fn document(&mut self, file: &File<'_>, root: &Node<'_>) -> Result<(), ReadError> {
        if root.is_sequence() {
            for item in root.items() {
                if !item.is_null() {
                    self.object(file, item, None)?;
                }
            }
            Ok(())
        } else {
            self.object(file, root, None)
        }
    }

    /// One Kubernetes object. `list_kind` is the item kind implied by a typed list
    /// (`SecretList` → `Secret`), whose items carry no `kind`.
    fn object(
        &mut self,
        file: &File<'_>,
        node: &Node<'_>,
        list_kind: Option<&str>,
    ) -> Result<(), ReadError> {
        if !node.is_mapping() {
            let found = if node.is_sequence() {
                "a sequence"
            } else {
                "a scalar"
            };
            return Err(ReadError::Manifest(file.error(
                ManifestErrorKind::NotAMapping,
                node.mark,
                format!("a Kubernetes object must be a mapping, found {found}"),
            )));
        }
        let metadata = node.get("metadata");
        if self.namespace.is_none() {
            self.namespace = metadata
                .and_then(|m| m.get("namespace"))
                .and_then(Node::scalar)
                .filter(|ns| !ns.is_empty())
                .map(str::to_owned);
        }
        let kind = node.get("kind").and_then(Node::scalar).or(list_kind);
        match kind {
            Some("Deployment" | "StatefulSet") => {
                if let Some(workload) = read_workload(file, node, kind.unwrap_or_default()) {
                    self.workloads.push(workload);
                }
            }
            Some("ConfigMap") => self.config_maps.push(read_config_map(file, node)),
            Some("Secret") => self.secrets.push(read_secret(file, node)?),
            Some("Certificate") if is_cert_manager(node) => {
                self.certificates.push(read_certificate(file, node));
            }
            Some(kind) if edge::KINDS.contains(&kind) => {
                edge::read(&mut self.edge, kind, node, file.position(node.mark));
            }
            Some(kind) if kind.ends_with("List") => {
                let item_kind = kind.strip_suffix("List").filter(|k| !k.is_empty());
                for item in node.get("items").map(Node::items).unwrap_or_default() {
                    if !item.is_null() {
                        self.object(file, item, item_kind)?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn scalar_string(node: Option<&Node<'_>>) -> Option<String> {
    node.and_then(Node::scalar).map(str::to_owned)
}

/// A mapping of strings (`labels`, ConfigMap `data`); a null value reads as `""`, a non-scalar
/// value is skipped.
fn string_map(node: Option<&Node<'_>>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Some(node) = node {
        for (key, value) in node.entries() {
            if value.is_null() {
                out.insert(key.to_owned(), String::new());
            } else if let Some(text) = value.scalar() {
                out.insert(key.to_owned(), text.to_owned());
            }
        }
    }
    out
}

fn labels(node: &Node<'_>) -> BTreeMap<String, String> {
    string_map(node.get("metadata").and_then(|m| m.get("labels")))
}

fn name_of(node: &Node<'_>) -> String {
    scalar_string(node.get("metadata").and_then(|m| m.get("name"))).unwrap_or_default()
}

fn read_config_map(file: &File<'_>, node: &Node<'_>) -> ConfigMap {
    ConfigMap {
        name: name_of(node),
        data: string_map(node.get("data")),
        labels: labels(node),
        position: Some(file.position(node.mark)),
    }
}

/// `apiVersion: cert-manager.io/…`: other kinds called `Certificate` are not cert-manager's.
fn is_cert_manager(node: &Node<'_>) -> bool {
    node.get("apiVersion")
        .and_then(Node::scalar)
        .is_some_and(|v| v.starts_with("cert-manager.io/"))
}

/// A cert-manager `Certificate`: name, `secretName`, `duration`, `renewBefore`, `dnsNames`.
fn read_certificate(file: &File<'_>, node: &Node<'_>) -> CertManagerCertificate {
    let spec = node.get("spec");
    let field = |k: &str| scalar_string(spec.and_then(|s| s.get(k)));
    CertManagerCertificate {
        name: name_of(node),
        secret_name: field("secretName").unwrap_or_default(),
        duration: field("duration"),
        renew_before: field("renewBefore"),
        dns_names: spec
            .and_then(|s| s.get("dnsNames"))
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|n| n.scalar().map(str::to_owned))
            .collect(),
        position: Some(file.position(node.mark)),
    }
}

fn read_secret(file: &File<'_>, node: &Node<'_>) -> Result<Secret, ReadError> {
    let mut data = BTreeMap::new();
    if let Some(encoded) = node.get("data") {
        for (key, value) in encoded.entries() {
            let text = value.scalar().unwrap_or_default();
            let bytes = crate::go::base64::decode_std(text.as_bytes()).map_err(|offset| {
                ReadError::Manifest(file.error(
                    ManifestErrorKind::InvalidBase64,
                    value.mark,
                    format!(
                        "Secret {:?}: data[{key:?}]: illegal base64 data at input byte {offset}",
                        name_of(node)
                    ),
                ))
            })?;
            data.insert(key.to_owned(), String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    data.extend(string_map(node.get("stringData")));
    Ok(Secret {
        name: name_of(node),
        secret_type: scalar_string(node.get("type")),
        data,
        labels: labels(node),
        position: Some(file.position(node.mark)),
    })
}

/// Upstream workload names (and the helm `redis-ha` subchart's), and the component each is.
/// `None`: a known name that is not a modelled component (the HA Redis servers behind HAProxy).
const WORKLOAD_NAMES: [(&str, Option<Component>); 13] = [
    ("argocd-server", Some(Component::Server)),
    ("argocd-repo-server", Some(Component::RepoServer)),
    ("argocd-dex-server", Some(Component::DexServer)),
    (
        "argocd-application-controller",
        Some(Component::ApplicationController),
    ),
    (
        "argocd-applicationset-controller",
        Some(Component::ApplicationSetController),
    ),
    (
        "argocd-notifications-controller",
        Some(Component::NotificationsController),
    ),
    ("argocd-commit-server", Some(Component::CommitServer)),
    ("argocd-redis", Some(Component::Redis)),
    ("argocd-redis-ha-haproxy", Some(Component::Redis)),
    ("redis-ha-haproxy", Some(Component::Redis)),
    ("argocd-redis-ha", None),
    ("argocd-redis-ha-server", None),
    ("redis-ha-server", None),
];

/// The component a workload name stands for: an upstream name, possibly with a kustomize
/// `namePrefix`/`nameSuffix` or a helm release prefix (`argo-cd-argocd-server`), joined by `-`.
/// The longest upstream name found wins, so `argocd-redis-ha-server` is not `argocd-redis`.
/// `Some((None, _))`: a known name that is not a modelled component.
fn lookup_name(name: &str) -> Option<(Option<Component>, Match)> {
    let mut best: Option<(&str, Option<Component>)> = None;
    for (upstream, component) in WORKLOAD_NAMES {
        if contains_token(name, upstream)
            && best.is_none_or(|(found, _)| upstream.len() > found.len())
        {
            best = Some((upstream, component));
        }
    }
    let (upstream, component) = best?;
    let quality = if upstream == name {
        Match::Exact
    } else {
        Match::Fuzzy
    };
    Some((component, quality))
}

#[cfg(test)]
fn component_of_name(name: &str) -> Option<(Component, Match)> {
    let (component, quality) = lookup_name(name)?;
    component.map(|c| (c, quality))
}

/// Whether `needle` occurs in `name` bounded by the ends or by `-`.
fn contains_token(name: &str, needle: &str) -> bool {
    name.match_indices(needle).any(|(i, _)| {
        let before = name
            .get(..i)
            .is_none_or(|s| s.is_empty() || s.ends_with('-'));
        let after = name
            .get(i.saturating_add(needle.len())..)
            .is_none_or(|s| s.is_empty() || s.starts_with('-'));
        before && after
    })
}

/// Container names of a component's main container: upstream's, then argo-helm's.
fn container_names(component: Component) -> &'static [&'static str] {
    match component {
        Component::Server => &["argocd-server", "server"],
        Component::RepoServer => &["argocd-repo-server", "repo-server"],
        Component::DexServer => &["dex", "argocd-dex-server", "dex-server"],
        Component::ApplicationController => {
            &["argocd-application-controller", "application-controller"]
        }
        Component::ApplicationSetController => &[
            "argocd-applicationset-controller",
            "applicationset-controller",
        ],
        Component::NotificationsController => &[
            "argocd-notifications-controller",
            "notifications-controller",
        ],
        Component::CommitServer => &["argocd-commit-server", "commit-server"],
        Component::Redis => &["redis", "haproxy", "argocd-redis"],
    }
}

/// The binary a component's main container runs (the base name of a command word).
fn binaries(component: Component) -> &'static [&'static str] {
    match component {
        Component::Server => &["argocd-server"],
        Component::RepoServer => &["argocd-repo-server"],
        Component::DexServer => &["argocd-dex"],
        Component::ApplicationController => &["argocd-application-controller"],
        Component::ApplicationSetController => &["argocd-applicationset-controller"],
        Component::NotificationsController => &["argocd-notifications"],
        Component::CommitServer => &["argocd-commit-server"],
        Component::Redis => &["redis-server", "haproxy"],
    }
}

fn command_line(container: &Node<'_>) -> Vec<String> {
    ["command", "args"]
        .into_iter()
        .filter_map(|key| container.get(key))
        .flat_map(Node::items)
        .map(|arg| {
            if arg.is_null() {
                String::new()
            } else {
                arg.scalar().unwrap_or_default().to_owned()
            }
        })
        .collect()
}

fn runs_binary(args: &[String], component: Component) -> bool {
    args.iter()
        .flat_map(|arg| arg.split_whitespace())
        .map(|word| word.rsplit('/').next().unwrap_or(word))
        .any(|base| binaries(component).contains(&base))
}

/// The main container: named like the component, else running its binary, else the first.
fn main_container<'n, 'a>(
    containers: &'n [Node<'a>],
    component: Component,
) -> Option<&'n Node<'a>> {
    let named = containers.iter().find(|c| {
        c.get("name")
            .and_then(Node::scalar)
            .is_some_and(|n| container_names(component).contains(&n))
    });
    named
        .or_else(|| {
            containers
                .iter()
                .find(|c| runs_binary(&command_line(c), component))
        })
        .or_else(|| containers.first())
}

fn read_workload(file: &File<'_>, node: &Node<'_>, kind: &str) -> Option<(Match, Workload)> {
    let name = name_of(node);
    let spec = node.get("spec");
    let template = spec.and_then(|s| s.get("template"));
    let label = |n: Option<&Node<'_>>| {
        n.and_then(|n| n.get("metadata"))
            .and_then(|m| m.get("labels"))
            .and_then(|l| l.get("app.kubernetes.io/name"))
            .and_then(Node::scalar)
            .and_then(lookup_name)
    };
    // The name decides when it is known (even as "not a component"); else the labels.
    let (component, quality) = lookup_name(&name)
        .or_else(|| label(Some(node)).map(|(c, _)| (c, Match::Fuzzy)))
        .or_else(|| label(template).map(|(c, _)| (c, Match::Fuzzy)))?;
    let component = component?;
    let pod = template.and_then(|t| t.get("spec"));
    let containers = pod.and_then(|p| p.get("containers")).map(Node::items);
    let container = containers.and_then(|c| main_container(c, component));
    let volumes = pod.and_then(|p| p.get("volumes")).map(Node::items);
    let replicas = spec
        .and_then(|s| s.get("replicas"))
        .and_then(Node::scalar)
        .and_then(|r| r.parse::<u32>().ok());
    let workload = Workload {
        component,
        kind: kind.to_owned(),
        name,
        image: scalar_string(container.and_then(|c| c.get("image"))),
        args: container.map(command_line).unwrap_or_default(),
        env: container.map(read_env).unwrap_or_default(),
        mounts: container
            .map(|c| read_mounts(c, volumes.unwrap_or_default()))
            .unwrap_or_default(),
        replicas,
        pod_metadata: pod_metadata(template),
        position: Some(file.position(node.mark)),
    };
    Some((quality, workload))
}

/// The pod template's labels and annotations (annotations win on a clash): service-mesh
/// injection (`sidecar.istio.io/inject`, `linkerd.io/inject`) is decided there.
fn pod_metadata(template: Option<&Node<'_>>) -> BTreeMap<String, String> {
    let meta = template.and_then(|t| t.get("metadata"));
    let mut out = BTreeMap::new();
    for section in ["labels", "annotations"] {
        for (k, v) in meta
            .and_then(|m| m.get(section))
            .map(Node::entries)
            .unwrap_or_default()
        {
            if let Some(v) = v.scalar() {
                out.insert(k.to_owned(), v.to_owned());
            }
        }
    }
    out
}

fn optional(reference: &Node<'_>) -> bool {
    reference
        .get("optional")
        .and_then(Node::boolean)
        .unwrap_or(false)
}

fn read_env(container: &Node<'_>) -> Vec<EnvVar> {
    let entries = container.get("env").map(Node::items).unwrap_or_default();
    entries
        .iter()
        .filter_map(|entry| {
            let name = scalar_string(entry.get("name"))?;
            let value = match entry.get("valueFrom").filter(|v| !v.is_null()) {
                None => EnvValue::Literal {
                    value: scalar_string(entry.get("value")).unwrap_or_default(),
                },
                Some(from) => read_value_from(from),
            };
            Some(EnvVar { name, value })
        })
        .collect()
}

fn read_value_from(from: &Node<'_>) -> EnvValue {
    let text = |n: &Node<'_>, key: &str| scalar_string(n.get(key)).unwrap_or_default();
    if let Some(r) = from.get("configMapKeyRef") {
        EnvValue::ConfigMapKey {
            config_map: text(r, "name"),
            key: text(r, "key"),
            optional: optional(r),
        }
    } else if let Some(r) = from.get("secretKeyRef") {
        EnvValue::SecretKey {
            secret: text(r, "name"),
            key: text(r, "key"),
            optional: optional(r),
        }
    } else if let Some(r) = from.get("fieldRef") {
        EnvValue::Other {
            description: format!("fieldRef {}", text(r, "fieldPath")),
        }
    } else if let Some(r) = from.get("resourceFieldRef") {
        EnvValue::Other {
            description: format!("resourceFieldRef {}", text(r, "resource")),
        }
    } else {
        let what = from
            .entries()
            .first()
            .map_or_else(|| "valueFrom".to_owned(), |(k, _)| (*k).to_owned());
        EnvValue::Other { description: what }
    }
}

fn read_items(source: &Node<'_>) -> Option<Vec<KeyToPath>> {
    let items: Vec<KeyToPath> = source
        .get("items")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .map(|item| KeyToPath {
            key: scalar_string(item.get("key")).unwrap_or_default(),
            path: scalar_string(item.get("path")).unwrap_or_default(),
        })
        .collect();
    // An empty `items` list is the same as none (the API omits it): every key is projected.
    (!items.is_empty()).then_some(items)
}

/// The Secret volumes mounted into `container`: `secret` volumes, and the `secret` sources of
/// `projected` volumes (one [`SecretMount`] per source, sharing the mount path).
fn read_mounts(container: &Node<'_>, volumes: &[Node<'_>]) -> Vec<SecretMount> {
    let mut out = Vec::new();
    // Volumes by name (a later duplicate wins), so that many mounts and volumes stay linear.
    let by_name: HashMap<&str, &Node<'_>> = volumes
        .iter()
        .filter_map(|v| v.get("name").and_then(Node::scalar).map(|n| (n, v)))
        .collect();
    let mounts = container
        .get("volumeMounts")
        .map(Node::items)
        .unwrap_or_default();
    for mount in mounts {
        let Some(volume_name) = mount.get("name").and_then(Node::scalar) else {
            continue;
        };
        let Some(volume) = by_name.get(volume_name) else {
            continue;
        };
        let mount_path = scalar_string(mount.get("mountPath")).unwrap_or_default();
        let sub_path = scalar_string(mount.get("subPath")).filter(|s| !s.is_empty());
        let make = |secret: String, source: &Node<'_>| SecretMount {
            volume: volume_name.to_owned(),
            mount_path: mount_path.clone(),
            sub_path: sub_path.clone(),
            secret,
            items: read_items(source),
            optional: optional(source),
        };
        if let Some(secret) = volume.get("secret").filter(|s| s.is_mapping()) {
            let name = scalar_string(secret.get("secretName")).unwrap_or_default();
            out.push(make(name, secret));
        } else if let Some(projected) = volume.get("projected") {
            let sources = projected
                .get("sources")
                .map(Node::items)
                .unwrap_or_default();
            for source in sources {
                if let Some(secret) = source.get("secret").filter(|s| s.is_mapping()) {
                    let name = scalar_string(secret.get("name")).unwrap_or_default();
                    out.push(make(name, secret));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
