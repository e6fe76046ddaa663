#!/usr/bin/env bash
# Writes the outputs of the demo and of the real-data study of bench/real.sh into DIR, so
# that two builds can be compared byte for byte: bench/snapshot.sh before/ (one build),
# bench/snapshot.sh after/ (another), then diff -r before after.
# Usage: bench/snapshot.sh DIR [DATA_DIR]
# SNAPSHOT_BIN=path runs another build; SNAPSHOT_EVENTS=file studies that events file
# instead of mapping the layoffs list again (to compare two builds on the same events).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
BIN=${SNAPSHOT_BIN:-$BIN}
OUT=${1:?usage: bench/snapshot.sh DIR [DATA_DIR]}
DATA=${2:-${LAYOFF_STUDY_DATA:-../shared/data}}
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
"$BIN" demo -q --out "$OUT/demo"
YAHOO=$DATA/prices_yahoo_adjclose_dieperdev_2024-03
SPY=$DATA/prices_lowercase_kronos_2026-04/SPY.csv
SEC=$DATA/ticker_mapping/sec_company_tickers.json
if [ -n "${SNAPSHOT_EVENTS:-}" ]; then
    cp "$SNAPSHOT_EVENTS" "$OUT/mapped.csv"
else
    "$BIN" events -q "$DATA/layoffs_fyi_2026/layoffs.csv" --sec "$SEC" --public-only \
        --from 2020-06-01 --to 2023-12-31 -o "$OUT/mapped.csv"
fi
"$BIN" study -q --prices "$YAHOO" --market "$SPY" --events "$OUT/mapped.csv" \
    --out "$OUT/study" > "$OUT/study_summary.csv"
"$BIN" report -q --prices "$YAHOO" --market "$SPY" --events "$OUT/mapped.csv" \
    --out "$OUT/report" > /dev/null
"$BIN" plot caar -q --study "$OUT/study" -o "$OUT/plot_caar.png"
"$BIN" plot distribution -q --study "$OUT/study" --window -1:1 -o "$OUT/plot_dist.svg"
"$BIN" plot event -q --prices "$YAHOO" --market "$SPY" --ticker AMZN --date 2023-01-04 -o "$OUT/plot_event.png"
"$BIN" plot performance -q --prices "$YAHOO" --market "$SPY" --tickers AMZN,META --from 2019 --to 2023 \
    -o "$OUT/plot_perf.svg"
# The later settings: every measure at once, the GARCH model, a report with groups and a
# regression, and rivals from the GICS sub-industries of a constituents file when present.
"$BIN" study -q --prices "$YAHOO" --market "$SPY" --events "$OUT/mapped.csv" \
    --measure return --measure volume --measure volatility --out "$OUT/measures" > /dev/null
"$BIN" study -q --prices "$YAHOO" --market "$SPY" --events "$OUT/mapped.csv" \
    --model garch --out "$OUT/garch" > /dev/null
"$BIN" report -q --prices "$YAHOO" --market "$SPY" --events "$OUT/mapped.csv" --group-by year \
    --explain pct_laid_off,industry --se cluster:company --out "$OUT/report_explain" > /dev/null
"$BIN" study -q --prices "$YAHOO" --market "$SPY" --events "$OUT/mapped.csv" \
    --rivals sic2 --peer-list "$DATA/sec_edgar_submissions_edgartools" --out "$OUT/rivals" > /dev/null
# The SEC list's date is the file's modification date: not part of the comparison.
sed -i 's/,[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]$/,DATE/' "$OUT/mapped.csv"
echo "outputs in $OUT"
