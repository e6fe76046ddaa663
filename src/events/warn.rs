//! WARN notices as the states publish them: the cells of a notice date and of a count of
//! workers in the spellings real state files use (two-digit years, month names, compact
//! dates, date ranges, `Updated` remarks, `-` and `Unknown` for a count), read the way the
//! state means them and never guessed.

use crate::date::{self, Day};

/// A cell with the padding state files leave around it removed: whitespace, no-break
/// spaces and the `Â` of a no-break space decoded twice (`102Â`).
pub fn clean(raw: &str) -> &str {
    raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{c2}')
}

/// Two-digit years as the states write them: `00`-`68` are 2000-2068, `69`-`99` are
/// 1969-1999 (the WARN Act dates from 1988).
fn full_year(y: u32, digits: usize) -> Option<u32> {
    match digits {
        4 => Some(y),
        2 if y <= 68 => Some(2000 + y),
        2 => Some(1900 + y),
        _ => None,
    }
}

fn month_named(s: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let s = s.trim_end_matches('.').to_ascii_lowercase();
    if s.len() < 3 {
        return None;
    }
    let i = NAMES.iter().position(|n| {
        *n == s || (s.len() <= 4 && n.starts_with(&s)) || (s == "sept" && *n == "september")
    })?;
    Some(i as u32 + 1)
}

fn number(s: &str) -> Option<(u32, usize)> {
    (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok().map(|v| (v, s.len())))
        .flatten()
}

/// `M/D/YY`, `M/D/YYYY`, `M-D-YYYY`, and Tennessee's `YYYY/M/D`.
fn slashed(s: &str) -> Option<Day> {
    let sep = if s.contains('/') { '/' } else { '-' };
    let mut p = s.split(sep);
    let (a, b, c) = (p.next()?, p.next()?, p.next()?);
    if p.next().is_some() || b.len() > 2 {
        return None;
    }
    let (m, d, (y, n)) = match (a.len(), c.len()) {
        (4, 1..=2) => (b, c, number(a)?),
        (1..=2, _) => (a, b, number(c)?),
        _ => return None,
    };
    if d.len() > 2 {
        return None;
    }
    date::from_ymd(full_year(y, n)?, number(m)?.0, number(d)?.0)
}

/// `15 December 2014`, `December 15, 2014`, `Dec 15 2014`, `15-Dec-14`.
fn with_month_name(s: &str) -> Option<Day> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    let [a, b, c] = words.as_slice() else {
        return None;
    };
    let (m, d) = match (month_named(a), month_named(b)) {
        (Some(m), None) => (m, number(b)?.0),
        (None, Some(m)) => (m, number(a)?.0),
        _ => return None,
    };
    let (y, n) = number(c)?;
    date::from_ymd(full_year(y, n)?, m, d)
}

/// One date in any of the spellings above, or ISO (`2026-01-07 00:00:00`) and compact
/// `20200110` as the shared date reader takes them.
fn one(s: &str) -> Option<Day> {
    date::parse(s)
        .or_else(|| slashed(s))
        .or_else(|| with_month_name(s))
}

/// The words that may stand between the two dates of a range or of a date and its update.
const BETWEEN: &[&str] = &[
    "updated", "update", "through", "thru", "to", "and", "revised", "revision", "amended", "rec'd",
    "rec'", "received", "ending", "ends",
];

/// The words that may open a date (Michigan's and Pennsylvania's first days of a layoff:
/// `Beginning April 21, 2025`, `Beginning:  January 23, 2023; Ending: ...`).
const OPENING: &[&str] = &["beginning", "commencing", "starting", "effective"];

/// The word of `words` that `s` begins with, followed by no letter, case aside.
fn leading_word<'w>(s: &str, words: &[&'w str]) -> Option<&'w str> {
    words.iter().copied().find(|w| {
        s.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w))
            && !s[w.len()..].starts_with(|c: char| c.is_ascii_alphabetic())
    })
}

/// A notice date: one date, or the first of a range (`09/04/2020-09/18/2020`,
/// `04/20/2020 Updated 05/14/2020`, `6/1/2020 to 6/5/2020`, Florida's `06-11-22 thru
/// 06-18-22` over three lines, Maryland's `4/1/2020 (REVISED) 10/22/2020`), the date the
/// state gives first. `None` for a cell that holds no date the way a state writes one
/// (`3/3020/17`).
pub fn notice_date(raw: &str) -> Option<Day> {
    let s = clean(raw);
    if let Some(d) = one(s) {
        return Some(d);
    }
    // Line breaks and runs of spaces inside the cell are one space.
    let collapsed = s
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut s = collapsed.as_str();
    if let Some(w) = leading_word(s, OPENING) {
        s = s[w.len()..].trim_start_matches([':', ' ']);
        if let Some(d) = one(s) {
            return Some(d);
        }
    }
    // The first date of a range or of a date followed by a remark.
    let lower = s.to_ascii_lowercase();
    let mut cuts: Vec<usize> = [
        " updated",
        "updated",
        " to ",
        " through ",
        " thru ",
        " (",
        " - ",
        "-",
        " and ",
        "&",
        ";",
    ]
    .iter()
    .flat_map(|sep| lower.match_indices(sep).map(|(i, _)| i))
    .collect();
    cuts.sort_unstable();
    cuts.dedup();
    // The first cut whose two sides are dates: a dash may be inside a date
    // (`06-11-22 thru 06-18-22`) as well as between two.
    cuts.into_iter().find_map(|cut| {
        let d = one(clean(&s[..cut]))?;
        // What follows must be a date too (the range's end, or the date of the update):
        // a date cut in two (`09/04/2020-09/18`) is no date.
        let mut t = s[cut..].trim_matches(|c: char| !c.is_ascii_alphanumeric());
        // The words between (`(updated 01/27/2020)`, `(revised thru 5/5/16)`,
        // `(rec'd 2/18/2020)`, `; Ending: March 24, 2023`).
        while let Some(w) = leading_word(t, BETWEEN) {
            t = t[w.len()..].trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
        }
        one(clean(t)).map(|_| d)
    })
}

/// The first year a notice of a state's register can bear: the WARN Act dates from 1988,
/// and the oldest register (Illinois's) holds plant-closing notices from 1987.
pub const FIRST_NOTICE_YEAR: i32 = 1980;

/// Why a date read from a notice cannot be its notice date (a typo such as `1/4/3030` or
/// `5/6/1202` reads as a date): a year before any state's register, or a day after
/// `today`.
pub fn implausible(day: Day, today: Day) -> Option<String> {
    let year = date::year_of(day);
    if year < FIRST_NOTICE_YEAR {
        Some(format!(
            "{year} is before any state's register of notices ({FIRST_NOTICE_YEAR})"
        ))
    } else if day > today {
        Some(format!("{} is after today", date::format(day)))
    } else {
        None
    }
}

/// What a count of workers cell holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Count {
    /// A number (thousands separated by commas allowed: `1,200`).
    Number(f64),
    /// Said to be unknown: empty, `-`, `Unknown`, `Undisclosed`, `TBD`, `N/A`.
    Missing,
    /// Text that is not a plain number (`40-50`, `Up to 122`, `75 in Indiana`): left
    /// empty, never guessed.
    Unread,
}

/// A count of workers.
pub fn count(raw: &str) -> Count {
    let s = clean(raw);
    let lower = s.to_ascii_lowercase();
    if crate::tabular::is_missing(s)
        || matches!(
            lower.as_str(),
            "unknown" | "undisclosed" | "tbd" | "not known" | "none given" | "?"
        )
    {
        return Count::Missing;
    }
    let groups: Vec<&str> = s.split(',').collect();
    let plain =
        groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if plain
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        && let Ok(v) = groups.concat().parse::<f64>()
    {
        return Count::Number(v);
    }
    Count::Unread
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Day> {
        date::parse(s)
    }

    /// The spellings of the real state files: Indiana `5/27/20`, Michigan `15 December 2014`
    /// (and with two spaces), Wisconsin `20200110`, Ohio ranges and `Updated` remarks,
    /// Texas `2026-01-07 00:00:00`, New Jersey `3/4/07Â`.
    #[test]
    fn notice_dates_as_the_states_write_them() {
        for (raw, want) in [
            ("5/27/20", "2020-05-27"),
            ("12/31/99", "1999-12-31"),
            ("15 December 2014", "2014-12-15"),
            ("30 January  2014", "2014-01-30"),
            ("December 15, 2014", "2014-12-15"),
            ("Sept 3 2019", "2019-09-03"),
            ("3-Dec-19", "2019-12-03"),
            ("20200110", "2020-01-10"),
            ("09/04/2020-09/18/2020", "2020-09-04"),
            ("09/04/2020 - 09/18/2020", "2020-09-04"),
            ("05/18/2020 Updated 06/23/2020", "2020-05-18"),
            ("04/07/2020\r\n\u{a0}\u{a0}Updated 04/10/2020", "2020-04-07"),
            ("04/06/2020\u{a0}Updated04/08/2020", "2020-04-06"),
            ("6/1/2020 to 6/5/2020", "2020-06-01"),
            ("2026-01-07 00:00:00", "2026-01-07"),
            ("3/4/07\u{c2}", "2007-03-04"),
            ("2022/2/8", "2022-02-08"),
            ("2021/12/17", "2021-12-17"),
            ("06-11-22\n thru\n06-18-22", "2022-06-11"),
            ("4/1/2020 (REVISED) 10/22/2020", "2020-04-01"),
            ("11/18/2022 - 12/31/2022", "2022-11-18"),
            ("01/15/2020 (updated 01/27/2020)", "2020-01-15"),
            ("1/6/2016 (revised thru 5/5/16)", "2016-01-06"),
            ("2/12/2020 (rec'd 2/18/2020)", "2020-02-12"),
            ("Beginning April 21, 2025", "2025-04-21"),
            (
                "Beginning:  January 23, 2023; Ending:  March 24, 2023",
                "2023-01-23",
            ),
        ] {
            assert_eq!(notice_date(raw), d(want), "{raw:?}");
        }
        // Typos are not guessed.
        for raw in [
            "3/3020/17",
            "13/45/2020",
            "2/30/2021",
            "5/27",
            "Friday",
            "09/04/2020-09/18",
            "2020-0110",
            "15 Decembre 2014",
            "5/62011",
            "2022/13/8",
            "2022/2/8/1",
            "06-11-22 thru 06-18",
            "4/1/2020 (REVISED)",
            "Updated12/16/2022",
            "Commencing June 2025",
            "3/23/2023 Alliance Healthcare",
            "2/19/219 (rec'd 2/26/19)",
            "Phase 1: 1/11/23 (38 workers) ... Phase 2: 2/10/23 (59 workers)",
            "Beginningless 4/21/2025",
        ] {
            assert_eq!(notice_date(raw), None, "{raw:?}");
        }
    }

    /// Typos that read as dates (Indiana's year 1202, New Jersey's 3030) are not notice
    /// dates; Illinois's plant closings of 1987 and today are.
    #[test]
    fn notice_dates_are_between_the_act_and_today() {
        let today = d("2026-12-08").unwrap();
        for bad in ["1202-05-06", "1979-12-31", "3030-03-04", "2026-12-09"] {
            assert!(implausible(d(bad).unwrap(), today).is_some(), "{bad}");
        }
        for good in ["1980-01-01", "1987-09-01", "1988-11-28", "2026-12-08"] {
            assert_eq!(implausible(d(good).unwrap(), today), None, "{good}");
        }
    }

    #[test]
    fn counts_are_numbers_missing_or_left_unread() {
        assert_eq!(count("412"), Count::Number(412.0));
        assert_eq!(count("1,200"), Count::Number(1200.0));
        assert_eq!(count("102\u{c2}"), Count::Number(102.0));
        for raw in ["-", "", "Unknown", "Undisclosed", "\u{c2}\u{a0}\u{c2}"] {
            assert_eq!(count(raw), Count::Missing, "{raw:?}");
        }
        for raw in [
            "40-50",
            "Up to 122",
            "75 in Indiana",
            "100+",
            "163, 204, 130, 191",
            "1,20",
        ] {
            assert_eq!(count(raw), Count::Unread, "{raw:?}");
        }
    }
}
