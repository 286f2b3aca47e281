//! argocd-repo-server's TLS (reference §3): its certificate, mTLS and a service mesh in front.

use super::{
    CertKey, ClientParams, Component, Ctx, Files, Installation, Knob, Negotiation, Resolved,
    Served, TlsServer, TlsVersion, check_served, code, create_server_tls, negotiate,
    plain_endpoint, push_tls_endpoint, run_customizer, tls, trust,
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
        ctx.finding(
                &code::MESH_DOUBLE_TLS,
                format!("argocd-repo-server gets a {mesh} sidecar while Argo CD's own TLS stays on: the mesh intercepts 8081 and handshakes can fail (`authentication handshake failed`, `EOF`)"),
                "either set `reposerver.disable.tls: \"true\"` (3.5: also the argument `--client-ca-path=`) and every client's `*.repo.server.plaintext: \"true\"`, letting the mesh encrypt, or exclude port 8081 from interception",
                &[name],
            );
    }
    let disable_tls = r.settings.flag(Knob::DisableTls);
    let client_ca_path = r.settings.get(Knob::ClientCaPath).to_string();
    if ctx.version.v3_5() && disable_tls && !client_ca_path.is_empty() {
        let msg = "--client-ca-path cannot be used when --disable-tls is enabled".to_string();
        ctx.finding(
            &code::CLIENT_CA_WITH_DISABLE_TLS,
            format!("argocd-repo-server {} exits: `Error: {msg}` — `--client-ca-path` defaults to `{client_ca_path}` and an empty `reposerver.client.ca.path` cannot clear it (argo-cd#29661)", ctx.version),
            "add the argument `--client-ca-path=` (empty) to the repo-server container's args; `reposerver.client.ca.path: \"\"` does not work",
            &[name],
        );
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
        ctx.finding(
            &code::PLAINTEXT_ENDPOINT,
            "argocd-repo-server serves plaintext gRPC on 8081 (`reposerver.disable.tls`)",
            "every client must then set its `*.repo.server.plaintext: \"true\"`; prefer TLS unless a mesh encrypts the traffic",
            &[name],
        );
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
            ctx.finding(
                &code::SELF_SIGNED,
                "argocd-repo-server has no tls.crt/tls.key: it generates a self-signed certificate for localhost and reposerver on every start (`Generating self-signed TLS certificate for this session`)",
                "create the Secret argocd-repo-server-tls (tls.crt, tls.key, ca.crt) with SANs argocd-repo-server and argocd-repo-server.<namespace>.svc",
                &[name],
            );
            Some(s)
        }
        Err(e) => {
            // reposerver.NewServer wraps CreateServerTLSConfig's error; the command's
            // errors.CheckError logs it as the fatal message.
            let e = format!("error creating server TLS config: {e}");
            ctx.finding(
                &code::INVALID_KEY_PAIR,
                format!("argocd-repo-server exits at startup: {e}"),
                "fix tls.crt/tls.key in the Secret argocd-repo-server-tls (a matching PEM certificate and key), or remove both",
                &[name],
            );
            r.starts = false;
            r.startup_error.get_or_insert(e);
            None
        }
    };
    if matches!(served, Some(Served::Loaded { .. })) {
        ctx.finding(
            &code::NO_RELOAD,
            "argocd-repo-server reads its certificate once: after rotating argocd-repo-server-tls, restart the repo-server",
            "restart argocd-repo-server after each rotation (e.g. with reloader or a cert-manager hook)",
            &[name],
        );
    }
    // §2.4 / §4.3: mTLS when the client CA file exists (3.5+).
    let mut client_cas = None;
    if ctx.version.v3_5()
        && !client_ca_path.is_empty()
        && r.starts
        && let Some(pem) = files.read(&client_ca_path).content()
    {
        let pool = trust::pool_from_pem(pem);
        if pool.is_empty() {
            let e = format!("invalid cert data in {client_ca_path}");
            ctx.finding(
                &code::INVALID_TRUST_FILE,
                format!("argocd-repo-server exits at startup: {e}"),
                "put PEM CA certificates into argocd-repo-server-mtls `client-ca.crt`",
                &[name],
            );
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
            ctx.finding(
                &code::ECDSA_DEFAULT_CIPHERS,
                "argocd-repo-server has an ECDSA certificate but no ECDHE_ECDSA suite: TLS 1.2-only clients fail",
                "add e.g. TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 to `reposerver.tls.ciphers` (flag `--tlsciphers`), or use an RSA certificate",
                &[name],
            );
        }
        // §0.0 item 6: the liveness self-dial uses a gRPC client.
        if r.starts
            && let Negotiation::Failed { server, .. } =
                negotiate(&p, s.key(), &ClientParams::grpc(), ctx.version.go_minor())
        {
            ctx.finding(
                    &code::LIVENESS_SELF_DIAL,
                    format!("argocd-repo-server starts, but its liveness probe (`/healthz?full=true` dials itself with gRPC) fails: `{server}`; kubelet restarts it"),
                    "allow TLS 1.2 with an ECDHE AEAD suite matching the certificate, or TLS 1.3 (`reposerver.tls.maxversion: \"1.3\"`)",
                    &[name],
                );
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
