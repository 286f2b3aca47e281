//! From an [`Installation`] to a [`Report`]: which components start, what each endpoint serves,
//! how each client connects and whether that works — the way Argo CD's code decides it (the spec
//! is `shared/reference/argocd-tls.md`; section numbers below point into it).

use std::collections::BTreeMap;

use crate::argo::{ArgoVersion, version};
use crate::findings::{Finding, code};
use crate::model::{Component, Installation};
use crate::report::{
    CertificateReport, ComponentReport, ConnectionError, ConnectionReport, EndpointReport,
    Negotiated, Outcome, Report, SettingSource, TlsReport, Transport, Verification,
};
use crate::time::UnixTime;
use crate::x509::inspect::CertificateSummary;
use crate::x509::parse::{Certificate, PublicKey};

pub(crate) mod dex_config;
pub(crate) mod files;
pub(crate) mod grade;
pub(crate) mod settings;
mod startup;
pub(crate) mod tls;
pub(crate) mod trust;
pub(crate) mod verify_with_ca;

mod component;
mod connection;
mod dex;
mod edge;
mod endpoint;
mod memo;
pub(crate) mod redis;
mod repo_server;
mod self_signed;
mod server;

use component::{plain_endpoint, resolve_component, run_customizer};
use connection::{host_of, resolve_connections};
use dex::resolve_dex;
use endpoint::{check_served, create_server_tls, push_tls_endpoint};
use files::Files;
use repo_server::resolve_repo_server;
use self_signed::generated_summary;
use server::resolve_server;
use settings::{
    DEFAULT_CIPHERS, Knob, SETTINGS, SettingIssue, Settings, knob_names, resolve_settings,
};
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
        chain: trust::Chain,
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
    /// Dex, Redis: TLS parameters are the server's own defaults (Dex's Go, Redis's OpenSSL),
    /// not Argo's.
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
    /// Redis: the ports redis-server listens on (its TLS, if any, is `tls`).
    redis: Option<redis::RedisListeners>,
    endpoints: Vec<EndpointReport>,
}

struct Ctx<'a> {
    install: &'a Installation,
    memo: memo::Scope<'a>,
    version: ArgoVersion,
    namespace: String,
    now: UnixTime,
    default_ciphers: &'static str,
    findings: Vec<Finding>,
}

impl Ctx<'_> {
    /// Records a finding made by one of the constructors in [`code`].
    fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }
}

/// Resolves an installation into a report (one-shot: [`Engine::resolve`] with a new engine).
///
/// # Errors
/// [`ResolveError::UnsupportedVersion`] when `options.argocd_version` is not a modelled version.
pub fn resolve(install: &Installation, options: &Options) -> Result<Report, ResolveError> {
    Engine::new().resolve(install, options)
}

/// A resolver that remembers what does not change between states: parsed PEM pools, loaded key
/// pairs and chain verifications (see the `memo` module for the keys). Resolving many states
/// (the steps of a plan, instants on a timeline) through one engine computes each of those once;
/// every report is the one [`resolve`] gives for the same input.
#[derive(Debug)]
pub struct Engine {
    memo: memo::Memo,
    components: ComponentCache,
    /// Whether components and connections are remembered by view (off in
    /// [`Engine::without_memo`]).
    remember: bool,
}

/// Components already resolved in a world, by the identity its caller gave the installation
/// each one ran with ([`World::views`]): a plan's worlds put the same few views of each
/// component opposite each other in many combinations, and a component's resolution depends on
/// its view alone (and on the version, namespace and instant, which the cache is kept for).
#[derive(Default)]
struct ComponentCache {
    /// What the entries were resolved under.
    under: Option<(ArgoVersion, String, UnixTime)>,
    entries: std::collections::HashMap<(usize, u64), CachedComponent>,
    connections: connection::ConnectionTable,
}

impl std::fmt::Debug for ComponentCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ComponentCache")
            .field("entries", &self.entries.len())
            .finish_non_exhaustive()
    }
}

/// A component's resolution without its borrow of the installation, and the findings its
/// resolution made.
struct CachedComponent {
    resolved: Resolved<'static>,
    present: bool,
    findings: Vec<Finding>,
}

impl CachedComponent {
    fn of(r: &Resolved<'_>, findings: &[Finding]) -> Self {
        Self {
            resolved: Resolved {
                component: r.component,
                files: None,
                settings: r.settings.clone(),
                starts: r.starts,
                startup_error: r.startup_error.clone(),
                tls: r.tls.clone(),
                redis: r.redis.clone(),
                endpoints: r.endpoints.clone(),
            },
            present: r.files.is_some(),
            findings: findings.to_vec(),
        }
    }

    /// The resolution again, borrowing `install` (the view it was made from); without its
    /// endpoints unless `full`.
    fn revive<'a>(&self, install: &'a Installation, full: bool) -> Resolved<'a> {
        let r = &self.resolved;
        let files = if self.present {
            install
                .workload(r.component)
                .map(|w| Files::new(w, install))
        } else {
            None
        };
        Resolved {
            component: r.component,
            files,
            settings: r.settings.clone(),
            starts: r.starts,
            startup_error: r.startup_error.clone(),
            tls: r.tls.clone(),
            redis: r.redis.clone(),
            endpoints: if full {
                r.endpoints.clone()
            } else {
                Vec::new()
            },
        }
    }
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    /// An engine with empty tables.
    #[must_use]
    pub fn new() -> Self {
        Self {
            memo: memo::Memo::default(),
            components: ComponentCache::default(),
            remember: true,
        }
    }

    /// An engine that remembers nothing (every state computed from scratch), to compare against.
    #[doc(hidden)]
    #[must_use]
    pub fn without_memo() -> Self {
        Self {
            memo: memo::Memo::new(false),
            components: ComponentCache::default(),
            remember: false,
        }
    }

    /// Resolves an installation into a report, reusing what earlier calls computed.
    ///
    /// # Errors
    /// [`ResolveError::UnsupportedVersion`] when `options.argocd_version` is not a modelled
    /// version.
    pub fn resolve(
        &mut self,
        install: &Installation,
        options: &Options,
    ) -> Result<Report, ResolveError> {
        resolve_world(&self.memo, None, &World::uniform(install), options)
    }

    /// Resolves a world whose components run different configurations (the pods of a plan's
    /// state): each component from the installation its pods see, connections between them.
    pub(crate) fn resolve_world(
        &mut self,
        world: &World<'_>,
        options: &Options,
    ) -> Result<Report, ResolveError> {
        let cache = self.remember.then_some(&mut self.components);
        resolve_world(&self.memo, cache, world, options)
    }
}

/// What each component's pods see: the installation they run with (what they read at start,
/// with what they watch through the API brought up to date — the plan's state model builds
/// it), and the manifests as they are now (read by what resolves connections, e.g. argocd-cm's
/// `dex.config`, which argocd-server and the Dex wrapper watch).
#[derive(Clone, Copy, Debug)]
pub(crate) struct World<'a> {
    /// The manifests as applied now.
    pub current: &'a Installation,
    /// Per component, in [`Component::ALL`] order: the installation its pods run with.
    pub components: [&'a Installation; Component::ALL.len()],
    /// Per component, an identity of its view that the caller keeps for the engine's life:
    /// two worlds giving a component the same identity give it the same installation, so the
    /// engine resolves it once (`None`: resolve every component).
    pub views: Option<[u64; Component::ALL.len()]>,
    /// Whether the report needs its findings and endpoints. A plan's search reads only which
    /// components start, the connections and the ways in of most worlds: those it resolves
    /// without (`false`), and the states it shows with.
    pub full: bool,
}

impl<'a> World<'a> {
    /// Every component runs what the manifests say.
    pub(crate) fn uniform(install: &'a Installation) -> Self {
        Self {
            current: install,
            components: [install; Component::ALL.len()],
            views: None,
            full: true,
        }
    }
}

fn resolve_world(
    memo: &memo::Memo,
    mut cache: Option<&mut ComponentCache>,
    world: &World<'_>,
    options: &Options,
) -> Result<Report, ResolveError> {
    let install = world.current;
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
        memo: memo.scope(version.go_tls(), version.go_x509()),
        version,
        namespace,
        now: options.now,
        default_ciphers: release.default_ciphers,
        findings: Vec::new(),
    };
    if !exact {
        ctx.push(code::version_assumed(
            version,
            release.version,
            release.go_toolchain,
        ));
    }

    if let Some(cache) = cache.as_deref_mut() {
        let under = (version, ctx.namespace.clone(), options.now);
        if cache.under.as_ref() != Some(&under) {
            cache.entries.clear();
            cache.connections.clear();
            cache.under = Some(under);
        }
    }
    let mut resolved: Vec<Resolved<'_>> = Vec::with_capacity(Component::ALL.len());
    for (i, (c, seen)) in Component::ALL.iter().zip(world.components).enumerate() {
        ctx.install = seen;
        let (Some(cache), Some(views)) = (cache.as_deref_mut(), world.views) else {
            resolved.push(resolve_component(&mut ctx, *c));
            continue;
        };
        if let Some(hit) = cache.entries.get(&(i, views[i])) {
            if world.full {
                ctx.findings.extend(hit.findings.iter().cloned());
            }
            resolved.push(hit.revive(seen, world.full));
        } else {
            let before = ctx.findings.len();
            let r = resolve_component(&mut ctx, *c);
            let entry = CachedComponent::of(&r, &ctx.findings[before..]);
            cache.entries.insert((i, views[i]), entry);
            resolved.push(r);
        }
    }
    ctx.install = install;
    let remembered = match (cache, world.views) {
        (Some(cache), Some(views)) => Some(connection::Remembered {
            table: &mut cache.connections,
            views,
            full: world.full,
        }),
        _ => None,
    };
    let mut connections = resolve_connections(&mut ctx, &mut resolved, remembered);
    // `negotiated` describes a completed handshake only.
    for k in &mut connections {
        if k.outcome != Outcome::Ok {
            k.server_hello = k.negotiated.take();
        }
    }
    if world.full {
        show_errors_in_findings(&mut ctx.findings, &connections, &resolved);
    }
    let ways_in = edge::resolve_edge(&mut ctx, &resolved);
    if !world.full {
        ctx.findings.clear();
    }

    let components = resolved
        .into_iter()
        .map(|r| ComponentReport {
            name: r.component.name().to_string(),
            present: r.files.is_some(),
            starts: r.starts,
            startup_error: r.startup_error,
            endpoints: if world.full { r.endpoints } else { Vec::new() },
        })
        .collect();
    let mut findings = ctx.findings;
    crate::sort::sort_by(&mut findings, |a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.code.cmp(&b.code))
    });
    findings.dedup();
    Ok(Report {
        schema_version: Report::SCHEMA_VERSION,
        argocd_version: version.to_string(),
        namespace: ctx.namespace,
        now: options.now.to_string(),
        components,
        connections,
        findings,
        ways_in,
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
        let Some(error) = k.error.as_ref().filter(|_| k.outcome == Outcome::Fails) else {
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

pub(crate) fn version_from_images(install: &Installation) -> Option<ArgoVersion> {
    install
        .workloads
        .iter()
        .filter(|w| !matches!(w.component, Component::DexServer | Component::Redis))
        .filter_map(|w| w.image.as_deref())
        .filter(|i| i.contains("argocd"))
        .find_map(ArgoVersion::parse)
        .filter(|v| v.is_modelled())
}
