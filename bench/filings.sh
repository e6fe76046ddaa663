#!/usr/bin/env bash
# Event time on the real layoffs.fyi events 2020-06..2023-12 (Post-IPO, matched with the
# SEC list, with a price file): how many events have a layoff filing, move day 0 and are
# confounded, with the SEC submissions files of the shared data (`--sec-filings DIR`) and
# the Item 2.02 earnings dates of 515 tickers as a confounders file; and the time the
# filings step adds to the study (hyperfine medians, the filings read from a folder, as
# from a warm cache).
# Usage: bench/filings.sh [DATA_DIR]   (default ../shared/data; needs hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/layoff-study-target}"
BIN=${BIN:-$CARGO_TARGET_DIR/release/layoff-study}
DATA=${1:-${LAYOFF_STUDY_DATA:-../shared/data}}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PRICES=$DATA/prices_close_only_dsturdy_2026-08
SEC=$DATA/ticker_mapping/sec_company_tickers.json
SUBS=$DATA/sec_edgar_submissions_edgartools
ITEM202=$DATA/earnings_dates_mixed/edgar_item202_albertperez7/merged_earnings.csv

"$BIN" events -q "$DATA/layoffs_fyi_2026/layoffs.csv" --sec "$SEC" --public-only \
    --from 2020-06-01 --to 2023-12-31 -o "$WORK/events.csv"
COMMON=(study -q --prices "$PRICES" --market SPY --events "$WORK/events.csv" --window 0:0 --window -1:1)
"$BIN" "${COMMON[@]}" --out "$WORK/plain" > /dev/null
"$BIN" "${COMMON[@]}" --sec-filings "$SUBS" --confounders sec --confounders "$ITEM202" \
    --filing-items 2.05,7.01,8.01 --day0 filing --group-by confounded --out "$WORK/timed" > "$WORK/summary.csv"
echo "== plain study: $(grep -c . "$WORK/plain/cars.csv") cars.csv lines"
echo "== with filings and confounders (study.txt):"
grep -E '^(events studied|event time|confounders)' "$WORK/timed/study.txt"
echo "== summary by confounded:"
cut -d, -f1-5 "$WORK/summary.csv"
hyperfine -N -w 5 -r 60 --export-json "$WORK/hf.json" \
    "$BIN ${COMMON[*]} --out $WORK/a" \
    "$BIN ${COMMON[*]} --sec-filings $SUBS --confounders sec --confounders $ITEM202 --out $WORK/b"
python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"]
a, b = r[0]["median"], r[1]["median"]
print("median plain %.1f ms, with filings %.1f ms: +%.1f %%" % (a * 1e3, b * 1e3, (b / a - 1) * 100))
a, b = min(r[0]["times"]), min(r[1]["times"])
print("fastest plain %.1f ms, with filings %.1f ms: +%.1f %%" % (a * 1e3, b * 1e3, (b / a - 1) * 100))' "$WORK/hf.json"
