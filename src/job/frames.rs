//! The frames Python shows: result tables with typed columns (text, integer, float, date,
//! boolean), and the daily file of a study built straight from its values.

use polars::prelude::{Column, DataFrame, DataType, NamedFrom, PlSmallStr, Series};

use crate::content::{Cell, Table};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::study::StudyResult;
use crate::study::output::{daily_columns, daily_rows};

fn frame_error(e: polars::prelude::PolarsError) -> Error {
    Error::Render(format!("building a frame: {e}"))
}

/// True for the date columns of the result tables (`announce_date`, `day0`, ...).
fn is_date_column(name: &str) -> bool {
    name.ends_with("date") || name == "day0"
}

/// A result table as a frame: column types from the cells, null where a cell is missing;
/// a column with no value at all is text (a date column stays a date column).
///
/// # Errors
/// A column polars cannot build.
pub fn of_table(t: &Table) -> Result<DataFrame> {
    let mut cols = Vec::with_capacity(t.columns.len());
    for (j, name) in t.columns.iter().enumerate() {
        let cells: Vec<&Cell> = t.rows.iter().map(|r| &r[j]).collect();
        cols.push(Column::from(column(name.as_str().into(), &cells)?));
    }
    DataFrame::new(t.rows.len(), cols).map_err(frame_error)
}

/// One column of cells, typed by its first value.
fn column(name: PlSmallStr, cells: &[&Cell]) -> Result<Series> {
    let kind = cells.iter().find(|c| !matches!(c, Cell::Null));
    let pick = |f: &dyn Fn(&Cell) -> Option<f64>| cells.iter().map(|c| f(c)).collect::<Vec<_>>();
    Ok(match kind {
        Some(Cell::Int(_)) => Series::new(
            name,
            cells
                .iter()
                .map(|c| match c {
                    Cell::Int(i) => Some(*i),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        ),
        Some(Cell::Num(_) | Cell::Ret(_) | Cell::Share(_)) => Series::new(
            name,
            pick(&|c| match c {
                Cell::Num(v) | Cell::Ret(v) | Cell::Share(v) => Some(*v),
                Cell::Int(i) => Some(*i as f64),
                _ => None,
            }),
        ),
        Some(Cell::Date(_)) => dates(
            name,
            cells.iter().map(|c| match c {
                Cell::Date(d) => Some(*d),
                _ => None,
            }),
        )?,
        Some(Cell::Bool(_)) => Series::new(
            name,
            cells
                .iter()
                .map(|c| match c {
                    Cell::Bool(b) => Some(*b),
                    _ => None,
                })
                .collect::<Vec<_>>(),
        ),
        None if is_date_column(name.as_str()) => dates(name, cells.iter().map(|_| None))?,
        _ => Series::new(
            name,
            cells
                .iter()
                .map(|c| match c {
                    Cell::Null => None,
                    Cell::Str(s) => Some(s.clone()),
                    c => Some(crate::export::table::cell_text(c)),
                })
                .collect::<Vec<_>>(),
        ),
    })
}

/// A date column of day numbers.
fn dates(name: PlSmallStr, days: impl Iterator<Item = Option<i32>>) -> Result<Series> {
    Series::new(name, days.collect::<Vec<_>>())
        .cast(&DataType::Date)
        .map_err(frame_error)
}

/// The daily file of a study (`abnormal_returns.csv`, `abnormal_volume.csv`,
/// `abnormal_volatility.csv`) as a frame with its columns typed: the same values, without
/// the text between.
///
/// # Errors
/// A column polars cannot build.
pub fn daily(events: &[Event], r: &StudyResult) -> Result<DataFrame> {
    let n = r.results.len() * r.settings.span().len();
    let (mut ids, mut tickers, mut rels, mut days) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let mut values: [Vec<Option<f64>>; 4] = std::array::from_fn(|_| Vec::with_capacity(n));
    for e in &r.results {
        for row in daily_rows(r, e) {
            ids.push(events[e.event].id.as_str());
            tickers.push(e.ticker.as_str());
            rels.push(i64::from(row.rel));
            days.push(row.date);
            for (col, v) in values.iter_mut().zip(row.values) {
                col.push(v.is_finite().then_some(v));
            }
        }
    }
    let names: Vec<&str> = daily_columns(r.settings.measure).split(',').collect();
    let mut cols = vec![
        Column::from(Series::new(names[0].into(), ids)),
        Column::from(Series::new(names[1].into(), tickers)),
        Column::from(Series::new(names[2].into(), rels)),
        Column::from(dates(names[3].into(), days.into_iter())?),
    ];
    for (name, v) in names[4..].iter().zip(values) {
        cols.push(Column::from(Series::new((*name).into(), v)));
    }
    DataFrame::new(n, cols).map_err(frame_error)
}

/// A prices frame as a panel, read as a long Parquet file's rows are; `label` names the
/// frame in errors.
///
/// # Errors
/// A frame without the price columns, or a cell that does not read.
pub fn panel(
    df: &DataFrame,
    price: crate::import::PriceField,
    label: &str,
) -> Result<crate::series::Panel> {
    let opts = crate::import::PriceOptions {
        price,
        skip_bad_files: false,
    };
    let mut panel = crate::series::Panel::default();
    for s in crate::import::parquet::series_of_frame(df, std::path::Path::new(label), &opts)? {
        panel.add(s);
    }
    Ok(panel)
}

/// The market: a frame of one ticker (`frame`), else a ticker of the panel or a price file
/// (`name`); neither: the default market tickers, else the panel's dates.
///
/// # Errors
/// A frame of several tickers, an unknown market.
pub fn market(
    panel: &crate::series::Panel,
    name: Option<&str>,
    frame: Option<&DataFrame>,
    price: crate::import::PriceField,
) -> Result<crate::market::Market> {
    if let Some(df) = frame {
        let p = self::panel(df, price, "<market DataFrame>")?;
        let mut it = p.iter();
        let (Some(s), None) = (it.next(), it.next()) else {
            return Err(Error::Usage(
                "market: expected a frame of one ticker".into(),
            ));
        };
        return Ok(crate::market::Market {
            series: Some(s.clone()),
            calendar: crate::calendar::Calendar::of_series(s),
        });
    }
    let opts = crate::import::PriceOptions {
        price,
        skip_bad_files: false,
    };
    crate::market::resolve(panel, name, &opts)
}

/// Prices as a notebook gives them: the panel `read_prices` made, or a frame; and the
/// market as a ticker, a price file or a frame of one ticker.
#[derive(Clone, Default)]
pub struct GivenPrices {
    /// The panel behind a frame of `read_prices`.
    pub panel: Option<std::sync::Arc<crate::series::Panel>>,
    /// A prices frame, read when there is no panel.
    pub frame: Option<DataFrame>,
    /// The market's ticker or price file.
    pub market: Option<String>,
    /// The market as a frame of one ticker.
    pub market_frame: Option<DataFrame>,
    /// The price column.
    pub price: crate::import::PriceField,
}

impl GivenPrices {
    /// The panel and the market.
    ///
    /// # Errors
    /// A frame that does not read, an unknown market.
    pub fn load(&self) -> Result<(std::sync::Arc<crate::series::Panel>, crate::market::Market)> {
        let panel = match (&self.panel, &self.frame) {
            (Some(p), _) => std::sync::Arc::clone(p),
            (None, Some(df)) => {
                std::sync::Arc::new(panel(df, self.price, crate::events::frame::FRAME)?)
            }
            (None, None) => std::sync::Arc::default(),
        };
        let m = market(
            &panel,
            self.market.as_deref(),
            self.market_frame.as_ref(),
            self.price,
        )?;
        Ok((panel, m))
    }
}
