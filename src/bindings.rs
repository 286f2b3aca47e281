//! The JS face of the planner (feature `wasm`). The only module that touches wasm-bindgen and
//! js-sys.
//!
//! Every export follows one recipe: convert the arguments, call the core, convert the result,
//! and map unreadable input through [`into_js_error`]. Exports are stateless; JS owns the clock
//! (`now` is a parameter) and the randomness comes from `crypto.getRandomValues` via getrandom.
//! Findings, failed key pairs and failed verifications are data, never exceptions.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::{Error, Installation, Options, UnixTime};

/// Installs the panic hook so that a bug shows its message in the console instead of an opaque
/// `RuntimeError: unreachable`.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** One manifest file: its name (used in error positions) and its text (YAML or JSON). */
export interface ManifestFile { name: string; text: string }
/** What `resolve` reads: manifests as text, several files, or the engine's JSON model. */
export type ResolveInput = string | ManifestFile[] | Installation;
/** A point in time: a Date, an RFC 3339 string, or milliseconds since the epoch. */
export type Instant = Date | string | number;
/** Options of `resolve`. `now` is required: the engine has no clock. */
export interface ResolveOptions { now: Instant; argocdVersion?: string; namespace?: string; base?: "none" | "standard" }
/** One setting the planner models: which component reads it, from which flag, env var and argocd-cmd-params-cm key. */
export interface SettingInfo { component: string; flag: string | null; env: string | null; key: string | null; kind: "bool" | "text"; default: string; since: string }
/** The input of `verifyChain` (PEM text; `intermediates` and `roots` may hold many blocks). */
export interface VerifyChainInput { leaf: string; intermediates?: string; roots: string; dnsName?: string; now: Instant; keyUsage?: "serverAuth" | "clientAuth" | "any" }
/** The result of `verifyChain`: Go's verdict and, on failure, Go's error text. */
export type VerifyChainResult = { ok: true; chains: CertificateSummary[][] } | { ok: false; error: string };
/** The result of `checkKeyPair`: Go's `tls.X509KeyPair` verdict. */
export type KeyPairResult = { ok: true; info: KeyPairInfo } | { ok: false; error: KeyPairError };
/** What `generateCertificates` makes: an optional CA and leaves signed by it (or by an imported CA). */
export interface GenerateRequest { ca?: CertificateRequest; issuer?: IssuerPem; leaves: CertificateRequest[] }
/** Generated PEM: the CA (if one was requested) and one entry per leaf. */
export interface GenerateResult { ca: GeneratedCertificate | null; leaves: GeneratedCertificate[] }
"#;

/// The planner's version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Inspects every `CERTIFICATE` block in PEM text and returns one summary per certificate, leaf
/// first. Throws an `Error` with `kind` and `line` properties for text that is not PEM or not a
/// certificate.
#[wasm_bindgen(js_name = inspectCertificate, unchecked_return_type = "CertificateSummary[]")]
pub fn inspect_certificate_js(
    #[wasm_bindgen(unchecked_param_type = "string")] pem: JsValue,
) -> Result<JsValue, JsValue> {
    inspect_certificate(&string_arg(&pem, "pem")?)
}

/// [`inspect_certificate_js`] for Rust callers.
pub fn inspect_certificate(pem: &str) -> Result<JsValue, JsValue> {
    let summaries = crate::inspect_certificates(pem).map_err(|e| into_js_error(&e))?;
    to_js(&summaries)
}

/// Resolves manifests (or the JSON model) into a report. Throws only for unreadable input (with
/// `file`, `line`, `column`) and unsupported versions.
#[wasm_bindgen(js_name = resolve, unchecked_return_type = "Report")]
pub fn resolve(
    #[wasm_bindgen(unchecked_param_type = "ResolveInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ResolveOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let (install, options) = read_input_and_options(&input, &options)?;
    let report = crate::resolve(&install, &options)
        .map_err(|e| plain_error("unsupportedVersion", &e.to_string()))?;
    to_js(&report)
}

/// Resolves like `resolve` and renders the report as SARIF 2.1.0 (the page's export).
#[wasm_bindgen(js_name = resolveSarif, unchecked_return_type = "object")]
pub fn resolve_sarif(
    #[wasm_bindgen(unchecked_param_type = "ResolveInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ResolveOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let (install, options) = read_input_and_options(&input, &options)?;
    let report = crate::resolve(&install, &options)
        .map_err(|e| plain_error("unsupportedVersion", &e.to_string()))?;
    to_js(&crate::render_sarif(&report, &install))
}

/// The settings the planner models (the flag table), for forms.
#[wasm_bindgen(js_name = settingsCatalog, unchecked_return_type = "SettingInfo[]")]
pub fn settings_catalog() -> Result<JsValue, JsValue> {
    to_js(&crate::settings_catalog())
}

/// The input and options of `resolve`, with `base: "standard"` applied (the input laid over the
/// standard install of the version).
fn read_input_and_options(
    input: &JsValue,
    options: &JsValue,
) -> Result<(Installation, Options), JsValue> {
    let mut install = read_input(input)?;
    let base = js_sys::Reflect::get(options, &"base".into())
        .ok()
        .and_then(|v| v.as_string());
    let options = read_options(options)?;
    match base.as_deref() {
        None | Some("none") => {}
        Some("standard") => {
            let version = options
                .argocd_version
                .clone()
                .unwrap_or_else(|| "3.5.1".to_string());
            let namespace = options
                .namespace
                .clone()
                .or_else(|| install.namespace.clone())
                .unwrap_or_else(|| "argocd".to_string());
            install = crate::standard_install(&version, &namespace).overlay(install);
        }
        Some(other) => {
            return Err(plain_error(
                "invalidOptions",
                &format!("base must be standard or none, not `{other}`"),
            ));
        }
    }
    Ok((install, options))
}

/// Reads manifests into the engine's JSON model (what the page's form edits).
#[wasm_bindgen(js_name = readManifests, unchecked_return_type = "Installation")]
pub fn read_manifests(
    #[wasm_bindgen(unchecked_param_type = "string | ManifestFile[]")] input: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&read_input(&input)?)
}

/// Go's `tls.X509KeyPair` on a certificate and a key: a verdict, never an exception.
#[wasm_bindgen(js_name = checkKeyPair, unchecked_return_type = "KeyPairResult")]
pub fn check_key_pair_js(
    #[wasm_bindgen(unchecked_param_type = "string")] cert_pem: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] key_pem: JsValue,
) -> Result<JsValue, JsValue> {
    check_key_pair(
        &string_arg(&cert_pem, "certPem")?,
        &string_arg(&key_pem, "keyPem")?,
    )
}

/// [`check_key_pair_js`] for Rust callers.
pub fn check_key_pair(cert_pem: &str, key_pem: &str) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    #[serde(untagged)]
    enum Out {
        Ok {
            ok: bool,
            info: crate::KeyPairInfo,
        },
        Err {
            ok: bool,
            error: crate::KeyPairError,
        },
    }
    let out = match crate::check_key_pair(cert_pem.as_bytes(), key_pem.as_bytes()) {
        Ok(info) => Out::Ok { ok: true, info },
        Err(error) => Out::Err { ok: false, error },
    };
    to_js(&out)
}

/// `x509.Certificate.Verify` with Go's semantics: a verdict and Go's error text.
#[wasm_bindgen(js_name = verifyChain, unchecked_return_type = "VerifyChainResult")]
pub fn verify_chain(
    #[wasm_bindgen(unchecked_param_type = "VerifyChainInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct In {
        leaf: String,
        #[serde(default)]
        intermediates: String,
        #[serde(default)]
        roots: String,
        #[serde(default)]
        dns_name: String,
        #[serde(default)]
        key_usage: Option<String>,
    }
    let now =
        read_instant(&js_sys::Reflect::get(&input, &"now".into()).unwrap_or(JsValue::UNDEFINED))?;
    let i: In = serde_wasm_bindgen::from_value(input)
        .map_err(|e| plain_error("invalidInput", &e.to_string()))?;
    let out = crate::verify_pem(
        &i.leaf,
        &i.intermediates,
        &i.roots,
        &i.dns_name,
        now,
        i.key_usage.as_deref(),
    )
    .map_err(|e| into_js_error(&e))?;
    to_js(&out)
}

/// Generates a CA and leaves (PEM). RSA key generation takes a while in wasm: call it from a
/// Worker in a page.
#[wasm_bindgen(js_name = generateCertificates, unchecked_return_type = "GenerateResult")]
pub fn generate_certificates(
    #[wasm_bindgen(unchecked_param_type = "GenerateRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let request: crate::GenerateRequest = serde_wasm_bindgen::from_value(request)
        .map_err(|e| plain_error("invalidInput", &e.to_string()))?;
    let mut probe = [0u8; 8];
    getrandom::fill(&mut probe).map_err(|e| plain_error("noRandomness", &e.to_string()))?;
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let out = crate::generate_set(&request, &mut rng)
        .map_err(|e| plain_error("generateFailed", &e.to_string()))?;
    to_js(&out)
}

/// What the CLI's `check` does, for the npm package's `bin`: manifests in, rendered report out.
/// Returns `{ output, hasErrors }`; throws for unreadable input (exit status 2).
#[wasm_bindgen(js_name = check, unchecked_return_type = "{ output: string; hasErrors: boolean }")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "ManifestFile[]")] files: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "ResolveOptions & { base?: 'none' | 'standard'; format?: 'text' | 'json' | 'sarif' }"
    )]
    options: JsValue,
) -> Result<JsValue, JsValue> {
    #[derive(Deserialize)]
    struct File {
        name: String,
        text: String,
    }
    let files: Vec<File> = serde_wasm_bindgen::from_value(files)
        .map_err(|e| plain_error("invalidInput", &e.to_string()))?;
    let resolve = read_options(&options)?;
    let get = |k: &str| {
        js_sys::Reflect::get(&options, &k.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    let format = get("format").unwrap_or_else(|| "text".to_string());
    let format = crate::OutputFormat::parse(&format).ok_or_else(|| {
        plain_error(
            "invalidOptions",
            &format!("--format must be text, json or sarif, not `{format}`"),
        )
    })?;
    let base_standard = match get("base").as_deref() {
        None | Some("none") => false,
        Some("standard") => true,
        Some(other) => {
            return Err(plain_error(
                "invalidOptions",
                &format!("--base must be standard or none, not `{other}`"),
            ));
        }
    };
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f.name.as_str(), f.text.as_str()))
        .collect();
    let out = crate::check(
        &refs,
        &crate::CheckOptions {
            resolve,
            base_standard,
            format,
        },
    )
    .map_err(|e| plain_error("unreadableInput", &e))?;
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Out {
        output: String,
        has_errors: bool,
    }
    to_js(&Out {
        output: out.output,
        has_errors: out.has_errors,
    })
}

/// The finding registry: every code with its severity, title and explanation.
#[wasm_bindgen(unchecked_return_type = "Code[]")]
pub fn codes() -> Result<JsValue, JsValue> {
    to_js(crate::CODES)
}

/// The upstream install's Argo CD workloads for a version (the JSON model), the base the page
/// lays the user's changes over.
#[wasm_bindgen(js_name = standardInstall, unchecked_return_type = "Installation")]
pub fn standard_install(
    #[wasm_bindgen(unchecked_param_type = "string")] version: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] namespace: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&crate::standard_install(
        &string_arg(&version, "version")?,
        &string_arg(&namespace, "namespace")?,
    ))
}

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

/// The planner's built-in example: a realistic Argo CD installation (the JSON model).
#[wasm_bindgen(js_name = defaultExample, unchecked_return_type = "Installation")]
pub fn default_example() -> Result<JsValue, JsValue> {
    to_js(&crate::default_example())
}

fn read_input(input: &JsValue) -> Result<Installation, JsValue> {
    if let Some(text) = input.as_string() {
        return crate::read_manifests(&[("<input>", text.as_str())])
            .map_err(|e| manifest_error(&e));
    }
    if js_sys::Array::is_array(input) {
        #[derive(Deserialize)]
        struct File {
            name: String,
            text: String,
        }
        let files: Vec<File> = serde_wasm_bindgen::from_value(input.clone())
            .map_err(|e| plain_error("invalidInput", &e.to_string()))?;
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|f| (f.name.as_str(), f.text.as_str()))
            .collect();
        return crate::read_manifests(&refs).map_err(|e| manifest_error(&e));
    }
    if input.is_object() {
        return serde_wasm_bindgen::from_value(input.clone())
            .map_err(|e| plain_error("invalidModel", &e.to_string()));
    }
    Err(plain_error(
        "invalidInput",
        "expected manifests (a string or [{name, text}]) or the JSON model",
    ))
}

fn read_options(options: &JsValue) -> Result<Options, JsValue> {
    if !options.is_object() {
        return Err(plain_error(
            "invalidOptions",
            "options must be an object with `now`",
        ));
    }
    let get = |k: &str| js_sys::Reflect::get(options, &k.into()).unwrap_or(JsValue::UNDEFINED);
    Ok(Options {
        now: read_instant(&get("now"))?,
        argocd_version: get("argocdVersion").as_string().filter(|s| !s.is_empty()),
        namespace: get("namespace").as_string().filter(|s| !s.is_empty()),
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

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value
        .serialize(&serializer)
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
}

fn plain_error(kind: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("PlannerInputError");
    let _ = js_sys::Reflect::set(err.as_ref(), &"kind".into(), &kind.into());
    err.into()
}

fn manifest_error(e: &crate::ManifestError) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("PlannerInputError");
    if let Ok(details) = to_js(e) {
        let _ = js_sys::Object::assign(err.as_ref(), &js_sys::Object::from(details));
    }
    let _ = js_sys::Reflect::set(err.as_ref(), &"kind".into(), &"invalidManifest".into());
    err.into()
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
