//! The leading-words step of [`SecIndex::lookup_for`]: a subsidiary's legal name made of its
//! parent's name, a line of business and a legal form ("Avis Budget Rental Services Inc.",
//! "Marvell Semiconductor, Inc.", "Corteva Agriscience LLC").

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::acronym::BROAD_WORDS;
use super::{
    DESCRIPTOR_WORDS, ENTITY_WORDS, GENERIC_CORES, LARGE_COMPANIES, Match, Method, PLACE_WORDS,
    ROLE_PHRASES, SUFFIXES, SecIndex, UNIT_PHRASES, group_differs, legal_form_position,
    suggestion_if_unknown, without_the, words_of,
};

/// The fewest distinctive words (not generic, descriptor, place or suffix words) leading
/// words of more than one word must hold.
const MIN_DISTINCT_WORDS: usize = 2;

/// The most words of a bare brand (see [`SecIndex::by_first_words`]).
const MAX_FIRST_WORDS: usize = 3;

/// How many of the largest companies of the lists a bare brand may name (see
/// [`SecIndex::by_first_words`]).
const BRAND_COMPANIES: usize = 2000;

/// The fewest letters of a single leading word.
const MIN_LETTERS: usize = 4;

/// A word that at least this many companies' names hold after their first word is a word of
/// business ("technology", "products", "foods"), not part of a brand.
const COMMON_LATER_WORD: u32 = 15;

/// How many companies' names must hold a word after their first word for it to be a word
/// companies use at all (see [`SecIndex::common_head_before_business`]).
const KNOWN_LATER_WORD: u32 = 3;

/// Words of a unit that may follow a brand alone ("Gildan Distribution, Inc.", "Gildan
/// Manufacturing Inc."): what a company does with its own goods, not a business of its own.
const BRAND_UNIT_WORDS: &[&str] = &[
    "distribution",
    "manufacturing",
    "operations",
    "fulfillment",
    "retail",
    "stores",
];

/// Words of English and common names (`common_words.txt`): a single leading word among them
/// is as often a private employer's own ("Emerald Textiles", "Cardinal Glass Industries",
/// "Hayward Nissan") as a listed company's.
pub(super) fn common_word(word: &str) -> bool {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            include_str!("common_words.txt")
                .lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .flat_map(str::split_whitespace)
                .collect()
        })
        .contains(word)
}

impl SecIndex {
    /// The company no other company in the SEC lists shares the name's first words with,
    /// listed on Nasdaq, NYSE or CBOE, when the name goes on with at least one word and then
    /// a legal form, and either
    /// - the first words are the company's whole name (words of place or of a legal entity
    ///   aside), of at least [`MIN_DISTINCT_WORDS`] distinctive words ("Avis Budget Rental
    ///   Services Inc.", "Cleveland-Cliffs Riverdale LLC"), or
    /// - the first word is one of at least [`MIN_LETTERS`] letters that is no word of English
    ///   nor a common name (see [`common_word`]), and the company's other words are words of
    ///   business ("Marvell Semiconductor, Inc." for Marvell Technology; not "Lucky Strike
    ///   Hollywood Inc", nor "Quanex Homeshield LLC" for Quanex Building Products: too few
    ///   companies' names say "building" to make it a word of business), or, when they are
    ///   not, the name's other words are words of place or of a unit ("lululemon usa inc."
    ///   for lululemon athletica, "Gildan Distribution, Inc." for Gildan Activewear).
    ///
    /// A name of one word and a legal form is read the same way, with no words after the
    /// first ("Ryder Inc." for Ryder System; not "Zorvex, Inc." for Zorvex Mirabel). Where
    /// several companies begin so, one listed on Nasdaq, NYSE or CBOE is taken over others
    /// quoted over the counter only (see [`SecIndex::major_over_otc`]).
    ///
    /// A hyphen joining the first words to another legal name (a franchisee) or descriptors
    /// of another business ("Rubicon Technologies" for Rubicon Technology) leave the name
    /// unmatched. A stage that says nothing (`Unknown`) makes it a suggestion.
    pub(super) fn by_leading_words(&self, name: &str, stage: &str) -> Option<Match> {
        let cleaned = words_of(name);
        let (words, skipped) = without_the(&cleaned);
        let legal = legal_form_position(&words)?;
        // One word before the legal form ("Ryder Inc." for Ryder System) is read as a head
        // with no tail.
        let end = if legal == 1 { 2 } else { legal };
        for k in (1..end).rev() {
            let (head, tail) = (&words[..k], &words[k..legal]);
            if !distinctive(head) {
                continue;
            }
            let begin = self.major_over_otc(self.beginning_with(head), tail);
            let [i] = begin[..] else {
                // Several companies begin so, and fewer words are shared by at least as
                // many; none, and fewer words may still begin one.
                if begin.len() > 1 {
                    return None;
                }
                continue;
            };
            // A brand whose company's other words are a brand's too ("lululemon athletica",
            // "Gildan Activewear") before words of place or of a unit only: "lululemon usa
            // inc.", "Gildan Distribution, Inc.".
            let brand_abroad = k == 1
                && !tail.is_empty()
                && !self.rest_is_business(i)
                && tail
                    .iter()
                    .all(|w| PLACE_WORDS.contains(w) || BRAND_UNIT_WORDS.contains(w));
            let rest_fits = if k == 1 {
                self.rest_is_business(i) || brand_abroad
            } else {
                self.whole_name(i, k)
            };
            if !self.listed(i)
                || !rest_fits
                || (k == 1 && !brand_abroad && !tail.is_empty() && self.another_business(i, tail))
                || hyphen_after(name, k + skipped)
                // "Compass Group USA" is not Compass, Inc.'s; "Nucor Buildings Group
                // West LLC" is Nucor's: "group" after a line of business names a unit.
                || (tail.first() == Some(&"group") && group_differs(name, &self.companies[i].title))
                || self.descriptors_conflict(i, tail)
                || self.common_head_before_business(head, tail)
            {
                return None;
            }
            return self
                .decide(&[i], Method::Unit)
                .map(|m| suggestion_if_unknown(m, stage));
        }
        None
    }

    /// True when every word of a head of two or more words is a common word ("Iron
    /// Mountain", a town's name as often as Iron Mountain Inc.'s) and a word after it is no
    /// word of place, of a legal entity or of a unit, and fewer than [`KNOWN_LATER_WORD`]
    /// companies' names hold it after their first word: "Iron Mountain Trap Rock Co." is a
    /// quarry's; "Williams-Sonoma Direct, Inc." is Williams-Sonoma's.
    fn common_head_before_business(&self, head: &[&str], tail: &[&str]) -> bool {
        let uses = |w: &str| self.later_words.get(w).copied().unwrap_or(0);
        head.len() >= 2
            && head.iter().all(|w| common_word(w))
            && tail.iter().any(|w| {
                !(PLACE_WORDS.contains(w)
                    || BRAND_UNIT_WORDS.contains(w)
                    || legal_place_or_entity(w)
                    || uses(w) + uses(&format!("{w}s")) >= KNOWN_LATER_WORD)
            })
    }

    /// True for a word of business (see [`business_word`]), of a legal entity, of a unit or
    /// of a role ("Systems", "Services", "Distribution", "Management").
    pub(super) fn says_unit(&self, word: &str) -> bool {
        business_word(&self.later_words, word)
            || [ENTITY_WORDS, UNIT_PHRASES, ROLE_PHRASES]
                .iter()
                .any(|list| list.contains(&word))
    }

    /// The beginnings of a legal name that may name a brand before its unit's or line of
    /// business's words and the legal form (as [`SecIndex::by_leading_words`] reads them),
    /// longest first, for the aliases of brands: "disney" for "Disney Streaming Technology
    /// LLC". Only the employer a notice names is read (not a client after a dash: "Disney
    /// Land Resort - Morrow-Meadows Corporation" is a contractor's); a beginning joined to
    /// the rest by a hyphen (a franchisee) is none, and one word only before a word of
    /// business, of a unit, of a role or of a legal entity ("Gillette Citrus, Inc." is a
    /// grower's).
    pub(crate) fn leading_heads(&self, name: &str) -> Vec<String> {
        let Some(employer) = super::employer_parts(name).into_iter().next() else {
            return Vec::new();
        };
        if employer.contains(" - ") {
            return Vec::new();
        }
        let cleaned = words_of(&employer);
        let (words, skipped) = without_the(&cleaned);
        let Some(legal) = legal_form_position(&words) else {
            return Vec::new();
        };
        (1..legal)
            .rev()
            .filter(|&k| {
                distinctive(&words[..k])
                    && !hyphen_after(&employer, k + skipped)
                    && (k > 1 || words[1..legal].iter().any(|w| self.says_unit(w)))
            })
            .map(|k| words[..k].join(" "))
            .collect()
    }

    /// A name of a list that says no stage (a WARN notice), without a legal form, that is
    /// the first words of one company's name in the SEC lists and of no other's, listed on
    /// Nasdaq, NYSE or CBOE and among the [`BRAND_COMPANIES`] largest, when those words are
    /// distinctive (see [`distinctive`]) and one of them is no common word: "Walgreens" for
    /// Walgreens Boots Alliance, "Molson Coors", "Ryder" (Ryder System); not "Cardinal"
    /// (Cardinal Health), "Carrier", "American Water", nor a company outside the largest
    /// ("Four Seasons", a school in the SEC list; "Genco", a private logistics firm as
    /// often as Genco Shipping), nor a hotel company ("Wyndham - San Antonio").
    pub(super) fn by_first_words(&self, name: &str, stage: &str) -> Option<Match> {
        if !stage.trim().is_empty() {
            return None;
        }
        let cleaned = words_of(name);
        let (words, _) = without_the(&cleaned);
        if words.is_empty()
            || words.len() > MAX_FIRST_WORDS
            || legal_form_position(&words).is_some()
            || !distinctive(&words)
            || words.iter().all(|w| common_word(w))
        {
            return None;
        }
        let [i] = self.beginning_with(&words)[..] else {
            return None;
        };
        // A hotel brand names hotels that franchisees and owners run as often as its own.
        if !self.companies[i].on_major_exchange()
            || i >= BRAND_COMPANIES
            || self.lodging(i)
            || self.normalised[i].split_whitespace().count() <= words.len()
        {
            return None;
        }
        let Match::Found(mut cand) = self.decide(&[i], Method::LegalEntity)? else {
            return None;
        };
        cand.score = 0.85;
        Some(Match::Found(cand))
    }

    /// The one company of `list` listed on Nasdaq, NYSE or CBOE, among the
    /// [`LARGE_COMPANIES`], when every other one trades over the counter and the words after
    /// the leading ones (`tail`) say a line of business or a unit: "Samsara Networks Inc." is
    /// Samsara Inc.'s, not Samsara Luggage's, "Hartford Fire Insurance Company" The
    /// Hartford's. Not for a possessive ("Duke's Malibu, LLC") nor broad words only ("Magna
    /// Industries, Inc.", a name of its own); else `list`.
    fn major_over_otc(&self, list: Vec<usize>, tail: &[&str]) -> Vec<usize> {
        if list.len() < 2
            || tail.first() == Some(&"s")
            || tail
                .iter()
                .all(|w| BROAD_WORDS.contains(w) || legal_place_or_entity(w))
        {
            return list;
        }
        let major: Vec<usize> = list
            .iter()
            .copied()
            .filter(|&i| self.companies[i].on_major_exchange())
            .collect();
        let rest_otc = list
            .iter()
            .all(|&i| major.contains(&i) || self.companies[i].exchange == "OTC");
        match major[..] {
            [i] if rest_otc && i < LARGE_COMPANIES => major,
            _ => list,
        }
    }

    /// True when company `i`'s normalised name after its first `k` words holds only words of
    /// place, of a legal entity or of a legal form ("Avis Budget Group", "Honeywell
    /// International"; not "Five Star Bancorp" for "Five Star").
    fn whole_name(&self, i: usize, k: usize) -> bool {
        self.normalised[i]
            .split_whitespace()
            .skip(k)
            .all(|w| legal_place_or_entity(w) || w == "companies")
    }

    /// True when company `i`'s normalised name after its first word holds only words of
    /// business (see [`COMMON_LATER_WORD`]), of place, of a legal entity or of a legal form
    /// ("Marvell Technology"; not "Lucky Strike Entertainment").
    fn rest_is_business(&self, i: usize) -> bool {
        self.normalised[i]
            .split_whitespace()
            .skip(1)
            .all(|w| business_word(&self.later_words, w) || legal_place_or_entity(w))
    }

    /// True when company `i`'s name says its business after its first word and the name's
    /// words after it are only words of place or of a legal entity: "Centerra International
    /// Inc." is another company's name, not a unit of Centerra Gold.
    fn another_business(&self, i: usize, tail: &[&str]) -> bool {
        let business = self.normalised[i]
            .split_whitespace()
            .skip(1)
            .any(|w| !legal_place_or_entity(w));
        business
            && tail
                .iter()
                .all(|w| PLACE_WORDS.contains(w) || ENTITY_WORDS.contains(w))
    }

    /// True when the name's words after the leading ones hold descriptors (see
    /// [`DESCRIPTOR_WORDS`]) and company `i`'s name holds others, none of them of the same
    /// kind of business ("Opendoor Labs" may be Opendoor Technologies', "Takeda
    /// Pharmaceuticals USA" Takeda Pharmaceutical's; "Acme Health" is not Acme Software's).
    pub(super) fn descriptors_conflict(&self, i: usize, tail: &[&str]) -> bool {
        let theirs: Vec<&str> = self.descriptors[i].iter().map(|w| kind_of(w)).collect();
        let ours: Vec<&str> = tail
            .iter()
            .filter(|w| DESCRIPTOR_WORDS.contains(w))
            .map(|w| kind_of(w))
            .collect();
        !theirs.is_empty() && !ours.is_empty() && !ours.iter().any(|w| theirs.contains(w))
    }
}

/// True for a word of business: one at least [`COMMON_LATER_WORD`] companies' names hold
/// after their first word (`later_words`), singular or plural ("system" as "systems",
/// "industry" as "industries"), or a
/// descriptor (see [`DESCRIPTOR_WORDS`]; "motor" as "motors").
pub(super) fn business_word(later_words: &HashMap<String, u32>, word: &str) -> bool {
    let uses = |w: &str| later_words.get(w).copied().unwrap_or(0);
    let plural = format!("{word}s");
    // "industry" as "industries".
    let ies = word
        .strip_suffix('y')
        .map_or(0, |stem| uses(&format!("{stem}ies")));
    uses(word) + uses(&plural) + ies >= COMMON_LATER_WORD
        || DESCRIPTOR_WORDS.contains(&plural.as_str())
        || DESCRIPTOR_WORDS.contains(&word)
}

/// True for a word of a legal form, of place or of a legal entity (see [`SUFFIXES`],
/// [`PLACE_WORDS`], [`ENTITY_WORDS`]): a word that says nothing of a business.
pub(super) fn legal_place_or_entity(word: &str) -> bool {
    [SUFFIXES, PLACE_WORDS, ENTITY_WORDS]
        .iter()
        .any(|list| list.contains(&word))
}

/// The kind of business a descriptor says (see [`DESCRIPTOR_WORDS`]): technology, media,
/// health, finance or vehicles, else the word itself.
fn kind_of(descriptor: &str) -> &str {
    match descriptor {
        "technologies" | "technology" | "tech" | "labs" | "lab" | "systems" | "software"
        | "solutions" | "platforms" | "networks" | "network" | "ai" | "digital" => "technology",
        "interactive" | "entertainment" | "media" | "communications" => "media",
        "health" | "healthcare" | "pharmaceutical" | "pharmaceuticals" => "health",
        "financial" | "markets" | "insurance" => "finance",
        "automotive" | "motors" => "vehicles",
        other => other,
    }
}

/// True when leading words may name one company: one word of at least [`MIN_LETTERS`]
/// letters that is not a common word, or at least [`MIN_DISTINCT_WORDS`] words that are not
/// generic, descriptor, place or suffix words.
pub(super) fn distinctive(head: &[&str]) -> bool {
    match head {
        [one] => {
            one.len() >= MIN_LETTERS
                && one.bytes().all(|b| b.is_ascii_lowercase())
                && !common_word(one)
                && !GENERIC_CORES.contains(one)
        }
        _ => {
            head.iter()
                .filter(|w| {
                    ![GENERIC_CORES, DESCRIPTOR_WORDS, PLACE_WORDS, SUFFIXES]
                        .iter()
                        .any(|list| list.contains(w))
                })
                .count()
                >= MIN_DISTINCT_WORDS
        }
    }
}

/// True when a hyphen joins the name's first `k` words to the rest: what follows is another
/// employer ("European Wax Center-TCT Ventures Inc.", a franchisee), not a unit.
pub(super) fn hyphen_after(name: &str, k: usize) -> bool {
    name.match_indices('-').any(|(i, _)| {
        words_of(&name[..i]).split_whitespace().count() == k
            && !name[..i].ends_with(' ')
            && !name[i + 1..].starts_with(' ')
    })
}
