//! Stooq daily CSV: `Date,Open,High,Low,Close,Volume` (split-adjusted close, no
//! adjusted-close column).

use super::layout::{Head, Plan, PriceLayout, single};

/// Stooq download.
pub struct Stooq;

impl PriceLayout for Stooq {
    fn name(&self) -> &'static str {
        "stooq"
    }
    fn detect(&self, head: &Head) -> Option<Plan> {
        head.has_all(&["date", "open", "high", "low", "close"])
            .then_some(())?;
        single(head, &["close"])
    }
}
