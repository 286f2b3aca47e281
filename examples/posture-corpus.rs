//! The posture corpus for tests/js/posture-objects.test.mjs: for each upstream install (2.11.14,
//! 2.14.21, 3.5.1) and each posture of the corpus, the changes' objects (`objects.json`, private
//! keys included: they are test certificates) and the bundle's kustomize overlay over that
//! install with an ingress-nginx Ingress and a Gateway API Gateway + HTTPRoute (`kustomize/`), so
//! the JS test can validate every object against the Kubernetes, cert-manager and Gateway API
//! schemas and build the overlay with kustomize.
//!
//! `cargo run --example posture-corpus -- OUT_DIR`

use std::collections::BTreeMap;
use std::path::Path;

use argocd_tls_planner::{
    ConfigMap, Installation, KubeObject, Posture, PostureError, PostureOptions, UnixTime,
    apply_changes, issuance_requests, kustomize_overlay, posture_changes, read_manifests,
    read_posture, stand_in_issued,
};

const VERSIONS: [&str; 3] = ["2.11.14", "2.14.21", "3.5.1"];

/// (name, posture YAML); `{ca}`, `{crt}`, `{key}` are replaced by the example CA and leaf.
const CORPUS: [(&str, &str); 15] = [
    (
        "repo-server-my-ca",
        "repoServer:\n  certificate:\n    from: myCa\n    caCertPem: {ca}\n    certPem: {crt}\n    keyPem: {key}\n",
    ),
    (
        "repo-server-cert-manager-ca-issuer",
        "repoServer:\n  certificate: {from: certManager, createCaIssuer: true}\n",
    ),
    (
        "repo-server-generated",
        "repoServer: {certificate: {from: generate}}\n",
    ),
    ("dex-verified", "dex: {certificate: {from: generate}}\n"),
    (
        "server-cert-manager-hot-reload",
        "server:\n  certificate: {from: certManager, issuer: {name: corp-ca, kind: ClusterIssuer}}\n  hosts: [argocd.internal.example]\nprivateKey: {algorithm: ecdsaP256, rotationPolicy: Never}\n",
    ),
    (
        "tls-policy-intermediate",
        "tlsPolicy: {profile: intermediate}\n",
    ),
    ("tls-policy-modern", "tlsPolicy: {profile: modern}\n"),
    ("mtls-generated", "mtls: {certificate: {from: generate}}\n"),
    (
        "mtls-cert-manager",
        "mtls: {certificate: {from: certManager, createCaIssuer: true}}\n",
    ),
    ("redis-tls", "redis: {certificate: {from: generate}}\n"),
    ("back-to-defaults", "reset: {to: defaults}\n"),
    ("no-tls-behind-istio", "reset: {to: noTls, mesh: istio}\n"),
    ("tls-at-ingress", "edge: {termination: atIngress}\n"),
    (
        "edge-passthrough",
        "edge: {termination: passthrough}\nserver: {certificate: {from: certManager, createCaIssuer: true}}\n",
    ),
    (
        "edge-reencrypt",
        "edge: {termination: reencrypt}\nserver: {certificate: {from: generate}}\n",
    ),
];

/// An ingress-nginx Ingress to argocd-server over HTTPS (`tls-at-ingress` and `edge-passthrough`
/// patch it) and a Gateway API Gateway terminating TLS with an HTTPRoute to argocd-server
/// (`edge-reencrypt` adds a BackendTLSPolicy for it), added to every base.
const INGRESS: &str = "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: argocd-server\n  annotations:\n    nginx.ingress.kubernetes.io/backend-protocol: HTTPS\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: argocd.example.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: argocd-server\n            port:\n              name: https\n  tls:\n  - hosts: [argocd.example.com]\n    secretName: argocd-ingress-tls\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: argocd\nspec:\n  gatewayClassName: eg\n  listeners:\n  - name: https\n    port: 443\n    protocol: HTTPS\n    hostname: argocd.example.com\n    tls:\n      mode: Terminate\n      certificateRefs:\n      - name: argocd-gateway-tls\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: argocd-server\nspec:\n  parentRefs:\n  - name: argocd\n  hostnames: [argocd.example.com]\n  rules:\n  - backendRefs:\n    - name: argocd-server\n      port: 80\n";

/// Everything on: the state `back-to-defaults` starts from.
const EVERYTHING: &str = "repoServer: {certificate: {from: generate}}\ndex: {certificate: {from: certManager, createCaIssuer: true}}\nserver: {certificate: {from: generate}}\nredis: {certificate: {from: generate}}\ntlsPolicy: {profile: intermediate}\n";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .ok_or("usage: posture-corpus OUT_DIR")?;
    let out = Path::new(&out);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = |f: &str| std::fs::read_to_string(root.join("src/example").join(f));
    let (ca, crt, key) = (
        example("ca.crt")?,
        example("repo-server.crt")?,
        example("repo-server.key")?,
    );
    let quote = |pem: &str| serde_json::to_string(pem).unwrap_or_default();
    let mut index = Vec::new();
    for version in VERSIONS {
        let file = root.join(format!(
            "../shared/fixtures/upstream/argocd-v{version}-install.yaml"
        ));
        let text = std::fs::read_to_string(&file)? + INGRESS;
        let base_dir = out.join(format!("base-{version}"));
        std::fs::create_dir_all(&base_dir)?;
        std::fs::write(base_dir.join("install.yaml"), &text)?;
        std::fs::write(
            base_dir.join("kustomization.yaml"),
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- install.yaml\n",
        )?;
        let mut install = read_manifests(&[(file.to_string_lossy(), text.as_str())])?;
        // Dex runs only with argocd-cm `url` and a connector (reference §0.0 item 8).
        install.config_maps.retain(|c| c.name != "argocd-cm");
        install.config_maps.push(ConfigMap {
            name: "argocd-cm".into(),
            data: BTreeMap::from([
                ("url".into(), "https://argocd.example.com".into()),
                ("dex.config".into(), "connectors:\n- type: github\n  id: github\n  name: GitHub\n  config:\n    clientID: x\n".into()),
            ]),
            ..ConfigMap::default()
        });
        for (name, template) in CORPUS {
            let yaml = template
                .replace("{ca}", &quote(&ca))
                .replace("{crt}", &quote(&crt))
                .replace("{key}", &quote(&key));
            let posture = read_posture(&yaml)?;
            let current = if name == "back-to-defaults" {
                let everything = read_posture(EVERYTHING)?;
                let c = run(&install, &everything, version)?;
                apply_changes(&install, &c.iter().collect::<Vec<_>>())
            } else {
                install.clone()
            };
            let case = format!("{version}-{name}");
            let changes = match run(&current, &posture, version) {
                Ok(c) => c,
                Err(PostureError::Unsupported { message }) => {
                    index.push(serde_json::json!({"case": case, "version": version, "unsupported": message}));
                    continue;
                }
                Err(e) => return Err(format!("{case}: {e}").into()),
            };
            let dir = out.join(&case);
            std::fs::create_dir_all(&dir)?;
            let files: Vec<(String, &KubeObject)> = changes
                .iter()
                .flat_map(|c| c.objects.iter())
                .enumerate()
                .map(|(i, o)| (format!("{i:02}.yaml"), o))
                .collect();
            for (path, content) in
                kustomize_overlay(&format!("../../base-{version}"), "argocd", &files)
            {
                let p = dir.join(path);
                if let Some(parent) = p.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(p, content)?;
            }
            let objects: Vec<&KubeObject> = files.iter().map(|(_, o)| *o).collect();
            std::fs::write(
                dir.join("objects.json"),
                serde_json::to_string_pretty(&objects)?,
            )?;
            index.push(serde_json::json!({"case": case, "version": version, "changes": changes.len(), "objects": objects.len()}));
        }
    }
    std::fs::write(
        out.join("index.json"),
        serde_json::to_string_pretty(&index)?,
    )?;
    Ok(())
}

fn run(
    install: &Installation,
    posture: &Posture,
    version: &str,
) -> Result<Vec<argocd_tls_planner::Change>, PostureError> {
    let mut options = PostureOptions {
        now: UnixTime::from_secs(1_800_000_000),
        argocd_version: Some(version.into()),
        namespace: None,
        issued: BTreeMap::new(),
    };
    let requests = issuance_requests(install, posture, &options)?;
    options.issued = stand_in_issued(&requests, b"posture-corpus")?;
    posture_changes(install, posture, &options)
}
