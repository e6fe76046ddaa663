//! When a company first registered with the SEC, as far as its CIK tells: the SEC numbers
//! registrants in the order they register, so a company of today's list whose CIK was
//! assigned after a notice's date was not listed on that date ("Symbotic LLC" in 2018 is not
//! Symbotic Inc., listed in 2022; a 2015 "SanDisk Corporation" is not the Sandisk that Western
//! Digital spun off in 2025; "Sprint" in 2003 is not SentinelOne, whose ticker is S).

use std::sync::OnceLock;

use crate::date::{self, Day};

/// The first CIK of a range and a day no later than the SEC assigned it: every CIK from
/// there on was assigned on that day or later. The days are at least six months before the
/// first registrations known of each range (Twitter's 1418091 in 2007, Uber's 1543151 in
/// 2012, Coinbase's 1679788 in 2016, DoorDash's 1792789 in 2019, Rivian's 1874178 in 2021;
/// the SEC's daily index of 2022-10-03 reaches 1949386), so that a CIK never looks newer
/// than it is.
const RANGES: &[(u64, &str)] = &[
    (1_300_000, "2004-01-01"),
    (1_400_000, "2007-01-01"),
    (1_500_000, "2010-01-01"),
    (1_550_000, "2012-01-01"),
    (1_600_000, "2013-06-01"),
    (1_650_000, "2015-01-01"),
    (1_700_000, "2016-06-01"),
    (1_750_000, "2018-01-01"),
    (1_800_000, "2019-06-01"),
    (1_850_000, "2020-09-01"),
    (1_900_000, "2021-06-01"),
    (1_950_000, "2022-06-01"),
    (2_000_000, "2023-06-01"),
];

/// Tickers whose listed history began under an older registrant and went on when a new
/// holding company took its place (a new CIK, the same shares and symbol): Marvell
/// Technology (2021), Eaton (2012), Disney (2019), Xerox (2019), Cigna (2018), BlackRock
/// (2024), APA (2021), Bunge (2023), Core Laboratories (2023), Medtronic (2015), Accenture
/// (2009), STERIS (2015), Perrigo (2013), Alphabet (2015), Broadcom (2018), Ferguson (2024),
/// Ashland (2016), UBS (2014), TechTarget (2024, on its combination with Informa Tech).
const CONTINUED_TICKERS: &[&str] = &[
    "MRVL", "ETN", "DIS", "XRX", "CI", "BLK", "APA", "BG", "CLB", "MDT", "ACN", "STE", "PRGO",
    "GOOGL", "GOOG", "AVGO", "FERG", "ASH", "UBS", "TTGT",
];

fn ranges() -> &'static [(u64, Day)] {
    static DAYS: OnceLock<Vec<(u64, Day)>> = OnceLock::new();
    DAYS.get_or_init(|| {
        RANGES
            .iter()
            .filter_map(|&(cik, day)| Some((cik, date::parse(day)?)))
            .collect()
    })
}

/// The day no later than the SEC assigned `cik` (see [`RANGES`]), for a CIK of the ranges.
pub fn assigned_no_earlier_than(cik: u64) -> Option<Day> {
    ranges()
        .iter()
        .take_while(|(first, _)| cik >= *first)
        .last()
        .map(|&(_, day)| day)
}

/// True when company `cik` (ticker `ticker`) had not registered with the SEC on `day`, so
/// that it cannot have been listed then, unless its ticker went on from an older
/// registrant (see [`CONTINUED_TICKERS`]).
pub fn not_registered_on(cik: u64, ticker: &str, day: Day) -> Option<Day> {
    if CONTINUED_TICKERS.contains(&ticker) {
        return None;
    }
    assigned_no_earlier_than(cik).filter(|&first| day < first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(s: &str) -> Day {
        date::parse(s).unwrap()
    }

    #[test]
    fn a_new_cik_was_not_listed_before() {
        // Symbotic Inc. (CIK 1837240, registered in 2020) in 2018.
        assert_eq!(
            not_registered_on(1_837_240, "SYM", on("2018-10-29")),
            Some(on("2019-06-01"))
        );
        assert_eq!(not_registered_on(1_837_240, "SYM", on("2023-01-10")), None);
        // Old CIKs say nothing: Boeing (12927).
        assert_eq!(assigned_no_earlier_than(12_927), None);
        assert_eq!(not_registered_on(12_927, "BA", on("1990-01-01")), None);
        // Marvell's shares went on under a new holding company.
        assert_eq!(not_registered_on(1_835_632, "MRVL", on("2016-01-04")), None);
        // The ranges' days rise with the CIK.
        assert!(
            ranges()
                .windows(2)
                .all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1)
        );
        assert_eq!(ranges().len(), RANGES.len());
    }
}
