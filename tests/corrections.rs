//! The reference's §0.0 corrections 8–11 (and the Service address of a refused connection), each
//! as the reference states it (`../shared/reference/argocd-tls.md` §0.0, §5.2, §6.1, §6.6, §7).
//! Expected texts are Argo CD's and Go's, copied from the reference, not from the engine.

use serde_json::Value;

use argocd_tls_planner::{Options, UnixTime, read_manifests, resolve, standard_install};

use crate::invariants::{DEX_NO_CONNECTORS, DEX_OK, argocd_cm, pki, quoted, secret};

fn report(version: &str, params: &[(&str, &str)], extra: &str) -> Value {
    let mut text =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cmd-params-cm\ndata:\n"
            .to_string();
    if params.is_empty() {
        text.push_str("  {}\n");
    }
    for (k, v) in params {
        text.push_str(&format!("  {k}: \"{v}\"\n"));
    }
    text.push_str(extra);
    let overlay = read_manifests(&[("corrections.yaml", text.as_str())]).unwrap();
    let install = standard_install(version, "argocd").overlay(overlay);
    let r = resolve(
        &install,
        &Options {
            now: UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap(),
            argocd_version: Some(version.to_string()),
            namespace: None,
        },
    )
    .unwrap();
    serde_json::to_value(r).unwrap()
}

fn component<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no component {name}"))
}

fn connection<'a>(r: &'a Value, client: &str, server: &str) -> Option<&'a Value> {
    r["connections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client"] == client && c["server"] == server)
}

fn dex_listens(r: &Value) -> bool {
    component(r, "argocd-dex-server")["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["port"] == 5556)
}

const URL: &str = "https://argocd.example.com";

/// §0.0 item 8 / §5.2: Dex runs only with argocd-cm `url` AND a `dex.config` that parses to a
/// non-empty map.
#[test]
fn dex_runs_only_with_url_and_a_dex_config_map() {
    let on = report("3.5.1", &[], &argocd_cm(Some(URL), Some(DEX_OK)));
    assert!(dex_listens(&on));
    assert!(connection(&on, "argocd-server", "argocd-dex-server").is_some());
    for (label, cm) in [
        ("dex.config without url", argocd_cm(None, Some(DEX_OK))),
        ("url without dex.config", argocd_cm(Some(URL), None)),
        (
            "dex.config not YAML",
            argocd_cm(Some(URL), Some("connectors: [oops")),
        ),
        ("dex.config a list", argocd_cm(Some(URL), Some("- a\n- b"))),
        ("dex.config an empty map", argocd_cm(Some(URL), Some("{}"))),
    ] {
        let r = report("3.5.1", &[], &cm);
        assert!(!dex_listens(&r), "{label}: nothing listens on 5556");
        assert!(
            connection(&r, "argocd-server", "argocd-dex-server").is_none(),
            "{label}: no argocd-server → Dex connection"
        );
        assert_eq!(
            component(&r, "argocd-dex-server")["starts"],
            true,
            "{label}"
        );
        assert_eq!(component(&r, "argocd-server")["starts"], true, "{label}");
    }
}

/// §0.0 item 9 / §6.6: a client whose trust file exists but holds no certificate exits at startup
/// (`log.Fatalf` / `errors.CheckError` in argocd-server) with `invalid cert data in <path>`, and
/// its connections are not made.
#[test]
fn a_client_whose_trust_file_holds_no_certificate_does_not_start() {
    let p = pki();
    let repo_secret = secret(
        "argocd-repo-server-tls",
        &[
            ("tls.crt", quoted(&p["repo.crt"])),
            ("tls.key", quoted(&p["repo.key"])),
            ("ca.crt", "\"not a certificate\"".into()),
        ],
    );
    // 3.5: the CA path; before: the legacy strict flag reads tls.crt then ca.crt.
    // 3.5: `repoServerClientTLSConfigSrc` wraps the pool's error (util/tls/tls.go v3.5.1).
    for (version, params, expected) in [
        (
            "3.5.1",
            vec![(
                "server.repo.server.ca.cert.path",
                "/app/config/server/tls/ca.crt",
            )],
            "error loading repo-server CA: invalid cert data in /app/config/server/tls/ca.crt",
        ),
        (
            "3.5.1",
            vec![("server.repo.server.strict.tls", "true")],
            "invalid cert data in /app/config/server/tls/ca.crt",
        ),
        (
            "2.14.21",
            vec![("server.repo.server.strict.tls", "true")],
            "invalid cert data in /app/config/server/tls/ca.crt",
        ),
    ] {
        let r = report(version, &params, &repo_secret);
        let server = component(&r, "argocd-server");
        assert_eq!(server["starts"], false, "{version}");
        assert_eq!(server["startupError"], expected, "{version}");
        for k in r["connections"].as_array().unwrap() {
            if k["client"] == "argocd-server" {
                assert_ne!(k["outcome"], "ok", "{version}: {k}");
            }
        }
        // The other clients do not read that file and start.
        assert_eq!(
            component(&r, "argocd-application-controller")["starts"],
            true
        );
    }
}

/// §0.0 item 9 / §7: with strict Dex TLS, argocd-server reads the Dex `ca.crt` and `tls.crt` at
/// startup whether or not Dex runs; a `ca.crt` without a certificate and a missing `tls.crt`
/// are both fatal.
#[test]
fn strict_dex_trust_files_are_read_at_argocd_server_startup() {
    let p = pki();
    let strict = [("server.dex.server.strict.tls", "true")];
    let bad_ca = secret(
        "argocd-dex-server-tls",
        &[
            ("tls.crt", quoted(&p["dex.crt"])),
            ("tls.key", quoted(&p["dex.key"])),
            ("ca.crt", "\"not a certificate\"".into()),
        ],
    );
    for cm in [argocd_cm(Some(URL), Some(DEX_OK)), String::new()] {
        let r = report("3.5.1", &strict, &format!("{bad_ca}{cm}"));
        let server = component(&r, "argocd-server");
        assert_eq!(server["starts"], false);
        assert_eq!(
            server["startupError"],
            "invalid cert data in /app/config/dex/tls/ca.crt"
        );
        let r = report("3.5.1", &strict, &cm);
        let server = component(&r, "argocd-server");
        assert_eq!(server["starts"], false);
        assert_eq!(
            server["startupError"],
            "could not read certificate file: open /app/config/dex/tls/tls.crt: no such file or directory"
        );
        for k in r["connections"].as_array().unwrap() {
            if k["client"] == "argocd-server" {
                assert_ne!(k["outcome"], "ok", "{k}");
            }
        }
    }
    // Plaintext switches the strict loading off (`!DisableTLS && StrictValidation`).
    let r = report(
        "3.5.1",
        &[
            ("server.dex.server.strict.tls", "true"),
            ("server.dex.server.plaintext", "true"),
        ],
        "",
    );
    assert_eq!(component(&r, "argocd-server")["starts"], true);
}

/// §0.0 item 10 / §7: an explicit `https://` Dex address with `--dex-server-plaintext` is TLS
/// verified against the system roots, with the URL host as ServerName.
#[test]
fn explicit_https_dex_address_with_plaintext_verifies_against_system_roots() {
    let params = [
        ("server.dex.server", "https://argocd-dex-server:5556"),
        ("server.dex.server.plaintext", "true"),
    ];
    let cm = argocd_cm(Some(URL), Some(DEX_OK));
    // Dex's auto-generated certificate: the host check comes first (§0.0 item 1).
    let r = report("3.5.1", &params, &cm);
    let k = connection(&r, "argocd-server", "argocd-dex-server").unwrap();
    assert_eq!(k["transport"], "tls");
    assert_eq!(k["verification"], "verify");
    assert_eq!(k["serverName"], "argocd-dex-server");
    assert_eq!(k["outcome"], "fails");
    let e = k["error"]["client"].as_str().unwrap();
    assert!(
        e.ends_with(
            "tls: failed to verify certificate: x509: certificate is valid for localhost, dexserver, not argocd-dex-server"
        ),
        "{e}"
    );
    // A certificate from a private CA with the right SAN: no system root signs it.
    let p = pki();
    let dex_secret = secret(
        "argocd-dex-server-tls",
        &[
            ("tls.crt", quoted(&p["dex.crt"])),
            ("tls.key", quoted(&p["dex.key"])),
            ("ca.crt", quoted(&p["ca.crt"])),
        ],
    );
    let r = report("3.5.1", &params, &format!("{cm}{dex_secret}"));
    let k = connection(&r, "argocd-server", "argocd-dex-server").unwrap();
    assert_eq!(k["outcome"], "fails");
    let e = k["error"]["client"].as_str().unwrap();
    assert!(
        e.ends_with(
            "tls: failed to verify certificate: x509: certificate signed by unknown authority"
        ),
        "{e}"
    );
}

/// §0.0 item 11: a configured but malformed `dex.config` makes the Dex wrapper and argocd-server
/// exit with `malformed Dex configuration found`.
#[test]
fn malformed_dex_config_stops_dex_and_argocd_server() {
    for dex in [
        DEX_NO_CONNECTORS,
        "connectors: github",
        "connectors:\n- just-a-string",
        "connectors:\n- type: oidc\n  id: x\n  name: X",
    ] {
        let r = report("3.5.1", &[], &argocd_cm(Some(URL), Some(dex)));
        for name in ["argocd-dex-server", "argocd-server"] {
            let c = component(&r, name);
            assert_eq!(c["starts"], false, "{name} with {dex:?}");
            assert_eq!(
                c["startupError"], "malformed Dex configuration found",
                "{name} with {dex:?}"
            );
        }
    }
    // A connector type that needs no redirect URI may lack `config`.
    let r = report(
        "3.5.1",
        &[],
        &argocd_cm(
            Some(URL),
            Some("connectors:\n- type: ldap\n  id: x\n  name: X"),
        ),
    );
    assert_eq!(component(&r, "argocd-server")["starts"], true);
}

/// A server that does not start is still a Service with a ClusterIP: the client's dial is
/// refused by kube-proxy, and Go prints the IP it dialled, never a failed DNS lookup.
#[test]
fn a_server_that_does_not_start_refuses_at_its_service_address() {
    let p = pki();
    // tls.crt and tls.key that do not belong together: the repo-server exits at startup.
    let broken = secret(
        "argocd-repo-server-tls",
        &[
            ("tls.crt", quoted(&p["dex.crt"])),
            ("tls.key", quoted(&p["repo.key"])),
        ],
    );
    let r = report("3.5.1", &[], &broken);
    assert_eq!(component(&r, "argocd-repo-server")["starts"], false);
    let k = connection(&r, "argocd-server", "argocd-repo-server").unwrap();
    assert_eq!(k["outcome"], "fails");
    let e = k["error"]["client"].as_str().unwrap();
    assert_eq!(
        e,
        "rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial tcp <ClusterIP>:8081: connect: connection refused\""
    );
    assert!(!e.contains("lookup"));
}

/// The reference (§6.1) inferred that an address without a port gets port 443 from gRPC's DNS
/// resolver. Argo CD dials the repo-server with `grpc.Dial` (`reposerver/apiclient/clientset.go`),
/// whose default resolver is passthrough: the address goes to Go's dialer as written, and so does
/// go-redis's `--redis`. Every call fails with Go's own dial error, which the Go harness prints
/// here; the component starts.
#[test]
fn an_address_without_a_port_fails_with_gos_dial_error() {
    let answer = crate::keypair::run_go(
        &serde_json::json!({"dials": ["argocd-repo-server", "argocd-redis"]}),
    );
    let go = |i: usize, key: &str| answer["dials"][i][key].as_str().unwrap().to_string();
    // go-redis dials TLS with `tls.DialWithDialer`; it fails the same way before any handshake.
    assert_eq!(go(1, "error"), go(1, "tlsError"));
    for version in ["3.5.1", "2.14.21"] {
        let params = [
            ("repo.server", "argocd-repo-server"),
            ("redis.server", "argocd-redis"),
        ];
        let r = report(version, &params, "");
        for client in ["argocd-server", "argocd-application-controller"] {
            let repo = connection(&r, client, "argocd-repo-server").unwrap();
            assert_eq!(repo["outcome"], "fails", "{version} {client}");
            // grpc-go's transport (`internal/transport/http2_client.go`) wraps the dial error.
            assert_eq!(
                repo["error"]["client"],
                format!(
                    "rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: {}\"",
                    go(0, "error")
                ),
                "{version} {client}"
            );
            let redis = connection(&r, client, "argocd-redis").unwrap();
            assert_eq!(
                redis["error"]["client"],
                go(1, "error"),
                "{version} {client}"
            );
        }
        assert_eq!(component(&r, "argocd-server")["starts"], true, "{version}");
        let codes: Vec<&str> = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["code"].as_str())
            .collect();
        assert!(codes.contains(&"TLS214"), "{version}: {codes:?}");
        // With the ports the upstream install writes, both work.
        let params = [
            ("repo.server", "argocd-repo-server:8081"),
            ("redis.server", "argocd-redis:6379"),
        ];
        let r = report(version, &params, "");
        assert_eq!(
            connection(&r, "argocd-server", "argocd-repo-server").unwrap()["outcome"],
            "ok"
        );
        assert_eq!(
            connection(&r, "argocd-server", "argocd-redis").unwrap()["outcome"],
            "ok"
        );
    }
}
