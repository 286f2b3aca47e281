//! argocd-dex-server's TLS (reference §5): whether Dex runs and what it serves.

use super::{
    ClientParams, Component, Ctx, Files, Knob, Resolved, ServerParams, TlsServer, TlsVersion,
    check_served, code, create_server_tls, dex_config, plain_endpoint, push_tls_endpoint,
};

pub(super) fn resolve_dex(ctx: &mut Ctx<'_>, r: &mut Resolved<'_>, files: &Files<'_>) {
    let name = "argocd-dex-server";
    if let Some(image) = ctx
        .install
        .workload(Component::DexServer)
        .and_then(|w| w.image.as_deref())
        && image.ends_with(":v2.37.0")
    {
        ctx.push(code::dex_cve(image));
    }
    let knobs = [(Knob::DisableTls, "disable-tls")];
    let disable = r.settings.flag(Knob::DisableTls);
    match dex_config::dex_config(ctx.install, ctx.version) {
        // §5.2, §0.0 item 8: the wrapper logs `dex is not configured` and nothing listens.
        dex_config::DexConfig::NotConfigured(_) => return,
        // §0.0 item 11: the wrapper and argocd-server exit.
        dex_config::DexConfig::Fatal(e) => {
            ctx.push(code::dex_config_fatal(&e));
            r.starts = false;
            r.startup_error = Some(e);
            return;
        }
        dex_config::DexConfig::Assumed | dex_config::DexConfig::Runs => {}
    }
    if !ctx.version.dex_tls() || disable {
        push_tls_endpoint(ctx, r, "web", 5556, "http", &knobs);
    } else {
        let served = match create_server_tls(
            ctx,
            files,
            "/tls/tls.crt",
            "/tls/tls.key",
            &["localhost", "dexserver"],
        ) {
            Ok(s) => Some(s),
            Err(e) => {
                let e = format!("could not create TLS config: {e}");
                ctx.push(code::invalid_key_pair_dex(&e));
                r.starts = false;
                r.startup_error.get_or_insert(e);
                None
            }
        };
        if let Some(s) = served {
            let params = ServerParams {
                min: Some(TlsVersion::V1_2),
                max: Some(TlsVersion::V1_3),
                ciphers: ClientParams::go_default().offered,
                warning: None,
            };
            check_served(ctx, name, &s, Some("argocd-dex-server"));
            r.tls = Some(TlsServer {
                params,
                served: s,
                client_cas: None,
                alpn: Vec::new(),
                dex_defaults: true,
            });
        }
        push_tls_endpoint(ctx, r, "web", 5556, "https", &knobs);
    }
    r.endpoints.push(plain_endpoint("grpc", 5557, "grpc"));
    r.endpoints.push(plain_endpoint("metrics", 5558, "http"));
}
