//! `events`: layouts, clean-up, ticker matching and the unmatched file.

use super::common::*;

fn events(args: &[&str]) -> (Csv, Csv, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.csv");
    let mut a = vec!["events"];
    a.extend_from_slice(args);
    a.extend(["-o", out.to_str().unwrap()]);
    let r = run(&a);
    let err = String::from_utf8_lossy(&r.stderr).into_owned();
    assert!(r.status.success(), "{err}");
    let ev = Csv::parse(&std::fs::read_to_string(&out).unwrap());
    let un = Csv::parse(&std::fs::read_to_string(dir.path().join("events_unmatched.csv")).unwrap());
    (ev, un, err)
}

#[test]
fn warn_table_with_sec_matching_and_ambiguity() {
    let warn = fixture("warn.csv");
    let sec = fixture("sec_small.json");
    let (ev, un, _) = events(&[&warn, "--sec", &sec]);
    assert_eq!(
        ev.header,
        [
            "event_id",
            "company",
            "ticker",
            "announce_date",
            "laid_off",
            "pct_laid_off",
            "industry",
            "country",
            "stage",
            "source",
            "matched_by",
            "confidence",
            "sec_list_date",
            "cik",
            "announce_time",
            "filing_time",
            "filing_items",
            "filing_accession",
            "filing_time_source",
            "round",
            "days_since_previous"
        ]
    );
    // "Amazon.com Services LLC", a legal employer, is Amazon: "Services" and "LLC" are a
    // subsidiary's words, ".com" is dropped.
    let a = ev.row_where("event_id", "1");
    assert_eq!(ev.get(a, "ticker"), "AMZN");
    assert_eq!(ev.get(a, "matched_by"), "legal-entity");
    assert_eq!(ev.get(a, "confidence"), "0.92");
    // Two SEC companies normalise to "acme widgets": no guess.
    let r = un.row_where("event_id", "2");
    assert!(
        un.get(r, "reason")
            .starts_with("ambiguous: 2 SEC companies match"),
        "{}",
        un.get(r, "reason")
    );
    let b = ev.row_where("event_id", "2");
    assert_eq!(ev.get(b, "laid_off"), "1250");
    assert_eq!(ev.get(b, "announce_date"), "2024-01-15");
    assert_eq!(
        ev.get(b, "country"),
        "CA",
        "the state goes in the country column"
    );
    assert_eq!(un.rows.len(), 2);
}

#[test]
fn override_wins_over_sec_and_public_only_keeps_tickers() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.csv");
    std::fs::write(
        &map,
        "company,ticker\nAcme Widgets Inc,ACW\n Amazon.com Services LLC ,AMZN\n",
    )
    .unwrap();
    let warn = fixture("warn.csv");
    let sec = fixture("sec_small.json");
    let (ev, _, _) = events(&[
        &warn,
        "--sec",
        &sec,
        "--tickers",
        map.to_str().unwrap(),
        "--public-only",
    ]);
    assert_eq!(ev.rows.len(), 2);
    for r in 0..2 {
        assert_eq!(ev.get(r, "matched_by"), "override");
    }
}

#[test]
fn layoffs_fyi_2026_export() {
    let Some(data) = real_data() else { return };
    let f = data.join("layoffs_fyi_2026/layoffs.csv");
    let sec = data.join("ticker_mapping/sec_company_tickers.json");
    let (ev, un, err) = events(&[f.to_str().unwrap(), "--sec", sec.to_str().unwrap()]);
    // 4,277 rows; 21 repeats of a company on one date are dropped and reported.
    assert_eq!(ev.rows.len() + 21, 4277);
    assert!(err.contains("21 repeated events dropped"), "{err}");
    // Amazon, Prime Video / MGM Studios, 2024-01-10: empty count, matched through the SEC name.
    let amzn = (0..ev.rows.len())
        .find(|&r| ev.get(r, "company") == "Amazon" && ev.get(r, "announce_date") == "2024-01-10")
        .expect("Amazon 2024-01-10");
    assert_eq!(ev.get(amzn, "ticker"), "AMZN");
    assert_eq!(ev.get(amzn, "matched_by"), "normalised");
    assert_eq!(ev.get(amzn, "laid_off"), "");
    // 16000.0 is written as a count.
    assert_eq!(ev.get(0, "laid_off"), "16000");
    // Twitch (stage Acquired) maps to Amazon through the built-in aliases.
    let twitch = (0..ev.rows.len())
        .find(|&r| ev.get(r, "company") == "Twitch" && ev.get(r, "announce_date") == "2024-01-09");
    let twitch = twitch.expect("Twitch 2024-01-09");
    assert_eq!(
        (ev.get(twitch, "ticker"), ev.get(twitch, "matched_by")),
        ("AMZN", "alias")
    );
    // Names are trimmed; private companies stay, without a ticker, and are listed with why.
    assert!(ev.rows.iter().all(|r| r[1] == r[1].trim()));
    let seed = un
        .rows
        .iter()
        .find(|r| r[3] == "Seed")
        .expect("a seed-stage company");
    assert_eq!(seed[4], "not listed (stage Seed)");
    let with = ev.rows.iter().filter(|r| !r[2].is_empty()).count();
    assert!(with > 500, "{with} events with a ticker");
}

#[test]
fn kaggle_2023_export() {
    let Some(data) = real_data() else { return };
    let f = data.join("layoffs_kaggle_2023/layoffs.csv");
    let (ev, _, err) = events(&[f.to_str().unwrap()]);
    // 2,361 rows: 1 without a date, 14 repeats (5 exact duplicates among them).
    assert_eq!(ev.rows.len(), 2361 - 1 - 14);
    assert!(err.contains("1 rows") && err.contains("no date"), "{err}");
    assert!(
        ev.rows.iter().all(|r| r[7] != "United States."),
        "trailing dot cleaned"
    );
    assert!(
        ev.rows
            .iter()
            .all(|r| r[4] != "NULL" && r[5] != "NULL" && r[8] != "NULL")
    );
}

#[test]
fn a_state_warn_export_with_its_own_column_names() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("mt.csv");
    std::fs::write(&f, "Name of Company,County,Date of Notice,Number of Employees Affected\nAcme Widgets Inc,Gallatin,2024-01-15,\"1,250\"\n").unwrap();
    let (ev, _, _) = events(&[f.to_str().unwrap(), "--events-format", "warn"]);
    assert_eq!(ev.get(0, "company"), "Acme Widgets Inc");
    assert_eq!(ev.get(0, "announce_date"), "2024-01-15");
    assert_eq!(ev.get(0, "laid_off"), "1250");
}
