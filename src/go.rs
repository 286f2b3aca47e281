//! Ports of Go source files: the parts of Go's standard library whose verdicts and error texts
//! Argo CD's behaviour depends on and no crate reproduces. Each module names the Go file and Go
//! version it mirrors. Nothing here imports anything above it (`x509`, `keys`, `generate`, the
//! resolver): these are the leaves of the module graph.

pub(crate) mod asn1;
pub(crate) mod base64;
pub(crate) mod bigint;
pub(crate) mod cryptobyte;
pub(crate) mod ecdsa;
pub(crate) mod elliptic;
pub(crate) mod pem;
pub(crate) mod rsa;
pub(crate) mod strconv;
pub(crate) mod url;
pub(crate) mod version;
