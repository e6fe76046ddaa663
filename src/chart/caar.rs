//! The CAAR chart: cumulative average abnormal return in percent by relative trading day,
//! a 95 % band, the zero line, day 0 marked, one line per group with a legend.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    Chart, FONT, PALETTE, Size, draw_err, house_style, labelled_line, legend, nice_step, padded,
    pct_label, plot_area, titled, zero_and_day0,
};
use crate::error::{Error, Result};

/// One group's CAAR path.
#[derive(Debug, Clone, PartialEq)]
pub struct CaarLine {
    /// Group name (`all` for the pooled line).
    pub group: String,
    /// Events in the group (the largest daily n).
    pub n: usize,
    /// `(rel_day, caar, ci_low, ci_high)` with returns as fractions; NaN bounds allowed.
    pub points: Vec<(i32, f64, f64, f64)>,
}

/// The CAAR chart.
#[derive(Debug, Clone, PartialEq)]
pub struct CaarChart {
    /// Lines to draw (the pooled `all` line alone, or one per group).
    pub lines: Vec<CaarLine>,
    /// Words for the subtitle: the model and the events (e.g. "market model, layoffs.fyi").
    pub about: String,
}

impl Chart for CaarChart {
    fn check(&self) -> Result<()> {
        if self
            .lines
            .iter()
            .all(|l| l.points.iter().all(|p| !p.1.is_finite()))
        {
            return Err(Error::NoResult(
                "nothing to draw: the study has no CAAR values (no event was studied)".into(),
            ));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, size: Size) -> Result<()> {
        let n_all = self
            .lines
            .iter()
            .find(|l| l.group == "all")
            .map_or_else(|| self.lines.iter().map(|l| l.n).sum(), |l| l.n);
        let grouped = self.lines.len() > 1;
        let groups = self.lines.iter().filter(|l| l.group != "all").count();
        let subtitle = if grouped {
            format!(
                "N = {n_all} events in {groups} groups, {}; 95 % confidence band of the pooled CAAR",
                self.about
            )
        } else {
            format!("N = {n_all} events, {}; 95 % confidence band", self.about)
        };
        let body = titled(
            root,
            size,
            "Cumulative average abnormal return around layoff announcements",
            &subtitle,
        )?;
        let (x0, x1) = self
            .lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.0))
            .fold((i32::MAX, i32::MIN), |(a, b), x| (a.min(x), b.max(x)));
        let has_pooled = self.lines.iter().any(|l| l.group == "all");
        // With groups, only the pooled line carries its band, so the lines stay readable.
        let banded = |l: &CaarLine| !grouped || l.group == "all" || !has_pooled;
        let vals = self
            .lines
            .iter()
            .flat_map(|l| {
                let b = banded(l);
                l.points
                    .iter()
                    .flat_map(move |p| if b { vec![p.1, p.2, p.3] } else { vec![p.1] })
            })
            .filter(|v| v.is_finite());
        let (lo, hi) = vals.fold((0.0f64, 0.0f64), |(a, b), v| {
            (a.min(v * 100.0), b.max(v * 100.0))
        });
        let (lo, hi) = padded(lo, hi, 0.08);
        let step = nice_step(lo, hi, 8.0);
        let tick = size.font(18.0, 11.0);
        let mut chart = plot_area(
            &body,
            size,
            (x0 as f64 - 0.5)..(x1 as f64 + 0.5),
            lo..hi,
            110.0,
        )?;
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh, size);
        mesh.x_labels((x1 - x0 + 1).min(21) as usize)
            .x_label_formatter(&|v| {
                let d = v.round() as i32;
                if d > 0 {
                    format!("+{d}")
                } else {
                    d.to_string()
                }
            })
            .y_label_formatter(&|v| pct_label(*v, step))
            .x_desc("Trading days relative to the announcement (day 0)")
            .y_desc("CAAR (%)")
            .draw()
            .map_err(draw_err)?;
        // Zero line and day 0.
        zero_and_day0(&mut chart, (x0 as f64 - 0.5)..(x1 as f64 + 0.5), lo..hi)?;
        chart
            .draw_series(std::iter::once(Text::new(
                "announcement".to_string(),
                (0.15, hi - (hi - lo) * 0.03),
                (FONT, tick).into_font().color(&RGBColor(90, 90, 90)),
            )))
            .map_err(draw_err)?;
        let width = (size.height / 300).max(2);
        for (i, line) in self.lines.iter().enumerate() {
            let pooled = grouped && line.group == "all";
            let color = if pooled {
                RGBColor(20, 20, 20)
            } else {
                PALETTE[i % PALETTE.len()]
            };
            let width = if pooled { width + 1 } else { width };
            let band: Vec<(f64, f64, f64)> = line
                .points
                .iter()
                .filter(|p| p.2.is_finite() && p.3.is_finite())
                .map(|p| (p.0 as f64, p.2 * 100.0, p.3 * 100.0))
                .collect();
            // With groups, only the pooled line carries its band, so the lines stay readable.
            let banded =
                !grouped || line.group == "all" || self.lines.iter().all(|l| l.group != "all");
            if banded && band.len() >= 2 {
                let mut poly: Vec<(f64, f64)> = band.iter().map(|b| (b.0, b.2)).collect();
                poly.extend(band.iter().rev().map(|b| (b.0, b.1)));
                let alpha = 0.18;
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        poly,
                        color.mix(alpha).filled(),
                    )))
                    .map_err(draw_err)?;
            }
            let pts: Vec<(f64, f64)> = line
                .points
                .iter()
                .filter(|p| p.1.is_finite())
                .map(|p| (p.0 as f64, p.1 * 100.0))
                .collect();
            let label = match (grouped, pooled) {
                (true, true) => format!("all events (N = {})", line.n),
                (true, false) => format!("{} (N = {})", line.group, line.n),
                _ => format!("CAAR (N = {})", line.n),
            };
            labelled_line(&mut chart, &pts, color, width, label, Some(width + 1))?;
        }
        legend(&mut chart, SeriesLabelPosition::UpperLeft, size)?;
        Ok(())
    }
}

impl CaarChart {
    /// The chart of a study's CAAR rows (one line per group).
    pub fn from_rows(rows: &[crate::study::CaarRow], about: impl Into<String>) -> Self {
        let mut lines: Vec<CaarLine> = Vec::new();
        for r in rows {
            if lines.last().is_none_or(|l| l.group != r.group) {
                lines.push(CaarLine {
                    group: r.group.clone(),
                    n: 0,
                    points: Vec::new(),
                });
            }
            if let Some(l) = lines.last_mut() {
                l.n = l.n.max(r.n);
                l.points.push((r.rel_day, r.caar, r.ci.0, r.ci.1));
            }
        }
        CaarChart {
            lines,
            about: about.into(),
        }
    }
}
