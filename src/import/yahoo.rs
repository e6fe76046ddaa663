//! Yahoo Finance CSV download: `Date,Open,High,Low,Close,Adj Close,Volume` (and the
//! project's own canonical `date,open,high,low,close,adj_close,volume`).

use super::layout::{ADJ_NAMES, Head, Plan, PriceLayout, single};

/// Yahoo download or canonical file: has an adjusted-close column.
pub struct Yahoo;

impl PriceLayout for Yahoo {
    fn name(&self) -> &'static str {
        "yahoo"
    }
    fn detect(&self, head: &Head) -> Option<Plan> {
        head.find(ADJ_NAMES)?;
        head.find(&["ticker", "symbol"]).is_none().then_some(())?;
        single(head, &["close"])
    }
}
