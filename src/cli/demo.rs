//! `layoff-study demo`: the full report on the simulated sample bundled with the tool
//! (`data/sample/`), offline, in `./layoff-study-demo/` unless `--out` says otherwise.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args as ClapArgs, Parser};

use super::common::note;
use super::report;
use crate::files::write_atomic;

/// The bundled sample (see `data/README.md`).
static SAMPLE_PRICES: &[u8] = include_bytes!("../../data/sample/prices.parquet");
static SAMPLE_EVENTS: &[u8] = include_bytes!("../../data/sample/events.csv");
static SAMPLE_ABOUT: &[u8] = include_bytes!("../../data/sample/SIMULATED.txt");
static SEED_EVENTS: &[u8] = include_bytes!("../../data/events/seed_events.csv");

/// The line under the demo report's title.
const LABEL: &str = "SIMULATED DATA: 40 fictional companies (SIM0001..SIM0040) and a simulated \
market (SIMMKT), 2022-2023, with 40 simulated layoff events and an injected abnormal return of \
-1.5 % on day 0 (data/SIMULATED.txt). Not real prices or layoffs.";

/// The `report` arguments of the demo.
#[derive(Parser)]
struct DemoReport {
    #[command(flatten)]
    args: report::Args,
}

/// Arguments of `demo`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Example:\n  layoff-study demo && open layoff-study-demo/report.html")]
pub struct Args {
    /// Output folder.
    #[arg(long, value_name = "DIR", default_value = "layoff-study-demo")]
    out: PathBuf,
}

/// Runs `demo`.
///
/// # Errors
/// An unwritable folder.
pub fn run(a: Args, quiet: bool) -> anyhow::Result<ExitCode> {
    let stage = crate::files::guard::StagedDir::new("--out", &a.out)?;
    let data = stage.path().join("data");
    write_atomic(&data.join("prices.parquet"), SAMPLE_PRICES)?;
    write_atomic(&data.join("events.csv"), SAMPLE_EVENTS)?;
    write_atomic(&data.join("SIMULATED.txt"), SAMPLE_ABOUT)?;
    write_atomic(&data.join("seed_events.csv"), SEED_EVENTS)?;
    // Parsed like a `report` command line, so that every default is the command's own.
    let (prices, events) = (data.join("prices.parquet"), data.join("events.csv"));
    let argv: Vec<std::ffi::OsString> = vec![
        "report".into(),
        "--prices".into(),
        prices.into(),
        "--market".into(),
        "SIMMKT".into(),
        "--events".into(),
        events.into(),
        "--no-aliases".into(),
        "--group-by".into(),
        "industry".into(),
        "--out".into(),
        a.out.clone().into(),
        "--label".into(),
        LABEL.into(),
    ];
    let args = DemoReport::try_parse_from(argv)
        .map_err(|e| crate::error::Error::Usage(e.to_string()))?
        .args;
    let plan = args.study.spec(&args.events, &args.prices)?.validate()?;
    let code = report::build(&args, &plan, stage.path(), quiet)?;
    stage.commit()?;
    let data = a.out.join("data");
    note(
        quiet,
        format!(
            "demo report: {} (simulated data). For the real Amazon story: \
             layoff-study fetch --tickers-from {} SPY --from 2022-01-01 --to 2024-12-31, then \
             layoff-study report --prices data/prices --market SPY --events {} --out story",
            a.out.join("report.html").display(),
            data.join("seed_events.csv").display(),
            data.join("seed_events.csv").display()
        ),
    );
    Ok(code)
}
