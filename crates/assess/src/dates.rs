//! Dates in the people-edited files: TOML dates (`2026-03-01`), read with their position.

use std::ops::Range;

use chrono::NaiveDate;
use maturity_input::InputError;
use toml::Spanned;
use toml::value::Datetime;

/// Turns a TOML date into a calendar date, or an error pointing at it.
pub(crate) fn to_date(file: &str, text: &str, value: &Spanned<Datetime>, field: &str) -> Result<NaiveDate, InputError> {
    let span: Range<usize> = value.span();
    let datetime = value.get_ref();
    let date = match (datetime.date, datetime.time) {
        (Some(date), None) => NaiveDate::from_ymd_opt(i32::from(date.year), u32::from(date.month), u32::from(date.day)),
        _ => None,
    };
    date.ok_or_else(|| {
        InputError::at_span(file, text, span, field, format!("`{datetime}` is not a plain date like 2026-03-01"))
    })
}

/// A calendar date as a TOML date, as the people-edited files write it. Years outside 0..=65535
/// (which no answer or exception can hold) are clamped.
pub(crate) fn to_toml_date(date: NaiveDate) -> Datetime {
    use chrono::Datelike as _;
    Datetime {
        date: Some(toml::value::Date {
            year: u16::try_from(date.year().clamp(0, i32::from(u16::MAX))).unwrap_or(u16::MAX),
            month: u8::try_from(date.month()).unwrap_or(1),
            day: u8::try_from(date.day()).unwrap_or(1),
        }),
        time: None,
        offset: None,
    }
}
