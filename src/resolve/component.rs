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
            redis: None,
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
        redis: None,
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
        Component::Redis => super::redis::resolve_redis(ctx, &mut r, &files),
    }
    // argocd-server builds its Redis client before its repo-server and Dex clients; the
    // controller after them, the repo-server after its TLS flags (§9, the commands' `Run`).
    if r.starts
        && component == Component::Server
        && let Some(e) = startup::redis_client_exit(ctx, component, &r.settings, &files)
    {
        r.starts = false;
        r.startup_error = Some(e);
    }
    if r.starts
        && let Some(e) = startup::client_exit(ctx, component, &r.settings, &files)
    {
        r.starts = false;
        r.startup_error = Some(e);
    }
    if r.starts
        && matches!(
            component,
            Component::RepoServer | Component::ApplicationController
        )
        && let Some(e) = startup::redis_client_exit(ctx, component, &r.settings, &files)
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
                ctx.push(code::bool_ignored(name, env, key.as_deref(), value));
            }
            SettingIssue::MissingRef { env, what } => {
                ctx.push(code::missing_reference(name, env, what))
            }
            SettingIssue::UnknownFlag { flag, hint } => {
                ctx.push(code::unknown_flag(name, ctx.version, flag, hint))
            }
            SettingIssue::BadBoolFlag { flag, value } => {
                ctx.push(code::bad_bool_flag(name, flag, value))
            }
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
            let (min_key, max_key) = (key(Knob::TlsMinVersion), key(Knob::TlsMaxVersion));
            ctx.push(if text.contains("cipher suite") {
                let go = ctx.version.release().0.go_toolchain;
                code::invalid_cipher(name, &text, key(Knob::TlsCiphers), go)
            } else if text.starts_with("minimum TLS version") {
                code::min_above_max(name, &text, min_key, max_key)
            } else {
                code::invalid_tls_version(name, &text, min_key, max_key)
            });
            r.starts = false;
            r.startup_error.get_or_insert(text);
            None
        }
        Customized::ListAndExit => {
            ctx.push(code::ciphers_list(name, key(Knob::TlsCiphers)));
            r.starts = false;
            r.startup_error.get_or_insert_with(|| {
                "Supported TLS ciphers: … (the process exits with status 0)".to_string()
            });
            None
        }
        Customized::Params(p) => {
            if let Some(w) = &p.warning {
                ctx.push(code::tls13_ignores_ciphers(
                    name,
                    w,
                    &ciphers,
                    key(Knob::TlsCiphers),
                ));
            }
            if p.min.is_some_and(|v| v < TlsVersion::V1_2) {
                ctx.push(code::old_tls_version(name, &min, key(Knob::TlsMinVersion)));
            }
            if r.settings.is_set(Knob::TlsCiphers)
                && p.max != Some(TlsVersion::V1_2)
                && p.min != Some(TlsVersion::V1_3)
            {
                ctx.push(code::ciphers_tls12_only(name, key(Knob::TlsMaxVersion)));
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
