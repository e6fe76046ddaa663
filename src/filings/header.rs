//! A filing's SGML header (`ACCESSION.hdr.sgml` under `/Archives/edgar/data/`): its
//! `ACCEPTANCE-DATETIME`, the minute EDGAR accepted it, always on the New York clock.

use super::clock::{self, NyTime};

/// EDGAR accepts filings from 06:00 to 22:00 New York time; a time outside is not trusted.
pub const EDGAR_HOURS: (u32, u32) = (6 * 3600, 22 * 3600);

/// Why a header gave no time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    /// No `<ACCEPTANCE-DATETIME>` line, or one that does not read.
    NoTime,
    /// The header names another accession number.
    NotItsOwn(String),
    /// A time outside EDGAR's hours.
    OutsideHours(String),
}

impl std::fmt::Display for HeaderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeaderError::NoTime => write!(f, "no ACCEPTANCE-DATETIME YYYYMMDDHHMMSS in the header"),
            HeaderError::NotItsOwn(a) => write!(f, "the header is of accession {a}"),
            HeaderError::OutsideHours(t) => {
                write!(
                    f,
                    "acceptance time {t} is outside EDGAR's hours (06:00-22:00 New York)"
                )
            }
        }
    }
}

/// The acceptance time of the header of `accession`.
///
/// # Errors
/// See [`HeaderError`].
pub fn acceptance(text: &str, accession: &str) -> Result<NyTime, HeaderError> {
    // Only the first lines are a header; a body is never searched.
    let mut cut = text.len().min(64 << 10);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    let mut time = None;
    for line in head.lines().take(400) {
        let line = line.trim();
        if let Some(v) = line.strip_prefix("<ACCEPTANCE-DATETIME>") {
            time = clock::parse_edgar(v);
            if time.is_none() {
                return Err(HeaderError::NoTime);
            }
        } else if let Some(v) = line.strip_prefix("ACCESSION NUMBER:") {
            let v = v.trim();
            if v != accession {
                return Err(HeaderError::NotItsOwn(v.chars().take(40).collect()));
            }
        }
    }
    let t = time.ok_or(HeaderError::NoTime)?;
    if t.second < EDGAR_HOURS.0 || t.second > EDGAR_HOURS.1 {
        return Err(HeaderError::OutsideHours(t.iso()));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HDR: &str = "<SEC-HEADER>0001324424-24-000009.hdr.sgml : 20240226\n\
        <ACCEPTANCE-DATETIME>20240226170031\n\
        ACCESSION NUMBER:\t\t0001324424-24-000009\n\
        CONFORMED SUBMISSION TYPE:\t8-K\n\
        PUBLIC DOCUMENT COUNT:\t\t1\n\
        ITEM INFORMATION:\t\tCosts Associated with Exit or Disposal Activities\n";

    #[test]
    fn reads_the_acceptance_time() {
        let t = acceptance(HDR, "0001324424-24-000009").unwrap();
        assert_eq!(t.iso(), "2024-02-26T17:00:31-05:00");
    }

    #[test]
    fn refuses_headers_of_other_filings_and_odd_times() {
        assert_eq!(
            acceptance(HDR, "0001324424-24-000010"),
            Err(HeaderError::NotItsOwn("0001324424-24-000009".into()))
        );
        let night = HDR.replace("20240226170031", "20240226031500");
        assert!(matches!(
            acceptance(&night, "0001324424-24-000009"),
            Err(HeaderError::OutsideHours(_))
        ));
        let bad = HDR.replace("20240226170031", "2024-02-26 17:00");
        assert_eq!(
            acceptance(&bad, "0001324424-24-000009"),
            Err(HeaderError::NoTime)
        );
        assert_eq!(acceptance("", "x"), Err(HeaderError::NoTime));
        // A multi-byte character where the 64 KiB cut falls does not panic.
        let long = format!("{}{}", "é".repeat(40_000), HDR);
        assert_eq!(
            acceptance(&long, "0001324424-24-000009"),
            Err(HeaderError::NoTime)
        );
    }
}
