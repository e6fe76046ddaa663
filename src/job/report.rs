//! The report job: after the study, the events and returns tables, the charts,
//! `report.md`, `report.html` and `results.xlsx` into the report's folder; and the
//! workbook of `study --xlsx`.

use std::path::Path;

use super::study::{Loads, MeasureStudy};
use crate::chart::Size;
use crate::error::Result;
use crate::events::{events_table, exclusions_table, suggestions_table, unmatched_table};
use crate::export::html::Html;
use crate::export::markdown::Markdown;
use crate::export::{Content, Renderer};
use crate::files::{write_atomic, write_csv};
use crate::report;
use crate::study::{Measure, StudyResult};

/// Builds the report into the folder `out` from the studies of every measure: the return
/// study leads when there is one, the other measures follow.
///
/// # Errors
/// A file cannot be written, or a chart cannot be drawn.
pub fn build(
    out: &Path,
    loads: &Loads,
    studies: &[MeasureStudy],
    options: &report::Options,
) -> Result<()> {
    let lead_at = studies
        .iter()
        .position(|m| m.result.settings.measure == Measure::Return)
        .unwrap_or(0);
    let lead = &studies[lead_at];
    let others: Vec<(&Path, &StudyResult)> = studies
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != lead_at)
        .map(|(_, m)| (m.dir.as_path(), &m.result))
        .collect();
    let events = &loads.events;
    write_csv(&out.join("events.csv"), &events_table(&events.events))?;
    write_csv(
        &out.join("events_unmatched.csv"),
        &unmatched_table(&events.unmatched, &events.dateless),
    )?;
    write_csv(
        &out.join("events_suggestions.csv"),
        &suggestions_table(&events.unmatched),
    )?;
    let inputs = report::Inputs {
        panel: &loads.prices.panel,
        market: loads.prices.market.series.as_ref(),
        calendar: &loads.prices.market.calendar,
        events: &events.events,
        unmatched: &events.unmatched,
        duplicates: events.duplicates.len(),
        study: &lead.result,
        // The regression and the rivals belong to the first measure's study.
        explained: studies[0].explained.as_ref().filter(|_| lead_at == 0),
        dir: &lead.dir,
        others,
        rivals: studies[0].rivals.as_ref().filter(|_| lead_at == 0),
    };
    let rep = report::assemble(&inputs, options);
    write_csv(
        &out.join("returns.csv"),
        &crate::returns::table(&rep.returns),
    )?;
    write_csv(
        &out.join("returns_excluded.csv"),
        &exclusions_table(&rep.returns_excluded),
    )?;
    let sheets = report::workbook(&events.events, &lead.result, &rep.returns, inputs.explained);
    write_sheets(&out.join("results.xlsx"), &sheets)?;
    pages(out, &rep, &inputs)
}

/// Draws the report's charts and writes `report.md` and `report.html` (which holds the
/// charts as SVG, drawn from the same charts as the PNG files).
fn pages(out: &Path, rep: &report::Report, inputs: &report::Inputs<'_>) -> Result<()> {
    let size = Size::default();
    let charts = crate::chart::report::drawings(&rep.charts, inputs)?;
    crate::chart::report::draw(&charts, out, size)?;
    let none = |_: &str| None;
    let md = Markdown.bytes(&Content::Document(&rep.document, &none))?;
    write_atomic(&out.join("report.md"), &md)?;
    let mut svgs = std::collections::HashMap::new();
    for (file, chart) in &charts {
        svgs.insert(file.as_str(), crate::chart::svg_string(chart, size)?);
    }
    let svg = |f: &str| svgs.get(f).cloned();
    let html = Html.bytes(&Content::Document(&rep.document, &svg))?;
    write_atomic(&out.join("report.html"), &html)
}

/// Writes named tables as the sheets of a workbook.
fn write_sheets(path: &Path, sheets: &[(&'static str, crate::content::Table)]) -> Result<()> {
    let refs: Vec<(&str, &crate::content::Table)> = sheets.iter().map(|(n, t)| (*n, t)).collect();
    crate::export::xlsx::write(path, &refs)
}

/// The workbook of `study --xlsx`: the first measure's study with the announcement
/// returns of its events (every series must be loaded).
///
/// # Errors
/// The workbook cannot be written.
pub fn workbook(path: &Path, loads: &Loads, first: &MeasureStudy) -> Result<()> {
    let s = &first.result.settings;
    let (returns, _) = crate::returns::announcement_returns(
        &loads.events.events,
        &loads.prices.panel,
        loads.prices.market.series.as_ref(),
        &loads.prices.market.calendar,
        s.non_trading,
        s.log_returns,
    );
    let sheets = report::workbook(
        &loads.events.events,
        &first.result,
        &returns,
        first.explained.as_ref(),
    );
    write_sheets(path, &sheets)
}
