//! The regression's tables and files: `regression.csv`, `regression_fit.csv` and
//! `regression_data.csv`.

use crate::content::{Cell, Table};
use crate::error::Result;
use crate::events::Event;
use crate::study::regression::{Explained, level};

/// `regression.csv`: `window,term,coef,se,t,p,ci_low,ci_high`.
pub fn coef_table(x: &Explained) -> Table {
    let mut t = Table::new(&[
        "window", "term", "coef", "se", "t", "p", "ci_low", "ci_high",
    ]);
    for f in &x.fits {
        for (name, c) in &f.coefs {
            let mut row = vec![Cell::str(f.window.to_string()), Cell::str(name)];
            row.extend(c.iter().map(|&v| Cell::num(v)));
            t.rows.push(row);
        }
    }
    t
}

/// Writes `regression_data.csv`: the events of each window's regression with every term
/// and the CAR, `window,event_id,company,NUMERIC...,CATEGORICAL...,car` (the categorical
/// terms as their levels, so the regression can be redone from the file), row by row (it
/// has a row per event and window).
///
/// # Errors
/// I/O failure.
pub fn write_data(
    out: &mut dyn std::io::Write,
    x: &Explained,
    events: &[Event],
) -> std::io::Result<()> {
    use crate::content::csv::{field, write_number};
    let names = x.fits.first().map(|f| f.data.0.clone()).unwrap_or_default();
    let mut cols = vec!["window", "event_id", "company"];
    cols.extend(names.iter().map(String::as_str));
    cols.extend(x.categorical.iter().map(String::as_str));
    cols.push("car");
    let header: Vec<_> = cols.iter().map(|c| field(c)).collect();
    writeln!(out, "{}", header.join(","))?;
    for f in &x.fits {
        for d in &f.data.1 {
            let e = &events[d.event];
            write!(out, "{},{},{}", f.window, field(&e.id), field(&e.company))?;
            for &v in &d.values {
                write_number(out, v)?;
            }
            for c in &x.categorical {
                write!(out, ",{}", field(&level(c, e).unwrap_or_default()))?;
            }
            write_number(out, d.car)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// Writes `regression.csv`, `regression_fit.csv` and `regression_data.csv` into `dir`.
///
/// # Errors
/// A file cannot be written.
pub fn write_files(dir: &std::path::Path, x: &Explained, events: &[Event]) -> Result<()> {
    crate::files::write_csv(&dir.join("regression.csv"), &coef_table(x))?;
    crate::files::write_csv(&dir.join("regression_fit.csv"), &fit_table(x))?;
    crate::files::write_atomic_with(&dir.join("regression_data.csv"), |f| {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        write_data(&mut w, x, events)?;
        std::io::Write::flush(&mut w)
    })
}

/// `regression_fit.csv`: `window,n,k,dropped,r2,adj_r2,f,p_f,se_type,clusters`.
pub fn fit_table(x: &Explained) -> Table {
    let mut t = Table::new(&[
        "window", "n", "k", "dropped", "r2", "adj_r2", "f", "p_f", "se_type", "clusters",
    ]);
    for f in &x.fits {
        t.rows.push(vec![
            Cell::str(f.window.to_string()),
            Cell::Int(f.n as i64),
            Cell::Int(f.k as i64),
            Cell::Int(f.dropped as i64),
            Cell::num(f.r2.0),
            Cell::num(f.r2.1),
            Cell::num(f.f.0),
            Cell::num(f.f.1),
            Cell::str(x.se.name()),
            f.clusters.map_or(Cell::Null, |c| Cell::Int(c as i64)),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::regression::{Fitted, SeType};

    /// The coefficient and fit tables have the columns of METHODS §7, one row per term
    /// and per window.
    #[test]
    fn the_tables_have_a_row_per_term_and_window() {
        let x = Explained {
            fits: vec![Fitted {
                data: (Vec::new(), Vec::new()),
                window: crate::study::Window::new(0, 0),
                coefs: vec![
                    ("const".into(), [0.1, 0.01, 10.0, 0.0, 0.08, 0.12]),
                    ("beta".into(), [0.2, 0.1, 2.0, 0.05, 0.0, 0.4]),
                ],
                n: 30,
                k: 2,
                dropped: 1,
                r2: (0.5, 0.48),
                f: (4.0, 0.05),
                f_undefined: None,
                clusters: None,
            }],
            se: SeType::Hc1,
            notes: Vec::new(),
            categorical: Vec::new(),
        };
        let c = coef_table(&x);
        assert_eq!(
            c.columns,
            [
                "window", "term", "coef", "se", "t", "p", "ci_low", "ci_high"
            ]
        );
        assert_eq!(c.rows.len(), 2);
        assert_eq!(c.rows[1][1], Cell::Str("beta".into()));
        let f = fit_table(&x);
        assert_eq!(f.rows.len(), 1);
        assert_eq!(f.columns[0], "window");
    }
}
