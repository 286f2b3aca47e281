//! The report's JSON Schema (`pkg/report.schema.json`): the committed file is what the report
//! types derive today (`make docs` rewrites it), and the reports of every upstream install, of
//! every findings fixture and the element's hand-written fixtures validate against it. The
//! validator is an independent implementation (`jsonschema`), so a schema that does not describe
//! what `serde` writes fails here.

use argocd_tls_planner::{
    Options, UnixTime, read_manifests, report_json_schema, resolve, standard_install,
};
use serde_json::Value;

fn root() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&report_json_schema()).unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

fn errors(v: &jsonschema::Validator, report: &Value) -> Vec<String> {
    v.iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_committed_schema_is_current() {
    let path = root().join("pkg/report.schema.json");
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run `make docs`", path.display()));
    assert!(
        committed == report_json_schema(),
        "pkg/report.schema.json is stale: run `make docs`"
    );
    let schema: Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "draft"
    );
    // The closed sets are enums with today's strings.
    let defs = &schema["$defs"];
    let one_of = |name: &str| -> Vec<String> {
        let d = &defs[name];
        let mut v: Vec<String> = match d.get("enum") {
            Some(e) => e
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect(),
            None => d["oneOf"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["const"].as_str().unwrap().to_string())
                .collect(),
        };
        v.sort();
        v
    };
    assert_eq!(one_of("Outcome"), ["fails", "ok", "unknown"]);
    assert_eq!(one_of("Transport"), ["plaintext", "tls"]);
    assert_eq!(one_of("Verification"), ["none", "skip-verify", "verify"]);
    assert_eq!(one_of("Severity"), ["error", "info", "warning"]);
    assert_eq!(
        one_of("SourceKind"),
        [
            "configMapKey",
            "default",
            "env",
            "flag",
            "secretKey",
            "versionRule"
        ]
    );
}

#[test]
fn the_schema_rejects_what_is_not_a_report() {
    let v = validator();
    let upstream = std::fs::read_to_string(
        root().join("../shared/fixtures/upstream/argocd-v3.5.1-install.yaml"),
    )
    .unwrap();
    let install = read_manifests(&[("install.yaml", upstream.as_str())]).unwrap();
    let report = resolve(&install, &options()).unwrap();
    let good = serde_json::to_value(&report).unwrap();
    assert!(errors(&v, &good).is_empty());
    let mut bad = good.clone();
    bad["connections"][0]["outcome"] = "works".into();
    assert!(!errors(&v, &bad).is_empty(), "an outcome outside the enum");
    let mut bad = good.clone();
    bad["components"][0]["endpoints"][0]["sources"]["insecure"] = "false (default)".into();
    assert!(!errors(&v, &bad).is_empty(), "a v1 provenance string");
    let mut bad = good;
    bad.as_object_mut().unwrap().remove("findings");
    assert!(!errors(&v, &bad).is_empty(), "a missing field");
}

fn options() -> Options {
    Options {
        now: UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").unwrap(),
        argocd_version: None,
        namespace: None,
    }
}

#[test]
fn every_upstream_report_validates() {
    let v = validator();
    let dir = root().join("../shared/fixtures/upstream");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names.len(), 7, "upstream fixtures");
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let read = read_manifests(&[(name.as_str(), text.as_str())]).unwrap();
        let install = if name.contains("docs-argocd-cmd-params-cm") {
            standard_install("3.5.1", "argocd").overlay(read)
        } else {
            read
        };
        let report = serde_json::to_value(resolve(&install, &options()).unwrap()).unwrap();
        assert_eq!(report["schemaVersion"], 2);
        let e = errors(&v, &report);
        assert!(e.is_empty(), "{name}:\n{}", e.join("\n"));
    }
}

#[test]
fn every_findings_fixture_report_validates() {
    let v = validator();
    let dir = root().join("tests/fixtures/findings");
    // The fixtures that fire each code and those where it is silent (tests/findings.rs).
    let names: Vec<String> = crate::findings::fixture_files(&dir)
        .into_iter()
        .chain(
            crate::findings::fixture_files(&dir.join("silent"))
                .into_iter()
                .map(|n| format!("silent/{n}")),
        )
        .collect();
    assert!(names.len() >= 90, "fixtures: {}", names.len());
    for name in &names {
        let report = serde_json::to_value(crate::findings::resolve_fixture(name)).unwrap();
        let e = errors(&v, &report);
        assert!(e.is_empty(), "{name}:\n{}", e.join("\n"));
    }
}

#[test]
fn the_elements_fixture_reports_validate() {
    let v = validator();
    for name in ["healthy", "failing", "absent", "xss", "ways-in"] {
        let text =
            std::fs::read_to_string(root().join(format!("tests/fixtures/reports/{name}.json")))
                .unwrap();
        let report: Value = serde_json::from_str(&text).unwrap();
        let e = errors(&v, &report);
        assert!(e.is_empty(), "{name}.json:\n{}", e.join("\n"));
    }
}

/// The posture's JSON Schema (`pkg/posture.schema.json`) is what the posture types derive today,
/// and postures `read_posture` accepts validate against it while ones it refuses do not.
#[test]
fn the_committed_posture_schema_is_current_and_describes_postures() {
    let path = root().join("pkg/posture.schema.json");
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run `make docs`", path.display()));
    assert!(
        committed == argocd_tls_planner::posture_json_schema(),
        "pkg/posture.schema.json is stale: run `make docs`"
    );
    let schema: Value = serde_json::from_str(&committed).unwrap();
    let v = jsonschema::draft202012::new(&schema).unwrap();
    let good = [
        "repoServer: {certificate: {from: certManager, createCaIssuer: true}, verify: [argocd-server]}",
        "dex: {certificate: {from: generate}, verify: false}",
        "server: {certificate: {from: certManager, issuer: {name: corp, kind: ClusterIssuer}}, hosts: [a.example]}",
        "mtls: {certificate: {from: myCa, caCertPem: x, caKeyPem: y}}",
        "redis: {certificate: {from: generate}}\ntlsPolicy: {profile: modern}\nprivateKey: {algorithm: ecdsaP384, rotationPolicy: Never}",
        "reset: {to: noTls, mesh: linkerd, serverInsecure: false}",
        "reset: {to: defaults}",
    ];
    for text in good {
        let p = argocd_tls_planner::read_posture(text).unwrap();
        let json = serde_json::to_value(&p).unwrap();
        let e = errors(&v, &json);
        assert!(e.is_empty(), "{text}:\n{}", e.join("\n"));
    }
    let bad = [
        serde_json::json!({"repoServer": {"certificate": {"from": "vault"}}}),
        serde_json::json!({"repoServer": {"certificat": {"from": "generate"}}}),
        serde_json::json!({"tlsPolicy": {"profile": "old"}}),
        serde_json::json!({"repoServer": {"certificate": {"from": "generate"}, "verify": ["argocd-dex-server"]}}),
    ];
    for json in bad {
        assert!(!errors(&v, &json).is_empty(), "the schema accepts {json}");
        assert!(
            argocd_tls_planner::read_posture(&json.to_string()).is_err(),
            "read_posture accepts {json}"
        );
    }
}
