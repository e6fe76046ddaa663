"""The Python package against the command line on the same files, in a running Python (as
in a notebook: `import layoff_study` done once). Per run: `layoff-study study --out` as a
process; `read_prices` + `read_events` + `study` in memory; the same + `write` (the same
files as the command line); and `study` on a prices frame that did not come from
`read_prices` (read as a frame). Prints medians of RUNS runs (default 9).

Usage: python bench/python.py PRICES MARKET EVENTS   (LAYOFF_STUDY_BIN; RUNS)
Example (real data):
  layoff-study events ../shared/data/layoffs_fyi_2026/layoffs.csv \\
      --sec ../shared/data/ticker_mapping/sec_company_tickers.json --public-only \\
      --from 2020-06-01 --to 2023-12-31 -o /tmp/events.csv
  python bench/python.py ../shared/data/prices_yahoo_adjclose_dieperdev_2024-03 \\
      ../shared/data/prices_lowercase_kronos_2026-04/SPY.csv /tmp/events.csv
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

import layoff_study as ls

BIN = os.environ.get("LAYOFF_STUDY_BIN", "target/release/layoff-study")
RUNS = int(os.environ.get("RUNS", "9"))


def main():
    prices_path, market, events_path = sys.argv[1:4]
    cli, mem, files, frame = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(RUNS):
            t = time.perf_counter()
            subprocess.run([BIN, "study", "-q", "--prices", prices_path, "--market", market,
                            "--events", events_path, "--out", f"{tmp}/cli"],
                           check=True, stdout=subprocess.DEVNULL)
            cli.append(time.perf_counter() - t)
            t = time.perf_counter()
            prices = ls.read_prices(prices_path)
            events = ls.read_events(events_path)
            res = ls.study(events, prices, market=market)
            mem.append(time.perf_counter() - t)
            res.write(f"{tmp}/py")
            files.append(time.perf_counter() - t)
            copy = prices.clone()
            t = time.perf_counter()
            ls.study(events, copy, market=market)
            frame.append(time.perf_counter() - t)
    base = statistics.median(cli)
    for name, times in [("cli study --out (a process)", cli),
                        ("python read + study", mem),
                        ("python read + study + write", files),
                        ("python study, prices as a frame", frame)]:
        m = statistics.median(times)
        print(f"{name:34s} {m * 1000:7.1f} ms  {m / base:5.2f}x the command line")


if __name__ == "__main__":
    main()
