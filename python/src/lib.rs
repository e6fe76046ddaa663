//! `layoff_study._native`: the engine of layoff-study for Python. Frames come in and go out
//! as polars DataFrames (pyo3-polars, no copy across the boundary); the work runs on its
//! own thread with the GIL released, while the calling thread waits for the result and
//! checks for Ctrl-C. Library errors become `DataError` (a `ValueError`), `ValueError` or
//! `OSError`; a panic becomes a `RuntimeError`, never a crash of the interpreter.
//!
//! This module only translates: keyword arguments into the library's settings
//! ([`Spec::set_keyword`]), frames into events and panels and back
//! ([`layoff_study::job::frames`]); the jobs are the library's ([`layoff_study::job`]).
//! The Python package `layoff_study` wraps these functions (`python/layoff_study/__init__.py`).

use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use layoff_study::chart::{Size, render};
use layoff_study::date::{self, Day};
use layoff_study::error::{Error, Result};
use layoff_study::events::{self, frame::events_of};
use layoff_study::import::{self, PriceOptions};
use layoff_study::job::frames::{self, GivenPrices};
use layoff_study::job::study::{MeasureStudy, Plot};
use layoff_study::job::{self, load::LoadedEvents};
use layoff_study::series::Panel;
use layoff_study::setting::Setting;
use layoff_study::spelling::Spelled;
use layoff_study::study::Window;
use layoff_study::study::spec::{Spec, Value};
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat};
use pyo3_polars::PyDataFrame;

pyo3::create_exception!(
    _native,
    DataError,
    PyValueError,
    "Bad input data: the message names the file (or frame), line or row, and column."
);

/// A library error as the Python exception CLI.md's exit codes correspond to, its settings
/// named as Python's keywords.
fn to_py(e: Error) -> PyErr {
    let msg = e.for_python();
    match e {
        Error::Data { .. } => DataError::new_err(msg),
        Error::Usage(_) | Error::Setting { .. } | Error::NoResult(_) => PyValueError::new_err(msg),
        Error::Network(_) | Error::Io { .. } | Error::Write { .. } => PyOSError::new_err(msg),
        _ => PyRuntimeError::new_err(msg),
    }
}

/// The text of a caught panic.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
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
                return Err(PyRuntimeError::new_err(format!(
                    "internal error in layoff-study (please report it): {}",
                    panic_text(&*panic)
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

/// A choice spelt as the library spells it, the error naming the keyword.
fn choice<T: Spelled>(setting: Setting, s: &str) -> PyResult<T> {
    T::parse_name(s).map_err(|why| to_py(Error::setting(setting, format!("{setting} {why}"))))
}

/// A date keyword's value.
fn day(what: &str, s: &str) -> Result<Day> {
    date::parse(s).ok_or_else(|| Error::Usage(format!("{what}={s:?}: expected a date YYYY-MM-DD")))
}

/// A keyword argument's value as the library's settings read it.
fn value(v: &Bound<'_, PyAny>) -> PyResult<Value> {
    if v.is_none() {
        Ok(Value::None)
    } else if v.is_instance_of::<PyBool>() {
        Ok(Value::Bool(v.extract()?))
    } else if let Ok(i) = v.extract::<i64>() {
        Ok(Value::Int(i))
    } else if v.is_instance_of::<PyFloat>() {
        Ok(Value::Float(v.extract()?))
    } else if let Ok(p) = v.extract::<PathBuf>() {
        Ok(Value::Text(p.display().to_string()))
    } else if let Ok(l) = v.extract::<Vec<PathBuf>>() {
        Ok(Value::List(
            l.iter().map(|p| p.display().to_string()).collect(),
        ))
    } else {
        Err(PyTypeError::new_err(format!(
            "{}: expected None, a bool, an int, text, a path or a list of them",
            v.get_type().name()?
        )))
    }
}

/// Gives each keyword argument to `set`, its value read by [`value`].
fn keywords(
    given: Option<&Bound<'_, PyDict>>,
    mut set: impl FnMut(&str, &Value) -> Result<()>,
) -> PyResult<()> {
    for (k, v) in given.into_iter().flatten() {
        set(&k.extract::<String>()?, &value(&v)?).map_err(to_py)?;
    }
    Ok(())
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
        price: choice(Setting::Price, price)?,
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

/// Reads an events file, matched to tickers (the keywords of [`job::load::EventSource`]);
/// with `unmatched` the events without a ticker.
#[pyfunction]
#[pyo3(signature = (path, unmatched=false, **source))]
fn read_events(
    py: Python<'_>,
    path: PathBuf,
    unmatched: bool,
    source: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyDataFrame> {
    let mut src = job::load::EventSource::default();
    keywords(source, |k, v| src.set_keyword(k, v))?;
    work(py, move || {
        let no_filings = layoff_study::filings::Sources::default();
        let loaded = job::load::events(&path, &src, &no_filings, &mut Vec::new())?;
        frames::of_table(&if unmatched {
            events::unmatched_table(&loaded.unmatched, &loaded.dateless)
        } else {
            events::events_table(&loaded.events)
        })
    })
    .map(PyDataFrame)
}

/// Prices as Python passes them: the handle of `read_prices`, or a frame.
#[derive(FromPyObject)]
enum PricesArg {
    Panel(Py<PanelHandle>),
    Frame(PyDataFrame),
}

/// The prices of `returns`, `performance`, the study and the plots, as the package passes
/// them: (prices, market ticker or file, market frame, price column).
#[derive(FromPyObject)]
struct PricesIn(PricesArg, Option<String>, Option<PyDataFrame>, String);

impl PricesIn {
    fn given(self) -> PyResult<GivenPrices> {
        let PricesIn(prices, market, market_frame, price) = self;
        let (panel, frame) = match prices {
            PricesArg::Frame(f) => (None, Some(f.0)),
            PricesArg::Panel(h) => (Some(Arc::clone(&h.get().panel)), None),
        };
        Ok(GivenPrices {
            panel,
            frame,
            market,
            market_frame: market_frame.map(|f| f.0),
            price: choice(Setting::Price, &price)?,
        })
    }
}

/// Announcement-day returns of an events frame, or of `ticker` (or every ticker) on `date`.
#[pyfunction]
#[pyo3(signature = (prices, events=None, ticker=None, date=None, log_returns=false, non_trading="next"))]
fn returns(
    py: Python<'_>,
    prices: PricesIn,
    events: Option<PyDataFrame>,
    ticker: Option<String>,
    date: Option<String>,
    log_returns: bool,
    non_trading: &str,
) -> PyResult<(PyDataFrame, PyDataFrame)> {
    let p = prices.given()?;
    let policy = choice(Setting::NonTrading, non_trading)?;
    let events = events.map(|e| e.0);
    let on = date.as_deref().map(|d| day("date", d)).transpose();
    work(py, move || {
        let (panel, m) = p.load()?;
        let given = events.map(|e| events_of(&e)).transpose()?;
        let evs = events::asked(given, on?, ticker.as_deref(), &panel)?;
        let series = m.series.as_ref();
        let (rows, excluded) = layoff_study::returns::announcement_returns(
            &evs,
            &panel,
            series,
            &m.calendar,
            policy,
            log_returns,
        );
        Ok((
            frames::of_table(&layoff_study::returns::table(&rows))?,
            frames::of_table(&events::exclusions_table(&excluded))?,
        ))
    })
    .map(|(a, b)| (PyDataFrame(a), PyDataFrame(b)))
}

/// Calendar-year returns of `tickers` (or every ticker) in `years`, or between `start`
/// and `end` (years), as `performance` writes them.
#[pyfunction]
#[pyo3(signature = (prices, tickers=Vec::new(), years=Vec::new(), start=None, end=None))]
fn performance(
    py: Python<'_>,
    prices: PricesIn,
    tickers: Vec<String>,
    years: Vec<i32>,
    start: Option<i32>,
    end: Option<i32>,
) -> PyResult<PyDataFrame> {
    let p = prices.given()?;
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
        frames::of_table(&layoff_study::performance::table(&rows))
    })
    .map(PyDataFrame)
}

/// A finished study: the events and the first measure's study.
#[pyclass(frozen)]
struct Study {
    events: LoadedEvents,
    study: MeasureStudy,
}

#[pymethods]
impl Study {
    /// The study's tables by name ([`job::study::tables`]).
    fn tables(&self, py: Python<'_>) -> PyResult<Vec<(String, PyDataFrame)>> {
        py.detach(|| {
            job::study::tables(&self.events.events, &self.study)
                .into_iter()
                .map(|(n, t)| Ok((n.to_string(), PyDataFrame(frames::of_table(&t)?))))
                .collect::<Result<Vec<_>>>()
        })
        .map_err(to_py)
    }

    /// The daily file (`abnormal_returns`, `abnormal_volume`, `abnormal_volatility`).
    fn abnormal_returns(&self, py: Python<'_>) -> PyResult<PyDataFrame> {
        py.detach(|| frames::daily(&self.events.events, &self.study.result))
            .map(PyDataFrame)
            .map_err(to_py)
    }

    /// What the study measured: return, volume or volatility.
    fn measure(&self) -> &'static str {
        self.study.result.settings.measure.name()
    }

    /// The notes of `study.txt`.
    fn notes(&self) -> Vec<String> {
        self.study.result.notes.clone()
    }

    /// Writes the files of `study --out` into `out`, built beside it and swapped in whole.
    fn write(&self, py: Python<'_>, out: PathBuf) -> PyResult<()> {
        py.detach(|| job::study::write_study(&out, "out", &self.events.events, &self.study))
            .map_err(to_py)
    }

    /// A chart of the study: `caar`, `distribution` or `explain` of `window`.
    #[pyo3(signature = (kind, path, window=None, width=1600, height=900))]
    fn plot(
        &self,
        py: Python<'_>,
        kind: &str,
        path: PathBuf,
        window: Option<String>,
        width: u32,
        height: u32,
    ) -> PyResult<()> {
        let kind = Plot::parse_name(kind).map_err(PyValueError::new_err)?;
        let size = Size { width, height };
        py.detach(|| {
            let w = window.as_deref().map(Window::parse).transpose()?;
            job::study::plot(&self.events.events, &self.study, kind, w, &path, size)
        })
        .map_err(to_py)
    }
}

/// Every setting of `run_study` with its default, as (keyword, default) texts.
#[pyfunction]
fn settings() -> Vec<(&'static str, String)> {
    Spec::defaults()
}

/// Runs the event study with the settings given by keyword (the library's [`Spec`]).
#[pyfunction]
#[pyo3(signature = (events, prices, **settings))]
fn run_study(
    py: Python<'_>,
    events: PyDataFrame,
    prices: PricesIn,
    settings: Option<&Bound<'_, PyDict>>,
) -> PyResult<Study> {
    let mut spec = Spec::default();
    keywords(settings, |k, v| spec.set_keyword(k, v))?;
    let plan = spec.validate().map_err(to_py)?;
    let p = prices.given()?;
    let events = events.0;
    work(py, move || {
        let (events, studies) = job::study::run_given(&plan, events_of(&events)?, &p)?;
        let study = studies.into_iter().next();
        let study = study.ok_or_else(|| Error::Usage("no measure".into()))?;
        Ok(Study { events, study })
    })
}

/// The price path around one announcement.
#[pyfunction]
#[pyo3(signature = (prices, ticker, date, path, non_trading="next", chart_window="-10:10", windows=None, width=1600, height=900))]
#[allow(clippy::too_many_arguments)]
fn plot_event(
    py: Python<'_>,
    prices: PricesIn,
    ticker: String,
    date: String,
    path: PathBuf,
    non_trading: &str,
    chart_window: &str,
    windows: Option<Vec<String>>,
    width: u32,
    height: u32,
) -> PyResult<()> {
    use layoff_study::chart::event::EventChart;
    let p = prices.given()?;
    let policy = choice(Setting::NonTrading, non_trading)?;
    let size = Size { width, height };
    let setup = (|| -> Result<_> {
        layoff_study::chart::check_target(&path, size)?;
        let windows = EventChart::windows_of(&windows.unwrap_or_default())?;
        Ok((day("date", &date)?, (Window::parse(chart_window)?, windows)))
    })()
    .map_err(to_py)?;
    work(py, move || {
        let (announce, windows) = setup;
        let (panel, m) = p.load()?;
        let ev = EventChart::of_panel(&panel, &m, &ticker, announce, policy, windows)?;
        render(&ev, &path, size)
    })
}

/// Calendar-year bars of `tickers`, with the market.
#[pyfunction]
#[pyo3(signature = (prices, tickers, path, start=None, end=None, width=1600, height=900))]
#[allow(clippy::too_many_arguments)]
fn plot_performance(
    py: Python<'_>,
    prices: PricesIn,
    tickers: Vec<String>,
    path: PathBuf,
    start: Option<i32>,
    end: Option<i32>,
    width: u32,
    height: u32,
) -> PyResult<()> {
    use layoff_study::chart::performance::PerformanceChart;
    let p = prices.given()?;
    let size = Size { width, height };
    layoff_study::chart::check_target(&path, size).map_err(to_py)?;
    work(py, move || {
        let (panel, m) = p.load()?;
        let chart = PerformanceChart::of_panel(&panel, &m, &tickers, (start, end))?;
        render(&chart, &path, size)
    })
}

/// A simulated market and events, as `simulate` makes them (the keywords of
/// [`layoff_study::simulate::Spec`]): (prices, events).
#[pyfunction]
#[pyo3(signature = (**settings))]
fn simulate(
    py: Python<'_>,
    settings: Option<&Bound<'_, PyDict>>,
) -> PyResult<(PyDataFrame, PyDataFrame)> {
    let mut spec = layoff_study::simulate::Spec::default();
    keywords(settings, |k, v| spec.set_keyword(k, v))?;
    work(py, move || {
        let sim = layoff_study::simulate::simulate(&spec)?;
        let prices = import::parquet::panel_frame(&sim.panel())
            .map_err(|e| Error::Render(format!("building the prices frame: {e}")))?;
        Ok((
            prices,
            frames::of_table(&events::events_table(&sim.events))?,
        ))
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
    m.add_function(wrap_pyfunction!(settings, m)?)?;
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
