//! Reading a finished study folder back: its tables by column name, what it measured and
//! the words of its charts, and the charts `plot` draws from them.

use std::path::{Path, PathBuf};

use crate::chart::caar::CaarChart;
use crate::chart::distribution::DistributionChart;
use crate::chart::explain::ExplainChart;
use crate::error::{Error, Result};
use crate::study::{CaarRow, Measure, Window, output};
use crate::tabular::{self as csv, Sheet};

/// A CSV file a study wrote, read back with its columns found by name.
pub struct Written {
    path: PathBuf,
    sheet: Sheet,
}

impl Written {
    /// Reads `file` of the study folder `study`.
    ///
    /// # Errors
    /// A file that cannot be read or is not a table.
    pub fn read(study: &Path, file: &str) -> Result<Written> {
        let path = study.join(file);
        let sheet = Sheet::parse(&path, &csv::read_text(&path)?)?;
        Ok(Written { path, sheet })
    }

    /// The position of the column `name`.
    ///
    /// # Errors
    /// No such column: the file is not one the study wrote.
    pub fn column(&self, name: &str) -> Result<usize> {
        self.sheet.column(&[name]).ok_or_else(|| {
            Error::data(
                &self.path,
                Some(1),
                None,
                format!("no column {name}: not a file written by `study`"),
            )
        })
    }

    /// The column names, as written.
    pub fn header(&self) -> &[String] {
        &self.sheet.header
    }

    /// The rows' fields.
    pub fn rows(&self) -> impl Iterator<Item = &[String]> {
        self.sheet.rows.iter().map(|r| r.fields.as_slice())
    }

    /// The window asked for as written, else the first row's of column `win` (0:0 in a
    /// table without rows).
    pub fn window_or_first(&self, window: Option<Window>, win: usize) -> String {
        match window {
            Some(x) => x.to_string(),
            None => self
                .rows()
                .next()
                .map_or_else(|| "0:0".into(), |r| r[win].clone()),
        }
    }

    /// The values of column `col` (NaN where empty or not a number) of the rows kept by
    /// `keep`.
    pub fn numbers(&self, col: usize, keep: impl Fn(&[String]) -> bool) -> Vec<f64> {
        self.rows()
            .filter(|r| keep(r))
            .map(|r| number(&r[col]))
            .collect()
    }
}

/// A number as the study wrote it; NaN for an empty field.
fn number(s: &str) -> f64 {
    csv::number(s).ok().flatten().unwrap_or(f64::NAN)
}

/// What a finished study measured (return when its `study.txt` does not say), and the
/// words of its charts' subtitles.
pub fn about(study: &Path) -> (Measure, String) {
    let text = std::fs::read_to_string(study.join("study.txt")).unwrap_or_default();
    let field = |name: &str| text.lines().find_map(|l| l.strip_prefix(name));
    let m = field("measure: ")
        .and_then(|m| m.trim().parse().ok())
        .unwrap_or_default();
    let about = match (field("model: "), field("estimation window: ")) {
        (Some(model), Some(est)) => output::about_words(m, model, est),
        _ => "event study".into(),
    };
    (m, about)
}

/// The CAAR chart of a finished study, from `caar.csv`; groups of fewer than
/// `min_group_size` events are named under it.
///
/// # Errors
/// An unreadable `caar.csv`, or one without the study's columns.
pub fn caar_chart(study: &Path, min_group_size: usize) -> Result<CaarChart> {
    let w = Written::read(study, "caar.csv")?;
    let (m, about) = about(study);
    let [group, rel, n, caar, low, high] = [
        "group",
        "rel_day",
        "n",
        output::caar_column(m),
        "ci_low",
        "ci_high",
    ]
    .map(|c| w.column(c));
    let (group, rel, n, caar, low, high) = (group?, rel?, n?, caar?, low?, high?);
    let rows: Vec<CaarRow> = w
        .rows()
        .map(|r| CaarRow {
            group: r[group].clone(),
            rel_day: number(&r[rel]) as i32,
            n: number(&r[n]) as usize,
            aar: f64::NAN,
            caar: number(&r[caar]),
            ci: (number(&r[low]), number(&r[high])),
        })
        .collect();
    Ok(CaarChart::from_rows(&rows, about)
        .of_measure(m)
        .without_small_groups(min_group_size))
}

/// The histogram of one window's figures (CAR, CAV, mean U - 1) of a finished study, from
/// `cars.csv`; the first window by default.
///
/// # Errors
/// An unreadable `cars.csv`, or one without the study's columns.
pub fn distribution_chart(study: &Path, window: Option<Window>) -> Result<DistributionChart> {
    let w = Written::read(study, "cars.csv")?;
    let (m, about) = about(study);
    let (col, win) = (w.column(output::figure_column(m))?, w.column("window")?);
    let window = w.window_or_first(window, win);
    let cars = w.numbers(col, |r| r[win] == window);
    Ok(DistributionChart {
        cars,
        window,
        about,
        measure: m,
    })
}

/// CAR against the first numeric term of the regression for one window (the first by
/// default), from `regression_data.csv`.
///
/// # Errors
/// An unreadable file, or a regression without a numeric term (nothing to draw).
pub fn explain_chart(study: &Path, window: Option<Window>) -> Result<ExplainChart> {
    let w = Written::read(study, "regression_data.csv")?;
    let (win, company, car) = (w.column("window")?, w.column("company")?, w.column("car")?);
    let term = w
        .header()
        .iter()
        .enumerate()
        .skip(company + 1)
        .find(|(i, t)| *i != car && !crate::study::regression::CATEGORICAL.contains(&t.as_str()))
        .map(|(i, t)| (i, t.clone()));
    let Some((at, term)) = term else {
        return Err(Error::NoResult(format!(
            "nothing to draw: {} has no numeric term (explain with laid_off, pct_laid_off, ...)",
            study.join("regression_data.csv").display()
        )));
    };
    let window = w.window_or_first(window, win);
    let points = w
        .rows()
        .filter(|r| r[win] == window)
        .map(|r| (number(&r[at]), number(&r[car]), r[company].clone()))
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .collect();
    Ok(ExplainChart {
        term,
        window,
        points,
    })
}
