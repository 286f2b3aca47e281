//! What a resolve computes that does not change from one state to the next, computed once: key
//! pairs loaded as `tls.X509KeyPair` loads them, PEM pools, and chain verifications.
//!
//! A [`Memo`] belongs to one [`super::Engine`] (no global state); [`super::resolve`] uses a fresh
//! one per call. Entries are keyed by everything the result depends on, so a hit returns exactly
//! what the computation would:
//! * key pairs: the Go generation, the certificate PEM and the SHA-256 of the key PEM (the key
//!   text itself is not kept);
//! * pools: the Go generation and the PEM text;
//! * verifications: the DER of the leaf, the intermediates and the roots, the name, whether it is
//!   a client certificate, and for every one of those certificates whether `now` is before its
//!   `notBefore` and after its `notAfter` — the only ways Go's `Verify` reads the time
//!   (`isValid`, mirrored in `crate::x509::verify`). A failure whose text carries the time
//!   (`current time … is after …`) is reused only for the same instant.
//!
//! Each table is emptied when it reaches [`MAX_ENTRIES`], so memory stays bounded however many
//! states an engine resolves.
//!
//! A resolve reads through a [`Scope`]: the tables and the [`GoTlsVersion`] of the toolchain the
//! Argo CD release was built with, because `pem.Decode` and `tls.X509KeyPair` differ between Go
//! releases (`crate::go::version`).

use std::cell::RefCell;
use std::collections::HashMap;

use sha2::{Digest, Sha256};

use super::trust::{self, Chain};
use crate::go::version::GoTlsVersion;
use crate::time::UnixTime;
use crate::x509::parse::Certificate;
use crate::x509::verify::VerifyErrorKind;

/// Most entries a table holds before it is emptied.
pub(crate) const MAX_ENTRIES: usize = 4096;

type VerifyKey = (Vec<Vec<u8>>, String, bool, Vec<(bool, bool)>);
type VerifyResult = Result<(), (VerifyErrorKind, String)>;
type KeyPairKey = (GoTlsVersion, String, [u8; 32]);

/// The tables; `enabled: false` computes everything every time (for comparisons).
#[derive(Debug)]
pub(crate) struct Memo {
    enabled: bool,
    key_pairs: RefCell<HashMap<KeyPairKey, Result<Chain, String>>>,
    pools: RefCell<HashMap<(GoTlsVersion, String), Vec<Certificate>>>,
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

    /// The tables as a resolve of a release built with Go generation `go` reads them.
    pub(crate) fn scope(&self, go: GoTlsVersion) -> Scope<'_> {
        Scope { memo: self, go }
    }

    /// [`trust::load_key_pair`], memoised.
    fn load_key_pair(
        &self,
        go: GoTlsVersion,
        cert_pem: &str,
        key_pem: &str,
    ) -> Result<Chain, String> {
        if !self.enabled {
            return trust::load_key_pair(go, cert_pem, key_pem);
        }
        let key = (
            go,
            cert_pem.to_owned(),
            Sha256::digest(key_pem.as_bytes()).into(),
        );
        if let Some(hit) = self.key_pairs.borrow().get(&key) {
            return hit.clone();
        }
        let value = trust::load_key_pair(go, cert_pem, key_pem);
        insert(&mut self.key_pairs.borrow_mut(), key, value.clone());
        value
    }

    /// [`trust::pool_from_pem`], memoised.
    fn pool_from_pem(&self, go: GoTlsVersion, pem: &str) -> Vec<Certificate> {
        if !self.enabled {
            return trust::pool_from_pem(go, pem);
        }
        let key = (go, pem.to_owned());
        if let Some(hit) = self.pools.borrow().get(&key) {
            return hit.clone();
        }
        let value = trust::pool_from_pem(go, pem);
        insert(&mut self.pools.borrow_mut(), key, value.clone());
        value
    }

    /// [`trust::verify_kind`], memoised.
    fn verify_kind(
        &self,
        leaf: &Certificate,
        intermediates: &[Certificate],
        roots: &[Certificate],
        dns_name: &str,
        now: UnixTime,
        client_auth: bool,
    ) -> VerifyResult {
        if !self.enabled {
            return trust::verify_kind(leaf, intermediates, roots, dns_name, now, client_auth);
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
        let key = (ders, dns_name.to_owned(), client_auth, window);
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
        let value = trust::verify_kind(leaf, intermediates, roots, dns_name, now, client_auth);
        insert(
            &mut self.verifications.borrow_mut(),
            key,
            (now, value.clone()),
        );
        value
    }
}

/// The [`Memo`] as one resolve reads it: every PEM and key pair is decoded as the Go release the
/// resolved Argo CD release was built with decodes it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scope<'a> {
    memo: &'a Memo,
    go: GoTlsVersion,
}

impl Scope<'_> {
    /// `tls.X509KeyPair` of this Go release ([`trust::load_key_pair`]), memoised.
    pub(crate) fn load_key_pair(self, cert_pem: &str, key_pem: &str) -> Result<Chain, String> {
        self.memo.load_key_pair(self.go, cert_pem, key_pem)
    }

    /// `CertPool.AppendCertsFromPEM` of this Go release ([`trust::pool_from_pem`]), memoised.
    pub(crate) fn pool_from_pem(self, pem: &str) -> Vec<Certificate> {
        self.memo.pool_from_pem(self.go, pem)
    }

    /// [`trust::verify_kind`], memoised (the verifier does not differ between the releases
    /// modelled here).
    pub(crate) fn verify_kind(
        self,
        leaf: &Certificate,
        intermediates: &[Certificate],
        roots: &[Certificate],
        dns_name: &str,
        now: UnixTime,
        client_auth: bool,
    ) -> VerifyResult {
        self.memo
            .verify_kind(leaf, intermediates, roots, dns_name, now, client_auth)
    }
}
