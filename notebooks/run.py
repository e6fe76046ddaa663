"""Executes every notebook of this folder headlessly; exits non-zero if a cell fails.

Usage: python notebooks/run.py   (with layoff_study installed; set LAYOFF_STUDY_DATA, NOTEBOOK_OUT as needed)
"""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

here = Path(__file__).resolve().parent
failed = 0
for path in sorted(here.glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(here)}}).execute()
        print(f"ok: {path.name}")
    except Exception as e:  # a failing cell: report it and go on to the next notebook
        failed += 1
        print(f"FAILED: {path.name}: {e}", file=sys.stderr)
print(f"notebooks: {len(list(here.glob('*.ipynb'))) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
