//! `layoff-study performance`: calendar-year returns (METHODS.md §3).

use std::process::ExitCode;

use clap::Args as ClapArgs;

use super::common::{OutputArgs, PriceArgs, check_output_file, load_prices, note};
use crate::error::Error;
use crate::export::emit;
use crate::performance::table;

/// Arguments of `performance`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  layoff-study performance --prices data/prices --tickers AMZN --year 2023 --format table
  layoff-study performance --prices data/prices --tickers AMZN,MSFT --from 2019 --to 2024
  layoff-study performance --prices data/prices -o yearly.csv        # every ticker, every year")]
pub struct Args {
    #[command(flatten)]
    prices: PriceArgs,
    /// Tickers (comma-separated or repeated); every ticker in --prices when absent.
    #[arg(long, value_delimiter = ',')]
    tickers: Vec<String>,
    /// Calendar year (repeatable).
    #[arg(long, conflicts_with_all = ["from", "to"])]
    year: Vec<i32>,
    /// First year (a year, or a date whose year is taken).
    #[arg(long, value_name = "YEAR")]
    from: Option<String>,
    /// Last year (a year, or a date whose year is taken).
    #[arg(long, value_name = "YEAR")]
    to: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
}

fn year_arg(flag: &str, v: &Option<String>) -> Result<Option<i32>, Error> {
    let Some(s) = v else { return Ok(None) };
    if let Ok(y) = s.trim().parse::<i32>() {
        return Ok(Some(y));
    }
    crate::date::parse(s)
        .map(|d| Some(crate::date::year_of(d)))
        .ok_or_else(|| {
            Error::Usage(format!(
                "{flag} {s}: expected a year such as 2019 or a date"
            ))
        })
}

/// Runs `performance`.
///
/// # Errors
/// Bad flags, unreadable prices, an unknown ticker.
pub fn run(a: Args, quiet: bool) -> anyhow::Result<ExitCode> {
    let from = year_arg("--from", &a.from)?;
    let to = year_arg("--to", &a.to)?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(Error::Usage(format!("--from {f} is after --to {t}")).into());
    }
    check_output_file(&a.prices.input_paths(), "-o", a.output.output.as_deref())?;
    let loaded = load_prices(&a.prices, quiet)?;
    let (rows, missing) = crate::performance::rows(
        &loaded.panel,
        &a.tickers,
        &a.year,
        (from, to),
        loaded.market.series.as_ref(),
        &loaded.market.calendar,
    )?;
    for (t, y) in missing {
        note(quiet, format!("{t}: no price in {y}"));
    }
    emit(&table(&rows), a.output.format, a.output.output.as_deref())?;
    Ok(loaded.exit_code())
}
