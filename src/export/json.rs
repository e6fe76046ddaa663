//! JSON output: an array of objects keyed by column name; returns as fractions.

use std::io::Write;

use serde_json::{Map, Value};

use super::{Cell, Table, TableFormat};

/// JSON writer.
pub struct Json;

fn value(c: &Cell) -> Value {
    match c {
        Cell::Null => Value::Null,
        Cell::Str(s) => Value::String(s.clone()),
        Cell::Int(i) => Value::from(*i),
        Cell::Date(d) => Value::String(crate::date::format(*d)),
        Cell::Num(v) | Cell::Ret(v) | Cell::Share(v) => serde_json::Number::from_f64(*v)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        Cell::Bool(b) => Value::Bool(*b),
    }
}

impl TableFormat for Json {
    const NAME: &'static str = "json";

    fn write(&self, table: &Table, out: &mut dyn Write) -> std::io::Result<()> {
        let rows: Vec<Value> = table
            .rows
            .iter()
            .map(|r| {
                let m: Map<String, Value> = table
                    .columns
                    .iter()
                    .zip(r)
                    .map(|(k, c)| (k.clone(), value(c)))
                    .collect();
                Value::Object(m)
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)
    }
}
