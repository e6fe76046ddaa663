//! `layoff-study study`: the event study (METHODS.md §4-6) into an output folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args as ClapArgs;

use super::common::{
    EventArgs, PriceArgs, Spinner, memory_limit, note, print_notes, warn_unreadable,
};
use crate::error::Error;
use crate::export::{OutputFormat, emit};
use crate::files::guard::{self, StagedDir};
use crate::filings::Day0Rule;
use crate::job::{self, study::Loads, study::MeasureStudy};
use crate::setting::Setting;
use crate::study::event_time::Confounded;
use crate::study::overlap::Overlap;
use crate::study::regression;
use crate::study::spec::{Plan, Spec, Value};
use crate::study::{self, Measure, Model, output};

/// Arguments of the event study shared by `study` and `report`.
#[derive(Debug, Clone, ClapArgs)]
pub struct StudyArgs {
    /// What to study (repeatable): abnormal returns, abnormal log trading volume, or
    /// abnormal volatility (Beaver's U under the return model). Given more than once, each
    /// measure is studied over the same events into its own subfolder (return/, volume/,
    /// volatility/).
    #[arg(long = "measure", value_name = "MEASURE", value_enum)]
    pub measures: Vec<Measure>,
    /// Model of normal returns (of normal log volume for --measure volume: market or
    /// mean-adjusted).
    #[arg(long, value_enum, default_value_t = Spec::default().model)]
    pub model: Model,
    /// Estimation window in trading days relative to day 0.
    #[arg(
        long,
        value_name = "START:END",
        default_value_t = Spec::default().estimation.to_string(),
        allow_hyphen_values = true
    )]
    pub estimation: String,
    /// Event window (repeatable). Default: 0:0, -1:1 and -5:5.
    #[arg(long = "window", value_name = "START:END", allow_hyphen_values = true)]
    pub windows: Vec<String>,
    /// Window of the CAAR chart and caar.csv (never excludes an event). Default: -10:10,
    /// starting after the estimation window when that ends later than day -11.
    #[arg(long, value_name = "START:END", allow_hyphen_values = true)]
    pub chart_window: Option<String>,
    /// Fewest usable estimation days for an event to be studied.
    #[arg(long, default_value_t = Spec::default().min_estimation)]
    pub min_estimation: usize,
    /// Events column to group the summary by: industry, country, stage, ticker, company,
    /// year, pct_bucket (share laid off), laid_off (size of the cut), round (1, 2, 3+) or
    /// confounded (clean, confounded).
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Option<String>,
    /// Ken French daily factor files (repeatable), for ff3, carhart and ff5.
    #[arg(long = "factors", value_name = "FILE")]
    pub factors: Vec<PathBuf>,
    /// Events of one ticker whose spans share a day: keep all, keep the first of each
    /// overlapping run, or drop every overlapping event (listed in excluded.csv).
    #[arg(long, value_enum, default_value_t = Spec::default().overlap)]
    pub overlap: Overlap,
    /// Keep the spans of the ticker's other studied events out of the estimation window.
    #[arg(long)]
    pub clean_estimation: bool,
    /// Regress each window's CARs on these terms (comma-separated): laid_off,
    /// log_laid_off, pct_laid_off, beta, s, runup, round, days_since_previous, and categories industry, country, stage,
    /// year. Writes regression.csv, regression_fit.csv and regression_data.csv.
    #[arg(long, value_name = "TERMS")]
    pub explain: Option<String>,
    /// Standard errors of the regression: hc1, classic or cluster:company|ticker|date|year.
    #[arg(long, value_name = "TYPE", default_value_t = Spec::default().se)]
    pub se: String,
    /// Day 0 from the reported date and time, from the layoff 8-K's acceptance time
    /// (--sec-filings; reported where there is none), or from the earlier of the two. An
    /// announcement at or after the 16:00 New York close counts from the next trading day.
    #[arg(long, value_name = "RULE", value_enum, default_value_t = Spec::default().day0)]
    pub day0: Day0Rule,
    /// Trading days around day 0 in which another announcement (earnings) confounds an
    /// event.
    #[arg(long, value_name = "START:END", allow_hyphen_values = true,
          default_value_t = Spec::default().confound_window.to_string())]
    pub confound_window: String,
    /// Confounded events: flag them (cars.csv column confounders; --group-by confounded)
    /// or drop them (listed in excluded.csv with the confounder).
    #[arg(long, value_name = "POLICY", value_enum, default_value_t = Spec::default().confounded)]
    pub confounded: Confounded,
    /// Rivals of each announcer, studied as an equal-weighted portfolio on the announcer's
    /// day 0 (rivals.csv, rival_cars.csv, rival_summary.csv): gics (the GICS sub-industry
    /// of --peer-list), sic4, sic3 or sic2 (the first digits of the SIC code in a
    /// --peer-list folder of SEC submissions files) or a FILE of ticker,rival pairs. --group-by announcer_sign splits
    /// the rivals' tests by the sign of the announcer's CAR over each window.
    #[arg(long, value_name = "KEY|FILE")]
    pub rivals: Option<String>,
    /// A constituents file with Symbol, GICS Sub-Industry and CIK columns (--rivals gics),
    /// or a folder of SEC submissions files, CIK##########.json (--rivals sic4|sic3|sic2;
    /// default: the submissions of --sec-filings).
    #[arg(long, value_name = "FILE")]
    pub peer_list: Option<PathBuf>,
    /// Fewest events of a --group-by group drawn in the CAAR chart; smaller groups are
    /// named under the chart and stay in every table.
    #[arg(long, value_name = "N", default_value_t = Spec::default().min_group_size)]
    pub min_group_size: usize,
}

impl StudyArgs {
    /// The study's settings from these flags and the price and event flags they go with,
    /// each read as the library reads it.
    ///
    /// # Errors
    /// A malformed window or a measure given twice (checking the settings together is
    /// [`Spec::validate`]'s).
    pub fn spec(&self, events: &EventArgs, prices: &PriceArgs) -> Result<Spec, Error> {
        let mut spec = Spec {
            model: self.model,
            min_estimation: self.min_estimation,
            group_by: self.group_by.clone(),
            factors: self.factors.clone(),
            overlap: self.overlap,
            clean_estimation: self.clean_estimation,
            explain: self.explain.clone(),
            se: self.se.clone(),
            day0: self.day0,
            confounded: self.confounded,
            rivals: self.rivals.clone(),
            peer_list: self.peer_list.clone(),
            min_group_size: self.min_group_size,
            non_trading: events.non_trading,
            price: prices.price,
            log_returns: prices.log_returns,
            sec_filings: events.sec_filings.clone(),
            sec_base_url: events.sec_base_url.clone(),
            user_agent: events.user_agent.clone(),
            filing_items: events.filing_items.clone(),
            filing_search: events.filing_search,
            confounders: events.confounders.clone(),
            ..Spec::default()
        };
        let text = |t: &str| Value::Text(t.to_string());
        let names = self.measures.iter().map(|m| m.to_string()).collect();
        spec.set(Setting::Measure, &Value::List(names))?;
        spec.set(Setting::Estimation, &text(&self.estimation))?;
        spec.set(Setting::ConfoundWindow, &text(&self.confound_window))?;
        if let Some(c) = &self.chart_window {
            spec.set(Setting::ChartWindow, &text(c))?;
        }
        if !self.windows.is_empty() {
            spec.set(Setting::Windows, &Value::List(self.windows.clone()))?;
        }
        Ok(spec)
    }
}

/// Arguments of `study`./// Arguments of `study`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  layoff-study study --prices data/prices --market SPY --events events.csv --out study/
  layoff-study study --prices data/prices --market SPY --events events.csv --model ff3 \\
      --factors F-F_Research_Data_Factors_daily.csv --window -1:1 --window 0:5 --group-by industry --out study/")]
pub struct Args {
    #[command(flatten)]
    pub(crate) prices: PriceArgs,
    #[command(flatten)]
    pub(crate) events: EventArgs,
    #[command(flatten)]
    pub(crate) study: StudyArgs,
    /// Output folder for the CSV files and charts (created if needed).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Format of the summary printed on stdout.
    #[arg(long, value_enum, default_value_t = OutputFormat::Csv)]
    pub(crate) format: OutputFormat,
    /// Also write the results as an Excel workbook (sheets summary, cars, caar, events,
    /// returns, excluded, and regression with --explain).
    #[arg(long, value_name = "FILE")]
    pub(crate) xlsx: Option<PathBuf>,
    /// Memory for the prices held at once when --prices is a Parquet dataset partitioned by
    /// ticker (ticker=AMZN/part-0.parquet): the study reads the tickers its events need a
    /// slice at a time. A size such as 512M, 2G or 1.5G. Default: a quarter of the
    /// machine's memory.
    #[arg(long, value_name = "SIZE", allow_hyphen_values = true)]
    pub(crate) memory_limit: Option<String>,
}

/// Everything a study run produced, for `report` to build on.
pub struct Ran {
    /// Prices, events, factors and peers.
    pub loads: Loads,
    /// The study of each measure, the first measure's first.
    pub studies: Vec<MeasureStudy>,
    /// Exit code (4 when some price files were unreadable).
    pub code: ExitCode,
}

/// Loads the inputs, runs the planned study and writes each measure's CSV files into its
/// folder in `out`. With `lazily`, a Parquet dataset partitioned by ticker is read a slice
/// of tickers at a time within that many bytes; without, every series is read first.
///
/// # Errors
/// Bad flags or inputs.
pub fn execute(
    prices: &PriceArgs,
    events: &EventArgs,
    plan: &Plan,
    out: &Path,
    quiet: bool,
    lazily: Option<u64>,
) -> anyhow::Result<Ran> {
    let path = events
        .events
        .as_ref()
        .ok_or_else(|| Error::Usage("the study needs --events FILE".into()))?;
    let progress = Spinner::new(quiet);
    let mut notes = Vec::new();
    let loads = job::study::load(
        plan,
        &prices.source(),
        (path, &events.source()?),
        lazily,
        &progress,
        &mut notes,
    );
    print_notes(quiet, &notes);
    let loads = loads?;
    warn_unreadable(&loads.prices);
    let studies = job::study::run(
        plan,
        &loads.events,
        &loads.inputs(),
        loads.peers.as_ref(),
        &progress,
    )?;
    for m in &studies {
        job::study::write_folder(&out.join(&m.dir), &loads.events.events, m)?;
    }
    Ok(Ran {
        code: loads.prices.exit_code(),
        loads,
        studies,
    })
}

/// Runs `study`. The study's values are left to the end of the process, which follows
/// (a program running studies one after another calls [`crate::study::run`] instead).
///
/// # Errors
/// Bad flags or inputs.
pub fn run(a: Args, quiet: bool) -> anyhow::Result<ExitCode> {
    let spec = a.study.spec(&a.events, &a.prices)?;
    let plan = spec.validate()?;
    let limit = memory_limit(a.memory_limit.as_deref())?;
    let inputs = read_paths(&a.prices, &a.events, &spec);
    if let Some(x) = &a.xlsx {
        check_xlsx(x, &inputs)?;
    }
    let stage = stage_out(&inputs, &a.out)?;
    crate::timing::mark("output folder staged");
    // A dataset partitioned by ticker is read a slice at a time, unless the workbook's
    // returns sheet needs every series.
    let lazily = a.xlsx.is_none().then_some(limit);
    let ran = execute(&a.prices, &a.events, &plan, stage.path(), quiet, lazily)?;
    for m in &ran.studies {
        crate::chart::study::write_charts(
            &stage.path().join(&m.dir),
            &m.result,
            crate::chart::Size::default(),
        )?;
    }
    crate::timing::mark("charts drawn");
    stage.commit()?;
    crate::timing::mark("output folder in place");
    let first = &ran.studies[0];
    if let Some(path) = &a.xlsx {
        job::report::workbook(path, &ran.loads, first)?;
    }
    for m in &ran.studies {
        study_note(&m.result, &a.out.join(&m.dir), quiet);
    }
    // With --explain the regression is what was asked: its coefficients go to stdout.
    match &first.explained {
        Some(x) => emit(&regression::coef_table(x), a.format, None)?,
        None => emit(&output::summary(&first.result), a.format, None)?,
    }
    let code = ran.code;
    // The command ends the process next, which gives the memory back at once: freeing a
    // million events' values one by one took 2 s.
    std::mem::forget(ran);
    crate::timing::mark("done");
    Ok(code)
}

/// Checks `--xlsx FILE` before any work: an `.xlsx` file that is not an input.
fn check_xlsx(path: &Path, inputs: &[&Path]) -> Result<(), Error> {
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return Err(Error::Usage(format!(
            "--xlsx {}: expected a file name ending in .xlsx",
            path.display()
        )));
    }
    guard::Inputs::new(inputs.iter().copied()).check_file("--xlsx", path)
}

/// Every file and folder a study reads (prices, market, events and their sources, and the
/// settings' files), which no output may be or lie in.
pub fn read_paths<'a>(
    prices: &'a PriceArgs,
    events: &'a EventArgs,
    spec: &'a Spec,
) -> Vec<&'a Path> {
    let mut inputs = prices.input_paths();
    inputs.extend(events.input_paths());
    inputs.extend(spec.input_paths());
    inputs
}

/// Checks that `out` holds no input and may be replaced, and prepares the folder the
/// outputs are built in before they are swapped in whole.
///
/// # Errors
/// `out` is or holds an input, or holds files this tool did not write (usage).
pub fn stage_out(inputs: &[&Path], out: &Path) -> Result<StagedDir, Error> {
    guard::Inputs::new(inputs.iter().copied()).check_dir("--out", out)?;
    StagedDir::new("--out", out)
}

/// The note that ends a study: how many events were studied and where the files are.
pub fn study_note(result: &study::StudyResult, out: &std::path::Path, quiet: bool) {
    note(
        quiet,
        format!(
            "{} events studied, {} excluded (see {}); files in {}",
            result.results.len(),
            result.excluded.len(),
            out.join("excluded.csv").display(),
            out.display()
        ),
    );
    for n in &result.notes {
        note(quiet, n);
    }
}
