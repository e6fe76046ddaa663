//! What explains the reaction (METHODS.md §7): for each event window, OLS of the events'
//! CARs on terms from the events file and the study, with HC1, classic or clustered
//! standard errors, the joint F test of the slopes, and collinear terms removed and
//! reported, never hidden behind a pseudo-inverse.

use statrs::distribution::{ContinuousCDF, FisherSnedecor, StudentsT};

use super::linalg::Square;
use super::{EventResult, StudyResult, Window};
use crate::content::{Cell, Table};
use crate::date;
use crate::error::{Error, Result};
use crate::events::Event;
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

    fn name(&self) -> String {
        match self {
            SeType::Hc1 => "hc1".into(),
            SeType::Classic => "classic".into(),
            SeType::Cluster(by) => format!("cluster:{by}"),
        }
    }
}

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
fn numeric(name: &str, e: &Event, r: &EventResult) -> Option<f64> {
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
fn level(name: &str, e: &Event) -> Option<String> {
    let v = match name {
        "industry" => e.industry.clone(),
        "country" => e.country.clone(),
        "stage" => e.stage.clone(),
        "year" => date::year_of(e.date).to_string(),
        _ => String::new(),
    };
    (!v.is_empty()).then_some(v)
}

fn cluster_key(by: &str, e: &Event, r: &EventResult) -> String {
    match by {
        "company" => e.company.to_lowercase(),
        "ticker" => r.ticker.clone(),
        "date" => date::format(e.date),
        _ => date::year_of(e.date).to_string(),
    }
}

/// Each studied event's term values, computed once for every window: the numeric terms,
/// an id per categorical level, and the cluster id; `None` for an event missing a term.
struct Prepared {
    /// Per result: numeric values and level ids, when every term is present.
    rows: Vec<Option<(Vec<f64>, Vec<usize>)>>,
    /// Per categorical term, its level names in alphabetical order (ids index them).
    levels: Vec<Vec<String>>,
    /// Per result, the cluster id (clustered errors only).
    clusters: Vec<usize>,
}

fn prepare(events: &[Event], r: &StudyResult, terms: &[Term], se: &SeType) -> Prepared {
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
        // The events with every term and a CAR over the window.
        let members: Vec<usize> = (0..r.results.len())
            .filter(|&i| prep.rows[i].is_some() && r.results[i].windows[wi].car.is_finite())
            .collect();
        let dropped = r.results.len() - members.len();
        let (names, x) = design(terms, &prep, &members);
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
                data: (numeric_names.clone(), data),
                window: *w,
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
    out
}

/// A design matrix stored by rows of `(column, value)` entries in column order. A row's
/// only non-zeros are the constant, the numeric terms and one dummy per categorical term,
/// so products over a row cost its few entries, not the full width (the sums are the
/// dense ones: the skipped terms are exact zeros).
struct Design {
    /// Columns.
    k: usize,
    /// Where each row's entries start in `entries`; one more than the rows.
    start: Vec<usize>,
    /// Every row's entries, row after row.
    entries: Vec<(usize, f64)>,
}

impl Design {
    /// A design from dense rows of `k` columns (every entry kept).
    #[cfg(test)]
    fn from_rows(rows: &[Vec<f64>], k: usize) -> Design {
        let mut d = Design::with_columns(k);
        for r in rows {
            d.entries.extend(r.iter().copied().enumerate());
            d.start.push(d.entries.len());
        }
        d
    }

    fn with_columns(k: usize) -> Design {
        Design {
            k,
            start: vec![0],
            entries: Vec::new(),
        }
    }

    /// Rows.
    fn n(&self) -> usize {
        self.start.len() - 1
    }

    /// The entries of row `r`.
    fn row(&self, r: usize) -> &[(usize, f64)] {
        &self.entries[self.start[r]..self.start[r + 1]]
    }

    /// `x_r . b`.
    fn dot(&self, r: usize, b: &[f64]) -> f64 {
        self.row(r).iter().map(|&(j, v)| v * b[j]).sum()
    }

    /// The Gram matrix `X'X`, or with weights `w` the matrix `sum (w_r x_r)(w_r x_r)'`.
    fn gram(&self, w: Option<&[f64]>) -> Square {
        let k = self.k;
        let mut g = Square::zeros(k);
        let mut scaled: Vec<(usize, f64)> = Vec::new();
        for r in 0..self.n() {
            let row = match w {
                Some(w) => {
                    scaled.clear();
                    scaled.extend(self.row(r).iter().map(|&(j, v)| (j, v * w[r])));
                    &scaled[..]
                }
                None => self.row(r),
            };
            for (p, &(i, vi)) in row.iter().enumerate() {
                for &(j, vj) in &row[p..] {
                    let v = vi * vj;
                    g.a[i * k + j] += v;
                    if j != i {
                        g.a[j * k + i] += v;
                    }
                }
            }
        }
        g
    }

    /// The design on the columns `keep` (in order), renumbered.
    fn columns(&self, keep: &[usize]) -> Design {
        let mut to = vec![usize::MAX; self.k];
        for (new, &old) in keep.iter().enumerate() {
            to[old] = new;
        }
        let mut d = Design::with_columns(keep.len());
        for r in 0..self.n() {
            d.entries.extend(
                self.row(r)
                    .iter()
                    .filter(|&&(j, _)| to[j] != usize::MAX)
                    .map(|&(j, v)| (to[j], v)),
            );
            d.start.push(d.entries.len());
        }
        d
    }
}

/// The design matrix of the events `members`: the constant, the numeric terms, then one
/// dummy per non-base level of each categorical term (base: the most frequent level among
/// the members, ties alphabetically first; levels in alphabetical order).
fn design(terms: &[Term], prep: &Prepared, members: &[usize]) -> (Vec<String>, Design) {
    let row = |i: usize| {
        prep.rows[i]
            .as_ref()
            .map_or((&[][..], &[][..]), |v| (&v.0[..], &v.1[..]))
    };
    // Per term, its column (numeric) or the column of each level (categorical).
    let mut names = vec!["const".to_string()];
    let mut layout: Vec<(usize, Vec<Option<usize>>)> = Vec::new();
    let mut ci = 0;
    for t in terms {
        match t {
            Term::Numeric(n) => {
                layout.push((names.len(), Vec::new()));
                names.push(n.clone());
            }
            Term::Categorical(c) => {
                let levels = &prep.levels[ci];
                let mut counts = vec![0usize; levels.len()];
                for &i in members {
                    counts[row(i).1[ci]] += 1;
                }
                // The first of the most frequent levels (levels are sorted).
                let base =
                    (0..levels.len()).max_by(|&a, &b| counts[a].cmp(&counts[b]).then(b.cmp(&a)));
                let mut col = vec![None; levels.len()];
                for lvl in (0..levels.len()).filter(|&l| counts[l] > 0 && Some(l) != base) {
                    col[lvl] = Some(names.len());
                    names.push(format!("{c}={}", levels[lvl]));
                }
                layout.push((0, col));
                ci += 1;
            }
        }
    }
    let mut x = Design::with_columns(names.len());
    for &i in members {
        let (nums, ids) = row(i);
        let (mut ni, mut ci) = (0, 0);
        x.entries.push((0, 1.0));
        for (t, (first, col)) in terms.iter().zip(&layout) {
            match t {
                Term::Numeric(_) => {
                    x.entries.push((*first, nums[ni]));
                    ni += 1;
                }
                Term::Categorical(_) => {
                    if let Some(c) = col[ids[ci]] {
                        x.entries.push((c, 1.0));
                    }
                    ci += 1;
                }
            }
        }
        x.start.push(x.entries.len());
    }
    (names, x)
}

/// The block of `g` on the columns `keep`.
fn sub(g: &Square, keep: &[usize]) -> Square {
    let m = keep.len();
    let mut s = Square::zeros(m);
    for (i, &a) in keep.iter().enumerate() {
        for (j, &b) in keep.iter().enumerate() {
            s.a[i * m + j] = g.at(a, b);
        }
    }
    s
}

/// Columns kept in order, and those removed as constant or a linear combination of the
/// columns kept before them (relative residual below 1e-10), from the Gram matrix `X'X`:
/// the residual sum of squares of column c on the kept set S is `G_cc - G_cS G_SS^-1 G_Sc`.
fn independent(g: &Square) -> (Vec<usize>, Vec<usize>) {
    let k = g.k;
    let (mut keep, mut removed): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for c in 0..k {
        let ss = g.at(c, c);
        let resid = if keep.is_empty() {
            Some(ss)
        } else {
            let gss = sub(g, &keep);
            let gsc: Vec<f64> = keep.iter().map(|&a| g.at(a, c)).collect();
            gss.inverse().map(|inv| ss - inv.quad(&gsc))
        };
        match resid {
            Some(r) if ss > 0.0 && r > 1e-10 * ss => keep.push(c),
            _ => removed.push(c),
        }
    }
    (keep, removed)
}

/// One OLS fit: per term coefficient, se, t, p, interval; R2 and adjusted R2; F and p.
struct Ols {
    coefs: Vec<[f64; 6]>,
    r2: (f64, f64),
    f: (f64, f64),
    f_undefined: Option<String>,
    clusters: Option<usize>,
}

/// OLS of `y` on the rows `x`, whose Gram matrix `X'X` is `xtx`.
fn ols(x: &Design, y: &[f64], xtx: Square, se: &SeType, groups: Option<&[usize]>) -> Option<Ols> {
    let (n, k) = (y.len(), xtx.k);
    if n <= k || k == 0 {
        return None;
    }
    let mut xty = vec![0.0; k];
    for (r, &yi) in y.iter().enumerate() {
        for &(j, v) in x.row(r) {
            xty[j] += v * yi;
        }
    }
    let inv = xtx.inverse()?;
    let b = inv.mul_vec(&xty);
    let e: Vec<f64> = y
        .iter()
        .enumerate()
        .map(|(r, &yi)| yi - x.dot(r, &b))
        .collect();
    let sse: f64 = e.iter().map(|v| v * v).sum();
    let (nf, kf) = (n as f64, k as f64);
    let (v, df, clusters) = covariance(x, &e, &inv, se, groups, sse)?;
    let t_dist = StudentsT::new(0.0, 1.0, df).ok()?;
    let q975 = t_dist.inverse_cdf(0.975);
    let coefs = (0..k)
        .map(|j| {
            let s = v.at(j, j).sqrt();
            let t = b[j] / s;
            let p = 2.0 * t_dist.sf(t.abs());
            [b[j], s, t, p, b[j] - q975 * s, b[j] + q975 * s]
        })
        .collect();
    let my = y.iter().sum::<f64>() / nf;
    let sst: f64 = y.iter().map(|v| (v - my) * (v - my)).sum();
    let r2 = 1.0 - sse / sst;
    let adj = 1.0 - (1.0 - r2) * (nf - 1.0) / (nf - kf);
    let (f, f_undefined) = match f_test(&b, &v, df) {
        Ok(f) => (f, None),
        Err(why) => ((f64::NAN, f64::NAN), Some(why)),
    };
    Some(Ols {
        coefs,
        r2: (r2, adj),
        f,
        f_undefined,
        clusters,
    })
}

/// The covariance of the coefficients, the degrees of freedom and the cluster count.
fn covariance(
    x: &Design,
    e: &[f64],
    inv: &Square,
    se: &SeType,
    groups: Option<&[usize]>,
    sse: f64,
) -> Option<(Square, f64, Option<usize>)> {
    let (n, k) = (e.len() as f64, inv.k as f64);
    let sandwich = |meat: &Square, scale: f64| {
        let mut v = Square::zeros(inv.k);
        for i in 0..inv.k {
            for j in 0..inv.k {
                let mut s = 0.0;
                for a in 0..inv.k {
                    for c in 0..inv.k {
                        s += inv.at(i, a) * meat.at(a, c) * inv.at(c, j);
                    }
                }
                v.a[i * inv.k + j] = scale * s;
            }
        }
        v
    };
    match se {
        SeType::Classic => {
            let mut v = inv.clone();
            v.a.iter_mut().for_each(|a| *a *= sse / (n - k));
            Some((v, n - k, None))
        }
        SeType::Hc1 => {
            let meat = x.gram(Some(e));
            Some((sandwich(&meat, n / (n - k)), n - k, None))
        }
        SeType::Cluster(_) => {
            // Sums of e_i x_i per cluster, clusters by id (in order, for a fixed result).
            let groups = groups?;
            let mut sums: Vec<Option<Vec<f64>>> =
                vec![None; groups.iter().max().map_or(0, |m| m + 1)];
            for (r, (&ei, &g)) in e.iter().zip(groups).enumerate() {
                let u = sums[g].get_or_insert_with(|| vec![0.0; inv.k]);
                for &(j, xj) in x.row(r) {
                    u[j] += xj * ei;
                }
            }
            let used: Vec<&Vec<f64>> = sums.iter().flatten().collect();
            let g = used.len() as f64;
            if g < 2.0 {
                return None;
            }
            let mut meat = Square::zeros(inv.k);
            for u in used {
                meat.add_outer(u);
            }
            let scale = g / (g - 1.0) * (n - 1.0) / (n - k);
            Some((sandwich(&meat, scale), g - 1.0, Some(g as usize)))
        }
    }
}

/// The joint test of the slopes: `F = b_s' V_ss^-1 b_s / q`, p from F(q, df).
///
/// # Errors
/// Why it is not defined: no slope, or a covariance of the slopes that is not of full rank
/// (clustered errors have rank at most one less than the clusters, and less where terms
/// vary inside few clusters only: industries whose events all come from one company).
fn f_test(b: &[f64], v: &Square, df: f64) -> std::result::Result<(f64, f64), String> {
    let q = b.len() - 1;
    if q == 0 {
        return Err("no slope to test (the constant alone)".into());
    }
    let mut vss = Square::zeros(q);
    for i in 0..q {
        for j in 0..q {
            vss.a[i * q + j] = v.at(i + 1, j + 1);
        }
    }
    // The rank of the correlation form, so that terms on scales far apart (laid_off in
    // thousands beside a share) do not read as a rank deficit.
    let mut corr = vss.clone();
    for i in 0..q {
        for j in 0..q {
            let d = (vss.at(i, i) * vss.at(j, j)).sqrt();
            corr.a[i * q + j] = if d > 0.0 { vss.at(i, j) / d } else { 0.0 };
        }
    }
    let rank = corr.rank();
    let singular = || {
        format!(
            "not defined: the covariance of the {q} slopes has rank {rank}, and the joint test \
             needs it of full rank (with clustered errors: fewer clusters than slopes, or terms \
             that vary inside few clusters only, such as industries whose events all come \
             from one company)"
        )
    };
    if rank < q {
        return Err(singular());
    }
    let Some(inv) = vss.inverse() else {
        return Err(singular());
    };
    let f = inv.quad(&b[1..]) / q as f64;
    let p = FisherSnedecor::new(q as f64, df).map_or(f64::NAN, |d| d.sf(f));
    Ok((f, p))
}

/// `regression.csv`: `window,term,coef,se,t,p,ci_low,ci_high`.
pub fn coef_table(x: &Explained) -> Table {
    let mut t = Table::new(&[
        "window", "term", "coef", "se", "t", "p", "ci_low", "ci_high",
    ]);
    for f in &x.fits {
        for (name, c) in &f.coefs {
            let mut row = vec![Cell::str(f.window.to_string()), Cell::str(name)];
            row.extend(c.iter().map(|&v| Cell::num(v)));
            t.rows.push(row);
        }
    }
    t
}

/// Writes `regression_data.csv`: the events of each window's regression with every term
/// and the CAR, `window,event_id,company,NUMERIC...,CATEGORICAL...,car` (the categorical
/// terms as their levels, so the regression can be redone from the file), row by row (it
/// has a row per event and window).
///
/// # Errors
/// I/O failure.
pub fn write_data(
    out: &mut dyn std::io::Write,
    x: &Explained,
    events: &[Event],
) -> std::io::Result<()> {
    use crate::content::csv::{field, write_number};
    let names = x.fits.first().map(|f| f.data.0.clone()).unwrap_or_default();
    let mut cols = vec!["window", "event_id", "company"];
    cols.extend(names.iter().map(String::as_str));
    cols.extend(x.categorical.iter().map(String::as_str));
    cols.push("car");
    let header: Vec<_> = cols.iter().map(|c| field(c)).collect();
    writeln!(out, "{}", header.join(","))?;
    for f in &x.fits {
        for d in &f.data.1 {
            let e = &events[d.event];
            write!(out, "{},{},{}", f.window, field(&e.id), field(&e.company))?;
            for &v in &d.values {
                write_number(out, v)?;
            }
            for c in &x.categorical {
                write!(out, ",{}", field(&level(c, e).unwrap_or_default()))?;
            }
            write_number(out, d.car)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// Writes `regression.csv`, `regression_fit.csv` and `regression_data.csv` into `dir`.
///
/// # Errors
/// A file cannot be written.
pub fn write_files(dir: &std::path::Path, x: &Explained, events: &[Event]) -> Result<()> {
    crate::files::write_csv(&dir.join("regression.csv"), &coef_table(x))?;
    crate::files::write_csv(&dir.join("regression_fit.csv"), &fit_table(x))?;
    crate::files::write_atomic_with(&dir.join("regression_data.csv"), |f| {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        write_data(&mut w, x, events)?;
        std::io::Write::flush(&mut w)
    })
}

/// `regression_fit.csv`: `window,n,k,dropped,r2,adj_r2,f,p_f,se_type,clusters`.
pub fn fit_table(x: &Explained) -> Table {
    let mut t = Table::new(&[
        "window", "n", "k", "dropped", "r2", "adj_r2", "f", "p_f", "se_type", "clusters",
    ]);
    for f in &x.fits {
        t.rows.push(vec![
            Cell::str(f.window.to_string()),
            Cell::Int(f.n as i64),
            Cell::Int(f.k as i64),
            Cell::Int(f.dropped as i64),
            Cell::num(f.r2.0),
            Cell::num(f.r2.1),
            Cell::num(f.f.0),
            Cell::num(f.f.1),
            Cell::str(x.se.name()),
            f.clusters.map_or(Cell::Null, |c| Cell::Int(c as i64)),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(y: &[f64], x: &[f64], se: &SeType, groups: Option<&[usize]>) -> Ols {
        let rows: Vec<Vec<f64>> = x.iter().map(|&v| vec![1.0, v]).collect();
        let d = Design::from_rows(&rows, 2);
        ols(&d, y, d.gram(None), se, groups).unwrap()
    }

    /// y = 1, 2, 4, 3, 5 on x = 1..5, worked by hand: slope Sxy/Sxx = 9/10, intercept
    /// 3 - 0.9 * 3 = 0.3, residuals -0.2, -0.1, 1, -0.9, 0.2, SSE 1.9, SST 10.
    #[test]
    fn a_hand_worked_regression() {
        let (y, x) = ([1.0, 2.0, 4.0, 3.0, 5.0], [1.0, 2.0, 3.0, 4.0, 5.0]);
        let tol = 1e-12;
        let c = fit(&y, &x, &SeType::Classic, None);
        assert!((c.coefs[1][0] - 0.9).abs() < tol);
        assert!((c.coefs[0][0] - 0.3).abs() < tol);
        // Classic: s2 = 1.9 / 3; se(slope) = sqrt(s2 / Sxx); se(const) = sqrt(s2 (1/5 + 9/10)).
        let s2: f64 = 1.9 / 3.0;
        assert!((c.coefs[1][1] - (s2 / 10.0).sqrt()).abs() < tol);
        assert!((c.coefs[0][1] - (s2 * 1.1).sqrt()).abs() < tol);
        assert!((c.r2.0 - 0.81).abs() < tol);
        assert!((c.r2.1 - (1.0 - 0.19 * 4.0 / 3.0)).abs() < tol);
        // One slope: F is t squared.
        assert!((c.f.0 - c.coefs[1][2].powi(2)).abs() < 1e-9);
        // HC1 slope variance: 5/3 * sum (x - 3)^2 e^2 / Sxx^2 = 5/3 * 1.14 / 100.
        let h = fit(&y, &x, &SeType::Hc1, None);
        assert!((h.coefs[1][1] - (5.0 / 3.0 * 0.0114f64).sqrt()).abs() < tol);
        // Every event its own cluster: G/(G-1) (N-1)/(N-K) = N/(N-K), the HC1 factor.
        let own: Vec<usize> = (0..5).collect();
        let g = fit(&y, &x, &SeType::Cluster("company".into()), Some(&own));
        for j in 0..2 {
            assert!((g.coefs[j][1] - h.coefs[j][1]).abs() < tol);
        }
        assert_eq!(g.clusters, Some(5));
    }

    #[test]
    fn collinear_and_constant_terms_are_removed() {
        let x: Vec<Vec<f64>> = (0..6)
            .map(|i| {
                let v = f64::from(i);
                vec![1.0, v, 2.0 * v + 1.0, 7.0, v * v]
            })
            .collect();
        let (keep, removed) = independent(&Design::from_rows(&x, 5).gram(None));
        assert_eq!(keep, [0, 1, 4]);
        assert_eq!(removed, [2, 3]);
    }

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
