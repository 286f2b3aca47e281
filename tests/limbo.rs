//! x509-limbo conformance against Go's `crypto/x509` verdicts.
//!
//! `../shared/corpora/x509-limbo/limbo.json.gz` holds the 9,780 limbo cases and `go-verdicts.json`
//! what Go 1.27 (`go 1.26.4` module semantics) said about each, through x509-limbo's Go harness.
//! Every case Go evaluated is run through our port with the same harness conventions
//! (`examples/limbo/harness.rs`) and our SUCCESS/FAILURE is compared with Go's.
//!
//! Verdict divergences live in `tests/limbo-exceptions.tsv` (`id<TAB>reason`). The test fails on
//! a divergence not listed there and on a listed case that no longer diverges. On every case
//! where both fail, our error text must be Go's byte for byte (the README's claim), and the number
//! of cases Go evaluated must be [`GO_EVALUATED`], so a shrunken corpus cannot pass quietly.

#[path = "../examples/limbo/harness.rs"]
#[allow(dead_code)]
pub(crate) mod harness;

use std::collections::BTreeMap;
use std::io::Read;

use argocd_tls_planner::UnixTime;
use serde_json::Value;
use sha2::{Digest, Sha256};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/x509-limbo");
const EXCEPTIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/limbo-exceptions.tsv");

/// Stands in for `time.Now()` in the cases without a validation time. Go's verdicts were recorded
/// in 2026 (Go 1.27.3 toolchain); every such case has the same verdict anywhere in 2026 after the
/// toolchain's release, which `now_independent_cases_agree` checks over that span.
const NOW: &str = "2026-11-01T00:00:00Z";

/// The cases Go evaluated (not `SKIPPED`) in `go-verdicts.json`: the README's count.
const GO_EVALUATED: usize = 9_756;

/// Go's error text as the oracle recorded it, without the harness's prefixes; `None` for success.
fn go_text(raw: Option<&str>) -> Option<String> {
    let t = raw?;
    let t = t.strip_prefix("validation: ").unwrap_or(t);
    if t == "chain built" {
        return None;
    }
    let t = t
        .strip_prefix("unable to parse ASN1 certificate from PEM: ")
        .unwrap_or(t);
    Some(t.to_string())
}

fn load() -> (Vec<Value>, BTreeMap<String, Value>) {
    let gz = std::fs::read(format!("{CORPUS}/limbo.json.gz")).expect("limbo.json.gz");
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_end(&mut text)
        .expect("gunzip limbo.json.gz");
    let verdicts: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{CORPUS}/go-verdicts.json")).expect("go-verdicts.json"),
    )
    .expect("go-verdicts.json parses");
    let want_sha = verdicts["limbo_json_sha256"].as_str().unwrap_or_default();
    let sha: String = Sha256::digest(&text)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        sha, want_sha,
        "go-verdicts.json is bound to another limbo.json"
    );
    let limbo: Value = serde_json::from_slice(&text).expect("limbo.json parses");
    let cases = limbo["testcases"].as_array().cloned().unwrap_or_default();
    let go: BTreeMap<String, Value> = verdicts["cases"]
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    (cases, go)
}

fn exceptions() -> BTreeMap<String, String> {
    std::fs::read_to_string(EXCEPTIONS)
        .expect("tests/limbo-exceptions.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (id, reason) = l.split_once('\t').expect("id<TAB>reason");
            assert!(
                !reason.trim().is_empty(),
                "{id}: an exception needs a reason"
            );
            (id.to_string(), reason.to_string())
        })
        .collect()
}

#[test]
fn limbo_verdicts_match_go() {
    let (cases, go) = load();
    let now = UnixTime::parse_rfc3339(NOW).expect("NOW");
    let listed = exceptions();
    let (mut compared, mut text_same, mut text_total) = (0usize, 0usize, 0usize);
    let mut diverging = BTreeMap::new();
    let mut text_diffs = Vec::new();
    for tc in &cases {
        let id = tc["id"].as_str().unwrap_or_default().to_string();
        let Some(g) = go.get(&id) else {
            panic!("{id}: no Go verdict");
        };
        let go_result = g["go"].as_str().unwrap_or_default();
        if go_result == "SKIPPED" {
            continue;
        }
        compared += 1;
        let ours = harness::evaluate(tc, now);
        if ours.result() != go_result {
            diverging.insert(id.clone(), format!("go {go_result}, ours {:?}", ours));
            continue;
        }
        if let harness::Verdict::Failure(ours) = &ours {
            text_total += 1;
            let want = go_text(g["go_error"].as_str());
            if want.as_deref() == Some(ours.as_str()) {
                text_same += 1;
            } else {
                text_diffs.push(format!("{id}\n    go:   {want:?}\n    ours: {ours:?}"));
            }
        }
    }
    println!(
        "limbo: {compared} cases compared, {} verdict divergences, error text {text_same}/{text_total} identical",
        diverging.len(),
    );
    assert_eq!(compared, GO_EVALUATED, "cases Go evaluated");
    assert!(text_total > 0, "no failing case compared its text");
    assert!(
        text_diffs.is_empty(),
        "{} of {text_total} error texts differ from Go's:\n{}",
        text_diffs.len(),
        text_diffs.join("\n")
    );
    let unlisted: Vec<String> = diverging
        .iter()
        .filter(|(id, _)| !listed.contains_key(*id))
        .map(|(id, why)| format!("{id}: {why}"))
        .collect();
    let stale: Vec<&String> = listed
        .keys()
        .filter(|id| !diverging.contains_key(*id))
        .collect();
    assert!(
        unlisted.is_empty(),
        "unlisted divergences from Go:\n{}",
        unlisted.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed in limbo-exceptions.tsv but agreeing with Go now: {stale:?}"
    );
}

/// The cases without a validation time ran at Go's `time.Now()` when the verdicts were recorded
/// (2026, Go 1.27.3, released 2026-10-19). Our verdict on each must be Go's at any instant of that
/// span, so the choice of [`NOW`] does not decide the comparison.
#[test]
fn now_independent_cases_agree() {
    let (cases, go) = load();
    let instants = ["2026-10-20T00:00:00Z", NOW, "2026-12-31T23:59:59Z"];
    let mut checked = 0usize;
    for tc in cases.iter().filter(|tc| tc["validation_time"].is_null()) {
        let id = tc["id"].as_str().unwrap_or_default();
        let go_result = go
            .get(id)
            .and_then(|g| g["go"].as_str())
            .unwrap_or_default();
        if go_result == "SKIPPED" || exceptions().contains_key(id) {
            continue;
        }
        for t in instants {
            let now = UnixTime::parse_rfc3339(t).expect("instant");
            let ours = harness::evaluate(tc, now);
            assert_eq!(ours.result(), go_result, "{id} at {t}: {ours:?}");
        }
        checked += 1;
    }
    assert!(
        checked > 100,
        "only {checked} cases without a validation time"
    );
}
