//! Private keys as Go's `crypto/tls` reads them: PKCS#1 RSA, PKCS#8 (RSA, ECDSA P-256/P-384/P-521,
//! Ed25519) and SEC1 EC keys.
//!
//! [`parse_private_key_as`] mirrors Go's `tls.parsePrivateKey` (`$GOROOT/src/crypto/tls/tls.go`)
//! and the `x509.Parse{PKCS8,PKCS1,EC}PrivateKey` it calls, per [`GoTlsVersion`]: Go 1.24 – 1.26
//! try PKCS#1, PKCS#8, SEC1 and say `tls: failed to parse private key`; Go 1.27 tries PKCS#8
//! first and appends the PKCS#8 parser's error. The DER is decoded by the port of Go's
//! `encoding/asn1` ([`asn1`]), which also gives Go's texts for garbage; RSA
//! keys are checked by the port of `rsa.PrivateKey.Validate` ([`go_rsa`]) and EC scalars against
//! the group order ([`ecdsa`]). RustCrypto key objects (`rsa`,
//! `p256`/`p384`/`p521`, `ed25519-dalek`) are built from the decoded values only to sign natively
//! and to hold Ed25519 keys; the `der` crate only recognises an encrypted PKCS#8 key. Writing
//! keys (PKCS#1, PKCS#8, SEC1, SPKI) uses [`der_write`].
//!
//! Key material never leaves this module in text: [`PrivateKey`]'s `Debug` is hand-written and
//! redacted, and errors carry only Go's messages (which never contain key bytes).

use der::Decode;
use serde::{Deserialize, Serialize};

use crate::der_write;
use crate::go::asn1;
use crate::go::ecdsa;
use crate::go::rsa as go_rsa;
use crate::go::version::GoTlsVersion;
use crate::x509::parse::{PublicKey, strip_leading_zeros};

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

    /// Go's `x509.MarshalPKCS1PrivateKey`: version 0, n, e, d, p, q and the CRT values
    /// `d mod (p−1)`, `d mod (q−1)`, `q⁻¹ mod p` (computed here, as Go's `Precompute` does).
    fn pkcs1_der(&self) -> Option<Vec<u8>> {
        use num_bigint::BigUint;
        let k = &self.private;
        let (d, p, q) = (
            BigUint::from_bytes_be(&k.d),
            BigUint::from_bytes_be(&k.p),
            BigUint::from_bytes_be(&k.q),
        );
        let one = BigUint::from(1u8);
        if p <= one || q <= one {
            return None;
        }
        let (dp, dq) = (&d % (&p - &one), &d % (&q - &one));
        let qinv = q.modinv(&p)?;
        let int = |x: &BigUint| der_write::uint(&x.to_bytes_be());
        Some(der_write::sequence(&[
            der_write::small_int(0),
            der_write::uint(&k.n),
            der_write::uint(&self.exponent.to_be_bytes()),
            der_write::uint(&k.d),
            der_write::uint(&k.p),
            der_write::uint(&k.q),
            int(&dp),
            int(&dq),
            int(&qinv),
        ]))
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

    /// Go's SEC1 `ECPrivateKey`: version 1, the scalar, the curve OID (`[0]`, left out inside
    /// PKCS#8 as Go's `MarshalPKCS8PrivateKey` does) and the public point (`[1]`).
    fn sec1_der(&self, curve: &str, with_curve: bool) -> Option<Vec<u8>> {
        let point = self.public_point(curve);
        if point.is_empty() {
            return None;
        }
        let mut parts = vec![der_write::small_int(1), der_write::octet_string(&self.0)];
        if with_curve {
            parts.push(der_write::explicit(0, &der_write::oid(curve_oid(curve))));
        }
        parts.push(der_write::explicit(1, &der_write::bit_string(&point)));
        Some(der_write::sequence(&parts))
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
    /// A zero ECDSA scalar that Go ≤ 1.23 accepts (on the named curve); it matches nothing.
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

    /// [`PrivateKey::matches`] as the given Go release compares (Go ≤ 1.23 compares only the RSA
    /// modulus, and only the ECDSA point).
    pub fn matches_as(&self, public: &PublicKey, go: GoTlsVersion) -> bool {
        match (self.public_key(), public) {
            (
                PublicKey::Rsa { modulus, exponent },
                PublicKey::Rsa {
                    modulus: m,
                    exponent: e,
                },
            ) => modulus == strip_leading_zeros(m) && (go == GoTlsVersion::Go123 || exponent == *e),
            (PublicKey::Ecdsa { point, .. }, PublicKey::Ecdsa { point: p, .. })
                if go == GoTlsVersion::Go123 =>
            {
                point == *p
            }
            (mine, theirs) => &mine == theirs,
        }
    }

    /// The key as DER in `format` (PKCS#1 only for RSA, SEC1 only for ECDSA) and its PEM label,
    /// written as Go's `x509.MarshalPKCS1PrivateKey`, `MarshalECPrivateKey` and
    /// `MarshalPKCS8PrivateKey` write them (see [`der_write`]); no signing crate is involved, so
    /// the wasm engine can write keys that WebCrypto made.
    ///
    /// # Errors
    /// A format the key type has no encoding in (PKCS#1 for ECDSA, …), or a key this crate
    /// cannot write (an RSA key whose primes have no CRT inverse, a zero ECDSA scalar).
    pub(crate) fn to_der(
        &self,
        format: PrivateKeyFormat,
    ) -> Result<(Vec<u8>, &'static str), String> {
        let wrong = || {
            format!(
                "a {} key cannot be written as {}",
                self.algorithm_name(),
                match format {
                    PrivateKeyFormat::Pkcs1 => "PKCS#1",
                    PrivateKeyFormat::Pkcs8 => "PKCS#8",
                    PrivateKeyFormat::Sec1 => "SEC1",
                }
            )
        };
        let no_crt = || "cannot encode this RSA key (its primes have no CRT inverse)".to_string();
        let no_point = || "cannot encode this ECDSA key (scalar out of range)".to_string();
        let pkcs8 = |algorithm: Vec<u8>, inner: &[u8]| {
            let der = der_write::sequence(&[
                der_write::small_int(0),
                algorithm,
                der_write::octet_string(inner),
            ]);
            (der, "PRIVATE KEY")
        };
        match (&self.inner, format) {
            (Inner::Rsa(k), PrivateKeyFormat::Pkcs1) => {
                Ok((k.pkcs1_der().ok_or_else(no_crt)?, "RSA PRIVATE KEY"))
            }
            (Inner::Rsa(k), PrivateKeyFormat::Pkcs8) => Ok(pkcs8(
                algorithm_identifier(OID_RSA, Some(der_write::null())),
                &k.pkcs1_der().ok_or_else(no_crt)?,
            )),
            (Inner::P256(k) | Inner::P384(k) | Inner::P521(k), _) => {
                let curve = self.ec_curve().unwrap_or_default();
                match format {
                    PrivateKeyFormat::Sec1 => Ok((
                        k.sec1_der(curve, true).ok_or_else(no_point)?,
                        "EC PRIVATE KEY",
                    )),
                    PrivateKeyFormat::Pkcs8 => Ok(pkcs8(
                        algorithm_identifier(OID_EC, Some(der_write::oid(curve_oid(curve)))),
                        &k.sec1_der(curve, false).ok_or_else(no_point)?,
                    )),
                    PrivateKeyFormat::Pkcs1 => Err(wrong()),
                }
            }
            (Inner::Ed25519(k), PrivateKeyFormat::Pkcs8) => Ok(pkcs8(
                algorithm_identifier(OID_ED25519, None),
                &der_write::octet_string(k.as_bytes()),
            )),
            (Inner::EcZero(_), _) => Err("cannot encode a zero ECDSA key".to_string()),
            _ => Err(wrong()),
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

/// The OID of a named curve.
fn curve_oid(curve: &str) -> &'static str {
    match curve {
        "P-384" => OID_P384,
        "P-521" => OID_P521,
        _ => OID_P256,
    }
}

/// `AlgorithmIdentifier { algorithm, parameters }`.
fn algorithm_identifier(oid: &str, parameters: Option<Vec<u8>>) -> Vec<u8> {
    let mut parts = vec![der_write::oid(oid)];
    parts.extend(parameters);
    der_write::sequence(&parts)
}

/// The DER `SubjectPublicKeyInfo` of a public key, as Go's `x509.MarshalPKIXPublicKey` writes
/// it (RSA with NULL parameters, ECDSA with the named curve, Ed25519 without parameters);
/// `None` for key types generation does not write.
pub(crate) fn spki_der(public: &PublicKey) -> Option<Vec<u8>> {
    let algorithm = match public {
        PublicKey::Rsa { .. } => algorithm_identifier(OID_RSA, Some(der_write::null())),
        PublicKey::Ecdsa { curve, .. } => {
            algorithm_identifier(OID_EC, Some(der_write::oid(curve_oid(curve))))
        }
        PublicKey::Ed25519(_) => algorithm_identifier(OID_ED25519, None),
        _ => return None,
    };
    let bits = public_key_bits(public)?;
    Some(der_write::sequence(&[
        algorithm,
        der_write::bit_string(&bits),
    ]))
}

/// The `subjectPublicKey` bits of [`spki_der`] (what key identifiers hash): PKCS#1
/// `RSAPublicKey`, the uncompressed ECDSA point, the Ed25519 key; `None` for other key types.
pub(crate) fn public_key_bits(public: &PublicKey) -> Option<Vec<u8>> {
    match public {
        PublicKey::Rsa { modulus, exponent } => Some(der_write::sequence(&[
            der_write::uint(modulus),
            der_write::uint(&exponent.to_be_bytes()),
        ])),
        PublicKey::Ecdsa { point, .. } if !point.is_empty() => Some(point.clone()),
        PublicKey::Ed25519(bytes) => Some(bytes.to_vec()),
        _ => None,
    }
}

/// Go's `tls.parsePrivateKey` as Argo CD's Go (1.26) runs it; see [`parse_private_key_as`].
///
/// # Errors
/// As [`parse_private_key_as`].
pub fn parse_private_key(der: &[u8]) -> Result<PrivateKey, KeyError> {
    parse_private_key_as(der, GoTlsVersion::default())
}

/// Go's `tls.parsePrivateKey` of the given Go release.
///
/// # Errors
/// Go's texts: `tls: failed to parse private key` (Go 1.26) or `tls: failed to parse private
/// key: <the PKCS#8 parser's error>` (Go 1.27) when no format fits, and `tls: found unknown
/// private key type in PKCS#8 wrapping` for a well-formed PKCS#8 key Go parses but TLS cannot
/// use (X25519). [`KeyError::detail`] always holds the PKCS#8 parser's reason.
pub fn parse_private_key_as(der: &[u8], go: GoTlsVersion) -> Result<PrivateKey, KeyError> {
    let unknown_type = || KeyError {
        kind: KeyErrorKind::UnsupportedAlgorithm,
        message: "tls: found unknown private key type in PKCS#8 wrapping".to_string(),
        detail: Some("an X25519 key cannot sign".to_string()),
    };
    if go != GoTlsVersion::Go127
        && let Ok(key) = parse_pkcs1(der, go)
    {
        return Ok(key);
    }
    let pkcs8_err = match parse_pkcs8(der, go) {
        Ok(Some(key)) => return Ok(key),
        Ok(None) => return Err(unknown_type()),
        Err(e) => e,
    };
    if go == GoTlsVersion::Go127
        && let Ok(key) = parse_pkcs1(der, go)
    {
        return Ok(key);
    }
    if let Ok(key) = parse_ec(None, der, go) {
        return Ok(key);
    }
    let message = match go {
        GoTlsVersion::Go123 | GoTlsVersion::Go126 => "tls: failed to parse private key".to_string(),
        GoTlsVersion::Go127 => format!("tls: failed to parse private key: {}", pkcs8_err.message),
    };
    Err(KeyError {
        kind: pkcs8_err.kind,
        message,
        detail: Some(pkcs8_err.message),
    })
}

/// An error of one of Go's x509 key parsers (text without the `tls:` prefix).
struct X509Error {
    kind: KeyErrorKind,
    message: String,
}

fn malformed(message: impl Into<String>) -> X509Error {
    X509Error {
        kind: KeyErrorKind::Malformed,
        message: message.into(),
    }
}

fn unsupported(message: impl Into<String>) -> X509Error {
    X509Error {
        kind: KeyErrorKind::UnsupportedAlgorithm,
        message: message.into(),
    }
}

const HINT_EC: &str =
    "x509: failed to parse private key (use ParseECPrivateKey instead for this key format)";
const HINT_PKCS1: &str =
    "x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)";
const HINT_PKCS8: &str =
    "x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)";

/// Dotted text of OBJECT IDENTIFIER content octets that Go's decoder accepted (Go's
/// `ObjectIdentifier.String()`).
fn oid_string(content: &[u8]) -> String {
    let mut arcs: Vec<u64> = Vec::new();
    let mut acc: u64 = 0;
    for b in content {
        acc = (acc << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let (first, second) = if acc < 80 {
                    (acc / 40, acc % 40)
                } else {
                    (2, acc - 80)
                };
                arcs.push(first);
                arcs.push(second);
            } else {
                arcs.push(acc);
            }
            acc = 0;
        }
    }
    arcs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// The captured field `i`, or empty bytes (the decoder captured every field it accepted).
fn field<'a>(fields: &[Option<&'a [u8]>], i: usize) -> Option<&'a [u8]> {
    fields.get(i).copied().flatten()
}

/// Go's `x509.ParsePKCS8PrivateKey`. `Ok(None)`: a key Go parses but TLS cannot use (X25519).
fn parse_pkcs8(der: &[u8], go: GoTlsVersion) -> Result<Option<PrivateKey>, X509Error> {
    let fields = match asn1::unmarshal_pkcs8(der) {
        Ok(f) => f,
        Err(asn1_error) => {
            if asn1::unmarshal_ec_private_key(der).is_ok() {
                return Err(malformed(HINT_EC));
            }
            if asn1::unmarshal_pkcs1_private_key(der).is_ok() {
                return Err(malformed(HINT_PKCS1));
            }
            let kind = if looks_encrypted_pkcs8(der) {
                KeyErrorKind::Encrypted
            } else {
                KeyErrorKind::Malformed
            };
            return Err(X509Error {
                kind,
                message: asn1_error,
            });
        }
    };
    let alg = oid_string(field(&fields, 1).unwrap_or_default());
    let params = field(&fields, 2).filter(|p| !p.is_empty());
    let key = field(&fields, 3).unwrap_or_default();
    match alg.as_str() {
        OID_RSA => parse_pkcs1(key, go)
            .map(|k| Some(k.in_pkcs8()))
            .map_err(|e| X509Error {
                kind: e.kind,
                message: format!(
                    "x509: failed to parse RSA private key embedded in PKCS#8: {}",
                    e.message
                ),
            }),
        OID_EC => {
            // Go: parameters that are not an OID leave the curve to the SEC1 structure.
            let named = params
                .and_then(|p| asn1::unmarshal_oid(p).ok())
                .map(oid_string);
            parse_ec(named, key, go)
                .map(|k| Some(k.in_pkcs8()))
                .map_err(|e| X509Error {
                    kind: e.kind,
                    message: format!(
                        "x509: failed to parse EC private key embedded in PKCS#8: {}",
                        e.message
                    ),
                })
        }
        OID_ED25519 => {
            if params.is_some() {
                return Err(malformed("x509: invalid Ed25519 private key parameters"));
            }
            let seed = asn1::unmarshal_octet_string(key)
                .map_err(|e| malformed(format!("x509: invalid Ed25519 private key: {e}")))?;
            let seed: [u8; 32] = seed.try_into().map_err(|_| {
                malformed(format!(
                    "x509: invalid Ed25519 private key length: {}",
                    seed.len()
                ))
            })?;
            Ok(Some(PrivateKey::new(
                Inner::Ed25519(Box::new(ed25519_dalek::SigningKey::from_bytes(&seed))),
                PrivateKeyFormat::Pkcs8,
            )))
        }
        OID_X25519 => {
            if params.is_some() {
                return Err(malformed("x509: invalid X25519 private key parameters"));
            }
            let scalar = asn1::unmarshal_octet_string(key)
                .map_err(|e| malformed(format!("x509: invalid X25519 private key: {e}")))?;
            if scalar.len() != 32 {
                return Err(malformed("crypto/ecdh: invalid private key size"));
            }
            Ok(None)
        }
        _ => Err(unsupported(format!(
            "x509: PKCS#8 wrapping contained private key with unknown algorithm: {alg}"
        ))),
    }
}

/// An `EncryptedPrivateKeyInfo`: `SEQUENCE { AlgorithmIdentifier, OCTET STRING }`.
fn looks_encrypted_pkcs8(der: &[u8]) -> bool {
    let Ok(mut reader) = der::SliceReader::new(der) else {
        return false;
    };
    let Ok(first) = der::Reader::tlv_bytes(&mut reader) else {
        return false;
    };
    let Ok(mut reader) = der::SliceReader::new(first) else {
        return false;
    };
    der::Reader::sequence(&mut reader, |r| {
        spki::AlgorithmIdentifierRef::decode(r)?;
        <&der::asn1::OctetStringRef>::decode(r)?;
        Ok::<_, der::Error>(())
    })
    .is_ok()
}

/// INTEGER content octets that are zero or negative (Go's `Sign() <= 0`).
fn not_positive(content: &[u8]) -> bool {
    asn1::is_negative(content) || content.iter().all(|b| *b == 0)
}

/// Go's `x509.ParsePKCS1PrivateKey`, including `rsa.PrivateKey.Validate` ([`go_rsa`]).
fn parse_pkcs1(der: &[u8], go: GoTlsVersion) -> Result<PrivateKey, X509Error> {
    let (fields, trailing) = match asn1::unmarshal_pkcs1_private_key(der) {
        Ok(x) => x,
        Err(asn1_error) => {
            if asn1::unmarshal_ec_private_key(der).is_ok() {
                return Err(malformed(HINT_EC));
            }
            if asn1::unmarshal_pkcs8(der).is_ok() {
                return Err(malformed(HINT_PKCS8));
            }
            return Err(malformed(asn1_error));
        }
    };
    if trailing {
        return Err(malformed("asn1: syntax error: trailing data"));
    }
    let get = |i| field(&fields, i).unwrap_or_default();
    if asn1::int64(get(0)) > 1 {
        return Err(malformed("x509: unsupported private key version"));
    }
    let (n, e, d, p, q) = (get(1), asn1::int64(get(2)), get(3), get(4), get(5));
    let (dp, dq, qinv) = (field(&fields, 6), field(&fields, 7), field(&fields, 8));
    let legacy = go == GoTlsVersion::Go123;
    if [n, d, p, q].iter().any(|x| not_positive(x))
        || !legacy && [dp, dq, qinv].iter().flatten().any(|x| not_positive(x))
    {
        return Err(malformed(
            "x509: private key contains zero or negative value",
        ));
    }
    if field(&fields, 9).is_some_and(|extra| !extra.is_empty()) {
        return Err(unsupported(
            "multi-prime RSA keys are not supported by the planner",
        ));
    }
    let crt = match (dp, dq, qinv) {
        (Some(dp), Some(dq), Some(qinv)) => Some((dp, dq, qinv)),
        _ => None,
    };
    let parts = go_rsa::RsaParts { n, e, d, p, q, crt };
    if legacy {
        go_rsa::validate_legacy(&parts)
    } else {
        go_rsa::validate(&parts)
    }
    .map_err(malformed)?;
    Ok(PrivateKey::new(
        Inner::Rsa(Box::new(RsaKey {
            modulus: strip_leading_zeros(n).to_vec(),
            exponent: u64::try_from(e).unwrap_or_default(),
            private: RsaPrivateParts {
                n: n.to_vec(),
                d: zeroize::Zeroizing::new(d.to_vec()),
                p: zeroize::Zeroizing::new(p.to_vec()),
                q: zeroize::Zeroizing::new(q.to_vec()),
            },
        })),
        PrivateKeyFormat::Pkcs1,
    ))
}

/// Go's `x509.parseECPrivateKey`: the curve from PKCS#8's parameters when they are an OID
/// (`named`), otherwise from the SEC1 structure; the scalar left-padded or stripped of zero
/// padding; then `ecdsa.ParseRawPrivateKey`.
fn parse_ec(named: Option<String>, der: &[u8], go: GoTlsVersion) -> Result<PrivateKey, X509Error> {
    let fields = match asn1::unmarshal_ec_private_key(der) {
        Ok(f) => f,
        Err(asn1_error) => {
            if asn1::unmarshal_pkcs8(der).is_ok() {
                return Err(malformed(HINT_PKCS8));
            }
            if asn1::unmarshal_pkcs1_private_key(der).is_ok() {
                return Err(malformed(HINT_PKCS1));
            }
            return Err(malformed(format!(
                "x509: failed to parse EC private key: {asn1_error}"
            )));
        }
    };
    let version = asn1::int64(field(&fields, 0).unwrap_or_default());
    if version != 1 {
        return Err(malformed(format!(
            "x509: unknown EC private key version {version}"
        )));
    }
    let curve = named.or_else(|| field(&fields, 2).map(oid_string));
    let (size, name) = match curve.as_deref() {
        Some(OID_P256) => (32, "P-256"),
        Some(OID_P384) => (48, "P-384"),
        Some(OID_P521) => (66, "P-521"),
        Some(OID_P224) => {
            return Err(unsupported(
                "P-224 keys are not supported by the planner (Go accepts them)",
            ));
        }
        _ => return Err(unsupported("x509: unknown elliptic curve")),
    };
    let mut scalar = field(&fields, 1).unwrap_or_default();
    if go == GoTlsVersion::Go123 {
        // Go ≤ 1.23 checks the scalar against the group order only; zero passes (its public
        // point then matches no certificate).
        if !ecdsa::below_order(name, scalar) {
            return Err(malformed("x509: invalid elliptic curve private key value"));
        }
        if strip_leading_zeros(scalar).is_empty() {
            return Ok(PrivateKey::new(Inner::EcZero(name), PrivateKeyFormat::Sec1));
        }
    }
    while scalar.len() > size {
        match scalar.split_first() {
            Some((0, rest)) => scalar = rest,
            _ => return Err(malformed("x509: invalid private key length")),
        }
    }
    let mut bytes = vec![0u8; size];
    let offset = size - scalar.len();
    if let Some(dst) = bytes.get_mut(offset..) {
        dst.copy_from_slice(scalar);
    }
    // Go: a zero scalar fails, one at or above the group order overflows the modulus.
    if bytes.iter().all(|b| *b == 0) {
        return Err(malformed("ecdsa: private key is zero"));
    }
    if !ecdsa::below_order(name, &bytes) {
        return Err(malformed("input overflows the modulus"));
    }
    let scalar = EcScalar(zeroize::Zeroizing::new(bytes));
    let inner = match size {
        32 => Inner::P256(scalar),
        48 => Inner::P384(scalar),
        _ => Inner::P521(scalar),
    };
    Ok(PrivateKey::new(inner, PrivateKeyFormat::Sec1))
}

/// PEM text (LF line ends, 64-column lines) for one DER block.
pub(crate) fn pem_encode(label: &str, der: &[u8]) -> String {
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(core::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arbitrary_bytes_never_panic() {
        // xorshift: random lengths and bytes, plus every prefix of a valid-looking SEQUENCE.
        let mut x: u64 = 0x1234_5678_9abc_def1;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..3000 {
            let len = (next() % 80) as usize;
            let mut bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            if let Some(b) = bytes.first_mut() {
                *b = [0x30, 0x02, 0x04, 0xa0, 0x1f][(next() % 5) as usize];
            }
            for go in [GoTlsVersion::Go126, GoTlsVersion::Go127] {
                let _ = parse_private_key_as(&bytes, go);
            }
            let _ = crate::go::pem::go_pem_blocks(&bytes);
        }
    }

    /// The hand-ordered key and SPKI writers against RustCrypto's encoders (an independent
    /// implementation of the same RFCs), byte for byte, on fresh keys of every type.
    #[test]
    fn key_writers_match_rustcrypto() {
        use pkcs1::EncodeRsaPrivateKey;
        use pkcs8::{EncodePrivateKey, EncodePublicKey};
        let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
        for _ in 0..3 {
            let rsa = rsa::PrivateKey::new(&mut rng, 2048).unwrap();
            let ours = PrivateKey::new(
                Inner::Rsa(Box::new(RsaKey::from_rsa(&rsa).unwrap())),
                PrivateKeyFormat::Pkcs1,
            );
            assert_eq!(
                ours.to_der(PrivateKeyFormat::Pkcs1).unwrap().0,
                rsa.to_pkcs1_der().unwrap().as_bytes()
            );
            assert_eq!(
                ours.to_der(PrivateKeyFormat::Pkcs8).unwrap().0,
                rsa.to_pkcs8_der().unwrap().as_bytes()
            );
            assert_eq!(
                spki_der(&ours.public_key()).unwrap(),
                rsa.to_public_key().to_public_key_der().unwrap().as_bytes()
            );
            // What was written reads back as the same key (Go's parsers, ported).
            let back = parse_private_key(&ours.to_der(PrivateKeyFormat::Pkcs1).unwrap().0);
            assert!(back.unwrap().matches(&ours.public_key()));
        }
        // The same checks for each curve crate: SEC1, PKCS#8 and SPKI.
        macro_rules! same_as_crate {
            ($curve:ident, $inner:ident) => {{
                let k = <$curve::SecretKey as $curve::elliptic_curve::Generate>::generate_from_rng(
                    &mut rng,
                );
                let ours = PrivateKey::new(
                    Inner::$inner(EcScalar::from_bytes(&k.to_bytes())),
                    PrivateKeyFormat::Sec1,
                );
                assert_eq!(
                    ours.to_der(PrivateKeyFormat::Sec1).unwrap().0,
                    k.to_sec1_der().unwrap().as_slice()
                );
                assert_eq!(
                    ours.to_der(PrivateKeyFormat::Pkcs8).unwrap().0,
                    k.to_pkcs8_der().unwrap().as_bytes()
                );
                assert_eq!(
                    spki_der(&ours.public_key()).unwrap(),
                    k.public_key().to_public_key_der().unwrap().as_bytes()
                );
            }};
        }
        for _ in 0..20 {
            same_as_crate!(p256, P256);
            same_as_crate!(p384, P384);
            same_as_crate!(p521, P521);
            let k = ed25519_dalek::SigningKey::generate(&mut rng);
            let ours =
                PrivateKey::new(Inner::Ed25519(Box::new(k.clone())), PrivateKeyFormat::Pkcs8);
            // ed25519-dalek writes PKCS#8 v2 (with the public key); Go's
            // MarshalPKCS8PrivateKey writes RFC 8410's v1 shape, seed only.
            let mut go_shape = vec![
                0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22,
                0x04, 0x20,
            ];
            go_shape.extend_from_slice(k.as_bytes());
            assert_eq!(ours.to_der(PrivateKeyFormat::Pkcs8).unwrap().0, go_shape);
            assert_eq!(
                spki_der(&ours.public_key()).unwrap(),
                k.verifying_key().to_public_key_der().unwrap().as_bytes()
            );
            assert!(ours.to_der(PrivateKeyFormat::Pkcs1).is_err());
        }
    }

    #[test]
    fn go_versions_from_runtime_text() {
        assert_eq!(
            GoTlsVersion::from_go_version("go1.26.4"),
            GoTlsVersion::Go126
        );
        assert_eq!(
            GoTlsVersion::from_go_version("go1.24.6"),
            GoTlsVersion::Go126
        );
        assert_eq!(
            GoTlsVersion::from_go_version("go1.23.9"),
            GoTlsVersion::Go123
        );
        assert_eq!(
            GoTlsVersion::from_go_version("go1.21.13"),
            GoTlsVersion::Go123
        );
        assert_eq!(
            GoTlsVersion::from_go_version("go1.27.3"),
            GoTlsVersion::Go127
        );
        assert_eq!(
            GoTlsVersion::from_go_version("go1.28rc1"),
            GoTlsVersion::Go127
        );
    }

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

    #[test]
    fn garbage_reports_the_pkcs8_error() {
        // Texts from real Go runs (1.26.4 and 1.27.3) on the same bytes.
        let e = parse_private_key(&[0, 0, 0]).err().map(|e| e.message);
        assert_eq!(e.as_deref(), Some("tls: failed to parse private key"));
        let e = parse_private_key_as(&[0, 0, 0], GoTlsVersion::Go127)
            .err()
            .map(|e| e.message);
        assert_eq!(
            e.as_deref(),
            Some(
                "tls: failed to parse private key: asn1: structure error: tags don't match (16 vs {class:0 tag:0 length:0 isCompound:false}) {optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false} pkcs8 @2"
            )
        );
        let e = parse_private_key_as(&[], GoTlsVersion::Go127)
            .err()
            .map(|e| e.message);
        assert_eq!(
            e.as_deref(),
            Some("tls: failed to parse private key: asn1: syntax error: sequence truncated")
        );
    }
}
