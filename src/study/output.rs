//! The study's output tables (METHODS.md §6) and writing them into the `--out` folder.

use std::path::Path;

use super::{Measure, Model, Settings, StudyResult, WindowStat};
use crate::content::{Cell, Table};
use crate::error::Result;
use crate::events::{Event, exclusions_table};
use crate::files::direct::DirectWriter;

fn stat_cells(s: super::Stat) -> [Cell; 2] {
    [Cell::num(s.value), Cell::num(s.p)]
}

/// Columns of `abnormal_returns.csv`.
pub const ABNORMAL_RETURNS_COLUMNS: &str =
    "event_id,ticker,rel_day,date,return,expected_return,abnormal_return,car";

/// Columns of the daily file of a measure (§6, §10, §11).
pub fn daily_columns(m: Measure) -> &'static str {
    match m {
        Measure::Return => ABNORMAL_RETURNS_COLUMNS,
        Measure::Volume => {
            "event_id,ticker,rel_day,date,log_volume,expected_log_volume,abnormal_volume,cav"
        }
        Measure::Volatility => {
            "event_id,ticker,rel_day,date,return,expected_return,abnormal_return,u"
        }
    }
}

/// Writes `abnormal_returns.csv` (every event over the chart and event windows): it is the
/// largest output, so it skips the in-memory table and is made a chunk of events at a time.
///
/// # Errors
/// I/O failure.
pub fn write_abnormal_returns(
    out: &mut (dyn std::io::Write + Send),
    events: &[Event],
    r: &StudyResult,
) -> std::io::Result<()> {
    crate::content::csv::write_chunked(
        out,
        &format!("{}\n", daily_columns(r.settings.measure)),
        r.results.len(),
        |range, buf| abnormal_return_lines(buf, events, r, range),
    )
}

/// One day of an event in the daily file: the day relative to day 0, its date, and the
/// four figures (return, expected, abnormal, and the running CAR; log volume, expected,
/// abnormal, CAV; or return, expected, abnormal return, U for volatility).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DailyRow {
    /// Trading day relative to day 0.
    pub rel: i32,
    /// The calendar date, when the calendar reaches it.
    pub date: Option<crate::date::Day>,
    /// The four figures; NaN where missing.
    pub values: [f64; 4],
}

/// The days of one studied event in the daily file, over the chart and event windows.
pub fn daily_rows<'a>(
    r: &'a StudyResult,
    e: &'a super::EventResult,
) -> impl Iterator<Item = DailyRow> + 'a {
    let s = &r.settings;
    let mut car = Some(0.0);
    s.span().days().map(move |rel| {
        let i = e.at(s, rel);
        let c = e.day0_index as i64 + i64::from(rel);
        let date = usize::try_from(c)
            .ok()
            .and_then(|c| r.calendar_days.get(c).copied());
        car = car.and_then(|a| e.ar[i].is_finite().then(|| a + e.ar[i]));
        // For volatility the result holds U: the abnormal return is return - expected.
        let (ar, last) = if s.measure == Measure::Volatility {
            (e.ret[i] - e.expected[i], e.ar[i])
        } else {
            (e.ar[i], car.unwrap_or(f64::NAN))
        };
        DailyRow {
            rel,
            date,
            values: [e.ret[i], e.expected[i], ar, last],
        }
    })
}

/// The lines of `abnormal_returns.csv` of some studied events.
fn abnormal_return_lines(
    out: &mut Vec<u8>,
    events: &[Event],
    r: &StudyResult,
    range: std::ops::Range<usize>,
) -> std::io::Result<()> {
    use crate::content::csv::{push_date, push_field_number, push_int, push_text};
    out.reserve(range.len() * r.settings.span().len() * 96);
    let mut head = Vec::new();
    for e in &r.results[range] {
        // The line's start without the day: `id,ticker,`.
        head.clear();
        push_text(&mut head, &events[e.event].id);
        head.push(b',');
        push_text(&mut head, &e.ticker);
        head.push(b',');
        for row in daily_rows(r, e) {
            out.extend_from_slice(&head);
            push_int(out, i64::from(row.rel));
            out.push(b',');
            if let Some(d) = row.date {
                push_date(out, d);
            }
            // A missing value is an empty field.
            for v in row.values {
                push_field_number(out, v);
            }
            out.push(b'\n');
        }
    }
    Ok(())
}

/// The window's figures of a measure in `cars.csv`: `car,scar,bhar`, `cav,scav` or
/// `avol,mean_u`.
fn window_columns(m: Measure) -> &'static [&'static str] {
    match m {
        Measure::Return => &["car", "scar", "bhar"],
        Measure::Volume => &["cav", "scav"],
        Measure::Volatility => &["avol", "mean_u"],
    }
}

/// The column of `cars.csv` holding a window's figure: `car`, `cav`, `avol`.
pub fn figure_column(m: Measure) -> &'static str {
    window_columns(m)[0]
}

/// The column of `caar.csv` the CAAR chart draws: `caar`, `caav`, `mean_u`.
pub fn caar_column(m: Measure) -> &'static str {
    match m {
        Measure::Return => "caar",
        Measure::Volume => "caav",
        Measure::Volatility => "mean_u",
    }
}

/// The values of [`window_columns`].
fn window_values(m: Measure, ws: &WindowStat) -> ([f64; 3], usize) {
    match m {
        Measure::Return => ([ws.car, ws.scar, ws.bhar], 3),
        Measure::Volume => ([ws.car, ws.scar, f64::NAN], 2),
        Measure::Volatility => ([ws.car, ws.car + 1.0, f64::NAN], 2),
    }
}

/// True when `cars.csv` has the model's parameters (alpha, beta, ...): not for volatility,
/// whose rows end with `L,s`.
fn with_parameters(m: Measure) -> bool {
    m != Measure::Volatility
}

/// The columns of `cars.csv` under the settings.
fn cars_columns(s: &Settings) -> Vec<String> {
    let (model, event_time) = (s.model, s.event_time);
    let mut cols: Vec<String> = ["event_id", "ticker", "announce_date", "day0", "window"]
        .iter()
        .chain(window_columns(s.measure))
        .chain(&["L", "s"])
        .map(|c| c.to_string())
        .collect();
    if with_parameters(s.measure) {
        cols.extend(["alpha".into(), "beta".into()]);
        cols.extend(model.extra_betas());
    }
    cols.push("overlaps".into());
    if event_time {
        cols.extend(["day0_source".into(), "confounders".into()]);
    }
    cols
}

/// The rows of `cars.csv` of some studied events: one per event and window.
fn cars_rows(
    events: &[Event],
    settings: &Settings,
    results: &[super::EventResult],
) -> Vec<Vec<Cell>> {
    let m = settings.measure;
    let mut rows = Vec::new();
    for e in results {
        let ev = &events[e.event];
        for (w, ws) in settings.windows.iter().zip(&e.windows) {
            let mut row = vec![
                Cell::str(&ev.id),
                Cell::str(&e.ticker),
                Cell::Date(ev.date),
                Cell::Date(e.day0),
                Cell::str(w.to_string()),
            ];
            let (values, n) = window_values(m, ws);
            row.extend(values[..n].iter().enumerate().map(|(k, &v)| {
                // CAR and BHAR are returns; SCAR and the volume and volatility figures are not.
                if m == Measure::Return && k != 1 {
                    Cell::ret(v)
                } else {
                    Cell::num(v)
                }
            }));
            row.push(Cell::Int(e.fit.l as i64));
            row.push(Cell::num(e.fit.s2.sqrt()));
            if with_parameters(m) {
                row.push(Cell::num(e.fit.alpha()));
                row.push(e.fit.beta().map_or(Cell::Null, Cell::num));
                row.extend(e.fit.extra_values().into_iter().map(Cell::num));
            }
            row.push(Cell::opt_str(Some(&e.overlaps.join(";"))));
            if settings.event_time {
                row.push(Cell::str(e.day0_source));
                row.push(Cell::opt_str(Some(&e.confounders.join(";"))));
            }
            rows.push(row);
        }
    }
    rows
}

/// `cars.csv`: one row per event and window.
pub fn cars(events: &[Event], r: &StudyResult) -> Table {
    cars_of(events, &r.settings, &r.results)
}

/// The `cars.csv` table of some results under the settings (a study's, or the rival
/// portfolios').
pub fn cars_of(events: &[Event], settings: &Settings, results: &[super::EventResult]) -> Table {
    Table {
        columns: cars_columns(settings),
        rows: cars_rows(events, settings, results),
    }
}

/// Writes `cars.csv` a chunk of events at a time (the same bytes as [`cars`] through
/// [`crate::files::write_csv`]).
///
/// # Errors
/// I/O failure.
pub fn write_cars(
    out: &mut (dyn std::io::Write + Send),
    events: &[Event],
    r: &StudyResult,
) -> std::io::Result<()> {
    use crate::content::csv;
    let header = csv::header_line(&cars_columns(&r.settings));
    csv::write_chunked(out, &header, r.results.len(), |range, buf| {
        cars_lines(buf, events, r, range);
        Ok(())
    })
}

/// The lines of `cars.csv` of some studied events, the text of [`cars_rows`] made without
/// cells.
fn cars_lines(out: &mut Vec<u8>, events: &[Event], r: &StudyResult, range: std::ops::Range<usize>) {
    use crate::content::csv::{push_date, push_field_number, push_int, push_text};
    let labels: Vec<String> = r.settings.windows.iter().map(|w| w.to_string()).collect();
    let m = r.settings.measure;
    let (mut head, mut tail) = (Vec::new(), Vec::new());
    for e in &r.results[range] {
        let ev = &events[e.event];
        // `id,ticker,announce_date,day0,` and `,L,s,alpha,beta[,b_...],overlaps`: the same
        // in every window's line.
        head.clear();
        push_text(&mut head, &ev.id);
        head.push(b',');
        push_text(&mut head, &e.ticker);
        head.push(b',');
        push_date(&mut head, ev.date);
        head.push(b',');
        push_date(&mut head, e.day0);
        head.push(b',');
        tail.clear();
        tail.push(b',');
        push_int(&mut tail, e.fit.l as i64);
        push_field_number(&mut tail, e.fit.s2.sqrt());
        if with_parameters(m) {
            push_field_number(&mut tail, e.fit.alpha());
            push_field_number(&mut tail, e.fit.beta().unwrap_or(f64::NAN));
            for b in e.fit.extra_values() {
                push_field_number(&mut tail, b);
            }
        }
        tail.push(b',');
        push_text(&mut tail, &e.overlaps.join(";"));
        if r.settings.event_time {
            tail.push(b',');
            push_text(&mut tail, e.day0_source);
            tail.push(b',');
            push_text(&mut tail, &e.confounders.join(";"));
        }
        tail.push(b'\n');
        for (label, ws) in labels.iter().zip(&e.windows) {
            out.extend_from_slice(&head);
            push_text(out, label);
            let (values, n) = window_values(m, ws);
            for &v in &values[..n] {
                push_field_number(out, v);
            }
            out.extend_from_slice(&tail);
        }
    }
}

/// A figure of the measure as a cell: returns read as percentages in a table; log volume
/// and U - 1 are plain numbers.
fn value_cell(m: Measure, v: f64) -> Cell {
    if m == Measure::Return {
        Cell::ret(v)
    } else {
        Cell::num(v)
    }
}

/// `summary.csv`: one row per group and window.
pub fn summary(r: &StudyResult) -> Table {
    summary_of(&r.settings, &r.summary)
}

/// The `summary.csv` table of some summary rows under the settings.
pub fn summary_of(settings: &Settings, summary: &[super::SummaryRow]) -> Table {
    let m = settings.measure;
    let volatility = m == Measure::Volatility;
    let (mean, median, share) = match m {
        Measure::Return => ("caar", "median_car", "share_negative"),
        Measure::Volume => ("caav", "median_cav", "share_negative"),
        Measure::Volatility => ("mean_avol", "median_avol", "share_positive"),
    };
    let value = |v| value_cell(m, v);
    let mut cols = vec!["group", "window", "n", mean, median, share];
    for (i, (stat, p, _)) in super::TESTS.iter().enumerate() {
        if super::test_defined(m, i) {
            cols.extend([*stat, *p]);
        }
    }
    cols.extend(["ci_low", "ci_high"]);
    let mut t = Table::new(&cols);
    for s in summary {
        let mut row = vec![
            Cell::str(&s.group),
            Cell::str(s.window.to_string()),
            Cell::Int(s.n as i64),
            value(s.caar),
            value(s.median_car),
            Cell::num(if volatility {
                s.share_positive
            } else {
                s.share_negative
            }),
        ];
        for (_, st) in s.tests_of(m) {
            row.extend(stat_cells(st));
        }
        row.push(value(s.ci.0));
        row.push(value(s.ci.1));
        t.rows.push(row);
    }
    t
}

/// `caar.csv`: one row per group and chart day (`aav,caav` for volume, `mean_u` for
/// volatility).
pub fn caar(r: &StudyResult) -> Table {
    let m = r.settings.measure;
    let mut cols = vec!["group", "rel_day", "n"];
    match m {
        Measure::Return => cols.push("aar"),
        Measure::Volume => cols.push("aav"),
        Measure::Volatility => {}
    }
    cols.extend([caar_column(m), "ci_low", "ci_high"]);
    let mut t = Table::new(&cols);
    let value = |v| value_cell(m, v);
    for c in &r.caar {
        let mut row = vec![
            Cell::str(&c.group),
            Cell::Int(i64::from(c.rel_day)),
            Cell::Int(c.n as i64),
            value(c.aar),
        ];
        if m != Measure::Volatility {
            row.push(value(c.caar));
        }
        row.push(value(c.ci.0));
        row.push(value(c.ci.1));
        t.rows.push(row);
    }
    t
}

/// Writes the five CSV files and `study.txt` (settings and notes) into `dir`.
///
/// # Errors
/// I/O failure.
pub fn write_all(dir: &Path, events: &[Event], r: &StudyResult) -> Result<()> {
    write_tables(dir, events, r)?;
    write_notes(dir, r)
}

/// Writes the study's tables into `dir`: `abnormal_returns.csv` (`abnormal_volume.csv`,
/// `abnormal_volatility.csv`), `cars.csv`, `summary.csv`, `caar.csv`, `excluded.csv`.
///
/// # Errors
/// A file cannot be written.
pub fn write_tables(dir: &Path, events: &[Event], r: &StudyResult) -> Result<()> {
    // The two largest files (gigabytes at a million events) go past the page cache.
    crate::files::write_atomic_with(&dir.join(r.settings.measure.daily_file()), |f| {
        let mut w = DirectWriter::new(f);
        write_abnormal_returns(&mut w, events, r)?;
        w.finish()
    })?;
    crate::files::write_atomic_with(&dir.join("cars.csv"), |f| {
        let mut w = DirectWriter::new(f);
        write_cars(&mut w, events, r)?;
        w.finish()
    })?;
    crate::files::write_csv(&dir.join("summary.csv"), &summary(r))?;
    crate::files::write_csv(&dir.join("caar.csv"), &caar(r))?;
    crate::files::write_csv(&dir.join("excluded.csv"), &exclusions_table(&r.excluded))
}

/// Writes `study.txt`: the settings, the counts and the study's notes.
///
/// # Errors
/// The file cannot be written.
pub fn write_notes(dir: &Path, r: &StudyResult) -> Result<()> {
    let mut notes = String::new();
    if r.settings.measure != Measure::Return {
        notes.push_str(&format!("measure: {}\n", r.settings.measure));
    }
    notes.push_str(&format!(
        "model: {}\nestimation window: {}\nwindows: {}\nchart window: {}\nminimum estimation days: {}\nevents studied: {}\nevents excluded: {}\n",
        r.settings.model.name(),
        r.settings.estimation,
        r.settings
            .windows
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        r.settings.chart,
        r.settings.min_estimation,
        r.results.len(),
        r.excluded.len()
    ));
    if r.settings.model == Model::MarketAdjusted {
        notes.push_str("market-adjusted model: alpha 0 and beta 1 by definition\n");
    }
    for n in &r.notes {
        notes.push_str(n);
        notes.push('\n');
    }
    crate::files::write_atomic(&dir.join("study.txt"), notes.as_bytes())
}

/// File name of the distribution chart of a window: `distribution_-1_1.png`.
pub fn distribution_file(w: super::Window, ext: &str) -> String {
    format!("distribution_{}_{}.{ext}", w.start, w.end)
}

/// Words describing a study for chart subtitles: "market model, estimation -250:-11",
/// "market model of log volume, ...", "U from the market model, ...".
pub fn about(r: &StudyResult) -> String {
    about_words(
        r.settings.measure,
        r.settings.model.name(),
        &r.settings.estimation.to_string(),
    )
}

/// [`about`] from a measure, a model's name and an estimation window as written (`plot`
/// reads them back from `study.txt`).
pub fn about_words(m: Measure, model: &str, estimation: &str) -> String {
    let what = match m {
        Measure::Return => format!("{model} model"),
        Measure::Volume => format!("{model} model of log volume"),
        Measure::Volatility => format!("U from the {model} model"),
    };
    format!("{what}, estimation {estimation}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;
    use crate::simulate::{Spec, simulate};
    use crate::study::{Inputs, Settings};

    /// `cars.csv` as written (lines made without cells) is the `cars` table through the
    /// CSV format, for ids that need quoting, overlapping events and every kind of fit.
    #[test]
    fn written_cars_are_the_cars_table() {
        let sim = simulate(&Spec {
            stocks: 20,
            years: 3,
            events: 300,
            seed: 5,
            ..Spec::default()
        })
        .unwrap();
        let mut events = sim.events.clone();
        events[0].id = "a,b".into();
        events[1].id = "say \"hi\"".into();
        let panel = sim.panel();
        let cal = Calendar::of_series(&sim.market);
        let inputs = Inputs {
            prices: (&panel).into(),
            market: Some(&sim.market),
            calendar: &cal,
            factors: None,
        };
        for model in [Model::Market, Model::MarketAdjusted, Model::MeanAdjusted] {
            let settings = Settings {
                model,
                ..Settings::default()
            };
            let r = crate::study::run(&events, &inputs, &settings).unwrap();
            assert!(r.results.iter().any(|e| !e.overlaps.is_empty()));
            assert!(r.results.iter().any(|e| e.event < 2));
            let mut want = Vec::new();
            crate::content::csv::write_table(&cars(&events, &r), &mut want).unwrap();
            let mut got = Vec::new();
            write_cars(&mut got, &events, &r).unwrap();
            assert_eq!(String::from_utf8(got), String::from_utf8(want));
        }
    }
}
