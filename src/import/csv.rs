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
fn split_plain<'a>(line: &'a str, out: &mut Vec<&'a str>) {
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
    if let Some(v) = fast_decimal(s.as_bytes()) {
        return Ok(Some(v));
    }
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

/// Exact powers of ten as f64 (10^0 .. 10^22 are exactly representable).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Plain decimals such as `151.370003` or `322352000` (Clinger's fast path): the digits
/// as an integer below 2^53 divided by an exact power of ten is correctly rounded, so the
/// result is the one `str::parse` gives. `None` for anything else.
fn fast_decimal(b: &[u8]) -> Option<f64> {
    let (neg, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    if b.is_empty() || b.len() > 19 {
        return None;
    }
    let mut m: u64 = 0;
    let mut frac: Option<usize> = None;
    let mut digits = 0;
    for &c in b {
        match c {
            b'0'..=b'9' => {
                m = m * 10 + u64::from(c - b'0');
                digits += 1;
                if let Some(f) = frac.as_mut() {
                    *f += 1;
                }
            }
            b'.' if frac.is_none() => frac = Some(0),
            _ => return None,
        }
    }
    if digits == 0 || m > (1 << 53) {
        return None;
    }
    let v = m as f64 / POW10[frac.unwrap_or(0)];
    Some(if neg { -v } else { v })
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

/// Calls `f(line_number, cells)` for every non-blank line after the first `skip` lines.
/// Text without double quotes is cut in one pass over commas and newlines; quoted text
/// goes line by line through [`split`].
///
/// # Errors
/// The first error `f` returns.
pub fn for_each_row<'a, E>(
    text: &'a str,
    skip: usize,
    mut f: impl FnMut(usize, &[&'a str]) -> Result<(), E>,
) -> Result<(), E> {
    let mut cells: Vec<&'a str> = Vec::with_capacity(16);
    let bytes = text.as_bytes();
    if memchr::memchr(b'"', bytes).is_some() {
        for (lineno, line) in lines(text).skip(skip) {
            if line.trim().is_empty() {
                continue;
            }
            split(line, &mut cells);
            f(lineno, &cells)?;
        }
        return Ok(());
    }
    let mut start = 0;
    let mut lineno = 1;
    while lineno <= skip {
        match memchr::memchr(b'\n', &bytes[start..]) {
            Some(p) => {
                start += p + 1;
                lineno += 1;
            }
            None => return Ok(()),
        }
    }
    let mut field = start;
    let mut row = |lineno: usize, cells: &mut Vec<&'a str>, field: usize, end: usize| {
        let end = if end > field && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        cells.push(&text[field..end]);
        let blank = cells.len() == 1 && cells[0].trim().is_empty();
        let r = if blank { Ok(()) } else { f(lineno, cells) };
        cells.clear();
        r
    };
    for pos in memchr::memchr2_iter(b',', b'\n', &bytes[start..]) {
        let pos = start + pos;
        if bytes[pos] == b',' {
            cells.push(&text[field..pos]);
        } else {
            row(lineno, &mut cells, field, pos)?;
            lineno += 1;
        }
        field = pos + 1;
    }
    if field < bytes.len() || !cells.is_empty() {
        row(lineno, &mut cells, field, bytes.len())?;
    }
    Ok(())
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
    fn rows_in_one_pass_match_line_by_line_splitting() {
        for text in [
            "h1,h2\n1,2\n\n3,4",
            "h1,h2\r\n1,2\r\n3,\r\n",
            "h\n\"a,b\",c\n",
            "h1,h2\n  \n5,6\n",
            "only header",
        ] {
            let mut fast = Vec::new();
            for_each_row(text, 1, |n, c| {
                fast.push((n, c.iter().map(|s| s.to_string()).collect::<Vec<_>>()));
                Ok::<(), ()>(())
            })
            .unwrap();
            let mut slow = Vec::new();
            let mut cells = Vec::new();
            for (n, l) in lines(text).skip(1) {
                if l.trim().is_empty() {
                    continue;
                }
                split(l, &mut cells);
                slow.push((n, cells.iter().map(|s| s.to_string()).collect::<Vec<_>>()));
            }
            assert_eq!(fast, slow, "{text:?}");
        }
    }

    #[test]
    fn the_fast_path_agrees_with_the_standard_parser() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = (x % 17 + 1) as usize;
            let dot = (x >> 8) as usize % (digits + 2);
            let mut s: String = (0..digits)
                .map(|i| char::from(b'0' + ((x >> (i * 3)) % 10) as u8))
                .collect();
            if dot <= digits {
                s.insert(dot, '.');
            }
            if x & 1 == 1 {
                s.insert(0, '-');
            }
            if let Some(v) = fast_decimal(s.as_bytes()) {
                assert_eq!(v.to_bits(), s.parse::<f64>().unwrap().to_bits(), "{s}");
            }
        }
        for s in ["4.468750", "153.73", "0.1", "-0.5", "322352000", "1.", ".5"] {
            assert_eq!(fast_decimal(s.as_bytes()), s.parse::<f64>().ok(), "{s}");
        }
        for s in ["1e5", "", ".", "-", "1.2.3", "12345678901234567890", "nan"] {
            assert_eq!(fast_decimal(s.as_bytes()), None, "{s}");
        }
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
