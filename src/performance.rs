//! Calendar-year performance (METHODS.md §3): `P(last trading date of Y) /
//! P(last trading date of Y-1) - 1`, with the market over the same dates.

use crate::calendar::Calendar;
use crate::content::{Cell, Table};
use crate::date::{self, Day, days_from_civil};
use crate::series::Series;

/// One ticker's return over one calendar year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearReturn {
    /// Ticker.
    pub ticker: String,
    /// Calendar year.
    pub year: i32,
    /// Date of the starting price (last trading date of the year before, when available).
    pub start_date: Day,
    /// Starting price.
    pub start_price: f64,
    /// Date of the ending price (last trading date of the year, or the last available).
    pub end_date: Day,
    /// Ending price.
    pub end_price: f64,
    /// `end_price / start_price - 1`.
    pub ret: f64,
    /// The market's return between the same two dates (NaN without a market).
    pub market_return: f64,
    /// False when the year is not fully covered: the data starts inside the year, or ends
    /// before the calendar's last trading date of the year.
    pub complete: bool,
}

impl YearReturn {
    /// Stock minus market.
    pub fn excess(&self) -> f64 {
        self.ret - self.market_return
    }
}

fn last_priced_at_or_before(s: &Series, day: Day) -> Option<usize> {
    let mut i = s.row_at_or_before(day)?;
    loop {
        if s.price[i].is_finite() {
            return Some(i);
        }
        i = i.checked_sub(1)?;
    }
}

/// The years a series has prices in.
pub fn years_of(s: &Series) -> Vec<i32> {
    let mut out = Vec::new();
    let mut next_year_starts = Day::MIN;
    for (d, p) in s.dates.iter().zip(&s.price) {
        if *d >= next_year_starts && p.is_finite() {
            let y = date::year_of(*d);
            out.push(y);
            next_year_starts = days_from_civil(y + 1, 1, 1);
        }
    }
    out
}

/// One series of yearly returns, as the performance chart draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct YearBars {
    /// Label (ticker, or "market (SPY)").
    pub label: String,
    /// `(year, return as a fraction, complete)`.
    pub years: Vec<(i32, f64, bool)>,
    /// True for the market series (drawn in grey).
    pub is_market: bool,
}

impl YearBars {
    /// The bars of `s` over `years` (years without a return are left out).
    pub fn of(
        s: &Series,
        cal: &Calendar,
        years: impl IntoIterator<Item = i32>,
        label: String,
        is_market: bool,
    ) -> Self {
        YearBars {
            label,
            years: years
                .into_iter()
                .filter_map(|y| year_return(s, None, cal, y))
                .map(|r| (r.year, r.ret, r.complete))
                .collect(),
            is_market,
        }
    }
}

/// The return of `s` over calendar year `year`, or `None` when it has no price in the year
/// (or only its very first price).
///
/// `cal` decides completeness: the year is complete when the stock has a price on or
/// before the last trading date of the year before, the calendar goes on past the year,
/// and the stock has a price on the calendar's last trading date of the year.
pub fn year_return(
    s: &Series,
    market: Option<&Series>,
    cal: &Calendar,
    year: i32,
) -> Option<YearReturn> {
    let prev_end = days_from_civil(year - 1, 12, 31);
    let end = days_from_civil(year, 12, 31);
    let end_row = last_priced_at_or_before(s, end).filter(|&r| s.dates[r] > prev_end)?;
    let (start_row, started_before) = match last_priced_at_or_before(s, prev_end) {
        Some(r) => (r, true),
        None => {
            let first =
                (0..s.dates.len()).find(|&r| s.dates[r] > prev_end && s.price[r].is_finite())?;
            (first, false)
        }
    };
    if start_row >= end_row {
        return None; // a single price in the year: no return
    }
    let cal_last = cal.at_or_before(end).map(|i| cal.days()[i]);
    let cal_goes_on = cal.days().last().is_some_and(|&d| d > end);
    let complete = started_before && cal_goes_on && cal_last == Some(s.dates[end_row]);
    let (d0, d1) = (s.dates[start_row], s.dates[end_row]);
    let market_return = market
        .and_then(|m| {
            let (a, b) = (m.row_of(d0)?, m.row_of(d1)?);
            Some(m.price[b] / m.price[a] - 1.0)
        })
        .unwrap_or(f64::NAN);
    Some(YearReturn {
        ticker: s.ticker.clone(),
        year,
        start_date: d0,
        start_price: s.price[start_row],
        end_date: d1,
        end_price: s.price[end_row],
        ret: s.price[end_row] / s.price[start_row] - 1.0,
        market_return,
        complete,
    })
}

/// A (ticker, year) pair asked for without a price in that year.
pub type Missing = (String, i32);

/// Calendar-year returns of `tickers` (every ticker of the panel when empty) in `years`,
/// or in every year of their data between `from` and `to`; also the (ticker, year) pairs
/// asked for without a price.
///
/// # Errors
/// A ticker without prices (usage).
pub fn rows(
    panel: &crate::series::Panel,
    tickers: &[String],
    years: &[i32],
    (from, to): (Option<i32>, Option<i32>),
    market: Option<&Series>,
    cal: &Calendar,
) -> crate::error::Result<(Vec<YearReturn>, Vec<Missing>)> {
    let series: Vec<&Series> = if tickers.is_empty() {
        panel.iter().collect()
    } else {
        tickers
            .iter()
            .map(|t| {
                panel.get(t).ok_or_else(|| {
                    crate::error::Error::Usage(format!("--tickers: no prices for {t} in --prices"))
                })
            })
            .collect::<crate::error::Result<_>>()?
    };
    let (mut rows, mut missing) = (Vec::new(), Vec::new());
    for s in series {
        let ys: Vec<i32> = if years.is_empty() {
            years_of(s)
                .into_iter()
                .filter(|y| from.is_none_or(|f| *y >= f) && to.is_none_or(|t| *y <= t))
                .collect()
        } else {
            years.to_vec()
        };
        for y in ys {
            match year_return(s, market, cal, y) {
                Some(r) => rows.push(r),
                None => missing.push((s.ticker.clone(), y)),
            }
        }
    }
    Ok((rows, missing))
}

/// The `performance` output table (CLI.md).
pub fn table(rows: &[YearReturn]) -> Table {
    let mut t = Table::new(&[
        "ticker",
        "year",
        "start_date",
        "start_price",
        "end_date",
        "end_price",
        "return",
        "market_return",
        "excess_return",
        "complete",
    ]);
    for r in rows {
        t.rows.push(vec![
            Cell::str(&r.ticker),
            Cell::Int(i64::from(r.year)),
            Cell::Date(r.start_date),
            Cell::num(r.start_price),
            Cell::Date(r.end_date),
            Cell::num(r.end_price),
            Cell::ret(r.ret),
            Cell::ret(r.market_return),
            Cell::ret(r.excess()),
            Cell::Bool(r.complete),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse;
    use crate::tolerance::*;

    fn series(rows: &[(&str, f64)]) -> Series {
        Series {
            ticker: "T".into(),
            dates: rows.iter().map(|(d, _)| parse(d).unwrap()).collect(),
            price: rows.iter().map(|r| r.1).collect(),
            close: Vec::new(),
            volume: vec![f64::NAN; rows.len()],
            source: Default::default(),
            layout: "test",
        }
    }

    #[test]
    fn full_year_and_partial_years() {
        let s = series(&[
            ("2022-12-30", 100.0),
            ("2023-06-30", 150.0),
            ("2023-12-29", 180.0),
            ("2024-01-02", 171.0),
        ]);
        let cal = Calendar::of_series(&s);
        let y23 = year_return(&s, None, &cal, 2023).unwrap();
        assert!((y23.ret - 0.80).abs() < ROUNDING); // 180 / 100 - 1
        assert!(y23.complete);
        // 2024 runs past the data: last date available, not complete.
        let y24 = year_return(&s, None, &cal, 2024).unwrap();
        assert!((y24.ret - (171.0 / 180.0 - 1.0)).abs() < ROUNDING);
        assert!(!y24.complete);
        // 2022: only the first price of the data, so no return.
        assert_eq!(year_return(&s, None, &cal, 2022), None);
        assert_eq!(year_return(&s, None, &cal, 2025), None);
    }
}
