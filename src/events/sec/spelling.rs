//! The misspelling step of [`SecIndex::lookup_for`]: a listed company's name of two or more
//! words with one letter of one word wrong, missing or extra ("Dardin Restaurants, Inc.",
//! "Wyndam Hotels & Resorts", "Bristol-Meyers Squibb"), as notices are typed by hand.

use std::hash::{DefaultHasher, Hash, Hasher};

use super::{Match, Method, SecIndex, normal_words, unit_tail, words_of};

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
