//! Plans on the upstream installs: each transition's plan is safe in every state and mixed
//! state, the naive order breaks what the reference says it breaks (with Go's text), and a plan
//! resumed after k steps gives the rest.
//!
//! The transitions are listed once ([`transitions`]) so that the Go confirmation
//! (`plans_go.rs`) handshakes every state of every one of them.

use std::collections::BTreeMap;

use argocd_tls_planner::{
    CertificateRequest, Change, Component, Edit, Installation, IssuerPem, KeyAlgorithm,
    KeyEncoding, Options, Plan, PlanOptions, RequestedKeyUsage, Secret, StepKind, UnixTime,
    apply_changes, generate_certificate, plan, read_manifests,
};

/// One transition of the corpus: where it starts and the changes that lead to the target.
pub(crate) struct Transition {
    /// A short name (the test's).
    pub name: &'static str,
    /// The Argo CD version planned for.
    pub version: &'static str,
    /// Today's manifests.
    pub current: Installation,
    /// The changes, in the naive (given) order.
    pub changes: Vec<Change>,
}

/// Every transition of the corpus.
pub(crate) fn transitions() -> Vec<Transition> {
    vec![
        Transition {
            name: "verified-repo-server-my-ca-3.5.1",
            version: "3.5.1",
            current: upstream("3.5.1"),
            changes: vec![strict_clients(), repo_secret()],
        },
        Transition {
            name: "verified-repo-server-my-ca-2.14.21",
            version: "2.14.21",
            current: upstream("2.14.21"),
            changes: vec![strict_clients(), repo_secret()],
        },
        Transition {
            name: "repo-server-ca-path-3.5.1",
            version: "3.5.1",
            current: upstream("3.5.1"),
            changes: vec![ca_path_clients(), server_ca_secret(), repo_secret()],
        },
        Transition {
            name: "verified-repo-server-my-ca-3.5.1-ha",
            version: "3.5.1",
            current: upstream("3.5.1-ha"),
            changes: vec![strict_clients(), repo_secret()],
        },
        Transition {
            name: "verified-repo-server-my-ca-3.5.1-hydrator",
            version: "3.5.1",
            current: upstream_file("argocd-v3.5.1-install-with-hydrator.yaml"),
            changes: vec![strict_clients(), repo_secret()],
        },
        Transition {
            name: "mtls-on-3.5.1",
            version: "3.5.1",
            current: upstream("3.5.1"),
            changes: vec![mtls_secret()],
        },
        Transition {
            name: "verified-dex-my-ca-2.14.21",
            version: "2.14.21",
            current: with_dex(upstream("2.14.21")),
            changes: vec![dex_strict(), dex_secret()],
        },
    ]
}

/// Transitions with no safe order: the plan must say so, and what breaks must be Go's.
pub(crate) fn traps() -> Vec<Transition> {
    vec![
        // §4.3: on 3.5 `reposerver.disable.tls` alone makes the repo-server exit (#29661): its
        // new pods never start, the old ones keep serving TLS to clients gone plaintext.
        Transition {
            name: "repo-server-tls-off-3.5.1",
            version: "3.5.1",
            current: upstream("3.5.1"),
            changes: vec![plaintext_clients(), repo_tls_off()],
        },
        // §6.6: a trust file that holds no certificate stops a verifying client at start; the
        // clients that verify never come up on it.
        Transition {
            name: "repo-server-ca-not-pem-2.14.21",
            version: "2.14.21",
            current: upstream("2.14.21"),
            changes: vec![strict_clients(), repo_secret_with_ca("not a certificate\n")],
        },
        // The same for the application controller alone: a one-replica StatefulSet, whose old
        // pod is gone before the new one crashes — the controller is down, not "safe".
        Transition {
            name: "controller-ca-not-pem-2.14.21",
            version: "2.14.21",
            current: upstream("2.14.21"),
            changes: vec![
                strict_controller(),
                repo_secret_with_ca("not a certificate\n"),
            ],
        },
        // §7: argocd-server pins Dex's tls.crt as it was when it started; a rotated Dex
        // certificate (same CA) fails the pin on one side of every order.
        Transition {
            name: "dex-rotation-2.14.21",
            version: "2.14.21",
            current: apply_changes(
                &with_dex(upstream("2.14.21")),
                &[&dex_strict(), &dex_secret()],
            ),
            changes: vec![{
                let Pki {
                    ca,
                    dex_rotated: (crt, key),
                    ..
                } = pki();
                dex_secret_with("Rotate Dex's certificate (same CA)", ca, crt, key)
            }],
        },
        // 2.14: TLS off works, but without a mesh one side always changes before the other.
        Transition {
            name: "repo-server-tls-off-2.14.21",
            version: "2.14.21",
            current: upstream("2.14.21"),
            changes: vec![plaintext_clients(), repo_tls_off()],
        },
    ]
}

fn transition(name: &str) -> Transition {
    transitions()
        .into_iter()
        .chain(traps())
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no transition {name}"))
}

fn upstream(name: &str) -> Installation {
    upstream_file(&format!("argocd-v{name}-install.yaml"))
}

fn upstream_file(file: &str) -> Installation {
    let name = file;
    let path = format!(
        "{}/../shared/fixtures/upstream/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    read_manifests(&[(name, text.as_str())]).unwrap()
}

fn example(file: &str) -> String {
    let path = format!("{}/src/example/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

pub(crate) fn options(version: &str) -> PlanOptions {
    PlanOptions::new(Options {
        now: UnixTime::parse_rfc3339("2027-01-15T00:00:00Z").unwrap(),
        argocd_version: Some(version.to_string()),
        namespace: None,
    })
}

/// The repo-server's certificate from the example CA, with the CA for the clients.
fn repo_secret() -> Change {
    repo_secret_with_ca(&example("ca.crt"))
}

/// The repo-server's certificate from the example CA, with `ca` as `ca.crt`.
fn repo_secret_with_ca(ca: &str) -> Change {
    Change {
        id: "secret/argocd-repo-server-tls".into(),
        title: "Create Secret argocd-repo-server-tls (certificate from my CA)".into(),
        edits: vec![Edit::PutSecret(Secret {
            name: "argocd-repo-server-tls".into(),
            secret_type: Some("kubernetes.io/tls".into()),
            data: BTreeMap::from([
                ("tls.crt".into(), example("repo-server.crt")),
                ("tls.key".into(), example("repo-server.key")),
                ("ca.crt".into(), ca.to_string()),
            ]),
            ..Secret::default()
        })],
        objects: vec![],
        after: vec![],
        waits: vec![],
    }
}

fn strict_clients() -> Change {
    let keys = [
        "server.repo.server.strict.tls",
        "controller.repo.server.strict.tls",
        "applicationsetcontroller.repo.server.strict.tls",
    ];
    Change {
        id: "configmap/argocd-cmd-params-cm/strict".into(),
        title: "Make the repo-server's clients verify it".into(),
        edits: keys
            .iter()
            .map(|k| Edit::SetConfigMapKey {
                config_map: "argocd-cmd-params-cm".into(),
                key: (*k).into(),
                value: Some("true".into()),
            })
            .collect(),
        objects: vec![],
        after: vec![],
        waits: vec![],
    }
}

/// 3.5: every client verifies the repo-server against one CA file, `--repo-server-ca-cert-path`
/// (§6.2), here the `server-ca.crt` of the mounted `argocd-repo-server-mtls` (§6.6).
fn ca_path_clients() -> Change {
    let keys = [
        "server.repo.server.ca.cert.path",
        "controller.repo.server.ca.cert.path",
        "applicationsetcontroller.repo.server.ca.cert.path",
        "notificationscontroller.repo.server.ca.cert.path",
    ];
    Change {
        id: "configmap/argocd-cmd-params-cm/ca-path".into(),
        title: "Make the repo-server's clients verify it against server-ca.crt".into(),
        edits: keys
            .iter()
            .map(|k| Edit::SetConfigMapKey {
                config_map: "argocd-cmd-params-cm".into(),
                key: (*k).into(),
                value: Some("/app/config/reposerver/mtls/server-ca.crt".into()),
            })
            .collect(),
        objects: vec![],
        after: vec![],
        waits: vec![],
    }
}

/// `argocd-repo-server-mtls` with only `server-ca.crt` (no `client-ca.crt`: mTLS stays off).
fn server_ca_secret() -> Change {
    Change {
        id: "secret/argocd-repo-server-mtls".into(),
        title: "Create Secret argocd-repo-server-mtls (server-ca.crt: my CA)".into(),
        edits: vec![Edit::PutSecret(Secret {
            name: "argocd-repo-server-mtls".into(),
            data: BTreeMap::from([("server-ca.crt".into(), example("ca.crt"))]),
            ..Secret::default()
        })],
        objects: vec![],
        after: vec![],
        waits: vec![],
    }
}

/// Dex configured (argocd-cm `url` and a `dex.config`, §0.0 item 8), serving its generated
/// certificate, argocd-server not verifying it.
fn with_dex(install: Installation) -> Installation {
    let overlay = r#"
apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
data:
  url: https://argocd.example.com
  dex.config: |
    connectors:
      - type: github
        id: github
        name: GitHub
        config:
          clientID: example
          clientSecret: $dex.github.clientSecret
"#;
    install.overlay(read_manifests(&[("dex", overlay)]).unwrap())
}

/// Certificates generated once per run: a CA, and from it a certificate (chain, key) for Dex
/// (`argocd-dex-server`) and a client certificate for the repo-server's mTLS clients.
struct Pki {
    ca: String,
    dex: (String, String),
    /// Another certificate for Dex from the same CA (a rotation).
    dex_rotated: (String, String),
    client: (String, String),
}

fn pki() -> &'static Pki {
    static PKI: std::sync::OnceLock<Pki> = std::sync::OnceLock::new();
    PKI.get_or_init(|| {
        let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
        let window = |t: &str| UnixTime::parse_rfc3339(t).unwrap().as_secs();
        let req =
            |cn: &str, dns: &[&str], ca: bool, eku: &[RequestedKeyUsage]| CertificateRequest {
                common_name: Some(cn.into()),
                organization: Some("Plans".into()),
                dns_names: dns.iter().map(|d| d.to_string()).collect(),
                ip_addresses: vec![],
                is_ca: ca,
                ext_key_usages: eku.to_vec(),
                key_algorithm: KeyAlgorithm::EcdsaP256,
                key_encoding: KeyEncoding::Traditional,
                not_before: window("2026-01-01T00:00:00Z"),
                not_after: window("2029-01-01T00:00:00Z"),
            };
        let ca = generate_certificate(&req("Plans CA", &[], true, &[]), None, &mut rng).unwrap();
        let issuer = IssuerPem {
            cert_pem: ca.cert_pem.clone(),
            key_pem: ca.key_pem,
        };
        let mut leaf = |cn: &str, dns: &[&str], eku: RequestedKeyUsage| {
            let g = generate_certificate(&req(cn, dns, false, &[eku]), Some(&issuer), &mut rng)
                .unwrap();
            (g.chain_pem, g.key_pem)
        };
        let dex = leaf(
            "argocd-dex-server",
            &["argocd-dex-server"],
            RequestedKeyUsage::ServerAuth,
        );
        let dex_rotated = leaf(
            "argocd-dex-server",
            &["argocd-dex-server"],
            RequestedKeyUsage::ServerAuth,
        );
        let client = leaf("argocd-client", &[], RequestedKeyUsage::ClientAuth);
        Pki {
            ca: ca.cert_pem,
            dex,
            dex_rotated,
            client,
        }
    })
}

/// 3.5 mTLS (§4.3, §6.7): `argocd-repo-server-mtls` with `client-ca.crt` switches the
/// repo-server to requiring client certificates at its next start; `client.crt`/`client.key`
/// make each client present one at its next start.
fn mtls_secret() -> Change {
    let pki = pki();
    Change {
        id: "secret/argocd-repo-server-mtls".into(),
        title: "Create Secret argocd-repo-server-mtls (client CA and client certificate)".into(),
        edits: vec![Edit::PutSecret(Secret {
            name: "argocd-repo-server-mtls".into(),
            data: BTreeMap::from([
                ("client-ca.crt".into(), pki.ca.clone()),
                ("client.crt".into(), pki.client.0.clone()),
                ("client.key".into(), pki.client.1.clone()),
            ]),
            ..Secret::default()
        })],
        objects: vec![],
        after: vec![],
        waits: vec![],
    }
}

/// Dex's certificate from my CA, with the CA for argocd-server (§7: `ca.crt` is its only
/// trust anchor and `tls.crt` its pin).
fn dex_secret() -> Change {
    let Pki {
        ca,
        dex: (crt, key),
        ..
    } = pki();
    dex_secret_with(
        "Create Secret argocd-dex-server-tls (certificate from my CA)",
        ca,
        crt,
        key,
    )
}

fn dex_secret_with(title: &str, ca: &str, crt: &str, key: &str) -> Change {
    Change {
        id: "secret/argocd-dex-server-tls".into(),
        title: title.into(),
        edits: vec![Edit::PutSecret(Secret {
            name: "argocd-dex-server-tls".into(),
            secret_type: Some("kubernetes.io/tls".into()),
            data: BTreeMap::from([
                ("tls.crt".into(), crt.to_string()),
                ("tls.key".into(), key.to_string()),
                ("ca.crt".into(), ca.to_string()),
            ]),
            ..Secret::default()
        })],
        objects: vec![],
        after: vec![],
        waits: vec![],
    }
}

fn dex_strict() -> Change {
    Change {
        id: "configmap/argocd-cmd-params-cm/dex-strict".into(),
        title: "Make argocd-server verify Dex".into(),
        edits: vec![Edit::SetConfigMapKey {
            config_map: "argocd-cmd-params-cm".into(),
            key: "server.dex.server.strict.tls".into(),
            value: Some("true".into()),
        }],
        objects: vec![],
        after: vec![],
        waits: vec![],
    }
}

fn strict_controller() -> Change {
    Change {
        id: "configmap/argocd-cmd-params-cm/controller-strict".into(),
        title: "Make the application controller verify the repo-server".into(),
        edits: vec![Edit::SetConfigMapKey {
            config_map: "argocd-cmd-params-cm".into(),
            key: "controller.repo.server.strict.tls".into(),
            value: Some("true".into()),
        }],
        objects: vec![],
        after: vec![],
        waits: vec![],
    }
}

fn plaintext_clients() -> Change {
    let keys = [
        "server.repo.server.plaintext",
        "controller.repo.server.plaintext",
        "applicationsetcontroller.repo.server.plaintext",
        "notificationscontroller.repo.server.plaintext",
    ];
    Change {
        id: "configmap/argocd-cmd-params-cm/plaintext".into(),
        title: "Make the repo-server's clients dial it without TLS".into(),
        edits: keys
            .iter()
            .map(|k| Edit::SetConfigMapKey {
                config_map: "argocd-cmd-params-cm".into(),
                key: (*k).into(),
                value: Some("true".into()),
            })
            .collect(),
        objects: vec![],
        after: vec![],
        waits: vec![],
    }
}

fn repo_tls_off() -> Change {
    Change {
        id: "configmap/argocd-cmd-params-cm/repo-tls-off".into(),
        title: "Turn the repo-server's TLS off".into(),
        edits: vec![Edit::SetConfigMapKey {
            config_map: "argocd-cmd-params-cm".into(),
            key: "reposerver.disable.tls".into(),
            value: Some("true".into()),
        }],
        objects: vec![],
        after: vec![],
        waits: vec![],
    }
}

fn restarts(p: &Plan) -> Vec<String> {
    p.steps
        .iter()
        .filter(|s| s.kind == StepKind::Restart)
        .flat_map(|s| s.restarts.clone())
        .collect()
}

#[test]
fn verified_repo_server_with_my_ca_3_5_1() {
    verified_repo_server_with_my_ca(&transition("verified-repo-server-my-ca-3.5.1"));
}

/// 2.14: the legacy strict flag only (§6.8); each client trusts the files of its
/// `argocd-repo-server-tls` mount (§6.5), the notifications controller never verifies (§6.3).
#[test]
fn verified_repo_server_with_my_ca_2_14_21() {
    verified_repo_server_with_my_ca(&transition("verified-repo-server-my-ca-2.14.21"));
}

/// 3.5: the CA-path flag instead of the legacy one; the same order keeps the clients up.
#[test]
fn repo_server_ca_path_3_5_1() {
    verified_repo_server_with_my_ca(&transition("repo-server-ca-path-3.5.1"));
}

/// Dex from my CA, argocd-server verifying it (§7): Dex restarts on its new certificate before
/// argocd-server restarts to pin it; the naive order has new argocd-server pods meet the old
/// Dex pod's generated certificate.
#[test]
fn verified_dex_with_my_ca_2_14_21() {
    let t = transition("verified-dex-my-ca-2.14.21");
    let p = plan(&t.current, &t.changes, &options(t.version)).unwrap();
    assert!(p.safe, "{}", argocd_tls_planner::render_plan_text(&p));
    assert!(
        p.baseline
            .iter()
            .any(|b| b == "argocd-server->argocd-dex-server"),
        "{:?}",
        p.baseline
    );
    let r = restarts(&p);
    let dex = r.iter().position(|c| c == "argocd-dex-server").unwrap();
    let server = r.iter().position(|c| c == "argocd-server").unwrap();
    assert!(dex < server, "{r:?}");
    assert!(!p.naive.safe);
    let naive_errors: Vec<String> = p
        .naive
        .states
        .iter()
        .flat_map(|s| s.connections.iter())
        .filter(|c| c.works_today && c.outcome != argocd_tls_planner::Outcome::Ok)
        .filter_map(|c| c.error.as_ref().map(|e| e.client.clone()))
        .collect();
    assert!(
        naive_errors.iter().any(|e| e.contains(
            "x509: certificate is valid for localhost, dexserver, not argocd-dex-server"
        )),
        "{naive_errors:#?}"
    );
}

/// No safe order: the plan says so, and which new pods do not start is the reference's: the
/// 3.5 repo-server with TLS off (§4.3), a client whose trust file holds no certificate (§6.6).
#[test]
fn traps_have_no_safe_order() {
    for t in traps() {
        let p = plan(&t.current, &t.changes, &options(t.version)).unwrap();
        if std::env::var_os("SHOW_PLAN").is_some() {
            eprintln!("{}", argocd_tls_planner::render_plan_text(&p));
        }
        assert!(!p.safe, "{}: {}", t.name, p.summary);
        let stuck: Vec<&str> = p
            .steps
            .iter()
            .flat_map(|s| &s.states)
            .flat_map(|s| &s.pods)
            .filter(|g| !g.starts)
            .filter_map(|g| g.startup_error.as_deref())
            .collect();
        let expected: &[&str] = match t.name {
            "repo-server-tls-off-3.5.1" => {
                &["Error: --client-ca-path cannot be used when --disable-tls is enabled"]
            }
            "dex-rotation-2.14.21" => &[],
            "controller-ca-not-pem-2.14.21" => {
                &["invalid cert data in /app/config/controller/tls/ca.crt"]
            }
            "repo-server-ca-not-pem-2.14.21" => &[
                "invalid cert data in /app/config/server/tls/ca.crt",
                "invalid cert data in /app/config/controller/tls/ca.crt",
                "invalid cert data in /app/config/reposerver/tls/ca.crt",
            ],
            _ => &[],
        };
        for e in expected {
            assert!(
                stuck.iter().any(|s| s.contains(e)),
                "{}: {e} not in {stuck:?}",
                t.name
            );
        }
        if expected.is_empty() {
            assert!(stuck.is_empty(), "{}: {stuck:?}", t.name);
        }
    }
}

/// With the hydrator's commit server (plaintext, §8) beside: the same order.
#[test]
fn verified_repo_server_with_my_ca_3_5_1_hydrator() {
    verified_repo_server_with_my_ca(&transition("verified-repo-server-my-ca-3.5.1-hydrator"));
}

/// HA (several repo-server replicas): the same order keeps the clients up.
#[test]
fn verified_repo_server_with_my_ca_3_5_1_ha() {
    verified_repo_server_with_my_ca(&transition("verified-repo-server-my-ca-3.5.1-ha"));
}

/// mTLS on (§4.3, §6.7): the clients restart to present their certificate before the
/// repo-server restarts to require one; the naive order has old clients meet new repo-server
/// pods that require a certificate they do not have.
#[test]
fn mtls_on_3_5_1() {
    let t = transition("mtls-on-3.5.1");
    let p = plan(&t.current, &t.changes, &options(t.version)).unwrap();
    assert!(p.safe, "{}", argocd_tls_planner::render_plan_text(&p));
    let r = restarts(&p);
    let repo = r.iter().position(|c| c == "argocd-repo-server").unwrap();
    for client in [
        "argocd-server",
        "argocd-application-controller",
        "argocd-applicationset-controller",
        "argocd-notifications-controller",
    ] {
        let at = r
            .iter()
            .position(|c| c == client)
            .unwrap_or_else(|| panic!("{client} restarts: {r:?}"));
        assert!(at < repo, "{r:?}");
    }
    assert!(!p.naive.safe);
    let naive_errors: Vec<String> = p
        .naive
        .states
        .iter()
        .flat_map(|s| s.connections.iter())
        .filter(|c| c.works_today && c.outcome != argocd_tls_planner::Outcome::Ok)
        .filter_map(|c| c.error.as_ref().map(|e| e.client.clone()))
        .collect();
    assert!(
        naive_errors
            .iter()
            .any(|e| e.contains("tls: certificate required")),
        "{naive_errors:#?}"
    );
}

fn verified_repo_server_with_my_ca(t: &Transition) {
    let p = plan(&t.current, &t.changes, &options(t.version)).unwrap();
    if std::env::var_os("SHOW_PLAN").is_some() {
        eprintln!("{}", argocd_tls_planner::render_plan_text(&p));
    }
    assert!(p.safe, "{}", argocd_tls_planner::render_plan_text(&p));
    for s in &p.steps {
        for st in &s.states {
            assert!(st.safe, "step {} {}", s.number, s.title);
        }
    }
    // The repo-server serves the new certificate before any client that verifies it restarts.
    let r = restarts(&p);
    let repo = r.iter().position(|c| c == "argocd-repo-server").unwrap();
    for client in [
        "argocd-server",
        "argocd-application-controller",
        "argocd-applicationset-controller",
    ] {
        let at = r
            .iter()
            .position(|c| c == client)
            .unwrap_or_else(|| panic!("{client} restarts: {r:?}"));
        assert!(repo < at, "{r:?}");
    }
    // In the target every client verifies and works.
    for k in p
        .target
        .connections
        .iter()
        .filter(|k| k.server == "argocd-repo-server")
    {
        assert_eq!(k.outcome, argocd_tls_planner::Outcome::Ok, "{k:?}");
    }
    // The naive order fails while the strict clients meet old repo-server pods, with Go's text
    // for the certificate Argo CD generates (hosts localhost, reposerver).
    assert!(!p.naive.safe);
    let naive_errors: Vec<String> = p
        .naive
        .states
        .iter()
        .flat_map(|s| s.connections.iter())
        .filter(|c| c.works_today && c.outcome != argocd_tls_planner::Outcome::Ok)
        .filter_map(|c| c.error.as_ref().map(|e| e.client.clone()))
        .collect();
    assert!(
        naive_errors.iter().any(|e| e.contains(
            "x509: certificate is valid for localhost, reposerver, not argocd-repo-server"
        )),
        "{naive_errors:#?}"
    );
    let _ = Component::ALL;
}
