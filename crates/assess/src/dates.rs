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

/// The last day a TOML file can hold (its years have four digits). An answer's default expiry
/// (its date plus the validity, which a configuration file may set to any number of days) stops
/// here, so that every date the parsers make can be written back and read again.
pub(crate) const LAST_TOML_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(day) => day,
    None => panic!("9999-12-31 is a valid date"),
};

/// A calendar date as a TOML date, as the people-edited files write it. Dates outside what TOML
/// can hold (years 0 to 9999), which the parsers never make, are clamped to its first or last
/// day rather than written as a file that does not read back.
pub(crate) fn to_toml_date(date: NaiveDate) -> Datetime {
    use chrono::Datelike as _;
    let first = NaiveDate::from_ymd_opt(0, 1, 1).unwrap_or(NaiveDate::MIN);
    let date = date.clamp(first, LAST_TOML_DATE);
    Datetime {
        date: Some(toml::value::Date {
            year: u16::try_from(date.year()).unwrap_or(0),
            month: u8::try_from(date.month()).unwrap_or(1),
            day: u8::try_from(date.day()).unwrap_or(1),
        }),
        time: None,
        offset: None,
    }
}
