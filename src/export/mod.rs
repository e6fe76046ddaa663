//! Output: result tables and the formats they are written in (CSV, aligned table, JSON),
//! documents rendered as Markdown and HTML, workbooks, atomic file writes (a temporary file renamed into
//! place, so no half-written output) and the guard that keeps outputs off inputs.

pub mod csv;
pub mod direct;
pub mod document;
pub mod guard;
pub mod html;
mod json;
pub mod markdown;
pub mod table;
pub mod xlsx;

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

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

/// Writes bytes to `path` through a temporary file in the same folder and a rename.
///
/// # Errors
/// I/O failure.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// Like [`write_atomic`], with a closure that writes the content.
///
/// What is at `path` decides how: a new or regular file is replaced through a temporary
/// file and a rename (an existing file keeps its permissions); a symbolic link is followed
/// and its target replaced the same way (the link stays); a character device or a FIFO
/// (`/dev/stdout`, `/dev/null`, a named pipe) is written through, never replaced; a folder,
/// a block device or a socket is refused.
///
/// # Errors
/// I/O failure, the closure's error, or a target that cannot be written.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    let (path, mode) = match target_kind(path)? {
        Target::New => (path.to_path_buf(), None),
        Target::Regular(p, mode) => (p, Some(mode)),
        Target::WriteThrough => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| Error::write(path, e))?;
            fill(&mut f).map_err(|e| Error::write(path, e))?;
            return f.flush().map_err(|e| Error::write(path, e));
        }
    };
    let path = path.as_path();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".layoff-study-")
        .tempfile_in(dir)
        .map_err(|e| Error::write(dir, e))?;
    fill(tmp.as_file_mut()).map_err(|e| Error::write(path, e))?;
    tmp.as_file_mut()
        .flush()
        .map_err(|e| Error::write(path, e))?;
    // Temporary files are private (0600); a new output gets the usual 0644, an existing
    // one keeps its mode.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = std::fs::Permissions::from_mode(mode.unwrap_or(0o644));
        tmp.as_file()
            .set_permissions(perms)
            .map_err(|e| Error::write(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    tmp.persist(path).map_err(|e| Error::write(path, e.error))?;
    Ok(())
}

/// What an output path names.
enum Target {
    /// Nothing yet.
    New,
    /// A regular file (the link's target for a symbolic link) and its permission bits.
    Regular(std::path::PathBuf, u32),
    /// A character device or FIFO: written in place.
    WriteThrough,
}

fn target_kind(path: &Path) -> Result<Target> {
    let Ok(meta) = std::fs::metadata(path) else {
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(Error::Usage(format!(
                "{} is a symbolic link to nothing: expected a file to write",
                path.display()
            )));
        }
        return Ok(Target::New);
    };
    let ft = meta.file_type();
    if ft.is_file() {
        let real = std::fs::canonicalize(path).map_err(|e| Error::write(path, e))?;
        #[cfg(unix)]
        let mode = std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o7777;
        #[cfg(not(unix))]
        let mode = 0o644;
        return Ok(Target::Regular(real, mode));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_char_device() || ft.is_fifo() {
            return Ok(Target::WriteThrough);
        }
    }
    Err(Error::Usage(format!(
        "{} is not a regular file (a folder, block device or socket): expected a file to write",
        path.display()
    )))
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

    #[cfg(unix)]
    #[test]
    fn special_outputs_are_never_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        // An existing file keeps its mode.
        let private = dir.path().join("private.csv");
        std::fs::write(&private, "secret").unwrap();
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&private, b"a\n").unwrap();
        let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // A symbolic link stays a link; its target gets the content.
        let target = dir.path().join("target.csv");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        // A character device is written through (/dev/null stays a device).
        write_atomic(Path::new("/dev/null"), b"x").unwrap();
        assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
        // A folder is refused.
        assert!(write_atomic(dir.path(), b"x").is_err());
    }

    #[test]
    fn atomic_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        write_atomic(&p, b"a\n").unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        assert_eq!(std::fs::read(&p).unwrap(), b"a\n");
    }
}
