//! X.509 certificates the way Go's `crypto/x509` sees them: parsing (a port of `parser.go`),
//! distinguished names, chain verification (a port of `verify.go`), and the two façades over
//! them — the inspection summary and chain verification from PEM text ([`bundle`]).
//!
//! `bundle` lives here, not with the bindings, because it is X.509 over PEM and nothing more
//! (Go's `CertPool.AppendCertsFromPEM` + `Verify`): it depends only on this folder and
//! [`crate::go`], and the resolver uses it too.

pub(crate) mod bundle;
pub(crate) mod error;
pub(crate) mod inspect;
pub(crate) mod name;
pub(crate) mod parse;
pub(crate) mod verify;
