//! The certificates a posture sets: the Secret of an endpoint made from the operator's CA, from
//! certificates issued outside the core ([`PostureOptions::issued`]), or a cert-manager
//! `Certificate` (with its stand-in Secret), and the self-signed bootstrap Issuer → CA
//! Certificate → CA Issuer chain of `createCaIssuer`.

use std::collections::BTreeMap;

use serde_json::json;

use super::{
    Builder, CA_CERTIFICATE, CA_ISSUER, Endpoint, MTLS_CLIENT_CN, SELF_SIGNED_ISSUER, unsupported,
};
use crate::generate::GenerateRequest;
use crate::model::Secret;
use crate::plan::change::{Change, Edit};
use crate::plan::posture::issue::{CA_DAYS, CERT_MANAGER_DAYS, stand_in_set};
use crate::plan::posture::objects::{
    CertificateSpec, certificate_object, issuer_object, issuer_ref, secret_object,
};
use crate::plan::posture::{CertificateSource, IssuedPem, PostureError};

impl Builder<'_, '_> {
    /// The Secret of `ep` (or the cert-manager objects that make it).
    pub(super) fn certificate(
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
        if let CertificateSource::CertManager {
            issuer,
            create_ca_issuer,
        } = source
        {
            return self.cert_manager(ep, issuer.as_ref(), *create_ca_issuer, labels);
        }
        let (ca, crt, key) = self.pems(name, name, source)?;
        let how = match source {
            CertificateSource::MyCa {
                cert_pem: Some(_),
                key_pem: Some(_),
                ..
            } => "from your CA",
            CertificateSource::Generate => "generated here",
            _ => "issued here by your CA",
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

    /// The CA, certificate and key PEMs of `source` (not cert-manager, which callers handle
    /// first) for Secret `name`: the operator's certificate and key (checked as Go's
    /// `tls.X509KeyPair` checks them), or what was issued outside the core under `id`.
    pub(super) fn pems(
        &self,
        name: &str,
        id: &str,
        source: &CertificateSource,
    ) -> Result<(String, String, String), PostureError> {
        match source {
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
                Ok((ca_cert_pem.clone(), cert.clone(), key.clone()))
            }
            CertificateSource::MyCa {
                ca_key_pem: None,
                cert_pem: None,
                ..
            } => Err(PostureError::BadPem {
                endpoint: name.into(),
                message: "myCa needs caKeyPem (the leaf is issued here) or certPem and keyPem"
                    .into(),
            }),
            _ => {
                let issued = self.issued(id)?;
                Ok((
                    issued.ca_cert_pem.clone(),
                    issued.cert_pem.clone(),
                    issued.key_pem.clone(),
                ))
            }
        }
    }

    pub(super) fn issued(&self, id: &str) -> Result<&IssuedPem, PostureError> {
        self.ctx
            .options
            .issued
            .get(id)
            .ok_or_else(|| PostureError::NotIssued { id: id.into() })
    }

    pub(super) fn cert_manager(
        &mut self,
        ep: Endpoint,
        issuer: Option<&crate::plan::posture::IssuerRef>,
        create_ca_issuer: bool,
        labels: BTreeMap<String, String>,
    ) -> Result<(), PostureError> {
        let now = self.ctx.now();
        let seed = self.ctx.seed.clone();
        let (issuer_name, issuer_kind, stand_in, whose) = if create_ca_issuer {
            self.ca_chain()?;
            let ca = self.stand_in_ca(CA_CERTIFICATE, CA_CERTIFICATE)?;
            (CA_ISSUER.to_string(), "Issuer", ca, String::new())
        } else if let Some(i) = issuer {
            let label = format!("{} {}", i.kind.as_str(), i.name);
            let ca = self.stand_in_ca(&label, &format!("CA of {label}"))?;
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
    pub(super) fn ca_chain(&mut self) -> Result<(), PostureError> {
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
        let ca = self.stand_in_ca(CA_CERTIFICATE, CA_CERTIFICATE)?;
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
}

/// The label argocd-server's 3.5+ settings informer reloads Secrets for (reference §3.4).
fn part_of_argocd() -> BTreeMap<String, String> {
    BTreeMap::from([(
        "app.kubernetes.io/part-of".to_string(),
        "argocd".to_string(),
    )])
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
