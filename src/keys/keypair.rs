//! Go's `tls.X509KeyPair`: does a certificate PEM and a key PEM make a usable TLS key pair?
//!
//! Argo CD loads every TLS certificate it serves (`argocd-server-tls`, `argocd-secret`,
//! `argocd-repo-server-tls`, `argocd-dex-server-tls`, Redis client certificates) with this
//! function, so its verdict and its error text are what an operator sees in the logs. The steps,
//! the order of the checks and the texts follow Go 1.27's `crypto/tls/tls.go`:
//!
//! 1. every PEM block of the certificate input (Go's `pem.Decode` loop); `CERTIFICATE` blocks are
//!    kept, the types of the others remembered;
//! 2. the first block of the key input whose type is `PRIVATE KEY` or ends in ` PRIVATE KEY`;
//! 3. `x509.ParseCertificate` of the FIRST certificate only;
//! 4. `tls.parsePrivateKey` (PKCS#8, PKCS#1, SEC1);
//! 5. the key's type and value against the leaf's public key.

use serde::Serialize;

use crate::go::pem::go_pem_blocks_as;
use crate::go::version::GoTlsVersion;
use crate::keys::private_key::{KeyErrorKind, PrivateKey, PrivateKeyFormat, parse_private_key_as};
use crate::x509::parse::{Certificate, PublicKey, parse_certificate};

/// What a good key pair holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct KeyPairInfo {
    /// Number of `CERTIFICATE` blocks in the certificate input: the leaf plus the chain Go serves.
    pub certificate_count: usize,
    /// The leaf's subject as Go prints it.
    pub leaf_subject: String,
    /// The leaf's public key, e.g. `RSA-2048`, `ECDSA-P-256`, `Ed25519`.
    pub leaf_key_type: String,
    /// The private key's type in the same form (it matches the leaf: this is a good pair).
    pub key_type: String,
    /// The encoding of the private key.
    pub key_format: PrivateKeyFormat,
    /// Types of the non-`CERTIFICATE` blocks Go skipped in the certificate input.
    pub skipped_certificate_blocks: Vec<String>,
    /// Types of the blocks Go skipped in the key input before it found the key.
    pub skipped_key_blocks: Vec<String>,
}

/// Which check of `tls.X509KeyPair` failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum KeyPairErrorKind {
    /// The certificate input has no PEM block at all.
    NoCertificatePem,
    /// The certificate input has PEM blocks, but no `CERTIFICATE`.
    NoCertificateBlock,
    /// The certificate input holds only a private key: the inputs look swapped.
    InputsSwitched,
    /// The key input has no PEM block at all.
    NoKeyPem,
    /// The key input holds only a certificate.
    CertificateInsteadOfKey,
    /// The key input has PEM blocks, but none is a private key.
    NoKeyBlock,
    /// The first certificate does not parse (`x509.ParseCertificate`).
    InvalidCertificate,
    /// The key block is encrypted; Go cannot use it.
    EncryptedKey,
    /// The key is of an algorithm TLS cannot use.
    UnsupportedKey,
    /// The key block does not parse as a private key.
    InvalidKey,
    /// The key's algorithm differs from the leaf's.
    KeyTypeMismatch,
    /// The key is not the leaf's key.
    KeyMismatch,
    /// The leaf's public key algorithm is one Go does not know.
    UnknownPublicKeyAlgorithm,
}

/// A failed `tls.X509KeyPair`, with Go's error text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct KeyPairError {
    /// Which check failed.
    pub kind: KeyPairErrorKind,
    /// Go's error text, byte for byte.
    pub message: String,
    /// A more specific reason than Go's text gives, when there is one (why the key did not
    /// parse, under Go versions that do not say).
    pub detail: Option<String>,
}

impl core::fmt::Display for KeyPairError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for KeyPairError {}

fn fail(kind: KeyPairErrorKind, message: impl Into<String>) -> KeyPairError {
    KeyPairError {
        kind,
        message: message.into(),
        detail: None,
    }
}

/// Go's `%v` of a `[]string`.
fn go_list(items: &[String]) -> String {
    format!("[{}]", items.join(" "))
}

/// A checked key pair: the parsed leaf and key, for callers that go on to use them (signing with
/// an imported CA).
pub(crate) struct KeyPair {
    pub(crate) leaf: Certificate,
    pub(crate) key: PrivateKey,
    pub(crate) info: KeyPairInfo,
}

/// Go's `tls.X509KeyPair(certPEM, keyPEM)` as Argo CD's Go (1.26) runs it: `Ok` exactly when Go
/// accepts the pair.
///
/// # Errors
/// A [`KeyPairError`] whose `message` is Go's error text.
pub fn check_key_pair(cert_pem: &[u8], key_pem: &[u8]) -> Result<KeyPairInfo, KeyPairError> {
    check_key_pair_as(cert_pem, key_pem, GoTlsVersion::default())
}

/// Go's `tls.X509KeyPair` of the given Go release (they differ only in how private keys are
/// parsed and how that failure is worded).
///
/// # Errors
/// A [`KeyPairError`] whose `message` is that Go's error text.
pub fn check_key_pair_as(
    cert_pem: &[u8],
    key_pem: &[u8],
    go: GoTlsVersion,
) -> Result<KeyPairInfo, KeyPairError> {
    load_key_pair(cert_pem, key_pem, go).map(|p| p.info)
}

pub(crate) fn load_key_pair(
    cert_pem: &[u8],
    key_pem: &[u8],
    go: GoTlsVersion,
) -> Result<KeyPair, KeyPairError> {
    use KeyPairErrorKind as K;
    let mut certs = Vec::new();
    let mut skipped = Vec::new();
    for block in go_pem_blocks_as(cert_pem, go) {
        if block.block_type == b"CERTIFICATE" {
            certs.push(block.bytes);
        } else {
            skipped.push(block.type_lossy());
        }
    }
    let Some(first) = certs.first() else {
        if skipped.is_empty() {
            return Err(fail(
                K::NoCertificatePem,
                "tls: failed to find any PEM data in certificate input",
            ));
        }
        if let [only] = skipped.as_slice()
            && only.ends_with("PRIVATE KEY")
        {
            return Err(fail(
                K::InputsSwitched,
                "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched",
            ));
        }
        return Err(fail(
            K::NoCertificateBlock,
            format!(
                "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: {}",
                go_list(&skipped)
            ),
        ));
    };

    let mut skipped_key = Vec::new();
    let mut key_block = None;
    for block in go_pem_blocks_as(key_pem, go) {
        let t = &block.block_type;
        if t == b"PRIVATE KEY" || t.ends_with(b" PRIVATE KEY") {
            key_block = Some(block);
            break;
        }
        skipped_key.push(block.type_lossy());
    }
    let Some(key_block) = key_block else {
        if skipped_key.is_empty() {
            return Err(fail(
                K::NoKeyPem,
                "tls: failed to find any PEM data in key input",
            ));
        }
        if skipped_key == ["CERTIFICATE"] {
            return Err(fail(
                K::CertificateInsteadOfKey,
                "tls: found a certificate rather than a key in the PEM for the private key",
            ));
        }
        return Err(fail(
            K::NoKeyBlock,
            format!(
                "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: {}",
                go_list(&skipped_key)
            ),
        ));
    };

    let leaf = parse_certificate(first).map_err(|e| fail(K::InvalidCertificate, e.message))?;

    let encrypted = key_block.is_encrypted() || key_block.block_type == b"ENCRYPTED PRIVATE KEY";
    let key = parse_private_key_as(&key_block.bytes, go).map_err(|e| {
        let kind = match e.kind {
            _ if encrypted => K::EncryptedKey,
            KeyErrorKind::Encrypted => K::EncryptedKey,
            KeyErrorKind::UnsupportedAlgorithm => K::UnsupportedKey,
            KeyErrorKind::Malformed => K::InvalidKey,
        };
        KeyPairError {
            kind,
            message: e.message,
            detail: e.detail,
        }
    })?;

    let same_type = matches!(
        (&leaf.public_key, key.algorithm_name()),
        (PublicKey::Rsa { .. }, "RSA")
            | (PublicKey::Ecdsa { .. }, "ECDSA")
            | (PublicKey::Ed25519(_), "Ed25519")
    );
    if matches!(leaf.public_key, PublicKey::Unknown { .. }) {
        return Err(fail(
            K::UnknownPublicKeyAlgorithm,
            "tls: unknown public key algorithm",
        ));
    }
    if !same_type {
        return Err(fail(
            K::KeyTypeMismatch,
            "tls: private key type does not match public key type",
        ));
    }
    if !key.matches_as(&leaf.public_key, go) {
        return Err(fail(
            K::KeyMismatch,
            "tls: private key does not match public key",
        ));
    }
    let leaf_key_type = match &leaf.public_key {
        PublicKey::Rsa { .. } => format!("RSA-{}", leaf.public_key.bits()),
        PublicKey::Ecdsa { curve, .. } => format!("ECDSA-{curve}"),
        other => other.algorithm_name().to_string(),
    };
    let info = KeyPairInfo {
        certificate_count: certs.len(),
        leaf_subject: leaf.subject.go_string(),
        leaf_key_type,
        key_type: key.key_type(),
        key_format: key.format(),
        skipped_certificate_blocks: skipped,
        skipped_key_blocks: skipped_key,
    };
    Ok(KeyPair { leaf, key, info })
}
