//! The charts of a finished study: the CAAR chart and one CAR histogram per window.

use std::path::{Path, PathBuf};

use super::caar::CaarChart;
use super::distribution::DistributionChart;
use super::{Size, render};
use crate::error::Result;
use crate::study::StudyResult;
use crate::study::output::{about, distribution_file};

/// Draws `caar.png` and one `distribution_START_END.png` per window into `dir`. Returns
/// the files written.
///
/// # Errors
/// A drawing or I/O failure; no chart is drawn for a study without studied events.
pub fn write_charts(dir: &Path, r: &StudyResult, size: Size) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if r.results.is_empty() {
        return Ok(files);
    }
    let path = dir.join("caar.png");
    render(&CaarChart::from_rows(&r.caar, about(r)), &path, size)?;
    files.push(path);
    for (i, w) in r.settings.windows.iter().enumerate() {
        let chart = DistributionChart {
            cars: r.results.iter().map(|e| e.windows[i].car).collect(),
            window: w.to_string(),
            about: about(r),
        };
        let path = dir.join(distribution_file(*w, "png"));
        render(&chart, &path, size)?;
        files.push(path);
    }
    Ok(files)
}
