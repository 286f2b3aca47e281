//! The bindings, exercised inside wasm under Node (wasm-bindgen-test).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

// A certificate generated for this test with OpenSSL (public part only):
// CN=argocd-repo-server, SANs argocd-repo-server, argocd-repo-server.argocd.svc, 127.0.0.1.
const PEM: &str = include_str!("../www/examples/argocd-repo-server-tls.crt");

#[wasm_bindgen_test]
fn inspects_a_certificate_in_wasm() {
    let out = argocd_tls_planner::bindings::inspect_certificate(PEM).unwrap();
    let first = js_sys::Reflect::get(&out, &JsValue::from(0)).unwrap();
    let subject = js_sys::Reflect::get(&first, &"subject".into()).unwrap();
    assert_eq!(
        subject.as_string().unwrap(),
        "CN=argocd-repo-server,O=Example Ops"
    );
    let dns = js_sys::Reflect::get(&first, &"dnsNames".into()).unwrap();
    assert_eq!(js_sys::Array::from(&dns).length(), 2);
}

#[wasm_bindgen_test]
fn garbage_gives_a_structured_error() {
    let err = argocd_tls_planner::bindings::inspect_certificate("not a certificate").unwrap_err();
    let kind = js_sys::Reflect::get(&err, &"kind".into()).unwrap();
    assert_eq!(kind.as_string().unwrap(), "notPem");
    let line = js_sys::Reflect::get(&err, &"line".into()).unwrap();
    assert_eq!(line.as_f64().unwrap(), 1.0);
    let message = js_sys::Reflect::get(&err, &"message".into()).unwrap();
    assert!(message.as_string().unwrap().contains("not PEM"));
}

// The manifests reader inside wasm (small stack, `panic = "abort"` in release): the upstream
// install reads, and hostile input fails with a structured error instead of trapping.
const V3_5_1_INSTALL: &str =
    include_str!("../../shared/fixtures/upstream/argocd-v3.5.1-install.yaml");

#[wasm_bindgen_test]
fn reads_manifests_in_wasm() {
    use argocd_tls_planner::{Component, ManifestErrorKind, read_manifests};
    let install = read_manifests(&[("install.yaml", V3_5_1_INSTALL)]).unwrap();
    assert_eq!(install.workloads.len(), 7);
    assert_eq!(
        install
            .workload(Component::ApplicationController)
            .unwrap()
            .kind,
        "StatefulSet"
    );
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    let mut previous = String::from("a");
    for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
        let refs = vec![format!("*{previous}"); 9].join(", ");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        previous = name.to_owned();
    }
    let kind = |text: &str| read_manifests(&[("x", text)]).unwrap_err().kind;
    assert_eq!(kind(&bomb), ManifestErrorKind::TooManyNodes);
    let deep: String = (0..1000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    assert_eq!(kind(&deep), ManifestErrorKind::TooDeep);
    assert!(read_manifests(&[("x", "[".repeat(100_000))]).is_err());
}
