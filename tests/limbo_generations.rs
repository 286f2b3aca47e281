//! The verifier of each Go generation against that Go itself, on every x509-limbo case.
//!
//! `tests/go/limbo` (standard library only) asks a real toolchain's `crypto/x509` about every case
//! of `../shared/corpora/x509-limbo/limbo.json.gz`; it runs once on each installed toolchain:
//! `GO` (Go 1.27), `GO_1_26`, `GO_1_25`, `GO_1_24`, `GO_1_23`, `GO_1_22` and `GO_1_21` (an older Go builds a copy
//! whose `go.mod` names its release, as Argo CD's own `go.mod` does, so GODEBUG defaults are that
//! release's). The engine then evaluates every case through `examples/limbo/harness.rs` with
//! [`GoX509Version::from_go_version`] of the toolchain that answered, and both the verdict and
//! the error text must be Go's, byte for byte.
//!
//! Divergences not modelled are listed in `tests/limbo-generations-exceptions.tsv`
//! (`go1.NN<TAB>id<TAB>reason`, one line per toolchain and case). The test fails on a divergence
//! not listed and on a listed case that agrees now, and prints the divergences per toolchain.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use argocd_tls_planner::{GoX509Version, UnixTime};
use serde_json::Value;

use crate::limbo::harness;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpora/x509-limbo/limbo.json.gz"
);
const EXCEPTIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/limbo-generations-exceptions.tsv"
);

/// `time.Now()` for the cases without a validation time, on both sides (see `tests/limbo.rs`).
const NOW: &str = "2026-11-01T00:00:00Z";

/// The toolchains, by the environment variable naming each (see the Makefile).
const TOOLCHAINS: [&str; 7] = [
    "GO", "GO_1_26", "GO_1_25", "GO_1_24", "GO_1_23", "GO_1_22", "GO_1_21",
];

/// The cases both harnesses evaluate (not skipped): `tests/limbo.rs`'s 9,756 and five client
/// cases with RFC 822 peer names, which x509-limbo's own harness skips before verifying but ours
/// (like `examples/limbo/harness.rs`) verify first, so a failing chain is a failure.
const EVALUATED: usize = 9_761;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!(
            "argocd-tls-limbo-generations-{}",
            std::process::id()
        ))
        .join(name);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Builds `tests/go/limbo` with the toolchain `var` names and runs it on the corpus: the Go
/// version that answered and its `{id: [verdict, text]}`.
#[allow(clippy::disallowed_methods)] // tests may read the environment; the core may not
fn run_go(var: &str) -> (String, BTreeMap<String, (String, String)>) {
    let go = crate::interop::go_binary_for(var, "limbo_generations");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go/limbo");
    let build_dir = crate::interop::go_module_for(var, &src);
    let bin = scratch(&format!("bin-{var}")).join("limbo");
    let built = Command::new(&go)
        .args(["build", "-o"])
        .arg(&bin)
        .arg(".")
        .current_dir(&build_dir)
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "-mod=mod")
        .output()
        .unwrap_or_else(|e| panic!("run {go} build: {e}"));
    assert!(
        built.status.success(),
        "go build of tests/go/limbo with {var} failed: {}",
        String::from_utf8_lossy(&built.stderr)
    );
    let out = Command::new(&bin)
        .arg(CORPUS)
        .arg(NOW)
        .output()
        .expect("run the limbo harness");
    assert!(
        out.status.success(),
        "tests/go/limbo on {var} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_slice(&out.stdout).expect("the harness writes JSON");
    let version = answer["go"].as_str().unwrap_or_default().to_string();
    let cases = answer["cases"]
        .as_object()
        .expect("cases")
        .iter()
        .map(|(id, v)| {
            let verdict = v[0].as_str().unwrap_or_default().to_string();
            let text = v[1].as_str().unwrap_or_default().to_string();
            (id.clone(), (verdict, text))
        })
        .collect();
    (version, cases)
}

fn corpus() -> Vec<Value> {
    let gz = std::fs::read(CORPUS).expect("limbo.json.gz");
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_end(&mut text)
        .expect("gunzip limbo.json.gz");
    let limbo: Value = serde_json::from_slice(&text).expect("limbo.json parses");
    limbo["testcases"].as_array().cloned().unwrap_or_default()
}

/// `go1.NN` of a `runtime.Version()` text.
fn minor_of(version: &str) -> String {
    version.split('.').take(2).collect::<Vec<_>>().join(".")
}

fn exceptions() -> BTreeMap<(String, String), String> {
    std::fs::read_to_string(EXCEPTIONS)
        .expect("tests/limbo-generations-exceptions.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let go = parts.next().unwrap_or_default().to_string();
            let id = parts.next().unwrap_or_default().to_string();
            let reason = parts.next().unwrap_or_default().trim().to_string();
            assert!(!reason.is_empty(), "{go} {id}: an exception needs a reason");
            ((go, id), reason)
        })
        .collect()
}

#[test]
fn every_generation_verifies_as_its_go() {
    let cases = corpus();
    let now = UnixTime::parse_rfc3339(NOW).expect("NOW");
    let listed = exceptions();
    let mut diverging: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut seen_minors = BTreeSet::new();
    let mut summary = Vec::new();
    for var in TOOLCHAINS {
        let (version, go) = run_go(var);
        let minor = minor_of(&version);
        let generation = GoX509Version::from_go_version(&version);
        assert!(
            seen_minors.insert(minor.clone()),
            "{var} is {version}, a release another variable already names"
        );
        let (mut evaluated, mut verdicts, mut texts) = (0usize, 0usize, 0usize);
        for tc in &cases {
            let id = tc["id"].as_str().unwrap_or_default().to_string();
            let Some((go_verdict, go_text)) = go.get(&id) else {
                panic!("{version}: no answer for {id}");
            };
            if go_verdict == "SKIPPED" {
                continue;
            }
            evaluated += 1;
            let ours = harness::evaluate_as(tc, now, generation);
            let ours_text = match &ours {
                harness::Verdict::Failure(t) => t.as_str(),
                _ => "",
            };
            if ours.result() != go_verdict {
                verdicts += 1;
            } else if ours_text != go_text {
                texts += 1;
            } else {
                continue;
            }
            diverging.insert(
                (minor.clone(), id),
                format!(
                    "go {go_verdict} {go_text:?}, ours ({generation:?}) {} {ours_text:?}",
                    ours.result()
                ),
            );
        }
        assert_eq!(evaluated, EVALUATED, "{version}: cases evaluated");
        summary.push(format!(
            "{version} as {generation:?}: {verdicts} verdict and {texts} text divergences"
        ));
    }
    println!("limbo generations:\n  {}", summary.join("\n  "));
    let unlisted: Vec<String> = diverging
        .iter()
        .filter(|(k, _)| !listed.contains_key(*k))
        .map(|((go, id), why)| format!("{go}\t{id}\t{why}"))
        .collect();
    let stale: Vec<String> = listed
        .keys()
        .filter(|k| !diverging.contains_key(*k))
        .map(|(go, id)| format!("{go}\t{id}"))
        .collect();
    assert!(
        unlisted.is_empty(),
        "{} divergences from Go not listed in limbo-generations-exceptions.tsv:\n{}",
        unlisted.len(),
        unlisted.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed in limbo-generations-exceptions.tsv but agreeing with Go now:\n{}",
        stale.join("\n")
    );
}
