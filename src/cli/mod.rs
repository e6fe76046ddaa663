//! The command-line interface: one file per subcommand, each with its arguments and a
//! `run(args) -> Result` that calls the library.

mod common;
mod demo;
mod events;
mod fetch;
mod performance;
mod plot;
mod report;
mod returns;
mod simulate;
mod study;
mod values;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use common::{EventArgs, OutputArgs, PriceArgs};

/// How did the market react when a company announced layoffs?
///
/// Announcement-day returns, calendar-year performance and event studies from daily price
/// downloads and layoff lists.
#[derive(Debug, Parser)]
#[command(
    name = "layoff-study",
    version,
    about,
    long_about = None,
    after_help = "Examples:
  layoff-study demo                      # the full report on the bundled sample, offline
  layoff-study returns --prices prices/ --market SPY --ticker AMZN --date 2024-01-10 --format table
  layoff-study report --prices prices/ --market SPY --events layoffs.csv --sec company_tickers.json --out report/"
)]
pub struct Cli {
    /// No progress bars or notes on stderr (errors are still printed).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Normalise a layoffs list (layoffs.fyi, WARN, any CSV) and map companies to tickers.
    Events(events::Args),
    /// Announcement-day returns of layoff events (or of one ticker on one date).
    Returns(returns::Args),
    /// Calendar-year returns of tickers, with the market over the same dates.
    Performance(performance::Args),
    /// Event study: abnormal returns, CARs over windows, significance tests, per group.
    Study(study::Args),
    /// Events, study, every chart, report.md, report.html and results.xlsx in one folder.
    Report(report::Args),
    /// The full report on the bundled simulated sample, offline.
    Demo(demo::Args),
    /// One chart (PNG or SVG): caar, event, performance, distribution or explain.
    Plot(plot::Args),
    /// Download daily prices (Yahoo or Stooq) into a prices folder, with a cache.
    Fetch(fetch::Args),
    /// Synthetic market and events (fictional tickers) with a chosen abnormal return.
    Simulate(simulate::Args),
}

/// Runs a parsed command line.
///
/// # Errors
/// Whatever the subcommand reports; the library error inside carries the exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let quiet = cli.quiet;
    match cli.command {
        Command::Events(a) => events::run(a, quiet),
        Command::Returns(a) => returns::run(a, quiet),
        Command::Performance(a) => performance::run(a, quiet),
        Command::Study(a) => study::run(a, quiet),
        Command::Simulate(a) => simulate::run(a, quiet),
        Command::Plot(a) => plot::run(a, quiet),
        Command::Report(a) => report::run(a, quiet),
        Command::Demo(a) => demo::run(a, quiet),
        Command::Fetch(a) => fetch::run(a, quiet),
    }
}
