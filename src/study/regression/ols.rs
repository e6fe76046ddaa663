//! Ordinary least squares with classic, HC1 or clustered standard errors, and the joint
//! F test of the slopes.

use statrs::distribution::{ContinuousCDF, FisherSnedecor, StudentsT};

use crate::study::linalg::Square;
use crate::study::regression::SeType;
use crate::study::regression::design::Design;

/// One OLS fit: per term coefficient, se, t, p, interval; R2 and adjusted R2; F and p.
pub(crate) struct Ols {
    pub(crate) coefs: Vec<[f64; 6]>,
    pub(crate) r2: (f64, f64),
    pub(crate) f: (f64, f64),
    pub(crate) f_undefined: Option<String>,
    pub(crate) clusters: Option<usize>,
}

/// OLS of `y` on the rows `x`, whose Gram matrix `X'X` is `xtx`.
pub(crate) fn ols(
    x: &Design,
    y: &[f64],
    xtx: Square,
    se: &SeType,
    groups: Option<&[usize]>,
) -> Option<Ols> {
    let (n, k) = (y.len(), xtx.k);
    if n <= k || k == 0 {
        return None;
    }
    let mut xty = vec![0.0; k];
    for (r, &yi) in y.iter().enumerate() {
        for &(j, v) in x.row(r) {
            xty[j] += v * yi;
        }
    }
    let inv = xtx.inverse()?;
    let b = inv.mul_vec(&xty);
    let e: Vec<f64> = y
        .iter()
        .enumerate()
        .map(|(r, &yi)| yi - x.dot(r, &b))
        .collect();
    let sse: f64 = e.iter().map(|v| v * v).sum();
    let (nf, kf) = (n as f64, k as f64);
    let (v, df, clusters) = covariance(x, &e, &inv, se, groups, sse)?;
    let t_dist = StudentsT::new(0.0, 1.0, df).ok()?;
    let q975 = t_dist.inverse_cdf(0.975);
    let coefs = (0..k)
        .map(|j| {
            let s = v.at(j, j).sqrt();
            let t = b[j] / s;
            let p = 2.0 * t_dist.sf(t.abs());
            [b[j], s, t, p, b[j] - q975 * s, b[j] + q975 * s]
        })
        .collect();
    let my = y.iter().sum::<f64>() / nf;
    let sst: f64 = y.iter().map(|v| (v - my) * (v - my)).sum();
    let r2 = 1.0 - sse / sst;
    let adj = 1.0 - (1.0 - r2) * (nf - 1.0) / (nf - kf);
    let (f, f_undefined) = match f_test(&b, &v, df) {
        Ok(f) => (f, None),
        Err(why) => ((f64::NAN, f64::NAN), Some(why)),
    };
    Some(Ols {
        coefs,
        r2: (r2, adj),
        f,
        f_undefined,
        clusters,
    })
}

/// The covariance of the coefficients, the degrees of freedom and the cluster count.
pub(crate) fn covariance(
    x: &Design,
    e: &[f64],
    inv: &Square,
    se: &SeType,
    groups: Option<&[usize]>,
    sse: f64,
) -> Option<(Square, f64, Option<usize>)> {
    let (n, k) = (e.len() as f64, inv.k as f64);
    let sandwich = |meat: &Square, scale: f64| {
        let mut v = Square::zeros(inv.k);
        for i in 0..inv.k {
            for j in 0..inv.k {
                let mut s = 0.0;
                for a in 0..inv.k {
                    for c in 0..inv.k {
                        s += inv.at(i, a) * meat.at(a, c) * inv.at(c, j);
                    }
                }
                v.a[i * inv.k + j] = scale * s;
            }
        }
        v
    };
    match se {
        SeType::Classic => {
            let mut v = inv.clone();
            v.a.iter_mut().for_each(|a| *a *= sse / (n - k));
            Some((v, n - k, None))
        }
        SeType::Hc1 => {
            let meat = x.gram(Some(e));
            Some((sandwich(&meat, n / (n - k)), n - k, None))
        }
        SeType::Cluster(_) => {
            // Sums of e_i x_i per cluster, clusters by id (in order, for a fixed result).
            let groups = groups?;
            let mut sums: Vec<Option<Vec<f64>>> =
                vec![None; groups.iter().max().map_or(0, |m| m + 1)];
            for (r, (&ei, &g)) in e.iter().zip(groups).enumerate() {
                let u = sums[g].get_or_insert_with(|| vec![0.0; inv.k]);
                for &(j, xj) in x.row(r) {
                    u[j] += xj * ei;
                }
            }
            let used: Vec<&Vec<f64>> = sums.iter().flatten().collect();
            let g = used.len() as f64;
            if g < 2.0 {
                return None;
            }
            let mut meat = Square::zeros(inv.k);
            for u in used {
                meat.add_outer(u);
            }
            let scale = g / (g - 1.0) * (n - 1.0) / (n - k);
            Some((sandwich(&meat, scale), g - 1.0, Some(g as usize)))
        }
    }
}

/// The joint test of the slopes: `F = b_s' V_ss^-1 b_s / q`, p from F(q, df).
///
/// # Errors
/// Why it is not defined: no slope, or a covariance of the slopes that is not of full rank
/// (clustered errors have rank at most one less than the clusters, and less where terms
/// vary inside few clusters only: industries whose events all come from one company).
pub(crate) fn f_test(b: &[f64], v: &Square, df: f64) -> std::result::Result<(f64, f64), String> {
    let q = b.len() - 1;
    if q == 0 {
        return Err("no slope to test (the constant alone)".into());
    }
    let mut vss = Square::zeros(q);
    for i in 0..q {
        for j in 0..q {
            vss.a[i * q + j] = v.at(i + 1, j + 1);
        }
    }
    // The rank of the correlation form, so that terms on scales far apart (laid_off in
    // thousands beside a share) do not read as a rank deficit.
    let mut corr = vss.clone();
    for i in 0..q {
        for j in 0..q {
            let d = (vss.at(i, i) * vss.at(j, j)).sqrt();
            corr.a[i * q + j] = if d > 0.0 { vss.at(i, j) / d } else { 0.0 };
        }
    }
    let rank = corr.rank();
    let singular = || {
        format!(
            "not defined: the covariance of the {q} slopes has rank {rank}, and the joint test \
             needs it of full rank (with clustered errors: fewer clusters than slopes, or terms \
             that vary inside few clusters only, such as industries whose events all come \
             from one company)"
        )
    };
    if rank < q {
        return Err(singular());
    }
    let Some(inv) = vss.inverse() else {
        return Err(singular());
    };
    let f = inv.quad(&b[1..]) / q as f64;
    let p = FisherSnedecor::new(q as f64, df).map_or(f64::NAN, |d| d.sf(f));
    Ok((f, p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::regression::design::Design;
    use crate::tolerance::*;

    fn fit(y: &[f64], x: &[f64], se: &SeType, groups: Option<&[usize]>) -> Ols {
        let rows: Vec<Vec<f64>> = x.iter().map(|&v| vec![1.0, v]).collect();
        let d = Design::from_rows(&rows, 2);
        ols(&d, y, d.gram(None), se, groups).unwrap()
    }

    /// y = 1, 2, 4, 3, 5 on x = 1..5, worked by hand: slope Sxy/Sxx = 9/10, intercept
    /// 3 - 0.9 * 3 = 0.3, residuals -0.2, -0.1, 1, -0.9, 0.2, SSE 1.9, SST 10.
    #[test]
    fn a_hand_worked_regression() {
        let (y, x) = ([1.0, 2.0, 4.0, 3.0, 5.0], [1.0, 2.0, 3.0, 4.0, 5.0]);
        let tol = ROUNDING;
        let c = fit(&y, &x, &SeType::Classic, None);
        assert!((c.coefs[1][0] - 0.9).abs() < tol);
        assert!((c.coefs[0][0] - 0.3).abs() < tol);
        // Classic: s2 = 1.9 / 3; se(slope) = sqrt(s2 / Sxx); se(const) = sqrt(s2 (1/5 + 9/10)).
        let s2: f64 = 1.9 / 3.0;
        assert!((c.coefs[1][1] - (s2 / 10.0).sqrt()).abs() < tol);
        assert!((c.coefs[0][1] - (s2 * 1.1).sqrt()).abs() < tol);
        assert!((c.r2.0 - 0.81).abs() < tol);
        assert!((c.r2.1 - (1.0 - 0.19 * 4.0 / 3.0)).abs() < tol);
        // One slope: F is t squared.
        assert!((c.f.0 - c.coefs[1][2].powi(2)).abs() < SOLVER);
        // HC1 slope variance: 5/3 * sum (x - 3)^2 e^2 / Sxx^2 = 5/3 * 1.14 / 100.
        let h = fit(&y, &x, &SeType::Hc1, None);
        assert!((h.coefs[1][1] - (5.0 / 3.0 * 0.0114f64).sqrt()).abs() < tol);
        // Every event its own cluster: G/(G-1) (N-1)/(N-K) = N/(N-K), the HC1 factor.
        let own: Vec<usize> = (0..5).collect();
        let g = fit(&y, &x, &SeType::Cluster("company".into()), Some(&own));
        for j in 0..2 {
            assert!((g.coefs[j][1] - h.coefs[j][1]).abs() < tol);
        }
        assert_eq!(g.clusters, Some(5));
    }
}
