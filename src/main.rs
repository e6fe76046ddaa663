//! The `layoff-study` command: parses arguments, runs the library, prints errors.

use std::process::ExitCode;

use clap::Parser;
use layoff_study::cli::{Cli, run};
use layoff_study::error::{EXIT_DATA, Error};

/// mimalloc: millions of small event and result values are made and freed; the system
/// allocator spends a large share of a big study consolidating its free lists.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
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
