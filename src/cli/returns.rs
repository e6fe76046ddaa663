//! `layoff-study returns`: announcement-day returns (METHODS.md §2).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args as ClapArgs;

use super::common::{
    EventArgs, OutputArgs, PriceArgs, check_output_file, load_events, load_prices, note,
};
use crate::date;
use crate::error::Error;
use crate::events::{Event, exclusions_table};
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

/// Runs `returns`.
///
/// # Errors
/// Bad flags, unreadable prices or events.
pub fn run(a: Args, quiet: bool) -> anyhow::Result<ExitCode> {
    let day = match &a.date {
        Some(s) => Some(date::parse(s).ok_or_else(|| {
            Error::Usage(format!("--date {s}: expected a date such as 2024-01-10"))
        })?),
        None => None,
    };
    if a.events.events.is_none() && day.is_none() {
        return Err(Error::Usage(
            "give --events FILE, or --date DATE (with --ticker for one company)".into(),
        )
        .into());
    }
    let mut inputs = a.prices.input_paths();
    inputs.extend(a.events.input_paths());
    check_output_file(&inputs, "-o", a.output.output.as_deref())?;
    check_output_file(&inputs, "--excluded", a.excluded.as_deref())?;
    let ticker = a
        .ticker
        .as_deref()
        .map(|t| crate::symbol::check(t).map_err(|why| Error::Usage(format!("--ticker: {why}"))))
        .transpose()?;
    let loaded = load_prices(&a.prices, quiet)?;
    let events: Vec<Event> = match (&a.events.events, day) {
        (Some(path), _) => load_events(&a.events, path, quiet)?.events,
        (None, Some(day)) => {
            let tickers: Vec<String> = match &ticker {
                Some(t) => vec![t.clone()],
                None => loaded.panel.iter().map(|s| s.ticker.clone()).collect(),
            };
            tickers
                .into_iter()
                .enumerate()
                .map(|(i, t)| Event {
                    id: (i + 1).to_string(),
                    company: t.clone(),
                    ticker: Some(t),
                    date: day,
                    laid_off: None,
                    pct_laid_off: None,
                    industry: String::new(),
                    country: String::new(),
                    stage: String::new(),
                    source: "command line".into(),
                    matched_by: "command line".into(),
                    confidence: None,
                    sec_date: None,
                })
                .collect()
        }
        (None, None) => unreachable!("checked above"),
    };
    let (rows, excluded) = announcement_returns(
        &events,
        &loaded.panel,
        loaded.market.series.as_ref(),
        &loaded.market.calendar,
        a.events.non_trading,
        a.prices.log_returns,
    );
    if rows.is_empty() && a.events.events.is_none() && !excluded.is_empty() {
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
    if !excluded.is_empty() {
        note(
            quiet,
            format!("{} of {} events excluded:", excluded.len(), events.len()),
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
    if let Some(p) = &a.excluded {
        emit(&exclusions_table(&excluded), OutputFormat::Csv, Some(p))?;
    }
    Ok(loaded.exit_code())
}
