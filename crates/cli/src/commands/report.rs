//! `maturity report` and `maturity schema`: render a saved assessment, and publish the schema of
//! the assessment file, without re-running the assessment.

use anyhow::{Context as _, Result};
use maturity_assess::Assessment;
use maturity_report::Format;

use super::{Outcome, write_output};
use crate::args::{ReportArgs, ReportFormat};
use crate::inputs;

pub(super) fn run(args: &ReportArgs) -> Result<Outcome> {
    let catalogs = inputs::catalogs()?;
    let text = maturity_input::read_to_string(&args.assessment)?;
    let assessment = Assessment::from_json(&args.assessment.display().to_string(), &text)?;
    let format = match args.format {
        ReportFormat::Html => Format::Html,
        ReportFormat::Markdown => Format::Markdown,
        ReportFormat::CsvControls => Format::CsvControls,
        ReportFormat::CsvFindings => Format::CsvFindings,
        ReportFormat::Json => Format::Json,
    };
    let bytes = maturity_report::render(format, &assessment, catalogs).context("rendering the report")?;
    let text = String::from_utf8(bytes).context("the report is not UTF-8")?;
    write_output(args.out.as_deref(), &text)?;
    if let Some(out) = &args.out {
        eprintln!("wrote {}", out.display());
    }
    Ok(Outcome::Done)
}

pub(super) fn schema() -> Result<Outcome> {
    write_output(None, &maturity_report::json::schema().context("generating the JSON Schema")?)?;
    Ok(Outcome::Done)
}
