//! layoff-study: how did the market react when a company announced layoffs?
//!
//! Reads daily prices in the common download layouts and layoff lists, and computes
//! announcement-day returns, calendar-year performance and event studies with the
//! definitions of the project's METHODS reference. The `layoff-study` binary is a thin
//! front end over these modules; without the default `cli` feature the library builds
//! without clap.
//!
//! Data flows one way, bottom to top: core types ([`date`], [`series`], [`calendar`],
//! [`tabular`], [`symbol`], [`error`], [`setting`], [`spelling`], [`content`] for tables
//! and documents, [`files`] for safe writes) -> reading ([`import`], [`events`],
//! [`filings`], [`market`], [`fetch`]) -> computing ([`returns`], [`performance`],
//! [`study`], [`simulate`]) -> report assembly ([`report`]) -> rendering ([`chart`],
//! [`export`]) -> the jobs both front ends run ([`job`]) -> the command line (`cli`) and
//! the Python module. A study's settings are one [`study::spec::Spec`], checked before
//! anything is read.
//!
//! A study from Rust, on the simulated sample shipped in `data/sample/`: read the prices
//! and the market, read the events, run the study, write its files.
//!
//! ```
//! use layoff_study::{events, import, market, study};
//!
//! # fn main() -> layoff_study::Result<()> {
//! let opts = import::PriceOptions::default();
//! let panel = import::load(&["data/sample/prices.parquet".into()], &opts)?;
//! let market = market::resolve(&panel, Some("SIMMKT"), &opts)?;
//! let events = events::read("data/sample/events.csv".as_ref(), None)?.events;
//! let inputs = study::Inputs {
//!     prices: (&panel).into(),
//!     market: market.series.as_ref(),
//!     calendar: &market.calendar,
//!     factors: None,
//! };
//! let result = study::run(&events, &inputs, &study::Settings::default())?;
//! // The sample carries an injected abnormal return of -1.5 % on day 0.
//! let day0 = &result.summary[0];
//! assert_eq!(day0.window, study::Window::new(0, 0));
//! assert!(day0.caar < -0.01 && day0.caar > -0.02, "CAAR {}", day0.caar);
//! let out = tempfile::tempdir().unwrap();
//! study::output::write_all(out.path(), &events, &result)?;
//! assert!(out.path().join("cars.csv").is_file());
//! # Ok(())
//! # }
//! ```

pub mod calendar;
pub mod chart;
#[cfg(feature = "cli")]
pub mod cli;
pub mod content;
pub mod date;
pub mod error;
pub mod events;
pub mod export;
pub mod fetch;
pub mod files;
pub mod filings;
pub mod import;
pub mod job;
pub mod market;
pub mod performance;
pub mod report;
pub mod returns;
pub mod series;
pub mod setting;
pub mod simulate;
pub mod spelling;
pub mod study;
pub mod symbol;
pub mod tabular;
pub mod timing;
#[cfg(test)]
pub(crate) mod tolerance;

pub use error::{Error, Result};
