//! `layoff-study plot`: one chart to PNG or SVG (by the `-o` extension).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args as ClapArgs, Subcommand};

use super::common::{PriceArgs, check_output_file, date_flag, load_prices};
use crate::calendar::NonTrading;
use crate::chart::event::EventChart;
use crate::chart::performance::PerformanceChart;
use crate::chart::{Size, render};
use crate::error::Result;
use crate::job::folder;
use crate::study::Window;

/// Arguments of `plot`.
#[derive(Debug, ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    kind: Kind,
}

/// Size and output file of a chart.
#[derive(Debug, Clone, ClapArgs)]
struct Out {
    /// Output file: .png or .svg.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Width in pixels.
    #[arg(long, default_value_t = Size::default().width)]
    width: u32,
    /// Height in pixels.
    #[arg(long, default_value_t = Size::default().height)]
    height: u32,
}

impl Out {
    fn size(&self) -> Size {
        Size {
            width: self.width,
            height: self.height,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Kind {
    /// CAAR by relative day with its 95 % band, from a finished study folder.
    #[command(after_help = "Example:\n  layoff-study plot caar --study study/ -o caar.png")]
    Caar {
        /// Folder written by `study`.
        #[arg(long, value_name = "DIR")]
        study: PathBuf,
        /// Fewest events of a group drawn; smaller groups are named under the chart.
        #[arg(long, value_name = "N", default_value_t = crate::study::Settings::default().min_group_size as u64,
              value_parser = clap::value_parser!(u64).range(1..))]
        min_group_size: u64,
        #[command(flatten)]
        out: Out,
    },
    /// Histogram of CARs for one window, from a finished study folder.
    #[command(
        after_help = "Example:\n  layoff-study plot distribution --study study/ --window -1:1 -o cars.svg"
    )]
    Distribution {
        /// Folder written by `study`.
        #[arg(long, value_name = "DIR")]
        study: PathBuf,
        /// Window (as in cars.csv); the first window of the study when absent.
        #[arg(long, value_name = "START:END", allow_hyphen_values = true)]
        window: Option<String>,
        #[command(flatten)]
        out: Out,
    },
    /// CAR against the first numeric term of a study's `--explain`, from its folder.
    #[command(
        after_help = "Example:\n  layoff-study plot explain --study study/ --window -1:1 -o explain.png"
    )]
    Explain {
        /// Folder written by `study --explain`.
        #[arg(long, value_name = "DIR")]
        study: PathBuf,
        /// Window (as in regression_data.csv); the first window when absent.
        #[arg(long, value_name = "START:END", allow_hyphen_values = true)]
        window: Option<String>,
        #[command(flatten)]
        out: Out,
    },
    /// One announcement: cumulative return around day 0, windows shaded.
    #[command(
        after_help = "Example:\n  layoff-study plot event --prices data/prices --market SPY --ticker AMZN --date 2024-01-10 -o amzn.png"
    )]
    Event {
        #[command(flatten)]
        prices: PriceArgs,
        /// Ticker.
        #[arg(long)]
        ticker: String,
        /// Announcement date.
        #[arg(long, value_name = "DATE")]
        date: String,
        /// Day 0 of an announcement on a non-trading date.
        #[arg(long, value_enum, default_value_t = NonTrading::Next)]
        non_trading: NonTrading,
        /// Days drawn.
        #[arg(
            long,
            value_name = "START:END",
            default_value = "-10:10",
            allow_hyphen_values = true
        )]
        chart_window: String,
        /// Event windows shaded (repeatable). Default: -1:1 and -5:5.
        #[arg(long = "window", value_name = "START:END", allow_hyphen_values = true)]
        windows: Vec<String>,
        #[command(flatten)]
        out: Out,
    },
    /// Calendar-year returns as bars, with the market.
    #[command(
        after_help = "Example:\n  layoff-study plot performance --prices data/prices --market SPY --tickers AMZN --from 2019 --to 2024 -o amzn-years.png"
    )]
    Performance {
        #[command(flatten)]
        prices: PriceArgs,
        /// Tickers (comma-separated).
        #[arg(long, value_delimiter = ',', required = true)]
        tickers: Vec<String>,
        /// First year.
        #[arg(long)]
        from: Option<i32>,
        /// Last year.
        #[arg(long)]
        to: Option<i32>,
        #[command(flatten)]
        out: Out,
    },
}

impl Kind {
    /// The files the chart is drawn from and the output file with its size.
    fn target(&self) -> (Vec<std::path::PathBuf>, &Out) {
        match self {
            Kind::Caar { study, out, .. } | Kind::Distribution { study, out, .. } => {
                (vec![study.join("caar.csv"), study.join("cars.csv")], out)
            }
            Kind::Explain { study, out, .. } => (vec![study.join("regression_data.csv")], out),
            Kind::Event { prices, out, .. } | Kind::Performance { prices, out, .. } => (
                prices
                    .input_paths()
                    .into_iter()
                    .map(Path::to_path_buf)
                    .collect(),
                out,
            ),
        }
    }
}

/// Runs `plot`.
///
/// # Errors
/// Bad flags, unreadable inputs, nothing to draw.
pub fn run(a: Args, quiet: bool) -> anyhow::Result<ExitCode> {
    let (inputs, out) = a.kind.target();
    let inputs: Vec<&Path> = inputs.iter().map(std::path::PathBuf::as_path).collect();
    check_output_file(&inputs, "-o", Some(&out.output))?;
    crate::chart::check_target(&out.output, out.size())?;
    match a.kind {
        Kind::Caar {
            study,
            min_group_size,
            out,
        } => caar(
            &study,
            usize::try_from(min_group_size).unwrap_or(usize::MAX),
            &out,
        )?,
        Kind::Distribution { study, window, out } => distribution(&study, window, &out)?,
        Kind::Explain { study, window, out } => explain(&study, window, &out)?,
        Kind::Event {
            prices,
            ticker,
            date: d,
            non_trading,
            chart_window,
            windows,
            out,
        } => {
            let day = date_flag("--date", &d)?;
            let chart = Window::parse(&chart_window)?;
            let windows = EventChart::windows_of(&windows)?;
            let loaded = load_prices(&prices, quiet)?;
            let ev = EventChart::of_panel(
                &loaded.panel,
                &loaded.market,
                &ticker,
                day,
                non_trading,
                (chart, windows),
            )?;
            render(&ev, &out.output, out.size())?;
        }
        Kind::Performance {
            prices,
            tickers,
            from,
            to,
            out,
        } => performance(&prices, &tickers, (from, to), &out, quiet)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The CAAR chart of a finished study.
fn caar(study: &Path, min_group_size: usize, out: &Out) -> Result<()> {
    render(
        &folder::caar_chart(study, min_group_size)?,
        &out.output,
        out.size(),
    )
}

/// The histogram of one window of a finished study (the first window by default).
fn distribution(study: &Path, window: Option<String>, out: &Out) -> Result<()> {
    let window = window.as_deref().map(Window::parse).transpose()?;
    render(
        &folder::distribution_chart(study, window)?,
        &out.output,
        out.size(),
    )
}

/// CAR against the first numeric term of `--explain` for one window.
fn explain(study: &Path, window: Option<String>, out: &Out) -> Result<()> {
    let window = window.as_deref().map(Window::parse).transpose()?;
    render(
        &folder::explain_chart(study, window)?,
        &out.output,
        out.size(),
    )
}

/// Yearly bars of the tickers, with the market over the same years.
fn performance(
    prices: &PriceArgs,
    tickers: &[String],
    (from, to): (Option<i32>, Option<i32>),
    out: &Out,
    quiet: bool,
) -> Result<()> {
    let loaded = load_prices(prices, quiet)?;
    let chart = PerformanceChart::of_panel(&loaded.panel, &loaded.market, tickers, (from, to))?;
    render(&chart, &out.output, out.size())
}
