//! The command-line values of the library's choices (`--model market-adjusted`,
//! `--non-trading next`, ...): clap's `ValueEnum`, read from the spellings and help the
//! library's enums carry ([`crate::spelling`]), so that the library does not depend on clap.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::spelling::Spelled;

/// Implements `ValueEnum` for library enums from their [`Spelled`] spellings.
macro_rules! value_enum {
    ($($t:ty),+ $(,)?) => {$(
        impl ValueEnum for $t {
            fn value_variants<'a>() -> &'a [Self] {
                <$t as Spelled>::ALL
            }
            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(Spelled::name(*self)).help(Spelled::help(*self)))
            }
        }
    )+};
}

value_enum!(
    crate::study::Model,
    crate::calendar::NonTrading,
    crate::simulate::PriceFormat,
    crate::events::EventLayout,
    crate::import::PriceField,
    crate::study::overlap::Overlap,
    crate::export::OutputFormat,
    crate::study::Measure,
    crate::filings::Day0Rule,
    crate::study::event_time::Confounded,
);

#[cfg(test)]
mod tests {
    use super::*;

    /// clap reads back every spelling the library gives.
    #[test]
    fn clap_values_are_the_library_spellings() {
        fn check<T: ValueEnum + Spelled + std::fmt::Debug>() {
            for v in <T as Spelled>::ALL {
                assert_eq!(&<T as ValueEnum>::from_str(v.name(), false).unwrap(), v);
            }
        }
        check::<crate::study::Model>();
        check::<crate::calendar::NonTrading>();
        check::<crate::study::Measure>();
        check::<crate::filings::Day0Rule>();
        check::<crate::study::event_time::Confounded>();
        check::<crate::study::overlap::Overlap>();
    }
}
