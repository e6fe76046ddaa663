//! Company-to-ticker mapping from a user's `company,ticker` file.

use std::collections::HashMap;
use std::path::Path;

use super::Event;
use crate::error::{Error, Result};
use crate::import::csv;

/// A user's company-to-ticker map (names compared trimmed and case-insensitively).
#[derive(Debug, Default, Clone)]
pub struct TickerMap {
    map: HashMap<String, String>,
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

impl TickerMap {
    /// Reads a `company,ticker` CSV.
    ///
    /// # Errors
    /// Unreadable file, missing `company` or `ticker` column, an empty ticker.
    pub fn read(path: &Path) -> Result<Self> {
        Self::parse(path, &csv::read_text(path)?)
    }

    /// The built-in aliases (`data/aliases.csv`): brand names and long-owned subsidiaries
    /// of listed companies (Google -> GOOGL, Twitch -> AMZN, ...).
    pub fn aliases() -> Self {
        Self::parse(
            Path::new("data/aliases.csv"),
            include_str!("../../data/aliases.csv"),
        )
        .unwrap_or_default()
    }

    /// Parses a `company,ticker` CSV text read from `path`.
    ///
    /// # Errors
    /// Missing `company` or `ticker` column, an empty ticker.
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let mut records = csv::records(path, text)?.into_iter();
        let header = records.next().map(|r| r.fields).unwrap_or_default();
        let h: Vec<String> = header.iter().map(|c| csv::norm_header(c)).collect();
        let pos = |n: &[&str]| h.iter().position(|c| n.contains(&c.as_str()));
        let (Some(c), Some(t)) = (pos(&["company", "name"]), pos(&["ticker", "symbol"])) else {
            return Err(Error::data(
                path,
                Some(1),
                None,
                format!(
                    "header \"{}\": expected columns company and ticker",
                    header.join(",")
                ),
            ));
        };
        let mut map = HashMap::new();
        for rec in records {
            csv::check_width(path, rec.line, rec.fields.len(), h.len())?;
            let tick = crate::symbol::check(&rec.fields[t]).map_err(|why| {
                Error::data(
                    path,
                    Some(rec.line),
                    Some(format!("{} (ticker)", t + 1)),
                    why,
                )
            })?;
            map.insert(key(&rec.fields[c]), tick);
        }
        Ok(TickerMap { map })
    }

    /// The ticker of a company, if mapped.
    pub fn get(&self, company: &str) -> Option<&str> {
        self.map.get(&key(company)).map(String::as_str)
    }

    /// Number of names mapped.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when nothing is mapped.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// An event left without a ticker, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmatched {
    /// Event id.
    pub event_id: String,
    /// Company name.
    pub company: String,
    /// Announcement date.
    pub announce_date: crate::date::Day,
    /// Funding stage.
    pub stage: String,
    /// Why no ticker was given.
    pub reason: String,
}

/// Where tickers come from, in order of precedence.
#[derive(Debug, Default)]
pub struct Matcher<'a> {
    /// The user's map: always wins.
    pub overrides: Option<&'a TickerMap>,
    /// Curated aliases.
    pub aliases: Option<&'a TickerMap>,
    /// SEC lists, used for listed (Post-IPO or unknown-stage) companies only.
    pub sec: Option<&'a super::sec::SecIndex>,
}

/// True for a funding stage that says the company is not listed.
fn private_stage(stage: &str) -> bool {
    let s = stage.trim().to_ascii_lowercase();
    !(s.is_empty() || s == "post-ipo" || s == "unknown" || s == "public")
}

impl Matcher<'_> {
    /// Gives events their tickers and says how (`Event::matched_by`): the user's map, the
    /// file's own ticker column, an alias, then an exact or normalised SEC name. Returns
    /// the events left without a ticker, with the reason.
    pub fn apply(&self, events: &mut [Event]) -> Vec<Unmatched> {
        use super::sec::Match;
        let mut unmatched = Vec::new();
        for e in events.iter_mut() {
            if let Some(t) = self.overrides.and_then(|m| m.get(&e.company)) {
                e.ticker = Some(t.to_string());
                e.matched_by = "override".into();
                continue;
            }
            if e.ticker.is_some() {
                continue; // the file's own ticker column
            }
            if let Some(t) = self.aliases.and_then(|m| m.get(&e.company)) {
                e.ticker = Some(t.to_string());
                e.matched_by = "alias".into();
                continue;
            }
            let mut miss = |reason: String| {
                e.matched_by = format!("unmatched ({reason})");
                unmatched.push(Unmatched {
                    event_id: e.id.clone(),
                    company: e.company.clone(),
                    announce_date: e.date,
                    stage: e.stage.clone(),
                    reason,
                })
            };
            if private_stage(&e.stage) {
                miss(format!("not listed (stage {})", e.stage));
                continue;
            }
            let Some(sec) = self.sec else {
                miss("no ticker column, map entry or alias (give --sec or --tickers)".into());
                continue;
            };
            match sec.lookup(&e.company) {
                Match::Exact(c) => {
                    e.ticker = Some(c.ticker);
                    e.matched_by = "exact".into();
                }
                Match::Normalised(c) => {
                    e.ticker = Some(c.ticker);
                    e.matched_by = "normalised".into();
                }
                Match::Ambiguous(list) => {
                    let names: Vec<String> = list
                        .iter()
                        .take(4)
                        .map(|c| format!("{} ({})", c.title, c.ticker))
                        .collect();
                    miss(format!(
                        "ambiguous: {} SEC companies match: {}",
                        list.len(),
                        names.join("; ")
                    ));
                }
                Match::None => miss("no SEC company of that name".into()),
            }
        }
        unmatched
    }
}
