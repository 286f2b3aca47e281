//! `TLS0xx`: input, flags and settings. Each registry row is followed by its constructors, which hold the message and
//! hint texts.

use super::{Code, DEX_CONNECTION, Severity, finding, repo_connection};
use crate::findings::Finding;
use std::fmt::Display;

code!(
    INVALID_TLS_VERSION,
    "TLS001",
    "invalid-tls-version",
    Error,
    "TLS version setting is not 1.0, 1.1, 1.2 or 1.3",
    "Argo CD accepts exactly `1.0`, `1.1`, `1.2` or `1.3` for the minimum and maximum TLS version; anything else (`TLS1.2`, `1.2.0`, `v1.2`, a trailing space) makes the component exit at startup.",
    "reference §1.3",
    "Set `server.tls.minversion`/`server.tls.maxversion` (or `reposerver.tls.*`) in argocd-cmd-params-cm to exactly `\"1.2\"` or `\"1.3\"`."
);

/// [`INVALID_TLS_VERSION`]: `component` exits with `error`; `min` and `max` are the settings'
/// keys.
pub(crate) fn invalid_tls_version(component: &str, error: &str, min: &str, max: &str) -> Finding {
    finding(
        &INVALID_TLS_VERSION,
        format!("{component} exits at startup: {error}"),
        format!(
            "set `{min}` / `{max}` to exactly \"1.2\" or \"1.3\" (flags `--tlsminversion`/`--tlsmaxversion`)"
        ),
        &[component],
    )
}

code!(
    MIN_ABOVE_MAX,
    "TLS002",
    "min-version-above-max",
    Error,
    "minimum TLS version is higher than the maximum",
    "When the minimum TLS version is higher than the maximum, Argo CD refuses to start.",
    "reference §1.3",
    "Lower the minimum or raise the maximum so that min ≤ max."
);

/// [`MIN_ABOVE_MAX`]: `component` exits with `error`; `min` and `max` are the settings' keys.
pub(crate) fn min_above_max(component: &str, error: &str, min: &str, max: &str) -> Finding {
    finding(
        &MIN_ABOVE_MAX,
        format!("{component} exits at startup: {error}"),
        format!("lower `{min}` or raise `{max}` (flags `--tlsminversion`/`--tlsmaxversion`)"),
        &[component],
    )
}

code!(
    INVALID_CIPHER,
    "TLS003",
    "invalid-cipher-suite",
    Error,
    "cipher suite name not accepted by this Argo CD's Go",
    "Argo CD looks cipher names up in Go's `tls.CipherSuites()` only. Since Go 1.22 (Argo CD 2.12) every `TLS_RSA_*` and 3DES suite is in the insecure list and rejected, including the second suite of the default the docs still show; OpenSSL-style names and commas are rejected too. The component exits at startup.",
    "reference §1.2, argo-cd#17571",
    "Use names from Go's `tls.CipherSuites()` separated by `:`, for example `TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`; drop every `TLS_RSA_*` and 3DES name."
);

/// [`INVALID_CIPHER`]: `component` exits with `error` because the cipher list (the setting
/// `key`) names a suite Go `go` does not accept.
pub(crate) fn invalid_cipher(component: &str, error: &str, key: &str, go: &str) -> Finding {
    finding(
        &INVALID_CIPHER,
        format!("{component} exits at startup: {error}"),
        format!(
            "set `{key}` to names from Go {go}'s `tls.CipherSuites()` separated by `:`, e.g. \"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\" (flag `--tlsciphers`); remove `TLS_RSA_*` and 3DES names"
        ),
        &[component],
    )
}

code!(
    CIPHERS_LIST,
    "TLS004",
    "tlsciphers-list",
    Error,
    "`--tlsciphers list` prints the suites and exits",
    "The value `list` prints the supported suites and exits with status 0; in Kubernetes the container restarts forever.",
    "reference §1.2",
    "Remove `list` from `server.tls.ciphers` / `reposerver.tls.ciphers`; run `argocd-server --tlsciphers list` locally to see the names."
);

/// [`CIPHERS_LIST`]: `component`'s cipher setting `key` is `list`.
pub(crate) fn ciphers_list(component: &str, key: &str) -> Finding {
    finding(
        &CIPHERS_LIST,
        format!(
            "`{key}` is `list`: {component} prints the supported suites and exits 0, and Kubernetes restarts it forever"
        ),
        format!("remove `{key}` or set real suite names"),
        &[component],
    )
}

code!(
    TLS13_IGNORES_CIPHERS,
    "TLS005",
    "tls13-ignores-ciphers",
    Info,
    "cipher list ignored because the minimum version is TLS 1.3",
    "TLS 1.3 suites are not configurable in Go. With a minimum of 1.3 Argo CD logs a warning and drops the cipher list.",
    "reference §1.4",
    "Remove the cipher setting; TLS 1.3 suites are chosen by Go."
);

/// [`TLS13_IGNORES_CIPHERS`]: `component` logs `warning`; `ciphers` is the list set by `key`.
pub(crate) fn tls13_ignores_ciphers(
    component: &str,
    warning: &str,
    ciphers: &str,
    key: &str,
) -> Finding {
    finding(
        &TLS13_IGNORES_CIPHERS,
        format!(
            "{component} logs `{warning}`: with a minimum of TLS 1.3 the cipher list `{ciphers}` has no effect"
        ),
        format!("remove `{key}` (TLS 1.3 suites are chosen by Go)"),
        &[component],
    )
}

code!(
    BOOL_IGNORED,
    "TLS006",
    "boolean-value-ignored",
    Warning,
    "boolean setting silently ignored",
    "Argo CD reads boolean environment values (and so `argocd-cmd-params-cm` keys) only when they are `true` or `false` (any case). `yes`, `1` or `on` are silently replaced by the default.",
    "reference §1.6",
    "Write `\"true\"` or `\"false\"`."
);

/// [`BOOL_IGNORED`]: `component`'s boolean setting (env `env`, from the `argocd-cmd-params-cm`
/// key `key` when there is one) is `value`, which Argo CD ignores.
pub(crate) fn bool_ignored(component: &str, env: &str, key: Option<&str>, value: &str) -> Finding {
    let knob = key.map_or_else(|| format!("env {env}"), |k| format!("`{k}`"));
    finding(
        &BOOL_IGNORED,
        format!(
            "{knob} is `{value}`, which Argo CD ignores: only `true` or `false` are read, so the default applies"
        ),
        format!("set {knob} to \"true\" or \"false\""),
        &[component],
    )
}

/// [`BOOL_IGNORED`] for a command-line flag: cobra cannot parse `value` for `flag`, and
/// `component` exits.
pub(crate) fn bad_bool_flag(component: &str, flag: &str, value: &str) -> Finding {
    finding(
        &BOOL_IGNORED,
        format!(
            "`{flag}` has the value `{value}`, which cobra cannot parse as a boolean: {component} exits at startup"
        ),
        "write the flag alone (`--flag`) or as `--flag=true` / `--flag=false`",
        &[component],
    )
}

code!(
    UNKNOWN_FLAG,
    "TLS007",
    "unknown-flag",
    Error,
    "flag does not exist in this Argo CD version",
    "The docs name flags that do not exist (`--listen` on the repo-server, `--argocd-repo-server-ca-cert-path` on the notifications controller), and flags added in 3.5 do not exist before it. Cobra exits with `unknown flag`.",
    "reference §4.1, §6.3, §14",
    "Remove the flag; use the real one the message names."
);

/// [`UNKNOWN_FLAG`]: `flag` is not a flag of `component` in Argo CD `version`; `hint` says
/// what to use instead.
pub(crate) fn unknown_flag(
    component: &str,
    version: impl Display,
    flag: &str,
    hint: &str,
) -> Finding {
    finding(
        &UNKNOWN_FLAG,
        format!("`{flag}` is not a flag of {component} {version}: it exits with `unknown flag`"),
        format!("remove `{flag}`: {hint}"),
        &[component],
    )
}

code!(
    MISSING_REFERENCE,
    "TLS008",
    "missing-reference",
    Error,
    "environment variable refers to a missing ConfigMap or key",
    "A `configMapKeyRef`/`secretKeyRef` without `optional: true` whose ConfigMap, Secret or key is missing stops the pod from starting (CreateContainerConfigError).",
    "Kubernetes",
    "Create the ConfigMap/Secret or key, or add `optional: true` to the reference."
);

/// [`MISSING_REFERENCE`]: `component`'s env `env` refers to the missing `what`.
pub(crate) fn missing_reference(component: &str, env: &str, what: &str) -> Finding {
    finding(
        &MISSING_REFERENCE,
        format!(
            "env {env} refers to {what}, which is missing and not optional: the pod cannot start"
        ),
        format!("create the {what}, or mark the reference `optional: true`"),
        &[component],
    )
}

code!(
    CLIENT_CA_WITH_DISABLE_TLS,
    "TLS009",
    "client-ca-path-with-disable-tls",
    Error,
    "repo-server exits: `--client-ca-path` with `--disable-tls`",
    "Since 3.5.0 `--client-ca-path` defaults to a non-empty path, and an empty env or ConfigMap value cannot clear it. `reposerver.disable.tls: \"true\"` alone therefore makes the repo-server exit (argo-cd#29661). Only the explicit argument `--client-ca-path=` clears it.",
    "reference §4.3, argo-cd#29661",
    "Add the argument `--client-ca-path=` (empty) to the repo-server container, or keep TLS on."
);

/// [`CLIENT_CA_WITH_DISABLE_TLS`]: argocd-repo-server `version` exits with `error` because
/// `--client-ca-path` defaults to `client_ca_path`.
pub(crate) fn client_ca_with_disable_tls(
    version: impl Display,
    error: &str,
    client_ca_path: &str,
) -> Finding {
    finding(
        &CLIENT_CA_WITH_DISABLE_TLS,
        format!(
            "argocd-repo-server {version} exits: `Error: {error}` — `--client-ca-path` defaults to `{client_ca_path}` and an empty `reposerver.client.ca.path` cannot clear it (argo-cd#29661)"
        ),
        "add the argument `--client-ca-path=` (empty) to the repo-server container's args; `reposerver.client.ca.path: \"\"` does not work",
        &["argocd-repo-server"],
    )
}

code!(
    VERSION_ASSUMED,
    "TLS010",
    "version-assumed",
    Info,
    "Argo CD version not analysed exactly",
    "The planner models releases v2.4 … v3.5.1 and the 3.6 development line. Another version is modelled like the nearest older release.",
    "reference §0.1",
    "Pass the exact version with `--argocd-version`; expect differences only where that release changed TLS code."
);

/// [`VERSION_ASSUMED`]: `version` is modelled like the release `modelled` built with Go `go`.
pub(crate) fn version_assumed(
    version: impl Display,
    modelled: (u16, u16, u16),
    go: &str,
) -> Finding {
    let (a, b, c) = modelled;
    finding(
        &VERSION_ASSUMED,
        format!("Argo CD {version} is modelled like {a}.{b}.{c} (Go {go})"),
        "set the exact version with `--argocd-version` if it differs; the planner's reference covers v2.4 … v3.5.1 and 3.6.0-dev",
        &[],
    )
}

code!(
    DEPRECATED_STRICT_FLAG,
    "TLS011",
    "deprecated-strict-tls",
    Info,
    "deprecated `--repo-server-strict-tls` in use",
    "Since 3.5 the legacy strict flag is deprecated (and hidden). It trusts the client's own mounted `tls.crt` and `ca.crt`; `--repo-server-ca-cert-path` is its replacement and trusts only the given file.",
    "reference §6.4–§6.6",
    "Replace `*.repo.server.strict.tls` by `*.repo.server.ca.cert.path: /app/config/reposerver/mtls/server-ca.crt` and put the CA into argocd-repo-server-mtls `server-ca.crt`."
);

/// [`DEPRECATED_STRICT_FLAG`]: `client` uses the deprecated strict setting `strict_key`;
/// `ca_key` is the CA-path setting to use instead.
pub(crate) fn deprecated_strict_flag(client: &str, strict_key: &str, ca_key: &str) -> Finding {
    finding(
        &DEPRECATED_STRICT_FLAG,
        format!(
            "{client} uses the deprecated `{strict_key}` (it trusts its own mounted tls.crt and ca.crt)"
        ),
        format!(
            "set `{ca_key}` to the CA file instead (e.g. /app/config/reposerver/mtls/server-ca.crt)"
        ),
        &[&repo_connection(client)],
    )
}

code!(
    DEX_SCHEME_OVERRIDE,
    "TLS012",
    "dex-address-scheme",
    Warning,
    "explicit scheme in the Dex address overrides the TLS flags",
    "An address with `://` is used as it is: `http://argocd-dex-server:5556`, copied from the docs' example where it is shown as the default, forces plain HTTP against a TLS-enabled Dex. The real default is `argocd-dex-server:5556`, which becomes `https://`.",
    "reference §7, argo-cd#9998",
    "Set `server.dex.server: argocd-dex-server:5556` (no scheme) and choose with `server.dex.server.plaintext`."
);

/// [`DEX_SCHEME_OVERRIDE`]: `server.dex.server` is `address`, with an explicit http://.
pub(crate) fn dex_scheme_override(address: &str) -> Finding {
    finding(
        &DEX_SCHEME_OVERRIDE,
        format!(
            "`server.dex.server` is `{address}`: the explicit http:// is used as is, whatever `server.dex.server.plaintext` says, while Dex serves HTTPS"
        ),
        "remove the scheme (`argocd-dex-server:5556`, the real default) and use `server.dex.server.plaintext` to choose",
        &[DEX_CONNECTION],
    )
}

code!(
    CLIENT_CERT_PATH_PAIR,
    "TLS014",
    "client-cert-path-pair",
    Error,
    "only one of the client certificate and key paths is set",
    "`--repo-server-client-cert-path` and `--repo-server-client-cert-key-path` must be set together; one alone is a startup error.",
    "reference §6.2",
    "Set both `*.repo.server.client.cert.path` and `*.repo.server.client.cert.key.path`, or neither."
);

/// [`CLIENT_CERT_PATH_PAIR`]: `component` exits with `error`.
pub(crate) fn client_cert_path_pair(component: &str, error: &str) -> Finding {
    finding(
        &CLIENT_CERT_PATH_PAIR,
        format!("{component} exits at startup: {error}"),
        "set both client certificate paths or neither",
        &[component],
    )
}

code!(
    INPUT_OVERRIDE,
    "TLS015",
    "input-override",
    Info,
    "a later input overrides an earlier one",
    "The same object (kind and name) came from two inputs. The later input wins: key by key for a ConfigMap or Secret, whole for a workload (see DESIGN.md, \"The input rule\"). The finding names both inputs and the keys, so a value that a file, a paste or a form edit sets is never dropped without a word.",
    "",
    "If the earlier value is the one you mean, remove the key from the later input or give the inputs in the other order."
);

/// [`INPUT_OVERRIDE`] for workloads: `later` replaces whole the workloads `names` (each
/// `Kind name`) that `earlier` (empty: unnamed) gave.
pub(crate) fn input_override_workloads(earlier: &str, later: &str, names: &[String]) -> Finding {
    let earlier = if earlier.is_empty() {
        "an earlier input"
    } else {
        earlier
    };
    Finding::new(
        &INPUT_OVERRIDE,
        format!(
            "{later} replaces the workloads of the same components from {earlier} whole: {}",
            names.join(", ")
        ),
        format!(
            "the later input wins; a workload is never merged with an earlier one, so {later} must carry every flag, env var and mount it needs"
        ),
        names
            .iter()
            .filter_map(|n| n.split_once(' ').map(|(_, name)| name.to_owned()))
            .collect(),
    )
}

/// [`INPUT_OVERRIDE`] for a ConfigMap or Secret: `later` sets `keys` (or, when it sets none,
/// removes `unset`) of the object `kind` `name` that `earlier` (empty: unnamed) gave.
pub(crate) fn input_override(
    kind: &str,
    name: &str,
    earlier: &str,
    later: &str,
    keys: &[String],
    unset: &[String],
) -> Finding {
    let earlier = if earlier.is_empty() {
        "an earlier input"
    } else {
        earlier
    };
    let list = |ks: &[String]| {
        ks.iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let what = match (keys.is_empty(), unset.is_empty()) {
        (false, _) | (true, true) => format!("overrides {} set by {earlier}", list(keys)),
        (true, false) => format!("removes {} set by {earlier}", list(unset)),
    };
    finding(
        &INPUT_OVERRIDE,
        format!("{kind} {name}: {later} {what}"),
        format!(
            "the later input wins; if {earlier}'s value is the one you mean, remove it from {later} or change the order"
        ),
        &[name],
    )
}

code!(
    NOTHING_DEPLOYED,
    "TLS016",
    "nothing-deployed",
    Error,
    "no Argo CD workload in the input",
    "The input holds no Deployment or StatefulSet of an Argo CD component, so there is nothing whose TLS could be predicted: a report with no component and no error would pass a CI gate while checking nothing. A ConfigMap or Secret alone is a change set, which needs the install it changes.",
    "",
    "Give the install manifests as well (`kubectl get deploy,sts,cm,secret -n argocd -o yaml`, or `kustomize build` / `helm template` output), or lay the change set over the upstream install with `--base standard` (the page: Base \"standard install\")."
);

/// [`NOTHING_DEPLOYED`]: no workload of an Argo CD component in the sources `labels` (none: the
/// input).
pub(crate) fn nothing_deployed(labels: &[&str]) -> Finding {
    let input = if labels.is_empty() {
        "the input".to_owned()
    } else {
        labels.join(", ")
    };
    finding(
        &NOTHING_DEPLOYED,
        format!(
            "no Deployment or StatefulSet of an Argo CD component in {input}: nothing is deployed, so nothing was checked"
        ),
        "for a change set (ConfigMaps, Secrets), lay it over the upstream install with `--base standard` (the page: Base \"standard install\"); otherwise give the install manifests too",
        &[],
    )
}

code!(
    DEX_CONFIG_FATAL,
    "TLS020",
    "dex-config-malformed",
    Error,
    "malformed `dex.config`: Dex and argocd-server exit",
    "When Dex counts as configured (argocd-cm `url` and a non-empty `dex.config` map), the Dex wrapper and argocd-server both generate Dex's configuration at startup. Without a `connectors` list, with a connector that is not a map, or with a connector that needs a redirect URI (oidc, saml, github, …) but has no `config` map, that fails with `malformed Dex configuration found`, and both pass the error to `errors.CheckError`: neither starts.",
    "reference §0.0 item 11, §5.2; util/dex/config.go",
    "Give `dex.config` a `connectors` list whose entries are maps with a `type`, and a `config` map for the connector types that need a redirect URI."
);

/// [`DEX_CONFIG_FATAL`]: argocd-cm `dex.config` is malformed; `error` is what both processes log.
pub(crate) fn dex_config_fatal(error: &str) -> Finding {
    finding(
        &DEX_CONFIG_FATAL,
        format!("argocd-dex-server exits at startup, and so does argocd-server: {error}"),
        "give argocd-cm `dex.config` a `connectors` list of maps, each with a `type`, and a `config` map for connectors that need a redirect URI (oidc, saml, github, …)",
        &["argocd-dex-server", "argocd-server"],
    )
}
