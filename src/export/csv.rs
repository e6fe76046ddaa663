//! CSV output: a header row, returns as fractions, missing values empty.

use std::io::Write;

use super::{Cell, Format, Table};

/// CSV writer.
pub struct Csv;

fn field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

/// A cell as CSV text.
pub fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Null => String::new(),
        Cell::Str(s) => field(s).into_owned(),
        Cell::Int(i) => i.to_string(),
        Cell::Num(v) | Cell::Ret(v) => v.to_string(),
        Cell::Bool(b) => b.to_string(),
    }
}

impl Format for Csv {
    fn write(&self, table: &Table, out: &mut dyn Write) -> std::io::Result<()> {
        let header: Vec<_> = table.columns.iter().map(|c| field(c)).collect();
        writeln!(out, "{}", header.join(","))?;
        let mut line = String::new();
        for row in &table.rows {
            line.clear();
            for (i, c) in row.iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                line.push_str(&cell_text(c));
            }
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    }
}
