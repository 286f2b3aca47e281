//! Which `argocd-cmd-params-cm` keys make each client verify the repo-server and Dex with a CA
//! (the one the page's Generate tab makes, or the user's), for a plan's Argo CD version: the
//! rule the page used to encode in JS, derived here from the settings table (which knob a
//! component has since which version, and its key) and the client's own Secret mounts.
//!
//! * 3.5+ (reference §6.2–§6.4): `*.repo.server.ca.cert.path` set to where the client mounts
//!   `argocd-repo-server-tls` `ca.crt` (only that CA is trusted); a legacy `*.strict.tls` key the
//!   plan sets is removed (deprecated in 3.5, and redundant once the CA path is set).
//! * Before 3.5 (§6.5, §6.8): the legacy `*.repo.server.strict.tls` key, which makes the client
//!   trust its mounted `argocd-repo-server-tls` `tls.crt` and `ca.crt`. The notifications
//!   controller's `--argocd-repo-server-strict-tls` has no key and no env (§6.3): a note.
//! * Dex (§7, 2.5+): `server.dex.server.strict.tls`, which trusts `argocd-dex-server-tls`
//!   `ca.crt` and pins its `tls.crt`.
//!
//! Only clients that are present and reach the server over TLS in the resolved report get a
//! change; the keys are only those the workload binds (the table's env var read from
//! `argocd-cmd-params-cm`), so a key never lands where nothing reads it.

use serde::Serialize;

use super::settings::{Knob, SETTINGS, Setting};
use crate::argo::ArgoVersion;
use crate::model::{Component, EnvValue, Installation, Workload};
use crate::report::{Report, Transport};

/// The ConfigMap every change is for.
pub const CMD_PARAMS_CM: &str = "argocd-cmd-params-cm";

/// The Secret the repo-server serves from (and its clients mount).
const REPO_SERVER_TLS: &str = "argocd-repo-server-tls";

/// The clients of the repo-server, in the order the changes are listed (reference §6).
const REPO_CLIENTS: [Component; 4] = [
    Component::Server,
    Component::ApplicationController,
    Component::ApplicationSetController,
    Component::NotificationsController,
];

/// One key to set (or remove) in `argocd-cmd-params-cm`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TrustChange {
    /// Always `argocd-cmd-params-cm`.
    pub config_map: String,
    /// The key, e.g. `controller.repo.server.ca.cert.path`.
    pub key: String,
    /// The value to set; empty: remove the key.
    pub value: String,
    /// The client that reads it.
    pub component: Component,
    /// Why, in a sentence fragment for display.
    pub why: String,
}

/// What makes the clients verify with the CA: key changes, and what keys cannot do.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TrustChanges {
    /// The `argocd-cmd-params-cm` changes, repo-server clients first, then Dex.
    pub changes: Vec<TrustChange>,
    /// Clients keys cannot make verify, and what to do instead.
    pub notes: Vec<String>,
}

/// The `argocd-cmd-params-cm` changes that make the clients of `servers` (the repo-server and
/// Dex; other components are ignored) verify a certificate signed by the CA in each server's
/// Secret `ca.crt`, for `install` as `report` resolved it (its version, which clients are
/// present, which connections use TLS).
pub fn verify_with_ca_changes(
    install: &Installation,
    report: &Report,
    servers: &[Component],
) -> TrustChanges {
    let mut out = TrustChanges::default();
    let Some(version) = ArgoVersion::parse(&report.argocd_version) else {
        return out;
    };
    let cm = install.config_map(CMD_PARAMS_CM);
    let over_tls = |client: Component, server: Component| {
        report.connections.iter().any(|c| {
            c.client == client.name() && c.server == server.name() && c.transport == Transport::Tls
        })
    };
    let present = |c: Component| {
        report
            .components
            .iter()
            .any(|r| r.present && r.name == c.name())
    };
    if servers.contains(&Component::RepoServer) {
        for client in REPO_CLIENTS {
            let Some(workload) = install.workload(client) else {
                continue;
            };
            if !present(client) || !over_tls(client, Component::RepoServer) {
                continue;
            }
            let ca_path = row(client, Knob::RepoCaCertPath, version);
            let legacy = row(client, Knob::RepoStrictTls, version);
            if let Some(ca_path) = ca_path {
                let Some(key) = bound_key(workload, ca_path) else {
                    out.notes.push(flag_note(
                        client,
                        ca_path,
                        &report.argocd_version,
                        "a CA path",
                    ));
                    continue;
                };
                // 3.5+: trust exactly the CA, read from the client's mount of ca.crt.
                let Some(path) = mounted_path(workload, REPO_SERVER_TLS, "ca.crt") else {
                    out.notes.push(format!(
                        "{} does not mount {REPO_SERVER_TLS} ca.crt: put the CA where it can read it and set {key}.",
                        client.name()
                    ));
                    continue;
                };
                out.changes.push(change(
                    client,
                    &key,
                    &path,
                    format!(
                        "{} trusts only the CA ({REPO_SERVER_TLS} ca.crt, mounted at {path})",
                        client.name()
                    ),
                ));
                if let Some(legacy_key) = legacy.and_then(|l| bound_key(workload, l))
                    && cm.is_some_and(|m| m.data.contains_key(&legacy_key))
                {
                    out.changes.push(change(
                        client,
                        &legacy_key,
                        "",
                        format!("deprecated since 3.5; {key} replaces it"),
                    ));
                }
            } else if let Some(legacy) = legacy {
                match bound_key(workload, legacy) {
                    Some(key) => out.changes.push(change(
                        client,
                        &key,
                        "true",
                        format!(
                            "{} verifies against its mounted {REPO_SERVER_TLS} tls.crt and ca.crt",
                            client.name()
                        ),
                    )),
                    None => out.notes.push(flag_note(
                        client,
                        legacy,
                        &report.argocd_version,
                        "strict TLS",
                    )),
                }
            }
        }
    }
    if servers.contains(&Component::DexServer)
        && over_tls(Component::Server, Component::DexServer)
        && let Some(workload) = install.workload(Component::Server)
        && let Some(strict) = row(Component::Server, Knob::DexStrictTls, version)
        && let Some(key) = bound_key(workload, strict)
    {
        out.changes.push(change(
            Component::Server,
            &key,
            "true",
            "argocd-server verifies Dex against argocd-dex-server-tls ca.crt and pins its tls.crt"
                .to_string(),
        ));
    }
    out
}

/// The settings-table row of `component`'s `knob`, if `version` has it.
pub(crate) fn row(
    component: Component,
    knob: Knob,
    version: ArgoVersion,
) -> Option<&'static Setting> {
    SETTINGS
        .iter()
        .find(|s| s.component == component && s.knob == knob && s.since.holds(version))
}

/// The `argocd-cmd-params-cm` key the workload reads `setting` from: the table's key, when the
/// workload binds the table's env var to it (the last binding of that variable wins, as in
/// Kubernetes).
pub(crate) fn bound_key(workload: &Workload, setting: &Setting) -> Option<String> {
    let (env, key) = (setting.env?, setting.key?);
    match &workload.env.iter().rev().find(|e| e.name == env)?.value {
        EnvValue::ConfigMapKey {
            config_map,
            key: bound,
            ..
        } if config_map == CMD_PARAMS_CM && bound == key => Some(bound.clone()),
        _ => None,
    }
}

fn flag_note(client: Component, setting: &Setting, version: &str, what: &str) -> String {
    let how = setting.flag.map_or_else(String::new, |f| {
        format!(": add --{f} to its container args")
    });
    format!(
        "{} has no argocd-cmd-params-cm key for {what} in {version}{how}.",
        client.name()
    )
}

fn change(client: Component, key: &str, value: &str, why: String) -> TrustChange {
    TrustChange {
        config_map: CMD_PARAMS_CM.to_string(),
        key: key.to_string(),
        value: value.to_string(),
        component: client,
        why,
    }
}

/// Where `workload` sees `key` of `secret`: the first mount of that Secret that projects the key
/// (every key under its own name without `items`; a `subPath` mount is the one file it names).
fn mounted_path(workload: &Workload, secret: &str, key: &str) -> Option<String> {
    workload
        .mounts
        .iter()
        .filter(|m| m.secret == secret)
        .find_map(|m| {
            let base = m.mount_path.trim_end_matches('/');
            let file = match m.items.as_deref() {
                None | Some([]) => key.to_string(),
                Some(items) => items.iter().find(|i| i.key == key)?.path.clone(),
            };
            match &m.sub_path {
                Some(sub) => (*sub == file).then(|| m.mount_path.clone()),
                None => Some(format!("{base}/{file}")),
            }
        })
}

#[cfg(test)]
mod tests {
    //! Expected keys and paths come from the reference: §6.3 (per-client keys, notifications'
    //! strict flag has no key), §6.5 (legacy trust-store mounts), §6.2/§6.4 (the 3.5 CA path),
    //! §7 (Dex strict TLS, 2.5+), §11.2 (where each client mounts `argocd-repo-server-tls`).
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::ConfigMap;
    use crate::model::standard::standard_install;
    use crate::resolve::{Options, resolve};
    use crate::time::UnixTime;

    const REPO_AND_DEX: [Component; 2] = [Component::RepoServer, Component::DexServer];

    /// The standard install of `version` with Dex configured (argocd-cm `url` and a `dex.config`
    /// with a connector, §0.0 item 8) and `params` in argocd-cmd-params-cm.
    fn install(version: &str, params: &[(&str, &str)]) -> Installation {
        let mut install = standard_install(version, "argocd");
        install.config_maps.retain(|c| c.name != "argocd-cm");
        install.config_maps.push(ConfigMap {
            name: "argocd-cm".into(),
            data: BTreeMap::from([
                ("url".into(), "https://argocd.example.com".into()),
                (
                    "dex.config".into(),
                    "connectors:\n- type: github\n  id: github\n  name: GitHub\n  config:\n    clientID: x\n".into(),
                ),
            ]),
            ..ConfigMap::default()
        });
        let cm = install
            .config_maps
            .iter_mut()
            .find(|c| c.name == CMD_PARAMS_CM)
            .expect("the standard install has argocd-cmd-params-cm");
        for (k, v) in params {
            cm.data.insert((*k).into(), (*v).into());
        }
        install
    }

    fn changes_for(install: &Installation, version: &str, servers: &[Component]) -> TrustChanges {
        let report = resolve(
            install,
            &Options {
                now: UnixTime::from_secs(1_800_000_000),
                argocd_version: Some(version.into()),
                namespace: None,
            },
        )
        .expect("a modelled version");
        verify_with_ca_changes(install, &report, servers)
    }

    fn keys(t: &TrustChanges) -> Vec<(&str, &str, &str)> {
        t.changes
            .iter()
            .map(|c| (c.component.name(), c.key.as_str(), c.value.as_str()))
            .collect()
    }

    #[test]
    fn from_3_5_each_client_trusts_its_mount_of_the_ca() {
        let t = changes_for(&install("3.5.1", &[]), "3.5.1", &REPO_AND_DEX);
        assert_eq!(
            keys(&t),
            [
                (
                    "argocd-server",
                    "server.repo.server.ca.cert.path",
                    "/app/config/server/tls/ca.crt"
                ),
                (
                    "argocd-application-controller",
                    "controller.repo.server.ca.cert.path",
                    "/app/config/controller/tls/ca.crt"
                ),
                (
                    "argocd-applicationset-controller",
                    "applicationsetcontroller.repo.server.ca.cert.path",
                    "/app/config/reposerver/tls/ca.crt"
                ),
                (
                    "argocd-notifications-controller",
                    "notificationscontroller.repo.server.ca.cert.path",
                    "/app/config/reposerver/tls/ca.crt"
                ),
                ("argocd-server", "server.dex.server.strict.tls", "true"),
            ]
        );
        assert!(t.notes.is_empty(), "{:?}", t.notes);
        assert!(t.changes.iter().all(|c| c.config_map == CMD_PARAMS_CM));
    }

    #[test]
    fn from_3_5_a_deprecated_strict_key_in_the_plan_is_removed() {
        let i = install("3.5.1", &[("controller.repo.server.strict.tls", "true")]);
        let t = changes_for(&i, "3.5.1", &[Component::RepoServer]);
        let removed: Vec<_> = keys(&t).into_iter().filter(|k| k.2.is_empty()).collect();
        assert_eq!(
            removed,
            [(
                "argocd-application-controller",
                "controller.repo.server.strict.tls",
                ""
            )]
        );
        assert_eq!(t.changes.len(), 5);
    }

    #[test]
    fn before_3_5_the_legacy_strict_keys_and_a_note_for_notifications() {
        for version in ["2.11.14", "2.14.21", "3.4.7"] {
            let t = changes_for(&install(version, &[]), version, &REPO_AND_DEX);
            assert_eq!(
                keys(&t),
                [
                    ("argocd-server", "server.repo.server.strict.tls", "true"),
                    (
                        "argocd-application-controller",
                        "controller.repo.server.strict.tls",
                        "true"
                    ),
                    (
                        "argocd-applicationset-controller",
                        "applicationsetcontroller.repo.server.strict.tls",
                        "true"
                    ),
                    ("argocd-server", "server.dex.server.strict.tls", "true"),
                ],
                "{version}"
            );
            assert_eq!(
                t.notes,
                [format!(
                    "argocd-notifications-controller has no argocd-cmd-params-cm key for strict TLS in {version}: add --argocd-repo-server-strict-tls to its container args."
                )]
            );
        }
    }

    #[test]
    fn only_the_servers_asked_for() {
        let i = install("3.5.1", &[]);
        let dex = changes_for(&i, "3.5.1", &[Component::DexServer]);
        assert_eq!(
            keys(&dex),
            [("argocd-server", "server.dex.server.strict.tls", "true")]
        );
        let none = changes_for(&i, "3.5.1", &[Component::Server]);
        assert_eq!(none, TrustChanges::default());
    }

    #[test]
    fn a_plaintext_client_gets_nothing() {
        let i = install(
            "3.5.1",
            &[
                ("server.repo.server.plaintext", "true"),
                ("server.dex.server.plaintext", "true"),
            ],
        );
        let t = changes_for(&i, "3.5.1", &REPO_AND_DEX);
        assert!(
            t.changes.iter().all(|c| c.component != Component::Server),
            "{t:?}"
        );
        assert_eq!(t.changes.len(), 3);
    }

    #[test]
    fn a_client_without_the_mount_gets_a_note() {
        let mut i = install("3.5.1", &[]);
        let w = i
            .workloads
            .iter_mut()
            .find(|w| w.component == Component::ApplicationController)
            .unwrap();
        w.mounts.retain(|m| m.secret != REPO_SERVER_TLS);
        let t = changes_for(&i, "3.5.1", &[Component::RepoServer]);
        assert!(
            t.changes
                .iter()
                .all(|c| c.component != Component::ApplicationController)
        );
        assert_eq!(
            t.notes,
            [
                "argocd-application-controller does not mount argocd-repo-server-tls ca.crt: put the CA where it can read it and set controller.repo.server.ca.cert.path."
            ]
        );
    }

    #[test]
    fn dex_strict_tls_exists_from_2_5() {
        // 2.4: Dex serves plain HTTP and argocd-server has no Dex TLS flags (§7, §12).
        let t = changes_for(&install("2.4.28", &[]), "2.4.28", &[Component::DexServer]);
        assert_eq!(t, TrustChanges::default());
    }

    #[test]
    fn a_key_the_workload_does_not_read_is_not_offered() {
        let mut i = install("3.4.7", &[]);
        let w = i
            .workloads
            .iter_mut()
            .find(|w| w.component == Component::ApplicationSetController)
            .unwrap();
        w.env
            .retain(|e| e.name != "ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_STRICT_TLS");
        let t = changes_for(&i, "3.4.7", &[Component::RepoServer]);
        assert!(
            t.changes
                .iter()
                .all(|c| c.component != Component::ApplicationSetController)
        );
        assert!(t.notes.contains(&"argocd-applicationset-controller has no argocd-cmd-params-cm key for strict TLS in 3.4.7: add --repo-server-strict-tls to its container args.".to_string()));
    }

    #[test]
    fn mount_paths_follow_items_and_sub_path() {
        use crate::model::{KeyToPath, SecretMount};
        let mut w = standard_install("3.5.1", "argocd")
            .workload(Component::Server)
            .unwrap()
            .clone();
        w.mounts = vec![SecretMount {
            volume: "v".into(),
            mount_path: "/etc/repo".into(),
            sub_path: None,
            secret: REPO_SERVER_TLS.into(),
            items: Some(vec![KeyToPath {
                key: "ca.crt".into(),
                path: "root.pem".into(),
            }]),
            optional: true,
        }];
        assert_eq!(
            mounted_path(&w, REPO_SERVER_TLS, "ca.crt").as_deref(),
            Some("/etc/repo/root.pem")
        );
        w.mounts[0].items = None;
        w.mounts[0].sub_path = Some("ca.crt".into());
        assert_eq!(
            mounted_path(&w, REPO_SERVER_TLS, "ca.crt").as_deref(),
            Some("/etc/repo")
        );
        w.mounts[0].sub_path = Some("tls.crt".into());
        assert_eq!(mounted_path(&w, REPO_SERVER_TLS, "ca.crt"), None);
    }
}
