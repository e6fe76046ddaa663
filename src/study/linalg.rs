//! Small dense linear algebra for the estimation regressions (k <= 6): `X'X`, its inverse
//! and quadratic forms.

/// A k x k matrix stored row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Square {
    /// Order.
    pub k: usize,
    /// Entries, row-major.
    pub a: Vec<f64>,
}

impl Square {
    /// The zero matrix.
    pub fn zeros(k: usize) -> Self {
        Square {
            k,
            a: vec![0.0; k * k],
        }
    }

    /// Entry (i, j).
    pub fn at(&self, i: usize, j: usize) -> f64 {
        self.a[i * self.k + j]
    }

    /// Adds the outer product `x x'` (the product is computed once per pair: `x_i x_j` and
    /// `x_j x_i` are the same number).
    pub fn add_outer(&mut self, x: &[f64]) {
        let k = self.k;
        if let ([x0, x1], [a00, a01, a10, a11]) = (x, self.a.as_mut_slice()) {
            // The market model's 2 x 2, the same products and sums as the loop below.
            *a00 += x0 * x0;
            let v = x0 * x1;
            *a01 += v;
            *a10 += v;
            *a11 += x1 * x1;
            return;
        }
        for i in 0..k {
            for j in i..k {
                let v = x[i] * x[j];
                self.a[i * k + j] += v;
                if j != i {
                    self.a[j * k + i] += v;
                }
            }
        }
    }

    /// The inverse by Gauss-Jordan elimination with partial pivoting; `None` when the
    /// matrix is singular (relative pivot below 1e-12).
    pub fn inverse(&self) -> Option<Square> {
        let k = self.k;
        let mut m = self.a.clone();
        let mut inv = Square::zeros(k);
        for i in 0..k {
            inv.a[i * k + i] = 1.0;
        }
        let scale = m
            .iter()
            .fold(0.0f64, |s, v| s.max(v.abs()))
            .max(f64::MIN_POSITIVE);
        for col in 0..k {
            let piv = (col..k)
                .max_by(|&r1, &r2| m[r1 * k + col].abs().total_cmp(&m[r2 * k + col].abs()))?;
            if m[piv * k + col].abs() < 1e-12 * scale {
                return None;
            }
            if piv != col {
                for j in 0..k {
                    m.swap(piv * k + j, col * k + j);
                    inv.a.swap(piv * k + j, col * k + j);
                }
            }
            let p = m[col * k + col];
            for j in 0..k {
                m[col * k + j] /= p;
                inv.a[col * k + j] /= p;
            }
            for r in 0..k {
                if r != col {
                    let f = m[r * k + col];
                    if f != 0.0 {
                        for j in 0..k {
                            m[r * k + j] -= f * m[col * k + j];
                            inv.a[r * k + j] -= f * inv.a[col * k + j];
                        }
                    }
                }
            }
        }
        Some(inv)
    }

    /// The rank by Gaussian elimination with partial pivoting (a pivot below 1e-10 of the
    /// largest entry counts as zero).
    pub fn rank(&self) -> usize {
        let k = self.k;
        let mut m = self.a.clone();
        let scale = m.iter().fold(0.0f64, |s, v| s.max(v.abs()));
        if scale == 0.0 || !scale.is_finite() {
            return 0;
        }
        let mut rank = 0;
        for col in 0..k {
            let Some(piv) = (rank..k)
                .max_by(|&r1, &r2| m[r1 * k + col].abs().total_cmp(&m[r2 * k + col].abs()))
            else {
                break;
            };
            if m[piv * k + col].abs() <= 1e-10 * scale {
                continue;
            }
            for j in 0..k {
                m.swap(piv * k + j, rank * k + j);
            }
            for r in rank + 1..k {
                let f = m[r * k + col] / m[rank * k + col];
                for j in col..k {
                    m[r * k + j] -= f * m[rank * k + j];
                }
            }
            rank += 1;
        }
        rank
    }

    /// `M v`.
    pub fn mul_vec(&self, v: &[f64]) -> Vec<f64> {
        (0..self.k)
            .map(|i| (0..self.k).map(|j| self.at(i, j) * v[j]).sum())
            .collect()
    }

    /// The quadratic form `x' M x`.
    pub fn quad(&self, x: &[f64]) -> f64 {
        let mut s = 0.0;
        for i in 0..self.k {
            for j in 0..self.k {
                s += x[i] * self.at(i, j) * x[j];
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tolerance::*;

    /// Ranks worked by hand: the identity, a matrix whose third row is the sum of the
    /// first two, the outer product of one vector, zero.
    #[test]
    fn rank_by_hand() {
        let m = |k: usize, a: &[f64]| Square { k, a: a.to_vec() };
        assert_eq!(
            m(3, &[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]).rank(),
            3
        );
        assert_eq!(
            m(3, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 5.0, 7.0, 9.0]).rank(),
            2
        );
        let mut o = Square::zeros(3);
        o.add_outer(&[1.0, -2.0, 0.5]);
        assert_eq!(o.rank(), 1);
        o.add_outer(&[0.0, 1.0, 1.0]);
        assert_eq!(o.rank(), 2);
        assert_eq!(Square::zeros(2).rank(), 0);
    }

    #[test]
    fn inverse_of_a_2x2_by_hand() {
        // [[4, 7], [2, 6]]^-1 = 1/10 [[6, -7], [-2, 4]]
        let m = Square {
            k: 2,
            a: vec![4.0, 7.0, 2.0, 6.0],
        };
        let inv = m.inverse().unwrap();
        let want = [0.6, -0.7, -0.2, 0.4];
        for (a, b) in inv.a.iter().zip(want) {
            assert!((a - b).abs() < ROUNDING);
        }
        assert!((inv.quad(&[1.0, 1.0]) - (0.6 - 0.7 - 0.2 + 0.4)).abs() < ROUNDING);
    }

    #[test]
    fn two_by_two_outer_sums_are_the_general_ones() {
        // The k = 2 path against the general loop written out, to the bit.
        let mut fast = Square::zeros(2);
        let mut want = [0.0f64; 4];
        for i in 0..500 {
            let x = [1.0, ((i * 7919) % 1000) as f64 * 1.37e-3 - 0.61];
            fast.add_outer(&x);
            for a in 0..2 {
                for b in a..2 {
                    let v = x[a] * x[b];
                    want[a * 2 + b] += v;
                    if a != b {
                        want[b * 2 + a] += v;
                    }
                }
            }
        }
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&fast.a), bits(&want));
    }

    #[test]
    fn singular_is_none() {
        let m = Square {
            k: 2,
            a: vec![1.0, 2.0, 2.0, 4.0],
        };
        assert!(m.inverse().is_none());
    }
}
