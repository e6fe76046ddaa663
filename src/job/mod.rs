//! The jobs both front ends run: loading a study's inputs, the study of every measure
//! asked for, the writing of a study folder, the report, reading a finished study back,
//! and the frames Python shows. The command line and Python translate their arguments into
//! a [`crate::study::spec::Spec`] and call these; notes come back for them to show.

pub mod folder;
pub mod frames;
pub mod load;
pub mod report;
pub mod study;

/// What a long job tells its caller as it goes: a step begins, the step ends. The command
/// line shows a spinner; Python stays quiet.
pub trait Progress: Sync {
    /// A step begins (`"reading prices"`).
    fn begin(&self, _what: &'static str) {}
    /// The step ends.
    fn end(&self) {}
}

/// Progress nobody watches.
pub struct Quiet;

impl Progress for Quiet {}

/// Runs `f` as the step `what` of `progress`.
pub fn step<T>(progress: &dyn Progress, what: &'static str, f: impl FnOnce() -> T) -> T {
    progress.begin(what);
    let out = f();
    progress.end();
    out
}
