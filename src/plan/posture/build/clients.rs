//! The forward parts that are not certificates: which clients verify the repo-server and Dex,
//! Redis TLS flags and mounts, the mTLS mounts, the TLS policy.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use super::args::{put_mount, remove_flag, set_flag, set_redis_arg};
use super::{
    Builder, MTLS, REDIS_CLIENTS, REDIS_TLS, REDIS_TLS_DIR, REDIS_TLS_PORT, redis_host,
    unsupported, workload_patch,
};
use crate::model::{Component, KeyToPath, SecretMount};
use crate::plan::change::{ApplyHow, Change, Edit, KubeObject};
use crate::plan::posture::{MozillaProfile, PostureError, RepoClient, TlsPolicy};
use crate::resolve::redis::REDIS_PORT;
use crate::resolve::settings::Knob;
use crate::resolve::verify_with_ca::{bound_key, row, verify_with_ca_changes};

impl Builder<'_, '_> {
    /// The clients of `verify` (all present ones when `None`) verify the repo-server with the
    /// CA in its Secret's `ca.crt`: one change per client (each reads its keys at its own
    /// restart). A client without a key for it gets the flag in its args.
    pub(super) fn verify_repo_server(&mut self, verify: Option<&[RepoClient]>) {
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

    pub(super) fn verify_dex(&mut self) {
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

    /// Redis serves TLS with `argocd-redis-tls` on a second port beside its plaintext one
    /// (redis-server cannot serve both on one port, reference §9); argocd-server, the
    /// repo-server and the controller dial that port with `--redis-use-tls` and verify its
    /// `ca.crt` (flags only, no keys). Redis stops serving plaintext in a later change
    /// ([`Builder::redis_plaintext_off`]), once every client dials TLS.
    pub(super) fn redis_tls(&mut self) {
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
        if let Some(e) = self.workload(
            Component::Redis,
            &format!("serve TLS with argocd-redis-tls on {REDIS_TLS_PORT}, beside plaintext"),
        ) {
            let args = &mut e.new.args;
            for (flag, value) in [
                ("--tls-port", REDIS_TLS_PORT.to_string()),
                ("--tls-cert-file", format!("{REDIS_TLS_DIR}/tls.crt")),
                ("--tls-key-file", format!("{REDIS_TLS_DIR}/tls.key")),
                // Redis's password still authenticates clients; without this, Redis requires a
                // client certificate (and a CA to check it) from every client.
                ("--tls-auth-clients", "no".to_string()),
            ] {
                set_redis_arg(args, flag, &value);
            }
            put_mount(&mut e.new.mounts, mount(None));
            e.after.push(secret_change.clone());
        }
        for client in REDIS_CLIENTS {
            let host = self
                .ctx
                .report
                .connections
                .iter()
                .find(|c| c.client == client.name() && c.server == "argocd-redis")
                .map_or_else(
                    || "argocd-redis".to_string(),
                    |c| redis_host(&c.address).to_string(),
                );
            if let Some(e) = self.workload(
                client,
                &format!(
                    "dial Redis over TLS on {REDIS_TLS_PORT}, verifying argocd-redis-tls ca.crt"
                ),
            ) {
                set_flag(&mut e.new.args, "redis-use-tls", None);
                set_flag(
                    &mut e.new.args,
                    "redis-ca-certificate",
                    Some(&format!("{REDIS_TLS_DIR}/ca.crt")),
                );
                set_flag(
                    &mut e.new.args,
                    "redis",
                    Some(&format!("{host}:{REDIS_TLS_PORT}")),
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

    /// After [`Builder::redis_tls`]'s changes: the Redis change also opens the TLS port on the
    /// `argocd-redis` Service and its NetworkPolicy (the upstream one admits only 6379 from
    /// argocd-server, the repo-server and the controller), and a second Redis change stops
    /// plaintext (`--port 0`) after every client's change.
    pub(in crate::plan::posture) fn redis_plaintext_off(&mut self) {
        let ns = self.ctx.ns.clone();
        let Some(i) = self
            .out
            .iter()
            .position(|c| c.id.starts_with("workload/") && c.id.contains("redis"))
        else {
            return;
        };
        let Some(Edit::PutWorkload(tls)) = self.out[i].edits.first().cloned() else {
            return;
        };
        let port = |name: &str, p: u16| json!({"name": name, "port": p, "targetPort": p});
        self.out[i].objects.push(KubeObject {
            how: ApplyHow::Patch,
            object: json!({
                "apiVersion": "v1", "kind": "Service",
                "metadata": {"name": "argocd-redis", "namespace": ns},
                "spec": {"ports": [port("tcp-redis", REDIS_PORT), port("tcp-redis-tls", REDIS_TLS_PORT)]},
            }),
        });
        let pod =
            |name: &str| json!({"podSelector": {"matchLabels": {"app.kubernetes.io/name": name}}});
        self.out[i].objects.push(KubeObject {
            how: ApplyHow::Patch,
            object: json!({
                "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                "metadata": {"name": "argocd-redis-network-policy", "namespace": ns},
                "spec": {"ingress": [{
                    "from": [pod("argocd-server"), pod("argocd-repo-server"), pod("argocd-application-controller")],
                    "ports": [{"port": REDIS_PORT, "protocol": "TCP"}, {"port": REDIS_TLS_PORT, "protocol": "TCP"}],
                }]},
            }),
        });
        let after: Vec<String> = REDIS_CLIENTS
            .iter()
            .filter_map(|c| self.ctx.install.workload(*c))
            .map(|w| format!("workload/{}", w.name))
            .filter(|id| self.out.iter().any(|c| &c.id == id))
            .collect();
        let mut off = tls.clone();
        set_redis_arg(&mut off.args, "--port", "0");
        let kind = if off.kind.is_empty() {
            "deployment".to_string()
        } else {
            off.kind.to_ascii_lowercase()
        };
        self.out.push(Change {
            id: format!("workload/{}/plaintext-off", off.name),
            title: format!(
                "Patch {} {}: stop serving plaintext (--port 0), once every client dials TLS on {REDIS_TLS_PORT}",
                off.kind, off.name
            ),
            objects: vec![workload_patch(&tls, &off, &ns, &BTreeSet::new())],
            waits: vec![format!(
                "kubectl -n {ns} rollout status {kind}/{} --timeout=5m",
                off.name
            )],
            edits: vec![Edit::PutWorkload(off)],
            after,
        });
    }

    /// With a cert-manager Secret (`tls.crt`, `tls.key`, `ca.crt`), the mTLS mounts project its
    /// keys under the names Argo CD reads: `client-ca.crt` in the repo-server, `client.crt` and
    /// `client.key` in the clients (reference §4.3, §6.7, §11.2).
    pub(super) fn mtls_mounts(&mut self, cert_manager: bool) -> Result<(), PostureError> {
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

    pub(super) fn tls_policy(&mut self, policy: &TlsPolicy) -> Result<(), PostureError> {
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
    pub(super) fn bound(&self, c: Component, knob: Knob) -> Option<String> {
        let w = self.ctx.install.workload(c)?;
        bound_key(w, row(c, knob, self.ctx.version)?)
    }
}
