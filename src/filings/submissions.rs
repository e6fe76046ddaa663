//! The SEC's submissions files (`CIK##########.json` of `data.sec.gov/submissions/` and the
//! older pages its `filings.files` names): a company's CIK, name, SIC code and 8-K filings
//! with their items, checked field by field (types, equal array lengths, the file's own
//! CIK, accession numbers, dates).

use std::path::Path;

use serde::Deserialize;

use super::clock::{self, NyTime};
use crate::date::{self, Day};
use crate::error::{Error, Result};

/// Largest submissions file read (the largest real ones are a few megabytes).
pub const MAX_BYTES: u64 = 64 << 20;

/// One 8-K filing (amendments, `8-K/A`, are left out).
#[derive(Debug, Clone, PartialEq)]
pub struct Filing {
    /// Accession number, `0001324424-24-000009`.
    pub accession: String,
    /// The date EDGAR gives the filing.
    pub filing_date: Day,
    /// Item numbers (`2.05`, `9.01`).
    pub items: Vec<String>,
    /// The JSON's `acceptanceDateTime` read as UTC, in New York time: true for most filers,
    /// the New York clock mislabelled for some (see [`super::TimeSource`]).
    pub json_time: Option<NyTime>,
}

impl Filing {
    /// True when the filing carries one of these items.
    pub fn has_any(&self, items: &[String]) -> bool {
        self.items.iter().any(|i| items.contains(i))
    }
}

/// An older page of filings named by the main file.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// File name, `CIK0001324424-submissions-001.json`.
    pub name: String,
    /// First and last filing dates it holds.
    pub from: Day,
    /// Last filing date.
    pub to: Day,
}

/// A company's submissions, as far as they were read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Submissions {
    /// Central Index Key.
    pub cik: u64,
    /// Registered name.
    pub name: String,
    /// Standard Industrial Classification code, when given.
    pub sic: Option<u32>,
    /// The 8-K filings, newest first as the SEC lists them.
    pub filings: Vec<Filing>,
    /// Older pages not read yet.
    pub older: Vec<Page>,
}

#[derive(Deserialize)]
struct Main {
    cik: serde_json::Value,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    sic: Option<serde_json::Value>,
    filings: Filings,
}

#[derive(Deserialize)]
struct Filings {
    recent: Arrays,
    #[serde(default)]
    files: Vec<FileRef>,
}

#[derive(Deserialize)]
struct FileRef {
    name: String,
    #[serde(rename = "filingFrom")]
    from: String,
    #[serde(rename = "filingTo")]
    to: String,
}

#[derive(Deserialize)]
struct Arrays {
    #[serde(rename = "accessionNumber")]
    accession: Vec<String>,
    #[serde(rename = "filingDate")]
    filing_date: Vec<String>,
    #[serde(rename = "acceptanceDateTime", default)]
    acceptance: Vec<String>,
    form: Vec<String>,
    #[serde(default)]
    items: Vec<String>,
}

/// The 10-digit spelling of a CIK in the SEC's file names.
pub fn file_name(cik: u64) -> String {
    format!("CIK{cik:010}.json")
}

/// Reads a CIK written as digits (at most 10, leading zeros allowed).
///
/// # Errors
/// Anything but 1 to 10 ASCII digits (a CIK reaches URLs and file names).
pub fn parse_cik(s: &str) -> std::result::Result<u64, String> {
    let t = s.trim();
    let t = t.strip_prefix("CIK").unwrap_or(t);
    if t.is_empty() || t.len() > 10 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{s:?} is not a CIK: expected 1 to 10 digits"));
    }
    t.parse::<u64>()
        .ok()
        .filter(|&c| c > 0)
        .ok_or_else(|| format!("{s:?} is not a CIK: expected a number above 0"))
}

/// True for an accession number `##########-##-######`.
pub fn valid_accession(a: &str) -> bool {
    let b = a.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, &c)| {
            if i == 10 || i == 13 {
                c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Reads a file whole, refusing one larger than [`MAX_BYTES`].
///
/// # Errors
/// Unreadable, or too large.
pub fn read_capped(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut body = Vec::new();
    f.take(MAX_BYTES + 1)
        .read_to_end(&mut body)
        .map_err(|e| Error::io(path, e))?;
    if body.len() as u64 > MAX_BYTES {
        return Err(Error::data(
            path,
            None,
            None,
            format!("larger than {MAX_BYTES} bytes: not an SEC submissions file"),
        ));
    }
    Ok(body)
}

fn json_error(path: &Path, what: &str, e: &serde_json::Error) -> Error {
    Error::data(
        path,
        (e.line() > 0).then_some(e.line()),
        None,
        format!("not an SEC submissions {what}: {e}"),
    )
}

/// The `cik` of a submissions file, written as digits or as a number.
///
/// # Errors
/// Another type, or digits that are not a CIK.
pub fn cik_value(path: &Path, v: &serde_json::Value) -> Result<u64> {
    let text = match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        other => {
            return Err(Error::data(
                path,
                None,
                Some("cik".into()),
                format!("expected the CIK as digits, found {other}"),
            ));
        }
    };
    parse_cik(&text).map_err(|why| Error::data(path, None, Some("cik".into()), why))
}

/// Reads a main submissions file (`CIK##########.json`); `expected` is the CIK it must be
/// of.
///
/// # Errors
/// Not JSON, fields of the wrong type, arrays of different lengths, a CIK that is not
/// `expected`, an accession number or date that does not read.
pub fn parse_main(path: &Path, body: &[u8], expected: u64) -> Result<Submissions> {
    let m: Main = serde_json::from_slice(body).map_err(|e| json_error(path, "file", &e))?;
    let cik = cik_value(path, &m.cik)?;
    if cik != expected {
        return Err(Error::data(
            path,
            None,
            Some("cik".into()),
            format!("the file is of CIK {cik}, not of CIK {expected} asked for"),
        ));
    }
    let sic = match &m.sic {
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        Some(serde_json::Value::Number(n)) => n.as_u64().and_then(|v| u32::try_from(v).ok()),
        _ => None,
    };
    let mut older = Vec::new();
    for f in &m.filings.files {
        older.push(page_ref(path, f)?);
    }
    Ok(Submissions {
        cik,
        name: m.name.unwrap_or_default(),
        sic,
        filings: filings(path, "filings.recent.", &m.filings.recent)?,
        older,
    })
}

/// Reads an older page (`CIK##########-submissions-001.json`): its arrays are at the top.
///
/// # Errors
/// As [`parse_main`].
pub fn parse_page(path: &Path, body: &[u8]) -> Result<Vec<Filing>> {
    let a: Arrays = serde_json::from_slice(body).map_err(|e| json_error(path, "page", &e))?;
    filings(path, "", &a)
}

fn page_ref(path: &Path, f: &FileRef) -> Result<Page> {
    let ok = f.name.starts_with("CIK")
        && f.name.ends_with(".json")
        && f.name.len() <= 64
        && f.name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !f.name.contains("..");
    let from = date::parse(&f.from);
    let to = date::parse(&f.to);
    match (ok, from, to) {
        (true, Some(from), Some(to)) => Ok(Page {
            name: f.name.clone(),
            from,
            to,
        }),
        _ => Err(Error::data(
            path,
            None,
            Some("filings.files".into()),
            format!(
                "page {:?} ({} to {}): expected a name CIK...json and two dates",
                f.name, f.from, f.to
            ),
        )),
    }
}

/// The 8-K filings of one set of arrays.
fn filings(path: &Path, prefix: &str, a: &Arrays) -> Result<Vec<Filing>> {
    let n = a.accession.len();
    let lengths = [
        ("filingDate", a.filing_date.len()),
        ("form", a.form.len()),
        ("acceptanceDateTime", a.acceptance.len()),
        ("items", a.items.len()),
    ];
    for (field, len) in lengths {
        // acceptanceDateTime and items may be absent (empty) in old pages.
        let optional = matches!(field, "acceptanceDateTime" | "items") && len == 0;
        if len != n && !optional {
            return Err(Error::data(
                path,
                None,
                Some(format!("{prefix}{field}")),
                format!("{len} values for {n} accession numbers: expected one per filing"),
            ));
        }
    }
    let mut out = Vec::new();
    for i in 0..n {
        if a.form[i] != "8-K" {
            continue;
        }
        let bad = |field: &str, v: &str, want: &str| {
            Error::data(
                path,
                None,
                Some(format!("{prefix}{field}[{i}]")),
                format!("{v:?}: expected {want}"),
            )
        };
        let accession = &a.accession[i];
        if !valid_accession(accession) {
            return Err(bad("accessionNumber", accession, "##########-##-######"));
        }
        let filing_date = date::parse(&a.filing_date[i])
            .ok_or_else(|| bad("filingDate", &a.filing_date[i], "a date YYYY-MM-DD"))?;
        let json_time = a.acceptance.get(i).and_then(|t| clock::parse_iso(t));
        let items = a
            .items
            .get(i)
            .map_or_else(Vec::new, |s| super::split_items(s));
        out.push(Filing {
            accession: accession.clone(),
            filing_date,
            items,
            json_time,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIN: &str = r#"{"cik":"0001324424","name":"Expedia Group, Inc.","sic":"4700",
      "filings":{"recent":{
        "accessionNumber":["0001324424-24-000009","0001324424-24-000005","0001324424-24-000004"],
        "filingDate":["2024-02-26","2024-02-08","2024-02-08"],
        "acceptanceDateTime":["2024-02-26T22:00:31.000Z","2024-02-08T21:02:19.000Z","2024-02-08T20:00:00.000Z"],
        "form":["8-K","8-K","10-K"],
        "items":["2.05","2.02,5.02,7.01,9.01",""]},
      "files":[{"name":"CIK0001324424-submissions-001.json","filingCount":2,"filingFrom":"2005-04-25","filingTo":"2016-03-14"}]}}"#;

    #[test]
    fn reads_8k_filings_with_items_and_pages() {
        let s = parse_main(Path::new("x.json"), MAIN.as_bytes(), 1_324_424).unwrap();
        assert_eq!(s.cik, 1_324_424);
        assert_eq!(s.sic, Some(4700));
        assert_eq!(s.filings.len(), 2, "the 10-K is left out");
        assert_eq!(s.filings[0].items, vec!["2.05"]);
        assert_eq!(
            s.filings[0].json_time.unwrap().iso(),
            "2024-02-26T17:00:31-05:00"
        );
        assert_eq!(s.filings[1].items.len(), 4);
        assert_eq!(s.older[0].name, "CIK0001324424-submissions-001.json");
        assert_eq!(s.older[0].to, date::parse("2016-03-14").unwrap());
    }

    #[test]
    fn refuses_a_file_of_another_company() {
        let e = parse_main(Path::new("x.json"), MAIN.as_bytes(), 320_193).unwrap_err();
        assert!(e.to_string().contains("not of CIK 320193"), "{e}");
    }

    #[test]
    fn refuses_arrays_of_different_lengths_and_wrong_types() {
        let short = MAIN.replace(r#""form":["8-K","8-K","10-K"]"#, r#""form":["8-K","8-K"]"#);
        let e = parse_main(Path::new("x.json"), short.as_bytes(), 1_324_424).unwrap_err();
        assert!(e.to_string().contains("filings.recent.form"), "{e}");
        let typed = MAIN.replace(r#""2024-02-26","2024-02-08""#, r#"20240226,"2024-02-08""#);
        let e = parse_main(Path::new("x.json"), typed.as_bytes(), 1_324_424).unwrap_err();
        assert!(e.to_string().contains("not an SEC submissions file"), "{e}");
        let truncated = &MAIN[..MAIN.len() / 2];
        assert!(parse_main(Path::new("x.json"), truncated.as_bytes(), 1_324_424).is_err());
        let path = MAIN.replace("0001324424-24-000009", "../../etc/passwd000");
        let e = parse_main(Path::new("x.json"), path.as_bytes(), 1_324_424).unwrap_err();
        assert!(e.to_string().contains("accessionNumber[0]"), "{e}");
        let page = MAIN.replace("CIK0001324424-submissions-001.json", "../secret.json");
        assert!(parse_main(Path::new("x.json"), page.as_bytes(), 1_324_424).is_err());
    }

    #[test]
    fn ciks_are_digits() {
        assert_eq!(parse_cik("0000320193"), Ok(320_193));
        assert_eq!(parse_cik("320193"), Ok(320_193));
        assert_eq!(parse_cik("CIK0000320193"), Ok(320_193));
        for bad in ["", "12345678901", "../1", "12a", "0", "-5", "1e5"] {
            assert!(parse_cik(bad).is_err(), "{bad}");
        }
    }
}
