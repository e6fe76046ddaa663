#!/usr/bin/env bash
# Import benchmark: read the 343-ticker Yahoo folder (~760k rows, 52 MB) and compute every
# ticker's yearly performance, next to `wc -l` over the same files (the floor: reading the
# bytes). Needs hyperfine. Usage: bench/import.sh [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
DATA=${1:-${LAYOFF_STUDY_DATA:-../shared/data}}
DIR=$DATA/prices_yahoo_adjclose_dieperdev_2024-03
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
FILES=$(ls "$DIR"/*.csv | tr '\n' ' ')
hyperfine --export-json "$HF_JSON" -N -w 3 -r "${RUNS:-20}" -n "wc -l" "wc -l $FILES" \
    -n performance "$BIN performance -q --prices $DIR -o $OUT"
medians "$HF_JSON"
/usr/bin/time -f "performance peak memory: %M KB" "$BIN" performance -q --prices "$DIR" -o "$OUT"
echo "$(($(wc -l < "$OUT") - 1)) ticker-years written"
