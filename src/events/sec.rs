//! Company-name-to-ticker matching against the SEC EDGAR lists as downloaded
//! (`company_tickers.json`, `company_tickers_exchange.json`): exact, normalised and
//! legal-entity names and tickers written as names, each with a confidence, the exchange
//! as tie-break, and a refusal to guess below [`THRESHOLD`] or between equal candidates.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};

mod acronym;
mod dealer;
mod leading;
mod site;
mod spelling;
pub use spelling::Respelt;

/// One SEC company: its CIK, its primary ticker (the first listed), its name and the
/// exchange of that ticker (from `company_tickers_exchange.json`).
#[derive(Debug, Clone, PartialEq)]
pub struct SecCompany {
    /// Central Index Key.
    pub cik: u64,
    /// Primary ticker.
    pub ticker: String,
    /// Registered name.
    pub title: String,
    /// `Nasdaq`, `NYSE`, `CBOE`, `OTC`, or empty when unknown.
    pub exchange: String,
}

impl SecCompany {
    /// True for a company listed on Nasdaq, NYSE or CBOE (not over the counter).
    pub fn on_major_exchange(&self) -> bool {
        matches!(self.exchange.as_str(), "Nasdaq" | "NYSE" | "CBOE")
    }
}

/// How a name found its company, from the surest to the least sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Case-insensitive equality with an SEC name.
    Exact,
    /// Equality after normalisation (corporate suffixes, punctuation, "The", "&", ".com").
    Normalised,
    /// Equality of the core names: a legal entity's or brand's qualifiers (LLC, N.A., USA,
    /// America, Services, Technologies, Labs, Holdings, Group, Global, ...) removed on both
    /// sides, spaces and hyphens ignored ("Wal-Mart Associates, Inc." = "Walmart Inc.").
    LegalEntity,
    /// A name the company filed under before (`--sec-names`: "Tesla Motors, Inc." for Tesla,
    /// Inc.).
    FormerName,
    /// The listed company's name, or its ticker written as an acronym ("UPS"), followed by
    /// the words of a unit, a subsidiary or a site ("FedEx Ground Package System, Inc.",
    /// "Lowe's Home Centers, LLC", "UPS Supply Chain Solutions", "Macy's Northgate Mall"),
    /// or its distinctive first words followed by a line of business and a legal form
    /// ("Marvell Semiconductor, Inc.", "Avis Budget Rental Services Inc.").
    Unit,
    /// The name is written as a listed ticker in capitals ("AMD").
    Ticker,
    /// The name's words begin a listed company's name ("Unity" -> "Unity Bancorp"): a
    /// suggestion only.
    Prefix,
    /// Similar spelling: a suggestion only.
    Similar,
}

impl Method {
    /// The label written in `matched_by`.
    pub fn label(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::Normalised => "normalised",
            Method::LegalEntity => "legal-entity",
            Method::FormerName => "former-name",
            Method::Unit => "unit",
            Method::Ticker => "ticker",
            Method::Prefix => "prefix",
            Method::Similar => "similar",
        }
    }

    /// The confidence of a match made this way, before the exchange tie-break.
    pub fn confidence(self) -> f64 {
        match self {
            Method::Exact => 1.0,
            Method::Normalised => 0.97,
            Method::LegalEntity => 0.92,
            Method::FormerName => 0.95,
            Method::Unit => 0.88,
            Method::Ticker => 0.9,
            Method::Prefix => 0.7,
            Method::Similar => 0.5,
        }
    }
}

/// True for a stage that says the company is listed (`Post-IPO`, `public`).
fn listed_stage(stage: &str) -> bool {
    let st = stage.trim().to_ascii_lowercase();
    st == "post-ipo" || st == "public"
}

/// True for the `Unknown` stage of layoffs lists.
fn unknown_stage(stage: &str) -> bool {
    stage.trim().eq_ignore_ascii_case("unknown")
}

/// A match as a suggestion when the stage says nothing (`Unknown`).
fn suggestion_if_unknown(m: Match, stage: &str) -> Match {
    match m {
        Match::Found(mut cand) if unknown_stage(stage) => {
            cand.score = 0.75;
            Match::None(vec![cand])
        }
        m => m,
    }
}

/// Matches below this confidence are suggestions, never matches.
pub const THRESHOLD: f64 = 0.8;

/// A candidate company for a name.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The company.
    pub company: SecCompany,
    /// How it was found.
    pub method: Method,
    /// Confidence in 0..1 (see [`THRESHOLD`]).
    pub score: f64,
}

/// What looking a name up gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Match {
    /// One company, at or above [`THRESHOLD`].
    Found(Candidate),
    /// Several companies equally likely (after the exchange tie-break).
    Ambiguous(Vec<SecCompany>),
    /// No company at or above the threshold; the best candidates, if any, as suggestions.
    None(Vec<Candidate>),
}

/// The SEC lists indexed by name.
#[derive(Debug, Default)]
pub struct SecIndex {
    companies: Vec<SecCompany>,
    by_cik: HashMap<u64, usize>,
    cik_of_ticker: HashMap<String, u64>,
    exchange_of: HashMap<String, String>,
    exact: HashMap<String, Vec<usize>>,
    norm: HashMap<String, Vec<usize>>,
    core: HashMap<String, Vec<usize>>,
    ticker: HashMap<String, usize>,
    first_word: HashMap<String, Vec<usize>>,
    /// Normalised names without spaces ("lowescompanies", "macys"), and brands before
    /// [`BRAND_TAILS`] ("lowes", "hyatt").
    compact: HashMap<String, Vec<usize>>,
    /// Brands before [`WEAK_BRAND_TAILS`] ("marriott").
    weak_brand: HashMap<String, Vec<usize>>,
    grams: Vec<Vec<[u8; 3]>>,
    /// The companies whose core holds each trigram, for [`SecIndex::suggest`].
    gram_postings: HashMap<[u8; 3], Vec<u32>>,
    descriptors: Vec<Vec<String>>,
    /// Each company's normalised name.
    normalised: Vec<String>,
    /// Names filed under before (`--sec-names`), by lower-case name and by normalised name.
    former_exact: HashMap<String, Vec<usize>>,
    former_norm: HashMap<String, Vec<usize>>,
    /// Each company's name of two or more words by its one-edit keys (see
    /// [`spelling::one_edit_keys`]), for misspelt names.
    one_edit: HashMap<u64, Vec<usize>>,
    /// How many companies' normalised names hold each word after their first word: words of
    /// business ("technology", "products", "foods") are common, a brand's rare.
    later_words: HashMap<String, u32>,
    /// The first words of the [`spelling::RESPELT_COMPANIES`] largest companies by each of
    /// their deletion keys (see [`spelling::deletion_keys`]), for a misspelt first word.
    large_first: HashMap<String, Vec<String>>,
}

const SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "plc",
    "llc",
    "l l c",
    "lp",
    "l p",
    "llp",
    "sa",
    "s a",
    "nv",
    "n v",
    "ag",
    "se",
    "spa",
    "ab",
    "a s",
    "asa",
    "oyj",
    "bv",
    "pbc",
    "holdings",
    "holding",
    "group",
    "com",
    "de",
    "del",
    "the",
    "public",
    "class a",
    "cl a",
    "and",
];

/// Words a subsidiary or legal entity adds to its parent's name ("Oracle America",
/// "Wells Fargo Bank, N.A.", "Dell Products L.P.").
const ENTITY_WORDS: &[&str] = &[
    "n a",
    "na",
    "usa",
    "us",
    "u s",
    "north america",
    "america",
    "americas",
    "services",
    "service",
    "bank",
    "associates",
    "products",
    "operations",
    "enterprises",
    "worldwide",
    "international",
    "global",
    "corporate",
    "pharmacy",
];

/// How many of the largest companies of the SEC lists (ordered by market value, largest
/// first; the 1,000th is worth about $10bn) are known by an ordinary word or by their
/// initials alone ("Oracle America, Inc.", "AMD, Inc."); a smaller company's are as often a
/// private employer's ("Highway Enterprises Inc.", "RHP, Inc.").
const LARGE_COMPANIES: usize = 1000;

/// True for a preferred share's ticker in the SEC lists ("SCE-PM", "BAC-PL").
fn preferred_share(ticker: &str) -> bool {
    ticker
        .rsplit_once("-P")
        .is_some_and(|(_, class)| class.len() <= 1 && class.bytes().all(|b| b.is_ascii_uppercase()))
}

/// True when a core is an ordinary word, or two or more words of business, place or a
/// legal entity ("Global Industrial Services Inc." is not Global Industrial Co.'s), the
/// name followed with entity words, outside a listed stage: any employer's ("Highway
/// Enterprises Inc." is not Highway Holdings'), unless the company is among the
/// [`LARGE_COMPANIES`] ("Oracle America, Inc.").
fn ordinary(
    later_words: &HashMap<String, u32>,
    name: &str,
    core: &str,
    entity_words: bool,
    stage: &str,
) -> bool {
    entity_words && !listed_stage(stage) && {
        // The name's first words that spell the core.
        let n = normalise(name);
        let mut spelt = String::new();
        let words: Vec<&str> = n
            .split_whitespace()
            .take_while(|w| {
                let more = spelt.len() < core.len();
                spelt.push_str(w);
                more
            })
            .collect();
        leading::common_word(core)
            || (words.len() >= 2
                && words.concat() == core
                && words.iter().all(|w| {
                    leading::legal_place_or_entity(w) || leading::business_word(later_words, w)
                }))
    }
}

/// True when a name's words hold an entity word that says a line of business
/// ("products", "services", "pharmacy", "bank"): the core of "Mercury Products Corporation"
/// is another company's than Mercury Systems', whose name says its own business.
fn says_business(name: &str) -> bool {
    normalise(name)
        .split_whitespace()
        .any(|w| matches!(w, "products" | "services" | "service" | "pharmacy" | "bank"))
}

/// Words of place a company's name may end in ("Altice USA", "Carrier Global").
const PLACE_WORDS: &[&str] = &[
    "usa",
    "us",
    "u s",
    "america",
    "americas",
    "north america",
    "international",
    "global",
    "worldwide",
];

/// Words that describe a business after a brand ("Spotify Technology", "Unity Software").
/// A name with one of them and an SEC name with another ("Rubicon Technologies" and
/// "Rubicon Technology") are different companies as far as matching goes.
const DESCRIPTOR_WORDS: &[&str] = &[
    "technologies",
    "technology",
    "tech",
    "labs",
    "lab",
    "systems",
    "software",
    "solutions",
    "platforms",
    "interactive",
    "networks",
    "network",
    "financial",
    "markets",
    "automotive",
    "motors",
    "insurance",
    "communications",
    "ai",
    "digital",
    "entertainment",
    "media",
    "health",
    "healthcare",
    "pharmaceutical",
    "pharmaceuticals",
];

/// Last words of a listed company's name after which its brand stands alone in a unit's
/// name ("Hyatt Hotels Corp" for "Hyatt Corporation", "Marriott International" for
/// "Marriott Hotel Services, Inc.", "Burlington Stores" for "Burlington #1106").
const BRAND_TAILS: &[&str] = &[" hotels and resorts", " hotels", " companies", " stores"];

/// Last words of a listed company's name after which its brand stands alone only before a
/// unit's words ("Marriott Hotel Services" is Marriott International's; "Kronos LLC" is not
/// Kronos Worldwide's).
const WEAK_BRAND_TAILS: &[&str] = &[" international", " worldwide"];

/// Words and phrases that name a unit, a subsidiary or a line of business of a company
/// after its name ("Lowe's Home Centers", "FedEx Ground Package System", "Macy's Retail
/// Holdings", "UPS Supply Chain Solutions").
const UNIT_PHRASES: &[&str] = &[
    "ground package system",
    "supply chain solutions",
    "supply chain",
    "home centers",
    "home center",
    "home delivery",
    "retail holdings",
    "distribution center",
    "distribution centers",
    "fulfillment center",
    "fulfillment centers",
    "customer care",
    "operations center",
    "research center",
    "shared services",
    "general services",
    "educational services",
    "campus",
    "hotel employer",
    "employer",
    "hotel services",
    "hotels and resorts",
    "hotels",
    "resorts",
    "retail",
    "stores",
    "store",
    "freight",
    "ground",
    "distribution",
    "fulfillment",
    "division",
    "headquarters",
    "manufacturing",
    "operations",
    "holdings",
    "holding",
    "corporate",
    "department",
    "mall",
    "facility",
    "plant",
    "warehouse",
    "outlet",
    "supercenter",
    "field services",
    "family of companies",
];

/// Words that name a subsidiary by its role after its parent's name ("Centene Management
/// Company", "Stryker Employment Company", "PepsiCo Sales, Inc.", "Avis Budget Car
/// Rental"). A private company's name ends so as often ("Genius Management", "Freedom
/// Mortgage"), so they are trusted only after a name no other company's name begins with.
const ROLE_PHRASES: &[&str] = &[
    "management services",
    "management",
    "employment",
    "payroll",
    "sales",
    "car rental",
    "rental",
    "logistics",
    "packaging",
    "brands",
    "consumer",
    "credit",
    "mortgage",
    "home mortgage",
    "lighting",
    "generation",
    "engineering",
    "research and development",
    "administrative services",
    "administrative",
];

/// Words of a legal form: after them, a name goes on with a site or a trade name ("ABM
/// Industries, Inc. Flowers Baking Company", "VMware Inc. River Place").
const LEGAL_FORMS: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "lp",
    "llp",
    "plc",
];

/// The United States' states and the District of Columbia, as a subsidiary adds them
/// ("Kroger Texas L.P.").
const STATES: &[&str] = &[
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "district of columbia",
    "florida",
    "georgia",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "new hampshire",
    "new jersey",
    "new mexico",
    "new york",
    "north carolina",
    "north dakota",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "rhode island",
    "south carolina",
    "south dakota",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "washington",
    "west virginia",
    "wisconsin",
    "wyoming",
];

/// Removes `phrase` (space-separated words) from the front of `words` when it is there.
fn strip_front<'a>(words: &'a [&'a str], phrase: &str) -> Option<&'a [&'a str]> {
    let parts: Vec<&str> = phrase.split(' ').collect();
    (words.len() >= parts.len() && words[..parts.len()] == parts[..]).then(|| &words[parts.len()..])
}

/// True when the words after a company's name make it a unit or a site of that company:
/// a legal form comes first (the rest is a site or a trade name: "ABM Industries, Inc.
/// Flowers Baking Company"), or every word is a unit, site, state, subsidiary or legal-form
/// word with at least one unit, site or state among them ("Home Centers, LLC", "of
/// California"; "group" is none of them, and "International" alone is not a unit).
fn unit_tail(tail: &[&str]) -> bool {
    unit_tail_with_place(tail) == Some(false)
}

/// [`unit_tail`], and also a tail with one word of none of those lists (a place) when it has
/// a unit's words and ends in a legal form ("Research Center Seattle, Inc"), or with words
/// of a role ([`ROLE_PHRASES`]): `Some(false)` for a unit's words only, `Some(true)` with
/// the place or the role (trusted only after a name no other company begins with), `None`
/// for neither.
fn unit_tail_with_place(tail: &[&str]) -> Option<bool> {
    if tail.is_empty() {
        return None;
    }
    if LEGAL_FORMS.contains(&tail[0]) {
        return Some(false);
    }
    let legal_end = tail.last().is_some_and(|w| LEGAL_FORMS.contains(w));
    let mut place = false;
    let mut rest = tail;
    let mut unit = false;
    let mut role = false;
    let mut legal = false;
    'words: while !rest.is_empty() {
        // A store or site number ("Store #1047", "Outback #4454"; not "Hub 51").
        if rest[0].len() >= 3 && rest[0].bytes().all(|b| b.is_ascii_digit()) {
            unit = true;
            rest = &rest[1..];
            continue;
        }
        if let Some(r) = strip_front(rest, "of").or_else(|| strip_front(rest, "and")) {
            unit |= rest[0] == "of" && !r.is_empty();
            rest = r;
            continue;
        }
        // Each list, whether its words make a unit, and whether they name a role.
        for (list, counts, names_role) in [
            (UNIT_PHRASES, true, false),
            (STATES, true, false),
            (ENTITY_WORDS, false, false),
            (LEGAL_FORMS, false, false),
            (ROLE_PHRASES, true, true),
        ] {
            for phrase in list {
                if let Some(r) = strip_front(rest, phrase) {
                    unit |= counts;
                    role |= names_role;
                    legal |= LEGAL_FORMS.contains(phrase);
                    rest = r;
                    continue 'words;
                }
            }
        }
        // After a unit's words and a legal form, the rest is a site or a trade name
        // ("Payroll Co LP, Maggiano's Little Italy Restaurant").
        if unit && legal {
            return Some(place || role);
        }
        if place || !legal_end {
            return None;
        }
        place = true;
        rest = &rest[1..];
    }
    unit.then_some(place || role)
}

/// The beginnings of a name that the rest makes a unit or a site of (see [`unit_tail`]),
/// longest first: "Outback" for "Outback #4454".
pub(crate) fn unit_heads(name: &str) -> Vec<String> {
    let cleaned = words_of(name);
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    (1..words.len())
        .rev()
        .filter(|&k| unit_tail(&words[k..]) && !LEGAL_FORMS.contains(&words[k - 1]))
        .map(|k| words[..k].join(" "))
        .collect()
}

/// A name's words as [`words_of`] gives them (`cleaned`) without a leading "the", and how
/// many words that dropped (0 or 1).
fn without_the(cleaned: &str) -> (Vec<&str>, usize) {
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    let skipped = usize::from(words.first() == Some(&"the"));
    words.drain(..skipped);
    (words, skipped)
}

/// The words of a name before its legal form, as [`normalise`] reads them and without a
/// leading "the" ("khrg", "canary" for "KHRG Canary LLC dba Canary Hotel"); `None` when the
/// name has no legal form.
pub(crate) fn words_before_legal_form(name: &str) -> Option<Vec<String>> {
    let mut words = name_words(name);
    let at = legal_form_position(&words.iter().map(String::as_str).collect::<Vec<_>>())?;
    words.truncate(at);
    Some(words)
}

/// A name's words as [`words_before_legal_form`] reads them, all of them ("uag" for "UAG").
pub(crate) fn name_words(name: &str) -> Vec<String> {
    let cleaned = words_of(name);
    without_the(&cleaned)
        .0
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// The position of the first word of a legal form among `words` ("inc", "llc", "l p").
fn legal_form_position(words: &[&str]) -> Option<usize> {
    (0..words.len()).find(|&k| {
        LEGAL_FORMS.contains(&words[k])
            || words[k..].starts_with(&["l", "p"])
            || words[k..].starts_with(&["l", "l", "c"])
    })
}

/// The legal form a name ends in, one spelling for each ("co" for "Company", "corp" for
/// "Corporation"), if any.
fn legal_form_of(name: &str) -> Option<&'static str> {
    let w = words_of(name);
    let last = w.split_whitespace().rev().find(|x| *x != "the")?;
    Some(match last {
        "co" | "company" => "co",
        "corp" | "corporation" => "corp",
        "inc" | "incorporated" => "inc",
        "ltd" | "limited" => "ltd",
        "llc" => "llc",
        "lp" => "lp",
        "plc" => "plc",
        _ => return None,
    })
}

/// True when a name written with a legal form ("Inc.", "LLC", ...) ends in one.
fn ends_in_legal_form(name: &str) -> bool {
    let w = words_of(name);
    let words: Vec<&str> = w.split_whitespace().collect();
    words.last().is_some_and(|l| LEGAL_FORMS.contains(l))
        || words.ends_with(&["l", "l", "c"])
        || words.ends_with(&["l", "p"])
}

/// The names of an employer to look up, surest first. A WARN notice names the employer
/// and often more: the client a contractor works for ("Flagship Facility Services Inc. at
/// Meta Platforms Inc." is Flagship's layoff, not Meta's), a trade name ("... dba ..."),
/// a site in brackets or after a dash ("Meta Platforms, Inc. (West 3rd)", "KeHe
/// Distributors Inc.-Flower Mound"), a parent ("..., a subsidiary of ..."). A bracket's
/// text, or what follows a dash, is a name of its own only when it is a legal name
/// ("Instacart (Maplebear Inc.)"; "TRIGO (Tesla)" is TRIGO's).
///
/// ```
/// use layoff_study::events::sec::employer_parts;
/// assert_eq!(employer_parts("Flagship Facility Services Inc. at Meta Platforms Inc."),
///            ["Flagship Facility Services Inc."]);
/// assert_eq!(employer_parts("Instacart (Maplebear Inc.)"), ["Instacart", "Maplebear Inc."]);
/// assert_eq!(employer_parts("TRIGO (Tesla)"), ["TRIGO"]);
/// assert_eq!(employer_parts("Accelore Group-Amazon Logistics (DDA9- Fort Worth)"),
///            ["Accelore Group"]);
/// assert_eq!(employer_parts("Compass Group USA, Inc. dba Chartwells"),
///            ["Compass Group USA, Inc."]);
/// assert_eq!(employer_parts("Mattel HQ, Inc. dba Mattel"), ["Mattel HQ, Inc.", "Mattel"]);
/// assert_eq!(employer_parts("ImmPact Bio USA Inc., a subsidiary of Lyell Immunopharma Inc."),
///            ["Lyell Immunopharma Inc."]);
/// assert_eq!(employer_parts("Dermira, Inc. - Eli Lilly and Company"),
///            ["Dermira, Inc.", "Eli Lilly and Company"]);
/// assert_eq!(employer_parts("Quest Diagnostics/Pack Health"), ["Quest Diagnostics"]);
/// assert_eq!(employer_parts("Paychex North America Inc., a Delaware Corporation"),
///            ["Paychex North America Inc."]);
/// assert_eq!(employer_parts("Baker Hughes-Alice"), ["Baker Hughes-Alice", "Baker Hughes"]);
/// assert_eq!(employer_parts("SNAP-ON TOOLS INC."), ["SNAP-ON TOOLS INC."]);
/// assert_eq!(employer_parts("ABM@Avis DFW"), ["ABM"]);
/// assert_eq!(employer_parts("Zillow Group Update 11-18-21"), ["Zillow Group"]);
/// ```
pub fn employer_parts(name: &str) -> Vec<String> {
    let flat = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = without_notice_words(&flat);
    let lower = flat.to_ascii_lowercase();
    let end = first_of(&lower, &[" at ", "@"]).map_or(flat.len(), |(i, _)| i);
    let (employer, lower) = without_incorporation(&flat[..end], &lower[..end]);
    let (employer, lower, parent) = without_parent(employer, lower);
    let mut names = trade_names(employer, lower);
    names.extend(parent);
    // "Live Nation, Inc. Human Resources Division": the legal name before the words that
    // follow its legal form.
    let legal: Vec<&str> = names.iter().filter_map(|n| through_legal_form(n)).collect();
    names.extend(legal);
    let joined: Vec<&str> = names.iter().flat_map(|n| joined_names(n)).collect();
    names.extend(joined);
    let mut out: Vec<String> = Vec::new();
    for part in names {
        push_part(&mut out, part);
    }
    let glued = before_hyphens(&out);
    out.extend(glued);
    if out.is_empty() {
        out.push(name.trim().to_string());
    }
    out
}

/// Words a state adds to a notice's employer to say the notice was changed, and what
/// follows them ("Zillow Group Update 11-18-21", "Katerra Inc. Update Supplemental"):
/// the name before them, when at least two words come first ("21st Amendment Brewery" is a
/// name).
fn without_notice_words(name: &str) -> &str {
    let mut words = 0;
    for (i, w) in name.split(' ').scan(0, |at, w| {
        let start = *at;
        *at += w.len() + 1;
        Some((start, w))
    }) {
        let word = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        if words >= 2 && matches!(word.as_str(), "update" | "updated" | "revised" | "amended") {
            return name[..i].trim_end_matches([' ', '-', '(', ',']);
        }
        words += usize::from(!word.is_empty());
    }
    name
}

/// The names one notice joins: two legal names joined by "and" ("TriLink
/// Biotechnologies, LLC and Maravai Intermediate Holdings, LLC"; not "Johnson & Johnson"),
/// and a name the employer is also known as ("Eminent, Inc. aka Revolve Group Inc.").
fn joined_names(name: &str) -> Vec<&str> {
    let lower = name.to_ascii_lowercase();
    let mut out = Vec::new();
    for sep in [" and ", " & "] {
        for (i, _) in lower.match_indices(sep) {
            let before = name[..i].trim_end_matches([',', ' ']);
            if ends_in_legal_form(before) {
                out.extend([before, name[i + sep.len()..].trim()]);
            }
        }
    }
    for sep in [" aka ", " a/k/a ", " also known as "] {
        if let Some(i) = lower.find(sep) {
            out.push(name[i + sep.len()..].trim_matches([' ', ')', ',']));
            out.push(name[..i].trim_end_matches([',', ' ', '(']));
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

/// The name up to and with its first legal form when more words follow it ("Live Nation,
/// Inc." for "Live Nation, Inc. Human Resources Division"), of at least two words.
fn through_legal_form(name: &str) -> Option<&str> {
    let mut words = 0;
    for (i, w) in name
        .split_inclusive(|c: char| c.is_whitespace() || c == ',')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len();
            Some((start, w))
        })
    {
        let word = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        if word.is_empty() {
            continue;
        }
        words += 1;
        if words >= 2 && LEGAL_FORMS.contains(&word.as_str()) {
            let end = i + w
                .trim_end_matches(|c: char| c.is_whitespace() || c == ',')
                .len();
            let rest = name[end..].trim_matches(|c: char| !c.is_alphanumeric());
            return (!rest.is_empty()).then(|| &name[..end]);
        }
    }
    None
}

/// "Paychex North America Inc.'s, a Delaware Corporation": the name without where it is
/// incorporated (the name and its lower case).
fn without_incorporation<'a>(employer: &'a str, lower: &'a str) -> (&'a str, &'a str) {
    if let Some(i) = lower.rfind(", a ")
        && ["corporation", "company", "llc", "limited liability company"]
            .iter()
            .any(|f| lower.trim_end_matches(['.', ' ']).ends_with(f))
        && lower[i + 4..].split_whitespace().count() <= 5
    {
        return (&employer[..i], &lower[..i]);
    }
    (employer, lower)
}

/// The words after which only the parent a notice names is looked up (see
/// [`without_parent`]).
const OWNED_BY: &[&str] = &[
    " subsidiary of ",
    // As notices misspell it ("TIDAL, a subsidary of Block, Inc.").
    " subsidary of ",
    " affiliate of ",
    " a company within ",
];

/// The words that join a division's name to its parent's ("Ticketmaster division of Live
/// Nation Worldwide, Inc.", "Oscar Meyer Div, Kraft Heinz Food Company").
const DIVISION_OF: &[&str] = &[
    " division of ",
    " division, ",
    " div, ",
    " div. of ",
    " div of ",
];

/// "ImmPact Bio USA Inc., a subsidiary of Lyell Immunopharma Inc.": the employer, and the
/// parent the notice names. After "subsidiary of", "affiliate of" or "a company within"
/// only the parent is looked up, as the employer: a listed company is no other company's
/// subsidiary ("Snap, Inc. wholly owned subsidiary of PSA Risk Management
/// Services Inc." is not Snap Inc.).
fn without_parent<'a>(employer: &'a str, lower: &'a str) -> (&'a str, &'a str, Option<&'a str>) {
    if let Some(found) = a_company_of(employer, lower) {
        return found;
    }
    let Some((i, n)) = first_of(lower, OWNED_BY)
        .into_iter()
        .chain(first_of(lower, DIVISION_OF))
        .min()
    else {
        return (employer, lower, None);
    };
    if DIVISION_OF.iter().any(|d| lower[i..].starts_with(d)) {
        // A division may be a brand of its own ("Ticketmaster division of Live Nation
        // Worldwide, Inc."): looked up first, then the parent.
        let before = employer[..i].trim_end();
        let before = before
            .strip_suffix(" a")
            .or_else(|| before.strip_suffix(" an"))
            .unwrap_or(before)
            .trim_end_matches([',', ' ']);
        return (before, &lower[..before.len()], Some(&employer[i + n..]));
    }
    (&employer[i + n..], &lower[i + n..], None)
}

/// "Valley Processing, a HEXPOL Company", "HealthHelp (a WNS Company)": the employer, and
/// the parent named before the last word "company", of at most three words and no word of
/// a state or of "limited liability" (that says where and how a company is incorporated).
fn a_company_of<'a>(
    employer: &'a str,
    lower: &'a str,
) -> Option<(&'a str, &'a str, Option<&'a str>)> {
    let end = lower.trim_end_matches([')', '.', ' ']);
    let rest = end
        .strip_suffix(" company")
        .or_else(|| end.strip_suffix(" co"))?;
    let (i, n) = [", a ", " (a ", " - a ", "-a ", " a "]
        .iter()
        .filter_map(|sep| rest.rfind(sep).map(|i| (i, sep.len())))
        .max()?;
    let parent = &employer[i + n..rest.len()];
    let words = words_of(parent);
    let count = words.split_whitespace().count();
    let incorporation = words
        .split_whitespace()
        .any(|w| matches!(w, "limited" | "liability") || STATES.contains(&w));
    if count == 0 || count > 3 || incorporation {
        return None;
    }
    let before = employer[..i].trim_end_matches([',', ' ', '-', '(']);
    Some((before, &lower[..before.len()], Some(parent)))
}

/// A name without the street address a state's register writes after it (Florida's
/// "Macy's 1200 Northeast 23rd Street POMPANO BEACH, FL, 33062"): the words before the
/// first street number after the first word, when the name ends in a state and a ZIP code;
/// else the name as given.
///
/// ```
/// use layoff_study::events::sec::without_address;
/// assert_eq!(without_address("Macy's 1200 Northeast 23rd Street POMPANO BEACH, FL, 33062"), "Macy's");
/// assert_eq!(
///     without_address("Earth Fare, Inc. Store # 565 7774 113th Street, N. SEMINOLE, FL, 33772"),
///     "Earth Fare, Inc. Store #"
/// );
/// assert_eq!(without_address("Dentsply Sirona 7290 26th Court E SARASOTA, FL 34243"), "Dentsply Sirona");
/// assert_eq!(without_address("3720 Croydon, LLC 3720 Collins Avenue MIAMI BEACH, FL, 33139"), "3720 Croydon, LLC");
/// assert_eq!(without_address("Acme 360 Inc."), "Acme 360 Inc.");
/// assert_eq!(without_address("Route 66 Diner"), "Route 66 Diner");
/// ```
pub fn without_address(name: &str) -> &str {
    let t = name.trim_end();
    let is_sep = |c: char| c.is_whitespace() || c == ',';
    let Some((before_zip, zip)) = t.rsplit_once(is_sep) else {
        return name;
    };
    let (five, plus4) = zip.split_once('-').unwrap_or((zip, "0000"));
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(five, 5) || !digits(plus4, 4) {
        return name;
    }
    let before_zip = before_zip.trim_end_matches(is_sep);
    let Some((before_state, state)) = before_zip.rsplit_once(is_sep) else {
        return name;
    };
    let state = state.trim_end_matches('.');
    let is_state = (state.len() == 2 && state.bytes().all(|b| b.is_ascii_uppercase()))
        || STATES.contains(&state.to_ascii_lowercase().as_str());
    if !is_state {
        return name;
    }
    // The first street number after the first word: digits, then at most a letter or a
    // dash and digits ("10790", "14003-1", "1200A").
    let street = |w: &str| {
        let w = w.trim_end_matches(',');
        let n = w.bytes().take_while(u8::is_ascii_digit).count();
        (1..=6).contains(&n)
            && (w.len() == n
                || (w.len() == n + 1 && w.as_bytes()[n].is_ascii_alphabetic())
                || (w.as_bytes()[n] == b'-' && w[n + 1..].bytes().all(|b| b.is_ascii_digit())))
    };
    let mut words = before_state
        .char_indices()
        .filter(|&(i, c)| {
            !c.is_whitespace() && (i == 0 || before_state[..i].ends_with(char::is_whitespace))
        })
        .map(|(i, _)| i)
        .skip(1);
    let Some(cut) = words.find(|&i| {
        street(
            before_state[i..]
                .split(char::is_whitespace)
                .next()
                .unwrap_or(""),
        )
    }) else {
        return name;
    };
    let head = name[..cut].trim_end_matches(is_sep);
    if head.chars().any(char::is_alphabetic) {
        head
    } else {
        name
    }
}

/// A name without the marks a state's register puts before it on a notice it updated
/// ("*Updated* Revvity, Inc.", "*UPDATED* Schneider Electric", "UPDATED Starry, Inc.",
/// "Updated: X"): the employer's name alone, or the name as given when nothing follows
/// the mark.
///
/// ```
/// use layoff_study::events::sec::without_notice_marks;
/// assert_eq!(without_notice_marks("*Updated* Revvity, Inc."), "Revvity, Inc.");
/// assert_eq!(without_notice_marks("UPDATED Rubius Therapeutics, Inc."), "Rubius Therapeutics, Inc.");
/// assert_eq!(without_notice_marks("Updated: Starry, Inc."), "Starry, Inc.");
/// assert_eq!(without_notice_marks("Updated Foods, Inc."), "Updated Foods, Inc.");
/// assert_eq!(without_notice_marks("*Updated*"), "*Updated*");
/// ```
pub fn without_notice_marks(name: &str) -> &str {
    const MARKS: &[&str] = &["updated", "udated", "update", "amended", "revised"];
    let starred = name.trim_start().starts_with('*');
    let s = name.trim_start_matches(|c: char| c == '*' || c.is_whitespace());
    let Some((first, rest)) = s.split_once(|c: char| c == '*' || c == ':' || c.is_whitespace())
    else {
        return name;
    };
    // A bare word is the mark only in capitals or before a colon ("UPDATED Starry, Inc.",
    // "Updated: X"), where no employer's name begins so; "Updated Foods, Inc." is a name.
    let separator = s.as_bytes().get(first.len()).copied();
    let marked = MARKS.contains(&first.to_ascii_lowercase().as_str())
        && (starred || separator == Some(b':') || first.bytes().all(|b| b.is_ascii_uppercase()));
    let rest =
        rest.trim_start_matches(|c: char| c == '*' || c == ':' || c == '-' || c.is_whitespace());
    if marked && !rest.is_empty() {
        rest
    } else {
        name
    }
}

/// The name with the HTML entities some state tables write decoded ("McDonald&rsquo;s").
pub(crate) fn decode_entities(name: &str) -> String {
    if !name.contains('&') {
        return name.to_string();
    }
    let mut out = name.to_string();
    for (entity, text) in [
        ("&rsquo;", "'"),
        ("&lsquo;", "'"),
        ("&#39;", "'"),
        ("&#039;", "'"),
        ("&apos;", "'"),
        ("&quot;", "\""),
        ("&ldquo;", "\""),
        ("&rdquo;", "\""),
        ("&eacute;", "e"),
        ("&egrave;", "e"),
        ("&nbsp;", " "),
        // A soft hyphen marks where a word may break ("Multi&shy;Cinema").
        ("&shy;", "-"),
        ("&amp;", "&"),
    ] {
        out = out.replace(entity, text);
    }
    out
}

/// The legal name, and the trade name after "dba" when it begins as the legal name does
/// ("ROKU Sunset, LLC dba ROKU"); a franchisee's or contractor's brand is not its employer
/// ("Stockton EWC Inc, dba European Wax Center").
fn trade_names<'a>(employer: &'a str, lower: &str) -> Vec<&'a str> {
    let Some((i, n)) = first_of(lower, &[" dba ", " d/b/a ", " d.b.a. ", " d/b/a/ "]) else {
        return vec![employer];
    };
    let first = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
    };
    let mut names = vec![&employer[..i]];
    if first(&employer[..i]) == first(&employer[i + n..]) {
        names.push(&employer[i + n..]);
    }
    names
}

/// Adds the names a part of an employer's name gives: the part, a legal name inside its
/// parentheses, a legal name after a slash, each up to a dash, and a legal name after a
/// dash.
fn push_part(out: &mut Vec<String>, part: &str) {
    let (outer, inner) = match part.split_once('(') {
        Some((o, rest)) => (o, rest.split(')').next().filter(|i| ends_in_legal_form(i))),
        None => (part, None),
    };
    // "ArcelorMittal Columbus LLC/ArcelorMittal USA LLC": a legal name after a slash,
    // last ("EXEL/Home Depot" is a contractor's and its client's).
    let after_slash = outer
        .split_once('/')
        .map(|(_, a)| a)
        .filter(|a| ends_in_legal_form(a));
    // "Select Specialty Hospital Longview-Select Medical Corporation", "Dermira, Inc. - Eli
    // Lilly and Company": a legal name after the last dash is the employer the notice names
    // (a parent, or a franchisee: "European Wax Center-TCT Ventures Inc."), last.
    let after_dash = outer
        .rsplit_once(['-', '\u{2013}', '\u{2014}'])
        // A name's own hyphen after one word is no dash ("Snap-on Tools Inc.").
        .filter(|(b, _)| b.ends_with(' ') || words_of(b).split_whitespace().count() >= 2)
        .map(|(_, a)| a.trim())
        .filter(|a| {
            // Two words of a name before the legal form: not "O.P.H. - R.B., Inc.".
            let words = words_of(a);
            let named = words
                .split_whitespace()
                .filter(|w| w.len() >= 2 && !LEGAL_FORMS.contains(w))
                .count();
            ends_in_legal_form(a) && named >= 2
        });
    for p in std::iter::once(outer)
        .chain(inner)
        .chain(after_slash)
        .chain(after_dash)
    {
        // A slash between two words may be the name's own ("Quad/Graphics, Inc."): the
        // name up to a dash first, then up to the slash.
        let to_dash = cut_at_dash(p, false);
        let glued_slash = to_dash
            .split_once('/')
            .is_some_and(|(a, b)| !a.ends_with(' ') && !b.starts_with(' ') && !a.contains(' '));
        let cuts = [glued_slash.then_some(to_dash), Some(cut_at_dash(p, true))];
        for p in cuts.into_iter().flatten() {
            let p =
                p.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '-' | ')'));
            if !p.is_empty() && !out.iter().any(|o| o == p) {
                out.push(p.to_string());
            }
        }
    }
}

/// The names before a hyphen that joins them to a site or a unit ("Baker Hughes-Alice",
/// "AT&T-Dallas2", "ProPetro-Cement Operations Facility"), not yet in `out`. A one-word
/// name joined to words that are neither is a compound name ("Snap-on", "Ball-Foster"),
/// and a legal name after the hyphen is another employer ("European Wax Center-TCT
/// Ventures Inc.", a franchisee).
fn before_hyphens(out: &[String]) -> Vec<String> {
    out.iter()
        .filter_map(|p| {
            let (before, after) = p.split_once('-')?;
            let after_words = words_of(after);
            let after_words: Vec<&str> = after_words.split_whitespace().collect();
            let site = after.bytes().any(|b| b.is_ascii_digit())
                || after_words.iter().any(|w| UNIT_PHRASES.contains(w));
            let words = words_of(before).split_whitespace().count();
            (!before.ends_with(' ')
                && !after.starts_with(' ')
                && !ends_in_legal_form(after)
                && (words >= 2 || site))
                .then(|| before.to_string())
        })
        .filter(|b| !out.contains(b))
        .collect()
}

/// A JSON document, or an error naming `path` and the line and column.
fn json(path: &Path, text: &str) -> Result<serde_json::Value> {
    serde_json::from_str(text).map_err(|e| {
        Error::data(
            path,
            Some(e.line()),
            Some(e.column().to_string()),
            format!("not JSON: {e}"),
        )
    })
}

/// Where the first of `seps` stands in `text`, and its length.
fn first_of(text: &str, seps: &[&str]) -> Option<(usize, usize)> {
    seps.iter()
        .filter_map(|sep| text.find(sep).map(|i| (i, sep.len())))
        .min()
}

/// A name up to a spaced dash (or a slash, with `slash`), or a dash right after a legal
/// form or "Group" ("Anning-Johnson Company-Facebook"); hyphens inside a name stay
/// ("Wal-Mart").
fn cut_at_dash(name: &str, slash: bool) -> &str {
    let seps: &[&str] = if slash {
        &[" - ", " \u{2013} ", " \u{2014} ", "/"]
    } else {
        &[" - ", " \u{2013} ", " \u{2014} "]
    };
    let mut end = first_of(name, seps).map_or(name.len(), |(i, _)| i);
    for (i, _) in name.match_indices('-') {
        let before = name[..i].trim_end_matches(['.', ',', ' ']);
        let last = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if LEGAL_FORMS.contains(&last.as_str()) || last == "group" {
            end = end.min(i);
            break;
        }
    }
    &name[..end]
}

/// An SEC name written surname first, as EDGAR keeps some older registrants' ("FOSTER L B
/// CO", "HORTON D R INC /DE/", "FULLER H B CO"), in the order the company writes it ("L B
/// FOSTER CO"): a word of three letters or more, then two single letters that are no legal
/// form ("TELEFONICA S A", "NATUZZI S P A" stay as they are).
///
/// ```
/// use layoff_study::events::sec::initials_first;
/// assert_eq!(initials_first("FOSTER L B CO").as_deref(), Some("L B FOSTER CO"));
/// assert_eq!(initials_first("HORTON D R INC /DE/").as_deref(), Some("D R HORTON INC /DE/"));
/// assert_eq!(initials_first("TELEFONICA S A"), None);
/// assert_eq!(initials_first("NATUZZI S P A"), None);
/// assert_eq!(initials_first("AIR T INC"), None);
/// ```
pub fn initials_first(title: &str) -> Option<String> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let letter = |w: &str| w.len() == 1 && w.bytes().all(|b| b.is_ascii_alphabetic());
    if words.len() < 3 || words[0].len() < 3 || !letter(words[1]) || !letter(words[2]) {
        return None;
    }
    let pair = format!("{}{}", words[1], words[2]).to_ascii_lowercase();
    if matches!(pair.as_str(), "sa" | "nv" | "ag" | "sp" | "bv" | "se")
        || words.get(3).is_some_and(|w| letter(w))
    {
        return None;
    }
    let mut out = vec![words[1], words[2], words[0]];
    out.extend(&words[3..]);
    Some(out.join(" "))
}

/// Cores that are common words: a company whose name comes down to one of them ("Service
/// Corporation International", "Healthcare Services Group", "West Pharmaceutical
/// Services") is found by its own name only, never as the core of a longer name.
const GENERIC_CORES: &[&str] = &[
    "service",
    "services",
    "health",
    "healthcare",
    "international",
    "national",
    "american",
    "america",
    "united",
    "general",
    "global",
    "first",
    "peoples",
    "citizens",
    "community",
    "security",
    "enterprise",
    "enterprises",
    "capital",
    "home",
    "energy",
    "west",
    "east",
    "north",
    "south",
    "western",
    "eastern",
    "northern",
    "southern",
    "central",
    "pacific",
    "atlantic",
    "premier",
    "heritage",
    "liberty",
    "pioneer",
    "summit",
    "standard",
    "universal",
    "commerce",
    "venture",
    "us",
    "usa",
];

/// True when `name` is nothing but its core `c`, a word of no language among its words
/// ("Verizon", "Dave & Buster's" for Dave & Buster's Entertainment; not "Cardinal",
/// "Capital One").
fn bare_brand(name: &str, c: &str) -> bool {
    let n = normalise(name);
    n.replace(' ', "") == c && n.split_whitespace().any(|w| !leading::common_word(w))
}

/// The fewest letters of a ".com" name's stem that may name a company whose SEC name has no
/// "com" (see [`dot_com_differs`]).
const DOT_COM_STEM: usize = 4;

/// True when a ".com" name's stem is shorter than [`DOT_COM_STEM`] letters and the company's
/// SEC name has no "com": "Rev.com, Inc" (a transcription service) is not REV Group, while
/// "Amazon.com" is AMAZON COM INC and "Bill.com" BILL Holdings.
fn dot_com_differs(name: &str, title: &str) -> bool {
    name.to_ascii_lowercase().contains(".com")
        && !title
            .to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "com")
        && normalise(name).replace(' ', "").len() < DOT_COM_STEM
}

/// True when the name says what company `title` cannot be: "group" it lacks (see
/// [`group_differs`]) or a short ".com" stem (see [`dot_com_differs`]).
fn title_differs(name: &str, title: &str) -> bool {
    group_differs(name, title) || dot_com_differs(name, title)
}

/// True when the name's words hold "group" and the company's name does not: "Compass
/// Group USA" is not Compass, Inc.
fn group_differs(name: &str, title: &str) -> bool {
    let has = |s: &str| words_of(s).split_whitespace().any(|w| w == "group");
    has(name) && !has(title)
}

/// The initials of a name's words, "of", "and" and "the" aside ("united parcel service" ->
/// "ups", "penske automotive group" -> "pag").
fn initials<'a>(words: impl IntoIterator<Item = &'a str>) -> String {
    words
        .into_iter()
        .filter(|w| !matches!(*w, "of" | "and" | "the"))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// Strips trailing words of `list` (one- or several-word entries) until none is left.
fn strip_trailing(words: &mut Vec<&str>, list: &[&str]) {
    loop {
        let before = words.len();
        for suf in list {
            let parts: Vec<&str> = suf.split(' ').collect();
            if words.len() > parts.len() && words[words.len() - parts.len()..] == parts[..] {
                words.truncate(words.len() - parts.len());
            }
        }
        if words.len() == before {
            break;
        }
    }
}

fn words_of(name: &str) -> String {
    let mut s = name
        .to_lowercase()
        .replace('&', " and ")
        .replace(".com", " ");
    // SEC names carry state tags such as "/DE/", "\DE\" or a final "/MN".
    let trimmed = s.trim_end().trim_end_matches('/').len();
    s.truncate(trimmed);
    if let Some(i) = s.rfind('/')
        && s[i + 1..].trim().len() <= 3
        && s[i + 1..].trim().chars().all(|c| c.is_ascii_alphabetic())
    {
        s.truncate(i);
    }
    for tag in [
        "/de/", "\\de\\", "/md/", "/nv/", "/new/", "/ny/", "/ca/", "/pa/", "/mn/", "/oh/",
    ] {
        s = s.replace(tag, " ");
    }
    // A possessive after a legal form ("Paychex North America Inc.'s") says nothing.
    for form in ["inc.'s", "inc's", "llc's", "corp.'s", "corp's"] {
        s = s.replace(form, &form[..form.find(['.', '\'']).unwrap_or(form.len())]);
    }
    // A bank's legal form spelt out ("U.S. Bank National Association" as "U.S. Bank, N.A.").
    if let Some(stem) = s.trim_end().strip_suffix("national association")
        && stem.ends_with([' ', ','])
    {
        s = format!("{stem}n.a.");
    }
    let s: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    // Abbreviations as registers write them, spelt out ("Renaissance Hotel Mgmt Co" is
    // Renaissance Hotel Management Company, "Toll Bros." Toll Brothers).
    if s.split_whitespace()
        .any(|w| ABBREVIATIONS.iter().any(|(a, _)| *a == w))
    {
        return s
            .split_whitespace()
            .map(|w| {
                ABBREVIATIONS
                    .iter()
                    .find(|(a, _)| *a == w)
                    .map_or(w, |(_, full)| full)
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    s
}

/// The words of place of `name` that may tell another company than the one its core
/// names (see [`SecIndex::placed_elsewhere`]).
fn words_of_place(name: &str) -> Vec<&'static str> {
    let words = words_of(name);
    ["worldwide", "global", "international"]
        .into_iter()
        .filter(|p| words.split_whitespace().any(|w| w == *p))
        .collect()
}

/// Abbreviations of the words of company names and what they stand for.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("mgmt", "management"),
    ("svcs", "services"),
    ("svc", "service"),
    ("mfg", "manufacturing"),
    ("intl", "international"),
    ("natl", "national"),
    ("bros", "brothers"),
    ("hldgs", "holdings"),
    ("grp", "group"),
    ("glbl", "global"),
];

/// Normalises a company name: lower case, `&` as `and`, `.com` and punctuation dropped,
/// a leading "The" and trailing corporate suffixes (Inc, Corp, Ltd, Holdings, ...) removed.
///
/// ```
/// use layoff_study::events::sec::normalise;
/// assert_eq!(normalise("AMAZON COM INC"), "amazon");
/// assert_eq!(normalise("Amazon.com, Inc."), "amazon");
/// assert_eq!(normalise("The Walt Disney Company"), "walt disney");
/// assert_eq!(normalise("Johnson & Johnson"), "johnson and johnson");
/// assert_eq!(normalise("WELLS FARGO & COMPANY/MN"), "wells fargo");
/// assert_eq!(normalise("Renaissance Hotel Mgmt Co"), "renaissance hotel management");
/// assert_eq!(normalise("Toll Bros., Inc."), normalise("TOLL BROTHERS INC"));
/// assert_eq!(normalise("U.S. Bank National Association"), normalise("U.S. Bank, N.A."));
/// ```
pub fn normalise(name: &str) -> String {
    let cleaned = words_of(name);
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    normal_words(&words).join(" ")
}

/// The words of [`normalise`], from a name's words as [`words_of`] gives them.
fn normal_words<'a>(words: &[&'a str]) -> Vec<&'a str> {
    // One spelling of a legal form inside a name ("Service Corporation International" is
    // "SERVICE CORP INTERNATIONAL").
    let mut words: Vec<&str> = words
        .iter()
        .map(|&w| match w {
            "corporation" | "corporations" => "corp",
            // "lnc" is how a scan often reads "Inc".
            "incorporated" | "lnc" => "inc",
            "company" => "co",
            w => w,
        })
        .collect();
    if words.first() == Some(&"the") && words.len() > 1 {
        words.remove(0);
    }
    strip_trailing(&mut words, SUFFIXES);
    words
}

/// The core of a normalised name: qualifiers of legal entities and brands removed from the
/// end, then spaces dropped, so that "Wal-Mart Associates, Inc." and "Walmart Inc." agree.
///
/// ```
/// use layoff_study::events::sec::core;
/// assert_eq!(core("Wells Fargo Bank, N.A."), "wellsfargo");
/// assert_eq!(core("Spotify USA Inc."), core("Spotify Technology S.A."));
/// assert_eq!(core("Wal-Mart Associates, Inc."), core("Walmart Inc."));
/// assert_eq!(core("Unity Software Inc."), "unity");
/// assert_eq!(core("UNITY BANCORP INC /NJ/"), "unitybancorp");
/// ```
pub fn core(name: &str) -> String {
    core_and_descriptors(name).0
}

/// The core of a name and the descriptor words stripped on the way (see
/// [`DESCRIPTOR_WORDS`]), sorted ("technologies" for "United Technologies Corporation").
pub(crate) fn core_and_descriptors(name: &str) -> (String, Vec<String>) {
    let (c, d, _) = core_parts(name);
    (c, d)
}

/// The core, the descriptors stripped, and whether a subsidiary's words were stripped.
fn core_parts(name: &str) -> (String, Vec<String>, bool) {
    let n = normalise(name);
    let mut words: Vec<&str> = n.split_whitespace().collect();
    let mut descriptors = Vec::new();
    let mut entity = false;
    loop {
        let before = words.len();
        strip_trailing(&mut words, ENTITY_WORDS);
        entity |= words.len() < before;
        if words.len() > 1
            && let Some(last) = words.last()
            && DESCRIPTOR_WORDS.contains(last)
        {
            descriptors.push(last.to_string());
            words.pop();
        }
        strip_trailing(&mut words, SUFFIXES);
        if words.len() == before {
            break;
        }
    }
    descriptors.sort();
    (words.concat(), descriptors, entity)
}

/// True when two names' descriptors agree: one set holds the other ("Unity" and "Unity
/// Software", "Take-Two Interactive" and "Take-Two Interactive Software").
fn descriptors_agree(a: &[String], b: &[String]) -> bool {
    a.iter().all(|w| b.contains(w)) || b.iter().all(|w| a.contains(w))
}

/// Letter trigrams of a compact name, for similarity suggestions.
fn trigrams(s: &str) -> Vec<[u8; 3]> {
    let b: Vec<u8> = format!("  {s} ").bytes().collect();
    let mut t: Vec<[u8; 3]> = b.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    t.sort_unstable();
    t.dedup();
    t
}

/// Dice coefficient of two sorted trigram sets (what [`SecIndex::suggest`] computes from
/// its postings; kept to check it).
#[cfg(test)]
fn dice(a: &[[u8; 3]], b: &[[u8; 3]]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    if a.is_empty() && b.is_empty() {
        0.0
    } else {
        2.0 * both as f64 / (a.len() + b.len()) as f64
    }
}

impl SecIndex {
    fn add(&mut self, cik: u64, ticker: &str, title: &str, exchange: Option<&str>) {
        let ticker = ticker.trim().to_ascii_uppercase();
        if let Some(x) = exchange.filter(|x| !x.is_empty()) {
            self.exchange_of
                .entry(ticker.clone())
                .or_insert_with(|| x.to_string());
        }
        if ticker.is_empty() || crate::symbol::check(&ticker).is_err() {
            return;
        }
        if cik > 0 {
            self.cik_of_ticker.entry(ticker.clone()).or_insert(cik);
        }
        if !self.by_cik.contains_key(&cik) && preferred_share(&ticker) {
            // A registrant listed only by its preferred shares ("SCE-PM" for Southern
            // California Edison, Edison International's) has no common stock to study.
            return;
        }
        if let Some(&i) = self.by_cik.get(&cik) {
            // The first ticker of a CIK is its primary one; a later file may tell its exchange.
            let c = &mut self.companies[i];
            if c.exchange.is_empty()
                && let Some(x) = self.exchange_of.get(&c.ticker)
            {
                c.exchange = x.clone();
            }
            return;
        }
        let i = self.companies.len();
        self.by_cik.insert(cik, i);
        self.companies.push(SecCompany {
            cik,
            exchange: self.exchange_of.get(&ticker).cloned().unwrap_or_default(),
            ticker: ticker.clone(),
            title: title.to_string(),
        });
        self.ticker.entry(ticker).or_insert(i);
        self.index_title(i, title);
        if let Some(name) = initials_first(title) {
            self.index_other_order(i, &name);
        }
    }

    /// Indexes company `i` also by its name in the order it is written elsewhere ("L B
    /// FOSTER CO" for EDGAR's "FOSTER L B CO").
    fn index_other_order(&mut self, i: usize, name: &str) {
        self.index_names(i, name, &normalise(name), &core_and_descriptors(name).0);
    }

    /// Indexes company `i` by the names the steps look up whole: the name as written
    /// (lower case), its normalised and compact forms (`n`) and its core (`c`).
    fn index_names(&mut self, i: usize, name: &str, n: &str, c: &str) {
        self.exact
            .entry(name.trim().to_lowercase())
            .or_default()
            .push(i);
        if !n.is_empty() {
            self.compact.entry(n.replace(' ', "")).or_default().push(i);
            self.norm.entry(n.to_string()).or_default().push(i);
        }
        if c.len() >= 2 {
            self.core.entry(c.to_string()).or_default().push(i);
        }
    }

    /// Indexes company `i` by every form of its title the matching looks up: exact,
    /// first word, brand, normalised, compact, trigrams, core name and descriptors.
    fn index_title(&mut self, i: usize, title: &str) {
        let n = normalise(title);
        self.normalised.push(n.clone());
        let mut seen: Vec<&str> = Vec::new();
        for w in n.split_whitespace().skip(1) {
            if !seen.contains(&w) {
                seen.push(w);
                *self.later_words.entry(w.to_string()).or_default() += 1;
            }
        }
        if let Some(first) = n.split_whitespace().next() {
            self.first_word
                .entry(first.to_string())
                .or_default()
                .push(i);
            if i < spelling::RESPELT_COMPANIES && spelling::respellable(first) {
                for key in spelling::deletion_keys(first) {
                    let list = self.large_first.entry(key).or_default();
                    if !list.iter().any(|w| w == first) {
                        list.push(first.to_string());
                    }
                }
            }
        }
        // "Hyatt Hotels", "Marriott International", "Burlington Stores", "Lowe's Companies"
        // are also found by the brand before the last words, followed by a unit's words.
        for (tails, map) in [
            (BRAND_TAILS, &mut self.compact),
            (WEAK_BRAND_TAILS, &mut self.weak_brand),
        ] {
            if let Some(brand) = tails
                .iter()
                .find_map(|t| n.strip_suffix(t))
                .map(str::trim_end)
                .filter(|b| b.len() >= 5)
            {
                map.entry(brand.replace(' ', "")).or_default().push(i);
            }
        }
        let words: Vec<&str> = n.split_whitespace().collect();
        for key in spelling::one_edit_keys(&words) {
            self.one_edit.entry(key).or_default().push(i);
        }
        let (c, desc) = core_and_descriptors(title);
        let grams = trigrams(&c);
        for g in &grams {
            self.gram_postings.entry(*g).or_default().push(i as u32);
        }
        self.grams.push(grams);
        self.descriptors.push(desc);
        self.index_names(i, title, &n, &c);
    }

    /// Reads one SEC file (either layout) and adds its companies.
    ///
    /// # Errors
    /// Unreadable file, not JSON, or neither SEC layout.
    pub fn read(&mut self, path: &Path) -> Result<()> {
        let text = crate::tabular::read_text(path)?;
        self.read_text(path, &text)
    }

    /// Adds the companies of one SEC file's text (`path` names it in errors).
    ///
    /// # Errors
    /// Not JSON, or neither SEC layout.
    pub fn read_text(&mut self, path: &Path, text: &str) -> Result<()> {
        let v = json(path, text)?;
        let bad = || {
            Error::data(
                path,
                None,
                None,
                "not an SEC ticker list: expected company_tickers.json ({\"0\": {\"cik_str\", \"ticker\", \"title\"}}) or company_tickers_exchange.json ({\"fields\", \"data\"})",
            )
        };
        if let (Some(fields), Some(data)) = (
            v.get("fields").and_then(|f| f.as_array()),
            v.get("data").and_then(|d| d.as_array()),
        ) {
            let pos = |n: &str| fields.iter().position(|f| f.as_str() == Some(n));
            let (Some(c), Some(nm), Some(t)) = (pos("cik"), pos("name"), pos("ticker")) else {
                return Err(bad());
            };
            let x = pos("exchange");
            for row in data {
                let cell = |i: usize| row.get(i);
                let cik = cell(c).and_then(serde_json::Value::as_u64).unwrap_or(0);
                let name = cell(nm).and_then(|x| x.as_str()).unwrap_or("");
                let tick = cell(t).and_then(|x| x.as_str()).unwrap_or("");
                let exch = x.and_then(cell).and_then(|v| v.as_str());
                self.add(cik, tick, name, exch);
            }
            return Ok(());
        }
        let obj = v.as_object().ok_or_else(bad)?;
        let mut rows: Vec<(usize, &serde_json::Value)> = obj
            .iter()
            .filter_map(|(k, v)| k.parse::<usize>().ok().map(|i| (i, v)))
            .collect();
        if rows.is_empty() {
            return Err(bad());
        }
        rows.sort_by_key(|r| r.0);
        for (_, r) in rows {
            let cik = r
                .get("cik_str")
                .and_then(serde_json::Value::as_u64)
                .unwrap_or(0);
            let tick = r.get("ticker").and_then(|x| x.as_str()).unwrap_or("");
            let title = r.get("title").and_then(|x| x.as_str()).unwrap_or("");
            self.add(cik, tick, title, None);
        }
        Ok(())
    }

    /// Adds a name the company of `cik` filed under (a former name); names of companies
    /// the lists do not hold, and a company's current name, are skipped. Returns whether
    /// the name was added.
    pub fn add_former(&mut self, cik: u64, name: &str) -> bool {
        let Some(&i) = self.by_cik.get(&cik) else {
            return false;
        };
        let lower = name.trim().to_lowercase();
        let n = normalise(name);
        if lower.is_empty() || n.is_empty() || n == self.normalised[i] {
            return false;
        }
        let put = |map: &mut HashMap<String, Vec<usize>>, key: String| {
            let list = map.entry(key).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        };
        put(&mut self.former_exact, lower);
        put(&mut self.former_norm, n);
        true
    }

    /// Reads every name SEC registrants have filed under (`--sec-names`) and adds those of
    /// the listed companies as former names: EDGAR's `cik-lookup-data.txt` (`NAME:CIK:`
    /// lines, any encoding) or a submissions file (`CIK##########.json`, its `name` and
    /// `formerNames`). Returns the number of names added. Read after the ticker lists.
    ///
    /// # Errors
    /// An unreadable file, or a line or document of neither layout (with its line).
    pub fn read_names(&mut self, path: &Path) -> Result<usize> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        self.read_names_bytes(path, &bytes)
    }

    /// Adds the names of one names file's bytes, as [`SecIndex::read_names`] (`path` names
    /// it in errors).
    ///
    /// # Errors
    /// As [`SecIndex::read_names`].
    pub fn read_names_bytes(&mut self, path: &Path, bytes: &[u8]) -> Result<usize> {
        if bytes.contains(&0) {
            return Err(Error::data(
                path,
                None,
                None,
                "a binary file, not cik-lookup-data.txt or an SEC submissions file",
            ));
        }
        let text = String::from_utf8_lossy(bytes);
        if text.trim_start().starts_with('{') {
            return self.read_submission_names(path, &text);
        }
        let mut added = 0;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let parsed = line
                .strip_suffix(':')
                .and_then(|l| l.rsplit_once(':'))
                .filter(|(name, cik)| {
                    !name.trim().is_empty()
                        && (1..=10).contains(&cik.len())
                        && cik.bytes().all(|b| b.is_ascii_digit())
                });
            let Some((name, cik)) = parsed else {
                return Err(Error::data(
                    path,
                    Some(n + 1),
                    None,
                    "not a line of cik-lookup-data.txt: expected NAME:CIK: (a CIK of up to 10 digits)",
                ));
            };
            let cik: u64 = cik.parse().unwrap_or(0);
            added += usize::from(self.add_former(cik, name));
        }
        Ok(added)
    }

    fn read_submission_names(&mut self, path: &Path, text: &str) -> Result<usize> {
        let v = json(path, text)?;
        let cik = v.get("cik").ok_or_else(|| {
            Error::data(
                path,
                None,
                Some("cik".into()),
                "not a names file: expected cik-lookup-data.txt lines or an SEC submissions file with cik, name and formerNames",
            )
        })?;
        let cik = crate::filings::submissions::cik_value(path, cik)?;
        let mut added = 0;
        let names = v.get("formerNames").and_then(|f| f.as_array());
        for f in names.into_iter().flatten() {
            if let Some(name) = f.get("name").and_then(|n| n.as_str()) {
                added += usize::from(self.add_former(cik, name));
            }
        }
        Ok(added)
    }

    /// The exchange of a ticker the lists hold (`Nasdaq`, `NYSE`, `CBOE`, `OTC`).
    pub fn exchange_of(&self, ticker: &str) -> Option<String> {
        self.exchange_of
            .get(ticker)
            .filter(|x| !x.is_empty())
            .cloned()
    }

    /// The CIK of a ticker the lists hold (every share class: GOOG and GOOGL).
    pub fn cik_of(&self, ticker: &str) -> Option<u64> {
        self.cik_of_ticker.get(ticker).copied()
    }

    /// Number of companies indexed.
    pub fn len(&self) -> usize {
        self.companies.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.companies.is_empty()
    }

    /// One company, or after the exchange tie-break (a Nasdaq, NYSE or CBOE company beats
    /// over-the-counter names), still several.
    fn decide(&self, list: &[usize], method: Method) -> Option<Match> {
        let pick: Vec<&SecCompany> = match list {
            [] => return None,
            [one] => vec![&self.companies[*one]],
            many => {
                let all: Vec<&SecCompany> = many.iter().map(|&i| &self.companies[i]).collect();
                let major: Vec<&SecCompany> = all
                    .iter()
                    .copied()
                    .filter(|c| c.on_major_exchange())
                    .collect();
                if major.len() == 1 { major } else { all }
            }
        };
        Some(match pick.as_slice() {
            [one] => Match::Found(Candidate {
                company: (*one).clone(),
                method,
                score: method.confidence(),
            }),
            many => Match::Ambiguous(many.iter().map(|c| (*c).clone()).collect()),
        })
    }

    /// Looks a company name up as [`SecIndex::lookup_for`] does for a company whose
    /// stage says it is listed.
    pub fn lookup(&self, name: &str) -> Match {
        self.lookup_for(name, "Post-IPO")
    }

    /// Looks a company name up: exact, normalised, legal-entity core, then a ticker written
    /// as the name. Without a match at or above [`THRESHOLD`], up to three suggestions.
    ///
    /// A bare brand that only equals a longer SEC name's core ("Coinbase" for "Coinbase
    /// Global, Inc.") is trusted when the stage says the company is listed (`Post-IPO`,
    /// `public`), or when the list gives no stage and the name is a legal one ("Coinbase,
    /// Inc."); for an `Unknown` stage it is only a suggestion, since a private startup
    /// often shares a listed company's first word ("Beam" and "Beam Global").
    pub fn lookup_for(&self, name: &str, stage: &str) -> Match {
        let name = &decode_entities(name);
        let mut first = None;
        for part in employer_parts(name) {
            match self.lookup_one(&part, stage) {
                m @ (Match::Found(_) | Match::Ambiguous(_)) => return m,
                m => {
                    first.get_or_insert(m);
                }
            }
        }
        if let Some(m) = self.by_dealer_trade_name(name, stage) {
            return m;
        }
        first.unwrap_or(Match::None(Vec::new()))
    }

    fn lookup_one(&self, name: &str, stage: &str) -> Match {
        let m = self.lookup_steps(name.trim(), stage);
        // A stage that says nothing (`Unknown`) is often a private startup: a short name
        // or a company known to trade only over the counter is then a suggestion.
        match m {
            Match::Found(mut c)
                if unknown_stage(stage)
                    && (c.company.exchange == "OTC" || normalise(name).len() <= 2) =>
            {
                c.score = c.score.min(0.75);
                Match::None(vec![c])
            }
            m => m,
        }
    }

    /// The company whose normalised name is `n`, or `n` written with fewer or more spaces
    /// (see [`SecIndex::by_joined_words`]).
    fn by_normalised(&self, name: &str, n: &str) -> Option<Match> {
        self.norm
            .get(n)
            .and_then(|l| self.decide_normalised(name, l))
            .or_else(|| self.by_joined_words(name, n))
    }

    /// Of the companies of `list` whose normalised name is `name`'s, those of its legal
    /// form and its group word, decided.
    fn decide_normalised(&self, name: &str, list: &[usize]) -> Option<Match> {
        self.decide(
            &self.same_form(name, &self.same_group(name, list)),
            Method::Normalised,
        )
    }

    /// The company whose normalised name is `n` written with fewer or more spaces: one word
    /// where the other has two ("United Health Group" for UnitedHealth Group), the whole
    /// name compared.
    fn by_joined_words(&self, name: &str, n: &str) -> Option<Match> {
        let joined = n.replace(' ', "");
        let whole: Vec<usize> = self
            .compact
            .get(&joined)?
            .iter()
            .copied()
            .filter(|&i| self.normalised[i].replace(' ', "") == joined)
            .collect();
        self.decide_normalised(name, &whole)
    }

    fn lookup_steps(&self, name: &str, stage: &str) -> Match {
        if let Some(m) = self
            .exact
            .get(&name.to_lowercase())
            .and_then(|l| self.decide(l, Method::Exact))
        {
            return m;
        }
        let n = normalise(name);
        if n.is_empty() {
            return Match::None(Vec::new());
        }
        if let Some(m) = self.by_normalised(name, &n) {
            return m;
        }
        if let Some(m) = self
            .former_exact
            .get(&name.to_lowercase())
            .or_else(|| self.former_norm.get(&n))
            .and_then(|l| self.decide(&self.same_group(name, l), Method::FormerName))
        {
            return m;
        }
        // A core's candidate below the threshold is a suggestion only if no later step
        // finds the company ("CVS" is CVS Health's ticker as well as its core).
        let weak = match self.by_core(name, stage) {
            Some(Match::None(candidates)) => Some(candidates),
            Some(m) => return m,
            None => None,
        };
        if let Some(m) = self
            .by_unit(name, stage)
            .or_else(|| self.by_plural(name))
            .or_else(|| self.by_leading_words(name, stage))
            .or_else(|| self.by_acronym(name, stage))
            .or_else(|| self.by_site(name, stage))
            .or_else(|| self.by_misspelling(name))
            .or_else(|| self.by_brand_unit(name, stage))
            .or_else(|| self.by_first_words(name, stage))
        {
            return m;
        }
        if !unknown_stage(stage)
            && (2..=5).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_uppercase())
            && let Some(&i) = self.ticker.get(name)
            && self.companies[i].on_major_exchange()
            // Without a stage (a WARN notice), capitals are the company's initials or its
            // name's first word too ("ADP", "GM", "GXO"), not another employer's ("AGI",
            // "CPK").
            && (!stage.trim().is_empty() || self.spelt_by(i, &name.to_ascii_lowercase()))
        {
            return Match::Found(Candidate {
                company: self.companies[i].clone(),
                method: Method::Ticker,
                score: Method::Ticker.confidence(),
            });
        }
        Match::None(weak.unwrap_or_else(|| self.suggest(name, 3)))
    }

    /// True for a company on Nasdaq, NYSE or CBOE, or for any company when no exchange
    /// list was read (`company_tickers.json` alone says no exchange).
    fn listed(&self, i: usize) -> bool {
        self.exchange_of.is_empty() || self.companies[i].on_major_exchange()
    }

    /// Company `i`'s normalised name without spaces and without words of place (USA,
    /// America, International, Global, Worldwide): "baxter" for Baxter International
    /// Inc., but "cardinalhealth" for Cardinal Health, Inc. and "macrobank" for Macro
    /// Bank: a brand stands for the company only when the company's name says no more of
    /// its business.
    fn plain_core(&self, i: usize) -> String {
        let mut words: Vec<&str> = self.normalised[i].split_whitespace().collect();
        loop {
            let before = words.len();
            strip_trailing(&mut words, PLACE_WORDS);
            strip_trailing(&mut words, SUFFIXES);
            if words.len() == before {
                break;
            }
        }
        words.concat()
    }

    /// True when no other company's normalised name begins with the words of company
    /// `i`'s core ("Western Digital", "Novartis"; not "Quantum": Quantum Corporation and
    /// Quantum Computing Inc.).
    fn first_word_unique(&self, i: usize) -> bool {
        let words: Vec<&str> = self.normalised[i].split_whitespace().collect();
        if words.is_empty() {
            return false;
        }
        let core = core_and_descriptors(&self.companies[i].title).0;
        // The shortest beginning of the name that spells the core.
        let mut k = 1;
        while k < words.len() && words[..k].concat() != core {
            k += 1;
        }
        self.beginning_with(&words[..k]).len() == 1
    }

    /// The companies whose normalised names begin with `words` (at least one word).
    fn beginning_with(&self, words: &[&str]) -> Vec<usize> {
        self.first_word
            .get(words[0])
            .into_iter()
            .flatten()
            .copied()
            .filter(|&j| {
                let theirs: Vec<&str> = self.normalised[j].split_whitespace().collect();
                theirs.len() >= words.len() && theirs[..words.len()] == *words
            })
            .collect()
    }

    /// The companies of `list` whose names agree with `name` on "group" and ".com" (see
    /// [`title_differs`]).
    fn same_group(&self, name: &str, list: &[usize]) -> Vec<usize> {
        list.iter()
            .copied()
            .filter(|&i| !title_differs(name, &self.companies[i].title))
            .collect()
    }

    /// The companies of `list` whose legal form is the name's, when the name has one and
    /// some of them do ("The Toro Company" is TORO CO, not TORO CORP.); else `list`.
    fn same_form(&self, name: &str, list: &[usize]) -> Vec<usize> {
        let Some(form) = legal_form_of(name) else {
            return list.to_vec();
        };
        let same: Vec<usize> = list
            .iter()
            .copied()
            .filter(|&i| legal_form_of(&self.companies[i].title) == Some(form))
            .collect();
        if same.is_empty() { list.to_vec() } else { same }
    }

    /// The unit step of [`SecIndex::lookup_for`]: the longest beginning of the name that is
    /// a company listed on Nasdaq, NYSE or CBOE (by normalised name or core, or its ticker
    /// written in capitals as the initials of its name, "UPS"), followed by words
    /// [`unit_tail`] accepts. A stage that says nothing (`Unknown`) makes it a suggestion.
    fn by_unit(&self, name: &str, stage: &str) -> Option<Match> {
        let cleaned = words_of(name);
        let (words, _) = without_the(&cleaned);
        for k in (1..words.len()).rev() {
            let (head, tail) = words.split_at(k);
            let Some(place) = unit_tail_with_place(tail) else {
                continue;
            };
            if LEGAL_FORMS.contains(&head[k - 1]) {
                continue;
            }
            let head = head.join(" ");
            let (c, desc) = core_and_descriptors(&head);
            let compact = normalise(&head).replace(' ', "");
            if compact.len() < 3 || GENERIC_CORES.contains(&c.as_str()) {
                continue;
            }
            // The head is the company's whole name, spaces aside ("Macy's", "Lowe's
            // Companies" for "Lowe's Home Centers"), not a core left by stripping words
            // ("Capital City" is not Capital City Bank Group).
            let weak = (!LEGAL_FORMS.contains(&tail[0]))
                .then(|| self.weak_brand.get(&compact))
                .flatten();
            let mut list: Vec<usize> = self
                .compact
                .get(&compact)
                .into_iter()
                .chain(weak)
                .flatten()
                .copied()
                .filter(|&i| desc.iter().all(|w| self.descriptors[i].contains(w)))
                .collect();
            if k == 1 && !place && !LEGAL_FORMS.contains(&tail[0]) {
                list.extend(self.acronym(name, &head));
            }
            list.sort_unstable();
            list.dedup();
            // A place among the unit's words only for a name of two words or six letters
            // that no other company's name begins with, or whose words no other's do
            // ("Novo Nordisk Research Center Seattle, Inc", "Marriott International
            // Administrative Services, Inc."; not "BHP Holding Partners, Ltd").
            let long = k >= 2 || compact.len() >= 6;
            let head_unique = k >= 2 && self.beginning_with(&words[..k]).len() == 1;
            list.retain(|&i| {
                self.listed(i)
                    && !title_differs(name, &self.companies[i].title)
                    && (!place || (long && (head_unique || self.first_word_unique(i))))
            });
            if list.is_empty() {
                continue;
            }
            return self
                .decide(&list, Method::Unit)
                .map(|m| suggestion_if_unknown(m, stage));
        }
        None
    }

    /// The company whose ticker is `word` written in capitals in `name` and equal to the
    /// initials of its name or its first word ("UPS" for United Parcel Service, "ABM" for
    /// ABM Industries), in a name not written all in capitals.
    fn acronym(&self, name: &str, word: &str) -> Option<usize> {
        let upper = word.to_ascii_uppercase();
        let written = name
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == upper);
        let all_caps = !name.chars().any(|c| c.is_lowercase());
        if !written || all_caps || !(3..=5).contains(&upper.len()) {
            return None;
        }
        let &i = self.ticker.get(&upper)?;
        self.spelt_by(i, word).then_some(i)
    }

    /// True when `word` (lower case) is company `i`'s initials or its name's first word
    /// ("ups" for United Parcel Service, "abm" for ABM Industries).
    fn spelt_by(&self, i: usize, word: &str) -> bool {
        initials(self.normalised[i].split_whitespace()) == word
            || self.normalised[i].split_whitespace().next() == Some(word)
    }

    /// A legal name that is the singular of a listed company's first word ("Walgreen Co."
    /// for Walgreens Boots Alliance, Inc.), the only such company on Nasdaq, NYSE or CBOE,
    /// or of a listed company's whole name ("Darden Restaurant, Inc.").
    fn by_plural(&self, name: &str) -> Option<Match> {
        let n = normalise(name);
        if !ends_in_legal_form(name) {
            return None;
        }
        if n.contains(' ') {
            // The name's last word is the singular of the company's: "Darden Restaurant,
            // Inc." for Darden Restaurants, "BJ's Restaurant Inc." for BJs Restaurants
            // (spaces and apostrophes aside).
            let key = format!("{}s", n.replace(' ', ""));
            let list: Vec<usize> = self
                .compact
                .get(&key)?
                .iter()
                .copied()
                .filter(|&i| self.listed(i) && self.normalised[i].replace(' ', "") == key)
                .collect();
            return self.decide(&list, Method::LegalEntity);
        }
        if n.len() < 6 {
            return None;
        }
        let list: Vec<usize> = self
            .first_word
            .get(&format!("{n}s"))?
            .iter()
            .copied()
            .filter(|&i| self.listed(i) && self.normalised[i].contains(' '))
            .collect();
        let Match::Found(mut cand) = self.decide(&list, Method::LegalEntity)? else {
            return None;
        };
        cand.score = 0.85;
        Some(Match::Found(cand))
    }

    /// True when company `i` may be the one a name's core names: not when an entity word
    /// says another line of business than the company's name ("Mercury Products
    /// Corporation" is not Mercury Systems'), nor when the core is an ordinary word and the
    /// company is not among the [`LARGE_COMPANIES`] (see [`ordinary`]).
    fn core_may_name(
        &self,
        i: usize,
        name: &str,
        core: &str,
        entity_words: bool,
        stage: &str,
    ) -> bool {
        (self.descriptors[i].is_empty() || !says_business(name))
            && (i < LARGE_COMPANIES
                || !ordinary(&self.later_words, name, core, entity_words, stage))
    }

    /// True when the core `c` of a name is one common word and the name's words `places`
    /// ("Worldwide", "Global", "International") hold one company `i`'s name does not:
    /// another company's name as often as a unit's ("Reliance Worldwide Corporation" is
    /// not Reliance, Inc.'s; "Oracle America, Inc." is Oracle's).
    fn placed_elsewhere(&self, i: usize, places: &[&str], c: &str) -> bool {
        if places.is_empty() || !leading::common_word(c) {
            return false;
        }
        let title = words_of(&self.companies[i].title);
        places
            .iter()
            .any(|w| !title.split_whitespace().any(|t| t == *w))
    }

    /// The legal-entity step of [`SecIndex::lookup_for`].
    fn by_core(&self, name: &str, stage: &str) -> Option<Match> {
        let (c, desc, entity_words) = core_parts(name);
        // "The RealReal" is registered as "TheRealReal, Inc.".
        let glued = if words_of(name).split_whitespace().next() == Some("the") {
            format!("the{c}")
        } else {
            String::new()
        };
        if c.len() < 2 || GENERIC_CORES.contains(&c.as_str()) {
            return None;
        }
        let list = self.core.get(&c).or_else(|| self.core.get(&glued))?;
        // Outside a listed stage, a business word the company's name lacks is trusted only
        // for a name no other company begins with ("Novartis Pharmaceuticals", "Baxter
        // Healthcare"): "Quantum Health, Inc." is not Quantum Corporation, and a health
        // system or a parts maker is rarely a subsidiary ("Banner Health", "Guardian
        // Automotive").
        // Without a stage, a core is not trusted for a company the exchange list does not
        // know (a new or unlisted registrant: "ACCO North America" is not Acco Group
        // Holdings Ltd).
        let no_stage = stage.trim().is_empty();
        let listed = listed_stage(stage);
        let places = words_of_place(name);
        let agree: Vec<usize> = self
            .same_group(name, list)
            .into_iter()
            .filter(|&i| listed || !self.placed_elsewhere(i, &places, &c))
            .filter(|&i| self.core_may_name(i, name, &c, entity_words, stage))
            .filter(|&i| {
                !no_stage || self.exchange_of.is_empty() || !self.companies[i].exchange.is_empty()
            })
            .filter(|&i| {
                let theirs = &self.descriptors[i];
                let extra: Vec<&String> = desc.iter().filter(|w| !theirs.contains(w)).collect();
                // Initials before another descriptor are as often a private firm's ("RMR
                // Financial, LLC" is not The RMR Group's), but for the largest companies'.
                let initials_elsewhere = c.len() <= 3 && !extra.is_empty() && i >= LARGE_COMPANIES;
                descriptors_agree(&desc, theirs)
                    && (listed
                        || extra.is_empty()
                        || (!initials_elsewhere
                            && self.first_word_unique(i)
                            && self.plain_core(i) == c
                            && extra.iter().all(|w| {
                                !matches!(
                                    w.as_str(),
                                    "health" | "automotive" | "entertainment" | "media"
                                )
                            })))
            })
            .collect();
        let m = self.decide(&agree, Method::LegalEntity)?;
        let Match::Found(mut cand) = m else {
            return Some(m);
        };
        // The name itself carried a subsidiary's words ("Oracle America") or the SEC name
        // is no longer than the name: a legal entity of the company. Otherwise a brand
        // ("Argo AI" is not "Argo Group International").
        let compact = |s: &str| normalise(s).replace(' ', "");
        // ... or the company's name without its words of place, when no other company's
        // name begins so ("CSG Systems, Inc." for CSG Systems International; not "Kronos
        // LLC" for Kronos Worldwide, with Kronos Bio).
        let entity = entity_words
            || [&c, &glued].contains(&&compact(&cand.company.title))
            || self
                .by_cik
                .get(&cand.company.cik)
                .is_some_and(|&i| self.plain_core(i) == compact(name) && self.first_word_unique(i));
        if !entity {
            // Without a stage (a WARN notice, a plain list), the legal name or the bare
            // brand of a company no other company's name begins with ("Motorola, Inc.",
            // "Honeywell"), not one that several share ("Kronos LLC": Kronos Worldwide,
            // Kronos Bio); a bare brand only when the company's name says no more of its
            // business ("Cardinal" is not Cardinal Health), or when it holds a word of no
            // language ("Verizon" for Verizon Communications).
            let brand = no_stage && self.may_be_brand(cand.company.cik, name, &c);
            cand.score = if listed || brand { 0.85 } else { 0.75 };
        }
        if cand.score < THRESHOLD {
            return Some(Match::None(vec![cand]));
        }
        Some(Match::Found(cand))
    }

    /// True when `name`, of core `c` (five letters or more), may stand for the company of
    /// CIK `cik` without a stage: the company's legal name or bare brand, no other
    /// company's name beginning so (see [`SecIndex::by_core`]).
    fn may_be_brand(&self, cik: u64, name: &str, c: &str) -> bool {
        c.len() >= 5
            && self.by_cik.get(&cik).is_some_and(|&i| {
                self.first_word_unique(i)
                    && (ends_in_legal_form(name) || self.plain_core(i) == c || bare_brand(name, c))
            })
    }

    /// The best `k` candidates for a name that found no company: listed companies whose
    /// name begins with the name's words, then the most similar spellings.
    pub fn suggest(&self, name: &str, k: usize) -> Vec<Candidate> {
        let n = normalise(name);
        let words: Vec<&str> = n.split_whitespace().collect();
        let mut out: Vec<Candidate> = Vec::new();
        if let Some(first) = words.first()
            && let Some(list) = self.first_word.get(*first)
        {
            for &i in list {
                let c = &self.companies[i];
                let tw: Vec<&str> = self.normalised[i].split_whitespace().collect();
                if tw.len() > words.len() && tw[..words.len()] == words[..] {
                    let bonus = if c.on_major_exchange() { 0.05 } else { 0.0 };
                    out.push(Candidate {
                        company: c.clone(),
                        method: Method::Prefix,
                        score: Method::Prefix.confidence() + bonus,
                    });
                }
            }
        }
        let target = trigrams(&core(name));
        // Trigrams shared with each company, counted from the postings: the Dice
        // coefficient of the two trigram sets without comparing every company's.
        let mut shared = vec![0u32; self.grams.len()];
        for g in &target {
            for &i in self.gram_postings.get(g).into_iter().flatten() {
                shared[i as usize] += 1;
            }
        }
        let mut similar: Vec<(f64, usize)> = shared
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n > 0)
            .map(|(i, &n)| {
                let d = 2.0 * f64::from(n) / (target.len() + self.grams[i].len()) as f64;
                (d, i)
            })
            .filter(|(d, _)| *d >= 0.5)
            .collect();
        similar.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (d, i) in similar.into_iter().take(k) {
            if out.iter().any(|c| c.company.cik == self.companies[i].cik) {
                continue;
            }
            out.push(Candidate {
                company: self.companies[i].clone(),
                method: Method::Similar,
                score: (d * Method::Similar.confidence() * 1.4).min(0.75),
            });
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        out.truncate(k);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tolerance::*;

    fn index() -> SecIndex {
        let mut i = SecIndex::default();
        i.add(1, "AMZN", "AMAZON COM INC", Some("Nasdaq"));
        i.add(2, "GOOGL", "Alphabet Inc.", Some("Nasdaq"));
        i.add(2, "GOOG", "Alphabet Inc.", Some("Nasdaq"));
        i.add(3, "ABC", "Acme Corp", Some("NYSE"));
        i.add(4, "ABD", "Acme Holdings Ltd", Some("Nasdaq"));
        i.add(5, "DIS", "Walt Disney Co", Some("NYSE"));
        i.add(6, "TGT", "TARGET CORP", Some("NYSE"));
        i.add(7, "CBDY", "Target Group Inc.", Some("OTC"));
        i.add(8, "U", "Unity Software Inc.", Some("NYSE"));
        i.add(9, "UNTY", "UNITY BANCORP INC /NJ/", Some("Nasdaq"));
        i.add(10, "AMD", "ADVANCED MICRO DEVICES INC", Some("Nasdaq"));
        i.add(11, "WFC", "WELLS FARGO & COMPANY/MN", Some("NYSE"));
        i.add(12, "WMT", "Walmart Inc.", Some("NYSE"));
        i.add(13, "SPOT", "Spotify Technology S.A.", Some("NYSE"));
        i.add(14, "RBCN", "RUBICON TECHNOLOGY, INC.", Some("Nasdaq"));
        i
    }

    fn found(m: Match) -> Option<(String, Method)> {
        match m {
            Match::Found(c) => Some((c.company.ticker, c.method)),
            _ => None,
        }
    }

    /// A name written in two words where the SEC writes one, or the other way round, is the
    /// same name; a "Group" the SEC name lacks still tells another company.
    #[test]
    fn names_match_whatever_their_spaces() {
        let mut i = SecIndex::default();
        i.add(1, "UNH", "UNITEDHEALTH GROUP INC", Some("NYSE"));
        i.add(2, "COMP", "Compass, Inc.", Some("NYSE"));
        assert_eq!(
            found(i.lookup("United Health Group")),
            Some(("UNH".into(), Method::Normalised))
        );
        assert_eq!(found(i.lookup("Com Pass Group")), None);
        assert_eq!(found(i.lookup("Compass Group")), None);
    }

    /// In a list without stages, a common word before "Worldwide", "Global" or
    /// "International" the company's name lacks is another company's name.
    #[test]
    fn a_common_word_before_a_word_of_place_is_another_company() {
        let mut i = SecIndex::default();
        i.add(1, "RS", "Reliance, Inc.", Some("NYSE"));
        i.add(2, "ORCL", "ORACLE CORP", Some("NYSE"));
        assert_eq!(
            found(i.lookup_for("Reliance Worldwide Corporation", "")),
            None
        );
        assert_eq!(
            found(i.lookup_for("Oracle America, Inc.", "")).map(|f| f.0),
            Some("ORCL".into())
        );
        assert_eq!(
            found(i.lookup_for("Reliance, Inc.", "")).map(|f| f.0),
            Some("RS".into())
        );
    }

    #[test]
    fn matches_exact_normalised_and_refuses_ambiguity() {
        let i = index();
        assert_eq!(
            found(i.lookup("alphabet inc.")),
            Some(("GOOGL".into(), Method::Exact))
        );
        assert_eq!(
            found(i.lookup("Amazon")),
            Some(("AMZN".into(), Method::Normalised))
        );
        assert_eq!(
            found(i.lookup("The Walt Disney Company")),
            Some(("DIS".into(), Method::Normalised))
        );
        assert!(matches!(i.lookup("Acme"), Match::Ambiguous(v) if v.len() == 2));
        // The legal form picks one of two companies of the same name.
        assert_eq!(
            found(i.lookup("Acme Corporation")),
            Some(("ABC".into(), Method::Normalised))
        );
        assert_eq!(
            found(i.lookup("Acme Limited")),
            Some(("ABD".into(), Method::Normalised))
        );
        assert!(matches!(i.lookup("Acme, Inc."), Match::Ambiguous(v) if v.len() == 2));
        assert!(matches!(i.lookup("Amazing"), Match::None(_)));
        assert!(matches!(i.lookup("Inc"), Match::None(_)));
    }

    #[test]
    fn legal_entities_brands_tickers_and_exchanges() {
        let i = index();
        for (name, ticker, how) in [
            ("Target Corporation", "TGT", Method::Normalised),
            ("Amazon.com Services LLC", "AMZN", Method::LegalEntity),
            ("Wells Fargo Bank, N.A.", "WFC", Method::LegalEntity),
            ("Wal-Mart Associates, Inc.", "WMT", Method::LegalEntity),
            ("Spotify USA Inc.", "SPOT", Method::LegalEntity),
            ("Spotify", "SPOT", Method::LegalEntity),
            ("Unity", "U", Method::LegalEntity),
            ("AMD", "AMD", Method::Ticker),
        ] {
            assert_eq!(found(i.lookup(name)), Some((ticker.into(), how)), "{name}");
        }
        // A ticker written in lower case is a name, not a ticker.
        assert!(found(i.lookup("Amd")).is_none());
        // Different descriptors are different companies.
        assert!(found(i.lookup("Rubicon Technologies")).is_none());
    }

    /// A stage that says nothing is often a private startup sharing a listed name.
    #[test]
    fn an_unknown_stage_asks_for_more() {
        let mut i = index();
        i.add(
            20,
            "ARGD",
            "Argo Group International Holdings, Ltd.",
            Some("NYSE"),
        );
        i.add(21, "CRCW", "Crypto Co", Some("OTC"));
        i.add(22, "ABL", "Abacus Global Management, Inc.", Some("Nasdaq"));
        i.add(23, "LCID", "Lucid Group, Inc.", Some("Nasdaq"));
        for name in ["Argo AI", "Crypto.com", "ABL"] {
            assert!(
                matches!(i.lookup_for(name, "Unknown"), Match::None(_)),
                "{name}"
            );
        }
        // The same brand rule holds for a listed stage.
        assert_eq!(
            found(i.lookup_for("Lucid Motors", "Post-IPO")),
            Some(("LCID".into(), Method::LegalEntity))
        );
        assert!(found(i.lookup_for("Argo AI", "Post-IPO")).is_some());
    }

    #[test]
    fn below_the_threshold_are_suggestions() {
        let i = index();
        let Match::None(s) = i.lookup("Advanced Micro") else {
            panic!("a prefix is not a match");
        };
        assert_eq!(s[0].company.ticker, "AMD");
        assert!(s[0].score < THRESHOLD);
    }

    /// Listed companies as the SEC lists name them, for the WARN rules.
    fn warn_index() -> SecIndex {
        let mut i = SecIndex::default();
        for (cik, t, n, x) in [
            (1, "FDX", "FEDEX CORP", "NYSE"),
            (2, "LOW", "LOWES COMPANIES INC", "NYSE"),
            (3, "UPS", "UNITED PARCEL SERVICE INC", "NYSE"),
            (4, "WBA", "Walgreens Boots Alliance, Inc.", "Nasdaq"),
            (5, "M", "Macy's, Inc.", "NYSE"),
            (6, "COMP", "Compass, Inc.", "NYSE"),
            (7, "H", "HYATT HOTELS CORP", "NYSE"),
            (8, "MAR", "MARRIOTT INTERNATIONAL INC /MD/", "Nasdaq"),
            (9, "KRO", "KRONOS WORLDWIDE INC", "NYSE"),
            (10, "KROS", "Keros Therapeutics", "Nasdaq"),
            (11, "KRON", "Kronos Bio, Inc.", "Nasdaq"),
            (12, "QMCO", "Quantum Corp", "Nasdaq"),
            (13, "QUBT", "Quantum Computing Inc.", "Nasdaq"),
            (14, "SCI", "SERVICE CORP INTERNATIONAL", "NYSE"),
            (15, "TSLA", "Tesla, Inc.", "Nasdaq"),
            (16, "META", "Meta Platforms, Inc.", "Nasdaq"),
            (17, "AMZN", "AMAZON COM INC", "Nasdaq"),
            (18, "CAH", "CARDINAL HEALTH INC", "NYSE"),
            (19, "HON", "HONEYWELL INTERNATIONAL INC", "Nasdaq"),
            (20, "LYEL", "Lyell Immunopharma, Inc.", "Nasdaq"),
            (21, "CAR", "AVIS BUDGET GROUP, INC.", "Nasdaq"),
            (22, "CNC", "CENTENE CORP", "NYSE"),
            (23, "WNS", "WNS (HOLDINGS) LTD", "NYSE"),
            (24, "EWCZ", "European Wax Center, Inc.", "Nasdaq"),
            (25, "GNS", "Genius Group Ltd", "NYSE"),
            (26, "GENI", "Genius Sports Ltd", "NYSE"),
            (27, "JNJ", "JOHNSON & JOHNSON", "NYSE"),
            (28, "CLF", "CLEVELAND-CLIFFS INC.", "NYSE"),
            (29, "FSBC", "FIVE STAR BANCORP", "Nasdaq"),
            (30, "EEX", "Emerald Holding, Inc.", "NYSE"),
            (31, "VAC", "MARRIOTT VACATIONS WORLDWIDE Corp", "NYSE"),
            (32, "LYV", "Live Nation Entertainment, Inc.", "NYSE"),
            (33, "PRTA", "PROTHENA CORP PUBLIC LTD CO", "Nasdaq"),
            (34, "CSGS", "CSG SYSTEMS INTERNATIONAL INC", "Nasdaq"),
            (35, "DRI", "DARDEN RESTAURANTS INC", "NYSE"),
        ] {
            i.add(cik, t, n, Some(x));
        }
        i
    }

    /// The leading-words rule for one word: a word of no language names its company
    /// before a line of business; a common word, a shared name or a brand's other words do
    /// not, nor a name that says another business.
    #[test]
    fn one_leading_word_of_no_language() {
        let mut i = warn_index();
        for (cik, t, n) in [
            (40, "MRVL", "Marvell Technology, Inc."),
            (41, "NXE", "NexGen Energy Ltd."),
            (42, "ZRVX", "Zorvex Mirabel Inc"),
            (43, "CGAU", "Centerra Gold Inc."),
        ] {
            i.add(cik, t, n, Some("Nasdaq"));
        }
        // "gold" and "energy" are words of business when enough companies' names hold
        // them.
        for k in 0..15 {
            i.add(
                100 + k,
                &format!("GLD{k}"),
                &format!("Aurum{k} Gold Energy Corp"),
                Some("NYSE"),
            );
        }
        assert_eq!(
            warn(&i, "Marvell Semiconductor, Inc."),
            Some(("MRVL".into(), Method::Unit))
        );
        assert_eq!(
            warn(&i, "Centerra Gold Mines LLC"),
            Some(("CGAU".into(), Method::Unit))
        );
        // A brand's other words ("Mirabel") before words of place only.
        assert_eq!(
            warn(&i, "Zorvex USA, Inc."),
            Some(("ZRVX".into(), Method::Unit))
        );
        for name in [
            "Nexgen Pharma Inc.",
            "Zorvex Staffing LLC",
            "Zorvex Hollywood Inc",
            "Centerra International Inc.",
        ] {
            assert_eq!(warn(&i, name), None, "{name}");
        }
    }

    /// An SEC name kept surname first is found in the order notices write it; a name
    /// whose single letters are its legal form is not reordered.
    #[test]
    fn surname_first_sec_names_are_found_initials_first() {
        let mut i = SecIndex::default();
        i.add(1, "FSTR", "FOSTER L B CO", Some("Nasdaq"));
        i.add(2, "DHI", "HORTON D R INC /DE/", Some("NYSE"));
        i.add(3, "TEF", "TELEFONICA S A", Some("NYSE"));
        for (name, want) in [
            ("L.B. Foster Company", "FSTR"),
            ("LB Foster Company", "FSTR"),
            ("D.R. Horton, Inc.", "DHI"),
            ("Foster L B Co", "FSTR"),
        ] {
            assert_eq!(
                found(i.lookup_for(name, "")).map(|f| f.0),
                Some(want.into()),
                "{name}"
            );
        }
        assert_eq!(found(i.lookup_for("S.A. Telefonica", "")), None);
    }

    /// A name of one word and a legal form, a major listing over companies quoted over the
    /// counter only, and bare brands.
    #[test]
    fn one_word_names_and_listings_over_the_counter() {
        let mut i = warn_index();
        for (cik, t, n, x) in [
            (40, "R", "RYDER SYSTEM INC", "NYSE"),
            (41, "ZRVX", "Zorvex Mirabel Inc", "Nasdaq"),
            (42, "IOT", "Samsara Inc.", "NYSE"),
            (43, "SAML", "Samsara Luggage, Inc.", "OTC"),
            (44, "ORBX", "Orbex Labs Inc", "Nasdaq"),
            (45, "ORBY", "Orbex Freight Inc", "NYSE"),
            (46, "ABM", "ABM INDUSTRIES INC /DE/", "NYSE"),
            (47, "VZ", "VERIZON COMMUNICATIONS INC", "NYSE"),
            (48, "PLAY", "Dave & Buster's Entertainment, Inc.", "Nasdaq"),
            (50, "CVS", "CVS HEALTH Corp", "NYSE"),
            (51, "WH", "Wyndham Hotels & Resorts, Inc.", "NYSE"),
        ] {
            i.add(cik, t, n, Some(x));
        }
        for (name, ticker, how) in [
            ("Ryder Inc.", "R", Method::Unit),
            ("Samsara Networks Inc.", "IOT", Method::Unit),
            ("Verizon", "VZ", Method::LegalEntity),
            ("Dave & Buster's", "PLAY", Method::LegalEntity),
            // The first words of one company's name.
            ("Walgreens", "WBA", Method::LegalEntity),
            // A core's weak candidate gives way to the ticker in capitals.
            ("CVS", "CVS", Method::Ticker),
        ] {
            assert_eq!(warn(&i, name), Some((ticker.into(), how)), "{name}");
        }
        for name in [
            // The company's other word is a brand's, not a business's.
            "Zorvex, Inc.",
            // Broad words only: a name of its own; a possessive: a person's.
            "Samsara Industries, Inc.",
            "Samsara's Kitchen LLC",
            // Two listed companies begin so.
            "Orbex Networks Inc.",
            // Three letters and a legal form: a private firm's name as often ("HCI, LLC").
            "ABM, Inc.",
            // A bare brand of common words only ("Cardinal" is not Cardinal Health).
            "Cardinal",
            // A hotel company's first word.
            "Wyndham - San Antonio",
        ] {
            assert_eq!(warn(&i, name), None, "{name}");
        }
    }

    /// ".com" is dropped from a name, but a stem of fewer than four letters names only a
    /// company whose SEC name says "com" too.
    #[test]
    fn a_short_dot_com_stem_needs_com_in_the_sec_name() {
        let mut i = SecIndex::default();
        for (cik, t, n) in [
            (1, "REVG", "REV Group, Inc."),
            (2, "WIX", "Wix.com Ltd."),
            (3, "BILL", "BILL Holdings, Inc."),
        ] {
            i.add(cik, t, n, Some("NYSE"));
        }
        assert_eq!(warn(&i, "Rev.com, Inc"), None);
        assert_eq!(warn(&i, "WIX.com").map(|f| f.0), Some("WIX".into()));
        assert_eq!(warn(&i, "Bill.com").map(|f| f.0), Some("BILL".into()));
        // Without ".com" the short name is REV Group's.
        assert_eq!(warn(&i, "REV Group").map(|f| f.0), Some("REVG".into()));
    }

    /// What a notice says keeps another company out: a parent it names ("wholly owned
    /// subsidiary of" a private company), a line of business the company's name does not
    /// say, and a registrant listed only by preferred shares.
    #[test]
    fn a_named_parent_another_business_and_preferred_shares() {
        let mut i = SecIndex::default();
        for (cik, t, n) in [
            (1, "SNAP", "Snap Inc"),
            (2, "MRCY", "MERCURY SYSTEMS INC"),
            (3, "SCE-PM", "SOUTHERN CALIFORNIA EDISON Co"),
            (3, "SCE-PN", "SOUTHERN CALIFORNIA EDISON Co"),
            (4, "EIX", "EDISON INTERNATIONAL"),
        ] {
            i.add(cik, t, n, Some("NYSE"));
        }
        assert_eq!(
            warn(&i, "Snap, Inc."),
            Some(("SNAP".into(), Method::Normalised))
        );
        assert_eq!(
            warn(&i, "Mercury Systems, Inc."),
            Some(("MRCY".into(), Method::Normalised))
        );
        for name in [
            "Snap, Inc. wholly owned subsidiary of PSA Risk Management Services Inc.",
            "Mercury Products Corporation",
            "Southern California Edison Company",
        ] {
            assert_eq!(warn(&i, name), None, "{name}");
        }
    }

    /// The ticker and method a WARN notice's name (no stage) finds, if any.
    pub(super) fn warn(i: &SecIndex, name: &str) -> Option<(String, Method)> {
        found(i.lookup_for(name, ""))
    }

    /// The classes of legal names the WARN notices use, each found by its rule.
    #[test]
    fn warn_units_acronyms_singulars_and_parents() {
        let i = warn_index();
        for (name, ticker, how) in [
            ("FedEx Ground Package System, Inc.", "FDX", Method::Unit),
            ("Lowe's Home Centers, LLC", "LOW", Method::Unit),
            ("UPS Supply Chain Solutions, Inc", "UPS", Method::Unit),
            ("Macy's Retail Holdings, Inc.", "M", Method::Unit),
            ("Macy's Store #1047", "M", Method::Unit),
            (
                "Hyatt Corporation dba Hyatt Regency Orange County",
                "H",
                Method::Unit,
            ),
            ("Marriott Hotel Services, Inc.", "MAR", Method::Unit),
            ("Walgreen Co.", "WBA", Method::LegalEntity),
            (
                "Darden Restaurant, Inc. - Olive Garden",
                "DRI",
                Method::LegalEntity,
            ),
            ("Honeywell", "HON", Method::LegalEntity),
            (
                "ImmPact Bio USA Inc., a subsidiary of Lyell Immunopharma Inc.",
                "LYEL",
                Method::Normalised,
            ),
            // A parent's whole name of two words, a line of business, a legal form.
            ("Avis Budget Rental Services Inc.", "CAR", Method::Unit),
            ("Cleveland-Cliffs Riverdale LLC", "CLF", Method::Unit),
            // Words of a role after a name no other company begins with.
            ("Centene Management Company, LLC", "CNC", Method::Unit),
            // The legal name before the words after its legal form.
            (
                "Live Nation, Inc. Human Resources Division",
                "LYV",
                Method::LegalEntity,
            ),
            // "Public Ltd Co" is a legal form.
            ("Prothena Biosciences Inc", "PRTA", Method::Unit),
            // The company's name without its words of place.
            ("CSG Systems, Inc.", "CSGS", Method::LegalEntity),
            // After a unit's words and a legal form, a site or a trade name.
            (
                "Marriott Hotel Services, Inc., Sjmec, Inc., DBA San Jose Marriott",
                "MAR",
                Method::Unit,
            ),
            (
                "Johnson & Johnson Family of Companies dba Janssen Global Services Inc.",
                "JNJ",
                Method::Unit,
            ),
        ] {
            assert_eq!(warn(&i, name), Some((ticker.into(), how)), "{name}");
        }
    }

    /// The parent a notice names ("an affiliate of X", "a company within X", "a X Co.",
    /// "a X Company"), two legal names joined by "and", a name the employer is also known
    /// as, and HTML entities as some state tables write them.
    #[test]
    fn warn_parents_the_notice_names() {
        let i = warn_index();
        for (name, ticker) in [
            (
                "ImmPact Bio LLC an affiliate of Lyell Immunopharma Inc.",
                "LYEL",
            ),
            (
                "Arana Therapeutics, Inc., a company within Lyell Immunopharma, Inc.",
                "LYEL",
            ),
            ("Timec, a Lyell Immunopharma Co.", "LYEL"),
            (
                "Tidewater Labs, a subsidary of Lyell Immunopharma, Inc.",
                "LYEL",
            ),
            ("Zeta Widgets, LLC and Lyell Immunopharma, Inc.", "LYEL"),
            ("Eminent, Inc. aka Lyell Immunopharma Inc.", "LYEL"),
            ("HealthHelp (a WNS Company)", "WNS"),
            ("Macy&rsquo;s Retail Holdings, Inc.", "M"),
        ] {
            let found = warn(&i, name).map(|(t, _)| t);
            assert_eq!(found.as_deref(), Some(ticker), "{name}");
        }
    }

    /// A core of words of business or place ("Global Industrial") names a company outside
    /// the largest only in its own name, not before other entity words; a head of common
    /// words ("Iron Mountain") is no company's before a word companies' names do not use
    /// ("Trap Rock"), and is before a unit's; a smaller company's initials before another
    /// descriptor ("Q2 Solutions") are no company's.
    #[test]
    fn ordinary_words_name_no_other_business() {
        let mut i = SecIndex::default();
        i.add(1, "IRM", "IRON MOUNTAIN INC", Some("NYSE"));
        i.add(2, "WSM", "WILLIAMS SONOMA INC", Some("NYSE"));
        for k in 0..1000 {
            i.add(
                100 + k,
                &format!("F{k}"),
                &format!("Filler{k} Corp"),
                Some("Nasdaq"),
            );
        }
        i.add(3000, "GIC", "GLOBAL INDUSTRIAL Co", Some("NYSE"));
        // Fifteen companies' names make "industrial" a word of business, three "direct" a
        // word companies use.
        for k in 0..15 {
            let n = format!("Maker{k} Industrial Corp");
            i.add(5000 + k, &format!("M{k}"), &n, Some("Nasdaq"));
        }
        for k in 0..3 {
            let n = format!("Known{k} Direct Corp");
            i.add(4000 + k, &format!("K{k}"), &n, Some("Nasdaq"));
        }
        assert_eq!(warn(&i, "Global Industrial Services Inc."), None);
        assert_eq!(
            warn(&i, "Global Industrial Company")
                .map(|f| f.0)
                .as_deref(),
            Some("GIC")
        );
        assert_eq!(warn(&i, "Iron Mountain Trap Rock Co."), None);
        // Initials before another descriptor name only one of the largest companies.
        i.add(6000, "QTWO", "Q2 Holdings, Inc.", Some("NYSE"));
        assert_eq!(warn(&i, "Q2 Solutions"), None);
        assert_eq!(
            warn(&i, "Q2 Holdings Inc").map(|f| f.0).as_deref(),
            Some("QTWO")
        );
        assert_eq!(
            warn(&i, "Williams-Sonoma Direct, Inc.")
                .map(|f| f.0)
                .as_deref(),
            Some("WSM")
        );
    }

    /// Look-alikes, contractors, franchisees and brands several companies share stay
    /// unmatched.
    #[test]
    fn warn_look_alikes_and_contractors_stay_unmatched() {
        let i = warn_index();
        for name in [
            "Compass Group USA, Inc.",
            "Compass Group USA, Inc. dba Chartwells",
            "Flagship Facility Services Inc. at Meta Platforms Inc.",
            "TRIGO (Tesla)",
            "Accelore Group-Amazon Logistics (DDA9- Fort Worth)",
            "Stockton EWC Inc, dba Amazon",
            "Kronos LLC",
            "Quantum Health, Inc.",
            "Service Labs Inc.",
            "Cardinal",
            "Marriott Fullerton",
            "Williams International",
            // A franchisee joined to the brand by a hyphen.
            "European Wax Center-TCT Ventures Inc.",
            // Words of a role after a name several companies begin with.
            "Genius Management LLC",
            // Leading words that are only a beginning of the company's name, or one word.
            "Five Star Senior Living Inc.",
            "Emerald Textiles, LLC",
            // Where a company is incorporated is not its parent.
            "Acme Widgets, a California limited liability company",
        ] {
            assert_eq!(warn(&i, name), None, "{name}");
        }
        // The same names with a listed stage keep the layoffs lists' rules.
        assert!(found(i.lookup_for("Tesla", "Post-IPO")).is_some());
    }

    /// Former names read from cik-lookup-data.txt lines and from a submissions file.
    #[test]
    fn former_names_find_the_company_and_bad_lines_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut i = warn_index();
        let lookup = dir.path().join("cik-lookup-data.txt");
        std::fs::write(
            &lookup,
            "TESLA MOTORS INC:0000000015:\nFACEBOOK INC:0000000016:\nA PRIVATE CO: LTD:0000999999:\n\n",
        )
        .unwrap();
        assert_eq!(i.read_names(&lookup).unwrap(), 2);
        assert_eq!(
            warn(&i, "Tesla Motors, Inc."),
            Some(("TSLA".into(), Method::FormerName))
        );
        assert_eq!(
            warn(&i, "Facebook, Inc."),
            Some(("META".into(), Method::FormerName))
        );
        let sub = dir.path().join("CIK0000000009.json");
        std::fs::write(
            &sub,
            r#"{"cik":"0000000009","name":"KRONOS WORLDWIDE INC","formerNames":[{"name":"NL CHEMICALS INC","from":"1994-01-01","to":"1996-01-01"}]}"#,
        )
        .unwrap();
        assert_eq!(i.read_names(&sub).unwrap(), 1);
        assert_eq!(
            warn(&i, "NL Chemicals, Inc."),
            Some(("KRO".into(), Method::FormerName))
        );
        std::fs::write(&lookup, "TESLA MOTORS INC:0000000015:\nnot a line\n").unwrap();
        let e = i.read_names(&lookup).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("NAME:CIK:"), "{e}");
    }

    /// The similarity suggestions computed from trigram postings equal the Dice
    /// coefficient of the two trigram sets.
    #[test]
    fn suggestions_are_the_dice_coefficient() {
        let i = warn_index();
        for name in ["Hyat Hotels", "Fedx", "Kronoss World", "Quantum Computers"] {
            let target = trigrams(&core(name));
            for c in i.suggest(name, 3) {
                if c.method != Method::Similar {
                    continue;
                }
                let k = i.by_cik[&c.company.cik];
                let want =
                    (dice(&target, &i.grams[k]) * Method::Similar.confidence() * 1.4).min(0.75);
                assert!(
                    (c.score - want).abs() < ROUNDING,
                    "{name}: {}",
                    c.company.title
                );
            }
        }
    }
}
