//! `verify` on Argo CD's own test certificates, against what Go's `Certificate.Verify` says.
//!
//! The oracle is the committed program `tests/verify_argocd/` (standard library only), which the
//! test runs with the Go under test (`$GO`) on the same files and options. The texts written
//! below are what Go 1.27.3 (`go 1.26.4` module semantics) printed; the test requires Go's
//! answer today, the written text and ours to be the same on every case.

use std::io::Write;
use std::process::{Command, Stdio};

use argocd_tls_planner::{
    Certificate, ExtKeyUsage, UnixTime, VerifyOptions, decode_pem_blocks, parse_certificate, verify,
};

use crate::keypair::go_binary;

const CERTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpora/argocd-test-certs"
);

const CA: &str = "test_fixture_certs_argocd-test-ca.crt";
const SERVER: &str = "test_fixture_certs_argocd-test-server.crt";
const CLIENT: &str = "test_fixture_certs_argocd-test-client.crt";
const E2E: &str = "test_fixture_certs_argocd-e2e-server.crt";
const VALID: &str = "util_tls_testdata_valid_tls.crt";

/// Inside the validity of the Argo CD test CA and its leaves (2025-12-18 … 2125-11-24).
const NOW: &str = "2026-11-01T00:00:00Z";

fn load(name: &str) -> Certificate {
    let text = std::fs::read_to_string(format!("{CERTS}/{name}")).expect("cert file");
    let blocks = decode_pem_blocks(&text).expect("PEM");
    parse_certificate(&blocks[0].der).expect("parses")
}

struct Case {
    label: &'static str,
    leaf: &'static str,
    roots: &'static [&'static str],
    name: &'static str,
    at: &'static str,
    client_auth: bool,
    want: &'static str,
}

/// Verifies with ours and renders the outcome as the Go program prints it.
fn ours(c: &Case) -> String {
    let roots: Vec<Certificate> = c.roots.iter().map(|r| load(r)).collect();
    let mut opts = VerifyOptions::new(
        (!c.name.is_empty()).then(|| c.name.to_string()),
        UnixTime::parse_rfc3339(c.at).expect("time"),
    );
    if c.client_auth {
        opts.key_usages = vec![ExtKeyUsage::ClientAuth];
    }
    match verify(&load(c.leaf), &[], &roots, &opts) {
        Ok(chains) => format!("OK {} chains len {}", chains.len(), chains[0].len()),
        Err(e) => e.to_string(),
    }
}

/// Runs `tests/verify_argocd` on every case; Go's line per label.
fn go(cases: &[Case]) -> Vec<(String, String)> {
    let input: String = cases
        .iter()
        .map(|c| {
            format!(
                "{}\t{}\t{}\t{}\t{}\t{}\n",
                c.label,
                c.leaf,
                c.roots.join(","),
                c.name,
                c.at,
                if c.client_auth { "clientAuth" } else { "" }
            )
        })
        .collect();
    let mut child = Command::new(go_binary())
        .args(["run", ".", CERTS])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/verify_argocd"))
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "-mod=mod")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("go run tests/verify_argocd");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write cases");
    let out = child.wait_with_output().expect("go run");
    assert!(
        out.status.success(),
        "go run tests/verify_argocd failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| {
            let (label, text) = l.split_once('\t').expect("label<TAB>outcome");
            (label.to_string(), text.to_string())
        })
        .collect()
}

#[test]
fn argocd_test_certificates_verify_as_in_go() {
    let cases = [
        Case {
            label: "server-localhost",
            leaf: SERVER,
            roots: &[CA],
            name: "localhost",
            at: NOW,
            client_auth: false,
            want: "OK 1 chains len 2",
        },
        Case {
            label: "server-reposerver",
            leaf: SERVER,
            roots: &[CA],
            name: "argocd-repo-server",
            at: NOW,
            client_auth: false,
            want: "x509: certificate is valid for localhost, argocd-e2e-server, not argocd-repo-server",
        },
        Case {
            label: "server-ip",
            leaf: SERVER,
            roots: &[CA],
            name: "10.0.0.1",
            at: NOW,
            client_auth: false,
            want: "x509: certificate is valid for 127.0.0.1, not 10.0.0.1",
        },
        Case {
            label: "server-noroots",
            leaf: SERVER,
            roots: &[],
            name: "localhost",
            at: NOW,
            client_auth: false,
            want: "x509: certificate signed by unknown authority",
        },
        Case {
            label: "server-expired",
            leaf: SERVER,
            roots: &[CA],
            name: "localhost",
            at: "2200-01-01T00:00:00Z",
            client_auth: false,
            want: "x509: certificate has expired or is not yet valid: current time 2200-01-01T00:00:00Z is after 2125-11-24T21:15:51Z",
        },
        Case {
            label: "server-not-yet-valid",
            leaf: SERVER,
            roots: &[CA],
            name: "localhost",
            at: "2025-01-01T00:00:00Z",
            client_auth: false,
            want: "x509: certificate has expired or is not yet valid: current time 2025-01-01T00:00:00Z is before 2025-12-18T21:15:51Z",
        },
        Case {
            label: "client-serverauth",
            leaf: CLIENT,
            roots: &[CA],
            name: "",
            at: NOW,
            client_auth: false,
            want: "x509: certificate specifies an incompatible key usage",
        },
        Case {
            label: "client-clientauth",
            leaf: CLIENT,
            roots: &[CA],
            name: "",
            at: NOW,
            client_auth: true,
            want: "OK 1 chains len 2",
        },
        Case {
            label: "e2e-ca",
            leaf: E2E,
            roots: &[CA],
            name: "",
            at: NOW,
            client_auth: false,
            want: "OK 1 chains len 2",
        },
        // util/tls's valid_tls.crt is valid 2021-03-15 … 2022-03-15: once after it, twice inside.
        Case {
            label: "valid-self",
            leaf: VALID,
            roots: &[VALID],
            name: "",
            at: NOW,
            client_auth: false,
            want: "x509: certificate has expired or is not yet valid: current time 2026-11-01T00:00:00Z is after 2022-03-15T08:52:27Z",
        },
        Case {
            label: "valid-cn",
            leaf: VALID,
            roots: &[VALID],
            name: "somecn",
            at: "2021-06-01T00:00:00Z",
            client_auth: false,
            want: "x509: certificate relies on legacy Common Name field, use SANs instead",
        },
        Case {
            label: "valid-other",
            leaf: VALID,
            roots: &[VALID],
            name: "other",
            at: "2021-06-01T00:00:00Z",
            client_auth: false,
            want: "x509: certificate is not valid for any names, but wanted to match other",
        },
        Case {
            label: "server-as-root",
            leaf: SERVER,
            roots: &[SERVER],
            name: "",
            at: NOW,
            client_auth: false,
            want: "OK 1 chains len 1",
        },
    ];
    let go = go(&cases);
    assert_eq!(go.len(), cases.len(), "Go answered every case: {go:?}");
    for (c, (label, go_text)) in cases.iter().zip(&go) {
        assert_eq!(label, c.label, "Go's answers are in order");
        assert_eq!(
            go_text, c.want,
            "{}: Go today vs the recorded text",
            c.label
        );
        assert_eq!(ours(c), c.want, "{}: ours vs Go", c.label);
    }
}
