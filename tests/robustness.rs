//! Bad plan input never panics (a panic in wasm kills the module for the page): postures mutated
//! structurally — values swapped for other types, for every enum value the posture's JSON Schema
//! names, for certificates that do not parse; keys removed and added; parts combined — are planned
//! against the 3.5.1 install with Dex and an Ingress. Each must give a plan or a structured error,
//! and neither the error nor the plan JSON may carry private key material.
//!
//! The posture schema is the committed `pkg/posture.schema.json` (its enum values drive the
//! mutations); the bases cover every part of a posture.

use std::collections::BTreeMap;

use argocd_tls_planner::{
    Installation, Options, PlanRequest, UnixTime, issuance_for, plan_installation, plan_json,
    read_manifests, stand_in_issued,
};
use serde_json::{Value, json};

use crate::plan_postures::{NOW, with_dex};
use crate::plans::upstream;

fn example(f: &str) -> String {
    std::fs::read_to_string(format!("{}/src/example/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// One base posture per part, and some parts combined.
fn bases() -> Vec<Value> {
    let my_ca = json!({"from": "myCa", "caCertPem": example("ca.crt"),
        "certPem": example("repo-server.crt"), "keyPem": example("repo-server.key")});
    vec![
        json!({"repoServer": {"certificate": my_ca, "verify": ["argocd-server", "argocd-application-controller"]}}),
        json!({"repoServer": {"certificate": {"from": "certManager", "createCaIssuer": true}}}),
        json!({"repoServer": {"certificate": {"from": "generate"}}, "dex": {"certificate": {"from": "generate"}},
            "mtls": {"certificate": {"from": "generate"}}, "privateKey": {"algorithm": "ecdsaP256"}}),
        json!({"server": {"certificate": {"from": "certManager", "issuer": {"kind": "ClusterIssuer", "name": "letsencrypt"}}}}),
        json!({"tlsPolicy": {"profile": "intermediate"}, "redis": {"certificate": {"from": "generate"}}}),
        json!({"reset": {"to": "noTls", "mesh": "istio"}}),
        json!({"reset": {"to": "defaults"}}),
        json!({"rotate": {"kind": "ca", "endpoints": ["repoServer", "dex"], "certificate": {"from": "generate"}, "marginDays": 30}}),
        json!({"edge": {"termination": "passthrough"}}),
        json!({"edge": {"termination": "atIngress"}}),
    ]
}

/// Every string an `enum` of the schema allows.
fn enum_values(schema: &Value, out: &mut Vec<Value>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Array(values)) = map.get("enum") {
                out.extend(values.iter().cloned());
            }
            if let Some(c) = map.get("const") {
                out.push(c.clone());
            }
            map.values().for_each(|v| enum_values(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| enum_values(v, out)),
        _ => {}
    }
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n.max(1) as u64).unwrap()
    }
}

/// Paths (object keys and array indexes) to every node of `v`.
fn paths(v: &Value, at: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(at.clone());
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                at.push(Value::String(k.clone()));
                paths(child, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(json!(i));
                paths(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn node<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, step| match step {
        Value::String(k) => &mut v[k.as_str()],
        _ => &mut v[usize::try_from(step.as_u64().unwrap()).unwrap()],
    })
}

fn mutate(base: &Value, rng: &mut Rng, values: &[Value], others: &[Value]) -> Value {
    let mut v = base.clone();
    for _ in 0..1 + rng.below(3) {
        let mut all = Vec::new();
        paths(&v, &mut Vec::new(), &mut all);
        let path = all[rng.below(all.len())].clone();
        let target = node(&mut v, &path);
        match rng.below(6) {
            0 | 1 => *target = values[rng.below(values.len())].clone(),
            2 => {
                if let Value::Object(map) = target {
                    let keys: Vec<String> = map.keys().cloned().collect();
                    if !keys.is_empty() {
                        map.remove(&keys[rng.below(keys.len())]);
                    }
                }
            }
            3 => {
                if let Value::Object(map) = target {
                    let key = [
                        "certificate",
                        "from",
                        "verify",
                        "endpoints",
                        "unknownKey",
                        "kind",
                    ][rng.below(6)];
                    map.insert(key.into(), values[rng.below(values.len())].clone());
                }
            }
            4 => {
                // Graft a part of another base here.
                let other = &others[rng.below(others.len())];
                if let (Value::Object(map), Value::Object(from)) = (target, other) {
                    for (k, part) in from {
                        map.insert(k.clone(), part.clone());
                    }
                }
            }
            _ => {
                if let Value::Array(items) = target {
                    let copy = items.first().cloned().unwrap_or(Value::Null);
                    items.push(copy);
                }
            }
        }
    }
    v
}

fn plan_once(current: &Installation, posture: &str) -> Result<bool, String> {
    let mut request = PlanRequest {
        resolve: Options {
            now: UnixTime::from_secs(NOW),
            argocd_version: Some("3.5.1".into()),
            namespace: None,
        },
        base_standard: false,
        issued: BTreeMap::new(),
    };
    let issuance = issuance_for(current, posture, &request)?;
    request.issued = stand_in_issued(&issuance, b"robustness").map_err(|e| e.to_string())?;
    let out = plan_installation(current.clone(), posture, &request)?;
    let json = plan_json(&out.plan);
    assert!(
        !json.contains("PRIVATE KEY"),
        "the plan JSON carries key material for {posture}"
    );
    Ok(out.plan.safe)
}

/// Mutated postures give a plan or a structured error, never a panic; some of them still plan
/// (the mutations are not all rejected at the door) and some are refused with a message.
#[test]
fn mutated_postures_never_panic() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/pkg/posture.schema.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let mut values = Vec::new();
    enum_values(&schema, &mut values);
    assert!(values.len() > 20, "the schema's enums: {values:?}");
    values.extend([
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1e308),
        json!(4_294_967_296_u64),
        json!(""),
        json!("x"),
        json!("argocd-server"),
        json!("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
        json!([]),
        json!({}),
        json!(example("server.crt")),
        json!(example("repo-server.key")),
    ]);
    let ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: argocd-server\n  annotations:\n    nginx.ingress.kubernetes.io/backend-protocol: HTTPS\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: argocd.example.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: argocd-server\n            port:\n              name: https\n";
    let current =
        with_dex(upstream("3.5.1")).overlay(read_manifests(&[("ingress.yaml", ingress)]).unwrap());
    let bases = bases();
    // Every base plans, but a rotation: the upstream install has no certificate of its own to
    // rotate (its refusal is one of the messages the mutations meet).
    for base in bases.iter().filter(|b| b.get("rotate").is_none()) {
        if let Err(e) = plan_once(&current, &base.to_string()) {
            panic!("the base posture {base} does not plan: {e}");
        }
    }
    let mut rng = Rng(0x005e_ed0f_f00d_u64);
    let (mut planned, mut refused) = (0, 0);
    for i in 0..240 {
        let base = &bases[i % bases.len()];
        let posture = mutate(base, &mut rng, &values, &bases).to_string();
        match std::panic::catch_unwind(|| plan_once(&current, &posture)) {
            Ok(Ok(_)) => planned += 1,
            Ok(Err(message)) => {
                assert!(!message.trim().is_empty(), "an empty error for {posture}");
                assert!(
                    !message.contains("PRIVATE KEY"),
                    "an error quotes key material: {message}"
                );
                refused += 1;
            }
            Err(_) => panic!("planning panicked on the posture {posture}"),
        }
    }
    println!("240 mutated postures: {planned} planned, {refused} refused with a message");
    assert!(
        planned > 0 && refused > 0,
        "{planned} planned, {refused} refused"
    );
}

/// The JSON model (what the page and the npm package pass to `resolve`) mutated the same way —
/// flags, paths, Secret names and contents, images, numbers — is read or refused with a message,
/// and what is read resolves (through one engine, as the page does, and on several releases)
/// without a panic; no report carries key material.
#[test]
fn mutated_models_never_panic() {
    let secret = |name: &str, crt: &str, key: &str| {
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\nstringData:\n  tls.crt: {}\n  tls.key: {}\n  ca.crt: {}\n",
            serde_json::to_string(&example(crt)).unwrap(),
            serde_json::to_string(&example(key)).unwrap(),
            serde_json::to_string(&example("ca.crt")).unwrap(),
        )
    };
    let secrets = [
        secret(
            "argocd-repo-server-tls",
            "repo-server.crt",
            "repo-server.key",
        ),
        secret("argocd-server-tls", "server.crt", "server.key"),
    ]
    .join("---\n");
    let install = with_dex(upstream("3.5.1"))
        .overlay(read_manifests(&[("secrets.yaml", secrets.as_str())]).unwrap());
    let base = serde_json::to_value(&install).unwrap();
    let values: Vec<Value> = [
        "--insecure",
        "--repo-server-strict-tls",
        "--redis-use-tls",
        "--tlsminversion",
        "1.3",
        "TLS_RSA_WITH_AES_128_CBC_SHA",
        "/app/config/reposerver/tls",
        "/app/config/server/tls/tls.crt",
        "argocd-repo-server-tls",
        "argocd-dex-server-tls",
        "tls.crt",
        "ca.crt",
        "true",
        "argocd-redis:6380",
        "argocd-repo-server:8081",
        "https://argocd-dex-server:5556",
        "quay.io/argoproj/argocd:v2.4.28",
        "ghcr.io/dexidp/dex:v2.43.0",
        "",
        "x",
    ]
    .into_iter()
    .map(Value::from)
    .chain([
        Value::Null,
        json!(0),
        json!(-1),
        json!(65_536),
        json!(1e308),
        json!([]),
        json!({}),
        json!(example("server.crt")),
        json!(example("repo-server.key")),
        json!("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
    ])
    .collect();
    let mut engine = argocd_tls_planner::Engine::new();
    let mut rng = Rng(0x0bad_5eed_1234_u64);
    let (mut resolved, mut refused) = (0, 0);
    for i in 0..3000 {
        let mutated = mutate(&base, &mut rng, &values, std::slice::from_ref(&base));
        let read = std::panic::catch_unwind(|| {
            serde_json::from_value::<Installation>(mutated.clone()).map_err(|e| e.to_string())
        });
        let model = match read {
            Ok(Ok(model)) => model,
            Ok(Err(_)) => {
                refused += 1;
                continue;
            }
            Err(_) => panic!("reading the model panicked: {mutated}"),
        };
        let version = ["3.5.1", "2.14.21", "2.4.28"][i % 3];
        let options = Options {
            now: UnixTime::from_secs(NOW),
            argocd_version: Some(version.into()),
            namespace: None,
        };
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            engine.resolve(&model, &options)
        })) {
            Ok(Ok(report)) => {
                let json = serde_json::to_string(&report).unwrap();
                assert!(
                    !json.contains("PRIVATE KEY"),
                    "a report carries key material"
                );
                resolved += 1;
            }
            Ok(Err(e)) => panic!("a modelled version was refused: {e}"),
            Err(_) => panic!("resolving panicked on {version}: {mutated}"),
        }
    }
    println!("3000 mutated models: {resolved} resolved, {refused} refused by the reader");
    assert!(
        resolved > 100 && refused > 0,
        "{resolved} resolved, {refused} refused"
    );
}
