//! The one Argo CD version type, how version text and image tags are read, and the behaviour
//! switches a version implies (reference §12). The standard installs (`crate::model::standard`)
//! and the resolver use this same type.
//!
//! Image tags: `latest` is the development branch (HEAD, `3.6.0-dev`) and `stable` the newest
//! release (3.5.1). Upstream at HEAD `37ee0097cf85`, `.github/workflows/image.yaml` pushes
//! `quay.io/argoproj/argocd:latest` on every push to `master`, `manifests/base/kustomization.yaml`
//! pins `newTag: latest` (its `VERSION` file says `3.6.0`), and the release workflow moves the
//! `stable` tag to each newest release.

use core::fmt;

use serde::Serialize;

use super::releases::{RELEASES, Release};

/// An Argo CD version the planner can model: v2.4.0 … v3.5.x and the 3.6 development line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArgoVersion {
    major: u16,
    minor: u16,
    patch: u16,
    /// The unreleased development line (HEAD, `3.6.0-dev`); its image tag is `latest`.
    dev: bool,
}

/// The oldest version modelled.
pub(crate) const OLDEST: ArgoVersion = ArgoVersion {
    major: 2,
    minor: 4,
    patch: 0,
    dev: false,
};
/// The development line (HEAD at commit `37ee0097cf85`).
pub(crate) const HEAD: ArgoVersion = ArgoVersion {
    major: 3,
    minor: 6,
    patch: 0,
    dev: true,
};
/// The newest release modelled, the default when nothing says otherwise.
pub(crate) const NEWEST_RELEASE: ArgoVersion = ArgoVersion {
    major: 3,
    minor: 5,
    patch: 1,
    dev: false,
};

/// HEAD's toolchain (reference §0.1): Dockerfile `golang:1.26.6`, Dex v2.45.1. Not a release, so
/// not in `argocd-releases.tsv`.
const HEAD_RELEASE: Release = Release {
    version: (3, 6, 0),
    go_toolchain: "1.26.6",
    default_ciphers: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    dex_image: "v2.45.1",
};

impl ArgoVersion {
    /// Parses `3.5.1`, `v3.5.1`, `3.5` (= `3.5.0`), `3.6.0-dev`, `v3.6.0-rc1` (= its release),
    /// the image tags `latest` (the development branch, HEAD) and `stable` (the newest release),
    /// `head`/`master`/`main` (HEAD), or an image reference such as
    /// `quay.io/argoproj/argocd:v3.5.1` (the tag is used; a digest-only reference gives `None`).
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        let t = match t.rsplit_once(':') {
            Some((repo, tag)) if repo.contains('/') || repo.contains("argocd") => tag,
            _ => t,
        };
        match t.to_ascii_lowercase().as_str() {
            "latest" | "head" | "master" | "main" => return Some(HEAD),
            "stable" => return Some(NEWEST_RELEASE),
            _ => {}
        }
        let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
        let (core, pre) = match t.split_once(['-', '+']) {
            Some((c, p)) => (c, Some(p)),
            None => (t, None),
        };
        let mut parts = core.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        let patch = parts.next().map_or(Some(0), |p| p.parse().ok())?;
        if parts.next().is_some() {
            return None;
        }
        let dev = pre.is_some_and(|p| p.starts_with("dev") || p.starts_with("snapshot"));
        let v = Self {
            major,
            minor,
            patch,
            dev,
        };
        Some(v)
    }

    /// Whether the planner models this version (v2.4 … 3.6-dev).
    pub fn is_modelled(self) -> bool {
        self >= OLDEST && (self.major, self.minor) <= (3, 6)
    }

    /// `(major, minor, patch)`, without the development marker.
    pub(crate) fn triple(self) -> (u16, u16, u16) {
        (self.major, self.minor, self.patch)
    }

    /// The unreleased development line (image tag `latest`).
    pub(crate) fn is_dev(self) -> bool {
        self.dev
    }

    /// The Dex image tag the install manifest of this version pins (e.g. `v2.45.0`): the
    /// release's, else the newest release's before it, HEAD's for the 3.6 line.
    pub(crate) fn dex_image_tag(self) -> &'static str {
        self.release().0.dex_image
    }

    fn at_least(self, major: u16, minor: u16, patch: u16) -> bool {
        (self.major, self.minor, self.patch) >= (major, minor, patch)
    }

    /// The release data that applies: the exact tag, else the newest release before this version
    /// (HEAD's data for the 3.6 line).
    pub(crate) fn release(self) -> (Release, bool) {
        if (self.major, self.minor) >= (3, 6) {
            return (HEAD_RELEASE, self == HEAD);
        }
        let key = (self.major, self.minor, self.patch);
        if let Some(r) = RELEASES.iter().find(|r| r.version == key) {
            return (*r, true);
        }
        let nearest = RELEASES
            .iter()
            .rev()
            .find(|r| r.version <= key)
            .or(RELEASES.first());
        (nearest.copied().unwrap_or(HEAD_RELEASE), false)
    }

    /// Go toolchain `(minor, patch)` of Go 1.x the binary is built with.
    pub(crate) fn go_minor(self) -> u32 {
        let (r, _) = self.release();
        r.go_toolchain
            .split('.')
            .nth(1)
            .and_then(|m| m.parse().ok())
            .unwrap_or(26)
    }

    /// The generation of Go's PEM and private-key reading the release's toolchain has.
    pub(crate) fn go_tls(self) -> crate::go::version::GoTlsVersion {
        let (r, _) = self.release();
        crate::go::version::GoTlsVersion::from_go_version(&format!("go{}", r.go_toolchain))
    }

    /// The generation of Go's chain verification the release's toolchain has (its patch
    /// decides within Go 1.24 and 1.25: the CVE-2025-61727 fix).
    pub(crate) fn go_x509(self) -> crate::go::version::GoX509Version {
        let (r, _) = self.release();
        crate::go::version::GoX509Version::from_go_version(&format!("go{}", r.go_toolchain))
    }

    /// Go ≥ 1.22 rejects `TLS_RSA_*`/3DES names in `--tlsciphers` (Argo ≥ 2.12).
    pub(crate) fn go_rejects_rsa_kex_names(self) -> bool {
        self.go_minor() >= 22
    }

    /// argocd-server advertises ALPN `http/1.1`, `h2` (≥ 2.14.0; none before).
    pub(crate) fn server_alpn(self) -> bool {
        self.at_least(2, 14, 0)
    }

    /// Dex serves HTTPS and the Dex TLS flags exist (≥ 2.5.0).
    pub(crate) fn dex_tls(self) -> bool {
        self.at_least(2, 5, 0)
    }

    /// argocd-server reads its certificate per handshake (≥ 2.7.0; v2.6.15 has the backport,
    /// v2.6.0 does not; patches in between are not known). `None` = not known.
    pub(crate) fn certificate_per_handshake(self) -> Option<bool> {
        if self.at_least(2, 7, 0) || (self.major == 2 && self.minor == 6 && self.patch >= 15) {
            Some(true)
        } else if self.major == 2 && self.minor == 6 && self.patch > 0 {
            None
        } else {
            Some(false)
        }
    }

    /// repo-server mTLS, the clients' CA-path and client-certificate flags, the label filter on
    /// settings reloads, and the `--client-ca-path` regression (#29661): ≥ 3.5.0.
    pub(crate) fn v3_5(self) -> bool {
        self.at_least(3, 5, 0)
    }
}

/// The versions a form offers, newest first: the development line, then the newest modelled
/// patch of every minor line from the releases table (3.5.1, 3.4.x, …, 2.4.x).
pub fn offered_versions() -> Vec<String> {
    let mut out = vec![HEAD.to_string()];
    let mut last_minor = None;
    for r in RELEASES.iter().rev() {
        let (major, minor, patch) = r.version;
        if (major, minor, patch) < (OLDEST.major, OLDEST.minor, OLDEST.patch) {
            break;
        }
        if last_minor != Some((major, minor)) {
            last_minor = Some((major, minor));
            out.push(format!("{major}.{minor}.{patch}"));
        }
    }
    out
}

impl fmt::Display for ArgoVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if self.dev {
            f.write_str("-dev")?;
        }
        Ok(())
    }
}

impl Serialize for ArgoVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_versions_and_image_tags() {
        const CASES: &[(&str, Option<&str>)] = &[
            ("3.5.1", Some("3.5.1")),
            ("v2.4.28", Some("2.4.28")),
            ("quay.io/argoproj/argocd:v3.5.1", Some("3.5.1")),
            ("argoproj/argocd:v2.14.21", Some("2.14.21")),
            ("3.6.0-dev", Some("3.6.0-dev")),
            ("v3.6.0-rc1", Some("3.6.0")),
            ("V3.5.1", Some("3.5.1")),
            ("latest", Some("3.6.0-dev")),
            ("quay.io/argoproj/argocd:latest", Some("3.6.0-dev")),
            ("HEAD", Some("3.6.0-dev")),
            ("stable", Some("3.5.1")),
            ("3.5", Some("3.5.0")),
            ("banana", None),
            ("3.x.1", None),
            ("", None),
        ];
        for (text, want) in CASES {
            assert_eq!(
                ArgoVersion::parse(text).map(|v| v.to_string()).as_deref(),
                *want,
                "{text}"
            );
        }
    }

    #[test]
    fn gates_follow_the_reference_timeline() {
        let v = |s: &str| ArgoVersion::parse(s).unwrap();
        assert!(!v("2.11.14").go_rejects_rsa_kex_names());
        assert!(v("2.12.0").go_rejects_rsa_kex_names());
        assert!(!v("2.13.9").server_alpn());
        assert!(v("2.14.0").server_alpn());
        assert!(!v("2.4.28").dex_tls());
        assert!(v("2.5.0").dex_tls());
        assert_eq!(v("2.6.0").certificate_per_handshake(), Some(false));
        assert_eq!(v("2.6.7").certificate_per_handshake(), None);
        assert_eq!(v("2.6.15").certificate_per_handshake(), Some(true));
        assert!(!v("3.4.7").v3_5());
        assert!(v("3.5.0").v3_5());
    }

    /// `latest` is the image the upstream `master` branch publishes (the development line),
    /// `stable` the newest release; the two meanings must not be mixed up again.
    #[test]
    fn latest_is_head_and_stable_is_the_newest_release() {
        assert_eq!(ArgoVersion::parse("latest"), Some(HEAD));
        assert!(HEAD.is_dev());
        assert_eq!(ArgoVersion::parse("stable"), Some(NEWEST_RELEASE));
        assert_eq!(
            RELEASES.last().map(|r| r.version),
            Some(NEWEST_RELEASE.triple()),
            "NEWEST_RELEASE is the last row of argocd-releases.tsv"
        );
    }

    #[test]
    fn dex_tags_come_from_the_releases_table() {
        let v = |s: &str| ArgoVersion::parse(s).unwrap();
        assert_eq!(v("2.9.3").dex_image_tag(), "v2.37.0");
        assert_eq!(v("2.6.7").dex_image_tag(), "v2.35.3");
        assert_eq!(v("3.5.1").dex_image_tag(), "v2.45.0");
        assert_eq!(v("3.6.0-dev").dex_image_tag(), "v2.45.1");
    }

    #[test]
    fn offered_versions_are_the_newest_patch_of_each_line() {
        // The newest tag of each minor line ≥ 2.4 in `shared/reference/argocd-releases.tsv`,
        // read off that file (the page's hand-written list had fallen behind: 3.3.9, 3.2.9, …).
        let want = [
            "3.6.0-dev",
            "3.5.1",
            "3.4.7",
            "3.3.14",
            "3.2.12",
            "3.1.16",
            "3.0.23",
            "2.14.21",
            "2.13.9",
            "2.12.13",
            "2.11.14",
            "2.10.20",
            "2.9.22",
            "2.8.21",
            "2.7.18",
            "2.6.15",
            "2.5.22",
            "2.4.28",
        ];
        assert_eq!(offered_versions(), want);
    }

    #[test]
    fn release_data_falls_back_to_the_nearest_older_tag() {
        let (r, exact) = ArgoVersion::parse("3.5.2").unwrap().release();
        assert!(!exact);
        assert_eq!(r.version, (3, 5, 1));
        let (r, exact) = ArgoVersion::parse("2.11.14").unwrap().release();
        assert!(exact);
        assert_eq!(r.go_toolchain, "1.21.10");
    }
}
