//! The trading calendar (the market series' dates), day 0 of an event under the
//! non-trading-day policy, and returns aligned on the calendar (METHODS.md §1-2).

use crate::date::{self, Day};
use crate::series::Series;

/// What to do with an announcement on a day the market was closed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum NonTrading {
    /// Day 0 is the next trading date.
    #[default]
    Next,
    /// Day 0 is the previous trading date.
    Previous,
    /// The event is excluded.
    Skip,
}

/// Why an event has no day 0.
#[derive(Debug, Clone, PartialEq)]
pub enum Day0Error {
    /// The announcement is before the first or after the last date of the calendar.
    OutsideData {
        /// First calendar date.
        first: Day,
        /// Last calendar date.
        last: Day,
    },
    /// The announcement is not a trading date and the policy is `skip`.
    NotTrading,
}

impl std::fmt::Display for Day0Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Day0Error::OutsideData { first, last } => write!(
                f,
                "day 0 is outside the data (the market calendar runs {} to {})",
                date::format(*first),
                date::format(*last)
            ),
            Day0Error::NotTrading => {
                write!(
                    f,
                    "the announcement date is not a trading date (--non-trading skip)"
                )
            }
        }
    }
}

/// Trading dates, ascending and unique.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    days: Vec<Day>,
}

impl Calendar {
    /// A calendar from trading dates (sorted and de-duplicated here).
    pub fn new(mut days: Vec<Day>) -> Self {
        days.sort_unstable();
        days.dedup();
        Calendar { days }
    }

    /// Every date present in any of `series` (a bitmap over the date range, linear time).
    pub fn union<'a>(series: impl Iterator<Item = &'a [Day]> + Clone) -> Self {
        let bounds = series
            .clone()
            .filter_map(|d| Some((*d.first()?, *d.last()?)))
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
        let Some((lo, hi)) = bounds else {
            return Calendar { days: Vec::new() };
        };
        let mut seen = vec![false; (hi - lo + 1) as usize];
        for dates in series {
            for &d in dates {
                seen[(d - lo) as usize] = true;
            }
        }
        let days = (lo..=hi).filter(|d| seen[(d - lo) as usize]).collect();
        Calendar { days }
    }

    /// The dates of a series with a price.
    pub fn of_series(s: &Series) -> Self {
        Calendar::new(
            s.dates
                .iter()
                .zip(&s.price)
                .filter(|(_, p)| p.is_finite())
                .map(|(d, _)| *d)
                .collect(),
        )
    }

    /// The trading dates.
    pub fn days(&self) -> &[Day] {
        &self.days
    }

    /// Number of trading dates.
    pub fn len(&self) -> usize {
        self.days.len()
    }

    /// True when the calendar has no date.
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// Index of a trading date.
    pub fn index(&self, day: Day) -> Option<usize> {
        self.days.binary_search(&day).ok()
    }

    /// Index of the last trading date on or before `day`.
    pub fn at_or_before(&self, day: Day) -> Option<usize> {
        match self.days.binary_search(&day) {
            Ok(i) => Some(i),
            Err(0) => None,
            Err(i) => Some(i - 1),
        }
    }

    /// Calendar index of day 0 for an announcement date.
    ///
    /// # Errors
    /// The date is outside the calendar, or not a trading date under `skip`.
    ///
    /// ```
    /// use layoff_study::calendar::{Calendar, NonTrading};
    /// use layoff_study::date::parse;
    /// let cal = Calendar::new(vec![parse("2024-01-12").unwrap(), parse("2024-01-16").unwrap()]);
    /// let sat = parse("2024-01-13").unwrap();
    /// assert_eq!(cal.day0(sat, NonTrading::Next), Ok(1));
    /// assert_eq!(cal.day0(sat, NonTrading::Previous), Ok(0));
    /// ```
    pub fn day0(&self, announce: Day, policy: NonTrading) -> Result<usize, Day0Error> {
        let (Some(&first), Some(&last)) = (self.days.first(), self.days.last()) else {
            return Err(Day0Error::OutsideData { first: 0, last: 0 });
        };
        if announce < first || announce > last {
            return Err(Day0Error::OutsideData { first, last });
        }
        match self.days.binary_search(&announce) {
            Ok(i) => Ok(i),
            Err(i) => match policy {
                NonTrading::Next => Ok(i),
                NonTrading::Previous => Ok(i - 1),
                NonTrading::Skip => Err(Day0Error::NotTrading),
            },
        }
    }

    /// Each series row `i` (of ascending `dates`) that falls on a calendar day, with that
    /// day's index `j`, walking both in one pass.
    fn on_calendar<'a>(&'a self, dates: &'a [Day]) -> impl Iterator<Item = (usize, usize)> + 'a {
        let mut j = 0usize;
        dates
            .iter()
            .enumerate()
            .map_while(move |(i, &d)| {
                while j < self.days.len() && self.days[j] < d {
                    j += 1;
                }
                (j < self.days.len()).then_some((i, j, self.days[j] == d))
            })
            .filter_map(|(i, j, on)| on.then_some((i, j)))
    }

    /// The returns of a series on every calendar date (NaN where the series has no row on
    /// that date, no earlier row, or a missing price). The previous price is that of the
    /// series' previous row.
    pub fn returns(&self, s: &Series, log: bool) -> Vec<f64> {
        let mut out = vec![f64::NAN; self.days.len()];
        for (i, j) in self.on_calendar(&s.dates).filter(|&(i, _)| i > 0) {
            out[j] = simple_or_log(s.price[i - 1], s.price[i], log);
        }
        out
    }

    /// `ln(1 + volume)` of a series on each calendar day (METHODS.md §10): NaN where the
    /// series has no row or no volume that day; a volume of zero is a value.
    pub fn log_volume(&self, s: &Series) -> Vec<f64> {
        let mut out = vec![f64::NAN; self.days.len()];
        if s.volume.len() != s.dates.len() {
            return out;
        }
        for (i, j) in self.on_calendar(&s.dates) {
            let v = s.volume[i];
            if v.is_finite() && v >= 0.0 {
                out[j] = v.ln_1p();
            }
        }
        out
    }
}

/// `p1 / p0 - 1`, or `ln(p1 / p0)` for log returns; NaN when a price is missing.
pub fn simple_or_log(p0: f64, p1: f64, log: bool) -> f64 {
    if log { (p1 / p0).ln() } else { p1 / p0 - 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse;
    use crate::tolerance::*;
    use std::path::PathBuf;

    fn d(s: &str) -> Day {
        parse(s).unwrap()
    }

    #[test]
    fn day0_policies_around_a_holiday() {
        // MLK day 2024-01-15 is a holiday: Fri 12th, then Tue 16th.
        let cal = Calendar::new(vec![d("2024-01-11"), d("2024-01-12"), d("2024-01-16")]);
        assert_eq!(cal.day0(d("2024-01-15"), NonTrading::Next), Ok(2));
        assert_eq!(cal.day0(d("2024-01-15"), NonTrading::Previous), Ok(1));
        assert_eq!(
            cal.day0(d("2024-01-15"), NonTrading::Skip),
            Err(Day0Error::NotTrading)
        );
        assert_eq!(cal.day0(d("2024-01-12"), NonTrading::Skip), Ok(1));
        assert!(matches!(
            cal.day0(d("2024-01-17"), NonTrading::Previous),
            Err(Day0Error::OutsideData { .. })
        ));
    }

    #[test]
    fn log_volume_on_the_calendar_by_hand() {
        let cal = Calendar::new(vec![
            d("2024-01-02"),
            d("2024-01-03"),
            d("2024-01-04"),
            d("2024-01-05"),
        ]);
        let s = Series {
            ticker: "X".into(),
            dates: vec![d("2024-01-02"), d("2024-01-04"), d("2024-01-05")],
            price: vec![1.0, 1.0, 1.0],
            close: Vec::new(),
            volume: vec![0.0, f64::NAN, 99.0],
            source: PathBuf::new(),
            layout: "test",
        };
        let v = cal.log_volume(&s);
        // Zero volume is ln(1) = 0; no row and no volume are missing.
        assert_eq!(v[0], 0.0);
        assert!(v[1].is_nan() && v[2].is_nan());
        assert!((v[3] - 100f64.ln()).abs() < EXACT);
        // A series without volumes has none on any day.
        let none = Series {
            volume: Vec::new(),
            ..s
        };
        assert!(cal.log_volume(&none).iter().all(|x| x.is_nan()));
    }

    #[test]
    fn returns_use_the_previous_row_and_never_invent_values() {
        let cal = Calendar::new(vec![
            d("2024-01-02"),
            d("2024-01-03"),
            d("2024-01-04"),
            d("2024-01-05"),
        ]);
        let s = Series {
            ticker: "X".into(),
            dates: vec![d("2024-01-02"), d("2024-01-04"), d("2024-01-05")],
            price: vec![100.0, 110.0, f64::NAN],
            close: Vec::new(),
            volume: vec![f64::NAN; 3],
            source: PathBuf::new(),
            layout: "test",
        };
        let r = cal.returns(&s, false);
        assert!(r[0].is_nan()); // first row: no earlier price
        assert!(r[1].is_nan()); // the stock has no row on 01-03
        assert!((r[2] - 0.10).abs() < ROUNDING); // 110 / 100 - 1, previous row of the stock
        assert!(r[3].is_nan()); // missing price
        let l = cal.returns(&s, true);
        assert!((l[2] - (1.1f64).ln()).abs() < ROUNDING);
    }
}
