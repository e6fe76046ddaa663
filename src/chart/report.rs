//! Draws the charts a report holds (see [`crate::report::ChartPlan`]).

use std::path::Path;

use super::event::EventChart;
use super::performance::PerformanceChart;
use super::{Size, render};
use crate::error::Result;
use crate::report::{ChartPlan, Inputs};

/// Draws every planned chart into `dir`.
///
/// # Errors
/// A drawing or I/O failure, or an event chart whose prices cannot be drawn.
pub fn draw(plans: &[ChartPlan], inp: &Inputs<'_>, dir: &Path, size: Size) -> Result<()> {
    let settings = &inp.study.settings;
    for plan in plans {
        match plan {
            ChartPlan::Study => {
                super::study::write_charts(dir, inp.study, size)?;
            }
            ChartPlan::Event {
                file,
                ticker,
                announce,
            } => {
                let Some(stock) = inp.panel.get(ticker) else {
                    continue;
                };
                let chart = EventChart::build(
                    stock,
                    inp.market,
                    inp.calendar,
                    *announce,
                    settings.non_trading,
                    settings.chart,
                    settings
                        .windows
                        .iter()
                        .copied()
                        .filter(|w| w.len() > 1)
                        .collect(),
                )?;
                render(&chart, &dir.join(file), size)?;
            }
            ChartPlan::Explain { file, fit } => {
                let Some(f) = inp.explained.and_then(|x| x.fits.get(*fit)) else {
                    continue;
                };
                let chart = super::explain::ExplainChart {
                    term: f.data.0[0].clone(),
                    window: f.window.to_string(),
                    points: f
                        .data
                        .1
                        .iter()
                        .map(|d| (d.values[0], d.car, inp.events[d.event].company.clone()))
                        .collect(),
                };
                render(&chart, &dir.join(file), size)?;
            }
            ChartPlan::Performance { file, series } => {
                let chart = PerformanceChart {
                    series: series.clone(),
                };
                render(&chart, &dir.join(file), size)?;
            }
        }
    }
    Ok(())
}
