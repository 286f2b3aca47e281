//! What a resolve computes that does not change from one state to the next, computed once: key
//! pairs loaded as `tls.X509KeyPair` loads them, PEM pools, and chain verifications.
//!
//! A [`Memo`] belongs to one [`super::Engine`] (no global state); [`super::resolve`] uses a fresh
//! one per call. Entries are keyed by everything the result depends on, so a hit returns exactly
//! what the computation would:
//! * key pairs: the Go generations, the certificate PEM and the SHA-256 of the key PEM (the key
//!   text itself is not kept);
//! * pools: the Go generations and the PEM text;
//! * verifications: the Go generation of the verifier, the DER of the leaf, the intermediates and
//!   the roots, the name, whether it is a client certificate, and for every one of those
//!   certificates whether `now` is before its
//!   `notBefore` and after its `notAfter` — the only ways Go's `Verify` reads the time
//!   (`isValid`, mirrored in `crate::x509::verify`). A failure whose text carries the time
//!   (`current time … is after …`) is reused only for the same instant.
//!
//! Each table is emptied when it reaches [`MAX_ENTRIES`], so memory stays bounded however many
//! states an engine resolves.
//!
//! A resolve reads through a [`Scope`]: the tables, the [`GoTlsVersion`] and the [`GoX509Version`]
//! of the toolchain the Argo CD release was built with, because `pem.Decode`, `tls.X509KeyPair`
//! and `Certificate.Verify` differ between Go releases (`crate::go::version`).

use std::cell::RefCell;
use std::collections::HashMap;

use sha2::{Digest, Sha256};

use super::trust::{self, Chain};
use crate::go::version::{GoTlsVersion, GoX509Version};
use crate::time::UnixTime;
use crate::x509::parse::Certificate;
use crate::x509::verify::VerifyErrorKind;

/// Most entries a table holds before it is emptied.
pub(crate) const MAX_ENTRIES: usize = 4096;

type VerifyKey = (GoX509Version, Vec<Vec<u8>>, String, bool, Vec<(bool, bool)>);
type VerifyResult = Result<(), (VerifyErrorKind, String)>;
type KeyPairKey = (GoTlsVersion, GoX509Version, String, [u8; 32]);

/// The tables; `enabled: false` computes everything every time (for comparisons).
#[derive(Debug)]
pub(crate) struct Memo {
    enabled: bool,
    key_pairs: RefCell<HashMap<KeyPairKey, Result<Chain, String>>>,
    pools: RefCell<HashMap<(GoTlsVersion, GoX509Version, String), Vec<Certificate>>>,
    verifications: RefCell<HashMap<VerifyKey, (UnixTime, VerifyResult)>>,
}

impl Default for Memo {
    fn default() -> Self {
        Self::new(true)
    }
}

fn insert<K: std::hash::Hash + Eq, V>(map: &mut HashMap<K, V>, key: K, value: V) {
    if map.len() >= MAX_ENTRIES {
        map.clear();
    }
    map.insert(key, value);
}

impl Memo {
    pub(crate) fn new(enabled: bool) -> Self {
        Self {
            enabled,
            key_pairs: RefCell::default(),
            pools: RefCell::default(),
            verifications: RefCell::default(),
        }
    }

    /// The tables as a resolve of a release built with Go generations `go` (PEM and key pairs)
    /// and `x509` (chain verification) reads them.
    pub(crate) fn scope(&self, go: GoTlsVersion, x509: GoX509Version) -> Scope<'_> {
        Scope {
            memo: self,
            go,
            x509,
        }
    }

    /// [`trust::load_key_pair`], memoised.
    fn load_key_pair(
        &self,
        go: GoTlsVersion,
        x509: GoX509Version,
        cert_pem: &str,
        key_pem: &str,
    ) -> Result<Chain, String> {
        if !self.enabled {
            return trust::load_key_pair(go, x509, cert_pem, key_pem);
        }
        let key = (
            go,
            x509,
            cert_pem.to_owned(),
            Sha256::digest(key_pem.as_bytes()).into(),
        );
        if let Some(hit) = self.key_pairs.borrow().get(&key) {
            return hit.clone();
        }
        let value = trust::load_key_pair(go, x509, cert_pem, key_pem);
        insert(&mut self.key_pairs.borrow_mut(), key, value.clone());
        value
    }

    /// [`trust::pool_from_pem`], memoised.
    fn pool_from_pem(&self, go: GoTlsVersion, x509: GoX509Version, pem: &str) -> Vec<Certificate> {
        if !self.enabled {
            return trust::pool_from_pem(go, x509, pem);
        }
        let key = (go, x509, pem.to_owned());
        if let Some(hit) = self.pools.borrow().get(&key) {
            return hit.clone();
        }
        let value = trust::pool_from_pem(go, x509, pem);
        insert(&mut self.pools.borrow_mut(), key, value.clone());
        value
    }

    /// [`trust::verify_kind`], memoised.
    #[allow(clippy::too_many_arguments)]
    fn verify_kind(
        &self,
        go: GoX509Version,
        leaf: &Certificate,
        intermediates: &[Certificate],
        roots: &[Certificate],
        dns_name: &str,
        now: UnixTime,
        client_auth: bool,
    ) -> VerifyResult {
        if !self.enabled {
            return trust::verify_kind(go, leaf, intermediates, roots, dns_name, now, client_auth);
        }
        let all = || std::iter::once(leaf).chain(intermediates).chain(roots);
        // Intermediates and roots are told apart by the position of the separator (an empty DER).
        let ders: Vec<Vec<u8>> = std::iter::once(leaf.raw.clone())
            .chain(intermediates.iter().map(|c| c.raw.clone()))
            .chain(std::iter::once(Vec::new()))
            .chain(roots.iter().map(|c| c.raw.clone()))
            .collect();
        let window = all()
            .map(|c| (now < c.not_before, now > c.not_after))
            .collect();
        let key = (go, ders, dns_name.to_owned(), client_auth, window);
        if let Some((at, hit)) = self.verifications.borrow().get(&key) {
            let timeless = match hit {
                Ok(()) => true,
                Err((kind, text)) => {
                    *kind != VerifyErrorKind::Expired && !text.contains("current time")
                }
            };
            if timeless || *at == now {
                return hit.clone();
            }
        }
        let value = trust::verify_kind(go, leaf, intermediates, roots, dns_name, now, client_auth);
        insert(
            &mut self.verifications.borrow_mut(),
            key,
            (now, value.clone()),
        );
        value
    }
}

/// The [`Memo`] as one resolve reads it: every PEM and key pair is decoded, and every chain
/// verified, as the Go release the resolved Argo CD release was built with does it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scope<'a> {
    memo: &'a Memo,
    go: GoTlsVersion,
    x509: GoX509Version,
}

impl Scope<'_> {
    /// `tls.X509KeyPair` of this Go release ([`trust::load_key_pair`]), memoised.
    pub(crate) fn load_key_pair(self, cert_pem: &str, key_pem: &str) -> Result<Chain, String> {
        self.memo
            .load_key_pair(self.go, self.x509, cert_pem, key_pem)
    }

    /// `CertPool.AppendCertsFromPEM` of this Go release ([`trust::pool_from_pem`]), memoised.
    pub(crate) fn pool_from_pem(self, pem: &str) -> Vec<Certificate> {
        self.memo.pool_from_pem(self.go, self.x509, pem)
    }

    /// [`trust::verify_kind`] with this release's verifier generation, memoised.
    pub(crate) fn verify_kind(
        self,
        leaf: &Certificate,
        intermediates: &[Certificate],
        roots: &[Certificate],
        dns_name: &str,
        now: UnixTime,
        client_auth: bool,
    ) -> VerifyResult {
        self.memo.verify_kind(
            self.x509,
            leaf,
            intermediates,
            roots,
            dns_name,
            now,
            client_auth,
        )
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::io::Read;

    use super::*;

    /// x509-limbo's `cve::cve-2025-61727` (a `*.example.com` leaf under an intermediate that
    /// excludes `bar.example.com`): Go 1.24.3 accepts it, Go 1.24.11 refuses it (measured by
    /// `tests/limbo_generations.rs`). One memo asked as both must give both answers.
    #[test]
    #[allow(clippy::unwrap_used)]
    fn verifications_are_keyed_by_the_verifier_generation() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpora/x509-limbo/limbo.json.gz"
        );
        let gz = std::fs::read(path).unwrap();
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_end(&mut text)
            .unwrap();
        let limbo: serde_json::Value = serde_json::from_slice(&text).unwrap();
        let tc = limbo["testcases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == "cve::cve-2025-61727")
            .unwrap();
        let pem = |v: &serde_json::Value| v.as_str().unwrap().to_string();
        let pool = |k: &str| -> String {
            tc[k]
                .as_array()
                .unwrap()
                .iter()
                .map(pem)
                .collect::<Vec<_>>()
                .join("")
        };
        let memo = Memo::new(true);
        let now = UnixTime::parse_rfc3339("2026-11-01T00:00:00Z").unwrap();
        let ask = |x509: GoX509Version| {
            let scope = memo.scope(GoTlsVersion::Go124, x509);
            let leaf = scope.pool_from_pem(&pem(&tc["peer_certificate"]));
            let intermediates = scope.pool_from_pem(&pool("untrusted_intermediates"));
            let roots = scope.pool_from_pem(&pool("trusted_certs"));
            scope.verify_kind(
                &leaf[0],
                &intermediates,
                &roots,
                "bar.example.com",
                now,
                false,
            )
        };
        assert_eq!(ask(GoX509Version::Go124), Ok(()));
        let refused = ask(GoX509Version::Go124Patched).unwrap_err();
        assert_eq!(refused.0, VerifyErrorKind::CaNotAuthorizedForThisName);
        assert!(
            refused.1.ends_with(
                "DNS name \"*.example.com\" is excluded by constraint \"bar.example.com\""
            )
        );
        assert_eq!(ask(GoX509Version::Go124), Ok(()));
        assert_eq!(memo.verifications.borrow().len(), 2);
    }
}
