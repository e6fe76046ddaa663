//! Helpers: running the binary, reading its CSV output, locating fixtures and real data.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The tolerances of the tests, named as statrs names its precisions.
/// A value computed from prices with a few decimals, worked the same way by hand.
pub const EXACT: f64 = 1e-12;
/// A value worked by hand through a longer chain (a fit, then its abnormal returns and
/// their sums), read back from the CSV files.
pub const WORKED: f64 = 1e-10;
/// A standardised statistic worked by hand (a variance's square root, a t statistic).
pub const STATISTIC: f64 = 1e-6;

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_layoff-study"))
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

/// Runs and asserts success; returns stdout.
pub fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "layoff-study {:?} failed ({:?}):\n{}",
        args,
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn fixture(rel: &str) -> String {
    fixtures().join(rel).to_string_lossy().into_owned()
}

/// A parsed CSV: header and rows.
pub struct Csv {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    /// Reads CSV text with quoted fields (`"Fiserv, Inc."`) as one field each.
    pub fn parse(text: &str) -> Csv {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut records = rdr
            .records()
            .map(|r| r.expect("CSV").iter().map(String::from).collect::<Vec<_>>());
        let header = records.next().expect("a header row");
        Csv {
            header,
            rows: records.collect(),
        }
    }

    /// Reads a CSV file.
    pub fn read(path: &Path) -> Csv {
        Csv::parse(
            &std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        )
    }

    /// The cell of column `col` in the first row whose `key.0` column is `key.1`.
    pub fn at(&self, key: (&str, &str), col: &str) -> &str {
        &self.rows[self.row_where(key.0, key.1)][self.col(col)]
    }

    pub fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    pub fn get(&self, row: usize, name: &str) -> &str {
        &self.rows[row][self.col(name)]
    }

    pub fn num(&self, row: usize, name: &str) -> f64 {
        let v = self.get(row, name);
        v.parse()
            .unwrap_or_else(|_| panic!("{name} = {v:?} is not a number"))
    }

    /// The first row whose `col` equals `value`.
    pub fn row_where(&self, col: &str, value: &str) -> usize {
        let c = self.col(col);
        self.rows
            .iter()
            .position(|r| r[c] == value)
            .unwrap_or_else(|| panic!("no row with {col} = {value}"))
    }
}

/// The shared real data folder (`LAYOFF_STUDY_DATA`, else `../shared/data`). When it is
/// missing the test fails under CI and is skipped (with a message) elsewhere.
pub fn real_data() -> Option<PathBuf> {
    let dir = std::env::var_os("LAYOFF_STUDY_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "real data folder {} is missing (set LAYOFF_STUDY_DATA)",
        dir.display()
    );
    eprintln!("skipped: real data folder {} is missing", dir.display());
    None
}

pub fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!(
        (a - b).abs() <= tol,
        "{what}: {a} vs expected {b} (tolerance {tol})"
    );
}

/// Simulates `stocks` stocks over `years` years from 2022 with `events` events into
/// `dir/sim` (prices as one Parquet file when `parquet`); returns the prices path and the
/// events file.
pub fn simulate_into(dir: &Path, sizes: (usize, usize, usize), parquet: bool) -> (String, String) {
    let format = if parquet { "parquet" } else { "csv" };
    simulate_as(&dir.join("sim"), sizes, format)
}

/// Simulates `stocks` stocks over `years` years from 2022 with `events` events into `out`,
/// the prices in `--price-format` `format` (csv, parquet or dataset); returns the prices
/// path and the events file.
pub fn simulate_as(
    out: &Path,
    (stocks, events, years): (usize, usize, usize),
    format: &str,
) -> (String, String) {
    let (s, e, y) = (stocks.to_string(), events.to_string(), years.to_string());
    let mut args = vec!["simulate", "--out", out.to_str().unwrap(), "--stocks", &s];
    args.extend(["--events", &e, "--years", &y, "--start-year", "2022", "-q"]);
    args.extend(["--price-format", format]);
    ok(&args);
    let prices = if format == "parquet" {
        "prices.parquet"
    } else {
        "prices"
    };
    (
        out.join(prices).to_string_lossy().into_owned(),
        out.join("events.csv").to_string_lossy().into_owned(),
    )
}
