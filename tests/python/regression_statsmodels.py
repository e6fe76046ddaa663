"""The cross-sectional regression of `study --explain` against statsmodels, on real
layoffs.fyi events (METHODS.md section 7): coefficients, standard errors, t, p, intervals,
R2, adjusted R2 and the joint F test, to 1e-8 relative, for HC1, classic and clustered
errors. The design (dummies against the most frequent level) is rebuilt here from the events
file and cars.csv, independently of the tool.

Usage: python tests/python/regression_statsmodels.py   (LAYOFF_STUDY_BIN, LAYOFF_STUDY_DATA)
"""
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import polars as pl
import statsmodels.api as sm

BIN = os.environ["LAYOFF_STUDY_BIN"]
DATA = Path(os.environ["LAYOFF_STUDY_DATA"])
TOL = 1e-8


def close(a, b, what):
    if math.isnan(a) and math.isnan(b):
        return
    if abs(a - b) > TOL * max(1.0, abs(b)):
        raise SystemExit(f"{what}: layoff-study {a!r} vs statsmodels {b!r}")


def design(rows):
    """const, pct_laid_off, log_laid_off, then year dummies against the most frequent year
    (ties: the alphabetically first), levels in alphabetical order."""
    years = [str(r["year"]) for r in rows]
    counts = {}
    for y in years:
        counts[y] = counts.get(y, 0) + 1
    base = sorted(counts, key=lambda y: (-counts[y], y))[0]
    levels = [y for y in sorted(counts) if y != base]
    names = ["const", "pct_laid_off", "log_laid_off"] + [f"year={y}" for y in levels]
    x = [[1.0, r["pct_laid_off"], math.log(r["laid_off"])] + [float(y == lvl) for lvl in levels]
         for r, y in zip(rows, years)]
    return names, np.array(x)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        check(Path(tmp))


def check(work):
    events = work / "events.csv"
    subprocess.run([BIN, "events", "-q", str(DATA / "layoffs_fyi_2026" / "layoffs.csv"),
                    "--sec", str(DATA / "ticker_mapping" / "sec_company_tickers.json"),
                    "--public-only", "--from", "2020-06-01", "--to", "2023-12-31",
                    "-o", str(events)], check=True)
    ev = pl.read_csv(events, infer_schema_length=0)
    checked = 0
    for se in ["hc1", "classic", "cluster:company"]:
        out = work / se.replace(":", "_")
        subprocess.run([BIN, "study", "-q", "--prices",
                        str(DATA / "prices_yahoo_adjclose_dieperdev_2024-03"),
                        "--market", str(DATA / "prices_lowercase_kronos_2026-04" / "SPY.csv"),
                        "--events", str(events), "--out", str(out),
                        "--explain", "pct_laid_off,log_laid_off,year", "--se", se],
                       check=True, stdout=subprocess.DEVNULL)
        cars = pl.read_csv(out / "cars.csv", infer_schema_length=0)
        coefs = pl.read_csv(out / "regression.csv", infer_schema_length=0)
        fits = pl.read_csv(out / "regression_fit.csv", infer_schema_length=0)
        info = {r["event_id"]: r for r in ev.iter_rows(named=True)}
        for window in cars["window"].unique(maintain_order=True):
            rows = []
            for r in cars.filter(pl.col("window") == window).iter_rows(named=True):
                e = info[r["event_id"]]
                if not e["pct_laid_off"] or not e["laid_off"] or float(e["laid_off"]) <= 0:
                    continue
                rows.append({"car": float(r["car"]), "pct_laid_off": float(e["pct_laid_off"]),
                             "laid_off": float(e["laid_off"]), "year": e["announce_date"][:4],
                             "company": e["company"].lower()})
            names, x = design(rows)
            y = np.array([r["car"] for r in rows])
            model = sm.OLS(y, x)
            if se == "hc1":
                res = model.fit(cov_type="HC1", use_t=True)
            elif se == "classic":
                res = model.fit(use_t=True)
            else:
                groups = np.unique([r["company"] for r in rows], return_inverse=True)[1]
                res = model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
            ci = res.conf_int(0.05)
            mine = coefs.filter(pl.col("window") == window)
            if mine["term"].to_list() != names:
                raise SystemExit(f"{se} {window}: terms {mine['term'].to_list()} vs {names}")
            for j, r in enumerate(mine.iter_rows(named=True)):
                for col, ref in [("coef", res.params[j]), ("se", res.bse[j]),
                                 ("t", res.tvalues[j]), ("p", res.pvalues[j]),
                                 ("ci_low", ci[j][0]), ("ci_high", ci[j][1])]:
                    close(float(r[col]), float(ref), f"{se} {window} {r['term']} {col}")
                    checked += 1
            f = fits.filter(pl.col("window") == window).row(0, named=True)
            ft = res.f_test(np.eye(len(names))[1:])
            for col, ref in [("r2", res.rsquared), ("adj_r2", res.rsquared_adj),
                             ("f", float(np.squeeze(ft.fvalue))), ("p_f", float(ft.pvalue))]:
                close(float(f[col]), float(ref), f"{se} {window} {col}")
                checked += 1
            if int(f["n"]) != len(rows):
                raise SystemExit(f"{se} {window}: n {f['n']} vs {len(rows)}")
    print(f"regression vs statsmodels: {checked} numbers agree to {TOL:g} relative")
    redone = check_from_the_data_file(work, events)
    print(f"regression redone from regression_data.csv alone: {redone} numbers agree")
    print("2 passed, 0 failed")


def check_from_the_data_file(work, events):
    """regression_data.csv holds every term, categorical ones as their levels: the
    clustered regression on pct_laid_off and industry is redone from that file alone
    (dummies against the most frequent level), and where the tool says the joint F is
    not defined the slopes' covariance is indeed of lower rank."""
    out = work / "industry"
    subprocess.run([BIN, "study", "-q", "--prices",
                    str(DATA / "prices_yahoo_adjclose_dieperdev_2024-03"),
                    "--market", str(DATA / "prices_lowercase_kronos_2026-04" / "SPY.csv"),
                    "--events", str(events), "--out", str(out),
                    "--explain", "pct_laid_off,industry", "--se", "cluster:company"],
                   check=True, stdout=subprocess.DEVNULL)
    data = pl.read_csv(out / "regression_data.csv", infer_schema_length=0)
    coefs = pl.read_csv(out / "regression.csv", infer_schema_length=0)
    fits = pl.read_csv(out / "regression_fit.csv", infer_schema_length=0)
    notes = (out / "study.txt").read_text(encoding="utf-8")
    if "industry" not in data.columns:
        raise SystemExit(f"regression_data.csv lacks industry: {data.columns}")
    checked = 0
    for window in data["window"].unique(maintain_order=True):
        rows = data.filter(pl.col("window") == window)
        ind = rows["industry"].to_list()
        counts = {}
        for v in ind:
            counts[v] = counts.get(v, 0) + 1
        base = sorted(counts, key=lambda v: (-counts[v], v))[0]
        levels = [v for v in sorted(counts) if v != base]
        names = ["const", "pct_laid_off"] + [f"industry={v}" for v in levels]
        x = np.array([[1.0, float(p)] + [float(v == lvl) for lvl in levels]
                      for p, v in zip(rows["pct_laid_off"], ind)])
        y = rows["car"].cast(pl.Float64).to_numpy()
        groups = np.unique([c.lower() for c in rows["company"]], return_inverse=True)[1]
        res = sm.OLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
        mine = coefs.filter(pl.col("window") == window)
        kept = mine["term"].to_list()
        keep = [names.index(t) for t in kept]
        if len(keep) != len(names):
            # Terms the tool removed as collinear: refit without them.
            res = sm.OLS(y, x[:, keep]).fit(cov_type="cluster", cov_kwds={"groups": groups},
                                            use_t=True)
        for j, r in enumerate(mine.iter_rows(named=True)):
            close(float(r["coef"]), float(res.params[j]), f"data file {window} {r['term']} coef")
            close(float(r["se"]), float(res.bse[j]), f"data file {window} {r['term']} se")
            checked += 2
        f = fits.filter(pl.col("window") == window).row(0, named=True)
        cov = np.asarray(res.cov_params())[1:, 1:]
        rank = np.linalg.matrix_rank(cov)
        if f["f"] in (None, ""):
            if rank >= cov.shape[0]:
                raise SystemExit(f"{window}: no joint F, yet the covariance has full rank {rank}")
            if f"window {window}: the joint F test is not defined" not in notes:
                raise SystemExit(f"{window}: study.txt does not say why the joint F is missing")
            checked += 1
    return checked


if __name__ == "__main__":
    sys.exit(main())
