//! Long Parquet files (`ticker,date,close[,adj_close][,volume]`), read and written with polars.

use std::collections::HashMap;
use std::path::Path;

use polars::prelude::*;

use super::{Builder, Panel, PriceField, PriceOptions, Series as PriceSeries};
use crate::date;
use crate::error::{Error, Result};

fn polars_err(path: &Path, e: PolarsError) -> Error {
    Error::data(path, None, None, format!("cannot read Parquet: {e}"))
}

fn find<'a>(df: &'a DataFrame, names: &[&str]) -> Option<&'a Column> {
    df.columns()
        .iter()
        .find(|c| names.contains(&c.name().to_ascii_lowercase().as_str()))
}

/// The column names a price file is read from, lower case.
fn wanted(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let n = n.as_str();
    super::layout::TICKER_NAMES.contains(&n)
        || super::layout::DATE_NAMES.contains(&n)
        || super::layout::ADJ_NAMES.contains(&n)
        || matches!(n, "close" | "price" | "volume")
}

/// True for the Parquet (Arrow) types this build reads: integers, floats, booleans and
/// strings (refused or parsed later, with the row named), dates and timestamps.
fn readable(dt: &ArrowDataType) -> bool {
    use ArrowDataType as A;
    matches!(
        dt,
        A::Null
            | A::Boolean
            | A::Int8
            | A::Int16
            | A::Int32
            | A::Int64
            | A::UInt8
            | A::UInt16
            | A::UInt32
            | A::UInt64
            | A::Float32
            | A::Float64
            | A::Utf8
            | A::LargeUtf8
            | A::Utf8View
            | A::Date32
            | A::Date64
            | A::Timestamp(..)
    )
}

/// Reads the columns a price file needs, after checking their types in the file's schema
/// (a type this build cannot hold, such as DECIMAL, is an error naming the column, not a
/// panic inside polars).
fn read_frame(path: &Path, rows: Option<(usize, usize)>) -> Result<DataFrame> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = ParquetReader::new(file);
    let columns = wanted_columns(path, &mut reader)?;
    reader
        .with_columns(Some(columns))
        .with_slice(rows)
        .finish()
        .map_err(|e| polars_err(path, e))
}

/// The columns of a file a price series is read from, with their types checked.
fn wanted_columns(path: &Path, reader: &mut ParquetReader<std::fs::File>) -> Result<Vec<String>> {
    let schema = reader.schema().map_err(|e| polars_err(path, e))?;
    let mut columns = Vec::new();
    for (name, field) in schema.iter() {
        if !wanted(name) {
            continue;
        }
        if !readable(field.dtype()) {
            return Err(Error::data(
                path,
                None,
                Some(name.to_string()),
                format!(
                    "the column has Parquet type {:?}: expected integers, floats, strings or \
                     dates (write DECIMAL prices as DOUBLE)",
                    field.dtype()
                ),
            ));
        }
        columns.push(name.to_string());
    }
    Ok(columns)
}

/// Rows read at once from a large file (whole row groups, at least one).
const CHUNK_ROWS: usize = 4 << 20;

/// The row ranges `(offset, rows)` a file is read in: runs of whole row groups of about
/// [`CHUNK_ROWS`] rows.
fn row_chunks(path: &Path, chunk_rows: usize) -> Result<Vec<(usize, usize)>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = ParquetReader::new(file);
    let md = reader.get_metadata().map_err(|e| polars_err(path, e))?;
    let mut chunks: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for g in &md.row_groups {
        let n = g.num_rows();
        match chunks.last_mut() {
            Some(last) if last.1 + n <= chunk_rows => last.1 += n,
            _ => chunks.push((at, n)),
        }
        at += n;
    }
    Ok(chunks)
}

/// A numeric column as f64 (nulls stay nulls, read as NaN when copied out; a column that
/// is already f64 is not copied). Integers, floats and decimals are read; any other type
/// (booleans, strings, dates) is an error naming the column and its type.
fn floats(path: &Path, col: &Column) -> Result<Float64Chunked> {
    let dt = col.dtype();
    if !(dt.is_primitive_numeric() || matches!(dt, DataType::Null)) {
        return Err(Error::data(
            path,
            None,
            Some(col.name().to_string()),
            format!("the column has type {dt}: expected numbers (integer, float or decimal)"),
        ));
    }
    let c = col
        .cast(&DataType::Float64)
        .map_err(|e| polars_err(path, e))?;
    Ok(c.f64().map_err(|e| polars_err(path, e))?.clone())
}

/// Rows `a..b` of a float column, nulls as NaN: the one copy of the values.
fn copy_out(ca: &Float64Chunked, a: usize, b: usize) -> Vec<f64> {
    let part = ca.slice(a as i64, b - a);
    if part.null_count() == 0 {
        let mut v = Vec::with_capacity(b - a);
        for arr in part.downcast_iter() {
            v.extend_from_slice(arr.values());
        }
        v
    } else {
        part.iter().map(|v| v.unwrap_or(f64::NAN)).collect()
    }
}

/// Reads a long Parquet price file into one series per ticker. Rows of a ticker that come
/// together and in date order (as this tool writes them) are sliced out directly; other
/// orders are sorted, with duplicate dates reported by row.
///
/// # Errors
/// Not Parquet, a missing `ticker`/`date`/`close` column, a bad date or price, a duplicate
/// date for a ticker (the row is named, 1-based).
pub fn read(path: &Path, opts: &PriceOptions) -> Result<Vec<PriceSeries>> {
    read_chunked(path, opts, CHUNK_ROWS)
}

/// [`read`], `chunk_rows` rows at a time.
fn read_chunked(path: &Path, opts: &PriceOptions, chunk_rows: usize) -> Result<Vec<PriceSeries>> {
    let chunks = row_chunks(path, chunk_rows)?;
    if chunks.len() <= 1 {
        return series_of_frame(&read_frame(path, None)?, path, opts);
    }
    // A large file is read a few million rows at a time, the chunks on every core; each
    // ticker's pieces are joined in file order at the end, copied once.
    let parts = super::on_threads(chunks, |(offset, rows)| {
        read_frame(path, Some((offset, rows)))
            .and_then(|df| series_of_rows(&df, path, opts, offset, None))
    });
    let mut pieces: Vec<Vec<PriceSeries>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for chunk in parts {
        for part in chunk? {
            match index.get(&part.ticker) {
                None => {
                    index.insert(part.ticker.clone(), pieces.len());
                    pieces.push(vec![part]);
                }
                Some(&i) => {
                    let last = pieces[i].last().and_then(|p| p.dates.last());
                    if last >= part.dates.first() {
                        // A ticker's rows apart and out of date order: read the whole file
                        // at once, which sorts them and names any repeated date's row.
                        drop(pieces);
                        return series_of_frame(&read_frame(path, None)?, path, opts);
                    }
                    pieces[i].push(part);
                }
            }
        }
    }
    Ok(pieces.into_iter().map(join).collect())
}

/// One series from its pieces in date order.
fn join(mut pieces: Vec<PriceSeries>) -> PriceSeries {
    if pieces.len() == 1 {
        return pieces.swap_remove(0);
    }
    fn cat<T: Copy>(pieces: &[PriceSeries], field: impl Fn(&PriceSeries) -> &Vec<T>) -> Vec<T> {
        let mut v = Vec::with_capacity(pieces.iter().map(|p| field(p).len()).sum());
        for p in pieces {
            v.extend_from_slice(field(p));
        }
        v
    }
    let dates = cat(&pieces, |p| &p.dates);
    let price = cat(&pieces, |p| &p.price);
    let close = cat(&pieces, |p| &p.close);
    let volume = cat(&pieces, |p| &p.volume);
    let first = pieces.swap_remove(0);
    PriceSeries {
        dates,
        price,
        close,
        volume,
        ..first
    }
}

/// The series of a long price frame (`ticker`, `date`, `close` and/or `adj_close`,
/// optionally `volume`; the names a Parquet file may use), read as a Parquet file's rows
/// are: errors name `path` (a file, or a label such as `<DataFrame>`) and the 1-based row.
///
/// # Errors
/// A missing column, a bad date or price, a duplicate date for a ticker.
pub fn series_of_frame(
    df: &DataFrame,
    path: &Path,
    opts: &PriceOptions,
) -> Result<Vec<PriceSeries>> {
    series_of_rows(df, path, opts, 0, None)
}

/// The series in one file of a dataset partition: every row is `ticker`'s (a ticker
/// column, when the file has one, is not read).
///
/// # Errors
/// As [`read`].
pub fn read_partition(path: &Path, ticker: &str, opts: &PriceOptions) -> Result<Vec<PriceSeries>> {
    let df = read_frame(path, None)?;
    series_of_rows(&df, path, opts, 0, Some(ticker))
}

/// One ticker's series from the pieces of its partition's files.
///
/// # Errors
/// Files whose dates overlap (`path` is the partition's first file).
pub fn join_partition(mut parts: Vec<PriceSeries>, path: &Path) -> Result<PriceSeries> {
    parts.sort_by_key(|p| p.dates.first().copied());
    for w in parts.windows(2) {
        if w[0].dates.last() >= w[1].dates.first() {
            return Err(Error::data(
                &w[1].source,
                None,
                None,
                format!(
                    "{} has dates in both {} and {}: expected each date in one file of the \
                     partition",
                    w[1].ticker,
                    w[0].source.display(),
                    w[1].source.display()
                ),
            ));
        }
    }
    if parts.is_empty() {
        return Err(Error::data(
            path,
            None,
            None,
            "no rows: expected one row per date",
        ));
    }
    Ok(join(parts))
}

/// Checks every row has a date and every present price is in range, naming the row.
fn check_rows(cols: &Columns, path: &Path, price_col: &str) -> Result<()> {
    let bad =
        |row: usize, col: &str, msg: String| Error::data_row(path, cols.row0 + row + 1, col, msg);
    if cols.days.null_count() > 0
        && let Some(row) = cols.days.iter().position(|d| d.is_none())
    {
        return Err(bad(row, "date", "missing or unreadable date".into()));
    }
    // Every present price in range (a quick pass over the values; the row of a bad one
    // found again to name it).
    let in_range = |p: &f64| p.is_nan() || super::check_price(*p).is_ok();
    let all_in_range = cols.prices.downcast_iter().all(|arr| match arr.validity() {
        None => arr.values().iter().all(in_range),
        Some(b) => arr
            .values()
            .iter()
            .enumerate()
            .all(|(k, p)| !b.get_bit(k) || in_range(p)),
    });
    if !all_in_range {
        for (row, p) in cols.prices.iter().enumerate() {
            if let Some(p) = p.filter(|p| !p.is_nan())
                && let Err(why) = super::check_price(p)
            {
                return Err(bad(row, price_col, why.into()));
            }
        }
    }
    Ok(())
}

/// [`series_of_frame`] for rows that start at row `row0` of the file (0-based).
fn series_of_rows(
    df: &DataFrame,
    path: &Path,
    opts: &PriceOptions,
    row0: usize,
    fixed: Option<&str>,
) -> Result<Vec<PriceSeries>> {
    let missing = |what: &str| {
        Error::data(
            path,
            None,
            None,
            format!("no {what} column: expected ticker, date and close"),
        )
    };
    let ticker = match fixed {
        Some(_) => None,
        None => Some(find(df, super::layout::TICKER_NAMES).ok_or_else(|| missing("ticker"))?),
    };
    let dates = find(df, super::layout::DATE_NAMES).ok_or_else(|| missing("date"))?;
    let price_col = match (opts.price, find(df, super::layout::ADJ_NAMES)) {
        (PriceField::Adjusted, Some(a)) => a,
        _ => find(df, &["close", "price"]).ok_or_else(|| missing("close"))?,
    };
    let cols = Columns {
        row0,
        days: day_numbers(path, dates)?,
        prices: floats(path, price_col)?,
        // The close beside an adjusted close; empty when the price column is the close.
        closes: match find(df, &["close"]).filter(|c| c.name() != price_col.name()) {
            Some(c) => Some(floats(path, c)?),
            None => None,
        },
        // None when the file has no volume column.
        volumes: match find(df, &["volume"]) {
            Some(v) => Some(floats(path, v)?),
            None => None,
        },
    };
    check_rows(&cols, path, price_col.name().as_str())?;
    let (names, per_ticker) = match (fixed, ticker) {
        (Some(t), _) if df.height() > 0 => (vec![t.to_string()], vec![vec![(0, df.height())]]),
        (_, Some(ticker)) => {
            let tick = ticker
                .cast(&DataType::String)
                .map_err(|e| polars_err(path, e))?;
            let tick = tick.str().map_err(|e| polars_err(path, e))?;
            ticker_spans(path, tick, df.height(), row0)?
        }
        _ => {
            return Err(Error::data(
                path,
                None,
                None,
                "no rows: expected one row per date",
            ));
        }
    };
    names
        .into_iter()
        .zip(per_ticker)
        .map(|(name, spans)| cols.series(path, name, &spans))
        .collect()
}

/// A date column as day numbers, null where a row has no readable date: a Parquet DATE
/// (its own numbers, not copied), or text in a date spelling (parsed).
fn day_numbers(path: &Path, dates: &Column) -> Result<Int32Chunked> {
    Ok(match dates.dtype() {
        DataType::Date => dates
            .date()
            .map_err(|e| polars_err(path, e))?
            .physical()
            .clone(),
        _ => {
            let s = dates
                .cast(&DataType::String)
                .map_err(|e| polars_err(path, e))?;
            let s = s.str().map_err(|e| polars_err(path, e))?;
            s.iter()
                .map(|v| v.and_then(date::parse))
                .collect::<Int32Chunked>()
        }
    })
}

/// Rows `a..b` of a day-number column without nulls: the one copy of the dates.
fn copy_days(ca: &Int32Chunked, a: usize, b: usize) -> Vec<i32> {
    let mut v = Vec::with_capacity(b - a);
    for arr in ca.slice(a as i64, b - a).downcast_iter() {
        v.extend_from_slice(arr.values());
    }
    v
}

/// Tickers in order of first appearance and, for each, its runs of rows `(start, end)`.
type Spans = (Vec<String>, Vec<Vec<(usize, usize)>>);

/// The runs of rows with the same ticker.
fn ticker_spans(path: &Path, tick: &StringChunked, height: usize, row0: usize) -> Result<Spans> {
    if tick.null_count() == 0 {
        // Each row with its string view: an equal view is an equal string (a short string
        // is inside its view, a long one is named by its place in a buffer), checked
        // before any string is compared.
        let rows = tick.downcast_iter().flat_map(|arr| {
            (0..arr.len()).map(move |k| (Some(arr.views()[k].as_u128()), Some(arr.value(k))))
        });
        spans_of_rows(path, rows, height, row0)
    } else {
        spans_of_rows(path, tick.iter().map(|t| (None, t)), height, row0)
    }
}

/// [`ticker_spans`] over rows of (string view when known, ticker).
fn spans_of_rows<'a>(
    path: &Path,
    rows: impl Iterator<Item = (Option<u128>, Option<&'a str>)>,
    height: usize,
    row0: usize,
) -> Result<Spans> {
    let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (ticker index, start, end)
    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut current: Option<&str> = None;
    let mut last_view: Option<u128> = None;
    for (row, (view, t)) in rows.enumerate() {
        if view.is_some() && view == last_view {
            continue;
        }
        last_view = view;
        let raw = t.unwrap_or("");
        if current == Some(raw) {
            continue;
        }
        let t = raw.trim().to_ascii_uppercase();
        if t.is_empty() {
            return Err(Error::data_row(
                path,
                row0 + row + 1,
                "ticker",
                "empty ticker: expected a symbol",
            ));
        }
        let next = names.len();
        let i = *index.entry(t.clone()).or_insert(next);
        if i == next {
            names.push(t);
        }
        if let Some(last) = runs.last_mut() {
            last.2 = row;
        }
        runs.push((i, row, height));
        current = Some(raw);
    }
    if names.is_empty() {
        return Err(Error::data(
            path,
            None,
            None,
            "no rows: expected one row per ticker and date",
        ));
    }
    let mut per_ticker: Vec<Vec<(usize, usize)>> = vec![Vec::new(); names.len()];
    for (i, a, b) in runs {
        per_ticker[i].push((a, b));
    }
    Ok((names, per_ticker))
}

/// The columns read: day numbers, and the frame's own float columns (copied out once,
/// per ticker).
struct Columns {
    /// The file's row (0-based) of the first row.
    row0: usize,
    days: Int32Chunked,
    prices: Float64Chunked,
    closes: Option<Float64Chunked>,
    volumes: Option<Float64Chunked>,
}

impl Columns {
    /// One ticker's series: its rows sliced out directly when they come together and in
    /// date order (as this tool writes them), else gathered and sorted.
    fn series(&self, path: &Path, name: String, spans: &[(usize, usize)]) -> Result<PriceSeries> {
        if let [(a, b)] = spans[..] {
            let dates = copy_days(&self.days, a, b);
            if !dates.windows(2).all(|w| w[0] < w[1]) {
                return self.gathered(path, name, spans);
            }
            return Ok(PriceSeries {
                ticker: name,
                dates,
                price: copy_out(&self.prices, a, b),
                close: self
                    .closes
                    .as_ref()
                    .map_or_else(Vec::new, |c| copy_out(c, a, b)),
                volume: self
                    .volumes
                    .as_ref()
                    .map_or_else(Vec::new, |c| copy_out(c, a, b)),
                source: path.to_path_buf(),
                layout: "parquet",
            });
        }
        self.gathered(path, name, spans)
    }

    /// One ticker's series from rows out of order or apart, sorted by date (a repeated
    /// date is an error naming its row).
    fn gathered(&self, path: &Path, name: String, spans: &[(usize, usize)]) -> Result<PriceSeries> {
        let mut b = Builder::new(name);
        for &(s, e) in spans {
            for row in s..e {
                let at = |c: &Float64Chunked| c.get(row).unwrap_or(f64::NAN);
                b.push(
                    self.days.get(row).unwrap_or(i32::MIN),
                    at(&self.prices),
                    self.closes.as_ref().map(at),
                    self.volumes.as_ref().map_or(f64::NAN, at),
                    (self.row0 + row + 1) as u32,
                );
            }
        }
        b.finish(path, "parquet")
    }
}

/// The panel as one long frame: `ticker` (str), `date` (date), `adj_close` (f64, the price
/// returns are computed from) with `close` beside it when every series has one (else the
/// price alone, as `close`), and `volume` (f64) when every series has volumes.
///
/// # Errors
/// Only if polars rejects the columns.
pub fn panel_frame(panel: &Panel) -> PolarsResult<DataFrame> {
    series_frame(panel.iter())
}

/// [`panel_frame`] of some series, in the order given.
///
/// # Errors
/// Only if polars rejects the columns.
pub fn series_frame<'a>(
    series: impl Iterator<Item = &'a PriceSeries> + Clone,
) -> PolarsResult<DataFrame> {
    let n: usize = series.clone().map(|s| s.dates.len()).sum();
    let mut tickers: Vec<&str> = Vec::with_capacity(n);
    let mut days: Vec<i32> = Vec::with_capacity(n);
    let mut price: Vec<f64> = Vec::with_capacity(n);
    let with_close = series.clone().all(|s| s.close.len() == s.dates.len());
    let mut close: Vec<f64> = Vec::with_capacity(if with_close { n } else { 0 });
    let with_volume = series.clone().all(|s| s.volume.len() == s.dates.len());
    let mut volume: Vec<f64> = Vec::with_capacity(if with_volume { n } else { 0 });
    for s in series {
        tickers.extend(std::iter::repeat_n(s.ticker.as_str(), s.dates.len()));
        days.extend_from_slice(&s.dates);
        price.extend_from_slice(&s.price);
        if with_close {
            close.extend_from_slice(&s.close);
        }
        if with_volume {
            volume.extend_from_slice(&s.volume);
        }
    }
    let date = Column::new("date".into(), days).cast(&DataType::Date)?;
    let mut cols = vec![Column::new("ticker".into(), tickers), date];
    if with_close {
        cols.push(Column::new("close".into(), close));
        cols.push(Column::new("adj_close".into(), price));
    } else {
        cols.push(Column::new("close".into(), price));
    }
    if with_volume {
        cols.push(Column::new("volume".into(), volume));
    }
    DataFrame::new(n, cols)
}

/// Writes a frame as Parquet (zstd) to `path`, atomically.
///
/// # Errors
/// I/O failure or a polars write error.
pub fn write(df: &mut DataFrame, path: &Path) -> Result<()> {
    crate::files::write_atomic_with(path, |file| {
        ParquetWriter::new(file)
            .finish(df)
            .map(|_| ())
            .map_err(std::io::Error::other)
    })
}

/// Writes frames of one schema as one Parquet file (zstd) to `path`, atomically: `first`,
/// then each frame `next` gives until it gives `None`, so that a large file is written
/// without all of its rows in memory.
///
/// # Errors
/// I/O failure, a polars write error, or the first error `next` gives.
pub fn write_batches(
    path: &Path,
    first: DataFrame,
    mut next: impl FnMut() -> Option<Result<DataFrame>>,
) -> Result<()> {
    let mut failure = None;
    let written = crate::files::write_atomic_with(path, |file| {
        let mut w = ParquetWriter::new(file)
            .batched(first.schema())
            .map_err(std::io::Error::other)?;
        w.write_batch(&first).map_err(std::io::Error::other)?;
        while let Some(df) = next() {
            match df {
                Ok(df) => w.write_batch(&df).map_err(std::io::Error::other)?,
                Err(e) => {
                    failure = Some(e);
                    return Err(std::io::Error::other("stopped"));
                }
            }
        }
        w.finish().map(|_| ()).map_err(std::io::Error::other)
    });
    match failure {
        Some(e) => Err(e),
        None => written,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A long frame of three tickers, rows in the given order, written with row groups of
    /// 7 rows.
    fn file(dir: &Path, rows: &[(&str, i32, f64)]) -> std::path::PathBuf {
        let path = dir.join("p.parquet");
        let t: Vec<&str> = rows.iter().map(|r| r.0).collect();
        let d: Vec<i32> = rows.iter().map(|r| r.1).collect();
        let p: Vec<f64> = rows.iter().map(|r| r.2).collect();
        let mut df = DataFrame::new(
            rows.len(),
            vec![
                Column::new("ticker".into(), t),
                Column::new("date".into(), d).cast(&DataType::Date).unwrap(),
                Column::new("close".into(), p),
            ],
        )
        .unwrap();
        let f = std::fs::File::create(&path).unwrap();
        ParquetWriter::new(f)
            .with_row_group_size(Some(7))
            .finish(&mut df)
            .unwrap();
        path
    }

    fn opts() -> PriceOptions {
        PriceOptions {
            price: PriceField::Adjusted,
            skip_bad_files: false,
        }
    }

    fn rows(order: &[&str]) -> Vec<(&'static str, i32, f64)> {
        let mut out = Vec::new();
        for (k, t) in order.iter().enumerate() {
            let t: &'static str = match *t {
                "A" => "A",
                "B" => "B",
                _ => "C",
            };
            for i in 0..10 {
                out.push((
                    t,
                    19_000 + i + 100 * (k as i32),
                    10.0 + f64::from(i) + k as f64,
                ));
            }
        }
        out
    }

    #[test]
    fn a_file_read_in_chunks_gives_the_series_of_a_whole_read() {
        let dir = tempfile::tempdir().unwrap();
        // A's rows come in two runs, later dates second; row groups of 7 split every run.
        let path = file(dir.path(), &rows(&["A", "B", "A", "C"]));
        assert!(row_chunks(&path, 8).unwrap().len() > 3);
        let whole = read_chunked(&path, &opts(), usize::MAX).unwrap();
        assert_eq!(row_chunks(&path, usize::MAX).unwrap().len(), 1);
        let chunked = read_chunked(&path, &opts(), 8).unwrap();
        let key = |v: &[PriceSeries]| {
            v.iter()
                .map(|s| (s.ticker.clone(), s.dates.clone(), s.price.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&chunked), key(&whole));
        assert_eq!(chunked[0].dates.len(), 20);
    }

    #[test]
    fn out_of_order_runs_and_errors_read_as_in_a_whole_read() {
        let dir = tempfile::tempdir().unwrap();
        // A's second run has earlier dates: sorted, as a whole read sorts them.
        let mut r = rows(&["A", "B", "A"]);
        for x in r.iter_mut().skip(20) {
            x.1 -= 500;
        }
        let path = file(dir.path(), &r);
        let whole = read_chunked(&path, &opts(), usize::MAX).unwrap();
        let chunked = read_chunked(&path, &opts(), 8).unwrap();
        assert_eq!(chunked[0].dates, whole[0].dates);
        assert!(chunked[0].dates.windows(2).all(|w| w[0] < w[1]));
        // A bad price in the fourth chunk is named by its row in the file.
        let mut r = rows(&["A", "B", "C"]);
        r[26].2 = -1.0;
        let path = file(dir.path(), &r);
        let e = read_chunked(&path, &opts(), 8).unwrap_err().to_string();
        assert!(e.contains("row 27"), "{e}");
    }
}
