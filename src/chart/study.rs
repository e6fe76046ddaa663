//! The charts of a finished study: the CAAR chart and one CAR histogram per window.

use std::path::{Path, PathBuf};

use super::caar::CaarChart;
use super::distribution::DistributionChart;
use super::{Drawing, Size, render};
use crate::error::Result;
use crate::study::output::{about, distribution_file};
use crate::study::{EventResult, StudyResult};

/// The CAAR chart of a study: the pooled line and one line per group of at least
/// `min_group_size` events (the smaller groups named under the chart).
pub fn caar(r: &StudyResult) -> CaarChart {
    CaarChart::from_rows(&r.caar, about(r))
        .of_measure(r.settings.measure)
        .without_small_groups(r.settings.min_group_size)
}

/// The CAAR of the clean events (no confounder in the confound window) beside that of
/// the confounded ones, each with its 95 % band (METHODS §9).
pub fn clean_and_confounded(r: &StudyResult) -> CaarChart {
    let (clean, confounded): (Vec<&EventResult>, Vec<&EventResult>) =
        r.results.iter().partition(|e| e.confounders.is_empty());
    let mut rows = crate::study::caar_rows("clean", &clean, &r.settings);
    rows.extend(crate::study::caar_rows(
        "confounded",
        &confounded,
        &r.settings,
    ));
    let mut chart = CaarChart::from_rows(&rows, about(r)).of_measure(r.settings.measure);
    chart.lines.retain(|l| l.n > 0);
    chart
}

/// The CAAR of the announcers that have a rival portfolio beside the CAAR of those
/// portfolios (METHODS §13), each with its 95 % band.
pub fn announcers_and_rivals(r: &StudyResult, rs: &crate::study::rivals::RivalStudy) -> CaarChart {
    let with: std::collections::HashSet<usize> = rs.portfolios.iter().map(|p| p.event).collect();
    let announcers: Vec<&EventResult> = r
        .results
        .iter()
        .filter(|e| with.contains(&e.event))
        .collect();
    let rivals: Vec<&EventResult> = rs.portfolios.iter().collect();
    let mut rows = crate::study::caar_rows("announcers", &announcers, &r.settings);
    rows.extend(crate::study::caar_rows("rivals", &rivals, &r.settings));
    let mut chart = CaarChart::from_rows(&rows, about(r));
    chart.lines.retain(|l| l.n > 0);
    let members: usize = rs.members.iter().map(Vec::len).sum();
    chart.counted = Some(format!(
        "N = {} announcements and their rival portfolios ({members} rivals)",
        rivals.len()
    ));
    chart
}

/// The histogram of the CARs of the study's `i`-th window.
pub fn distribution(r: &StudyResult, i: usize) -> DistributionChart {
    DistributionChart {
        cars: r.results.iter().map(|e| e.windows[i].car).collect(),
        window: r.settings.windows[i].to_string(),
        about: about(r),
        measure: r.settings.measure,
    }
}

/// The study's charts with their file names: `caar.png` and one
/// `distribution_START_END.png` per window; none for a study without studied events.
pub fn drawings(r: &StudyResult) -> Vec<(String, Drawing)> {
    let mut out = Vec::new();
    if r.results.is_empty() {
        return out;
    }
    out.push(("caar.png".to_string(), Drawing::Caar(caar(r))));
    for (i, w) in r.settings.windows.iter().enumerate() {
        out.push((
            distribution_file(*w, "png"),
            Drawing::Distribution(distribution(r, i)),
        ));
    }
    out
}

/// Draws `caar.png` and one `distribution_START_END.png` per window into `dir`. Returns
/// the files written.
///
/// # Errors
/// A drawing or I/O failure; no chart is drawn for a study without studied events.
pub fn write_charts(dir: &Path, r: &StudyResult, size: Size) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for (file, chart) in drawings(r) {
        let path = dir.join(file);
        render(&chart, &path, size)?;
        files.push(path);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;
    use crate::filings::Confounder;
    use crate::simulate::{Spec, simulate};
    use crate::study::{Inputs, Settings};

    /// The clean and confounded lines are the study's own `--group-by confounded` groups
    /// (worked out by another route: the grouping of `summarise`), point by point, each
    /// with its band.
    #[test]
    fn clean_and_confounded_lines_are_the_study_groups() {
        let sim = simulate(&Spec {
            stocks: 15,
            years: 3,
            events: 120,
            seed: 9,
            ..Spec::default()
        })
        .unwrap();
        let mut events = sim.events.clone();
        // Every third event has earnings on its reported date.
        for e in events.iter_mut().step_by(3) {
            e.timing.confounders.push(Confounder {
                kind: "earnings".into(),
                day: e.date,
                time: None,
            });
        }
        let panel = sim.panel();
        let cal = Calendar::of_series(&sim.market);
        let inputs = Inputs {
            prices: (&panel).into(),
            market: Some(&sim.market),
            calendar: &cal,
            factors: None,
        };
        let settings = Settings {
            group_by: Some("confounded".into()),
            event_time: true,
            ..Settings::default()
        };
        let r = crate::study::run(&events, &inputs, &settings).unwrap();
        let chart = clean_and_confounded(&r);
        let names: Vec<&str> = chart.lines.iter().map(|l| l.group.as_str()).collect();
        assert_eq!(names, ["clean", "confounded"]);
        for line in &chart.lines {
            let rows: Vec<_> = r.caar.iter().filter(|c| c.group == line.group).collect();
            assert_eq!(rows.len(), line.points.len());
            assert!(line.n > 10, "{} has {} events", line.group, line.n);
            for (p, c) in line.points.iter().zip(rows) {
                assert_eq!(*p, (c.rel_day, c.caar, c.ci.0, c.ci.1));
                assert!(p.2 < p.1 && p.1 < p.3 || p.0 == r.settings.chart.start);
            }
        }
    }
}
