//! The core data: one security's daily prices ([`Series`]) and all securities read
//! ([`Panel`]), used by every computation above the importers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::date::{self, Day};
use crate::error::{Error, Result};

/// One security's daily prices, sorted by date, one row per date.
#[derive(Debug, Clone)]
pub struct Series {
    /// Upper-case ticker (`AMZN`, `^GSPC`).
    pub ticker: String,
    /// Trading dates, ascending, unique.
    pub dates: Vec<Day>,
    /// The price returns are computed from (NaN where the file has no price): the adjusted
    /// close when the source has one, else the close.
    pub price: Vec<f64>,
    /// The close, when `price` is an adjusted close; empty when `price` is the close itself.
    pub close: Vec<f64>,
    /// Volume (NaN where missing); empty when the source has no volume at all.
    pub volume: Vec<f64>,
    /// The file it came from.
    pub source: PathBuf,
    /// The layout it was read as.
    pub layout: &'static str,
}

impl Series {
    /// Row of a date, if the series has it.
    pub fn row_of(&self, day: Day) -> Option<usize> {
        self.dates.binary_search(&day).ok()
    }

    /// Last row on or before `day`.
    pub fn row_at_or_before(&self, day: Day) -> Option<usize> {
        match self.dates.binary_search(&day) {
            Ok(i) => Some(i),
            Err(0) => None,
            Err(i) => Some(i - 1),
        }
    }
}

/// All securities read from the `--prices` sources.
#[derive(Debug, Default)]
pub struct Panel {
    series: Vec<Series>,
    by_ticker: HashMap<String, usize>,
    /// Things the user should know: shadowed duplicates, skipped files.
    pub notes: Vec<String>,
    /// Files that could not be read (only with `skip_bad_files`).
    pub unreadable: Vec<Error>,
}

impl Panel {
    /// Number of securities.
    pub fn len(&self) -> usize {
        self.series.len()
    }

    /// True when no security was read.
    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// The series of a ticker (case-insensitive).
    pub fn get(&self, ticker: &str) -> Option<&Series> {
        self.position(ticker).map(|i| &self.series[i])
    }

    /// Position of a ticker's series (case-insensitive), for [`at`](Self::at).
    pub fn position(&self, ticker: &str) -> Option<usize> {
        self.by_ticker
            .get(ticker)
            .or_else(|| self.by_ticker.get(&ticker.trim().to_ascii_uppercase()))
            .copied()
    }

    /// The series at a position.
    ///
    /// # Panics
    /// A position not given by [`position`](Self::position).
    pub fn at(&self, i: usize) -> &Series {
        &self.series[i]
    }

    /// All series, in the order read.
    pub fn iter(&self) -> std::slice::Iter<'_, Series> {
        self.series.iter()
    }

    /// Adds a series unless its ticker is already present (the first source wins).
    pub fn add(&mut self, s: Series) {
        if let Some(&i) = self.by_ticker.get(&s.ticker) {
            let kept = &self.series[i];
            self.notes.push(format!(
                "{} in {} is shadowed by {} (the first source wins)",
                s.ticker,
                s.source.display(),
                kept.source.display()
            ));
            return;
        }
        self.by_ticker.insert(s.ticker.clone(), self.series.len());
        self.series.push(s);
    }
}

/// Collects one security's rows in file order and puts them in date order.
pub(crate) struct Builder {
    ticker: String,
    dates: Vec<Day>,
    price: Vec<f64>,
    close: Vec<f64>,
    volume: Vec<f64>,
    lines: Vec<u32>,
}

impl Builder {
    pub(crate) fn new(ticker: String) -> Self {
        Builder {
            ticker,
            dates: Vec::new(),
            price: Vec::new(),
            close: Vec::new(),
            volume: Vec::new(),
            lines: Vec::new(),
        }
    }

    pub(crate) fn push(
        &mut self,
        day: Day,
        price: f64,
        close: Option<f64>,
        volume: f64,
        line: u32,
    ) {
        self.dates.push(day);
        self.price.push(price);
        if let Some(c) = close {
            self.close.push(c);
        }
        self.volume.push(volume);
        self.lines.push(line);
    }

    /// Puts rows in date order (newest-first files are reversed) and rejects duplicates.
    pub(crate) fn finish(mut self, path: &Path, layout: &'static str) -> Result<Series> {
        let ascending = self.dates.windows(2).all(|w| w[0] < w[1]);
        if !ascending {
            let descending = self.dates.windows(2).all(|w| w[0] > w[1]);
            if descending {
                self.dates.reverse();
                self.price.reverse();
                self.close.reverse();
                self.volume.reverse();
                self.lines.reverse();
            } else {
                let mut idx: Vec<usize> = (0..self.dates.len()).collect();
                idx.sort_by_key(|&i| (self.dates[i], self.lines[i]));
                let pick = |v: &Vec<f64>| idx.iter().map(|&i| v[i]).collect::<Vec<_>>();
                self.price = pick(&self.price);
                if !self.close.is_empty() {
                    self.close = pick(&self.close);
                }
                self.volume = pick(&self.volume);
                self.lines = idx.iter().map(|&i| self.lines[i]).collect();
                self.dates = idx.iter().map(|&i| self.dates[i]).collect();
                if let Some(w) = (1..self.dates.len()).find(|&i| self.dates[i] == self.dates[i - 1])
                {
                    let (first, second) = (self.lines[w - 1], self.lines[w]);
                    // Parquet files count rows, text files lines.
                    let unit = if layout == "parquet" { "row" } else { "line" };
                    let message = format!(
                        "duplicate date {} for {} (also on {unit} {}): expected one row per date",
                        date::format(self.dates[w]),
                        self.ticker,
                        second.min(first)
                    );
                    let at = second.max(first) as usize;
                    return Err(if layout == "parquet" {
                        Error::data_row(path, at, "date", message)
                    } else {
                        Error::data(path, Some(at), None, message)
                    });
                }
            }
        }
        Ok(Series {
            ticker: self.ticker,
            dates: self.dates,
            price: self.price,
            close: self.close,
            volume: self.volume,
            source: path.to_path_buf(),
            layout,
        })
    }
}
