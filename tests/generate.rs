//! Generated certificates checked by the verifiers that matter: OpenSSL 3
//! (`openssl verify -x509_strict`) and real Go (`tls.X509KeyPair` and `x509.Certificate.Verify`,
//! through the committed program in `tests/go/`).

use std::path::Path;
use std::process::Command;

use argocd_tls_planner::{
    CertificateRequest, GeneratedCertificate, IssuerPem, KeyAlgorithm, KeyEncoding,
    PrivateKeyFormat, RequestedKeyUsage, UnixTime, check_key_pair, decode_pem_blocks,
    generate_certificate, parse_certificate,
};
use rand_core::UnwrapErr;
use serde_json::{Value, json};

use crate::keypair::{openssl, run_go, scratch_dir};

/// 2026-01-01T00:00:00Z and one year later.
const NOT_BEFORE: i64 = 1_767_225_600;
const NOT_AFTER: i64 = NOT_BEFORE + 365 * 86_400;
/// A time inside the validity, and one after it.
const INSIDE: &str = "2026-06-01T00:00:00Z";
const INSIDE_SECS: i64 = 1_780_272_000;
const AFTER: &str = "2027-06-01T00:00:00Z";
const HOST: &str = "argocd-server.argocd.svc";

type Rng = UnwrapErr<getrandom::SysRng>;

fn rng() -> Rng {
    UnwrapErr(getrandom::SysRng)
}

fn ca_request(algorithm: KeyAlgorithm) -> CertificateRequest {
    CertificateRequest {
        common_name: Some("Argo CD test CA".into()),
        organization: Some("Argo CD".into()),
        dns_names: vec![],
        ip_addresses: vec![],
        is_ca: true,
        ext_key_usages: vec![],
        key_algorithm: algorithm,
        key_encoding: KeyEncoding::Traditional,
        not_before: NOT_BEFORE,
        not_after: NOT_AFTER,
    }
}

fn leaf_request(algorithm: KeyAlgorithm) -> CertificateRequest {
    CertificateRequest {
        common_name: Some("argocd-server".into()),
        organization: None,
        dns_names: vec!["localhost".into(), "argocd-server".into(), HOST.into()],
        ip_addresses: vec!["127.0.0.1".into(), "::1".into()],
        is_ca: false,
        ext_key_usages: vec![RequestedKeyUsage::ServerAuth, RequestedKeyUsage::ClientAuth],
        key_algorithm: algorithm,
        key_encoding: KeyEncoding::Traditional,
        not_before: NOT_BEFORE,
        not_after: NOT_AFTER,
    }
}

fn first_der(pem: &str) -> Vec<u8> {
    decode_pem_blocks(pem).expect("PEM")[0].der.clone()
}

/// `openssl verify -x509_strict -attime at -CAfile ca leaf` must print `leaf: OK`.
fn openssl_verify(dir: &Path, ca: &str, leaf: &str, at: i64) {
    std::fs::write(dir.join("ca.pem"), ca).expect("write ca");
    std::fs::write(dir.join("leaf.pem"), leaf).expect("write leaf");
    let out = Command::new("openssl")
        .args(["verify", "-x509_strict", "-attime", &at.to_string()])
        .args(["-CAfile", "ca.pem", "leaf.pem"])
        .current_dir(dir)
        .output()
        .expect("run openssl verify");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.trim() == "leaf.pem: OK",
        "openssl verify -x509_strict rejected the certificate in {}: {text}",
        dir.display()
    );
}

fn verification(name: &str, roots: &str, chain: &str, dns: &str, time: &str) -> Value {
    json!({"name": name, "rootsPem": roots, "chainPem": chain, "dnsName": dns, "time": time,
           "keyUsages": ["serverAuth"]})
}

/// Go answered every key pair and every verification asked, in order, and each as expected (a
/// verification named `… (must fail)` must fail). Lengths first: an empty answer is a failure.
fn assert_go_ok(request: &Value, answer: &Value) {
    for list in ["keyPairs", "verifications"] {
        let asked: Vec<&Value> = request[list].as_array().into_iter().flatten().collect();
        let got: Vec<&Value> = answer[list].as_array().into_iter().flatten().collect();
        assert_eq!(got.len(), asked.len(), "Go answered {list}: {answer}");
        for (a, g) in asked.iter().zip(&got) {
            assert_eq!(a["name"], g["name"], "Go answered {list} out of order");
        }
    }
    assert!(
        request["keyPairs"]
            .as_array()
            .is_some_and(|a| !a.is_empty()),
        "no key pair asked"
    );
    for r in answer["keyPairs"].as_array().into_iter().flatten() {
        assert_eq!(r["ok"], true, "Go tls.X509KeyPair rejected {r}");
    }
    for r in answer["verifications"].as_array().into_iter().flatten() {
        let name = r["name"].as_str().unwrap_or_default();
        if name.ends_with("(must fail)") {
            assert_eq!(r["ok"], false, "Go accepted {r}");
        } else {
            assert_eq!(r["ok"], true, "Go x509 Verify rejected {r}");
        }
    }
}

#[allow(clippy::disallowed_methods)] // timing in a test, not in the core
fn timed<T>(f: impl FnOnce() -> T) -> (T, std::time::Duration) {
    let start = std::time::Instant::now();
    let value = f();
    (value, start.elapsed())
}

#[test]
fn test_times_are_consistent() {
    assert_eq!(
        UnixTime::parse_rfc3339(INSIDE).map(UnixTime::as_secs),
        Ok(INSIDE_SECS)
    );
}

#[test]
fn generated_ca_and_leaf_verify_under_openssl_and_go() {
    let mut rng = rng();
    let mut key_pairs = Vec::new();
    let mut verifications = Vec::new();
    for algorithm in [
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::EcdsaP256,
        KeyAlgorithm::EcdsaP384,
        KeyAlgorithm::EcdsaP521,
        KeyAlgorithm::Ed25519,
    ] {
        let name = format!("{algorithm:?}");
        let (ca, ca_time) = timed(|| generate_certificate(&ca_request(algorithm), None, &mut rng));
        let ca = ca.expect("CA");
        let issuer = IssuerPem {
            cert_pem: ca.cert_pem.clone(),
            key_pem: ca.key_pem.clone(),
        };
        let (leaf, leaf_time) =
            timed(|| generate_certificate(&leaf_request(algorithm), Some(&issuer), &mut rng));
        let leaf = leaf.expect("leaf");
        println!(
            "generation {name}: CA {:.1} ms, leaf {:.1} ms ({} build)",
            ca_time.as_secs_f64() * 1e3,
            leaf_time.as_secs_f64() * 1e3,
            if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            }
        );

        // Our own reading agrees: a good pair, chain of two, the issuer bytes are the CA's subject.
        let info = check_key_pair(leaf.chain_pem.as_bytes(), leaf.key_pem.as_bytes())
            .expect("our X509KeyPair");
        assert_eq!(info.certificate_count, 2);
        let parsed_leaf = parse_certificate(&first_der(&leaf.cert_pem)).expect("leaf parses");
        let parsed_ca = parse_certificate(&first_der(&ca.cert_pem)).expect("CA parses");
        assert_eq!(parsed_leaf.raw_issuer, parsed_ca.raw_subject);
        assert_eq!(parsed_leaf.authority_key_id, parsed_ca.subject_key_id);
        assert!(parsed_ca.is_ca && !parsed_leaf.is_ca);
        assert_eq!(parsed_leaf.dns_names, ["localhost", "argocd-server", HOST]);
        assert_eq!(parsed_leaf.not_before.as_secs(), NOT_BEFORE);
        assert_eq!(parsed_leaf.not_after.as_secs(), NOT_AFTER);
        let expected_format = match algorithm {
            KeyAlgorithm::Rsa2048 => PrivateKeyFormat::Pkcs1,
            KeyAlgorithm::Ed25519 => PrivateKeyFormat::Pkcs8,
            _ => PrivateKeyFormat::Sec1,
        };
        assert_eq!(leaf.key_format, expected_format);

        let dir = scratch_dir(&format!("generate-{name}"));
        openssl_verify(&dir, &ca.cert_pem, &leaf.cert_pem, INSIDE_SECS);
        openssl_verify(&dir, &ca.cert_pem, &ca.cert_pem, INSIDE_SECS);

        key_pairs.push(json!({"name": format!("{name} leaf"), "certPem": leaf.chain_pem, "keyPem": leaf.key_pem}));
        key_pairs.push(
            json!({"name": format!("{name} CA"), "certPem": ca.cert_pem, "keyPem": ca.key_pem}),
        );
        verifications.push(verification(
            &name,
            &ca.cert_pem,
            &leaf.chain_pem,
            HOST,
            INSIDE,
        ));
        verifications.push(verification(
            &format!("{name} IP"),
            &ca.cert_pem,
            &leaf.cert_pem,
            "127.0.0.1",
            INSIDE,
        ));
        verifications.push(verification(
            &format!("{name} expired (must fail)"),
            &ca.cert_pem,
            &leaf.cert_pem,
            HOST,
            AFTER,
        ));
        verifications.push(verification(
            &format!("{name} wrong name (must fail)"),
            &ca.cert_pem,
            &leaf.cert_pem,
            "argocd-repo-server",
            INSIDE,
        ));
    }
    let request = json!({"keyPairs": key_pairs, "verifications": verifications});
    let answer = run_go(&request);
    assert_go_ok(&request, &answer);
    // The failures are the ones Go gives for these reasons.
    let errors: Vec<&str> = answer["verifications"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["error"].as_str())
        .filter(|e| !e.is_empty())
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("x509: certificate has expired or is not yet valid")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("x509: certificate is valid for localhost, argocd-server")),
        "{errors:?}"
    );
}

fn argo(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/argocd-test-certs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn sign_with_imported(
    name: &str,
    ca_cert: &str,
    ca_key: &str,
    algorithm: KeyAlgorithm,
) -> (GeneratedCertificate, Value, String) {
    let issuer = IssuerPem {
        cert_pem: ca_cert.to_string(),
        key_pem: ca_key.to_string(),
    };
    let parsed_ca = parse_certificate(&first_der(ca_cert)).expect("CA parses");
    // The leaf's validity: the CA's first 30 days; Go verifies it on day 2.
    let mut request = leaf_request(algorithm);
    request.key_encoding = KeyEncoding::Pkcs8;
    request.not_before = parsed_ca.not_before.as_secs();
    request.not_after = request.not_before + 30 * 86_400;
    let at_secs = request.not_before + 86_400;
    let at = UnixTime::from_secs(at_secs).to_string();
    let leaf = generate_certificate(&request, Some(&issuer), &mut rng()).expect("leaf");
    let parsed_leaf = parse_certificate(&first_der(&leaf.cert_pem)).expect("leaf parses");
    assert_eq!(
        parsed_leaf.raw_issuer, parsed_ca.raw_subject,
        "{name}: issuer bytes must equal the CA's subject bytes"
    );
    let dir = scratch_dir(&format!("imported-{name}"));
    openssl_verify(&dir, ca_cert, &leaf.cert_pem, at_secs);
    let kp = json!({"name": name, "certPem": leaf.chain_pem, "keyPem": leaf.key_pem});
    (leaf, kp, at)
}

#[test]
fn leaves_signed_by_imported_cas_verify() {
    let mut key_pairs = Vec::new();
    let mut verifications = Vec::new();

    // Argo CD's own test CA (RSA 4096, PKCS#8 key).
    let ca = argo("test_fixture_certs_argocd-test-ca.crt");
    let (leaf, kp, at) = sign_with_imported(
        "argocd test CA",
        &ca,
        &argo("test_fixture_certs_argocd-test-ca.key"),
        KeyAlgorithm::EcdsaP256,
    );
    key_pairs.push(kp);
    verifications.push(verification(
        "argocd test CA",
        &ca,
        &leaf.chain_pem,
        HOST,
        &at,
    ));

    // An OpenSSL CA with a P-384 SEC1 key and a name mixing string types and a repeated OU:
    // C is a PrintableString, the rest UTF8String (OpenSSL's utf8only mask), OU appears twice.
    let dir = scratch_dir("imported-openssl");
    openssl(
        &dir,
        &[
            "ecparam",
            "-name",
            "secp384r1",
            "-genkey",
            "-noout",
            "-out",
            "ca.key",
        ],
    );
    openssl(
        &dir,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            "ca.key",
            "-days",
            "3650",
            "-utf8",
            "-subj",
            "/C=DE/O=Ärgo Test/OU=platform/OU=security/CN=OpenSSL test CA",
            "-set_serial",
            "7",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
            "-out",
            "ca.crt",
        ],
    );
    let ca = std::fs::read_to_string(dir.join("ca.crt")).expect("ca.crt");
    let key = std::fs::read_to_string(dir.join("ca.key")).expect("ca.key");
    assert!(key.contains("BEGIN EC PRIVATE KEY"), "a SEC1 key");
    let (leaf, kp, at) = sign_with_imported("openssl P-384 CA", &ca, &key, KeyAlgorithm::Rsa2048);
    key_pairs.push(kp);
    verifications.push(verification(
        "openssl P-384 CA",
        &ca,
        &leaf.chain_pem,
        HOST,
        &at,
    ));
    let request = json!({"keyPairs": key_pairs, "verifications": verifications});
    let answer = run_go(&request);
    assert_go_ok(&request, &answer);
}

#[test]
fn root_intermediate_leaf_chain_verifies() {
    let mut rng = rng();
    let root =
        generate_certificate(&ca_request(KeyAlgorithm::Ed25519), None, &mut rng).expect("root");
    let mut inter_req = ca_request(KeyAlgorithm::EcdsaP256);
    inter_req.common_name = Some("Argo CD intermediate".into());
    let inter = generate_certificate(
        &inter_req,
        Some(&IssuerPem {
            cert_pem: root.cert_pem.clone(),
            key_pem: root.key_pem.clone(),
        }),
        &mut rng,
    )
    .expect("intermediate");
    let leaf = generate_certificate(
        &leaf_request(KeyAlgorithm::EcdsaP256),
        Some(&IssuerPem {
            cert_pem: inter.chain_pem.clone(),
            key_pem: inter.key_pem.clone(),
        }),
        &mut rng,
    )
    .expect("leaf");
    // leaf + intermediate + root: the issuer's whole chain follows the new certificate.
    assert_eq!(decode_pem_blocks(&leaf.chain_pem).expect("PEM").len(), 3);
    let dir = scratch_dir("generate-chain");
    std::fs::write(dir.join("inter.pem"), &inter.cert_pem).expect("write");
    std::fs::write(dir.join("root.pem"), &root.cert_pem).expect("write");
    std::fs::write(dir.join("leaf.pem"), &leaf.cert_pem).expect("write");
    let out = Command::new("openssl")
        .args([
            "verify",
            "-x509_strict",
            "-attime",
            &INSIDE_SECS.to_string(),
        ])
        .args(["-CAfile", "root.pem", "-untrusted", "inter.pem", "leaf.pem"])
        .current_dir(&dir)
        .output()
        .expect("openssl verify");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr)
    );
    let request = json!({
        "keyPairs": [{"name": "leaf", "certPem": leaf.chain_pem, "keyPem": leaf.key_pem}],
        "verifications": [
            verification("chain", &root.cert_pem, &leaf.chain_pem, HOST, INSIDE),
            verification("no intermediate (must fail)", &root.cert_pem, &leaf.cert_pem, HOST, INSIDE),
        ],
    });
    let answer = run_go(&request);
    assert_go_ok(&request, &answer);
}

#[test]
fn self_signed_leaf_like_argo_cd_and_pkcs8_keys() {
    let hosts: Vec<String> = ["localhost", "argocd-server", HOST, "127.0.0.1", "::1"]
        .map(String::from)
        .to_vec();
    let mut request = CertificateRequest::argocd_self_signed(&hosts, NOT_BEFORE);
    assert_eq!(request.dns_names, ["localhost", "argocd-server", HOST]);
    assert_eq!(request.ip_addresses, ["127.0.0.1", "::1"]);
    assert_eq!(request.not_after, NOT_AFTER);
    request.key_encoding = KeyEncoding::Pkcs8;
    let cert = generate_certificate(&request, None, &mut rng()).expect("self-signed");
    assert!(cert.key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    assert_eq!(cert.cert_pem, cert.chain_pem);
    // Go: a usable pair, and the certificate verifies when it is its own root (Argo CD's strict
    // TLS mode trusts tls.crt itself).
    let request = json!({
        "keyPairs": [{"name": "self-signed", "certPem": cert.cert_pem, "keyPem": cert.key_pem}],
        "verifications": [verification("self-signed", &cert.cert_pem, &cert.cert_pem, HOST, INSIDE)],
    });
    let answer = run_go(&request);
    assert_go_ok(&request, &answer);
}

#[test]
fn bad_requests_are_errors_without_key_material() {
    let mut rng = rng();
    let ca =
        generate_certificate(&ca_request(KeyAlgorithm::EcdsaP256), None, &mut rng).expect("CA");
    let leaf = generate_certificate(
        &leaf_request(KeyAlgorithm::EcdsaP256),
        Some(&IssuerPem {
            cert_pem: ca.cert_pem.clone(),
            key_pem: ca.key_pem.clone(),
        }),
        &mut rng,
    )
    .expect("leaf");
    let key_body: String = leaf
        .key_pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let debug = format!("{leaf:?}");
    assert!(
        !debug.contains(&key_body[..20]) && debug.contains("redacted"),
        "{debug}"
    );

    // A leaf is not a CA.
    let not_ca = IssuerPem {
        cert_pem: leaf.cert_pem.clone(),
        key_pem: leaf.key_pem.clone(),
    };
    let e = generate_certificate(
        &leaf_request(KeyAlgorithm::Ed25519),
        Some(&not_ca),
        &mut rng,
    )
    .expect_err("not a CA");
    assert!(e.message.contains("not a CA"), "{e}");
    // The CA with somebody else's key: Go's text.
    let wrong_key = IssuerPem {
        cert_pem: ca.cert_pem.clone(),
        key_pem: leaf.key_pem.clone(),
    };
    let e = generate_certificate(
        &leaf_request(KeyAlgorithm::Ed25519),
        Some(&wrong_key),
        &mut rng,
    )
    .expect_err("mismatch");
    assert!(
        e.message
            .ends_with("tls: private key does not match public key"),
        "{e}"
    );
    assert!(!e.message.contains(&key_body[..20]));
    // Validity and SANs.
    let mut r = leaf_request(KeyAlgorithm::Ed25519);
    r.not_after = r.not_before;
    assert!(generate_certificate(&r, None, &mut rng).is_err());
    let mut r = leaf_request(KeyAlgorithm::Ed25519);
    r.ip_addresses = vec!["300.1.1.1".into()];
    let e = generate_certificate(&r, None, &mut rng).expect_err("bad IP");
    assert_eq!(e.message, "`300.1.1.1` is not an IP address");
}

#[test]
fn requests_cross_to_json_in_camel_case() {
    let r: CertificateRequest = serde_json::from_value(json!({
        "commonName": "x", "dnsNames": ["a"], "keyAlgorithm": "ecdsaP256",
        "extKeyUsages": ["serverAuth"], "notBefore": NOT_BEFORE, "notAfter": NOT_AFTER
    }))
    .expect("request from JSON");
    assert_eq!(r.key_algorithm, KeyAlgorithm::EcdsaP256);
    assert_eq!(r.key_encoding, KeyEncoding::Traditional);
    let out = generate_certificate(&r, None, &mut rng()).expect("generate");
    let v = serde_json::to_value(&out).expect("to JSON");
    assert!(v["certPem"].is_string() && v["keyPem"].is_string() && v["keyFormat"] == "sec1");
}

/// What `generate_set_with_progress` reports: one step before each key (named by its
/// certificate's common name, else its first SAN) and a final one; a bad leaf is refused before
/// any key is made, so nothing is reported.
#[test]
fn progress_names_each_certificate_and_stops_at_a_failure() {
    use argocd_tls_planner::{GenerateProgress, GenerateRequest, generate_set_with_progress};
    let mut unnamed = leaf_request(KeyAlgorithm::Ed25519);
    unnamed.common_name = None;
    let request: GenerateRequest = serde_json::from_value(json!({
        "ca": serde_json::to_value(ca_request(KeyAlgorithm::EcdsaP256)).unwrap(),
        "leaves": [
            serde_json::to_value(leaf_request(KeyAlgorithm::Ed25519)).unwrap(),
            serde_json::to_value(&unnamed).unwrap(),
        ],
    }))
    .unwrap();
    let mut seen: Vec<GenerateProgress> = vec![];
    let set =
        generate_set_with_progress(&request, &mut rng(), &mut |p| seen.push(p.clone())).unwrap();
    assert_eq!(set.leaves.len(), 2);
    let steps: Vec<Value> = seen
        .iter()
        .map(|p| serde_json::to_value(p).unwrap())
        .collect();
    assert_eq!(
        steps,
        vec![
            json!({"done": 0, "total": 3, "current": {"role": "ca", "name": "Argo CD test CA", "keyAlgorithm": "ecdsaP256"}}),
            json!({"done": 1, "total": 3, "current": {"role": "leaf", "name": "argocd-server", "keyAlgorithm": "ed25519"}}),
            json!({"done": 2, "total": 3, "current": {"role": "leaf", "name": "localhost", "keyAlgorithm": "ed25519"}}),
            json!({"done": 3, "total": 3, "current": null}),
        ]
    );

    let mut bad = leaf_request(KeyAlgorithm::Ed25519);
    bad.ip_addresses = vec!["999.1.1.1".into()];
    let request: GenerateRequest = serde_json::from_value(json!({
        "leaves": [serde_json::to_value(leaf_request(KeyAlgorithm::Ed25519)).unwrap(), serde_json::to_value(&bad).unwrap()],
    }))
    .unwrap();
    let mut dones = vec![];
    let err =
        generate_set_with_progress(&request, &mut rng(), &mut |p| dones.push(p.done)).unwrap_err();
    assert!(err.to_string().contains("999.1.1.1"), "{err}");
    assert_eq!(dones, Vec::<usize>::new());
}
