//! CAR against one term of the regression: a dot per event coloured by the sign of its
//! CAR, the least-squares line of CAR on the term with its 95 % band, and the five largest
//! reactions labelled with their company.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    Chart, FONT, Keep, PALETTE, Plot, Size, draw_err, house_style, legend_clear, nice_step, padded,
    pct_label, plot_area, titled,
};
use crate::error::{Error, Result};
use crate::study::significance::t_quantile_975;

/// The explain chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainChart {
    /// The term on the x axis (`pct_laid_off`, ...).
    pub term: String,
    /// The window, e.g. `-1:1`.
    pub window: String,
    /// One point per event: the term's value, the CAR (a fraction), the company.
    pub points: Vec<(f64, f64, String)>,
}

impl ExplainChart {
    /// The chart of the first window (`window`, else any) whose regression has a numeric
    /// term.
    ///
    /// # Errors
    /// No such window: nothing to draw (usage).
    pub fn of_regression(
        x: &crate::study::regression::Explained,
        window: Option<crate::study::Window>,
        events: &[crate::events::Event],
    ) -> crate::error::Result<Self> {
        x.fits
            .iter()
            .filter(|f| window.is_none_or(|w| f.window == w))
            .find_map(|f| ExplainChart::of_fit(f, events))
            .ok_or_else(|| {
                crate::error::Error::Usage(
                    "no regression with a numeric term for that window".into(),
                )
            })
    }

    /// The chart of one window's regression against its first numeric term; `None` when
    /// the regression has no numeric term.
    pub fn of_fit(
        f: &crate::study::regression::Fitted,
        events: &[crate::events::Event],
    ) -> Option<Self> {
        let term = f.data.0.first()?.clone();
        Some(ExplainChart {
            term,
            window: f.window.to_string(),
            points: f
                .data
                .1
                .iter()
                .map(|d| (d.values[0], d.car, events[d.event].company.clone()))
                .collect(),
        })
    }
}

const NEGATIVE: RGBColor = RGBColor(205, 60, 50);
const POSITIVE: RGBColor = RGBColor(0, 140, 95);

/// The simple regression of y on x: intercept, slope, residual variance, mean of x, Sxx.
fn line(points: &[(f64, f64, String)]) -> Option<(f64, f64, f64, f64, f64)> {
    let n = points.len() as f64;
    if n < 3.0 {
        return None;
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let b = sxy / sxx;
    let a = my - b * mx;
    let s2 = points
        .iter()
        .map(|p| (p.1 - a - b * p.0).powi(2))
        .sum::<f64>()
        / (n - 2.0);
    Some((a, b, s2, mx, sxx))
}

impl Chart for ExplainChart {
    fn check(&self) -> Result<()> {
        if self.points.len() < 3 {
            return Err(Error::NoResult(format!(
                "nothing to draw: {} events with a CAR and a {} value, fewer than 3",
                self.points.len(),
                self.term
            )));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, size: Size) -> Result<()> {
        let title = format!("CAR over window {} against {}", self.window, self.term);
        let subtitle = format!(
            "N = {} events; line: least squares of CAR on {} alone, with its 95 % band",
            self.points.len(),
            self.term
        );
        let body = titled(root, size, &title, &subtitle)?;
        let (x0, x1) = self
            .points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p.0), b.max(p.0))
            });
        let (x0, x1) = padded(x0, x1.max(x0 + 1e-9), 0.05);
        let (lo, hi) = self.points.iter().fold((0.0f64, 0.0f64), |(a, b), p| {
            (a.min(p.1 * 100.0), b.max(p.1 * 100.0))
        });
        let (lo, hi) = padded(lo, hi, 0.10);
        let mut chart = plot_area(&body, size, x0..x1, lo..hi, 110.0)?;
        let step = nice_step(lo, hi, 8.0);
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh, size);
        mesh.y_label_formatter(&|v| pct_label(*v, step))
            .x_desc(self.term.clone())
            .y_desc(format!("CAR over window {} (%)", self.window))
            .draw()
            .map_err(draw_err)?;
        let mut keep = Keep {
            points: self.points.iter().map(|p| (p.0, p.1 * 100.0)).collect(),
            ..Keep::default()
        };
        let mut labels = Vec::new();
        if let Some((fit, label)) = self.fitted(&mut chart, (x0, x1))? {
            keep.lines.push(fit);
            labels.push(label);
        }
        self.dots(&mut chart, size)?;
        labels.extend(["negative CAR".to_string(), "positive CAR".to_string()]);
        legend_clear(
            &mut chart,
            &labels,
            &keep,
            SeriesLabelPosition::UpperRight,
            size,
        )?;
        Ok(())
    }
}

/// Points of a line, in data coordinates.
type Line = Vec<(f64, f64)>;

impl ExplainChart {
    /// The fitted line and its 95 % band of the mean; returns the line and its legend
    /// label.
    fn fitted<DB: DrawingBackend>(
        &self,
        chart: &mut Plot<'_, DB>,
        (x0, x1): (f64, f64),
    ) -> Result<Option<(Line, String)>> {
        let Some((a, b, s2, mx, sxx)) = line(&self.points) else {
            return Ok(None);
        };
        let n = self.points.len() as f64;
        let q = t_quantile_975(n - 2.0);
        let xs: Vec<f64> = (0..=60)
            .map(|i| x0 + (x1 - x0) * f64::from(i) / 60.0)
            .collect();
        let half = |x: f64| q * (s2 * (1.0 / n + (x - mx).powi(2) / sxx)).sqrt();
        let mut band: Vec<(f64, f64)> = xs
            .iter()
            .map(|&x| (x, (a + b * x + half(x)) * 100.0))
            .collect();
        band.extend(xs.iter().rev().map(|&x| (x, (a + b * x - half(x)) * 100.0)));
        chart
            .draw_series(std::iter::once(Polygon::new(
                band,
                PALETTE[0].mix(0.15).filled(),
            )))
            .map_err(draw_err)?;
        let color = PALETTE[0];
        let fit: Vec<(f64, f64)> = xs.iter().map(|&x| (x, (a + b * x) * 100.0)).collect();
        let label = format!(
            "fitted: {:+.2} % of CAR per 1.0 of {}",
            b * 100.0,
            self.term
        );
        chart
            .draw_series(LineSeries::new(fit.clone(), color.stroke_width(3)))
            .map_err(draw_err)?
            .label(label.clone())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(3))
            });
        Ok(Some((fit, label)))
    }

    /// The events, red below zero and green above, the five largest reactions labelled.
    fn dots<DB: DrawingBackend>(&self, chart: &mut Plot<'_, DB>, size: Size) -> Result<()> {
        let r = (size.height / 220).max(3);
        for (sign, color, label) in [
            (true, NEGATIVE, "negative CAR"),
            (false, POSITIVE, "positive CAR"),
        ] {
            let pts: Vec<(f64, f64)> = self
                .points
                .iter()
                .filter(|p| (p.1 < 0.0) == sign)
                .map(|p| (p.0, p.1 * 100.0))
                .collect();
            chart
                .draw_series(
                    pts.into_iter()
                        .map(|p| Circle::new(p, r, color.mix(0.7).filled())),
                )
                .map_err(draw_err)?
                .label(label)
                .legend(move |(x, y)| Circle::new((x + 12, y), r, color.filled()));
        }
        self.labels(chart, size)
    }

    /// The five largest reactions labelled, each label moved off those already written.
    fn labels<DB: DrawingBackend>(&self, chart: &mut Plot<'_, DB>, size: Size) -> Result<()> {
        let mut by_size: Vec<&(f64, f64, String)> = self.points.iter().collect();
        by_size.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let font = size.font(16.0, 10.0);
        let (x0, x1) = self
            .points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p.0), b.max(p.0))
            });
        // Pixels per percent, to move a label that would overlap one already written.
        let (_, yr) = chart.plotting_area().get_pixel_range();
        let ys = chart.as_coord_spec().get_y_range();
        let px_pct = f64::from(yr.end - yr.start) / (ys.end - ys.start);
        let mut written: Vec<[(i32, i32); 2]> = Vec::new();
        for p in by_size.into_iter().take(5) {
            // Labels of the right-hand quarter end at their dot, so they stay in the plot.
            let right = p.0 > x0 + 0.75 * (x1 - x0);
            let (text, h) = if right {
                (format!("{} ", p.2), HPos::Right)
            } else {
                (format!(" {}", p.2), HPos::Left)
            };
            let style = (FONT, font)
                .into_font()
                .color(&RGBColor(40, 40, 40))
                .pos(Pos::new(h, VPos::Center));
            let (tw, th) = chart
                .plotting_area()
                .estimate_text_size(&text, &style)
                .map_err(draw_err)?;
            let (tw, th) = (tw as i32, th as i32 + 2);
            // The first of: at the dot, a line below, a line above, two lines below, ...
            let (px, py) = chart.backend_coord(&(p.0, p.1 * 100.0));
            let x_left = if right { px - tw } else { px };
            let offset = [0, 1, -1, 2, -2, 3, -3]
                .into_iter()
                .map(|k| k * th)
                .find(|dy| {
                    let b = [(x_left, py + dy - th / 2), (x_left + tw, py + dy + th / 2)];
                    !written.iter().any(|w| {
                        b[0].0 < w[1].0 && w[0].0 < b[1].0 && b[0].1 < w[1].1 && w[0].1 < b[1].1
                    })
                })
                .unwrap_or(0);
            written.push([
                (x_left, py + offset - th / 2),
                (x_left + tw, py + offset + th / 2),
            ]);
            let y = p.1 * 100.0 - f64::from(offset) / px_pct;
            chart
                .draw_series(std::iter::once(Text::new(text, (p.0, y), style)))
                .map_err(draw_err)?;
        }
        Ok(())
    }
}
