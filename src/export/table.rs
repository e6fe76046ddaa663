//! Aligned text table for reading in a terminal: returns as signed percentages
//! (`+1.56 %`), prices with two decimals, numbers right-aligned.

use std::io::Write;

use super::{Cell, Table, TableFormat};

/// Aligned table writer.
pub struct Aligned;

/// A cell as table text.
pub fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Null => "-".into(),
        Cell::Str(s) => s.clone(),
        Cell::Int(i) => i.to_string(),
        Cell::Num(v) if v.abs() >= 1e6 => format!("{v:.0}"),
        Cell::Num(v) if v.abs() < 0.01 && *v != 0.0 => format!("{v:.4}"),
        Cell::Num(v) => format!("{v:.2}"),
        Cell::Ret(v) => format!("{:+.2} %", v * 100.0),
        Cell::Share(v) => format!("{:.2} %", v * 100.0),
        Cell::Date(d) => crate::date::format(*d),
        Cell::Bool(b) => if *b { "yes" } else { "no" }.into(),
    }
}

pub(crate) fn right_aligned(c: &Cell) -> bool {
    matches!(
        c,
        Cell::Int(_) | Cell::Num(_) | Cell::Ret(_) | Cell::Share(_)
    )
}

impl TableFormat for Aligned {
    const NAME: &'static str = "table";

    fn write(&self, table: &Table, out: &mut dyn Write) -> std::io::Result<()> {
        let texts: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        let mut width: Vec<usize> = table.columns.iter().map(|c| c.chars().count()).collect();
        for r in &texts {
            for (w, t) in width.iter_mut().zip(r) {
                *w = (*w).max(t.chars().count());
            }
        }
        let numeric: Vec<bool> = (0..table.columns.len())
            .map(|i| {
                table
                    .rows
                    .iter()
                    .any(|r| r.get(i).is_some_and(right_aligned))
            })
            .collect();
        let line = |cells: &[String]| {
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    if numeric[i] {
                        format!("{t:>w$}", w = width[i])
                    } else {
                        format!("{t:<w$}", w = width[i])
                    }
                })
                .collect();
            parts.join("  ").trim_end().to_string()
        };
        writeln!(out, "{}", line(&table.columns))?;
        let rule: Vec<String> = width.iter().map(|&w| "-".repeat(w)).collect();
        writeln!(out, "{}", rule.join("  "))?;
        for r in &texts {
            writeln!(out, "{}", line(r))?;
        }
        Ok(())
    }
}
