//! Price import: every supported file layout, detected per file, read into one
//! [`Panel`] of per-ticker daily series. Import only reads.
//!
//! ```no_run
//! use layoff_study::import::{load, PriceOptions};
//! let panel = load(&["prices/".into()], &PriceOptions::default()).unwrap();
//! println!("{} tickers", panel.len());
//! ```

pub mod close_only;

pub mod dataset;
pub mod french;
pub mod layout;
pub mod long;
pub mod lowercase;
pub mod nasdaq;
pub mod parquet;
pub mod stooq;
pub mod yahoo;
pub mod yf_download;
pub mod yf_history;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::series::Builder;
pub use crate::series::{Panel, Series};

use crate::date;
use crate::error::{Error, Invalid, Result};
use crate::tabular as csv;
use layout::{Group, Head, Plan, PriceLayout, TickerFrom};

/// Every layout, most specific first.
pub static LAYOUTS: &[&dyn PriceLayout] = &[
    &yf_download::YfDownload,
    &yf_history::YfHistory,
    &nasdaq::Nasdaq,
    &long::Long,
    &yahoo::Yahoo,
    &lowercase::Lowercase,
    &stooq::Stooq,
    &close_only::CloseOnly,
];

/// Which price a return is computed from (METHODS.md §1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PriceField {
    /// Adjusted close when the file has one, else close.
    #[default]
    Adjusted,
    /// Close, even when an adjusted close is present.
    Close,
}

/// Options for reading prices.
#[derive(Debug, Clone, Default)]
pub struct PriceOptions {
    /// Price column choice.
    pub price: PriceField,
    /// Report unreadable files and go on, instead of failing on the first.
    pub skip_bad_files: bool,
}

/// What one file yielded.
enum FileRead {
    Series(Vec<Series>),
    NotPrices(String),
}

/// Reads every `--prices` source into one panel.
///
/// # Errors
/// A source that does not exist, or (without `skip_bad_files`) the first unreadable file,
/// with its line and column.
pub fn load(sources: &[PathBuf], opts: &PriceOptions) -> Result<Panel> {
    let mut panel = Panel::default();
    for src in sources {
        if dataset::Dataset::is_dataset(src) {
            // A dataset partitioned by ticker, read whole.
            for s in dataset::Dataset::open(src, opts)?.read_all()? {
                panel.add(s);
            }
            continue;
        }
        let files = list_files(src)?;
        let reads: Vec<(PathBuf, Result<FileRead>)> = on_threads(files, |f| {
            let r = read_file(&f, opts);
            (f, r)
        });
        for (file, r) in reads {
            match r {
                Ok(FileRead::Series(list)) => list.into_iter().for_each(|s| panel.add(s)),
                Ok(FileRead::NotPrices(why)) => panel
                    .notes
                    .push(format!("skipped {}: {why}", file.display())),
                Err(e) if opts.skip_bad_files => panel.unreadable.push(e),
                Err(e) => return Err(e),
            }
        }
    }
    Ok(panel)
}

/// `f` of every item, in order, on as many threads as the machine has cores. Plain threads,
/// not rayon's: a file read by polars waits for polars' own thread pool, and a rayon worker
/// that waits steals further reads onto its stack (thousands of files overflowed it).
pub fn on_threads<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let n = items.len();
    let threads = std::thread::available_parallelism()
        .map_or(2, std::num::NonZeroUsize::get)
        .min(n);
    if threads <= 1 {
        return items.into_iter().map(f).collect();
    }
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let mut out: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let next = queue.lock().map(|mut q| q.next());
                        match next {
                            Ok(Some((i, item))) => done.push((i, f(item))),
                            _ => break,
                        }
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    out.sort_unstable_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

fn list_files(src: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(src).map_err(|e| Error::io(src, e))?;
    if !meta.is_dir() {
        return Ok(vec![src.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(src).map_err(|e| Error::io(src, e))? {
        let path = entry.map_err(|e| Error::io(src, e))?.path();
        if path.is_file() && crate::files::guard::is_price_file(&path) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn read_file(path: &Path, opts: &PriceOptions) -> Result<FileRead> {
    let mut magic = [0u8; 4];
    let is_parquet = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .is_ok()
        && &magic == b"PAR1";
    if is_parquet {
        return parquet::read(path, opts).map(FileRead::Series);
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = csv::text_from_bytes(path, bytes)?;
    read_text(path, &text, opts)
}

/// Detects the layout of a CSV text.
pub fn detect(text: &str) -> Option<(&'static dyn PriceLayout, Plan)> {
    let mut cells = Vec::new();
    let lines = csv::lines(text)
        .take(3)
        .map(|(_, l)| {
            csv::split(l, &mut cells);
            cells.iter().map(|c| csv::norm_header(c)).collect()
        })
        .collect();
    let head = Head { lines };
    LAYOUTS
        .iter()
        .find_map(|l| l.detect(&head).map(|p| (*l, p)))
}

fn read_text(path: &Path, text: &str, opts: &PriceOptions) -> Result<FileRead> {
    let Some((layout, plan)) = detect(text) else {
        return explain_header(path, text);
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_ascii_uppercase();
    let header_cells = header_names(text);
    let col_name = |i: usize| {
        let name = header_cells.get(i).map(String::as_str).unwrap_or("");
        format!("{} ({name})", i + 1)
    };
    // One builder per group, or per ticker of a ticker column.
    let mut builders = fixed_builders(&plan, &stem);
    let mut long_index: HashMap<String, usize> = HashMap::new();
    let width = header_cells.len().max(row_width(&plan));
    csv::for_each_row(
        path,
        text,
        plan.header_lines,
        |lineno, cells| -> Result<()> {
            csv::check_width(path, lineno, cells.len(), width)?;
            let at = Cell {
                path,
                lineno,
                col_name: &col_name,
            };
            let day = at.day(plan.date, cells[plan.date])?;
            for (gi, g) in plan.groups.iter().enumerate() {
                let b = match g.ticker {
                    TickerFrom::Column(c) => {
                        let t = cells[c].trim().to_ascii_uppercase();
                        if t.is_empty() {
                            return Err(Error::data(
                                path,
                                Some(lineno),
                                Some(col_name(c)),
                                "empty ticker: expected a symbol such as AMZN",
                            ));
                        }
                        let i = builder_of(&mut builders, &mut long_index, t);
                        &mut builders[i]
                    }
                    _ => &mut builders[gi],
                };
                let (price, close, volume) = at.group(g, opts.price, cells)?;
                b.push(day, price, close, volume, lineno as u32);
            }
            Ok(())
        },
    )?;
    finish(builders, path, layout.name())
}

/// The builder of a ticker of a ticker column, made on its first row.
fn builder_of(
    builders: &mut Vec<Builder>,
    long_index: &mut HashMap<String, usize>,
    ticker: String,
) -> usize {
    let next = builders.len();
    let i = *long_index.entry(ticker.clone()).or_insert(next);
    if i == next {
        builders.push(Builder::new(ticker));
    }
    i
}

/// The series of a file's builders; a file without data rows is an error.
fn finish(builders: Vec<Builder>, path: &Path, layout: &'static str) -> Result<FileRead> {
    let mut out = Vec::with_capacity(builders.len());
    for b in builders {
        out.push(b.finish(path, layout)?);
    }
    if out.is_empty() || out.iter().all(|s| s.dates.is_empty()) {
        return Err(Error::data(
            path,
            None,
            None,
            "the file has a header but no data rows",
        ));
    }
    Ok(FileRead::Series(out))
}

/// The builders of a file whose groups name their tickers (by header line or file stem);
/// none for a long file, whose tickers come row by row.
fn fixed_builders(plan: &Plan, stem: &str) -> Vec<Builder> {
    if plan
        .groups
        .iter()
        .any(|g| matches!(g.ticker, TickerFrom::Column(_)))
    {
        return Vec::new();
    }
    plan.groups
        .iter()
        .map(|g| {
            Builder::new(match &g.ticker {
                TickerFrom::Named(t) => t.clone(),
                _ => stem.to_string(),
            })
        })
        .collect()
}

/// The fewest fields a row must have to hold every column the plan reads.
fn row_width(plan: &Plan) -> usize {
    plan.groups
        .iter()
        .flat_map(|g| [Some(g.close), g.adj_close, g.volume, ticker_col(g)])
        .flatten()
        .chain([plan.date])
        .max()
        .unwrap_or(0)
        + 1
}

/// Where a cell is, for its error messages.
struct Cell<'a> {
    path: &'a Path,
    lineno: usize,
    col_name: &'a dyn Fn(usize) -> String,
}

impl Cell<'_> {
    /// The date of a row, in any of the spellings [`date::parse`] reads.
    #[inline]
    fn day(&self, col: usize, raw: &str) -> Result<date::Day> {
        date::parse(raw).ok_or_else(|| {
            Error::data(
                self.path,
                Some(self.lineno),
                Some((self.col_name)(col)),
                format!(
                    "cannot read {:?} as a date: expected YYYY-MM-DD, MM/DD/YYYY or YYYYMMDD",
                    raw.trim()
                ),
            )
        })
    }

    /// The price, the close beside an adjusted close, and the volume of one group.
    #[inline]
    fn group(
        &self,
        g: &Group,
        field: PriceField,
        cells: &[&str],
    ) -> Result<(f64, Option<f64>, f64)> {
        let price_col = match (field, g.adj_close) {
            (PriceField::Adjusted, Some(a)) => a,
            _ => g.close,
        };
        let price = price_cell(
            self.path,
            self.lineno,
            self.col_name,
            price_col,
            cells[price_col],
        )?;
        let close = if price_col == g.close {
            None
        } else {
            Some(price_cell(
                self.path,
                self.lineno,
                self.col_name,
                g.close,
                cells[g.close],
            )?)
        };
        let volume = match g.volume {
            Some(v) => match csv::number(cells[v]) {
                Ok(n) => n.unwrap_or(f64::NAN),
                Err(_) => {
                    return Err(Error::data(
                        self.path,
                        Some(self.lineno),
                        Some((self.col_name)(v)),
                        format!(
                            "cannot read {:?} as a volume: expected a number",
                            cells[v].trim()
                        ),
                    ));
                }
            },
            None => f64::NAN,
        };
        Ok((price, close, volume))
    }
}

fn ticker_col(g: &Group) -> Option<usize> {
    match g.ticker {
        TickerFrom::Column(c) => Some(c),
        _ => None,
    }
}

fn header_names(text: &str) -> Vec<String> {
    let first = csv::lines(text).next().map(|(_, l)| l).unwrap_or("");
    let mut cells = Vec::new();
    csv::split(first, &mut cells);
    cells
        .iter()
        .map(|c| c.trim_start_matches('\u{feff}').trim().to_string())
        .collect()
}

#[inline]
fn price_cell(
    path: &Path,
    lineno: usize,
    col_name: &dyn Fn(usize) -> String,
    col: usize,
    cell: &str,
) -> Result<f64> {
    match csv::number(cell) {
        Ok(None) => Ok(f64::NAN),
        Ok(Some(v)) => {
            check_price(v).map_err(|why| Error::data(path, Some(lineno), Some(col_name(col)), why))
        }
        Err(_) => Err(Error::data(
            path,
            Some(lineno),
            Some(col_name(col)),
            format!(
                "cannot read {:?} as a price: expected a number",
                cell.trim()
            ),
        )),
    }
}

/// Smallest price accepted (a price below it is a data error, not a penny stock).
pub const MIN_PRICE: f64 = 1e-6;
/// Largest price accepted.
pub const MAX_PRICE: f64 = 1e9;

/// Checks that a price is a finite number in [`MIN_PRICE`], [`MAX_PRICE`]).
///
/// # Errors
/// What is wrong with the value, in words.
pub fn check_price(v: f64) -> std::result::Result<f64, Invalid> {
    if v.is_finite() && (MIN_PRICE..MAX_PRICE).contains(&v) {
        return Ok(v);
    }
    let shown = if v.is_finite() && v != 0.0 && !(1e-4..1e12).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        v.to_string()
    };
    Err(Invalid(if v.is_finite() && v <= 0.0 {
        format!("price {shown} is not positive: expected a price above zero")
    } else {
        format!(
            "price {shown} is out of range: expected a finite price from {MIN_PRICE} to below {MAX_PRICE:e}"
        )
    }))
}

/// Explains why a header matched no layout: a missing date or price column is an error,
/// a file with neither is not a price file and is skipped.
fn explain_header(path: &Path, text: &str) -> Result<FileRead> {
    let names = header_names(text);
    let norm: Vec<String> = names.iter().map(|n| csv::norm_header(n)).collect();
    let has = |set: &[&str]| norm.iter().any(|n| set.contains(&n.as_str()));
    let has_date = has(layout::DATE_NAMES);
    let has_price = has(layout::CLOSE_NAMES) || has(layout::ADJ_NAMES);
    let found = names.join(",");
    match (has_date, has_price) {
        (false, false) => {
            let short: String = found.chars().take(40).collect();
            Ok(FileRead::NotPrices(format!(
                "no date or price column in header \"{short}...\", not a price file"
            )))
        }
        (false, true) => Err(Error::data(
            path,
            Some(1),
            None,
            format!("no date column in header \"{found}\": expected Date, date or timestamps"),
        )),
        _ => Err(Error::data(
            path,
            Some(1),
            None,
            format!(
                "no price column in header \"{found}\": expected Close, Adj Close or Close/Last"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(rel: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rel)
    }

    #[test]
    fn the_panel_keeps_the_close_beside_the_adjusted_close() {
        let p = load(&[fixture("layouts/yahoo")], &PriceOptions::default()).unwrap();
        let s = p.get("acme").unwrap();
        assert_eq!(s.layout, "yahoo");
        assert_eq!(&s.price[..3], &[100.0, 100.0, 102.0]);
        assert_eq!(&s.close[..3], &[200.0, 200.0, 206.0]);
        assert_eq!(&s.volume[..2], &[1000.0, 1100.0]);
        let df = parquet::panel_frame(&p).unwrap();
        let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(names, ["ticker", "date", "close", "adj_close", "volume"]);
        // With --price close the price is the close and no second column is kept.
        let c = load(
            &[fixture("layouts/yahoo")],
            &PriceOptions {
                price: PriceField::Close,
                ..Default::default()
            },
        )
        .unwrap();
        let s = c.get("ACME").unwrap();
        assert_eq!(&s.price[..3], &[200.0, 200.0, 206.0]);
        assert!(s.close.is_empty());
    }

    #[test]
    fn newest_first_files_are_put_in_date_order() {
        let p = load(&[fixture("layouts/nasdaq")], &PriceOptions::default()).unwrap();
        let s = p.get("ACME").unwrap();
        assert!(s.dates.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(s.price.first(), Some(&100.0));
        assert_eq!(s.volume.first(), Some(&1000.0));
    }
}
