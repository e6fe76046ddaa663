//! `layoff-study report`: events -> study -> every chart -> `report.md`, in one folder.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args as ClapArgs;

use super::common::{EventArgs, PriceArgs, note};
use super::study::{Ran, StudyArgs, execute, stage_out, study_note};
use crate::chart::event::EventChart;
use crate::chart::performance::{PerformanceChart, YearBars};
use crate::chart::{Size, render};
use crate::date;
use crate::events::{events_table, exclusions_table, suggestions_table, unmatched_table};
use crate::export::{OutputFormat, emit, write_atomic};
use crate::performance::year_return;
use crate::returns::{DayReturn, announcement_returns, table};
use crate::study::output::{about, distribution_file};

/// Arguments of `report`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  layoff-study report --prices data/prices --market SPY --events layoffs.csv \\
      --sec company_tickers.json --out report/
  layoff-study fetch --tickers-from data/events/seed_events.csv SPY --from 2022-01-01 --to 2024-12-31
  layoff-study report --prices data/prices --market SPY --events data/events/seed_events.csv --out story/")]
pub struct Args {
    #[command(flatten)]
    pub(crate) prices: PriceArgs,
    #[command(flatten)]
    pub(crate) events: EventArgs,
    #[command(flatten)]
    pub(crate) study: StudyArgs,
    /// Output folder: report.md, every CSV and every chart.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// How many of the most negative and most positive reactions to list.
    #[arg(long, default_value_t = 5)]
    pub(crate) top: usize,
    /// A line about the data, written under the report's title.
    #[arg(long, value_name = "TEXT")]
    pub(crate) label: Option<String>,
}

/// A short category of an exclusion reason, for the headline counts.
pub fn reason_kind(reason: &str) -> &'static str {
    match reason {
        r if r.starts_with("no ticker") && r.contains("not listed") => {
            "no ticker: the company is not listed"
        }
        r if r.starts_with("no ticker") && r.contains("ambiguous") => {
            "no ticker: the name matches several companies"
        }
        r if r.starts_with("no ticker") => "no ticker found for the company name",
        r if r.starts_with("no prices") => "no prices for the ticker",
        r if r.starts_with("only ") => "too few estimation days",
        r if r.starts_with("missing return") => "a missing return inside an event window",
        r if r.starts_with("window ") => "an event window runs outside the data",
        r if r.starts_with("day 0 is outside") => "the announcement is outside the price data",
        r if r.starts_with("repeats event") => "a repeat of another event (same company and date)",
        r if r.contains("not a trading date") => {
            "announced on a non-trading day (--non-trading skip)"
        }
        _ => "other",
    }
}

fn pct(v: f64) -> String {
    if v.is_finite() {
        format!("{:+.2} %", v * 100.0)
    } else {
        "-".into()
    }
}

fn p_value(p: f64) -> String {
    match p {
        p if !p.is_finite() => "-".into(),
        p if p < 0.001 => "<0.001".into(),
        p => format!("{p:.3}"),
    }
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
}

/// Runs `report`.
///
/// # Errors
/// Bad flags or inputs, an unwritable folder.
pub fn run(a: Args, quiet: bool) -> anyhow::Result<ExitCode> {
    let stage = stage_out(&a.prices, &a.events, &a.study, &a.out)?;
    let code = build(&a, stage.path(), quiet)?;
    stage.commit()?;
    note(
        quiet,
        format!("report: {}", a.out.join("report.md").display()),
    );
    Ok(code)
}

/// Builds the report into the folder `out` (a staged folder that the caller swaps in).
///
/// # Errors
/// Bad flags or inputs, an unwritable folder.
pub fn build(a: &Args, out: &std::path::Path, quiet: bool) -> anyhow::Result<ExitCode> {
    let ran = execute(&a.prices, &a.events, &a.study, out, quiet)?;
    study_note(&ran.result, &a.out, quiet);
    let Ran {
        loaded,
        events,
        result,
        code,
    } = &ran;
    let evs = &events.events;
    let csv = OutputFormat::Csv;
    emit(&events_table(evs), csv, Some(&out.join("events.csv")))?;
    emit(
        &unmatched_table(&events.unmatched),
        csv,
        Some(&out.join("events_unmatched.csv")),
    )?;
    emit(
        &suggestions_table(&events.unmatched),
        csv,
        Some(&out.join("events_suggestions.csv")),
    )?;
    let market = loaded.market.series.as_ref();
    let cal = &loaded.market.calendar;
    let (rets, ret_excluded) = announcement_returns(
        evs,
        &loaded.panel,
        market,
        cal,
        a.events.non_trading,
        a.prices.log_returns,
    );
    emit(&table(&rets), csv, Some(&out.join("returns.csv")))?;
    emit(
        &exclusions_table(&ret_excluded),
        csv,
        Some(&out.join("returns_excluded.csv")),
    )?;

    // Reactions, most negative first, by the market-adjusted return when there is a market.
    let key = |r: &DayReturn| {
        if r.market_return.is_finite() {
            r.market_adjusted()
        } else {
            r.ret
        }
    };
    let mut sorted: Vec<&DayReturn> = rets.iter().filter(|r| key(r).is_finite()).collect();
    sorted.sort_by(|x, y| key(x).total_cmp(&key(y)));
    let worst: Vec<&DayReturn> = sorted.iter().take(a.top).copied().collect();
    let best: Vec<&DayReturn> = sorted.iter().rev().take(a.top).copied().collect();

    // Charts.
    let size = Size::default();
    let mut charts: Vec<(String, String)> = Vec::new();
    if !result.results.is_empty() {
        charts.push((
            "caar.png".into(),
            "Cumulative average abnormal return".into(),
        ));
        for w in &result.settings.windows {
            charts.push((
                distribution_file(*w, "png"),
                format!("Distribution of CARs, window {w}"),
            ));
        }
    }
    let company = |id: &str| {
        evs.iter()
            .find(|e| e.id == id)
            .map_or_else(String::new, |e| e.company.clone())
    };
    for (name, pick) in [
        ("event_most_negative.png", worst.first()),
        ("event_most_positive.png", best.first()),
    ] {
        let Some(r) = pick else { continue };
        let Some(stock) = loaded.panel.get(&r.ticker) else {
            continue;
        };
        let chart = EventChart::build(
            stock,
            market,
            cal,
            r.announce_date,
            a.events.non_trading,
            result.settings.chart,
            result
                .settings
                .windows
                .iter()
                .copied()
                .filter(|w| w.len() > 1)
                .collect(),
        )?;
        render(&chart, &out.join(name), size)?;
        charts.push((
            name.into(),
            format!(
                "{} ({}) around {}",
                company(&r.event_id),
                r.ticker,
                date::format(r.announce_date)
            ),
        ));
    }
    // Yearly performance of the tickers with the most studied events.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &result.results {
        *counts.entry(r.ticker.as_str()).or_default() += 1;
    }
    let mut top: Vec<(&str, usize)> = counts.into_iter().collect();
    top.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    let years: Vec<i32> = {
        let mut y: Vec<i32> = result
            .results
            .iter()
            .map(|r| date::year_of(r.day0))
            .collect();
        y.sort_unstable();
        y.dedup();
        match (y.first(), y.last()) {
            (Some(&a), Some(&b)) => (a - 1..=b).collect(),
            _ => Vec::new(),
        }
    };
    let mut series: Vec<YearBars> = Vec::new();
    for (t, _) in top.iter().take(3) {
        if let Some(s) = loaded.panel.get(t) {
            let ys = years
                .iter()
                .filter_map(|&y| year_return(s, None, cal, y))
                .map(|r| (r.year, r.ret, r.complete))
                .collect();
            series.push(YearBars {
                label: s.ticker.clone(),
                years: ys,
                is_market: false,
            });
        }
    }
    if let Some(m) = market.filter(|_| !series.is_empty()) {
        let ys = years
            .iter()
            .filter_map(|&y| year_return(m, None, cal, y))
            .map(|r| (r.year, r.ret, r.complete))
            .collect();
        series.push(YearBars {
            label: format!("market ({})", m.ticker),
            years: ys,
            is_market: true,
        });
    }
    if series.iter().any(|s| !s.years.is_empty()) {
        render(
            &PerformanceChart { series },
            &out.join("performance.png"),
            size,
        )?;
        charts.push((
            "performance.png".into(),
            "Calendar-year returns of the companies with the most events".into(),
        ));
    }

    // report.md
    let mut md = String::new();
    let s = &result.settings;
    let _ = writeln!(md, "# How did the market react to layoff announcements?\n");
    if let Some(l) = &a.label {
        let _ = writeln!(md, "> {l}\n");
    }
    let with_ticker = evs.iter().filter(|e| e.ticker.is_some()).count();
    let _ = writeln!(
        md,
        "**{} events studied**, {} excluded, out of {} events read ({} with a ticker). Model: {}, estimation window {} trading days, minimum {} estimation days; market {}; an announcement on a non-trading day counts from {}.\n",
        result.results.len(),
        result.excluded.len(),
        evs.len() + events.duplicates.len(),
        with_ticker,
        s.model.name(),
        s.estimation,
        s.min_estimation,
        market.map_or("none".to_string(), |m| m.ticker.clone()),
        match s.non_trading {
            crate::calendar::NonTrading::Next => "the next trading day",
            crate::calendar::NonTrading::Previous => "the previous trading day",
            crate::calendar::NonTrading::Skip => "nowhere (such events are excluded)",
        }
    );
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for x in &result.excluded {
        *kinds.entry(reason_kind(&x.reason)).or_default() += 1;
    }
    if let Some(line) = crate::events::tickers::survivorship(&events.unmatched) {
        let _ = writeln!(md, "{line}\n");
    }
    if !kinds.is_empty() {
        let _ = writeln!(
            md,
            "Why events were excluded (each with its reason in `excluded.csv`):\n"
        );
        let mut k: Vec<_> = kinds.into_iter().collect();
        k.sort_by_key(|x| std::cmp::Reverse(x.1));
        for (kind, n) in k {
            let _ = writeln!(md, "- {kind}: {n}");
        }
        let _ = writeln!(md);
    }
    let _ = writeln!(md, "## Cumulative average abnormal returns\n");
    let _ = writeln!(
        md,
        "| group | window | N | CAAR | 95 % CI | median CAR | p (t) | p (Patell) | p (BMP) | p (KP) | p (sign) | p (rank) | p (Wilcoxon) |"
    );
    let _ = writeln!(md, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for r in &result.summary {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} to {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            md_escape(&r.group),
            r.window,
            r.n,
            pct(r.caar),
            pct(r.ci.0),
            pct(r.ci.1),
            pct(r.median_car),
            p_value(r.t_cs.p),
            p_value(r.patell.p),
            p_value(r.bmp.p),
            p_value(r.kp.p),
            p_value(r.gen_sign.p),
            p_value(r.rank.p),
            p_value(r.wilcoxon.p)
        );
    }
    let _ = writeln!(
        md,
        "\nWindows in trading days relative to the announcement (day 0). Two-sided p-values: cross-sectional t, Patell, Boehmer-Musumeci-Poulsen, Kolari-Pynnönen, Cowan's generalised sign, Corrado-Cowan rank, Wilcoxon signed-rank.\n"
    );
    for n in &result.notes {
        let _ = writeln!(md, "Note: {n}\n");
    }
    let few = sorted.len() <= 2 * a.top;
    let tables: Vec<(String, Vec<&DayReturn>)> = if few {
        vec![(
            format!(
                "All {} announcement-day reactions, most negative first",
                sorted.len()
            ),
            sorted.clone(),
        )]
    } else {
        vec![
            (
                format!(
                    "The {} most negative announcement-day reactions",
                    worst.len()
                ),
                worst.clone(),
            ),
            (
                format!(
                    "The {} most positive announcement-day reactions",
                    best.len()
                ),
                best.clone(),
            ),
        ]
    };
    for (title, list) in tables.iter().filter(|t| !t.1.is_empty()) {
        let _ = writeln!(md, "## {title}\n");
        let _ = writeln!(
            md,
            "| company | ticker | announced | day 0 | return | market | market-adjusted |"
        );
        let _ = writeln!(md, "|---|---|---|---|--:|--:|--:|");
        for r in list {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} |",
                md_escape(&company(&r.event_id)),
                r.ticker,
                date::format(r.announce_date),
                date::format(r.day0),
                pct(r.ret),
                pct(r.market_return),
                pct(r.market_adjusted())
            );
        }
        let _ = writeln!(md);
    }
    if !charts.is_empty() {
        let _ = writeln!(md, "## Charts\n");
        for (file, caption) in &charts {
            let _ = writeln!(md, "### {caption}\n\n![{caption}]({file})\n");
        }
    }
    let _ = writeln!(md, "## Files\n");
    for (f, what) in [
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
        (
            "cars.csv",
            "CAR, SCAR and BHAR per event and window, with the model's parameters",
        ),
        (
            "abnormal_returns.csv",
            "daily returns, expected returns and abnormal returns around each event",
        ),
        ("summary.csv", "the tests per group and window"),
        ("caar.csv", "CAAR by relative day with its 95 % interval"),
        (
            "excluded.csv",
            "events left out of the study, each with its reason",
        ),
    ] {
        let _ = writeln!(md, "- `{f}`: {what}");
    }
    let _ = writeln!(md, "\nSettings: {}.", about(result));
    write_atomic(&out.join("report.md"), md.as_bytes())?;
    Ok(if *code == ExitCode::SUCCESS {
        ExitCode::SUCCESS
    } else {
        *code
    })
}
