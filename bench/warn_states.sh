#!/usr/bin/env bash
# WARN tables of other states: `events` on every CSV of a folder (warn-scraper's exports as
# biglocalnews/warn-transformer keeps them under tests/data/raw/, or any folder of state
# files), with the SEC lists of the real data. Prints, per file, the rows, the events, the
# notices left out (dates that do not read, rows of another width), the repeated notices
# dropped and the events with a ticker; a file refused is listed with its error.
# Usage: bench/warn_states.sh DIR [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
DIR=${1:?usage: bench/warn_states.sh DIR [DATA_DIR]}
DATA=${2:-${LAYOFF_STUDY_DATA:-../shared/data}}
SEC=$DATA/ticker_mapping
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
printf '%-28s %7s %7s %8s %8s %8s\n' file rows events left_out repeated ticker
for f in "$DIR"/*.csv; do
    b=$(basename "$f")
    if ! "$BIN" events "$f" --sec "$SEC/sec_company_tickers.json" \
        --sec "$SEC/sec_company_tickers_exchange.json" -o "$OUT/e.csv" 2>"$OUT/err" >/dev/null; then
        printf '%-28s refused: %s\n' "$b" "$(head -c 160 "$OUT/err" | tr '\n' ' ')"
        continue
    fi
    python3 - "$f" "$OUT/e.csv" "$OUT/err" "$b" <<'PY'
import csv, re, sys
src, ev, err, name = sys.argv[1:]
rows = sum(1 for _ in csv.reader(open(src, encoding="utf-8", errors="replace"))) - 1
events = list(csv.DictReader(open(ev)))
notes = open(err).read()
def count(pattern):
    m = re.search(pattern, notes)
    return int(m.group(1)) if m else 0
print("%-28s %7d %7d %8d %8d %8d" % (name, rows, len(events),
      count(r"(\d+) rows of .* were left out"), count(r"(\d+) repeated WARN notices"),
      sum(1 for e in events if e["ticker"])))
PY
done
