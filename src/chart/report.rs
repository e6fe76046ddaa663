//! The charts a report holds (see [`crate::report::ChartPlan`]), built from the plans and
//! drawn as PNG files beside the report, or as SVG text for the HTML page.

use std::path::Path;

use super::event::EventChart;
use super::performance::PerformanceChart;
use super::{Drawing, Size, render};
use crate::error::Result;
use crate::report::{ChartPlan, Inputs};

/// The planned charts with their file names, in the report's order.
///
/// # Errors
/// An event chart whose prices cannot be drawn.
pub fn drawings(plans: &[ChartPlan], inp: &Inputs<'_>) -> Result<Vec<(String, Drawing)>> {
    let mut out = Vec::new();
    for plan in plans {
        match plan {
            ChartPlan::Study => out.extend(in_dir(inp.dir, super::study::drawings(inp.study))),
            ChartPlan::Measure(i) => {
                if let Some((dir, other)) = inp.others.get(*i) {
                    out.extend(in_dir(dir, super::study::drawings(other)));
                }
            }
            ChartPlan::Event {
                file,
                event_id,
                ticker,
                announce,
            } => {
                if let Some(chart) = event_chart(inp, event_id, ticker, *announce)? {
                    out.push((file.clone(), Drawing::Event(chart)));
                }
            }
            ChartPlan::Rivals { file } => {
                if let Some(rs) = inp.rivals {
                    out.push((
                        file.clone(),
                        Drawing::Caar(super::study::announcers_and_rivals(inp.study, rs)),
                    ));
                }
            }
            ChartPlan::CleanConfounded { file } => {
                out.push((
                    file.clone(),
                    Drawing::Caar(super::study::clean_and_confounded(inp.study)),
                ));
            }
            ChartPlan::Explain { file, fit } => {
                let Some(f) = inp.explained.and_then(|x| x.fits.get(*fit)) else {
                    continue;
                };
                let Some(chart) = super::explain::ExplainChart::of_fit(f, inp.events) else {
                    continue;
                };
                out.push((file.clone(), Drawing::Explain(chart)));
            }
            ChartPlan::Performance { file, series } => {
                let chart = PerformanceChart {
                    series: series.clone(),
                };
                out.push((file.clone(), Drawing::Performance(chart)));
            }
        }
    }
    Ok(out)
}

/// The price path of one event, around the study's day 0 (an announcement time or a
/// filing may have moved it); none without prices.
fn event_chart(
    inp: &Inputs<'_>,
    event_id: &str,
    ticker: &str,
    announce: crate::date::Day,
) -> Result<Option<EventChart>> {
    let settings = &inp.study.settings;
    let Some(stock) = inp.panel.get(ticker) else {
        return Ok(None);
    };
    let windows = settings.windows.iter().copied();
    let windows = windows.filter(|w| w.len() > 1).collect();
    let cal = inp.calendar;
    let event = inp.events.iter().position(|e| e.id == event_id);
    let studied = event.and_then(|i| inp.study.results.iter().find(|r| r.event == i));
    let chart = match studied.and_then(|r| cal.days().binary_search(&r.day0).ok()) {
        Some(d0) => EventChart::build_at(
            stock,
            inp.market,
            cal,
            announce,
            d0,
            settings.chart,
            windows,
        )?,
        None => EventChart::build(
            stock,
            inp.market,
            cal,
            announce,
            settings.non_trading,
            settings.chart,
            windows,
        )?,
    };
    Ok(Some(match event {
        Some(i) => chart.with_confounders(cal, &inp.events[i].timing.confounders),
        None => chart,
    }))
}

/// Drawings with their files inside a folder of the report.
fn in_dir(dir: &Path, drawings: Vec<(String, Drawing)>) -> Vec<(String, Drawing)> {
    drawings
        .into_iter()
        .map(|(f, d)| (crate::report::in_dir(dir, &f), d))
        .collect()
}

/// Draws every chart as a PNG file into `dir`.
///
/// # Errors
/// A drawing or I/O failure.
pub fn draw(charts: &[(String, Drawing)], dir: &Path, size: Size) -> Result<()> {
    for (file, chart) in charts {
        render(chart, &dir.join(file), size)?;
    }
    Ok(())
}
