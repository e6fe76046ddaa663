//! The `layoff-study` command: parses arguments, runs the library, prints errors.

use std::process::ExitCode;

use clap::Parser;
use layoff_study::cli::{Cli, run};
use layoff_study::error::{EXIT_DATA, Error};

/// mimalloc: millions of small event and result values are made and freed; the system
/// allocator spends a large share of a big study consolidating its free lists.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (v3 `mimalloc.h`), which the Rust
/// bindings do not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory stays with the process instead of going back to the system a second later:
/// a large study frees and makes gigabytes of buffers phase after phase, and memory the
/// system hands out again must be cleared first (on a virtual machine, often backed again
/// by the host); a million-event study made 1.7 GB of pages again (of 10.6 GB).
fn keep_freed_memory() {
    // SAFETY: sets an option of the allocator; any value is valid at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

fn main() -> ExitCode {
    keep_freed_memory();
    layoff_study::timing::begin();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            let code = e
                .chain()
                .find_map(|c| c.downcast_ref::<Error>())
                .map_or(EXIT_DATA, Error::exit_code);
            ExitCode::from(code as u8)
        }
    }
}

#[cfg(test)]
mod tests {
    /// The option number is mimalloc's purge delay: its default is 1000 ms (unless the
    /// environment sets it).
    #[test]
    fn purge_delay_option_number() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reads an option of the allocator.
            let v = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
            assert_eq!(v, 1000);
        }
    }
}
