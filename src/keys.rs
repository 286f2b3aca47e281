//! Private keys as Go's `crypto/tls` reads them, and Go's `tls.X509KeyPair` check of a
//! certificate against its key. Depends on [`crate::x509`] (a key is compared with a
//! certificate's public key) and [`crate::go`].

pub(crate) mod keypair;
pub(crate) mod private_key;
