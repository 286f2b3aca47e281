//! Certificates the way Go's `crypto/x509` and `crypto/tls` see them: PEM, parsing, inspection.

pub(crate) mod bundle;
pub(crate) mod cryptobyte;
pub(crate) mod curves;
pub(crate) mod der_write;
pub(crate) mod generate;
pub(crate) mod go_asn1;
pub(crate) mod go_ecdsa;
pub(crate) mod go_rsa;
pub(crate) mod inspect;
pub(crate) mod keypair;
pub(crate) mod keys;
pub(crate) mod name;
pub(crate) mod parse;
pub(crate) mod pem;
pub(crate) mod url;
pub(crate) mod verify;
