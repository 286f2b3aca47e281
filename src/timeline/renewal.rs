//! cert-manager renewals: when a `Certificate` writes a new certificate into its Secret.
//!
//! cert-manager's documented rule (cert-manager.io docs, "Certificate resource": `duration`
//! defaults to 90 days, `renewBefore` to a third of the certificate's actual lifetime, and a
//! `renewBefore` at least as long as that lifetime also falls back to a third): renewal at
//! `notAfter − renewBefore` of the certificate in the Secret. The planner does not run
//! cert-manager; this is the schedule it documents, not an observation.

use crate::time::UnixTime;

/// cert-manager's default `duration`: 2160h (90 days).
pub(super) const DEFAULT_DURATION: i64 = 2160 * 3600;

/// Parses a Go `time.ParseDuration` string (what `metav1.Duration` accepts) into whole seconds:
/// a sequence of decimal numbers with units `ns`, `us`, `µs`, `ms`, `s`, `m`, `h`, optionally
/// signed. `None` when it does not parse.
pub(super) fn parse_go_duration(text: &str) -> Option<i64> {
    let s = text.trim();
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut nanos: f64 = 0.0;
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (num, tail) = rest.split_at(n);
        if num.is_empty() || num == "." {
            return None;
        }
        let value: f64 = num.parse().ok()?;
        let u = tail
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(u);
        let scale = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        nanos += value * scale;
        rest = tail;
    }
    // Whole seconds (cert-manager's times are whole seconds in the certificate).
    #[allow(clippy::cast_possible_truncation)]
    let secs = (nanos / 1e9).floor() as i64;
    Some(if neg { -secs } else { secs })
}

/// When cert-manager renews the certificate valid `not_before ..= not_after` given the
/// `Certificate`'s `renewBefore` (seconds; `None`: not set).
pub(super) fn renewal_time(
    not_before: UnixTime,
    not_after: UnixTime,
    renew_before: Option<i64>,
) -> UnixTime {
    let lifetime = not_after.as_secs() - not_before.as_secs();
    let before = match renew_before {
        Some(b) if b > 0 && b < lifetime => b,
        _ => lifetime / 3,
    };
    UnixTime::from_secs(not_after.as_secs() - before)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Go's `time.ParseDuration` accepts these (values from its documentation's grammar).
    #[test]
    fn go_durations() {
        let cases = [
            ("2160h", Some(2160 * 3600)),
            ("720h0m0s", Some(720 * 3600)),
            ("1h30m", Some(5400)),
            ("1.5h", Some(5400)),
            ("90s", Some(90)),
            ("0", Some(0)),
            ("-2h", Some(-7200)),
            ("2d", None),
            ("", None),
            ("h", None),
            ("10", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_go_duration(text), want, "{text}");
        }
    }

    #[test]
    fn renewal_at_a_third_of_the_lifetime_by_default() {
        let nb = UnixTime::from_secs(0);
        let na = UnixTime::from_secs(90 * 86_400);
        assert_eq!(renewal_time(nb, na, None).as_secs(), 60 * 86_400);
        assert_eq!(
            renewal_time(nb, na, Some(15 * 86_400)).as_secs(),
            75 * 86_400
        );
        // renewBefore ≥ the lifetime falls back to a third.
        assert_eq!(
            renewal_time(nb, na, Some(100 * 86_400)).as_secs(),
            60 * 86_400
        );
    }
}
