//! Nasdaq.com historical-quotes export: `Date,Close/Last,Volume,Open,High,Low`, prices as
//! `$153.73`, dates `01/10/2024`, newest first.

use super::layout::{Head, Plan, PriceLayout, single};

/// Nasdaq.com export.
pub struct Nasdaq;

impl PriceLayout for Nasdaq {
    fn name(&self) -> &'static str {
        "nasdaq"
    }
    fn detect(&self, head: &Head) -> Option<Plan> {
        head.find(&["close/last"])?;
        single(head, &["close/last"])
    }
}
