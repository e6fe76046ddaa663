//! The estimation-window abnormal returns of the studied events, which only the
//! Kolari-Pynnönen correlation and the rank test read once every event is studied. A study
//! of a million events has two gigabytes of them: past [`MEMORY_BYTES`] they go to an
//! anonymous temporary file (deleted by the system when the process ends, even when it is
//! killed) and are read back one event at a time. The values are stored as they are, so
//! every statistic is the same wherever they are kept.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::os::unix::fs::FileExt;

use crate::error::{Error, Result};

/// Bytes of abnormal returns kept in memory before the store moves to a temporary file.
pub const MEMORY_BYTES: usize = 256 << 20;

/// Fixed-length rows of abnormal returns, appended in any order and read by slot.
#[derive(Debug)]
pub struct ArStore {
    len: usize,
    rows: usize,
    kept: Kept,
}

#[derive(Debug)]
enum Kept {
    Memory(Vec<f64>),
    File(BufWriter<File>),
    /// Written and flushed: read only.
    Sealed(File),
}

impl ArStore {
    /// A store of rows of `len` values, in memory when `expected_rows` of them fit in
    /// [`MEMORY_BYTES`].
    pub fn new(len: usize, expected_rows: usize) -> Result<ArStore> {
        let kept = if expected_rows.saturating_mul(len).saturating_mul(8) <= MEMORY_BYTES {
            Kept::Memory(Vec::new())
        } else {
            Kept::File(BufWriter::with_capacity(1 << 20, temp_file()?))
        };
        Ok(ArStore { len, rows: 0, kept })
    }

    /// Values per row.
    pub fn row_len(&self) -> usize {
        self.len
    }

    /// Appends a row (of [`row_len`](Self::row_len) values) and returns its slot.
    ///
    /// # Errors
    /// The temporary file cannot be written (a full disk).
    pub fn push(&mut self, row: &[f64]) -> Result<usize> {
        debug_assert_eq!(row.len(), self.len);
        match &mut self.kept {
            Kept::Memory(v) => v.extend_from_slice(row),
            Kept::File(w) => {
                let bytes: Vec<u8> = row.iter().flat_map(|x| x.to_le_bytes()).collect();
                w.write_all(&bytes).map_err(temp_err)?;
            }
            Kept::Sealed(_) => return Err(Error::Render("abnormal-return store is sealed".into())),
        }
        self.rows += 1;
        Ok(self.rows - 1)
    }

    /// Ends the writing: every row pushed can be read.
    ///
    /// # Errors
    /// The temporary file cannot be written.
    pub fn seal(&mut self) -> Result<()> {
        if let Kept::File(_) = self.kept {
            let Kept::File(w) = std::mem::replace(&mut self.kept, Kept::Memory(Vec::new())) else {
                unreachable!()
            };
            let file = w.into_inner().map_err(|e| temp_err(e.into_error()))?;
            self.kept = Kept::Sealed(file);
        }
        Ok(())
    }

    /// Reads the row of a slot into `out` (which must hold [`row_len`](Self::row_len)
    /// values).
    ///
    /// # Errors
    /// The temporary file cannot be read.
    pub fn read(&self, slot: usize, out: &mut [f64]) -> Result<()> {
        let n = self.len;
        match &self.kept {
            Kept::Memory(v) => out.copy_from_slice(&v[slot * n..(slot + 1) * n]),
            Kept::Sealed(f) => {
                let mut bytes = vec![0u8; n * 8];
                f.read_exact_at(&mut bytes, (slot * n * 8) as u64)
                    .map_err(temp_err)?;
                for (o, b) in out.iter_mut().zip(bytes.chunks_exact(8)) {
                    *o = f64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
                }
            }
            Kept::File(_) => {
                return Err(Error::Render(
                    "abnormal-return store read before it was sealed".into(),
                ));
            }
        }
        Ok(())
    }

    /// True when the rows are in a temporary file.
    pub fn on_disk(&self) -> bool {
        !matches!(self.kept, Kept::Memory(_))
    }
}

fn temp_file() -> Result<File> {
    tempfile::tempfile().map_err(temp_err)
}

fn temp_err(e: std::io::Error) -> Error {
    Error::Io {
        path: std::env::temp_dir(),
        source: e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(expected_rows: usize) {
        let mut s = ArStore::new(3, expected_rows).unwrap();
        let rows = [
            [1.5, f64::NAN, -0.0],
            [f64::MIN_POSITIVE, 2.0, f64::INFINITY],
        ];
        let slots: Vec<usize> = rows.iter().map(|r| s.push(r).unwrap()).collect();
        s.seal().unwrap();
        assert_eq!(s.on_disk(), expected_rows > MEMORY_BYTES / 24);
        for (slot, row) in slots.iter().zip(&rows) {
            let mut out = [0.0; 3];
            s.read(*slot, &mut out).unwrap();
            // Bit for bit, NaN and -0 included.
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&out), bits(row));
        }
    }

    #[test]
    fn rows_come_back_bit_for_bit_from_memory() {
        round_trip(10);
    }

    #[test]
    fn rows_come_back_bit_for_bit_from_the_temporary_file() {
        round_trip(usize::MAX / 64);
    }
}
