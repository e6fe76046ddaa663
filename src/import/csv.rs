//! The text side of every CSV layout: line splitting with quotes, cell clean-up
//! (`$`, thousands separators, `null`) and the header normalisation used for detection.

use std::path::Path;

use crate::error::{Error, Result};

/// Splits one CSV line into fields. Double-quoted fields may hold commas; their quotes are
/// removed (a doubled quote inside stays doubled, which no numeric or date cell contains).
pub fn split<'a>(line: &'a str, out: &mut Vec<&'a str>) {
    if !line.as_bytes().contains(&b'"') {
        split_plain(line, out);
        return;
    }
    out.clear();
    let b = line.as_bytes();
    let mut start = 0;
    let mut quoted = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                out.push(unquote(&line[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(unquote(&line[start..]));
}

/// Splits a line known to hold no double quote.
pub fn split_plain<'a>(line: &'a str, out: &mut Vec<&'a str>) {
    out.clear();
    let mut start = 0;
    for i in memchr::memchr_iter(b',', line.as_bytes()) {
        out.push(&line[start..i]);
        start = i + 1;
    }
    out.push(&line[start..]);
}

fn unquote(s: &str) -> &str {
    let t = s.trim();
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        &t[1..t.len() - 1]
    } else {
        s
    }
}

/// Lower-cased, trimmed header name without BOM or quotes, for layout detection.
pub fn norm_header(s: &str) -> String {
    s.trim_start_matches('\u{feff}')
        .trim()
        .trim_matches('"')
        .trim()
        .to_ascii_lowercase()
}

/// True for the spellings of a missing cell: empty, `null`, `NULL`, `NaN`, `N/A`, `-`.
pub fn is_missing(s: &str) -> bool {
    let t = s.trim();
    t.is_empty()
        || t.eq_ignore_ascii_case("null")
        || t.eq_ignore_ascii_case("nan")
        || t.eq_ignore_ascii_case("n/a")
        || t.eq_ignore_ascii_case("na")
        || t.eq_ignore_ascii_case("none")
        || t == "-"
}

/// Parses a number cell: `153.73`, `$153.73`, `31,981,150`, ` 0.54`. `Ok(None)` for a
/// missing cell, `Err(())` for text that is not a number.
#[allow(clippy::result_unit_err)]
pub fn number(s: &str) -> Result<Option<f64>, ()> {
    if let Ok(v) = s.parse::<f64>()
        && v.is_finite()
    {
        return Ok(Some(v));
    }
    if is_missing(s) {
        return Ok(None);
    }
    let t = s.trim();
    let t = t.strip_prefix('$').unwrap_or(t);
    let v = if t.contains(',') {
        t.replace(',', "").parse::<f64>()
    } else {
        t.parse::<f64>()
    };
    match v {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(()),
    }
}

/// Reads a whole file as text, with a clear error for an empty or binary file.
///
/// # Errors
/// I/O failure, an empty file, a file with NUL bytes or that is not UTF-8.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    text_from_bytes(path, bytes)
}

/// Checks that bytes are CSV text (not empty, no NUL byte, UTF-8) and strips a BOM.
///
/// # Errors
/// An empty file, a binary file, text that is not UTF-8.
pub fn text_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::data(
            path,
            None,
            None,
            "the file is empty: expected a header row and data rows",
        ));
    }
    if bytes[..bytes.len().min(65_536)].contains(&0) {
        return Err(Error::data(
            path,
            None,
            None,
            "this is a binary file, not CSV text",
        ));
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Error::data(
                path,
                Some(line),
                None,
                "the file is not UTF-8 text (binary data or another encoding)",
            ))
        }
    }
}

/// Iterates the lines of a text with their 1-based numbers, CR stripped.
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    let mut start = 0;
    ends.enumerate().map(move |(i, end)| {
        let l = &text[start..end];
        start = end + 1;
        (i + 1, l.strip_suffix('\r').unwrap_or(l))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_quoted_thousands() {
        let mut v = Vec::new();
        split(r#"01/10/2024,$153.73,"31,981,150",$152.06"#, &mut v);
        assert_eq!(v, ["01/10/2024", "$153.73", "31,981,150", "$152.06"]);
        split("a,,b", &mut v);
        assert_eq!(v, ["a", "", "b"]);
    }

    #[test]
    fn numbers() {
        assert_eq!(number("$153.73"), Ok(Some(153.73)));
        assert_eq!(number("31,981,150"), Ok(Some(31_981_150.0)));
        assert_eq!(number("   0.54"), Ok(Some(0.54)));
        assert_eq!(number("NULL"), Ok(None));
        assert_eq!(number(""), Ok(None));
        assert_eq!(number("abc"), Err(()));
        assert_eq!(number("inf"), Err(()));
    }
}
