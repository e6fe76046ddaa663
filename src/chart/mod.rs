//! Charts: one file per chart type behind the [`Chart`] trait, rendered to PNG or SVG (by
//! the output file's extension) with the bundled DejaVu Sans font, so a chart looks the
//! same on a machine with no fonts installed.

pub mod caar;
pub mod distribution;
pub mod event;
pub mod explain;
pub mod performance;
pub mod report;
pub mod study;

use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::error::{Error, Result};

/// The bundled regular font (DejaVu Sans, Bitstream Vera licence: `assets/fonts/`).
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The bundled bold font.
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
/// The font family name charts use.
pub const FONT: &str = "sans-serif";

fn fonts() -> Result<()> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, REGULAR).is_ok()
            && plotters::style::register_font(FONT, FontStyle::Bold, BOLD).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Render(
            "the bundled chart font could not be loaded".into(),
        ))
    }
}

/// Pixel size of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

impl Default for Size {
    fn default() -> Self {
        Size {
            width: 1600,
            height: 900,
        }
    }
}

impl Size {
    /// Font size scaled to the chart height, with a floor for small charts.
    pub fn font(&self, per_900: f64, floor: f64) -> f64 {
        (f64::from(self.height) * per_900 / 900.0).max(floor)
    }
}

/// A drawing failure as a library error.
pub fn draw_err<E: std::fmt::Debug>(e: E) -> Error {
    Error::Render(format!("drawing the chart failed: {e:?}"))
}

/// A chart type.
pub trait Chart {
    /// Draws the chart on an area of the given size.
    ///
    /// # Errors
    /// Empty input or a drawing failure.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, size: Size) -> Result<()>;

    /// Checks there is something to draw, before any file is created.
    ///
    /// # Errors
    /// Empty input, with what is missing.
    fn check(&self) -> Result<()>;
}

/// Checks a chart's output file and size before any data is read: a `.png` or `.svg` file
/// of 200x150 to 20000x20000 pixels.
///
/// # Errors
/// A usage error naming what is wrong.
pub fn check_target(path: &Path, size: Size) -> Result<()> {
    if size.width < 200 || size.height < 150 || size.width > 20_000 || size.height > 20_000 {
        return Err(Error::Usage(format!(
            "chart size {}x{}: expected a width of 200 to 20000 and a height of 150 to 20000 pixels",
            size.width, size.height
        )));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(ext.as_deref(), Some("png" | "svg")) {
        return Err(Error::Usage(format!(
            "{}: expected a .png or .svg output file",
            path.display()
        )));
    }
    Ok(())
}

/// Renders a chart to `path`: PNG for `.png`, SVG for `.svg`; written through a temporary
/// file and a rename.
///
/// # Errors
/// Another extension, empty input, a drawing or I/O failure.
pub fn render<C: Chart>(chart: &C, path: &Path, size: Size) -> Result<()> {
    check_target(path, size)?;
    chart.check()?;
    fonts()?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("svg") => crate::files::write_atomic(path, svg_string(chart, size)?.as_bytes()),
        Some("png") => {
            let mut buf = vec![0u8; size.width as usize * size.height as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut buf, (size.width, size.height))
                    .into_drawing_area();
                chart.draw(&root, size)?;
                root.present().map_err(draw_err)?;
            }
            let img = image::RgbImage::from_raw(size.width, size.height, buf)
                .ok_or_else(|| Error::Render("chart buffer has the wrong size".into()))?;
            crate::files::write_atomic_with(path, |f| {
                img.write_to(&mut std::io::BufWriter::new(f), image::ImageFormat::Png)
                    .map_err(std::io::Error::other)
            })
        }
        _ => Err(Error::Usage(format!(
            "{}: expected a .png or .svg output file",
            path.display()
        ))),
    }
}

/// A chart as SVG text (for a file, or inline in an HTML page).
///
/// # Errors
/// Empty input or a drawing failure.
pub fn svg_string<C: Chart>(chart: &C, size: Size) -> Result<String> {
    chart.check()?;
    fonts()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (size.width, size.height)).into_drawing_area();
        chart.draw(&root, size)?;
        root.present().map_err(draw_err)?;
    }
    Ok(svg)
}

/// Any chart of this crate, for lists of charts of several types (a report's).
#[derive(Debug, Clone)]
pub enum Drawing {
    /// The CAAR chart.
    Caar(caar::CaarChart),
    /// A histogram of CARs.
    Distribution(distribution::DistributionChart),
    /// The price path around one announcement.
    Event(event::EventChart),
    /// CAR against a regression term.
    Explain(explain::ExplainChart),
    /// Calendar-year bars.
    Performance(performance::PerformanceChart),
}

impl Chart for Drawing {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, size: Size) -> Result<()> {
        match self {
            Drawing::Caar(c) => c.draw(root, size),
            Drawing::Distribution(c) => c.draw(root, size),
            Drawing::Event(c) => c.draw(root, size),
            Drawing::Explain(c) => c.draw(root, size),
            Drawing::Performance(c) => c.draw(root, size),
        }
    }

    fn check(&self) -> Result<()> {
        match self {
            Drawing::Caar(c) => c.check(),
            Drawing::Distribution(c) => c.check(),
            Drawing::Event(c) => c.check(),
            Drawing::Explain(c) => c.check(),
            Drawing::Performance(c) => c.check(),
        }
    }
}

/// Draws a title and a subtitle in the top band of the area; returns the area below.
///
/// # Errors
/// A drawing failure.
pub fn titled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    size: Size,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>> {
    root.fill(&WHITE).map_err(draw_err)?;
    let t = size.font(34.0, 17.0);
    let s = size.font(22.0, 12.0);
    let band = (t + s + size.font(40.0, 16.0)) as u32;
    let (top, body) = root.split_vertically(band);
    let x = (size.font(40.0, 14.0)) as i32;
    top.draw(&Text::new(
        title.to_string(),
        (x, (t * 0.5) as i32),
        (FONT, t).into_font().style(FontStyle::Bold).color(&BLACK),
    ))
    .map_err(draw_err)?;
    top.draw(&Text::new(
        subtitle.to_string(),
        (x, (t * 1.6) as i32),
        (FONT, s).into_font().color(&RGBColor(80, 80, 80)),
    ))
    .map_err(draw_err)?;
    Ok(body)
}

/// A percentage tick label: `+1.5 %`, `-2 %`, `0 %`.
pub fn pct_label(v: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else if step >= 0.1 {
        1
    } else {
        2
    };
    if v.abs() < 1e-9 {
        return "0 %".into();
    }
    format!("{:+.*} %", decimals, v)
}

/// How a measure's values are drawn (METHODS.md §4, §10, §11): returns in percent; log
/// volume and U - 1 as plain numbers.
pub mod words {
    use crate::study::Measure;

    /// Axis units per value: 100 for returns (percent), 1 otherwise.
    pub fn scale(m: Measure) -> f64 {
        if m == Measure::Return { 100.0 } else { 1.0 }
    }

    /// A tick label or a figure in axis units.
    pub fn label(m: Measure, v: f64, step: f64) -> String {
        if m == Measure::Return {
            return super::pct_label(v, step);
        }
        let decimals = if step >= 1.0 {
            0
        } else if step >= 0.1 {
            1
        } else if step >= 0.01 {
            2
        } else {
            3
        };
        if v.abs() < 1e-12 {
            return "0".into();
        }
        format!("{:+.*}", decimals, v)
    }

    /// A figure in a legend: `+1.25 %`, or `+0.125` for volume and volatility.
    pub fn figure(m: Measure, v: f64) -> String {
        if m == Measure::Return {
            format!("{v:+.2} %")
        } else {
            format!("{v:+.3}")
        }
    }

    /// The CAAR chart's title.
    pub fn caar_title(m: Measure) -> &'static str {
        match m {
            Measure::Return => "Cumulative average abnormal return around layoff announcements",
            Measure::Volume => "Cumulative average abnormal log volume around layoff announcements",
            Measure::Volatility => "Abnormal volatility (mean U - 1) around layoff announcements",
        }
    }

    /// The CAAR chart's value axis.
    pub fn caar_axis(m: Measure) -> &'static str {
        match m {
            Measure::Return => "CAAR (%)",
            Measure::Volume => "CAAV (cumulative abnormal log volume)",
            Measure::Volatility => "Mean U - 1 (U = AR² / s²; 0: no change)",
        }
    }

    /// The short name of the CAAR chart's line: CAAR, CAAV, mean U - 1.
    pub fn caar_line(m: Measure) -> &'static str {
        match m {
            Measure::Return => "CAAR",
            Measure::Volume => "CAAV",
            Measure::Volatility => "mean U - 1",
        }
    }

    /// The distribution chart's title for a window.
    pub fn distribution_title(m: Measure, window: &str) -> String {
        match m {
            Measure::Return => {
                format!("Distribution of cumulative abnormal returns, window {window}")
            }
            Measure::Volume => {
                format!("Distribution of cumulative abnormal log volume, window {window}")
            }
            Measure::Volatility => {
                format!("Distribution of abnormal volatility (mean U - 1), window {window}")
            }
        }
    }

    /// The distribution chart's value axis for a window.
    pub fn distribution_axis(m: Measure, window: &str) -> String {
        match m {
            Measure::Return => format!("CAR over window {window} (%)"),
            Measure::Volume => format!("CAV over window {window} (abnormal log volume)"),
            Measure::Volatility => format!("Mean U - 1 over window {window}"),
        }
    }
}

/// A "nice" tick step for a range, for label precision.
pub fn nice_step(lo: f64, hi: f64, ticks: f64) -> f64 {
    let raw = ((hi - lo) / ticks).abs().max(1e-12);
    let mag = 10f64.powf(raw.log10().floor());
    let n = raw / mag;
    let nice = if n < 1.5 {
        1.0
    } else if n < 3.0 {
        2.0
    } else if n < 7.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// The plotting area every chart uses: margins and axis-label room scaled to the size.
pub type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Builds the plotting area below the title band.
///
/// # Errors
/// A drawing failure.
pub fn plot_area<'a, DB: DrawingBackend>(
    body: &'a DrawingArea<DB, Shift>,
    size: Size,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    y_label_per_900: f64,
) -> Result<Plot<'a, DB>> {
    ChartBuilder::on(body)
        .margin_left(size.font(20.0, 8.0) as u32)
        .margin_right(size.font(40.0, 14.0) as u32)
        .margin_bottom(size.font(14.0, 6.0) as u32)
        .x_label_area_size(size.font(70.0, 36.0) as u32)
        .y_label_area_size(size.font(y_label_per_900, y_label_per_900 * 0.53) as u32)
        .build_cartesian_2d(x, y)
        .map_err(draw_err)
}

/// The house style of axes and grid: label sizes scaled to the chart, light grid lines.
pub fn house_style<DB: DrawingBackend>(
    mesh: &mut plotters::chart::MeshStyle<'_, '_, RangedCoordf64, RangedCoordf64, DB>,
    size: Size,
) {
    mesh.label_style((FONT, size.font(18.0, 11.0)))
        .axis_desc_style((FONT, size.font(20.0, 12.0)))
        .light_line_style(RGBColor(246, 246, 246))
        .bold_line_style(RGBColor(215, 215, 215));
}

/// What a legend must not cover, in data coordinates.
#[derive(Debug, Clone, Default)]
pub struct Keep {
    /// Points (markers, label anchors).
    pub points: Vec<(f64, f64)>,
    /// Lines, checked at their points and every few pixels between them.
    pub lines: Vec<Vec<(f64, f64)>>,
    /// Boxes (bars, labels, annotations), by two opposite corners.
    pub boxes: Vec<[(f64, f64); 2]>,
}

/// Where a legend was drawn: its box in pixels (top left, bottom right) and how many of the
/// pixels it had to keep clear it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Top-left and bottom-right corners in pixels.
    pub rect: [(i32, i32); 2],
    /// Covered pixels of data (0 when a free place was found).
    pub covered: usize,
    /// The plotting area in pixels (top left, bottom right).
    pub area: [(i32, i32); 2],
}

#[cfg(test)]
thread_local! {
    /// Every legend drawn on this thread, for the tests.
    pub static PLACED: std::cell::RefCell<Vec<Placed>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The pixels a legend must keep clear.
fn keep_pixels<DB: DrawingBackend>(chart: &Plot<'_, DB>, keep: &Keep) -> Vec<(i32, i32)> {
    let mut px: Vec<(i32, i32)> = keep.points.iter().map(|p| chart.backend_coord(p)).collect();
    for line in &keep.lines {
        for w in line.windows(2) {
            let (a, b) = (chart.backend_coord(&w[0]), chart.backend_coord(&w[1]));
            let steps = ((a.0 - b.0).abs().max((a.1 - b.1).abs()) / 3).max(1);
            px.extend(
                (0..=steps).map(|k| (a.0 + (b.0 - a.0) * k / steps, a.1 + (b.1 - a.1) * k / steps)),
            );
        }
        if let [p] = line.as_slice() {
            px.push(chart.backend_coord(p));
        }
    }
    for bx in &keep.boxes {
        let (a, b) = (chart.backend_coord(&bx[0]), chart.backend_coord(&bx[1]));
        let (x0, x1, y0, y1) = (a.0.min(b.0), a.0.max(b.0), a.1.min(b.1), a.1.max(b.1));
        let (sx, sy) = (((x1 - x0) / 3).max(1), ((y1 - y0) / 3).max(1));
        for k in 0..=((x1 - x0) / sx) {
            for j in 0..=((y1 - y0) / sy) {
                px.push((x0 + k * sx, y0 + j * sy));
            }
        }
    }
    px
}

/// The top-left pixel, inside a plot of `aw` by `ah` pixels, of a legend box of `w` by
/// `h` pixels at position `p`.
fn legend_at(p: &SeriesLabelPosition, (aw, ah): (i32, i32), (w, h): (i32, i32)) -> (i32, i32) {
    use SeriesLabelPosition::*;
    let x = match p {
        UpperLeft | MiddleLeft | LowerLeft => 5,
        UpperMiddle | MiddleMiddle | LowerMiddle => (aw - w) / 2,
        _ => aw - w - 5,
    };
    let y = match p {
        UpperLeft | UpperMiddle | UpperRight => 5,
        MiddleLeft | MiddleMiddle | MiddleRight => (ah - h) / 2,
        _ => ah - h - 5,
    };
    (x, y)
}

/// Draws the legend of `labels` in the first place among the plot's corners and edges
/// (`prefer` first) where it covers nothing of `keep`, else where it covers least; the
/// box is sized the way plotters sizes it (label text, a 30-pixel key, 10-pixel margins).
///
/// # Errors
/// A drawing or font failure.
pub fn legend_clear<'a, DB: DrawingBackend + 'a>(
    chart: &mut Plot<'a, DB>,
    labels: &[String],
    keep: &Keep,
    prefer: SeriesLabelPosition,
    size: Size,
) -> Result<Placed> {
    use SeriesLabelPosition::*;
    let font: TextStyle = (FONT, size.font(18.0, 11.0)).into_font().into();
    let mut text = plotters::element::MultiLineText::<_, &str>::new((0, 0), &font);
    for l in labels {
        text.push_line(l.as_str());
    }
    let (w, h) = text.estimate_dimension().map_err(draw_err)?;
    let (w, h) = (w + 30 + 20, h + 20);
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let (aw, ah) = (xr.end - xr.start, yr.end - yr.start);
    let at = |p: &SeriesLabelPosition| legend_at(p, (aw, ah), (w, h));
    let px = keep_pixels(chart, keep);
    let covered = |(x, y): (i32, i32)| {
        let (x0, y0) = (xr.start + x - 2, yr.start + y - 2);
        px.iter()
            .filter(|p| p.0 >= x0 && p.0 <= x0 + w + 4 && p.1 >= y0 && p.1 <= y0 + h + 4)
            .count()
    };
    let order = [prefer, UpperLeft, UpperRight, LowerRight, LowerLeft]
        .into_iter()
        .chain([UpperMiddle, LowerMiddle, MiddleRight, MiddleLeft]);
    let mut best: Option<((i32, i32), usize)> = None;
    for p in order {
        let xy = at(&p);
        let c = covered(xy);
        if best.is_none_or(|b| c < b.1) {
            best = Some((xy, c));
        }
        if c == 0 {
            break;
        }
    }
    let ((x, y), c) = best.unwrap_or(((5, 5), 0));
    chart
        .configure_series_labels()
        .position(Coordinate(x, y))
        .label_font(font)
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(180, 180, 180))
        .draw()
        .map_err(draw_err)?;
    let placed = Placed {
        rect: [
            (xr.start + x, yr.start + y),
            (xr.start + x + w, yr.start + y + h),
        ],
        covered: c,
        area: [(xr.start, yr.start), (xr.end, yr.end)],
    };
    #[cfg(test)]
    PLACED.with(|l| l.borrow_mut().push(placed));
    Ok(placed)
}

/// Draws a line with its legend entry, and a dot of radius `dots` on every point.
///
/// # Errors
/// A drawing failure.
pub fn labelled_line<'a, DB: DrawingBackend + 'a>(
    chart: &mut Plot<'a, DB>,
    pts: &[(f64, f64)],
    color: RGBColor,
    width: u32,
    label: String,
    dots: Option<u32>,
) -> Result<()> {
    chart
        .draw_series(LineSeries::new(pts.to_vec(), color.stroke_width(width)))
        .map_err(draw_err)?
        .label(label)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(3)));
    if let Some(r) = dots {
        chart
            .draw_series(pts.iter().map(|&p| Circle::new(p, r, color.filled())))
            .map_err(draw_err)?;
    }
    Ok(())
}

/// Draws the zero line across `x` and the dashed day-0 line across `y`.
///
/// # Errors
/// A drawing failure.
pub fn zero_and_day0<'a, DB: DrawingBackend + 'a>(
    chart: &mut Plot<'a, DB>,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> Result<()> {
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(x.start, 0.0), (x.end, 0.0)],
            BLACK.stroke_width(1),
        )))
        .map_err(draw_err)?;
    chart
        .draw_series(DashedLineSeries::new(
            vec![(0.0, y.start), (0.0, y.end)],
            6,
            4,
            RGBColor(90, 90, 90).stroke_width(2),
        ))
        .map_err(draw_err)?;
    Ok(())
}

/// The legends drawn on this thread since the last call, for the tests.
#[cfg(test)]
pub fn take_placed() -> Vec<Placed> {
    PLACED.with(|l| std::mem::take(&mut *l.borrow_mut()))
}

/// Draws a chart into an in-memory bitmap, for the tests.
#[cfg(test)]
pub fn draw_in_memory<C: Chart>(chart: &C, size: Size) -> Result<()> {
    fonts()?;
    let mut buf = vec![0u8; size.width as usize * size.height as usize * 3];
    let root = BitMapBackend::with_buffer(&mut buf, (size.width, size.height)).into_drawing_area();
    chart.draw(&root, size)?;
    root.present().map_err(draw_err)
}

/// Pads a value range by a share of its span (and widens a flat range).
pub fn padded(lo: f64, hi: f64, share: f64) -> (f64, f64) {
    let span = (hi - lo).abs().max(1e-6);
    (lo - span * share, hi + span * share)
}

/// Palette for several series (colour-blind-safe Okabe-Ito).
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(120, 120, 120),
];
