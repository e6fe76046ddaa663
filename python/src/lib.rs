//! `layoff_study._native`: the engine of layoff-study for Python. Frames come in and go out
//! as polars DataFrames (pyo3-polars, no copy across the boundary); the work runs on its
//! own thread with the GIL released, while the calling thread waits for the result and
//! checks for Ctrl-C. Library errors become `DataError` (a `ValueError`), `ValueError` or
//! `OSError`; a panic becomes a `RuntimeError`, never a crash of the interpreter.
//!
//! The Python package `layoff_study` wraps these functions with keyword arguments,
//! pandas conversion and the `StudyResult` class (`python/layoff_study/__init__.py`).

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use layoff_study::calendar::{Calendar, NonTrading};
use layoff_study::chart::{Size, render};
use layoff_study::content::{Cell, Table};
use layoff_study::date::{self, Day};
use layoff_study::error::{Error, Result};
use layoff_study::events::{self, Event};
use layoff_study::import::{self, PriceField, PriceOptions};
use layoff_study::market::{self, Market};
use layoff_study::series::Panel;
use layoff_study::study::regression::{self, Explained, SeType};
use layoff_study::study::{self, Model, Settings, StudyResult, Window, output};
use polars::prelude::{Column, DataFrame, DataType, NamedFrom, Series as PlSeries};
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3_polars::PyDataFrame;

pyo3::create_exception!(
    _native,
    DataError,
    PyValueError,
    "Bad input data: the message names the file (or frame), line or row, and column."
);

/// A library error as the Python exception CLI.md's exit codes correspond to.
fn to_py(e: Error) -> PyErr {
    let msg = e.to_string();
    match e {
        Error::Data { .. } => DataError::new_err(msg),
        Error::Usage(_) | Error::NoResult(_) => PyValueError::new_err(msg),
        Error::Network(_) | Error::Io { .. } | Error::Write { .. } => PyOSError::new_err(msg),
        _ => PyRuntimeError::new_err(msg),
    }
}

/// Runs `f` on a worker thread with the GIL released, waking every 50 ms to let Python
/// handle Ctrl-C (the call then raises `KeyboardInterrupt`; the worker's result is
/// dropped). A panic in `f` is caught and raised as `RuntimeError`.
fn work<T: Send + 'static>(
    py: Python<'_>,
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> PyResult<T> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("layoff-study".into())
        .spawn(move || {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            let _ = tx.send(r);
        })
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start a worker thread: {e}")))?;
    let mut rx = rx;
    loop {
        // The receiver goes into the GIL-free closure and comes back with what it got.
        let (got, back) = py.detach(move || (rx.recv_timeout(Duration::from_millis(50)), rx));
        rx = back;
        match got {
            Ok(Ok(r)) => return r.map_err(to_py),
            Ok(Err(panic)) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(ToString::to_string)
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                return Err(PyRuntimeError::new_err(format!(
                    "internal error in layoff-study (please report it): {what}"
                )));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => py.check_signals()?,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(PyRuntimeError::new_err(
                    "the worker thread ended without a result",
                ));
            }
        }
    }
}

fn usage(msg: impl Into<String>) -> Error {
    Error::Usage(msg.into())
}

fn price_field(s: &str) -> Result<PriceField> {
    match s {
        "adjusted" => Ok(PriceField::Adjusted),
        "close" => Ok(PriceField::Close),
        _ => Err(usage(format!(
            "price={s:?}: expected \"adjusted\" or \"close\""
        ))),
    }
}

fn non_trading(s: &str) -> Result<NonTrading> {
    match s {
        "next" => Ok(NonTrading::Next),
        "previous" => Ok(NonTrading::Previous),
        "skip" => Ok(NonTrading::Skip),
        _ => Err(usage(format!(
            "non_trading={s:?}: expected \"next\", \"previous\" or \"skip\""
        ))),
    }
}

fn model(s: &str) -> Result<Model> {
    Ok(match s {
        "market-adjusted" => Model::MarketAdjusted,
        "mean-adjusted" => Model::MeanAdjusted,
        "market" => Model::Market,
        "ff3" => Model::Ff3,
        "carhart" => Model::Carhart,
        "ff5" => Model::Ff5,
        "garch" => Model::Garch,
        _ => {
            return Err(usage(format!(
                "model={s:?}: expected market-adjusted, mean-adjusted, market, ff3, carhart, ff5 or garch"
            )));
        }
    })
}

fn overlap(s: &str) -> Result<study::overlap::Overlap> {
    use study::overlap::Overlap;
    match s {
        "keep" => Ok(Overlap::Keep),
        "first" => Ok(Overlap::First),
        "drop" => Ok(Overlap::Drop),
        _ => Err(usage(format!(
            "overlap={s:?}: expected \"keep\", \"first\" or \"drop\""
        ))),
    }
}

fn day(what: &str, s: &str) -> Result<Day> {
    date::parse(s).ok_or_else(|| usage(format!("{what}={s:?}: expected a date YYYY-MM-DD")))
}

/// The label frames are named by in errors.
const FRAME: &str = "<DataFrame>";

/// A prices frame as a panel, read as a long Parquet file's rows are.
fn panel_of(df: &DataFrame, field: PriceField, label: &str) -> Result<Panel> {
    let opts = PriceOptions {
        price: field,
        skip_bad_files: false,
    };
    let mut panel = Panel::default();
    for s in import::parquet::series_of_frame(df, Path::new(label), &opts)? {
        panel.add(s);
    }
    Ok(panel)
}

/// The market: a ticker of the panel or a price file (`market_name`), or a frame of one
/// ticker (`market_frame`); neither: the default market tickers, else the panel's dates.
fn market_of(
    panel: &Panel,
    name: Option<&str>,
    frame: Option<&DataFrame>,
    field: PriceField,
) -> Result<Market> {
    if let Some(df) = frame {
        let p = panel_of(df, field, "<market DataFrame>")?;
        let mut it = p.iter();
        let (Some(s), None) = (it.next(), it.next()) else {
            return Err(usage("market: expected a frame of one ticker"));
        };
        return Ok(Market {
            series: Some(s.clone()),
            calendar: Calendar::of_series(s),
        });
    }
    let opts = PriceOptions {
        price: field,
        skip_bad_files: false,
    };
    market::resolve(panel, name, &opts)
}

/// True for the date columns of the result tables (`announce_date`, `day0`, ...).
fn is_date_column(name: &str) -> bool {
    name.ends_with("date") || name == "day0"
}

/// A result table as a frame: column types from the cells (text, integer, float, date,
/// boolean), null where a cell is missing; a column with no value at all is text.
fn frame_of(t: &Table) -> Result<DataFrame> {
    let err = |e: polars::prelude::PolarsError| Error::Render(format!("building a frame: {e}"));
    let mut cols = Vec::with_capacity(t.columns.len());
    for (j, name) in t.columns.iter().enumerate() {
        let cells = t.rows.iter().map(|r| &r[j]);
        let kind = t
            .rows
            .iter()
            .map(|r| &r[j])
            .find(|c| !matches!(c, Cell::Null));
        let name: polars::prelude::PlSmallStr = name.as_str().into();
        let s = match kind {
            Some(Cell::Int(_)) => PlSeries::new(
                name,
                cells
                    .map(|c| match c {
                        Cell::Int(i) => Some(*i),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            ),
            Some(Cell::Num(_) | Cell::Ret(_) | Cell::Share(_)) => PlSeries::new(
                name,
                cells
                    .map(|c| match c {
                        Cell::Num(v) | Cell::Ret(v) | Cell::Share(v) => Some(*v),
                        Cell::Int(i) => Some(*i as f64),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            ),
            Some(Cell::Date(_)) => PlSeries::new(
                name,
                cells
                    .map(|c| match c {
                        Cell::Date(d) => Some(*d),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            )
            .cast(&DataType::Date)
            .map_err(err)?,
            Some(Cell::Bool(_)) => PlSeries::new(
                name,
                cells
                    .map(|c| match c {
                        Cell::Bool(b) => Some(*b),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
            ),
            // A date column with no date in it is still a date column.
            None if is_date_column(name.as_str()) => {
                PlSeries::new(name, vec![None::<i32>; t.rows.len()])
                    .cast(&DataType::Date)
                    .map_err(err)?
            }
            _ => PlSeries::new(
                name,
                cells
                    .map(|c| match c {
                        Cell::Null => None,
                        Cell::Str(s) => Some(s.clone()),
                        c => Some(layoff_study::export::table::cell_text(c)),
                    })
                    .collect::<Vec<_>>(),
            ),
        };
        cols.push(Column::from(s));
    }
    DataFrame::new(t.rows.len(), cols).map_err(err)
}

/// A text column of a frame, when it has one.
fn text_col(df: &DataFrame, name: &str) -> Result<Option<Vec<Option<String>>>> {
    let Ok(c) = df.column(name) else {
        return Ok(None);
    };
    let c = c
        .cast(&DataType::String)
        .map_err(|e| usage(format!("events column {name}: {e}")))?;
    let s = c
        .str()
        .map_err(|e| usage(format!("events column {name}: {e}")))?;
    Ok(Some(s.iter().map(|v| v.map(str::to_string)).collect()))
}

/// A numeric column of a frame, when it has one.
fn num_col(df: &DataFrame, name: &str) -> Result<Option<Vec<Option<f64>>>> {
    let Ok(c) = df.column(name) else {
        return Ok(None);
    };
    if !(c.dtype().is_primitive_numeric() || matches!(c.dtype(), DataType::Null)) {
        return Err(usage(format!(
            "events column {name} has type {}: expected numbers",
            c.dtype()
        )));
    }
    let c = c
        .cast(&DataType::Float64)
        .map_err(|e| usage(format!("events column {name}: {e}")))?;
    let s = c
        .f64()
        .map_err(|e| usage(format!("events column {name}: {e}")))?;
    Ok(Some(s.iter().collect()))
}

/// A date column of a frame (dates, or text `YYYY-MM-DD`), when it has one; a bad date is
/// a `DataError` naming the row.
fn date_col(df: &DataFrame, name: &str) -> Result<Option<Vec<Option<Day>>>> {
    let Ok(c) = df.column(name) else {
        return Ok(None);
    };
    if matches!(c.dtype(), DataType::Date) {
        let d = c
            .date()
            .map_err(|e| usage(format!("events column {name}: {e}")))?;
        return Ok(Some(d.physical().iter().collect()));
    }
    let Some(text) = text_col(df, name)? else {
        return Ok(None);
    };
    text.into_iter()
        .enumerate()
        .map(|(row, v)| match v.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => date::parse(s).map(Some).ok_or_else(|| {
                Error::data_row(
                    Path::new(FRAME),
                    row + 1,
                    name,
                    format!("{s:?} is not a date: expected YYYY-MM-DD"),
                )
            }),
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

/// An events frame as events: `ticker` and `announce_date` are needed, the other canonical
/// columns are used when present.
fn events_of(df: &DataFrame) -> Result<Vec<Event>> {
    let n = df.height();
    let text = |name: &str| -> Result<Vec<String>> {
        Ok(text_col(df, name)?.map_or_else(
            || vec![String::new(); n],
            |v| v.into_iter().map(Option::unwrap_or_default).collect(),
        ))
    };
    let tickers = text_col(df, "ticker")?
        .ok_or_else(|| usage("events: no ticker column (expected ticker and announce_date)"))?;
    let dates = date_col(df, "announce_date")?.ok_or_else(|| {
        usage("events: no announce_date column (expected ticker and announce_date)")
    })?;
    let ids = text_col(df, "event_id")?;
    let companies = text("company")?;
    let (industry, country, stage, source, matched_by) = (
        text("industry")?,
        text("country")?,
        text("stage")?,
        text("source")?,
        text("matched_by")?,
    );
    let laid_off = num_col(df, "laid_off")?;
    let pct = num_col(df, "pct_laid_off")?;
    let confidence = num_col(df, "confidence")?;
    let sec_dates = date_col(df, "sec_list_date")?;
    let ciks = text_col(df, "cik")?;
    let exchange = text("exchange")?;
    let (announce, f_time, f_acc, f_items, f_source) = (
        text("announce_time")?,
        text("filing_time")?,
        text("filing_accession")?,
        text("filing_items")?,
        text("filing_time_source")?,
    );
    let mut out = Vec::with_capacity(n);
    for row in 0..n {
        let date = dates[row].ok_or_else(|| {
            Error::data_row(Path::new(FRAME), row + 1, "announce_date", "no date")
        })?;
        let ticker = match tickers[row].as_deref().map(str::trim) {
            None | Some("") => None,
            Some(t) => Some(layoff_study::symbol::check(t).map_err(|why| {
                Error::data_row(Path::new(FRAME), row + 1, "ticker", why.to_string())
            })?),
        };
        let id = ids
            .as_ref()
            .and_then(|v| v[row].clone())
            .unwrap_or_else(|| (row + 1).to_string());
        let company = if companies[row].is_empty() {
            ticker.clone().unwrap_or_default()
        } else {
            companies[row].clone()
        };
        out.push(Event {
            id,
            company,
            ticker,
            date,
            laid_off: laid_off.as_ref().and_then(|v| v[row]),
            pct_laid_off: pct.as_ref().and_then(|v| v[row]),
            industry: industry[row].clone(),
            country: country[row].clone(),
            stage: stage[row].clone(),
            source: source[row].clone(),
            matched_by: matched_by[row].clone(),
            confidence: confidence.as_ref().and_then(|v| v[row]),
            sec_date: sec_dates.as_ref().and_then(|v| v[row]),
            cik: match ciks.as_ref().and_then(|v| v[row].as_deref()).map(str::trim) {
                None | Some("") => None,
                // A number column cast to text may end in ".0".
                Some(c) => Some(
                    layoff_study::filings::submissions::parse_cik(c.trim_end_matches(".0"))
                        .map_err(|why| Error::data_row(Path::new(FRAME), row + 1, "cik", why))?,
                ),
            },
            exchange: Some(exchange[row].clone()).filter(|x| !x.is_empty()),
            timing: layoff_study::filings::Timing {
                announced: events::announced_at(&announce[row], date).map_err(|why| {
                    Error::data_row(Path::new(FRAME), row + 1, "announce_time", why)
                })?,
                filing: events::filing_of(&events::FilingCells {
                    time: &f_time[row],
                    accession: &f_acc[row],
                    items: &f_items[row],
                    source: &f_source[row],
                })
                .map_err(|(col, why)| Error::data_row(Path::new(FRAME), row + 1, col, why))?,
                ..Default::default()
            },
        });
    }
    Ok(out)
}

/// The panel a prices frame was made from by `read_prices`: passed back with that frame,
/// it spares reading the frame again (the frames are immutable, so they agree).
#[pyclass(frozen)]
struct PanelHandle {
    panel: Arc<Panel>,
}

/// Reads price files (the layouts the command line reads) into one long frame, and the
/// panel behind it.
#[pyfunction]
#[pyo3(signature = (paths, price="adjusted", skip_bad_files=false))]
fn read_prices(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    price: &str,
    skip_bad_files: bool,
) -> PyResult<(PyDataFrame, PanelHandle)> {
    let opts = PriceOptions {
        price: price_field(price).map_err(to_py)?,
        skip_bad_files,
    };
    work(py, move || {
        let panel = import::load(&paths, &opts)?;
        let frame = import::parquet::panel_frame(&panel)
            .map_err(|e| Error::Render(format!("building the prices frame: {e}")))?;
        Ok((frame, Arc::new(panel)))
    })
    .map(|(f, panel)| (PyDataFrame(f), PanelHandle { panel }))
}

/// Reads an events file, matched to tickers; with `unmatched` the events without a ticker.
#[pyfunction]
#[pyo3(signature = (path, sec=Vec::new(), tickers=None, aliases=true, start=None, end=None, unmatched=false, sec_names=Vec::new(), user_agent=None))]
#[allow(clippy::too_many_arguments)]
fn read_events(
    py: Python<'_>,
    path: PathBuf,
    sec: Vec<PathBuf>,
    tickers: Option<PathBuf>,
    aliases: bool,
    start: Option<String>,
    end: Option<String>,
    unmatched: bool,
    sec_names: Vec<PathBuf>,
    user_agent: Option<String>,
) -> PyResult<PyDataFrame> {
    let from = start.as_deref().map(|s| day("start", s)).transpose();
    let to = end.as_deref().map(|s| day("end", s)).transpose();
    work(py, move || {
        if sec.is_empty() && !sec_names.is_empty() {
            return Err(Error::Usage(
                "sec_names= adds former names to the SEC lists: give sec= too".into(),
            ));
        }
        let sec = if sec.is_empty() {
            None
        } else {
            let src =
                layoff_study::fetch::sec::Source::new(layoff_study::fetch::sec::BASE, user_agent);
            let today = layoff_study::fetch::sec::today();
            let (idx, date, _notes) =
                layoff_study::fetch::sec::index(&sec, &sec_names, &src, today)?;
            Some((idx, date))
        };
        let opts = events::load::LoadOptions {
            format: None,
            from: from?,
            to: to?,
            tickers,
            aliases,
            sec,
        };
        let loaded = events::load::load(&path, &opts)?;
        let table = if unmatched {
            events::unmatched_table(&loaded.unmatched, &loaded.dateless)
        } else {
            events::events_table(&loaded.events)
        };
        frame_of(&table)
    })
    .map(PyDataFrame)
}

/// Prices: a frame, or the panel `read_prices` made it from.
#[derive(Clone)]
enum Prices {
    Frame(DataFrame),
    Panel(Arc<Panel>),
}

/// What `returns`, `performance`, the study and the plots read prices with.
#[derive(Clone)]
struct PriceArgs {
    prices: Prices,
    market: Option<String>,
    market_frame: Option<DataFrame>,
    field: PriceField,
    log: bool,
}

impl PriceArgs {
    fn load(&self) -> Result<(Arc<Panel>, Market)> {
        let panel = match &self.prices {
            Prices::Frame(df) => Arc::new(panel_of(df, self.field, FRAME)?),
            Prices::Panel(p) => Arc::clone(p),
        };
        let m = market_of(
            &panel,
            self.market.as_deref(),
            self.market_frame.as_ref(),
            self.field,
        )?;
        Ok((panel, m))
    }
}

fn price_args(
    prices: PricesArg,
    market: Option<String>,
    market_frame: Option<PyDataFrame>,
    price: &str,
    log_returns: bool,
) -> PyResult<PriceArgs> {
    Ok(PriceArgs {
        prices: match prices {
            PricesArg::Frame(f) => Prices::Frame(f.0),
            PricesArg::Panel(h) => Prices::Panel(Arc::clone(&h.get().panel)),
        },
        market,
        market_frame: market_frame.map(|f| f.0),
        field: price_field(price).map_err(to_py)?,
        log: log_returns,
    })
}

/// Announcement-day returns of an events frame, or of `ticker` (or every ticker) on `date`.
#[pyfunction]
#[pyo3(signature = (prices, events=None, ticker=None, date=None, market=None, market_frame=None, price="adjusted", log_returns=false, non_trading="next"))]
#[allow(clippy::too_many_arguments)]
fn returns(
    py: Python<'_>,
    prices: PricesArg,
    events: Option<PyDataFrame>,
    ticker: Option<String>,
    date: Option<String>,
    market: Option<String>,
    market_frame: Option<PyDataFrame>,
    price: &str,
    log_returns: bool,
    non_trading: &str,
) -> PyResult<(PyDataFrame, PyDataFrame)> {
    let p = price_args(prices, market, market_frame, price, log_returns)?;
    let policy = self::non_trading(non_trading).map_err(to_py)?;
    let events = events.map(|e| e.0);
    let on = date.as_deref().map(|d| day("date", d)).transpose();
    work(py, move || {
        let (panel, m) = p.load()?;
        let evs = match (events, on?) {
            (Some(e), _) => events_of(&e)?,
            (None, Some(d)) => {
                let tickers: Vec<String> = match ticker {
                    Some(t) => vec![t.to_ascii_uppercase()],
                    None => panel.iter().map(|s| s.ticker.clone()).collect(),
                };
                events::on_date(d, tickers)
            }
            (None, None) => {
                return Err(usage("give events, or date (with ticker for one company)"));
            }
        };
        let (rows, excluded) = layoff_study::returns::announcement_returns(
            &evs,
            &panel,
            m.series.as_ref(),
            &m.calendar,
            policy,
            p.log,
        );
        Ok((
            frame_of(&layoff_study::returns::table(&rows))?,
            frame_of(&events::exclusions_table(&excluded))?,
        ))
    })
    .map(|(a, b)| (PyDataFrame(a), PyDataFrame(b)))
}

/// Calendar-year returns of `tickers` (or every ticker) in `years`, or between `start`
/// and `end` (years), as `performance` writes them.
#[pyfunction]
#[pyo3(signature = (prices, tickers=Vec::new(), years=Vec::new(), start=None, end=None, market=None, market_frame=None, price="adjusted"))]
#[allow(clippy::too_many_arguments)]
fn performance(
    py: Python<'_>,
    prices: PricesArg,
    tickers: Vec<String>,
    years: Vec<i32>,
    start: Option<i32>,
    end: Option<i32>,
    market: Option<String>,
    market_frame: Option<PyDataFrame>,
    price: &str,
) -> PyResult<PyDataFrame> {
    let p = price_args(prices, market, market_frame, price, false)?;
    work(py, move || {
        let (panel, m) = p.load()?;
        let (rows, _) = layoff_study::performance::rows(
            &panel,
            &tickers,
            &years,
            (start, end),
            m.series.as_ref(),
            &m.calendar,
        )?;
        frame_of(&layoff_study::performance::table(&rows))
    })
    .map(PyDataFrame)
}

/// Prices as Python passes them: the handle of `read_prices`, or a frame.
#[derive(FromPyObject)]
enum PricesArg {
    Panel(Py<PanelHandle>),
    Frame(PyDataFrame),
}

/// The settings of event time (METHODS §9), as the dict `study()` passes: the keywords of
/// the command line's flags of the same names.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
struct EventTime {
    day0: String,
    confound_window: String,
    confounded: String,
    sec_filings: Option<PathBuf>,
    sec_base_url: Option<String>,
    user_agent: Option<String>,
    filing_items: String,
    filing_search: i32,
    confounders: Vec<PathBuf>,
}

/// The settings of a study, from the keyword arguments.
struct StudySpec {
    settings: Settings,
    explain: Option<(Vec<regression::Term>, SeType)>,
    factors: Vec<PathBuf>,
    /// The rivals' peers, and whether their tests split by the announcer's sign.
    peers: Option<(study::rivals::Peers, bool)>,
}

/// A finished study: the events, the result and the regression, for the frames, `write`
/// and the plots.
#[pyclass(frozen)]
struct Study {
    events: Vec<Event>,
    result: StudyResult,
    explained: Option<Explained>,
    rivals: Option<study::rivals::RivalStudy>,
}

#[pymethods]
impl Study {
    /// `cars`, `summary`, `caar`, `excluded`, and `regression`, `regression_fit` with a
    /// regression.
    fn tables(&self, py: Python<'_>) -> PyResult<Vec<(String, PyDataFrame)>> {
        let mut out = vec![
            ("cars", output::cars(&self.events, &self.result)),
            ("summary", output::summary(&self.result)),
            ("caar", output::caar(&self.result)),
            ("excluded", events::exclusions_table(&self.result.excluded)),
        ];
        if let Some(x) = &self.explained {
            out.push(("regression", regression::coef_table(x)));
            out.push(("regression_fit", regression::fit_table(x)));
        }
        if let Some(rs) = &self.rivals {
            let s = &self.result.settings;
            out.push(("rivals", study::rivals::rivals_table(&self.events, s, rs)));
            out.push((
                "rival_cars",
                study::rivals::rival_cars_table(&self.events, s, rs),
            ));
            out.push(("rival_summary", output::summary_of(s, &rs.summary)));
        }
        py.detach(|| {
            out.into_iter()
                .map(|(n, t)| Ok((n.to_string(), PyDataFrame(frame_of(&t)?))))
                .collect::<Result<Vec<_>>>()
        })
        .map_err(to_py)
    }

    /// `abnormal_returns.csv` (`abnormal_volume.csv`, `abnormal_volatility.csv`), as bytes.
    fn abnormal_returns_csv(&self, py: Python<'_>) -> PyResult<Vec<u8>> {
        py.detach(|| {
            let mut buf = Vec::new();
            output::write_abnormal_returns(&mut buf, &self.events, &self.result)
                .map(|()| buf)
                .map_err(|e| Error::Render(format!("daily values: {e}")))
        })
        .map_err(to_py)
    }

    /// What the study measured: return, volume or volatility.
    fn measure(&self) -> &'static str {
        self.result.settings.measure.name()
    }

    /// The notes of `study.txt`.
    fn notes(&self) -> Vec<String> {
        self.result.notes.clone()
    }

    /// Writes the files of `study --out` into `out`, built beside it and swapped in whole.
    fn write(&self, py: Python<'_>, out: PathBuf) -> PyResult<()> {
        py.detach(|| -> Result<()> {
            let stage = layoff_study::files::guard::StagedDir::new("out", &out)?;
            let dir = stage.path();
            output::write_tables(dir, &self.events, &self.result)?;
            if let Some(x) = &self.explained {
                regression::write_files(dir, x, &self.events)?;
            }
            if let Some(rs) = &self.rivals {
                study::rivals::write_files(dir, &self.events, &self.result.settings, rs)?;
            }
            output::write_notes(dir, &self.result)?;
            layoff_study::chart::study::write_charts(dir, &self.result, Size::default())?;
            stage.commit()
        })
        .map_err(to_py)
    }

    /// The CAAR chart.
    fn plot_caar(&self, py: Python<'_>, path: PathBuf, width: u32, height: u32) -> PyResult<()> {
        let size = Size { width, height };
        py.detach(|| {
            layoff_study::chart::check_target(&path, size)?;
            let chart = layoff_study::chart::study::caar(&self.result);
            render(&chart, &path, size)
        })
        .map_err(to_py)
    }

    /// CAR against the regression's first numeric term over `window` (default: the first
    /// window the regression could estimate).
    #[pyo3(signature = (path, window=None, width=1600, height=900))]
    fn plot_explain(
        &self,
        py: Python<'_>,
        path: PathBuf,
        window: Option<String>,
        width: u32,
        height: u32,
    ) -> PyResult<()> {
        let size = Size { width, height };
        py.detach(|| {
            layoff_study::chart::check_target(&path, size)?;
            let x = self
                .explained
                .as_ref()
                .ok_or_else(|| usage("the study ran without explain="))?;
            let w = window.as_deref().map(Window::parse).transpose()?;
            let chart = x
                .fits
                .iter()
                .filter(|f| w.is_none_or(|w| f.window == w))
                .find_map(|f| layoff_study::chart::explain::ExplainChart::of_fit(f, &self.events))
                .ok_or_else(|| usage("no regression with a numeric term for that window"))?;
            render(&chart, &path, size)
        })
        .map_err(to_py)
    }

    /// The histogram of CARs over `window` (default: the first window).
    #[pyo3(signature = (path, window=None, width=1600, height=900))]
    fn plot_distribution(
        &self,
        py: Python<'_>,
        path: PathBuf,
        window: Option<String>,
        width: u32,
        height: u32,
    ) -> PyResult<()> {
        let size = Size { width, height };
        py.detach(|| {
            layoff_study::chart::check_target(&path, size)?;
            let r = &self.result;
            let i = match window {
                Some(w) => {
                    let w = Window::parse(&w)?;
                    r.settings
                        .windows
                        .iter()
                        .position(|x| *x == w)
                        .ok_or_else(|| {
                            usage(format!("window {w} is not one of the study's windows"))
                        })?
                }
                None => 0,
            };
            let chart = layoff_study::chart::study::distribution(r, i);
            render(&chart, &path, size)
        })
        .map_err(to_py)
    }
}

/// Runs the event study.
#[pyfunction]
#[pyo3(signature = (events, prices, market=None, market_frame=None, price="adjusted", log_returns=false, model="market", estimation="-250:-11", windows=None, chart_window=None, min_estimation=100, non_trading="next", group_by=None, factors=Vec::new(), explain=None, se="hc1", overlap="keep", clean_estimation=false, event_time=None, min_group_size=10, measure="return", rivals=None, peer_list=None))]
#[allow(clippy::too_many_arguments)]
fn run_study(
    py: Python<'_>,
    events: PyDataFrame,
    prices: PricesArg,
    market: Option<String>,
    market_frame: Option<PyDataFrame>,
    price: &str,
    log_returns: bool,
    model: &str,
    estimation: &str,
    windows: Option<Vec<String>>,
    chart_window: Option<String>,
    min_estimation: usize,
    non_trading: &str,
    group_by: Option<String>,
    factors: Vec<PathBuf>,
    explain: Option<String>,
    se: &str,
    overlap: &str,
    clean_estimation: bool,
    event_time: Option<EventTime>,
    min_group_size: usize,
    measure: &str,
    rivals: Option<String>,
    peer_list: Option<PathBuf>,
) -> PyResult<Study> {
    let event_time = event_time.unwrap_or(EventTime {
        day0: "reported".into(),
        confound_window: "-1:1".into(),
        confounded: "flag".into(),
        sec_filings: None,
        sec_base_url: None,
        user_agent: None,
        filing_items: "2.05".into(),
        filing_search: 10,
        confounders: Vec::new(),
    });
    let p = price_args(prices, market, market_frame, price, log_returns)?;
    let sources = layoff_study::filings::sources(&layoff_study::filings::SourceSettings {
        sec_filings: event_time.sec_filings.as_deref(),
        sec_base_url: event_time
            .sec_base_url
            .as_deref()
            .unwrap_or(layoff_study::fetch::sec::BASE),
        user_agent: event_time.user_agent.clone(),
        filing_items: &event_time.filing_items,
        filing_search: event_time.filing_search,
        confounders: &event_time.confounders,
    })
    .map_err(to_py)?;
    let (study_group, split) = study::rivals::split_group(group_by.as_deref());
    let spec = (|| -> Result<StudySpec> {
        let est = Window::parse(estimation)?;
        let mut s = Settings {
            measure: measure
                .parse()
                .map_err(|why| Error::Usage(format!("measure={why}")))?,
            model: self::model(model)?,
            estimation: est,
            chart: match &chart_window {
                Some(c) => Window::parse(c)?,
                None => Settings::chart_for(est),
            },
            min_estimation,
            min_group_size,
            non_trading: self::non_trading(non_trading)?,
            group_by: study_group,
            log_returns,
            overlap: self::overlap(overlap)?,
            clean_estimation,
            day0: event_time
                .day0
                .parse()
                .map_err(|why| Error::Usage(format!("day0={why}")))?,
            confound_window: Window::parse(&event_time.confound_window)?,
            confounded: event_time
                .confounded
                .parse()
                .map_err(|why| Error::Usage(format!("confounded={why}")))?,
            event_time: sources.any(),
            ..Settings::default()
        };
        if let Some(w) = windows {
            s.windows = w.iter().map(|w| Window::parse(w)).collect::<Result<_>>()?;
        }
        s.validate()?;
        if split && rivals.is_none() {
            return Err(Error::Usage(
                "group_by=\"announcer_sign\" splits the rivals' tests: give rivals=".into(),
            ));
        }
        let peers = match &rivals {
            Some(key) => {
                study::rivals::check(&s)?;
                let list = study::rivals::peer_list_for(
                    key,
                    peer_list.as_deref(),
                    event_time.sec_filings.as_deref(),
                );
                Some((study::rivals::Peers::from_key(key, list.as_deref())?, split))
            }
            None => None,
        };
        let se = SeType::parse(se)?;
        let explain = explain
            .as_deref()
            .map(|t| Ok((regression::parse_terms(t)?, se)))
            .transpose()?;
        Ok(StudySpec {
            settings: s,
            explain,
            factors,
            peers,
        })
    })()
    .map_err(to_py)?;
    let events = events.0;
    work(py, move || {
        let (mut evs, duplicates) = events::dedup(events_of(&events)?);
        layoff_study::filings::assign_rounds(&mut evs);
        let timing_notes = layoff_study::filings::apply(&mut evs, &sources)?;
        layoff_study::filings::check_day0(spec.settings.day0, sources.filings.is_some(), &evs)
            .map_err(|why| Error::Usage(format!("day0={why}: give sec_filings=")))?;
        let factors = if spec.factors.is_empty() {
            None
        } else {
            let mut f = layoff_study::import::french::Factors::default();
            for path in &spec.factors {
                f.read(path)?;
            }
            Some(f)
        };
        let (panel, m) = p.load()?;
        let inputs = study::Inputs {
            prices: (&*panel).into(),
            market: m.series.as_ref(),
            calendar: &m.calendar,
            factors: factors.as_ref(),
        };
        let mut result = study::run(&evs, &inputs, &spec.settings)?;
        result.excluded.extend(duplicates);
        result.notes.extend(timing_notes);
        let rivals = match &spec.peers {
            Some((peers, split)) => {
                let rs = study::rivals::run(&evs, &inputs, &result, peers, *split)?;
                rs.add_to(&mut result);
                Some(rs)
            }
            None => None,
        };
        let explained = spec
            .explain
            .map(|(terms, se)| regression::explain(&evs, &result, &terms, &se));
        if let Some(x) = &explained {
            result.notes.extend(x.notes.iter().cloned());
        }
        Ok(Study {
            events: evs,
            result,
            explained,
            rivals,
        })
    })
}

/// The price path around one announcement.
#[pyfunction]
#[pyo3(signature = (prices, ticker, date, path, market=None, market_frame=None, price="adjusted", non_trading="next", chart_window="-10:10", windows=None, width=1600, height=900))]
#[allow(clippy::too_many_arguments)]
fn plot_event(
    py: Python<'_>,
    prices: PricesArg,
    ticker: String,
    date: String,
    path: PathBuf,
    market: Option<String>,
    market_frame: Option<PyDataFrame>,
    price: &str,
    non_trading: &str,
    chart_window: &str,
    windows: Option<Vec<String>>,
    width: u32,
    height: u32,
) -> PyResult<()> {
    let p = price_args(prices, market, market_frame, price, false)?;
    let size = Size { width, height };
    let setup = (|| -> Result<_> {
        layoff_study::chart::check_target(&path, size)?;
        let windows = match windows {
            Some(w) => w.iter().map(|w| Window::parse(w)).collect::<Result<_>>()?,
            None => vec![Window::new(-1, 1), Window::new(-5, 5)],
        };
        Ok((
            day("date", &date)?,
            self::non_trading(non_trading)?,
            Window::parse(chart_window)?,
            windows,
        ))
    })()
    .map_err(to_py)?;
    work(py, move || {
        let (announce, policy, chart, windows) = setup;
        let (panel, m) = p.load()?;
        let stock = panel
            .get(&ticker.to_ascii_uppercase())
            .ok_or_else(|| usage(format!("ticker {ticker}: no prices in the prices frame")))?;
        let ev = layoff_study::chart::event::EventChart::build(
            stock,
            m.series.as_ref(),
            &m.calendar,
            announce,
            policy,
            chart,
            windows,
        )?;
        render(&ev, &path, size)
    })
}

/// Calendar-year bars of `tickers`, with the market.
#[pyfunction]
#[pyo3(signature = (prices, tickers, path, start=None, end=None, market=None, market_frame=None, price="adjusted", width=1600, height=900))]
#[allow(clippy::too_many_arguments)]
fn plot_performance(
    py: Python<'_>,
    prices: PricesArg,
    tickers: Vec<String>,
    path: PathBuf,
    start: Option<i32>,
    end: Option<i32>,
    market: Option<String>,
    market_frame: Option<PyDataFrame>,
    price: &str,
    width: u32,
    height: u32,
) -> PyResult<()> {
    let p = price_args(prices, market, market_frame, price, false)?;
    let size = Size { width, height };
    layoff_study::chart::check_target(&path, size).map_err(to_py)?;
    work(py, move || {
        let (panel, m) = p.load()?;
        let stocks = tickers
            .iter()
            .map(|t| {
                panel
                    .get(&t.to_ascii_uppercase())
                    .ok_or_else(|| usage(format!("tickers: no prices for {t}")))
            })
            .collect::<Result<Vec<_>>>()?;
        let chart = layoff_study::chart::performance::PerformanceChart::of(
            &stocks,
            m.series.as_ref(),
            &m.calendar,
            (start, end),
        );
        render(&chart, &path, size)
    })
}

/// A simulated market and events, as `simulate` makes them: (prices, events).
#[pyfunction]
#[pyo3(signature = (stocks=50, years=3, events=100, effect=-0.01, seed=42, start_year=2019, effect_window="0:0", noise_df=4.0))]
#[allow(clippy::too_many_arguments)]
fn simulate(
    py: Python<'_>,
    stocks: usize,
    years: i32,
    events: usize,
    effect: f64,
    seed: u64,
    start_year: i32,
    effect_window: &str,
    noise_df: f64,
) -> PyResult<(PyDataFrame, PyDataFrame)> {
    let spec = (|| -> Result<_> {
        Ok(layoff_study::simulate::Spec {
            stocks,
            years,
            events,
            effect,
            seed,
            start_year,
            effect_window: Window::parse(effect_window)?,
            noise_df,
            ..Default::default()
        })
    })()
    .map_err(to_py)?;
    work(py, move || {
        let sim = layoff_study::simulate::simulate(&spec)?;
        let prices = import::parquet::panel_frame(&sim.panel())
            .map_err(|e| Error::Render(format!("building the prices frame: {e}")))?;
        Ok((prices, frame_of(&events::events_table(&sim.events))?))
    })
    .map(|(a, b)| (PyDataFrame(a), PyDataFrame(b)))
}

/// For the tests: a panic inside the engine's worker, which must arrive as RuntimeError.
#[pyfunction]
fn _panic(py: Python<'_>) -> PyResult<()> {
    work(py, || -> Result<()> { panic!("a test of the panic guard") })
}

/// For the tests: a call that works for `seconds`, to be interrupted with Ctrl-C.
#[pyfunction]
fn _sleep(py: Python<'_>, seconds: f64) -> PyResult<()> {
    work(py, move || {
        std::thread::sleep(Duration::from_secs_f64(seconds));
        Ok(())
    })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("DataError", m.py().get_type::<DataError>())?;
    m.add_function(wrap_pyfunction!(read_prices, m)?)?;
    m.add_function(wrap_pyfunction!(read_events, m)?)?;
    m.add_function(wrap_pyfunction!(returns, m)?)?;
    m.add_function(wrap_pyfunction!(performance, m)?)?;
    m.add_function(wrap_pyfunction!(run_study, m)?)?;
    m.add_function(wrap_pyfunction!(plot_event, m)?)?;
    m.add_function(wrap_pyfunction!(plot_performance, m)?)?;
    m.add_function(wrap_pyfunction!(simulate, m)?)?;
    m.add_function(wrap_pyfunction!(_panic, m)?)?;
    m.add_function(wrap_pyfunction!(_sleep, m)?)?;
    m.add_class::<Study>()?;
    m.add_class::<PanelHandle>()?;
    Ok(())
}
