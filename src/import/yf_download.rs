//! yfinance `download()` CSV with its three header lines:
//! `Price,Adj Close,Close,...` / `Ticker,AMZN,AMZN,...` / `Date,,,...`. Several tickers in
//! one file are read as several securities.

use super::layout::{ADJ_NAMES, Group, Head, Plan, PriceLayout, TickerFrom};

/// yfinance `download()` with a ticker header line.
pub struct YfDownload;

impl PriceLayout for YfDownload {
    fn name(&self) -> &'static str {
        "yfinance-download"
    }
    fn detect(&self, head: &Head) -> Option<Plan> {
        let [fields, tickers, date] = head.lines.get(0..3)? else {
            return None;
        };
        let first = |l: &Vec<String>| l.first().cloned().unwrap_or_default();
        if first(fields) != "price" || first(tickers) != "ticker" || first(date) != "date" {
            return None;
        }
        let mut names: Vec<String> = Vec::new();
        for t in tickers.iter().skip(1) {
            if !t.is_empty() && !names.contains(t) {
                names.push(t.clone());
            }
        }
        let col = |ticker: &str, wanted: &[&str]| {
            (1..fields.len()).find(|&i| {
                tickers.get(i).map(String::as_str) == Some(ticker)
                    && wanted.contains(&fields[i].as_str())
            })
        };
        let groups = names
            .iter()
            .map(|t| {
                Some(Group {
                    ticker: TickerFrom::Named(t.to_ascii_uppercase()),
                    close: col(t, &["close"])?,
                    adj_close: col(t, ADJ_NAMES),
                    volume: col(t, &["volume"]),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        (!groups.is_empty()).then_some(Plan {
            header_lines: 3,
            date: 0,
            groups,
        })
    }
}
