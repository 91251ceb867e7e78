//! Reports: one [`Assessment`] (with the catalogs it was scored on) rendered for people and
//! programs.
//!
//! This is the last, pure stage of the pipeline: every format is generated from the same
//! assessment and catalogs, never from a per-format copy of the data, so the HTML grid, the
//! Markdown tables and the CSV rows cannot disagree. One module per format:
//!
//! - [`html`]: one self-contained HTML file (inline CSS and SVG) for leadership and auditors;
//! - [`markdown`]: the summary, both model tables and the roadmap, for a wiki page or a PR;
//! - [`csv`]: `controls.csv` and `findings.csv`, for spreadsheets;
//! - [`json`]: the assessment itself, and its JSON Schema;
//! - [`oscal`]: both models as OSCAL catalogs, and the assessment as OSCAL assessment results;
//! - [`junit`]: `junit.xml`, one test case per control and objective, for CI systems;
//! - [`ocsf`]: the findings as OCSF Compliance Finding events, for security data lakes;
//! - [`asff`]: the findings in the AWS Security Finding Format, for AWS Security Hub;
//! - [`diff`]: what changed between two assessments, as text, Markdown or JSON.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let assessment = maturity_demo::assessment()?;
//! let catalogs = maturity_model::Catalogs::builtin().map_err(|_| "invalid catalogs")?;
//! let written = maturity_report::write_all(std::path::Path::new("report"), &assessment, catalogs)?;
//! # Ok(()) }
//! ```

pub mod asff;
pub mod csv;
pub mod diff;
mod exported;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod ocsf;
pub mod oscal;
pub mod sorted_json;
mod view;
mod xml;

use std::path::{Path, PathBuf};

use maturity_assess::Assessment;
use maturity_model::Catalogs;

/// What can go wrong while rendering or writing a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A report file could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The output directory could not be created.
    #[error("cannot create the directory {path}")]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A CSV table could not be written.
    #[error("writing a CSV table")]
    Csv(#[from] ::csv::Error),
    /// The assessment could not be serialized.
    #[error("serializing the assessment as JSON")]
    Json(#[from] serde_json::Error),
    /// Text formatting failed (it does not, when writing to a string).
    #[error("formatting the report")]
    Format(#[from] std::fmt::Error),
    /// Writing a report's bytes failed (made a [`ReportError::Write`] naming the file).
    #[error("writing the report")]
    Output(#[from] std::io::Error),
}

/// The report formats, each rendered from the whole assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// The self-contained HTML report.
    Html,
    /// The Markdown summary.
    Markdown,
    /// One CSV row per AWS SMM control.
    CsvControls,
    /// One CSV row per finding.
    CsvFindings,
    /// The assessment as JSON.
    Json,
    /// The assessment as OSCAL assessment results.
    OscalResults,
    /// JUnit XML, one test case per control and objective.
    Junit,
    /// OCSF Compliance Finding events, one JSON object a line.
    Ocsf,
    /// Security Hub import requests (ASFF findings), one JSON object a line.
    Asff,
}

impl Format {
    /// Every format, in the order [`write_all`] writes them.
    pub const ALL: [Format; 9] = [
        Format::Html,
        Format::Markdown,
        Format::CsvControls,
        Format::CsvFindings,
        Format::Json,
        Format::OscalResults,
        Format::Junit,
        Format::Ocsf,
        Format::Asff,
    ];

    /// The file name [`write_all`] gives this format.
    #[must_use]
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Html => "report.html",
            Format::Markdown => "report.md",
            Format::CsvControls => "controls.csv",
            Format::CsvFindings => "findings.csv",
            Format::Json => "assessment.json",
            Format::OscalResults => oscal::results::FILE_NAME,
            Format::Junit => "junit.xml",
            Format::Ocsf => "findings.ocsf.jsonl",
            Format::Asff => "findings.asff.jsonl",
        }
    }
}

/// The choices of the formats that have some, each format's default when not given.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// What fails a JUnit test case.
    pub junit: junit::Options,
    /// Where ASFF findings go.
    pub asff: asff::Options,
}

/// Renders one format with the default [`Options`].
///
/// # Errors
/// Only if serialization fails, which the assessment's types do not cause in practice.
pub fn render(format: Format, assessment: &Assessment, catalogs: &Catalogs) -> Result<Vec<u8>, ReportError> {
    render_with(format, assessment, catalogs, &Options::default())
}

/// Renders one format.
///
/// # Errors
/// Only if serialization fails, which the assessment's types do not cause in practice.
pub fn render_with(
    format: Format,
    assessment: &Assessment,
    catalogs: &Catalogs,
    options: &Options,
) -> Result<Vec<u8>, ReportError> {
    Ok(match format {
        Format::Html => html::render(assessment, catalogs).into_bytes(),
        Format::Markdown => markdown::render(assessment)?.into_bytes(),
        Format::CsvControls => csv::controls(assessment, catalogs)?,
        Format::CsvFindings => csv::findings(assessment, catalogs)?,
        Format::Json => json::render(assessment)?,
        Format::OscalResults => oscal::results::render(assessment, catalogs)?,
        Format::Junit => junit::render(assessment, catalogs, &options.junit).into_bytes(),
        Format::Ocsf => ocsf::render(assessment, catalogs)?,
        Format::Asff => asff::render(assessment, catalogs, &options.asff)?,
    })
}

/// Writes `format` to `out`: the formats with a record per finding (OCSF, ASFF, OSCAL assessment
/// results) and the assessment (JSON) as they are made, without holding the whole file; the others
/// rendered, then written.
///
/// # Errors
/// As [`render_with`], or `out` fails ([`ReportError::Output`]).
pub fn render_to(
    format: Format,
    assessment: &Assessment,
    catalogs: &Catalogs,
    options: &Options,
    out: &mut dyn std::io::Write,
) -> Result<(), ReportError> {
    match format {
        Format::Ocsf => ocsf::write(assessment, catalogs, out),
        Format::Asff => asff::write(assessment, catalogs, &options.asff, out),
        Format::OscalResults => oscal::results::write(assessment, catalogs, out),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, assessment)?;
            out.write_all(b"\n").map_err(ReportError::Output)
        }
        other => out.write_all(&render_with(other, assessment, catalogs, options)?).map_err(ReportError::Output),
    }
}

/// Writes every format into `dir` with the default [`Options`]; see [`write_all_with`].
///
/// # Errors
/// The directory or a file cannot be written.
pub fn write_all(dir: &Path, assessment: &Assessment, catalogs: &Catalogs) -> Result<Vec<PathBuf>, ReportError> {
    write_all_with(dir, assessment, catalogs, &Options::default())
}

/// Writes every format into `dir` (created if missing) and returns the files written, in
/// [`Format::ALL`] order. Each file replaces the one before in one step
/// ([`maturity_input::write_atomically`]): a run stopped halfway leaves every file old or new,
/// never cut short.
///
/// # Errors
/// The directory or a file cannot be written.
pub fn write_all_with(
    dir: &Path,
    assessment: &Assessment,
    catalogs: &Catalogs,
    options: &Options,
) -> Result<Vec<PathBuf>, ReportError> {
    write_formats(dir, &Format::ALL, assessment, catalogs, options)
}

/// Writes `formats` into `dir` (created if missing), as [`write_all_with`] writes them all, and
/// returns the files written, in that order.
///
/// # Errors
/// The directory or a file cannot be written.
pub fn write_formats(
    dir: &Path,
    formats: &[Format],
    assessment: &Assessment,
    catalogs: &Catalogs,
    options: &Options,
) -> Result<Vec<PathBuf>, ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::CreateDir { path: dir.to_owned(), source })?;
    let mut written = Vec::with_capacity(formats.len());
    for &format in formats {
        let path = dir.join(format.file_name());
        maturity_input::write_atomically_with(&path, |out| render_to(format, assessment, catalogs, options, out))
            .map_err(|error| match error {
                ReportError::Output(source) => ReportError::Write { path: path.clone(), source },
                other => other,
            })?;
        written.push(path);
    }
    Ok(written)
}
