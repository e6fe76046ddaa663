//! The tolerances of the tests, named as statrs names its precisions: how close a value
//! the code computes must be to the one worked by hand or published.

/// A value from a handful of operations on numbers near 1, worked the same way by hand.
pub const EXACT: f64 = 1e-15;
/// A value from tens of operations (sums, square roots, a small solve) worked by hand.
pub const ROUNDING: f64 = 1e-12;
/// A variance of daily returns (about 1e-4 and below) worked by hand.
pub const VARIANCE: f64 = 1e-17;
/// A value from an iterative or factorised computation (an inverse, a fit) against a
/// closed form.
pub const SOLVER: f64 = 1e-9;
/// A statistic against a published table printed to six decimals.
pub const PRINTED: f64 = 1e-6;
/// A p-value against a published table printed to four decimals.
pub const PRINTED_P: f64 = 5e-4;
