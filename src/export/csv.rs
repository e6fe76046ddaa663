//! CSV output: a header row, returns as fractions, missing values empty (the spelling of
//! [`crate::content::csv`]).

use std::io::Write;

use super::{Table, TableFormat};
pub use crate::content::csv::*;

/// CSV writer.
pub struct Csv;

impl TableFormat for Csv {
    const NAME: &'static str = "csv";

    fn write(&self, table: &Table, out: &mut dyn Write) -> std::io::Result<()> {
        write_table(table, out)
    }
}
