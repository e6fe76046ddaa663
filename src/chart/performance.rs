//! Yearly performance bars: calendar-year returns of one or several tickers and the market,
//! labelled in percent, negative years in a different colour.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontTransform;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    Chart, FONT, Keep, PALETTE, Plot, Size, draw_err, house_style, legend_clear, nice_step, padded,
    pct_label, plot_area, titled,
};
use crate::error::{Error, Result};

pub use crate::performance::YearBars;

/// The performance chart.
#[derive(Debug, Clone, PartialEq)]
pub struct PerformanceChart {
    /// Series, tickers first, the market last.
    pub series: Vec<YearBars>,
}

impl PerformanceChart {
    /// The yearly bars of `tickers` of a panel between the years of `years`.
    ///
    /// # Errors
    /// A ticker without prices.
    pub fn of_panel(
        panel: &crate::series::Panel,
        market: &crate::market::Market,
        tickers: &[String],
        years: (Option<i32>, Option<i32>),
    ) -> Result<Self> {
        let stocks = tickers
            .iter()
            .map(|t| {
                panel.get(&t.to_ascii_uppercase()).ok_or_else(|| {
                    Error::Usage(format!(
                        "{}: no prices for {t}",
                        crate::setting::mark_of("tickers")
                    ))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let series = market.series.as_ref();
        Ok(Self::of(&stocks, series, &market.calendar, years))
    }

    /// The yearly bars of `stocks` between the years `from` and `to` (each optional), with
    /// the market over the same years unless it is one of the stocks.
    pub fn of(
        stocks: &[&crate::series::Series],
        market: Option<&crate::series::Series>,
        cal: &crate::calendar::Calendar,
        (from, to): (Option<i32>, Option<i32>),
    ) -> Self {
        let pick = |s: &crate::series::Series, is_market: bool, label: String| {
            let years = crate::performance::years_of(s)
                .into_iter()
                .filter(|y| from.is_none_or(|f| *y >= f) && to.is_none_or(|t| *y <= t));
            YearBars::of(s, cal, years, label, is_market)
        };
        let mut series: Vec<YearBars> = stocks
            .iter()
            .map(|s| pick(s, false, s.ticker.clone()))
            .collect();
        if let Some(m) = market
            && !stocks
                .iter()
                .any(|t| t.ticker.eq_ignore_ascii_case(&m.ticker))
        {
            let years: Vec<i32> = series
                .iter()
                .flat_map(|s| s.years.iter().map(|y| y.0))
                .collect();
            let mut bars = pick(m, true, format!("market ({})", m.ticker));
            bars.years.retain(|y| years.contains(&y.0));
            series.push(bars);
        }
        PerformanceChart { series }
    }
}

const POSITIVE: RGBColor = RGBColor(0, 140, 95);

/// A bar label: `+80.9 %`, with `*` for a year the data does not complete.
fn label(r: f64, complete: bool) -> String {
    format!("{:+.1} %{}", r * 100.0, if complete { "" } else { "*" })
}
const NEGATIVE: RGBColor = RGBColor(205, 60, 50);

impl Chart for PerformanceChart {
    fn check(&self) -> Result<()> {
        if self.series.iter().all(|s| s.years.is_empty()) {
            return Err(Error::NoResult(
                "nothing to draw: no yearly return in the selection".into(),
            ));
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, size: Size) -> Result<()> {
        let mut years: Vec<i32> = self
            .series
            .iter()
            .flat_map(|s| s.years.iter().map(|y| y.0))
            .collect();
        years.sort_unstable();
        years.dedup();
        let (title, subtitle) = self.titles(&years);
        let body = titled(root, size, &title, &subtitle)?;
        let l = self.layout(years, size);
        let ny = l.years.len() as f64;
        let mut chart = plot_area(&body, size, -0.5..(ny - 0.5), l.lo..l.hi, 110.0)?;
        axes(&mut chart, &l, size)?;
        let mut keep = Keep::default();
        for (j, s) in self.series.iter().enumerate() {
            bars(&mut chart, &l, size, j, s, &mut keep)?;
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(-0.5, 0.0), (ny - 0.5, 0.0)],
                BLACK.stroke_width(1),
            )))
            .map_err(draw_err)?;
        let labels: Vec<String> = self.series.iter().map(|s| s.label.clone()).collect();
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

/// Where the bars go and how their labels are written.
struct Layout {
    years: Vec<i32>,
    lo: f64,
    hi: f64,
    step: f64,
    /// Share of a year's slot the group of bars takes, and one bar's share.
    group: f64,
    w: f64,
    label_font: f64,
    /// Labels run upwards along the bars when they cannot be read across.
    vertical: bool,
    /// One ticker: positive and negative years in two colours.
    single: bool,
}

impl PerformanceChart {
    fn titles(&self, years: &[i32]) -> (String, String) {
        let names: Vec<&str> = self
            .series
            .iter()
            .filter(|s| !s.is_market)
            .map(|s| s.label.as_str())
            .collect();
        let any_incomplete = self.series.iter().any(|s| s.years.iter().any(|y| !y.2));
        let title = format!(
            "Calendar-year returns: {}, {}{}",
            names.join(", "),
            years.first().map_or(0, |y| *y),
            years
                .last()
                .filter(|&&l| Some(&l) != years.first())
                .map_or(String::new(), |l| format!("-{l}"))
        );
        let subtitle = format!(
            "Last close of the year over the last close of the year before{}",
            if any_incomplete {
                "; * year not complete in the data (last date available)"
            } else {
                ""
            }
        );
        (title, subtitle)
    }

    fn layout(&self, years: Vec<i32>, size: Size) -> Layout {
        let vals = self
            .series
            .iter()
            .flat_map(|s| s.years.iter().map(|y| y.1 * 100.0));
        let (lo, hi) = vals.fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
        let (lo, hi) = padded(lo, hi, 0.12);
        let (mut lo, mut hi) = (lo.min(0.0), hi.max(0.0));
        let tick = size.font(18.0, 11.0);
        let ny = years.len() as f64;
        let group = 0.8;
        let w = group / self.series.len() as f64;
        let bar_px = f64::from(size.width) * 0.85 / ny * w;
        // One label size for every bar: the longest label must fit its bar; when it cannot
        // be read across, labels run upwards along the bars.
        let longest = self
            .series
            .iter()
            .flat_map(|s| s.years.iter().map(|y| label(y.1, y.2).chars().count()))
            .max()
            .unwrap_or(8) as f64;
        let across = tick.min(bar_px / (longest * 0.58));
        let vertical = across < 9.0;
        let label_font = if vertical {
            tick.min(bar_px * 0.85)
        } else {
            across
        };
        if vertical {
            let share = (longest * 0.6 * label_font + 6.0) / (f64::from(size.height) * 0.6);
            let span = hi - lo;
            hi += span * share;
            if lo < 0.0 {
                lo -= span * share;
            }
        }
        Layout {
            years,
            lo,
            hi,
            step: nice_step(lo, hi, 8.0),
            group,
            w,
            label_font,
            vertical,
            single: self.series.iter().filter(|s| !s.is_market).count() == 1,
        }
    }
}

fn axes<DB: DrawingBackend>(chart: &mut Plot<'_, DB>, l: &Layout, size: Size) -> Result<()> {
    let years_for_labels = l.years.clone();
    let step = l.step;
    let mut mesh = chart.configure_mesh();
    house_style(&mut mesh, size);
    mesh.disable_x_mesh()
        .x_labels(l.years.len().min(30))
        .x_label_formatter(&|v| {
            let i = v.round();
            if (v - i).abs() < 0.01 && i >= 0.0 {
                years_for_labels
                    .get(i as usize)
                    .map_or(String::new(), |y| y.to_string())
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|v| pct_label(*v, step))
        .x_desc("Calendar year")
        .y_desc("Return over the year (%)")
        .draw()
        .map_err(draw_err)
}

/// The bars of series `j` with their labels, and its legend entry; bars and labels are
/// added to what the legend keeps clear.
fn bars<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    l: &Layout,
    size: Size,
    j: usize,
    s: &YearBars,
    keep: &mut Keep,
) -> Result<()> {
    let base = if s.is_market {
        PALETTE[6]
    } else if l.single {
        POSITIVE
    } else {
        PALETTE[j % PALETTE.len()]
    };
    let neg = if s.is_market {
        RGBColor(170, 170, 170)
    } else if l.single {
        NEGATIVE
    } else {
        base
    };
    let mut first = true;
    for &(y, r, complete) in &s.years {
        let Some(i) = l.years.iter().position(|&v| v == y) else {
            continue;
        };
        let left = i as f64 - l.group / 2.0 + j as f64 * l.w;
        let v = r * 100.0;
        let color = if v < 0.0 { neg } else { base };
        let fill = if v < 0.0 && !l.single && !s.is_market {
            color.mix(0.45).filled()
        } else {
            color.filled()
        };
        let corners = [(left + l.w * 0.06, 0.0), (left + l.w * 0.94, v)];
        keep.boxes.push(corners);
        let bar = chart
            .draw_series(std::iter::once(Rectangle::new(corners, fill)))
            .map_err(draw_err)?;
        if first {
            let legend_color = base;
            bar.label(s.label.clone()).legend(move |(x, y)| {
                Rectangle::new([(x, y - 6), (x + 24, y + 6)], legend_color.filled())
            });
            first = false;
        }
        if v < 0.0 {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    corners,
                    NEGATIVE.stroke_width(2),
                )))
                .map_err(draw_err)?;
        }
        keep.boxes.push(bar_label(
            chart,
            l,
            size,
            left + l.w * 0.5,
            v,
            label(r, complete),
        )?);
    }
    Ok(())
}

/// A bar's label: above a positive bar and below a negative one, across or upwards.
/// Returns the label's box.
fn bar_label<DB: DrawingBackend>(
    chart: &mut Plot<'_, DB>,
    l: &Layout,
    size: Size,
    x: f64,
    v: f64,
    text: String,
) -> Result<[(f64, f64); 2]> {
    let color = if v < 0.0 {
        NEGATIVE
    } else {
        RGBColor(40, 40, 40)
    };
    let gap = (l.hi - l.lo) * 0.012;
    let style = (FONT, l.label_font).into_font().color(&color);
    let (tw, th) = chart
        .plotting_area()
        .estimate_text_size(&text, &style)
        .map_err(draw_err)?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let px_x = f64::from(xr.end - xr.start) / l.years.len() as f64;
    let px_y = f64::from(yr.end - yr.start) / (l.hi - l.lo);
    let (tw, th) = (f64::from(tw), f64::from(th));
    // Across: the box is centred on the bar and hangs below its anchor; upwards: it runs
    // along the bar away from zero.
    let bx = if l.vertical {
        let (half, len) = (th / 2.0 / px_x, tw / px_y);
        let y = if v >= 0.0 { v + gap } else { v - gap };
        let end = if v >= 0.0 { y + len } else { y - len };
        [(x - half, y), (x + half, end)]
    } else {
        let half = tw / 2.0 / px_x;
        let y = if v >= 0.0 {
            v + gap + l.label_font * (l.hi - l.lo) / f64::from(size.height) * 1.2
        } else {
            v - gap
        };
        [(x - half, y), (x + half, y - th / px_y)]
    };
    let element = if l.vertical {
        // Rotated a quarter turn: the text reads upwards from above a positive bar, and
        // ends just below a negative one.
        let (y, h) = if v >= 0.0 {
            (v + gap, HPos::Left)
        } else {
            (v - gap, HPos::Right)
        };
        Text::new(
            text,
            (x, y),
            style
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(h, VPos::Center)),
        )
    } else {
        let y = if v >= 0.0 {
            v + gap + l.label_font * (l.hi - l.lo) / f64::from(size.height) * 1.2
        } else {
            v - gap
        };
        Text::new(text, (x, y), style.pos(Pos::new(HPos::Center, VPos::Top)))
    };
    chart
        .draw_series(std::iter::once(element))
        .map_err(draw_err)?;
    Ok(bx)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo's bars: the first ticker's tall 2022 bar sits in the upper left, where the
    /// legend used to hide its label.
    fn demo() -> PerformanceChart {
        let bars = |label: &str, a: f64, b: f64, is_market: bool| YearBars {
            label: label.into(),
            years: vec![(2022, a, false), (2023, b, false)],
            is_market,
        };
        PerformanceChart {
            series: vec![
                bars("SIM0001", 0.480, 0.007, false),
                bars("SIM0002", -0.115, 0.533, false),
                bars("SIM0003", 0.412, -0.214, false),
                bars("market (SIMMKT)", 0.027, 0.051, true),
            ],
        }
    }

    #[test]
    fn the_legend_covers_no_bar_and_no_label() {
        let chart = demo();
        let size = Size::default();
        crate::chart::take_placed();
        crate::chart::draw_in_memory(&chart, size).unwrap();
        let placed = crate::chart::take_placed();
        assert_eq!(placed.len(), 1);
        let p = placed[0];
        assert_eq!(p.covered, 0);
        // Pixels from the plotting area and the layout alone.
        let l = chart.layout(vec![2022, 2023], size);
        let [(ax0, ay0), (ax1, ay1)] = p.area;
        let to_px = |x: f64, y: f64| {
            (
                f64::from(ax0) + (x + 0.5) / 2.0 * f64::from(ax1 - ax0),
                f64::from(ay1) - (y - l.lo) / (l.hi - l.lo) * f64::from(ay1 - ay0),
            )
        };
        let [(x0, y0), (x1, y1)] = p.rect;
        let inside = |(x, y): (f64, f64)| {
            x >= f64::from(x0) && x <= f64::from(x1) && y >= f64::from(y0) && y <= f64::from(y1)
        };
        for (j, s) in chart.series.iter().enumerate() {
            for (i, &(_, r, _)) in s.years.iter().enumerate() {
                let left = i as f64 - l.group / 2.0 + j as f64 * l.w;
                let v = r * 100.0;
                // The bar's top corners and centre, and where its label is written.
                let label_y = v + v.signum() * (l.hi - l.lo) * 0.03;
                for pt in [
                    to_px(left + l.w * 0.06, v),
                    to_px(left + l.w * 0.94, v),
                    to_px(left + l.w * 0.5, v),
                    to_px(left + l.w * 0.5, label_y),
                ] {
                    assert!(!inside(pt), "the legend {:?} covers {pt:?}", p.rect);
                }
            }
        }
    }
}
