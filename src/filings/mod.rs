//! When the market learned of a layoff, and what else it learned that day (METHODS §9):
//! the New York clock, the SEC's submissions files and filing headers, the layoff filing
//! of each event, confounding announcements (SEC Item 2.02 or a researcher's own file) and
//! the rounds of a company's layoffs.

pub mod clock;
pub mod confounders;
pub mod header;
pub mod submissions;

use std::collections::{BTreeMap, HashMap};

use crate::date::{self, Day};
use crate::error::Result;
use crate::events::Event;
use crate::fetch::edgar::Edgar;
use clock::NyTime;

/// The items of a comma-separated list (`2.02,9.01`), trimmed, empty ones left out.
pub fn split_items(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(String::from)
        .collect()
}

/// The item of an 8-K that reports results of operations (earnings).
pub const EARNINGS_ITEM: &str = "2.02";

/// Where a filing's time of day came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSource {
    /// The filing header's `ACCEPTANCE-DATETIME` (New York time).
    Header,
    /// The submissions JSON's `acceptanceDateTime` read as UTC: for some filers the New
    /// York clock with a `Z` appended, so the time of day may be off by four or five hours.
    Json,
    /// Only the filing date is known.
    Date,
}

impl TimeSource {
    /// The spelling in the events file.
    pub fn name(self) -> &'static str {
        match self {
            TimeSource::Header => "header",
            TimeSource::Json => "json",
            TimeSource::Date => "date",
        }
    }
}

/// The 8-K that disclosed an event's layoff.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoffFiling {
    /// Accession number.
    pub accession: String,
    /// Its items.
    pub items: Vec<String>,
    /// Acceptance time (midnight of the filing date when only the date is known).
    pub at: NyTime,
    /// Where the time came from.
    pub source: TimeSource,
}

/// Another dated announcement of the event's company.
#[derive(Debug, Clone, PartialEq)]
pub struct Confounder {
    /// What it was (`earnings 8-K`, or the confounders file's `kind`).
    pub kind: String,
    /// New York date.
    pub day: Day,
    /// Seconds after New York midnight, when the time is known.
    pub time: Option<u32>,
}

impl Confounder {
    /// `earnings 8-K 2020-08-25 16:04 ET`.
    pub fn label(&self) -> String {
        match self.time {
            Some(t) => format!(
                "{} {} {} ET",
                self.kind,
                date::format(self.day),
                NyTime {
                    day: self.day,
                    second: t
                }
                .clock()
            ),
            None => format!("{} {}", self.kind, date::format(self.day)),
        }
    }
}

/// What an event's timing holds beyond its reported date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timing {
    /// The reported time (`announce_time`), as a New York instant.
    pub announced: Option<NyTime>,
    /// The layoff filing, when one was found.
    pub filing: Option<LayoffFiling>,
    /// Other announcements of the company near the event.
    pub confounders: Vec<Confounder>,
    /// 1 for the company's first event, 2 for its second, ...
    pub round: Option<u32>,
    /// Calendar days since the company's previous event (none in round 1).
    pub days_since_previous: Option<i32>,
}

/// Which instant day 0 comes from (`--day0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Day0Rule {
    /// The reported date and time.
    #[default]
    Reported,
    /// The layoff filing's acceptance time when there is one, else reported.
    Filing,
    /// The earlier of the two.
    Earliest,
}

impl Day0Rule {
    /// The instant day 0 comes from, and its source (`reported` or `filing`).
    pub fn instant(self, e: &Event) -> (NyTime, bool, &'static str) {
        let reported = e
            .timing
            .announced
            .map_or((NyTime::midnight(e.date), false), |t| (t, true));
        let filing = e
            .timing
            .filing
            .as_ref()
            .map(|f| (f.at, f.source != TimeSource::Date));
        match (self, filing) {
            (Day0Rule::Filing, Some((at, timed))) => (at, timed, "filing"),
            (Day0Rule::Earliest, Some((at, timed))) if at < reported.0 => (at, timed, "filing"),
            _ => (reported.0, reported.1, "reported"),
        }
    }
}

/// How the layoff filings are looked for.
#[derive(Debug, Clone, PartialEq)]
pub struct FilingSearch {
    /// Items that mark a layoff filing (`--filing-items`, default `2.05`).
    pub items: Vec<String>,
    /// Calendar days either side of the reported date (`--filing-search`, default 10).
    pub days: i32,
    /// Take Item 2.02 filings as confounders (`--confounders sec`).
    pub earnings: bool,
}

impl Default for FilingSearch {
    fn default() -> Self {
        FilingSearch {
            items: vec!["2.05".into()],
            days: 10,
            earnings: true,
        }
    }
}

/// Calendar days either side of an event in which a confounder is kept (enough for any
/// confound window of a few trading days; the study decides which fall inside).
pub const CONFOUNDER_REACH: i32 = 45;

/// What attaching filings found, for notes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FilingsFound {
    /// Companies (CIKs) asked for.
    pub companies: usize,
    /// Of those, companies without a submissions file.
    pub missing: Vec<u64>,
    /// Events with a layoff filing.
    pub with_filing: usize,
    /// Filings near events (layoff and earnings) timed from the JSON only.
    pub json_timed: usize,
    /// Earnings filings near events.
    pub earnings: usize,
    /// Remarks (headers that did not read, offline use).
    pub notes: Vec<String>,
}

impl FilingsFound {
    /// One line for the user.
    pub fn summary(&self, search: &FilingSearch) -> String {
        let mut s = format!(
            "SEC filings: {} companies, {} events with a layoff 8-K (items {}, within {} days), {} earnings 8-Ks (Item 2.02) near events",
            self.companies,
            self.with_filing,
            search.items.join(","),
            search.days,
            self.earnings
        );
        if !self.missing.is_empty() {
            s.push_str(&format!(
                "; no submissions file for {} CIKs",
                self.missing.len()
            ));
        }
        if self.json_timed > 0 {
            s.push_str(&format!(
                "; {} filing times from the submissions JSON only (not the filing header: for some filers that time is the New York clock marked UTC)",
                self.json_timed
            ));
        }
        s
    }
}

/// The events of each CIK, by position.
fn by_cik(events: &[Event]) -> BTreeMap<u64, Vec<usize>> {
    let mut by_cik: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        if let Some(c) = e.cik {
            by_cik.entry(c).or_default().push(i);
        }
    }
    by_cik
}

/// The layoff filing of an event reported on `reported`: the filing with one of the items
/// searched, within the search's days, nearest the date (the earlier of two as near).
fn layoff_filing<'a>(
    subs: &'a submissions::Submissions,
    search: &FilingSearch,
    reported: Day,
) -> Option<&'a submissions::Filing> {
    subs.filings
        .iter()
        .filter(|f| f.has_any(&search.items) && (filing_day(f) - reported).abs() <= search.days)
        .min_by_key(|f| ((filing_day(f) - reported).abs(), filing_day(f)))
}

/// Finds each event's layoff filing and, with `search.earnings`, its earnings filings, from
/// the submissions of its company (by CIK). Filing times come from the headers of the
/// filings that matter (the layoff filing, earnings filings near the event), else from the
/// JSON, which is then said.
///
/// # Errors
/// A submissions file that does not read, or a download that failed with nothing cached.
pub fn attach(
    events: &mut [Event],
    edgar: &mut Edgar,
    search: &FilingSearch,
) -> Result<FilingsFound> {
    let by_cik = by_cik(events);
    let mut found = FilingsFound {
        companies: by_cik.len(),
        ..FilingsFound::default()
    };
    let headers = edgar.has_headers();
    let mut times: HashMap<String, (NyTime, TimeSource)> = HashMap::new();
    for (cik, idx) in &by_cik {
        let reach = search.days.max(CONFOUNDER_REACH);
        let from = idx.iter().map(|&i| events[i].date).min().unwrap_or(0) - reach;
        let to = idx.iter().map(|&i| events[i].date).max().unwrap_or(0) + reach;
        let Some(subs) = edgar.submissions(*cik, from, to)? else {
            found.missing.push(*cik);
            continue;
        };
        for &i in idx {
            let reported = events[i].date;
            let mut time_of = |f: &submissions::Filing, notes: &mut Vec<String>| {
                *times
                    .entry(f.accession.clone())
                    .or_insert_with(|| filing_time(edgar, *cik, f, headers, notes))
            };
            let near = |f: &submissions::Filing, d: i32| (filing_day(f) - reported).abs() <= d;
            let e = &mut events[i];
            if let Some(f) = layoff_filing(&subs, search, reported) {
                let (at, source) = time_of(f, &mut found.notes);
                found.with_filing += 1;
                found.json_timed += usize::from(source == TimeSource::Json);
                e.timing.filing = Some(LayoffFiling {
                    accession: f.accession.clone(),
                    items: f.items.clone(),
                    at,
                    source,
                });
            }
            if search.earnings {
                for f in subs.filings.iter().filter(|f| {
                    f.items.iter().any(|i| i == EARNINGS_ITEM) && near(f, CONFOUNDER_REACH)
                }) {
                    // Only the filings near the event are worth a header.
                    let (at, source) = if near(f, search.days) {
                        let t = time_of(f, &mut found.notes);
                        found.json_timed += usize::from(t.1 == TimeSource::Json);
                        t
                    } else {
                        json_or_date(f)
                    };
                    found.earnings += 1;
                    e.timing.confounders.push(Confounder {
                        kind: "earnings 8-K".into(),
                        day: at.day,
                        time: (source != TimeSource::Date).then_some(at.second),
                    });
                }
            }
        }
    }
    found.notes.extend(edgar.notes.iter().cloned());
    Ok(found)
}

/// The New York date of a filing: its acceptance date by the JSON, else its filing date.
fn filing_day(f: &submissions::Filing) -> Day {
    f.json_time.map_or(f.filing_date, |t| t.day)
}

fn json_or_date(f: &submissions::Filing) -> (NyTime, TimeSource) {
    match f.json_time {
        Some(t) => (t, TimeSource::Json),
        None => (NyTime::midnight(f.filing_date), TimeSource::Date),
    }
}

/// A filing's time: from its header when headers can be had, else from the JSON.
fn filing_time(
    edgar: &mut Edgar,
    cik: u64,
    f: &submissions::Filing,
    headers: bool,
    notes: &mut Vec<String>,
) -> (NyTime, TimeSource) {
    if headers {
        match edgar.acceptance(cik, &f.accession) {
            Ok(t) => return (t, TimeSource::Header),
            Err(why) => {
                if notes.len() < 20 {
                    notes.push(format!(
                        "filing {}: no header time ({why}); the submissions JSON's time is used",
                        f.accession
                    ));
                }
            }
        }
    }
    json_or_date(f)
}

/// Numbers the events of each company (its ticker, else its name) in date order: rounds
/// 1, 2, ... and the calendar days since the company's previous event.
pub fn assign_rounds(events: &mut [Event]) {
    let mut by_company: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        let key = match &e.ticker {
            Some(t) => format!("t:{t}"),
            None => format!("c:{}", e.company.trim().to_lowercase()),
        };
        by_company.entry(key).or_default().push(i);
    }
    for idx in by_company.values_mut() {
        idx.sort_by_key(|&i| (events[i].date, i));
        let mut prev: Option<Day> = None;
        for (k, &i) in idx.iter().enumerate() {
            let e = &mut events[i];
            e.timing.round = Some(k as u32 + 1);
            e.timing.days_since_previous = prev.map(|p| e.date - p);
            prev = Some(e.date);
        }
    }
}

/// The group of a round under `--group-by round`: `1`, `2` or `3+`.
pub fn round_group(round: u32) -> &'static str {
    match round {
        0 | 1 => "1",
        2 => "2",
        _ => "3+",
    }
}

/// Where filings and confounders come from, for [`apply`].
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The SEC submissions (`--sec-filings`).
    pub filings: Option<crate::fetch::edgar::Source>,
    /// How layoff filings are looked for.
    pub search: FilingSearch,
    /// Confounders files (`--confounders FILE`).
    pub confounder_files: Vec<std::path::PathBuf>,
}

impl Sources {
    /// True when any source of event time is given.
    pub fn any(&self) -> bool {
        self.filings.is_some() || !self.confounder_files.is_empty()
    }
}

/// Attaches the layoff filings, the SEC's earnings filings and the confounders files to
/// the events; returns the notes a user should read.
///
/// # Errors
/// A submissions or confounders file that does not read; a download that failed with
/// nothing cached.
pub fn apply(events: &mut [Event], sources: &Sources) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    if let Some(src) = &sources.filings {
        let mut edgar = Edgar::new(src.clone())?;
        let without_cik = events
            .iter()
            .filter(|e| e.ticker.is_some() && e.cik.is_none())
            .count();
        let found = attach(events, &mut edgar, &sources.search)?;
        notes.push(found.summary(&sources.search));
        if without_cik > 0 {
            notes.push(format!(
                "{without_cik} events with a ticker have no CIK (the SEC list does not know the ticker, or no --sec was given): no filings for them"
            ));
        }
        notes.extend(found.notes);
    }
    for path in &sources.confounder_files {
        let file = confounders::ConfounderFile::read(path)?;
        let n = file.attach(events);
        notes.push(format!(
            "confounders: {} rows of {} read ({} without a date or company left out), {n} within {CONFOUNDER_REACH} days of an event",
            file.rows,
            path.display(),
            file.skipped
        ));
    }
    Ok(notes)
}

/// Checks that day 0 from the filing (`filing`, `earliest`) has filings to come from:
/// SEC filings searched (`searched`), or events that carry one (an events file written
/// with the filings). With filings searched and none found, every day 0 stays reported.
///
/// # Errors
/// A rule that takes filings where there are none, naming the settings.
pub fn check_day0(rule: Day0Rule, searched: bool, events: &[Event]) -> Result<()> {
    use crate::setting::Setting;
    if rule == Day0Rule::Reported || searched || events.iter().any(|e| e.timing.filing.is_some()) {
        return Ok(());
    }
    Err(crate::error::Error::setting(
        Setting::Day0,
        format!(
            "{} {:?} takes the layoff filings: no event carries one and no SEC filings were \
             given: give {} auto or a folder",
            Setting::Day0,
            rule.name(),
            Setting::SecFilings
        ),
    ))
}

/// The settings of event time as a user gives them (`--sec-filings`, `--sec-base-url`,
/// `--user-agent`, `--filing-items`, `--filing-search`, `--confounders`; the Python
/// keywords of the same names).
#[derive(Debug, Clone)]
pub struct SourceSettings<'a> {
    /// `auto` or a folder of submissions files.
    pub sec_filings: Option<&'a std::path::Path>,
    /// The SEC's address, or a server standing in for every SEC host.
    pub sec_base_url: &'a str,
    /// User-Agent naming a contact (else `$LAYOFF_STUDY_USER_AGENT`).
    pub user_agent: Option<String>,
    /// Comma-separated 8-K items of a layoff filing.
    pub filing_items: &'a str,
    /// Calendar days searched either side of the reported date.
    pub filing_search: i32,
    /// `sec` and confounders files.
    pub confounders: &'a [std::path::PathBuf],
}

/// The 8-K items of a layoff filing and the days searched, checked.
fn filing_items(a: &SourceSettings<'_>) -> Result<Vec<String>> {
    use crate::error::Error;
    use crate::setting::Setting;
    let items = split_items(a.filing_items);
    let item_ok = |i: &str| {
        let b = i.as_bytes();
        b.len() == 4
            && b[0].is_ascii_digit()
            && b[1] == b'.'
            && b[2..].iter().all(u8::is_ascii_digit)
    };
    if items.is_empty() || !items.iter().all(|i| item_ok(i)) {
        return Err(Error::setting(
            Setting::FilingItems,
            format!(
                "{} {:?}: expected 8-K items such as 2.05 or 2.05,7.01,8.01",
                Setting::FilingItems,
                a.filing_items
            ),
        ));
    }
    if !(0..=90).contains(&a.filing_search) {
        return Err(Error::setting(
            Setting::FilingSearch,
            format!(
                "{} {}: expected 0 to 90 calendar days",
                Setting::FilingSearch,
                a.filing_search
            ),
        ));
    }
    Ok(items)
}

/// Where the SEC submissions come from: the SEC through the cache (`auto`), or a folder.
fn filings_source(a: &SourceSettings<'_>) -> Result<Option<crate::fetch::edgar::Source>> {
    use crate::error::Error;
    use crate::fetch::edgar::{self, Remote, Source};
    use crate::setting::Setting;
    use std::path::Path;
    Ok(match a.sec_filings {
        None => None,
        Some(p) if p == Path::new("auto") => {
            let base = a.sec_base_url.trim_end_matches('/');
            let default = base == crate::fetch::sec::BASE;
            Some(Source::Remote(Remote {
                data_base: if default {
                    edgar::DATA_BASE.into()
                } else {
                    base.into()
                },
                www_base: base.into(),
                user_agent: crate::fetch::sec::user_agent(a.user_agent.clone()),
                cache_dir: crate::fetch::sec::cache_dir().join("edgar"),
                max_age_days: 7,
                today: crate::fetch::sec::today(),
            }))
        }
        Some(dir) if dir.is_dir() => Some(Source::Dir(dir.to_path_buf())),
        Some(dir) => {
            return Err(Error::setting(
                Setting::SecFilings,
                format!(
                    "{} {}: expected auto or a folder of CIK##########.json files",
                    Setting::SecFilings,
                    dir.display()
                ),
            ));
        }
    })
}

/// Checks the settings of event time and makes its sources, before anything is read.
///
/// # Errors
/// An item that is not `N.NN`, a search outside 0..=90 days, `sec` confounders without
/// SEC filings, a filings folder that is not one (usage).
pub fn sources(a: &SourceSettings<'_>) -> Result<Sources> {
    use crate::error::Error;
    use crate::setting::Setting;
    use std::path::Path;
    let items = filing_items(a)?;
    let sec_named = a.confounders.iter().any(|c| c == Path::new("sec"));
    if sec_named && a.sec_filings.is_none() {
        return Err(Error::setting(
            Setting::Confounders,
            format!(
                "{} sec are the earnings 8-Ks of the SEC filings: give {} auto or a folder",
                Setting::Confounders,
                Setting::SecFilings
            ),
        ));
    }
    let filings = filings_source(a)?;
    let only_files = !a.confounders.is_empty() && !sec_named;
    Ok(Sources {
        filings,
        search: FilingSearch {
            items,
            days: a.filing_search,
            earnings: !only_files,
        },
        confounder_files: a
            .confounders
            .iter()
            .filter(|c| *c != Path::new("sec"))
            .cloned()
            .collect(),
    })
}
