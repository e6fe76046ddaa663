//! HTML rendering of a [`Document`]: one self-contained page (CSS and charts inline as
//! SVG, nothing fetched: a Content-Security-Policy forbids any request), print-friendly,
//! with long record tables sortable by clicking a column header. The page is complete
//! without script: the few lines of inline script only sort.

use std::fmt::Write as _;

use super::{Cell, Table};
use crate::content::document::{Block, Document};

/// The page's style: readable on screen, compact on paper.
const STYLE: &str = r#"
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d9d9d9; --band: #f5f6f7; --accent: #0072b2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 1.8em; margin: 0.2em 0 0.4em; }
h2 { font-size: 1.3em; margin: 1.8em 0 0.5em; padding-bottom: 0.2em; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05em; margin: 1.4em 0 0.4em; }
blockquote { margin: 0 0 1em; padding: 0.4em 0.9em; border-left: 4px solid var(--accent); background: var(--band); }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.92em; }
.scroll { overflow-x: auto; margin: 0.6em 0 1em; }
table { border-collapse: collapse; font-size: 0.9em; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 9px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; white-space: nowrap; }
td.n, th.n { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fbfbfc; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th::after { content: " \2195"; color: #b0b0b0; font-weight: normal; }
table.sortable th[aria-sort="ascending"]::after { content: " \2191"; color: var(--ink); }
table.sortable th[aria-sort="descending"]::after { content: " \2193"; color: var(--ink); }
figure { margin: 0.5em 0 1.5em; }
figure svg { width: 100%; height: auto; display: block; border: 1px solid #eee; }
figcaption { color: var(--muted); font-size: 0.9em; margin-top: 0.3em; }
a { color: var(--accent); }
.records { max-height: 70vh; overflow: auto; border: 1px solid var(--rule); }
.records thead th { position: sticky; top: 0; }
.records td { white-space: nowrap; }
.records td.long { max-width: 22em; overflow: hidden; text-overflow: ellipsis; }
details { margin: 0.6em 0 1em; }
summary { cursor: pointer; color: var(--accent); margin-bottom: 0.5em; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  .records { max-height: none; overflow: visible; border: 0; }
  .records thead th { position: static; }
  table.sortable th::after { content: ""; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Sorts a table of class `sortable` by the clicked column: numbers by their exact value
/// (`data-v`), text alphabetically, empty cells last.
const SCRIPT: &str = r#"
document.querySelectorAll("table.sortable").forEach(function (t) {
  t.querySelectorAll("th").forEach(function (th, i) {
    th.tabIndex = 0;
    function sort() {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      t.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var key = function (r) {
        var c = r.cells[i], v = c.getAttribute("data-v");
        return v !== null ? (v === "" ? null : parseFloat(v)) : (c.textContent.trim() || null);
      };
      var rows = Array.prototype.slice.call(t.tBodies[0].rows);
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
        var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return asc ? c : -c;
      });
      rows.forEach(function (r) { t.tBodies[0].appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
  });
});
"#;

/// Text with `&`, `<`, `>` and quotes escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A paragraph's inline markup (`**bold**`, `` `code` ``) as HTML, the rest escaped.
fn inline(s: &str) -> String {
    let mut out = String::new();
    let (mut bold, mut code) = (false, false);
    let mut rest = s;
    while !rest.is_empty() {
        if !code && rest.starts_with("**") {
            out.push_str(if bold { "</strong>" } else { "<strong>" });
            bold = !bold;
            rest = &rest[2..];
        } else if rest.starts_with('`') {
            out.push_str(if code { "</code>" } else { "<code>" });
            code = !code;
            rest = &rest[1..];
        } else {
            let end = rest
                .char_indices()
                .skip(1)
                .find(|&(_, c)| c == '*' || c == '`')
                .map_or(rest.len(), |(i, _)| i);
            out.push_str(&escape(&rest[..end]));
            rest = &rest[end..];
        }
    }
    if code {
        out.push_str("</code>");
    }
    if bold {
        out.push_str("</strong>");
    }
    out
}

fn table(out: &mut String, header: &[String], right: &[bool], rows: &[Vec<String>]) {
    let class = |i: usize| {
        if right.get(i) == Some(&true) {
            " class=\"n\""
        } else {
            ""
        }
    };
    out.push_str("<div class=\"scroll\"><table>\n<thead><tr>");
    for (i, h) in header.iter().enumerate() {
        let _ = write!(out, "<th scope=\"col\"{}>{}</th>", class(i), escape(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        out.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", class(i), escape(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

/// One cell of a record table: the text a reader sees, the exact number for sorting.
fn record_cell(out: &mut String, c: &Cell) {
    let text = super::table::cell_text(c);
    match c {
        Cell::Null => out.push_str("<td data-v=\"\"></td>"),
        Cell::Num(v) | Cell::Ret(v) | Cell::Share(v) => {
            let _ = write!(out, "<td class=\"n\" data-v=\"{v}\">{}</td>", escape(&text));
        }
        Cell::Int(i) => {
            let _ = write!(out, "<td class=\"n\" data-v=\"{i}\">{i}</td>");
        }
        Cell::Str(s) if s.starts_with("https://") || s.starts_with("http://") => {
            let _ = write!(
                out,
                "<td><a href=\"{}\" rel=\"noopener noreferrer\">{}</a></td>",
                escape(s),
                escape(link_text(s))
            );
        }
        _ if text.chars().count() > LONG => {
            let _ = write!(
                out,
                "<td class=\"long\" title=\"{0}\">{0}</td>",
                escape(&text)
            );
        }
        _ => {
            let _ = write!(out, "<td>{}</td>", escape(&text));
        }
    }
}

/// Text cells of a record table longer than this many characters are cut to one line
/// (with an ellipsis) and keep their whole text as a tooltip.
const LONG: usize = 32;

/// The host of a link, as its visible text (`www.reuters.com`).
fn link_text(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

fn records(out: &mut String, caption: &str, t: &Table, id: &str) {
    let numeric: Vec<bool> = (0..t.columns.len())
        .map(|j| {
            t.rows.iter().any(|r| {
                matches!(
                    r.get(j),
                    Some(Cell::Num(_) | Cell::Ret(_) | Cell::Share(_) | Cell::Int(_))
                )
            })
        })
        .collect();
    let _ = writeln!(
        out,
        "<div class=\"records\"><table class=\"sortable\" id=\"{}\">\n<caption hidden>{}</caption>",
        escape(id),
        escape(caption)
    );
    out.push_str("<thead><tr>");
    for (j, h) in t.columns.iter().enumerate() {
        let class = if numeric[j] { " class=\"n\"" } else { "" };
        let _ = write!(out, "<th scope=\"col\"{class}>{}</th>", escape(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in &t.rows {
        out.push_str("<tr>");
        for c in r {
            record_cell(out, c);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

/// An SVG chart made fit for inline use: no XML prolog, scaled to the page width.
fn inline_svg(svg: &str, caption: &str) -> String {
    let body = svg
        .trim_start()
        .strip_prefix("<?xml")
        .and_then(|s| s.split_once("?>").map(|(_, r)| r))
        .unwrap_or(svg)
        .trim_start();
    match body.strip_prefix("<svg") {
        Some(rest) => format!("<svg role=\"img\" aria-label=\"{}\"{rest}", escape(caption)),
        None => String::new(),
    }
}

/// The document as one HTML page. `svg(file)` gives the SVG text of an image block's chart;
/// an image without one is left out with its caption kept.
///
/// ```
/// use layoff_study::content::document::{Block, Document};
/// let mut d = Document::default();
/// d.push(Block::Title("Layoffs <2024>".into()));
/// let page = layoff_study::export::html::render(&d, &|_| None);
/// assert!(page.contains("<h1>Layoffs &lt;2024&gt;</h1>"));
/// assert!(page.contains("default-src 'none'"));
/// ```
pub fn render(doc: &Document, svg: &dyn Fn(&str) -> Option<String>) -> String {
    let title = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Title(t) => Some(t.as_str()),
            _ => None,
        })
        .unwrap_or("Report");
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(title)
    );
    let mut heading: Option<&str> = None;
    for b in &doc.blocks {
        match b {
            // A chart right under a heading of the same words needs no caption of its own.
            Block::Image { file, caption } if heading == Some(caption.as_str()) => {
                let chart = svg(file)
                    .map(|s| inline_svg(&s, caption))
                    .unwrap_or_default();
                let _ = writeln!(out, "<figure>{chart}</figure>");
            }
            _ => block(&mut out, b, svg),
        }
        heading = match b {
            Block::Subheading(t) => Some(t.as_str()),
            _ => None,
        };
    }
    let _ = write!(
        out,
        "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

fn block(out: &mut String, b: &Block, svg: &dyn Fn(&str) -> Option<String>) {
    match b {
        Block::Title(t) => {
            let _ = writeln!(out, "<h1>{}</h1>", escape(t));
        }
        Block::Quote(t) => {
            let _ = writeln!(out, "<blockquote>{}</blockquote>", inline(t));
        }
        Block::Heading(t) => {
            let _ = writeln!(out, "<h2>{}</h2>", escape(t));
        }
        Block::Subheading(t) => {
            let _ = writeln!(out, "<h3>{}</h3>", escape(t));
        }
        Block::Paragraph(t) => {
            let _ = writeln!(out, "<p>{}</p>", inline(t));
        }
        Block::List(items) => {
            out.push_str("<ul>\n");
            for i in items {
                let _ = writeln!(out, "<li>{}</li>", inline(i));
            }
            out.push_str("</ul>\n");
        }
        Block::Table {
            header,
            right,
            rows,
        } => table(out, header, right, rows),
        Block::Records {
            caption,
            table,
            id,
            folded,
            ..
        } => {
            if let Some(summary) = folded {
                let _ = writeln!(out, "<details>\n<summary>{}</summary>", inline(summary));
                records(out, caption, table, id);
                out.push_str("</details>\n");
            } else {
                records(out, caption, table, id);
            }
        }
        Block::Image { file, caption } => {
            let chart = svg(file)
                .map(|s| inline_svg(&s, caption))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<figure>{chart}<figcaption>{}</figcaption></figure>",
                escape(caption)
            );
        }
    }
}

/// The HTML renderer: a document as one page with its charts inline, or a table as a page
/// of one table.
pub struct Html;

impl super::Renderer for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(
        &self,
        content: &super::Content<'_>,
        out: &mut dyn std::io::Write,
    ) -> crate::error::Result<()> {
        let page = match content {
            super::Content::Document(d, svg) => render(d, svg),
            super::Content::Table(t) => render(&super::table_document(t), &|_| None),
            other => return Err(super::unsupported("html", other)),
        };
        out.write_all(page.as_bytes())
            .map_err(|e| crate::error::Error::Render(format!("writing html: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup_and_escaping() {
        assert_eq!(
            inline("**12 events** in `cars.csv` <b>"),
            "<strong>12 events</strong> in <code>cars.csv</code> &lt;b&gt;"
        );
        // An odd marker is closed, so the page stays well formed.
        assert_eq!(inline("a `b"), "a <code>b</code>");
        assert_eq!(inline("2 * 3"), "2 * 3");
    }

    #[test]
    fn records_keep_exact_values_and_link_sources() {
        let mut t = Table::new(&["company", "return", "source"]);
        t.rows.push(vec![
            Cell::str("A&B"),
            Cell::ret(0.015590936),
            Cell::str("https://www.example.com/news?id=1&x=2"),
        ]);
        let mut out = String::new();
        records(&mut out, "every event", &t, "events");
        assert!(out.contains("<td>A&amp;B</td>"));
        assert!(out.contains("data-v=\"0.015590936\">+1.56 %</td>"));
        assert!(out.contains(
            "<a href=\"https://www.example.com/news?id=1&amp;x=2\" rel=\"noopener noreferrer\">www.example.com</a>"
        ));
    }

    #[test]
    fn svg_is_inlined_without_prolog() {
        let s = inline_svg(
            "<?xml version=\"1.0\"?>\n<svg width=\"10\"></svg>",
            "a \"b\"",
        );
        assert_eq!(
            s,
            "<svg role=\"img\" aria-label=\"a &quot;b&quot;\" width=\"10\"></svg>"
        );
    }
}
