//! Redis itself (reference §9: the server side is not Argo CD): which ports redis-server listens
//! on, plaintext and TLS, and what it serves, read from the container's arguments as redis-server
//! reads its command line and from the files mounted into it.
//!
//! Redis is C on OpenSSL, not Go. What it does with `port`, `tls-port`, `tls-cert-file`,
//! `tls-key-file`, `tls-ca-cert-file`/`tls-ca-cert-dir` and `tls-auth-clients` (default `yes`)
//! is taken from Redis's documentation (redis.conf, the TLS page) and was confirmed with a real
//! redis-server 7.0.15 on OpenSSL 3.0 (Debian 12), whose log lines are the texts below (the
//! harness, `tests/go/handshake`, runs it). Not modelled: a config file, `tls-protocols`,
//! `tls-ciphers`/`tls-ciphersuites`, `tls-prefer-server-ciphers`, `tls-replication`,
//! `tls-cluster`; the HA install's HAProxy front (it is treated as plaintext on 6379, as the
//! manifests run it).

use super::{
    Certificate, Ctx, Files, Resolved, Served, ServerParams, TlsServer, TlsVersion, check_served,
    code, endpoint::tls_report, plain_endpoint,
};
use crate::resolve::ClientParams;

/// redis-server's `tls-auth-clients`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum AuthClients {
    No,
    Yes,
    Optional,
}

/// What redis-server listens on (a port of 0 is off).
#[derive(Clone, Debug)]
pub(super) struct RedisListeners {
    pub(super) port: u16,
    pub(super) tls_port: u16,
    pub(super) auth_clients: AuthClients,
}

/// The Redis default port (`port`), and the one every Argo CD client dials by default.
pub(crate) const REDIS_PORT: u16 = 6379;

/// What OpenSSL 3 says of a file that is not there.
const NO_FILE: &str = "error:80000002:system library::No such file or directory";

/// redis-server's options from its command line: `--name value…` words (a word holding a space,
/// like the manifests' `--requirepass $(REDIS_PASSWORD)`, is split as redis-server splits the
/// line it builds); later occurrences win. Words before the first `--` (the binary, a config
/// file) are skipped.
fn options(args: &[String]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for a in args {
        if let Some(rest) = a.strip_prefix("--") {
            let mut words = rest.split_whitespace().map(str::to_string);
            let name = words.next().unwrap_or_default().to_ascii_lowercase();
            out.push((name, words.collect()));
        } else if let Some(last) = out.last_mut() {
            last.1.push(a.clone());
        }
    }
    out
}

fn option<'a>(opts: &'a [(String, Vec<String>)], name: &str) -> Option<&'a str> {
    opts.iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.first().map_or("", String::as_str))
}

/// Resolves redis-server: its listeners, its TLS (when `tls-port` is set), and whether it starts.
pub(super) fn resolve_redis(ctx: &mut Ctx<'_>, r: &mut Resolved<'_>, files: &Files<'_>) {
    let haproxy = ctx
        .install
        .workload(r.component)
        .is_some_and(|w| w.name.contains("haproxy"));
    let args = ctx
        .install
        .workload(r.component)
        .map(|w| w.args.clone())
        .unwrap_or_default();
    let opts = if haproxy { Vec::new() } else { options(&args) };
    let port_of = |name: &str, default: u16| {
        option(&opts, name)
            .and_then(|v| v.parse::<u16>().ok())
            .unwrap_or(default)
    };
    let listeners = RedisListeners {
        port: port_of("port", REDIS_PORT),
        tls_port: port_of("tls-port", 0),
        auth_clients: match option(&opts, "tls-auth-clients") {
            Some("no") => AuthClients::No,
            Some("optional") => AuthClients::Optional,
            _ => AuthClients::Yes,
        },
    };
    if listeners.port != 0 {
        r.endpoints
            .push(plain_endpoint("redis", listeners.port, "redis"));
    }
    let fatal = if listeners.port == 0 && listeners.tls_port == 0 {
        Some("Configured to not listen anywhere, exiting.".to_string())
    } else if listeners.port == listeners.tls_port {
        Some(format!(
            "Failed listening on port {} (TLS), aborting.",
            listeners.tls_port
        ))
    } else if listeners.tls_port != 0 {
        match redis_tls(ctx, &opts, listeners.auth_clients, files) {
            Ok(server) => {
                check_served(ctx, "argocd-redis", &server.served, Some("argocd-redis"));
                let mut ep = plain_endpoint("redis-tls", listeners.tls_port, "redis+tls");
                ep.tls = Some(tls_report(&server, ctx));
                r.endpoints.push(ep);
                r.tls = Some(server);
                None
            }
            Err(e) => Some(e),
        }
    } else {
        None
    };
    if let Some(e) = fatal {
        ctx.push(code::redis_tls_fatal("argocd-redis", &e));
        r.starts = false;
        r.startup_error.get_or_insert(e);
    }
    r.redis = Some(listeners);
}

/// redis-server's `tlsConfigure`, in its order: the certificate and key must be configured, a
/// CA when clients are authenticated, then OpenSSL loads the certificate chain, the key (and
/// checks it against the certificate) and the CA. `Err` is the line Redis logs before
/// `Failed to configure TLS. Check logs for more info.` and exits.
fn redis_tls(
    ctx: &Ctx<'_>,
    opts: &[(String, Vec<String>)],
    auth: AuthClients,
    files: &Files<'_>,
) -> Result<TlsServer, String> {
    let cert_path = option(opts, "tls-cert-file").unwrap_or_default();
    let key_path = option(opts, "tls-key-file").unwrap_or_default();
    let ca_path = option(opts, "tls-ca-cert-file").unwrap_or_default();
    let ca_dir = option(opts, "tls-ca-cert-dir").unwrap_or_default();
    if cert_path.is_empty() {
        return Err("No tls-cert-file configured!".into());
    }
    if key_path.is_empty() {
        return Err("No tls-key-file configured!".into());
    }
    if auth != AuthClients::No && ca_path.is_empty() && ca_dir.is_empty() {
        return Err("Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-cluster, tls-replication or tls-auth-clients are enabled!".into());
    }
    let cert = files.read(cert_path);
    let Some(cert_pem) = cert.content() else {
        return Err(format!(
            "Failed to load certificate: {cert_path}: {NO_FILE}"
        ));
    };
    if !cert_pem.contains("-----BEGIN CERTIFICATE-----") {
        return Err(format!(
            "Failed to load certificate: {cert_path}: error:0480006C:PEM routines::no start line"
        ));
    }
    let Some(key_pem) = files.read(key_path).content() else {
        return Err(format!("Failed to load private key: {key_path}: {NO_FILE}"));
    };
    let chain = ctx.memo.load_key_pair(cert_pem, key_pem).map_err(|e| {
        if e.contains("private key does not match public key") {
            format!(
                "Failed to load private key: {key_path}: error:05800074:x509 certificate routines::key values mismatch"
            )
        } else {
            // OpenSSL's own reason for a pair Go rejects is not modelled: Redis logs it on the
            // line before this one.
            "Failed to configure TLS. Check logs for more info.".to_string()
        }
    })?;
    let mut cas: Option<Vec<Certificate>> = None;
    if !ca_path.is_empty() {
        let Some(ca_pem) = files.read(ca_path).content() else {
            return Err(format!(
                "Failed to configure CA certificate(s) file/directory: {NO_FILE}"
            ));
        };
        let pool = ctx.memo.pool_from_pem(ca_pem);
        if pool.is_empty() {
            return Err("Failed to configure CA certificate(s) file/directory: error:05800088:x509 certificate routines::no certificate or crl found".into());
        }
        cas = Some(pool);
    }
    Ok(TlsServer {
        // OpenSSL's defaults as Redis sets them (`tls-protocols` "TLSv1.2 TLSv1.3"); the suites
        // are OpenSSL's, not Go's: the report lists none (see `dex_defaults`).
        params: ServerParams {
            min: Some(TlsVersion::V1_2),
            max: Some(TlsVersion::V1_3),
            ciphers: ClientParams::go_default().offered,
            warning: None,
        },
        served: Served::Loaded {
            chain,
            source: cert.origin().unwrap_or_default(),
            persistent: true,
            hot_reload: false,
        },
        client_cas: if auth == AuthClients::No {
            None
        } else {
            Some(cas.unwrap_or_default())
        },
        alpn: Vec::new(),
        dex_defaults: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// redis-server's command line: `--name value` words, a word with a space split, later wins.
    #[test]
    fn options_are_read_as_redis_server_reads_its_command_line() {
        let args: Vec<String> = [
            "--save",
            "",
            "--requirepass $(REDIS_PASSWORD)",
            "--port",
            "6379",
            "--tls-port",
            "6380",
            "--port",
            "0",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let o = options(&args);
        assert_eq!(option(&o, "requirepass"), Some("$(REDIS_PASSWORD)"));
        assert_eq!(option(&o, "save"), Some(""));
        assert_eq!(option(&o, "port"), Some("0"));
        assert_eq!(option(&o, "tls-port"), Some("6380"));
        assert_eq!(option(&o, "tls-cert-file"), None);
    }
}
