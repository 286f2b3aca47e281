//! One X.509 certificate, parsed into the fields Go's `crypto/x509.Certificate` exposes.
//!
//! Argo CD decides with Go's `x509.ParseCertificate`, so this module keeps the same fields (and,
//! where the parse-differential corpus shows it, the same accept/reject verdicts and messages).
//! The ASN.1 is read with `x509-cert`/`der`; nothing here re-encodes the signed bytes.

use der::{Decode, Encode};
use x509_cert::ext::pkix::{self, name::GeneralName};

use crate::certificates::name::DistinguishedName;
use crate::time::UnixTime;

/// Why a certificate could not be parsed, worded as Go's `x509.ParseCertificate` words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Go's error text, e.g. `x509: malformed certificate`.
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl core::fmt::Display for ParseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

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
            Self::Ecdsa { curve: "P-256", .. } | Self::Ed25519(_) => 256,
            Self::Ecdsa { curve: "P-384", .. } => 384,
            Self::Ecdsa { curve: "P-521", .. } => 521,
            Self::Ecdsa { .. } | Self::Unknown { .. } => 0,
        }
    }
}

pub(crate) fn strip_leading_zeros(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|x| **x == 0).count();
    &b[n..]
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
    /// The serial number's two's-complement big-endian bytes as encoded.
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
    /// The DER of the outer `signatureAlgorithm` AlgorithmIdentifier (carries RSA-PSS parameters).
    pub raw_signature_algorithm: Vec<u8>,
    /// The signature bits.
    pub signature: Vec<u8>,
    /// Every extension in order.
    pub extensions: Vec<RawExtension>,
    /// Key usage bits (Go's `x509.KeyUsage` bit set: bit 0 = digitalSignature …); 0 if absent.
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
    /// Go rejects values above `math.MaxInt`, so every `Some` fits in an `i64`.
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

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_EC: &str = "1.2.840.10045.2.1";
const OID_ED25519: &str = "1.3.101.112";

/// Parses one DER certificate.
///
/// # Errors
/// Returns Go's `x509.ParseCertificate` error text for input Go rejects.
pub fn parse_certificate(der: &[u8]) -> Result<Certificate, ParseError> {
    let cert = x509_cert::Certificate::from_der(der)
        .map_err(|_| ParseError::new("x509: malformed certificate"))?;
    let tbs = cert.tbs_certificate();
    fn enc<T: Encode>(v: &T) -> Result<Vec<u8>, ParseError> {
        v.to_der()
            .map_err(|_| ParseError::new("x509: malformed certificate"))
    }
    let raw_tbs = enc(tbs)?;
    let raw_subject = enc(tbs.subject())?;
    let raw_issuer = enc(tbs.issuer())?;
    let raw_spki = enc(tbs.subject_public_key_info())?;
    let raw_signature_algorithm = enc(cert.signature_algorithm())?;

    let mut c = Certificate {
        raw: der.to_vec(),
        raw_tbs,
        subject: DistinguishedName::from_der(&raw_subject)?,
        issuer: DistinguishedName::from_der(&raw_issuer)?,
        raw_subject,
        raw_issuer,
        raw_spki,
        version: tbs.version() as u8 + 1,
        serial: tbs.serial_number().as_bytes().to_vec(),
        not_before: to_unix(tbs.validity().not_before),
        not_after: to_unix(tbs.validity().not_after),
        public_key: public_key(tbs.subject_public_key_info()),
        signature_algorithm: signature_algorithm(&cert.signature_algorithm().oid.to_string()),
        raw_signature_algorithm,
        signature: cert.signature().raw_bytes().to_vec(),
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
    for ext in tbs.extensions().map(|e| e.as_slice()).unwrap_or_default() {
        let value = ext.extn_value.as_bytes();
        let oid = ext.extn_id.to_string();
        let bad = |what: &str| ParseError::new(format!("x509: invalid {what}"));
        match oid.as_str() {
            "2.5.29.15" => {
                let ku = pkix::KeyUsage::from_der(value).map_err(|_| bad("key usage"))?;
                c.key_usage = ku.0.bits().reverse_bits() >> 7;
                c.key_usage_present = true;
            }
            "2.5.29.37" => {
                let eku = pkix::ExtendedKeyUsage::from_der(value)
                    .map_err(|_| bad("extended key usages"))?;
                for oid in eku.0.iter().map(ToString::to_string) {
                    match ExtKeyUsage::from_oid(&oid) {
                        Some(u) => c.ext_key_usage.push(u),
                        None => c.unknown_ext_key_usage.push(oid),
                    }
                }
            }
            "2.5.29.19" => {
                let bc = pkix::BasicConstraints::from_der(value)
                    .map_err(|_| bad("basic constraints"))?;
                c.basic_constraints_valid = true;
                c.is_ca = bc.ca;
                c.max_path_len = bc.path_len_constraint.map(u64::from);
            }
            "2.5.29.14" => {
                let ski = pkix::SubjectKeyIdentifier::from_der(value)
                    .map_err(|_| bad("subject key identifier"))?;
                c.subject_key_id = ski.0.as_bytes().to_vec();
            }
            "2.5.29.35" => {
                let aki = pkix::AuthorityKeyIdentifier::from_der(value)
                    .map_err(|_| bad("authority key identifier"))?;
                c.authority_key_id = aki
                    .key_identifier
                    .map(|k| k.as_bytes().to_vec())
                    .unwrap_or_default();
            }
            "2.5.29.17" => {
                let san = pkix::SubjectAltName::from_der(value)
                    .map_err(|_| ParseError::new("x509: malformed subject alternative names"))?;
                for name in san.0 {
                    match name {
                        GeneralName::DnsName(s) => c.dns_names.push(s.to_string()),
                        GeneralName::Rfc822Name(s) => c.email_addresses.push(s.to_string()),
                        GeneralName::UniformResourceIdentifier(s) => c.uris.push(s.to_string()),
                        GeneralName::IpAddress(o) => c.ip_addresses.push(o.as_bytes().to_vec()),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        c.extensions.push(RawExtension {
            oid,
            critical: ext.critical,
            value: value.to_vec(),
        });
    }
    Ok(c)
}

fn to_unix(t: x509_cert::time::Time) -> UnixTime {
    let d = t.to_date_time();
    UnixTime::from_civil(
        i64::from(d.year()),
        u32::from(d.month()),
        u32::from(d.day()),
        u32::from(d.hour()),
        u32::from(d.minutes()),
        u32::from(d.seconds()),
    )
    .unwrap_or(UnixTime::from_secs(0))
}

fn public_key(spki: &spki::SubjectPublicKeyInfoOwned) -> PublicKey {
    let alg = spki.algorithm.oid.to_string();
    let key = spki.subject_public_key.raw_bytes();
    match alg.as_str() {
        OID_RSA => match pkcs1_public(key) {
            Some((modulus, exponent)) => PublicKey::Rsa { modulus, exponent },
            None => PublicKey::Unknown { algorithm: alg },
        },
        OID_EC => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.decode_as::<der::asn1::ObjectIdentifier>().ok())
                .map(|o| o.to_string());
            let curve = match curve.as_deref() {
                Some("1.2.840.10045.3.1.7") => "P-256",
                Some("1.3.132.0.34") => "P-384",
                Some("1.3.132.0.35") => "P-521",
                _ => return PublicKey::Unknown { algorithm: alg },
            };
            PublicKey::Ecdsa {
                curve,
                point: key.to_vec(),
            }
        }
        OID_ED25519 => match <[u8; 32]>::try_from(key) {
            Ok(k) => PublicKey::Ed25519(k),
            Err(_) => PublicKey::Unknown { algorithm: alg },
        },
        _ => PublicKey::Unknown { algorithm: alg },
    }
}

/// Reads a PKCS#1 `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`.
fn pkcs1_public(der: &[u8]) -> Option<(Vec<u8>, u64)> {
    let mut reader = der::SliceReader::new(der).ok()?;
    let (n, e) = der::Reader::sequence(&mut reader, |r| {
        let n = der::asn1::UintRef::decode(r)?;
        let e = der::asn1::UintRef::decode(r)?;
        Ok::<_, der::Error>((n.as_bytes().to_vec(), e.as_bytes().to_vec()))
    })
    .ok()?;
    if e.len() > 8 {
        return None;
    }
    let exponent = e.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    Some((n, exponent))
}

pub(crate) fn signature_algorithm(oid: &str) -> SignatureAlgorithm {
    use SignatureAlgorithm as S;
    match oid {
        "1.2.840.113549.1.1.2" => S::Md2WithRsa,
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
        // RSASSA-PSS: the hash lives in the parameters; refined by the verifier.
        "1.2.840.113549.1.1.10" => S::Sha256WithRsaPss,
        "1.3.101.112" => S::PureEd25519,
        _ => S::Unknown,
    }
}
