//! `layoff-study returns`: announcement-day returns (METHODS.md §2).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args as ClapArgs;

use super::common::{
    EventArgs, OutputArgs, PriceArgs, check_output_file, date_flag, load_events, load_prices, note,
};
use crate::date::{self, Day};
use crate::error::Error;
use crate::events::{Event, Exclusion, exclusions_table};
use crate::export::{OutputFormat, emit};
use crate::returns::{announcement_returns, table};

/// Arguments of `returns`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  layoff-study returns --prices data/prices --market SPY --ticker AMZN --date 2024-01-10 --format table
  layoff-study returns --prices data/prices --events layoffs.csv --tickers map.csv -o returns.csv
  layoff-study returns --prices data/prices --date 2024-01-10      # every ticker that day")]
pub struct Args {
    #[command(flatten)]
    prices: PriceArgs,
    #[command(flatten)]
    events: EventArgs,
    /// One ticker (with --date) instead of an events file.
    #[arg(long, conflicts_with = "events")]
    ticker: Option<String>,
    /// Announcement date (YYYY-MM-DD) for --ticker, or for every ticker without it.
    #[arg(long, value_name = "DATE", conflicts_with = "events")]
    date: Option<String>,
    /// Also write the excluded events (event_id,ticker,announce_date,reason) to this file.
    #[arg(long, value_name = "FILE")]
    excluded: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// What `returns` is asked, checked before any file is read.
enum Question {
    /// The announcement-day return of every event of an events file.
    Events(PathBuf),
    /// The return of one ticker (or of every ticker) on one date.
    OnDate { day: Day, ticker: Option<String> },
}

impl Args {
    /// The question, with the date, the ticker and the outputs checked.
    fn question(&self) -> Result<Question, Error> {
        let day = self
            .date
            .as_deref()
            .map(|s| date_flag("--date", s))
            .transpose()?;
        let mut inputs = self.prices.input_paths();
        inputs.extend(self.events.input_paths());
        check_output_file(&inputs, "-o", self.output.output.as_deref())?;
        check_output_file(&inputs, "--excluded", self.excluded.as_deref())?;
        let ticker = self
            .ticker
            .as_deref()
            .map(|t| {
                crate::symbol::check(t).map_err(|why| Error::Usage(format!("--ticker: {why}")))
            })
            .transpose()?;
        match (&self.events.events, day) {
            (Some(path), _) => Ok(Question::Events(path.clone())),
            (None, Some(day)) => Ok(Question::OnDate { day, ticker }),
            (None, None) => Err(Error::Usage(
                "give --events FILE, or --date DATE (with --ticker for one company)".into(),
            )),
        }
    }
}

/// Lists the first excluded events on stderr.
fn note_excluded(excluded: &[Exclusion], total: usize, quiet: bool) {
    if excluded.is_empty() {
        return;
    }
    note(
        quiet,
        format!("{} of {total} events excluded:", excluded.len()),
    );
    for x in excluded.iter().take(if quiet { 0 } else { 10 }) {
        eprintln!(
            "  {} {} {}: {}",
            x.event_id,
            x.ticker,
            date::format(x.announce_date),
            x.reason
        );
    }
    if excluded.len() > 10 {
        note(quiet, "the full list: --excluded FILE");
    }
}

/// Runs `returns`.
///
/// # Errors
/// Bad flags, unreadable prices or events.
pub fn run(a: Args, quiet: bool) -> anyhow::Result<ExitCode> {
    let question = a.question()?;
    let loaded = load_prices(&a.prices, quiet)?;
    let events: Vec<Event> = match &question {
        Question::Events(path) => load_events(&a.events, path, quiet)?.events,
        Question::OnDate { day, ticker } => {
            crate::events::on_date_of(*day, ticker.as_deref(), &loaded.panel)
        }
    };
    let (rows, excluded) = announcement_returns(
        &events,
        &loaded.panel,
        loaded.market.series.as_ref(),
        &loaded.market.calendar,
        a.events.non_trading,
        a.prices.log_returns,
    );
    if rows.is_empty() && matches!(question, Question::OnDate { .. }) && !excluded.is_empty() {
        let why: Vec<String> = excluded
            .iter()
            .take(3)
            .map(|x| format!("{}: {}", x.ticker, x.reason))
            .collect();
        return Err(Error::NoResult(format!(
            "no announcement-day return on {}: {}",
            date::format(excluded[0].announce_date),
            why.join("; ")
        ))
        .into());
    }
    emit(&table(&rows), a.output.format, a.output.output.as_deref())?;
    note_excluded(&excluded, events.len(), quiet);
    if let Some(p) = &a.excluded {
        emit(&exclusions_table(&excluded), OutputFormat::Csv, Some(p))?;
    }
    Ok(loaded.exit_code())
}
