//! The way in (issue 15): TLS moved to the edge. For `atIngress` every ingress-nginx Ingress that
//! routes to argocd-server speaks plaintext to it (`backend-protocol` `HTTPS` → `HTTP`, `GRPCS`
//! → `GRPC`, `ssl-passthrough` removed) and argocd-server serves plaintext (`server.insecure`).
//! `passthrough` is the reverse (`ssl-passthrough: "true"`, `backend-protocol: HTTPS`,
//! `server.insecure` removed; the server certificate's names gain the Ingresses' hosts, in
//! `Ctx::names`). The two sides cannot change at once: the order (and the window when none is
//! safe) is the search's.

use std::collections::BTreeMap;

use super::args::{remove_flag, set_flag};
use super::{Builder, unsupported};
use crate::model::Component;
use crate::plan::change::Edit;
use crate::plan::posture::objects::ingress_annotations_patch;
use crate::plan::posture::{EdgePosture, EdgeTermination, PostureError};
use crate::resolve::settings::Knob;
use crate::resolve::verify_with_ca::CMD_PARAMS_CM;

/// ingress-nginx's annotation prefix.
const NGINX: &str = "nginx.ingress.kubernetes.io/";

impl Builder<'_, '_> {
    pub(super) fn edge(&mut self, edge: &EdgePosture) -> Result<(), PostureError> {
        match edge.termination {
            EdgeTermination::AtIngress => self.tls_at_ingress(false),
            EdgeTermination::Passthrough => self.tls_at_ingress(true),
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
            // argocd-server serves TLS: `server.insecure` (or `--insecure`) goes.
            let title = "argocd-server serves TLS (passed through the Ingress)";
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
}
