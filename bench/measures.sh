#!/usr/bin/env bash
# Cost of the measures and of the GARCH model against the return study, at the scale of
# bench/scale.sh's 100k case: 5,000 simulated stocks over 20 years, 100,000 events. The
# simulated prices have no volume, so a copy gets one (log volume 12 plus normal noise of
# sd 0.5, a market volume likewise) for the volume study. Prints hyperfine's medians of the
# return, volume and volatility studies (market model), one timed run of --model garch, and
# each run's peak memory. Needs hyperfine, GNU time and python3 (polars and numpy go into a
# throw-away venv).
# Usage: bench/measures.sh [WORK_DIR]   (default: a temporary folder; about 2 GB)
# RUNS (default 3) sets the hyperfine runs.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
WORK=${1:-$(mktemp -d)}
mkdir -p "$WORK"
if [ ! -f "$WORK/100k/events.csv" ]; then
    "$BIN" simulate -q --out "$WORK/100k" --stocks 5000 --years 20 --start-year 2004 \
        --events 100000 --price-format parquet
fi
if [ ! -f "$WORK/prices_volume.parquet" ]; then
    [ -x "$WORK/venv/bin/python" ] || { python3 -m venv "$WORK/venv"; "$WORK/venv/bin/pip" install -q polars numpy; }
    "$WORK/venv/bin/python" - "$WORK/100k/prices.parquet" "$WORK/prices_volume.parquet" <<'PY'
import sys
import numpy as np
import polars as pl
src, dst = sys.argv[1:3]
df = pl.read_parquet(src)
rng = np.random.default_rng(20240110)
volume = np.round(np.exp(12.0 + 0.5 * rng.standard_normal(df.height)))
df.with_columns(pl.Series("volume", volume)).write_parquet(dst)
PY
fi
P=$WORK/prices_volume.parquet
E=$WORK/100k/events.csv
run() { # name, extra arguments
    local name=$1
    shift
    echo "$BIN study -q --prices $P --market SIMMKT --events $E --out $WORK/$name $*"
}
hyperfine --export-json "$HF_JSON" -w 1 -r "${RUNS:-3}" -N \
    -n return "$(run return)" \
    -n volume "$(run volume --measure volume)" \
    -n volatility "$(run volatility --measure volatility)"
medians "$HF_JSON"
for m in return volume volatility; do
    /usr/bin/time -f "$m: peak memory %M KB" $(run "$m" --measure "$m") > /dev/null
done
/usr/bin/time -f "garch: %e s, peak memory %M KB" $(run garch --model garch) > /dev/null
echo "garch: $(($(wc -l < "$WORK/garch/excluded.csv") - 1)) events excluded, of which" \
    "$(grep -c 'GARCH fit' "$WORK/garch/excluded.csv" || true) for the fit"
