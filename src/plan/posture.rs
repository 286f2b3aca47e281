//! The target posture: a small typed document (JSON or YAML) saying what the operator wants, not
//! how — where each endpoint's certificate comes from, which clients verify the repo-server and
//! Dex, the argocd-server certificate's names, a TLS policy, mTLS to the repo-server, Redis TLS,
//! where TLS from outside ends (the way in: TLS at the Ingress, passed through to argocd-server,
//! or re-encrypted by a Gateway with a BackendTLSPolicy), or one of the reverse directions (back
//! to the upstream defaults, TLS off behind a mesh), or a rotation of the certificates in place
//! (a leaf, a CA with overlap, a compromised CA, Dex's pinned leaf) — and [`changes`], which
//! turns a posture and today's installation into the [`Change`]s a plan orders.
//!
//! The core stays pure: certificates made "here" (`generate`, or leaves signed by the user's CA
//! key) come in as PEM through [`PostureOptions::issued`], for the requests [`issuance_requests`]
//! lists (the CLI fills them with OS randomness through the generate API). Certificates that
//! cert-manager will make are simulated with *stand-ins*: deterministic certificates with the
//! `Certificate`'s names and usages, signed by a stand-in of the issuing CA ([`issue`]); their
//! private keys are only in the model's Secrets ([`Edit`](super::change::Edit)), never in an
//! object.
//!
//! Modules:
//! - `read`: reading a posture from JSON or YAML (YAML through the manifest reader's tree);
//! - `issue`: what to issue, issuing deterministic stand-ins;
//! - `objects`: the Kubernetes objects (Secrets, cert-manager objects, patches);
//! - `build`: [`changes`] itself (`build/certificates.rs`: the endpoints' certificates;
//!   `build/rotate.rs`: rotations, [`rotation_start`], [`rotation_info`]; `build/edge.rs`: the
//!   way in);
//! - `bundle`: YAML documents and a kustomize overlay of a list of objects.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

mod build;
mod bundle;
mod issue;
mod objects;
mod read;
#[cfg(test)]
mod tests;

pub use build::{changes, issuance_requests, rotation_info, rotation_start};
pub use bundle::{bundle, kustomize_overlay, yaml_documents};
pub use issue::{Issuance, stand_in_issued};
pub use read::read_posture;

use crate::generate::KeyAlgorithm;
use crate::time::UnixTime;

/// What the operator wants. Every part is optional; a part that is absent is left as it is.
/// `reset` cannot be combined with the other parts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Posture {
    /// The repo-server's certificate (`argocd-repo-server-tls`) and which clients verify it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo_server: Option<RepoServerPosture>,
    /// Dex's certificate (`argocd-dex-server-tls`) and whether argocd-server verifies it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dex: Option<DexPosture>,
    /// argocd-server's certificate (`argocd-server-tls`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<ServerPosture>,
    /// Redis over TLS (`argocd-redis-tls`), verified by its clients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redis: Option<RedisPosture>,
    /// TLS versions and cipher suites of argocd-server and the repo-server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_policy: Option<TlsPolicy>,
    /// Mutual TLS to the repo-server (Argo CD 3.5+): client certificates for its clients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtls: Option<MtlsPosture>,
    /// The way in: where TLS from outside ends (the Ingresses or Gateway API routes in front of
    /// argocd-server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edge: Option<EdgePosture>,
    /// The private keys of the certificates cert-manager or this planner makes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<PrivateKeyPolicy>,
    /// Back to the upstream install, or TLS off behind a service mesh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset: Option<Reset>,
    /// Rotate certificates in place today (a leaf, its CA, a compromised key, Dex's pinned leaf).
    /// Cannot be combined with the other parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotate: Option<Rotation>,
}

/// A rotation of certificates in place today. The changes it makes are the certificates' new
/// contents, key by key (`ca.crt` apart from `tls.crt`/`tls.key`); the order and the restarts
/// are the planner's search, like any plan's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct Rotation {
    /// What rotates.
    pub kind: RotationKind,
    /// The endpoints whose certificates rotate. Absent or empty: the repo-server (`leaf`, `ca`,
    /// `compromised`), Dex (`dexLeaf`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<RotatedEndpoint>,
    /// Where the new certificates come from: `myCa` (for `leaf`/`dexLeaf` the CA in today's
    /// `ca.crt` with its key, or the new leaf itself; for `ca`/`compromised` the new CA),
    /// `certManager` (a renewal, `cmctl renew`), `generate` (a new CA and leaf made here; not
    /// for a leaf under today's CA). Absent: `certManager` when a cert-manager `Certificate`
    /// writes the Secret, else `generate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateSource>,
    /// How many days before the effective expiry the rotation must be done (`rotation.renewBy`).
    /// Default: 30.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub margin_days: Option<u32>,
}

/// What a rotation replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum RotationKind {
    /// A new leaf (and key) under today's CA; the trust stays.
    Leaf,
    /// A new CA with overlap: clients trust both before any server serves a leaf of the new
    /// CA, the old CA is removed once nothing serves it.
    Ca,
    /// The old CA or key is compromised: no overlap (the old CA is never trusted beside the
    /// new one); the plan says what breaks for how long and keeps that window shortest.
    Compromised,
    /// Dex's leaf under the same CA, which argocd-server pins byte for byte at start (§7).
    DexLeaf,
}

/// An endpoint whose certificate a rotation replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum RotatedEndpoint {
    /// `argocd-repo-server-tls`.
    RepoServer,
    /// `argocd-dex-server-tls`.
    Dex,
    /// `argocd-server-tls`.
    Server,
    /// `argocd-redis-tls`.
    Redis,
}

/// What a rotation plan adds to the plan: what rotates, and by when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct RotationInfo {
    /// What rotates.
    pub kind: RotationKind,
    /// The Secrets whose certificates are replaced.
    pub secrets: Vec<String>,
    /// Where the new certificates come from, in words.
    pub source: String,
    /// The earliest `notAfter` of the certificates in those Secrets that a component reads
    /// today (RFC 3339): what the pods serve or trust expires then unless rotated.
    pub expires: Option<String>,
    /// `expires` minus the margin: the latest day to finish the rotation.
    pub renew_by: Option<String>,
    /// The margin (days).
    pub margin_days: u32,
    /// What the plan cannot do or assumes (stand-ins for cert-manager, no overlap possible).
    pub notes: Vec<String>,
}

/// Where a certificate comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum CertificateSource {
    /// The operator's own CA: its certificate, and either its key (the leaf is issued here) or
    /// the leaf certificate and key themselves.
    #[serde(rename_all = "camelCase")]
    MyCa {
        /// The CA certificate (PEM); it becomes the Secret's `ca.crt`, what clients trust.
        ca_cert_pem: String,
        /// The CA's private key (PEM): the leaf is issued here, signed by it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ca_key_pem: Option<String>,
        /// The leaf certificate (PEM, chain allowed), when it was issued elsewhere.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cert_pem: Option<String>,
        /// The leaf's private key (PEM), with `certPem`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key_pem: Option<String>,
    },
    /// cert-manager (`cert-manager.io/v1`): an existing Issuer or ClusterIssuer, or a CA issuer
    /// chain the plan creates (self-signed bootstrap Issuer → CA Certificate → CA Issuer).
    #[serde(rename_all = "camelCase")]
    CertManager {
        /// An existing issuer.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        issuer: Option<IssuerRef>,
        /// Create the CA issuer chain (`argocd-selfsigned` → `argocd-ca` → `argocd-ca-issuer`).
        #[serde(default)]
        create_ca_issuer: bool,
    },
    /// Generated by this planner (a CA and the leaf, made by the CLI or the page).
    Generate,
}

/// An existing cert-manager issuer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct IssuerRef {
    /// `metadata.name`.
    pub name: String,
    /// `Issuer` (in Argo CD's namespace) or `ClusterIssuer`.
    #[serde(default)]
    pub kind: IssuerKind,
}

/// The kind of a cert-manager issuer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum IssuerKind {
    /// A namespaced `Issuer`.
    #[default]
    Issuer,
    /// A `ClusterIssuer`.
    ClusterIssuer,
}

impl IssuerKind {
    /// The Kubernetes kind.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Issuer => "Issuer",
            Self::ClusterIssuer => "ClusterIssuer",
        }
    }
}

/// A client of the repo-server (reference §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum RepoClient {
    /// argocd-server.
    #[serde(rename = "argocd-server")]
    Server,
    /// The application controller.
    #[serde(rename = "argocd-application-controller")]
    ApplicationController,
    /// The ApplicationSet controller.
    #[serde(rename = "argocd-applicationset-controller")]
    ApplicationSetController,
    /// The notifications controller.
    #[serde(rename = "argocd-notifications-controller")]
    NotificationsController,
}

impl RepoClient {
    /// Every client, in the reference's order.
    pub(crate) const ALL: [Self; 4] = [
        Self::Server,
        Self::ApplicationController,
        Self::ApplicationSetController,
        Self::NotificationsController,
    ];

    pub(crate) fn component(self) -> crate::model::Component {
        use crate::model::Component;
        match self {
            Self::Server => Component::Server,
            Self::ApplicationController => Component::ApplicationController,
            Self::ApplicationSetController => Component::ApplicationSetController,
            Self::NotificationsController => Component::NotificationsController,
        }
    }
}

/// The repo-server's certificate and its verification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct RepoServerPosture {
    /// Where `argocd-repo-server-tls` comes from.
    pub certificate: CertificateSource,
    /// The clients that verify it (3.5+: with `*.repo.server.ca.cert.path`; before: the strict
    /// flag and the mounted trust files). Absent: every client present; empty: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify: Option<Vec<RepoClient>>,
}

/// Dex's certificate and its verification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct DexPosture {
    /// Where `argocd-dex-server-tls` comes from.
    pub certificate: CertificateSource,
    /// argocd-server verifies Dex (`server.dex.server.strict.tls`: `ca.crt` and a pin of
    /// `tls.crt`). Default: true.
    #[serde(default = "yes")]
    pub verify: bool,
}

/// argocd-server's certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct ServerPosture {
    /// Where `argocd-server-tls` comes from.
    pub certificate: CertificateSource,
    /// Names beside argocd-cm `url`'s host and the Service names (e.g. the Ingress host).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// Label the Secret `app.kubernetes.io/part-of: argocd` (3.5+ hot-reloads only labelled
    /// Secrets). Default: true.
    #[serde(default = "yes")]
    pub hot_reload_label: bool,
}

/// Redis over TLS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct RedisPosture {
    /// Where `argocd-redis-tls` comes from; its `ca.crt` is what the clients verify against.
    pub certificate: CertificateSource,
}

/// mTLS to the repo-server (3.5+): a client CA the repo-server requires, and the client
/// certificate (clientAuth) every client presents, in `argocd-repo-server-mtls`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct MtlsPosture {
    /// Where the client certificate and its CA come from.
    pub certificate: CertificateSource,
}

/// A TLS policy for argocd-server and the repo-server (the only components with TLS flags,
/// reference §1.6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct TlsPolicy {
    /// A Mozilla profile: `intermediate` (TLS 1.2–1.3, ECDHE AEAD suites) or `modern` (TLS 1.3
    /// only). Absent: only the explicit fields below.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<MozillaProfile>,
    /// `1.2` or `1.3` (overrides the profile's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_version: Option<String>,
    /// `1.2` or `1.3` (overrides the profile's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_version: Option<String>,
    /// TLS 1.2 suites by Go name (overrides the profile's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ciphers: Option<Vec<String>>,
}

/// The way in (issue 15): where the TLS of browsers and the `argocd` CLI ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct EdgePosture {
    /// Where TLS ends.
    pub termination: EdgeTermination,
    /// `reencrypt`: the name the Gateway sends as SNI and checks argocd-server's certificate for
    /// (the BackendTLSPolicy's `validation.hostname`; argocd-server's certificate gains it).
    /// Default: `argocd-server.<namespace>.svc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
}

/// Where the TLS from outside ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum EdgeTermination {
    /// At the Ingress (ingress-nginx): it speaks plain HTTP and h2c gRPC to argocd-server, which
    /// serves plaintext (`server.insecure: "true"`): `backend-protocol` `HTTPS` becomes `HTTP`,
    /// `GRPCS` becomes `GRPC`, and `ssl-passthrough` is removed.
    AtIngress,
    /// At argocd-server: ingress-nginx passes the TLS connection through (`ssl-passthrough`,
    /// `backend-protocol: HTTPS`, the controller's `--enable-ssl-passthrough` assumed), and
    /// argocd-server serves TLS (`server.insecure` removed) with a certificate carrying the
    /// Ingresses' hosts: combine with `server.certificate` (e.g. cert-manager), which adds them.
    Passthrough,
    /// At the Gateway and again at argocd-server (Gateway API): a `BackendTLSPolicy`
    /// (`gateway.networking.k8s.io/v1`) on the argocd-server Service makes the Gateway speak TLS
    /// to it and verify its certificate against the CA in ConfigMap `argocd-server-ca`
    /// (`ca.crt`) for `hostname`; argocd-server serves TLS (`server.insecure` removed) with a
    /// certificate carrying `hostname`. Needs `server.certificate` (its CA is the one
    /// verified) and an `HTTPRoute` or `GRPCRoute` to argocd-server; the routes and the Gateway
    /// are not edited (the policy attaches to the Service).
    Reencrypt,
}

/// A Mozilla Server Side TLS profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum MozillaProfile {
    /// TLS 1.2 and 1.3, ECDHE with AES-GCM or ChaCha20-Poly1305.
    Intermediate,
    /// TLS 1.3 only.
    Modern,
}

/// Private-key settings of the certificates made by cert-manager or here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct PrivateKeyPolicy {
    /// The key type. Default: RSA 2048 (Argo CD's default `--tlsciphers` serves only
    /// ECDHE_RSA suites to TLS 1.2 clients).
    #[serde(default)]
    pub algorithm: KeyType,
    /// cert-manager's `rotationPolicy`: `Always` (a new key at each renewal) or `Never`.
    /// Default: `Always`.
    #[serde(default)]
    pub rotation_policy: RotationPolicy,
}

/// A key type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum KeyType {
    /// RSA 2048.
    #[default]
    Rsa2048,
    /// ECDSA P-256.
    EcdsaP256,
    /// ECDSA P-384.
    EcdsaP384,
}

impl KeyType {
    /// cert-manager's `privateKey.algorithm` and `size`.
    pub(crate) fn cert_manager(self) -> (&'static str, u32) {
        match self {
            Self::Rsa2048 => ("RSA", 2048),
            Self::EcdsaP256 => ("ECDSA", 256),
            Self::EcdsaP384 => ("ECDSA", 384),
        }
    }

    /// The generate module's algorithm.
    pub(crate) fn algorithm(self) -> KeyAlgorithm {
        match self {
            Self::Rsa2048 => KeyAlgorithm::Rsa2048,
            Self::EcdsaP256 => KeyAlgorithm::EcdsaP256,
            Self::EcdsaP384 => KeyAlgorithm::EcdsaP384,
        }
    }
}

/// cert-manager's `privateKey.rotationPolicy`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum RotationPolicy {
    /// A new key at every issuance.
    #[default]
    Always,
    /// Keep the key.
    Never,
}

/// A reverse direction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum Reset {
    /// Back to the upstream install: the TLS keys, flags, mounts and Secrets the planner manages
    /// are removed (each component then serves its self-signed certificate, clients skip
    /// verification).
    Defaults,
    /// TLS off behind a service mesh (the docs' "Disabling TLS"): the repo-server and Dex serve
    /// plaintext and their clients dial plaintext; argocd-server serves plaintext
    /// (`server.insecure`) unless `serverInsecure` is false.
    #[serde(rename_all = "camelCase")]
    NoTls {
        /// Sidecar injection to add to the pod templates (absent: the mesh is already there).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mesh: Option<Mesh>,
        /// argocd-server serves plaintext too (`server.insecure: "true"`). Default: true.
        #[serde(default = "yes")]
        server_insecure: bool,
    },
}

/// A service mesh whose sidecar injection the plan adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub enum Mesh {
    /// Istio: pod label `sidecar.istio.io/inject: "true"`.
    Istio,
    /// Linkerd: pod annotation `linkerd.io/inject: enabled`.
    Linkerd,
}

const fn yes() -> bool {
    true
}

/// Certificates made outside the core for [`issuance_requests`] (OS randomness in the CLI,
/// WebCrypto in the page), as PEM. `Debug` never shows the key.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
pub struct IssuedPem {
    /// The issuing CA's certificate (`ca.crt`).
    pub ca_cert_pem: String,
    /// The leaf and its chain (`tls.crt`).
    pub cert_pem: String,
    /// The leaf's key (`tls.key`).
    pub key_pem: String,
}

impl core::fmt::Debug for IssuedPem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("IssuedPem")
            .field("cert_pem", &format_args!("<{} bytes>", self.cert_pem.len()))
            .field("key_pem", &"<redacted>")
            .finish()
    }
}

/// What [`changes`] needs beside the installation and the posture.
#[derive(Clone, Debug)]
pub struct PostureOptions {
    /// The instant certificates start at (the core has no clock).
    pub now: UnixTime,
    /// The Argo CD version; default: from the image tag, else the newest modelled release.
    pub argocd_version: Option<String>,
    /// The namespace; default: from the manifests, else `argocd`.
    pub namespace: Option<String>,
    /// The certificates [`issuance_requests`] asked for, by [`Issuance::id`].
    pub issued: BTreeMap<String, IssuedPem>,
}

/// Why a posture cannot be planned. Never carries key material.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum PostureError {
    /// The posture document does not read (syntax, an unknown field, a wrong type).
    Read {
        /// What is wrong.
        message: String,
        /// 1-based line, when known.
        line: Option<u32>,
        /// 1-based column, when known.
        column: Option<u32>,
    },
    /// The posture asks for something this version or install cannot do.
    Unsupported {
        /// What, and why.
        message: String,
    },
    /// A PEM given in the posture is not usable.
    BadPem {
        /// Which endpoint's certificate.
        endpoint: String,
        /// What is wrong (Go's error text where Go reads it).
        message: String,
    },
    /// A certificate to be issued here was not passed in [`PostureOptions::issued`].
    NotIssued {
        /// The [`Issuance::id`].
        id: String,
    },
}

impl core::fmt::Display for PostureError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Read {
                message,
                line: Some(l),
                column: Some(c),
            } => write!(f, "posture, line {l} column {c}: {message}"),
            Self::Read { message, .. } => write!(f, "posture: {message}"),
            Self::Unsupported { message } => f.write_str(message),
            Self::BadPem { endpoint, message } => write!(f, "{endpoint} certificate: {message}"),
            Self::NotIssued { id } => write!(f, "the certificate `{id}` was not issued"),
        }
    }
}

impl std::error::Error for PostureError {}

/// The posture's JSON Schema (`pkg/posture.schema.json`), pretty-printed with a final newline.
#[cfg(not(target_arch = "wasm32"))]
pub fn posture_json_schema() -> String {
    let schema = schemars::schema_for!(Posture);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
