//! One X.509 certificate, parsed into the fields Go's `crypto/x509.Certificate` exposes, with the
//! accept/reject verdict and error text of Go's `x509.ParseCertificate`.
//!
//! Argo CD decides with Go's `x509.ParseCertificate`, so this module mirrors
//! `$GOROOT/src/crypto/x509/parser.go` of Go 1.26 / 1.27 step by step (same order of checks, same
//! messages, same extension handling and `UnhandledCriticalExtensions`). It reads the DER with
//! [`Cbs`](crate::go::cryptobyte), a port of Go's cryptobyte reader, instead of
//! `x509-cert`: x509-cert is stricter in places Go is lenient (UTCTime before 1970, unknown
//! string types, trailing data in attributes, BER-ish extension contents Go never looks at) and
//! lenient where Go is strict (negative serials, duplicate extensions, critical AKI/SKI/AIA), and
//! cannot give Go's error texts. Every raw field is a slice of the input, never re-encoded.
//!
//! [`parse_certificate_as`] parses as an older Go where the verdict or text is known to differ
//! (measured by `tests/limbo_generations.rs`): Go 1.26 and older read an `rfc822Name` constraint
//! with an `@` through the older `parseRFC2821Mailbox` (`domainToReverseLabels` for the domain),
//! Go 1.21.13 checks a domain-only one with `domainToReverseLabels`, and Go 1.25 and older parse
//! URI SANs without `urlstrictcolons`; Go 1.22 and older (Go 1.21.13's and 1.22.10's
//! `parser.go`) accept negative serials and critical AKI, SKI and AIA extensions, and report a
//! duplicate extension without its OID.

use crate::go::cryptobyte::{Cbs, oid_der_to_dotted, tag};
use crate::go::strconv::go_quote;
use crate::go::version::GoX509Version;
use crate::time::UnixTime;
use crate::x509::name::{DistinguishedName, hex};

pub use super::error::ParseError;

/// The public-key algorithm of a certificate, as Go's `x509.PublicKeyAlgorithm` names it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKey {
    /// An RSA key: the modulus (big-endian, no leading zeros) and public exponent.
    Rsa {
        /// Modulus bytes, big-endian.
        modulus: Vec<u8>,
        /// Public exponent.
        exponent: u64,
    },
    /// An ECDSA key on a named curve, with the uncompressed SEC1 point.
    Ecdsa {
        /// Curve name as Go prints it: `P-256`, `P-384` or `P-521`.
        curve: &'static str,
        /// SEC1 encoded point.
        point: Vec<u8>,
    },
    /// An Ed25519 key.
    Ed25519(
        /// The 32 key bytes.
        [u8; 32],
    ),
    /// A DSA key (Go parses these but cannot verify with them).
    Dsa {
        /// Prime `p`, big-endian.
        p: Vec<u8>,
        /// Subprime `q`, big-endian.
        q: Vec<u8>,
        /// Generator `g`, big-endian.
        g: Vec<u8>,
        /// Public value `y`, big-endian.
        y: Vec<u8>,
    },
    /// An ML-DSA key (FIPS 204), Go 1.26+.
    MlDsa {
        /// The parameter set: 44, 65 or 87.
        level: u16,
        /// The encoded public key.
        key: Vec<u8>,
    },
    /// A key Go does not support (`x509.UnknownPublicKeyAlgorithm`); the OID is kept for display.
    Unknown {
        /// The algorithm OID in dotted form.
        algorithm: String,
    },
}

impl PublicKey {
    /// Go's `PublicKeyAlgorithm.String()`: `RSA`, `ECDSA`, `Ed25519`, or `0` for unknown.
    pub fn algorithm_name(&self) -> &'static str {
        match self {
            Self::Rsa { .. } => "RSA",
            Self::Ecdsa { .. } => "ECDSA",
            Self::Ed25519(_) => "Ed25519",
            Self::Dsa { .. } => "DSA",
            Self::MlDsa { .. } => "ML-DSA",
            Self::Unknown { .. } => "0",
        }
    }

    /// Key size in bits (RSA modulus length, curve size, 256 for Ed25519), 0 when unknown.
    pub fn bits(&self) -> u32 {
        match self {
            Self::Rsa { modulus, .. } => {
                let m = strip_leading_zeros(modulus);
                match m.first() {
                    None => 0,
                    Some(first) => (m.len() as u32) * 8 - first.leading_zeros(),
                }
            }
            Self::Dsa { p, .. } => {
                let m = strip_leading_zeros(p);
                match m.first() {
                    None => 0,
                    Some(first) => (m.len() as u32) * 8 - first.leading_zeros(),
                }
            }
            Self::Ecdsa { curve: "P-224", .. } => 224,
            Self::Ecdsa { curve: "P-256", .. } | Self::Ed25519(_) => 256,
            Self::Ecdsa { curve: "P-384", .. } => 384,
            Self::Ecdsa { curve: "P-521", .. } => 521,
            Self::MlDsa { level, .. } => u32::from(*level),
            Self::Ecdsa { .. } | Self::Unknown { .. } => 0,
        }
    }
}

pub(crate) fn strip_leading_zeros(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|x| **x == 0).count();
    b.get(n..).unwrap_or_default()
}

/// The signature algorithm of a certificate, as Go's `x509.SignatureAlgorithm` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[allow(missing_docs)] // the variants are Go's names
pub enum SignatureAlgorithm {
    Unknown,
    Md2WithRsa,
    Md5WithRsa,
    Sha1WithRsa,
    Sha256WithRsa,
    Sha384WithRsa,
    Sha512WithRsa,
    DsaWithSha1,
    DsaWithSha256,
    EcdsaWithSha1,
    EcdsaWithSha256,
    EcdsaWithSha384,
    EcdsaWithSha512,
    Sha256WithRsaPss,
    Sha384WithRsaPss,
    Sha512WithRsaPss,
    PureEd25519,
    MlDsa44,
    MlDsa65,
    MlDsa87,
}

impl SignatureAlgorithm {
    /// Go's `SignatureAlgorithm.String()`, e.g. `SHA256-RSA`, `ECDSA-SHA256`, `Ed25519`.
    pub fn go_name(self) -> &'static str {
        match self {
            Self::Unknown => "0",
            Self::Md2WithRsa => "MD2-RSA",
            Self::Md5WithRsa => "MD5-RSA",
            Self::Sha1WithRsa => "SHA1-RSA",
            Self::Sha256WithRsa => "SHA256-RSA",
            Self::Sha384WithRsa => "SHA384-RSA",
            Self::Sha512WithRsa => "SHA512-RSA",
            Self::DsaWithSha1 => "DSA-SHA1",
            Self::DsaWithSha256 => "DSA-SHA256",
            Self::EcdsaWithSha1 => "ECDSA-SHA1",
            Self::EcdsaWithSha256 => "ECDSA-SHA256",
            Self::EcdsaWithSha384 => "ECDSA-SHA384",
            Self::EcdsaWithSha512 => "ECDSA-SHA512",
            Self::Sha256WithRsaPss => "SHA256-RSAPSS",
            Self::Sha384WithRsaPss => "SHA384-RSAPSS",
            Self::Sha512WithRsaPss => "SHA512-RSAPSS",
            Self::PureEd25519 => "Ed25519",
            Self::MlDsa44 => "ML-DSA-44",
            Self::MlDsa65 => "ML-DSA-65",
            Self::MlDsa87 => "ML-DSA-87",
        }
    }
}

/// One extension as it appears in the certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawExtension {
    /// The extension OID in dotted form.
    pub oid: String,
    /// Whether it is marked critical.
    pub critical: bool,
    /// The DER inside the OCTET STRING.
    pub value: Vec<u8>,
}

/// A parsed certificate: the fields of Go's `x509.Certificate` that Argo CD's behaviour depends on.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Certificate {
    /// The complete DER encoding.
    pub raw: Vec<u8>,
    /// The DER of `tbsCertificate`, exactly as signed.
    pub raw_tbs: Vec<u8>,
    /// The DER of the subject `Name` (compared byte for byte when building chains, as Go does).
    pub raw_subject: Vec<u8>,
    /// The DER of the issuer `Name`.
    pub raw_issuer: Vec<u8>,
    /// The DER of `subjectPublicKeyInfo`.
    pub raw_spki: Vec<u8>,
    /// X.509 version as Go reports it (1, 2 or 3).
    pub version: u8,
    /// The serial number's two's-complement big-endian bytes as encoded (never negative: Go
    /// rejects negative serials).
    pub serial: Vec<u8>,
    /// The subject.
    pub subject: DistinguishedName,
    /// The issuer.
    pub issuer: DistinguishedName,
    /// Start of validity.
    pub not_before: UnixTime,
    /// End of validity.
    pub not_after: UnixTime,
    /// The subject public key.
    pub public_key: PublicKey,
    /// The signature algorithm of the outer `signatureAlgorithm`.
    pub signature_algorithm: SignatureAlgorithm,
    /// The DER of the `signature` AlgorithmIdentifier inside `tbsCertificate` (Go's
    /// `RawSignatureAlgorithm`; byte-identical to the outer one, Go rejects a mismatch). For
    /// RSA-PSS the hash is already folded into [`Certificate::signature_algorithm`].
    pub raw_signature_algorithm: Vec<u8>,
    /// The signature bits (Go's `Signature`, the BIT STRING right-aligned).
    pub signature: Vec<u8>,
    /// Every extension in order.
    pub extensions: Vec<RawExtension>,
    /// Key usage bits (Go's `x509.KeyUsage` bit set: bit 0 = digitalSignature … bit 8 =
    /// decipherOnly); 0 if absent.
    pub key_usage: u16,
    /// Whether the key-usage extension is present.
    pub key_usage_present: bool,
    /// Extended key usages Go knows (Go's `ExtKeyUsage`), in certificate order; empty if absent.
    pub ext_key_usage: Vec<ExtKeyUsage>,
    /// Extended key usage OIDs Go does not know (Go's `UnknownExtKeyUsage`), dotted.
    pub unknown_ext_key_usage: Vec<String>,
    /// Whether basic constraints is present (Go's `BasicConstraintsValid`).
    pub basic_constraints_valid: bool,
    /// The `cA` flag.
    pub is_ca: bool,
    /// `pathLenConstraint`: `None` is Go's `MaxPathLen == -1` (no limit), `Some(0)` is Go's
    /// `MaxPathLenZero` (no intermediate may follow), `Some(n)` is `MaxPathLen == n`.
    /// Go rejects values above `math.MaxInt`, so every `Some` fits in an `i64`. Without the
    /// basic-constraints extension this is `None` while Go leaves `MaxPathLen` at 0 (with
    /// `MaxPathLenZero` false); Go's verifier reads it only when `BasicConstraintsValid`.
    pub max_path_len: Option<u64>,
    /// Subject key identifier bytes.
    pub subject_key_id: Vec<u8>,
    /// Authority key identifier bytes.
    pub authority_key_id: Vec<u8>,
    /// DNS SANs.
    pub dns_names: Vec<String>,
    /// Email SANs.
    pub email_addresses: Vec<String>,
    /// IP SANs (4 or 16 bytes each).
    pub ip_addresses: Vec<Vec<u8>>,
    /// URI SANs, the raw IA5 text as encoded (Go keeps a `*url.URL` parsed from it).
    pub uris: Vec<String>,
    /// For each of [`Certificate::uris`], Go's `URL.Host` (unescaped, port included), which Go's
    /// URI name constraints match against.
    pub uri_hosts: Vec<String>,
    /// For each of [`Certificate::uris`], Go's `URL.String()` (re-escaped), as Go's verifier
    /// prints a URI in its errors.
    pub uri_strings: Vec<String>,
    /// Go's `PermittedDNSDomainsCritical`: the name-constraints extension is marked critical.
    pub permitted_dns_domains_critical: bool,
    /// Name constraints: permitted DNS domains (`dNSName` subtrees), as encoded.
    pub permitted_dns_domains: Vec<String>,
    /// Name constraints: excluded DNS domains.
    pub excluded_dns_domains: Vec<String>,
    /// Name constraints: permitted IP ranges (`iPAddress` subtrees).
    pub permitted_ip_ranges: Vec<IpNet>,
    /// Name constraints: excluded IP ranges.
    pub excluded_ip_ranges: Vec<IpNet>,
    /// Name constraints: permitted `rfc822Name` constraints (mailbox, host or `.domain`).
    pub permitted_email_addresses: Vec<String>,
    /// Name constraints: excluded `rfc822Name` constraints.
    pub excluded_email_addresses: Vec<String>,
    /// Name constraints: permitted URI domains (`uniformResourceIdentifier` subtrees).
    pub permitted_uri_domains: Vec<String>,
    /// Name constraints: excluded URI domains.
    pub excluded_uri_domains: Vec<String>,
    /// The name-constraints extension holds a subtree of a type Go does not handle
    /// (directoryName, otherName, …). Go then lists the extension in
    /// `UnhandledCriticalExtensions` if it is critical; this flag is set either way.
    pub has_unhandled_name_constraints: bool,
    /// CRL distribution point URIs (Go's `CRLDistributionPoints`).
    pub crl_distribution_points: Vec<String>,
    /// AIA OCSP server URIs (Go's `OCSPServer`).
    pub ocsp_server: Vec<String>,
    /// AIA CA issuer URIs (Go's `IssuingCertificateURL`).
    pub issuing_certificate_url: Vec<String>,
    /// Certificate policy OIDs, dotted (Go's `Policies`; arcs may exceed 64 bits).
    pub policies: Vec<String>,
    /// Policy mappings, in order (Go's `PolicyMappings`).
    pub policy_mappings: Vec<PolicyMapping>,
    /// `inhibitAnyPolicy` (RFC 5280 4.2.1.14): `None` when absent; `Some(0)` is Go's
    /// `InhibitAnyPolicyZero`; `Some(n)` is `InhibitAnyPolicy == n` (Go allows negative values).
    pub inhibit_any_policy: Option<i64>,
    /// Policy constraints `requireExplicitPolicy`: `None` when absent; `Some(0)` is Go's
    /// `RequireExplicitPolicyZero`.
    pub require_explicit_policy: Option<i64>,
    /// Policy constraints `inhibitPolicyMapping`: `None` when absent; `Some(0)` is Go's
    /// `InhibitPolicyMappingZero`.
    pub inhibit_policy_mapping: Option<i64>,
    /// Critical extensions Go did not process (Go's `UnhandledCriticalExtensions`), dotted, in
    /// certificate order. Go's `Verify` fails on a non-empty list.
    pub unhandled_critical_extensions: Vec<String>,
}

/// An IP range from a name constraint: address and mask of the same length (4 or 16 bytes),
/// as Go's `*net.IPNet` holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IpNet {
    /// The address bytes as encoded.
    pub ip: Vec<u8>,
    /// The mask bytes as encoded (Go checks it is contiguous ones then zeros).
    pub mask: Vec<u8>,
}

/// One policy mapping (RFC 5280 4.2.1.5), as Go's `x509.PolicyMapping`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyMapping {
    /// `issuerDomainPolicy`, dotted. Go does not validate these OIDs; content that is not a
    /// valid OID is rendered as `invalid:<hex>` so it equals no valid policy.
    pub issuer_domain_policy: String,
    /// `subjectDomainPolicy`, dotted (same rendering rule).
    pub subject_domain_policy: String,
}

/// An extended key usage Go knows (Go's `x509.ExtKeyUsage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[allow(missing_docs)] // the variants are Go's names
pub enum ExtKeyUsage {
    Any,
    ServerAuth,
    ClientAuth,
    CodeSigning,
    EmailProtection,
    IpsecEndSystem,
    IpsecTunnel,
    IpsecUser,
    TimeStamping,
    OcspSigning,
    MicrosoftServerGatedCrypto,
    NetscapeServerGatedCrypto,
    MicrosoftCommercialCodeSigning,
    MicrosoftKernelCodeSigning,
}

impl ExtKeyUsage {
    /// Every known usage with its OID (Go's `extKeyUsageOIDs`).
    const TABLE: [(Self, &'static str); 14] = [
        (Self::Any, "2.5.29.37.0"),
        (Self::ServerAuth, "1.3.6.1.5.5.7.3.1"),
        (Self::ClientAuth, "1.3.6.1.5.5.7.3.2"),
        (Self::CodeSigning, "1.3.6.1.5.5.7.3.3"),
        (Self::EmailProtection, "1.3.6.1.5.5.7.3.4"),
        (Self::IpsecEndSystem, "1.3.6.1.5.5.7.3.5"),
        (Self::IpsecTunnel, "1.3.6.1.5.5.7.3.6"),
        (Self::IpsecUser, "1.3.6.1.5.5.7.3.7"),
        (Self::TimeStamping, "1.3.6.1.5.5.7.3.8"),
        (Self::OcspSigning, "1.3.6.1.5.5.7.3.9"),
        (Self::MicrosoftServerGatedCrypto, "1.3.6.1.4.1.311.10.3.3"),
        (Self::NetscapeServerGatedCrypto, "2.16.840.1.113730.4.1"),
        (
            Self::MicrosoftCommercialCodeSigning,
            "1.3.6.1.4.1.311.2.1.22",
        ),
        (Self::MicrosoftKernelCodeSigning, "1.3.6.1.4.1.311.61.1.1"),
    ];

    /// The usage for a dotted OID, if Go knows it.
    pub fn from_oid(dotted: &str) -> Option<Self> {
        Self::TABLE
            .iter()
            .find(|(_, o)| *o == dotted)
            .map(|(u, _)| *u)
    }

    /// The usage's OID, dotted.
    pub fn oid(self) -> &'static str {
        Self::TABLE
            .iter()
            .find(|(u, _)| *u == self)
            .map_or("", |(_, o)| *o)
    }

    /// The Go constant's name without the `ExtKeyUsage` prefix, e.g. `ServerAuth`, `Any`.
    pub fn go_name(self) -> &'static str {
        match self {
            Self::Any => "Any",
            Self::ServerAuth => "ServerAuth",
            Self::ClientAuth => "ClientAuth",
            Self::CodeSigning => "CodeSigning",
            Self::EmailProtection => "EmailProtection",
            Self::IpsecEndSystem => "IPSECEndSystem",
            Self::IpsecTunnel => "IPSECTunnel",
            Self::IpsecUser => "IPSECUser",
            Self::TimeStamping => "TimeStamping",
            Self::OcspSigning => "OCSPSigning",
            Self::MicrosoftServerGatedCrypto => "MicrosoftServerGatedCrypto",
            Self::NetscapeServerGatedCrypto => "NetscapeServerGatedCrypto",
            Self::MicrosoftCommercialCodeSigning => "MicrosoftCommercialCodeSigning",
            Self::MicrosoftKernelCodeSigning => "MicrosoftKernelCodeSigning",
        }
    }
}

impl Certificate {
    /// The serial number in decimal, as Go's `SerialNumber.String()` prints it.
    pub fn serial_decimal(&self) -> String {
        crate::go::cryptobyte::decimal(&self.serial)
    }
}

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_DSA: &str = "1.2.840.10040.4.1";
const OID_EC: &str = "1.2.840.10045.2.1";
const OID_ED25519: &str = "1.3.101.112";
const OID_MLDSA44: &str = "2.16.840.1.101.3.4.3.17";
const OID_MLDSA65: &str = "2.16.840.1.101.3.4.3.18";
const OID_MLDSA87: &str = "2.16.840.1.101.3.4.3.19";
const OID_RSA_PSS: &str = "1.2.840.113549.1.1.10";
const OID_AIA: &str = "1.3.6.1.5.5.7.1.1";
const DER_NULL: &[u8] = &[0x05, 0x00];

fn err(message: impl Into<String>) -> ParseError {
    ParseError::new(message)
}

/// A parsed `AlgorithmIdentifier` (Go's `parseAI`): the OID and the full DER of the parameters.
struct AlgorithmIdentifier<'a> {
    oid: String,
    params: &'a [u8],
}

/// Go's `parseAI`.
fn parse_ai(content: &[u8]) -> Result<AlgorithmIdentifier<'_>, ParseError> {
    let mut der = Cbs::new(content);
    let oid = der.read_oid().ok_or_else(|| err("x509: malformed OID"))?;
    if der.is_empty() {
        return Ok(AlgorithmIdentifier { oid, params: &[] });
    }
    let (_, params) = der
        .read_any_element()
        .ok_or_else(|| err("x509: malformed parameters"))?;
    Ok(AlgorithmIdentifier { oid, params })
}

/// Parses one DER certificate exactly as Go's `x509.ParseCertificate` does.
///
/// # Errors
/// Returns Go's error text for input Go rejects (e.g. `x509: malformed certificate`,
/// `x509: negative serial number`, `x509: trailing data`).
pub fn parse_certificate(der: &[u8]) -> Result<Certificate, ParseError> {
    parse_certificate_as(der, GoX509Version::Go127)
}

/// [`parse_certificate`] as Go release `go` parses (see the module docs for what differs).
///
/// # Errors
/// That Go's error text.
pub fn parse_certificate_as(der: &[u8], go: GoX509Version) -> Result<Certificate, ParseError> {
    let mut input = Cbs::new(der);
    let raw = input
        .read_element_with(tag::SEQUENCE)
        .ok_or_else(|| err("x509: malformed certificate"))?;
    let mut input = Cbs::new(raw);
    let mut input = Cbs::new(
        input
            .read(tag::SEQUENCE)
            .ok_or_else(|| err("x509: malformed certificate"))?,
    );

    let raw_tbs = input
        .read_element_with(tag::SEQUENCE)
        .ok_or_else(|| err("x509: malformed tbs certificate"))?;
    let mut tbs = Cbs::new(
        Cbs::new(raw_tbs)
            .read(tag::SEQUENCE)
            .ok_or_else(|| err("x509: malformed tbs certificate"))?,
    );

    // version [0] EXPLICIT INTEGER DEFAULT 0 (ReadOptionalASN1Integer into an int).
    let version = match tbs.read_optional(tag::ctx_cons(0)) {
        None => return Err(err("x509: malformed version")),
        Some(None) => 0,
        Some(Some(v)) => {
            let mut v = Cbs::new(v);
            match v.read_i64() {
                Some(n) if v.is_empty() => n,
                _ => return Err(err("x509: malformed version")),
            }
        }
    };
    if version < 0 {
        return Err(err("x509: malformed version"));
    }
    let version = version.saturating_add(1);
    if version > 3 {
        return Err(err("x509: invalid version"));
    }

    let serial = tbs
        .read_big_int()
        .ok_or_else(|| err("x509: malformed serial number"))?;
    // GODEBUG x509negativeserial defaults to 0 for `go 1.23` and later modules; Go 1.22 and
    // older accept a negative serial.
    if go != GoX509Version::Go121 && serial.first().is_some_and(|b| b & 0x80 != 0) {
        return Err(err("x509: negative serial number"));
    }

    let raw_signature_algorithm = tbs
        .read_element_with(tag::SEQUENCE)
        .ok_or_else(|| err("x509: malformed signature algorithm identifier"))?;
    let sig_ai_seq = Cbs::new(raw_signature_algorithm)
        .read(tag::SEQUENCE)
        .ok_or_else(|| err("x509: malformed signature algorithm identifier"))?;
    let outer_sig_ai_seq = input
        .read(tag::SEQUENCE)
        .ok_or_else(|| err("x509: malformed algorithm identifier"))?;
    if outer_sig_ai_seq != sig_ai_seq {
        return Err(err(
            "x509: inner and outer signature algorithm identifiers don't match",
        ));
    }
    let sig_ai = parse_ai(sig_ai_seq)?;
    let signature_algorithm = signature_algorithm_from_ai(&sig_ai);

    let raw_issuer = tbs
        .read_element_with(tag::SEQUENCE)
        .ok_or_else(|| err("x509: malformed issuer"))?;
    let issuer = DistinguishedName::from_der(raw_issuer)?;

    let mut validity = Cbs::new(
        tbs.read(tag::SEQUENCE)
            .ok_or_else(|| err("x509: malformed validity"))?,
    );
    let not_before = read_time(&mut validity)?;
    let not_after = read_time(&mut validity)?;

    let raw_subject = tbs
        .read_element_with(tag::SEQUENCE)
        .ok_or_else(|| err("x509: malformed issuer"))?;
    let subject = DistinguishedName::from_der(raw_subject)?;

    let raw_spki = tbs
        .read_element_with(tag::SEQUENCE)
        .ok_or_else(|| err("x509: malformed spki"))?;
    let mut spki = Cbs::new(
        Cbs::new(raw_spki)
            .read(tag::SEQUENCE)
            .ok_or_else(|| err("x509: malformed spki"))?,
    );
    let pk_ai_seq = spki
        .read(tag::SEQUENCE)
        .ok_or_else(|| err("x509: malformed public key algorithm identifier"))?;
    let pk_ai = parse_ai(pk_ai_seq)?;
    let spk = spki
        .read_bit_string()
        .ok_or_else(|| err("x509: malformed subjectPublicKey"))?;
    let public_key = parse_public_key(&pk_ai, &spk.right_align())?;

    let mut c = Certificate {
        raw: raw.to_vec(),
        raw_tbs: raw_tbs.to_vec(),
        raw_subject: raw_subject.to_vec(),
        raw_issuer: raw_issuer.to_vec(),
        raw_spki: raw_spki.to_vec(),
        version: version as u8,
        serial: serial.to_vec(),
        subject,
        issuer,
        not_before,
        not_after,
        public_key,
        signature_algorithm,
        raw_signature_algorithm: raw_signature_algorithm.to_vec(),
        signature: Vec::new(),
        extensions: Vec::new(),
        key_usage: 0,
        key_usage_present: false,
        ext_key_usage: Vec::new(),
        unknown_ext_key_usage: Vec::new(),
        basic_constraints_valid: false,
        is_ca: false,
        max_path_len: None,
        subject_key_id: Vec::new(),
        authority_key_id: Vec::new(),
        dns_names: Vec::new(),
        email_addresses: Vec::new(),
        ip_addresses: Vec::new(),
        uris: Vec::new(),
        uri_hosts: Vec::new(),
        uri_strings: Vec::new(),
        permitted_dns_domains_critical: false,
        permitted_dns_domains: Vec::new(),
        excluded_dns_domains: Vec::new(),
        permitted_ip_ranges: Vec::new(),
        excluded_ip_ranges: Vec::new(),
        permitted_email_addresses: Vec::new(),
        excluded_email_addresses: Vec::new(),
        permitted_uri_domains: Vec::new(),
        excluded_uri_domains: Vec::new(),
        has_unhandled_name_constraints: false,
        crl_distribution_points: Vec::new(),
        ocsp_server: Vec::new(),
        issuing_certificate_url: Vec::new(),
        policies: Vec::new(),
        policy_mappings: Vec::new(),
        inhibit_any_policy: None,
        require_explicit_policy: None,
        inhibit_policy_mapping: None,
        unhandled_critical_extensions: Vec::new(),
    };

    if version > 1 {
        if !tbs.skip_optional(tag::ctx(1)) {
            return Err(err("x509: malformed issuerUniqueID"));
        }
        if !tbs.skip_optional(tag::ctx(2)) {
            return Err(err("x509: malformed subjectUniqueID"));
        }
        if version == 3 {
            let extensions = tbs
                .read_optional(tag::ctx_cons(3))
                .ok_or_else(|| err("x509: malformed extensions"))?;
            if let Some(extensions) = extensions {
                let mut extensions = Cbs::new(
                    Cbs::new(extensions)
                        .read(tag::SEQUENCE)
                        .ok_or_else(|| err("x509: malformed extensions"))?,
                );
                while !extensions.is_empty() {
                    let extension = extensions
                        .read(tag::SEQUENCE)
                        .ok_or_else(|| err("x509: malformed extension"))?;
                    let ext = parse_extension(extension)?;
                    if c.extensions.iter().any(|e| e.oid == ext.oid) {
                        return Err(err(if go == GoX509Version::Go121 {
                            "x509: certificate contains duplicate extensions".to_string()
                        } else {
                            format!(
                                "x509: certificate contains duplicate extension with OID \"{}\"",
                                ext.oid
                            )
                        }));
                    }
                    c.extensions.push(ext);
                }
                process_extensions(&mut c, go)?;
            }
        }
    }

    let signature = input
        .read_bit_string()
        .ok_or_else(|| err("x509: malformed signature"))?;
    c.signature = signature.right_align();

    if der.len() != raw.len() {
        return Err(err("x509: trailing data"));
    }
    Ok(c)
}

/// Go's `readASN1Time`.
fn read_time(der: &mut Cbs<'_>) -> Result<UnixTime, ParseError> {
    if der.peek(tag::UTC_TIME) {
        der.read_utc_time()
            .map(|t| t.instant)
            .ok_or_else(|| err("x509: malformed UTCTime"))
    } else if der.peek(tag::GENERALIZED_TIME) {
        der.read_generalized_time()
            .map(|t| t.instant)
            .ok_or_else(|| err("x509: malformed GeneralizedTime"))
    } else {
        Err(err("x509: unsupported time format"))
    }
}

/// Go's `parseExtension`.
fn parse_extension(content: &[u8]) -> Result<RawExtension, ParseError> {
    let mut der = Cbs::new(content);
    let oid = der
        .read_oid()
        .ok_or_else(|| err("x509: malformed extension OID field"))?;
    let mut critical = false;
    if der.peek(tag::BOOLEAN) {
        critical = der
            .read_bool()
            .ok_or_else(|| err("x509: malformed extension critical field"))?;
    }
    let value = der
        .read(tag::OCTET_STRING)
        .ok_or_else(|| err("x509: malformed extension value field"))?;
    Ok(RawExtension {
        oid,
        critical,
        value: value.to_vec(),
    })
}

/// Go's `getPublicKeyAlgorithmFromOID` + `parsePublicKey`.
fn parse_public_key(ai: &AlgorithmIdentifier<'_>, data: &[u8]) -> Result<PublicKey, ParseError> {
    match ai.oid.as_str() {
        OID_RSA => {
            if ai.params != DER_NULL {
                return Err(err("x509: RSA key missing NULL parameters"));
            }
            let mut der = Cbs::new(data);
            let mut seq = Cbs::new(
                der.read(tag::SEQUENCE)
                    .ok_or_else(|| err("x509: invalid RSA public key"))?,
            );
            let n = seq
                .read_big_int()
                .ok_or_else(|| err("x509: invalid RSA modulus"))?;
            let e = seq
                .read_i64()
                .ok_or_else(|| err("x509: invalid RSA public exponent"))?;
            if n.first().is_some_and(|b| b & 0x80 != 0) || n.iter().all(|b| *b == 0) {
                return Err(err("x509: RSA modulus is not a positive number"));
            }
            if e <= 0 {
                return Err(err("x509: RSA public exponent is not a positive number"));
            }
            Ok(PublicKey::Rsa {
                modulus: strip_leading_zeros(n).to_vec(),
                exponent: e as u64,
            })
        }
        OID_EC => {
            let curve_oid = Cbs::new(ai.params)
                .read_oid()
                .ok_or_else(|| err("x509: invalid ECDSA parameters"))?;
            let (curve, len) = match curve_oid.as_str() {
                "1.3.132.0.33" => ("P-224", 28),
                "1.2.840.10045.3.1.7" => ("P-256", 32),
                "1.3.132.0.34" => ("P-384", 48),
                "1.3.132.0.35" => ("P-521", 66),
                _ => return Err(err("x509: unsupported elliptic curve")),
            };
            if data.first() != Some(&4) {
                return Err(err("ecdsa: invalid uncompressed public key"));
            }
            let name = curve.replace('-', "");
            if data.len() != 1 + 2 * len {
                return Err(err(format!("invalid {name} point encoding")));
            }
            crate::go::elliptic::check_point(curve, data).map_err(ParseError::new)?;
            Ok(PublicKey::Ecdsa {
                curve,
                point: data.to_vec(),
            })
        }
        OID_ED25519 => {
            if !ai.params.is_empty() {
                return Err(err("x509: Ed25519 key encoded with illegal parameters"));
            }
            <[u8; 32]>::try_from(data)
                .map(PublicKey::Ed25519)
                .map_err(|_| err("x509: wrong Ed25519 public key size"))
        }
        OID_MLDSA44 | OID_MLDSA65 | OID_MLDSA87 => {
            if !ai.params.is_empty() {
                return Err(err("x509: ML-DSA key encoded with illegal parameters"));
            }
            let (level, size) = match ai.oid.as_str() {
                OID_MLDSA44 => (44, 1312),
                OID_MLDSA65 => (65, 1952),
                _ => (87, 2592),
            };
            if data.len() != size {
                return Err(err("mldsa: invalid public key length"));
            }
            Ok(PublicKey::MlDsa {
                level,
                key: data.to_vec(),
            })
        }
        OID_DSA => {
            let y = Cbs::new(data)
                .read_big_int()
                .ok_or_else(|| err("x509: invalid DSA public key"))?;
            let mut params = Cbs::new(ai.params);
            let parsed = params.read(tag::SEQUENCE).and_then(|seq| {
                let mut seq = Cbs::new(seq);
                Some((
                    seq.read_big_int()?,
                    seq.read_big_int()?,
                    seq.read_big_int()?,
                ))
            });
            let (p, q, g) = parsed.ok_or_else(|| err("x509: invalid DSA parameters"))?;
            let positive =
                |b: &[u8]| b.first().is_some_and(|f| f & 0x80 == 0) && b.iter().any(|x| *x != 0);
            if !(positive(y) && positive(p) && positive(q) && positive(g)) {
                return Err(err("x509: zero or negative DSA parameter"));
            }
            Ok(PublicKey::Dsa {
                p: strip_leading_zeros(p).to_vec(),
                q: strip_leading_zeros(q).to_vec(),
                g: strip_leading_zeros(g).to_vec(),
                y: strip_leading_zeros(y).to_vec(),
            })
        }
        // Go does not parse keys of algorithms it does not know (X25519 included).
        _ => Ok(PublicKey::Unknown {
            algorithm: ai.oid.clone(),
        }),
    }
}

/// Go's `getSignatureAlgorithmFromAI`, RSA-PSS parameters included.
fn signature_algorithm_from_ai(ai: &AlgorithmIdentifier<'_>) -> SignatureAlgorithm {
    use SignatureAlgorithm as S;
    let oid = ai.oid.as_str();
    if matches!(oid, OID_ED25519 | OID_MLDSA44 | OID_MLDSA65 | OID_MLDSA87) && !ai.params.is_empty()
    {
        return S::Unknown;
    }
    if oid != OID_RSA_PSS {
        return signature_algorithm(oid);
    }
    pss_algorithm(ai.params).unwrap_or(S::Unknown)
}

/// Reads an `AlgorithmIdentifier` the way `encoding/asn1` unmarshals `pkix.AlgorithmIdentifier`
/// (trailing elements inside the SEQUENCE are allowed).
fn unmarshal_ai(full: &[u8]) -> Option<(String, &[u8])> {
    let mut der = Cbs::new(full);
    let mut seq = Cbs::new(der.read(tag::SEQUENCE)?);
    let oid = seq.read_oid()?;
    let params = if seq.is_empty() {
        &[][..]
    } else {
        seq.read_any_element()?.1
    };
    Some((oid, params))
}

/// The RSA-PSS bucket Go accepts: MGF1 with the message hash, salt = hash length, trailer 1.
fn pss_algorithm(params: &[u8]) -> Option<SignatureAlgorithm> {
    let mut der = Cbs::new(params);
    let mut seq = Cbs::new(der.read(tag::SEQUENCE)?);
    let hash_full = Cbs::new(seq.read(tag::ctx_cons(0))?).read_element_with(tag::SEQUENCE)?;
    let mgf_full = Cbs::new(seq.read(tag::ctx_cons(1))?).read_element_with(tag::SEQUENCE)?;
    let salt = Cbs::new(seq.read(tag::ctx_cons(2))?).read_i64()?;
    let trailer = match seq.read_optional(tag::ctx_cons(3))? {
        None => 1,
        Some(t) => Cbs::new(t).read_i64()?,
    };
    let (hash_oid, hash_params) = unmarshal_ai(hash_full)?;
    let (mgf_oid, mgf_params) = unmarshal_ai(mgf_full)?;
    let (mgf1_hash_oid, mgf1_hash_params) = unmarshal_ai(mgf_params)?;
    let null_or_absent = |p: &[u8]| p.is_empty() || p == DER_NULL;
    if !null_or_absent(hash_params)
        || mgf_oid != "1.2.840.113549.1.1.8"
        || mgf1_hash_oid != hash_oid
        || !null_or_absent(mgf1_hash_params)
        || trailer != 1
    {
        return None;
    }
    match (hash_oid.as_str(), salt) {
        ("2.16.840.1.101.3.4.2.1", 32) => Some(SignatureAlgorithm::Sha256WithRsaPss),
        ("2.16.840.1.101.3.4.2.2", 48) => Some(SignatureAlgorithm::Sha384WithRsaPss),
        ("2.16.840.1.101.3.4.2.3", 64) => Some(SignatureAlgorithm::Sha512WithRsaPss),
        _ => None,
    }
}

/// The signature algorithm for an OID (RSA-PSS needs its parameters: see
/// `signature_algorithm_from_ai`; here it maps to `Unknown`).
pub(crate) fn signature_algorithm(oid: &str) -> SignatureAlgorithm {
    use SignatureAlgorithm as S;
    match oid {
        "1.2.840.113549.1.1.4" => S::Md5WithRsa,
        "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => S::Sha1WithRsa,
        "1.2.840.113549.1.1.11" => S::Sha256WithRsa,
        "1.2.840.113549.1.1.12" => S::Sha384WithRsa,
        "1.2.840.113549.1.1.13" => S::Sha512WithRsa,
        "1.2.840.10040.4.3" => S::DsaWithSha1,
        "2.16.840.1.101.3.4.3.2" => S::DsaWithSha256,
        "1.2.840.10045.4.1" => S::EcdsaWithSha1,
        "1.2.840.10045.4.3.2" => S::EcdsaWithSha256,
        "1.2.840.10045.4.3.3" => S::EcdsaWithSha384,
        "1.2.840.10045.4.3.4" => S::EcdsaWithSha512,
        OID_ED25519 => S::PureEd25519,
        OID_MLDSA44 => S::MlDsa44,
        OID_MLDSA65 => S::MlDsa65,
        OID_MLDSA87 => S::MlDsa87,
        _ => S::Unknown,
    }
}

/// Go's `processExtensions`.
fn process_extensions(out: &mut Certificate, go: GoX509Version) -> Result<(), ParseError> {
    let exts = out.extensions.clone();
    for e in &exts {
        let mut unhandled = false;
        let value = e.value.as_slice();
        match e.oid.strip_prefix("2.5.29.") {
            Some(last) if !last.contains('.') => match last {
                "15" => {
                    out.key_usage = parse_key_usage(value)?;
                    out.key_usage_present = true;
                }
                "19" => {
                    let (is_ca, max_path_len) = parse_basic_constraints(value)?;
                    out.is_ca = is_ca;
                    out.max_path_len = max_path_len;
                    out.basic_constraints_valid = true;
                }
                "17" => {
                    parse_san(out, value, go)?;
                    if out.dns_names.is_empty()
                        && out.email_addresses.is_empty()
                        && out.ip_addresses.is_empty()
                        && out.uris.is_empty()
                    {
                        unhandled = true;
                    }
                }
                "30" => unhandled = parse_name_constraints(out, e, go)?,
                "31" => parse_crl_distribution_points(out, value)?,
                "35" => {
                    // Go 1.23 added the criticality checks of AKI, SKI and AIA.
                    if e.critical && go != GoX509Version::Go121 {
                        return Err(err(
                            "x509: authority key identifier incorrectly marked critical",
                        ));
                    }
                    let mut val = Cbs::new(value);
                    let mut akid = Cbs::new(
                        val.read(tag::SEQUENCE)
                            .ok_or_else(|| err("x509: invalid authority key identifier"))?,
                    );
                    out.authority_key_id = if akid.peek(tag::ctx(0)) {
                        akid.read(tag::ctx(0))
                            .ok_or_else(|| err("x509: invalid authority key identifier"))?
                            .to_vec()
                    } else {
                        Vec::new()
                    };
                }
                "36" => parse_policy_constraints(out, value)?,
                "37" => {
                    let (known, unknown) = parse_ext_key_usage(value)?;
                    out.ext_key_usage = known;
                    out.unknown_ext_key_usage = unknown;
                }
                "14" => {
                    if e.critical && go != GoX509Version::Go121 {
                        return Err(err(
                            "x509: subject key identifier incorrectly marked critical",
                        ));
                    }
                    out.subject_key_id = Cbs::new(value)
                        .read(tag::OCTET_STRING)
                        .ok_or_else(|| err("x509: invalid subject key identifier"))?
                        .to_vec();
                }
                "32" => out.policies = parse_certificate_policies(value)?,
                "33" => {
                    let bad = || err("x509: invalid policy mappings extension");
                    let mut val = Cbs::new(Cbs::new(value).read(tag::SEQUENCE).ok_or_else(bad)?);
                    while !val.is_empty() {
                        let mut s = Cbs::new(val.read(tag::SEQUENCE).ok_or_else(bad)?);
                        let issuer = s.read(tag::OBJECT_IDENTIFIER).ok_or_else(bad)?;
                        let subject = s.read(tag::OBJECT_IDENTIFIER).ok_or_else(bad)?;
                        out.policy_mappings.push(PolicyMapping {
                            issuer_domain_policy: oid_or_invalid(issuer),
                            subject_domain_policy: oid_or_invalid(subject),
                        });
                    }
                }
                "54" => {
                    let v = Cbs::new(value)
                        .read_i64()
                        .ok_or_else(|| err("x509: invalid inhibit any policy extension"))?;
                    out.inhibit_any_policy = Some(v);
                }
                _ => unhandled = true,
            },
            _ if e.oid == OID_AIA => parse_aia(out, e, go)?,
            _ => unhandled = true,
        }
        if e.critical && unhandled {
            out.unhandled_critical_extensions.push(e.oid.clone());
        }
    }
    Ok(())
}

/// A policy-mapping OID as Go's `OID.String()` prints it, or `invalid:<hex>` for content that
/// is not a valid OID (Go stores those unchecked; they equal no valid policy).
fn oid_or_invalid(der: &[u8]) -> String {
    oid_der_to_dotted(der).unwrap_or_else(|| format!("invalid:{}", hex(der)))
}

/// Go's `parseKeyUsageExtension`.
fn parse_key_usage(value: &[u8]) -> Result<u16, ParseError> {
    let bits = Cbs::new(value)
        .read_bit_string()
        .ok_or_else(|| err("x509: invalid key usage"))?;
    let mut usage = 0u16;
    for i in 0..9 {
        if bits.at(i) != 0 {
            usage |= 1 << i;
        }
    }
    Ok(usage)
}

/// Go's `parseBasicConstraintsExtension`: `(isCA, maxPathLen)` with `None` for -1.
fn parse_basic_constraints(value: &[u8]) -> Result<(bool, Option<u64>), ParseError> {
    let bad = || err("x509: invalid basic constraints");
    let mut der = Cbs::new(Cbs::new(value).read(tag::SEQUENCE).ok_or_else(bad)?);
    let mut is_ca = false;
    if der.peek(tag::BOOLEAN) {
        is_ca = der.read_bool().ok_or_else(bad)?;
    }
    let mut max_path_len = None;
    if der.peek(tag::INTEGER) {
        let mpl = der.read_u64().ok_or_else(bad)?;
        if mpl > i64::MAX as u64 {
            return Err(bad());
        }
        max_path_len = Some(mpl);
    }
    Ok((is_ca, max_path_len))
}

/// Go's `parseSANExtension` (via `forEachSAN`).
fn parse_san(out: &mut Certificate, value: &[u8], go: GoX509Version) -> Result<(), ParseError> {
    let mut der = Cbs::new(
        Cbs::new(value)
            .read(tag::SEQUENCE)
            .ok_or_else(|| err("x509: invalid subject alternative names"))?,
    );
    while !der.is_empty() {
        let (t, data) = der
            .read_any()
            .ok_or_else(|| err("x509: invalid subject alternative name"))?;
        match t ^ 0x80 {
            1 => {
                let email = ia5(data).ok_or_else(|| err("x509: SAN rfc822Name is malformed"))?;
                out.email_addresses.push(email);
            }
            2 => {
                let name = ia5(data).ok_or_else(|| err("x509: SAN dNSName is malformed"))?;
                out.dns_names.push(name);
            }
            6 => {
                let uri = ia5(data)
                    .ok_or_else(|| err("x509: SAN uniformResourceIdentifier is malformed"))?;
                let url = crate::go::url::parse_url_as(&uri, !go.constraints_while_building())
                    .map_err(|e| err(format!("x509: cannot parse URI {}: {e}", go_quote(&uri))))?;
                if !url.host.is_empty() && !domain_name_valid(&url.host, false) {
                    return Err(err(format!(
                        "x509: cannot parse URI {}: invalid domain",
                        go_quote(&uri)
                    )));
                }
                out.uri_strings.push(url.go_string());
                out.uri_hosts.push(url.host);
                out.uris.push(uri);
            }
            7 => match data.len() {
                16 => {
                    if data.get(..12) == Some(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff][..]) {
                        return Err(err("x509: SAN iPAddress contains IPv4-mapped IPv6 address"));
                    }
                    out.ip_addresses.push(data.to_vec());
                }
                4 => out.ip_addresses.push(data.to_vec()),
                n => {
                    return Err(err(format!("x509: cannot parse IP address of length {n}")));
                }
            },
            _ => {}
        }
    }
    Ok(())
}

/// The bytes as a string if every byte is ASCII (Go's `isIA5String`).
fn ia5(data: &[u8]) -> Option<String> {
    data.is_ascii()
        .then(|| data.iter().map(|b| char::from(*b)).collect())
}

/// Go's `domainNameValid` (the lenient Go 1.26 version: empty is valid, no trailing dot, no
/// empty labels, printable ASCII only).
pub(crate) fn domain_name_valid(s: &str, constraint: bool) -> bool {
    if s.is_empty() {
        return true;
    }
    let b = s.as_bytes();
    if b.last() == Some(&b'.') {
        return false;
    }
    let b = if constraint && b.first() == Some(&b'.') {
        b.get(1..).unwrap_or_default()
    } else {
        b
    };
    if b.iter().any(|c| *c < 33 || *c > 126) {
        return false;
    }
    b.split(|c| *c == b'.').all(|label| !label.is_empty())
}

/// Go's `parseExtKeyUsageExtension`.
fn parse_ext_key_usage(value: &[u8]) -> Result<(Vec<ExtKeyUsage>, Vec<String>), ParseError> {
    let bad = || err("x509: invalid extended key usages");
    let mut der = Cbs::new(Cbs::new(value).read(tag::SEQUENCE).ok_or_else(bad)?);
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    while !der.is_empty() {
        let oid = der.read_oid().ok_or_else(bad)?;
        match ExtKeyUsage::from_oid(&oid) {
            Some(u) => known.push(u),
            None => unknown.push(oid),
        }
    }
    Ok((known, unknown))
}

/// Go's `parseCertificatePoliciesExtension`.
fn parse_certificate_policies(value: &[u8]) -> Result<Vec<String>, ParseError> {
    let bad = || err("x509: invalid certificate policies");
    let mut der = Cbs::new(Cbs::new(value).read(tag::SEQUENCE).ok_or_else(bad)?);
    let mut seen: Vec<&[u8]> = Vec::new();
    let mut oids = Vec::new();
    while !der.is_empty() {
        let mut cp = Cbs::new(der.read(tag::SEQUENCE).ok_or_else(bad)?);
        let oid_bytes = cp.read(tag::OBJECT_IDENTIFIER).ok_or_else(bad)?;
        if seen.contains(&oid_bytes) {
            return Err(bad());
        }
        seen.push(oid_bytes);
        oids.push(oid_der_to_dotted(oid_bytes).ok_or_else(bad)?);
    }
    Ok(oids)
}

/// Go's policy constraints (2.5.29.36) handling.
fn parse_policy_constraints(out: &mut Certificate, value: &[u8]) -> Result<(), ParseError> {
    let bad = || err("x509: invalid policy constraints extension");
    let mut val = Cbs::new(Cbs::new(value).read(tag::SEQUENCE).ok_or_else(bad)?);
    if val.peek(tag::ctx(0)) {
        out.require_explicit_policy = Some(val.read_i64_with_tag(tag::ctx(0)).ok_or_else(bad)?);
    }
    if val.peek(tag::ctx(1)) {
        out.inhibit_policy_mapping = Some(val.read_i64_with_tag(tag::ctx(1)).ok_or_else(bad)?);
    }
    Ok(())
}

/// Go's CRL distribution points (2.5.29.31) handling: only fullName URIs are kept.
fn parse_crl_distribution_points(out: &mut Certificate, value: &[u8]) -> Result<(), ParseError> {
    let bad = || err("x509: invalid CRL distribution point");
    let mut val = Cbs::new(
        Cbs::new(value)
            .read(tag::SEQUENCE)
            .ok_or_else(|| err("x509: invalid CRL distribution points"))?,
    );
    while !val.is_empty() {
        let mut dp = Cbs::new(val.read(tag::SEQUENCE).ok_or_else(bad)?);
        let Some(name) = dp.read_optional(tag::ctx_cons(0)).ok_or_else(bad)? else {
            continue;
        };
        let mut name = Cbs::new(Cbs::new(name).read(tag::ctx_cons(0)).ok_or_else(bad)?);
        while !name.is_empty() {
            if !name.peek(tag::ctx(6)) {
                break;
            }
            let uri = name.read(tag::ctx(6)).ok_or_else(bad)?;
            out.crl_distribution_points
                .push(String::from_utf8_lossy(uri).into_owned());
        }
    }
    Ok(())
}

/// Go's authority information access handling.
fn parse_aia(out: &mut Certificate, e: &RawExtension, go: GoX509Version) -> Result<(), ParseError> {
    if e.critical && go != GoX509Version::Go121 {
        return Err(err(
            "x509: authority info access incorrectly marked critical",
        ));
    }
    let bad = || err("x509: invalid authority info access");
    let mut val = Cbs::new(Cbs::new(&e.value).read(tag::SEQUENCE).ok_or_else(bad)?);
    while !val.is_empty() {
        let mut aia = Cbs::new(val.read(tag::SEQUENCE).ok_or_else(bad)?);
        let method = aia.read_oid().ok_or_else(bad)?;
        if !aia.peek(tag::ctx(6)) {
            continue;
        }
        let uri = String::from_utf8_lossy(aia.read(tag::ctx(6)).ok_or_else(bad)?).into_owned();
        match method.as_str() {
            "1.3.6.1.5.5.7.48.1" => out.ocsp_server.push(uri),
            "1.3.6.1.5.5.7.48.2" => out.issuing_certificate_url.push(uri),
            _ => {}
        }
    }
    Ok(())
}

/// Go's `isValidIPMask`: ones, then zeros.
fn is_valid_ip_mask(mask: &[u8]) -> bool {
    let mut seen_zero = false;
    for b in mask {
        if seen_zero {
            if *b != 0 {
                return false;
            }
            continue;
        }
        match b {
            0x00 | 0x80 | 0xc0 | 0xe0 | 0xf0 | 0xf8 | 0xfc | 0xfe => seen_zero = true,
            0xff => {}
            _ => return false,
        }
    }
    true
}

/// The subtrees of one name-constraints branch, as Go's `getValues` collects them.
#[derive(Default)]
struct Subtrees {
    dns: Vec<String>,
    ips: Vec<IpNet>,
    emails: Vec<String>,
    uri_domains: Vec<String>,
}

/// Go's `parseNameConstraintsExtension`; returns whether an unhandled subtree type was seen.
fn parse_name_constraints(
    out: &mut Certificate,
    e: &RawExtension,
    go: GoX509Version,
) -> Result<bool, ParseError> {
    let invalid = || err("x509: invalid NameConstraints extension");
    let mut outer = Cbs::new(&e.value);
    let mut toplevel = Cbs::new(outer.read(tag::SEQUENCE).ok_or_else(invalid)?);
    if !outer.is_empty() {
        return Err(invalid());
    }
    let permitted = toplevel
        .read_optional(tag::ctx_cons(0))
        .ok_or_else(invalid)?;
    let excluded = toplevel
        .read_optional(tag::ctx_cons(1))
        .ok_or_else(invalid)?;
    if !toplevel.is_empty() {
        return Err(invalid());
    }
    let empty = |x: Option<&[u8]>| x.is_none_or(<[u8]>::is_empty);
    if (permitted.is_none() && excluded.is_none()) || (empty(permitted) && empty(excluded)) {
        return Err(err("x509: empty name constraints extension"));
    }
    let mut unhandled = false;
    let mut get_values = |subtrees: &[u8]| -> Result<Subtrees, ParseError> {
        let mut subtrees = Cbs::new(subtrees);
        let mut got = Subtrees::default();
        while !subtrees.is_empty() {
            let mut seq = Cbs::new(subtrees.read(tag::SEQUENCE).ok_or_else(invalid)?);
            let (t, value) = seq.read_any().ok_or_else(invalid)?;
            match t {
                0x82 => {
                    let domain = ia5_constraint(value)?;
                    if !domain_name_valid(&domain, true) {
                        return Err(err(format!(
                            "x509: failed to parse dnsName constraint {}",
                            go_quote(&domain)
                        )));
                    }
                    got.dns.push(domain);
                }
                0x87 => {
                    let (ip, mask) = match value.len() {
                        8 => value.split_at(4),
                        32 => value.split_at(16),
                        l => {
                            return Err(err(format!(
                                "x509: IP constraint contained value of length {l}"
                            )));
                        }
                    };
                    if !is_valid_ip_mask(mask) {
                        return Err(err(format!(
                            "x509: IP constraint contained invalid mask {}",
                            hex(mask)
                        )));
                    }
                    if ip.len() == 16
                        && ip.get(..12) == Some(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff][..])
                    {
                        return Err(err(
                            "x509: IP constraint contained IPv4-mapped IPv6 address",
                        ));
                    }
                    got.ips.push(IpNet {
                        ip: ip.to_vec(),
                        mask: mask.to_vec(),
                    });
                }
                0x81 => {
                    let constraint = ia5_constraint(value)?;
                    let ok = if constraint.contains('@') {
                        if go == GoX509Version::Go127 {
                            parse_rfc2821_mailbox(&constraint)
                        } else {
                            crate::x509::verify::mailbox_parses(&constraint, go)
                        }
                    } else if go.at_most_123() {
                        let domain = constraint.strip_prefix('.').unwrap_or(&constraint);
                        crate::x509::verify::reverse_labels_parse(domain, go)
                    } else {
                        domain_name_valid(&constraint, true)
                    };
                    if !ok {
                        return Err(err(format!(
                            "x509: failed to parse rfc822Name constraint {}",
                            go_quote(&constraint)
                        )));
                    }
                    got.emails.push(constraint);
                }
                0x86 => {
                    let domain = ia5_constraint(value)?;
                    if go_parse_ip(&domain) {
                        return Err(err(format!(
                            "x509: failed to parse URI constraint {}: cannot be IP address",
                            go_quote(&domain)
                        )));
                    }
                    if !domain_name_valid(&domain, true) {
                        return Err(err(format!(
                            "x509: failed to parse URI constraint {}",
                            go_quote(&domain)
                        )));
                    }
                    got.uri_domains.push(domain);
                }
                _ => unhandled = true,
            }
        }
        Ok(got)
    };
    let p = get_values(permitted.unwrap_or_default())?;
    let x = get_values(excluded.unwrap_or_default())?;
    out.permitted_dns_domains = p.dns;
    out.permitted_ip_ranges = p.ips;
    out.permitted_email_addresses = p.emails;
    out.permitted_uri_domains = p.uri_domains;
    out.excluded_dns_domains = x.dns;
    out.excluded_ip_ranges = x.ips;
    out.excluded_email_addresses = x.emails;
    out.excluded_uri_domains = x.uri_domains;
    out.permitted_dns_domains_critical = e.critical;
    out.has_unhandled_name_constraints = unhandled;
    Ok(unhandled)
}

/// A name-constraint value that must be IA5 (`x509: invalid constraint value: …` otherwise).
fn ia5_constraint(value: &[u8]) -> Result<String, ParseError> {
    ia5(value).ok_or_else(|| {
        let s = String::from_utf8_lossy(value);
        err(format!(
            "x509: invalid constraint value: x509: {} cannot be encoded as an IA5String",
            go_quote_bytes(value, &s)
        ))
    })
}

/// `%q` of bytes that may not be UTF-8: invalid bytes become `\xNN`.
fn go_quote_bytes(value: &[u8], lossy: &str) -> String {
    if core::str::from_utf8(value).is_ok() {
        return go_quote(lossy);
    }
    let mut out = String::from("\"");
    let mut rest = value;
    while !rest.is_empty() {
        match core::str::from_utf8(rest) {
            Ok(s) => {
                let q = go_quote(s);
                out.push_str(q.get(1..q.len().saturating_sub(1)).unwrap_or_default());
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                if let Ok(s) = core::str::from_utf8(good) {
                    let q = go_quote(s);
                    out.push_str(q.get(1..q.len().saturating_sub(1)).unwrap_or_default());
                }
                let n = e.error_len().unwrap_or(bad.len()).max(1);
                for b in bad.iter().take(n) {
                    out.push_str(&format!("\\x{b:02x}"));
                }
                rest = bad.get(n..).unwrap_or_default();
            }
        }
    }
    out.push('"');
    out
}

/// Whether Go's `net.ParseIP` accepts the text (dotted IPv4 or IPv6, no zone).
fn go_parse_ip(s: &str) -> bool {
    // Go's ParseIP rejects leading zeros in IPv4 octets, as Rust's parser does.
    s.parse::<std::net::Ipv4Addr>().is_ok() || s.parse::<std::net::Ipv6Addr>().is_ok()
}

/// Go's `parseRFC2821Mailbox` (crypto/x509/verify.go), reporting only whether it parses.
pub(crate) fn parse_rfc2821_mailbox(input: &str) -> bool {
    let mut inp = input.as_bytes();
    let Some(&first) = inp.first() else {
        return false;
    };
    let mut local: Vec<u8> = Vec::new();
    if first == b'"' {
        inp = inp.get(1..).unwrap_or_default();
        loop {
            let Some((&c, rest)) = inp.split_first() else {
                return false;
            };
            inp = rest;
            match c {
                b'"' => break,
                b'\\' => {
                    let Some((&n, rest)) = inp.split_first() else {
                        return false;
                    };
                    if n == 11 || n == 12 || (1..=9).contains(&n) || (14..=127).contains(&n) {
                        local.push(n);
                        inp = rest;
                    } else {
                        return false;
                    }
                }
                11 | 12 | 32 | 33 | 127 | 1..=8 | 14..=31 | 35..=91 | 93..=126 => local.push(c),
                _ => return false,
            }
        }
    } else {
        while let Some(&c) = inp.first() {
            if c == b'\\' {
                inp = inp.get(1..).unwrap_or_default();
                let Some(&n) = inp.first() else {
                    return false;
                };
                // Go falls through with `c` still the backslash; the byte appended is `in[0]`.
                local.push(n);
                inp = inp.get(1..).unwrap_or_default();
                continue;
            }
            let atext = c.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&c);
            if !atext {
                break;
            }
            local.push(c);
            inp = inp.get(1..).unwrap_or_default();
        }
        if local.is_empty() {
            return false;
        }
        if local.first() == Some(&b'.')
            || local.last() == Some(&b'.')
            || local.windows(2).any(|w| w == b"..")
        {
            return false;
        }
    }
    let Some((&b'@', domain)) = inp.split_first() else {
        return false;
    };
    let Ok(domain) = core::str::from_utf8(domain) else {
        return false;
    };
    domain_name_valid(domain, false) && !domain.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// DER TLV with a minimal length.
    fn tlv(t: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![t];
        let n = content.len();
        if n < 128 {
            out.push(n as u8);
        } else if n < 256 {
            out.extend([0x81, n as u8]);
        } else {
            out.extend([0x82, (n >> 8) as u8, n as u8]);
        }
        out.extend_from_slice(content);
        out
    }

    fn seq(parts: &[&[u8]]) -> Vec<u8> {
        tlv(tag::SEQUENCE, &parts.concat())
    }

    /// An OID from its content octets.
    fn oid(content: &[u8]) -> Vec<u8> {
        tlv(tag::OBJECT_IDENTIFIER, content)
    }

    const ED25519: &[u8] = &[0x2b, 0x65, 0x70];

    fn name_cn(cn: &str) -> Vec<u8> {
        let atv = seq(&[
            &oid(&[0x55, 0x04, 0x03]),
            &tlv(tag::UTF8_STRING, cn.as_bytes()),
        ]);
        seq(&[&tlv(tag::SET, &atv)])
    }

    /// One extension: OID content octets, critical flag, value.
    fn ext(id: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
        let crit = if critical {
            tlv(tag::BOOLEAN, &[0xff])
        } else {
            Vec::new()
        };
        seq(&[&oid(id), &crit, &tlv(tag::OCTET_STRING, value)])
    }

    struct Spec {
        version: Vec<u8>,
        serial: Vec<u8>,
        not_before: Vec<u8>,
        inner_alg: Vec<u8>,
        exts: Vec<Vec<u8>>,
        trailing: Vec<u8>,
    }

    impl Default for Spec {
        fn default() -> Self {
            Self {
                version: tlv(tag::ctx_cons(0), &tlv(tag::INTEGER, &[2])),
                serial: tlv(tag::INTEGER, &[1]),
                not_before: tlv(tag::UTC_TIME, b"250101000000Z"),
                inner_alg: seq(&[&oid(ED25519)]),
                exts: Vec::new(),
                trailing: Vec::new(),
            }
        }
    }

    impl Spec {
        fn der(&self) -> Vec<u8> {
            let validity = seq(&[&self.not_before, &tlv(tag::UTC_TIME, b"350101000000Z")]);
            let mut key = vec![0u8];
            key.extend([7u8; 32]);
            let spki = seq(&[&seq(&[&oid(ED25519)]), &tlv(tag::BIT_STRING, &key)]);
            let exts = if self.exts.is_empty() {
                Vec::new()
            } else {
                tlv(tag::ctx_cons(3), &seq(&[&self.exts.concat()]))
            };
            let tbs = seq(&[
                &self.version,
                &self.serial,
                &self.inner_alg,
                &name_cn("issuer"),
                &validity,
                &name_cn("subject"),
                &spki,
                &exts,
            ]);
            let mut sig = vec![0u8];
            sig.extend([1u8; 64]);
            let mut der = seq(&[&tbs, &seq(&[&oid(ED25519)]), &tlv(tag::BIT_STRING, &sig)]);
            der.extend_from_slice(&self.trailing);
            der
        }
    }

    const SKI: &[u8] = &[0x55, 0x1d, 0x0e];
    const AKI: &[u8] = &[0x55, 0x1d, 0x23];
    const BC: &[u8] = &[0x55, 0x1d, 0x13];
    const SAN: &[u8] = &[0x55, 0x1d, 0x11];
    const NC: &[u8] = &[0x55, 0x1d, 0x1e];
    const POLICIES: &[u8] = &[0x55, 0x1d, 0x20];
    const POLICY_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x24];
    const INHIBIT_ANY: &[u8] = &[0x55, 0x1d, 0x36];

    /// Go's verdicts for hand-built certificates (each expected text was confirmed by running
    /// the same DER through Go 1.27's x509.ParseCertificate).
    #[test]
    fn verdicts_and_errors_follow_go() {
        let ski = ext(SKI, false, &tlv(tag::OCTET_STRING, &[1, 2, 3]));
        let cases: Vec<(&str, Spec, Result<(), &str>)> = vec![
            ("baseline", Spec::default(), Ok(())),
            (
                "trailing data",
                Spec {
                    trailing: vec![0],
                    ..Spec::default()
                },
                Err("x509: trailing data"),
            ),
            (
                "negative serial",
                Spec {
                    serial: tlv(tag::INTEGER, &[0xff]),
                    ..Spec::default()
                },
                Err("x509: negative serial number"),
            ),
            (
                "non-minimal serial",
                Spec {
                    serial: tlv(tag::INTEGER, &[0, 1]),
                    ..Spec::default()
                },
                Err("x509: malformed serial number"),
            ),
            (
                "version 4",
                Spec {
                    version: tlv(tag::ctx_cons(0), &tlv(tag::INTEGER, &[3])),
                    ..Spec::default()
                },
                Err("x509: invalid version"),
            ),
            (
                "inner and outer algorithms differ",
                Spec {
                    inner_alg: seq(&[&oid(&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02])]),
                    ..Spec::default()
                },
                Err("x509: inner and outer signature algorithm identifiers don't match"),
            ),
            (
                "UTCTime 1950 (x509-cert would refuse before 1970)",
                Spec {
                    not_before: tlv(tag::UTC_TIME, b"500101000000Z"),
                    ..Spec::default()
                },
                Ok(()),
            ),
            (
                "duplicate extension",
                Spec {
                    exts: vec![ski.clone(), ski.clone()],
                    ..Spec::default()
                },
                Err("x509: certificate contains duplicate extension with OID \"2.5.29.14\""),
            ),
            (
                "critical authority key identifier",
                Spec {
                    exts: vec![ext(AKI, true, &seq(&[&tlv(tag::ctx(0), &[1])]))],
                    ..Spec::default()
                },
                Err("x509: authority key identifier incorrectly marked critical"),
            ),
            (
                "IPv4-mapped IPv6 SAN",
                Spec {
                    exts: vec![ext(
                        SAN,
                        false,
                        &seq(&[&tlv(
                            tag::ctx(7),
                            &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1],
                        )]),
                    )],
                    ..Spec::default()
                },
                Err("x509: SAN iPAddress contains IPv4-mapped IPv6 address"),
            ),
            (
                "dNSName constraint with a trailing dot",
                Spec {
                    exts: vec![ext(
                        NC,
                        true,
                        &seq(&[&tlv(
                            tag::ctx_cons(0),
                            &seq(&[&tlv(tag::ctx(2), b"example.com.")]),
                        )]),
                    )],
                    ..Spec::default()
                },
                Err("x509: failed to parse dnsName constraint \"example.com.\""),
            ),
        ];
        for (what, spec, want) in cases {
            let got = parse_certificate(&spec.der())
                .map(|_| ())
                .map_err(|e| e.message);
            assert_eq!(got, want.map_err(str::to_string), "{what}");
        }
    }

    #[test]
    fn verifier_fields_follow_go() {
        let nc = seq(&[
            &tlv(
                tag::ctx_cons(0),
                &[
                    seq(&[&tlv(tag::ctx(2), b".example.com")]),
                    // A directoryName subtree: Go does not handle it.
                    seq(&[&tlv(tag::ctx_cons(4), &name_cn("x"))]),
                ]
                .concat(),
            ),
            &tlv(
                tag::ctx_cons(1),
                &seq(&[&tlv(tag::ctx(7), &[10, 0, 0, 0, 255, 0, 0, 0])]),
            ),
        ]);
        let policies = seq(&[
            &seq(&[&oid(&[0x55, 0x1d, 0x20, 0x00])]),
            &seq(&[&oid(&[0x2a, 0x03])]),
        ]);
        let spec = Spec {
            exts: vec![
                ext(
                    BC,
                    true,
                    &seq(&[&tlv(tag::BOOLEAN, &[0xff]), &tlv(tag::INTEGER, &[0])]),
                ),
                ext(NC, true, &nc),
                ext(POLICIES, false, &policies),
                ext(POLICY_CONSTRAINTS, false, &seq(&[&tlv(tag::ctx(0), &[0])])),
                ext(INHIBIT_ANY, false, &tlv(tag::INTEGER, &[2])),
                // Empty SAN sequence, critical: unhandled.
                ext(SAN, true, &seq(&[])),
                ext(&[0x2a, 0x03, 0x04], true, &[0x05, 0x00]),
            ],
            ..Spec::default()
        };
        let c = parse_certificate(&spec.der()).unwrap_or_else(|e| panic!("{e}"));
        assert!(c.basic_constraints_valid && c.is_ca);
        assert_eq!(c.max_path_len, Some(0));
        assert_eq!(c.permitted_dns_domains, vec![".example.com"]);
        assert!(c.permitted_dns_domains_critical && c.has_unhandled_name_constraints);
        assert_eq!(
            c.excluded_ip_ranges,
            vec![IpNet {
                ip: vec![10, 0, 0, 0],
                mask: vec![255, 0, 0, 0]
            }]
        );
        assert_eq!(c.policies, vec!["2.5.29.32.0", "1.2.3"]);
        assert_eq!(c.require_explicit_policy, Some(0));
        assert_eq!(c.inhibit_policy_mapping, None);
        assert_eq!(c.inhibit_any_policy, Some(2));
        assert_eq!(
            c.unhandled_critical_extensions,
            vec!["2.5.29.30", "2.5.29.17", "1.2.3.4"]
        );
        assert_eq!(c.subject.go_string(), "CN=subject");
        assert_eq!(c.raw_subject, name_cn("subject"));
        assert_eq!(c.signature_algorithm, SignatureAlgorithm::PureEd25519);
        assert_eq!(c.public_key, PublicKey::Ed25519([7; 32]));
    }
}
