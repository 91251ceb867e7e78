//! The diff as Markdown, for a pull-request comment or a wiki page: the headline scores in a
//! table, then one table per kind of change, leaving out the kinds where nothing changed.

use std::fmt::Write as _;

use maturity_assess::diff::AssessmentDiff;

use super::{NO_CHANGE, arrow, coverage_lists, direction_word, finding_move, listed_findings, location, sections};
use crate::ReportError;
use crate::markdown::cell;

/// Renders the Markdown diff.
///
/// # Errors
/// Only if formatting fails, which it does not when writing to a string.
pub fn render(diff: &AssessmentDiff) -> Result<String, ReportError> {
    let mut out = String::new();
    writeln!(out, "# What changed: {} → {}\n", diff.as_of.before, diff.as_of.after)?;
    writeln!(out, "| Score | Before | After | |")?;
    writeln!(out, "| --- | --- | --- | --- |")?;
    let phase = &diff.organization_phase;
    let score = &diff.program_score;
    writeln!(out, "| AWS SMM phase | {} | {} | {} |", phase.before, phase.after, direction_word(phase.direction))?;
    writeln!(out, "| CSMM program score | {} | {} | {} |", score.before, score.after, direction_word(score.direction))?;
    if diff.is_empty() {
        writeln!(out, "\n{NO_CHANGE}")?;
        return Ok(out);
    }
    for (title, rows) in sections(diff) {
        if rows.is_empty() {
            continue;
        }
        writeln!(out, "\n## {title}\n\n| Id | Change | |\n| --- | --- | --- |")?;
        for row in rows {
            writeln!(out, "| `{}` | {} | {} |", cell(row.id), row.change, direction_word(row.direction))?;
        }
    }
    findings(&mut out, diff)?;
    coverage(&mut out, diff)?;
    records(&mut out, diff)?;
    Ok(out)
}

fn findings(out: &mut String, diff: &AssessmentDiff) -> Result<(), ReportError> {
    let f = &diff.findings;
    writeln!(
        out,
        "\n## Findings\n\n{} new, {} fixed, {} regressed, {} still failing.",
        f.new.len(),
        f.fixed.len(),
        f.regressed.len(),
        f.still_failing.len()
    )?;
    let (listed, gone) = listed_findings(diff);
    if !gone.is_empty() {
        writeln!(out)?;
    }
    for ((resolution, place), count) in gone {
        writeln!(out, "- {count} findings fixed in `{}` ({resolution}).", cell(&place))?;
    }
    if listed.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n| | Check | Where | Change |\n| --- | --- | --- | --- |")?;
    for (label, change) in listed {
        let place = cell(&location(change));
        writeln!(out, "| {label} | `{}` | {place} | {} |", cell(&change.check), finding_move(change))?;
    }
    Ok(())
}

fn coverage(out: &mut String, diff: &AssessmentDiff) -> Result<(), ReportError> {
    let c = &diff.coverage;
    if c.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n## Coverage\n")?;
    if let Some(count) = c.account_count {
        writeln!(out, "- Accounts in the evidence: {}", arrow(Some(count.before), Some(count.after)))?;
    }
    for (label, list) in coverage_lists(c) {
        if !list.is_empty() {
            writeln!(out, "- {label}: {}", cell(&list.join(", ")))?;
        }
    }
    Ok(())
}

fn records(out: &mut String, diff: &AssessmentDiff) -> Result<(), ReportError> {
    if !diff.answers.is_empty() {
        writeln!(out, "\n## Answers\n\n| Id | Change | Answer |\n| --- | --- | --- |")?;
        for change in &diff.answers {
            let value = |a: &Option<maturity_assess::Answer>| a.as_ref().map(|a| a.answer.id());
            let moved = arrow(value(&change.before), value(&change.after));
            writeln!(out, "| `{}` | {} | {moved} |", cell(&change.id), change.change.id())?;
        }
    }
    if !diff.exceptions.is_empty() {
        writeln!(out, "\n## Exceptions\n\n| Covers | Change | Reason |\n| --- | --- | --- |")?;
        for change in &diff.exceptions {
            let reason =
                change.after.as_ref().or(change.before.as_ref()).map(|e| e.reason.as_str()).unwrap_or_default();
            writeln!(out, "| {} | {} | {} |", cell(&change.scope), change.change.id(), cell(reason))?;
        }
    }
    Ok(())
}
