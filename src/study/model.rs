//! Normal-return models (METHODS.md §4): market-adjusted, mean-adjusted, market model,
//! Fama-French 3, Carhart 4 and Fama-French 5, fitted by OLS on the estimation window,
//! with the forecast-error variances of single days and of cumulated windows.

use super::linalg::Square;

/// A model of normal returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Model {
    /// `E[R]` = Rm.
    MarketAdjusted,
    /// `E[R]` = mean of R over the estimation window.
    MeanAdjusted,
    /// `E[R]` = a + b Rm (OLS).
    #[default]
    Market,
    /// `E[R]` = RF + a + b1 MktRF + b2 SMB + b3 HML.
    Ff3,
    /// Fama-French 3 + momentum.
    Carhart,
    /// Fama-French 3 + RMW + CMA.
    Ff5,
    /// `E[R]` = a + b Rm with GARCH(1,1) errors, fitted by maximum likelihood (§12).
    Garch,
}

impl Model {
    /// Factor columns (Ken French names) beyond the intercept, for factor models.
    pub fn factors(self) -> &'static [&'static str] {
        match self {
            Model::Ff3 => &["MKT-RF", "SMB", "HML"],
            Model::Carhart => &["MKT-RF", "SMB", "HML", "MOM"],
            Model::Ff5 => &["MKT-RF", "SMB", "HML", "RMW", "CMA"],
            _ => &[],
        }
    }

    /// True for the factor models, which need RF and subtract it from R.
    pub fn is_factor(self) -> bool {
        !self.factors().is_empty()
    }

    /// Number of parameters estimated (k).
    pub fn k(self) -> usize {
        match self {
            Model::MarketAdjusted => 0,
            Model::MeanAdjusted => 1,
            Model::Market => 2,
            Model::Garch => 5,
            m => 1 + m.factors().len(),
        }
    }

    /// Names of the columns written to `cars.csv` after alpha and beta: the other slopes of
    /// a factor model, or the variance parameters of GARCH.
    pub fn extra_betas(self) -> Vec<String> {
        if self == Model::Garch {
            return ["omega", "arch", "garch"].map(String::from).to_vec();
        }
        self.factors()
            .iter()
            .skip(1)
            .map(|f| format!("b_{}", f.to_ascii_lowercase()))
            .collect()
    }
}

/// Most regressors of a model (Fama-French 5 with the intercept).
pub const MAX_K: usize = 6;

/// The inputs of one day: the stock return, RF (0 outside factor models) and the
/// regressors with a leading 1 (the market return alone for `market-adjusted`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Day {
    /// Stock return.
    pub r: f64,
    /// Risk-free rate (factor models), else 0.
    pub rf: f64,
    xs: [f64; MAX_K],
    k: usize,
}

impl Day {
    /// A day with regressors `x`: `[1, Rm]`, `[1, MktRF, SMB, HML, ...]`, `[1]`, or `[Rm]`
    /// for market-adjusted (at most [`MAX_K`]; extra values are dropped).
    pub fn new(r: f64, rf: f64, x: &[f64]) -> Self {
        let k = x.len().min(MAX_K);
        let mut xs = [0.0; MAX_K];
        xs[..k].copy_from_slice(&x[..k]);
        Day { r, rf, xs, k }
    }

    /// The regressors.
    pub fn x(&self) -> &[f64] {
        &self.xs[..self.k]
    }
}

/// A model fitted on an estimation window.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The model.
    pub model: Model,
    /// Parameters: `[a, b...]` (OLS models), `[mean]` (mean-adjusted), empty
    /// (market-adjusted).
    pub params: Vec<f64>,
    /// `(X'X)^-1` (empty for market-adjusted).
    pub xtx_inv: Option<Square>,
    /// Residual variance s^2.
    pub s2: f64,
    /// Days used (L).
    pub l: usize,
    /// Degrees of freedom of s^2 (d).
    pub d: usize,
    /// The variance process of the GARCH model (then `s2` is the mean of h_t over E).
    pub garch: Option<super::garch::Variance>,
}

impl Fit {
    /// Estimates the model on the usable estimation days; `None` when the regressors are
    /// collinear or there are not more days than parameters.
    pub fn estimate(model: Model, days: &[Day]) -> Option<Fit> {
        let l = days.len();
        if model == Model::MarketAdjusted {
            if l < 2 {
                return None;
            }
            let ar: Vec<f64> = days.iter().map(|d| d.r - d.x()[0]).collect();
            return Some(Fit {
                model,
                params: vec![],
                xtx_inv: None,
                s2: sample_var(&ar),
                l,
                d: l - 1,
                garch: None,
            });
        }
        let k = model.k();
        if l <= k.max(1) {
            return None;
        }
        let mut xtx = Square::zeros(k);
        let mut xty = vec![0.0; k];
        for d in days {
            xtx.add_outer(d.x());
            let y = d.r - d.rf;
            for (acc, xi) in xty.iter_mut().zip(d.x()) {
                *acc += xi * y;
            }
        }
        let inv = xtx.inverse()?;
        let params = inv.mul_vec(&xty);
        let ssr: f64 = days
            .iter()
            .map(|d| {
                let e = d.r - d.rf - dot(&params, d.x());
                e * e
            })
            .sum();
        let dof = if model == Model::MeanAdjusted {
            l - 1
        } else {
            l - k
        };
        Some(Fit {
            model,
            params,
            xtx_inv: Some(inv),
            s2: ssr / dof as f64,
            l,
            d: dof,
            garch: None,
        })
    }

    /// Expected return of a day.
    pub fn expected(&self, day: &Day) -> f64 {
        match self.model {
            Model::MarketAdjusted => day.x()[0],
            _ => day.rf + dot(&self.params, day.x()),
        }
    }

    /// Forecast-error variance of one day, `s^2 (1 + x' (X'X)^-1 x)` (`s^2` for
    /// market-adjusted).
    pub fn day_variance(&self, x: &[f64]) -> f64 {
        match &self.xtx_inv {
            Some(inv) => self.s2 * (1.0 + inv.quad(x)),
            None => self.s2,
        }
    }

    /// Variance of a CAR over T days with regressors `xs`:
    /// `s^2 (T + 1' X_W (X'X)^-1 X_W' 1)` (`s^2 T` for market-adjusted).
    pub fn car_variance(&self, xs: &[&[f64]]) -> f64 {
        let t = xs.len() as f64;
        match &self.xtx_inv {
            Some(inv) => {
                let mut sum = vec![0.0; inv.k];
                for x in xs {
                    for (s, v) in sum.iter_mut().zip(x.iter()) {
                        *s += v;
                    }
                }
                self.s2 * (t + inv.quad(&sum))
            }
            None => self.s2 * t,
        }
    }

    /// The values of [`Model::extra_betas`]: the factor slopes after the market's, or
    /// GARCH's omega, alpha (`arch`) and beta (`garch`).
    pub fn extra_values(&self) -> Vec<f64> {
        match &self.garch {
            Some(g) => vec![g.omega, g.alpha, g.beta],
            // A rival portfolio under GARCH has no variance process of its own.
            None if self.model == Model::Garch => vec![f64::NAN; 3],
            None if self.model.is_factor() => self.params.iter().skip(2).copied().collect(),
            None => Vec::new(),
        }
    }

    /// Alpha as written to `cars.csv` (0 for market-adjusted, the mean for mean-adjusted).
    pub fn alpha(&self) -> f64 {
        self.params.first().copied().unwrap_or(0.0)
    }

    /// Market (or Mkt-RF) beta: 1 for market-adjusted, none for mean-adjusted.
    pub fn beta(&self) -> Option<f64> {
        match self.model {
            Model::MarketAdjusted => Some(1.0),
            Model::MeanAdjusted => None,
            _ => self.params.get(1).copied(),
        }
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Sample variance with n - 1.
pub fn sample_var(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tolerance::*;

    fn day(r: f64, rm: f64) -> Day {
        Day::new(r, 0.0, &[1.0, rm])
    }

    /// A closed-form fixture: R = 0.001 + 1.5 Rm + e with e = +-0.002 alternating against
    /// Rm = (-0.02, -0.01, 0, 0.01, 0.02), residuals chosen orthogonal to 1 and Rm.
    #[test]
    fn market_model_by_hand() {
        let rm = [-0.02, -0.01, 0.0, 0.01, 0.02];
        // Residuals orthogonal to [1,1,1,1,1] and rm: (1, -2, 0, 2, -1) * 0.001.
        let e = [0.001, -0.002, 0.0, 0.002, -0.001];
        let days: Vec<Day> = rm
            .iter()
            .zip(e)
            .map(|(&m, e)| day(0.001 + 1.5 * m + e, m))
            .collect();
        let f = Fit::estimate(Model::Market, &days).unwrap();
        assert!((f.params[0] - 0.001).abs() < EXACT);
        assert!((f.params[1] - 1.5).abs() < ROUNDING);
        // s^2 = sum e^2 / (L - 2) = (1 + 4 + 0 + 4 + 1) e-6 / 3.
        assert!((f.s2 - 10e-6 / 3.0).abs() < VARIANCE);
        assert_eq!((f.l, f.d), (5, 3));
        // X'X = [[5, 0], [0, 0.001]]: S_t^2 at Rm = 0.01 is s^2 (1 + 1/5 + 0.01^2 / 0.001).
        let v = f.day_variance(&[1.0, 0.01]);
        assert!((v - f.s2 * (1.0 + 0.2 + 0.1)).abs() < VARIANCE);
        // CAR over two days with Rm = 0.01 and 0.02: s^2 (2 + [2, 0.03] M [2, 0.03]').
        let car = f.car_variance(&[&[1.0, 0.01], &[1.0, 0.02]]);
        assert!((car - f.s2 * (2.0 + 4.0 / 5.0 + 0.0009 / 0.001)).abs() < VARIANCE);
    }

    #[test]
    fn mean_adjusted_by_hand() {
        let days: Vec<Day> = [0.01, 0.03, -0.01, 0.01]
            .iter()
            .map(|&r| Day::new(r, 0.0, &[1.0]))
            .collect();
        let f = Fit::estimate(Model::MeanAdjusted, &days).unwrap();
        assert!((f.alpha() - 0.01).abs() < EXACT);
        // Deviations 0, .02, -.02, 0: s^2 = 0.0008 / 3.
        assert!((f.s2 - 0.0008 / 3.0).abs() < VARIANCE);
        assert_eq!(f.beta(), None);
        // S_t^2 = s^2 (1 + 1/L); CAR over 3 days: s^2 (3 + 9/4).
        assert!((f.day_variance(&[1.0]) - f.s2 * 1.25).abs() < VARIANCE);
        let car = f.car_variance(&[&[1.0], &[1.0], &[1.0]]);
        assert!((car - f.s2 * (3.0 + 9.0 / 4.0)).abs() < VARIANCE);
    }

    #[test]
    fn market_adjusted_by_hand() {
        let days: Vec<Day> = [(0.02, 0.01), (0.0, 0.01), (0.01, 0.0)]
            .iter()
            .map(|&(r, m)| Day::new(r, 0.0, &[m]))
            .collect();
        let f = Fit::estimate(Model::MarketAdjusted, &days).unwrap();
        // AR = 0.01, -0.01, 0.01: mean 1/300, variance ((2/300)^2 * 2 + (4/300)^2) / 2.
        let want = ((2.0f64 / 300.0).powi(2) * 2.0 + (4.0f64 / 300.0).powi(2)) / 2.0;
        assert!((f.s2 - want).abs() < VARIANCE);
        assert_eq!((f.alpha(), f.beta()), (0.0, Some(1.0)));
        assert!((f.car_variance(&[&[0.0], &[0.0]]) - 2.0 * want).abs() < VARIANCE);
        assert!((f.expected(&Day::new(0.0, 0.0, &[0.03])) - 0.03).abs() < VARIANCE);
    }

    #[test]
    fn carhart_and_ff5_recover_exact_loadings() {
        // R - RF built exactly from known loadings on 12 days of made-up factors.
        let f = |i: usize, j: usize| {
            (((i * 7 + j * 13) % 11) as f64 - 5.0) / 1000.0 + (i as f64 * j as f64) / 1e5
        };
        for (model, n) in [(Model::Carhart, 4), (Model::Ff5, 5)] {
            let b = [0.0002, 1.1, 0.4, -0.2, 0.3, -0.15];
            let days: Vec<Day> = (0..12)
                .map(|i| {
                    let mut x = vec![1.0];
                    x.extend((0..n).map(|j| f(i, j)));
                    let y: f64 = x.iter().zip(&b).map(|(a, c)| a * c).sum();
                    Day::new(0.0001 + y, 0.0001, &x)
                })
                .collect();
            let fit = Fit::estimate(model, &days).unwrap();
            for (p, w) in fit.params.iter().zip(&b[..=n]) {
                assert!((p - w).abs() < SOLVER, "{model:?}: {p} vs {w}");
            }
            assert_eq!(fit.d, 12 - (n + 1));
            assert_eq!(fit.beta(), Some(fit.params[1]));
        }
    }

    #[test]
    fn ff3_subtracts_rf() {
        // R - RF = 0.0005 + 1.0 MktRF + 0.5 SMB - 0.3 HML exactly (no noise) on 6 days.
        let f = [
            [0.01, 0.002, -0.001],
            [-0.02, 0.001, 0.003],
            [0.005, -0.004, 0.002],
            [0.0, 0.003, -0.002],
            [0.015, -0.001, 0.0],
            [-0.01, 0.0, 0.001],
        ];
        let days: Vec<Day> = f
            .iter()
            .map(|v| {
                let rf = 0.0002;
                let r = rf + 0.0005 + v[0] + 0.5 * v[1] - 0.3 * v[2];
                Day::new(r, rf, &[1.0, v[0], v[1], v[2]])
            })
            .collect();
        let fit = Fit::estimate(Model::Ff3, &days).unwrap();
        for (p, w) in fit.params.iter().zip([0.0005, 1.0, 0.5, -0.3]) {
            assert!((p - w).abs() < SOLVER, "{p} vs {w}");
        }
        assert!(fit.s2 < 1e-25);
        assert_eq!(fit.d, 2);
        assert_eq!(Model::Ff3.extra_betas(), ["b_smb", "b_hml"]);
    }
}
