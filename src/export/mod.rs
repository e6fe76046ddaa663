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

pub use crate::content::{Cell, Table};
use crate::error::{Error, Result};
use crate::files::write_atomic;

/// An output format (one file per format, as hyperfine's `export/`).
pub trait Format {
    /// Writes the table.
    ///
    /// # Errors
    /// Only the writer's I/O errors.
    fn write(&self, table: &Table, out: &mut dyn Write) -> std::io::Result<()>;
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
    fn formatter(self) -> &'static dyn Format {
        match self {
            OutputFormat::Csv => &csv::Csv,
            OutputFormat::Table => &table::Aligned,
            OutputFormat::Json => &json::Json,
        }
    }

    /// Renders a table in this format.
    pub fn render(self, table: &Table) -> Vec<u8> {
        let mut buf = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.formatter().write(table, &mut buf);
        buf
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
}
