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
