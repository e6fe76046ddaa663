//! `layoff-study fetch`: download daily prices into the prices folder.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args as ClapArgs, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use super::common::{date_flag, note};
use crate::error::{EXIT_NETWORK, EXIT_PARTIAL, Error};
use crate::fetch::{Options, Outcome, Provider, fetch_all, stooq, yahoo};
use crate::symbol;
use crate::tabular as csv;

/// A price provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProviderName {
    /// Yahoo Finance chart API (adjusted closes included).
    Yahoo,
    /// Stooq daily CSV (split-adjusted closes).
    Stooq,
}

/// Arguments of `fetch`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  layoff-study fetch AMZN MSFT SPY --from 2022-01-01 --to 2024-12-31
  layoff-study fetch --tickers-from events.csv SPY --from 2019-01-01 --to 2024-12-31 --out data/prices
  layoff-study fetch --tickers-from events.csv --rivals-of events.csv --rivals gics \\
      --peer-list sp500_constituents.csv SPY --from 2019-01-01 --to 2024-12-31
  layoff-study fetch AMZN --provider stooq --base-url http://mirror.example:8080 --from 2023-01-01 --to 2023-12-31")]
pub struct Args {
    /// Tickers to download.
    #[arg(value_name = "TICKER")]
    tickers: Vec<String>,
    /// Also download every ticker of this CSV's ticker column (e.g. the events file).
    #[arg(long, value_name = "FILE")]
    tickers_from: Option<PathBuf>,
    /// Also download the rivals (--rivals, --peer-list) of every ticker of this CSV's
    /// ticker column (the events file).
    #[arg(long, value_name = "FILE", requires = "rivals")]
    rivals_of: Option<PathBuf>,
    /// Rivals for --rivals-of: gics (the GICS sub-industry of --peer-list), sic4, sic3 or
    /// sic2 (SIC codes of a --peer-list folder of SEC submissions files) or a FILE of
    /// ticker,rival pairs.
    #[arg(long, value_name = "KEY|FILE")]
    rivals: Option<String>,
    /// A constituents file with Symbol, GICS Sub-Industry and CIK columns (--rivals gics),
    /// or a folder of SEC submissions files (--rivals sic4|sic3|sic2).
    #[arg(long, value_name = "FILE")]
    peer_list: Option<PathBuf>,
    /// Price provider.
    #[arg(long, value_enum, default_value_t = ProviderName::Yahoo)]
    provider: ProviderName,
    /// First date.
    #[arg(long, value_name = "DATE")]
    from: String,
    /// Last date.
    #[arg(long, value_name = "DATE")]
    to: String,
    /// Base URL of the provider or of a mirror.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Output folder: one canonical CSV per ticker.
    #[arg(long, value_name = "DIR", default_value = "data/prices")]
    out: PathBuf,
    /// Downloads at once (1 to 32).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=32))]
    jobs: u16,
    /// Retries after a timeout, a 429 or a 5xx (0 to 10).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(0..=10))]
    retries: u32,
    /// First wait between retries in milliseconds (doubled each time; a 429's Retry-After
    /// wins; at most 60000).
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(0..=60_000))]
    backoff_ms: u64,
    /// Timeout of one request in seconds (1 to 3600).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    timeout: u64,
}

/// The tickers of a CSV's ticker (or symbol) column, each checked against the ticker
/// pattern.
fn tickers_of(path: &std::path::Path) -> Result<Vec<String>, Error> {
    let sheet = csv::Sheet::parse(path, &csv::read_text(path)?)?;
    let col = sheet.column(&["ticker", "symbol"]).ok_or_else(|| {
        Error::data(
            path,
            Some(1),
            None,
            "no ticker column: expected ticker or symbol",
        )
    })?;
    let mut out = Vec::new();
    for rec in &sheet.rows {
        let raw = rec.fields[col].trim();
        if csv::is_missing(raw) {
            continue;
        }
        let t = symbol::check(raw).map_err(|why| {
            Error::Usage(format!(
                "--tickers-from {}, line {}: {why}",
                path.display(),
                rec.line
            ))
        })?;
        out.push(t);
    }
    Ok(out)
}

impl Args {
    /// The provider and the download options, with every flag checked before a request.
    fn settings(&self) -> Result<(&'static dyn Provider, Options), Error> {
        let (from, to) = (
            date_flag("--from", &self.from)?,
            date_flag("--to", &self.to)?,
        );
        if from > to {
            return Err(Error::Usage(format!(
                "--from {} is after --to {}",
                self.from, self.to
            )));
        }
        let (provider, base): (&'static dyn Provider, &str) = match self.provider {
            ProviderName::Yahoo => (&yahoo::Yahoo, yahoo::BASE),
            ProviderName::Stooq => (&stooq::Stooq, stooq::BASE),
        };
        let base_url = self.base_url.clone().unwrap_or_else(|| base.to_string());
        match reqwest::Url::parse(&base_url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {}
            _ => {
                return Err(Error::Usage(format!(
                    "--base-url {base_url}: expected an http:// or https:// address"
                )));
            }
        }
        let opts = Options {
            base_url,
            from,
            to,
            out: self.out.clone(),
            jobs: usize::from(self.jobs),
            retries: self.retries,
            backoff: Duration::from_millis(self.backoff_ms),
            timeout: Duration::from_secs(self.timeout.max(1)),
        };
        Ok((provider, opts))
    }

    /// Every ticker asked for, checked and without repeats.
    fn symbols(&self) -> Result<Vec<String>, Error> {
        let mut tickers: Vec<String> = self
            .tickers
            .iter()
            .map(|t| symbol::check(t).map_err(|e| Error::Usage(e.into())))
            .collect::<Result<_, _>>()?;
        if let Some(p) = &self.tickers_from {
            tickers.extend(tickers_of(p)?);
        }
        if let Some(p) = &self.rivals_of {
            let key = self.rivals.as_deref().unwrap_or_default();
            let peers = crate::study::rivals::Peers::from_key(key, self.peer_list.as_deref())?;
            for t in tickers_of(p)? {
                tickers.extend(peers.of(&t).iter().cloned());
            }
        }
        tickers.sort();
        tickers.dedup();
        if tickers.is_empty() {
            return Err(Error::Usage(
                "no ticker: give TICKER arguments, --tickers-from FILE or --rivals-of FILE".into(),
            ));
        }
        Ok(tickers)
    }
}

/// Runs `fetch`.
///
/// # Errors
/// Bad flags; a network failure of every ticker is exit code 3, of some exit code 4.
pub fn run(a: Args, quiet: bool) -> anyhow::Result<ExitCode> {
    let (provider, opts) = a.settings()?;
    let tickers = a.symbols()?;
    let pb = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(tickers.len() as u64)
    };
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} {elapsed}") {
        pb.set_style(style);
    }
    let results = fetch_all(provider, &tickers, &opts, &|t| {
        pb.set_message(t.to_string());
        pb.inc(1);
    })?;
    pb.finish_and_clear();
    Ok(summarise(&results, &a.out, quiet))
}

/// Reports each failure and the counts; the exit code: every symbol failing on the network
/// is 3, unknown symbols or some failures 4 (partial).
fn summarise(results: &[(String, Outcome)], out: &std::path::Path, quiet: bool) -> ExitCode {
    let (mut written, mut cached, mut unknown, mut failed) = (0, 0, 0, 0);
    for (t, o) in results {
        match o {
            Outcome::Written(_) => written += 1,
            Outcome::Cached => cached += 1,
            Outcome::Unknown(why) => {
                unknown += 1;
                eprintln!("error: {t}: {why}");
            }
            Outcome::Failed(why) => {
                failed += 1;
                eprintln!("error: {t}: {why}");
            }
        }
    }
    note(
        quiet,
        format!(
            "{written} downloaded, {cached} already in the cache, {unknown} unknown symbols, \
             {failed} failed; files in {}",
            out.display()
        ),
    );
    if failed + unknown == 0 {
        ExitCode::SUCCESS
    } else if failed == results.len() {
        ExitCode::from(EXIT_NETWORK as u8)
    } else {
        ExitCode::from(EXIT_PARTIAL as u8)
    }
}
