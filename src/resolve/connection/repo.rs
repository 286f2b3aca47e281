//! Connections to argocd-repo-server (reference §3, §4, §6).

use super::{client_down, grpc_error, refused, verify_served};
use crate::resolve::{
    Certificate, ClientParams, Component, ConnectionError, ConnectionReport, Ctx, File, Knob,
    Negotiated, Negotiation, Outcome, Resolved, Served, Transport, Verification, code, host_of,
    knob_names, negotiate, suite_name, trust,
};

pub(super) fn repo_connection(
    ctx: &mut Ctx<'_>,
    resolved: &[Resolved<'_>],
    client: Component,
    legacy_dir: &str,
) -> Option<ConnectionReport> {
    let idx = |c: Component| Component::ALL.iter().position(|x| *x == c).unwrap_or(0);
    let cr = &resolved[idx(client)];
    let sr = &resolved[idx(Component::RepoServer)];
    let files = cr.files.as_ref()?;
    let cname = client.name();
    let subject = format!("{cname}->argocd-repo-server");
    let address = cr.settings.get(Knob::RepoServer).to_string();
    let (host, _) = host_of(&address);
    let plaintext = cr.settings.flag(Knob::RepoPlaintext);
    let legacy_strict = cr.settings.flag(Knob::RepoStrictTls);
    let ca_path = cr.settings.get(Knob::RepoCaCertPath).to_string();
    let key = |k: Knob| knob_names(client, k);
    let mut report = ConnectionReport {
        client: cname.to_string(),
        server: "argocd-repo-server".to_string(),
        address: address.clone(),
        transport: if plaintext {
            Transport::Plaintext
        } else {
            Transport::Tls
        },
        verification: Verification::None,
        server_name: None,
        trust: Vec::new(),
        client_certificate: false,
        outcome: Outcome::Ok,
        error: None,
        negotiated: None,
        server_hello: None,
    };
    if legacy_strict && ctx.version.v3_5() {
        let (k, f) = key(Knob::RepoStrictTls);
        ctx.finding(
            &code::DEPRECATED_STRICT_FLAG,
            format!(
                "{cname} uses the deprecated `{}` (it trusts its own mounted tls.crt and ca.crt)",
                k.or(f).unwrap_or("--repo-server-strict-tls")
            ),
            format!(
                "set `{}` to the CA file instead (e.g. /app/config/reposerver/mtls/server-ca.crt)",
                key(Knob::RepoCaCertPath)
                    .0
                    .unwrap_or("--repo-server-ca-cert-path")
            ),
            &[cname],
        );
    }
    let server_tls = sr.tls.as_ref();
    let repo_plain = sr.settings.flag(Knob::DisableTls);
    if let Some(e) = client_down(cr) {
        report.outcome = Outcome::Fails;
        report.error = Some(e);
        return Some(report);
    }
    if !sr.starts {
        report.outcome = Outcome::Fails;
        report.error = Some(ConnectionError {
            client: grpc_error(&format!(
                "transport: Error while dialing: {}",
                refused(&address, 8081)
            )),
            server: None,
        });
        return Some(report);
    }
    if plaintext {
        report.verification = Verification::None;
        if repo_plain {
            ctx.finding(
                &code::PLAINTEXT_CONNECTION,
                format!("{cname} talks to argocd-repo-server over plaintext gRPC"),
                "fine inside a mesh that encrypts traffic; otherwise enable TLS on both sides",
                &[&subject],
            );
            return Some(report);
        }
        report.outcome = Outcome::Fails;
        report.error = Some(ConnectionError {
            client: grpc_error("error reading server preface: EOF"),
            server: Some("tls: first record does not look like a TLS handshake".into()),
        });
        ctx.finding(
            &code::TRANSPORT_MISMATCH,
            format!("{cname} dials argocd-repo-server in plaintext (`{}`) but the repo-server serves TLS", key(Knob::RepoPlaintext).0.unwrap_or("--repo-server-plaintext")),
            format!("remove `{}` from {cname}, or set `reposerver.disable.tls: \"true\"` and plaintext on every client", key(Knob::RepoPlaintext).0.or(key(Knob::RepoPlaintext).1).unwrap_or("plaintext")),
            &[&subject],
        );
        return Some(report);
    }
    if repo_plain {
        report.outcome = Outcome::Fails;
        report.error = Some(ConnectionError {
            client: grpc_error(
                "transport: authentication handshake failed: tls: first record does not look like a TLS handshake",
            ),
            server: None,
        });
        ctx.finding(
            &code::TRANSPORT_MISMATCH,
            format!("argocd-repo-server serves plaintext (`reposerver.disable.tls`) but {cname} dials it with TLS"),
            format!("set `{}: \"true\"` for {cname} (flag `--{}`)", key(Knob::RepoPlaintext).0.unwrap_or("(args only)"), key(Knob::RepoPlaintext).1.unwrap_or("repo-server-plaintext")),
            &[&subject],
        );
        return Some(report);
    }
    let server_tls = server_tls?;
    report.server_name = Some(host.clone());
    // §6.4: the trust store.
    let base = cr
        .settings
        .get(Knob::AppConfPath)
        .trim_end_matches('/')
        .to_string();
    let mut roots: Vec<Certificate> = Vec::new();
    let strict = !ca_path.is_empty() || legacy_strict;
    let trust_paths: Vec<String> = if !ca_path.is_empty() {
        vec![ca_path.clone()]
    } else if legacy_strict {
        vec![
            format!("{base}/{legacy_dir}/tls/tls.crt"),
            format!("{base}/{legacy_dir}/tls/ca.crt"),
        ]
    } else {
        Vec::new()
    };
    for path in &trust_paths {
        match files.read(path) {
            File::Missing => report.trust.push(format!("{path} (missing)")),
            f @ File::Present { .. } => {
                // A file without a certificate stopped the client at startup (`startup.rs`).
                let pool = trust::pool_from_pem(f.content().unwrap_or_default());
                report.trust.push(format!(
                    "{path} ({}, {} certificate{})",
                    f.origin().unwrap_or_default(),
                    pool.len(),
                    if pool.len() == 1 { "" } else { "s" }
                ));
                roots.extend(pool);
            }
        }
    }
    if !strict {
        report.verification = Verification::SkipVerify;
        let (k, f) = key(Knob::RepoCaCertPath);
        let hint = if ctx.version.v3_5() {
            format!(
                "set `{}: /app/config/reposerver/mtls/server-ca.crt` (flag `--{}`) and put the repo-server's CA in argocd-repo-server-mtls `server-ca.crt`",
                k.unwrap_or("--repo-server-ca-cert-path"),
                f.unwrap_or("repo-server-ca-cert-path")
            )
        } else {
            format!(
                "set `{}: \"true\"` and put the repo-server's certificate (or CA) into argocd-repo-server-tls",
                key(Knob::RepoStrictTls)
                    .0
                    .unwrap_or("--repo-server-strict-tls")
            )
        };
        ctx.finding(
            &code::UNVERIFIED_CONNECTION,
            format!("{cname} uses TLS to argocd-repo-server but does not verify its certificate"),
            hint,
            &[&subject],
        );
    } else {
        report.verification = Verification::Verify;
        if roots.is_empty() {
            ctx.finding(
                &code::EMPTY_TRUST,
                format!("{cname} verifies argocd-repo-server strictly but none of {} exists: the pool is empty", trust_paths.join(", ")),
                "mount the CA (argocd-repo-server-tls `ca.crt`, or argocd-repo-server-mtls `server-ca.crt`) where the client reads it",
                &[&subject],
            );
        }
    }
    // §6.7: the client certificate.
    let cert_path = cr.settings.get(Knob::RepoClientCertPath).to_string();
    let key_path = cr.settings.get(Knob::RepoClientCertKeyPath).to_string();
    let mut client_chain: Option<trust::Chain> = None;
    if ctx.version.v3_5() {
        // One path without the other stopped the client at startup (`startup.rs`).
        if let Some(cert) = files.read(&cert_path).content() {
            report.client_certificate = true;
            match files
                .read(&key_path)
                .content()
                .map(|k| trust::load_key_pair(cert, k))
            {
                Some(Ok(chain)) => client_chain = Some(chain),
                Some(Err(e)) => {
                    let e = format!("failed to load initial client certificate: {e}");
                    report.outcome = Outcome::Fails;
                    report.error = Some(ConnectionError {
                        client: grpc_error(&e),
                        server: None,
                    });
                    ctx.finding(
                        &code::CLIENT_CERT_FAILS,
                        format!("{cname}: {e}"),
                        "put a matching client.crt/client.key into argocd-repo-server-mtls",
                        &[&subject],
                    );
                    return Some(report);
                }
                None => {
                    let e = format!(
                        "failed to load initial client certificate: open {key_path}: no such file or directory"
                    );
                    report.outcome = Outcome::Fails;
                    report.error = Some(ConnectionError {
                        client: grpc_error(&e),
                        server: None,
                    });
                    ctx.finding(
                        &code::CLIENT_CERT_FAILS,
                        format!("{cname}: {e}"),
                        "add client.key next to client.crt in argocd-repo-server-mtls",
                        &[&subject],
                    );
                    return Some(report);
                }
            }
        }
        if ca_path.is_empty()
            && files
                .read("/app/config/reposerver/mtls/server-ca.crt")
                .content()
                .is_some()
        {
            ctx.finding(
                &code::SERVER_CA_UNUSED,
                format!("{cname} has server-ca.crt mounted but does not use it"),
                format!(
                    "set `{}: /app/config/reposerver/mtls/server-ca.crt`",
                    key(Knob::RepoCaCertPath)
                        .0
                        .unwrap_or("--repo-server-ca-cert-path")
                ),
                &[&subject],
            );
        }
    }
    // The handshake: version and suite first.
    match negotiate(
        &server_tls.params,
        server_tls.served.key(),
        &ClientParams::grpc(),
        ctx.version.go_minor(),
    ) {
        Negotiation::Failed {
            client: ce,
            server: se,
        } => {
            report.outcome = Outcome::Fails;
            report.error = Some(ConnectionError {
                client: grpc_error(&format!("transport: authentication handshake failed: {ce}")),
                server: Some(se.clone()),
            });
            ctx.finding(&code::NO_SHARED_PARAMETERS, format!("{cname} → argocd-repo-server: {se}"), "allow TLS 1.2 with an ECDHE AEAD suite that matches the certificate's key, or TLS 1.3", &[&subject]);
            return Some(report);
        }
        Negotiation::Agreed { version, suite } => {
            report.negotiated = Some(Negotiated {
                version: version.as_str().into(),
                cipher_suite: suite_name(suite),
                alpn: Some("h2".into()),
            });
        }
    }
    if strict && let Err(e) = verify_served(&server_tls.served, &roots, &host, ctx.now) {
        report.outcome = Outcome::Fails;
        report.error = Some(ConnectionError {
            client: grpc_error(&format!(
                "transport: authentication handshake failed: tls: failed to verify certificate: {e}"
            )),
            server: Some("remote error: tls: bad certificate".into()),
        });
        let generated = matches!(server_tls.served, Served::Generated { .. });
        let hint = if generated {
            "create argocd-repo-server-tls with a certificate whose SANs include the address clients dial (argocd-repo-server, argocd-repo-server.<namespace>.svc) and its CA in ca.crt".to_string()
        } else if e.contains("valid for")
            || e.contains("legacy Common Name")
            || e.contains("any names")
        {
            format!(
                "reissue the repo-server certificate with DNS SAN `{host}`, or point the client at a name it has (`{}`)",
                key(Knob::RepoServer).0.unwrap_or("--repo-server")
            )
        } else if e.contains("unknown authority") {
            "make the client trust the CA that signed the repo-server certificate (its ca.crt / server-ca.crt)".to_string()
        } else {
            "renew or reissue the repo-server certificate".to_string()
        };
        ctx.finding(
            &code::VERIFICATION_FAILS,
            format!("{cname} rejects argocd-repo-server's certificate: {e}"),
            hint,
            &[&subject],
        );
        return Some(report);
    }
    // mTLS: the server checks the client certificate. In TLS 1.3 the client's handshake is over
    // before the server has looked at the certificate, so the server's alert reaches gRPC while
    // it reads the server preface; in TLS 1.2 it ends the client's handshake (observed with real
    // Go handshakes, tests/interop.rs).
    if let Some(cas) = &server_tls.client_cas {
        let tls13 = report
            .negotiated
            .as_ref()
            .is_some_and(|n| n.version == "1.3");
        let client_error = |alert: &str| {
            grpc_error(&if tls13 {
                format!("error reading server preface: remote error: tls: {alert}")
            } else {
                format!("transport: authentication handshake failed: remote error: tls: {alert}")
            })
        };
        match &client_chain {
            None => {
                report.outcome = Outcome::Fails;
                report.error = Some(ConnectionError {
                    client: client_error(if tls13 {
                        "certificate required"
                    } else {
                        "handshake failure"
                    }),
                    server: Some("tls: client didn't provide a certificate".into()),
                });
                ctx.finding(
                    &code::CLIENT_CERT_FAILS,
                    format!("argocd-repo-server requires client certificates (client-ca.crt is mounted) but {cname} has no {cert_path}"),
                    "add client.crt and client.key (signed by the CA in client-ca.crt) to argocd-repo-server-mtls",
                    &[&subject],
                );
            }
            Some(chain) => {
                if let Err((alert, e)) = trust::verify_client_certificate(chain, cas, ctx.now) {
                    report.outcome = Outcome::Fails;
                    report.error = Some(ConnectionError {
                        client: client_error(alert),
                        server: Some(format!("tls: failed to verify certificate: {e}")),
                    });
                    ctx.finding(&code::CLIENT_CERT_FAILS, format!("argocd-repo-server rejects {cname}'s client certificate: {e}"), "issue the client certificate from the CA in client-ca.crt, with ExtKeyUsage clientAuth", &[&subject]);
                }
            }
        }
    }
    Some(report)
}
