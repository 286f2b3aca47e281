//! From an [`Installation`] to a [`Report`]: which components start, what each endpoint serves,
//! how each client connects and whether that works — the way Argo CD's code decides it (the spec
//! is `shared/reference/argocd-tls.md`; section numbers below point into it).

use std::collections::BTreeMap;

use crate::argo::{ArgoVersion, version};
use crate::diagnostics::{Finding, code};
use crate::model::{Component, Installation};
use crate::report::{
    CertificateReport, ComponentReport, ConnectionError, ConnectionReport, EndpointReport,
    Negotiated, Report, TlsReport,
};
use crate::time::UnixTime;
use crate::x509::inspect::CertificateSummary;
use crate::x509::parse::{Certificate, PublicKey};

pub(crate) mod dex_config;
pub(crate) mod files;
pub(crate) mod flags;
pub(crate) mod grade;
pub(crate) mod pki;
mod startup;
pub(crate) mod tls;

use files::{File, Files};
use flags::{Knob, SettingIssue, Settings, knob_names, resolve_settings};
use tls::{
    CertKey, ClientParams, Customized, Negotiation, ServerParams, TlsVersion, customize, negotiate,
    suite_name,
};

/// What the caller decides: the instant, and optionally the version and namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The instant to evaluate certificate validity at (the core has no clock).
    pub now: UnixTime,
    /// The Argo CD version; default: from the image tag, else the newest modelled release.
    pub argocd_version: Option<String>,
    /// The namespace; default: from the manifests, else `argocd`.
    pub namespace: Option<String>,
}

/// Why resolution could not even start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveError {
    /// The version string is not a version, or not one the planner models.
    UnsupportedVersion(String),
}

impl core::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::UnsupportedVersion(v) => {
                write!(
                    f,
                    "Argo CD version `{v}` is not modelled: expected 2.4.0 … 3.5.x or 3.6.0-dev"
                )
            }
        }
    }
}

impl std::error::Error for ResolveError {}

/// A server-side certificate as a component ends up with it.
// One value per component and connection: the size difference between the variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
enum Served {
    /// Loaded from files or a Secret.
    Loaded {
        chain: pki::Chain,
        source: String,
        persistent: bool,
        hot_reload: bool,
    },
    /// Generated at startup (Argo CD's `generate()`, §2.1).
    Generated {
        hosts: Vec<String>,
        persistent: bool,
        summary: CertificateSummary,
    },
}

impl Served {
    fn key(&self) -> CertKey {
        match self {
            Self::Loaded { chain, .. } => match chain.leaf().map(|c| &c.public_key) {
                Some(PublicKey::Ecdsa { .. } | PublicKey::Ed25519(_)) => CertKey::Ecdsa,
                _ => CertKey::Rsa,
            },
            Self::Generated { .. } => CertKey::Rsa,
        }
    }
}

/// A TLS server as clients meet it.
#[derive(Clone, Debug)]
struct TlsServer {
    params: ServerParams,
    served: Served,
    /// mTLS: the client CAs (`None` = no client certificate requested).
    client_cas: Option<Vec<Certificate>>,
    alpn: Vec<String>,
    /// Dex: TLS parameters are Dex's own defaults, not Argo's.
    dex_defaults: bool,
}

/// What one component resolved to.
struct Resolved<'a> {
    component: Component,
    files: Option<Files<'a>>,
    settings: Settings,
    starts: bool,
    startup_error: Option<String>,
    /// The main TLS server (argocd-server 8080, repo-server 8081, Dex 5556), if TLS is on.
    tls: Option<TlsServer>,
    endpoints: Vec<EndpointReport>,
}

struct Ctx<'a> {
    install: &'a Installation,
    version: ArgoVersion,
    namespace: String,
    now: UnixTime,
    default_ciphers: &'static str,
    findings: Vec<Finding>,
}

impl Ctx<'_> {
    fn finding(
        &mut self,
        c: &code::Code,
        message: impl Into<String>,
        hint: impl Into<String>,
        subjects: &[&str],
    ) {
        self.findings.push(Finding::new(
            c,
            message,
            hint,
            subjects.iter().map(|s| (*s).to_string()).collect(),
        ));
    }
}

/// Resolves an installation into a report.
///
/// # Errors
/// [`ResolveError::UnsupportedVersion`] when `options.argocd_version` is not a modelled version.
pub fn resolve(install: &Installation, options: &Options) -> Result<Report, ResolveError> {
    let version = match &options.argocd_version {
        Some(v) => match ArgoVersion::parse(v) {
            Some(p) if p.is_modelled() => p,
            _ => return Err(ResolveError::UnsupportedVersion(v.clone())),
        },
        None => version_from_images(install).unwrap_or(version::NEWEST_RELEASE),
    };
    let namespace = options
        .namespace
        .clone()
        .or_else(|| install.namespace.clone())
        .unwrap_or_else(|| "argocd".to_string());
    let (release, exact) = version.release();
    let mut ctx = Ctx {
        install,
        version,
        namespace,
        now: options.now,
        default_ciphers: release.default_ciphers,
        findings: Vec::new(),
    };
    if !exact {
        ctx.finding(
            &code::VERSION_ASSUMED,
            format!(
                "Argo CD {version} is modelled like {}.{}.{} (Go {})",
                release.version.0, release.version.1, release.version.2, release.go_toolchain
            ),
            "set the exact version with `--argocd-version` if it differs; the planner's reference covers v2.4 … v3.5.1 and 3.6.0-dev",
            &[],
        );
    }

    let mut resolved: Vec<Resolved<'_>> = Component::ALL
        .iter()
        .map(|c| resolve_component(&mut ctx, *c))
        .collect();
    let mut connections = resolve_connections(&mut ctx, &mut resolved);
    // `negotiated` describes a completed handshake only.
    for k in &mut connections {
        if k.outcome != "ok" {
            k.server_hello = k.negotiated.take();
        }
    }
    show_errors_in_findings(&mut ctx.findings, &connections, &resolved);

    let components = resolved
        .into_iter()
        .map(|r| ComponentReport {
            name: r.component.name().to_string(),
            present: r.files.is_some(),
            starts: r.starts,
            startup_error: r.startup_error,
            endpoints: r.endpoints,
        })
        .collect();
    let mut findings = ctx.findings;
    findings.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.code.cmp(&b.code))
    });
    findings.dedup();
    Ok(Report {
        schema_version: 1,
        argocd_version: version.to_string(),
        namespace: ctx.namespace,
        now: options.now.to_string(),
        components,
        connections,
        findings,
    })
}

/// Every startup error and every failing connection's error is in a finding: the finding about
/// that component or connection carries the text the process logs, so the operator can match it
/// against the logs. Connections that fail because one side does not start are explained by that
/// side's startup finding.
fn show_errors_in_findings(
    findings: &mut [Finding],
    connections: &[ConnectionReport],
    resolved: &[Resolved<'_>],
) {
    let down = |name: &str| {
        resolved
            .iter()
            .any(|r| r.component.name() == name && r.files.is_some() && !r.starts)
    };
    for r in resolved.iter().filter(|r| r.files.is_some() && !r.starts) {
        let name = r.component.name();
        let Some(error) = r.startup_error.as_deref() else {
            continue;
        };
        let about = |f: &Finding| f.subjects.iter().any(|s| s == name);
        if findings
            .iter()
            .any(|f| about(f) && f.message.contains(error))
        {
            continue;
        }
        if let Some(f) = findings
            .iter_mut()
            .filter(|f| about(f))
            .min_by_key(|f| f.severity)
        {
            f.message = format!("{}; {name} logs: {error}", f.message);
        }
    }
    for k in connections {
        let Some(error) = k.error.as_ref().filter(|_| k.outcome == "fails") else {
            continue;
        };
        if down(&k.client) || down(&k.server) {
            continue;
        }
        if findings.iter().any(|f| f.message.contains(&error.client)) {
            continue;
        }
        let id = format!("{}->{}", k.client, k.server);
        if let Some(f) = findings
            .iter_mut()
            .filter(|f| f.subjects.contains(&id))
            .min_by_key(|f| f.severity)
        {
            f.message = format!("{}; {} logs: {}", f.message, k.client, error.client);
        }
    }
}

fn version_from_images(install: &Installation) -> Option<ArgoVersion> {
    install
        .workloads
        .iter()
        .filter(|w| !matches!(w.component, Component::DexServer | Component::Redis))
        .filter_map(|w| w.image.as_deref())
        .filter(|i| i.contains("argocd"))
        .find_map(ArgoVersion::parse)
        .filter(|v| v.is_modelled())
}

/// `sources` of an endpoint: each setting with where its value came from.
fn sources(settings: &Settings, knobs: &[(Knob, &str)]) -> BTreeMap<String, String> {
    knobs
        .iter()
        .filter_map(|(k, label)| {
            settings.sourced(*k).map(|s| {
                let shown = if s.value.is_empty() {
                    "\"\"".to_string()
                } else {
                    s.value.clone()
                };
                (
                    (*label).to_string(),
                    format!("{shown} ({})", s.source.describe()),
                )
            })
        })
        .collect()
}

fn plain_endpoint(name: &str, port: u16, protocol: &str) -> EndpointReport {
    EndpointReport {
        name: name.to_string(),
        port,
        protocol: protocol.to_string(),
        tls: None,
        sources: BTreeMap::new(),
        grade: None,
    }
}

fn resolve_component<'a>(ctx: &mut Ctx<'a>, component: Component) -> Resolved<'a> {
    let Some(workload) = ctx.install.workload(component) else {
        return Resolved {
            component,
            files: None,
            settings: Settings::default(),
            starts: false,
            startup_error: None,
            tls: None,
            endpoints: Vec::new(),
        };
    };
    let settings = resolve_settings(workload, ctx.install, ctx.version, ctx.default_ciphers);
    let files = Files::new(workload, ctx.install);
    let mut r = Resolved {
        component,
        files: None,
        settings,
        starts: true,
        startup_error: None,
        tls: None,
        endpoints: Vec::new(),
    };
    report_setting_issues(ctx, component, &r.settings);
    if let Some(fatal) = r.settings.fatal.clone() {
        r.starts = false;
        r.startup_error = Some(fatal);
    }
    if let Some(missing) = files.missing_required().first() {
        r.starts = false;
        r.startup_error.get_or_insert_with(|| {
            format!(
                "MountVolume.SetUp failed for volume \"{}\" : secret \"{}\" not found",
                missing.volume, missing.secret
            )
        });
    }
    match component {
        Component::Server => resolve_server(ctx, &mut r, &files),
        Component::RepoServer => resolve_repo_server(ctx, &mut r, &files),
        Component::DexServer => resolve_dex(ctx, &mut r, &files),
        Component::ApplicationController => {
            r.endpoints.push(plain_endpoint("metrics", 8082, "http"))
        }
        Component::ApplicationSetController => {
            r.endpoints.push(plain_endpoint("webhook", 7000, "http"));
            r.endpoints.push(plain_endpoint("metrics", 8080, "http"));
        }
        Component::NotificationsController => {
            r.endpoints.push(plain_endpoint("metrics", 9001, "http"))
        }
        Component::CommitServer => {
            r.endpoints.push(plain_endpoint("grpc", 8086, "grpc"));
            r.endpoints.push(plain_endpoint("metrics", 8087, "http"));
        }
        Component::Redis => r.endpoints.push(plain_endpoint("redis", 6379, "redis")),
    }
    if r.starts
        && let Some(e) = startup::client_exit(ctx, component, &r.settings, &files)
    {
        r.starts = false;
        r.startup_error = Some(e);
    }
    // §0.0 item 11: argocd-server generates the Dex configuration in `watchSettings` at boot and
    // exits on the same error as the Dex wrapper.
    if component == Component::Server
        && r.starts
        && let dex_config::DexConfig::Fatal(e) = dex_config::dex_config(ctx.install, ctx.version)
    {
        r.starts = false;
        r.startup_error = Some(e);
    }
    r.files = Some(files);
    r
}

fn report_setting_issues(ctx: &mut Ctx<'_>, component: Component, settings: &Settings) {
    let name = component.name();
    for issue in &settings.issues {
        match issue {
            SettingIssue::IgnoredBool { env, value, key } => {
                let knob = key.clone().map_or_else(|| format!("env {env}"), |k| format!("`{k}`"));
                ctx.finding(
                    &code::BOOL_IGNORED,
                    format!("{knob} is `{value}`, which Argo CD ignores: only `true` or `false` are read, so the default applies"),
                    format!("set {knob} to \"true\" or \"false\""),
                    &[name],
                );
            }
            SettingIssue::MissingRef { env, what } => ctx.finding(
                &code::MISSING_REFERENCE,
                format!("env {env} refers to {what}, which is missing and not optional: the pod cannot start"),
                format!("create the {what}, or mark the reference `optional: true`"),
                &[name],
            ),
            SettingIssue::UnknownFlag { flag, hint } => ctx.finding(
                &code::UNKNOWN_FLAG,
                format!("`{flag}` is not a flag of {name} {}: it exits with `unknown flag`", ctx.version),
                format!("remove `{flag}`: {hint}"),
                &[name],
            ),
            SettingIssue::BadBoolFlag { flag, value } => ctx.finding(
                &code::BOOL_IGNORED,
                format!("`{flag}` has the value `{value}`, which cobra cannot parse as a boolean: {name} exits at startup"),
                "write the flag alone (`--flag`) or as `--flag=true` / `--flag=false`",
                &[name],
            ),
        }
    }
}

/// Runs the customizer for a component (server always; repo-server only with TLS on) and records
/// the findings it implies.
fn run_customizer(ctx: &mut Ctx<'_>, r: &mut Resolved<'_>) -> Option<ServerParams> {
    let name = r.component.name();
    let (min, max, ciphers) = (
        r.settings.get(Knob::TlsMinVersion).to_string(),
        r.settings.get(Knob::TlsMaxVersion).to_string(),
        r.settings.get(Knob::TlsCiphers).to_string(),
    );
    let key = |k: Knob| knob_names(r.component, k).0.unwrap_or("");
    match customize(
        &min,
        &max,
        &ciphers,
        ctx.default_ciphers,
        ctx.version.go_rejects_rsa_kex_names(),
    ) {
        Customized::Fatal(text) => {
            let (c, hint) = if text.contains("cipher suite") {
                let go = ctx.version.release().0.go_toolchain;
                (
                    &code::INVALID_CIPHER,
                    format!(
                        "set `{}` to names from Go {go}'s `tls.CipherSuites()` separated by `:`, e.g. \"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\" (flag `--tlsciphers`); remove `TLS_RSA_*` and 3DES names",
                        key(Knob::TlsCiphers)
                    ),
                )
            } else if text.starts_with("minimum TLS version") {
                (
                    &code::MIN_ABOVE_MAX,
                    format!(
                        "lower `{}` or raise `{}` (flags `--tlsminversion`/`--tlsmaxversion`)",
                        key(Knob::TlsMinVersion),
                        key(Knob::TlsMaxVersion)
                    ),
                )
            } else {
                (
                    &code::INVALID_TLS_VERSION,
                    format!(
                        "set `{}` / `{}` to exactly \"1.2\" or \"1.3\" (flags `--tlsminversion`/`--tlsmaxversion`)",
                        key(Knob::TlsMinVersion),
                        key(Knob::TlsMaxVersion)
                    ),
                )
            };
            ctx.finding(c, format!("{name} exits at startup: {text}"), hint, &[name]);
            r.starts = false;
            r.startup_error.get_or_insert(text);
            None
        }
        Customized::ListAndExit => {
            ctx.finding(
                &code::CIPHERS_LIST,
                format!("`{}` is `list`: {name} prints the supported suites and exits 0, and Kubernetes restarts it forever", key(Knob::TlsCiphers)),
                format!("remove `{}` or set real suite names", key(Knob::TlsCiphers)),
                &[name],
            );
            r.starts = false;
            r.startup_error.get_or_insert_with(|| {
                "Supported TLS ciphers: … (the process exits with status 0)".to_string()
            });
            None
        }
        Customized::Params(p) => {
            if let Some(w) = &p.warning {
                ctx.finding(
                    &code::TLS13_IGNORES_CIPHERS,
                    format!("{name} logs `{w}`: with a minimum of TLS 1.3 the cipher list `{ciphers}` has no effect"),
                    format!("remove `{}` (TLS 1.3 suites are chosen by Go)", key(Knob::TlsCiphers)),
                    &[name],
                );
            }
            if p.min.is_some_and(|v| v < TlsVersion::V1_2) {
                ctx.finding(
                    &code::OLD_TLS_VERSION,
                    format!("{name} accepts TLS {min}",),
                    format!("set `{}` to \"1.2\"", key(Knob::TlsMinVersion)),
                    &[name],
                );
            }
            if r.settings.is_set(Knob::TlsCiphers)
                && p.max != Some(TlsVersion::V1_2)
                && p.min != Some(TlsVersion::V1_3)
            {
                ctx.finding(
                    &code::CIPHERS_TLS12_ONLY,
                    format!("{name}'s cipher list applies to TLS 1.2 only; TLS 1.3 clients negotiate Go's TLS 1.3 suites"),
                    format!("to enforce the list, set `{}` to \"1.2\"", key(Knob::TlsMaxVersion)),
                    &[name],
                );
            }
            Some(p)
        }
    }
}

/// Describes the certificate Argo CD's `generate()` makes (§2.1): O=Argo CD, no CN, RSA 2048,
/// one year from startup, the hosts as SANs, ServerAuth.
fn generated_summary(hosts: &[String], now: UnixTime) -> CertificateSummary {
    let (dns, ips): (Vec<String>, Vec<String>) = hosts
        .iter()
        .cloned()
        .partition(|h| h.parse::<std::net::IpAddr>().is_err());
    let not_after = UnixTime::from_secs(now.as_secs() + 365 * 86_400);
    CertificateSummary {
        subject: "O=Argo CD".to_string(),
        issuer: "O=Argo CD".to_string(),
        serial: "(random, generated at startup)".to_string(),
        serial_hex: String::new(),
        not_before: now.to_string(),
        not_after: not_after.to_string(),
        dns_names: dns,
        ip_addresses: ips,
        email_addresses: Vec::new(),
        uris: Vec::new(),
        key_type: "RSA".to_string(),
        key_bits: 2048,
        curve: None,
        signature_algorithm: "SHA256-RSA".to_string(),
        is_ca: false,
        sha256_fingerprint: "(generated at startup)".to_string(),
        version: 3,
        key_usage: vec![
            "DigitalSignature".to_string(),
            "KeyEncipherment".to_string(),
        ],
        ext_key_usage: vec!["ServerAuth".to_string()],
        basic_constraints_valid: true,
        max_path_len: None,
        subject_key_id: None,
        authority_key_id: None,
        self_signed: true,
    }
}

fn tls_report(server: &TlsServer, ctx: &Ctx<'_>) -> TlsReport {
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
        },
        client_auth: if server.client_cas.is_some() {
            "require".to_string()
        } else {
            "none".to_string()
        },
        alpn: server.alpn.clone(),
    }
}

fn endpoint_grade(server: &TlsServer, now: UnixTime) -> grade::Grade {
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
fn check_served(ctx: &mut Ctx<'_>, component: &str, served: &Served, service_name: Option<&str>) {
    let Served::Loaded { chain, source, .. } = served else {
        return;
    };
    let Some(leaf) = chain.leaf() else { return };
    let subject = [component];
    if ctx.now < leaf.not_before || ctx.now > leaf.not_after {
        ctx.finding(
            &code::EXPIRED,
            format!(
                "{component}'s certificate ({source}) is valid from {} to {}, not at {}",
                leaf.not_before, leaf.not_after, ctx.now
            ),
            "issue a new certificate and restart the component if it does not hot-reload",
            &subject,
        );
    } else if leaf.not_after.as_secs() - ctx.now.as_secs() < code::EXPIRY_WARNING_DAYS * 86_400 {
        ctx.finding(
            &code::EXPIRES_SOON,
            format!(
                "{component}'s certificate ({source}) expires at {}",
                leaf.not_after
            ),
            "renew it now; the repo-server and Dex need a restart to pick it up",
            &subject,
        );
    }
    if let PublicKey::Rsa { .. } = leaf.public_key {
        let bits = leaf.public_key.bits();
        if bits < 2048 {
            ctx.finding(
                &code::WEAK_KEY,
                format!("{component}'s certificate has a {bits}-bit RSA key"),
                "reissue it with an RSA 2048 (or larger) key",
                &subject,
            );
        }
    }
    if let Some(name) = service_name
        && !leaf.dns_names.iter().any(|d| d.eq_ignore_ascii_case(name))
    {
        ctx.finding(
                &code::NO_SERVICE_NAME,
                format!("{component}'s certificate ({source}) has no DNS SAN `{name}` (it has: {}); clients that verify will reject it", if leaf.dns_names.is_empty() { "none".to_string() } else { leaf.dns_names.join(", ") }),
                format!("reissue it with DNS SANs `{name}` and `{name}.<namespace>.svc`"),
                &subject,
            );
    }
}

fn push_tls_endpoint(
    ctx: &Ctx<'_>,
    r: &mut Resolved<'_>,
    name: &str,
    port: u16,
    protocol: &str,
    knobs: &[(Knob, &str)],
) {
    let mut ep = plain_endpoint(name, port, protocol);
    ep.sources = sources(&r.settings, knobs);
    if let Some(server) = &r.tls {
        ep.tls = Some(tls_report(server, ctx));
        ep.grade = Some(endpoint_grade(server, ctx.now));
    }
    r.endpoints.push(ep);
}

/// Loads a key pair from two mounted files the way `CreateServerTLSConfig` does (§2.4): both
/// present → `tls.LoadX509KeyPair` (fatal on error); either missing → generate.
/// Argo CD's `CreateServerTLSConfig` (§2.4), shared by the repo-server and the Dex wrapper: both
/// files present → `tls.LoadX509KeyPair` (an error is fatal at startup); either missing → a
/// certificate generated at every start for `hosts`.
fn create_server_tls(
    ctx: &Ctx<'_>,
    files: &Files<'_>,
    cert_path: &str,
    key_path: &str,
    hosts: &[&str],
) -> Result<Served, String> {
    let (cert, key) = (files.read(cert_path), files.read(key_path));
    match (cert.content(), key.content()) {
        (Some(c), Some(k)) => pki::load_key_pair(c, k)
            .map(|chain| Served::Loaded { chain, source: cert.origin().unwrap_or_default(), persistent: true, hot_reload: false })
            .map_err(|e| format!("unable to initialize TLS configuration with cert={cert_path} and key={key_path}: {e}")),
        _ => {
            let hosts: Vec<String> = hosts.iter().map(|h| (*h).to_string()).collect();
            let summary = generated_summary(&hosts, ctx.now);
            Ok(Served::Generated { hosts, persistent: false, summary })
        }
    }
}

fn resolve_server(ctx: &mut Ctx<'_>, r: &mut Resolved<'_>, files: &Files<'_>) {
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
        match pki::load_key_pair(crt, key) {
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
            .map(|pem| pki::pool_from_pem(pem));
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

/// Service-mesh sidecar injection on a workload's pod template (Istio, Linkerd).
fn mesh_injected(install: &Installation, component: Component) -> Option<&'static str> {
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

fn resolve_repo_server(ctx: &mut Ctx<'_>, r: &mut Resolved<'_>, files: &Files<'_>) {
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
        let pool = pki::pool_from_pem(pem);
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
                negotiate(&p, s.key(), &ClientParams::grpc())
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

fn resolve_dex(ctx: &mut Ctx<'_>, r: &mut Resolved<'_>, files: &Files<'_>) {
    let name = "argocd-dex-server";
    if let Some(image) = ctx
        .install
        .workload(Component::DexServer)
        .and_then(|w| w.image.as_deref())
        && image.ends_with(":v2.37.0")
    {
        ctx.finding(
                &code::DEX_CVE,
                format!("Dex image `{image}` discards its TLS configuration and serves TLS 1.0/1.1 with weak ciphers (CVE-2024-23656)"),
                "use ghcr.io/dexidp/dex:v2.38.0 or later",
                &[name],
            );
    }
    let knobs = [(Knob::DisableTls, "disable-tls")];
    let disable = r.settings.flag(Knob::DisableTls);
    match dex_config::dex_config(ctx.install, ctx.version) {
        // §5.2, §0.0 item 8: the wrapper logs `dex is not configured` and nothing listens.
        dex_config::DexConfig::NotConfigured(_) => return,
        // §0.0 item 11: the wrapper and argocd-server exit.
        dex_config::DexConfig::Fatal(e) => {
            ctx.finding(
                &code::DEX_CONFIG_FATAL,
                format!("argocd-dex-server exits at startup, and so does argocd-server: {e}"),
                "give argocd-cm `dex.config` a `connectors` list of maps, each with a `type`, and a `config` map for connectors that need a redirect URI (oidc, saml, github, …)",
                &[name, "argocd-server"],
            );
            r.starts = false;
            r.startup_error = Some(e);
            return;
        }
        dex_config::DexConfig::Assumed | dex_config::DexConfig::Runs => {}
    }
    if !ctx.version.dex_tls() || disable {
        push_tls_endpoint(ctx, r, "web", 5556, "http", &knobs);
    } else {
        let served = match create_server_tls(
            ctx,
            files,
            "/tls/tls.crt",
            "/tls/tls.key",
            &["localhost", "dexserver"],
        ) {
            Ok(s) => Some(s),
            Err(e) => {
                let e = format!("could not create TLS config: {e}");
                ctx.finding(
                    &code::INVALID_KEY_PAIR,
                    format!("argocd-dex-server exits at startup: {e}"),
                    "fix tls.crt/tls.key in argocd-dex-server-tls, or remove both",
                    &[name],
                );
                r.starts = false;
                r.startup_error.get_or_insert(e);
                None
            }
        };
        if let Some(s) = served {
            let params = ServerParams {
                min: Some(TlsVersion::V1_2),
                max: Some(TlsVersion::V1_3),
                ciphers: ClientParams::go_default().offered,
                warning: None,
            };
            check_served(ctx, name, &s, Some("argocd-dex-server"));
            r.tls = Some(TlsServer {
                params,
                served: s,
                client_cas: None,
                alpn: Vec::new(),
                dex_defaults: true,
            });
        }
        push_tls_endpoint(ctx, r, "web", 5556, "https", &knobs);
    }
    r.endpoints.push(plain_endpoint("grpc", 5557, "grpc"));
    r.endpoints.push(plain_endpoint("metrics", 5558, "http"));
}

// ------------------------------------------------------------------------------------ connections

const REPO_CLIENTS: [(Component, &str); 4] = [
    (Component::Server, "server"),
    (Component::ApplicationController, "controller"),
    (Component::ApplicationSetController, "reposerver"),
    (Component::NotificationsController, "reposerver"),
];

fn resolve_connections(ctx: &mut Ctx<'_>, resolved: &mut [Resolved<'_>]) -> Vec<ConnectionReport> {
    let mut out = Vec::new();
    let idx = |c: Component| Component::ALL.iter().position(|x| *x == c).unwrap_or(0);
    // §7: an explicit `http://` in the Dex address wins over every flag — a trap whenever Dex
    // serves TLS, whether or not Dex is configured yet.
    let dex = &resolved[idx(Component::DexServer)];
    let dex_serves_tls =
        dex.files.is_some() && ctx.version.dex_tls() && !dex.settings.flag(Knob::DisableTls);
    let dex_address = resolved[idx(Component::Server)]
        .settings
        .get(Knob::DexServer)
        .to_string();
    if resolved[idx(Component::Server)].files.is_some()
        && dex_serves_tls
        && dex_address.starts_with("http://")
    {
        ctx.finding(
            &code::DEX_SCHEME_OVERRIDE,
            format!("`server.dex.server` is `{dex_address}`: the explicit http:// is used as is, whatever `server.dex.server.plaintext` says, while Dex serves HTTPS"),
            "remove the scheme (`argocd-dex-server:5556`, the real default) and use `server.dex.server.plaintext` to choose",
            &["argocd-server->argocd-dex-server"],
        );
    }
    for (client, legacy_dir) in REPO_CLIENTS {
        if resolved[idx(client)].files.is_none()
            || resolved[idx(Component::RepoServer)].files.is_none()
        {
            continue;
        }
        if let Some(c) = repo_connection(ctx, resolved, client, legacy_dir) {
            out.push(c);
        }
    }
    if resolved[idx(Component::Server)].files.is_some()
        && resolved[idx(Component::DexServer)].files.is_some()
        && !matches!(
            dex_config::dex_config(ctx.install, ctx.version),
            dex_config::DexConfig::NotConfigured(_)
        )
    {
        out.push(dex_connection(ctx, resolved));
    }
    if resolved[idx(Component::ApplicationController)]
        .files
        .is_some()
        && resolved[idx(Component::CommitServer)].files.is_some()
    {
        out.push(ConnectionReport {
            client: Component::ApplicationController.name().into(),
            server: Component::CommitServer.name().into(),
            address: "argocd-commit-server:8086".into(),
            transport: "plaintext".into(),
            verification: "none".into(),
            server_name: None,
            trust: vec![],
            client_certificate: false,
            outcome: if resolved[idx(Component::CommitServer)].starts
                && resolved[idx(Component::ApplicationController)].starts
            {
                "ok"
            } else {
                "fails"
            }
            .into(),
            error: client_down(&resolved[idx(Component::ApplicationController)]).or_else(|| {
                (!resolved[idx(Component::CommitServer)].starts).then(|| ConnectionError {
                    client: grpc_error(&format!(
                        "transport: Error while dialing: {}",
                        refused("argocd-commit-server:8086", 8086)
                    )),
                    server: None,
                })
            }),
            negotiated: None,
            server_hello: None,
        });
    }
    for client in [
        Component::Server,
        Component::RepoServer,
        Component::ApplicationController,
    ] {
        if resolved[idx(client)].files.is_none() || resolved[idx(Component::Redis)].files.is_none()
        {
            continue;
        }
        out.push(redis_connection(ctx, &resolved[idx(client)]));
    }
    out
}

/// A client that does not start makes no connection: what it logs is its startup error (§0.0
/// item 9).
fn client_down(cr: &Resolved<'_>) -> Option<ConnectionError> {
    (!cr.starts).then(|| ConnectionError {
        client: cr.startup_error.clone().unwrap_or_default(),
        server: None,
    })
}

/// Go's dial error when nothing serves behind the address: a Service name resolves to its
/// ClusterIP whatever its pods do, and kube-proxy refuses the connection while no pod is ready.
/// `<ClusterIP>` stands for the ClusterIP of the Service the address names (an IP address is
/// shown as written).
fn refused(address: &str, default_port: u16) -> String {
    let authority = address.split('/').next().unwrap_or(address);
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
            (h, p.to_string())
        }
        _ => (authority, default_port.to_string()),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let shown = if host.parse::<std::net::IpAddr>().is_ok() {
        if host.contains(':') {
            format!("[{host}]")
        } else {
            host.to_string()
        }
    } else {
        "<ClusterIP>".to_string()
    };
    format!("dial tcp {shown}:{port}: connect: connection refused")
}

fn host_of(address: &str) -> (String, bool) {
    // grpc-go: host part of the authority (net.SplitHostPort), else the whole authority.
    let a = address.split_once("://").map_or(address, |(_, rest)| rest);
    let a = a.split('/').next().unwrap_or(a);
    if let Some(rest) = a.strip_prefix('[')
        && let Some((h, _)) = rest.split_once(']')
    {
        return (h.to_string(), true);
    }
    match a.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') && p.chars().all(|c| c.is_ascii_digit()) => {
            (h.to_string(), true)
        }
        _ => (a.to_string(), false),
    }
}

fn grpc_error(inner: &str) -> String {
    format!("rpc error: code = Unavailable desc = connection error: desc = \"{inner}\"")
}

/// Verifies what `server` serves for a client that trusts `roots` and dials `host`.
fn verify_served(
    served: &Served,
    roots: &[Certificate],
    host: &str,
    now: UnixTime,
) -> Result<(), String> {
    match served {
        Served::Loaded { chain, .. } => {
            let Some(leaf) = chain.leaf() else {
                return Err("tls: no certificates configured".to_string());
            };
            pki::verify(
                leaf,
                chain.certs.get(1..).unwrap_or_default(),
                roots,
                host,
                now,
                false,
            )
        }
        // A certificate generated at startup is in no pool; Go checks the host name before it
        // builds the chain (reference §0.0 item 1).
        Served::Generated { hosts, .. } => {
            let h = host.trim_end_matches('.').to_ascii_lowercase();
            if h.parse::<std::net::IpAddr>().is_ok() {
                return Err(format!(
                    "x509: cannot validate certificate for {host} because it doesn't contain any IP SANs"
                ));
            }
            if !hosts.contains(&h) {
                return Err(format!(
                    "x509: certificate is valid for {}, not {host}",
                    hosts.join(", ")
                ));
            }
            Err("x509: certificate signed by unknown authority".to_string())
        }
    }
}

fn repo_connection(
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
        transport: if plaintext { "plaintext" } else { "tls" }.to_string(),
        verification: "none".to_string(),
        server_name: None,
        trust: Vec::new(),
        client_certificate: false,
        outcome: "ok".to_string(),
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
        report.outcome = "fails".into();
        report.error = Some(e);
        return Some(report);
    }
    if !sr.starts {
        report.outcome = "fails".into();
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
        report.verification = "none".into();
        if repo_plain {
            ctx.finding(
                &code::PLAINTEXT_CONNECTION,
                format!("{cname} talks to argocd-repo-server over plaintext gRPC"),
                "fine inside a mesh that encrypts traffic; otherwise enable TLS on both sides",
                &[&subject],
            );
            return Some(report);
        }
        report.outcome = "fails".into();
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
        report.outcome = "fails".into();
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
                let pool = pki::pool_from_pem(f.content().unwrap_or_default());
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
        report.verification = "skip-verify".into();
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
        report.verification = "verify".into();
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
    let mut client_chain: Option<pki::Chain> = None;
    if ctx.version.v3_5() {
        // One path without the other stopped the client at startup (`startup.rs`).
        if let Some(cert) = files.read(&cert_path).content() {
            report.client_certificate = true;
            match files
                .read(&key_path)
                .content()
                .map(|k| pki::load_key_pair(cert, k))
            {
                Some(Ok(chain)) => client_chain = Some(chain),
                Some(Err(e)) => {
                    let e = format!("failed to load initial client certificate: {e}");
                    report.outcome = "fails".into();
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
                    report.outcome = "fails".into();
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
    ) {
        Negotiation::Failed {
            client: ce,
            server: se,
        } => {
            report.outcome = "fails".into();
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
        report.outcome = "fails".into();
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
                report.outcome = "fails".into();
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
                if let Err((alert, e)) = pki::verify_client_certificate(chain, cas, ctx.now) {
                    report.outcome = "fails".into();
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

fn dex_connection(ctx: &mut Ctx<'_>, resolved: &[Resolved<'_>]) -> ConnectionReport {
    let idx = |c: Component| Component::ALL.iter().position(|x| *x == c).unwrap_or(0);
    let cr = &resolved[idx(Component::Server)];
    let dr = &resolved[idx(Component::DexServer)];
    let subject = "argocd-server->argocd-dex-server";
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
        transport: if https { "tls" } else { "plaintext" }.into(),
        verification: if !https {
            "none"
        } else if strict || system_roots {
            "verify"
        } else {
            "skip-verify"
        }
        .into(),
        server_name: https.then(|| host.clone()),
        trust: Vec::new(),
        client_certificate: false,
        outcome: "ok".into(),
        error: None,
        negotiated: None,
        server_hello: None,
    };
    let discovery = format!(
        "{}/api/dex/.well-known/openid-configuration",
        url.trim_end_matches('/')
    );
    if let Some(e) = client_down(cr) {
        report.outcome = "fails".into();
        report.error = Some(e);
        return report;
    }
    if !dr.starts {
        report.outcome = "fails".into();
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
            ctx.finding(
                &code::PLAINTEXT_CONNECTION,
                "argocd-server talks to Dex over plain HTTP",
                "enable Dex TLS (remove `dexserver.disable.tls`) and `server.dex.server.plaintext`",
                &[subject],
            );
            report
        }
        (false, Some(_)) => {
            report.outcome = "fails".into();
            report.error = Some(ConnectionError {
                client: "Client sent an HTTP request to an HTTPS server.".into(),
                server: Some(
                    "http: TLS handshake error: client sent an HTTP request to an HTTPS server"
                        .into(),
                ),
            });
            ctx.finding(&code::TRANSPORT_MISMATCH, format!("argocd-server uses {url} but Dex serves HTTPS: Dex answers 400 and OIDC login fails"), "remove `server.dex.server.plaintext` and any `http://` in `server.dex.server`", &[subject]);
            report
        }
        (true, None) => {
            report.outcome = "fails".into();
            report.error = Some(ConnectionError {
                client: format!(
                    "Get \"{discovery}\": http: server gave HTTP response to HTTPS client"
                ),
                server: None,
            });
            ctx.finding(
                &code::TRANSPORT_MISMATCH,
                "Dex serves plain HTTP (`dexserver.disable.tls`) but argocd-server uses https://",
                "set `server.dex.server.plaintext: \"true\"` (flag `--dex-server-plaintext`)",
                &[subject],
            );
            report
        }
        (true, Some(dex)) => {
            match negotiate(&dex.params, dex.served.key(), &ClientParams::go_default()) {
                Negotiation::Agreed { version, suite } => {
                    report.negotiated = Some(Negotiated {
                        version: version.as_str().into(),
                        cipher_suite: suite_name(suite),
                        alpn: None,
                    });
                }
                Negotiation::Failed { client, server } => {
                    report.outcome = "fails".into();
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
                if let Err(e) = verify_served(&dex.served, &[], &host, ctx.now) {
                    report.outcome = "fails".into();
                    report.error = Some(ConnectionError {
                        client: format!(
                            "Get \"{discovery}\": tls: failed to verify certificate: {e}"
                        ),
                        server: Some("remote error: tls: bad certificate".into()),
                    });
                    ctx.finding(&code::VERIFICATION_FAILS, format!("argocd-server dials {url}: the explicit https:// wins over `server.dex.server.plaintext`, so Go's default client verifies Dex against the image's system roots and rejects it: {e}"), "remove the scheme from `server.dex.server` (`argocd-dex-server:5556`) and choose TLS with `server.dex.server.plaintext` / `server.dex.server.strict.tls`", &[subject]);
                }
                return report;
            }
            if !strict {
                ctx.finding(&code::UNVERIFIED_CONNECTION, "argocd-server uses TLS to Dex but does not verify its certificate", "set `server.dex.server.strict.tls: \"true\"` and give Dex a certificate with SAN argocd-dex-server plus its CA in argocd-dex-server-tls `ca.crt`", &[subject]);
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
            let mut roots = Vec::new();
            match files.read(&ca_path) {
                File::Missing => report.trust.push(format!("{ca_path} (missing)")),
                // A file without a certificate stopped argocd-server at startup (`startup.rs`).
                f @ File::Present { .. } => {
                    let pool = pki::pool_from_pem(f.content().unwrap_or_default());
                    report.trust.push(format!(
                        "{ca_path} ({}, {} certificate{})",
                        f.origin().unwrap_or_default(),
                        pool.len(),
                        if pool.len() == 1 { "" } else { "s" }
                    ));
                    roots = pool;
                }
            }
            let pinned = files.read(&crt_path);
            // A missing pinned certificate stopped argocd-server at startup (`startup.rs`).
            let Some(pinned_pem) = pinned.content() else {
                return report;
            };
            if roots.is_empty() {
                ctx.finding(&code::EMPTY_TRUST, format!("argocd-server verifies Dex strictly but {ca_path} is missing: the pool is empty"), "add ca.crt to argocd-dex-server-tls (for a self-signed Dex certificate: the certificate itself)", &[subject]);
            }
            if let Err(e) = verify_served(&dex.served, &roots, &host, ctx.now) {
                report.outcome = "fails".into();
                report.error = Some(ConnectionError {
                    client: format!("Get \"{discovery}\": tls: failed to verify certificate: {e}"),
                    server: Some("remote error: tls: bad certificate".into()),
                });
                ctx.finding(&code::VERIFICATION_FAILS, format!("argocd-server rejects Dex's certificate: {e}"), "give Dex (argocd-dex-server-tls) a certificate with SAN argocd-dex-server and its CA in ca.crt", &[subject]);
                return report;
            }
            let served_leaf = match &dex.served {
                Served::Loaded { chain, .. } => chain.leaf().map(|c| c.raw.clone()),
                Served::Generated { .. } => None,
            };
            let pinned_leaf = pki::pool_from_pem(pinned_pem)
                .first()
                .map(|c| c.raw.clone());
            if served_leaf.is_none() || served_leaf != pinned_leaf {
                report.outcome = "fails".into();
                report.error = Some(ConnectionError {
                    client: format!("Get \"{discovery}\": dex server certificate does not match"),
                    server: Some("remote error: tls: bad certificate".into()),
                });
                ctx.finding(&code::DEX_PIN, "the certificate Dex serves is not byte-identical to argocd-server's /app/config/dex/tls/tls.crt", "restart argocd-server after rotating argocd-dex-server-tls, so both read the same tls.crt", &[subject]);
            }
            report
        }
    }
}

fn redis_connection(ctx: &mut Ctx<'_>, cr: &Resolved<'_>) -> ConnectionReport {
    let use_tls = cr.settings.flag(Knob::RedisUseTls);
    let address = cr.settings.get(Knob::Redis).to_string();
    let cname = cr.component.name();
    let subject = format!("{cname}->argocd-redis");
    let mut report = ConnectionReport {
        client: cname.into(),
        server: "argocd-redis".into(),
        address,
        transport: if use_tls { "tls" } else { "plaintext" }.into(),
        verification: if !use_tls {
            "none"
        } else if cr.settings.flag(Knob::RedisInsecureSkipVerify) {
            "skip-verify"
        } else {
            "verify"
        }
        .into(),
        server_name: None,
        trust: Vec::new(),
        client_certificate: use_tls && !cr.settings.get(Knob::RedisClientCertificate).is_empty(),
        outcome: "ok".into(),
        error: None,
        negotiated: None,
        server_hello: None,
    };
    if let Some(e) = client_down(cr) {
        report.outcome = "fails".into();
        report.error = Some(e);
        return report;
    }
    if use_tls {
        report.outcome = "fails".into();
        report.error = Some(ConnectionError {
            client: "tls: first record does not look like a TLS handshake".into(),
            server: None,
        });
        ctx.finding(
            &code::REDIS_TLS_MISMATCH,
            format!(
                "{cname} uses `--redis-use-tls`, but the Redis in these manifests serves plaintext"
            ),
            "configure TLS on Redis (`--tls-port`, certificates) or remove `--redis-use-tls`",
            &[&subject],
        );
    } else if [
        "redis-ca-certificate",
        "redis-client-certificate",
        "redis-insecure-skip-tls-verify",
    ]
    .iter()
    .any(|f| {
        cr.settings.all().any(|(k, s)| {
            flags::SETTINGS
                .iter()
                .any(|row| row.knob == *k && row.flag == Some(*f))
                && s.source != flags::Source::Default
        })
    }) {
        ctx.finding(
            &code::REDIS_TLS_MISMATCH,
            format!("{cname} sets Redis TLS options without `--redis-use-tls`: they are ignored"),
            "add `--redis-use-tls` or remove the Redis TLS flags",
            &[&subject],
        );
    }
    report
}
