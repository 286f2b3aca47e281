//! Whether Dex runs, and whether its configuration lets Dex and argocd-server start.
//!
//! Mirrors `ArgoCDSettings.IsDexConfigured` (`util/settings/settings.go`, v3.5.1) and the checks
//! of `GenerateDexConfigYAML` (`util/dex/config.go`, v2.4.28 … v3.5.1) that fail before Dex is
//! started (reference §0.0 items 8 and 11, §5.2). The Dex wrapper (`rundex`) and argocd-server
//! (`watchSettings`) both pass that function's error to `errors.CheckError`, so both exit on it.
//! Only the shape of the YAML matters here; values are never interpreted.

use crate::model::Installation;
use crate::model::manifest::tree::{Node, Value, for_each_document};

use crate::argo::ArgoVersion;

/// What argocd-cm says about Dex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DexConfig {
    /// argocd-cm is not in the input: assume Dex runs so its connection is still checked.
    Assumed,
    /// `IsDexConfigured()` is false: nothing listens on 5556/5557 and argocd-server does not
    /// proxy `/api/dex`. The reason is for the report.
    NotConfigured(&'static str),
    /// Dex runs.
    Runs,
    /// Dex counts as configured but its configuration cannot be generated: the Dex wrapper and
    /// argocd-server exit with this text.
    Fatal(String),
}

/// Go's `yaml.Unmarshal` (ghodss/yaml: YAML → JSON → `map[string]any`) of the first document:
/// `None` when it errors (not YAML, or not a mapping), else the mapping's entries.
fn as_map<'a>(root: Option<&'a Node<'a>>) -> Option<Vec<(&'a str, &'a Node<'a>)>> {
    match root {
        // An empty document is JSON `null`: a nil map, no error.
        None => Some(Vec::new()),
        Some(n) if n.target().is_null() => Some(Vec::new()),
        Some(n) if n.target().is_mapping() => Some(n.target().entries()),
        Some(_) => None,
    }
}

/// Go's `%T`-style name of what a JSON value unmarshals to, for the panic of a failed
/// `connector["type"].(string)` assertion.
fn go_type(n: Option<&Node<'_>>) -> Option<&'static str> {
    let Some(n) = n.map(Node::target) else {
        return Some("nil");
    };
    match &n.value {
        _ if n.is_null() => Some("nil"),
        _ if n.boolean().is_some() => Some("bool"),
        _ if n.is_mapping() => Some("map[string]interface {}"),
        _ if n.is_sequence() => Some("[]interface {}"),
        Value::Scalar { text, plain: true } if yaml_number(text) => Some("float64"),
        _ => None,
    }
}

/// Whether a plain scalar resolves to a number in go-yaml v2 (YAML 1.1: `12`, `-1.5`, `1e3`,
/// `0x1F`, `.inf`, `.NaN`), which ghodss/yaml turns into a JSON number (`float64`). Written out
/// rather than `str::parse::<f64>`, whose decimal-to-float tables cost the wasm about 18 KB
/// gzipped for a yes/no answer.
fn yaml_number(text: &str) -> bool {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(t, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    if let Some(hex) = t.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit() || b == b'_');
    }
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => (!a.is_empty() || !b.is_empty()) && digits(a) && digits(b),
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

/// `needsRedirectURI` (`util/dex/config.go`): the list grew in v2.8.0.
fn needs_redirect_uri(kind: &str, version: ArgoVersion) -> bool {
    matches!(
        kind,
        "oidc"
            | "saml"
            | "microsoft"
            | "linkedin"
            | "gitlab"
            | "github"
            | "bitbucket-cloud"
            | "openshift"
    ) || (matches!(kind, "gitea" | "google" | "oauth")
        && ArgoVersion::parse("2.8.0").is_some_and(|v2_8| version >= v2_8))
}

/// Reads argocd-cm's `url` and `dex.config` as Argo CD does.
pub(crate) fn dex_config(install: &Installation, version: ArgoVersion) -> DexConfig {
    let Some(cm) = install.config_map("argocd-cm") else {
        return DexConfig::Assumed;
    };
    if cm.data.get("url").is_none_or(|u| u.is_empty()) {
        return DexConfig::NotConfigured("argocd-cm has no `url`");
    }
    let text = cm.data.get("dex.config").map_or("", String::as_str);
    let mut first: Option<Node<'_>> = None;
    let parsed = for_each_document::<crate::model::manifest::tree::TreeError>(text, |root| {
        if first.is_none() {
            first = Some(root);
        }
        Ok(())
    });
    if parsed.is_err() {
        return DexConfig::NotConfigured("argocd-cm `dex.config` is not valid YAML");
    }
    let Some(entries) = as_map(first.as_ref()) else {
        return DexConfig::NotConfigured("argocd-cm `dex.config` is not a YAML map");
    };
    if entries.is_empty() {
        return DexConfig::NotConfigured("argocd-cm has no `dex.config`");
    }
    let malformed = || DexConfig::Fatal("malformed Dex configuration found".to_string());
    let Some((_, connectors)) = entries.iter().find(|(k, _)| *k == "connectors") else {
        return malformed();
    };
    let connectors = connectors.target();
    if !connectors.is_sequence() {
        return malformed();
    }
    for connector in connectors.items() {
        let connector = connector.target();
        if !connector.is_mapping() {
            return malformed();
        }
        let kind = connector.get("type");
        let kind = match kind.map(Node::target) {
            Some(k) if go_type(Some(k)).is_none() => k.scalar().unwrap_or_default(),
            other => {
                let got = go_type(other).unwrap_or("nil");
                return DexConfig::Fatal(format!(
                    "panic: interface conversion: interface {{}} is {got}, not string"
                ));
            }
        };
        if needs_redirect_uri(kind, version)
            && !connector
                .get("config")
                .is_some_and(|c| c.target().is_mapping())
        {
            return malformed();
        }
    }
    DexConfig::Runs
}

#[cfg(test)]
mod tests {
    use super::yaml_number;

    #[test]
    fn numbers_as_go_yaml_v2_resolves_them() {
        for n in [
            "1", "-12", "+3", "1.5", ".5", "1.", "1e3", "1.5E-2", "0x1F", ".inf", "-.Inf", ".NaN",
            "1_000",
        ] {
            assert!(yaml_number(n), "{n}");
        }
        for s in [
            "github", "", "-", ".", "1e", "e3", "0x", "1.2.3", "12a", "nan",
        ] {
            assert!(!yaml_number(s), "{s}");
        }
    }
}
