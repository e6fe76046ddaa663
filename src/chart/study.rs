//! The charts of a finished study: the CAAR chart and one CAR histogram per window.

use std::path::{Path, PathBuf};

use super::caar::CaarChart;
use super::distribution::DistributionChart;
use super::{Drawing, Size, render};
use crate::error::Result;
use crate::study::StudyResult;
use crate::study::output::{about, distribution_file};

/// The CAAR chart of a study (one line per group).
pub fn caar(r: &StudyResult) -> CaarChart {
    CaarChart::from_rows(&r.caar, about(r))
}

/// The histogram of the CARs of the study's `i`-th window.
pub fn distribution(r: &StudyResult, i: usize) -> DistributionChart {
    DistributionChart {
        cars: r.results.iter().map(|e| e.windows[i].car).collect(),
        window: r.settings.windows[i].to_string(),
        about: about(r),
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
