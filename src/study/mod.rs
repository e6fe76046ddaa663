//! The event study (METHODS.md §4-5): abnormal returns under a model of normal returns,
//! cumulated over event windows, tested across events, per group.
//!
//! ```no_run
//! use layoff_study::study::{Settings, Inputs, run};
//! # fn f(inputs: Inputs<'_>, events: Vec<layoff_study::events::Event>) {
//! let result = run(&events, &inputs, &Settings::default()).unwrap();
//! println!("{} events studied", result.results.len());
//! # }
//! ```

mod event;
pub mod event_time;
pub mod garch;
pub mod linalg;
pub mod measure;
pub mod model;
pub mod output;
pub mod overlap;
pub mod regression;
mod result;
pub mod rivals;
mod schedule;
mod settings;
pub mod significance;
pub mod spec;
pub mod store;
mod summary;
pub mod window;

pub(crate) use event::{At, Regressors, garch_fit};
pub use measure::Measure;
pub use model::{Fit, Model};
pub use result::{
    CaarRow, EventResult, Inputs, StudyResult, SummaryRow, TESTS, WindowStat, test_defined,
};
pub use schedule::run;
pub use settings::Settings;
pub(crate) use significance::Stat;
pub use store::ArStore;
pub use summary::caar_rows;
pub(crate) use summary::window_rows;
pub use window::Window;
