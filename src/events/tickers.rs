//! Company-to-ticker mapping from a user's `company,ticker` file.

use std::collections::HashMap;
use std::path::Path;

use super::Event;
use crate::error::{Error, Result};
use crate::import::csv;

/// A user's company-to-ticker map (names compared trimmed and case-insensitively).
#[derive(Debug, Default, Clone)]
pub struct TickerMap {
    map: HashMap<String, String>,
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

impl TickerMap {
    /// Reads a `company,ticker` CSV.
    ///
    /// # Errors
    /// Unreadable file, missing `company` or `ticker` column, an empty ticker.
    pub fn read(path: &Path) -> Result<Self> {
        let text = csv::read_text(path)?;
        let mut lines = csv::lines(&text);
        let mut cells = Vec::new();
        let (_, header) = lines.next().unwrap_or((1, ""));
        csv::split(header, &mut cells);
        let h: Vec<String> = cells.iter().map(|c| csv::norm_header(c)).collect();
        let pos = |n: &[&str]| h.iter().position(|c| n.contains(&c.as_str()));
        let (Some(c), Some(t)) = (pos(&["company", "name"]), pos(&["ticker", "symbol"])) else {
            return Err(Error::data(
                path,
                Some(1),
                None,
                format!("header \"{header}\": expected columns company and ticker"),
            ));
        };
        let mut map = HashMap::new();
        for (lineno, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            csv::split(line, &mut cells);
            let (Some(name), Some(tick)) = (cells.get(c), cells.get(t)) else {
                return Err(Error::data(
                    path,
                    Some(lineno),
                    None,
                    "expected company and ticker fields",
                ));
            };
            let tick = tick.trim().to_ascii_uppercase();
            if tick.is_empty() {
                return Err(Error::data(
                    path,
                    Some(lineno),
                    Some(format!("{} (ticker)", t + 1)),
                    "empty ticker",
                ));
            }
            map.insert(key(name), tick);
        }
        Ok(TickerMap { map })
    }

    /// The ticker of a company, if mapped.
    pub fn get(&self, company: &str) -> Option<&str> {
        self.map.get(&key(company)).map(String::as_str)
    }

    /// Sets tickers from the map; a mapped company always wins over the file's own ticker.
    pub fn apply(&self, events: &mut [Event]) {
        for e in events {
            if let Some(t) = self.get(&e.company) {
                e.ticker = Some(t.to_string());
                e.matched_by = "override".into();
            }
        }
    }
}
