//! `events`: layouts, clean-up, ticker matching and the unmatched file.

use super::common::*;

fn events(args: &[&str]) -> (Csv, Csv, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.csv");
    let mut a = vec!["events"];
    a.extend_from_slice(args);
    a.extend(["-o", out.to_str().unwrap()]);
    let r = run(&a);
    let err = String::from_utf8_lossy(&r.stderr).into_owned();
    assert!(r.status.success(), "{err}");
    let ev = Csv::read(&out);
    let un = Csv::read(&dir.path().join("events_unmatched.csv"));
    (ev, un, err)
}

#[test]
fn warn_table_with_sec_matching_and_ambiguity() {
    let warn = fixture("warn.csv");
    let sec = fixture("sec_small.json");
    let (ev, un, _) = events(&[&warn, "--sec", &sec]);
    assert_eq!(
        ev.header,
        [
            "event_id",
            "company",
            "ticker",
            "announce_date",
            "laid_off",
            "pct_laid_off",
            "industry",
            "country",
            "stage",
            "source",
            "matched_by",
            "confidence",
            "sec_list_date",
            "cik",
            "announce_time",
            "filing_time",
            "filing_items",
            "filing_accession",
            "filing_time_source",
            "round",
            "days_since_previous",
            "exchange"
        ]
    );
    // "Amazon.com Services LLC", a legal employer, is Amazon: "Services" and "LLC" are a
    // subsidiary's words, ".com" is dropped.
    let a = ev.row_where("event_id", "1");
    assert_eq!(ev.get(a, "ticker"), "AMZN");
    assert_eq!(ev.get(a, "matched_by"), "legal-entity");
    assert_eq!(ev.get(a, "confidence"), "0.92");
    // Two SEC companies normalise to "acme widgets": no guess.
    let r = un.row_where("event_id", "2");
    assert!(
        un.get(r, "reason")
            .starts_with("ambiguous: 2 SEC companies match"),
        "{}",
        un.get(r, "reason")
    );
    let b = ev.row_where("event_id", "2");
    assert_eq!(ev.get(b, "laid_off"), "1250");
    assert_eq!(ev.get(b, "announce_date"), "2024-01-15");
    assert_eq!(
        ev.get(b, "country"),
        "CA",
        "the state goes in the country column"
    );
    assert_eq!(un.rows.len(), 2);
}

#[test]
fn override_wins_over_sec_and_public_only_keeps_tickers() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.csv");
    std::fs::write(
        &map,
        "company,ticker\nAcme Widgets Inc,ACW\n Amazon.com Services LLC ,AMZN\n",
    )
    .unwrap();
    let warn = fixture("warn.csv");
    let sec = fixture("sec_small.json");
    let (ev, _, _) = events(&[
        &warn,
        "--sec",
        &sec,
        "--tickers",
        map.to_str().unwrap(),
        "--public-only",
    ]);
    assert_eq!(ev.rows.len(), 2);
    for r in 0..2 {
        assert_eq!(ev.get(r, "matched_by"), "override");
    }
}

#[test]
fn layoffs_fyi_2026_export() {
    let Some(data) = real_data() else { return };
    let f = data.join("layoffs_fyi_2026/layoffs.csv");
    let sec = data.join("ticker_mapping/sec_company_tickers.json");
    let (ev, un, err) = events(&[f.to_str().unwrap(), "--sec", sec.to_str().unwrap()]);
    // 4,277 rows; 21 repeats of a company on one date are dropped and reported.
    assert_eq!(ev.rows.len() + 21, 4277);
    assert!(err.contains("21 repeated events dropped"), "{err}");
    // Amazon, Prime Video / MGM Studios, 2024-01-10: empty count, matched through the SEC name.
    let amzn = (0..ev.rows.len())
        .find(|&r| ev.get(r, "company") == "Amazon" && ev.get(r, "announce_date") == "2024-01-10")
        .expect("Amazon 2024-01-10");
    assert_eq!(ev.get(amzn, "ticker"), "AMZN");
    assert_eq!(ev.get(amzn, "matched_by"), "normalised");
    assert_eq!(ev.get(amzn, "laid_off"), "");
    // 16000.0 is written as a count.
    assert_eq!(ev.get(0, "laid_off"), "16000");
    // Twitch (stage Acquired) maps to Amazon through the built-in aliases.
    let twitch = (0..ev.rows.len())
        .find(|&r| ev.get(r, "company") == "Twitch" && ev.get(r, "announce_date") == "2024-01-09");
    let twitch = twitch.expect("Twitch 2024-01-09");
    assert_eq!(
        (ev.get(twitch, "ticker"), ev.get(twitch, "matched_by")),
        ("AMZN", "alias")
    );
    // Names are trimmed; private companies stay, without a ticker, and are listed with why.
    assert!(ev.rows.iter().all(|r| r[1] == r[1].trim()));
    let seed = un
        .rows
        .iter()
        .find(|r| r[3] == "Seed")
        .expect("a seed-stage company");
    assert_eq!(seed[4], "not listed (stage Seed)");
    let with = ev.rows.iter().filter(|r| !r[2].is_empty()).count();
    assert!(with > 500, "{with} events with a ticker");
}

#[test]
fn kaggle_2023_export() {
    let Some(data) = real_data() else { return };
    let f = data.join("layoffs_kaggle_2023/layoffs.csv");
    let (ev, _, err) = events(&[f.to_str().unwrap()]);
    // 2,361 rows: 1 without a date, 14 repeats (5 exact duplicates among them).
    assert_eq!(ev.rows.len(), 2361 - 1 - 14);
    assert!(err.contains("1 rows") && err.contains("no date"), "{err}");
    assert!(
        ev.rows.iter().all(|r| r[7] != "United States."),
        "trailing dot cleaned"
    );
    assert!(
        ev.rows
            .iter()
            .all(|r| r[4] != "NULL" && r[5] != "NULL" && r[8] != "NULL")
    );
}

#[test]
fn a_state_warn_export_with_its_own_column_names() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("mt.csv");
    std::fs::write(&f, "Name of Company,County,Date of Notice,Number of Employees Affected\nAcme Widgets Inc,Gallatin,2024-01-15,\"1,250\"\n").unwrap();
    let (ev, _, _) = events(&[f.to_str().unwrap(), "--events-format", "warn"]);
    assert_eq!(ev.get(0, "company"), "Acme Widgets Inc");
    assert_eq!(ev.get(0, "announce_date"), "2024-01-15");
    assert_eq!(ev.get(0, "laid_off"), "1250");
}

/// The headers of warn-scraper's exports of other states (as biglocalnews/warn-transformer
/// reads them), each with one made-up notice: the employer, the notice date (or, where the
/// state gives none, the first day of the layoff) and the count of workers come from the
/// columns the state means, whatever other names and dates stand beside them.
#[test]
fn warn_scraper_state_exports_read_by_their_headers() {
    // (state, header, [(column, cell)], want date, want count).
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a str, &'a str);
    let cases: &[Case] = &[
        (
            "al",
            "action_type,date_notice,date_action,company,location,affected,_id1,_id2",
            &[
                ("date_notice", "03/02/2021"),
                ("date_action", "05/01/2021"),
                ("affected", "41"),
            ],
            "2021-03-02",
            "41",
        ),
        (
            "ct",
            "affected_company,blobToken,closing_dates,layoff_dates,layoff_locations,modifiedDate,name,number_of_impacted_workers,title,union,union_address,warn_document_date,warn_document_received_date",
            &[
                ("name", "WARN-2021-7.pdf"),
                ("title", "Notice"),
                ("layoff_dates", "2021-06-30"),
                ("number_of_impacted_workers", "77"),
                ("warn_document_date", "2021-04-30"),
                ("warn_document_received_date", "2021-05-03"),
            ],
            "2021-04-30",
            "77",
        ),
        (
            "dc",
            "Notice Date,Organization Name,Number toEmployees Affected,Effective Layoff Date,Code Type",
            &[
                ("Notice Date", "May 2, 2020"),
                ("Number toEmployees Affected", "120"),
                ("Effective Layoff Date", "July 1, 2020"),
            ],
            "2020-05-02",
            "120",
        ),
        (
            "fl",
            "Company Name,State Notification Date,Layoff Date,Employees Affected,Industry",
            &[
                ("State Notification Date", "04-18-22"),
                ("Layoff Date", "06-11-22\n thru\n06-18-22"),
                ("Employees Affected", "63"),
            ],
            "2022-04-18",
            "63",
        ),
        (
            "ga",
            "GA WARN ID,Company Name,Contact Job Title,First Date of Separation,Number of Employees Affected,Number of Employees Affected.,Total Number of Affected Employees,Second Date of Separation",
            &[
                ("GA WARN ID", "GA202300014"),
                ("Contact Job Title", "Director"),
                ("First Date of Separation", "11/30/2023"),
                ("Number of Employees Affected", "50"),
                ("Number of Employees Affected.", "28"),
                ("Total Number of Affected Employees", "78"),
                ("Second Date of Separation", "12/15/2023"),
            ],
            "2023-11-30",
            "78",
        ),
        (
            "id",
            "Date of Letter,Company,Address,City,State,Zip,No. of Employees Affected,Effective or Commencing Date,",
            &[
                ("Date of Letter", "8/3/21"),
                ("No. of Employees Affected", "35"),
                ("Effective or Commencing Date", "10/2/21"),
            ],
            "2021-08-03",
            "35",
        ),
        (
            "il",
            "Location Name,Doing Business As Name,Location City,WARN Received,Impact Date,Total # of Employees,Expected Layoff,Revised Layoff,Initial Date Reported,Last Report Date,Notification(s) Received",
            &[
                ("Doing Business As Name", "ACME, INC."),
                ("Location City", "Rockford"),
                ("Impact Date", "2020-09-30 00:00:00"),
                ("Total # of Employees", "400"),
                ("Expected Layoff", "110"),
                ("Revised Layoff", "107"),
                ("Initial Date Reported", "2020-07-22 00:00:00"),
                ("Last Report Date", "2020-08-01 00:00:00"),
                ("Notification(s) Received", "7/23/2020"),
            ],
            "2020-07-22",
            "107",
        ),
        (
            "la",
            "company_original,date_notice,date_action,affected,Industry,company,address,notes",
            &[
                ("company_original", "ACME WIDGETS INC"),
                ("date_notice", "6/30/09"),
                ("date_action", "8/31/09"),
                ("affected", "90"),
            ],
            "2009-06-30",
            "90",
        ),
        (
            "ma",
            "RECEIVED,EMPLOYER,CITY/TOWN,REGION,DATE(S) OF LAYOFFS,# EMPLOYEES IMPACTED",
            &[
                ("RECEIVED", "11/18/2022"),
                ("CITY/TOWN", "Boston"),
                ("DATE(S) OF LAYOFFS", "11/18/2022 - 12/31/2022"),
                ("# EMPLOYEES IMPACTED", "55"),
            ],
            "2022-11-18",
            "55",
        ),
        (
            "mi",
            "action,city,company,county,date_close,date_start,extras,includes,jobs,link",
            &[
                ("action", "Layoff"),
                ("city", "Detroit, Michigan"),
                ("date_start", "January 5, 2026"),
                ("jobs", "1,140"),
            ],
            "2026-01-05",
            "1140",
        ),
        (
            "mo",
            "Received Sort descending,Title,Industry,Location(s),County,Region,Type,Layoff date(s),# affected",
            &[
                ("Received Sort descending", "04/09/2020"),
                ("Industry", "Manufacturing"),
                ("Location(s)", "St. Louis"),
                ("Layoff date(s)", "06/08/2020"),
                ("# affected", "66"),
            ],
            "2020-04-09",
            "66",
        ),
        (
            "ms",
            "date_notice,company,workforce_area,event_number,naics,action_type,affected,date_effective,reason",
            &[
                ("date_notice", "08/31/2023"),
                ("affected", "81"),
                ("date_effective", "10/31/2023"),
            ],
            "2023-08-31",
            "81",
        ),
        (
            "nd",
            "Company Name,Location,WARN Dated,Date of Layoff/Closure,Number Laid Off/Affected,Notes",
            &[
                ("WARN Dated", "4/25/2025"),
                ("Date of Layoff/Closure", "6/28/2025"),
                ("Number Laid Off/Affected", "44"),
            ],
            "2025-04-25",
            "44",
        ),
        (
            "nm",
            "NOTICE DATE,JOB SITE NAME,COUNTY NAME,WDA NAME,TOTAL LAYOFF NUMBER,LAYOFF DATE,RECEIVED DATE,CITY NAME",
            &[
                ("NOTICE DATE", "3-Dec-19"),
                ("TOTAL LAYOFF NUMBER", "58"),
                ("LAYOFF DATE", "2-Feb-20"),
                ("RECEIVED DATE", "5-Dec-19"),
            ],
            "2019-12-03",
            "58",
        ),
        (
            "ny",
            "Business Legal Name,Date Layoff/Closure Starts,Date of WARN Notice ,Date Posted,Impacted Site Address,Number of Affected Workers ",
            &[
                ("Date Layoff/Closure Starts", "2025-04-09"),
                ("Date of WARN Notice ", "2025-01-09"),
                ("Date Posted", "2025-01-17"),
                ("Number of Affected Workers ", "60"),
            ],
            "2025-01-09",
            "60",
        ),
        (
            "oh",
            "Company,Date Received,URL,City/County,Potential Number Affected,Layoff Date(s)",
            &[
                ("Date Received", "07/06/2020"),
                ("Potential Number Affected", "79"),
                ("Layoff Date(s)", "09/04/2020-09/18/2020"),
            ],
            "2020-07-06",
            "79",
        ),
        (
            "or",
            "WARN#,Company Name,Location,Layoff Date,Laid Off,Layoff Type,Received Date",
            &[
                ("WARN#", "8240"),
                ("Layoff Date", "2021-09-30 00:00:00"),
                ("Laid Off", "177"),
                ("Received Date", "2021-07-06 00:00:00"),
            ],
            "2021-07-06",
            "177",
        ),
        (
            "ks",
            "employer,notice_date,number_of_employees_affected,warn_type,city,zip,lwib_area,address,record_number,detail_page_url",
            &[
                ("notice_date", "2019-02-25"),
                ("number_of_employees_affected", "212"),
                ("record_number", "1234"),
            ],
            "2019-02-25",
            "212",
        ),
        (
            "ia",
            "Company,Address Line 1,City,County,St,ZIP,Notice Type,Emp #,Notice Date,Layoff Date,,,",
            &[
                ("Emp #", "42"),
                ("Notice Date", "3/16/2017"),
                ("Layoff Date", "2017-04-16 00:00:00"),
            ],
            "2017-03-16",
            "42",
        ),
        (
            "ne",
            "Date,Company,Type,Jobs Affected,City,Location",
            &[("Date", "1/8/2020"), ("Jobs Affected", "97")],
            "2020-01-08",
            "97",
        ),
        (
            "nj",
            "Company,City,Month Posted,Effective Date,Workforce Affected",
            &[
                ("Month Posted", "January"),
                ("Effective Date", "2022-03-12 00:00:00"),
                ("Workforce Affected", "224"),
            ],
            "2022-03-12",
            "224",
        ),
        (
            "tn",
            "Notice Date,Effective Date,Received Date,Company,City,County,No. Of Employees,Layoff/Closure,Notice ID",
            &[
                ("Notice Date", "2022/2/8"),
                ("Effective Date", "2022/4/8"),
                ("Received Date", "2022/2/9"),
                ("No. Of Employees", "133"),
            ],
            "2022-02-08",
            "133",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (state, header, cells, date, jobs) in cases {
        let names: Vec<&str> = header.split(',').collect();
        let company_column = match *state {
            "il" => "Location Name",
            "mo" => "Title",
            "ct" => "affected_company",
            "dc" => "Organization Name",
            "ny" => "Business Legal Name",
            "nm" => "JOB SITE NAME",
            "la" => "company",
            "al" | "mi" | "ms" => "company",
            "ks" => "employer",
            "ma" => "EMPLOYER",
            _ => names
                .iter()
                .copied()
                .find(|n| n.to_lowercase().contains("company"))
                .unwrap(),
        };
        let company = format!("Acme Widgets {} Inc.", state.to_uppercase());
        let row: Vec<String> = names
            .iter()
            .map(|n| {
                let v = if *n == company_column {
                    company.as_str()
                } else {
                    cells.iter().find(|(c, _)| c == n).map_or("", |(_, v)| *v)
                };
                format!("\"{}\"", v.replace('"', "\"\""))
            })
            .collect();
        let f = dir.path().join(format!("{state}.csv"));
        std::fs::write(&f, format!("{header}\n{}\n", row.join(","))).unwrap();
        let (ev, _, err) = events(&[f.to_str().unwrap()]);
        assert_eq!(ev.rows.len(), 1, "{state}: {err}");
        assert_eq!(ev.get(0, "company"), company, "{state}");
        assert_eq!(ev.get(0, "announce_date"), *date, "{state}: {err}");
        assert_eq!(ev.get(0, "laid_off"), *jobs, "{state}");
        // Georgia, Michigan and New Jersey give no notice date: the note says so.
        let effective = matches!(*state, "ga" | "mi" | "nj");
        assert_eq!(
            err.contains("gives no notice date"),
            effective,
            "{state}: {err}"
        );
    }
}

/// A notice date that reads but cannot be one (Indiana's year 1202, New Jersey's 3030, a
/// day after today) leaves its notice out, listed with file, line, column and why.
#[test]
fn warn_notice_dates_before_the_act_or_after_today_are_typos() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("in.csv");
    std::fs::write(
        &f,
        "Company,City,Affected Workers,Notice Date\nAcme Inc.,Decatur,12,5/6/1202\nBeta Inc.,Tipton,30,3/4/3030\nGamma Inc.,Gary,40,3/4/2020\n",
    )
    .unwrap();
    let (ev, un, err) = events(&[f.to_str().unwrap()]);
    assert_eq!(ev.rows.len(), 1, "{err}");
    assert_eq!(ev.get(0, "company"), "Gamma Inc.");
    let reasons: Vec<&str> = (0..un.rows.len()).map(|r| un.get(r, "reason")).collect();
    assert!(
        reasons
            .iter()
            .any(|w| w.contains("in.csv line 2, column 4 (notice date)")
                && w.contains("1202 is before any state's register of notices (1980)")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|w| w.contains("in.csv line 3, column 4 (notice date)")
                && w.contains("3030-03-04 is after today")),
        "{reasons:?}"
    );
}

/// The notice date and count of workers of the first row of `ev` whose company is
/// `company`.
fn notice(ev: &Csv, company: &str) -> (String, String) {
    let r = ev.row_where("company", company);
    (
        ev.get(r, "announce_date").to_string(),
        ev.get(r, "laid_off").to_string(),
    )
}

/// WARN tables as the states publish them (real files of six states, California and
/// Texas as warn-scraper writes them, a multi-state register and Washington's enriched
/// register): each loads with the notice date as the event date, the employer and the
/// count of workers, checked on real rows; two-digit years, month names, compact dates,
/// ranges and `-` counts read as meant; a date that does not read (Ohio's
/// `01/17/2020R...`) or a row of another width is left out and listed with file and line.
#[test]
fn warn_tables_as_the_states_publish_them() {
    let Some(data) = real_data() else { return };
    let states = data.join("warn_states_biglocalnews_2020");
    let load = |rel: &str| events(&[data.join(rel).to_str().unwrap()]);
    let (ev, _, _) = load("warn_states_biglocalnews_2020/indiana_warn_raw.csv");
    // `Sodexo,Westfield,66,5/27/20,...`
    assert_eq!(notice(&ev, "Sodexo"), ("2020-05-27".into(), "66".into()));
    let (ev, _, _) = load("warn_states_biglocalnews_2020/michigan_warn_raw.csv");
    // `15 December 2014,Comprehensive Logistics,Layoff,Lansing,Eaton,58`
    assert_eq!(
        notice(&ev, "Comprehensive Logistics"),
        ("2014-12-15".into(), "58".into())
    );
    // `...,Southwest Regional Rehabilitation Center,...,Unknown`: no count.
    assert_eq!(
        notice(&ev, "Southwest Regional Rehabilitation Center").1,
        ""
    );
    let (ev, _, _) = load("warn_states_biglocalnews_2020/newjersey_warn_raw.csv");
    // `118 Churchill Avenue Corporation,New Brunswick,12/12/2013,138`; `3/4/07Â` reads too.
    assert_eq!(
        notice(&ev, "118 Churchill Avenue Corporation"),
        ("2013-12-12".into(), "138".into())
    );
    assert_eq!(
        notice(&ev, "JOHNSON CONTROLS"),
        ("2007-03-04".into(), "102".into())
    );
    let (ev, un, err) = load("warn_states_biglocalnews_2020/ohio_warn_raw.csv");
    // `07/06/2020,"Fiserv, Inc.",Dublin/Franklin,79,09/04/2020-09/18/2020,...`
    assert_eq!(
        notice(&ev, "Fiserv, Inc."),
        ("2020-07-06".into(), "79".into())
    );
    let listed = (0..un.rows.len()).any(|r| {
        let why = un.get(r, "reason");
        why.contains("ohio_warn_raw.csv line 259, column 1 (datereceived)")
    });
    assert!(listed, "{err}");
    let (ev, un, _) = load("warn_states_biglocalnews_2020/wisconsin_warn_raw.csv");
    // `OEMMCCO Inc.,Kenosha,49,20200110,...`; line 13 has 10 fields for 9 names.
    assert_eq!(
        notice(&ev, "OEMMCCO Inc."),
        ("2020-01-10".into(), "49".into())
    );
    assert!((0..un.rows.len()).any(|r| {
        un.get(r, "reason")
            .contains("wisconsin_warn_raw.csv line 13: 10 fields where the header names 9")
    }));
    let (ev, _, _) = load("warn_states_biglocalnews_2020/washington_warn_raw.csv");
    assert!(ev.rows.len() > 900);
    let (ev, _, _) = load("warn_ftsie_raw_2026-01/ca.csv");
    // `07/01/2025,09/02/2025,07/01/2025,Republic National Distributing Company,,104,...`
    assert_eq!(
        notice(&ev, "Republic National Distributing Company"),
        ("2025-07-01".into(), "104".into())
    );
    // Texas: every notice 3-4 times, trailing unnamed columns present or not. The distinct
    // notices counted here from the raw file (employer, date, count, city).
    let tx = data.join("warn_ftsie_raw_2026-01/tx.csv");
    let raw = std::fs::read_to_string(&tx).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(raw.as_bytes());
    let keys: Vec<(String, String, String, String)> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            let f = |i: usize| r.get(i).unwrap_or("").trim().to_lowercase();
            (f(1), f(0)[..10].to_string(), f(4), f(7))
        })
        .collect();
    let notices = keys.len();
    let distinct: std::collections::HashSet<_> = keys.into_iter().collect();
    let (ev, _, err) = events(&[tx.to_str().unwrap()]);
    let repeats: usize = err
        .lines()
        .find_map(|l| {
            l.strip_prefix("note: ")?
                .split(" repeated WARN notices")
                .next()?
                .parse()
                .ok()
        })
        .unwrap();
    let same_day: usize = err
        .lines()
        .find_map(|l| {
            l.strip_prefix("note: ")?
                .split(" repeated events dropped")
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0);
    assert_eq!(ev.rows.len() + same_day, distinct.len(), "{err}");
    assert_eq!(repeats + distinct.len(), notices, "{err}");
    // The multi-state register (empty notice dates of New Jersey listed, not guessed) and
    // Washington's register with tickers and CIKs.
    let (ev, un, _) = load("warn_bchaps_register_2026-08/warn_notices.csv");
    assert!(ev.rows.len() > 6000 && un.rows.len() > 2000);
    let (ev, _, _) = load("warn_bchaps_register_2026-08/wa.csv");
    let with_ticker = (0..ev.rows.len())
        .filter(|&r| !ev.get(r, "ticker").is_empty())
        .count();
    assert!(with_ticker > 400, "{with_ticker}");
    // warn-transformer's consolidated layout, made from Washington's real rows.
    let dir = tempfile::tempdir().unwrap();
    let wt = dir.path().join("consolidated.csv");
    let wa = std::fs::read_to_string(states.join("washington_warn_raw.csv")).unwrap();
    let mut body = String::from(
        "hash_id,postal_code,company,location,notice_date,effective_date,jobs,is_temporary,is_closure,is_amendment\n",
    );
    let mut rdr = csv::Reader::from_reader(wa.as_bytes());
    for (i, r) in rdr.records().take(50).enumerate() {
        let r = r.unwrap();
        body.push_str(&format!(
            "h{i},WA,\"{}\",\"{}\",{},{},{},false,false,false\n",
            &r[0], &r[1], &r[6], &r[2], &r[3]
        ));
    }
    std::fs::write(&wt, body).unwrap();
    let (ev, _, _) = events(&[wt.to_str().unwrap()]);
    // `Aviation Technical Services,Everett,6/4/2020,142,Layoff,Permanent,6/2/2020`
    assert_eq!(
        notice(&ev, "Aviation Technical Services"),
        ("2020-06-02".into(), "142".into())
    );
    assert_eq!(ev.get(0, "country"), "WA");
}
