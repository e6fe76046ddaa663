//! `--measure volume` (METHODS.md §10) and `--measure volatility` (§11) end to end, on
//! prices built so that every figure can be worked by hand.
//!
//! Volume: over each block of five trading days the market's log volume is
//! `12 + m`, m = (-0.2, -0.1, 0, 0.1, 0.2), and the stock's is `2 + 0.5 (12 + m) + d`,
//! d = (0.1, -0.2, 0, 0.2, -0.1), plus 1 on the event day: d is orthogonal to 1 and to m in
//! every block, so OLS on the 48 blocks of the estimation window recovers a = 2 and b = 0.5
//! exactly, and the mean-adjusted model's mean is 8 exactly.
//!
//! Volatility: the return market of `study.rs` (AR = e, e = (1, -2, 0, 2, -1) x 0.1 %, and
//! -5 % on day 0).

use std::path::Path;

use super::common::*;
use super::study::{dates, report, setup, study};

const M: [f64; 5] = [-0.2, -0.1, 0.0, 0.1, 0.2];
const RM: [f64; 5] = [-0.02, -0.01, 0.0, 0.01, 0.02];
const E: [f64; 5] = [0.001, -0.002, 0.0, 0.002, -0.001];
const D: [f64; 5] = [0.1, -0.2, 0.0, 0.2, -0.1];
/// Tolerance for log volumes recomputed from volumes written with 17 significant digits.
const TOL: f64 = 10.0 * WORKED;
/// Index of the event day.
const EVENT: usize = 280;

/// Writes MKT, LOUD (volume as above; closes moving as the market model of `study.rs`
/// says) and QUIET (no volume column) in the Stooq layout; returns the dates.
fn write_volumes(dir: &Path) -> Vec<String> {
    let ds = dates();
    let (mut pm, mut pl) = (100.0f64, 50.0f64);
    let mut row = |i: usize, d: &str, v: f64, market: bool| {
        if i > 0 && market {
            let rm = RM[i % 5];
            pm *= 1.0 + rm;
            pl *= 1.0 + 0.001 + 1.5 * rm + E[i % 5];
        }
        let p = if market { pm } else { pl };
        format!("{d},{p:.17},{p:.17},{p:.17},{p:.17},{v:.17e}\n")
    };
    let head = "Date,Open,High,Low,Close,Volume\n";
    let (mut mkt, mut loud) = (head.to_string(), head.to_string());
    let mut quiet = String::from("Date,Close\n");
    for (i, d) in ds.iter().enumerate() {
        let vm = 12.0 + M[i % 5];
        let spike = if i == EVENT { 1.0 } else { 0.0 };
        let v = 2.0 + 0.5 * vm + D[i % 5] + spike;
        mkt.push_str(&row(i, d, vm.exp_m1(), true));
        loud.push_str(&row(i, d, v.exp_m1(), false));
        quiet.push_str(&format!("{d},100\n"));
    }
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("MKT.csv"), mkt).unwrap();
    std::fs::write(dir.join("LOUD.csv"), loud).unwrap();
    std::fs::write(dir.join("QUIET.csv"), quiet).unwrap();
    ds
}

fn volume_study(model: &str) -> (tempfile::TempDir, std::path::PathBuf, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let ds = write_volumes(&dir.path().join("prices"));
    let events = format!(
        "event_id,ticker,announce_date,company\nA,LOUD,{d},Loud\nB,QUIET,{d},Quiet\n",
        d = ds[EVENT]
    );
    let out = study(
        dir.path(),
        &events,
        &["--measure", "volume", "--model", model],
    );
    (dir, out, ds)
}

#[test]
fn market_model_of_log_volume_by_hand() {
    let (_dir, out, ds) = volume_study("market");
    let cars = Csv::read(&out.join("cars.csv"));
    assert_eq!(
        cars.header,
        [
            "event_id",
            "ticker",
            "announce_date",
            "day0",
            "window",
            "cav",
            "scav",
            "L",
            "s",
            "alpha",
            "beta",
            "overlaps"
        ]
    );
    let r0 = cars.row_where("window", "0:0");
    close(cars.num(r0, "alpha"), 2.0, TOL, "a");
    close(cars.num(r0, "beta"), 0.5, TOL, "b");
    // s^2 = 48 blocks x (0.01 + 0.04 + 0 + 0.04 + 0.01) / (240 - 2).
    let s2: f64 = 48.0 * 0.1 / 238.0;
    close(cars.num(r0, "s"), s2.sqrt(), TOL, "s");
    // Day 0 is block position 0: AV = d_0 + 1 = 1.1.
    close(cars.num(r0, "cav"), 1.1, TOL, "CAV 0:0");
    // X'X = [[240, 240 x 12], [240 x 12, 240 x 144 + 48 x 0.1]]: x_0 = (1, 11.8).
    // (X'X)^-1 quadratic form of x = 1/240 + (x_m - 12)^2 / 4.8.
    let s0 = (s2 * (1.0 + 1.0 / 240.0 + 0.04 / 4.8)).sqrt();
    close(cars.num(r0, "scav"), 1.1 / s0, STATISTIC, "SCAV 0:0");
    // -1:1: d = -0.1, 0.1, -0.2 plus the spike; the market's m sum to 0.2 - 0.2 - 0.1.
    let r1 = cars.row_where("window", "-1:1");
    close(cars.num(r1, "cav"), 0.8, TOL, "CAV -1:1");
    let s_car = (s2 * (3.0 + 9.0 / 240.0 + 0.01 / 4.8)).sqrt();
    close(cars.num(r1, "scav"), 0.8 / s_car, STATISTIC, "SCAV -1:1");
    // The daily file: log volume, its expectation, the abnormal volume and its running sum.
    let av = Csv::read(&out.join("abnormal_volume.csv"));
    assert_eq!(
        av.header,
        [
            "event_id",
            "ticker",
            "rel_day",
            "date",
            "log_volume",
            "expected_log_volume",
            "abnormal_volume",
            "cav"
        ]
    );
    let d0 = av.row_where("rel_day", "0");
    assert_eq!(av.get(d0, "date"), ds[EVENT]);
    close(
        av.num(d0, "log_volume"),
        2.0 + 0.5 * 11.8 + 0.1 + 1.0,
        TOL,
        "V_0",
    );
    close(
        av.num(d0, "expected_log_volume"),
        2.0 + 0.5 * 11.8,
        TOL,
        "E[V_0]",
    );
    close(av.num(d0, "abnormal_volume"), 1.1, TOL, "AV_0");
    // From day -10 (index 270, block position 0) to day 0: two whole blocks and d_0 + 1.
    close(av.num(d0, "cav"), 1.1, TOL, "running CAV");
    assert!(!Path::new(&out.join("abnormal_returns.csv")).exists());
    // The summary speaks of volume; the stock without volume is excluded, saying so.
    let summary = Csv::read(&out.join("summary.csv"));
    assert_eq!(
        &summary.header[3..6],
        ["caav", "median_cav", "share_negative"]
    );
    close(summary.num(0, "caav"), 1.1, TOL, "CAAV 0:0");
    let caar = Csv::read(&out.join("caar.csv"));
    assert_eq!(&caar.header[3..5], ["aav", "caav"]);
    let excluded = Csv::read(&out.join("excluded.csv"));
    assert_eq!(
        excluded.at(("event_id", "B"), "reason"),
        "no volume in the prices of ticker QUIET"
    );
    let svg = out.with_file_name("caar.svg");
    ok(&[
        "plot",
        "caar",
        "--study",
        out.to_str().unwrap(),
        "-o",
        svg.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("Cumulative average abnormal log volume"));
    assert!(text.contains("CAAV (cumulative abnormal log volume)"));
    assert!(!text.contains("CAAR") && !text.contains("abnormal return"));
}

#[test]
fn mean_adjusted_log_volume_by_hand() {
    let (_dir, out, _) = volume_study("mean-adjusted");
    let cars = Csv::read(&out.join("cars.csv"));
    let r0 = cars.row_where("window", "0:0");
    // Mean of 2 + 0.5 (12 + m) + d over whole blocks: 8.
    close(cars.num(r0, "alpha"), 8.0, TOL, "mean");
    assert_eq!(cars.get(r0, "beta"), "");
    // AV_0 = 0.5 m_0 + d_0 + 1 = -0.1 + 0.1 + 1.
    close(cars.num(r0, "cav"), 1.0, TOL, "CAV 0:0");
    // s^2: sample variance of 0.5 m + d over 48 blocks: (0 + 0.0625 + 0 + 0.0625 + 0) x 48 / 239.
    let s2: f64 = 48.0 * 0.125 / 239.0;
    close(cars.num(r0, "s"), s2.sqrt(), TOL, "s");
    close(
        cars.num(r0, "scav"),
        1.0 / (s2 * (1.0 + 1.0 / 240.0)).sqrt(),
        STATISTIC,
        "SCAV 0:0",
    );
}

#[test]
fn volume_with_another_model_or_without_market_volume_is_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let ds = write_volumes(&dir.path().join("prices"));
    let ev = dir.path().join("events.csv");
    std::fs::write(
        &ev,
        format!(
            "event_id,ticker,announce_date,company\nA,LOUD,{},Loud\n",
            ds[EVENT]
        ),
    )
    .unwrap();
    let prices = dir.path().join("prices");
    let base = |market: &str, model: &str| {
        run(&[
            "study",
            "-q",
            "--prices",
            prices.to_str().unwrap(),
            "--market",
            market,
            "--events",
            ev.to_str().unwrap(),
            "--out",
            dir.path().join("out").to_str().unwrap(),
            "--measure",
            "volume",
            "--model",
            model,
        ])
    };
    let out = base("MKT", "market-adjusted");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("mean-adjusted or market"));
    let out = base("QUIET", "market");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no volume column"));
    // Nothing was written.
    assert!(!dir.path().join("out").exists());
}

#[test]
fn beaver_u_by_hand_and_each_measure_in_its_folder() {
    let (dir, ds) = setup();
    let events = format!(
        "event_id,ticker,announce_date,company\nA,ACME,{},Acme\n",
        ds[EVENT]
    );
    let out = study(
        dir.path(),
        &events,
        &["--measure", "return", "--measure", "volatility"],
    );
    // Each measure in its own subfolder, the return study as without --measure.
    let ret = Csv::read(&out.join("return").join("cars.csv"));
    close(
        ret.num(ret.row_where("window", "0:0"), "car"),
        -0.049,
        WORKED,
        "CAR 0:0",
    );
    let vol = out.join("volatility");
    let cars = Csv::read(&vol.join("cars.csv"));
    assert_eq!(
        cars.header,
        [
            "event_id",
            "ticker",
            "announce_date",
            "day0",
            "window",
            "avol",
            "mean_u",
            "L",
            "s",
            "overlaps"
        ]
    );
    // s^2 of the market model: 48 x 10e-6 / 238; U_0 = 0.049^2 / s^2.
    let s2: f64 = 48.0 * 10e-6 / 238.0;
    let u0 = 0.049f64.powi(2) / s2;
    let r0 = cars.row_where("window", "0:0");
    close(cars.num(r0, "avol"), u0 - 1.0, STATISTIC, "avol 0:0");
    close(cars.num(r0, "mean_u"), u0, STATISTIC, "mean U 0:0");
    // -1:1: AR = -0.001, -0.049, -0.002.
    let u = (0.001f64.powi(2) + 0.049f64.powi(2) + 0.002f64.powi(2)) / s2 / 3.0;
    close(
        cars.num(cars.row_where("window", "-1:1"), "avol"),
        u - 1.0,
        STATISTIC,
        "avol -1:1",
    );
    // The summary: Patell, BMP and Kolari-Pynnönen are not defined; the generalised sign
    // test's p is the share of estimation days with U > 1: AR^2 of 4e-6 > s^2 = 2.017e-6
    // on 2 days of every 5.
    let summary = Csv::read(&vol.join("summary.csv"));
    assert_eq!(
        summary.header,
        [
            "group",
            "window",
            "n",
            "mean_avol",
            "median_avol",
            "share_positive",
            "t_cs",
            "p_cs",
            "gen_sign_z",
            "p_gen_sign",
            "rank_z",
            "p_rank",
            "wilcoxon_z",
            "p_wilcoxon",
            "ci_low",
            "ci_high"
        ]
    );
    let s0 = summary.row_where("window", "0:0");
    close(
        summary.num(s0, "mean_avol"),
        u0 - 1.0,
        STATISTIC,
        "mean avol",
    );
    close(
        summary.num(s0, "share_positive"),
        1.0,
        0.0,
        "share positive",
    );
    let z = (1.0 - 0.4) / (0.4f64 * 0.6).sqrt();
    close(
        summary.num(s0, "gen_sign_z"),
        z,
        EXACT,
        "generalised sign z",
    );
    // caar.csv: the day's mean U.
    let caar = Csv::read(&vol.join("caar.csv"));
    assert_eq!(
        caar.header,
        ["group", "rel_day", "n", "mean_u", "ci_low", "ci_high"]
    );
    close(
        caar.num(caar.row_where("rel_day", "0"), "mean_u"),
        u0,
        STATISTIC,
        "mean U day 0",
    );
    // The daily file keeps the abnormal return beside U.
    let daily = Csv::read(&vol.join("abnormal_volatility.csv"));
    let d0 = daily.row_where("rel_day", "0");
    close(daily.num(d0, "abnormal_return"), -0.049, WORKED, "AR day 0");
    close(daily.num(d0, "u"), u0, STATISTIC, "U day 0");
    assert!(
        std::fs::read_to_string(vol.join("study.txt"))
            .unwrap()
            .starts_with("measure: volatility\n")
    );
    // `plot` reads the finished folder back as volatility: its words, never a return's.
    for (kind, words) in [
        (
            "caar",
            "Abnormal volatility (mean U - 1) around layoff announcements",
        ),
        (
            "distribution",
            "Distribution of abnormal volatility (mean U - 1)",
        ),
    ] {
        let svg = dir.path().join(format!("{kind}.svg"));
        ok(&[
            "plot",
            kind,
            "--study",
            vol.to_str().unwrap(),
            "-o",
            svg.to_str().unwrap(),
        ]);
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(text.contains(words), "{kind}");
        assert!(
            !text.contains("CAAR") && !text.contains("abnormal return"),
            "{kind}"
        );
    }
}

#[test]
fn the_report_gains_a_section_and_charts_for_volume() {
    let dir = tempfile::tempdir().unwrap();
    let ds = write_volumes(&dir.path().join("prices"));
    let events = format!(
        "event_id,ticker,announce_date,company\nA,LOUD,{},Loud\n",
        ds[EVENT]
    );
    let out = report(
        dir.path(),
        &events,
        &["--measure", "volume", "--measure", "return"],
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    // The return study leads; the volume section follows with its table and charts.
    let returns = md.find("## Cumulative average abnormal returns").unwrap();
    let volume = md.find("## Abnormal trading volume").unwrap();
    assert!(returns < volume, "{md}");
    assert!(md.contains("| all | 0:0 | 1 | +1.100 |"), "{md}");
    assert!(md.contains("(volume/caar.png)"), "{md}");
    assert!(md.contains("(return/caar.png)"), "{md}");
    for f in [
        "volume/caar.png",
        "volume/cars.csv",
        "return/caar.png",
        "return/cars.csv",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // No volume words speak of returns.
    let section = &md[volume..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    assert!(!section.contains("CAAR"), "{section}");
}
