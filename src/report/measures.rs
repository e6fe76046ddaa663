//! The report's words and tables for every measure (METHODS.md §4, §10, §11): the section
//! of a volume or volatility study, its headline sentence, and the captions of its charts.

use std::path::Path;

use super::{in_dir, p_value, pct};
use crate::content::document::{Block, Document};
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

/// The p-value headers of the tests defined for a measure: `p (t)`, `p (Patell)`, ...
fn p_headers(m: Measure) -> impl Iterator<Item = String> {
    crate::study::TESTS
        .iter()
        .enumerate()
        .filter(move |&(i, _)| crate::study::test_defined(m, i))
        .map(|(_, (_, _, name))| format!("p ({name})"))
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
    let (mean, median) = match m {
        Measure::Return => ("CAAR", "median CAR"),
        Measure::Volume => ("CAAV", "median CAV"),
        Measure::Volatility => ("mean U - 1", "median U - 1"),
    };
    let mut header: Vec<String> = ["group", "window", "N", mean, "95 % CI", median]
        .iter()
        .map(|h| h.to_string())
        .collect();
    header.extend(p_headers(m));
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
            row.extend(s.tests_of(m).iter().map(|(_, t)| p_value(t.p)));
            row
        })
        .collect();
    Block::Table {
        right: (0..header.len()).map(|i| i >= 2).collect(),
        header,
        rows,
    }
}

/// The rivals' section (METHODS §13): per window, the announcers' CAAR beside their
/// rivals' portfolio CAAR (the events with a portfolio), then the rivals' CAAR by the sign
/// of the announcer's CAR, each with its 95 % interval and p-values.
pub fn rivals_section(
    doc: &mut Document,
    r: &StudyResult,
    rs: &crate::study::rivals::RivalStudy,
    dir: &Path,
) {
    doc.push(Block::Heading("Rivals".into()));
    let members: usize = rs.members.iter().map(Vec::len).sum();
    doc.push(Block::Paragraph(format!(
        "Did the layoffs move the announcers' competitors? For each of {} events, the equal-weighted portfolio of the announcer's rivals with prices ({} rivals in all, {:.1} on average) was studied on the announcer's day 0 under the same model; its variance comes from the portfolio's own estimation-window abnormal returns, so the rivals' correlation is inside it. Rivals that lack prices are listed in `{}`.",
        rs.portfolios.len(),
        members,
        members as f64 / rs.portfolios.len().max(1) as f64,
        in_dir(dir, "excluded.csv")
    )));
    doc.push(rivals_table(r, rs));
    by_sign(doc, rs);
    doc.push(Block::Paragraph(format!(
        "Files: `{}` (each rival's CAR), `{}` (one portfolio row per event and window), `{}` (every test).",
        in_dir(dir, "rivals.csv"),
        in_dir(dir, "rival_cars.csv"),
        in_dir(dir, "rival_summary.csv")
    )));
}

/// The announcers' CAAR beside their rivals' portfolio CAAR, per window.
fn rivals_table(r: &StudyResult, rs: &crate::study::rivals::RivalStudy) -> Block {
    let with: std::collections::HashMap<usize, &crate::study::EventResult> =
        r.results.iter().map(|e| (e.event, e)).collect();
    let side = |cars: &[f64]| {
        super::mean_ci_p(cars).unwrap_or_else(|| {
            [
                pct(cars.first().copied().unwrap_or(f64::NAN)),
                "-".into(),
                "-".into(),
            ]
        })
    };
    let header: Vec<String> = [
        "window",
        "N",
        "announcers' CAAR",
        "95 % CI",
        "p (t)",
        "rivals' CAAR",
        "95 % CI",
        "p (t)",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    let rows = r
        .settings
        .windows
        .iter()
        .enumerate()
        .map(|(wi, w)| {
            let announcers: Vec<f64> = rs
                .portfolios
                .iter()
                .filter_map(|p| with.get(&p.event).map(|a| a.windows[wi].car))
                .collect();
            let rivals: Vec<f64> = rs.portfolios.iter().map(|p| p.windows[wi].car).collect();
            let mut row = vec![w.to_string(), rivals.len().to_string()];
            row.extend(side(&announcers));
            row.extend(side(&rivals));
            row
        })
        .collect();
    Block::Table {
        right: (0..header.len()).map(|i| i >= 1).collect(),
        header,
        rows,
    }
}

/// The rivals' CAAR by the sign of the announcer's CAR: the rival study's own tests, when
/// it split them (`--group-by announcer_sign`).
fn by_sign(doc: &mut Document, rs: &crate::study::rivals::RivalStudy) {
    let mut header: Vec<String> = ["announcer's CAR", "window", "N", "rivals' CAAR", "95 % CI"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    header.extend(p_headers(Measure::Return));
    let rows: Vec<Vec<String>> = rs
        .summary
        .iter()
        .filter(|s| s.group != "all")
        .map(|s| {
            let mut row = vec![
                s.group.clone(),
                s.window.to_string(),
                s.n.to_string(),
                pct(s.caar),
                format!("{} to {}", pct(s.ci.0), pct(s.ci.1)),
            ];
            row.extend(
                s.tests_of(Measure::Return)
                    .iter()
                    .map(|(_, t)| p_value(t.p)),
            );
            row
        })
        .collect();
    if rows.is_empty() {
        doc.push(Block::Paragraph(
            "With `--group-by announcer_sign` the rivals' tests are split by the sign of the announcer's CAR over each window.".into(),
        ));
    } else {
        doc.push(Block::Table {
            right: (0..header.len()).map(|i| i >= 2).collect(),
            header,
            rows,
        });
        doc.push(Block::Paragraph(
            "Rivals falling with a falling announcer point to industry news (weak demand); rivals rising as the announcer falls, to news about the firm (Bordeman, Kannan and Pinheiro, 2021, find rivals' CARs of +0.51 % when the announcer's news is good and -0.65 % when it is bad).".into(),
        ));
    }
}
