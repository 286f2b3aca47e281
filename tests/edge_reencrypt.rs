//! Re-encrypt with a `BackendTLSPolicy` (issue 15, Gateway API): from TLS at the Gateway with
//! argocd-server `--insecure`, the posture `edge: {termination: reencrypt}` adds a ConfigMap with
//! the CA of argocd-server's new certificate and a `BackendTLSPolicy` verifying argocd-server for
//! its hostname, and turns TLS on at argocd-server.
//!
//! No Gateway implementation runs here, so the engine's Gateway predictions are `documented`.
//! What is run for real (`tests/go/edge`):
//! - argocd-server's side: a Go server serving the certificate the plan made, and a Go client
//!   checking it the way the policy asks — the ConfigMap's CA as roots, the policy's hostname as
//!   SNI and verification name (a stand-in for the Gateway's check, which is not Go's: Envoy and
//!   nginx check the chain and the DNS SANs too, neither reads the Common Name) — and the same
//!   with a hostname the certificate lacks, whose Go error the engine predicts word for word;
//! - every state of the plan through nginx configured as NGINX Gateway Fabric configures an
//!   HTTPRoute backend with and without a BackendTLSPolicy (`proxy_pass http://` or `https://`
//!   with `proxy_ssl_verify on`, `proxy_ssl_trusted_certificate`, `proxy_ssl_name` and
//!   `proxy_ssl_server_name on`) in front of the Go server: the clients that stop working in
//!   each state are exactly the plan's broken ways in.

use std::collections::{BTreeMap, BTreeSet};

use argocd_tls_planner::{
    Change, ClientResult, Installation, Options, Plan, PlanOptions, PostureOptions, UnixTime,
    apply_changes, issuance_requests, plan, posture_changes, read_manifests, read_posture,
    render_plan_text, resolve, stand_in_issued, standard_install,
};
use serde_json::{Value, json};

use crate::edge::{HOST, fixture, observed_works, run_harness};
use crate::plans::resumed;

/// The instant the certificates start at and every state is resolved at: an hour before the
/// machine's clock (floored to the hour, so one run plans one way), since the Go clients and
/// nginx check the certificates the plan made against the real time.
#[allow(clippy::disallowed_methods)]
fn now() -> UnixTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    UnixTime::from_secs(i64::try_from(secs / 3600 * 3600 - 3600).unwrap())
}

fn edge_plan_options() -> PlanOptions {
    PlanOptions::new(Options {
        now: now(),
        argocd_version: Some("3.5.1".to_string()),
        namespace: None,
    })
}

const WAY: &str = "Gateway/argocd + HTTPRoute/argocd-server";
const HOSTNAME: &str = "argocd-server.argocd.svc";

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}\n")).collect()
}

/// Today: TLS at the Gateway (an HTTPS listener with the host's certificate), an HTTPRoute to
/// argocd-server's port 80, argocd-server `--insecure`.
fn today() -> Installation {
    let yaml = format!(
        "---
apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cmd-params-cm
  labels:
    app.kubernetes.io/part-of: argocd
data:
  server.insecure: \"true\"
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: argocd
spec:
  gatewayClassName: eg
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      hostname: {HOST}
      tls:
        mode: Terminate
        certificateRefs:
          - name: argocd-gateway-tls
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: argocd-server
spec:
  parentRefs:
    - name: argocd
  hostnames: [{HOST}]
  rules:
    - backendRefs:
        - name: argocd-server
          port: 80
---
apiVersion: v1
kind: Secret
metadata:
  name: argocd-gateway-tls
stringData:
  tls.crt: |
{}  tls.key: |
{}",
        indent(&fixture("argocd.example.com.crt")),
        indent(&fixture("argocd.example.com.key")),
    );
    standard_install("3.5.1", "argocd").overlay(read_manifests(&[("today", &yaml)]).unwrap())
}

fn posture_options() -> PostureOptions {
    PostureOptions {
        now: now(),
        argocd_version: Some("3.5.1".into()),
        namespace: None,
        issued: BTreeMap::new(),
    }
}

/// The posture's changes (certificates made here are deterministic stand-ins) and its plan.
fn reencrypt(posture: &str) -> (Installation, Vec<Change>, Plan) {
    let current = today();
    let posture = read_posture(posture).unwrap();
    let mut options = posture_options();
    let requests = issuance_requests(&current, &posture, &options).unwrap();
    options.issued = stand_in_issued(&requests, b"edge-reencrypt").unwrap();
    let changes = posture_changes(&current, &posture, &options).unwrap();
    let p = plan(&current, &changes, &edge_plan_options()).unwrap();
    (current, changes, p)
}

const GENERATED: &str = "edge: {termination: reencrypt}\nserver: {certificate: {from: generate}}\n";

fn ordered<'c>(p: &Plan, changes: &'c [Change]) -> Vec<&'c Change> {
    p.steps
        .iter()
        .filter_map(|s| s.change.as_deref())
        .map(|id| changes.iter().find(|c| c.id == id).unwrap())
        .collect()
}

/// What the harness gets for argocd-server behind the Gateway stand-in: TLS on or not (with
/// the certificate and key, `None`: argocd-server's self-signed one), and the policy (the CA and
/// the hostname) if there is one.
fn gateway_input(
    name: &str,
    server_tls: bool,
    server: Option<(&str, &str)>,
    policy: Option<(&str, &str)>,
) -> Value {
    let (crt, key) = server.unwrap_or(("", ""));
    let (ca, hostname) = policy.unwrap_or(("", ""));
    json!({
        "name": name,
        "serverTls": server_tls,
        "serverCertPem": crt,
        "serverKeyPem": key,
        "edge": "nginx",
        "backendProtocol": if policy.is_some() { "HTTPS" } else { "HTTP" },
        "proxySslVerify": policy.is_some(),
        "proxySslCaPem": ca,
        "proxySslName": hostname,
        "proxySslServerName": policy.is_some(),
        "noPlainHttp": true,
        "edgeCertPem": fixture("argocd.example.com.crt"),
        "edgeKeyPem": fixture("argocd.example.com.key"),
        "hasTls": true,
        "sslRedirect": "",
        "forceSslRedirect": false,
        "rootPath": "",
        "ingressPath": "/",
        "browserPath": "/",
        "grpcWebRootPath": "",
        "host": HOST,
        "clientCaPem": fixture("argocd.example.com.crt"),
    })
}

/// A Go client dialling argocd-server directly as the policy asks: `host` as SNI and name,
/// `ca` as the only root.
fn direct_input(name: &str, crt: &str, key: &str, ca: &str, host: &str) -> Value {
    json!({
        "name": name,
        "serverTls": true,
        "serverCertPem": crt,
        "serverKeyPem": key,
        "edge": "direct",
        "backendProtocol": "HTTPS",
        "edgeCertPem": "",
        "edgeKeyPem": "",
        "hasTls": false,
        "ingressPath": "/",
        "browserPath": "/",
        "host": host,
        "clientCaPem": ca,
    })
}

fn works(result: &Value) -> BTreeSet<String> {
    assert!(
        result["harnessError"].is_null(),
        "{}",
        result["harnessError"]
    );
    result["observations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| observed_works(o))
        .map(|o| o["client"].as_str().unwrap().to_string())
        .collect()
}

/// The objects, the order's window, the live checks, the certificate's names and resuming.
#[test]
fn reencrypt_emits_the_policy_and_the_ca_and_resumes() {
    let (current, changes, p) = reencrypt(GENERATED);
    let text = render_plan_text(&p);
    let ids: BTreeSet<&str> = changes.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        BTreeSet::from([
            "secret/argocd-server-tls",
            "configmap/argocd-server-ca",
            "backendtlspolicy/argocd-server",
            "cmd-params/edge/argocd-server",
        ]),
        "{text}"
    );
    let find = |id: &str| changes.iter().find(|c| c.id == id).unwrap();
    // The Secret's CA is the ConfigMap's; its certificate names the policy's hostname.
    let secret = &find("secret/argocd-server-tls").objects[0].object;
    let ca = secret["stringData"]["ca.crt"]
        .as_str()
        .or_else(|| secret["data"]["ca.crt"].as_str())
        .unwrap()
        .to_string();
    let cm = &find("configmap/argocd-server-ca").objects[0];
    assert_eq!(
        serde_json::to_value(cm).unwrap(),
        json!({"how": "apply", "object": {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "argocd-server-ca", "namespace": "argocd"},
            "data": {"ca.crt": ca}}})
    );
    let policy = &find("backendtlspolicy/argocd-server").objects[0];
    assert_eq!(
        serde_json::to_value(policy).unwrap(),
        json!({"how": "apply", "object": {
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "BackendTLSPolicy",
            "metadata": {"name": "argocd-server", "namespace": "argocd"},
            "spec": {
                "targetRefs": [{"group": "", "kind": "Service", "name": "argocd-server"}],
                "validation": {
                    "caCertificateRefs": [{"group": "", "kind": "ConfigMap", "name": "argocd-server-ca"}],
                    "hostname": HOSTNAME}}}})
    );
    // No safe order: argocd-server serves TLS or plaintext on its port, the Gateway speaks one.
    assert!(!p.safe, "{text}");
    assert!(
        p.summary.contains(&format!("way in {WAY} / ")),
        "{}",
        p.summary
    );
    assert!(!p.naive.safe, "{text}");
    let last = p.steps.last().unwrap().states.last().unwrap();
    assert!(last.broken_ways.is_empty(), "{text}");
    // The policy's live checks: the Gateway resolved the ConfigMap and accepted the policy.
    let step = p
        .steps
        .iter()
        .find(|s| s.change.as_deref() == Some("backendtlspolicy/argocd-server"))
        .unwrap();
    assert_eq!(
        step.checks
            .iter()
            .map(|c| c.expect.as_str())
            .collect::<Vec<_>>(),
        ["True", "True"],
        "{text}"
    );
    assert!(step.checks[0].command.contains("ResolvedRefs"), "{text}");
    // The server serves its new certificate after its restart (the fingerprint check).
    assert!(
        p.steps
            .iter()
            .any(|s| s.restarts.iter().any(|r| r == "argocd-server")
                && s.checks.iter().any(|c| c.command.contains("fingerprint"))),
        "{text}"
    );
    // Resumed after k steps, the plan gives the remaining steps.
    resumed(&current, &changes, &p, edge_plan_options, "reencrypt");
    // A hostname of the operator's: in the policy, and in the certificate (the Gateway's check
    // passes in the last state).
    let (_, changes, custom) = reencrypt(
        "edge: {termination: reencrypt, hostname: argocd.internal.example}\nserver: {certificate: {from: generate}}\n",
    );
    let policy = &changes
        .iter()
        .find(|c| c.id == "backendtlspolicy/argocd-server")
        .unwrap()
        .objects[0]
        .object;
    assert_eq!(
        policy["spec"]["validation"]["hostname"],
        "argocd.internal.example"
    );
    assert!(
        custom
            .steps
            .last()
            .unwrap()
            .states
            .last()
            .unwrap()
            .broken_ways
            .is_empty(),
        "{}",
        render_plan_text(&custom)
    );
    // cert-manager writes the CA in the cluster: the ConfigMap is copied from its Secret.
    let (_, changes, p) = reencrypt(
        "edge: {termination: reencrypt}\nserver: {certificate: {from: certManager, createCaIssuer: true}}\n",
    );
    let cm = changes
        .iter()
        .find(|c| c.id == "configmap/argocd-server-ca")
        .unwrap();
    assert!(cm.objects.is_empty());
    assert_eq!(cm.after, ["certificate/argocd-server-tls"]);
    assert!(
        cm.waits[0].contains("get secret argocd-server-tls -o jsonpath='{.data.ca\\.crt}'"),
        "{}",
        cm.waits[0]
    );
    assert!(
        p.steps
            .last()
            .unwrap()
            .states
            .last()
            .unwrap()
            .broken_ways
            .is_empty()
    );
    // Without a Gateway route, or without server.certificate: refused, said so.
    let options = posture_options();
    let e = posture_changes(
        &standard_install("3.5.1", "argocd"),
        &read_posture(
            "edge: {termination: reencrypt}\nserver: {certificate: {from: certManager, createCaIssuer: true}}\n",
        )
        .unwrap(),
        &options,
    )
    .unwrap_err();
    assert!(e.to_string().contains("no HTTPRoute or GRPCRoute"), "{e}");
    let e = posture_changes(
        &today(),
        &read_posture("edge: {termination: reencrypt}\n").unwrap(),
        &options,
    )
    .unwrap_err();
    assert!(e.to_string().contains("needs `server.certificate`"), "{e}");
}

/// argocd-server's side for real: the Go server serves the plan's certificate; a Go client with
/// the ConfigMap's CA and the policy's hostname as SNI and name gets through with every client;
/// with a hostname the certificate lacks, Go's error is the engine's prediction for the
/// Gateway's check.
#[test]
fn the_policy_verifies_the_plans_certificate_in_go() {
    let (current, changes, p) = reencrypt(GENERATED);
    let end = apply_changes(&current, &ordered(&p, &changes));
    let secret = end.secret("argocd-server-tls").unwrap();
    let (crt, key) = (&secret.data["tls.crt"], &secret.data["tls.key"]);
    let ca = &end.config_map("argocd-server-ca").unwrap().data["ca.crt"];
    assert_eq!(end.edge.backend_tls_policies[0].hostname, HOSTNAME);
    // The engine on the end state: the Gateway verifies, every client works (documented).
    let options = Options {
        now: now(),
        argocd_version: Some("3.5.1".into()),
        namespace: None,
    };
    let report = resolve(&end, &options).unwrap();
    let way = report.ways_in.iter().find(|w| w.name == WAY).unwrap();
    let hop = way.backend_hop.as_ref().unwrap();
    assert_eq!(hop.protocol, "https/1.1");
    assert_eq!(hop.error, None);
    assert_eq!(way.basis, argocd_tls_planner::EdgeBasis::Documented);
    // A hostname the certificate does not carry: the engine's text for the Gateway's check.
    let wrong = "argocd.wrong.example";
    let mut misnamed = end.clone();
    misnamed.edge.backend_tls_policies[0].hostname = wrong.into();
    let report = resolve(&misnamed, &options).unwrap();
    let way = report.ways_in.iter().find(|w| w.name == WAY).unwrap();
    let predicted = way.backend_hop.as_ref().unwrap().error.clone().unwrap();
    assert!(
        way.clients
            .iter()
            .all(|c| c.result == ClientResult::BadGateway),
        "{:?}",
        way.clients
    );
    let results = run_harness(&[
        direct_input("the policy's check", crt, key, ca, HOSTNAME),
        direct_input("a hostname the certificate lacks", crt, key, ca, wrong),
    ]);
    let ok = works(&results[0]);
    assert_eq!(
        ok,
        BTreeSet::from(
            [
                "browser",
                "api-client",
                "argocd-cli",
                "argocd-cli --insecure",
                "argocd-cli --grpc-web"
            ]
            .map(String::from)
        ),
        "{}",
        results[0]
    );
    let cli = results[1]["observations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["client"] == "argocd-cli")
        .unwrap();
    let seen = cli["error"].as_str().unwrap();
    assert!(
        seen.ends_with(&format!("tls: failed to verify certificate: {predicted}\"")),
        "Go: {seen}\nengine: {predicted}"
    );
}

/// Every state and mixed state of the plan through nginx standing in for the Gateway (with the
/// policy as NGINX Gateway Fabric writes it, or plain HTTP without it) in front of the Go server
/// (TLS on with the certificate its revision has, or `--insecure`): the plan's broken ways in
/// are exactly the clients that work today and fail, as observed, through a Ready group. The
/// naive order (everything at once) breaks too.
#[test]
fn reencrypt_plan_states_agree_with_nginx_and_go() {
    let (current, changes, p) = reencrypt(GENERATED);
    let text = render_plan_text(&p);
    let order = ordered(&p, &changes);
    let at = |r: i32| apply_changes(&current, &order[..usize::try_from(r).unwrap()]);
    // (TLS on, the Secret present at the group's start, the policy present now)
    type Key = (bool, bool, bool);
    let mut keys: Vec<Key> = vec![(false, false, false)];
    let mut states: Vec<(String, Vec<Key>, BTreeSet<String>)> = Vec::new();
    for step in &p.steps {
        for st in &step.states {
            let now = at(st.revision);
            let policy = !now.edge.backend_tls_policies.is_empty();
            let groups: Vec<Key> = st
                .pods
                .iter()
                .filter(|g| g.component == "argocd-server" && g.starts)
                .map(|g| {
                    let started = at(g.revision);
                    let tls = !started
                        .config_map("argocd-cmd-params-cm")
                        .unwrap()
                        .data
                        .contains_key("server.insecure");
                    (
                        tls,
                        tls && started.secret("argocd-server-tls").is_some(),
                        policy,
                    )
                })
                .collect();
            for k in &groups {
                if !keys.contains(k) {
                    keys.push(*k);
                }
            }
            states.push((
                format!("step {} {}", step.number, st.when),
                groups,
                st.broken_ways.iter().map(|w| w.name()).collect(),
            ));
        }
    }
    let end = at(i32::try_from(order.len()).unwrap());
    let secret = end.secret("argocd-server-tls").unwrap();
    let (crt, key) = (
        secret.data["tls.crt"].as_str(),
        secret.data["tls.key"].as_str(),
    );
    let ca = end.config_map("argocd-server-ca").unwrap().data["ca.crt"].clone();
    let inputs: Vec<Value> = keys
        .iter()
        .map(|(tls, has_cert, policy)| {
            gateway_input(
                &format!("tls {tls}, certificate {has_cert}, policy {policy}"),
                *tls,
                has_cert.then_some((crt, key)),
                policy.then_some((ca.as_str(), HOSTNAME)),
            )
        })
        .collect();
    let results = run_harness(&inputs);
    let observed: Vec<BTreeSet<String>> = results.iter().map(works).collect();
    let baseline = &observed[0];
    assert!(baseline.contains("browser"), "{baseline:?}");
    let mut broken_states = 0;
    for (name, groups, got) in &states {
        let mut want = BTreeSet::new();
        for g in groups {
            let ok = &observed[keys.iter().position(|k| k == g).unwrap()];
            want.extend(baseline.difference(ok).map(|c| format!("{WAY} / {c}")));
        }
        assert_eq!(got, &want, "{name}\n{text}");
        broken_states += usize::from(!want.is_empty());
    }
    assert!(broken_states >= 1, "{text}");
    // The end state works for every client that worked today, verified by the stand-in.
    let end_key = (true, true, true);
    let i = keys.iter().position(|k| *k == end_key).unwrap();
    assert!(baseline.is_subset(&observed[i]), "{:?}", observed[i]);
    // The naive order (all at once) shows a failure too.
    assert!(!p.naive.safe, "{text}");
}
