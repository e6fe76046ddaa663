#!/usr/bin/env bash
# Scale benchmark: a simulated market of 5,000 stocks over 20 years (~25 million rows, one
# Parquet file) and 100,000 events, then the full study (market model, windows 0:0, -1:1,
# -5:5, every test, every output file and chart), alone and with the regression of
# --explain (two numeric terms, year and industry dummies, clustered errors). Needs hyperfine.
# Usage: bench/scale.sh [WORK_DIR]   (default: a temporary folder; ~250 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
WORK=${1:-$(mktemp -d)}
if [ ! -f "$WORK/prices.parquet" ]; then
    /usr/bin/time -f "simulate: %e s, peak %M KB" "$BIN" simulate -q --out "$WORK" --stocks 5000 \
        --years 20 --start-year 2004 --events 100000 --price-format parquet
fi
ls -l "$WORK/prices.parquet" "$WORK/events.csv"
hyperfine --export-json "$HF_JSON" -N -w 1 -r "${RUNS:-5}" -n study \
    "$BIN study -q --prices $WORK/prices.parquet --market SIMMKT --events $WORK/events.csv --out $WORK/study" \
    -n study+explain \
    "$BIN study -q --prices $WORK/prices.parquet --market SIMMKT --events $WORK/events.csv --out $WORK/explain --explain pct_laid_off,log_laid_off,year,industry --se cluster:company"
medians "$HF_JSON"
/usr/bin/time -f "study peak memory: %M KB" "$BIN" study -q --prices "$WORK/prices.parquet" \
    --market SIMMKT --events "$WORK/events.csv" --out "$WORK/study" > /dev/null
cat "$WORK/study/study.txt"
