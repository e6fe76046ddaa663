//! The command-line spellings of the library's choices (`--model market-adjusted`,
//! `--non-trading next`, ...): clap's `ValueEnum` for plain library enums, kept here so
//! that the library does not depend on clap.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::calendar::NonTrading;
use crate::events::EventLayout;
use crate::export::OutputFormat;
use crate::import::PriceField;
use crate::simulate::PriceFormat;
use crate::study::Model;
use crate::study::overlap::Overlap;

/// Implements `ValueEnum` for a library enum: each variant with its flag value and help.
macro_rules! value_enum {
    ($t:ty { $($v:ident => $name:literal: $help:literal),+ $(,)? }) => {
        impl ValueEnum for $t {
            fn value_variants<'a>() -> &'a [Self] {
                &[$(<$t>::$v),+]
            }
            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(match self {
                    $(<$t>::$v => PossibleValue::new($name).help($help)),+
                })
            }
        }
    };
}

value_enum!(Model {
    MarketAdjusted => "market-adjusted": "E[R] = Rm",
    MeanAdjusted => "mean-adjusted": "E[R] = mean of R over the estimation window",
    Market => "market": "E[R] = a + b Rm (OLS)",
    Ff3 => "ff3": "E[R] = RF + a + b1 MktRF + b2 SMB + b3 HML",
    Carhart => "carhart": "Fama-French 3 + momentum",
    Ff5 => "ff5": "Fama-French 3 + RMW + CMA",
    Garch => "garch": "E[R] = a + b Rm with GARCH(1,1) errors (maximum likelihood)",
});

value_enum!(NonTrading {
    Next => "next": "Day 0 is the next trading date",
    Previous => "previous": "Day 0 is the previous trading date",
    Skip => "skip": "The event is excluded",
});

value_enum!(PriceFormat {
    Csv => "csv": "One canonical CSV per ticker in `prices/`",
    Parquet => "parquet": "One long Parquet file `prices.parquet`",
    Dataset => "dataset": "A Parquet dataset partitioned by ticker: `prices/ticker=SIM0001/part-0.parquet`",
});

value_enum!(EventLayout {
    Canonical => "canonical": "This tool's canonical events CSV (`event_id,company,ticker,announce_date,...`)",
    LayoffsFyi => "layoffs-fyi": "layoffs.fyi export, 2026 layout (`funds_raised`, `date_added`)",
    Kaggle => "kaggle": "layoffs.fyi Kaggle extract, 2023 layout (`funds_raised_millions`)",
    Warn => "warn": "WARN notice table (warn-scraper state exports: company, notice date, jobs, state)",
    Generic => "generic": "Any CSV with a ticker column and a date column",
});

value_enum!(PriceField {
    Adjusted => "adjusted": "Adjusted close when the file has one, else close",
    Close => "close": "Close, even when an adjusted close is present",
});

value_enum!(Overlap {
    Keep => "keep": "Keep every event (their CARs share returns)",
    First => "first": "Keep an event only if it overlaps no event already kept (by day 0)",
    Drop => "drop": "Exclude every event that overlaps another",
});

value_enum!(OutputFormat {
    Csv => "csv": "Comma-separated values with a header row; returns as fractions",
    Table => "table": "Aligned columns for reading; returns as percentages",
    Json => "json": "An array of objects; returns as fractions",
});

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant has a spelling, and each spelling reads back to its variant.
    #[test]
    fn spellings_round_trip() {
        fn check<T: ValueEnum + PartialEq + std::fmt::Debug>() {
            for v in T::value_variants() {
                let name = v.to_possible_value().unwrap().get_name().to_string();
                assert_eq!(&T::from_str(&name, false).unwrap(), v, "{name}");
            }
        }
        check::<Model>();
        check::<NonTrading>();
        check::<PriceFormat>();
        check::<EventLayout>();
        check::<PriceField>();
        check::<OutputFormat>();
        check::<Overlap>();
    }
}
