//! Bad price files: each gets a message naming the file, line and column, exit code 1, no
//! panic, and no output file left behind.

use std::path::Path;

use super::common::*;

/// Writes `ACME.csv` with `content` next to a good market file, runs `returns -o out.csv`,
/// and checks the failure. Returns stderr.
fn fails_with(content: &[u8], expect: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let prices = dir.path().join("prices");
    std::fs::create_dir(&prices).unwrap();
    std::fs::write(prices.join("ACME.csv"), content).unwrap();
    std::fs::copy(fixtures().join("market/MKT.csv"), prices.join("MKT.csv")).unwrap();
    let out_file = dir.path().join("out.csv");
    let out = run(&[
        "returns",
        "--prices",
        prices.to_str().unwrap(),
        "--market",
        "MKT",
        "--ticker",
        "ACME",
        "--date",
        "2024-01-10",
        "-o",
        out_file.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "exit code; stderr:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("ACME.csv"), "names the file: {err}");
    for e in expect {
        assert!(err.contains(e), "expected {e:?} in: {err}");
    }
    assert!(!out_file.exists(), "no output file is left behind");
    assert_no_temporary_files(dir.path());
    // The input file is unchanged.
    assert_eq!(std::fs::read(prices.join("ACME.csv")).unwrap(), content);
    err
}

fn assert_no_temporary_files(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name();
        assert!(
            !name.to_string_lossy().starts_with(".layoff-study-"),
            "{name:?}"
        );
    }
}

#[test]
fn missing_date_column() {
    fails_with(
        b"Open,Close\n1,2\n",
        &["line 1", "no date column", "Open,Close"],
    );
}

#[test]
fn missing_price_column() {
    fails_with(
        b"Date,Volume\n2024-01-10,5\n",
        &["line 1", "no price column"],
    );
}

#[test]
fn unparseable_date() {
    fails_with(
        b"Date,Close\n2024-01-09,100\n2024-13-45,101\n",
        &[
            "line 3",
            "column 1 (Date)",
            "2024-13-45",
            "expected YYYY-MM-DD",
        ],
    );
}

#[test]
fn non_numeric_price() {
    fails_with(
        b"Date,Close\n2024-01-09,100\n2024-01-10,abc\n",
        &["line 3", "column 2 (Close)", "\"abc\"", "expected a number"],
    );
}

#[test]
fn negative_price() {
    fails_with(
        b"Date,Close\n2024-01-09,100\n2024-01-10,-5\n",
        &["line 3", "column 2 (Close)", "not positive"],
    );
}

#[test]
fn zero_price() {
    fails_with(
        b"Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-09,1,1,1,100,100,5\n2024-01-10,1,1,1,0,0,5\n",
        &["line 3", "column 6 (Adj Close)", "not positive"],
    );
}

#[test]
fn duplicate_date() {
    fails_with(
        b"Date,Close\n2024-01-09,100\n2024-01-10,101\n2024-01-09,102\n",
        &["line 4", "duplicate date 2024-01-09", "also on line 2"],
    );
}

#[test]
fn empty_file() {
    fails_with(b"", &["empty"]);
}

#[test]
fn binary_file() {
    fails_with(
        &[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xfe],
        &["binary"],
    );
}

#[test]
fn header_without_rows() {
    fails_with(b"Date,Close\n", &["no data rows"]);
}

#[test]
fn skip_bad_files_reports_and_exits_partial() {
    let dir = tempfile::tempdir().unwrap();
    let prices = dir.path().join("prices");
    std::fs::create_dir(&prices).unwrap();
    std::fs::write(prices.join("BAD.csv"), b"Date,Close\n2024-01-10,abc\n").unwrap();
    std::fs::copy(
        fixtures().join("layouts/close_only/ACME.csv"),
        prices.join("ACME.csv"),
    )
    .unwrap();
    std::fs::copy(fixtures().join("market/MKT.csv"), prices.join("MKT.csv")).unwrap();
    let out = run(&[
        "returns",
        "--prices",
        prices.to_str().unwrap(),
        "--market",
        "MKT",
        "--ticker",
        "ACME",
        "--date",
        "2024-01-10",
        "--skip-bad-files",
    ]);
    assert_eq!(out.status.code(), Some(4));
    let t = Csv::parse(&String::from_utf8_lossy(&out.stdout));
    close(t.num(0, "return"), 0.02, EXACT, "ACME still computed");
    assert!(String::from_utf8_lossy(&out.stderr).contains("BAD.csv"));
}

#[test]
fn a_file_that_is_not_a_price_file_is_skipped_with_a_note() {
    // Real price folders carry a MANIFEST.csv beside the prices.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("MANIFEST.csv"),
        b"file,bytes,rows\nA.csv,1,2\n",
    )
    .unwrap();
    std::fs::copy(
        fixtures().join("layouts/close_only/ACME.csv"),
        dir.path().join("ACME.csv"),
    )
    .unwrap();
    let market = fixture("market/MKT.csv");
    let out = run(&[
        "returns",
        "--prices",
        dir.path().to_str().unwrap(),
        "--market",
        &market,
        "--ticker",
        "ACME",
        "--date",
        "2024-01-10",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipped"));
}

#[test]
fn bad_usage_exits_2() {
    let out = run(&["returns", "--prices", "x", "--date", "not-a-date"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["performance"]);
    assert_eq!(out.status.code(), Some(2));
}
