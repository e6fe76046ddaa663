//! The Amazon story on every real layout in the shared data: AMZN +1.559 % on 2024-01-10
//! (151.37 -> 153.73) and +80.88 % over 2023 (84.00 -> 151.94); SPY +0.566 % that day.
//! Tolerance: 0.001 percentage points (1e-5 as a fraction).

use super::common::*;

const PP_001: f64 = 1e-5;

/// Folders holding AMZN, and the market each is checked with (a ticker of the folder or a
/// file of the data folder).
const AMZN_SOURCES: &[(&str, &str)] = &[
    (
        "prices_yahoo_adjclose_dieperdev_2024-03",
        "prices_lowercase_kronos_2026-04/SPY.csv",
    ),
    ("prices_close_only_dsturdy_2026-08", "SPY"),
    ("prices_yfhistory_zjplab_2026-08", "^GSPC"),
];

fn market_arg(data: &std::path::Path, market: &str) -> String {
    if market.ends_with(".csv") {
        data.join(market).to_string_lossy().into_owned()
    } else {
        market.to_string()
    }
}

#[test]
fn amzn_announcement_day_return_from_every_layout() {
    let Some(data) = real_data() else { return };
    for (folder, market) in AMZN_SOURCES {
        let p = data.join(folder);
        let market = market_arg(&data, market);
        let t = Csv::parse(&ok(&[
            "returns",
            "-q",
            "--prices",
            p.to_str().unwrap(),
            "--market",
            &market,
            "--ticker",
            "AMZN",
            "--date",
            "2024-01-10",
        ]));
        assert_eq!(t.get(0, "prev_date"), "2024-01-09", "{folder}");
        // Published closes: 151.37 -> 153.73.
        close(t.num(0, "return"), 153.73 / 151.37 - 1.0, PP_001, folder);
        close(t.num(0, "return"), 0.01559, PP_001, folder);
        close(t.num(0, "prev_price"), 151.37, 0.005, folder);
        close(t.num(0, "price"), 153.73, 0.005, folder);
    }
}

#[test]
fn amzn_2023_performance_from_every_layout() {
    let Some(data) = real_data() else { return };
    for (folder, market) in AMZN_SOURCES {
        let p = data.join(folder);
        let market = market_arg(&data, market);
        let t = Csv::parse(&ok(&[
            "performance",
            "-q",
            "--prices",
            p.to_str().unwrap(),
            "--market",
            &market,
            "--tickers",
            "AMZN",
            "--year",
            "2023",
        ]));
        assert_eq!(t.get(0, "start_date"), "2022-12-30", "{folder}");
        assert_eq!(t.get(0, "end_date"), "2023-12-29", "{folder}");
        assert_eq!(t.get(0, "complete"), "true", "{folder}");
        // Published closes: 84.00 -> 151.94.
        close(t.num(0, "return"), 151.94 / 84.00 - 1.0, PP_001, folder);
    }
}

#[test]
fn spy_return_on_2024_01_10_from_two_sources() {
    let Some(data) = real_data() else { return };
    for folder in [
        "prices_lowercase_kronos_2026-04",
        "prices_close_only_dsturdy_2026-08",
    ] {
        let p = data.join(folder);
        let t = Csv::parse(&ok(&[
            "returns",
            "-q",
            "--prices",
            p.to_str().unwrap(),
            "--market",
            "SPY",
            "--ticker",
            "SPY",
            "--date",
            "2024-01-10",
        ]));
        // Published: +0.566 % (rounded to 0.001 pp, so within 0.0005 pp + rounding of the source).
        close(t.num(0, "return") * 100.0, 0.566, 0.001, folder);
    }
}

#[test]
fn amzn_2024_is_incomplete_in_a_file_ending_2024_03_08() {
    let Some(data) = real_data() else { return };
    let p = data.join("prices_yahoo_adjclose_dieperdev_2024-03");
    let market = market_arg(&data, "prices_lowercase_kronos_2026-04/SPY.csv");
    let t = Csv::parse(&ok(&[
        "performance",
        "-q",
        "--prices",
        p.to_str().unwrap(),
        "--market",
        &market,
        "--tickers",
        "AMZN",
        "--year",
        "2024",
    ]));
    assert_eq!(t.get(0, "end_date"), "2024-03-08");
    assert_eq!(t.get(0, "complete"), "false");
}

#[test]
fn layoffs_fyi_exports_read_with_a_ticker_map() {
    let Some(data) = real_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.csv");
    std::fs::write(&map, "company,ticker\nAmazon,AMZN\nMicrosoft,MSFT\n").unwrap();
    let prices = data.join("prices_close_only_dsturdy_2026-08");
    for file in [
        "layoffs_fyi_2026/layoffs.csv",
        "layoffs_kaggle_2023/layoffs.csv",
    ] {
        let ev = data.join(file);
        let t = Csv::parse(&ok(&[
            "returns",
            "-q",
            "--prices",
            prices.to_str().unwrap(),
            "--market",
            "SPY",
            "--events",
            ev.to_str().unwrap(),
            "--tickers",
            map.to_str().unwrap(),
            "--no-aliases",
        ]));
        assert!(
            t.rows.len() >= 5,
            "{file}: {} Amazon/Microsoft events",
            t.rows.len()
        );
        assert!(t.rows.iter().all(|r| r[1] == "AMZN" || r[1] == "MSFT"));
    }
    // The 2026 export holds Amazon's 2024-01-10 row (Prime Video / MGM Studios).
    let ev = data.join("layoffs_fyi_2026/layoffs.csv");
    let t = Csv::parse(&ok(&[
        "returns",
        "-q",
        "--prices",
        prices.to_str().unwrap(),
        "--market",
        "SPY",
        "--events",
        ev.to_str().unwrap(),
        "--tickers",
        map.to_str().unwrap(),
    ]));
    let r = (0..t.rows.len())
        .find(|&r| t.get(r, "announce_date") == "2024-01-10" && t.get(r, "ticker") == "AMZN")
        .expect("Amazon on 2024-01-10");
    close(
        t.num(r, "return"),
        153.73 / 151.37 - 1.0,
        PP_001,
        "layoffs.fyi Amazon 2024-01-10",
    );
}
