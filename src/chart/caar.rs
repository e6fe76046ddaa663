//! The CAAR chart: cumulative average abnormal return in percent by relative trading day,
//! a 95 % band, the zero line, day 0 marked, one line per group with a legend.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    Chart, FONT, Keep, PALETTE, Plot, Size, draw_err, house_style, labelled_line, legend_clear,
    nice_step, padded, plot_area, titled, zero_and_day0,
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
    /// Groups left out of the drawing for their size, with their N and the least drawn
    /// (named under the chart).
    pub not_drawn: Vec<(String, usize)>,
    /// The fewest events a group needs to be drawn.
    pub min_group_size: usize,
    /// Words for the subtitle's start in place of "N = ... events in k groups", when the
    /// lines are not groups of one set of events (the announcers and their rivals).
    pub counted: Option<String>,
    /// What the lines measure (abnormal return, log volume, U - 1), for the words and units.
    pub measure: crate::study::Measure,
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
        let body = titled(
            root,
            size,
            super::words::caar_title(self.measure),
            &self.subtitle(),
        )?;
        let body = match self.footnote() {
            Some(text) => {
                let font = size.font(18.0, 11.0);
                let (h, w) = (body.dim_in_pixel().1, body.dim_in_pixel().0);
                let band = (font * 2.2) as u32;
                let (plot, foot) = body.split_vertically(h.saturating_sub(band));
                let style = (FONT, font).into_font().color(&RGBColor(80, 80, 80));
                let x = size.font(40.0, 14.0) as i32;
                let text = fit_text(&foot, &text, &style, w.saturating_sub(2 * x as u32));
                foot.draw(&Text::new(text, (x, (font * 0.5) as i32), style))
                    .map_err(draw_err)?;
                plot
            }
            None => body,
        };
        let (x0, x1) = self
            .lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.0))
            .fold((i32::MAX, i32::MIN), |(a, b), x| (a.min(x), b.max(x)));
        let x = (x0 as f64 - 0.5)..(x1 as f64 + 0.5);
        let (lo, hi) = self.value_range();
        let mut chart = plot_area(&body, size, x.clone(), lo..hi, 110.0)?;
        axes(
            &mut chart,
            (x0, x1),
            nice_step(lo, hi, 8.0),
            size,
            self.measure,
        )?;
        zero_and_day0(&mut chart, x, lo..hi)?;
        chart
            .draw_series(std::iter::once(Text::new(
                "announcement".to_string(),
                (0.15, hi - (hi - lo) * 0.03),
                (FONT, size.font(18.0, 11.0))
                    .into_font()
                    .color(&RGBColor(90, 90, 90)),
            )))
            .map_err(draw_err)?;
        let width = (size.height / 300).max(2);
        let mut labels = Vec::new();
        let mut keep = Keep::default();
        for (i, line) in self.lines.iter().enumerate() {
            labels.push(self.draw_line(&mut chart, i, line, width, &mut keep)?);
        }
        legend_clear(
            &mut chart,
            &labels,
            &keep,
            SeriesLabelPosition::UpperLeft,
            size,
        )?;
        Ok(())
    }
}

/// The text cut with an ellipsis to fit `width` pixels.
fn fit_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'_>,
    width: u32,
) -> String {
    let fits = |t: &str| {
        area.estimate_text_size(t, style)
            .is_ok_and(|(w, _)| w <= width)
    };
    if fits(text) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let t: String = chars[..mid].iter().collect::<String>() + "\u{2026}";
        if fits(&t) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    chars[..lo].iter().collect::<String>() + "\u{2026}"
}

fn axes<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    (x0, x1): (i32, i32),
    step: f64,
    size: Size,
    m: crate::study::Measure,
) -> Result<()> {
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
        .y_label_formatter(&|v| super::words::label(m, *v, step))
        .x_desc("Trading days relative to the announcement (day 0)")
        .y_desc(super::words::caar_axis(m))
        .draw()
        .map_err(draw_err)
}

impl CaarChart {
    fn grouped(&self) -> bool {
        self.lines.len() > 1
    }

    fn subtitle(&self) -> String {
        if let Some(c) = &self.counted {
            return format!("{c}, {}; 95 % confidence band of each line", self.about);
        }
        let n_all = self
            .lines
            .iter()
            .find(|l| l.group == "all")
            .map_or_else(|| self.lines.iter().map(|l| l.n).sum(), |l| l.n);
        let groups = match self.lines.iter().filter(|l| l.group != "all").count() {
            1 => "1 group".to_string(),
            k => format!("{k} groups"),
        };
        let pooled = self.lines.iter().any(|l| l.group == "all");
        let drawn = if self.not_drawn.is_empty() {
            ""
        } else {
            " drawn"
        };
        if self.grouped() && pooled {
            format!(
                "N = {n_all} events in {groups}{drawn}, {}; 95 % confidence band of the pooled {}",
                self.about,
                super::words::caar_line(self.measure)
            )
        } else if self.grouped() {
            format!(
                "N = {n_all} events in {groups}{drawn}, {}; 95 % confidence band of each line",
                self.about
            )
        } else {
            format!("N = {n_all} events, {}; 95 % confidence band", self.about)
        }
    }

    /// With groups, only the pooled line carries its band, so the lines stay readable.
    fn banded(&self, l: &CaarLine) -> bool {
        !self.grouped() || l.group == "all" || self.lines.iter().all(|l| l.group != "all")
    }

    /// The percent range of the lines and of the bands drawn.
    fn value_range(&self) -> (f64, f64) {
        let vals = self
            .lines
            .iter()
            .flat_map(|l| {
                let b = self.banded(l);
                l.points
                    .iter()
                    .flat_map(move |p| if b { vec![p.1, p.2, p.3] } else { vec![p.1] })
            })
            .filter(|v| v.is_finite());
        let (lo, hi) = vals.fold((0.0f64, 0.0f64), |(a, b), v| {
            let k = super::words::scale(self.measure);
            (a.min(v * k), b.max(v * k))
        });
        padded(lo, hi, 0.08)
    }

    /// One group's line with its band and legend entry; the line and band edges are added
    /// to what the legend keeps clear, and the legend label is returned.
    fn draw_line<'a, DB: DrawingBackend + 'a>(
        &self,
        chart: &mut Plot<'a, DB>,
        i: usize,
        line: &CaarLine,
        width: u32,
        keep: &mut Keep,
    ) -> Result<String> {
        let grouped = self.grouped();
        let pooled = grouped && line.group == "all";
        let scale = super::words::scale(self.measure);
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
            .map(|p| (p.0 as f64, p.2 * scale, p.3 * scale))
            .collect();
        if self.banded(line) && band.len() >= 2 {
            keep.lines.push(band.iter().map(|b| (b.0, b.1)).collect());
            keep.lines.push(band.iter().map(|b| (b.0, b.2)).collect());
            let mut poly: Vec<(f64, f64)> = band.iter().map(|b| (b.0, b.2)).collect();
            poly.extend(band.iter().rev().map(|b| (b.0, b.1)));
            chart
                .draw_series(std::iter::once(Polygon::new(
                    poly,
                    color.mix(0.18).filled(),
                )))
                .map_err(draw_err)?;
        }
        let pts: Vec<(f64, f64)> = line
            .points
            .iter()
            .filter(|p| p.1.is_finite())
            .map(|p| (p.0 as f64, p.1 * scale))
            .collect();
        let label = match (grouped, pooled) {
            (true, true) => format!("all events (N = {})", line.n),
            (true, false) => format!("{} (N = {})", line.group, line.n),
            _ => format!("{} (N = {})", super::words::caar_line(self.measure), line.n),
        };
        keep.lines.push(pts.clone());
        labelled_line(chart, &pts, color, width, label.clone(), Some(width + 1))?;
        Ok(label)
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
            not_drawn: Vec::new(),
            measure: crate::study::Measure::Return,
            min_group_size: 1,
            counted: None,
        }
    }

    /// The chart of a study's rows of one measure: for volatility the rows' mean U is drawn
    /// as U - 1 (0: the variance did not change), band alike.
    #[must_use]
    pub fn of_measure(mut self, m: crate::study::Measure) -> Self {
        if m == crate::study::Measure::Volatility {
            for l in &mut self.lines {
                for p in &mut l.points {
                    // The rows of volatility hold the day's mean U (`aar` and `caar`).
                    *p = (p.0, p.1 - 1.0, p.2 - 1.0, p.3 - 1.0);
                }
            }
        }
        self.measure = m;
        self
    }

    /// Leaves out the groups of fewer than `min` events (never the pooled `all` line), to
    /// be named under the chart: a group of 3 events must not set the scale that the
    /// pooled line and the large groups are read on.
    #[must_use]
    pub fn without_small_groups(mut self, min: usize) -> Self {
        let (keep, small): (Vec<CaarLine>, Vec<CaarLine>) = self
            .lines
            .into_iter()
            .partition(|l| l.group == "all" || l.n >= min);
        self.lines = keep;
        self.not_drawn = small.into_iter().map(|l| (l.group, l.n)).collect();
        self.min_group_size = min;
        self
    }

    /// The line under the chart naming the groups not drawn.
    fn footnote(&self) -> Option<String> {
        if self.not_drawn.is_empty() {
            return None;
        }
        let names: Vec<String> = self
            .not_drawn
            .iter()
            .map(|(g, n)| format!("{g} (N = {n})"))
            .collect();
        Some(format!(
            "Not drawn, fewer than {} events: {}; every group is in the tables",
            self.min_group_size,
            names.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(group: &str, n: usize, last: f64) -> CaarLine {
        CaarLine {
            group: group.into(),
            n,
            points: (-10..=10)
                .map(|d| {
                    let v = last * f64::from(d + 10) / 20.0;
                    (d, v, v - 0.01, v + 0.01)
                })
                .collect(),
        }
    }

    /// A group of 3 events running to -20 % is named under the chart, not drawn, and does
    /// not set the scale: the range comes from the pooled line and the group of 12.
    #[test]
    fn small_groups_are_named_not_drawn() {
        let chart = CaarChart {
            lines: vec![
                line("all", 376, 0.02),
                line("2020", 12, 0.045),
                line("2021", 3, -0.20),
            ],
            about: "market model".into(),
            not_drawn: Vec::new(),
            measure: crate::study::Measure::Return,
            min_group_size: 1,
            counted: None,
        }
        .without_small_groups(10);
        let groups: Vec<&str> = chart.lines.iter().map(|l| l.group.as_str()).collect();
        assert_eq!(groups, ["all", "2020"]);
        assert_eq!(chart.not_drawn, [("2021".to_string(), 3)]);
        let (lo, hi) = chart.value_range();
        // The pooled band reaches -1 % and +3 %, the group's line +4.5 %; padding 8 %.
        assert!(lo > -2.0 && lo < -1.0, "{lo}");
        assert!(hi > 4.5 && hi < 5.5, "{hi}");
        let note = chart.footnote().unwrap();
        assert!(
            note.contains("fewer than 10 events: 2021 (N = 3)"),
            "{note}"
        );
        assert!(
            chart.subtitle().contains("376 events in 1 group drawn"),
            "{}",
            chart.subtitle()
        );
        super::super::draw_in_memory(&chart, Size::default()).unwrap();
        // The pooled line stays whatever its size.
        let tiny = CaarChart::from_rows(&[], "x").without_small_groups(10);
        assert!(tiny.lines.is_empty() && tiny.not_drawn.is_empty());
    }
}
