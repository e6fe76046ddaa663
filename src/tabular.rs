//! The text side of every CSV layout: an RFC 4180 record reader (quotes, doubled quotes,
//! quoted newlines, LF, CRLF and CR-only line ends), a one-pass fast path for quote-free
//! text, strict cell parsing (`$`, thousands separators, `null`) and the header
//! normalisation used for detection.

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
    let s = s
        .trim_start_matches('\u{feff}')
        .trim()
        .trim_matches('"')
        .trim()
        .to_ascii_lowercase();
    // Whitespace runs (line breaks of a wrapped header, doubled spaces) as one space.
    if s.contains(|c: char| c.is_whitespace() && c != ' ') || s.contains("  ") {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        s
    }
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

/// A cell that should hold a number and does not (the caller names the cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// Parses a number cell: `153.73`, `$153.73`, `31,981,150`, ` 0.54`. `Ok(None)` for a
/// missing cell, `Err(NotANumber)` for text that is not a number.
pub fn number(s: &str) -> Result<Option<f64>, NotANumber> {
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
        if !thousands_grouped(t) {
            return Err(NotANumber);
        }
        t.replace(',', "").parse::<f64>()
    } else {
        t.parse::<f64>()
    };
    match v {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(NotANumber),
    }
}

/// True for `1,234` or `-31,981,150.5`: one to three digits, then groups of exactly three.
/// A decimal comma (`185,14`) or a stray comma (`185,952713`) is not a grouping.
fn thousands_grouped(t: &str) -> bool {
    let t = t.strip_prefix('-').unwrap_or(t);
    let int = t.split('.').next().unwrap_or("");
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
        && !t[int.len()..].contains(',')
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
    // One pass finds NUL bytes and lone CRs (classic Mac line ends).
    let mut lone_cr = false;
    for at in memchr::memchr2_iter(0, b'\r', &bytes) {
        if bytes[at] == 0 {
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(Error::data(
                path,
                Some(line),
                None,
                "a NUL byte: this is a binary file, not CSV text",
            ));
        }
        lone_cr |= bytes.get(at + 1) != Some(&b'\n');
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(if lone_cr { cr_to_lf(s) } else { s })
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

/// Turns lone CRs (classic Mac line ends) into LFs, so that every reader sees one line per
/// record; CRLF stays as it is and line numbers do not change.
fn cr_to_lf(s: String) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    for (i, &c) in b.iter().enumerate() {
        if c == b'\r' && b.get(i + 1) != Some(&b'\n') {
            out.push(b'\n');
        } else {
            out.push(c);
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    String::from_utf8(out).unwrap_or_default()
}

/// One record of a CSV text: its 1-based first line and its fields, unquoted.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Line on which the record starts.
    pub line: usize,
    /// Fields with quotes removed and doubled quotes undoubled.
    pub fields: Vec<String>,
}

/// Reads every record of a CSV text with an RFC 4180 reader: quoted fields may hold commas,
/// doubled quotes and newlines. Blank lines are skipped.
///
/// # Errors
/// A quoted field that is never closed, named by the line it starts on.
pub fn records(path: &Path, text: &str) -> Result<Vec<Record>> {
    let mut out = Vec::new();
    each_record(path, text, |line, rec| {
        out.push(Record {
            line,
            fields: rec.iter().map(str::to_string).collect(),
        });
        Ok(())
    })?;
    Ok(out)
}

/// [`records`] one record at a time, each given to `f` with its line, without keeping
/// them (for the large files).
///
/// # Errors
/// A quoted field that is never closed, named by the line it starts on, or the first
/// error of `f`.
pub fn each_record(
    path: &Path,
    text: &str,
    mut f: impl FnMut(usize, &::csv::StringRecord) -> Result<()>,
) -> Result<()> {
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rec = ::csv::StringRecord::new();
    // Line numbers from byte offsets: the line of a record is that of its first byte that
    // is not a line end (the reader may count a CRLF's LF, or blank lines, as its start).
    let bytes = text.as_bytes();
    let (mut at, mut line) = (0usize, 1usize);
    let mut line_of = |offset: usize| {
        let mut start = offset.min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= at {
            line += memchr::memchr_iter(b'\n', &bytes[at..start]).count();
            at = start;
        }
        line
    };
    // The last record's line, when one of its fields holds a line end.
    let mut last_multiline = None;
    loop {
        let offset = rdr.position().byte() as usize;
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let offset = rec.position().map_or(offset, |p| p.byte() as usize);
                let line = line_of(offset);
                if rec.len() == 1 && rec[0].trim().is_empty() {
                    continue;
                }
                last_multiline = rec.iter().any(|f| f.contains('\n')).then_some(line);
                f(line, &rec)?;
            }
            Err(e) => {
                return Err(Error::data(
                    path,
                    Some(line_of(offset)),
                    None,
                    format!("unreadable CSV: {e}"),
                ));
            }
        }
    }
    if let Some(line) = last_multiline
        && text.matches('"').count() % 2 == 1
    {
        return Err(Error::data(
            path,
            Some(line),
            None,
            "a quoted field is never closed: expected a closing double quote",
        ));
    }
    Ok(())
}

/// A CSV table read whole: the header as written, the header normalised for matching
/// names ([`norm_header`]), and the data records, each as wide as the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Header cells as written.
    pub header: Vec<String>,
    /// Header cells lower-cased and trimmed.
    pub names: Vec<String>,
    /// Data records.
    pub rows: Vec<Record>,
}

impl Sheet {
    /// Reads a CSV text whose first record is its header.
    ///
    /// # Errors
    /// An unclosed quote, or a record of another width than the header (named by line).
    pub fn parse(path: &Path, text: &str) -> Result<Sheet> {
        let mut records = records(path, text)?.into_iter();
        let header = records.next().map(|r| r.fields).unwrap_or_default();
        let names: Vec<String> = header.iter().map(|c| norm_header(c)).collect();
        let rows: Vec<Record> = records.collect();
        for r in &rows {
            check_width(path, r.line, r.fields.len(), header.len())?;
        }
        Ok(Sheet {
            header,
            names,
            rows,
        })
    }

    /// The position of the first column whose normalised name is one of `names`.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.names.iter().position(|c| names.contains(&c.as_str()))
    }
}

/// Checks that a record has as many fields as the header.
///
/// # Errors
/// More or fewer fields, named by file and line.
pub fn check_width(path: &Path, line: usize, found: usize, header: usize) -> Result<()> {
    if found == header {
        return Ok(());
    }
    Err(Error::data(
        path,
        Some(line),
        None,
        format!(
            "{found} fields where the header has {header}: expected one field per header name \
             (a stray or decimal comma inside a value, or a name missing from the header?)"
        ),
    ))
}

/// Calls `f(line_number, cells)` for every non-blank line after the first `skip` lines.
/// Text without double quotes is cut in one pass over commas and newlines; quoted text
/// goes line by line through [`split`].
///
/// # Errors
/// The first error `f` returns.
pub fn for_each_row<'a>(
    path: &Path,
    text: &'a str,
    skip: usize,
    mut f: impl FnMut(usize, &[&str]) -> Result<()>,
) -> Result<()> {
    let mut cells: Vec<&'a str> = Vec::with_capacity(16);
    let bytes = text.as_bytes();
    if memchr::memchr(b'"', bytes).is_some() {
        for rec in records(path, text)? {
            if rec.line <= skip {
                continue;
            }
            let fields: Vec<&str> = rec.fields.iter().map(String::as_str).collect();
            f(rec.line, &fields)?;
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
            for_each_row(Path::new("t.csv"), text, 1, |n, c| {
                fast.push((n, c.iter().map(|s| s.to_string()).collect::<Vec<_>>()));
                Ok(())
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
    fn records_follow_rfc_4180() {
        let p = Path::new("t.csv");
        let text = "a,b\r\n\"Foo \"\"Bar\"\" Inc\",\"two\nlines\"\r\n\r\nx,y";
        let r = records(p, text).unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].fields, ["Foo \"Bar\" Inc", "two\nlines"]);
        assert_eq!((r[1].line, r[2].line), (2, 5));
        let cr = text_from_bytes(p, b"a,b\r1,2\r3,4".to_vec()).unwrap();
        assert_eq!(records(p, &cr).unwrap().len(), 3);
        assert!(records(p, "a,b\n\"open,\nnever closed").is_err());
    }

    #[test]
    fn a_nul_byte_anywhere_is_binary() {
        let mut b = vec![b'a'; 100_000];
        b.push(0);
        let e = text_from_bytes(Path::new("x.csv"), b).unwrap_err();
        assert!(e.to_string().contains("NUL"), "{e}");
    }

    #[test]
    fn numbers() {
        assert_eq!(number("$153.73"), Ok(Some(153.73)));
        assert_eq!(number("31,981,150"), Ok(Some(31_981_150.0)));
        assert_eq!(number("   0.54"), Ok(Some(0.54)));
        assert_eq!(number("NULL"), Ok(None));
        assert_eq!(number(""), Ok(None));
        assert_eq!(number("abc"), Err(NotANumber));
        // A decimal or stray comma is not a thousands separator.
        assert_eq!(number("185,14"), Err(NotANumber));
        assert_eq!(number("185,952713"), Err(NotANumber));
        assert_eq!(number("1,85"), Err(NotANumber));
        assert_eq!(number("-1,234.5"), Ok(Some(-1234.5)));
        assert_eq!(number("inf"), Err(NotANumber));
    }
}
