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
    let c = Columns::read(df)?;
    (0..df.height()).map(|row| c.event(row)).collect()
}

/// The canonical columns of an events frame, each as long as the frame (empty text where
/// a text column is absent).
struct Columns {
    tickers: Vec<Option<String>>,
    dates: Vec<Option<Day>>,
    ids: Option<Vec<Option<String>>>,
    /// company, industry, country, stage, source, matched_by, exchange, announce_time,
    /// filing_time, filing_accession, filing_items, filing_time_source.
    text: [Vec<String>; 12],
    /// laid_off, pct_laid_off, confidence.
    numbers: [Option<Vec<Option<f64>>>; 3],
    sec_dates: Option<Vec<Option<Day>>>,
    ciks: Option<Vec<Option<String>>>,
}

/// The text columns of [`Columns::text`], in order.
const TEXT: [&str; 12] = [
    "company",
    "industry",
    "country",
    "stage",
    "source",
    "matched_by",
    "exchange",
    "announce_time",
    "filing_time",
    "filing_accession",
    "filing_items",
    "filing_time_source",
];

impl Columns {
    fn read(df: &DataFrame) -> Result<Columns> {
        let n = df.height();
        let need = |name: &str| {
            Error::Usage(format!(
                "events: no {name} column (expected ticker and announce_date)"
            ))
        };
        let mut text: [Vec<String>; 12] = Default::default();
        for (col, name) in text.iter_mut().zip(TEXT) {
            *col = text_col(df, name)?.map_or_else(
                || vec![String::new(); n],
                |v| v.into_iter().map(Option::unwrap_or_default).collect(),
            );
        }
        Ok(Columns {
            tickers: text_col(df, "ticker")?.ok_or_else(|| need("ticker"))?,
            dates: date_col(df, "announce_date")?.ok_or_else(|| need("announce_date"))?,
            ids: text_col(df, "event_id")?,
            text,
            numbers: [
                num_col(df, "laid_off")?,
                num_col(df, "pct_laid_off")?,
                num_col(df, "confidence")?,
            ],
            sec_dates: date_col(df, "sec_list_date")?,
            ciks: text_col(df, "cik")?,
        })
    }

    /// The event of a row (1-based in errors).
    fn event(&self, row: usize) -> Result<Event> {
        let at = |col: &str, why: String| Error::data_row(Path::new(FRAME), row + 1, col, why);
        let date = self.dates[row].ok_or_else(|| at("announce_date", "no date".into()))?;
        let ticker = match self.tickers[row].as_deref().map(str::trim) {
            None | Some("") => None,
            Some(t) => Some(crate::symbol::check(t).map_err(|why| at("ticker", why.to_string()))?),
        };
        let t = |i: usize| self.text[i][row].clone();
        let num = |i: usize| self.numbers[i].as_ref().and_then(|v| v[row]);
        let company = if self.text[0][row].is_empty() {
            ticker.clone().unwrap_or_default()
        } else {
            t(0)
        };
        Ok(Event {
            id: self
                .ids
                .as_ref()
                .and_then(|v| v[row].clone())
                .unwrap_or_else(|| (row + 1).to_string()),
            company,
            ticker,
            date,
            laid_off: num(0),
            pct_laid_off: num(1),
            industry: t(1),
            country: t(2),
            stage: t(3),
            source: t(4),
            matched_by: t(5),
            confidence: num(2),
            sec_date: self.sec_dates.as_ref().and_then(|v| v[row]),
            cik: self.cik(row)?,
            exchange: Some(t(6)).filter(|x| !x.is_empty()),
            timing: crate::filings::Timing {
                announced: events::announced_at(&self.text[7][row], date)
                    .map_err(|why| at("announce_time", why))?,
                filing: events::filing_of(&events::FilingCells {
                    time: &self.text[8][row],
                    accession: &self.text[9][row],
                    items: &self.text[10][row],
                    source: &self.text[11][row],
                })
                .map_err(|(col, why)| at(col, why))?,
                ..Default::default()
            },
        })
    }

    /// The CIK of a row (a number column cast to text may end in ".0").
    fn cik(&self, row: usize) -> Result<Option<u64>> {
        match self
            .ciks
            .as_ref()
            .and_then(|v| v[row].as_deref())
            .map(str::trim)
        {
            None | Some("") => Ok(None),
            Some(c) => crate::filings::submissions::parse_cik(c.trim_end_matches(".0"))
                .map(Some)
                .map_err(|why| Error::data_row(Path::new(FRAME), row + 1, "cik", why)),
        }
    }
}
