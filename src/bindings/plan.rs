//! The plan exports: the same front door as the CLI (`plan_from_text` for manifests as text,
//! `plan_installation` for the page's model), so the same input gives the same plan JSON.

use std::collections::BTreeMap;

use wasm_bindgen::prelude::*;

use super::{from_js, get, plain_error, read_instant, to_js};
use crate::{Installation, IssuedPem, Options, PlanOutput, PlanRequest};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options of `plan`: how states are resolved, the base, and the certificates issued outside the engine (by `planIssuance`'s ids). */
export interface PlanCallOptions { now: Instant; argocdVersion?: string; namespace?: string; base?: "none" | "standard"; issued?: Record<string, IssuedPem> }
/** What `plan` reads as today's state: manifests as text, several files, or the engine's model. */
export type PlanInput = string | ManifestFile[] | Installation;
/** A certificate the posture wants made outside the engine: pass `request` to `generateCertificates`, then the result to `plan` as `options.issued[id]`. */
export interface Issuance { id: string; request: GenerateRequest }
/** One file of a plan's bundle. */
export interface BundleFile { path: string; content: string }
"#;

#[derive(serde::Deserialize)]
struct File {
    name: String,
    text: String,
}

fn request(options: &JsValue) -> Result<PlanRequest, JsValue> {
    if !options.is_object() {
        return Err(plain_error(
            "invalidOptions",
            "options must be an object with `now`",
        ));
    }
    let issued_value = get(options, "issued");
    let issued: BTreeMap<String, IssuedPem> = if issued_value.is_undefined() {
        BTreeMap::new()
    } else {
        from_js(&issued_value, "invalidOptions")?
    };
    let base = get(options, "base").as_string();
    Ok(PlanRequest {
        resolve: Options {
            now: read_instant(&get(options, "now"))?,
            argocd_version: get(options, "argocdVersion")
                .as_string()
                .filter(|s| !s.is_empty()),
            namespace: get(options, "namespace")
                .as_string()
                .filter(|s| !s.is_empty()),
        },
        base_standard: match base.as_deref() {
            None | Some("none") => false,
            Some("standard") => true,
            Some(other) => {
                return Err(plain_error(
                    "invalidOptions",
                    &format!("base must be \"none\" or \"standard\", not \"{other}\""),
                ));
            }
        },
        issued,
    })
}

/// The posture as text: a string is YAML or JSON, an object is taken as JSON.
fn posture_text(target: &JsValue) -> Result<String, JsValue> {
    if let Some(text) = target.as_string() {
        return Ok(text);
    }
    if !target.is_object() {
        return Err(plain_error(
            "invalidPosture",
            "the target must be a posture document (YAML or JSON text) or a Posture object",
        ));
    }
    js_sys::JSON::stringify(target)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| plain_error("invalidPosture", "the posture cannot be read as JSON"))
}

/// Today's installation from the input, the way the CLI reads it for text.
fn current(input: &JsValue, request: &PlanRequest) -> Result<Installation, JsValue> {
    let files: Vec<(String, String)> = if let Some(text) = input.as_string() {
        vec![("<input>".to_string(), text)]
    } else if js_sys::Array::is_array(input) {
        match plain_files(input) {
            Some(files) => files,
            None => from_js::<Vec<File>>(input, "invalidInput")?
                .into_iter()
                .map(|f| (f.name, f.text))
                .collect(),
        }
    } else {
        return from_js(input, "invalidInput");
    };
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    crate::current_installation(&refs, request).map_err(|e| plain_error("invalidInput", &e))
}

/// The files of an array whose every element has a string `name` and `text`, read one string at
/// a time: a 2 MB install then crosses into the module once, not as `JSON.stringify` of the array
/// parsed again by serde (`None`: anything else, which [`from_js`] reads and reports).
fn plain_files(input: &JsValue) -> Option<Vec<(String, String)>> {
    js_sys::Array::from(input)
        .iter()
        .map(|f| {
            if !f.is_object() {
                return None;
            }
            Some((get(&f, "name").as_string()?, get(&f, "text").as_string()?))
        })
        .collect()
}

fn run(input: &JsValue, target: &JsValue, options: &JsValue) -> Result<PlanOutput, JsValue> {
    let request = request(options)?;
    let installation = current(input, &request)?;
    let posture = posture_text(target)?;
    crate::plan_installation(installation, &posture, &request)
        .map_err(|e| plain_error("invalidPlan", &e))
}

/// A rotation's target posture (JSON): `target`'s `rotate` part (a posture as text or object;
/// `undefined` or blank: none) with the kind `kind` (`leaf`, `ca`, `compromised`, `dex-leaf`)
/// and, when given, the margin in days — what the CLI's `--rotate` plans.
#[wasm_bindgen(js_name = rotationTarget)]
pub fn rotation_target(
    #[wasm_bindgen(unchecked_param_type = "string | Posture | undefined")] target: JsValue,
    kind: &str,
    margin_days: Option<u32>,
) -> Result<String, JsValue> {
    let text = if target.is_undefined() || target.is_null() {
        String::new()
    } else {
        posture_text(&target)?
    };
    crate::rotation_target(&text, kind, margin_days).map_err(|e| plain_error("invalidPosture", &e))
}

/// Plans the steps from today's state to the target posture: every state and mixed state of
/// every rollout resolved, the naive order beside it. Private keys never appear in it.
#[wasm_bindgen(js_name = plan, unchecked_return_type = "Plan")]
pub fn plan(
    #[wasm_bindgen(unchecked_param_type = "PlanInput")] current: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Posture")] target: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PlanCallOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    to_js(&run(&current, &target, &options)?.plan)
}

/// `plan` as the JSON text the CLI prints (`--format json`), byte for byte.
#[wasm_bindgen(js_name = planJson)]
pub fn plan_json(
    #[wasm_bindgen(unchecked_param_type = "PlanInput")] current: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Posture")] target: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PlanCallOptions")] options: JsValue,
) -> Result<String, JsValue> {
    Ok(crate::plan_json(&run(&current, &target, &options)?.plan))
}

/// `plan` rendered as text (`--format text`) or as a bash script (`--format script`).
#[wasm_bindgen(js_name = planRender)]
pub fn plan_render(
    #[wasm_bindgen(unchecked_param_type = "PlanInput")] current: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Posture")] target: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PlanCallOptions")] options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "\"text\" | \"script\"")] format: JsValue,
) -> Result<String, JsValue> {
    let out = run(&current, &target, &options)?;
    match format.as_string().as_deref() {
        Some("text") => Ok(crate::render_plan_text(&out.plan)),
        Some("script") => Ok(crate::render_plan_script(&out.plan)),
        _ => Err(plain_error(
            "invalidOptions",
            "format must be \"text\" or \"script\"",
        )),
    }
}

/// The plan's bundle: each object as the file the script applies (private keys of certificates
/// issued in this page included — the only place they appear), the kustomize overlay over
/// `baseRef` (default `../base`), `plan.sh` and `plan.json`.
#[wasm_bindgen(js_name = planBundle, unchecked_return_type = "BundleFile[]")]
pub fn plan_bundle(
    #[wasm_bindgen(unchecked_param_type = "PlanInput")] current: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Posture")] target: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PlanCallOptions & { baseRef?: string }")]
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let out = run(&current, &target, &options)?;
    let base = get(&options, "baseRef")
        .as_string()
        .unwrap_or_else(|| "../base".to_string());
    let mut files = crate::bundle(&out.plan, &out.changes, &base);
    files.push(("plan.sh".into(), crate::render_plan_script(&out.plan)));
    files.push(("plan.json".into(), crate::plan_json(&out.plan)));
    #[derive(serde::Serialize)]
    struct BundleFile {
        path: String,
        content: String,
    }
    to_js(
        &files
            .into_iter()
            .map(|(path, content)| BundleFile { path, content })
            .collect::<Vec<_>>(),
    )
}

/// The certificates the posture wants made outside the engine (`generateCertificates` makes
/// them with WebCrypto); pass them back to `plan` as `options.issued`, keyed by `id`.
#[wasm_bindgen(js_name = planIssuance, unchecked_return_type = "Issuance[]")]
pub fn plan_issuance(
    #[wasm_bindgen(unchecked_param_type = "PlanInput")] current_input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Posture")] target: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PlanCallOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let request = request(&options)?;
    let installation = current(&current_input, &request)?;
    let posture = posture_text(&target)?;
    let issuance = crate::issuance_for(&installation, &posture, &request)
        .map_err(|e| plain_error("invalidPosture", &e))?;
    to_js(&issuance)
}
