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
//! - [`diff`]: what changed between two assessments, as text, Markdown or JSON.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let assessment = maturity_demo::assessment()?;
//! let catalogs = maturity_model::Catalogs::builtin().map_err(|_| "invalid catalogs")?;
//! let written = maturity_report::write_all(std::path::Path::new("report"), &assessment, catalogs)?;
//! # Ok(()) }
//! ```

pub mod csv;
pub mod diff;
pub mod html;
pub mod json;
pub mod markdown;
mod view;

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
}

impl Format {
    /// Every format, in the order [`write_all`] writes them.
    pub const ALL: [Format; 5] =
        [Format::Html, Format::Markdown, Format::CsvControls, Format::CsvFindings, Format::Json];

    /// The file name [`write_all`] gives this format.
    #[must_use]
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Html => "report.html",
            Format::Markdown => "report.md",
            Format::CsvControls => "controls.csv",
            Format::CsvFindings => "findings.csv",
            Format::Json => "assessment.json",
        }
    }
}

/// Renders one format.
///
/// # Errors
/// Only if serialization fails, which the assessment's types do not cause in practice.
pub fn render(format: Format, assessment: &Assessment, catalogs: &Catalogs) -> Result<Vec<u8>, ReportError> {
    Ok(match format {
        Format::Html => html::render(assessment, catalogs).into_bytes(),
        Format::Markdown => markdown::render(assessment)?.into_bytes(),
        Format::CsvControls => csv::controls(assessment, catalogs)?,
        Format::CsvFindings => csv::findings(assessment, catalogs)?,
        Format::Json => json::render(assessment)?,
    })
}

/// Writes every format into `dir` (created if missing) and returns the files written, in
/// [`Format::ALL`] order. Each file replaces the one before in one step
/// ([`maturity_input::write_atomically`]): a run stopped halfway leaves every file old or new,
/// never cut short.
///
/// # Errors
/// The directory or a file cannot be written.
pub fn write_all(dir: &Path, assessment: &Assessment, catalogs: &Catalogs) -> Result<Vec<PathBuf>, ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::CreateDir { path: dir.to_owned(), source })?;
    let mut written = Vec::with_capacity(Format::ALL.len());
    for format in Format::ALL {
        let bytes = render(format, assessment, catalogs)?;
        let path = dir.join(format.file_name());
        maturity_input::write_atomically(&path, &bytes)
            .map_err(|source| ReportError::Write { path: path.clone(), source })?;
        written.push(path);
    }
    Ok(written)
}
