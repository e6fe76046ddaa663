//! One announcement: the stock's (and the market's) cumulative return over the chart
//! window, day 0 marked, the event windows shaded, the announcement-day return annotated.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    Chart, FONT, Keep, PALETTE, Plot, Size, draw_err, house_style, labelled_line, legend_clear,
    nice_step, padded, pct_label, plot_area, titled, zero_and_day0,
};
use crate::calendar::{Calendar, NonTrading};
use crate::date::{self, Day};
use crate::error::{Error, Result};
use crate::filings::Confounder;
use crate::returns::return_on;
use crate::series::Series;
use crate::study::Window;
use crate::study::event_time::trading_index;

/// The event chart.
#[derive(Debug, Clone, PartialEq)]
pub struct EventChart {
    /// Ticker.
    pub ticker: String,
    /// Market ticker, when there is a market.
    pub market: Option<String>,
    /// Announcement date.
    pub announce: Day,
    /// Day 0.
    pub day0: Day,
    /// Close the paths are measured from (the stock's row before day 0).
    pub base_date: Day,
    /// `(rel_day, date, stock cumulative return, market cumulative return)`, fractions;
    /// NaN where a series has no price.
    pub points: Vec<(i32, Day, f64, f64)>,
    /// Event windows to shade.
    pub windows: Vec<Window>,
    /// Announcement-day return of the stock.
    pub day0_return: f64,
    /// The market's return on day 0 (NaN without a market).
    pub market_day0: f64,
    /// Other announcements of the company drawn on their trading day: `(rel_day, label)`,
    /// e.g. `(0, "earnings 8-K")` (METHODS §9).
    pub marks: Vec<(i32, String)>,
}

fn cumulative(s: &Series, base_date: Day, dates: &[(i32, Day)]) -> Vec<f64> {
    let base = s.row_of(base_date).map_or(f64::NAN, |r| s.price[r]);
    dates
        .iter()
        .map(|(_, d)| s.row_of(*d).map_or(f64::NAN, |r| s.price[r] / base - 1.0))
        .collect()
}

impl EventChart {
    /// The windows shaded when none are given: -1:1 and -5:5.
    pub fn default_windows() -> Vec<Window> {
        vec![Window::new(-1, 1), Window::new(-5, 5)]
    }

    /// The windows to shade from their texts, the default ones when none are given.
    ///
    /// # Errors
    /// A window that does not read.
    pub fn windows_of(given: &[String]) -> Result<Vec<Window>> {
        if given.is_empty() {
            return Ok(Self::default_windows());
        }
        given.iter().map(|w| Window::parse(w)).collect()
    }

    /// The chart of `ticker` of a panel around `announce`, with the chart window and the
    /// windows shaded.
    ///
    /// # Errors
    /// A ticker without prices, or as [`EventChart::build`].
    pub fn of_panel(
        panel: &crate::series::Panel,
        market: &crate::market::Market,
        ticker: &str,
        announce: Day,
        policy: NonTrading,
        (chart, windows): (Window, Vec<Window>),
    ) -> Result<Self> {
        let stock = panel.get(&ticker.to_ascii_uppercase()).ok_or_else(|| {
            Error::Usage(format!(
                "{} {ticker}: no prices in {}",
                crate::setting::mark_of("ticker"),
                crate::setting::mark_of("prices")
            ))
        })?;
        let series = market.series.as_ref();
        Self::build(
            stock,
            series,
            &market.calendar,
            announce,
            policy,
            chart,
            windows,
        )
    }

    /// Builds the chart data for a ticker's announcement.
    ///
    /// # Errors
    /// Day 0 outside the calendar or not a trading day under `skip`, or no return on day 0.
    pub fn build(
        stock: &Series,
        market: Option<&Series>,
        cal: &Calendar,
        announce: Day,
        policy: NonTrading,
        chart: Window,
        windows: Vec<Window>,
    ) -> Result<Self> {
        let d0 = cal.day0(announce, policy).map_err(|e| {
            Error::NoResult(format!("{} {}: {e}", stock.ticker, date::format(announce)))
        })?;
        Self::build_at(stock, market, cal, announce, d0, chart, windows)
    }

    /// Builds the chart data with day 0 at calendar index `d0` (the study's day 0, which
    /// an announcement time or a filing may have moved from the reported date).
    ///
    /// # Errors
    /// `d0` outside the calendar, or no return on day 0.
    pub fn build_at(
        stock: &Series,
        market: Option<&Series>,
        cal: &Calendar,
        announce: Day,
        d0: usize,
        chart: Window,
        windows: Vec<Window>,
    ) -> Result<Self> {
        let bad = |why: String| {
            Error::NoResult(format!(
                "{} {}: {why}",
                stock.ticker,
                date::format(announce)
            ))
        };
        let day0 = *cal
            .days()
            .get(d0)
            .ok_or_else(|| bad("day 0 is outside the calendar".into()))?;
        let (prev, _, r0) = return_on(stock, day0, false).map_err(|e| bad(e.into()))?;
        let base_date = stock.dates[prev];
        let dates: Vec<(i32, Day)> = chart
            .days()
            .filter_map(|rel| {
                let c = d0 as i64 + i64::from(rel);
                usize::try_from(c)
                    .ok()
                    .and_then(|c| cal.days().get(c))
                    .map(|&d| (rel, d))
            })
            .collect();
        let s = cumulative(stock, base_date, &dates);
        let m = market.map_or_else(
            || vec![f64::NAN; dates.len()],
            |m| cumulative(m, base_date, &dates),
        );
        let market_day0 = market
            .and_then(|m| return_on(m, day0, false).ok())
            .map_or(f64::NAN, |x| x.2);
        Ok(EventChart {
            ticker: stock.ticker.clone(),
            market: market.map(|m| m.ticker.clone()),
            announce,
            day0,
            base_date,
            points: dates
                .iter()
                .zip(s.iter().zip(&m))
                .map(|(&(rel, d), (&a, &b))| (rel, d, a, b))
                .collect(),
            windows,
            day0_return: r0,
            market_day0,
            marks: Vec::new(),
        })
    }

    /// Marks each confounder (an earnings 8-K, a row of a confounders file) on its trading
    /// day (after the close: the next one), when that day lies in the chart; several on
    /// one day share a mark.
    #[must_use]
    pub fn with_confounders(mut self, cal: &Calendar, confounders: &[Confounder]) -> Self {
        let Ok(d0) = cal.days().binary_search(&self.day0) else {
            return self;
        };
        let (first, last) = match (self.points.first(), self.points.last()) {
            (Some(a), Some(b)) => (a.0, b.0),
            _ => return self,
        };
        for c in confounders {
            let Ok(i) = trading_index(cal, c.day, c.time, NonTrading::Next) else {
                continue;
            };
            let rel = i as i64 - d0 as i64;
            let Ok(rel) = i32::try_from(rel) else {
                continue;
            };
            if rel < first || rel > last {
                continue;
            }
            let label = c.label();
            match self.marks.iter_mut().find(|m| m.0 == rel) {
                Some(m) if !m.1.split("; ").any(|k| k == label) => {
                    m.1 = format!("{}; {label}", m.1);
                }
                Some(_) => {}
                None => self.marks.push((rel, label)),
            }
        }
        self.marks.sort();
        self
    }
}

/// The colour of other announcements (earnings) marked on the chart.
const MARK: RGBColor = RGBColor(204, 121, 167);

fn short_date(d: Day) -> String {
    date::to_naive(d).format("%b %d").to_string()
}

impl Chart for EventChart {
    fn check(&self) -> Result<()> {
        if self.points.iter().all(|p| !p.2.is_finite()) {
            return Err(Error::NoResult(format!(
                "nothing to draw: {} has no prices around {}",
                self.ticker,
                date::format(self.day0)
            )));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, size: Size) -> Result<()> {
        let (title, subtitle) = self.titles();
        let body = titled(root, size, &title, &subtitle)?;
        let f = self.frame();
        let mut chart = plot_area(&body, size, f.x.clone(), f.lo..f.hi, 110.0)?;
        self.axes(&mut chart, &f, size)?;
        self.shade_windows(&mut chart, &f)?;
        zero_and_day0(&mut chart, f.x.clone(), f.lo..f.hi)?;
        let width = (size.height / 300).max(2);
        let mut ws = self.windows.clone();
        ws.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let mut labels: Vec<String> = ws.iter().map(|w| format!("window {w}")).collect();
        let mut keep = Keep::default();
        if let Some(m) = &self.market {
            let pts = self.line(|p| p.3);
            keep.lines.push(pts.clone());
            labels.push(format!("market ({m})"));
            labelled_line(
                &mut chart,
                &pts,
                PALETTE[6],
                width,
                format!("market ({m})"),
                None,
            )?;
        }
        let pts = self.line(|p| p.2);
        keep.lines.push(pts.clone());
        labels.push(self.ticker.clone());
        labelled_line(
            &mut chart,
            &pts,
            PALETTE[0],
            width + 1,
            self.ticker.clone(),
            Some(width + 1),
        )?;
        if let Some(&(_, y0)) = pts.iter().find(|p| p.0 == 0.0) {
            keep.boxes
                .push(self.annotate_day0(&mut chart, &f, size, y0, width)?);
        }
        for (i, (rel, text)) in self.marks.iter().enumerate() {
            keep.boxes
                .push(self.draw_mark(&mut chart, &f, size, (*rel, text), i)?);
        }
        legend_clear(
            &mut chart,
            &labels,
            &keep,
            SeriesLabelPosition::LowerRight,
            size,
        )?;
        Ok(())
    }
}

/// The plotting frame: relative days across, percent up, with room for the annotation.
struct Frame {
    x: std::ops::Range<f64>,
    x0: i32,
    x1: i32,
    lo: f64,
    hi: f64,
}

impl EventChart {
    fn titles(&self) -> (String, String) {
        let title = format!(
            "{} around the layoff announcement of {}",
            self.ticker,
            date::format(self.announce)
        );
        let subtitle = format!(
            "Cumulative return from the close of {}{}; shaded: event windows (trading days){}",
            date::format(self.base_date),
            self.market
                .as_ref()
                .map_or(String::new(), |m| format!(", with the market ({m})")),
            if self.marks.is_empty() {
                ""
            } else {
                "; dotted: the company's other announcements"
            }
        );
        (title, subtitle)
    }

    fn frame(&self) -> Frame {
        let x0 = self.points.first().map_or(-10, |p| p.0);
        let x1 = self.points.last().map_or(10, |p| p.0);
        let vals = self
            .points
            .iter()
            .flat_map(|p| [p.2, p.3])
            .filter(|v| v.is_finite())
            .map(|v| v * 100.0);
        let (lo, hi) = vals.fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
        let (lo, hi) = padded(lo, hi, 0.10);
        // Room at the top for the day-0 annotation.
        let hi = hi + (hi - lo) * 0.14;
        Frame {
            x: (x0 as f64 - 0.5)..(x1 as f64 + 0.5),
            x0,
            x1,
            lo,
            hi,
        }
    }

    /// The points of one line in percent, missing days left out.
    fn line(&self, value: impl Fn(&(i32, Day, f64, f64)) -> f64) -> Vec<(f64, f64)> {
        self.points
            .iter()
            .filter(|p| value(p).is_finite())
            .map(|p| (p.0 as f64, value(p) * 100.0))
            .collect()
    }

    fn axes<DB: DrawingBackend>(
        &self,
        chart: &mut Plot<'_, DB>,
        f: &Frame,
        size: Size,
    ) -> Result<()> {
        let step = nice_step(f.lo, f.hi, 8.0);
        let by_rel: std::collections::HashMap<i32, Day> =
            self.points.iter().map(|p| (p.0, p.1)).collect();
        let label_count = if size.width >= 1200 { 11 } else { 6 };
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh, size);
        mesh.x_labels(label_count)
            .x_label_formatter(&|v| {
                by_rel
                    .get(&(v.round() as i32))
                    .map_or(String::new(), |d| short_date(*d))
            })
            .y_label_formatter(&|v| pct_label(*v, step))
            .x_desc("Trading date")
            .y_desc("Return since the close before day 0 (%)")
            .draw()
            .map_err(draw_err)
    }

    /// Event windows, widest first, lighter the wider.
    fn shade_windows<DB: DrawingBackend>(&self, chart: &mut Plot<'_, DB>, f: &Frame) -> Result<()> {
        let mut ws = self.windows.clone();
        ws.sort_by_key(|w| std::cmp::Reverse(w.len()));
        for (i, w) in ws.iter().enumerate() {
            let shade = RGBColor(255, 190, 90).mix(0.12 + 0.10 * i as f64);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(w.start as f64 - 0.5, f.lo), (w.end as f64 + 0.5, f.hi)],
                    shade.filled(),
                )))
                .map_err(draw_err)?
                .label(format!("window {w}"))
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 24, y + 6)], shade.filled())
                });
        }
        Ok(())
    }

    /// Another announcement of the company: a dotted vertical line on its trading day and
    /// its label near the bottom of the plot (the `i`-th mark one line higher), on the side
    /// away from day 0 where there is room. Returns the label's box.
    fn draw_mark<DB: DrawingBackend>(
        &self,
        chart: &mut Plot<'_, DB>,
        f: &Frame,
        size: Size,
        (rel, text): (i32, &str),
        i: usize,
    ) -> Result<[(f64, f64); 2]> {
        let color = MARK;
        let x = f64::from(rel);
        chart
            .draw_series(DashedLineSeries::new(
                vec![(x, f.lo), (x, f.hi)],
                2,
                4,
                color.stroke_width(3),
            ))
            .map_err(draw_err)?;
        let font = (FONT, size.font(18.0, 11.0)).into_font().color(&color);
        let (tw, th) = chart
            .plotting_area()
            .estimate_text_size(text, &font)
            .map_err(draw_err)?;
        let (xr, yr) = chart.plotting_area().get_pixel_range();
        let px_day = f64::from(xr.end - xr.start) / (f.x.end - f.x.start);
        let px_pct = f64::from(yr.end - yr.start) / (f.hi - f.lo);
        let (w, h) = (f64::from(tw) / px_day, f64::from(th) / px_pct);
        let gap = 0.15;
        // Away from the day-0 line: before day 0 to the left of the mark, else to the right.
        let left = if (rel >= 0 && x + gap + w < f.x.end) || x - gap - w < f.x.start {
            x + gap
        } else {
            x - gap - w
        };
        let bottom = f.lo + (f.hi - f.lo) * 0.02 + h * 1.3 * i as f64;
        chart
            .draw_series(std::iter::once(Text::new(
                text.to_string(),
                (left, bottom + h),
                font,
            )))
            .map_err(draw_err)?;
        Ok([(left, bottom + h), (left + w, bottom)])
    }

    /// "+1.56 % on Wed 2024-01-10 (market +0.57 %)".
    fn day0_words(&self) -> String {
        let weekday = date::to_naive(self.day0).format("%a %Y-%m-%d").to_string();
        let market = if self.market_day0.is_finite() {
            format!(" (market {:+.2} %)", self.market_day0 * 100.0)
        } else {
            String::new()
        };
        format!("{:+.2} % on {weekday}{market}", self.day0_return * 100.0)
    }

    /// The day-0 return: a boxed label in the band at the top, with a leader to the point;
    /// the box is sized to its text. Returns the box.
    fn annotate_day0<DB: DrawingBackend>(
        &self,
        chart: &mut Plot<'_, DB>,
        f: &Frame,
        size: Size,
        y0: f64,
        width: u32,
    ) -> Result<[(f64, f64); 2]> {
        let stock_color = PALETTE[0];
        let text = self.day0_words();
        let font = size.font(18.0, 11.0) * 1.1;
        let bold = (FONT, font)
            .into_font()
            .style(plotters::style::FontStyle::Bold)
            .color(&stock_color);
        // The text's size in pixels, and pixels per day and per percent of the plot.
        let (tw, th) = chart
            .plotting_area()
            .estimate_text_size(&text, &bold)
            .map_err(draw_err)?;
        let (xr, yr) = chart.plotting_area().get_pixel_range();
        let px_day = f64::from(xr.end - xr.start) / (f.x.end - f.x.start);
        let px_pct = f64::from(yr.end - yr.start) / (f.hi - f.lo);
        let text_days = f64::from(tw) / px_day;
        let pad = font * 0.5 / px_day;
        let x_left = if 0.4 + text_days + pad < f.x1 as f64 + 0.5 {
            0.4
        } else {
            (-0.4 - text_days).max(f.x0 as f64 - 0.5 + pad)
        };
        let (lo, hi) = (f.lo, f.hi);
        let y_top = hi - (hi - lo) * 0.025;
        let y_pad = font * 0.35 / px_pct;
        let y_h = f64::from(th) / px_pct + 2.0 * y_pad;
        let corners = [
            (x_left - pad, y_top),
            (x_left + text_days + pad, y_top - y_h),
        ];
        let label = Day0Label {
            corners,
            text,
            at: (x_left, y_top - y_pad),
            bold,
        };
        label.draw(chart, (y0, y_top - y_h), width)?;
        Ok(corners)
    }
}

/// The boxed label of the day-0 return.
struct Day0Label<'a> {
    corners: [(f64, f64); 2],
    text: String,
    at: (f64, f64),
    bold: TextStyle<'a>,
}

impl Day0Label<'_> {
    /// Draws the leader from the day-0 point `y0` up to the box's bottom, the box, its
    /// text and a ring around the point.
    fn draw<DB: DrawingBackend>(
        &self,
        chart: &mut Plot<'_, DB>,
        (y0, box_bottom): (f64, f64),
        width: u32,
    ) -> Result<()> {
        let stock_color = PALETTE[0];
        let white = ShapeStyle {
            color: WHITE.to_rgba(),
            filled: true,
            stroke_width: 0,
        };
        let leader = vec![(0.0, y0), (0.0, box_bottom)];
        let leader = PathElement::new(leader, stock_color.stroke_width(1));
        chart
            .draw_series(std::iter::once(leader))
            .map_err(draw_err)?;
        chart
            .draw_series(std::iter::once(Rectangle::new(self.corners, white)))
            .map_err(draw_err)?;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                self.corners,
                stock_color.stroke_width(1),
            )))
            .map_err(draw_err)?;
        chart
            .draw_series(std::iter::once(Text::new(
                self.text.clone(),
                self.at,
                self.bold.clone(),
            )))
            .map_err(draw_err)?;
        chart
            .draw_series(std::iter::once(Circle::new(
                (0.0, y0),
                width + 5,
                stock_color.stroke_width(2),
            )))
            .map_err(draw_err)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo's SIM0032 shape: a drop on day 0 and a slide to -17 % at the right edge,
    /// where the legend used to sit (lower right) over the last days of the line.
    fn sliding() -> EventChart {
        let base = crate::date::days_from_civil(2023, 6, 5);
        let stock = [
            -1.3, -1.5, 1.6, 2.8, 2.1, 2.7, 2.0, 1.0, 0.2, 0.0, -8.8, -10.2, -12.2, -10.2, -10.4,
            -11.2, -11.6, -13.6, -14.0, -17.1, -17.2,
        ];
        let points = stock
            .iter()
            .enumerate()
            .map(|(i, &s)| {
                let rel = i as i32 - 10;
                (
                    rel,
                    base + rel,
                    s / 100.0,
                    -0.03 * f64::from(rel.max(0)) / 10.0,
                )
            })
            .collect();
        EventChart {
            ticker: "SIM0032".into(),
            market: Some("SIMMKT".into()),
            announce: base,
            day0: base,
            base_date: base - 1,
            points,
            windows: vec![Window::new(-1, 1), Window::new(-5, 5)],
            day0_return: -0.0879,
            market_day0: -0.0014,
            marks: Vec::new(),
        }
    }

    /// An earnings 8-K after the close of the day before day 0 counts from day 0; one
    /// during the session of day +2 on day +2; a second confounder on day 0 shares its
    /// mark; one outside the chart is not drawn.
    #[test]
    fn confounders_are_marked_on_their_trading_day() {
        let base = crate::date::days_from_civil(2023, 6, 5);
        let mut chart = sliding();
        // A calendar of every day, so relative day k is base + k.
        let cal = Calendar::new((base - 40..=base + 40).collect());
        let c = |day: Day, time: Option<u32>, kind: &str| Confounder {
            kind: kind.into(),
            day,
            time,
        };
        let confounders = [
            c(base - 1, Some(16 * 3600 + 5 * 60), "earnings 8-K"),
            c(base + 2, Some(10 * 3600), "earnings 8-K"),
            c(base, None, "earnings"),
            c(base + 30, None, "earnings"),
        ];
        chart = chart.with_confounders(&cal, &confounders);
        let rels: Vec<i32> = chart.marks.iter().map(|m| m.0).collect();
        assert_eq!(rels, [0, 2]);
        assert!(chart.marks[0].1.contains("16:05 ET"), "{:?}", chart.marks);
        assert!(
            chart.marks[0].1.contains("; earnings "),
            "{:?}",
            chart.marks
        );
        // Drawn without error, the legend still clear of the lines and the labels.
        let size = Size::default();
        super::super::take_placed();
        super::super::draw_in_memory(&chart, size).unwrap();
        let placed = super::super::take_placed();
        assert_eq!(placed[0].covered, 0, "{placed:?}");
    }

    /// Data coordinates to pixels from the plotting area and the frame alone.
    fn to_px(p: &super::super::Placed, f: &Frame, (x, y): (f64, f64)) -> (f64, f64) {
        let [(ax0, ay0), (ax1, ay1)] = p.area;
        (
            f64::from(ax0) + (x - f.x.start) / (f.x.end - f.x.start) * f64::from(ax1 - ax0),
            f64::from(ay1) - (y - f.lo) / (f.hi - f.lo) * f64::from(ay1 - ay0),
        )
    }

    #[test]
    fn the_legend_covers_no_point_of_the_lines() {
        let chart = sliding();
        let size = Size::default();
        super::super::take_placed();
        super::super::draw_in_memory(&chart, size).unwrap();
        let placed = super::super::take_placed();
        assert_eq!(placed.len(), 1);
        let p = placed[0];
        assert_eq!(p.covered, 0);
        let f = chart.frame();
        let [(x0, y0), (x1, y1)] = p.rect;
        for pt in chart.line(|q| q.2).into_iter().chain(chart.line(|q| q.3)) {
            let (x, y) = to_px(&p, &f, pt);
            let inside = x >= f64::from(x0)
                && x <= f64::from(x1)
                && y >= f64::from(y0)
                && y <= f64::from(y1);
            assert!(
                !inside,
                "the legend {:?} covers the point {pt:?} at {:?}",
                p.rect,
                (x, y)
            );
        }
    }
}
