//! Loading the catalogs and the files named on the command line.

use std::path::Path;

use anyhow::{Result, anyhow};
use maturity_assess::{Answers, Config, Exceptions};
use maturity_input::read_to_string;
use maturity_model::Catalogs;

/// The built-in catalogs, or every problem in them.
pub(crate) fn catalogs() -> Result<&'static Catalogs> {
    Catalogs::builtin().map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow!("the built-in catalogs are invalid:\n{}", lines.join("\n"))
    })
}

/// The configuration file, or the defaults.
pub(crate) fn config(path: Option<&Path>, catalogs: &Catalogs) -> Result<Config> {
    let Some(path) = path else { return Ok(Config::default()) };
    let text = read_to_string(path)?;
    Ok(Config::parse(&path.display().to_string(), &text, catalogs)?)
}

/// The answers file, or no answers.
pub(crate) fn answers(path: Option<&Path>, catalogs: &Catalogs, config: &Config) -> Result<Answers> {
    let Some(path) = path else { return Ok(Answers::default()) };
    let text = read_to_string(path)?;
    // Today anywhere on Earth, not `--as-of`: an answer may postdate the day an assessment is
    // judged on (re-scoring last quarter), never the day it is read.
    let today = maturity_assess::answers::today_anywhere(chrono::Utc::now());
    Ok(Answers::parse(&path.display().to_string(), &text, catalogs, config.answer_validity_days, today)?)
}

/// The exceptions file, or no exceptions.
pub(crate) fn exceptions(path: Option<&Path>, catalogs: &Catalogs) -> Result<Exceptions> {
    let Some(path) = path else { return Ok(Exceptions::default()) };
    let text = read_to_string(path)?;
    Ok(Exceptions::parse(&path.display().to_string(), &text, catalogs, &maturity_checks::ids())?)
}
