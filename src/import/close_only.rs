//! Two-column files: `Date,Close` (or `Date,Price`), the close taken as adjusted.

use super::layout::{CLOSE_NAMES, Head, Plan, PriceLayout, single};

/// `Date,Close` file.
pub struct CloseOnly;

impl PriceLayout for CloseOnly {
    fn name(&self) -> &'static str {
        "date-close"
    }
    fn detect(&self, head: &Head) -> Option<Plan> {
        single(head, CLOSE_NAMES)
    }
}
