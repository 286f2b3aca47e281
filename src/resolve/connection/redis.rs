//! Connections to Redis (reference §9): argocd-server, the repo-server and the controller dial
//! `--redis` (default `argocd-redis:6379`) with go-redis, which with `--redis-use-tls` dials
//! through `tls.DialWithDialer` and the `tls.Config` `util/cache/cache.go` builds (v3.5.1,
//! v2.14.21: go-redis v9.20.1 / v9.7.3, `options.go` `NewDialer`): Go's client defaults,
//! `ServerName` the host of the address, `RootCAs` from `--redis-ca-certificate` or the system
//! roots, `InsecureSkipVerify` with `--redis-insecure-skip-tls-verify` (which wins), and the
//! `--redis-client-certificate` pair.
//!
//! The Service `argocd-redis` is taken to forward the port a client dials to the same container
//! port (upstream: 6379 → 6379; a plan that adds Redis's TLS port adds it to the Service): the
//! Service's ports are not in the model. Which listener a port reaches and what each side then
//! sees was observed with real Go against a real redis-server (`tests/go/handshake`); the texts
//! are go-redis's errors and redis-server's log lines (OpenSSL 3).

use super::{client_down, missing_port, read_trust_file, refused, verify_served};
use crate::resolve::redis::{AuthClients, REDIS_PORT};
use crate::resolve::trust::verify_client_certificate;
use crate::resolve::{
    ConnectionError, ConnectionReport, Ctx, Knob, Negotiated, Outcome, Resolved, SETTINGS,
    Transport, Verification, code, host_of, knob_names, settings,
};

/// What redis-server (OpenSSL 3) logs for a connection it drops during the handshake.
fn redis_log(reason: &str) -> String {
    format!("Error accepting a client connection: {reason}")
}

pub(super) fn redis_connection(
    ctx: &mut Ctx<'_>,
    cr: &Resolved<'_>,
    rr: &Resolved<'_>,
) -> ConnectionReport {
    let use_tls = cr.settings.flag(Knob::RedisUseTls);
    let insecure = cr.settings.flag(Knob::RedisInsecureSkipVerify);
    let address = cr.settings.get(Knob::Redis).to_string();
    let (host, has_port) = host_of(&address);
    let port = if has_port {
        address
            .rsplit_once(':')
            .and_then(|(_, p)| p.parse::<u16>().ok())
            .unwrap_or(REDIS_PORT)
    } else {
        REDIS_PORT
    };
    let cname = cr.component.name();
    let mut report = ConnectionReport {
        client: cname.into(),
        server: "argocd-redis".into(),
        address: address.clone(),
        transport: if use_tls {
            Transport::Tls
        } else {
            Transport::Plaintext
        },
        verification: if !use_tls {
            Verification::None
        } else if insecure {
            Verification::SkipVerify
        } else {
            Verification::Verify
        },
        server_name: use_tls.then(|| host.clone()),
        trust: Vec::new(),
        client_certificate: use_tls && !cr.settings.get(Knob::RedisClientCertificate).is_empty(),
        outcome: Outcome::Ok,
        error: None,
        negotiated: None,
        server_hello: None,
    };
    if let Some(e) = client_down(cr) {
        report.outcome = Outcome::Fails;
        report.error = Some(e);
        return report;
    }
    if !use_tls && ignored_tls_flags(cr) {
        ctx.push(code::redis_tls_mismatch_ignored(cname));
    }
    let fail = |report: &mut ConnectionReport, client: String, server: Option<String>| {
        report.outcome = Outcome::Fails;
        report.error = Some(ConnectionError { client, server });
    };
    if let Some(e) = missing_port(&address) {
        let (k, f) = knob_names(cr.component, Knob::Redis);
        ctx.push(code::address_missing_port(
            cname,
            "argocd-redis",
            &address,
            k.or(f).unwrap_or("--redis"),
            REDIS_PORT,
        ));
        fail(&mut report, e, None);
        return report;
    }
    let listeners = rr.redis.as_ref().filter(|_| rr.starts);
    let Some(l) = listeners else {
        fail(&mut report, refused(&address, REDIS_PORT), None);
        return report;
    };
    let tls_listener = if l.port != 0 && port == l.port {
        false
    } else if l.tls_port != 0 && port == l.tls_port {
        true
    } else {
        fail(&mut report, refused(&address, REDIS_PORT), None);
        ctx.push(code::redis_tls_mismatch_port(cname, port));
        return report;
    };
    match (use_tls, tls_listener) {
        (false, false) => report,
        // Redis reads the ClientHello as the start of an inline command and waits for its end;
        // Go waits for the ServerHello until go-redis's dial timeout (5 s) ends the handshake.
        (true, false) => {
            fail(&mut report, "context deadline exceeded".into(), None);
            ctx.push(code::redis_tls_mismatch_use_tls(cname, port));
            report
        }
        // OpenSSL reads the RESP command as a TLS record header and closes the connection with
        // the client's bytes unread: the client's read is reset.
        (false, true) => {
            fail(
                &mut report,
                format!(
                    "read tcp <client address>-><ClusterIP>:{port}: read: connection reset by peer"
                ),
                Some(redis_log(
                    "error:0A00010B:SSL routines::wrong version number",
                )),
            );
            ctx.push(code::redis_tls_mismatch_plaintext(cname, port));
            report
        }
        (true, true) => tls_connection(ctx, cr, rr, report, &host, insecure),
    }
}

/// A TLS client on Redis's TLS port: Go verifies the server (unless skip-verify), then Redis
/// (with `tls-auth-clients` `yes` or `optional`) the client's certificate. TLS 1.3 is agreed
/// (Go's client and OpenSSL's defaults), with the client's first suite.
fn tls_connection(
    ctx: &mut Ctx<'_>,
    cr: &Resolved<'_>,
    rr: &Resolved<'_>,
    mut report: ConnectionReport,
    host: &str,
    insecure: bool,
) -> ConnectionReport {
    let cname = cr.component.name();
    let (Some(server), Some(listeners)) = (rr.tls.as_ref(), rr.redis.as_ref()) else {
        return report;
    };
    let Some(files) = cr.files.as_ref() else {
        return report;
    };
    if insecure {
        ctx.push(code::unverified_connection_redis(cname));
    } else {
        let ca = cr.settings.get(Knob::RedisCaCertificate).to_string();
        let roots = if ca.is_empty() {
            report
                .trust
                .push(format!("the system roots of the {cname} image"));
            Vec::new()
        } else {
            read_trust_file(ctx, files, &ca, &mut report.trust)
        };
        if let Err(e) = verify_served(ctx.memo, &server.served, &roots, host, ctx.now) {
            report.outcome = Outcome::Fails;
            report.error = Some(ConnectionError {
                client: format!("tls: failed to verify certificate: {e}"),
                server: Some(redis_log(
                    "error:0A000412:SSL routines::sslv3 alert bad certificate",
                )),
            });
            ctx.push(code::verification_fails_redis(cname, &e, ca.is_empty()));
            return report;
        }
    }
    if let Some(cas) = &server.client_cas {
        let cert = cr.settings.get(Knob::RedisClientCertificate);
        let pair = (!cert.is_empty())
            .then(|| {
                let key = cr.settings.get(Knob::RedisClientKey);
                let (c, k) = (files.read(cert).content()?, files.read(key).content()?);
                ctx.memo.load_key_pair(c, k).ok()
            })
            .flatten();
        let rejected = match &pair {
            None if listeners.auth_clients == AuthClients::Yes => Some((
                "remote error: tls: certificate required".to_string(),
                "error:0A0000C7:SSL routines::peer did not return a certificate",
            )),
            None => None,
            // OpenSSL verifies the chain to the CA (INFERRED: Go's verifier with ExtKeyUsage
            // clientAuth stands in for OpenSSL's `sslclient` purpose check).
            Some(chain) => verify_client_certificate(ctx.memo, chain, cas, ctx.now)
                .err()
                .map(|(alert, _)| {
                    (
                        format!("remote error: tls: {alert}"),
                        "error:0A000086:SSL routines::certificate verify failed",
                    )
                }),
        };
        if let Some((client, server)) = rejected {
            ctx.push(code::client_cert_fails_redis(cname, &client));
            // TLS 1.3: Go's handshake completes before Redis checks the client; the rejection
            // arrives as an alert on the first read (`negotiated` becomes `serverHello`).
            report.negotiated = Some(negotiated());
            report.outcome = Outcome::Fails;
            report.error = Some(ConnectionError {
                client,
                server: Some(redis_log(server)),
            });
            return report;
        }
    }
    report.negotiated = Some(negotiated());
    report
}

/// What Go's client and redis-server agree on: TLS 1.3 with the client's first suite (Go picks
/// AES-128-GCM first on hardware with AES support), no ALPN.
fn negotiated() -> Negotiated {
    Negotiated {
        version: "1.3".into(),
        cipher_suite: "TLS_AES_128_GCM_SHA256".into(),
        alpn: None,
    }
}

/// Whether the client sets a Redis CA, client certificate or skip-verify flag (ignored without
/// `--redis-use-tls`).
fn ignored_tls_flags(cr: &Resolved<'_>) -> bool {
    [
        "redis-ca-certificate",
        "redis-client-certificate",
        "redis-insecure-skip-tls-verify",
    ]
    .iter()
    .any(|f| {
        cr.settings.all().any(|(k, s)| {
            SETTINGS
                .iter()
                .any(|row| row.knob == *k && row.flag == Some(*f))
                && s.source != settings::Source::Default
        })
    })
}
