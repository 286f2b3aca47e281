//! `check_key_pair` against real Go: every case is run through Go's `tls.X509KeyPair` (the
//! committed program in `tests/go/`) and through ours; verdicts and error texts must be equal byte
//! for byte. Keys and certificates are made with OpenSSL at test time, plus Argo CD's own test
//! certificates from `../shared/corpora/argocd-test-certs/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use argocd_tls_planner::{GoTlsVersion, KeyPairErrorKind, check_key_pair, check_key_pair_as};
use serde_json::{Value, json};

/// A scratch directory for this test process.
pub(crate) fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("argocd-tls-planner-{}", std::process::id()))
        .join(name);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// The Go toolchain: `$GO`, else `go` on `PATH`. Missing Go is a test failure, not a skip.
#[allow(clippy::disallowed_methods)] // tests may read the environment; the core may not
pub(crate) fn go_binary() -> String {
    if let Ok(go) = std::env::var("GO")
        && !go.is_empty()
    {
        return go;
    }
    let found = Command::new("go")
        .arg("version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(
        found,
        "Go is required for the interop tests: set GO=/path/to/go (e.g. GO=/opt/gobin/bin/go) or put `go` on PATH"
    );
    "go".to_string()
}

/// The toolchains the key tests run on, one or more per generation of
/// `argocd_tls_planner::GoTlsVersion`: the current Go (`GO`, 1.27) and the releases Argo CD was
/// built with (`GO_1_26`; `GO_1_25` and `GO_1_24`; `GO_1_21` for 1.21–1.23); `make test` installs
/// them and a missing one fails the test.
pub(crate) const KEY_TOOLCHAINS: [&str; 5] = ["GO", "GO_1_26", "GO_1_25", "GO_1_24", "GO_1_21"];

/// Builds `tests/go` once per test process and toolchain (the environment variable naming the
/// go binary) and returns the binary. An older Go builds a copy whose `go.mod` names its own
/// release (the committed one asks for a current Go).
#[allow(clippy::disallowed_methods)] // tests may read the environment; the core may not
fn interop_binary(var: &str) -> PathBuf {
    static BINS: std::sync::Mutex<Vec<(String, PathBuf)>> = std::sync::Mutex::new(Vec::new());
    let mut bins = BINS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, bin)) = bins.iter().find(|(v, _)| v == var) {
        return bin.clone();
    }
    let go = if var == "GO" {
        go_binary()
    } else {
        crate::interop::go_binary_for(var, "the key tests")
    };
    let out = scratch_dir(&format!("go-bin-{var}")).join("interop");
    let src =
        crate::interop::go_module_for(var, &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go"));
    let result = Command::new(&go)
        .args(["build", "-o"])
        .arg(&out)
        .arg(".")
        .current_dir(&src)
        .env("GOTOOLCHAIN", "local")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "-mod=mod")
        .output()
        .unwrap_or_else(|e| panic!("run {go} build: {e}"));
    assert!(
        result.status.success(),
        "go build of tests/go with {var} failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    bins.push((var.to_string(), out.clone()));
    out
}

/// The `crypto/tls` behaviour of the Go that answered.
pub(crate) fn go_tls_version(answer: &Value) -> GoTlsVersion {
    GoTlsVersion::from_go_version(answer["goVersion"].as_str().unwrap_or_default())
}

/// Runs the Go interop program on one request (see `tests/go/main.go`) and returns its answer.
pub(crate) fn run_go(request: &Value) -> Value {
    run_go_on("GO", request)
}

/// [`run_go`] on the toolchain the environment variable `var` names.
pub(crate) fn run_go_on(var: &str, request: &Value) -> Value {
    use std::io::Write;
    let mut child = Command::new(interop_binary(var))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the Go interop program");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(request.to_string().as_bytes())
        .expect("write request");
    let output = child.wait_with_output().expect("Go interop program");
    assert!(
        output.status.success(),
        "Go interop program failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("Go interop JSON")
}

/// Runs `openssl` with `args` in `dir`, panicking with its stderr on failure.
pub(crate) fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
}

fn argo(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/argocd-test-certs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Makes the keys and certificates of the table with OpenSSL.
fn make_fixtures(dir: &Path) {
    let o = |args: &[&str]| openssl(dir, args);
    // Keys in PKCS#8 (OpenSSL 3's default output).
    o(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        "rsa.p8",
    ]);
    o(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        "rsa-other.p8",
    ]);
    o(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        "p256.p8",
    ]);
    o(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-384",
        "-out",
        "p384.p8",
    ]);
    o(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-521",
        "-out",
        "p521.p8",
    ]);
    o(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:secp256k1",
        "-out",
        "k256.p8",
    ]);
    o(&["genpkey", "-algorithm", "ED25519", "-out", "ed25519.p8"]);
    o(&["genpkey", "-algorithm", "X25519", "-out", "x25519.p8"]);
    o(&["genpkey", "-algorithm", "ED448", "-out", "ed448.p8"]);
    o(&[
        "genpkey",
        "-algorithm",
        "ED25519",
        "-out",
        "ed25519-other.p8",
    ]);
    o(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:512",
        "-out",
        "rsa512.p8",
    ]);
    o(&[
        "rsa",
        "-in",
        "rsa512.p8",
        "-traditional",
        "-out",
        "rsa512.p1",
    ]);
    // An EC key with explicit curve parameters instead of a named curve (Go rejects it).
    o(&[
        "ecparam",
        "-name",
        "prime256v1",
        "-genkey",
        "-noout",
        "-param_enc",
        "explicit",
        "-out",
        "ecx.sec1",
    ]);
    o(&[
        "pkcs8", "-topk8", "-nocrypt", "-in", "ecx.sec1", "-out", "ecx.p8",
    ]);
    // The same keys in their traditional formats: PKCS#1 and SEC1.
    o(&["rsa", "-in", "rsa.p8", "-traditional", "-out", "rsa.p1"]);
    o(&["ec", "-in", "p256.p8", "-out", "p256.sec1"]);
    o(&["ec", "-in", "p384.p8", "-out", "p384.sec1"]);
    o(&["ec", "-in", "k256.p8", "-out", "k256.sec1"]);
    // Encrypted: PKCS#8 EncryptedPrivateKeyInfo, and legacy PEM encryption with Proc-Type.
    o(&[
        "pkcs8",
        "-topk8",
        "-in",
        "p256.p8",
        "-passout",
        "pass:x",
        "-out",
        "p256.enc.p8",
    ]);
    o(&[
        "rsa",
        "-in",
        "rsa.p8",
        "-traditional",
        "-aes256",
        "-passout",
        "pass:x",
        "-out",
        "rsa.enc.p1",
    ]);
    // Self-signed certificates for the keys.
    for (key, cert) in [
        ("rsa.p8", "rsa.crt"),
        ("p256.p8", "p256.crt"),
        ("p384.p8", "p384.crt"),
        ("p521.p8", "p521.crt"),
        ("ed25519.p8", "ed25519.crt"),
        ("ed448.p8", "ed448.crt"),
        ("rsa512.p8", "rsa512.crt"),
    ] {
        o(&[
            "req",
            "-x509",
            "-new",
            "-key",
            key,
            "-subj",
            "/CN=keypair-test/O=Argo CD",
            "-days",
            "2",
            "-out",
            cert,
        ]);
    }
}

struct Case {
    name: &'static str,
    cert: String,
    key: String,
    /// The kind we expect on failure (the text is compared with Go's).
    kind: Option<KeyPairErrorKind>,
}

fn cases(dir: &Path) -> Vec<Case> {
    use KeyPairErrorKind as K;
    let r = |n: &str| read(dir, n);
    let c = |name, cert: String, key: String, kind| Case {
        name,
        cert,
        key,
        kind,
    };
    let garbage_cert = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".to_string();
    let other = "-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n".to_string();
    vec![
        c("rsa pkcs8", r("rsa.crt"), r("rsa.p8"), None),
        c("rsa pkcs1", r("rsa.crt"), r("rsa.p1"), None),
        c("p256 pkcs8", r("p256.crt"), r("p256.p8"), None),
        c("p256 sec1", r("p256.crt"), r("p256.sec1"), None),
        c("p384 pkcs8", r("p384.crt"), r("p384.p8"), None),
        c("p384 sec1", r("p384.crt"), r("p384.sec1"), None),
        c("p521 pkcs8", r("p521.crt"), r("p521.p8"), None),
        c("ed25519 pkcs8", r("ed25519.crt"), r("ed25519.p8"), None),
        c(
            "chain and junk between blocks",
            format!("leaf:\n{}\njunk\n{}", r("rsa.crt"), r("p256.crt")),
            format!("{}\n{}", r("p256.crt"), r("rsa.p8")),
            None,
        ),
        c(
            "empty inputs",
            String::new(),
            String::new(),
            Some(K::NoCertificatePem),
        ),
        c(
            "no PEM in cert",
            "hello".into(),
            r("rsa.p8"),
            Some(K::NoCertificatePem),
        ),
        c("empty key", r("rsa.crt"), String::new(), Some(K::NoKeyPem)),
        c(
            "garbage cert, empty key",
            garbage_cert.clone(),
            String::new(),
            Some(K::NoKeyPem),
        ),
        c(
            "garbage cert",
            garbage_cert,
            r("rsa.p8"),
            Some(K::InvalidCertificate),
        ),
        c(
            "switched inputs",
            r("rsa.p8"),
            r("rsa.crt"),
            Some(K::InputsSwitched),
        ),
        c(
            "other blocks in cert",
            format!("{other}{}", r("rsa.p8")),
            r("rsa.p8"),
            Some(K::NoCertificateBlock),
        ),
        c(
            "certificate as key",
            r("rsa.crt"),
            r("rsa.crt"),
            Some(K::CertificateInsteadOfKey),
        ),
        c(
            "other blocks in key",
            r("rsa.crt"),
            format!("{other}{}", r("rsa.crt")),
            Some(K::NoKeyBlock),
        ),
        c(
            "bad base64 key block skipped",
            r("rsa.crt"),
            "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n".into(),
            Some(K::NoKeyPem),
        ),
        c(
            "garbage key",
            r("rsa.crt"),
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n".into(),
            Some(K::InvalidKey),
        ),
        c(
            "truncated key",
            r("rsa.crt"),
            "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n".into(),
            Some(K::InvalidKey),
        ),
        c(
            "empty key block",
            r("rsa.crt"),
            "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n".into(),
            Some(K::InvalidKey),
        ),
        c(
            "encrypted pkcs8",
            r("p256.crt"),
            r("p256.enc.p8"),
            Some(K::EncryptedKey),
        ),
        c(
            "encrypted pkcs1 (Proc-Type)",
            r("rsa.crt"),
            r("rsa.enc.p1"),
            Some(K::EncryptedKey),
        ),
        c(
            "x25519 key",
            r("rsa.crt"),
            r("x25519.p8"),
            Some(K::UnsupportedKey),
        ),
        c(
            "ed448 key",
            r("ed448.crt"),
            r("ed448.p8"),
            Some(K::UnsupportedKey),
        ),
        c(
            "secp256k1 pkcs8",
            r("p256.crt"),
            r("k256.p8"),
            Some(K::UnsupportedKey),
        ),
        c(
            "secp256k1 sec1",
            r("p256.crt"),
            r("k256.sec1"),
            Some(K::InvalidKey),
        ),
        c(
            "ed448 cert, rsa key",
            r("ed448.crt"),
            r("rsa.p8"),
            Some(K::UnknownPublicKeyAlgorithm),
        ),
        c(
            "rsa cert, ec key",
            r("rsa.crt"),
            r("p256.p8"),
            Some(K::KeyTypeMismatch),
        ),
        c(
            "ec cert, ed25519 key",
            r("p256.crt"),
            r("ed25519.p8"),
            Some(K::KeyTypeMismatch),
        ),
        c(
            "rsa-512 pkcs1 (Go accepts small keys here)",
            r("rsa512.crt"),
            r("rsa512.p1"),
            None,
        ),
        c("rsa-512 pkcs8", r("rsa512.crt"), r("rsa512.p8"), None),
        c(
            "sec1 key under a PRIVATE KEY label",
            r("p256.crt"),
            r("p256.sec1").replace("EC PRIVATE KEY", "PRIVATE KEY"),
            None,
        ),
        c(
            "pkcs1 key under an EC PRIVATE KEY label",
            r("rsa.crt"),
            r("rsa.p1").replace("RSA PRIVATE KEY", "EC PRIVATE KEY"),
            None,
        ),
        c(
            "explicit-curve sec1",
            r("p256.crt"),
            r("ecx.sec1"),
            Some(K::InvalidKey),
        ),
        c(
            "explicit-curve pkcs8",
            r("p256.crt"),
            r("ecx.p8"),
            Some(K::UnsupportedKey),
        ),
        c(
            "ed25519 other key",
            r("ed25519.crt"),
            r("ed25519-other.p8"),
            Some(K::KeyMismatch),
        ),
        c(
            "rsa other key",
            r("rsa.crt"),
            r("rsa-other.p8"),
            Some(K::KeyMismatch),
        ),
        c(
            "p256 cert, p384 key",
            r("p256.crt"),
            r("p384.sec1"),
            Some(K::KeyMismatch),
        ),
        // PKCS #1 keys without the optional CRT values: Go derives them (`NewPrivateKey`).
        c(
            "rsa pkcs1 without CRT values",
            r("rsa.crt"),
            pkcs1_edit(&r("rsa.p1"), |f| f.truncate(6)),
            None,
        ),
        c(
            "rsa pkcs1 without CRT values, primes swapped",
            r("rsa.crt"),
            pkcs1_edit(&r("rsa.p1"), |f| {
                f.truncate(6);
                f.swap(4, 5);
            }),
            None,
        ),
        c(
            "rsa pkcs1 without CRT values, wrong d",
            r("rsa.crt"),
            pkcs1_edit(&r("rsa.p1"), |f| {
                f.truncate(6);
                if let Some(last) = f[3].last_mut() {
                    *last ^= 2;
                }
            }),
            Some(K::InvalidKey),
        ),
        // Argo CD's own test material.
        c(
            "argocd test server",
            argo("test_fixture_certs_argocd-test-server.crt"),
            argo("test_fixture_certs_argocd-test-server.key"),
            None,
        ),
        c(
            "argocd test ca",
            argo("test_fixture_certs_argocd-test-ca.crt"),
            argo("test_fixture_certs_argocd-test-ca.key"),
            None,
        ),
        c(
            "argocd valid_tls",
            argo("util_tls_testdata_valid_tls.crt"),
            argo("util_tls_testdata_valid_tls.key"),
            None,
        ),
        c(
            "argocd ca cert, server key",
            argo("test_fixture_certs_argocd-test-ca.crt"),
            argo("test_fixture_certs_argocd-test-server.key"),
            Some(K::KeyMismatch),
        ),
        c(
            "argocd empty_tls",
            argo("util_tls_testdata_empty_tls.crt"),
            argo("util_tls_testdata_empty_tls.key"),
            Some(K::NoCertificatePem),
        ),
        c(
            "argocd cmd_util testdata",
            argo("cmd_util_testdata_test.cert.pem"),
            argo("cmd_util_testdata_test.key.pem"),
            Some(K::NoCertificatePem),
        ),
        c(
            "argocd server cert, cmd_util key",
            argo("test_fixture_certs_argocd-test-server.crt"),
            argo("cmd_util_testdata_test.key.pem"),
            Some(K::NoKeyPem),
        ),
    ]
}

#[test]
fn key_pairs_agree_with_go() {
    let dir = scratch_dir("keypair");
    make_fixtures(&dir);
    let cases = cases(&dir);
    let request = json!({
        "keyPairs": cases.iter().map(|c| json!({"name": c.name, "certPem": c.cert, "keyPem": c.key})).collect::<Vec<_>>(),
    });
    for var in KEY_TOOLCHAINS {
        let answer = run_go_on(var, &request);
        let go = answer["keyPairs"].as_array().expect("keyPairs");
        assert_eq!(go.len(), cases.len());
        let mut failures = Vec::new();
        for (case, go) in cases.iter().zip(go) {
            let ours = check_key_pair_as(
                case.cert.as_bytes(),
                case.key.as_bytes(),
                go_tls_version(&answer),
            );
            let go_ok = go["ok"].as_bool().unwrap_or(false);
            match (&ours, go_ok) {
                (Ok(info), true) => {
                    if Some(info.certificate_count as u64) != go["chainLen"].as_u64()
                        || Some(info.key_type.as_str()) != go["keyType"].as_str()
                    {
                        failures.push(format!("{}: ours {info:?}, Go {go}", case.name));
                    }
                    if var == "GO" && case.kind.is_some() {
                        failures.push(format!(
                            "{}: expected a failure of kind {:?}",
                            case.name, case.kind
                        ));
                    }
                }
                (Err(e), false) => {
                    if Some(e.message.as_str()) != go["error"].as_str() {
                        failures.push(format!(
                            "{}:\n  ours: {}\n  Go:   {}",
                            case.name, e.message, go["error"]
                        ));
                    }
                    if var == "GO" && case.kind != Some(e.kind) {
                        failures.push(format!(
                            "{}: kind {:?}, expected {:?}",
                            case.name, e.kind, case.kind
                        ));
                    }
                }
                _ => failures.push(format!("{}: ours {ours:?}, Go {go}", case.name)),
            }
        }
        println!(
            "{} key-pair cases compared with {}",
            cases.len(),
            answer["goVersion"]
        );
        assert!(
            failures.is_empty(),
            "disagreements with Go:\n{}",
            failures.join("\n")
        );
    }
}

#[test]
fn key_formats_are_reported() {
    use argocd_tls_planner::PrivateKeyFormat as F;
    let dir = scratch_dir("keypair-formats");
    let o = |args: &[&str]| openssl(&dir, args);
    o(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        "k.p8",
    ]);
    o(&["ec", "-in", "k.p8", "-out", "k.sec1"]);
    o(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:1024",
        "-out",
        "r.p8",
    ]);
    o(&["rsa", "-in", "r.p8", "-traditional", "-out", "r.p1"]);
    o(&[
        "req", "-x509", "-new", "-key", "k.p8", "-subj", "/CN=f", "-out", "k.crt",
    ]);
    o(&[
        "req", "-x509", "-new", "-key", "r.p8", "-subj", "/CN=f", "-out", "r.crt",
    ]);
    for (cert, key, format, key_type) in [
        ("k.crt", "k.p8", F::Pkcs8, "ECDSA-P-256"),
        ("k.crt", "k.sec1", F::Sec1, "ECDSA-P-256"),
        ("r.crt", "r.p8", F::Pkcs8, "RSA-1024"),
        ("r.crt", "r.p1", F::Pkcs1, "RSA-1024"),
    ] {
        for go in [GoTlsVersion::Go126, GoTlsVersion::Go127] {
            let info =
                check_key_pair_as(read(&dir, cert).as_bytes(), read(&dir, key).as_bytes(), go)
                    .expect("good pair");
            assert_eq!(
                (info.key_format, info.key_type.as_str()),
                (format, key_type),
                "{key}"
            );
            assert_eq!(info.leaf_key_type, key_type);
            assert_eq!(info.leaf_subject, "CN=f");
        }
    }
}

#[test]
fn errors_and_debug_never_show_key_material() {
    let dir = scratch_dir("keypair-redaction");
    openssl(&dir, &["genpkey", "-algorithm", "ED25519", "-out", "k.pem"]);
    openssl(
        &dir,
        &[
            "req", "-x509", "-new", "-key", "k.pem", "-subj", "/CN=x", "-out", "c.pem",
        ],
    );
    let key = read(&dir, "k.pem");
    let body: String = key.lines().filter(|l| !l.starts_with("-----")).collect();
    let block = pem_der(&key);
    let parsed = argocd_tls_planner::parse_private_key(&block).expect("key");
    let debug = format!("{parsed:?}");
    assert!(!debug.contains(&body), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");
    // A mismatching pair's error carries Go's text only.
    let other = argo("test_fixture_certs_argocd-test-server.crt");
    let e = check_key_pair(other.as_bytes(), key.as_bytes()).expect_err("mismatch");
    assert_eq!(
        e.message,
        "tls: private key type does not match public key type"
    );
}

/// A PKCS #1 key (PEM) with its top-level DER elements (version, n, e, d, p, q, dP, dQ, qInv)
/// edited by `edit`, as PEM again.
pub(crate) fn pkcs1_edit(pem: &str, edit: impl FnOnce(&mut Vec<Vec<u8>>)) -> String {
    /// Header length and total length of the TLV at the start of `d`.
    fn tlv(d: &[u8]) -> (usize, usize) {
        let first = usize::from(d[1]);
        if first < 0x80 {
            return (2, 2 + first);
        }
        let n = first & 0x7f;
        let len = d[2..2 + n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (2 + n, 2 + n + len)
    }
    fn with_header(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let len = content.len();
        if len < 0x80 {
            out.push(len as u8);
        } else {
            let bytes: Vec<u8> = len
                .to_be_bytes()
                .into_iter()
                .skip_while(|b| *b == 0)
                .collect();
            out.push(0x80 | bytes.len() as u8);
            out.extend(bytes);
        }
        out.extend_from_slice(content);
        out
    }
    let der = pem_der(pem);
    let (header, total) = tlv(&der);
    let mut rest = &der[header..total];
    let mut fields = Vec::new();
    while !rest.is_empty() {
        let (h, t) = tlv(rest);
        // Keep each element's content; the header is rebuilt (INTEGER).
        fields.push(rest[h..t].to_vec());
        rest = &rest[t..];
    }
    edit(&mut fields);
    let content: Vec<u8> = fields.iter().flat_map(|f| with_header(0x02, f)).collect();
    pem_block("RSA PRIVATE KEY", &with_header(0x30, &content))
}

fn pem_der(text: &str) -> Vec<u8> {
    argocd_tls_planner::go_pem_blocks(text.as_bytes())
        .into_iter()
        .next()
        .map(|b| b.bytes)
        .expect("a PEM block")
}

/// A small deterministic generator for mutations (xorshift64*), so failures reproduce.
struct Mutator(u64);

/// The mutation seed: `KEYPAIR_MUTATION_SEED` (decimal or 0x-hex) to replay a failure, else the
/// clock. Every failure message prints it (the keys themselves are in the scratch directory).
#[allow(clippy::disallowed_methods)] // tests may read the environment and the clock; the core may not
fn mutation_seed() -> u64 {
    if let Ok(text) = std::env::var("KEYPAIR_MUTATION_SEED") {
        let t = text.trim();
        let parsed = match t.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(hex, 16),
            None => t.parse(),
        };
        return parsed.unwrap_or_else(|e| panic!("KEYPAIR_MUTATION_SEED={text}: {e}"));
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    // xorshift needs a non-zero state.
    nanos | 1
}

impl Mutator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// One random edit of `der`: flip a byte, truncate, delete, insert, or append.
    fn mutate(&mut self, der: &[u8]) -> Vec<u8> {
        let mut d = der.to_vec();
        let edits = 1 + self.below(3);
        for _ in 0..edits {
            let at = self.below(d.len());
            match self.below(5) {
                0 => {
                    if let Some(b) = d.get_mut(at) {
                        *b ^= 1 << self.below(8);
                    }
                }
                1 => d.truncate(at),
                2 => {
                    if at < d.len() {
                        d.remove(at);
                    }
                }
                3 => d.insert(at, self.next() as u8),
                _ => d.push(self.next() as u8),
            }
        }
        d
    }
}

fn pem_block(label: &str, der: &[u8]) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::new();
    for chunk in der.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                text.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                text.push('=');
            }
        }
    }
    let lines: Vec<String> = text
        .as_bytes()
        .chunks(64)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// Mutated key DER (flipped, cut, inserted bytes) in every format: Go's texts for broken keys come
/// from its generic ASN.1 decoder, which `src/go/asn1.rs` ports; this compares them on many inputs.
#[test]
fn mutated_keys_agree_with_go() {
    let dir = scratch_dir("keypair-mutated");
    let o = |args: &[&str]| openssl(&dir, args);
    o(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:1024",
        "-out",
        "rsa.p8",
    ]);
    o(&["rsa", "-in", "rsa.p8", "-traditional", "-out", "rsa.p1"]);
    o(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        "p256.p8",
    ]);
    o(&["ec", "-in", "p256.p8", "-out", "p256.sec1"]);
    o(&["genpkey", "-algorithm", "ED25519", "-out", "ed25519.p8"]);
    o(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-521",
        "-out",
        "p521.p8",
    ]);
    o(&["ec", "-in", "p521.p8", "-out", "p521.sec1"]);
    o(&[
        "req", "-x509", "-new", "-key", "p256.p8", "-subj", "/CN=m", "-out", "p256.crt",
    ]);
    let cert = read(&dir, "p256.crt");
    let seed = mutation_seed();
    let mut m = Mutator(seed);
    let mut cases = Vec::new();
    for file in [
        "rsa.p8",
        "rsa.p1",
        "p256.p8",
        "p256.sec1",
        "ed25519.p8",
        "p521.p8",
        "p521.sec1",
    ] {
        let der = pem_der(&read(&dir, file));
        for _ in 0..100 {
            cases.push(pem_block("PRIVATE KEY", &m.mutate(&der)));
        }
    }
    let request = json!({
        "keyPairs": cases.iter().enumerate().map(|(i, k)| json!({"name": i.to_string(), "certPem": cert, "keyPem": k})).collect::<Vec<_>>(),
    });
    for var in KEY_TOOLCHAINS {
        let answer = run_go_on(var, &request);
        let go = answer["keyPairs"].as_array().expect("keyPairs");
        assert_eq!(go.len(), cases.len(), "Go answered every case");
        let mut failures = Vec::new();
        for (key, go) in cases.iter().zip(go) {
            let ours = check_key_pair_as(cert.as_bytes(), key.as_bytes(), go_tls_version(&answer));
            let ours_text = ours
                .as_ref()
                .err()
                .map(|e| e.message.clone())
                .unwrap_or_default();
            if ours.is_ok() != go["ok"].as_bool().unwrap_or(false)
                || Some(ours_text.as_str()) != go["error"].as_str()
            {
                failures.push(format!("ours: {ours_text}\nGo:   {}\n{key}", go["error"]));
            }
        }
        println!(
            "{} mutated keys compared with {}, {} disagreements",
            cases.len(),
            answer["goVersion"],
            failures.len()
        );
        assert!(
            failures.is_empty(),
            "disagreements with Go (replay: KEYPAIR_MUTATION_SEED={seed:#x}, keys in {}):\n{}",
            dir.display(),
            failures.join("\n")
        );
    }
}

/// Edits of the PEM text of the key input (dashes, newlines, spaces, colons, base64 and
/// non-base64 characters, cut lines): exercises the port of Go's `pem.Decode` (what counts as a
/// block, headers, junk, bad base64 skipped) against Go itself.
#[test]
fn mutated_pem_text_agrees_with_go() {
    let dir = scratch_dir("keypair-mutated-pem");
    openssl(&dir, &["genpkey", "-algorithm", "ED25519", "-out", "k.pem"]);
    openssl(
        &dir,
        &[
            "req", "-x509", "-new", "-key", "k.pem", "-subj", "/CN=p", "-out", "c.pem",
        ],
    );
    let cert = read(&dir, "c.pem");
    let key = read(&dir, "k.pem");
    // Two blocks with junk and a header, so edits can break one and leave the other.
    let base = format!(
        "junk line\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n\n{}",
        key.replace(
            "-----BEGIN PRIVATE KEY-----\n",
            "-----BEGIN PRIVATE KEY-----\nComment: x\n\n"
        )
    );
    const ALPHABET: &[u8] = b"-\n\r :A=+/ \t!-----\nBEGIN END ";
    let seed = mutation_seed();
    let mut m = Mutator(seed);
    let mut cases = vec![base.clone(), key.clone()];
    for _ in 0..400 {
        let mut text = base.clone().into_bytes();
        for _ in 0..1 + m.below(3) {
            let at = m.below(text.len());
            let c = ALPHABET[m.below(ALPHABET.len())];
            match m.below(4) {
                0 => {
                    if let Some(b) = text.get_mut(at) {
                        *b = c;
                    }
                }
                1 => {
                    if at < text.len() {
                        text.remove(at);
                    }
                }
                2 => text.insert(at, c),
                _ => text.truncate(at),
            }
        }
        cases.push(String::from_utf8_lossy(&text).into_owned());
    }
    let request = json!({
        "keyPairs": cases.iter().enumerate().map(|(i, k)| json!({"name": i.to_string(), "certPem": cert, "keyPem": k})).collect::<Vec<_>>(),
    });
    for var in KEY_TOOLCHAINS {
        let answer = run_go_on(var, &request);
        let go = answer["keyPairs"].as_array().expect("keyPairs");
        assert_eq!(go.len(), cases.len(), "Go answered every case");
        let mut failures = Vec::new();
        let mut failed_in_go = 0;
        for (key, go) in cases.iter().zip(go) {
            let ours = check_key_pair_as(cert.as_bytes(), key.as_bytes(), go_tls_version(&answer));
            let ours_text = ours
                .as_ref()
                .err()
                .map(|e| e.message.clone())
                .unwrap_or_default();
            if go["ok"] != true {
                failed_in_go += 1;
            }
            if ours.is_ok() != go["ok"].as_bool().unwrap_or(false)
                || Some(ours_text.as_str()) != go["error"].as_str()
            {
                failures.push(format!("ours: {ours_text}\nGo:   {}\n{key:?}", go["error"]));
            }
        }
        println!(
            "{} edited key PEM texts compared with {} ({} rejected by Go), {} disagreements",
            cases.len(),
            answer["goVersion"],
            failed_in_go,
            failures.len()
        );
        assert!(
            failures.is_empty(),
            "disagreements with Go (replay: KEYPAIR_MUTATION_SEED={seed:#x}, keys in {}):\n{}",
            dir.display(),
            failures.join("\n")
        );
    }
}
