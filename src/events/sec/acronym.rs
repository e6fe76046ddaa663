//! The acronym step of [`SecIndex::lookup_for`]: a subsidiary's legal name that begins with
//! its parent's ticker, an acronym ("AMD, Inc.", "IHG Management LLC", "GEO Secure
//! Services, LLC").

use super::leading::{business_word, common_word, hyphen_after, legal_place_or_entity};
use super::{
    LARGE_COMPANIES, LEGAL_FORMS, Match, Method, SecIndex, group_differs, initials,
    legal_form_position, suggestion_if_unknown, unit_tail_with_place, without_the, words_of,
};

/// Words of business that say no particular business ("ABM Industries", "GEO Group").
pub(super) const BROAD_WORDS: &[&str] = &["industries", "industry", "group", "companies", "brands"];

/// Words that say how a company is owned, not what it does: "BHP Holding Partners, Ltd"
/// is a car dealer's holding, not BHP Group's.
const OWNERSHIP_WORDS: &[&str] = &[
    "holding",
    "holdings",
    "partners",
    "partner",
    "ventures",
    "investments",
    "investment",
    "capital",
    "enterprises",
    "associates",
    "group",
    "groups",
];

impl SecIndex {
    /// The listed company (Nasdaq, NYSE or CBOE) whose ticker, of three to five letters, is
    /// the first word of a legal name, when that word
    /// - is written in capitals in a name that is not, spells the initials of the company's
    ///   name, the company is among the [`LARGE_COMPANIES`] largest of the lists, and the
    ///   word stands alone before the legal form, or is followed by a word of business, a
    ///   unit's or a role's words, or by a site of two or more words ("AMD, Inc.", "AIG
    ///   Technologies, Inc.", "IHG Management LLC", "HII San Diego Shipyard, Inc."; not "AMD
    ///   Direct Inc.": one word that says no business is a brand of its own), or
    /// - is the first word of the company's name, which goes on, and a word of business
    ///   (not of ownership: see [`OWNERSHIP_WORDS`]) follows it, of the same business as the
    ///   company's name says if it says one ("ABM Industry Groups, LLC", "Geo Reentry
    ///   Services LLC"; not "TPG Commerce Hotel Manager, LLC" for TPG Inc., nor "OFS Brands,
    ///   Inc." for OFS Capital).
    ///
    /// A possessive ("BJ's Restaurant Inc.", "Mama's Ladera Ranch, LP"), a common word
    /// ("JACK Ohio Finance, LLC"), a hyphen joining another legal name and "group" where the
    /// company's name has none leave the name unmatched. A stage that says nothing
    /// (`Unknown`) makes it a suggestion.
    pub(super) fn by_acronym(&self, name: &str, stage: &str) -> Option<Match> {
        let cleaned = words_of(name);
        let (words, skipped) = without_the(&cleaned);
        let legal = legal_form_position(&words)?;
        let (&word, tail) = words[..legal].split_first()?;
        if !(3..=5).contains(&word.len())
            || !word.bytes().all(|b| b.is_ascii_lowercase())
            || common_word(word)
            // A possessive ("Mama's Ladera Ranch, LP") is a name, not an acronym.
            || tail.first() == Some(&"s")
        {
            return None;
        }
        let &i = self.ticker.get(&word.to_ascii_uppercase())?;
        let title = words_of(&self.companies[i].title);
        let theirs: Vec<&str> = title
            .split_whitespace()
            .take_while(|w| !LEGAL_FORMS.contains(w))
            .collect();
        let business = tail
            .iter()
            .any(|w| business_word(&self.later_words, w) && !OWNERSHIP_WORDS.contains(w));
        let by_initials = i < LARGE_COMPANIES
            && written_in_capitals(name, word)
            && theirs.first() != Some(&word)
            && initials(theirs.iter().copied()) == word
            && (tail.len() != 1 || business || unit_tail_with_place(&words[1..]).is_some());
        let by_first_word = theirs.first() == Some(&word)
            && theirs.len() > 1
            && business
            && !self.descriptors_conflict(i, tail)
            && same_business(&theirs[1..], tail);
        if !self.listed(i)
            || !(by_initials || by_first_word)
            || hyphen_after(name, 1 + skipped)
            || group_differs(name, &self.companies[i].title)
        {
            return None;
        }
        self.decide(&[i], Method::Unit)
            .map(|m| suggestion_if_unknown(m, stage))
    }
}

/// True when `word` (lower case) is written in capitals as a word of `name`, not as a
/// possessive ("BJ's"), in a name that is not all capitals.
fn written_in_capitals(name: &str, word: &str) -> bool {
    let upper = word.to_ascii_uppercase();
    name.chars().any(char::is_lowercase)
        && name.match_indices(upper.as_str()).any(|(at, _)| {
            let before = name[..at].chars().next_back();
            let after = name[at + upper.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric)
                && !after.is_some_and(|c| c.is_alphanumeric() || c == '\'' || c == '\u{2019}')
        })
}

/// True when a company's words after its first (`theirs`) say no business but words any
/// company may have ("industries", "group"), or the name's `tail` shares one of them:
/// "OFS Brands" is not OFS Capital's.
fn same_business(theirs: &[&str], tail: &[&str]) -> bool {
    let specific: Vec<&&str> = theirs
        .iter()
        .filter(|w| !legal_place_or_entity(w) && !BROAD_WORDS.contains(w))
        .collect();
    specific.is_empty() || specific.iter().any(|w| tail.contains(w))
}

#[cfg(test)]
mod tests {
    use super::super::tests::warn;
    use super::super::{Method, SecIndex};

    /// Seven companies known by acronyms, a thousand larger ones whose names make
    /// "technologies", "industries" and "partners" words of business, then one smaller
    /// company.
    fn index() -> SecIndex {
        let mut i = SecIndex::default();
        for (cik, t, n) in [
            (1, "AMD", "ADVANCED MICRO DEVICES INC"),
            (2, "IHG", "InterContinental Hotels Group PLC"),
            (3, "ABM", "ABM INDUSTRIES INC /DE/"),
            (4, "TPG", "TPG Inc."),
            (5, "OFS", "OFS Capital Corp"),
            (6, "BJ", "BJ's Wholesale Club Holdings, Inc."),
            (7, "JACK", "JACK INDUSTRIES INC"),
        ] {
            i.add(cik, t, n, Some("NYSE"));
        }
        for k in 0..1000 {
            let (t, n) = (
                format!("F{k}"),
                format!("Filler{k} Technologies Industries Partners Corp"),
            );
            i.add(100 + k, &t, &n, Some("Nasdaq"));
        }
        i.add(
            5000,
            "RHP",
            "Ryman Hospitality Properties, Inc.",
            Some("NYSE"),
        );
        i
    }

    fn ticker(i: &SecIndex, name: &str) -> Option<String> {
        warn(i, name)
            .filter(|(_, m)| *m == Method::Unit)
            .map(|(t, _)| t)
    }

    /// A large company's initials alone or before a line of business, a unit or a role,
    /// and a company's own first word before its kind of business, find it; a small
    /// company's initials, a brand of its own after the initials, an acronym company's
    /// name with another business, possessives, common words and capitals throughout do
    /// not.
    #[test]
    fn tickers_written_as_a_legal_names_first_word() {
        let i = index();
        for (name, want) in [
            ("AMD, Inc.", "AMD"),
            ("IHG Management LLC", "IHG"),
            ("AMD Technologies, Inc.", "AMD"),
            ("AMD Santa Clara B1, Inc.", "AMD"),
            ("ABM Industry Groups, LLC", "ABM"),
            ("ABM Technologies Co.", "ABM"),
            ("Abm Industry Groups, LLC", "ABM"),
        ] {
            assert_eq!(ticker(&i, name).as_deref(), Some(want), "{name}");
        }
        for name in [
            "AMD Direct Inc.",
            "RHP, Inc.",
            "TPG Commerce Services, LLC",
            "OFS Brands Services, Inc.",
            "ABM Holding Partners, Ltd",
            "BJ's Restaurant Services Inc.",
            "Abm's Technologies, Inc.",
            "JACK Technologies, LLC",
            "AMD INC",
            "AMD-Acme Services, Inc.",
        ] {
            assert_eq!(ticker(&i, name), None, "{name}");
        }
    }
}
