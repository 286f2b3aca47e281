//! The way in (issue 15): TLS moved to the edge. For `atIngress` every ingress-nginx Ingress that
//! routes to argocd-server speaks plaintext to it (`backend-protocol` `HTTPS` → `HTTP`, `GRPCS`
//! → `GRPC`, `ssl-passthrough` removed) and argocd-server serves plaintext (`server.insecure`).
//! `passthrough` is the reverse (`ssl-passthrough: "true"`, `backend-protocol: HTTPS`,
//! `server.insecure` removed; the server certificate's names gain the Ingresses' hosts, in
//! `Ctx::names`). `reencrypt` (Gateway API) adds a `BackendTLSPolicy` on the argocd-server
//! Service verifying against a ConfigMap with the CA of argocd-server's certificate (the
//! `server.certificate` posture's, read from the Secret change it made), and removes
//! `server.insecure`; the routes and the Gateway stay as they are. The two sides cannot change
//! at once: the order (and the window when none is safe) is the search's.

use std::collections::BTreeMap;

use serde_json::json;

use super::args::{remove_flag, set_flag};
use super::{Builder, SERVER_TLS, unsupported};
use crate::model::Component;
use crate::model::edge::BackendTlsPolicy;
use crate::plan::change::{Change, Edit};
use crate::plan::posture::objects::{apply, ingress_annotations_patch, metadata};
use crate::plan::posture::{EdgePosture, EdgeTermination, Posture, PostureError};
use crate::resolve::settings::Knob;
use crate::resolve::verify_with_ca::CMD_PARAMS_CM;

/// ingress-nginx's annotation prefix.
const NGINX: &str = "nginx.ingress.kubernetes.io/";
/// The ConfigMap holding the CA a BackendTLSPolicy verifies argocd-server against (`ca.crt`,
/// the key Gateway API's core support reads).
const SERVER_CA_CM: &str = "argocd-server-ca";

impl Builder<'_, '_> {
    pub(super) fn edge(&mut self, edge: &EdgePosture) -> Result<(), PostureError> {
        match edge.termination {
            EdgeTermination::AtIngress => self.tls_at_ingress(false),
            EdgeTermination::Passthrough => self.tls_at_ingress(true),
            EdgeTermination::Reencrypt => self.reencrypt(),
        }
    }

    /// `passthrough`: the reverse of `atIngress` for the annotations and the server.
    fn tls_at_ingress(&mut self, passthrough: bool) -> Result<(), PostureError> {
        let ingresses = &self.ctx.install.edge.ingresses;
        if ingresses.is_empty() {
            return Err(unsupported(
                "edge termination: no Ingress routes to argocd-server".into(),
            ));
        }
        for ingress in ingresses {
            let way = format!("Ingress/{}", ingress.name);
            let controller = self
                .ctx
                .report
                .ways_in
                .iter()
                .find(|w| w.name == way)
                .map_or("unknown", |w| w.controller.as_str());
            if controller != "ingress-nginx" {
                return Err(unsupported(format!(
                    "edge termination is planned for ingress-nginx; {way} is served by {controller}"
                )));
            }
            let get = |k: &str| ingress.annotations.get(&format!("{NGINX}{k}"));
            let mut set: BTreeMap<String, Option<String>> = BTreeMap::new();
            let protocol = get("backend-protocol").map(|p| p.to_ascii_uppercase());
            let plaintext = match protocol.as_deref() {
                None | Some("HTTP" | "GRPC") => None,
                Some("HTTPS") => Some("HTTP"),
                Some("GRPCS") => Some("GRPC"),
                Some(other) => {
                    return Err(unsupported(format!(
                        "{way}: backend-protocol {other} is not planned (HTTP, HTTPS, GRPC, GRPCS)"
                    )));
                }
            };
            if passthrough {
                if protocol.as_deref() != Some("HTTPS") {
                    set.insert(format!("{NGINX}backend-protocol"), Some("HTTPS".into()));
                }
                if get("ssl-passthrough").map(String::as_str) != Some("true") {
                    set.insert(format!("{NGINX}ssl-passthrough"), Some("true".into()));
                }
            } else {
                if let Some(p) = plaintext {
                    set.insert(format!("{NGINX}backend-protocol"), Some(p.into()));
                }
                if get("ssl-passthrough").is_some() {
                    set.insert(format!("{NGINX}ssl-passthrough"), None);
                }
            }
            if set.is_empty() {
                continue;
            }
            let what: Vec<String> = set
                .iter()
                .map(|(k, v)| {
                    let k = k.trim_start_matches(NGINX);
                    match v {
                        Some(v) => format!("{k}: {v}"),
                        None => format!("no {k}"),
                    }
                })
                .collect();
            let edits = set
                .iter()
                .map(|(k, v)| Edit::SetIngressAnnotation {
                    ingress: ingress.name.clone(),
                    key: k.clone(),
                    value: v.clone(),
                })
                .collect();
            let object = ingress_annotations_patch(&ingress.name, self.ns(), &set);
            self.push(
                format!("ingress/{}", ingress.name),
                format!(
                    "Patch Ingress {}: {} ({})",
                    ingress.name,
                    what.join(", "),
                    if passthrough {
                        "TLS passes through to argocd-server"
                    } else {
                        "TLS ends at the Ingress"
                    }
                ),
                edits,
                vec![object],
            );
        }
        if passthrough {
            self.server_serves_tls("argocd-server serves TLS (passed through the Ingress)");
            return Ok(());
        }
        let title = "argocd-server serves plaintext (TLS ends at the Ingress)";
        match self.bound(Component::Server, Knob::Insecure) {
            Some(k) => self.keys(
                "cmd-params/edge/argocd-server".into(),
                title.into(),
                BTreeMap::from([(k, Some("true".to_string()))]),
            ),
            None => {
                if let Some(e) = self.workload(Component::Server, title) {
                    set_flag(&mut e.new.args, "insecure", None);
                }
            }
        }
        Ok(())
    }

    /// argocd-server serves TLS: `server.insecure` (or `--insecure`) goes.
    fn server_serves_tls(&mut self, title: &str) {
        if let Some(k) = self.bound(Component::Server, Knob::Insecure)
            && self
                .ctx
                .install
                .config_map(CMD_PARAMS_CM)
                .is_some_and(|c| c.data.contains_key(&k))
        {
            self.keys(
                "cmd-params/edge/argocd-server".into(),
                title.into(),
                BTreeMap::from([(k, None)]),
            );
        }
        if let Some(e) = self.workload(Component::Server, title) {
            remove_flag(&mut e.new.args, "insecure");
        }
    }

    /// `reencrypt`: the CA ConfigMap, the BackendTLSPolicy, argocd-server serving TLS.
    fn reencrypt(&mut self) -> Result<(), PostureError> {
        let edge = &self.ctx.install.edge;
        let Some(route) = edge.routes.iter().find(|r| r.kind != "TLSRoute") else {
            return Err(unsupported(
                "edge termination reencrypt: no HTTPRoute or GRPCRoute routes to argocd-server (a BackendTLSPolicy is Gateway API's)".into(),
            ));
        };
        let Some(service) = route.backends.first().map(|b| b.service.clone()) else {
            return Err(unsupported(format!(
                "{} {}: no argocd-server backendRef",
                route.kind, route.name
            )));
        };
        if self.ctx.posture.server.is_none() {
            return Err(unsupported(
                "edge termination reencrypt needs `server.certificate`: the BackendTLSPolicy verifies argocd-server's certificate against its CA".into(),
            ));
        }
        let hostname = reencrypt_hostname(self.ctx.posture, self.ns());
        // The CA of the certificate the posture's `server` part made (its Secret change).
        let secret_change = self
            .out
            .iter()
            .find_map(|c| {
                c.edits.iter().find_map(|e| match e {
                    Edit::PutSecret(s) if s.name == SERVER_TLS => {
                        Some((c.id.clone(), s.data.get("ca.crt").cloned()))
                    }
                    _ => None,
                })
            })
            .ok_or_else(|| unsupported("no argocd-server-tls change to take the CA from".into()))?;
        let (after, ca) = secret_change;
        let ca = ca.filter(|c| !c.trim().is_empty()).ok_or_else(|| {
            unsupported("argocd-server-tls has no ca.crt: nothing for the BackendTLSPolicy to verify against".into())
        })?;
        let ns = self.ns().to_string();
        let cert_manager = after.starts_with("certificate/");
        let edit = Edit::SetConfigMapKey {
            config_map: SERVER_CA_CM.into(),
            key: "ca.crt".into(),
            value: Some(ca.clone()),
        };
        if cert_manager {
            // cert-manager writes the CA into the Secret in the cluster: copied from there.
            self.out.push(Change {
                id: format!("configmap/{SERVER_CA_CM}"),
                title: format!(
                    "Create ConfigMap {SERVER_CA_CM} with the CA of argocd-server's certificate (ca.crt copied from Secret {SERVER_TLS}, which cert-manager writes)"
                ),
                edits: vec![edit],
                objects: Vec::new(),
                after: vec![after],
                waits: vec![format!(
                    "kubectl -n {ns} create configmap {SERVER_CA_CM} --from-literal=ca.crt=\"$(kubectl -n {ns} get secret {SERVER_TLS} -o jsonpath='{{.data.ca\\.crt}}' | base64 -d)\" --dry-run=client -o yaml | kubectl -n {ns} apply -f -"
                )],
            });
        } else {
            let object = apply(json!({
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": metadata(SERVER_CA_CM, &ns, &BTreeMap::new()),
                "data": {"ca.crt": ca},
            }));
            self.push(
                format!("configmap/{SERVER_CA_CM}"),
                format!(
                    "Create ConfigMap {SERVER_CA_CM} with the CA of argocd-server's certificate"
                ),
                vec![edit],
                vec![object],
            );
        }
        let name = edge
            .backend_tls_policies
            .iter()
            .find(|p| p.target_services.iter().any(|t| t == &service))
            .map_or_else(|| service.clone(), |p| p.name.clone());
        let policy = BackendTlsPolicy {
            name: name.clone(),
            target_services: vec![service.clone()],
            hostname: hostname.clone(),
            ca_certificate_refs: vec![SERVER_CA_CM.into()],
            well_known_ca_certificates: None,
            position: None,
        };
        let object = apply(json!({
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "BackendTLSPolicy",
            "metadata": metadata(&name, &ns, &BTreeMap::new()),
            "spec": {
                "targetRefs": [{"group": "", "kind": "Service", "name": service}],
                "validation": {
                    "caCertificateRefs": [{"group": "", "kind": "ConfigMap", "name": SERVER_CA_CM}],
                    "hostname": hostname,
                },
            },
        }));
        self.out.push(Change {
            id: format!("backendtlspolicy/{name}"),
            title: format!(
                "Create BackendTLSPolicy {name}: the Gateway speaks TLS to Service {service}, verified against ConfigMap {SERVER_CA_CM} for {hostname}"
            ),
            edits: vec![Edit::PutBackendTlsPolicy(policy)],
            objects: vec![object],
            after: vec![format!("configmap/{SERVER_CA_CM}")],
            waits: Vec::new(),
        });
        self.server_serves_tls("argocd-server serves TLS (re-encrypted by the Gateway)");
        Ok(())
    }
}

/// The name the Gateway checks under `reencrypt`: the posture's, else the Service's
/// `argocd-server.<namespace>.svc`.
pub(super) fn reencrypt_hostname(posture: &Posture, ns: &str) -> String {
    posture
        .edge
        .as_ref()
        .and_then(|e| e.hostname.clone())
        .map_or_else(
            || format!("argocd-server.{ns}.svc"),
            |h| h.to_ascii_lowercase(),
        )
}
