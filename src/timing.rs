//! Phase timings for profiling: with `LAYOFF_STUDY_TIMINGS=1` in the environment, each
//! phase of a command prints its wall time since the process started to stderr
//! (`timing: study 4.41 s`). Off, a phase mark costs one cached check.

use std::sync::OnceLock;
use std::time::Instant;

fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| {
        std::env::var_os("LAYOFF_STUDY_TIMINGS")
            .is_some_and(|v| v != "0")
            .then(Instant::now)
    })
}

/// Starts the clock (call first; later marks count from here).
pub fn begin() {
    let _ = start();
}

/// Prints `timing: <phase> <seconds since begin>` when timings are on.
pub fn mark(phase: &str) {
    if let Some(t) = start() {
        eprintln!("timing: {phase} {:.3} s", t.elapsed().as_secs_f64());
    }
}
