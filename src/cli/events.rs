//! `layoff-study events`: normalise an events file and map company names to tickers.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args as ClapArgs;

use super::common::{EventArgs, OutputArgs, check_output_file, load_events, note};
use crate::error::Error;
use crate::events::{events_table, suggestions_table, unmatched_table};
use crate::export::{OutputFormat, emit};

/// Arguments of `events`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  layoff-study events layoffs.csv --sec company_tickers.json -o events.csv
      (unmatched names go to events_unmatched.csv)
  layoff-study events layoffs.csv --sec company_tickers.json --tickers my-map.csv --public-only -o events.csv
  layoff-study events warn_notices.csv --events-format warn --tickers my-map.csv -o warn-events.csv")]
pub struct Args {
    /// The events file: a layoffs.fyi export (2023 Kaggle or 2026 layout), a WARN notice
    /// table, or any CSV with a ticker or company column and a date column.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    #[command(flatten)]
    events: EventArgs,
    /// Keep only events with a ticker (drop private and unmatched companies).
    #[arg(long)]
    public_only: bool,
    /// Where the events without a ticker go (event_id,company,announce_date,stage,reason).
    /// Default: beside -o, as NAME_unmatched.csv.
    #[arg(long, value_name = "FILE")]
    unmatched: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// Runs `events`.
///
/// # Errors
/// Unreadable events, map or SEC files.
pub fn run(a: Args, quiet: bool) -> anyhow::Result<ExitCode> {
    if a.events.events.is_some() {
        return Err(
            Error::Usage("give the events file as the argument, not with --events".into()).into(),
        );
    }
    let beside = |suffix: &str| {
        a.output.output.as_ref().map(|o| {
            let stem = o.file_stem().and_then(|s| s.to_str()).unwrap_or("events");
            o.with_file_name(format!("{stem}_{suffix}.csv"))
        })
    };
    let unmatched_path = a.unmatched.clone().or_else(|| beside("unmatched"));
    let suggestions_path = beside("suggestions");
    let mut inputs = a.events.input_paths();
    inputs.push(&a.file);
    check_output_file(&inputs, "-o", a.output.output.as_deref())?;
    check_output_file(&inputs, "--unmatched", unmatched_path.as_deref())?;
    check_output_file(&inputs, "-o", suggestions_path.as_deref())?;
    let loaded = load_events(&a.events, &a.file, quiet)?;
    let total = loaded.events.len();
    let mut by_how: BTreeMap<String, usize> = BTreeMap::new();
    for e in loaded.events.iter().filter(|e| e.ticker.is_some()) {
        *by_how.entry(e.matched_by.clone()).or_default() += 1;
    }
    let with_ticker: usize = by_how.values().sum();
    let events: Vec<_> = if a.public_only {
        loaded
            .events
            .into_iter()
            .filter(|e| e.ticker.is_some())
            .collect()
    } else {
        loaded.events
    };
    emit(
        &events_table(&events),
        a.output.format,
        a.output.output.as_deref(),
    )?;
    if let Some(p) = &unmatched_path {
        emit(
            &unmatched_table(&loaded.unmatched, &loaded.dateless),
            OutputFormat::Csv,
            Some(p),
        )?;
    }
    suggest(&loaded.unmatched, suggestions_path.as_deref(), quiet)?;
    count_note(
        (
            loaded.duplicates.len(),
            loaded.dateless.len(),
            loaded.unmatched.len(),
        ),
        (total, with_ticker, &by_how),
        unmatched_path.as_deref(),
        quiet,
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the suggestions for names without a ticker beside the output, when there are
/// any, and says where.
fn suggest(
    unmatched: &[crate::events::tickers::Unmatched],
    path: Option<&std::path::Path>,
    quiet: bool,
) -> anyhow::Result<()> {
    let suggestions = suggestions_table(unmatched);
    if let Some(p) = path
        && !suggestions.rows.is_empty()
    {
        emit(&suggestions, OutputFormat::Csv, Some(p))?;
        note(
            quiet,
            format!(
                "{} listed-stage names without a ticker, with up to three SEC candidates each, \
                 in {}: fill its ticker column and pass it back with --tickers",
                suggestions.rows.len(),
                p.display()
            ),
        );
    }
    Ok(())
}

/// The note of how many events were read and how their tickers were found.
fn count_note(
    (duplicates, dateless, unmatched): (usize, usize, usize),
    (total, with_ticker, by_how): (usize, usize, &BTreeMap<String, usize>),
    unmatched_path: Option<&std::path::Path>,
    quiet: bool,
) {
    let how: Vec<String> = by_how.iter().map(|(k, v)| format!("{k} {v}")).collect();
    note(
        quiet,
        format!(
            "{total} events ({} repeated dropped, {} without a date); {with_ticker} with a ticker ({}); {} without{}",
            duplicates,
            dateless,
            if how.is_empty() {
                "none".to_string()
            } else {
                how.join(", ")
            },
            unmatched,
            unmatched_path.map_or(String::new(), |p| format!(" (listed in {})", p.display()))
        ),
    );
}
