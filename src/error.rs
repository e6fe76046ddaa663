//! The library's error type: every failure names the file, line, column or flag at fault
//! and maps to one of the exit codes of the command-line contract.

use std::path::{Path, PathBuf};

/// Exit code for bad input data.
pub const EXIT_DATA: i32 = 1;
/// Exit code for bad usage (flags, arguments).
pub const EXIT_USAGE: i32 = 2;
/// Exit code for a network failure.
pub const EXIT_NETWORK: i32 = 3;
/// Exit code for a run that finished but left some inputs unread.
pub const EXIT_PARTIAL: i32 = 4;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A data file holds something the tool cannot use.
    #[error("{}{}: {message}", path.display(), location(unit, *line, column.as_deref()))]
    Data {
        /// The file at fault.
        path: PathBuf,
        /// What `line` counts: `line` in text files, `row` in Parquet files.
        unit: &'static str,
        /// 1-based line (or row), when one is at fault.
        line: Option<usize>,
        /// Column name (and 1-based position) when one cell is at fault.
        column: Option<String>,
        /// What was found and what was expected.
        message: String,
    },
    /// Flags or arguments that do not fit together (the settings named in the message by
    /// their [`crate::setting::Setting::mark`]).
    #[error("{}", crate::setting::for_command_line(.0))]
    Usage(String),
    /// A setting that is not what was expected, or does not fit with another.
    #[error("{}", crate::setting::for_command_line(message))]
    Setting {
        /// The setting at fault.
        setting: crate::setting::Setting,
        /// What was given and what was expected, naming settings by their marks.
        message: String,
    },
    /// The inputs were read but hold nothing to answer the question asked (a ticker with
    /// no price on the date asked for).
    #[error("{0}")]
    NoResult(String),
    /// A download failed.
    #[error("{0}")]
    Network(String),
    /// Writing an output failed (a read-only folder, a full disk): choose another output.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The output at fault.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Drawing a chart failed (the bundled font, the drawing library).
    #[error("{0}")]
    Render(String),
    /// Reading a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file at fault.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

fn location(unit: &str, line: Option<usize>, column: Option<&str>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(", {unit} {l}, column {c}"),
        (Some(l), None) => format!(", {unit} {l}"),
        (None, Some(c)) => format!(", column {c}"),
        (None, None) => String::new(),
    }
}

impl Error {
    /// A data error located at a line and column of a file.
    pub fn data(
        path: &Path,
        line: Option<usize>,
        column: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        Error::Data {
            path: path.to_path_buf(),
            unit: "line",
            line,
            column,
            message: message.into(),
        }
    }

    /// A data error located at a 1-based row of a table file (Parquet), not a text line.
    pub fn data_row(path: &Path, row: usize, column: &str, message: impl Into<String>) -> Self {
        Error::Data {
            path: path.to_path_buf(),
            unit: "row",
            line: Some(row),
            column: Some(column.to_string()),
            message: message.into(),
        }
    }

    /// A setting at fault; `message` names settings by their marks.
    pub fn setting(setting: crate::setting::Setting, message: impl Into<String>) -> Self {
        Error::Setting {
            setting,
            message: message.into(),
        }
    }

    /// The message as Python's keywords spell the settings (`min_estimation=300 ...`).
    pub fn for_python(&self) -> String {
        match self {
            Error::Usage(m) | Error::Setting { message: m, .. } => crate::setting::for_python(m),
            e => e.to_string(),
        }
    }

    /// A failure to write an output file or folder.
    pub fn write(path: &Path, source: std::io::Error) -> Self {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A failure to read an input file.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The process exit code for this error, the one place where failure classes meet the
    /// exit codes of the command-line contract: unreadable or unusable input data, and a
    /// drawing failure, 1; flags, arguments and outputs the user chose, 2; the network, 3.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Data { .. } | Error::Io { .. } | Error::NoResult(_) | Error::Render(_) => {
                EXIT_DATA
            }
            Error::Usage(_) | Error::Setting { .. } | Error::Write { .. } => EXIT_USAGE,
            Error::Network(_) => EXIT_NETWORK,
        }
    }
}

/// A value that is not what was expected, with why in words; the caller says where it was
/// (a file's line and column, a flag) when it turns it into an [`Error`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

impl From<Invalid> for String {
    fn from(i: Invalid) -> String {
        i.0
    }
}

/// Result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
