//! Event time on real dates (METHODS §9): the SEC's real submissions files of Expedia,
//! Microsoft, Tesla and Apple served from 127.0.0.1 with filing headers written on the New
//! York clock, the real prices of the shared data, and real earnings calendars as
//! confounders files: the layoff filing, day 0 by `--day0`, confounders, exclusion, the
//! cache, the pacing of requests, and hostile submissions.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::common::*;
use super::fetch::{Reply, Server, serve};

const UA: &str = "layoff-study tests tests@example.org";
const SUBMISSIONS: &str = "sec_edgar_submissions_edgartools";
const PRICES: &str = "prices_close_only_dsturdy_2026-08";

/// Acceptance times of the filing headers, on the New York clock (EDGAR's header format),
/// from the SEC's JSON times converted by hand: Expedia's 2.05 8-K 22:00:31Z in February
/// (EST), Microsoft's 7.01 8-K 14:15:37Z and its earnings 21:28:00Z in January (EST),
/// Tesla's 8.01 8-K 10:07:17Z in April (EDT), Apple's earnings release at 16:30:30 New York
/// time (its JSON reads 16:30:30Z: the New York clock with a Z).
const HEADERS: &[(&str, &str)] = &[
    ("0001324424-24-000009", "20240226170031"),
    ("0001193125-23-009934", "20230118091537"),
    ("0001193125-23-014230", "20230124162800"),
    ("0000950170-24-044588", "20240416060717"),
    ("0000320193-24-000005", "20240201163030"),
];

/// Serves the submissions folder at /submissions/ and the headers of [`HEADERS`] under
/// /Archives/edgar/data/; anything else is a 404.
fn sec_server(data: &Path) -> Server {
    let dir = data.join(SUBMISSIONS);
    let headers: HashMap<String, String> = HEADERS
        .iter()
        .map(|(a, t)| (a.to_string(), t.to_string()))
        .collect();
    serve(move |target, _| {
        if let Some(name) = target.strip_prefix("/submissions/") {
            return match std::fs::read(dir.join(name)) {
                Ok(b) if !name.contains('/') => Reply::Full(200, vec![], b),
                _ => Reply::Full(404, vec![], b"not found".to_vec()),
            };
        }
        let acc = target
            .rsplit('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".hdr.sgml");
        match headers.get(acc) {
            Some(t) => Reply::Full(
                200,
                vec![],
                format!(
                    "<SEC-HEADER>{acc}.hdr.sgml : {}\n<ACCEPTANCE-DATETIME>{t}\nACCESSION NUMBER:\t\t{acc}\nCONFORMED SUBMISSION TYPE:\t8-K\n</SEC-HEADER>\n",
                    &t[..8]
                )
                .into_bytes(),
            ),
            None => Reply::Full(404, vec![], b"not found".to_vec()),
        }
    })
}

/// Real layoff events: Expedia's of 2024-02-26 (an Item 2.05 8-K that evening), Microsoft's
/// 10,000 cuts of 2023-01-18 (an 8-K under Item 7.01 before the open) and Tesla's of
/// 2024-04-15 (an 8-K under 8.01 the next morning).
fn events_file(dir: &Path) -> PathBuf {
    let p = dir.join("events.csv");
    std::fs::write(
        &p,
        "event_id,company,ticker,cik,announce_date\n\
         expe,Expedia,EXPE,1324424,2024-02-26\n\
         msft,Microsoft,MSFT,789019,2023-01-18\n\
         tsla,Tesla,TSLA,1318605,2024-04-15\n",
    )
    .unwrap();
    p
}

fn run_in(cache: &Path, args: &[&str]) -> std::process::Output {
    bin()
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        .output()
        .unwrap()
}

fn ok_in(cache: &Path, args: &[&str]) -> String {
    let out = run_in(cache, args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?} failed: {err}");
    err
}

fn study_args<'a>(data: &'a str, events: &'a str, out: &'a str) -> Vec<&'a str> {
    vec![
        "study", "--prices", data, "--market", "SPY", "--events", events, "--out", out, "--window",
        "0:0", "--window", "-1:1",
    ]
}

#[test]
fn layoff_filings_from_the_sec_with_header_times_paced_and_cached() {
    let Some(data) = real_data() else { return };
    let server = sec_server(&data);
    let tmp = tempfile::tempdir().unwrap();
    let events = events_file(tmp.path());
    let out = tmp.path().join("events_out.csv");
    let args = [
        "events",
        events.to_str().unwrap(),
        "--sec-filings",
        "auto",
        "--sec-base-url",
        &server.base,
        "--user-agent",
        UA,
        "--filing-items",
        "2.05,7.01,8.01",
        "-o",
        out.to_str().unwrap(),
    ];
    let started = Instant::now();
    ok_in(tmp.path(), &args);
    let took = started.elapsed();
    let t = Csv::read(&out);
    let expect = [
        (
            "expe",
            "0001324424-24-000009",
            "2024-02-26T17:00:31-05:00",
            "2.05",
        ),
        (
            "msft",
            "0001193125-23-009934",
            "2023-01-18T09:15:37-05:00",
            "7.01,9.01",
        ),
        (
            "tsla",
            "0000950170-24-044588",
            "2024-04-16T06:07:17-04:00",
            "5.02,8.01",
        ),
    ];
    for (id, acc, time, items) in expect {
        assert_eq!(t.at(("event_id", id), "filing_accession"), acc, "{id}");
        assert_eq!(t.at(("event_id", id), "filing_time"), time, "{id}");
        assert_eq!(t.at(("event_id", id), "filing_items"), items, "{id}");
        assert_eq!(
            t.at(("event_id", id), "filing_time_source"),
            "header",
            "{id}"
        );
        assert_eq!(t.at(("event_id", id), "round"), "1", "{id}");
    }
    assert_eq!(t.at(("event_id", "expe"), "cik"), "1324424");
    // Only the events' companies were asked for, and at most 10 requests a second.
    let hits = server.hits.lock().unwrap().clone();
    let mains: Vec<_> = hits
        .iter()
        .filter(|h| h.starts_with("/submissions/"))
        .collect();
    assert_eq!(mains.len(), 3, "{hits:?}");
    assert!(hits.iter().all(|h| !h.contains("320193")), "{hits:?}");
    assert!(
        took.as_secs_f64() >= 0.1 * (hits.len() - 1) as f64,
        "{} requests in {took:?}",
        hits.len()
    );
    // Again: everything comes from the cache, nothing is asked.
    ok_in(tmp.path(), &args);
    assert_eq!(server.hits.lock().unwrap().len(), hits.len());
    assert_eq!(Csv::read(&out).rows, t.rows);
}

#[test]
fn day0_confounders_and_exclusion_on_real_dates() {
    let Some(data) = real_data() else { return };
    let server = sec_server(&data);
    let tmp = tempfile::tempdir().unwrap();
    let events = events_file(tmp.path());
    let prices = data.join(PRICES);
    let (p, e) = (prices.to_str().unwrap(), events.to_str().unwrap());
    let sec = [
        "--sec-filings",
        "auto",
        "--sec-base-url",
        &server.base,
        "--user-agent",
        UA,
        "--filing-items",
        "2.05,7.01,8.01",
        "--confound-window=-5:5",
    ];
    let study = |rule: &str, extra: &[&str]| {
        let out = tmp.path().join(format!("study_{rule}_{}", extra.len()));
        let mut a = study_args(p, e, out.to_str().unwrap());
        a.extend(sec);
        a.extend(["--day0", rule]);
        a.extend(extra);
        ok_in(tmp.path(), &a);
        out
    };
    let out = study("filing", &[]);
    let cars = Csv::read(&out.join("cars.csv"));
    let row = |id: &'static str| ("event_id", id);
    // Expedia filed at 17:00:31, after the close: day 0 is the next trading day.
    assert_eq!(cars.at(row("expe"), "day0"), "2024-02-27");
    assert_eq!(cars.at(row("expe"), "day0_source"), "filing");
    // Microsoft's 8-K came before the open on the reported day.
    assert_eq!(cars.at(row("msft"), "day0"), "2023-01-18");
    // Its earnings 8-K of 2023-01-24 16:28 counts from Wednesday the 25th: day +5.
    assert_eq!(
        cars.at(row("msft"), "confounders"),
        "earnings 8-K 2023-01-24 16:28 ET (day 5)"
    );
    assert_eq!(cars.at(row("expe"), "confounders"), "");
    // Tesla's 8-K of Tuesday 06:07 moves day 0 from Monday the 15th.
    assert_eq!(cars.at(row("tsla"), "day0"), "2024-04-16");
    let notes = std::fs::read_to_string(out.join("study.txt")).unwrap();
    assert!(
        notes.contains("3 of 3 studied events have a layoff filing"),
        "{notes}"
    );
    assert!(notes.contains("day 0 moved for 2 events (0 announced at or after the 16:00 close, 2 by the layoff filing)"), "{notes}");
    assert!(
        notes.contains("confounders: 1 of 3 studied events"),
        "{notes}"
    );
    // The earliest instant: the reported dates (00:00) come first.
    let early = Csv::read(&study("earliest", &[]).join("cars.csv"));
    assert_eq!(early.at(row("expe"), "day0"), "2024-02-26");
    assert_eq!(early.at(row("tsla"), "day0"), "2024-04-15");
    assert_eq!(early.at(row("tsla"), "day0_source"), "reported");
    // Dropped: Microsoft is excluded with its confounder.
    let dropped = study("filing", &["--confounded", "drop"]);
    let x = Csv::read(&dropped.join("excluded.csv"));
    assert_eq!(
        x.at(row("msft"), "reason"),
        "confounded: earnings 8-K 2023-01-24 16:28 ET (day 5)"
    );
    assert_eq!(Csv::read(&dropped.join("cars.csv")).rows.len(), 2 * 2);
    // Grouped: clean and confounded.
    let grouped = study("filing", &["--group-by", "confounded"]);
    let s = Csv::read(&grouped.join("summary.csv"));
    let n = |g: &str| {
        s.rows
            .iter()
            .find(|r| r[0] == g && r[1] == "0:0")
            .map(|r| r[2].clone())
    };
    assert_eq!(n("clean").as_deref(), Some("2"));
    assert_eq!(n("confounded").as_deref(), Some("1"));
}

/// Apple's JSON times are the New York clock with a Z: read as UTC, its earnings release of
/// 2024-02-01 16:30 would be 11:30 and count on the 1st; the header says 16:30, so it counts
/// on Friday the 2nd, day -1 of an event on Monday the 5th.
#[test]
fn the_header_time_not_the_json_decides_the_trading_day() {
    let Some(data) = real_data() else { return };
    let server = sec_server(&data);
    let tmp = tempfile::tempdir().unwrap();
    let events = tmp.path().join("aapl.csv");
    std::fs::write(&events, "ticker,cik,date\nAAPL,320193,2024-02-05\n").unwrap();
    let prices = data.join(PRICES);
    let (p, e) = (prices.to_str().unwrap(), events.to_str().unwrap());
    let folder = data.join(SUBMISSIONS);
    let from_json = tmp.path().join("json");
    let mut a = study_args(p, e, from_json.to_str().unwrap());
    a.extend(["--sec-filings", folder.to_str().unwrap()]);
    let err = ok_in(tmp.path(), &a);
    assert!(
        err.contains("filing times from the submissions JSON only"),
        "{err}"
    );
    let cars = Csv::read(&from_json.join("cars.csv"));
    assert_eq!(cars.at(("ticker", "AAPL"), "confounders"), "");
    let from_header = tmp.path().join("header");
    let mut a = study_args(p, e, from_header.to_str().unwrap());
    a.extend([
        "--sec-filings",
        "auto",
        "--sec-base-url",
        &server.base,
        "--user-agent",
        UA,
    ]);
    ok_in(tmp.path(), &a);
    let cars = Csv::read(&from_header.join("cars.csv"));
    assert_eq!(
        cars.at(("ticker", "AAPL"), "confounders"),
        "earnings 8-K 2024-02-01 16:30 ET (day -1)"
    );
}

/// Real earnings calendars as confounders files: Zacks' (AMZN `amc` on 03/08/2023, day
/// first) and the Item 2.02 dates of 515 tickers (AMZN 2023-08-03, no time).
#[test]
fn real_earnings_calendars_as_confounders_files() {
    let Some(data) = real_data() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let events = tmp.path().join("amzn.csv");
    std::fs::write(
        &events,
        "ticker,date,announce_time\nAMZN,2023-08-04,\nAMZN,2023-07-27,16:30\n",
    )
    .unwrap();
    let prices = data.join(PRICES);
    let (p, e) = (prices.to_str().unwrap(), events.to_str().unwrap());
    let earnings = data.join("earnings_dates_mixed");
    let zacks = earnings.join("zacks_calendar_robjjones_2023q3/earnings.csv");
    let item202 = earnings.join("edgar_item202_albertperez7/merged_earnings.csv");
    let out = tmp.path().join("zacks");
    let mut a = study_args(p, e, out.to_str().unwrap());
    a.extend(["--confounders", zacks.to_str().unwrap()]);
    ok_in(tmp.path(), &a);
    let cars = Csv::read(&out.join("cars.csv"));
    assert_eq!(
        cars.at(("event_id", "1"), "confounders"),
        "earnings 2023-08-03 16:00 ET (day 0)"
    );
    // Announced Thursday 2023-07-27 at 16:30: day 0 is Friday the 28th.
    assert_eq!(cars.at(("event_id", "2"), "day0"), "2023-07-28");
    assert_eq!(cars.at(("event_id", "2"), "confounders"), "");
    let out = tmp.path().join("item202");
    let mut a = study_args(p, e, out.to_str().unwrap());
    a.extend(["--confounders", item202.to_str().unwrap()]);
    ok_in(tmp.path(), &a);
    let cars = Csv::read(&out.join("cars.csv"));
    assert_eq!(
        cars.at(("event_id", "1"), "confounders"),
        "earnings 2023-08-03 (day -1)"
    );
    let notes = std::fs::read_to_string(out.join("study.txt")).unwrap();
    assert!(
        notes.contains("1 announced at or after the 16:00 close"),
        "{notes}"
    );
}

#[test]
fn hostile_submissions_and_ciks_are_refused_with_the_file_named() {
    let Some(data) = real_data() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("subs");
    std::fs::create_dir(&dir).unwrap();
    // Expedia's file served as Apple's: not its own CIK.
    std::fs::copy(
        data.join(SUBMISSIONS).join("CIK0001324424.json"),
        dir.join("CIK0000320193.json"),
    )
    .unwrap();
    let events = tmp.path().join("e.csv");
    std::fs::write(&events, "ticker,cik,date\nAAPL,320193,2024-02-05\n").unwrap();
    let out = tmp.path().join("o.csv");
    let args = |ev: &Path| {
        vec![
            "events".to_string(),
            ev.to_string_lossy().into_owned(),
            "--sec-filings".into(),
            dir.to_string_lossy().into_owned(),
            "-o".into(),
            out.to_string_lossy().into_owned(),
        ]
    };
    let a = args(&events);
    let r = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert!(
        err.contains("CIK0000320193.json") && err.contains("not of CIK 320193"),
        "{err}"
    );
    assert!(!out.exists());
    // A truncated file.
    let body = std::fs::read(data.join(SUBMISSIONS).join("CIK0000320193.json")).unwrap();
    std::fs::write(dir.join("CIK0000320193.json"), &body[..body.len() / 3]).unwrap();
    let r = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("not an SEC submissions file"));
    // A CIK that is a path never reaches a file name.
    std::fs::write(&events, "ticker,cik,date\nAAPL,../../etc,2024-02-05\n").unwrap();
    let r = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert!(
        err.contains("line 2") && err.contains("(cik)") && err.contains("not a CIK"),
        "{err}"
    );
    // A day 0 from filings without filings (none given, none in the events file) is a
    // usage error, and no study folder is left behind.
    std::fs::write(&events, "ticker,date\nAAPL,2024-02-05\n").unwrap();
    let study_out = tmp.path().join("study");
    let prices = data.join(PRICES);
    let r = run(&[
        "study",
        "--prices",
        prices.to_str().unwrap(),
        "--events",
        events.to_str().unwrap(),
        "--out",
        study_out.to_str().unwrap(),
        "--day0",
        "filing",
    ]);
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--day0") && err.contains("--sec-filings"),
        "{err}"
    );
    assert!(!study_out.exists());
}

/// The report puts the CAAR of clean and confounded events side by side: each side equals
/// the study's own group of that name (`--group-by confounded`), on real events with the
/// Item 2.02 dates of 515 tickers.
#[test]
fn the_report_shows_clean_and_confounded_events_side_by_side() {
    let Some(data) = real_data() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let events = tmp.path().join("events.csv");
    let sec = data.join("ticker_mapping/sec_company_tickers.json");
    ok(&[
        "events",
        "-q",
        data.join("layoffs_fyi_2026/layoffs.csv").to_str().unwrap(),
        "--sec",
        sec.to_str().unwrap(),
        "--public-only",
        "--from",
        "2020-06-01",
        "--to",
        "2023-12-31",
        "-o",
        events.to_str().unwrap(),
    ]);
    let item202 = data.join("earnings_dates_mixed/edgar_item202_albertperez7/merged_earnings.csv");
    let out = tmp.path().join("report");
    ok(&[
        "report",
        "-q",
        "--prices",
        data.join(PRICES).to_str().unwrap(),
        "--market",
        "SPY",
        "--events",
        events.to_str().unwrap(),
        "--confounders",
        item202.to_str().unwrap(),
        "--group-by",
        "confounded",
        "--window",
        "0:0",
        "--out",
        out.to_str().unwrap(),
    ]);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let at = md
        .find("## Clean and confounded events")
        .expect("the section");
    let row = md[at..]
        .lines()
        .find(|l| l.starts_with("| 0:0"))
        .expect("the 0:0 row");
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    let s = Csv::read(&out.join("summary.csv"));
    let group = |g: &str| {
        s.rows
            .iter()
            .find(|r| r[0] == g && r[1] == "0:0")
            .unwrap_or_else(|| panic!("no group {g}"))
            .clone()
    };
    let pct = |v: &str| format!("{:+.2} %", v.parse::<f64>().unwrap() * 100.0);
    let (clean, confounded) = (group("clean"), group("confounded"));
    assert_eq!(cells[2], clean[2], "N clean: {row}");
    assert_eq!(cells[3], pct(&clean[3]), "CAAR clean: {row}");
    assert_eq!(cells[6], confounded[2], "N confounded: {row}");
    assert_eq!(cells[7], pct(&confounded[3]), "CAAR confounded: {row}");
    assert!(confounded[2].parse::<usize>().unwrap() > 0);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Clean and confounded events"));
    // The chart of both lines, beside the report and in it.
    let png = std::fs::read(out.join("caar_clean_confounded.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000);
    assert!(md.contains("(caar_clean_confounded.png)"));
}
