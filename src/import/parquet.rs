//! Long Parquet files (`ticker,date,close[,adj_close][,volume]`), read and written with polars.

use std::collections::HashMap;
use std::path::Path;

use polars::prelude::*;

use super::{Builder, Panel, PriceField, PriceOptions, Series as PriceSeries};
use crate::date;
use crate::error::{Error, Result};

fn polars_err(path: &Path, e: PolarsError) -> Error {
    Error::data(path, None, None, format!("cannot read Parquet: {e}"))
}

fn find<'a>(df: &'a DataFrame, names: &[&str]) -> Option<&'a Column> {
    df.columns()
        .iter()
        .find(|c| names.contains(&c.name().to_ascii_lowercase().as_str()))
}

fn floats(path: &Path, col: &Column) -> Result<Vec<Option<f64>>> {
    let c = col
        .cast(&DataType::Float64)
        .map_err(|e| polars_err(path, e))?;
    let ca = c.f64().map_err(|e| polars_err(path, e))?;
    Ok(ca.iter().collect())
}

/// Reads a long Parquet price file into one series per ticker.
///
/// # Errors
/// Not Parquet, a missing `ticker`/`date`/`close` column, a bad date or price, a duplicate
/// date for a ticker (the row is named, 1-based).
pub fn read(path: &Path, bytes: Vec<u8>, opts: &PriceOptions) -> Result<Vec<PriceSeries>> {
    let df = ParquetReader::new(std::io::Cursor::new(bytes))
        .finish()
        .map_err(|e| polars_err(path, e))?;
    let missing = |what: &str| {
        Error::data(
            path,
            None,
            None,
            format!("no {what} column in the Parquet schema: expected ticker, date and close"),
        )
    };
    let ticker = find(&df, super::layout::TICKER_NAMES).ok_or_else(|| missing("ticker"))?;
    let dates = find(&df, super::layout::DATE_NAMES).ok_or_else(|| missing("date"))?;
    let price_col = match (opts.price, find(&df, super::layout::ADJ_NAMES)) {
        (PriceField::Adjusted, Some(a)) => a,
        _ => find(&df, &["close", "price"]).ok_or_else(|| missing("close"))?,
    };
    let tick = ticker
        .cast(&DataType::String)
        .map_err(|e| polars_err(path, e))?;
    let tick = tick.str().map_err(|e| polars_err(path, e))?;
    let days: Vec<Option<i32>> = match dates.dtype() {
        DataType::Date => dates
            .date()
            .map_err(|e| polars_err(path, e))?
            .physical()
            .iter()
            .collect(),
        _ => {
            let s = dates
                .cast(&DataType::String)
                .map_err(|e| polars_err(path, e))?;
            let s = s.str().map_err(|e| polars_err(path, e))?;
            s.iter().map(|v| v.and_then(date::parse)).collect()
        }
    };
    let prices = floats(path, price_col)?;
    let volumes = match find(&df, &["volume"]) {
        Some(v) => floats(path, v)?,
        None => vec![None; df.height()],
    };
    let mut builders: Vec<Builder> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (row, t) in tick.iter().enumerate() {
        let line = row + 1;
        let bad = |col: &str, msg: String| Error::data(path, Some(line), Some(col.into()), msg);
        let t = t
            .map(|t| t.trim().to_ascii_uppercase())
            .filter(|t| !t.is_empty())
            .ok_or_else(|| bad("ticker", "empty ticker: expected a symbol".into()))?;
        let day = days[row].ok_or_else(|| bad("date", "missing or unreadable date".into()))?;
        let price = match prices[row] {
            None => f64::NAN,
            Some(p) if p > 0.0 && p.is_finite() => p,
            Some(p) => {
                return Err(bad(
                    price_col.name().as_str(),
                    format!("price {p} is not positive: expected a price above zero"),
                ));
            }
        };
        let next = builders.len();
        let i = *index.entry(t.clone()).or_insert(next);
        if i == next {
            builders.push(Builder::new(t));
        }
        builders[i].push(day, price, volumes[row].unwrap_or(f64::NAN), line as u32);
    }
    if builders.is_empty() {
        return Err(Error::data(
            path,
            None,
            None,
            "the Parquet file has no rows",
        ));
    }
    builders
        .into_iter()
        .map(|b| b.finish(path, "parquet"))
        .collect()
}

/// The panel as one long frame: `ticker` (str), `date` (date), `close` (f64), `volume` (f64).
///
/// # Errors
/// Only if polars rejects the columns.
pub fn panel_frame(panel: &Panel) -> PolarsResult<DataFrame> {
    let n: usize = panel.iter().map(|s| s.dates.len()).sum();
    let mut tickers: Vec<&str> = Vec::with_capacity(n);
    let mut days: Vec<i32> = Vec::with_capacity(n);
    let mut close: Vec<f64> = Vec::with_capacity(n);
    let mut volume: Vec<f64> = Vec::with_capacity(n);
    for s in panel.iter() {
        tickers.extend(std::iter::repeat_n(s.ticker.as_str(), s.dates.len()));
        days.extend_from_slice(&s.dates);
        close.extend_from_slice(&s.price);
        volume.extend_from_slice(&s.volume);
    }
    let date = Column::new("date".into(), days).cast(&DataType::Date)?;
    DataFrame::new(
        n,
        vec![
            Column::new("ticker".into(), tickers),
            date,
            Column::new("close".into(), close),
            Column::new("volume".into(), volume),
        ],
    )
}

/// Writes a frame as Parquet (zstd) to `path`, atomically.
///
/// # Errors
/// I/O failure or a polars write error.
pub fn write(df: &mut DataFrame, path: &Path) -> Result<()> {
    crate::export::write_atomic_with(path, |file| {
        ParquetWriter::new(file)
            .finish(df)
            .map(|_| ())
            .map_err(std::io::Error::other)
    })
}
