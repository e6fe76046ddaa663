//! Car dealerships a listed automotive retailer owns and trades under its name ("Irvine
//! Imports, Inc. dba AutoNation Toyota Irvine", "Ontario Automotive, LLC d/b/a Penske Honda
//! Ontario"). A carmaker franchises its dealers; a dealer group does not, so its name before
//! a make is its own store's.

use super::{Match, SecIndex, first_of, words_of};

/// Car makes a dealership's trade name carries after its owner's name.
pub(super) const MAKES: &[&str] = &[
    "acura",
    "alfa",
    "audi",
    "bentley",
    "bmw",
    "buick",
    "cadillac",
    "chevrolet",
    "chevy",
    "chrysler",
    "dodge",
    "fiat",
    "ford",
    "genesis",
    "gmc",
    "honda",
    "hyundai",
    "infiniti",
    "jaguar",
    "jeep",
    "kia",
    "land",
    "lexus",
    "lincoln",
    "maserati",
    "mazda",
    "mercedes",
    "mini",
    "mitsubishi",
    "nissan",
    "porsche",
    "ram",
    "subaru",
    "toyota",
    "volkswagen",
    "volvo",
    "vw",
];

impl SecIndex {
    /// The listed automotive retailer whose name a dealership's trade name (after "dba")
    /// begins with, before a place or a car make: a company whose name says "automotive" or "motors",
    /// or begins with "auto" ("AutoNation", "Penske Automotive Group", "Lithia Motors"); not
    /// "Stoneridge Chrysler Jeep Dodge" for Stoneridge, Inc., a parts maker.
    pub(super) fn by_dealer_trade_name(&self, name: &str, stage: &str) -> Option<Match> {
        let lower = name.to_ascii_lowercase();
        let (i, n) = first_of(
            &lower,
            &[" dba ", " d/b/a ", " d.b.a. ", " dba: ", " d/b/a: "],
        )?;
        let trade = words_of(&name[i + n..]);
        let words: Vec<&str> = trade.split_whitespace().collect();
        let make = words.iter().position(|w| MAKES.contains(w))?;
        if make == 0 || make > 3 {
            return None;
        }
        // The owner's name, then a place ("AutoNation Roseville Honda"): the longest
        // beginning that names a retailer.
        (1..=make).rev().find_map(|k| {
            let Match::Found(c) = self.lookup_steps(&words[..k].join(" "), stage) else {
                return None;
            };
            let title = words_of(&c.company.title);
            let retailer = title
                .split_whitespace()
                .next()
                .is_some_and(|w| w.starts_with("auto"))
                || title
                    .split_whitespace()
                    .any(|w| matches!(w, "automotive" | "motors"));
            (retailer && c.company.on_major_exchange()).then_some(Match::Found(c))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::SecIndex;
    use super::super::tests::warn;

    /// A dealership trading under an automotive retailer's name before a make is the
    /// retailer's; under another company's name, or a franchisor's without a make, it is
    /// not.
    #[test]
    fn dealerships_of_listed_automotive_retailers() {
        let mut i = SecIndex::default();
        for (cik, t, n) in [
            (1, "AN", "AUTONATION, INC."),
            (2, "SRI", "STONERIDGE INC"),
            (3, "MCD", "MCDONALDS CORP"),
        ] {
            i.add(cik, t, n, Some("NYSE"));
        }
        let ticker = |name: &str| warn(&i, name).map(|(t, _)| t);
        assert_eq!(
            ticker("Irvine Imports, Inc. dba AutoNation Toyota Irvine").as_deref(),
            Some("AN")
        );
        assert_eq!(
            ticker("Auto Car, Inc. dba AutoNation Roseville Honda").as_deref(),
            Some("AN")
        );
        for name in [
            "Mathew Enterprise Inc. dba Stoneridge Chrysler Jeep Dodge",
            "Golden Arches of Stockton, Inc. dba McDonald's",
            "Irvine Imports, Inc.",
        ] {
            assert_eq!(ticker(name), None, "{name}");
        }
    }
}
