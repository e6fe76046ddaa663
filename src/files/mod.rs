//! Writing files safely: every output through a temporary file renamed into place (so no
//! half-written output), the guard that keeps outputs off inputs and swaps output folders in
//! whole, and direct writes for the largest tables.

pub mod direct;
pub mod guard;

use std::io::Write;
use std::path::Path;

use crate::content::Table;
use crate::error::{Error, Result};

/// Writes a table as CSV ([`crate::content::csv`]) to `path` atomically.
///
/// # Errors
/// I/O failure.
pub fn write_csv(path: &Path, table: &Table) -> Result<()> {
    write_atomic_with(path, |f| crate::content::csv::write_table(table, f))
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
