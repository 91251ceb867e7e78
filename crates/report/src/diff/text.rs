//! The diff for a terminal: one line per headline score, one per change, findings still failing
//! counted rather than listed (they did not change).

use std::fmt::Write as _;

use maturity_assess::diff::AssessmentDiff;

use super::{
    Moved, NO_CHANGE, arrow, coverage_lists, direction_word, finding_move, listed_findings, location, sections,
};
use crate::ReportError;

/// Renders the text diff.
///
/// # Errors
/// Only if formatting fails, which it does not when writing to a string.
pub fn render(diff: &AssessmentDiff) -> Result<String, ReportError> {
    let mut out = String::new();
    writeln!(out, "Assessment of {} compared with {}", diff.as_of.after, diff.as_of.before)?;
    let phase = &diff.organization_phase;
    let score = &diff.program_score;
    let headline = |before: String, after: String, direction| {
        let word = direction_word(direction);
        if word.is_empty() { format!("{before} → {after}") } else { format!("{before} → {after}  {word}") }
    };
    writeln!(
        out,
        "AWS SMM phase       {}",
        headline(phase.before.to_string(), phase.after.to_string(), phase.direction)
    )?;
    writeln!(
        out,
        "CSMM program score  {}",
        headline(score.before.to_string(), score.after.to_string(), score.direction)
    )?;
    if diff.is_empty() {
        writeln!(out, "{NO_CHANGE}")?;
        return Ok(out);
    }
    for (title, rows) in sections(diff) {
        moves(&mut out, title, &rows)?;
    }
    findings(&mut out, diff)?;
    coverage(&mut out, diff)?;
    if !diff.answers.is_empty() {
        writeln!(out, "\nAnswers")?;
        for change in &diff.answers {
            let value = |a: &Option<maturity_assess::Answer>| a.as_ref().map(|a| a.answer.id());
            writeln!(
                out,
                "  {:<8} {}  {}",
                change.change.id(),
                change.id,
                arrow(value(&change.before), value(&change.after))
            )?;
        }
    }
    if !diff.exceptions.is_empty() {
        writeln!(out, "\nExceptions")?;
        for change in &diff.exceptions {
            writeln!(out, "  {:<8} {}", change.change.id(), change.scope)?;
        }
    }
    Ok(out)
}

fn moves(out: &mut String, title: &str, rows: &[Moved<'_>]) -> Result<(), ReportError> {
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{title}")?;
    for row in rows {
        writeln!(out, "  {:<6} {}  {}", direction_word(row.direction), row.id, row.change)?;
    }
    Ok(())
}

/// Findings the text lists before it only counts the rest: a terminal is read, not searched, and
/// a quarter of a 1,000-account organization can move tens of thousands of findings.
const TEXT_FINDINGS: usize = 100;

fn findings(out: &mut String, diff: &AssessmentDiff) -> Result<(), ReportError> {
    let f = &diff.findings;
    writeln!(
        out,
        "\nFindings: {} new, {} fixed, {} regressed, {} still failing",
        f.new.len(),
        f.fixed.len(),
        f.regressed.len(),
        f.still_failing.len()
    )?;
    let (listed, gone) = listed_findings(diff);
    let more = listed.len().saturating_sub(TEXT_FINDINGS);
    for (label, change) in listed.into_iter().take(TEXT_FINDINGS) {
        writeln!(out, "  {label:<9} {}  {}  {}", change.check, location(change), finding_move(change))?;
    }
    if more > 0 {
        writeln!(out, "  ... and {more} more (`--format markdown` or `--format json` lists every one)")?;
    }
    for ((resolution, place), count) in gone {
        writeln!(out, "  fixed     {count} findings in {place} ({resolution})")?;
    }
    Ok(())
}

fn coverage(out: &mut String, diff: &AssessmentDiff) -> Result<(), ReportError> {
    let c = &diff.coverage;
    if c.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nCoverage")?;
    if let Some(count) = c.account_count {
        writeln!(out, "  accounts in the evidence  {}", arrow(Some(count.before), Some(count.after)))?;
    }
    for (label, list) in coverage_lists(c) {
        if !list.is_empty() {
            writeln!(out, "  {}  {}", label.to_lowercase(), list.join(", "))?;
        }
    }
    Ok(())
}
