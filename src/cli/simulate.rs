//! `layoff-study simulate`: a synthetic market and events file, for tests, benchmarks and
//! the demo.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args as ClapArgs;

use super::common::{note, spinner};
use crate::simulate::{PriceFormat, Spec, plan, write};
use crate::study::Window;

/// Arguments of `simulate`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  layoff-study simulate --out sim/ --stocks 50 --events 100 --effect -0.01 --seed 7
  layoff-study simulate --out big/ --stocks 5000 --years 20 --events 100000 --price-format parquet
  layoff-study study --prices sim/prices --market SIMMKT --events sim/events.csv --out sim/study")]
pub struct Args {
    /// Output folder: prices/ (or prices.parquet), events.csv and SIMULATED.txt.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Number of fictional stocks.
    #[arg(long, default_value_t = 50)]
    stocks: usize,
    /// Number of calendar years.
    #[arg(long, default_value_t = 3)]
    years: i32,
    /// First calendar year.
    #[arg(long, default_value_t = 2019)]
    start_year: i32,
    /// Number of layoff events.
    #[arg(long, default_value_t = 100)]
    events: usize,
    /// Abnormal return injected per event (a fraction: -0.01 is -1 %).
    #[arg(long, default_value_t = -0.01, allow_hyphen_values = true)]
    effect: f64,
    /// Relative days the effect is spread over.
    #[arg(
        long,
        default_value = "0:0",
        value_name = "START:END",
        allow_hyphen_values = true
    )]
    effect_window: String,
    /// Lowest beta.
    #[arg(long, default_value_t = 0.5)]
    beta_min: f64,
    /// Highest beta.
    #[arg(long, default_value_t = 1.5)]
    beta_max: f64,
    /// Standard deviation of the daily idiosyncratic noise.
    #[arg(long, default_value_t = 0.02)]
    noise_sd: f64,
    /// Degrees of freedom of the Student t noise (lower = fatter tails; above 2).
    #[arg(long, default_value_t = 4.0)]
    noise_df: f64,
    /// Random seed.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// How to write the prices.
    #[arg(long, value_enum, default_value_t = PriceFormat::Csv)]
    price_format: PriceFormat,
}

/// Runs `simulate`.
///
/// # Errors
/// Bad parameters or an unwritable folder.
pub fn run(a: Args, quiet: bool) -> anyhow::Result<ExitCode> {
    let spec = Spec {
        stocks: a.stocks,
        start_year: a.start_year,
        years: a.years,
        events: a.events,
        effect: a.effect,
        effect_window: Window::parse(&a.effect_window)?,
        beta: (a.beta_min, a.beta_max),
        noise_sd: a.noise_sd,
        noise_df: a.noise_df,
        seed: a.seed,
        ..Spec::default()
    };
    let pb = spinner(quiet, "simulating");
    let sim = plan(&spec)?;
    write(&sim, &spec, &a.out, a.price_format)?;
    pb.finish_and_clear();
    note(
        quiet,
        format!(
            "{} stocks + SIMMKT over {} years, {} events, in {}",
            a.stocks,
            a.years,
            sim.events().len(),
            a.out.display()
        ),
    );
    Ok(ExitCode::SUCCESS)
}
