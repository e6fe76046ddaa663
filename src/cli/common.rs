//! Arguments shared by several subcommands (prices, market, events, output) and the
//! loading steps they drive.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::calendar::NonTrading;
use crate::date::Day;
use crate::error::{EXIT_PARTIAL, Error};
use crate::events::sec::SecIndex;
use crate::events::tickers::{Unmatched, survivorship};
use crate::events::{self, Event, EventLayout, Exclusion};
use crate::export::OutputFormat;
use crate::files::guard::Inputs;
use crate::import::dataset::Dataset;
use crate::import::{self, PriceField, PriceOptions};
use crate::market::{self, Market};
use crate::series::Panel;

/// Where prices come from and how returns are computed.
#[derive(Debug, Clone, Args)]
pub struct PriceArgs {
    /// Price files: a folder of per-ticker files (stem = ticker) or one long CSV/Parquet
    /// file with a ticker column. Repeatable; the first source holding a ticker wins.
    #[arg(long = "prices", value_name = "PATH", required = true)]
    pub prices: Vec<PathBuf>,
    /// Market proxy: a ticker found in --prices or a price file. Defines the trading
    /// calendar. Default: SPY, else ^GSPC, VOO or IVV when present.
    #[arg(long, value_name = "TICKER|FILE")]
    pub market: Option<String>,
    /// Price column: adjusted close when the file has one, or close.
    #[arg(long, value_enum, default_value_t = PriceField::Adjusted)]
    pub price: PriceField,
    /// Log returns ln(P/P_prev) instead of simple returns.
    #[arg(long)]
    pub log_returns: bool,
    /// Report unreadable price files and go on (exit code 4) instead of stopping.
    #[arg(long)]
    pub skip_bad_files: bool,
}

/// The `--memory-limit` in bytes (its default, a quarter of the machine's memory, when
/// absent).
///
/// # Errors
/// A size that is not a number with an optional K, M, G or T.
pub fn memory_limit(flag: Option<&str>) -> Result<u64, Error> {
    match flag {
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

/// Where the output goes and in which format.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output file (written atomically); stdout when absent.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format: csv (fractions), table (aligned, percentages) or json.
    #[arg(long, value_enum, default_value_t = OutputFormat::Csv)]
    pub format: OutputFormat,
}

/// An events file and how to read it.
#[derive(Debug, Clone, Args)]
pub struct EventArgs {
    /// Events: a layoffs.fyi export, a WARN table, the canonical events CSV, or any CSV with
    /// a ticker and a date column.
    #[arg(long, value_name = "FILE")]
    pub events: Option<PathBuf>,
    /// Force the events layout instead of detecting it.
    #[arg(long, value_enum)]
    pub events_format: Option<EventLayout>,
    /// Company-to-ticker map (CSV with company,ticker); it always wins.
    #[arg(long, value_name = "MAP.csv")]
    pub tickers: Option<PathBuf>,
    /// SEC ticker lists: `auto` (download company_tickers.json and
    /// company_tickers_exchange.json, cached in ~/.cache/layoff-study) or files as
    /// downloaded (repeatable). Listed companies are matched by exact, normalised or
    /// legal-entity name, or a ticker written as the name.
    #[arg(long, value_name = "FILE|auto")]
    pub sec: Vec<PathBuf>,
    /// Every name SEC registrants have filed under, former names included, so that a
    /// renamed company is found by its old name: `auto` (EDGAR's cik-lookup-data.txt,
    /// downloaded with --user-agent and cached like the lists) or files (repeatable):
    /// cik-lookup-data.txt (`NAME:CIK:` lines) or SEC submissions (CIK##########.json, their
    /// formerNames). Needs --sec.
    #[arg(long, value_name = "auto|FILE")]
    pub sec_names: Vec<PathBuf>,
    /// Where `--sec auto` downloads from: the SEC or a mirror serving /files/*.json.
    #[arg(long, value_name = "URL", default_value = crate::fetch::sec::BASE)]
    pub sec_base_url: String,
    /// User-Agent for the SEC download, with a contact address as the SEC asks
    /// ("Name you@example.org"); default: $LAYOFF_STUDY_USER_AGENT.
    #[arg(long, value_name = "TEXT")]
    pub user_agent: Option<String>,
    /// Do not use the built-in aliases (Google -> GOOGL, Twitch -> AMZN, ...).
    #[arg(long)]
    pub no_aliases: bool,
    /// Keep events announced on or after this date.
    #[arg(long = "from", value_name = "DATE")]
    pub events_from: Option<String>,
    /// Keep events announced on or before this date.
    #[arg(long = "to", value_name = "DATE")]
    pub events_to: Option<String>,
    /// Day 0 of an announcement on a non-trading date.
    #[arg(long, value_enum, default_value_t = NonTrading::Next)]
    pub non_trading: NonTrading,
    /// SEC submissions of the events' companies (by CIK, from --sec): `auto` (downloaded
    /// from the SEC with --user-agent, at most 10 requests a second, cached in
    /// ~/.cache/layoff-study/edgar) or a folder of CIK##########.json files. Finds each
    /// event's layoff 8-K (--filing-items) and the earnings 8-Ks (Item 2.02) around it.
    #[arg(long, value_name = "auto|DIR")]
    pub sec_filings: Option<PathBuf>,
    /// 8-K items that mark a layoff filing (comma-separated).
    #[arg(long, value_name = "ITEMS", default_value = "2.05")]
    pub filing_items: String,
    /// Calendar days either side of the reported date in which the layoff filing is looked
    /// for.
    #[arg(long, value_name = "DAYS", default_value_t = crate::filings::FilingSearch::default().days)]
    pub filing_search: i32,
    /// Confounding announcements: `sec` (the earnings 8-Ks of --sec-filings, the default
    /// with --sec-filings) or a CSV file (repeatable) with ticker or cik, date, optional
    /// time (HH:MM New York, amc, bmo) and kind (I/B/E/S, Compustat or calendar exports).
    #[arg(long, value_name = "sec|FILE")]
    pub confounders: Vec<PathBuf>,
}

impl PriceArgs {
    /// The files and folders these flags read.
    pub fn input_paths(&self) -> Vec<&Path> {
        let mut v: Vec<&Path> = self.prices.iter().map(PathBuf::as_path).collect();
        if let Some(m) = &self.market {
            v.push(Path::new(m));
        }
        v
    }
}

impl EventArgs {
    /// The files these flags read.
    pub fn input_paths(&self) -> Vec<&Path> {
        let mut v: Vec<&Path> = self.events.iter().map(PathBuf::as_path).collect();
        v.extend(self.tickers.as_deref());
        v.extend(
            self.sec_filings
                .as_deref()
                .filter(|p| *p != Path::new("auto")),
        );
        v.extend(
            self.confounders
                .iter()
                .map(PathBuf::as_path)
                .filter(|p| *p != Path::new("sec")),
        );
        v.extend(
            self.sec
                .iter()
                .chain(&self.sec_names)
                .map(PathBuf::as_path)
                .filter(|p| *p != Path::new("auto")),
        );
        v
    }
}

/// Refuses an output file (`-o`, `--unmatched`, ...) that is one of `inputs` or lies in an
/// input folder, before any work.
///
/// # Errors
/// A usage error naming the flag.
pub fn check_output_file(inputs: &[&Path], flag: &str, out: Option<&Path>) -> Result<(), Error> {
    match out {
        Some(o) => Inputs::new(inputs.iter().copied()).check_file(flag, o),
        None => Ok(()),
    }
}

/// A date flag's value (`--date`, `--from`, `--to`), checked before any file is read.
///
/// # Errors
/// A usage error naming the flag.
pub fn date_flag(flag: &str, value: &str) -> Result<Day, Error> {
    crate::date::parse(value).ok_or_else(|| {
        Error::Usage(format!(
            "{flag} {value}: expected a date such as 2024-01-10"
        ))
    })
}

/// A progress spinner on stderr (hidden with -q or when stderr is not a terminal).
pub fn spinner(quiet: bool, msg: &'static str) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
        pb.set_style(style);
    }
    pb.set_message(msg);
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb
}

/// Prints a note on stderr unless quiet.
pub fn note(quiet: bool, msg: impl AsRef<str>) {
    if !quiet {
        eprintln!("note: {}", msg.as_ref());
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
    pub fn exit_code(&self) -> ExitCode {
        if self.panel.unreadable.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_PARTIAL as u8)
        }
    }
}

/// Reads the prices and resolves the market.
///
/// # Errors
/// Unreadable prices (without --skip-bad-files), no series at all, an unknown market.
pub fn load_prices(a: &PriceArgs, quiet: bool) -> Result<Loaded, Error> {
    let opts = PriceOptions {
        price: a.price,
        skip_bad_files: a.skip_bad_files,
    };
    let pb = spinner(quiet, "reading prices");
    let panel = import::load(&a.prices, &opts);
    pb.finish_and_clear();
    let panel = panel?;
    for n in &panel.notes {
        note(quiet, n);
    }
    for e in &panel.unreadable {
        eprintln!("warning: skipped unreadable file: {e}");
    }
    if panel.is_empty() {
        // Files that hold no prices are bad input data, not a usage error.
        let first = a.prices.first().map_or(Path::new("."), PathBuf::as_path);
        let skipped = panel
            .notes
            .iter()
            .filter(|n| n.starts_with("skipped"))
            .count();
        return Err(Error::data(
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
        ));
    }
    let market = market::resolve(&panel, a.market.as_deref(), &opts)?;
    match &market.series {
        Some(m) => note(
            quiet,
            format!(
                "market: {} ({} trading days)",
                m.ticker,
                market.calendar.len()
            ),
        ),
        None => note(
            quiet,
            "no market series (--market, or SPY/^GSPC in --prices): market columns are empty \
             and the calendar is every date in the price files",
        ),
    }
    Ok(Loaded {
        panel,
        market,
        dataset: None,
    })
}

/// Like [`load_prices`], but a Parquet dataset partitioned by ticker (the one `--prices`)
/// is only listed, with the market series read: a study then reads the tickers it needs a
/// slice at a time within `--memory-limit`. Without a market series in the dataset (or
/// `--market FILE`), every ticker is read, as [`load_prices`] does.
///
/// # Errors
/// As [`load_prices`]; a dataset partition that is not a ticker.
pub fn load_prices_lazily(a: &PriceArgs, limit: u64, quiet: bool) -> Result<Loaded, Error> {
    let [dir] = a.prices.as_slice() else {
        return load_prices(a, quiet);
    };
    if !Dataset::is_dataset(dir) {
        return load_prices(a, quiet);
    }
    let opts = PriceOptions {
        price: a.price,
        skip_bad_files: a.skip_bad_files,
    };
    let dataset = Dataset::open(dir, &opts)?;
    let candidates: Vec<&str> = match a.market.as_deref() {
        Some(m) => vec![m],
        None => crate::market::DEFAULT_MARKETS.to_vec(),
    };
    let Some(pos) = candidates.iter().find_map(|t| dataset.position(t)) else {
        return load_prices(a, quiet);
    };
    let mut panel = Panel::default();
    panel.add(dataset.series(pos)?);
    let market = market::resolve(&panel, a.market.as_deref(), &opts)?;
    if let Some(m) = &market.series {
        note(
            quiet,
            format!(
                "market: {} ({} trading days); {} tickers in {}, read as the study needs them",
                m.ticker,
                market.calendar.len(),
                dataset.len(),
                dir.display()
            ),
        );
    }
    Ok(Loaded {
        panel,
        market,
        dataset: Some((dataset, limit)),
    })
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

/// The SEC lists of `--sec` (files, or `auto`) and their date: the download date for
/// `auto`, else the newest file's modification date.
///
/// # Errors
/// An unreadable SEC file, or a failed download.
fn read_sec(a: &EventArgs, quiet: bool) -> Result<Option<(SecIndex, Option<Day>)>, Error> {
    if a.sec.is_empty() {
        if !a.sec_names.is_empty() {
            return Err(Error::Usage(
                "--sec-names adds former names to the SEC lists: give --sec too".into(),
            ));
        }
        return Ok(None);
    }
    let src = crate::fetch::sec::Source::new(&a.sec_base_url, a.user_agent.clone());
    let today = crate::fetch::sec::today();
    let (idx, date, notes) = crate::fetch::sec::index(&a.sec, &a.sec_names, &src, today)?;
    for n in notes {
        note(quiet, n);
    }
    Ok(Some((idx, date)))
}

/// The sources of event time of `--sec-filings`, `--filing-items`, `--filing-search` and
/// `--confounders`, checked before anything is read.
///
/// # Errors
/// See [`crate::filings::sources`].
pub fn filing_sources(a: &EventArgs) -> Result<crate::filings::Sources, Error> {
    crate::filings::sources(&crate::filings::SourceSettings {
        sec_filings: a.sec_filings.as_deref(),
        sec_base_url: &a.sec_base_url,
        user_agent: a.user_agent.clone(),
        filing_items: &a.filing_items,
        filing_search: a.filing_search,
        confounders: &a.confounders,
    })
}

/// Reads an events file, drops repeated events, and gives tickers (map, file column,
/// aliases, SEC lists), with notes on what was left out.
///
/// # Errors
/// An unreadable events, map or SEC file.
pub fn load_events(
    a: &EventArgs,
    path: &std::path::Path,
    quiet: bool,
) -> Result<LoadedEvents, Error> {
    let bound =
        |flag: &str, v: &Option<String>| v.as_deref().map(|s| date_flag(flag, s)).transpose();
    let opts = events::load::LoadOptions {
        format: a.events_format,
        from: bound("--from", &a.events_from)?,
        to: bound("--to", &a.events_to)?,
        tickers: a.tickers.clone(),
        aliases: !a.no_aliases,
        sec: read_sec(a, quiet)?,
    };
    let sources = filing_sources(a)?;
    let mut loaded = events::load::load(path, &opts)?;
    for n in crate::filings::apply(&mut loaded.events, &sources)? {
        note(quiet, n);
    }
    for n in loaded.reading_notes(path) {
        note(quiet, n);
    }
    if let Some(x) = loaded.duplicates.first() {
        note(
            quiet,
            format!(
                "{} repeated events dropped (same company and date), e.g. event {}: {}",
                loaded.duplicates.len(),
                x.event_id,
                x.reason
            ),
        );
    }
    if let Some(line) = survivorship(&loaded.unmatched) {
        note(quiet, &line);
    }
    Ok(LoadedEvents {
        events: loaded.events,
        unmatched: loaded.unmatched,
        duplicates: loaded.duplicates,
        dateless: loaded.dateless,
    })
}
