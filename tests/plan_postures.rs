//! Plans from postures on the upstream installs (2.11.14, 2.14.21, 3.5.1, 3.5.1 HA): the
//! transitions issue 13 names. For each, what the reference says must hold:
//! - moving to verified TLS (my CA, cert-manager, generated; Dex verified; mTLS; Redis TLS; the
//!   TLS policy; argocd-server's certificate) has a safe order, and every state of it is safe;
//! - where the naive order restarts a client that verifies before the server serves the new
//!   certificate, it fails with Go's `x509:` text (or `tls: certificate required` for mTLS);
//! - turning TLS off behind a mesh has no overlap: the repo-server cannot serve TLS and plaintext
//!   at once, so no order is safe and the plan shows the shortest window;
//! - planning again after `k` steps gives the remaining steps.

use std::collections::BTreeMap;

use argocd_tls_planner::{
    ConfigMap, Installation, Options, Outcome, PlanOptions, PostureOptions, UnixTime,
    apply_changes, issuance_requests, plan, plan_from_scratch, posture_changes, read_posture,
    render_plan_text, stand_in_issued,
};

use crate::plans::upstream;

pub(crate) const NOW: i64 = 1_800_000_000;

fn example(f: &str) -> String {
    std::fs::read_to_string(format!("{}/src/example/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Dex runs only with argocd-cm `url` and a connector (reference §0.0 item 8).
pub(crate) fn with_dex(mut install: Installation) -> Installation {
    install.config_maps.retain(|c| c.name != "argocd-cm");
    install.config_maps.push(ConfigMap {
        name: "argocd-cm".into(),
        data: BTreeMap::from([
            ("url".into(), "https://argocd.example.com".into()),
            (
                "dex.config".into(),
                "connectors:\n- type: github\n  id: github\n  name: GitHub\n  config:\n    clientID: x\n"
                    .into(),
            ),
        ]),
        ..ConfigMap::default()
    });
    install
}

pub(crate) fn changes(
    install: &Installation,
    posture: &str,
    version: &str,
) -> Vec<argocd_tls_planner::Change> {
    changes_at(install, posture, version, NOW)
}

/// [`changes`] with certificates issued at `now`.
pub(crate) fn changes_at(
    install: &Installation,
    posture: &str,
    version: &str,
    now: i64,
) -> Vec<argocd_tls_planner::Change> {
    let posture = read_posture(posture).unwrap();
    let mut options = PostureOptions {
        now: UnixTime::from_secs(now),
        argocd_version: Some(version.into()),
        namespace: None,
        issued: BTreeMap::new(),
    };
    let requests = issuance_requests(install, &posture, &options).unwrap();
    options.issued = stand_in_issued(&requests, b"plan-postures").unwrap();
    posture_changes(install, &posture, &options).unwrap()
}

/// How these tests plan: an hour after the certificates were issued, for `version`.
pub(crate) fn plan_options(version: &str) -> PlanOptions {
    PlanOptions::new(Options {
        now: UnixTime::from_secs(NOW + 3600),
        argocd_version: Some(version.into()),
        namespace: None,
    })
}

/// What a transition must show.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Expect {
    /// A safe order; the naive order breaks with this text.
    Safe(Option<&'static str>),
    /// No safe order; the window's failure carries this text.
    Window(&'static str),
}

pub(crate) fn postures() -> Vec<(&'static str, String, Expect, &'static [&'static str])> {
    let quote = |pem: &str| serde_json::to_string(pem).unwrap();
    let my_ca = format!(
        "repoServer:\n  certificate:\n    from: myCa\n    caCertPem: {}\n    certPem: {}\n    keyPem: {}\n",
        quote(&example("ca.crt")),
        quote(&example("repo-server.crt")),
        quote(&example("repo-server.key"))
    );
    const ALL: [&str; 4] = ["2.11.14", "2.14.21", "3.5.1", "3.5.1-ha"];
    let all: &'static [&'static str] = &ALL;
    let x509 = Expect::Safe(Some("x509: "));
    vec![
        ("repo-server my CA", my_ca, x509, all),
        (
            "repo-server cert-manager CA issuer",
            "repoServer:\n  certificate: {from: certManager, createCaIssuer: true}\n".into(),
            x509,
            all,
        ),
        (
            "repo-server generated",
            "repoServer: {certificate: {from: generate}}\n".into(),
            x509,
            all,
        ),
        (
            "Dex verified",
            "dex: {certificate: {from: generate}}\n".into(),
            x509,
            all,
        ),
        (
            "mTLS",
            "mtls: {certificate: {from: generate}}\n".into(),
            Expect::Safe(Some("tls: certificate required")),
            &["3.5.1", "3.5.1-ha"][..],
        ),
        (
            "Redis TLS",
            "redis: {certificate: {from: generate}}\n".into(),
            Expect::Safe(Some("connect: connection refused")),
            &["2.11.14", "2.14.21", "3.5.1"][..],
        ),
        (
            "TLS off behind a mesh",
            "reset: {to: noTls, mesh: istio}\n".into(),
            Expect::Window(""),
            &["2.14.21", "3.5.1"][..],
        ),
    ]
}

#[test]
fn postures_plan_as_the_reference_says() {
    let mut report = Vec::new();
    for (name, posture, expect, versions) in postures() {
        for &install_name in versions {
            let version = install_name.trim_end_matches("-ha");
            let current = with_dex(upstream(install_name));
            let changes = changes(&current, &posture, version);
            let opts = plan_options(version);
            let p = plan(&current, &changes, &opts).unwrap();
            let text = render_plan_text(&p);
            let case = format!("{install_name} {name}");
            let naive_errors: Vec<String> = p
                .naive
                .states
                .iter()
                .flat_map(|s| s.connections.iter())
                .filter(|c| c.works_today && c.outcome != Outcome::Ok)
                .filter_map(|c| c.error.as_ref().map(|e| e.client.clone()))
                .collect();
            match expect {
                Expect::Safe(naive) => {
                    assert!(p.safe, "{case}: no safe order\n{text}");
                    for s in &p.steps {
                        for st in &s.states {
                            assert!(st.safe, "{case}: step {} {}\n{text}", s.number, s.title);
                        }
                    }
                    if let Some(needle) = naive {
                        assert!(!p.naive.safe, "{case}: the naive order is safe\n{text}");
                        assert!(
                            naive_errors.iter().any(|e| e.contains(needle)),
                            "{case}: naive errors {naive_errors:#?}"
                        );
                    }
                }
                Expect::Window(needle) => {
                    assert!(!p.safe, "{case}: a safe order exists?\n{text}");
                    assert!(p.summary.contains(needle), "{case}: {}", p.summary);
                }
            }
            report.push(format!(
                "{case}: {} steps, {}, naive {}",
                p.steps.len(),
                if p.safe { "safe" } else { "window" },
                if p.naive.safe { "safe" } else { "breaks" }
            ));
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(report.len() >= 12, "{report:#?}");
}

/// The planner's caches are speed only: every posture on every install, and the largest posture
/// (every option from cert-manager, the intermediate policy) on the HA install, plan to the same
/// JSON when every component, connection and reading is computed afresh ([`plan_from_scratch`]).
#[test]
fn caches_do_not_change_a_plan() {
    let largest = "repoServer:\n  certificate: {from: certManager, createCaIssuer: true}\ndex:\n  certificate: {from: certManager, createCaIssuer: true}\nserver:\n  certificate: {from: certManager, createCaIssuer: true}\nmtls:\n  certificate: {from: certManager, createCaIssuer: true}\ntlsPolicy: {profile: intermediate}\n";
    let mut cases: Vec<(String, String, &str)> = postures()
        .into_iter()
        .flat_map(|(name, posture, _, versions)| {
            versions
                .iter()
                .map(move |v| (name.to_string(), posture.clone(), *v))
        })
        .collect();
    cases.push(("largest".into(), largest.into(), "3.5.1-ha"));
    for (name, posture, install_name) in cases {
        let version = install_name.trim_end_matches("-ha");
        let current = with_dex(upstream(install_name));
        let changes = changes(&current, &posture, version);
        let opts = plan_options(version);
        let cached = serde_json::to_string(&plan(&current, &changes, &opts).unwrap()).unwrap();
        let afresh =
            serde_json::to_string(&plan_from_scratch(&current, &changes, &opts).unwrap()).unwrap();
        assert!(
            cached == afresh,
            "{install_name} {name}: the plan differs when computed afresh"
        );
    }
}

#[test]
fn applying_a_plans_changes_reaches_the_target() {
    // The target report is what the changes give when every component restarted.
    for (name, posture, _, versions) in postures() {
        let install_name = versions[versions.len() - 1];
        let version = install_name.trim_end_matches("-ha");
        let current = with_dex(upstream(install_name));
        let changes = changes(&current, &posture, version);
        let opts = plan_options(version);
        let p = plan(&current, &changes, &opts).unwrap();
        let target = apply_changes(&current, &changes.iter().collect::<Vec<_>>());
        let direct = argocd_tls_planner::resolve(&target, &opts.resolve).unwrap();
        assert_eq!(
            serde_json::to_value(&p.target.connections).unwrap(),
            serde_json::to_value(&direct.connections).unwrap(),
            "{install_name} {name}"
        );
    }
}

/// Redis TLS off again (`reset: {to: defaults}` from an install where the "Redis TLS" posture was
/// applied): the current install and the changes, on 2.14.21 and 3.5.1.
pub(crate) fn redis_tls_off_cases() -> Vec<(
    String,
    String,
    Installation,
    Vec<argocd_tls_planner::Change>,
)> {
    ["2.14.21", "3.5.1"]
        .iter()
        .map(|&version| {
            let base = with_dex(upstream(version));
            let on = changes(&base, "redis: {certificate: {from: generate}}\n", version);
            let current = apply_changes(&base, &on.iter().collect::<Vec<_>>());
            let off = changes(&current, "reset: {to: defaults}\n", version);
            (
                format!("{version} Redis TLS off"),
                version.to_string(),
                current,
                off,
            )
        })
        .collect()
}

/// §9: Redis serves plaintext again before any client drops TLS, and stops TLS only after the
/// last one did: a safe order exists; the naive order (everything, then every restart at once)
/// has clients dial 6379 before Redis listens there again, and TLS clients meet a Redis that
/// stopped serving TLS.
#[test]
fn redis_tls_off_has_a_safe_order_and_the_naive_one_breaks() {
    for (name, version, current, off) in redis_tls_off_cases() {
        let opts = plan_options(&version);
        let p = plan(&current, &off, &opts).unwrap();
        let text = render_plan_text(&p);
        assert!(p.safe, "{name}: no safe order\n{text}");
        assert!(!p.naive.safe, "{name}: the naive order is safe\n{text}");
        let redis_baseline = p
            .baseline
            .iter()
            .filter(|b| b.ends_with("->argocd-redis"))
            .count();
        assert_eq!(redis_baseline, 3, "{name}: {:?}", p.baseline);
        let target: Vec<_> = p
            .target
            .connections
            .iter()
            .filter(|k| k.server == "argocd-redis")
            .collect();
        assert!(
            target
                .iter()
                .all(|k| k.outcome == Outcome::Ok && k.address == "argocd-redis:6379"),
            "{name}: {target:?}"
        );
    }
}
