//! The settings table: every flag, environment variable and `argocd-cmd-params-cm` key each
//! component reads, with its default and the first version that has it (data, kept as one table).

use crate::argo::ArgoVersion;
use crate::model::Component;

/// A setting the planner reads, independent of the component that has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Knob {
    Insecure,
    TlsMinVersion,
    TlsMaxVersion,
    TlsCiphers,
    DisableTls,
    ClientCaPath,
    RepoServer,
    RepoPlaintext,
    RepoStrictTls,
    RepoCaCertPath,
    RepoClientCertPath,
    RepoClientCertKeyPath,
    DexServer,
    DexPlaintext,
    DexStrictTls,
    Redis,
    RedisUseTls,
    RedisCaCertificate,
    RedisClientCertificate,
    RedisClientKey,
    RedisInsecureSkipVerify,
    AppConfPath,
    ListenAddress,
    RootPath,
    BaseHref,
}

/// How a value is parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Bool,
    Text,
}

/// Since when a flag exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Since {
    Always,
    V2_5,
    V3_5,
}

impl Since {
    pub(crate) fn holds(self, v: ArgoVersion) -> bool {
        match self {
            Self::Always => true,
            Self::V2_5 => v.dex_tls(),
            Self::V3_5 => v.v3_5(),
        }
    }
}

/// One row of the settings table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Setting {
    pub(crate) component: Component,
    pub(crate) knob: Knob,
    /// The flag without dashes (`None` for env-only settings).
    pub(crate) flag: Option<&'static str>,
    /// The environment variable the binary reads (`None` for flag-only settings).
    pub(crate) env: Option<&'static str>,
    /// The `argocd-cmd-params-cm` key the upstream manifests bind to that variable.
    pub(crate) key: Option<&'static str>,
    pub(crate) kind: Kind,
    /// The default; `DEFAULT_CIPHERS` is replaced by the version's default cipher string.
    pub(crate) default: &'static str,
    pub(crate) since: Since,
}

pub(crate) const DEFAULT_CIPHERS: &str = "<default ciphers>";
const MTLS_CERT: &str = "/app/config/reposerver/mtls/client.crt";
const MTLS_KEY: &str = "/app/config/reposerver/mtls/client.key";

macro_rules! row {
    ($c:ident, $k:ident, $flag:expr, $env:expr, $key:expr, $kind:ident, $default:expr, $since:ident) => {
        Setting {
            component: Component::$c,
            knob: Knob::$k,
            flag: $flag,
            env: $env,
            key: $key,
            kind: Kind::$kind,
            default: $default,
            since: Since::$since,
        }
    };
}

/// The settings table (reference §10.1–10.2). Upstream keys are what the install manifests bind.
pub(crate) const SETTINGS: &[Setting] = &[
    // argocd-server
    row!(
        Server,
        Insecure,
        Some("insecure"),
        Some("ARGOCD_SERVER_INSECURE"),
        Some("server.insecure"),
        Bool,
        "false",
        Always
    ),
    row!(
        Server,
        TlsMinVersion,
        Some("tlsminversion"),
        Some("ARGOCD_TLS_MIN_VERSION"),
        Some("server.tls.minversion"),
        Text,
        "1.2",
        Always
    ),
    row!(
        Server,
        TlsMaxVersion,
        Some("tlsmaxversion"),
        Some("ARGOCD_TLS_MAX_VERSION"),
        Some("server.tls.maxversion"),
        Text,
        "1.3",
        Always
    ),
    row!(
        Server,
        TlsCiphers,
        Some("tlsciphers"),
        Some("ARGOCD_TLS_CIPHERS"),
        Some("server.tls.ciphers"),
        Text,
        DEFAULT_CIPHERS,
        Always
    ),
    row!(
        Server,
        RepoServer,
        Some("repo-server"),
        Some("ARGOCD_SERVER_REPO_SERVER"),
        Some("repo.server"),
        Text,
        "argocd-repo-server:8081",
        Always
    ),
    row!(
        Server,
        RepoPlaintext,
        Some("repo-server-plaintext"),
        Some("ARGOCD_SERVER_REPO_SERVER_PLAINTEXT"),
        Some("server.repo.server.plaintext"),
        Bool,
        "false",
        Always
    ),
    row!(
        Server,
        RepoStrictTls,
        Some("repo-server-strict-tls"),
        Some("ARGOCD_SERVER_REPO_SERVER_STRICT_TLS"),
        Some("server.repo.server.strict.tls"),
        Bool,
        "false",
        Always
    ),
    row!(
        Server,
        RepoCaCertPath,
        Some("repo-server-ca-cert-path"),
        Some("ARGOCD_SERVER_REPO_SERVER_CA_CERT_PATH"),
        Some("server.repo.server.ca.cert.path"),
        Text,
        "",
        V3_5
    ),
    row!(
        Server,
        RepoClientCertPath,
        Some("repo-server-client-cert-path"),
        Some("ARGOCD_SERVER_REPO_SERVER_CLIENT_CERT_PATH"),
        Some("server.repo.server.client.cert.path"),
        Text,
        MTLS_CERT,
        V3_5
    ),
    row!(
        Server,
        RepoClientCertKeyPath,
        Some("repo-server-client-cert-key-path"),
        Some("ARGOCD_SERVER_REPO_SERVER_CLIENT_CERT_KEY_PATH"),
        Some("server.repo.server.client.cert.key.path"),
        Text,
        MTLS_KEY,
        V3_5
    ),
    row!(
        Server,
        DexServer,
        Some("dex-server"),
        Some("ARGOCD_SERVER_DEX_SERVER"),
        Some("server.dex.server"),
        Text,
        "argocd-dex-server:5556",
        Always
    ),
    row!(
        Server,
        DexPlaintext,
        Some("dex-server-plaintext"),
        Some("ARGOCD_SERVER_DEX_SERVER_PLAINTEXT"),
        Some("server.dex.server.plaintext"),
        Bool,
        "false",
        V2_5
    ),
    row!(
        Server,
        DexStrictTls,
        Some("dex-server-strict-tls"),
        Some("ARGOCD_SERVER_DEX_SERVER_STRICT_TLS"),
        Some("server.dex.server.strict.tls"),
        Bool,
        "false",
        V2_5
    ),
    row!(
        Server,
        Redis,
        Some("redis"),
        Some("REDIS_SERVER"),
        Some("redis.server"),
        Text,
        "argocd-redis:6379",
        Always
    ),
    row!(
        Server,
        RedisUseTls,
        Some("redis-use-tls"),
        None,
        None,
        Bool,
        "false",
        Always
    ),
    row!(
        Server,
        RedisCaCertificate,
        Some("redis-ca-certificate"),
        None,
        None,
        Text,
        "",
        Always
    ),
    row!(
        Server,
        RedisClientCertificate,
        Some("redis-client-certificate"),
        None,
        None,
        Text,
        "",
        Always
    ),
    row!(
        Server,
        RedisClientKey,
        Some("redis-client-key"),
        None,
        None,
        Text,
        "",
        Always
    ),
    row!(
        Server,
        RedisInsecureSkipVerify,
        Some("redis-insecure-skip-tls-verify"),
        None,
        None,
        Bool,
        "false",
        Always
    ),
    row!(
        Server,
        AppConfPath,
        None,
        Some("ARGOCD_APP_CONF_PATH"),
        None,
        Text,
        "/app/config",
        Always
    ),
    row!(
        Server,
        ListenAddress,
        Some("address"),
        Some("ARGOCD_SERVER_LISTEN_ADDRESS"),
        Some("server.listen.address"),
        Text,
        "0.0.0.0",
        Always
    ),
    // Not TLS, but they decide which paths reach argocd-server through a way in (issue 15).
    row!(
        Server,
        RootPath,
        Some("rootpath"),
        Some("ARGOCD_SERVER_ROOTPATH"),
        Some("server.rootpath"),
        Text,
        "",
        Always
    ),
    row!(
        Server,
        BaseHref,
        Some("basehref"),
        Some("ARGOCD_SERVER_BASEHREF"),
        Some("server.basehref"),
        Text,
        "/",
        Always
    ),
    // argocd-repo-server
    row!(
        RepoServer,
        DisableTls,
        Some("disable-tls"),
        Some("ARGOCD_REPO_SERVER_DISABLE_TLS"),
        Some("reposerver.disable.tls"),
        Bool,
        "false",
        Always
    ),
    row!(
        RepoServer,
        TlsMinVersion,
        Some("tlsminversion"),
        Some("ARGOCD_TLS_MIN_VERSION"),
        Some("reposerver.tls.minversion"),
        Text,
        "1.2",
        Always
    ),
    row!(
        RepoServer,
        TlsMaxVersion,
        Some("tlsmaxversion"),
        Some("ARGOCD_TLS_MAX_VERSION"),
        Some("reposerver.tls.maxversion"),
        Text,
        "1.3",
        Always
    ),
    row!(
        RepoServer,
        TlsCiphers,
        Some("tlsciphers"),
        Some("ARGOCD_TLS_CIPHERS"),
        Some("reposerver.tls.ciphers"),
        Text,
        DEFAULT_CIPHERS,
        Always
    ),
    row!(
        RepoServer,
        ClientCaPath,
        Some("client-ca-path"),
        Some("ARGOCD_REPO_SERVER_CLIENT_CA_PATH"),
        Some("reposerver.client.ca.path"),
        Text,
        "/app/config/reposerver/mtls/client-ca.crt",
        V3_5
    ),
    row!(
        RepoServer,
        ListenAddress,
        Some("address"),
        Some("ARGOCD_REPO_SERVER_LISTEN_ADDRESS"),
        Some("reposerver.listen.address"),
        Text,
        "0.0.0.0",
        Always
    ),
    row!(
        RepoServer,
        Redis,
        Some("redis"),
        Some("REDIS_SERVER"),
        Some("redis.server"),
        Text,
        "argocd-redis:6379",
        Always
    ),
    row!(
        RepoServer,
        RedisUseTls,
        Some("redis-use-tls"),
        None,
        None,
        Bool,
        "false",
        Always
    ),
    row!(
        RepoServer,
        RedisCaCertificate,
        Some("redis-ca-certificate"),
        None,
        None,
        Text,
        "",
        Always
    ),
    row!(
        RepoServer,
        RedisClientCertificate,
        Some("redis-client-certificate"),
        None,
        None,
        Text,
        "",
        Always
    ),
    row!(
        RepoServer,
        RedisClientKey,
        Some("redis-client-key"),
        None,
        None,
        Text,
        "",
        Always
    ),
    row!(
        RepoServer,
        RedisInsecureSkipVerify,
        Some("redis-insecure-skip-tls-verify"),
        None,
        None,
        Bool,
        "false",
        Always
    ),
    row!(
        RepoServer,
        AppConfPath,
        None,
        Some("ARGOCD_APP_CONF_PATH"),
        None,
        Text,
        "/app/config",
        Always
    ),
    // argocd-dex-server (the `argocd-dex rundex` wrapper)
    row!(
        DexServer,
        DisableTls,
        Some("disable-tls"),
        Some("ARGOCD_DEX_SERVER_DISABLE_TLS"),
        Some("dexserver.disable.tls"),
        Bool,
        "false",
        V2_5
    ),
    // argocd-application-controller
    row!(
        ApplicationController,
        RepoServer,
        Some("repo-server"),
        Some("ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER"),
        Some("repo.server"),
        Text,
        "argocd-repo-server:8081",
        Always
    ),
    row!(
        ApplicationController,
        RepoPlaintext,
        Some("repo-server-plaintext"),
        Some("ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_PLAINTEXT"),
        Some("controller.repo.server.plaintext"),
        Bool,
        "false",
        Always
    ),
    row!(
        ApplicationController,
        RepoStrictTls,
        Some("repo-server-strict-tls"),
        Some("ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_STRICT_TLS"),
        Some("controller.repo.server.strict.tls"),
        Bool,
        "false",
        Always
    ),
    row!(
        ApplicationController,
        RepoCaCertPath,
        Some("repo-server-ca-cert-path"),
        Some("ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_CA_CERT_PATH"),
        Some("controller.repo.server.ca.cert.path"),
        Text,
        "",
        V3_5
    ),
    row!(
        ApplicationController,
        RepoClientCertPath,
        Some("repo-server-client-cert-path"),
        Some("ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_PATH"),
        Some("controller.repo.server.client.cert.path"),
        Text,
        MTLS_CERT,
        V3_5
    ),
    row!(
        ApplicationController,
        RepoClientCertKeyPath,
        Some("repo-server-client-cert-key-path"),
        Some("ARGOCD_APPLICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_KEY_PATH"),
        Some("controller.repo.server.client.cert.key.path"),
        Text,
        MTLS_KEY,
        V3_5
    ),
    row!(
        ApplicationController,
        Redis,
        Some("redis"),
        Some("REDIS_SERVER"),
        Some("redis.server"),
        Text,
        "argocd-redis:6379",
        Always
    ),
    row!(
        ApplicationController,
        RedisUseTls,
        Some("redis-use-tls"),
        None,
        None,
        Bool,
        "false",
        Always
    ),
    row!(
        ApplicationController,
        RedisCaCertificate,
        Some("redis-ca-certificate"),
        None,
        None,
        Text,
        "",
        Always
    ),
    row!(
        ApplicationController,
        RedisClientCertificate,
        Some("redis-client-certificate"),
        None,
        None,
        Text,
        "",
        Always
    ),
    row!(
        ApplicationController,
        RedisClientKey,
        Some("redis-client-key"),
        None,
        None,
        Text,
        "",
        Always
    ),
    row!(
        ApplicationController,
        RedisInsecureSkipVerify,
        Some("redis-insecure-skip-tls-verify"),
        None,
        None,
        Bool,
        "false",
        Always
    ),
    row!(
        ApplicationController,
        AppConfPath,
        None,
        Some("ARGOCD_APP_CONF_PATH"),
        None,
        Text,
        "/app/config",
        Always
    ),
    // argocd-applicationset-controller
    row!(
        ApplicationSetController,
        RepoServer,
        Some("argocd-repo-server"),
        Some("ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER"),
        Some("repo.server"),
        Text,
        "argocd-repo-server:8081",
        Always
    ),
    row!(
        ApplicationSetController,
        RepoPlaintext,
        Some("repo-server-plaintext"),
        Some("ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_PLAINTEXT"),
        Some("applicationsetcontroller.repo.server.plaintext"),
        Bool,
        "false",
        Always
    ),
    row!(
        ApplicationSetController,
        RepoStrictTls,
        Some("repo-server-strict-tls"),
        Some("ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_STRICT_TLS"),
        Some("applicationsetcontroller.repo.server.strict.tls"),
        Bool,
        "false",
        Always
    ),
    row!(
        ApplicationSetController,
        RepoCaCertPath,
        Some("repo-server-ca-cert-path"),
        Some("ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_CA_CERT_PATH"),
        Some("applicationsetcontroller.repo.server.ca.cert.path"),
        Text,
        "",
        V3_5
    ),
    row!(
        ApplicationSetController,
        RepoClientCertPath,
        Some("repo-server-client-cert-path"),
        Some("ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_CLIENT_CERT_PATH"),
        Some("applicationsetcontroller.repo.server.client.cert.path"),
        Text,
        MTLS_CERT,
        V3_5
    ),
    row!(
        ApplicationSetController,
        RepoClientCertKeyPath,
        Some("repo-server-client-cert-key-path"),
        Some("ARGOCD_APPLICATIONSET_CONTROLLER_REPO_SERVER_CLIENT_CERT_KEY_PATH"),
        Some("applicationsetcontroller.repo.server.client.cert.key.path"),
        Text,
        MTLS_KEY,
        V3_5
    ),
    row!(
        ApplicationSetController,
        AppConfPath,
        None,
        Some("ARGOCD_APP_CONF_PATH"),
        None,
        Text,
        "/app/config",
        Always
    ),
    // argocd-notifications-controller
    row!(
        NotificationsController,
        RepoServer,
        Some("argocd-repo-server"),
        None,
        None,
        Text,
        "argocd-repo-server:8081",
        Always
    ),
    row!(
        NotificationsController,
        RepoPlaintext,
        Some("argocd-repo-server-plaintext"),
        Some("ARGOCD_NOTIFICATION_CONTROLLER_REPO_SERVER_PLAINTEXT"),
        Some("notificationscontroller.repo.server.plaintext"),
        Bool,
        "false",
        Always
    ),
    row!(
        NotificationsController,
        RepoStrictTls,
        Some("argocd-repo-server-strict-tls"),
        None,
        None,
        Bool,
        "false",
        Always
    ),
    row!(
        NotificationsController,
        RepoCaCertPath,
        Some("repo-server-ca-cert-path"),
        Some("ARGOCD_NOTIFICATION_CONTROLLER_REPO_SERVER_CA_CERT_PATH"),
        Some("notificationscontroller.repo.server.ca.cert.path"),
        Text,
        "",
        V3_5
    ),
    row!(
        NotificationsController,
        RepoClientCertPath,
        Some("repo-server-client-cert-path"),
        Some("ARGOCD_NOTIFICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_PATH"),
        Some("notificationscontroller.repo.server.client.cert.path"),
        Text,
        MTLS_CERT,
        V3_5
    ),
    row!(
        NotificationsController,
        RepoClientCertKeyPath,
        Some("repo-server-client-cert-key-path"),
        Some("ARGOCD_NOTIFICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_KEY_PATH"),
        Some("notificationscontroller.repo.server.client.cert.key.path"),
        Text,
        MTLS_KEY,
        V3_5
    ),
    row!(
        NotificationsController,
        AppConfPath,
        None,
        Some("ARGOCD_APP_CONF_PATH"),
        None,
        Text,
        "/app/config",
        Always
    ),
];

/// One row of the settings table as data (for forms and docs).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SettingInfo {
    /// The component that reads it.
    pub component: &'static str,
    /// The flag without dashes.
    pub flag: Option<&'static str>,
    /// The environment variable.
    pub env: Option<&'static str>,
    /// The `argocd-cmd-params-cm` key.
    pub key: Option<&'static str>,
    /// `bool` or `text`.
    pub kind: &'static str,
    /// The default (`<default ciphers>` stands for the version's default cipher string).
    pub default: &'static str,
    /// The first version that has it.
    pub since: &'static str,
}

/// The settings table as data.
pub fn settings_catalog() -> Vec<SettingInfo> {
    SETTINGS
        .iter()
        .map(|s| SettingInfo {
            component: s.component.name(),
            flag: s.flag,
            env: s.env,
            key: s.key,
            kind: match s.kind {
                Kind::Bool => "bool",
                Kind::Text => "text",
            },
            default: s.default,
            since: match s.since {
                Since::Always => "2.4.0",
                Since::V2_5 => "2.5.0",
                Since::V3_5 => "3.5.0",
            },
        })
        .collect()
}

/// Flags that do not exist although the docs name them: passing one fails at startup with
/// cobra's `unknown flag` (reference §4.1, §6.3, §14).
pub(crate) const NONEXISTENT_FLAGS: &[(Component, &str, &str)] = &[
    (
        Component::RepoServer,
        "listen",
        "the flag is `--address` (env ARGOCD_REPO_SERVER_LISTEN_ADDRESS, key `reposerver.listen.address`)",
    ),
    (
        Component::NotificationsController,
        "argocd-repo-server-ca-cert-path",
        "the flag is `--repo-server-ca-cert-path` (key `notificationscontroller.repo.server.ca.cert.path`)",
    ),
];
