//! What outputs hold before any format renders them: result tables of typed cells, and
//! documents (headings, paragraphs, tables, figures) built by the report assembly.

pub mod csv;
pub mod document;

pub use document::{Block, Document};

/// One cell of a result table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Missing value: empty in CSV, `null` in JSON.
    Null,
    /// Text.
    Str(String),
    /// A whole number.
    Int(i64),
    /// A price, count or statistic, written as is.
    Num(f64),
    /// A return, a fraction in CSV/JSON and a percentage in the table format.
    Ret(f64),
    /// A share of a whole (`pct_laid_off`): a fraction in CSV/JSON, a percentage in the
    /// table format and the workbook.
    Share(f64),
    /// A calendar day: `YYYY-MM-DD` in CSV/JSON/table, a date in the workbook.
    Date(crate::date::Day),
    /// A yes/no flag.
    Bool(bool),
}

impl Cell {
    /// A number, or `Null` for NaN.
    pub fn num(v: f64) -> Cell {
        if v.is_finite() {
            Cell::Num(v)
        } else {
            Cell::Null
        }
    }
    /// A return, or `Null` for NaN.
    pub fn ret(v: f64) -> Cell {
        if v.is_finite() {
            Cell::Ret(v)
        } else {
            Cell::Null
        }
    }
    /// A share of a whole, or `Null` for NaN.
    pub fn share(v: f64) -> Cell {
        if v.is_finite() {
            Cell::Share(v)
        } else {
            Cell::Null
        }
    }
    /// Text.
    pub fn str(s: impl Into<String>) -> Cell {
        Cell::Str(s.into())
    }
    /// Text, or `Null` when empty.
    pub fn opt_str(s: Option<&str>) -> Cell {
        match s {
            Some(s) if !s.is_empty() => Cell::Str(s.to_string()),
            _ => Cell::Null,
        }
    }
}

/// A result table: a header and rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(columns: &[&str]) -> Self {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }
}
