"""The Python package against the command line: the same inputs give the same numbers to
the last bit and the same columns, in the same order, as the CSV files; errors arrive as
exceptions; the work runs with the GIL released and Ctrl-C interrupts it.

Run: pytest tests/python/test_package.py   (LAYOFF_STUDY_BIN: the binary; optional
LAYOFF_STUDY_DATA: the shared real data, for the tests on real layoffs.fyi events)
"""
import os
import signal
import struct
import subprocess
import threading
import time
from pathlib import Path

import polars as pl
import pytest

import layoff_study as ls

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("LAYOFF_STUDY_BIN", str(ROOT / "target" / "release" / "layoff-study"))
DATA = os.environ.get("LAYOFF_STUDY_DATA", str(ROOT.parent / "shared" / "data"))
SAMPLE = ROOT / "data" / "sample"


def cli(*args):
    subprocess.run([BIN, *map(str, args)], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def bits(v):
    """A value as the CSV and the frame can both hold it: None, an exact float, or text."""
    if v is None:
        return None
    if isinstance(v, float):
        return struct.pack("<d", v)
    if isinstance(v, int):
        return struct.pack("<d", float(v))
    return str(v)


def same_table(frame: pl.DataFrame, csv_path: Path):
    """Column names and order, row count, and every value to the bit, against a CSV file."""
    ref = pl.read_csv(csv_path, try_parse_dates=True, infer_schema_length=None)
    assert frame.columns == ref.columns, f"{csv_path.name}: columns"
    assert frame.height == ref.height, f"{csv_path.name}: rows"
    for name in frame.columns:
        mine, theirs = frame[name], ref[name]
        # CSV has no types: a float column holding whole numbers reads back as integers,
        # text ids that are numbers ("1", "2") as integers, a column with no value as text.
        if mine.dtype != theirs.dtype and theirs.null_count() < len(theirs):
            assert (mine.dtype, theirs.dtype) in [(pl.Float64, pl.Int64),
                                                  (pl.String, pl.Int64)], \
                f"{csv_path.name}.{name}: {mine.dtype} vs {theirs.dtype} in the CSV"
            if mine.dtype == pl.String:
                theirs = theirs.cast(pl.String)
        a = [bits(v) for v in mine.to_list()]
        b = [bits(v) for v in theirs.to_list()]
        assert a == b, f"{csv_path.name}.{name}: values differ"


def real_events(tmp_path):
    """The layoffs.fyi events 2020-06..2023-12 mapped to tickers by the command line, the
    Yahoo price folder and SPY of the shared real data."""
    data = Path(DATA)
    events_csv = tmp_path / "events.csv"
    cli("events", "-q", data / "layoffs_fyi_2026" / "layoffs.csv",
        "--sec", data / "ticker_mapping" / "sec_company_tickers.json",
        "--public-only", "--from", "2020-06-01", "--to", "2023-12-31", "-o", events_csv)
    return (events_csv, data / "prices_yahoo_adjclose_dieperdev_2024-03",
            data / "prices_lowercase_kronos_2026-04" / "SPY.csv")


@pytest.fixture(scope="module")
def sample_cli(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "study"
    cli("study", "-q", "--prices", SAMPLE / "prices.parquet", "--market", "SIMMKT",
        "--events", SAMPLE / "events.csv", "--out", out,
        "--explain", "pct_laid_off,log_laid_off,year", "--se", "cluster:company")
    return out


@pytest.fixture(scope="module")
def sample_py():
    prices = ls.read_prices(SAMPLE / "prices.parquet")
    events = ls.read_events(SAMPLE / "events.csv")
    res = ls.study(events, prices, market="SIMMKT",
                   explain=["pct_laid_off", "log_laid_off", "year"], se="cluster:company")
    return prices, events, res


def test_prices_frame_layout(sample_py):
    prices, _, _ = sample_py
    assert prices.schema == pl.Schema({"ticker": pl.String, "date": pl.Date,
                                       "close": pl.Float64, "adj_close": pl.Float64,
                                       "volume": pl.Float64})
    # The simulated sample has no volumes.
    assert prices["volume"].null_count() == prices.height
    assert prices["ticker"].n_unique() == 41


@pytest.mark.parametrize("table", ["cars", "summary", "caar", "excluded", "regression",
                                   "regression_fit", "abnormal_returns"])
def test_study_equals_the_command_line_on_the_sample(sample_cli, sample_py, table):
    _, _, res = sample_py
    same_table(getattr(res, table), sample_cli / f"{table}.csv")


def test_notes_and_write_give_the_same_files(sample_cli, sample_py, tmp_path):
    _, _, res = sample_py
    assert res.notes == [l for l in (sample_cli / "study.txt").read_text().splitlines()
                         if l in res.notes]
    res.write(tmp_path / "py")
    for name in ["cars.csv", "summary.csv", "caar.csv", "abnormal_returns.csv",
                 "regression.csv", "regression_fit.csv", "study.txt"]:
        assert (tmp_path / "py" / name).read_bytes() == (sample_cli / name).read_bytes(), name
    assert (tmp_path / "py" / "caar.png").stat().st_size > 10_000


def test_returns_and_performance_equal_the_command_line(tmp_path):
    prices = ls.read_prices(SAMPLE / "prices.parquet")
    events = ls.read_events(SAMPLE / "events.csv")
    cli("returns", "-q", "--prices", SAMPLE / "prices.parquet", "--market", "SIMMKT",
        "--events", SAMPLE / "events.csv", "-o", tmp_path / "returns.csv")
    same_table(ls.returns(events, prices, market="SIMMKT"), tmp_path / "returns.csv")
    cli("returns", "-q", "--prices", SAMPLE / "prices.parquet", "--market", "SIMMKT",
        "--ticker", "SIM0001", "--date", "2023-05-26", "-o", tmp_path / "one.csv")
    same_table(ls.returns(prices=prices, ticker="SIM0001", date="2023-05-26",
                          market="SIMMKT"), tmp_path / "one.csv")
    cli("performance", "-q", "--prices", SAMPLE / "prices.parquet", "--market", "SIMMKT",
        "--tickers", "SIM0001", "--tickers", "SIM0002", "--year", "2023",
        "-o", tmp_path / "perf.csv")
    same_table(ls.performance(prices, tickers=["SIM0001", "SIM0002"], year=2023,
                              market="SIMMKT"), tmp_path / "perf.csv")


def test_pandas_frames_give_the_same_numbers(sample_py):
    prices, events, res = sample_py
    again = ls.study(events.to_pandas(), prices.to_pandas(), market="SIMMKT",
                     explain="pct_laid_off,log_laid_off,year", se="cluster:company")
    assert again.cars.equals(res.cars)
    assert again.summary.equals(res.summary)


def test_simulate_equals_the_command_line(tmp_path):
    cli("simulate", "-q", "--out", tmp_path / "sim", "--stocks", 12, "--years", 2,
        "--events", 10, "--seed", 7)
    prices, events = ls.simulate(stocks=12, years=2, events=10, seed=7)
    on_disk = ls.read_prices(tmp_path / "sim" / "prices")
    # The files hold the close twice (close and adj_close); the frame holds it once.
    key = ["ticker", "date"]
    assert prices.select(*key, "close").sort(key).equals(
        on_disk.select(*key, "close").sort(key))
    assert on_disk["adj_close"].equals(on_disk["close"], check_names=False)
    same_table(events, tmp_path / "sim" / "events.csv")


def test_plots_are_drawn(sample_py, tmp_path):
    prices, _, res = sample_py
    ls.plot_caar(res, tmp_path / "caar.png")
    ls.plot_distribution(res, "-1:1", tmp_path / "dist.svg")
    ls.plot_event(prices, ticker="SIM0032", date="2023-06-05", market="SIMMKT",
                  path=tmp_path / "event.png", width=800, height=450)
    ls.plot_performance(prices, tickers=["SIM0001"], start=2022, end=2023,
                        market="SIMMKT", path=tmp_path / "years.png")
    for f in ["caar.png", "event.png", "years.png"]:
        assert (tmp_path / f).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f
    assert b"<svg" in (tmp_path / "dist.svg").read_bytes()


def test_bad_data_is_a_data_error_naming_file_line_and_column(tmp_path):
    bad = tmp_path / "AMZN.csv"
    bad.write_text("Date,Open,High,Low,Close,Adj Close,Volume\n"
                   "2024-01-09,1,1,1,151.37,151.37,10\n"
                   "2024-01-10,1,1,1,oops,153.73,10\n")
    with pytest.raises(ls.DataError) as e:
        ls.read_prices(bad, price="close")
    msg = str(e.value)
    assert "AMZN.csv" in msg and "line 3" in msg and "Close" in msg, msg
    assert isinstance(e.value, ValueError)
    frame = pl.DataFrame({"ticker": ["A", "A"], "date": ["2024-01-02", "2024-01-02"],
                          "close": [1.0, 2.0]})
    with pytest.raises(ls.DataError, match="row 2"):
        ls.performance(frame)


def test_usage_mistakes_are_value_errors():
    prices, events = ls.simulate(stocks=3, years=1, events=2, seed=3)
    with pytest.raises(ValueError, match="model"):
        ls.study(events, prices, model="capm")
    with pytest.raises(ValueError, match="ticker"):
        ls.study(events.drop("ticker"), prices)
    with pytest.raises(ValueError, match="window"):
        ls.study(events, prices, windows=["5:1"])
    with pytest.raises(OSError):
        ls.read_events("/nonexistent/layoffs.csv")


def test_a_panic_never_reaches_python():
    with pytest.raises(RuntimeError, match="internal error"):
        ls._native._panic()


def test_the_gil_is_released_during_the_work():
    ticks = []
    worker = threading.Thread(target=ls._native._sleep, args=(0.5,))
    start = time.monotonic()
    worker.start()
    while worker.is_alive():
        ticks.append(time.monotonic())
        time.sleep(0.01)
    worker.join()
    assert time.monotonic() - start >= 0.5
    assert len(ticks) > 20, "the main thread ran while the engine worked"


def test_ctrl_c_interrupts_a_long_call():
    # Python raises KeyboardInterrupt only when SIGINT has its handler; a shell that
    # starts the tests in the background (`... &`) hands them SIGINT ignored.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
        start = time.monotonic()
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            ls._native._sleep(30)
        assert time.monotonic() - start < 2.0
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.skipif(not Path(DATA).is_dir(), reason="the shared real data is not here")
def test_real_layoffs_equal_the_command_line(tmp_path):
    data = Path(DATA)
    events_csv, prices_dir, spy = real_events(tmp_path)
    out = tmp_path / "cli"
    cli("study", "-q", "--prices", prices_dir, "--market", spy, "--events", events_csv,
        "--out", out, "--explain", "pct_laid_off,log_laid_off,year", "--se", "cluster:company")
    prices = ls.read_prices(prices_dir)
    events = ls.read_events(events_csv)
    res = ls.study(events, prices, market=str(spy),
                   explain="pct_laid_off,log_laid_off,year", se="cluster:company")
    for table in ["cars", "summary", "caar", "excluded", "regression", "regression_fit",
                  "abnormal_returns"]:
        same_table(getattr(res, table), out / f"{table}.csv")
    # A frame that did not come from read_prices (a copy) is read as a frame: same numbers.
    again = ls.study(events, prices.clone(), market=str(spy),
                     explain="pct_laid_off,log_laid_off,year", se="cluster:company")
    assert again.cars.equals(res.cars) and again.regression.equals(res.regression)


@pytest.mark.skipif(not Path(DATA).is_dir(), reason="the shared real data is not here")
def test_volume_volatility_and_garch_equal_the_command_line(tmp_path):
    data = Path(DATA)
    events_csv, prices_dir, spy = real_events(tmp_path)
    out = tmp_path / "cli"
    cli("study", "-q", "--prices", prices_dir, "--market", spy, "--events", events_csv,
        "--out", out, "--measure", "volume", "--measure", "volatility")
    garch = tmp_path / "garch"
    cli("study", "-q", "--prices", prices_dir, "--market", spy, "--events", events_csv,
        "--out", garch, "--model", "garch")
    prices = ls.read_prices(prices_dir)
    # Volumes come through the frame (the Yahoo files have them).
    assert prices["volume"].null_count() < prices.height
    events = ls.read_events(events_csv)
    daily = {"volume": "abnormal_volume", "volatility": "abnormal_volatility"}
    for measure in ["volume", "volatility"]:
        res = ls.study(events, prices, market=str(spy), measure=measure)
        assert res.measure == measure
        for table in ["cars", "summary", "caar", "excluded"]:
            same_table(getattr(res, table), out / measure / f"{table}.csv")
        same_table(res.abnormal_returns, out / measure / f"{daily[measure]}.csv")
        # A frame that did not come from read_prices carries its volumes too.
        again = ls.study(events, prices.clone(), market=str(spy), measure=measure)
        assert again.cars.equals(res.cars)
    res = ls.study(events, prices, market=str(spy), model="garch")
    for table in ["cars", "summary", "caar", "excluded", "abnormal_returns"]:
        same_table(getattr(res, table), garch / f"{table}.csv")
    assert {"omega", "arch", "garch"} <= set(res.cars.columns)
    with pytest.raises(ValueError, match="measure"):
        ls.study(events, prices, market=str(spy), measure="turnover")
    with pytest.raises(ValueError, match="mean-adjusted or market"):
        ls.study(events, prices, market=str(spy), measure="volume", model="ff3")


@pytest.mark.skipif(not Path(DATA).is_dir(), reason="the shared real data is not here")
def test_rivals_equal_the_command_line(tmp_path):
    data = Path(DATA)
    events_csv, prices_dir, spy = real_events(tmp_path)
    peers = data / "ticker_mapping" / "sp500_constituents.csv"
    out = tmp_path / "cli"
    cli("study", "-q", "--prices", prices_dir, "--market", spy, "--events", events_csv,
        "--out", out, "--rivals", "gics", "--peer-list", peers, "--group-by", "announcer_sign")
    prices = ls.read_prices(prices_dir)
    events = ls.read_events(events_csv)
    res = ls.study(events, prices, market=str(spy), rivals="gics", peer_list=peers,
                   group_by="announcer_sign")
    for table in ["rivals", "rival_cars", "rival_summary", "cars", "summary", "excluded"]:
        same_table(getattr(res, table), out / f"{table}.csv")
    assert set(res.rival_summary["group"]) == {"all", "negative", "positive"}
    assert ls.study(events, prices, market=str(spy)).rivals is None
    with pytest.raises(ValueError, match="announcer_sign"):
        ls.study(events, prices, market=str(spy), group_by="announcer_sign")
    with pytest.raises(ValueError, match="peer list"):
        ls.study(events, prices, market=str(spy), rivals="gics")


def test_progress_is_said_only_when_asked(capsys):
    prices, events = ls.simulate(stocks=5, years=2, events=4, seed=5)
    ls.study(events, prices, market="SIMMKT", min_estimation=50)
    assert capsys.readouterr().err == ""
    ls.study(events, prices, market="SIMMKT", min_estimation=50, progress=True)
    err = capsys.readouterr().err
    assert "studying 4 events" in err and "events studied" in err


def test_pandas_frames_without_pyarrow(sample_py, monkeypatch):
    """pandas frames are converted column by column when pyarrow is missing."""
    prices, events, res = sample_py

    def no_pyarrow(*_a, **_k):
        raise ImportError("pyarrow is required")

    monkeypatch.setattr(pl, "from_pandas", no_pyarrow)
    again = ls.study(events.to_pandas(), prices.to_pandas(), market="SIMMKT",
                     explain="pct_laid_off,log_laid_off,year", se="cluster:company")
    assert again.cars.equals(res.cars)


@pytest.mark.skipif(not Path(DATA).is_dir(), reason="the shared real data is not here")
def test_event_time_equals_the_command_line(tmp_path):
    """The layoff filings (the SEC's real submissions files of the shared data), day 0 from
    the filing and the earnings dates of 515 tickers as confounders: the same tables."""
    data = Path(DATA)
    events_csv = tmp_path / "events.csv"
    cli("events", "-q", data / "layoffs_fyi_2026" / "layoffs.csv",
        "--sec", data / "ticker_mapping" / "sec_company_tickers.json",
        "--public-only", "--from", "2020-06-01", "--to", "2023-12-31", "-o", events_csv)
    prices_dir = data / "prices_close_only_dsturdy_2026-08"
    subs = data / "sec_edgar_submissions_edgartools"
    item202 = data / "earnings_dates_mixed" / "edgar_item202_albertperez7" / "merged_earnings.csv"
    out = tmp_path / "cli"
    cli("study", "-q", "--prices", prices_dir, "--market", "SPY", "--events", events_csv,
        "--out", out, "--sec-filings", subs, "--confounders", "sec", "--confounders", item202,
        "--filing-items", "2.05,7.01,8.01", "--day0", "filing", "--group-by", "confounded")
    res = ls.study(ls.read_events(events_csv), ls.read_prices(prices_dir), market="SPY",
                   sec_filings=subs, confounders=["sec", item202],
                   filing_items="2.05,7.01,8.01", day0="filing", group_by="confounded")
    for table in ["cars", "summary", "caar", "excluded"]:
        same_table(getattr(res, table), out / f"{table}.csv")
    assert set(res.summary["group"]) == {"all", "clean", "confounded"}
    assert res.cars.filter(pl.col("confounders") != "").height > 0
    with pytest.raises(ValueError, match="day0"):
        ls.study(ls.read_events(events_csv), ls.read_prices(prices_dir), market="SPY",
                 day0="filing")


@pytest.mark.skipif(not Path(DATA).is_dir(), reason="the shared real data is not here")
def test_event_time_columns_of_a_frame_equal_the_command_line(tmp_path):
    """An events frame carries its own event time, as an events file does: the layoff
    filings that `events --sec-filings` wrote (read back by read_events) and an
    announce_time column added in Python (after the close for every fifth event) give
    the command line's day 0 for the same file, with no SEC files passed to the study."""
    data = Path(DATA)
    events_csv = tmp_path / "events.csv"
    cli("events", "-q", data / "layoffs_fyi_2026" / "layoffs.csv",
        "--sec", data / "ticker_mapping" / "sec_company_tickers.json",
        "--sec-filings", data / "sec_edgar_submissions_edgartools",
        "--filing-items", "2.05,7.01,8.01",
        "--public-only", "--from", "2020-06-01", "--to", "2023-12-31", "-o", events_csv)
    events = ls.read_events(events_csv)
    assert events.filter(pl.col("filing_accession") != "").height >= 2
    events = events.with_columns(
        pl.when(pl.int_range(pl.len()) % 5 == 0).then(pl.lit("16:30"))
        .otherwise(pl.lit("")).alias("announce_time"))
    timed_csv = tmp_path / "timed.csv"
    events.write_csv(timed_csv)
    prices_dir = data / "prices_close_only_dsturdy_2026-08"
    out = tmp_path / "cli"
    cli("study", "-q", "--prices", prices_dir, "--market", "SPY", "--events", timed_csv,
        "--out", out, "--day0", "filing")
    res = ls.study(events, ls.read_prices(prices_dir), market="SPY", day0="filing")
    for table in ["cars", "summary", "caar", "excluded"]:
        same_table(getattr(res, table), out / f"{table}.csv")
    sources = set(res.cars["day0_source"])
    assert sources == {"reported", "filing"}, sources
    # After the close: day 0 is the next trading day (the events' dates are weekdays).
    moved = res.cars.join(events.select("event_id", "announce_time"), on="event_id")
    late = moved.filter((pl.col("announce_time") == "16:30")
                        & (pl.col("day0_source") == "reported"))
    assert late.height > 50
    assert (late["day0"] > late["announce_date"]).all()
    bad = events.with_columns(pl.lit("5pm").alias("announce_time"))
    with pytest.raises(ValueError, match="announce_time"):
        ls.study(bad, ls.read_prices(prices_dir), market="SPY")


@pytest.mark.skipif(not Path(DATA).is_dir(), reason="the shared real data is not here")
def test_former_names_and_exchange_equal_the_command_line(tmp_path):
    """sec_names= finds renamed companies by the names in real SEC submissions files
    (Apple Computer, Tesla Motors), as --sec-names does, and the frame has the exchange of
    each match; sec_names= without sec= is a usage error. The built-in aliases, which know
    Tesla Motors too, are off so that the former names are what is tested."""
    data = Path(DATA)
    warn = tmp_path / "warn.csv"
    warn.write_text('company,notice_date,jobs\n"Apple Computer, Inc.",2005-01-10,50\n'
                    '"Tesla Motors, Inc.",2016-01-10,60\nTiny Cafe,2016-01-11,12\n')
    lists = [data / "ticker_mapping" / "sec_company_tickers.json",
             data / "ticker_mapping" / "sec_company_tickers_exchange.json"]
    subs = [data / "sec_edgar_submissions_edgartools" / f
            for f in ["CIK0000320193.json", "CIK0001318605.json"]]
    out = tmp_path / "events.csv"
    args = ["events", "-q", warn, "-o", out, "--no-aliases"]
    for p in lists:
        args += ["--sec", p]
    for p in subs:
        args += ["--sec-names", p]
    cli(*args)
    frame = ls.read_events(warn, sec=lists, sec_names=subs, aliases=False)
    same_table(frame, out)
    assert frame["ticker"].to_list() == ["AAPL", "TSLA", None]
    assert frame["matched_by"].to_list()[:2] == ["former-name", "former-name"]
    assert frame["exchange"].to_list() == ["Nasdaq", "Nasdaq", None]
    with pytest.raises(ValueError, match="sec="):
        ls.read_events(warn, sec_names=subs)
