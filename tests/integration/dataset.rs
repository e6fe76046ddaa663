//! Parquet datasets partitioned by ticker (`prices/ticker=X/part-0.parquet`): a study reads
//! only the tickers its events need, a slice at a time within `--memory-limit`, and gives
//! the same files as the same prices in one file.

use std::path::Path;

use crate::common::{ok, run, simulate_as};

/// A simulated market written both ways: (dataset folder, Parquet file, events file).
fn both_ways(dir: &Path) -> (String, String, String) {
    let (ds, _) = simulate_as(&dir.join("ds"), (40, 300, 4), "dataset");
    let (one, events) = simulate_as(&dir.join("one"), (40, 300, 4), "parquet");
    (ds, one, events)
}

fn study(prices: &str, events: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut a = vec![
        "study",
        "-q",
        "--prices",
        prices,
        "--market",
        "SIMMKT",
        "--events",
        events,
        "--out",
        out.to_str().unwrap(),
    ];
    a.extend(extra);
    run(&a)
}

fn same_files(a: &Path, b: &Path) {
    let mut names: Vec<_> = std::fs::read_dir(a)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    for n in names {
        assert_eq!(
            std::fs::read(a.join(&n)).unwrap(),
            std::fs::read(b.join(&n)).unwrap(),
            "{n:?} differs"
        );
    }
}

#[test]
fn a_dataset_read_by_slices_gives_the_files_of_one_parquet_file() {
    let dir = tempfile::tempdir().unwrap();
    let (ds, one, events) = both_ways(dir.path());
    assert!(
        Path::new(&ds)
            .join("ticker=SIM0007/part-0.parquet")
            .is_file()
    );
    assert!(
        Path::new(&ds)
            .join("ticker=SIMMKT/part-0.parquet")
            .is_file()
    );
    let whole = dir.path().join("whole");
    assert!(
        study(&one, &events, &whole, &["--group-by", "industry"])
            .status
            .success()
    );
    // A 1 MiB limit holds a few tickers at a time: many slices.
    for limit in ["1M", "64M"] {
        let out = dir.path().join(format!("sliced{limit}"));
        let o = study(
            &ds,
            &events,
            &out,
            &["--group-by", "industry", "--memory-limit", limit],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        same_files(&whole, &out);
    }
}

#[test]
fn only_the_tickers_the_events_need_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let (ds, _, events) = both_ways(dir.path());
    // Events of SIM0001 and SIM0002 only; another ticker's file is broken.
    let text = std::fs::read_to_string(&events).unwrap();
    let mut lines = text.lines();
    let mut kept = vec![lines.next().unwrap().to_string()];
    kept.extend(
        lines
            .filter(|l| l.contains(",SIM0001,") || l.contains(",SIM0002,"))
            .map(str::to_string),
    );
    assert!(kept.len() > 3);
    let few = dir.path().join("few.csv");
    std::fs::write(&few, kept.join("\n") + "\n").unwrap();
    let broken = Path::new(&ds).join("ticker=SIM0030/part-0.parquet");
    std::fs::write(&broken, b"not parquet at all").unwrap();
    let out = dir.path().join("few");
    let o = study(&ds, few.to_str().unwrap(), &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cars = std::fs::read_to_string(out.join("cars.csv")).unwrap();
    assert!(cars.contains("SIM0001") && !cars.contains("SIM0030"));
    // A needed ticker's broken file is an error naming it (exit 1).
    let o = study(&ds, &events, &dir.path().join("all"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("ticker=SIM0030"), "{err}");
}

#[test]
fn partitions_with_several_files_or_a_ticker_column_and_bad_partitions() {
    let dir = tempfile::tempdir().unwrap();
    let (ds, one, events) = both_ways(dir.path());
    // Other commands read a dataset whole: the same returns as from the one file.
    let returns = |prices: &str| {
        ok(&[
            "returns", "-q", "--prices", prices, "--market", "SIMMKT", "--events", &events,
        ])
    };
    assert_eq!(returns(&ds), returns(&one));
    // A partition of two files, one of them with a ticker column: the same series.
    let p = Path::new(&ds);
    {
        use polars::prelude::*;
        let part = p.join("ticker=SIM0005");
        let f = std::fs::File::open(part.join("part-0.parquet")).unwrap();
        let df = ParquetReader::new(f).finish().unwrap();
        let h = df.height() / 2;
        let mut early = df.slice(0, h);
        let mut late = df.slice(h as i64, df.height() - h);
        late.with_column(Column::new("ticker".into(), vec!["sim0005"; late.height()]))
            .unwrap();
        let write = |df: &mut DataFrame, name: &str| {
            let f = std::fs::File::create(part.join(name)).unwrap();
            ParquetWriter::new(f).finish(df).unwrap();
        };
        // Named so that the later dates come first in file order.
        write(&mut late, "part-0.parquet");
        write(&mut early, "part-1.parquet");
    }
    assert_eq!(returns(&ds), returns(&one));
    // A lower-case, %-escaped partition name is a ticker; a bad one is an error naming it.
    std::fs::rename(p.join("ticker=SIM0003"), p.join("symbol=sim%30003")).unwrap();
    assert_eq!(returns(&ds), returns(&one));
    std::fs::create_dir(p.join("ticker=..%2Fetc")).unwrap();
    let o = run(&[
        "returns", "-q", "--prices", &ds, "--market", "SIMMKT", "--events", &events,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ticker=..%2Fetc"));
    std::fs::remove_dir(p.join("ticker=..%2Fetc")).unwrap();
    // Two partitions of one ticker are refused.
    std::fs::create_dir(p.join("ticker=SIM0003")).unwrap();
    std::fs::copy(
        p.join("symbol=sim%30003/part-0.parquet"),
        p.join("ticker=SIM0003/part-0.parquet"),
    )
    .unwrap();
    let o = study(&ds, &events, &dir.path().join("twice"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("two partitions"));
}

#[test]
fn memory_limits_are_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let (ds, _, events) = both_ways(dir.path());
    for bad in ["lots", "-1G", "12Q", "0", "100K"] {
        let o = study(
            &ds,
            &events,
            &dir.path().join("x"),
            &["--memory-limit", bad],
        );
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("--memory-limit"));
    }
    for good in ["1.5G", "512m", "300MiB", "2097152"] {
        let o = study(
            &ds,
            &events,
            &dir.path().join("y"),
            &["--memory-limit", good],
        );
        assert!(
            o.status.success(),
            "{good}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn prices_driven_out_of_range_leave_no_partial_folder() {
    // A daily noise of 30 % over 40 years drives every stock's price below 1e-6.
    let dir = tempfile::tempdir().unwrap();
    for format in ["csv", "dataset"] {
        let out = dir.path().join(format);
        let o = run(&[
            "simulate",
            "-q",
            "--out",
            out.to_str().unwrap(),
            "--stocks",
            "20",
            "--years",
            "40",
            "--events",
            "10",
            "--noise-sd",
            "0.3",
            "--price-format",
            format,
        ]);
        assert_eq!(o.status.code(), Some(2), "{format}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("to a price of"));
        assert!(
            !out.join("prices").exists(),
            "{format}: a partial prices folder"
        );
    }
}
