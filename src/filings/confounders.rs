//! A researcher's own confounding announcements (`--confounders FILE`): earnings dates
//! from I/B/E/S, Compustat or a calendar export, one row each with `ticker` or `cik`, a
//! `date`, an optional `time` and an optional `kind` (default `earnings`). The header's
//! names are matched from a table of known spellings (Zacks' `Symbol,Time,Date`,
//! `Ticker,Earnings_Date`, `dates,...,ticker`); `amc` means after the close, `bmo` before
//! the open; slashed dates are read month first or day first as the whole file shows.

use std::collections::HashMap;
use std::path::Path;

use super::Confounder;
use super::submissions::parse_cik;
use crate::date::{self, Day};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::tabular as csv;

const TICKER: &[&str] = &["ticker", "symbol", "tic", "ticker_symbol"];
const CIK: &[&str] = &["cik", "cik_str"];
const DATE: &[&str] = &[
    "date",
    "earnings_date",
    "dates",
    "report_date",
    "announce_date",
    "announcement_date",
    "anndats",
    "rdq",
];
const TIME: &[&str] = &["time", "timing", "announce_time", "anntims"];
const KIND: &[&str] = &["kind", "type", "event"];

/// The confounders of a file, by ticker and by CIK.
#[derive(Debug, Default, Clone)]
pub struct ConfounderFile {
    by_ticker: HashMap<String, Vec<Confounder>>,
    by_cik: HashMap<u64, Vec<Confounder>>,
    /// Rows read.
    pub rows: usize,
    /// Rows without a date or a company, left out.
    pub skipped: usize,
}

/// Seconds after midnight of a `time` cell: `HH:MM[:SS]`, `amc` (16:00), `bmo` (08:00),
/// `dmh` (during market hours, 12:00); `None` for an empty or unknown (`--`) time.
fn time_of(raw: &str) -> std::result::Result<Option<u32>, ()> {
    let t = raw.trim().to_ascii_lowercase();
    match t.as_str() {
        "" | "--" | "-" | "na" | "n/a" | "unknown" | "tns" | "time not supplied" => Ok(None),
        "amc" | "after close" | "after market close" | "after-market" | "post-market" => {
            Ok(Some(16 * 3600))
        }
        "bmo" | "before open" | "before market open" | "pre-market" => Ok(Some(8 * 3600)),
        "dmh" | "during market hours" => Ok(Some(12 * 3600)),
        _ => super::clock::parse_clock(&t).map(Some).ok_or(()),
    }
}

/// The columns of a confounders file.
struct Columns {
    ticker: Option<usize>,
    cik: Option<usize>,
    date: usize,
    time: Option<usize>,
    kind: Option<usize>,
}

impl Columns {
    fn of(path: &Path, fields: &[String]) -> Result<Self> {
        let header: Vec<String> = fields.iter().map(|h| csv::norm_header(h)).collect();
        let find = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
        let (ticker, cik) = (find(TICKER), find(CIK));
        let Some(date) = find(DATE) else {
            return Err(Error::data(
                path,
                Some(1),
                None,
                format!(
                    "not a confounders file: header \"{}\" has no date column (expected one of {})",
                    fields.join(","),
                    DATE.join(", ")
                ),
            ));
        };
        if ticker.is_none() && cik.is_none() {
            return Err(Error::data(
                path,
                Some(1),
                None,
                format!(
                    "not a confounders file: header \"{}\" has no ticker or cik column",
                    fields.join(",")
                ),
            ));
        }
        Ok(Columns {
            ticker,
            cik,
            date,
            time: find(TIME),
            kind: find(KIND),
        })
    }
}

/// Which way slashed dates are written in a file: month first unless some first field is
/// above 12 (`29/09/2023`).
fn day_first(path: &Path, text: &str, col: usize) -> Result<bool> {
    let (mut month_first, mut day_first) = (None, None);
    csv::each_record(path, text, |line, r| {
        let parts: Vec<&str> = r.get(col).unwrap_or("").trim().split('/').collect();
        if let [a, b, _] = parts.as_slice() {
            let (a, b) = (a.parse::<u32>().unwrap_or(0), b.parse::<u32>().unwrap_or(0));
            if a > 12 {
                day_first.get_or_insert(line);
            }
            if b > 12 {
                month_first.get_or_insert(line);
            }
        }
        Ok(())
    })?;
    match (month_first, day_first) {
        (Some(m), Some(d)) => Err(Error::data(
            path,
            Some(d),
            None,
            format!(
                "slashed dates written both day first (line {d}) and month first (line {m}): expected one order in a file"
            ),
        )),
        (_, d) => Ok(d.is_some()),
    }
}

fn parse_date(raw: &str, day_first: bool) -> Option<Day> {
    let t = raw.trim();
    if day_first && t.contains('/') {
        let p: Vec<&str> = t.split('/').collect();
        if let [d, m, y] = p.as_slice() {
            return date::parse(&format!("{m}/{d}/{y}"));
        }
    }
    date::parse(t)
}

/// The header row of a confounders file: its first non-empty line.
fn header(path: &Path, text: &str) -> Result<Vec<String>> {
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    csv::records(path, first_line)?
        .into_iter()
        .next()
        .map(|r| r.fields)
        .ok_or_else(|| Error::data(path, None, None, "no header row"))
}

/// The kind of a confounder: the file's own (at most 40 characters), else earnings.
fn kind_of(cell: &str) -> String {
    match cell {
        "" => "earnings".to_string(),
        k => k.chars().take(40).collect(),
    }
}

impl ConfounderFile {
    /// Reads a confounders file.
    ///
    /// # Errors
    /// No company or date column; a date, time, ticker or CIK that does not read (named by
    /// line and column); a row of the wrong width.
    pub fn read(path: &Path) -> Result<Self> {
        let text = csv::read_text(path)?;
        let fields = header(path, &text)?;
        let cols = Columns::of(path, &fields)?;
        let dmy = day_first(path, &text, cols.date)?;
        let mut out = ConfounderFile::default();
        let mut symbols: HashMap<String, String> = HashMap::new();
        let mut header_seen = false;
        csv::each_record(path, &text, |line, r| {
            if !header_seen {
                header_seen = true;
                return Ok(());
            }
            csv::check_width(path, line, r.len(), fields.len())?;
            let cell = |c: Option<usize>| c.and_then(|c| r.get(c)).map_or("", str::trim);
            let name = |c: usize| format!("{} ({})", c + 1, fields[c].trim());
            let bad = |c: usize, what: String| Error::data(path, Some(line), Some(name(c)), what);
            let raw_date = cell(Some(cols.date));
            let (t, k) = (cell(cols.ticker), cell(cols.cik));
            if csv::is_missing(raw_date) || (csv::is_missing(t) && csv::is_missing(k)) {
                out.skipped += 1;
                return Ok(());
            }
            let day = parse_date(raw_date, dmy).ok_or_else(|| {
                bad(cols.date, format!("cannot read {raw_date:?} as a date: expected YYYY-MM-DD, YYYYMMDD or a slashed date"))
            })?;
            let time = cols
                .time
                .map(|c| {
                    time_of(cell(Some(c))).map_err(|()| {
                        bad(c, format!("cannot read {:?} as a time: expected HH:MM (New York), amc, bmo or empty", cell(Some(c))))
                    })
                })
                .transpose()?
                .flatten();
            let kind = kind_of(cell(cols.kind));
            let c = Confounder { kind, day, time };
            out.rows += 1;
            if let Some(col) = cols.cik.filter(|_| !csv::is_missing(k)) {
                let n = parse_cik(k).map_err(|why| bad(col, why))?;
                out.by_cik.entry(n).or_default().push(c);
            } else if let Some(col) = cols.ticker {
                let sym = match symbols.get(t) {
                    Some(s) => s.clone(),
                    None => {
                        let s = crate::symbol::check(t).map_err(|why| bad(col, why.to_string()))?;
                        symbols.insert(t.to_string(), s.clone());
                        s
                    }
                };
                out.by_ticker.entry(sym).or_default().push(c);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Adds to each event the rows of its company (by CIK, else by ticker) within
    /// [`super::CONFOUNDER_REACH`] calendar days. Returns how many were added.
    pub fn attach(&self, events: &mut [Event]) -> usize {
        let mut n = 0;
        for e in events.iter_mut() {
            let of_cik = e.cik.and_then(|c| self.by_cik.get(&c));
            let of_ticker = e.ticker.as_ref().and_then(|t| self.by_ticker.get(t));
            for c in of_cik.into_iter().chain(of_ticker).flatten() {
                if (c.day - e.date).abs() <= super::CONFOUNDER_REACH
                    && !e.timing.confounders.contains(c)
                {
                    e.timing.confounders.push(c.clone());
                    n += 1;
                }
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("c.csv");
        std::fs::write(&p, text).unwrap();
        (d, p)
    }

    /// Zacks' export: quoted cells, `amc`/`bmo`/`--`, day-first dates with a space.
    #[test]
    fn reads_a_zacks_calendar() {
        let (_d, p) = file(
            "\"Symbol\",\"Company\",\"Time\",\"Date\"\n\"AMZN\",\"Amazon\",\"amc\", 03/08/2023\n\"XOM\",\"Exxon\",\"bmo\", 28/07/2023\n\"ZZZ\",\"Z\",\"--\", 01/08/2023\n",
        );
        let f = ConfounderFile::read(&p).unwrap();
        let amzn = &f.by_ticker["AMZN"][0];
        assert_eq!(amzn.day, date::parse("2023-08-03").unwrap());
        assert_eq!(amzn.time, Some(16 * 3600));
        assert_eq!(f.by_ticker["XOM"][0].time, Some(8 * 3600));
        assert_eq!(f.by_ticker["ZZZ"][0].time, None);
        assert_eq!(
            f.by_ticker["ZZZ"][0].day,
            date::parse("2023-08-01").unwrap()
        );
    }

    #[test]
    fn bad_rows_are_named() {
        let (_d, p) = file("ticker,date,time\nAMZN,2023-08-03,25:00\n");
        let e = ConfounderFile::read(&p).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("(time)"), "{e}");
        let (_d, p) = file("ticker,date\nAMZN,3/3020/17\n");
        let e = ConfounderFile::read(&p).unwrap_err().to_string();
        assert!(e.contains("as a date"), "{e}");
        let (_d, p) = file("cik,date\n../1,2023-08-03\n");
        let e = ConfounderFile::read(&p).unwrap_err().to_string();
        assert!(e.contains("not a CIK"), "{e}");
        let (_d, p) = file("ticker,date\nAMZN,2023-08-03,extra\n");
        assert!(ConfounderFile::read(&p).is_err());
        let (_d, p) = file("ticker,date\nAMZN,13/01/2023\nMSFT,01/13/2023\n");
        let e = ConfounderFile::read(&p).unwrap_err().to_string();
        assert!(e.contains("both day first"), "{e}");
        let (_d, p) = file("company,when\nAmazon,2023-08-03\n");
        assert!(ConfounderFile::read(&p).is_err());
    }
}
