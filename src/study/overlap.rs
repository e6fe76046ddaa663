//! Overlapping events of one company (METHODS.md §8): the span of an event over its
//! windows, which studied events of a ticker share days, and the `--overlap` policy.

use std::collections::HashMap;

use super::{EventResult, Settings};
use crate::events::{Event, Exclusion};

/// What to do with events whose spans overlap another event of the same ticker.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Overlap {
    /// Keep every event (their CARs then share returns).
    #[default]
    Keep,
    /// Keep an event only if it overlaps no event already kept, by day 0 then event_id.
    First,
    /// Exclude every event that overlaps another.
    Drop,
}

/// The calendar indexes an event's windows cover: day 0 plus the earliest start to day 0
/// plus the latest end.
pub fn span(day0_index: usize, s: &Settings) -> (i64, i64) {
    let start = s.windows.iter().map(|w| w.start).min().unwrap_or(0);
    let end = s.windows.iter().map(|w| w.end).max().unwrap_or(0);
    (
        day0_index as i64 + i64::from(start),
        day0_index as i64 + i64::from(end),
    )
}

/// The positions of the results of each ticker.
fn by_ticker(results: &[EventResult]) -> HashMap<&str, Vec<usize>> {
    let mut m: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in results.iter().enumerate() {
        m.entry(r.ticker.as_str()).or_default().push(i);
    }
    m
}

fn meet(a: (i64, i64), b: (i64, i64)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// For each result, the positions of the other results of its ticker whose spans meet its
/// own.
pub fn overlapping(results: &[EventResult], s: &Settings) -> Vec<Vec<usize>> {
    let by_ticker = by_ticker(results);
    let mut out = vec![Vec::new(); results.len()];
    for members in by_ticker.values() {
        // Spans all have one width: in day-0 order, those meeting a span are its neighbours.
        let mut by_day = members.clone();
        by_day.sort_by_key(|&i| results[i].day0_index);
        for (p, &i) in by_day.iter().enumerate() {
            let si = span(results[i].day0_index, s);
            let mut met = Vec::new();
            for &j in &by_day[p + 1..] {
                let sj = span(results[j].day0_index, s);
                if sj.0 > si.1 {
                    break;
                }
                if meet(si, sj) {
                    met.push(j);
                }
            }
            for &j in by_day[..p].iter().rev() {
                let sj = span(results[j].day0_index, s);
                if sj.1 < si.0 {
                    break;
                }
                if meet(si, sj) {
                    met.push(j);
                }
            }
            met.sort_unstable();
            out[i] = met;
        }
    }
    out
}

/// The calendar ranges of the other studied events of each result's ticker, which
/// `--clean-estimation` keeps out of its estimation window.
pub fn blocked(results: &[EventResult], s: &Settings) -> Vec<Vec<(i64, i64)>> {
    let by_ticker = by_ticker(results);
    results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            by_ticker[r.ticker.as_str()]
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| span(results[j].day0_index, s))
                .collect()
        })
        .collect()
}

/// What was done about overlapping events, for the notes of the study and the report.
pub fn note(policy: Overlap, overlapping: usize, excluded: usize) -> String {
    let done = match policy {
        Overlap::Keep => "all kept (--overlap keep): their CARs share returns".to_string(),
        Overlap::First => {
            format!("{excluded} excluded, the first of each overlapping run kept (--overlap first)")
        }
        Overlap::Drop => format!("{excluded} excluded (--overlap drop)"),
    };
    format!(
        "{overlapping} studied events overlap another event of the same ticker (their windows share days, see the overlaps column of cars.csv); {done}"
    )
}

/// Applies the policy: the results kept and the exclusions, each with reason
/// `overlaps event ID`.
pub fn apply(
    policy: Overlap,
    events: &[Event],
    results: Vec<EventResult>,
    overlaps: &[Vec<usize>],
) -> (Vec<EventResult>, Vec<Exclusion>) {
    if policy == Overlap::Keep {
        return (results, Vec::new());
    }
    let id = |r: &EventResult| events[r.event].id.as_str();
    let mut keep = vec![true; results.len()];
    match policy {
        Overlap::Keep => {}
        Overlap::Drop => {
            for (i, o) in overlaps.iter().enumerate() {
                keep[i] = o.is_empty();
            }
        }
        Overlap::First => {
            let mut order: Vec<usize> = (0..results.len()).collect();
            order.sort_by(|&a, &b| {
                (results[a].day0_index, id(&results[a]))
                    .cmp(&(results[b].day0_index, id(&results[b])))
            });
            let mut kept = vec![false; results.len()];
            for i in order {
                keep[i] = !overlaps[i].iter().any(|&j| kept[j]);
                kept[i] = keep[i];
            }
        }
    }
    // The event each excluded one overlaps, earliest first (for `first`, one kept).
    let reasons: Vec<Option<String>> = (0..results.len())
        .map(|i| {
            (!keep[i]).then(|| {
                let other = overlaps[i]
                    .iter()
                    .copied()
                    .min_by_key(|&j| (policy == Overlap::First && !keep[j], results[j].day0_index))
                    .unwrap_or(i);
                format!("overlaps event {}", id(&results[other]))
            })
        })
        .collect();
    let excluded = results
        .iter()
        .zip(reasons)
        .filter_map(|(r, why)| why.map(|why| Exclusion::of(&events[r.event], why)))
        .collect();
    // In place: a million results are not copied into a second vector.
    let mut results = results;
    let mut at = 0;
    results.retain(|_| {
        at += 1;
        keep[at - 1]
    });
    (results, excluded)
}
