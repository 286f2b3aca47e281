//! `cargo run --release --example limbo -- PATH/limbo.json[.gz] [--now RFC3339]`
//!
//! Evaluates every case of an x509-limbo file with this crate's port of Go's `Verify` and prints
//! limbo's result JSON (`{"version":1,"harness":…,"results":[…]}`) to stdout. Cases without a
//! validation time use `--now` (default: the system clock, as Go's harness uses `time.Now()`).

mod harness;

use std::io::Read;

use argocd_tls_planner::UnixTime;
use serde_json::{Value, json};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut now = None;
    while let Some(a) = args.next() {
        if a == "--now" {
            let t = args.next().unwrap_or_default();
            match UnixTime::parse_rfc3339(&t) {
                Ok(t) => now = Some(t),
                Err(e) => fail(&e),
            }
        } else {
            path = Some(a);
        }
    }
    let Some(path) = path else {
        fail("usage: limbo PATH/limbo.json[.gz] [--now RFC3339]");
    };
    // The example is a CLI, not the core: Go's harness uses `time.Now()` for cases without a time.
    #[allow(clippy::disallowed_methods)]
    let now = now.unwrap_or_else(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        UnixTime::from_secs(i64::try_from(secs).unwrap_or(i64::MAX))
    });
    let bytes = std::fs::read(&path).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    let text = if path.ends_with(".gz") {
        let mut s = String::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut s)
            .unwrap_or_else(|e| fail(&format!("{path}: {e}")));
        s
    } else {
        String::from_utf8(bytes).unwrap_or_else(|e| fail(&format!("{path}: {e}")))
    };
    let limbo: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    let cases = limbo
        .get("testcases")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let results: Vec<Value> = cases
        .iter()
        .map(|tc| {
            let v = harness::evaluate(tc, now);
            json!({
                "id": tc.get("id").cloned().unwrap_or(Value::Null),
                "actual_result": v.result(),
                "context": v.context(),
            })
        })
        .collect();
    let out = json!({"version": 1, "harness": "argocd-tls-planner", "results": results});
    println!("{out}");
}

fn fail(msg: &str) -> ! {
    eprintln!("limbo: {msg}");
    std::process::exit(2);
}
