//! Report assembly: from a finished study and its inputs, the announcement-day reactions
//! ranked, the tables, which charts the report holds, and the report as a
//! [`Document`] that the export layer renders (Markdown now).

mod measures;

use std::collections::BTreeMap;

use crate::calendar::{Calendar, NonTrading};
use crate::content::Table;
use crate::content::document::{Block, Document};
use crate::date::{self, Day};
use crate::events::tickers::{Unmatched, survivorship};
use crate::events::{Event, Exclusion};
use crate::performance::YearBars;
use crate::returns::{DayReturn, announcement_returns};
use crate::series::{Panel, Series};
use crate::study::StudyResult;
use crate::study::output::about;
use crate::study::regression::Explained;

/// What a report is made from.
pub struct Inputs<'a> {
    /// Prices.
    pub panel: &'a Panel,
    /// The market series, when there is one.
    pub market: Option<&'a Series>,
    /// The trading calendar.
    pub calendar: &'a Calendar,
    /// The events read (with or without tickers).
    pub events: &'a [Event],
    /// Events without a ticker, and why.
    pub unmatched: &'a [Unmatched],
    /// How many repeated events were dropped on reading.
    pub duplicates: usize,
    /// The finished study.
    pub study: &'a StudyResult,
    /// The cross-sectional regression, when asked for (`--explain`).
    pub explained: Option<&'a Explained>,
    /// The folder of the study's files and charts inside the report's folder: empty for
    /// one measure, the measure's name (`return`) when several were studied.
    pub dir: &'a std::path::Path,
    /// The studies of the other measures (volume, volatility) over the same events, each
    /// with its folder: a section each.
    pub others: Vec<(&'a std::path::Path, &'a StudyResult)>,
    /// The rival portfolios of the study (`--rivals`).
    pub rivals: Option<&'a crate::study::rivals::RivalStudy>,
}

/// Choices of the report.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many of the most negative and most positive reactions to list.
    pub top: usize,
    /// A line about the data, written under the title.
    pub label: Option<String>,
}

/// A chart the report holds, to be drawn beside it.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartPlan {
    /// The study's own charts: `caar.png` and one `distribution_START_END.png` per window,
    /// in the study's folder ([`Inputs::dir`]).
    Study,
    /// The charts of another measure's study (`Inputs::others[i]`), in its folder.
    Measure(usize),
    /// The price path around one announcement.
    Event {
        /// File name.
        file: String,
        /// The event's id.
        event_id: String,
        /// Ticker.
        ticker: String,
        /// Announcement date.
        announce: Day,
    },
    /// The announcers' CAAR beside their rivals' portfolios', each with its 95 % band.
    Rivals {
        /// File name.
        file: String,
    },
    /// The CAAR of the clean and of the confounded events, each with its 95 % band.
    CleanConfounded {
        /// File name.
        file: String,
    },
    /// CAR against the first numeric term of the regression, for one window.
    Explain {
        /// File name.
        file: String,
        /// Position of the window among the regression's fits.
        fit: usize,
    },
    /// Calendar-year returns of the companies with the most events, and the market.
    Performance {
        /// File name.
        file: String,
        /// The bars.
        series: Vec<YearBars>,
    },
}

/// An assembled report.
#[derive(Debug, Clone)]
pub struct Report {
    /// Announcement-day returns of every event with prices.
    pub returns: Vec<DayReturn>,
    /// Events without an announcement-day return, with the reason.
    pub returns_excluded: Vec<Exclusion>,
    /// The charts, in the order the report shows them.
    pub charts: Vec<ChartPlan>,
    /// The report itself.
    pub document: Document,
}

/// The class of an exclusion reason, told by its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReasonClass {
    NotListed,
    Ambiguous,
    NoTicker,
    NoPrices,
    FewEstimation,
    MissingReturn,
    WindowOutside,
    Day0Outside,
    Repeat,
    NonTrading,
    Overlap,
    Collinear,
    Confounded,
    NoVolume,
    MissingVolume,
    Garch,
    Other,
}

impl ReasonClass {
    fn of(reason: &str) -> Self {
        use ReasonClass::*;
        match reason {
            r if r.starts_with("no ticker") && r.contains("not listed") => NotListed,
            r if r.starts_with("no ticker") && r.contains("ambiguous") => Ambiguous,
            r if r.starts_with("no ticker") => NoTicker,
            r if r.starts_with("no prices") => NoPrices,
            r if r.starts_with("only ") => FewEstimation,
            r if r.starts_with("missing return") => MissingReturn,
            r if r.starts_with("window ") => WindowOutside,
            r if r.starts_with("day 0 is outside") => Day0Outside,
            r if r.starts_with("repeats event") => Repeat,
            r if r.contains("not a trading date") => NonTrading,
            r if r.starts_with("overlaps event") => Overlap,
            r if r.contains("collinear") => Collinear,
            r if r.starts_with("confounded") => Confounded,
            r if r.starts_with("no volume") => NoVolume,
            r if r.starts_with("missing volume") => MissingVolume,
            r if r.starts_with("the GARCH fit") => Garch,
            _ => Other,
        }
    }

    /// The words of the headline counts.
    fn kind(self) -> &'static str {
        use ReasonClass::*;
        match self {
            NotListed => "no ticker: the company is not listed",
            Ambiguous => "no ticker: the name matches several companies",
            NoTicker => "no ticker found for the company name",
            NoPrices => "no prices for the ticker",
            FewEstimation => "too few estimation days",
            MissingReturn => "a missing return inside an event window",
            WindowOutside => "an event window runs outside the data",
            Day0Outside => "the announcement is outside the price data",
            Repeat => "a repeat of another event (same company and date)",
            NonTrading => "announced on a non-trading day (--non-trading skip)",
            NoVolume => "no trading volume for the ticker",
            MissingVolume => "a missing volume inside an event window",
            Garch => "the GARCH fit failed or has no stationary variance",
            Overlap | Collinear | Confounded | Other => "other",
        }
    }

    /// At most 40 characters, for the table of events not studied.
    fn short(self) -> &'static str {
        use ReasonClass::*;
        match self {
            NotListed => "not listed",
            Ambiguous => "name matches several companies",
            NoTicker => "no ticker found for the name",
            NoPrices => "no prices for the ticker",
            FewEstimation => "too few estimation days",
            MissingReturn => "a return missing in a window",
            WindowOutside => "a window runs outside the data",
            Day0Outside => "announced outside the price data",
            Repeat => "a repeat of another event",
            NonTrading => "announced on a non-trading day",
            Overlap => "overlaps another event",
            Collinear => "estimation regressors collinear",
            Confounded => "confounded (earnings nearby)",
            NoVolume => "no volume for the ticker",
            MissingVolume => "a volume missing in a window",
            Garch => "GARCH fit failed or not stationary",
            Other => "other",
        }
    }
}

/// A short category of an exclusion reason, for the headline counts.
pub fn reason_kind(reason: &str) -> &'static str {
    ReasonClass::of(reason).kind()
}

fn pct(v: f64) -> String {
    if v.is_finite() {
        format!("{:+.2} %", v * 100.0)
    } else {
        "-".into()
    }
}

/// The mean of CARs in percent, its 95 % interval from the cross-sectional t and that
/// test's p-value; none for fewer than two CARs.
fn mean_ci_p(cars: &[f64]) -> Option<[String; 3]> {
    use crate::study::significance::{mean, sd, t_cs, t_quantile_975};
    if cars.len() < 2 {
        return None;
    }
    let (m, n) = (mean(cars), cars.len() as f64);
    let half = t_quantile_975(n - 1.0) * sd(cars) / n.sqrt();
    Some([
        pct(m),
        format!("{} to {}", pct(m - half), pct(m + half)),
        p_value(t_cs(cars).p),
    ])
}

fn p_value(p: f64) -> String {
    match p {
        p if !p.is_finite() => "-".into(),
        p if p < 0.001 => "<0.001".into(),
        p => format!("{p:.3}"),
    }
}

/// Reactions with a return, most negative first, by the market-adjusted return when there
/// is a market.
fn ranked(rets: &[DayReturn]) -> Vec<&DayReturn> {
    let key = |r: &DayReturn| {
        if r.market_return.is_finite() {
            r.market_adjusted()
        } else {
            r.ret
        }
    };
    let mut sorted: Vec<&DayReturn> = rets.iter().filter(|r| key(r).is_finite()).collect();
    sorted.sort_by(|x, y| key(x).total_cmp(&key(y)));
    sorted
}

/// Assembles the report: returns, rankings, charts and the document.
pub fn assemble(inp: &Inputs<'_>, opts: &Options) -> Report {
    let (returns, returns_excluded) = announcement_returns(
        inp.events,
        inp.panel,
        inp.market,
        inp.calendar,
        inp.study.settings.non_trading,
        inp.study.settings.log_returns,
    );
    let sorted = ranked(&returns);
    let worst: Vec<&DayReturn> = sorted.iter().take(opts.top).copied().collect();
    let best: Vec<&DayReturn> = sorted.iter().rev().take(opts.top).copied().collect();
    let (charts, captions) = plan_charts(inp, worst.first().copied(), best.first().copied());
    let mut doc = Document::default();
    headline(&mut doc, inp, opts);
    if inp.study.settings.measure == crate::study::Measure::Return {
        summary_table(&mut doc, inp.study);
    } else {
        measures::section(&mut doc, inp.study, inp.dir, false);
    }
    for (dir, other) in &inp.others {
        measures::section(&mut doc, other, dir, true);
    }
    if let Some(rs) = inp.rivals {
        measures::rivals_section(&mut doc, inp.study, rs, inp.dir);
    }
    if inp.study.settings.event_time {
        clean_and_confounded(&mut doc, inp.study);
    }
    if let Some(x) = inp.explained {
        regression_tables(&mut doc, x);
    }
    reaction_tables(&mut doc, inp.events, &sorted, &worst, &best, opts.top);
    if !captions.is_empty() {
        doc.push(Block::Heading("Charts".into()));
        for (file, caption) in captions {
            doc.push(Block::Subheading(caption.clone()));
            doc.push(Block::Image { file, caption });
        }
    }
    every_event(&mut doc, inp, &returns);
    files(&mut doc, inp);
    Report {
        returns,
        returns_excluded,
        charts,
        document: doc,
    }
}

/// The sheets of `results.xlsx`, in order: summary, cars, caar, events, returns, excluded,
/// and with a regression its coefficients and fit.
pub fn workbook(
    events: &[Event],
    study: &StudyResult,
    returns: &[DayReturn],
    explained: Option<&Explained>,
) -> Vec<(&'static str, Table)> {
    use crate::study::output;
    let mut sheets = vec![
        ("summary", output::summary(study)),
        ("cars", output::cars(events, study)),
        ("caar", output::caar(study)),
        ("events", crate::events::events_table(events)),
        ("returns", crate::returns::table(returns)),
        ("excluded", crate::events::exclusions_table(&study.excluded)),
    ];
    if let Some(x) = explained {
        sheets.push(("regression", crate::study::regression::coef_table(x)));
        sheets.push(("regression_fit", crate::study::regression::fit_table(x)));
    }
    sheets
}

/// The studied events in a sortable table, and the events left out in a compact one
/// folded away, each with a short reason (the whole reason is in `excluded.csv`).
fn every_event(doc: &mut Document, inp: &Inputs<'_>, returns: &[DayReturn]) {
    let studied = studied_records(inp, returns);
    let others = other_records(inp);
    doc.push(Block::Heading("Every event".into()));
    doc.push(Block::Paragraph(format!(
        "The {} events studied, with their announcement-day return and CAR over each window; click a column's header to sort by it.",
        studied.rows.len()
    )));
    doc.push(Block::Records {
        caption: "Events studied".into(),
        table: studied,
        file: "cars.csv".into(),
        id: "events".into(),
        folded: None,
    });
    if !others.rows.is_empty() {
        doc.push(Block::Records {
            caption: "Events not studied".into(),
            folded: Some(format!(
                "The {} events read but not studied, each with a short reason (the whole reason in `excluded.csv`)",
                others.rows.len()
            )),
            table: others,
            file: "excluded.csv".into(),
            id: "not-studied".into(),
        });
    }
}

/// A count as an integer cell when it is one (`1000`, not `1000.00`).
fn count(v: f64) -> crate::content::Cell {
    use crate::content::Cell;
    if v.fract() == 0.0 && v.abs() < 9e15 {
        Cell::Int(v as i64)
    } else {
        Cell::num(v)
    }
}

/// One row per studied event: company, ticker, date, day 0, size of the cut,
/// announcement-day and market-adjusted returns, CAR per window, and its source.
fn studied_records(inp: &Inputs<'_>, returns: &[DayReturn]) -> Table {
    use crate::content::Cell;
    let r = inp.study;
    let mut cols = vec![
        "company".to_string(),
        "ticker".into(),
        "announced".into(),
        "day 0".into(),
        "industry".into(),
        "laid off".into(),
        "share laid off".into(),
        "day-0 return".into(),
        "market-adjusted".into(),
    ];
    cols.extend(r.settings.windows.iter().map(|w| format!("CAR {w}")));
    if r.settings.event_time {
        cols.push("confounders".into());
    }
    cols.push("source".into());
    let mut t = Table {
        columns: cols,
        rows: Vec::new(),
    };
    let by_id: std::collections::HashMap<&str, &DayReturn> =
        returns.iter().map(|d| (d.event_id.as_str(), d)).collect();
    for res in &r.results {
        let Some(e) = inp.events.get(res.event) else {
            continue;
        };
        let d = by_id.get(e.id.as_str());
        let mut row = vec![
            Cell::str(&e.company),
            Cell::str(&res.ticker),
            Cell::Date(e.date),
            Cell::Date(res.day0),
            Cell::opt_str(Some(&e.industry)),
            e.laid_off.map_or(Cell::Null, count),
            e.pct_laid_off.map_or(Cell::Null, Cell::share),
            d.map_or(Cell::Null, |d| Cell::ret(d.ret)),
            d.map_or(Cell::Null, |d| Cell::ret(d.market_adjusted())),
        ];
        row.extend(res.windows.iter().map(|w| Cell::ret(w.car)));
        if r.settings.event_time {
            row.push(Cell::str(res.confounders.join("; ")));
        }
        row.push(Cell::opt_str(Some(&e.source)));
        t.rows.push(row);
    }
    t
}

/// One row per event read but not studied: company, ticker, date, size of the cut and a
/// short reason.
fn other_records(inp: &Inputs<'_>) -> Table {
    use crate::content::Cell;
    let r = inp.study;
    let studied: std::collections::HashSet<usize> = r.results.iter().map(|e| e.event).collect();
    let why: std::collections::HashMap<&str, &str> = r
        .excluded
        .iter()
        .map(|x| (x.event_id.as_str(), x.reason.as_str()))
        .collect();
    let mut t = Table::new(&[
        "company",
        "ticker",
        "announced",
        "laid off",
        "why not studied",
    ]);
    for (i, e) in inp.events.iter().enumerate() {
        if studied.contains(&i) {
            continue;
        }
        t.rows.push(vec![
            Cell::str(&e.company),
            Cell::opt_str(e.ticker.as_deref()),
            Cell::Date(e.date),
            e.laid_off.map_or(Cell::Null, count),
            why.get(e.id.as_str())
                .map_or(Cell::Null, |w| Cell::str(reason_short(w))),
        ]);
    }
    t
}

/// A reason in at most 40 characters, for the table of events not studied.
pub fn reason_short(reason: &str) -> String {
    match ReasonClass::of(reason) {
        ReasonClass::FewEstimation => {
            // "only 55 of 100 required estimation days ..."
            let mut w = reason.split_whitespace().skip(1);
            match (w.next(), w.next(), w.next()) {
                (Some(a), Some("of"), Some(b)) => format!("{a} of {b} estimation days"),
                _ => ReasonClass::FewEstimation.short().to_string(),
            }
        }
        ReasonClass::Other => {
            let cut: String = reason.chars().take(39).collect();
            if cut.len() < reason.len() {
                format!("{}\u{2026}", cut.trim_end())
            } else {
                cut
            }
        }
        class => class.short().to_string(),
    }
}

fn company(events: &[Event], id: &str) -> String {
    events
        .iter()
        .find(|e| e.id == id)
        .map_or_else(String::new, |e| e.company.clone())
}

/// The charts of a report and their captions, by file.
type Charts = (Vec<ChartPlan>, Vec<(String, String)>);

/// Which charts the report holds, with their file names and captions.
fn plan_charts(inp: &Inputs<'_>, worst: Option<&DayReturn>, best: Option<&DayReturn>) -> Charts {
    let mut charts = (Vec::new(), Vec::new());
    if !inp.study.results.is_empty() {
        study_charts(inp, &mut charts);
    }
    event_charts(inp, worst, best, &mut charts);
    closing_charts(inp, &mut charts);
    charts
}

/// The study's charts: each measure's, clean against confounded events, the rivals'.
fn study_charts(inp: &Inputs<'_>, (plans, captions): &mut Charts) {
    let r = inp.study;
    let at = |dir: &std::path::Path, file: String| in_dir(dir, &file);
    plans.push(ChartPlan::Study);
    captions.extend(measures::captions(r, inp.dir));
    for (i, (dir, other)) in inp.others.iter().enumerate() {
        if !other.results.is_empty() {
            plans.push(ChartPlan::Measure(i));
            captions.extend(measures::captions(other, dir));
        }
    }
    let confounded = r.results.iter().filter(|e| !e.confounders.is_empty());
    let confounded = confounded.count();
    let least = r.settings.min_group_size;
    if r.settings.event_time && confounded >= least && r.results.len() - confounded >= least {
        let file = at(inp.dir, "caar_clean_confounded.png".into());
        plans.push(ChartPlan::CleanConfounded { file: file.clone() });
        captions.push((
            file,
            "Cumulative average abnormal return of clean and confounded events".into(),
        ));
    }
    if inp.rivals.is_some_and(|rs| !rs.portfolios.is_empty()) {
        let file = at(inp.dir, "caar_rivals.png".into());
        plans.push(ChartPlan::Rivals { file: file.clone() });
        captions.push((
            file,
            "Cumulative average abnormal return of the announcers and of their rivals".into(),
        ));
    }
}

/// The price paths of the most negative and the most positive reactions.
fn event_charts(
    inp: &Inputs<'_>,
    worst: Option<&DayReturn>,
    best: Option<&DayReturn>,
    (plans, captions): &mut Charts,
) {
    for (file, pick) in [
        ("event_most_negative.png", worst),
        ("event_most_positive.png", best),
    ] {
        let Some(d) = pick.filter(|d| inp.panel.get(&d.ticker).is_some()) else {
            continue;
        };
        plans.push(ChartPlan::Event {
            file: file.into(),
            event_id: d.event_id.clone(),
            ticker: d.ticker.clone(),
            announce: d.announce_date,
        });
        captions.push((
            file.into(),
            format!(
                "{} ({}) around {}",
                company(inp.events, &d.event_id),
                d.ticker,
                date::format(d.announce_date)
            ),
        ));
    }
}

/// The regression's first window against its first numeric term, and the yearly
/// performance of the companies with the most events.
fn closing_charts(inp: &Inputs<'_>, (plans, captions): &mut Charts) {
    let at = |dir: &std::path::Path, file: String| in_dir(dir, &file);
    if let Some(x) = inp.explained
        && let Some((i, f)) = x
            .fits
            .iter()
            .enumerate()
            .find(|(_, f)| !f.data.0.is_empty())
    {
        let file = at(
            inp.dir,
            format!("explain_{}_{}.png", f.window.start, f.window.end),
        );
        captions.push((
            file.clone(),
            format!("CAR over window {} against {}", f.window, f.data.0[0]),
        ));
        plans.push(ChartPlan::Explain { file, fit: i });
    }
    let series = year_bars(inp);
    if series.iter().any(|s| !s.years.is_empty()) {
        plans.push(ChartPlan::Performance {
            file: "performance.png".into(),
            series,
        });
        captions.push((
            "performance.png".into(),
            "Calendar-year returns of the companies with the most events".into(),
        ));
    }
}

/// Yearly returns of the three tickers with the most studied events, and the market, over
/// the years of the events (and the year before).
fn year_bars(inp: &Inputs<'_>) -> Vec<YearBars> {
    let r = inp.study;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &r.results {
        *counts.entry(e.ticker.as_str()).or_default() += 1;
    }
    let mut top: Vec<(&str, usize)> = counts.into_iter().collect();
    top.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    let mut y: Vec<i32> = r.results.iter().map(|e| date::year_of(e.day0)).collect();
    y.sort_unstable();
    y.dedup();
    let years: Vec<i32> = match (y.first(), y.last()) {
        (Some(&a), Some(&b)) => (a - 1..=b).collect(),
        _ => Vec::new(),
    };
    let mut series: Vec<YearBars> = top
        .iter()
        .take(3)
        .filter_map(|(t, _)| inp.panel.get(t))
        .map(|s| {
            YearBars::of(
                s,
                inp.calendar,
                years.iter().copied(),
                s.ticker.clone(),
                false,
            )
        })
        .collect();
    if let Some(m) = inp.market.filter(|_| !series.is_empty()) {
        let label = format!("market ({})", m.ticker);
        series.push(YearBars::of(
            m,
            inp.calendar,
            years.iter().copied(),
            label,
            true,
        ));
    }
    series
}

/// The title, the label, the counts and settings, and why events were left out.
fn headline(doc: &mut Document, inp: &Inputs<'_>, opts: &Options) {
    let r = inp.study;
    let s = &r.settings;
    doc.push(Block::Title(
        "How did the market react to layoff announcements?".into(),
    ));
    if let Some(l) = &opts.label {
        doc.push(Block::Quote(l.clone()));
    }
    let found = match r.settings.measure {
        crate::study::Measure::Return => finding(r),
        _ => measures::finding(r),
    };
    if let Some(text) = found {
        doc.push(Block::Paragraph(text));
    }
    for (_, other) in &inp.others {
        if let Some(text) = measures::finding(other) {
            doc.push(Block::Paragraph(text));
        }
    }
    let with_ticker = inp.events.iter().filter(|e| e.ticker.is_some()).count();
    doc.push(Block::Paragraph(format!(
        "**{} events studied**, {} excluded, out of {} events read ({} with a ticker). Model: {}, estimation window {} trading days, minimum {} estimation days; market {}; an announcement on a non-trading day counts from {}.",
        r.results.len(),
        r.excluded.len(),
        inp.events.len() + inp.duplicates,
        with_ticker,
        s.model.name(),
        s.estimation,
        s.min_estimation,
        inp.market.map_or("none".to_string(), |m| m.ticker.clone()),
        match s.non_trading {
            NonTrading::Next => "the next trading day",
            NonTrading::Previous => "the previous trading day",
            NonTrading::Skip => "nowhere (such events are excluded)",
        }
    )));
    if let Some(line) = survivorship(inp.unmatched) {
        doc.push(Block::Paragraph(line));
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for x in &r.excluded {
        *kinds.entry(reason_kind(&x.reason)).or_default() += 1;
    }
    if !kinds.is_empty() {
        doc.push(Block::Paragraph(
            "Why events were excluded (each with its reason in `excluded.csv`):".into(),
        ));
        let mut k: Vec<_> = kinds.into_iter().collect();
        k.sort_by_key(|x| std::cmp::Reverse(x.1));
        doc.push(Block::List(
            k.into_iter()
                .map(|(kind, n)| format!("{kind}: {n}"))
                .collect(),
        ));
    }
}

/// The interval and the verdict of the tests of one summary row, as [`finding`] words it.
fn verdict(s: &crate::study::SummaryRow) -> String {
    let p = s.t_cs.p;
    let interval = format!(
        "95 % confidence interval {} to {}",
        pct(s.ci.0),
        pct(s.ci.1)
    );
    let ps = s.tests().map(|t| t.p);
    let tested = ps.iter().filter(|p| p.is_finite()).count();
    let reject = ps.iter().filter(|p| p.is_finite() && **p < 0.05).count();
    let p_is = if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {}", p_value(p))
    };
    let tests = format!("t test {p_is}; {reject} of {tested} tests reject zero at 5 %");
    if p.is_finite() && p < 0.05 {
        format!("{interval}): different from zero at the 5 % level ({tests}")
    } else if p.is_finite() {
        format!("{interval}): not distinguishable from zero at the 5 % level ({tests}")
    } else {
        format!("{interval}): no test possible (")
    }
}

/// "on the day of the announcement", "over trading days -1 to +1 around the announcement".
fn when(w: crate::study::Window) -> String {
    if w.start == 0 && w.end == 0 {
        "on the day of the announcement".to_string()
    } else {
        format!(
            "over trading days {} to {} around the announcement",
            crate::study::window::signed(w.start),
            crate::study::window::signed(w.end)
        )
    }
}

/// What the model expected, in words.
fn expected_words(model: crate::study::Model) -> &'static str {
    match model {
        crate::study::Model::MarketAdjusted => "the market's own move",
        crate::study::Model::MeanAdjusted => "the stock's usual return",
        crate::study::Model::Market => "what the market model expected",
        crate::study::Model::Ff3 => "what the Fama-French three-factor model expected",
        crate::study::Model::Carhart => "what the Carhart four-factor model expected",
        crate::study::Model::Ff5 => "what the Fama-French five-factor model expected",
        crate::study::Model::Garch => "what the GARCH market model expected",
    }
}

/// What the study found, in words a journalist can quote: N, the day-0 (or first)
/// window's CAAR with its 95 % interval and whether it differs from zero at 5 % (the
/// cross-sectional t test the interval comes from), and the same for the widest window.
pub fn finding(r: &StudyResult) -> Option<String> {
    let all: Vec<&crate::study::SummaryRow> =
        r.summary.iter().filter(|s| s.group == "all").collect();
    let first = all
        .iter()
        .find(|s| s.window.start == 0 && s.window.end == 0)
        .or(all.first())?;
    if first.n < 2 || !first.caar.is_finite() {
        return Some(format!(
            "**{} events studied: too few to say how shares reacted.**",
            first.n
        ));
    }
    let widest = all
        .iter()
        .filter(|s| s.window != first.window)
        .max_by_key(|s| (s.window.len(), std::cmp::Reverse(s.window.start)));
    let expected = expected_words(r.settings.model);
    let mut text = format!(
        "**{} layoff announcements studied: {}, shares moved {} on average beyond {expected} ({}).",
        first.n,
        when(first.window),
        pct(first.caar),
        verdict(first)
    );
    if let Some(w) = widest {
        text.push_str(&format!(
            " {}, the cumulative abnormal return averaged {} ({}).",
            capitalised(&when(w.window)),
            pct(w.caar),
            verdict(w)
        ));
    }
    text.push_str("**");
    Some(text)
}

/// A file name inside a folder of the report (`volume/caar.png`), with `/` on every
/// system (it is also the page's link).
pub fn in_dir(dir: &std::path::Path, file: &str) -> String {
    if dir.as_os_str().is_empty() {
        file.to_string()
    } else {
        format!("{}/{file}", dir.display())
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The CAAR table with every test, and the study's notes.
fn summary_table(doc: &mut Document, r: &StudyResult) {
    doc.push(Block::Heading("Cumulative average abnormal returns".into()));
    doc.push(measures::table(r));
    doc.push(Block::Paragraph(
        "Windows in trading days relative to the announcement (day 0). Two-sided p-values: cross-sectional t, Patell, Boehmer-Musumeci-Poulsen, Kolari-Pynnönen, Cowan's generalised sign, Corrado-Cowan rank, Wilcoxon signed-rank.".into(),
    ));
    for n in &r.notes {
        doc.push(Block::Paragraph(format!("Note: {n}")));
    }
}

/// The CAAR of clean and of confounded events side by side, per window: N, CAAR, its 95 %
/// interval and the cross-sectional t's p-value of each.
fn clean_and_confounded(doc: &mut Document, r: &StudyResult) {
    doc.push(Block::Heading("Clean and confounded events".into()));
    let side = |cars: &[f64]| -> [String; 4] {
        let [m, ci, p] = mean_ci_p(cars).unwrap_or_else(|| ["-".into(), "-".into(), "-".into()]);
        [cars.len().to_string(), m, ci, p]
    };
    let mut rows = Vec::new();
    for (w, window) in r.settings.windows.iter().enumerate() {
        let (mut clean, mut confounded) = (Vec::new(), Vec::new());
        for e in &r.results {
            let car = e.windows[w].car;
            if car.is_finite() {
                if e.confounders.is_empty() {
                    clean.push(car);
                } else {
                    confounded.push(car);
                }
            }
        }
        let mut row = vec![window.to_string()];
        row.extend(side(&clean));
        row.extend(side(&confounded));
        rows.push(row);
    }
    let header = [
        "window",
        "N clean",
        "CAAR clean",
        "95 % CI clean",
        "p (t) clean",
        "N confounded",
        "CAAR confounded",
        "95 % CI confounded",
        "p (t) confounded",
    ];
    doc.push(Block::Table {
        header: header.iter().map(|h| h.to_string()).collect(),
        right: (0..header.len()).map(|i| i >= 1).collect(),
        rows,
    });
    doc.push(Block::Paragraph(format!(
        "Confounded: another announcement of the company (earnings: an SEC Item 2.02 8-K or a row of the confounders file) in day 0 + {}; their CARs mix the layoff with that news. The clean events answer the question of the layoff alone.",
        r.settings.confound_window
    )));
}

/// One coefficient table per window, with N and the fit (no significance stars).
fn regression_tables(doc: &mut Document, x: &Explained) {
    doc.push(Block::Heading("What explains the reaction".into()));
    let num = |v: f64| {
        if v.is_finite() {
            format!("{v:.4}")
        } else {
            "-".into()
        }
    };
    for f in &x.fits {
        doc.push(Block::Paragraph(format!(
            "CAR over window {} on the events' terms: N = {} events ({} left out for a missing term), {} terms with the constant, R2 {}, adjusted R2 {}, joint F {} (p {}); standard errors {}{}.",
            f.window,
            f.n,
            f.dropped,
            f.k,
            num(f.r2.0),
            num(f.r2.1),
            num(f.f.0),
            p_value(f.f.1),
            match &x.se {
                crate::study::regression::SeType::Hc1 => "HC1 (heteroskedasticity-robust)".to_string(),
                crate::study::regression::SeType::Classic => "classic (homoskedastic)".to_string(),
                crate::study::regression::SeType::Cluster(by) => format!("clustered by {by}"),
            },
            f.clusters.map_or(String::new(), |g| format!(" ({g} clusters)"))
        )));
        if let Some(why) = &f.f_undefined {
            doc.push(Block::Paragraph(format!(
                "The joint F test of window {} is {why}.",
                f.window
            )));
        }
        let header = ["term", "coefficient", "se", "t", "p", "95 % CI"];
        doc.push(Block::Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            right: (0..header.len()).map(|i| i >= 1).collect(),
            rows: f
                .coefs
                .iter()
                .map(|(name, c)| {
                    vec![
                        name.clone(),
                        num(c[0]),
                        num(c[1]),
                        format!("{:.2}", c[2]),
                        p_value(c[3]),
                        format!("{} to {}", num(c[4]), num(c[5])),
                    ]
                })
                .collect(),
        });
    }
}

/// The most negative and most positive reactions (all of them when few).
fn reaction_tables(
    doc: &mut Document,
    events: &[Event],
    sorted: &[&DayReturn],
    worst: &[&DayReturn],
    best: &[&DayReturn],
    top: usize,
) {
    let tables: Vec<(String, &[&DayReturn])> = if sorted.len() <= 2 * top {
        vec![(
            format!(
                "All {} announcement-day reactions, most negative first",
                sorted.len()
            ),
            sorted,
        )]
    } else {
        vec![
            (
                format!(
                    "The {} most negative announcement-day reactions",
                    worst.len()
                ),
                worst,
            ),
            (
                format!(
                    "The {} most positive announcement-day reactions",
                    best.len()
                ),
                best,
            ),
        ]
    };
    let header = [
        "company",
        "ticker",
        "announced",
        "day 0",
        "return",
        "market",
        "market-adjusted",
    ];
    for (title, list) in tables.into_iter().filter(|t| !t.1.is_empty()) {
        doc.push(Block::Heading(title));
        doc.push(Block::Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            right: (0..header.len()).map(|i| i >= 4).collect(),
            rows: list
                .iter()
                .map(|r| {
                    vec![
                        company(events, &r.event_id),
                        r.ticker.clone(),
                        date::format(r.announce_date),
                        date::format(r.day0),
                        pct(r.ret),
                        pct(r.market_return),
                        pct(r.market_adjusted()),
                    ]
                })
                .collect(),
        });
    }
}

/// What each file of the study's folder holds (`daily` names its daily file).
fn study_files(inp: &Inputs<'_>, daily: &str) -> Vec<String> {
    let r = inp.study;
    let study = [
        (
            "cars.csv",
            match r.settings.measure {
                crate::study::Measure::Return => {
                    "CAR, SCAR and BHAR per event and window, with the model's parameters"
                }
                crate::study::Measure::Volume => {
                    "CAV and SCAV per event and window, with the model's parameters"
                }
                crate::study::Measure::Volatility => "mean U - 1 and mean U per event and window",
            },
        ),
        ("summary.csv", "the tests per group and window"),
        ("caar.csv", "CAAR by relative day with its 95 % interval"),
        (
            "excluded.csv",
            "events left out of the study, each with its reason",
        ),
    ];
    let mut study_items: Vec<String> = study
        .iter()
        .map(|(f, what)| format!("`{}`: {what}", in_dir(inp.dir, f)))
        .collect();
    study_items.insert(
        1,
        match r.settings.measure {
            crate::study::Measure::Return => format!(
                "{daily}: daily returns, expected returns and abnormal returns around each event"
            ),
            crate::study::Measure::Volume => format!(
                "{daily}: daily log volume, its expected value and the abnormal log volume around each event"
            ),
            crate::study::Measure::Volatility => format!(
                "{daily}: daily returns, expected and abnormal returns and Beaver's U around each event"
            ),
        },
    );
    study_items
}

/// What each file of the report folder holds, and the settings.
fn files(doc: &mut Document, inp: &Inputs<'_>) {
    let r = inp.study;
    doc.push(Block::Heading("Files".into()));
    let daily = format!("`{}`", in_dir(inp.dir, r.settings.measure.daily_file()));
    let list = [
        (
            "events.csv",
            "the events read, with tickers and how each was matched",
        ),
        ("events_unmatched.csv", "events without a ticker, and why"),
        (
            "events_suggestions.csv",
            "up to three SEC candidates for each listed-stage name without a ticker (fill its \
             ticker column and pass it back with --tickers)",
        ),
        (
            "returns.csv",
            "announcement-day returns of every event with prices",
        ),
    ];
    let mut items: Vec<String> = list
        .iter()
        .map(|(f, what)| format!("`{f}`: {what}"))
        .collect();
    let study_items = study_files(inp, &daily);
    items.extend(study_items);
    for (dir, other) in &inp.others {
        items.push(format!(
            "`{}`: the {} study's files (`cars.csv`, `{}`, `summary.csv`, `caar.csv`, `excluded.csv`) and charts",
            in_dir(dir, ""),
            other.settings.measure,
            other.settings.measure.daily_file()
        ));
    }
    doc.push(Block::List(items));
    doc.push(Block::Paragraph(format!("Settings: {}.", about(r))));
}
