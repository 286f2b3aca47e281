//! argocd-server's TLS (reference §2): which certificate it serves, from where, and whether a
//! rotation is picked up.

use super::{
    Ctx, Files, Knob, Resolved, Served, TlsServer, check_served, code, generated_summary, host_of,
    plain_endpoint, push_tls_endpoint, run_customizer,
};

pub(super) fn resolve_server(ctx: &mut Ctx<'_>, r: &mut Resolved<'_>, files: &Files<'_>) {
    let name = "argocd-server";
    let insecure = r.settings.flag(Knob::Insecure);
    // §3.5: the TLS flags are validated even with --insecure.
    let params = run_customizer(ctx, r);
    // §3.2: argocd-server-tls (read through the API), then argocd-secret, then self-signed.
    let mut served: Option<Served> = None;
    for (secret_name, external) in [("argocd-server-tls", true), ("argocd-secret", false)] {
        let Some(secret) = ctx.install.secret(secret_name) else {
            continue;
        };
        let (Some(crt), Some(key)) = (secret.data.get("tls.crt"), secret.data.get("tls.key"))
        else {
            continue;
        };
        match ctx.memo.load_key_pair(crt, key) {
            Ok(chain) => {
                let labelled = secret
                    .labels
                    .get("app.kubernetes.io/part-of")
                    .is_some_and(|v| v == "argocd");
                let per_handshake = ctx.version.certificate_per_handshake().unwrap_or(false);
                let hot_reload = per_handshake && (!ctx.version.v3_5() || labelled);
                if external && ctx.version.v3_5() && !labelled {
                    ctx.push(code::no_hot_reload_label(ctx.version));
                }
                if !external {
                    ctx.push(code::argocd_secret_cert());
                }
                if ctx.version.certificate_per_handshake() == Some(false) {
                    ctx.push(code::cert_captured(ctx.version));
                }
                served = Some(Served::Loaded {
                    chain,
                    source: format!("secret/{secret_name}"),
                    persistent: true,
                    hot_reload,
                });
            }
            Err(e) => {
                ctx.push(code::invalid_key_pair_server(secret_name, &e));
                r.starts = false;
                r.startup_error.get_or_insert(e);
            }
        }
        break;
    }
    if ctx.install.secret("argocd-server-tls").is_some() && !ctx.version.v3_5() {
        ctx.push(code::continuous_reload(ctx.version));
    }
    if ctx.install.secret("argocd-server-tls").is_none() {
        let url_host = ctx
            .install
            .config_map("argocd-cm")
            .and_then(|c| c.data.get("url"))
            .map(|u| host_of(u).0)
            .filter(|h| !h.is_empty());
        let repo_leaf = ctx
            .install
            .secret("argocd-repo-server-tls")
            .and_then(|s| s.data.get("tls.crt"))
            .map(|pem| ctx.memo.pool_from_pem(pem));
        if let Some(leaf) = repo_leaf.as_ref().and_then(|p| p.first()) {
            let server_like = leaf.dns_names.iter().any(|d| {
                d.starts_with("argocd-server")
                    || url_host
                        .as_deref()
                        .is_some_and(|h| d.eq_ignore_ascii_case(h))
            });
            if server_like {
                ctx.push(code::repo_tls_has_server_names(&leaf.dns_names));
            }
        }
    }
    if served.is_none() && !insecure && r.starts {
        let ns = &ctx.namespace;
        let hosts = vec![
            "localhost".to_string(),
            "argocd-server".to_string(),
            format!("argocd-server.{ns}"),
            format!("argocd-server.{ns}.svc"),
            format!("argocd-server.{ns}.svc.cluster.local"),
        ];
        ctx.push(code::self_signed_server());
        let summary = generated_summary(&hosts, ctx.now);
        served = Some(Served::Generated {
            hosts,
            persistent: true,
            summary,
        });
    }
    let tls_on = !insecure && served.is_some();
    if let (true, Some(p), Some(s)) = (tls_on, params, served) {
        let alpn = if ctx.version.server_alpn() {
            vec!["http/1.1".to_string(), "h2".to_string()]
        } else {
            Vec::new()
        };
        if alpn.is_empty() {
            ctx.push(code::no_alpn(ctx.version));
        }
        check_served(ctx, name, &s, None);
        r.tls = Some(TlsServer {
            params: p,
            served: s,
            client_cas: None,
            alpn,
            dex_defaults: false,
        });
        ctx.push(code::redirect_loop());
    } else if insecure {
        ctx.push(code::plaintext_endpoint_server());
    }
    let knobs = [
        (Knob::Insecure, "insecure"),
        (Knob::TlsMinVersion, "tlsminversion"),
        (Knob::TlsMaxVersion, "tlsmaxversion"),
        (Knob::TlsCiphers, "tlsciphers"),
        (Knob::ListenAddress, "address"),
    ];
    let protocol = if r.tls.is_some() {
        "https+grpc"
    } else {
        "http+grpc"
    };
    push_tls_endpoint(ctx, r, "api", 8080, protocol, &knobs);
    r.endpoints.push(plain_endpoint("metrics", 8083, "http"));
    let _ = files;
}
