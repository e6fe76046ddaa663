#!/usr/bin/env bash
# Remakes docs/report.png, the README's picture of the demo's report.html: the demo report,
# a headless Chromium screenshot of its page, scaled to 60 % and saved with 256 colours.
# Needs chromium and a Python with Pillow (tests/python/requirements.txt).
# Usage: docs/screenshot.sh [PYTHON]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-python3}
BIN=${LAYOFF_STUDY_BIN:-target/release/layoff-study}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$BIN" demo -q --out "$WORK/demo"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1240,2150 \
    --screenshot="$WORK/shot.png" "file://$WORK/demo/report.html" 2>/dev/null
"$PY" - "$WORK/shot.png" docs/report.png <<'PYEOF'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
im = im.resize((im.width * 3 // 5, im.height * 3 // 5), Image.LANCZOS)
im.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(sys.argv[2], optimize=True)
PYEOF
echo "docs/report.png"
