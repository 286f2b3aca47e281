//! `verify_with_ca_changes` end to end: a CA and server certificates made by the generation API,
//! put into the standard install of 2.11.14, 2.14.21 and 3.5.1 (with Dex configured) as the
//! page's Generate tab puts them, plus the returned `argocd-cmd-params-cm` changes: every client
//! of the repo-server and Dex then verifies and connects — except the notifications controller
//! before 3.5, whose strict flag has no key (reference §6.3), for which a note is returned and
//! the connection stays skip-verify.

use std::collections::BTreeMap;

use argocd_tls_planner::{
    CertificateRequest, Component, ConfigMap, GenerateRequest, Installation, KeyAlgorithm,
    KeyEncoding, Options, Outcome, Report, RequestedKeyUsage, Secret, Transport, UnixTime,
    Verification, generate_set, resolve, standard_install, verify_with_ca_changes,
};
use rand_core::UnwrapErr;

/// 2026-01-01T00:00:00Z, one year of validity, and an instant inside it.
const NOT_BEFORE: i64 = 1_767_225_600;
const NOT_AFTER: i64 = NOT_BEFORE + 365 * 86_400;
const NOW: i64 = NOT_BEFORE + 30 * 86_400;

const DEX_CONFIG: &str =
    "connectors:\n- type: github\n  id: github\n  name: GitHub\n  config:\n    clientID: x\n";

fn request(common_name: &str, dns_names: Vec<String>, is_ca: bool) -> CertificateRequest {
    CertificateRequest {
        common_name: Some(common_name.into()),
        organization: is_ca.then(|| "Argo CD".into()),
        dns_names,
        ip_addresses: vec![],
        is_ca,
        ext_key_usages: if is_ca {
            vec![]
        } else {
            vec![RequestedKeyUsage::ServerAuth]
        },
        key_algorithm: KeyAlgorithm::EcdsaP256,
        key_encoding: KeyEncoding::Traditional,
        not_before: NOT_BEFORE,
        not_after: NOT_AFTER,
    }
}

fn install(version: &str) -> Installation {
    let mut install = standard_install(version, "argocd");
    install.config_maps.retain(|c| c.name != "argocd-cm");
    install.config_maps.push(ConfigMap {
        name: "argocd-cm".into(),
        data: BTreeMap::from([
            ("url".into(), "https://argocd.example.com".into()),
            ("dex.config".into(), DEX_CONFIG.into()),
        ]),
        ..ConfigMap::default()
    });
    install
}

fn report(install: &Installation, version: &str) -> Report {
    resolve(
        install,
        &Options {
            now: UnixTime::from_secs(NOW),
            argocd_version: Some(version.into()),
            namespace: None,
        },
    )
    .expect("a modelled version")
}

/// The repo-server and Dex connections as `(client, server, verification, outcome)`.
fn edges(report: &Report) -> Vec<(String, String, Verification, Outcome)> {
    report
        .connections
        .iter()
        .filter(|c| c.server == "argocd-repo-server" || c.server == "argocd-dex-server")
        .map(|c| {
            (
                c.client.clone(),
                c.server.clone(),
                c.verification,
                c.outcome,
            )
        })
        .collect()
}

#[test]
fn generated_ca_and_the_changes_make_every_client_verify() {
    let servers = [Component::RepoServer, Component::DexServer];
    for version in ["2.11.14", "2.14.21", "3.5.1"] {
        let mut plan = install(version);
        let before = report(&plan, version);
        // Before: four repo-server clients and argocd-server → Dex, over TLS, none verifying.
        let before_edges = edges(&before);
        assert_eq!(before_edges.len(), 5, "{version}: {before_edges:?}");
        assert!(
            before
                .connections
                .iter()
                .filter(|c| c.server == "argocd-repo-server" || c.server == "argocd-dex-server")
                .all(|c| c.transport == Transport::Tls),
            "{version}"
        );
        assert!(
            before_edges.iter().all(|e| e.2 == Verification::SkipVerify),
            "{version}: {before_edges:?}"
        );

        let changes = verify_with_ca_changes(&plan, &before, &servers);
        let generated = generate_set(
            &GenerateRequest {
                ca: Some(request("Argo CD CA", vec![], true)),
                issuer: None,
                leaves: servers
                    .iter()
                    .map(|c| request(c.name(), c.service_names("argocd"), false))
                    .collect(),
            },
            &mut UnwrapErr(getrandom::SysRng),
        )
        .expect("generation");
        let ca = generated.ca.expect("a CA was requested");
        assert_eq!(generated.leaves.len(), servers.len());
        for (server, leaf) in servers.iter().zip(&generated.leaves) {
            plan.secrets.push(Secret {
                name: format!("{}-tls", server.name()),
                secret_type: Some("kubernetes.io/tls".into()),
                data: BTreeMap::from([
                    ("tls.crt".into(), leaf.chain_pem.clone()),
                    ("tls.key".into(), leaf.key_pem.clone()),
                    ("ca.crt".into(), ca.cert_pem.clone()),
                ]),
                ..Secret::default()
            });
        }
        let cm = plan
            .config_maps
            .iter_mut()
            .find(|c| c.name == "argocd-cmd-params-cm")
            .expect("the standard install has argocd-cmd-params-cm");
        for c in &changes.changes {
            assert_eq!(c.config_map, "argocd-cmd-params-cm");
            if c.value.is_empty() {
                cm.data.remove(&c.key);
            } else {
                cm.data.insert(c.key.clone(), c.value.clone());
            }
        }

        let after = report(&plan, version);
        let after_edges = edges(&after);
        assert_eq!(after_edges.len(), 5, "{version}: {after_edges:?}");
        let v3_5 = version == "3.5.1";
        for (client, server, verification, outcome) in &after_edges {
            let exempt = !v3_5 && client == "argocd-notifications-controller";
            let want = if exempt {
                Verification::SkipVerify
            } else {
                Verification::Verify
            };
            assert_eq!(
                (*verification, *outcome),
                (want, Outcome::Ok),
                "{version}: {client} → {server}"
            );
        }
        if v3_5 {
            assert!(changes.notes.is_empty(), "{:?}", changes.notes);
        } else {
            assert_eq!(changes.notes.len(), 1, "{version}: {:?}", changes.notes);
            assert!(
                changes.notes[0].starts_with("argocd-notifications-controller has no"),
                "{}",
                changes.notes[0]
            );
        }
    }
}
