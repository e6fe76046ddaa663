//! The summary of a study: the groups, the tests across events for each window, the
//! correlation of events' abnormal returns within groups, and the CAAR rows.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::significance::{ArSpan, Stat};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::study::{
    ArStore, CaarRow, EventResult, Measure, Settings, SummaryRow, Window, significance,
};

/// The group of each result under `--group-by` (`(missing)` for events without a value).
pub(crate) fn groups(
    events: &[Event],
    results: &[EventResult],
    settings: &Settings,
) -> BTreeMap<String, Vec<usize>> {
    let mut g: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    if let Some(col) = &settings.group_by {
        for (i, r) in results.iter().enumerate() {
            let v = if col == "confounded" {
                if r.confounders.is_empty() {
                    "clean"
                } else {
                    "confounded"
                }
                .to_string()
            } else {
                events[r.event]
                    .group_value(col)
                    .unwrap_or_else(|| "(missing)".into())
            };
            g.entry(v).or_default().push(i);
        }
    }
    g
}

pub(crate) fn summarise(
    events: &[Event],
    results: &[EventResult],
    store: &ArStore,
    s: &Settings,
    notes: &mut Vec<String>,
) -> Result<(Vec<SummaryRow>, Vec<CaarRow>)> {
    let mut sets: Vec<(String, Vec<usize>)> = vec![("all".into(), (0..results.len()).collect())];
    sets.extend(groups(events, results, s));
    let mut summary = Vec::new();
    let mut caar = Vec::new();
    for (name, members) in &sets {
        if members.is_empty() {
            continue;
        }
        let rs: Vec<&EventResult> = members.iter().map(|&i| &results[i]).collect();
        let (rows, days) = rayon::join(
            || window_rows(name, &rs, store, s, notes),
            || caar_rows(name, &rs, s),
        );
        summary.extend(rows?);
        caar.extend(days);
    }
    Ok((summary, caar))
}

/// The Kolari-Pynnönen mean correlation of a group's estimation-window abnormal returns,
/// with a note when it comes from sampled pairs.
pub(crate) fn group_correlation(
    name: &str,
    rs: &[&EventResult],
    store: &ArStore,
    s: &Settings,
    notes: &mut Vec<String>,
) -> Result<f64> {
    let est_len = s.estimation.len();
    // Calendar days before the data start are dropped from the front.
    let skip = |r: &EventResult| {
        ((-(r.day0_index as i64 + s.estimation.start as i64)).max(0) as usize).min(est_len)
    };
    let spans: Vec<ArSpan> = rs
        .iter()
        .map(|r| ArSpan {
            first: (r.day0_index as i64 + s.estimation.start as i64).max(0) as usize,
            len: est_len - skip(r),
        })
        .collect();
    let load = |i: usize, out: &mut Vec<f64>| {
        out.resize(est_len, 0.0);
        store.read(rs[i].est_slot, out)?;
        out.drain(..skip(rs[i]));
        Ok::<(), Error>(())
    };
    let corr = significance::mean_correlation_loaded(&spans, s.seed, load)?;
    if corr.sampled {
        notes.push(format!(
            "group {name}: the Kolari-Pynnönen correlation r = {:.4} is the mean over {} of {} pairs sharing at least {} estimation dates, from {} pairs drawn uniformly (seed {})",
            corr.r,
            corr.pairs_used,
            corr.pairs_examined,
            significance::MIN_SHARED,
            significance::MAX_PAIRS,
            s.seed
        ));
    }
    Ok(corr.r)
}

/// The rank test's statistics of every window, over each event's abnormal returns from
/// the estimation start to the span end: the estimation window's from the store, the
/// span's from the result, NaN between.
fn ranks(rs: &[&EventResult], store: &ArStore, s: &Settings) -> Result<Vec<Stat>> {
    let est_len = s.estimation.len();
    let span = s.span();
    let from = (span.start - s.estimation.start) as usize;
    let path_len = (span.end - s.estimation.start + 1) as usize;
    let load = |i: usize, out: &mut [f64]| {
        store.read(rs[i].est_slot, &mut out[..est_len])?;
        out[est_len..from].fill(f64::NAN);
        out[from..].copy_from_slice(&rs[i].ar);
        Ok::<(), Error>(())
    };
    let windows: Vec<(i32, i32)> = s.windows.iter().map(|w| (w.start, w.end)).collect();
    significance::rank_test_loaded(rs.len(), s.estimation.start, path_len, load, &windows)
}

/// What the tests of a group's windows share.
struct Tests<'a> {
    name: &'a str,
    r_mean: f64,
    p_pos: f64,
    dofs: &'a [usize],
    unit_variance: bool,
    volatility: bool,
}

impl Tests<'_> {
    /// The summary row of window `wi`: the CAAR and every test.
    fn row(&self, rs: &[&EventResult], wi: usize, w: Window, rank: Stat) -> SummaryRow {
        let cars: Vec<f64> = rs.iter().map(|r| r.windows[wi].car).collect();
        let scars: Vec<f64> = rs.iter().map(|r| r.windows[wi].scar).collect();
        let n = cars.len();
        let m = significance::mean(&cars);
        let half = significance::t_quantile_975(n as f64 - 1.0) * significance::sd(&cars)
            / (n as f64).sqrt();
        let bmp = if self.volatility {
            Stat::NAN
        } else {
            significance::bmp(&scars)
        };
        SummaryRow {
            group: self.name.to_string(),
            window: w,
            n,
            caar: m,
            median_car: significance::median(&cars),
            share_negative: cars.iter().filter(|&&c| c < 0.0).count() as f64 / n as f64,
            share_positive: cars.iter().filter(|&&c| c > 0.0).count() as f64 / n as f64,
            t_cs: significance::t_cs(&cars),
            patell: if self.volatility {
                Stat::NAN
            } else if self.unit_variance {
                significance::patell_unit(&scars)
            } else {
                significance::patell(&scars, self.dofs)
            },
            bmp,
            kp: if self.volatility {
                Stat::NAN
            } else {
                significance::kolari_pynnonen(bmp.value, self.r_mean, n)
            },
            gen_sign: significance::generalized_sign(&cars, self.p_pos),
            rank,
            wilcoxon: significance::wilcoxon(&cars),
            ci: (m - half, m + half),
        }
    }
}

/// One summary row per event window for a group: the CAAR and every test.
pub(crate) fn window_rows(
    name: &str,
    rs: &[&EventResult],
    store: &ArStore,
    s: &Settings,
    notes: &mut Vec<String>,
) -> Result<Vec<SummaryRow>> {
    // Patell, BMP and Kolari-Pynnönen are not defined for volatility (§11).
    let volatility = s.measure == Measure::Volatility;
    let r_mean = if volatility {
        f64::NAN
    } else {
        group_correlation(name, rs, store, s, notes)?
    };
    crate::timing::mark("Kolari-Pynnönen correlation");
    if !volatility && significance::kp_adjustment(r_mean, rs.len()).is_none() {
        notes.push(format!(
            "group {name}: the Kolari-Pynnönen adjustment sqrt((1 - r) / (1 + (n - 1) r)) is \
             undefined for r = {r_mean:.6} and n = {} (1 + (n - 1) r is not positive); \
             kp_bmp_t and p_kp are empty",
            rs.len()
        ));
    }
    let ranks = ranks(rs, store, s)?;
    crate::timing::mark("rank test");
    let p_pos = significance::mean(&rs.iter().map(|r| r.share_positive).collect::<Vec<_>>());
    let dofs: Vec<usize> = rs.iter().map(|r| r.fit.d).collect();
    // GARCH's SCARs have unit variance; a rival portfolio's s^2 has d degrees of freedom.
    let unit_variance = rs.iter().all(|r| r.fit.garch.is_some());
    // The windows' statistics (sorts of a million CARs for the median and Wilcoxon) side
    // by side.
    Ok(s.windows
        .par_iter()
        .enumerate()
        .map(|(wi, w)| {
            let tests = Tests {
                name,
                r_mean,
                p_pos,
                dofs: &dofs,
                unit_variance,
                volatility,
            };
            tests.row(rs, wi, *w, ranks[wi])
        })
        .collect())
}

/// A group's CAAR over the chart window, with its 95 % interval: the rows of
/// `caar.csv` for the events `rs`, named `name`.
pub fn caar_rows(name: &str, rs: &[&EventResult], s: &Settings) -> Vec<CaarRow> {
    if s.measure == Measure::Volatility {
        return mean_u_rows(name, rs, s);
    }
    let mut out = Vec::with_capacity(s.chart.len());
    let mut running: Vec<Option<f64>> = vec![Some(0.0); rs.len()];
    let mut cum = 0.0;
    for rel in s.chart.days() {
        let idx = (rel - s.span().start) as usize;
        let day = day_values(rs, idx);
        let aar = if day.is_empty() {
            f64::NAN
        } else {
            significance::mean(&day)
        };
        if aar.is_finite() {
            cum += aar;
        }
        for (acc, r) in running.iter_mut().zip(rs) {
            let v = r.ar[idx];
            *acc = acc.and_then(|a| v.is_finite().then_some(a + v));
        }
        let complete: Vec<f64> = running.iter().flatten().copied().collect();
        let k = complete.len() as f64;
        let half = significance::t_quantile_975(k - 1.0) * significance::sd(&complete) / k.sqrt();
        out.push(CaarRow {
            group: name.to_string(),
            rel_day: rel,
            n: day.len(),
            aar,
            caar: cum,
            ci: (cum - half, cum + half),
        });
    }
    out
}

/// The events' values (AR, AV or U) at position `idx` of the span, where present.
pub(crate) fn day_values(rs: &[&EventResult], idx: usize) -> Vec<f64> {
    rs.iter()
        .map(|r| r.ar[idx])
        .filter(|v| v.is_finite())
        .collect()
}

/// A group's mean U over the chart window (§11), each day with the 95 % interval of that
/// day's mean, `mean -+ t(0.975, n-1) sd(U_i) / sqrt(n)`: the rows of `caar.csv` for
/// volatility (`aar` and `caar` both hold the mean U: there is no cumulative figure).
pub(crate) fn mean_u_rows(name: &str, rs: &[&EventResult], s: &Settings) -> Vec<CaarRow> {
    s.chart
        .days()
        .map(|rel| {
            let day = day_values(rs, (rel - s.span().start) as usize);
            let k = day.len() as f64;
            let m = if day.is_empty() {
                f64::NAN
            } else {
                significance::mean(&day)
            };
            let half = significance::t_quantile_975(k - 1.0) * significance::sd(&day) / k.sqrt();
            CaarRow {
                group: name.to_string(),
                rel_day: rel,
                n: day.len(),
                aar: m,
                caar: m,
                ci: (m - half, m + half),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::Sample;
    use crate::study::run;
    use crate::tolerance::*;

    /// The pooled CAAR of each window is the mean of the events' CARs, its interval the
    /// mean plus or minus t(0.975, n - 1) sd / sqrt(n), and the CAAR chart's last day the
    /// mean of the CARs over the chart window.
    #[test]
    fn the_caar_is_the_mean_car_with_its_t_interval() {
        let sample = Sample::new(15, 3, 80, 4);
        let s = Settings::default();
        let r = run(&sample.sim.events, &sample.inputs(), &s).unwrap();
        let n = r.results.len() as f64;
        for (wi, w) in s.windows.iter().enumerate() {
            let cars: Vec<f64> = r.results.iter().map(|e| e.windows[wi].car).collect();
            let mean = cars.iter().sum::<f64>() / n;
            let sd = (cars.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
            let row = r
                .summary
                .iter()
                .find(|x| x.group == "all" && x.window == *w)
                .unwrap();
            assert!((row.caar - mean).abs() < ROUNDING);
            let half = significance::t_quantile_975(n - 1.0) * sd / n.sqrt();
            assert!((row.ci.1 - (mean + half)).abs() < ROUNDING);
        }
        // The chart's running CAAR on its last day: each event's ARs over -10:10 summed,
        // then averaged (every simulated event has every day).
        let last = r.caar.iter().rfind(|c| c.group == "all").unwrap();
        let sum: f64 = r
            .results
            .iter()
            .map(|e| e.ar[e.at(&s, -10)..=e.at(&s, 10)].iter().sum::<f64>())
            .sum();
        assert!(
            (last.caar - sum / n).abs() < ROUNDING,
            "{} vs {}",
            last.caar,
            sum / n
        );
    }
}
