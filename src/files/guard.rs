//! Output safety: no output may be an input (`-o events.csv` while reading `events.csv`, a
//! study written over its prices folder), and a command's output folder is built beside
//! the target and swapped in whole, so a killed run never leaves a mix of old and new files.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The files and folders a command reads, resolved (symbolic links followed), to check
/// outputs against.
#[derive(Debug, Default, Clone)]
pub struct Inputs {
    paths: Vec<(PathBuf, bool)>,
}

/// The absolute, link-free form of a path that may not exist yet: its longest existing
/// ancestor resolved, the rest appended.
pub fn resolve(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut rest = Vec::new();
    let mut cur = abs.as_path();
    loop {
        if let Ok(p) = std::fs::canonicalize(cur) {
            return rest.iter().rev().fold(p, |acc, part| acc.join(part));
        }
        match (cur.parent(), cur.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                cur = parent;
            }
            _ => return abs,
        }
    }
}

impl Inputs {
    /// The inputs among `paths` that exist (a missing one fails later, when it is read).
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Self {
        let paths = paths
            .into_iter()
            .filter_map(|p| {
                let meta = std::fs::metadata(p).ok()?;
                Some((std::fs::canonicalize(p).ok()?, meta.is_dir()))
            })
            .collect();
        Inputs { paths }
    }

    /// Refuses an output file that is an input, or a CSV or Parquet file directly in an
    /// input folder (it would be read as prices by the next run).
    ///
    /// # Errors
    /// A usage error naming the flag, the output and the input.
    pub fn check_file(&self, flag: &str, out: &Path) -> Result<()> {
        let o = resolve(out);
        for (p, is_dir) in &self.paths {
            if !is_dir && *p == o {
                return Err(Error::Usage(format!(
                    "{flag} {} is also an input of this command: choose another output file \
                     (inputs are never changed)",
                    out.display()
                )));
            }
            if *is_dir && (o == *p || (o.parent() == Some(p.as_path()) && is_price_file(&o))) {
                return Err(Error::Usage(format!(
                    "{flag} {} is inside the input folder {}: choose a file outside it \
                     (it would be read as input by the next run)",
                    out.display(),
                    p.display()
                )));
            }
        }
        Ok(())
    }

    /// Refuses an output folder that is an input folder or holds an input (the folder is
    /// replaced whole).
    ///
    /// # Errors
    /// A usage error naming the flag, the folder and the input.
    pub fn check_dir(&self, flag: &str, out: &Path) -> Result<()> {
        let o = resolve(out);
        for (p, _) in &self.paths {
            if p.starts_with(&o) {
                return Err(Error::Usage(format!(
                    "{flag} {} holds the input {}: choose another output folder (the output \
                     folder is replaced whole and inputs are never changed)",
                    out.display(),
                    p.display()
                )));
            }
        }
        Ok(())
    }
}

/// True for the files a prices folder is read from (`.csv`, `.parquet`, any case).
pub fn is_price_file(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("parquet"))
}

/// The file that marks a folder as written by this tool, so that the next run may replace
/// it whole.
pub const MARKER: &str = ".layoff-study";

const PREFIX: &str = ".layoff-study-";

/// An output folder under construction: every file is written into a hidden sibling folder
/// that [`StagedDir::commit`] swaps in for the target. Dropped without a commit, the sibling
/// is removed; left behind by a killed run, it is removed by the next run.
#[derive(Debug)]
pub struct StagedDir {
    target: PathBuf,
    tmp: Option<tempfile::TempDir>,
}

impl StagedDir {
    /// Prepares the sibling folder of `target`, after checking that `target` is new, empty
    /// or a folder this tool wrote.
    ///
    /// # Errors
    /// `target` is a file or a folder holding other files (usage); I/O failure.
    pub fn new(flag: &str, target: &Path) -> Result<Self> {
        let target = resolve(target);
        let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                Error::Usage(format!("{flag} {}: not a folder name", target.display()))
            })?;
        check_replaceable(flag, &target)?;
        std::fs::create_dir_all(&parent).map_err(|e| Error::write(&parent, e))?;
        clean_leftovers(&parent, &name);
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}{PREFIX}{}-", std::process::id()))
            .tempdir_in(&parent)
            .map_err(|e| Error::write(&parent, e))?;
        let marker = tmp.path().join(MARKER);
        std::fs::write(
            &marker,
            "Written by layoff-study. The next run with this folder as --out replaces it whole.\n",
        )
        .map_err(|e| Error::write(&marker, e))?;
        Ok(StagedDir {
            target,
            tmp: Some(tmp),
        })
    }

    /// Where to write the outputs.
    pub fn path(&self) -> &Path {
        self.tmp
            .as_ref()
            .map_or(self.target.as_path(), |t| t.path())
    }

    /// The folder the outputs end up in.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Swaps the finished folder in for the target, and removes the previous outputs.
    ///
    /// # Errors
    /// I/O failure (the previous folder then stays as it was).
    pub fn commit(mut self) -> Result<()> {
        let Some(tmp) = self.tmp.take() else {
            return Ok(());
        };
        let new = tmp.keep();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o755));
        }
        if !self.target.exists() {
            return std::fs::rename(&new, &self.target).map_err(|e| Error::write(&self.target, e));
        }
        if exchange(&new, &self.target).is_err() {
            // No atomic exchange here: move the old folder aside, then the new one in.
            let old = new.with_extension("old");
            std::fs::rename(&self.target, &old).map_err(|e| Error::write(&self.target, e))?;
            std::fs::rename(&new, &self.target).map_err(|e| Error::write(&self.target, e))?;
            let _ = std::fs::remove_dir_all(&old);
            return Ok(());
        }
        // `new` now holds the previous outputs.
        let _ = std::fs::remove_dir_all(&new);
        Ok(())
    }
}

/// Swaps two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 does not keep the pointers.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Names a folder of this tool's outputs may hold when it predates the marker file.
fn is_output_name(name: &str) -> bool {
    [
        ".csv", ".png", ".svg", ".md", ".txt", ".json", ".html", ".xlsx", ".parquet",
    ]
    .iter()
    .any(|e| name.ends_with(e))
}

/// A target may be replaced when it does not exist, is empty, carries the marker, or holds
/// only this tool's output files (and the demo's `data` folder).
fn check_replaceable(flag: &str, target: &Path) -> Result<()> {
    let meta = match std::fs::symlink_metadata(target) {
        Err(_) => return Ok(()),
        Ok(m) => m,
    };
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "{flag} {} exists and is not a folder: expected a new or existing output folder",
            target.display()
        )));
    }
    if target.join(MARKER).is_file() {
        return Ok(());
    }
    let entries = std::fs::read_dir(target).map_err(|e| Error::io(target, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(target, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        let ours = (is_file && is_output_name(&name)) || name == "data";
        if !ours {
            return Err(Error::Usage(format!(
                "{flag} {} holds {name:?}, which this tool did not write; the output folder is \
                 replaced whole, so choose a new or empty folder",
                target.display()
            )));
        }
    }
    Ok(())
}

/// Removes sibling folders of `name` left by killed runs (their process is gone).
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let start = format!(".{name}{PREFIX}");
    for entry in entries.flatten() {
        let n = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = n.strip_prefix(&start) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| p == std::process::id() || process_alive(p));
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_that_is_an_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let ev = dir.path().join("ev.csv");
        std::fs::write(&ev, "x").unwrap();
        let prices = dir.path().join("prices");
        std::fs::create_dir(&prices).unwrap();
        let inputs = Inputs::new([ev.as_path(), prices.as_path()]);
        assert!(inputs.check_file("-o", &ev).is_err());
        assert!(
            inputs
                .check_file("-o", &dir.path().join("./ev.csv"))
                .is_err()
        );
        assert!(inputs.check_file("-o", &prices.join("new.csv")).is_err());
        assert!(inputs.check_file("-o", &prices.join("chart.png")).is_ok());
        assert!(inputs.check_file("-o", &dir.path().join("out.csv")).is_ok());
        assert!(inputs.check_dir("--out", &prices).is_err());
        assert!(inputs.check_dir("--out", dir.path()).is_err());
        assert!(inputs.check_dir("--out", &dir.path().join("new")).is_ok());
    }

    #[test]
    fn a_staged_folder_replaces_the_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("report.md"), "old").unwrap();
        let s = StagedDir::new("--out", &out).unwrap();
        std::fs::write(s.path().join("cars.csv"), "new").unwrap();
        assert!(
            out.join("report.md").exists(),
            "the old folder stays until the commit"
        );
        s.commit().unwrap();
        assert!(!out.join("report.md").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("cars.csv")).unwrap(),
            "new"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "no sibling folder is left");
    }

    #[test]
    fn a_folder_with_other_files_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("thesis.docx"), "mine").unwrap();
        assert!(StagedDir::new("--out", dir.path()).is_err());
    }

    #[test]
    fn leftovers_of_killed_runs_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // A pid above the kernel's maximum is never alive.
        let dead = dir.path().join(".out.layoff-study-4294967-abc");
        std::fs::create_dir(&dead).unwrap();
        let s = StagedDir::new("--out", &dir.path().join("out")).unwrap();
        assert!(!dead.exists());
        drop(s);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert!(names.is_empty(), "a dropped stage removes its folder");
    }
}
