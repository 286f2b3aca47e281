//! Unit tests of the manifest reader (the parent module): component names, positions in UTF-16
//! columns and across CRLF and BOM, env values, workload kinds and names, and which container is
//! the main one. Whole-input behaviour is tested in `tests/manifests.rs`.

#![allow(clippy::unwrap_used)]

use super::*;

#[test]
fn component_names() {
    let cases: &[(&str, Option<(Component, Match)>)] = &[
        ("argocd-server", Some((Component::Server, Match::Exact))),
        (
            "argocd-repo-server",
            Some((Component::RepoServer, Match::Exact)),
        ),
        (
            "myprefix-argocd-server",
            Some((Component::Server, Match::Fuzzy)),
        ),
        (
            "argo-cd-argocd-server",
            Some((Component::Server, Match::Fuzzy)),
        ),
        (
            "argocd-server-prod",
            Some((Component::Server, Match::Fuzzy)),
        ),
        (
            "x-argocd-application-controller-y",
            Some((Component::ApplicationController, Match::Fuzzy)),
        ),
        (
            "argocd-applicationset-controller",
            Some((Component::ApplicationSetController, Match::Exact)),
        ),
        ("argocd-redis", Some((Component::Redis, Match::Exact))),
        (
            "argocd-redis-ha-haproxy",
            Some((Component::Redis, Match::Exact)),
        ),
        (
            "rel-redis-ha-haproxy",
            Some((Component::Redis, Match::Fuzzy)),
        ),
        ("argocd-redis-ha", None),
        ("argocd-redis-ha-server", None),
        ("argocd-servers", None),
        ("notargocd-server", None),
        ("argocd", None),
        ("", None),
    ];
    for (name, want) in cases {
        assert_eq!(component_of_name(name), *want, "{name}");
    }
}

#[test]
fn utf16_columns() {
    // 😀 is outside the BMP (two UTF-16 units); é is inside (one).
    let text = "a: 😀\nb: é😀😀\n  c: x\n";
    let file = File::new("f", text);
    let mark = |index, line, col| Mark { index, line, col };
    assert_eq!(file.column(mark(3, 1, 3)), 4);
    assert_eq!(file.column(mark(4, 1, 4)), 6);
    assert_eq!(file.column(mark(11, 2, 6)), 9);
    assert_eq!(file.column(mark(14, 3, 2)), 3);
}

#[test]
fn env_values() {
    let yaml = r"
kind: Deployment
metadata: {name: argocd-server}
spec:
  template:
    spec:
      containers:
      - name: argocd-server
        env:
        - {name: A, value: x}
        - {name: B}
        - name: C
          valueFrom: {configMapKeyRef: {name: cm, key: k, optional: yes}}
        - name: D
          valueFrom: {secretKeyRef: {name: s, key: k}}
        - name: E
          valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
        - name: F
          valueFrom: {resourceFieldRef: {resource: limits.cpu}}
        - {value: nameless}
";
    let install = read_manifests(&[("t.yaml", yaml)]).unwrap();
    let env = &install.workloads[0].env;
    let want = vec![
        ("A", EnvValue::Literal { value: "x".into() }),
        (
            "B",
            EnvValue::Literal {
                value: String::new(),
            },
        ),
        (
            "C",
            EnvValue::ConfigMapKey {
                config_map: "cm".into(),
                key: "k".into(),
                optional: true,
            },
        ),
        (
            "D",
            EnvValue::SecretKey {
                secret: "s".into(),
                key: "k".into(),
                optional: false,
            },
        ),
        (
            "E",
            EnvValue::Other {
                description: "fieldRef metadata.namespace".into(),
            },
        ),
        (
            "F",
            EnvValue::Other {
                description: "resourceFieldRef limits.cpu".into(),
            },
        ),
    ];
    let got: Vec<_> = env
        .iter()
        .map(|e| (e.name.as_str(), e.value.clone()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn workload_kinds_and_names() {
    let cases: &[(&str, &str, &str, Option<Component>)] = &[
        (
            "StatefulSet",
            "argocd-application-controller",
            "",
            Some(Component::ApplicationController),
        ),
        // The `application-controller-deployment` variant.
        (
            "Deployment",
            "argocd-application-controller",
            "",
            Some(Component::ApplicationController),
        ),
        ("DaemonSet", "argocd-server", "", None),
        (
            "Deployment",
            "custom",
            "argocd-dex-server",
            Some(Component::DexServer),
        ),
        ("Deployment", "argocd-redis-ha-server", "argocd-redis", None),
        ("StatefulSet", "redis", "argocd-redis-ha", None),
        ("Deployment", "custom", "", None),
    ];
    for (kind, name, label, want) in cases {
        let text = format!(
            "kind: {kind}\nmetadata: {{name: {name}, labels: {{app.kubernetes.io/name: '{label}'}}}}\n"
        );
        let install = read_manifests(&[("t", text)]).unwrap();
        let got = install.workloads.first().map(|w| w.component);
        assert_eq!(got, *want, "{kind} {name} {label}");
    }
}

#[test]
fn crlf_and_bom_positions() {
    let error = read_manifests(&[("t", "a: b\r\nc: d: e\r\n")]).unwrap_err();
    assert_eq!((error.line, error.column), (2, 5));
    let install =
        read_manifests(&[("t", "\u{feff}kind: ConfigMap\r\nmetadata: {name: x}\r\n")]).unwrap();
    let position = install.config_maps[0].position.clone().unwrap();
    assert_eq!(position.line, 1);
    assert_eq!(install.config_maps[0].name, "x");
}

#[test]
fn main_container_choice() {
    let doc = |containers: &str| {
        format!(
            "kind: Deployment\nmetadata: {{name: argocd-repo-server}}\nspec: {{template: {{spec: {{containers: {containers}}}}}}}\n"
        )
    };
    let cases = [
        (
            "[{name: a, image: a}, {name: argocd-repo-server, image: b}]",
            "b",
        ),
        (
            "[{name: a, image: a}, {name: c, image: b, command: [/usr/local/bin/argocd-repo-server]}]",
            "b",
        ),
        (
            "[{name: a, image: a}, {name: c, image: b, args: [sh, -c, 'entrypoint.sh argocd-repo-server --x']}]",
            "b",
        ),
        ("[{name: a, image: a}, {name: c, image: b}]", "a"),
    ];
    for (containers, want) in cases {
        let install = read_manifests(&[("t", doc(containers))]).unwrap();
        assert_eq!(
            install.workloads[0].image.as_deref(),
            Some(want),
            "{containers}"
        );
    }
    let none = read_manifests(&[("t", doc("[]"))]).unwrap();
    assert_eq!(none.workloads[0].image, None);
    assert!(none.workloads[0].args.is_empty());
}

#[test]
fn edge_objects() {
    let yaml = r#"
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: other
spec:
  rules:
    - host: grafana.example.com
      http:
        paths:
          - backend:
              service: {name: grafana, port: {number: 80}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: argo-cd-argocd-server
  annotations:
    kubernetes.io/ingress.class: nginx
    nginx.ingress.kubernetes.io/backend-protocol: HTTPS
spec:
  rules:
    - host: argocd.example.com
      http:
        paths:
          - backend:
              service: {name: argo-cd-argocd-server, port: {name: https}}
  tls:
    - hosts: [argocd.example.com]
      secretName: argocd-server-tls
---
apiVersion: v1
kind: Service
metadata:
  name: argocd-server-metrics
spec:
  type: LoadBalancer
---
apiVersion: v1
kind: Service
metadata:
  name: argocd-server
spec:
  type: NodePort
  ports: [{port: 443}, {port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: BackendTLSPolicy
metadata:
  name: old
spec:
  targetRef: {kind: Service, name: argocd-server}
  tls:
    hostname: argocd-server.argocd.svc
    caCertRefs: [{kind: ConfigMap, name: argocd-ca}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: grafana
spec:
  rules:
    - backendRefs: [{name: grafana, port: 80}]
---
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: argocd
spec:
  host: argocd.apps.example.com
  to: {kind: Service, name: argocd-server}
  port: {targetPort: https}
  tls: {termination: Reencrypt, destinationCACertificate: "PEM"}
"#;
    let install = read_manifests(&[("edge.yaml", yaml)]).unwrap();
    let edge = &install.edge;
    assert_eq!(edge.ingresses.len(), 1, "only the Ingress to argocd-server");
    let ingress = &edge.ingresses[0];
    assert_eq!(ingress.class_name.as_deref(), Some("nginx"));
    assert_eq!(ingress.hosts, ["argocd.example.com"]);
    assert_eq!(ingress.backends[0].port, "https");
    assert_eq!(
        ingress.tls[0].secret_name.as_deref(),
        Some("argocd-server-tls")
    );
    assert_eq!(edge.services.len(), 1, "not the metrics Service");
    assert_eq!(edge.services[0].ports, [443, 80]);
    let policy = &edge.backend_tls_policies[0];
    assert_eq!(policy.hostname, "argocd-server.argocd.svc");
    assert_eq!(policy.ca_certificate_refs, ["argocd-ca"]);
    assert!(edge.routes.is_empty(), "the HTTPRoute goes elsewhere");
    let route = &edge.openshift_routes[0];
    assert_eq!(route.termination.as_deref(), Some("reencrypt"));
    assert_eq!(route.destination_ca_certificate.as_deref(), Some("PEM"));
    assert!(!route.has_certificate);
}
