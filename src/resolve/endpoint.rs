//! A TLS endpoint as the report shows it: the served certificate, its checks, the settings'
//! provenance and the grade.

use crate::report::CertificateDates;

use super::{
    BTreeMap, CertificateReport, CertificateSummary, Component, Ctx, DEFAULT_CIPHERS, Files, Knob,
    PublicKey, Resolved, SETTINGS, Served, SettingSource, Settings, TlsReport, TlsServer,
    TlsVersion, UnixTime, code, generated_summary, grade, plain_endpoint, suite_name, tls,
};

/// `sources` of an endpoint: each setting with its value and where that came from. A default
/// cipher list is a version rule: it is the default of the modelled release (reference §1.1).
pub(super) fn sources(
    ctx: &Ctx<'_>,
    component: Component,
    settings: &Settings,
    knobs: &[(Knob, &str)],
) -> BTreeMap<String, SettingSource> {
    crate::sort::sorted_map(knobs.iter().filter_map(|(k, label)| {
        settings.sourced(*k).map(|s| {
            let by_version = SETTINGS.iter().any(|row| {
                row.component == component && row.knob == *k && row.default == DEFAULT_CIPHERS
            });
            let rule =
                by_version.then(|| format!("default cipher suites of Argo CD {}", ctx.version));
            ((*label).to_string(), s.provenance(rule))
        })
    }))
}

pub(super) fn tls_report(server: &TlsServer, ctx: &Ctx<'_>) -> TlsReport {
    let (source, persistent, hot_reload, chain) = match &server.served {
        Served::Loaded {
            chain,
            source,
            persistent,
            hot_reload,
        } => (
            source.clone(),
            *persistent,
            *hot_reload,
            chain.certs.iter().map(CertificateSummary::of).collect(),
        ),
        Served::Generated {
            persistent,
            summary,
            ..
        } => (
            "self-signed".to_string(),
            *persistent,
            false,
            vec![summary.clone()],
        ),
    };
    let _ = ctx;
    let dates = match &server.served {
        Served::Loaded { .. } => CertificateDates::FromCertificate,
        Served::Generated {
            persistent: true, ..
        } => CertificateDates::UnknownPersisted,
        Served::Generated { .. } => CertificateDates::StartRelative,
    };
    TlsReport {
        min_version: server
            .params
            .min
            .unwrap_or(TlsVersion::V1_2)
            .as_str()
            .to_string(),
        max_version: server
            .params
            .max
            .unwrap_or(TlsVersion::V1_3)
            .as_str()
            .to_string(),
        cipher_suites: if server.dex_defaults {
            None
        } else {
            Some(
                server
                    .params
                    .ciphers
                    .iter()
                    .map(|id| suite_name(*id))
                    .collect(),
            )
        },
        certificate: CertificateReport {
            source,
            persistent,
            hot_reload,
            chain,
            dates,
        },
        client_auth: if server.client_cas.is_some() {
            "require".to_string()
        } else {
            "none".to_string()
        },
        alpn: server.alpn.clone(),
    }
}

pub(super) fn endpoint_grade(server: &TlsServer, now: UnixTime) -> grade::Grade {
    let min = server.params.min.unwrap_or(TlsVersion::V1_2);
    let max = server.params.max.unwrap_or(TlsVersion::V1_3);
    let versions: Vec<TlsVersion> = TlsVersion::ALL
        .into_iter()
        .filter(|v| *v >= min && *v <= max)
        .collect();
    let (rsa_bits, ecdsa_curve, trusted, expired) = match &server.served {
        Served::Loaded { chain, .. } => {
            let leaf = chain.leaf();
            let rsa = leaf.and_then(|c| {
                matches!(c.public_key, PublicKey::Rsa { .. }).then(|| c.public_key.bits())
            });
            let curve = leaf.and_then(|c| match &c.public_key {
                PublicKey::Ecdsa { curve, .. } => Some((*curve).to_string()),
                _ => None,
            });
            let self_signed = leaf.is_some_and(|c| c.raw_subject == c.raw_issuer);
            let expired = leaf.is_some_and(|c| now < c.not_before || now > c.not_after);
            (rsa, curve, !self_signed, expired)
        }
        Served::Generated { .. } => (Some(2048), None, false, false),
    };
    let suites_tls12 = if versions.iter().any(|v| *v <= TlsVersion::V1_2) && !server.dex_defaults {
        server
            .params
            .ciphers
            .iter()
            .copied()
            .filter(|id| tls::suite(*id).is_some_and(|s| s.kx != tls::Kx::Tls13))
            .collect()
    } else if server.dex_defaults {
        vec![
            0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014,
        ]
    } else {
        Vec::new()
    };
    grade::grade(&grade::Facts {
        versions,
        suites_tls12,
        rsa_bits,
        ecdsa_curve,
        trusted,
        expired,
    })
}

/// Certificate findings for what an endpoint serves (§2, Go's verifier): expiry, weak keys, and
/// whether the Service name clients dial is in the SANs.
pub(super) fn check_served(
    ctx: &mut Ctx<'_>,
    component: &str,
    served: &Served,
    service_name: Option<&str>,
) {
    let Served::Loaded { chain, source, .. } = served else {
        return;
    };
    let Some(leaf) = chain.leaf() else { return };
    if ctx.now < leaf.not_before || ctx.now > leaf.not_after {
        ctx.push(code::expired(
            component,
            source,
            leaf.not_before,
            leaf.not_after,
            ctx.now,
        ));
    } else if leaf.not_after.as_secs() - ctx.now.as_secs() < code::EXPIRY_WARNING_DAYS * 86_400 {
        ctx.push(code::expires_soon(component, source, leaf.not_after));
    }
    if let PublicKey::Rsa { .. } = leaf.public_key {
        let bits = leaf.public_key.bits();
        if bits < 2048 {
            ctx.push(code::weak_key(component, bits));
        }
    }
    if let Some(name) = service_name
        && !leaf.dns_names.iter().any(|d| d.eq_ignore_ascii_case(name))
    {
        ctx.push(code::no_service_name(
            component,
            source,
            name,
            &leaf.dns_names,
        ));
    }
}

pub(super) fn push_tls_endpoint(
    ctx: &Ctx<'_>,
    r: &mut Resolved<'_>,
    name: &str,
    port: u16,
    protocol: &str,
    knobs: &[(Knob, &str)],
) {
    let mut ep = plain_endpoint(name, port, protocol);
    ep.sources = sources(ctx, r.component, &r.settings, knobs);
    if let Some(server) = &r.tls {
        ep.tls = Some(tls_report(server, ctx));
        ep.grade = Some(endpoint_grade(server, ctx.now));
    }
    r.endpoints.push(ep);
}

/// Argo CD's `CreateServerTLSConfig` (§2.4), shared by the repo-server and the Dex wrapper: both
/// files present → `tls.LoadX509KeyPair` (an error is fatal at startup); either missing → a
/// certificate generated at every start for `hosts`.
pub(super) fn create_server_tls(
    ctx: &Ctx<'_>,
    files: &Files<'_>,
    cert_path: &str,
    key_path: &str,
    hosts: &[&str],
) -> Result<Served, String> {
    let (cert, key) = (files.read(cert_path), files.read(key_path));
    match (cert.content(), key.content()) {
        (Some(c), Some(k)) => ctx.memo.load_key_pair(c, k)
            .map(|chain| Served::Loaded { chain, source: cert.origin().unwrap_or_default(), persistent: true, hot_reload: false })
            .map_err(|e| format!("unable to initialize TLS configuration with cert={cert_path} and key={key_path}: {e}")),
        _ => {
            let hosts: Vec<String> = hosts.iter().map(|h| (*h).to_string()).collect();
            let summary = generated_summary(&hosts, false);
            Ok(Served::Generated { hosts, persistent: false, summary })
        }
    }
}
