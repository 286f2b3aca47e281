//! Rotations (issue 14): a posture's `rotate` part → the changes that replace certificates in
//! place today. A change sets keys of the endpoint's Secret (`ca.crt` apart from
//! `tls.crt`/`tls.key`), so the planner's search — not this module — finds the order and the
//! restarts:
//! - `leaf`, `dexLeaf`: the new leaf under today's CA, one change;
//! - `ca`: three changes — both CAs in `ca.crt`; the new leaf; only the new CA in `ca.crt`
//!   (`after` the first: the only order this module fixes, since both set the same key). That
//!   the clients must restart on both CAs before the new leaf is served, and the servers on the
//!   new leaf before the old CA goes, is the search's finding (every state and mixed state safe);
//! - `compromised`: the new CA and leaf at once (the old CA is never trusted beside the new
//!   one); no order is safe and the planner's uniform-cost search gives the least-bad one.
//!
//! cert-manager renewals are `cmctl renew` (cert-manager.io docs, FAQ "Can I trigger a renewal
//! from cert-manager at will?": re-issuance on demand is cmctl's `renew`, which marks the
//! Certificate for issuance; deleting the Secret also re-issues, but leaves every pod that
//! mounts it without its files until then). cert-manager's CA issuer writes only the issuing CA
//! to `ca.crt`, so a cert-manager CA rotation has no overlap in the Secret the clients read. The
//! certificates cert-manager will write are stand-ins ([`super::super::issue`]), today's too
//! ([`rotation_start`]): the core cannot sign under a CA whose key it does not hold.

use std::collections::BTreeMap;

use super::super::issue::{CERT_MANAGER_DAYS, ca_request, stand_in_ca, stand_in_set};
use super::{Builder, Ctx, Endpoint, unsupported};
use crate::generate::{GenerateRequest, IssuerPem};
use crate::model::Installation;
use crate::plan::change::{ApplyHow, Change, Edit, KubeObject};
use crate::plan::posture::{
    CertificateSource, Issuance, Posture, PostureError, PostureOptions, RotatedEndpoint, Rotation,
    RotationInfo, RotationKind,
};

/// The default margin before the effective expiry (days).
const MARGIN_DAYS: u32 = 30;

impl RotatedEndpoint {
    fn endpoint(self) -> Endpoint {
        match self {
            Self::RepoServer => Endpoint::RepoServer,
            Self::Dex => Endpoint::Dex,
            Self::Server => Endpoint::Server,
            Self::Redis => Endpoint::Redis,
        }
    }
}

/// The endpoints a rotation replaces (the defaults when none are named).
fn endpoints(r: &Rotation) -> Vec<Endpoint> {
    if r.endpoints.is_empty() {
        return vec![if r.kind == RotationKind::DexLeaf {
            Endpoint::Dex
        } else {
            Endpoint::RepoServer
        }];
    }
    let mut out: Vec<RotatedEndpoint> = r.endpoints.clone();
    out.sort_unstable();
    out.dedup();
    out.into_iter().map(RotatedEndpoint::endpoint).collect()
}

/// The cert-manager `Certificate` that writes `secret`, if the input has one.
fn certificate_of<'i>(install: &'i Installation, secret: &str) -> Option<&'i str> {
    install
        .certificates
        .iter()
        .find(|c| c.secret_name == secret)
        .map(|c| c.name.as_str())
}

/// Where the new certificate of `ep` comes from (the default resolved).
fn source_of(ctx: &Ctx<'_>, r: &Rotation, ep: Endpoint) -> CertificateSource {
    r.certificate.clone().unwrap_or_else(|| {
        if certificate_of(ctx.install, ep.secret()).is_some() {
            CertificateSource::CertManager {
                issuer: None,
                create_ca_issuer: false,
            }
        } else {
            CertificateSource::Generate
        }
    })
}

fn keeps_ca(kind: RotationKind) -> bool {
    matches!(kind, RotationKind::Leaf | RotationKind::DexLeaf)
}

/// The DER of every certificate in `pem`.
fn ders(pem: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = pem.as_bytes();
    loop {
        let (block, tail) = crate::go::pem::go_pem_decode(rest);
        let Some(block) = block else { break };
        if block.block_type == b"CERTIFICATE" {
            out.push(block.bytes);
        }
        rest = tail;
    }
    out
}

/// The id under which a rotated certificate is issued outside the core.
fn issuance_id(ep: Endpoint) -> String {
    format!("rotate/{}", ep.secret())
}

/// The issuance requests of a rotation: a new CA and leaf (`generate`, for `ca` and
/// `compromised`), a leaf signed by the operator's CA key (`myCa` with `caKeyPem`).
pub(super) fn issuance(ctx: &Ctx<'_>, r: &Rotation) -> Result<Vec<Issuance>, PostureError> {
    let mut out = Vec::new();
    for ep in endpoints(r) {
        let request = match source_of(ctx, r, ep) {
            CertificateSource::Generate => {
                if keeps_ca(r.kind) {
                    return Err(leaf_needs_ca(ep));
                }
                GenerateRequest {
                    ca: Some(ca_request(
                        &format!("{} CA", ep.secret()),
                        ctx.key.algorithm(),
                        ctx.now(),
                    )),
                    issuer: None,
                    leaves: vec![ctx.leaf(ep)],
                }
            }
            CertificateSource::MyCa {
                ca_cert_pem,
                ca_key_pem: Some(key),
                cert_pem: None,
                ..
            } => GenerateRequest {
                ca: None,
                issuer: Some(IssuerPem {
                    cert_pem: ca_cert_pem,
                    key_pem: key,
                }),
                leaves: vec![ctx.leaf(ep)],
            },
            _ => continue,
        };
        out.push(Issuance {
            id: issuance_id(ep),
            request,
        });
    }
    Ok(out)
}

fn leaf_needs_ca(ep: Endpoint) -> PostureError {
    unsupported(format!(
        "{}: a new leaf under today's CA needs that CA's key (`certificate: {{from: myCa, caCertPem, caKeyPem}}`) or the new leaf (`certPem`, `keyPem`); `generate` makes a new CA: rotate with `kind: ca`",
        ep.secret()
    ))
}

/// What cert-manager is simulated with for `ep`: the issuing CA today (and after a CA
/// rotation), today's leaf and the renewed one, with the `Certificate`'s `dnsNames`.
/// Deterministic from the posture.
struct StandIns {
    today_ca: IssuerPem,
    today: (String, String),
    new_ca: IssuerPem,
    renewed: (String, String),
}

fn stand_ins(ctx: &Ctx<'_>, kind: RotationKind, ep: Endpoint) -> Result<StandIns, PostureError> {
    let name = ep.secret();
    let seed = &ctx.seed;
    let alg = ctx.key.algorithm();
    let today_ca = stand_in_ca(
        &format!("{name} CA"),
        seed,
        &format!("CA of {name}'s issuer"),
        alg,
        ctx.now(),
    )?;
    let new_ca = if keeps_ca(kind) {
        today_ca.clone()
    } else {
        stand_in_ca(
            &format!("{name} new CA"),
            seed,
            &format!("new CA of {name}'s issuer"),
            alg,
            ctx.now(),
        )?
    };
    // cert-manager writes the names of the `Certificate` that writes the Secret (its
    // `dnsNames`), when the input has it; else the names a posture would request.
    let names: Option<Vec<String>> = ctx
        .install
        .certificates
        .iter()
        .find(|c| c.secret_name == name && !c.dns_names.is_empty())
        .map(|c| c.dns_names.clone());
    let leaf = |label: &str, ca: &IssuerPem| -> Result<(String, String), PostureError> {
        let mut request = ctx.leaf(ep);
        if let Some(dns) = &names {
            request.common_name = dns.first().cloned();
            request.dns_names = dns.clone();
            request.ip_addresses = Vec::new();
        }
        request.not_after = ctx.now().saturating_add(CERT_MANAGER_DAYS * 24 * 3600);
        let (_, l) = stand_in_set(
            &format!("{name} {label}"),
            seed,
            &GenerateRequest {
                ca: None,
                issuer: Some(ca.clone()),
                leaves: vec![request],
            },
        )?;
        Ok((l.cert_pem, l.key_pem))
    };
    Ok(StandIns {
        today: leaf("today", &today_ca)?,
        renewed: leaf("renewed", &new_ca)?,
        today_ca,
        new_ca,
    })
}

/// Today's installation as a rotation starts from: for every endpoint cert-manager renews, its
/// Secret as cert-manager wrote it (a stand-in under a stand-in of the issuer's CA, labels kept);
/// every other part as read. Other postures: `current` unchanged.
///
/// # Errors
/// As [`super::changes`].
pub fn rotation_start(
    current: &Installation,
    posture: &Posture,
    options: &PostureOptions,
) -> Result<Installation, PostureError> {
    let Some(r) = &posture.rotate else {
        return Ok(current.clone());
    };
    let ctx = Ctx::new(current, posture, options)?;
    let mut out = current.clone();
    for ep in endpoints(r) {
        if !matches!(
            source_of(&ctx, r, ep),
            CertificateSource::CertManager { .. }
        ) {
            continue;
        }
        let s = stand_ins(&ctx, r.kind, ep)?;
        let mut secret = current.secret(ep.secret()).cloned().unwrap_or_default();
        secret.name = ep.secret().to_string();
        secret.secret_type = Some("kubernetes.io/tls".into());
        secret.data = BTreeMap::from([
            ("ca.crt".to_string(), s.today_ca.cert_pem.clone()),
            ("tls.crt".to_string(), s.today.0.clone()),
            ("tls.key".to_string(), s.today.1.clone()),
        ]);
        out.secrets.retain(|x| x.name != secret.name);
        out.secrets.push(secret);
    }
    Ok(out)
}

impl Builder<'_, '_> {
    /// The changes of a rotation (see the module's documentation).
    pub(super) fn rotate(&mut self, r: &Rotation) -> Result<(), PostureError> {
        if r.kind == RotationKind::DexLeaf && endpoints(r) != [Endpoint::Dex] {
            return Err(unsupported(
                "`dexLeaf` rotates Dex's certificate only (`endpoints: [dex]` or none)".into(),
            ));
        }
        for ep in endpoints(r) {
            self.rotate_endpoint(r, ep)?;
        }
        Ok(())
    }

    fn rotate_endpoint(&mut self, r: &Rotation, ep: Endpoint) -> Result<(), PostureError> {
        let name = ep.secret();
        let source = source_of(self.ctx, r, ep);
        if let CertificateSource::CertManager { .. } = source {
            return self.rotate_cert_manager(r.kind, ep);
        }
        let Some(today) = self.ctx.install.secret(name) else {
            return Err(unsupported(format!(
                "{name} is not in the input: nothing to rotate (the component serves the certificate it generates; add the Secret to the input, or plan a posture that creates it)"
            )));
        };
        let old_ca = today.data.get("ca.crt").cloned().unwrap_or_default();
        let (new_ca, crt, key) = self.pems(name, &issuance_id(ep), &source)?;
        let new_ders = ders(&new_ca);
        let Some(new_top) = new_ders.first() else {
            return Err(PostureError::BadPem {
                endpoint: name.into(),
                message: "caCertPem holds no certificate".into(),
            });
        };
        let trusted_today = ders(&old_ca).contains(new_top);
        if keeps_ca(r.kind) && !trusted_today {
            return Err(unsupported(format!(
                "{name}: a `{}` rotation keeps today's CA, but the CA given is not in today's ca.crt: rotate with `kind: ca`",
                if r.kind == RotationKind::Leaf {
                    "leaf"
                } else {
                    "dexLeaf"
                }
            )));
        }
        if !keeps_ca(r.kind) && trusted_today {
            return Err(unsupported(format!(
                "{name}: the new CA is already in today's ca.crt: a new leaf under it is `kind: leaf`"
            )));
        }
        let leaf_keys = BTreeMap::from([
            ("tls.crt".to_string(), crt.clone()),
            ("tls.key".to_string(), key.clone()),
        ]);
        match r.kind {
            RotationKind::Leaf | RotationKind::DexLeaf => {
                self.set_keys(
                    format!("rotate/{name}/leaf"),
                    format!("Put a new leaf under today's CA in {name} (tls.crt, tls.key)"),
                    name,
                    leaf_keys,
                    Vec::new(),
                );
            }
            RotationKind::Ca => {
                let both = format!("{}{}", with_newline(&old_ca), with_newline(&new_ca));
                self.set_keys(
                    format!("rotate/{name}/trust-both"),
                    format!("Trust the old and the new CA in {name} (ca.crt: both)"),
                    name,
                    BTreeMap::from([("ca.crt".to_string(), both)]),
                    Vec::new(),
                );
                self.set_keys(
                    format!("rotate/{name}/leaf"),
                    format!("Put the leaf of the new CA in {name} (tls.crt, tls.key)"),
                    name,
                    leaf_keys,
                    Vec::new(),
                );
                self.set_keys(
                    format!("rotate/{name}/trust-new"),
                    format!("Trust only the new CA in {name} (ca.crt: the new CA)"),
                    name,
                    BTreeMap::from([("ca.crt".to_string(), new_ca)]),
                    vec![format!("rotate/{name}/trust-both")],
                );
            }
            RotationKind::Compromised => {
                let mut keys = leaf_keys;
                keys.insert("ca.crt".to_string(), new_ca);
                self.set_keys(
                    format!("rotate/{name}/replace"),
                    format!(
                        "Replace the compromised CA and leaf in {name} (ca.crt, tls.crt, tls.key: no overlap)"
                    ),
                    name,
                    keys,
                    Vec::new(),
                );
            }
        }
        Ok(())
    }

    /// A Secret patch (`stringData`: the keys given).
    fn set_keys(
        &mut self,
        id: String,
        title: String,
        secret: &str,
        keys: BTreeMap<String, String>,
        after: Vec<String>,
    ) {
        let object = serde_json::json!({
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": secret, "namespace": self.ns()},
            "stringData": keys,
        });
        self.out.push(Change {
            id,
            title,
            edits: vec![Edit::SetSecretKeys {
                secret: secret.to_string(),
                keys,
            }],
            objects: vec![KubeObject {
                how: ApplyHow::Patch,
                object,
            }],
            after,
            waits: Vec::new(),
        });
    }

    /// A cert-manager renewal: `cmctl renew` of the Certificate (and, for a new CA, of the CA
    /// Certificate first when the plan's CA issuer chain is in the input).
    fn rotate_cert_manager(
        &mut self,
        kind: RotationKind,
        ep: Endpoint,
    ) -> Result<(), PostureError> {
        let name = ep.secret();
        let ns = self.ns().to_string();
        let s = stand_ins(self.ctx, kind, ep)?;
        let certificate = certificate_of(self.ctx.install, name)
            .unwrap_or(name)
            .to_string();
        let mut commands = Vec::new();
        if !keeps_ca(kind)
            && let Some(ca) = certificate_of(self.ctx.install, super::CA_CERTIFICATE)
        {
            commands.push(format!("cmctl renew -n {ns} {ca}"));
            commands.push(format!(
                "kubectl -n {ns} wait --for=condition=Ready certificate/{ca} --timeout=5m"
            ));
        }
        commands.push(format!("cmctl renew -n {ns} {certificate}"));
        commands.push(format!(
            "kubectl -n {ns} wait --for=condition=Ready certificate/{certificate} --timeout=5m"
        ));
        let mut keys = BTreeMap::from([
            ("tls.crt".to_string(), s.renewed.0),
            ("tls.key".to_string(), s.renewed.1),
        ]);
        if !keeps_ca(kind) {
            keys.insert("ca.crt".to_string(), s.new_ca.cert_pem);
        }
        let what = if keeps_ca(kind) {
            "a new leaf from the same issuer"
        } else {
            "the new CA in ca.crt and a leaf under it, at once"
        };
        self.out.push(Change {
            id: format!("rotate/{name}/renew"),
            title: format!(
                "Renew Certificate {certificate} (cert-manager writes {what} to Secret {name})"
            ),
            edits: vec![Edit::SetSecretKeys {
                secret: name.to_string(),
                keys,
            }],
            objects: Vec::new(),
            after: Vec::new(),
            waits: commands,
        });
        Ok(())
    }
}

fn with_newline(pem: &str) -> String {
    if pem.is_empty() || pem.ends_with('\n') {
        pem.to_string()
    } else {
        format!("{pem}\n")
    }
}

/// What a rotation plan rotates and by when: the earliest `notAfter` among the certificates of
/// the rotated Secrets that a component reads (the timeline's roles), minus the margin. `None`
/// for other postures.
///
/// # Errors
/// As [`super::changes`].
pub fn rotation_info(
    start: &Installation,
    posture: &Posture,
    options: &PostureOptions,
) -> Result<Option<RotationInfo>, PostureError> {
    let Some(r) = &posture.rotate else {
        return Ok(None);
    };
    let ctx = Ctx::new(start, posture, options)?;
    let margin = r.margin_days.unwrap_or(MARGIN_DAYS);
    let now = options.now;
    let timeline = crate::timeline::timeline(
        start,
        &crate::timeline::TimelineOptions {
            from: now,
            until: crate::time::UnixTime::from_secs(
                now.as_secs().saturating_add(20 * 365 * 86_400),
            ),
            margin_days: margin,
            argocd_version: options.argocd_version.clone(),
            namespace: options.namespace.clone(),
        },
    )
    .map_err(|e| unsupported(format!("{e:?}")))?;
    let secrets: Vec<String> = endpoints(r)
        .iter()
        .map(|e| e.secret().to_string())
        .collect();
    let expires = timeline
        .certificates
        .iter()
        .filter(|c| {
            c.roles.iter().any(|role| {
                secrets
                    .iter()
                    .any(|s| role.source.starts_with(&format!("secret/{s} ")))
            })
        })
        .filter_map(|c| c.not_after.as_deref())
        .filter_map(|t| crate::time::UnixTime::parse_rfc3339(t).ok())
        .min();
    let mut sources = Vec::new();
    let mut notes = Vec::new();
    for ep in endpoints(r) {
        let what = match source_of(&ctx, r, ep) {
            CertificateSource::CertManager { .. } => {
                notes.push(format!(
                    "{}: cert-manager's certificates (today's and the renewed one) are simulated with stand-ins under a stand-in of the issuer's CA",
                    ep.secret()
                ));
                if !keeps_ca(r.kind) {
                    notes.push(format!(
                        "{}: cert-manager's CA issuer writes only the issuing CA to ca.crt, so the clients that trust this Secret's ca.crt cannot trust both CAs: there is no overlap (distribute the trust apart from the Secret, e.g. with trust-manager, for one); the issuer's CA is renewed first (with cmctl when its Certificate `argocd-ca` is in the input, else outside this plan); the Certificate needs privateKey.rotationPolicy: Always for a new key",
                        ep.secret()
                    ));
                }
                "cert-manager (cmctl renew)"
            }
            CertificateSource::MyCa { .. } => "your CA",
            CertificateSource::Generate => "generated here",
        };
        sources.push(format!("{}: {what}", ep.secret()));
    }
    match r.kind {
        RotationKind::DexLeaf => notes.push(
            "argocd-server pins Dex's tls.crt byte for byte at start (§7): no order keeps every argocd-server pod matched with every Dex pod; the plan's summary names the shortest window and what fails in it".into(),
        ),
        RotationKind::Compromised => notes.push(
            "no overlap: the old CA is never trusted beside the new one, so a client pod and a server pod on different sides of the change fail while a rollout mixes them; the plan's summary names the shortest window and what fails in it".into(),
        ),
        RotationKind::Leaf | RotationKind::Ca => {}
    }
    Ok(Some(RotationInfo {
        kind: r.kind,
        secrets,
        source: sources.join("; "),
        expires: expires.map(|t| t.to_string()),
        renew_by: expires.map(|t| {
            crate::time::UnixTime::from_secs(t.as_secs().saturating_sub(i64::from(margin) * 86_400))
                .to_string()
        }),
        margin_days: margin,
        notes,
    }))
}
