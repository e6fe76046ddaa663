//! Excel workbook output (`results.xlsx`): one sheet per result table, numbers stored as
//! numbers (returns and shares with a percent format, days as dates), a bold frozen header
//! row, an autofilter over the table and column widths that fit the text.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::{Cell, Table};
use crate::error::{Error, Result};

/// Rows a worksheet holds, the header included.
pub const MAX_ROWS: usize = 1_048_576;
/// Longest text a cell holds.
const MAX_TEXT: usize = 32_767;
/// Links a worksheet holds.
const MAX_LINKS: usize = 65_530;
/// Days from Excel's day 0 (1899-12-30) to 1970-01-01.
const EXCEL_EPOCH: f64 = 25_569.0;

/// The cell formats of a workbook.
struct Formats {
    header: Format,
    percent: Format,
    date: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new().set_bold().set_align(FormatAlign::Center),
            percent: Format::new().set_num_format("0.00%"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// The text a reader sees in a cell, for the column width.
fn shown_width(c: &Cell) -> usize {
    match c {
        Cell::Null => 0,
        Cell::Str(s) => s.chars().count().min(60),
        Cell::Int(i) => i.to_string().len(),
        // Excel's General format shows at most about 11 characters of a number.
        Cell::Num(v) => super::csv::number_text(*v).len().min(11),
        Cell::Ret(v) | Cell::Share(v) => format!("{:.2}%", v * 100.0).len(),
        Cell::Date(_) => 10,
        Cell::Bool(_) => 5,
    }
}

fn xlsx_err(path: &Path, e: &XlsxError) -> Error {
    Error::write(path, std::io::Error::other(e.to_string()))
}

/// Writes one cell; `links` counts the links written on the sheet.
fn write_cell(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    c: &Cell,
    f: &Formats,
    links: &mut usize,
) -> std::result::Result<(), XlsxError> {
    match c {
        Cell::Null => {}
        Cell::Str(s)
            if (s.starts_with("https://") || s.starts_with("http://"))
                && s.len() <= 2_000
                && *links < MAX_LINKS =>
        {
            *links += 1;
            ws.write_url(row, col, s.as_str())?;
        }
        Cell::Str(s) => {
            let text: String = s.chars().take(MAX_TEXT).collect();
            ws.write_string(row, col, text)?;
        }
        Cell::Int(i) => {
            ws.write_number(row, col, *i as f64)?;
        }
        Cell::Num(v) => {
            ws.write_number(row, col, *v)?;
        }
        Cell::Ret(v) | Cell::Share(v) => {
            ws.write_number_with_format(row, col, *v, &f.percent)?;
        }
        Cell::Date(d) => {
            ws.write_number_with_format(row, col, f64::from(*d) + EXCEL_EPOCH, &f.date)?;
        }
        Cell::Bool(b) => {
            ws.write_boolean(row, col, *b)?;
        }
    }
    Ok(())
}

/// Fills one worksheet with a table. Returns the rows left out for want of room.
fn fill(
    ws: &mut Worksheet,
    name: &str,
    t: &Table,
    f: &Formats,
) -> std::result::Result<usize, XlsxError> {
    ws.set_name(name)?;
    let rows = t.rows.len().min(MAX_ROWS - 1);
    let mut width: Vec<usize> = t.columns.iter().map(|c| c.chars().count() + 3).collect();
    let mut links = 0;
    for (j, name) in t.columns.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, name, &f.header)?;
    }
    for (i, r) in t.rows.iter().take(rows).enumerate() {
        for (j, c) in r.iter().enumerate() {
            write_cell(ws, (i as u32 + 1, j as u16), c, f, &mut links)?;
            width[j] = width[j].max(shown_width(c));
        }
    }
    for (j, w) in width.iter().enumerate() {
        ws.set_column_width(j as u16, (*w as f64 + 1.0).clamp(6.0, 62.0))?;
    }
    ws.set_freeze_panes(1, 0)?;
    if !t.columns.is_empty() {
        ws.autofilter(0, 0, rows as u32, t.columns.len() as u16 - 1)?;
    }
    Ok(t.rows.len() - rows)
}

/// Writes a workbook of `sheets` (name, table) to `path` through a temporary file. A
/// table longer than a worksheet keeps its first rows, and the `notes` sheet says so.
///
/// # Errors
/// An invalid sheet name or an I/O failure.
pub fn write(path: &Path, sheets: &[(&str, &Table)]) -> Result<()> {
    let bytes = workbook(path, sheets)?;
    crate::files::write_atomic(path, &bytes)
}

/// The bytes of a workbook of `sheets`; `path` names it in errors.
fn workbook(path: &Path, sheets: &[(&str, &Table)]) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let mut cut = Vec::new();
    for (name, t) in sheets {
        let left_out = fill(wb.add_worksheet(), name, t, &f).map_err(|e| xlsx_err(path, &e))?;
        if left_out > 0 {
            cut.push(format!(
                "sheet {name}: the first {} of {} rows (a worksheet holds {MAX_ROWS} rows); every row is in the CSV file",
                MAX_ROWS - 1,
                t.rows.len()
            ));
        }
    }
    if !cut.is_empty() {
        let mut notes = Table::new(&["note"]);
        notes.rows = cut.into_iter().map(|n| vec![Cell::Str(n)]).collect();
        fill(wb.add_worksheet(), "notes", &notes, &f).map_err(|e| xlsx_err(path, &e))?;
    }
    wb.save_to_buffer().map_err(|e| xlsx_err(path, &e))
}

/// The workbook renderer: named tables as sheets, or one table as the sheet `table`.
pub struct Xlsx;

impl super::Renderer for Xlsx {
    fn name(&self) -> &'static str {
        "xlsx"
    }

    fn render(&self, content: &super::Content<'_>, out: &mut dyn std::io::Write) -> Result<()> {
        let here = Path::new("<workbook>");
        let bytes = match content {
            super::Content::Sheets(sheets) => workbook(here, sheets)?,
            super::Content::Table(t) => workbook(here, &[("table", t)])?,
            other => return Err(super::unsupported("xlsx", other)),
        };
        out.write_all(&bytes)
            .map_err(|e| Error::Render(format!("writing xlsx: {e}")))
    }
}
