//! The native CLI on Argo CD's own test certificates (read in place from ../shared).
//! Expected values were read with `openssl x509 -noout -subject -serial -ext subjectAltName
//! -fingerprint -sha256`, not produced by the planner.

use std::process::{Command, Output};

fn shared(path: &str) -> String {
    format!(
        "{}/../shared/corpora/argocd-test-certs/{path}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn planner(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_argocd-tls-planner"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn inspects_the_argocd_test_server_certificate_as_json() {
    let out = planner(&[
        "inspect",
        &shared("test_fixture_certs_argocd-test-server.crt"),
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &v[0];
    assert_eq!(c["subject"], "CN=localhost");
    assert_eq!(c["issuer"], "CN=ArgoCD Test CA");
    assert_eq!(
        c["serial"],
        "547664508215554289022958850587387594892555565279"
    );
    assert_eq!(
        c["serialHex"],
        "5F:EE:20:3A:E2:14:88:D3:C6:5D:79:D8:41:41:E8:70:FF:13:B8:DF"
    );
    assert_eq!(
        c["dnsNames"],
        serde_json::json!(["localhost", "argocd-e2e-server"])
    );
    assert_eq!(c["ipAddresses"], serde_json::json!(["127.0.0.1"]));
    assert_eq!(c["notBefore"], "2025-12-18T21:15:51Z");
    assert_eq!(c["notAfter"], "2125-11-24T21:15:51Z");
    assert_eq!(c["isCa"], false);
    assert_eq!(
        c["sha256Fingerprint"],
        "FA:1C:3B:88:7F:49:5F:0F:C8:4A:A1:F1:AE:45:B7:16:BF:EC:51:05:7E:D7:35:0B:31:B8:BD:CA:88:43:F6:F6"
    );
}

#[test]
fn the_test_ca_is_a_ca() {
    let out = planner(&[
        "inspect",
        &shared("test_fixture_certs_argocd-test-ca.crt"),
        "--format=json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["subject"], "CN=ArgoCD Test CA");
    assert_eq!(v[0]["isCa"], true);
}

#[test]
fn garbage_exits_2_and_names_file_and_line() {
    let path = shared("cmd_util_testdata_test.cert.pem");
    let out = planner(&["inspect", &path]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cmd_util_testdata_test.cert.pem: line 1: not PEM"),
        "{err}"
    );

    let empty = planner(&["inspect", &shared("util_tls_testdata_empty_tls.crt")]);
    assert_eq!(empty.status.code(), Some(2));
}

#[test]
fn wrong_usage_exits_2() {
    assert_eq!(planner(&[]).status.code(), Some(2));
    assert_eq!(
        planner(&["inspect", "--format", "xml", "x"]).status.code(),
        Some(2)
    );
}
