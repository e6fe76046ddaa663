//! CSV output: a header row, returns as fractions, missing values empty.

use std::io::Write;

use super::{Cell, Format, Table};

/// CSV writer.
pub struct Csv;

/// A text field, quoted when it holds a comma, a quote or a line end.
pub fn field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

/// Numbers smaller than this in magnitude are written in exponent form (`5.1e-58`), which
/// is then the shortest exact spelling; others as plain decimals (`0.015590936`).
pub const EXPONENT_BELOW: f64 = 1e-4;

/// A number as CSV text: the shortest spelling that reads back to the same value.
pub fn number_text(v: f64) -> String {
    if v != 0.0 && v.abs() < EXPONENT_BELOW {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

/// Writes a comma and then `v` as [`number_text`] spells it, or only the comma when `v` is
/// not finite (a missing value), without a temporary string: for the large tables written
/// row by row.
///
/// # Errors
/// I/O failure.
pub fn write_number(out: &mut dyn Write, v: f64) -> std::io::Result<()> {
    if v.is_finite() && v != 0.0 && v.abs() < EXPONENT_BELOW {
        write!(out, ",{v:e}")
    } else if v.is_finite() {
        write!(out, ",{v}")
    } else {
        out.write_all(b",")
    }
}

/// A cell as CSV text.
pub fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Null => String::new(),
        Cell::Str(s) => field(s).into_owned(),
        Cell::Int(i) => i.to_string(),
        Cell::Num(v) | Cell::Ret(v) | Cell::Share(v) => number_text(*v),
        Cell::Date(d) => crate::date::format(*d),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_numbers_use_the_exponent_form() {
        assert_eq!(number_text(5.1e-58), "5.1e-58");
        assert_eq!(number_text(0.015_590_936), "0.015590936");
        assert_eq!(number_text(-3e-5), "-3e-5");
        assert_eq!(number_text(0.0), "0");
        for v in [5.1e-58, 1.234_567_890_123e-7, 0.000_123, 12.5] {
            assert_eq!(number_text(v).parse::<f64>().unwrap(), v);
        }
    }
}
