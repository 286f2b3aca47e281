//! The engine's exports: resolution, inspection, key pairs, chain verification, the finding
//! registry and the examples; the `Engine` class resolves through one memo across calls (the
//! free `resolve`, `resolveSarif` and `resolveSources` are one call on a new engine).

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
/** Options of `timeline`: the window (`from` is required: the engine has no clock; `until`, else `from` + `withinDays`, default 365) and the margin for `firstOutage.actBefore` (days, default 14). */
export interface TimelineOptions { from: Instant; until?: Instant; withinDays?: number; marginDays?: number; argocdVersion?: string; namespace?: string; base?: "none" | "standard" }
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
    Engine::new().resolve(input, options)
}

/// Resolves like `resolve` and renders the report as SARIF 2.1.0 (the page's export).
#[wasm_bindgen(js_name = resolveSarif, unchecked_return_type = "object")]
pub fn resolve_sarif(
    #[wasm_bindgen(unchecked_param_type = "ResolveInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ResolveOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    Engine::new().resolve_sarif(input, options)
}

/// The installation `resolve` reads and the report it makes of it: the input as one source
/// (each file of a `ManifestFile[]` its own, in order) after the standard install with
/// `base: "standard"`, laid by the engine's input rule.
fn read_and_resolve(
    engine: &mut crate::Engine,
    input: &JsValue,
    options: &JsValue,
) -> Result<(Installation, crate::Report), JsValue> {
    let (sources, options) = read_sources_and_options(input, options)?;
    crate::resolve_sources_with(engine, &sources, &options)
        .map_err(|e| plain_error("unsupportedVersion", &e.to_string()))
}

/// The timeline of the input (read like `resolve`'s) over a window: every certificate that
/// matters, every instant where one changes, what starts or stops working then (the engine at
/// each instant), and the first outage. The same JSON as the CLI's `timeline --format json`.
#[wasm_bindgen(js_name = timeline, unchecked_return_type = "Timeline")]
pub fn timeline(
    #[wasm_bindgen(unchecked_param_type = "ResolveInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TimelineOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    if !options.is_object() {
        return Err(plain_error(
            "invalidOptions",
            "options must be an object with `from`",
        ));
    }
    let from_value = get(&options, "from");
    let from = read_instant(&from_value)?;
    let with_now = js_sys::Object::assign(&js_sys::Object::new(), options.unchecked_ref());
    js_sys::Reflect::set(&with_now, &JsValue::from_str("now"), &from_value)
        .map_err(|_| plain_error("invalidOptions", "options could not be read"))?;
    let (sources, resolve) = read_sources_and_options(&input, &with_now.into())?;
    let until = match get(&options, "until") {
        u if u.is_undefined() || u.is_null() => {
            let days = get(&options, "withinDays").as_f64().unwrap_or(365.0);
            if !(days.is_finite() && (0.0..3.65e6).contains(&days)) {
                return Err(plain_error(
                    "invalidOptions",
                    "`withinDays` is out of range",
                ));
            }
            crate::UnixTime::from_secs(from.as_secs().saturating_add((days * 86_400.0) as i64))
        }
        u => read_instant(&u)?,
    };
    let margin = get(&options, "marginDays").as_f64().unwrap_or(14.0);
    if !(margin.is_finite() && (0.0..1e6).contains(&margin)) {
        return Err(plain_error(
            "invalidOptions",
            "`marginDays` is out of range",
        ));
    }
    let install = crate::combine(&sources).installation;
    let t = crate::timeline(
        &install,
        &crate::TimelineOptions {
            from,
            until,
            margin_days: margin as u32,
            argocd_version: resolve.argocd_version,
            namespace: resolve.namespace,
        },
    )
    .map_err(|e| plain_error("unsupportedVersion", &e.to_string()))?;
    to_js(&t)
}

/// Lays input sources in order by the engine's input rule (the later source wins, key by key
/// for ConfigMaps and Secrets, whole for a component's workload), resolves the result and
/// reports every override (`TLS015`) and an input with no Argo CD workload (`TLS016`). What the
/// page builds its state with: base, files, pasted text, form edits, certificates.
#[wasm_bindgen(
    js_name = resolveSources,
    unchecked_return_type = "{ installation: Installation; report: Report }"
)]
pub fn resolve_sources(
    #[wasm_bindgen(unchecked_param_type = "InputSource[]")] sources: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ResolveOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    Engine::new().resolve_sources(sources, options)
}

/// A resolver that keeps what does not change between states — parsed PEM pools, loaded key
/// pairs, chain verifications — across calls, so that a page or a plan resolving many states
/// pays for each once. Every method returns what the free function of the same name returns
/// for the same arguments.
///
/// Its TypeScript declaration is written below rather than generated: wasm-bindgen declares
/// `[Symbol.dispose]()` on every class, which does not compile for consumers whose `lib` is
/// older than ESNext (the package's types compile with `es2022`; tests/js/types.test.mjs). The
/// glue still adds `Symbol.dispose` where the runtime has it.
#[wasm_bindgen(skip_typescript)]
#[derive(Debug, Default)]
pub struct Engine {
    inner: crate::Engine,
}

#[wasm_bindgen(typescript_custom_section)]
const ENGINE_TYPES: &'static str = r#"
/**
 * A resolver that keeps what does not change between states — parsed PEM pools, loaded key
 * pairs, chain verifications — across calls, so that a page or a plan resolving many states pays
 * for each once. Every method returns what the function of the same name returns.
 */
export class Engine {
  /** An engine with empty tables. */
  constructor();
  /** Releases the engine's memory (also done when it is garbage-collected). */
  free(): void;
  /** `resolve` through this engine. */
  resolve(input: ResolveInput, options: ResolveOptions): Report;
  /** `resolveSarif` through this engine. */
  resolveSarif(input: ResolveInput, options: ResolveOptions): object;
  /** `resolveSources` through this engine. */
  resolveSources(sources: InputSource[], options: ResolveOptions): { installation: Installation; report: Report };
}
"#;

#[wasm_bindgen]
impl Engine {
    /// An engine with empty tables.
    #[wasm_bindgen(constructor, skip_typescript)]
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// `resolve` through this engine.
    #[wasm_bindgen(js_name = resolve, unchecked_return_type = "Report", skip_typescript)]
    pub fn resolve(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ResolveInput")] input: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ResolveOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&read_and_resolve(&mut self.inner, &input, &options)?.1)
    }

    /// `resolveSarif` through this engine.
    #[wasm_bindgen(
        js_name = resolveSarif,
        unchecked_return_type = "object",
        skip_typescript
    )]
    pub fn resolve_sarif(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ResolveInput")] input: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ResolveOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (install, report) = read_and_resolve(&mut self.inner, &input, &options)?;
        to_js(&crate::render_sarif(&report, &install))
    }

    /// `resolveSources` through this engine.
    #[wasm_bindgen(
        js_name = resolveSources,
        unchecked_return_type = "{ installation: Installation; report: Report }",
        skip_typescript
    )]
    pub fn resolve_sources(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "InputSource[]")] sources: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ResolveOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let sources: Vec<crate::InputSource> = from_js(&sources, "invalidInput")?;
        let options = read_options(&options)?;
        let (installation, report) =
            crate::resolve_sources_with(&mut self.inner, &sources, &options)
                .map_err(|e| plain_error("unsupportedVersion", &e.to_string()))?;
        #[derive(Serialize)]
        struct Out {
            installation: Installation,
            report: crate::Report,
        }
        to_js(&Out {
            installation,
            report,
        })
    }
}

/// The input rule alone: the installation the sources make and what later sources overrode.
#[wasm_bindgen(js_name = combineInputs, unchecked_return_type = "Combined")]
pub fn combine_inputs(
    #[wasm_bindgen(unchecked_param_type = "InputSource[]")] sources: JsValue,
) -> Result<JsValue, JsValue> {
    let sources: Vec<crate::InputSource> = from_js(&sources, "invalidInput")?;
    to_js(&crate::combine(&sources))
}

/// The Argo CD versions a form offers, newest first: the development line, then the newest
/// modelled patch of each minor line.
#[wasm_bindgen(js_name = argocdVersions, unchecked_return_type = "string[]")]
pub fn argocd_versions() -> Result<JsValue, JsValue> {
    to_js(&crate::offered_versions())
}

/// How many days before its `notAfter` a served certificate draws `TLS302` (expires soon).
#[wasm_bindgen(js_name = expiryWarningDays)]
pub fn expiry_warning_days() -> u32 {
    u32::try_from(crate::EXPIRY_WARNING_DAYS).unwrap_or(u32::MAX)
}

/// The names a component's Service answers to in `namespace` (the SANs a certificate for it
/// needs): `name`, `name.ns`, `name.ns.svc`, `name.ns.svc.cluster.local`. Throws for a name that
/// is not a modelled component.
#[wasm_bindgen(js_name = serviceNames, unchecked_return_type = "string[]")]
pub fn service_names(
    #[wasm_bindgen(unchecked_param_type = "string")] component: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] namespace: JsValue,
) -> Result<JsValue, JsValue> {
    let name = string_arg(&component, "component")?;
    let component = crate::Component::from_name(&name).ok_or_else(|| {
        plain_error(
            "invalidInput",
            &format!("`{name}` is not an Argo CD component"),
        )
    })?;
    to_js(&component.service_names(&string_arg(&namespace, "namespace")?))
}

/// The host of `argocd-cm`'s `url` in an installation (what browsers dial for argocd-server),
/// or `null`.
#[wasm_bindgen(js_name = externalHost, unchecked_return_type = "string | null")]
pub fn external_host(
    #[wasm_bindgen(unchecked_param_type = "Installation")] installation: JsValue,
) -> Result<JsValue, JsValue> {
    let install: Installation = from_js(&installation, "invalidModel")?;
    to_js(&install.external_host())
}

/// The `argocd-cmd-params-cm` changes that make the clients of `servers` (`argocd-repo-server`,
/// `argocd-dex-server`) verify with the CA in each server's Secret `ca.crt`, for `installation`
/// resolved with `options` (its version decides CA path or legacy strict keys), and notes for
/// what keys cannot do. Throws for an unreadable installation or an unmodelled version.
#[wasm_bindgen(js_name = verifyWithCaChanges, unchecked_return_type = "TrustChanges")]
pub fn verify_with_ca_changes(
    #[wasm_bindgen(unchecked_param_type = "Installation")] installation: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ResolveOptions")] options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Component[]")] servers: JsValue,
) -> Result<JsValue, JsValue> {
    let install: Installation = from_js(&installation, "invalidModel")?;
    let servers: Vec<crate::Component> = from_js(&servers, "invalidInput")?;
    let options = read_options(&options)?;
    let report = crate::resolve(&install, &options)
        .map_err(|e| plain_error("unsupportedVersion", &e.to_string()))?;
    to_js(&crate::verify_with_ca_changes(&install, &report, &servers))
}

/// The settings the planner models (the flag table), for forms.
#[wasm_bindgen(js_name = settingsCatalog, unchecked_return_type = "SettingInfo[]")]
pub fn settings_catalog() -> Result<JsValue, JsValue> {
    to_js(&crate::settings_catalog())
}

/// The sources and options of `resolve`: the standard install of the version first with
/// `base: "standard"`, then the input (each file of a `ManifestFile[]` its own source).
fn read_sources_and_options(
    input: &JsValue,
    options: &JsValue,
) -> Result<(Vec<crate::InputSource>, Options), JsValue> {
    let mut sources = read_input_sources(input)?;
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
                .or_else(|| {
                    sources
                        .iter()
                        .rev()
                        .find_map(|s| s.installation.namespace.clone())
                })
                .unwrap_or_else(|| "argocd".to_string());
            sources.insert(
                0,
                crate::InputSource::new(
                    crate::base_label(&version),
                    crate::standard_install(&version, &namespace),
                ),
            );
        }
        Some(other) => {
            return Err(plain_error(
                "invalidOptions",
                &format!("base must be standard or none, not `{other}`"),
            ));
        }
    }
    Ok((sources, options))
}

/// `resolve`'s input as sources: text is one (`<input>`), each file of a `ManifestFile[]` is
/// one, the JSON model is one (`the model`).
fn read_input_sources(input: &JsValue) -> Result<Vec<crate::InputSource>, JsValue> {
    if js_sys::Array::is_array(input) {
        let files: Vec<File> = from_js(input, "invalidInput")?;
        let total = files
            .iter()
            .map(|f| f.text.len())
            .fold(0usize, usize::saturating_add);
        if total > crate::MAX_INPUT_BYTES {
            // read_manifests reports the budget with its structured error.
            let refs: Vec<(&str, &str)> = files
                .iter()
                .map(|f| (f.name.as_str(), f.text.as_str()))
                .collect();
            return Err(crate::read_manifests(&refs).map_or_else(
                |e| manifest_error(&e),
                |_| plain_error("invalidInput", "the manifests are too large"),
            ));
        }
        return files
            .iter()
            .map(|f| {
                crate::read_manifests(&[(f.name.as_str(), f.text.as_str())])
                    .map(|i| crate::InputSource::new(f.name.clone(), i))
                    .map_err(|e| manifest_error(&e))
            })
            .collect();
    }
    let label = if input.as_string().is_some() {
        "<input>"
    } else {
        "the model"
    };
    Ok(vec![crate::InputSource::new(label, read_input(input)?)])
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
    let fail_within = get(&options, "failWithinDays")
        .as_f64()
        .filter(|d| d.is_finite() && *d >= 0.0 && *d < 3.65e6)
        .map(|d| (d * 86_400.0) as i64);
    let out = crate::check_within(
        &refs,
        &crate::CheckOptions {
            resolve,
            base_standard,
            format,
        },
        fail_within,
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
