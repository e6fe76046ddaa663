//! The report's words and tables for every measure (METHODS.md §4, §10, §11): the section
//! of a volume or volatility study, its headline sentence, and the captions of its charts.

use std::path::Path;

use super::{in_dir, p_value, pct};
use crate::export::document::{Block, Document};
use crate::study::output::distribution_file;
use crate::study::{Measure, StudyResult, SummaryRow, Window};

/// A figure of the measure: a return in percent, log volume and U - 1 as numbers.
fn figure(m: Measure, v: f64) -> String {
    match m {
        Measure::Return => pct(v),
        _ if v.is_finite() => format!("{v:+.3}"),
        _ => "-".into(),
    }
}

/// The captions of a study's charts, with their files inside `dir`.
pub fn captions(r: &StudyResult, dir: &Path) -> Vec<(String, String)> {
    let m = r.settings.measure;
    let (caar, each) = match m {
        Measure::Return => ("Cumulative average abnormal return", "CARs"),
        Measure::Volume => ("Cumulative average abnormal log volume", "CAVs"),
        Measure::Volatility => ("Abnormal volatility: mean U - 1 by day", "mean U - 1"),
    };
    let mut out = vec![(in_dir(dir, "caar.png"), caar.to_string())];
    for w in &r.settings.windows {
        out.push((
            in_dir(dir, &distribution_file(*w, "png")),
            format!("Distribution of {each}, window {w}"),
        ));
    }
    out
}

/// The pooled row of the day-0 window (else the first).
fn day0_row(r: &StudyResult) -> Option<&SummaryRow> {
    let all: Vec<&SummaryRow> = r.summary.iter().filter(|s| s.group == "all").collect();
    all.iter()
        .find(|s| s.window == Window::new(0, 0))
        .or(all.first())
        .copied()
}

fn p_is(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".into()
    } else {
        format!("p = {}", p_value(p))
    }
}

fn when(w: Window) -> String {
    if w == Window::new(0, 0) {
        "on the day of the announcement".into()
    } else {
        format!(
            "over trading days {} to {}",
            crate::study::window::signed(w.start),
            crate::study::window::signed(w.end)
        )
    }
}

/// The headline sentence of a volume or volatility study: the day-0 figure, what it means
/// and its t test (none for returns, whose sentence is [`super::finding`]).
pub fn finding(r: &StudyResult) -> Option<String> {
    let s = day0_row(r)?;
    if s.n < 2 || !s.caar.is_finite() {
        return None;
    }
    let verdict = if s.t_cs.p < 0.05 {
        "different from zero at the 5 % level"
    } else {
        "not distinguishable from zero at the 5 % level"
    };
    let daily = s.caar / s.window.len() as f64;
    match r.settings.measure {
        Measure::Return => None,
        Measure::Volume => Some(format!(
            "**Trading volume {}: {} the usual number of shares changed hands per day \
             (cumulative abnormal log volume {} over {} events; t test {}, {verdict}).**",
            when(s.window),
            if daily >= 0.0 {
                format!("about {:.0} % more than", (daily.exp() - 1.0) * 100.0)
            } else {
                format!("about {:.0} % fewer than", (1.0 - daily.exp()) * 100.0)
            },
            figure(Measure::Volume, s.caar),
            s.n,
            p_is(s.t_cs.p)
        )),
        Measure::Volatility => Some(format!(
            "**Volatility {}: the variance of abnormal returns was {:.2} times its usual level \
             (mean U - 1 = {} over {} events; t test {}, {verdict}).**",
            when(s.window),
            s.caar + 1.0,
            figure(Measure::Volatility, s.caar),
            s.n,
            p_is(s.t_cs.p)
        )),
    }
}

/// The section of a volume or volatility study (or of a return study given after them):
/// a heading, what the figures are, the table of every window and group with the tests
/// defined for the measure, and where its files are.
pub fn section(doc: &mut Document, r: &StudyResult, dir: &Path, other: bool) {
    let m = r.settings.measure;
    let model = r.settings.model.name();
    let (heading, what) = match m {
        Measure::Return => (
            "Cumulative average abnormal returns",
            format!("Abnormal returns under the {model} model."),
        ),
        Measure::Volume => (
            "Abnormal trading volume",
            format!(
                "Abnormal log volume: ln(1 + shares traded) less what the {model} model of log \
                 volume expected from the estimation window; CAV sums it over the window and \
                 CAAV is the mean over events. A CAAV of +0.10 on one day is about 10.5 % \
                 more shares traded than usual (e^0.10 - 1)."
            ),
        ),
        Measure::Volatility => (
            "Abnormal volatility",
            format!(
                "Beaver's U: each day's squared abnormal return over the estimation window's \
                 variance (the {model} model's s², or GARCH's h_t). U - 1 is 0 when the \
                 variance did not change and 1 when it doubled; the figure is its mean over \
                 the window's days, averaged over events. Patell, BMP and Kolari-Pynnönen are \
                 not defined for U."
            ),
        ),
    };
    doc.push(Block::Heading(heading.into()));
    doc.push(Block::Paragraph(what));
    doc.push(table(r));
    let mut words = format!(
        "{} events studied, {} excluded. Windows in trading days relative to the announcement (day 0); two-sided p-values.",
        r.results.len(),
        r.excluded.len()
    );
    if other {
        words.push_str(&format!(
            " Files of this study in `{}`: `cars.csv`, `{}`, `summary.csv`, `caar.csv`, `excluded.csv`.",
            in_dir(dir, ""),
            m.daily_file()
        ));
    }
    doc.push(Block::Paragraph(words));
    for n in &r.notes {
        doc.push(Block::Paragraph(format!("Note: {n}")));
    }
}

/// The table of every window and group of a study with the tests defined for its measure:
/// the figure (CAAR, CAAV, mean U - 1), its 95 % interval, the median and the p-values.
pub fn table(r: &StudyResult) -> Block {
    let m = r.settings.measure;
    let volatility = m == Measure::Volatility;
    let (mean, median) = match m {
        Measure::Return => ("CAAR", "median CAR"),
        Measure::Volume => ("CAAV", "median CAV"),
        Measure::Volatility => ("mean U - 1", "median U - 1"),
    };
    let mut header: Vec<String> = ["group", "window", "N", mean, "95 % CI", median]
        .iter()
        .map(|h| h.to_string())
        .collect();
    let tests: &[&str] = if volatility {
        &["p (t)", "p (sign)", "p (rank)", "p (Wilcoxon)"]
    } else {
        &[
            "p (t)",
            "p (Patell)",
            "p (BMP)",
            "p (KP)",
            "p (sign)",
            "p (rank)",
            "p (Wilcoxon)",
        ]
    };
    header.extend(tests.iter().map(|t| t.to_string()));
    let rows = r
        .summary
        .iter()
        .map(|s| {
            let mut row = vec![
                s.group.clone(),
                s.window.to_string(),
                s.n.to_string(),
                figure(m, s.caar),
                format!("{} to {}", figure(m, s.ci.0), figure(m, s.ci.1)),
                figure(m, s.median_car),
            ];
            let stats = if volatility {
                vec![s.t_cs, s.gen_sign, s.rank, s.wilcoxon]
            } else {
                s.tests().to_vec()
            };
            row.extend(stats.iter().map(|t| p_value(t.p)));
            row
        })
        .collect();
    Block::Table {
        right: (0..header.len()).map(|i| i >= 2).collect(),
        header,
        rows,
    }
}
