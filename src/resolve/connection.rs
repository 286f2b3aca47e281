//! Client → server connections: which exist, the address each client dials, what a client that
//! does not start or a server that does not listen looks like, and how a served certificate is
//! verified; one module per server.

use super::{
    Certificate, Component, ConnectionError, ConnectionReport, Ctx, Finding, Knob, Outcome,
    Resolved, Served, Transport, UnixTime, Verification, code, dex_config, trust,
};

mod dex;
mod redis;
mod repo;

use super::files::{File, Files};
use dex::dex_connection;
use redis::redis_connection;
use repo::repo_connection;

pub(super) const REPO_CLIENTS: [(Component, &str); 4] = [
    (Component::Server, "server"),
    (Component::ApplicationController, "controller"),
    (Component::ApplicationSetController, "reposerver"),
    (Component::NotificationsController, "reposerver"),
];

/// Connections already resolved, by kind and the identities of the client's and the server's
/// views ([`super::World::views`]), with the findings each made: a connection depends on its two
/// ends alone (their resolutions, the files their views hold) and on the version and instant.
pub(super) type ConnectionTable =
    std::collections::HashMap<(usize, u64, u64), (Option<ConnectionReport>, Vec<Finding>)>;

/// What [`resolve_connections`] remembers connections in.
pub(super) struct Remembered<'m> {
    pub(super) table: &'m mut ConnectionTable,
    pub(super) views: [u64; Component::ALL.len()],
    /// Whether the report keeps findings (see [`super::World::full`]).
    pub(super) full: bool,
}

/// `make`'s connection from `client` to `server`, or the one remembered for the same views.
fn once(
    ctx: &mut Ctx<'_>,
    remembered: &mut Option<Remembered<'_>>,
    kind: usize,
    (client, server): (Component, Component),
    make: impl FnOnce(&mut Ctx<'_>) -> Option<ConnectionReport>,
) -> Option<ConnectionReport> {
    let Some(m) = remembered else {
        return make(ctx);
    };
    let idx = |c: Component| Component::ALL.iter().position(|x| *x == c).unwrap_or(0);
    let key = (kind, m.views[idx(client)], m.views[idx(server)]);
    if let Some((report, findings)) = m.table.get(&key) {
        if m.full {
            ctx.findings.extend(findings.iter().cloned());
        }
        return report.clone();
    }
    let before = ctx.findings.len();
    let report = make(ctx);
    m.table
        .insert(key, (report.clone(), ctx.findings[before..].to_vec()));
    report
}

pub(super) fn resolve_connections(
    ctx: &mut Ctx<'_>,
    resolved: &mut [Resolved<'_>],
    mut remembered: Option<Remembered<'_>>,
) -> Vec<ConnectionReport> {
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
        ctx.push(code::dex_scheme_override(&dex_address));
    }
    for (kind, (client, legacy_dir)) in REPO_CLIENTS.into_iter().enumerate() {
        if resolved[idx(client)].files.is_none()
            || resolved[idx(Component::RepoServer)].files.is_none()
        {
            continue;
        }
        let ends = (client, Component::RepoServer);
        if let Some(c) = once(ctx, &mut remembered, kind, ends, |ctx| {
            repo_connection(ctx, resolved, client, legacy_dir)
        }) {
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
        let ends = (Component::Server, Component::DexServer);
        out.extend(once(ctx, &mut remembered, 4, ends, |ctx| {
            Some(dex_connection(ctx, resolved))
        }));
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
            transport: Transport::Plaintext,
            verification: Verification::None,
            server_name: None,
            trust: vec![],
            client_certificate: false,
            outcome: if resolved[idx(Component::CommitServer)].starts
                && resolved[idx(Component::ApplicationController)].starts
            {
                Outcome::Ok
            } else {
                Outcome::Fails
            },
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
    for (kind, client) in [
        Component::Server,
        Component::RepoServer,
        Component::ApplicationController,
    ]
    .into_iter()
    .enumerate()
    {
        if resolved[idx(client)].files.is_none() || resolved[idx(Component::Redis)].files.is_none()
        {
            continue;
        }
        let ends = (client, Component::Redis);
        out.extend(once(ctx, &mut remembered, 5 + kind, ends, |ctx| {
            Some(redis_connection(
                ctx,
                &resolved[idx(client)],
                &resolved[idx(Component::Redis)],
            ))
        }));
    }
    out
}

/// A client that does not start makes no connection: what it logs is its startup error (§0.0
/// item 9).
/// One trust file as `LoadX509CertPool` reads it: its certificates, and its line in the report's
/// `trust`. (A file that holds no certificate stopped the client at startup: `startup.rs`.)
pub(super) fn read_trust_file(
    ctx: &Ctx<'_>,
    files: &Files<'_>,
    path: &str,
    trust: &mut Vec<String>,
) -> Vec<Certificate> {
    match files.read(path) {
        File::Missing => {
            trust.push(format!("{path} (missing)"));
            Vec::new()
        }
        f @ File::Present { .. } => {
            let pool = ctx.memo.pool_from_pem(f.content().unwrap_or_default());
            trust.push(format!(
                "{path} ({}, {} certificate{})",
                f.origin().unwrap_or_default(),
                pool.len(),
                if pool.len() == 1 { "" } else { "s" }
            ));
            pool
        }
    }
}

pub(super) fn client_down(cr: &Resolved<'_>) -> Option<ConnectionError> {
    (!cr.starts).then(|| ConnectionError {
        client: cr.startup_error.clone().unwrap_or_default(),
        server: None,
    })
}

/// Go's dial error when nothing serves behind the address: a Service name resolves to its
/// ClusterIP whatever its pods do, and kube-proxy refuses the connection while no pod is ready.
/// `<ClusterIP>` stands for the ClusterIP of the Service the address names (an IP address is
/// shown as written).
pub(super) fn refused(address: &str, default_port: u16) -> String {
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

/// Go's `net.Dial("tcp", address)` error when `net.SplitHostPort` finds no port in `address`
/// (`crypto/tls`'s `DialWithDialer` fails the same way), or `None` when it has one or carries
/// a URL scheme. gRPC's `grpc.Dial` (the passthrough resolver: Argo CD's repo-server clients)
/// and go-redis hand the address to the dialer as written; neither adds a default port.
pub(super) fn missing_port(address: &str) -> Option<String> {
    if address.contains("://") || address.is_empty() {
        return None;
    }
    let missing = match address.strip_prefix('[') {
        // `[host]` with nothing after the bracket.
        Some(rest) => rest.find(']').is_some_and(|end| end + 1 == rest.len()),
        None => !address.contains(':'),
    };
    missing.then(|| format!("dial tcp: address {address}: missing port in address"))
}

pub(super) fn host_of(address: &str) -> (String, bool) {
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

pub(super) fn grpc_error(inner: &str) -> String {
    format!("rpc error: code = Unavailable desc = connection error: desc = \"{inner}\"")
}

/// Verifies what `server` serves for a client that trusts `roots` and dials `host`.
pub(super) fn verify_served(
    memo: super::memo::Scope<'_>,
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
            trust::verify(
                memo,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// grpc-go dials the authority and checks the host part of it (reference §6.6: the name a
    /// client verifies is the host it dials, without the port; an IP literal is checked against
    /// the IP SANs).
    #[test]
    fn the_verified_name_is_the_host_of_the_address() {
        let cases = [
            ("argocd-repo-server:8081", "argocd-repo-server", true),
            (
                "argocd-repo-server.argocd.svc:8081",
                "argocd-repo-server.argocd.svc",
                true,
            ),
            ("10.0.0.7:8081", "10.0.0.7", true),
            ("[fd00::7]:8081", "fd00::7", true),
            ("argocd-repo-server", "argocd-repo-server", false),
        ];
        for (address, host, has_port) in cases {
            assert_eq!(host_of(address), (host.to_string(), has_port), "{address}");
        }
    }

    /// §0.0: a Service name resolves to its ClusterIP whatever its pods do, and kube-proxy refuses
    /// the connection: Go prints the dialled IP and port, never a lookup error.
    #[test]
    fn a_server_that_does_not_listen_refuses_at_the_services_address() {
        let cases = [
            (
                "argocd-repo-server:8081",
                8081,
                "dial tcp <ClusterIP>:8081: connect: connection refused",
            ),
            (
                "argocd-repo-server",
                8081,
                "dial tcp <ClusterIP>:8081: connect: connection refused",
            ),
            (
                "argocd-commit-server:8086",
                8086,
                "dial tcp <ClusterIP>:8086: connect: connection refused",
            ),
            (
                "10.0.0.7:9000",
                8081,
                "dial tcp 10.0.0.7:9000: connect: connection refused",
            ),
            (
                "[fd00::7]:8081",
                8081,
                "dial tcp [fd00::7]:8081: connect: connection refused",
            ),
        ];
        for (address, port, text) in cases {
            assert_eq!(refused(address, port), text, "{address}");
            assert!(!refused(address, port).contains("lookup"), "{address}");
        }
    }
}
