"""The GARCH(1,1) market model of `study --model garch` (METHODS.md §12) against the `arch`
package on real stocks.

For every event of a finished study folder (`cars.csv`, window 0:0) the estimation sample is
rebuilt here from the price files (returns on the market's calendar, relative days of the
estimation window where stock and market returns are both present), `arch` is fitted to it
as METHODS.md §12 says (returns scaled by 100), and:
- our log-likelihood, computed here by the definition at our parameters, is never below
  arch's by more than 1e-6 (arch's is mapped back to the unscaled returns: + L ln 100);
- where the two optimisers reach the same likelihood (within 1e-6), our parameters equal
  arch's within the tolerances below;
- every event our study excluded for a persistence alpha + beta at 1 has arch's persistence
  within 1e-4 of 1 (arch's optimiser stops on the bound from inside or outside) or a
  likelihood no higher than ours at the bound.

Usage: python tests/python/garch_arch.py   (LAYOFF_STUDY_BIN, LAYOFF_STUDY_DATA): the
layoffs.fyi events 2020-06..2023-12 with the Yahoo price folder and SPY, studied here.
       python tests/python/garch_arch.py STUDY_DIR EVENTS.csv PRICES_DIR MARKET.csv
"""

import math
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from arch import arch_model

# Our logL may fall below arch's by at most this.
LOGLIK_SLACK = 1e-6
# Parameters where both reach the same likelihood (relative to the parameter's scale).
PARAM_TOL = {"alpha": 1e-3, "beta": 2e-3, "omega_rel": 2e-3, "a": 1e-5, "b": 1e-3}
ESTIMATION = (-250, -11)


def price_column(df):
    cols = {c.lower().replace(" ", "_"): c for c in df.columns}
    for name in ("adj_close", "close"):
        if name in cols:
            return df[cols[name]].astype(float)
    raise SystemExit(f"no close column in {list(df.columns)}")


def read_prices(path):
    df = pd.read_csv(path)
    date_col = df.columns[0]
    dates = pd.to_datetime(df[date_col].astype(str).str[:10])
    s = pd.Series(price_column(df).values, index=dates).sort_index()
    return s[~s.index.duplicated(keep="last")]


def returns_on(calendar, prices):
    """R_d = P_d / P_prev - 1 with P_prev the security's previous row, on the calendar."""
    r = prices / prices.shift(1) - 1.0
    return r.reindex(calendar)


def loglik(y, x, a, b, w, al, be, bc):
    e = y - a - b * x
    h = np.empty_like(y)
    h[0] = w + (al + be) * bc
    for t in range(1, len(y)):
        h[t] = w + al * e[t - 1] ** 2 + be * h[t - 1]
    return -0.5 * np.sum(np.log(2 * np.pi) + np.log(h) + e**2 / h)


def backcast(u):
    tau = min(75, len(u))
    w = 0.94 ** np.arange(tau)
    return float(np.sum(w * u[:tau] ** 2) / np.sum(w))


def bound_max(y, x):
    """The highest log-likelihood on the bound alpha + beta = 1 (unscaled returns), by
    L-BFGS-B from several starts on the scaled returns."""
    from scipy.optimize import minimize

    ys, xs = 100 * y, 100 * x
    X = np.column_stack([np.ones_like(xs), xs])
    coef = np.linalg.lstsq(X, ys, rcond=None)[0]
    u = ys - X @ coef
    bc = backcast(u)
    v = float(np.mean(u**2))

    def f(p):
        return -loglik(ys, xs, p[0], p[1], p[2], p[3], 1.0 - p[3], bc)

    bounds = [(None, None), (None, None), (1e-12 * v, 10 * v), (0.0, 1.0)]
    best = min(
        (
            minimize(f, [coef[0], coef[1], w0 * v, a0], method="L-BFGS-B", bounds=bounds)
            for w0 in (1e-4, 1e-2, 0.1)
            for a0 in (0.0, 0.05, 0.2)
        ),
        key=lambda r: r.fun,
    )
    return -best.fun + len(y) * math.log(100)


def main():
    if len(sys.argv) == 5:
        check(*sys.argv[1:5])
        return
    binary, data = os.environ["LAYOFF_STUDY_BIN"], Path(os.environ["LAYOFF_STUDY_DATA"])
    prices = data / "prices_yahoo_adjclose_dieperdev_2024-03"
    market = data / "prices_lowercase_kronos_2026-04" / "SPY.csv"
    with tempfile.TemporaryDirectory() as tmp:
        events, study = Path(tmp) / "events.csv", Path(tmp) / "garch"
        subprocess.run([binary, "events", "-q", str(data / "layoffs_fyi_2026" / "layoffs.csv"),
                        "--sec", str(data / "ticker_mapping" / "sec_company_tickers.json"),
                        "--public-only", "--from", "2020-06-01", "--to", "2023-12-31",
                        "-o", str(events)], check=True)
        subprocess.run([binary, "study", "-q", "--prices", str(prices), "--market", str(market),
                        "--events", str(events), "--model", "garch", "--out", str(study)],
                       check=True, stdout=subprocess.DEVNULL)
        check(str(study), str(events), str(prices), str(market))


def check(study, events_path, prices_dir, market_path):
    market = read_prices(market_path)
    calendar = market.index
    rm_all = returns_on(calendar, market).values
    cars = pd.read_csv(f"{study}/cars.csv", dtype={"event_id": str})
    cars = cars[cars["window"] == "0:0"]
    excluded = pd.read_csv(f"{study}/excluded.csv", dtype={"event_id": str})
    events = pd.read_csv(events_path, dtype={"event_id": str}).set_index("event_id")
    cache = {}

    def sample(ticker, day0):
        if ticker not in cache:
            cache[ticker] = returns_on(calendar, read_prices(f"{prices_dir}/{ticker}.csv")).values
        r = cache[ticker]
        d0 = calendar.get_loc(pd.Timestamp(day0))
        idx = [d0 + k for k in range(ESTIMATION[0], ESTIMATION[1] + 1) if d0 + k >= 0]
        y, x = r[idx], rm_all[idx]
        ok = np.isfinite(y) & np.isfinite(x)
        return y[ok], x[ok]

    def fit_arch(y, x):
        m = arch_model(100 * y, x=100 * x[:, None], mean="LS", vol="GARCH", p=1, q=1, dist="normal")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = m.fit(disp="off")
        p = res.params.values
        # a, b, omega, alpha, beta mapped back to unscaled returns.
        return (p[0] / 100, p[1], p[2] / 1e4, p[3], p[4]), res.loglikelihood + len(y) * math.log(100)

    worst = -math.inf
    same = 0
    param_dev = {k: 0.0 for k in PARAM_TOL}
    for _, row in cars.iterrows():
        y, x = sample(row["ticker"], row["day0"])
        assert len(y) == row["L"], f"event {row['event_id']}: L {row['L']} but {len(y)} usable days here"
        beta_mkt = float(row["beta"])
        ours = (row["alpha"], beta_mkt, row["omega"], row["arch"], row["garch"])
        # The backcast from the OLS residuals, as the definition says.
        X = np.column_stack([np.ones_like(x), x])
        u = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
        bc = backcast(u)
        ll_ours = loglik(y, x, *ours, bc)
        theirs, ll_arch = fit_arch(y, x)
        gap = ll_arch - ll_ours
        worst = max(worst, gap)
        assert gap <= LOGLIK_SLACK, (
            f"event {row['event_id']} {row['ticker']}: our logL {ll_ours:.9f} is {gap:.3g} below arch's {ll_arch:.9f}"
        )
        if abs(gap) <= LOGLIK_SLACK:
            same += 1
            a, b, w, al, be = ours
            ta, tb, tw, tal, tbe = theirs
            dev = {
                "alpha": abs(al - tal),
                "beta": abs(be - tbe),
                # omega against the residuals' variance (omega itself is near 0 where the
                # variance is almost all carried over, beta near 1).
                "omega_rel": abs(w - tw) / float(np.mean(u**2)),
                "a": abs(a - ta),
                "b": abs(b - tb),
            }
            for k, v in dev.items():
                param_dev[k] = max(param_dev[k], v)
                assert v <= PARAM_TOL[k], f"event {row['event_id']} {row['ticker']}: {k} differs by {v:.3g}"
    bound = excluded[excluded["reason"].str.contains("alpha \\+ beta", regex=True)]
    at_bound = 0
    inside = 0
    for _, row in bound.iterrows():
        ev = events.loc[row["event_id"]]
        if isinstance(ev, pd.DataFrame):
            ev = ev.iloc[0]
        # Day 0 of these events is the reported date's trading day (next).
        d = pd.Timestamp(row["announce_date"])
        pos = calendar.searchsorted(d)
        y, x = sample(row["ticker"], calendar[pos])
        theirs, ll_arch = fit_arch(y, x)
        persistence = theirs[3] + theirs[4]
        if persistence < 1 - 1e-4:
            # arch stops inside: the likelihood on the bound alpha + beta = 1 must be at
            # least as high (the maximum is there, and the event has no stationary variance).
            ll_bound = bound_max(y, x)
            assert ll_bound >= ll_arch - LOGLIK_SLACK, (
                f"event {row['event_id']} {row['ticker']}: excluded at the bound, but arch's "
                f"interior logL {ll_arch:.6f} is above the bound's {ll_bound:.6f}"
            )
            inside += 1
        at_bound += 1
    print(
        f"{len(cars)} GARCH fits: arch logL minus ours at most {worst:.2e} (allowed {LOGLIK_SLACK}); "
        f"{same} reach arch's likelihood within {LOGLIK_SLACK}, largest parameter gaps there "
        + ", ".join(f"{k} {v:.2e}" for k, v in param_dev.items())
        + f"; {at_bound} events excluded at alpha + beta = 1 ({at_bound - inside} with arch at the bound too, "
        f"{inside} where arch stops inside at a lower likelihood than the bound's)"
    )


if __name__ == "__main__":
    main()
