//! An events file read, filtered to a date range, cleared of repeated events and matched to
//! tickers (ticker map, the file's own column, dated aliases, SEC lists): what `events`,
//! `returns`, `study` and `report` do with `--events`, and the Python `read_events`.

use std::path::{Path, PathBuf};

use super::aliases::Aliases;
use super::sec::SecIndex;
use super::tickers::{Matcher, TickerMap, Unmatched};
use super::{Event, EventLayout, Exclusion};
use crate::date::Day;
use crate::error::{Error, Result};

/// How an events file is read and matched.
#[derive(Debug, Default)]
pub struct LoadOptions {
    /// The layout, when not detected from the header.
    pub format: Option<EventLayout>,
    /// First announcement date kept.
    pub from: Option<Day>,
    /// Last announcement date kept.
    pub to: Option<Day>,
    /// A `company,ticker` map that overrides every other source.
    pub tickers: Option<PathBuf>,
    /// Use the built-in dated aliases (Slack -> CRM from 2021-07-21, ...).
    pub aliases: bool,
    /// The SEC lists, read, and their date (written on every event).
    pub sec: Option<(SecIndex, Option<Day>)>,
}

/// An events file, loaded.
#[derive(Debug)]
pub struct Loaded {
    /// The events (those without a ticker included, `matched_by` says why).
    pub events: Vec<Event>,
    /// Events without a ticker.
    pub unmatched: Vec<Unmatched>,
    /// Repeated events that were dropped, with the reason.
    pub duplicates: Vec<Exclusion>,
    /// Rows without a date (or, in a WARN table, whose date or width does not read),
    /// described.
    pub dateless: Vec<String>,
    /// Repeated WARN notices dropped on reading.
    pub repeated_notices: usize,
    /// WARN counts of workers that are not a plain number, left empty.
    pub unread_counts: usize,
    /// Where a WARN table gives no notice date: the header of the column read instead.
    pub effective_date: Option<String>,
}

impl Loaded {
    /// What a reader must know of the rows of `path` as read: the rows left out (with
    /// the first three reasons), repeated WARN notices dropped, WARN counts left empty.
    pub fn reading_notes(&self, path: &Path) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(column) = &self.effective_date {
            notes.push(format!(
                "{} gives no notice date: each event's date is the first day of the layoff \
                 (column \"{column}\"), which comes weeks after the notice the market may \
                 have learned of first",
                path.display()
            ));
        }
        if !self.dateless.is_empty() {
            notes.push(format!(
                "{} rows of {} were left out: no date that reads, or another width than the header ({}{})",
                self.dateless.len(),
                path.display(),
                self.dateless
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; "),
                if self.dateless.len() > 3 {
                    "; all in the unmatched file"
                } else {
                    ""
                }
            ));
        }
        if self.repeated_notices > 0 {
            notes.push(format!(
                "{} repeated WARN notices (the same employer, date, count and place) dropped",
                self.repeated_notices
            ));
        }
        if self.unread_counts > 0 {
            notes.push(format!(
                "{} WARN counts of workers are not a plain number (a range, a remark) and were left empty",
                self.unread_counts
            ));
        }
        notes
    }
}

/// Reads SEC lists (`company_tickers.json`, `company_tickers_exchange.json`) into one index.
///
/// # Errors
/// An unreadable or malformed file.
pub fn read_sec(files: &[PathBuf]) -> Result<SecIndex> {
    let mut idx = SecIndex::default();
    for f in files {
        idx.read(f)?;
    }
    Ok(idx)
}

/// Loads the events file `path`.
///
/// # Errors
/// An unreadable events or map file, with its line and column.
pub fn load(path: &Path, opts: &LoadOptions) -> Result<Loaded> {
    let read = super::read(path, opts.format)?;
    crate::timing::mark("events read");
    // Rows, none of which reads: the header does not fit them (a name missing, one too
    // many) or the dates are of no kind known; an empty result would hide it.
    if read.events.is_empty() && !read.dropped.is_empty() {
        return Err(Error::data(
            path,
            None,
            None,
            format!(
                "no row reads: all {} rows were left out ({}{}); expected a header that names \
                 each field of the rows and dates that read",
                read.dropped.len(),
                read.dropped
                    .iter()
                    .take(2)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; "),
                if read.dropped.len() > 2 { "; ..." } else { "" }
            ),
        ));
    }
    let in_range = |d: Day| opts.from.is_none_or(|f| d >= f) && opts.to.is_none_or(|t| d <= t);
    let (mut events, duplicates) = super::dedup(
        read.events
            .into_iter()
            .filter(|e| in_range(e.date))
            .collect(),
    );
    crate::timing::mark("events de-duplicated");
    let overrides = opts.tickers.as_deref().map(TickerMap::read).transpose()?;
    let aliases = opts.aliases.then(Aliases::builtin);
    let matcher = Matcher {
        overrides: overrides.as_ref(),
        aliases: aliases.as_ref(),
        sec: opts.sec.as_ref().map(|s| &s.0),
    };
    let unmatched = matcher.apply(&mut events);
    crate::timing::mark("events matched to tickers");
    let sec_date = opts.sec.as_ref().and_then(|s| s.1);
    for e in &mut events {
        e.sec_date = sec_date;
        if let (Some((idx, _)), Some(t)) = (&opts.sec, &e.ticker) {
            e.cik = e.cik.or_else(|| idx.cik_of(t));
            e.exchange = e.exchange.take().or_else(|| idx.exchange_of(t));
        }
    }
    crate::filings::assign_rounds(&mut events);
    Ok(Loaded {
        events,
        unmatched,
        duplicates,
        dateless: read.dropped,
        repeated_notices: read.repeated,
        unread_counts: read.unread_counts,
        effective_date: read.effective_date,
    })
}
