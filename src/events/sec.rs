//! Company-name-to-ticker matching against the SEC EDGAR lists as downloaded
//! (`company_tickers.json`, `company_tickers_exchange.json`), with name normalisation and
//! a refusal to guess: a name matches only when exactly one SEC company has it.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};

/// One SEC company: its CIK, its primary ticker (the first listed) and its name.
#[derive(Debug, Clone, PartialEq)]
pub struct SecCompany {
    /// Central Index Key.
    pub cik: u64,
    /// Primary ticker.
    pub ticker: String,
    /// Registered name.
    pub title: String,
}

/// How a name was matched.
#[derive(Debug, Clone, PartialEq)]
pub enum Match {
    /// Case-insensitive equality with an SEC name.
    Exact(SecCompany),
    /// Equality after normalisation (suffixes, punctuation, "The", "&", ".com").
    Normalised(SecCompany),
    /// Several SEC companies share the name.
    Ambiguous(Vec<SecCompany>),
    /// No SEC company has the name.
    None,
}

/// The SEC lists indexed by name.
#[derive(Debug, Default)]
pub struct SecIndex {
    exact: HashMap<String, Vec<SecCompany>>,
    norm: HashMap<String, Vec<SecCompany>>,
    seen: std::collections::HashSet<u64>,
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
    "lp",
    "l p",
    "sa",
    "s a",
    "nv",
    "n v",
    "ag",
    "se",
    "spa",
    "ab",
    "asa",
    "oyj",
    "bv",
    "holdings",
    "holding",
    "group",
    "com",
    "de",
    "del",
    "the",
    "class a",
    "cl a",
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
/// ```
pub fn normalise(name: &str) -> String {
    let mut s = name
        .to_lowercase()
        .replace('&', " and ")
        .replace(".com", " ");
    // SEC names carry state suffixes such as "/DE/" or "\DE\".
    for tag in [
        "/de/", "\\de\\", "/md/", "/nv/", "/new/", "/ny/", "/ca/", "/pa/",
    ] {
        s = s.replace(tag, " ");
    }
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.first() == Some(&"the") && words.len() > 1 {
        words.remove(0);
    }
    loop {
        let before = words.len();
        for suf in SUFFIXES {
            let parts: Vec<&str> = suf.split(' ').collect();
            if words.len() > parts.len() && words[words.len() - parts.len()..] == parts[..] {
                words.truncate(words.len() - parts.len());
            }
        }
        if words.len() == before {
            break;
        }
    }
    words.join(" ")
}

impl SecIndex {
    fn add(&mut self, cik: u64, ticker: &str, title: &str) {
        if ticker.is_empty() || !self.seen.insert(cik) {
            return; // the first ticker of a CIK is its primary one
        }
        let c = SecCompany {
            cik,
            ticker: ticker.to_ascii_uppercase(),
            title: title.to_string(),
        };
        self.exact
            .entry(title.trim().to_lowercase())
            .or_default()
            .push(c.clone());
        let n = normalise(title);
        if !n.is_empty() {
            self.norm.entry(n).or_default().push(c);
        }
    }

    /// Reads one SEC file (either layout) and adds its companies.
    ///
    /// # Errors
    /// Unreadable file, not JSON, or neither SEC layout.
    pub fn read(&mut self, path: &Path) -> Result<()> {
        let text = crate::import::csv::read_text(path)?;
        let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            Error::data(
                path,
                Some(e.line()),
                Some(e.column().to_string()),
                format!("not JSON: {e}"),
            )
        })?;
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
            for row in data {
                let cell = |i: usize| row.get(i);
                let cik = cell(c).and_then(serde_json::Value::as_u64).unwrap_or(0);
                let name = cell(nm).and_then(|x| x.as_str()).unwrap_or("");
                let tick = cell(t).and_then(|x| x.as_str()).unwrap_or("");
                self.add(cik, tick, name);
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
            self.add(cik, tick, title);
        }
        Ok(())
    }

    /// Number of companies indexed.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Looks a company name up.
    pub fn lookup(&self, name: &str) -> Match {
        let pick = |list: &Vec<SecCompany>| -> Option<Result<SecCompany, Vec<SecCompany>>> {
            match list.as_slice() {
                [] => None,
                [one] => Some(Ok(one.clone())),
                many => Some(Err(many.to_vec())),
            }
        };
        if let Some(found) = self.exact.get(&name.trim().to_lowercase()).and_then(pick) {
            return match found {
                Ok(c) => Match::Exact(c),
                Err(many) => Match::Ambiguous(many),
            };
        }
        let n = normalise(name);
        if n.is_empty() {
            return Match::None;
        }
        match self.norm.get(&n).and_then(pick) {
            Some(Ok(c)) => Match::Normalised(c),
            Some(Err(many)) => Match::Ambiguous(many),
            None => Match::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SecIndex {
        let mut i = SecIndex::default();
        i.add(1, "AMZN", "AMAZON COM INC");
        i.add(2, "GOOGL", "Alphabet Inc.");
        i.add(2, "GOOG", "Alphabet Inc.");
        i.add(3, "ABC", "Acme Corp");
        i.add(4, "ABD", "Acme Holdings Ltd");
        i.add(5, "DIS", "Walt Disney Co");
        i
    }

    #[test]
    fn matches_exact_normalised_and_refuses_ambiguity() {
        let i = index();
        assert!(matches!(i.lookup("alphabet inc."), Match::Exact(c) if c.ticker == "GOOGL"));
        assert!(matches!(i.lookup("Amazon"), Match::Normalised(c) if c.ticker == "AMZN"));
        assert!(
            matches!(i.lookup("The Walt Disney Company"), Match::Normalised(c) if c.ticker == "DIS")
        );
        assert!(matches!(i.lookup("Acme"), Match::Ambiguous(v) if v.len() == 2));
        assert_eq!(i.lookup("Amazing"), Match::None);
        assert_eq!(i.lookup("Inc"), Match::None);
    }
}
