//! Overlapping events of one company (METHODS.md §8: the `overlaps` column, `--overlap
//! first|drop`, `--clean-estimation`) on a simulated market with hand-placed events, and the
//! cross-sectional regression (§7) checked against a slope computed here.

use std::path::Path;

use super::common::*;

/// Trading dates of a simulated stock, from its price file.
fn dates(prices: &str) -> Vec<String> {
    std::fs::read_to_string(Path::new(prices).join("SIM0001.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

/// Events 1 and 2 of SIM0001 one trading day apart (their -5:5 spans overlap), event 3
/// twenty trading days after event 1, event 4 of SIM0002 on event 1's day.
fn setup(dir: &Path) -> (String, String, Vec<String>) {
    let (prices, _) = simulate_into(dir, (3, 3, 3), false);
    let d = dates(&prices);
    let ev = dir.join("ev.csv");
    let text = format!(
        "event_id,ticker,announce_date\n1,SIM0001,{}\n2,SIM0001,{}\n3,SIM0001,{}\n4,SIM0002,{}\n",
        d[400], d[401], d[420], d[400]
    );
    std::fs::write(&ev, text).unwrap();
    (prices, ev.to_string_lossy().into_owned(), d)
}

fn study(dir: &Path, prices: &str, ev: &str, extra: &[&str]) -> (Csv, String, String) {
    let out = dir.join(format!("out{}", extra.join("").replace('-', "")));
    let mut a = vec![
        "study", "--prices", prices, "--market", "SIMMKT", "--events", ev,
    ];
    a.extend(["--out", out.to_str().unwrap(), "-q"]);
    a.extend_from_slice(extra);
    ok(&a);
    let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
    (
        Csv::parse(&read("cars.csv")),
        read("excluded.csv"),
        read("study.txt"),
    )
}

/// The `overlaps` cell and `L` of an event in window 0:0.
fn cell(c: &Csv, id: &str) -> (String, f64) {
    let r = (0..c.rows.len())
        .find(|&r| c.get(r, "event_id") == id && c.get(r, "window") == "0:0")
        .unwrap_or_else(|| panic!("event {id} in cars.csv"));
    (c.get(r, "overlaps").to_string(), c.num(r, "L"))
}

#[test]
fn overlapping_events_are_listed_and_handled_as_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (prices, ev, _) = setup(dir.path());
    let (cars, excluded, txt) = study(dir.path(), &prices, &ev, &[]);
    assert_eq!(*cars.header.last().unwrap(), "overlaps");
    assert_eq!(cell(&cars, "1").0, "2");
    assert_eq!(cell(&cars, "2").0, "1");
    assert_eq!(cell(&cars, "3").0, "");
    assert_eq!(cell(&cars, "4").0, "", "another ticker never overlaps");
    assert_eq!(
        excluded.lines().count(),
        1,
        "keep excludes nothing: {excluded}"
    );
    assert!(txt.contains("2 studied events overlap"), "{txt}");
    // first: event 2 goes, as it overlaps event 1, which comes first.
    let (cars, excluded, _) = study(dir.path(), &prices, &ev, &["--overlap", "first"]);
    assert!(
        excluded.contains("2,SIM0001,") && excluded.contains("overlaps event 1"),
        "{excluded}"
    );
    assert_eq!(cell(&cars, "1").0, "2");
    assert!((0..cars.rows.len()).all(|r| cars.get(r, "event_id") != "2"));
    // drop: both go.
    let (cars, excluded, _) = study(dir.path(), &prices, &ev, &["--overlap", "drop"]);
    assert!(excluded.contains("overlaps event 2") && excluded.contains("overlaps event 1"));
    let left: Vec<&str> = (0..cars.rows.len())
        .map(|r| cars.get(r, "event_id"))
        .collect();
    assert!(left.iter().all(|id| *id == "3" || *id == "4"), "{left:?}");
}

#[test]
fn clean_estimation_keeps_other_spans_out_of_the_estimation_window() {
    let dir = tempfile::tempdir().unwrap();
    let (prices, ev, _) = setup(dir.path());
    let (plain, _, _) = study(dir.path(), &prices, &ev, &[]);
    let (clean, _, _) = study(dir.path(), &prices, &ev, &["--clean-estimation"]);
    // Event 3's estimation window (-250:-11) holds the spans of events 1 and 2, relative
    // days -25..-15 and -24..-14: 12 days in all, each with a return in the simulation.
    assert_eq!(cell(&clean, "3").1, cell(&plain, "3").1 - 12.0);
    // The other spans lie after the estimation windows of events 1, 2 and 4.
    for id in ["1", "2", "4"] {
        assert_eq!(cell(&clean, id).1, cell(&plain, id).1, "event {id}");
    }
}

/// `--explain pct_laid_off --se classic`: the slope of each window's CARs on the share laid
/// off equals Sxy / Sxx computed here from cars.csv and the events file.
#[test]
fn explain_regresses_cars_on_the_events_terms() {
    let dir = tempfile::tempdir().unwrap();
    let (prices, events) = simulate_into(dir.path(), (10, 30, 3), false);
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let args = [
        "study", "--prices", &prices, "--market", "SIMMKT", "--events", &events,
    ];
    let mut a = args.to_vec();
    a.extend([
        "--out",
        o,
        "-q",
        "--explain",
        "pct_laid_off",
        "--se",
        "classic",
    ]);
    let stdout = ok(&a);
    let coefs = Csv::parse(&std::fs::read_to_string(out.join("regression.csv")).unwrap());
    assert_eq!(
        stdout,
        std::fs::read_to_string(out.join("regression.csv")).unwrap()
    );
    let fit = Csv::parse(&std::fs::read_to_string(out.join("regression_fit.csv")).unwrap());
    let cars = Csv::parse(&std::fs::read_to_string(out.join("cars.csv")).unwrap());
    let ev = Csv::parse(&std::fs::read_to_string(&events).unwrap());
    let pct = |id: &str| ev.num(ev.row_where("event_id", id), "pct_laid_off");
    let pts: Vec<(f64, f64)> = (0..cars.rows.len())
        .filter(|&r| cars.get(r, "window") == "-1:1")
        .map(|r| (pct(cars.get(r, "event_id")), cars.num(r, "car")))
        .collect();
    let n = pts.len() as f64;
    let (mx, my) = (
        pts.iter().map(|p| p.0).sum::<f64>() / n,
        pts.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
    let row = (0..coefs.rows.len())
        .find(|&r| coefs.get(r, "window") == "-1:1" && coefs.get(r, "term") == "pct_laid_off")
        .unwrap();
    close(coefs.num(row, "coef"), sxy / sxx, WORKED, "slope");
    let f = fit.row_where("window", "-1:1");
    assert_eq!(fit.num(f, "n"), n);
    assert_eq!(fit.get(f, "se_type"), "classic");
    // The chart of CAR against the first term, from the study folder.
    let svg = dir.path().join("explain.svg");
    ok(&[
        "plot",
        "explain",
        "--study",
        o,
        "--window",
        "-1:1",
        "-o",
        svg.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.contains("CAR over window -1:1 against pct_laid_off"),
        "title"
    );
    assert!(
        text.contains("negative CAR") && text.contains("positive CAR"),
        "legend"
    );
    // A bad term fails before any file is read.
    let mut bad = args.to_vec();
    bad.extend(["--out", o, "--explain", "size"]);
    assert_eq!(run(&bad).status.code(), Some(2));
}
