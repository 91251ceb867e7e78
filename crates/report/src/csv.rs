//! `controls.csv` and `findings.csv`: the assessment as two flat tables for spreadsheets.
//!
//! Column names are stable (README.md, "Report formats", documents them); lists inside a cell
//! are joined with `;` (ids) or ` | ` (sentences), and the `csv` crate does the quoting.
//!
//! Cells carry text from AWS (resource names, tags quoted in messages), which anyone who can
//! create a resource in a scanned account chooses. A spreadsheet runs a cell that starts with
//! `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula, so every such cell
//! is written with a leading `'`, which spreadsheets show as text ([`cell`]).

use std::borrow::Cow;

use ::csv::Writer;
use maturity_assess::Assessment;
use maturity_model::Catalogs;

use crate::ReportError;
use crate::view::{self, Index};

/// The columns of `controls.csv`.
pub const CONTROL_COLUMNS: [&str; 12] = [
    "id",
    "name",
    "capability",
    "phase",
    "status",
    "source",
    "coverage_holding",
    "coverage_in_scope",
    "failing_accounts",
    "checks",
    "reasons",
    "url",
];

/// The columns of `findings.csv`.
pub const FINDING_COLUMNS: [&str; 8] =
    ["check", "controls", "status", "account_id", "region", "resource", "excepted_by", "message"];

/// One row per AWS SMM control, in catalog (grid) order.
///
/// # Errors
/// Only if the CSV writer fails, which it does not when writing to memory.
pub fn controls(assessment: &Assessment, catalogs: &Catalogs) -> Result<Vec<u8>, ReportError> {
    let index = Index::new(assessment, catalogs);
    let mut out = Writer::from_writer(Vec::new());
    out.write_record(CONTROL_COLUMNS)?;
    for control in &catalogs.aws_smm.controls {
        let result = index.result(&control.id);
        let coverage = result.and_then(|r| r.coverage);
        let number = |value: Option<u32>| value.map(|v| v.to_string()).unwrap_or_default();
        write_row(
            &mut out,
            [
                control.id.as_str(),
                control.name.as_str(),
                control.capability.id(),
                &control.phase.number().to_string(),
                index.status(&control.id).id(),
                result.map_or("none", |r| view::source_id(r.source)),
                &number(coverage.map(|c| c.holding)),
                &number(coverage.map(|c| c.in_scope)),
                &result.map(|r| r.failing_accounts.join(";")).unwrap_or_default(),
                &control.checks.join(";"),
                &result.map(|r| r.reasons.join(" | ")).unwrap_or_default(),
                control.url.as_str(),
            ],
        )?;
    }
    finish(out)
}

/// One row per finding, in the assessment's order.
///
/// # Errors
/// Only if the CSV writer fails, which it does not when writing to memory.
pub fn findings(assessment: &Assessment, catalogs: &Catalogs) -> Result<Vec<u8>, ReportError> {
    let index = Index::new(assessment, catalogs);
    let mut out = Writer::from_writer(Vec::new());
    out.write_record(FINDING_COLUMNS)?;
    for assessed in &assessment.findings {
        let finding = &assessed.finding;
        let location = &finding.location;
        write_row(
            &mut out,
            [
                &*finding.check,
                &index.controls_of_check(&finding.check).join(";"),
                finding.status.id(),
                location.account_id.as_deref().unwrap_or_default(),
                location.region.as_deref().unwrap_or_default(),
                location.resource.as_deref().unwrap_or_default(),
                &assessed.excepted_by.map(|n| n.to_string()).unwrap_or_default(),
                finding.message.as_str(),
            ],
        )?;
    }
    finish(out)
}

/// `text` as a spreadsheet shows it, not runs it: a leading `'` when it would start a formula.
#[must_use]
fn cell(text: &str) -> Cow<'_, str> {
    let starts_formula =
        text.trim_start_matches(['\t', '\r']).starts_with(['=', '+', '-', '@']) || text.starts_with(['\t', '\r']);
    if starts_formula { Cow::Owned(format!("'{text}")) } else { Cow::Borrowed(text) }
}

/// Writes a row, every cell through [`cell`].
fn write_row<const N: usize>(out: &mut Writer<Vec<u8>>, row: [&str; N]) -> Result<(), ::csv::Error> {
    out.write_record(row.map(cell).iter().map(|c| c.as_bytes()))
}

fn finish(out: Writer<Vec<u8>>) -> Result<Vec<u8>, ReportError> {
    out.into_inner().map_err(|e| ReportError::Csv(e.into_error().into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_run_as_formulas_are_text() {
        assert_eq!(cell("=HYPERLINK(\"http://x\",\"y\")"), "'=HYPERLINK(\"http://x\",\"y\")");
        assert_eq!(cell("+1+1"), "'+1+1");
        assert_eq!(cell("-2+3"), "'-2+3");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\t=1"), "'\t=1");
        assert_eq!(cell("\r"), "'\r");
    }

    #[test]
    fn other_cells_are_kept_as_they_are() {
        assert!(matches!(cell("Bucket =x of account prod"), Cow::Borrowed("Bucket =x of account prod")));
        assert!(matches!(cell(""), Cow::Borrowed("")));
        assert!(matches!(cell("arn:aws:s3:::a-b"), Cow::Borrowed(_)));
    }
}
