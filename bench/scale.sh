#!/usr/bin/env bash
# Scale benchmark, two sizes timed back to back:
#   100k: 5,000 stocks over 20 years (25 million rows, one Parquet file), 100,000 events;
#   1M:   10,000 stocks over 40 years (104 million rows), 1,000,000 events, as one Parquet
#         file and as a dataset partitioned by ticker (prices/ticker=X/part-0.parquet).
# Each study is the full one (market model, windows 0:0, -1:1, -5:5, every test, every output
# file and chart); at 100k also with the regression of --explain. Prints the simulations'
# time and peak memory, hyperfine's medians, each study's peak memory and the ratio of the
# 1M study to the 100k one. Needs hyperfine and GNU time.
# It also times each size's prices with one event (reading and checking the rows: what
# grows with the rows) and prints the 1M time the study would take if everything else
# (studying events, tests, 21 CSV lines an event) grew exactly with the number of events.
# Usage: bench/scale.sh [WORK_DIR]   (default: a temporary folder; about 8 GB with outputs)
# RUNS (default 5) and RUNS_1M (default 3) set the hyperfine runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
WORK=${1:-$(mktemp -d)}
simulate() { # folder, then simulate's arguments
    local dir=$1
    shift
    if [ ! -f "$dir/events.csv" ]; then
        /usr/bin/time -f "simulate $(basename "$dir"): %e s, peak %M KB" \
            "$BIN" simulate -q --out "$dir" "$@"
    fi
}
simulate "$WORK/100k" --stocks 5000 --years 20 --start-year 2004 --events 100000 \
    --price-format parquet
BIG=(--stocks 10000 --years 40 --events 1000000 --noise-df 30)
simulate "$WORK/1m" "${BIG[@]}" --price-format parquet
simulate "$WORK/1m-dataset" "${BIG[@]}" --price-format dataset
study() { # prices, events, out, extra arguments
    local prices=$1 events=$2 out=$3
    shift 3
    echo "$BIN study -q --prices $prices --market SIMMKT --events $events --out $out $*"
}
S100=$(study "$WORK/100k/prices.parquet" "$WORK/100k/events.csv" "$WORK/100k/study")
SX=$(study "$WORK/100k/prices.parquet" "$WORK/100k/events.csv" "$WORK/100k/explain" \
    --explain pct_laid_off,log_laid_off,year,industry --se cluster:company)
S1M=$(study "$WORK/1m/prices.parquet" "$WORK/1m/events.csv" "$WORK/1m/study")
SDS=$(study "$WORK/1m-dataset/prices" "$WORK/1m/events.csv" "$WORK/1m-dataset/study")
# One event on each size's prices: the cost of the rows alone.
head -2 "$WORK/100k/events.csv" > "$WORK/100k/one-event.csv"
head -2 "$WORK/1m/events.csv" > "$WORK/1m/one-event.csv"
R100=$(study "$WORK/100k/prices.parquet" "$WORK/100k/one-event.csv" "$WORK/100k/one")
R1M=$(study "$WORK/1m/prices.parquet" "$WORK/1m/one-event.csv" "$WORK/1m/one")
hyperfine --export-json "$HF_JSON" -N -w 2 -r "${RUNS:-5}" -n "study 100k" "$S100" \
    -n "study 100k + explain" "$SX" -n "100k prices, one event" "$R100"
medians "$HF_JSON"
SMALL_JSON=$(mktemp)
cp "$HF_JSON" "$SMALL_JSON"
hyperfine --export-json "$HF_JSON" -N -w 1 -r "${RUNS_1M:-3}" -n "study 1M" "$S1M" \
    -n "study 1M (dataset)" "$SDS" -n "1M prices, one event" "$R1M"
medians "$HF_JSON"
python3 - "$SMALL_JSON" "$HF_JSON" "$WORK" <<'PY'
import json, sys
small = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
big = {r["command"]: r["median"] for r in json.load(open(sys.argv[2]))["results"]}
def studied(size):
    for line in open("%s/%s/study/study.txt" % (sys.argv[3], size)):
        if line.startswith("events studied: "):
            return int(line.split(": ")[1])
t100, r100, r1m = small["study 100k"], small["100k prices, one event"], big["1M prices, one event"]
for name in ("study 1M", "study 1M (dataset)"):
    print("%s / study 100k: %.1fx" % (name, big[name] / t100))
scale = studied("1m") / studied("100k")
linear = r1m + scale * (t100 - r100)
print("rows alone: %.2f s at 100k, %.2f s at 1M; the rest of the 100k study: %.2f s"
      % (r100, r1m, t100 - r100))
print("1M with the rest grown %.2fx like the studied events: %.1f s, %.1fx the 100k study"
      % (scale, linear, linear / t100))
PY
for cmd in "$S100" "$S1M" "$SDS"; do
    /usr/bin/time -f "peak memory %M KB: ${cmd#"$BIN "}" $cmd > /dev/null
done
cat "$WORK/1m/study/study.txt"
