//! Flags, environment variables and defaults: how each component's settings get their values
//! (reference §1.6, §3.1, §4.1, §5.1, §6.2–§6.3, §9, §10).
//!
//! Precedence is Argo's: command-line flag > environment variable > built-in default, with its
//! quirks — an empty environment value counts as unset (`env.StringFromEnv`), a boolean
//! environment value other than case-insensitive `true`/`false` is silently replaced by the
//! default (`env.ParseBoolFromEnv`), and the TLS version/cipher variables carry no component
//! prefix.

use serde::Serialize;

use crate::argo::ArgoVersion;
use crate::model::{Component, EnvValue, Installation, Workload};

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
    fn holds(self, v: ArgoVersion) -> bool {
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

/// Where a resolved value came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub(crate) enum Source {
    /// A command-line flag in the container's command/args.
    #[serde(rename_all = "camelCase")]
    Flag {
        /// The flag as written, e.g. `--insecure`.
        flag: String,
    },
    /// An environment variable.
    #[serde(rename_all = "camelCase")]
    Env {
        /// The variable name.
        name: String,
        /// The ConfigMap key it is bound to, if any (`argocd-cmd-params-cm` key).
        #[serde(skip_serializing_if = "Option::is_none")]
        config_map_key: Option<String>,
        /// The Secret key it is bound to, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        secret_key: Option<String>,
    },
    /// Argo CD's built-in default.
    Default,
}

impl Source {
    /// A short human form: `flag --insecure`, `argocd-cmd-params-cm server.insecure (env ARGOCD_SERVER_INSECURE)`, `default`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Flag { flag } => format!("flag {flag}"),
            Self::Env {
                name,
                config_map_key: Some(k),
                ..
            } => format!("argocd-cmd-params-cm {k} (env {name})"),
            Self::Env {
                name,
                secret_key: Some(k),
                ..
            } => format!("secret {k} (env {name})"),
            Self::Env { name, .. } => format!("env {name}"),
            Self::Default => "default".to_string(),
        }
    }
}

/// A value with its provenance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Sourced {
    pub(crate) value: String,
    pub(crate) source: Source,
}

/// Something about a setting that is worth a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SettingIssue {
    /// A boolean env value that is neither `true` nor `false`: silently replaced by the default.
    IgnoredBool {
        env: String,
        value: String,
        key: Option<String>,
    },
    /// An env var bound to a missing, non-optional ConfigMap or key: the pod cannot start.
    MissingRef { env: String, what: String },
    /// A flag in args that this version does not have (cobra exits with `unknown flag`).
    UnknownFlag { flag: String, hint: String },
    /// A boolean flag with a value cobra cannot parse.
    BadBoolFlag { flag: String, value: String },
}

/// A component's settings after flag/env/default resolution.
#[derive(Clone, Debug, Default)]
pub(crate) struct Settings {
    values: Vec<(Knob, Sourced)>,
    pub(crate) issues: Vec<SettingIssue>,
    /// The exact startup failure cobra/kubelet produce, if any (first one wins).
    pub(crate) fatal: Option<String>,
}

impl Settings {
    /// The resolved value of `knob` ("" when the component does not have it).
    pub(crate) fn get(&self, knob: Knob) -> &str {
        self.values
            .iter()
            .find(|(k, _)| *k == knob)
            .map_or("", |(_, v)| v.value.as_str())
    }

    /// The resolved value and its source.
    pub(crate) fn sourced(&self, knob: Knob) -> Option<&Sourced> {
        self.values.iter().find(|(k, _)| *k == knob).map(|(_, v)| v)
    }

    /// A boolean setting's value.
    pub(crate) fn flag(&self, knob: Knob) -> bool {
        self.get(knob) == "true"
    }

    /// Whether the value came from somewhere other than the default.
    pub(crate) fn is_set(&self, knob: Knob) -> bool {
        self.sourced(knob)
            .is_some_and(|s| s.source != Source::Default)
    }

    /// The setting rows for a component, for display.
    pub(crate) fn all(&self) -> impl Iterator<Item = &(Knob, Sourced)> {
        self.values.iter()
    }
}

/// The `argocd-cmd-params-cm` key (or env/flag) that configures `knob` for `component`, for hints.
pub(crate) fn knob_names(
    component: Component,
    knob: Knob,
) -> (Option<&'static str>, Option<&'static str>) {
    SETTINGS
        .iter()
        .find(|s| s.component == component && s.knob == knob)
        .map_or((None, None), |s| (s.key, s.flag))
}

/// One parsed flag occurrence.
struct ArgFlag<'a> {
    name: &'a str,
    value: Option<&'a str>,
    written: &'a str,
}

/// pflag-style scanning of `--name=value`, `--name value` and `--name` (booleans).
fn scan_args<'a>(args: &'a [String], is_bool: impl Fn(&str) -> bool) -> Vec<ArgFlag<'a>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        if arg == "--" {
            break;
        }
        let Some(body) = arg.strip_prefix("--") else {
            continue;
        };
        if let Some((name, value)) = body.split_once('=') {
            out.push(ArgFlag {
                name,
                value: Some(value),
                written: arg,
            });
        } else if is_bool(body) {
            out.push(ArgFlag {
                name: body,
                value: None,
                written: arg,
            });
        } else {
            let value = args.get(i).map(String::as_str);
            if value.is_some() {
                i += 1;
            }
            out.push(ArgFlag {
                name: body,
                value,
                written: arg,
            });
        }
    }
    out
}

/// Go's `strconv.ParseBool` (what cobra uses for a boolean flag's value).
fn parse_go_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Resolves every setting of `component`'s workload.
pub(crate) fn resolve_settings(
    workload: &Workload,
    install: &Installation,
    version: ArgoVersion,
    default_ciphers: &str,
) -> Settings {
    let component = workload.component;
    let rows: Vec<&Setting> = SETTINGS
        .iter()
        .filter(|s| s.component == component && s.since.holds(version))
        .collect();
    let known_bool = |name: &str| {
        rows.iter()
            .any(|s| s.flag == Some(name) && s.kind == Kind::Bool)
    };
    let args = scan_args(workload.args.get(1..).unwrap_or_default(), known_bool);
    let mut out = Settings::default();

    // Flags the docs mention but the binary does not have, and version-gated flags on older versions.
    for a in &args {
        if let Some((_, _, hint)) = NONEXISTENT_FLAGS
            .iter()
            .find(|(c, f, _)| *c == component && *f == a.name)
        {
            out.issues.push(SettingIssue::UnknownFlag {
                flag: a.written.to_string(),
                hint: (*hint).to_string(),
            });
            out.fatal
                .get_or_insert_with(|| format!("Error: unknown flag: --{}", a.name));
        }
        let newer = SETTINGS
            .iter()
            .any(|s| s.component == component && s.flag == Some(a.name) && !s.since.holds(version));
        if newer {
            out.issues.push(SettingIssue::UnknownFlag {
                flag: a.written.to_string(),
                hint: format!("`--{}` does not exist in Argo CD {version}", a.name),
            });
            out.fatal
                .get_or_insert_with(|| format!("Error: unknown flag: --{}", a.name));
        }
    }

    for row in rows {
        let default = if row.default == DEFAULT_CIPHERS {
            default_ciphers
        } else {
            row.default
        };
        let from_flag = row
            .flag
            .and_then(|f| args.iter().rev().find(|a| a.name == f));
        if let Some(a) = from_flag {
            let value = match (row.kind, a.value) {
                (Kind::Bool, None) => "true".to_string(),
                (Kind::Bool, Some(v)) => match parse_go_bool(v) {
                    Some(b) => b.to_string(),
                    None => {
                        out.issues.push(SettingIssue::BadBoolFlag {
                            flag: a.written.to_string(),
                            value: v.to_string(),
                        });
                        out.fatal.get_or_insert_with(|| {
                            format!(
                                "Error: invalid argument \"{v}\" for \"--{}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax",
                                a.name
                            )
                        });
                        default.to_string()
                    }
                },
                (Kind::Text, v) => v.unwrap_or_default().to_string(),
            };
            out.values.push((
                row.knob,
                Sourced {
                    value,
                    source: Source::Flag {
                        flag: a.written.to_string(),
                    },
                },
            ));
            continue;
        }
        let env = row.env.and_then(|name| {
            workload
                .env
                .iter()
                .rev()
                .find(|e| e.name == name)
                .map(|e| (name, &e.value))
        });
        let resolved = env.and_then(|(name, value)| {
            let (text, source) = env_value(name, value, install, &mut out)?;
            match row.kind {
                Kind::Text if text.is_empty() => None,
                Kind::Text => Some(Sourced {
                    value: text,
                    source,
                }),
                Kind::Bool => {
                    if text.is_empty() {
                        return None;
                    }
                    match text.to_ascii_lowercase().as_str() {
                        "true" => Some(Sourced {
                            value: "true".into(),
                            source,
                        }),
                        "false" => Some(Sourced {
                            value: "false".into(),
                            source,
                        }),
                        _ => {
                            let key = match &source {
                                Source::Env { config_map_key, .. } => config_map_key.clone(),
                                _ => None,
                            };
                            out.issues.push(SettingIssue::IgnoredBool {
                                env: name.to_string(),
                                value: text,
                                key,
                            });
                            None
                        }
                    }
                }
            }
        });
        let sourced = resolved.unwrap_or_else(|| Sourced {
            value: default.to_string(),
            source: Source::Default,
        });
        out.values.push((row.knob, sourced));
    }
    out
}

fn env_value(
    name: &str,
    value: &EnvValue,
    install: &Installation,
    out: &mut Settings,
) -> Option<(String, Source)> {
    match value {
        EnvValue::Literal { value } => Some((
            value.clone(),
            Source::Env {
                name: name.to_string(),
                config_map_key: None,
                secret_key: None,
            },
        )),
        EnvValue::ConfigMapKey {
            config_map,
            key,
            optional,
        } => {
            let source = Source::Env {
                name: name.to_string(),
                config_map_key: Some(if config_map == "argocd-cmd-params-cm" {
                    key.clone()
                } else {
                    format!("{config_map}/{key}")
                }),
                secret_key: None,
            };
            match install.config_map(config_map) {
                Some(cm) => match cm.data.get(key) {
                    Some(v) => Some((v.clone(), source)),
                    None if *optional => None,
                    None => {
                        out.issues.push(SettingIssue::MissingRef {
                            env: name.to_string(),
                            what: format!("key {key} in ConfigMap {config_map}"),
                        });
                        out.fatal.get_or_insert_with(|| format!("CreateContainerConfigError: couldn't find key {key} in ConfigMap {config_map}"));
                        None
                    }
                },
                None if *optional => None,
                None => {
                    out.issues.push(SettingIssue::MissingRef {
                        env: name.to_string(),
                        what: format!("ConfigMap {config_map}"),
                    });
                    out.fatal.get_or_insert_with(|| {
                        format!("CreateContainerConfigError: configmap \"{config_map}\" not found")
                    });
                    None
                }
            }
        }
        EnvValue::SecretKey {
            secret,
            key,
            optional,
        } => {
            let source = Source::Env {
                name: name.to_string(),
                config_map_key: None,
                secret_key: Some(format!("{secret}/{key}")),
            };
            match install.secret(secret) {
                Some(s) => match s.data.get(key) {
                    Some(v) => Some((v.clone(), source)),
                    None if *optional => None,
                    None => {
                        out.issues.push(SettingIssue::MissingRef {
                            env: name.to_string(),
                            what: format!("key {key} in Secret {secret}"),
                        });
                        out.fatal.get_or_insert_with(|| format!("CreateContainerConfigError: couldn't find key {key} in Secret {secret}"));
                        None
                    }
                },
                // Secrets are often managed outside the manifests given to the planner: a missing
                // Secret is not treated as fatal.
                None => None,
            }
        }
        EnvValue::Other { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConfigMap, EnvVar};

    fn workload(component: Component, args: &[&str], env: Vec<EnvVar>) -> Workload {
        Workload {
            component,
            kind: "Deployment".into(),
            name: component.name().into(),
            image: None,
            args: args.iter().map(|s| s.to_string()).collect(),
            env,
            mounts: vec![],
            replicas: None,
            pod_metadata: Default::default(),
            position: None,
        }
    }

    fn cm_env(name: &str, key: &str) -> EnvVar {
        EnvVar {
            name: name.into(),
            value: EnvValue::ConfigMapKey {
                config_map: "argocd-cmd-params-cm".into(),
                key: key.into(),
                optional: true,
            },
        }
    }

    fn install(data: &[(&str, &str)]) -> Installation {
        Installation {
            config_maps: vec![ConfigMap {
                name: "argocd-cmd-params-cm".into(),
                data: data
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    const V351: &str = "3.5.1";
    const D: &str = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";

    #[test]
    fn flag_beats_env_beats_default() {
        let v = ArgoVersion::parse(V351).unwrap();
        let w = workload(
            Component::Server,
            &["/usr/local/bin/argocd-server", "--tlsminversion", "1.3"],
            vec![
                cm_env("ARGOCD_TLS_MIN_VERSION", "server.tls.minversion"),
                cm_env("ARGOCD_SERVER_INSECURE", "server.insecure"),
            ],
        );
        let i = install(&[
            ("server.tls.minversion", "1.1"),
            ("server.insecure", "true"),
        ]);
        let s = resolve_settings(&w, &i, v, D);
        assert_eq!(s.get(Knob::TlsMinVersion), "1.3");
        assert_eq!(
            s.sourced(Knob::TlsMinVersion).unwrap().source,
            Source::Flag {
                flag: "--tlsminversion".into()
            }
        );
        assert!(s.flag(Knob::Insecure));
        assert_eq!(
            s.sourced(Knob::Insecure).unwrap().source.describe(),
            "argocd-cmd-params-cm server.insecure (env ARGOCD_SERVER_INSECURE)"
        );
        assert_eq!(s.get(Knob::TlsCiphers), D);
        assert_eq!(s.sourced(Knob::TlsCiphers).unwrap().source, Source::Default);
    }

    #[test]
    fn empty_env_is_unset_and_bad_bools_fall_back_silently() {
        let v = ArgoVersion::parse(V351).unwrap();
        let w = workload(
            Component::RepoServer,
            &["argocd-repo-server"],
            vec![
                cm_env(
                    "ARGOCD_REPO_SERVER_CLIENT_CA_PATH",
                    "reposerver.client.ca.path",
                ),
                cm_env("ARGOCD_REPO_SERVER_DISABLE_TLS", "reposerver.disable.tls"),
            ],
        );
        let i = install(&[
            ("reposerver.client.ca.path", ""),
            ("reposerver.disable.tls", "yes"),
        ]);
        let s = resolve_settings(&w, &i, v, D);
        assert_eq!(
            s.get(Knob::ClientCaPath),
            "/app/config/reposerver/mtls/client-ca.crt"
        );
        assert!(!s.flag(Knob::DisableTls));
        assert!(
            matches!(&s.issues[..], [SettingIssue::IgnoredBool { value, .. }] if value == "yes")
        );
    }

    #[test]
    fn explicit_empty_flag_clears_a_default() {
        let v = ArgoVersion::parse(V351).unwrap();
        let w = workload(
            Component::RepoServer,
            &["argocd-repo-server", "--client-ca-path=", "--disable-tls"],
            vec![],
        );
        let s = resolve_settings(&w, &Installation::default(), v, D);
        assert_eq!(s.get(Knob::ClientCaPath), "");
        assert!(s.flag(Knob::DisableTls));
    }

    #[test]
    fn nonexistent_and_too_new_flags_are_fatal() {
        let w = workload(
            Component::RepoServer,
            &["argocd-repo-server", "--listen", "127.0.0.1"],
            vec![],
        );
        let s = resolve_settings(
            &w,
            &Installation::default(),
            ArgoVersion::parse(V351).unwrap(),
            D,
        );
        assert_eq!(s.fatal.as_deref(), Some("Error: unknown flag: --listen"));
        let w = workload(
            Component::Server,
            &["argocd-server", "--repo-server-ca-cert-path=/x"],
            vec![],
        );
        let s = resolve_settings(
            &w,
            &Installation::default(),
            ArgoVersion::parse("3.4.7").unwrap(),
            D,
        );
        assert_eq!(
            s.fatal.as_deref(),
            Some("Error: unknown flag: --repo-server-ca-cert-path")
        );
    }

    #[test]
    fn bool_flag_values_follow_strconv() {
        let v = ArgoVersion::parse(V351).unwrap();
        let w = workload(
            Component::Server,
            &["argocd-server", "--insecure=T"],
            vec![],
        );
        assert!(resolve_settings(&w, &Installation::default(), v, D).flag(Knob::Insecure));
        let w = workload(
            Component::Server,
            &["argocd-server", "--insecure=yes"],
            vec![],
        );
        let s = resolve_settings(&w, &Installation::default(), v, D);
        assert_eq!(
            s.fatal.as_deref(),
            Some(
                "Error: invalid argument \"yes\" for \"--insecure\" flag: strconv.ParseBool: parsing \"yes\": invalid syntax"
            )
        );
    }
}
