//! The engine's exports: resolution, inspection, key pairs, chain verification, the finding
//! registry and the examples.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::{
    detailed_error, from_js, get, into_js_error, plain_error, read_instant, string_arg, to_js,
};
use crate::{Installation, Options};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** One manifest file: its name (used in error positions) and its text (YAML or JSON). */
export interface ManifestFile { name: string; text: string }
/** What `resolve` reads: manifests as text, several files, or the engine's JSON model. */
export type ResolveInput = string | ManifestFile[] | Installation;
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
"#;

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
    to_js(&read_and_resolve(&input, &options)?.1)
}

/// Resolves like `resolve` and renders the report as SARIF 2.1.0 (the page's export).
#[wasm_bindgen(js_name = resolveSarif, unchecked_return_type = "object")]
pub fn resolve_sarif(
    #[wasm_bindgen(unchecked_param_type = "ResolveInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ResolveOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let (install, report) = read_and_resolve(&input, &options)?;
    to_js(&crate::render_sarif(&report, &install))
}

/// The installation `resolve` reads and the report it makes of it.
fn read_and_resolve(
    input: &JsValue,
    options: &JsValue,
) -> Result<(Installation, crate::Report), JsValue> {
    let (install, options) = read_input_and_options(input, options)?;
    let report = crate::resolve(&install, &options)
        .map_err(|e| plain_error("unsupportedVersion", &e.to_string()))?;
    Ok((install, report))
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
    let base = get(options, "base").as_string();
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
    let now = read_instant(&get(&input, "now"))?;
    let i: In = from_js(&input, "invalidInput")?;
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

/// One `{ name, text }` manifest file.
#[derive(Deserialize)]
struct File {
    name: String,
    text: String,
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
    let files: Vec<File> = from_js(&files, "invalidInput")?;
    let resolve = read_options(&options)?;
    let format = get(&options, "format")
        .as_string()
        .unwrap_or_else(|| "text".to_string());
    let format = crate::OutputFormat::parse(&format).ok_or_else(|| {
        plain_error(
            "invalidOptions",
            &format!("--format must be text, json or sarif, not `{format}`"),
        )
    })?;
    let base_standard = match get(&options, "base").as_string().as_deref() {
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
        let files: Vec<File> = from_js(input, "invalidInput")?;
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|f| (f.name.as_str(), f.text.as_str()))
            .collect();
        return crate::read_manifests(&refs).map_err(|e| manifest_error(&e));
    }
    if input.is_object() {
        return from_js(input, "invalidModel");
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
    Ok(Options {
        now: read_instant(&get(options, "now"))?,
        argocd_version: get(options, "argocdVersion")
            .as_string()
            .filter(|s| !s.is_empty()),
        namespace: get(options, "namespace")
            .as_string()
            .filter(|s| !s.is_empty()),
    })
}

fn manifest_error(e: &crate::ManifestError) -> JsValue {
    detailed_error(&e.to_string(), e, Some("invalidManifest"))
}
