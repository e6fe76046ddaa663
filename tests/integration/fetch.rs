//! `fetch` against a real HTTP server on 127.0.0.1 started by each test (no mocked client):
//! both providers, nulls, a split and a dividend, a 500 then a 200, a 429 with
//! Retry-After, a body cut off half way, an unknown symbol, and a re-run from the cache.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use layoff_study::date;

use super::common::*;

pub(super) enum Reply {
    Full(u16, Vec<(String, String)>, Vec<u8>),
    /// Declares the whole length but sends only the first half, then closes.
    Cut(Vec<u8>),
    /// Answers only after this many milliseconds.
    Slow(u64, Box<Reply>),
    /// Sends these bytes as the whole answer (status line, headers and body), then closes.
    Raw(Vec<u8>),
    /// A 200 with a chunked body that never ends (stops after 256 MiB, or when the client
    /// hangs up).
    Endless,
}

pub(super) struct Server {
    pub(super) base: String,
    /// Request targets (path and query) in order.
    pub(super) hits: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub(super) fn hits_of(&self, needle: &str) -> Vec<String> {
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.contains(needle))
            .cloned()
            .collect()
    }
}

/// Serves until the test process ends; `reply(target, n)` answers the n-th (0-based)
/// request for a path.
pub(super) fn serve(reply: impl Fn(&str, usize) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(Mutex::new(Vec::new()));
    let log = hits.clone();
    let reply = Arc::new(reply);
    let count: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (reply, count, log) = (reply.clone(), count.clone(), log.clone());
            // One thread per connection, so a slow answer does not hold up the next request.
            std::thread::spawn(move || answer(stream, &*reply, &count, &log));
        }
    });
    Server { base, hits }
}

fn answer(
    mut stream: std::net::TcpStream,
    reply: &(dyn Fn(&str, usize) -> Reply + Send + Sync),
    count: &Mutex<HashMap<String, usize>>,
    log: &Mutex<Vec<String>>,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut l = String::new();
        if reader.read_line(&mut l).unwrap_or(0) == 0 || l == "\r\n" {
            break;
        }
    }
    let target = first.split_whitespace().nth(1).unwrap_or("").to_string();
    let path = target.split('?').next().unwrap_or("").to_string();
    let n = {
        let mut c = count.lock().unwrap();
        let e = c.entry(path).or_insert(0);
        *e += 1;
        *e - 1
    };
    log.lock().unwrap().push(target.clone());
    let mut r = reply(&target, n);
    while let Reply::Slow(ms, inner) = r {
        std::thread::sleep(std::time::Duration::from_millis(ms));
        r = *inner;
    }
    let (status, headers, body, send) = match r {
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes);
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return;
        }
        Reply::Endless => {
            let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            let chunk = vec![b'7'; 1 << 20];
            let mut frame = format!("{:x}\r\n", chunk.len()).into_bytes();
            frame.extend_from_slice(&chunk);
            frame.extend_from_slice(b"\r\n");
            for _ in 0..256 {
                if stream.write_all(&frame).is_err() {
                    return;
                }
            }
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return;
        }
        Reply::Full(s, h, b) => {
            let len = b.len();
            (s, h, b, len)
        }
        Reply::Cut(b) => {
            let half = b.len() / 2;
            (200, vec![], b, half)
        }
        Reply::Slow(..) => unreachable!("unwrapped above"),
    };
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body[..send]);
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// One bar of a Yahoo answer: (date, open, close, adjclose, volume); None is JSON null.
type YBar<'a> = (&'a str, Option<f64>, Option<f64>, Option<f64>, Option<f64>);

/// A Yahoo chart answer.
fn yahoo_json(bars: &[YBar<'_>], events: &str) -> Vec<u8> {
    let ts: Vec<String> = bars
        .iter()
        .map(|b| (date::parse(b.0).unwrap() as i64 * 86_400 + 14 * 3600 + 1800).to_string())
        .collect();
    let arr = |f: &dyn Fn(&YBar<'_>) -> Option<f64>| {
        bars.iter()
            .map(|b| f(b).map_or("null".to_string(), |v| v.to_string()))
            .collect::<Vec<_>>()
            .join(",")
    };
    format!(
        r#"{{"chart":{{"result":[{{"meta":{{"symbol":"AMZN","exchangeTimezoneName":"America/New_York","gmtoffset":-18000}},"timestamp":[{}],"events":{{{events}}},"indicators":{{"quote":[{{"open":[{}],"high":[{}],"low":[{}],"close":[{}],"volume":[{}]}}],"adjclose":[{{"adjclose":[{}]}}]}}}}],"error":null}}}}"#,
        ts.join(","),
        arr(&|b| b.1),
        arr(&|b| b.1),
        arr(&|b| b.1),
        arr(&|b| b.2),
        arr(&|b| b.4),
        arr(&|b| b.3),
    )
    .into_bytes()
}

fn amzn_json() -> Vec<u8> {
    // A 2:1 split effective 2024-01-10 (closes already split-adjusted, as Yahoo sends them),
    // a 0.50 dividend on 2024-01-11 (adjclose lower before it), a bar with a null close and
    // one with a null volume.
    yahoo_json(
        &[
            (
                "2024-01-08",
                Some(75.0),
                Some(75.0),
                Some(74.5),
                Some(1000.0),
            ),
            (
                "2024-01-09",
                Some(75.5),
                Some(75.685),
                Some(75.18),
                Some(1100.0),
            ),
            ("2024-01-10", Some(76.0), Some(76.865), Some(76.35), None),
            ("2024-01-11", None, None, None, None),
            (
                "2024-01-12",
                Some(77.0),
                Some(77.5),
                Some(77.5),
                Some(900.0),
            ),
        ],
        r#""dividends":{"1704983400":{"amount":0.5,"date":1704983400}},"splits":{"1704897000":{"date":1704897000,"numerator":2,"denominator":1,"splitRatio":"2:1"}}"#,
    )
}

fn fetch(base: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut a = vec![
        "fetch",
        "--base-url",
        base,
        "--out",
        out.to_str().unwrap(),
        "--from",
        "2024-01-08",
        "--to",
        "2024-01-12",
        "--backoff-ms",
        "20",
        "--timeout",
        "5",
    ];
    a.extend_from_slice(extra);
    run(&a)
}

/// `fetch AMZN` from 2024-01-08 to `to` with a short backoff.
fn fetch_amzn_until(base: &str, out: &Path, to: &str) -> std::process::Output {
    let out = out.to_str().unwrap();
    run(&[
        "fetch",
        "AMZN",
        "--base-url",
        base,
        "--out",
        out,
        "--from",
        "2024-01-08",
        "--to",
        to,
        "--backoff-ms",
        "20",
    ])
}

fn read(out: &Path, t: &str) -> Csv {
    Csv::parse(&std::fs::read_to_string(out.join(format!("{t}.csv"))).unwrap())
}

#[test]
fn yahoo_nulls_split_and_dividend() {
    let server = serve(|_, _| Reply::Full(200, vec![], amzn_json()));
    let dir = tempfile::tempdir().unwrap();
    let r = fetch(&server.base, dir.path(), &["AMZN"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let hit = &server.hits_of("AMZN")[0];
    // period1 = 2024-01-08 00:00 UTC, period2 = 2024-01-13 00:00 UTC.
    assert_eq!(
        hit,
        "/v8/finance/chart/AMZN?period1=1704672000&period2=1705104000&interval=1d&events=div,split"
    );
    let t = read(dir.path(), "AMZN");
    assert_eq!(
        t.header,
        [
            "date",
            "open",
            "high",
            "low",
            "close",
            "adj_close",
            "volume"
        ]
    );
    let dates: Vec<&str> = t.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        dates,
        ["2024-01-08", "2024-01-09", "2024-01-10", "2024-01-12"],
        "the null-close bar is left out"
    );
    assert_eq!(t.get(2, "volume"), "", "a null volume stays missing");
    assert_eq!(t.get(1, "adj_close"), "75.18");
    assert_eq!(t.get(1, "close"), "75.685");
    // The file is read back as prices: the dividend-adjusted return on 2024-01-10.
    let out = ok(&[
        "returns",
        "-q",
        "--prices",
        dir.path().to_str().unwrap(),
        "--ticker",
        "AMZN",
        "--date",
        "2024-01-10",
    ]);
    let r = Csv::parse(&out);
    close(
        r.num(0, "return"),
        76.35 / 75.18 - 1.0,
        EXACT,
        "adjusted return",
    );
}

#[test]
fn stooq_success() {
    let server = serve(|_, _| {
        Reply::Full(200, vec![], b"Date,Open,High,Low,Close,Volume\n2024-01-09,151.5,152,150,151.37,1000\n2024-01-10,152,154,151,153.73,2000\n".to_vec())
    });
    let dir = tempfile::tempdir().unwrap();
    let r = fetch(&server.base, dir.path(), &["AMZN", "--provider", "stooq"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert_eq!(
        server.hits_of("/q/d/l/")[0],
        "/q/d/l/?s=amzn.us&d1=20240108&d2=20240112&i=d"
    );
    let t = read(dir.path(), "AMZN");
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.get(1, "adj_close"), "153.73");
}

#[test]
fn a_500_then_a_200_is_retried() {
    let server = serve(|_, n| {
        if n == 0 {
            Reply::Full(500, vec![], b"oops".to_vec())
        } else {
            Reply::Full(200, vec![], amzn_json())
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let r = fetch(&server.base, dir.path(), &["AMZN"]);
    assert!(r.status.success());
    assert_eq!(server.hits_of("AMZN").len(), 2);
    assert_eq!(read(dir.path(), "AMZN").rows.len(), 4);
}

#[test]
fn a_429_waits_for_retry_after() {
    let server = serve(|_, n| {
        if n == 0 {
            Reply::Full(
                429,
                vec![("Retry-After".into(), "1".into())],
                b"slow down".to_vec(),
            )
        } else {
            Reply::Full(200, vec![], amzn_json())
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let r = fetch(&server.base, dir.path(), &["AMZN"]);
    assert!(r.status.success());
    assert!(
        start.elapsed().as_millis() >= 1000,
        "waited {:?}, less than Retry-After",
        start.elapsed()
    );
    assert_eq!(server.hits_of("AMZN").len(), 2);
}

#[test]
fn a_body_cut_off_half_way_is_retried_and_never_written_as_data() {
    let server = serve(|t, n| {
        if t.contains("AMZN") && n == 0 || t.contains("MSFT") {
            Reply::Cut(amzn_json())
        } else {
            Reply::Full(200, vec![], amzn_json())
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let r = fetch(
        &server.base,
        dir.path(),
        &["AMZN", "MSFT", "--retries", "2"],
    );
    // AMZN succeeds on the second try; MSFT is cut off every time: partial, exit 4.
    assert_eq!(
        r.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert_eq!(read(dir.path(), "AMZN").rows.len(), 4);
    assert!(!dir.path().join("MSFT.csv").exists(), "no truncated file");
    assert_eq!(server.hits_of("MSFT").len(), 3);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("MSFT") && err.contains("cut off"), "{err}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".layoff-study-")
                && e.file_name() != ".layoff-study-fetch.json"
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn an_unknown_symbol_fails_alone() {
    let server = serve(|t, _| {
        if t.contains("NOPE") {
            Reply::Full(404, vec![], br#"{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}"#.to_vec())
        } else {
            Reply::Full(200, vec![], amzn_json())
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let r = fetch(&server.base, dir.path(), &["AMZN", "NOPE"]);
    assert_eq!(r.status.code(), Some(4));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("NOPE: unknown symbol: No data found, symbol may be delisted"),
        "{err}"
    );
    assert_eq!(
        server.hits_of("NOPE").len(),
        1,
        "an unknown symbol is not retried"
    );
    assert!(dir.path().join("AMZN.csv").exists());
    // A mistyped ticker is not a network failure, even when it is the only one: exit 4.
    let r = fetch(&server.base, dir.path(), &["NOPE"]);
    assert_eq!(r.status.code(), Some(4));
}

#[test]
fn every_symbol_failing_on_the_network_is_exit_3() {
    let server = serve(|_, _| Reply::Full(503, vec![], b"busy".to_vec()));
    let dir = tempfile::tempdir().unwrap();
    let r = fetch(&server.base, dir.path(), &["AMZN", "--retries", "1"]);
    assert_eq!(r.status.code(), Some(3));
}

/// `fetch 'AAPL?X=/../../../PWN'` wrote real data three folders above --out, and `/x/y`
/// became an absolute path: tickers are checked before they reach a URL or a path.
#[test]
fn tickers_that_are_paths_or_url_parts_are_refused() {
    let server = serve(|_, _| Reply::Full(200, vec![], amzn_json()));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a/b/c/out");
    let long = "A".repeat(10_000);
    for bad in [
        "AAPL?X=/../../../PWN",
        "AAPL.US&X=/../../../PWN",
        "/x/y",
        "..",
        &long,
    ] {
        for provider in ["yahoo", "stooq"] {
            let r = fetch(&server.base, &out, &[bad, "--provider", provider]);
            assert_eq!(r.status.code(), Some(2), "{bad:.40}");
            let err = String::from_utf8_lossy(&r.stderr);
            assert!(err.contains("ticker"), "{err}");
        }
    }
    let csv = dir.path().join("tickers.csv");
    std::fs::write(
        &csv,
        "ticker,date\nAMZN,2024-01-10\n\"AAPL?X=/../../PWN\",2024-01-10\n",
    )
    .unwrap();
    let r = fetch(
        &server.base,
        &out,
        &["--tickers-from", csv.to_str().unwrap()],
    );
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("line 3"));
    assert!(
        server.hits.lock().unwrap().is_empty(),
        "no request was sent"
    );
    let mut left = Vec::new();
    for e in walk(dir.path()) {
        left.push(e);
    }
    assert!(left.iter().all(|p| p.is_dir() || p == &csv), "{left:?}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

#[test]
fn a_redirect_to_another_host_is_not_followed() {
    // 127.0.0.1 sends us to localhost: another host name, refused without a request there.
    let elsewhere = serve(|_, _| Reply::Full(200, vec![], amzn_json()));
    let port = elsewhere.base.rsplit(':').next().unwrap().to_string();
    let server = serve(move |t, _| {
        Reply::Full(
            302,
            vec![("Location".into(), format!("http://localhost:{port}{t}"))],
            Vec::new(),
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let r = fetch(&server.base, dir.path(), &["AMZN"]);
    assert_ne!(r.status.code(), Some(0));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("redirect"), "{err}");
    assert!(
        elsewhere.hits.lock().unwrap().is_empty(),
        "the other host got no request"
    );
    assert_eq!(
        server.hits_of("AMZN").len(),
        1,
        "a refused redirect is not retried"
    );
    // A redirect on the same host is followed.
    let same = serve(|t, _| {
        if t.starts_with("/moved") {
            Reply::Full(200, vec![], amzn_json())
        } else {
            Reply::Full(
                301,
                vec![("Location".into(), format!("/moved{t}"))],
                Vec::new(),
            )
        }
    });
    let r = fetch(&same.base, dir.path(), &["AMZN"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

#[test]
fn response_bodies_are_capped() {
    // A 2 GiB Content-Length aborted the process; an endless body grew to gigabytes.
    let huge = serve(|_, _| {
        Reply::Raw(
            b"HTTP/1.1 200 OK\r\nContent-Length: 2147483648\r\nConnection: close\r\n\r\n{".to_vec(),
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let r = fetch(&huge.base, dir.path(), &["AMZN"]);
    assert_eq!(r.status.code(), Some(3));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("limit"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let endless = serve(|_, _| Reply::Endless);
    let r = fetch(&endless.base, dir.path(), &["AMZN"]);
    assert_eq!(r.status.code(), Some(3));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("limit"), "{err}");
    assert_eq!(
        endless.hits_of("AMZN").len(),
        1,
        "an oversized body is not retried"
    );
    assert!(!dir.path().join("AMZN.csv").exists());
}

#[test]
fn the_cache_records_the_dates_received() {
    // Bars up to 2024-01-12 only, for a range that runs to 2024-01-19: the days after the
    // last bar are asked for again next time, not taken as cached.
    let server = serve(|_, _| Reply::Full(200, vec![], amzn_json()));
    let dir = tempfile::tempdir().unwrap();
    let until = |to| fetch_amzn_until(&server.base, dir.path(), to);
    assert!(until("2024-01-19").status.success());
    let cache = std::fs::read_to_string(dir.path().join(".layoff-study-fetch.json")).unwrap();
    assert!(
        cache.contains("2024-01-12") && !cache.contains("2024-01-19"),
        "{cache}"
    );
    assert!(until("2024-01-19").status.success());
    assert_eq!(
        server.hits_of("AMZN").len(),
        2,
        "the missing days are asked for again"
    );
}

#[test]
fn concurrent_fetches_into_one_folder_keep_every_cache_entry() {
    let server = serve(|_, _| Reply::Slow(200, Box::new(Reply::Full(200, vec![], amzn_json()))));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap().to_string();
    let tickers = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"];
    let children: Vec<_> = tickers
        .iter()
        .map(|t| {
            bin()
                .args(["fetch", t, "--base-url", &server.base, "--out", &out])
                .args(["--from", "2024-01-08", "--to", "2024-01-12", "-q"])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let cache = std::fs::read_to_string(dir.path().join(".layoff-study-fetch.json")).unwrap();
    for t in tickers {
        assert!(cache.contains(&format!("yahoo:{t}")), "{t} kept: {cache}");
    }
}

#[test]
fn a_rerun_hits_the_cache_and_extends_only_the_missing_tail() {
    let server = serve(|_, _| Reply::Full(200, vec![], amzn_json()));
    let dir = tempfile::tempdir().unwrap();
    assert!(fetch(&server.base, dir.path(), &["AMZN"]).status.success());
    let r = fetch(&server.base, dir.path(), &["AMZN"]);
    assert!(r.status.success());
    assert_eq!(
        server.hits_of("AMZN").len(),
        1,
        "the second run sends no request"
    );
    assert!(String::from_utf8_lossy(&r.stderr).contains("1 already in the cache"));
    // A later end date asks only for the days after the cached range.
    let r = fetch_amzn_until(&server.base, dir.path(), "2024-01-19");
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let hits = server.hits_of("AMZN");
    assert_eq!(hits.len(), 2);
    // period1 = 2024-01-13 00:00 UTC.
    assert!(hits[1].contains("period1=1705104000"), "{}", hits[1]);
    assert_eq!(
        read(dir.path(), "AMZN").rows.len(),
        4,
        "merged with the cached rows"
    );
}

#[test]
fn a_timeout_is_retried() {
    // The first answer comes after 3 s, past the 1 s timeout; the second at once.
    let server = serve(|_, n| {
        if n == 0 {
            Reply::Slow(3000, Box::new(Reply::Full(200, vec![], amzn_json())))
        } else {
            Reply::Full(200, vec![], amzn_json())
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let mut a = vec![
        "fetch",
        "AMZN",
        "--base-url",
        &server.base,
        "--out",
        dir.path().to_str().unwrap(),
    ];
    a.extend([
        "--from",
        "2024-01-08",
        "--to",
        "2024-01-12",
        "--backoff-ms",
        "20",
        "--timeout",
        "1",
    ]);
    let start = Instant::now();
    let r = run(&a);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert_eq!(server.hits_of("AMZN").len(), 2);
    assert!(
        start.elapsed().as_secs_f64() < 2.9,
        "the first request was abandoned at the timeout"
    );
    assert_eq!(read(dir.path(), "AMZN").rows.len(), 4);
}

#[test]
fn rivals_of_the_events_are_downloaded_too() {
    let server = serve(|_, _| Reply::Full(200, vec![], amzn_json()));
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "event_id,ticker,announce_date\n1,AMZN,2024-01-10\n",
    )
    .unwrap();
    // AMZN's sub-industry holds EBAY and another class of AMZN (same CIK), which is not a
    // rival; MSFT is in another sub-industry.
    let list = dir.path().join("constituents.csv");
    std::fs::write(
        &list,
        "Symbol,GICS Sub-Industry,CIK\nAMZN,Broadline Retail,1018724\nAMZNB,Broadline Retail,1018724\nEBAY,Broadline Retail,1065088\nMSFT,Systems Software,789019\n",
    )
    .unwrap();
    let out = dir.path().join("prices");
    let r = fetch(
        &server.base,
        &out,
        &[
            "--rivals-of",
            events.to_str().unwrap(),
            "--rivals",
            "gics",
            "--peer-list",
            list.to_str().unwrap(),
        ],
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let mut hits: Vec<String> = server.hits_of("/v8/finance/chart/");
    hits.sort();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(hits[0].starts_with("/v8/finance/chart/EBAY?"), "{hits:?}");
    assert!(out.join("EBAY.csv").is_file());
    // --rivals-of without --rivals is bad usage, before any request.
    let r = fetch(
        &server.base,
        &out,
        &["--rivals-of", events.to_str().unwrap()],
    );
    assert_eq!(r.status.code(), Some(2));
}
