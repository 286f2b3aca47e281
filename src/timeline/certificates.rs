//! Which certificates matter to an installation, and who reads each one, how and when.
//!
//! A certificate matters when a present component reads it: from a Secret volume (every key of
//! the Secret, or the `items` it projects; read once at container start, reference §17) or, for
//! argocd-server, through the API (`argocd-server-tls` / `argocd-secret` `tls.crt`, hot-reloaded
//! or read at start as the report's endpoint says, §3.4). Certificates Argo CD generates are
//! listed too, with words instead of dates (§2.2).

use std::collections::BTreeMap;

use crate::model::{Component, Installation};
use crate::report::{CertificateDates, Report};
use crate::x509::bundle::pool_from_pem_as;
use crate::x509::inspect::CertificateSummary;
use crate::x509::parse::Certificate;

use super::{CertificateRole, ReadWhen, RoleKind, TimelineCertificate};

/// Who reads a certificate, and how.
struct Reader {
    component: String,
    path: Option<String>,
    read: ReadWhen,
}

/// A certificate found in the input, with its parsed form.
pub(super) struct Found {
    pub(super) cert: Certificate,
    pub(super) entry: TimelineCertificate,
}

/// The secret volume keys a component reads (secret, key) → mount path of the file.
fn mounted_keys(install: &Installation, component: Component) -> Vec<(String, String, String)> {
    let Some(w) = install.workload(component) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in &w.mounts {
        let Some(secret) = install.secret(&m.secret) else {
            continue;
        };
        let keys: Vec<(String, String)> = match &m.items {
            Some(items) => items
                .iter()
                .map(|i| (i.key.clone(), i.path.clone()))
                .collect(),
            None => secret.data.keys().map(|k| (k.clone(), k.clone())).collect(),
        };
        for (key, file) in keys {
            let path = match &m.sub_path {
                Some(sub) if *sub != file => continue,
                Some(_) => m.mount_path.clone(),
                None => format!("{}/{file}", m.mount_path.trim_end_matches('/')),
            };
            out.push((m.secret.clone(), key, path));
        }
    }
    out
}

fn role_kind(component: Component, secret: &str, key: &str) -> RoleKind {
    let k = key.to_ascii_lowercase();
    if component == Component::Server && secret == "argocd-dex-server-tls" && k == "tls.crt" {
        RoleKind::PinnedDexLeaf
    } else if k.contains("client") && !k.contains("ca") {
        RoleKind::ClientCertificate
    } else if k.contains("ca") {
        RoleKind::TrustAnchor
    } else {
        RoleKind::Read
    }
}

/// Every certificate a present component reads, by SHA-256 fingerprint, with its readers and
/// roles, then the certificates Argo CD generates (no dates).
pub(super) fn collect(
    install: &Installation,
    report: &Report,
) -> (Vec<Found>, Vec<TimelineCertificate>) {
    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    // The files are read as the release's Go reads PEM (as the resolve that made `report` did).
    let go = crate::argo::ArgoVersion::parse(&report.argocd_version)
        .map(crate::argo::ArgoVersion::go_tls)
        .unwrap_or_default();
    let mut add = |pem: &str, secret: &str, key: &str, reader: Reader, kind: RoleKind| {
        for cert in pool_from_pem_as(pem, go) {
            let summary = CertificateSummary::of(&cert);
            let id = summary.sha256_fingerprint.clone();
            let f = found.entry(id.clone()).or_insert_with(|| Found {
                entry: TimelineCertificate {
                    id,
                    subject: summary.subject.clone(),
                    issuer: summary.issuer.clone(),
                    is_ca: summary.is_ca,
                    not_before: Some(summary.not_before.clone()),
                    not_after: Some(summary.not_after.clone()),
                    dates: CertificateDates::FromCertificate,
                    roles: Vec::new(),
                    renewal: None,
                },
                cert,
            });
            let role = CertificateRole {
                kind,
                component: reader.component.clone(),
                source: format!("secret/{secret} {key}"),
                path: reader.path.clone(),
                read: reader.read,
            };
            if !f.entry.roles.contains(&role) {
                f.entry.roles.push(role);
            }
        }
    };
    for component in Component::ALL {
        for (secret, key, path) in mounted_keys(install, component) {
            let Some(pem) = install.secret(&secret).and_then(|s| s.data.get(&key)) else {
                continue;
            };
            let reader = Reader {
                component: component.name().to_string(),
                path: Some(path),
                read: ReadWhen::AtStart,
            };
            add(
                pem,
                &secret,
                &key,
                reader,
                role_kind(component, &secret, &key),
            );
        }
    }
    // argocd-server reads its certificate through the API (§3.2): the Secret the report says it
    // serves from.
    let mut generated = Vec::new();
    for c in report.components.iter().filter(|c| c.present) {
        for ep in &c.endpoints {
            let Some(tls) = &ep.tls else { continue };
            let cert = &tls.certificate;
            if c.name == Component::Server.name()
                && let Some(secret) = cert.source.strip_prefix("secret/")
                && let Some(pem) = install.secret(secret).and_then(|s| s.data.get("tls.crt"))
            {
                let reader = Reader {
                    component: c.name.clone(),
                    path: None,
                    read: if cert.hot_reload {
                        ReadWhen::HotReload
                    } else {
                        ReadWhen::ApiAtStart
                    },
                };
                add(pem, secret, "tls.crt", reader, RoleKind::Read);
            }
            if cert.dates != CertificateDates::FromCertificate
                && let Some(s) = cert.chain.first()
            {
                generated.push(TimelineCertificate {
                    id: format!("generated:{}:{}", c.name, ep.port),
                    subject: s.subject.clone(),
                    issuer: s.issuer.clone(),
                    is_ca: false,
                    not_before: None,
                    not_after: None,
                    dates: cert.dates,
                    roles: vec![CertificateRole {
                        kind: RoleKind::Served,
                        component: c.name.clone(),
                        source: cert.source.clone(),
                        path: None,
                        read: ReadWhen::AtStart,
                    }],
                    renewal: None,
                });
            }
        }
    }
    // What each endpoint serves (by fingerprint): the leaf and the chain behind it.
    for c in report.components.iter().filter(|c| c.present) {
        for ep in &c.endpoints {
            let Some(tls) = &ep.tls else { continue };
            for (i, s) in tls.certificate.chain.iter().enumerate() {
                if let Some(f) = found.get_mut(&s.sha256_fingerprint) {
                    let role = CertificateRole {
                        kind: if i == 0 {
                            RoleKind::Served
                        } else {
                            RoleKind::ServedChain
                        },
                        component: c.name.clone(),
                        source: tls.certificate.source.clone(),
                        path: None,
                        read: if tls.certificate.hot_reload {
                            ReadWhen::HotReload
                        } else {
                            ReadWhen::AtStart
                        },
                    };
                    if !f.entry.roles.contains(&role) {
                        f.entry.roles.insert(0, role);
                    }
                }
            }
        }
    }
    let mut found: Vec<Found> = found.into_values().collect();
    found.sort_by(|a, b| {
        (a.cert.not_after, &a.entry.subject).cmp(&(b.cert.not_after, &b.entry.subject))
    });
    (found, generated)
}
