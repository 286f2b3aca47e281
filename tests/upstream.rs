//! The upstream install manifests (read in place from ../shared/fixtures/upstream), as the CLI
//! reads them. The expected findings follow from the reference, not from the planner:
//! every upstream install runs without certificates (argocd-server and the repo-server generate
//! self-signed ones: TLS108), with TLS on argocd-server (its plain-HTTP redirect: TLS116), and
//! with repo-server clients that do not verify (TLS202); before 2.14 argocd-server has no ALPN
//! (TLS105); Dex is not configured (argocd-cm has no dex.config), so there is no Dex connection.

use std::collections::BTreeSet;

use argocd_tls_planner::{Options, Report, UnixTime, read_manifests, resolve, standard_install};

fn upstream(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../shared/fixtures/upstream/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn check(name: &str) -> Report {
    let text = upstream(name);
    let install = read_manifests(&[(name, text.as_str())]).unwrap();
    let now = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").unwrap();
    resolve(
        &install,
        &Options {
            now,
            argocd_version: None,
            namespace: None,
        },
    )
    .unwrap()
}

fn codes(r: &Report) -> BTreeSet<String> {
    r.findings.iter().map(|f| f.code.clone()).collect()
}

fn set(codes: &[&str]) -> BTreeSet<String> {
    codes.iter().map(|c| (*c).to_string()).collect()
}

const BASE: &[&str] = &["TLS108", "TLS116", "TLS202"];

#[test]
fn v3_5_1_plain_ha_and_hydrator() {
    for name in [
        "argocd-v3.5.1-install.yaml",
        "argocd-v3.5.1-ha-install.yaml",
        "argocd-v3.5.1-install-with-hydrator.yaml",
    ] {
        let r = check(name);
        assert_eq!(
            r.argocd_version, "3.5.1",
            "{name}: version from the image tag"
        );
        assert_eq!(codes(&r), set(BASE), "{name}");
        assert!(
            r.components.iter().filter(|c| c.present).all(|c| c.starts),
            "{name}"
        );
        let repo_clients: Vec<_> = r
            .connections
            .iter()
            .filter(|c| c.server == "argocd-repo-server")
            .collect();
        assert_eq!(
            repo_clients.len(),
            4,
            "{name}: server, controller, appset, notifications"
        );
        for c in repo_clients {
            assert_eq!(
                (
                    c.transport.as_str(),
                    c.verification.as_str(),
                    c.outcome.as_str()
                ),
                ("tls", "skip-verify", "ok"),
                "{name}"
            );
            let n = c.negotiated.as_ref().unwrap();
            // Reference §16.3: default Argo config, Go client → TLS 1.3, AES-128-GCM (AES hardware).
            assert_eq!(
                (
                    n.version.as_str(),
                    n.cipher_suite.as_str(),
                    n.alpn.as_deref()
                ),
                ("1.3", "TLS_AES_128_GCM_SHA256", Some("h2"))
            );
        }
        assert!(
            !r.connections
                .iter()
                .any(|c| c.server == "argocd-dex-server"),
            "{name}: Dex is not configured"
        );
        let commit = r
            .components
            .iter()
            .find(|c| c.name == "argocd-commit-server")
            .unwrap();
        assert_eq!(commit.present, name.contains("hydrator"), "{name}");
    }
}

#[test]
fn v2_14_has_alpn_and_v2_11_and_v2_4_do_not() {
    let r = check("argocd-v2.14.21-install.yaml");
    assert_eq!(r.argocd_version, "2.14.21");
    assert_eq!(codes(&r), set(BASE));
    let api = &r
        .components
        .iter()
        .find(|c| c.name == "argocd-server")
        .unwrap()
        .endpoints[0];
    assert_eq!(api.tls.as_ref().unwrap().alpn, vec!["http/1.1", "h2"]);
    for name in [
        "argocd-v2.11.14-install.yaml",
        "argocd-v2.4.28-install.yaml",
    ] {
        let r = check(name);
        let mut want = set(BASE);
        want.insert("TLS105".into());
        assert_eq!(codes(&r), want, "{name}");
    }
}

#[test]
fn v2_11_accepts_its_two_suite_default_and_serves_it() {
    let r = check("argocd-v2.11.14-install.yaml");
    let repo = r
        .components
        .iter()
        .find(|c| c.name == "argocd-repo-server")
        .unwrap();
    let tls = repo.endpoints[0].tls.as_ref().unwrap();
    // ≤ 2.11: default `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:TLS_RSA_WITH_AES_256_GCM_SHA384`, Go 1.21.
    assert_eq!(
        tls.cipher_suites.as_ref().unwrap(),
        &vec![
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384".to_string(),
            "TLS_RSA_WITH_AES_256_GCM_SHA384".to_string()
        ]
    );
}

#[test]
fn the_documented_cmd_params_example_over_3_5_1() {
    let text = upstream("argocd-v3.5.1-docs-argocd-cmd-params-cm.yaml");
    let overlay = read_manifests(&[("docs.yaml", text.as_str())]).unwrap();
    let install = standard_install("3.5.1", "argocd").overlay(overlay);
    let now = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").unwrap();
    let r = resolve(
        &install,
        &Options {
            now,
            argocd_version: Some("3.5.1".into()),
            namespace: None,
        },
    )
    .unwrap();
    // The example sets `server.dex.server: "http://argocd-dex-server:5556"` (the docs call it the
    // default) — the trap of §7 — and sets the cipher lists explicitly (TLS104).
    let mut want = set(BASE);
    want.extend(["TLS012".to_string(), "TLS104".to_string()]);
    assert_eq!(codes(&r), want);
}
