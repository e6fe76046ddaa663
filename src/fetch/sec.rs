//! The SEC's company ticker lists (`company_tickers.json`, `company_tickers_exchange.json`)
//! and EDGAR's list of every name its registrants filed under (`cik-lookup-data.txt`),
//! downloaded with a User-Agent that names a contact (as the SEC asks), cached with their
//! date in the user's cache folder, and read from the cache when offline.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Failure, Options, http_client};
use crate::date::{self, Day};
use crate::error::{Error, Result};
use crate::events::sec::SecIndex;
use crate::files::write_atomic;

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

impl Source {
    /// The SEC, or a mirror at `base_url`, asked with `user_agent` (else
    /// [`USER_AGENT_ENV`]), cached a week in [`cache_dir`].
    pub fn new(base_url: &str, user_agent: Option<String>) -> Self {
        Source {
            base_url: base_url.to_string(),
            user_agent: self::user_agent(user_agent),
            cache_dir: cache_dir(),
            max_age_days: 7,
        }
    }
}

/// The User-Agent given, else the one of [`USER_AGENT_ENV`].
pub fn user_agent(given: Option<String>) -> Option<String> {
    given.or_else(|| std::env::var(USER_AGENT_ENV).ok())
}

/// The SEC lists of `--sec` (files, or `auto`) with the former names of `--sec-names`
/// added, the lists' date (the download date for `auto`, else the newest file's
/// modification date), and the notes of what was read, downloaded or taken from the cache.
///
/// # Errors
/// An unreadable SEC or names file; `auto` as [`lists`] or [`names`] fails.
pub fn index(
    lists_given: &[PathBuf],
    names_given: &[PathBuf],
    src: &Source,
    today: Day,
) -> Result<(SecIndex, Option<Day>, Vec<String>)> {
    let (mut files, mut date, mut notes) = (Vec::new(), None, Vec::new());
    for p in lists_given {
        let (paths, day) = if p == Path::new("auto") {
            let l = lists(src, today)?;
            notes.push(l.note);
            (l.paths, Some(l.date))
        } else {
            (vec![p.clone()], file_date(p))
        };
        files.extend(paths);
        date = date.max(day);
    }
    let mut idx = crate::events::load::read_sec(&files)?;
    notes.extend(add_names(&mut idx, names_given, src, today)?);
    Ok((idx, date, notes))
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

/// One cached download: the files it writes in the cache folder, its record of the day
/// they were downloaded, what the notes call it, and the flag that asks for it.
struct Cached {
    files: &'static [&'static str],
    meta: &'static str,
    what: &'static str,
    flag: &'static str,
}

const LISTS: Cached = Cached {
    files: &FILES,
    meta: META,
    what: "SEC lists",
    flag: "--sec auto",
};

/// EDGAR's list of every name each registrant has filed under (`--sec-names auto`).
pub const NAMES_FILE: &str = "cik-lookup-data.txt";
/// The largest names file accepted (the SEC's is about 80 MB).
const NAMES_MAX_BODY: u64 = 512 * 1024 * 1024;

const NAMES: Cached = Cached {
    files: &[NAMES_FILE],
    meta: "sec_names.json",
    what: "SEC names (cik-lookup-data.txt)",
    flag: "--sec-names auto",
};

impl Cached {
    /// The day of the cached files, when every one is there.
    fn day(&self, dir: &Path) -> Option<Day> {
        let text = std::fs::read_to_string(dir.join(self.meta)).ok()?;
        let v: serde_json::Value = serde_json::from_str(&text).ok()?;
        let day = date::parse(v.get("downloaded")?.as_str()?)?;
        self.files
            .iter()
            .all(|f| dir.join(f).is_file())
            .then_some(day)
    }

    fn lists(&self, dir: &Path, date: Day, note: String) -> Lists {
        Lists {
            paths: self.files.iter().map(|f| dir.join(f)).collect(),
            date,
            note,
        }
    }

    /// The files: from the cache when it is at most `max_age_days` old, else downloaded
    /// with `download` (the bodies, checked, in the order of `files`) and cached; when the
    /// download fails, from an older cache with a note.
    fn get(
        &self,
        src: &Source,
        today: Day,
        download: impl FnOnce(&str) -> Result<Vec<Vec<u8>>>,
    ) -> Result<Lists> {
        let (dir, what) = (&src.cache_dir, self.what);
        let have = self.day(dir);
        if let Some(d) = have.filter(|d| today - d <= src.max_age_days) {
            let note = format!(
                "{what} of {} from the cache {}",
                date::format(d),
                dir.display()
            );
            return Ok(self.lists(dir, d, note));
        }
        let Some(ua) = src.user_agent.as_deref().filter(|u| !u.trim().is_empty()) else {
            if let Some(d) = have {
                let note = format!(
                    "no --user-agent: using the {what} cached on {}",
                    date::format(d)
                );
                return Ok(self.lists(dir, d, note));
            }
            return Err(Error::Usage(format!(
                "{} downloads the {what}, and the SEC asks for a User-Agent naming a \
                 contact: give --user-agent \"Your Name you@example.org\" or set {USER_AGENT_ENV}",
                self.flag
            )));
        };
        match download(ua) {
            Ok(bodies) => {
                std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
                for (name, body) in self.files.iter().zip(&bodies) {
                    write_atomic(&dir.join(name), body)?;
                }
                let meta = serde_json::json!({
                    "downloaded": date::format(today),
                    "base_url": src.base_url,
                });
                write_atomic(&dir.join(self.meta), meta.to_string().as_bytes())?;
                let note = format!(
                    "{what} downloaded from {} on {} (cached in {})",
                    src.base_url,
                    date::format(today),
                    dir.display()
                );
                Ok(self.lists(dir, today, note))
            }
            Err(e @ Error::Data { .. }) => Err(e),
            Err(e) => match have {
                Some(d) => {
                    let note = format!(
                        "offline ({e}): using the {what} cached on {}",
                        date::format(d)
                    );
                    Ok(self.lists(dir, d, note))
                }
                None => Err(e),
            },
        }
    }
}

/// The SEC lists: from the cache when it is at most `max_age_days` old, else downloaded
/// (and cached); when the download fails, from an older cache with a note.
///
/// # Errors
/// No User-Agent and no cache (usage); a failed download and no cache (network); an answer
/// that is not an SEC list (bad data); an unwritable cache folder.
pub fn lists(src: &Source, today: Day) -> Result<Lists> {
    LISTS.get(src, today, |ua| download(src, ua))
}

/// `cik-lookup-data.txt` (`{base}/Archives/edgar/cik-lookup-data.txt`) as [`lists`] gets
/// the lists: checked line by line before it is cached.
///
/// # Errors
/// As [`lists`].
pub fn names(src: &Source, today: Day) -> Result<Lists> {
    NAMES.get(src, today, |ua| {
        let url = format!(
            "{}/Archives/edgar/{NAMES_FILE}",
            src.base_url.trim_end_matches('/')
        );
        let timeout = Duration::from_secs(120);
        let body = sec_get(
            src,
            &http_client(ua, timeout)?,
            &url,
            NAMES_MAX_BODY,
            timeout,
        )?;
        SecIndex::default().read_names_bytes(Path::new(&url), &body)?;
        Ok(vec![body])
    })
}

/// Adds the former names of `--sec-names` (files, or `auto` downloaded from `src`) to the
/// lists `idx` holds; returns the notes.
fn add_names(
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
