//! TLS versions and cipher suites: Argo CD's parsing rules (`util/tls/tls.go`, reference §1) and
//! Go's `crypto/tls` selection (which version and suite a Go server picks for a Go client).

use serde::Serialize;

/// A TLS protocol version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum TlsVersion {
    /// TLS 1.0 (0x0301)
    V1_0,
    /// TLS 1.1 (0x0302)
    V1_1,
    /// TLS 1.2 (0x0303)
    V1_2,
    /// TLS 1.3 (0x0304)
    V1_3,
}

impl TlsVersion {
    /// All versions, oldest first.
    pub(crate) const ALL: [Self; 4] = [Self::V1_0, Self::V1_1, Self::V1_2, Self::V1_3];

    /// Argo's spelling: `1.0` … `1.3`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::V1_0 => "1.0",
            Self::V1_1 => "1.1",
            Self::V1_2 => "1.2",
            Self::V1_3 => "1.3",
        }
    }

    /// The wire value, e.g. 0x0304.
    pub(crate) fn wire(self) -> u16 {
        match self {
            Self::V1_0 => 0x0301,
            Self::V1_1 => 0x0302,
            Self::V1_2 => 0x0303,
            Self::V1_3 => 0x0304,
        }
    }
}

impl Serialize for TlsVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Key exchange of a TLS ≤ 1.2 suite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kx {
    /// ECDHE with an RSA certificate.
    EcdheRsa,
    /// ECDHE with an ECDSA (or Ed25519) certificate.
    EcdheEcdsa,
    /// RSA key transport (RSA certificate).
    Rsa,
    /// A TLS 1.3 suite (any certificate).
    Tls13,
}

/// One cipher suite Go knows.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Suite {
    pub(crate) id: u16,
    pub(crate) name: &'static str,
    pub(crate) kx: Kx,
    /// Usable at TLS 1.0/1.1 (the `*_CBC_SHA` and RC4/3DES suites); otherwise TLS 1.2 only.
    pub(crate) pre_tls12: bool,
    /// Forbidden for HTTP/2 by RFC 7540 (grpc-go drops these from its default client list).
    pub(crate) h2_forbidden: bool,
    /// In `tls.CipherSuites()` with Go ≥ 1.22 (the names Argo ≥ 2.12 accepts).
    pub(crate) secure: bool,
    /// In `tls.CipherSuites()` of Go ≤ 1.21 (names Argo ≤ 2.11 accepted).
    pub(crate) secure_before_go122: bool,
}

const fn s(
    id: u16,
    name: &'static str,
    kx: Kx,
    pre_tls12: bool,
    h2_forbidden: bool,
    secure: bool,
    secure_before_go122: bool,
) -> Suite {
    Suite {
        id,
        name,
        kx,
        pre_tls12,
        h2_forbidden,
        secure,
        secure_before_go122,
    }
}

/// Every suite Go implements (`tls.CipherSuites()` + `tls.InsecureCipherSuites()`, reference §16.1).
pub(crate) const SUITES: &[Suite] = &[
    s(
        0x1301,
        "TLS_AES_128_GCM_SHA256",
        Kx::Tls13,
        false,
        false,
        true,
        true,
    ),
    s(
        0x1302,
        "TLS_AES_256_GCM_SHA384",
        Kx::Tls13,
        false,
        false,
        true,
        true,
    ),
    s(
        0x1303,
        "TLS_CHACHA20_POLY1305_SHA256",
        Kx::Tls13,
        false,
        false,
        true,
        true,
    ),
    s(
        0xc009,
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
        Kx::EcdheEcdsa,
        true,
        true,
        true,
        true,
    ),
    s(
        0xc00a,
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        Kx::EcdheEcdsa,
        true,
        true,
        true,
        true,
    ),
    s(
        0xc013,
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        Kx::EcdheRsa,
        true,
        true,
        true,
        true,
    ),
    s(
        0xc014,
        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        Kx::EcdheRsa,
        true,
        true,
        true,
        true,
    ),
    s(
        0xc02b,
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        Kx::EcdheEcdsa,
        false,
        false,
        true,
        true,
    ),
    s(
        0xc02c,
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        Kx::EcdheEcdsa,
        false,
        false,
        true,
        true,
    ),
    s(
        0xc02f,
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        Kx::EcdheRsa,
        false,
        false,
        true,
        true,
    ),
    s(
        0xc030,
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        Kx::EcdheRsa,
        false,
        false,
        true,
        true,
    ),
    s(
        0xcca8,
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        Kx::EcdheRsa,
        false,
        false,
        true,
        true,
    ),
    s(
        0xcca9,
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        Kx::EcdheEcdsa,
        false,
        false,
        true,
        true,
    ),
    s(
        0x0005,
        "TLS_RSA_WITH_RC4_128_SHA",
        Kx::Rsa,
        true,
        true,
        false,
        false,
    ),
    s(
        0x000a,
        "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        Kx::Rsa,
        true,
        true,
        false,
        true,
    ),
    s(
        0x002f,
        "TLS_RSA_WITH_AES_128_CBC_SHA",
        Kx::Rsa,
        true,
        true,
        false,
        true,
    ),
    s(
        0x0035,
        "TLS_RSA_WITH_AES_256_CBC_SHA",
        Kx::Rsa,
        true,
        true,
        false,
        true,
    ),
    s(
        0x003c,
        "TLS_RSA_WITH_AES_128_CBC_SHA256",
        Kx::Rsa,
        false,
        true,
        false,
        false,
    ),
    s(
        0x009c,
        "TLS_RSA_WITH_AES_128_GCM_SHA256",
        Kx::Rsa,
        false,
        true,
        false,
        true,
    ),
    s(
        0x009d,
        "TLS_RSA_WITH_AES_256_GCM_SHA384",
        Kx::Rsa,
        false,
        true,
        false,
        true,
    ),
    s(
        0xc007,
        "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
        Kx::EcdheEcdsa,
        true,
        true,
        false,
        false,
    ),
    s(
        0xc011,
        "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
        Kx::EcdheRsa,
        true,
        true,
        false,
        false,
    ),
    s(
        0xc012,
        "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
        Kx::EcdheRsa,
        true,
        true,
        false,
        true,
    ),
    s(
        0xc023,
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
        Kx::EcdheEcdsa,
        false,
        true,
        false,
        false,
    ),
    s(
        0xc027,
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
        Kx::EcdheRsa,
        false,
        true,
        false,
        false,
    ),
];

/// Go's server preference order with AES hardware (`cipherSuitesPreferenceOrder`,
/// `crypto/tls/cipher_suites.go`, go1.27).
const PREFERENCE: &[u16] = &[
    0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014, 0x009c, 0x009d,
    0x002f, 0x0035, 0xc012, 0x000a, 0xc023, 0xc027, 0x003c, 0xc007, 0xc011, 0x0005,
];

/// Suites Go never uses unless listed explicitly (`disabledCipherSuites`).
fn disabled_by_default(id: u16) -> bool {
    matches!(
        id,
        0xc023
            | 0xc027
            | 0x003c
            | 0xc007
            | 0xc011
            | 0x0005
            | 0x009c
            | 0x009d
            | 0x002f
            | 0x0035
            | 0x000a
            | 0xc012
    )
}

pub(crate) fn suite(id: u16) -> Option<&'static Suite> {
    SUITES.iter().find(|s| s.id == id)
}

/// The name of suite `id`, or its hex form.
pub(crate) fn suite_name(id: u16) -> String {
    suite(id).map_or_else(|| format!("0x{id:04x}"), |s| s.name.to_string())
}

/// `getTLSVersionByString`: `""` → unset (Go default), exactly `1.0`…`1.3`, else
/// `<value> is not valid TLS version`.
pub(crate) fn parse_version(text: &str) -> Result<Option<TlsVersion>, String> {
    match text {
        "" => Ok(None),
        "1.0" => Ok(Some(TlsVersion::V1_0)),
        "1.1" => Ok(Some(TlsVersion::V1_1)),
        "1.2" => Ok(Some(TlsVersion::V1_2)),
        "1.3" => Ok(Some(TlsVersion::V1_3)),
        other => Err(format!("{other} is not valid TLS version")),
    }
}

/// `getTLSCipherSuitesByString` with the accepted names of the Go the binary was built with.
pub(crate) fn parse_ciphers(text: &str, go_rejects_rsa_kex: bool) -> Result<Vec<u16>, String> {
    let mut out = Vec::new();
    for element in text.split(':') {
        let name = element.trim();
        let found = SUITES.iter().find(|s| {
            s.name == name
                && if go_rejects_rsa_kex {
                    s.secure
                } else {
                    s.secure_before_go122
                }
        });
        match found {
            Some(s) => out.push(s.id),
            None => return Err(format!("invalid cipher suite specified: {element}")),
        }
    }
    Ok(out)
}

/// What Argo's TLS customizer leaves in the server's `tls.Config` (reference §1.5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ServerParams {
    /// `MinVersion` (None = Go default, TLS 1.2).
    pub(crate) min: Option<TlsVersion>,
    /// `MaxVersion` (None = Go default, TLS 1.3).
    pub(crate) max: Option<TlsVersion>,
    /// `CipherSuites`: always non-nil from the customizer (empty = no TLS ≤ 1.2 suite).
    pub(crate) ciphers: Vec<u16>,
    /// The warning logged when min is 1.3 and the cipher string was not the default.
    pub(crate) warning: Option<String>,
}

/// The outcome of running the customizer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Customized {
    /// A usable configuration.
    Params(ServerParams),
    /// A fatal startup error (exit 20), with the text Argo logs.
    Fatal(String),
    /// `--tlsciphers list`: prints the list and exits 0 (restarted forever in Kubernetes).
    ListAndExit,
}

/// `getTLSConfigCustomizer` (reference §1.5), given the three strings after flag/env resolution.
pub(crate) fn customize(
    min: &str,
    max: &str,
    ciphers: &str,
    default_ciphers: &str,
    go_rejects_rsa_kex: bool,
) -> Customized {
    let min_v = match parse_version(min) {
        Ok(v) => v,
        Err(e) => {
            return Customized::Fatal(format!(
                "error retrieving TLS version by min version \"{min}\": {e}"
            ));
        }
    };
    let max_v = match parse_version(max) {
        Ok(v) => v,
        Err(e) => {
            return Customized::Fatal(format!(
                "error retrieving TLS version by max version \"{max}\": {e}"
            ));
        }
    };
    let min_wire = min_v.map_or(0, TlsVersion::wire);
    let max_wire = max_v.map_or(0, TlsVersion::wire);
    if min_wire > max_wire {
        return Customized::Fatal(format!(
            "minimum TLS version {min} must not be higher than maximum TLS version {max}"
        ));
    }
    let mut ciphers = ciphers.to_string();
    let mut warning = None;
    if min_v == Some(TlsVersion::V1_3) {
        if ciphers != default_ciphers {
            warning = Some(
                "TLSv1.3 cipher suites are not configurable, ignoring value of --tlsciphers"
                    .to_string(),
            );
        }
        ciphers.clear();
    }
    if ciphers == "list" {
        return Customized::ListAndExit;
    }
    let list = if ciphers.is_empty() {
        Vec::new()
    } else {
        match parse_ciphers(&ciphers, go_rejects_rsa_kex) {
            Ok(l) => l,
            Err(e) => return Customized::Fatal(format!("error retrieving TLS cipher suites: {e}")),
        }
    };
    Customized::Params(ServerParams {
        min: min_v,
        max: max_v,
        ciphers: list,
        warning,
    })
}

/// The kind of key in the server's certificate (decides which TLS ≤ 1.2 suites can be used).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CertKey {
    /// RSA
    Rsa,
    /// ECDSA or Ed25519 (both sign with the `ECDHE_ECDSA` suites)
    Ecdsa,
}

/// A client's TLS configuration as far as negotiation goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ClientParams {
    pub(crate) min: TlsVersion,
    pub(crate) max: TlsVersion,
    /// TLS ≤ 1.2 suites the client offers, in ClientHello order.
    pub(crate) offered: Vec<u16>,
}

impl ClientParams {
    /// A grpc-go client over `credentials.NewTLS` with Argo's config (reference §0.0 item 7):
    /// min 1.2, max 1.3, `tls.CipherSuites()` minus the suites RFC 7540 forbids.
    pub(crate) fn grpc() -> Self {
        Self::ordered(TlsVersion::V1_2, TlsVersion::V1_3, |s| {
            s.secure && s.kx != Kx::Tls13 && !s.h2_forbidden
        })
    }

    /// A Go `net/http` client with default settings (min 1.2, max 1.3, Go's default suites).
    pub(crate) fn go_default() -> Self {
        Self::ordered(TlsVersion::V1_2, TlsVersion::V1_3, |s| {
            s.kx != Kx::Tls13 && !disabled_by_default(s.id)
        })
    }

    fn ordered(min: TlsVersion, max: TlsVersion, keep: impl Fn(&Suite) -> bool) -> Self {
        let offered = PREFERENCE
            .iter()
            .filter_map(|id| suite(*id))
            .filter(|s| keep(s))
            .filter(|s| max >= TlsVersion::V1_2 || s.pre_tls12)
            .map(|s| s.id)
            .collect();
        Self { min, max, offered }
    }
}

/// What a handshake between a Go server and a Go client negotiates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Negotiation {
    /// The handshake gets past version and suite selection.
    Agreed {
        /// The version.
        version: TlsVersion,
        /// The suite.
        suite: u16,
    },
    /// It fails before certificates are exchanged.
    Failed {
        /// What the client logs.
        client: String,
        /// What the server logs.
        server: String,
    },
}

/// Go's version and suite selection with AES hardware on both sides (reference §16.3).
/// `server_go_minor` is the Go release the server was built with (1.`minor`): the server's
/// cipher-mismatch error gained its `; client offered: [..]` suffix in Go 1.25
/// (`crypto/tls/handshake_server.go`; checked in the go1.24.11 and go1.25.5 sources — the
/// reference's §0.0 item 3 says 1.26).
pub(crate) fn negotiate(
    server: &ServerParams,
    key: CertKey,
    client: &ClientParams,
    server_go_minor: u32,
) -> Negotiation {
    let s_min = server.min.unwrap_or(TlsVersion::V1_2);
    let s_max = server.max.unwrap_or(TlsVersion::V1_3);
    let client_versions: Vec<TlsVersion> = TlsVersion::ALL
        .into_iter()
        .rev()
        .filter(|v| *v >= client.min && *v <= client.max)
        .collect();
    let Some(version) = client_versions
        .iter()
        .copied()
        .find(|v| *v >= s_min && *v <= s_max)
    else {
        let offered: Vec<String> = client_versions
            .iter()
            .map(|v| format!("{:x}", v.wire()))
            .collect();
        return Negotiation::Failed {
            client: "remote error: tls: protocol version not supported".to_string(),
            server: format!(
                "tls: client offered only unsupported versions: [{}]",
                offered.join(" ")
            ),
        };
    };
    if version == TlsVersion::V1_3 {
        // TLS 1.3 suites are not configurable; with AES hardware Go picks AES-128-GCM.
        return Negotiation::Agreed {
            version,
            suite: 0x1301,
        };
    }
    let usable = |id: u16| -> bool {
        let Some(s) = suite(id) else { return false };
        let kx_ok = matches!(
            (s.kx, key),
            (Kx::EcdheRsa | Kx::Rsa, CertKey::Rsa) | (Kx::EcdheEcdsa, CertKey::Ecdsa)
        );
        kx_ok && (version >= TlsVersion::V1_2 || s.pre_tls12)
    };
    let chosen = PREFERENCE
        .iter()
        .copied()
        .filter(|id| server.ciphers.contains(id))
        .find(|id| client.offered.contains(id) && usable(*id));
    match chosen {
        Some(suite) => Negotiation::Agreed { version, suite },
        None => {
            let mut offered: Vec<String> = client
                .offered
                .iter()
                .filter(|id| {
                    version >= TlsVersion::V1_2 || suite(**id).is_some_and(|s| s.pre_tls12)
                })
                .map(|id| format!("{id:x}"))
                .collect();
            if client.max == TlsVersion::V1_3 {
                offered.extend(["1301", "1302", "1303"].map(String::from));
            }
            Negotiation::Failed {
                client: "remote error: tls: handshake failure".to_string(),
                server: if server_go_minor >= 25 {
                    format!(
                        "tls: no cipher suite supported by both client and server; client offered: [{}]",
                        offered.join(" ")
                    )
                } else {
                    "tls: no cipher suite supported by both client and server".to_string()
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference §16.2: parser results observed with real Go.
    #[test]
    fn cipher_and_version_parsing_matches_go() {
        const CASES: &[(&str, Result<&[u16], &str>)] = &[
            ("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", Ok(&[0xc030])),
            (
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:TLS_RSA_WITH_AES_256_GCM_SHA384",
                Err("invalid cipher suite specified: TLS_RSA_WITH_AES_256_GCM_SHA384"),
            ),
            (
                " TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 : TLS_AES_128_GCM_SHA256",
                Ok(&[0xc030, 0x1301]),
            ),
            (
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                Err(
                    "invalid cipher suite specified: TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                ),
            ),
            ("A:", Err("invalid cipher suite specified: A")),
            (
                "ECDHE-RSA-AES256-GCM-SHA384",
                Err("invalid cipher suite specified: ECDHE-RSA-AES256-GCM-SHA384"),
            ),
        ];
        for (input, want) in CASES {
            let got = parse_ciphers(input, true);
            assert_eq!(got.as_deref().map_err(String::as_str), *want, "{input}");
        }
        assert_eq!(parse_version("1.2"), Ok(Some(TlsVersion::V1_2)));
        assert_eq!(
            parse_version("TLS1.2"),
            Err("TLS1.2 is not valid TLS version".to_string())
        );
        assert_eq!(
            parse_version("1.2.0"),
            Err("1.2.0 is not valid TLS version".to_string())
        );
        assert_eq!(parse_version(""), Ok(None));
    }

    #[test]
    fn old_go_accepts_rsa_kex_names() {
        assert_eq!(
            parse_ciphers(
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:TLS_RSA_WITH_AES_256_GCM_SHA384",
                false
            ),
            Ok(vec![0xc030, 0x009d])
        );
    }

    #[test]
    fn customizer_follows_argo_order() {
        let d = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
        assert_eq!(
            customize("TLS1.2", "1.3", d, d, true),
            Customized::Fatal("error retrieving TLS version by min version \"TLS1.2\": TLS1.2 is not valid TLS version".into())
        );
        assert_eq!(
            customize("1.3", "1.2", d, d, true),
            Customized::Fatal(
                "minimum TLS version 1.3 must not be higher than maximum TLS version 1.2".into()
            )
        );
        assert_eq!(
            customize("1.2", "", d, d, true),
            Customized::Fatal(
                "minimum TLS version 1.2 must not be higher than maximum TLS version ".into()
            )
        );
        assert_eq!(
            customize("1.2", "1.3", "list", d, true),
            Customized::ListAndExit
        );
        match customize("1.3", "1.3", "list", d, true) {
            Customized::Params(p) => {
                assert!(p.ciphers.is_empty());
                assert!(p.warning.is_some());
            }
            other => panic!("{other:?}"),
        }
    }

    // Reference §16.3 (real Go 1.26.6 handshakes).
    #[test]
    fn negotiation_matches_the_observed_matrix() {
        let default = ServerParams {
            min: Some(TlsVersion::V1_2),
            max: Some(TlsVersion::V1_3),
            ciphers: vec![0xc030],
            warning: None,
        };
        let go12 = ClientParams {
            max: TlsVersion::V1_2,
            ..ClientParams::go_default()
        };
        assert_eq!(
            negotiate(&default, CertKey::Rsa, &ClientParams::go_default(), 26),
            Negotiation::Agreed {
                version: TlsVersion::V1_3,
                suite: 0x1301
            }
        );
        assert_eq!(
            negotiate(&default, CertKey::Rsa, &go12, 26),
            Negotiation::Agreed {
                version: TlsVersion::V1_2,
                suite: 0xc030
            }
        );
        assert_eq!(
            negotiate(&default, CertKey::Ecdsa, &go12, 26),
            Negotiation::Failed {
                client: "remote error: tls: handshake failure".into(),
                server: "tls: no cipher suite supported by both client and server; client offered: [c02b c02f c02c c030 cca9 cca8 c009 c013 c00a c014]".into(),
            }
        );
        let only12 = ServerParams {
            max: Some(TlsVersion::V1_2),
            ..default.clone()
        };
        let client13 = ClientParams {
            min: TlsVersion::V1_3,
            ..ClientParams::go_default()
        };
        assert_eq!(
            negotiate(&only12, CertKey::Rsa, &client13, 26),
            Negotiation::Failed {
                client: "remote error: tls: protocol version not supported".into(),
                server: "tls: client offered only unsupported versions: [304]".into(),
            }
        );
        let old_client = ClientParams {
            min: TlsVersion::V1_0,
            max: TlsVersion::V1_0,
            ..ClientParams::go_default()
        };
        let old_client = ClientParams {
            offered: ClientParams::ordered(TlsVersion::V1_0, TlsVersion::V1_0, |s| {
                s.kx != Kx::Tls13 && !disabled_by_default(s.id)
            })
            .offered,
            ..old_client
        };
        let wide = ServerParams {
            min: Some(TlsVersion::V1_0),
            ..default.clone()
        };
        assert_eq!(
            negotiate(&wide, CertKey::Rsa, &old_client, 26),
            Negotiation::Failed {
                client: "remote error: tls: handshake failure".into(),
                server: "tls: no cipher suite supported by both client and server; client offered: [c009 c013 c00a c014]".into(),
            }
        );
    }
}
