//! layoff-study: how did the market react when a company announced layoffs?
//!
//! Reads daily prices in the common download layouts and layoff lists, and computes
//! announcement-day returns, calendar-year performance and event studies with the
//! definitions of the project's METHODS reference. The `layoff-study` binary is a thin
//! front end over these modules.

pub mod calendar;
pub mod chart;
pub mod cli;
pub mod date;
pub mod error;
pub mod events;
pub mod export;
pub mod fetch;
pub mod import;
pub mod market;
pub mod performance;
pub mod returns;
pub mod series;
pub mod simulate;
pub mod study;
pub mod symbol;
pub mod tabular;

pub use error::{Error, Result};
