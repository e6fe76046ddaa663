//! Day 0 from the instant the market learned of an event, and the confounders that fall
//! near it (METHODS §9): an announcement at or after the 16:00 close of a trading day
//! counts from the next trading day; a confounder's trading day follows the same rule.

use crate::calendar::{Calendar, Day0Error, NonTrading};
use crate::date::Day;
use crate::events::Event;
use crate::filings::clock::CLOSE;
use crate::filings::{Day0Rule, Timing};

use super::Window;

/// What to do with a confounded event (`--confounded`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Confounded {
    /// Keep it, listing its confounders in `cars.csv`.
    #[default]
    Flag,
    /// Exclude it with the first confounder as the reason.
    Drop,
}

/// Why day 0 is not the trading day of the reported date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moved {
    /// Announced at or after the close: the next trading day.
    AfterClose,
    /// Taken from the layoff filing, on another trading day than the reported date.
    Filing,
}

/// Day 0 of an event: its calendar index, where it came from (`reported`, `filing`), and
/// why it moved from the reported date's trading day, if it did.
///
/// # Errors
/// The instant lies outside the calendar, or on a non-trading day under `--non-trading
/// skip`.
pub fn day0(
    cal: &Calendar,
    e: &Event,
    rule: Day0Rule,
    policy: NonTrading,
) -> Result<(usize, &'static str, Option<Moved>), Day0Error> {
    let (at, timed, source) = rule.instant(e);
    let d0 = trading_index(cal, at.day, timed.then_some(at.second), policy)?;
    // A reported date without a time is the plain rule itself: nothing to compare.
    let moved = if source == "reported" && !timed {
        None
    } else {
        match (cal.day0(e.date, policy).ok() == Some(d0), source) {
            (true, _) => None,
            (false, "filing") => Some(Moved::Filing),
            (false, _) => Some(Moved::AfterClose),
        }
    };
    Ok((d0, source, moved))
}

/// The trading day of an instant: at or after 16:00 on a trading day the next one; else
/// the day itself, or on a non-trading day as `policy` says.
///
/// # Errors
/// As [`Calendar::day0`].
pub fn trading_index(
    cal: &Calendar,
    day: Day,
    second: Option<u32>,
    policy: NonTrading,
) -> Result<usize, Day0Error> {
    let after_close = second.is_some_and(|s| s >= u32::from(CLOSE) * 60);
    match cal.days().binary_search(&day) {
        Ok(i) if after_close => {
            if i + 1 < cal.len() {
                Ok(i + 1)
            } else {
                Err(Day0Error::OutsideData {
                    first: cal.days()[0],
                    last: cal.days()[i],
                })
            }
        }
        _ => cal.day0(day, policy),
    }
}

/// The confounders of an event whose trading day lies in day 0 + `window`, as
/// `kind date time (day k)`, in date order.
pub fn confounders(cal: &Calendar, timing: &Timing, d0: usize, window: Window) -> Vec<String> {
    let mut hits: Vec<(Day, Option<u32>, String)> = Vec::new();
    for c in &timing.confounders {
        let Ok(i) = trading_index(cal, c.day, c.time, NonTrading::Next) else {
            continue;
        };
        let k = i as i64 - d0 as i64;
        if k >= window.start as i64 && k <= window.end as i64 {
            hits.push((c.day, c.time, format!("{} (day {k})", c.label())));
        }
    }
    hits.sort();
    hits.dedup_by(|a, b| a.2 == b.2);
    hits.into_iter().map(|h| h.2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date;
    use crate::filings::clock::NyTime;
    use crate::filings::{Confounder, LayoffFiling, TimeSource};

    fn d(s: &str) -> Day {
        date::parse(s).unwrap()
    }

    /// Weekdays of February 2024 with Presidents' Day (the 19th) closed.
    fn february() -> Calendar {
        let days: Vec<Day> = (d("2024-02-01")..=d("2024-02-29"))
            .filter(|&x| date::weekday(x) < 5 && x != d("2024-02-19"))
            .collect();
        Calendar::new(days)
    }

    fn event(day: &str) -> Event {
        let mut e = crate::events::on_date(d(day), vec!["EXPE".into()]).remove(0);
        e.cik = Some(1_324_424);
        e
    }

    fn at(day: &str, h: u32, m: u32) -> NyTime {
        NyTime {
            day: d(day),
            second: h * 3600 + m * 60,
        }
    }

    #[test]
    fn after_the_close_counts_from_the_next_trading_day() {
        let cal = february();
        let mut e = event("2024-02-26");
        // No time: the date's own trading day.
        let (i, src, moved) = day0(&cal, &e, Day0Rule::Reported, NonTrading::Next).unwrap();
        assert_eq!(
            (cal.days()[i], src, moved),
            (d("2024-02-26"), "reported", None)
        );
        e.timing.announced = Some(at("2024-02-26", 16, 0));
        let (i, _, moved) = day0(&cal, &e, Day0Rule::Reported, NonTrading::Next).unwrap();
        assert_eq!(
            (cal.days()[i], moved),
            (d("2024-02-27"), Some(Moved::AfterClose))
        );
        e.timing.announced = Some(at("2024-02-26", 15, 59));
        let (i, _, _) = day0(&cal, &e, Day0Rule::Reported, NonTrading::Next).unwrap();
        assert_eq!(cal.days()[i], d("2024-02-26"));
        // Friday after the close: Monday; before the long weekend: Tuesday the 20th.
        e.timing.announced = Some(at("2024-02-16", 17, 30));
        let (i, _, _) = day0(&cal, &e, Day0Rule::Reported, NonTrading::Next).unwrap();
        assert_eq!(cal.days()[i], d("2024-02-20"));
        // Saturday at any time: as a non-trading day.
        e.timing.announced = Some(at("2024-02-24", 18, 0));
        let (i, _, _) = day0(&cal, &e, Day0Rule::Reported, NonTrading::Previous).unwrap();
        assert_eq!(cal.days()[i], d("2024-02-23"));
    }

    /// Expedia's layoff 8-K of 2024-02-26 17:00:31: `filing` moves day 0 to the 27th,
    /// `earliest` keeps a report of the 26th (00:00 is earlier), and a report of the 27th
    /// at 09:00 gives way to the filing under `earliest`.
    #[test]
    fn day0_from_the_filing() {
        let cal = february();
        let mut e = event("2024-02-26");
        e.timing.filing = Some(LayoffFiling {
            accession: "0001324424-24-000009".into(),
            items: vec!["2.05".into()],
            at: at("2024-02-26", 17, 0),
            source: TimeSource::Header,
        });
        let (i, src, moved) = day0(&cal, &e, Day0Rule::Filing, NonTrading::Next).unwrap();
        assert_eq!(
            (cal.days()[i], src, moved),
            (d("2024-02-27"), "filing", Some(Moved::Filing))
        );
        let (i, src, _) = day0(&cal, &e, Day0Rule::Earliest, NonTrading::Next).unwrap();
        assert_eq!((cal.days()[i], src), (d("2024-02-26"), "reported"));
        let mut later = event("2024-02-27");
        later.timing = e.timing.clone();
        later.timing.announced = Some(at("2024-02-27", 9, 0));
        let (i, src, moved) = day0(&cal, &later, Day0Rule::Earliest, NonTrading::Next).unwrap();
        assert_eq!(
            (cal.days()[i], src, moved),
            (d("2024-02-27"), "filing", None)
        );
    }

    #[test]
    fn confounders_in_the_window_are_listed_with_their_day() {
        let cal = february();
        let mut t = Timing::default();
        let add = |t: &mut Timing, day: &str, time: Option<u32>| {
            t.confounders.push(Confounder {
                kind: "earnings 8-K".into(),
                day: d(day),
                time,
            })
        };
        // Thursday the 8th after the close: trading day Friday the 9th.
        add(&mut t, "2024-02-08", Some(16 * 3600 + 2 * 60));
        add(&mut t, "2024-02-14", None);
        let d0 = cal.day0(d("2024-02-12"), NonTrading::Next).unwrap();
        assert_eq!(
            confounders(&cal, &t, d0, Window::new(-1, 1)),
            vec!["earnings 8-K 2024-02-08 16:02 ET (day -1)"]
        );
        assert_eq!(confounders(&cal, &t, d0, Window::new(-2, 2)).len(), 2);
        assert!(confounders(&cal, &t, d0, Window::new(0, 0)).is_empty());
    }
}
