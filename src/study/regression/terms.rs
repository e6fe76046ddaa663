//! The terms of `--explain` and the kinds of standard errors, read strictly.

use crate::error::{Error, Result};
use crate::setting::Setting;

/// A term of `--explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A number per event (`laid_off`, `log_laid_off`, `pct_laid_off`, `beta`, `s`,
    /// `runup`, `round`, `days_since_previous`).
    Numeric(String),
    /// A category per event (`industry`, `country`, `stage`, `year`), as dummies.
    Categorical(String),
}

/// The numeric terms.
pub const NUMERIC: &[&str] = &[
    "laid_off",
    "log_laid_off",
    "pct_laid_off",
    "beta",
    "s",
    "runup",
    "round",
    "days_since_previous",
];
/// The categorical terms.
pub const CATEGORICAL: &[&str] = &["industry", "country", "stage", "year"];

/// Reads `--explain TERMS` (comma-separated).
///
/// # Errors
/// An unknown or repeated term (usage).
pub fn parse_terms(s: &str) -> Result<Vec<Term>> {
    let mut out: Vec<Term> = Vec::new();
    for t in s.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let term = if NUMERIC.contains(&t) {
            Term::Numeric(t.into())
        } else if CATEGORICAL.contains(&t) {
            Term::Categorical(t.into())
        } else {
            return Err(Error::setting(
                Setting::Explain,
                format!(
                    "{} {t}: expected terms among {} (numeric) and {} (categories)",
                    Setting::Explain,
                    NUMERIC.join(", "),
                    CATEGORICAL.join(", ")
                ),
            ));
        };
        if out.contains(&term) {
            return Err(Error::setting(
                Setting::Explain,
                format!("{} {t}: the term is repeated", Setting::Explain),
            ));
        }
        out.push(term);
    }
    if out.is_empty() {
        return Err(Error::setting(
            Setting::Explain,
            format!("{}: expected at least one term", Setting::Explain),
        ));
    }
    Ok(out)
}

/// How standard errors are computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeType {
    /// White's heteroskedasticity-consistent errors with the N/(N-K) correction.
    Hc1,
    /// The classic OLS errors.
    Classic,
    /// Clustered by `company`, `ticker`, `date` or `year`.
    Cluster(String),
}

impl SeType {
    /// Reads `--se hc1|classic|cluster:company|ticker|date|year`.
    ///
    /// # Errors
    /// Anything else (usage).
    pub fn parse(s: &str) -> Result<SeType> {
        match s.trim() {
            "hc1" => Ok(SeType::Hc1),
            "classic" => Ok(SeType::Classic),
            c => match c.strip_prefix("cluster:") {
                Some(by @ ("company" | "ticker" | "date" | "year")) => {
                    Ok(SeType::Cluster(by.into()))
                }
                _ => Err(Error::setting(
                    Setting::Se,
                    format!(
                        "{} {s}: expected hc1, classic or cluster:company|ticker|date|year",
                        Setting::Se
                    ),
                )),
            },
        }
    }

    pub(crate) fn name(&self) -> String {
        match self {
            SeType::Hc1 => "hc1".into(),
            SeType::Classic => "classic".into(),
            SeType::Cluster(by) => format!("cluster:{by}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_and_errors_are_read_strictly() {
        assert_eq!(
            parse_terms("pct_laid_off, year").unwrap(),
            [
                Term::Numeric("pct_laid_off".into()),
                Term::Categorical("year".into())
            ]
        );
        assert!(parse_terms("size").is_err());
        assert!(parse_terms("beta,beta").is_err());
        assert_eq!(
            SeType::parse("cluster:ticker").unwrap(),
            SeType::Cluster("ticker".into())
        );
        assert!(SeType::parse("cluster:moon").is_err());
    }
}
