//! Connections to argocd-repo-server (reference §3, §4, §6).

use super::{client_down, grpc_error, missing_port, read_trust_file, refused, verify_served};
use crate::resolve::{
    Certificate, ClientParams, Component, ConnectionError, ConnectionReport, Ctx, Knob, Negotiated,
    Negotiation, Outcome, Resolved, Served, Transport, Verification, code, host_of, knob_names,
    negotiate, suite_name, trust,
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
        ctx.push(code::deprecated_strict_flag(
            cname,
            k.or(f).unwrap_or("--repo-server-strict-tls"),
            key(Knob::RepoCaCertPath)
                .0
                .unwrap_or("--repo-server-ca-cert-path"),
        ));
    }
    let server_tls = sr.tls.as_ref();
    let repo_plain = sr.settings.flag(Knob::DisableTls);
    if let Some(e) = client_down(cr) {
        report.outcome = Outcome::Fails;
        report.error = Some(e);
        return Some(report);
    }
    if let Some(e) = missing_port(&address) {
        let (k, f) = key(Knob::RepoServer);
        ctx.push(code::address_missing_port(
            cname,
            "argocd-repo-server",
            &address,
            k.or(f).unwrap_or("--repo-server"),
            8081,
        ));
        report.outcome = Outcome::Fails;
        report.error = Some(ConnectionError {
            client: grpc_error(&format!("transport: Error while dialing: {e}")),
            server: None,
        });
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
            ctx.push(code::plaintext_connection_repo(cname));
            return Some(report);
        }
        report.outcome = Outcome::Fails;
        report.error = Some(ConnectionError {
            client: grpc_error("error reading server preface: EOF"),
            server: Some("tls: first record does not look like a TLS handshake".into()),
        });
        ctx.push(code::transport_mismatch_repo_plaintext(
            cname,
            key(Knob::RepoPlaintext),
        ));
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
        ctx.push(code::transport_mismatch_repo_tls(
            cname,
            key(Knob::RepoPlaintext),
        ));
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
        roots.extend(read_trust_file(ctx, files, path, &mut report.trust));
    }
    if !strict {
        report.verification = Verification::SkipVerify;
        ctx.push(if ctx.version.v3_5() {
            code::unverified_connection_repo_ca(cname, key(Knob::RepoCaCertPath))
        } else {
            code::unverified_connection_repo_strict(
                cname,
                key(Knob::RepoStrictTls)
                    .0
                    .unwrap_or("--repo-server-strict-tls"),
            )
        });
    } else {
        report.verification = Verification::Verify;
        if roots.is_empty() {
            ctx.push(code::empty_trust_repo(cname, &trust_paths));
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
                .map(|k| ctx.memo.load_key_pair(cert, k))
            {
                Some(Ok(chain)) => client_chain = Some(chain),
                Some(Err(e)) => {
                    let e = format!("failed to load initial client certificate: {e}");
                    report.outcome = Outcome::Fails;
                    report.error = Some(ConnectionError {
                        client: grpc_error(&e),
                        server: None,
                    });
                    ctx.push(code::client_cert_fails_invalid(cname, &e));
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
                    ctx.push(code::client_cert_fails_no_key(cname, &e));
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
            ctx.push(code::server_ca_unused(
                cname,
                key(Knob::RepoCaCertPath)
                    .0
                    .unwrap_or("--repo-server-ca-cert-path"),
            ));
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
            ctx.push(code::no_shared_parameters_repo(cname, &se));
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
    if strict && let Err(e) = verify_served(ctx.memo, &server_tls.served, &roots, &host, ctx.now) {
        report.outcome = Outcome::Fails;
        report.error = Some(ConnectionError {
            client: grpc_error(&format!(
                "transport: authentication handshake failed: tls: failed to verify certificate: {e}"
            )),
            server: Some("remote error: tls: bad certificate".into()),
        });
        ctx.push(code::verification_fails_repo(
            cname,
            &e,
            matches!(server_tls.served, Served::Generated { .. }),
            &host,
            key(Knob::RepoServer).0.unwrap_or("--repo-server"),
        ));
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
                ctx.push(code::client_cert_fails_missing(cname, &cert_path));
            }
            Some(chain) => {
                if let Err((alert, e)) =
                    trust::verify_client_certificate(ctx.memo, chain, cas, ctx.now)
                {
                    report.outcome = Outcome::Fails;
                    report.error = Some(ConnectionError {
                        client: client_error(alert),
                        server: Some(format!("tls: failed to verify certificate: {e}")),
                    });
                    ctx.push(code::client_cert_fails_rejected(cname, &e));
                }
            }
        }
    }
    Some(report)
}
