//! The upstream install manifests as data: what `manifests/install.yaml` (and its HA and hydrator
//! variants) of an Argo CD version declares for TLS and transport — the page's default example.
//!
//! Only the parts the planner reads are modelled: each component's command line, the
//! `argocd-cmd-params-cm` env bindings for TLS, plaintext, strict TLS, CA and client-certificate
//! paths, `--disable-tls`, listen and peer addresses (`repo.server`, `server.dex.server`,
//! `commit.server`, `redis.server`), the TLS Secret mounts (reference §10, §11.2), the images and
//! replicas. Logging, caching, K8s-client and OTLP bindings are left out.
//!
//! Versions: v2.4 … v3.6-dev. Each table row says since when it applies. Boundaries come from
//! the reference (`argocd-tls.md` §12: Dex TLS v2.5.0, mTLS and CA paths v3.5.0), from the
//! upstream pull request that added a binding (named on the row), or from the install manifests
//! of v2.4.28, v2.11.14, v2.14.21 and v3.5.1 in `shared/fixtures/upstream`, which the tests
//! compare this module against. Rows whose boundary is inferred say so. Older versions than v2.4
//! get the v2.4 shape; a version that does not parse gets the newest release modelled (v3.5.1).
//! Version text is read by [`ArgoVersion::parse`], the same reading as the resolver's:
//! pre-release suffixes (`-rc1`) count as their release; `-dev`, `head` or the image tag `latest`
//! is the development branch (3.6.0-dev), `stable` the newest release. The Dex image comes from
//! the releases table (`crate::argo::releases`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::argo::ArgoVersion;
use crate::argo::version::{NEWEST_RELEASE, OLDEST};

use super::{
    Component, ConfigMap, EnvValue, EnvVar, Installation, KeyToPath, SecretMount, Workload,
};

/// Which upstream install manifest to model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum InstallFlavor {
    /// `manifests/install.yaml`.
    #[default]
    Plain,
    /// `manifests/ha/install.yaml`: two API and repo servers, Redis behind
    /// `argocd-redis-ha-haproxy`.
    HighAvailability,
    /// `manifests/install-with-hydrator.yaml`: adds `argocd-commit-server` (v2.14+).
    Hydrator,
}

/// The TLS-relevant parts of the plain upstream install of `version` (e.g. `v3.5.1`), in
/// `namespace` (empty: none). See [`standard_install_flavor`] for the HA and hydrator variants.
pub fn standard_install(version: &str, namespace: &str) -> Installation {
    standard_install_flavor(version, namespace, InstallFlavor::Plain)
}

/// The TLS-relevant parts of the upstream install manifest `flavor` of `version`: the Argo CD
/// workloads, `argocd-cmd-params-cm` with its upstream labels (empty, except `redis.server` in
/// the HA flavor and `hydrator.enabled` in the hydrator flavor), and no Secrets (upstream creates none of the TLS Secrets).
pub fn standard_install_flavor(
    version: &str,
    namespace: &str,
    flavor: InstallFlavor,
) -> Installation {
    let version = install_version(version);
    let workloads = Component::ALL
        .into_iter()
        .filter(|&c| present(c, version, flavor))
        .map(|c| workload(c, version, flavor))
        .collect();
    let labels = crate::sort::sorted_map([
        (
            "app.kubernetes.io/name".to_owned(),
            "argocd-cmd-params-cm".to_owned(),
        ),
        ("app.kubernetes.io/part-of".to_owned(), "argocd".to_owned()),
    ]);
    let data = crate::sort::sorted_map(
        CMD_PARAMS
            .iter()
            .filter(|&&(f, _, _, since)| f == flavor && at_least(version, since))
            .map(|&(_, key, value, _)| (key.to_owned(), value.to_owned())),
    );
    Installation {
        namespace: (!namespace.is_empty()).then(|| namespace.to_owned()),
        workloads,
        config_maps: vec![
            ConfigMap {
                name: "argocd-cmd-params-cm".to_owned(),
                data,
                labels,
                position: None,
            },
            // argocd-cm ships without `dex.config`: Dex runs but does not listen until SSO is
            // configured.
            ConfigMap {
                name: "argocd-cm".to_owned(),
                data: BTreeMap::new(),
                labels: crate::sort::sorted_map([
                    ("app.kubernetes.io/name".to_owned(), "argocd-cm".to_owned()),
                    ("app.kubernetes.io/part-of".to_owned(), "argocd".to_owned()),
                ]),
                position: None,
            },
        ],
        secrets: Vec::new(),
        certificates: Vec::new(),
        edge: super::edge::Edge::default(),
    }
}

/// The version an install models: [`ArgoVersion::parse`] (the one reading of version text and
/// image tags), the newest release when the text does not parse, the oldest shape below it.
fn install_version(text: &str) -> ArgoVersion {
    ArgoVersion::parse(text)
        .unwrap_or(NEWEST_RELEASE)
        .max(OLDEST)
}

/// Whether a row whose `since` is `since` applies: the version is at least the last entry, or on
/// the minor line of an earlier entry (a backport) at or after its patch.
fn at_least(version: ArgoVersion, since: Since) -> bool {
    let v = version.triple();
    since.last().is_some_and(|&last| v >= last)
        || since
            .iter()
            .any(|&(major, minor, patch)| (v.0, v.1) == (major, minor) && v.2 >= patch)
}

type Since = &'static [(u16, u16, u16)];

const V2_4: Since = &[(2, 4, 0)];
/// Dex TLS (reference §12).
const V2_5: Since = &[(2, 5, 0)];
/// `/usr/local/bin/…` absolute binaries: between the v2.4.28 and v2.11.14 fixtures; v2.7.0
/// inferred from argo-helm aligning with upstream for Argo CD 2.7 (May 2023) and issue #17090
/// (v2.9.6 has them).
const V2_7: Since = &[(2, 7, 0)];
/// Listen addresses (PR #11846, merged 2023-05) and the applicationset controller's own
/// `applicationsetcontroller.repo.server.*` keys (PR #13381, merged 2023-05): v2.8.0.
const V2_8: Since = &[(2, 8, 0)];
/// Redis `--requirepass` (GHSA-9766-5277-j5hr): 2.8.19, 2.9.15, 2.10.10, 2.11.1 and later.
const REDIS_AUTH: Since = &[(2, 8, 19), (2, 9, 15), (2, 10, 10), (2, 11, 1)];
/// `notificationscontroller.repo.server.plaintext` (PR #19630, merged 2024-08): v2.13.0.
const V2_13: Since = &[(2, 13, 0)];
/// The commit server (source hydrator): v2.14.0.
const V2_14: Since = &[(2, 14, 0)];
/// Repo-server mTLS and CA/client-certificate paths (reference §12).
const V3_5: Since = &[(3, 5, 0)];
/// `REDIS_SENTINEL_*` bindings (reference §10.2, §12: HEAD only).
const V3_6: Since = &[(3, 6, 0)];

/// `argocd-cmd-params-cm` entries a flavor sets: `(flavor, key, value, since)`.
const CMD_PARAMS: &[(InstallFlavor, &str, &str, Since)] = &[
    // The HA manifest points every Redis client at HAProxy.
    (
        InstallFlavor::HighAvailability,
        "redis.server",
        "argocd-redis-ha-haproxy:6379",
        V2_4,
    ),
    // The hydrator manifest turns the controller's commit-server client on.
    (InstallFlavor::Hydrator, "hydrator.enabled", "true", V2_14),
];

/// One `configMapKeyRef` env binding on `argocd-cmd-params-cm` (`optional: true`).
struct EnvRow {
    component: Component,
    name: &'static str,
    key: &'static str,
    since: Since,
}

const fn env(component: Component, name: &'static str, key: &'static str, since: Since) -> EnvRow {
    EnvRow {
        component,
        name,
        key,
        since,
    }
}

use Component::{
    ApplicationController as Ctrl, ApplicationSetController as AppSet, CommitServer as Commit,
    DexServer as Dex, NotificationsController as Notif, Redis as Rds, RepoServer as Repo,
    Server as Api,
};

/// The TLS, address and path env bindings, per component in upstream order.
#[rustfmt::skip]
const ENV: &[EnvRow] = &[
    env(Api, "ARGOCD_SERVER_INSECURE", "server.insecure", V2_4),
    // Not TLS: which paths argocd-server serves (the way in, issue 15).
    env(Api, "ARGOCD_SERVER_BASEHREF", "server.basehref", V2_4),
    env(Api, "ARGOCD_SERVER_ROOTPATH", "server.rootpath", V2_4),
    env(Api, "ARGOCD_SERVER_REPO_SERVER", "repo.server", V2_4),
    env(Api, "ARGOCD_SERVER_DEX_SERVER", "server.dex.server", V2_4),
    env(Api, "ARGOCD_SERVER_REPO_SERVER_PLAINTEXT", "server.repo.server.plaintext", V2_4),
    env(Api, "ARGOCD_SERVER_REPO_SERVER_STRICT_TLS", "server.repo.server.strict.tls", V2_4),
    env(Api, "ARGOCD_SERVER_REPO_SERVER_CA_CERT_PATH", "server.repo.server.ca.cert.path", V3_5),
    env(Api, "ARGOCD_SERVER_REPO_SERVER_CLIENT_CERT_PATH", "server.repo.server.client.cert.path", V3_5),
    env(Api, "ARGOCD_SERVER_REPO_SERVER_CLIENT_CERT_KEY_PATH", "server.repo.server.client.cert.key.path", V3_5),
    env(Api, "ARGOCD_SERVER_DEX_SERVER_PLAINTEXT", "server.dex.server.plaintext", V2_5),
    env(Api, "ARGOCD_SERVER_DEX_SERVER_STRICT_TLS", "server.dex.server.strict.tls", V2_5),
    env(Api, "ARGOCD_TLS_MIN_VERSION", "server.tls.minversion", V2_4),
    env(Api, "ARGOCD_TLS_MAX_VERSION", "server.tls.maxversion", V2_4),
    env(Api, "ARGOCD_TLS_CIPHERS", "server.tls.ciphers", V2_4),
    env(Api, "REDIS_SERVER", "redis.server", V2_4),
    env(Api, "REDIS_SENTINEL_HOSTS", "redis.sentinel.hosts", V3_6),
    env(Api, "REDIS_SENTINEL_MASTER", "redis.sentinel.master", V3_6),
    env(Api, "ARGOCD_SERVER_LISTEN_ADDRESS", "server.listen.address", V2_8),
    env(Api, "ARGOCD_SERVER_METRICS_LISTEN_ADDRESS", "server.metrics.listen.address", V2_8),
    env(Repo, "ARGOCD_REPO_SERVER_LISTEN_ADDRESS", "reposerver.listen.address", V2_8),
    env(Repo, "ARGOCD_REPO_SERVER_LISTEN_METRICS_ADDRESS", "reposerver.metrics.listen.address", V2_8),
    env(Repo, "ARGOCD_REPO_SERVER_DISABLE_TLS", "reposerver.disable.tls", V2_4),
    env(Repo, "ARGOCD_TLS_MIN_VERSION", "reposerver.tls.minversion", V2_4),
    env(Repo, "ARGOCD_TLS_MAX_VERSION", "reposerver.tls.maxversion", V2_4),
    env(Repo, "ARGOCD_TLS_CIPHERS", "reposerver.tls.ciphers", V2_4),
    env(Repo, "ARGOCD_REPO_SERVER_CLIENT_CA_PATH", "reposerver.client.ca.path", V3_5),
    env(Repo, "REDIS_SERVER", "redis.server", V2_4),
    env(Repo, "REDIS_SENTINEL_HOSTS", "redis.sentinel.hosts", V3_6),
    env(Repo, "REDIS_SENTINEL_MASTER", "redis.sentinel.master", V3_6),
    env(Dex, "ARGOCD_DEX_SERVER_DISABLE_TLS", "dexserver.disable.tls", V2_5),
    env(Ctrl, "ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER", "repo.server", V2_4),
    env(Ctrl, "ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_PLAINTEXT", "controller.repo.server.plaintext", V2_4),
    env(Ctrl, "ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_STRICT_TLS", "controller.repo.server.strict.tls", V2_4),
    env(Ctrl, "ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_CA_CERT_PATH", "controller.repo.server.ca.cert.path", V3_5),
    env(Ctrl, "ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_PATH", "controller.repo.server.client.cert.path", V3_5),
    env(Ctrl, "ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_KEY_PATH", "controller.repo.server.client.cert.key.path", V3_5),
    env(Ctrl, "REDIS_SERVER", "redis.server", V2_4),
    env(Ctrl, "REDIS_SENTINEL_HOSTS", "redis.sentinel.hosts", V3_6),
    env(Ctrl, "REDIS_SENTINEL_MASTER", "redis.sentinel.master", V3_6),
    env(Ctrl, "ARGOCD_APPLICATION_CONTROLLER_COMMIT_SERVER", "commit.server", V2_14),
    env(AppSet, "ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER", "repo.server", V2_8),
    env(AppSet, "ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_PLAINTEXT", "applicationsetcontroller.repo.server.plaintext", V2_8),
    env(AppSet, "ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_STRICT_TLS", "applicationsetcontroller.repo.server.strict.tls", V2_8),
    env(AppSet, "ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_CA_CERT_PATH", "applicationsetcontroller.repo.server.ca.cert.path", V3_5),
    env(AppSet, "ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_CLIENT_CERT_PATH", "applicationsetcontroller.repo.server.client.cert.path", V3_5),
    env(AppSet, "ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_CLIENT_CERT_KEY_PATH", "applicationsetcontroller.repo.server.client.cert.key.path", V3_5),
    env(Notif, "ARGOCD_NOTIFICATION_CONTROLLER_REPO_SERVER_PLAINTEXT", "notificationscontroller.repo.server.plaintext", V2_13),
    env(Notif, "ARGOCD_NOTIFICATION_CONTROLLER_REPO_SERVER_CA_CERT_PATH", "notificationscontroller.repo.server.ca.cert.path", V3_5),
    env(Notif, "ARGOCD_NOTIFICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_PATH", "notificationscontroller.repo.server.client.cert.path", V3_5),
    env(Notif, "ARGOCD_NOTIFICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_KEY_PATH", "notificationscontroller.repo.server.client.cert.key.path", V3_5),
    env(Commit, "ARGOCD_COMMIT_SERVER_LISTEN_ADDRESS", "commitserver.listen.address", V2_14),
    env(Commit, "ARGOCD_COMMIT_SERVER_METRICS_LISTEN_ADDRESS", "commitserver.metrics.listen.address", V2_14),
];

/// One TLS Secret volume (`optional: true`, volume named like the Secret) and its mount.
struct MountRow {
    component: Component,
    secret: &'static str,
    mount_path: &'static str,
    /// `items` (each key projected under its own name).
    keys: &'static [&'static str],
    since: Since,
}

const fn mount(
    component: Component,
    secret: &'static str,
    mount_path: &'static str,
    keys: &'static [&'static str],
    since: Since,
) -> MountRow {
    MountRow {
        component,
        secret,
        mount_path,
        keys,
        since,
    }
}

const TLS: &[&str] = &["tls.crt", "tls.key", "ca.crt"];
const CLIENT: &[&str] = &["client.crt", "client.key", "server-ca.crt"];
const REPO_TLS: &str = "argocd-repo-server-tls";
const REPO_MTLS: &str = "argocd-repo-server-mtls";
const DEX_TLS: &str = "argocd-dex-server-tls";

/// The TLS Secret mounts (reference §11.2), per component in upstream order.
#[rustfmt::skip]
const MOUNTS: &[MountRow] = &[
    mount(Api, REPO_TLS, "/app/config/server/tls", TLS, V2_4),
    mount(Api, REPO_MTLS, "/app/config/reposerver/mtls", CLIENT, V3_5),
    mount(Api, DEX_TLS, "/app/config/dex/tls", &["tls.crt", "ca.crt"], V2_5),
    mount(Repo, REPO_TLS, "/app/config/reposerver/tls", TLS, V2_4),
    mount(Repo, REPO_MTLS, "/app/config/reposerver/mtls", &["client-ca.crt"], V3_5),
    mount(Dex, DEX_TLS, "/tls", TLS, V2_5),
    mount(Ctrl, REPO_TLS, "/app/config/controller/tls", TLS, V2_4),
    mount(Ctrl, REPO_MTLS, "/app/config/reposerver/mtls", CLIENT, V3_5),
    mount(AppSet, REPO_TLS, "/app/config/reposerver/tls", TLS, V2_8),
    mount(AppSet, REPO_MTLS, "/app/config/reposerver/mtls", CLIENT, V3_5),
    mount(Notif, REPO_TLS, "/app/config/reposerver/tls", TLS, V2_4),
    mount(Notif, REPO_MTLS, "/app/config/reposerver/mtls", CLIENT, V3_5),
];

/// A component's `command` ++ `args`; the last row that applies wins.
struct ArgsRow {
    component: Component,
    since: Since,
    args: &'static [&'static str],
}

const fn args(component: Component, since: Since, args: &'static [&'static str]) -> ArgsRow {
    ArgsRow {
        component,
        since,
        args,
    }
}

#[rustfmt::skip]
const ARGS: &[ArgsRow] = &[
    args(Api, V2_4, &["argocd-server"]),
    args(Api, V2_7, &["/usr/local/bin/argocd-server"]),
    args(Repo, V2_4, &["sh", "-c", "entrypoint.sh argocd-repo-server --redis argocd-redis:6379"]),
    args(Repo, V2_7, &["/usr/local/bin/argocd-repo-server"]),
    args(Dex, V2_4, &["/shared/argocd-dex", "rundex"]),
    args(Ctrl, V2_4, &["argocd-application-controller"]),
    args(Ctrl, V2_7, &["/usr/local/bin/argocd-application-controller"]),
    args(AppSet, V2_4, &["entrypoint.sh", "argocd-applicationset-controller"]),
    args(AppSet, V2_7, &["/usr/local/bin/argocd-applicationset-controller"]),
    args(Notif, V2_4, &["argocd-notifications"]),
    args(Notif, V2_7, &["/usr/local/bin/argocd-notifications"]),
    args(Commit, V2_14, &["/usr/local/bin/argocd-commit-server"]),
    args(Rds, V2_4, &["--save", "", "--appendonly", "no"]),
    args(Rds, REDIS_AUTH, &["--save", "", "--appendonly", "no", "--requirepass $(REDIS_PASSWORD)"]),
];

/// Redis (and HA HAProxy) images, known exactly for the fixture versions only; `None` elsewhere.
const REDIS_IMAGES: &[((u16, u16, u16), &str, &str)] = &[
    ((2, 4, 28), "redis:7.0.8-alpine", ""),
    ((2, 11, 14), "redis:7.0.15-alpine", ""),
    ((2, 14, 21), "redis:7.2.11-alpine", ""),
    (
        (3, 5, 1),
        "public.ecr.aws/docker/library/redis:8.2.3-alpine",
        "public.ecr.aws/docker/library/haproxy:3.0.8-alpine",
    ),
];

fn present(component: Component, version: ArgoVersion, flavor: InstallFlavor) -> bool {
    match component {
        Component::CommitServer => flavor == InstallFlavor::Hydrator && at_least(version, V2_14),
        _ => true,
    }
}

fn image(component: Component, version: ArgoVersion, flavor: InstallFlavor) -> Option<String> {
    let v = version.triple();
    match component {
        // The tag from the releases table (HEAD's for the development line).
        Component::DexServer => Some(format!("ghcr.io/dexidp/dex:{}", version.dex_image_tag())),
        Component::Redis => REDIS_IMAGES
            .iter()
            .find(|&&(known, _, _)| known == v && !version.is_dev())
            .map(|&(_, redis, haproxy)| match flavor {
                InstallFlavor::HighAvailability => haproxy,
                _ => redis,
            })
            .filter(|image| !image.is_empty())
            .map(str::to_owned),
        _ if version.is_dev() => Some("quay.io/argoproj/argocd:latest".to_owned()),
        _ => Some(format!("quay.io/argoproj/argocd:v{}.{}.{}", v.0, v.1, v.2)),
    }
}

fn workload(component: Component, version: ArgoVersion, flavor: InstallFlavor) -> Workload {
    let ha = flavor == InstallFlavor::HighAvailability;
    let (name, args) = if component == Component::Redis && ha {
        // HAProxy runs its image's default command.
        ("argocd-redis-ha-haproxy", Vec::new())
    } else {
        let args = ARGS
            .iter()
            .rfind(|row| row.component == component && at_least(version, row.since))
            .map(|row| row.args.iter().map(|&a| a.to_owned()).collect())
            .unwrap_or_default();
        (component.name(), args)
    };
    let env = ENV
        .iter()
        .filter(|row| row.component == component && at_least(version, row.since))
        .map(|row| EnvVar {
            name: row.name.to_owned(),
            value: EnvValue::ConfigMapKey {
                config_map: "argocd-cmd-params-cm".to_owned(),
                key: row.key.to_owned(),
                optional: true,
            },
        })
        .collect();
    let mounts = MOUNTS
        .iter()
        .filter(|row| row.component == component && at_least(version, row.since))
        .map(|row| SecretMount {
            volume: row.secret.to_owned(),
            mount_path: row.mount_path.to_owned(),
            sub_path: None,
            secret: row.secret.to_owned(),
            items: Some(
                row.keys
                    .iter()
                    .map(|&k| KeyToPath {
                        key: k.to_owned(),
                        path: k.to_owned(),
                    })
                    .collect(),
            ),
            optional: true,
        })
        .collect();
    let replicas = match component {
        Component::ApplicationController => Some(1),
        Component::Server | Component::RepoServer if ha => Some(2),
        Component::Redis if ha => Some(3),
        _ => None,
    };
    let kind = if component == Component::ApplicationController {
        "StatefulSet"
    } else {
        "Deployment"
    };
    Workload {
        component,
        kind: kind.to_owned(),
        name: name.to_owned(),
        image: image(component, version, flavor),
        args,
        env,
        mounts,
        replicas,
        pod_metadata: Default::default(),
        position: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::argo::version::HEAD;

    #[test]
    fn versions() {
        let v = |text| ArgoVersion::parse(text).unwrap();
        let cases = [
            ("v3.5.1", v("3.5.1")),
            ("3.5.1", v("3.5.1")),
            ("v2.11", v("2.11.0")),
            ("v3.5.0-rc1", v("3.5.0")),
            // The image tag `latest` is the development branch, `stable` the newest release.
            ("latest", HEAD),
            ("stable", NEWEST_RELEASE),
            ("quay.io/argoproj/argocd:v2.14.21", v("2.14.21")),
            ("v3.6.0-dev", HEAD),
            ("3.6-dev", HEAD),
            ("HEAD", HEAD),
            ("v1.8.7", OLDEST),
            ("banana", NEWEST_RELEASE),
            ("v3.5.1.2", NEWEST_RELEASE),
            ("", NEWEST_RELEASE),
        ];
        for (text, want) in cases {
            assert_eq!(install_version(text), want, "{text}");
        }
    }

    #[test]
    fn backported_rows() {
        let cases = [
            ("v2.8.18", false),
            ("v2.8.19", true),
            ("v2.9.14", false),
            ("v2.9.15", true),
            ("v2.10.10", true),
            ("v2.11.0", false),
            ("v2.11.1", true),
            ("v2.12.0", true),
            ("v2.7.99", false),
        ];
        for (text, want) in cases {
            assert_eq!(at_least(install_version(text), REDIS_AUTH), want, "{text}");
        }
    }

    #[test]
    fn boundaries() {
        let has_env = |version: &str, component: Component, name: &str| {
            standard_install(version, "")
                .workload(component)
                .is_some_and(|w| w.env.iter().any(|e| e.name == name))
        };
        let cases = [
            (
                "v2.4.28",
                Component::DexServer,
                "ARGOCD_DEX_SERVER_DISABLE_TLS",
                false,
            ),
            (
                "v2.5.0",
                Component::DexServer,
                "ARGOCD_DEX_SERVER_DISABLE_TLS",
                true,
            ),
            (
                "v3.4.9",
                Component::RepoServer,
                "ARGOCD_REPO_SERVER_CLIENT_CA_PATH",
                false,
            ),
            (
                "v3.5.0",
                Component::RepoServer,
                "ARGOCD_REPO_SERVER_CLIENT_CA_PATH",
                true,
            ),
            ("v3.5.1", Component::Server, "REDIS_SENTINEL_HOSTS", false),
            ("3.6-dev", Component::Server, "REDIS_SENTINEL_HOSTS", true),
        ];
        for (version, component, name, want) in cases {
            assert_eq!(has_env(version, component, name), want, "{version} {name}");
        }
        let dex = |version: &str| {
            standard_install(version, "")
                .workload(Component::DexServer)
                .and_then(|w| w.image.clone())
        };
        assert_eq!(dex("v2.9.3").as_deref(), Some("ghcr.io/dexidp/dex:v2.37.0"));
        assert_eq!(dex("v2.6.7").as_deref(), Some("ghcr.io/dexidp/dex:v2.35.3"));
        assert_eq!(
            dex("3.6-dev").as_deref(),
            Some("ghcr.io/dexidp/dex:v2.45.1")
        );
        let hydrator = |version: &str| {
            standard_install_flavor(version, "", InstallFlavor::Hydrator)
                .workload(Component::CommitServer)
                .is_some()
        };
        assert!(!hydrator("v2.13.5"));
        assert!(hydrator("v2.14.0"));
        assert!(
            standard_install("v3.5.1", "")
                .workload(Component::CommitServer)
                .is_none()
        );
    }
}
