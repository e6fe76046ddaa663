//! What an event study measures (`--measure`): abnormal returns (§4), abnormal log trading
//! volume (§10) or abnormal volatility, Beaver's U (§11).

use crate::calendar::Calendar;
use crate::series::Series;

/// What is studied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    /// Abnormal returns (METHODS.md §4).
    #[default]
    Return,
    /// Abnormal log volume `ln(1 + volume) - E[ln(1 + volume)]` (§10).
    Volume,
    /// Beaver's U, the squared abnormal return over its variance (§11).
    Volatility,
}

impl Measure {
    /// The daily values the model is fitted to, on the calendar: returns, or
    /// `ln(1 + volume)` (returns for volatility, whose U comes from the return model).
    pub fn values(self, cal: &Calendar, s: &Series, log_returns: bool) -> Vec<f64> {
        match self {
            Measure::Volume => cal.log_volume(s),
            _ => cal.returns(s, log_returns),
        }
    }

    /// What a day's value is called in exclusion reasons.
    pub fn noun(self) -> &'static str {
        match self {
            Measure::Volume => "volume",
            _ => "return",
        }
    }

    /// The file of daily values: `abnormal_returns.csv`, `abnormal_volume.csv`,
    /// `abnormal_volatility.csv`.
    pub fn daily_file(self) -> &'static str {
        match self {
            Measure::Return => "abnormal_returns.csv",
            Measure::Volume => "abnormal_volume.csv",
            Measure::Volatility => "abnormal_volatility.csv",
        }
    }
}
