//! Private keys as Go's `crypto/tls` reads them: PKCS#1 RSA, PKCS#8 (RSA, ECDSA P-256/P-384/P-521,
//! Ed25519) and SEC1 EC keys. This module holds the key type and what every key can do; the
//! two halves that follow Go's files live in its children:
//!
//! - [`parse`]: [`parse_private_key_as`], Go's `tls.parsePrivateKey` and the
//!   `x509.Parse{PKCS8,PKCS1,EC}PrivateKey` it calls, per [`GoTlsVersion`];
//! - [`encode`]: writing keys (PKCS#1, PKCS#8, SEC1) and public keys (SPKI) as Go's
//!   `x509.Marshal*` functions write them, and PEM text.
//!
//! Here: [`PrivateKey`] (its RSA integers or ECDSA scalar as Go accepted them, or an Ed25519
//! key), its public half in the form of a certificate's [`PublicKey`], and the comparison of
//! the two as Go's `PublicKey.Equal` (`crypto/rsa`, `crypto/ecdsa`, `crypto/ed25519`) makes it
//! for `tls.X509KeyPair`, per Go release. RustCrypto key objects (`rsa`,
//! `p256`/`p384`/`p521`, `ed25519-dalek`) are built from the decoded values only to sign natively
//! and to hold Ed25519 keys; EC public points come from the port of Go's `crypto/ecdsa`
//! ([`ecdsa`]).
//!
//! Key material never leaves this module in text: [`PrivateKey`]'s `Debug` is hand-written and
//! redacted, and errors carry only Go's messages (which never contain key bytes).

mod encode;
mod parse;

use serde::{Deserialize, Serialize};

use crate::go::ecdsa;
use crate::go::version::GoTlsVersion;
use crate::x509::parse::{PublicKey, strip_leading_zeros};

pub(crate) use encode::{pem_encode, public_key_bits, spki_der};
pub use parse::{parse_private_key, parse_private_key_as};

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_EC: &str = "1.2.840.10045.2.1";
const OID_ED25519: &str = "1.3.101.112";
const OID_X25519: &str = "1.3.101.110";
const OID_P224: &str = "1.3.132.0.33";
const OID_P256: &str = "1.2.840.10045.3.1.7";
const OID_P384: &str = "1.3.132.0.34";
const OID_P521: &str = "1.3.132.0.35";

/// The encoding a private key was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum PrivateKeyFormat {
    /// PKCS#8 `PrivateKeyInfo` (PEM `PRIVATE KEY`).
    Pkcs8,
    /// PKCS#1 `RSAPrivateKey` (PEM `RSA PRIVATE KEY`).
    Pkcs1,
    /// SEC1 `ECPrivateKey` (PEM `EC PRIVATE KEY`).
    Sec1,
}

/// What kind of problem stopped a private key from being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyErrorKind {
    /// The PEM block is encrypted (`Proc-Type: 4,ENCRYPTED` or `ENCRYPTED PRIVATE KEY`). Go cannot
    /// use it either: `tls.X509KeyPair` fails to parse it.
    Encrypted,
    /// A well-formed key of an algorithm Go's TLS stack does not use (X25519, Ed448, P-224 here, …).
    UnsupportedAlgorithm,
    /// The bytes are not a private key in any format Go reads.
    Malformed,
}

/// A private key that cannot be used, with Go's `tls.X509KeyPair` error text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyError {
    /// The kind of problem.
    pub kind: KeyErrorKind,
    /// Go's error text, e.g. `tls: failed to parse private key`.
    pub message: String,
    /// Go's more specific reason (the PKCS#8 parser's error, which Go 1.27 appends to `message`
    /// and older Go drops), for people; `None` when `message` says it all.
    pub detail: Option<String>,
}

impl core::fmt::Display for KeyError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for KeyError {}

/// An RSA key as Go accepted it: the public half, and the private integers for signing and
/// encoding.
///
/// The `rsa` crate's key is built only when a key signs natively ([`RsaKey::signer`]): parsing and checking keys then need no `rsa` (and no second
/// big-integer library) in the wasm module.
#[derive(Clone)]
pub(crate) struct RsaKey {
    /// Modulus, big-endian without leading zeros.
    pub(crate) modulus: Vec<u8>,
    /// Public exponent.
    pub(crate) exponent: u64,
    /// `d`, `p`, `q` as big-endian bytes (the DER content octets for a parsed key).
    private: RsaPrivateParts,
}

/// The private integers of an [`RsaKey`], wiped on drop.
#[derive(Clone)]
struct RsaPrivateParts {
    /// The modulus as given with the other integers (a parsed key's content octets, which may
    /// have a leading zero).
    n: Vec<u8>,
    d: zeroize::Zeroizing<Vec<u8>>,
    p: zeroize::Zeroizing<Vec<u8>>,
    q: zeroize::Zeroizing<Vec<u8>>,
}

impl RsaKey {
    pub(crate) fn from_rsa(key: &rsa::PrivateKey) -> Option<Self> {
        use rsa::traits::{PrivateKeyParts, PublicKeyParts};
        let e = key.e().to_be_bytes();
        let n = key.n().to_be_bytes();
        let [p, q] = key.primes() else {
            return None;
        };
        let bytes = |x: &rsa::BoxedUint| zeroize::Zeroizing::new(x.to_be_bytes().to_vec());
        Some(Self {
            modulus: strip_leading_zeros(&n).to_vec(),
            exponent: strip_leading_zeros(&e)
                .iter()
                .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)),
            private: RsaPrivateParts {
                n: n.to_vec(),
                d: bytes(key.d()),
                p: bytes(p),
                q: bytes(q),
            },
        })
    }

    /// The `rsa` crate's key, to sign with; `None` when that crate refuses the key
    /// (it has size limits Go does not have, so a key it refuses can still be checked against
    /// a certificate).
    pub(crate) fn signer(&self) -> Option<rsa::PrivateKey> {
        let uint = |b: &[u8]| {
            let bits = u32::try_from(b.len()).ok()?.checked_mul(8)?;
            rsa::BoxedUint::from_be_slice(b, bits).ok()
        };
        let k = &self.private;
        let e = uint(&self.exponent.to_be_bytes())?;
        rsa::PrivateKey::from_components(
            uint(&k.n)?,
            e,
            uint(&k.d)?,
            vec![uint(&k.p)?, uint(&k.q)?],
        )
        .ok()
    }
}

/// An ECDSA private scalar: big-endian, the curve's size, in `[1, n − 1]` (checked when parsed
/// or generated), wiped on drop. The core derives the public point with [`ecdsa::public_point`]
/// (RustCrypto's constant-time multiplication); the RustCrypto signing key is built only to sign
/// natively, like [`RsaKey::signer`].
#[derive(Clone)]
pub(crate) struct EcScalar(zeroize::Zeroizing<Vec<u8>>);

impl EcScalar {
    /// The scalar of a RustCrypto key (of any of the three curves).
    pub(crate) fn from_bytes(bytes: &[u8]) -> Self {
        Self(zeroize::Zeroizing::new(bytes.to_vec()))
    }

    /// The `p256` key, to sign with.
    pub(crate) fn p256(&self) -> Option<p256::SecretKey> {
        p256::SecretKey::from_slice(&self.0).ok()
    }

    /// The `p384` key, to sign with.
    pub(crate) fn p384(&self) -> Option<p384::SecretKey> {
        p384::SecretKey::from_slice(&self.0).ok()
    }

    /// The `p521` key, to sign with.
    pub(crate) fn p521(&self) -> Option<p521::SecretKey> {
        p521::SecretKey::from_slice(&self.0).ok()
    }

    /// The uncompressed public point on `curve` (empty if the scalar were out of range, which
    /// parsing and generation rule out: it then matches nothing, like [`Inner::EcZero`]).
    fn public_point(&self, curve: &str) -> Vec<u8> {
        ecdsa::public_point(curve, &self.0).unwrap_or_default()
    }
}

#[derive(Clone)]
pub(crate) enum Inner {
    Rsa(Box<RsaKey>),
    P256(EcScalar),
    P384(EcScalar),
    P521(EcScalar),
    Ed25519(Box<ed25519_dalek::SigningKey>),
    /// A zero ECDSA scalar that Go ≤ 1.25 accepts (on the named curve); it matches nothing.
    EcZero(&'static str),
}

/// A parsed private key. Its `Debug` output shows only the key type.
#[derive(Clone)]
pub struct PrivateKey {
    pub(crate) inner: Inner,
    format: PrivateKeyFormat,
}

impl core::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PrivateKey")
            .field("type", &self.key_type())
            .field("format", &self.format)
            .field("material", &"<redacted>")
            .finish()
    }
}

impl PrivateKey {
    pub(crate) fn new(inner: Inner, format: PrivateKeyFormat) -> Self {
        Self { inner, format }
    }

    /// The same key, marked as read from a PKCS#8 wrapper.
    fn in_pkcs8(self) -> Self {
        Self {
            format: PrivateKeyFormat::Pkcs8,
            ..self
        }
    }

    /// The encoding the key was read from (or will be written in, for generated keys).
    pub fn format(&self) -> PrivateKeyFormat {
        self.format
    }

    /// Go's algorithm name of the key: `RSA`, `ECDSA` or `Ed25519`.
    pub fn algorithm_name(&self) -> &'static str {
        match &self.inner {
            Inner::Rsa(_) => "RSA",
            Inner::P256(_) | Inner::P384(_) | Inner::P521(_) | Inner::EcZero(_) => "ECDSA",
            Inner::Ed25519(_) => "Ed25519",
        }
    }

    /// A short description: `RSA-2048`, `ECDSA-P-256`, `Ed25519`.
    pub fn key_type(&self) -> String {
        match &self.public_key() {
            PublicKey::Rsa { .. } => format!("RSA-{}", self.public_key().bits()),
            PublicKey::Ecdsa { curve, .. } => format!("ECDSA-{curve}"),
            _ => "Ed25519".to_string(),
        }
    }

    /// The public half, in the same form as a certificate's [`PublicKey`] (for matching).
    pub fn public_key(&self) -> PublicKey {
        match &self.inner {
            Inner::Rsa(k) => PublicKey::Rsa {
                modulus: k.modulus.clone(),
                exponent: k.exponent,
            },
            Inner::P256(k) => PublicKey::Ecdsa {
                curve: "P-256",
                point: k.public_point("P-256"),
            },
            Inner::P384(k) => PublicKey::Ecdsa {
                curve: "P-384",
                point: k.public_point("P-384"),
            },
            Inner::P521(k) => PublicKey::Ecdsa {
                curve: "P-521",
                point: k.public_point("P-521"),
            },
            Inner::Ed25519(k) => PublicKey::Ed25519(k.verifying_key().to_bytes()),
            Inner::EcZero(curve) => PublicKey::Ecdsa {
                curve,
                point: Vec::new(),
            },
        }
    }

    /// Whether this key is the private half of `public` (Go's `PublicKey.Equal` on the same type:
    /// RSA modulus and exponent, ECDSA curve and point, Ed25519 bytes).
    pub fn matches(&self, public: &PublicKey) -> bool {
        self.matches_as(public, GoTlsVersion::default())
    }

    /// [`PrivateKey::matches`] as the given Go release compares (Go ≤ 1.25 compares only the RSA
    /// modulus, and only the ECDSA point).
    pub fn matches_as(&self, public: &PublicKey, go: GoTlsVersion) -> bool {
        match (self.public_key(), public) {
            (
                PublicKey::Rsa { modulus, exponent },
                PublicKey::Rsa {
                    modulus: m,
                    exponent: e,
                },
            ) => modulus == strip_leading_zeros(m) && (go.legacy_sec1() || exponent == *e),
            (PublicKey::Ecdsa { point, .. }, PublicKey::Ecdsa { point: p, .. })
                if go.legacy_sec1() =>
            {
                point == *p
            }
            (mine, theirs) => &mine == theirs,
        }
    }

    /// The curve of an ECDSA key.
    fn ec_curve(&self) -> Option<&'static str> {
        match &self.inner {
            Inner::P256(_) => Some("P-256"),
            Inner::P384(_) => Some("P-384"),
            Inner::P521(_) => Some("P-521"),
            Inner::EcZero(c) => Some(c),
            Inner::Rsa(_) | Inner::Ed25519(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let seed = [7u8; 32];
        let key = PrivateKey::new(
            Inner::Ed25519(Box::new(ed25519_dalek::SigningKey::from_bytes(&seed))),
            PrivateKeyFormat::Pkcs8,
        );
        let text = format!("{key:?}");
        assert!(text.contains("Ed25519"), "{text}");
        assert!(text.contains("redacted"), "{text}");
        assert!(!text.contains("7, 7"), "{text}");
    }
}
