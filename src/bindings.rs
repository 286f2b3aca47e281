//! The JS face of the planner (feature `wasm`). The only module that touches wasm-bindgen and
//! js-sys.
//!
//! The exports are in [`engine`] (resolution, inspection, key pairs, chains, the registry) and
//! [`generate`] (the steps of certificate generation whose keys and signatures come from
//! WebCrypto). Every export follows one recipe:
//! convert the arguments, call the core, convert the result, and map unreadable input through
//! [`into_js_error`]. Exports are stateless but the `Engine` class, which keeps the resolver's
//! memo (parsed pools, key pairs, verifications) between its calls; JS owns the clock (`now` is
//! a parameter) and the randomness comes from `crypto.getRandomValues` via getrandom. Findings,
//! failed key pairs and failed verifications are data, never exceptions.
//!
//! Values cross the boundary as JSON: serde_json on this side, the engine's `JSON.parse` and
//! `JSON.stringify` on the other. That keeps one serializer in the module (the CLI and SARIF
//! already need serde_json) instead of a second, per-field one, which cost about 40 KB of
//! gzipped wasm; `JSON.parse` of one string is also faster than building the report one
//! property at a time across the boundary.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::{Error, UnixTime};

pub mod engine;
pub mod generate;
pub mod plan;

pub use self::engine::*;
pub use self::generate::*;

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

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A point in time: a Date, an RFC 3339 string, or milliseconds since the epoch. */
export type Instant = Date | string | number;
/** What `generateCertificates` makes: an optional CA and leaves signed by it (or by an imported CA). */
export interface GenerateRequest { ca?: CertificateRequest; issuer?: IssuerPem; leaves: CertificateRequest[] }
/** Generated PEM: the CA (if one was requested) and one entry per leaf. */
export interface GenerateResult { ca: GeneratedCertificate | null; leaves: GeneratedCertificate[] }
"#;

/// A string argument, checked here: wasm-bindgen's glue for a `&str` parameter does not check
/// the JS type, and a number or boolean there makes it write outside the wasm memory
/// (`RuntimeError: memory access out of bounds`) instead of throwing.
fn string_arg(v: &JsValue, name: &str) -> Result<String, JsValue> {
    v.as_string().ok_or_else(|| {
        JsValue::from(js_sys::TypeError::new(&format!(
            "`{name}` must be a string"
        )))
    })
}

/// `now` as a Date, an RFC 3339 string or milliseconds since the epoch.
fn read_instant(v: &JsValue) -> Result<UnixTime, JsValue> {
    if let Some(date) = v.dyn_ref::<js_sys::Date>() {
        let ms = date.get_time();
        if ms.is_finite() {
            return Ok(UnixTime::from_secs((ms / 1000.0).floor() as i64));
        }
        return Err(plain_error("invalidOptions", "`now` is an invalid Date"));
    }
    if let Some(ms) = v.as_f64() {
        if ms.is_finite() && ms.abs() < 8.64e15 {
            return Ok(UnixTime::from_secs((ms / 1000.0).floor() as i64));
        }
        return Err(plain_error("invalidOptions", "`now` is out of range"));
    }
    if let Some(s) = v.as_string() {
        return UnixTime::parse_rfc3339(&s).map_err(|e| plain_error("invalidOptions", &e));
    }
    Err(plain_error(
        "invalidOptions",
        "`now` is required (a Date, an RFC 3339 string or epoch milliseconds): the engine has no clock",
    ))
}

/// A property of a JS object (`undefined` when absent or when `object` is not an object).
fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A JS value read into a Rust DTO through `JSON.stringify` + serde_json. Values JSON cannot
/// carry (BigInt, cycles) and values of the wrong shape are an `invalidInput`-style error of
/// `kind`, whose message names the field serde stopped at.
fn from_js<T: DeserializeOwned>(value: &JsValue, kind: &str) -> Result<T, JsValue> {
    let text = stringify(value, kind)?;
    serde_json::from_str(&text).map_err(|e| serde_error(kind, &e))
}

/// `JSON.stringify(value)` for [`from_js`] (not generic, so linked once rather than per type).
fn stringify(value: &JsValue, kind: &str) -> Result<String, JsValue> {
    js_sys::JSON::stringify(value)
        .map_err(|e| {
            let why = e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_default();
            plain_error(kind, &format!("the value cannot be read as JSON: {why}"))
        })?
        .as_string()
        .ok_or_else(|| plain_error(kind, "expected an object, not undefined or a function"))
}

/// The error of [`from_js`] for a value serde refused.
fn serde_error(kind: &str, e: &serde_json::Error) -> JsValue {
    plain_error(kind, &serde_message(e))
}

/// serde_json's message without its position in the stringified text (meaningless to a caller
/// who passed an object), and without the long values it quotes (a request may carry keys).
fn serde_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    crate::error::redact_quoted_values(text)
}

/// A Rust DTO as a JS value: serde_json, then the engine's `JSON.parse`.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    parse_json(serde_json::to_string(value))
}

/// The JS side of [`to_js`] (not generic).
fn parse_json(text: Result<String, serde_json::Error>) -> Result<JsValue, JsValue> {
    let text = text.map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
    js_sys::JSON::parse(&text)
}

fn plain_error(kind: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("PlannerInputError");
    let _ = js_sys::Reflect::set(err.as_ref(), &"kind".into(), &kind.into());
    err.into()
}

/// An error whose message is `message` and whose own properties are `details` (serialized),
/// with `kind` overridden when given.
fn detailed_error<T: Serialize + ?Sized>(
    message: &str,
    details: &T,
    kind: Option<&str>,
) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("PlannerInputError");
    if let Ok(details) = to_js(details) {
        let _ = js_sys::Object::assign(err.as_ref(), &js_sys::Object::from(details));
    }
    if let Some(kind) = kind {
        let _ = js_sys::Reflect::set(err.as_ref(), &"kind".into(), &kind.into());
    }
    err.into()
}

/// Turns an input error into a JS `Error` whose message is the planner's text and whose extra
/// properties (`kind`, `line`, …) carry the structured error.
fn into_js_error(e: &Error) -> JsValue {
    detailed_error(&e.to_string(), e, None)
}
