//! Certificate generation (CAs and leaves, keys from RustCrypto natively or WebCrypto in the npm
//! package). The last stage: it uses [`crate::keys`], [`crate::x509`] and [`crate::go`], and
//! nothing else in the engine uses it.

pub(crate) mod certificates;
