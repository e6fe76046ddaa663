//! Rendering: result tables in the formats a command prints (CSV, aligned table, JSON),
//! documents as Markdown and HTML, and workbooks, each format in its own file behind the
//! [`Format`] trait. The tables and documents are [`crate::content`]'s; files are written
//! through [`crate::files`].

pub mod csv;
pub mod html;
mod json;
pub mod markdown;
pub mod table;
pub mod xlsx;

use std::io::Write;
use std::path::Path;

pub use crate::content::{Cell, Document, Table};
use crate::error::{Error, Result};
use crate::files::write_atomic;

/// What a renderer renders: one result table, the named tables of a workbook, or a
/// document (with the SVG text of its charts by file, for formats that embed them).
pub enum Content<'a> {
    /// One result table.
    Table(&'a Table),
    /// Named tables, one sheet each.
    Sheets(&'a [(&'a str, &'a Table)]),
    /// A document.
    Document(&'a Document, &'a dyn Fn(&str) -> Option<String>),
}

impl Content<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Content::Table(_) => "a table",
            Content::Sheets(_) => "several tables",
            Content::Document(..) => "a document",
        }
    }
}

/// An output format: CSV, aligned table, JSON, Markdown, HTML and the workbook, one file
/// each, as hyperfine's `export/` has one file per format behind one trait.
pub trait Renderer {
    /// The format's name, for errors.
    fn name(&self) -> &'static str;

    /// Writes `content` to `out`.
    ///
    /// # Errors
    /// Content the format does not hold (a document as CSV), or the writer's I/O errors.
    fn render(&self, content: &Content<'_>, out: &mut dyn Write) -> Result<()>;

    /// The rendered bytes.
    ///
    /// # Errors
    /// As [`Renderer::render`].
    fn bytes(&self, content: &Content<'_>) -> Result<Vec<u8>> {
        let mut buf = Vec::new();
        self.render(content, &mut buf)?;
        Ok(buf)
    }
}

/// The refusal of content a format does not hold.
fn unsupported(format: &str, content: &Content<'_>) -> Error {
    Error::Usage(format!(
        "the {format} format cannot hold {}: expected {}",
        content.kind(),
        if format == "xlsx" {
            "tables"
        } else if matches!(format, "markdown" | "html") {
            "a table or a document"
        } else {
            "one table"
        }
    ))
}

/// A format of one table (CSV, the aligned table, JSON).
trait TableFormat {
    /// The format's name.
    const NAME: &'static str;
    /// Writes the table.
    fn write(&self, table: &Table, out: &mut dyn Write) -> std::io::Result<()>;
}

impl<T: TableFormat> Renderer for T {
    fn name(&self) -> &'static str {
        T::NAME
    }

    fn render(&self, content: &Content<'_>, out: &mut dyn Write) -> Result<()> {
        match content {
            Content::Table(t) => self
                .write(t, out)
                .map_err(|e| Error::Render(format!("writing {}: {e}", T::NAME))),
            other => Err(unsupported(T::NAME, other)),
        }
    }
}

/// A table as a document of one table block, for the document formats.
fn table_document(t: &Table) -> Document {
    let mut d = Document::default();
    d.push(crate::content::Block::Table {
        header: t.columns.clone(),
        right: t
            .rows
            .first()
            .map(|r| r.iter().map(table::right_aligned).collect())
            .unwrap_or_else(|| vec![false; t.columns.len()]),
        rows: t
            .rows
            .iter()
            .map(|r| r.iter().map(table::cell_text).collect())
            .collect(),
    });
    d
}

/// The formats a command can print.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// Comma-separated values with a header row; returns as fractions.
    #[default]
    Csv,
    /// Aligned columns for reading; returns as percentages.
    Table,
    /// An array of objects; returns as fractions.
    Json,
}

impl OutputFormat {
    /// The renderer of this format.
    pub fn renderer(self) -> &'static dyn Renderer {
        match self {
            OutputFormat::Csv => &csv::Csv,
            OutputFormat::Table => &table::Aligned,
            OutputFormat::Json => &json::Json,
        }
    }

    /// Renders a table in this format.
    pub fn render(self, table: &Table) -> Vec<u8> {
        // A table renders in every table format, into a Vec that cannot fail.
        self.renderer()
            .bytes(&Content::Table(table))
            .unwrap_or_default()
    }
}

/// Writes a table to `path` atomically, or to stdout when `path` is `None`.
///
/// # Errors
/// I/O failure on the output file. A closed stdout pipe is not an error.
pub fn emit(table: &Table, format: OutputFormat, path: Option<&Path>) -> Result<()> {
    let bytes = format.render(table);
    match path {
        Some(p) => write_atomic(p, &bytes),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(&bytes).and_then(|_| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(Error::write(Path::new("<stdout>"), e))
                }
                _ => Ok(()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(&["ticker", "price", "return", "ok"]);
        t.rows.push(vec![
            Cell::str("AMZN"),
            Cell::num(153.73),
            Cell::ret(0.015_590_936),
            Cell::Bool(true),
        ]);
        t.rows.push(vec![
            Cell::str("A,B"),
            Cell::Null,
            Cell::ret(-0.5),
            Cell::Bool(false),
        ]);
        t
    }

    #[test]
    fn csv_quotes_and_leaves_missing_empty() {
        let s = String::from_utf8(OutputFormat::Csv.render(&sample())).unwrap();
        assert_eq!(
            s,
            "ticker,price,return,ok\nAMZN,153.73,0.015590936,true\n\"A,B\",,-0.5,false\n"
        );
    }

    #[test]
    fn table_shows_percentages() {
        let s = String::from_utf8(OutputFormat::Table.render(&sample())).unwrap();
        assert!(s.contains("+1.56 %"), "{s}");
        assert!(s.contains("-50.00 %"), "{s}");
    }

    #[test]
    fn json_has_nulls_and_fractions() {
        let s = String::from_utf8(OutputFormat::Json.render(&sample())).unwrap();
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v[0]["return"], 0.015_590_936);
        assert!(v[1]["price"].is_null());
    }

    /// Every format renders through the one trait: the bytes each writes for the sample
    /// table, written out here in full (the aligned table, Markdown) or by the lines that
    /// matter (HTML, the workbook's zip container), and content a format cannot hold
    /// refused.
    #[test]
    fn every_renderer_writes_its_expected_output() {
        let t = sample();
        let table = Content::Table(&t);
        let text = |r: &dyn Renderer| String::from_utf8(r.bytes(&table).unwrap()).unwrap();
        assert_eq!(
            text(&csv::Csv),
            "ticker,price,return,ok\nAMZN,153.73,0.015590936,true\n\"A,B\",,-0.5,false\n"
        );
        assert_eq!(
            text(&table::Aligned),
            "ticker   price    return  ok\n\
             ------  ------  --------  ---\n\
             AMZN    153.73   +1.56 %  yes\n\
             A,B          -  -50.00 %  no\n"
        );
        let json: serde_json::Value = serde_json::from_str(&text(&json::Json)).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                {"ticker": "AMZN", "price": 153.73, "return": 0.015590936, "ok": true},
                {"ticker": "A,B", "price": null, "return": -0.5, "ok": false}
            ])
        );
        assert_eq!(
            text(&markdown::Markdown),
            "| ticker | price | return | ok |\n\
             |---|--:|--:|---|\n\
             | AMZN | 153.73 | +1.56 % | yes |\n\
             | A,B | - | -50.00 % | no |\n"
        );
        let page = text(&html::Html);
        assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
        assert!(page.contains("<td>AMZN</td>"), "{page}");
        assert!(page.contains("-50.00 %"), "{page}");
        let sheets = [("sample", &t)];
        let book = xlsx::Xlsx.bytes(&Content::Sheets(&sheets)).unwrap();
        assert_eq!(&book[..4], b"PK\x03\x04", "a zip container");
        let mut doc = Document::default();
        doc.push(crate::content::Block::Title("Layoffs".into()));
        let none = |_: &str| None;
        let d = Content::Document(&doc, &none);
        assert_eq!(
            String::from_utf8(markdown::Markdown.bytes(&d).unwrap()).unwrap(),
            "# Layoffs\n"
        );
        for r in [
            &csv::Csv as &dyn Renderer,
            &table::Aligned,
            &json::Json,
            &xlsx::Xlsx,
        ] {
            let e = r.bytes(&d).unwrap_err().to_string();
            assert!(e.contains("cannot hold a document"), "{}: {e}", r.name());
        }
        assert!(csv::Csv.bytes(&Content::Sheets(&sheets)).is_err());
    }
}
