//! Connections to Redis (reference §8).

use super::client_down;
use crate::resolve::{
    ConnectionError, ConnectionReport, Ctx, Knob, Outcome, Resolved, SETTINGS, Transport,
    Verification, code, settings,
};

pub(super) fn redis_connection(ctx: &mut Ctx<'_>, cr: &Resolved<'_>) -> ConnectionReport {
    let use_tls = cr.settings.flag(Knob::RedisUseTls);
    let address = cr.settings.get(Knob::Redis).to_string();
    let cname = cr.component.name();
    let mut report = ConnectionReport {
        client: cname.into(),
        server: "argocd-redis".into(),
        address,
        transport: if use_tls {
            Transport::Tls
        } else {
            Transport::Plaintext
        },
        verification: if !use_tls {
            Verification::None
        } else if cr.settings.flag(Knob::RedisInsecureSkipVerify) {
            Verification::SkipVerify
        } else {
            Verification::Verify
        },
        server_name: None,
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
    if use_tls {
        report.outcome = Outcome::Fails;
        report.error = Some(ConnectionError {
            client: "tls: first record does not look like a TLS handshake".into(),
            server: None,
        });
        ctx.push(code::redis_tls_mismatch_use_tls(cname));
    } else if [
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
    }) {
        ctx.push(code::redis_tls_mismatch_ignored(cname));
    }
    report
}
