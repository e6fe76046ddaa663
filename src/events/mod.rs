//! Layoff events: reading layoffs.fyi exports, WARN tables, the canonical events CSV and any
//! CSV with a ticker and a date, and the per-event exclusion record shared by every command.

pub mod aliases;
pub mod frame;
mod layouts;
pub mod load;
pub mod registration;
pub mod sec;
pub mod tickers;
pub mod warn;

use std::collections::HashMap;
use std::path::Path;

use crate::content::{Cell, Table};
use crate::date::{self, Day};
use crate::error::{Error, Result};
use crate::filings::Timing;
use crate::filings::clock::{self, NyTime};
use crate::tabular as csv;
pub use layouts::{EventLayout, detect_layout};

/// One layoff announcement.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Stable identifier: the file's `event_id`, else the data row number.
    pub id: String,
    /// Company name as written (trimmed).
    pub company: String,
    /// Ticker, upper case, when known.
    pub ticker: Option<String>,
    /// Announcement date.
    pub date: Day,
    /// Number of people laid off, when given.
    pub laid_off: Option<f64>,
    /// Share of the workforce laid off (0..1), when given.
    pub pct_laid_off: Option<f64>,
    /// Industry.
    pub industry: String,
    /// Country.
    pub country: String,
    /// Funding stage (`Post-IPO`, ...).
    pub stage: String,
    /// Where the event came from (URL or file).
    pub source: String,
    /// How the ticker was found (`column`, `override`, `alias`, `exact`, `normalised`,
    /// `legal-entity`, `ticker`), or why not (`unmatched (...)`).
    pub matched_by: String,
    /// Confidence of the ticker (1 for a ticker column, a map or an alias; see
    /// [`sec::THRESHOLD`] for SEC matches); `None` without a ticker.
    pub confidence: Option<f64>,
    /// Date of the SEC list the names were matched against, when one was used.
    pub sec_date: Option<Day>,
    /// The company's SEC Central Index Key, when the SEC list knows it.
    pub cik: Option<u64>,
    /// The exchange of the ticker in the SEC list (`Nasdaq`, `NYSE`, `CBOE`, `OTC`), when
    /// it is known, so that over-the-counter listings can be filtered.
    pub exchange: Option<String>,
    /// The reported time, the layoff filing, confounders and the round (METHODS §9).
    pub timing: Timing,
}

impl Event {
    /// The value of an events column for `--group-by`: a canonical column, `year` (of the
    /// announcement) or `pct_bucket` (share laid off in bands).
    pub fn group_value(&self, column: &str) -> Option<String> {
        let s = |v: &str| (!v.is_empty()).then(|| v.to_string());
        match column {
            "industry" => s(&self.industry),
            "country" => s(&self.country),
            "stage" => s(&self.stage),
            "ticker" => self.ticker.clone(),
            "company" => s(&self.company),
            "year" => Some(date::year_of(self.date).to_string()),
            "round" => self
                .timing
                .round
                .map(|r| crate::filings::round_group(r).to_string()),
            "pct_bucket" | "pct_laid_off" => self.pct_laid_off.map(|p| {
                match p {
                    p if p < 0.05 => "<5%",
                    p if p < 0.10 => "5-10%",
                    p if p < 0.20 => "10-20%",
                    _ => ">=20%",
                }
                .to_string()
            }),
            "laid_off" | "size" => self.laid_off.map(|n| {
                match n {
                    n if n < 100.0 => "<100",
                    n if n < 1000.0 => "100-999",
                    n if n < 10_000.0 => "1000-9999",
                    _ => ">=10000",
                }
                .to_string()
            }),
            _ => None,
        }
    }
}

/// Columns `--group-by` accepts.
pub const GROUP_COLUMNS: &[&str] = &[
    "industry",
    "country",
    "stage",
    "ticker",
    "company",
    "year",
    "pct_bucket",
    "laid_off",
    "round",
    "confounded",
];

/// An event left out of a computation, with the reason in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Exclusion {
    /// Event id.
    pub event_id: String,
    /// Ticker (empty when unknown).
    pub ticker: String,
    /// Announcement date.
    pub announce_date: Day,
    /// Why.
    pub reason: String,
}

impl Exclusion {
    /// The exclusion of an event that has no ticker, with the matcher's reason if any.
    pub fn no_ticker(e: &Event) -> Self {
        let why = e
            .matched_by
            .strip_prefix("unmatched (")
            .and_then(|r| r.strip_suffix(')'));
        Exclusion::of(
            e,
            match why {
                Some(w) => format!("no ticker for company {:?}: {w}", e.company),
                None => format!("no ticker for company {:?}", e.company),
            },
        )
    }

    /// An exclusion of an event.
    pub fn of(e: &Event, reason: impl Into<String>) -> Self {
        Exclusion {
            event_id: e.id.clone(),
            ticker: e.ticker.clone().unwrap_or_default(),
            announce_date: e.date,
            reason: reason.into(),
        }
    }
}

/// Exclusions as the `excluded.csv` table: `event_id,ticker,announce_date,reason`.
pub fn exclusions_table(ex: &[Exclusion]) -> Table {
    let mut t = Table::new(&["event_id", "ticker", "announce_date", "reason"]);
    for x in ex {
        t.rows.push(vec![
            Cell::str(&x.event_id),
            Cell::opt_str(Some(&x.ticker)),
            Cell::Date(x.announce_date),
            Cell::str(&x.reason),
        ]);
    }
    t
}

/// Events as the canonical events CSV of CLI.md.
pub fn events_table(events: &[Event]) -> Table {
    let mut t = Table::new(&[
        "event_id",
        "company",
        "ticker",
        "announce_date",
        "laid_off",
        "pct_laid_off",
        "industry",
        "country",
        "stage",
        "source",
        "matched_by",
        "confidence",
        "sec_list_date",
        "cik",
        "announce_time",
        "filing_time",
        "filing_items",
        "filing_accession",
        "filing_time_source",
        "round",
        "days_since_previous",
        "exchange",
    ]);
    for e in events {
        let f = e.timing.filing.as_ref();
        t.rows.push(vec![
            Cell::str(&e.id),
            Cell::str(&e.company),
            Cell::opt_str(e.ticker.as_deref()),
            Cell::Date(e.date),
            e.laid_off.map_or(Cell::Null, Cell::num),
            e.pct_laid_off.map_or(Cell::Null, Cell::share),
            Cell::opt_str(Some(&e.industry)),
            Cell::opt_str(Some(&e.country)),
            Cell::opt_str(Some(&e.stage)),
            Cell::opt_str(Some(&e.source)),
            Cell::opt_str(Some(&e.matched_by)),
            e.confidence.map_or(Cell::Null, Cell::num),
            e.sec_date.map_or(Cell::Null, Cell::Date),
            e.cik.map_or(Cell::Null, |c| Cell::Int(c as i64)),
            e.timing
                .announced
                .map_or(Cell::Null, |t| Cell::str(t.iso())),
            f.map_or(Cell::Null, |f| Cell::str(f.at.iso())),
            f.map_or(Cell::Null, |f| Cell::str(f.items.join(","))),
            f.map_or(Cell::Null, |f| Cell::str(&f.accession)),
            f.map_or(Cell::Null, |f| Cell::str(f.source.name())),
            e.timing.round.map_or(Cell::Null, |r| Cell::Int(r.into())),
            e.timing
                .days_since_previous
                .map_or(Cell::Null, |d| Cell::Int(d.into())),
            Cell::opt_str(e.exchange.as_deref()),
        ]);
    }
    t
}

/// Unmatched events as a table: `event_id,company,announce_date,stage,reason`.
pub fn unmatched_table(list: &[tickers::Unmatched], left_out: &[String]) -> Table {
    let mut t = Table::new(&["event_id", "company", "announce_date", "stage", "reason"]);
    // Rows left out on reading (a date that does not read), with file, line and reason.
    for why in left_out {
        t.rows.push(vec![
            Cell::Null,
            Cell::Null,
            Cell::Null,
            Cell::Null,
            Cell::str(why),
        ]);
    }
    for u in list {
        t.rows.push(vec![
            Cell::str(&u.event_id),
            Cell::str(&u.company),
            Cell::Date(u.announce_date),
            Cell::opt_str(Some(&u.stage)),
            Cell::str(&u.reason),
        ]);
    }
    t
}

/// Suggestions for the listed-stage names left without a ticker, one row per company:
/// `company,ticker,events,first_date,candidate_1,score_1,candidate_2,score_2,candidate_3,
/// score_3`. The `ticker` column is left empty for the user to fill; the file then reads
/// as a `--tickers` map (rows still empty are skipped).
pub fn suggestions_table(list: &[tickers::Unmatched]) -> Table {
    let mut t = Table::new(&[
        "company",
        "ticker",
        "events",
        "first_date",
        "candidate_1",
        "score_1",
        "candidate_2",
        "score_2",
        "candidate_3",
        "score_3",
    ]);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for u in list.iter().filter(|u| {
        !matches!(
            u.missing,
            tickers::Missing::Private | tickers::Missing::NotListedThen | tickers::Missing::NoList
        )
    }) {
        if let Some(&row) = seen.get(&u.company.to_lowercase()) {
            if let Cell::Int(n) = &mut t.rows[row][2] {
                *n += 1;
            }
            continue;
        }
        seen.insert(u.company.to_lowercase(), t.rows.len());
        let mut row = vec![
            Cell::str(&u.company),
            Cell::Null,
            Cell::Int(1),
            Cell::Date(u.announce_date),
        ];
        for i in 0..3 {
            match u.suggestions.get(i) {
                Some(c) => {
                    let exch = if c.company.exchange.is_empty() {
                        "exchange unknown"
                    } else {
                        &c.company.exchange
                    };
                    row.push(Cell::str(format!(
                        "{}: {} ({exch}; {})",
                        c.company.ticker,
                        c.company.title,
                        c.method.label()
                    )));
                    row.push(Cell::num((c.score * 100.0).round() / 100.0));
                }
                None => row.extend([Cell::Null, Cell::Null]),
            }
        }
        t.rows.push(row);
    }
    t
}

/// Drops repeated events: the same company (compared case-insensitively) on the same
/// date. Returns the kept events and, for each dropped one, the reason.
pub fn dedup(mut events: Vec<Event>) -> (Vec<Event>, Vec<Exclusion>) {
    // Each key's first event, by its place in `events`; the repeats are then dropped in
    // place (a million events are not copied into a second vector).
    let mut seen: HashMap<(String, Day), usize> = HashMap::with_capacity(events.len());
    let mut keep = vec![true; events.len()];
    let mut dropped = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let key = (e.company.trim().to_lowercase(), e.date);
        if let Some(&first) = seen.get(&key) {
            keep[i] = false;
            dropped.push(Exclusion::of(
                e,
                format!(
                    "repeats event {} ({} on {})",
                    events[first].id,
                    e.company,
                    date::format(e.date)
                ),
            ));
        } else {
            seen.insert(key, i);
        }
    }
    drop(seen);
    let mut at = 0;
    events.retain(|_| {
        at += 1;
        keep[at - 1]
    });
    (events, dropped)
}

/// What reading an events file gave.
#[derive(Debug, Default)]
pub struct EventsRead {
    /// The events with a date.
    pub events: Vec<Event>,
    /// Rows left out (no date, or a WARN notice date that does not read), with the reason.
    pub dropped: Vec<String>,
    /// Repeated WARN notices dropped (the same employer, date, count and place).
    pub repeated: usize,
    /// WARN counts of workers that are not a plain number (`40-50`, `Up to 122`), left
    /// empty.
    pub unread_counts: usize,
    /// The layout the file was read as.
    pub layout: &'static str,
    /// Where a WARN table gives no notice date: the header of the column read instead,
    /// the first day of the layoff.
    pub effective_date: Option<String>,
}

/// The events `returns` is asked about: those given, else the ticker's (or every
/// ticker's) on `day`.
///
/// # Errors
/// Neither events nor a day (usage).
pub fn asked(
    given: Option<Vec<Event>>,
    day: Option<Day>,
    ticker: Option<&str>,
    panel: &crate::series::Panel,
) -> crate::error::Result<Vec<Event>> {
    match (given, day) {
        (Some(e), _) => Ok(e),
        (None, Some(d)) => Ok(on_date_of(d, ticker, panel)),
        (None, None) => Err(crate::error::Error::Usage(format!(
            "give {}, or {} (with {} for one company)",
            crate::setting::mark_of("events"),
            crate::setting::mark_of("date"),
            crate::setting::mark_of("ticker")
        ))),
    }
}

/// The events of `returns --date D [--ticker T]`: one ticker (upper-cased), or every
/// ticker of the panel, on `day`.
pub fn on_date_of(day: Day, ticker: Option<&str>, panel: &crate::series::Panel) -> Vec<Event> {
    let tickers = match ticker {
        Some(t) => vec![t.to_ascii_uppercase()],
        None => panel.iter().map(|s| s.ticker.clone()).collect(),
    };
    on_date(day, tickers)
}

/// One event per ticker on `day` (`returns --date D [--ticker T]`): ids 1, 2, ..., the
/// ticker as the company.
pub fn on_date(day: Day, tickers: Vec<String>) -> Vec<Event> {
    tickers
        .into_iter()
        .enumerate()
        .map(|(i, t)| Event {
            id: (i + 1).to_string(),
            company: t.clone(),
            ticker: Some(t),
            date: day,
            laid_off: None,
            pct_laid_off: None,
            industry: String::new(),
            country: String::new(),
            stage: String::new(),
            source: "command line".into(),
            matched_by: "command line".into(),
            confidence: None,
            sec_date: None,
            cik: None,
            exchange: None,
            timing: Timing::default(),
        })
        .collect()
}

/// Why a WARN row of another width than the named columns is left out. State files have
/// ragged rows: such a row is listed, never read by position (Texas's trailing unnamed
/// columns may be absent or filled).
fn ragged_row(path: &Path, line: usize, found: usize, header: &[String]) -> Option<String> {
    let named = header
        .iter()
        .rposition(|h| !h.is_empty())
        .map_or(0, |i| i + 1);
    (found < named || found > header.len()).then(|| {
        format!(
            "{} line {line}: {found} fields where the header names {named}: left out, \
             never read by position",
            path.display()
        )
    })
}

/// The key of a WARN notice for dropping repeats.
type NoticeKey = (String, Day, Option<u64>, String);

/// True for the same WARN notice again (Texas repeats each one 3-4 times): dropped and
/// counted. A new notice whose count does not read is counted too.
fn repeated_notice(
    notices: &mut std::collections::HashSet<NoticeKey>,
    out: &mut EventsRead,
    e: &Event,
    cols: &layouts::Columns,
    rec: &::csv::StringRecord,
) -> bool {
    if !notices.insert(notice_key(e, cols, rec)) {
        out.repeated += 1;
        return true;
    }
    if let Some(c) = cols.laid_off
        && warn::count(rec.get(c).unwrap_or("")) == warn::Count::Unread
    {
        out.unread_counts += 1;
    }
    false
}

/// What makes two WARN notices the same: employer, date, count and place.
fn notice_key(e: &Event, cols: &layouts::Columns, rec: &::csv::StringRecord) -> NoticeKey {
    let place = cols
        .location
        .map_or("", |c| warn::clean(rec.get(c).unwrap_or("")));
    (
        e.company.to_lowercase(),
        e.date,
        e.laid_off.map(f64::to_bits),
        place.to_lowercase(),
    )
}

/// Reads an events file, detecting its layout unless `forced`.
///
/// # Errors
/// An unreadable file, no date column, an unparseable date or count (named by line and
/// column).
pub fn read(path: &Path, forced: Option<EventLayout>) -> Result<EventsRead> {
    let text = csv::read_text(path)?;
    let mut out = EventsRead::default();
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    let mut seen_ids: HashMap<String, usize> = HashMap::with_capacity(lines);
    let mut notices: std::collections::HashSet<NoticeKey> = std::collections::HashSet::new();
    out.events.reserve_exact(lines);
    // Set by the first record, the header.
    let mut head: Option<(Vec<String>, layouts::Columns)> = None;
    let mut rows = 0usize;
    let today = crate::fetch::sec::today();
    csv::each_record(path, &text, |line, rec| {
        let Some((header, cols)) = &head else {
            let cells: Vec<String> = rec.iter().map(str::to_string).collect();
            let header: Vec<String> = cells.iter().map(|c| csv::norm_header(c)).collect();
            let (layout, cols) = layout_of(path, &cells, &header, forced)?;
            out.layout = layout.name();
            out.effective_date = effective_header(&cells, &cols);
            head = Some((header, cols));
            return Ok(());
        };
        rows += 1;
        if let Some(why) = width_problem(path, line, rec.len(), header, cols.warn)? {
            out.dropped.push(why);
            return Ok(());
        }
        let row = Row {
            path,
            header,
            cols,
            line,
            cells: rec,
            today,
        };
        let e = match row.event(rows)? {
            Ok(e) => e,
            Err(dropped) => {
                out.dropped.push(dropped);
                return Ok(());
            }
        };
        if cols.warn && repeated_notice(&mut notices, &mut out, &e, cols, rec) {
            return Ok(());
        }
        if let Some(prev) = seen_ids.insert(e.id.clone(), line) {
            return Err(Error::data(
                path,
                Some(line),
                cols.event_id.map(|c| row.name_of(c)),
                format!("event_id {} repeats line {prev}: expected unique ids", e.id),
            ));
        }
        out.events.push(e);
        Ok(())
    })?;
    if head.is_none() {
        let (layout, _) = layout_of(path, &[], &[], forced)?;
        out.layout = layout.name();
    }
    Ok(out)
}

/// A row of another width than the header: in a WARN table left out, with why (`Some`);
/// elsewhere an error.
fn width_problem(
    path: &Path,
    line: usize,
    width: usize,
    header: &[String],
    warn: bool,
) -> Result<Option<String>> {
    if warn {
        return Ok(ragged_row(path, line, width, header));
    }
    csv::check_width(path, line, width, header.len())?;
    Ok(None)
}

/// The header of a WARN table's date column where it is the first day of the layoff.
fn effective_header(cells: &[String], cols: &layouts::Columns) -> Option<String> {
    cols.date_is_effective.then(|| {
        cells
            .get(cols.date)
            .map_or_else(String::new, |c| c.trim().to_string())
    })
}

/// The layout of an events file (detected unless `forced`) and its columns.
fn layout_of(
    path: &Path,
    cells: &[String],
    header: &[String],
    forced: Option<EventLayout>,
) -> Result<(EventLayout, layouts::Columns)> {
    let layout = match forced {
        Some(l) => l,
        None => detect_layout(header).ok_or_else(|| {
            Error::data(
                path,
                Some(1),
                None,
                format!(
                    "not an events file: header \"{}\" has no date column (expected date, \
                     announce_date or notice_date) or no company/ticker column",
                    cells.join(",")
                ),
            )
        })?,
    };
    let cols = layout.columns(header).ok_or_else(|| {
        Error::data(
            path,
            Some(1),
            None,
            format!(
                "header \"{}\" does not fit the {} layout: {}",
                cells.join(","),
                layout.name(),
                layout.expects()
            ),
        )
    })?;
    Ok((layout, cols))
}

/// One data row of an events file, read by column.
struct Row<'a> {
    path: &'a Path,
    header: &'a [String],
    cols: &'a layouts::Columns,
    line: usize,
    cells: &'a ::csv::StringRecord,
    /// Today, read once per file: no WARN notice is dated after it.
    today: Day,
}

impl Row<'_> {
    fn name_of(&self, i: usize) -> String {
        format!(
            "{} ({})",
            i + 1,
            self.header.get(i).map_or("", |s| s.as_str())
        )
    }

    /// A cell, trimmed (in a WARN table also of the no-break spaces states leave).
    fn get(&self, c: Option<usize>) -> &str {
        let cell = c.and_then(|i| self.cells.get(i)).map_or("", str::trim);
        if self.cols.warn {
            warn::clean(cell)
        } else {
            cell
        }
    }

    /// A text cell, empty for the spellings of a missing value.
    fn text(&self, c: Option<usize>) -> String {
        let v = self.get(c);
        if csv::is_missing(v) {
            String::new()
        } else {
            v.to_string()
        }
    }

    fn number(&self, c: Option<usize>) -> Result<Option<f64>> {
        let raw = self.get(c);
        csv::number(raw).map_err(|_| {
            Error::data(
                self.path,
                Some(self.line),
                c.map(|c| self.name_of(c)),
                format!("cannot read {raw:?} as a number"),
            )
        })
    }

    /// The event of this row (`row_no` is its 1-based number among data rows), or, for a
    /// row without a date, why it is left out.
    fn event(&self, row_no: usize) -> Result<std::result::Result<Event, String>> {
        let (cols, line) = (self.cols, self.line);
        let raw_date = self.get(Some(cols.date));
        let company = without_control_escapes(self.get(cols.company));
        if csv::is_missing(raw_date) {
            let who = if company.is_empty() { "row" } else { &company };
            return Ok(Err(format!("line {line}: {who} has no date")));
        }
        let day = match self.day(raw_date)? {
            Ok(day) => day,
            Err(why) => return Ok(Err(why)),
        };
        let id = match cols.event_id {
            Some(_) if !self.get(cols.event_id).is_empty() => self.get(cols.event_id).to_string(),
            _ => row_no.to_string(),
        };
        let ticker = self.ticker()?;
        let pct = self
            .number(cols.pct)?
            .map(|p| if p > 1.0 { p / 100.0 } else { p });
        let timing = Timing {
            announced: self.announced(day)?,
            filing: self.filing()?,
            ..Timing::default()
        };
        let cik = self.cik()?;
        Ok(Ok(Event {
            id,
            company: if company.is_empty() {
                ticker.clone().unwrap_or_default()
            } else {
                company
            },
            matched_by: if ticker.is_some() {
                "column".into()
            } else {
                String::new()
            },
            ticker,
            date: day,
            laid_off: self.laid_off()?,
            pct_laid_off: pct,
            industry: self.text(cols.industry),
            country: self.text(cols.country).trim_end_matches('.').to_string(),
            stage: self.text(cols.stage),
            source: self.text(cols.source),
            confidence: None,
            sec_date: None,
            cik,
            exchange: Some(self.text(cols.exchange)).filter(|x| !x.is_empty()),
            timing,
        }))
    }

    /// The row's date; a WARN notice date that does not read leaves the row out, with why.
    fn day(&self, raw_date: &str) -> Result<std::result::Result<Day, String>> {
        let (cols, line) = (self.cols, self.line);
        if cols.warn {
            // A state's notice whose date cannot be read is left out and listed, never
            // guessed, and never fails the whole file.
            let at = || {
                format!(
                    "{} line {line}, column {}",
                    self.path.display(),
                    self.name_of(cols.date)
                )
            };
            return Ok(match warn::notice_date(raw_date) {
                None => Err(format!(
                    "{}: cannot read {raw_date:?} as a notice date",
                    at()
                )),
                Some(day) => match warn::implausible(day, self.today) {
                    Some(why) => Err(format!(
                        "{}: {raw_date:?} is not a notice date ({why}: a typo?)",
                        at()
                    )),
                    None => Ok(day),
                },
            });
        }
        date::parse(raw_date).map(Ok).ok_or_else(|| {
            self.bad(
                Some(cols.date),
                format!("cannot read {raw_date:?} as a date: expected YYYY-MM-DD or M/D/YYYY"),
            )
        })
    }

    /// The row's ticker. A WARN register's ticker that is not one is left out (the
    /// notice stays).
    fn ticker(&self) -> Result<Option<String>> {
        let cols = self.cols;
        Ok(match (self.text(cols.ticker), cols.warn) {
            (t, _) if t.is_empty() => None,
            (t, true) => crate::symbol::check(&t).ok(),
            (t, false) => Some(
                crate::symbol::check(&t).map_err(|why| self.bad(cols.ticker, why.to_string()))?,
            ),
        })
    }

    /// The row's CIK; a WARN register's that is not one is left out.
    fn cik(&self) -> Result<Option<u64>> {
        use crate::filings::submissions::parse_cik;
        let cols = self.cols;
        Ok(match (self.text(cols.cik), cols.warn) {
            (c, _) if c.is_empty() => None,
            (c, true) => parse_cik(c.trim_end_matches(".0")).ok(),
            (c, false) => Some(parse_cik(&c).map_err(|why| self.bad(cols.cik, why))?),
        })
    }

    /// The count laid off: a WARN count (`-` is missing), or a number.
    fn laid_off(&self) -> Result<Option<f64>> {
        let cols = self.cols;
        if !cols.warn {
            return self.number(cols.laid_off);
        }
        Ok(match warn::count(self.get(cols.laid_off)) {
            warn::Count::Number(v) => Some(v),
            warn::Count::Missing | warn::Count::Unread => None,
        })
    }

    fn bad(&self, c: Option<usize>, why: String) -> Error {
        Error::data(self.path, Some(self.line), c.map(|c| self.name_of(c)), why)
    }

    /// The `announce_time` cell, read by [`announced_at`].
    fn announced(&self, day: Day) -> Result<Option<NyTime>> {
        let c = self.cols.announce_time;
        announced_at(&self.text(c), day).map_err(|why| self.bad(c, why))
    }

    /// The layoff filing written by `events --sec-filings` (the canonical layout), read by
    /// [`filing_of`].
    fn filing(&self) -> Result<Option<crate::filings::LayoffFiling>> {
        let c = self.cols;
        let cells = FilingCells {
            time: &self.text(c.filing_time),
            accession: &self.text(c.filing_accession),
            items: &self.text(c.filing_items),
            source: &self.text(c.filing_source),
        };
        filing_of(&cells).map_err(|(col, why)| {
            let at = match col {
                "filing_time" => c.filing_time,
                _ => c.filing_accession,
            };
            self.bad(at, why)
        })
    }
}

/// An `announce_time` cell: empty, `HH:MM` New York time on the event's date `day`, or an
/// ISO 8601 date-time with an offset. The command line's events files and Python's frames
/// read it alike.
///
/// # Errors
/// What was expected, for a cell that is neither.
pub fn announced_at(raw: &str, day: Day) -> std::result::Result<Option<NyTime>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if let Some(second) = clock::parse_clock(raw) {
        return Ok(Some(NyTime { day, second }));
    }
    clock::parse_iso(raw).map(Some).ok_or_else(|| {
        format!(
            "cannot read {raw:?} as a time: expected HH:MM (New York) or an ISO 8601 \
             date-time with an offset (2024-02-26T17:00:31-05:00)"
        )
    })
}

/// The cells of a layoff filing in the canonical events layout.
pub struct FilingCells<'a> {
    /// `filing_time`: ISO 8601 with an offset.
    pub time: &'a str,
    /// `filing_accession`.
    pub accession: &'a str,
    /// `filing_items`, separated by `;` or `,`.
    pub items: &'a str,
    /// `filing_time_source`: `header`, `json` or `date`.
    pub source: &'a str,
}

/// The layoff filing of the canonical layout's cells: none when time and accession are
/// both empty.
///
/// # Errors
/// The column at fault (`filing_time` or `filing_accession`) and what was expected.
pub fn filing_of(
    c: &FilingCells<'_>,
) -> std::result::Result<Option<crate::filings::LayoffFiling>, (&'static str, String)> {
    use crate::filings::{LayoffFiling, TimeSource};
    let (time, acc) = (c.time.trim(), c.accession.trim());
    if time.is_empty() && acc.is_empty() {
        return Ok(None);
    }
    let at = clock::parse_iso(time).ok_or_else(|| {
        (
            "filing_time",
            format!("cannot read {time:?} as a filing time: expected ISO 8601 with an offset"),
        )
    })?;
    if !crate::filings::submissions::valid_accession(acc) {
        return Err((
            "filing_accession",
            format!("{acc:?}: expected an accession number ##########-##-######"),
        ));
    }
    let source = match c.source.trim() {
        "header" => TimeSource::Header,
        "date" => TimeSource::Date,
        _ => TimeSource::Json,
    };
    Ok(Some(LayoffFiling {
        accession: acc.to_string(),
        items: crate::filings::split_items(c.items),
        at,
        source,
    }))
}

/// A cell's text with the escapes a spreadsheet writes for a line break or a tab in a cell
/// ("Cinemark 14 Wichita_x000D_ Falls", as Excel's XML keeps a carriage return) read as a
/// space, and the spaces around them collapsed; other text as it is.
fn without_control_escapes(cell: &str) -> String {
    const ESCAPES: &[&str] = &["_x000D_", "_x000A_", "_x0009_", "_x000d_", "_x000a_"];
    if !ESCAPES.iter().any(|e| cell.contains(e)) {
        return cell.to_string();
    }
    let mut text = cell.to_string();
    for e in ESCAPES {
        text = text.replace(e, " ");
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::without_control_escapes;

    /// A spreadsheet's escaped line break is a space; names without one are left as they are.
    #[test]
    fn spreadsheet_escapes_of_line_breaks_are_spaces() {
        assert_eq!(
            without_control_escapes("Cinemark 14 Wichita_x000D_ Falls"),
            "Cinemark 14 Wichita Falls"
        );
        assert_eq!(
            without_control_escapes("Cinemark Rockwall 14_x000D_\nand XD"),
            "Cinemark Rockwall 14 and XD"
        );
        assert_eq!(
            without_control_escapes("Acme  Inc. _x0041_"),
            "Acme  Inc. _x0041_"
        );
    }
}
