//! Plans on the upstream installs: each transition's plan is safe in every state and mixed
//! state, the naive order breaks what the reference says it breaks (with Go's text), and a plan
//! resumed after k steps gives the rest.

use std::collections::BTreeMap;

use argocd_tls_planner::{
    Change, Component, Edit, Installation, Options, Plan, PlanOptions, Secret, StepKind, UnixTime,
    plan, read_manifests,
};

fn upstream(name: &str) -> Installation {
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

fn options(version: &str) -> PlanOptions {
    PlanOptions::new(Options {
        now: UnixTime::parse_rfc3339("2027-01-15T00:00:00Z").unwrap(),
        argocd_version: Some(version.to_string()),
        namespace: None,
    })
}

/// The repo-server's certificate from the example CA, with the CA for the clients.
fn repo_secret() -> Change {
    Change {
        id: "secret/argocd-repo-server-tls".into(),
        title: "Create Secret argocd-repo-server-tls (certificate from my CA)".into(),
        edits: vec![Edit::PutSecret(Secret {
            name: "argocd-repo-server-tls".into(),
            secret_type: Some("kubernetes.io/tls".into()),
            data: BTreeMap::from([
                ("tls.crt".into(), example("repo-server.crt")),
                ("tls.key".into(), example("repo-server.key")),
                ("ca.crt".into(), example("ca.crt")),
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
