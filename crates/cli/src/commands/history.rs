//! `maturity history`: the saved assessments and their headline scores, newest first, so a team
//! sees at a glance whether it moved.

use anyhow::{Context as _, Result};
use maturity_store::Summary;

use super::{Outcome, write_output};
use crate::args::{DbArgs, Format};
use crate::saved;

pub(super) fn run(format: Format, db: &DbArgs) -> Result<Outcome> {
    let location = saved::location(db)?;
    // Listing must not create a database where there is none.
    let summaries = if saved::may_exist(&location) {
        saved::with_store(&location, |store| async move {
            let list = store.list().await;
            (store, list)
        })?
    } else {
        Vec::new()
    };
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&summaries).context("serializing the history")? + "\n",
        Format::Table if summaries.is_empty() => format!(
            "No saved assessments in {}. Save one with `maturity assess ... --save` or `maturity demo --out DIR --save`.\n",
            location
        ),
        Format::Table => table(&summaries),
    };
    write_output(None, &text)?;
    Ok(Outcome::Done)
}

fn table(summaries: &[Summary]) -> String {
    let rows: Vec<[String; 7]> = summaries
        .iter()
        .map(|s| {
            [
                s.id.to_string(),
                s.saved_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                s.as_of.to_string(),
                s.accounts.to_string(),
                aws_smm(s),
                csmm(s),
                // A re-assessment made on the dashboard says which change made it.
                s.cause.clone().unwrap_or_else(|| "saved".to_owned()),
            ]
        })
        .collect();
    let header = ["ID", "SAVED AT", "AS OF", "ACCOUNTS", "AWS SMM", "CSMM", "MADE BY"].map(str::to_owned);
    let mut widths = header.clone().map(|h| h.len());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row.iter().zip(widths).map(|(cell, width)| format!("{cell:<width$}")).collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// `phase 1 (12 met, 5 partial, 30 not met)`, and the phase without exceptions when it differs.
fn aws_smm(s: &Summary) -> String {
    let without = if s.aws_smm_phase_without_exceptions == s.aws_smm_phase {
        String::new()
    } else {
        format!(", phase {} without exceptions", s.aws_smm_phase_without_exceptions)
    };
    format!(
        "phase {} ({} met, {} partial, {} not met{without})",
        s.aws_smm_phase, s.controls_met, s.controls_partial, s.controls_not_met
    )
}

/// `2.3`, and the score without exceptions when it differs.
fn csmm(s: &Summary) -> String {
    if (s.csmm_score_without_exceptions - s.csmm_score).abs() < 0.05 {
        format!("{:.1}", s.csmm_score)
    } else {
        format!("{:.1} ({:.1} without exceptions)", s.csmm_score, s.csmm_score_without_exceptions)
    }
}
