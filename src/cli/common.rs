//! Arguments shared by several subcommands (prices, market, events, output) and the
//! loading steps they drive.

use std::path::{Path, PathBuf};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::calendar::NonTrading;
use crate::date::Day;
use crate::error::Error;
use crate::events::EventLayout;
use crate::export::OutputFormat;
use crate::files::guard::Inputs;
use crate::import::PriceField;
pub use crate::job::load::{EventSource, Loaded, LoadedEvents, PriceSource};

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

pub use crate::job::load::memory_limit;

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

    /// Where the prices come from, for the library's loading.
    pub fn source(&self) -> PriceSource {
        PriceSource {
            paths: self.prices.clone(),
            market: self.market.clone(),
            price: self.price,
            skip_bad_files: self.skip_bad_files,
        }
    }
}

impl EventArgs {
    /// How the events are read and matched, for the library's loading.
    ///
    /// # Errors
    /// A `--from` or `--to` that is not a date.
    pub fn source(&self) -> Result<EventSource, Error> {
        let bound =
            |flag: &str, v: &Option<String>| v.as_deref().map(|s| date_flag(flag, s)).transpose();
        Ok(EventSource {
            format: self.events_format,
            tickers: self.tickers.clone(),
            sec: self.sec.clone(),
            sec_names: self.sec_names.clone(),
            sec_base_url: self.sec_base_url.clone(),
            user_agent: self.user_agent.clone(),
            aliases: !self.no_aliases,
            from: bound("--from", &self.events_from)?,
            to: bound("--to", &self.events_to)?,
        })
    }

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

/// A spinner on stderr for each step of a library job (hidden with -q).
pub struct Spinner {
    quiet: bool,
    bar: std::sync::Mutex<Option<ProgressBar>>,
}

impl Spinner {
    /// A spinner, hidden when `quiet`.
    pub fn new(quiet: bool) -> Self {
        Spinner {
            quiet,
            bar: std::sync::Mutex::new(None),
        }
    }
}

impl crate::job::Progress for Spinner {
    fn begin(&self, what: &'static str) {
        if let Ok(mut b) = self.bar.lock() {
            *b = Some(spinner(self.quiet, what));
        }
    }
    fn end(&self) {
        if let Ok(mut b) = self.bar.lock()
            && let Some(bar) = b.take()
        {
            bar.finish_and_clear();
        }
    }
}

/// Prints the notes of a library job.
pub fn print_notes(quiet: bool, notes: &[String]) {
    for n in notes {
        note(quiet, n);
    }
}

/// Prints a warning for each price file that could not be read.
pub fn warn_unreadable(loaded: &Loaded) {
    for e in &loaded.panel.unreadable {
        eprintln!("warning: skipped unreadable file: {e}");
    }
}

/// Reads the prices and resolves the market, with its notes.
///
/// # Errors
/// Unreadable prices (without --skip-bad-files), no series at all, an unknown market.
pub fn load_prices(a: &PriceArgs, quiet: bool) -> Result<Loaded, Error> {
    let mut notes = Vec::new();
    let loaded = crate::job::step(&Spinner::new(quiet), "reading prices", || {
        crate::job::load::prices(&a.source(), &mut notes)
    });
    print_notes(quiet, &notes);
    let loaded = loaded?;
    warn_unreadable(&loaded);
    Ok(loaded)
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

/// Reads an events file, drops repeated events, gives tickers (map, file column, aliases,
/// SEC lists) and attaches the filings, printing the notes on what was left out.
///
/// # Errors
/// An unreadable events, map or SEC file.
pub fn load_events(a: &EventArgs, path: &Path, quiet: bool) -> Result<LoadedEvents, Error> {
    let sources = filing_sources(a)?;
    let mut notes = Vec::new();
    let loaded = crate::job::load::events(path, &a.source()?, &sources, &mut notes);
    print_notes(quiet, &notes);
    loaded
}
