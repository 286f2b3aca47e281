//! The native CLI: `inspect` on Argo CD's own test certificates (read in place from ../shared), and
//! `check` on the finding fixtures (formats, exit codes, `--base`, `--now`, `--argocd-version`).
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

// ------------------------------------------------------------------------------------- check
//
// `check` on the finding fixtures (tests/fixtures/findings, each a change set for `--base
// standard`). What each must report is written in the fixture's header and in the reference,
// not taken from the planner; the exit status is the README's contract: 0 without an error
// finding, 1 with one, 2 for unreadable input or wrong usage.

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/findings/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// `check` with the given arguments and stdin; returns (exit code, stdout, stderr).
fn check(args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_argocd-tls-planner"))
        .arg("check")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The finding codes of a JSON report.
fn json_codes(stdout: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

/// Inside the example certificates' validity (2026-11-29 … 2029-03-03).
const INSIDE: &str = "2027-06-01T00:00:00Z";

#[test]
fn check_exits_1_on_an_error_finding_in_every_format() {
    // TLS001: `server.tls.minversion` that Go's version table does not know is fatal (error).
    let path = fixture("TLS001.yaml");
    for format in ["text", "json", "sarif"] {
        let (code, stdout, stderr) = check(
            &[
                &path, "--base", "standard", "--now", INSIDE, "--format", format,
            ],
            "",
        );
        assert_eq!(code, Some(1), "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
        match format {
            "text" => assert!(
                stdout.contains("TLS001 error") && stdout.contains("1 error(s)"),
                "{stdout}"
            ),
            "json" => assert!(json_codes(&stdout).iter().any(|c| c == "TLS001")),
            _ => {
                let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
                assert_eq!(v["version"], "2.1.0");
                let results = v["runs"][0]["results"].as_array().unwrap();
                assert!(
                    results
                        .iter()
                        .any(|r| r["ruleId"] == "TLS001" && r["level"] == "error"),
                    "{stdout}"
                );
            }
        }
    }
}

#[test]
fn check_exits_0_without_an_error_finding() {
    // The bare standard install of 3.5.1 (empty change set on stdin): warnings (TLS202, the
    // clients do not verify the repo-server) and infos only.
    for format in ["text", "json", "sarif"] {
        let (code, stdout, stderr) = check(
            &[
                "-",
                "--base",
                "standard",
                "--argocd-version",
                "3.5.1",
                "--now",
                INSIDE,
                "--format",
                format,
            ],
            "",
        );
        assert_eq!(code, Some(0), "{format}: {stderr}\n{stdout}");
        if format == "json" {
            let codes = json_codes(&stdout);
            assert!(codes.iter().any(|c| c == "TLS202"), "{codes:?}");
            let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
            assert_eq!(v["argocdVersion"], "3.5.1");
            assert_eq!(v["now"], INSIDE);
            assert!(
                v["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|f| f["severity"] != "error")
            );
        }
    }
}

#[test]
fn check_exits_2_on_unreadable_input_and_wrong_usage() {
    let (code, stdout, stderr) = check(&["-"], "garbage: [\n");
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty());
    assert!(stderr.contains("<stdin>:2:1"), "{stderr}");
    let (code, _, stderr) = check(&["/nonexistent/argocd.yaml"], "");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("/nonexistent/argocd.yaml"), "{stderr}");
    for args in [
        &["-", "--format", "xml"][..],
        &["-", "--now", "yesterday"],
        &["-", "--base", "upstream"],
        &["-", "--frobnicate"],
        &["-", "--now"],
    ] {
        let (code, stdout, stderr) = check(args, "");
        assert_eq!(code, Some(2), "{args:?}: {stdout}");
        assert!(
            stderr.starts_with("argocd-tls-planner: "),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn check_base_standard_lays_a_change_set_over_the_install() {
    let path = fixture("TLS001.yaml");
    // Without the base: only the argocd-cmd-params-cm, no workload reads it: not TLS001, but
    // TLS016 (nothing deployed, an error: a check that checked nothing must not pass).
    let (code, stdout, _) = check(&[&path, "--now", INSIDE, "--format", "json"], "");
    assert_eq!(code, Some(1), "{stdout}");
    assert_eq!(json_codes(&stdout), ["TLS016"], "{stdout}");
    // With it: argocd-server reads the bad minimum and exits.
    let (code, stdout, _) = check(
        &[
            &path,
            "--base=standard",
            "--now",
            INSIDE,
            "--format",
            "json",
        ],
        "",
    );
    assert_eq!(code, Some(1));
    assert!(json_codes(&stdout).iter().any(|c| c == "TLS001"));
}

#[test]
fn check_now_decides_certificate_expiry() {
    // TLS301.yaml's repo-server certificate is valid 2026-11-29T02:52:32Z … 2029-03-03T02:52:32Z
    // (openssl x509 -dates).
    let path = fixture("TLS301.yaml");
    let run = |now: &str| {
        let (code, stdout, stderr) = check(
            &[
                &path, "--base", "standard", "--now", now, "--format", "json",
            ],
            "",
        );
        (code, json_codes(&stdout), stderr)
    };
    let (code, codes, stderr) = run("2035-01-01T00:00:00Z");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(codes.iter().any(|c| c == "TLS301"), "{codes:?}");
    let (code, codes, stderr) = run(INSIDE);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!codes.iter().any(|c| c == "TLS301"), "{codes:?}");
}

#[test]
fn check_argocd_version_selects_the_release() {
    // TLS105: argocd-server of 2.11 advertises no ALPN (reference §: argocd-server on 2.x);
    // the same change set on 3.5.1 does not report it.
    let path = fixture("TLS105.yaml");
    let run = |version: &str| {
        let (code, stdout, stderr) = check(
            &[
                &path,
                "--base",
                "standard",
                "--argocd-version",
                version,
                "--now",
                INSIDE,
                "--format",
                "json",
            ],
            "",
        );
        assert_eq!(code, Some(0), "{version}: {stderr}");
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(v["argocdVersion"], version);
        json_codes(&stdout)
    };
    assert!(run("2.11.14").iter().any(|c| c == "TLS105"));
    assert!(!run("3.5.1").iter().any(|c| c == "TLS105"));
    let (code, _, stderr) = check(&["-", "--argocd-version", "banana"], "");
    assert_eq!(code, Some(2), "{stderr}");
}

/// `plan --rotate KIND`: the rotation of the fixture's cert-manager Secret (a `Certificate`
/// writes `argocd-repo-server-tls`) is planned with `cmctl renew`; `plan.rotation` says by when
/// (the fixture's leaf `notAfter`, 2027-03-15, minus `--margin`); a wrong kind, `--margin`
/// without `--rotate`, and a leaf under a CA whose key is not given exit 2 with the reason.
#[test]
fn plan_rotate_from_the_command_line() {
    let fixture = format!(
        "{}/tests/fixtures/timeline/cert-manager.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let common = [
        "plan",
        fixture.as_str(),
        "--base",
        "standard",
        "--argocd-version",
        "3.5.1",
        "--now",
        "2027-01-01T00:00:00Z",
    ];
    let run = |extra: &[&str]| planner(&[&common[..], extra].concat());
    let out = run(&["--rotate", "leaf", "--margin", "14d", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rotation"]["kind"], "leaf");
    assert_eq!(v["rotation"]["expires"], "2027-03-15T00:00:00Z");
    assert_eq!(v["rotation"]["renewBy"], "2027-03-01T00:00:00Z");
    let commands: Vec<&str> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["commands"].as_array().unwrap())
        .filter_map(|c| c.as_str())
        .collect();
    assert!(
        commands.contains(&"cmctl renew -n argocd argocd-repo-server"),
        "{commands:#?}"
    );
    let text = run(&["--rotate", "compromised"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(
            "Rotating argocd-repo-server-tls (argocd-repo-server-tls: cert-manager (cmctl renew))"
        ),
        "{text}"
    );
    for (extra, message) in [
        (
            &["--rotate", "sideways"][..],
            "leaf, ca, compromised or dex-leaf",
        ),
        (
            &["--target", "/nonexistent", "--margin", "3d"][..],
            "/nonexistent",
        ),
        (
            &["--margin", "3d", "--rotate", "leaf", "--target", &fixture][..],
            "posture",
        ),
    ] {
        let out = run(extra);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(message),
            "{extra:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let posture = std::env::temp_dir().join(format!("rotate-cli-{}.yaml", std::process::id()));
    std::fs::write(&posture, "tlsPolicy: {profile: modern}\n").unwrap();
    let out = run(&["--target", posture.to_str().unwrap(), "--margin", "3d"]);
    let _ = std::fs::remove_file(&posture);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--margin is for --rotate"));
}

#[test]
fn a_reader_that_went_away_is_not_a_panic() {
    // stdout is a pipe whose read end is closed before the planner starts: every write fails
    // with EPIPE (Rust ignores SIGPIPE), as when the output is piped into `head`.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_argocd-tls-planner"))
        .args([
            "inspect",
            &shared("test_fixture_certs_argocd-test-server.crt"),
            "--format",
            "json",
        ])
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
