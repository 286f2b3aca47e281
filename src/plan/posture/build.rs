//! [`changes`]: a posture and today's installation → the [`Change`]s a plan orders, for the
//! installation's Argo CD version. One change per Secret or cert-manager object, per group of
//! `argocd-cmd-params-cm` keys one component reads, and per workload whose pod template changes
//! (every feature's edits of one workload are merged, since a workload is replaced whole).
//! `after` is set only where an object needs another (a Certificate its Issuer, a workload a
//! Secret it mounts without `optional`); the safe order is the planner's search. A rotation's
//! changes are in `rotate`, the way in's (an Ingress's annotations) in `edge`, the endpoints'
//! certificates (Secrets, cert-manager objects, the CA issuer chain) in `certificates`.
//!
//! Where the keys come from: the engine's settings table (which key a component binds, since
//! which version) and `verify_with_ca` (which clients verify with a CA, with which key, reading
//! which mounted file) — reference §6.2–§6.5, §7, §10.

use std::collections::{BTreeMap, BTreeSet};

mod args;
mod certificates;
mod clients;
mod edge;
mod reverse;
mod rotate;

pub use rotate::{rotation_info, rotation_start};

#[cfg(test)]
pub(super) use args::{remove_flag, set_flag};

use super::issue::{Issuance, LEAF_DAYS, ca_request, leaf_request, stand_in_ca};
use super::objects::{config_map_patch, workload_patch};
use super::{
    CertificateSource, KeyType, Posture, PostureError, PostureOptions, Reset, RotationPolicy,
};
use crate::argo::ArgoVersion;
use crate::generate::{ExtKeyUsage, GenerateRequest, IssuerPem};
use crate::model::{Component, Installation, Workload};
use crate::plan::change::{Change, Edit, KubeObject};
use crate::report::Report;
use crate::resolve::verify_with_ca::CMD_PARAMS_CM;
use crate::resolve::{Options, resolve};

const REPO_TLS: &str = "argocd-repo-server-tls";
const DEX_TLS: &str = "argocd-dex-server-tls";
const SERVER_TLS: &str = "argocd-server-tls";
const REDIS_TLS: &str = "argocd-redis-tls";
const MTLS: &str = "argocd-repo-server-mtls";
/// Where the Redis clients and Redis itself mount `argocd-redis-tls`.
const REDIS_TLS_DIR: &str = "/app/config/redis/tls";
/// The port Redis serves TLS on, beside plaintext on 6379 until every client dials TLS.
const REDIS_TLS_PORT: u16 = 6380;
/// The components that read Redis (reference §9).
const REDIS_CLIENTS: [Component; 3] = [
    Component::Server,
    Component::RepoServer,
    Component::ApplicationController,
];

/// The host of a Redis address (`host:port`).
fn redis_host(address: &str) -> &str {
    address.rsplit_once(':').map_or(address, |(h, _)| h)
}
/// The client certificate's common name (mTLS).
const MTLS_CLIENT_CN: &str = "argocd-repo-server-client";
/// The CA chain `createCaIssuer` makes.
const SELF_SIGNED_ISSUER: &str = "argocd-selfsigned";
const CA_CERTIFICATE: &str = "argocd-ca";
const CA_ISSUER: &str = "argocd-ca-issuer";

/// An endpoint whose certificate a posture sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Endpoint {
    RepoServer,
    Dex,
    Server,
    Redis,
    Mtls,
}

impl Endpoint {
    const ALL: [Self; 5] = [
        Self::RepoServer,
        Self::Dex,
        Self::Server,
        Self::Redis,
        Self::Mtls,
    ];

    fn secret(self) -> &'static str {
        match self {
            Self::RepoServer => REPO_TLS,
            Self::Dex => DEX_TLS,
            Self::Server => SERVER_TLS,
            Self::Redis => REDIS_TLS,
            Self::Mtls => MTLS,
        }
    }

    fn source(self, p: &Posture) -> Option<&CertificateSource> {
        match self {
            Self::RepoServer => p.repo_server.as_ref().map(|r| &r.certificate),
            Self::Dex => p.dex.as_ref().map(|d| &d.certificate),
            Self::Server => p.server.as_ref().map(|s| &s.certificate),
            Self::Redis => p.redis.as_ref().map(|r| &r.certificate),
            Self::Mtls => p.mtls.as_ref().map(|m| &m.certificate),
        }
    }

    fn usage(self) -> (ExtKeyUsage, &'static str) {
        match self {
            Self::Mtls => (ExtKeyUsage::ClientAuth, "client auth"),
            _ => (ExtKeyUsage::ServerAuth, "server auth"),
        }
    }
}

/// Everything the builders read.
struct Ctx<'a> {
    install: &'a Installation,
    posture: &'a Posture,
    options: &'a PostureOptions,
    report: Report,
    version: ArgoVersion,
    ns: String,
    /// The posture's bytes: the stand-ins' seed.
    seed: Vec<u8>,
    key: KeyType,
    rotation: RotationPolicy,
}

impl<'a> Ctx<'a> {
    fn new(
        install: &'a Installation,
        posture: &'a Posture,
        options: &'a PostureOptions,
    ) -> Result<Self, PostureError> {
        let report = resolve(
            install,
            &Options {
                now: options.now,
                argocd_version: options.argocd_version.clone(),
                namespace: options.namespace.clone(),
            },
        )
        .map_err(|e| unsupported(format!("{e:?}")))?;
        let version = ArgoVersion::parse(&report.argocd_version)
            .ok_or_else(|| unsupported(format!("version {}", report.argocd_version)))?;
        let others = Posture {
            reset: None,
            ..posture.clone()
        };
        if posture.reset.is_some() && others != Posture::default() {
            return Err(unsupported(
                "`reset` cannot be combined with other parts of a posture".into(),
            ));
        }
        let others = Posture {
            rotate: None,
            private_key: None,
            ..posture.clone()
        };
        if posture.rotate.is_some() && others != Posture::default() {
            return Err(unsupported(
                "`rotate` cannot be combined with other parts of a posture (but `privateKey`)"
                    .into(),
            ));
        }
        let policy = posture
            .private_key
            .clone()
            .unwrap_or(super::PrivateKeyPolicy {
                algorithm: KeyType::default(),
                rotation_policy: RotationPolicy::default(),
            });
        Ok(Self {
            ns: report.namespace.clone(),
            install,
            posture,
            options,
            version,
            report,
            seed: serde_json::to_vec(posture).unwrap_or_default(),
            key: policy.algorithm,
            rotation: policy.rotation_policy,
        })
    }

    fn now(&self) -> i64 {
        self.options.now.as_secs()
    }

    fn present(&self, c: Component) -> bool {
        self.install.workload(c).is_some()
    }

    fn is_ha(&self) -> bool {
        self.install
            .workload(Component::Redis)
            .is_some_and(|w| w.name.contains("haproxy"))
    }

    /// The DNS names and IP addresses a certificate of `ep` must carry: the Service names and
    /// every host its clients dial (argocd-server: argocd-cm `url`'s host and the posture's
    /// hosts too).
    fn names(&self, ep: Endpoint) -> (Vec<String>, Vec<String>) {
        let mut names = Vec::new();
        let server = match ep {
            Endpoint::RepoServer => Some(Component::RepoServer),
            Endpoint::Dex => Some(Component::DexServer),
            Endpoint::Redis => Some(Component::Redis),
            Endpoint::Server => {
                names.extend(self.install.external_host());
                if let Some(s) = &self.posture.server {
                    names.extend(s.hosts.iter().map(|h| h.to_ascii_lowercase()));
                }
                match self.posture.edge.as_ref().map(|e| e.termination) {
                    Some(super::EdgeTermination::Passthrough) => {
                        for i in &self.install.edge.ingresses {
                            names.extend(i.hosts.iter().map(|h| h.to_ascii_lowercase()));
                        }
                    }
                    Some(super::EdgeTermination::Reencrypt) => {
                        names.push(edge::reencrypt_hostname(self.posture, &self.ns));
                    }
                    _ => {}
                }
                names.extend(Component::Server.service_names(&self.ns));
                None
            }
            Endpoint::Mtls => None,
        };
        if let Some(server) = server {
            names.extend(server.service_names(&self.ns));
            for c in &self.report.connections {
                if c.server == server.name() {
                    names.push(host_of(&c.address));
                }
            }
        }
        let mut seen = BTreeSet::new();
        names.retain(|n| !n.is_empty() && seen.insert(n.clone()));
        names
            .into_iter()
            .partition(|n| n.parse::<std::net::IpAddr>().is_err())
    }

    fn leaf(&self, ep: Endpoint) -> crate::generate::CertificateRequest {
        let (dns, ips) = self.names(ep);
        let mut r = leaf_request(
            &dns,
            &[ep.usage().0],
            self.key.algorithm(),
            self.now(),
            LEAF_DAYS,
        );
        r.ip_addresses = ips;
        if ep == Endpoint::Mtls {
            r.common_name = Some(MTLS_CLIENT_CN.into());
        }
        r
    }
}

fn unsupported(message: String) -> PostureError {
    PostureError::Unsupported { message }
}

/// The host part of a client's address (`https://h:5556`, `h:8081`, `[::1]:8081`).
pub(super) fn host_of(address: &str) -> String {
    let rest = address.split_once("://").map_or(address, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or_default();
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) => h,
            _ => authority,
        }
    };
    host.to_ascii_lowercase()
}

/// The certificates `posture` needs issued outside the core: a CA and a leaf for every
/// `generate` endpoint, a leaf signed by the operator's CA key for every `myCa` endpoint that
/// gives `caKeyPem` but no leaf. Pass them back in [`PostureOptions::issued`].
///
/// # Errors
/// As [`changes`].
pub fn issuance_requests(
    current: &Installation,
    posture: &Posture,
    options: &PostureOptions,
) -> Result<Vec<Issuance>, PostureError> {
    let ctx = Ctx::new(current, posture, options)?;
    if let Some(r) = &posture.rotate {
        return rotate::issuance(&ctx, r);
    }
    let mut out = Vec::new();
    for ep in Endpoint::ALL {
        let request = match ep.source(posture) {
            Some(CertificateSource::Generate) => GenerateRequest {
                ca: Some(ca_request(
                    &format!("{} CA", ep.secret()),
                    ctx.key.algorithm(),
                    ctx.now(),
                )),
                issuer: None,
                leaves: vec![ctx.leaf(ep)],
            },
            Some(CertificateSource::MyCa {
                ca_cert_pem,
                ca_key_pem: Some(key),
                cert_pem: None,
                ..
            }) => GenerateRequest {
                ca: None,
                issuer: Some(IssuerPem {
                    cert_pem: ca_cert_pem.clone(),
                    key_pem: key.clone(),
                }),
                leaves: vec![ctx.leaf(ep)],
            },
            _ => continue,
        };
        out.push(Issuance {
            id: ep.secret().to_string(),
            request,
        });
    }
    Ok(out)
}

/// The changes that take `current` to `posture`, for its Argo CD version.
///
/// # Errors
/// A posture this version or install cannot have ([`PostureError::Unsupported`]), a PEM that
/// does not load ([`PostureError::BadPem`]), a certificate to be issued here that is not in
/// `options.issued` ([`PostureError::NotIssued`]).
pub fn changes(
    current: &Installation,
    posture: &Posture,
    options: &PostureOptions,
) -> Result<Vec<Change>, PostureError> {
    let ctx = Ctx::new(current, posture, options)?;
    let mut b = Builder {
        ctx: &ctx,
        out: Vec::new(),
        workloads: BTreeMap::new(),
        ca_chain: false,
        stand_in_cas: BTreeMap::new(),
    };
    match &posture.reset {
        Some(Reset::Defaults) => b.defaults(),
        Some(Reset::NoTls {
            mesh,
            server_insecure,
        }) => b.no_tls(*mesh, *server_insecure)?,
        None => match &posture.rotate {
            Some(r) => b.rotate(r)?,
            None => b.forward()?,
        },
    }
    b.finish_workloads();
    match &posture.reset {
        None if posture.redis.is_some() => b.redis_plaintext_off(),
        Some(Reset::Defaults) => b.redis_tls_off(),
        _ => {}
    }
    Ok(b.out)
}

struct Builder<'c, 'a> {
    ctx: &'c Ctx<'a>,
    out: Vec<Change>,
    /// Workloads changed so far (the original, the new one, why, changes it needs first).
    workloads: BTreeMap<Component, WorkloadEdit>,
    ca_chain: bool,
    /// Stand-in CAs made so far, by label: the same CA (cert-manager's `argocd-ca` serves every
    /// endpoint with `createCaIssuer`) is signed once, not once per endpoint.
    stand_in_cas: BTreeMap<String, IssuerPem>,
}

struct WorkloadEdit {
    old: Workload,
    new: Workload,
    why: Vec<String>,
    after: Vec<String>,
    pod_labels: BTreeSet<String>,
}

impl Builder<'_, '_> {
    /// [`stand_in_ca`] for this posture, made once per label.
    fn stand_in_ca(&mut self, label: &str, common_name: &str) -> Result<IssuerPem, PostureError> {
        if let Some(ca) = self.stand_in_cas.get(label) {
            return Ok(ca.clone());
        }
        let ca = stand_in_ca(
            label,
            &self.ctx.seed,
            common_name,
            self.ctx.key.algorithm(),
            self.ctx.now(),
        )?;
        self.stand_in_cas.insert(label.to_string(), ca.clone());
        Ok(ca)
    }

    fn ns(&self) -> &str {
        &self.ctx.ns
    }

    fn push(&mut self, id: String, title: String, edits: Vec<Edit>, objects: Vec<KubeObject>) {
        self.out.push(Change {
            id,
            title,
            edits,
            objects,
            after: Vec::new(),
            waits: Vec::new(),
        });
    }

    /// The workload of `c` as edited so far (`None`: not present).
    fn workload(&mut self, c: Component, why: &str) -> Option<&mut WorkloadEdit> {
        let w = self.ctx.install.workload(c)?;
        let e = self.workloads.entry(c).or_insert_with(|| WorkloadEdit {
            old: w.clone(),
            new: w.clone(),
            why: Vec::new(),
            after: Vec::new(),
            pod_labels: BTreeSet::new(),
        });
        if !e.why.iter().any(|x| x == why) {
            e.why.push(why.to_string());
        }
        Some(e)
    }

    fn finish_workloads(&mut self) {
        let ns = self.ctx.ns.clone();
        for (_, e) in std::mem::take(&mut self.workloads) {
            if e.old == e.new {
                continue;
            }
            let kind = if e.new.kind.is_empty() {
                "deployment".to_string()
            } else {
                e.new.kind.to_ascii_lowercase()
            };
            self.out.push(Change {
                id: format!("workload/{}", e.new.name),
                title: format!("Patch {} {}: {}", e.new.kind, e.new.name, e.why.join("; ")),
                objects: vec![workload_patch(&e.old, &e.new, &ns, &e.pod_labels)],
                waits: vec![format!(
                    "kubectl -n {ns} rollout status {kind}/{} --timeout=5m",
                    e.new.name
                )],
                edits: vec![Edit::PutWorkload(e.new)],
                after: e.after,
            });
        }
    }

    /// A group of `argocd-cmd-params-cm` keys (`None` removes one) as one change.
    fn keys(&mut self, id: String, title: String, keys: BTreeMap<String, Option<String>>) {
        if keys.is_empty() {
            return;
        }
        let cm = self.ctx.install.config_map(CMD_PARAMS_CM);
        let keys: BTreeMap<String, Option<String>> = keys
            .into_iter()
            .filter(|(k, v)| cm.and_then(|c| c.data.get(k)) != v.as_ref())
            .collect();
        if keys.is_empty() {
            return;
        }
        let edits = keys
            .iter()
            .map(|(k, v)| Edit::SetConfigMapKey {
                config_map: CMD_PARAMS_CM.to_string(),
                key: k.clone(),
                value: v.clone(),
            })
            .collect();
        let object = config_map_patch(CMD_PARAMS_CM, self.ns(), &keys);
        self.push(id, title, edits, vec![object]);
    }

    // ----------------------------------------------------------------------------- forward

    fn forward(&mut self) -> Result<(), PostureError> {
        let p = self.ctx.posture;
        if p.mtls.is_some() && !self.ctx.version.v3_5() {
            return Err(unsupported(format!(
                "mTLS to the repo-server needs Argo CD 3.5 or later (this is {})",
                self.ctx.version
            )));
        }
        if p.redis.is_some() && self.ctx.is_ha() {
            return Err(unsupported(
                "Redis TLS on the HA install (HAProxy and Sentinel in front of Redis) is not planned"
                    .into(),
            ));
        }
        if p.dex.is_some() && !self.ctx.version.dex_tls() {
            return Err(unsupported(format!(
                "Dex serves TLS only from Argo CD 2.5 (this is {})",
                self.ctx.version
            )));
        }
        for ep in Endpoint::ALL {
            if let Some(source) = ep.source(p) {
                self.certificate(ep, source)?;
            }
        }
        if let Some(r) = &p.repo_server {
            self.verify_repo_server(r.verify.as_deref());
        }
        if p.dex.as_ref().is_some_and(|d| d.verify) {
            self.verify_dex();
        }
        if p.redis.is_some() {
            self.redis_tls();
        }
        if let Some(m) = &p.mtls {
            let cert_manager = matches!(m.certificate, CertificateSource::CertManager { .. });
            self.mtls_mounts(cert_manager)?;
        }
        if let Some(policy) = &p.tls_policy {
            self.tls_policy(policy)?;
        }
        if let Some(edge) = &p.edge {
            self.edge(edge)?;
        }
        Ok(())
    }
}
