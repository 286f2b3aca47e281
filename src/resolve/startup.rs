//! What the clients of the repo-server and of Dex read at startup, and exit on.
//!
//! Before any connection is made, each client builds its repo-server TLS configuration and
//! argocd-server its Dex TLS configuration (reference §6.1, §6.3–§6.7, §7). A trust file that exists
//! but holds no certificate, a missing pinned Dex `tls.crt`, or one client-certificate path without
//! the other ends the process, so the component does not start and none of its connections is
//! made (§0.0 item 9). The order of the checks and the texts follow the commands' `Run` functions
//! at v3.5.1 (`cmd/argocd-server/commands/argocd_server.go`,
//! `cmd/argocd-application-controller/commands/argocd_application_controller.go`,
//! `cmd/argocd-applicationset-controller/commands/applicationset_controller.go`,
//! `cmd/argocd-notification/commands/argocd_notification.go`) and `util/tls/tls.go`
//! (`AddClientTLSFlagsToCmdWithPrefix`, `LoadX509CertPool`, `LoadX509Cert`).

use crate::findings::code;
use crate::go::pem::go_pem_decode;
use crate::model::Component;
use crate::x509::parse::parse_certificate;

use super::Ctx;
use super::files::{File, Files};
use super::settings::{Knob, Settings, knob_names};

/// The directory under the app config path each client's legacy strict mode reads (§6.5).
pub(super) fn legacy_dir(client: Component) -> Option<&'static str> {
    match client {
        Component::Server => Some("server"),
        Component::ApplicationController => Some("controller"),
        Component::ApplicationSetController | Component::NotificationsController => {
            Some("reposerver")
        }
        _ => None,
    }
}

/// How the client reports a failure to build its repo-server TLS configuration: argocd-server
/// and the controllers `log.Fatalf`/`CheckError` the error itself; the notifications controller
/// returns it from cobra's `RunE`, which prints `Error: ` and the wrapped text.
fn exit_text(client: Component, wrap: &str, e: &str) -> String {
    if client == Component::NotificationsController {
        format!("Error: {wrap}: {e}")
    } else {
        e.to_string()
    }
}

/// `LoadX509CertPool(paths...)`: `Err` with `invalid cert data in <path>` for a file that exists
/// and yields no certificate; missing files are skipped.
fn load_pool(
    memo: super::memo::Scope<'_>,
    files: &Files<'_>,
    paths: &[String],
) -> Result<(), (String, Option<String>)> {
    for path in paths {
        if let f @ File::Present { .. } = files.read(path)
            && memo
                .pool_from_pem(f.content().unwrap_or_default())
                .is_empty()
        {
            return Err((format!("invalid cert data in {path}"), f.origin()));
        }
    }
    Ok(())
}

/// `LoadX509Cert(path)`: the first PEM block, parsed as a certificate.
fn load_cert(files: &Files<'_>, path: &str) -> Result<(), String> {
    let Some(content) = files.read(path).content() else {
        return Err(format!(
            "could not read certificate file: open {path}: no such file or directory"
        ));
    };
    match go_pem_decode(content.as_bytes()).0 {
        None => Err("could not decode PEM".to_string()),
        Some(block) => parse_certificate(&block.bytes)
            .map(|_| ())
            .map_err(|e| format!("could not parse certificate: {}", e.message)),
    }
}

/// Checks what `client` reads at startup; on the first fatal error, records the finding and
/// returns the text the process exits with.
pub(super) fn client_exit(
    ctx: &mut Ctx<'_>,
    client: Component,
    settings: &Settings,
    files: &Files<'_>,
) -> Option<String> {
    let legacy = legacy_dir(client)?;
    let name = client.name();
    let base = settings
        .get(Knob::AppConfPath)
        .trim_end_matches('/')
        .to_string();
    let plaintext = settings.flag(Knob::RepoPlaintext);
    let key = |k: Knob| knob_names(client, k);
    // 3.5+: `repoServerClientTLSConfigSrc()` runs first, whatever the plaintext flag says.
    let mut ca_path_pool = false;
    if ctx.version.v3_5() {
        let cert_path = settings.get(Knob::RepoClientCertPath);
        let key_path = settings.get(Knob::RepoClientCertKeyPath);
        let missing = match (cert_path.is_empty(), key_path.is_empty()) {
            (false, true) => Some(
                "--repo-server-client-cert-key-path is required when --repo-server-client-cert-path is specified",
            ),
            (true, false) => Some(
                "--repo-server-client-cert-path is required when --repo-server-client-cert-key-path is specified",
            ),
            _ => None,
        };
        if let Some(e) = missing {
            let e = exit_text(
                client,
                "failed to get repo-server client TLS configuration",
                e,
            );
            ctx.push(code::client_cert_path_pair(name, &e));
            return Some(e);
        }
        let ca_path = settings.get(Knob::RepoCaCertPath).to_string();
        if !ca_path.is_empty() {
            if let Err((e, origin)) = load_pool(ctx.memo, files, std::slice::from_ref(&ca_path)) {
                let e = exit_text(
                    client,
                    "failed to get repo-server client TLS configuration",
                    &format!("error loading repo-server CA: {e}"),
                );
                ctx.push(code::invalid_trust_file_repo_ca(
                    name,
                    &e,
                    &origin.unwrap_or_else(|| ca_path.clone()),
                    key(Knob::RepoCaCertPath)
                        .0
                        .unwrap_or("--repo-server-ca-cert-path"),
                ));
                return Some(e);
            }
            // A CA path that names only missing files still gives a (empty) pool, which takes
            // precedence over the legacy paths.
            ca_path_pool = true;
        }
    }
    if !plaintext && settings.flag(Knob::RepoStrictTls) && !ca_path_pool {
        let paths = [
            format!("{base}/{legacy}/tls/tls.crt"),
            format!("{base}/{legacy}/tls/ca.crt"),
        ];
        if let Err((e, origin)) = load_pool(ctx.memo, files, &paths) {
            let e = exit_text(client, "failed to load repo-server certificate pool", &e);
            ctx.push(code::invalid_trust_file_legacy(
                name,
                &e,
                &origin.unwrap_or_else(|| paths.join(", ")),
            ));
            return Some(e);
        }
    }
    if client == Component::Server
        && ctx.version.dex_tls()
        && !settings.flag(Knob::DexPlaintext)
        && settings.flag(Knob::DexStrictTls)
    {
        let ca = format!("{base}/dex/tls/ca.crt");
        if let Err((e, _)) = load_pool(ctx.memo, files, std::slice::from_ref(&ca)) {
            ctx.push(code::invalid_trust_file_dex_ca(name, &e));
            return Some(e);
        }
        let crt = format!("{base}/dex/tls/tls.crt");
        if let Err(e) = load_cert(files, &crt) {
            ctx.push(code::dex_pin_missing(name, &e));
            return Some(e);
        }
    }
    None
}

/// What a Redis client (argocd-server, the repo-server, the controller) reads at startup when
/// `--redis-use-tls` is set (reference §9; `util/cache/cache.go` `AddCacheFlagsToCmd` at v3.5.1
/// and v2.14.21): `tls.LoadX509KeyPair(--redis-client-certificate, --redis-client-key)` when a
/// certificate is given, then, unless `--redis-insecure-skip-tls-verify`, the
/// `--redis-ca-certificate` file (`certutil.ParseTLSCertificatesFromPath`: only a file that
/// cannot be opened is an error; one without certificates gives an empty pool). The command
/// passes the error to `errors.CheckError`, so the process exits with its text.
pub(super) fn redis_client_exit(
    ctx: &mut Ctx<'_>,
    client: Component,
    settings: &Settings,
    files: &Files<'_>,
) -> Option<String> {
    if !settings.flag(Knob::RedisUseTls) {
        return None;
    }
    let open = |path: &str| format!("open {path}: no such file or directory");
    let cert = settings.get(Knob::RedisClientCertificate);
    let e = if cert.is_empty() {
        None
    } else {
        let key = settings.get(Knob::RedisClientKey);
        match (files.read(cert).content(), files.read(key).content()) {
            (None, _) => Some(open(cert)),
            (_, None) => Some(open(key)),
            (Some(c), Some(k)) => ctx.memo.load_key_pair(c, k).err(),
        }
    };
    let ca = settings.get(Knob::RedisCaCertificate);
    let e = e.or_else(|| {
        (!settings.flag(Knob::RedisInsecureSkipVerify)
            && !ca.is_empty()
            && files.read(ca).content().is_none())
        .then(|| open(ca))
    })?;
    ctx.push(code::redis_tls_fatal(client.name(), &e));
    Some(e)
}
