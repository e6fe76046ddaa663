//! The names of the settings a user gives a study, as each front end spells them: the
//! command line's flag (`--min-estimation`) and Python's keyword (`min_estimation=`).
//!
//! A library message that names a setting holds its [`Setting::mark`]; [`for_command_line`]
//! and [`for_python`] spell the marks the way the reader's front end does, so the same
//! error reads `--min-estimation 300 is more than ...` in a terminal and
//! `min_estimation=300 is more than ...` in a notebook.

/// Implements the table of settings: variant, flag and keyword.
macro_rules! settings {
    ($($v:ident => $flag:literal, $kw:literal;)+) => {
        /// A setting of a study (and of `report`), named as the front ends name it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Setting {
            $(
                #[doc = concat!("`", $flag, "`, `", $kw, "=`.")]
                $v,
            )+
        }

        impl Setting {
            /// Every setting, in the order of the command line's help.
            pub const ALL: &'static [Setting] = &[$(Setting::$v),+];

            /// The command line's flag, `--min-estimation`.
            pub fn flag(self) -> &'static str {
                match self {
                    $(Setting::$v => $flag),+
                }
            }

            /// Python's keyword, `min_estimation`.
            pub fn keyword(self) -> &'static str {
                match self {
                    $(Setting::$v => $kw),+
                }
            }
        }
    };
}

settings! {
    Measure => "--measure", "measure";
    Model => "--model", "model";
    Estimation => "--estimation", "estimation";
    Windows => "--window", "windows";
    ChartWindow => "--chart-window", "chart_window";
    MinEstimation => "--min-estimation", "min_estimation";
    GroupBy => "--group-by", "group_by";
    Factors => "--factors", "factors";
    Overlap => "--overlap", "overlap";
    CleanEstimation => "--clean-estimation", "clean_estimation";
    Explain => "--explain", "explain";
    Se => "--se", "se";
    Day0 => "--day0", "day0";
    ConfoundWindow => "--confound-window", "confound_window";
    Confounded => "--confounded", "confounded";
    Rivals => "--rivals", "rivals";
    PeerList => "--peer-list", "peer_list";
    MinGroupSize => "--min-group-size", "min_group_size";
    NonTrading => "--non-trading", "non_trading";
    Price => "--price", "price";
    LogReturns => "--log-returns", "log_returns";
    SecFilings => "--sec-filings", "sec_filings";
    SecBaseUrl => "--sec-base-url", "sec_base_url";
    UserAgent => "--user-agent", "user_agent";
    FilingItems => "--filing-items", "filing_items";
    FilingSearch => "--filing-search", "filing_search";
    Confounders => "--confounders", "confounders";
}

/// Opens and closes a mark in a message.
const MARK: char = '\u{1}';

/// Follows a mark that no value follows ([`Setting::named`]).
const NAMED: char = '\u{2}';

impl Setting {
    /// The setting's mark in a message, spelt by [`for_command_line`] or [`for_python`].
    pub fn mark(self) -> String {
        format!("{MARK}{}{MARK}", self.keyword())
    }

    /// The setting's mark where no value follows it, though a word does ("give a
    /// `windows=` that starts later"): Python keeps the space after it.
    pub fn named(self) -> String {
        format!("{}{NAMED}", self.mark())
    }

    /// The setting Python calls `keyword`.
    pub fn from_keyword(keyword: &str) -> Option<Setting> {
        Setting::ALL
            .iter()
            .copied()
            .find(|s| s.keyword() == keyword)
    }
}

impl std::fmt::Display for Setting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.mark())
    }
}

/// Spells every mark of `message` with `spell` (a setting of the study) or `spell_other`
/// (another job's keyword). A spelling ending in `=` takes the space after the mark too,
/// so the value follows it, unless the mark is [`Setting::named`].
fn spell(
    message: &str,
    spell: impl Fn(Setting) -> String,
    spell_other: impl Fn(&str) -> String,
) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(a) = rest.find(MARK) {
        out.push_str(&rest[..a]);
        let after = &rest[a + 1..];
        let Some(b) = after.find(MARK) else {
            out.push_str(after);
            return out;
        };
        let (name, tail) = (&after[..b], &after[b + 1..]);
        let (tail, named) = match tail.strip_prefix(NAMED) {
            Some(t) => (t, true),
            None => (tail, false),
        };
        // A setting of another job (`--sec`, `sec=`): its flag is its keyword in kebab case.
        let text = Setting::from_keyword(name).map_or_else(|| spell_other(name), &spell);
        out.push_str(&text);
        rest = match tail.strip_prefix(' ') {
            Some(t) if !named && text.ends_with('=') => t,
            _ => tail,
        };
    }
    out.push_str(rest);
    out
}

/// The mark of a setting of another job than the study's (`sec`, `sec_names` of reading
/// events), by its Python keyword.
pub fn mark_of(keyword: &str) -> String {
    format!("{MARK}{keyword}{MARK}{NAMED}")
}

/// A message with its settings spelt as flags: `--window 0:0`.
pub fn for_command_line(message: &str) -> String {
    spell(
        message,
        |s| s.flag().to_string(),
        |k| format!("--{}", k.replace('_', "-")),
    )
}

/// A message with its settings spelt as keywords: `windows=0:0`, or `windows=` where no
/// value follows.
pub fn for_python(message: &str) -> String {
    spell(
        message,
        |s| format!("{}=", s.keyword()),
        |k| format!("{k}="),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_spelt_for_each_front_end() {
        let m = format!(
            "{} 300 is more than the 240 days of {} -250:-11; give a {} that starts later",
            Setting::MinEstimation,
            Setting::Estimation,
            Setting::Windows.named()
        );
        assert_eq!(
            for_command_line(&m),
            "--min-estimation 300 is more than the 240 days of --estimation -250:-11; give a \
             --window that starts later"
        );
        assert_eq!(
            for_python(&m),
            "min_estimation=300 is more than the 240 days of estimation=-250:-11; give a \
             windows= that starts later"
        );
        assert_eq!(for_python("no marks"), "no marks");
        let other = format!(
            "{} adds names: give {}",
            mark_of("sec_names"),
            mark_of("sec")
        );
        assert_eq!(
            for_command_line(&other),
            "--sec-names adds names: give --sec"
        );
        assert_eq!(for_python(&other), "sec_names= adds names: give sec=");
    }

    #[test]
    fn flags_and_keywords_are_one_to_one() {
        for s in Setting::ALL {
            assert_eq!(Setting::from_keyword(s.keyword()), Some(*s));
            // The flag is the keyword in kebab case; `--window` is repeated for `windows=`.
            let kebab = format!("--{}", s.keyword().replace('_', "-"));
            assert!(s.flag() == kebab || *s == Setting::Windows, "{s:?}");
        }
    }
}
