//! `report` and `demo`: the folder is a complete deliverable; the bundled sample is the
//! project's own, remade byte for byte from its documented command.

use std::path::Path;

use super::common::*;

fn repo(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn demo_runs_offline_and_reports_the_injected_effect() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    ok(&["demo", "-q", "--out", out.to_str().unwrap()]);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("SIMULATED DATA"), "labelled as simulated");
    assert!(md.contains("**40 events studied**, 0 excluded"), "{md}");
    for f in [
        "caar.png",
        "distribution_0_0.png",
        "event_most_negative.png",
        "performance.png",
        "cars.csv",
        "summary.csv",
        "events.csv",
        "returns.csv",
    ] {
        assert!(out.join(f).exists(), "{f}");
        assert!(md.contains(f), "report.md mentions {f}");
    }
    // The CAAR of window 0:0 is the mean of the 40 CARs in cars.csv, and sits near the
    // injected -1.5 %.
    let cars = Csv::read(&out.join("cars.csv"));
    let day0: Vec<f64> = (0..cars.rows.len())
        .filter(|&r| cars.get(r, "window") == "0:0")
        .map(|r| cars.num(r, "car"))
        .collect();
    assert_eq!(day0.len(), 40);
    let mean = day0.iter().sum::<f64>() / 40.0;
    let sum = Csv::read(&out.join("summary.csv"));
    let r = sum.row_where("window", "0:0");
    close(sum.num(r, "caar"), mean, EXACT, "CAAR");
    assert!((mean + 0.015).abs() < 0.01, "CAAR {mean} near -1.5 %");
    assert!(
        md.contains(&format!("| all | 0:0 | 40 | {:+.2} % |", mean * 100.0)),
        "the table shows the CAAR"
    );
}

#[test]
fn the_sample_is_remade_by_its_documented_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample");
    ok(&[
        "simulate",
        "-q",
        "--out",
        out.to_str().unwrap(),
        "--stocks",
        "40",
        "--years",
        "2",
        "--start-year",
        "2022",
        "--events",
        "40",
        "--effect",
        "-0.015",
        "--seed",
        "2024",
        "--price-format",
        "parquet",
    ]);
    for f in ["events.csv", "SIMULATED.txt"] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(repo(&format!("data/sample/{f}"))).unwrap(),
            "{f}"
        );
    }
    let returns = |prices: &str| {
        ok(&[
            "returns",
            "-q",
            "--prices",
            prices,
            "--market",
            "SIMMKT",
            "--events",
            &repo("data/sample/events.csv"),
        ])
    };
    assert_eq!(
        returns(out.join("prices.parquet").to_str().unwrap()),
        returns(&repo("data/sample/prices.parquet"))
    );
}

#[test]
fn report_on_the_seed_events_tells_the_amazon_story() {
    let Some(data) = real_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("story");
    let prices = data.join("prices_close_only_dsturdy_2026-08");
    ok(&[
        "report",
        "-q",
        "--prices",
        prices.to_str().unwrap(),
        "--market",
        "SPY",
        "--events",
        &repo("data/events/seed_events.csv"),
        "--out",
        out.to_str().unwrap(),
    ]);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("**4 events studied**"), "{md}");
    // 151.37 -> 153.73 = +1.56 %, SPY +0.57 %, market-adjusted +0.99 %.
    assert!(md.contains("| Amazon (Prime Video & Amazon MGM Studios) | AMZN | 2024-01-10 | 2024-01-10 | +1.56 % | +0.57 % | +0.99 % |"), "{md}");
    let r = Csv::read(&out.join("returns.csv"));
    let a = r.row_where("event_id", "amzn-2024-01-10");
    close(
        r.num(a, "return"),
        153.73 / 151.37 - 1.0,
        1e-5,
        "AMZN 2024-01-10",
    );
}

/// The page stands alone: everything inline, nothing fetched, the tables and every chart
/// there; the workbook is a zip archive with one sheet per table (read back cell by cell
/// against the CSV files by tests/python/report_outputs.py).
#[test]
fn the_report_page_is_self_contained_and_the_workbook_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    ok(&["demo", "-q", "--out", out.to_str().unwrap()]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains("default-src 'none'"),
        "requests are forbidden"
    );
    for outside in ["<link", "<img", " src=", "url(", "@import"] {
        assert!(!html.contains(outside), "report.html holds {outside}");
    }
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let charts = md.matches("\n![").count();
    assert_eq!(
        html.matches("<svg ").count(),
        charts,
        "one inline SVG per chart"
    );
    assert!(html.contains("<table class=\"sortable\" id=\"events\">"));
    // Every event has a row, and the table is complete without script.
    let table = &html[html.find("id=\"events\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(table.matches("<tr>").count(), 41, "a header and 40 events");
    assert!(html.contains("<td>all</td><td>0:0</td><td class=\"n\">40</td>"));
    let xlsx = std::fs::read(out.join("results.xlsx")).unwrap();
    assert_eq!(&xlsx[..2], b"PK", "an xlsx file is a zip archive");
}

/// `study --xlsx FILE` writes the workbook; a name that is not .xlsx is a usage error
/// before any work.
#[test]
fn study_writes_a_workbook_and_refuses_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let sample = repo("data/sample");
    let prices = format!("{sample}/prices.parquet");
    let events = format!("{sample}/events.csv");
    let out = dir.path().join("study");
    let xlsx = dir.path().join("results.xlsx");
    let args = |x: &str| {
        vec![
            "study".to_string(),
            "-q".into(),
            "--prices".into(),
            prices.clone(),
            "--market".into(),
            "SIMMKT".into(),
            "--events".into(),
            events.clone(),
            "--out".into(),
            out.to_string_lossy().into_owned(),
            "--xlsx".into(),
            x.to_string(),
        ]
    };
    let a = args(xlsx.to_str().unwrap());
    ok(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK");
    let bad = dir
        .path()
        .join("results.csv")
        .to_string_lossy()
        .into_owned();
    let a = args(&bad);
    let o = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(2), "--xlsx {bad}");
    assert!(!dir.path().join("results.csv").exists());
}

/// `report` into `out` on every real layoffs.fyi event of 2020-06..2023-12 (private
/// companies too), names matched with the SEC list, with `extra` flags.
fn real_report(data: &Path, out: &Path, extra: &[&str]) {
    let prices = data.join("prices_close_only_dsturdy_2026-08");
    let events = data.join("layoffs_fyi_2026/layoffs.csv");
    let sec = data.join("ticker_mapping/sec_company_tickers.json");
    let mut args = vec![
        "report",
        "-q",
        "--prices",
        prices.to_str().unwrap(),
        "--market",
        "SPY",
        "--events",
        events.to_str().unwrap(),
        "--sec",
        sec.to_str().unwrap(),
        "--from",
        "2020-06-01",
        "--to",
        "2023-12-31",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    ok(&args);
}

/// The report on the real layoffs.fyi events 2020-06..2023-12 (SEC names, groups by year):
/// the first paragraph says N, the day-0 and widest windows' CAAR with their 95 %
/// interval and the t test's verdict, each equal to `summary.csv`; the events studied are
/// the sortable table, the others a folded table with short reasons; counts are integers;
/// the group of 3 events of 2021 is named under the CAAR chart, not drawn.
#[test]
fn the_real_report_says_what_it_found_first() {
    let Some(data) = real_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("real");
    real_report(&data, &out, &["--group-by", "year"]);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let first = md.lines().nth(2).unwrap();
    let s = Csv::read(&out.join("summary.csv"));
    let pct = |v: f64| format!("{:+.2} %", v * 100.0);
    for (i, window) in [(0, "0:0"), (1, "-5:5")] {
        let row = (0..s.rows.len())
            .find(|&r| s.get(r, "group") == "all" && s.get(r, "window") == window)
            .unwrap();
        let n = s.get(row, "n");
        if i == 0 {
            assert!(first.starts_with(&format!("**{n} layoff announcements studied: on the day of the announcement, shares moved {} on average", pct(s.num(row, "caar")))), "{first}");
        } else {
            assert!(first.contains(&format!("Over trading days -5 to +5 around the announcement, the cumulative abnormal return averaged {}", pct(s.num(row, "caar")))), "{first}");
        }
        let ci = format!(
            "95 % confidence interval {} to {}",
            pct(s.num(row, "ci_low")),
            pct(s.num(row, "ci_high"))
        );
        assert!(first.contains(&ci), "{ci} in {first}");
        let p = s.num(row, "p_cs");
        let verdict = if p < 0.05 {
            format!("different from zero at the 5 % level (t test p = {p:.3}")
        } else {
            format!("not distinguishable from zero at the 5 % level (t test p = {p:.3}")
        };
        assert!(first.contains(&verdict), "{verdict} in {first}");
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let events = Csv::read(&out.join("events.csv"));
    let cars = Csv::read(&out.join("cars.csv"));
    let studied: std::collections::BTreeSet<&str> = (0..cars.rows.len())
        .map(|r| cars.get(r, "event_id"))
        .collect();
    let table = |id: &str| {
        let t = &html[html.find(&format!("id=\"{id}\"")).unwrap()..];
        t[..t.find("</table>").unwrap()].to_string()
    };
    let (ours, others) = (table("events"), table("not-studied"));
    assert_eq!(ours.matches("<tr>").count(), studied.len() + 1);
    assert_eq!(
        others.matches("<tr>").count(),
        events.rows.len() - studied.len() + 1
    );
    let folded = &html[..html.find("id=\"not-studied\"").unwrap()];
    assert!(folded.rfind("<details>") > folded.rfind("</details>"));
    // Short reasons, integer counts.
    for row in others.split("<tr>").skip(2) {
        let cells: Vec<&str> = row.split("<td").collect();
        let reason = cells.last().unwrap();
        let text = &reason[reason.find('>').unwrap() + 1..reason.find("</td>").unwrap()];
        assert!(text.chars().count() <= 40, "{text}");
    }
    assert!(!ours.contains(".00</td>") && !others.contains(".00</td>"));
    assert!(html.contains("Not drawn, fewer than 10 events: 2021 (N = 3)"));
}

/// Small things a user meets: `--help` lists every chart of `plot`; where the joint F of
/// a clustered regression is not defined (industries whose events all come from one
/// company) the report and `study.txt` say so and why; `regression_data.csv` holds the
/// categorical terms too.
#[test]
fn the_report_says_why_a_joint_f_is_missing() {
    let help = ok(&["--help"]);
    assert!(help.contains("distribution or explain"), "{help}");
    let Some(data) = real_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    real_report(
        &data,
        &out,
        &[
            "--explain",
            "laid_off,pct_laid_off,industry",
            "--se",
            "cluster:company",
        ],
    );
    let fit = Csv::read(&out.join("regression_fit.csv"));
    assert_eq!(fit.get(0, "f"), "");
    let why = "the joint F test is not defined: the covariance of the";
    let study = std::fs::read_to_string(out.join("study.txt")).unwrap();
    assert!(study.contains(&format!("window 0:0: {why}")), "{study}");
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("The joint F test of window 0:0 is not defined"),
        "{md}"
    );
    let data_file = std::fs::read_to_string(out.join("regression_data.csv")).unwrap();
    assert!(
        data_file.starts_with("window,event_id,company,laid_off,pct_laid_off,industry,car\n"),
        "{}",
        &data_file[..200]
    );
}
