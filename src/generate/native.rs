//! The native path: new keys ([`generate_key`]) and signatures ([`sign_native`]) from
//! RustCrypto, and [`generate_set`], which runs the three steps with them (the tests and the Go
//! interop use it; the npm package makes keys and signs with WebCrypto instead).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rand_core::CryptoRng;

use super::request::{
    CertificateRequest, GenerateError, GenerateProgress, GenerateRequest, GeneratedCertificate,
    GeneratedSet, IssuerPem, KeyAlgorithm, err, natural_format,
};
use super::steps::{assemble_set, generation_steps, prepare_set, read_new_key};
use super::tbs::{SignatureScheme, SignedBy};
use crate::keys::private_key::{EcScalar, Inner, PrivateKey, RsaKey};

/// A new key of `algorithm` from `rng`, made with RustCrypto (the native path; the npm package
/// uses WebCrypto).
///
/// # Errors
/// Only if the RSA key generation fails.
pub fn generate_key<R: CryptoRng + ?Sized>(
    algorithm: KeyAlgorithm,
    rng: &mut R,
) -> Result<PrivateKey, GenerateError> {
    let inner = match algorithm {
        KeyAlgorithm::Rsa2048 => {
            let key = rsa::PrivateKey::new(rng, 2048)
                .map_err(|e| err(format!("RSA key generation failed: {e}")))?;
            Inner::Rsa(Box::new(RsaKey::from_rsa(&key).ok_or_else(|| {
                err("RSA key generation failed: not a two-prime key")
            })?))
        }
        KeyAlgorithm::EcdsaP256 => Inner::P256(EcScalar::from_bytes(
            &<p256::SecretKey as p256::elliptic_curve::Generate>::generate_from_rng(rng).to_bytes(),
        )),
        KeyAlgorithm::EcdsaP384 => Inner::P384(EcScalar::from_bytes(
            &<p384::SecretKey as p384::elliptic_curve::Generate>::generate_from_rng(rng).to_bytes(),
        )),
        KeyAlgorithm::EcdsaP521 => Inner::P521(EcScalar::from_bytes(
            &<p521::SecretKey as p521::elliptic_curve::Generate>::generate_from_rng(rng).to_bytes(),
        )),
        KeyAlgorithm::Ed25519 => Inner::Ed25519(Box::new(ed25519_dalek::SigningKey::generate(rng))),
    };
    Ok(PrivateKey::new(inner, natural_format(algorithm)))
}

/// Signs `message` with `key` using RustCrypto (the native path), in the form WebCrypto returns
/// signatures (ECDSA as `r ‖ s`).
///
/// # Errors
/// A key type that cannot sign here, or an RSA key outside the `rsa` crate's limits.
pub fn sign_native(key: &PrivateKey, message: &[u8]) -> Result<Vec<u8>, GenerateError> {
    use signature::{SignatureEncoding, Signer as _};
    let failed = |e: signature::Error| err(format!("signing failed: {e}"));
    // The same steps for each curve crate: its key, its signing key, `r ‖ s`.
    macro_rules! ecdsa_sign {
        ($curve:ident, $key:expr) => {{
            let k = $key.ok_or_else(|| err("ECDSA scalar out of range"))?;
            let sig: $curve::ecdsa::Signature = $curve::ecdsa::SigningKey::from(&k)
                .try_sign(message)
                .map_err(failed)?;
            Ok(sig.to_bytes().to_vec())
        }};
    }
    SignatureScheme::of_key(&key.public_key())?;
    match &key.inner {
        Inner::Rsa(k) => {
            let k = k.signer().ok_or_else(|| {
                err("this RSA key is outside the limits of the signer (1024 to 8192 bits)")
            })?;
            let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(k);
            Ok(signer.try_sign(message).map_err(failed)?.to_vec())
        }
        Inner::P256(k) => ecdsa_sign!(p256, k.p256()),
        Inner::P384(k) => ecdsa_sign!(p384, k.p384()),
        Inner::P521(k) => ecdsa_sign!(p521, k.p521()),
        Inner::Ed25519(k) => Ok(k.try_sign(message).map_err(failed)?.to_bytes().to_vec()),
        Inner::EcZero(_) => Err(err("signing with a zero ECDSA key is not possible")),
    }
}
/// Generates the CA (if asked) and then each leaf, signed by that CA, the imported issuer, or
/// itself when neither is given: the three steps natively, with RustCrypto keys and signatures.
///
/// # Errors
/// The first [`GenerateError`].
pub fn generate_set<R: CryptoRng + ?Sized>(
    request: &GenerateRequest,
    rng: &mut R,
) -> Result<GeneratedSet, GenerateError> {
    generate_set_with_progress(request, rng, &mut |_| {})
}

/// [`generate_set`], calling `progress` before each key is made (for RSA most of the time) and
/// once at the end.
///
/// # Errors
/// The first [`GenerateError`].
pub fn generate_set_with_progress<R: CryptoRng + ?Sized>(
    request: &GenerateRequest,
    rng: &mut R,
    progress: &mut dyn FnMut(&GenerateProgress),
) -> Result<GeneratedSet, GenerateError> {
    let steps = generation_steps(request)?;
    let total = steps.len();
    let mut keys = Vec::with_capacity(total);
    for (done, step) in steps.into_iter().enumerate() {
        let algorithm = step.key_algorithm;
        progress(&GenerateProgress {
            done,
            total,
            current: Some(step),
        });
        keys.push(generate_key(algorithm, rng)?);
    }
    let set = generate_set_with_keys(request, keys, rng)?;
    progress(&GenerateProgress {
        done: total,
        total,
        current: None,
    });
    Ok(set)
}

/// [`generate_set`] with the keys given (one per certificate, in [`generation_steps`] order)
/// instead of made: `rng` gives only the serials. The planner's stand-ins for certificates
/// cert-manager will issue use it with fixed keys (no key generation, no prime search).
///
/// # Errors
/// The first [`GenerateError`].
pub(crate) fn generate_set_with_keys<R: CryptoRng + ?Sized>(
    request: &GenerateRequest,
    keys: Vec<PrivateKey>,
    rng: &mut R,
) -> Result<GeneratedSet, GenerateError> {
    let total = keys.len();
    let prepared = prepare_set(request, &keys, rng)?;
    let issuer_key = match &prepared.issuer_key {
        Some(b64) => {
            let der = zeroize::Zeroizing::new(
                BASE64
                    .decode(b64)
                    .map_err(|_| err("the issuer key is not base64"))?,
            );
            Some(read_new_key(&der)?)
        }
        None => None,
    };
    let mut signatures = Vec::with_capacity(total);
    for (i, p) in prepared.certificates.iter().enumerate() {
        let signer = match p.signed_by {
            SignedBy::Itself => keys.get(i),
            SignedBy::Ca => keys.first(),
            SignedBy::Issuer => issuer_key.as_ref(),
        }
        .ok_or_else(|| err("no key to sign with"))?;
        let tbs = BASE64
            .decode(&p.tbs)
            .map_err(|_| err("prepared certificate is not base64"))?;
        signatures.push(sign_native(signer, &tbs)?);
    }
    assemble_set(request, &keys, &prepared, &signatures)
}

/// Generates one certificate and its key: self-signed when `issuer` is `None` (a root CA, or a
/// self-signed leaf like the ones Argo CD makes for itself), otherwise signed by `issuer`.
///
/// # Errors
/// A request that cannot be honoured (bad IP address or DNS name, validity that ends before it
/// starts, an issuer that is not a CA, does not match its key, or has a key type that cannot
/// sign here) — described without key material.
pub fn generate_certificate<R: CryptoRng + ?Sized>(
    request: &CertificateRequest,
    issuer: Option<&IssuerPem>,
    rng: &mut R,
) -> Result<GeneratedCertificate, GenerateError> {
    let set = generate_set(
        &GenerateRequest {
            ca: None,
            issuer: issuer.cloned(),
            leaves: vec![request.clone()],
        },
        rng,
    )?;
    set.leaves
        .into_iter()
        .next()
        .ok_or_else(|| err("nothing was generated"))
}
