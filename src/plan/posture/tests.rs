//! Unit tests of the posture layer. Expected keys, paths and flags are the reference's: §6.2–§6.5
//! (3.5 CA path per client, legacy strict keys, the notifications flag without a key), §11.2
//! (where each client mounts which Secret), §7 (Dex strict TLS), §4.3 (3.5 `--disable-tls`
//! regression), §1.4 (min 1.3 blanks the suites), §9 (Redis TLS flags), §10 (keys).

use std::collections::BTreeMap;

use serde_json::Value;

use super::build::{host_of, remove_flag, set_flag};
use super::issue::SeededRng;
use super::*;
use crate::generate::{GenerateRequest, KeyAlgorithm, generate_set};
use crate::model::standard::{InstallFlavor, standard_install, standard_install_flavor};
use crate::model::{Component, ConfigMap, Installation};
use crate::plan::change::{ApplyHow, Change, Edit, apply_changes};
use crate::resolve::{Options, resolve};
use crate::x509::bundle::{VerifyOutcome, verify_pem};

const NOW: i64 = 1_800_000_000;

/// The standard install of `version` with Dex configured (argocd-cm `url` and a connector).
fn install(version: &str) -> Installation {
    install_flavor(version, InstallFlavor::Plain)
}

fn install_flavor(version: &str, flavor: InstallFlavor) -> Installation {
    let mut i = standard_install_flavor(version, "argocd", flavor);
    i.config_maps.retain(|c| c.name != "argocd-cm");
    i.config_maps.push(ConfigMap {
        name: "argocd-cm".into(),
        data: BTreeMap::from([
            ("url".into(), "https://argocd.example.com".into()),
            (
                "dex.config".into(),
                "connectors:\n- type: github\n  id: github\n  name: GitHub\n  config:\n    clientID: x\n".into(),
            ),
        ]),
        ..ConfigMap::default()
    });
    i
}

fn options(version: &str) -> PostureOptions {
    PostureOptions {
        now: UnixTime::from_secs(NOW),
        argocd_version: Some(version.into()),
        namespace: None,
        issued: BTreeMap::new(),
    }
}

fn posture(yaml: &str) -> Posture {
    read_posture(yaml).unwrap_or_else(|e| panic!("{e}"))
}

/// The changes, with stand-ins for what the CLI would issue.
fn run(install: &Installation, p: &Posture, version: &str) -> Result<Vec<Change>, PostureError> {
    let mut o = options(version);
    let requests = issuance_requests(install, p, &o)?;
    o.issued = stand_in_issued(&requests, b"test")?;
    changes(install, p, &o)
}

fn ids(changes: &[Change]) -> Vec<&str> {
    changes.iter().map(|c| c.id.as_str()).collect()
}

fn change<'c>(changes: &'c [Change], id: &str) -> &'c Change {
    changes
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no {id} in {:?}", ids(changes)))
}

/// Every `argocd-cmd-params-cm` key a change sets.
fn keys(c: &Change) -> Vec<(String, Option<String>)> {
    c.edits
        .iter()
        .filter_map(|e| match e {
            Edit::SetConfigMapKey { key, value, .. } => Some((key.clone(), value.clone())),
            _ => None,
        })
        .collect()
}

fn put_secret(c: &Change) -> &crate::model::Secret {
    c.edits
        .iter()
        .find_map(|e| match e {
            Edit::PutSecret(s) => Some(s),
            _ => None,
        })
        .expect("a Secret")
}

fn put_workload(c: &Change) -> &crate::model::Workload {
    c.edits
        .iter()
        .find_map(|e| match e {
            Edit::PutWorkload(w) => Some(w),
            _ => None,
        })
        .expect("a workload")
}

/// A CA with its key, made for the test (not by the code under test's posture logic).
fn test_ca() -> (String, String) {
    let request = GenerateRequest {
        ca: None,
        issuer: None,
        leaves: vec![issue::ca_request(
            "Test CA",
            KeyAlgorithm::EcdsaP256,
            NOW - 3600,
        )],
    };
    let set = generate_set(&request, &mut SeededRng::new("test ca", b"")).unwrap();
    (
        set.leaves[0].cert_pem.clone(),
        set.leaves[0].key_pem.clone(),
    )
}

fn no_private_key_in_objects(changes: &[Change]) {
    for c in changes {
        for o in &c.objects {
            let text = o.object.to_string();
            if o.object["kind"] == "Secret" {
                continue;
            }
            assert!(!text.contains("PRIVATE KEY"), "{}: {text}", c.id);
        }
    }
}

#[test]
fn yaml_and_json_read_the_same_posture() {
    let yaml = "repoServer:\n  certificate:\n    from: certManager\n    createCaIssuer: true\n  verify: [argocd-server]\ndex:\n  certificate: {from: generate}\ntlsPolicy:\n  profile: intermediate\n";
    let json = r#"{"repoServer": {"certificate": {"from": "certManager", "createCaIssuer": true},
        "verify": ["argocd-server"]}, "dex": {"certificate": {"from": "generate"}},
        "tlsPolicy": {"profile": "intermediate"}}"#;
    let a = posture(yaml);
    assert_eq!(a, posture(json));
    assert!(a.dex.as_ref().unwrap().verify, "verify defaults to true");
    assert_eq!(
        a.repo_server.unwrap().verify,
        Some(vec![RepoClient::Server])
    );
    assert_eq!(posture(""), Posture::default());
    // YAML 1.2: `yes` is a string, so not a boolean field's value.
    let e = read_posture("dex: {certificate: {from: generate}, verify: yes}\n").unwrap_err();
    assert!(e.to_string().contains("expected a boolean"), "{e}");
}

#[test]
fn a_bad_posture_is_a_structured_error() {
    let e = read_posture("repoServer:\n  certificat: {from: generate}\n").unwrap_err();
    assert!(
        matches!(&e, PostureError::Read { message, .. } if message.contains("unknown field `certificat`")),
        "{e:?}"
    );
    let e = read_posture("{\"dex\": [}").unwrap_err();
    assert!(
        matches!(e, PostureError::Read { line: Some(1), .. }),
        "{e:?}"
    );
    let e = read_posture("a: [\n").unwrap_err();
    assert!(
        matches!(e, PostureError::Read { line: Some(_), .. }),
        "{e:?}"
    );
    let e = read_posture("reset: {to: sideways}\n").unwrap_err();
    assert!(matches!(e, PostureError::Read { .. }), "{e:?}");
    let both = posture("reset: {to: defaults}\ndex: {certificate: {from: generate}}\n");
    let e = run(&install("3.5.1"), &both, "3.5.1").unwrap_err();
    assert!(matches!(e, PostureError::Unsupported { .. }), "{e:?}");
}

#[test]
fn repo_server_from_my_ca_on_3_5_every_client_trusts_its_mount_of_ca_crt() {
    let (ca, ca_key) = test_ca();
    let p = Posture {
        repo_server: Some(RepoServerPosture {
            certificate: CertificateSource::MyCa {
                ca_cert_pem: ca.clone(),
                ca_key_pem: Some(ca_key),
                cert_pem: None,
                key_pem: None,
            },
            verify: None,
        }),
        ..Posture::default()
    };
    let i = install("3.5.1");
    let c = run(&i, &p, "3.5.1").unwrap();
    assert_eq!(
        ids(&c),
        [
            "secret/argocd-repo-server-tls",
            "cmd-params/verify-repo-server/argocd-server",
            "cmd-params/verify-repo-server/argocd-application-controller",
            "cmd-params/verify-repo-server/argocd-applicationset-controller",
            "cmd-params/verify-repo-server/argocd-notifications-controller",
        ]
    );
    let paths: Vec<_> = c[1..].iter().flat_map(keys).collect();
    assert_eq!(
        paths,
        [
            (
                "server.repo.server.ca.cert.path".into(),
                Some("/app/config/server/tls/ca.crt".into())
            ),
            (
                "controller.repo.server.ca.cert.path".into(),
                Some("/app/config/controller/tls/ca.crt".into())
            ),
            (
                "applicationsetcontroller.repo.server.ca.cert.path".into(),
                Some("/app/config/reposerver/tls/ca.crt".into())
            ),
            (
                "notificationscontroller.repo.server.ca.cert.path".into(),
                Some("/app/config/reposerver/tls/ca.crt".into())
            ),
        ]
    );
    let s = put_secret(&c[0]);
    assert_eq!(s.secret_type.as_deref(), Some("kubernetes.io/tls"));
    assert_eq!(s.data["ca.crt"], ca);
    // The leaf is for every name a client dials, and chains to the CA.
    for name in [
        "argocd-repo-server",
        "argocd-repo-server.argocd.svc.cluster.local",
    ] {
        let v = verify_pem(
            &s.data["tls.crt"],
            "",
            &ca,
            name,
            UnixTime::from_secs(NOW + 60),
            None,
        )
        .unwrap();
        assert!(matches!(v, VerifyOutcome::Verified { .. }), "{name}: {v:?}");
    }
    // The ConfigMap patch object says the same as the edits.
    let o = &c[1].objects[0];
    assert_eq!(o.how, ApplyHow::Patch);
    assert_eq!(
        o.object["data"]["server.repo.server.ca.cert.path"],
        "/app/config/server/tls/ca.crt"
    );
    // The engine: every client now verifies the repo-server, and it works.
    let after = apply_changes(&i, &c.iter().collect::<Vec<_>>());
    let report = resolve(
        &after,
        &Options {
            now: UnixTime::from_secs(NOW + 60),
            argocd_version: Some("3.5.1".into()),
            namespace: None,
        },
    )
    .unwrap();
    let to_repo: Vec<_> = report
        .connections
        .iter()
        .filter(|x| x.server == "argocd-repo-server")
        .collect();
    assert_eq!(to_repo.len(), 4);
    for x in to_repo {
        assert_eq!(
            x.verification,
            crate::report::Verification::Verify,
            "{}",
            x.client
        );
        assert_eq!(
            x.outcome,
            crate::report::Outcome::Ok,
            "{}: {:?}",
            x.client,
            x.error
        );
    }
}

#[test]
fn before_3_5_the_strict_keys_and_the_notifications_flag() {
    for version in ["2.11.14", "2.14.21"] {
        let p = posture("repoServer: {certificate: {from: generate}}\n");
        let c = run(&install(version), &p, version).unwrap();
        let all: Vec<_> = c.iter().flat_map(keys).collect();
        assert_eq!(
            all,
            [
                ("server.repo.server.strict.tls".into(), Some("true".into())),
                (
                    "controller.repo.server.strict.tls".into(),
                    Some("true".into())
                ),
                (
                    "applicationsetcontroller.repo.server.strict.tls".into(),
                    Some("true".into())
                ),
            ],
            "{version}"
        );
        let w = change(&c, "workload/argocd-notifications-controller");
        assert!(
            put_workload(w)
                .args
                .contains(&"--argocd-repo-server-strict-tls".to_string())
        );
        assert_eq!(
            w.objects[0].object["spec"]["template"]["spec"]["containers"][0]["name"],
            "argocd-notifications-controller"
        );
    }
}

#[test]
fn only_the_clients_asked_for_verify() {
    let p = posture(
        "repoServer:\n  certificate: {from: generate}\n  verify: [argocd-application-controller]\n",
    );
    let c = run(&install("3.5.1"), &p, "3.5.1").unwrap();
    assert_eq!(
        ids(&c),
        [
            "secret/argocd-repo-server-tls",
            "cmd-params/verify-repo-server/argocd-application-controller"
        ]
    );
}

#[test]
fn cert_manager_ca_issuer_chain_and_stand_in() {
    let p = posture(
        "repoServer: {certificate: {from: certManager, createCaIssuer: true}}\nprivateKey: {algorithm: ecdsaP256}\n",
    );
    let c = run(&install("3.5.1"), &p, "3.5.1").unwrap();
    assert_eq!(
        ids(&c)[..4],
        [
            "issuer/argocd-selfsigned",
            "certificate/argocd-ca",
            "issuer/argocd-ca-issuer",
            "certificate/argocd-repo-server-tls"
        ]
    );
    let ca = &change(&c, "certificate/argocd-ca").objects[0].object;
    assert_eq!(ca["spec"]["isCA"], true);
    assert_eq!(ca["spec"]["issuerRef"]["name"], "argocd-selfsigned");
    assert_eq!(
        change(&c, "certificate/argocd-ca").after,
        ["issuer/argocd-selfsigned"]
    );
    assert_eq!(
        change(&c, "issuer/argocd-ca-issuer").objects[0].object["spec"]["ca"]["secretName"],
        "argocd-ca"
    );
    let leaf = change(&c, "certificate/argocd-repo-server-tls");
    assert_eq!(leaf.after, ["issuer/argocd-ca-issuer"]);
    let spec = &leaf.objects[0].object["spec"];
    assert_eq!(spec["secretName"], "argocd-repo-server-tls");
    assert_eq!(
        spec["privateKey"],
        serde_json::json!({"algorithm": "ECDSA", "size": 256, "rotationPolicy": "Always"})
    );
    assert_eq!(
        spec["usages"],
        serde_json::json!(["digital signature", "server auth"])
    );
    let names: Vec<&str> = spec["dnsNames"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "argocd-repo-server",
            "argocd-repo-server.argocd",
            "argocd-repo-server.argocd.svc",
            "argocd-repo-server.argocd.svc.cluster.local"
        ]
    );
    assert_eq!(
        leaf.waits,
        [
            "kubectl -n argocd wait --for=condition=Ready certificate/argocd-repo-server-tls --timeout=5m"
        ]
    );
    // The stand-in: the Certificate's names, signed by the stand-in CA in ca.crt, not in objects.
    let s = put_secret(leaf);
    let v = verify_pem(
        &s.data["tls.crt"],
        "",
        &s.data["ca.crt"],
        "argocd-repo-server",
        UnixTime::from_secs(NOW + 60),
        None,
    )
    .unwrap();
    assert!(matches!(v, VerifyOutcome::Verified { .. }), "{v:?}");
    let ca_secret = put_secret(change(&c, "certificate/argocd-ca"));
    assert_eq!(s.data["ca.crt"], ca_secret.data["tls.crt"]);
    no_private_key_in_objects(&c);
}

#[test]
fn an_existing_cluster_issuer_and_its_unknown_ca() {
    let p = posture(
        "dex:\n  certificate: {from: certManager, issuer: {name: corp, kind: ClusterIssuer}}\n",
    );
    let c = run(&install("3.5.1"), &p, "3.5.1").unwrap();
    assert_eq!(
        ids(&c),
        [
            "certificate/argocd-dex-server-tls",
            "cmd-params/verify-dex/argocd-server"
        ]
    );
    let cert = &c[0];
    assert_eq!(
        cert.objects[0].object["spec"]["issuerRef"],
        serde_json::json!({"name": "corp", "kind": "ClusterIssuer", "group": "cert-manager.io"})
    );
    assert!(cert.title.contains("stand-in"), "{}", cert.title);
    assert!(cert.after.is_empty());
    assert_eq!(
        keys(&c[1]),
        [("server.dex.server.strict.tls".into(), Some("true".into()))]
    );
    let names = cert.objects[0].object["spec"]["dnsNames"].to_string();
    assert!(names.contains("\"argocd-dex-server\""), "{names}");
}

#[test]
fn server_certificate_names_and_the_hot_reload_label() {
    let p = posture(
        "server:\n  certificate: {from: certManager, createCaIssuer: true}\n  hosts: [argocd.internal.example]\n",
    );
    let c = run(&install("3.5.1"), &p, "3.5.1").unwrap();
    let spec = &change(&c, "certificate/argocd-server-tls").objects[0].object["spec"];
    assert_eq!(
        spec["secretTemplate"]["labels"]["app.kubernetes.io/part-of"],
        "argocd"
    );
    assert_eq!(spec["dnsNames"][0], "argocd.example.com");
    assert_eq!(spec["dnsNames"][1], "argocd.internal.example");
    assert_eq!(spec["dnsNames"][2], "argocd-server");
    assert_eq!(spec["privateKey"]["algorithm"], "RSA");
    assert_eq!(
        spec["usages"],
        serde_json::json!(["digital signature", "key encipherment", "server auth"])
    );
    let s = put_secret(change(&c, "certificate/argocd-server-tls"));
    assert_eq!(s.labels["app.kubernetes.io/part-of"], "argocd");
    let off = posture("server:\n  certificate: {from: generate}\n  hotReloadLabel: false\n");
    let c = run(&install("3.5.1"), &off, "3.5.1").unwrap();
    assert!(put_secret(&c[0]).labels.is_empty());
    assert!(c[0].objects[0].object["metadata"].get("labels").is_none());
}

mod policies;
