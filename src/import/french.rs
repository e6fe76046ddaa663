//! Ken French daily factor files as downloaded (CSV or TXT): a text preamble, a header
//! line such as `,Mkt-RF,SMB,HML,RF`, `YYYYMMDD` dates, values in percent, a copyright
//! line at the end. Several files (3-factor, momentum, 5-factor) merge by date.

use std::collections::BTreeMap;
use std::path::Path;

use crate::date::{self, Day};
use crate::error::{Error, Result};
use crate::tabular as csv;

/// Daily factor returns as fractions, by factor name (`MKT-RF`, `SMB`, `HML`, `RF`,
/// `MOM`, `RMW`, `CMA`; names upper-cased).
#[derive(Debug, Default, Clone)]
pub struct Factors {
    by_name: BTreeMap<String, BTreeMap<Day, f64>>,
}

/// Factor names recognised in a header line.
const FACTOR_NAMES: &[&str] = &["MKT-RF", "SMB", "HML", "RF", "MOM", "UMD", "RMW", "CMA"];

fn split_cells(line: &str) -> Vec<&str> {
    if line.contains(',') {
        line.split(',').map(str::trim).collect()
    } else {
        line.split_whitespace().collect()
    }
}

/// True for a first cell that is a YYYYMMDD date.
fn is_daily_row(line: &str) -> bool {
    let first = split_cells(line).first().copied().unwrap_or("");
    first.len() == 8 && first.bytes().all(|b| b.is_ascii_digit())
}

/// Checks that the line ending the daily table at `lineno` really ends it: a line that
/// tries to be a date (`2022-02-30`, a date behind a stray BOM) or daily rows after it
/// (a blank line inside the table) are errors, never a silent truncation.
fn check_table_end(path: &Path, text: &str, lineno: usize, line: &str) -> Result<()> {
    let first = split_cells(line).first().copied().unwrap_or("").to_string();
    // Annual (YYYY) and monthly (YYYYMM) tables may follow a daily one; any other cell
    // starting with a digit or a BOM is a broken date.
    let looks_like_date = first.starts_with('\u{feff}')
        || (first.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && first.len() != 4
            && first.len() != 6);
    if looks_like_date {
        return Err(Error::data(
            path,
            Some(lineno),
            Some("1 (date)".into()),
            format!("cannot read {first:?} as a YYYYMMDD date"),
        ));
    }
    if let Some((later, _)) = csv::lines(text).skip(lineno).find(|(_, l)| is_daily_row(l)) {
        return Err(Error::data(
            path,
            Some(lineno),
            None,
            format!(
                "the daily table is interrupted by {:?} and goes on at line {later}: \
                 expected one YYYYMMDD row per line until the end of the table",
                line.trim()
            ),
        ));
    }
    Ok(())
}

/// The factor names of a header line, when every non-empty cell is one.
fn header_names(cells: &[&str]) -> Option<Vec<String>> {
    let rest: Vec<&str> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
    let known = |c: &&str| FACTOR_NAMES.contains(&c.to_ascii_uppercase().as_str());
    (!rest.is_empty() && rest.iter().all(known))
        .then(|| rest.iter().map(|c| c.to_ascii_uppercase()).collect())
}

impl Factors {
    /// Reads one file and merges it in (a factor already present keeps its first values).
    ///
    /// # Errors
    /// No header line with factor names before the data, an unreadable value.
    pub fn read(&mut self, path: &Path) -> Result<()> {
        let text = csv::read_text(path)?;
        let mut names: Option<Vec<String>> = None;
        let mut rows = 0usize;
        for (lineno, line) in csv::lines(&text) {
            let cells = split_cells(line);
            let first = cells.first().copied().unwrap_or("");
            let is_date = first.len() == 8 && first.bytes().all(|b| b.is_ascii_digit());
            match &names {
                None if !is_date => names = header_names(&cells),
                None => {}
                Some(n) => {
                    if !is_date {
                        if rows > 0 {
                            // The end of the daily table (annual tables or the copyright
                            // follow), unless daily rows come again later.
                            check_table_end(path, &text, lineno, line)?;
                            break;
                        }
                        continue;
                    }
                    self.add_row(path, lineno, &cells, n)?;
                    rows += 1;
                }
            }
        }
        if names.is_none() || rows == 0 {
            return Err(Error::data(
                path,
                None,
                None,
                "no daily factor table found: expected a header line such as \",Mkt-RF,SMB,HML,RF\" followed by YYYYMMDD rows",
            ));
        }
        Ok(())
    }

    /// Adds one daily row: its date and a value per factor of the header `n`.
    fn add_row(&mut self, path: &Path, lineno: usize, cells: &[&str], n: &[String]) -> Result<()> {
        let first = cells.first().copied().unwrap_or("");
        let day = date::parse(first).ok_or_else(|| {
            Error::data(
                path,
                Some(lineno),
                Some("1 (date)".into()),
                format!("cannot read {first:?} as a YYYYMMDD date"),
            )
        })?;
        if cells.len() != n.len() + 1 {
            return Err(Error::data(
                path,
                Some(lineno),
                None,
                format!(
                    "{} fields where the header has {} (the date and {}): a row of another \
                     width is never read by position (a decimal comma?)",
                    cells.len(),
                    n.len() + 1,
                    n.join(", ")
                ),
            ));
        }
        for (i, name) in n.iter().enumerate() {
            let raw = cells.get(i + 1).copied().unwrap_or("");
            let v = csv::number(raw).map_err(|_| {
                Error::data(
                    path,
                    Some(lineno),
                    Some(format!("{} ({name})", i + 2)),
                    format!("cannot read {raw:?} as a number"),
                )
            })?;
            let v = match v {
                Some(x) if x > -99.0 => x / 100.0,
                _ => f64::NAN, // -99.99 and -999 mark missing data
            };
            let name = if name == "UMD" { "MOM" } else { name.as_str() };
            self.by_name
                .entry(name.to_string())
                .or_default()
                .entry(day)
                .or_insert(v);
        }
        Ok(())
    }

    /// The factor names present.
    pub fn names(&self) -> Vec<&str> {
        self.by_name.keys().map(String::as_str).collect()
    }

    /// A factor on every one of `days` (NaN where the file has no value).
    pub fn on_days(&self, name: &str, days: &[Day]) -> Option<Vec<f64>> {
        let m = self.by_name.get(name)?;
        Some(
            days.iter()
                .map(|d| m.get(d).copied().unwrap_or(f64::NAN))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tolerance::*;

    #[test]
    fn reads_a_french_file_with_preamble_and_copyright() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("F-F.csv");
        std::fs::write(
            &p,
            "This file was created by CMPT_ME_BEME_RETS_DAILY\r\nusing the 202604 CRSP database.\r\n\r\n,Mkt-RF,SMB,HML,RF\r\n20240109,  -0.13,  -0.50,   0.10,  0.021\r\n20240110,   0.65,  -0.30,  -0.51,  0.021\r\n\r\nCopyright 2026 Eugene F. Fama and Kenneth R. French\r\n",
        )
        .unwrap();
        let mut f = Factors::default();
        f.read(&p).unwrap();
        assert_eq!(f.names(), ["HML", "MKT-RF", "RF", "SMB"]);
        let m = f
            .on_days("MKT-RF", &[date::parse("2024-01-10").unwrap()])
            .unwrap();
        assert!((m[0] - 0.0065).abs() < EXACT);
    }

    /// A blank line, a bad date or a stray BOM inside the daily table used to end the table
    /// silently, leaving every later day without factors (exit 0).
    /// A decimal comma (`   0,73`) in a comma-separated table makes a row one field too
    /// wide; a missing value one too narrow: both are errors naming the line, never values
    /// read shifted.
    #[test]
    fn a_row_of_another_width_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("F-F_Research_Data_Factors_daily.CSV");
        for (row, width) in [
            ("20240103,   0,73,  -0.12,   0.30,   0.021", "6 fields"),
            ("20240103,   0.73,  -0.12,   0.30", "4 fields"),
        ] {
            std::fs::write(
                &p,
                format!(
                    "This file was created by CMPT_ME_BEME_RETS_DAILY\n\n,Mkt-RF,SMB,HML,RF\n\
                     20240102,  -0.71,  -0.23,   0.54,   0.021\n{row}\n"
                ),
            )
            .unwrap();
            let e = Factors::default().read(&p).unwrap_err().to_string();
            assert!(
                e.contains("F-F_Research_Data_Factors_daily.CSV")
                    && e.contains("line 5")
                    && e.contains(width)
                    && e.contains("header has 5"),
                "{e}"
            );
        }
    }

    #[test]
    fn an_interrupted_daily_table_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let head = "preamble\n\n,Mkt-RF,SMB,HML,RF\n20240109,-0.13,-0.50,0.10,0.021\n";
        let tail = "20240111,0.65,-0.30,-0.51,0.021\n\nCopyright\n";
        for (mid, line) in [
            ("\n", 5),
            ("2024-01-10,0.1,0.1,0.1,0.01\n", 5),
            ("\u{feff}20240110,0.1,0.1,0.1,0.01\n", 5),
            ("20240230,0.1,0.1,0.1,0.01\n", 5),
            ("oops\n", 5),
        ] {
            let p = dir.path().join("ff.csv");
            std::fs::write(&p, format!("{head}{mid}{tail}")).unwrap();
            let e = Factors::default().read(&p).unwrap_err();
            assert!(
                e.to_string().contains(&format!("line {line}")),
                "{mid:?}: {e}"
            );
        }
    }
}
