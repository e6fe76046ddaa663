//! The CSV spelling of cells, shared by every file the tool writes: text quoted when it
//! must be, numbers in their shortest exact form, days as `YYYY-MM-DD`, missing values
//! empty; a table's lines, and large tables written a chunk at a time.

use std::io::Write;

use super::{Cell, Table};

/// A text field, quoted when it holds a comma, a quote or a line end.
pub fn field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

/// Numbers smaller than this in magnitude are written in exponent form (`5.1e-58`), which
/// is then the shortest exact spelling; others as plain decimals (`0.015590936`).
pub const EXPONENT_BELOW: f64 = 1e-4;

/// A number as CSV text: the shortest spelling that reads back to the same value.
pub fn number_text(v: f64) -> String {
    let mut out = Vec::with_capacity(24);
    push_number(&mut out, v);
    // Only ASCII digits, signs, points and exponents are written.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends `v` as [`number_text`] spells it: the text of Rust's `{}` (or of `{:e}` below
/// [`EXPONENT_BELOW`]), made from Ryū's shortest digits, which are the same digits, about
/// three times faster (the large tables hold tens of millions of numbers). `NaN` and the
/// infinities are written as Rust writes them.
pub fn push_number(out: &mut Vec<u8>, v: f64) {
    if !v.is_finite() {
        out.extend_from_slice(v.to_string().as_bytes());
        return;
    }
    if !tie_free(v) {
        // Zero, whole numbers and short fractions, where two spellings can be equally
        // close and Rust and Ryū break the tie differently.
        let text = if v != 0.0 && v.abs() < EXPONENT_BELOW {
            format!("{v:e}")
        } else {
            v.to_string()
        };
        out.extend_from_slice(text.as_bytes());
        return;
    }
    let mut buf = ryu::Buffer::new();
    let text = buf.format_finite(v).as_bytes();
    // Ryū writes plain decimals from 1e-5 up to 1e16 (its point within 16 digits); the
    // test below checks the spelling either way.
    let plain = (EXPONENT_BELOW..1e15).contains(&v.abs());
    debug_assert!(!plain || !text.contains(&b'e'));
    if plain || (v.abs() >= EXPONENT_BELOW && !text.contains(&b'e')) {
        // Ryū's plain decimals are Rust's, but for the ".0" of whole numbers.
        out.extend_from_slice(text.strip_suffix(b".0").unwrap_or(text));
        return;
    }
    let (neg, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let (digits, n, point) = digits_of(text);
    if neg {
        out.push(b'-');
    }
    push_digits(out, &digits[..n], point, v.abs() < EXPONENT_BELOW);
}

/// Ryū's text of a positive number as `0.DIGITS x 10^point`: the digits without leading or
/// trailing zeros, how many, and the point.
#[inline]
fn digits_of(text: &[u8]) -> ([u8; 24], usize, i32) {
    let mut digits = [0u8; 24];
    let mut n = 0;
    let point: i32;
    if let Some(e) = text.iter().position(|&c| c == b'e') {
        for &c in text[..e].iter().filter(|c| c.is_ascii_digit()) {
            digits[n] = c;
            n += 1;
        }
        let exp: i32 = std::str::from_utf8(&text[e + 1..])
            .ok()
            .and_then(|x| x.parse().ok())
            .unwrap_or(0);
        point = exp + 1;
    } else {
        let dot = text.iter().position(|&c| c == b'.').unwrap_or(text.len());
        let mut p = dot as i32;
        for &c in text.iter().filter(|c| c.is_ascii_digit()) {
            if n == 0 && c == b'0' {
                // A leading zero ("0." and the fraction's zeros): the point moves left.
                p -= 1;
                continue;
            }
            digits[n] = c;
            n += 1;
        }
        point = p;
    }
    while n > 1 && digits[n - 1] == b'0' {
        n -= 1;
    }
    (digits, n, point)
}

/// Appends digits `0.DIGITS x 10^point` as Rust spells them: `{:e}` when `small`, else
/// plain decimals.
#[inline]
fn push_digits(out: &mut Vec<u8>, digits: &[u8], point: i32, small: bool) {
    let n = digits.len();
    if small {
        // Rust's {:e}: D[.DDD]e-X.
        out.push(digits[0]);
        if n > 1 {
            out.push(b'.');
            out.extend_from_slice(&digits[1..]);
        }
        out.push(b'e');
        push_int(out, i64::from(point - 1));
    } else if point <= 0 {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', (-point) as usize));
        out.extend_from_slice(digits);
    } else if (point as usize) < n {
        out.extend_from_slice(&digits[..point as usize]);
        out.push(b'.');
        out.extend_from_slice(&digits[point as usize..]);
    } else {
        out.extend_from_slice(digits);
        out.extend(std::iter::repeat_n(b'0', point as usize - n));
    }
}

/// True when no two shortest spellings of `v` can be equally close to it, so that Ryū's
/// digits are Rust's. A tie needs the exact decimal value of `v` to have at most 18
/// significant digits; `v = m 2^-k` (m odd) has exactly as many as `m 5^k`, which ends in 5,
/// so a fraction with `log10(m) + k log10(5)` above 18.5 has more and cannot tie.
fn tie_free(v: f64) -> bool {
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mant, e2) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    if mant == 0 {
        return false;
    }
    let tz = i64::from(mant.trailing_zeros());
    let (m, e) = (mant >> tz, e2 + tz);
    // log10(m) is at least (bits of m - 1) log10(2).
    let bits_m = f64::from(64 - m.leading_zeros());
    let log10_5 = 1.0 - std::f64::consts::LOG10_2;
    e < 0 && (bits_m - 1.0) * std::f64::consts::LOG10_2 + (-e) as f64 * log10_5 > 18.5
}

/// Writes a comma and then `v` as [`number_text`] spells it, or only the comma when `v` is
/// not finite (a missing value), without a temporary string: for the large tables written
/// row by row.
///
/// # Errors
/// I/O failure.
pub fn write_number(out: &mut dyn Write, v: f64) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(32);
    push_field_number(&mut buf, v);
    out.write_all(&buf)
}

/// Appends a comma and then `v` as [`number_text`] spells it, or only the comma when `v`
/// is not finite (a missing value).
pub fn push_field_number(out: &mut Vec<u8>, v: f64) {
    out.push(b',');
    if v.is_finite() {
        push_number(out, v);
    }
}

/// Appends text as a CSV field ([`field`]).
pub fn push_text(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(field(s).as_bytes());
}

/// Appends a whole number in decimal.
pub fn push_int(out: &mut Vec<u8>, v: i64) {
    let mut digits = [0u8; 20];
    let mut n = 0;
    let mut u = v.unsigned_abs();
    loop {
        digits[n] = b'0' + (u % 10) as u8;
        n += 1;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if v < 0 {
        out.push(b'-');
    }
    out.extend(digits[..n].iter().rev());
}

/// Appends a day as `YYYY-MM-DD` ([`crate::date::format`]).
pub fn push_date(out: &mut Vec<u8>, d: crate::date::Day) {
    let (y, m, dd) = crate::date::civil_from_days(d);
    if (0..10_000).contains(&y) {
        let y = y as u32;
        out.extend_from_slice(&[
            b'0' + (y / 1000) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
            b'-',
            b'0' + (m / 10) as u8,
            b'0' + (m % 10) as u8,
            b'-',
            b'0' + (dd / 10) as u8,
            b'0' + (dd % 10) as u8,
        ]);
    } else {
        out.extend_from_slice(crate::date::format(d).as_bytes());
    }
}

/// Appends a cell as [`cell_text`] spells it, without making a string.
pub fn push_cell(out: &mut Vec<u8>, c: &Cell) {
    match c {
        Cell::Null => {}
        Cell::Str(s) => push_text(out, s),
        Cell::Int(i) => push_int(out, *i),
        Cell::Num(v) | Cell::Ret(v) | Cell::Share(v) => push_number(out, *v),
        Cell::Date(d) => push_date(out, *d),
        Cell::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
    }
}

/// A cell as CSV text.
pub fn cell_text(c: &Cell) -> String {
    let mut out = Vec::new();
    push_cell(&mut out, c);
    // Cells are written from strings, digits and ASCII signs.
    String::from_utf8(out).unwrap_or_default()
}

/// The header line of a table's columns.
pub fn header_line(columns: &[String]) -> String {
    let header: Vec<_> = columns.iter().map(|c| field(c)).collect();
    format!("{}\n", header.join(","))
}

/// Appends one row as a CSV line.
pub fn push_row(row: &[Cell], line: &mut Vec<u8>) {
    for (i, c) in row.iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        push_cell(line, c);
    }
    line.push(b'\n');
}

/// Writes a table: its header line, then a line per row.
///
/// # Errors
/// Only the writer's I/O errors.
pub fn write_table(table: &Table, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(header_line(&table.columns).as_bytes())?;
    let mut line = Vec::new();
    for row in &table.rows {
        line.clear();
        push_row(row, &mut line);
        out.write_all(&line)?;
    }
    Ok(())
}

/// Items made into text per chunk at once by [`write_chunked`].
pub const CHUNK_ITEMS: usize = 2048;

/// Writes `header` and then the lines of `n` items, made by `lines(range, buffer)` for
/// chunks of [`CHUNK_ITEMS`] items on every thread and written in order by a thread of its
/// own while the next chunks are made: the same bytes as one pass, with a few chunks in
/// memory at a time (for the large per-event tables).
///
/// # Errors
/// I/O failure of `out`, or the first error of `lines`.
pub fn write_chunked(
    out: &mut (dyn Write + Send),
    header: &str,
    n: usize,
    lines: impl Fn(std::ops::Range<usize>, &mut Vec<u8>) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    out.write_all(header.as_bytes())?;
    let per_batch = CHUNK_ITEMS * 4 * rayon::current_num_threads();
    std::thread::scope(|scope| {
        // Two batches of text wait at most while the writer writes a third.
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Vec<u8>>>(2);
        let writer = scope.spawn(move || -> std::io::Result<()> {
            for texts in receive {
                for t in texts {
                    out.write_all(&t)?;
                }
            }
            Ok(())
        });
        let made = (|| {
            for start in (0..n).step_by(per_batch) {
                let end = (start + per_batch).min(n);
                let texts = (start..end)
                    .step_by(CHUNK_ITEMS)
                    .collect::<Vec<_>>()
                    .into_par_iter()
                    .map(|a| {
                        let mut buf = Vec::new();
                        lines(a..(a + CHUNK_ITEMS).min(end), &mut buf)?;
                        Ok(buf)
                    })
                    .collect::<std::io::Result<Vec<_>>>()?;
                if send.send(texts).is_err() {
                    // The writer stopped on an error, which it returns.
                    break;
                }
            }
            Ok(())
        })();
        drop(send);
        let written = writer
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        written.and(made)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_and_dates_are_spelt_as_rust_and_date_format_spell_them() {
        for v in [0, 1, -1, 9, 10, -10, 240, 123_456_789, i64::MAX, i64::MIN] {
            let mut out = Vec::new();
            push_int(&mut out, v);
            assert_eq!(String::from_utf8(out).unwrap(), v.to_string());
        }
        // Days from year -1 to 10001, every 7th.
        for d in (-719_893..2_933_000).step_by(7) {
            let mut out = Vec::new();
            push_date(&mut out, d);
            assert_eq!(String::from_utf8(out).unwrap(), crate::date::format(d));
        }
    }

    #[test]
    fn tiny_numbers_use_the_exponent_form() {
        assert_eq!(number_text(5.1e-58), "5.1e-58");
        assert_eq!(number_text(0.015_590_936), "0.015590936");
        assert_eq!(number_text(-3e-5), "-3e-5");
        assert_eq!(number_text(0.0), "0");
        for v in [5.1e-58, 1.234_567_890_123e-7, 0.000_123, 12.5] {
            assert_eq!(number_text(v).parse::<f64>().unwrap(), v);
        }
    }

    use rand::{RngExt, SeedableRng, rngs::StdRng};

    /// What `push_number` must write: Rust's own spellings.
    fn rust_text(v: f64) -> String {
        if v != 0.0 && v.abs() < EXPONENT_BELOW {
            format!("{v:e}")
        } else {
            v.to_string()
        }
    }

    #[test]
    fn numbers_are_spelt_as_rust_spells_them() {
        let mut rng = StdRng::seed_from_u64(7);
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.1 + 0.2,
            1e-4,
            -1e-4,
            9.999_999_999_999_999e-5,
            1.5e-7,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            f64::MIN,
            1e15,
            1e16,
            1e17,
            123_456_789.0,
            0.015_590_936,
            1e21,
            1e22,
            // Exactly halfway between two shortest spellings: Ryū and Rust round apart.
            -1_568_198_730_543_435.2,
            0.125,
            2.5,
            1e23,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for _ in 0..300_000 {
            // Any bit pattern, and values of the sizes the tables hold.
            values.push(f64::from_bits(rng.random::<u64>()));
            let e = rng.random_range(-12..12);
            values.push(rng.random_range(-1.0..1.0) * 10f64.powi(e));
            values.push(f64::from(rng.random_range(-100_000..100_000)) / 1000.0);
        }
        for v in values {
            let mut out = Vec::new();
            push_number(&mut out, v);
            assert_eq!(String::from_utf8(out).unwrap(), rust_text(v), "{v:?}");
        }
    }
}
