//! Rival portfolios (METHODS.md §13) worked by hand on the market of `study.rs`: the
//! announcer ACME and three rivals whose returns are 0.1 % + 1.5 x market + e_j, with
//! e_1 = e, e_2 = -e and e_3 = 2e (e = (1, -2, 0, 2, -1) x 0.1 % over each block of five
//! days, orthogonal to 1 and to the market), so each rival's OLS fit is exact; on day 0
//! the rivals gain +2 %, -1 % and +3 %, and R3 has no row on day +1.

use super::common::*;
use super::study::{report, setup, study};

const RM: [f64; 5] = [-0.02, -0.01, 0.0, 0.01, 0.02];
const E: [f64; 5] = [0.001, -0.002, 0.0, 0.002, -0.001];
const EVENT: usize = 280;
fn write_rivals(dir: &std::path::Path, days: usize) {
    for (name, scale, jump) in [("R1", 1.0, 0.02), ("R2", -1.0, -0.01), ("R3", 2.0, 0.03)] {
        let mut text = String::from("Date,Close\n");
        let mut p = 20.0f64;
        for i in 0..days {
            if i > 0 {
                let extra = if i == EVENT { jump } else { 0.0 };
                p *= 1.0 + 0.001 + 1.5 * RM[i % 5] + scale * E[i % 5] + extra;
            }
            if !(name == "R3" && i == EVENT + 1) {
                let d = &super::study::dates()[i];
                text.push_str(&format!("{d},{p:.17}\n"));
            }
        }
        std::fs::write(dir.join(format!("{name}.csv")), text).unwrap();
    }
}

#[test]
fn a_portfolio_of_three_rivals_one_missing_a_day_by_hand() {
    let (dir, ds) = setup();
    write_rivals(&dir.path().join("prices"), ds.len());
    let pairs = dir.path().join("pairs.csv");
    std::fs::write(
        &pairs,
        "ticker,rival\nACME,R1\nACME,R2\nACME,R3\nACME,NOPE\nACME,ACME\n",
    )
    .unwrap();
    let events = format!(
        "event_id,ticker,announce_date,company\nA,ACME,{},Acme\n",
        ds[EVENT]
    );
    let out = study(
        dir.path(),
        &events,
        &[
            "--rivals",
            pairs.to_str().unwrap(),
            "--window",
            "0:0",
            "--window",
            "-1:1",
        ],
    );
    // Each rival's own CAR: e_j + its jump on day 0.
    let rivals = Csv::read(&out.join("rivals.csv"));
    assert_eq!(
        rivals.header,
        ["event_id", "ticker", "rival", "window", "car"]
    );
    let car = |rival: &str, window: &str| {
        let i = (0..rivals.rows.len())
            .find(|&i| rivals.get(i, "rival") == rival && rivals.get(i, "window") == window)
            .unwrap();
        rivals.num(i, "car")
    };
    close(car("R1", "0:0"), 0.021, WORKED, "R1 CAR 0:0");
    close(car("R2", "0:0"), -0.011, WORKED, "R2 CAR 0:0");
    close(car("R3", "0:0"), 0.032, WORKED, "R3 CAR 0:0");
    // R3 lacks day +1: no CAR of its own over -1:1, but it stays in the portfolio.
    let r3 = (0..rivals.rows.len())
        .find(|&i| rivals.get(i, "rival") == "R3" && rivals.get(i, "window") == "-1:1")
        .unwrap();
    assert_eq!(rivals.get(r3, "car"), "");
    let excluded = Csv::read(&out.join("excluded.csv"));
    let reasons: Vec<&str> = (0..excluded.rows.len())
        .map(|i| excluded.get(i, "reason"))
        .collect();
    assert_eq!(
        reasons,
        ["rival NOPE of ACME: no prices for ticker NOPE"],
        "only the rival without prices is left out"
    );
    // The portfolio: estimation ARs (e - e + 2e) / 3 = 2e/3 on every day, so
    // s^2 = 48 blocks x (4/9) x 10e-6 / (240 - 2).
    let s2: f64 = 48.0 * (4.0 / 9.0) * 10e-6 / 238.0;
    let pc = Csv::read(&out.join("rival_cars.csv"));
    assert_eq!(pc.header.last().unwrap(), "rivals");
    let r0 = pc.row_where("window", "0:0");
    assert_eq!(pc.get(r0, "ticker"), "ACME");
    assert_eq!(pc.get(r0, "rivals"), "3");
    assert_eq!(pc.get(r0, "L"), "240");
    close(pc.num(r0, "s"), s2.sqrt(), WORKED, "portfolio s");
    close(pc.num(r0, "alpha"), 0.001, WORKED, "mean alpha");
    close(pc.num(r0, "beta"), 1.5, WORKED, "mean beta");
    // Day 0: (0.021 - 0.011 + 0.032) / 3.
    close(pc.num(r0, "car"), 0.014, WORKED, "portfolio CAR 0:0");
    close(
        pc.num(r0, "scar"),
        0.014 / s2.sqrt(),
        STATISTIC,
        "portfolio SCAR 0:0",
    );
    close(pc.num(r0, "bhar"), 0.014, WORKED, "portfolio BHAR 0:0");
    // -1:1: day -1 (e = -0.001): (-0.001 + 0.001 - 0.002) / 3; day +1 (e = -0.002): R1 and
    // R2 only, (-0.002 + 0.002) / 2 = 0.
    let r1 = pc.row_where("window", "-1:1");
    let car = 0.014 - 0.002 / 3.0;
    close(pc.num(r1, "car"), car, WORKED, "portfolio CAR -1:1");
    close(
        pc.num(r1, "scar"),
        car / (3.0 * s2).sqrt(),
        STATISTIC,
        "portfolio SCAR -1:1",
    );
    let summary = Csv::read(&out.join("rival_summary.csv"));
    let all0 = (0..summary.rows.len())
        .find(|&i| summary.get(i, "group") == "all" && summary.get(i, "window") == "0:0")
        .unwrap();
    close(summary.num(all0, "caar"), 0.014, WORKED, "rival CAAR 0:0");
}

#[test]
fn rivals_split_by_the_sign_of_the_announcers_car() {
    let (dir, ds) = setup();
    write_rivals(&dir.path().join("prices"), ds.len());
    // A constituents file: ACMEB is another class of ACME (same CIK), not its rival.
    let list = dir.path().join("constituents.csv");
    std::fs::write(
        &list,
        "Symbol,Security,GICS Sub-Industry,CIK\nACME,Acme,Widgets,0000000001\nACMEB,Acme B,Widgets,1\nR1,R1,Widgets,2\nR2,R2,Widgets,3\nR3,R3,Gadgets,4\n",
    )
    .unwrap();
    // ACME falls 4.9 % on day 0 (study.rs), R1's event is R1's own.
    let events = format!(
        "event_id,ticker,announce_date,company\nA,ACME,{d},Acme\nB,R1,{d},R1\n",
        d = ds[EVENT]
    );
    let out = study(
        dir.path(),
        &events,
        &[
            "--rivals",
            "gics",
            "--peer-list",
            list.to_str().unwrap(),
            "--group-by",
            "announcer_sign",
            "--window",
            "0:0",
        ],
    );
    let pc = Csv::read(&out.join("rival_cars.csv"));
    // ACME's rivals: R1 and R2 (ACMEB has no prices but is not even a rival); R1's: ACME
    // and R2 (ACMEB has no prices).
    assert_eq!(pc.at(("event_id", "A"), "rivals"), "2");
    close(
        pc.num(pc.row_where("event_id", "A"), "car"),
        (0.021 - 0.011) / 2.0,
        WORKED,
        "A",
    );
    let excluded = Csv::read(&out.join("excluded.csv"));
    assert!(
        (0..excluded.rows.len()).all(|i| excluded.get(i, "reason") != "rival ACMEB of ACME: no prices for ticker ACMEB")
    );
    let summary = Csv::read(&out.join("rival_summary.csv"));
    let groups: Vec<&str> = (0..summary.rows.len())
        .map(|i| summary.get(i, "group"))
        .collect();
    // ACME's CAR is negative, R1's positive (+2 %): one event in each group.
    assert_eq!(groups, ["all", "negative", "positive"]);
    let neg = summary.row_where("group", "negative");
    close(
        summary.num(neg, "caar"),
        (0.021 - 0.011) / 2.0,
        WORKED,
        "negative group",
    );
    assert_eq!(summary.get(neg, "n"), "1");
    // announcer_sign without --rivals is bad usage.
    let ev = dir.path().join("events.csv");
    let o = run(&[
        "study",
        "-q",
        "--prices",
        dir.path().join("prices").to_str().unwrap(),
        "--market",
        "MKT",
        "--events",
        ev.to_str().unwrap(),
        "--out",
        dir.path().join("o2").to_str().unwrap(),
        "--group-by",
        "announcer_sign",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_report_shows_the_announcers_beside_their_rivals() {
    let (dir, ds) = setup();
    write_rivals(&dir.path().join("prices"), ds.len());
    let pairs = dir.path().join("pairs.csv");
    std::fs::write(&pairs, "ticker,rival\nACME,R1\nACME,R2\nACME,R3\n").unwrap();
    let events = format!(
        "event_id,ticker,announce_date,company\nA,ACME,{},Acme\n",
        ds[EVENT]
    );
    let out = report(
        dir.path(),
        &events,
        &["--rivals", pairs.to_str().unwrap(), "--window", "0:0"],
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    // ACME's CAR on day 0 is -4.9 %, its rivals' portfolio's +1.4 % (worked above).
    assert!(md.contains("## Rivals"), "{md}");
    assert!(
        md.contains("| 0:0 | 1 | -4.90 % | - | - | +1.40 % | - | - |"),
        "{md}"
    );
    assert!(md.contains("(caar_rivals.png)"), "{md}");
    assert!(out.join("caar_rivals.png").is_file());
    for f in ["rivals.csv", "rival_cars.csv", "rival_summary.csv"] {
        assert!(out.join(f).is_file(), "{f}");
    }
}

/// Under GARCH each rival is fitted by GARCH; the portfolio row has the model's columns
/// (its own omega, arch and garch empty: it has no variance process of its own).
#[test]
fn garch_rival_rows_have_every_column() {
    let dir = tempfile::tempdir().unwrap();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if !data.is_dir() {
        eprintln!("skipped: {} is not on this machine", data.display());
        return;
    }
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "event_id,ticker,announce_date,company\n1,INTC,2023-12-21,Intel\n2,MSFT,2023-01-18,Microsoft\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    ok(&[
        "study",
        "-q",
        "--prices",
        data.join("prices_yahoo_adjclose_dieperdev_2024-03")
            .to_str()
            .unwrap(),
        "--market",
        data.join("prices_lowercase_kronos_2026-04/SPY.csv")
            .to_str()
            .unwrap(),
        "--events",
        events.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--model",
        "garch",
        "--rivals",
        "gics",
        "--peer-list",
        data.join("ticker_mapping/sp500_constituents.csv")
            .to_str()
            .unwrap(),
    ]);
    let text = std::fs::read_to_string(out.join("rival_cars.csv")).unwrap();
    let pc = Csv::parse(&text);
    assert!(!pc.rows.is_empty(), "{text}");
    assert!(pc.header.iter().any(|h| h == "omega"));
    for r in &pc.rows {
        assert_eq!(r.len(), pc.header.len(), "{r:?}");
    }
    let i = pc.row_where("window", "0:0");
    assert_eq!(pc.get(i, "omega"), "");
    assert!(pc.num(i, "s") > 0.0);
}

#[test]
fn rivals_by_sic_code_from_a_folder_of_submissions() {
    let (dir, ds) = setup();
    write_rivals(&dir.path().join("prices"), ds.len());
    let subs = dir.path().join("submissions");
    std::fs::create_dir(&subs).unwrap();
    for (cik, sic, ticker) in [
        (1u64, "3571", "ACME"),
        (2, "3571", "R1"),
        (3, "3572", "R2"),
        (4, "7372", "R3"),
    ] {
        std::fs::write(
            subs.join(format!("CIK{cik:010}.json")),
            format!(r#"{{"cik":"{cik:010}","sic":"{sic}","tickers":["{ticker}"]}}"#),
        )
        .unwrap();
    }
    let events = format!(
        "event_id,ticker,announce_date,company\nA,ACME,{},Acme\n",
        ds[EVENT]
    );
    for (key, n, car) in [("sic4", "1", 0.021), ("sic3", "2", (0.021 - 0.011) / 2.0)] {
        let out = study(
            dir.path(),
            &events,
            &[
                "--rivals",
                key,
                "--peer-list",
                subs.to_str().unwrap(),
                "--window",
                "0:0",
            ],
        );
        let pc = Csv::read(&out.join("rival_cars.csv"));
        assert_eq!(pc.get(0, "rivals"), n, "{key}");
        close(pc.num(0, "car"), car, WORKED, key);
    }
}

/// The rivals' pairs file is an input like the prices and events: `--xlsx` naming it is
/// refused before any work and the file is left as it was (it once guarded the factor
/// files only).
#[test]
fn the_workbook_never_replaces_the_rival_pairs_file() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("pairs.xlsx");
    std::fs::write(&pairs, "ticker,rival\nAAA,BBB\n").unwrap();
    std::fs::write(
        dir.path().join("events.csv"),
        "ticker,date\nAAA,2024-01-10\n",
    )
    .unwrap();
    let r = bin()
        .args(["study", "-q", "--prices"])
        .arg(dir.path())
        .arg("--events")
        .arg(dir.path().join("events.csv"))
        .arg("--rivals")
        .arg(&pairs)
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg("--xlsx")
        .arg(&pairs)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("--xlsx") && err.contains("input"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&pairs).unwrap(),
        "ticker,rival\nAAA,BBB\n"
    );
    assert!(!dir.path().join("out").exists());
}
