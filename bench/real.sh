#!/usr/bin/env bash
# Real-data benchmark of the event study, side by side with the Python package
# `eventstudy`: layoffs.fyi Post-IPO events 2020-06..2023-12 whose company maps to a
# ticker with a file in the Yahoo folder; market SPY; market model; windows 0:0, -1:1, -5:5.
# Needs hyperfine and python3; installs `eventstudy` and pandas in a throw-away venv.
# Usage: bench/real.sh [DATA_DIR]   (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
DATA=${1:-${LAYOFF_STUDY_DATA:-../shared/data}}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
YAHOO=$DATA/prices_yahoo_adjclose_dieperdev_2024-03
SPY=$DATA/prices_lowercase_kronos_2026-04/SPY.csv
SEC=$DATA/ticker_mapping/sec_company_tickers.json

# The events: mapped once; kept when the ticker has a price file.
"$BIN" events -q "$DATA/layoffs_fyi_2026/layoffs.csv" --sec "$SEC" --public-only \
    --from 2020-06-01 --to 2023-12-31 -o "$WORK/mapped.csv"
python3 - "$WORK/mapped.csv" "$YAHOO" "$WORK/events.csv" <<'PY'
import csv, os, sys
src, prices, out = sys.argv[1:4]
rows = list(csv.DictReader(open(src)))
keep = [r for r in rows if r["stage"] == "Post-IPO" and os.path.exists(f"{prices}/{r['ticker']}.csv")]
with open(out, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=rows[0].keys())
    w.writeheader()
    w.writerows(keep)
print(f"{len(keep)} events with a ticker and a price file", file=sys.stderr)
PY

if [ ! -x "$WORK/venv/bin/python" ]; then
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install -q eventstudy pandas
fi
mkdir -p "$WORK/peer"
echo "== layoff-study, once:"
"$BIN" study -q --prices "$YAHOO" --market "$SPY" --events "$WORK/events.csv" --out "$WORK/ours" \
    --format table | cut -c1-60
echo "== eventstudy, once:"
"$WORK/venv/bin/python" bench/peer_eventstudy.py "$WORK/events.csv" "$YAHOO" "$SPY" "$WORK/peer"
hyperfine --export-json "$HF_JSON" -w 1 -r "${RUNS:-5}" -N \
    -n layoff-study "$BIN study -q --prices $YAHOO --market $SPY --events $WORK/events.csv --out $WORK/ours" \
    -n eventstudy "$WORK/venv/bin/python bench/peer_eventstudy.py $WORK/events.csv $YAHOO $SPY $WORK/peer"
medians "$HF_JSON"
/usr/bin/time -f "layoff-study peak memory: %M KB" "$BIN" study -q --prices "$YAHOO" --market "$SPY" \
    --events "$WORK/events.csv" --out "$WORK/ours" > /dev/null

# Cross-check: on the events whose 240 estimation days and windows are all present (the
# peer turns any missing return into NaN), both tools should report the same CAARs.
python3 - "$WORK/ours/cars.csv" "$WORK/events.csv" "$WORK/complete.csv" <<'PY'
import csv, sys
cars, events, out = sys.argv[1:4]
full = {r["event_id"] for r in csv.DictReader(open(cars)) if r["L"] == "240"}
rows = [r for r in csv.DictReader(open(events)) if r["event_id"] in full]
with open(out, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=rows[0].keys())
    w.writeheader()
    w.writerows(rows)
PY
echo "== cross-check on events with complete data:"
"$BIN" study -q --prices "$YAHOO" --market "$SPY" --events "$WORK/complete.csv" --out "$WORK/ours2" > /dev/null
python3 - "$WORK/ours2/summary.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["group"] == "all":
        print(f"layoff-study window {r['window']}: N = {r['n']}, CAAR = {float(r['caar']):+.5f}")
PY
"$WORK/venv/bin/python" bench/peer_eventstudy.py "$WORK/complete.csv" "$YAHOO" "$SPY" "$WORK/peer" 2>/dev/null
