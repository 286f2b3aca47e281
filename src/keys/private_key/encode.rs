//! Writing keys as Go's `crypto/x509` writes them: `MarshalPKCS1PrivateKey`
//! (`crypto/x509/pkcs1.go`), `MarshalECPrivateKey` (`crypto/x509/sec1.go`),
//! `MarshalPKCS8PrivateKey` (`crypto/x509/pkcs8.go`) and `MarshalPKIXPublicKey`
//! (`crypto/x509/x509.go`), through [`der_write`]; and PEM text. No signing crate is involved,
//! so the wasm engine can write keys that WebCrypto made. RustCrypto's key encoders are the
//! oracle in the tests (byte for byte for RSA and ECDSA; Go's v1 PKCS#8 shape for Ed25519).

use super::{
    EcScalar, Inner, OID_EC, OID_ED25519, OID_P256, OID_P384, OID_P521, OID_RSA, PrivateKey,
    PrivateKeyFormat, RsaKey,
};
use crate::der_write;
use crate::x509::parse::PublicKey;

impl RsaKey {
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
}

impl EcScalar {
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
}

impl PrivateKey {
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
}

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
    use super::super::parse_private_key;
    use super::*;

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
}
