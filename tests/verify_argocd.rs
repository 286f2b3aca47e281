//! `verify` on Argo CD's own test certificates, against what Go's `Certificate.Verify` said.
//!
//! The expected texts were recorded by running Go 1.27.3 (`go 1.26.4` module semantics) on the
//! same files and options (a small `x509.Certificate.Verify` program; see each case).

use argocd_tls_planner::{
    Certificate, ExtKeyUsage, UnixTime, VerifyOptions, decode_pem_blocks, parse_certificate, verify,
};

const CERTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpora/argocd-test-certs"
);

fn load(name: &str) -> Certificate {
    let text = std::fs::read_to_string(format!("{CERTS}/{name}")).expect("cert file");
    let blocks = decode_pem_blocks(&text).expect("PEM");
    parse_certificate(&blocks[0].der).expect("parses")
}

/// Verifies and renders the outcome as the Go program printed it.
fn run(
    leaf: &Certificate,
    roots: &[Certificate],
    name: &str,
    at: &str,
    ekus: &[ExtKeyUsage],
) -> String {
    let mut opts = VerifyOptions::new(
        (!name.is_empty()).then(|| name.to_string()),
        UnixTime::parse_rfc3339(at).expect("time"),
    );
    opts.key_usages = ekus.to_vec();
    match verify(leaf, &[], roots, &opts) {
        Ok(chains) => format!("OK {} chains len {}", chains.len(), chains[0].len()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn argocd_test_certificates_verify_as_in_go() {
    let ca = load("test_fixture_certs_argocd-test-ca.crt");
    let srv = load("test_fixture_certs_argocd-test-server.crt");
    let cli = load("test_fixture_certs_argocd-test-client.crt");
    let e2e = load("test_fixture_certs_argocd-e2e-server.crt");
    let valid = load("util_tls_testdata_valid_tls.crt");
    let now = "2026-11-01T00:00:00Z";
    let roots = std::slice::from_ref(&ca);
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "server-localhost",
            run(&srv, roots, "localhost", now, &[]),
            "OK 1 chains len 2",
        ),
        (
            "server-reposerver",
            run(&srv, roots, "argocd-repo-server", now, &[]),
            "x509: certificate is valid for localhost, argocd-e2e-server, not argocd-repo-server",
        ),
        (
            "server-ip",
            run(&srv, roots, "10.0.0.1", now, &[]),
            "x509: certificate is valid for 127.0.0.1, not 10.0.0.1",
        ),
        (
            "server-noroots",
            run(&srv, &[], "localhost", now, &[]),
            "x509: certificate signed by unknown authority",
        ),
        (
            "server-expired",
            run(&srv, roots, "localhost", "2200-01-01T00:00:00Z", &[]),
            "x509: certificate has expired or is not yet valid: current time 2200-01-01T00:00:00Z is after 2125-11-24T21:15:51Z",
        ),
        (
            "client-serverauth",
            run(&cli, roots, "", now, &[]),
            "x509: certificate specifies an incompatible key usage",
        ),
        (
            "client-clientauth",
            run(&cli, roots, "", now, &[ExtKeyUsage::ClientAuth]),
            "OK 1 chains len 2",
        ),
        (
            "e2e-ca",
            run(&e2e, roots, "", now, &[]),
            "OK 1 chains len 2",
        ),
        (
            "valid-self",
            run(&valid, std::slice::from_ref(&valid), "", now, &[]),
            "x509: certificate has expired or is not yet valid: current time 2026-11-01T00:00:00Z is after 2022-03-15T08:52:27Z",
        ),
        (
            "valid-cn",
            run(
                &valid,
                std::slice::from_ref(&valid),
                "somecn",
                "2021-06-01T00:00:00Z",
                &[],
            ),
            "x509: certificate relies on legacy Common Name field, use SANs instead",
        ),
        (
            "valid-other",
            run(
                &valid,
                std::slice::from_ref(&valid),
                "other",
                "2021-06-01T00:00:00Z",
                &[],
            ),
            "x509: certificate is not valid for any names, but wanted to match other",
        ),
        (
            "server-as-root",
            run(&srv, std::slice::from_ref(&srv), "", now, &[]),
            "OK 1 chains len 1",
        ),
    ];
    for (label, got, want) in cases {
        assert_eq!(got, want, "{label}");
    }
}
