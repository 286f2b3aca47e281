//! Native timing of plans (`make bench-plan` runs it, then the same plans in wasm under Node):
//! the largest posture (every option on: repo-server and Dex from cert-manager's CA issuer,
//! argocd-server's certificate, mTLS, the intermediate TLS policy; Redis TLS is refused on HA
//! installs) on the v3.5.1 HA install, and the repo-server-from-cert-manager posture on the v3.5.1 install. Writes the
//! inputs and its numbers to OUT_DIR (default `target/bench-plan`) for `tools/bench-plan.mjs`.
//!
//! Each plan is timed in CPU time (this thread's, from Linux's `/proc/thread-self/schedstat`;
//! wall time where that file is missing) and in wall time, median of 5: on a shared machine the
//! wall time swings with the load, the CPU time much less.
//!
//! `cargo run --profile release-native --example bench-plan [-- OUT_DIR]`

// A benchmark measures time: the clock is allowed here (the engine itself never reads it).
#![allow(clippy::disallowed_methods)]

use std::time::Instant;

use argocd_tls_planner::{Options, PlanRequest, UnixTime, plan_from_text};

/// (name, install file, posture).
pub const CASES: [(&str, &str, &str); 2] = [
    (
        "largest posture, 3.5.1 HA",
        "argocd-v3.5.1-ha-install.yaml",
        "repoServer:\n  certificate: {from: certManager, createCaIssuer: true}\ndex:\n  certificate: {from: certManager, createCaIssuer: true}\nserver:\n  certificate: {from: certManager, createCaIssuer: true}\nmtls:\n  certificate: {from: certManager, createCaIssuer: true}\ntlsPolicy: {profile: intermediate}\n",
    ),
    (
        "repo-server from cert-manager, 3.5.1",
        "argocd-v3.5.1-install.yaml",
        "repoServer:\n  certificate: {from: certManager, createCaIssuer: true}\n",
    ),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/bench-plan".to_string());
    std::fs::create_dir_all(&out)?;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let now = "2027-01-15T00:00:00Z";
    let mut native = serde_json::Map::new();
    for (i, (name, file, posture)) in CASES.iter().enumerate() {
        let text = std::fs::read_to_string(root.join("../shared/fixtures/upstream").join(file))?;
        let request = PlanRequest {
            resolve: Options {
                now: UnixTime::parse_rfc3339(now)?,
                argocd_version: Some("3.5.1".into()),
                namespace: None,
            },
            base_standard: false,
            issued: Default::default(),
        };
        let mut times = Vec::new();
        let mut cpu = Vec::new();
        let mut steps = 0;
        for _ in 0..5 {
            let (t, c) = (Instant::now(), cpu_ms());
            let p = plan_from_text(&[(file, text.as_str())], posture, &request)?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            cpu.push(
                cpu_ms()
                    .zip(c)
                    .map_or(times[times.len() - 1], |(b, a)| b - a),
            );
            steps = p.plan.steps.len();
        }
        let (median, cpu_median) = (median(&mut times), median(&mut cpu));
        println!(
            "native  {name}: {steps} steps, median of 5: {cpu_median:.1} ms CPU, {median:.1} ms wall"
        );
        native.insert(
            name.to_string(),
            serde_json::json!({"medianMs": median, "cpuMs": cpu_median, "steps": steps}),
        );
        std::fs::write(format!("{out}/case{i}.yaml"), &text)?;
        std::fs::write(format!("{out}/case{i}.posture.yaml"), posture)?;
    }
    std::fs::write(
        format!("{out}/native.json"),
        serde_json::to_string_pretty(&serde_json::json!({"now": now, "cases": native}))?,
    )?;
    Ok(())
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// This thread's CPU time in ms (Linux: the first field of `/proc/thread-self/schedstat`, in ns).
fn cpu_ms() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}
