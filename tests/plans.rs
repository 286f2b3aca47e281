//! Plans on the upstream installs: each transition's plan is safe in every state and mixed
//! state, the naive order breaks what the reference says it breaks (with Go's text), and a plan
//! resumed after k steps gives the rest.

use std::collections::BTreeMap;

use std::sync::OnceLock;

use argocd_tls_planner::{
    CertificateRequest, Change, Component, Edit, Installation, IssuerPem, KeyAlgorithm,
    KeyEncoding, Options, Outcome, Plan, PlanOptions, RequestedKeyUsage, Secret, StepKind,
    UnixTime, generate_certificate, plan, read_manifests, render_plan_text,
};

pub(crate) fn upstream(name: &str) -> Installation {
    let path = format!(
        "{}/../shared/fixtures/upstream/argocd-v{name}-install.yaml",
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
        base = argocd_tls_planner::apply_changes(
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
    ]
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
        let order: Vec<&Change> = p
            .steps
            .iter()
            .filter_map(|s| s.change.as_deref())
            .map(|id| t.changes.iter().find(|c| c.id == id).unwrap())
            .collect();
        for k in 1..p.steps.len() {
            let done = &p.steps[..k];
            let applied = done.iter().filter(|s| s.change.is_some()).count();
            let manifests = argocd_tls_planner::apply_changes(&t.current, &order[..applied]);
            let mut opts = options(t.version);
            opts.applied = order[..applied].iter().map(|c| c.id.clone()).collect();
            let after = done.last().unwrap().states.last().unwrap();
            for g in &after.pods {
                let rev = usize::try_from(g.revision).unwrap();
                if rev != applied {
                    opts.started_with.insert(
                        Component::from_name(&g.component).unwrap(),
                        argocd_tls_planner::apply_changes(&t.current, &order[..rev]),
                    );
                }
            }
            let remaining: Vec<Change> = order[applied..].iter().map(|c| (*c).clone()).collect();
            let q = plan(&manifests, &remaining, &opts).unwrap();
            let titles = |steps: &[argocd_tls_planner::Step]| {
                steps.iter().map(|s| s.title.clone()).collect::<Vec<_>>()
            };
            assert_eq!(
                titles(&q.steps),
                titles(&p.steps[k..]),
                "{} after {k} steps",
                t.name
            );
            assert!(q.safe, "{} after {k}", t.name);
        }
    }
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
        assert_eq!(json["schemaVersion"], 1);
        let text = json.to_string();
        assert!(!text.contains("PRIVATE KEY"), "{}", t.name);
    }
}
