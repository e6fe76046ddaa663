//! The leading-words step of [`SecIndex::lookup_for`]: a subsidiary's legal name made of
//! its parent's whole name of two or more distinctive words, a line of business and a legal
//! form ("Avis Budget Car Rental, LLC", "Brinker International Payroll Company, L.P."
//! is not one: "International" says nothing).

use super::{
    DESCRIPTOR_WORDS, ENTITY_WORDS, GENERIC_CORES, LEGAL_FORMS, Match, Method, PLACE_WORDS,
    SUFFIXES, SecIndex, group_differs, unknown_stage, words_of,
};

/// The fewest distinctive words (not generic, descriptor, place or suffix words) the
/// leading words must hold: one word ("Emerald Textiles", "Cardinal Glass Industries") is
/// too often a private employer's own.
const MIN_DISTINCT_WORDS: usize = 2;

impl SecIndex {
    /// The company whose whole name (words of place or of a legal entity aside) is the
    /// name's first words, of at least [`MIN_DISTINCT_WORDS`] distinctive words, when no
    /// other company in the SEC lists begins so, the company is listed on Nasdaq, NYSE or
    /// CBOE and the name goes on with at least one word and then a legal form ("Avis
    /// Budget Rental Services Inc.", "Cleveland-Cliffs Riverdale LLC"). A stage that says
    /// nothing (`Unknown`) makes it a suggestion.
    pub(super) fn by_leading_words(&self, name: &str, stage: &str) -> Option<Match> {
        let cleaned = words_of(name);
        let mut words: Vec<&str> = cleaned.split_whitespace().collect();
        let skipped = usize::from(words.first() == Some(&"the"));
        words.drain(..skipped);
        let legal = words.iter().position(|w| LEGAL_FORMS.contains(w))?;
        for k in (2..legal).rev() {
            let (head, tail) = (&words[..k], &words[k..legal]);
            if distinct_words(head) < MIN_DISTINCT_WORDS {
                continue;
            }
            let begin: Vec<usize> = self
                .first_word
                .get(head[0])
                .into_iter()
                .flatten()
                .copied()
                .filter(|&i| {
                    let theirs: Vec<&str> = self.normalised[i].split_whitespace().collect();
                    theirs.len() >= k && theirs[..k] == *head
                })
                .collect();
            let [i] = begin[..] else {
                // Several companies begin so, and fewer words are shared by at least as
                // many; none, and fewer words may still begin one.
                if begin.len() > 1 {
                    return None;
                }
                continue;
            };
            if !self.listed(i)
                || hyphen_after(name, k + skipped)
                || group_differs(name, &self.companies[i].title)
                || !self.whole_name(i, k)
                || self.descriptors_conflict(i, tail)
            {
                return None;
            }
            let m = self.decide(&[i], Method::Unit)?;
            return Some(match m {
                Match::Found(mut cand) if unknown_stage(stage) => {
                    cand.score = 0.75;
                    Match::None(vec![cand])
                }
                m => m,
            });
        }
        None
    }

    /// True when company `i`'s normalised name after its first `k` words holds only words of
    /// place, of a legal entity or of a legal form ("Avis Budget Group", "Honeywell
    /// International"; not "Five Star Bancorp" for "Five Star").
    fn whole_name(&self, i: usize, k: usize) -> bool {
        self.normalised[i].split_whitespace().skip(k).all(|w| {
            [SUFFIXES, PLACE_WORDS, ENTITY_WORDS]
                .iter()
                .any(|list| list.contains(&w))
        })
    }

    /// True when the name's words after the leading ones hold descriptors (see
    /// [`DESCRIPTOR_WORDS`]) and company `i`'s name holds others, none of them the name's
    /// ("Rubicon Technologies" is not Rubicon Technology).
    fn descriptors_conflict(&self, i: usize, tail: &[&str]) -> bool {
        let theirs = &self.descriptors[i];
        let ours: Vec<&str> = tail
            .iter()
            .copied()
            .filter(|w| DESCRIPTOR_WORDS.contains(w))
            .collect();
        !theirs.is_empty()
            && !ours.is_empty()
            && !ours.iter().any(|w| theirs.iter().any(|t| t == w))
    }
}

/// The words of `head` that are not generic, descriptor, place or suffix words.
fn distinct_words(head: &[&str]) -> usize {
    head.iter()
        .filter(|w| {
            ![GENERIC_CORES, DESCRIPTOR_WORDS, PLACE_WORDS, SUFFIXES]
                .iter()
                .any(|list| list.contains(w))
        })
        .count()
}

/// True when a hyphen joins the name's first `k` words to the rest: what follows is another
/// employer ("European Wax Center-TCT Ventures Inc.", a franchisee), not a unit.
fn hyphen_after(name: &str, k: usize) -> bool {
    name.match_indices('-').any(|(i, _)| {
        words_of(&name[..i]).split_whitespace().count() == k
            && !name[..i].ends_with(' ')
            && !name[i + 1..].starts_with(' ')
    })
}
