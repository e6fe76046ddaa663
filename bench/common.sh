# Shared by the bench scripts: the build, the binary, and medians from hyperfine's JSON.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/layoff-study-target}"
cargo build --release --quiet
BIN=$CARGO_TARGET_DIR/release/layoff-study
HF_JSON=$(mktemp)
medians() {
    python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("median %s: %.1f ms over %d runs" % (r["command"], r["median"] * 1000, len(r["times"])))' "$1"
}
