//! Differential test against Go's `x509.ParseCertificate`.
//!
//! `../shared/corpora/parse-differential/go-parse-verdicts.json` holds, for every PEM block of
//! the corpus files (zlint and Go x509 test data, Argo CD test certificates), what Go 1.27
//! (`go 1.26.4` module semantics) said: accept or the error text, and the parsed fields. This
//! test parses the same bytes and compares the verdict, the error text and every field Go gave.
//!
//! Divergences live in `tests/parse-divergences.tsv` (`source<TAB>index<TAB>field<TAB>reason`).
//! The test fails on a divergence not listed there and on a listed one that no longer diverges.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use argocd_tls_planner::{CertificateSummary, ExtKeyUsage, decode_pem_blocks, parse_certificate};
use serde_json::Value;
use sha2::{Digest, Sha256};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora");

/// The corpus's names for extended key usages (Go's `ExtKeyUsage` stringer names, with
/// `anyExtendedKeyUsage` shortened to `any`), as the oracle printed them.
fn eku_name(u: ExtKeyUsage) -> &'static str {
    match u {
        ExtKeyUsage::Any => "any",
        ExtKeyUsage::ServerAuth => "serverAuth",
        ExtKeyUsage::ClientAuth => "clientAuth",
        ExtKeyUsage::CodeSigning => "codeSigning",
        ExtKeyUsage::EmailProtection => "emailProtection",
        ExtKeyUsage::IpsecEndSystem => "ipsecEndSystem",
        ExtKeyUsage::IpsecTunnel => "ipsecTunnel",
        ExtKeyUsage::IpsecUser => "ipsecUser",
        ExtKeyUsage::TimeStamping => "timeStamping",
        ExtKeyUsage::OcspSigning => "OCSPSigning",
        ExtKeyUsage::MicrosoftServerGatedCrypto => "msSGC",
        ExtKeyUsage::NetscapeServerGatedCrypto => "nsSGC",
        ExtKeyUsage::MicrosoftCommercialCodeSigning => "msCodeCom",
        ExtKeyUsage::MicrosoftKernelCodeSigning => "msKernelCode",
        _ => "?",
    }
}

/// The DER bytes of row (`source`, `index`), or why `decode_pem_blocks` could not give them.
fn block_der(source: &str, index: usize) -> Result<Vec<u8>, String> {
    let path = match source.strip_prefix("argocd/") {
        Some(name) => format!("{SHARED}/argocd-test-certs/{name}"),
        None => format!("{SHARED}/parse-differential/{source}"),
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    if source.ends_with(".der") {
        assert_eq!(index, 0, "{source}");
        return Ok(bytes);
    }
    let text = String::from_utf8_lossy(&bytes);
    let blocks = decode_pem_blocks(&text).map_err(|e| e.to_string())?;
    blocks
        .get(index)
        .map(|b| b.der.clone())
        .ok_or_else(|| format!("decode_pem_blocks gave no block {index}"))
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Compares one row; returns the diverging fields with a description.
fn compare(row: &Value, der: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let go_ok = row["ok"].as_bool().unwrap_or(false);
    let ours = parse_certificate(der);
    match (&ours, go_ok) {
        (Err(e), false) => {
            let want = row["error"].as_str().unwrap_or_default();
            if e.message != want {
                out.push((
                    "error".to_string(),
                    format!("go {want:?}, ours {:?}", e.message),
                ));
            }
        }
        (Err(e), true) => out.push((
            "verdict".to_string(),
            format!("go accepts, ours rejects: {:?}", e.message),
        )),
        (Ok(_), false) => out.push((
            "verdict".to_string(),
            format!("go rejects with {:?}, ours accepts", row["error"]),
        )),
        (Ok(cert), true) => {
            let s = CertificateSummary::of(cert);
            let text = |k: &str| {
                row.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            let mut field = |name: &str, go: String, ours: String| {
                if go != ours {
                    out.push((name.to_string(), format!("go {go:?}, ours {ours:?}")));
                }
            };
            field("subject", text("subject"), s.subject.clone());
            field("issuer", text("issuer"), s.issuer.clone());
            field("serial", text("serial"), s.serial.clone());
            field("not_before", text("not_before"), s.not_before.clone());
            field("not_after", text("not_after"), s.not_after.clone());
            field(
                "public_key_algorithm",
                text("public_key_algorithm"),
                cert.public_key.algorithm_name().to_string(),
            );
            field(
                "signature_algorithm",
                text("signature_algorithm"),
                cert.signature_algorithm.go_name().to_string(),
            );
            let ekus: Vec<String> = cert
                .ext_key_usage
                .iter()
                .map(|u| eku_name(*u).to_string())
                .collect();
            field(
                "ext_key_usage",
                strings(row.get("ext_key_usage")).join(","),
                ekus.join(","),
            );
            field(
                "dns_names",
                strings(row.get("dns_names")).join(","),
                s.dns_names.join(","),
            );
            field(
                "ip_addresses",
                strings(row.get("ip_addresses")).join(","),
                s.ip_addresses.join(","),
            );
            field(
                "is_ca",
                row.get("is_ca")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
                    .to_string(),
                cert.is_ca.to_string(),
            );
        }
    }
    out
}

#[test]
fn parse_agrees_with_go() {
    let json_path = format!("{SHARED}/parse-differential/go-parse-verdicts.json");
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(&json_path).unwrap_or_else(|e| panic!("{json_path}: {e}")),
    )
    .unwrap_or_else(|e| panic!("{json_path}: {e}"));
    let rows = json["results"].as_array().expect("results array");
    assert_eq!(rows.len(), 1361, "corpus size");

    let listed_text = include_str!("parse-divergences.tsv");
    let listed: BTreeSet<(String, usize, String)> = listed_text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.split('\t');
            let source = parts.next().unwrap_or_default().to_string();
            let index = parts.next().and_then(|i| i.parse().ok()).expect("index");
            let field = parts.next().unwrap_or_default().to_string();
            let reason = parts.next().unwrap_or_default();
            assert!(
                !reason.trim().is_empty(),
                "divergence without a reason: {l}"
            );
            (source, index, field)
        })
        .collect();

    let mut found: BTreeSet<(String, usize, String)> = BTreeSet::new();
    let mut report = String::new();
    let (mut verdict_agree, mut fields_agree, mut both_accept) = (0usize, 0usize, 0usize);
    let mut not_decoded = 0usize;
    for row in rows {
        let source = row["source"].as_str().expect("source");
        let index = row["index"].as_u64().expect("index") as usize;
        let der = match block_der(source, index) {
            Ok(der) => der,
            Err(e) => {
                // A PEM-decoding divergence (crate::decode_pem_blocks vs Go's pem.Decode): the
                // parse cannot be compared for this row.
                let key = (source.to_string(), index, "pem".to_string());
                if !listed.contains(&key) {
                    let _ = writeln!(report, "{source}\t{index}\tpem\t{e}");
                }
                found.insert(key);
                not_decoded += 1;
                continue;
            }
        };
        let sha = Sha256::digest(&der);
        let sha_hex: String = sha.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            Some(sha_hex.as_str()),
            row["sha256"].as_str(),
            "{source}#{index}: not the bytes Go parsed"
        );
        let diffs = compare(row, &der);
        if !diffs.iter().any(|(f, _)| f == "verdict") {
            verdict_agree += 1;
        }
        if row["ok"].as_bool() == Some(true) && parse_certificate(&der).is_ok() {
            both_accept += 1;
            if diffs.is_empty() {
                fields_agree += 1;
            }
        }
        for (field, what) in diffs {
            let key = (source.to_string(), index, field.clone());
            if !listed.contains(&key) {
                let _ = writeln!(report, "{source}\t{index}\t{field}\t{what}");
            }
            found.insert(key);
        }
    }
    let stale: Vec<_> = listed.difference(&found).collect();
    println!(
        "accept/reject agreement: {verdict_agree}/{} ({not_decoded} rows not PEM-decodable); \
         identical fields where both accept: {fields_agree}/{both_accept}",
        rows.len()
    );
    assert!(
        report.is_empty() && stale.is_empty(),
        "unlisted divergences:\n{report}\nlisted but no longer diverging: {stale:?}"
    );
}
