//! yfinance `Ticker.history()` dump: `Date,Open,High,Low,Close,Volume,Dividends,Stock Splits`
//! with time-zone-aware dates (`2024-01-10 00:00:00-05:00`); Close is already adjusted.

use super::layout::{Head, Plan, PriceLayout, single};

/// yfinance `history()` dump.
pub struct YfHistory;

impl PriceLayout for YfHistory {
    fn name(&self) -> &'static str {
        "yfinance-history"
    }
    fn detect(&self, head: &Head) -> Option<Plan> {
        head.has_all(&["dividends", "stock splits"]).then_some(())?;
        single(head, &["close"])
    }
}
