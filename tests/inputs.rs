//! The input rule through the native CLI (issue 11, "Inputs silently drop changes", cases 2 and
//! 5): inputs are laid in the order given and the later one wins, key by key for ConfigMaps, with
//! or without `--base standard`; every override is a `TLS015` finding naming both inputs; an
//! input with no Argo CD workload is a `TLS016` error, not an empty green report.
//!
//! Expected values come from the reference, not from the planner: with
//! `server.repo.server.strict.tls: "true"` argocd-server verifies the repo-server (§6.1), without
//! it it does not.

use std::process::{Command, Output};

fn upstream() -> String {
    format!(
        "{}/../shared/fixtures/upstream/argocd-v3.5.1-install.yaml",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/inputs/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

const NOW: &str = "--now=2027-06-01T00:00:00Z";

fn planner(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_argocd-tls-planner"))
        .args(args)
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = planner(args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// How argocd-server treats the repo-server's certificate.
fn server_to_repo(report: &serde_json::Value) -> String {
    report["connections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client"] == "argocd-server" && c["server"] == "argocd-repo-server")
        .map(|c| c["verification"].as_str().unwrap().to_string())
        .expect("argocd-server → argocd-repo-server is in the report")
}

fn overrides(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "TLS015")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_change_set_is_not_dropped_whatever_the_file_order() {
    let (install, params) = (upstream(), fixture("strict-repo-tls.yaml"));
    let before = json(&["check", NOW, "--format=json", &install, &params]);
    let after = json(&["check", NOW, "--format=json", &params, &install]);
    // The install's own argocd-cmd-params-cm has no data: nothing to override either way.
    assert_eq!(server_to_repo(&before), "verify");
    assert_eq!(server_to_repo(&after), "verify");
    assert_eq!(before, after);
    assert!(overrides(&before).is_empty(), "{:?}", overrides(&before));
}

#[test]
fn the_later_file_wins_and_the_override_is_reported() {
    let install = upstream();
    let (on, off) = (
        fixture("strict-repo-tls.yaml"),
        fixture("no-strict-repo-tls.yaml"),
    );
    for base in [&["--base=none"][..], &["--base=standard"][..]] {
        let mut args = vec!["check", NOW, "--format=json"];
        args.extend_from_slice(base);
        let with = |files: &[&str]| {
            let mut a = args.clone();
            a.extend_from_slice(files);
            json(&a)
        };
        let last_on = with(&[&install, &off, &on]);
        let last_off = with(&[&install, &on, &off]);
        assert_eq!(server_to_repo(&last_on), "verify", "{base:?}");
        assert_ne!(server_to_repo(&last_off), "verify", "{base:?}");
        let msgs = overrides(&last_on);
        assert!(
            msgs.iter().any(|m| m.contains("argocd-cmd-params-cm")
                && m.contains(&on)
                && m.contains(&off)
                && m.contains("server.repo.server.strict.tls")),
            "{base:?}: {msgs:?}"
        );
        let info = last_on["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "TLS015")
            .unwrap();
        assert_eq!(info["severity"], "info");
    }
}

#[test]
fn the_base_is_named_when_a_file_replaces_its_workload() {
    let report = json(&[
        "check",
        NOW,
        "--format=json",
        "--base=standard",
        &upstream(),
    ]);
    let msgs = overrides(&report);
    // The upstream manifest's argocd-server is the real one, with probes and all: it differs
    // from the base's TLS-only model and replaces it, which the report says.
    assert!(
        msgs.iter()
            .any(|m| m.contains("Deployment argocd-server") && m.contains("base standard 3.5.1")),
        "{msgs:?}"
    );
}

#[test]
fn a_change_set_alone_is_an_error_that_names_the_base() {
    let params = fixture("strict-repo-tls.yaml");
    let out = planner(&["check", NOW, &params]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("TLS016"), "{text}");
    assert!(text.contains("--base standard"), "{text}");
    assert!(!text.contains("0 error(s)"), "{text}");
    // Laid over the standard install it is a plan: no TLS016.
    let out = planner(&["check", NOW, "--base=standard", &params]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("TLS016"), "{text}");
    // And an install alone is no change set.
    let out = planner(&["check", NOW, &upstream()]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("TLS016"));
}
