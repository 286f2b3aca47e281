//! One component from its workload: settings, mounted files, whether it starts, and the
//! endpoints it listens on; the TLS components hand over to their own modules.

use super::{
    BTreeMap, Component, Ctx, Customized, EndpointReport, Files, Knob, Resolved, ServerParams,
    SettingIssue, Settings, TlsVersion, code, customize, dex_config, knob_names, resolve_dex,
    resolve_repo_server, resolve_server, resolve_settings, startup,
};

pub(super) fn resolve_component<'a>(ctx: &mut Ctx<'a>, component: Component) -> Resolved<'a> {
    let Some(workload) = ctx.install.workload(component) else {
        return Resolved {
            component,
            files: None,
            settings: Settings::default(),
            starts: false,
            startup_error: None,
            tls: None,
            endpoints: Vec::new(),
        };
    };
    let settings = resolve_settings(workload, ctx.install, ctx.version, ctx.default_ciphers);
    let files = Files::new(workload, ctx.install);
    let mut r = Resolved {
        component,
        files: None,
        settings,
        starts: true,
        startup_error: None,
        tls: None,
        endpoints: Vec::new(),
    };
    report_setting_issues(ctx, component, &r.settings);
    if let Some(fatal) = r.settings.fatal.clone() {
        r.starts = false;
        r.startup_error = Some(fatal);
    }
    if let Some(missing) = files.missing_required().first() {
        r.starts = false;
        r.startup_error.get_or_insert_with(|| {
            format!(
                "MountVolume.SetUp failed for volume \"{}\" : secret \"{}\" not found",
                missing.volume, missing.secret
            )
        });
    }
    match component {
        Component::Server => resolve_server(ctx, &mut r, &files),
        Component::RepoServer => resolve_repo_server(ctx, &mut r, &files),
        Component::DexServer => resolve_dex(ctx, &mut r, &files),
        Component::ApplicationController => {
            r.endpoints.push(plain_endpoint("metrics", 8082, "http"))
        }
        Component::ApplicationSetController => {
            r.endpoints.push(plain_endpoint("webhook", 7000, "http"));
            r.endpoints.push(plain_endpoint("metrics", 8080, "http"));
        }
        Component::NotificationsController => {
            r.endpoints.push(plain_endpoint("metrics", 9001, "http"))
        }
        Component::CommitServer => {
            r.endpoints.push(plain_endpoint("grpc", 8086, "grpc"));
            r.endpoints.push(plain_endpoint("metrics", 8087, "http"));
        }
        Component::Redis => r.endpoints.push(plain_endpoint("redis", 6379, "redis")),
    }
    if r.starts
        && let Some(e) = startup::client_exit(ctx, component, &r.settings, &files)
    {
        r.starts = false;
        r.startup_error = Some(e);
    }
    // §0.0 item 11: argocd-server generates the Dex configuration in `watchSettings` at boot and
    // exits on the same error as the Dex wrapper.
    if component == Component::Server
        && r.starts
        && let dex_config::DexConfig::Fatal(e) = dex_config::dex_config(ctx.install, ctx.version)
    {
        r.starts = false;
        r.startup_error = Some(e);
    }
    r.files = Some(files);
    r
}

pub(super) fn report_setting_issues(ctx: &mut Ctx<'_>, component: Component, settings: &Settings) {
    let name = component.name();
    for issue in &settings.issues {
        match issue {
            SettingIssue::IgnoredBool { env, value, key } => {
                let knob = key.clone().map_or_else(|| format!("env {env}"), |k| format!("`{k}`"));
                ctx.finding(
                    &code::BOOL_IGNORED,
                    format!("{knob} is `{value}`, which Argo CD ignores: only `true` or `false` are read, so the default applies"),
                    format!("set {knob} to \"true\" or \"false\""),
                    &[name],
                );
            }
            SettingIssue::MissingRef { env, what } => ctx.finding(
                &code::MISSING_REFERENCE,
                format!("env {env} refers to {what}, which is missing and not optional: the pod cannot start"),
                format!("create the {what}, or mark the reference `optional: true`"),
                &[name],
            ),
            SettingIssue::UnknownFlag { flag, hint } => ctx.finding(
                &code::UNKNOWN_FLAG,
                format!("`{flag}` is not a flag of {name} {}: it exits with `unknown flag`", ctx.version),
                format!("remove `{flag}`: {hint}"),
                &[name],
            ),
            SettingIssue::BadBoolFlag { flag, value } => ctx.finding(
                &code::BOOL_IGNORED,
                format!("`{flag}` has the value `{value}`, which cobra cannot parse as a boolean: {name} exits at startup"),
                "write the flag alone (`--flag`) or as `--flag=true` / `--flag=false`",
                &[name],
            ),
        }
    }
}

/// Runs the customizer for a component (server always; repo-server only with TLS on) and records
/// the findings it implies.
pub(super) fn run_customizer(ctx: &mut Ctx<'_>, r: &mut Resolved<'_>) -> Option<ServerParams> {
    let name = r.component.name();
    let (min, max, ciphers) = (
        r.settings.get(Knob::TlsMinVersion).to_string(),
        r.settings.get(Knob::TlsMaxVersion).to_string(),
        r.settings.get(Knob::TlsCiphers).to_string(),
    );
    let key = |k: Knob| knob_names(r.component, k).0.unwrap_or("");
    match customize(
        &min,
        &max,
        &ciphers,
        ctx.default_ciphers,
        ctx.version.go_rejects_rsa_kex_names(),
    ) {
        Customized::Fatal(text) => {
            let (c, hint) = if text.contains("cipher suite") {
                let go = ctx.version.release().0.go_toolchain;
                (
                    &code::INVALID_CIPHER,
                    format!(
                        "set `{}` to names from Go {go}'s `tls.CipherSuites()` separated by `:`, e.g. \"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\" (flag `--tlsciphers`); remove `TLS_RSA_*` and 3DES names",
                        key(Knob::TlsCiphers)
                    ),
                )
            } else if text.starts_with("minimum TLS version") {
                (
                    &code::MIN_ABOVE_MAX,
                    format!(
                        "lower `{}` or raise `{}` (flags `--tlsminversion`/`--tlsmaxversion`)",
                        key(Knob::TlsMinVersion),
                        key(Knob::TlsMaxVersion)
                    ),
                )
            } else {
                (
                    &code::INVALID_TLS_VERSION,
                    format!(
                        "set `{}` / `{}` to exactly \"1.2\" or \"1.3\" (flags `--tlsminversion`/`--tlsmaxversion`)",
                        key(Knob::TlsMinVersion),
                        key(Knob::TlsMaxVersion)
                    ),
                )
            };
            ctx.finding(c, format!("{name} exits at startup: {text}"), hint, &[name]);
            r.starts = false;
            r.startup_error.get_or_insert(text);
            None
        }
        Customized::ListAndExit => {
            ctx.finding(
                &code::CIPHERS_LIST,
                format!("`{}` is `list`: {name} prints the supported suites and exits 0, and Kubernetes restarts it forever", key(Knob::TlsCiphers)),
                format!("remove `{}` or set real suite names", key(Knob::TlsCiphers)),
                &[name],
            );
            r.starts = false;
            r.startup_error.get_or_insert_with(|| {
                "Supported TLS ciphers: … (the process exits with status 0)".to_string()
            });
            None
        }
        Customized::Params(p) => {
            if let Some(w) = &p.warning {
                ctx.finding(
                    &code::TLS13_IGNORES_CIPHERS,
                    format!("{name} logs `{w}`: with a minimum of TLS 1.3 the cipher list `{ciphers}` has no effect"),
                    format!("remove `{}` (TLS 1.3 suites are chosen by Go)", key(Knob::TlsCiphers)),
                    &[name],
                );
            }
            if p.min.is_some_and(|v| v < TlsVersion::V1_2) {
                ctx.finding(
                    &code::OLD_TLS_VERSION,
                    format!("{name} accepts TLS {min}",),
                    format!("set `{}` to \"1.2\"", key(Knob::TlsMinVersion)),
                    &[name],
                );
            }
            if r.settings.is_set(Knob::TlsCiphers)
                && p.max != Some(TlsVersion::V1_2)
                && p.min != Some(TlsVersion::V1_3)
            {
                ctx.finding(
                    &code::CIPHERS_TLS12_ONLY,
                    format!("{name}'s cipher list applies to TLS 1.2 only; TLS 1.3 clients negotiate Go's TLS 1.3 suites"),
                    format!("to enforce the list, set `{}` to \"1.2\"", key(Knob::TlsMaxVersion)),
                    &[name],
                );
            }
            Some(p)
        }
    }
}

pub(super) fn plain_endpoint(name: &str, port: u16, protocol: &str) -> EndpointReport {
    EndpointReport {
        name: name.to_string(),
        port,
        protocol: protocol.to_string(),
        tls: None,
        sources: BTreeMap::new(),
        grade: None,
    }
}
