//! Stooq daily CSV: `GET {base}/q/d/l/?s={symbol}.us&d1=YYYYMMDD&d2=YYYYMMDD&i=d`, answered
//! with `Date,Open,High,Low,Close,Volume` (or the text "No data").

use super::{Bar, Failure, Provider};
use crate::date::{self, Day};
use crate::tabular as csv;

/// The Stooq CSV download.
pub struct Stooq;

/// Default base URL.
pub const BASE: &str = "https://stooq.com";

fn compact(d: Day) -> String {
    date::format(d).replace('-', "")
}

/// Stooq's name for a US symbol: lower case with `.us`, indices (`^spx`) as they are.
pub fn stooq_symbol(symbol: &str) -> String {
    let s = symbol.to_ascii_lowercase();
    if s.starts_with('^') || s.contains('.') {
        s
    } else {
        format!("{s}.us")
    }
}

impl Provider for Stooq {
    fn name(&self) -> &'static str {
        "stooq"
    }

    fn url(&self, base: &str, symbol: &str, from: Day, to: Day) -> String {
        format!(
            "{}/q/d/l/?s={}&d1={}&d2={}&i=d",
            base.trim_end_matches('/'),
            stooq_symbol(symbol).replace('^', "%5E"),
            compact(from),
            compact(to)
        )
    }

    fn parse(&self, symbol: &str, body: &[u8]) -> Result<Vec<Bar>, Failure> {
        let text = String::from_utf8_lossy(body);
        let text = text.trim_start_matches('\u{feff}');
        if text.trim().is_empty() || text.trim().eq_ignore_ascii_case("no data") {
            return Err(Failure::Unknown(format!(
                "unknown symbol {symbol}: No data"
            )));
        }
        let mut lines = csv::lines(text);
        let mut cells = Vec::new();
        let (_, header) = lines.next().unwrap_or((1, ""));
        csv::split(header, &mut cells);
        let h: Vec<String> = cells.iter().map(|c| csv::norm_header(c)).collect();
        let pos = |n: &str| h.iter().position(|c| c == n);
        let (Some(d), Some(c)) = (pos("date"), pos("close")) else {
            return Err(Failure::Bad(format!(
                "unexpected answer for {symbol}: header {header:?}"
            )));
        };
        let (o, hi, lo, v) = (pos("open"), pos("high"), pos("low"), pos("volume"));
        let mut bars = Vec::new();
        for (lineno, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            csv::split(line, &mut cells);
            let n = |i: Option<usize>| {
                i.and_then(|i| cells.get(i))
                    .and_then(|x| csv::number(x).ok().flatten())
            };
            let day = cells
                .get(d)
                .and_then(|x| date::parse(x))
                .ok_or_else(|| Failure::Bad(format!("line {lineno}: unreadable date")))?;
            let Some(close) = n(Some(c)) else { continue };
            bars.push(Bar {
                date: day,
                open: n(o),
                high: n(hi),
                low: n(lo),
                close: Some(close),
                adj_close: Some(close),
                volume: n(v),
            });
        }
        Ok(bars)
    }
}
