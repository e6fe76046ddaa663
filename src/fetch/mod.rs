//! Downloading daily prices (and the SEC lists, `sec.rs`): one file per provider behind the
//! [`Provider`] trait, a polite HTTP client (User-Agent, timeouts, retries with backoff on
//! timeouts, 429 with Retry-After and 5xx, a concurrency limit, redirects on the same host
//! only, bodies capped at [`MAX_BODY`]), a cache of the dates received, and
//! atomic writes of one canonical CSV per ticker (`date,open,high,low,close,adj_close,volume`).

pub mod edgar;
pub mod sec;
pub mod stooq;
pub mod yahoo;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rayon::prelude::*;

use crate::content::{Cell, Table};
use crate::date::{self, Day};
use crate::error::{Error, Result};
use crate::files::write_atomic;

/// One daily bar; `None` where the provider sent null.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    /// Trading date (exchange time).
    pub date: Day,
    /// Open.
    pub open: Option<f64>,
    /// High.
    pub high: Option<f64>,
    /// Low.
    pub low: Option<f64>,
    /// Close (split-adjusted).
    pub close: Option<f64>,
    /// Close adjusted for splits and dividends (the close when the provider has none).
    pub adj_close: Option<f64>,
    /// Volume.
    pub volume: Option<f64>,
}

/// Why one download failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The provider does not know the symbol (404, "No data"): not retried.
    Unknown(String),
    /// Worth another try: timeout, connection error, cut-off body, 429, 5xx.
    Transient(String),
    /// The answer could not be read.
    Bad(String),
}

/// A price provider.
pub trait Provider: Sync {
    /// Name (`yahoo`, `stooq`).
    fn name(&self) -> &'static str;
    /// The request URL for a symbol and an inclusive date range.
    fn url(&self, base: &str, symbol: &str, from: Day, to: Day) -> String;
    /// Bars from a successful response body.
    ///
    /// # Errors
    /// An unknown symbol or an unreadable body.
    fn parse(&self, symbol: &str, body: &[u8]) -> std::result::Result<Vec<Bar>, Failure>;
}

/// How to download.
#[derive(Debug, Clone)]
pub struct Options {
    /// Base URL of the provider or a mirror (no trailing slash needed).
    pub base_url: String,
    /// First date.
    pub from: Day,
    /// Last date.
    pub to: Day,
    /// Output folder.
    pub out: PathBuf,
    /// Downloads at once.
    pub jobs: usize,
    /// Retries after the first attempt.
    pub retries: u32,
    /// First backoff; doubled at each retry.
    pub backoff: Duration,
    /// Timeout of one request.
    pub timeout: Duration,
}

/// What happened to one symbol.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Downloaded and written: rows in the file now.
    Written(usize),
    /// The cache already covered the range: no request.
    Cached,
    /// The provider does not know the symbol (a typo, a delisted ticker); the earlier file,
    /// if any, is left as it was.
    Unknown(String),
    /// Failed, with why; any earlier file is left as it was.
    Failed(String),
}

/// Largest response body accepted (a year of daily bars is about 60 KB; decades of a
/// ticker stay far below this).
pub const MAX_BODY: u64 = 64 * 1024 * 1024;

/// User-Agent sent with every request.
pub const USER_AGENT: &str = concat!(
    "layoff-study/",
    env!("CARGO_PKG_VERSION"),
    " (daily prices for event studies)"
);

const CACHE_FILE: &str = ".layoff-study-fetch.json";

/// Per provider and ticker, the first and last dates of the bars received so far (not the
/// range asked for), kept in the output folder.
type Cache = BTreeMap<String, (String, String)>;

fn cache_key(p: &dyn Provider, t: &str) -> String {
    format!("{}:{t}", p.name())
}

fn read_cache(dir: &Path) -> Cache {
    std::fs::read_to_string(dir.join(CACHE_FILE))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

/// Merges this run's entries into the cache file under an exclusive lock on the output
/// folder itself, so that concurrent fetches into one folder keep each other's entries.
fn merge_cache(dir: &Path, ours: &Cache) -> Result<()> {
    let lock = std::fs::File::open(dir).map_err(|e| Error::io(dir, e))?;
    lock.lock().map_err(|e| Error::write(dir, e))?;
    let mut cache = read_cache(dir);
    for (k, v) in ours {
        cache.insert(k.clone(), v.clone());
    }
    let json = serde_json::to_string_pretty(&cache).unwrap_or_default();
    let r = write_atomic(&dir.join(CACHE_FILE), json.as_bytes());
    drop(lock);
    r
}

/// A redirect policy that follows at most five redirects and only to the same host, scheme
/// and port as the request (a mirror may move a path, never send us elsewhere).
fn same_host_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().cloned();
        let same = first.is_some_and(|f| {
            f.scheme() == attempt.url().scheme()
                && f.host_str() == attempt.url().host_str()
                && f.port_or_known_default() == attempt.url().port_or_known_default()
        });
        if attempt.previous().len() > 5 {
            attempt.error("more than five redirects")
        } else if same {
            attempt.follow()
        } else {
            let to = attempt.url().to_string();
            attempt.error(format!("redirect to another host refused: {to}"))
        }
    })
}

/// Reads a response body of at most `max` bytes.
fn capped_body(
    resp: reqwest::blocking::Response,
    max: u64,
) -> std::result::Result<Vec<u8>, Failure> {
    use std::io::Read;
    if let Some(len) = resp.content_length()
        && len > max
    {
        return Err(Failure::Bad(format!(
            "the response announces {len} bytes: more than the {max}-byte limit"
        )));
    }
    let mut body = Vec::new();
    let mut limited = resp.take(max + 1);
    limited
        .read_to_end(&mut body)
        .map_err(|e| Failure::Transient(format!("the response body was cut off ({e})")))?;
    if body.len() as u64 > max {
        return Err(Failure::Bad(format!(
            "the response body is larger than the {max}-byte limit"
        )));
    }
    Ok(body)
}

fn client(opts: &Options) -> Result<reqwest::blocking::Client> {
    http_client(USER_AGENT, opts.timeout)
}

/// The HTTP client every download uses: this User-Agent, timeouts, redirects only on the
/// same host.
///
/// # Errors
/// The client cannot start (a User-Agent that is not a header value, no TLS provider).
pub fn http_client(user_agent: &str, timeout: Duration) -> Result<reqwest::blocking::Client> {
    // rustls with the ring provider; installing twice is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::builder()
        .user_agent(user_agent)
        .redirect(same_host_redirects())
        .timeout(timeout)
        .connect_timeout(timeout)
        .build()
        .map_err(|e| Error::Network(format!("cannot start the HTTP client: {e}")))
}

fn retry_after(resp: &reqwest::blocking::Response) -> Option<Duration> {
    let v = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?;
    v.trim()
        .parse::<u64>()
        .ok()
        .map(|s| Duration::from_secs(s.min(120)))
}

/// One GET with retries; the body (at most [`MAX_BODY`] bytes) on success.
///
/// # Errors
/// Why it failed: an unknown address (404), a bad answer, or retries used up.
pub fn get(
    client: &reqwest::blocking::Client,
    url: &str,
    opts: &Options,
) -> std::result::Result<Vec<u8>, Failure> {
    get_capped(client, url, opts, MAX_BODY)
}

/// One GET with retries, as [`get`], for a body of at most `max` bytes.
///
/// # Errors
/// As [`get`].
pub fn get_capped(
    client: &reqwest::blocking::Client,
    url: &str,
    opts: &Options,
    max: u64,
) -> std::result::Result<Vec<u8>, Failure> {
    let mut last = String::new();
    for attempt in 0..=opts.retries {
        let backoff = opts.backoff * 2u32.saturating_pow(attempt);
        let wait = match client.get(url).send() {
            Ok(resp) => {
                let status = resp.status();
                if status.is_success() {
                    match capped_body(resp, max) {
                        Ok(b) => return Ok(b),
                        Err(Failure::Transient(m)) => {
                            last = m;
                            backoff
                        }
                        Err(f) => return Err(f),
                    }
                } else if status.as_u16() == 404 {
                    let body = capped_body(resp, max.min(1 << 20)).unwrap_or_default();
                    let text = String::from_utf8_lossy(&body);
                    let why = serde_json::from_str::<serde_json::Value>(&text)
                        .ok()
                        .and_then(|v| {
                            v.pointer("/chart/error/description")
                                .and_then(|d| d.as_str())
                                .map(String::from)
                        })
                        .unwrap_or_else(|| "404 Not Found".into());
                    return Err(Failure::Unknown(format!("unknown symbol: {why}")));
                } else if status.as_u16() == 429 {
                    last = "429 Too Many Requests".into();
                    retry_after(&resp).unwrap_or(backoff)
                } else if status.is_server_error() {
                    last = format!("server error {status}");
                    retry_after(&resp).unwrap_or(backoff)
                } else {
                    return Err(Failure::Bad(format!("HTTP {status}")));
                }
            }
            Err(e) if e.is_timeout() => {
                last = format!("timed out after {:?}", opts.timeout);
                backoff
            }
            Err(e) if e.is_redirect() => {
                return Err(Failure::Bad(format!("{e}")));
            }
            Err(e) => {
                last = format!("request failed: {e}");
                backoff
            }
        };
        if attempt < opts.retries {
            std::thread::sleep(wait);
        }
    }
    Err(Failure::Transient(format!(
        "{last} (after {} attempts)",
        opts.retries + 1
    )))
}

fn bars_table(bars: &[Bar]) -> Table {
    let mut t = Table::new(&[
        "date",
        "open",
        "high",
        "low",
        "close",
        "adj_close",
        "volume",
    ]);
    let c = |v: Option<f64>| v.map_or(Cell::Null, Cell::num);
    for b in bars {
        t.rows.push(vec![
            Cell::Date(b.date),
            c(b.open),
            c(b.high),
            c(b.low),
            c(b.close),
            c(b.adj_close),
            c(b.volume),
        ]);
    }
    t
}

fn read_existing(path: &Path) -> Vec<Bar> {
    let Ok(text) = crate::tabular::read_text(path) else {
        return Vec::new();
    };
    let mut cells = Vec::new();
    crate::tabular::lines(&text)
        .skip(1)
        .filter_map(|(_, l)| {
            crate::tabular::split(l, &mut cells);
            let n = |i: usize| {
                cells
                    .get(i)
                    .and_then(|c| crate::tabular::number(c).ok().flatten())
            };
            Some(Bar {
                date: date::parse(cells.first()?)?,
                open: n(1),
                high: n(2),
                low: n(3),
                close: n(4),
                adj_close: n(5),
                volume: n(6),
            })
        })
        .collect()
}

/// Downloads one symbol into `out/SYMBOL.csv`, merging with what the cache already holds.
fn fetch_one(
    provider: &dyn Provider,
    client: &reqwest::blocking::Client,
    symbol: &str,
    opts: &Options,
    cache: &Mutex<Cache>,
) -> Outcome {
    let path = opts.out.join(format!("{symbol}.csv"));
    let key = cache_key(provider, symbol);
    let known = cache.lock().ok().and_then(|c| c.get(&key).cloned());
    let known = known
        .and_then(|(a, b)| Some((date::parse(&a)?, date::parse(&b)?)))
        .filter(|_| path.exists());
    // Only the part after the cached range is missing when the start is covered.
    let from = match known {
        Some((a, b)) if a <= opts.from && b >= opts.to => return Outcome::Cached,
        Some((a, b)) if a <= opts.from => b + 1,
        _ => opts.from,
    };
    let url = provider.url(&opts.base_url, symbol, from, opts.to);
    let bars = match get(client, &url, opts).and_then(|body| provider.parse(symbol, &body)) {
        Ok(b) => b,
        Err(Failure::Unknown(m)) => return Outcome::Unknown(m),
        Err(Failure::Transient(m) | Failure::Bad(m)) => return Outcome::Failed(m),
    };
    let mut merged: BTreeMap<Day, Bar> = BTreeMap::new();
    if from != opts.from {
        for b in read_existing(&path) {
            merged.insert(b.date, b);
        }
    }
    for b in bars
        .into_iter()
        .filter(|b| b.date >= from && b.date <= opts.to)
    {
        merged.insert(b.date, b);
    }
    let rows: Vec<Bar> = merged.into_values().collect();
    if rows.is_empty() {
        return Outcome::Failed(format!(
            "no data between {} and {}",
            date::format(from),
            date::format(opts.to)
        ));
    }
    if let Err(e) = crate::files::write_csv(&path, &bars_table(&rows)) {
        return Outcome::Failed(e.to_string());
    }
    // The cache records the start asked for and the last date received: days asked for
    // beyond the last bar (a future --to, a holiday) are asked for again next time.
    let start = known.map_or(opts.from, |(a, _)| a.min(opts.from));
    let last = rows[rows.len() - 1].date;
    if let Ok(mut c) = cache.lock() {
        c.insert(key, (date::format(start), date::format(last)));
    }
    Outcome::Written(rows.len())
}

/// Downloads every symbol, at most `opts.jobs` at a time; `tick` is called after each.
///
/// # Errors
/// The output folder or the cache cannot be written, or the client cannot start. A
/// symbol's own failure is its [`Outcome::Failed`].
pub fn fetch_all(
    provider: &dyn Provider,
    symbols: &[String],
    opts: &Options,
    tick: &(dyn Fn(&str) + Sync),
) -> Result<Vec<(String, Outcome)>> {
    std::fs::create_dir_all(&opts.out).map_err(|e| Error::write(&opts.out, e))?;
    let client = client(opts)?;
    let cache = Mutex::new(read_cache(&opts.out));
    let before = cache.lock().map(|c| c.clone()).unwrap_or_default();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|e| Error::Usage(format!("--jobs {}: {e}", opts.jobs)))?;
    let results: Vec<(String, Outcome)> = pool.install(|| {
        symbols
            .par_iter()
            .map(|s| {
                let o = fetch_one(provider, &client, s, opts, &cache);
                tick(s);
                (s.clone(), o)
            })
            .collect()
    });
    let cache = cache.into_inner().unwrap_or_default();
    let ours: Cache = cache
        .into_iter()
        .filter(|(k, v)| before.get(k) != Some(v))
        .collect();
    merge_cache(&opts.out, &ours)?;
    Ok(results)
}

/// Seconds since 1970-01-01 00:00 UTC of a day.
pub fn epoch_seconds(day: Day) -> i64 {
    i64::from(day) * 86_400
}
