//! argocd-server → argocd-dex-server (reference §5, §7).

use super::{client_down, read_trust_file, refused, verify_served};
use crate::resolve::{
    ClientParams, Component, ConnectionError, ConnectionReport, Ctx, Knob, Negotiated, Negotiation,
    Outcome, Resolved, Served, Transport, Verification, code, host_of, negotiate, suite_name,
};

/// The Go minor release Dex's images are assumed to be built with (only the wording of a
/// cipher-mismatch error depends on it).
const DEX_GO_MINOR: u32 = 25;

pub(super) fn dex_connection(ctx: &mut Ctx<'_>, resolved: &[Resolved<'_>]) -> ConnectionReport {
    let idx = |c: Component| Component::ALL.iter().position(|x| *x == c).unwrap_or(0);
    let cr = &resolved[idx(Component::Server)];
    let dr = &resolved[idx(Component::DexServer)];
    let address = cr.settings.get(Knob::DexServer).to_string();
    let plaintext = cr.settings.flag(Knob::DexPlaintext);
    let strict = cr.settings.flag(Knob::DexStrictTls) && !plaintext;
    // §7: an explicit scheme wins; otherwise plaintext → http, else https.
    let url = if address.contains("://") {
        address.clone()
    } else if plaintext || !ctx.version.dex_tls() {
        format!("http://{address}")
    } else {
        format!("https://{address}")
    };
    let https = url.starts_with("https://");
    // §0.0 item 10: an explicit https:// with no Dex TLS config (plaintext, or a version without
    // Dex TLS) is Go's default client: verified against the system roots, no ca.crt, no pin.
    let system_roots = https && (plaintext || !ctx.version.dex_tls());
    let (host, _) = host_of(&url);
    let mut report = ConnectionReport {
        client: "argocd-server".into(),
        server: "argocd-dex-server".into(),
        address: url.clone(),
        transport: if https {
            Transport::Tls
        } else {
            Transport::Plaintext
        },
        verification: if !https {
            Verification::None
        } else if strict || system_roots {
            Verification::Verify
        } else {
            Verification::SkipVerify
        },
        server_name: https.then(|| host.clone()),
        trust: Vec::new(),
        client_certificate: false,
        outcome: Outcome::Ok,
        error: None,
        negotiated: None,
        server_hello: None,
    };
    let discovery = format!(
        "{}/api/dex/.well-known/openid-configuration",
        url.trim_end_matches('/')
    );
    if let Some(e) = client_down(cr) {
        report.outcome = Outcome::Fails;
        report.error = Some(e);
        return report;
    }
    if !dr.starts {
        report.outcome = Outcome::Fails;
        report.error = Some(ConnectionError {
            client: format!(
                "Get \"{discovery}\": {}",
                refused(
                    url.split_once("://").map_or(url.as_str(), |(_, a)| a),
                    if https { 443 } else { 80 }
                )
            ),
            server: None,
        });
        return report;
    }
    let dex_tls = dr.tls.as_ref();
    match (https, dex_tls) {
        (false, None) => {
            ctx.push(code::plaintext_connection_dex());
            report
        }
        (false, Some(_)) => {
            report.outcome = Outcome::Fails;
            report.error = Some(ConnectionError {
                client: "Client sent an HTTP request to an HTTPS server.".into(),
                server: Some(
                    "http: TLS handshake error: client sent an HTTP request to an HTTPS server"
                        .into(),
                ),
            });
            ctx.push(code::transport_mismatch_dex_http(&url));
            report
        }
        (true, None) => {
            report.outcome = Outcome::Fails;
            report.error = Some(ConnectionError {
                client: format!(
                    "Get \"{discovery}\": http: server gave HTTP response to HTTPS client"
                ),
                server: None,
            });
            ctx.push(code::transport_mismatch_dex_https());
            report
        }
        (true, Some(dex)) => {
            match negotiate(
                &dex.params,
                dex.served.key(),
                &ClientParams::go_default(),
                // Dex's own Go build, not Argo CD's: its error is modelled as Go >= 1.25 writes it.
                DEX_GO_MINOR,
            ) {
                Negotiation::Agreed { version, suite } => {
                    report.negotiated = Some(Negotiated {
                        version: version.as_str().into(),
                        cipher_suite: suite_name(suite),
                        alpn: None,
                    });
                }
                Negotiation::Failed { client, server } => {
                    report.outcome = Outcome::Fails;
                    report.error = Some(ConnectionError {
                        client: format!("Get \"{discovery}\": {client}"),
                        server: Some(server),
                    });
                    return report;
                }
            }
            if system_roots {
                report
                    .trust
                    .push("the system roots of the argocd-server image".into());
                if let Err(e) = verify_served(ctx.memo, &dex.served, &[], &host, ctx.now) {
                    report.outcome = Outcome::Fails;
                    report.error = Some(ConnectionError {
                        client: format!(
                            "Get \"{discovery}\": tls: failed to verify certificate: {e}"
                        ),
                        server: Some("remote error: tls: bad certificate".into()),
                    });
                    ctx.push(code::verification_fails_dex_system_roots(&url, &e));
                }
                return report;
            }
            if !strict {
                ctx.push(code::unverified_connection_dex());
                return report;
            }
            let Some(files) = cr.files.as_ref() else {
                return report;
            };
            let base = cr
                .settings
                .get(Knob::AppConfPath)
                .trim_end_matches('/')
                .to_string();
            let (ca_path, crt_path) = (
                format!("{base}/dex/tls/ca.crt"),
                format!("{base}/dex/tls/tls.crt"),
            );
            let roots = read_trust_file(ctx, files, &ca_path, &mut report.trust);
            let pinned = files.read(&crt_path);
            // A missing pinned certificate stopped argocd-server at startup (`startup.rs`).
            let Some(pinned_pem) = pinned.content() else {
                return report;
            };
            if roots.is_empty() {
                ctx.push(code::empty_trust_dex(&ca_path));
            }
            if let Err(e) = verify_served(ctx.memo, &dex.served, &roots, &host, ctx.now) {
                report.outcome = Outcome::Fails;
                report.error = Some(ConnectionError {
                    client: format!("Get \"{discovery}\": tls: failed to verify certificate: {e}"),
                    server: Some("remote error: tls: bad certificate".into()),
                });
                ctx.push(code::verification_fails_dex(&e));
                return report;
            }
            let served_leaf = match &dex.served {
                Served::Loaded { chain, .. } => chain.leaf().map(|c| c.raw.clone()),
                Served::Generated { .. } => None,
            };
            let pinned_leaf = ctx
                .memo
                .pool_from_pem(pinned_pem)
                .first()
                .map(|c| c.raw.clone());
            if served_leaf.is_none() || served_leaf != pinned_leaf {
                report.outcome = Outcome::Fails;
                report.error = Some(ConnectionError {
                    client: format!("Get \"{discovery}\": dex server certificate does not match"),
                    server: Some("remote error: tls: bad certificate".into()),
                });
                ctx.push(code::dex_pin_differs());
            }
            report
        }
    }
}
