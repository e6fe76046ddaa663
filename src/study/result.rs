//! What a study produces: each event's result, the summary rows of the tests, the CAAR
//! rows, and the study's result as a whole.

use super::significance::Stat;
use crate::calendar::Calendar;
use crate::date::Day;
use crate::error::Result;
use crate::events::Exclusion;
use crate::import::dataset::Prices;
use crate::import::french::Factors;
use crate::series::Series;
use crate::study::{ArStore, Fit, Measure, Settings, Window, event_time};

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Patell, BMP and Kolari-Pynnönen are left out for volatility, and only there.
    #[test]
    fn the_tests_defined_for_each_measure() {
        let names = |m: Measure| -> Vec<&str> {
            (0..TESTS.len())
                .filter(|&i| test_defined(m, i))
                .map(|i| TESTS[i].2)
                .collect()
        };
        assert_eq!(names(Measure::Return).len(), 7);
        assert_eq!(names(Measure::Volume).len(), 7);
        assert_eq!(
            names(Measure::Volatility),
            ["t", "sign", "rank", "Wilcoxon"]
        );
        // The columns of summary.csv: a statistic and its p-value per test, each once.
        let mut cols: Vec<&str> = TESTS.iter().flat_map(|t| [t.0, t.1]).collect();
        cols.sort_unstable();
        cols.dedup();
        assert_eq!(cols.len(), 14);
    }

    #[test]
    fn a_day_of_the_span_is_its_offset_from_the_span_start() {
        let s = Settings::default();
        let start = s.span().start;
        for rel in s.span().days() {
            assert_eq!((rel - start) as usize, (rel + 10) as usize);
        }
    }
}
