//! The generation exports: the steps of `generateCertificates` whose keys and signatures come
//! from JS. The npm package's `generateCertificates` (pkg/generate.js) drives them with
//! WebCrypto: it asks [`generation_steps`] to check the request, makes one key per certificate
//! (`crypto.subtle.generateKey`, off the page's thread), has [`prepare_certificates`] write the
//! `TBSCertificate`s, signs them (`crypto.subtle.sign`), and has [`assemble_certificates`] check
//! and write the PEM. Keys and signatures cross as base64 (PKCS#8 DER; raw signatures as
//! WebCrypto returns them). The same steps run natively in `generate_set`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use wasm_bindgen::prelude::*;

use super::{from_js, plain_error, to_js};
use crate::{GenerateRequest, PreparedSet, PrivateKey};

fn failed(e: &crate::GenerateError) -> JsValue {
    plain_error("generateFailed", &e.to_string())
}

/// Base64 strings (`what` names them in errors, which never quote the values: they can be keys).
fn base64_list(value: &JsValue, what: &str) -> Result<Vec<zeroize::Zeroizing<Vec<u8>>>, JsValue> {
    let list: Vec<String> = from_js(value, "invalidInput")?;
    list.iter()
        .enumerate()
        .map(|(i, s)| {
            BASE64
                .decode(s.as_bytes())
                .map(zeroize::Zeroizing::new)
                .map_err(|_| plain_error("invalidInput", &format!("{what} {i} is not base64")))
        })
        .collect()
}

/// The new keys: base64 PKCS#8 DER, read as Go's `tls` reads keys.
fn read_keys(value: &JsValue) -> Result<Vec<PrivateKey>, JsValue> {
    base64_list(value, "key")?
        .iter()
        .map(|der| crate::read_new_key(der).map_err(|e| failed(&e)))
        .collect()
}

/// Checks a generation request before any key is made (every certificate, and an imported
/// issuer) and lists its certificates in key order: the CA first when requested, then the
/// leaves. Throws a `generateFailed` error for a request that cannot be honoured.
#[wasm_bindgen(js_name = generationSteps, unchecked_return_type = "GenerateStep[]")]
pub fn generation_steps(
    #[wasm_bindgen(unchecked_param_type = "GenerateRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let request: GenerateRequest = from_js(&request, "invalidInput")?;
    to_js(&crate::generation_steps(&request).map_err(|e| failed(&e))?)
}

/// Writes the `TBSCertificate` of every certificate of `request`, given one new key per
/// certificate in key order (base64 PKCS#8). Serial numbers come from `crypto.getRandomValues`.
#[wasm_bindgen(js_name = prepareCertificates, unchecked_return_type = "PreparedSet")]
pub fn prepare_certificates(
    #[wasm_bindgen(unchecked_param_type = "GenerateRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[]")] keys: JsValue,
) -> Result<JsValue, JsValue> {
    let request: GenerateRequest = from_js(&request, "invalidInput")?;
    let keys = read_keys(&keys)?;
    let mut probe = [0u8; 8];
    getrandom::fill(&mut probe).map_err(|e| plain_error("noRandomness", &e.to_string()))?;
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    to_js(&crate::prepare_set(&request, &keys, &mut rng).map_err(|e| failed(&e))?)
}

/// Puts the prepared certificates together with their signatures (base64, raw as WebCrypto
/// returns them: ECDSA as `r ‖ s`), checks every signature as Go would and every key against its
/// certificate, and returns the PEM.
#[wasm_bindgen(js_name = assembleCertificates, unchecked_return_type = "GenerateResult")]
pub fn assemble_certificates(
    #[wasm_bindgen(unchecked_param_type = "GenerateRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[]")] keys: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PreparedSet")] prepared: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string[]")] signatures: JsValue,
) -> Result<JsValue, JsValue> {
    let request: GenerateRequest = from_js(&request, "invalidInput")?;
    let keys = read_keys(&keys)?;
    let prepared: PreparedSet = from_js(&prepared, "invalidInput")?;
    let signatures: Vec<Vec<u8>> = base64_list(&signatures, "signature")?
        .into_iter()
        .map(|s| s.to_vec())
        .collect();
    to_js(&crate::assemble_set(&request, &keys, &prepared, &signatures).map_err(|e| failed(&e))?)
}
