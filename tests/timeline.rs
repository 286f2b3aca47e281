//! The timeline against REAL Go, just before and just after each instant.
//!
//! The fixtures (`tests/fixtures/timeline/*.yaml`) hold certificates made with Go's crypto/x509
//! (`tests/go/timeline-certs`, run by `generate.sh`), never by the planner, with fixed dates:
//! leaves, a client certificate and a Dex leaf expiring at several instants, an intermediate that
//! expires before its leaf, a CA rotated mid-way, cert-manager renewals. Each file is laid over
//! the standard install of its version like the interop scenarios.
//!
//! Three kinds of evidence:
//! * the instants are the dates written into the generator (hand-written here, not read from the
//!   planner), and so are the instants with an outage;
//! * for every instant and every TLS connection Go's handshake harness (`tests/go/handshake`,
//!   which derives both sides' configuration from the manifests by the behaviour reference, not
//!   from the engine) runs with `tls.Config.Time` at the instant's `before` and `after` seconds:
//!   the outcome must be the timeline's state then, and where the timeline says the connection
//!   changes, both sides' error texts must be Go's byte for byte;
//! * for every endpoint change, Go's `x509.Verify` (`tests/go`, `VerifyOptions.CurrentTime`)
//!   on the served chain at `before` and `after` must agree with the endpoint's validity and
//!   error text.

// Tests may read the environment (GO); the core may not.
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use argocd_tls_planner::{
    Installation, Outcome, Timeline, TimelineOptions, UnixTime, read_manifests, standard_install,
    timeline,
};
use serde_json::{Value, json};

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures_dir() -> PathBuf {
    crate_dir().join("tests/fixtures/timeline")
}

fn header<'a>(text: &'a str, key: &str) -> &'a str {
    let prefix = format!("# {key}: ");
    text.lines()
        .find_map(|l| l.strip_prefix(prefix.as_str()))
        .unwrap_or_else(|| panic!("no `# {key}:` header"))
        .trim()
}

struct Fixture {
    name: &'static str,
    version: String,
    overlay: Installation,
    install: Installation,
    timeline: Timeline,
}

fn fixture(name: &'static str) -> Fixture {
    let text = std::fs::read_to_string(fixtures_dir().join(format!("{name}.yaml"))).unwrap();
    let version = header(&text, "version").to_string();
    let from = UnixTime::parse_rfc3339(header(&text, "from")).unwrap();
    let until = UnixTime::parse_rfc3339(header(&text, "until")).unwrap();
    let overlay = read_manifests(&[(name, text.as_str())]).unwrap();
    let install = standard_install(&version, "argocd").overlay(overlay.clone());
    let timeline = timeline(
        &install,
        &TimelineOptions {
            from,
            until,
            margin_days: 14,
            argocd_version: Some(version.clone()),
            namespace: None,
        },
    )
    .unwrap();
    Fixture {
        name,
        version,
        overlay,
        install,
        timeline,
    }
}

/// `(fixture, every instant's date, the dates with an outage)`, from the generator's dates.
const EXPECTED: [(&str, &[&str], &[&str]); 4] = [
    (
        "staggered",
        &[
            "2027-03-01T00:00:00Z",
            "2027-05-01T00:00:00Z",
            "2027-07-01T00:00:00Z",
            "2027-09-01T00:00:00Z",
        ],
        // 2027-09-01: the repo-server's leaf expires, but its clients already fail on the
        // expired client certificate (since 2027-05-01): nothing that worked stops then.
        &[
            "2027-03-01T00:00:00Z",
            "2027-05-01T00:00:00Z",
            "2027-07-01T00:00:00Z",
        ],
    ),
    (
        "intermediate-first",
        &["2027-04-01T00:00:00Z", "2027-10-01T00:00:00Z"],
        &["2027-04-01T00:00:00Z"],
    ),
    (
        "ca-rotation",
        &[
            "2027-02-01T00:00:00Z",
            "2027-03-01T00:00:00Z",
            "2027-06-01T00:00:00Z",
        ],
        &["2027-06-01T00:00:00Z"],
    ),
    (
        // argocd-server's leaf (2026-12-01 .. 2027-03-01, renewBefore 360h) renews 2027-02-14
        // and is hot-reloaded (labelled Secret on 3.5): its expiry is no outage. The repo-server
        // leaf (2026-12-15 .. 2027-03-15, no renewBefore: a third of 90 days) renews 2027-02-13,
        // but the repo-server reads it at start: its expiry is.
        "cert-manager",
        &[
            "2027-02-13T00:00:00Z",
            "2027-02-14T00:00:00Z",
            "2027-03-01T00:00:00Z",
            "2027-03-15T00:00:00Z",
        ],
        &["2027-03-15T00:00:00Z"],
    ),
];

#[test]
fn instants_and_outages_are_the_certificates_dates() {
    for (name, instants, outages) in EXPECTED {
        let f = fixture(name);
        let at: Vec<&str> = f.timeline.instants.iter().map(|i| i.at.as_str()).collect();
        assert_eq!(at, instants, "{name}: instants");
        let out: Vec<&str> = f
            .timeline
            .instants
            .iter()
            .filter(|i| i.outage)
            .map(|i| i.at.as_str())
            .collect();
        assert_eq!(out, outages, "{name}: outages");
        let first = f.timeline.first_outage.as_ref().unwrap();
        assert_eq!(first.at, outages[0], "{name}");
        assert!(
            f.timeline.summary.starts_with(&format!(
                "The first outage is at {}: {} fails with '",
                first.at, first.what
            )),
            "{name}: {}",
            f.timeline.summary
        );
        // act before = at − 14 days
        let act = UnixTime::parse_rfc3339(&first.act_before)
            .unwrap()
            .as_secs();
        let at = UnixTime::parse_rfc3339(&first.at).unwrap().as_secs();
        assert_eq!(at - act, 14 * 86_400, "{name}");
        // Every instant's before/after bracket the change: after − before = 1 s.
        for i in &f.timeline.instants {
            let b = UnixTime::parse_rfc3339(&i.before).unwrap().as_secs();
            let a = UnixTime::parse_rfc3339(&i.after).unwrap().as_secs();
            assert_eq!(a - b, 1, "{name} {}", i.at);
        }
    }
}

#[test]
fn the_intermediate_expiring_first_breaks_the_chain_before_the_leaf() {
    let f = fixture("intermediate-first");
    let i = &f.timeline.instants[0];
    assert_eq!(i.events.len(), 1);
    assert!(i.events[0].subject.contains("Timeline Intermediate"));
    assert!(
        i.changes
            .iter()
            .any(|c| c.client == "argocd-server" && c.after.outcome == Outcome::Fails)
    );
    let leaf = f
        .timeline
        .certificates
        .iter()
        .find(|c| !c.is_ca && c.not_after.as_deref() == Some("2027-10-01T00:00:00Z"))
        .unwrap();
    assert!(
        leaf.roles
            .iter()
            .any(|r| r.component == "argocd-repo-server"),
        "{leaf:?}"
    );
}

#[test]
fn cert_manager_renewal_reaches_only_what_reloads() {
    let f = fixture("cert-manager");
    let server = f
        .timeline
        .certificates
        .iter()
        .find(|c| c.subject.contains("CN=argocd-server"))
        .unwrap();
    let r = server.renewal.as_ref().unwrap();
    assert_eq!(r.renews_at, "2027-02-14T00:00:00Z");
    assert_eq!(r.picked_up_by, ["argocd-server"]);
    assert!(r.restart_needed.is_empty(), "{r:?}");
    let repo = f
        .timeline
        .certificates
        .iter()
        .find(|c| c.not_after.as_deref() == Some("2027-03-15T00:00:00Z"))
        .unwrap();
    let r = repo.renewal.as_ref().unwrap();
    assert_eq!(r.renews_at, "2027-02-13T00:00:00Z");
    assert_eq!(r.restart_needed, ["argocd-repo-server"]);
    // 2027-03-01: argocd-server's old leaf expires, but it serves the renewed one by then.
    let i = &f.timeline.instants[2];
    assert!(!i.outage && i.endpoints.iter().all(|e| e.averted_by_renewal));
    let first = f.timeline.first_outage.as_ref().unwrap();
    assert!(
        first.action.contains("restart") && first.action.contains("argocd-repo-server"),
        "{}",
        first.action
    );
}

/// Issue 14: moving "now" moved argocd-server's generated certificate with it. The generated
/// certificates have no dates on the timeline and none in the report, whatever `from` is.
#[test]
fn generated_certificates_have_no_dates_from_now() {
    let install = standard_install("3.5.1", "argocd");
    let at = |t: &str| {
        timeline(
            &install,
            &TimelineOptions {
                from: UnixTime::parse_rfc3339(t).unwrap(),
                until: UnixTime::parse_rfc3339(t).unwrap(),
                margin_days: 14,
                argocd_version: None,
                namespace: None,
            },
        )
        .unwrap()
    };
    let (a, b) = (at("2027-01-01T00:00:00Z"), at("2031-06-01T00:00:00Z"));
    assert_eq!(a.certificates, b.certificates);
    assert!(a.instants.is_empty() && a.first_outage.is_none());
    let generated: Vec<_> = a
        .certificates
        .iter()
        .filter(|c| c.id.starts_with("generated:"))
        .collect();
    assert_eq!(generated.len(), 2, "argocd-server and repo-server");
    for g in &generated {
        assert!(g.not_before.is_none() && g.not_after.is_none(), "{g:?}");
    }
    assert!(a.notes.iter().any(|n| n.contains("argocd-secret")));
    let report = |t: &str| {
        argocd_tls_planner::resolve(
            &install,
            &argocd_tls_planner::Options {
                now: UnixTime::parse_rfc3339(t).unwrap(),
                argocd_version: None,
                namespace: None,
            },
        )
        .unwrap()
    };
    let (ra, rb) = (
        report("2027-01-01T00:00:00Z"),
        report("2031-06-01T00:00:00Z"),
    );
    assert_eq!(ra.components, rb.components);
}

/// When the persisted certificate is in the input (argocd-secret with tls.crt), its real dates
/// are on the timeline.
#[test]
fn the_persisted_certificate_in_the_input_has_its_dates() {
    let text = std::fs::read_to_string(fixtures_dir().join("staggered.yaml")).unwrap();
    let overlay = read_manifests(&[("staggered", text.as_str())]).unwrap();
    let crt = overlay.secret("argocd-server-tls").unwrap().data.clone();
    let mut install = standard_install("3.5.1", "argocd");
    install.secrets.push(argocd_tls_planner::Secret {
        name: "argocd-secret".into(),
        data: crt,
        ..Default::default()
    });
    let t = timeline(
        &install,
        &TimelineOptions {
            from: UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").unwrap(),
            until: UnixTime::parse_rfc3339("2028-01-01T00:00:00Z").unwrap(),
            margin_days: 14,
            argocd_version: None,
            namespace: None,
        },
    )
    .unwrap();
    let served = t
        .certificates
        .iter()
        .find(|c| c.roles.iter().any(|r| r.source.contains("argocd-secret")))
        .unwrap();
    assert_eq!(served.not_after.as_deref(), Some("2027-07-01T00:00:00Z"));
    assert!(
        !t.certificates
            .iter()
            .any(|c| c.id.starts_with("generated:argocd-server"))
    );
    let i = t
        .instants
        .iter()
        .find(|i| i.at == "2027-07-01T00:00:00Z")
        .unwrap();
    assert!(
        i.outage
            && i.endpoints
                .iter()
                .any(|e| e.after.component == "argocd-server")
    );
}

// ---------------------------------------------------------------------------- Go

/// The fixture's documents as the user wrote them, for the Go harness (as in tests/interop.rs):
/// ConfigMaps' and Secrets' data and the Secret mounts of overridden workloads.
fn manifest_for_go(version: &str, client: &str, server: &str, overlay: &Installation) -> Value {
    let data = |name: &str| {
        overlay
            .config_map(name)
            .map(|c| serde_json::to_value(&c.data).unwrap())
            .unwrap_or_else(|| json!({}))
    };
    let secrets: serde_json::Map<String, Value> = overlay
        .secrets
        .iter()
        .map(|s| (s.name.clone(), serde_json::to_value(&s.data).unwrap()))
        .collect();
    json!({
        "version": version,
        "client": client,
        "server": server,
        "params": data("argocd-cmd-params-cm"),
        "argocdCm": data("argocd-cm"),
        "secrets": secrets,
        "mounts": {},
    })
}

fn go_binary() -> String {
    std::env::var("GO").unwrap_or_else(|_| "go".to_string())
}

fn run_go_in(dir: &Path, input: &Value) -> Value {
    let go = go_binary();
    let mut child = Command::new(&go)
        .args(["run", "."])
        .current_dir(dir)
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "-mod=mod")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("the timeline test needs Go: could not run `{go}` ({e}); set GO")
        });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the Go program failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A connection state the timeline claims at one second, to check against Go there.
struct Claim {
    what: String,
    client: String,
    server: String,
    time: String,
    outcome: Outcome,
    /// The exact texts `(client, server)` where the timeline states them for this second.
    errors: Option<(String, Option<String>)>,
}

fn claims(f: &Fixture) -> Vec<Claim> {
    let tls_servers = ["argocd-repo-server", "argocd-dex-server"];
    let mut state: BTreeMap<(String, String), Outcome> = f
        .timeline
        .initial
        .iter()
        .filter(|c| tls_servers.contains(&c.server.as_str()))
        .map(|c| ((c.client.clone(), c.server.clone()), c.outcome))
        .collect();
    let mut out = Vec::new();
    for i in &f.timeline.instants {
        for ((client, server), outcome) in &state {
            let change = i
                .changes
                .iter()
                .find(|c| &c.client == client && &c.server == server);
            let (before, after) = match change {
                Some(c) => (c.before.outcome, c.after.outcome),
                None => (*outcome, *outcome),
            };
            let errs = |s: &argocd_tls_planner::ConnectionState| {
                s.error
                    .as_ref()
                    .map(|e| (e.client.clone(), e.server.clone()))
                    .or(Some((String::new(), None)))
            };
            for (time, outcome, errors) in [
                (&i.before, before, change.and_then(|c| errs(&c.before))),
                (&i.after, after, change.and_then(|c| errs(&c.after))),
            ] {
                out.push(Claim {
                    what: format!("{} {client}->{server} at {time}", f.name),
                    client: client.clone(),
                    server: server.clone(),
                    time: time.clone(),
                    outcome,
                    errors,
                });
            }
        }
        for c in &i.changes {
            if let Some(o) = state.get_mut(&(c.client.clone(), c.server.clone())) {
                *o = c.after.outcome;
            }
        }
    }
    out
}

#[test]
fn every_instant_agrees_with_real_go_handshakes() {
    let fixtures: Vec<Fixture> = EXPECTED.iter().map(|(n, _, _)| fixture(n)).collect();
    let mut inputs = Vec::new();
    let mut all = Vec::new();
    for f in &fixtures {
        for c in claims(f) {
            let mut input = json!({
                "manifest": manifest_for_go(&f.version, &c.client, &c.server, &f.overlay),
            });
            input["name"] = Value::String(c.what.clone());
            input["now"] = Value::String(c.time.clone());
            inputs.push(input);
            all.push(c);
        }
    }
    assert!(all.len() >= 100, "claims: {}", all.len());
    let results = run_go_in(
        &crate_dir().join("tests/go/handshake"),
        &Value::Array(inputs),
    );
    let results = results.as_array().unwrap();
    assert_eq!(results.len(), all.len());
    let mut diffs = Vec::new();
    let (mut changed, mut failing) = (0, 0);
    for (c, go) in all.iter().zip(results) {
        if let Some(h) = go["harnessError"].as_str() {
            diffs.push(format!("{}: harness: {h}", c.what));
            continue;
        }
        let go_client = go["clientError"]
            .as_str()
            .or(go["clientStartupError"].as_str())
            .or(go["serverStartupError"].as_str());
        let go_ok = go_client.is_none() && go["serverError"].is_null();
        if (c.outcome == Outcome::Ok) != go_ok {
            diffs.push(format!(
                "{}: timeline {:?}, Go {} ({go_client:?})",
                c.what,
                c.outcome,
                if go_ok { "ok" } else { "fails" }
            ));
        }
        failing += usize::from(!go_ok);
        if let Some((client, server)) = &c.errors {
            changed += 1;
            let client = (!client.is_empty()).then_some(client.as_str());
            if client != go_client || server.as_deref() != go["serverError"].as_str() {
                diffs.push(format!(
                    "{}: timeline errors {client:?} / {server:?}, Go {go_client:?} / {:?}",
                    c.what,
                    go["serverError"].as_str()
                ));
            }
        }
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    eprintln!(
        "{} claims agree with Go: {failing} failing handshakes, {changed} with exact error texts",
        all.len()
    );
    assert!(changed >= 20 && failing >= 20, "{changed} {failing}");
}

/// The served chains' validity on the timeline against Go's `x509.Verify` at `before`/`after`
/// (roots: every CA in the fixture and the top of the served chain, as the timeline documents).
#[test]
fn endpoint_changes_agree_with_go_verify() {
    let mut verifications = Vec::new();
    let mut expected = Vec::new();
    for (name, _, _) in EXPECTED {
        let f = fixture(name);
        let secret_of = |component: &str| match component {
            "argocd-server" => "argocd-server-tls",
            "argocd-repo-server" => "argocd-repo-server-tls",
            _ => "argocd-dex-server-tls",
        };
        for i in &f.timeline.instants {
            for e in &i.endpoints {
                let secret = f.install.secret(secret_of(&e.after.component)).unwrap();
                let chain = secret.data["tls.crt"].clone();
                // Every CA certificate in the fixture's Secrets, and the chain's last block.
                let mut roots = String::new();
                for s in &f.overlay.secrets {
                    for v in s.data.values() {
                        for cert in argocd_tls_planner::inspect_certificates(v)
                            .unwrap_or_default()
                            .iter()
                            .zip(pem_blocks(v))
                        {
                            if cert.0.is_ca {
                                roots += &cert.1;
                            }
                        }
                    }
                }
                roots += pem_blocks(&chain).last().unwrap();
                for (time, state) in [(&i.before, &e.before), (&i.after, &e.after)] {
                    verifications.push(json!({
                        "name": format!("{name} {} at {time}", e.after.component),
                        "rootsPem": roots, "chainPem": chain, "dnsName": "", "time": time,
                        "keyUsages": ["serverAuth"],
                    }));
                    expected.push(state.clone());
                }
            }
        }
    }
    assert!(expected.len() >= 10, "{}", expected.len());
    let out = run_go_in(
        &crate_dir().join("tests/go"),
        &json!({ "keyPairs": [], "verifications": verifications }),
    );
    let results = out["verifications"].as_array().unwrap();
    let mut diffs = Vec::new();
    for ((v, state), go) in verifications.iter().zip(&expected).zip(results) {
        let go_ok = go["ok"].as_bool().unwrap();
        let go_err = go["error"].as_str().filter(|e| !e.is_empty());
        if go_ok != state.valid || (!go_ok && go_err != state.error.as_deref()) {
            diffs.push(format!(
                "{}: timeline {} {:?}, Go {go_ok} {go_err:?}",
                v["name"], state.valid, state.error
            ));
        }
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

/// The PEM blocks of a text, each as text (for handing individual certificates to Go).
fn pem_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with("-----BEGIN ") {
            cur.clear();
        }
        cur += l;
        cur.push('\n');
        if l.starts_with("-----END ") {
            out.push(cur.clone());
        }
    }
    out
}

// ---------------------------------------------------------------------------- contract

fn timeline_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&argocd_tls_planner::timeline_json_schema()).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

#[test]
fn the_committed_timeline_schema_is_current_and_every_fixture_validates() {
    let committed = std::fs::read_to_string(crate_dir().join("pkg/timeline.schema.json")).unwrap();
    assert!(
        committed == argocd_tls_planner::timeline_json_schema(),
        "pkg/timeline.schema.json is stale: run `make docs`"
    );
    let v = timeline_validator();
    for (name, _, _) in EXPECTED {
        let t = serde_json::to_value(fixture(name).timeline).unwrap();
        assert_eq!(t["schemaVersion"], 1);
        let errors: Vec<String> = v.iter_errors(&t).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{name}: {}", errors.join("\n"));
    }
    // Not a timeline: a report, a timeline without instants, a wrong enum value.
    let mut t = serde_json::to_value(fixture("staggered").timeline).unwrap();
    assert!(v.is_valid(&t));
    t["instants"][0]["events"][0]["kind"] = json!("expired");
    assert!(!v.is_valid(&t));
    t.as_object_mut().unwrap().remove("instants");
    assert!(!v.is_valid(&t));
}

// ---------------------------------------------------------------------------- CLI

fn cli(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_argocd-tls-planner"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// `timeline --format json` is the library's timeline; the exit status says whether an outage
/// falls in the window; `check --fail-within` fails when one does, and its SARIF carries the date.
#[test]
fn cli_timeline_and_check_fail_within() {
    let path = fixtures_dir().join("staggered.yaml");
    let path = path.to_str().unwrap();
    let common = [
        "--base",
        "standard",
        "--argocd-version",
        "3.5.1",
        "--margin",
        "14d",
    ];
    let mut args = vec!["timeline", path, "--format", "json"];
    args.extend(common);
    args.extend([
        "--from",
        "2027-01-01T00:00:00Z",
        "--until",
        "2028-01-01T00:00:00Z",
    ]);
    let (code, out) = cli(&args);
    assert_eq!(code, 1, "an outage in the window");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json,
        serde_json::to_value(fixture("staggered").timeline).unwrap()
    );
    // Before the first outage's window: nothing within 30 days of 2027-01-01.
    let mut args = vec!["timeline", path];
    args.extend(common);
    args.extend(["--from", "2027-01-01T00:00:00Z", "--within", "30d"]);
    let (code, out) = cli(&args);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("No connection stops working"), "{out}");

    let check = |now: &str, within: &str| {
        cli(&[
            "check",
            path,
            "--base",
            "standard",
            "--argocd-version",
            "3.5.1",
            "--now",
            now,
            "--fail-within",
            within,
            "--format",
            "sarif",
        ])
    };
    // 2027-02-20 + 30 days covers the Dex leaf's expiry (2027-03-01); 5 days does not.
    let (code, out) = check("2027-02-20T00:00:00Z", "30d");
    assert_eq!(code, 1);
    let sarif: Value = serde_json::from_str(&out).unwrap();
    let outages: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == argocd_tls_planner::OUTAGE_RULE)
        .collect();
    assert_eq!(outages.len(), 1, "{outages:?}");
    assert_eq!(outages[0]["properties"]["date"], "2027-03-01T00:00:00Z");
    assert_eq!(
        outages[0]["properties"]["firstFailure"],
        "2027-03-01T00:00:01Z"
    );
    let (code, out) = check("2027-02-20T00:00:00Z", "5d");
    let sarif: Value = serde_json::from_str(&out).unwrap();
    assert!(
        !sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["ruleId"] == argocd_tls_planner::OUTAGE_RULE)
    );
    assert_eq!(code, 0, "no error finding and no outage within 5 days");
}

/// §3.4/§17: on 3.5 argocd-server hot-reloads only a Secret labelled
/// `app.kubernetes.io/part-of: argocd`; before 3.5 (2.7+) any Secret. With the label removed
/// from the cert-manager fixture's argocd-server-tls, 3.5.1 needs a restart after the renewal
/// and the old leaf's expiry is an outage; 2.14.21 picks the renewal up by itself.
#[test]
fn the_hot_reload_label_decides_who_sees_a_renewal() {
    let text = std::fs::read_to_string(fixtures_dir().join("cert-manager.yaml")).unwrap();
    let mut overlay = read_manifests(&[("cert-manager", text.as_str())]).unwrap();
    for s in &mut overlay.secrets {
        if s.name == "argocd-server-tls" {
            s.labels.clear();
        }
    }
    let server_leaf = |version: &str| {
        let install = standard_install(version, "argocd").overlay(overlay.clone());
        let t = timeline(
            &install,
            &TimelineOptions {
                from: UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").unwrap(),
                until: UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap(),
                margin_days: 14,
                argocd_version: Some(version.to_string()),
                namespace: None,
            },
        )
        .unwrap();
        let leaf = t
            .certificates
            .iter()
            .find(|c| c.subject.contains("CN=argocd-server"))
            .unwrap()
            .clone();
        let expiry = t
            .instants
            .iter()
            .find(|i| i.at == "2027-03-01T00:00:00Z")
            .unwrap()
            .clone();
        (leaf.renewal.unwrap(), expiry)
    };
    let (r, expiry) = server_leaf("3.5.1");
    assert_eq!(r.restart_needed, ["argocd-server"], "{r:?}");
    assert!(r.picked_up_by.is_empty());
    assert!(expiry.outage, "{expiry:?}");
    let (r, expiry) = server_leaf("2.14.21");
    assert_eq!(r.picked_up_by, ["argocd-server"], "{r:?}");
    assert!(!expiry.outage, "{expiry:?}");
}
