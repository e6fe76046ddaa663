//! Yearly performance on a hand-made series, including a year the data does not complete.

use super::common::*;

fn write_prices(dir: &std::path::Path) {
    std::fs::write(
        dir.join("ACME.csv"),
        "Date,Close\n2022-12-29,90\n2022-12-30,100\n2023-06-30,150\n2023-12-28,170\n2023-12-29,180\n2024-01-02,171\n2024-03-08,198\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("MKT.csv"),
        "Date,Close\n2022-12-29,400\n2022-12-30,400\n2023-06-30,420\n2023-12-28,430\n2023-12-29,440\n2024-01-02,450\n2024-03-08,460\n",
    )
    .unwrap();
}

#[test]
fn full_and_incomplete_years() {
    let dir = tempfile::tempdir().unwrap();
    write_prices(dir.path());
    let p = dir.path().to_str().unwrap();
    let t = Csv::parse(&ok(&[
        "performance",
        "--prices",
        p,
        "--market",
        "MKT",
        "--tickers",
        "ACME",
    ]));
    assert_eq!(
        t.header,
        [
            "ticker",
            "year",
            "start_date",
            "start_price",
            "end_date",
            "end_price",
            "return",
            "market_return",
            "excess_return",
            "complete"
        ]
    );
    let y23 = t.row_where("year", "2023");
    assert_eq!(t.get(y23, "start_date"), "2022-12-30");
    assert_eq!(t.get(y23, "end_date"), "2023-12-29");
    close(t.num(y23, "return"), 180.0 / 100.0 - 1.0, EXACT, "2023");
    close(
        t.num(y23, "market_return"),
        440.0 / 400.0 - 1.0,
        EXACT,
        "market 2023",
    );
    close(t.num(y23, "excess_return"), 0.8 - 0.1, EXACT, "excess 2023");
    assert_eq!(t.get(y23, "complete"), "true");
    // 2024 ends on 2024-03-08 in the data: the last date available, not complete.
    let y24 = t.row_where("year", "2024");
    assert_eq!(t.get(y24, "end_date"), "2024-03-08");
    close(t.num(y24, "return"), 198.0 / 180.0 - 1.0, EXACT, "2024");
    assert_eq!(t.get(y24, "complete"), "false");
    // 2022: the data starts inside the year.
    let y22 = t.row_where("year", "2022");
    assert_eq!(t.get(y22, "complete"), "false");
    close(t.num(y22, "return"), 100.0 / 90.0 - 1.0, EXACT, "2022");
}

#[test]
fn year_selection() {
    let dir = tempfile::tempdir().unwrap();
    write_prices(dir.path());
    let p = dir.path().to_str().unwrap();
    let t = Csv::parse(&ok(&[
        "performance",
        "--prices",
        p,
        "--market",
        "MKT",
        "--year",
        "2023",
    ]));
    assert_eq!(t.rows.len(), 2, "ACME and MKT, 2023 only");
    let t = Csv::parse(&ok(&[
        "performance",
        "--prices",
        p,
        "--market",
        "MKT",
        "--tickers",
        "ACME",
        "--from",
        "2023",
        "--to",
        "2024",
    ]));
    assert_eq!(t.rows.len(), 2);
    let out = run(&["performance", "--prices", p, "--tickers", "ZZZZ"]);
    assert_eq!(out.status.code(), Some(2));
}
