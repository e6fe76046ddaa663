//! Yahoo Finance chart API: `GET {base}/v8/finance/chart/{symbol}?period1=&period2=
//! &interval=1d&events=div,split`, JSON with `timestamp`, `indicators.quote[0]`,
//! `indicators.adjclose[0]` and the exchange's UTC offset in `meta.gmtoffset`.

use serde_json::Value;

use super::{Bar, Failure, Provider, epoch_seconds};
use crate::date::Day;

/// The Yahoo chart API.
pub struct Yahoo;

/// Default base URL.
pub const BASE: &str = "https://query1.finance.yahoo.com";

fn series(v: &Value, ptr: &str) -> Vec<Option<f64>> {
    v.pointer(ptr)
        .and_then(Value::as_array)
        .map(|a| a.iter().map(Value::as_f64).collect())
        .unwrap_or_default()
}

impl Provider for Yahoo {
    fn name(&self) -> &'static str {
        "yahoo"
    }

    fn url(&self, base: &str, symbol: &str, from: Day, to: Day) -> String {
        format!(
            "{}/v8/finance/chart/{}?period1={}&period2={}&interval=1d&events=div,split",
            base.trim_end_matches('/'),
            symbol.replace('^', "%5E"),
            epoch_seconds(from),
            epoch_seconds(to + 1)
        )
    }

    fn parse(&self, symbol: &str, body: &[u8]) -> Result<Vec<Bar>, Failure> {
        let v: Value =
            serde_json::from_slice(body).map_err(|e| Failure::Bad(format!("not JSON: {e}")))?;
        if let Some(desc) = v
            .pointer("/chart/error/description")
            .and_then(Value::as_str)
        {
            return Err(Failure::Unknown(format!("unknown symbol {symbol}: {desc}")));
        }
        let r = v
            .pointer("/chart/result/0")
            .ok_or_else(|| Failure::Unknown(format!("no data for {symbol}")))?;
        let offset = r
            .pointer("/meta/gmtoffset")
            .and_then(Value::as_i64)
            .unwrap_or(-5 * 3600);
        let ts: Vec<i64> = r
            .get("timestamp")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default();
        let q = "/indicators/quote/0/";
        let (open, high, low, close, volume) = (
            series(r, &format!("{q}open")),
            series(r, &format!("{q}high")),
            series(r, &format!("{q}low")),
            series(r, &format!("{q}close")),
            series(r, &format!("{q}volume")),
        );
        let adj = series(r, "/indicators/adjclose/0/adjclose");
        let at = |s: &Vec<Option<f64>>, i: usize| s.get(i).copied().flatten();
        let bars = ts
            .iter()
            .enumerate()
            .filter_map(|(i, &t)| {
                let close = at(&close, i)?; // a bar without a close is no bar
                Some(Bar {
                    date: (t + offset).div_euclid(86_400) as Day,
                    open: at(&open, i),
                    high: at(&high, i),
                    low: at(&low, i),
                    close: Some(close),
                    adj_close: at(&adj, i).or(Some(close)),
                    volume: at(&volume, i),
                })
            })
            .collect();
        Ok(bars)
    }
}
