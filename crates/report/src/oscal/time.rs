//! Dates and times as OSCAL writes them: RFC 3339 with a time zone, years 1900 to 2999.
//!
//! NIST's schema accepts only those years; an answer or exception can expire as late as
//! 9999-12-31 (the last day TOML dates reach), which then has no OSCAL date, and the day itself
//! stays in a property.

use chrono::{DateTime, Datelike as _, NaiveDate, SecondsFormat, Utc};

/// `2026-11-02T09:30:00Z`.
pub(crate) fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The first second of `day`, UTC; `None` outside the years OSCAL accepts.
pub(crate) fn start_of_day(day: NaiveDate) -> Option<String> {
    in_range(day).then(|| format!("{}T00:00:00Z", day.format("%Y-%m-%d")))
}

/// The last second of `day`, UTC (answers and exceptions hold through their expiry day); `None`
/// outside the years OSCAL accepts.
pub(crate) fn end_of_day(day: NaiveDate) -> Option<String> {
    in_range(day).then(|| format!("{}T23:59:59Z", day.format("%Y-%m-%d")))
}

fn in_range(day: NaiveDate) -> bool {
    (1900..=2999).contains(&day.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_outside_the_oscal_years_have_no_date() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(end_of_day(day(2027, 1, 31)).as_deref(), Some("2027-01-31T23:59:59Z"));
        assert_eq!(start_of_day(day(2026, 3, 1)).as_deref(), Some("2026-03-01T00:00:00Z"));
        assert_eq!(end_of_day(day(9999, 12, 31)), None);
    }
}
