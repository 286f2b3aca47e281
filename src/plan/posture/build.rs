//! [`changes`]: a posture and today's installation → the [`Change`]s a plan orders, for the
//! installation's Argo CD version. One change per Secret or cert-manager object, per group of
//! `argocd-cmd-params-cm` keys one component reads, and per workload whose pod template changes
//! (every feature's edits of one workload are merged, since a workload is replaced whole).
//! `after` is set only where an object needs another (a Certificate its Issuer, a workload a
//! Secret it mounts without `optional`); the safe order is the planner's search.
//!
//! Where the keys come from: the engine's settings table (which key a component binds, since
//! which version) and `verify_with_ca` (which clients verify with a CA, with which key, reading
//! which mounted file) — reference §6.2–§6.5, §7, §10.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use super::issue::{
    CA_DAYS, CERT_MANAGER_DAYS, Issuance, LEAF_DAYS, ca_request, leaf_request, stand_in_ca,
    stand_in_set,
};
use super::objects::{
    CertificateSpec, certificate_object, config_map_patch, delete_object, issuer_object,
    issuer_ref, secret_object, workload_patch,
};
use super::{
    CertificateSource, IssuedPem, KeyType, Mesh, MozillaProfile, Posture, PostureError,
    PostureOptions, RepoClient, Reset, RotationPolicy, TlsPolicy,
};
use crate::argo::ArgoVersion;
use crate::generate::{ExtKeyUsage, GenerateRequest, IssuerPem};
use crate::model::{Component, Installation, KeyToPath, Secret, SecretMount, Workload};
use crate::plan::change::{Change, Edit, KubeObject};
use crate::report::Report;
use crate::resolve::settings::{Knob, SETTINGS};
use crate::resolve::verify_with_ca::{CMD_PARAMS_CM, bound_key, row, verify_with_ca_changes};
use crate::resolve::{Options, resolve};

const REPO_TLS: &str = "argocd-repo-server-tls";
const DEX_TLS: &str = "argocd-dex-server-tls";
const SERVER_TLS: &str = "argocd-server-tls";
const REDIS_TLS: &str = "argocd-redis-tls";
const MTLS: &str = "argocd-repo-server-mtls";
/// Where the Redis clients and Redis itself mount `argocd-redis-tls`.
const REDIS_TLS_DIR: &str = "/app/config/redis/tls";
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
fn host_of(address: &str) -> String {
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
    };
    match &posture.reset {
        Some(Reset::Defaults) => b.defaults(),
        Some(Reset::NoTls {
            mesh,
            server_insecure,
        }) => b.no_tls(*mesh, *server_insecure)?,
        None => b.forward()?,
    }
    b.finish_workloads();
    Ok(b.out)
}

struct Builder<'c, 'a> {
    ctx: &'c Ctx<'a>,
    out: Vec<Change>,
    /// Workloads changed so far (the original, the new one, why, changes it needs first).
    workloads: BTreeMap<Component, WorkloadEdit>,
    ca_chain: bool,
}

struct WorkloadEdit {
    old: Workload,
    new: Workload,
    why: Vec<String>,
    after: Vec<String>,
    pod_labels: BTreeSet<String>,
}

impl Builder<'_, '_> {
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
        Ok(())
    }

    /// The Secret of `ep` (or the cert-manager objects that make it).
    fn certificate(
        &mut self,
        ep: Endpoint,
        source: &CertificateSource,
    ) -> Result<(), PostureError> {
        let name = ep.secret();
        let labels = if ep == Endpoint::Server
            && self
                .ctx
                .posture
                .server
                .as_ref()
                .is_some_and(|s| s.hot_reload_label)
        {
            part_of_argocd()
        } else {
            BTreeMap::new()
        };
        let (ca, crt, key, how) = match source {
            CertificateSource::MyCa {
                ca_cert_pem,
                cert_pem: Some(cert),
                key_pem: Some(key),
                ..
            } => {
                crate::keys::keypair::check_key_pair(cert.as_bytes(), key.as_bytes()).map_err(
                    |e| PostureError::BadPem {
                        endpoint: name.into(),
                        message: e.message,
                    },
                )?;
                (
                    ca_cert_pem.clone(),
                    cert.clone(),
                    key.clone(),
                    "from your CA",
                )
            }
            CertificateSource::MyCa {
                ca_key_pem: None,
                cert_pem: None,
                ..
            } => {
                return Err(PostureError::BadPem {
                    endpoint: name.into(),
                    message: "myCa needs caKeyPem (the leaf is issued here) or certPem and keyPem"
                        .into(),
                });
            }
            CertificateSource::MyCa { .. } | CertificateSource::Generate => {
                let issued = self.issued(name)?;
                let how = if matches!(source, CertificateSource::Generate) {
                    "generated here"
                } else {
                    "issued here by your CA"
                };
                (
                    issued.ca_cert_pem.clone(),
                    issued.cert_pem.clone(),
                    issued.key_pem.clone(),
                    how,
                )
            }
            CertificateSource::CertManager {
                issuer,
                create_ca_issuer,
            } => return self.cert_manager(ep, issuer.as_ref(), *create_ca_issuer, labels),
        };
        if let CertificateSource::MyCa { ca_cert_pem, .. } = source
            && crate::x509::bundle::pool_from_pem(ca_cert_pem).is_empty()
        {
            return Err(PostureError::BadPem {
                endpoint: name.into(),
                message: "caCertPem holds no certificate".into(),
            });
        }
        let secret = tls_secret(name, &ca, &crt, &key, labels, ep);
        let object = secret_object(&secret, self.ns());
        self.push(
            format!("secret/{name}"),
            format!("Create Secret {name} ({how})"),
            vec![Edit::PutSecret(secret)],
            vec![object],
        );
        Ok(())
    }

    fn issued(&self, id: &str) -> Result<&IssuedPem, PostureError> {
        self.ctx
            .options
            .issued
            .get(id)
            .ok_or_else(|| PostureError::NotIssued { id: id.into() })
    }

    fn cert_manager(
        &mut self,
        ep: Endpoint,
        issuer: Option<&super::IssuerRef>,
        create_ca_issuer: bool,
        labels: BTreeMap<String, String>,
    ) -> Result<(), PostureError> {
        let now = self.ctx.now();
        let seed = self.ctx.seed.clone();
        let (issuer_name, issuer_kind, stand_in, whose) = if create_ca_issuer {
            self.ca_chain()?;
            let ca = stand_in_ca(
                CA_CERTIFICATE,
                &seed,
                CA_CERTIFICATE,
                self.ctx.key.algorithm(),
                now,
            )?;
            (CA_ISSUER.to_string(), "Issuer", ca, String::new())
        } else if let Some(i) = issuer {
            let label = format!("{} {}", i.kind.as_str(), i.name);
            let ca = stand_in_ca(
                &label,
                &seed,
                &format!("CA of {label}"),
                self.ctx.key.algorithm(),
                now,
            )?;
            (
                i.name.clone(),
                i.kind.as_str(),
                ca,
                format!(
                    "; ca.crt is the {label}'s CA (a stand-in in the simulation: the issuer must put its CA in ca.crt for clients to verify)"
                ),
            )
        } else {
            return Err(unsupported(format!(
                "{}: certManager needs `issuer` or `createCaIssuer: true`",
                ep.secret()
            )));
        };
        let name = ep.secret();
        let (dns, ips) = self.ctx.names(ep);
        let leaf_request = {
            let mut r = self.ctx.leaf(ep);
            r.not_after = now.saturating_add(CERT_MANAGER_DAYS * 24 * 3600);
            r
        };
        let (_, leaf) = stand_in_set(
            name,
            &seed,
            &GenerateRequest {
                ca: None,
                issuer: Some(stand_in.clone()),
                leaves: vec![leaf_request],
            },
        )?;
        // cert-manager's CA issuer: tls.crt is the leaf (a self-signed root is not appended),
        // ca.crt the CA.
        let secret = tls_secret(
            name,
            &stand_in.cert_pem,
            &leaf.cert_pem,
            &leaf.key_pem,
            labels.clone(),
            Endpoint::Server,
        );
        let cn = (ep == Endpoint::Mtls).then_some(MTLS_CLIENT_CN);
        let object = certificate_object(
            &CertificateSpec {
                name,
                common_name: cn,
                dns_names: &dns,
                ip_addresses: &ips,
                is_ca: false,
                ext_usages: &[ep.usage().1],
                issuer: issuer_ref(&issuer_name, issuer_kind),
                key: self.ctx.key,
                rotation: self.ctx.rotation,
                duration_hours: CERT_MANAGER_DAYS * 24,
                secret_labels: &labels,
            },
            self.ns(),
        );
        let ns = self.ns().to_string();
        self.out.push(Change {
            id: format!("certificate/{name}"),
            title: format!(
                "Request Certificate {name} from {issuer_kind} {issuer_name} (cert-manager writes Secret {name}{whose})"
            ),
            edits: vec![Edit::PutSecret(secret)],
            objects: vec![object],
            after: if create_ca_issuer {
                vec![format!("issuer/{CA_ISSUER}")]
            } else {
                Vec::new()
            },
            waits: vec![format!(
                "kubectl -n {ns} wait --for=condition=Ready certificate/{name} --timeout=5m"
            )],
        });
        Ok(())
    }

    /// The self-signed bootstrap Issuer → CA Certificate → CA Issuer chain, once.
    fn ca_chain(&mut self) -> Result<(), PostureError> {
        if self.ca_chain {
            return Ok(());
        }
        self.ca_chain = true;
        let ns = self.ns().to_string();
        let wait = |kind: &str, name: &str| {
            vec![format!(
                "kubectl -n {ns} wait --for=condition=Ready {kind}/{name} --timeout=5m"
            )]
        };
        self.out.push(Change {
            id: format!("issuer/{SELF_SIGNED_ISSUER}"),
            title: format!("Create the self-signed bootstrap Issuer {SELF_SIGNED_ISSUER}"),
            edits: Vec::new(),
            objects: vec![issuer_object(
                SELF_SIGNED_ISSUER,
                &ns,
                json!({"selfSigned": {}}),
            )],
            after: Vec::new(),
            waits: wait("issuer", SELF_SIGNED_ISSUER),
        });
        let ca = stand_in_ca(
            CA_CERTIFICATE,
            &self.ctx.seed,
            CA_CERTIFICATE,
            self.ctx.key.algorithm(),
            self.ctx.now(),
        )?;
        let mut secret = tls_secret(
            CA_CERTIFICATE,
            &ca.cert_pem,
            &ca.cert_pem,
            &ca.key_pem,
            BTreeMap::new(),
            Endpoint::Server,
        );
        secret.position = None;
        self.out.push(Change {
            id: format!("certificate/{CA_CERTIFICATE}"),
            title: format!(
                "Request the CA Certificate {CA_CERTIFICATE} from {SELF_SIGNED_ISSUER} (cert-manager writes Secret {CA_CERTIFICATE})"
            ),
            edits: vec![Edit::PutSecret(secret)],
            objects: vec![certificate_object(
                &CertificateSpec {
                    name: CA_CERTIFICATE,
                    common_name: Some(CA_CERTIFICATE),
                    dns_names: &[],
                    ip_addresses: &[],
                    is_ca: true,
                    ext_usages: &[],
                    issuer: issuer_ref(SELF_SIGNED_ISSUER, "Issuer"),
                    key: self.ctx.key,
                    rotation: self.ctx.rotation,
                    duration_hours: CA_DAYS * 24,
                    secret_labels: &BTreeMap::new(),
                },
                &ns,
            )],
            after: vec![format!("issuer/{SELF_SIGNED_ISSUER}")],
            waits: wait("certificate", CA_CERTIFICATE),
        });
        self.out.push(Change {
            id: format!("issuer/{CA_ISSUER}"),
            title: format!("Create the CA Issuer {CA_ISSUER} (signs with Secret {CA_CERTIFICATE})"),
            edits: Vec::new(),
            objects: vec![issuer_object(
                CA_ISSUER,
                &ns,
                json!({"ca": {"secretName": CA_CERTIFICATE}}),
            )],
            after: vec![format!("certificate/{CA_CERTIFICATE}")],
            waits: wait("issuer", CA_ISSUER),
        });
        Ok(())
    }

    /// The clients of `verify` (all present ones when `None`) verify the repo-server with the
    /// CA in its Secret's `ca.crt`: one change per client (each reads its keys at its own
    /// restart). A client without a key for it gets the flag in its args.
    fn verify_repo_server(&mut self, verify: Option<&[RepoClient]>) {
        let wanted: Vec<Component> = verify.map_or_else(
            || RepoClient::ALL.iter().map(|c| c.component()).collect(),
            |v| v.iter().map(|c| c.component()).collect(),
        );
        let trust =
            verify_with_ca_changes(self.ctx.install, &self.ctx.report, &[Component::RepoServer]);
        for client in RepoClient::ALL.map(RepoClient::component) {
            if !wanted.contains(&client) {
                continue;
            }
            let keys: BTreeMap<String, Option<String>> = trust
                .changes
                .iter()
                .filter(|t| t.component == client)
                .map(|t| {
                    (
                        t.key.clone(),
                        (!t.value.is_empty()).then(|| t.value.clone()),
                    )
                })
                .collect();
            let what: Vec<String> = keys.keys().cloned().collect();
            self.keys(
                format!("cmd-params/verify-repo-server/{}", client.name()),
                format!(
                    "{} verifies the repo-server ({})",
                    client.name(),
                    what.join(", ")
                ),
                keys,
            );
            // Before 3.5 the notifications controller's strict flag has no key (§6.3).
            if client == Component::NotificationsController
                && !self.ctx.version.v3_5()
                && trust.notes.iter().any(|n| n.starts_with(client.name()))
                && let Some(e) = self.workload(
                    client,
                    "verify the repo-server (--argocd-repo-server-strict-tls)",
                )
            {
                set_flag(&mut e.new.args, "argocd-repo-server-strict-tls", None);
            }
        }
    }

    fn verify_dex(&mut self) {
        let trust =
            verify_with_ca_changes(self.ctx.install, &self.ctx.report, &[Component::DexServer]);
        let keys: BTreeMap<String, Option<String>> = trust
            .changes
            .iter()
            .map(|t| (t.key.clone(), Some(t.value.clone())))
            .collect();
        self.keys(
            "cmd-params/verify-dex/argocd-server".into(),
            "argocd-server verifies Dex (server.dex.server.strict.tls: ca.crt, and pins tls.crt: a renewed Dex certificate needs an argocd-server restart)".into(),
            keys,
        );
    }

    /// Redis serves TLS with `argocd-redis-tls`; argocd-server, the repo-server and the
    /// controller dial it with `--redis-use-tls` and verify its `ca.crt` (reference §9: flags
    /// only, no keys).
    fn redis_tls(&mut self) {
        let secret_change = match self.out.iter().find(|c| c.id.ends_with(REDIS_TLS)) {
            Some(c) => c.id.clone(),
            None => return,
        };
        let mount = |items: Option<Vec<KeyToPath>>| SecretMount {
            volume: REDIS_TLS.into(),
            mount_path: REDIS_TLS_DIR.into(),
            sub_path: None,
            secret: REDIS_TLS.into(),
            items,
            optional: false,
        };
        if let Some(e) = self.workload(Component::Redis, "serve TLS with argocd-redis-tls") {
            let args = &mut e.new.args;
            for (flag, value) in [
                ("--tls-port", "6379".to_string()),
                ("--port", "0".to_string()),
                ("--tls-cert-file", format!("{REDIS_TLS_DIR}/tls.crt")),
                ("--tls-key-file", format!("{REDIS_TLS_DIR}/tls.key")),
                ("--tls-ca-cert-file", format!("{REDIS_TLS_DIR}/ca.crt")),
                ("--tls-auth-clients", "no".to_string()),
            ] {
                set_redis_arg(args, flag, &value);
            }
            put_mount(&mut e.new.mounts, mount(None));
            e.after.push(secret_change.clone());
        }
        for client in [
            Component::Server,
            Component::RepoServer,
            Component::ApplicationController,
        ] {
            if let Some(e) = self.workload(
                client,
                "dial Redis over TLS, verifying argocd-redis-tls ca.crt",
            ) {
                set_flag(&mut e.new.args, "redis-use-tls", None);
                set_flag(
                    &mut e.new.args,
                    "redis-ca-certificate",
                    Some(&format!("{REDIS_TLS_DIR}/ca.crt")),
                );
                put_mount(
                    &mut e.new.mounts,
                    mount(Some(vec![KeyToPath {
                        key: "ca.crt".into(),
                        path: "ca.crt".into(),
                    }])),
                );
                e.after.push(secret_change.clone());
            }
        }
    }

    /// With a cert-manager Secret (`tls.crt`, `tls.key`, `ca.crt`), the mTLS mounts project its
    /// keys under the names Argo CD reads: `client-ca.crt` in the repo-server, `client.crt` and
    /// `client.key` in the clients (reference §4.3, §6.7, §11.2).
    fn mtls_mounts(&mut self, cert_manager: bool) -> Result<(), PostureError> {
        let repo_mounts = self
            .ctx
            .install
            .workload(Component::RepoServer)
            .is_some_and(|w| w.mounts.iter().any(|m| m.secret == MTLS));
        if !repo_mounts {
            return Err(unsupported(format!(
                "the repo-server does not mount {MTLS}: mTLS switches on when its client-ca.crt appears at /app/config/reposerver/mtls"
            )));
        }
        if !cert_manager {
            return Ok(());
        }
        let item = |key: &str, path: &str| KeyToPath {
            key: key.into(),
            path: path.into(),
        };
        for c in
            std::iter::once(Component::RepoServer).chain(RepoClient::ALL.map(RepoClient::component))
        {
            let items = if c == Component::RepoServer {
                vec![item("ca.crt", "client-ca.crt")]
            } else {
                vec![item("tls.crt", "client.crt"), item("tls.key", "client.key")]
            };
            if let Some(e) = self.workload(
                c,
                "project the cert-manager mTLS Secret's keys under Argo CD's file names",
            ) {
                for m in e.new.mounts.iter_mut().filter(|m| m.secret == MTLS) {
                    m.items = Some(items.clone());
                }
            }
        }
        Ok(())
    }

    fn tls_policy(&mut self, policy: &TlsPolicy) -> Result<(), PostureError> {
        use crate::resolve::tls::{parse_ciphers, parse_version, suite_name};
        let (mut min, mut max, mut ciphers): (
            Option<String>,
            Option<String>,
            Option<Option<String>>,
        ) = match policy.profile {
            Some(MozillaProfile::Intermediate) => {
                let ids = crate::resolve::grade::intermediate_suites();
                let names: Vec<String> = ids.iter().map(|id| suite_name(*id)).collect();
                (
                    Some("1.2".into()),
                    Some("1.3".into()),
                    Some(Some(names.join(":"))),
                )
            }
            // TLS 1.3 only: Argo CD blanks the suites itself (§1.4); the key is removed.
            Some(MozillaProfile::Modern) => (Some("1.3".into()), Some("1.3".into()), Some(None)),
            None => (None, None, None),
        };
        if let Some(v) = &policy.min_version {
            min = Some(v.clone());
        }
        if let Some(v) = &policy.max_version {
            max = Some(v.clone());
        }
        if let Some(list) = &policy.ciphers {
            ciphers = Some(Some(list.join(":")));
        }
        for (what, v) in [("minVersion", &min), ("maxVersion", &max)] {
            if let Some(v) = v {
                parse_version(v).map_err(|e| unsupported(format!("tlsPolicy.{what}: {e}")))?;
            }
        }
        let order = |v: &Option<String>| v.as_deref().and_then(|t| parse_version(t).ok().flatten());
        if let (Some(lo), Some(hi)) = (order(&min), order(&max))
            && lo > hi
        {
            return Err(unsupported(format!(
                "tlsPolicy: minimum TLS version {} must not be higher than maximum TLS version {}",
                lo.as_str(),
                hi.as_str()
            )));
        }
        if let Some(Some(list)) = &ciphers
            && min.as_deref() != Some("1.3")
        {
            parse_ciphers(list, self.ctx.version.go_rejects_rsa_kex_names()).map_err(|e| {
                unsupported(format!(
                    "tlsPolicy.ciphers for Argo CD {}: {e}",
                    self.ctx.version
                ))
            })?;
        }
        for c in [Component::Server, Component::RepoServer] {
            let mut keys = BTreeMap::new();
            let mut flags = Vec::new();
            for (knob, value, flag) in [
                (Knob::TlsMinVersion, min.clone().map(Some), "tlsminversion"),
                (Knob::TlsMaxVersion, max.clone().map(Some), "tlsmaxversion"),
                (Knob::TlsCiphers, ciphers.clone(), "tlsciphers"),
            ] {
                let Some(value) = value else { continue };
                match self.bound(c, knob) {
                    Some(key) => {
                        keys.insert(key, value);
                    }
                    None => flags.push((flag, value)),
                }
            }
            let what: Vec<String> = keys.keys().cloned().collect();
            self.keys(
                format!("cmd-params/tls-policy/{}", c.name()),
                format!("{} serves the TLS policy ({})", c.name(), what.join(", ")),
                keys,
            );
            if !flags.is_empty()
                && let Some(e) = self.workload(c, "serve the TLS policy")
            {
                for (flag, value) in flags {
                    match value {
                        Some(v) => set_flag(&mut e.new.args, flag, Some(&v)),
                        None => remove_flag(&mut e.new.args, flag),
                    }
                }
            }
        }
        Ok(())
    }

    /// The `argocd-cmd-params-cm` key `c`'s workload reads `knob` from, if any.
    fn bound(&self, c: Component, knob: Knob) -> Option<String> {
        let w = self.ctx.install.workload(c)?;
        bound_key(w, row(c, knob, self.ctx.version)?)
    }

    // ----------------------------------------------------------------------------- reverse

    /// Back to the upstream install: every TLS key of `argocd-cmd-params-cm` removed, every TLS
    /// flag removed from the args, the managed Secrets deleted, the mounts of the TLS Secrets
    /// as upstream has them.
    fn defaults(&mut self) {
        let cm = self
            .ctx
            .install
            .config_map(CMD_PARAMS_CM)
            .cloned()
            .unwrap_or_default();
        for c in Component::ALL {
            let keys: BTreeMap<String, Option<String>> = SETTINGS
                .iter()
                .filter(|s| s.component == c && is_tls_knob(s.knob))
                .filter_map(|s| s.key)
                .filter(|k| cm.data.contains_key(*k))
                .map(|k| (k.to_string(), None))
                .collect();
            let what: Vec<String> = keys.keys().cloned().collect();
            self.keys(
                format!("cmd-params/defaults/{}", c.name()),
                format!(
                    "{} back to upstream TLS settings (remove {})",
                    c.name(),
                    what.join(", ")
                ),
                keys,
            );
        }
        let upstream = crate::model::standard::standard_install(&self.ctx.version.to_string(), "");
        for c in Component::ALL {
            let Some(current) = self.ctx.install.workload(c) else {
                continue;
            };
            let mut args = current.args.clone();
            for s in SETTINGS
                .iter()
                .filter(|s| s.component == c && is_tls_knob(s.knob))
            {
                if let Some(flag) = s.flag {
                    remove_flag(&mut args, flag);
                }
            }
            if c == Component::NotificationsController {
                remove_flag(&mut args, "argocd-repo-server-strict-tls");
            }
            if c == Component::Redis {
                for flag in REDIS_SERVER_TLS_ARGS {
                    remove_redis_arg(&mut args, flag);
                }
            }
            let managed = |m: &SecretMount| MANAGED.contains(&m.secret.as_str());
            let mut mounts: Vec<SecretMount> = current
                .mounts
                .iter()
                .filter(|m| !managed(m))
                .cloned()
                .collect();
            if let Some(u) = upstream.workload(c) {
                mounts.extend(u.mounts.iter().filter(|m| managed(m)).cloned());
            }
            let same_mounts = mounts.len() == current.mounts.len()
                && mounts.iter().all(|m| current.mounts.contains(m));
            if args != current.args || !same_mounts {
                if let Some(e) = self.workload(
                    c,
                    "remove the TLS flags and mounts the upstream install does not have",
                ) {
                    e.new.args = args;
                    if !same_mounts {
                        e.new.mounts = mounts;
                    }
                }
            }
        }
        for name in MANAGED {
            if self.ctx.install.secret(name).is_some() {
                let ns = self.ns().to_string();
                self.push(
                    format!("delete-secret/{name}"),
                    format!(
                        "Delete Secret {name} (delete first any cert-manager Certificate that writes it, or cert-manager recreates it)"
                    ),
                    vec![Edit::DeleteSecret((*name).to_string())],
                    vec![delete_object("v1", "Secret", name, &ns)],
                );
            }
        }
    }

    /// TLS off behind a mesh (the docs' "Disabling TLS"): the repo-server and Dex serve
    /// plaintext, every client dials plaintext, argocd-server serves plaintext.
    fn no_tls(&mut self, mesh: Option<Mesh>, server_insecure: bool) -> Result<(), PostureError> {
        let v = self.ctx.version;
        let key = |s: &Self, c: Component, knob: Knob| s.bound(c, knob);
        let mut groups: Vec<(String, String, Component, Vec<(Knob, &str)>)> = vec![(
            "cmd-params/no-tls/argocd-repo-server".into(),
            "argocd-repo-server serves plaintext".into(),
            Component::RepoServer,
            vec![(Knob::DisableTls, "disable-tls")],
        )];
        for client in RepoClient::ALL.map(RepoClient::component) {
            let plaintext = if client == Component::NotificationsController {
                "argocd-repo-server-plaintext"
            } else {
                "repo-server-plaintext"
            };
            groups.push((
                format!("cmd-params/no-tls/{}-to-repo-server", client.name()),
                format!("{} dials the repo-server in plaintext", client.name()),
                client,
                vec![(Knob::RepoPlaintext, plaintext)],
            ));
        }
        if v.dex_tls() {
            groups.push((
                "cmd-params/no-tls/argocd-dex-server".into(),
                "argocd-dex-server serves plaintext".into(),
                Component::DexServer,
                vec![(Knob::DisableTls, "disable-tls")],
            ));
            groups.push((
                "cmd-params/no-tls/argocd-server-to-dex".into(),
                "argocd-server dials Dex in plaintext".into(),
                Component::Server,
                vec![(Knob::DexPlaintext, "dex-server-plaintext")],
            ));
        }
        if server_insecure {
            groups.push((
                "cmd-params/no-tls/argocd-server".into(),
                "argocd-server serves plaintext (TLS ends at the mesh or ingress)".into(),
                Component::Server,
                vec![(Knob::Insecure, "insecure")],
            ));
        }
        for (id, title, c, knobs) in groups {
            if !self.ctx.present(c) {
                continue;
            }
            let mut keys = BTreeMap::new();
            for (knob, flag) in knobs {
                match key(self, c, knob) {
                    Some(k) => {
                        keys.insert(k, Some("true".to_string()));
                    }
                    None => {
                        if let Some(e) = self.workload(c, &title) {
                            set_flag(&mut e.new.args, flag, None);
                        }
                    }
                }
            }
            // Keys that make a client verify are moot in plaintext: removed with it.
            if let Some(cm) = self.ctx.install.config_map(CMD_PARAMS_CM) {
                for knob in [Knob::RepoStrictTls, Knob::RepoCaCertPath] {
                    if id.ends_with("-to-repo-server")
                        && let Some(k) = key(self, c, knob)
                        && cm.data.contains_key(&k)
                    {
                        keys.insert(k, None);
                    }
                }
                if id.ends_with("-to-dex")
                    && let Some(k) = key(self, c, Knob::DexStrictTls)
                    && cm.data.contains_key(&k)
                {
                    keys.insert(k, None);
                }
            }
            self.keys(id, title, keys);
        }
        // 3.5 regression #29661 (§4.3): --disable-tls alone exits unless --client-ca-path is
        // given empty on the command line.
        if v.v3_5()
            && let Some(e) = self.workload(
                Component::RepoServer,
                "--client-ca-path= (empty): without it 3.5 exits with `--client-ca-path cannot be used when --disable-tls is enabled` (#29661)",
            )
        {
            set_flag(&mut e.new.args, "client-ca-path", Some(""));
        }
        if let Some(mesh) = mesh {
            let (key, value, label) = match mesh {
                Mesh::Istio => ("sidecar.istio.io/inject", "true", true),
                Mesh::Linkerd => ("linkerd.io/inject", "enabled", false),
            };
            for c in Component::ALL {
                if let Some(e) = self.workload(c, &format!("inject the {mesh:?} sidecar")) {
                    e.new.pod_metadata.insert(key.into(), value.into());
                    if label {
                        e.pod_labels.insert(key.into());
                    }
                }
            }
        }
        Ok(())
    }
}

/// The label argocd-server's 3.5+ settings informer reloads Secrets for (reference §3.4).
fn part_of_argocd() -> BTreeMap<String, String> {
    BTreeMap::from([(
        "app.kubernetes.io/part-of".to_string(),
        "argocd".to_string(),
    )])
}

/// The Secrets a posture manages (and `defaults` deletes).
const MANAGED: [&str; 5] = [REPO_TLS, DEX_TLS, SERVER_TLS, MTLS, REDIS_TLS];

/// Redis's own TLS arguments `redis_tls` adds.
const REDIS_SERVER_TLS_ARGS: [&str; 6] = [
    "--tls-port",
    "--port",
    "--tls-cert-file",
    "--tls-key-file",
    "--tls-ca-cert-file",
    "--tls-auth-clients",
];

fn is_tls_knob(k: Knob) -> bool {
    !matches!(
        k,
        Knob::RepoServer | Knob::DexServer | Knob::Redis | Knob::AppConfPath | Knob::ListenAddress
    )
}

/// A TLS Secret as the model holds it. Only a server's Secret carries `ca.crt` for clients;
/// every Secret here has it (cert-manager writes it too).
fn tls_secret(
    name: &str,
    ca: &str,
    crt: &str,
    key: &str,
    labels: BTreeMap<String, String>,
    ep: Endpoint,
) -> Secret {
    let data = if ep == Endpoint::Mtls {
        BTreeMap::from([
            ("client-ca.crt".to_string(), ca.to_string()),
            ("client.crt".to_string(), crt.to_string()),
            ("client.key".to_string(), key.to_string()),
        ])
    } else {
        BTreeMap::from([
            ("ca.crt".to_string(), ca.to_string()),
            ("tls.crt".to_string(), crt.to_string()),
            ("tls.key".to_string(), key.to_string()),
        ])
    };
    Secret {
        name: name.to_string(),
        secret_type: Some(
            if ep == Endpoint::Mtls {
                "Opaque"
            } else {
                "kubernetes.io/tls"
            }
            .to_string(),
        ),
        data,
        labels,
        position: None,
    }
}

/// Replaces or adds a mount (by mount path).
fn put_mount(mounts: &mut Vec<SecretMount>, m: SecretMount) {
    mounts.retain(|x| x.mount_path != m.mount_path && x.volume != m.volume);
    mounts.push(m);
}

/// Removes every `--flag`, `--flag=…` and (for a flag taking a value) `--flag value` from an
/// Argo CD command line (pflag syntax), keeping the binary first.
fn remove_flag(args: &mut Vec<String>, flag: &str) {
    let bare = format!("--{flag}");
    let with = format!("--{flag}=");
    let is_bool = SETTINGS
        .iter()
        .any(|s| s.flag == Some(flag) && s.kind == crate::resolve::settings::Kind::Bool)
        || flag.ends_with("-tls")
        || flag.ends_with("-plaintext")
        || flag == "insecure";
    let mut out = Vec::with_capacity(args.len());
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        if a.starts_with(&with) {
            continue;
        }
        if *a == bare {
            if !is_bool && args.get(i).is_some_and(|n| !n.starts_with("--")) {
                i += 1;
            }
            continue;
        }
        out.push(a.clone());
    }
    *args = out;
}

/// Sets `--flag` (a boolean, `None`) or `--flag=value` on an Argo CD command line.
fn set_flag(args: &mut Vec<String>, flag: &str, value: Option<&str>) {
    remove_flag(args, flag);
    args.push(match value {
        Some(v) => format!("--{flag}={v}"),
        None => format!("--{flag}"),
    });
}

/// Removes `flag value` from redis-server's arguments (its own syntax: separate words).
fn remove_redis_arg(args: &mut Vec<String>, flag: &str) {
    if let Some(i) = args.iter().position(|a| a == flag) {
        let end = (i + 2).min(args.len());
        args.drain(i..end);
    }
}

fn set_redis_arg(args: &mut Vec<String>, flag: &str, value: &str) {
    remove_redis_arg(args, flag);
    args.push(flag.to_string());
    args.push(value.to_string());
}

#[cfg(test)]
pub(super) mod testing {
    //! Hooks for the module's tests.
    pub(in super::super) use super::{host_of, remove_flag, set_flag};
}
