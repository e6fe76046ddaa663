//! Relative-day windows (`START:END` in trading days, e.g. `-1:1`).

use crate::error::Error;

/// Farthest relative day a window may reach, either side of day 0.
pub const MAX_DAYS: i32 = 10_000;

/// An inclusive window of relative trading days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    /// First relative day.
    pub start: i32,
    /// Last relative day.
    pub end: i32,
}

impl Window {
    /// A window; `start <= end`.
    pub const fn new(start: i32, end: i32) -> Self {
        Window { start, end }
    }

    /// Number of days (T).
    pub fn len(self) -> usize {
        (self.end - self.start + 1) as usize
    }

    /// Always false: a window has at least one day.
    pub fn is_empty(self) -> bool {
        false
    }

    /// Relative days of the window.
    pub fn days(self) -> std::ops::RangeInclusive<i32> {
        self.start..=self.end
    }

    /// True when the windows share a day.
    pub fn overlaps(self, other: Window) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Parses `START:END`.
    ///
    /// # Errors
    /// Not two integers separated by `:`, or START after END.
    ///
    /// ```
    /// use layoff_study::study::Window;
    /// assert_eq!(Window::parse("-1:1").unwrap(), Window::new(-1, 1));
    /// assert!(Window::parse("2:1").is_err());
    /// assert!(Window::parse("-2000000000:-11").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Window, Error> {
        let bad = || {
            Error::Usage(format!(
                "window {s:?}: expected START:END in trading days, such as -1:1"
            ))
        };
        let (a, b) = s.split_once(':').ok_or_else(bad)?;
        let (a, b): (i32, i32) = (
            a.trim().parse().map_err(|_| bad())?,
            b.trim().parse().map_err(|_| bad())?,
        );
        if a > b {
            return Err(Error::Usage(format!("window {s}: START is after END")));
        }
        if a < -MAX_DAYS || b > MAX_DAYS {
            return Err(Error::Usage(format!(
                "window {s}: expected days from -{MAX_DAYS} to {MAX_DAYS} (about 40 years of \
                 trading days)"
            )));
        }
        Ok(Window::new(a, b))
    }
}

impl std::fmt::Display for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.start, self.end)
    }
}

/// `+3` / `-2` / `0` for messages about relative days.
pub fn signed(t: i32) -> String {
    if t > 0 {
        format!("+{t}")
    } else {
        t.to_string()
    }
}
