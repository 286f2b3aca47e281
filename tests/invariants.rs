//! Invariants every report keeps, checked over every findings fixture, every upstream install and
//! a generated matrix of settings, Secrets and `argocd-cm` variants for three versions:
//!
//! 1. a finding that says a component exits at startup ⇔ that component has `starts: false`,
//!    and the finding carries the component's `startupError`;
//! 2. a component that does not start has no connection (as client or server) that works;
//! 3. `negotiated` is set ⇔ the outcome is `ok` and the transport is TLS;
//! 4. every failing connection has an error, and that error (or the startup error of the side
//!    that does not start) appears in a finding.
//!
//! The checks read the report as JSON, the contract consumers read, so they do not depend on the
//! Rust types behind it. The matrix is a deterministic sample: `INVARIANTS_SEED` replays one.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value;

use argocd_tls_planner::{
    CertificateRequest, Engine, GeneratedCertificate, Installation, IssuerPem, KeyAlgorithm,
    KeyEncoding, Options, RequestedKeyUsage, UnixTime, generate_certificate, read_manifests,
    resolve, standard_install,
};

const NOW: &str = "2027-06-01T00:00:00Z";

fn opts(version: Option<&str>) -> Options {
    Options {
        now: UnixTime::parse_rfc3339(NOW).unwrap(),
        argocd_version: version.map(str::to_string),
        namespace: None,
    }
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// The violations of the four invariants in one report (empty when it keeps them).
fn violations(report: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let components = report["components"].as_array().unwrap();
    let connections = report["connections"].as_array().unwrap();
    let findings = report["findings"].as_array().unwrap();
    let starts: BTreeMap<&str, bool> = components
        .iter()
        .filter(|c| c["present"].as_bool() == Some(true))
        .map(|c| (s(&c["name"]), c["starts"].as_bool().unwrap()))
        .collect();
    let about = |f: &Value, component: &str| {
        f["subjects"].as_array().unwrap().iter().any(|x| {
            let x = s(x);
            x == component
                || x.strip_prefix(component)
                    .is_some_and(|r| r.starts_with("->"))
        }) || s(&f["message"]).starts_with(component)
    };
    // 1.
    for c in components
        .iter()
        .filter(|c| c["present"].as_bool() == Some(true))
    {
        let name = s(&c["name"]);
        let exits: Vec<&Value> = findings
            .iter()
            .filter(|f| s(&f["message"]).contains(&format!("{name} exits at startup")))
            .collect();
        let started = c["starts"].as_bool().unwrap();
        if started && !exits.is_empty() {
            out.push(format!(
                "a finding says {name} exits at startup but the component starts: {}",
                s(&exits[0]["message"])
            ));
        }
        if !started {
            let err = s(&c["startupError"]);
            if err.is_empty() {
                out.push(format!("{name} does not start but has no startupError"));
            } else if !findings
                .iter()
                .any(|f| about(f, name) && s(&f["message"]).contains(err))
            {
                out.push(format!(
                    "{name} does not start ({err}) but no finding about it says so"
                ));
            }
            for f in &exits {
                if !s(&f["message"]).contains(err) {
                    out.push(format!(
                        "finding `{}` and {name}'s startupError `{err}` disagree",
                        s(&f["message"])
                    ));
                }
            }
        }
    }
    for k in connections {
        let (client, server) = (s(&k["client"]), s(&k["server"]));
        let id = format!("{client}->{server}");
        let outcome = s(&k["outcome"]);
        // 2.
        for side in [client, server] {
            if starts.get(side) == Some(&false) && outcome == "ok" {
                out.push(format!("{id} works although {side} does not start"));
            }
        }
        // 3.
        let negotiated = !k["negotiated"].is_null();
        if negotiated && outcome != "ok" {
            out.push(format!(
                "{id}: negotiated is set but the outcome is {outcome}"
            ));
        }
        if !negotiated && outcome == "ok" && s(&k["transport"]) == "tls" {
            out.push(format!("{id}: works over TLS but negotiated is null"));
        }
        // 4.
        if outcome == "fails" {
            let Some(error) = k["error"]["client"].as_str() else {
                out.push(format!("{id} fails without an error"));
                continue;
            };
            let in_finding = findings
                .iter()
                .any(|f| s(&f["message"]).contains(error) || s(&f["hint"]).contains(error));
            let down = [client, server]
                .into_iter()
                .any(|side| starts.get(side) == Some(&false));
            if !in_finding && !down {
                out.push(format!("{id} fails with `{error}`, which no finding shows"));
            }
        }
    }
    out
}

fn report_json(install: Installation, version: Option<&str>) -> Value {
    serde_json::to_value(resolve(&install, &opts(version)).unwrap()).unwrap()
}

#[test]
fn every_findings_fixture_keeps_the_invariants() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/findings");
    // The fixtures that fire each code and those where it is silent (tests/findings.rs).
    let files: Vec<String> = crate::findings::fixture_files(&dir)
        .into_iter()
        .chain(
            crate::findings::fixture_files(&dir.join("silent"))
                .into_iter()
                .map(|n| format!("silent/{n}")),
        )
        .collect();
    assert!(files.len() >= 90, "fixtures: {}", files.len());
    let mut bad = Vec::new();
    for name in &files {
        let report = serde_json::to_value(crate::findings::resolve_fixture(name)).unwrap();
        for v in violations(&report) {
            bad.push(format!("{name}: {v}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_upstream_install_keeps_the_invariants() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/upstream");
    let mut bad = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let read = read_manifests(&[(name.as_str(), text.as_str())]).unwrap();
        let install = if name.contains("docs-argocd-cmd-params-cm") {
            standard_install("3.5.1", "argocd").overlay(read)
        } else {
            read
        };
        count += 1;
        for v in violations(&report_json(install, None)) {
            bad.push(format!("{name}: {v}"));
        }
    }
    assert_eq!(count, 7, "upstream fixtures");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// A small PKI for the matrix: a CA, repo-server and Dex leaves it signs.
pub(crate) fn pki() -> &'static BTreeMap<&'static str, String> {
    static PKI: OnceLock<BTreeMap<&'static str, String>> = OnceLock::new();
    PKI.get_or_init(|| {
        let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
        let t = |x: &str| UnixTime::parse_rfc3339(x).unwrap().as_secs();
        let req = |dns: &[&str], ca: bool| CertificateRequest {
            common_name: ca.then(|| "Invariants CA".to_string()),
            organization: None,
            dns_names: dns.iter().map(|d| d.to_string()).collect(),
            ip_addresses: vec![],
            is_ca: ca,
            ext_key_usages: if ca {
                vec![]
            } else {
                vec![RequestedKeyUsage::ServerAuth]
            },
            key_algorithm: KeyAlgorithm::EcdsaP256,
            key_encoding: KeyEncoding::Traditional,
            not_before: t("2026-01-01T00:00:00Z"),
            not_after: t("2029-01-01T00:00:00Z"),
        };
        let ca = generate_certificate(&req(&[], true), None, &mut rng).unwrap();
        let issuer = IssuerPem {
            cert_pem: ca.cert_pem.clone(),
            key_pem: ca.key_pem.clone(),
        };
        let leaf = |dns: &[&str], rng: &mut _| -> GeneratedCertificate {
            generate_certificate(&req(dns, false), Some(&issuer), rng).unwrap()
        };
        let repo = leaf(&["argocd-repo-server"], &mut rng);
        let dex = leaf(&["argocd-dex-server"], &mut rng);
        BTreeMap::from([
            ("ca.crt", ca.cert_pem),
            ("repo.crt", repo.chain_pem),
            ("repo.key", repo.key_pem),
            ("dex.crt", dex.chain_pem),
            ("dex.key", dex.key_pem),
        ])
    })
}

pub(crate) fn quoted(pem: &str) -> String {
    format!("\"{}\"", pem.replace('\n', "\\n"))
}

pub(crate) fn secret(name: &str, data: &[(&str, String)]) -> String {
    let mut y = format!(
        "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  labels:\n    app.kubernetes.io/part-of: argocd\nstringData:\n"
    );
    for (k, v) in data {
        y.push_str(&format!("  {k}: {v}\n"));
    }
    y
}

/// The dimensions of the matrix: each a list of alternatives (a YAML fragment, or nothing).
fn dimensions(v3_5: bool) -> Vec<Vec<(&'static str, String)>> {
    let p = pki();
    let params = |kv: &[(&str, &str)]| {
        kv.iter()
            .map(|(k, v)| format!("  {k}: \"{v}\"\n"))
            .collect::<String>()
    };
    let mut repo_trust = vec![
        ("repo default", String::new()),
        (
            "legacy strict",
            params(&[
                ("server.repo.server.strict.tls", "true"),
                ("controller.repo.server.strict.tls", "true"),
            ]),
        ),
    ];
    if v3_5 {
        repo_trust.push((
            "ca path",
            params(&[
                (
                    "server.repo.server.ca.cert.path",
                    "/app/config/server/tls/ca.crt",
                ),
                (
                    "controller.repo.server.ca.cert.path",
                    "/app/config/controller/tls/ca.crt",
                ),
            ]),
        ));
    }
    vec![
        repo_trust,
        vec![
            ("repo tls", String::new()),
            (
                "repo plaintext both",
                params(&[
                    ("reposerver.disable.tls", "true"),
                    ("server.repo.server.plaintext", "true"),
                    ("controller.repo.server.plaintext", "true"),
                ]),
            ),
            (
                "repo plaintext server only",
                params(&[("reposerver.disable.tls", "true")]),
            ),
            (
                "repo plaintext client only",
                params(&[("server.repo.server.plaintext", "true")]),
            ),
        ],
        vec![
            ("dex default", String::new()),
            (
                "dex strict",
                params(&[("server.dex.server.strict.tls", "true")]),
            ),
            (
                "dex plaintext",
                params(&[
                    ("server.dex.server.plaintext", "true"),
                    ("dexserver.disable.tls", "true"),
                ]),
            ),
            (
                "dex https + plaintext",
                params(&[
                    ("server.dex.server.plaintext", "true"),
                    ("server.dex.server", "https://argocd-dex-server:5556"),
                ]),
            ),
            (
                "dex http address",
                params(&[("server.dex.server", "http://argocd-dex-server:5556")]),
            ),
        ],
        vec![
            ("no repo secret", String::new()),
            (
                "repo secret",
                secret(
                    "argocd-repo-server-tls",
                    &[
                        ("tls.crt", quoted(&p["repo.crt"])),
                        ("tls.key", quoted(&p["repo.key"])),
                        ("ca.crt", quoted(&p["ca.crt"])),
                    ],
                ),
            ),
            (
                "repo secret, ca.crt not PEM",
                secret(
                    "argocd-repo-server-tls",
                    &[
                        ("tls.crt", quoted(&p["repo.crt"])),
                        ("tls.key", quoted(&p["repo.key"])),
                        ("ca.crt", "\"not a certificate\"".into()),
                    ],
                ),
            ),
        ],
        vec![
            ("no dex secret", String::new()),
            (
                "dex secret",
                secret(
                    "argocd-dex-server-tls",
                    &[
                        ("tls.crt", quoted(&p["dex.crt"])),
                        ("tls.key", quoted(&p["dex.key"])),
                        ("ca.crt", quoted(&p["ca.crt"])),
                    ],
                ),
            ),
            (
                "dex secret, ca.crt not PEM",
                secret(
                    "argocd-dex-server-tls",
                    &[
                        ("tls.crt", quoted(&p["dex.crt"])),
                        ("tls.key", quoted(&p["dex.key"])),
                        ("ca.crt", "\"not a certificate\"".into()),
                    ],
                ),
            ),
            (
                "dex secret without tls.crt",
                secret("argocd-dex-server-tls", &[("ca.crt", quoted(&p["ca.crt"]))]),
            ),
        ],
        vec![
            ("no argocd-cm", String::new()),
            (
                "dex configured",
                argocd_cm(Some("https://argocd.example.com"), Some(DEX_OK)),
            ),
            ("dex.config without url", argocd_cm(None, Some(DEX_OK))),
            (
                "url without dex.config",
                argocd_cm(Some("https://argocd.example.com"), None),
            ),
            (
                "dex.config malformed",
                argocd_cm(Some("https://argocd.example.com"), Some(DEX_NO_CONNECTORS)),
            ),
            (
                "dex.config not YAML",
                argocd_cm(
                    Some("https://argocd.example.com"),
                    Some("connectors: [oops"),
                ),
            ),
        ],
    ]
}

pub(crate) const DEX_OK: &str = "connectors:\n- type: github\n  id: github\n  name: GitHub\n  config:\n    clientID: x\n    clientSecret: $dex.github.clientSecret\n";
pub(crate) const DEX_NO_CONNECTORS: &str = "logger:\n  level: debug\n";

pub(crate) fn argocd_cm(url: Option<&str>, dex: Option<&str>) -> String {
    let mut y = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cm\n  labels:\n    app.kubernetes.io/part-of: argocd\ndata:\n".to_string();
    if let Some(u) = url {
        y.push_str(&format!("  url: {u}\n"));
    }
    if let Some(d) = dex {
        y.push_str("  dex.config: |\n");
        for l in d.lines() {
            y.push_str(&format!("    {l}\n"));
        }
    }
    if url.is_none() && dex.is_none() {
        y.push_str("  {}\n");
    }
    y
}

/// SplitMix64: a tiny deterministic generator for the sample (the seed is printed).
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generated matrix: `(version, label, installation)` for `per_version` samples of each of
/// three versions.
fn matrix(seed: u64, per_version: usize) -> Vec<(&'static str, String, Installation)> {
    let mut state = seed;
    let mut out = Vec::new();
    for version in ["2.11.14", "2.14.21", "3.5.1"] {
        let dims = dimensions(version.starts_with('3'));
        for _ in 0..per_version {
            let picks: Vec<&(&str, String)> = dims
                .iter()
                .map(|d| &d[(next(&mut state) % d.len() as u64) as usize])
                .collect();
            let params: String = picks
                .iter()
                .filter(|(_, y)| y.starts_with("  "))
                .map(|(_, y)| y.as_str())
                .collect();
            let mut text = format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cmd-params-cm\n  labels:\n    app.kubernetes.io/part-of: argocd\ndata:\n{}",
                if params.is_empty() {
                    "  {}\n"
                } else {
                    params.as_str()
                }
            );
            for (_, y) in picks.iter().filter(|(_, y)| y.starts_with("---")) {
                text.push_str(y);
            }
            let label: Vec<&str> = picks.iter().map(|(l, _)| *l).collect();
            let overlay = read_manifests(&[("matrix.yaml", text.as_str())])
                .unwrap_or_else(|e| panic!("{label:?}: {e}\n{text}"));
            let install = standard_install(version, "argocd").overlay(overlay);
            out.push((version, format!("{label:?}"), install));
        }
    }
    out
}

#[test]
#[allow(clippy::disallowed_methods)] // tests may read the environment; the core may not
fn a_generated_matrix_keeps_the_invariants() {
    let seed: u64 = std::env::var("INVARIANTS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261204);
    let per_version = 150;
    let mut bad = Vec::new();
    let mut resolved = 0;
    for (version, label, install) in matrix(seed, per_version) {
        resolved += 1;
        for v in violations(&report_json(install, Some(version))) {
            bad.push(format!("{version} {label}: {v}"));
        }
    }
    assert_eq!(resolved, 3 * per_version);
    bad.sort();
    bad.dedup();
    assert!(
        bad.is_empty(),
        "seed {seed} (INVARIANTS_SEED replays it): {} violations:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// The engine that remembers (`Engine`, one for every input below, in sequence) gives the same
/// report as an engine that remembers nothing, for every findings fixture, every upstream install
/// and the generated matrix, each at its own instant and at instants years before and after it
/// (certificates not yet valid, expired: the verification table is keyed by validity windows).
#[test]
fn the_engine_memo_changes_no_report() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/findings");
    let mut inputs: Vec<(String, Installation, Options)> = Vec::new();
    for name in crate::findings::fixture_files(&dir).into_iter().chain(
        crate::findings::fixture_files(&dir.join("silent"))
            .into_iter()
            .map(|n| format!("silent/{n}")),
    ) {
        let (install, options) = crate::findings::fixture_input(&name);
        inputs.push((name, install, options));
    }
    let upstream =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/upstream");
    for entry in std::fs::read_dir(&upstream).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let read = read_manifests(&[(name.as_str(), text.as_str())]).unwrap();
        let install = if name.contains("docs-argocd-cmd-params-cm") {
            standard_install("3.5.1", "argocd").overlay(read)
        } else {
            read
        };
        inputs.push((name, install, opts(None)));
    }
    for (version, label, install) in matrix(20261204, 40) {
        inputs.push((format!("{version} {label}"), install, opts(Some(version))));
    }
    assert!(inputs.len() > 200, "inputs: {}", inputs.len());
    let year = 365 * 86_400;
    let mut engine = Engine::new();
    let mut compared = 0;
    for shift in [0, -5 * year, 3 * year, 0] {
        for (name, install, options) in &inputs {
            let mut options = options.clone();
            options.now = UnixTime::from_secs(options.now.as_secs() + shift);
            let fresh =
                serde_json::to_value(Engine::without_memo().resolve(install, &options).unwrap())
                    .unwrap();
            let remembered =
                serde_json::to_value(engine.resolve(install, &options).unwrap()).unwrap();
            assert_eq!(fresh, remembered, "{name} at {shift:+} s");
            compared += 1;
        }
    }
    assert_eq!(compared, 4 * inputs.len());
}
