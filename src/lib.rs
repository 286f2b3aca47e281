#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod argo;
mod check;
mod der_write;
mod error;
mod example;
mod findings;
mod generate;
mod go;
mod keys;
mod model;
mod plan;
mod render;
mod report;
mod resolve;
mod sort;
mod time;
mod timeline;
mod x509;

/// The wasm-bindgen exports (feature `wasm` only).
#[cfg(feature = "wasm")]
pub mod bindings;

pub use argo::{ArgoVersion, offered_versions};
pub use check::{
    CheckOptions, CheckOutput, OutputFormat, TimelineFormat, base_label, check, check_within,
    read_inputs, resolve_sources, resolve_sources_with, timeline_check,
};
pub use error::Error;
pub use example::default_example;
pub use findings::{CODES, Code, EXPIRY_WARNING_DAYS, Finding, Severity, code_docs_page};
pub use generate::{
    CertificateRequest, ExtKeyUsage as RequestedKeyUsage, GenerateError, GenerateProgress,
    GenerateRequest, GenerateStep, GeneratedCertificate, GeneratedSet, IssuerPem, KeyAlgorithm,
    KeyEncoding, PreparedCertificate, PreparedSet, SignatureScheme, SignedBy, assemble_set,
    generate_certificate, generate_key, generate_set, generate_set_with_progress, generation_steps,
    prepare_set, read_new_key, sign_native,
};
pub use go::pem::{
    GoPemBlock, PemBlock, decode_pem_blocks, go_pem_blocks, go_pem_blocks_as, go_pem_decode,
    go_pem_decode_legacy,
};
pub use go::version::{GoTlsVersion, GoX509Version};
pub use keys::keypair::{
    KeyPairError, KeyPairErrorKind, KeyPairInfo, check_key_pair, check_key_pair_as,
};
pub use keys::private_key::{
    KeyError, KeyErrorKind, PrivateKey, PrivateKeyFormat, parse_private_key, parse_private_key_as,
};
pub use model::edge::{
    Backend, BackendTlsPolicy, Edge, ExposedService, Gateway, GatewayRoute, Ingress, IngressTls,
    Listener, OpenShiftRoute, ParentRef,
};
pub use model::inputs::{Combined, InputSource, Override, combine};
pub use model::manifest::{MAX_INPUT_BYTES, ManifestError, ManifestErrorKind, read_manifests};
pub use model::standard::{InstallFlavor, standard_install, standard_install_flavor};
pub use model::{
    CertManagerCertificate, Component, ConfigMap, EnvValue, EnvVar, Installation, KeyToPath,
    Position, Secret, SecretMount, Workload,
};
pub use plan::{
    ApplyHow, BrokenWay, Change, Edit, KubeObject, LiveCheck, Naive, PairView, Plan, PlanError,
    PlanOptions, PlanOutput, PlanRequest, PodGroupView, REDACTED, StateView, Step, StepKind,
    apply_changes, current_installation, issuance_for, plan, plan_from_scratch, plan_from_text,
    plan_installation, plan_json, read_posture_text, render_plan_script, render_plan_text,
    rotation_target,
};
pub use plan::{
    CertificateSource, DexPosture, EdgePosture, EdgeTermination, Issuance, IssuedPem, IssuerKind,
    IssuerRef, KeyType, Mesh, MozillaProfile, MtlsPosture, Posture, PostureError, PostureOptions,
    PrivateKeyPolicy, RedisPosture, RepoClient, RepoServerPosture, Reset, RotatedEndpoint,
    Rotation, RotationInfo, RotationKind, RotationPolicy, ServerPosture, TlsPolicy, bundle,
    issuance_requests, kustomize_overlay, posture_changes, read_posture, rotation_info,
    rotation_start, stand_in_issued, yaml_documents,
};
#[cfg(not(target_arch = "wasm32"))]
pub use plan::{plan_json_schema, posture_json_schema};
pub use render::{
    OUTAGE_RULE, add_timeline_outages, render_sarif, render_text, render_timeline_text,
};
pub use report::Grade;
#[cfg(not(target_arch = "wasm32"))]
pub use report::report_json_schema;
pub use report::{
    CertificateDates, CertificateReport, ClientOutcome, ClientResult, ComponentReport,
    ConnectionError, ConnectionReport, EdgeBasis, EdgeHop, EndpointReport, Negotiated, Outcome,
    Report, SettingSource, SourceKind, TlsReport, Transport, Verification, WayInReport,
};
pub use resolve::grade::MOZILLA_GUIDELINE;
pub use resolve::settings::{SettingInfo, settings_catalog};
pub use resolve::verify_with_ca::{
    CMD_PARAMS_CM, TrustChange, TrustChanges, verify_with_ca_changes,
};
pub use resolve::{Engine, Options, ResolveError, resolve};
pub use time::UnixTime;
#[cfg(not(target_arch = "wasm32"))]
pub use timeline::timeline_json_schema;
pub use timeline::{
    CertificateEvent, CertificateRole, ConnectionChange, ConnectionState, EndpointChange,
    EndpointState, EventKind, Outage, ReadWhen, Renewal, RoleKind, Timeline, TimelineCertificate,
    TimelineInstant, TimelineOptions, timeline,
};
pub use x509::bundle::{VerifyOutcome, pool_from_pem, verify_pem};
pub use x509::inspect::{CertificateSummary, inspect_bytes, inspect_certificates, inspect_der};
pub use x509::name::DistinguishedName;
pub use x509::parse::{
    Certificate, ExtKeyUsage, IpNet, ParseError, PolicyMapping, PublicKey, SignatureAlgorithm,
    parse_certificate, parse_certificate_as,
};
pub use x509::verify::{
    VerifyError, VerifyErrorKind, VerifyOptions, verify, verify_hostname, verify_hostname_as,
};

/// The planner's version (the crate version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
