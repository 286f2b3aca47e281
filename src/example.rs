//! The planner's built-in example: what `make serve` opens with and `defaultExample()` returns.
//!
//! A realistic Argo CD 3.5.1 install (the upstream workloads from [`standard_install`]) where an
//! operator half-finished a TLS hardening: a CA-issued argocd-server certificate from
//! cert-manager (unlabelled), a CA-issued repo-server certificate, argocd-server verifying the
//! repo-server through the 3.5 CA-path flag, the controller through the deprecated strict flag,
//! the other clients not verifying, and Dex strict verification switched on with the wrong
//! certificate in argocd-dex-server-tls (the repo-server's, copied by mistake: its SANs do not
//! name argocd-dex-server). The certificates and keys under `src/example/` were made for this
//! example with OpenSSL; they protect nothing.

use std::collections::BTreeMap;

use crate::model::standard::standard_install;
use crate::model::{ConfigMap, Installation, Secret};

const CA: &str = include_str!("example/ca.crt");
const SERVER_CRT: &str = include_str!("example/server.crt");
const SERVER_KEY: &str = include_str!("example/server.key");
const REPO_CRT: &str = include_str!("example/repo-server.crt");
const REPO_KEY: &str = include_str!("example/repo-server.key");

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    crate::sort::sorted_map(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string())),
    )
}

/// The example installation (the engine's JSON model).
pub fn default_example() -> Installation {
    let mut install = standard_install("3.5.1", "argocd");
    let part_of = [("app.kubernetes.io/part-of", "argocd")];
    install
        .config_maps
        .retain(|c| c.name != "argocd-cmd-params-cm" && c.name != "argocd-cm");
    install.config_maps.push(ConfigMap {
        name: "argocd-cmd-params-cm".into(),
        data: map(&[
            (
                "server.repo.server.ca.cert.path",
                "/app/config/reposerver/mtls/server-ca.crt",
            ),
            ("controller.repo.server.strict.tls", "true"),
            ("server.dex.server.strict.tls", "true"),
        ]),
        labels: map(&[
            ("app.kubernetes.io/name", "argocd-cmd-params-cm"),
            part_of[0],
        ]),
        position: None,
    });
    install.config_maps.push(ConfigMap {
        name: "argocd-cm".into(),
        data: map(&[
            ("url", "https://argocd.example.com"),
            ("dex.config", "connectors:\n- type: github\n  id: github\n  name: GitHub\n  config:\n    clientID: example\n    clientSecret: $dex.github.clientSecret\n"),
        ]),
        labels: map(&[("app.kubernetes.io/name", "argocd-cm"), part_of[0]]),
        position: None,
    });
    let chain = format!("{SERVER_CRT}{CA}");
    install.secrets.extend([
        Secret {
            name: "argocd-server-tls".into(),
            secret_type: Some("kubernetes.io/tls".into()),
            data: map(&[("tls.crt", &chain), ("tls.key", SERVER_KEY), ("ca.crt", CA)]),
            labels: map(&[("controller.cert-manager.io/fao", "true")]),
            position: None,
        },
        Secret {
            name: "argocd-repo-server-tls".into(),
            secret_type: Some("kubernetes.io/tls".into()),
            data: map(&[("tls.crt", REPO_CRT), ("tls.key", REPO_KEY), ("ca.crt", CA)]),
            labels: map(&part_of),
            position: None,
        },
        Secret {
            name: "argocd-dex-server-tls".into(),
            secret_type: Some("kubernetes.io/tls".into()),
            data: map(&[("tls.crt", REPO_CRT), ("tls.key", REPO_KEY), ("ca.crt", CA)]),
            labels: map(&part_of),
            position: None,
        },
        Secret {
            name: "argocd-repo-server-mtls".into(),
            secret_type: Some("Opaque".into()),
            data: map(&[("server-ca.crt", CA)]),
            labels: map(&part_of),
            position: None,
        },
    ]);
    install
}
