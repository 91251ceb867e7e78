//! `maturity report` and `maturity schema`: render a saved assessment, and publish the schema of
//! the assessment file, without re-running the assessment.

use anyhow::{Context as _, Result};
use maturity_assess::{Assessment, Status};
use maturity_report::{Format, Options};

use super::{Outcome, write_output};
use crate::args::{FormatOptions, JunitFailOn, ReportArgs, ReportFormat};
use crate::inputs;

pub(super) fn run(args: &ReportArgs) -> Result<Outcome> {
    let catalogs = inputs::catalogs()?;
    let text = maturity_input::read_to_string(&args.assessment)?;
    let assessment = Assessment::from_json(&args.assessment.display().to_string(), &text)?;
    let bytes = maturity_report::render_with(format(args.format), &assessment, catalogs, &options(&args.formats))
        .context("rendering the report")?;
    let text = String::from_utf8(bytes).context("the report is not UTF-8")?;
    write_output(args.out.as_deref(), &text)?;
    if let Some(out) = &args.out {
        eprintln!("wrote {}", out.display());
    }
    Ok(Outcome::Done)
}

/// The report crate's format of a command-line format name.
pub(super) fn format(format: ReportFormat) -> Format {
    match format {
        ReportFormat::Html => Format::Html,
        ReportFormat::Markdown => Format::Markdown,
        ReportFormat::CsvControls => Format::CsvControls,
        ReportFormat::CsvFindings => Format::CsvFindings,
        ReportFormat::Json => Format::Json,
        ReportFormat::OscalAr => Format::OscalResults,
        ReportFormat::Junit => Format::Junit,
        ReportFormat::Ocsf => Format::Ocsf,
        ReportFormat::Asff => Format::Asff,
    }
}

/// The report crate's options from the command line's.
pub(super) fn options(args: &FormatOptions) -> Options {
    let mut options = Options::default();
    options.junit.fail_on = args
        .junit_fail_on
        .iter()
        .map(|status| match status {
            JunitFailOn::NotMet => Status::NotMet,
            JunitFailOn::Partial => Status::Partial,
            JunitFailOn::Unknown => Status::Unknown,
        })
        .collect();
    options.asff.product_arn.clone_from(&args.asff_product_arn);
    options.asff.home_region.clone_from(&args.asff_home_region);
    options.asff.organization_account.clone_from(&args.asff_organization_account);
    options
}

pub(super) fn schema() -> Result<Outcome> {
    write_output(None, &maturity_report::json::schema().context("generating the JSON Schema")?)?;
    Ok(Outcome::Done)
}
