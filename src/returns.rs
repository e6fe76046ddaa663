//! Announcement-day returns (METHODS.md §2): the stock's return on day 0 and the
//! market-adjusted return `R_0 - Rm_0`.

use crate::calendar::{Calendar, NonTrading, simple_or_log};
use crate::content::{Cell, Table};
use crate::date::{self, Day};
use crate::error::Invalid;
use crate::events::{Event, Exclusion};
use crate::series::{Panel, Series};

/// The announcement-day return of one event.
#[derive(Debug, Clone, PartialEq)]
pub struct DayReturn {
    /// Event id.
    pub event_id: String,
    /// Ticker.
    pub ticker: String,
    /// Announcement date.
    pub announce_date: Day,
    /// Day 0 (the trading date the announcement is counted on).
    pub day0: Day,
    /// Date of the stock's previous row.
    pub prev_date: Day,
    /// Price on the previous row.
    pub prev_price: f64,
    /// Price on day 0.
    pub price: f64,
    /// `price / prev_price - 1` (or the log return).
    pub ret: f64,
    /// The market's return on day 0 (NaN without a market).
    pub market_return: f64,
}

impl DayReturn {
    /// `return - market_return`.
    pub fn market_adjusted(&self) -> f64 {
        self.ret - self.market_return
    }
}

/// The return of a series on a date from its previous row: `(prev_row, row, return)`.
pub fn return_on(s: &Series, day: Day, log: bool) -> Result<(usize, usize, f64), Invalid> {
    let Some(row) = s.row_of(day) else {
        return Err(Invalid(format!(
            "{} has no price on {}",
            s.ticker,
            date::format(day)
        )));
    };
    if row == 0 {
        return Err(Invalid(format!(
            "{} has no price before {} (its data starts that day)",
            s.ticker,
            date::format(day)
        )));
    }
    let (p0, p1) = (s.price[row - 1], s.price[row]);
    if p1.is_nan() {
        return Err(Invalid(format!(
            "{} price is missing on {}",
            s.ticker,
            date::format(day)
        )));
    }
    if p0.is_nan() {
        return Err(Invalid(format!(
            "{} price is missing on {}, the row before day 0",
            s.ticker,
            date::format(s.dates[row - 1])
        )));
    }
    Ok((row - 1, row, simple_or_log(p0, p1, log)))
}

/// Announcement-day returns of events; events that cannot be measured are returned as
/// exclusions with the reason.
pub fn announcement_returns(
    events: &[Event],
    panel: &Panel,
    market: Option<&Series>,
    cal: &Calendar,
    policy: NonTrading,
    log: bool,
) -> (Vec<DayReturn>, Vec<Exclusion>) {
    let mut out = Vec::new();
    let mut excluded = Vec::new();
    for e in events {
        let Some(ticker) = e.ticker.as_deref() else {
            excluded.push(Exclusion::no_ticker(e));
            continue;
        };
        let Some(s) = panel.get(ticker) else {
            excluded.push(Exclusion::of(e, format!("no prices for ticker {ticker}")));
            continue;
        };
        let day0 = match cal.day0(e.date, policy) {
            Ok(i) => cal.days()[i],
            Err(why) => {
                excluded.push(Exclusion::of(e, why.to_string()));
                continue;
            }
        };
        let (prev, row, ret) = match return_on(s, day0, log) {
            Ok(v) => v,
            Err(why) => {
                excluded.push(Exclusion::of(e, why));
                continue;
            }
        };
        let market_return = market
            .and_then(|m| return_on(m, day0, log).ok())
            .map_or(f64::NAN, |(_, _, r)| r);
        out.push(DayReturn {
            event_id: e.id.clone(),
            ticker: s.ticker.clone(),
            announce_date: e.date,
            day0,
            prev_date: s.dates[prev],
            prev_price: s.price[prev],
            price: s.price[row],
            ret,
            market_return,
        });
    }
    (out, excluded)
}

/// The `returns` output table (CLI.md).
pub fn table(rows: &[DayReturn]) -> Table {
    let mut t = Table::new(&[
        "event_id",
        "ticker",
        "announce_date",
        "day0",
        "prev_date",
        "prev_price",
        "price",
        "return",
        "market_return",
        "market_adjusted",
    ]);
    for r in rows {
        t.rows.push(vec![
            Cell::str(&r.event_id),
            Cell::str(&r.ticker),
            Cell::Date(r.announce_date),
            Cell::Date(r.day0),
            Cell::Date(r.prev_date),
            Cell::num(r.prev_price),
            Cell::num(r.price),
            Cell::ret(r.ret),
            Cell::ret(r.market_return),
            Cell::ret(r.market_adjusted()),
        ]);
    }
    t
}
