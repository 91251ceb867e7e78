//! `maturity diff [OLD] [NEW]`: what changed between two assessments. The comparison is
//! `maturity_assess::diff` and the rendering `maturity_report::diff`; this only finds the two
//! assessments (saved ones by id, the two newest by default, or files) and writes the result.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use maturity_assess::Assessment;
use maturity_report::diff::{DiffFormat, render};
use maturity_store::Location;

use super::{Outcome, write_output};
use crate::args::{self, DiffArgs};
use crate::saved;

pub(super) fn run(args: &DiffArgs) -> Result<Outcome> {
    let (old, new) = assessments(args)?;
    let format = match args.format {
        args::DiffFormat::Text => DiffFormat::Text,
        args::DiffFormat::Markdown => DiffFormat::Markdown,
        args::DiffFormat::Html => DiffFormat::Html,
        args::DiffFormat::Json => DiffFormat::Json,
    };
    let text = render(format, &maturity_assess::diff(&old, &new))?;
    write_output(args.output.as_deref(), &text)?;
    if let Some(output) = &args.output {
        eprintln!("wrote {}", output.display());
    }
    Ok(Outcome::Done)
}

/// The two assessments the arguments name: both given, the given one against the newest saved,
/// or the two newest saved.
fn assessments(args: &DiffArgs) -> Result<(Assessment, Assessment)> {
    match (&args.old, &args.new) {
        (Some(old), Some(new)) => Ok((read(old, args)?, read(new, args)?)),
        (Some(old), None) => {
            let db = saved::location(&args.db)?;
            let [latest] = newest(&db, "NEW")?;
            Ok((read(old, args)?, saved::load(&db, latest)?))
        }
        (None, _) => {
            let db = saved::location(&args.db)?;
            let [previous, latest] = newest(&db, "arguments")?;
            Ok((saved::load(&db, previous)?, saved::load(&db, latest)?))
        }
    }
}

/// The ids of the `N` newest saved assessments, oldest first; an error naming the database when
/// fewer are saved (`without` says which arguments were left out).
fn newest<const N: usize>(db: &Location, without: &str) -> Result<[i64; N]> {
    let summaries = if saved::may_exist(db) {
        saved::with_store(db, |store| async move {
            let newest = store.newest(u32::try_from(N).unwrap_or(u32::MAX)).await;
            (store, newest)
        })?
    } else {
        Vec::new()
    };
    let ids: Vec<i64> = summaries.iter().rev().map(|s| s.id).collect();
    let found = ids.len();
    ids.try_into().map_err(|_| {
        anyhow!(
            "{db} holds {found} saved assessment(s); `maturity diff` without {without} compares the newest \
             saved ones: save some with `maturity assess ... --save`, or name two assessments (saved ids or files)"
        )
    })
}

/// An assessment named on the command line: a file when one exists at that path, else the id of
/// a saved assessment.
fn read(name: &str, args: &DiffArgs) -> Result<Assessment> {
    let path = Path::new(name);
    if path.exists() {
        let text = maturity_input::read_to_string(path)?;
        return Ok(Assessment::from_json(&path.display().to_string(), &text)?);
    }
    match name.trim_start_matches('#').parse::<i64>() {
        Ok(id) => saved::load(&saved::location(&args.db)?, id),
        Err(_) => bail!("{name}: no such file, and not the id of a saved assessment (see `maturity history`)"),
    }
}
