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
use layoff_study::events::{self, Event, frame::FRAME, frame::events_of};
use layoff_study::import::{self, PriceField, PriceOptions};
use layoff_study::job::{self, frames, load::LoadedEvents, study::MeasureStudy};
use layoff_study::market::Market;
use layoff_study::series::Panel;
use layoff_study::setting::Setting;
use layoff_study::spelling::Spelled;
use layoff_study::study::spec::{Spec, Value};
use layoff_study::study::{self, Window};
use polars::prelude::DataFrame;
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict};
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
        let src = job::load::EventSource {
            tickers,
            sec,
            sec_names,
            user_agent,
            aliases,
            from: from?,
            to: to?,
            ..Default::default()
        };
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

/// What `returns`, `performance`, the study and the plots read prices with.
struct Prices {
    panel: Option<Arc<Panel>>,
    frame: Option<DataFrame>,
    market: Option<String>,
    market_frame: Option<DataFrame>,
    price: PriceField,
}

impl Prices {
    fn new(
        prices: PricesArg,
        market: Option<String>,
        market_frame: Option<PyDataFrame>,
        price: &str,
    ) -> PyResult<Prices> {
        let (panel, frame) = match prices {
            PricesArg::Frame(f) => (None, Some(f.0)),
            PricesArg::Panel(h) => (Some(Arc::clone(&h.get().panel)), None),
        };
        Ok(Prices {
            panel,
            frame,
            market,
            market_frame: market_frame.map(|f| f.0),
            price: choice(Setting::Price, price)?,
        })
    }

    fn load(&self) -> Result<(Arc<Panel>, Market)> {
        let panel = match (&self.panel, &self.frame) {
            (Some(p), _) => Arc::clone(p),
            (None, Some(df)) => Arc::new(frames::panel(df, self.price, FRAME)?),
            (None, None) => Arc::new(Panel::default()),
        };
        let m = frames::market(
            &panel,
            self.market.as_deref(),
            self.market_frame.as_ref(),
            self.price,
        )?;
        Ok((panel, m))
    }
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
    let p = Prices::new(prices, market, market_frame, price)?;
    let policy = choice(Setting::NonTrading, non_trading)?;
    let events = events.map(|e| e.0);
    let on = date.as_deref().map(|d| day("date", d)).transpose();
    work(py, move || {
        let (panel, m) = p.load()?;
        let evs = match (events, on?) {
            (Some(e), _) => events_of(&e)?,
            (None, Some(d)) => events::on_date_of(d, ticker.as_deref(), &panel),
            (None, None) => {
                return Err(Error::Usage(
                    "give events, or date (with ticker for one company)".into(),
                ));
            }
        };
        let (rows, excluded) = layoff_study::returns::announcement_returns(
            &evs,
            &panel,
            m.series.as_ref(),
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
    let p = Prices::new(prices, market, market_frame, price)?;
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

/// A finished study: the events, the first measure's study and the notes of loading.
#[pyclass(frozen)]
struct Study {
    events: LoadedEvents,
    study: MeasureStudy,
    notes: Vec<String>,
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

    /// The notes of loading, then those of `study.txt`.
    fn notes(&self) -> Vec<String> {
        self.notes
            .iter()
            .chain(&self.study.result.notes)
            .cloned()
            .collect()
    }

    /// Writes the files of `study --out` into `out`, built beside it and swapped in whole.
    fn write(&self, py: Python<'_>, out: PathBuf) -> PyResult<()> {
        py.detach(|| -> Result<()> {
            let stage = layoff_study::files::guard::StagedDir::new("out", &out)?;
            job::study::write_folder(stage.path(), &self.events.events, &self.study)?;
            layoff_study::chart::study::write_charts(
                stage.path(),
                &self.study.result,
                Size::default(),
            )?;
            stage.commit()
        })
        .map_err(to_py)
    }

    /// The CAAR chart.
    fn plot_caar(&self, py: Python<'_>, path: PathBuf, width: u32, height: u32) -> PyResult<()> {
        let size = Size { width, height };
        py.detach(|| {
            layoff_study::chart::check_target(&path, size)?;
            render(
                &layoff_study::chart::study::caar(&self.study.result),
                &path,
                size,
            )
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
                .study
                .explained
                .as_ref()
                .ok_or_else(|| Error::Usage("the study ran without explain=".into()))?;
            let w = window.as_deref().map(Window::parse).transpose()?;
            let chart = layoff_study::chart::explain::ExplainChart::of_regression(
                x,
                w,
                &self.events.events,
            )?;
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
            let r = &self.study.result;
            let w = window.as_deref().map(Window::parse).transpose()?;
            let chart = layoff_study::chart::study::distribution(r, r.settings.window_index(w)?);
            render(&chart, &path, size)
        })
        .map_err(to_py)
    }
}

/// Every setting of `run_study` with its default, as (keyword, default) texts.
#[pyfunction]
fn settings() -> Vec<(&'static str, String)> {
    let d = Spec::default();
    Setting::ALL
        .iter()
        .map(|s| (s.keyword(), d.get(*s).to_string()))
        .collect()
}

/// Runs the event study with the settings given by keyword (the library's [`Spec`]).
#[pyfunction]
#[pyo3(signature = (events, prices, market=None, market_frame=None, **settings))]
fn run_study(
    py: Python<'_>,
    events: PyDataFrame,
    prices: PricesArg,
    market: Option<String>,
    market_frame: Option<PyDataFrame>,
    settings: Option<&Bound<'_, PyDict>>,
) -> PyResult<Study> {
    let mut spec = Spec::default();
    for (k, v) in settings.into_iter().flatten() {
        let k: String = k.extract()?;
        spec.set_keyword(&k, &value(&v)?).map_err(to_py)?;
    }
    let plan = spec.validate().map_err(to_py)?;
    let peers = job::study::peers(&plan).map_err(to_py)?;
    let p = Prices::new(prices, market, market_frame, spec.price.name())?;
    let events = events.0;
    work(py, move || {
        let mut notes = Vec::new();
        let evs = job::study::given_events(&plan, events_of(&events)?, &mut notes)?;
        let factors = job::load::factors(&plan.factors)?;
        let (panel, m) = p.load()?;
        let inputs = study::Inputs {
            prices: (&*panel).into(),
            market: m.series.as_ref(),
            calendar: &m.calendar,
            factors: factors.as_ref(),
        };
        let studies = job::study::run(&plan, &evs, &inputs, peers.as_ref(), &job::Quiet)?;
        let study = studies
            .into_iter()
            .next()
            .ok_or_else(|| Error::Usage("no measure".into()))?;
        Ok(Study {
            events: evs,
            study,
            notes,
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
    use layoff_study::chart::event::EventChart;
    let p = Prices::new(prices, market, market_frame, price)?;
    let policy = choice(Setting::NonTrading, non_trading)?;
    let size = Size { width, height };
    let setup = (|| -> Result<_> {
        layoff_study::chart::check_target(&path, size)?;
        let windows = match windows {
            Some(w) => w.iter().map(|w| Window::parse(w)).collect::<Result<_>>()?,
            None => EventChart::default_windows(),
        };
        Ok((day("date", &date)?, Window::parse(chart_window)?, windows))
    })()
    .map_err(to_py)?;
    work(py, move || {
        let (announce, chart, windows) = setup;
        let (panel, m) = p.load()?;
        let stock = panel.get(&ticker.to_ascii_uppercase()).ok_or_else(|| {
            Error::Usage(format!("ticker {ticker}: no prices in the prices frame"))
        })?;
        let series = m.series.as_ref();
        let ev = EventChart::build(stock, series, &m.calendar, announce, policy, chart, windows)?;
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
    let p = Prices::new(prices, market, market_frame, price)?;
    let size = Size { width, height };
    layoff_study::chart::check_target(&path, size).map_err(to_py)?;
    work(py, move || {
        let (panel, m) = p.load()?;
        let stocks = tickers
            .iter()
            .map(|t| {
                panel
                    .get(&t.to_ascii_uppercase())
                    .ok_or_else(|| Error::Usage(format!("tickers: no prices for {t}")))
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
    let effect_window = Window::parse(effect_window).map_err(to_py)?;
    let spec = layoff_study::simulate::Spec {
        stocks,
        years,
        events,
        effect,
        seed,
        start_year,
        effect_window,
        noise_df,
        ..Default::default()
    };
    work(py, move || {
        let sim = layoff_study::simulate::simulate(&spec)?;
        let prices = import::parquet::panel_frame(&sim.panel())
            .map_err(|e| Error::Render(format!("building the prices frame: {e}")))?;
        let evs: &[Event] = &sim.events;
        Ok((prices, frames::of_table(&events::events_table(evs))?))
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
