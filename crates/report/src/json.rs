//! The assessment as JSON, and the JSON Schema that describes it.
//!
//! The JSON is the assessment itself (what `maturity assess --out` writes), so other tools can
//! build on it; the schema is generated from the same Rust types, so it cannot drift from them.

use maturity_assess::{ASSESSMENT_SCHEMA_VERSION, Assessment};

use crate::ReportError;

/// The assessment as pretty-printed JSON, ending with a newline.
///
/// # Errors
/// Serialization failures, which the assessment's types do not cause in practice.
pub fn render(assessment: &Assessment) -> Result<Vec<u8>, ReportError> {
    let mut bytes = serde_json::to_vec_pretty(assessment)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The JSON Schema (draft 2020-12) of `assessment.json`, pretty-printed, ending with a newline.
///
/// # Errors
/// Serialization failures, which a schema does not cause in practice.
pub fn schema() -> Result<String, ReportError> {
    let mut schema = schemars::schema_for!(Assessment);
    schema.insert("title".to_owned(), "maturity assessment".into());
    schema.insert(
        "description".to_owned(),
        format!(
            "One assessment written by `maturity assess --out` (schema_version {ASSESSMENT_SCHEMA_VERSION}): an AWS \
             organization scored on the AWS Security Maturity Model v2 and the Cloud Security Maturity Model v2."
        )
        .into(),
    );
    Ok(serde_json::to_string_pretty(&schema)? + "\n")
}
