//! Phase timings for profiling: with `LAYOFF_STUDY_TIMINGS=1` in the environment, each
//! phase of a command prints to stderr the wall time since the process started and the
//! process's CPU time and resident memory so far
//! (`timing: tables written 6.72 s (cpu 8.10 s, resident 1.20 GB)`). Off, a phase
//! mark costs one cached check.

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

/// Prints `timing: <phase> <seconds since begin> (cpu <user + system seconds>, resident
/// <memory held>)` when timings are on.
pub fn mark(phase: &str) {
    if let Some(t) = start() {
        eprintln!(
            "timing: {phase} {:.3} s (cpu {:.3} s, resident {:.2} GB)",
            t.elapsed().as_secs_f64(),
            cpu_seconds(),
            resident_bytes() as f64 / 1e9
        );
    }
}

/// Memory the process holds now (resident set), from `/proc/self/statm`; 0 elsewhere.
fn resident_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    // SAFETY: sysconf has no effect besides its answer.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    pages * u64::try_from(page).unwrap_or(4096)
}

/// User and system CPU time of the process so far.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage fills the struct it is given and has no other effect.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
        return f64::NAN;
    }
    let s = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    s(u.ru_utime) + s(u.ru_stime)
}
