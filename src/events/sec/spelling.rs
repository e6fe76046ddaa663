//! The misspelling step of [`SecIndex::lookup_for`]: a listed company's name of two or more
//! words with one letter of one word wrong, missing or extra ("Dardin Restaurants, Inc.",
//! "Wyndam Hotels & Resorts", "Bristol-Meyers Squibb"), as notices are typed by hand.

use std::hash::{DefaultHasher, Hash, Hasher};

use super::leading::common_word;
use super::{Match, Method, SecIndex, normal_words, normalise, unit_tail, words_of};

/// A name whose first word was read as a misspelling of a large company's ("Mariott" for
/// "Marriott"): [`SecIndex::respelt`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Respelt {
    /// The name with that word respelt, as the company writes it.
    pub name: String,
    /// The company's first word, lower case.
    pub word: String,
    /// True when the name lacked one of the word's letters ("Drobox" for "Dropbox").
    pub letter_missing: bool,
}

/// How many of the largest companies of the SEC lists (about $5bn and more) a name's first
/// word, which no company's name holds, is read as a misspelling of ("Mariott Resorts
/// Hospitality Corporation", "Drobox, Inc."): a smaller company's first word is as often one
/// letter from a private employer's own name ("Genapsys" and Genasys).
pub(super) const RESPELT_COMPANIES: usize = 1500;

/// The most companies whose names may hold the second word a respelt name shares with its
/// company's (see [`SecIndex::respelling_holds`]).
const RARE_SECOND: u32 = 3;

/// The fewest letters of a first word read as misspelt.
const RESPELT_LETTERS: usize = 6;

/// True for a first word a misspelt one may be read as: letters only, at least
/// [`RESPELT_LETTERS`] of them, and no common word ("Newark" is not Newmark's).
pub(super) fn respellable(word: &str) -> bool {
    word.len() >= RESPELT_LETTERS
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && !common_word(word)
}

/// The word and each of its forms with one letter left out: two words one letter wrong,
/// missing or extra, or two letters swapped, share one of these keys.
pub(super) fn deletion_keys(word: &str) -> Vec<String> {
    let mut keys = vec![word.to_string()];
    for (p, _) in word.char_indices() {
        let mut k = word.to_string();
        k.remove(p);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}

/// The fewest letters of the misspelt word, in the name and in the company's.
const MIN_LETTERS: usize = 5;

/// The keys of a normalised name's words (two or more) under which a name one letter of
/// one word apart is found: for each word of at least [`MIN_LETTERS`] letters, a hash of
/// the other words and the word's position. Candidates are checked with
/// [`one_edit_apart`].
pub(super) fn one_edit_keys(words: &[&str]) -> Vec<u64> {
    if words.len() < 2 {
        return Vec::new();
    }
    (0..words.len())
        .filter(|&p| words[p].chars().count() >= MIN_LETTERS)
        .map(|p| {
            let mut h = DefaultHasher::new();
            p.hash(&mut h);
            for (q, w) in words.iter().enumerate() {
                if q != p {
                    w.hash(&mut h);
                }
            }
            h.finish()
        })
        .collect()
}

/// The fewest letters of a company's name a name glues ".com" to ("salesforcecom"; not
/// "Intercom" for Inter & Co).
const GLUED_STEM: usize = 7;

/// True when two names of as many words differ in one word only, by one letter wrong,
/// missing or extra, or two neighbouring letters swapped.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let a: Vec<&str> = a.split_whitespace().collect();
    let b: Vec<&str> = b.split_whitespace().collect();
    let differ: Vec<(&str, &str)> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (*x, *y))
        .collect();
    let [(x, y)] = differ[..] else {
        return false;
    };
    if a.len() != b.len() {
        return false;
    }
    let x: Vec<char> = x.chars().collect();
    let y: Vec<char> = y.chars().collect();
    let start = x.iter().zip(&y).take_while(|(p, q)| p == q).count();
    let room = x.len().min(y.len()) - start;
    let end = x
        .iter()
        .rev()
        .zip(y.iter().rev())
        .take(room)
        .take_while(|(p, q)| p == q)
        .count();
    match (x.len() - start - end, y.len() - start - end) {
        (1, 1 | 0) | (0, 1) => true,
        // Two neighbouring letters swapped.
        (2, 2) => x[start] == y[start + 1] && x[start + 1] == y[start],
        _ => false,
    }
}

impl SecIndex {
    /// The name with its first word respelt (see [`Respelt`]), when the first word is no
    /// word of any company's name in the lists nor a common word, and is one letter wrong,
    /// missing or extra, or two letters swapped, from the first word of exactly one of the
    /// [`RESPELT_COMPANIES`] largest companies, beginning with the same letter ("Mariott
    /// Resorts Hospitality Corporation" is read as "Marriott Resorts Hospitality
    /// Corporation"). Whether the respelt name's match stands is
    /// [`SecIndex::respelling_holds`]'s to say.
    pub fn respelt(&self, name: &str) -> Option<Respelt> {
        let name = name.trim_start();
        let end = name
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(name.len());
        let (token, rest) = name.split_at(end);
        let word = token.to_ascii_lowercase();
        if !respellable(&word)
            || self.first_word.contains_key(&word)
            || self.later_words.contains_key(&word)
        {
            return None;
        }
        let mut found: Vec<&str> = Vec::new();
        for key in deletion_keys(&word) {
            for w in self.large_first.get(&key).into_iter().flatten() {
                if w.as_bytes()[0] == word.as_bytes()[0]
                    && one_edit_apart(w, &word)
                    && !found.contains(&w.as_str())
                {
                    found.push(w);
                }
            }
        }
        let [right] = found[..] else {
            return None;
        };
        let written = if token.bytes().all(|b| b.is_ascii_uppercase()) {
            right.to_ascii_uppercase()
        } else {
            let mut c = right.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        };
        Some(Respelt {
            name: format!("{written}{rest}"),
            word: right.to_string(),
            letter_missing: right.len() == word.len() + 1,
        })
    }

    /// True when the match of a respelt name (company `ticker`, found by `method`, a
    /// [`Method::label`] or `alias`) stands: an alias row's, or, when the name lacked a
    /// letter of the company's first word, a match of the whole name (exact, normalised,
    /// legal entity: "Drobox, Inc.") or one whose second word is the company's too and
    /// is a rare word in the lists ("Abercrombe & Fitch HCo."; not "group": "Newark Group"
    /// is not Newmark Group's). A letter wrong or extra makes too many
    /// other names ("Radial, Inc." is not Radian's, "Constar, Inc." not CoStar's), and
    /// a unit's words after a respelt word alone say another business as often ("Harford
    /// Metal Products" is not The Hartford's).
    pub fn respelling_holds(&self, r: &Respelt, ticker: &str, method: &str) -> bool {
        if method == "alias" {
            return true;
        }
        let Some(&i) = self.ticker.get(ticker) else {
            return false;
        };
        // The first word after the company's word, "&" aside.
        let second = |n: &str| -> Option<String> {
            n.split_whitespace()
                .skip(1)
                .find(|w| *w != "and")
                .map(str::to_string)
        };
        let theirs = &self.normalised[i];
        if theirs.split_whitespace().next() != Some(r.word.as_str()) {
            return false;
        }
        let whole = [Method::Exact, Method::Normalised, Method::LegalEntity]
            .iter()
            .any(|m| m.label() == method);
        let rare = |w: &String| self.later_words.get(w).is_some_and(|&k| k <= RARE_SECOND);
        let shared = second(&normalise(&r.name))
            .is_some_and(|w| second(theirs).as_ref() == Some(&w) && rare(&w));
        r.letter_missing && (whole || shared)
    }

    /// The one listed company (Nasdaq, NYSE or CBOE) whose name of two or more words the
    /// name, or its beginning before a site's or a unit's words, spells with one letter of
    /// one word wrong, missing or extra, its last word singular or plural aside ("Daeden
    /// Restaurant, Inc." for Darden Restaurants, "Advanced Auto Parts #8054" for Advance
    /// Auto Parts); or a name that glues ".com" to a company's ("salesforcecom inc").
    pub(super) fn by_misspelling(&self, name: &str) -> Option<Match> {
        let cleaned = words_of(name);
        let words: Vec<&str> = cleaned.split_whitespace().collect();
        let n = normal_words(&words).join(" ");
        if let Some(stem) = n
            .strip_suffix("com")
            .filter(|s| !s.contains(' ') && s.len() >= GLUED_STEM)
            && let Some(list) = self.norm.get(stem)
        {
            let listed: Vec<usize> = list.iter().copied().filter(|&i| self.listed(i)).collect();
            return self.decide(&listed, Method::Normalised);
        }
        // The whole name, then each beginning of two or more words that the rest makes a
        // unit or a site of (see `unit_tail`), longest first.
        for k in (2..=words.len()).rev() {
            let head = normal_words(&words[..k]);
            let Some(last) = head.last() else {
                continue;
            };
            let plural = format!("{last}s");
            let mut plural_form = head.clone();
            if let Some(l) = plural_form.last_mut() {
                *l = &plural;
            }
            let mut found: Vec<usize> = Vec::new();
            for form in [&head, &plural_form] {
                let mut joined = None;
                for key in one_edit_keys(form) {
                    for &i in self.one_edit.get(&key).into_iter().flatten() {
                        let form = joined.get_or_insert_with(|| form.join(" "));
                        if self.listed(i)
                            && one_edit_apart(&self.normalised[i], form)
                            && !found.contains(&i)
                        {
                            found.push(i);
                        }
                    }
                }
            }
            if !found.is_empty() && (k == words.len() || unit_tail(&words[k..])) {
                return self.decide(&found, Method::Unit);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::SecIndex;
    use super::super::tests::warn;

    /// A first word no company's name holds, one letter from a large company's first word,
    /// is respelt; the match stands for a missing letter and a whole name or a rare second
    /// word in common, not for a letter wrong or extra, a common second word or a unit's
    /// words of another business.
    #[test]
    fn a_misspelt_first_word_is_respelt_and_checked() {
        let mut i = SecIndex::default();
        for (cik, t, n) in [
            (1, "DBX", "DROPBOX, INC."),
            (2, "ANF", "ABERCROMBIE & FITCH CO /DE/"),
            (3, "HIG", "HARTFORD FINANCIAL SERVICES GROUP, INC."),
            (4, "RDN", "RADIAN GROUP INC"),
            (5, "NMRK", "NEWMARK GROUP, INC."),
            (6, "VTR", "VENTAS, INC."),
            (7, "VSTS", "Vestis Corp"),
        ] {
            i.add(cik, t, n, Some("NYSE"));
        }
        let r = i.respelt("Drobox, Inc.").expect("Drobox");
        assert_eq!(
            (r.name.as_str(), r.word.as_str(), r.letter_missing),
            ("Dropbox, Inc.", "dropbox", true)
        );
        assert!(i.respelling_holds(&r, "DBX", "exact"));
        assert!(!i.respelling_holds(&r, "DBX", "unit"));
        assert!(!i.respelling_holds(&r, "ANF", "exact"), "another company");
        assert!(i.respelling_holds(&r, "ANF", "alias"));
        let r = i.respelt("Abercrombe & Fitch HCo.").expect("Abercrombe");
        assert_eq!(r.name, "Abercrombie & Fitch HCo.");
        assert!(i.respelling_holds(&r, "ANF", "unit"));
        // Capitals stay capitals.
        assert_eq!(
            i.respelt("DROBOX LLC").map(|r| r.name).as_deref(),
            Some("DROPBOX LLC")
        );
        // A letter wrong: respelt, but not taken.
        let r = i.respelt("Radial, Inc.").expect("Radial");
        assert!(!r.letter_missing);
        assert!(!i.respelling_holds(&r, "RDN", "normalised"));
        // A missing letter before another business's words, or a common second word.
        let r = i.respelt("Harford Metal Products, Inc").expect("Harford");
        assert!(!i.respelling_holds(&r, "HIG", "unit"));
        let r = i.respelt("Newark Group").expect("Newark");
        assert!(!i.respelling_holds(&r, "NMRK", "unit"));
        // A word of a company's name, a short word, two candidates, another first letter.
        for name in [
            "Fitch Group",
            "Drbox",
            "Vestas Blades America Inc.",
            "Tropbox Inc.",
            "Dropbox",
        ] {
            assert_eq!(i.respelt(name), None, "{name}");
        }
    }

    fn ticker(i: &SecIndex, name: &str) -> Option<String> {
        warn(i, name).map(|(t, _)| t)
    }

    /// One letter wrong, missing, extra or swapped in one word of a name of two or more
    /// words finds the company, its last word singular too; two letters, a one-word name
    /// and a short word do not.
    #[test]
    fn misspelt_names_of_two_or_more_words() {
        let mut i = SecIndex::default();
        for (cik, t, n) in [
            (1, "DRI", "DARDEN RESTAURANTS INC"),
            (2, "WH", "WYNDHAM HOTELS & RESORTS, INC."),
            (3, "LXRX", "LEXICON PHARMACEUTICALS, INC."),
            (4, "CRM", "Salesforce, Inc."),
            (5, "INTR", "Inter & Co, Inc."),
            (6, "AAP", "ADVANCE AUTO PARTS INC"),
            (7, "ACME", "Acme United Corp"),
        ] {
            i.add(cik, t, n, Some("NYSE"));
        }
        for (name, want) in [
            ("Dardin Restaurants, Inc.", "DRI"),
            ("Daeden Restaurant, Inc. - Yard House", "DRI"),
            ("Darden Resturants", "DRI"),
            ("Wyndam Hotels & Resorts-Cheyenne Mountain Resort", "WH"),
            ("Advanced Auto Parts # 8054 (Cypress)", "AAP"),
            ("Lexicno Pharmaceuticals", "LXRX"),
            ("salesforcecom inc", "CRM"),
        ] {
            assert_eq!(ticker(&i, name).as_deref(), Some(want), "{name}");
        }
        for name in [
            "Alexion Pharmaceuticals, Inc.",
            "Dordon Restaurants",
            "Dardin",
            "Intercom, Inc.",
            "Acne United Corp",
        ] {
            assert_eq!(ticker(&i, name), None, "{name}");
        }
    }
}
