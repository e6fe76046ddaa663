//! Aliases that carry dates: brands, subsidiaries and legal employers of listed companies,
//! each valid from one date until another, so that an event's date picks its owner (Slack
//! is WORK until 2021-07-21 and CRM after; Twitter is not listed after 2022-10-27).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::date::{self, Day};
use crate::error::{Error, Result};
use crate::tabular as csv;

use super::sec::{
    core, core_and_descriptors, employer_parts, name_words, normalise, unit_heads,
    words_before_legal_form,
};

/// One row of an alias list: who owned the name from `from` (inclusive) until `until`
/// (exclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    /// The name as written in the list.
    pub name: String,
    /// The listed owner's ticker; `None` while the name was not listed.
    pub ticker: Option<String>,
    /// First day the row holds, when bounded.
    pub from: Option<Day>,
    /// First day the row no longer holds, when bounded.
    pub until: Option<Day>,
    /// Where the dates come from.
    pub source: String,
}

impl Alias {
    /// True when the row holds on `day`.
    pub fn holds_on(&self, day: Day) -> bool {
        self.from.is_none_or(|f| day >= f) && self.until.is_none_or(|u| day < u)
    }
}

/// An alias list indexed by core name (see [`sec::core`](super::sec::core)).
#[derive(Debug, Default, Clone)]
pub struct Aliases {
    by_core: HashMap<String, Vec<Alias>>,
    /// The first word of every row's normalised name, and of every dated row's: a name
    /// that begins with none of them has no head worth looking up.
    first_words: HashSet<String>,
    dated_first_words: HashSet<String>,
    /// Prefixes a company begins its subsidiaries' legal names with ("UAG Capitol, Inc."),
    /// by their normalised words.
    prefixes: HashMap<String, Vec<Alias>>,
}

impl Aliases {
    /// The built-in list (`data/aliases.csv`), with the prefixes of subsidiaries' legal
    /// names (`data/entity_prefixes.csv`).
    pub fn builtin() -> Self {
        let mut list = Self::parse(
            Path::new("data/aliases.csv"),
            include_str!("../../data/aliases.csv"),
        )
        .unwrap_or_default();
        list.prefixes = Self::parse(
            Path::new("data/entity_prefixes.csv"),
            include_str!("../../data/entity_prefixes.csv"),
        )
        .map(|p| p.into_prefixes())
        .unwrap_or_default();
        list
    }

    /// The rows of a list as prefixes of legal names (see [`Aliases::lookup_prefix`]).
    fn into_prefixes(self) -> HashMap<String, Vec<Alias>> {
        let mut out: HashMap<String, Vec<Alias>> = HashMap::new();
        for a in self.by_core.into_values().flatten() {
            let key = name_words(&a.name).join(" ");
            if !key.is_empty() {
                out.entry(key).or_default().push(a);
            }
        }
        out
    }

    /// The row, on a day, of a prefix the employer's legal name begins with, as whole words
    /// before its legal form: "UAG Capitol, Inc. dba Capitol Honda" is a Penske Automotive
    /// dealership's (United Auto Group was Penske Automotive's name); not "UAG Capitol" (no
    /// legal form) nor "UAGX Foods, Inc.".
    pub fn lookup_prefix(&self, name: &str, day: Day) -> Option<&Alias> {
        // Reading the employer's parts costs more than a look for the prefixes' first words.
        let lower = name.to_lowercase();
        if !self
            .prefixes
            .keys()
            .any(|k| k.split(' ').next().is_some_and(|w| lower.contains(w)))
        {
            return None;
        }
        employer_parts(name).iter().find_map(|part| {
            let words = words_before_legal_form(part)?;
            (1..=words.len()).rev().find_map(|k| {
                self.prefixes
                    .get(&words[..k].join(" "))?
                    .iter()
                    .find(|a| a.holds_on(day))
            })
        })
    }

    /// Parses a `company,ticker,from,until,source` CSV (`from`, `until` and `source` may be
    /// absent or empty; an empty ticker means "not listed" for those dates).
    ///
    /// # Errors
    /// Missing columns, a row of the wrong width, a bad ticker or date.
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let sheet = csv::Sheet::parse(path, text)?;
        let pos = |n: &str| sheet.column(&[n]);
        let (Some(c), Some(t)) = (pos("company"), pos("ticker")) else {
            return Err(Error::data(
                path,
                Some(1),
                None,
                "expected columns company,ticker[,from,until,source]",
            ));
        };
        let (f, u, s) = (pos("from"), pos("until"), pos("source"));
        let mut by_core: HashMap<String, Vec<Alias>> = HashMap::new();
        for rec in &sheet.rows {
            let cell = |i: Option<usize>| i.map_or("", |i| rec.fields[i].trim());
            let day = |i: Option<usize>, name: &str| -> Result<Option<Day>> {
                let v = cell(i);
                if v.is_empty() {
                    return Ok(None);
                }
                date::parse(v).map(Some).ok_or_else(|| {
                    Error::data(
                        path,
                        Some(rec.line),
                        Some(name.into()),
                        format!("cannot read {v:?} as a date: expected YYYY-MM-DD"),
                    )
                })
            };
            let ticker = match cell(Some(t)) {
                "" => None,
                raw => Some(crate::symbol::check(raw).map_err(|why| {
                    Error::data(path, Some(rec.line), Some("ticker".into()), why)
                })?),
            };
            let alias = Alias {
                name: cell(Some(c)).to_string(),
                ticker,
                from: day(f, "from")?,
                until: day(u, "until")?,
                source: cell(s).to_string(),
            };
            let key = core(&alias.name);
            if !key.is_empty() {
                by_core.entry(key).or_default().push(alias);
            }
        }
        Ok(Self::of_rows(by_core))
    }

    /// The list of these rows, by core name, with their names' first words.
    fn of_rows(by_core: HashMap<String, Vec<Alias>>) -> Self {
        let mut first_words = HashSet::new();
        let mut dated_first_words = HashSet::new();
        for a in by_core.values().flatten() {
            if let Some(w) = normalise(&a.name).split_whitespace().next() {
                if a.from.is_some() || a.until.is_some() {
                    dated_first_words.insert(w.to_string());
                }
                first_words.insert(w.to_string());
            }
        }
        Aliases {
            by_core,
            first_words,
            dated_first_words,
            prefixes: HashMap::new(),
        }
    }

    /// The row for a company name on a day: `None` when the list does not know the name,
    /// or knows it but has no row for that day.
    pub fn lookup(&self, name: &str, day: Day) -> Option<&Alias> {
        // The employer a notice names ("Cruise, LLC - 1201 Bryant" is Cruise's), then the
        // brand of a unit or a site ("Outback #4454").
        let parts = employer_parts(name);
        std::iter::once(name.to_string())
            .chain(parts.iter().cloned())
            .chain(parts.iter().flat_map(|p| unit_heads(p)))
            .find_map(|n| {
                // A row written with a legal form names that legal entity ("Residence Inn
                // by Marriott LLC"), not a site of the brand ("Residence Inn by Marriott
                // Fremont").
                let (c, theirs) = core_and_descriptors(&n);
                let rows = self.by_core.get(&c)?;
                let entity = words_before_legal_form(&n).is_some();
                // A row whose name describes a business ("United Technologies", "Delphi
                // Automotive") is not a name of another business with the same first words
                // ("United Systems, Inc.", "Delphi Technologies"), nor one word alone
                // ("United"); its words without the description are ("NexTier Completion"
                // for "NexTier Completion Solutions").
                let words = normalise(&n);
                rows.iter().find(|a| {
                    let ours = core_and_descriptors(&a.name).1;
                    let bare = || {
                        let without: Vec<String> = normalise(&a.name)
                            .split_whitespace()
                            .filter(|w| !ours.iter().any(|d| d == w))
                            .map(str::to_string)
                            .collect();
                        theirs.is_empty() && without.len() >= 2 && without.join(" ") == words
                    };
                    a.holds_on(day)
                        && (entity || words_before_legal_form(&a.name).is_none())
                        && (ours.is_empty() || ours.iter().any(|w| theirs.contains(w)) || bare())
                })
            })
    }

    /// The row for one of the beginnings of a name that the rest makes a site or a unit of
    /// (`heads`, from [`SecIndex::site_heads`](super::sec::SecIndex::site_heads) and
    /// [`SecIndex::leading_heads`](super::sec::SecIndex::leading_heads): "google" for
    /// "Google LA 3", "disney" for "Disney Streaming Technology LLC"), when a head is an
    /// alias's whole name, not only its core ("US Silica-Crane Facility" is not U.S.
    /// Bank's), on a day; with `dated`, only a row bounded by dates (an owner that changed,
    /// which the SEC lists cannot tell).
    pub fn lookup_heads(&self, day: Day, heads: &[String], dated: bool) -> Option<&Alias> {
        heads.iter().find_map(|h| {
            let whole = normalise(h);
            self.by_core.get(&core(h))?.iter().find(|a| {
                a.holds_on(day)
                    && normalise(&a.name) == whole
                    && (!dated || a.from.is_some() || a.until.is_some())
                    // A legal entity's row is not its brand's (see `lookup`).
                    && words_before_legal_form(&a.name).is_none()
            })
        })
    }

    /// True when a name begins with a word some row's name (a dated row's, with `dated`)
    /// begins with, so that its heads may find a row (see [`Aliases::lookup_heads`]).
    pub fn may_head(&self, name: &str, dated: bool) -> bool {
        let set = if dated {
            &self.dated_first_words
        } else {
            &self.first_words
        };
        normalise(name)
            .split_whitespace()
            .next()
            .is_some_and(|w| set.contains(w))
    }

    /// Number of names known.
    pub fn len(&self) -> usize {
        self.by_core.len()
    }

    /// True when no name is known.
    pub fn is_empty(&self) -> bool {
        self.by_core.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(s: &str) -> Day {
        date::parse(s).unwrap()
    }

    fn ticker(a: &Aliases, name: &str, day: &str) -> Option<Option<String>> {
        a.lookup(name, on(day)).map(|x| x.ticker.clone())
    }

    /// A former name finds the renamed company, with a unit's or a site's words too; a
    /// predecessor that was listed apart keeps its own ticker until the merger.
    #[test]
    fn former_names_find_the_renamed_company() {
        let a = Aliases::builtin();
        let some = |t: &str| Some(Some(t.to_string()));
        assert_eq!(ticker(&a, "NortonLifeLock Inc.", "2021-06-01"), some("GEN"));
        assert_eq!(
            ticker(&a, "Regal Beloit America Inc. - Revision 1", "2021-01-04"),
            some("RRX")
        );
        assert_eq!(
            ticker(&a, "Mylan Pharmaceuticals Inc.", "2020-03-11"),
            some("MYL")
        );
        assert_eq!(
            ticker(&a, "Mylan Pharmaceuticals Inc.", "2021-10-04"),
            some("VTRS")
        );
        assert_eq!(ticker(&a, "Raytheon Company", "2018-10-19"), some("RTN"));
        assert_eq!(
            ticker(&a, "E. I. du Pont de Nemours and Company", "2018-05-31"),
            some("DD")
        );
        assert_eq!(
            ticker(&a, "E. I. du Pont de Nemours and Company", "2020-01-06"),
            some("CTVA")
        );
        assert_eq!(ticker(&a, "Petco Animal Supplies", "2020-04-15"), None);
        assert_eq!(ticker(&a, "Coach USA", "2021-01-04"), None);
    }

    /// General Electric's units go with the spin-offs and sales on their dates: the SEC
    /// lists hold three companies whose names begin with "GE".
    #[test]
    fn general_electric_units_follow_the_spin_offs() {
        let a = Aliases::builtin();
        let some = |t: &str| Some(Some(t.to_string()));
        assert_eq!(ticker(&a, "GE Healthcare", "2020-07-28"), some("GE"));
        assert_eq!(ticker(&a, "GE HealthCare", "2023-01-04"), some("GEHC"));
        assert_eq!(ticker(&a, "GE Power", "2016-10-14"), some("GE"));
        assert_eq!(ticker(&a, "GE Power", "2024-04-02"), some("GEV"));
        assert_eq!(ticker(&a, "GE Capital Corp.", "2008-02-27"), some("GE"));
        assert_eq!(ticker(&a, "GE Transportation", "2019-03-01"), some("WAB"));
        assert_eq!(ticker(&a, "GE Appliances", "2017-01-05"), Some(None));
    }

    #[test]
    fn the_event_date_picks_the_owner() {
        let a = Aliases::builtin();
        let some = |t: &str| Some(Some(t.to_string()));
        assert_eq!(ticker(&a, "Slack", "2021-07-20"), some("WORK"));
        assert_eq!(ticker(&a, "Slack Technologies", "2021-07-21"), some("CRM"));
        assert_eq!(
            ticker(&a, "Activision Blizzard", "2023-10-12"),
            some("ATVI")
        );
        assert_eq!(
            ticker(&a, "Activision Blizzard", "2023-10-13"),
            some("MSFT")
        );
        assert_eq!(ticker(&a, "Twitter", "2022-10-26"), some("TWTR"));
        assert_eq!(
            ticker(&a, "Twitter", "2022-11-04"),
            Some(None),
            "not listed after"
        );
        assert_eq!(ticker(&a, "GitHub", "2018-10-26"), some("MSFT"));
        assert_eq!(ticker(&a, "GitHub", "2018-01-01"), Some(None));
        assert_eq!(ticker(&a, "LinkedIn", "2016-12-08"), some("MSFT"));
        assert_eq!(ticker(&a, "LinkedIn", "2016-12-07"), some("LNKD"));
        assert_eq!(ticker(&a, "Whole Foods", "2017-08-28"), some("AMZN"));
        assert_eq!(ticker(&a, "Google LLC", "2024-01-10"), some("GOOGL"));
        assert_eq!(ticker(&a, "Waymo LLC", "2024-01-10"), some("GOOGL"));
        assert_eq!(ticker(&a, "Nobody Inc", "2024-01-10"), None);
        // A franchisee's hotel of the brand is not the brand owner's employer.
        assert_eq!(ticker(&a, "Embassy Suites Fresno", "2020-06-01"), None);
        assert_eq!(
            ticker(
                &a,
                "Acme Hotels LLC dba Embassy Suites by Hilton Fresno",
                "2020-06-01"
            ),
            None
        );
        // The Dow Chemical Company: listed apart, then DowDuPont's, then Dow Inc.'s.
        assert_eq!(ticker(&a, "Dow Chemical Company", "2016-06-01"), Some(None));
        assert_eq!(
            ticker(&a, "The Dow Chemical Company", "2018-06-01"),
            some("DD")
        );
        assert_eq!(
            ticker(&a, "Dow Chemical Company", "2020-06-01"),
            some("DOW")
        );
        assert_eq!(
            ticker(&a, "Marriott Ownership Resorts, Inc.", "2020-06-01"),
            some("VAC")
        );
        assert_eq!(
            ticker(
                &a,
                "Embassy Suites Employer LLC DBA Embassy Suites by Hilton Downey",
                "2020-06-01"
            ),
            some("HLT")
        );
    }

    /// A brand before its site's words is found when the site's head is the alias's whole
    /// name, not only its core.
    #[test]
    fn a_brand_before_a_site() {
        let a = Aliases::builtin();
        let heads = |h: &[&str]| h.iter().map(|x| (*x).to_string()).collect::<Vec<_>>();
        let at = |h: &[&str]| {
            a.lookup_heads(on("2023-06-01"), &heads(h), false)
                .map(|x| x.ticker.clone())
        };
        assert_eq!(at(&["google la", "google"]), Some(Some("GOOGL".into())));
        assert_eq!(at(&["u s bank", "u s"]), Some(Some("USB".into())));
        assert_eq!(at(&["us silica", "us"]), None);
        assert_eq!(at(&[]), None);
        // Before the SEC lists, only a dated row: Six Flags' parks were SIX's until the
        // merger.
        let six = heads(&["six flags"]);
        assert_eq!(
            a.lookup_heads(on("2020-06-01"), &six, true)
                .and_then(|x| x.ticker.clone()),
            Some("SIX".into())
        );
        assert!(
            a.lookup_heads(on("2020-06-01"), &heads(&["google"]), true)
                .is_none()
        );
        // Only a name that begins as some alias does has heads worth reading.
        assert!(a.may_head("Google LA 3", false));
        assert!(a.may_head("Six Flags Magic Mountain", true));
        assert!(!a.may_head("Acme Widgets, Inc.", false));
    }

    /// A prefix of subsidiaries' legal names finds the owner on the notice's date, as whole
    /// words before a legal form only.
    #[test]
    fn a_prefix_of_legal_names() {
        let a = Aliases::builtin();
        let at = |name: &str| {
            a.lookup_prefix(name, on("2021-06-01"))
                .map(|x| x.ticker.clone())
        };
        let pag = Some(Some("PAG".to_string()));
        assert_eq!(at("UAG Capitol, Inc. dba Capitol Honda"), pag);
        assert_eq!(
            at("UAG Cerritos I, LLC dba Penske Chevrolet of Cerritos"),
            pag
        );
        assert_eq!(at("KMT/UAG, Inc. dba Kearny Mesa Toyota"), pag);
        assert_eq!(at("UAG Capitol"), None);
        assert_eq!(at("UAGX Foods, Inc."), None);
        assert_eq!(at("Capitol Honda, Inc. - UAG Services"), None);
        assert_eq!(at("Acme Widgets, Inc."), None);
    }

    /// A row written with a legal form is that legal entity's, not its brand's sites'.
    #[test]
    fn a_legal_entity_row_is_not_a_brand() {
        let a = Aliases::builtin();
        let some = |t: &str| Some(Some(t.to_string()));
        let name = "Residence Inn by Marriott, LLC dba Residence Inn Redwood City San Carlos";
        assert_eq!(ticker(&a, name, "2020-04-06"), some("MAR"));
        assert_eq!(
            ticker(&a, "Residence Inn by Marriott Fremont", "2020-04-06"),
            None
        );
        assert_eq!(
            ticker(&a, "Residence Inn by Marriott San Mateo", "2020-04-06"),
            None
        );
    }

    /// A row whose name describes a business finds that business, not another one with the
    /// same first word, nor the first word alone.
    #[test]
    fn a_described_business_is_not_another() {
        let a = Aliases::builtin();
        let some = |t: &str| Some(Some(t.to_string()));
        let day = "2019-06-01";
        assert_eq!(
            ticker(&a, "United Technologies Corporation", day),
            some("RTX")
        );
        assert_eq!(ticker(&a, "United Solutions, Inc.", day), None);
        assert_eq!(ticker(&a, "UNITED HEALTHCARE SERVICES INC", day), None);
        assert_eq!(ticker(&a, "United", day), None);
        assert_eq!(ticker(&a, "Delphi Technologies", day), None);
        // The name without its description is the company's still.
        assert_eq!(
            ticker(&a, "Nextier Completion-Robston", "2021-03-01"),
            some("NEX")
        );
    }

    #[test]
    fn every_builtin_row_parses_with_a_source() {
        let prefixes = include_str!("../../data/entity_prefixes.csv");
        let p = Aliases::parse(Path::new("entity_prefixes.csv"), prefixes).unwrap();
        let n: usize = p.by_core.values().map(Vec::len).sum();
        assert_eq!(n, prefixes.lines().count() - 1);
        assert!(p.by_core.values().flatten().all(|x| !x.source.is_empty()));
        let text = include_str!("../../data/aliases.csv");
        let a = Aliases::parse(Path::new("aliases.csv"), text).unwrap();
        let rows = text.lines().count() - 1;
        let parsed: usize = a.by_core.values().map(Vec::len).sum();
        assert_eq!(parsed, rows);
        assert!(a.by_core.values().flatten().all(|x| !x.source.is_empty()));
        // No two rows of one name hold on the same day.
        for list in a.by_core.values() {
            for (i, x) in list.iter().enumerate() {
                for y in &list[i + 1..] {
                    let overlap = x.from.is_none_or(|f| y.until.is_none_or(|u| f < u))
                        && y.from.is_none_or(|f| x.until.is_none_or(|u| f < u));
                    assert!(!overlap, "{} and {} overlap", x.name, y.name);
                }
            }
        }
    }
}
