//! Grades for TLS endpoints: Mozilla's Server Side TLS guidelines 6.0 and SSL-Labs-style grade
//! caps, as versioned data tables.

use super::tls::{Kx, TlsVersion, suite};
pub(crate) use crate::report::Grade;

/// The guideline version the tables below encode.
pub const MOZILLA_GUIDELINE: &str = "Mozilla Server Side TLS 6.0";

/// A Mozilla configuration profile.
struct Profile {
    name: &'static str,
    versions: &'static [TlsVersion],
    /// Allowed TLS ≤ 1.2 suites (Go IDs); TLS 1.3 suites are fixed in Go and always compliant.
    suites_tls12: &'static [u16],
    /// Minimum RSA key size; ECDSA keys must be P-256 or P-384.
    rsa_min_bits: u32,
}

/// Mozilla 6.0: modern = TLS 1.3 only; intermediate = TLS 1.2 + 1.3 with ECDHE AEAD suites.
const PROFILES: &[Profile] = &[
    Profile {
        name: "modern",
        versions: &[TlsVersion::V1_3],
        suites_tls12: &[],
        rsa_min_bits: 2048,
    },
    Profile {
        name: "intermediate",
        versions: &[TlsVersion::V1_2, TlsVersion::V1_3],
        suites_tls12: &[0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8],
        rsa_min_bits: 2048,
    },
];

/// The TLS 1.2 suites (Go IDs) of Mozilla's intermediate profile, in the guideline's order
/// (what a plan's `intermediate` cipher policy sets).
pub(crate) fn intermediate_suites() -> &'static [u16] {
    PROFILES
        .iter()
        .find(|p| p.name == "intermediate")
        .map_or(&[], |p| p.suites_tls12)
}

/// One SSL-Labs-style cap: if the condition holds, the grade is at most `grade`.
struct Cap {
    grade: &'static str,
    reason: &'static str,
    applies: fn(&Facts) -> bool,
}

/// What the grader looks at.
pub(crate) struct Facts {
    pub(crate) versions: Vec<TlsVersion>,
    pub(crate) suites_tls12: Vec<u16>,
    pub(crate) rsa_bits: Option<u32>,
    pub(crate) ecdsa_curve: Option<String>,
    pub(crate) trusted: bool,
    pub(crate) expired: bool,
}

/// SSL Labs grading guide (2020 revision), the caps that apply to what Argo CD can configure.
const CAPS: &[Cap] = &[
    Cap {
        grade: "T",
        reason: "certificate not issued by a CA the clients trust (self-signed)",
        applies: |f| !f.trusted,
    },
    Cap {
        grade: "T",
        reason: "certificate expired or not yet valid",
        applies: |f| f.expired,
    },
    Cap {
        grade: "B",
        reason: "TLS 1.0 or 1.1 enabled",
        applies: |f| f.versions.iter().any(|v| *v < TlsVersion::V1_2),
    },
    Cap {
        grade: "B",
        reason: "RSA key shorter than 2048 bits",
        applies: |f| f.rsa_bits.is_some_and(|b| b < 2048),
    },
    Cap {
        grade: "B",
        reason: "TLS 1.2 suites without forward secrecy (RSA key exchange)",
        applies: |f| {
            f.suites_tls12
                .iter()
                .any(|id| suite(*id).is_some_and(|s| s.kx == Kx::Rsa))
        },
    },
    Cap {
        grade: "B",
        reason: "CBC suites enabled",
        applies: |f| {
            f.suites_tls12
                .iter()
                .any(|id| suite(*id).is_some_and(|s| s.name.contains("_CBC_")))
        },
    },
    Cap {
        grade: "C",
        reason: "3DES or RC4 suites enabled",
        applies: |f| {
            f.suites_tls12.iter().any(|id| {
                suite(*id).is_some_and(|s| s.name.contains("3DES") || s.name.contains("RC4"))
            })
        },
    },
];

fn rank(g: &str) -> u8 {
    match g {
        "A" => 0,
        "B" => 1,
        "C" => 2,
        "T" => 3,
        _ => 4,
    }
}

pub(crate) fn grade(f: &Facts) -> Grade {
    let mut mozilla = "none";
    let mut gaps = Vec::new();
    for p in PROFILES {
        let mut gap = Vec::new();
        if f.versions.iter().any(|v| !p.versions.contains(v)) {
            let vs: Vec<&str> = p.versions.iter().map(|v| v.as_str()).collect();
            gap.push(format!("{}: versions must be {}", p.name, vs.join(" and ")));
        }
        if f.versions.contains(&TlsVersion::V1_2)
            && let Some(bad) = f
                .suites_tls12
                .iter()
                .find(|id| !p.suites_tls12.contains(id))
        {
            gap.push(format!(
                "{}: suite {} not allowed",
                p.name,
                super::tls::suite_name(*bad)
            ));
        }
        if f.rsa_bits.is_some_and(|b| b < p.rsa_min_bits) {
            gap.push(format!("{}: RSA key below {} bits", p.name, p.rsa_min_bits));
        }
        if f.ecdsa_curve
            .as_deref()
            .is_some_and(|c| c != "P-256" && c != "P-384")
        {
            gap.push(format!("{}: ECDSA curve must be P-256 or P-384", p.name));
        }
        if gap.is_empty() {
            mozilla = p.name;
            break;
        }
        gaps.extend(gap);
    }
    let mut grade = "A";
    let mut caps = Vec::new();
    for c in CAPS {
        if (c.applies)(f) {
            caps.push(format!("{}: {}", c.grade, c.reason));
            if rank(c.grade) > rank(grade) {
                grade = c.grade;
            }
        }
    }
    Grade {
        guideline: MOZILLA_GUIDELINE.to_string(),
        mozilla: mozilla.to_string(),
        mozilla_gaps: if mozilla == "modern" {
            Vec::new()
        } else {
            gaps
        },
        ssl_labs: grade.to_string(),
        caps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(versions: &[TlsVersion], suites: &[u16]) -> Facts {
        Facts {
            versions: versions.to_vec(),
            suites_tls12: suites.to_vec(),
            rsa_bits: Some(2048),
            ecdsa_curve: None,
            trusted: true,
            expired: false,
        }
    }

    #[test]
    fn argo_defaults_are_intermediate_and_a() {
        let g = grade(&facts(&[TlsVersion::V1_2, TlsVersion::V1_3], &[0xc030]));
        assert_eq!(g.mozilla, "intermediate");
        assert_eq!(g.ssl_labs, "A");
        assert!(
            g.mozilla_gaps
                .iter()
                .any(|s| s.starts_with("modern: versions"))
        );
    }

    #[test]
    fn tls13_only_is_modern() {
        let g = grade(&facts(&[TlsVersion::V1_3], &[]));
        assert_eq!(g.mozilla, "modern");
        assert!(g.mozilla_gaps.is_empty());
    }

    #[test]
    fn caps_apply() {
        let mut f = facts(
            &[TlsVersion::V1_0, TlsVersion::V1_1, TlsVersion::V1_2],
            &[0xc013, 0x000a],
        );
        f.trusted = false;
        let g = grade(&f);
        assert_eq!(g.mozilla, "none");
        assert_eq!(g.ssl_labs, "T");
        assert_eq!(g.caps.len(), 5, "{:?}", g.caps);
        assert!(g.caps.iter().any(|c| c.starts_with("C: 3DES")));
    }
}
