//! What a component's container sees on disk: its Secret volumes, projected from the Secrets in
//! the input, with Kubernetes' rules for `items`, `optional` and `subPath`.

use crate::model::{Installation, SecretMount, Workload};

/// A file as a container sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum File<'a> {
    /// Nothing at that path (no mount, Secret absent and optional, key absent).
    Missing,
    /// The file exists with this content, projected from `secret`/`key`.
    Present {
        /// The content.
        content: &'a str,
        /// The Secret it comes from.
        secret: &'a str,
        /// The Secret key.
        key: String,
    },
}

impl<'a> File<'a> {
    pub(crate) fn content(&self) -> Option<&'a str> {
        match self {
            Self::Present { content, .. } => Some(*content),
            Self::Missing => None,
        }
    }

    /// `secret/<name>[<key>]`, for reports.
    pub(crate) fn origin(&self) -> Option<String> {
        match self {
            Self::Present { secret, key, .. } => Some(format!("secret/{secret}[{key}]")),
            Self::Missing => None,
        }
    }
}

/// The mounted files of one workload.
pub(crate) struct Files<'a> {
    workload: &'a Workload,
    install: &'a Installation,
}

/// A non-optional Secret volume whose Secret is missing: the pod never starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MissingVolume {
    pub(crate) volume: String,
    pub(crate) secret: String,
}

impl<'a> Files<'a> {
    pub(crate) fn new(workload: &'a Workload, install: &'a Installation) -> Self {
        Self { workload, install }
    }

    /// Mounts whose Secret is absent although the volume is not optional.
    pub(crate) fn missing_required(&self) -> Vec<MissingVolume> {
        self.workload
            .mounts
            .iter()
            .filter(|m| !m.optional && self.install.secret(&m.secret).is_none())
            .map(|m| MissingVolume {
                volume: m.volume.clone(),
                secret: m.secret.clone(),
            })
            .collect()
    }

    /// Reads `path` (absolute, normalised `/a/b/c`).
    pub(crate) fn read(&self, path: &str) -> File<'a> {
        // Later mounts shadow earlier ones at the same path; the most specific mount wins.
        let mut best: Option<(&'a SecretMount, String)> = None;
        for m in &self.workload.mounts {
            let base = m.mount_path.trim_end_matches('/');
            if m.sub_path.is_some() {
                if path == base {
                    best = Some((m, String::new()));
                }
                continue;
            }
            if let Some(rest) = path.strip_prefix(base).and_then(|r| r.strip_prefix('/'))
                && best
                    .as_ref()
                    .is_none_or(|(b, _)| b.mount_path.len() <= m.mount_path.len())
            {
                best = Some((m, rest.to_string()));
            }
        }
        let Some((mount, rel)) = best else {
            return File::Missing;
        };
        let Some(secret) = self.install.secret(&mount.secret) else {
            return File::Missing;
        };
        // subPath names a file of the projected volume.
        let key = project(mount, mount.sub_path.as_deref().unwrap_or(&rel));
        let Some(key) = key else { return File::Missing };
        match secret.data.get_key_value(&key) {
            Some((k, v)) => File::Present {
                content: v.as_str(),
                secret: secret.name.as_str(),
                key: k.clone(),
            },
            None => File::Missing,
        }
    }
}

/// The Secret key that appears as file `name` in the volume (without `items`, every key is a
/// file of its own name).
fn project(mount: &SecretMount, name: &str) -> Option<String> {
    match &mount.items {
        Some(items) => items.iter().find(|i| i.path == name).map(|i| i.key.clone()),
        None => Some(name.to_string()),
    }
}
