//! `controls.csv` and `findings.csv`: the assessment as two flat tables for spreadsheets.
//!
//! Column names are stable (README.md, "Report formats", documents them); lists inside a cell
//! are joined with `;` (ids) or ` | ` (sentences), and the `csv` crate does the quoting.

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
        out.write_record([
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
        ])?;
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
        out.write_record([
            finding.check.as_str(),
            &index.controls_of_check(&finding.check).join(";"),
            finding.status.id(),
            location.account_id.as_deref().unwrap_or_default(),
            location.region.as_deref().unwrap_or_default(),
            location.resource.as_deref().unwrap_or_default(),
            &assessed.excepted_by.map(|n| n.to_string()).unwrap_or_default(),
            finding.message.as_str(),
        ])?;
    }
    finish(out)
}

fn finish(out: Writer<Vec<u8>>) -> Result<Vec<u8>, ReportError> {
    out.into_inner().map_err(|e| ReportError::Csv(e.into_error().into()))
}
