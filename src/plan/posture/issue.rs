//! Certificates for a posture: what must be issued outside the core ([`issuance_requests`]),
//! and deterministic *stand-ins* — certificates with the right names, usages and issuer, made
//! from a seed instead of randomness — for what cert-manager will issue (and, in tests and
//! simulations, for what the CLI would generate).
//!
//! A stand-in is made by the generate pipeline ([`generate_set`]) driven by [`SeededRng`], a
//! SHA-256 counter stream keyed by a label and the posture: keys, serials and signatures (RSA
//! PKCS#1 v1.5 and RFC 6979 deterministic ECDSA) are then the same on every run and surface.
//! A stand-in's private key only ever lives in the model's Secrets, never in an object.

use std::convert::Infallible;

use rand_core::{TryCryptoRng, TryRng};
use sha2::{Digest, Sha256};

use super::{IssuedPem, PostureError};
use crate::generate::{
    CertificateRequest, ExtKeyUsage, GenerateRequest, GeneratedCertificate, IssuerPem,
    KeyAlgorithm, KeyEncoding, generate_set_with_keys, generation_steps, read_new_key,
};

/// One certificate to be issued outside the core: a CA and a leaf (`generate`), or a leaf
/// signed by the operator's CA key (`myCa` with `caKeyPem`).
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Issuance {
    /// Which certificate: the Secret it goes to, e.g. `argocd-repo-server-tls`.
    pub id: String,
    /// What to generate ([`generate_set`] takes it as is).
    pub request: GenerateRequest,
}

const DAY: i64 = 24 * 3600;
/// Validity of a leaf issued here (one year, like Argo CD's own self-signed certificates).
pub(super) const LEAF_DAYS: i64 = 365;
/// Validity of a CA made here (ten years).
pub(super) const CA_DAYS: i64 = 3650;
/// cert-manager's default `duration` (90 days).
pub(super) const CERT_MANAGER_DAYS: i64 = 90;

/// A leaf request: DNS names, usages, key type, validity from `now`.
pub(super) fn leaf_request(
    dns_names: &[String],
    usages: &[ExtKeyUsage],
    algorithm: KeyAlgorithm,
    now: i64,
    days: i64,
) -> CertificateRequest {
    CertificateRequest {
        common_name: dns_names.first().cloned(),
        organization: None,
        dns_names: dns_names.to_vec(),
        ip_addresses: Vec::new(),
        is_ca: false,
        ext_key_usages: usages.to_vec(),
        key_algorithm: algorithm,
        key_encoding: KeyEncoding::Traditional,
        not_before: now,
        not_after: now.saturating_add(days * DAY),
    }
}

/// A CA request.
pub(super) fn ca_request(
    common_name: &str,
    algorithm: KeyAlgorithm,
    now: i64,
) -> CertificateRequest {
    CertificateRequest {
        common_name: Some(common_name.to_string()),
        organization: Some("Argo CD".to_string()),
        dns_names: Vec::new(),
        ip_addresses: Vec::new(),
        is_ca: true,
        ext_key_usages: Vec::new(),
        key_algorithm: algorithm,
        key_encoding: KeyEncoding::Traditional,
        not_before: now,
        not_after: now.saturating_add(CA_DAYS * DAY),
    }
}

/// A deterministic byte stream: SHA-256(seed ‖ counter) blocks. For stand-ins only: anyone who
/// knows the seed knows the keys, which is the point (the same plan everywhere) and why a
/// stand-in's key never leaves the model.
pub(super) struct SeededRng {
    seed: [u8; 32],
    counter: u64,
    block: [u8; 32],
    used: usize,
}

impl SeededRng {
    pub(super) fn new(label: &str, context: &[u8]) -> Self {
        let mut h = Sha256::new();
        h.update(b"argocd-tls-planner stand-in\0");
        h.update(label.as_bytes());
        h.update([0]);
        h.update(context);
        Self {
            seed: h.finalize().into(),
            counter: 0,
            block: [0; 32],
            used: 32,
        }
    }

    fn next_byte(&mut self) -> u8 {
        if self.used == self.block.len() {
            let mut h = Sha256::new();
            h.update(self.seed);
            h.update(self.counter.to_be_bytes());
            self.block = h.finalize().into();
            self.counter = self.counter.wrapping_add(1);
            self.used = 0;
        }
        let b = self.block[self.used];
        self.used += 1;
        b
    }
}

impl TryRng for SeededRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for d in dst {
            *d = self.next_byte();
        }
        Ok(())
    }
}

impl TryCryptoRng for SeededRng {}

/// Issues `request` deterministically from `label` and `context` (the posture's bytes).
pub(super) fn stand_in_set(
    label: &str,
    context: &[u8],
    request: &GenerateRequest,
) -> Result<(Option<GeneratedCertificate>, GeneratedCertificate), PostureError> {
    let mut rng = SeededRng::new(label, context);
    let failed = |e: crate::generate::GenerateError| PostureError::Unsupported {
        message: format!("{label}: {e}"),
    };
    let keys = generation_steps(request)
        .map_err(failed)?
        .iter()
        .map(|step| stand_in_key(step.key_algorithm))
        .collect::<Result<Vec<_>, _>>()
        .map_err(failed)?;
    let set = generate_set_with_keys(request, keys, &mut rng).map_err(failed)?;
    let leaf = set
        .leaves
        .into_iter()
        .next()
        .ok_or_else(|| PostureError::Unsupported {
            message: format!("{label}: nothing was issued"),
        })?;
    Ok((set.ca, leaf))
}

/// The stand-in key of `algorithm`: one fixed key per algorithm, made once with OpenSSL
/// (`stand-in/*.pem`). Stand-ins only simulate certificates cert-manager will issue in the
/// cluster (their keys never leave the model), so a fixed key serves: no key is generated and no
/// RSA prime is searched for, which keeps plans fast and key generation out of the wasm module.
fn stand_in_key(
    algorithm: KeyAlgorithm,
) -> Result<crate::keys::private_key::PrivateKey, crate::generate::GenerateError> {
    let pem = match algorithm {
        KeyAlgorithm::Rsa2048 => include_str!("stand-in/rsa-2048.pem"),
        KeyAlgorithm::EcdsaP256 => include_str!("stand-in/p256.pem"),
        KeyAlgorithm::EcdsaP384 => include_str!("stand-in/p384.pem"),
        KeyAlgorithm::EcdsaP521 => include_str!("stand-in/p521.pem"),
        KeyAlgorithm::Ed25519 => include_str!("stand-in/ed25519.pem"),
    };
    let der = crate::go::pem::go_pem_decode(pem.as_bytes())
        .0
        .map(|block| block.bytes)
        .unwrap_or_default();
    read_new_key(&der)
}

/// A stand-in CA (cert-manager's `argocd-ca`, or the unknown CA behind an existing issuer).
pub(super) fn stand_in_ca(
    label: &str,
    context: &[u8],
    common_name: &str,
    algorithm: KeyAlgorithm,
    now: i64,
) -> Result<IssuerPem, PostureError> {
    let request = GenerateRequest {
        ca: None,
        issuer: None,
        leaves: vec![ca_request(common_name, algorithm, now)],
    };
    let (_, ca) = stand_in_set(label, context, &request)?;
    Ok(IssuerPem {
        cert_pem: ca.cert_pem,
        key_pem: ca.key_pem,
    })
}

/// Stand-ins for `requests` (what the CLI would generate), keyed by [`Issuance::id`]: the same
/// on every run for the same posture bytes. For simulations and tests; real bundles carry
/// certificates generated with OS randomness.
///
/// # Errors
/// A request the generate pipeline refuses.
pub fn stand_in_issued(
    requests: &[Issuance],
    context: &[u8],
) -> Result<std::collections::BTreeMap<String, IssuedPem>, PostureError> {
    let mut out = std::collections::BTreeMap::new();
    for r in requests {
        let (ca, leaf) = stand_in_set(&r.id, context, &r.request)?;
        let ca_cert_pem = match (ca, &r.request.issuer) {
            (Some(ca), _) => ca.cert_pem,
            (None, Some(issuer)) => issuer.cert_pem.clone(),
            (None, None) => leaf.cert_pem.clone(),
        };
        out.insert(
            r.id.clone(),
            IssuedPem {
                ca_cert_pem,
                cert_pem: leaf.chain_pem,
                key_pem: leaf.key_pem,
            },
        );
    }
    Ok(out)
}
