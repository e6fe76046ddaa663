//! Parquet datasets partitioned by ticker, the layout Spark, DataFusion, DuckDB and polars
//! write (`prices/ticker=AMZN/part-0.parquet`, Hive style): a folder per ticker, named
//! `ticker=<symbol>` (or `symbol=`), holding one or more Parquet files of that ticker's
//! rows (`date`, `close` and/or `adj_close`, optionally `volume`; a `ticker` column may be
//! there or not: the folder name says whose rows they are). A study reads only the tickers
//! its events need, a slice at a time ([`Prices`]), so the dataset may be larger than
//! memory.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Panel, PriceOptions, Series};
use crate::error::{Error, Result};

/// The partitions of a dataset: one ticker each.
#[derive(Debug)]
pub struct Dataset {
    tickers: Vec<String>,
    files: Vec<Vec<PathBuf>>,
    bytes: Vec<u64>,
    by_ticker: HashMap<String, usize>,
    opts: PriceOptions,
}

/// The ticker of a partition folder name (`ticker=AMZN`, `symbol=brk.b`, `ticker=BRK%2FB`),
/// when it is one.
fn partition_ticker(name: &str) -> Option<std::result::Result<String, String>> {
    let (key, value) = name.split_once('=')?;
    if !super::layout::TICKER_NAMES.contains(&key.to_ascii_lowercase().as_str()) {
        return None;
    }
    Some(
        percent_decode(value)
            .ok_or_else(|| format!("{value:?} has a bad %-escape"))
            .and_then(|t| crate::symbol::check(&t).map_err(|e| e.to_string())),
    )
}

/// `%XX` escapes (as Hive and Spark write `/`, `=`, `%` and other characters in partition
/// values) decoded; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Parquet files of a partition, in name order, and their bytes.
///
/// # Errors
/// An unreadable folder, or one without a Parquet file.
fn partition_files(p: &Path) -> Result<(Vec<PathBuf>, u64)> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(p).map_err(|e| Error::io(p, e))? {
        let f = e.map_err(|e| Error::io(p, e))?.path();
        if f.is_file()
            && f.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("parquet"))
        {
            files.push(f);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(Error::data(
            p,
            None,
            None,
            "no .parquet file in the partition: expected part-0.parquet or similar",
        ));
    }
    let mut bytes = 0;
    for f in &files {
        bytes += std::fs::metadata(f).map_err(|e| Error::io(f, e))?.len();
    }
    Ok((files, bytes))
}

impl Dataset {
    /// True when `dir` is a folder with at least one `ticker=` (or `symbol=`) partition.
    pub fn is_dataset(dir: &Path) -> bool {
        dir.is_dir()
            && std::fs::read_dir(dir).is_ok_and(|entries| {
                entries.flatten().any(|e| {
                    e.path().is_dir() && e.file_name().to_str().and_then(partition_ticker).is_some()
                })
            })
    }

    /// Lists the partitions of `dir` and the sizes of their files (no file is opened).
    ///
    /// # Errors
    /// A partition whose name is not a ticker, a ticker given twice, a partition without
    /// Parquet files.
    pub fn open(dir: &Path, opts: &PriceOptions) -> Result<Dataset> {
        let mut parts: Vec<(String, PathBuf)> = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let path = entry.path();
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            if !path.is_dir() {
                continue;
            }
            match partition_ticker(&name) {
                Some(Ok(t)) => parts.push((t, path)),
                Some(Err(why)) => {
                    return Err(Error::data(
                        &path,
                        None,
                        None,
                        format!("partition {name}: {why}: expected ticker=<symbol>"),
                    ));
                }
                None => {}
            }
        }
        parts.sort();
        let mut by_ticker = HashMap::new();
        for (i, (t, p)) in parts.iter().enumerate() {
            if let Some(j) = by_ticker.insert(t.clone(), i) {
                return Err(Error::data(
                    p,
                    None,
                    None,
                    format!(
                        "ticker {t} has two partitions ({} and {}): expected one folder per ticker",
                        parts[j].1.display(),
                        p.display()
                    ),
                ));
            }
        }
        let listed: Vec<(Vec<PathBuf>, u64)> = parts
            .par_iter()
            .map(|(_, p)| partition_files(p))
            .collect::<Result<_>>()?;
        let (files, bytes) = listed.into_iter().unzip();
        Ok(Dataset {
            tickers: parts.into_iter().map(|(t, _)| t).collect(),
            files,
            bytes,
            by_ticker,
            opts: opts.clone(),
        })
    }

    /// Number of tickers.
    pub fn len(&self) -> usize {
        self.tickers.len()
    }

    /// True when the dataset has no partition.
    pub fn is_empty(&self) -> bool {
        self.tickers.is_empty()
    }

    /// Position of a ticker (case-insensitive).
    pub fn position(&self, ticker: &str) -> Option<usize> {
        self.by_ticker
            .get(ticker)
            .or_else(|| self.by_ticker.get(&ticker.trim().to_ascii_uppercase()))
            .copied()
    }

    /// Bytes of the files of the ticker at a position.
    pub fn file_bytes(&self, i: usize) -> u64 {
        self.bytes[i]
    }

    /// Reads the series of the ticker at position `i`.
    ///
    /// # Errors
    /// A file that cannot be read as prices (named with its row).
    pub fn series(&self, i: usize) -> Result<Series> {
        let ticker = &self.tickers[i];
        let mut parts = Vec::new();
        for f in &self.files[i] {
            parts.extend(super::parquet::read_partition(f, ticker, &self.opts)?);
        }
        super::parquet::join_partition(parts, &self.files[i][0])
    }

    /// Reads every ticker's series, in ticker order.
    ///
    /// # Errors
    /// As [`series`](Self::series).
    pub fn read_all(&self) -> Result<Vec<Series>> {
        super::on_threads((0..self.len()).collect(), |i| self.series(i))
            .into_iter()
            .collect()
    }
}

/// Where a study's prices come from: a panel in memory, or a partitioned dataset read a
/// slice of tickers at a time.
#[derive(Debug, Clone, Copy)]
pub enum Prices<'a> {
    /// Every series in memory.
    Panel(&'a Panel),
    /// A dataset on disk, read within a memory budget (bytes).
    Dataset(&'a Dataset, u64),
}

impl<'a> From<&'a Panel> for Prices<'a> {
    fn from(p: &'a Panel) -> Self {
        Prices::Panel(p)
    }
}

impl<'a> Prices<'a> {
    /// Position of a ticker's series.
    pub fn position(&self, ticker: &str) -> Option<usize> {
        match self {
            Prices::Panel(p) => p.position(ticker),
            Prices::Dataset(d, _) => d.position(ticker),
        }
    }

    /// The series at these positions, read when they are on disk.
    ///
    /// # Errors
    /// A file of the dataset that cannot be read.
    pub fn load(&self, positions: &[usize]) -> Result<Vec<Cow<'a, Series>>> {
        match *self {
            Prices::Panel(p) => Ok(positions.iter().map(|&i| Cow::Borrowed(p.at(i))).collect()),
            Prices::Dataset(d, _) => {
                super::on_threads(positions.to_vec(), |i| d.series(i).map(Cow::Owned))
                    .into_iter()
                    .collect()
            }
        }
    }

    /// Splits ascending positions into slices that fit a memory budget: for a panel in
    /// memory, `returns_budget` bytes of calendar returns (over `calendar_days`); for a
    /// dataset, its own budget for the series read and their returns.
    pub fn slices(
        &self,
        positions: &[usize],
        calendar_days: usize,
        returns_budget: u64,
    ) -> Vec<std::ops::Range<usize>> {
        let returns = (calendar_days as u64).max(1) * 8;
        let cost = |i: usize| match self {
            Prices::Panel(_) => returns,
            // Compressed Parquet prices take 3 to 10 bytes a row; read, a row takes up to
            // 28 (day, price, close, volume) and as much again while it is decoded.
            Prices::Dataset(d, _) => returns + d.file_bytes(i) * 16,
        };
        // Two slices are in memory at once: one studied, the next read.
        let budget = match self {
            Prices::Panel(_) => returns_budget,
            Prices::Dataset(_, b) => *b / 2,
        };
        let mut out = Vec::new();
        let (mut start, mut used) = (0, 0u64);
        for (k, &i) in positions.iter().enumerate() {
            let c = cost(i);
            if k > start && used + c > budget {
                out.push(start..k);
                start = k;
                used = 0;
            }
            used += c;
        }
        if start < positions.len() {
            out.push(start..positions.len());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_of_a_panel_hold_the_returns_budget() {
        let panel = Panel::default();
        let prices = Prices::Panel(&panel);
        // 1,000 calendar days: 8,000 bytes of returns a ticker; 20,000 bytes hold two.
        let s = prices.slices(&[0, 1, 2, 3, 4], 1000, 20_000);
        assert_eq!(s, vec![0..2, 2..4, 4..5]);
        // A budget below one ticker still moves: one ticker a slice.
        assert_eq!(prices.slices(&[7, 9], 1000, 10).len(), 2);
        assert!(prices.slices(&[], 1000, 10).is_empty());
    }

    #[test]
    fn partition_names() {
        assert_eq!(partition_ticker("ticker=AMZN"), Some(Ok("AMZN".into())));
        assert_eq!(partition_ticker("Symbol=brk.b"), Some(Ok("BRK.B".into())));
        assert_eq!(partition_ticker("ticker=BRK%2DB"), Some(Ok("BRK-B".into())));
        assert_eq!(partition_ticker("date=2024-01-02"), None);
        assert_eq!(partition_ticker("AMZN"), None);
        assert!(matches!(partition_ticker("ticker=%ZZ"), Some(Err(_))));
        assert!(matches!(
            partition_ticker("ticker=..%2F..%2Fetc"),
            Some(Err(_))
        ));
    }
}
