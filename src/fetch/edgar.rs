//! The SEC's submissions files and filing headers, for the events' companies only: from a
//! folder (`--sec-filings DIR`), or downloaded (`--sec-filings auto`) with a User-Agent
//! naming a contact, at most ten requests a second, 429 and 503 honoured with Retry-After,
//! and cached with their date; used from the cache, with a note, when offline.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Failure, Options, get, http_client};
use crate::date::{self, Day};
use crate::error::{Error, Result};
use crate::files::write_atomic;
use crate::filings::clock::NyTime;
use crate::filings::header;
use crate::filings::submissions::{self, Submissions};

/// The SEC's host of the submissions files.
pub const DATA_BASE: &str = "https://data.sec.gov";
/// Fewest milliseconds between two requests (the SEC asks for at most ten a second).
const PACE: Duration = Duration::from_millis(100);

/// Where the submissions come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A folder of `CIK##########.json` files (and their older pages, and any
    /// `ACCESSION.hdr.sgml` headers).
    Dir(PathBuf),
    /// The SEC, through a cache.
    Remote(Remote),
}

/// Downloading from the SEC.
#[derive(Debug, Clone)]
pub struct Remote {
    /// Host of the submissions (`https://data.sec.gov`, or a test server).
    pub data_base: String,
    /// Host of the archives' headers (`https://www.sec.gov`, or a test server).
    pub www_base: String,
    /// User-Agent with a contact; needed to download, not to use the cache.
    pub user_agent: Option<String>,
    /// Cache folder (`edgar/` below the tool's cache).
    pub cache_dir: PathBuf,
    /// Days a cached submissions file is used without asking again.
    pub max_age_days: i32,
    /// Today, for the age of the cache.
    pub today: Day,
}

/// Reads submissions and headers, pacing its requests.
pub struct Edgar {
    source: Source,
    client: Option<reqwest::blocking::Client>,
    /// When the last answer ended: the next request waits until [`PACE`] after it.
    last: Option<Instant>,
    /// What happened that a reader should know (offline, cached), once each.
    pub notes: Vec<String>,
}

impl Edgar {
    /// A reader of `source`.
    ///
    /// # Errors
    /// The HTTP client cannot start.
    pub fn new(source: Source) -> Result<Self> {
        let client = match &source {
            Source::Remote(r) => match r.user_agent.as_deref().filter(|u| !u.trim().is_empty()) {
                Some(ua) => Some(http_client(ua, Duration::from_secs(30))?),
                None => None,
            },
            Source::Dir(_) => None,
        };
        Ok(Edgar {
            source,
            client,
            last: None,
            notes: Vec::new(),
        })
    }

    fn note_once(&mut self, n: String) {
        if !self.notes.contains(&n) {
            self.notes.push(n);
        }
    }

    /// One paced GET.
    fn fetch(&mut self, url: &str) -> std::result::Result<Vec<u8>, Failure> {
        let Some(client) = &self.client else {
            return Err(Failure::Bad("no --user-agent to download with".into()));
        };
        if let Some(since) = self.last.map(|t| t.elapsed())
            && since < PACE
        {
            std::thread::sleep(PACE - since);
        }
        let opts = Options {
            base_url: String::new(),
            from: 0,
            to: 0,
            out: PathBuf::new(),
            jobs: 1,
            retries: 3,
            backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(30),
        };
        let r = get(client, url, &opts);
        self.last = Some(Instant::now());
        r
    }

    /// A company's submissions with the older pages that hold filings dated in
    /// `from..=to`. `None` when the source has no file for the CIK.
    ///
    /// # Errors
    /// A file that is not the CIK's submissions; a failed download with nothing cached; an
    /// unwritable cache.
    pub fn submissions(&mut self, cik: u64, from: Day, to: Day) -> Result<Option<Submissions>> {
        let name = submissions::file_name(cik);
        let Some((path, body)) = self.main_file(cik, &name)? else {
            return Ok(None);
        };
        let mut s = submissions::parse_main(&path, &body, cik)?;
        let pages: Vec<_> = std::mem::take(&mut s.older);
        for p in pages {
            if p.to < from || p.from > to {
                s.older.push(p);
                continue;
            }
            match self.page_file(&p.name)? {
                Some((path, body)) => s.filings.extend(submissions::parse_page(&path, &body)?),
                None => {
                    self.note_once(format!(
                        "CIK {cik}: the older filings page {} ({} to {}) could not be had; filings of those dates are not seen",
                        p.name,
                        date::format(p.from),
                        date::format(p.to)
                    ));
                    s.older.push(p);
                }
            }
        }
        Ok(Some(s))
    }

    /// Where a submissions file `name` is: `Err` its path in the folder of a `Dir` source;
    /// `Ok` the remote source, its cache folder, the cached path and the URL.
    fn place(
        &self,
        name: &str,
    ) -> std::result::Result<(Remote, PathBuf, PathBuf, String), PathBuf> {
        match &self.source {
            Source::Dir(d) => Err(d.join(name)),
            Source::Remote(r) => {
                let dir = r.cache_dir.join("submissions");
                let url = format!("{}/submissions/{name}", r.data_base.trim_end_matches('/'));
                Ok((r.clone(), dir.clone(), dir.join(name), url))
            }
        }
    }

    fn main_file(&mut self, cik: u64, name: &str) -> Result<Option<(PathBuf, Vec<u8>)>> {
        let (remote, dir, path, url) = match self.place(name) {
            Ok(p) => p,
            Err(local) => return read_if_exists(&local),
        };
        let cached = cached_date(&path);
        if cached.is_some_and(|d| remote.today - d <= remote.max_age_days) {
            return read_if_exists(&path);
        }
        match self.fetch(&url) {
            Ok(body) => {
                // Checked before it is cached.
                submissions::parse_main(Path::new(&url), &body, cik)?;
                store(&dir, name, &body, remote.today)?;
                Ok(Some((path, body)))
            }
            Err(Failure::Unknown(_)) => Ok(None),
            Err(Failure::Bad(m) | Failure::Transient(m)) => match cached {
                Some(d) => {
                    self.note_once(format!(
                        "offline ({m}): SEC submissions used from the cache {} (of {} and later)",
                        dir.display(),
                        date::format(d)
                    ));
                    read_if_exists(&path)
                }
                None => Err(Error::Network(format!("{url}: {m}"))),
            },
        }
    }

    fn page_file(&mut self, name: &str) -> Result<Option<(PathBuf, Vec<u8>)>> {
        let (remote, dir, path, url) = match self.place(name) {
            Ok(p) => p,
            Err(local) => return read_if_exists(&local),
        };
        // An older page no longer changes: a cached one is used whatever its age.
        if path.is_file() {
            return read_if_exists(&path);
        }
        match self.fetch(&url) {
            Ok(body) => {
                submissions::parse_page(Path::new(&url), &body)?;
                store(&dir, name, &body, remote.today)?;
                Ok(Some((path, body)))
            }
            Err(_) => Ok(None),
        }
    }

    /// The acceptance time of a filing from its header, or why there is none (no header
    /// in the folder, a failed download, a header that does not read).
    pub fn acceptance(&mut self, cik: u64, accession: &str) -> std::result::Result<NyTime, String> {
        if !submissions::valid_accession(accession) {
            return Err(format!("{accession:?} is not an accession number"));
        }
        let name = format!("{accession}.hdr.sgml");
        let text = match &self.source {
            Source::Dir(d) => {
                std::fs::read(d.join(&name)).map_err(|_| "no header in the folder".to_string())?
            }
            Source::Remote(r) => {
                let r = r.clone();
                let dir = r.cache_dir.join("headers");
                let missing = dir.join(format!("{accession}.missing"));
                if let Ok(day) = std::fs::read_to_string(&missing)
                    && date::parse(day.trim()).is_some_and(|d| r.today - d <= r.max_age_days)
                {
                    return Err(format!("the SEC had no header on {}", day.trim()));
                }
                match std::fs::read(dir.join(&name)) {
                    Ok(t) => t,
                    Err(_) => {
                        let url = format!(
                            "{}/Archives/edgar/data/{cik}/{}/{name}",
                            r.www_base.trim_end_matches('/'),
                            accession.replace('-', "")
                        );
                        let body = match self.fetch(&url) {
                            Ok(b) => b,
                            Err(Failure::Unknown(_)) => {
                                // Remembered for as long as a submissions file is, so that a
                                // rerun asks nothing again.
                                let _ = std::fs::create_dir_all(&dir);
                                let _ = write_atomic(&missing, date::format(r.today).as_bytes());
                                return Err(format!("{url}: 404 Not Found"));
                            }
                            Err(Failure::Bad(m) | Failure::Transient(m)) => {
                                return Err(format!("{url}: {m}"));
                            }
                        };
                        let t = String::from_utf8_lossy(&body);
                        header::acceptance(&t, accession).map_err(|e| format!("{url}: {e}"))?;
                        store(&dir, &name, &body, r.today).map_err(|e| e.to_string())?;
                        body
                    }
                }
            }
        };
        header::acceptance(&String::from_utf8_lossy(&text), accession).map_err(|e| e.to_string())
    }

    /// True when headers can be had at all (a download source, or a folder that holds some).
    pub fn has_headers(&self) -> bool {
        match &self.source {
            Source::Remote(r) => self.client.is_some() || r.cache_dir.join("headers").is_dir(),
            Source::Dir(d) => std::fs::read_dir(d).is_ok_and(|mut it| {
                it.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".hdr.sgml")))
            }),
        }
    }
}

fn read_if_exists(path: &Path) -> Result<Option<(PathBuf, Vec<u8>)>> {
    if !path.is_file() {
        return Ok(None);
    }
    Ok(Some((path.to_path_buf(), submissions::read_capped(path)?)))
}

/// The date a cached file was downloaded (its `.date` companion).
fn cached_date(path: &Path) -> Option<Day> {
    if !path.is_file() {
        return None;
    }
    let stamp = std::fs::read_to_string(path.with_extension("date")).ok()?;
    date::parse(stamp.trim())
}

fn store(dir: &Path, name: &str, body: &[u8], today: Day) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let path = dir.join(name);
    write_atomic(&path, body)?;
    write_atomic(&path.with_extension("date"), date::format(today).as_bytes())
}
