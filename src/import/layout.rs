//! The plug-in point for price file layouts: each layout recognises its header and says
//! which columns hold the date, the prices and the volume.

/// The first lines of a file, split and normalised (see [`crate::tabular::norm_header`]).
pub struct Head {
    /// Up to three leading lines, each split into normalised cells.
    pub lines: Vec<Vec<String>>,
}

impl Head {
    /// Position of the first header cell of line 0 equal to one of `names`.
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        let first = self.lines.first()?;
        first.iter().position(|c| names.contains(&c.as_str()))
    }

    /// True when line 0 holds every one of `names`.
    pub fn has_all(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.find(&[n]).is_some())
    }
}

/// Names a date column goes by.
pub const DATE_NAMES: &[&str] = &["date", "timestamps", "timestamp", "datetime", "time"];
/// Names an adjusted-close column goes by.
pub const ADJ_NAMES: &[&str] = &[
    "adj close",
    "adj_close",
    "adjclose",
    "adjusted close",
    "adjusted_close",
];
/// Names a close column goes by.
pub const CLOSE_NAMES: &[&str] = &["close", "close/last", "price"];
/// Names a ticker column goes by.
pub const TICKER_NAMES: &[&str] = &["ticker", "symbol"];

/// Where a group of columns takes its ticker from.
#[derive(Debug, Clone, PartialEq)]
pub enum TickerFrom {
    /// The file stem (`AMZN.csv` holds AMZN).
    FileStem,
    /// A named ticker from a header line (yfinance `download()`).
    Named(String),
    /// A column of each row (long files).
    Column(usize),
}

/// The columns of one security in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Where the ticker comes from.
    pub ticker: TickerFrom,
    /// Close column.
    pub close: usize,
    /// Adjusted-close column, when the layout has one.
    pub adj_close: Option<usize>,
    /// Volume column, when present.
    pub volume: Option<usize>,
}

/// How to read a file once its layout is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Lines before the first data row.
    pub header_lines: usize,
    /// Date column.
    pub date: usize,
    /// One group per security (several in a multi-ticker yfinance download).
    pub groups: Vec<Group>,
}

/// One price file layout.
pub trait PriceLayout: Sync {
    /// Short name used in messages (`yahoo`, `stooq`, ...).
    fn name(&self) -> &'static str;
    /// The reading plan if the file's first lines are this layout's.
    fn detect(&self, head: &Head) -> Option<Plan>;
}

/// A one-security plan from the first line's date, close, adjusted close and volume names.
pub fn single(head: &Head, close_names: &[&str]) -> Option<Plan> {
    Some(Plan {
        header_lines: 1,
        date: head.find(DATE_NAMES)?,
        groups: vec![Group {
            ticker: TickerFrom::FileStem,
            close: head.find(close_names)?,
            adj_close: head.find(ADJ_NAMES),
            volume: head.find(&["volume"]),
        }],
    })
}
