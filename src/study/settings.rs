//! How a study is run: the settings of the engine, their defaults and their check
//! against each other (METHODS.md §4-5, §8-10).

use crate::calendar::NonTrading;
use crate::error::{Error, Result};
use crate::study::{Measure, Model, Window, event_time, overlap};

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
        self.check_windows()?;
        self.check_estimation()?;
        self.check_groups()
    }

    /// At least one event window, and the estimation window before every window.
    fn check_windows(&self) -> Result<()> {
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
        Ok(())
    }

    /// Enough estimation days for the model, and a model that fits the measure.
    fn check_estimation(&self) -> Result<()> {
        use crate::setting::Setting as S;
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
        Ok(())
    }

    /// A group size of at least one, and a known group column.
    fn check_groups(&self) -> Result<()> {
        use crate::setting::Setting as S;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setting::Setting;

    #[test]
    fn the_chart_window_gives_way_to_a_late_estimation_window() {
        assert_eq!(
            Settings::chart_for(Window::new(-250, -11)),
            Window::new(-10, 10)
        );
        assert_eq!(
            Settings::chart_for(Window::new(-240, -1)),
            Window::new(0, 10)
        );
        assert_eq!(
            Settings::chart_for(Window::new(-240, -5)),
            Window::new(-4, 10)
        );
    }

    #[test]
    fn the_span_covers_the_chart_and_every_window() {
        let s = Settings::default();
        assert_eq!(s.span(), Window::new(-10, 10));
        let wide = Settings {
            windows: vec![Window::new(-20, 5), Window::new(0, 30)],
            ..Settings::default()
        };
        assert_eq!(wide.span(), Window::new(-20, 30));
        assert_eq!(wide.window_index(Some(Window::new(0, 30))).unwrap(), 1);
        assert_eq!(wide.window_index(None).unwrap(), 0);
        assert!(wide.window_index(Some(Window::new(0, 0))).is_err());
    }

    /// Each setting that does not fit is refused, named by the setting at fault.
    #[test]
    fn settings_that_do_not_fit_are_named() {
        assert!(Settings::default().validate().is_ok());
        let cases = [
            (
                Settings {
                    windows: Vec::new(),
                    ..Settings::default()
                },
                Setting::Windows,
            ),
            (
                Settings {
                    estimation: Window::new(-250, 0),
                    ..Settings::default()
                },
                Setting::Estimation,
            ),
            (
                Settings {
                    min_estimation: 241,
                    ..Settings::default()
                },
                Setting::MinEstimation,
            ),
            (
                Settings {
                    model: Model::Ff5,
                    min_estimation: 8,
                    ..Settings::default()
                },
                Setting::MinEstimation,
            ),
            (
                Settings {
                    measure: Measure::Volume,
                    model: Model::Ff3,
                    ..Settings::default()
                },
                Setting::Model,
            ),
            (
                Settings {
                    min_group_size: 0,
                    ..Settings::default()
                },
                Setting::MinGroupSize,
            ),
            (
                Settings {
                    group_by: Some("moon".into()),
                    ..Settings::default()
                },
                Setting::GroupBy,
            ),
        ];
        for (s, want) in cases {
            match s.validate() {
                Err(Error::Setting { setting, .. }) => assert_eq!(setting, want),
                other => panic!("{want:?}: {other:?}"),
            }
        }
    }
}
