//! `maturity demo`: assess Northwind Analytics, the built-in demo organization, and write the
//! files it is made of next to what comes out of them, so people can read and reuse the formats.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use maturity_assess::Assessment;
use maturity_store::SaveRequest;

use super::{Outcome, write_output};
use crate::args::DbArgs;
use crate::{inputs, saved, summary};

/// Roadmap items the summary shows, as `assess` shows by default.
const SUMMARY_TOP: usize = 10;

/// Writes the demo into `dir`, and saves it in the database `save` names, if any.
pub(super) fn run(dir: &Path, save: Option<&DbArgs>) -> Result<Outcome> {
    let assessment = maturity_demo::assessment().context("the built-in demo organization cannot be assessed")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;

    let mut written: Vec<PathBuf> = Vec::new();
    for (name, text) in maturity_demo::FILES {
        let path = dir.join(name);
        write_output(Some(&path), text)?;
        written.push(path);
    }
    let json = serde_json::to_string_pretty(&assessment).context("serializing the assessment")? + "\n";
    let path = dir.join("assessment.json");
    write_output(Some(&path), &json)?;
    written.push(path);

    let reports = maturity_report::write_all(dir, &assessment, inputs::catalogs()?).context("writing the reports")?;
    for path in reports {
        if !written.contains(&path) {
            written.push(path);
        }
    }

    write_output(None, &summary::render(&assessment, SUMMARY_TOP))?;
    for path in &written {
        eprintln!("wrote {}", path.display());
    }
    let input = |name: &str| dir.join(name).display().to_string();
    eprintln!(
        "The same assessment from the files: maturity assess --evidence {} --answers {} --exceptions {} --as-of {}",
        input("evidence.json"),
        input("answers.toml"),
        input("exceptions.toml"),
        maturity_demo::as_of()
    );
    if let Some(db) = save {
        save_two_quarters(db, &assessment)?;
    }
    Ok(Outcome::Done)
}

/// Saves the organization a quarter ago, then now, each dated when its evidence was collected,
/// so that `history`, `diff` and the dashboard's trend have a quarter of progress to show.
fn save_two_quarters(db: &DbArgs, now: &Assessment) -> Result<()> {
    let before = maturity_demo::previous_quarter().context("the demo's previous quarter cannot be assessed")?;
    let before_evidence = maturity_demo::previous_evidence_json();
    // The demo is scored with the default settings.
    let config = maturity_assess::Config::default().to_toml();
    saved::save(
        db,
        &SaveRequest {
            evidence_json: Some(&before_evidence),
            answers_toml: Some(maturity_demo::PREVIOUS_ANSWERS_TOML),
            exceptions_toml: Some(maturity_demo::PREVIOUS_EXCEPTIONS_TOML),
            config_toml: Some(&config),
            saved_at: before.evidence.collected_at,
            ..SaveRequest::new(&before)
        },
    )?;
    saved::save(
        db,
        &SaveRequest {
            evidence_json: Some(maturity_demo::EVIDENCE_JSON),
            answers_toml: Some(maturity_demo::ANSWERS_TOML),
            exceptions_toml: Some(maturity_demo::EXCEPTIONS_TOML),
            config_toml: Some(&config),
            saved_at: now.evidence.collected_at,
            ..SaveRequest::new(now)
        },
    )?;
    Ok(())
}
