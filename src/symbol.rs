//! Ticker symbols: the one strict pattern every ticker passes before it reaches a URL, a
//! file name or a lookup (`AMZN`, `BRK-B`, `BRK.B`, `^GSPC`, `AAPL.US`, `EURUSD=X`).

use crate::error::Invalid;

/// Longest ticker accepted.
pub const MAX_LEN: usize = 20;

/// The ticker in upper case when it fits the pattern: an optional leading `^`, then a
/// letter or digit, then letters, digits, `.`, `-` or `=`, at most [`MAX_LEN`] characters
/// in all. Anything that could be a path or a URL part (`/`, `\`, `?`, `&`, `%`, `..`,
/// spaces, control characters) is refused.
///
/// ```
/// use layoff_study::symbol::check;
/// assert_eq!(check(" brk-b ").as_deref(), Ok("BRK-B"));
/// assert!(check("AAPL?X=/../../../PWN").is_err());
/// assert!(check("/x/y").is_err());
/// ```
///
/// # Errors
/// Why the text is not a ticker, in words (the caller names the flag or file).
pub fn check(raw: &str) -> Result<String, Invalid> {
    let t = raw.trim().to_ascii_uppercase();
    let shown: String = t.chars().take(40).collect();
    let shown = if t.chars().count() > 40 {
        format!("{shown}...")
    } else {
        shown
    };
    if t.is_empty() {
        return Err(Invalid(
            "empty ticker: expected a symbol such as AMZN".into(),
        ));
    }
    if t.len() > MAX_LEN {
        return Err(Invalid(format!(
            "ticker {shown:?} is {} characters long: expected at most {MAX_LEN}",
            t.chars().count()
        )));
    }
    let body = t.strip_prefix('^').unwrap_or(&t);
    let first_ok = body
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric());
    let rest_ok = body
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'='));
    if !first_ok || !rest_ok || body.contains("..") {
        return Err(Invalid(format!(
            "ticker {shown:?} is not a symbol: expected letters, digits, '.', '-' or '=' \
             (a leading '^' for an index), such as AMZN, BRK-B or ^GSPC"
        )));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_symbols_pass() {
        for t in [
            "AMZN", "brk.b", "BRK-B", "^GSPC", "AAPL.US", "EURUSD=X", "7203.T", "^N225",
        ] {
            assert!(check(t).is_ok(), "{t}");
        }
    }

    #[test]
    fn paths_and_url_parts_are_refused() {
        for t in [
            "AAPL?X=/../../../PWN",
            "AAPL.US&X=/../../../PWN",
            "/x/y",
            "..",
            "A..B",
            "a b",
            "A%2F",
            "C:\\x",
            "^",
            "-A",
            ".A",
            "A\u{0}",
            "ÅAPL",
            "",
            &"A".repeat(10_000),
        ] {
            assert!(check(t).is_err(), "{t:?}");
        }
    }
}
