//! The spellings of the library's choices (`market-adjusted`, `next`, `drop`, ...): one list
//! per enum, with each choice's help, from which the command line's values and Python's
//! keyword strings are both read.

/// A choice among named values, spelt the same on the command line and in Python.
pub trait Spelled: Sized + Copy + PartialEq + 'static {
    /// Every choice, in the order they are listed.
    const ALL: &'static [Self];

    /// The choice as written (`market-adjusted`).
    fn name(self) -> &'static str;

    /// One line on what the choice means.
    fn help(self) -> &'static str;

    /// Every spelling, in order.
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|v| v.name()).collect()
    }

    /// The choice spelt `s`.
    ///
    /// # Errors
    /// Another spelling: the message lists the valid ones.
    fn parse_name(s: &str) -> Result<Self, String> {
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.name() == s)
            .ok_or_else(|| format!("{s:?}: expected one of {}", Self::names().join(", ")))
    }
}

/// Implements [`Spelled`], `FromStr` and `Display` for an enum: each variant with its
/// spelling and help.
macro_rules! spelled {
    ($t:ty { $($v:ident => $name:literal: $help:literal),+ $(,)? }) => {
        impl $crate::spelling::Spelled for $t {
            const ALL: &'static [Self] = &[$(<$t>::$v),+];
            fn name(self) -> &'static str {
                match self {
                    $(<$t>::$v => $name),+
                }
            }
            fn help(self) -> &'static str {
                match self {
                    $(<$t>::$v => $help),+
                }
            }
        }
        impl $t {
            /// The choice as written on the command line and in Python.
            pub fn name(self) -> &'static str {
                <$t as $crate::spelling::Spelled>::name(self)
            }
        }
        impl std::str::FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                <$t as $crate::spelling::Spelled>::parse_name(s)
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::spelling::Spelled::name(*self))
            }
        }
    };
}

spelled!(crate::study::Model {
    MarketAdjusted => "market-adjusted": "E[R] = Rm",
    MeanAdjusted => "mean-adjusted": "E[R] = mean of R over the estimation window",
    Market => "market": "E[R] = a + b Rm (OLS)",
    Ff3 => "ff3": "E[R] = RF + a + b1 MktRF + b2 SMB + b3 HML",
    Carhart => "carhart": "Fama-French 3 + momentum",
    Ff5 => "ff5": "Fama-French 3 + RMW + CMA",
    Garch => "garch": "E[R] = a + b Rm with GARCH(1,1) errors (maximum likelihood)",
});

spelled!(crate::calendar::NonTrading {
    Next => "next": "Day 0 is the next trading date",
    Previous => "previous": "Day 0 is the previous trading date",
    Skip => "skip": "The event is excluded",
});

spelled!(crate::simulate::PriceFormat {
    Csv => "csv": "One canonical CSV per ticker in `prices/`",
    Parquet => "parquet": "One long Parquet file `prices.parquet`",
    Dataset => "dataset": "A Parquet dataset partitioned by ticker: `prices/ticker=SIM0001/part-0.parquet`",
});

spelled!(crate::events::EventLayout {
    Canonical => "canonical": "This tool's canonical events CSV (`event_id,company,ticker,announce_date,...`)",
    LayoffsFyi => "layoffs-fyi": "layoffs.fyi export, 2026 layout (`funds_raised`, `date_added`)",
    Kaggle => "kaggle": "layoffs.fyi Kaggle extract, 2023 layout (`funds_raised_millions`)",
    Warn => "warn": "WARN notice table (warn-scraper state exports: company, notice date, jobs, state)",
    Generic => "generic": "Any CSV with a ticker column and a date column",
});

spelled!(crate::import::PriceField {
    Adjusted => "adjusted": "Adjusted close when the file has one, else close",
    Close => "close": "Close, even when an adjusted close is present",
});

spelled!(crate::study::overlap::Overlap {
    Keep => "keep": "Keep every event (their CARs share returns)",
    First => "first": "Keep an event only if it overlaps no event already kept (by day 0)",
    Drop => "drop": "Exclude every event that overlaps another",
});

spelled!(crate::export::OutputFormat {
    Csv => "csv": "Comma-separated values with a header row; returns as fractions",
    Table => "table": "Aligned columns for reading; returns as percentages",
    Json => "json": "An array of objects; returns as fractions",
});

spelled!(crate::study::Measure {
    Return => "return": "Abnormal returns",
    Volume => "volume": "Abnormal log trading volume",
    Volatility => "volatility": "Abnormal volatility: Beaver's U under the return model",
});

spelled!(crate::filings::Day0Rule {
    Reported => "reported": "Day 0 from the reported date and time",
    Filing => "filing": "Day 0 from the layoff 8-K's acceptance time (reported where there is none)",
    Earliest => "earliest": "Day 0 from the earlier of the reported time and the filing",
});

spelled!(crate::study::event_time::Confounded {
    Flag => "flag": "Keep confounded events, flagged in cars.csv (--group-by confounded)",
    Drop => "drop": "Exclude confounded events (listed in excluded.csv with the confounder)",
});

spelled!(crate::job::study::Plot {
    Caar => "caar": "The CAAR chart",
    Distribution => "distribution": "The histogram of one window's figures",
    Explain => "explain": "CAR against the regression's first numeric term",
});

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant has its own spelling, and each spelling reads back to its variant.
    #[test]
    fn spellings_round_trip() {
        fn check<T: Spelled + std::fmt::Debug + std::str::FromStr<Err = String>>() {
            for v in T::ALL {
                assert_eq!(T::parse_name(v.name()), Ok(*v));
                assert_eq!(v.name().parse::<T>(), Ok(*v));
                assert!(!v.help().is_empty());
            }
            let mut names = T::names();
            names.dedup();
            assert_eq!(names.len(), T::ALL.len());
            assert!(
                T::parse_name("no such choice")
                    .unwrap_err()
                    .contains("expected one of")
            );
        }
        check::<crate::study::Model>();
        check::<crate::calendar::NonTrading>();
        check::<crate::simulate::PriceFormat>();
        check::<crate::events::EventLayout>();
        check::<crate::import::PriceField>();
        check::<crate::study::overlap::Overlap>();
        check::<crate::export::OutputFormat>();
        check::<crate::study::Measure>();
        check::<crate::filings::Day0Rule>();
        check::<crate::study::event_time::Confounded>();
        check::<crate::job::study::Plot>();
    }
}
