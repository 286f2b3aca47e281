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
