//! The scheduling of a study: events in batches on every thread, prices read a slice of
//! tickers at a time from a dataset, the overlap policy, exclusions and notes.

use rayon::prelude::*;

use crate::error::Result;
use crate::events::{Event, Exclusion};
use crate::study::{
    ArStore, EventResult, Inputs, Regressors, Settings, StudyResult, event::study_event,
    summary::summarise,
};
use crate::study::{event_time, overlap};

/// Runs the event study.
///
/// # Errors
/// Invalid settings, or a model whose inputs (market, factors) are missing.
pub fn run(events: &[Event], inputs: &Inputs<'_>, settings: &Settings) -> Result<StudyResult> {
    settings.validate()?;
    // Events that carry their own time or filing are studied in event time, as those
    // with filings or confounders given.
    let timed = |e: &Event| e.timing.announced.is_some() || e.timing.filing.is_some();
    let with_time;
    let settings = if !settings.event_time && events.iter().any(timed) {
        with_time = Settings {
            event_time: true,
            ..settings.clone()
        };
        &with_time
    } else {
        settings
    };
    let reg = Regressors::new(
        settings.model,
        inputs,
        settings.log_returns,
        settings.measure,
    )?;
    let cal = inputs.calendar;
    let jobs: Vec<(usize, Vec<(i64, i64)>)> = (0..events.len()).map(|i| (i, Vec::new())).collect();
    let (mut results, mut excluded, mut store) = study_all(events, &jobs, inputs, &reg, settings)?;
    if settings.clean_estimation {
        // Again, with the spans of the other studied events of each ticker kept out.
        let blocked = overlap::blocked(&results, settings);
        let jobs: Vec<_> = results.iter().map(|r| r.event).zip(blocked).collect();
        drop(store);
        let (r, x, st) = study_all(events, &jobs, inputs, &reg, settings)?;
        results = r;
        store = st;
        excluded.extend(x);
    }
    store.seal()?;
    crate::timing::mark("events studied");
    let (results, dropped, mut notes) = apply_overlaps(events, results, settings);
    excluded.extend(dropped);
    if settings.event_time {
        notes.extend(event_time_notes(events, &results, &excluded, settings));
    }
    crate::timing::mark("overlaps found");
    let (summary, caar) = summarise(events, &results, &store, settings, &mut notes)?;
    crate::timing::mark("summary and tests");
    Ok(StudyResult {
        settings: settings.clone(),
        results,
        excluded,
        summary,
        caar,
        notes,
        calendar_days: cal.days().to_vec(),
        estimation: store,
    })
}

/// The overlapping events of each result named in it, and the overlap policy applied:
/// the results kept, those dropped, and the note.
fn apply_overlaps(
    events: &[Event],
    mut results: Vec<EventResult>,
    settings: &Settings,
) -> (Vec<EventResult>, Vec<Exclusion>, Vec<String>) {
    let overlaps = overlap::overlapping(&results, settings);
    for (i, o) in overlaps.iter().enumerate() {
        let mut ids: Vec<String> = o
            .iter()
            .map(|&j| events[results[j].event].id.clone())
            .collect();
        ids.sort();
        results[i].overlaps = ids;
    }
    let n_overlapping = overlaps.iter().filter(|o| !o.is_empty()).count();
    let (results, dropped) = overlap::apply(settings.overlap, events, results, &overlaps);
    let mut notes = Vec::new();
    if n_overlapping > 0 {
        notes.push(overlap::note(
            settings.overlap,
            n_overlapping,
            dropped.len(),
        ));
    }
    (results, dropped, notes)
}

/// What `study.txt` says of event time: layoff filings, day 0 moved and why, confounders.
pub(crate) fn event_time_notes(
    events: &[Event],
    results: &[EventResult],
    excluded: &[Exclusion],
    s: &Settings,
) -> Vec<String> {
    use crate::study::event_time::Moved;
    let studied = results.len();
    let with_filing = results
        .iter()
        .filter(|r| events[r.event].timing.filing.is_some())
        .count();
    let count = |m: Moved| results.iter().filter(|r| r.moved == Some(m)).count();
    let (after_close, by_filing) = (count(Moved::AfterClose), count(Moved::Filing));
    let confounded = results.iter().filter(|r| !r.confounders.is_empty()).count();
    let dropped = excluded
        .iter()
        .filter(|x| x.reason.starts_with("confounded: "))
        .count();
    vec![
        format!(
            "event time: day 0 by --day0 {}; {with_filing} of {studied} studied events have a layoff filing; day 0 moved for {} events ({after_close} announced at or after the 16:00 close, {by_filing} by the layoff filing)",
            s.day0.name(),
            after_close + by_filing
        ),
        match s.confounded {
            event_time::Confounded::Flag => format!(
                "confounders: {confounded} of {studied} studied events have another announcement (earnings) in day 0 + {}: flagged in cars.csv (confounders), kept (--confounded flag)",
                s.confound_window
            ),
            event_time::Confounded::Drop => format!(
                "confounders: {dropped} events with another announcement (earnings) in day 0 + {} excluded (--confounded drop)",
                s.confound_window
            ),
        },
    ]
}

/// Bytes of calendar returns computed at once: the tickers of the events are studied in
/// slices of this many bytes of returns, whatever the size of the panel.
pub(crate) const SLICE_BYTES: u64 = 64 << 20;

/// Events studied at once within a slice: their estimation rows (2 KB an event) go to the
/// store's writer before the next batch is studied.
pub(crate) const BATCH_EVENTS: usize = 8192;

/// Studies `(event, blocked calendar ranges)` jobs a slice of tickers at a time (the
/// returns of a slice's tickers on the calendar are computed, used and dropped), with the
/// estimation-window abnormal returns put in a store. Results and exclusions come in job
/// order.
pub(crate) fn study_all(
    events: &[Event],
    jobs: &[(usize, Vec<(i64, i64)>)],
    inputs: &Inputs<'_>,
    reg: &Regressors,
    s: &Settings,
) -> Result<(Vec<EventResult>, Vec<Exclusion>, ArStore)> {
    let cal = inputs.calendar;
    let mut store = ArStore::new(s.estimation.len(), jobs.len())?;
    // Jobs by the position of their ticker's series (those without one last), then in job
    // order.
    let mut keyed: Vec<(usize, usize)> = jobs
        .iter()
        .enumerate()
        .map(|(j, (e, _))| {
            let pos = events[*e]
                .ticker
                .as_deref()
                .and_then(|t| inputs.prices.position(t));
            (pos.unwrap_or(usize::MAX), j)
        })
        .collect();
    keyed.sort_unstable();
    let mut positions: Vec<usize> = keyed.iter().map(|k| k.0).collect();
    positions.dedup();
    if positions.last() == Some(&usize::MAX) {
        // The jobs without prices are excluded last, without reading anything.
        positions.pop();
    }
    let slices = inputs.prices.slices(&positions, cal.len(), SLICE_BYTES);
    let mut outcomes: Vec<Option<std::result::Result<EventResult, Exclusion>>> =
        (0..jobs.len()).map(|_| None).collect();
    // A thread of its own appends each slice's estimation rows to the store while the next
    // slice is studied; the rows go in the order their slots are given here.
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Vec<f64>>>(0);
    let stored = std::thread::scope(|scope| -> Result<ArStore> {
        let writer = scope.spawn(move || -> Result<ArStore> {
            for rows in receive {
                for row in rows {
                    store.push(&row)?;
                }
            }
            Ok(store)
        });
        let batches = Batches {
            events,
            jobs,
            inputs,
            reg,
            s,
            outcomes: &mut outcomes,
            send: &send,
            next_slot: 0,
        };
        let studied = study_slices(batches, &keyed, &positions, slices);
        drop(send);
        let store = writer
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        studied?;
        store
    })?;
    let (results, excluded) = split_outcomes(outcomes);
    Ok((results, excluded, stored))
}

/// The slices of [`study_all`], then the jobs without a series, studied by `batches`. A
/// thread reads the next slice's series and makes their returns while a slice is studied.
pub(crate) fn study_slices(
    mut batches: Batches<'_, '_>,
    keyed: &[(usize, usize)],
    positions: &[usize],
    slices: Vec<std::ops::Range<usize>>,
) -> Result<()> {
    let (inputs, s) = (batches.inputs, batches.s);
    let cal = inputs.calendar;
    let mut at = 0;
    std::thread::scope(|scope| -> Result<()> {
        // One slice is read while another is studied (the receiver dropped on an early
        // return stops the reader).
        let (give, take) =
            std::sync::mpsc::sync_channel::<Result<(std::ops::Range<usize>, Vec<Vec<f64>>)>>(0);
        scope.spawn(move || {
            for slice in slices {
                let read = inputs.prices.load(&positions[slice.clone()]).map(|series| {
                    series
                        .par_iter()
                        .map(|ser| s.measure.values(cal, ser, s.log_returns))
                        .collect()
                });
                let failed = read.is_err();
                if give.send(read.map(|r| (slice, r))).is_err() || failed {
                    break;
                }
            }
        });
        for read in take {
            let (slice, returns) = read?;
            let wanted = &positions[slice.clone()];
            let last = positions[slice.end - 1];
            let end = at + keyed[at..].partition_point(|k| k.0 <= last);
            if !batches.study(&keyed[at..end], Some((wanted, &returns))) {
                return Ok(());
            }
            at = end;
        }
        // What is left has no series.
        batches.study(&keyed[at..], None);
        Ok(())
    })
}

/// Studies jobs a batch at a time, so that few estimation rows wait for the store's writer:
/// each job's outcome into `outcomes`, the estimation rows sent to the writer, their slots
/// counted from 0 in sending order.
pub(crate) struct Batches<'a, 'b> {
    pub(crate) events: &'a [Event],
    pub(crate) jobs: &'a [(usize, Vec<(i64, i64)>)],
    pub(crate) inputs: &'a Inputs<'b>,
    pub(crate) reg: &'a Regressors,
    pub(crate) s: &'a Settings,
    pub(crate) outcomes: &'a mut [Option<std::result::Result<EventResult, Exclusion>>],
    pub(crate) send: &'a std::sync::mpsc::SyncSender<Vec<Vec<f64>>>,
    pub(crate) next_slot: usize,
}

impl Batches<'_, '_> {
    /// Studies `(position, job)` pairs with the returns of the series at `wanted` positions
    /// (none: every job is excluded for want of prices). False when the writer stopped on
    /// an error (which it returns).
    pub(crate) fn study(
        &mut self,
        keyed: &[(usize, usize)],
        loaded: Option<(&[usize], &Vec<Vec<f64>>)>,
    ) -> bool {
        let (events, jobs, inputs, reg, s) =
            (self.events, self.jobs, self.inputs, self.reg, self.s);
        for batch in keyed.chunks(BATCH_EVENTS) {
            let done: Vec<(usize, Outcome)> = batch
                .par_iter()
                .map(|&(pos, j)| {
                    let (e, blocked) = &jobs[j];
                    let r = loaded.and_then(|(wanted, returns)| {
                        wanted
                            .binary_search(&pos)
                            .ok()
                            .map(|k| returns[k].as_slice())
                    });
                    (j, study_event(*e, &events[*e], inputs, r, reg, s, blocked))
                })
                .collect();
            let mut rows = Vec::with_capacity(done.len());
            for (j, o) in done {
                self.outcomes[j] = Some(match o {
                    Ok((mut r, est)) => {
                        r.est_slot = self.next_slot;
                        self.next_slot += 1;
                        rows.push(est);
                        Ok(r)
                    }
                    Err(x) => Err(x),
                });
            }
            if self.send.send(rows).is_err() {
                return false;
            }
        }
        true
    }
}

/// A studied event with its estimation-window abnormal returns, or why it was excluded.
pub(crate) type Outcome = std::result::Result<(EventResult, Vec<f64>), Exclusion>;

/// Studied events and exclusions, in event order. The results are collected into the
/// outcomes' own allocation (same size), not a second vector beside it.
pub(crate) fn split_outcomes(
    outcomes: Vec<Option<std::result::Result<EventResult, Exclusion>>>,
) -> (Vec<EventResult>, Vec<Exclusion>) {
    let mut excluded = Vec::new();
    let results = outcomes
        .into_iter()
        .filter_map(|o| match o? {
            Ok(r) => Some(r),
            Err(x) => {
                excluded.push(x);
                None
            }
        })
        .collect();
    (results, excluded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::Sample;

    /// Every event is either studied or excluded, once; the same on one thread as on
    /// every thread.
    #[test]
    fn every_event_is_studied_or_excluded_once_on_any_thread_count() {
        let sample = Sample::new(12, 3, 120, 11);
        let (events, inputs) = (&sample.sim.events, sample.inputs());
        let s = Settings::default();
        let all = run(events, &inputs, &s).unwrap();
        assert_eq!(all.results.len() + all.excluded.len(), events.len());
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| run(events, &inputs, &s).unwrap());
        assert_eq!(one.summary, all.summary);
        assert_eq!(one.caar, all.caar);
    }

    /// Events of one ticker a day apart overlap: each names the other, and `drop`
    /// excludes both with the reason.
    #[test]
    fn overlapping_events_name_each_other_and_drop_excludes_them() {
        let sample = Sample::new(12, 3, 1, 11);
        let mut events = sample.sim.events.clone();
        let mut twin = events[0].clone();
        twin.id = "twin".into();
        twin.date += 1;
        events.push(twin);
        let inputs = sample.inputs();
        let kept = run(&events, &inputs, &Settings::default()).unwrap();
        assert_eq!(kept.results.len(), 2, "{:?}", kept.excluded);
        assert_eq!(kept.results[0].overlaps, ["twin"]);
        let s = Settings {
            overlap: overlap::Overlap::Drop,
            ..Settings::default()
        };
        let dropped = run(&events, &inputs, &s).unwrap();
        assert!(dropped.results.is_empty());
        assert_eq!(dropped.excluded.len(), 2);
        assert!(
            dropped.notes.iter().any(|n| n.contains("overlap")),
            "{:?}",
            dropped.notes
        );
    }
}
