#!/usr/bin/env bash
# Import benchmark: read the 343-ticker Yahoo folder (~760k rows, 52 MB) and compute every
# ticker's yearly performance, next to `wc -l` over the same files (the floor: reading the
# bytes). Needs hyperfine. Usage: bench/import.sh [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
HF_JSON=$(mktemp)
medians() {
    python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("median %s: %.1f ms over %d runs" % (r["command"], r["median"] * 1000, len(r["times"])))' "$1"
}
DATA=${1:-${LAYOFF_STUDY_DATA:-../shared/data}}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/layoff-study-target}"
cargo build --release --quiet
BIN=$CARGO_TARGET_DIR/release/layoff-study
DIR=$DATA/prices_yahoo_adjclose_dieperdev_2024-03
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
FILES=$(ls "$DIR"/*.csv | tr '\n' ' ')
hyperfine --export-json "$HF_JSON" -N -w 3 -r "${RUNS:-20}" -n "wc -l" "wc -l $FILES" \
    -n performance "$BIN performance -q --prices $DIR -o $OUT"
medians "$HF_JSON"
/usr/bin/time -f "performance peak memory: %M KB" "$BIN" performance -q --prices "$DIR" -o "$OUT"
echo "$(($(wc -l < "$OUT") - 1)) ticker-years written"
