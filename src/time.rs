//! Instants as the core sees them: seconds since the Unix epoch, passed in by the caller.
//!
//! The core never reads a clock (it would panic on `wasm32-unknown-unknown`, and a pure core
//! gives the same answer for the same input). RFC 3339 conversion is done here with the civil
//! calendar algorithms of Howard Hinnant, valid for every year X.509 can encode (0000–9999).

use core::fmt;

/// A point in time, in whole seconds since 1970-01-01T00:00:00Z (negative before it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(i64);

impl UnixTime {
    /// The instant `secs` seconds after the Unix epoch.
    pub const fn from_secs(secs: i64) -> Self {
        Self(secs)
    }

    /// Seconds since the Unix epoch.
    pub const fn as_secs(self) -> i64 {
        self.0
    }

    /// The instant at the given UTC calendar date and time, or `None` when a field is out of range.
    pub fn from_civil(
        year: i64,
        month: u32,
        day: u32,
        hour: u32,
        min: u32,
        sec: u32,
    ) -> Option<Self> {
        if !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || min > 59
            || sec > 59
        {
            return None;
        }
        let days = days_from_civil(year, month, day);
        Some(Self(
            days * 86_400 + i64::from(hour) * 3600 + i64::from(min) * 60 + i64::from(sec),
        ))
    }

    /// The UTC calendar fields `(year, month, day, hour, minute, second)`.
    pub fn to_civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(86_400);
        let rem = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        // `rem` is in 0..86_400, so the casts cannot truncate.
        let rem = rem as u32;
        (y, m, d, rem / 3600, (rem / 60) % 60, rem % 60)
    }

    /// Parses an RFC 3339 timestamp such as `2026-11-29T02:43:57Z` or
    /// `2026-11-29T03:43:57.123+01:00` (fractions of a second are dropped).
    ///
    /// # Errors
    /// Returns a description of the first thing that does not fit RFC 3339.
    pub fn parse_rfc3339(text: &str) -> Result<Self, String> {
        let b = text.trim().as_bytes();
        let bad = || format!("`{text}` is not an RFC 3339 timestamp such as 2026-01-31T12:00:00Z");
        if b.len() < 20 {
            return Err(bad());
        }
        let num = |r: core::ops::Range<usize>| -> Result<u32, String> {
            let s = &b[r];
            if s.iter().all(u8::is_ascii_digit) {
                Ok(s.iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')))
            } else {
                Err(bad())
            }
        };
        if b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't' | b' ')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(bad());
        }
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, min, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let mut i = 19;
        if b[i] == b'.' {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return Err(bad());
            }
        }
        let offset: i64 = match b.get(i) {
            Some(b'Z' | b'z') if i + 1 == b.len() => 0,
            Some(sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
                let h = i64::from(num(i + 1..i + 3)?);
                let m = i64::from(num(i + 4..i + 6)?);
                if h > 23 || m > 59 {
                    return Err(bad());
                }
                let o = h * 3600 + m * 60;
                if *sign == b'-' { -o } else { o }
            }
            _ => return Err(bad()),
        };
        let t = Self::from_civil(i64::from(year), month, day, hour, min, sec).ok_or_else(bad)?;
        Ok(Self(t.0 - offset))
    }
}

/// RFC 3339 in UTC with a `Z` suffix, as Go's `time.RFC3339` prints a UTC time.
impl fmt::Display for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s) = self.to_civil();
        write!(f, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: &[(&str, i64)] = &[
        ("1970-01-01T00:00:00Z", 0),
        ("2000-02-29T12:34:56Z", 951_827_696),
        ("1950-01-01T00:00:00Z", -631_152_000),
        ("9999-12-31T23:59:59Z", 253_402_300_799),
        ("0000-01-01T00:00:00Z", -62_167_219_200),
    ];

    #[test]
    fn round_trips_rfc3339() {
        for (text, secs) in CASES {
            let t = UnixTime::parse_rfc3339(text).unwrap();
            assert_eq!(t.as_secs(), *secs, "{text}");
            assert_eq!(t.to_string(), *text);
        }
    }

    #[test]
    fn applies_offsets_and_drops_fractions() {
        let t = UnixTime::parse_rfc3339("2026-11-29T03:43:57.123+01:00").unwrap();
        assert_eq!(t.to_string(), "2026-11-29T02:43:57Z");
        let t = UnixTime::parse_rfc3339("2026-11-28T21:43:57-05:00").unwrap();
        assert_eq!(t.to_string(), "2026-11-29T02:43:57Z");
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "2026-11-29",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-29T24:00:00Z",
            "2026-11-29T00:00:00",
            "2026-11-29T00:00:00+1:00",
        ] {
            assert!(UnixTime::parse_rfc3339(bad).is_err(), "{bad}");
        }
    }
}
