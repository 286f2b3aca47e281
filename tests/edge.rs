//! The way in, against REAL nginx and a REAL Go server: for each scenario the engine resolves an
//! Ingress (ingress-nginx annotations) in front of the standard install, and the Go harness
//! (`tests/go/edge`) runs the same way in — a Go server wired as argocd-server wires port 8080
//! (TLS on or `--insecure`), Debian's nginx configured the way ingress-nginx configures that
//! `backend-protocol` (or nothing in between, for SSL passthrough), and Go clients playing the
//! browser, the `argocd` CLI over gRPC and over gRPC-web, and an API client. Every client's
//! predicted result, HTTP status chain and error text must equal what was observed.
//!
//! nginx is required: `make setup-test` installs it, and this test fails (it does not skip) when
//! it is missing. The harness's only inputs are the scenario's facts (TLS on or not, the
//! certificates, the annotation values); it never sees the engine's output.

// The test reads GO and NGINX from the environment (the core never does).
#![allow(clippy::disallowed_methods)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use argocd_tls_planner::{
    Change, ClientOutcome, ClientResult, InputSource, Installation, Options, PlanOptions,
    PostureOptions, UnixTime, WayInReport, apply_changes, base_label, plan, posture_changes,
    read_manifests, read_posture, render_plan_text, resolve_sources, standard_install,
};
use serde_json::{Value, json};

use crate::plans::resumed;

pub(crate) const HOST: &str = "argocd.example.com";

pub(crate) fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/edge")
            .join(name),
    )
    .unwrap()
}

/// One way in to run.
struct Scenario {
    name: &'static str,
    insecure: bool,
    /// ingress-nginx annotations (without the `nginx.ingress.kubernetes.io/` prefix).
    annotations: &'static [(&'static str, &'static str)],
    /// argocd-server-tls holds the `argocd.example.com` certificate (else: self-signed).
    server_cert: bool,
    /// proxy-ssl-secret's ca.crt is the `argocd.example.com` certificate.
    proxy_ca: bool,
    /// The Ingress has a `spec.tls` entry for the host (else ingress-nginx's default
    /// certificate is served).
    tls_entry: bool,
    /// argocd-server's `server.rootpath` (`""`: none).
    root_path: &'static str,
    /// The Ingress rule's Prefix path.
    ingress_path: &'static str,
    /// The path of argocd-cm's `url` (`""`: no url): the page the browser opens.
    url_path: &'static str,
}

/// The fields most scenarios leave alone.
const PLAIN: Scenario = Scenario {
    name: "",
    insecure: false,
    annotations: &[],
    server_cert: false,
    proxy_ca: false,
    tls_entry: true,
    root_path: "",
    ingress_path: "/",
    url_path: "",
};

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "http backend, TLS on (argo-cd#2953)",
        insecure: false,
        annotations: &[],
        server_cert: false,
        proxy_ca: false,
        tls_entry: true,
        ..PLAIN
    },
    Scenario {
        name: "http backend, --insecure",
        insecure: true,
        annotations: &[],
        server_cert: false,
        proxy_ca: false,
        tls_entry: true,
        ..PLAIN
    },
    Scenario {
        name: "https backend, TLS on",
        insecure: false,
        annotations: &[("backend-protocol", "HTTPS")],
        server_cert: false,
        proxy_ca: false,
        tls_entry: true,
        ..PLAIN
    },
    Scenario {
        name: "https backend, --insecure",
        insecure: true,
        annotations: &[("backend-protocol", "HTTPS")],
        server_cert: false,
        proxy_ca: false,
        tls_entry: true,
        ..PLAIN
    },
    Scenario {
        name: "grpc backend, --insecure",
        insecure: true,
        annotations: &[("backend-protocol", "GRPC")],
        server_cert: false,
        proxy_ca: false,
        tls_entry: true,
        ..PLAIN
    },
    Scenario {
        name: "grpc backend, TLS on (argo-helm#3550 shape)",
        insecure: false,
        annotations: &[("backend-protocol", "GRPC")],
        server_cert: false,
        proxy_ca: false,
        tls_entry: true,
        ..PLAIN
    },
    Scenario {
        name: "grpcs backend, TLS on",
        insecure: false,
        annotations: &[("backend-protocol", "GRPCS")],
        server_cert: false,
        proxy_ca: false,
        tls_entry: true,
        ..PLAIN
    },
    Scenario {
        name: "grpcs backend, --insecure",
        insecure: true,
        annotations: &[("backend-protocol", "GRPCS")],
        server_cert: false,
        proxy_ca: false,
        tls_entry: true,
        ..PLAIN
    },
    Scenario {
        name: "https backend verifying the self-signed server",
        insecure: false,
        annotations: &[
            ("backend-protocol", "HTTPS"),
            ("proxy-ssl-verify", "on"),
            ("proxy-ssl-secret", "argocd/argocd-server-ca"),
            ("proxy-ssl-name", HOST),
        ],
        server_cert: false,
        proxy_ca: true,
        tls_entry: true,
        ..PLAIN
    },
    Scenario {
        name: "https backend verifying argocd-server-tls",
        insecure: false,
        annotations: &[
            ("backend-protocol", "HTTPS"),
            ("proxy-ssl-verify", "on"),
            ("proxy-ssl-secret", "argocd/argocd-server-ca"),
            ("proxy-ssl-name", HOST),
        ],
        server_cert: true,
        proxy_ca: true,
        tls_entry: true,
        ..PLAIN
    },
    // ingress-nginx proxies to `upstream_balancer`: without proxy-ssl-name that is the name
    // nginx checks, which no certificate of argocd-server's carries.
    Scenario {
        name: "https backend verifying argocd-server-tls, no proxy-ssl-name",
        insecure: false,
        annotations: &[
            ("backend-protocol", "HTTPS"),
            ("proxy-ssl-verify", "on"),
            ("proxy-ssl-secret", "argocd/argocd-server-ca"),
        ],
        server_cert: true,
        proxy_ca: true,
        tls_entry: true,
        ..PLAIN
    },
    Scenario {
        name: "ssl-passthrough, self-signed server",
        insecure: false,
        annotations: &[("ssl-passthrough", "true")],
        server_cert: false,
        proxy_ca: false,
        tls_entry: true,
        ..PLAIN
    },
    Scenario {
        name: "ssl-passthrough, argocd-server-tls for the host",
        insecure: false,
        annotations: &[("ssl-passthrough", "true")],
        server_cert: true,
        proxy_ca: false,
        tls_entry: true,
        ..PLAIN
    },
    Scenario {
        name: "ssl-passthrough, --insecure",
        insecure: true,
        annotations: &[("ssl-passthrough", "true")],
        server_cert: false,
        proxy_ca: false,
        tls_entry: true,
        ..PLAIN
    },
    // Port 80 (the `browser http://` client): ssl-redirect off sends plain HTTP to the backend.
    Scenario {
        name: "http backend, TLS on, ssl-redirect false",
        insecure: false,
        annotations: &[("ssl-redirect", "false")],
        server_cert: false,
        proxy_ca: false,
        tls_entry: true,
        ..PLAIN
    },
    Scenario {
        name: "http backend, --insecure, ssl-redirect false",
        insecure: true,
        annotations: &[("ssl-redirect", "false")],
        server_cert: false,
        proxy_ca: false,
        tls_entry: true,
        ..PLAIN
    },
    // No TLS entry: the default certificate on 443, no redirect on 80 unless forced.
    Scenario {
        name: "http backend, --insecure, no tls entry",
        insecure: true,
        annotations: &[],
        server_cert: false,
        proxy_ca: false,
        tls_entry: false,
        ..PLAIN
    },
    Scenario {
        name: "http backend, --insecure, no tls entry, force-ssl-redirect",
        insecure: true,
        annotations: &[("force-ssl-redirect", "true")],
        server_cert: false,
        proxy_ca: false,
        tls_entry: false,
        ..PLAIN
    },
    Scenario {
        name: "https backend, TLS on, no tls entry, force-ssl-redirect",
        insecure: false,
        annotations: &[
            ("backend-protocol", "HTTPS"),
            ("force-ssl-redirect", "true"),
        ],
        server_cert: false,
        proxy_ca: false,
        tls_entry: false,
        ..PLAIN
    },
    // server.rootpath (argo-cd docs' "UI base path"): the Ingress at the same path, argocd-cm's
    // url under it; gRPC and gRPC-web without --grpc-web-root-path do not reach it.
    Scenario {
        name: "rootpath /argocd, Ingress path /argocd, --insecure",
        insecure: true,
        root_path: "/argocd",
        ingress_path: "/argocd",
        url_path: "/argocd",
        ..PLAIN
    },
    // The Ingress at / but argocd-server under /argocd: argocd-server's own 404 at /.
    Scenario {
        name: "rootpath /argocd, Ingress path /, --insecure",
        insecure: true,
        root_path: "/argocd",
        ..PLAIN
    },
    Scenario {
        name: "rootpath /argocd, Ingress path /argocd, https backend, TLS on",
        annotations: &[("backend-protocol", "HTTPS")],
        root_path: "/argocd",
        ingress_path: "/argocd",
        url_path: "/argocd",
        ..PLAIN
    },
    Scenario {
        name: "rootpath /argocd, http backend, TLS on",
        root_path: "/argocd",
        ingress_path: "/argocd",
        url_path: "/argocd",
        ..PLAIN
    },
];

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// The scenario as manifests laid over the standard install.
fn manifests(sc: &Scenario) -> String {
    let crt = fixture("argocd.example.com.crt");
    let key = fixture("argocd.example.com.key");
    let passthrough = sc.annotations.iter().any(|(k, _)| *k == "ssl-passthrough");
    let mut out = format!(
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cmd-params-cm\n  labels:\n    app.kubernetes.io/part-of: argocd\ndata:\n  server.insecure: \"{}\"\n",
        sc.insecure
    );
    if !sc.root_path.is_empty() {
        out.push_str(&format!("  server.rootpath: \"{}\"\n", sc.root_path));
    }
    if !sc.url_path.is_empty() {
        out.push_str(&format!(
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cm\n  labels:\n    app.kubernetes.io/part-of: argocd\ndata:\n  url: https://{HOST}{}\n",
            sc.url_path
        ));
    }
    let annotations: String = sc
        .annotations
        .iter()
        .map(|(k, v)| format!("    nginx.ingress.kubernetes.io/{k}: \"{v}\"\n"))
        .collect();
    out.push_str(&format!(
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: argocd-server\n  annotations:\n{annotations}spec:\n  ingressClassName: nginx\n  rules:\n    - host: {HOST}\n      http:\n        paths:\n          - path: {}\n            pathType: Prefix\n            backend:\n              service:\n                name: argocd-server\n                port:\n                  name: https\n",
        sc.ingress_path
    ));
    if !passthrough && sc.tls_entry {
        out.push_str(&format!(
            "  tls:\n    - hosts: [{HOST}]\n      secretName: argocd-ingress-tls\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: argocd-ingress-tls\nstringData:\n  tls.crt: |\n{}  tls.key: |\n{}",
            indent(&crt),
            indent(&key)
        ));
    }
    if sc.server_cert {
        out.push_str(&format!(
            "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: argocd-server-tls\n  labels:\n    app.kubernetes.io/part-of: argocd\nstringData:\n  tls.crt: |\n{}  tls.key: |\n{}",
            indent(&crt),
            indent(&key)
        ));
    }
    if sc.proxy_ca {
        out.push_str(&format!(
            "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: argocd-server-ca\nstringData:\n  ca.crt: |\n{}",
            indent(&crt)
        ));
    }
    out
}

fn predict(sc: &Scenario) -> WayInReport {
    let text = manifests(sc);
    let options = Options {
        now: UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap(),
        argocd_version: Some("3.5.1".to_string()),
        namespace: None,
    };
    let sources = vec![
        InputSource::new(base_label("3.5.1"), standard_install("3.5.1", "argocd")),
        InputSource::new(
            sc.name,
            read_manifests(&[(sc.name, text.as_str())]).unwrap(),
        ),
    ];
    let report = resolve_sources(&sources, &options).unwrap().1;
    assert_eq!(report.ways_in.len(), 1, "{}: {:?}", sc.name, report.ways_in);
    report.ways_in.into_iter().next().unwrap()
}

/// What the harness gets: the facts only.
fn harness_input(sc: &Scenario) -> Value {
    let crt = fixture("argocd.example.com.crt");
    let key = fixture("argocd.example.com.key");
    let get = |k: &str| {
        sc.annotations
            .iter()
            .find(|(a, _)| *a == k)
            .map(|(_, v)| *v)
    };
    let passthrough = get("ssl-passthrough") == Some("true");
    json!({
        "name": sc.name,
        "serverTls": !sc.insecure,
        "serverCertPem": if sc.server_cert { crt.as_str() } else { "" },
        "serverKeyPem": if sc.server_cert { key.as_str() } else { "" },
        "edge": if passthrough { "direct" } else { "nginx" },
        "backendProtocol": get("backend-protocol").unwrap_or("HTTP"),
        "proxySslVerify": get("proxy-ssl-verify") == Some("on"),
        "proxySslCaPem": if sc.proxy_ca { crt.as_str() } else { "" },
        "proxySslName": get("proxy-ssl-name").unwrap_or(""),
        "edgeCertPem": crt,
        "edgeKeyPem": key,
        "hasTls": sc.tls_entry && !passthrough,
        "sslRedirect": get("ssl-redirect").unwrap_or(""),
        "forceSslRedirect": get("force-ssl-redirect") == Some("true"),
        "rootPath": sc.root_path,
        "ingressPath": sc.ingress_path,
        "browserPath": if sc.url_path.is_empty() { sc.ingress_path } else { sc.url_path },
        "grpcWebRootPath": sc.root_path.trim_matches('/'),
        "host": HOST,
        "clientCaPem": crt,
    })
}

/// Runs the edge harness with argocd-server played by the Go release Argo CD 3.5.1 is built with
/// (`GO_1_26`); see [`run_harness_on`].
pub(crate) fn run_harness(inputs: &[Value]) -> Vec<Value> {
    run_harness_on(&crate::interop::go_for("3.5.1"), inputs)
}

/// Runs the edge harness (`tests/go/edge`) on the toolchain the environment variable `var` names
/// (`GO`, or an older release's `GO_1_<minor>`, which builds a copy whose `go.mod` names its own
/// release): argocd-server's side is Go's HTTP server, whose redirects changed in Go 1.26.
pub(crate) fn run_harness_on(var: &str, inputs: &[Value]) -> Vec<Value> {
    let nginx = std::env::var("NGINX").unwrap_or_else(|_| {
        if Path::new("/usr/sbin/nginx").exists() {
            "/usr/sbin/nginx".to_string()
        } else {
            "nginx".to_string()
        }
    });
    let found = Command::new(&nginx).arg("-v").output();
    assert!(
        found.is_ok_and(|o| o.status.success()),
        "the edge test needs nginx (`{nginx}`): `make setup-test` installs Debian's nginx-light; set NGINX to its path"
    );
    let go = crate::interop::go_binary_for(var, "the edge test");
    let dir = crate::interop::go_module_for(
        var,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go/edge"),
    );
    let mut child = Command::new(&go)
        .args(["run", "."])
        .current_dir(&dir)
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("NGINX", &nginx)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("the edge test needs Go: could not run `{go}` ({e}); set GO"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(inputs).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the Go edge harness failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The differences between one predicted client and what the harness observed.
pub(crate) fn compare(scenario: &str, predicted: &ClientOutcome, seen: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let mut differ = |what: &str, want: String, got: String| {
        if want != got {
            diffs.push(format!(
                "{scenario} / {}: {what}: engine {want}, observed {got}",
                predicted.client
            ));
        }
    };
    let statuses: Vec<u16> = seen["statuses"]
        .as_array()
        .map(|a| a.iter().map(|s| s.as_u64().unwrap() as u16).collect())
        .unwrap_or_default();
    let error = seen["error"].as_str();
    let grpc_status = seen["grpcStatus"].as_str();
    differ(
        "statuses",
        format!("{:?}", predicted.statuses),
        format!("{statuses:?}"),
    );
    match predicted.result {
        ClientResult::Works => {
            differ("error", "none".into(), error.unwrap_or("none").into());
            if predicted.client.starts_with("argocd-cli") {
                differ(
                    "grpc-status",
                    "0".into(),
                    grpc_status.unwrap_or("none").into(),
                );
            }
        }
        ClientResult::RedirectLoop
        | ClientResult::NotGrpc
        | ClientResult::NotFound
        | ClientResult::BadGateway
        | ClientResult::CertificateError
        | ClientResult::ConnectionClosed => {
            let want = predicted.error.clone().unwrap_or_default();
            match (predicted.client.as_str(), error) {
                // What the browser shows is Chromium's; the harness's Go client names the cause.
                ("browser" | "browser http://", Some(e)) => {
                    let same = match predicted.result {
                        ClientResult::RedirectLoop => e == "ERR_TOO_MANY_REDIRECTS",
                        ClientResult::CertificateError => e.contains("x509: "),
                        ClientResult::ConnectionClosed => e == "EOF",
                        _ => false,
                    };
                    if !same {
                        differ("error", want, e.to_string());
                    }
                }
                // A proxy error is an HTTP answer, not a Go error, outside gRPC.
                ("browser" | "browser http://" | "api-client", None)
                    if matches!(
                        predicted.result,
                        ClientResult::BadGateway
                            | ClientResult::RedirectLoop
                            | ClientResult::NotFound
                    ) => {}
                (_, Some(e)) => differ("error", want, e.to_string()),
                (_, None) => differ("error", want, "none".into()),
            }
        }
        ClientResult::Unknown => diffs.push(format!(
            "{scenario} / {}: engine predicts nothing for a modelled controller",
            predicted.client
        )),
    }
    diffs
}

#[test]
fn engine_agrees_with_real_nginx_and_go() {
    let predictions: Vec<WayInReport> = SCENARIOS.iter().map(predict).collect();
    let inputs: Vec<Value> = SCENARIOS.iter().map(harness_input).collect();
    let results = run_harness(&inputs);
    assert_eq!(results.len(), SCENARIOS.len());
    let mut diffs = Vec::new();
    let mut compared = 0;
    for ((sc, way), result) in SCENARIOS.iter().zip(&predictions).zip(&results) {
        assert!(
            result["harnessError"].is_null(),
            "{}: harness error {}",
            sc.name,
            result["harnessError"]
        );
        for predicted in &way.clients {
            let seen = result["observations"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["client"] == predicted.client.as_str())
                .unwrap_or_else(|| panic!("{}: no observation for {}", sc.name, predicted.client));
            let d = compare(sc.name, predicted, seen);
            if !d.is_empty()
                && let Some(log) = result["nginxLog"].as_str()
            {
                diffs.push(format!("  nginx: {log}"));
            }
            diffs.extend(d);
            compared += 1;
        }
    }
    // Five clients per way in, and the browser typing http:// where ingress-nginx serves port 80
    // (every scenario but passthrough).
    let passthrough = SCENARIOS
        .iter()
        .filter(|s| s.annotations.contains(&("ssl-passthrough", "true")))
        .count();
    let rooted = SCENARIOS.iter().filter(|s| !s.root_path.is_empty()).count();
    assert_eq!(compared, SCENARIOS.len() * 6 - passthrough + rooted);
    eprintln!("{compared} client outcomes equal to real nginx + Go");
    assert!(
        diffs.is_empty(),
        "engine ≠ real nginx + Go:\n{}",
        diffs.join("\n")
    );
}

/// The engine marks what was run here as observed and the rest as documented.
#[test]
fn observed_and_documented_are_marked() {
    use argocd_tls_planner::EdgeBasis;
    let nginx = predict(&SCENARIOS[0]);
    assert_eq!(nginx.basis, EdgeBasis::Observed);
    assert_eq!(nginx.controller, "ingress-nginx");
    let passthrough = predict(&SCENARIOS[11]);
    assert_eq!(passthrough.basis, EdgeBasis::Documented);
}

/// Resolves `yaml` laid over the standard install of 3.5.1.
fn resolve_yaml(name: &str, yaml: &str) -> argocd_tls_planner::Report {
    let options = Options {
        now: UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap(),
        argocd_version: Some("3.5.1".to_string()),
        namespace: None,
    };
    let sources = vec![
        InputSource::new(base_label("3.5.1"), standard_install("3.5.1", "argocd")),
        InputSource::new(name, read_manifests(&[(name, yaml)]).unwrap()),
    ];
    resolve_sources(&sources, &options).unwrap().1
}

fn results(way: &WayInReport) -> Vec<(String, ClientResult)> {
    way.clients
        .iter()
        .filter(|c| {
            !matches!(
                c.client.as_str(),
                "argocd-cli --insecure" | "browser http://"
            ) && !c.client.contains("--grpc-web-root-path")
        })
        .map(|c| (c.client.clone(), c.result))
        .collect()
}

fn expect(way: &WayInReport, want: [ClientResult; 4]) {
    let names = [
        "browser",
        "argocd-cli",
        "argocd-cli --grpc-web",
        "api-client",
    ];
    let want: Vec<(String, ClientResult)> = names
        .iter()
        .map(|n| {
            (
                n.to_string(),
                want[names.iter().position(|m| m == n).unwrap()],
            )
        })
        .collect();
    assert_eq!(results(way), want, "{}", way.name);
}

const INSECURE: &str = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cmd-params-cm\n  labels:\n    app.kubernetes.io/part-of: argocd\ndata:\n  server.insecure: \"true\"\n";

/// The reported cases of issue 15 that need other controllers than ingress-nginx: each with the
/// outcome its reporters saw. These controllers cannot be run here; the model follows their
/// documentation and marks the way in `documented`.
#[test]
fn reported_cases_through_other_controllers() {
    use ClientResult::{BadGateway, CertificateError, NotGrpc, RedirectLoop, Works};
    // argo-helm#3550: GRPCRoute (rendered by the chart as `<release>-argocd-server-grpc`) in
    // front of argocd-server with TLS on: the Gateway speaks h2c, argocd-server expects TLS.
    let gateway = "---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: eg
spec:
  gatewayClassName: eg
  listeners:
    - name: https
      protocol: HTTPS
      port: 443
      hostname: argocd.example.com
      tls:
        mode: Terminate
        certificateRefs:
          - name: argocd-gateway-tls
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: argo-cd-argocd-server-grpc
spec:
  parentRefs:
    - name: eg
      sectionName: https
  hostnames: [argocd.example.com]
  rules:
    - matches:
        - method:
            type: Exact
            service: \"\"
      backendRefs:
        - name: argo-cd-argocd-server
          port: 443
";
    let report = resolve_yaml("argo-helm-3550", gateway);
    let way = &report.ways_in[0];
    assert_eq!(way.basis, argocd_tls_planner::EdgeBasis::Documented);
    assert_eq!(way.backend_hop.as_ref().unwrap().protocol, "h2c");
    expect(way, [BadGateway, BadGateway, BadGateway, BadGateway]);
    assert!(report.findings.iter().any(|f| f.code == "TLS402"));
    // The fix the chart offers: server.insecure (it then picks the http port); the CLI works,
    // the browser does not (GRPCRoute carries gRPC only).
    let report = resolve_yaml("argo-helm-3550-fixed", &format!("{INSECURE}{gateway}"));
    expect(
        &report.ways_in[0],
        [BadGateway, Works, BadGateway, BadGateway],
    );
    assert!(report.findings.iter().any(|f| f.code == "TLS404"));
    assert!(!report.findings.iter().any(|f| f.code == "TLS402"));

    // OpenShift edge Route with TLS on: the router forwards plain HTTP (argo-cd#2953's shape).
    let route = "---
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: argocd-server
spec:
  host: argocd.apps.example.com
  to:
    kind: Service
    name: argocd-server
  port:
    targetPort: https
  tls:
    termination: edge
    insecureEdgeTerminationPolicy: Redirect
";
    let report = resolve_yaml("openshift-edge", route);
    expect(
        &report.ways_in[0],
        [RedirectLoop, NotGrpc, RedirectLoop, RedirectLoop],
    );
    assert!(report.findings.iter().any(|f| f.code == "TLS401"));
    // passthrough: argocd-server's self-signed certificate reaches the client.
    let report = resolve_yaml(
        "openshift-passthrough",
        &route.replace("termination: edge", "termination: passthrough"),
    );
    let way = &report.ways_in[0];
    expect(way, [CertificateError; 4]);
    // `argocd login --insecure` gets through.
    let insecure = way
        .clients
        .iter()
        .find(|c| c.client == "argocd-cli --insecure")
        .unwrap();
    assert_eq!(insecure.result, Works);
    let cli = way
        .clients
        .iter()
        .find(|c| c.client == "argocd-cli")
        .unwrap();
    assert_eq!(
        cli.error.as_deref(),
        Some(
            "rpc error: code = Unavailable desc = connection error: desc = \"transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate is valid for localhost, argocd-server, argocd-server.argocd, argocd-server.argocd.svc, argocd-server.argocd.svc.cluster.local, not argocd.apps.example.com\""
        )
    );
    assert!(report.findings.iter().any(|f| f.code == "TLS405"));

    // A LoadBalancer Service: clients dial argocd-cm's url host and meet argocd-server's TLS.
    let lb = "---
apiVersion: v1
kind: Service
metadata:
  name: argocd-server
spec:
  type: LoadBalancer
  ports:
    - name: https
      port: 443
      targetPort: 8080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
data:
  url: https://argocd.example.com
";
    let report = resolve_yaml("lb", lb);
    let way = &report.ways_in[0];
    assert_eq!(way.host, "argocd.example.com");
    expect(way, [CertificateError; 4]);

    // An Ingress whose controller nobody states: nothing is predicted, TLS408 says so.
    let report = resolve_yaml(
        "unknown",
        "---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: argocd
spec:
  ingressClassName: corp
  rules:
    - host: argocd.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: argocd-server
                port:
                  number: 80
",
    );
    assert_eq!(
        report.ways_in[0].basis,
        argocd_tls_planner::EdgeBasis::Unknown
    );
    assert!(report.findings.iter().any(|f| f.code == "TLS408"));
}

/// Argo CD's documented two-Ingress split for ingress-nginx: HTTP for the UI on one host,
/// GRPC for the CLI on another, argocd-server `--insecure`: each way in serves its client. (The
/// TLS Secrets are not in the input: the certificate is not checked, the note says so.)
#[test]
fn the_documented_two_ingress_split() {
    use ClientResult::{BadGateway, NotGrpc, Works};
    let ingress = |name: &str, host: &str, protocol: &str| {
        format!(
            "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n  annotations:\n    nginx.ingress.kubernetes.io/backend-protocol: \"{protocol}\"\nspec:\n  ingressClassName: nginx\n  rules:\n    - host: {host}\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: argocd-server\n                port:\n                  name: http\n  tls:\n    - hosts: [{host}]\n      secretName: {name}-tls\n"
        )
    };
    let yaml = format!(
        "{INSECURE}{}{}",
        ingress("argocd-server-http", "argocd.example.com", "HTTP"),
        ingress("argocd-server-grpc", "grpc.argocd.example.com", "GRPC")
    );
    let report = resolve_yaml("split", &yaml);
    assert_eq!(report.ways_in.len(), 2);
    expect(&report.ways_in[0], [Works, NotGrpc, Works, Works]);
    expect(
        &report.ways_in[1],
        [BadGateway, Works, BadGateway, BadGateway],
    );
}

fn client<'w>(way: &'w WayInReport, name: &str) -> &'w ClientOutcome {
    way.clients.iter().find(|c| c.client == name).unwrap()
}

fn codes(report: &argocd_tls_planner::Report) -> Vec<&str> {
    report.findings.iter().map(|f| f.code.as_str()).collect()
}

/// The argocd.example.com certificate as a Secret (`tls.crt`/`tls.key`, plus `ca.crt` for a
/// transport's roots).
fn cert_secret(name: &str) -> String {
    format!(
        "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  labels:\n    app.kubernetes.io/part-of: argocd\nstringData:\n  tls.crt: |\n{crt}  tls.key: |\n{key}  ca.crt: |\n{crt}",
        crt = indent(&fixture("argocd.example.com.crt")),
        key = indent(&fixture("argocd.example.com.key")),
    )
}

/// Traefik's `IngressRoute`, `IngressRouteTCP` and `ServersTransport`. Traefik cannot be run
/// here: the expected outcomes follow Traefik's documented CRD provider (scheme from `scheme`,
/// else https for port 443 or an `https*` port name; the endpoints' pod IPs dialled, so without
/// `serverName` the certificate is checked for an IP; system roots unless `rootCAs`;
/// `insecureSkipVerify`; 502 for a closed connection, 500 for a refused certificate) and the
/// Go behaviour of argocd-server that `engine_agrees_with_real_nginx_and_go` observes.
#[test]
fn traefik_ingress_routes() {
    use ClientResult::{BadGateway, CertificateError, NotGrpc, RedirectLoop, Works};
    // Argo CD's documented IngressRoute: the UI over http, the CLI's gRPC over h2c by a route
    // matching its content type; argocd-server --insecure.
    let documented = |api: &str| {
        format!(
            "---
apiVersion: {api}
kind: IngressRoute
metadata:
  name: argocd-server
spec:
  entryPoints: [websecure]
  routes:
    - kind: Rule
      match: Host(`argocd.example.com`)
      priority: 10
      services:
        - name: argocd-server
          port: 80
    - kind: Rule
      match: Host(`argocd.example.com`) && Header(`Content-Type`, `application/grpc`)
      priority: 11
      services:
        - name: argocd-server
          port: 80
          scheme: h2c
  tls:
    secretName: argocd-ingress-tls
"
        )
    };
    let yaml = format!(
        "{INSECURE}{}{}",
        documented("traefik.io/v1alpha1"),
        cert_secret("argocd-ingress-tls")
    );
    let report = resolve_yaml("traefik-documented", &yaml);
    let way = &report.ways_in[0];
    assert_eq!(way.kind, "IngressRoute");
    assert_eq!(way.controller, "traefik");
    assert_eq!(way.host, HOST);
    assert_eq!(way.basis, argocd_tls_planner::EdgeBasis::Documented);
    expect(way, [Works, Works, Works, Works]);
    assert!(
        !codes(&report)
            .iter()
            .any(|c| c.starts_with("TLS40") && *c != "TLS406"),
        "{:?}",
        codes(&report)
    );
    // The same with TLS on (the older API group): the UI loops on the 307, and the h2c route
    // meets the TLS listener — Traefik answers 502.
    let yaml = format!(
        "{}{}",
        documented("traefik.containo.us/v1alpha1"),
        cert_secret("argocd-ingress-tls")
    );
    let report = resolve_yaml("traefik-documented-tls-on", &yaml);
    let way = &report.ways_in[0];
    expect(way, [RedirectLoop, BadGateway, RedirectLoop, RedirectLoop]);
    assert_eq!(
        client(way, "argocd-cli").error.as_deref(),
        Some(
            "rpc error: code = Unavailable desc = unexpected HTTP status code received from server: 502 (Bad Gateway); transport: received unexpected content-type \"text/plain; charset=utf-8\""
        )
    );
    assert!(codes(&report).contains(&"TLS401") && codes(&report).contains(&"TLS402"));

    // scheme https (port 443) with Traefik's default transport: Traefik dials the pod IP and Go
    // checks the self-signed certificate for it: no IP SANs, 500 to every client.
    let route = |extra: &str| {
        format!(
            "---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata:
  name: argocd-server
spec:
  entryPoints: [websecure]
  routes:
    - kind: Rule
      match: Host(`argocd.example.com`)
      services:
        - name: argocd-server
          port: 443
{extra}  tls:
    secretName: argocd-ingress-tls
"
        )
    };
    let report = resolve_yaml(
        "traefik-https-default",
        &format!("{}{}", route(""), cert_secret("argocd-ingress-tls")),
    );
    let way = &report.ways_in[0];
    assert_eq!(way.backend_hop.as_ref().unwrap().protocol, "https/1.1");
    expect(way, [BadGateway; 4]);
    assert_eq!(client(way, "browser").statuses, vec![500]);
    assert_eq!(
        way.backend_hop.as_ref().unwrap().error.as_deref(),
        Some(
            "x509: cannot validate certificate for <pod IP> because it doesn't contain any IP SANs"
        )
    );
    assert_eq!(
        client(way, "argocd-cli").error.as_deref(),
        Some(
            "rpc error: code = Unknown desc = unexpected HTTP status code received from server: 500 (Internal Server Error); transport: received unexpected content-type \"text/plain; charset=utf-8\""
        )
    );
    assert!(codes(&report).contains(&"TLS407"));

    // insecureSkipVerify: the UI and gRPC-web work; gRPC arrives as HTTP/1.1 (404).
    let skip = "          serversTransport: argocd-skip\n";
    let yaml = format!(
        "{}{}---
apiVersion: traefik.io/v1alpha1
kind: ServersTransport
metadata:
  name: argocd-skip
spec:
  insecureSkipVerify: true
",
        route(skip),
        cert_secret("argocd-ingress-tls")
    );
    let report = resolve_yaml("traefik-https-skip", &yaml);
    expect(&report.ways_in[0], [Works, NotGrpc, Works, Works]);
    assert!(codes(&report).contains(&"TLS406") && !codes(&report).contains(&"TLS407"));

    // serverName + rootCAsSecrets (the older group's field) trusting argocd-server-tls.
    let trust = "          serversTransport: argocd-trust\n";
    let yaml = format!(
        "{}{}{}{}---
apiVersion: traefik.containo.us/v1alpha1
kind: ServersTransport
metadata:
  name: argocd-trust
spec:
  serverName: argocd.example.com
  rootCAsSecrets: [argocd-server-ca]
",
        route(trust),
        cert_secret("argocd-ingress-tls"),
        cert_secret("argocd-server-tls"),
        cert_secret("argocd-server-ca")
    );
    let report = resolve_yaml("traefik-https-trust", &yaml);
    expect(&report.ways_in[0], [Works, NotGrpc, Works, Works]);
    assert!(
        !codes(&report).contains(&"TLS406") && !codes(&report).contains(&"TLS407"),
        "{:?}",
        codes(&report)
    );
    // The same transport naming the wrong host: Go's text for the name.
    let report = resolve_yaml(
        "traefik-https-wrong-name",
        &yaml.replace(
            "serverName: argocd.example.com",
            "serverName: argocd-server.argocd.svc",
        ),
    );
    assert_eq!(
        report.ways_in[0]
            .backend_hop
            .as_ref()
            .unwrap()
            .error
            .as_deref(),
        Some("x509: certificate is valid for argocd.example.com, not argocd-server.argocd.svc")
    );

    // IngressRouteTCP with passthrough: argocd-server's own certificate reaches the client.
    let tcp = "---
apiVersion: traefik.io/v1alpha1
kind: IngressRouteTCP
metadata:
  name: argocd-server
spec:
  entryPoints: [websecure]
  routes:
    - match: HostSNI(`argocd.example.com`)
      services:
        - name: argocd-server
          port: 443
  tls:
    passthrough: true
";
    let report = resolve_yaml("traefik-tcp-self-signed", tcp);
    let way = &report.ways_in[0];
    assert_eq!(way.kind, "IngressRouteTCP");
    assert_eq!(
        way.backend_hop.as_ref().unwrap().protocol,
        "tls-passthrough"
    );
    expect(way, [CertificateError; 4]);
    let report = resolve_yaml(
        "traefik-tcp-server-cert",
        &format!("{tcp}{}", cert_secret("argocd-server-tls")),
    );
    expect(&report.ways_in[0], [Works; 4]);
    // A TCP route that terminates TLS relays each client's bytes: not predicted, and said.
    let report = resolve_yaml(
        "traefik-tcp-terminate",
        &tcp.replace("passthrough: true", "secretName: argocd-ingress-tls"),
    );
    let way = &report.ways_in[0];
    assert!(way.backend_hop.is_none());
    assert!(
        way.clients
            .iter()
            .all(|c| c.result == ClientResult::Unknown)
    );
    assert!(way.notes.iter().any(|n| n.contains("not modelled")));
}

/// `server.rootpath`: what each client needs. (The 3.5.1 outcomes are held to real nginx and Go
/// in `engine_agrees_with_real_nginx_and_go`; this names the fixes and the toolchain rule.)
#[test]
fn rootpath_needs_the_grpc_web_root_path() {
    use ClientResult::{NotFound, Works};
    let sc = SCENARIOS
        .iter()
        .find(|s| s.name == "rootpath /argocd, Ingress path /argocd, --insecure")
        .unwrap();
    let way = predict(sc);
    expect(&way, [Works, NotFound, NotFound, Works]);
    let web = client(&way, "argocd-cli --grpc-web");
    assert_eq!(
        web.error.as_deref(),
        Some(
            "rpc error: code = Unknown desc = POST https://argocd.example.com/version.VersionService/Version failed with status code 404"
        )
    );
    assert!(web.fix.as_deref().unwrap().contains("--grpc-web-root-path"));
    assert_eq!(
        client(&way, "argocd-cli --grpc-web --grpc-web-root-path argocd").result,
        Works
    );
    // Go before 1.26 answered the trailing-slash redirect with 301 (Go issue 77741); Argo CD
    // 2.14.21 is built with Go 1.24 (argocd-releases.tsv): held to the harness on that Go below.
    let yaml = manifests(sc);
    let options = Options {
        now: UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap(),
        argocd_version: Some("2.14.21".to_string()),
        namespace: None,
    };
    let sources = vec![
        InputSource::new(base_label("2.14.21"), standard_install("2.14.21", "argocd")),
        InputSource::new("old", read_manifests(&[("old", yaml.as_str())]).unwrap()),
    ];
    let report = resolve_sources(&sources, &options).unwrap().1;
    assert_eq!(
        client(&report.ways_in[0], "browser").statuses,
        vec![301, 200]
    );
    let seen = &run_harness_on(&crate::interop::go_for("2.14.21"), &[harness_input(sc)])[0];
    assert!(seen["harnessError"].is_null(), "{}", seen["harnessError"]);
    let mut diffs = Vec::new();
    for predicted in &report.ways_in[0].clients {
        let observed = seen["observations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["client"] == predicted.client.as_str())
            .unwrap_or_else(|| panic!("no observation for {}", predicted.client));
        diffs.extend(compare("2.14.21 rootpath", predicted, observed));
    }
    assert!(
        diffs.is_empty(),
        "engine ≠ nginx + Go 1.24:\n{}",
        diffs.join("\n")
    );
}

/// An Ingress at a path without `server.rootpath` (argo-cd#16811's first try): the page is
/// served, but its base href is `/`, so the assets are outside the Ingress path — ingress-nginx's
/// default backend answers 404 and the page stays blank. With `server.rootpath` the base href
/// follows it (argocd-server's command sets `--basehref` to `--rootpath`).
#[test]
fn an_ingress_path_without_rootpath_leaves_the_page_blank() {
    let sc = Scenario {
        name: "Ingress path /argocd, no rootpath, --insecure",
        insecure: true,
        ingress_path: "/argocd",
        ..PLAIN
    };
    let way = predict(&sc);
    let browser = client(&way, "browser");
    assert_eq!(browser.result, ClientResult::NotFound);
    assert_eq!(browser.statuses, vec![200, 404]);
    assert!(browser.fix.as_deref().unwrap().contains("server.rootpath"));
    let fixed = predict(&Scenario {
        root_path: "/argocd",
        ..sc
    });
    assert_eq!(client(&fixed, "browser").result, ClientResult::Works);
}

/// The plan search (issue 13) counts the ways in as connections to keep working: turning on
/// `server.insecure` behind an Ingress that speaks HTTPS to argocd-server breaks the UI and the
/// CLI there (TLS402), so no order is safe; without the Ingress the same change is safe.
#[test]
fn a_plan_keeps_the_way_in_working() {
    use argocd_tls_planner::Edit;
    let ingress = "---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: argocd-server
  annotations:
    nginx.ingress.kubernetes.io/backend-protocol: HTTPS
spec:
  ingressClassName: nginx
  rules:
    - host: argocd.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: argocd-server
                port:
                  name: https
  tls:
    - hosts: [argocd.example.com]
      secretName: argocd-ingress-tls
";
    let insecure = Change {
        id: "server-insecure".into(),
        title: "argocd-server without TLS".into(),
        edits: vec![Edit::SetConfigMapKey {
            config_map: "argocd-cmd-params-cm".into(),
            key: "server.insecure".into(),
            value: Some("true".into()),
        }],
        objects: vec![],
        after: vec![],
        waits: vec![],
    };
    let options = PlanOptions::new(Options {
        now: UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap(),
        argocd_version: Some("3.5.1".to_string()),
        namespace: None,
    });
    let base = standard_install("3.5.1", "argocd");
    let alone = plan(&base, std::slice::from_ref(&insecure), &options).unwrap();
    assert!(alone.safe, "{}", render_plan_text(&alone));
    let behind = base.overlay(read_manifests(&[("ingress", ingress)]).unwrap());
    let p = plan(&behind, std::slice::from_ref(&insecure), &options).unwrap();
    assert!(!p.safe, "{}", render_plan_text(&p));
    let last = p.steps.last().unwrap().states.last().unwrap();
    assert!(
        last.broken_ways
            .iter()
            .any(|w| w.name() == "Ingress/argocd-server / browser"),
        "{}",
        render_plan_text(&p)
    );
}

/// The posture "TLS at the Ingress, argocd-server `--insecure`" from an Ingress with
/// `backend-protocol: HTTPS` (or `GRPCS`) in front of argocd-server serving TLS: its changes and
/// its plan.
fn at_ingress(protocol: &'static str) -> (Installation, Vec<Change>, argocd_tls_planner::Plan) {
    let annotations: &'static [(&'static str, &'static str)] = match protocol {
        "HTTPS" => &[("backend-protocol", "HTTPS")],
        _ => &[("backend-protocol", "GRPCS")],
    };
    let sc = Scenario {
        name: "today",
        annotations,
        ..PLAIN
    };
    let text = manifests(&sc);
    let current =
        standard_install("3.5.1", "argocd").overlay(read_manifests(&[("today", &text)]).unwrap());
    let posture = read_posture("edge: {termination: atIngress}\n").unwrap();
    let changes = posture_changes(
        &current,
        &posture,
        &PostureOptions {
            now: UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap(),
            argocd_version: Some("3.5.1".into()),
            namespace: None,
            issued: std::collections::BTreeMap::new(),
        },
    )
    .unwrap();
    let p = plan(&current, &changes, &edge_plan_options()).unwrap();
    (current, changes, p)
}

pub(crate) fn edge_plan_options() -> PlanOptions {
    PlanOptions::new(Options {
        now: UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap(),
        argocd_version: Some("3.5.1".to_string()),
        namespace: None,
    })
}

/// Whether a client got through in the harness: no Go error, a success status at the end (a
/// client that does not follow redirects — the API client — and is left with a 307 did not get
/// through), and gRPC status 0 for the `argocd` CLI.
pub(crate) fn observed_works(o: &Value) -> bool {
    let last = o["statuses"]
        .as_array()
        .and_then(|a| a.last())
        .and_then(Value::as_u64);
    o["error"].is_null()
        && last.is_none_or(|s| s < 300)
        && (!o["client"].as_str().unwrap_or("").starts_with("argocd-cli")
            || o["grpcStatus"].as_str() == Some("0"))
}

/// The harness's scenario for argocd-server with or without TLS behind `backend-protocol`.
fn state_scenario(insecure: bool, protocol: &str) -> &'static Scenario {
    const fn sc(insecure: bool, protocol: &'static [(&'static str, &'static str)]) -> Scenario {
        Scenario {
            name: "plan state",
            insecure,
            annotations: protocol,
            ..PLAIN
        }
    }
    static ALL: [Scenario; 8] = [
        sc(false, &[("backend-protocol", "HTTPS")]),
        sc(true, &[("backend-protocol", "HTTPS")]),
        sc(false, &[("backend-protocol", "HTTP")]),
        sc(true, &[("backend-protocol", "HTTP")]),
        sc(false, &[("backend-protocol", "GRPCS")]),
        sc(true, &[("backend-protocol", "GRPCS")]),
        sc(false, &[("backend-protocol", "GRPC")]),
        sc(true, &[("backend-protocol", "GRPC")]),
    ];
    let i = ["HTTPS", "HTTP", "GRPCS", "GRPC"]
        .iter()
        .position(|p| *p == protocol)
        .unwrap();
    &ALL[2 * i + usize::from(insecure)]
}

/// Every state of the "TLS at the Ingress" plans (HTTPS and GRPCS backends) played by real nginx
/// in front of a Go server: a state breaks exactly the clients that work today through the
/// Ingress and fail, as observed, through some Ready argocd-server group (TLS on or `--insecure`
/// as the revision it started with says, the Ingress's `backend-protocol` as applied now). No
/// order is safe (argocd-server cannot serve TLS and plaintext on one port; nginx speaks one of
/// them), the plan shows the window and its last state works.
#[test]
fn tls_at_the_ingress_plans_agree_with_real_nginx_and_go() {
    let mut cases = Vec::new();
    for protocol in ["HTTPS", "GRPCS"] {
        let (current, changes, p) = at_ingress(protocol);
        let text = render_plan_text(&p);
        assert!(!p.safe, "{protocol}: a safe order?\n{text}");
        assert!(
            p.summary.contains("way in Ingress/argocd-server / "),
            "{}",
            p.summary
        );
        assert_eq!(changes.len(), 2, "{changes:#?}");
        let order: Vec<&Change> = p
            .steps
            .iter()
            .filter_map(|s| s.change.as_deref())
            .map(|id| changes.iter().find(|c| c.id == id).unwrap())
            .collect();
        let at = |r: i32| apply_changes(&current, &order[..usize::try_from(r).unwrap()]);
        let insecure = |r: i32| {
            at(r)
                .config_map("argocd-cmd-params-cm")
                .unwrap()
                .data
                .get("server.insecure")
                == Some(&"true".to_string())
        };
        let protocol_at = |r: i32| {
            at(r).edge.ingresses[0].annotations["nginx.ingress.kubernetes.io/backend-protocol"]
                .clone()
        };
        let mut states = Vec::new();
        for step in &p.steps {
            for st in &step.states {
                let groups: Vec<&'static Scenario> = st
                    .pods
                    .iter()
                    .filter(|g| g.component == "argocd-server" && g.starts)
                    .map(|g| state_scenario(insecure(g.revision), &protocol_at(st.revision)))
                    .collect();
                states.push((
                    format!("step {} {}", step.number, st.when),
                    groups,
                    st.broken_ways.clone(),
                ));
            }
        }
        assert!(
            p.steps
                .last()
                .unwrap()
                .states
                .last()
                .unwrap()
                .broken_ways
                .is_empty(),
            "{text}"
        );
        cases.push((protocol, state_scenario(false, protocol), states, text));
    }
    let mut all: Vec<&'static Scenario> = Vec::new();
    for (_, today, states, _) in &cases {
        for sc in std::iter::once(today).chain(states.iter().flat_map(|s| s.1.iter())) {
            if !all.iter().any(|x| std::ptr::eq(*x, *sc)) {
                all.push(sc);
            }
        }
    }
    let results = run_harness(&all.iter().map(|sc| harness_input(sc)).collect::<Vec<_>>());
    let works = |sc: &Scenario| -> BTreeSet<String> {
        let i = all.iter().position(|x| std::ptr::eq(*x, sc)).unwrap();
        assert!(
            results[i]["harnessError"].is_null(),
            "{}",
            results[i]["harnessError"]
        );
        results[i]["observations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| observed_works(o))
            .map(|o| o["client"].as_str().unwrap().to_string())
            .collect()
    };
    let observation = |sc: &Scenario, client: &str| -> Value {
        let i = all.iter().position(|x| std::ptr::eq(*x, sc)).unwrap();
        results[i]["observations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["client"] == client)
            .unwrap()
            .clone()
    };
    let mut broken_states = 0;
    let mut texts = 0;
    for (protocol, today, states, text) in &cases {
        let baseline = works(today);
        assert!(!baseline.is_empty(), "{protocol}: nothing works today");
        for (name, groups, broken) in states {
            let mut want: BTreeSet<String> = BTreeSet::new();
            for g in groups {
                let ok = works(g);
                want.extend(
                    baseline
                        .difference(&ok)
                        .map(|c| format!("Ingress/argocd-server / {c}")),
                );
            }
            let got: BTreeSet<String> = broken.iter().map(|w| w.name()).collect();
            assert_eq!(got, want, "{protocol} {name}\n{text}");
            broken_states += usize::from(!want.is_empty());
            // What the state says the client sees (statuses, error text) is what a Ready group
            // that breaks it gives the harness's client.
            for w in broken {
                let predicted = ClientOutcome {
                    client: w.client.clone(),
                    outcome: argocd_tls_planner::Outcome::Fails,
                    result: w.result,
                    statuses: w.statuses.clone(),
                    error: w.error.clone(),
                    fix: None,
                };
                let diffs: Vec<Vec<String>> = groups
                    .iter()
                    .map(|g| compare(name, &predicted, &observation(g, &w.client)))
                    .collect();
                assert!(
                    diffs.iter().any(Vec::is_empty),
                    "{protocol} {name}: {w:?}\n{diffs:?}"
                );
                texts += 1;
            }
        }
    }
    assert!(texts >= 2, "{texts}");
    // Each plan has a window (HTTPS: the browser, gRPC-web, the API; GRPCS: the CLI).
    assert!(broken_states >= 2, "{broken_states}");
}

/// The Ingress change is a strategic-merge patch of its annotations only (`null` removes one);
/// resumed after `k` steps, the plan gives its remaining steps.
#[test]
fn tls_at_the_ingress_patches_the_ingress_and_resumes() {
    for protocol in ["HTTPS", "GRPCS"] {
        let (current, changes, p) = at_ingress(protocol);
        let ingress = changes
            .iter()
            .find(|c| c.id == "ingress/argocd-server")
            .unwrap();
        let plain = if protocol == "HTTPS" { "HTTP" } else { "GRPC" };
        assert_eq!(
            serde_json::to_value(&ingress.objects).unwrap(),
            json!([{"how": "patch", "object": {
                "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                "metadata": {"name": "argocd-server", "namespace": "argocd", "annotations": {
                    "nginx.ingress.kubernetes.io/backend-protocol": plain}}}}])
        );
        let step = p
            .steps
            .iter()
            .find(|s| s.change.as_deref() == Some("ingress/argocd-server"))
            .unwrap();
        assert_eq!(
            step.checks
                .iter()
                .map(|c| (c.command.as_str(), c.expect.as_str()))
                .collect::<Vec<_>>(),
            [(
                "kubectl -n argocd get ingress argocd-server -o jsonpath='{.metadata.annotations.nginx\\.ingress\\.kubernetes\\.io/backend-protocol}'",
                plain
            )]
        );
        resumed(&current, &changes, &p, edge_plan_options, protocol);
    }
    // ssl-passthrough is removed (TLS now ends at nginx, with the Ingress's certificate).
    let sc = Scenario {
        name: "passthrough",
        annotations: &[("ssl-passthrough", "true")],
        ..PLAIN
    };
    let text = manifests(&sc);
    let current =
        standard_install("3.5.1", "argocd").overlay(read_manifests(&[("p", &text)]).unwrap());
    let options = PostureOptions {
        now: UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap(),
        argocd_version: Some("3.5.1".into()),
        namespace: None,
        issued: std::collections::BTreeMap::new(),
    };
    let posture = read_posture("edge: {termination: atIngress}\n").unwrap();
    let changes = posture_changes(&current, &posture, &options).unwrap();
    let object = &changes
        .iter()
        .find(|c| c.id == "ingress/argocd-server")
        .unwrap()
        .objects[0];
    assert_eq!(
        object.object["metadata"]["annotations"],
        json!({"nginx.ingress.kubernetes.io/ssl-passthrough": null})
    );
    // Another controller: not planned, said so.
    let traefik = text.replace("ingressClassName: nginx", "ingressClassName: traefik");
    let current =
        standard_install("3.5.1", "argocd").overlay(read_manifests(&[("t", &traefik)]).unwrap());
    let e = posture_changes(&current, &posture, &options).unwrap_err();
    assert!(e.to_string().contains("served by traefik"), "{e}");
}

/// `passthrough` from TLS at the Ingress (`--insecure`, HTTP backend), with argocd-server's
/// certificate from cert-manager: the Certificate carries the Ingress's host, the Ingress passes
/// TLS through, argocd-server serves TLS again, and the last state works through the Ingress.
#[test]
fn passthrough_with_a_cert_manager_certificate_for_the_host() {
    let sc = Scenario {
        name: "today",
        insecure: true,
        ..PLAIN
    };
    let text = manifests(&sc);
    let current =
        standard_install("3.5.1", "argocd").overlay(read_manifests(&[("today", &text)]).unwrap());
    let posture = read_posture(
        "edge: {termination: passthrough}\nserver:\n  certificate: {from: certManager, issuer: {name: letsencrypt, kind: ClusterIssuer}}\n",
    )
    .unwrap();
    let changes = posture_changes(
        &current,
        &posture,
        &PostureOptions {
            now: UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap(),
            argocd_version: Some("3.5.1".into()),
            namespace: None,
            issued: std::collections::BTreeMap::new(),
        },
    )
    .unwrap();
    let p = plan(&current, &changes, &edge_plan_options()).unwrap();
    let text = render_plan_text(&p);
    let cert = changes
        .iter()
        .find(|c| c.id == "certificate/argocd-server-tls")
        .unwrap();
    let dns = &cert.objects[0].object["spec"]["dnsNames"];
    assert!(dns.as_array().unwrap().contains(&json!(HOST)), "{dns}");
    let ingress = changes
        .iter()
        .find(|c| c.id == "ingress/argocd-server")
        .unwrap();
    assert_eq!(
        ingress.objects[0].object["metadata"]["annotations"],
        json!({"nginx.ingress.kubernetes.io/backend-protocol": "HTTPS",
               "nginx.ingress.kubernetes.io/ssl-passthrough": "true"})
    );
    assert!(
        changes
            .iter()
            .any(|c| c.id == "cmd-params/edge/argocd-server")
    );
    let last = p.steps.last().unwrap().states.last().unwrap();
    assert!(last.broken_ways.is_empty(), "{text}");
    assert!(!p.safe, "{text}");
    // Every state against real nginx (or nothing in between, for passthrough) and the Go server:
    // TLS groups serve a certificate for the host (the harness's, trusted by its clients).
    static STATES: [Scenario; 4] = [
        Scenario {
            name: "plaintext, HTTP",
            insecure: true,
            ..PLAIN
        },
        Scenario {
            name: "TLS, HTTP",
            server_cert: true,
            ..PLAIN
        },
        Scenario {
            name: "plaintext, passthrough",
            insecure: true,
            annotations: &[("ssl-passthrough", "true"), ("backend-protocol", "HTTPS")],
            ..PLAIN
        },
        Scenario {
            name: "TLS, passthrough",
            server_cert: true,
            annotations: &[("ssl-passthrough", "true"), ("backend-protocol", "HTTPS")],
            ..PLAIN
        },
    ];
    let order: Vec<&Change> = p
        .steps
        .iter()
        .filter_map(|s| s.change.as_deref())
        .map(|id| changes.iter().find(|c| c.id == id).unwrap())
        .collect();
    let at = |r: i32| apply_changes(&current, &order[..usize::try_from(r).unwrap()]);
    let results = run_harness(&STATES.iter().map(harness_input).collect::<Vec<_>>());
    let works = |i: usize| -> BTreeSet<String> {
        assert!(
            results[i]["harnessError"].is_null(),
            "{}",
            results[i]["harnessError"]
        );
        results[i]["observations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| observed_works(o))
            .map(|o| o["client"].as_str().unwrap().to_string())
            .collect()
    };
    let baseline = works(0);
    let mut broken_states = 0;
    for step in &p.steps {
        for st in &step.states {
            let passthrough = at(st.revision).edge.ingresses[0]
                .annotations
                .contains_key("nginx.ingress.kubernetes.io/ssl-passthrough");
            let mut want = BTreeSet::new();
            for g in st
                .pods
                .iter()
                .filter(|g| g.component == "argocd-server" && g.starts)
            {
                let tls = !at(g.revision)
                    .config_map("argocd-cmd-params-cm")
                    .unwrap()
                    .data
                    .contains_key("server.insecure");
                let i = 2 * usize::from(passthrough) + usize::from(tls);
                let ok = works(i);
                // Passthrough has no port 80 (no `browser http://` client): only what was played.
                let played = |c: &&String| {
                    results[i]["observations"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|o| o["client"] == c.as_str())
                };
                want.extend(
                    baseline
                        .difference(&ok)
                        .filter(played)
                        .map(|c| format!("Ingress/argocd-server / {c}")),
                );
            }
            let got: BTreeSet<String> = st.broken_ways.iter().map(|w| w.name()).collect();
            assert_eq!(got, want, "step {} {}\n{text}", step.number, st.when);
            broken_states += usize::from(!want.is_empty());
        }
    }
    assert!(broken_states >= 2, "{broken_states}");
}
