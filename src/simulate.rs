//! Synthetic markets for testing and benchmarking: a market index and N stocks with
//! market-model returns, given betas and fat-tailed (Student t) noise, on a calendar with
//! weekends and US-style holidays, plus layoff events with a chosen abnormal return
//! injected on day 0 (or spread over a window). Everything is reproducible from a seed.
//! Tickers and companies are fictional (`SIM0001`, "Simulated Co 1"). Events go to the
//! stocks in shuffled rounds: no stock has a second event before every stock has one.

use std::path::Path;

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng, rngs::StdRng};
use rand_distr::{Distribution, Normal, StudentT};

use crate::content::{Cell, Table};
use crate::date::{Day, days_from_civil, weekday};
use crate::error::{Error, Result};
use crate::events::{Event, events_table};
use crate::import::parquet;
use crate::series::{Panel, Series};
use crate::study::Window;

/// Lowest simulated daily return before the event effect: a draw at or below it (far in
/// the Student t tail) is drawn again, so that with an effect above -50 % a day no price
/// ever reaches zero, at any size.
pub const MIN_DAILY_RETURN: f64 = -0.4;

/// Most stock-days one simulation may hold (1e9 rows need about 8 GB).
pub const MAX_ROWS: f64 = 1e9;

/// Checks the sizes and numbers of a spec before any work: every number finite, sizes that
/// fit in memory.
///
/// # Errors
/// A usage error naming the setting.
fn check_spec(spec: &Spec) -> Result<()> {
    let numbers = [
        ("--effect", spec.effect),
        ("--beta-min", spec.beta.0),
        ("--beta-max", spec.beta.1),
        ("--noise-sd", spec.noise_sd),
        ("--noise-df", spec.noise_df),
        ("market mean", spec.market.0),
        ("market sd", spec.market.1),
        ("alpha", spec.alpha),
    ];
    if let Some((name, v)) = numbers.iter().find(|(_, v)| !v.is_finite()) {
        return Err(Error::Usage(format!(
            "{name} {v}: expected a finite number"
        )));
    }
    if !(1..=200).contains(&spec.years) || !(1000..=9000).contains(&spec.start_year) {
        return Err(Error::Usage(format!(
            "--years {} from {}: expected 1 to 200 years starting between 1000 and 9000",
            spec.years, spec.start_year
        )));
    }
    let per_day_effect = spec.effect / spec.effect_window.len().max(1) as f64;
    if per_day_effect <= -0.5 {
        return Err(Error::Usage(format!(
            "--effect {} over {} days is {per_day_effect} a day: expected more than -0.5 a day \
             (prices must stay positive)",
            spec.effect,
            spec.effect_window.len()
        )));
    }
    if spec.noise_df <= 2.0 || spec.beta.0 > spec.beta.1 || spec.noise_sd < 0.0 {
        return Err(Error::Usage(
            "noise degrees of freedom must be above 2, the noise sd at least 0 and the beta range low:high".into(),
        ));
    }
    let rows = (spec.stocks as f64 + 1.0) * f64::from(spec.years) * 262.0;
    if rows > MAX_ROWS || spec.events as f64 > MAX_ROWS {
        return Err(Error::Usage(format!(
            "--stocks {} over {} years ({rows:.0} stock-days) and --events {}: expected at most \
             {MAX_ROWS:e} of each",
            spec.stocks, spec.years, spec.events
        )));
    }
    Ok(())
}

/// A draw above [`MIN_DAILY_RETURN`], drawing again when needed.
///
/// # Errors
/// Parameters under which almost every draw is that low (a market mean of -50 % a day).
fn draw_above(mut draw: impl FnMut() -> f64) -> Result<f64> {
    for _ in 0..1000 {
        let r = draw();
        if r > MIN_DAILY_RETURN {
            return Ok(r);
        }
    }
    Err(Error::Usage(format!(
        "the market, alpha and beta settings give daily returns at or below {MIN_DAILY_RETURN}: \
         expected settings that keep simulated prices positive"
    )))
}

/// What to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Number of stocks.
    pub stocks: usize,
    /// First calendar year.
    pub start_year: i32,
    /// Number of calendar years.
    pub years: i32,
    /// Number of events.
    pub events: usize,
    /// Abnormal return injected per event, spread evenly over `effect_window`.
    pub effect: f64,
    /// Relative days the effect is spread over.
    pub effect_window: Window,
    /// Range betas are drawn from (uniform).
    pub beta: (f64, f64),
    /// Daily alpha of every stock.
    pub alpha: f64,
    /// Standard deviation of the idiosyncratic noise.
    pub noise_sd: f64,
    /// Degrees of freedom of the Student t noise (fat tails; above 2).
    pub noise_df: f64,
    /// Mean and standard deviation of the market's daily return.
    pub market: (f64, f64),
    /// Share of events announced on the weekend before day 0.
    pub weekend_share: f64,
    /// Random seed.
    pub seed: u64,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            stocks: 50,
            start_year: 2019,
            years: 3,
            events: 100,
            effect: -0.01,
            effect_window: Window::new(0, 0),
            beta: (0.5, 1.5),
            alpha: 0.0,
            noise_sd: 0.02,
            noise_df: 4.0,
            market: (0.0003, 0.01),
            weekend_share: 0.1,
            seed: 42,
        }
    }
}

impl Spec {
    /// Sets the setting Python names `keyword`: `stocks`, `years`, `events`, `seed`,
    /// `start_year` (whole numbers), `effect`, `noise_df` (numbers), `effect_window`.
    ///
    /// # Errors
    /// An unknown keyword, or a value the setting cannot take.
    pub fn set_keyword(&mut self, keyword: &str, v: &crate::study::spec::Value) -> Result<()> {
        use crate::study::spec::Value;
        let bad = |what: &str| {
            Error::Usage(format!(
                "{}{v}: expected {what}",
                crate::setting::mark_of(keyword)
            ))
        };
        let int = || v.count().map_err(bad);
        let num = || v.number().map_err(bad);
        let whole = |i: i64| usize::try_from(i).map_err(|_| bad("a smaller number"));
        match keyword {
            "stocks" => self.stocks = whole(int()?)?,
            "events" => self.events = whole(int()?)?,
            "years" => self.years = i32::try_from(int()?).map_err(|_| bad("fewer years"))?,
            "start_year" => {
                self.start_year = i32::try_from(int()?).map_err(|_| bad("a year"))?;
            }
            "seed" => self.seed = int()?.unsigned_abs(),
            "effect" => self.effect = num()?,
            "noise_df" => self.noise_df = num()?,
            "effect_window" => match v {
                Value::Text(t) => self.effect_window = Window::parse(t)?,
                _ => return Err(bad("a window START:END")),
            },
            _ => {
                return Err(Error::Usage(format!(
                    "unknown setting {keyword}=: expected stocks, years, events, effect, \
                     seed, start_year, effect_window or noise_df"
                )));
            }
        }
        Ok(())
    }
}

/// A simulated market.
#[derive(Debug)]
pub struct Simulated {
    /// The market index (`SIMMKT`).
    pub market: Series,
    /// The stocks.
    pub stocks: Vec<Series>,
    /// The betas of the stocks.
    pub betas: Vec<f64>,
    /// The events, with their tickers.
    pub events: Vec<Event>,
}

fn nth_weekday(y: i32, m: u32, wd: u32, n: u32) -> Day {
    let first = days_from_civil(y, m, 1);
    let offset = (wd + 7 - weekday(first)) % 7;
    first + offset as i32 + 7 * (n as i32 - 1)
}

fn last_weekday(y: i32, m: u32, wd: u32) -> Day {
    let next = if m == 12 {
        days_from_civil(y + 1, 1, 1)
    } else {
        days_from_civil(y, m + 1, 1)
    };
    let last = next - 1;
    last - ((weekday(last) + 7 - wd) % 7) as i32
}

/// US exchange-style holidays of a year (fixed-date ones are skipped on weekends).
pub fn holidays(y: i32) -> Vec<Day> {
    vec![
        days_from_civil(y, 1, 1),
        nth_weekday(y, 1, 0, 3),  // Martin Luther King Jr. Day
        nth_weekday(y, 2, 0, 3),  // Presidents' Day
        last_weekday(y, 5, 0),    // Memorial Day
        days_from_civil(y, 7, 4), // Independence Day
        nth_weekday(y, 9, 0, 1),  // Labor Day
        nth_weekday(y, 11, 3, 4), // Thanksgiving
        days_from_civil(y, 12, 25),
    ]
}

/// Trading days of the years: weekdays that are not holidays.
pub fn trading_days(start_year: i32, years: i32) -> Vec<Day> {
    let mut out = Vec::new();
    for y in start_year..start_year + years {
        let hol = holidays(y);
        for d in days_from_civil(y, 1, 1)..days_from_civil(y + 1, 1, 1) {
            if weekday(d) < 5 && !hol.contains(&d) {
                out.push(d);
            }
        }
    }
    out
}

const INDUSTRIES: &[&str] = &["Retail", "Media", "Finance", "Hardware", "Consumer"];

/// A simulation drawn but for the stocks' prices, which [`Plan::stocks`] makes one stock at
/// a time (the same draws as [`simulate`], from the same generator state): a market of
/// ten thousand stocks over forty years is written without holding it.
pub struct Plan {
    days: Vec<Day>,
    market_returns: Vec<f64>,
    betas: Vec<f64>,
    /// The settings, to make the generator's state before the first stock's draws again.
    spec: Spec,
    /// Event effects per stock: (day index, return added), in event order.
    effects: Vec<Vec<(usize, f64)>>,
    events: Vec<Event>,
}

/// Draws a simulation's market, betas and events; the stocks come from [`Plan::stocks`].
/// A spec with fewer than about 280 trading days leaves no room for the estimation window
/// and has no events.
///
/// # Errors
/// As [`simulate`].
pub fn plan(spec: &Spec) -> Result<Plan> {
    check_spec(spec)?;
    let days = trading_days(spec.start_year, spec.years);
    let (mut rng, rm, betas) = market_draws(spec, days.len())?;
    // The stocks' draws come next: passed over here (the events are drawn after them) and
    // made again, stock by stock, by `Plan::stocks`.
    let noise = noise(spec)?;
    let mut row = Vec::with_capacity(days.len());
    for &b in &betas {
        draw_stock(&mut rng, &mut row, &rm, b, spec.alpha, noise)?;
    }
    let (events, effects) = place_events(spec, &mut rng, &days);
    Ok(Plan {
        days,
        market_returns: rm,
        betas,
        spec: spec.clone(),
        effects,
        events,
    })
}

/// The noise distribution and its scale.
fn noise(spec: &Spec) -> Result<(StudentT<f64>, f64)> {
    let t = StudentT::new(spec.noise_df)
        .map_err(|e| Error::Usage(format!("noise df {}: {e}", spec.noise_df)))?;
    // Scale t(df) to the wanted standard deviation: var t = df / (df - 2).
    Ok((
        t,
        spec.noise_sd / (spec.noise_df / (spec.noise_df - 2.0)).sqrt(),
    ))
}

/// The generator from the seed through the market's returns and the betas (the draws
/// before the stocks'), with those draws.
fn market_draws(spec: &Spec, n: usize) -> Result<(StdRng, Vec<f64>, Vec<f64>)> {
    let mut rng = StdRng::seed_from_u64(spec.seed);
    let mkt_dist = Normal::new(spec.market.0, spec.market.1)
        .map_err(|e| Error::Usage(format!("market sd {}: {e}", spec.market.1)))?;
    let mut rm = Vec::with_capacity(n);
    for _ in 0..n {
        rm.push(draw_above(|| mkt_dist.sample(&mut rng))?);
    }
    let betas: Vec<f64> = (0..spec.stocks)
        .map(|_| rng.random_range(spec.beta.0..=spec.beta.1))
        .collect();
    Ok((rng, rm, betas))
}

/// One stock's returns (before any event effect) into `out`.
fn draw_stock(
    rng: &mut StdRng,
    out: &mut Vec<f64>,
    rm: &[f64],
    beta: f64,
    alpha: f64,
    (t, t_scale): (StudentT<f64>, f64),
) -> Result<()> {
    out.clear();
    for m in rm {
        let base = alpha + beta * m;
        out.push(draw_above(|| base + t_scale * t.sample(rng))?);
    }
    Ok(())
}

/// Checks that a series' prices stay in the range the importers accept.
fn check_prices(s: &Series) -> Result<()> {
    if let Some(p) = s
        .price
        .iter()
        .find(|p| crate::import::check_price(**p).is_err())
    {
        return Err(Error::Usage(format!(
            "the settings drive {} to a price of {p}: expected drifts that keep prices \
             between {} and {:e}",
            s.ticker,
            crate::import::MIN_PRICE,
            crate::import::MAX_PRICE
        )));
    }
    Ok(())
}

impl Plan {
    /// The market index (`SIMMKT`).
    ///
    /// # Errors
    /// Settings that drive its price out of range.
    pub fn market(&self) -> Result<Series> {
        let m = to_series("SIMMKT".into(), &self.days, &self.market_returns, 1000.0);
        check_prices(&m)?;
        Ok(m)
    }

    /// The events.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The betas of the stocks.
    pub fn betas(&self) -> &[f64] {
        &self.betas
    }

    /// The stocks in order, each made when the iterator reaches it.
    pub fn stocks(&self) -> impl Iterator<Item = Result<Series>> + '_ {
        let mut state = market_draws(&self.spec, self.days.len())
            .and_then(|(rng, _, _)| noise(&self.spec).map(|n| (rng, n)))
            .map_err(Some);
        let mut r = Vec::with_capacity(self.days.len());
        self.betas.iter().enumerate().map(move |(i, &b)| {
            let (rng, noise) = match &mut state {
                Ok(s) => s,
                Err(e) => {
                    return Err(e
                        .take()
                        .unwrap_or_else(|| Error::Usage("the simulation stopped".into())));
                }
            };
            draw_stock(
                rng,
                &mut r,
                &self.market_returns,
                b,
                self.spec.alpha,
                *noise,
            )?;
            for &(c, add) in &self.effects[i] {
                r[c] += add;
            }
            let s = to_series(ticker(i), &self.days, &r, 50.0);
            check_prices(&s)?;
            Ok(s)
        })
    }
}

/// Simulates a market, every stock in memory (see [`plan`] for one stock at a time).
///
/// # Errors
/// A market standard deviation that is negative, noise degrees of freedom not above 2,
/// a beta range upside down, or settings that drive a price out of range.
pub fn simulate(spec: &Spec) -> Result<Simulated> {
    let plan = plan(spec)?;
    let market = plan.market()?;
    let stocks = plan.stocks().collect::<Result<Vec<_>>>()?;
    Ok(Simulated {
        market,
        stocks,
        betas: plan.betas,
        events: plan.events,
    })
}

/// Places the events (each stock has one before any has a second): the events, and each
/// stock's effects (day index, return added) in event order. Day 0 leaves room for the
/// estimation window and the -10..+10 chart window.
fn place_events(
    spec: &Spec,
    rng: &mut StdRng,
    days: &[Day],
) -> (Vec<Event>, Vec<Vec<(usize, f64)>>) {
    let n = days.len();
    let lo = 261usize;
    let hi = n.saturating_sub(12);
    let mut events = Vec::with_capacity(spec.events);
    let mut effects = vec![Vec::new(); spec.stocks];
    if hi <= lo || spec.stocks == 0 {
        return (events, effects);
    }
    let mut order: Vec<usize> = Vec::new();
    for i in 0..spec.events {
        if order.is_empty() {
            order = (0..spec.stocks).collect();
            order.shuffle(rng);
        }
        let s = order.pop().unwrap_or(0);
        let d0 = rng.random_range(lo..hi);
        let per_day = spec.effect / spec.effect_window.len() as f64;
        for rel in spec.effect_window.days() {
            let c = d0 as i64 + i64::from(rel);
            if c > 0 && (c as usize) < n {
                effects[s].push((c as usize, per_day));
            }
        }
        let mut announce = days[d0];
        if weekday(announce) == 0 && rng.random_bool(spec.weekend_share) {
            announce -= rng.random_range(1..=2); // the Sunday or Saturday before
        }
        events.push(Event {
            id: format!("S{:05}", i + 1),
            company: format!("Simulated Co {}", s + 1),
            ticker: Some(ticker(s)),
            date: announce,
            laid_off: Some(f64::from(rng.random_range(10..5000u32))),
            pct_laid_off: Some(f64::from(rng.random_range(1..40u32)) / 100.0),
            industry: INDUSTRIES[s % INDUSTRIES.len()].to_string(),
            country: "Simulated".into(),
            stage: "Post-IPO".into(),
            source: format!("simulated (seed {}, effect {})", spec.seed, spec.effect),
            matched_by: "simulated".into(),
            confidence: Some(1.0),
            sec_date: None,
            cik: None,
            exchange: None,
            timing: Default::default(),
        });
    }
    (events, effects)
}

/// Prices compounded from `start` by the returns (the first day's return is not used).
fn to_series(name: String, days: &[Day], r: &[f64], start: f64) -> Series {
    let mut p = start;
    let price: Vec<f64> = r
        .iter()
        .enumerate()
        .map(|(i, x)| {
            if i > 0 {
                p *= 1.0 + x;
            }
            p
        })
        .collect();
    Series {
        ticker: name,
        dates: days.to_vec(),
        price,
        close: Vec::new(),
        volume: Vec::new(),
        source: "simulated".into(),
        layout: "simulated",
    }
}

/// Ticker of the i-th simulated stock.
pub fn ticker(i: usize) -> String {
    format!("SIM{:04}", i + 1)
}

impl Simulated {
    /// The market and the stocks as one panel.
    pub fn panel(&self) -> Panel {
        let mut p = Panel::default();
        p.add(self.market.clone());
        for s in &self.stocks {
            p.add(s.clone());
        }
        p
    }
}

/// Where `write` puts the prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceFormat {
    /// One canonical CSV per ticker in `prices/`.
    Csv,
    /// One long Parquet file `prices.parquet`.
    Parquet,
    /// A Parquet dataset partitioned by ticker: `prices/ticker=SIM0001/part-0.parquet`.
    Dataset,
}

fn series_table(s: &Series) -> Table {
    let mut t = Table::new(&["date", "close", "adj_close"]);
    for (d, p) in s.dates.iter().zip(&s.price) {
        t.rows
            .push(vec![Cell::Date(*d), Cell::num(*p), Cell::num(*p)]);
    }
    t
}

/// The text of `SIMULATED.txt`: what the data is and how it was made.
fn about(spec: &Spec, events: usize) -> String {
    format!(
        "SIMULATED DATA - not real prices, companies or layoffs.\n\
         Made by `layoff-study simulate` with seed {seed}.\n\
         {stocks} fictional stocks (SIM0001..) and the market index SIMMKT, {years} years from {start},\n\
         trading days = weekdays less US-style holidays.\n\
         Stock return = {alpha} + beta x market + Student t({df}) noise with sd {sd}; betas uniform in [{b0}, {b1}].\n\
         Market return: normal, mean {m0}, sd {m1}.\n\
         {events} events; abnormal return {effect} injected over window {win} of each.\n",
        seed = spec.seed,
        stocks = spec.stocks,
        years = spec.years,
        start = spec.start_year,
        alpha = spec.alpha,
        df = spec.noise_df,
        sd = spec.noise_sd,
        b0 = spec.beta.0,
        b1 = spec.beta.1,
        m0 = spec.market.0,
        m1 = spec.market.1,
        events = events,
        effect = spec.effect,
        win = spec.effect_window,
    )
}

/// Stocks made, then written in parallel, this many at a time.
const WRITE_BATCH: usize = 256;

/// Writes a simulation into `dir` a batch of stocks at a time: the prices (per-ticker CSV
/// in `prices/`, `prices.parquet`, or a dataset partitioned by ticker in `prices/`),
/// `events.csv` (canonical layout) and `SIMULATED.txt`.
///
/// # Errors
/// I/O failure, or settings that drive a price out of range.
pub fn write(plan: &Plan, spec: &Spec, dir: &Path, format: PriceFormat) -> Result<()> {
    let market = plan.market()?;
    let mut stocks = plan.stocks();
    let mut batches = std::iter::from_fn(move || {
        let batch: Result<Vec<Series>> = stocks.by_ref().take(WRITE_BATCH).collect();
        match batch {
            Ok(b) if b.is_empty() => None,
            other => Some(other),
        }
    });
    match format {
        PriceFormat::Csv | PriceFormat::Dataset => {
            // A file a ticker: every price is checked before the first file is written, so
            // that settings driving a price out of range leave no partial folder (the
            // stocks are made twice).
            for s in plan.stocks() {
                s?;
            }
            let prices = dir.join("prices");
            let one = |s: &Series| match format {
                PriceFormat::Csv => crate::files::write_csv(
                    &prices.join(format!("{}.csv", s.ticker)),
                    &series_table(s),
                ),
                _ => {
                    let part = prices.join(format!("ticker={}", s.ticker));
                    let mut df = parquet::series_frame(std::iter::once(s))
                        .and_then(|df| df.drop("ticker"))
                        .map_err(|e| Error::data(&part, None, None, e.to_string()))?;
                    parquet::write(&mut df, &part.join("part-0.parquet"))
                }
            };
            one(&market)?;
            for batch in batches.by_ref() {
                crate::import::on_threads(batch?, |s| one(&s))
                    .into_iter()
                    .collect::<Result<()>>()?;
            }
        }
        PriceFormat::Parquet => {
            let path = dir.join("prices.parquet");
            let frame = |series: Vec<Series>| {
                parquet::series_frame(series.iter())
                    .map_err(|e| Error::data(&path, None, None, e.to_string()))
            };
            let first = frame(vec![market])?;
            parquet::write_batches(&path, first, || batches.next().map(|b| b.and_then(&frame)))?;
        }
    }
    let events = plan.events();
    crate::files::write_csv(&dir.join("events.csv"), &events_table(events))?;
    let about = about(spec, events.len());
    crate::files::write_atomic(&dir.join("SIMULATED.txt"), about.as_bytes())
}

/// A simulated market ready for a study, for the library's tests.
#[cfg(test)]
pub(crate) struct Sample {
    /// The simulation.
    pub sim: Simulated,
    /// Its stocks.
    pub panel: crate::series::Panel,
    /// The market's calendar.
    pub cal: crate::calendar::Calendar,
}

#[cfg(test)]
impl Sample {
    /// `stocks` stocks over `years` years with `events` events, from `seed`.
    pub fn new(stocks: usize, years: i32, events: usize, seed: u64) -> Sample {
        let sim = simulate(&Spec {
            stocks,
            years,
            events,
            seed,
            ..Spec::default()
        })
        .unwrap_or_else(|e| panic!("simulating: {e}"));
        let panel = sim.panel();
        let cal = crate::calendar::Calendar::of_series(&sim.market);
        Sample { sim, panel, cal }
    }

    /// The inputs of a study of the sample with the market model.
    pub fn inputs(&self) -> crate::study::Inputs<'_> {
        crate::study::Inputs {
            prices: (&self.panel).into(),
            market: Some(&self.sim.market),
            calendar: &self.cal,
            factors: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holidays_of_2024() {
        let h: Vec<String> = holidays(2024)
            .into_iter()
            .map(crate::date::format)
            .collect();
        assert_eq!(
            h,
            [
                "2024-01-01",
                "2024-01-15",
                "2024-02-19",
                "2024-05-27",
                "2024-07-04",
                "2024-09-02",
                "2024-11-28",
                "2024-12-25"
            ]
        );
    }

    #[test]
    fn same_seed_same_market() {
        let spec = Spec {
            stocks: 3,
            events: 5,
            ..Spec::default()
        };
        let (a, b) = (simulate(&spec).unwrap(), simulate(&spec).unwrap());
        assert_eq!(a.stocks[2].price, b.stocks[2].price);
        assert_eq!(a.events, b.events);
        let c = simulate(&Spec { seed: 7, ..spec }).unwrap();
        assert_ne!(a.stocks[2].price, c.stocks[2].price);
    }

    #[test]
    fn betas_are_recovered_by_regression() {
        // With no events, OLS of a stock on the market over all days finds its beta.
        let spec = Spec {
            stocks: 1,
            events: 0,
            years: 8,
            ..Spec::default()
        };
        let sim = simulate(&spec).unwrap();
        let p = &sim.stocks[0].price;
        let m = &sim.market.price;
        let r: Vec<f64> = p.windows(2).map(|w| w[1] / w[0] - 1.0).collect();
        let rm: Vec<f64> = m.windows(2).map(|w| w[1] / w[0] - 1.0).collect();
        let n = r.len() as f64;
        let (mr, mm) = (r.iter().sum::<f64>() / n, rm.iter().sum::<f64>() / n);
        let cov: f64 = r.iter().zip(&rm).map(|(a, b)| (a - mr) * (b - mm)).sum();
        let var: f64 = rm.iter().map(|b| (b - mm) * (b - mm)).sum();
        // Standard error of beta ~ 0.02 / (0.01 sqrt(2000)) = 0.045; allow 4 SE.
        assert!(
            (cov / var - sim.betas[0]).abs() < 0.18,
            "{} vs {}",
            cov / var,
            sim.betas[0]
        );
    }
}
