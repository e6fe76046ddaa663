//! `layoff-study report`: the study, then the report assembled by the library
//! ([`crate::report`]), its charts, `report.md`, `report.html` and `results.xlsx`, in one
//! folder swapped in whole.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args as ClapArgs;

use super::common::{EventArgs, PriceArgs, note};
use super::study::{StudyArgs, execute, read_paths, stage_out, study_note};
use crate::report;
use crate::study::spec::Plan;

/// Arguments of `report`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  layoff-study report --prices data/prices --market SPY --events layoffs.csv \\
      --sec company_tickers.json --out report/
  layoff-study fetch --tickers-from data/events/seed_events.csv SPY --from 2022-01-01 --to 2024-12-31
  layoff-study report --prices data/prices --market SPY --events data/events/seed_events.csv --out story/")]
pub struct Args {
    #[command(flatten)]
    pub(crate) prices: PriceArgs,
    #[command(flatten)]
    pub(crate) events: EventArgs,
    #[command(flatten)]
    pub(crate) study: StudyArgs,
    /// Output folder: report.md, report.html, results.xlsx, every CSV and every chart.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// How many of the most negative and most positive reactions to list.
    #[arg(long, default_value_t = 5)]
    pub(crate) top: usize,
    /// A line about the data, written under the report's title.
    #[arg(long, value_name = "TEXT")]
    pub(crate) label: Option<String>,
}

/// Runs `report`.
///
/// # Errors
/// Bad flags or inputs, an unwritable folder.
pub fn run(a: Args, quiet: bool) -> anyhow::Result<ExitCode> {
    let spec = a.study.spec(&a.events, &a.prices)?;
    let plan = spec.validate()?;
    let stage = stage_out(&read_paths(&a.prices, &a.events, &spec), &a.out)?;
    let code = build(&a, &plan, stage.path(), quiet)?;
    stage.commit()?;
    note(
        quiet,
        format!("report: {}", a.out.join("report.html").display()),
    );
    Ok(code)
}

/// Builds the report into the folder `out` (a staged folder that the caller swaps in):
/// the study, then the report job ([`crate::job::report::build`]).
///
/// # Errors
/// Bad flags or inputs, an unwritable folder.
pub fn build(
    a: &Args,
    plan: &Plan,
    out: &std::path::Path,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let ran = execute(&a.prices, &a.events, plan, out, quiet, None)?;
    for m in &ran.studies {
        study_note(&m.result, &a.out.join(&m.dir), quiet);
    }
    crate::job::report::build(
        out,
        &ran.loads,
        &ran.studies,
        &report::Options {
            top: a.top,
            label: a.label.clone(),
        },
    )?;
    Ok(ran.code)
}
