"""How did the market react when a company announced layoffs?

The engine of the ``layoff-study`` command line for Python: polars DataFrames in and out
(pandas frames are accepted and converted once), the same numbers as the command line to
the last bit, errors as exceptions, the GIL released while the engine works and Ctrl-C
honoured.

>>> import layoff_study as ls
>>> prices, events = ls.simulate(stocks=40, years=2, events=40, effect=-0.015, seed=2024)
>>> res = ls.study(events, prices, market="SIMMKT")
>>> res.summary.filter(window="0:0")["caar"][0] < 0
True
"""
from __future__ import annotations

import ast
import os
import sys
import time
import weakref
from typing import Iterable, Optional, Sequence, Tuple, Union

import polars as pl

from . import _native
from ._native import DataError

__all__ = [
    "DataError",
    "StudyResult",
    "read_prices",
    "read_events",
    "returns",
    "returns_excluded",
    "performance",
    "study",
    "plot_caar",
    "plot_event",
    "plot_performance",
    "plot_distribution",
    "plot_explain",
    "simulate",
]

Path = Union[str, "os.PathLike[str]"]
Frame = Union[pl.DataFrame, "pandas.DataFrame"]  # noqa: F821

# Every setting of study() with its default, as the engine holds them (keyword -> value).
_SETTINGS = {k: ast.literal_eval(v) for k, v in _native.settings()}


def _frame(df, what: str) -> pl.DataFrame:
    """A polars frame from a polars or pandas frame (converted once)."""
    if isinstance(df, pl.DataFrame):
        return df
    if isinstance(df, pl.LazyFrame):
        return df.collect()
    if type(df).__module__.split(".")[0] == "pandas":
        pdf = df.reset_index(drop=True) if _has_plain_index(df) else df.reset_index()
        try:
            out = pl.from_pandas(pdf)
        except ImportError:  # no pyarrow: column by column
            out = pl.DataFrame([_pandas_column(pdf[c], str(c)) for c in pdf.columns])
        # Timestamps in a date column are dates.
        dates = [c for c in out.columns
                 if c in _DATE_COLUMNS and isinstance(out.schema[c], pl.Datetime)]
        return out.with_columns(pl.col(dates).dt.date()) if dates else out
    raise TypeError(f"{what}: expected a polars or pandas DataFrame, got {type(df).__name__}")


_DATE_COLUMNS = {"date", "announce_date", "sec_list_date"}


def _pandas_column(col, name: str) -> pl.Series:
    """One pandas column as a polars series without pyarrow: numpy-backed columns as they
    are, others (text, dates as objects) through Python values, NaN as null."""
    if type(col.dtype).__module__.split(".")[0] == "numpy" and col.dtype.kind in "biuf":
        return pl.Series(name, col.to_numpy(), nan_to_null=True)
    if type(col.dtype).__module__.split(".")[0] == "numpy" and col.dtype.kind == "M":
        stamps = [None if v != v else v.to_pydatetime() for v in col.tolist()]  # NaT != NaT
        return pl.Series(name, stamps, dtype=pl.Datetime("us"))
    values = [None if isinstance(v, float) and v != v else v for v in col.tolist()]
    return pl.Series(name, values)


def _has_plain_index(df) -> bool:
    """True when a pandas frame's index carries no data (a RangeIndex without a name)."""
    idx = df.index
    return type(idx).__name__ == "RangeIndex" and idx.name is None


# The panels behind the frames read_prices returned, by frame id: passing such a frame back
# skips reading it again. An entry goes when its frame does.
_PANELS: dict = {}


def _remember(frame: pl.DataFrame, handle, price: str) -> pl.DataFrame:
    key = id(frame)
    _PANELS[key] = (weakref.ref(frame), handle, price)
    weakref.finalize(frame, _PANELS.pop, key, None)
    return frame


def _prices_arg(df, price: str):
    """The engine's prices: the panel behind a frame of read_prices (read with the same
    price column), else the frame itself."""
    entry = _PANELS.get(id(df))
    if entry is not None and entry[0]() is df and entry[2] == price:
        return entry[1]
    return _prices(df)


def _prices(df) -> pl.DataFrame:
    """A prices frame for the engine: an ``adj_close`` that is all null is left out, and
    one with some nulls falls back to ``close`` there."""
    df = _frame(df, "prices")
    if "adj_close" in df.columns:
        nulls = df["adj_close"].null_count()
        if nulls == df.height:
            df = df.drop("adj_close")
        elif nulls and "close" in df.columns:
            df = df.with_columns(pl.coalesce("adj_close", "close").alias("adj_close"))
    return df


def _price_frame(df: pl.DataFrame) -> pl.DataFrame:
    """The engine's prices frame in the published layout: ticker, date, close, adj_close,
    volume (null where the files have none)."""
    for col in ("adj_close", "volume"):
        if col not in df.columns:
            df = df.with_columns(pl.lit(None, dtype=pl.Float64).alias(col))
    return df.select("ticker", "date", "close", "adj_close", "volume")


def _market(market) -> Tuple[Optional[str], Optional[pl.DataFrame]]:
    """``market`` as a ticker or file name, or as a one-ticker frame."""
    if market is None:
        return None, None
    if isinstance(market, (str, os.PathLike)):
        return os.fspath(market), None
    return None, _prices(market)


def _paths(p) -> list:
    if p is None:
        return []
    if isinstance(p, (str, os.PathLike)):
        return [os.fspath(p)]
    return [os.fspath(x) for x in p]


def read_prices(path: Union[Path, Sequence[Path]], *, price: str = "adjusted",
                skip_bad_files: bool = False) -> pl.DataFrame:
    """Reads price files in any layout the command line reads (a folder of per-ticker
    files, or long CSV/Parquet files) into one frame: ticker, date, close, adj_close and
    volume (null when the files have none). ``price="close"`` ignores adjusted closes."""
    frame, handle = _native.read_prices(_paths(path), price, skip_bad_files)
    return _remember(_price_frame(frame), handle, price)


def read_events(path: Path, *, sec: Union[Path, Sequence[Path], None] = None,
                tickers: Optional[Path] = None, aliases: bool = True,
                start: Optional[str] = None, end: Optional[str] = None,
                unmatched: bool = False,
                sec_names: Union[Path, Sequence[Path], None] = None,
                user_agent: Optional[str] = None) -> pl.DataFrame:
    """Reads a layoffs list (layoffs.fyi export, WARN notices, the canonical layout) with
    company names matched to tickers (``tickers`` map, the file's own column, dated
    aliases, the SEC lists ``sec``), between ``start`` and ``end``. ``sec_names`` adds
    every name the SEC's registrants filed under ("auto": EDGAR's cik-lookup-data.txt,
    downloaded with ``user_agent`` and cached, or cik-lookup-data.txt and submissions
    files), so renamed companies are found. The canonical events columns (``exchange`` of
    the match last); with ``unmatched=True`` the events left without a ticker, and why."""
    return _native.read_events(os.fspath(path), unmatched, sec=_paths(sec), tickers=tickers,
                               aliases=aliases, start=start, end=end,
                               sec_names=_paths(sec_names), user_agent=user_agent)


def returns(events: Optional[Frame] = None, prices: Optional[Frame] = None, *,
            ticker: Optional[str] = None, date: Optional[str] = None, market=None,
            price: str = "adjusted", log_returns: bool = False,
            non_trading: str = "next") -> pl.DataFrame:
    """Announcement-day returns (METHODS.md section 2) of the events, or of ``ticker`` (or
    every ticker) on ``date``: the columns of ``layoff-study returns``. The events left
    without a return, and why: :func:`returns_excluded`."""
    return _returns(events, prices, ticker, date, market, price, log_returns, non_trading)[0]


def returns_excluded(events: Optional[Frame] = None, prices: Optional[Frame] = None, *,
                     ticker: Optional[str] = None, date: Optional[str] = None, market=None,
                     price: str = "adjusted", log_returns: bool = False,
                     non_trading: str = "next") -> pl.DataFrame:
    """The events :func:`returns` leaves out, with the reason (``--excluded FILE``)."""
    return _returns(events, prices, ticker, date, market, price, log_returns, non_trading)[1]


def _returns(events, prices, ticker, date, market, price, log_returns, non_trading):
    if prices is None:
        raise ValueError("returns: prices is required")
    name, frame = _market(market)
    ev = _frame(events, "events") if events is not None else None
    return _native.returns((_prices_arg(prices, price), name, frame, price), ev, ticker, date,
                           log_returns, non_trading)


def performance(prices: Frame, *, tickers: Optional[Iterable[str]] = None,
                year: Union[int, Iterable[int], None] = None, start: Optional[int] = None,
                end: Optional[int] = None, market=None, price: str = "adjusted") -> pl.DataFrame:
    """Calendar-year returns (METHODS.md section 3) of ``tickers`` (all when None) in
    ``year`` (one or several), or in every year between ``start`` and ``end``."""
    years = [] if year is None else ([year] if isinstance(year, int) else list(year))
    name, frame = _market(market)
    return _native.performance((_prices_arg(prices, price), name, frame, price),
                               list(tickers or []), years, start, end)


class StudyResult:
    """A finished event study: ``cars``, ``summary``, ``caar``, ``abnormal_returns``,
    ``excluded`` (polars frames with the columns of the command line's CSV files; for
    ``measure="volume"`` or ``"volatility"`` those of its files, ``abnormal_returns`` then
    holding ``abnormal_volume.csv`` or ``abnormal_volatility.csv``), ``measure``,
    ``rivals``, ``rival_cars`` and ``rival_summary`` when ``rivals`` was given,
    ``regression`` and ``regression_fit`` when ``explain`` was given, ``notes`` (as
    study.txt), and :meth:`write`."""

    def __init__(self, native):
        self._native = native
        tables = dict(native.tables())
        self.cars: pl.DataFrame = tables["cars"]
        self.summary: pl.DataFrame = tables["summary"]
        self.caar: pl.DataFrame = tables["caar"]
        self.excluded: pl.DataFrame = tables["excluded"]
        self.regression: Optional[pl.DataFrame] = tables.get("regression")
        self.regression_fit: Optional[pl.DataFrame] = tables.get("regression_fit")
        self.rivals: Optional[pl.DataFrame] = tables.get("rivals")
        self.rival_cars: Optional[pl.DataFrame] = tables.get("rival_cars")
        self.rival_summary: Optional[pl.DataFrame] = tables.get("rival_summary")
        self.notes: list = native.notes()
        self.measure: str = native.measure()
        self._abnormal_returns: Optional[pl.DataFrame] = None

    @property
    def abnormal_returns(self) -> pl.DataFrame:
        """Daily returns, expected and abnormal returns around each event (built on first
        use: it is the largest table)."""
        if self._abnormal_returns is None:
            self._abnormal_returns = self._native.abnormal_returns()
        return self._abnormal_returns

    def write(self, out: Path) -> None:
        """Writes the files of ``layoff-study study --out`` into ``out`` (built beside it
        and swapped in whole)."""
        self._native.write(os.fspath(out))

    def __repr__(self) -> str:
        n = self.cars["event_id"].n_unique() if self.cars.height else 0
        return f"StudyResult({n} events studied, {self.excluded.height} excluded)"


def study(events: Frame, prices: Frame, *, market=None, progress: bool = False,
          **settings) -> StudyResult:
    """The event study (METHODS.md sections 4-8) with the command line's defaults: market
    model, estimation -250:-11, windows 0:0, -1:1 and -5:5, seven tests; ``explain`` runs
    the cross-sectional regression of each window's CARs (``se`` hc1, classic or
    cluster:company|ticker|date|year). Event time (METHODS.md section 9): ``sec_filings``
    ("auto" or a folder of the SEC's submissions files; the events need a ``cik`` column)
    finds each event's layoff 8-K (``filing_items``, within ``filing_search`` days) and its
    earnings 8-Ks; ``confounders`` adds "sec" or earnings files; ``day0`` is "reported",
    "filing" or "earliest"; ``confound_window`` and ``confounded`` ("flag" or "drop") as
    on the command line. ``min_group_size``: the fewest events of a group drawn in the
    CAAR chart (smaller groups are named under it). ``measure``: "return", "volume"
    (abnormal log volume, METHODS.md section 10, with ``model`` "market" or
    "mean-adjusted") or "volatility" (Beaver's U, section 11); ``model="garch"`` is the
    GARCH(1,1) market model (section 12). ``rivals`` (section 13): "gics" with
    ``peer_list`` (a constituents file with Symbol and GICS Sub-Industry) or a file of
    ticker,rival pairs; ``group_by="announcer_sign"`` splits the rivals' tests by the sign
    of the announcer's CAR. With ``progress=True`` the call says on stderr what
    it does and how long it took; otherwise it prints nothing.

    Every other keyword is a setting of the engine, named as on the command line
    (``--min-estimation`` is ``min_estimation=``; ``--window`` is ``windows=``, a list);
    an unknown keyword is a ``ValueError``. The settings and their defaults:

"""
    start = time.perf_counter()
    if progress:
        print(f"layoff-study: studying {len(events)} events ...", file=sys.stderr, flush=True)
    name, frame = _market(market)
    price = settings.get("price", _SETTINGS["price"])
    native = _native.run_study(_frame(events, "events"), (_prices_arg(prices, price), name, frame,
                                                          price), **settings)
    res = StudyResult(native)
    if progress:
        print(f"layoff-study: {res!r} in {time.perf_counter() - start:.2f} s", file=sys.stderr,
              flush=True)
    return res


study.__doc__ += "".join(f"    - ``{k}={v!r}``\n" for k, v in _SETTINGS.items())


def plot_caar(res: StudyResult, path: Path, *, width: int = 1600, height: int = 900) -> None:
    """The CAAR chart of a study, PNG or SVG by the extension of ``path``."""
    res._native.plot("caar", os.fspath(path), None, width, height)


def plot_distribution(res: StudyResult, window: Optional[str] = None, path: Path = None, *,
                      width: int = 1600, height: int = 900) -> None:
    """The histogram of a study's CARs over ``window`` (default: its first window)."""
    if path is None:
        raise ValueError("plot_distribution: path is required")
    res._native.plot("distribution", os.fspath(path), window, width, height)


def plot_explain(res: StudyResult, window: Optional[str] = None, path: Path = None, *,
                 width: int = 1600, height: int = 900) -> None:
    """CAR against the regression's first numeric term (a study run with ``explain``)."""
    if path is None:
        raise ValueError("plot_explain: path is required")
    res._native.plot("explain", os.fspath(path), window, width, height)


def plot_event(prices: Frame, *, ticker: str, date: str, path: Path, market=None,
               price: str = "adjusted", non_trading: str = "next",
               chart_window: str = "-10:10", windows: Optional[Sequence[str]] = None,
               width: int = 1600, height: int = 900) -> None:
    """The price path of ``ticker`` around ``date``, with the market and the windows."""
    name, frame = _market(market)
    _native.plot_event((_prices_arg(prices, price), name, frame, price), ticker, date,
                       os.fspath(path), non_trading, chart_window,
                       list(windows) if windows is not None else None, width, height)


def plot_performance(prices: Frame, *, tickers: Iterable[str], path: Path,
                     start: Optional[int] = None, end: Optional[int] = None, market=None,
                     price: str = "adjusted", width: int = 1600, height: int = 900) -> None:
    """Calendar-year bars of ``tickers`` between ``start`` and ``end``, with the market."""
    name, frame = _market(market)
    _native.plot_performance((_prices_arg(prices, price), name, frame, price), list(tickers),
                             os.fspath(path), start, end, width, height)


def simulate(*, stocks: int = 50, years: int = 3, events: int = 100, effect: float = -0.01,
             seed: int = 42, start_year: int = 2019, effect_window: str = "0:0",
             noise_df: float = 4.0) -> Tuple[pl.DataFrame, pl.DataFrame]:
    """A simulated market (fictional tickers SIM0001.., the index SIMMKT) and events with
    an injected abnormal return, as ``layoff-study simulate`` makes them: (prices, events)."""
    prices, evs = _native.simulate(stocks=stocks, years=years, events=events, effect=effect,
                                   seed=seed, start_year=start_year,
                                   effect_window=effect_window, noise_df=noise_df)
    return _price_frame(prices), evs
