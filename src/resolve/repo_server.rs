//! argocd-repo-server's TLS (reference §3): its certificate, mTLS and a service mesh in front.

use super::{
    CertKey, ClientParams, Component, Ctx, Files, Installation, Knob, Negotiation, Resolved,
    Served, TlsServer, TlsVersion, check_served, code, create_server_tls, negotiate,
    plain_endpoint, push_tls_endpoint, run_customizer, tls,
};

/// Service-mesh sidecar injection on a workload's pod template (Istio, Linkerd).
pub(super) fn mesh_injected(install: &Installation, component: Component) -> Option<&'static str> {
    let w = install.workload(component)?;
    let get = |k: &str| w.pod_metadata.get(k).map(String::as_str);
    if get("sidecar.istio.io/inject") == Some("true") || get("istio.io/rev").is_some() {
        Some("Istio")
    } else if get("linkerd.io/inject") == Some("enabled") {
        Some("Linkerd")
    } else {
        None
    }
}

pub(super) fn resolve_repo_server(ctx: &mut Ctx<'_>, r: &mut Resolved<'_>, files: &Files<'_>) {
    let name = "argocd-repo-server";
    if let Some(mesh) = mesh_injected(ctx.install, Component::RepoServer)
        && !r.settings.flag(Knob::DisableTls)
    {
        ctx.push(code::mesh_double_tls(mesh));
    }
    let disable_tls = r.settings.flag(Knob::DisableTls);
    let client_ca_path = r.settings.get(Knob::ClientCaPath).to_string();
    if ctx.version.v3_5() && disable_tls && !client_ca_path.is_empty() {
        let msg = "--client-ca-path cannot be used when --disable-tls is enabled".to_string();
        ctx.push(code::client_ca_with_disable_tls(
            ctx.version,
            &msg,
            &client_ca_path,
        ));
        r.starts = false;
        r.startup_error.get_or_insert(format!("Error: {msg}"));
    }
    let knobs = [
        (Knob::DisableTls, "disable-tls"),
        (Knob::TlsMinVersion, "tlsminversion"),
        (Knob::TlsMaxVersion, "tlsmaxversion"),
        (Knob::TlsCiphers, "tlsciphers"),
        (Knob::ClientCaPath, "client-ca-path"),
    ];
    if disable_tls {
        ctx.push(code::plaintext_endpoint_repo_server());
        push_tls_endpoint(ctx, r, "grpc", 8081, "grpc", &knobs);
        r.endpoints.push(plain_endpoint("metrics", 8084, "http"));
        return;
    }
    let params = run_customizer(ctx, r);
    let base = r
        .settings
        .get(Knob::AppConfPath)
        .trim_end_matches('/')
        .to_string();
    let (cert_path, key_path) = (
        format!("{base}/reposerver/tls/tls.crt"),
        format!("{base}/reposerver/tls/tls.key"),
    );
    let served = match create_server_tls(
        ctx,
        files,
        &cert_path,
        &key_path,
        &["localhost", "reposerver"],
    ) {
        Ok(s @ Served::Loaded { .. }) => Some(s),
        Ok(s @ Served::Generated { .. }) => {
            ctx.push(code::self_signed_repo_server());
            Some(s)
        }
        Err(e) => {
            // reposerver.NewServer wraps CreateServerTLSConfig's error; the command's
            // errors.CheckError logs it as the fatal message.
            let e = format!("error creating server TLS config: {e}");
            ctx.push(code::invalid_key_pair_repo_server(&e));
            r.starts = false;
            r.startup_error.get_or_insert(e);
            None
        }
    };
    if matches!(served, Some(Served::Loaded { .. })) {
        ctx.push(code::no_reload_repo_server());
    }
    // §2.4 / §4.3: mTLS when the client CA file exists (3.5+).
    let mut client_cas = None;
    if ctx.version.v3_5()
        && !client_ca_path.is_empty()
        && r.starts
        && let Some(pem) = files.read(&client_ca_path).content()
    {
        let pool = ctx.memo.pool_from_pem(pem);
        if pool.is_empty() {
            let e = format!("invalid cert data in {client_ca_path}");
            ctx.push(code::invalid_trust_file_client_ca(&e));
            r.starts = false;
            r.startup_error.get_or_insert(e);
        } else {
            client_cas = Some(pool);
        }
    }
    if let (Some(p), Some(s)) = (params, served) {
        if s.key() == CertKey::Ecdsa
            && !p
                .ciphers
                .iter()
                .any(|id| tls::suite(*id).is_some_and(|x| x.kx == tls::Kx::EcdheEcdsa))
            && p.min.unwrap_or(TlsVersion::V1_2) <= TlsVersion::V1_2
        {
            ctx.push(code::ecdsa_default_ciphers_repo_server());
        }
        // §0.0 item 6: the liveness self-dial uses a gRPC client.
        if r.starts
            && let Negotiation::Failed { server, .. } =
                negotiate(&p, s.key(), &ClientParams::grpc(), ctx.version.go_minor())
        {
            ctx.push(code::liveness_self_dial(&server));
        }
        check_served(ctx, name, &s, Some("argocd-repo-server"));
        r.tls = Some(TlsServer {
            params: p,
            served: s,
            client_cas,
            alpn: vec!["h2".to_string()],
            dex_defaults: false,
        });
    }
    push_tls_endpoint(ctx, r, "grpc", 8081, "grpc", &knobs);
    r.endpoints.push(plain_endpoint("metrics", 8084, "http"));
}
