"""The peer side of bench/real.sh: the same event study with the Python package
`eventstudy` (PyPI), starting from the same raw CSV files: the canonical events file and
the per-ticker Yahoo price files, with SPY from a separate file.

Usage: python peer_eventstudy.py EVENTS.csv PRICES_DIR SPY.csv WORKDIR
"""
import sys
import time

import numpy as np
import pandas as pd
import eventstudy as es

t0 = time.perf_counter()
events_path, prices_dir, spy_path, work = sys.argv[1:5]
events = pd.read_csv(events_path)
events = events[events["ticker"].notna()]
tickers = sorted(set(events["ticker"]))

# Prices: Adj Close of each ticker, SPY close; the market's dates are the calendar.
spy = pd.read_csv(spy_path, usecols=["timestamps", "close"])
spy["date"] = pd.to_datetime(spy["timestamps"]).dt.normalize()
panel = spy.set_index("date")[["close"]].rename(columns={"close": "SPY"})
cols = {}
for t in tickers:
    df = pd.read_csv(f"{prices_dir}/{t}.csv", usecols=["Date", "Adj Close"], parse_dates=["Date"])
    cols[t] = df.set_index("Date")["Adj Close"]
prices = panel.join(pd.DataFrame(cols), how="left")
returns = prices.pct_change()
returns = returns.iloc[1:]
returns.index.name = "date"
returns.reset_index().to_csv(f"{work}/returns.csv", index=False, date_format="%Y-%m-%d")
es.Single.import_returns(f"{work}/returns.csv")

# Day 0: the announcement date or the next trading date.
cal = returns.index.values
dates = pd.to_datetime(events["announce_date"]).values
idx = np.searchsorted(cal, dates)
ok = idx < len(cal)
ev = pd.DataFrame(
    {
        "security_ticker": events["ticker"].values[ok],
        "market_ticker": "SPY",
        "event_date": pd.to_datetime(cal[idx[ok]]).strftime("%Y%m%d"),
    }
)
ev.to_csv(f"{work}/peer_events.csv", index=False)

results = {}
for window, buffer in [((0, 0), 10), ((-1, 1), 9), ((-5, 5), 5)]:
    agg = es.Multiple.from_csv(
        f"{work}/peer_events.csv",
        es.Single.market_model,
        event_window=window,
        estimation_size=240,
        buffer_size=buffer,
        date_format="%Y%m%d",
    )
    results[window] = (len(agg.sample), float(agg.CAAR[-1]))
elapsed = time.perf_counter() - t0
for w, (n, caar) in results.items():
    print(f"eventstudy window {w}: N = {n}, CAAR = {caar:+.5f}")
print(f"eventstudy total {elapsed:.3f} s", file=sys.stderr)
