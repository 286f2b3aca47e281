//! Go's `tls.parsePrivateKey` (`$GOROOT/src/crypto/tls/tls.go`) and the x509 key parsers it
//! calls: `ParsePKCS1PrivateKey` (`crypto/x509/pkcs1.go`), `ParsePKCS8PrivateKey`
//! (`crypto/x509/pkcs8.go`) and `parseECPrivateKey` (`crypto/x509/sec1.go`), as each Go release
//! of [`GoTlsVersion`] runs them: Go 1.21 – 1.26 try PKCS#1, PKCS#8, SEC1 and say
//! `tls: failed to parse private key`; Go 1.27 tries PKCS#8 first and appends the PKCS#8
//! parser's error; Go ≤ 1.23 checks less (RSA CRT values), Go ≤ 1.25 too (`d` against the CRT
//! exponents, zero EC scalars). Mirrors the files of Go 1.21.13, 1.24.11, 1.25.5, 1.26.4, 1.27.3.
//!
//! The DER is decoded by the port of Go's `encoding/asn1` ([`asn1`]), which also gives Go's
//! texts for garbage; RSA keys are checked by the port of `rsa.PrivateKey.Validate`
//! ([`go_rsa`]) and EC scalars against the group order ([`ecdsa`]). The `der` crate only
//! recognises an encrypted PKCS#8 key (to say so rather than "malformed").

use der::Decode;

use super::{
    EcScalar, Inner, KeyError, KeyErrorKind, OID_EC, OID_ED25519, OID_P224, OID_P256, OID_P384,
    OID_P521, OID_RSA, OID_X25519, PrivateKey, PrivateKeyFormat, RsaKey, RsaPrivateParts,
};
use crate::go::asn1;
use crate::go::ecdsa;
use crate::go::rsa as go_rsa;
use crate::go::version::GoTlsVersion;
use crate::x509::parse::strip_leading_zeros;

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
        GoTlsVersion::Go123 | GoTlsVersion::Go124 | GoTlsVersion::Go126 => {
            "tls: failed to parse private key".to_string()
        }
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
        go_rsa::validate(&parts, go != GoTlsVersion::Go124)
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
            // The planner cannot use a P-224 key, but Go's length and range checks come first
            // and their texts are what Argo CD logs: a scalar longer than the 28-byte order is
            // out of range (Go ≤ 1.25 compares with the order first) or too long (later Go
            // strips zero padding, then finds a non-zero byte too many).
            let scalar = field(&fields, 1).unwrap_or_default();
            if strip_leading_zeros(scalar).len() > 28 {
                return Err(malformed(if go.legacy_sec1() {
                    "x509: invalid elliptic curve private key value"
                } else {
                    "x509: invalid private key length"
                }));
            }
            return Err(unsupported(
                "P-224 keys are not supported by the planner (Go accepts them)",
            ));
        }
        _ => return Err(unsupported("x509: unknown elliptic curve")),
    };
    let mut scalar = field(&fields, 1).unwrap_or_default();
    if go.legacy_sec1() {
        // Go ≤ 1.25 checks the scalar against the group order only; zero passes (its public
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
    // Go (`ecdsa.ParseRawPrivateKey`): the public point is derived first, and zero times the
    // generator is the point at infinity, whose encoding (one zero byte) `NewPublicKey`
    // refuses before `NewPrivateKey` could say the key is zero. A scalar at or above the group
    // order overflows the modulus.
    if bytes.iter().all(|b| *b == 0) {
        return Err(malformed("ecdsa: invalid public key encoding"));
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

    #[test]
    fn zero_ec_scalar_is_an_invalid_public_key() {
        // Go 1.27.3's text for this key (a PKCS#8 P-256 key whose SEC1 private key is empty;
        // found by tests/keypair.rs's mutations, seed 0x18ee2246c50ed6f1).
        let pem = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQAOD5d9qWWReWltfWx
HtxSnZWowg1DUuwH5UcwzCdEK6uhRANCAARidFopwBvLdnR7Pvb24h/oyqilk/s5
/DIY+hqhxfNWBw3pMauBRRbS0rMMVxmNyb4LLqyDe8r2dmMo3RZVWId+
-----END PRIVATE KEY-----
";
        let der = crate::go::pem::go_pem_decode(pem.as_bytes())
            .0
            .map(|b| b.bytes)
            .unwrap_or_default();
        let e = parse_private_key_as(&der, GoTlsVersion::Go127)
            .err()
            .map(|e| e.message);
        assert_eq!(
            e.as_deref(),
            Some(
                "tls: failed to parse private key: x509: failed to parse EC private key embedded in PKCS#8: ecdsa: invalid public key encoding"
            )
        );
    }

    #[test]
    fn go_versions_from_runtime_text() {
        assert_eq!(
            GoTlsVersion::from_go_version("go1.26.4"),
            GoTlsVersion::Go126
        );
        assert_eq!(
            GoTlsVersion::from_go_version("go1.24.6"),
            GoTlsVersion::Go124
        );
        assert_eq!(
            GoTlsVersion::from_go_version("go1.25.5"),
            GoTlsVersion::Go124
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
