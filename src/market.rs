//! The market proxy (`--market TICKER|FILE`) and the trading calendar it defines.

use std::path::Path;

use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::import::{self, PriceOptions};
use crate::series::{Panel, Series};

/// Tickers tried, in order, when no `--market` is given.
pub const DEFAULT_MARKETS: &[&str] = &["SPY", "^GSPC", "VOO", "IVV"];

/// The market series and the calendar of the run.
#[derive(Debug)]
pub struct Market {
    /// The market series, when one was found.
    pub series: Option<Series>,
    /// The trading calendar: the market's dates, else every date of the panel.
    pub calendar: Calendar,
}

/// Finds the market: a ticker of the panel, else a file path; without `arg`, the first of
/// [`DEFAULT_MARKETS`] present; without any, the calendar is the union of the panel's dates.
///
/// # Errors
/// `arg` is neither a ticker of the panel nor a readable price file.
pub fn resolve(panel: &Panel, arg: Option<&str>, opts: &PriceOptions) -> Result<Market> {
    let series = match arg {
        Some(a) => Some(match panel.get(a) {
            Some(s) => s.clone(),
            None if Path::new(a).is_file() => {
                let p = import::load(
                    &[a.into()],
                    &PriceOptions {
                        skip_bad_files: false,
                        ..opts.clone()
                    },
                )?;
                p.iter().next().cloned().ok_or_else(|| {
                    Error::data(
                        Path::new(a),
                        None,
                        None,
                        "the --market file holds no price series: expected a header with a \
                         date and a price column",
                    )
                })?
            }
            None => {
                return Err(Error::Usage(format!(
                    "--market {a}: not a ticker found in --prices and not a file"
                )));
            }
        }),
        None => DEFAULT_MARKETS.iter().find_map(|t| panel.get(t)).cloned(),
    };
    let calendar = match &series {
        Some(s) => Calendar::of_series(s),
        None => Calendar::union(panel.iter().map(|s| s.dates.as_slice())),
    };
    Ok(Market { series, calendar })
}
