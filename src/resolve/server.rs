//! argocd-server's TLS (reference §2): which certificate it serves, from where, and whether a
//! rotation is picked up.

use super::{
    Ctx, Files, Knob, Resolved, Served, TlsServer, check_served, code, generated_summary, host_of,
    plain_endpoint, push_tls_endpoint, run_customizer, trust,
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
        match trust::load_key_pair(crt, key) {
            Ok(chain) => {
                let labelled = secret
                    .labels
                    .get("app.kubernetes.io/part-of")
                    .is_some_and(|v| v == "argocd");
                let per_handshake = ctx.version.certificate_per_handshake().unwrap_or(false);
                let hot_reload = per_handshake && (!ctx.version.v3_5() || labelled);
                if external && ctx.version.v3_5() && !labelled {
                    ctx.finding(
                        &code::NO_HOT_RELOAD_LABEL,
                        format!("argocd-server-tls has no label `app.kubernetes.io/part-of: argocd`: Argo CD {} reads it at startup but does not reload a rotated certificate", ctx.version),
                        "label the Secret `app.kubernetes.io/part-of: argocd` (cert-manager: `secretTemplate.labels`)",
                        &[name],
                    );
                }
                if !external {
                    ctx.finding(
                        &code::ARGOCD_SECRET_CERT,
                        "argocd-server serves the certificate from argocd-secret `tls.crt`/`tls.key`, which it re-encodes and writes back on every start",
                        "move the certificate into a Secret `argocd-server-tls` (keys tls.crt, tls.key)",
                        &[name],
                    );
                }
                if ctx.version.certificate_per_handshake() == Some(false) {
                    ctx.finding(
                        &code::CERT_CAPTURED,
                        format!("argocd-server {} captures its certificate when the listener starts; a rotated certificate is served only after a restart", ctx.version),
                        "upgrade to 2.7 or later, or restart argocd-server after every rotation",
                        &[name],
                    );
                }
                served = Some(Served::Loaded {
                    chain,
                    source: format!("secret/{secret_name}"),
                    persistent: true,
                    hot_reload,
                });
            }
            Err(e) => {
                ctx.finding(
                    &code::INVALID_KEY_PAIR,
                    format!("{secret_name} holds tls.crt and tls.key that Go rejects: {e}; argocd-server exits at startup (no fallback)"),
                    format!("put a matching PEM certificate and private key into {secret_name}, or remove both keys"),
                    &[name],
                );
                r.starts = false;
                r.startup_error.get_or_insert(e);
            }
        }
        break;
    }
    if ctx.install.secret("argocd-server-tls").is_some() && !ctx.version.v3_5() {
        ctx.finding(
            &code::CONTINUOUS_RELOAD,
            format!("argocd-server {} re-reads its settings on every Secret update in the namespace, logging `Loading TLS configuration from secret` each time", ctx.version),
            "expected up to 3.4; if an Ingress also uses a Secret named argocd-server-tls, remember that argocd-server serves that certificate too",
            &[name],
        );
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
            .map(|pem| trust::pool_from_pem(pem));
        if let Some(leaf) = repo_leaf.as_ref().and_then(|p| p.first()) {
            let server_like = leaf.dns_names.iter().any(|d| {
                d.starts_with("argocd-server")
                    || url_host
                        .as_deref()
                        .is_some_and(|h| d.eq_ignore_ascii_case(h))
            });
            if server_like {
                ctx.finding(
                    &code::REPO_TLS_HAS_SERVER_NAMES,
                    format!("argocd-repo-server-tls holds a certificate for {} — argocd-server's names — while argocd-server-tls does not exist", leaf.dns_names.join(", ")),
                    "put argocd-server's certificate into a Secret named argocd-server-tls (argocd-server reads it through the API; nothing mounts it); argocd-repo-server-tls is the repo-server's own certificate",
                    &[name, "argocd-repo-server"],
                );
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
        ctx.finding(
            &code::SELF_SIGNED,
            "argocd-server generates a self-signed certificate (O=Argo CD, one year, never renewed) and stores it in argocd-secret",
            "create a Secret `argocd-server-tls` with a certificate for the name users reach Argo CD by (and label it `app.kubernetes.io/part-of: argocd`)",
            &[name],
        );
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
            ctx.finding(
                &code::NO_ALPN,
                format!("argocd-server {} advertises no ALPN: argocd CLI ≥ 2.14 and other grpc-go ≥ 1.67 clients fail with `credentials: cannot check peer: missing selected ALPN property`", ctx.version),
                "upgrade to 2.14 or later; meanwhile run clients with `GRPC_ENFORCE_ALPN_ENABLED=false` or `--grpc-web`",
                &[name],
            );
        }
        check_served(ctx, name, &s, None);
        r.tls = Some(TlsServer {
            params: p,
            served: s,
            client_cas: None,
            alpn,
            dex_defaults: false,
        });
        ctx.finding(
            &code::REDIRECT_LOOP,
            "argocd-server answers plain HTTP on 8080 with 307 to https://; a proxy that terminates TLS must forward HTTPS, or argocd-server must run with `server.insecure: \"true\"`",
            "behind a TLS-terminating Ingress set `server.insecure: \"true\"` in argocd-cmd-params-cm (flag `--insecure`)",
            &[name],
        );
    } else if insecure {
        ctx.finding(
            &code::PLAINTEXT_ENDPOINT,
            "argocd-server runs with --insecure: 8080 (and the Service's https port 443) serve plain HTTP and h2c gRPC",
            "keep it only behind a proxy that terminates TLS; otherwise remove `server.insecure`",
            &[name],
        );
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
