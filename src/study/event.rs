//! One event's study: day 0 on the calendar, the estimation days, the fit of the model
//! of normal returns (or of log volume, or GARCH), and the paths of returns, expected and
//! abnormal returns over the windows.

use crate::calendar::Calendar;
use crate::date;
use crate::error::{Error, Result};
use crate::events::{Event, Exclusion};
use crate::study::{
    EventResult, Fit, Inputs, Measure, Model, Settings, Window, WindowStat, event_time, garch,
    model, schedule::Outcome, window,
};

/// Per-day inputs of the model on the calendar.
pub(crate) struct Regressors {
    pub(crate) model: Model,
    pub(crate) market: Option<Vec<f64>>,
    pub(crate) factors: Vec<Vec<f64>>,
    pub(crate) rf: Option<Vec<f64>>,
}

impl Regressors {
    pub(crate) fn new(
        model: Model,
        inputs: &Inputs<'_>,
        log: bool,
        measure: Measure,
    ) -> Result<Self> {
        let cal = inputs.calendar;
        let market = inputs.market.map(|m| measure.values(cal, m, log));
        if let (Measure::Volume, Model::Market, Some(m), Some(v)) =
            (measure, model, inputs.market, &market)
            && v.iter().all(|x| x.is_nan())
        {
            return Err(Error::Usage(format!(
                "--measure volume with the market model needs the market's volume: {} ({}) has \
                 no volume column; give a --market file with volumes or --model mean-adjusted",
                m.ticker,
                m.source.display()
            )));
        }
        if matches!(model, Model::Market | Model::MarketAdjusted | Model::Garch) && market.is_none()
        {
            return Err(Error::Usage(format!(
                "the {} model needs a market series: give --market",
                model.name()
            )));
        }
        let (factors, rf) = if model.is_factor() {
            let f = inputs.factors.ok_or_else(|| {
                Error::Usage(format!(
                    "the {} model needs --factors (Ken French daily files)",
                    model.name()
                ))
            })?;
            let col = |name: &str| {
                f.on_days(name, cal.days()).ok_or_else(|| {
                    Error::Usage(format!(
                        "the {} model needs the {name} factor; the --factors files have {}",
                        model.name(),
                        f.names().join(", ")
                    ))
                })
            };
            let cols = model
                .factors()
                .iter()
                .map(|n| col(n))
                .collect::<Result<Vec<_>>>()?;
            (cols, Some(col("RF")?))
        } else {
            (Vec::new(), None)
        };
        Ok(Regressors {
            model,
            market,
            factors,
            rf,
        })
    }

    /// The model inputs of calendar day `c` for stock return `r`; `None` when unusable.
    pub(crate) fn day(&self, c: usize, r: f64) -> Option<model::Day> {
        if !r.is_finite() {
            return None;
        }
        let rm = self.market.as_ref().map(|m| m[c]);
        if rm.is_some_and(|v| !v.is_finite()) {
            return None;
        }
        Some(match self.model {
            Model::MarketAdjusted => model::Day::new(r, 0.0, &[rm?]),
            Model::MeanAdjusted => model::Day::new(r, 0.0, &[1.0]),
            Model::Market | Model::Garch => model::Day::new(r, 0.0, &[1.0, rm?]),
            _ => {
                let mut x = [1.0; model::MAX_K];
                for (slot, f) in x[1..].iter_mut().zip(&self.factors) {
                    let v = f[c];
                    if !v.is_finite() {
                        return None;
                    }
                    *slot = v;
                }
                let rf = self.rf.as_ref()?[c];
                if !rf.is_finite() {
                    return None;
                }
                model::Day::new(r, rf, &x[..1 + self.factors.len()])
            }
        })
    }
}

/// One event's study; `blocked` calendar ranges are not usable estimation days.
pub(crate) fn study_event(
    index: usize,
    e: &Event,
    inputs: &Inputs<'_>,
    returns: Option<&[f64]>,
    reg: &Regressors,
    s: &Settings,
    blocked: &[(i64, i64)],
) -> Outcome {
    let cal = inputs.calendar;
    let ticker = e.ticker.as_deref().ok_or_else(|| Exclusion::no_ticker(e))?;
    let r = returns.ok_or_else(|| Exclusion::of(e, format!("no prices for ticker {ticker}")))?;
    if s.measure == Measure::Volume && r.iter().all(|v| v.is_nan()) {
        return Err(Exclusion::of(
            e,
            format!("no volume in the prices of ticker {ticker}"),
        ));
    }
    let (d0, day0_source, moved) = event_time::day0(cal, e, s.day0, s.non_trading)
        .map_err(|why| Exclusion::of(e, why.to_string()))?;
    let confounders = event_time::confounders(cal, &e.timing, d0, s.confound_window);
    if s.confounded == event_time::Confounded::Drop
        && let Some(first) = confounders.first()
    {
        return Err(Exclusion::of(e, format!("confounded: {first}")));
    }
    let at = At { cal, d0, r };
    let (est_at, est_days) = at.estimation_days(reg, s, blocked);
    let (fit, est_h) = fit_model(e, s, &est_at, &est_days)?;
    let mut paths = at.paths(reg, s, &fit, &est_at, &est_days);
    if s.measure == Measure::Volatility {
        paths.replace_with_beaver_u(s, &fit, &est_at, &est_h);
    }
    let windows = s
        .windows
        .iter()
        .map(|w| at.window_stat(e, *w, s, &fit, &paths))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let (share_positive, runup) = paths.estimation_figures(s, &est_at);
    let (ret, expected, span_ar, ar) = paths.split(s);
    Ok((
        EventResult {
            event: index,
            ticker: ticker.to_string(),
            day0: cal.days()[d0],
            day0_index: d0,
            share_positive,
            runup,
            fit,
            ret,
            expected,
            ar: span_ar,
            windows,
            overlaps: Vec::new(),
            day0_source,
            moved,
            confounders,
            est_slot: 0,
        },
        ar,
    ))
}

/// The model fitted on the usable estimation days, with GARCH's conditional variances
/// (empty for the other models); too few days or collinear regressors exclude the event.
fn fit_model(
    e: &Event,
    s: &Settings,
    est_at: &[i32],
    est_days: &[model::Day],
) -> std::result::Result<(Fit, Vec<f64>), Exclusion> {
    if est_days.len() < s.min_estimation {
        return Err(Exclusion::of(
            e,
            format!(
                "only {} of {} required estimation days usable in window {}",
                est_days.len(),
                s.min_estimation,
                s.estimation
            ),
        ));
    }
    if s.model == Model::Garch {
        return garch_fit(est_at, est_days).map_err(|why| Exclusion::of(e, why.to_string()));
    }
    let f = Fit::estimate(s.model, est_days)
        .ok_or_else(|| Exclusion::of(e, "the estimation regressors are collinear"))?;
    Ok((f, Vec::new()))
}

impl Paths {
    /// The share of usable estimation days above the measure's benchmark (AR > 0, or
    /// U > 1 for volatility), and the run-up: the compound return over the estimation
    /// window's days with an AR.
    fn estimation_figures(&self, s: &Settings, est_at: &[i32]) -> (f64, f64) {
        let benchmark = if s.measure == Measure::Volatility {
            1.0
        } else {
            0.0
        };
        let positive = est_at
            .iter()
            .filter(|&&rel| self.ar[(rel - s.estimation.start) as usize] > benchmark)
            .count();
        let runup = (0..s.estimation.len())
            .filter(|&i| self.ar[i].is_finite())
            .fold(1.0, |g, i| g * (1.0 + self.ret[i]))
            - 1.0;
        (positive as f64 / est_at.len() as f64, runup)
    }

    /// The span's returns, expected returns and ARs, kept with the result, and the
    /// estimation window's ARs, which go to the store.
    fn split(self, s: &Settings) -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
        let from = (s.span().start - s.estimation.start) as usize;
        let Paths {
            ret,
            expected,
            mut ar,
            ..
        } = self;
        let span_ar = ar[from..].to_vec();
        ar.truncate(s.estimation.len());
        (ret[from..].to_vec(), expected[from..].to_vec(), span_ar, ar)
    }
}

/// The GARCH(1,1) market model fitted on the usable estimation days (relative days `at`).
/// With the fit come the conditional variances h_t of the estimation days.
pub(crate) fn garch_fit(
    at: &[i32],
    days: &[model::Day],
) -> std::result::Result<(Fit, Vec<f64>), garch::Failure> {
    let y: Vec<f64> = days.iter().map(|d| d.r).collect();
    let x: Vec<f64> = days.iter().map(|d| d.x()[1]).collect();
    let g = garch::fit(&y, &x)?;
    let fit = Fit {
        model: Model::Garch,
        params: vec![g.a, g.b],
        xtx_inv: None,
        s2: g.mean_h(),
        l: days.len(),
        d: days.len() - Model::Garch.k(),
        garch: Some(garch::Variance::of(&g, at.last().copied().unwrap_or(0))),
    };
    Ok((fit, g.h))
}

/// An event located on the calendar: day 0's index and the stock's returns there.
pub(crate) struct At<'a> {
    pub(crate) cal: &'a Calendar,
    pub(crate) d0: usize,
    pub(crate) r: &'a [f64],
}

/// Returns, expected returns and abnormal returns from the estimation start to the span
/// end, and the model inputs of the span's days.
pub(crate) struct Paths {
    pub(crate) ret: Vec<f64>,
    pub(crate) expected: Vec<f64>,
    pub(crate) ar: Vec<f64>,
    pub(crate) span_days: Vec<Option<model::Day>>,
}

impl Paths {
    /// Beaver's U in place of each abnormal return (§11): `AR_t^2 / s^2`, with the GARCH
    /// model's h_t in place of s^2 (`est_h` on the usable estimation days `est_at`, the
    /// forecasts after them).
    pub(crate) fn replace_with_beaver_u(
        &mut self,
        s: &Settings,
        fit: &Fit,
        est_at: &[i32],
        est_h: &[f64],
    ) {
        let est_len = s.estimation.len();
        for (i, ar) in self.ar.iter_mut().enumerate() {
            if !ar.is_finite() {
                continue;
            }
            let v = match &fit.garch {
                None => fit.s2,
                Some(_) if i < est_len => {
                    let rel = s.estimation.start + i as i32;
                    est_at.binary_search(&rel).map_or(f64::NAN, |k| est_h[k])
                }
                Some(g) => g.at(s.estimation.start + i as i32),
            };
            *ar = *ar * *ar / v;
        }
    }
}

impl At<'_> {
    /// The calendar index of a relative day, when the calendar has it.
    #[inline]
    pub(crate) fn index(&self, rel: i32) -> Option<usize> {
        let c = self.d0 as i64 + rel as i64;
        (c >= 0 && (c as usize) < self.cal.len()).then_some(c as usize)
    }

    /// The usable days of the estimation window: relative days and model inputs.
    #[inline]
    pub(crate) fn estimation_days(
        &self,
        reg: &Regressors,
        s: &Settings,
        blocked: &[(i64, i64)],
    ) -> (Vec<i32>, Vec<model::Day>) {
        let mut est_days = Vec::with_capacity(s.estimation.len());
        let mut est_at = Vec::with_capacity(s.estimation.len());
        for rel in s.estimation.days() {
            if let Some(c) = self.index(rel)
                && !blocked.iter().any(|&(a, b)| (a..=b).contains(&(c as i64)))
                && let Some(day) = reg.day(c, self.r[c])
            {
                est_at.push(rel);
                est_days.push(day);
            }
        }
        (est_at, est_days)
    }

    /// Every day from the estimation start to the span end.
    #[inline]
    pub(crate) fn paths(
        &self,
        reg: &Regressors,
        s: &Settings,
        fit: &Fit,
        est_at: &[i32],
        est_days: &[model::Day],
    ) -> Paths {
        let span = s.span();
        let n = (span.end - s.estimation.start + 1) as usize;
        let mut p = Paths {
            ret: vec![f64::NAN; n],
            expected: vec![f64::NAN; n],
            ar: vec![f64::NAN; n],
            span_days: vec![None; span.len()],
        };
        for (rel, day) in est_at.iter().zip(est_days) {
            let i = (rel - s.estimation.start) as usize;
            let ex = fit.expected(day);
            p.ret[i] = day.r;
            p.expected[i] = ex;
            p.ar[i] = day.r - ex;
        }
        for rel in span.days() {
            let i = (rel - s.estimation.start) as usize;
            if let Some(c) = self.index(rel) {
                p.ret[i] = self.r[c];
                if let Some(day) = reg.day(c, self.r[c]) {
                    let ex = fit.expected(&day);
                    p.expected[i] = ex;
                    p.ar[i] = day.r - ex;
                    p.span_days[(rel - span.start) as usize] = Some(day);
                }
            }
        }
        p
    }

    /// CAR, SCAR and BHAR over one window, or why the window cannot be measured.
    #[inline]
    pub(crate) fn window_stat(
        &self,
        e: &Event,
        w: Window,
        s: &Settings,
        fit: &Fit,
        p: &Paths,
    ) -> std::result::Result<WindowStat, Exclusion> {
        let span = s.span();
        let mut car = 0.0;
        let mut gross = 1.0;
        let mut gross_expected = 1.0;
        let mut wx: Vec<&[f64]> = Vec::with_capacity(w.len());
        for rel in w.days() {
            let i = (rel - s.estimation.start) as usize;
            let Some(c) = self.index(rel) else {
                let side = if rel < 0 {
                    "starts before the beginning"
                } else {
                    "runs past the end"
                };
                return Err(Exclusion::of(
                    e,
                    format!(
                        "window {w} {side} of the data (day {})",
                        window::signed(rel)
                    ),
                ));
            };
            let Some(day) = &p.span_days[(rel - span.start) as usize] else {
                return Err(Exclusion::of(
                    e,
                    format!(
                        "missing {} on day {} ({}) inside window {w}",
                        s.measure.noun(),
                        window::signed(rel),
                        date::format(self.cal.days()[c])
                    ),
                ));
            };
            car += p.ar[i];
            gross *= 1.0 + p.ret[i];
            gross_expected *= 1.0 + p.expected[i];
            wx.push(day.x());
        }
        if s.measure == Measure::Volatility {
            // `car` sums U over the window: avol = mean U - 1.
            return Ok(WindowStat {
                car: car / w.len() as f64 - 1.0,
                scar: f64::NAN,
                bhar: f64::NAN,
            });
        }
        let s_car = match &fit.garch {
            Some(g) => w.days().map(|rel| g.at(rel)).sum::<f64>(),
            None => fit.car_variance(&wx),
        }
        .sqrt();
        Ok(WindowStat {
            car,
            scar: car / s_car,
            // No buy-and-hold figure for log volume.
            bhar: if s.measure == Measure::Volume {
                f64::NAN
            } else {
                gross - gross_expected
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tolerance::*;

    /// The mean-adjusted model worked by hand: the abnormal return of a day is its return
    /// less the mean of the estimation window's returns, s^2 their sample variance.
    #[test]
    fn the_mean_adjusted_model_worked_by_hand() {
        let cal = Calendar::new((0..300).collect());
        // Returns 0.01 and -0.01 alternating, then +0.05 on day 0 (index 260).
        let mut r: Vec<f64> = (0..300)
            .map(|i| if i % 2 == 0 { 0.01 } else { -0.01 })
            .collect();
        r[260] = 0.05;
        let s = Settings {
            model: Model::MeanAdjusted,
            ..Settings::default()
        };
        let panel = crate::series::Panel::default();
        let inputs = Inputs {
            prices: (&panel).into(),
            market: None,
            calendar: &cal,
            factors: None,
        };
        let reg = Regressors::new(s.model, &inputs, false, s.measure).unwrap();
        let at = At {
            cal: &cal,
            d0: 260,
            r: &r,
        };
        let (est_at, days) = at.estimation_days(&reg, &s, &[]);
        assert_eq!(days.len(), 240);
        let (fit, _) = fit_model(
            &crate::events::on_date(260, vec!["X".into()])[0],
            &s,
            &est_at,
            &days,
        )
        .unwrap();
        // Days -250..-11 from index 260: indexes 10..249, 120 of each sign: mean 0.
        assert!(fit.alpha().abs() < EXACT);
        assert!((fit.s2 - 0.0001 * 240.0 / 239.0).abs() < VARIANCE);
        let paths = at.paths(&reg, &s, &fit, &est_at, &days);
        let day0 = (0 - s.estimation.start) as usize;
        assert!((paths.ar[day0] - 0.05).abs() < EXACT);
        let (share, _) = paths.estimation_figures(&s, &est_at);
        assert!((share - 0.5).abs() < EXACT);
    }

    /// Too few usable estimation days exclude the event, saying how many.
    #[test]
    fn too_few_estimation_days_exclude_the_event() {
        let e = &crate::events::on_date(0, vec!["X".into()])[0];
        let why = fit_model(e, &Settings::default(), &[], &[]).unwrap_err();
        assert!(why.reason.contains("only 0 of 100"), "{}", why.reason);
    }
}
