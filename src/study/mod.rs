//! The event study (METHODS.md §4-5): abnormal returns under a model of normal returns,
//! cumulated over event windows, tested across events, per group.
//!
//! ```no_run
//! use layoff_study::study::{Settings, Inputs, run};
//! # fn f(inputs: Inputs<'_>, events: Vec<layoff_study::events::Event>) {
//! let result = run(&events, &inputs, &Settings::default()).unwrap();
//! println!("{} events studied", result.results.len());
//! # }
//! ```

pub mod event_time;
pub mod garch;
pub mod linalg;
pub mod measure;
pub mod model;
pub mod output;
pub mod overlap;
pub mod regression;
pub mod rivals;
pub mod significance;
pub mod spec;
pub mod store;
pub mod window;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::calendar::{Calendar, NonTrading};
use crate::date::{self, Day};
use crate::error::{Error, Result};
use crate::events::{Event, Exclusion};
use crate::import::dataset::Prices;
use crate::import::french::Factors;
use crate::series::Series;
pub use measure::Measure;
pub use model::{Fit, Model};
use significance::{ArSpan, Stat};
pub use store::ArStore;
pub use window::Window;

/// How the study is run.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// What is studied: returns, log volume or volatility (`--measure`).
    pub measure: Measure,
    /// Model of normal returns (of normal log volume for `--measure volume`).
    pub model: Model,
    /// Estimation window E.
    pub estimation: Window,
    /// Event windows W.
    pub windows: Vec<Window>,
    /// Window of the CAAR chart and `caar.csv` (never excludes).
    pub chart: Window,
    /// Fewest usable estimation days.
    pub min_estimation: usize,
    /// Day 0 of announcements on non-trading dates.
    pub non_trading: NonTrading,
    /// Events column to group by.
    pub group_by: Option<String>,
    /// Log returns instead of simple returns.
    pub log_returns: bool,
    /// What to do with events that overlap another event of the same ticker (§8).
    pub overlap: overlap::Overlap,
    /// Keep other events' spans of the same ticker out of the estimation window (§8).
    pub clean_estimation: bool,
    /// Seed for the sampled Kolari-Pynnönen pairs.
    pub seed: u64,
    /// Which instant day 0 comes from (`--day0`, §9).
    pub day0: crate::filings::Day0Rule,
    /// Trading days around day 0 in which a confounder confounds (`--confound-window`).
    pub confound_window: Window,
    /// Keep confounded events (flagged) or exclude them (`--confounded`).
    pub confounded: event_time::Confounded,
    /// `cars.csv` gains `day0_source` and `confounders` (set when announcement times,
    /// filings or confounders are given).
    pub event_time: bool,
    /// Fewest events of a group drawn in the CAAR chart; smaller groups are named under
    /// it and stay in every table (`--min-group-size`).
    pub min_group_size: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            measure: Measure::Return,
            model: Model::Market,
            estimation: Window::new(-250, -11),
            windows: vec![Window::new(0, 0), Window::new(-1, 1), Window::new(-5, 5)],
            chart: Window::new(-10, 10),
            min_estimation: 100,
            non_trading: NonTrading::Next,
            group_by: None,
            log_returns: false,
            overlap: overlap::Overlap::Keep,
            clean_estimation: false,
            seed: 20_240_110,
            day0: crate::filings::Day0Rule::Reported,
            confound_window: Window::new(-1, 1),
            confounded: event_time::Confounded::Flag,
            event_time: false,
            min_group_size: 10,
        }
    }
}

impl Settings {
    /// The chart window for an estimation window: the default -10:10, giving way to an
    /// estimation window that ends later than day -11 (`--estimation=-240:-1` charts 0:10).
    pub fn chart_for(estimation: Window) -> Window {
        let default = Settings::default().chart;
        if estimation.end >= default.start && estimation.end < default.end {
            Window::new(estimation.end + 1, default.end)
        } else {
            default
        }
    }

    /// Checks the settings against each other.
    ///
    /// # Errors
    /// No window, an estimation window that overlaps an event or chart window, a
    /// `--min-estimation` larger than the estimation window or not above k, an unknown
    /// group column.
    pub fn validate(&self) -> Result<()> {
        use crate::setting::Setting as S;
        if self.windows.is_empty() {
            return Err(Error::setting(
                S::Windows,
                format!("give at least one {}", S::Windows),
            ));
        }
        let flagged = self
            .windows
            .iter()
            .map(|w| (S::Windows, w))
            .chain([(S::ChartWindow, &self.chart)]);
        for (flag, w) in flagged {
            if self.estimation.overlaps(*w) || self.estimation.start > w.start {
                return Err(Error::setting(
                    S::Estimation,
                    format!(
                        "{} {} and {flag} {w}: the estimation window must end before the \
                         window starts (it overlaps or follows it); give a {} that starts \
                         after day {}",
                        S::Estimation,
                        self.estimation,
                        flag.named(),
                        self.estimation.end
                    ),
                ));
            }
        }
        if self.min_estimation > self.estimation.len() {
            return Err(Error::setting(
                S::MinEstimation,
                format!(
                    "{} {} is more than the {} days of the estimation window {}",
                    S::MinEstimation,
                    self.min_estimation,
                    self.estimation.len(),
                    self.estimation
                ),
            ));
        }
        if self.min_estimation <= self.model.k() + 2 {
            return Err(Error::setting(
                S::MinEstimation,
                format!(
                    "{} {} is too small for the {} model: it needs more than {} days",
                    S::MinEstimation,
                    self.min_estimation,
                    self.model.name(),
                    self.model.k() + 2
                ),
            ));
        }
        if self.measure == Measure::Volume
            && !matches!(self.model, Model::MeanAdjusted | Model::Market)
        {
            return Err(Error::setting(
                S::Model,
                format!(
                    "{m} volume with {model} {}: abnormal volume is measured against the \
                     mean-adjusted or market model of log volume; give {model} market or \
                     {model} mean-adjusted",
                    self.model.name(),
                    m = S::Measure,
                    model = S::Model
                ),
            ));
        }
        if self.min_group_size == 0 {
            return Err(Error::setting(
                S::MinGroupSize,
                format!("{} 0: expected at least 1 event", S::MinGroupSize),
            ));
        }
        if let Some(g) = &self.group_by
            && !crate::events::GROUP_COLUMNS.contains(&g.as_str())
        {
            return Err(Error::setting(
                S::GroupBy,
                format!(
                    "{} {g}: expected one of {}",
                    S::GroupBy,
                    crate::events::GROUP_COLUMNS.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// The position of `window` among the event windows; the first when none is asked.
    ///
    /// # Errors
    /// A window the study did not measure.
    pub fn window_index(&self, window: Option<Window>) -> Result<usize> {
        let Some(w) = window else { return Ok(0) };
        self.windows.iter().position(|x| *x == w).ok_or_else(|| {
            Error::setting(
                crate::setting::Setting::Windows,
                format!("window {w} is not one of the study's windows"),
            )
        })
    }

    /// Relative days covered by the chart window and the event windows.
    pub fn span(&self) -> Window {
        let start = self
            .windows
            .iter()
            .map(|w| w.start)
            .chain([self.chart.start])
            .min()
            .unwrap_or(0);
        let end = self
            .windows
            .iter()
            .map(|w| w.end)
            .chain([self.chart.end])
            .max()
            .unwrap_or(0);
        Window::new(start, end)
    }
}

/// What the study reads.
pub struct Inputs<'a> {
    /// Prices: a panel in memory (`(&panel).into()`) or a partitioned dataset.
    pub prices: Prices<'a>,
    /// The market series, when there is one.
    pub market: Option<&'a Series>,
    /// The trading calendar.
    pub calendar: &'a Calendar,
    /// Fama-French factors, for the factor models.
    pub factors: Option<&'a Factors>,
}

/// CAR, SCAR and BHAR of one event over one window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowStat {
    /// Cumulative abnormal return.
    pub car: f64,
    /// Standardised CAR.
    pub scar: f64,
    /// Buy-and-hold abnormal return.
    pub bhar: f64,
}

/// One studied event.
#[derive(Debug, Clone)]
pub struct EventResult {
    /// Index into the events.
    pub event: usize,
    /// Ticker.
    pub ticker: String,
    /// Day 0.
    pub day0: Day,
    /// Calendar index of day 0.
    pub day0_index: usize,
    /// The fitted model.
    pub fit: Fit,
    /// Share of usable estimation days with a positive AR.
    pub share_positive: f64,
    /// Buy-and-hold return over the usable estimation days (the `runup` of `--explain`).
    pub runup: f64,
    /// Returns over the span of the chart and event windows (relative days
    /// `span.start ..= span.end`; NaN where missing). The estimation window's abnormal
    /// returns are in the result's [`ArStore`], at [`est_slot`](Self::est_slot).
    pub ret: Vec<f64>,
    /// Expected returns, same days.
    pub expected: Vec<f64>,
    /// Abnormal returns, same days.
    pub ar: Vec<f64>,
    /// One entry per settings window.
    pub windows: Vec<WindowStat>,
    /// Event ids of the other studied events of the ticker whose spans share a day (§8).
    pub overlaps: Vec<String>,
    /// Where day 0 came from: `reported` or `filing` (§9).
    pub day0_source: &'static str,
    /// Why day 0 is not the trading day of the reported date, when it is not.
    pub moved: Option<event_time::Moved>,
    /// Confounders in day 0 + the confound window, `kind date time (day k)`.
    pub confounders: Vec<String>,
    /// Slot of the estimation window's abnormal returns in [`StudyResult::estimation`].
    pub est_slot: usize,
}

impl EventResult {
    /// Index into `ret`/`expected`/`ar` of a relative day of the span.
    pub fn at(&self, settings: &Settings, rel: i32) -> usize {
        (rel - settings.span().start) as usize
    }
}

/// One summary row: a group and a window.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    /// Group (`all` for the pooled row).
    pub group: String,
    /// Window.
    pub window: Window,
    /// Events.
    pub n: usize,
    /// Mean CAR.
    pub caar: f64,
    /// Median CAR.
    pub median_car: f64,
    /// Share of CARs below zero.
    pub share_negative: f64,
    /// Share of CARs above zero (of avol for volatility).
    pub share_positive: f64,
    /// Cross-sectional t.
    pub t_cs: Stat,
    /// Patell z.
    pub patell: Stat,
    /// BMP t.
    pub bmp: Stat,
    /// Kolari-Pynnönen adjusted BMP t.
    pub kp: Stat,
    /// Generalised sign z.
    pub gen_sign: Stat,
    /// Rank z.
    pub rank: Stat,
    /// Wilcoxon z.
    pub wilcoxon: Stat,
    /// 95 % interval of the CAAR from the cross-sectional t.
    pub ci: (f64, f64),
}

/// The seven tests in the order of the tables: the columns of their statistic and
/// p-value in `summary.csv`, and their name in the report.
pub const TESTS: [(&str, &str, &str); 7] = [
    ("t_cs", "p_cs", "t"),
    ("patell_z", "p_patell", "Patell"),
    ("bmp_t", "p_bmp", "BMP"),
    ("kp_bmp_t", "p_kp", "KP"),
    ("gen_sign_z", "p_gen_sign", "sign"),
    ("rank_z", "p_rank", "rank"),
    ("wilcoxon_z", "p_wilcoxon", "Wilcoxon"),
];

/// Whether test `i` of [`TESTS`] is defined for a measure: Patell, BMP and
/// Kolari-Pynnönen are not defined for volatility (§11).
pub fn test_defined(m: Measure, i: usize) -> bool {
    m != Measure::Volatility || !matches!(i, 1..=3)
}

impl SummaryRow {
    /// The tests defined for a measure, with their index in [`TESTS`].
    pub fn tests_of(&self, m: Measure) -> Vec<(usize, Stat)> {
        self.tests()
            .into_iter()
            .enumerate()
            .filter(|&(i, _)| test_defined(m, i))
            .collect()
    }

    /// The seven tests in the order of the tables: t, Patell, BMP, Kolari-Pynnönen,
    /// generalised sign, rank, Wilcoxon.
    pub fn tests(&self) -> [Stat; 7] {
        [
            self.t_cs,
            self.patell,
            self.bmp,
            self.kp,
            self.gen_sign,
            self.rank,
            self.wilcoxon,
        ]
    }
}

/// One CAAR row: a group and a relative day of the chart window.
#[derive(Debug, Clone, PartialEq)]
pub struct CaarRow {
    /// Group.
    pub group: String,
    /// Relative day.
    pub rel_day: i32,
    /// Events with an AR that day.
    pub n: usize,
    /// Mean AR.
    pub aar: f64,
    /// Sum of AAR from the chart start.
    pub caar: f64,
    /// 95 % interval: CAAR -+ t(0.975, n-1) sd(CAR_i) / sqrt(n), over the events with every
    /// AR from the chart start to this day.
    pub ci: (f64, f64),
}

/// Everything a study produces.
#[derive(Debug)]
pub struct StudyResult {
    /// The settings used.
    pub settings: Settings,
    /// Studied events.
    pub results: Vec<EventResult>,
    /// Excluded events with reasons.
    pub excluded: Vec<Exclusion>,
    /// Per group and window.
    pub summary: Vec<SummaryRow>,
    /// Per group and chart day.
    pub caar: Vec<CaarRow>,
    /// Remarks for the user (sampled correlation pairs, ...).
    pub notes: Vec<String>,
    /// The trading calendar's dates (for dating relative days).
    pub calendar_days: Vec<Day>,
    /// The estimation-window abnormal returns of the studied events (relative days
    /// `estimation.start ..= estimation.end`, NaN on unusable days), by `est_slot`.
    pub estimation: ArStore,
}

impl StudyResult {
    /// The estimation-window abnormal returns of a studied event.
    ///
    /// # Errors
    /// The store's temporary file cannot be read.
    pub fn estimation_ars(&self, r: &EventResult) -> Result<Vec<f64>> {
        let mut v = vec![0.0; self.estimation.row_len()];
        self.estimation.read(r.est_slot, &mut v)?;
        Ok(v)
    }
}

/// Per-day inputs of the model on the calendar.
struct Regressors {
    model: Model,
    market: Option<Vec<f64>>,
    factors: Vec<Vec<f64>>,
    rf: Option<Vec<f64>>,
}

impl Regressors {
    fn new(model: Model, inputs: &Inputs<'_>, log: bool, measure: Measure) -> Result<Self> {
        let cal = inputs.calendar;
        let market = inputs.market.map(|m| measure.values(cal, m, log));
        if let (Measure::Volume, Model::Market, Some(m), Some(v)) =
            (measure, model, inputs.market, &market)
            && v.iter().all(|x| x.is_nan())
        {
            return Err(Error::Usage(format!(
                "--measure volume with the market model needs the market's volume: {} ({}) has \
                 no volume column; give a --market file with volumes or --model mean-adjusted",
                m.ticker,
                m.source.display()
            )));
        }
        if matches!(model, Model::Market | Model::MarketAdjusted | Model::Garch) && market.is_none()
        {
            return Err(Error::Usage(format!(
                "the {} model needs a market series: give --market",
                model.name()
            )));
        }
        let (factors, rf) = if model.is_factor() {
            let f = inputs.factors.ok_or_else(|| {
                Error::Usage(format!(
                    "the {} model needs --factors (Ken French daily files)",
                    model.name()
                ))
            })?;
            let col = |name: &str| {
                f.on_days(name, cal.days()).ok_or_else(|| {
                    Error::Usage(format!(
                        "the {} model needs the {name} factor; the --factors files have {}",
                        model.name(),
                        f.names().join(", ")
                    ))
                })
            };
            let cols = model
                .factors()
                .iter()
                .map(|n| col(n))
                .collect::<Result<Vec<_>>>()?;
            (cols, Some(col("RF")?))
        } else {
            (Vec::new(), None)
        };
        Ok(Regressors {
            model,
            market,
            factors,
            rf,
        })
    }

    /// The model inputs of calendar day `c` for stock return `r`; `None` when unusable.
    fn day(&self, c: usize, r: f64) -> Option<model::Day> {
        if !r.is_finite() {
            return None;
        }
        let rm = self.market.as_ref().map(|m| m[c]);
        if rm.is_some_and(|v| !v.is_finite()) {
            return None;
        }
        Some(match self.model {
            Model::MarketAdjusted => model::Day::new(r, 0.0, &[rm?]),
            Model::MeanAdjusted => model::Day::new(r, 0.0, &[1.0]),
            Model::Market | Model::Garch => model::Day::new(r, 0.0, &[1.0, rm?]),
            _ => {
                let mut x = [1.0; model::MAX_K];
                for (slot, f) in x[1..].iter_mut().zip(&self.factors) {
                    let v = f[c];
                    if !v.is_finite() {
                        return None;
                    }
                    *slot = v;
                }
                let rf = self.rf.as_ref()?[c];
                if !rf.is_finite() {
                    return None;
                }
                model::Day::new(r, rf, &x[..1 + self.factors.len()])
            }
        })
    }
}

/// Runs the event study.
///
/// # Errors
/// Invalid settings, or a model whose inputs (market, factors) are missing.
pub fn run(events: &[Event], inputs: &Inputs<'_>, settings: &Settings) -> Result<StudyResult> {
    settings.validate()?;
    // Events that carry their own time or filing are studied in event time, as those
    // with filings or confounders given.
    let timed = |e: &Event| e.timing.announced.is_some() || e.timing.filing.is_some();
    let with_time;
    let settings = if !settings.event_time && events.iter().any(timed) {
        with_time = Settings {
            event_time: true,
            ..settings.clone()
        };
        &with_time
    } else {
        settings
    };
    let reg = Regressors::new(
        settings.model,
        inputs,
        settings.log_returns,
        settings.measure,
    )?;
    let cal = inputs.calendar;
    let jobs: Vec<(usize, Vec<(i64, i64)>)> = (0..events.len()).map(|i| (i, Vec::new())).collect();
    let (mut results, mut excluded, mut store) = study_all(events, &jobs, inputs, &reg, settings)?;
    if settings.clean_estimation {
        // Again, with the spans of the other studied events of each ticker kept out.
        let blocked = overlap::blocked(&results, settings);
        let jobs: Vec<_> = results.iter().map(|r| r.event).zip(blocked).collect();
        drop(store);
        let (r, x, st) = study_all(events, &jobs, inputs, &reg, settings)?;
        results = r;
        store = st;
        excluded.extend(x);
    }
    store.seal()?;
    crate::timing::mark("events studied");
    let overlaps = overlap::overlapping(&results, settings);
    for (i, o) in overlaps.iter().enumerate() {
        let mut ids: Vec<String> = o
            .iter()
            .map(|&j| events[results[j].event].id.clone())
            .collect();
        ids.sort();
        results[i].overlaps = ids;
    }
    let n_overlapping = overlaps.iter().filter(|o| !o.is_empty()).count();
    let (results, dropped) = overlap::apply(settings.overlap, events, results, &overlaps);
    let mut notes = Vec::new();
    if n_overlapping > 0 {
        notes.push(overlap::note(
            settings.overlap,
            n_overlapping,
            dropped.len(),
        ));
    }
    excluded.extend(dropped);
    if settings.event_time {
        notes.extend(event_time_notes(events, &results, &excluded, settings));
    }
    crate::timing::mark("overlaps found");
    let (summary, caar) = summarise(events, &results, &store, settings, &mut notes)?;
    crate::timing::mark("summary and tests");
    Ok(StudyResult {
        settings: settings.clone(),
        results,
        excluded,
        summary,
        caar,
        notes,
        calendar_days: cal.days().to_vec(),
        estimation: store,
    })
}

/// What `study.txt` says of event time: layoff filings, day 0 moved and why, confounders.
fn event_time_notes(
    events: &[Event],
    results: &[EventResult],
    excluded: &[Exclusion],
    s: &Settings,
) -> Vec<String> {
    use event_time::Moved;
    let studied = results.len();
    let with_filing = results
        .iter()
        .filter(|r| events[r.event].timing.filing.is_some())
        .count();
    let count = |m: Moved| results.iter().filter(|r| r.moved == Some(m)).count();
    let (after_close, by_filing) = (count(Moved::AfterClose), count(Moved::Filing));
    let confounded = results.iter().filter(|r| !r.confounders.is_empty()).count();
    let dropped = excluded
        .iter()
        .filter(|x| x.reason.starts_with("confounded: "))
        .count();
    vec![
        format!(
            "event time: day 0 by --day0 {}; {with_filing} of {studied} studied events have a layoff filing; day 0 moved for {} events ({after_close} announced at or after the 16:00 close, {by_filing} by the layoff filing)",
            s.day0.name(),
            after_close + by_filing
        ),
        match s.confounded {
            event_time::Confounded::Flag => format!(
                "confounders: {confounded} of {studied} studied events have another announcement (earnings) in day 0 + {}: flagged in cars.csv (confounders), kept (--confounded flag)",
                s.confound_window
            ),
            event_time::Confounded::Drop => format!(
                "confounders: {dropped} events with another announcement (earnings) in day 0 + {} excluded (--confounded drop)",
                s.confound_window
            ),
        },
    ]
}

/// Bytes of calendar returns computed at once: the tickers of the events are studied in
/// slices of this many bytes of returns, whatever the size of the panel.
const SLICE_BYTES: u64 = 64 << 20;

/// Events studied at once within a slice: their estimation rows (2 KB an event) go to the
/// store's writer before the next batch is studied.
const BATCH_EVENTS: usize = 8192;

/// Studies `(event, blocked calendar ranges)` jobs a slice of tickers at a time (the
/// returns of a slice's tickers on the calendar are computed, used and dropped), with the
/// estimation-window abnormal returns put in a store. Results and exclusions come in job
/// order.
fn study_all(
    events: &[Event],
    jobs: &[(usize, Vec<(i64, i64)>)],
    inputs: &Inputs<'_>,
    reg: &Regressors,
    s: &Settings,
) -> Result<(Vec<EventResult>, Vec<Exclusion>, ArStore)> {
    let cal = inputs.calendar;
    let mut store = ArStore::new(s.estimation.len(), jobs.len())?;
    // Jobs by the position of their ticker's series (those without one last), then in job
    // order.
    let mut keyed: Vec<(usize, usize)> = jobs
        .iter()
        .enumerate()
        .map(|(j, (e, _))| {
            let pos = events[*e]
                .ticker
                .as_deref()
                .and_then(|t| inputs.prices.position(t));
            (pos.unwrap_or(usize::MAX), j)
        })
        .collect();
    keyed.sort_unstable();
    let mut positions: Vec<usize> = keyed.iter().map(|k| k.0).collect();
    positions.dedup();
    if positions.last() == Some(&usize::MAX) {
        // The jobs without prices are excluded last, without reading anything.
        positions.pop();
    }
    let slices = inputs.prices.slices(&positions, cal.len(), SLICE_BYTES);
    let mut outcomes: Vec<Option<std::result::Result<EventResult, Exclusion>>> =
        (0..jobs.len()).map(|_| None).collect();
    // A thread of its own appends each slice's estimation rows to the store while the next
    // slice is studied; the rows go in the order their slots are given here.
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Vec<f64>>>(0);
    let stored = std::thread::scope(|scope| -> Result<ArStore> {
        let writer = scope.spawn(move || -> Result<ArStore> {
            for rows in receive {
                for row in rows {
                    store.push(&row)?;
                }
            }
            Ok(store)
        });
        let batches = Batches {
            events,
            jobs,
            inputs,
            reg,
            s,
            outcomes: &mut outcomes,
            send: &send,
            next_slot: 0,
        };
        let studied = study_slices(batches, &keyed, &positions, slices);
        drop(send);
        let store = writer
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        studied?;
        store
    })?;
    let (results, excluded) = split_outcomes(outcomes);
    Ok((results, excluded, stored))
}

/// The slices of [`study_all`], then the jobs without a series, studied by `batches`. A
/// thread reads the next slice's series and makes their returns while a slice is studied.
fn study_slices(
    mut batches: Batches<'_, '_>,
    keyed: &[(usize, usize)],
    positions: &[usize],
    slices: Vec<std::ops::Range<usize>>,
) -> Result<()> {
    let (inputs, s) = (batches.inputs, batches.s);
    let cal = inputs.calendar;
    let mut at = 0;
    std::thread::scope(|scope| -> Result<()> {
        // One slice is read while another is studied (the receiver dropped on an early
        // return stops the reader).
        let (give, take) =
            std::sync::mpsc::sync_channel::<Result<(std::ops::Range<usize>, Vec<Vec<f64>>)>>(0);
        scope.spawn(move || {
            for slice in slices {
                let read = inputs.prices.load(&positions[slice.clone()]).map(|series| {
                    series
                        .par_iter()
                        .map(|ser| s.measure.values(cal, ser, s.log_returns))
                        .collect()
                });
                let failed = read.is_err();
                if give.send(read.map(|r| (slice, r))).is_err() || failed {
                    break;
                }
            }
        });
        for read in take {
            let (slice, returns) = read?;
            let wanted = &positions[slice.clone()];
            let last = positions[slice.end - 1];
            let end = at + keyed[at..].partition_point(|k| k.0 <= last);
            if !batches.study(&keyed[at..end], Some((wanted, &returns))) {
                return Ok(());
            }
            at = end;
        }
        // What is left has no series.
        batches.study(&keyed[at..], None);
        Ok(())
    })
}

/// Studies jobs a batch at a time, so that few estimation rows wait for the store's writer:
/// each job's outcome into `outcomes`, the estimation rows sent to the writer, their slots
/// counted from 0 in sending order.
struct Batches<'a, 'b> {
    events: &'a [Event],
    jobs: &'a [(usize, Vec<(i64, i64)>)],
    inputs: &'a Inputs<'b>,
    reg: &'a Regressors,
    s: &'a Settings,
    outcomes: &'a mut [Option<std::result::Result<EventResult, Exclusion>>],
    send: &'a std::sync::mpsc::SyncSender<Vec<Vec<f64>>>,
    next_slot: usize,
}

impl Batches<'_, '_> {
    /// Studies `(position, job)` pairs with the returns of the series at `wanted` positions
    /// (none: every job is excluded for want of prices). False when the writer stopped on
    /// an error (which it returns).
    fn study(
        &mut self,
        keyed: &[(usize, usize)],
        loaded: Option<(&[usize], &Vec<Vec<f64>>)>,
    ) -> bool {
        let (events, jobs, inputs, reg, s) =
            (self.events, self.jobs, self.inputs, self.reg, self.s);
        for batch in keyed.chunks(BATCH_EVENTS) {
            let done: Vec<(usize, Outcome)> = batch
                .par_iter()
                .map(|&(pos, j)| {
                    let (e, blocked) = &jobs[j];
                    let r = loaded.and_then(|(wanted, returns)| {
                        wanted
                            .binary_search(&pos)
                            .ok()
                            .map(|k| returns[k].as_slice())
                    });
                    (j, study_event(*e, &events[*e], inputs, r, reg, s, blocked))
                })
                .collect();
            let mut rows = Vec::with_capacity(done.len());
            for (j, o) in done {
                self.outcomes[j] = Some(match o {
                    Ok((mut r, est)) => {
                        r.est_slot = self.next_slot;
                        self.next_slot += 1;
                        rows.push(est);
                        Ok(r)
                    }
                    Err(x) => Err(x),
                });
            }
            if self.send.send(rows).is_err() {
                return false;
            }
        }
        true
    }
}

/// A studied event with its estimation-window abnormal returns, or why it was excluded.
type Outcome = std::result::Result<(EventResult, Vec<f64>), Exclusion>;

/// Studied events and exclusions, in event order. The results are collected into the
/// outcomes' own allocation (same size), not a second vector beside it.
fn split_outcomes(
    outcomes: Vec<Option<std::result::Result<EventResult, Exclusion>>>,
) -> (Vec<EventResult>, Vec<Exclusion>) {
    let mut excluded = Vec::new();
    let results = outcomes
        .into_iter()
        .filter_map(|o| match o? {
            Ok(r) => Some(r),
            Err(x) => {
                excluded.push(x);
                None
            }
        })
        .collect();
    (results, excluded)
}

/// One event's study; `blocked` calendar ranges are not usable estimation days.
fn study_event(
    index: usize,
    e: &Event,
    inputs: &Inputs<'_>,
    returns: Option<&[f64]>,
    reg: &Regressors,
    s: &Settings,
    blocked: &[(i64, i64)],
) -> Outcome {
    let cal = inputs.calendar;
    let ticker = e.ticker.as_deref().ok_or_else(|| Exclusion::no_ticker(e))?;
    let r = returns.ok_or_else(|| Exclusion::of(e, format!("no prices for ticker {ticker}")))?;
    if s.measure == Measure::Volume && r.iter().all(|v| v.is_nan()) {
        return Err(Exclusion::of(
            e,
            format!("no volume in the prices of ticker {ticker}"),
        ));
    }
    let (d0, day0_source, moved) = event_time::day0(cal, e, s.day0, s.non_trading)
        .map_err(|why| Exclusion::of(e, why.to_string()))?;
    let confounders = event_time::confounders(cal, &e.timing, d0, s.confound_window);
    if s.confounded == event_time::Confounded::Drop
        && let Some(first) = confounders.first()
    {
        return Err(Exclusion::of(e, format!("confounded: {first}")));
    }
    let at = At { cal, d0, r };
    let (est_at, est_days) = at.estimation_days(reg, s, blocked);
    if est_days.len() < s.min_estimation {
        return Err(Exclusion::of(
            e,
            format!(
                "only {} of {} required estimation days usable in window {}",
                est_days.len(),
                s.min_estimation,
                s.estimation
            ),
        ));
    }
    let (fit, est_h) = if s.model == Model::Garch {
        garch_fit(&est_at, &est_days).map_err(|why| Exclusion::of(e, why.to_string()))?
    } else {
        let f = Fit::estimate(s.model, &est_days)
            .ok_or_else(|| Exclusion::of(e, "the estimation regressors are collinear"))?;
        (f, Vec::new())
    };
    let mut paths = at.paths(reg, s, &fit, &est_at, &est_days);
    if s.measure == Measure::Volatility {
        paths.replace_with_beaver_u(s, &fit, &est_at, &est_h);
    }
    let windows = s
        .windows
        .iter()
        .map(|w| at.window_stat(e, *w, s, &fit, &paths))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    // Days above the measure's benchmark: AR > 0, or U > 1 for volatility.
    let benchmark = if s.measure == Measure::Volatility {
        1.0
    } else {
        0.0
    };
    let positive = est_at
        .iter()
        .filter(|&&rel| paths.ar[(rel - s.estimation.start) as usize] > benchmark)
        .count();
    let est_len = s.estimation.len();
    let runup = (0..est_len)
        .filter(|&i| paths.ar[i].is_finite())
        .fold(1.0, |g, i| g * (1.0 + paths.ret[i]))
        - 1.0;
    // The span's days are kept with the result, the estimation window's go to the store.
    let from = (s.span().start - s.estimation.start) as usize;
    let Paths {
        ret,
        expected,
        mut ar,
        ..
    } = paths;
    let span_ar = ar[from..].to_vec();
    ar.truncate(est_len);
    Ok((
        EventResult {
            event: index,
            ticker: ticker.to_string(),
            day0: cal.days()[d0],
            day0_index: d0,
            share_positive: positive as f64 / est_at.len() as f64,
            runup,
            fit,
            ret: ret[from..].to_vec(),
            expected: expected[from..].to_vec(),
            ar: span_ar,
            windows,
            overlaps: Vec::new(),
            day0_source,
            moved,
            confounders,
            est_slot: 0,
        },
        ar,
    ))
}

/// The GARCH(1,1) market model fitted on the usable estimation days (relative days `at`).
/// With the fit come the conditional variances h_t of the estimation days.
fn garch_fit(
    at: &[i32],
    days: &[model::Day],
) -> std::result::Result<(Fit, Vec<f64>), garch::Failure> {
    let y: Vec<f64> = days.iter().map(|d| d.r).collect();
    let x: Vec<f64> = days.iter().map(|d| d.x()[1]).collect();
    let g = garch::fit(&y, &x)?;
    let fit = Fit {
        model: Model::Garch,
        params: vec![g.a, g.b],
        xtx_inv: None,
        s2: g.mean_h(),
        l: days.len(),
        d: days.len() - Model::Garch.k(),
        garch: Some(garch::Variance::of(&g, at.last().copied().unwrap_or(0))),
    };
    Ok((fit, g.h))
}

/// An event located on the calendar: day 0's index and the stock's returns there.
struct At<'a> {
    cal: &'a Calendar,
    d0: usize,
    r: &'a [f64],
}

/// Returns, expected returns and abnormal returns from the estimation start to the span
/// end, and the model inputs of the span's days.
struct Paths {
    ret: Vec<f64>,
    expected: Vec<f64>,
    ar: Vec<f64>,
    span_days: Vec<Option<model::Day>>,
}

impl Paths {
    /// Beaver's U in place of each abnormal return (§11): `AR_t^2 / s^2`, with the GARCH
    /// model's h_t in place of s^2 (`est_h` on the usable estimation days `est_at`, the
    /// forecasts after them).
    fn replace_with_beaver_u(&mut self, s: &Settings, fit: &Fit, est_at: &[i32], est_h: &[f64]) {
        let est_len = s.estimation.len();
        for (i, ar) in self.ar.iter_mut().enumerate() {
            if !ar.is_finite() {
                continue;
            }
            let v = match &fit.garch {
                None => fit.s2,
                Some(_) if i < est_len => {
                    let rel = s.estimation.start + i as i32;
                    est_at.binary_search(&rel).map_or(f64::NAN, |k| est_h[k])
                }
                Some(g) => g.at(s.estimation.start + i as i32),
            };
            *ar = *ar * *ar / v;
        }
    }
}

impl At<'_> {
    /// The calendar index of a relative day, when the calendar has it.
    #[inline]
    fn index(&self, rel: i32) -> Option<usize> {
        let c = self.d0 as i64 + rel as i64;
        (c >= 0 && (c as usize) < self.cal.len()).then_some(c as usize)
    }

    /// The usable days of the estimation window: relative days and model inputs.
    #[inline]
    fn estimation_days(
        &self,
        reg: &Regressors,
        s: &Settings,
        blocked: &[(i64, i64)],
    ) -> (Vec<i32>, Vec<model::Day>) {
        let mut est_days = Vec::with_capacity(s.estimation.len());
        let mut est_at = Vec::with_capacity(s.estimation.len());
        for rel in s.estimation.days() {
            if let Some(c) = self.index(rel)
                && !blocked.iter().any(|&(a, b)| (a..=b).contains(&(c as i64)))
                && let Some(day) = reg.day(c, self.r[c])
            {
                est_at.push(rel);
                est_days.push(day);
            }
        }
        (est_at, est_days)
    }

    /// Every day from the estimation start to the span end.
    #[inline]
    fn paths(
        &self,
        reg: &Regressors,
        s: &Settings,
        fit: &Fit,
        est_at: &[i32],
        est_days: &[model::Day],
    ) -> Paths {
        let span = s.span();
        let n = (span.end - s.estimation.start + 1) as usize;
        let mut p = Paths {
            ret: vec![f64::NAN; n],
            expected: vec![f64::NAN; n],
            ar: vec![f64::NAN; n],
            span_days: vec![None; span.len()],
        };
        for (rel, day) in est_at.iter().zip(est_days) {
            let i = (rel - s.estimation.start) as usize;
            let ex = fit.expected(day);
            p.ret[i] = day.r;
            p.expected[i] = ex;
            p.ar[i] = day.r - ex;
        }
        for rel in span.days() {
            let i = (rel - s.estimation.start) as usize;
            if let Some(c) = self.index(rel) {
                p.ret[i] = self.r[c];
                if let Some(day) = reg.day(c, self.r[c]) {
                    let ex = fit.expected(&day);
                    p.expected[i] = ex;
                    p.ar[i] = day.r - ex;
                    p.span_days[(rel - span.start) as usize] = Some(day);
                }
            }
        }
        p
    }

    /// CAR, SCAR and BHAR over one window, or why the window cannot be measured.
    #[inline]
    fn window_stat(
        &self,
        e: &Event,
        w: Window,
        s: &Settings,
        fit: &Fit,
        p: &Paths,
    ) -> std::result::Result<WindowStat, Exclusion> {
        let span = s.span();
        let mut car = 0.0;
        let mut gross = 1.0;
        let mut gross_expected = 1.0;
        let mut wx: Vec<&[f64]> = Vec::with_capacity(w.len());
        for rel in w.days() {
            let i = (rel - s.estimation.start) as usize;
            let Some(c) = self.index(rel) else {
                let side = if rel < 0 {
                    "starts before the beginning"
                } else {
                    "runs past the end"
                };
                return Err(Exclusion::of(
                    e,
                    format!(
                        "window {w} {side} of the data (day {})",
                        window::signed(rel)
                    ),
                ));
            };
            let Some(day) = &p.span_days[(rel - span.start) as usize] else {
                return Err(Exclusion::of(
                    e,
                    format!(
                        "missing {} on day {} ({}) inside window {w}",
                        s.measure.noun(),
                        window::signed(rel),
                        date::format(self.cal.days()[c])
                    ),
                ));
            };
            car += p.ar[i];
            gross *= 1.0 + p.ret[i];
            gross_expected *= 1.0 + p.expected[i];
            wx.push(day.x());
        }
        if s.measure == Measure::Volatility {
            // `car` sums U over the window: avol = mean U - 1.
            return Ok(WindowStat {
                car: car / w.len() as f64 - 1.0,
                scar: f64::NAN,
                bhar: f64::NAN,
            });
        }
        let s_car = match &fit.garch {
            Some(g) => w.days().map(|rel| g.at(rel)).sum::<f64>(),
            None => fit.car_variance(&wx),
        }
        .sqrt();
        Ok(WindowStat {
            car,
            scar: car / s_car,
            // No buy-and-hold figure for log volume.
            bhar: if s.measure == Measure::Volume {
                f64::NAN
            } else {
                gross - gross_expected
            },
        })
    }
}

/// The group of each result under `--group-by` (`(missing)` for events without a value).
fn groups(
    events: &[Event],
    results: &[EventResult],
    settings: &Settings,
) -> BTreeMap<String, Vec<usize>> {
    let mut g: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    if let Some(col) = &settings.group_by {
        for (i, r) in results.iter().enumerate() {
            let v = if col == "confounded" {
                if r.confounders.is_empty() {
                    "clean"
                } else {
                    "confounded"
                }
                .to_string()
            } else {
                events[r.event]
                    .group_value(col)
                    .unwrap_or_else(|| "(missing)".into())
            };
            g.entry(v).or_default().push(i);
        }
    }
    g
}

fn summarise(
    events: &[Event],
    results: &[EventResult],
    store: &ArStore,
    s: &Settings,
    notes: &mut Vec<String>,
) -> Result<(Vec<SummaryRow>, Vec<CaarRow>)> {
    let mut sets: Vec<(String, Vec<usize>)> = vec![("all".into(), (0..results.len()).collect())];
    sets.extend(groups(events, results, s));
    let mut summary = Vec::new();
    let mut caar = Vec::new();
    for (name, members) in &sets {
        if members.is_empty() {
            continue;
        }
        let rs: Vec<&EventResult> = members.iter().map(|&i| &results[i]).collect();
        let (rows, days) = rayon::join(
            || window_rows(name, &rs, store, s, notes),
            || caar_rows(name, &rs, s),
        );
        summary.extend(rows?);
        caar.extend(days);
    }
    Ok((summary, caar))
}

/// The Kolari-Pynnönen mean correlation of a group's estimation-window abnormal returns,
/// with a note when it comes from sampled pairs.
fn group_correlation(
    name: &str,
    rs: &[&EventResult],
    store: &ArStore,
    s: &Settings,
    notes: &mut Vec<String>,
) -> Result<f64> {
    let est_len = s.estimation.len();
    // Calendar days before the data start are dropped from the front.
    let skip = |r: &EventResult| {
        ((-(r.day0_index as i64 + s.estimation.start as i64)).max(0) as usize).min(est_len)
    };
    let spans: Vec<ArSpan> = rs
        .iter()
        .map(|r| ArSpan {
            first: (r.day0_index as i64 + s.estimation.start as i64).max(0) as usize,
            len: est_len - skip(r),
        })
        .collect();
    let load = |i: usize, out: &mut Vec<f64>| {
        out.resize(est_len, 0.0);
        store.read(rs[i].est_slot, out)?;
        out.drain(..skip(rs[i]));
        Ok::<(), Error>(())
    };
    let corr = significance::mean_correlation_loaded(&spans, s.seed, load)?;
    if corr.sampled {
        notes.push(format!(
            "group {name}: the Kolari-Pynnönen correlation r = {:.4} is the mean over {} of {} pairs sharing at least {} estimation dates, from {} pairs drawn uniformly (seed {})",
            corr.r,
            corr.pairs_used,
            corr.pairs_examined,
            significance::MIN_SHARED,
            significance::MAX_PAIRS,
            s.seed
        ));
    }
    Ok(corr.r)
}

/// One summary row per event window for a group: the CAAR and every test.
fn window_rows(
    name: &str,
    rs: &[&EventResult],
    store: &ArStore,
    s: &Settings,
    notes: &mut Vec<String>,
) -> Result<Vec<SummaryRow>> {
    // Patell, BMP and Kolari-Pynnönen are not defined for volatility (§11).
    let volatility = s.measure == Measure::Volatility;
    let r_mean = if volatility {
        f64::NAN
    } else {
        group_correlation(name, rs, store, s, notes)?
    };
    crate::timing::mark("Kolari-Pynnönen correlation");
    if !volatility && significance::kp_adjustment(r_mean, rs.len()).is_none() {
        notes.push(format!(
            "group {name}: the Kolari-Pynnönen adjustment sqrt((1 - r) / (1 + (n - 1) r)) is \
             undefined for r = {r_mean:.6} and n = {} (1 + (n - 1) r is not positive); \
             kp_bmp_t and p_kp are empty",
            rs.len()
        ));
    }
    // Each event's abnormal returns from the estimation start to the span end: the
    // estimation window's from the store, the span's from the result, NaN between.
    let est_len = s.estimation.len();
    let span = s.span();
    let from = (span.start - s.estimation.start) as usize;
    let path_len = (span.end - s.estimation.start + 1) as usize;
    let load = |i: usize, out: &mut [f64]| {
        store.read(rs[i].est_slot, &mut out[..est_len])?;
        out[est_len..from].fill(f64::NAN);
        out[from..].copy_from_slice(&rs[i].ar);
        Ok::<(), Error>(())
    };
    let windows: Vec<(i32, i32)> = s.windows.iter().map(|w| (w.start, w.end)).collect();
    let ranks =
        significance::rank_test_loaded(rs.len(), s.estimation.start, path_len, load, &windows)?;
    crate::timing::mark("rank test");
    let p_pos = significance::mean(&rs.iter().map(|r| r.share_positive).collect::<Vec<_>>());
    let dofs: Vec<usize> = rs.iter().map(|r| r.fit.d).collect();
    // GARCH's SCARs have unit variance; a rival portfolio's s^2 has d degrees of freedom.
    let unit_variance = rs.iter().all(|r| r.fit.garch.is_some());
    // The windows' statistics (sorts of a million CARs for the median and Wilcoxon) side
    // by side.
    Ok(s.windows
        .par_iter()
        .enumerate()
        .map(|(wi, w)| {
            let cars: Vec<f64> = rs.iter().map(|r| r.windows[wi].car).collect();
            let scars: Vec<f64> = rs.iter().map(|r| r.windows[wi].scar).collect();
            let n = cars.len();
            let m = significance::mean(&cars);
            let half = significance::t_quantile_975(n as f64 - 1.0) * significance::sd(&cars)
                / (n as f64).sqrt();
            let bmp = if volatility {
                Stat::NAN
            } else {
                significance::bmp(&scars)
            };
            SummaryRow {
                group: name.to_string(),
                window: *w,
                n,
                caar: m,
                median_car: significance::median(&cars),
                share_negative: cars.iter().filter(|&&c| c < 0.0).count() as f64 / n as f64,
                share_positive: cars.iter().filter(|&&c| c > 0.0).count() as f64 / n as f64,
                t_cs: significance::t_cs(&cars),
                patell: if volatility {
                    Stat::NAN
                } else if unit_variance {
                    significance::patell_unit(&scars)
                } else {
                    significance::patell(&scars, &dofs)
                },
                bmp,
                kp: if volatility {
                    Stat::NAN
                } else {
                    significance::kolari_pynnonen(bmp.value, r_mean, n)
                },
                gen_sign: significance::generalized_sign(&cars, p_pos),
                rank: ranks[wi],
                wilcoxon: significance::wilcoxon(&cars),
                ci: (m - half, m + half),
            }
        })
        .collect())
}

/// A group's CAAR over the chart window, with its 95 % interval: the rows of
/// `caar.csv` for the events `rs`, named `name`.
pub fn caar_rows(name: &str, rs: &[&EventResult], s: &Settings) -> Vec<CaarRow> {
    if s.measure == Measure::Volatility {
        return mean_u_rows(name, rs, s);
    }
    let mut out = Vec::with_capacity(s.chart.len());
    let mut running: Vec<Option<f64>> = vec![Some(0.0); rs.len()];
    let mut cum = 0.0;
    for rel in s.chart.days() {
        let idx = (rel - s.span().start) as usize;
        let day = day_values(rs, idx);
        let aar = if day.is_empty() {
            f64::NAN
        } else {
            significance::mean(&day)
        };
        if aar.is_finite() {
            cum += aar;
        }
        for (acc, r) in running.iter_mut().zip(rs) {
            let v = r.ar[idx];
            *acc = acc.and_then(|a| v.is_finite().then_some(a + v));
        }
        let complete: Vec<f64> = running.iter().flatten().copied().collect();
        let k = complete.len() as f64;
        let half = significance::t_quantile_975(k - 1.0) * significance::sd(&complete) / k.sqrt();
        out.push(CaarRow {
            group: name.to_string(),
            rel_day: rel,
            n: day.len(),
            aar,
            caar: cum,
            ci: (cum - half, cum + half),
        });
    }
    out
}

/// The events' values (AR, AV or U) at position `idx` of the span, where present.
fn day_values(rs: &[&EventResult], idx: usize) -> Vec<f64> {
    rs.iter()
        .map(|r| r.ar[idx])
        .filter(|v| v.is_finite())
        .collect()
}

/// A group's mean U over the chart window (§11), each day with the 95 % interval of that
/// day's mean, `mean -+ t(0.975, n-1) sd(U_i) / sqrt(n)`: the rows of `caar.csv` for
/// volatility (`aar` and `caar` both hold the mean U: there is no cumulative figure).
fn mean_u_rows(name: &str, rs: &[&EventResult], s: &Settings) -> Vec<CaarRow> {
    s.chart
        .days()
        .map(|rel| {
            let day = day_values(rs, (rel - s.span().start) as usize);
            let k = day.len() as f64;
            let m = if day.is_empty() {
                f64::NAN
            } else {
                significance::mean(&day)
            };
            let half = significance::t_quantile_975(k - 1.0) * significance::sd(&day) / k.sqrt();
            CaarRow {
                group: name.to_string(),
                rel_day: rel,
                n: day.len(),
                aar: m,
                caar: m,
                ci: (m - half, m + half),
            }
        })
        .collect()
}
