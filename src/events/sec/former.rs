//! Names listed companies had before a rename (`former_names.txt`): "NortonLifeLock Inc."
//! for Gen Digital, "Mylan Pharmaceuticals Inc." for Viatris, "Regal Beloit America, Inc."
//! for Regal Rexnord.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::leading::common_word;
use super::{DESCRIPTOR_WORDS, Match, Method, PLACE_WORDS, STATES, SecIndex, normalise};

/// A former name's company: its tickers (the first the SEC lists hold is taken), and
/// whether the name is matched only as a whole (written `=Name`: an ordinary word).
type Renamed = (Vec<&'static str>, bool);

/// Each former name of `former_names.txt`, normalised, with its company.
fn renames() -> &'static HashMap<String, Renamed> {
    static MAP: OnceLock<HashMap<String, Renamed>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for line in include_str!("former_names.txt").lines() {
            let line = line.trim();
            if line.starts_with('#') {
                continue;
            }
            let Some((tickers, names)) = line.split_once(':') else {
                continue;
            };
            let tickers: Vec<&str> = tickers.split('|').map(str::trim).collect();
            for name in names.split(';') {
                let name = name.trim();
                let whole_only = name.starts_with('=');
                map.insert(
                    normalise(name.trim_start_matches('=')),
                    (tickers.clone(), whole_only),
                );
            }
        }
        map
    })
}

impl SecIndex {
    /// The listed company (Nasdaq, NYSE or CBOE) a name of `former_names.txt` was renamed
    /// to, for the former name itself ("NortonLifeLock Inc.") or followed by words of
    /// place, a state or descriptors ("Regal Beloit America Inc.", "Mylan Pharmaceuticals
    /// Inc.") when the former name is not an ordinary word ("Coach Inc." alone is
    /// Tapestry's, "Coach USA" a bus company).
    pub(super) fn by_rename(&self, name: &str) -> Option<Match> {
        let n = normalise(name);
        let mut words: Vec<&str> = n.split_whitespace().collect();
        let mut whole = true;
        while !words.is_empty() {
            if let Some((tickers, whole_only)) = renames().get(&words.join(" "))
                && (whole || !(*whole_only || (words.len() == 1 && common_word(words[0]))))
            {
                let &i = tickers.iter().find_map(|t| self.ticker.get(*t))?;
                return self
                    .listed(i)
                    .then(|| self.decide(&[i], Method::FormerName))
                    .flatten();
            }
            let last = words.pop()?;
            let unit_word = [PLACE_WORDS, STATES, DESCRIPTOR_WORDS]
                .iter()
                .any(|list| list.contains(&last));
            if !unit_word {
                return None;
            }
            whole = false;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Match, Method, SecIndex};

    fn ticker(i: &SecIndex, name: &str) -> Option<String> {
        match i.lookup_for(name, "") {
            Match::Found(c) if c.method == Method::FormerName => Some(c.company.ticker),
            _ => None,
        }
    }

    /// A former name finds the company it became, alone or before words of place, a state
    /// or a descriptor; an ordinary word only alone, another line of business not, and a
    /// company the lists do not hold not at all.
    #[test]
    fn former_names_of_renamed_companies() {
        let mut i = SecIndex::default();
        for (cik, t, n) in [
            (1, "GEN", "Gen Digital Inc."),
            (2, "RRX", "REGAL REXNORD CORP"),
            (3, "VTRS", "Viatris Inc"),
            (4, "TPR", "Tapestry, Inc."),
        ] {
            i.add(cik, t, n, Some("NYSE"));
        }
        for (name, want) in [
            ("NortonLifeLock, Inc.", "GEN"),
            ("Regal Beloit America Inc. - Revision 1", "RRX"),
            ("Regal Beloit Texas, LLC", "RRX"),
            ("Mylan Pharmaceuticals Inc.", "VTRS"),
            ("Coach, Inc.", "TPR"),
        ] {
            assert_eq!(ticker(&i, name).as_deref(), Some(want), "{name}");
        }
        for name in ["Coach USA", "Regal Beloit Logistics LLC", "Facebook, Inc."] {
            assert_eq!(ticker(&i, name), None, "{name}");
        }
    }
}
