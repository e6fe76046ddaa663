//! `layoff-study report`: the study, then the report assembled by the library
//! ([`crate::report`]), its charts, `report.md`, `report.html` and `results.xlsx`, in one
//! folder swapped in whole.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args as ClapArgs;

use super::common::{EventArgs, PriceArgs, note};
use super::study::{Ran, StudyArgs, execute, stage_out, study_note};
use crate::chart::Size;
use crate::events::{events_table, exclusions_table, suggestions_table, unmatched_table};
use crate::export::{OutputFormat, emit};
use crate::files::write_atomic;
use crate::report;
use crate::returns::table;

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
    let stage = stage_out(&a.prices, &a.events, &a.study, &a.out)?;
    let code = build(&a, stage.path(), quiet)?;
    stage.commit()?;
    note(
        quiet,
        format!("report: {}", a.out.join("report.html").display()),
    );
    Ok(code)
}

/// Builds the report into the folder `out` (a staged folder that the caller swaps in):
/// the study, the events and returns tables, the charts, `report.md`, `report.html` and
/// `results.xlsx`.
///
/// # Errors
/// Bad flags or inputs, an unwritable folder.
pub fn build(a: &Args, out: &std::path::Path, quiet: bool) -> anyhow::Result<ExitCode> {
    let ran = execute(&a.prices, &a.events, &a.study, out, quiet, None)?;
    for (dir, result) in ran.studies() {
        study_note(result, &a.out.join(dir), quiet);
    }
    // The return study leads the report when there is one; the other measures follow.
    let mut studies: Vec<(&std::path::Path, &crate::study::StudyResult)> = ran.studies().collect();
    let lead = studies
        .iter()
        .position(|(_, r)| r.settings.measure == crate::study::Measure::Return)
        .unwrap_or(0);
    let (dir, lead) = studies.remove(lead);
    let Ran {
        loaded,
        events,
        result,
        code,
        explained,
        ..
    } = &ran;
    let csv = OutputFormat::Csv;
    emit(
        &events_table(&events.events),
        csv,
        Some(&out.join("events.csv")),
    )?;
    emit(
        &unmatched_table(&events.unmatched, &events.dateless),
        csv,
        Some(&out.join("events_unmatched.csv")),
    )?;
    emit(
        &suggestions_table(&events.unmatched),
        csv,
        Some(&out.join("events_suggestions.csv")),
    )?;
    let inputs = report::Inputs {
        panel: &loaded.panel,
        market: loaded.market.series.as_ref(),
        calendar: &loaded.market.calendar,
        events: &events.events,
        unmatched: &events.unmatched,
        duplicates: events.duplicates.len(),
        study: lead,
        explained: explained.as_ref().filter(|_| std::ptr::eq(lead, result)),
        dir,
        others: studies,
        rivals: ran.rivals.as_ref().filter(|_| std::ptr::eq(lead, result)),
    };
    let rep = report::assemble(
        &inputs,
        &report::Options {
            top: a.top,
            label: a.label.clone(),
        },
    );
    emit(&table(&rep.returns), csv, Some(&out.join("returns.csv")))?;
    emit(
        &exclusions_table(&rep.returns_excluded),
        csv,
        Some(&out.join("returns_excluded.csv")),
    )?;
    let sheets = report::workbook(&events.events, lead, &rep.returns, inputs.explained);
    let refs: Vec<(&str, &crate::content::Table)> = sheets.iter().map(|(n, t)| (*n, t)).collect();
    crate::export::xlsx::write(&out.join("results.xlsx"), &refs)?;
    let size = Size::default();
    let charts = crate::chart::report::drawings(&rep.charts, &inputs)?;
    crate::chart::report::draw(&charts, out, size)?;
    let md = crate::export::markdown::render(&rep.document);
    write_atomic(&out.join("report.md"), md.as_bytes())?;
    // The page holds its charts as SVG, drawn from the same charts as the PNG files.
    let mut svgs = std::collections::HashMap::new();
    for (file, chart) in &charts {
        svgs.insert(file.as_str(), crate::chart::svg_string(chart, size)?);
    }
    let html = crate::export::html::render(&rep.document, &|f| svgs.get(f).cloned());
    write_atomic(&out.join("report.html"), html.as_bytes())?;
    Ok(*code)
}
