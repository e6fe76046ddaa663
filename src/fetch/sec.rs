//! The SEC's company ticker lists (`company_tickers.json`, `company_tickers_exchange.json`),
//! downloaded with a User-Agent that names a contact (as the SEC asks), cached with their
//! date in the user's cache folder, and read from the cache when offline.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Failure, Options, http_client};
use crate::date::{self, Day};
use crate::error::{Error, Result};
use crate::events::sec::SecIndex;
use crate::export::write_atomic;

/// The SEC's own address; its files are under `/files/`.
pub const BASE: &str = "https://www.sec.gov";
/// The two lists, by their names on the SEC's site.
pub const FILES: [&str; 2] = ["company_tickers.json", "company_tickers_exchange.json"];
/// Environment variable that gives the User-Agent when `--user-agent` is absent.
pub const USER_AGENT_ENV: &str = "LAYOFF_STUDY_USER_AGENT";
const META: &str = "sec_lists.json";

/// Where and how to get the lists.
#[derive(Debug, Clone)]
pub struct Source {
    /// Base address (`https://www.sec.gov` or a mirror serving `/files/...`).
    pub base_url: String,
    /// User-Agent with a contact address; needed to download, not to use the cache.
    pub user_agent: Option<String>,
    /// Cache folder.
    pub cache_dir: PathBuf,
    /// Days a cached list is used without asking the SEC again.
    pub max_age_days: i32,
}

/// The lists to read, their date, and what happened.
#[derive(Debug, Clone)]
pub struct Lists {
    /// The cached files.
    pub paths: Vec<PathBuf>,
    /// The day they were downloaded.
    pub date: Day,
    /// What was done (downloaded, cached, offline), for a note.
    pub note: String,
}

/// The user's cache folder for this tool: `$XDG_CACHE_HOME/layoff-study`, else
/// `~/.cache/layoff-study`.
pub fn cache_dir() -> PathBuf {
    match std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        Some(x) => PathBuf::from(x).join("layoff-study"),
        None => std::env::var_os("HOME")
            .map_or_else(|| PathBuf::from("."), PathBuf::from)
            .join(".cache")
            .join("layoff-study"),
    }
}

/// Today in UTC.
pub fn today() -> Day {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as Day
}

fn cached(dir: &Path) -> Option<Day> {
    let text = std::fs::read_to_string(dir.join(META)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let day = date::parse(v.get("downloaded")?.as_str()?)?;
    FILES.iter().all(|f| dir.join(f).is_file()).then_some(day)
}

fn paths(dir: &Path) -> Vec<PathBuf> {
    FILES.iter().map(|f| dir.join(f)).collect()
}

/// The SEC lists: from the cache when it is at most `max_age_days` old, else downloaded
/// (and cached); when the download fails, from an older cache with a note.
///
/// # Errors
/// No User-Agent and no cache (usage); a failed download and no cache (network); an answer
/// that is not an SEC list (bad data); an unwritable cache folder.
pub fn lists(src: &Source, today: Day) -> Result<Lists> {
    let dir = &src.cache_dir;
    let have = cached(dir);
    if let Some(d) = have.filter(|d| today - d <= src.max_age_days) {
        return Ok(Lists {
            paths: paths(dir),
            date: d,
            note: format!(
                "SEC lists of {} from the cache {}",
                date::format(d),
                dir.display()
            ),
        });
    }
    let Some(ua) = src.user_agent.as_deref().filter(|u| !u.trim().is_empty()) else {
        if let Some(d) = have {
            return Ok(Lists {
                paths: paths(dir),
                date: d,
                note: format!(
                    "no --user-agent: using the SEC lists cached on {}",
                    date::format(d)
                ),
            });
        }
        return Err(Error::Usage(format!(
            "--sec auto downloads the SEC lists, and the SEC asks for a User-Agent naming a \
             contact: give --user-agent \"Your Name you@example.org\" or set {USER_AGENT_ENV}"
        )));
    };
    match download(src, ua) {
        Ok(bodies) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
            for (name, body) in FILES.iter().zip(&bodies) {
                write_atomic(&dir.join(name), body)?;
            }
            let meta = serde_json::json!({
                "downloaded": date::format(today),
                "base_url": src.base_url,
            });
            write_atomic(&dir.join(META), meta.to_string().as_bytes())?;
            Ok(Lists {
                paths: paths(dir),
                date: today,
                note: format!(
                    "SEC lists downloaded from {} on {} (cached in {})",
                    src.base_url,
                    date::format(today),
                    dir.display()
                ),
            })
        }
        Err(e @ Error::Data { .. }) => Err(e),
        Err(e) => match have {
            Some(d) => Ok(Lists {
                paths: paths(dir),
                date: d,
                note: format!(
                    "offline ({e}): using the SEC lists cached on {}",
                    date::format(d)
                ),
            }),
            None => Err(e),
        },
    }
}

/// EDGAR's list of every name each registrant has filed under (`--sec-names auto`).
pub const NAMES_FILE: &str = "cik-lookup-data.txt";
const NAMES_META: &str = "sec_names.json";
/// The largest names file accepted (the SEC's is about 80 MB).
const NAMES_MAX_BODY: u64 = 512 * 1024 * 1024;

/// `cik-lookup-data.txt` (`{base}/Archives/edgar/cik-lookup-data.txt`): from the cache when
/// it is at most `max_age_days` old, else downloaded, checked line by line and cached; when
/// the download fails, from an older cache with a note.
///
/// # Errors
/// As [`lists`].
pub fn names(src: &Source, today: Day) -> Result<Lists> {
    let dir = &src.cache_dir;
    let path = dir.join(NAMES_FILE);
    let have = std::fs::read_to_string(dir.join(NAMES_META))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| date::parse(v.get("downloaded")?.as_str()?))
        .filter(|_| path.is_file());
    let from_cache = |d: Day, why: String| Lists {
        paths: vec![path.clone()],
        date: d,
        note: format!(
            "{why}: SEC names of {} from {}",
            date::format(d),
            path.display()
        ),
    };
    if let Some(d) = have.filter(|d| today - d <= src.max_age_days) {
        return Ok(from_cache(d, "cached".into()));
    }
    let Some(ua) = src.user_agent.as_deref().filter(|u| !u.trim().is_empty()) else {
        if let Some(d) = have {
            return Ok(from_cache(d, "no --user-agent".into()));
        }
        return Err(Error::Usage(format!(
            "--sec-names auto downloads {NAMES_FILE}, and the SEC asks for a User-Agent naming \
             a contact: give --user-agent \"Your Name you@example.org\" or set {USER_AGENT_ENV}"
        )));
    };
    let url = format!(
        "{}/Archives/edgar/{NAMES_FILE}",
        src.base_url.trim_end_matches('/')
    );
    match download_names(src, ua, &url) {
        Ok(body) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
            // Checked before it replaces the cached file.
            let part = dir.join(format!("{NAMES_FILE}.part"));
            write_atomic(&part, &body)?;
            if let Err(e) = SecIndex::default().read_names(&part) {
                let _ = std::fs::remove_file(&part);
                return Err(e);
            }
            std::fs::rename(&part, &path).map_err(|e| Error::write(&path, e))?;
            let meta = serde_json::json!({
                "downloaded": date::format(today),
                "base_url": src.base_url,
            });
            write_atomic(&dir.join(NAMES_META), meta.to_string().as_bytes())?;
            Ok(Lists {
                paths: vec![path.clone()],
                date: today,
                note: format!(
                    "SEC names downloaded from {url} on {} (cached in {})",
                    date::format(today),
                    dir.display()
                ),
            })
        }
        Err(e @ Error::Data { .. }) => Err(e),
        Err(e) => match have {
            Some(d) => Ok(from_cache(d, format!("offline ({e})"))),
            None => Err(e),
        },
    }
}

/// Adds the former names of `--sec-names` (files, or `auto` downloaded from `src`) to the
/// lists `idx` holds; returns the notes (what was read, downloaded or taken from the
/// cache).
///
/// # Errors
/// An unreadable names file, or `auto` as [`names`] fails.
pub fn add_names(
    idx: &mut SecIndex,
    paths: &[PathBuf],
    src: &Source,
    today: Day,
) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    for p in paths {
        let path = if p == Path::new("auto") {
            let n = names(src, today)?;
            notes.push(n.note);
            n.paths.into_iter().next().unwrap_or_default()
        } else {
            p.clone()
        };
        let added = idx.read_names(&path)?;
        notes.push(format!(
            "{added} former names of listed companies read from {}",
            path.display()
        ));
    }
    Ok(notes)
}

fn download_names(src: &Source, ua: &str, url: &str) -> Result<Vec<u8>> {
    let timeout = Duration::from_secs(120);
    sec_get(
        src,
        &http_client(ua, timeout)?,
        url,
        NAMES_MAX_BODY,
        timeout,
    )
}

/// One SEC file: a GET with the download rules of [`super::get`], its failure as a
/// network error naming the address.
fn sec_get(
    src: &Source,
    client: &reqwest::blocking::Client,
    url: &str,
    max: u64,
    timeout: Duration,
) -> Result<Vec<u8>> {
    let opts = Options {
        base_url: src.base_url.clone(),
        from: 0,
        to: 0,
        out: src.cache_dir.clone(),
        jobs: 1,
        retries: 2,
        backoff: Duration::from_millis(500),
        timeout,
    };
    super::get_capped(client, url, &opts, max).map_err(|f| match f {
        Failure::Unknown(_) => Error::Network(format!("{url}: 404 Not Found")),
        Failure::Transient(m) | Failure::Bad(m) => Error::Network(format!("{url}: {m}")),
    })
}

/// Downloads both lists and checks that each reads as an SEC list before anything is
/// cached.
fn download(src: &Source, ua: &str) -> Result<Vec<Vec<u8>>> {
    let timeout = Duration::from_secs(30);
    let client = http_client(ua, timeout)?;
    let mut out = Vec::new();
    for name in FILES {
        let url = format!("{}/files/{name}", src.base_url.trim_end_matches('/'));
        let body = sec_get(src, &client, &url, super::MAX_BODY, timeout)?;
        let text = String::from_utf8_lossy(&body);
        SecIndex::default().read_text(Path::new(&url), &text)?;
        out.push(body);
    }
    Ok(out)
}

/// The day a file was last modified (UTC), taken as the date of a user-supplied SEC list.
pub fn file_date(path: &Path) -> Option<Day> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let secs = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Some((secs / 86_400) as Day)
}
