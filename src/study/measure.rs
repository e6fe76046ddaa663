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
    /// The names as written on the command line and in Python, in variant order.
    pub const NAMES: [&'static str; 3] = ["return", "volume", "volatility"];

    /// Name as written on the command line.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

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

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Measure {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| [Measure::Return, Measure::Volume, Measure::Volatility][i])
            .ok_or_else(|| format!("{s:?}: expected return, volume or volatility"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for n in Measure::NAMES {
            assert_eq!(n.parse::<Measure>().unwrap().name(), n);
        }
        assert!("returns".parse::<Measure>().is_err());
    }
}
