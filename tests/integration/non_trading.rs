//! Day 0 of announcements on a Saturday (2024-01-13) and a market holiday (2024-01-15,
//! Martin Luther King Jr. Day) under each --non-trading policy.

use super::common::*;

fn events_run(policy: &str) -> (Csv, String) {
    let prices = fixture("layouts/close_only");
    let market = fixture("market/MKT.csv");
    let events = fixture("events.csv");
    let out = run(&[
        "returns",
        "--prices",
        &prices,
        "--market",
        &market,
        "--events",
        &events,
        "--non-trading",
        policy,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        Csv::parse(&String::from_utf8_lossy(&out.stdout)),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn next_moves_weekend_and_holiday_to_tuesday() {
    let (t, _) = events_run("next");
    // Events 2 (Saturday) and 3 (holiday) both land on Tue 2024-01-16: 100 / 101.9592 - 1.
    for id in ["2", "3"] {
        let r = t.row_where("event_id", id);
        assert_eq!(t.get(r, "day0"), "2024-01-16");
        assert_eq!(t.get(r, "prev_date"), "2024-01-12");
        close(t.num(r, "return"), 100.0 / 101.9592 - 1.0, EXACT, id);
        // Market 402 / 400 - 1.
        close(t.num(r, "market_return"), 402.0 / 400.0 - 1.0, EXACT, id);
    }
}

#[test]
fn previous_moves_them_to_friday() {
    let (t, _) = events_run("previous");
    for id in ["2", "3"] {
        let r = t.row_where("event_id", id);
        assert_eq!(t.get(r, "day0"), "2024-01-12");
        close(t.num(r, "return"), 101.9592 / 99.96 - 1.0, EXACT, id);
    }
}

#[test]
fn skip_excludes_them_with_a_reason() {
    let (t, err) = events_run("skip");
    assert_eq!(t.rows.len(), 1, "only the Wednesday event remains");
    assert_eq!(t.get(0, "event_id"), "1");
    assert!(err.contains("not a trading date"), "{err}");
}

#[test]
fn a_ticker_without_prices_is_an_exclusion_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let ex = dir.path().join("excluded.csv");
    let prices = fixture("layouts/close_only");
    let market = fixture("market/MKT.csv");
    let events = fixture("events.csv");
    let out = run(&[
        "returns",
        "--prices",
        &prices,
        "--market",
        &market,
        "--events",
        &events,
        "--excluded",
        ex.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let x = Csv::parse(&std::fs::read_to_string(&ex).unwrap());
    assert_eq!(x.header, ["event_id", "ticker", "announce_date", "reason"]);
    let r = x.row_where("ticker", "NOPE");
    assert_eq!(x.get(r, "reason"), "no prices for ticker NOPE");
}
