//! Long files: one row per ticker and date, `ticker,date,close[,adj_close][,volume]`.

use super::layout::{
    ADJ_NAMES, DATE_NAMES, Group, Head, Plan, PriceLayout, TICKER_NAMES, TickerFrom,
};

/// Long file with a ticker column.
pub struct Long;

impl PriceLayout for Long {
    fn name(&self) -> &'static str {
        "long"
    }
    fn detect(&self, head: &Head) -> Option<Plan> {
        let ticker = head.find(TICKER_NAMES)?;
        Some(Plan {
            header_lines: 1,
            date: head.find(DATE_NAMES)?,
            groups: vec![Group {
                ticker: TickerFrom::Column(ticker),
                close: head.find(&["close", "price"])?,
                adj_close: head.find(ADJ_NAMES),
                volume: head.find(&["volume"]),
            }],
        })
    }
}
