//! The JS face of the planner (feature `wasm`). The only module that touches wasm-bindgen and
//! js-sys.
//!
//! Every export follows one recipe: convert the arguments, call the core, convert the result,
//! and map input errors through [`into_js_error`]. Exports are stateless; JS owns the clock.

use wasm_bindgen::prelude::*;

use crate::Error;

/// Installs the panic hook so that a bug shows its message in the console instead of an opaque
/// `RuntimeError: unreachable`.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The planner's version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Inspects every `CERTIFICATE` block in PEM text and returns one summary per certificate, leaf
/// first. Throws an `Error` with `kind` and `line` properties for text that is not PEM or not a
/// certificate.
#[wasm_bindgen(js_name = inspectCertificate, unchecked_return_type = "CertificateSummary[]")]
pub fn inspect_certificate(pem: &str) -> Result<JsValue, JsValue> {
    let summaries = crate::inspect_certificates(pem).map_err(|e| into_js_error(&e))?;
    to_js(&summaries)
}

fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    value
        .serialize(&serializer)
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
}

/// Turns an input error into a JS `Error` whose message is the planner's text and whose extra
/// properties (`kind`, `line`, …) carry the structured error.
fn into_js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("PlannerInputError");
    if let Ok(details) = to_js(e) {
        let _ = js_sys::Object::assign(err.as_ref(), &js_sys::Object::from(details));
    }
    err.into()
}
