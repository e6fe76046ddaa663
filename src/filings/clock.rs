//! New York wall-clock time: the US Eastern offsets with daylight saving (the rules of
//! 2007 on, and of 1987-2006 before), instants read from `HH:MM`, EDGAR's
//! `YYYYMMDDHHMMSS` and ISO 8601 with an offset, and written as ISO 8601 with the New
//! York offset.

use crate::date::{self, Day};

/// Minutes after midnight at which the regular session closes (16:00).
pub const CLOSE: u16 = 16 * 60;

/// A moment on the New York clock, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NyTime {
    /// The New York date.
    pub day: Day,
    /// Seconds after New York midnight (0..86400).
    pub second: u32,
}

impl NyTime {
    /// Midnight (00:00) of a New York date: the instant of a date given without a time.
    pub fn midnight(day: Day) -> Self {
        NyTime { day, second: 0 }
    }

    /// Minutes after midnight.
    pub fn minute(self) -> u16 {
        (self.second / 60) as u16
    }

    /// True at or after the 16:00 close.
    pub fn after_close(self) -> bool {
        self.minute() >= CLOSE
    }

    /// The instant in seconds since 1970-01-01 UTC.
    pub fn to_utc_seconds(self) -> i64 {
        let local = self.day as i64 * 86_400 + self.second as i64;
        // Daylight time if that reading is consistent (in the repeated hour of November both
        // are; the first, daylight, one is taken), else standard time.
        let daylight = local + 4 * 3600;
        if offset_seconds(daylight) == -4 * 3600 {
            daylight
        } else {
            local + 5 * 3600
        }
    }

    /// The New York time of an instant in seconds since 1970-01-01 UTC.
    pub fn from_utc_seconds(utc: i64) -> Self {
        let local = utc + offset_seconds(utc);
        NyTime {
            day: local.div_euclid(86_400) as Day,
            second: local.rem_euclid(86_400) as u32,
        }
    }

    /// `HH:MM` on the New York clock.
    pub fn clock(self) -> String {
        format!("{:02}:{:02}", self.second / 3600, self.second / 60 % 60)
    }

    /// ISO 8601 with the New York offset: `2024-02-26T17:00:31-05:00`.
    pub fn iso(self) -> String {
        let off = offset_seconds(self.to_utc_seconds()) / 3600;
        format!(
            "{}T{:02}:{:02}:{:02}{}{:02}:00",
            date::format(self.day),
            self.second / 3600,
            self.second / 60 % 60,
            self.second % 60,
            if off < 0 { '-' } else { '+' },
            off.abs()
        )
    }
}

/// The offset of New York from UTC at a UTC instant, in seconds (-5 h, or -4 h under
/// daylight saving).
pub fn offset_seconds(utc: i64) -> i64 {
    let (year, _, _) = date::civil_from_days(utc.div_euclid(86_400) as Day);
    let (start, end) = dst_bounds(year);
    if utc >= start && utc < end {
        -4 * 3600
    } else {
        -5 * 3600
    }
}

/// The UTC instants at which daylight saving starts (2:00 EST) and ends (2:00 EDT) in a
/// year.
fn dst_bounds(year: i32) -> (i64, i64) {
    let (start, end) = if year >= 2007 {
        (nth_sunday(year, 3, 2), nth_sunday(year, 11, 1))
    } else {
        (nth_sunday(year, 4, 1), last_sunday(year, 10))
    };
    (
        start as i64 * 86_400 + 7 * 3600,
        end as i64 * 86_400 + 6 * 3600,
    )
}

/// The `n`th Sunday of a month.
fn nth_sunday(year: i32, month: u32, n: u32) -> Day {
    let first = date::days_from_civil(year, month, 1);
    // date::weekday: 0 = Monday .. 6 = Sunday.
    let to_sunday = (6 + 7 - date::weekday(first)) % 7;
    first + to_sunday as Day + 7 * (n as Day - 1)
}

/// The last Sunday of a month.
fn last_sunday(year: i32, month: u32) -> Day {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let last = date::days_from_civil(y, m, 1) - 1;
    last - ((date::weekday(last) + 1) % 7) as Day
}

/// Reads `HH:MM` or `HH:MM:SS` (24-hour) as seconds after midnight.
pub fn parse_clock(s: &str) -> Option<u32> {
    let mut parts = s.trim().split(':');
    let h: u32 = digits(parts.next()?, 1, 2)?;
    let m: u32 = digits(parts.next()?, 2, 2)?;
    let sec: u32 = match parts.next() {
        Some(p) => digits(p, 2, 2)?,
        None => 0,
    };
    (parts.next().is_none() && h < 24 && m < 60 && sec < 60).then_some(h * 3600 + m * 60 + sec)
}

fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
    (s.len() >= min && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Reads EDGAR's `YYYYMMDDHHMMSS` (the header's `ACCEPTANCE-DATETIME`, New York time).
pub fn parse_edgar(s: &str) -> Option<NyTime> {
    let s = s.trim();
    if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |a: usize, b: usize| s[a..b].parse::<u32>().ok();
    let (y, mo, d) = (n(0, 4)?, n(4, 6)?, n(6, 8)?);
    let (h, mi, se) = (n(8, 10)?, n(10, 12)?, n(12, 14)?);
    let day = date::from_ymd(y, mo, d)?;
    (h < 24 && mi < 60 && se < 60).then_some(NyTime {
        day,
        second: h * 3600 + mi * 60 + se,
    })
}

/// Reads an ISO 8601 date-time with an offset or `Z` (`2024-02-26T17:00:31-05:00`,
/// `2024-02-26T22:00:31.000Z`, `2024-02-26 17:00-05:00`) as a New York time.
pub fn parse_iso(s: &str) -> Option<NyTime> {
    let s = s.trim();
    if s.len() < 16 || !s.is_char_boundary(10) {
        return None;
    }
    let (d, rest) = s.split_at(10);
    let rest = rest.strip_prefix(['T', ' '])?;
    let dp: Vec<&str> = d.split('-').collect();
    let [y, m, dd] = dp.as_slice() else {
        return None;
    };
    let day = date::from_ymd(digits(y, 4, 4)?, digits(m, 2, 2)?, digits(dd, 2, 2)?)?;
    let (clock, offset) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else {
        let at = rest.rfind(['+', '-'])?;
        let (c, o) = rest.split_at(at);
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let o = &o[1..];
        let (oh, om) = match o.split_once(':') {
            Some((h, m)) => (digits(h, 2, 2)?, digits(m, 2, 2)?),
            None if o.len() == 4 => (digits(&o[..2], 2, 2)?, digits(&o[2..], 2, 2)?),
            None => (digits(o, 2, 2)?, 0),
        };
        if oh > 18 || om > 59 {
            return None;
        }
        (c, sign * (oh as i64 * 3600 + om as i64 * 60))
    };
    // Fractions of a second are dropped.
    let clock = clock.split('.').next()?;
    let second = parse_clock(clock)?;
    let utc = day as i64 * 86_400 + second as i64 - offset;
    Some(NyTime::from_utc_seconds(utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ny(y: i32, m: u32, d: u32, h: u32, mi: u32) -> NyTime {
        NyTime {
            day: date::days_from_civil(y, m, d),
            second: h * 3600 + mi * 60,
        }
    }

    /// The changes of 2024 (10 March, 3 November), 2023 (12 March, 5 November) and 2006
    /// (2 April, 29 October), from the published US rules.
    #[test]
    fn daylight_saving_starts_and_ends_on_the_published_sundays() {
        for (y, sm, sd, em, ed) in [
            (2024, 3, 10, 11, 3),
            (2023, 3, 12, 11, 5),
            (2006, 4, 2, 10, 29),
        ] {
            let (s, e) = dst_bounds(y);
            assert_eq!(
                s,
                date::days_from_civil(y, sm, sd) as i64 * 86_400 + 7 * 3600
            );
            assert_eq!(
                e,
                date::days_from_civil(y, em, ed) as i64 * 86_400 + 6 * 3600
            );
        }
    }

    /// Expedia's 2.05 8-K: the SEC's JSON says 2024-02-26T22:00:31.000Z, which is 17:00:31
    /// in New York in February (EST, -05:00); Microsoft's 14:15:37Z of 2023-01-18 is 09:15.
    #[test]
    fn utc_instants_read_as_new_york_time() {
        let t = parse_iso("2024-02-26T22:00:31.000Z").unwrap();
        assert_eq!(t.iso(), "2024-02-26T17:00:31-05:00");
        assert!(t.after_close());
        let m = parse_iso("2023-01-18T14:15:37.000Z").unwrap();
        assert_eq!(m.clock(), "09:15");
        // Summer: EDT, -04:00.
        let s = parse_iso("2023-08-03T20:04:10Z").unwrap();
        assert_eq!(s.iso(), "2023-08-03T16:04:10-04:00");
        // After 20:00 New York time the UTC date is the next day.
        let late = parse_iso("2024-01-11T01:30:00Z").unwrap();
        assert_eq!(late, ny(2024, 1, 10, 20, 30));
        assert_eq!(
            parse_iso("2024-02-26 17:00-05:00").unwrap(),
            ny(2024, 2, 26, 17, 0)
        );
        assert_eq!(
            parse_iso("2024-02-26T17:00:31+0100").unwrap().clock(),
            "11:00"
        );
    }

    #[test]
    fn edgar_header_times_are_new_york_times() {
        let t = parse_edgar("20240226170031").unwrap();
        assert_eq!(t.iso(), "2024-02-26T17:00:31-05:00");
        assert_eq!(
            t.to_utc_seconds(),
            parse_iso("2024-02-26T22:00:31Z").unwrap().to_utc_seconds()
        );
        assert_eq!(
            parse_edgar("20230803160410").unwrap().iso(),
            "2023-08-03T16:04:10-04:00"
        );
        for bad in [
            "2024022617003",
            "20240230170031",
            "20241326170031",
            "20240226250031",
            "2024-02-26T1700",
        ] {
            assert_eq!(parse_edgar(bad), None, "{bad}");
        }
    }

    #[test]
    fn clocks_and_bad_times() {
        assert_eq!(parse_clock("16:00"), Some(CLOSE as u32 * 60));
        assert_eq!(parse_clock("9:30"), Some(9 * 3600 + 30 * 60));
        assert_eq!(parse_clock("07:05:09"), Some(7 * 3600 + 5 * 60 + 9));
        for bad in [
            "24:00",
            "12:60",
            "1230",
            "12:3",
            "-1:00",
            "12:00:00:00",
            "ab:cd",
            "",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
        for bad in [
            "2024-02-26",
            "2024-02-30T10:00Z",
            "2024-02-26T10:00+25:00",
            "2024-02-26T10:00",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn round_trip_through_utc_across_the_year() {
        let first = date::days_from_civil(2019, 1, 1);
        for day in (first..first + 3 * 365).step_by(5) {
            for second in [0, 3600 * 9 + 1800, 3600 * 16, 3600 * 23 + 59 * 60] {
                let t = NyTime { day, second };
                // The repeated hour of November's change is read as daylight time.
                assert_eq!(
                    NyTime::from_utc_seconds(t.to_utc_seconds()),
                    t,
                    "{}",
                    t.iso()
                );
            }
        }
    }
}
