//! The site step of [`SecIndex::lookup_for`]: a notice that names no legal entity but a
//! listed company and the site it closes or cuts ("CarMax Escondido", "Amazon SFO12",
//! "Owens Corning Amarillo Facility", "Halliburton-Elmendorf").

use super::dealer::MAKES;
use super::leading::{business_word, common_word, distinctive};
use super::{
    DESCRIPTOR_WORDS, ENTITY_WORDS, GENERIC_CORES, LARGE_COMPANIES, LEGAL_FORMS, Match, Method,
    ROLE_PHRASES, SUFFIXES, SecIndex, group_differs, legal_form_position, suggestion_if_unknown,
    without_the, words_of,
};

/// How many of the largest companies of the SEC lists (about $25bn and more) a notice
/// without a legal form may name by their name and a unit's or a line of business's words
/// (see [`SecIndex::by_brand_unit`]).
const BRAND_UNIT_COMPANIES: usize = 500;

/// The most words of a unit after the company's name (see [`SecIndex::by_brand_unit`]).
const MAX_UNIT_WORDS: usize = 5;

/// Words of a family business's name after a surname ("Chubb & Son"): not a unit.
const FAMILY_WORDS: &[&str] = &["son", "sons", "brother", "brothers", "bros", "family"];

/// The most words a site may take after the company's name ("El Segundo RIF", "Palestine
/// Car Facility").
const MAX_SITE_WORDS: usize = 4;

/// Words that say a site of a company, not another business ("Lunken Operations Center",
/// "Amarillo Facility", "Boeing El Segundo RIF").
const SITE_WORDS: &[&str] = &[
    "site",
    "facility",
    "facilities",
    "plant",
    "campus",
    "center",
    "centre",
    "office",
    "offices",
    "building",
    "bldg",
    "warehouse",
    "store",
    "branch",
    "location",
    "headquarters",
    "hq",
    "division",
    "operations",
    "distribution",
    "fulfillment",
    "terminal",
    "depot",
    "yard",
    "mill",
    "factory",
    "airport",
    "rif",
    "layoff",
    "layoffs",
    "closure",
    "closing",
    "downtown",
];

/// After a company's one-word name, a word at least this many companies' names hold after
/// their first word says a line of business ("CEVA Logistics", "Incyte Diagnostics": other
/// companies), unless it is a word of a place (see [`PLACE_NAME_WORDS`]).
const RARE_BUSINESS_WORD: u32 = 3;

/// Words of place names that companies' names hold too ("Pleasant Hill", "San Gabriel
/// Valley", "Long Beach"): after a one-word name they say a place, not a business.
const PLACE_NAME_WORDS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "hill",
    "hills",
    "valley",
    "river",
    "lake",
    "lakes",
    "bay",
    "beach",
    "park",
    "city",
    "square",
    "ridge",
    "creek",
    "springs",
    "falls",
    "harbor",
    "heights",
    "mesa",
    "point",
    "island",
    "mount",
    "mountain",
    "grove",
    "county",
    "village",
    "town",
    "plaza",
    "field",
    "fields",
    "mall",
    "port",
    "station",
    "grand",
    "prairie",
    "meadows",
    "galleria",
    "oaks",
    "woods",
    "gardens",
    "palms",
    "shores",
    "landing",
    "crossing",
    "commons",
    "pointe",
    "long",
    "rock",
    "country",
    "central",
    "new",
    "old",
    "fort",
    "saint",
    "st",
    "glen",
    "forest",
    "works",
];

/// Words of a company's name that say its business is hotels or resorts: a hotel named by
/// its brand and town ("Hyatt Regency Sacramento", "Wyndham San Diego Bayside") is as often
/// an owner's or a franchisee's as the brand's.
const LODGING_WORDS: &[&str] = &[
    "hotel",
    "hotels",
    "resort",
    "resorts",
    "hospitality",
    "inns",
    "lodging",
    "vacations",
];

impl SecIndex {
    /// The listed company (Nasdaq, NYSE or CBOE) whose whole name, or name without its
    /// descriptors ("Live Nation" for Live Nation Entertainment), begins a name that holds
    /// no legal form, followed by at most [`MAX_SITE_WORDS`] words of a site: a place, a
    /// site's number or code, or words of [`SITE_WORDS`], two of them maybe joined by "and"
    /// ("CarMax Escondido", "Amazon SFO12", "Sysco Sacramento", "Cinemark 12 Sherman",
    /// "Union Pacific Palestine Car Facility", "Live Nation-Austin").
    ///
    /// The company's name must be one no other company's name begins with: two words or
    /// more, or one word of at least four letters that is no word of English nor a common
    /// name, or such a word for one of the [`LARGE_COMPANIES`] before a site's number or
    /// words ("Amazon LAX22"; not "Apple Valley"). A word of business or of a legal entity
    /// among the site's words ("Blackstone Gaming"; after one word, also rarer ones and a
    /// role: "CEVA Logistics", "Incyte Diagnostics"), a car make ("Weatherford BMW"),
    /// "group" where the company's name has none, and a company whose name says hotels or
    /// resorts (see [`LODGING_WORDS`]) leave the name unmatched. A stage that says nothing
    /// (`Unknown`) makes it a suggestion.
    pub(super) fn by_site(&self, name: &str, stage: &str) -> Option<Match> {
        let cleaned = words_of(name);
        let (words, _) = without_the(&cleaned);
        for (k, marked) in self.sites(&words) {
            let head = &words[..k];
            let compact = head.concat();
            let mut list: Vec<usize> = self
                .compact
                .get(&compact)
                .into_iter()
                .chain(self.weak_brand.get(&compact))
                // Two words or more that are a company's name without its descriptors
                // ("Live Nation" for Live Nation Entertainment).
                .chain((k > 1).then(|| self.core.get(&compact)).flatten())
                .flatten()
                .copied()
                .filter(|&i| {
                    self.listed(i)
                        && !group_differs(name, &self.companies[i].title)
                        && !self.lodging(i)
                        && (k > 1 || distinctive(head) || (i < LARGE_COMPANIES && marked))
                        && self.beginning_with(head).len() == 1
                })
                .collect();
            list.sort_unstable();
            list.dedup();
            if list.is_empty() {
                continue;
            }
            return self
                .decide(&list, Method::Unit)
                .map(|m| suggestion_if_unknown(m, stage));
        }
        None
    }

    /// A notice of a list that says no stage (a WARN notice), without a legal form, that
    /// names one of the [`BRAND_UNIT_COMPANIES`] largest companies (Nasdaq, NYSE or CBOE) by
    /// its name without descriptors, followed by at most [`MAX_UNIT_WORDS`] words of which
    /// one says a unit, a site or a line of business: "Honeywell Sensing & Control", "Sony
    /// Pictures Entertainment", "Pfizer Research", "Lockheed Martin- Commercial Engine
    /// Solutions", "Verizon Business-Houston".
    ///
    /// The company's name must be distinctive (see [`distinctive`]: "Palo Verde Hospital"
    /// is not Palo Alto Networks', nor "Take 5 Department" Take-Two's) and no other
    /// company's name may begin with it. Not after a possessive, before "of" ("Honda Cars
    /// of Corona", a dealer), a car make, a family business's words ("Chubb & Son"), "group"
    /// where the company's name has none, or the first word of another large company's name
    /// (a contractor at a client's site); nor for a hotel company.
    pub(super) fn by_brand_unit(&self, name: &str, stage: &str) -> Option<Match> {
        if !stage.trim().is_empty() {
            return None;
        }
        let (_, i) = self.brand_unit(name)?;
        let Match::Found(mut cand) = self.decide(&[i], Method::Unit)? else {
            return None;
        };
        cand.score = 0.85;
        Some(Match::Found(cand))
    }

    /// The company's name as a name without a legal form begins with it before a unit's
    /// words (as [`SecIndex::by_brand_unit`] reads it), for the dated aliases of brands:
    /// "at t" for "AT&T Consumer Communications Services" (AT&T Corp. until 2005).
    pub(crate) fn brand_unit_heads(&self, name: &str) -> Vec<String> {
        let cleaned = words_of(name);
        let (words, _) = without_the(&cleaned);
        self.brand_unit(name)
            .map(|(k, _)| words[..k].join(" "))
            .into_iter()
            .collect()
    }

    /// How many of the name's words name company `i` before a unit's words (see
    /// [`SecIndex::by_brand_unit`]), and `i`.
    fn brand_unit(&self, name: &str) -> Option<(usize, usize)> {
        let cleaned = words_of(name);
        let (words, _) = without_the(&cleaned);
        if words.len() < 2 || legal_form_position(&words).is_some() {
            return None;
        }
        (1..words.len().min(4)).rev().find_map(|k| {
            let (head, tail) = words.split_at(k);
            if tail.len() > MAX_UNIT_WORDS || !distinctive(head) {
                return None;
            }
            let [i] = self.beginning_with(head)[..] else {
                return None;
            };
            let another = |w: &&str| {
                w.len() >= 4
                    && !common_word(w)
                    && self.first_word.get(*w).is_some_and(|l| {
                        l.iter()
                            .any(|&j| j != i && j < LARGE_COMPANIES && self.listed(j))
                    })
            };
            let refused = tail[0] == "s"
                || tail.iter().any(|w| {
                    *w == "of" || MAKES.contains(w) || FAMILY_WORDS.contains(w) || another(w)
                })
                || !tail
                    .iter()
                    .any(|w| SITE_WORDS.contains(w) || self.says_unit(w));
            let named = i < BRAND_UNIT_COMPANIES
                && self.companies[i].on_major_exchange()
                && !self.lodging(i)
                && !group_differs(name, &self.companies[i].title)
                && self
                    .core
                    .get(&head.concat())
                    .is_some_and(|l| l.contains(&i));
            (named && !refused).then_some((k, i))
        })
    }

    /// The beginnings of a name without a legal form that the rest makes a site of (as
    /// [`SecIndex::by_site`] reads it), longest first, for the aliases of brands: "Google"
    /// for "Google LA 3". A beginning of one word of English ("Ring") only before a site's
    /// number or words.
    pub(crate) fn site_heads(&self, name: &str) -> Vec<String> {
        let cleaned = words_of(name);
        let (words, _) = without_the(&cleaned);
        self.sites(&words)
            .into_iter()
            .filter(|&(k, marked)| k > 1 || marked || distinctive(&words[..1]))
            .map(|(k, _)| words[..k].join(" "))
            .collect()
    }

    /// Where a name's words (no legal form among them) may split into a company's name and
    /// a site of at most [`MAX_SITE_WORDS`] words: the number of the name's words, longest
    /// first, and whether the site's words hold a number or a word of [`SITE_WORDS`]
    /// ("SFO12", "Amarillo Facility"; a large company known by a word of English needs
    /// one: "Apple Valley" is a town).
    fn sites(&self, words: &[&str]) -> Vec<(usize, bool)> {
        if legal_form_position(words).is_some() {
            return Vec::new();
        }
        let longest = words.len().saturating_sub(1);
        let shortest = words.len().saturating_sub(MAX_SITE_WORDS).max(1);
        (shortest..=longest)
            .rev()
            .filter_map(|k| {
                let tail = &words[k..];
                // "and" joins two of a site's words ("Rockwall 14 and XD", "Clubs and
                // Theaters").
                let joined = |p: usize, w: &&str| *w == "and" && p > 0 && p + 1 < tail.len();
                let site = tail
                    .iter()
                    .enumerate()
                    .all(|(p, w)| joined(p, w) || self.site_word(w, k == 1));
                let marked = tail
                    .iter()
                    .any(|w| SITE_WORDS.contains(w) || w.bytes().any(|b| b.is_ascii_digit()));
                site.then_some((k, marked))
            })
            .collect()
    }

    /// True for a word a site's name may hold: one with a digit ("SFO12", "3937", "26th"),
    /// one of [`SITE_WORDS`] or [`PLACE_NAME_WORDS`], or a word that is no word of business,
    /// of a legal entity, of a legal form, of a role, a descriptor or a car make (a place:
    /// "Escondido", "Costa Mesa"; not "Weatherford BMW", a dealer). After a company's
    /// one-word name (`one_word`), a word of a role or one [`RARE_BUSINESS_WORD`]
    /// companies' names hold is a word of business too.
    fn site_word(&self, word: &str, one_word: bool) -> bool {
        if word.bytes().any(|b| b.is_ascii_digit())
            || SITE_WORDS.contains(&word)
            || PLACE_NAME_WORDS.contains(&word)
        {
            return true;
        }
        let uses = |w: &str| self.later_words.get(w).copied().unwrap_or(0);
        let rare_business = one_word
            && (uses(word) + uses(&format!("{word}s")) >= RARE_BUSINESS_WORD
                || ROLE_PHRASES.contains(&word));
        !(rare_business
            || business_word(&self.later_words, word)
            || MAKES.contains(&word)
            || [
                ENTITY_WORDS,
                DESCRIPTOR_WORDS,
                SUFFIXES,
                LEGAL_FORMS,
                GENERIC_CORES,
            ]
            .iter()
            .any(|list| list.contains(&word)))
    }

    /// True when company `i`'s name says hotels or resorts (see [`LODGING_WORDS`]).
    pub(super) fn lodging(&self, i: usize) -> bool {
        words_of(&self.companies[i].title)
            .split_whitespace()
            .any(|w| LODGING_WORDS.contains(&w))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::warn;
    use super::super::{Method, SecIndex};

    /// Large companies known by one word (Amazon's a word of English), by two, a hotel
    /// company, two companies a hotel brand begins, a look-alike of one word, a thousand
    /// fillers, five companies whose names make "logistics", "diagnostics" and "gaming" rare
    /// words of business, then smaller companies known by one word (two of them
    /// look-alikes: "CEVA Logistics" is not CEVA Inc.'s).
    fn index() -> SecIndex {
        let mut i = SecIndex::default();
        for (cik, t, n) in [
            (1, "AMZN", "AMAZON COM INC"),
            (2, "AAPL", "Apple Inc."),
            (3, "UNP", "UNION PACIFIC CORP"),
            (4, "H", "Hyatt Hotels Corp"),
            (5, "HLT", "Hilton Worldwide Holdings Inc."),
            (6, "HGV", "Hilton Grand Vacations Inc."),
            (9, "WFRD", "Weatherford International plc"),
            (10, "BX", "Blackstone Inc."),
            (11, "AVIS", "AVIS BUDGET GROUP, INC."),
            (12, "LYV", "Live Nation Entertainment, Inc."),
        ] {
            i.add(cik, t, n, Some("NYSE"));
        }
        for k in 0..1000 {
            let (t, n) = (format!("F{k}"), format!("Filler{k} Corp"));
            i.add(100 + k, &t, &n, Some("Nasdaq"));
        }
        // Five companies' names hold these words: rare words of business.
        for k in 0..5 {
            let (t, n) = (
                format!("R{k}"),
                format!("Rare{k} Logistics Diagnostics Gaming Corp"),
            );
            i.add(1500 + k, &t, &n, Some("Nasdaq"));
        }
        for (cik, t, n) in [
            (2001, "KMX", "CARMAX INC"),
            (2002, "SYY", "SYSCO CORP"),
            (2003, "HAL", "HALLIBURTON CO"),
            (2004, "CEVA", "CEVA INC"),
            (2005, "INCY", "INCYTE CORP"),
        ] {
            i.add(cik, t, n, Some("NYSE"));
        }
        i
    }

    fn ticker(i: &SecIndex, name: &str) -> Option<String> {
        warn(i, name)
            .filter(|(_, m)| *m == Method::Unit)
            .map(|(t, _)| t)
    }

    /// A company's whole name before a town, a site's code or number or a site's words
    /// finds it; a common word without a site's code, a line of business, a car make, a
    /// hotel company, a brand two companies begin with and a legal form do not.
    #[test]
    fn a_company_and_its_site_without_a_legal_form() {
        let i = index();
        for (name, want) in [
            ("CarMax Costa Mesa", "KMX"),
            ("CarMax San Gabriel Valley/Duarte", "KMX"),
            ("Sysco Sacramento", "SYY"),
            ("Halliburton-Elmendorf", "HAL"),
            ("Amazon LAX22", "AMZN"),
            ("Amazon Fulfillment Center Tracy", "AMZN"),
            ("Union Pacific Palestine Car Facility", "UNP"),
            ("Avis Budget Rental Car", "AVIS"),
            ("Live Nation-Austin", "LYV"),
            ("Live Nation Clubs & Theaters", "LYV"),
            ("Sysco Sacramento and Fresno", "SYY"),
        ] {
            assert_eq!(ticker(&i, name).as_deref(), Some(want), "{name}");
        }
        for name in [
            "Apple Valley",
            "Amazon Escondido",
            "CEVA Logistics",
            "Incyte Diagnostics",
            "Blackstone Gaming",
            "Weatherford BMW",
            "Hyatt Regency Sacramento",
            "Hilton San Diego Bayfront",
            "CarMax Costa Mesa Group",
            "Sysco Sacramento Farms One Two Three",
            "Sysco and Fresno",
            "Live Nation Enterprises",
        ] {
            assert_eq!(ticker(&i, name), None, "{name}");
        }
    }

    /// The heads of a site's name that brands' aliases are looked up by: a word of English
    /// only before a site's number or words.
    #[test]
    fn heads_of_a_sites_name() {
        let i = index();
        assert_eq!(i.site_heads("Google LA 3"), ["google la", "google"]);
        assert_eq!(i.site_heads("Ring Store 12"), ["ring store", "ring"]);
        assert_eq!(i.site_heads("Ring Fresno"), Vec::<String>::new());
        assert_eq!(i.site_heads("Google LLC"), Vec::<String>::new());
    }

    /// The heads of a legal name that brands' aliases are looked up by: one word only
    /// before a word of a unit or of business, and the employer only, not a client.
    #[test]
    fn heads_of_a_legal_name() {
        let i = index();
        assert_eq!(
            i.leading_heads("Disney Streaming Technology LLC"),
            ["disney streaming", "disney"]
        );
        assert_eq!(
            i.leading_heads("Scotts Temecula Operations LLC")
                .last()
                .map(String::as_str),
            Some("scotts")
        );
        let none = Vec::<String>::new();
        assert_eq!(i.leading_heads("Gillette Citrus, Inc."), none);
        assert_eq!(
            i.leading_heads("Disney Land Resort - Acme Electric Corporation"),
            none
        );
        assert_eq!(i.leading_heads("Disney Destinations"), none);
    }

    /// A large company's name without descriptors and a unit's words, no legal form: found;
    /// a name that only begins like it, a dealer, a family business, a contractor naming
    /// its client and a stage: not.
    #[test]
    fn a_large_company_and_a_units_words() {
        let mut i = SecIndex::default();
        for (cik, t, n) in [
            (1, "HON", "HONEYWELL INTERNATIONAL INC"),
            (2, "SONY", "SONY GROUP CORP"),
            (3, "PFE", "PFIZER INC"),
            (4, "PANW", "Palo Alto Networks Inc"),
            (5, "TTWO", "TAKE TWO INTERACTIVE SOFTWARE INC"),
            (6, "HMC", "HONDA MOTOR CO LTD"),
            (7, "CB", "Chubb Limited"),
            (8, "WMT", "Walmart Inc."),
        ] {
            i.add(cik, t, n, Some("NYSE"));
        }
        let unit = |name: &str| match i.by_brand_unit(name, "") {
            Some(super::super::Match::Found(c)) => Some(c.company.ticker),
            _ => None,
        };
        for (name, want) in [
            ("Honeywell Sensing & Control Division", "HON"),
            ("Sony Pictures Entertainment Services", "SONY"),
            ("Pfizer Research Manufacturing", "PFE"),
        ] {
            assert_eq!(unit(name).as_deref(), Some(want), "{name}");
            assert_eq!(warn(&i, name).map(|f| f.0).as_deref(), Some(want), "{name}");
        }
        for name in [
            "Palo Verde Hospital Services",
            "Take 5 Department 199",
            "Honda Cars of Corona Services",
            "Chubb & Son Services",
            "Honeywell Walmart Logistics Services",
            "Honeywell's Products",
        ] {
            assert_eq!(unit(name), None, "{name}");
            assert_eq!(warn(&i, name), None, "{name}");
        }
        assert!(
            i.by_brand_unit("Pfizer Research Manufacturing", "Post-IPO")
                .is_none()
        );
        assert_eq!(
            i.brand_unit_heads("Honeywell Sensing & Control Division"),
            ["honeywell"]
        );
    }
}
