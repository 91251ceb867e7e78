//! `maturity diff OLD NEW`: what changed between two saved assessments. The comparison is
//! `maturity_assess::diff` and the rendering `maturity_report::diff`; this only reads the two
//! files (errors name the file and field) and writes the result.

use std::path::Path;

use anyhow::Result;
use maturity_assess::Assessment;
use maturity_report::diff::{DiffFormat, render};

use super::{Outcome, write_output};
use crate::args::{self, DiffArgs};

pub(super) fn run(args: &DiffArgs) -> Result<Outcome> {
    let old = read_assessment(&args.old)?;
    let new = read_assessment(&args.new)?;
    let format = match args.format {
        args::DiffFormat::Text => DiffFormat::Text,
        args::DiffFormat::Markdown => DiffFormat::Markdown,
        args::DiffFormat::Json => DiffFormat::Json,
    };
    let text = render(format, &maturity_assess::diff(&old, &new))?;
    write_output(args.output.as_deref(), &text)?;
    if let Some(output) = &args.output {
        eprintln!("wrote {}", output.display());
    }
    Ok(Outcome::Done)
}

fn read_assessment(path: &Path) -> Result<Assessment> {
    let text = maturity_input::read_to_string(path)?;
    Ok(Assessment::from_json(&path.display().to_string(), &text)?)
}
