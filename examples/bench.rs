//! Native benchmarks of the engine (`make bench-engine` runs them, then the same in wasm).
//!
//! `cargo run --profile release-native --example bench [-- OUT_DIR]` measures:
//! - `read_manifests` + `resolve` of the Argo CD v3.5.1 upstream install manifest with four TLS
//!   secrets appended, end to end, and `resolve` of the already read `Installation` alone;
//! - chain verifications per second (leaf + intermediate + root, RSA-2048 and P-256): `verify`
//!   on parsed certificates and `verify_pem` (PEM in, what the wasm `verifyChain` does);
//! - certificates parsed and inspected per second over the parse-differential corpus;
//! - the manifest reader on hostile and large input (moved here from `tests/manifests.rs`, which
//!   no longer reads the clock): how long a YAML alias bomb takes to be refused (budget 2 s), and
//!   one copy of the v3.5.1 install against five in one file (linear: five take about 5×; the
//!   old test's bound was 25×). Both sides are printed.
//!
//! It writes the inputs (the manifest text and the chains' PEM) and the native numbers as JSON
//! to OUT_DIR (default `target/bench-engine`) for `tools/bench-engine.mjs`, which times the wasm
//! package on the same inputs and prints both side by side.

// A benchmark measures time: the clock is allowed here (the engine itself never reads it).
#![allow(clippy::disallowed_methods)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use argocd_tls_planner::{
    CertificateRequest, CertificateSummary, GeneratedCertificate, IssuerPem, KeyAlgorithm, Options,
    RequestedKeyUsage, UnixTime, VerifyOptions, generate_certificate, parse_certificate,
    pool_from_pem, read_manifests, resolve, verify, verify_pem,
};
use rand_core::UnwrapErr;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const NOW_RFC3339: &str = "2026-01-01T00:00:00Z";

fn main() -> Res<()> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/bench-engine".to_string()),
    );
    std::fs::create_dir_all(&out)?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared");
    let mut rng = UnwrapErr(getrandom::SysRng);
    let mut json = String::from("{\n");

    // ---- resolve
    let upstream =
        std::fs::read_to_string(shared.join("fixtures/upstream/argocd-v3.5.1-install.yaml"))?;
    let text = format!("{upstream}\n{}", tls_secrets(&mut rng)?);
    std::fs::write(out.join("install.yaml"), &text)?;
    let options = Options {
        now: UnixTime::from_secs(NOW),
        argocd_version: None,
        namespace: None,
    };
    let install = read_manifests(&[("install.yaml", text.as_str())])?;
    let report = resolve(&install, &options)?;
    println!(
        "input: {:.2} MB, {} workloads, {} secrets; report: {} components, {} connections",
        text.len() as f64 / 1e6,
        install.workloads.len(),
        install.secrets.len(),
        report.components.len(),
        report.connections.len()
    );
    let e2e = time_runs(30, || {
        let i = read_manifests(&[("install.yaml", text.as_str())]).map_err(|e| e.to_string())?;
        resolve(&i, &options).map(|_| ()).map_err(|e| e.to_string())
    })?;
    let alone = time_runs(300, || {
        resolve(&install, &options)
            .map(|_| ())
            .map_err(|e| e.to_string())
    })?;
    print_stats("readManifests + resolve", &e2e);
    print_stats("resolve (parsed model)", &alone);
    json_stats(&mut json, "resolveEndToEnd", &e2e);
    json_stats(&mut json, "resolveParsed", &alone);

    // ---- the reader on hostile and large input
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut previous = "a";
    for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
        let refs = vec![format!("*{previous}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        previous = name;
    }
    let bomb_runs = time_runs(10, || {
        match read_manifests(&[("bomb.yaml", bomb.as_str())]) {
            Err(_) => Ok(()),
            Ok(_) => Err("the alias bomb was read".to_string()),
        }
    })?;
    println!(
        "alias bomb refused: median {:.3} ms (budget 2000 ms)",
        pct(&bomb_runs, 50)
    );
    let five = [upstream.as_str(); 5].join("\n---\n");
    let one_runs = time_runs(20, || {
        read_manifests(&[("one", upstream.as_str())])
            .map(|_| ())
            .map_err(|e| e.to_string())
    })?;
    let five_runs = time_runs(20, || {
        read_manifests(&[("five", five.as_str())])
            .map(|_| ())
            .map_err(|e| e.to_string())
    })?;
    let (one_ms, five_ms) = (pct(&one_runs, 50), pct(&five_runs, 50));
    println!(
        "read one install ({} bytes): {one_ms:.1} ms; five ({} bytes): {five_ms:.1} ms; ratio {:.1}x (linear 5x, old test bound 25x)",
        upstream.len(),
        five.len(),
        five_ms / one_ms
    );

    // ---- chain verification
    let mut chains = String::from("{\n");
    for (name, alg) in [
        ("rsa", KeyAlgorithm::Rsa2048),
        ("p256", KeyAlgorithm::EcdsaP256),
    ] {
        let (leaf, inter, ca) = chain(alg, &mut rng)?;
        let parsed = |pem: &str| {
            pool_from_pem(pem)
                .into_iter()
                .next()
                .ok_or("no certificate")
        };
        let (l, i, r) = (parsed(&leaf)?, parsed(&inter)?, parsed(&ca)?);
        let opts = VerifyOptions::new(Some("argocd-server".to_string()), UnixTime::from_secs(NOW));
        let intermediates = [i];
        let roots = [r];
        if verify(&l, &intermediates, &roots, &opts).is_err() {
            return Err(format!("the {name} chain does not verify").into());
        }
        let n = if name == "rsa" { 3000 } else { 1500 };
        let parsed_rate = rate(n, || verify(&l, &intermediates, &roots, &opts).is_ok())?;
        let pem_rate = rate(n, || {
            verify_pem(
                &leaf,
                &inter,
                &ca,
                "argocd-server",
                UnixTime::from_secs(NOW),
                None,
            )
            .is_ok()
        })?;
        println!("verify {name:<5} (parsed)         {parsed_rate:>10.0} chains/s");
        println!("verify {name:<5} (PEM, verify_pem) {pem_rate:>10.0} chains/s");
        let _ = writeln!(json, "  \"verify_{name}_parsed\": {parsed_rate:.1},");
        let _ = writeln!(json, "  \"verify_{name}_pem\": {pem_rate:.1},");
        let _ = writeln!(
            chains,
            "  {:?}: {{\"leaf\": {:?}, \"intermediates\": {:?}, \"roots\": {:?}}},",
            name, leaf, inter, ca
        );
    }
    chains.push_str(&format!("  \"now\": {NOW_RFC3339:?}\n}}\n"));
    std::fs::write(out.join("chains.json"), chains)?;

    // ---- parse + inspect
    let mut ders = Vec::new();
    for entry in std::fs::read_dir(shared.join("corpora/parse-differential"))? {
        collect_ders(&entry?.path(), &mut ders)?;
    }
    let ok = ders.iter().filter(|d| parse_certificate(d).is_ok()).count();
    let rounds = 20;
    let start = Instant::now();
    let mut inspected = 0usize;
    for _ in 0..rounds {
        for d in &ders {
            if let Ok(c) = parse_certificate(d) {
                inspected += usize::from(!CertificateSummary::of(&c).subject.is_empty());
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let per_sec = (ders.len() * rounds) as f64 / secs;
    println!(
        "parse+inspect: {} DER inputs ({ok} parse), {per_sec:.0} certificates/s ({inspected} summaries)",
        ders.len()
    );
    let _ = writeln!(json, "  \"parseInspectPerSec\": {per_sec:.1},");
    let _ = writeln!(json, "  \"corpusCertificates\": {}", ders.len());
    json.push_str("}\n");
    std::fs::write(out.join("native.json"), json)?;
    Ok(())
}

/// Four TLS secrets as YAML documents, from a generated P-256 CA.
fn tls_secrets(rng: &mut UnwrapErr<getrandom::SysRng>) -> Res<String> {
    let ca = generate_certificate(
        &request(Some("argocd-ca"), &[], true, KeyAlgorithm::EcdsaP256),
        None,
        rng,
    )?;
    let issuer = IssuerPem {
        cert_pem: ca.cert_pem.clone(),
        key_pem: ca.key_pem.clone(),
    };
    let mut yaml = String::new();
    for (secret, host) in [
        ("argocd-server-tls", "argocd-server"),
        ("argocd-repo-server-tls", "argocd-repo-server"),
        ("argocd-dex-server-tls", "argocd-dex-server"),
        ("argocd-repo-server-mtls", "argocd-repo-server-client"),
    ] {
        let leaf = generate_certificate(
            &request(Some(host), &[host], false, KeyAlgorithm::EcdsaP256),
            Some(&issuer),
            rng,
        )?;
        let _ = write!(
            yaml,
            "---\napiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: {secret}\n  labels:\n    app.kubernetes.io/part-of: argocd\nstringData:\n  tls.crt: |\n{}  tls.key: |\n{}  ca.crt: |\n{}",
            indent(&leaf.chain_pem),
            indent(&leaf.key_pem),
            indent(&ca.cert_pem)
        );
    }
    Ok(yaml)
}

fn indent(pem: &str) -> String {
    pem.lines().map(|l| format!("    {l}\n")).collect()
}

fn request(cn: Option<&str>, dns: &[&str], is_ca: bool, alg: KeyAlgorithm) -> CertificateRequest {
    CertificateRequest {
        common_name: cn.map(str::to_string),
        organization: None,
        dns_names: dns.iter().map(|s| (*s).to_string()).collect(),
        ip_addresses: Vec::new(),
        is_ca,
        ext_key_usages: if is_ca {
            Vec::new()
        } else {
            vec![RequestedKeyUsage::ServerAuth]
        },
        key_algorithm: alg,
        key_encoding: Default::default(),
        not_before: NOW - 86_400,
        not_after: NOW + 365 * 86_400,
    }
}

/// Root, intermediate (signed by the root) and leaf (signed by the intermediate), as PEM.
fn chain(
    alg: KeyAlgorithm,
    rng: &mut UnwrapErr<getrandom::SysRng>,
) -> Res<(String, String, String)> {
    let root: GeneratedCertificate =
        generate_certificate(&request(Some("bench root"), &[], true, alg), None, rng)?;
    let as_issuer = |c: &GeneratedCertificate| IssuerPem {
        cert_pem: c.cert_pem.clone(),
        key_pem: c.key_pem.clone(),
    };
    let inter = generate_certificate(
        &request(Some("bench intermediate"), &[], true, alg),
        Some(&as_issuer(&root)),
        rng,
    )?;
    let leaf = generate_certificate(
        &request(Some("argocd-server"), &["argocd-server"], false, alg),
        Some(&as_issuer(&inter)),
        rng,
    )?;
    Ok((leaf.cert_pem, inter.cert_pem, root.cert_pem))
}

fn collect_ders(path: &Path, out: &mut Vec<Vec<u8>>) -> Res<()> {
    if path.is_dir() {
        for entry in std::fs::read_dir(path)? {
            collect_ders(&entry?.path(), out)?;
        }
        return Ok(());
    }
    let bytes = std::fs::read(path)?;
    if bytes.first() == Some(&0x30) {
        out.push(bytes);
    } else if let Ok(text) = std::str::from_utf8(&bytes)
        && let Ok(blocks) = argocd_tls_planner::decode_pem_blocks(text)
    {
        out.extend(
            blocks
                .into_iter()
                .filter(|b| b.label == "CERTIFICATE")
                .map(|b| b.der),
        );
    }
    Ok(())
}

fn time_runs(n: usize, mut f: impl FnMut() -> Result<(), String>) -> Res<Vec<Duration>> {
    f()?; // warm-up
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f()?;
        v.push(t.elapsed());
    }
    v.sort();
    Ok(v)
}

fn rate(n: usize, mut f: impl FnMut() -> bool) -> Res<f64> {
    if !f() {
        return Err("the operation failed".into());
    }
    let t = Instant::now();
    for _ in 0..n {
        if !f() {
            return Err("the operation failed".into());
        }
    }
    Ok(n as f64 / t.elapsed().as_secs_f64())
}

fn pct(sorted: &[Duration], p: usize) -> f64 {
    let i = (sorted.len().saturating_sub(1) * p) / 100;
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

fn print_stats(label: &str, sorted: &[Duration]) {
    println!(
        "{label:<26} median {:>8.2} ms  p90 {:>8.2} ms  (n={})",
        pct(sorted, 50),
        pct(sorted, 90),
        sorted.len()
    );
}

fn json_stats(json: &mut String, key: &str, sorted: &[Duration]) {
    let _ = writeln!(
        json,
        "  \"{key}\": {{\"medianMs\": {:.3}, \"p90Ms\": {:.3}, \"n\": {}}},",
        pct(sorted, 50),
        pct(sorted, 90),
        sorted.len()
    );
}
