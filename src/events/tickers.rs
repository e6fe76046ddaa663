//! Giving events their tickers: a user's `company,ticker` map, then the file's column, the
//! dated aliases and the SEC lists ([`Matcher`]); what is left without one, and why.

use std::collections::HashMap;
use std::path::Path;

use super::Event;
use super::aliases::{Alias, Aliases};
use super::sec::{Candidate, Match, Method, SecIndex, THRESHOLD};
use crate::error::{Error, Result};
use crate::tabular as csv;

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

    /// Parses a `company,ticker` CSV text read from `path` (other columns are ignored, and
    /// rows with an empty ticker skipped, so that an edited suggestions file reads as a map).
    ///
    /// # Errors
    /// Missing `company` or `ticker` column, a row of the wrong width, a bad ticker.
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let sheet = csv::Sheet::parse(path, text)?;
        let (Some(c), Some(t)) = (
            sheet.column(&["company", "name"]),
            sheet.column(&["ticker", "symbol"]),
        ) else {
            return Err(Error::data(
                path,
                Some(1),
                None,
                format!(
                    "header \"{}\": expected columns company and ticker",
                    sheet.header.join(",")
                ),
            ));
        };
        let mut map = HashMap::new();
        for rec in &sheet.rows {
            if rec.fields[t].trim().is_empty() {
                continue; // a suggestion row the user left without a ticker
            }
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

/// Why an event has no ticker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Missing {
    /// A private funding stage: not expected to have one.
    Private,
    /// No SEC list or map to look the name up in.
    NoList,
    /// An alias says the company was not listed on the event's date.
    NotListedThen,
    /// Several listed companies fit the name equally.
    Ambiguous,
    /// Only candidates below the confidence threshold (see the suggestions file).
    BelowThreshold,
    /// No company of today's SEC list fits: delisted, acquired, foreign or misspelt.
    NotInList,
}

impl Missing {
    /// A short phrase for summaries.
    pub fn phrase(self) -> &'static str {
        match self {
            Missing::Private => "private funding stage",
            Missing::NoList => "no SEC list or map given",
            Missing::NotListedThen => "not listed on the event's date",
            Missing::Ambiguous => "ambiguous name",
            Missing::BelowThreshold => "only low-confidence candidates (see the suggestions)",
            Missing::NotInList => {
                "not in today's SEC list (delisted, acquired, foreign or misspelt)"
            }
        }
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
    /// Why no ticker was given, in words.
    pub reason: String,
    /// Why no ticker was given, as a class.
    pub missing: Missing,
    /// The best SEC candidates below the threshold, best first.
    pub suggestions: Vec<Candidate>,
}

/// What a reader of a study must know about the events left out for want of a ticker:
/// how many listed-stage events (and companies) have none, and why. `None` when every
/// listed-stage event has a ticker.
pub fn survivorship(unmatched: &[Unmatched]) -> Option<String> {
    let listed: Vec<&Unmatched> = unmatched
        .iter()
        .filter(|u| !matches!(u.missing, Missing::Private | Missing::NotListedThen))
        .collect();
    if listed.is_empty() {
        return None;
    }
    let companies: std::collections::HashSet<&str> =
        listed.iter().map(|u| u.company.as_str()).collect();
    let mut by: std::collections::BTreeMap<Missing, usize> = Default::default();
    for u in &listed {
        *by.entry(u.missing).or_default() += 1;
    }
    let why: Vec<String> = by
        .iter()
        .map(|(m, n)| format!("{n} {}", m.phrase()))
        .collect();
    Some(format!(
        "{} listed-stage events ({} companies) have no ticker and are left out: {}. \
         Companies delisted or acquired since are not in today's SEC list, so their \
         layoffs are missing from the study (survivorship).",
        listed.len(),
        companies.len(),
        why.join(", ")
    ))
}

/// Why an SEC lookup gave no ticker: the class, the reason in words, the suggestions.
type Miss = (Missing, String, Vec<Candidate>);

/// The SEC company of an event's name, or why there is none.
/// The answer an alias row gives for an event: its ticker, or why there is none that day.
fn alias_answer(a: &Alias, e: &Event) -> std::result::Result<Option<(String, String, f64)>, Miss> {
    match &a.ticker {
        Some(t) => Ok(Some((t.clone(), "alias".into(), 1.0))),
        None => Err((
            Missing::NotListedThen,
            format!(
                "not listed on {}: {}",
                crate::date::format(e.date),
                a.source
            ),
            Vec::new(),
        )),
    }
}

/// An error when the company a name found registered with the SEC after the event's date:
/// it was not listed then (its name's predecessor may have been, as another registrant).
fn registered_then(c: &Candidate, e: &Event) -> std::result::Result<(), Miss> {
    not_registered_then(c.company.cik, &c.company.ticker, e, || {
        format!(
            "{} ({}, CIK {})",
            c.company.title, c.company.ticker, c.company.cik
        )
    })
}

/// An error when a ticker the file gives names, in the SEC lists, a registrant that
/// registered after the event's date ("GEHC" on a WARN notice of 2020: GE HealthCare
/// Technologies registered in 2022, when it was spun off): the file's ticker column was
/// filled in from a later list, and the company listed then was another.
fn given_ticker_then(
    sec: Option<&SecIndex>,
    ticker: &str,
    e: &Event,
) -> std::result::Result<(), Miss> {
    let Some(cik) = sec.and_then(|s| s.cik_of(ticker)) else {
        return Ok(());
    };
    not_registered_then(cik, ticker, e, || {
        format!("the file's ticker {ticker} (CIK {cik})")
    })
}

/// The "not listed then" error for registrant `cik` (ticker `ticker`, described by `who`)
/// when it registered with the SEC after the event's date (see
/// [`super::registration::not_registered_on`]).
fn not_registered_then(
    cik: u64,
    ticker: &str,
    e: &Event,
    who: impl FnOnce() -> String,
) -> std::result::Result<(), Miss> {
    let Some(first) = super::registration::not_registered_on(cik, ticker, e.date) else {
        return Ok(());
    };
    Err((
        Missing::NotListedThen,
        format!(
            "not listed on {}: {} registered with the SEC on {} or later",
            crate::date::format(e.date),
            who(),
            crate::date::format(first)
        ),
        Vec::new(),
    ))
}

fn sec_match(sec: &SecIndex, company: &str, e: &Event) -> std::result::Result<Candidate, Miss> {
    match sec.lookup_for(company, &e.stage) {
        Match::Found(c) => Ok(c),
        Match::Ambiguous(list) => {
            let names: Vec<String> = list
                .iter()
                .take(4)
                .map(|c| format!("{} ({})", c.title, c.ticker))
                .collect();
            let reason = format!(
                "ambiguous: {} SEC companies match: {}",
                list.len(),
                names.join("; ")
            );
            let suggestions = list
                .into_iter()
                .take(3)
                .map(|company| Candidate {
                    company,
                    method: Method::Normalised,
                    score: 0.5,
                })
                .collect();
            Err((Missing::Ambiguous, reason, suggestions))
        }
        Match::None(s) if !s.is_empty() => {
            let best = &s[0];
            let reason = format!(
                "no SEC company above confidence {THRESHOLD}; best candidate {} ({}, {} {:.2})",
                best.company.title,
                best.company.ticker,
                best.method.label(),
                best.score
            );
            Err((Missing::BelowThreshold, reason, s))
        }
        Match::None(_) => Err((
            Missing::NotInList,
            "no SEC company of that name (delisted and acquired companies are not in today's \
             SEC list)"
                .into(),
            Vec::new(),
        )),
    }
}

/// Where tickers come from, in order of precedence.
#[derive(Debug, Default)]
pub struct Matcher<'a> {
    /// The user's map: always wins.
    pub overrides: Option<&'a TickerMap>,
    /// Dated aliases (the built-in list).
    pub aliases: Option<&'a Aliases>,
    /// SEC lists, used for listed (Post-IPO or unknown-stage) companies only.
    pub sec: Option<&'a SecIndex>,
}

/// True for a funding stage that says the company is not listed.
fn private_stage(stage: &str) -> bool {
    let s = stage.trim().to_ascii_lowercase();
    !(s.is_empty() || s == "post-ipo" || s == "unknown" || s == "public")
}

impl Matcher<'_> {
    /// Gives events their tickers and says how (`Event::matched_by`, `Event::confidence`):
    /// the user's map, the file's own ticker column, a dated alias, then the SEC lists
    /// (exact, normalised, legal-entity core, ticker written as the name), at or above
    /// [`THRESHOLD`]. Returns the events left without a ticker, with the reason and the
    /// best candidates.
    pub fn apply(&self, events: &mut [Event]) -> Vec<Unmatched> {
        let mut unmatched = Vec::new();
        // A WARN table names the same employer on many notices: each name and stage is
        // looked up in the SEC lists once.
        let mut seen: HashMap<(String, String), std::result::Result<Candidate, Miss>> =
            HashMap::new();
        for e in events.iter_mut() {
            match self.find(e, &mut seen) {
                Ok(Some((ticker, how, confidence))) => {
                    e.ticker = Some(ticker);
                    e.matched_by = how;
                    e.confidence = Some(confidence);
                }
                // The file's own ticker column.
                Ok(None) => e.confidence = Some(1.0),
                Err((missing, reason, suggestions)) => {
                    // A file's own ticker refused for the event's date goes too.
                    e.ticker = None;
                    e.matched_by = format!("unmatched ({reason})");
                    unmatched.push(Unmatched {
                        event_id: e.id.clone(),
                        company: e.company.clone(),
                        announce_date: e.date,
                        stage: e.stage.clone(),
                        reason,
                        missing,
                        suggestions,
                    });
                }
            }
        }
        unmatched
    }

    /// The ticker of one event, how it was found and the confidence (`None` when the file
    /// gave it), or why there is none.
    fn find(
        &self,
        e: &Event,
        seen: &mut HashMap<(String, String), std::result::Result<Candidate, Miss>>,
    ) -> std::result::Result<Option<(String, String, f64)>, Miss> {
        if let Some(t) = self.overrides.and_then(|m| m.get(&e.company)) {
            return Ok(Some((t.to_string(), "override".into(), 1.0)));
        }
        if let Some(t) = &e.ticker {
            // A ticker the file gives for a date before its registrant existed ("GEHC" on
            // a notice of 2020) yields to the name's ticker on that date ("GE Healthcare"
            // was General Electric's), or stays refused.
            return match given_ticker_then(self.sec, t, e) {
                Ok(()) => Ok(None),
                Err(refused) => match self.by_name(e, seen) {
                    Ok(Some(found)) => Ok(Some(found)),
                    _ => Err(refused),
                },
            };
        }
        self.by_name(e, seen)
    }

    /// The ticker the event's company name finds (see [`Matcher::find`]).
    fn by_name(
        &self,
        e: &Event,
        seen: &mut HashMap<(String, String), std::result::Result<Candidate, Miss>>,
    ) -> std::result::Result<Option<(String, String, f64)>, Miss> {
        // The name as the SEC step reads it, HTML entities decoded ("Multi&shy;Cinema").
        // A register's mark of an updated notice and a street address after the name aside
        // ("*Updated* Revvity, Inc.", "Macy's 1200 Northeast 23rd Street POMPANO BEACH, FL,
        // 33062").
        let company = super::sec::decode_entities(super::sec::without_address(
            super::sec::without_notice_marks(&e.company),
        ));
        let miss = match self.find_named(e, &company, seen) {
            Err(miss) if matches!(miss.0, Missing::BelowThreshold | Missing::NotInList) => miss,
            answer => return answer,
        };
        // A first word typed one letter wrong ("Mariott Resorts Hospitality Corporation"):
        // the respelt name's match, when it is a company of the respelt word's.
        if let Some(sec) = self.sec
            && let Some(r) = sec.respelt(&company)
            && let Ok(Some((ticker, how, confidence))) = self.find_named(e, &r.name, seen)
            && sec.respelling_holds(&r, &ticker, &how)
        {
            return Ok(Some((ticker, format!("{how} (respelt)"), confidence)));
        }
        Err(miss)
    }

    /// [`Matcher::find`] for the name `company` (entities decoded): a dated alias, then the
    /// SEC lists, then an alias before a site's or a unit's words.
    fn find_named(
        &self,
        e: &Event,
        company: &str,
        seen: &mut HashMap<(String, String), std::result::Result<Candidate, Miss>>,
    ) -> std::result::Result<Option<(String, String, f64)>, Miss> {
        // A brand's alias before a site's or a unit's words ("Google LA 3", "Disney
        // Streaming Technology LLC"): a dated row before the SEC lists, which cannot tell
        // an owner that changed, any row after them.
        let heads = match (self.aliases, self.sec) {
            (Some(m), Some(s)) if m.may_head(company, false) => {
                let mut h = s.site_heads(company);
                h.extend(s.leading_heads(company));
                h.extend(s.brand_unit_heads(company));
                h
            }
            _ => Vec::new(),
        };
        if let Some(a) = self.aliases.and_then(|m| {
            m.lookup(company, e.date)
                .or_else(|| m.lookup_prefix(company, e.date))
                .or_else(|| {
                    m.may_head(company, true)
                        .then(|| m.lookup_heads(e.date, &heads, true))
                        .flatten()
                })
        }) {
            return alias_answer(a, e);
        }
        if private_stage(&e.stage) {
            return Err((
                Missing::Private,
                format!("not listed (stage {})", e.stage),
                Vec::new(),
            ));
        }
        let Some(sec) = self.sec else {
            return Err((
                Missing::NoList,
                "no ticker column, map entry or alias (give --sec or --tickers)".into(),
                Vec::new(),
            ));
        };
        let found = seen
            .entry((company.to_string(), e.stage.clone()))
            .or_insert_with(|| sec_match(sec, company, e))
            .clone();
        if found.is_err()
            && let Some(a) = self
                .aliases
                .and_then(|m| m.lookup_heads(e.date, &heads, false))
        {
            return alias_answer(a, e);
        }
        let c = found?;
        registered_then(&c, e)?;
        Ok(Some((c.company.ticker, c.method.label().into(), c.score)))
    }
}
