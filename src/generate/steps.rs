//! The core of the three steps: checking a whole request ([`generation_steps`]), writing what
//! is to be signed ([`prepare_set`]) and putting certificates together with their signatures
//! ([`assemble_set`]), with the checks Go makes (`CheckSignature`, `tls.X509KeyPair`). An
//! imported issuer is loaded here, as Go's `tls.X509KeyPair` loads it.

use core::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rand_core::CryptoRng;
use serde::{Deserialize, Serialize};

use super::request::{
    GenerateError, GenerateRequest, GenerateStep, GeneratedCertificate, GeneratedSet, IssuerPem,
    KeyEncoding, check_key, err, natural_format, requests, validate,
};
use super::tbs::{IssuerInfo, SignatureScheme, SignedBy, key_id, subject_name, tbs_certificate};
use crate::der_write;
use crate::go::pem::go_pem_blocks;
use crate::go::version::GoTlsVersion;
use crate::keys::keypair::load_key_pair;
use crate::keys::private_key::{PrivateKey, PrivateKeyFormat, parse_private_key, pem_encode};
use crate::x509::parse::{parse_certificate, strip_leading_zeros};
use crate::x509::verify::check_signature;

/// One certificate ready to be signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PreparedCertificate {
    /// The DER `TBSCertificate`, base64: the bytes to sign.
    pub tbs: String,
    /// Whose key signs it.
    pub signed_by: SignedBy,
    /// How.
    pub scheme: SignatureScheme,
}

/// What [`prepare_set`] returns: the certificates to sign, in key order (the CA first when one
/// is requested, then the leaves).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PreparedSet {
    /// The certificates.
    pub certificates: Vec<PreparedCertificate>,
    /// The imported issuer's private key as PKCS#8 DER, base64, for whoever signs the
    /// certificates `signedBy: issuer` (WebCrypto imports it); absent without an imported
    /// issuer. Never shown by `Debug`.
    #[serde(default)]
    pub issuer_key: Option<String>,
}

impl fmt::Debug for PreparedSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedSet")
            .field("certificates", &self.certificates)
            .field(
                "issuer_key",
                &self.issuer_key.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}
/// An imported issuer, loaded as Go's `tls.X509KeyPair` loads it and checked to be a CA.
fn load_issuer(issuer: &IssuerPem) -> Result<crate::keys::keypair::KeyPair, GenerateError> {
    let ca = load_key_pair(
        issuer.cert_pem.as_bytes(),
        issuer.key_pem.as_bytes(),
        GoTlsVersion::default(),
    )
    .map_err(|e| err(format!("the issuer is not a usable key pair: {e}")))?;
    if !(ca.leaf.basic_constraints_valid && ca.leaf.is_ca) {
        return Err(err(
            "the issuer certificate is not a CA (basicConstraints cA is not set)",
        ));
    }
    // Go's CheckSignatureFrom refuses a parent whose key usage lacks certSign (bit 5).
    if ca.leaf.key_usage != 0 && ca.leaf.key_usage & (1 << 5) == 0 {
        return Err(err("the issuer certificate's key usage lacks keyCertSign"));
    }
    SignatureScheme::of_key(&ca.key.public_key())?;
    Ok(ca)
}

/// Checks `request` (every certificate, and the imported issuer) before any key is made, and
/// lists the certificates in key order: the CA first when requested, then the leaves.
///
/// # Errors
/// The first problem, without key material.
pub fn generation_steps(request: &GenerateRequest) -> Result<Vec<GenerateStep>, GenerateError> {
    for r in requests(request) {
        validate(r)?;
    }
    if let (None, Some(issuer)) = (&request.ca, &request.issuer) {
        load_issuer(issuer)?;
    }
    let roles = request.ca.iter().map(|r| ("ca", r));
    Ok(roles
        .chain(request.leaves.iter().map(|r| ("leaf", r)))
        .map(|(role, r)| GenerateStep::of(role, r))
        .collect())
}

/// Step 2: the `TBSCertificate` of every certificate in `request`, given one new key per
/// certificate in key order ([`generation_steps`]), with serials from `rng`.
///
/// # Errors
/// A bad request, a wrong number or type of keys, or an unusable issuer.
pub fn prepare_set<R: CryptoRng + ?Sized>(
    request: &GenerateRequest,
    keys: &[PrivateKey],
    rng: &mut R,
) -> Result<PreparedSet, GenerateError> {
    // The issuer (if any) is loaded and checked below, once.
    let all = requests(request);
    for r in &all {
        validate(r)?;
    }
    if keys.len() != all.len() {
        return Err(err(format!(
            "{} certificates need {} new keys, got {}",
            all.len(),
            all.len(),
            keys.len()
        )));
    }
    for (i, (r, k)) in all.iter().zip(keys).enumerate() {
        check_key(r, k, i)?;
    }
    let mut serial = || {
        let mut s = [0u8; 16];
        rng.fill_bytes(&mut s);
        s[0] = (s[0] & 0x7f) | 0x01;
        s
    };
    let mut certificates = Vec::with_capacity(all.len());
    let mut issuer_key = None;
    let mut keys = keys.iter();
    let leaf_issuer = match (&request.ca, &request.issuer) {
        (Some(r), _) => {
            let key = keys
                .next()
                .ok_or_else(|| err("no key for the CA"))?
                .public_key();
            let subject = subject_name(r);
            let info = IssuerInfo {
                name: subject.clone(),
                key_id: key_id(&key),
                scheme: SignatureScheme::of_key(&key)?,
                signed_by: SignedBy::Itself,
            };
            let tbs = tbs_certificate(r, &key, &serial(), &subject, &info)?;
            certificates.push(PreparedCertificate {
                tbs: BASE64.encode(tbs),
                signed_by: SignedBy::Itself,
                scheme: info.scheme,
            });
            Some(IssuerInfo {
                signed_by: SignedBy::Ca,
                ..info
            })
        }
        (None, Some(issuer)) => {
            let ca = load_issuer(issuer)?;
            let (der, _) = ca.key.to_der(PrivateKeyFormat::Pkcs8).map_err(err)?;
            issuer_key = Some(BASE64.encode(zeroize::Zeroizing::new(der).as_slice()));
            Some(IssuerInfo {
                name: ca.leaf.raw_subject.clone(),
                key_id: ca.leaf.subject_key_id.clone(),
                scheme: SignatureScheme::of_key(&ca.key.public_key())?,
                signed_by: SignedBy::Issuer,
            })
        }
        (None, None) => None,
    };
    for (r, key) in request.leaves.iter().zip(keys) {
        let public = key.public_key();
        let subject = subject_name(r);
        let own;
        let issuer = match &leaf_issuer {
            Some(i) => i,
            None => {
                own = IssuerInfo {
                    name: subject.clone(),
                    key_id: Vec::new(),
                    scheme: SignatureScheme::of_key(&public)?,
                    signed_by: SignedBy::Itself,
                };
                &own
            }
        };
        let tbs = tbs_certificate(r, &public, &serial(), &subject, issuer)?;
        certificates.push(PreparedCertificate {
            tbs: BASE64.encode(tbs),
            signed_by: issuer.signed_by,
            scheme: issuer.scheme,
        });
    }
    Ok(PreparedSet {
        certificates,
        issuer_key,
    })
}

/// Step 3: puts each prepared certificate together with its signature (raw, as WebCrypto and
/// [`sign_native`](super::sign_native) return them), checks that the signature verifies as Go's `CheckSignature`
/// would and that each key matches its certificate, and writes the PEM.
///
/// # Errors
/// A signature that does not verify, a key or signature count that does not match, or a
/// prepared set that is not what [`prepare_set`] wrote for these keys.
pub fn assemble_set(
    request: &GenerateRequest,
    keys: &[PrivateKey],
    prepared: &PreparedSet,
    signatures: &[Vec<u8>],
) -> Result<GeneratedSet, GenerateError> {
    let all = requests(request);
    let n = all.len();
    if keys.len() != n || prepared.certificates.len() != n || signatures.len() != n {
        return Err(err(format!(
            "{n} certificates need {n} keys, prepared certificates and signatures; got {}, {} and {}",
            keys.len(),
            prepared.certificates.len(),
            signatures.len()
        )));
    }
    let imported = match (&request.ca, &request.issuer) {
        (None, Some(issuer)) => Some((load_issuer(issuer)?, issuer)),
        _ => None,
    };
    let mut out: Vec<GeneratedCertificate> = Vec::with_capacity(n);
    for (i, (((r, key), p), sig)) in all
        .iter()
        .zip(keys)
        .zip(&prepared.certificates)
        .zip(signatures)
        .enumerate()
    {
        let tbs = BASE64
            .decode(&p.tbs)
            .map_err(|_| err(format!("prepared certificate {i} is not base64")))?;
        let der = der_write::sequence(&[
            tbs,
            p.scheme.algorithm_identifier(),
            der_write::bit_string(&p.scheme.signature_value(sig)?),
        ]);
        let cert = parse_certificate(&der)
            .map_err(|e| err(format!("certificate {i} does not parse: {e}")))?;
        let (signer, chain) = match (p.signed_by, &imported) {
            (SignedBy::Itself, _) => (key.public_key(), String::new()),
            (SignedBy::Ca, _) if i > 0 && request.ca.is_some() => match (keys.first(), out.first())
            {
                (Some(ca), Some(ca_cert)) => (ca.public_key(), ca_cert.cert_pem.clone()),
                _ => return Err(err("no CA to sign with")),
            },
            (SignedBy::Issuer, Some((ca, pem))) => (
                ca.key.public_key(),
                go_pem_blocks(pem.cert_pem.as_bytes())
                    .into_iter()
                    .filter(|b| b.block_type == b"CERTIFICATE")
                    .map(|b| pem_encode("CERTIFICATE", &b.bytes))
                    .collect(),
            ),
            (who, _) => {
                let who = match who {
                    SignedBy::Itself => "itself",
                    SignedBy::Ca => "the CA",
                    SignedBy::Issuer => "the issuer",
                };
                return Err(err(format!(
                    "prepared certificate {i} is signed by {who}, which this request has not"
                )));
            }
        };
        if SignatureScheme::of_key(&signer)? != p.scheme {
            return Err(err(format!(
                "prepared certificate {i} names the wrong signature scheme"
            )));
        }
        check_signature(
            cert.signature_algorithm,
            &cert.raw_tbs,
            &cert.signature,
            &signer,
        )
        .map_err(|e| err(format!("certificate {i}: {e}")))?;
        if !key.matches(&cert.public_key) {
            return Err(err(format!(
                "key {i} does not match the public key of prepared certificate {i}"
            )));
        }
        let format = match r.key_encoding {
            KeyEncoding::Traditional => natural_format(r.key_algorithm),
            KeyEncoding::Pkcs8 => PrivateKeyFormat::Pkcs8,
        };
        let (key_der, label) = key.to_der(format).map_err(err)?;
        let key_der = zeroize::Zeroizing::new(key_der);
        let cert_pem = pem_encode("CERTIFICATE", &der);
        out.push(GeneratedCertificate {
            chain_pem: format!("{cert_pem}{chain}"),
            cert_pem,
            key_pem: pem_encode(label, &key_der),
            key_format: format,
            serial_hex: crate::x509::name::hex(strip_leading_zeros(&cert.serial)),
        });
    }
    let ca = if request.ca.is_some() && !out.is_empty() {
        Some(out.remove(0))
    } else {
        None
    };
    Ok(GeneratedSet { ca, leaves: out })
}

/// Reads a PKCS#8 (or PKCS#1, SEC1) DER key made outside the core, as Go's `tls` reads keys.
///
/// # Errors
/// Go's error text for a key it would not read.
pub fn read_new_key(der: &[u8]) -> Result<PrivateKey, GenerateError> {
    parse_private_key(der).map_err(|e| err(format!("a new key does not parse: {e}")))
}
