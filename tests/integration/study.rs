//! The event study end to end on a market built so that every number can be worked by
//! hand: over each block of five trading days the market returns (-2, -1, 0, 1, 2) % and
//! the stock returns 0.1 % + 1.5 x market + e with e = (1, -2, 0, 2, -1) x 0.1 %. The
//! residuals are orthogonal to 1 and to the market in every block, so OLS on any
//! estimation window that starts a block recovers alpha 0.001 and beta 1.5 exactly.

use std::path::Path;

use layoff_study::date;

use super::common::*;

const RM: [f64; 5] = [-0.02, -0.01, 0.0, 0.01, 0.02];
const E: [f64; 5] = [0.001, -0.002, 0.0, 0.002, -0.001];
const DAYS: usize = 300;
/// Weekday dates from Monday 2023-01-02.
pub fn dates() -> Vec<String> {
    let mut d = date::parse("2023-01-02").unwrap();
    let mut out = Vec::new();
    while out.len() < DAYS {
        if date::weekday(d) < 5 {
            out.push(date::format(d));
        }
        d += 1;
    }
    out
}

/// Writes MKT, ACME (abnormal -5 % at index 280 and +3 % at 290) and GAP (no row at 281).
fn write_market(dir: &Path) -> Vec<String> {
    let ds = dates();
    let mut mkt = String::from("Date,Close\n");
    let mut acme = String::from("Date,Close\n");
    let mut gap = String::from("Date,Close\n");
    let (mut pm, mut pa) = (100.0f64, 50.0f64);
    for (i, d) in ds.iter().enumerate() {
        if i > 0 {
            let rm = RM[i % 5];
            let mut r = 0.001 + 1.5 * rm + E[i % 5];
            if i == 280 {
                r -= 0.05;
            }
            if i == 290 {
                r += 0.03;
            }
            pm *= 1.0 + rm;
            pa *= 1.0 + r;
        }
        mkt.push_str(&format!("{d},{pm:.17}\n"));
        acme.push_str(&format!("{d},{pa:.17}\n"));
        if i != 281 {
            gap.push_str(&format!("{d},{pa:.17}\n"));
        }
    }
    std::fs::write(dir.join("MKT.csv"), mkt).unwrap();
    std::fs::write(dir.join("ACME.csv"), acme).unwrap();
    std::fs::write(dir.join("GAP.csv"), gap).unwrap();
    ds
}

pub fn study(dir: &Path, events: &str, extra: &[&str]) -> std::path::PathBuf {
    command("study", dir, events, extra)
}

/// `report` as [`study`] runs `study`, into `DIR/out`.
pub fn report(dir: &Path, events: &str, extra: &[&str]) -> std::path::PathBuf {
    command("report", dir, events, extra)
}

/// Runs `study` or `report` on `DIR/prices` with the market MKT and `events` written to
/// `DIR/events.csv`, into `DIR/out`.
fn command(name: &str, dir: &Path, events: &str, extra: &[&str]) -> std::path::PathBuf {
    let ev = dir.join("events.csv");
    std::fs::write(&ev, events).unwrap();
    let out = dir.join("out");
    let prices = dir.join("prices");
    let mut args = vec![
        name,
        "-q",
        "--prices",
        prices.to_str().unwrap(),
        "--market",
        "MKT",
        "--events",
        ev.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    ok(&args);
    out
}

pub fn setup() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("prices")).unwrap();
    let ds = write_market(&dir.path().join("prices"));
    (dir, ds)
}

fn read(out: &Path, name: &str) -> Csv {
    Csv::parse(&std::fs::read_to_string(out.join(name)).unwrap())
}

#[test]
fn market_model_cars_match_the_hand_calculation() {
    let (dir, ds) = setup();
    let events = format!(
        "event_id,ticker,announce_date,company\nA,ACME,{},Acme\n",
        ds[280]
    );
    let out = study(dir.path(), &events, &[]);
    let cars = read(&out, "cars.csv");
    assert_eq!(
        cars.header,
        [
            "event_id",
            "ticker",
            "announce_date",
            "day0",
            "window",
            "car",
            "scar",
            "bhar",
            "L",
            "s",
            "alpha",
            "beta",
            "overlaps"
        ]
    );
    // Estimation window -250:-11 = indices 30..=269: 240 days, 48 whole blocks.
    let r0 = cars.row_where("window", "0:0");
    assert_eq!(cars.get(r0, "L"), "240");
    close(cars.num(r0, "alpha"), 0.001, WORKED, "alpha");
    close(cars.num(r0, "beta"), 1.5, WORKED, "beta");
    // s^2 = 48 blocks x (1 + 4 + 0 + 4 + 1) e-6 / (240 - 2).
    let s2: f64 = 48.0 * 10e-6 / 238.0;
    close(cars.num(r0, "s"), s2.sqrt(), WORKED, "s");
    // Day 0 (index 280, block position 0): AR = e + injected = 0.001 - 0.05.
    close(cars.num(r0, "car"), -0.049, WORKED, "CAR 0:0");
    close(cars.num(r0, "bhar"), -0.049, WORKED, "BHAR 0:0");
    // X'X = [[240, 0], [0, 48 x 0.001]]; x_0 = (1, -0.02): S^2 = s^2 (1 + 1/240 + 0.0004/0.048).
    let s0 = (s2 * (1.0 + 1.0 / 240.0 + 0.0004 / 0.048)).sqrt();
    close(cars.num(r0, "scar"), -0.049 / s0, STATISTIC, "SCAR 0:0");
    // Window -1:1: e = -0.001, 0.001, -0.002 plus -0.05; sum of Rm = 0.02 - 0.02 - 0.01.
    let r1 = cars.row_where("window", "-1:1");
    close(cars.num(r1, "car"), -0.052, WORKED, "CAR -1:1");
    let s_car = (s2 * (3.0 + 9.0 / 240.0 + 0.0001 / 0.048)).sqrt();
    close(cars.num(r1, "scar"), -0.052 / s_car, STATISTIC, "SCAR -1:1");
    // BHAR -1:1 = prod(1 + R) - prod(1 + E[R]) from the returns of the three days.
    let r = |i: usize, inj: f64| 0.001 + 1.5 * RM[i % 5] + E[i % 5] + inj;
    let ex = |i: usize| 0.001 + 1.5 * RM[i % 5];
    let bhar = (1.0 + r(279, 0.0)) * (1.0 + r(280, -0.05)) * (1.0 + r(281, 0.0))
        - (1.0 + ex(279)) * (1.0 + ex(280)) * (1.0 + ex(281));
    close(cars.num(r1, "bhar"), bhar, WORKED, "BHAR -1:1");
    // abnormal_returns.csv: day 0 row, and the CAR running over the chart window -10:10.
    let ar = read(&out, "abnormal_returns.csv");
    let d0 = ar.row_where("rel_day", "0");
    assert_eq!(ar.get(d0, "date"), ds[280]);
    close(ar.num(d0, "abnormal_return"), -0.049, WORKED, "AR day 0");
    close(
        ar.num(d0, "expected_return"),
        0.001 + 1.5 * -0.02,
        WORKED,
        "E[R] day 0",
    );
    let first = ar.row_where("rel_day", "-10");
    let sum: f64 = (270..=280).map(|i| E[i % 5]).sum::<f64>() - 0.05;
    close(ar.num(d0, "car"), sum, WORKED, "running CAR");
    assert!(ar.num(first, "car").is_finite());
}

/// Regression: two events of one ticker must stay separate (keyed on event_id, each with
/// its own day 0 and estimation window), never merged or cross-assigned.
#[test]
fn two_events_of_one_ticker_stay_separate() {
    let (dir, ds) = setup();
    let events = format!(
        "event_id,ticker,announce_date,company\nfirst,ACME,{},Acme\nsecond,ACME,{},Acme\n",
        ds[280], ds[290]
    );
    let out = study(dir.path(), &events, &[]);
    let cars = read(&out, "cars.csv");
    let rows: Vec<usize> = (0..cars.rows.len())
        .filter(|&r| cars.get(r, "window") == "0:0")
        .collect();
    assert_eq!(rows.len(), 2);
    for r in rows {
        match cars.get(r, "event_id") {
            "first" => {
                assert_eq!(cars.get(r, "day0"), ds[280]);
                close(cars.num(r, "car"), -0.049, WORKED, "first");
            }
            "second" => {
                assert_eq!(cars.get(r, "day0"), ds[290]);
                // Index 290 is block position 0: e = 0.001, plus 0.03.
                close(cars.num(r, "car"), 0.031, WORKED, "second");
            }
            other => panic!("unexpected event {other}"),
        }
    }
    // The pooled cross-sectional t from the two CARs, recomputed here.
    let sum = read(&out, "summary.csv");
    let r = sum.row_where("window", "0:0");
    let (a, b) = (-0.049f64, 0.031f64);
    let mean = (a + b) / 2.0;
    let sd = ((a - mean).powi(2) + (b - mean).powi(2)).sqrt(); // N - 1 = 1
    close(
        sum.num(r, "t_cs"),
        mean / (sd / 2f64.sqrt()),
        STATISTIC,
        "t_cs",
    );
    close(sum.num(r, "caar"), mean, WORKED, "caar");
    assert_eq!(sum.get(r, "n"), "2");
}

#[test]
fn exclusions_say_why() {
    let (dir, ds) = setup();
    let events = format!(
        "event_id,ticker,announce_date,company\nshort,ACME,{},Acme\ngap,GAP,{},Gap\nnone,NOPE,{},Nope\nlate,ACME,2030-01-02,Acme\nedge,ACME,{},Acme\nok,ACME,{},Acme\n",
        ds[60], ds[280], ds[280], ds[297], ds[280]
    );
    let out = study(dir.path(), &events, &[]);
    let ex = read(&out, "excluded.csv");
    let reason = |id: &str| ex.get(ex.row_where("event_id", id), "reason").to_string();
    // Index 60: estimation days 0..=49 exist, and day 0 of the data has no return: 49 usable.
    assert_eq!(
        reason("short"),
        "only 49 of 100 required estimation days usable in window -250:-11"
    );
    assert_eq!(
        reason("gap"),
        format!("missing return on day +1 ({}) inside window -1:1", ds[281])
    );
    assert_eq!(reason("none"), "no prices for ticker NOPE");
    assert!(
        reason("late").starts_with("day 0 is outside the data"),
        "{}",
        reason("late")
    );
    assert_eq!(
        reason("edge"),
        "window -5:5 runs past the end of the data (day +3)"
    );
    assert_eq!(ex.rows.len(), 5);
    // --min-estimation 40 admits the short one.
    let out = study(dir.path(), &events, &["--min-estimation", "40"]);
    let ex = read(&out, "excluded.csv");
    assert!(ex.rows.iter().all(|r| r[0] != "short"));
}

#[test]
fn several_windows_and_groups() {
    let (dir, ds) = setup();
    let events = format!(
        "ticker,date,industry\nACME,{},Retail\nACME,{},Media\nGAP,{},Media\n",
        ds[280], ds[290], ds[270]
    );
    let out = study(
        dir.path(),
        &events,
        &[
            "--window",
            "0:0",
            "--window",
            "0:2",
            "--group-by",
            "industry",
        ],
    );
    let sum = read(&out, "summary.csv");
    let groups: Vec<(&str, &str)> = sum
        .rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        groups,
        [
            ("all", "0:0"),
            ("all", "0:2"),
            ("Media", "0:0"),
            ("Media", "0:2"),
            ("Retail", "0:0"),
            ("Retail", "0:2")
        ]
    );
    assert_eq!(sum.get(0, "n"), "3");
    let caar = read(&out, "caar.csv");
    assert_eq!(
        caar.header,
        ["group", "rel_day", "n", "aar", "caar", "ci_low", "ci_high"]
    );
    assert_eq!(caar.rows.len(), 3 * 21, "three groups x days -10..10");
}

/// Runs `study` on ACME's event at `index` with `extra` flags; returns the process output.
fn study_with(dir: &Path, ds: &[String], index: usize, extra: &[&str]) -> std::process::Output {
    let ev = dir.join("events.csv");
    std::fs::write(&ev, format!("ticker,date\nACME,{}\n", ds[index])).unwrap();
    let (prices, out) = (dir.join("prices"), dir.join("o"));
    let mut args = vec![
        "study",
        "--prices",
        prices.to_str().unwrap(),
        "--market",
        "MKT",
        "--events",
        ev.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn estimation_overlapping_a_window_is_bad_usage() {
    let (dir, ds) = setup();
    let out = study_with(dir.path(), &ds, 280, &["--window", "-20:5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("overlaps or follows"));
    assert!(
        !dir.path().join("o").exists(),
        "nothing written on bad usage"
    );
}

#[test]
fn factor_models_on_the_real_french_files() {
    let Some(data) = real_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let ev = dir.path().join("events.csv");
    std::fs::write(&ev, "ticker,date\nAMZN,2024-01-10\nMSFT,2023-10-16\n").unwrap();
    let prices = data.join("prices_close_only_dsturdy_2026-08");
    let ff = data.join("ff_factors_daily");
    for (model, files, extra) in [
        (
            "ff3",
            vec!["F-F_Research_Data_Factors_daily.csv"],
            vec!["b_smb", "b_hml"],
        ),
        (
            "carhart",
            vec![
                "F-F_Research_Data_Factors_daily.csv",
                "F-F_Momentum_Factor_daily.csv",
            ],
            vec!["b_smb", "b_hml", "b_mom"],
        ),
        (
            "ff5",
            vec!["F-F_Research_Data_5_Factors_2x3_daily.csv"],
            vec!["b_smb", "b_hml", "b_rmw", "b_cma"],
        ),
    ] {
        let out = dir.path().join(model);
        let mut args = vec![
            "study".to_string(),
            "-q".into(),
            "--prices".into(),
            prices.to_string_lossy().into_owned(),
            "--market".into(),
            "SPY".into(),
            "--events".into(),
            ev.to_string_lossy().into_owned(),
            "--model".into(),
            model.into(),
            "--out".into(),
            out.to_string_lossy().into_owned(),
        ];
        for f in files {
            args.push("--factors".into());
            args.push(ff.join(f).to_string_lossy().into_owned());
        }
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(&a);
        let cars = read(&out, "cars.csv");
        for col in &extra {
            cars.col(col);
        }
        assert_eq!(cars.rows.len(), 6, "{model}: two events x three windows");
        for r in 0..cars.rows.len() {
            assert_eq!(cars.get(r, "L"), "240", "{model}");
            let beta = cars.num(r, "beta");
            assert!((0.5..2.0).contains(&beta), "{model}: Mkt-RF beta {beta}");
        }
        // The announcement-day AR stays close to the market-adjusted return (+0.99 % for AMZN).
        let a = cars.row_where("event_id", "1");
        assert!(
            (cars.num(a, "car") - 0.0099).abs() < 0.01,
            "{model}: {}",
            cars.num(a, "car")
        );
    }
}

#[test]
fn an_estimation_window_after_the_event_is_bad_usage() {
    let (dir, ds) = setup();
    let out = study_with(dir.path(), &ds, 100, &["--estimation", "20:200"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
