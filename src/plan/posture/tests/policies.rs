//! The posture tests for policies and the reverse directions: TLS policy, mTLS, Redis TLS, back
//! to defaults, TLS off behind a mesh, and what must be issued outside the core.

use super::*;

#[test]
fn tls_policy_per_profile_and_version() {
    for version in ["2.11.14", "3.5.1"] {
        let c = run(
            &install(version),
            &posture("tlsPolicy: {profile: intermediate}\n"),
            version,
        )
        .unwrap();
        assert_eq!(
            ids(&c),
            [
                "cmd-params/tls-policy/argocd-server",
                "cmd-params/tls-policy/argocd-repo-server"
            ]
        );
        let suites = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256:TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
        assert_eq!(
            keys(&c[1]),
            [
                ("reposerver.tls.ciphers".into(), Some(suites.into())),
                ("reposerver.tls.maxversion".into(), Some("1.3".into())),
                ("reposerver.tls.minversion".into(), Some("1.2".into())),
            ]
        );
    }
    // Modern: TLS 1.3 only; a ciphers key set today is removed (Argo blanks it at min 1.3).
    let mut i = install("3.5.1");
    i.config_maps
        .iter_mut()
        .find(|c| c.name == "argocd-cmd-params-cm")
        .unwrap()
        .data
        .insert(
            "server.tls.ciphers".into(),
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384".into(),
        );
    let c = run(&i, &posture("tlsPolicy: {profile: modern}\n"), "3.5.1").unwrap();
    assert_eq!(
        keys(&c[0]),
        [
            ("server.tls.ciphers".into(), None),
            ("server.tls.maxversion".into(), Some("1.3".into())),
            ("server.tls.minversion".into(), Some("1.3".into())),
        ]
    );
    // A name Go >= 1.22 rejects is refused for 3.5 (Go 1.26) and accepted for 2.11 (Go 1.21).
    let rsa = posture("tlsPolicy: {ciphers: [TLS_RSA_WITH_AES_256_GCM_SHA384]}\n");
    let e = run(&install("3.5.1"), &rsa, "3.5.1").unwrap_err();
    assert!(
        e.to_string()
            .contains("invalid cipher suite specified: TLS_RSA_WITH_AES_256_GCM_SHA384"),
        "{e}"
    );
    assert!(run(&install("2.11.14"), &rsa, "2.11.14").is_ok());
    let e = run(
        &install("3.5.1"),
        &posture("tlsPolicy: {minVersion: '1.3', maxVersion: '1.2'}\n"),
        "3.5.1",
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("minimum TLS version 1.3 must not be higher than maximum TLS version 1.2"),
        "{e}"
    );
}

#[test]
fn mtls_needs_3_5_and_projects_cert_manager_keys() {
    let p = posture("mtls: {certificate: {from: generate}}\n");
    let e = run(&install("2.14.21"), &p, "2.14.21").unwrap_err();
    assert!(matches!(e, PostureError::Unsupported { .. }), "{e:?}");
    let c = run(&install("3.5.1"), &p, "3.5.1").unwrap();
    assert_eq!(ids(&c), ["secret/argocd-repo-server-mtls"]);
    let s = put_secret(&c[0]);
    assert_eq!(
        s.data.keys().collect::<Vec<_>>(),
        ["client-ca.crt", "client.crt", "client.key"]
    );
    let v = verify_pem(
        &s.data["client.crt"],
        "",
        &s.data["client-ca.crt"],
        "",
        UnixTime::from_secs(NOW + 60),
        Some("clientAuth"),
    )
    .unwrap();
    assert!(matches!(v, VerifyOutcome::Verified { .. }), "{v:?}");

    let cm = posture("mtls: {certificate: {from: certManager, createCaIssuer: true}}\n");
    let c = run(&install("3.5.1"), &cm, "3.5.1").unwrap();
    let spec = &change(&c, "certificate/argocd-repo-server-mtls").objects[0].object["spec"];
    assert_eq!(spec["commonName"], "argocd-repo-server-client");
    assert!(
        spec["usages"]
            .as_array()
            .unwrap()
            .contains(&Value::from("client auth"))
    );
    let repo = put_workload(change(&c, "workload/argocd-repo-server"));
    let m = repo
        .mounts
        .iter()
        .find(|m| m.secret == "argocd-repo-server-mtls")
        .unwrap();
    assert_eq!(m.items.as_ref().unwrap()[0].key, "ca.crt");
    assert_eq!(m.items.as_ref().unwrap()[0].path, "client-ca.crt");
    let ctl = put_workload(change(&c, "workload/argocd-application-controller"));
    let m = ctl
        .mounts
        .iter()
        .find(|m| m.secret == "argocd-repo-server-mtls")
        .unwrap();
    let items: Vec<_> = m
        .items
        .as_ref()
        .unwrap()
        .iter()
        .map(|i| (i.key.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        items,
        [("tls.crt", "client.crt"), ("tls.key", "client.key")]
    );
    let patch = &change(&c, "workload/argocd-application-controller").objects[0].object;
    assert_eq!(patch["kind"], "StatefulSet");
    assert_eq!(
        patch["spec"]["template"]["spec"]["volumes"][0]["secret"]["items"][0]["path"],
        "client.crt"
    );
}

#[test]
fn redis_tls_flags_mounts_and_order() {
    let p = posture("redis: {certificate: {from: generate}}\n");
    let i = install("3.5.1");
    let c = run(&i, &p, "3.5.1").unwrap();
    // §9: redis-server serves TLS on a second port; plaintext stays until the clients moved.
    let redis = change(&c, "workload/argocd-redis");
    let args = &put_workload(redis).args;
    for want in [
        "--tls-port",
        "6380",
        "--tls-cert-file",
        "/app/config/redis/tls/tls.crt",
        "--tls-auth-clients",
        "no",
    ] {
        assert!(args.contains(&want.to_string()), "{args:?}");
    }
    assert!(!args.contains(&"--port".to_string()), "{args:?}");
    assert_eq!(redis.after, ["secret/argocd-redis-tls"]);
    let kinds: Vec<&str> = redis
        .objects
        .iter()
        .map(|o| o.object["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Deployment", "Service", "NetworkPolicy"]);
    let clients = [
        "argocd-server",
        "argocd-repo-server",
        "argocd-application-controller",
    ];
    for w in clients {
        let a = &put_workload(change(&c, &format!("workload/{w}"))).args;
        for flag in [
            "--redis-use-tls",
            "--redis-ca-certificate=/app/config/redis/tls/ca.crt",
            "--redis=argocd-redis:6380",
        ] {
            assert!(a.contains(&flag.to_string()), "{w}: {a:?}");
        }
    }
    let off = change(&c, "workload/argocd-redis/plaintext-off");
    let off_args = &put_workload(off).args;
    assert!(
        off_args.windows(2).any(|w| w == ["--port", "0"]),
        "{off_args:?}"
    );
    assert_eq!(off.after, clients.map(|w| format!("workload/{w}")).to_vec());
    // The engine on the target: every Redis connection is TLS, verified, and works.
    let after = apply_changes(&i, &c.iter().collect::<Vec<_>>());
    let report = resolve(
        &after,
        &Options {
            now: UnixTime::from_secs(NOW),
            argocd_version: Some("3.5.1".into()),
            namespace: None,
        },
    )
    .unwrap();
    let redis_conns: Vec<_> = report
        .connections
        .iter()
        .filter(|k| k.server == "argocd-redis")
        .collect();
    assert_eq!(redis_conns.len(), 3);
    for k in redis_conns {
        assert_eq!(k.outcome, crate::report::Outcome::Ok, "{k:?}");
        assert_eq!(k.verification, crate::report::Verification::Verify);
    }
    let e = run(
        &install_flavor("3.5.1", InstallFlavor::HighAvailability),
        &p,
        "3.5.1",
    )
    .unwrap_err();
    assert!(matches!(e, PostureError::Unsupported { .. }), "{e:?}");
}

#[test]
fn redis_tls_back_to_defaults_brings_plaintext_back_first() {
    let i = install("3.5.1");
    let c = run(
        &i,
        &posture("redis: {certificate: {from: generate}}\n"),
        "3.5.1",
    )
    .unwrap();
    let there = apply_changes(&i, &c.iter().collect::<Vec<_>>());
    let back = run(&there, &posture("reset: {to: defaults}\n"), "3.5.1").unwrap();
    let first = put_workload(change(&back, "workload/argocd-redis"));
    assert!(
        first.args.contains(&"--tls-port".to_string()),
        "{:?}",
        first.args
    );
    assert!(
        !first.args.contains(&"--port".to_string()),
        "{:?}",
        first.args
    );
    for w in [
        "argocd-server",
        "argocd-repo-server",
        "argocd-application-controller",
    ] {
        let a = &put_workload(change(&back, &format!("workload/{w}"))).args;
        assert!(a.iter().all(|x| !x.starts_with("--redis")), "{w}: {a:?}");
    }
    let off = change(&back, "workload/argocd-redis/tls-off");
    assert_eq!(off.after.len(), 4, "{:?}", off.after);
    assert_eq!(
        change(&back, "delete-secret/argocd-redis-tls").after,
        ["workload/argocd-redis/tls-off"]
    );
    let home = apply_changes(&there, &back.iter().collect::<Vec<_>>());
    assert_eq!(home.workloads, i.workloads);
}

#[test]
fn back_to_defaults_removes_what_the_forward_postures_add() {
    let forward = posture(
        "repoServer: {certificate: {from: generate}}\nredis: {certificate: {from: generate}}\ntlsPolicy: {profile: intermediate}\nmtls: {certificate: {from: certManager, createCaIssuer: true}}\n",
    );
    let base = install("3.5.1");
    let c = run(&base, &forward, "3.5.1").unwrap();
    let there = apply_changes(&base, &c.iter().collect::<Vec<_>>());
    let back = run(&there, &posture("reset: {to: defaults}\n"), "3.5.1").unwrap();
    let home = apply_changes(&there, &back.iter().collect::<Vec<_>>());
    // The TLS-relevant model is the upstream install's again, apart from the cert-manager CA
    // Secret (not the posture's to delete: the Issuer uses it).
    assert_eq!(home.workloads, base.workloads);
    assert_eq!(
        home.config_map("argocd-cmd-params-cm"),
        base.config_map("argocd-cmd-params-cm")
    );
    let left: Vec<_> = home.secrets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(left, ["argocd-ca"]);
    assert!(
        back.iter()
            .any(|c| c.id == "delete-secret/argocd-repo-server-tls"
                && c.objects[0].how == ApplyHow::Delete)
    );
}

#[test]
fn no_tls_behind_a_mesh() {
    let p = posture("reset: {to: noTls, mesh: istio}\n");
    let c = run(&install("3.5.1"), &p, "3.5.1").unwrap();
    let all: BTreeMap<_, _> = c.iter().flat_map(keys).collect();
    for k in [
        "reposerver.disable.tls",
        "server.repo.server.plaintext",
        "controller.repo.server.plaintext",
        "applicationsetcontroller.repo.server.plaintext",
        "notificationscontroller.repo.server.plaintext",
        "dexserver.disable.tls",
        "server.dex.server.plaintext",
        "server.insecure",
    ] {
        assert_eq!(all.get(k), Some(&Some("true".to_string())), "{k}: {all:?}");
    }
    let repo = change(&c, "workload/argocd-repo-server");
    assert!(
        put_workload(repo)
            .args
            .contains(&"--client-ca-path=".to_string())
    );
    let patch = &repo.objects[0].object["spec"]["template"];
    assert_eq!(
        patch["metadata"]["labels"]["sidecar.istio.io/inject"],
        "true"
    );
    assert!(patch["metadata"].get("annotations").is_none());
    // 2.14: no #29661 workaround (the regression is 3.5's).
    let c = run(
        &install("2.14.21"),
        &posture("reset: {to: noTls}\n"),
        "2.14.21",
    )
    .unwrap();
    assert!(
        c.iter().all(|x| !x.id.starts_with("workload/")),
        "{:?}",
        ids(&c)
    );
    // The engine: after the changes, every repo-server and Dex connection is plaintext and works.
    let i = install("3.5.1");
    let after = apply_changes(
        &i,
        &run(&i, &posture("reset: {to: noTls}\n"), "3.5.1")
            .unwrap()
            .iter()
            .collect::<Vec<_>>(),
    );
    let report = resolve(
        &after,
        &Options {
            now: UnixTime::from_secs(NOW),
            argocd_version: Some("3.5.1".into()),
            namespace: None,
        },
    )
    .unwrap();
    for x in report
        .connections
        .iter()
        .filter(|x| x.server == "argocd-repo-server" || x.server == "argocd-dex-server")
    {
        assert_eq!(
            x.transport,
            crate::report::Transport::Plaintext,
            "{} -> {}",
            x.client,
            x.server
        );
        assert_eq!(
            x.outcome,
            crate::report::Outcome::Ok,
            "{} -> {}: {:?}",
            x.client,
            x.server,
            x.error
        );
    }
}

#[test]
fn a_certificate_to_issue_here_must_be_passed_in() {
    let p = posture("dex: {certificate: {from: generate}}\n");
    let e = changes(&install("3.5.1"), &p, &options("3.5.1")).unwrap_err();
    assert_eq!(
        e,
        PostureError::NotIssued {
            id: "argocd-dex-server-tls".into()
        }
    );
    let bad = Posture {
        dex: Some(DexPosture {
            certificate: CertificateSource::MyCa {
                ca_cert_pem: test_ca().0,
                ca_key_pem: None,
                cert_pem: Some(test_ca().0),
                key_pem: Some(
                    "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".into(),
                ),
            },
            verify: true,
        }),
        ..Posture::default()
    };
    let e = run(&install("3.5.1"), &bad, "3.5.1").unwrap_err();
    assert!(
        matches!(&e, PostureError::BadPem { endpoint, .. } if endpoint == "argocd-dex-server-tls"),
        "{e:?}"
    );
    assert!(!format!("{e:?}").contains("AAAA"));
}

#[test]
fn the_same_input_gives_the_same_changes() {
    let p = posture(
        "repoServer: {certificate: {from: certManager, createCaIssuer: true}}\ndex: {certificate: {from: generate}}\nserver: {certificate: {from: certManager, issuer: {name: corp}}}\nmtls: {certificate: {from: generate}}\n",
    );
    let i = install("3.5.1");
    let a = run(&i, &p, "3.5.1").unwrap();
    let b = run(&i, &p, "3.5.1").unwrap();
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    let bundle_a = yaml_documents(
        &a.iter()
            .flat_map(|c| c.objects.iter().map(|o| o.object.clone()))
            .collect::<Vec<_>>(),
    );
    let bundle_b = yaml_documents(
        &b.iter()
            .flat_map(|c| c.objects.iter().map(|o| o.object.clone()))
            .collect::<Vec<_>>(),
    );
    assert_eq!(bundle_a, bundle_b);
    // A different posture gives different stand-ins.
    let q = posture("repoServer: {certificate: {from: certManager, createCaIssuer: true}}\n");
    let c = run(&i, &q, "3.5.1").unwrap();
    assert_ne!(
        put_secret(change(&a, "certificate/argocd-repo-server-tls")).data["tls.crt"],
        put_secret(change(&c, "certificate/argocd-repo-server-tls")).data["tls.crt"]
    );
}

#[test]
fn yaml_documents_read_back_as_the_same_objects() {
    let p = posture(
        "repoServer: {certificate: {from: generate}}\nredis: {certificate: {from: generate}}\nreset: null\n",
    );
    let c = run(&install("3.5.1"), &p, "3.5.1").unwrap();
    let mut objects: Vec<Value> = c
        .iter()
        .flat_map(|c| c.objects.iter().map(|o| o.object.clone()))
        .collect();
    objects.push(serde_json::json!({
        "odd": ["", "true", "yes", "1.0", "0x1F", "1e3", "0o17", ".inf", ".NaN", "1_000", "-.5", "02.yaml", "../base", "deadbeef", "beef-cafe", "--flag=x", "a: b", "#x", " lead", "multi\nline\n", "no-newline\nend", "tab\there", "ümlaut", null, 3, -2, 1.5, false, {}, []],
        "nested": [[1, [2]], {"a": {"b": ["c"]}}],
        "key with space": "v", "": "empty key"
    }));
    let text = yaml_documents(&objects);
    assert!(
        text.contains("tls.crt: |\n    -----BEGIN CERTIFICATE-----\n"),
        "PEM as a literal block"
    );
    let mut back = Vec::new();
    crate::model::manifest::tree::for_each_document(&text, |n| -> Result<(), PostureError> {
        back.push(read::to_json(&n));
        Ok(())
    })
    .unwrap();
    assert_eq!(back, objects);
}

#[test]
fn the_kustomize_overlay_lists_resources_and_patches() {
    let p = posture(
        "repoServer: {certificate: {from: generate}}\nredis: {certificate: {from: generate}}\n",
    );
    let c = run(&install("3.5.1"), &p, "3.5.1").unwrap();
    let files: Vec<(String, &crate::plan::change::KubeObject)> = c
        .iter()
        .flat_map(|c| c.objects.iter())
        .enumerate()
        .map(|(i, o)| (format!("{i:02}.yaml"), o))
        .collect();
    let out = kustomize_overlay("../base", "argocd", &files);
    let (_, k) = out
        .iter()
        .find(|(n, _)| n == "kustomize/kustomization.yaml")
        .unwrap();
    assert!(k.contains("namespace: argocd\n"), "{k}");
    assert!(k.contains("resources:\n- ../base\n- 00.yaml\n"), "{k}");
    assert!(k.contains("patches:\n- path: "), "{k}");
    for (name, text) in &out {
        assert!(
            !text.contains("namespace: argocd") || name.ends_with("kustomization.yaml"),
            "{name}"
        );
    }
}

#[test]
fn hosts_and_flags() {
    assert_eq!(host_of("argocd-repo-server:8081"), "argocd-repo-server");
    assert_eq!(
        host_of("https://Argocd-Dex-Server.argocd.svc:5556/x"),
        "argocd-dex-server.argocd.svc"
    );
    assert_eq!(host_of("[fd00::1]:8081"), "fd00::1");
    assert_eq!(host_of("argocd-repo-server"), "argocd-repo-server");
    let mut a: Vec<String> = [
        "/usr/local/bin/argocd-server",
        "--tlsciphers",
        "X",
        "--insecure",
        "--redis-use-tls=true",
        "--other",
    ]
    .map(String::from)
    .to_vec();
    remove_flag(&mut a, "tlsciphers");
    remove_flag(&mut a, "insecure");
    remove_flag(&mut a, "redis-use-tls");
    assert_eq!(a, ["/usr/local/bin/argocd-server", "--other"]);
    set_flag(&mut a, "client-ca-path", Some(""));
    set_flag(&mut a, "client-ca-path", Some(""));
    assert_eq!(
        a,
        [
            "/usr/local/bin/argocd-server",
            "--other",
            "--client-ca-path="
        ]
    );
}

#[test]
fn the_committed_schema_names_every_field() {
    let schema: Value = serde_json::from_str(&posture_json_schema()).unwrap();
    let props = schema["properties"].as_object().unwrap();
    let names: Vec<&str> = props.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "dex",
            "edge",
            "mtls",
            "privateKey",
            "redis",
            "repoServer",
            "reset",
            "rotate",
            "server",
            "tlsPolicy"
        ]
    );
    let _ = standard_install("3.5.1", "argocd");
    let _ = Component::ALL;
}
