//! Rivals (METHODS.md §13): does one company's layoff move its competitors? For every
//! studied event, the equal-weighted portfolio of the announcer's rivals with prices is
//! studied on the announcer's day 0 and calendar, under the event's model and windows.
//!
//! Each rival's abnormal returns come from its own fit on the estimation window; the
//! portfolio's AR on a day is their mean over the rivals with a value that day. The
//! portfolio is then one series: its `s^2` comes from its own estimation-window ARs
//! (`sum AR^2 / (L - k)`, the sample variance for the two models without regressors), so
//! the rivals' correlation is inside it, `S_CAR^2 = s^2 T` (the portfolio has no regressor
//! matrix of its own), and every test of §5 runs across events on the portfolio CARs.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::{
    ArStore, At, EventResult, Fit, Measure, Model, Regressors, Settings, StudyResult, SummaryRow,
    WindowStat, window_rows,
};
use crate::error::{Error, Result};
use crate::events::{Event, Exclusion};

/// The groups of `--group-by announcer_sign`.
pub const ANNOUNCER_SIGN: &str = "announcer_sign";

/// The `--rivals` keys that name a classification rather than a file of pairs.
pub const KEYS: [&str; 4] = ["gics", "sic4", "sic3", "sic2"];

/// `announcer_sign` groups the rivals' tests, not the study's: the study's group column,
/// and whether the rivals' tests split by the sign of the announcer's CAR.
pub fn split_group(group_by: Option<&str>) -> (Option<String>, bool) {
    match group_by {
        Some(ANNOUNCER_SIGN) => (None, true),
        g => (g.map(str::to_string), false),
    }
}

/// Each announcer's rivals: upper-case tickers, the announcer and its other share classes
/// (the same CIK) left out.
#[derive(Debug, Clone, Default)]
pub struct Peers {
    rivals: HashMap<String, Vec<String>>,
    /// Where the peers came from, for the notes.
    pub source: String,
}

/// The peer list a `--rivals` key reads: the one given, else for a SIC key the SEC
/// submissions of the filings source (its folder, or the cache `auto` downloads into).
pub fn peer_list_for(
    key: &str,
    peer_list: Option<&Path>,
    sec_filings: Option<&Path>,
) -> Option<std::path::PathBuf> {
    peer_list.map(Path::to_path_buf).or_else(|| {
        let f = sec_filings.filter(|_| key.starts_with("sic"))?;
        Some(if f.as_os_str() == "auto" {
            crate::fetch::sec::cache_dir()
                .join("edgar")
                .join("submissions")
        } else {
            f.to_path_buf()
        })
    })
}

impl Peers {
    /// The peers of a `--rivals` key: `gics` (the GICS sub-industries of `peer_list`) or
    /// the path of a pairs file.
    ///
    /// # Errors
    /// `gics` without a peer list, a SIC key (not yet available), an unreadable file.
    pub fn from_key(key: &str, peer_list: Option<&Path>) -> Result<Peers> {
        match key {
            "gics" => Peers::from_constituents(peer_list.ok_or_else(|| {
                Error::Usage(
                    format!("{} gics needs a peer list: a constituents file with Symbol and GICS Sub-Industry columns ({})", crate::setting::Setting::Rivals, crate::setting::Setting::PeerList),
                )
            })?),
            "sic4" | "sic3" | "sic2" => {
                let digits = usize::from(key.as_bytes()[3] - b'0');
                Peers::from_submissions(
                    peer_list.ok_or_else(|| {
                        Error::Usage(format!(
                            "{} {key} needs a peer list: a folder of SEC submissions files (CIK##########.json) ({})", crate::setting::Setting::Rivals, crate::setting::Setting::PeerList
                        ))
                    })?,
                    digits,
                )
            }
            file => Peers::from_pairs(Path::new(file)),
        }
    }

    /// The rivals of a ticker (none when it has no peer key).
    pub fn of(&self, ticker: &str) -> &[String] {
        self.rivals
            .get(&ticker.trim().to_ascii_uppercase())
            .map_or(&[], Vec::as_slice)
    }

    /// Peers by a shared key: every ticker with a key is a rival of every other ticker with
    /// the same key, except those of the same company (`company`, e.g. the CIK).
    fn of_keys(rows: &[(String, String, Option<String>)], source: String) -> Peers {
        let mut by_key: BTreeMap<&str, Vec<(&str, Option<&str>)>> = BTreeMap::new();
        for (ticker, key, company) in rows {
            by_key
                .entry(key.as_str())
                .or_default()
                .push((ticker.as_str(), company.as_deref()));
        }
        let mut rivals: HashMap<String, Vec<String>> = HashMap::new();
        for members in by_key.values() {
            for &(t, c) in members {
                rivals.entry(t.to_string()).or_default().extend(
                    members
                        .iter()
                        .filter(|&&(u, d)| u != t && (c.is_none() || d != c))
                        .map(|&(u, _)| u.to_string()),
                );
            }
        }
        Peers::sorted(rivals, source)
    }

    /// Peers with each ticker's rivals sorted, each once.
    fn sorted(mut rivals: HashMap<String, Vec<String>>, source: String) -> Peers {
        for v in rivals.values_mut() {
            v.sort();
            v.dedup();
        }
        Peers { rivals, source }
    }

    /// Peers of one GICS sub-industry of a constituents file (columns `Symbol` and
    /// `GICS Sub-Industry`; `CIK` when present keeps share classes of one company apart).
    /// A `.` in a symbol is read as Yahoo's `-` (`BRK.B` is `BRK-B`).
    ///
    /// # Errors
    /// The file cannot be read, lacks a column, or has a row of another width.
    pub fn from_constituents(path: &Path) -> Result<Peers> {
        let t = Sheet::read(
            path,
            "a constituents file with Symbol and GICS Sub-Industry",
        )?;
        let (header, rows) = (&t.records[0], &t.records[1..]);
        let col = |name: &str| t.column(name);
        let (sym, sub) = (col("symbol")?, col("gics sub-industry")?);
        let cik = col("cik").ok();
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            crate::tabular::check_width(path, r.line, r.fields.len(), header.fields.len())?;
            let ticker = r.fields[sym].trim().to_ascii_uppercase().replace('.', "-");
            let key = r.fields[sub].trim().to_string();
            if ticker.is_empty() || key.is_empty() {
                continue;
            }
            crate::symbol::check(&ticker).map_err(|why| {
                Error::data(path, Some(r.line), Some("Symbol".into()), why.to_string())
            })?;
            let company = cik
                .map(|c| r.fields[c].trim().trim_start_matches('0').to_string())
                .filter(|c| !c.is_empty());
            out.push((ticker, key, company));
        }
        Ok(Peers::of_keys(
            &out,
            format!("GICS sub-industries of {}", path.display()),
        ))
    }

    /// Peers sharing the first `digits` digits of their SIC code, from a folder of SEC
    /// submissions files (`CIK##########.json`, as EDGAR serves them: `cik`, `sic`,
    /// `tickers`); every ticker of a CIK is that company's, so share classes stay apart.
    /// Files without a SIC code (pages of older filings, funds) are passed over.
    ///
    /// # Errors
    /// The folder cannot be read, a file is not JSON or larger than a submissions file can
    /// be, or holds a ticker that is not a symbol.
    pub fn from_submissions(dir: &Path, digits: usize) -> Result<Peers> {
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| Error::io(dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.len() == 18 && n.starts_with("CIK") && n.ends_with(".json"))
            })
            .collect();
        files.sort();
        let mut rows = Vec::new();
        for path in &files {
            let body = crate::filings::submissions::read_capped(path)?;
            let v: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
                Error::data(
                    path,
                    (e.line() > 0).then_some(e.line()),
                    None,
                    format!("not an SEC submissions file: {e}"),
                )
            })?;
            let Some(sic) = v.get("sic").and_then(|s| s.as_str()).map(str::trim) else {
                continue;
            };
            if sic.len() < digits || !sic.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let cik = crate::filings::submissions::cik_value(
                path,
                v.get("cik").unwrap_or(&serde_json::Value::Null),
            )?;
            let tickers = v.get("tickers").and_then(|t| t.as_array());
            for t in tickers.into_iter().flatten().filter_map(|t| t.as_str()) {
                let ticker = crate::symbol::check(t).map_err(|why| {
                    Error::data(path, None, Some("tickers".into()), why.to_string())
                })?;
                rows.push((ticker, sic[..digits].to_string(), Some(cik.to_string())));
            }
        }
        Ok(Peers::of_keys(
            &rows,
            format!(
                "{digits}-digit SIC codes of the submissions in {}",
                dir.display()
            ),
        ))
    }

    /// Peers from a pairs file: `ticker,rival` rows (a rival of a ticker is not thereby
    /// the ticker's rival's rival).
    ///
    /// # Errors
    /// The file cannot be read, lacks a column, or holds a ticker that is not a symbol.
    pub fn from_pairs(path: &Path) -> Result<Peers> {
        let sheet = Sheet::read(path, "ticker,rival pairs")?;
        let (header, rows) = (&sheet.records[0], &sheet.records[1..]);
        let col = |name: &str| sheet.column(name);
        let (t, r) = (col("ticker")?, col("rival")?);
        let mut rivals: HashMap<String, Vec<String>> = HashMap::new();
        for row in rows {
            crate::tabular::check_width(path, row.line, row.fields.len(), header.fields.len())?;
            let cell = |i: usize, name: &str| -> Result<String> {
                let v = row.fields[i].trim().to_ascii_uppercase();
                crate::symbol::check(&v).map_err(|why| {
                    Error::data(path, Some(row.line), Some(name.into()), why.to_string())
                })?;
                Ok(v)
            };
            let (a, b) = (cell(t, "ticker")?, cell(r, "rival")?);
            if a != b {
                rivals.entry(a).or_default().push(b);
            }
        }
        Ok(Peers::sorted(
            rivals,
            format!("pairs of {}", path.display()),
        ))
    }
}

/// A peers file's records (the header first, never empty) and what it should hold.
struct Sheet<'a> {
    path: &'a Path,
    expected: &'a str,
    records: Vec<crate::tabular::Record>,
}

impl<'a> Sheet<'a> {
    fn read(path: &'a Path, expected: &'a str) -> Result<Sheet<'a>> {
        let text = crate::tabular::read_text(path)?;
        let records = crate::tabular::records(path, &text)?;
        if records.is_empty() {
            return Err(Error::data(
                path,
                None,
                None,
                format!("empty file: expected {expected}"),
            ));
        }
        Ok(Sheet {
            path,
            expected,
            records,
        })
    }

    /// The position of a column by its normalised name.
    fn column(&self, name: &str) -> Result<usize> {
        let header = &self.records[0];
        header
            .fields
            .iter()
            .position(|h| crate::tabular::norm_header(h) == name)
            .ok_or_else(|| {
                Error::data(
                    self.path,
                    Some(header.line),
                    None,
                    format!("no column {name:?}: expected {}", self.expected),
                )
            })
    }
}

/// A finished rival study.
#[derive(Debug)]
pub struct RivalStudy {
    /// One portfolio per announcer event with at least one rival studied: `event` is the
    /// announcer's event index, `ticker` the announcer's, `windows` the portfolio's.
    pub portfolios: Vec<EventResult>,
    /// The rivals in each portfolio, each with its own CAR per window.
    pub members: Vec<Vec<(String, Vec<f64>)>>,
    /// Rivals left out (no prices, too few estimation days, ...) and announcers without a
    /// portfolio, each with the reason.
    pub excluded: Vec<Exclusion>,
    /// The tests across events on the portfolio CARs, pooled (`all`) and with
    /// `--group-by announcer_sign` by the sign of the announcer's CAR over each window.
    pub summary: Vec<SummaryRow>,
    /// Notes for `study.txt`.
    pub notes: Vec<String>,
}

/// Checks that a study can have rivals: a study of returns.
///
/// # Errors
/// `--measure volume|volatility` with `--rivals`.
pub fn check(s: &Settings) -> Result<()> {
    if s.measure != Measure::Return {
        return Err(Error::setting(
            crate::setting::Setting::Rivals,
            format!(
                "{} with {} {}: the rival portfolios are studied on returns",
                crate::setting::Setting::Rivals,
                crate::setting::Setting::Measure,
                s.measure
            ),
        ));
    }
    Ok(())
}

/// The calendar positions of every rival the study's announcers have, and their daily
/// values on the calendar, read once.
fn rival_returns(
    inputs: &super::Inputs<'_>,
    study: &StudyResult,
    peers: &Peers,
    s: &Settings,
) -> Result<(Vec<usize>, Vec<Vec<f64>>)> {
    let mut wanted: Vec<usize> = study
        .results
        .iter()
        .flat_map(|r| peers.of(&r.ticker))
        .filter_map(|t| inputs.prices.position(t))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let series = inputs.prices.load(&wanted)?;
    let returns = series
        .iter()
        .map(|ser| s.measure.values(inputs.calendar, ser, s.log_returns))
        .collect();
    Ok((wanted, returns))
}

/// What each rival is studied with.
struct Rivals<'a, 'b> {
    inputs: &'a super::Inputs<'b>,
    wanted: &'a [usize],
    returns: &'a [Vec<f64>],
    reg: &'a Regressors,
    s: &'a Settings,
}

impl Rivals<'_, '_> {
    /// The rivals of announcer `r` that could be studied; the others go to `excluded`.
    fn studied(
        &self,
        e: &Event,
        r: &EventResult,
        rivals: &[String],
        excluded: &mut Vec<Exclusion>,
    ) -> Vec<Rival> {
        let mut studied = Vec::new();
        for rival in rivals {
            let of = |why: String| Exclusion {
                event_id: e.id.clone(),
                ticker: rival.clone(),
                announce_date: e.date,
                reason: format!("rival {rival} of {}: {why}", r.ticker),
            };
            let Some(k) = self
                .inputs
                .prices
                .position(rival)
                .and_then(|p| self.wanted.binary_search(&p).ok())
            else {
                excluded.push(of(format!("no prices for ticker {rival}")));
                continue;
            };
            match rival_series(rival, r, self.inputs, &self.returns[k], self.reg, self.s) {
                Ok(x) => studied.push(x),
                Err(why) => excluded.push(of(why)),
            }
        }
        studied
    }
}

/// Studies the rival portfolio of every studied event of `study`.
///
/// # Errors
/// Settings [`check`] refuses, missing model inputs, or unreadable prices.
pub fn run(
    events: &[Event],
    inputs: &super::Inputs<'_>,
    study: &StudyResult,
    peers: &Peers,
    split_by_sign: bool,
) -> Result<RivalStudy> {
    let s = Settings {
        // Rivals are never dropped for a confounder of the announcer.
        confounded: super::event_time::Confounded::Flag,
        ..study.settings.clone()
    };
    check(&s)?;
    let reg = Regressors::new(s.model, inputs, s.log_returns, s.measure)?;
    let (wanted, returns) = rival_returns(inputs, study, peers, &s)?;
    let est_len = s.estimation.len();
    let mut store = ArStore::new(est_len, study.results.len())?;
    let mut portfolios = Vec::new();
    let mut members = Vec::new();
    let mut excluded = Vec::new();
    for r in &study.results {
        let e = &events[r.event];
        let rivals = Rivals {
            inputs,
            wanted: &wanted,
            returns: &returns,
            reg: &reg,
            s: &s,
        };
        let studied = rivals.studied(e, r, peers.of(&r.ticker), &mut excluded);
        if studied.is_empty() {
            if !peers.of(&r.ticker).is_empty() {
                excluded.push(Exclusion::of(
                    e,
                    format!("no rival of {} could be studied", r.ticker),
                ));
            }
            continue;
        }
        match portfolio(r, &studied, &s) {
            Ok((mut p, est)) => {
                p.est_slot = store.push(&est)?;
                members.push(studied.into_iter().map(|x| (x.ticker, x.cars)).collect());
                portfolios.push(p);
            }
            Err(why) => excluded.push(Exclusion::of(e, why)),
        }
    }
    store.seal()?;
    let mut notes = vec![format!(
        "rivals: {} of {} studied events have a rival portfolio ({}); {} rivals left out (see excluded.csv)",
        portfolios.len(),
        study.results.len(),
        peers.source,
        excluded
            .iter()
            .filter(|x| x.reason.starts_with("rival "))
            .count()
    )];
    let summary = summarise(study, &portfolios, &store, &s, split_by_sign, &mut notes)?;
    Ok(RivalStudy {
        portfolios,
        members,
        excluded,
        summary,
        notes,
    })
}

/// One rival studied on the announcer's day 0: its fit, its abnormal returns (estimation
/// window, and the span with returns and expected returns) and its CAR per window (NaN for
/// a window it lacks a day of: the portfolio takes the rivals with a value each day).
struct Rival {
    ticker: String,
    fit: Fit,
    est: Vec<f64>,
    ret: Vec<f64>,
    expected: Vec<f64>,
    ar: Vec<f64>,
    cars: Vec<f64>,
}

/// A rival's series under the event's model on the announcer's day 0 and calendar, or why
/// it cannot be studied (too few estimation days, collinear regressors).
fn rival_series(
    ticker: &str,
    announcer: &EventResult,
    inputs: &super::Inputs<'_>,
    returns: &[f64],
    reg: &Regressors,
    s: &Settings,
) -> std::result::Result<Rival, String> {
    let at = At {
        cal: inputs.calendar,
        d0: announcer.day0_index,
        r: returns,
    };
    let (est_at, est_days) = at.estimation_days(reg, s, &[]);
    if est_days.len() < s.min_estimation {
        return Err(format!(
            "only {} of {} required estimation days usable in window {}",
            est_days.len(),
            s.min_estimation,
            s.estimation
        ));
    }
    let fit = if s.model == Model::Garch {
        super::garch_fit(&est_at, &est_days)
            .map_err(|why| why.to_string())?
            .0
    } else {
        Fit::estimate(s.model, &est_days)
            .ok_or_else(|| "the estimation regressors are collinear".to_string())?
    };
    let p = at.paths(reg, s, &fit, &est_at, &est_days);
    let est_len = s.estimation.len();
    let from = (s.span().start - s.estimation.start) as usize;
    let cars = s
        .windows
        .iter()
        .map(|w| {
            w.days()
                .map(|rel| p.ar[(rel - s.estimation.start) as usize])
                .sum::<f64>()
        })
        .collect();
    Ok(Rival {
        ticker: ticker.to_string(),
        fit,
        est: p.ar[..est_len].to_vec(),
        ret: p.ret[from..].to_vec(),
        expected: p.expected[from..].to_vec(),
        ar: p.ar[from..].to_vec(),
        cars,
    })
}

impl RivalStudy {
    /// Puts the rivals left out into the study's exclusions and the rival study's notes
    /// into its notes (excluded.csv and study.txt hold both).
    pub fn add_to(&self, r: &mut StudyResult) {
        r.excluded.extend(self.excluded.iter().cloned());
        r.notes.extend(self.notes.iter().cloned());
    }
}

/// The mean of the values present at each position of the rivals' series.
fn mean_at(series: &[&[f64]], len: usize) -> Vec<f64> {
    (0..len)
        .map(|i| {
            let (sum, n) = series
                .iter()
                .filter_map(|v| v.get(i).copied().filter(|x| x.is_finite()))
                .fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
            if n == 0 { f64::NAN } else { sum / n as f64 }
        })
        .collect()
}

/// The portfolio's variance from its own estimation-window ARs, and its degrees of
/// freedom. GARCH's rivals are fitted by GARCH; the portfolio's own variance counts the
/// mean model's two parameters.
fn portfolio_variance(used: &[f64], s: &Settings) -> (f64, usize) {
    let l = used.len();
    let k = if s.model == Model::Garch {
        2
    } else {
        s.model.k()
    };
    if k >= 2 {
        (
            used.iter().map(|v| v * v).sum::<f64>() / (l - k) as f64,
            l - k,
        )
    } else {
        (super::model::sample_var(used), l - 1)
    }
}

/// The portfolio's CAR, SCAR and BHAR in each window, from its daily AR, return and
/// expected return over the span; or the day without any rival's return.
fn portfolio_windows(
    (ar, ret, expected): (&[f64], &[f64], &[f64]),
    s: &Settings,
    s2: f64,
) -> std::result::Result<Vec<WindowStat>, String> {
    let span = s.span();
    let mut windows = Vec::with_capacity(s.windows.len());
    for w in &s.windows {
        let (mut car, mut gross, mut gross_ex) = (0.0, 1.0, 1.0);
        for rel in w.days() {
            let i = (rel - span.start) as usize;
            if !ar[i].is_finite() {
                return Err(format!(
                    "no rival has a return on day {} inside window {w}",
                    super::window::signed(rel)
                ));
            }
            car += ar[i];
            gross *= 1.0 + ret[i];
            gross_ex *= 1.0 + expected[i];
        }
        windows.push(WindowStat {
            car,
            scar: car / (s2 * w.len() as f64).sqrt(),
            bhar: gross - gross_ex,
        });
    }
    Ok(windows)
}

/// The rivals' mean model parameters.
fn mean_params(studied: &[Rival]) -> Vec<f64> {
    let n = studied.len() as f64;
    let mut params = vec![0.0; studied[0].fit.params.len()];
    for x in studied {
        for (p, v) in params.iter_mut().zip(&x.fit.params) {
            *p += v / n;
        }
    }
    params
}

/// The portfolio of the rivals of announcer `r` as one studied series, with its
/// estimation-window ARs; or why it has no value in a window.
fn portfolio(
    r: &EventResult,
    studied: &[Rival],
    s: &Settings,
) -> std::result::Result<(EventResult, Vec<f64>), String> {
    let span = s.span();
    let est_len = s.estimation.len();
    let ests: Vec<&[f64]> = studied.iter().map(|x| x.est.as_slice()).collect();
    let est = mean_at(&ests, est_len);
    // Over the span, a rival's return and expected return count where it has an AR.
    let ars: Vec<&[f64]> = studied.iter().map(|x| x.ar.as_slice()).collect();
    let ar = mean_at(&ars, span.len());
    let masked = |f: fn(&Rival) -> &Vec<f64>| -> Vec<f64> {
        let vs: Vec<Vec<f64>> = studied
            .iter()
            .map(|x| {
                f(x).iter()
                    .zip(&x.ar)
                    .map(|(v, a)| if a.is_finite() { *v } else { f64::NAN })
                    .collect()
            })
            .collect();
        let refs: Vec<&[f64]> = vs.iter().map(Vec::as_slice).collect();
        mean_at(&refs, span.len())
    };
    let ret = masked(|x| &x.ret);
    let expected = masked(|x| &x.expected);
    let used: Vec<f64> = est.iter().copied().filter(|v| v.is_finite()).collect();
    let l = used.len();
    let (s2, d) = portfolio_variance(&used, s);
    let windows = portfolio_windows((&ar, &ret, &expected), s, s2)?;
    // The portfolio's parameters: the rivals' means.
    let params = mean_params(studied);
    let fit = Fit {
        model: s.model,
        params,
        xtx_inv: None,
        s2,
        l,
        d,
        garch: None,
    };
    let positive = used.iter().filter(|v| **v > 0.0).count();
    Ok((
        EventResult {
            event: r.event,
            ticker: r.ticker.clone(),
            day0: r.day0,
            day0_index: r.day0_index,
            fit,
            share_positive: positive as f64 / l as f64,
            runup: f64::NAN,
            ret,
            expected,
            ar,
            windows,
            overlaps: Vec::new(),
            day0_source: r.day0_source,
            moved: r.moved,
            confounders: r.confounders.clone(),
            est_slot: 0,
        },
        est,
    ))
}

/// The tests on the portfolio CARs: pooled, then (`split_by_sign`) per window by the sign
/// of the announcer's CAR over that window.
fn summarise(
    study: &StudyResult,
    portfolios: &[EventResult],
    store: &ArStore,
    s: &Settings,
    split_by_sign: bool,
    notes: &mut Vec<String>,
) -> Result<Vec<SummaryRow>> {
    let all: Vec<&EventResult> = portfolios.iter().collect();
    if all.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = window_rows("all", &all, store, s, notes)?;
    if !split_by_sign {
        return Ok(out);
    }
    let announcer: HashMap<usize, &EventResult> =
        study.results.iter().map(|r| (r.event, r)).collect();
    for (wi, w) in s.windows.iter().enumerate() {
        for (name, keep) in [
            ("negative", (|c: f64| c < 0.0) as fn(f64) -> bool),
            ("positive", |c: f64| c > 0.0),
        ] {
            let group: Vec<&EventResult> = portfolios
                .iter()
                .filter(|p| {
                    announcer
                        .get(&p.event)
                        .is_some_and(|a| keep(a.windows[wi].car))
                })
                .collect();
            if group.is_empty() {
                continue;
            }
            let rows = window_rows(name, &group, store, s, notes)?;
            out.extend(rows.into_iter().filter(|row| row.window == *w));
        }
    }
    Ok(out)
}

/// `rivals.csv`: each rival's own CAR per event and window.
pub fn rivals_table(events: &[Event], s: &Settings, rs: &RivalStudy) -> crate::content::Table {
    use crate::content::Cell;
    let mut t = crate::content::Table::new(&["event_id", "ticker", "rival", "window", "car"]);
    for (p, members) in rs.portfolios.iter().zip(&rs.members) {
        for (rival, cars) in members {
            for (w, car) in s.windows.iter().zip(cars) {
                t.rows.push(vec![
                    Cell::str(&events[p.event].id),
                    Cell::str(&p.ticker),
                    Cell::str(rival),
                    Cell::str(w.to_string()),
                    Cell::ret(*car),
                ]);
            }
        }
    }
    t
}

/// `rival_cars.csv`: one portfolio row per event and window, the columns of `cars.csv`
/// (ticker: the announcer's) and `rivals`, the rivals in the portfolio.
pub fn rival_cars_table(events: &[Event], s: &Settings, rs: &RivalStudy) -> crate::content::Table {
    let mut t = super::output::cars_of(events, s, &rs.portfolios);
    t.columns.push("rivals".into());
    let counts = rs
        .members
        .iter()
        .flat_map(|m| std::iter::repeat_n(m.len(), s.windows.len()));
    for (row, n) in t.rows.iter_mut().zip(counts) {
        row.push(crate::content::Cell::Int(n as i64));
    }
    t
}

/// Writes `rivals.csv`, `rival_cars.csv` and `rival_summary.csv` into `dir`.
///
/// # Errors
/// A file cannot be written.
pub fn write_files(dir: &Path, events: &[Event], s: &Settings, rs: &RivalStudy) -> Result<()> {
    crate::files::write_csv(&dir.join("rivals.csv"), &rivals_table(events, s, rs))?;
    crate::files::write_csv(
        &dir.join("rival_cars.csv"),
        &rival_cars_table(events, s, rs),
    )?;
    crate::files::write_csv(
        &dir.join("rival_summary.csv"),
        &super::output::summary_of(s, &rs.summary),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submissions(dir: &Path, cik: u64, sic: &str, tickers: &[&str]) {
        let t: Vec<String> = tickers.iter().map(|t| format!("{t:?}")).collect();
        std::fs::write(
            dir.join(format!("CIK{cik:010}.json")),
            format!(
                r#"{{"cik":"{cik:010}","sic":"{sic}","tickers":[{}],"filings":{{}}}}"#,
                t.join(",")
            ),
        )
        .unwrap();
    }

    #[test]
    fn sic_peers_by_their_first_digits_share_classes_apart() {
        let dir = tempfile::tempdir().unwrap();
        submissions(dir.path(), 1652044, "7370", &["GOOGL", "GOOG"]);
        submissions(dir.path(), 1326801, "7370", &["META"]);
        submissions(dir.path(), 789019, "7372", &["MSFT"]);
        submissions(dir.path(), 320193, "3571", &["AAPL"]);
        // A page of older filings has no SIC and is passed over.
        std::fs::write(dir.path().join("CIK0000320193-submissions-001.json"), "{}").unwrap();
        let four = Peers::from_key("sic4", Some(dir.path())).unwrap();
        assert_eq!(four.of("GOOGL"), ["META"]);
        assert_eq!(four.of("META"), ["GOOG", "GOOGL"]);
        assert!(four.of("MSFT").is_empty());
        let three = Peers::from_key("sic3", Some(dir.path())).unwrap();
        assert_eq!(three.of("MSFT"), ["GOOG", "GOOGL", "META"]);
        assert!(three.of("AAPL").is_empty());
        // Without a folder the key is bad usage.
        assert!(matches!(
            Peers::from_key("sic2", None),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn bad_peer_files_are_errors_naming_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("list.csv");
        std::fs::write(&f, "Symbol,Sector\nAAPL,Tech\n").unwrap();
        let e = Peers::from_constituents(&f).unwrap_err().to_string();
        assert!(
            e.contains("list.csv") && e.contains("line 1") && e.contains("gics sub-industry"),
            "{e}"
        );
        std::fs::write(&f, "Symbol,GICS Sub-Industry\nAAPL,Tech,extra\n").unwrap();
        let e = Peers::from_constituents(&f).unwrap_err().to_string();
        assert!(e.contains("line 2"), "{e}");
        std::fs::write(&f, "ticker,rival\nAAPL,../x\n").unwrap();
        let e = Peers::from_pairs(&f).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("rival"), "{e}");
        std::fs::write(&f, "").unwrap();
        let e = Peers::from_pairs(&f).unwrap_err().to_string();
        assert!(e.contains("list.csv") && e.contains("empty"), "{e}");
    }

    #[test]
    fn a_ticker_that_is_a_path_in_a_submissions_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        submissions(dir.path(), 1, "7370", &["../../etc/passwd"]);
        let err = Peers::from_submissions(dir.path(), 4)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("CIK0000000001.json") && err.contains("tickers"),
            "{err}"
        );
    }

    /// The real submissions files of `../shared/data`: NVIDIA and Wolfspeed share SIC 3674
    /// (semiconductors), Apple (3571) and Tesla (3711) share only the first digit.
    #[test]
    fn real_submissions_files_read() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/sec_edgar_submissions_edgartools");
        if !dir.is_dir() {
            eprintln!("skipped: {} is not on this machine", dir.display());
            return;
        }
        let four = Peers::from_submissions(&dir, 4).unwrap();
        assert_eq!(four.of("NVDA"), ["WOLF"]);
        assert_eq!(four.of("WOLF"), ["NVDA"]);
        assert!(four.of("AAPL").is_empty() && four.of("MSFT").is_empty());
        let two = Peers::from_submissions(&dir, 2).unwrap();
        assert!(two.of("AAPL").is_empty() && two.of("TSLA").is_empty());
    }
}
