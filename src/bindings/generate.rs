//! The export of the generation module (feature `wasm-generate`): certificates and keys. It is
//! a module of its own because key generation (RSA prime search, rcgen's DER writer, the signing
//! half of every curve) is most of the engine's size and no first render needs it; the npm
//! package loads it lazily, in a Worker in browsers, and reports progress from the callback.

use wasm_bindgen::prelude::*;

use super::{from_js, plain_error, to_js};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Called by `generateCertificates` before each certificate and once at the end. */
export type GenerateProgressCallback = (progress: GenerateProgress) => void;
"#;

/// Generates a CA and leaves (PEM), calling `onProgress` (if given) before each certificate and
/// once at the end. Synchronous: RSA key generation takes a while, so the npm package calls this
/// from a Worker in browsers.
#[wasm_bindgen(js_name = generateCertificates, unchecked_return_type = "GenerateResult")]
pub fn generate_certificates(
    #[wasm_bindgen(unchecked_param_type = "GenerateRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "GenerateProgressCallback | undefined")]
    on_progress: JsValue,
) -> Result<JsValue, JsValue> {
    let request: crate::GenerateRequest = from_js(&request, "invalidInput")?;
    let callback = on_progress.dyn_ref::<js_sys::Function>();
    if callback.is_none() && !on_progress.is_undefined() && !on_progress.is_null() {
        return Err(plain_error(
            "invalidInput",
            "`onProgress` must be a function",
        ));
    }
    let mut probe = [0u8; 8];
    getrandom::fill(&mut probe).map_err(|e| plain_error("noRandomness", &e.to_string()))?;
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let mut progress = |p: &crate::GenerateProgress| {
        if let (Some(f), Ok(value)) = (callback, to_js(p)) {
            // A throwing callback must not abort the generation; its error is the caller's.
            let _ = f.call1(&JsValue::NULL, &value);
        }
    };
    let out = crate::generate_set_with_progress(&request, &mut rng, &mut progress)
        .map_err(|e| plain_error("generateFailed", &e.to_string()))?;
    to_js(&out)
}
