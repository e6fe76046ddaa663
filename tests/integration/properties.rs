//! Property-based tests of every price layout and of the events reader: random valid files
//! read back exactly, and random mutations of them give either the numbers the file holds
//! in the right columns or a clean error, never a panic and never a shifted value.

use std::path::Path;

use layoff_study::date::{self, Day};
use layoff_study::events::{self, Event};
use layoff_study::export::OutputFormat;
use layoff_study::import::{PriceOptions, load};
use proptest::prelude::*;

/// A series as the generator makes it: ascending unique days, prices in cents.
#[derive(Debug, Clone)]
struct Gen {
    days: Vec<Day>,
    cents: Vec<u32>,
    volume: Vec<u32>,
}

fn series() -> impl Strategy<Value = Gen> {
    (1usize..40).prop_flat_map(|n| {
        (
            proptest::collection::vec(1i32..5, n),
            proptest::collection::vec(1u32..100_000_000, n),
            proptest::collection::vec(0u32..4_000_000_000, n),
        )
            .prop_map(|(gaps, cents, volume)| {
                let mut d = date::days_from_civil(2020, 1, 1);
                let days = gaps
                    .iter()
                    .map(|g| {
                        d += g;
                        d
                    })
                    .collect();
                Gen {
                    days,
                    cents,
                    volume,
                }
            })
    })
}

const LAYOUTS: usize = 7;

fn price(c: u32) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

/// The file text of a series in layout `k`.
fn render(g: &Gen, k: usize, eol: &str) -> String {
    let us = |d: Day| {
        let (y, m, dd) = date::civil_from_days(d);
        format!("{m:02}/{dd:02}/{y}")
    };
    let mut rows: Vec<String> = Vec::new();
    let head = match k {
        0 => "Date,Open,High,Low,Close,Adj Close,Volume",
        1 => "Date,Close",
        2 => "Date,Open,High,Low,Close,Volume",
        3 => "ticker,date,close,adj_close,volume",
        4 => "timestamps,open,high,low,close,volume,amount",
        5 => "Date,Close/Last,Volume,Open,High,Low",
        _ => "Date,Open,High,Low,Close,Volume,Dividends,Stock Splits",
    };
    for i in 0..g.days.len() {
        let (d, p, v) = (date::format(g.days[i]), price(g.cents[i]), g.volume[i]);
        rows.push(match k {
            0 => format!(
                "{d},{p},{p},{p},{},{p},{v}",
                price(g.cents[i] * 2 % 100_000_000 + 1)
            ),
            1 => format!("{d},{p}"),
            2 => format!("{d},{p},{p},{p},{p},{v}"),
            3 => format!("ACME,{d},{p},{p},{v}"),
            4 => format!("{d} 00:00:00,{p},{p},{p},{p},{v},1"),
            5 => format!("{},${p},\"{}\",${p},${p},${p}", us(g.days[i]), thousands(v)),
            _ => format!("{d} 00:00:00-05:00,{p},{p},{p},{p},{v},0.0,0.0"),
        });
    }
    if k == 5 {
        rows.reverse();
    }
    let mut text = String::from(head);
    for r in rows {
        text.push_str(eol);
        text.push_str(&r);
    }
    text.push_str(eol);
    text
}

fn thousands(v: u32) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn write(dir: &Path, text: &[u8]) -> std::path::PathBuf {
    let p = dir.join("ACME.csv");
    std::fs::write(&p, text).unwrap();
    p
}

/// The days and prices of a series.
type Read = (Vec<Day>, Vec<f64>);

/// The reader's answer, with a panic turned into a test failure message.
fn read_prices(path: &Path) -> Result<Option<Read>, String> {
    let path = path.to_path_buf();
    let r = std::panic::catch_unwind(move || load(&[path], &PriceOptions::default()));
    match r {
        Err(_) => Err("the reader panicked".into()),
        Ok(Err(_)) => Ok(None),
        Ok(Ok(panel)) => Ok(panel
            .get("ACME")
            .map(|s| (s.dates.clone(), s.price.clone()))),
    }
}

/// An independent reading of a (possibly mutated) file: for each record, the date cell and
/// the cells of every column whose header names a price (a mutation may rename `Adj Close`,
/// and the reader then rightly falls back to `Close`).
fn oracle(text: &[u8]) -> Vec<(Option<Day>, Vec<String>)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut recs = rdr.records().filter_map(Result::ok);
    let Some(head) = recs.next() else {
        return Vec::new();
    };
    // As the reader names headers: quotes left around a name (`Close"`) are not part of it.
    let norm = |s: &str| {
        s.trim_start_matches('\u{feff}')
            .trim()
            .trim_matches('"')
            .trim()
            .to_ascii_lowercase()
    };
    let price_cols: Vec<usize> = head
        .iter()
        .enumerate()
        .filter(|(_, h)| {
            matches!(
                norm(h).as_str(),
                "adj close"
                    | "adj_close"
                    | "adjclose"
                    | "adjusted close"
                    | "adjusted_close"
                    | "close"
                    | "close/last"
                    | "price"
            )
        })
        .map(|(i, _)| i)
        .collect();
    let d = head
        .iter()
        .position(|h| matches!(norm(h).as_str(), "date" | "timestamps"))
        .unwrap_or(0);
    recs.map(|r| {
        (
            r.get(d).and_then(date::parse),
            price_cols
                .iter()
                .map(|&c| r.get(c).unwrap_or("").trim().to_string())
                .collect(),
        )
    })
    .collect()
}

fn cell_value(cell: &str) -> Option<f64> {
    let t = cell.trim_start_matches('$').replace(',', "");
    t.parse::<f64>().ok()
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Insert(usize, u8),
    Replace(usize, u8),
    Truncate(usize),
    DuplicateLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let byte = prop::sample::select(vec![
        b',', b'"', b'\n', b'\r', b'0', b'9', b'.', b'-', b'e', b'a', b' ', 0u8, b'$', b'/', b':',
        0xEF, 0xBB, 0xBF,
    ]);
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), byte).prop_map(|(i, b)| Mutation::Replace(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::DuplicateLine),
    ]
}

fn mutate(mut b: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        if b.is_empty() {
            break;
        }
        let n = b.len();
        match *m {
            Mutation::Delete(i) => {
                b.remove(i % n);
            }
            Mutation::Insert(i, c) => b.insert(i % (n + 1), c),
            Mutation::Replace(i, c) => b[i % n] = c,
            Mutation::Truncate(i) => b.truncate(i % n),
            Mutation::DuplicateLine(i) => {
                let lines: Vec<&[u8]> = b.split_inclusive(|&c| c == b'\n').collect();
                let k = i % lines.len();
                let mut out = Vec::with_capacity(n * 2);
                for (j, l) in lines.iter().enumerate() {
                    out.extend_from_slice(l);
                    if j == k {
                        out.extend_from_slice(l);
                    }
                }
                b = out;
            }
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_layout_reads_back_exactly(g in series(), k in 0..LAYOUTS, eol in prop::sample::select(vec!["\n", "\r\n", "\r"]), bom in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let text = render(&g, k, eol);
        let text = if bom { format!("\u{feff}{text}") } else { text };
        let got = read_prices(&write(dir.path(), text.as_bytes())).unwrap();
        let (days, prices) = got.expect("a valid file is read");
        prop_assert_eq!(&days, &g.days);
        let want: Vec<f64> = g.cents.iter().map(|c| price(*c).parse().unwrap()).collect();
        prop_assert_eq!(prices, want);
    }
}

/// Cases of the mutation tests: 512 in the test suite, more with `PROPTEST_CASES`.
fn mutation_cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: mutation_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_price_files_give_their_own_numbers_or_an_error(
        g in series(),
        k in 0..LAYOUTS,
        muts in proptest::collection::vec(mutation(), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let text = render(&g, k, "\n");
        let bytes = mutate(text.into_bytes(), &muts);
        let got = read_prices(&write(dir.path(), &bytes));
        prop_assert!(got.is_ok(), "{}", got.unwrap_err());
        if let Some((days, prices)) = got.unwrap() {
            // Every value read is the value of its own row's price column.
            let rows = oracle(&bytes);
            for (d, p) in days.iter().zip(&prices) {
                let found = rows.iter().any(|(rd, cells)| {
                    *rd == Some(*d)
                        && cells.iter().any(|cell| match cell_value(cell) {
                            Some(v) => v == *p,
                            None => p.is_nan(),
                        })
                });
                prop_assert!(found, "{} read as {} is in no row of {:?}", date::format(*d), p, String::from_utf8_lossy(&bytes));
            }
        }
    }
}

fn text_cell() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", "Z", " ", ",", "\"", "\n", "é", "Foo", "&", "'", ";", "1",
        ]),
        1..8,
    )
    .prop_map(|parts| parts.concat().trim().to_string())
    .prop_filter("a name", |s| {
        !s.is_empty() && !s.eq_ignore_ascii_case("null")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn events_written_by_the_tool_read_back_identically(
        names in prop::collection::vec(text_cell(), 1..12),
        eol_cr in any::<bool>(),
    ) {
        let evs: Vec<Event> = names
            .iter()
            .enumerate()
            .map(|(i, n)| Event {
                id: format!("E{i}"),
                company: n.clone(),
                ticker: Some("ACME".into()),
                date: date::days_from_civil(2024, 1, 1) + i as i32,
                laid_off: Some(f64::from(i as u32 * 10 + 1)),
                pct_laid_off: Some(0.05),
                industry: "Retail".into(),
                country: "United States".into(),
                stage: "Post-IPO".into(),
                source: n.clone(),
                matched_by: "column".into(),
                confidence: None,
                sec_date: None,
                cik: None,
                exchange: None,
                timing: Default::default(),
            })
            .collect();
        let mut text = String::from_utf8(OutputFormat::Csv.render(&events::events_table(&evs))).unwrap();
        if eol_cr {
            text = text.replace('\n', "\r\n");
        }
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ev.csv");
        std::fs::write(&p, &text).unwrap();
        let back = events::read(&p, None).unwrap();
        let got: Vec<(String, String, Day)> = back.events.iter().map(|e| (e.company.clone(), e.source.clone(), e.date)).collect();
        let want: Vec<(String, String, Day)> = evs
            .iter()
            .map(|e| {
                let v = if eol_cr { e.company.replace('\n', "\r\n") } else { e.company.clone() };
                (v.clone(), v, e.date)
            })
            .collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn mutated_events_files_never_panic(
        muts in proptest::collection::vec(mutation(), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("layoffs.csv");
        let text = "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added\n\
            Amazon,Seattle,16000.0,1/28/2026,,Retail,https://example.org/a,Post-IPO,8100,United States,1/28/2026\n\
            \"Foo \"\"Bar\"\" Inc\",SF Bay Area,700.0,1/27/2026,0.15,Consumer,https://example.org/b,Post-IPO,1500,United States,1/27/2026\n";
        let bytes = mutate(text.as_bytes().to_vec(), &muts);
        std::fs::write(&p, &bytes).unwrap();
        let r = std::panic::catch_unwind(|| events::read(&p, None).map(|r| r.events.len()));
        prop_assert!(r.is_ok(), "the events reader panicked on {:?}", String::from_utf8_lossy(&bytes));
    }
}
