"""The report's HTML page and Excel workbook, checked from outside the tool.

- results.xlsx is read back with openpyxl and every sheet compared, cell by cell, with the
  CSV file it mirrors (numbers exactly, dates as dates, empty cells empty); percent formats,
  the frozen header row, the autofilter and the column widths are checked.
- report.html is checked to fetch nothing (no external script, style, image or font, and a
  Content-Security-Policy that forbids requests), rendered in headless Chromium (a
  screenshot that is not blank, a DOM that holds the CAAR table, the regression and the
  table of every event, one inline SVG per chart), and the table of events is sorted by
  clicking its headers through ChromeDriver.

Runs on the demo report, and with LAYOFF_STUDY_DATA on a report of real layoffs.fyi events.
Usage: python tests/python/report_outputs.py   (LAYOFF_STUDY_BIN, optional LAYOFF_STUDY_DATA,
optional SCREENSHOT=FILE to keep the demo page's screenshot)
"""
import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from PIL import Image

BIN = os.environ["LAYOFF_STUDY_BIN"]
DATA = os.environ.get("LAYOFF_STUDY_DATA")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SHEETS = {"summary": "summary.csv", "cars": "cars.csv", "caar": "caar.csv",
          "events": "events.csv", "returns": "returns.csv", "excluded": "excluded.csv"}
REGRESSION = {"regression": "regression.csv", "regression_fit": "regression_fit.csv"}
PERCENT = {"car", "bhar", "caar", "aar", "ci_low", "ci_high", "median_car", "return",
           "market_return", "market_adjusted", "pct_laid_off"}
DATES = {"announce_date", "day0", "prev_date", "date", "sec_list_date"}


def fail(msg):
    raise SystemExit(f"FAIL: {msg}")


def same(cell, text, where):
    """One workbook cell against its CSV text."""
    v = cell.value
    if text == "":
        if v not in (None, ""):
            fail(f"{where}: {v!r} where the CSV is empty")
        return
    if isinstance(v, bool):
        ok = text == ("true" if v else "false")
    elif isinstance(v, dt.datetime):
        ok = v.date().isoformat() == text
    elif isinstance(v, (int, float)):
        ok = float(text) == float(v)
    else:
        ok = v == text
    if not ok:
        fail(f"{where}: workbook {v!r}, CSV {text!r}")


def check_sheet(ws, path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    got_header = [c.value for c in ws[1]]
    if got_header != header:
        fail(f"{ws.title}: header {got_header} vs {header}")
    if ws.max_row != len(body) + 1:
        fail(f"{ws.title}: {ws.max_row - 1} rows vs {len(body)} in {path.name}")
    for i, row in enumerate(ws.iter_rows(min_row=2, max_row=len(body) + 1), start=2):
        for j, cell in enumerate(row):
            where = f"{ws.title}!{get_column_letter(j + 1)}{i}"
            same(cell, body[i - 2][j], where)
            if cell.value is None:
                continue
            name = header[j]
            if name in PERCENT and ws.title not in REGRESSION and cell.number_format != "0.00%":
                fail(f"{where} ({name}): number format {cell.number_format!r}, expected 0.00%")
            if name in DATES and cell.number_format != "yyyy-mm-dd":
                fail(f"{where} ({name}): number format {cell.number_format!r}, expected a date")
    last = f"{get_column_letter(len(header))}{len(body) + 1}"
    if ws.freeze_panes != "A2":
        fail(f"{ws.title}: frozen panes {ws.freeze_panes!r}, expected the header row")
    if ws.auto_filter.ref != f"A1:{last}":
        fail(f"{ws.title}: autofilter {ws.auto_filter.ref!r}, expected A1:{last}")
    for j, name in enumerate(header):
        width = ws.column_dimensions[get_column_letter(j + 1)].width
        if width < min(len(name), 60):
            fail(f"{ws.title}: column {name} is {width} wide, narrower than its name")
    return len(body) * len(header)


def check_workbook(folder):
    wb = openpyxl.load_workbook(folder / "results.xlsx")
    sheets = dict(SHEETS)
    if (folder / "regression.csv").exists():
        sheets.update(REGRESSION)
    if wb.sheetnames != list(sheets):
        fail(f"sheets {wb.sheetnames}, expected {list(sheets)}")
    cells = sum(check_sheet(wb[name], folder / csv_name) for name, csv_name in sheets.items())
    print(f"{folder.name}: results.xlsx matches the CSV files ({cells} cells, {len(sheets)} sheets)")


def chromium(*args):
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--hide-scrollbars", *args], capture_output=True, text=True,
                          timeout=120, check=True)


def check_html(folder, screenshot=None):
    page = folder / "report.html"
    html = page.read_text(encoding="utf-8")
    if "default-src 'none'" not in html:
        fail("report.html has no Content-Security-Policy forbidding requests")
    if re.search(r"<(script|link|img|iframe|object|embed|source)\b[^>]*\b(src|href)\s*=", html, re.I):
        fail("report.html loads a resource")
    if re.search(r"url\(|@import|@font-face", html, re.I):
        fail("report.html refers to an external style resource")
    md = (folder / "report.md").read_text(encoding="utf-8")
    charts = len(re.findall(r"^!\[", md, re.M))
    dom = chromium("--dump-dom", page.as_uri()).stdout
    for needed in ["<h1>How did the market react to layoff announcements?</h1>",
                   "p (Patell)", "p (Wilcoxon)", 'id="events"', "Every event",
                   "market model"]:
        if needed not in dom:
            fail(f"the rendered DOM lacks {needed!r}")
    with open(folder / "excluded.csv", newline="", encoding="utf-8") as f:
        excluded = sum(1 for _ in csv.reader(f)) - 1
    if excluded and "Why events were excluded" not in dom:
        fail("the rendered DOM lacks why events were excluded")
    if "regression.csv" in os.listdir(folder) and "What explains the reaction" not in dom:
        fail("the rendered DOM lacks the regression section")
    svgs = len(re.findall(r"<svg\b", dom))
    if svgs != charts:
        fail(f"{svgs} inline SVG charts in the DOM, {charts} charts in report.md")
    def rows_of(table_id):
        if f'id="{table_id}"' not in dom:
            return 0
        table = dom[dom.index(f'id="{table_id}"'):]
        return table[:table.index("</table>")].count("<tr>") - 1

    with open(folder / "events.csv", newline="", encoding="utf-8") as f:
        n_events = sum(1 for _ in csv.reader(f)) - 1
    with open(folder / "cars.csv", newline="", encoding="utf-8") as f:
        n_studied = len({r["event_id"] for r in csv.DictReader(f)})
    if rows_of("events") != n_studied:
        fail(f"the table of events studied has {rows_of('events')} rows, cars.csv {n_studied}")
    if rows_of("not-studied") != n_events - n_studied:
        fail(f"the table of events not studied has {rows_of('not-studied')} rows, "
             f"expected {n_events - n_studied}")
    shot = Path(screenshot) if screenshot else folder.parent / f"{folder.name}.png"
    chromium("--window-size=1280,2000", f"--screenshot={shot}", page.as_uri())
    img = Image.open(shot).convert("RGB")
    colors = len(img.getcolors(maxcolors=1 << 20) or [])
    dark = sum(img.convert("L").histogram()[:200])
    share = dark / (img.width * img.height)
    if colors < 50 or share < 0.01:
        fail(f"the screenshot looks blank ({colors} colours, {share:.1%} non-white)")
    print(f"{folder.name}: report.html renders ({svgs} charts, {n_events} events, "
          f"{colors} colours, {share:.1%} ink)")
    check_sorting(page)
    check_layout(page)


def driver_for():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]:
        opts.add_argument(a)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)


LAYOUT = '''
document.querySelectorAll("details").forEach(function (d) { d.open = true; });
var vw = document.documentElement.clientWidth;
var out = {vw: vw, page: document.documentElement.scrollWidth, cut: [], tall: [], rows: 0,
           folded: document.querySelectorAll("details #not-studied").length};
document.querySelectorAll("table").forEach(function (t) {
  var box = t.parentElement, r = box.getBoundingClientRect();
  var ov = getComputedStyle(box).overflowX;
  var wide = t.scrollWidth > box.clientWidth + 1;
  if (r.right > vw + 1 || (wide && ov !== "auto" && ov !== "scroll")) {
    out.cut.push([t.id || t.rows[0].textContent.slice(0, 40), r.right, t.scrollWidth, ov]);
  }
  Array.prototype.forEach.call(t.rows, function (tr) {
    out.rows += 1;
    var h = tr.getBoundingClientRect().height;
    if (h > 60) { out.tall.push([t.id, Math.round(h), tr.textContent.slice(0, 60)]); }
  });
});
return out;
'''


def check_layout(page):
    """At 1,280 px wide: nothing wider than the page, every wide table scrolls inside its
    box, no row of any table taller than 60 px (two lines of text), the events not
    studied folded away in a <details> block."""
    driver = driver_for()
    try:
        driver.set_window_size(1280, 1000)
        driver.get(page.as_uri())
        got = driver.execute_script(LAYOUT)
    finally:
        driver.quit()
    if got["page"] > got["vw"]:
        fail(f"the page is {got['page']} px wide in a {got['vw']} px window")
    if got["cut"]:
        fail(f"tables cut off at {got['vw']} px: {got['cut'][:3]}")
    if got["tall"]:
        fail(f"{len(got['tall'])} rows taller than 60 px, e.g. {got['tall'][:3]}")
    print(f"{page.parent.name}: at {got['vw']} px nothing is cut off, {got['rows']} rows "
          f"at most 60 px high, {got['folded']} folded table of events not studied")


def check_sorting(page):
    """Clicks the day-0 return header twice and the company header once."""
    from selenium.webdriver.common.by import By

    driver = driver_for()
    try:
        driver.get(page.as_uri())
        heads = driver.find_elements(By.CSS_SELECTOR, "#events thead th")
        names = [h.text.strip() for h in heads]
        col = names.index("day-0 return")

        def column(j, attr):
            cells = driver.find_elements(By.CSS_SELECTOR, f"#events tbody tr td:nth-child({j + 1})")
            return [c.get_attribute(attr) if attr else c.text for c in cells]

        heads[col].click()
        up = [float(v) for v in column(col, "data-v") if v]
        if up != sorted(up) or len(up) < 2:
            fail(f"after one click the day-0 returns are not ascending: {up[:5]}")
        if heads[col].get_attribute("aria-sort") != "ascending":
            fail("the sorted header does not say so (aria-sort)")
        heads[col].click()
        down = [float(v) for v in column(col, "data-v") if v]
        if down != sorted(up, reverse=True):
            fail("after two clicks the day-0 returns are not descending")
        values = column(col, "data-v")
        if "" in values and values.index("") < len(down):
            fail("events without a return are not sorted last")
        company = names.index("company")
        heads[company].click()
        text = column(company, None)
        if text != sorted(text, key=str.casefold) and text != sorted(text):
            keyed = [t.casefold() for t in text]
            if any(a > b for a, b in zip(keyed, keyed[1:])):
                fail(f"companies are not in alphabetical order: {text[:5]}")
        print(f"{page.parent.name}: sorting by clicking works ({len(up)} returns)")
    finally:
        driver.quit()


def real_report(work):
    """Every layoffs.fyi event of 2020-06..2023-12 read (private companies too, so most
    are not studied), matched with the SEC list, grouped by year, explained."""
    data = Path(DATA)
    out = work / "real"
    subprocess.run([BIN, "report", "-q", "--prices",
                    str(data / "prices_close_only_dsturdy_2026-08"), "--market", "SPY",
                    "--events", str(data / "layoffs_fyi_2026" / "layoffs.csv"),
                    "--sec", str(data / "ticker_mapping" / "sec_company_tickers.json"),
                    "--from", "2020-06-01", "--to", "2023-12-31", "--group-by", "year",
                    "--out", str(out), "--explain", "pct_laid_off,log_laid_off,industry,year",
                    "--se", "cluster:company"], check=True)
    return out


def main():
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        demo = work / "demo"
        subprocess.run([BIN, "demo", "-q", "--out", str(demo)], check=True)
        check_workbook(demo)
        check_html(demo, os.environ.get("SCREENSHOT"))
        checked = 1
        if DATA and Path(DATA).is_dir():
            real = real_report(work)
            check_workbook(real)
            check_html(real, os.environ.get("REAL_SCREENSHOT"))
            checked += 1
    print(f"{checked} passed, 0 failed")


if __name__ == "__main__":
    sys.exit(main())
