//! Every setting of a study (`study`, `report`, Python's `study()`) with its default, in
//! one place, and the check of them all before any file is read or any folder staged.
//!
//! The command line fills a [`Spec`] from its flags; Python from its keywords through
//! [`Spec::set_keyword`], one keyword per field. [`Spec::validate`] turns it into the
//! [`Plan`] a study job runs; its errors name the setting through [`Setting`], spelt by each
//! front end as its users write it.

use std::path::PathBuf;

use super::event_time::Confounded;
use super::overlap::Overlap;
use super::regression::{self, SeType, Term};
use super::{Measure, Model, Settings, Window, rivals};
use crate::calendar::NonTrading;
use crate::error::{Error, Result};
use crate::filings::Day0Rule;
use crate::import::PriceField;
use crate::setting::Setting;
use crate::spelling::Spelled;

/// Every setting of a study, as a user gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// What is studied, each measure over the same events.
    pub measures: Vec<Measure>,
    /// Model of normal returns (of normal log volume for volume).
    pub model: Model,
    /// Estimation window E.
    pub estimation: Window,
    /// Event windows W.
    pub windows: Vec<Window>,
    /// Window of the CAAR chart; `None` for [`Settings::chart_for`] the estimation window.
    pub chart_window: Option<Window>,
    /// Fewest usable estimation days.
    pub min_estimation: usize,
    /// Events column to group by (`announcer_sign` splits the rivals' tests).
    pub group_by: Option<String>,
    /// Ken French daily factor files.
    pub factors: Vec<PathBuf>,
    /// Events of one ticker whose spans overlap.
    pub overlap: Overlap,
    /// Keep other events' spans out of the estimation window.
    pub clean_estimation: bool,
    /// Terms of the cross-sectional regression, comma-separated.
    pub explain: Option<String>,
    /// Standard errors of the regression.
    pub se: String,
    /// Which instant day 0 comes from.
    pub day0: Day0Rule,
    /// Trading days around day 0 in which a confounder confounds.
    pub confound_window: Window,
    /// Keep confounded events flagged, or drop them.
    pub confounded: Confounded,
    /// Rivals: `gics`, `sic4|sic3|sic2` or a file of pairs.
    pub rivals: Option<String>,
    /// Constituents file or folder of SEC submissions the rivals are read from.
    pub peer_list: Option<PathBuf>,
    /// Fewest events of a group drawn in the CAAR chart.
    pub min_group_size: usize,
    /// Day 0 of announcements on non-trading dates.
    pub non_trading: NonTrading,
    /// Price column.
    pub price: PriceField,
    /// Log returns instead of simple returns.
    pub log_returns: bool,
    /// SEC submissions: `auto` or a folder.
    pub sec_filings: Option<PathBuf>,
    /// Where `auto` downloads from.
    pub sec_base_url: String,
    /// User-Agent of SEC downloads.
    pub user_agent: Option<String>,
    /// 8-K items of a layoff filing, comma-separated.
    pub filing_items: String,
    /// Calendar days either side of the reported date searched for the filing.
    pub filing_search: i32,
    /// Confounding announcements: `sec` or files.
    pub confounders: Vec<PathBuf>,
}

impl Default for Spec {
    fn default() -> Self {
        let s = Settings::default();
        Spec {
            measures: vec![s.measure],
            model: s.model,
            estimation: s.estimation,
            windows: s.windows,
            chart_window: None,
            min_estimation: s.min_estimation,
            group_by: None,
            factors: Vec::new(),
            overlap: s.overlap,
            clean_estimation: s.clean_estimation,
            explain: None,
            se: "hc1".into(),
            day0: s.day0,
            confound_window: s.confound_window,
            confounded: s.confounded,
            rivals: None,
            peer_list: None,
            min_group_size: s.min_group_size,
            non_trading: s.non_trading,
            price: PriceField::default(),
            log_returns: s.log_returns,
            sec_filings: None,
            sec_base_url: crate::fetch::sec::BASE.into(),
            user_agent: None,
            filing_items: "2.05".into(),
            filing_search: crate::filings::FilingSearch::default().days,
            confounders: Vec::new(),
        }
    }
}

/// A value given to a setting by name (Python's keyword arguments).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing: the setting's default, or no value for an optional one.
    None,
    /// Yes or no.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// Text (a path, a window, a choice).
    Text(String),
    /// Several texts.
    List(Vec<String>),
}

/// A value read as each kind of setting reads it; the error is the words of what was
/// expected, for the caller to name its setting.
impl Value {
    /// Text, or none.
    ///
    /// # Errors
    /// Another kind of value.
    pub fn text(&self) -> std::result::Result<Option<&str>, &'static str> {
        match self {
            Value::None => Ok(None),
            Value::Text(t) => Ok(Some(t)),
            _ => Err("text"),
        }
    }

    /// Several texts: a list, one text, or none for `None`.
    ///
    /// # Errors
    /// Another kind of value.
    pub fn texts(&self) -> std::result::Result<Vec<String>, &'static str> {
        match self {
            Value::None => Ok(Vec::new()),
            Value::Text(t) => Ok(vec![t.clone()]),
            Value::List(l) => Ok(l.clone()),
            _ => Err("text or a list of texts"),
        }
    }

    /// A whole number of at least zero.
    ///
    /// # Errors
    /// Another kind of value, or a negative number.
    pub fn count(&self) -> std::result::Result<i64, &'static str> {
        match self {
            Value::Int(i) if *i >= 0 => Ok(*i),
            _ => Err("a whole number, at least 0"),
        }
    }

    /// A number, whole or not.
    ///
    /// # Errors
    /// Another kind of value.
    pub fn number(&self) -> std::result::Result<f64, &'static str> {
        match self {
            Value::Int(i) => Ok(*i as f64),
            Value::Float(x) => Ok(*x),
            _ => Err("a number"),
        }
    }

    /// A yes or no.
    ///
    /// # Errors
    /// Another kind of value.
    pub fn flag(&self) -> std::result::Result<bool, &'static str> {
        match self {
            Value::Bool(b) => Ok(*b),
            _ => Err("True or False"),
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::None => f.write_str("None"),
            Value::Bool(b) => f.write_str(if *b { "True" } else { "False" }),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Text(t) => write!(f, "{t:?}"),
            Value::List(v) => write!(f, "{v:?}"),
        }
    }
}

/// What a study job runs: the settings checked against each other and the sources they
/// name, made before anything is read.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The settings of the first measure.
    pub settings: Settings,
    /// The measures, each studied with `settings` but for its measure.
    pub measures: Vec<Measure>,
    /// The regression's terms and standard errors.
    pub explanation: Option<(Vec<Term>, SeType)>,
    /// The sources of event time.
    pub sources: crate::filings::Sources,
    /// The rivals' key and the peer list it reads (the SEC submissions of the filings for a
    /// SIC key without one), and whether their tests split by the announcer's sign.
    pub rivals: Option<(String, Option<PathBuf>, bool)>,
    /// Ken French factor files.
    pub factors: Vec<PathBuf>,
}

/// Reads a text value as a choice of `T`.
fn choice<T: Spelled>(s: Setting, v: &Value) -> Result<T> {
    T::parse_name(&text(s, v)?).map_err(|why| Error::setting(s, format!("{s} {why}")))
}

/// The error of a value `v` of setting `s` that is not `what` was expected.
fn expected(s: Setting, v: &Value) -> impl Fn(&str) -> Error + '_ {
    move |what| Error::setting(s, format!("{s} {v}: expected {what}"))
}

/// The text of a value.
fn text(s: Setting, v: &Value) -> Result<String> {
    let t = v.text().map_err(expected(s, v))?;
    t.map(str::to_string).ok_or_else(|| expected(s, v)("text"))
}

/// A text value, or none.
fn optional(s: Setting, v: &Value) -> Result<Option<String>> {
    Ok(v.text().map_err(expected(s, v))?.map(str::to_string))
}

/// One or more texts (a list, or one text), none for `None`.
fn texts(s: Setting, v: &Value) -> Result<Vec<String>> {
    v.texts().map_err(expected(s, v))
}

/// A window, its error naming the setting.
fn window(s: Setting, t: &str) -> Result<Window> {
    Window::parse(t).map_err(|e| {
        // The setting names the window: "--window 5:1: START is after END".
        let why = e.to_string();
        Error::setting(s, format!("{s} {}", why.trim_start_matches("window ")))
    })
}

/// A count of at least zero.
fn count(s: Setting, v: &Value) -> Result<i64> {
    v.count().map_err(expected(s, v))
}

/// A yes or no.
fn flag(s: Setting, v: &Value) -> Result<bool> {
    v.flag().map_err(expected(s, v))
}

impl Spec {
    /// Sets the setting Python names `keyword`.
    ///
    /// # Errors
    /// An unknown keyword, or a value the setting cannot take.
    pub fn set_keyword(&mut self, keyword: &str, value: &Value) -> Result<()> {
        let s = Setting::from_keyword(keyword).ok_or_else(|| {
            let known: Vec<&str> = Setting::ALL.iter().map(|s| s.keyword()).collect();
            Error::Usage(format!(
                "unknown setting {keyword}=: expected one of {}",
                known.join(", ")
            ))
        })?;
        self.set(s, value)
    }

    /// Sets one setting from a value, read as the setting reads text (`"-1:1"` for a
    /// window, `"market"` for the model).
    ///
    /// # Errors
    /// A value the setting cannot take, named by the setting.
    pub fn set(&mut self, s: Setting, v: &Value) -> Result<()> {
        use Setting as S;
        match s {
            S::Measure => self.measures = measures(&texts(s, v)?)?,
            S::Model => self.model = choice(s, v)?,
            S::Estimation => self.estimation = window(s, &text(s, v)?)?,
            S::Windows => {
                let given = texts(s, v)?;
                self.windows = if given.is_empty() && *v == Value::None {
                    Settings::default().windows
                } else {
                    given.iter().map(|w| window(s, w)).collect::<Result<_>>()?
                };
            }
            S::ChartWindow => {
                self.chart_window = optional(s, v)?.map(|w| window(s, &w)).transpose()?;
            }
            S::MinEstimation => self.min_estimation = count(s, v)? as usize,
            S::MinGroupSize => self.min_group_size = count(s, v)? as usize,
            S::GroupBy => self.group_by = optional(s, v)?,
            S::Factors => self.factors = paths(s, v)?,
            S::Overlap => self.overlap = choice(s, v)?,
            S::CleanEstimation => self.clean_estimation = flag(s, v)?,
            S::Explain => {
                let t = texts(s, v)?;
                self.explain = (!t.is_empty()).then(|| t.join(","));
            }
            S::Se => self.se = text(s, v)?,
            S::Day0 => self.day0 = choice(s, v)?,
            S::ConfoundWindow => self.confound_window = window(s, &text(s, v)?)?,
            S::Confounded => self.confounded = choice(s, v)?,
            S::Rivals => self.rivals = optional(s, v)?,
            S::PeerList => self.peer_list = optional(s, v)?.map(PathBuf::from),
            S::NonTrading => self.non_trading = choice(s, v)?,
            S::Price => self.price = choice(s, v)?,
            S::LogReturns => self.log_returns = flag(s, v)?,
            S::SecFilings => self.sec_filings = optional(s, v)?.map(PathBuf::from),
            S::SecBaseUrl => {
                self.sec_base_url =
                    optional(s, v)?.unwrap_or_else(|| crate::fetch::sec::BASE.into());
            }
            S::UserAgent => self.user_agent = optional(s, v)?,
            S::FilingItems => self.filing_items = text(s, v)?,
            S::FilingSearch => {
                self.filing_search = i32::try_from(count(s, v)?).unwrap_or(i32::MAX);
            }
            S::Confounders => self.confounders = paths(s, v)?,
        }
        Ok(())
    }

    /// Every setting's keyword with its default value, as Python writes it.
    pub fn defaults() -> Vec<(&'static str, String)> {
        let d = Spec::default();
        Setting::ALL
            .iter()
            .map(|s| (s.keyword(), d.get(*s).to_string()))
            .collect()
    }

    /// A setting's value, as [`Spec::set`] reads it back.
    pub fn get(&self, s: Setting) -> Value {
        use Setting as S;
        let t = |x: &dyn std::fmt::Display| Value::Text(x.to_string());
        let list = |v: Vec<String>| Value::List(v);
        let opt = |x: Option<String>| x.map_or(Value::None, Value::Text);
        let path_list =
            |v: &[PathBuf]| Value::List(v.iter().map(|p| p.display().to_string()).collect());
        match s {
            S::Measure => list(self.measures.iter().map(|m| m.to_string()).collect()),
            S::Model => t(&self.model),
            S::Estimation => t(&self.estimation),
            S::Windows => list(self.windows.iter().map(Window::to_string).collect()),
            S::ChartWindow => opt(self.chart_window.map(|w| w.to_string())),
            S::MinEstimation => Value::Int(self.min_estimation as i64),
            S::MinGroupSize => Value::Int(self.min_group_size as i64),
            S::GroupBy => opt(self.group_by.clone()),
            S::Factors => path_list(&self.factors),
            S::Overlap => t(&self.overlap),
            S::CleanEstimation => Value::Bool(self.clean_estimation),
            S::Explain => opt(self.explain.clone()),
            S::Se => t(&self.se),
            S::Day0 => t(&self.day0),
            S::ConfoundWindow => t(&self.confound_window),
            S::Confounded => t(&self.confounded),
            S::Rivals => opt(self.rivals.clone()),
            S::PeerList => opt(self.peer_list.as_ref().map(|p| p.display().to_string())),
            S::NonTrading => t(&self.non_trading),
            S::Price => t(&self.price),
            S::LogReturns => Value::Bool(self.log_returns),
            S::SecFilings => opt(self.sec_filings.as_ref().map(|p| p.display().to_string())),
            S::SecBaseUrl => t(&self.sec_base_url),
            S::UserAgent => opt(self.user_agent.clone()),
            S::FilingItems => t(&self.filing_items),
            S::FilingSearch => Value::Int(i64::from(self.filing_search)),
            S::Confounders => path_list(&self.confounders),
        }
    }

    /// Checks every setting against the others and makes the sources of event time,
    /// before any file is read.
    ///
    /// # Errors
    /// A setting that does not fit, named by its [`Setting`].
    pub fn validate(&self) -> Result<Plan> {
        let (group_by, split) = rivals::split_group(self.group_by.as_deref());
        let sources = crate::filings::sources(&crate::filings::SourceSettings {
            sec_filings: self.sec_filings.as_deref(),
            sec_base_url: &self.sec_base_url,
            user_agent: self.user_agent.clone(),
            filing_items: &self.filing_items,
            filing_search: self.filing_search,
            confounders: &self.confounders,
        })?;
        let settings = self.settings(group_by, sources.any());
        self.check_measures(&settings)?;
        if split && self.rivals.is_none() {
            return Err(Error::setting(
                Setting::GroupBy,
                format!(
                    "{} announcer_sign splits the rivals' tests: give {}",
                    Setting::GroupBy,
                    Setting::Rivals
                ),
            ));
        }
        let se = SeType::parse(&self.se)?;
        let explanation = self
            .explain
            .as_deref()
            .map(|t| Ok((regression::parse_terms(t)?, se)))
            .transpose()?;
        Ok(Plan {
            settings,
            measures: self.measures.clone(),
            explanation,
            sources,
            rivals: self.rivals.clone().map(|key| {
                let list = rivals::peer_list_for(
                    &key,
                    self.peer_list.as_deref(),
                    self.sec_filings.as_deref(),
                );
                (key, list, split)
            }),
            factors: self.factors.clone(),
        })
    }

    /// The engine's settings of the first measure, with the study's own group column.
    fn settings(&self, group_by: Option<String>, event_time: bool) -> Settings {
        Settings {
            measure: self.measures.first().copied().unwrap_or(Measure::Return),
            model: self.model,
            estimation: self.estimation,
            windows: self.windows.clone(),
            chart: self
                .chart_window
                .unwrap_or_else(|| Settings::chart_for(self.estimation)),
            min_estimation: self.min_estimation,
            non_trading: self.non_trading,
            group_by,
            log_returns: self.log_returns,
            overlap: self.overlap,
            clean_estimation: self.clean_estimation,
            day0: self.day0,
            confound_window: self.confound_window,
            confounded: self.confounded,
            event_time,
            min_group_size: self.min_group_size,
            ..Settings::default()
        }
    }

    /// Every measure's settings are checked, with the rivals' rule when rivals are asked.
    fn check_measures(&self, settings: &Settings) -> Result<()> {
        if self.measures.is_empty() {
            return Err(Error::setting(
                Setting::Measure,
                format!("{}: expected at least one measure", Setting::Measure),
            ));
        }
        for m in &self.measures {
            let one = Settings {
                measure: *m,
                ..settings.clone()
            };
            one.validate()?;
            if self.rivals.is_some() {
                rivals::check(&one)?;
            }
        }
        Ok(())
    }

    /// The files and folders the settings read (factors, peer list, filings, confounders),
    /// for the output guard.
    pub fn input_paths(&self) -> Vec<&std::path::Path> {
        let mut v: Vec<&std::path::Path> = self.factors.iter().map(PathBuf::as_path).collect();
        v.extend(self.peer_list.as_deref());
        if let Some(f) = self.rivals.as_deref().filter(|k| !rivals::KEYS.contains(k)) {
            v.push(std::path::Path::new(f));
        }
        v
    }
}

/// The measures of a list of names, each once.
fn measures(names: &[String]) -> Result<Vec<Measure>> {
    let s = Setting::Measure;
    let mut out: Vec<Measure> = Vec::new();
    for n in names {
        let m: Measure = n
            .parse()
            .map_err(|why| Error::setting(s, format!("{s} {why}")))?;
        if out.contains(&m) {
            return Err(Error::setting(s, format!("{s} {m} is given twice")));
        }
        out.push(m);
    }
    if out.is_empty() {
        out.push(Measure::Return);
    }
    Ok(out)
}

/// Paths of a list of texts.
fn paths(s: Setting, v: &Value) -> Result<Vec<PathBuf>> {
    Ok(texts(s, v)?.into_iter().map(PathBuf::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every setting reads back what it was given, so each keyword is one field.
    #[test]
    fn every_setting_round_trips_through_its_keyword() {
        let d = Spec::default();
        for s in Setting::ALL {
            let mut spec = Spec::default();
            spec.set_keyword(s.keyword(), &d.get(*s)).unwrap();
            assert_eq!(spec, d, "{s:?}");
        }
        let mut spec = Spec::default();
        spec.set(Setting::MinEstimation, &Value::Int(150)).unwrap();
        assert_eq!(spec.min_estimation, 150);
        assert_eq!(spec.get(Setting::MinEstimation), Value::Int(150));
    }

    /// Errors name the setting as each front end spells it.
    #[test]
    fn errors_name_the_setting_for_each_front_end() {
        let spec = Spec {
            min_estimation: 300,
            ..Spec::default()
        };
        let e = spec.validate().unwrap_err();
        assert!(
            matches!(
                e,
                Error::Setting {
                    setting: Setting::MinEstimation,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(
            e.to_string()
                .starts_with("--min-estimation 300 is more than"),
            "{e}"
        );
        assert!(
            e.for_python()
                .starts_with("min_estimation=300 is more than"),
            "{e:?}"
        );
        let mut spec = Spec::default();
        let e = spec
            .set_keyword("model", &Value::Text("capm".into()))
            .unwrap_err();
        assert!(
            e.for_python()
                .starts_with("model=\"capm\": expected one of"),
            "{e:?}"
        );
        assert!(spec.set_keyword("no_such", &Value::None).is_err());
        assert!(spec.set(Setting::MinEstimation, &Value::Int(-1)).is_err());
        let e = spec
            .set(Setting::Windows, &Value::List(vec!["5:1".into()]))
            .unwrap_err();
        assert_eq!(e.to_string(), "--window 5:1: START is after END");
        assert_eq!(e.for_python(), "windows=5:1: START is after END");
    }

    /// The default spec runs the default settings.
    #[test]
    fn the_default_spec_plans_the_default_study() {
        let plan = Spec::default().validate().unwrap();
        assert_eq!(plan.settings, Settings::default());
        assert_eq!(plan.measures, vec![Measure::Return]);
        assert!(plan.explanation.is_none() && plan.rivals.is_none());
    }
}
