//! Events from a polars frame (Python's events): `ticker` and `announce_date` are needed,
//! the other canonical columns are read when present, every cell checked as the events
//! file's would be, errors naming the frame's row and column.

use std::path::Path;

use polars::prelude::{DataFrame, DataType};

use crate::date::{self, Day};
use crate::error::{Error, Result};
use crate::events::{self, Event};

/// The label frames are named by in errors.
pub const FRAME: &str = "<DataFrame>";

/// A text column of a frame, when it has one.
fn text_col(df: &DataFrame, name: &str) -> Result<Option<Vec<Option<String>>>> {
    let Ok(c) = df.column(name) else {
        return Ok(None);
    };
    let c = c
        .cast(&DataType::String)
        .map_err(|e| Error::Usage(format!("events column {name}: {e}")))?;
    let s = c
        .str()
        .map_err(|e| Error::Usage(format!("events column {name}: {e}")))?;
    Ok(Some(s.iter().map(|v| v.map(str::to_string)).collect()))
}

/// A numeric column of a frame, when it has one.
fn num_col(df: &DataFrame, name: &str) -> Result<Option<Vec<Option<f64>>>> {
    let Ok(c) = df.column(name) else {
        return Ok(None);
    };
    if !(c.dtype().is_primitive_numeric() || matches!(c.dtype(), DataType::Null)) {
        return Err(Error::Usage(format!(
            "events column {name} has type {}: expected numbers",
            c.dtype()
        )));
    }
    let c = c
        .cast(&DataType::Float64)
        .map_err(|e| Error::Usage(format!("events column {name}: {e}")))?;
    let s = c
        .f64()
        .map_err(|e| Error::Usage(format!("events column {name}: {e}")))?;
    Ok(Some(s.iter().collect()))
}

/// A date column of a frame (dates, or text `YYYY-MM-DD`), when it has one; a bad date is
/// a `DataError` naming the row.
fn date_col(df: &DataFrame, name: &str) -> Result<Option<Vec<Option<Day>>>> {
    let Ok(c) = df.column(name) else {
        return Ok(None);
    };
    if matches!(c.dtype(), DataType::Date) {
        let d = c
            .date()
            .map_err(|e| Error::Usage(format!("events column {name}: {e}")))?;
        return Ok(Some(d.physical().iter().collect()));
    }
    let Some(text) = text_col(df, name)? else {
        return Ok(None);
    };
    text.into_iter()
        .enumerate()
        .map(|(row, v)| match v.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => date::parse(s).map(Some).ok_or_else(|| {
                Error::data_row(
                    Path::new(FRAME),
                    row + 1,
                    name,
                    format!("{s:?} is not a date: expected YYYY-MM-DD"),
                )
            }),
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

/// An events frame as events: `ticker` and `announce_date` are needed, the other canonical
/// columns are used when present.
///
/// # Errors
/// A missing column, a cell that does not read, named by row and column.
pub fn events_of(df: &DataFrame) -> Result<Vec<Event>> {
    let n = df.height();
    let text = |name: &str| -> Result<Vec<String>> {
        Ok(text_col(df, name)?.map_or_else(
            || vec![String::new(); n],
            |v| v.into_iter().map(Option::unwrap_or_default).collect(),
        ))
    };
    let tickers = text_col(df, "ticker")?.ok_or_else(|| {
        Error::Usage(String::from(
            "events: no ticker column (expected ticker and announce_date)",
        ))
    })?;
    let dates = date_col(df, "announce_date")?.ok_or_else(|| {
        Error::Usage(String::from(
            "events: no announce_date column (expected ticker and announce_date)",
        ))
    })?;
    let ids = text_col(df, "event_id")?;
    let companies = text("company")?;
    let (industry, country, stage, source, matched_by) = (
        text("industry")?,
        text("country")?,
        text("stage")?,
        text("source")?,
        text("matched_by")?,
    );
    let laid_off = num_col(df, "laid_off")?;
    let pct = num_col(df, "pct_laid_off")?;
    let confidence = num_col(df, "confidence")?;
    let sec_dates = date_col(df, "sec_list_date")?;
    let ciks = text_col(df, "cik")?;
    let exchange = text("exchange")?;
    let (announce, f_time, f_acc, f_items, f_source) = (
        text("announce_time")?,
        text("filing_time")?,
        text("filing_accession")?,
        text("filing_items")?,
        text("filing_time_source")?,
    );
    let mut out = Vec::with_capacity(n);
    for row in 0..n {
        let date = dates[row].ok_or_else(|| {
            Error::data_row(Path::new(FRAME), row + 1, "announce_date", "no date")
        })?;
        let ticker = match tickers[row].as_deref().map(str::trim) {
            None | Some("") => None,
            Some(t) => Some(crate::symbol::check(t).map_err(|why| {
                Error::data_row(Path::new(FRAME), row + 1, "ticker", why.to_string())
            })?),
        };
        let id = ids
            .as_ref()
            .and_then(|v| v[row].clone())
            .unwrap_or_else(|| (row + 1).to_string());
        let company = if companies[row].is_empty() {
            ticker.clone().unwrap_or_default()
        } else {
            companies[row].clone()
        };
        out.push(Event {
            id,
            company,
            ticker,
            date,
            laid_off: laid_off.as_ref().and_then(|v| v[row]),
            pct_laid_off: pct.as_ref().and_then(|v| v[row]),
            industry: industry[row].clone(),
            country: country[row].clone(),
            stage: stage[row].clone(),
            source: source[row].clone(),
            matched_by: matched_by[row].clone(),
            confidence: confidence.as_ref().and_then(|v| v[row]),
            sec_date: sec_dates.as_ref().and_then(|v| v[row]),
            cik: match ciks.as_ref().and_then(|v| v[row].as_deref()).map(str::trim) {
                None | Some("") => None,
                // A number column cast to text may end in ".0".
                Some(c) => Some(
                    crate::filings::submissions::parse_cik(c.trim_end_matches(".0"))
                        .map_err(|why| Error::data_row(Path::new(FRAME), row + 1, "cik", why))?,
                ),
            },
            exchange: Some(exchange[row].clone()).filter(|x| !x.is_empty()),
            timing: crate::filings::Timing {
                announced: events::announced_at(&announce[row], date).map_err(|why| {
                    Error::data_row(Path::new(FRAME), row + 1, "announce_time", why)
                })?,
                filing: events::filing_of(&events::FilingCells {
                    time: &f_time[row],
                    accession: &f_acc[row],
                    items: &f_items[row],
                    source: &f_source[row],
                })
                .map_err(|(col, why)| Error::data_row(Path::new(FRAME), row + 1, col, why))?,
                ..Default::default()
            },
        });
    }
    Ok(out)
}
