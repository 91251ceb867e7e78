//! One module per page. Each handler reads what it needs from the store (through the cache),
//! renders with maud (every value escaped) and answers a [`PageError`] page for anything it cannot
//! show: an id that is not saved or not a number, a control or objective not in the catalog.

pub(crate) mod assessment;
pub(crate) mod control;
pub(crate) mod diff;
mod filters;
mod history;
pub(crate) mod inputs;
pub(crate) mod objective;
pub(crate) mod overview;
pub(crate) mod roadmap;

use maturity_assess::Assessment;
use maturity_model::aws_smm::Phase;
use maturity_report::html::Links;

use crate::error::PageError;

/// The id in a path: a number, or the page is not found.
pub(crate) fn saved_id(text: &str) -> Result<i64, PageError> {
    text.parse().map_err(|_| PageError::NotFound(format!("No saved assessment has id {text}.")))
}

/// The link prefixes of one saved assessment's pages.
pub(crate) struct Prefixes {
    pub(crate) assessment: String,
    controls: String,
    objectives: String,
}

impl Prefixes {
    pub(crate) fn new(id: i64) -> Prefixes {
        Prefixes {
            assessment: format!("/assessments/{id}"),
            controls: format!("/assessments/{id}/controls/"),
            objectives: format!("/assessments/{id}/objectives/"),
        }
    }

    /// Where the report's pieces link controls and objectives.
    pub(crate) fn links(&self) -> Links<'_> {
        Links { control: &self.controls, objective: Some(&self.objectives) }
    }
}

/// "2 · Foundational", or "0 · none yet".
pub(crate) fn phase_label(phase: u8) -> String {
    format!("{phase} · {}", Phase::new(phase).map_or("none yet", Phase::name))
}

/// How an assessment is named in titles: its organization and day.
pub(crate) fn scope(assessment: &Assessment) -> String {
    format!(
        "{} · judged as of {}",
        assessment.evidence.organization_id.as_deref().unwrap_or("single-account scan"),
        assessment.as_of
    )
}

/// Percent-encodes a query-string value (everything but unreserved characters).
pub(crate) fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_numbers() {
        assert_eq!(saved_id("12").ok(), Some(12));
        assert!(matches!(saved_id("x1"), Err(PageError::NotFound(_))));
    }

    #[test]
    fn encodes_query_values() {
        assert_eq!(encode("eu-west-1"), "eu-west-1");
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }
}
