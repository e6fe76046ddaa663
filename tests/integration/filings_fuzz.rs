//! Mutation fuzzing of the readers of event time on real files: the SEC's submissions
//! files (structured mutations of their arrays: a value of another type, a value changed,
//! an element removed; and byte mutations: flips, cuts, repeats), filing headers, and the
//! real earnings calendars read as confounders files. Each mutant is read in-process;
//! the reader must not panic, an error must name the file, and a submissions file that
//! still reads must hold the original filings except the one mutated: never a shift.

use std::panic::{AssertUnwindSafe, catch_unwind};

use layoff_study::filings::confounders::ConfounderFile;
use layoff_study::filings::header;
use layoff_study::filings::submissions::{self, Filing};
use serde_json::Value;

use super::common::real_data;

/// A small deterministic generator (xorshift64*), so every run tries the same mutants.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A byte mutant: one of a flip to a byte that matters in JSON or CSV, a cut at a random
/// point, a repeated slice, a deleted slice.
fn byte_mutant(rng: &mut Rng, body: &[u8]) -> Vec<u8> {
    const BYTES: &[u8] = b",\"\n\r:{}[]0123456789-./ZT\\\x00ab";
    let mut m = body.to_vec();
    let at = rng.below(m.len());
    match rng.below(4) {
        0 => m[at] = BYTES[rng.below(BYTES.len())],
        1 => m.truncate(at),
        2 => {
            let end = (at + 1 + rng.below(64)).min(m.len());
            let slice = m[at..end].to_vec();
            m.splice(at..at, slice);
        }
        _ => {
            let end = (at + 1 + rng.below(64)).min(m.len());
            m.drain(at..end);
        }
    }
    m
}

/// Runs `f`, failing the test with the mutant's number if it panics.
fn no_panic<T>(what: &str, i: usize, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| panic!("{what}: mutant {i} panicked"))
}

/// The arrays of `filings.recent` a mutation may touch.
const FIELDS: [&str; 5] = [
    "accessionNumber",
    "filingDate",
    "acceptanceDateTime",
    "form",
    "items",
];

fn replacement(rng: &mut Rng, old: &Value) -> Value {
    match rng.below(8) {
        0 => Value::Null,
        1 => Value::from(rng.below(1_000_000) as u64),
        2 => Value::Bool(true),
        3 => serde_json::json!({"a": 1}),
        4 => Value::from(""),
        5 => Value::from("8-K"),
        6 => Value::from("2024-13-45"),
        _ => {
            // One character of the old text changed.
            let mut s: Vec<char> = old.as_str().unwrap_or("x").chars().collect();
            if !s.is_empty() {
                let k = rng.below(s.len());
                s[k] = ['0', '9', '-', 'X', ' ', '/'][rng.below(6)];
            }
            Value::from(s.into_iter().collect::<String>())
        }
    }
}

#[test]
fn mutated_submissions_files_never_panic_nor_shift_a_filing() {
    let Some(data) = real_data() else { return };
    let dir = data.join("sec_edgar_submissions_edgartools");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut outcomes = [0usize; 2];
    for (file, cik) in [
        ("CIK0001324424.json", 1_324_424u64),
        ("CIK0000789019.json", 789_019),
        ("CIK0001318605.json", 1_318_605),
    ] {
        let path = dir.join(file);
        let body = std::fs::read(&path).unwrap();
        let original = submissions::parse_main(&path, &body, cik).unwrap();
        let tree: Value = serde_json::from_slice(&body).unwrap();
        let n = tree["filings"]["recent"]["accessionNumber"]
            .as_array()
            .unwrap()
            .len();
        for i in 0..300 {
            let mut t = tree.clone();
            let field = FIELDS[rng.below(FIELDS.len())];
            let k = rng.below(n);
            let arr = t["filings"]["recent"][field].as_array_mut().unwrap();
            if rng.below(6) == 0 {
                arr.remove(k);
            } else {
                let new = replacement(&mut rng, &arr[k]);
                arr[k] = new;
            }
            let mutant = serde_json::to_vec(&t).unwrap();
            let got = no_panic(file, i, || submissions::parse_main(&path, &mutant, cik));
            match got {
                Err(e) => {
                    outcomes[1] += 1;
                    assert!(e.to_string().contains(file), "{e}");
                }
                Ok(s) => {
                    outcomes[0] += 1;
                    // Every filing but the mutated one is the original's, in its place.
                    let acc_k = tree["filings"]["recent"]["accessionNumber"][k].as_str();
                    let keep = |f: &&Filing| Some(f.accession.as_str()) != acc_k;
                    let before: Vec<&Filing> = original.filings.iter().filter(keep).collect();
                    let after: Vec<&Filing> = s.filings.iter().filter(keep).collect();
                    let changed = after.len().abs_diff(before.len())
                        + before.iter().zip(&after).filter(|(a, b)| a != b).count();
                    assert!(
                        changed <= 1,
                        "{file} mutant {i} ({field}[{k}]): {changed} filings changed"
                    );
                }
            }
        }
        for i in 0..200 {
            let mutant = byte_mutant(&mut rng, &body);
            if let Err(e) = no_panic(file, i, || submissions::parse_main(&path, &mutant, cik)) {
                assert!(e.to_string().contains(file), "{e}");
            }
        }
    }
    // The arrays' checks refuse a good share (a removed element: lengths differ).
    assert!(outcomes[0] > 50 && outcomes[1] > 50, "{outcomes:?}");
    let page = dir.join("CIK0001324424-submissions-001.json");
    let body = std::fs::read(&page).unwrap();
    for i in 0..300 {
        let mutant = byte_mutant(&mut rng, &body);
        if let Err(e) = no_panic("page", i, || submissions::parse_page(&page, &mutant)) {
            assert!(e.to_string().contains("submissions-001"), "{e}");
        }
    }
}

/// A real header's layout (Expedia's layoff 8-K): a mutant reads as a time within EDGAR's
/// hours, or is refused.
#[test]
fn mutated_filing_headers_read_within_edgar_hours_or_not_at_all() {
    let acc = "0001324424-24-000009";
    let text = format!(
        "<SEC-HEADER>0001324424-24-000009.hdr.sgml : 20240226\n\
         <ACCEPTANCE-DATETIME>20240226170031\n\
         ACCESSION NUMBER:\t\t{acc}\n\
         CONFORMED SUBMISSION TYPE:\t8-K\n\
         PUBLIC DOCUMENT COUNT:\t\t12\n\
         CONFORMED PERIOD OF REPORT:\t20240226\n\
         ITEM INFORMATION:\t\tCost Associated with Exit or Disposal Activities\n\
         FILED AS OF DATE:\t\t20240226\n</SEC-HEADER>\n"
    );
    let at = header::acceptance(&text, acc).unwrap();
    assert_eq!(at.iso(), "2024-02-26T17:00:31-05:00");
    let mut rng = Rng(7);
    for i in 0..2000 {
        let mutant = byte_mutant(&mut rng, text.as_bytes());
        let mutant = String::from_utf8_lossy(&mutant).into_owned();
        if let Ok(t) = no_panic("header", i, || header::acceptance(&mutant, acc)) {
            assert!(
                (6 * 3600..=22 * 3600).contains(&t.second),
                "mutant {i}: {}",
                t.iso()
            );
        }
    }
}

/// The three real earnings calendars, mutated byte by byte and row by row (a field too
/// many, one too few): read, or refused with the file and line named; a row of the wrong
/// width is never read by position.
#[test]
fn mutated_confounders_files_are_read_or_refused_with_file_and_line() {
    let Some(data) = real_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for (name, rel) in [
        (
            "zacks.csv",
            "earnings_dates_mixed/zacks_calendar_robjjones_2023q3/earnings.csv",
        ),
        (
            "item202.csv",
            "earnings_dates_mixed/edgar_item202_albertperez7/merged_earnings.csv",
        ),
    ] {
        let body = std::fs::read(data.join(rel)).unwrap();
        // A few thousand lines keep each mutant quick to read.
        let cut = body
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(3000)
            .map_or(body.len(), |(i, _)| i + 1);
        let body = &body[..cut];
        let path = dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        let original = ConfounderFile::read(&path).unwrap();
        assert!(original.rows > 1000, "{name}: {}", original.rows);
        let lines: Vec<&[u8]> = body.split(|b| *b == b'\n').collect();
        for i in 0..150 {
            let mutant = if i % 3 == 0 {
                // A field too many or one too few on one data row.
                let k = 1 + rng.below(lines.len() - 2);
                let mut rows: Vec<Vec<u8>> = lines.iter().map(|l| l.to_vec()).collect();
                if rng.below(2) == 0 {
                    rows[k].extend_from_slice(b",x");
                } else if let Some(c) = rows[k].iter().rposition(|b| *b == b',') {
                    rows[k].truncate(c);
                }
                let expect_line = k + 1;
                let m = rows.join(&b"\n"[..]);
                std::fs::write(&path, &m).unwrap();
                let e = no_panic(name, i, || ConfounderFile::read(&path))
                    .err()
                    .unwrap_or_else(|| panic!("{name} mutant {i}: a row of the wrong width read"));
                let msg = e.to_string();
                assert!(
                    msg.contains(name) && msg.contains(&format!("line {expect_line}")),
                    "{msg}"
                );
                continue;
            } else {
                byte_mutant(&mut rng, body)
            };
            std::fs::write(&path, &mutant).unwrap();
            match no_panic(name, i, || ConfounderFile::read(&path)) {
                Err(e) => assert!(e.to_string().contains(name), "{e}"),
                Ok(f) => assert!(f.rows + f.skipped <= lines.len() + 64, "{name} mutant {i}"),
            }
        }
    }
}
