//! Lower-case OHLCV dumps: `timestamps,open,high,low,close,volume[,amount]` with dates
//! such as `2000-01-03 00:00:00`.

use super::layout::{Head, Plan, PriceLayout, single};

/// Lower-case OHLCV dump keyed by `timestamps`/`timestamp`/`datetime`.
pub struct Lowercase;

impl PriceLayout for Lowercase {
    fn name(&self) -> &'static str {
        "lowercase"
    }
    fn detect(&self, head: &Head) -> Option<Plan> {
        head.find(&["timestamps", "timestamp", "datetime"])?;
        single(head, &["close"])
    }
}
