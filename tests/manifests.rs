//! Kubernetes manifests → the input model: the upstream install manifests (facts read off the
//! YAML by hand), the shapes kubectl, kustomize and JSON produce, hostile input, and
//! `standard_install` checked against every upstream fixture.

// How fast the reader rejects hostile input and how it scales with size are measured by
// `examples/bench.rs` (`make bench-engine`), not asserted here: a test does not read the clock.

use argocd_tls_planner::{
    Component, EnvValue, InstallFlavor, Installation, KeyToPath, ManifestError, ManifestErrorKind,
    SecretMount, Workload, read_manifests, standard_install, standard_install_flavor,
};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../shared/fixtures/upstream/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read_fixture(name: &str) -> Installation {
    read_manifests(&[(name, fixture(name))]).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn read(text: &str) -> Result<Installation, ManifestError> {
    read_manifests(&[("input.yaml", text)])
}

fn workload(install: &Installation, component: Component) -> &Workload {
    install
        .workload(component)
        .unwrap_or_else(|| panic!("no {component:?}"))
}

fn items(keys: &[&str]) -> Option<Vec<KeyToPath>> {
    Some(
        keys.iter()
            .map(|k| KeyToPath {
                key: (*k).to_owned(),
                path: (*k).to_owned(),
            })
            .collect(),
    )
}

fn cm(config_map: &str, key: &str) -> EnvValue {
    EnvValue::ConfigMapKey {
        config_map: config_map.to_owned(),
        key: key.to_owned(),
        optional: true,
    }
}

fn env<'w>(w: &'w Workload, name: &str) -> Option<&'w EnvValue> {
    w.env.iter().find(|e| e.name == name).map(|e| &e.value)
}

const FIXTURES: [&str; 7] = [
    "argocd-v2.4.28-install.yaml",
    "argocd-v2.11.14-install.yaml",
    "argocd-v2.14.21-install.yaml",
    "argocd-v3.5.1-install.yaml",
    "argocd-v3.5.1-ha-install.yaml",
    "argocd-v3.5.1-install-with-hydrator.yaml",
    "argocd-v3.5.1-docs-argocd-cmd-params-cm.yaml",
];

#[test]
fn every_upstream_fixture_reads() {
    for name in FIXTURES {
        let install = read_fixture(name);
        eprintln!(
            "{name}: {} workloads, {} ConfigMaps, {} Secrets",
            install.workloads.len(),
            install.config_maps.len(),
            install.secrets.len(),
        );
    }
}

#[test]
fn v3_5_1_install() {
    let install = read_fixture("argocd-v3.5.1-install.yaml");
    let components: Vec<Component> = install.workloads.iter().map(|w| w.component).collect();
    assert_eq!(
        components,
        [
            Component::Server,
            Component::RepoServer,
            Component::DexServer,
            Component::ApplicationController,
            Component::ApplicationSetController,
            Component::NotificationsController,
            Component::Redis,
        ]
    );
    assert_eq!(install.namespace, None);

    let controller = workload(&install, Component::ApplicationController);
    assert_eq!(controller.kind, "StatefulSet");
    assert_eq!(controller.replicas, Some(1));
    assert_eq!(
        controller.args,
        ["/usr/local/bin/argocd-application-controller"]
    );

    let repo = workload(&install, Component::RepoServer);
    assert_eq!(repo.kind, "Deployment");
    assert_eq!(repo.replicas, None);
    assert_eq!(
        repo.image.as_deref(),
        Some("quay.io/argoproj/argocd:v3.5.1")
    );
    assert_eq!(
        repo.mounts,
        [
            SecretMount {
                volume: "argocd-repo-server-tls".into(),
                mount_path: "/app/config/reposerver/tls".into(),
                sub_path: None,
                secret: "argocd-repo-server-tls".into(),
                items: items(&["tls.crt", "tls.key", "ca.crt"]),
                optional: true,
            },
            SecretMount {
                volume: "argocd-repo-server-mtls".into(),
                mount_path: "/app/config/reposerver/mtls".into(),
                sub_path: None,
                secret: "argocd-repo-server-mtls".into(),
                items: items(&["client-ca.crt"]),
                optional: true,
            },
        ]
    );
    assert_eq!(
        env(repo, "ARGOCD_REPO_SERVER_CLIENT_CA_PATH"),
        Some(&cm("argocd-cmd-params-cm", "reposerver.client.ca.path"))
    );
    assert_eq!(
        env(repo, "ARGOCD_RECONCILIATION_TIMEOUT"),
        Some(&cm("argocd-cm", "timeout.reconciliation"))
    );

    let server = workload(&install, Component::Server);
    assert_eq!(server.name, "argocd-server");
    assert_eq!(server.args, ["/usr/local/bin/argocd-server"]);
    assert_eq!(
        env(server, "REDIS_PASSWORD"),
        Some(&EnvValue::SecretKey {
            secret: "argocd-redis".into(),
            key: "auth".into(),
            optional: false
        })
    );
    let mount_paths: Vec<&str> = server
        .mounts
        .iter()
        .map(|m| m.mount_path.as_str())
        .collect();
    assert_eq!(
        mount_paths,
        [
            "/app/config/server/tls",
            "/app/config/reposerver/mtls",
            "/app/config/dex/tls"
        ]
    );
    let position = server.position.as_ref().unwrap();
    assert_eq!(
        (position.file.as_str(), position.line, position.column),
        ("argocd-v3.5.1-install.yaml", 32936, 1)
    );

    let dex = workload(&install, Component::DexServer);
    assert_eq!(dex.image.as_deref(), Some("ghcr.io/dexidp/dex:v2.45.0"));
    assert_eq!(dex.args, ["/shared/argocd-dex", "rundex"]);
    assert_eq!(dex.mounts.len(), 1);
    assert_eq!(dex.mounts[0].mount_path, "/tls");

    let appset = workload(&install, Component::ApplicationSetController);
    assert_eq!(
        env(appset, "NAMESPACE"),
        Some(&EnvValue::Other {
            description: "fieldRef metadata.namespace".into()
        })
    );

    let redis = workload(&install, Component::Redis);
    assert_eq!(
        redis.image.as_deref(),
        Some("public.ecr.aws/docker/library/redis:8.2.3-alpine")
    );
    assert_eq!(
        redis.args,
        [
            "--save",
            "",
            "--appendonly",
            "no",
            "--requirepass $(REDIS_PASSWORD)"
        ]
    );

    let params = install.config_map("argocd-cmd-params-cm").unwrap();
    assert!(params.data.is_empty());
    assert_eq!(params.labels["app.kubernetes.io/part-of"], "argocd");
    assert!(
        install
            .config_map("argocd-cm")
            .unwrap()
            .data
            .contains_key("resource.exclusions")
    );
    let secret_names: Vec<&str> = install.secrets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        secret_names,
        ["argocd-notifications-secret", "argocd-secret"]
    );
    assert!(install.secrets.iter().all(|s| s.data.is_empty()));
}

#[test]
fn v3_5_1_ha_and_hydrator() {
    let ha = read_fixture("argocd-v3.5.1-ha-install.yaml");
    let redis = workload(&ha, Component::Redis);
    assert_eq!(redis.name, "argocd-redis-ha-haproxy");
    assert_eq!(redis.replicas, Some(3));
    assert_eq!(
        redis.image.as_deref(),
        Some("public.ecr.aws/docker/library/haproxy:3.0.8-alpine")
    );
    assert!(
        ha.workloads
            .iter()
            .all(|w| w.name != "argocd-redis-ha-server")
    );
    assert_eq!(ha.workloads.len(), 7);
    assert_eq!(workload(&ha, Component::Server).replicas, Some(2));
    assert_eq!(workload(&ha, Component::RepoServer).replicas, Some(2));

    let hydrator = read_fixture("argocd-v3.5.1-install-with-hydrator.yaml");
    assert_eq!(hydrator.workloads.len(), 8);
    let commit = workload(&hydrator, Component::CommitServer);
    assert_eq!(commit.args, ["/usr/local/bin/argocd-commit-server"]);
    // The argocd-commit-server-tls volume is declared but not mounted.
    assert!(commit.mounts.is_empty());
    assert_eq!(
        env(commit, "ARGOCD_COMMIT_SERVER_LISTEN_ADDRESS"),
        Some(&cm("argocd-cmd-params-cm", "commitserver.listen.address"))
    );
    assert!(
        read_fixture("argocd-v3.5.1-install.yaml")
            .workload(Component::CommitServer)
            .is_none()
    );
}

#[test]
fn v2_4_28_install() {
    let install = read_fixture("argocd-v2.4.28-install.yaml");
    let repo = workload(&install, Component::RepoServer);
    assert_eq!(
        repo.args,
        [
            "sh",
            "-c",
            "entrypoint.sh argocd-repo-server --redis argocd-redis:6379"
        ]
    );
    let dex = workload(&install, Component::DexServer);
    assert!(dex.mounts.is_empty());
    assert!(env(dex, "ARGOCD_DEX_SERVER_DISABLE_TLS").is_none());
    assert_eq!(dex.image.as_deref(), Some("ghcr.io/dexidp/dex:v2.35.3"));
    let notifications = workload(&install, Component::NotificationsController);
    assert_eq!(notifications.args, ["argocd-notifications"]);
    assert_eq!(notifications.mounts.len(), 1);
    assert_eq!(
        notifications.mounts[0].mount_path,
        "/app/config/reposerver/tls"
    );
    assert_eq!(
        workload(&install, Component::Redis).image.as_deref(),
        Some("redis:7.0.8-alpine")
    );
}

#[test]
fn documented_cmd_params_example() {
    let install = read_fixture("argocd-v3.5.1-docs-argocd-cmd-params-cm.yaml");
    assert!(install.workloads.is_empty());
    let params = install.config_map("argocd-cmd-params-cm").unwrap();
    assert_eq!(params.data.len(), 173);
    let expected = [
        ("repo.server", "argocd-repo-server:8081"),
        ("redis.server", "argocd-redis:6379"),
        ("server.dex.server", "http://argocd-dex-server:5556"),
        ("server.tls.minversion", "1.2"),
        (
            "reposerver.tls.ciphers",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        ),
        ("reposerver.disable.tls", "false"),
        ("server.repo.server.ca.cert.path", ""),
        ("notificationscontroller.repo.server.plaintext", "false"),
    ];
    for (key, value) in expected {
        assert_eq!(
            params.data.get(key).map(String::as_str),
            Some(value),
            "{key}"
        );
    }
    let position = params.position.as_ref().unwrap();
    assert_eq!((position.line, position.column), (1, 1));
}

// ---- standard_install against the upstream manifests ----

/// The TLS-relevant env names, by a rule independent of `standard_install`'s tables: reference
/// §10.1, §10.2 and §10.4 — TLS, plaintext, strict TLS, CA and client-certificate paths,
/// `--disable-tls`, peer addresses and listen addresses. Left out on purpose: OTLP exporter
/// settings (`*_OTLP_INSECURE`: tracing, not inter-component), K8s API client timeouts
/// (`ARGOCD_K8S_TLS_HANDSHAKE_TIMEOUT`) and the SCM provider CA (`*_SCM_ROOT_CA_PATH`).
fn tls_relevant(name: &str) -> bool {
    const SUFFIXES: [&str; 13] = [
        "_PLAINTEXT",
        "_STRICT_TLS",
        "_INSECURE",
        "_DISABLE_TLS",
        "_CA_CERT_PATH",
        "_CLIENT_CERT_PATH",
        "_CLIENT_CERT_KEY_PATH",
        "_CLIENT_CA_PATH",
        "_REPO_SERVER",
        "_DEX_SERVER",
        "_COMMIT_SERVER",
        "_LISTEN_ADDRESS",
        "_LISTEN_METRICS_ADDRESS",
    ];
    // The root path and base href are not TLS but decide which paths a way in reaches.
    const NAMES: [&str; 5] = [
        "GODEBUG",
        "GRPC_ENFORCE_ALPN_ENABLED",
        "ARGOCD_APP_CONF_PATH",
        "ARGOCD_SERVER_ROOTPATH",
        "ARGOCD_SERVER_BASEHREF",
    ];
    !name.contains("_OTLP_")
        && (name == "REDIS_SERVER"
            || name.starts_with("REDIS_SENTINEL")
            || name.starts_with("ARGOCD_TLS_")
            || NAMES.contains(&name)
            || SUFFIXES.iter().any(|s| name.ends_with(s)))
}

#[test]
fn tls_relevance_rule() {
    for name in [
        "ARGOCD_SERVER_INSECURE",
        "ARGOCD_TLS_CIPHERS",
        "REDIS_SERVER",
        "ARGOCD_REPO_SERVER_LISTEN_METRICS_ADDRESS",
        "ARGOCD_SERVER_METRICS_LISTEN_ADDRESS",
        "ARGOCD_APPLICATION_CONTROLLER_COMMIT_SERVER",
        "ARGOCD_NOTIFICATION_CONTROLLER_REPO_SERVER_CLIENT_CERT_KEY_PATH",
    ] {
        assert!(tls_relevant(name), "{name}");
    }
    for name in [
        "ARGOCD_SERVER_OTLP_INSECURE",
        "ARGOCD_K8S_TLS_HANDSHAKE_TIMEOUT",
        "ARGOCD_APPLICATIONSET_CONTROLLER_SCM_ROOT_CA_PATH",
        "ARGOCD_SERVER_REPO_SERVER_TIMEOUT_SECONDS",
        "REDIS_PASSWORD",
    ] {
        assert!(!tls_relevant(name), "{name}");
    }
}

fn compare(fixture_name: &str, version: &str, flavor: InstallFlavor) {
    let upstream = read_fixture(fixture_name);
    let modelled = standard_install_flavor(version, "", flavor);
    let components = |i: &Installation| i.workloads.iter().map(|w| w.component).collect::<Vec<_>>();
    assert_eq!(
        components(&modelled),
        components(&upstream),
        "{fixture_name}"
    );
    for model in &modelled.workloads {
        let real = workload(&upstream, model.component);
        let what = format!("{fixture_name} {:?}", model.component);
        assert_eq!(model.kind, real.kind, "{what}");
        assert_eq!(model.name, real.name, "{what}");
        assert_eq!(model.args, real.args, "{what}");
        assert_eq!(model.replicas, real.replicas, "{what}");
        // Images: the model knows the Redis image only for the fixture versions.
        assert_eq!(model.image, real.image, "{what}");
        assert_eq!(model.mounts, real.mounts, "{what}");
        let relevant: Vec<_> = real.env.iter().filter(|e| tls_relevant(&e.name)).collect();
        let declared: Vec<_> = model.env.iter().collect();
        assert_eq!(declared, relevant, "{what}");
    }
    let params = |i: &Installation| i.config_map("argocd-cmd-params-cm").cloned();
    let (mut real_params, model_params) = (params(&upstream).unwrap(), params(&modelled).unwrap());
    real_params.position = None;
    assert_eq!(real_params, model_params, "{fixture_name}");
}

#[test]
fn standard_install_matches_upstream() {
    compare(
        "argocd-v2.4.28-install.yaml",
        "v2.4.28",
        InstallFlavor::Plain,
    );
    compare(
        "argocd-v2.11.14-install.yaml",
        "v2.11.14",
        InstallFlavor::Plain,
    );
    compare(
        "argocd-v2.14.21-install.yaml",
        "v2.14.21",
        InstallFlavor::Plain,
    );
    compare("argocd-v3.5.1-install.yaml", "v3.5.1", InstallFlavor::Plain);
    compare(
        "argocd-v3.5.1-ha-install.yaml",
        "v3.5.1",
        InstallFlavor::HighAvailability,
    );
    compare(
        "argocd-v3.5.1-install-with-hydrator.yaml",
        "v3.5.1",
        InstallFlavor::Hydrator,
    );
    let plain = standard_install("v3.5.1", "argocd");
    assert_eq!(plain.namespace.as_deref(), Some("argocd"));
    assert!(plain.secrets.is_empty());
    assert_eq!(
        plain,
        standard_install_flavor("v3.5.1", "argocd", InstallFlavor::Plain)
    );
}

// ---- shapes ----

#[test]
fn kind_list_and_typed_lists() {
    let text = r"
apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: argocd-repo-server, namespace: argo}
  spec: {template: {spec: {containers: [{name: argocd-repo-server, image: img}]}}}
- apiVersion: v1
  kind: SecretList
  items:
  - metadata: {name: argocd-repo-server-tls}
    type: kubernetes.io/tls
    data: {tls.crt: aGVsbG8=}
";
    let install = read(text).unwrap();
    assert_eq!(install.namespace.as_deref(), Some("argo"));
    assert_eq!(
        workload(&install, Component::RepoServer).image.as_deref(),
        Some("img")
    );
    let secret = install.secret("argocd-repo-server-tls").unwrap();
    assert_eq!(secret.secret_type.as_deref(), Some("kubernetes.io/tls"));
    assert_eq!(secret.data["tls.crt"], "hello");
    // The Secret's Debug output names keys only.
    assert!(!format!("{secret:?}").contains("hello"));
}

#[test]
fn json_object_and_array() {
    let object = r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"argocd-cmd-params-cm"},"data":{"server.insecure":"true"}}"#;
    let install = read(object).unwrap();
    assert_eq!(
        install.config_map("argocd-cmd-params-cm").unwrap().data["server.insecure"],
        "true"
    );
    let array = format!(
        "[\n  {object},\n  {{\"kind\":\"Deployment\",\"metadata\":{{\"name\":\"argocd-server\"}},\"spec\":{{\"replicas\":3}}}}\n]"
    );
    let install = read(&array).unwrap();
    assert_eq!(install.config_maps.len(), 1);
    let server = workload(&install, Component::Server);
    assert_eq!(server.replicas, Some(3));
    let position = server.position.as_ref().unwrap();
    assert_eq!((position.line, position.column), (3, 3));
}

#[test]
fn several_files() {
    let install = read_manifests(&[
        (
            "a.yaml",
            "kind: ConfigMap\nmetadata: {name: argocd-cmd-params-cm}\n",
        ),
        (
            "b.yaml",
            "# comment\n---\nkind: Secret\nmetadata: {name: s}\nstringData: {k: v}\n",
        ),
    ])
    .unwrap();
    let cm_position = install.config_maps[0].position.as_ref().unwrap();
    assert_eq!((cm_position.file.as_str(), cm_position.line), ("a.yaml", 1));
    let secret_position = install.secrets[0].position.as_ref().unwrap();
    assert_eq!(
        (secret_position.file.as_str(), secret_position.line),
        ("b.yaml", 3)
    );
    let error = read_manifests(&[("ok.yaml", "a: 1\n"), ("bad.yaml", "a: [1\n")]).unwrap_err();
    assert_eq!(error.file, "bad.yaml");
    assert_eq!(error.kind, ManifestErrorKind::Syntax);
}

#[test]
fn string_data_wins_and_lossy_bytes() {
    let text = "kind: Secret\nmetadata:\n  name: s\n  labels: {app.kubernetes.io/part-of: argocd}\ndata:\n  a: b2xk\n  b: /w==\n  c: |\n    aGVs\n    bG8=\nstringData:\n  a: new\n";
    let install = read(text).unwrap();
    let secret = install.secret("s").unwrap();
    assert_eq!(secret.data["a"], "new");
    assert_eq!(secret.data["b"], "\u{fffd}");
    assert_eq!(secret.data["c"], "hello");
    assert_eq!(secret.labels["app.kubernetes.io/part-of"], "argocd");
}

#[test]
fn names_labels_volumes() {
    let text = r"
kind: Deployment
metadata: {name: rel-argo-cd-server, labels: {app.kubernetes.io/name: argocd-server}}
spec:
  template:
    spec:
      containers:
      - name: sidecar
        image: proxy
      - name: server
        image: argo
        args: [/usr/local/bin/argocd-server, --insecure]
        volumeMounts:
        - {name: p, mountPath: /p}
        - {name: one, mountPath: /one/tls.crt, subPath: tls.crt}
        - {name: cm, mountPath: /cm}
      volumes:
      - name: p
        projected:
          sources:
          - secret: {name: s1, items: [{key: a, path: b}]}
          - configMap: {name: c}
          - secret: {name: s2, optional: true}
      - {name: one, secret: {secretName: s3, items: []}}
      - {name: cm, configMap: {name: c}}
---
kind: StatefulSet
metadata: {name: myprefix-argocd-application-controller-suffix}
---
kind: DaemonSet
metadata: {name: argocd-server}
---
kind: Deployment
metadata: {name: unrelated}
";
    let install = read(text).unwrap();
    assert_eq!(install.workloads.len(), 2);
    let server = workload(&install, Component::Server);
    assert_eq!(server.image.as_deref(), Some("argo"));
    assert_eq!(server.args, ["/usr/local/bin/argocd-server", "--insecure"]);
    let summary: Vec<_> = server
        .mounts
        .iter()
        .map(|m| {
            (
                m.secret.as_str(),
                m.mount_path.as_str(),
                m.sub_path.as_deref(),
                m.items.as_ref().map(Vec::len),
                m.optional,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("s1", "/p", None, Some(1), false),
            ("s2", "/p", None, None, true),
            ("s3", "/one/tls.crt", Some("tls.crt"), None, false),
        ]
    );
    let controller = workload(&install, Component::ApplicationController);
    assert_eq!(controller.kind, "StatefulSet");
    assert!(controller.args.is_empty());
}

// ---- errors and hostile input ----

#[test]
fn syntax_error_position() {
    // "mapping values are not allowed": the second `:` on line 3.
    let error = read("kind: ConfigMap\nmetadata:\n  name: a: b\n").unwrap_err();
    assert_eq!(error.kind, ManifestErrorKind::Syntax);
    assert_eq!(error.file, "input.yaml");
    assert_eq!((error.line, error.column), (3, 10), "{error}");
    // The same after two characters outside the BMP: the column counts UTF-16 units.
    let error = read("k: 😀😀: v\n").unwrap_err();
    assert_eq!((error.line, error.column), (1, 8), "{error}");
    let json = serde_json::to_value(&error).unwrap();
    assert_eq!(json["kind"], "syntax");
    assert_eq!(json["line"], 1);
    assert_eq!(json["column"], 8);
    assert_eq!(json["file"], "input.yaml");
}

#[test]
fn not_a_mapping() {
    let error = read("kind: ConfigMap\nmetadata: {name: a}\n---\njust a string\n").unwrap_err();
    assert_eq!(error.kind, ManifestErrorKind::NotAMapping);
    assert_eq!((error.line, error.column), (4, 1));
    let error = read("[1, 2]").unwrap_err();
    assert_eq!(error.kind, ManifestErrorKind::NotAMapping);
    assert_eq!((error.line, error.column), (1, 2));
    // Empty documents and nulls are fine.
    assert_eq!(read("---\n---\n~\n").unwrap(), Installation::default());
}

#[test]
fn invalid_base64() {
    let error =
        read("kind: Secret\nmetadata: {name: s}\ndata:\n  ok: aGk=\n  bad: 'aGk=x'\n").unwrap_err();
    assert_eq!(error.kind, ManifestErrorKind::InvalidBase64);
    assert_eq!((error.line, error.column), (5, 8));
    assert_eq!(
        error.message,
        r#"Secret "s": data["bad"]: illegal base64 data at input byte 4"#
    );
}

#[test]
fn alias_bomb_fails_fast() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut previous = "a";
    for name in names {
        let refs = vec![format!("*{previous}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        previous = name;
    }
    let error = read(&bomb).unwrap_err();
    assert_eq!(error.kind, ManifestErrorKind::TooManyNodes);
    // The aliases of `g` (line 7) push the expansion past 1,000,000 nodes.
    assert_eq!(error.line, 7, "{error}");
}

#[test]
fn deep_nesting() {
    let block: String = (0..1000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    let error = read(&block).unwrap_err();
    assert_eq!(error.kind, ManifestErrorKind::TooDeep);
    let flow = "[".repeat(100_000);
    assert!(read(&flow).is_err());
    let json = "{\"a\":".repeat(100_000);
    assert!(read(&json).is_err());
}

#[test]
fn junk_and_size_limits() {
    // 10 MB of printable junk that is not YAML.
    let mut junk = String::with_capacity(10 << 20);
    let mut state: u32 = 0x1234_5678;
    while junk.len() < 10 << 20 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let c = char::from(b' ' + ((state >> 16) % 95) as u8);
        junk.push(c);
        if (state >> 8).is_multiple_of(61) {
            junk.push('\n');
        }
    }
    let result = read(&junk);
    assert!(result.is_err());

    // 10 MB of one valid plain scalar and of many documents: read, not rejected.
    let long = format!(
        "kind: ConfigMap\nmetadata: {{name: big}}\ndata: {{k: {}}}\n",
        "x".repeat(10 << 20)
    );
    assert_eq!(
        read(&long).unwrap().config_maps[0].data["k"].len(),
        10 << 20
    );

    let big = "a".repeat(64 << 20);
    let error = read_manifests(&[("one", "a: 1"), ("two", big.as_str())]).unwrap_err();
    assert_eq!(error.kind, ManifestErrorKind::TooLarge);
    assert_eq!(error.file, "two");
}

/// Five copies of the install in one file read as five times its workloads (how the time scales
/// is `examples/bench.rs`'s business).
#[test]
fn several_megabytes_read() {
    let one = fixture("argocd-v3.5.1-install.yaml");
    let single = read_manifests(&[("one", one.as_str())]).unwrap();
    let five = [one.as_str(); 5].join("\n---\n");
    let install = read_manifests(&[("five", five.as_str())]).unwrap();
    assert_eq!(single.workloads.len(), 7);
    assert_eq!(install.workloads.len(), 35);
}

/// A small fuzz pass: thousands of deterministic mutations and every truncation of a realistic
/// manifest must give a result or a structured error, never a panic.
#[test]
fn mutated_input_never_panics() {
    let base = r#"apiVersion: apps/v1
kind: Deployment
metadata: {name: argocd-server, namespace: argocd, labels: {app.kubernetes.io/name: argocd-server}}
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: argocd-server
        image: quay.io/argoproj/argocd:v3.5.1
        args: [/usr/local/bin/argocd-server, "--insecure"]
        env:
        - name: ARGOCD_SERVER_INSECURE
          valueFrom: {configMapKeyRef: {name: argocd-cmd-params-cm, key: server.insecure, optional: true}}
        volumeMounts: [{name: tls, mountPath: /app/config/server/tls}]
      volumes:
      - {name: tls, secret: {secretName: argocd-repo-server-tls, items: [{key: tls.crt, path: tls.crt}], optional: true}}
---
kind: Secret
metadata: &m {name: "s😀", labels: {a: b}}
data: {tls.crt: aGVsbG8=}
stringData: {x: 'y'}
---
kind: List
items: [{kind: ConfigMap, metadata: *m, data: {k: v}}]
"#;
    for end in (0..=base.len()).filter(|&i| base.is_char_boundary(i)) {
        let _ = read(&base[..end]);
    }
    let alphabet = b" \n\t:-[]{},&*!|>'\"#%@`?=~0aZ\xc3\xa9";
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % bound as u64).unwrap()
    };
    for _ in 0..3000 {
        let mut bytes = base.as_bytes().to_vec();
        for _ in 0..1 + next(4) {
            let at = next(bytes.len());
            match next(3) {
                0 => bytes[at] = alphabet[next(alphabet.len())],
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, alphabet[next(alphabet.len())]),
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        let _ = read(&text);
    }
}

/// Documents of kinds the model never reads are not parsed (the reader finds their top-level
/// `kind` line without parsing): a broken CRD is not an error, the documents around it are read
/// with their positions, and a broken document of a kind that is read still fails with its place.
#[test]
fn unread_kinds_are_skipped_and_read_kinds_keep_their_positions() {
    let crd_broken = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: x\nspec: [unclosed\n  : : bad\n\t- tabs\n";
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: argocd-server-tls\nstringData:\n  tls.crt: x\n";
    let text = format!("---\n{crd_broken}---\n{secret}");
    let install = read(&text).unwrap();
    assert_eq!(install.secrets.len(), 1);
    let position = install.secrets[0].position.clone().unwrap();
    // The Secret's mapping starts on the line after its `---` (line 9).
    assert_eq!((position.line, position.column), (10, 1));

    // The same broken body under a kind the model reads is a syntax error at its line.
    let cm_broken = crd_broken.replace("CustomResourceDefinition", "ConfigMap");
    let text = format!("---\n{secret}---\n{cm_broken}");
    let e = read(&text).unwrap_err();
    assert_eq!(e.kind, ManifestErrorKind::Syntax, "{e}");
    assert_eq!(e.file, "input.yaml");
    assert!((13..=16).contains(&e.line), "{e}");

    // A broken document whose kind cannot be read cheaply (flow style) is parsed: an error.
    let flow = "---\n{kind: CustomResourceDefinition, spec: [unclosed\n";
    assert!(read(flow).is_err());
    // A skipped kind with a `metadata.namespace` is parsed (the first namespace is the install's).
    let ns = "---\nkind: Role\nmetadata:\n  name: r\n  namespace: team-a\n---\nkind: Secret\nmetadata:\n  name: s\n  namespace: team-b\n";
    assert_eq!(read(ns).unwrap().namespace.as_deref(), Some("team-a"));
    // Two `kind` keys (the later wins in YAML): not skipped on the first one's word.
    let twice = "---\nkind: Role\nmetadata:\n  name: s\nkind: Secret\n";
    assert_eq!(read(twice).unwrap().secrets.len(), 1);
    // A plain scalar continued on the next line is not read cheaply.
    let folded = "---\nkind: Secret\n  List\nitems:\n- kind: Secret\n  metadata: {name: s}\n";
    assert_eq!(read(folded).unwrap().secrets.len(), 1);
}
