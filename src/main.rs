//! The `layoff-study` command: parses arguments, runs the library, prints errors.

use std::process::ExitCode;

use clap::Parser;
use layoff_study::cli::{Cli, run};
use layoff_study::error::{EXIT_DATA, Error};

fn main() -> ExitCode {
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
