//! Calendar dates as day numbers (days since 1970-01-01) and the parsers for the date
//! spellings found in price and event files.

use chrono::{Datelike, NaiveDate};

/// A calendar date as the number of days since 1970-01-01.
pub type Day = i32;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day number.
pub fn civil_from_days(z: Day) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The year of a day number.
pub fn year_of(day: Day) -> i32 {
    civil_from_days(day).0
}

/// Day of the week, 0 = Monday .. 6 = Sunday.
pub fn weekday(day: Day) -> u32 {
    (day + 3).rem_euclid(7) as u32
}

/// ISO spelling `YYYY-MM-DD`.
pub fn format(day: Day) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A day number as a chrono date.
pub fn to_naive(day: Day) -> NaiveDate {
    let (y, m, d) = civil_from_days(day);
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The day number of a chrono date.
pub fn from_naive(date: NaiveDate) -> Day {
    days_from_civil(date.year(), date.month(), date.day())
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 4 {
        return None;
    }
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// The day of a year, month and day that exist (years 1000 to 9999).
pub fn from_ymd(y: u32, m: u32, d: u32) -> Option<Day> {
    valid(y, m, d)
}

fn valid(y: u32, m: u32, d: u32) -> Option<Day> {
    if !(1..=12).contains(&m) || d == 0 || !(1000..=9999).contains(&y) {
        return None;
    }
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let dim = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (d <= dim).then(|| days_from_civil(y as i32, m, d))
}

/// Parses the date spellings of price and event files: `2024-01-10`, `2024-01-10 00:00:00`,
/// `2024-01-10 00:00:00-05:00` and `2024-01-10T...` (the local date is kept), `1/10/2024`
/// and `01/10/2024` (US month first), and `20240110`.
///
/// ```
/// use layoff_study::date::{parse, format};
/// assert_eq!(parse("2024-01-10 00:00:00-05:00").map(format).as_deref(), Some("2024-01-10"));
/// assert_eq!(parse("1/10/2024").map(format).as_deref(), Some("2024-01-10"));
/// assert_eq!(parse("2024-02-30"), None);
/// ```
pub fn parse(s: &str) -> Option<Day> {
    let b = s.trim().as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        if b.len() > 10 && !(matches!(b[10], b' ' | b'T') && time_suffix(&b[11..])) {
            return None;
        }
        return valid(digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    }
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        return valid(digits(&b[0..4])?, digits(&b[4..6])?, digits(&b[6..8])?);
    }
    let (date_part, time) = match b.iter().position(|&c| c == b' ') {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    if time.is_some_and(|t| !time_suffix(t)) {
        return None;
    }
    let mut parts = date_part.split(|&c| c == b'/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() > 2 || d.len() > 2 {
        return None;
    }
    valid(digits(y)?, digits(m)?, digits(d)?)
}

/// True for the time of day that may follow a date and nothing else: `HH:MM[:SS[.fff]]`
/// and an optional zone `Z`, `+HH:MM`, `-HHMM` or ` UTC`.
fn time_suffix(t: &[u8]) -> bool {
    let two = |b: &[u8], max: u32| digits(b).is_some_and(|v| b.len() == 2 && v <= max);
    if t.len() < 5 || !two(&t[0..2], 23) || t[2] != b':' || !two(&t[3..5], 59) {
        return false;
    }
    let mut rest = &t[5..];
    if rest.first() == Some(&b':') {
        if rest.len() < 3 || !two(&rest[1..3], 60) {
            return false;
        }
        rest = &rest[3..];
        if rest.first() == Some(&b'.') {
            let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return false;
            }
            rest = &rest[1 + n..];
        }
    }
    match rest {
        [] | b"Z" | b" UTC" | b"UTC" => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] | [b'+' | b'-', h1, h2, m1, m2] => {
            two(&[*h1, *h2], 23) && two(&[*m1, *m2], 59)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_over_two_centuries() {
        for day in days_from_civil(1900, 1, 1)..days_from_civil(2100, 12, 31) {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
            assert_eq!(from_naive(to_naive(day)), day);
        }
    }

    #[test]
    fn known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(format(days_from_civil(2024, 2, 29)), "2024-02-29");
        // 2024-01-10 was a Wednesday, 2024-01-13 a Saturday.
        assert_eq!(weekday(days_from_civil(2024, 1, 10)), 2);
        assert_eq!(weekday(days_from_civil(2024, 1, 13)), 5);
    }

    #[test]
    fn spellings() {
        let d = Some(days_from_civil(2024, 1, 10));
        for s in [
            "2024-01-10",
            "2024-01-10 00:00:00",
            "2024-01-10 00:00:00-05:00",
            "2024-01-10T09:30:00Z",
            "2024-01-10T09:30:00.123+0100",
            "1/10/2024 16:00",
            "01/10/2024",
            "1/10/2024",
            "20240110",
            " 2024-01-10 ",
        ] {
            assert_eq!(parse(s), d, "{s}");
        }
        for s in [
            "",
            "2024-13-01",
            "2023-02-29",
            "10/01/24",
            "abc",
            "2024-01-10x",
            "NULL",
            "2024-01-10 corrupted-row-tail",
            "2024-01-10T?",
            "2024-01-10 00:00:00-05:00 extra",
            "1/10/2024 garbage",
            "2024-01-10 25:00",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
