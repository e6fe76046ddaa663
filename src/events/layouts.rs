//! The events file layouts and how each is recognised from its header.

use crate::import::layout::TICKER_NAMES;

/// An events file layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventLayout {
    /// This tool's canonical events CSV (`event_id,company,ticker,announce_date,...`).
    Canonical,
    /// layoffs.fyi export, 2026 layout (`funds_raised`, `date_added`).
    LayoffsFyi,
    /// layoffs.fyi Kaggle extract, 2023 layout (`funds_raised_millions`).
    Kaggle,
    /// WARN notice table (warn-scraper state exports: company, notice date, jobs, state).
    Warn,
    /// Any CSV with a ticker column and a date column.
    Generic,
}

/// Column positions of an events file.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub(crate) event_id: Option<usize>,
    pub(crate) company: Option<usize>,
    pub(crate) ticker: Option<usize>,
    pub(crate) date: usize,
    pub(crate) laid_off: Option<usize>,
    pub(crate) pct: Option<usize>,
    pub(crate) industry: Option<usize>,
    pub(crate) country: Option<usize>,
    pub(crate) stage: Option<usize>,
    pub(crate) source: Option<usize>,
    pub(crate) cik: Option<usize>,
    pub(crate) exchange: Option<usize>,
    pub(crate) announce_time: Option<usize>,
    pub(crate) filing_time: Option<usize>,
    pub(crate) filing_items: Option<usize>,
    pub(crate) filing_accession: Option<usize>,
    pub(crate) filing_source: Option<usize>,
    /// A WARN table: dates and counts as the states write them, repeated notices dropped.
    pub(crate) warn: bool,
    /// The place of a notice (city, site), to tell repeated notices from notices of
    /// other sites.
    pub(crate) location: Option<usize>,
    /// A WARN table without a notice date, whose date column is the first day of the
    /// layoff (New Jersey's `EFFECTIVEDATE`, Michigan's `date_start`).
    pub(crate) date_is_effective: bool,
}

fn find(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| names.contains(&h.as_str()))
}

/// The notice date of a WARN table, in the states' spellings (headers normalised: lower
/// case, whitespace and line breaks collapsed).
const WARN_DATES: &[&str] = &[
    "notice_date",
    "notice date",
    "date of notice",
    "date notice posted",
    "date received",
    "datereceived",
    "noticercvd",
    "notice received",
    "warn date",
    "received date",
    "date_received",
    "received_date",
    "warn_date",
    "date",
    // warn-scraper's state exports.
    "date_notice",
    "warn_document_date",
    "state notification date",
    "date of letter",
    "warn dated",
    "date of warn notice",
    "received",
    "received sort descending",
    "initial date reported",
    "notification(s) received",
];
/// Where a state gives no notice date (New Jersey's `EFFECTIVEDATE`), the effective date.
const WARN_EFFECTIVE: &[&str] = &[
    "effectivedate",
    "effective_date",
    "effective date",
    "layoff date",
    "layoff start date",
    "date_effective",
    "date_start",
    "first date of separation",
    "effective layoff date",
];
/// A count of all workers of a notice, before the counts of its first site (Georgia's
/// `Total Number of Affected Employees` beside `Number of Employees Affected`).
const WARN_TOTAL_JOBS: &[&str] = &["total number of affected employees"];
const WARN_JOBS: &[&str] = &[
    "jobs",
    "employees",
    "number_of_employees",
    "employees_affected",
    "workers",
    "affected",
    "no. of employees",
    "number of employees affected",
    "number affected",
    "total employees",
    "number of workers",
    "employees affected",
    "affected workers",
    "affectedworkers",
    "workforceaffected",
    "potential numberaffected",
    "num_employees",
    "total_layoff_number",
    "# of workers",
    "number_of_employees_affected",
    "number_of_impacted_workers",
    "number toemployees affected",
    "no. of employees affected",
    "emp #",
    "# employees impacted",
    "# affected",
    "number laid off/affected",
    "jobs affected",
    "workforce affected",
    "total layoff number",
    "number of affected workers",
    "potential number affected",
    "laid off",
    "revised layoff",
];
const WARN_PLACES: &[&str] = &[
    "location",
    "city",
    "city_name",
    "city/county",
    "address",
    "site_address",
    "county",
    "county_name",
    "layoff_locations",
    "city/town",
    "location(s)",
    "city name",
    "location city",
    "impacted site address",
];
const GENERIC_DATES: &[&str] = &["announce_date", "announcement_date", "event_date", "date"];

/// The columns every layout reads the same way: the employer, ticker, descriptive
/// columns and the event-time columns.
fn common_columns(h: &[String]) -> Columns {
    let company = find(
        h,
        &[
            "company",
            "company_name",
            "company name",
            "name of company",
            "employer",
            "employer name",
            "employer_name",
            "job_site_name",
            "business name",
            "name",
            "affected_company",
            "organization name",
            "business legal name",
            "job site name",
        ],
    );
    Columns {
        company,
        ticker: find(h, TICKER_NAMES),
        industry: find(h, &["industry"]),
        country: find(h, &["country"]),
        stage: find(h, &["stage"]),
        source: find(h, &["source"]),
        cik: find(h, &["cik", "cik_str"]),
        exchange: find(h, &["exchange"]),
        announce_time: find(h, &["announce_time", "announcement_time"]),
        filing_time: find(h, &["filing_time"]),
        filing_items: find(h, &["filing_items"]),
        filing_accession: find(h, &["filing_accession"]),
        filing_source: find(h, &["filing_time_source"]),
        ..Default::default()
    }
}

impl EventLayout {
    /// What the layout needs, for error messages.
    pub fn expects(self) -> &'static str {
        match self {
            EventLayout::Canonical => "expected event_id, company, ticker and announce_date",
            EventLayout::LayoffsFyi | EventLayout::Kaggle => {
                "expected company, date, total_laid_off and percentage_laid_off"
            }
            EventLayout::Warn => "expected company and a notice date",
            EventLayout::Generic => "expected a ticker column and a date column",
        }
    }

    /// Column positions for a normalised header, if it fits.
    pub fn columns(self, h: &[String]) -> Option<Columns> {
        let common = common_columns(h);
        let company = common.company;
        Some(match self {
            EventLayout::Canonical => Columns {
                event_id: Some(find(h, &["event_id"])?),
                date: find(h, &["announce_date"])?,
                laid_off: find(h, &["laid_off"]),
                pct: find(h, &["pct_laid_off"]),
                ..common
            },
            EventLayout::LayoffsFyi | EventLayout::Kaggle => Columns {
                company: Some(company?),
                date: find(h, &["date"])?,
                laid_off: find(h, &["total_laid_off"]),
                pct: find(h, &["percentage_laid_off"]),
                ..common
            },
            EventLayout::Warn => {
                let notice = find(h, WARN_DATES);
                Columns {
                    // Headers that name the employer only where no other column does:
                    // Illinois's `Location Name` (beside its `Doing Business As Name`),
                    // Missouri's `Title`.
                    company: Some(company.or_else(|| find(h, &["location name", "title"]))?),
                    date: notice.or_else(|| find(h, WARN_EFFECTIVE))?,
                    date_is_effective: notice.is_none(),
                    laid_off: find(h, WARN_TOTAL_JOBS).or_else(|| find(h, WARN_JOBS)),
                    country: find(h, &["state", "postal_code"]),
                    warn: true,
                    location: find(h, WARN_PLACES),
                    ..common
                }
            }
            EventLayout::Generic => Columns {
                event_id: find(h, &["event_id", "id"]),
                date: find(h, GENERIC_DATES)?,
                laid_off: find(h, &["laid_off", "total_laid_off", "jobs"]),
                pct: find(h, &["pct_laid_off", "percentage_laid_off"]),
                ticker: Some(common.ticker?),
                ..common
            },
        })
    }
}

/// Recognises an events layout from a normalised header.
pub fn detect_layout(h: &[String]) -> Option<EventLayout> {
    let has = |n: &str| h.iter().any(|c| c == n);
    let order = if has("event_id") && has("announce_date") {
        EventLayout::Canonical
    } else if has("total_laid_off") && has("funds_raised_millions") {
        EventLayout::Kaggle
    } else if has("total_laid_off") {
        EventLayout::LayoffsFyi
    } else if find(h, TICKER_NAMES).is_some() && find(h, GENERIC_DATES).is_some() {
        // A WARN register enriched with tickers (`ticker`, `notice_date`) stays WARN.
        EventLayout::Generic
    } else {
        EventLayout::Warn
    };
    order.columns(h).map(|_| order)
}
