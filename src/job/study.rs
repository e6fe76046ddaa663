//! The study job: a [`Plan`] run over loaded events and prices, each measure in turn, with
//! the rivals and the regression; the writing of a study folder; the tables a front end
//! shows.

use std::path::{Path, PathBuf};

use super::load::{EventSource, Loaded, LoadedEvents, PriceSource};
use super::{Progress, step};
use crate::content::Table;
use crate::error::Result;
use crate::events::Event;
use crate::import::french::Factors;
use crate::study::regression::{self, Explained};
use crate::study::rivals::{self, Peers, RivalStudy};
use crate::study::spec::Plan;
use crate::study::{self, Inputs, Settings, StudyResult, output};

/// The study of one measure, with its folder inside the output folder.
pub struct MeasureStudy {
    /// Empty for one measure; the measure's name when several are studied.
    pub dir: PathBuf,
    /// The study.
    pub result: StudyResult,
    /// The regression, when asked.
    pub explained: Option<Explained>,
    /// The rival portfolios, when asked.
    pub rivals: Option<RivalStudy>,
}

/// Everything a planned study reads, loaded.
pub struct Loads {
    /// Prices and market.
    pub prices: Loaded,
    /// The events, matched to tickers.
    pub events: LoadedEvents,
    /// The factor files' table.
    pub factors: Option<Factors>,
    /// The rivals' peers.
    pub peers: Option<Peers>,
}

impl Loads {
    /// The inputs of [`crate::study::run`].
    pub fn inputs(&self) -> Inputs<'_> {
        Inputs {
            prices: self.prices.study_prices(),
            market: self.prices.market.series.as_ref(),
            calendar: &self.prices.market.calendar,
            factors: self.factors.as_ref(),
        }
    }
}

/// The peers of the plan's rivals, read before the study.
///
/// # Errors
/// A peer list that is missing or unreadable.
pub fn peers(plan: &Plan) -> Result<Option<Peers>> {
    plan.rivals
        .as_ref()
        .map(|(key, list, _)| Peers::from_key(key, list.as_deref()))
        .transpose()
}

/// Reads what the plan needs: the peers, the factors, then prices and events at the same
/// time (`lazily`: a dataset partitioned by ticker is read by slices within that many
/// bytes). Notes go to `notes`.
///
/// # Errors
/// Unreadable inputs, or a day-0 rule that takes filings where there are none.
pub fn load(
    plan: &Plan,
    prices: &PriceSource,
    events: (&Path, &EventSource),
    lazily: Option<u64>,
    progress: &dyn Progress,
    notes: &mut Vec<String>,
) -> Result<Loads> {
    let peers = peers(plan)?;
    let factors = super::load::factors(&plan.factors)?;
    let (mut price_notes, mut event_notes) = (Vec::new(), Vec::new());
    let (loaded, loaded_events) = std::thread::scope(|sc| {
        let ev = sc.spawn(|| {
            let e = super::load::events(events.0, events.1, &plan.sources, &mut event_notes);
            crate::timing::mark("events loaded");
            e
        });
        let loaded = step(progress, "reading prices", || match lazily {
            Some(limit) => super::load::prices_lazily(prices, limit, &mut price_notes),
            None => super::load::prices(prices, &mut price_notes),
        });
        crate::timing::mark("prices read");
        (loaded, ev.join())
    });
    notes.append(&mut price_notes);
    let loaded = loaded?;
    let loaded_events = loaded_events.unwrap_or_else(|p| std::panic::resume_unwind(p));
    notes.append(&mut event_notes);
    let loaded_events = loaded_events?;
    crate::filings::check_day0(
        plan.settings.day0,
        plan.sources.filings.is_some(),
        &loaded_events.events,
    )?;
    Ok(Loads {
        prices: loaded,
        events: loaded_events,
        factors,
        peers,
    })
}

/// Events given as they are (a frame): repeats dropped, rounds counted, the filings and
/// confounders of the plan attached. Notes go to `notes`.
///
/// # Errors
/// Unreadable filings, or a day-0 rule that takes filings where there are none.
pub fn given_events(
    plan: &Plan,
    events: Vec<Event>,
    notes: &mut Vec<String>,
) -> Result<LoadedEvents> {
    let (mut events, duplicates) = crate::events::dedup(events);
    crate::filings::assign_rounds(&mut events);
    notes.extend(crate::filings::apply(&mut events, &plan.sources)?);
    crate::filings::check_day0(plan.settings.day0, plan.sources.filings.is_some(), &events)?;
    Ok(LoadedEvents {
        events,
        unmatched: Vec::new(),
        duplicates,
        dateless: Vec::new(),
    })
}

/// The study of events and prices given as they are (Python's frames): the events
/// prepared by [`given_events`], every measure studied, the notes of the preparation first
/// in the first measure's notes.
///
/// # Errors
/// As [`given_events`] and [`run`]; unreadable factor files.
pub fn run_given(
    plan: &Plan,
    events: Vec<Event>,
    prices: &super::frames::GivenPrices,
) -> Result<(LoadedEvents, Vec<MeasureStudy>)> {
    let peers = peers(plan)?;
    let mut notes = Vec::new();
    let events = given_events(plan, events, &mut notes)?;
    let factors = super::load::factors(&plan.factors)?;
    let (panel, m) = prices.load()?;
    let inputs = Inputs {
        prices: (&*panel).into(),
        market: m.series.as_ref(),
        calendar: &m.calendar,
        factors: factors.as_ref(),
    };
    let mut studies = run(plan, &events, &inputs, peers.as_ref(), &super::Quiet)?;
    if let Some(first) = studies.first_mut() {
        first.result.notes.splice(0..0, notes);
    }
    Ok((events, studies))
}

/// Studies every measure of the plan over the same events, each with the rivals and the
/// regression asked for.
///
/// # Errors
/// Missing model inputs, or unreadable prices.
pub fn run(
    plan: &Plan,
    events: &LoadedEvents,
    inputs: &Inputs<'_>,
    peers: Option<&Peers>,
    progress: &dyn Progress,
) -> Result<Vec<MeasureStudy>> {
    let nested = plan.measures.len() > 1;
    plan.measures
        .iter()
        .map(|&m| {
            let settings = Settings {
                measure: m,
                ..plan.settings.clone()
            };
            let mut one = measure(plan, &settings, events, inputs, peers, progress)?;
            if nested {
                one.dir = PathBuf::from(m.name());
            }
            Ok(one)
        })
        .collect()
}

/// The study of one measure.
fn measure(
    plan: &Plan,
    settings: &Settings,
    loaded: &LoadedEvents,
    inputs: &Inputs<'_>,
    peers: Option<&Peers>,
    progress: &dyn Progress,
) -> Result<MeasureStudy> {
    let events = &loaded.events;
    let mut result = step(progress, "running the event study", || {
        study::run(events, inputs, settings)
    })?;
    crate::timing::mark("study computed");
    // Repeated events dropped on reading are excluded with their reason.
    result.excluded.extend(loaded.duplicates.iter().cloned());
    // What a reader must know about the events left out for want of a ticker.
    result
        .notes
        .extend(crate::events::tickers::survivorship(&loaded.unmatched));
    let rivals = match (peers, &plan.rivals) {
        (Some(p), Some((_, _, split))) => {
            let rs = step(progress, "studying the rivals", || {
                rivals::run(events, inputs, &result, p, *split)
            })?;
            rs.add_to(&mut result);
            Some(rs)
        }
        _ => None,
    };
    let explained = plan
        .explanation
        .as_ref()
        .map(|(terms, se)| regression::explain(events, &result, terms, se));
    if let Some(x) = &explained {
        result.notes.extend(x.notes.iter().cloned());
    }
    Ok(MeasureStudy {
        dir: PathBuf::new(),
        result,
        explained,
        rivals,
    })
}

/// Writes a measure's study folder into `dir`: the study's CSV files, the rivals' and the
/// regression's, and `study.txt` last (charts apart: [`crate::chart::study::write_charts`]).
///
/// # Errors
/// A file cannot be written.
pub fn write_folder(dir: &Path, events: &[Event], m: &MeasureStudy) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| crate::error::Error::write(dir, e))?;
    if let Some(rs) = &m.rivals {
        rivals::write_files(dir, events, &m.result.settings, rs)?;
    }
    // The regression's files are written beside the study's tables, the longest files.
    let (explained, tables) = std::thread::scope(|sc| {
        let x = sc.spawn(|| {
            m.explained
                .as_ref()
                .map_or(Ok(()), |x| regression::write_files(dir, x, events))
        });
        let tables = output::write_tables(dir, events, &m.result);
        (x.join(), tables)
    });
    explained.unwrap_or_else(|p| std::panic::resume_unwind(p))?;
    tables?;
    crate::timing::mark("tables written");
    output::write_notes(dir, &m.result)
}

/// Writes a measure's study folder with its charts into `out`, built beside it and
/// swapped in whole (`name` is the setting `out` came from, for errors).
///
/// # Errors
/// `out` holds files this tool did not write, or a file cannot be written.
pub fn write_study(out: &Path, name: &str, events: &[Event], m: &MeasureStudy) -> Result<()> {
    let stage = crate::files::guard::StagedDir::new(name, out)?;
    write_folder(stage.path(), events, m)?;
    crate::chart::study::write_charts(stage.path(), &m.result, crate::chart::Size::default())?;
    stage.commit()
}

/// The tables of a measure's study, named as their files: `cars`, `summary`, `caar`,
/// `excluded`, then `regression` and `regression_fit`, `rivals`, `rival_cars` and
/// `rival_summary` when asked.
pub fn tables(events: &[Event], m: &MeasureStudy) -> Vec<(&'static str, Table)> {
    let r = &m.result;
    let mut out = vec![
        ("cars", output::cars(events, r)),
        ("summary", output::summary(r)),
        ("caar", output::caar(r)),
        ("excluded", crate::events::exclusions_table(&r.excluded)),
    ];
    if let Some(x) = &m.explained {
        out.push(("regression", regression::coef_table(x)));
        out.push(("regression_fit", regression::fit_table(x)));
    }
    if let Some(rs) = &m.rivals {
        let s = &r.settings;
        out.push(("rivals", rivals::rivals_table(events, s, rs)));
        out.push(("rival_cars", rivals::rival_cars_table(events, s, rs)));
        out.push(("rival_summary", output::summary_of(s, &rs.summary)));
    }
    out
}

/// The charts of a finished study a front end draws on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plot {
    /// The CAAR chart.
    Caar,
    /// The histogram of one window's figures.
    Distribution,
    /// CAR against the regression's first numeric term.
    Explain,
}

/// Draws a chart of a finished study into `path`: the CAAR chart, or the distribution or
/// the regression of `window` (the first the study or its regression has by default).
///
/// # Errors
/// A bad target, a window the study did not measure, a regression that was not asked.
pub fn plot(
    events: &[Event],
    m: &MeasureStudy,
    kind: Plot,
    window: Option<crate::study::Window>,
    path: &Path,
    size: crate::chart::Size,
) -> Result<()> {
    use crate::chart::{render, study as charts};
    crate::chart::check_target(path, size)?;
    let r = &m.result;
    match kind {
        Plot::Caar => render(&charts::caar(r), path, size),
        Plot::Distribution => render(
            &charts::distribution(r, r.settings.window_index(window)?),
            path,
            size,
        ),
        Plot::Explain => {
            let x = m.explained.as_ref().ok_or_else(|| {
                crate::error::Error::Usage(format!(
                    "the study ran without {}",
                    crate::setting::Setting::Explain
                ))
            })?;
            let chart = crate::chart::explain::ExplainChart::of_regression(x, window, events)?;
            render(&chart, path, size)
        }
    }
}
