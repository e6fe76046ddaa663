//! Histogram of CARs across events for one window, with the mean and the median marked.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    Chart, Keep, PALETTE, Plot, Size, draw_err, house_style, legend_clear, nice_step, plot_area,
    titled,
};
use crate::error::{Error, Result};
use crate::study::significance::{mean, median};

/// The distribution chart.
#[derive(Debug, Clone, PartialEq)]
pub struct DistributionChart {
    /// CARs as fractions.
    pub cars: Vec<f64>,
    /// The window, e.g. `-1:1`.
    pub window: String,
    /// Words for the subtitle (model, events).
    pub about: String,
    /// What the values measure (CAR, CAV, mean U - 1), for the words and units.
    pub measure: crate::study::Measure,
}

/// Histogram bins: `(left edge, right edge, count)` in percent. The width is the
/// Freedman-Diaconis width `2 IQR / cbrt(N)` rounded to a nice number, kept to 8..60 bins.
pub fn bins(pcts: &[f64]) -> Vec<(f64, f64, usize)> {
    let lo = pcts.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = pcts
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max)
        .max(lo + 1e-6);
    let mut sorted = pcts.to_vec();
    sorted.sort_by(f64::total_cmp);
    let q = |p: f64| sorted[((sorted.len() - 1) as f64 * p).round() as usize];
    let fd = 2.0 * (q(0.75) - q(0.25)) / (pcts.len() as f64).cbrt();
    let span = hi - lo;
    let count = if fd > 0.0 {
        (span / fd).clamp(8.0, 60.0)
    } else {
        10.0
    };
    let w = nice_step(lo, hi, count);
    let start = (lo / w).floor() * w;
    let n = (((hi - start) / w).floor() as usize + 1).max(1);
    let mut out: Vec<(f64, f64, usize)> = (0..n)
        .map(|i| (start + i as f64 * w, start + (i + 1) as f64 * w, 0))
        .collect();
    for v in pcts {
        let i = (((v - start) / w).floor() as usize).min(n - 1);
        out[i].2 += 1;
    }
    out
}

impl Chart for DistributionChart {
    fn check(&self) -> Result<()> {
        if !self.cars.iter().any(|c| c.is_finite()) {
            return Err(Error::NoResult(format!(
                "nothing to draw: no CAR for window {}",
                self.window
            )));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, size: Size) -> Result<()> {
        let pcts: Vec<f64> = self
            .cars
            .iter()
            .filter(|c| c.is_finite())
            .map(|c| c * super::words::scale(self.measure))
            .collect();
        let (m, md) = (mean(&pcts), median(&pcts));
        let subtitle = format!(
            "N = {} events, window {} (trading days), {}",
            pcts.len(),
            self.window,
            self.about
        );
        let body = titled(
            root,
            size,
            &super::words::distribution_title(self.measure, &self.window),
            &subtitle,
        )?;
        let b = bins(&pcts);
        let x0 = b.first().map_or(-1.0, |x| x.0).min(0.0);
        let x1 = b.last().map_or(1.0, |x| x.1).max(0.0);
        let top = b.iter().map(|x| x.2).max().unwrap_or(1) as f64 * 1.15 + 0.5;
        let mut chart = plot_area(&body, size, x0..x1, 0.0..top, 90.0)?;
        self.axes(&mut chart, nice_step(x0, x1, 10.0), size)?;
        histogram(&mut chart, &b, top)?;
        mean_and_median(&mut chart, (m, md), top, self.measure)?;
        let keep = Keep {
            points: Vec::new(),
            lines: vec![vec![(m, 0.0), (m, top)], vec![(md, 0.0), (md, top)]],
            boxes: b
                .iter()
                .map(|&(l, r, c)| [(l, 0.0), (r, c as f64)])
                .collect(),
        };
        let labels = [
            format!("mean {}", super::words::figure(self.measure, m)),
            format!("median {}", super::words::figure(self.measure, md)),
        ];
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

impl DistributionChart {
    fn axes<DB: DrawingBackend>(
        &self,
        chart: &mut Plot<'_, DB>,
        step: f64,
        size: Size,
    ) -> Result<()> {
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh, size);
        mesh.x_labels(10)
            .y_labels(6)
            .x_label_formatter(&|v| super::words::label(self.measure, *v, step))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_desc(super::words::distribution_axis(self.measure, &self.window))
            .y_desc("Events")
            .draw()
            .map_err(draw_err)
    }
}

/// The bins, negative ones red, positive ones blue, and the zero line.
fn histogram<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    b: &[(f64, f64, usize)],
    top: f64,
) -> Result<()> {
    chart
        .draw_series(b.iter().map(|&(l, r, c)| {
            let color = if r <= 0.0 {
                RGBColor(200, 82, 60)
            } else if l >= 0.0 {
                PALETTE[0]
            } else {
                RGBColor(150, 150, 150)
            };
            Rectangle::new([(l, 0.0), (r, c as f64)], color.mix(0.75).filled())
        }))
        .map_err(draw_err)?;
    chart
        .draw_series(
            b.iter()
                .map(|&(l, r, c)| Rectangle::new([(l, 0.0), (r, c as f64)], WHITE.stroke_width(1))),
        )
        .map_err(draw_err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, top)],
            BLACK.stroke_width(1),
        )))
        .map_err(draw_err)?;
    Ok(())
}

/// The mean (solid) and the median (dashed), with their legend entries.
fn mean_and_median<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    (m, md): (f64, f64),
    top: f64,
    measure: crate::study::Measure,
) -> Result<()> {
    let mean_color = RGBColor(0, 0, 0);
    let median_color = PALETTE[4];
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(m, 0.0), (m, top)],
            mean_color.stroke_width(3),
        )))
        .map_err(draw_err)?
        .label(format!("mean {}", super::words::figure(measure, m)))
        .legend(move |(x, y)| {
            PathElement::new(vec![(x, y), (x + 24, y)], mean_color.stroke_width(3))
        });
    chart
        .draw_series(DashedLineSeries::new(
            vec![(md, 0.0), (md, top)],
            8,
            5,
            median_color.stroke_width(3),
        ))
        .map_err(draw_err)?
        .label(format!("median {}", super::words::figure(measure, md)))
        .legend(move |(x, y)| {
            PathElement::new(vec![(x, y), (x + 24, y)], median_color.stroke_width(3))
        });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_cover_every_value_once() {
        let v = [-2.5, -1.0, 0.0, 0.4, 3.9, 1.2, 1.3];
        let b = bins(&v);
        assert_eq!(b.iter().map(|x| x.2).sum::<usize>(), v.len());
        assert!(b[0].0 <= -2.5 && b.last().unwrap().1 > 3.9);
    }
}
