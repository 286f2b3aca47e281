//! Plans on the upstream installs: each transition's plan is safe in every state and mixed
//! state, the naive order breaks what the reference says it breaks (with Go's text), and a plan
//! resumed after k steps gives the rest.
//!
//! The transitions are listed once ([`transitions`], and [`traps`] for those without a safe
//! order whose window is not an x509 error) so that the Go confirmation (`plans_go.rs`)
//! handshakes every state of every one of them.

use std::collections::BTreeMap;

use std::sync::OnceLock;

use argocd_tls_planner::{
    CertificateRequest, Change, Component, Edit, Installation, IssuerPem, KeyAlgorithm,
    KeyEncoding, Options, Outcome, Plan, PlanOptions, RequestedKeyUsage, Secret, StepKind,
    UnixTime, apply_changes, generate_certificate, plan, read_manifests, render_plan_text,
};

pub(crate) fn upstream(name: &str) -> Installation {
    upstream_file(&format!("argocd-v{name}-install.yaml"))
}

fn upstream_file(file: &str) -> Installation {
    let path = format!(
        "{}/../shared/fixtures/upstream/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    read_manifests(&[(file, text.as_str())]).unwrap()
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

/// Certificates for the transitions, generated once per run: two CAs and a repo-server leaf
/// under each (fixed validity window around the plans' instant).
pub(crate) fn pki() -> &'static BTreeMap<String, String> {
    static PKI: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    PKI.get_or_init(|| {
        let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
        let ts = |t: &str| UnixTime::parse_rfc3339(t).unwrap().as_secs();
        let req = |cn: &str, dns: &[&str], ca: bool| CertificateRequest {
            common_name: Some(cn.to_string()),
            organization: Some("Plans".into()),
            dns_names: dns.iter().map(|d| d.to_string()).collect(),
            ip_addresses: vec![],
            is_ca: ca,
            ext_key_usages: if ca {
                vec![]
            } else {
                vec![RequestedKeyUsage::ServerAuth]
            },
            key_algorithm: KeyAlgorithm::EcdsaP256,
            key_encoding: KeyEncoding::Traditional,
            not_before: ts("2026-01-01T00:00:00Z"),
            not_after: ts("2029-01-01T00:00:00Z"),
        };
        let mut out = BTreeMap::new();
        let repo = ["argocd-repo-server", "argocd-repo-server.argocd.svc"];
        for name in ["old", "new"] {
            let ca = generate_certificate(&req(&format!("{name} CA"), &[], true), None, &mut rng)
                .unwrap();
            let issuer = IssuerPem {
                cert_pem: ca.cert_pem.clone(),
                key_pem: ca.key_pem.clone(),
            };
            let leaf = generate_certificate(
                &req("argocd-repo-server", &repo, false),
                Some(&issuer),
                &mut rng,
            )
            .unwrap();
            out.insert(format!("{name}-ca.crt"), ca.cert_pem);
            out.insert(format!("{name}-repo.crt"), leaf.chain_pem);
            out.insert(format!("{name}-repo.key"), leaf.key_pem);
        }
        out
    })
}

fn tls_secret(name: &str, crt: String, key: String, ca: String) -> Secret {
    Secret {
        name: name.into(),
        secret_type: Some("kubernetes.io/tls".into()),
        data: BTreeMap::from([
            ("tls.crt".into(), crt),
            ("tls.key".into(), key),
            ("ca.crt".into(), ca),
        ]),
        ..Secret::default()
    }
}

fn change(id: &str, title: &str, edits: Vec<Edit>) -> Change {
    Change {
        id: id.into(),
        title: title.into(),
        edits,
        objects: vec![],
        after: vec![],
        waits: vec![],
    }
}

/// The repo-server's certificate from the example CA, with the CA for the clients.
fn repo_secret() -> Change {
    change(
        "secret/argocd-repo-server-tls",
        "Create Secret argocd-repo-server-tls (certificate from my CA)",
        vec![Edit::PutSecret(tls_secret(
            "argocd-repo-server-tls",
            example("repo-server.crt"),
            example("repo-server.key"),
            example("ca.crt"),
        ))],
    )
}

/// The repo-server's Secret from the generated `which` CA, trusting `trusted` CAs.
fn repo_secret_from(which: &str, trusted: &[&str]) -> Change {
    let pki = pki();
    let ca = trusted
        .iter()
        .map(|t| pki[&format!("{t}-ca.crt")].clone())
        .collect::<String>();
    change(
        &format!(
            "secret/argocd-repo-server-tls/{which}-{}",
            trusted.join("+")
        ),
        &format!(
            "Put the {which} certificate in argocd-repo-server-tls, trusting the {} CA",
            trusted.join(" and ")
        ),
        vec![Edit::PutSecret(tls_secret(
            "argocd-repo-server-tls",
            pki[&format!("{which}-repo.crt")].clone(),
            pki[&format!("{which}-repo.key")].clone(),
            ca,
        ))],
    )
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
struct Certs {
    ca: String,
    dex: (String, String),
    /// Another certificate for Dex from the same CA (a rotation).
    dex_rotated: (String, String),
    client: (String, String),
}

fn certs() -> &'static Certs {
    static CERTS: OnceLock<Certs> = OnceLock::new();
    CERTS.get_or_init(|| {
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
        Certs {
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
    let pki = certs();
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
    let Certs {
        ca,
        dex: (crt, key),
        ..
    } = certs();
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

/// A transition: a name, the version, today's installation and the changes to the target.
pub(crate) struct Transition {
    pub name: &'static str,
    pub version: &'static str,
    pub current: Installation,
    pub changes: Vec<Change>,
    /// Whether a safe order exists.
    pub safe: bool,
}

/// The transitions the plan tests (and the Go confirmation) run.
pub(crate) fn transitions() -> Vec<Transition> {
    let strict_with = |version: &str, which: &str| {
        let mut base = upstream(version);
        base = apply_changes(
            &base,
            &[&strict_clients(), &repo_secret_from(which, &[which])],
        );
        base
    };
    vec![
        Transition {
            name: "3.5.1 repo-server from my CA, clients strict",
            version: "3.5.1",
            current: upstream("3.5.1"),
            changes: vec![strict_clients(), repo_secret()],
            safe: true,
        },
        Transition {
            name: "2.14.21 repo-server from my CA, clients strict",
            version: "2.14.21",
            current: upstream("2.14.21"),
            changes: vec![strict_clients(), repo_secret()],
            safe: true,
        },
        Transition {
            name: "3.5.1 HA repo-server from my CA, clients strict",
            version: "3.5.1",
            current: upstream("3.5.1-ha"),
            changes: vec![strict_clients(), repo_secret()],
            safe: true,
        },
        Transition {
            name: "3.5.1 CA rotation with overlap",
            version: "3.5.1",
            current: strict_with("3.5.1", "old"),
            changes: vec![
                repo_secret_from("old", &["old", "new"]),
                {
                    let mut c = repo_secret_from("new", &["old", "new"]);
                    c.after = vec!["secret/argocd-repo-server-tls/old-old+new".into()];
                    c
                },
                {
                    let mut c = repo_secret_from("new", &["new"]);
                    c.after = vec!["secret/argocd-repo-server-tls/new-old+new".into()];
                    c
                },
            ],
            safe: true,
        },
        Transition {
            name: "3.5.1 compromised CA: no overlap",
            version: "3.5.1",
            current: strict_with("3.5.1", "old"),
            changes: vec![repo_secret_from("new", &["new"])],
            safe: false,
        },
        Transition {
            name: "3.5.1 with the hydrator: repo-server from my CA, clients strict",
            version: "3.5.1",
            current: upstream_file("argocd-v3.5.1-install-with-hydrator.yaml"),
            changes: vec![strict_clients(), repo_secret()],
            safe: true,
        },
        Transition {
            name: "3.5.1 repo-server from my CA, clients verify with --repo-server-ca-cert-path",
            version: "3.5.1",
            current: upstream("3.5.1"),
            changes: vec![ca_path_clients(), server_ca_secret(), repo_secret()],
            safe: true,
        },
        Transition {
            name: "3.5.1 mTLS on",
            version: "3.5.1",
            current: upstream("3.5.1"),
            changes: vec![mtls_secret()],
            safe: true,
        },
        Transition {
            name: "2.14.21 Dex from my CA, argocd-server strict",
            version: "2.14.21",
            current: with_dex(upstream("2.14.21")),
            changes: vec![dex_strict(), dex_secret()],
            safe: true,
        },
        // Redis TLS (§9), as the posture builds it: TLS on 6380 beside plaintext, the clients,
        // then plaintext off; and back.
        Transition {
            name: "3.5.1 Redis TLS on",
            version: "3.5.1",
            current: upstream("3.5.1"),
            changes: redis_tls_on("3.5.1"),
            safe: true,
        },
        Transition {
            name: "2.14.21 Redis TLS on",
            version: "2.14.21",
            current: upstream("2.14.21"),
            changes: redis_tls_on("2.14.21"),
            safe: true,
        },
        Transition {
            name: "3.5.1 Redis TLS off",
            version: "3.5.1",
            current: apply_changes(
                &upstream("3.5.1"),
                &redis_tls_on("3.5.1").iter().collect::<Vec<_>>(),
            ),
            changes: crate::plan_postures::changes_at(
                &apply_changes(
                    &upstream("3.5.1"),
                    &redis_tls_on("3.5.1").iter().collect::<Vec<_>>(),
                ),
                "reset: {to: defaults}\n",
                "3.5.1",
                ISSUED,
            ),
            safe: true,
        },
    ]
}

/// When the posture transitions' certificates are issued: a day before the plans' instant.
const ISSUED: i64 = 1_799_884_800;

/// The "Redis TLS" posture's changes on the upstream install of `version`.
fn redis_tls_on(version: &str) -> Vec<Change> {
    crate::plan_postures::changes_at(
        &upstream(version),
        "redis: {certificate: {from: generate}}\n",
        version,
        ISSUED,
    )
}

/// Transitions with no safe order whose window is not an x509 error (a startup error, a
/// plaintext/TLS mismatch, Dex's pin): the plan must say so, and what breaks must be Go's.
pub(crate) fn traps() -> Vec<Transition> {
    vec![
        // §4.3: on 3.5 `reposerver.disable.tls` alone makes the repo-server exit (#29661): its
        // new pods never start, the old ones keep serving TLS to clients gone plaintext.
        Transition {
            name: "3.5.1 repo-server TLS off (docs' way, no mesh)",
            version: "3.5.1",
            current: upstream("3.5.1"),
            changes: vec![plaintext_clients(), repo_tls_off()],
            safe: false,
        },
        // §6.6: a trust file that holds no certificate stops a verifying client at start; the
        // clients that verify never come up on it.
        Transition {
            name: "2.14.21 clients strict, ca.crt not PEM",
            version: "2.14.21",
            current: upstream("2.14.21"),
            changes: vec![strict_clients(), repo_secret_with_ca("not a certificate\n")],
            safe: false,
        },
        // The same for the application controller alone: a one-replica StatefulSet, whose old
        // pod is gone before the new one crashes — the controller is down, not "safe".
        Transition {
            name: "2.14.21 controller strict, ca.crt not PEM",
            version: "2.14.21",
            current: upstream("2.14.21"),
            changes: vec![
                strict_controller(),
                repo_secret_with_ca("not a certificate\n"),
            ],
            safe: false,
        },
        // §7: argocd-server pins Dex's tls.crt as it was when it started; a rotated Dex
        // certificate (same CA) fails the pin on one side of every order.
        Transition {
            name: "2.14.21 Dex certificate rotated (same CA), argocd-server strict",
            version: "2.14.21",
            current: apply_changes(
                &with_dex(upstream("2.14.21")),
                &[&dex_strict(), &dex_secret()],
            ),
            changes: vec![{
                let Certs {
                    ca,
                    dex_rotated: (crt, key),
                    ..
                } = certs();
                dex_secret_with("Rotate Dex's certificate (same CA)", ca, crt, key)
            }],
            safe: false,
        },
        // 2.14: TLS off works, but without a mesh one side always changes before the other.
        Transition {
            name: "2.14.21 repo-server TLS off (docs' way, no mesh)",
            version: "2.14.21",
            current: upstream("2.14.21"),
            changes: vec![plaintext_clients(), repo_tls_off()],
            safe: false,
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

fn restarts(p: &Plan) -> Vec<String> {
    p.steps
        .iter()
        .filter(|s| s.kind == StepKind::Restart)
        .flat_map(|s| s.restarts.clone())
        .collect()
}

#[test]
fn verified_repo_server_with_my_ca_3_5_1() {
    let current = upstream("3.5.1");
    let changes = [strict_clients(), repo_secret()];
    let p = plan(&current, &changes, &options("3.5.1")).unwrap();
    if std::env::var_os("SHOW_PLAN").is_some() {
        eprintln!("{}", render_plan_text(&p));
    }
    assert!(p.safe, "{}", render_plan_text(&p));
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
        assert_eq!(k.outcome, Outcome::Ok, "{k:?}");
    }
    // The naive order fails while the strict clients meet old repo-server pods, with Go's text
    // for the certificate Argo CD generates (hosts localhost, reposerver).
    assert!(!p.naive.safe);
    let naive_errors: Vec<String> = p
        .naive
        .states
        .iter()
        .flat_map(|s| s.connections.iter())
        .filter(|c| c.works_today && c.outcome != Outcome::Ok)
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

/// Every transition: safe exactly when expected; when safe, every state of every step is safe,
/// and the target keeps every connection to the repo-server working; when not, the summary
/// names the window and Go's error.
#[test]
fn every_transition_plans_as_expected() {
    for t in transitions() {
        let p = plan(&t.current, &t.changes, &options(t.version)).unwrap();
        let text = render_plan_text(&p);
        assert_eq!(p.safe, t.safe, "{}:\n{text}", t.name);
        if t.safe {
            for s in &p.steps {
                for st in &s.states {
                    assert!(st.safe, "{}: step {} {}\n{text}", t.name, s.number, s.title);
                }
            }
            for k in p
                .target
                .connections
                .iter()
                .filter(|k| k.server == "argocd-repo-server")
            {
                assert_eq!(k.outcome, Outcome::Ok, "{}: {k:?}", t.name);
            }
        } else {
            assert!(
                p.summary.starts_with("no safe order"),
                "{}: {}",
                t.name,
                p.summary
            );
            assert!(p.summary.contains("x509: "), "{}: {}", t.name, p.summary);
        }
        // Every change is applied exactly once.
        let mut applied: Vec<&str> = p.steps.iter().filter_map(|s| s.change.as_deref()).collect();
        applied.sort_unstable();
        let mut ids: Vec<&str> = t.changes.iter().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        assert_eq!(applied, ids, "{}", t.name);
    }
}

/// A plan resumed after k steps — the manifests then, each component's pods on the revision
/// they started with — gives the remaining steps.
#[test]
fn plans_resume_where_they_stopped() {
    for t in transitions().into_iter().filter(|t| t.safe) {
        let p = plan(&t.current, &t.changes, &options(t.version)).unwrap();
        for (k, q) in resumed(&t.current, &t.changes, &p, || options(t.version), t.name) {
            assert!(q.safe, "{} after {k}", t.name);
        }
    }
}

/// Plans again after each `k` of `p`'s steps — the manifests then, each component's pods on the
/// revision they started with (the last state of step `k`) — and asserts that the remaining
/// steps are `p`'s from `k` on. Gives each `k` with its plan, for the caller's own assertions.
pub(crate) fn resumed(
    current: &Installation,
    changes: &[Change],
    p: &Plan,
    options: impl Fn() -> PlanOptions,
    name: &str,
) -> Vec<(usize, Plan)> {
    let order: Vec<&Change> = p
        .steps
        .iter()
        .filter_map(|s| s.change.as_deref())
        .map(|id| changes.iter().find(|c| c.id == id).unwrap())
        .collect();
    let titles = |steps: &[argocd_tls_planner::Step]| {
        steps.iter().map(|s| s.title.clone()).collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    for k in 1..p.steps.len() {
        let done = &p.steps[..k];
        let applied = done.iter().filter(|s| s.change.is_some()).count();
        let mut opts = options();
        opts.applied = order[..applied].iter().map(|c| c.id.clone()).collect();
        for g in &done.last().unwrap().states.last().unwrap().pods {
            let rev = usize::try_from(g.revision).unwrap();
            if rev != applied {
                opts.started_with.insert(
                    Component::from_name(&g.component).unwrap(),
                    apply_changes(current, &order[..rev]),
                );
            }
        }
        let remaining: Vec<Change> = order[applied..].iter().map(|c| (*c).clone()).collect();
        let q = plan(
            &apply_changes(current, &order[..applied]),
            &remaining,
            &opts,
        )
        .unwrap();
        assert_eq!(
            titles(&q.steps),
            titles(&p.steps[k..]),
            "{name} after {k} steps"
        );
        out.push((k, q));
    }
    out
}

#[test]
fn show_plans() {
    if std::env::var_os("SHOW_PLAN").is_none() {
        return;
    }
    for t in transitions() {
        let p = plan(&t.current, &t.changes, &options(t.version)).unwrap();
        eprintln!("=== {}\n{}", t.name, render_plan_text(&p));
    }
}

/// The plan's JSON Schema (`pkg/plan.schema.json`) is what the types derive today, and every
/// transition's plan validates against it (an independent validator, `jsonschema`); no private
/// key is in a plan's JSON.
#[test]
fn plans_follow_their_schema() {
    let path = format!("{}/pkg/plan.schema.json", env!("CARGO_MANIFEST_DIR"));
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == argocd_tls_planner::plan_json_schema(),
        "pkg/plan.schema.json is stale: run `make docs`"
    );
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    for t in transitions() {
        let p = plan(&t.current, &t.changes, &options(t.version)).unwrap();
        let json = serde_json::to_value(&p).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", t.name);
        assert_eq!(json["schemaVersion"], 2);
        let text = json.to_string();
        assert!(!text.contains("PRIVATE KEY"), "{}", t.name);
    }
}

/// 2.14: the legacy strict flag only (§6.8); each client trusts the files of its
/// `argocd-repo-server-tls` mount (§6.5), the notifications controller never verifies (§6.3).
#[test]
fn verified_repo_server_with_my_ca_2_14_21() {
    verified_repo_server_with_my_ca(&transition(
        "2.14.21 repo-server from my CA, clients strict",
    ));
}

/// 3.5: the CA-path flag instead of the legacy one; the same order keeps the clients up.
#[test]
fn repo_server_ca_path_3_5_1() {
    verified_repo_server_with_my_ca(&transition(
        "3.5.1 repo-server from my CA, clients verify with --repo-server-ca-cert-path",
    ));
}

/// Dex from my CA, argocd-server verifying it (§7): Dex restarts on its new certificate before
/// argocd-server restarts to pin it; the naive order has new argocd-server pods meet the old
/// Dex pod's generated certificate.
#[test]
fn verified_dex_with_my_ca_2_14_21() {
    let t = transition("2.14.21 Dex from my CA, argocd-server strict");
    let p = plan(&t.current, &t.changes, &options(t.version)).unwrap();
    assert!(p.safe, "{}", render_plan_text(&p));
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
        .filter(|c| c.works_today && c.outcome != Outcome::Ok)
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
            eprintln!("{}", render_plan_text(&p));
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
            "3.5.1 repo-server TLS off (docs' way, no mesh)" => {
                &["Error: --client-ca-path cannot be used when --disable-tls is enabled"]
            }
            "2.14.21 Dex certificate rotated (same CA), argocd-server strict" => &[],
            "2.14.21 controller strict, ca.crt not PEM" => {
                &["invalid cert data in /app/config/controller/tls/ca.crt"]
            }
            "2.14.21 clients strict, ca.crt not PEM" => &[
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
    verified_repo_server_with_my_ca(&transition(
        "3.5.1 with the hydrator: repo-server from my CA, clients strict",
    ));
}

/// HA (several repo-server replicas): the same order keeps the clients up.
#[test]
fn verified_repo_server_with_my_ca_3_5_1_ha() {
    verified_repo_server_with_my_ca(&transition(
        "3.5.1 HA repo-server from my CA, clients strict",
    ));
}

/// mTLS on (§4.3, §6.7): the clients restart to present their certificate before the
/// repo-server restarts to require one; the naive order has old clients meet new repo-server
/// pods that require a certificate they do not have.
#[test]
fn mtls_on_3_5_1() {
    let t = transition("3.5.1 mTLS on");
    let p = plan(&t.current, &t.changes, &options(t.version)).unwrap();
    assert!(p.safe, "{}", render_plan_text(&p));
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
        .filter(|c| c.works_today && c.outcome != Outcome::Ok)
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
        eprintln!("{}", render_plan_text(&p));
    }
    assert!(p.safe, "{}", render_plan_text(&p));
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
        assert_eq!(k.outcome, Outcome::Ok, "{k:?}");
    }
    // The naive order fails while the strict clients meet old repo-server pods, with Go's text
    // for the certificate Argo CD generates (hosts localhost, reposerver).
    assert!(!p.naive.safe);
    let naive_errors: Vec<String> = p
        .naive
        .states
        .iter()
        .flat_map(|s| s.connections.iter())
        .filter(|c| c.works_today && c.outcome != Outcome::Ok)
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
