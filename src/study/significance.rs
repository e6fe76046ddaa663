//! Tests of the mean abnormal return across N events (METHODS.md §5): cross-sectional t,
//! Patell, Boehmer-Musumeci-Poulsen, Kolari-Pynnönen, Cowan's generalised sign,
//! Corrado-Cowan rank and Wilcoxon signed-rank. All p-values are two-sided.

use rand::{RngExt, SeedableRng, rngs::StdRng};
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// A statistic and its two-sided p-value (NaN when undefined, e.g. N < 2).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stat {
    /// The statistic.
    pub value: f64,
    /// Two-sided p-value.
    pub p: f64,
}

impl Stat {
    /// No statistic (the test is undefined here).
    pub const NAN: Stat = Stat {
        value: f64::NAN,
        p: f64::NAN,
    };

    fn normal(z: f64) -> Stat {
        if !z.is_finite() {
            return Stat::NAN;
        }
        let n = Normal::standard();
        Stat {
            value: z,
            p: 2.0 * n.sf(z.abs()),
        }
    }

    fn student(t: f64, df: f64) -> Stat {
        if !t.is_finite() || df < 1.0 {
            return Stat::NAN;
        }
        match StudentsT::new(0.0, 1.0, df) {
            Ok(d) => Stat {
                value: t,
                p: 2.0 * d.sf(t.abs()),
            },
            Err(_) => Stat::NAN,
        }
    }
}

/// Mean.
pub fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Sample standard deviation (N - 1).
pub fn sd(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return f64::NAN;
    }
    let m = mean(v);
    (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
}

/// Median (NaN when empty).
pub fn median(v: &[f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// The 97.5 % quantile of Student's t with `df` degrees of freedom.
pub fn t_quantile_975(df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df).map_or(f64::NAN, |d| d.inverse_cdf(0.975))
}

/// Cross-sectional t: mean(CAR) / (sd(CAR) / sqrt N), Student t with N - 1 df.
pub fn t_cs(cars: &[f64]) -> Stat {
    let n = cars.len() as f64;
    Stat::student(mean(cars) / (sd(cars) / n.sqrt()), n - 1.0)
}

/// Patell: sum SCAR / sqrt(sum d / (d - 2)), normal. Events with d <= 2 make it undefined.
pub fn patell(scars: &[f64], dofs: &[usize]) -> Stat {
    if dofs.iter().any(|&d| d <= 2) || scars.is_empty() {
        return Stat::NAN;
    }
    let var: f64 = dofs.iter().map(|&d| d as f64 / (d as f64 - 2.0)).sum();
    Stat::normal(scars.iter().sum::<f64>() / var.sqrt())
}

/// Patell's z for SCARs of unit variance (the GARCH model, §12): `sum SCAR_i / sqrt(N)`.
pub fn patell_unit(scars: &[f64]) -> Stat {
    if scars.is_empty() {
        return Stat::NAN;
    }
    Stat::normal(scars.iter().sum::<f64>() / (scars.len() as f64).sqrt())
}

/// Boehmer-Musumeci-Poulsen: mean(SCAR) / (sd(SCAR) / sqrt N), Student t with N - 1 df.
pub fn bmp(scars: &[f64]) -> Stat {
    let n = scars.len() as f64;
    Stat::student(mean(scars) / (sd(scars) / n.sqrt()), n - 1.0)
}

/// The Kolari-Pynnönen factor `sqrt((1 - r) / (1 + (n - 1) r))` for the mean
/// cross-correlation r of n events; `None` where `1 + (n - 1) r` is not positive.
pub fn kp_adjustment(r: f64, n: usize) -> Option<f64> {
    let den = 1.0 + (n as f64 - 1.0) * r;
    (den > 0.0).then(|| ((1.0 - r) / den).sqrt())
}

/// Kolari-Pynnönen adjustment of the BMP t for the mean cross-correlation r (NaN where
/// [`kp_adjustment`] is undefined).
pub fn kolari_pynnonen(bmp_t: f64, r: f64, n: usize) -> Stat {
    match kp_adjustment(r, n) {
        Some(adj) => Stat::student(bmp_t * adj, n as f64 - 1.0),
        None => Stat::NAN,
    }
}

/// Cowan's generalised sign: (w - N p) / sqrt(N p (1 - p)), w = CARs above zero, p = the
/// mean share of positive estimation-window ARs.
pub fn generalized_sign(cars: &[f64], p: f64) -> Stat {
    let n = cars.len() as f64;
    let w = cars.iter().filter(|&&c| c > 0.0).count() as f64;
    Stat::normal((w - n * p) / (n * p * (1.0 - p)).sqrt())
}

/// Average ranks (1-based) of values, ties sharing the mean of their ranks.
pub fn average_ranks(v: &[f64]) -> Vec<f64> {
    // Values in total order with their positions (the order within a run of equal values
    // does not change an average rank).
    let mut sorted: Vec<(i64, usize)> = v
        .iter()
        .enumerate()
        .map(|(i, x)| (total_order_key(*x), i))
        .collect();
    sorted.sort_unstable();
    let mut ranks = vec![0.0; v.len()];
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && v[sorted[j + 1].1] == v[sorted[i].1] {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for &(_, k) in &sorted[i..=j] {
            ranks[k] = r;
        }
        i = j + 1;
    }
    ranks
}

/// An integer that sorts as [`f64::total_cmp`] sorts the value.
fn total_order_key(x: f64) -> i64 {
    let b = x.to_bits() as i64;
    b ^ (((b >> 63) as u64) >> 1) as i64
}

/// Wilcoxon signed-rank on CARs: zeros dropped, average ranks of |CAR| for ties, normal
/// approximation with the tie correction and no continuity correction.
pub fn wilcoxon(cars: &[f64]) -> Stat {
    let nz: Vec<f64> = cars.iter().copied().filter(|&c| c != 0.0).collect();
    let n = nz.len() as f64;
    if nz.is_empty() {
        return Stat::NAN;
    }
    let abs: Vec<f64> = nz.iter().map(|c| c.abs()).collect();
    let ranks = average_ranks(&abs);
    let w_plus: f64 = nz
        .iter()
        .zip(&ranks)
        .filter(|(c, _)| **c > 0.0)
        .map(|(_, r)| r)
        .sum();
    let mut sorted = abs.clone();
    sorted.sort_by(f64::total_cmp);
    let mut ties = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1] == sorted[i] {
            j += 1;
        }
        let t = (j - i + 1) as f64;
        ties += t * t * t - t;
        i = j + 1;
    }
    let mu = n * (n + 1.0) / 4.0;
    let var = n * (n + 1.0) * (2.0 * n + 1.0) / 24.0 - ties / 48.0;
    Stat::normal((w_plus - mu) / var.sqrt())
}

/// One event's abnormal returns for the rank test: `ar[t - first_rel]` for relative days of
/// D (NaN where absent).
#[derive(Debug, Clone)]
pub struct RankSeries<'a> {
    /// Relative day of `ar[0]`.
    pub first_rel: i32,
    /// Abnormal returns over D.
    pub ar: &'a [f64],
}

/// The Corrado-Cowan rank statistic for each window: `K_t` is the mean over events of
/// `U_it = rank_it / (M_i + 1) - 0.5`, `S_K = sqrt(mean over D of K_t^2)`,
/// `z = sum over W of K_t / (sqrt(T) S_K)`.
pub fn rank_test(events: &[RankSeries<'_>], windows: &[(i32, i32)]) -> Vec<Stat> {
    let Some(lo) = events.iter().map(|e| e.first_rel).min() else {
        return vec![Stat::NAN; windows.len()];
    };
    let hi = events
        .iter()
        .map(|e| e.first_rel + e.ar.len() as i32 - 1)
        .max()
        .unwrap_or(lo);
    let mut sums = RankSums::new(lo, (hi - lo + 1) as usize);
    for e in events {
        sums.add(e.first_rel, &rank_scores(e.ar));
    }
    sums.stats(windows)
}

/// [`rank_test`] over `n` events whose abnormal returns all cover relative days
/// `first_rel .. first_rel + len`, each read by `load(i, buffer)` when needed: the scores
/// are computed in parallel, a batch of events at a time, and added in event order (the
/// same sums as [`rank_test`], on any number of threads).
///
/// # Errors
/// The first error of `load`.
pub fn rank_test_loaded<E: Send>(
    n: usize,
    first_rel: i32,
    len: usize,
    load: impl Fn(usize, &mut [f64]) -> std::result::Result<(), E> + Sync,
    windows: &[(i32, i32)],
) -> std::result::Result<Vec<Stat>, E> {
    use rayon::prelude::*;
    if n == 0 || len == 0 {
        return Ok(vec![Stat::NAN; windows.len()]);
    }
    let mut sums = RankSums::new(first_rel, len);
    let batch = 16_384;
    // One row of scores per event of a batch (NaN where absent), reused batch after batch.
    let mut scores = vec![f64::NAN; batch.min(n) * len];
    for start in (0..n).step_by(batch) {
        let rows = (start + batch).min(n) - start;
        scores[..rows * len]
            .par_chunks_mut(len)
            .enumerate()
            .try_for_each_init(
                || (vec![f64::NAN; len], Vec::with_capacity(len)),
                |(buf, sorted), (k, row)| {
                    load(start + k, buf)?;
                    rank_scores_into(buf, row, sorted);
                    Ok(())
                },
            )?;
        for row in scores[..rows * len].chunks_exact(len) {
            sums.add_row(row);
        }
    }
    Ok(sums.stats(windows))
}

/// [`rank_scores`] written into `out` (same length as `ar`, NaN where a value is absent),
/// with `sorted` as scratch: the same numbers without making vectors.
fn rank_scores_into(ar: &[f64], out: &mut [f64], sorted: &mut Vec<u64>) {
    out.fill(f64::NAN);
    // Each value's key in unsigned total order with its lowest bits replaced by its
    // index: one 64-bit sort, then a pass of exact comparisons puts back in order the
    // values that differ only in those bits (a few parts in 10^11 at most).
    let bits = usize::BITS - ar.len().saturating_sub(1).leading_zeros();
    let mask = (1u64 << bits) - 1;
    let key = |v: f64| total_order_key(v) as u64 ^ (1 << 63);
    sorted.clear();
    sorted.extend(
        ar.iter()
            .enumerate()
            .filter(|(_, v)| v.is_finite())
            .map(|(i, &v)| (key(v) & !mask) | i as u64),
    );
    sorted.sort_unstable();
    let at = |p: u64| (p & mask) as usize;
    for i in 1..sorted.len() {
        let mut j = i;
        while j > 0 && key(ar[at(sorted[j - 1])]) > key(ar[at(sorted[j])]) {
            sorted.swap(j - 1, j);
            j -= 1;
        }
    }
    let m = sorted.len() as f64;
    let mut i = 0;
    while i < sorted.len() {
        let v = ar[at(sorted[i])];
        let mut j = i;
        while j + 1 < sorted.len() && ar[at(sorted[j + 1])] == v {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for &p in &sorted[i..=j] {
            out[at(p)] = r / (m + 1.0) - 0.5;
        }
        i = j + 1;
    }
}

/// One event's rank scores `U_t = rank_t / (M + 1) - 0.5` at the indices of its present
/// abnormal returns.
fn rank_scores(ar: &[f64]) -> Vec<(u32, f64)> {
    let present: Vec<(usize, f64)> = ar
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .collect();
    let vals: Vec<f64> = present.iter().map(|p| p.1).collect();
    let ranks = average_ranks(&vals);
    let m = vals.len() as f64;
    present
        .iter()
        .zip(ranks)
        .map(|((i, _), r)| (*i as u32, r / (m + 1.0) - 0.5))
        .collect()
}

/// The sums of rank scores per relative day, and the statistics drawn from them.
struct RankSums {
    lo: i32,
    sum: Vec<f64>,
    cnt: Vec<usize>,
}

impl RankSums {
    fn new(lo: i32, len: usize) -> Self {
        RankSums {
            lo,
            sum: vec![0.0; len],
            cnt: vec![0; len],
        }
    }

    /// Adds one event's scores, its index 0 being relative day `first_rel`.
    fn add(&mut self, first_rel: i32, scores: &[(u32, f64)]) {
        let off = (first_rel - self.lo) as usize;
        for &(i, u) in scores {
            let t = off + i as usize;
            self.sum[t] += u;
            self.cnt[t] += 1;
        }
    }

    /// Adds one event's row of scores over every day (NaN where absent).
    fn add_row(&mut self, row: &[f64]) {
        for ((sum, cnt), &u) in self.sum.iter_mut().zip(&mut self.cnt).zip(row) {
            if !u.is_nan() {
                *sum += u;
                *cnt += 1;
            }
        }
    }

    fn stats(&self, windows: &[(i32, i32)]) -> Vec<Stat> {
        let (lo, len) = (self.lo, self.sum.len());
        let k: Vec<f64> = self
            .sum
            .iter()
            .zip(&self.cnt)
            .map(|(s, &c)| if c > 0 { s / c as f64 } else { f64::NAN })
            .collect();
        let ks: Vec<f64> = k.iter().copied().filter(|v| v.is_finite()).collect();
        let s_k = (ks.iter().map(|v| v * v).sum::<f64>() / ks.len() as f64).sqrt();
        windows
            .iter()
            .map(|&(a, b)| {
                let t = (b - a + 1) as f64;
                let mut s = 0.0;
                for rel in a..=b {
                    let i = rel - lo;
                    if i < 0 || i as usize >= len || !k[i as usize].is_finite() {
                        return Stat::NAN;
                    }
                    s += k[i as usize];
                }
                Stat::normal(s / (t.sqrt() * s_k))
            })
            .collect()
    }
}

/// One event's estimation-window abnormal returns on calendar indices
/// `first..first + ar.len()` (NaN on unusable days).
#[derive(Debug, Clone)]
pub struct EstimationAr<'a> {
    /// Calendar index of `ar[0]`.
    pub first: usize,
    /// Abnormal returns.
    pub ar: &'a [f64],
}

/// The mean cross-correlation for the Kolari-Pynnönen test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanCorrelation {
    /// Mean Pearson correlation (0 when no pair shares enough dates).
    pub r: f64,
    /// Pairs that shared at least `min_shared` dates.
    pub pairs_used: usize,
    /// Pairs examined.
    pub pairs_examined: usize,
    /// True when the pairs were a uniform sample.
    pub sampled: bool,
}

/// Pairs examined at most before sampling.
pub const MAX_PAIRS: usize = 2_000_000;
/// Dates two events must share for their correlation to count.
pub const MIN_SHARED: usize = 30;

fn pair_corr(a: &EstimationAr<'_>, b: &EstimationAr<'_>) -> Option<f64> {
    let lo = a.first.max(b.first);
    let hi = (a.first + a.ar.len()).min(b.first + b.ar.len());
    if hi <= lo || hi - lo < MIN_SHARED {
        return None;
    }
    let (mut n, mut sx, mut sy, mut sxx, mut syy, mut sxy) = (0usize, 0.0, 0.0, 0.0, 0.0, 0.0);
    for c in lo..hi {
        let (x, y) = (a.ar[c - a.first], b.ar[c - b.first]);
        if x.is_finite() && y.is_finite() {
            n += 1;
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
        }
    }
    if n < MIN_SHARED {
        return None;
    }
    let nf = n as f64;
    let cov = sxy - sx * sy / nf;
    let vx = sxx - sx * sx / nf;
    let vy = syy - sy * sy / nf;
    let r = cov / (vx * vy).sqrt();
    r.is_finite().then_some(r)
}

/// Mean Pearson correlation of estimation-window ARs over all event pairs sharing at least
/// [`MIN_SHARED`] dates; above [`MAX_PAIRS`] pairs, over that many pairs drawn uniformly
/// with a fixed seed.
pub fn mean_correlation(events: &[EstimationAr<'_>], seed: u64) -> MeanCorrelation {
    let spans: Vec<ArSpan> = events
        .iter()
        .map(|e| ArSpan {
            first: e.first,
            len: e.ar.len(),
        })
        .collect();
    let load = |i: usize, out: &mut Vec<f64>| {
        out.clear();
        out.extend_from_slice(events[i].ar);
        Ok::<(), std::convert::Infallible>(())
    };
    match mean_correlation_loaded(&spans, seed, load) {
        Ok(m) => m,
        Err(never) => match never {},
    }
}

/// Where one event's estimation-window abnormal returns lie on the calendar: indices
/// `first .. first + len`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArSpan {
    /// Calendar index of the first value.
    pub first: usize,
    /// Number of values.
    pub len: usize,
}

/// The sum and count of the correlations of [`MAX_PAIRS`] sampled pairs of events whose
/// dates overlap enough, loading only those pairs' abnormal returns.
fn sampled_sums<E: Send>(
    spans: &[ArSpan],
    seed: u64,
    load: &(impl Fn(usize, &mut Vec<f64>) -> std::result::Result<(), E> + Sync),
) -> std::result::Result<(f64, usize), E> {
    use rayon::prelude::*;
    let n = spans.len();
    let mut rng = StdRng::seed_from_u64(seed);
    let pairs: Vec<(usize, usize)> = (0..MAX_PAIRS)
        .map(|_| {
            loop {
                let i = rng.random_range(0..n);
                let j = rng.random_range(0..n);
                if i != j {
                    break (i, j);
                }
            }
        })
        .collect();
    // Sums of fixed chunks, added in order: the same result on any number of threads.
    let sums = pairs
        .par_chunks(4096)
        .map(|chunk| {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let mut acc = (0.0, 0usize);
            for &(i, j) in chunk {
                if !shared_enough(spans[i], spans[j]) {
                    continue;
                }
                load(i, &mut a)?;
                load(j, &mut b)?;
                let ea = EstimationAr {
                    first: spans[i].first,
                    ar: &a,
                };
                let eb = EstimationAr {
                    first: spans[j].first,
                    ar: &b,
                };
                if let Some(r) = pair_corr(&ea, &eb) {
                    acc = (acc.0 + r, acc.1 + 1);
                }
            }
            Ok(acc)
        })
        .collect::<std::result::Result<Vec<_>, E>>()?;
    let (s, u) = sums
        .into_iter()
        .fold((0.0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    Ok((s, u))
}

/// The sum and count of the correlations of every pair of events.
fn all_pair_sums<E: Send>(
    spans: &[ArSpan],
    load: &(impl Fn(usize, &mut Vec<f64>) -> std::result::Result<(), E> + Sync),
) -> std::result::Result<(f64, usize), E> {
    use rayon::prelude::*;
    let n = spans.len();
    let mut ars = Vec::with_capacity(n);
    for i in 0..n {
        let mut v = Vec::new();
        load(i, &mut v)?;
        ars.push(v);
    }
    let events: Vec<EstimationAr<'_>> = spans
        .iter()
        .zip(&ars)
        .map(|(s, ar)| EstimationAr { first: s.first, ar })
        .collect();
    // One sum per event, added in order: the same result on any number of threads.
    let (s, u) = (0..n)
        .into_par_iter()
        .map(|i| {
            let mut s = 0.0;
            let mut u = 0usize;
            for j in i + 1..n {
                if let Some(r) = pair_corr(&events[i], &events[j]) {
                    s += r;
                    u += 1;
                }
            }
            (s, u)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .fold((0.0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    Ok((s, u))
}

/// [`mean_correlation`] over events whose abnormal returns are read by `load(i, buffer)`
/// only when needed: all of them (a few thousand events at most) when every pair is
/// examined, and for sampled pairs only the two events of a pair whose dates overlap by
/// [`MIN_SHARED`] days or more. The result is the same as [`mean_correlation`]'s.
///
/// # Errors
/// The first error of `load`.
pub fn mean_correlation_loaded<E: Send>(
    spans: &[ArSpan],
    seed: u64,
    load: impl Fn(usize, &mut Vec<f64>) -> std::result::Result<(), E> + Sync,
) -> std::result::Result<MeanCorrelation, E> {
    let n = spans.len();
    let total = n.saturating_sub(1) as u128 * n as u128 / 2;
    let sampled = total > MAX_PAIRS as u128;
    let (sum, used, examined) = if sampled {
        let (s, u) = sampled_sums(spans, seed, &load)?;
        (s, u, MAX_PAIRS)
    } else {
        let (s, u) = all_pair_sums(spans, &load)?;
        (s, u, total as usize)
    };
    Ok(MeanCorrelation {
        r: if used > 0 { sum / used as f64 } else { 0.0 },
        pairs_used: used,
        pairs_examined: examined,
        sampled,
    })
}

/// True when two events' dates overlap by at least [`MIN_SHARED`] days (the first test
/// of [`pair_corr`], made before any value is read).
fn shared_enough(a: ArSpan, b: ArSpan) -> bool {
    let lo = a.first.max(b.first);
    let hi = (a.first + a.len).min(b.first + b.len);
    hi > lo && hi - lo >= MIN_SHARED
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tolerance::*;

    #[test]
    fn t_cs_by_hand() {
        // CARs 0.01, 0.03, -0.01, 0.05: mean 0.02, sd sqrt(((1+1+9+9)e-4)/3) = sqrt(20e-4/3).
        let cars = [0.01, 0.03, -0.01, 0.05];
        let s = t_cs(&cars);
        let want = 0.02 / ((20e-4f64 / 3.0).sqrt() / 2.0);
        assert!((s.value - want).abs() < ROUNDING);
        // t = 1.549 with 3 df: two-sided p = 0.2191 (t tables).
        assert!((s.value - 1.549_193).abs() < PRINTED);
        assert!((s.p - 0.2191).abs() < PRINTED_P, "{}", s.p);
    }

    #[test]
    fn patell_by_hand() {
        // SCARs 1, 2, -0.5 with d = 10 each: 2.5 / sqrt(3 * 10/8).
        let s = patell(&[1.0, 2.0, -0.5], &[10, 10, 10]);
        assert!((s.value - 2.5 / (3.75f64).sqrt()).abs() < ROUNDING);
        // z = 1.291: two-sided normal p = 0.1967.
        assert!((s.p - 0.1967).abs() < PRINTED_P);
    }

    #[test]
    fn bmp_by_hand() {
        // SCARs 1, 2, -0.5, 0.7: mean 0.8, deviations 0.2, 1.2, -1.3, -0.1,
        // sd = sqrt((0.04 + 1.44 + 1.69 + 0.01) / 3) = sqrt(1.06).
        let s = bmp(&[1.0, 2.0, -0.5, 0.7]);
        assert!((s.value - 0.8 / ((1.06f64).sqrt() / 2.0)).abs() < ROUNDING);
    }

    #[test]
    fn kp_reduces_to_bmp_at_zero_correlation() {
        let b = bmp(&[1.0, 2.0, -0.5, 0.7]);
        assert_eq!(kolari_pynnonen(b.value, 0.0, 4).value, b.value);
        // r = 0.1, N = 4: factor sqrt(0.9 / 1.3).
        let k = kolari_pynnonen(b.value, 0.1, 4);
        assert!((k.value - b.value * (0.9f64 / 1.3).sqrt()).abs() < ROUNDING);
    }

    #[test]
    fn generalized_sign_by_hand() {
        // 3 of 4 positive, p = 0.5: (3 - 2) / sqrt(4 * 0.25) = 1.
        let s = generalized_sign(&[0.1, 0.2, -0.1, 0.3], 0.5);
        assert!((s.value - 1.0).abs() < ROUNDING);
    }

    #[test]
    fn ranks_with_ties() {
        assert_eq!(average_ranks(&[3.0, 1.0, 3.0, 2.0]), [3.5, 1.0, 3.5, 2.0]);
        // Against the definition: 1 + (values below) + (other equal values) / 2, with
        // repeats, -0 beside 0 and negatives.
        let v: Vec<f64> = (0..200)
            .map(|i| match i % 7 {
                0 => 0.0,
                1 => -0.0,
                _ => f64::from((i * 7919) % 23) - 11.0,
            })
            .collect();
        let want: Vec<f64> = v
            .iter()
            .map(|x| {
                let below = v.iter().filter(|y| *y < x).count() as f64;
                let equal = v.iter().filter(|y| *y == x).count() as f64;
                1.0 + below + (equal - 1.0) / 2.0
            })
            .collect();
        assert_eq!(average_ranks(&v), want);
    }

    #[test]
    fn wilcoxon_with_ties_and_zeros_by_hand() {
        // CARs: 0 (dropped), 1, -1, 2, 2, 3 -> |x| 1, 1, 2, 2, 3: ranks 1.5, 1.5, 3.5, 3.5, 5.
        // W+ = 1.5 + 3.5 + 3.5 + 5 = 13.5; n = 5: mu = 7.5,
        // var = 5*6*11/24 - ((8-2) + (8-2))/48 = 13.75 - 0.25 = 13.5.
        let s = wilcoxon(&[0.0, 1.0, -1.0, 2.0, 2.0, 3.0]);
        assert!((s.value - 6.0 / 13.5f64.sqrt()).abs() < ROUNDING);
    }

    #[test]
    fn rank_test_by_hand() {
        // Two events over D = days -2..0 (no gaps); window 0:0.
        // Event A ARs (-2,-1,0) = (0.1, 0.3, 0.2): ranks 1,3,2, M = 3, U = r/4 - 0.5 = -.25, .25, 0.
        // Event B ARs = (0.5, 0.4, 0.6): ranks 2,1,3: U = 0, -.25, .25.
        // K = (-.125, 0, .125); S_K = sqrt((.015625 + 0 + .015625)/3); z(0:0) = .125 / S_K.
        let ev = [
            RankSeries {
                first_rel: -2,
                ar: &[0.1, 0.3, 0.2],
            },
            RankSeries {
                first_rel: -2,
                ar: &[0.5, 0.4, 0.6],
            },
        ];
        let z = rank_test(&ev, &[(0, 0), (-1, 0)]);
        let sk = (0.03125f64 / 3.0).sqrt();
        assert!((z[0].value - 0.125 / sk).abs() < ROUNDING);
        assert!((z[1].value - 0.125 / (2f64.sqrt() * sk)).abs() < ROUNDING);
    }

    #[test]
    fn rank_test_loaded_is_rank_test_to_the_bit() {
        // 40,000 events (three batches) over 30 days, with gaps, ties, -0 beside 0, values
        // a few units in the last place apart and infinities (left out like NaN).
        use rand::{RngExt, SeedableRng, rngs::StdRng};
        let mut rng = StdRng::seed_from_u64(7);
        let len = 30;
        let ars: Vec<Vec<f64>> = (0..40_000)
            .map(|_| {
                (0..len)
                    .map(|_| match rng.random_range(0..40) {
                        0 => f64::NAN,
                        1 => 0.0,
                        2 => -0.0,
                        3 => f64::INFINITY,
                        4 => 0.01,
                        // Values a few units in the last place apart, which share the
                        // sort key's high bits.
                        5..=9 => f64::from_bits(0.02f64.to_bits() + rng.random_range(0..64)),
                        10 => -f64::from_bits(0.02f64.to_bits() + rng.random_range(0..64)),
                        _ => rng.random_range(-0.05..0.05),
                    })
                    .collect()
            })
            .collect();
        let windows = [(0, 0), (-1, 1), (-5, 5)];
        let series: Vec<RankSeries<'_>> = ars
            .iter()
            .map(|ar| RankSeries { first_rel: -20, ar })
            .collect();
        let want = rank_test(&series, &windows);
        let got = rank_test_loaded(
            ars.len(),
            -20,
            len,
            |i, out: &mut [f64]| {
                out.copy_from_slice(&ars[i]);
                Ok::<(), ()>(())
            },
            &windows,
        )
        .unwrap();
        for (a, b) in want.iter().zip(&got) {
            assert_eq!(a.value.to_bits(), b.value.to_bits());
            assert_eq!(a.p.to_bits(), b.p.to_bits());
        }
    }

    #[test]
    fn correlation_of_identical_and_opposite_series() {
        let base: Vec<f64> = (0..40).map(|i| ((i * 7919) % 13) as f64 - 6.0).collect();
        let neg: Vec<f64> = base.iter().map(|v| -v).collect();
        let a = EstimationAr {
            first: 0,
            ar: &base,
        };
        let b = EstimationAr {
            first: 0,
            ar: &base,
        };
        let c = EstimationAr { first: 0, ar: &neg };
        // Too little overlap: starts 20 days later, 20 shared dates.
        let d = EstimationAr {
            first: 20,
            ar: &base,
        };
        let m = mean_correlation(&[a, b, c, d], 1);
        // Pairs (a,b) = 1, (a,c) = -1, (b,c) = -1; pairs with d share 20 dates and are left out.
        assert_eq!(m.pairs_used, 3);
        assert!((m.r - (-1.0 / 3.0)).abs() < ROUNDING);
        assert!(!m.sampled);
    }
}
