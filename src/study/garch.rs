//! The GARCH(1,1) market model (METHODS.md §12): `R_t = a + b Rm_t + e_t`,
//! `h_t = w + alpha e_{t-1}^2 + beta h_{t-1}`, fitted by Gaussian maximum likelihood on the
//! estimation window with the variance backcast held fixed, as the `arch` package does.
//!
//! The fit works on returns scaled by 100 (the scale `arch` is run at, where the variance
//! parameters are of order one) and maps the parameters back: `a` scales by 1/100, `w` and
//! `h` by 1/10^4, and the log-likelihood gains `L ln 100`.
//!
//! The optimiser is BFGS with an Armijo backtracking line search and the analytic gradient,
//! over unconstrained coordinates that keep the constraints by construction:
//! `w = exp(u_w)`, `(alpha, beta) = (exp(u_1), exp(u_2)) / (1 + exp(u_1) + exp(u_2))`, so
//! `w > 0`, `alpha, beta > 0` and `alpha + beta < 1` at every step. It climbs from
//! every point of `arch`'s grid of starting values (the best first, `arch`'s own start)
//! and keeps the highest likelihood. Everything is sequential arithmetic in a fixed order: the same inputs give
//! the same parameters on every machine and thread count.

/// Weight of the exponential backcast (RiskMetrics' 0.94).
const BACKCAST_DECAY: f64 = 0.94;
/// Most observations in the backcast.
const BACKCAST_DAYS: usize = 75;
/// Returns are fitted at this scale (percent).
const SCALE: f64 = 100.0;
/// Converged when every gradient coordinate of -logL (scaled returns, unconstrained
/// coordinates) is below this.
const GRADIENT_TOLERANCE: f64 = 1e-7;
/// A fit that stops (line search exhausted, or out of iterations) with a larger gradient
/// coordinate has failed to converge.
const STALLED_GRADIENT: f64 = 1e-3;
/// Iterations of one BFGS run.
const MAX_ITERATIONS: usize = 2000;
/// Variances multiplied together before one logarithm is taken of the product (the
/// logarithms are most of the likelihood's cost; 16 variances of returns in percent are far
/// from the range of a float).
const LOG_BATCH: usize = 16;
/// A fit whose persistence alpha + beta comes this close to 1 has reached the bound.
pub const PERSISTENCE_BOUND: f64 = 1.0 - 1e-6;

/// A fitted GARCH(1,1) market model, on the scale of the returns given.
#[derive(Debug, Clone, PartialEq)]
pub struct Garch {
    /// Intercept a.
    pub a: f64,
    /// Market beta b.
    pub b: f64,
    /// Constant of the variance, w.
    pub omega: f64,
    /// ARCH coefficient, alpha.
    pub alpha: f64,
    /// GARCH coefficient, beta.
    pub beta: f64,
    /// Gaussian log-likelihood at the parameters.
    pub loglik: f64,
    /// The backcast of the variance before the first day.
    pub backcast: f64,
    /// Conditional variances of the estimation days, h_1..h_L.
    pub h: Vec<f64>,
    /// Residuals of the estimation days, e_1..e_L.
    pub e: Vec<f64>,
}

impl Garch {
    /// Mean conditional variance over the estimation days.
    pub fn mean_h(&self) -> f64 {
        self.h.iter().sum::<f64>() / self.h.len() as f64
    }
}

/// What the study keeps of a fit: the variance parameters and the last estimation day's
/// residual and variance, from which the variances of later days are forecast.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Variance {
    /// w.
    pub omega: f64,
    /// alpha.
    pub alpha: f64,
    /// beta.
    pub beta: f64,
    /// Log-likelihood of the fit.
    pub loglik: f64,
    /// Residual e_L of the last estimation day.
    pub last_e: f64,
    /// Variance h_L of the last estimation day.
    pub last_h: f64,
    /// Relative day of the last estimation day.
    pub origin: i32,
}

impl Variance {
    /// The variance of a fit whose last estimation day is relative day `origin`.
    pub fn of(g: &Garch, origin: i32) -> Variance {
        Variance {
            omega: g.omega,
            alpha: g.alpha,
            beta: g.beta,
            loglik: g.loglik,
            last_e: g.e.last().copied().unwrap_or(f64::NAN),
            last_h: g.h.last().copied().unwrap_or(f64::NAN),
            origin,
        }
    }

    /// The variance h_t of relative day `rel` after the estimation window (§12), counted in
    /// trading days from the last estimation day.
    pub fn at(&self, rel: i32) -> f64 {
        let j = rel - self.origin;
        if j < 1 {
            return f64::NAN;
        }
        let mut v = self.omega + self.alpha * self.last_e * self.last_e + self.beta * self.last_h;
        for _ in 1..j {
            v = self.omega + (self.alpha + self.beta) * v;
        }
        v
    }
}

/// Why a fit failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Too few days, or a market return that does not vary.
    Degenerate,
    /// The optimiser stopped with the gradient still large.
    NoConvergence {
        /// The largest gradient coordinate left.
        gradient: f64,
    },
    /// The fit ends with alpha + beta at 1 (no stationary variance).
    Persistence {
        /// alpha + beta.
        sum: f64,
    },
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Degenerate => write!(
                f,
                "the GARCH fit has too few days or a market return that does not vary"
            ),
            Failure::NoConvergence { gradient } => write!(
                f,
                "the GARCH fit did not converge (gradient {gradient:.2e} left)"
            ),
            Failure::Persistence { sum } => write!(
                f,
                "the GARCH fit ends with alpha + beta = {sum:.6} (at least 1: no stationary variance)"
            ),
        }
    }
}

/// The backcast of `arch`: `sum_{j<tau} 0.94^j u_{j+1}^2 / sum_{j<tau} 0.94^j`,
/// `tau = min(75, L)`.
pub fn backcast(u: &[f64]) -> f64 {
    let tau = u.len().min(BACKCAST_DAYS);
    let (mut num, mut den, mut w) = (0.0, 0.0, 1.0);
    for v in &u[..tau] {
        num += w * v * v;
        den += w;
        w *= BACKCAST_DECAY;
    }
    num / den
}

/// The Gaussian log-likelihood of the GARCH(1,1) market model at `theta = [a, b, w,
/// alpha, beta]`, with its gradient in `grad` when given. `-inf` where a variance is not
/// positive.
pub fn loglik(theta: &[f64; 5], y: &[f64], x: &[f64], bc: f64, grad: Option<&mut [f64; 5]>) -> f64 {
    let [a, b, w, al, be] = *theta;
    let want = grad.is_some();
    let mut g = [0.0; 5];
    let mut ll = 0.0;
    let mut h = w + (al + be) * bc;
    let mut dh = [0.0, 0.0, 1.0, bc, bc];
    let (mut e_prev, mut x_prev, mut h_prev) = (0.0, 0.0, 0.0);
    let ln2pi = (2.0 * std::f64::consts::PI).ln();
    // The sum of ln h_t is taken as the logarithm of products of LOG_BATCH variances.
    let (mut product, mut in_product, mut ln_h) = (1.0f64, 0usize, 0.0f64);
    for (t, (&yt, &xt)) in y.iter().zip(x).enumerate() {
        if t > 0 {
            h = w + al * e_prev * e_prev + be * h_prev;
            if want {
                dh = [
                    -2.0 * al * e_prev + be * dh[0],
                    -2.0 * al * e_prev * x_prev + be * dh[1],
                    1.0 + be * dh[2],
                    e_prev * e_prev + be * dh[3],
                    h_prev + be * dh[4],
                ];
            }
        }
        if !(h > 0.0 && h.is_finite()) {
            return f64::NEG_INFINITY;
        }
        let e = yt - a - b * xt;
        ll -= 0.5 * (ln2pi + e * e / h);
        product *= h;
        in_product += 1;
        if in_product == LOG_BATCH {
            ln_h += product.ln();
            (product, in_product) = (1.0, 0);
        }
        if want {
            let dv = 1.0 / h - e * e / (h * h);
            let de = 2.0 * e / h;
            g[0] -= 0.5 * (dv * dh[0] - de);
            g[1] -= 0.5 * (dv * dh[1] - de * xt);
            for k in 2..5 {
                g[k] -= 0.5 * dv * dh[k];
            }
        }
        (e_prev, x_prev, h_prev) = (e, xt, h);
    }
    ll -= 0.5 * (ln_h + product.ln());
    if !ll.is_finite() {
        return f64::NEG_INFINITY;
    }
    if let Some(out) = grad {
        *out = g;
    }
    ll
}

/// Unconstrained coordinates to parameters.
fn to_theta(u: &[f64; 5]) -> [f64; 5] {
    let (e1, e2) = (u[3].exp(), u[4].exp());
    let d = 1.0 + e1 + e2;
    [u[0], u[1], u[2].exp(), e1 / d, e2 / d]
}

/// Parameters (w > 0, alpha, beta > 0, alpha + beta < 1) to unconstrained coordinates.
fn to_u(theta: &[f64; 5]) -> [f64; 5] {
    let rest = 1.0 - theta[3] - theta[4];
    [
        theta[0],
        theta[1],
        theta[2].ln(),
        (theta[3] / rest).ln(),
        (theta[4] / rest).ln(),
    ]
}

/// -logL and its gradient in unconstrained coordinates.
struct Objective<'a> {
    y: &'a [f64],
    x: &'a [f64],
    bc: f64,
}

impl Objective<'_> {
    fn value(&self, u: &[f64; 5], grad: Option<&mut [f64; 5]>) -> f64 {
        let th = to_theta(u);
        let Some(out) = grad else {
            return -loglik(&th, self.y, self.x, self.bc, None);
        };
        let mut g = [0.0; 5];
        let ll = loglik(&th, self.y, self.x, self.bc, Some(&mut g));
        let (al, be) = (th[3], th[4]);
        *out = [
            -g[0],
            -g[1],
            -g[2] * th[2],
            -(g[3] * al * (1.0 - al) - g[4] * al * be),
            -(-g[3] * al * be + g[4] * be * (1.0 - be)),
        ];
        -ll
    }
}

fn dot(a: &[f64; 5], b: &[f64; 5]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn max_abs(v: &[f64; 5]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// The Armijo backtracking line search along `p` from `u` (value `f`, slope `slope`):
/// the first step, halving from 1, that lowers the objective enough, with its value and
/// gradient.
fn line_search(
    obj: &Objective<'_>,
    u: &[f64; 5],
    p: &[f64; 5],
    f: f64,
    slope: f64,
) -> Option<([f64; 5], f64, [f64; 5])> {
    let mut step = 1.0;
    while step > 1e-20 {
        let mut cand = *u;
        for (c, pi) in cand.iter_mut().zip(p) {
            *c += step * pi;
        }
        let mut gc = [0.0; 5];
        let fc = obj.value(&cand, Some(&mut gc));
        if fc.is_finite() && fc <= f + 1e-4 * step * slope {
            return Some((cand, fc, gc));
        }
        step *= 0.5;
    }
    None
}

/// The BFGS update of the inverse Hessian from the step `s` and the change of gradient
/// `yv` (`sy` their product), scaled at the first update.
fn update_inverse(
    hinv: &mut [[f64; 5]; 5],
    (s, yv, sy): (&[f64; 5], &[f64; 5], f64),
    first: &mut bool,
) {
    if *first {
        let scale = sy / dot(yv, yv);
        for (i, row) in hinv.iter_mut().enumerate() {
            *row = [0.0; 5];
            row[i] = scale;
        }
        *first = false;
    }
    // H <- (I - rho s y') H (I - rho y s') + rho s s'
    let rho = 1.0 / sy;
    let hy: [f64; 5] = std::array::from_fn(|i| dot(&hinv[i], yv));
    let yhy = dot(yv, &hy);
    for i in 0..5 {
        for j in 0..5 {
            hinv[i][j] +=
                -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
        }
    }
}

/// One BFGS run from `u` of at most `iterations`: the end point, its -logL and its largest
/// gradient coordinate.
fn bfgs(obj: &Objective<'_>, mut u: [f64; 5], iterations: usize) -> ([f64; 5], f64, f64) {
    let mut g = [0.0; 5];
    let mut f = obj.value(&u, Some(&mut g));
    let mut hinv = [[0.0; 5]; 5];
    for (i, row) in hinv.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    let mut first = true;
    for _ in 0..iterations {
        if !f.is_finite() || max_abs(&g) < GRADIENT_TOLERANCE {
            break;
        }
        let mut p = [0.0; 5];
        for (pi, row) in p.iter_mut().zip(&hinv) {
            *pi = -dot(row, &g);
        }
        let mut slope = dot(&g, &p);
        if slope >= 0.0 {
            // Not a descent direction: start the inverse Hessian again.
            for (i, row) in hinv.iter_mut().enumerate() {
                *row = [0.0; 5];
                row[i] = 1.0;
            }
            first = true;
            p = g.map(|v| -v);
            slope = dot(&g, &p);
        }
        let next = line_search(obj, &u, &p, f, slope);
        let Some((un, fnew, gn)) = next else {
            break;
        };
        let s: [f64; 5] = std::array::from_fn(|i| un[i] - u[i]);
        let yv: [f64; 5] = std::array::from_fn(|i| gn[i] - g[i]);
        let sy = dot(&s, &yv);
        if sy > 1e-12 * dot(&s, &s).sqrt() * dot(&yv, &yv).sqrt() {
            update_inverse(&mut hinv, (&s, &yv, sy), &mut first);
        }
        let done = (f - fnew).abs() <= 1e-15 * f.abs().max(1.0);
        (u, f, g) = (un, fnew, gn);
        if done && max_abs(&g) < STALLED_GRADIENT {
            break;
        }
    }
    (u, f, max_abs(&g))
}

/// OLS of `y` on `[1, x]`: `(a, b)`, or none when `x` does not vary.
fn ols(y: &[f64], x: &[f64]) -> Option<(f64, f64)> {
    let n = y.len() as f64;
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let sxx: f64 = x.iter().map(|v| (v - mx) * (v - mx)).sum();
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    if sxx.is_nan() || sxx <= 0.0 {
        return None;
    }
    let b = sxy / sxx;
    Some((my - b * mx, b))
}

/// Starting values from `arch`'s grid for (w, alpha, beta): persistence alpha + beta of
/// 0.5, 0.7, 0.9, 0.98 and alpha of 0.01, 0.05, 0.1, 0.2, w giving the residuals' mean
/// square as the unconditional variance; best likelihood first (`arch`'s start; ties keep
/// the grid order). Real stocks' likelihoods have several peaks (one often at the bound
/// alpha + beta = 1), so the fit climbs from every point of the grid.
fn starts(y: &[f64], x: &[f64], a: f64, b: f64, u: &[f64], bc: f64) -> Vec<[f64; 5]> {
    let target = u.iter().map(|v| v * v).sum::<f64>() / u.len() as f64;
    let mut grid: Vec<(f64, [f64; 5])> = Vec::new();
    for alpha in [0.01, 0.05, 0.1, 0.2] {
        for agb in [0.5, 0.7, 0.9, 0.98] {
            let th = [a, b, (1.0 - agb) * target, alpha, agb - alpha];
            let ll = loglik(&th, y, x, bc, None);
            if ll.is_finite() {
                grid.push((ll, th));
            }
        }
    }
    // A stable sort keeps the grid order among equal likelihoods.
    grid.sort_by(|p, q| q.0.total_cmp(&p.0));
    grid.into_iter().map(|(_, th)| th).collect()
}

/// Fits the GARCH(1,1) market model to returns `y` on market returns `x` (the usable days
/// of the estimation window, in order).
///
/// # Errors
/// Too few days or a constant market return, no convergence, or persistence at 1.
pub fn fit(y: &[f64], x: &[f64]) -> Result<Garch, Failure> {
    let n = y.len();
    if n < 10 || x.len() != n {
        return Err(Failure::Degenerate);
    }
    let ys: Vec<f64> = y.iter().map(|v| v * SCALE).collect();
    let xs: Vec<f64> = x.iter().map(|v| v * SCALE).collect();
    let (a, b) = ols(&ys, &xs).ok_or(Failure::Degenerate)?;
    let u: Vec<f64> = ys.iter().zip(&xs).map(|(y, x)| y - a - b * x).collect();
    let bc = backcast(&u);
    if bc.is_nan() || bc <= 0.0 {
        return Err(Failure::Degenerate);
    }
    let obj = Objective { y: &ys, x: &xs, bc };
    let mut best: Option<([f64; 5], f64, f64)> = None;
    for th in starts(&ys, &xs, a, b, &u, bc) {
        let run = bfgs(&obj, to_u(&th), MAX_ITERATIONS);
        if best.as_ref().is_none_or(|b| run.1 < b.1) {
            best = Some(run);
        }
    }
    let (uend, _, gradient) = best.ok_or(Failure::Degenerate)?;
    if gradient.is_nan() || gradient >= STALLED_GRADIENT {
        return Err(Failure::NoConvergence { gradient });
    }
    let th = to_theta(&uend);
    if th[3] + th[4] >= PERSISTENCE_BOUND {
        return Err(Failure::Persistence { sum: th[3] + th[4] });
    }
    Ok(unscaled(&th, y, x, bc))
}

/// The fit on the scale of `y`: parameters and backcast mapped back, and the
/// log-likelihood, variances and residuals computed again on that scale.
fn unscaled(th: &[f64; 5], y: &[f64], x: &[f64], bc_scaled: f64) -> Garch {
    let s2 = SCALE * SCALE;
    let (a, b, omega, alpha, beta) = (th[0] / SCALE, th[1], th[2] / s2, th[3], th[4]);
    let u: Vec<f64> = y.iter().zip(x).map(|(y, x)| y - a - b * x).collect();
    let bc = bc_scaled / s2;
    let mut h = Vec::with_capacity(y.len());
    let mut prev: Option<(f64, f64)> = None;
    for &e in &u {
        let v = match prev {
            None => omega + (alpha + beta) * bc,
            Some((e0, h0)) => omega + alpha * e0 * e0 + beta * h0,
        };
        h.push(v);
        prev = Some((e, v));
    }
    let loglik = loglik(&[a, b, omega, alpha, beta], y, x, bc, None);
    Garch {
        a,
        b,
        omega,
        alpha,
        beta,
        loglik,
        backcast: bc,
        h,
        e: u,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tolerance::*;

    /// Absolute tolerance of values worked by hand in floating point.
    const BY_HAND: f64 = 1e-12;

    /// A deterministic pseudo-random standard normal stream (xorshift and Box-Muller).
    fn normals(seed: u64, n: usize) -> Vec<f64> {
        let mut s = seed;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|_| {
                let (u1, u2) = (next().max(1e-300), next());
                (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
            })
            .collect()
    }

    /// A GARCH(1,1) market-model path with known parameters.
    fn simulate(n: usize, th: [f64; 5], seed: u64) -> (Vec<f64>, Vec<f64>) {
        let z = normals(seed, 2 * n);
        let x: Vec<f64> = z[..n].iter().map(|v| 0.01 * v).collect();
        let [a, b, w, al, be] = th;
        let mut h = w / (1.0 - al - be);
        let mut e_prev = 0.0;
        let mut y = Vec::with_capacity(n);
        for t in 0..n {
            if t > 0 {
                h = w + al * e_prev * e_prev + be * h;
            }
            let e = h.sqrt() * z[n + t];
            y.push(a + b * x[t] + e);
            e_prev = e;
        }
        (y, x)
    }

    #[test]
    fn backcast_by_hand() {
        // u = 1, 2, 3: (1 + 0.94 * 4 + 0.94^2 * 9) / (1 + 0.94 + 0.94^2)
        let want = (1.0 + 0.94 * 4.0 + 0.8836 * 9.0) / (1.0 + 0.94 + 0.8836);
        assert!((backcast(&[1.0, 2.0, 3.0]) - want).abs() < BY_HAND);
        // Only the first 75 residuals count.
        let mut u = vec![1.0; 75];
        u.push(1000.0);
        assert!((backcast(&u) - 1.0).abs() < BY_HAND);
    }

    #[test]
    fn loglik_of_three_days_by_hand() {
        let (y, x) = ([0.5, -1.0, 2.0], [0.2, 0.1, -0.3]);
        let th = [0.1, 1.5, 0.2, 0.1, 0.8];
        let bc = 1.3;
        let e: Vec<f64> = (0..3).map(|t| y[t] - 0.1 - 1.5 * x[t]).collect();
        let h1 = 0.2 + 0.9 * 1.3;
        let h2 = 0.2 + 0.1 * e[0] * e[0] + 0.8 * h1;
        let h3 = 0.2 + 0.1 * e[1] * e[1] + 0.8 * h2;
        let l = |e: f64, h: f64| -0.5 * ((2.0 * std::f64::consts::PI).ln() + h.ln() + e * e / h);
        let want = l(e[0], h1) + l(e[1], h2) + l(e[2], h3);
        assert!((loglik(&th, &y, &x, bc, None) - want).abs() < BY_HAND);
        // A variance that is not positive has no likelihood.
        assert_eq!(
            loglik(&[0.1, 1.5, -5.0, 0.1, 0.8], &y, &x, bc, None),
            f64::NEG_INFINITY
        );
    }

    #[test]
    fn gradient_equals_central_differences() {
        let (y, x) = simulate(300, [0.0005, 1.1, 2e-5, 0.08, 0.85], 7);
        let (y, x): (Vec<f64>, Vec<f64>) = (
            y.iter().map(|v| v * 100.0).collect(),
            x.iter().map(|v| v * 100.0).collect(),
        );
        let th = [0.03, 1.0, 0.3, 0.1, 0.8];
        let mut g = [0.0; 5];
        loglik(&th, &y, &x, 2.0, Some(&mut g));
        for k in 0..5 {
            let step = 1e-6;
            let (mut up, mut down) = (th, th);
            up[k] += step;
            down[k] -= step;
            let num =
                (loglik(&up, &y, &x, 2.0, None) - loglik(&down, &y, &x, 2.0, None)) / (2.0 * step);
            assert!(
                (num - g[k]).abs() < 1e-5 * g[k].abs().max(1.0),
                "coordinate {k}: analytic {} numeric {num}",
                g[k]
            );
        }
    }

    #[test]
    fn recovers_the_parameters_of_a_long_simulated_path() {
        let truth = [0.0004, 1.2, 1e-5, 0.1, 0.85];
        let (y, x) = simulate(5000, truth, 42);
        let g = fit(&y, &x).unwrap();
        // With 5,000 days the estimates sit within a few standard errors of the truth.
        assert!((g.b - 1.2).abs() < 0.05, "b {}", g.b);
        assert!((g.alpha - 0.1).abs() < 0.03, "alpha {}", g.alpha);
        assert!((g.beta - 0.85).abs() < 0.04, "beta {}", g.beta);
        assert!((g.omega / 1e-5 - 1.0).abs() < 0.5, "omega {}", g.omega);
    }

    #[test]
    fn the_fit_is_a_maximum_and_beats_every_starting_value() {
        let (y, x) = simulate(240, [0.0, 0.9, 4e-5, 0.05, 0.9], 3);
        let g = fit(&y, &x).unwrap();
        let th = [g.a, g.b, g.omega, g.alpha, g.beta];
        let bc = g.backcast;
        // No small move along any coordinate (within the constraints) raises logL.
        for k in 0..5 {
            for sign in [-1.0, 1.0] {
                let mut t = th;
                t[k] += sign * 1e-4 * th[k].abs().max(1e-6);
                if t[3] >= 0.0 && t[4] >= 0.0 && t[3] + t[4] < 1.0 && t[2] > 0.0 {
                    assert!(
                        loglik(&t, &y, &x, bc, None) <= g.loglik + 1e-9,
                        "coordinate {k}"
                    );
                }
            }
        }
        // The log-likelihood reported is the definition's at the parameters reported.
        assert!((loglik(&th, &y, &x, bc, None) - g.loglik).abs() < BY_HAND);
        // It is at least the best of arch's starting grid, on the same scale.
        let ys: Vec<f64> = y.iter().map(|v| v * 100.0).collect();
        let xs: Vec<f64> = x.iter().map(|v| v * 100.0).collect();
        let (a, b) = ols(&ys, &xs).unwrap();
        let u: Vec<f64> = ys.iter().zip(&xs).map(|(y, x)| y - a - b * x).collect();
        let bcs = backcast(&u);
        let start = starts(&ys, &xs, a, b, &u, bcs)[0];
        let ll_start = loglik(&start, &ys, &xs, bcs, None) + 240.0 * 100f64.ln();
        assert!(g.loglik >= ll_start);
        // Scaling maps the backcast by 10^4 exactly.
        assert!((bcs / 1e4 - bc).abs() < ROUNDING * bc);
    }

    #[test]
    fn the_same_inputs_give_the_same_bits() {
        let (y, x) = simulate(240, [0.0, 1.0, 3e-5, 0.1, 0.8], 11);
        assert_eq!(fit(&y, &x).unwrap(), fit(&y, &x).unwrap());
    }

    #[test]
    fn forecasts_follow_the_recursion() {
        let g = Garch {
            a: 0.0,
            b: 1.0,
            omega: 0.1,
            alpha: 0.2,
            beta: 0.7,
            loglik: 0.0,
            backcast: 1.0,
            h: vec![1.0, 2.0],
            e: vec![0.5, -1.5],
        };
        let h1 = 0.1 + 0.2 * 2.25 + 0.7 * 2.0;
        let v = Variance::of(&g, -11);
        assert!((v.at(-10) - h1).abs() < BY_HAND);
        assert!((v.at(-8) - (0.1 + 0.9 * (0.1 + 0.9 * h1))).abs() < BY_HAND);
        // No forecast on or before the last estimation day.
        assert!(v.at(-11).is_nan());
        assert!((g.mean_h() - 1.5).abs() < BY_HAND);
    }

    #[test]
    fn constant_market_or_too_few_days_is_degenerate() {
        assert_eq!(fit(&[0.01; 50], &[0.0; 50]), Err(Failure::Degenerate));
        assert_eq!(fit(&[0.01; 5], &[0.02; 5]), Err(Failure::Degenerate));
    }
}
