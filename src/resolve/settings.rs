//! Flags, environment variables and defaults: how each component's settings get their values
//! (reference §1.6, §3.1, §4.1, §5.1, §6.2–§6.3, §9, §10).
//!
//! Precedence is Argo's: command-line flag > environment variable > built-in default, with its
//! quirks — an empty environment value counts as unset (`env.StringFromEnv`), a boolean
//! environment value other than case-insensitive `true`/`false` is silently replaced by the
//! default (`env.ParseBoolFromEnv`), and the TLS version/cipher variables carry no component
//! prefix.

use crate::report::{SettingSource, SourceKind};

use crate::argo::ArgoVersion;
use crate::model::{Component, EnvValue, Installation, Workload};

mod catalog;
mod table;

pub use catalog::{SettingInfo, settings_catalog};
pub(crate) use table::{DEFAULT_CIPHERS, Kind, Knob, NONEXISTENT_FLAGS, SETTINGS, Setting};

/// Where a resolved value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// A command-line flag in the container's command/args, as written (e.g. `--insecure`).
    Flag { flag: String },
    /// An environment variable with a literal value.
    Env { name: String },
    /// An environment variable bound to a ConfigMap key.
    ConfigMapKey {
        env: String,
        config_map: String,
        key: String,
    },
    /// An environment variable bound to a Secret key.
    SecretKey {
        env: String,
        secret: String,
        key: String,
    },
    /// Argo CD's built-in default.
    Default,
}

impl Source {
    /// A short human form: `flag --insecure`, `argocd-cmd-params-cm server.insecure (env ARGOCD_SERVER_INSECURE)`, `default`
    /// (the report carries the parts as data: [`Sourced::provenance`]).
    #[cfg(test)]
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Flag { flag } => format!("flag {flag}"),
            Self::ConfigMapKey {
                env,
                config_map,
                key,
            } => format!("{config_map} {key} (env {env})"),
            Self::SecretKey { env, secret, key } => format!("secret {secret}/{key} (env {env})"),
            Self::Env { name } => format!("env {name}"),
            Self::Default => "default".to_string(),
        }
    }
}

impl Sourced {
    /// The report's form of this value and its source. `version_rule` names the rule when the
    /// default depends on the Argo CD version.
    pub(crate) fn provenance(&self, version_rule: Option<String>) -> SettingSource {
        let (kind, name, object, env) = match &self.source {
            Source::Flag { flag } => (SourceKind::Flag, Some(flag.clone()), None, None),
            Source::Env { name } => (SourceKind::Env, Some(name.clone()), None, None),
            Source::ConfigMapKey {
                env,
                config_map,
                key,
            } => (
                SourceKind::ConfigMapKey,
                Some(key.clone()),
                Some(config_map.clone()),
                Some(env.clone()),
            ),
            Source::SecretKey { env, secret, key } => (
                SourceKind::SecretKey,
                Some(key.clone()),
                Some(secret.clone()),
                Some(env.clone()),
            ),
            Source::Default => match version_rule {
                Some(rule) => (SourceKind::VersionRule, Some(rule), None, None),
                None => (SourceKind::Default, None, None, None),
            },
        };
        SettingSource {
            value: self.value.clone(),
            kind,
            name,
            object,
            env,
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
                                Source::ConfigMapKey {
                                    config_map, key, ..
                                } if config_map == "argocd-cmd-params-cm" => Some(key.clone()),
                                Source::ConfigMapKey {
                                    config_map, key, ..
                                } => Some(format!("{config_map}/{key}")),
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
            },
        )),
        EnvValue::ConfigMapKey {
            config_map,
            key,
            optional,
        } => {
            let source = Source::ConfigMapKey {
                env: name.to_string(),
                config_map: config_map.clone(),
                key: key.clone(),
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
            let source = Source::SecretKey {
                env: name.to_string(),
                secret: secret.clone(),
                key: key.clone(),
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
