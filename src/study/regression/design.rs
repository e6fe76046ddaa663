//! The design matrix of a regression: rows of the constant, the numeric terms and one
//! dummy per level of each categorical term, and the columns kept as independent.

use crate::study::linalg::Square;
use crate::study::regression::{Prepared, Term};

/// A design matrix stored by rows of `(column, value)` entries in column order. A row's
/// only non-zeros are the constant, the numeric terms and one dummy per categorical term,
/// so products over a row cost its few entries, not the full width (the sums are the
/// dense ones: the skipped terms are exact zeros).
pub(crate) struct Design {
    /// Columns.
    pub(crate) k: usize,
    /// Where each row's entries start in `entries`; one more than the rows.
    pub(crate) start: Vec<usize>,
    /// Every row's entries, row after row.
    pub(crate) entries: Vec<(usize, f64)>,
}

impl Design {
    /// A design from dense rows of `k` columns (every entry kept).
    #[cfg(test)]
    pub(crate) fn from_rows(rows: &[Vec<f64>], k: usize) -> Design {
        let mut d = Design::with_columns(k);
        for r in rows {
            d.entries.extend(r.iter().copied().enumerate());
            d.start.push(d.entries.len());
        }
        d
    }

    pub(crate) fn with_columns(k: usize) -> Design {
        Design {
            k,
            start: vec![0],
            entries: Vec::new(),
        }
    }

    /// Rows.
    pub(crate) fn n(&self) -> usize {
        self.start.len() - 1
    }

    /// The entries of row `r`.
    pub(crate) fn row(&self, r: usize) -> &[(usize, f64)] {
        &self.entries[self.start[r]..self.start[r + 1]]
    }

    /// `x_r . b`.
    pub(crate) fn dot(&self, r: usize, b: &[f64]) -> f64 {
        self.row(r).iter().map(|&(j, v)| v * b[j]).sum()
    }

    /// The Gram matrix `X'X`, or with weights `w` the matrix `sum (w_r x_r)(w_r x_r)'`.
    pub(crate) fn gram(&self, w: Option<&[f64]>) -> Square {
        let k = self.k;
        let mut g = Square::zeros(k);
        let mut scaled: Vec<(usize, f64)> = Vec::new();
        for r in 0..self.n() {
            let row = match w {
                Some(w) => {
                    scaled.clear();
                    scaled.extend(self.row(r).iter().map(|&(j, v)| (j, v * w[r])));
                    &scaled[..]
                }
                None => self.row(r),
            };
            for (p, &(i, vi)) in row.iter().enumerate() {
                for &(j, vj) in &row[p..] {
                    let v = vi * vj;
                    g.a[i * k + j] += v;
                    if j != i {
                        g.a[j * k + i] += v;
                    }
                }
            }
        }
        g
    }

    /// The design on the columns `keep` (in order), renumbered.
    pub(crate) fn columns(&self, keep: &[usize]) -> Design {
        let mut to = vec![usize::MAX; self.k];
        for (new, &old) in keep.iter().enumerate() {
            to[old] = new;
        }
        let mut d = Design::with_columns(keep.len());
        for r in 0..self.n() {
            d.entries.extend(
                self.row(r)
                    .iter()
                    .filter(|&&(j, _)| to[j] != usize::MAX)
                    .map(|&(j, v)| (to[j], v)),
            );
            d.start.push(d.entries.len());
        }
        d
    }
}

/// The design matrix of the events `members`: the constant, the numeric terms, then one
/// dummy per non-base level of each categorical term (base: the most frequent level among
/// the members, ties alphabetically first; levels in alphabetical order).
pub(crate) fn design(terms: &[Term], prep: &Prepared, members: &[usize]) -> (Vec<String>, Design) {
    let row = |i: usize| {
        prep.rows[i]
            .as_ref()
            .map_or((&[][..], &[][..]), |v| (&v.0[..], &v.1[..]))
    };
    // Per term, its column (numeric) or the column of each level (categorical).
    let mut names = vec!["const".to_string()];
    let mut layout: Vec<(usize, Vec<Option<usize>>)> = Vec::new();
    let mut ci = 0;
    for t in terms {
        match t {
            Term::Numeric(n) => {
                layout.push((names.len(), Vec::new()));
                names.push(n.clone());
            }
            Term::Categorical(c) => {
                let levels = &prep.levels[ci];
                let mut counts = vec![0usize; levels.len()];
                for &i in members {
                    counts[row(i).1[ci]] += 1;
                }
                // The first of the most frequent levels (levels are sorted).
                let base =
                    (0..levels.len()).max_by(|&a, &b| counts[a].cmp(&counts[b]).then(b.cmp(&a)));
                let mut col = vec![None; levels.len()];
                for lvl in (0..levels.len()).filter(|&l| counts[l] > 0 && Some(l) != base) {
                    col[lvl] = Some(names.len());
                    names.push(format!("{c}={}", levels[lvl]));
                }
                layout.push((0, col));
                ci += 1;
            }
        }
    }
    let mut x = Design::with_columns(names.len());
    for &i in members {
        let (nums, ids) = row(i);
        let (mut ni, mut ci) = (0, 0);
        x.entries.push((0, 1.0));
        for (t, (first, col)) in terms.iter().zip(&layout) {
            match t {
                Term::Numeric(_) => {
                    x.entries.push((*first, nums[ni]));
                    ni += 1;
                }
                Term::Categorical(_) => {
                    if let Some(c) = col[ids[ci]] {
                        x.entries.push((c, 1.0));
                    }
                    ci += 1;
                }
            }
        }
        x.start.push(x.entries.len());
    }
    (names, x)
}

/// The block of `g` on the columns `keep`.
pub(crate) fn sub(g: &Square, keep: &[usize]) -> Square {
    let m = keep.len();
    let mut s = Square::zeros(m);
    for (i, &a) in keep.iter().enumerate() {
        for (j, &b) in keep.iter().enumerate() {
            s.a[i * m + j] = g.at(a, b);
        }
    }
    s
}

/// Columns kept in order, and those removed as constant or a linear combination of the
/// columns kept before them (relative residual below 1e-10), from the Gram matrix `X'X`:
/// the residual sum of squares of column c on the kept set S is `G_cc - G_cS G_SS^-1 G_Sc`.
pub(crate) fn independent(g: &Square) -> (Vec<usize>, Vec<usize>) {
    let k = g.k;
    let (mut keep, mut removed): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for c in 0..k {
        let ss = g.at(c, c);
        let resid = if keep.is_empty() {
            Some(ss)
        } else {
            let gss = sub(g, &keep);
            let gsc: Vec<f64> = keep.iter().map(|&a| g.at(a, c)).collect();
            gss.inverse().map(|inv| ss - inv.quad(&gsc))
        };
        match resid {
            Some(r) if ss > 0.0 && r > 1e-10 * ss => keep.push(c),
            _ => removed.push(c),
        }
    }
    (keep, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collinear_and_constant_terms_are_removed() {
        let x: Vec<Vec<f64>> = (0..6)
            .map(|i| {
                let v = f64::from(i);
                vec![1.0, v, 2.0 * v + 1.0, 7.0, v * v]
            })
            .collect();
        let (keep, removed) = independent(&Design::from_rows(&x, 5).gram(None));
        assert_eq!(keep, [0, 1, 4]);
        assert_eq!(removed, [2, 3]);
    }
}
