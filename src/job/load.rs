//! Loading what a study reads: prices and the market (a Parquet dataset partitioned by
//! ticker only listed, to be read a slice at a time), events matched to tickers with
//! their filings, the SEC lists and the factor files. Each step returns its notes for the
//! front end to show.

use std::path::{Path, PathBuf};

use crate::date::Day;
use crate::error::{EXIT_PARTIAL, Error, Result};
use crate::events::sec::SecIndex;
use crate::events::tickers::{Unmatched, survivorship};
use crate::events::{self, Event, EventLayout, Exclusion};
use crate::import::dataset::Dataset;
use crate::import::french::Factors;
use crate::import::{self, PriceField, PriceOptions};
use crate::market::{self, Market};
use crate::series::Panel;
use crate::study::spec::Value;

/// Where prices come from and which price is read.
#[derive(Debug, Clone, Default)]
pub struct PriceSource {
    /// Folders of per-ticker files or long files; the first source holding a ticker wins.
    pub paths: Vec<PathBuf>,
    /// The market: a ticker of the prices or a price file (default: SPY, ^GSPC, VOO, IVV).
    pub market: Option<String>,
    /// The price column.
    pub price: PriceField,
    /// Go on past unreadable files (listed in the panel's `unreadable`).
    pub skip_bad_files: bool,
}

impl PriceSource {
    /// The files and folders read.
    pub fn input_paths(&self) -> Vec<&Path> {
        let mut v: Vec<&Path> = self.paths.iter().map(PathBuf::as_path).collect();
        if let Some(m) = &self.market {
            v.push(Path::new(m));
        }
        v
    }

    fn options(&self) -> PriceOptions {
        PriceOptions {
            price: self.price,
            skip_bad_files: self.skip_bad_files,
        }
    }
}

/// Prices, market and calendar, loaded and checked.
pub struct Loaded {
    /// Every series (only the market's when the prices are a dataset read by slices).
    pub panel: Panel,
    /// The dataset a study reads a slice of tickers at a time, with its memory limit.
    pub dataset: Option<(Dataset, u64)>,
    /// Market series and calendar.
    pub market: Market,
}

impl Loaded {
    /// Exit code at the end of a run: 4 when some price files could not be read.
    pub fn exit_code(&self) -> std::process::ExitCode {
        if self.panel.unreadable.is_empty() {
            std::process::ExitCode::SUCCESS
        } else {
            std::process::ExitCode::from(EXIT_PARTIAL as u8)
        }
    }

    /// The prices a study reads: the dataset by slices, or the panel.
    pub fn study_prices(&self) -> crate::import::dataset::Prices<'_> {
        match &self.dataset {
            Some((d, limit)) => crate::import::dataset::Prices::Dataset(d, *limit),
            None => (&self.panel).into(),
        }
    }
}

/// Reads the prices and resolves the market; notes go to `notes`.
///
/// # Errors
/// Unreadable prices (without `skip_bad_files`), no series at all, an unknown market.
pub fn prices(src: &PriceSource, notes: &mut Vec<String>) -> Result<Loaded> {
    let opts = src.options();
    let panel = import::load(&src.paths, &opts)?;
    notes.extend(panel.notes.iter().cloned());
    if panel.is_empty() {
        return Err(no_series(src, &panel));
    }
    let market = market::resolve(&panel, src.market.as_deref(), &opts)?;
    notes.push(match &market.series {
        Some(m) => format!(
            "market: {} ({} trading days)",
            m.ticker,
            market.calendar.len()
        ),
        None => "no market series (--market, or SPY/^GSPC in --prices): market columns are \
                 empty and the calendar is every date in the price files"
            .to_string(),
    });
    Ok(Loaded {
        panel,
        market,
        dataset: None,
    })
}

/// The error of prices that hold no series: files that hold no prices are bad input data.
fn no_series(src: &PriceSource, panel: &Panel) -> Error {
    let first = src.paths.first().map_or(Path::new("."), PathBuf::as_path);
    let skipped = panel
        .notes
        .iter()
        .filter(|n| n.starts_with("skipped"))
        .count();
    Error::data(
        first,
        None,
        None,
        if skipped > 0 {
            format!(
                "no price series: {skipped} files skipped as not price files (a header \
                 with a date and a price column was expected)"
            )
        } else {
            "no price series: expected .csv or .parquet price files".to_string()
        },
    )
}

/// Like [`prices`], but a Parquet dataset partitioned by ticker (the one source) is only
/// listed, with the market series read: a study then reads the tickers it needs a slice at
/// a time within `limit` bytes. Without a market series in the dataset, every ticker is
/// read, as [`prices`] does.
///
/// # Errors
/// As [`prices`]; a dataset partition that is not a ticker.
pub fn prices_lazily(src: &PriceSource, limit: u64, notes: &mut Vec<String>) -> Result<Loaded> {
    let [dir] = src.paths.as_slice() else {
        return prices(src, notes);
    };
    if !Dataset::is_dataset(dir) {
        return prices(src, notes);
    }
    let opts = src.options();
    let dataset = Dataset::open(dir, &opts)?;
    let candidates: Vec<&str> = match src.market.as_deref() {
        Some(m) => vec![m],
        None => market::DEFAULT_MARKETS.to_vec(),
    };
    let Some(pos) = candidates.iter().find_map(|t| dataset.position(t)) else {
        return prices(src, notes);
    };
    let mut panel = Panel::default();
    panel.add(dataset.series(pos)?);
    let market = market::resolve(&panel, src.market.as_deref(), &opts)?;
    if let Some(m) = &market.series {
        notes.push(format!(
            "market: {} ({} trading days); {} tickers in {}, read as the study needs them",
            m.ticker,
            market.calendar.len(),
            dataset.len(),
            dir.display()
        ));
    }
    Ok(Loaded {
        panel,
        market,
        dataset: Some((dataset, limit)),
    })
}

/// How an events file is read and matched to tickers.
#[derive(Debug, Clone)]
pub struct EventSource {
    /// The layout, when not detected.
    pub format: Option<EventLayout>,
    /// Company-to-ticker map; it always wins.
    pub tickers: Option<PathBuf>,
    /// SEC ticker lists: `auto` or files.
    pub sec: Vec<PathBuf>,
    /// Every name SEC registrants filed under: `auto` or files.
    pub sec_names: Vec<PathBuf>,
    /// Where `auto` downloads from.
    pub sec_base_url: String,
    /// User-Agent of SEC downloads.
    pub user_agent: Option<String>,
    /// Use the built-in aliases.
    pub aliases: bool,
    /// Keep events announced on or after this day.
    pub from: Option<Day>,
    /// Keep events announced on or before this day.
    pub to: Option<Day>,
}

impl Default for EventSource {
    fn default() -> Self {
        EventSource {
            format: None,
            tickers: None,
            sec: Vec::new(),
            sec_names: Vec::new(),
            sec_base_url: crate::fetch::sec::BASE.into(),
            user_agent: None,
            aliases: true,
            from: None,
            to: None,
        }
    }
}

impl EventSource {
    /// Sets the setting Python names `keyword`: `sec`, `sec_names` (paths or `auto`),
    /// `tickers`, `aliases`, `start`, `end` (dates), `user_agent`, `sec_base_url`, `format`.
    ///
    /// # Errors
    /// An unknown keyword, or a value the setting cannot take.
    pub fn set_keyword(&mut self, keyword: &str, v: &Value) -> Result<()> {
        let bad = |what: &str| {
            Error::Usage(format!(
                "{}{v}: expected {what}",
                crate::setting::mark_of(keyword)
            ))
        };
        let text = || Ok(v.text().map_err(bad)?.map(str::to_string));
        let date = || {
            text()?
                .map(|t| crate::date::parse(&t).ok_or_else(|| bad("a date YYYY-MM-DD")))
                .transpose()
        };
        let paths = || -> Result<Vec<PathBuf>> {
            Ok(v.texts()
                .map_err(bad)?
                .into_iter()
                .map(PathBuf::from)
                .collect())
        };
        match keyword {
            "sec" => self.sec = paths()?,
            "sec_names" => self.sec_names = paths()?,
            "tickers" => self.tickers = text()?.map(PathBuf::from),
            "aliases" => self.aliases = v.flag().map_err(bad)?,
            "start" => self.from = date()?,
            "end" => self.to = date()?,
            "user_agent" => self.user_agent = text()?,
            "sec_base_url" => {
                self.sec_base_url = text()?.unwrap_or_else(|| crate::fetch::sec::BASE.into());
            }
            "format" => {
                self.format = text()?
                    .map(|t| t.parse().map_err(|why: String| bad(&why)))
                    .transpose()?;
            }
            _ => {
                return Err(Error::Usage(format!(
                    "unknown setting {keyword}=: expected sec, sec_names, tickers, aliases, \
                     start, end, user_agent, sec_base_url or format"
                )));
            }
        }
        Ok(())
    }
}

/// Events read, de-duplicated and matched to tickers.
pub struct LoadedEvents {
    /// The events (those without a ticker included, `matched_by` says why).
    pub events: Vec<Event>,
    /// Events without a ticker.
    pub unmatched: Vec<Unmatched>,
    /// Repeated events that were dropped, with the reason.
    pub duplicates: Vec<Exclusion>,
    /// Rows left out on reading (no date, a WARN notice date or width that does not
    /// read), each with its file, line and reason.
    pub dateless: Vec<String>,
}

/// The SEC lists (files, or `auto`) and their date: the download date for `auto`, else the
/// newest file's modification date.
///
/// # Errors
/// Names without lists, an unreadable SEC file, or a failed download.
pub fn sec_lists(
    src: &EventSource,
    notes: &mut Vec<String>,
) -> Result<Option<(SecIndex, Option<Day>)>> {
    if src.sec.is_empty() {
        if !src.sec_names.is_empty() {
            return Err(Error::Usage(format!(
                "{} adds former names to the SEC lists: give {} too",
                crate::setting::mark_of("sec_names"),
                crate::setting::mark_of("sec")
            )));
        }
        return Ok(None);
    }
    let remote = crate::fetch::sec::Source::new(&src.sec_base_url, src.user_agent.clone());
    let today = crate::fetch::sec::today();
    let (idx, date, more) = crate::fetch::sec::index(&src.sec, &src.sec_names, &remote, today)?;
    notes.extend(more);
    Ok(Some((idx, date)))
}

/// Reads an events file, drops repeated events, gives tickers (map, file column, aliases,
/// SEC lists) and attaches the filings and confounders of `sources`, with notes on what
/// was left out.
///
/// # Errors
/// An unreadable events, map or SEC file, or unreadable filings.
pub fn events(
    path: &Path,
    src: &EventSource,
    sources: &crate::filings::Sources,
    notes: &mut Vec<String>,
) -> Result<LoadedEvents> {
    let opts = events::load::LoadOptions {
        format: src.format,
        from: src.from,
        to: src.to,
        tickers: src.tickers.clone(),
        aliases: src.aliases,
        sec: sec_lists(src, notes)?,
    };
    let mut loaded = events::load::load(path, &opts)?;
    notes.extend(crate::filings::apply(&mut loaded.events, sources)?);
    notes.extend(loaded.reading_notes(path));
    if let Some(x) = loaded.duplicates.first() {
        notes.push(format!(
            "{} repeated events dropped (same company and date), e.g. event {}: {}",
            loaded.duplicates.len(),
            x.event_id,
            x.reason
        ));
    }
    notes.extend(survivorship(&loaded.unmatched));
    Ok(LoadedEvents {
        events: loaded.events,
        unmatched: loaded.unmatched,
        duplicates: loaded.duplicates,
        dateless: loaded.dateless,
    })
}

/// Ken French daily factor files read into one table, none when no file is given.
///
/// # Errors
/// An unreadable or malformed factor file.
pub fn factors(paths: &[PathBuf]) -> Result<Option<Factors>> {
    if paths.is_empty() {
        return Ok(None);
    }
    let mut f = Factors::default();
    for p in paths {
        f.read(p)?;
    }
    Ok(Some(f))
}

/// A memory limit in bytes from `512M`, `2G`, `1.5g` (at least 1 MiB); a quarter of the
/// machine's memory when none is given.
///
/// # Errors
/// A size that is not a number with an optional K, M, G or T.
pub fn memory_limit(size: Option<&str>) -> Result<u64> {
    match size {
        Some(s) => parse_size(s).ok_or_else(|| {
            Error::Usage(format!(
                "--memory-limit {s}: expected a size such as 512M, 2G or 1.5G (at least 1M)"
            ))
        }),
        None => Ok(physical_memory() / 4),
    }
}

/// A size in bytes from `512M`, `2G`, `1.5g`, `100000000` (at least 1 MiB).
fn parse_size(s: &str) -> Option<u64> {
    let t = s.trim();
    let (num, unit) = match t.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let mult: f64 = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 1.0,
        "K" => 1024.0,
        "M" => 1024.0 * 1024.0,
        "G" => 1024.0 * 1024.0 * 1024.0,
        "T" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let v = num.trim().parse::<f64>().ok()? * mult;
    (v.is_finite() && (1048576.0..1e18).contains(&v)).then_some(v as u64)
}

/// The machine's memory in bytes (4 GiB when it cannot be told).
fn physical_memory() -> u64 {
    // SAFETY: sysconf reads a system value and has no preconditions.
    let (pages, size) = unsafe {
        (
            libc::sysconf(libc::_SC_PHYS_PAGES),
            libc::sysconf(libc::_SC_PAGESIZE),
        )
    };
    if pages > 0 && size > 0 {
        pages as u64 * size as u64
    } else {
        4 << 30
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_their_units() {
        assert_eq!(parse_size("512M"), Some(512 << 20));
        assert_eq!(parse_size("1.5g"), Some(3 << 29));
        assert_eq!(parse_size("2GiB"), Some(2 << 30));
        assert_eq!(parse_size("1048576"), Some(1 << 20));
        assert_eq!(parse_size("1K"), None, "below 1 MiB");
        assert_eq!(parse_size("12Q"), None);
        assert!(memory_limit(Some("lots")).is_err());
    }
}
