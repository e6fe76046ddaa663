//! Every chart renders to PNG and SVG from fixtures; PNGs have the asked size; SVGs carry
//! the title, axis titles and annotations as text; empty input fails cleanly.

use std::path::Path;

use super::common::*;
use super::study::{setup, study};

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[..8], b"\x89PNG\r\n\x1a\n", "{} is a PNG", path.display());
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (be(16), be(20))
}

fn svg_text(path: &Path) -> String {
    let s = std::fs::read_to_string(path).unwrap();
    assert!(s.starts_with("<svg"), "{} is an SVG", path.display());
    s
}

/// Renders with `args` + `-o out.png` (default and 800x450) and `-o out.svg`; returns the SVG.
fn render_both(args: &[&str], dir: &Path, name: &str) -> String {
    let png = dir.join(format!("{name}.png"));
    let mut a = args.to_vec();
    a.extend(["-o", png.to_str().unwrap()]);
    ok(&a);
    assert_eq!(png_size(&png), (1600, 900));
    let small = dir.join(format!("{name}-small.png"));
    let mut a = args.to_vec();
    a.extend([
        "-o",
        small.to_str().unwrap(),
        "--width",
        "800",
        "--height",
        "450",
    ]);
    ok(&a);
    assert_eq!(png_size(&small), (800, 450));
    let svg = dir.join(format!("{name}.svg"));
    let mut a = args.to_vec();
    a.extend(["-o", svg.to_str().unwrap()]);
    ok(&a);
    svg_text(&svg)
}

#[test]
fn event_chart() {
    let dir = tempfile::tempdir().unwrap();
    let prices = fixture("layouts/close_only");
    let market = fixture("market/MKT.csv");
    let svg = render_both(
        &[
            "plot",
            "event",
            "-q",
            "--prices",
            &prices,
            "--market",
            &market,
            "--ticker",
            "ACME",
            "--date",
            "2024-01-10",
            "--chart-window",
            "-2:4",
        ],
        dir.path(),
        "event",
    );
    for text in [
        "ACME around the layoff announcement of 2024-01-10",
        "Return since the close before day 0 (%)",
        "Trading date",
        "+2.00 % on Wed 2024-01-10 (market +1.00 %)",
        "window -1:1",
        "market (MKT)",
        "Jan 10",
    ] {
        assert!(svg.contains(text), "SVG lacks {text:?}");
    }
}

#[test]
fn performance_chart() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ACME.csv"),
        "Date,Close\n2021-12-31,50\n2022-12-30,100\n2023-12-29,180\n2024-03-08,171\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("MKT.csv"),
        "Date,Close\n2021-12-31,400\n2022-12-30,400\n2023-12-29,440\n2024-03-08,462\n",
    )
    .unwrap();
    let p = dir.path().to_str().unwrap();
    let svg = render_both(
        &[
            "plot",
            "performance",
            "-q",
            "--prices",
            p,
            "--market",
            "MKT",
            "--tickers",
            "ACME",
        ],
        dir.path(),
        "perf",
    );
    // 2022: 100/50 - 1 = +100 %; 2023: 180/100 - 1 = +80 %; 2024 (to March): 171/180 - 1 = -5 %.
    for text in [
        "Calendar-year returns: ACME, 2022-2024",
        "+100.0 %",
        "+80.0 %",
        "-5.0 %*",
        "+10.0 %",
        "Return over the year (%)",
        "not complete",
        "market (MKT)",
    ] {
        assert!(svg.contains(text), "SVG lacks {text:?}");
    }
}

#[test]
fn caar_and_distribution_charts_from_a_study() {
    let (dir, ds) = setup();
    let events = format!(
        "ticker,date,industry\nACME,{},Retail\nACME,{},Media\nGAP,{},Media\n",
        ds[280], ds[290], ds[270]
    );
    let out = study(dir.path(), &events, &["--group-by", "industry"]);
    // `study` draws them too.
    assert_eq!(png_size(&out.join("caar.png")), (1600, 900));
    assert_eq!(png_size(&out.join("distribution_-1_1.png")), (1600, 900));
    let o = out.to_str().unwrap();
    // By default groups of fewer than 10 events are named under the chart, not drawn.
    let svg = render_both(&["plot", "caar", "--study", o], dir.path(), "caar");
    assert!(
        svg.contains("Not drawn, fewer than 10 events: Media (N = 2), Retail (N = 1)"),
        "{svg}"
    );
    assert!(!svg.contains("Media (N = 2)</text>"));
    let svg = render_both(
        &["plot", "caar", "--study", o, "--min-group-size", "1"],
        dir.path(),
        "caar1",
    );
    for text in [
        "Cumulative average abnormal return around layoff announcements",
        "CAAR (%)",
        "Trading days relative to the announcement (day 0)",
        "N = 3 events in 2 groups",
        "Media (N = 2)",
        "announcement",
        "market model",
    ] {
        assert!(svg.contains(text), "SVG lacks {text:?}");
    }
    let svg = render_both(
        &["plot", "distribution", "--study", o, "--window", "0:0"],
        dir.path(),
        "dist",
    );
    // CARs 0:0: -0.049 (ACME day 280), +0.031 (ACME day 290), 0.001 (GAP day 270: e = 0.001).
    let mean = (-0.049 + 0.031 + 0.001) / 3.0 * 100.0;
    for text in [
        "Distribution of cumulative abnormal returns, window 0:0".to_string(),
        "CAR over window 0:0 (%)".into(),
        "Events".into(),
        format!("mean {mean:+.2} %"),
        "median +0.10 %".into(),
    ] {
        assert!(svg.contains(&text), "SVG lacks {text:?}");
    }
}

#[test]
fn empty_input_is_a_clear_error_and_no_file() {
    let (dir, ds) = setup();
    // Every event excluded: nothing to draw.
    let out = study(dir.path(), &format!("ticker,date\nNOPE,{}\n", ds[280]), &[]);
    assert!(!out.join("caar.png").exists());
    let png = dir.path().join("c.png");
    let r = run(&[
        "plot",
        "caar",
        "--study",
        out.to_str().unwrap(),
        "-o",
        png.to_str().unwrap(),
    ]);
    // The data holds nothing to draw: exit 1, as for any data that cannot answer.
    assert_eq!(r.status.code(), Some(1));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("nothing to draw") && !err.contains("panicked"),
        "{err}"
    );
    assert!(!png.exists());
    let r = run(&[
        "plot",
        "distribution",
        "--study",
        out.to_str().unwrap(),
        "-o",
        png.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(1));
    assert!(!png.exists());
    // A wrong extension is bad usage.
    let r = run(&[
        "plot",
        "caar",
        "--study",
        out.to_str().unwrap(),
        "-o",
        dir.path().join("c.jpg").to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(2));
}
