//! Rotation plans (issue 14) on the upstream installs: a posture's `rotate` part → changes (the
//! certificates' new contents, key by key) → the planner's search. What must hold, from the
//! reference rather than from the engine:
//! - a leaf under the same CA: safe; the repo-server restarts to serve it (§17: read at start);
//! - a CA with overlap: safe in every state and mixed state, and the order is the one the issue
//!   names — every verifying client restarts trusting both CAs before the repo-server serves the
//!   new CA's leaf, the repo-server serves it before the old CA is removed, and the clients
//!   restart again after (found by the search: the changes carry no order but the one between
//!   the two `ca.crt` values);
//! - a compromised CA: no safe order; the window's failure is Go's `x509:` unknown-authority
//!   text; the least-bad order is never worse than the naive one;
//! - Dex's pinned leaf (§7): no safe order; the failure is `dex server certificate does not
//!   match`;
//! - cert-manager: the renewal is `cmctl renew`, simulated with stand-ins;
//! - planning again after `k` steps gives the remaining steps.
//!
//! [`cases`] lists the rotations once, so that `plans_go.rs` handshakes every state of each.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use argocd_tls_planner::{
    CertManagerCertificate, CertificateRequest, Change, Installation, IssuerPem, KeyAlgorithm,
    KeyEncoding, Outcome, Plan, PostureOptions, RequestedKeyUsage, RotationKind, StepKind,
    UnixTime, apply_changes, issuance_requests, plan, posture_changes, read_posture,
    render_plan_text, rotation_info, rotation_start, stand_in_issued,
};

use crate::plan_postures::with_dex;
use crate::plans::{Transition, options, resumed, upstream};

/// The plans' instant (`plans::options`).
const NOW: &str = "2027-01-15T00:00:00Z";

/// Two CAs with their keys (the operator's: `myCa` with `caKeyPem`), generated once per run.
struct Cas {
    old: IssuerPem,
    new: IssuerPem,
}

fn cas() -> &'static Cas {
    static CAS: OnceLock<Cas> = OnceLock::new();
    CAS.get_or_init(|| {
        let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
        let ts = |t: &str| UnixTime::parse_rfc3339(t).unwrap().as_secs();
        let ca = |cn: &str, rng: &mut _| {
            let g = argocd_tls_planner::generate_certificate(
                &CertificateRequest {
                    common_name: Some(cn.into()),
                    organization: Some("Rotation".into()),
                    dns_names: vec![],
                    ip_addresses: vec![],
                    is_ca: true,
                    ext_key_usages: vec![],
                    key_algorithm: KeyAlgorithm::EcdsaP256,
                    key_encoding: KeyEncoding::Traditional,
                    not_before: ts("2026-01-01T00:00:00Z"),
                    not_after: ts("2031-01-01T00:00:00Z"),
                },
                None,
                rng,
            )
            .unwrap();
            IssuerPem {
                cert_pem: g.cert_pem,
                key_pem: g.key_pem,
            }
        };
        let _ = RequestedKeyUsage::ServerAuth;
        Cas {
            old: ca("old CA", &mut rng),
            new: ca("new CA", &mut rng),
        }
    })
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn my_ca(ca: &IssuerPem) -> String {
    format!(
        "{{from: myCa, caCertPem: {}, caKeyPem: {}}}",
        quote(&ca.cert_pem),
        quote(&ca.key_pem)
    )
}

fn posture_options(version: &str) -> PostureOptions {
    PostureOptions {
        now: UnixTime::parse_rfc3339(NOW).unwrap(),
        argocd_version: Some(version.into()),
        namespace: None,
        issued: BTreeMap::new(),
    }
}

/// The changes of `posture` from `install`, certificates issued by stand-ins.
fn posture_to_changes(install: &Installation, posture: &str, version: &str) -> Vec<Change> {
    let posture = read_posture(posture).unwrap();
    let mut o = posture_options(version);
    let requests = issuance_requests(install, &posture, &o).unwrap();
    o.issued = stand_in_issued(&requests, b"rotation").unwrap();
    posture_changes(install, &posture, &o).unwrap()
}

/// `install` with the forward posture applied (today's state: the clients verify).
fn today(install: Installation, posture: &str, version: &str) -> Installation {
    let changes = posture_to_changes(&install, posture, version);
    apply_changes(&install, &changes.iter().collect::<Vec<_>>())
}

/// The repo-server's certificate from the old CA, every client verifying it; with Dex from
/// the old CA, argocd-server verifying it (pinning its leaf).
fn verified(version: &str, dex: bool) -> Installation {
    let base = if dex {
        with_dex(upstream(version))
    } else {
        upstream(version)
    };
    let mut posture = format!("repoServer:\n  certificate: {}\n", my_ca(&cas().old));
    if dex {
        posture.push_str(&format!(
            "dex:\n  certificate: {}\n  verify: true\n",
            my_ca(&cas().old)
        ));
    }
    today(base, &posture, version)
}

/// A rotation: today's state as it starts ([`rotation_start`]) and the changes.
pub(crate) struct Rotated {
    pub start: Installation,
    pub changes: Vec<Change>,
}

fn rotated(current: &Installation, posture: &str, version: &str) -> Rotated {
    let p = read_posture(posture).unwrap();
    let start = rotation_start(current, &p, &posture_options(version)).unwrap();
    let changes = posture_to_changes(&start, posture, version);
    Rotated { start, changes }
}

/// A cert-manager `Certificate` writing `argocd-repo-server-tls`, every client verifying it.
fn cert_manager_today(version: &str) -> Installation {
    let mut install = today(
        upstream(version),
        "repoServer:\n  certificate: {from: certManager, issuer: {name: argocd-ca-issuer}}\n",
        version,
    );
    if !install
        .certificates
        .iter()
        .any(|c| c.secret_name == "argocd-repo-server-tls")
    {
        // The names cert-manager writes (the stand-ins carry them).
        install.certificates.push(CertManagerCertificate {
            name: "argocd-repo-server-tls".into(),
            secret_name: "argocd-repo-server-tls".into(),
            dns_names: vec![
                "argocd-repo-server".into(),
                "argocd-repo-server.argocd.svc".into(),
            ],
            ..CertManagerCertificate::default()
        });
    }
    install
}

/// The rotations, with whether a safe order exists.
pub(crate) fn cases() -> Vec<Transition> {
    let c = cas();
    let case = |name: &'static str,
                version: &'static str,
                current: Installation,
                posture: String,
                safe| {
        let r = rotated(&current, &posture, version);
        Transition {
            name,
            version,
            current: r.start,
            changes: r.changes,
            safe,
        }
    };
    vec![
        case(
            "3.5.1 rotate the repo-server leaf (my CA)",
            "3.5.1",
            verified("3.5.1", false),
            format!("rotate:\n  kind: leaf\n  certificate: {}\n", my_ca(&c.old)),
            true,
        ),
        case(
            "3.5.1 rotate the repo-server CA with overlap (my CA)",
            "3.5.1",
            verified("3.5.1", false),
            format!("rotate:\n  kind: ca\n  certificate: {}\n", my_ca(&c.new)),
            true,
        ),
        case(
            "3.5.1 compromised repo-server CA (my CA)",
            "3.5.1",
            verified("3.5.1", false),
            format!(
                "rotate:\n  kind: compromised\n  certificate: {}\n",
                my_ca(&c.new)
            ),
            false,
        ),
        case(
            "3.5.1 rotate the repo-server leaf (cert-manager)",
            "3.5.1",
            cert_manager_today("3.5.1"),
            "rotate:\n  kind: leaf\n".to_string(),
            true,
        ),
        case(
            "3.5.1 rotate the repo-server CA (cert-manager: no overlap)",
            "3.5.1",
            cert_manager_today("3.5.1"),
            "rotate:\n  kind: ca\n".to_string(),
            false,
        ),
        case(
            "3.5.1 rotate Dex's pinned leaf (my CA)",
            "3.5.1",
            verified("3.5.1", true),
            format!(
                "rotate:\n  kind: dexLeaf\n  certificate: {}\n",
                my_ca(&c.old)
            ),
            false,
        ),
        case(
            "2.14.21 rotate the repo-server CA with overlap (my CA)",
            "2.14.21",
            verified("2.14.21", false),
            format!("rotate:\n  kind: ca\n  certificate: {}\n", my_ca(&c.new)),
            true,
        ),
        case(
            "2.14.21 rotate the repo-server CA with overlap (generated here)",
            "2.14.21",
            verified("2.14.21", false),
            "rotate:\n  kind: ca\n  certificate: {from: generate}\n".to_string(),
            true,
        ),
    ]
}

fn case(name: &str) -> Transition {
    cases()
        .into_iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

fn planned(t: &Transition) -> Plan {
    let p = plan(&t.current, &t.changes, &options(t.version)).unwrap();
    if std::env::var_os("SHOW_PLAN").is_some() {
        eprintln!("=== {}\n{}", t.name, render_plan_text(&p));
    }
    p
}

/// Each step as (`apply` change id | `restart` components).
fn shape(p: &Plan) -> Vec<String> {
    p.steps
        .iter()
        .map(|s| match s.kind {
            StepKind::Apply => format!("apply {}", s.change.clone().unwrap_or_default()),
            StepKind::Restart => format!("restart {}", s.restarts.join(",")),
        })
        .collect()
}

fn position(shape: &[String], what: &str) -> usize {
    shape
        .iter()
        .position(|s| s.contains(what))
        .unwrap_or_else(|| panic!("{what} not in {shape:#?}"))
}

/// Restart steps that restart `component`, by index in `shape`.
fn restarts_of(shape: &[String], component: &str) -> Vec<usize> {
    shape
        .iter()
        .enumerate()
        .filter(|(_, s)| s.starts_with("restart ") && s.split([' ', ',']).any(|c| c == component))
        .map(|(i, _)| i)
        .collect()
}

fn all_states_safe(p: &Plan, name: &str) {
    assert!(p.safe, "{name}: {}", render_plan_text(p));
    for s in &p.steps {
        for st in &s.states {
            assert!(st.safe, "{name}: step {} {}", s.number, s.title);
        }
    }
}

fn verifying_clients(version: &str) -> Vec<&'static str> {
    let mut v = vec![
        "argocd-server",
        "argocd-application-controller",
        "argocd-applicationset-controller",
    ];
    if version.starts_with("3.") {
        v.push("argocd-notifications-controller");
    }
    v
}

/// A new leaf under the same CA: safe; the repo-server restarts after the Secret changes.
#[test]
fn leaf_rotation_restarts_the_repo_server() {
    for name in [
        "3.5.1 rotate the repo-server leaf (my CA)",
        "3.5.1 rotate the repo-server leaf (cert-manager)",
    ] {
        let t = case(name);
        let p = planned(&t);
        all_states_safe(&p, name);
        let s = shape(&p);
        let apply = position(&s, "apply rotate/argocd-repo-server-tls/");
        let repo = restarts_of(&s, "argocd-repo-server");
        assert!(repo.iter().any(|&r| r > apply), "{name}: {s:#?}");
        // Every verifying client still works in the target.
        for k in p
            .target
            .connections
            .iter()
            .filter(|k| k.server == "argocd-repo-server")
        {
            assert_eq!(k.outcome, Outcome::Ok, "{name}: {k:?}");
        }
    }
    // cert-manager: the renewal is `cmctl renew`, then a wait for Ready.
    let p = planned(&case("3.5.1 rotate the repo-server leaf (cert-manager)"));
    let commands: Vec<&String> = p.steps.iter().flat_map(|s| &s.commands).collect();
    assert!(
        commands
            .iter()
            .any(|c| c.starts_with("cmctl renew -n argocd argocd-repo-server-tls")),
        "{commands:#?}"
    );
}

/// CA rotation with overlap: the search finds the order.
#[test]
fn ca_rotation_finds_the_overlap_order() {
    for name in [
        "3.5.1 rotate the repo-server CA with overlap (my CA)",
        "2.14.21 rotate the repo-server CA with overlap (my CA)",
        "2.14.21 rotate the repo-server CA with overlap (generated here)",
    ] {
        let t = case(name);
        let p = planned(&t);
        all_states_safe(&p, name);
        let s = shape(&p);
        let both = position(&s, "trust-both");
        let leaf = position(&s, "/leaf");
        let only_new = position(&s, "trust-new");
        assert!(both < leaf && leaf < only_new, "{name}: {s:#?}");
        let repo = restarts_of(&s, "argocd-repo-server");
        // The repo-server serves the new leaf before the old CA is removed.
        assert!(
            repo.iter().any(|&r| leaf < r && r < only_new),
            "{name}: {s:#?}"
        );
        for client in verifying_clients(t.version) {
            let r = restarts_of(&s, client);
            // Restarted trusting both before the new leaf is in the Secret, and again after the
            // old CA went.
            assert!(
                r.iter().any(|&i| both < i && i < leaf),
                "{name}: {client}: {s:#?}"
            );
            assert!(r.iter().any(|&i| i > only_new), "{name}: {client}: {s:#?}");
        }
        // No private key in the plan's JSON (the Secret patches' `tls.key` is redacted).
        let json = serde_json::to_string(&p).unwrap();
        assert!(!json.contains("PRIVATE KEY"), "{name}");
        assert!(json.contains(argocd_tls_planner::REDACTED), "{name}");
        // The naive order (apply all, restart all at once) breaks with Go's text.
        assert!(!p.naive.safe, "{name}");
        let errors: Vec<String> = p
            .naive
            .states
            .iter()
            .flat_map(|s| &s.connections)
            .filter(|c| c.works_today && c.outcome != Outcome::Ok)
            .filter_map(|c| c.error.as_ref().map(|e| e.client.clone()))
            .collect();
        assert!(
            errors
                .iter()
                .any(|e| e.contains("x509: certificate signed by unknown authority")),
            "{name}: {errors:#?}"
        );
    }
}

/// A compromised CA: no overlap, no safe order; the window fails with Go's unknown-authority
/// text; the least-bad order breaks no more pairs than the naive one.
#[test]
fn compromised_ca_has_one_shortest_window() {
    let name = "3.5.1 compromised repo-server CA (my CA)";
    let p = planned(&case(name));
    assert!(!p.safe, "{name}");
    assert!(p.summary.starts_with("no safe order"), "{}", p.summary);
    assert!(p.summary.contains("x509: "), "{}", p.summary);
    let broken = |states: &mut dyn Iterator<Item = &argocd_tls_planner::StateView>| {
        states
            .flat_map(|s| &s.connections)
            .filter(|c| c.works_today && c.outcome != Outcome::Ok)
            .count()
    };
    let planned_broken = broken(&mut p.steps.iter().flat_map(|s| &s.states));
    let naive_broken = broken(&mut p.naive.states.iter());
    assert!(planned_broken > 0);
    assert!(
        planned_broken <= naive_broken,
        "{planned_broken} > {naive_broken}"
    );
    // No state trusts the old CA beside the new one: every `ca.crt` the plan sets holds one CA.
    let t = case(name);
    for c in &t.changes {
        for o in &c.objects {
            if let Some(ca) = o.object["stringData"]["ca.crt"].as_str() {
                assert_eq!(ca.matches("BEGIN CERTIFICATE").count(), 1, "{}", c.id);
            }
        }
    }
    // In the target, every verifying client works again.
    for k in p
        .target
        .connections
        .iter()
        .filter(|k| k.server == "argocd-repo-server")
    {
        assert_eq!(k.outcome, Outcome::Ok, "{k:?}");
    }
}

/// cert-manager's CA issuer writes only the issuing CA to `ca.crt`: a CA rotation of a Secret
/// cert-manager writes has no overlap, and the plan says so (no safe order, Go's
/// unknown-authority text, the note naming why).
#[test]
fn cert_manager_ca_rotation_has_no_overlap() {
    let name = "3.5.1 rotate the repo-server CA (cert-manager: no overlap)";
    let t = case(name);
    let p = planned(&t);
    assert!(!p.safe, "{name}");
    assert!(
        p.summary
            .contains("x509: certificate signed by unknown authority"),
        "{}",
        p.summary
    );
    let commands: Vec<&String> = p.steps.iter().flat_map(|s| &s.commands).collect();
    assert!(
        commands
            .iter()
            .any(|c| c.starts_with("cmctl renew -n argocd argocd-repo-server-tls")),
        "{commands:#?}"
    );
    let current = cert_manager_today("3.5.1");
    let info = rotation_info(
        &current,
        &read_posture("rotate:\n  kind: ca\n").unwrap(),
        &posture_options("3.5.1"),
    )
    .unwrap()
    .unwrap();
    assert!(
        info.notes.iter().any(|n| n.contains("there is no overlap")),
        "{:#?}",
        info.notes
    );
}

/// Dex's leaf under the same CA, pinned by argocd-server at start (§7): no safe order; what
/// breaks is the pin, with Argo CD's text.
#[test]
fn dex_leaf_rotation_breaks_the_pin_once() {
    let name = "3.5.1 rotate Dex's pinned leaf (my CA)";
    let p = planned(&case(name));
    assert!(!p.safe, "{name}");
    let errors: Vec<String> = p
        .steps
        .iter()
        .flat_map(|s| &s.states)
        .flat_map(|s| &s.connections)
        .filter(|c| c.works_today && c.outcome != Outcome::Ok)
        .filter_map(|c| c.error.as_ref().map(|e| e.client.clone()))
        .collect();
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .all(|e| e.contains("dex server certificate does not match")),
        "{errors:#?}"
    );
    let s = shape(&p);
    assert!(!restarts_of(&s, "argocd-dex-server").is_empty(), "{s:#?}");
    assert!(!restarts_of(&s, "argocd-server").is_empty(), "{s:#?}");
}

/// Resumable: planning from the state after `k` steps gives the remaining steps — the safe
/// rotations and those without a safe order (compromised, Dex's pin) alike.
#[test]
fn rotations_resume_where_they_stopped() {
    for t in cases() {
        let p = plan(&t.current, &t.changes, &options(t.version)).unwrap();
        for (k, q) in resumed(&t.current, &t.changes, &p, || options(t.version), t.name) {
            assert_eq!(q.safe, t.safe, "{} after {k}", t.name);
        }
    }
}

/// The deadline: the earliest `notAfter` of what the rotated Secret holds, minus the margin.
/// The old CA's leaf (stand-in issued at the plans' instant, one year) is the earliest.
#[test]
fn rotation_says_by_when() {
    let current = verified("3.5.1", false);
    let posture = read_posture(&format!(
        "rotate:\n  kind: leaf\n  marginDays: 10\n  certificate: {}\n",
        my_ca(&cas().old)
    ))
    .unwrap();
    let info = rotation_info(&current, &posture, &posture_options("3.5.1"))
        .unwrap()
        .unwrap();
    assert_eq!(info.kind, RotationKind::Leaf);
    assert_eq!(info.secrets, ["argocd-repo-server-tls"]);
    // The leaf the forward posture issued: from the plans' instant, 365 days.
    assert_eq!(info.expires.as_deref(), Some("2028-01-15T00:00:00Z"));
    assert_eq!(info.renew_by.as_deref(), Some("2028-01-05T00:00:00Z"));
    assert_eq!(info.margin_days, 10);
}

/// What cannot be rotated says why, as a structured error.
#[test]
fn impossible_rotations_are_errors() {
    let current = verified("3.5.1", false);
    let o = posture_options("3.5.1");
    let err = |posture: &str| {
        let p = read_posture(posture).unwrap();
        let requests = issuance_requests(&current, &p, &o);
        let mut o = o.clone();
        if let Ok(r) = &requests {
            o.issued = stand_in_issued(r, b"x").unwrap();
        }
        requests
            .and_then(|_| posture_changes(&current, &p, &o))
            .unwrap_err()
            .to_string()
    };
    // A leaf "under today's CA" from another CA.
    assert!(
        err(&format!(
            "rotate:\n  kind: leaf\n  certificate: {}\n",
            my_ca(&cas().new)
        ))
        .contains("rotate with `kind: ca`")
    );
    // A new CA that is today's.
    assert!(
        err(&format!(
            "rotate:\n  kind: ca\n  certificate: {}\n",
            my_ca(&cas().old)
        ))
        .contains("already in today's ca.crt")
    );
    // `generate` cannot keep today's CA.
    assert!(
        err("rotate:\n  kind: leaf\n  certificate: {from: generate}\n")
            .contains("needs that CA's key")
    );
    // Nothing to rotate: Dex's Secret is not there.
    assert!(
        err(&format!(
            "rotate:\n  kind: dexLeaf\n  certificate: {}\n",
            my_ca(&cas().old)
        ))
        .contains("not in the input")
    );
    // Not with other parts.
    assert!(
        err("rotate:\n  kind: ca\nredis:\n  certificate: {from: generate}\n")
            .contains("cannot be combined")
    );
}
