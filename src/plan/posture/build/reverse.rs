//! The reverse directions: back to the upstream install, and TLS off behind a mesh.

use std::collections::{BTreeMap, BTreeSet};

use super::args::{remove_flag, remove_redis_arg, set_flag};
use super::{Builder, DEX_TLS, MTLS, REDIS_TLS, REPO_TLS, SERVER_TLS, workload_patch};
use crate::model::{Component, SecretMount};
use crate::plan::change::{Change, Edit};
use crate::plan::posture::objects::delete_object;
use crate::plan::posture::{Mesh, PostureError, RepoClient};
use crate::resolve::settings::{Knob, SETTINGS};
use crate::resolve::verify_with_ca::CMD_PARAMS_CM;

impl Builder<'_, '_> {
    /// Back to the upstream install: every TLS key of `argocd-cmd-params-cm` removed, every TLS
    /// flag removed from the args, the managed Secrets deleted, the mounts of the TLS Secrets
    /// as upstream has them.
    pub(super) fn defaults(&mut self) {
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
            // Redis's TLS goes in two steps (reference §9: no port serves both): here only
            // plaintext comes back (`--port` removed); TLS goes in `redis_tls_off`, after the
            // clients stop dialling it.
            let redis_tls = c == Component::Redis && redis_tls_port(&current.args).is_some();
            if c == Component::Redis {
                let flags: &[&str] = if redis_tls {
                    &["--port"]
                } else {
                    &REDIS_SERVER_TLS_ARGS
                };
                for flag in flags {
                    remove_redis_arg(&mut args, flag);
                }
            }
            // A client dialling Redis's TLS port goes back to the default address.
            if let Some(tls_port) = self
                .ctx
                .install
                .workload(Component::Redis)
                .and_then(|r| redis_tls_port(&r.args))
                && flag_value(&args, "redis").is_some_and(|a| a.ends_with(&format!(":{tls_port}")))
            {
                remove_flag(&mut args, "redis");
            }
            let managed = |m: &SecretMount| MANAGED.contains(&m.secret.as_str()) && !redis_tls;
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
            if (args != current.args || !same_mounts)
                && let Some(e) = self.workload(
                    c,
                    "remove the TLS flags and mounts the upstream install does not have",
                )
            {
                e.new.args = args;
                if !same_mounts {
                    e.new.mounts = mounts;
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
    pub(super) fn no_tls(
        &mut self,
        mesh: Option<Mesh>,
        server_insecure: bool,
    ) -> Result<(), PostureError> {
        let v = self.ctx.version;
        let key = |s: &Self, c: Component, knob: Knob| s.bound(c, knob);
        let mut groups: Vec<KeyGroup<'_>> = vec![(
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

/// The port redis-server's args give `--tls-port` (`None`: no TLS).
fn redis_tls_port(args: &[String]) -> Option<&str> {
    let i = args.iter().rposition(|a| a == "--tls-port")?;
    args.get(i + 1).map(String::as_str).filter(|p| *p != "0")
}

/// The value of `--flag=v` / `--flag v` on an Argo CD command line (the last one wins).
fn flag_value<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
    let (bare, with) = (format!("--{flag}"), format!("--{flag}="));
    let mut out = None;
    for (i, a) in args.iter().enumerate() {
        if let Some(v) = a.strip_prefix(&with) {
            out = Some(v);
        } else if *a == bare {
            out = args.get(i + 1).map(String::as_str);
        }
    }
    out
}

impl Builder<'_, '_> {
    /// After `defaults`' changes, when Redis serves TLS: a second Redis change removes its TLS
    /// arguments and the `argocd-redis-tls` mount once every client's change (back to
    /// plaintext on 6379) is in; the Secret is deleted after it.
    pub(in crate::plan::posture) fn redis_tls_off(&mut self) {
        let Some(current) = self.ctx.install.workload(Component::Redis) else {
            return;
        };
        if redis_tls_port(&current.args).is_none() {
            return;
        }
        let ns = self.ctx.ns.clone();
        let id = format!("workload/{}", current.name);
        let from = match self
            .out
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.edits.first())
        {
            Some(Edit::PutWorkload(w)) => w.clone(),
            _ => current.clone(),
        };
        let mut off = from.clone();
        for flag in REDIS_SERVER_TLS_ARGS {
            remove_redis_arg(&mut off.args, flag);
        }
        off.mounts.retain(|m| m.secret != REDIS_TLS);
        let after: Vec<String> = super::REDIS_CLIENTS
            .iter()
            .filter_map(|c| self.ctx.install.workload(*c))
            .map(|w| format!("workload/{}", w.name))
            .chain(std::iter::once(id.clone()))
            .filter(|i| self.out.iter().any(|c| &c.id == i))
            .collect();
        let kind = if off.kind.is_empty() {
            "deployment".to_string()
        } else {
            off.kind.to_ascii_lowercase()
        };
        let off_id = format!("{id}/tls-off");
        self.out.push(Change {
            id: off_id.clone(),
            title: format!(
                "Patch {} {}: stop serving TLS, once every client dials plaintext again",
                off.kind, off.name
            ),
            objects: vec![workload_patch(&from, &off, &ns, &BTreeSet::new())],
            waits: vec![format!(
                "kubectl -n {ns} rollout status {kind}/{} --timeout=5m",
                off.name
            )],
            edits: vec![Edit::PutWorkload(off)],
            after,
        });
        if let Some(d) = self
            .out
            .iter_mut()
            .find(|c| c.id == format!("delete-secret/{REDIS_TLS}"))
        {
            d.after.push(off_id);
        }
    }
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
        Knob::RepoServer
            | Knob::DexServer
            | Knob::Redis
            | Knob::AppConfPath
            | Knob::ListenAddress
            | Knob::RootPath
            | Knob::BaseHref
    )
}

/// A group of cmd-params keys set together: id, title, the component, the keys and values.
type KeyGroup<'a> = (String, String, Component, Vec<(Knob, &'a str)>);
