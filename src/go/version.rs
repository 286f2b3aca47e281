//! Which Go release a port mirrors, where the releases differ (PEM decoding, private-key parsing,
//! key-pair matching). Here, below both [`super::pem`] and `crate::keys`, so both use it.

use serde::{Deserialize, Serialize};

/// Which Go release's `crypto/tls` private-key reading to mirror: the releases differ in the
/// order of the parsers and in the error text.
///
/// Every Argo CD release is built with Go 1.26 or older (see `argocd-releases.tsv`), so
/// [`GoTlsVersion::Go126`] is the default; Go 1.27 is kept because it is the toolchain on the
/// development machines. The resolver picks the generation of the toolchain the release was
/// built with; the key tests run each generation on a Go of it (1.21, 1.24, 1.27).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum GoTlsVersion {
    /// Go 1.21 – 1.23 (Argo CD 2.x): like [`GoTlsVersion::Go126`], but `pem.Decode` scans from
    /// the BEGIN line, PKCS#1 CRT values are ignored and RSA keys get the old, shorter
    /// `rsa.Validate`, SEC1 scalars are only checked against the group order, and the key pair
    /// matches on the RSA modulus alone (not the exponent) and the ECDSA point alone.
    Go123,
    /// Go 1.24 – 1.25: `pem.Decode` and the PKCS#1 CRT checks of Go 1.26, except that `d` is not
    /// compared with the CRT exponents (`crypto/internal/fips140/rsa`'s `checkPrivateKey`;
    /// Go 1.26 added `d does not match dP`/`dQ`); SEC1 parsing (`crypto/x509/sec1.go`) and the
    /// key-pair match (`crypto/tls/tls.go`) are still Go 1.23's.
    Go124,
    /// Go 1.26 `tls.parsePrivateKey`: PKCS#1, then PKCS#8, then SEC1 (the order since Go 1.21);
    /// a key none of them reads is `tls: failed to parse private key`, without detail.
    #[default]
    Go126,
    /// Go 1.27: PKCS#8 first, and the PKCS#8 parser's error is appended
    /// (`tls: failed to parse private key: <detail>`).
    Go127,
}

impl GoTlsVersion {
    /// Go ≤ 1.25's `parseECPrivateKey` (`crypto/x509/sec1.go`): the scalar compared with the group
    /// order first, zero accepted; and `X509KeyPair`'s match on the RSA modulus alone and the
    /// ECDSA point alone. Go 1.26 moved both to `ecdsa.ParseRawPrivateKey` and `PublicKey.Equal`.
    pub(crate) fn legacy_sec1(self) -> bool {
        matches!(self, Self::Go123 | Self::Go124)
    }

    /// The version whose behaviour a Go toolchain has, from `runtime.Version()` text such as
    /// `go1.26.4` (1.23 and older: `Go123`; 1.24 and 1.25: `Go124`; 1.27 and newer: `Go127`;
    /// unreadable: the default).
    pub fn from_go_version(version: &str) -> Self {
        let minor = version
            .strip_prefix("go1.")
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|m| m.parse::<u32>().ok());
        match minor {
            Some(m) if m >= 27 => Self::Go127,
            Some(m) if m <= 23 => Self::Go123,
            Some(24 | 25) => Self::Go124,
            _ => Self::Go126,
        }
    }
}

/// Which Go release's chain verification (`crypto/x509`'s `Certificate.Verify`) to mirror. The
/// releases differ in how and when name constraints are checked (and so in which violation is
/// reported), in the signature-check budget, in the policy and key-usage filtering of the built
/// chains, and in their texts; one patch release changed a verdict (the CVE-2025-61727 fix).
/// Measured by `tests/limbo_generations.rs` against Go 1.21, 1.22, 1.23, 1.24, 1.25, 1.26 and 1.27.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum GoX509Version {
    /// Go 1.16 – 1.22, ported from Go 1.21.13's `crypto/x509/verify.go` (measured on 1.21.13 and
    /// 1.22.10; 1.16 – 1.20 are not): name constraints checked while the chain is built
    /// (excluded before permitted, every SAN in encoding order), the old `domainToReverseLabels`
    /// (a leading empty label passes), a bare `*` a valid host pattern, URI hosts parsed with
    /// `net.ParseIP` (no zones), no policy validation, no wildcard rule for excluded subtrees.
    Go121,
    /// Go 1.23 (Go 1.23.9's `verify.go`, measured on 1.23.9): [`GoX509Version::Go121`] with
    /// Go 1.23's `domainToReverseLabels` (a leading empty label is refused), no bare `*` host
    /// pattern, and URI hosts parsed with `netip.ParseAddr`.
    Go123,
    /// Go 1.24.0 – 1.24.10 and 1.25.0 – 1.25.4: [`GoX509Version::Go124Patched`] without the
    /// CVE-2025-61727 fix (a wildcard SAN is not matched against an excluded subdomain).
    Go124,
    /// Go 1.24.11+ and 1.25.5+, ported from Go 1.25.5's `crypto/x509/verify.go` (Go 1.24.11's is
    /// the same file): name constraints checked while the chain is built, policy validation,
    /// the signature budget counted after the `alreadyInChain` skip and not ending the search.
    Go124Patched,
    /// Go 1.26: chains built first, name constraints checked afterwards on sorted sets
    /// (`crypto/x509/constraints.go`); `parseRFC2821Mailbox` still checks the domain with
    /// `domainToReverseLabels`, and no SPKI is distrusted.
    #[default]
    Go126,
    /// Go 1.27 (the port's base): like Go 1.26, with `domainNameValid` for mailbox domains, the
    /// distrusted-SPKI list, and IP constraints masked before they are searched.
    Go127,
}

impl GoX509Version {
    /// The version whose verifier a Go toolchain has, from `runtime.Version()` text such as
    /// `go1.24.11` (unreadable: the default). The patch decides only within 1.24 and 1.25.
    pub fn from_go_version(version: &str) -> Self {
        let mut parts = version
            .strip_prefix("go")
            .unwrap_or(version)
            .split('.')
            .map(|p| {
                p.split(|c: char| !c.is_ascii_digit())
                    .next()
                    .and_then(|d| d.parse::<u32>().ok())
            });
        let (Some(Some(1)), Some(Some(minor))) = (parts.next(), parts.next()) else {
            return Self::default();
        };
        let patch = parts.next().flatten().unwrap_or(0);
        match minor {
            ..=22 => Self::Go121,
            23 => Self::Go123,
            24 if patch >= 11 => Self::Go124Patched,
            25 if patch >= 5 => Self::Go124Patched,
            24 | 25 => Self::Go124,
            26 => Self::Go126,
            _ => Self::Go127,
        }
    }

    /// Go ≤ 1.25: name constraints are checked in `isValid`, while the chain is built.
    pub(crate) fn constraints_while_building(self) -> bool {
        matches!(
            self,
            Self::Go121 | Self::Go123 | Self::Go124 | Self::Go124Patched
        )
    }

    /// Go ≤ 1.23: Go 1.21.13's `verify.go` with, from 1.23, its three changes
    /// ([`GoX509Version::Go123`]).
    pub(crate) fn at_most_123(self) -> bool {
        matches!(self, Self::Go121 | Self::Go123)
    }
}

#[cfg(test)]
mod tests {
    use super::GoX509Version;

    #[test]
    fn x509_version_follows_the_toolchain_patch() {
        for (v, want) in [
            ("go1.16.2", GoX509Version::Go121),
            ("go1.21.13", GoX509Version::Go121),
            ("go1.22.10", GoX509Version::Go121),
            ("go1.23.12", GoX509Version::Go123),
            ("go1.24.3", GoX509Version::Go124),
            ("go1.24.10", GoX509Version::Go124),
            ("go1.24.11", GoX509Version::Go124Patched),
            ("go1.25.4", GoX509Version::Go124),
            ("go1.25.5", GoX509Version::Go124Patched),
            ("go1.25", GoX509Version::Go124),
            ("go1.26.0", GoX509Version::Go126),
            ("go1.26.4", GoX509Version::Go126),
            ("go1.27.3", GoX509Version::Go127),
            ("1.24.6", GoX509Version::Go124),
            ("devel", GoX509Version::Go126),
        ] {
            assert_eq!(GoX509Version::from_go_version(v), want, "{v}");
        }
    }
}
