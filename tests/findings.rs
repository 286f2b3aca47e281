//! Every finding code has a minimal fixture (`tests/fixtures/findings/TLSnnn.yaml`) that triggers
//! it, a fixture that shows it silent where it must be (`tests/fixtures/findings/silent/TLSnnn.yaml`:
//! the configuration that fixes it, or the same one where the reference says it does not apply —
//! another version, another instant), and a docs page (`docs/codes/TLSnnn.md`) generated from the
//! registry.
//!
//! A fixture's header names the Argo CD version, the instant, and the code it must produce; its
//! documents are laid over the standard install of that version by the input rule (`resolve_sources`), or
//! stand alone when the header says `# base: none`.

use std::collections::BTreeSet;

use argocd_tls_planner::{
    CODES, InputSource, Options, Report, base_label, read_manifests, resolve_sources,
    standard_install,
};

fn fixtures_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/findings")
}

/// The fixture files (`*.yaml`) directly in `dir`, sorted.
pub(crate) fn fixture_files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn header<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix("# ")?.strip_prefix(key)?.strip_prefix(": "))
}

/// Resolves a fixture file the way the test and the docs describe it: its documents laid over the
/// standard install of its version by the input rule (`resolve_sources`), or alone with `# base: none`.
/// A fixture's combined installation and options, as [`resolve_fixture`] resolves them.
pub(crate) fn fixture_input(name: &str) -> (argocd_tls_planner::Installation, Options) {
    let text = std::fs::read_to_string(fixtures_dir().join(name)).unwrap();
    let version = header(&text, "version").unwrap();
    let now = argocd_tls_planner::UnixTime::parse_rfc3339(header(&text, "now").unwrap()).unwrap();
    let mine = InputSource::new(name, read_manifests(&[(name, text.as_str())]).unwrap());
    let sources = if header(&text, "base") == Some("none") {
        vec![mine]
    } else {
        vec![
            InputSource::new(base_label(version), standard_install(version, "argocd")),
            mine,
        ]
    };
    let options = Options {
        now,
        argocd_version: Some(version.to_string()),
        namespace: None,
    };
    (resolve_sources(&sources, &options).unwrap().0, options)
}

pub(crate) fn resolve_fixture(name: &str) -> Report {
    let path = fixtures_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let version = header(&text, "version").unwrap();
    let now = argocd_tls_planner::UnixTime::parse_rfc3339(header(&text, "now").unwrap()).unwrap();
    let mine = InputSource::new(name, read_manifests(&[(name, text.as_str())]).unwrap());
    let sources = if header(&text, "base") == Some("none") {
        vec![mine]
    } else {
        vec![
            InputSource::new(base_label(version), standard_install(version, "argocd")),
            mine,
        ]
    };
    resolve_sources(
        &sources,
        &Options {
            now,
            argocd_version: Some(version.to_string()),
            namespace: None,
        },
    )
    .unwrap()
    .1
}

#[test]
fn every_code_has_a_fixture_that_triggers_it() {
    // TLS901 marks a bug in the planner: there is no input that should produce it.
    let exempt: BTreeSet<&str> = ["TLS901"].into();
    let mut missing = Vec::new();
    let mut not_triggered = Vec::new();
    for code in CODES.iter().filter(|c| !exempt.contains(c.code)) {
        let file = format!("{}.yaml", code.code);
        if !fixtures_dir().join(&file).exists() {
            missing.push(code.code);
            continue;
        }
        let text = std::fs::read_to_string(fixtures_dir().join(&file)).unwrap();
        assert_eq!(
            header(&text, "expect"),
            Some(code.code),
            "{file}: header names another code"
        );
        let report = resolve_fixture(&file);
        if !report.findings.iter().any(|f| f.code == code.code) {
            let got: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
            not_triggered.push(format!("{}: got {got:?}", code.code));
        }
    }
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
    assert!(
        not_triggered.is_empty(),
        "fixtures that do not produce their code:\n{}",
        not_triggered.join("\n")
    );
}

#[test]
fn every_code_has_a_fixture_where_it_is_silent() {
    let exempt: BTreeSet<&str> = ["TLS901"].into();
    let mut missing = Vec::new();
    let mut fired = Vec::new();
    let mut checked = 0usize;
    for code in CODES.iter().filter(|c| !exempt.contains(c.code)) {
        let file = format!("silent/{}.yaml", code.code);
        if !fixtures_dir().join(&file).exists() {
            missing.push(code.code);
            continue;
        }
        let text = std::fs::read_to_string(fixtures_dir().join(&file)).unwrap();
        assert_eq!(
            header(&text, "silent"),
            Some(code.code),
            "{file}: header names another code"
        );
        let report = resolve_fixture(&file);
        // Not silent because nothing was resolved: the install has its components.
        assert!(
            report.components.iter().any(|c| c.starts),
            "{file}: no component starts"
        );
        if let Some(f) = report.findings.iter().find(|f| f.code == code.code) {
            fired.push(format!("{}: {}", code.code, f.message));
        }
        checked += 1;
    }
    assert!(
        missing.is_empty(),
        "codes without a silent fixture: {missing:?}"
    );
    assert!(
        fired.is_empty(),
        "silent fixtures that produce their code:\n{}",
        fired.join("\n")
    );
    assert_eq!(checked, CODES.len() - exempt.len());
}

#[test]
fn no_fixture_for_an_unknown_code() {
    for dir in [fixtures_dir(), fixtures_dir().join("silent")] {
        for name in fixture_files(&dir) {
            let code = name.trim_end_matches(".yaml");
            assert!(
                CODES.iter().any(|c| c.code == code),
                "{name} is not a registered code"
            );
        }
    }
}

#[test]
fn findings_never_carry_key_material() {
    let all = fixture_files(&fixtures_dir()).into_iter().chain(
        fixture_files(&fixtures_dir().join("silent"))
            .into_iter()
            .map(|n| format!("silent/{n}")),
    );
    for name in all {
        let json = serde_json::to_string(&resolve_fixture(&name)).unwrap();
        assert!(
            !json.contains("PRIVATE KEY"),
            "{name}: report contains key material"
        );
    }
}

#[test]
fn docs_pages_match_the_registry() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codes");
    for code in CODES {
        let page = std::fs::read_to_string(dir.join(format!("{}.md", code.code)))
            .unwrap_or_else(|_| panic!("docs/codes/{}.md is missing: run `make docs`", code.code));
        assert_eq!(
            page,
            argocd_tls_planner::code_docs_page(code),
            "docs/codes/{}.md is stale: run `make docs`",
            code.code
        );
    }
}
