//! Hostile and broken inputs, one test per class of defect a mutation fuzzer found: each
//! says what went wrong before and checks the class is gone (a clean error with the exit
//! code of the contract, inputs unchanged, no output outside the output folder).

use std::path::{Path, PathBuf};
use std::process::Output;

use super::common::*;

const YAHOO_HEAD: &str = "Date,Open,High,Low,Close,Adj Close,Volume\n";
const YAHOO_ROWS: &str = "2024-01-08,182.09,185.60,181.50,185.56,185.32,59144500\n\
2024-01-09,183.92,185.15,182.73,185.14,184.90,42841800\n\
2024-01-10,184.35,186.40,183.92,186.19,185.95,46792900\n";

/// A prices folder with `ACME.csv` holding `content` and the fixture market.
fn prices_with(dir: &Path, content: &str) -> PathBuf {
    let prices = dir.join("prices");
    std::fs::create_dir_all(&prices).unwrap();
    std::fs::write(prices.join("ACME.csv"), content).unwrap();
    std::fs::copy(fixtures().join("market/MKT.csv"), prices.join("MKT.csv")).unwrap();
    prices
}

fn returns_on(prices: &Path) -> Output {
    returns_with(prices, "2024-01-10", &[])
}

/// `returns` of ACME on `date` from `prices`, with more flags.
fn returns_with(prices: &Path, date: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "returns",
        "--prices",
        prices.to_str().unwrap(),
        "--market",
        "MKT",
    ];
    args.extend(["--ticker", "ACME", "--date", date, "-q"]);
    args.extend_from_slice(extra);
    run(&args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_data_error(o: &Output, expect: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "exit code; stderr:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    for e in expect {
        assert!(err.contains(e), "expected {e:?} in: {err}");
    }
}

/// A stray comma in the Adj Close cell (185.952713 -> "185,952713") read the price as 185
/// with exit 0; a decimal comma in a Stooq close read 185,14 as 185.
#[test]
fn a_row_with_more_fields_than_its_header_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = YAHOO_ROWS.replace("185.95,", "185,952713,");
    let o = returns_on(&prices_with(dir.path(), &format!("{YAHOO_HEAD}{bad}")));
    assert_data_error(
        &o,
        &["ACME.csv", "line 4", "8 fields where the header has 7"],
    );
    let stooq = "Date,Open,High,Low,Close,Volume\n2024-01-08,182.09,185.6,181.5,185.56,591\n\
                 2024-01-09,183.92,185.15,182.73,185,14,428\n2024-01-10,184.35,186.4,183.92,186.19,467\n";
    let o = returns_on(&prices_with(dir.path(), stooq));
    assert_data_error(&o, &["line 3", "7 fields where the header has 6"]);
    // Fewer fields than the header is an error too.
    let short = YAHOO_ROWS.replace(",46792900", "");
    let o = returns_on(&prices_with(dir.path(), &format!("{YAHOO_HEAD}{short}")));
    assert_data_error(&o, &["line 4", "6 fields where the header has 7"]);
}

/// Absurd values were accepted with exit 0: 1e308, 5e-324, a quoted "1,85" read as 185,
/// dates with trailing text.
#[test]
fn lenient_values_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (row, expect) in [
        ("2024-01-09,1e308", "out of range"),
        ("2024-01-09,5e-324", "out of range"),
        ("2024-01-09,inf", "as a price"),
        ("2024-01-09,\"1,85\"", "as a price"),
        ("2024-01-09 corrupted-row-tail,185.14", "as a date"),
        ("2024-01-09T?,185.14", "as a date"),
    ] {
        let text = format!("Date,Close\n2024-01-08,185.56\n{row}\n2024-01-10,186.19\n");
        let o = returns_on(&prices_with(dir.path(), &text));
        assert_data_error(&o, &["ACME.csv", "line 3", expect]);
    }
    // Thousands separators in the right places are read.
    let text =
        "Date,Close\n2024-01-08,\"1,185.56\"\n2024-01-09,\"1,185.14\"\n2024-01-10,\"1,186.19\"\n";
    let o = returns_on(&prices_with(dir.path(), text));
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A NUL byte after the first 64 KiB slipped into the events output.
#[test]
fn a_nul_byte_anywhere_is_a_binary_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ev.csv");
    let mut text = String::from("ticker,date\n");
    while text.len() < 70_000 {
        text.push_str("AMZN,2024-01-10\n");
    }
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"EV\0IL,2024-01-11\n");
    std::fs::write(&p, &bytes).unwrap();
    let o = run(&["events", p.to_str().unwrap(), "-q"]);
    assert_data_error(&o, &["ev.csv", "NUL"]);
}

/// With the `country` name missing from the header every later column shifted, exit 0.
#[test]
fn an_events_header_one_name_short_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("layoffs.csv");
    std::fs::write(
        &p,
        "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,date_added\n\
         Amazon,Seattle,16000.0,1/28/2026,,Retail,https://example.org/a,Post-IPO,8100,United States,1/28/2026\n",
    )
    .unwrap();
    let o = run(&["events", p.to_str().unwrap(), "-q"]);
    assert_data_error(
        &o,
        &["layoffs.csv", "line 2", "11 fields where the header has 10"],
    );
}

/// A WARN table whose header names one field more than its rows leaves every row out
/// (never read by position); with no row left that is an error, not an empty events file.
#[test]
fn an_events_file_none_of_whose_rows_reads_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("warn.csv");
    std::fs::write(
        &p,
        "Company,City,Affected Workers,Notice Date,Extra,LO/CL Date\n\
         Sodexo,Westfield,66,5/27/20,7/1/20\n\
         \"Daramic, LLC\",Corydon,74,6/1/20,6/30/21\n",
    )
    .unwrap();
    let out = dir.path().join("events.csv");
    let o = run(&[
        "events",
        p.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_data_error(
        &o,
        &[
            "warn.csv",
            "no row reads",
            "line 2",
            "5 fields where the header names 6",
        ],
    );
    assert!(!out.exists());
    // One row that reads keeps the file, with the other left out and noted.
    std::fs::write(
        &p,
        "Company,City,Affected Workers,Notice Date,LO/CL Date\n\
         Sodexo,Westfield,66,5/27/20,7/1/20\n\
         \"Daramic, LLC\",Corydon,74,6/1/20,6/30/21,extra\n",
    )
    .unwrap();
    let o = run(&["events", p.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 rows of"), "{}", stderr(&o));
}

/// CR-only line ends read as one header line and no events, exit 0.
#[test]
fn cr_only_line_ends_are_lines() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ev.csv");
    std::fs::write(
        &p,
        "event_id,ticker,announce_date\r1,ACME,2024-01-10\r2,ACME,2024-01-11\r",
    )
    .unwrap();
    let out = ok(&["events", p.to_str().unwrap(), "-q"]);
    assert_eq!(out.lines().count(), 3, "{out}");
    let prices = prices_with(
        dir.path(),
        &format!("{YAHOO_HEAD}{YAHOO_ROWS}").replace('\n', "\r"),
    );
    let o = returns_on(&prices);
    assert!(o.status.success(), "{}", stderr(&o));
    let c = Csv::parse(&String::from_utf8_lossy(&o.stdout));
    close(
        c.num(0, "return"),
        185.95 / 184.90 - 1.0,
        EXACT,
        "return from a CR-only file",
    );
}

/// Names with commas, doubled quotes and newlines survive `events` and come back the same.
#[test]
fn what_the_tool_writes_reads_back_identically() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ev.csv");
    std::fs::write(
        &p,
        "event_id,company,ticker,announce_date\r\n\
         1,\"Foo \"\"Bar\"\" Inc\",ACME,2024-01-10\r\n\
         2,\"Two, Lines\nCorp\",ACME,2024-01-09\r\n",
    )
    .unwrap();
    let first = dir.path().join("first.csv");
    let second = dir.path().join("second.csv");
    ok(&[
        "events",
        p.to_str().unwrap(),
        "-o",
        first.to_str().unwrap(),
        "-q",
    ]);
    ok(&[
        "events",
        first.to_str().unwrap(),
        "-o",
        second.to_str().unwrap(),
        "-q",
    ]);
    let (a, b) = (
        std::fs::read_to_string(&first).unwrap(),
        std::fs::read_to_string(&second).unwrap(),
    );
    assert_eq!(a, b, "a second pass changes nothing");
    assert!(a.contains("\"Foo \"\"Bar\"\" Inc\""), "{a}");
    assert!(a.contains("\"Two, Lines\nCorp\""), "{a}");
    // And the study reads the company back.
    let prices = prices_with(dir.path(), &format!("{YAHOO_HEAD}{YAHOO_ROWS}"));
    let o = run(&[
        "returns",
        "--prices",
        prices.to_str().unwrap(),
        "--market",
        "MKT",
        "--events",
        first.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A Parquet DECIMAL price column panicked (exit 101); booleans were read as 1.0 and
/// strings silently as missing.
#[test]
fn parquet_price_columns_of_other_types() {
    let o = run(&[
        "returns",
        "--prices",
        &fixture("parquet/decimal_close.parquet"),
        "--ticker",
        "ACME",
        "--date",
        "2024-01-10",
        "-q",
    ]);
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    match o.status.code() {
        Some(0) => {
            let c = Csv::parse(&String::from_utf8_lossy(&o.stdout));
            close(
                c.num(0, "return"),
                186.19 / 185.14 - 1.0,
                EXACT,
                "decimal close",
            );
        }
        code => {
            assert_eq!(code, Some(1), "{err}");
            assert!(err.contains("close"), "{err}");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, col) in [
        (
            "bool",
            polars::prelude::Column::new("close".into(), [true, true, false]),
        ),
        (
            "str",
            polars::prelude::Column::new("close".into(), ["185.5", "abc", "186"]),
        ),
    ] {
        let p = dir.path().join(format!("{name}.parquet"));
        let mut df = polars::prelude::DataFrame::new(
            3,
            vec![
                polars::prelude::Column::new("ticker".into(), ["ACME", "ACME", "ACME"]),
                polars::prelude::Column::new(
                    "date".into(),
                    ["2024-01-08", "2024-01-09", "2024-01-10"],
                ),
                col,
            ],
        )
        .unwrap();
        layoff_study::import::parquet::write(&mut df, &p).unwrap();
        let o = run(&[
            "returns",
            "--prices",
            p.to_str().unwrap(),
            "--ticker",
            "ACME",
            "--date",
            "2024-01-10",
            "-q",
        ]);
        assert_data_error(
            &o,
            &[&format!("{name}.parquet"), "close", "expected numbers"],
        );
    }
}

/// `returns -o IN`, `events --unmatched IN`, `report --out DIR` holding the events file and
/// `study --out PRICES` replaced their inputs.
#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let prices = prices_with(dir.path(), &format!("{YAHOO_HEAD}{YAHOO_ROWS}"));
    let ev = dir.path().join("ev.csv");
    let ev_text = "event_id,ticker,announce_date\n1,ACME,2024-01-10\n";
    std::fs::write(&ev, ev_text).unwrap();
    let (p, e) = (prices.to_str().unwrap(), ev.to_str().unwrap());
    let rep = dir.path().join("rep");
    std::fs::create_dir(&rep).unwrap();
    let rep_ev = rep.join("events.csv");
    std::fs::write(&rep_ev, ev_text).unwrap();
    let inside = prices.join("out.csv");
    for args in [
        vec![
            "returns", "--prices", p, "--market", "MKT", "--events", e, "-o", e,
        ],
        vec![
            "returns",
            "--prices",
            p,
            "--market",
            "MKT",
            "--events",
            e,
            "-o",
            inside.to_str().unwrap(),
        ],
        vec!["events", e, "--unmatched", e, "-o", "/dev/null"],
        vec!["events", e, "-o", e],
        vec![
            "report",
            "--prices",
            p,
            "--market",
            "MKT",
            "--events",
            rep_ev.to_str().unwrap(),
            "--out",
            rep.to_str().unwrap(),
        ],
        vec![
            "study", "--prices", p, "--market", "MKT", "--events", e, "--out", p,
        ],
        vec![
            "study",
            "--prices",
            p,
            "--market",
            "MKT",
            "--events",
            e,
            "--out",
            dir.path().to_str().unwrap(),
        ],
        vec![
            "performance",
            "--prices",
            p,
            "--market",
            "MKT",
            "-o",
            prices.join("MKT.csv").to_str().unwrap(),
        ],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(std::fs::read_to_string(&ev).unwrap(), ev_text);
    assert_eq!(std::fs::read_to_string(&rep_ev).unwrap(), ev_text);
    let names: Vec<_> = std::fs::read_dir(&prices)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 2, "the prices folder is as it was: {names:?}");
    assert!(returns_on(&prices).status.success());
}

/// Write-and-rename replaced symbolic links and device files and reset permissions.
#[cfg(unix)]
#[test]
fn special_output_files_are_not_replaced() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let prices = prices_with(dir.path(), &format!("{YAHOO_HEAD}{YAHOO_ROWS}"));
    let p = prices.to_str().unwrap().to_string();
    let out = |o: &Path| {
        run(&[
            "returns",
            "--prices",
            &p,
            "--market",
            "MKT",
            "--ticker",
            "ACME",
            "--date",
            "2024-01-10",
            "-q",
            "-o",
            o.to_str().unwrap(),
        ])
    };
    let private = dir.path().join("private.csv");
    std::fs::write(&private, "secret").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(out(&private).status.success());
    assert_eq!(
        std::fs::metadata(&private).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let target = dir.path().join("target.csv");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    assert!(out(&link).status.success());
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("event_id,")
    );
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let reader = std::thread::spawn({
            let fifo = fifo.clone();
            move || std::fs::read_to_string(fifo).unwrap()
        });
        assert!(out(&fifo).status.success());
        assert!(reader.join().unwrap().starts_with("event_id,"));
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
    }
    assert!(out(Path::new("/dev/null")).status.success());
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

/// A small simulated market and its events, for the study tests.
fn simulated(dir: &Path) -> (String, String) {
    simulate_into(dir, (8, 12, 2), false)
}

/// A killed study left `.layoff-study-*` files and a folder mixing new CSVs with the
/// previous report.md: the folder is now built beside the target and swapped in whole.
#[test]
fn an_output_folder_is_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    // Large enough that a study takes a while, so that kills land in the middle of it.
    let (prices, events) = simulate_into(dir.path(), (300, 3000, 6), true);
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let study = |extra: &[&str]| {
        let mut a = vec![
            "study", "--prices", &prices, "--market", "SIMMKT", "--events", &events, "--out", o,
            "-q",
        ];
        a.extend_from_slice(extra);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let first = study(&["--window", "0:0"]);
    assert!(bin().args(&first).output().unwrap().status.success());
    std::fs::write(out.join("report.md"), "an old report").unwrap();
    // Killed at various points, the folder is either the old one or the new one.
    let second = study(&[]);
    let start = std::time::Instant::now();
    assert!(bin().args(&second).output().unwrap().status.success());
    let took = start.elapsed().as_millis() as u64;
    // The old folder again, then kills spread over the length of one run.
    assert!(bin().args(&first).output().unwrap().status.success());
    std::fs::write(out.join("report.md"), "an old report").unwrap();
    for ms in [0, took / 8, took / 4, took / 2, took * 3 / 4, took * 7 / 8] {
        let mut child = bin().args(&second).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(ms));
        let _ = child.kill();
        let _ = child.wait();
        let old = out.join("report.md").exists();
        let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
        let windows = summary.lines().skip(1).filter(|l| l.contains(":")).count();
        if old {
            assert_eq!(windows, 1, "the old folder, whole (killed after {ms} ms)");
        } else {
            assert_eq!(windows, 3, "the new folder, whole (killed after {ms} ms)");
        }
    }
    // The next run removes what killed runs left beside the folder.
    assert!(bin().args(&second).output().unwrap().status.success());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("layoff-study"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert!(
        !out.join("report.md").exists(),
        "no file of the previous run is left"
    );
    // A folder holding files this tool did not write is never replaced.
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("thesis.docx"), "mine").unwrap();
    let mut a = study(&[]);
    let i = a.iter().position(|s| s == o).unwrap();
    a[i] = mine.to_string_lossy().into_owned();
    let r = bin().args(&a).output().unwrap();
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    assert!(mine.join("thesis.docx").exists());
}

/// `--estimation=-240:-1` (common in other packages) was refused because of the default
/// chart window, with a message that did not name --chart-window.
#[test]
fn an_estimation_window_ending_at_minus_one_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let (prices, events) = simulated(dir.path());
    let out = dir.path().join("out");
    let base = [
        "study",
        "--prices",
        &prices,
        "--market",
        "SIMMKT",
        "--events",
        &events,
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    let mut a = base.to_vec();
    a.extend(["--estimation=-240:-1", "--window", "0:0", "--window", "0:1"]);
    ok(&a);
    let caar = std::fs::read_to_string(out.join("caar.csv")).unwrap();
    assert!(
        caar.lines().nth(1).unwrap().contains(",0,"),
        "the chart starts at day 0: {caar}"
    );
    let mut a = base.to_vec();
    a.extend([
        "--estimation=-240:-1",
        "--window",
        "0:0",
        "--chart-window=-10:10",
    ]);
    let r = run(&a);
    assert_eq!(r.status.code(), Some(2));
    assert!(stderr(&r).contains("--chart-window"), "{}", stderr(&r));
}

/// `returns --ticker T --date D` with no answer printed an empty table with exit 0.
#[test]
fn a_single_return_that_cannot_be_computed_is_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let prices = prices_with(dir.path(), &format!("{YAHOO_HEAD}{YAHOO_ROWS}"));
    let o = returns_with(&prices, "2024-01-08", &[]);
    assert_data_error(&o, &["no announcement-day return", "ACME"]);
    let o = run(&[
        "returns",
        "--prices",
        prices.to_str().unwrap(),
        "--ticker",
        "../../etc/passwd",
        "--date",
        "2024-01-10",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// `simulate --stocks 10000 --years 40` wrote a negative price that `study` then refused.
#[test]
fn simulated_prices_stay_positive_with_fat_tails() {
    let dir = tempfile::tempdir().unwrap();
    let sim = dir.path().join("sim");
    ok(&[
        "simulate",
        "--out",
        sim.to_str().unwrap(),
        "--stocks",
        "200",
        "--events",
        "50",
        "--years",
        "20",
        "--noise-df",
        "2.05",
        "--noise-sd",
        "0.08",
        "--price-format",
        "parquet",
        "--seed",
        "3",
        "-q",
    ]);
    let out = dir.path().join("out");
    ok(&[
        "study",
        "--prices",
        sim.join("prices.parquet").to_str().unwrap(),
        "--market",
        "SIMMKT",
        "--events",
        sim.join("events.csv").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
}

/// Flags that asked for absurd sizes aborted the process (a 144 GB allocation for
/// `--estimation=-2000000000:-11`), panicked (`--beta-min nan`) or hung (`--jobs 100000`):
/// each is now a usage error before any work.
#[test]
fn absurd_flags_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (prices, events) = simulated(dir.path());
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let sim = dir.path().join("s");
    let s = sim.to_str().unwrap();
    let study = [
        "study", "--prices", &prices, "--market", "SIMMKT", "--events", &events, "--out", o, "-q",
    ];
    let fetch = [
        "fetch",
        "AMZN",
        "--from",
        "2024-01-01",
        "--to",
        "2024-01-05",
        "--out",
        s,
    ];
    let cases: Vec<Vec<&str>> = vec![
        [&study[..], &["--estimation=-2000000000:-11"]].concat(),
        [&study[..], &["--window", "0:2147483647"]].concat(),
        vec!["simulate", "--out", s, "--beta-min", "nan", "-q"],
        vec!["simulate", "--out", s, "--noise-sd", "inf", "-q"],
        vec![
            "simulate",
            "--out",
            s,
            "--stocks",
            "100000000",
            "--years",
            "40",
            "-q",
        ],
        vec!["simulate", "--out", s, "--years", "0", "-q"],
        [&fetch[..], &["--jobs", "100000"]].concat(),
        [&fetch[..], &["--retries", "4000000000"]].concat(),
        [&fetch[..], &["--base-url", "file:///etc"]].concat(),
    ];
    for args in cases {
        let r = run(&args);
        assert_eq!(r.status.code(), Some(2), "{args:?}: {}", stderr(&r));
        assert!(!stderr(&r).contains("panicked"));
    }
    assert!(!out.exists() && !sim.exists(), "nothing was written");
}

/// An output that cannot be written (its folder is a file) is the user's choice to change:
/// exit 2, naming the output; a missing input is bad data: exit 1.
#[test]
fn an_unwritable_output_is_usage_and_a_missing_input_is_data() {
    let dir = tempfile::tempdir().unwrap();
    let prices = prices_with(dir.path(), &format!("{YAHOO_HEAD}{YAHOO_ROWS}"));
    let blocker = dir.path().join("file.txt");
    std::fs::write(&blocker, "x").unwrap();
    let out = blocker.join("out.csv");
    let r = returns_with(&prices, "2024-01-10", &["-o", out.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    assert!(stderr(&r).contains("cannot write"), "{}", stderr(&r));
    let r = run(&[
        "returns",
        "--prices",
        "/nonexistent/prices",
        "--date",
        "2024-01-10",
        "-q",
    ]);
    assert_eq!(r.status.code(), Some(1), "{}", stderr(&r));
}
