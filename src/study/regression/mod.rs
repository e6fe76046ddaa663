//! What explains the reaction (METHODS.md §7): for each event window, OLS of the events'
//! CARs on terms from the events file and the study, with HC1, classic or clustered
//! standard errors, the joint F test of the slopes, and collinear terms removed and
//! reported, never hidden behind a pseudo-inverse.

mod design;
mod ols;
mod output;
mod terms;

pub use output::{coef_table, fit_table, write_data, write_files};
pub use terms::{CATEGORICAL, NUMERIC, SeType, Term, parse_terms};

use design::{design, independent, sub};
use ols::ols;

use super::{EventResult, StudyResult, Window};
use crate::date;
use crate::events::Event;

/// One window's regression.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// The window.
    pub window: Window,
    /// Term names, `const` first, and per term: coefficient, se, t, p, 95 % interval.
    pub coefs: Vec<(String, [f64; 6])>,
    /// Events in the regression.
    pub n: usize,
    /// Terms including the constant.
    pub k: usize,
    /// Studied events left out for a missing term.
    pub dropped: usize,
    /// R squared and adjusted R squared.
    pub r2: (f64, f64),
    /// Joint F test of the slopes and its p-value.
    pub f: (f64, f64),
    /// Why the joint F test is not defined, when it is not.
    pub f_undefined: Option<String>,
    /// Number of clusters, for clustered errors.
    pub clusters: Option<usize>,
    /// The numeric terms' names, and the data of each event in the regression: the event,
    /// the numeric terms' values, the CAR.
    pub data: (Vec<String>, Vec<DataRow>),
}

/// One event's row of a regression.
#[derive(Debug, Clone, PartialEq)]
pub struct DataRow {
    /// The event's index in the events the study ran on.
    pub event: usize,
    /// The numeric terms' values, in `--explain` order.
    pub values: Vec<f64>,
    /// The CAR over the window.
    pub car: f64,
}

/// The regressions of every window, and what was removed or could not be estimated.
#[derive(Debug, Clone, PartialEq)]
pub struct Explained {
    /// One per window that could be estimated.
    pub fits: Vec<Fitted>,
    /// The standard-error type.
    pub se: SeType,
    /// Removed terms and windows without enough events, in words.
    pub notes: Vec<String>,
    /// The categorical terms, in `--explain` order (their levels are columns of
    /// `regression_data.csv`).
    pub categorical: Vec<String>,
}

/// The value of a numeric term for one event, when it has one.
pub(crate) fn numeric(name: &str, e: &Event, r: &EventResult) -> Option<f64> {
    let v = match name {
        "laid_off" => e.laid_off?,
        "log_laid_off" => e.laid_off.filter(|&n| n > 0.0)?.ln(),
        "pct_laid_off" => e.pct_laid_off?,
        "beta" => r.fit.beta()?,
        "s" => r.fit.s2.sqrt(),
        "runup" => r.runup,
        "round" => f64::from(e.timing.round?),
        "days_since_previous" => f64::from(e.timing.days_since_previous?),
        _ => return None,
    };
    v.is_finite().then_some(v)
}

/// The level of a categorical term for one event, when it has one.
pub(crate) fn level(name: &str, e: &Event) -> Option<String> {
    let v = match name {
        "industry" => e.industry.clone(),
        "country" => e.country.clone(),
        "stage" => e.stage.clone(),
        "year" => date::year_of(e.date).to_string(),
        _ => String::new(),
    };
    (!v.is_empty()).then_some(v)
}

pub(crate) fn cluster_key(by: &str, e: &Event, r: &EventResult) -> String {
    match by {
        "company" => e.company.to_lowercase(),
        "ticker" => r.ticker.clone(),
        "date" => date::format(e.date),
        _ => date::year_of(e.date).to_string(),
    }
}

/// Each studied event's term values, computed once for every window: the numeric terms,
/// an id per categorical level, and the cluster id; `None` for an event missing a term.
pub(crate) struct Prepared {
    /// Per result: numeric values and level ids, when every term is present.
    pub(crate) rows: Vec<Option<(Vec<f64>, Vec<usize>)>>,
    /// Per categorical term, its level names in alphabetical order (ids index them).
    pub(crate) levels: Vec<Vec<String>>,
    /// Per result, the cluster id (clustered errors only).
    pub(crate) clusters: Vec<usize>,
}

pub(crate) fn prepare(events: &[Event], r: &StudyResult, terms: &[Term], se: &SeType) -> Prepared {
    let cats: Vec<&str> = terms
        .iter()
        .filter_map(|t| match t {
            Term::Categorical(c) => Some(c.as_str()),
            Term::Numeric(_) => None,
        })
        .collect();
    // Level names per categorical term, sorted, and each event's level.
    let raw: Vec<Vec<Option<String>>> = r
        .results
        .iter()
        .map(|res| cats.iter().map(|c| level(c, &events[res.event])).collect())
        .collect();
    let levels: Vec<Vec<String>> = (0..cats.len())
        .map(|ci| {
            let distinct: std::collections::BTreeSet<&str> =
                raw.iter().filter_map(|v| v[ci].as_deref()).collect();
            distinct.into_iter().map(str::to_string).collect()
        })
        .collect();
    let rows = r
        .results
        .iter()
        .zip(&raw)
        .map(|(res, lv)| {
            let e = &events[res.event];
            let nums: Option<Vec<f64>> = terms
                .iter()
                .filter_map(|t| match t {
                    Term::Numeric(n) => Some(numeric(n, e, res)),
                    Term::Categorical(_) => None,
                })
                .collect();
            let ids: Option<Vec<usize>> = lv
                .iter()
                .enumerate()
                .map(|(ci, v)| v.as_ref().and_then(|v| levels[ci].binary_search(v).ok()))
                .collect();
            nums.zip(ids)
        })
        .collect();
    let clusters = match se {
        SeType::Cluster(by) => {
            let mut ids: std::collections::HashMap<String, usize> = Default::default();
            r.results
                .iter()
                .map(|res| {
                    let key = cluster_key(by, &events[res.event], res);
                    let next = ids.len();
                    *ids.entry(key).or_insert(next)
                })
                .collect()
        }
        _ => Vec::new(),
    };
    Prepared {
        rows,
        levels,
        clusters,
    }
}

/// The regression of one window (`wi`, `w`) into `out`: its fit, or why it has none, and
/// the terms removed.
fn window_fit(
    r: &StudyResult,
    (wi, w): (usize, Window),
    terms: &[Term],
    se: &SeType,
    prep: &Prepared,
    numeric_names: &[String],
    out: &mut Explained,
) {
    // The events with every term and a CAR over the window.
    let members: Vec<usize> = (0..r.results.len())
        .filter(|&i| prep.rows[i].is_some() && r.results[i].windows[wi].car.is_finite())
        .collect();
    let dropped = r.results.len() - members.len();
    let (names, x) = design(terms, prep, &members);
    let y: Vec<f64> = members
        .iter()
        .map(|&i| r.results[i].windows[wi].car)
        .collect();
    // X'X once: the collinearity check and the fit both read it.
    let g = x.gram(None);
    let (keep, removed) = independent(&g);
    for k in removed {
        out.notes.push(format!(
            "window {w}: term {} removed (constant or a linear combination of earlier terms)",
            names[k]
        ));
    }
    let names: Vec<String> = keep.iter().map(|&k| names[k].clone()).collect();
    let x = x.columns(&keep);
    let groups: Option<Vec<usize>> = matches!(se, SeType::Cluster(_))
        .then(|| members.iter().map(|&i| prep.clusters[i]).collect());
    let data: Vec<DataRow> = members
        .iter()
        .map(|&i| {
            let res = &r.results[i];
            DataRow {
                event: res.event,
                values: prep.rows[i].as_ref().map_or_else(Vec::new, |v| v.0.clone()),
                car: res.windows[wi].car,
            }
        })
        .collect();
    let fit = ols(&x, &y, sub(&g, &keep), se, groups.as_deref());
    if let Some(why) = fit.as_ref().and_then(|f| f.f_undefined.as_ref()) {
        out.notes
            .push(format!("window {w}: the joint F test is {why}"));
    }
    match fit {
        Some(f) => out.fits.push(Fitted {
            data: (numeric_names.to_vec(), data),
            window: w,
            coefs: names.into_iter().zip(f.coefs).collect(),
            n: y.len(),
            k: keep.len(),
            dropped,
            r2: f.r2,
            f: f.f,
            f_undefined: f.f_undefined,
            clusters: f.clusters,
        }),
        None => out.notes.push(format!(
            "window {w}: {} events for {} terms: too few to estimate",
            y.len(),
            keep.len()
        )),
    }
}

/// Runs the regression of every window of a finished study.
pub fn explain(events: &[Event], r: &StudyResult, terms: &[Term], se: &SeType) -> Explained {
    let prep = prepare(events, r, terms, se);
    let numeric_names: Vec<String> = terms
        .iter()
        .filter_map(|t| match t {
            Term::Numeric(n) => Some(n.clone()),
            Term::Categorical(_) => None,
        })
        .collect();
    let mut out = Explained {
        fits: Vec::new(),
        se: se.clone(),
        notes: Vec::new(),
        categorical: terms
            .iter()
            .filter_map(|t| match t {
                Term::Categorical(c) => Some(c.clone()),
                Term::Numeric(_) => None,
            })
            .collect(),
    };
    for (wi, w) in r.settings.windows.iter().enumerate() {
        window_fit(r, (wi, *w), terms, se, &prep, &numeric_names, &mut out);
    }
    out
}
