//! `layoff-study study`: the event study (METHODS.md §4-6) into an output folder.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args as ClapArgs;

use super::common::{
    EventArgs, Loaded, LoadedEvents, PriceArgs, load_events, load_prices, load_prices_lazily,
    memory_limit, note, spinner,
};
use crate::error::Error;
use crate::export::{OutputFormat, emit};
use crate::files::guard::{self, StagedDir};
use crate::import::dataset::Prices;
use crate::import::french::Factors;
use crate::study::overlap::Overlap;
use crate::study::regression::{self, Explained, SeType, Term};
use crate::study::{self, Inputs, Model, Settings, StudyResult, Window, output};

/// Arguments of the event study shared by `study` and `report`.
#[derive(Debug, Clone, ClapArgs)]
pub struct StudyArgs {
    /// What to study (repeatable): abnormal returns, abnormal log trading volume, or
    /// abnormal volatility (Beaver's U under the return model). Given more than once, each
    /// measure is studied over the same events into its own subfolder (return/, volume/,
    /// volatility/).
    #[arg(long = "measure", value_name = "MEASURE",
          value_parser = clap::builder::PossibleValuesParser::new(crate::study::Measure::NAMES))]
    pub measures: Vec<String>,
    /// Model of normal returns (of normal log volume for --measure volume: market or
    /// mean-adjusted).
    #[arg(long, value_enum, default_value_t = Settings::default().model)]
    pub model: Model,
    /// Estimation window in trading days relative to day 0.
    #[arg(
        long,
        value_name = "START:END",
        default_value_t = Settings::default().estimation.to_string(),
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
    #[arg(long, default_value_t = Settings::default().min_estimation)]
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
    #[arg(long, value_enum, default_value_t = Settings::default().overlap)]
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
    #[arg(long, value_name = "TYPE", default_value = "hc1")]
    pub se: String,
    /// Day 0 from the reported date and time, from the layoff 8-K's acceptance time
    /// (--sec-filings; reported where there is none), or from the earlier of the two. An
    /// announcement at or after the 16:00 New York close counts from the next trading day.
    #[arg(long, value_name = "RULE", default_value = "reported",
          value_parser = clap::builder::PossibleValuesParser::new(crate::filings::Day0Rule::NAMES))]
    pub day0: String,
    /// Trading days around day 0 in which another announcement (earnings) confounds an
    /// event.
    #[arg(long, value_name = "START:END", allow_hyphen_values = true,
          default_value_t = Settings::default().confound_window.to_string())]
    pub confound_window: String,
    /// Confounded events: flag them (cars.csv column confounders; --group-by confounded)
    /// or drop them (listed in excluded.csv with the confounder).
    #[arg(long, value_name = "POLICY", default_value = "flag",
          value_parser = clap::builder::PossibleValuesParser::new(crate::study::event_time::Confounded::NAMES))]
    pub confounded: String,
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
    #[arg(long, value_name = "N", default_value_t = Settings::default().min_group_size)]
    pub min_group_size: usize,
}

impl StudyArgs {
    /// Validated settings.
    ///
    /// # Errors
    /// A malformed window, or settings that do not fit together.
    pub fn settings(&self, events: &EventArgs, prices: &PriceArgs) -> Result<Settings, Error> {
        let mut s = Settings {
            model: self.model,
            estimation: Window::parse(&self.estimation)?,
            chart: match &self.chart_window {
                Some(c) => Window::parse(c)?,
                None => Settings::chart_for(Window::parse(&self.estimation)?),
            },
            min_estimation: self.min_estimation,
            non_trading: events.non_trading,
            group_by: crate::study::rivals::split_group(self.group_by.as_deref()).0,
            log_returns: prices.log_returns,
            overlap: self.overlap,
            clean_estimation: self.clean_estimation,
            day0: self
                .day0
                .parse()
                .map_err(|why| Error::Usage(format!("--day0 {why}")))?,
            confound_window: Window::parse(&self.confound_window)?,
            min_group_size: self.min_group_size,
            confounded: self
                .confounded
                .parse()
                .map_err(|why| Error::Usage(format!("--confounded {why}")))?,
            event_time: events.sec_filings.is_some() || !events.confounders.is_empty(),
            ..Settings::default()
        };
        if !self.windows.is_empty() {
            s.windows = self
                .windows
                .iter()
                .map(|w| Window::parse(w))
                .collect::<Result<_, _>>()?;
        }
        for m in self.measures()? {
            let one = Settings {
                measure: m,
                ..s.clone()
            };
            one.validate()?;
            if self.rivals.is_some() {
                crate::study::rivals::check(&one)?;
            }
        }
        if crate::study::rivals::split_group(self.group_by.as_deref()).1 && self.rivals.is_none() {
            return Err(Error::Usage(
                "--group-by announcer_sign splits the rivals' tests: give --rivals".into(),
            ));
        }
        Ok(s)
    }

    /// The rivals asked for with `--rivals` and `--peer-list`, read before any study.
    ///
    /// # Errors
    /// `gics` without `--peer-list`, a SIC key (not yet available), an unreadable file.
    /// By SIC code without `--peer-list`, the SEC submissions of `--sec-filings` are read:
    /// its folder, or the cache `auto` downloads into.
    pub fn peers(&self, events: &EventArgs) -> anyhow::Result<Option<crate::study::rivals::Peers>> {
        Ok(self
            .rivals
            .as_deref()
            .map(|key| {
                let list = crate::study::rivals::peer_list_for(
                    key,
                    self.peer_list.as_deref(),
                    events.sec_filings.as_deref(),
                );
                crate::study::rivals::Peers::from_key(key, list.as_deref())
            })
            .transpose()?)
    }

    /// The measures asked for, in order, each once (return when none is given).
    ///
    /// # Errors
    /// A measure given twice.
    pub fn measures(&self) -> Result<Vec<crate::study::Measure>, Error> {
        let mut out: Vec<crate::study::Measure> = Vec::new();
        for m in &self.measures {
            let m = m
                .parse()
                .map_err(|why| Error::Usage(format!("--measure {why}")))?;
            if out.contains(&m) {
                return Err(Error::Usage(format!("--measure {m} is given twice")));
            }
            out.push(m);
        }
        if out.is_empty() {
            out.push(crate::study::Measure::Return);
        }
        Ok(out)
    }

    /// The regression asked for with `--explain` and `--se`, checked before any file is read.
    ///
    /// # Errors
    /// An unknown term or standard-error type.
    pub fn explanation(&self) -> Result<Option<(Vec<Term>, SeType)>, Error> {
        let se = SeType::parse(&self.se)?;
        self.explain
            .as_deref()
            .map(|t| Ok((regression::parse_terms(t)?, se)))
            .transpose()
    }
}

/// Arguments of `study`.
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
    /// Prices and market.
    pub loaded: Loaded,
    /// The events, matched to tickers.
    pub events: LoadedEvents,
    /// The study.
    pub result: StudyResult,
    /// The regression of `--explain`, when asked.
    pub explained: Option<Explained>,
    /// The folder of `result` inside the output folder: empty for one measure, the
    /// measure's name when several are studied.
    pub dir: PathBuf,
    /// The studies of the other measures, each with its subfolder.
    pub more: Vec<(PathBuf, StudyResult)>,
    /// The rival portfolios of `result` (`--rivals`).
    pub rivals: Option<crate::study::rivals::RivalStudy>,
    /// Exit code (4 when some price files were unreadable).
    pub code: ExitCode,
}

/// Loads the inputs, runs the study and writes the CSV files into `out`. With `lazily`, a
/// Parquet dataset partitioned by ticker is read a slice of tickers at a time within that
/// many bytes; without, every series is read first.
///
/// # Errors
/// Bad flags or inputs.
pub fn execute(
    prices: &PriceArgs,
    events_args: &EventArgs,
    study_args: &StudyArgs,
    out: &std::path::Path,
    quiet: bool,
    lazily: Option<u64>,
) -> anyhow::Result<Ran> {
    let settings = study_args.settings(events_args, prices)?;
    let explanation = study_args.explanation()?;
    let peers = study_args.peers(events_args)?;
    let split_by_sign = crate::study::rivals::split_group(study_args.group_by.as_deref()).1;
    let path = events_args
        .events
        .as_ref()
        .ok_or_else(|| Error::Usage("the study needs --events FILE".into()))?;
    let mut factors = None;
    if !study_args.factors.is_empty() {
        let mut f = Factors::default();
        for p in &study_args.factors {
            f.read(p)?;
        }
        factors = Some(f);
    }
    // Prices and events are read at the same time.
    let (loaded, loaded_events) = std::thread::scope(|sc| {
        let ev = sc.spawn(|| {
            let e = load_events(events_args, path, quiet);
            crate::timing::mark("events loaded");
            e
        });
        let loaded = match lazily {
            Some(limit) => load_prices_lazily(prices, limit, quiet),
            None => load_prices(prices, quiet),
        };
        crate::timing::mark("prices read");
        (loaded, ev.join())
    });
    let loaded = loaded?;
    let loaded_events = loaded_events.unwrap_or_else(|p| std::panic::resume_unwind(p))?;
    let events = &loaded_events.events;
    crate::filings::check_day0(settings.day0, events_args.sec_filings.is_some(), events)
        .map_err(|why| Error::Usage(format!("--day0 {why}: give --sec-filings auto|DIR")))?;
    let inputs = Inputs {
        prices: match &loaded.dataset {
            Some((d, limit)) => Prices::Dataset(d, *limit),
            None => (&loaded.panel).into(),
        },
        market: loaded.market.series.as_ref(),
        calendar: &loaded.market.calendar,
        factors: factors.as_ref(),
    };
    let measures = study_args.measures()?;
    let nested = measures.len() > 1;
    let mut studies = Vec::with_capacity(measures.len());
    for m in measures {
        let dir = if nested {
            PathBuf::from(m.name())
        } else {
            PathBuf::new()
        };
        let into = out.join(&dir);
        std::fs::create_dir_all(&into).map_err(|e| Error::write(&into, e))?;
        let settings = Settings {
            measure: m,
            ..settings.clone()
        };
        let one = Study {
            events: &loaded_events,
            inputs: &inputs,
            settings: &settings,
            explanation: explanation.as_ref(),
            rivals: peers.as_ref().map(|p| (p, split_by_sign)),
            quiet,
        };
        let (result, explained, rivals) = one.into_dir(&into)?;
        studies.push((dir, result, explained, rivals));
    }
    let mut studies = studies.into_iter();
    let (dir, result, explained, rivals) = studies
        .next()
        .ok_or_else(|| Error::Usage("no --measure".into()))?;
    let more = studies.map(|(d, r, _, _)| (d, r)).collect();
    Ok(Ran {
        code: loaded.exit_code(),
        loaded,
        events: loaded_events,
        result,
        explained,
        dir,
        more,
        rivals,
    })
}

impl Ran {
    /// Every study run, the first measure's first, each with its folder inside the output
    /// folder.
    pub fn studies(&self) -> impl Iterator<Item = (&std::path::Path, &StudyResult)> {
        std::iter::once((self.dir.as_path(), &self.result))
            .chain(self.more.iter().map(|(d, r)| (d.as_path(), r)))
    }
}

/// One measure's study over the loaded events.
struct Study<'a> {
    events: &'a LoadedEvents,
    inputs: &'a Inputs<'a>,
    settings: &'a Settings,
    explanation: Option<&'a (Vec<Term>, SeType)>,
    /// The peers of `--rivals`, and whether the rivals' tests are split by the
    /// announcer's sign.
    rivals: Option<(&'a crate::study::rivals::Peers, bool)>,
    quiet: bool,
}

impl Study<'_> {
    /// Runs the study and writes its CSV files, the regression's and `study.txt` into `out`.
    fn into_dir(
        self,
        out: &std::path::Path,
    ) -> anyhow::Result<(
        StudyResult,
        Option<Explained>,
        Option<crate::study::rivals::RivalStudy>,
    )> {
        let (loaded_events, inputs, settings, quiet) =
            (self.events, self.inputs, self.settings, self.quiet);
        let events = &loaded_events.events;
        let explanation = self.explanation;
        let pb = spinner(quiet, "running the event study");
        let result = study::run(events, inputs, settings);
        pb.finish_and_clear();
        let mut result = result?;
        crate::timing::mark("study computed");
        // Repeated events dropped on reading are excluded with their reason.
        result
            .excluded
            .extend(loaded_events.duplicates.iter().cloned());
        // What a reader must know about the events left out for want of a ticker.
        if let Some(line) = crate::events::tickers::survivorship(&loaded_events.unmatched) {
            result.notes.push(line);
        }
        let mut rivals = None;
        if let Some((peers, split)) = self.rivals {
            let pb = spinner(quiet, "studying the rivals");
            let rs = crate::study::rivals::run(events, inputs, &result, peers, split);
            pb.finish_and_clear();
            let rs = rs?;
            crate::study::rivals::write_files(out, events, settings, &rs)?;
            rs.add_to(&mut result);
            rivals = Some(rs);
        }
        // The regression and its files are made beside the study's tables, the longest files to
        // write; study.txt, which holds the regression's notes, comes last.
        let (explained, tables) = std::thread::scope(|sc| {
            let x = sc.spawn(|| {
                explanation
                    .map(|(terms, se)| explain_into(out, events, &result, terms, se))
                    .transpose()
            });
            let tables = output::write_tables(out, events, &result);
            (x.join(), tables)
        });
        let explained = explained.unwrap_or_else(|p| std::panic::resume_unwind(p))?;
        tables?;
        crate::timing::mark("tables written");
        if let Some(x) = &explained {
            result.notes.extend(x.notes.iter().cloned());
        }
        output::write_notes(out, &result)?;
        Ok((result, explained, rivals))
    }
}

/// Runs the regression of `--explain` and writes `regression.csv`, `regression_fit.csv`
/// and `regression_data.csv` into `out`.
fn explain_into(
    out: &std::path::Path,
    events: &[crate::events::Event],
    result: &StudyResult,
    terms: &[Term],
    se: &SeType,
) -> crate::error::Result<Explained> {
    let x = regression::explain(events, result, terms, se);
    regression::write_files(out, &x, events)?;
    Ok(x)
}

/// Runs `study`. The study's values are left to the end of the process, which follows
/// (a program running studies one after another calls [`crate::study::run`] instead).
///
/// # Errors
/// Bad flags or inputs.
pub fn run(a: Args, quiet: bool) -> anyhow::Result<ExitCode> {
    let limit = memory_limit(a.memory_limit.as_deref())?;
    if let Some(x) = &a.xlsx {
        check_xlsx(x, &a)?;
    }
    let stage = stage_out(&a.prices, &a.events, &a.study, &a.out)?;
    crate::timing::mark("output folder staged");
    // A dataset partitioned by ticker is read a slice at a time, unless the workbook's
    // returns sheet needs every series.
    let lazily = a.xlsx.is_none().then_some(limit);
    let ran = execute(&a.prices, &a.events, &a.study, stage.path(), quiet, lazily)?;
    for (dir, result) in ran.studies() {
        crate::chart::study::write_charts(
            &stage.path().join(dir),
            result,
            crate::chart::Size::default(),
        )?;
    }
    crate::timing::mark("charts drawn");
    stage.commit()?;
    crate::timing::mark("output folder in place");
    if let Some(path) = &a.xlsx {
        let (returns, _) = crate::returns::announcement_returns(
            &ran.events.events,
            &ran.loaded.panel,
            ran.loaded.market.series.as_ref(),
            &ran.loaded.market.calendar,
            ran.result.settings.non_trading,
            ran.result.settings.log_returns,
        );
        let sheets = crate::report::workbook(
            &ran.events.events,
            &ran.result,
            &returns,
            ran.explained.as_ref(),
        );
        let refs: Vec<(&str, &crate::content::Table)> =
            sheets.iter().map(|(n, t)| (*n, t)).collect();
        crate::export::xlsx::write(path, &refs)?;
    }
    for (dir, result) in ran.studies() {
        study_note(result, &a.out.join(dir), quiet);
    }
    // With --explain the regression is what was asked: its coefficients go to stdout.
    match &ran.explained {
        Some(x) => emit(&regression::coef_table(x), a.format, None)?,
        None => emit(&output::summary(&ran.result), a.format, None)?,
    }
    let code = ran.code;
    // The command ends the process next, which gives the memory back at once: freeing a
    // million events' values one by one took 2 s.
    std::mem::forget(ran);
    crate::timing::mark("done");
    Ok(code)
}

/// Checks `--xlsx FILE` before any work: an `.xlsx` file that is not an input.
fn check_xlsx(path: &std::path::Path, a: &Args) -> Result<(), Error> {
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return Err(Error::Usage(format!(
            "--xlsx {}: expected a file name ending in .xlsx",
            path.display()
        )));
    }
    let mut inputs = a.prices.input_paths();
    inputs.extend(a.events.input_paths());
    inputs.extend(a.study.factors.iter().map(std::path::PathBuf::as_path));
    guard::Inputs::new(inputs).check_file("--xlsx", path)
}

/// Checks that `out` holds no input and may be replaced, and prepares the folder the
/// outputs are built in before they are swapped in whole.
///
/// # Errors
/// `out` is or holds an input, or holds files this tool did not write (usage).
pub fn stage_out(
    prices: &PriceArgs,
    events: &EventArgs,
    study: &StudyArgs,
    out: &std::path::Path,
) -> Result<StagedDir, Error> {
    // The sources of event time are checked before the folder is staged.
    super::common::filing_sources(events)?;
    let mut inputs = prices.input_paths();
    inputs.extend(events.input_paths());
    inputs.extend(study.factors.iter().map(std::path::PathBuf::as_path));
    inputs.extend(study.peer_list.as_deref());
    if let Some(f) = study
        .rivals
        .as_deref()
        .filter(|k| !matches!(*k, "gics" | "sic4" | "sic3" | "sic2"))
    {
        inputs.push(std::path::Path::new(f));
    }
    guard::Inputs::new(inputs).check_dir("--out", out)?;
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
