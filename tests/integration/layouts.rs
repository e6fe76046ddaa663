//! Every price layout, read from a hand-made fixture whose values are checked by hand.
//! ACME's adjusted prices are 100, 100, 102, 99.96, 101.9592, 100, 100 on 2024-01-08..17
//! (trading days; 13-15 closed); the market MKT closes 400, 400, 404, ...

use super::common::*;

fn day_return(layout: &str, extra: &[&str]) -> Csv {
    let prices = fixture(&format!("layouts/{layout}"));
    let market = fixture("market/MKT.csv");
    let mut args = vec![
        "returns",
        "--prices",
        &prices,
        "--market",
        &market,
        "--ticker",
        "ACME",
        "--date",
        "2024-01-10",
    ];
    args.extend_from_slice(extra);
    Csv::parse(&ok(&args))
}

#[test]
fn every_layout_gives_the_hand_computed_announcement_return() {
    for layout in [
        "yahoo",
        "close_only",
        "yf_history",
        "yf_download",
        "stooq",
        "nasdaq",
        "lowercase",
        "long",
    ] {
        let t = day_return(layout, &[]);
        assert_eq!(t.rows.len(), 1, "{layout}");
        assert_eq!(t.get(0, "day0"), "2024-01-10", "{layout}");
        assert_eq!(t.get(0, "prev_date"), "2024-01-09", "{layout}");
        // 102 / 100 - 1 = 0.02; the market 404 / 400 - 1 = 0.01.
        close(t.num(0, "return"), 102.0 / 100.0 - 1.0, EXACT, layout);
        close(t.num(0, "market_return"), 0.01, EXACT, layout);
        close(t.num(0, "market_adjusted"), 0.01, EXACT, layout);
    }
}

#[test]
fn output_columns_are_the_contract() {
    let t = day_return("yahoo", &[]);
    assert_eq!(
        t.header,
        [
            "event_id",
            "ticker",
            "announce_date",
            "day0",
            "prev_date",
            "prev_price",
            "price",
            "return",
            "market_return",
            "market_adjusted"
        ]
    );
}

#[test]
fn price_close_forces_the_unadjusted_close() {
    // Yahoo's Close goes 200 -> 206: +3 %, while Adj Close gives +2 %.
    let t = day_return("yahoo", &["--price", "close"]);
    close(t.num(0, "return"), 206.0 / 200.0 - 1.0, EXACT, "close");
    let t = day_return("long", &["--price", "close"]);
    close(t.num(0, "return"), 206.0 / 200.0 - 1.0, EXACT, "long close");
}

#[test]
fn log_returns() {
    let t = day_return("stooq", &["--log-returns"]);
    close(t.num(0, "return"), (1.02f64).ln(), EXACT, "log");
}

#[test]
fn multi_ticker_download_reads_each_ticker() {
    let prices = fixture("layouts/yf_download");
    let market = fixture("market/MKT.csv");
    let out = ok(&[
        "returns",
        "--prices",
        &prices,
        "--market",
        &market,
        "--date",
        "2024-01-10",
    ]);
    let t = Csv::parse(&out);
    let beta = t.row_where("ticker", "BETA");
    close(t.num(beta, "return"), 49.0 / 50.0 - 1.0, EXACT, "BETA");
}

#[test]
fn table_format_shows_percentages_and_json_fractions() {
    let prices = fixture("layouts/yahoo");
    let market = fixture("market/MKT.csv");
    let base = [
        "returns",
        "--prices",
        &prices,
        "--market",
        &market,
        "--ticker",
        "ACME",
        "--date",
        "2024-01-10",
    ];
    let mut a = base.to_vec();
    a.extend(["--format", "table"]);
    let table = ok(&a);
    assert!(table.contains("+2.00 %"), "{table}");
    let mut a = base.to_vec();
    a.extend(["--format", "json"]);
    let json = ok(&a);
    assert!(json.contains("\"return\": 0.02"), "{json}");
}

#[test]
fn two_sources_first_wins_and_the_shadowed_one_is_reported() {
    let a = fixture("layouts/yahoo");
    let b = fixture("layouts/close_only");
    let market = fixture("market/MKT.csv");
    let out = run(&[
        "returns",
        "--prices",
        &a,
        "--prices",
        &b,
        "--market",
        &market,
        "--ticker",
        "ACME",
        "--date",
        "2024-01-10",
        "--price",
        "close",
    ]);
    assert!(out.status.success());
    let t = Csv::parse(&String::from_utf8_lossy(&out.stdout));
    // The Yahoo file wins: its Close gives +3 %.
    close(t.num(0, "return"), 0.03, EXACT, "first source");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("shadowed"), "{err}");
}

#[test]
fn long_parquet_file_reads_like_the_csv_folder() {
    // The same simulated market written both ways must give the same study inputs.
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("csv"), dir.path().join("pq"));
    for (out, fmt) in [(&a, "csv"), (&b, "parquet")] {
        ok(&[
            "simulate",
            "-q",
            "--out",
            out.to_str().unwrap(),
            "--stocks",
            "3",
            "--years",
            "2",
            "--events",
            "4",
            "--seed",
            "9",
            "--price-format",
            fmt,
        ]);
    }
    let from_csv = ok(&[
        "returns",
        "-q",
        "--prices",
        a.join("prices").to_str().unwrap(),
        "--market",
        "SIMMKT",
        "--events",
        a.join("events.csv").to_str().unwrap(),
    ]);
    let from_parquet = ok(&[
        "returns",
        "-q",
        "--prices",
        b.join("prices.parquet").to_str().unwrap(),
        "--market",
        "SIMMKT",
        "--events",
        b.join("events.csv").to_str().unwrap(),
    ]);
    let (x, y) = (Csv::parse(&from_csv), Csv::parse(&from_parquet));
    assert_eq!(x.rows.len(), 4);
    for r in 0..4 {
        assert_eq!(x.get(r, "day0"), y.get(r, "day0"));
        // CSV holds 17 significant digits; Parquet the exact doubles.
        close(
            x.num(r, "return"),
            y.num(r, "return"),
            EXACT,
            "parquet vs csv",
        );
    }
}

/// Volume (METHODS §10) from every layout that has one, and through a Parquet file and a
/// dataset partitioned by ticker: ACME's volumes are 1000, 1100, ... on 2024-01-08..17.
#[test]
fn volume_is_read_from_every_layout_that_has_it_and_kept_through_parquet() {
    use layoff_study::import::{self, PriceOptions};
    let opts = PriceOptions::default();
    let on = |p: &layoff_study::series::Panel, d: &str| {
        let s = p.get("ACME").expect("ACME");
        let day = layoff_study::date::parse(d).unwrap();
        s.row_of(day).map(|i| s.volume[i])
    };
    for layout in [
        "yahoo",
        "yf_history",
        "yf_download",
        "stooq",
        "nasdaq",
        "lowercase",
    ] {
        let panel = import::load(&[fixture(&format!("layouts/{layout}")).into()], &opts).unwrap();
        assert_eq!(on(&panel, "2024-01-09"), Some(1100.0), "{layout}");
        if layout != "lowercase" {
            assert_eq!(on(&panel, "2024-01-17"), Some(1600.0), "{layout}");
        }
    }
    // An empty volume field is missing, not zero.
    let lower = import::load(&[fixture("layouts/lowercase").into()], &opts).unwrap();
    assert!(on(&lower, "2024-01-10").unwrap().is_nan());
    // Layouts without a volume column have none.
    for layout in ["close_only", "long"] {
        let panel = import::load(&[fixture(&format!("layouts/{layout}")).into()], &opts).unwrap();
        assert!(
            panel.get("ACME").unwrap().volume.iter().all(|v| v.is_nan()),
            "{layout}"
        );
    }
    // Written to a long Parquet file and read back, and as a dataset partitioned by ticker.
    let yahoo = import::load(&[fixture("layouts/yahoo").into()], &opts).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("prices.parquet");
    let mut df = import::parquet::panel_frame(&yahoo).unwrap();
    import::parquet::write(&mut df, &file).unwrap();
    let back = import::load(&[file], &opts).unwrap();
    assert_eq!(on(&back, "2024-01-09"), Some(1100.0));
    let part = dir.path().join("ds").join("ticker=ACME");
    std::fs::create_dir_all(&part).unwrap();
    let mut one = import::parquet::panel_frame(&yahoo).unwrap();
    import::parquet::write(&mut one, &part.join("part-0.parquet")).unwrap();
    let ds = layoff_study::import::dataset::Dataset::open(&dir.path().join("ds"), &opts).unwrap();
    let s = ds.series(ds.position("ACME").unwrap()).unwrap();
    let day = layoff_study::date::parse("2024-01-16").unwrap();
    assert_eq!(s.volume[s.row_of(day).unwrap()], 1500.0);
}
