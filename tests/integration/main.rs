//! Integration tests: the real `layoff-study` binary on real and hand-made files in
//! temporary folders.
// A test reads as one scenario, its steps and checks in order; the limit on function
// length (clippy.toml) is for the library and the Python module.
#![allow(clippy::too_many_lines)]

mod bad_input;
mod charts;
mod common;
mod dataset;
mod events;
mod fetch;
mod filings;
mod filings_fuzz;
mod layouts;
mod matching;
mod measures;
mod non_trading;
mod overlap;
mod performance;
mod properties;
mod real_data;
mod reliability;
mod report;
mod rivals;
mod simulation;
mod study;
