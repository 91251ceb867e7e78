//! Reports of an [`AssessmentDiff`]: what changed between two assessments, for a terminal
//! ([`text`]), a pull request or wiki page ([`markdown`]), the dashboard's diff page and a
//! standalone HTML file ([`html`]) and programs (JSON).
//!
//! Both human formats say the same things in the same order (headline scores, what moved in
//! each model, findings, coverage, answers, exceptions) and say "no change" when nothing moved,
//! so an unchanged re-scan is a one-line answer rather than an empty page.

pub mod html;
pub mod markdown;
pub mod text;

use std::collections::BTreeMap;

use maturity_assess::diff::{
    AssessmentDiff, CoverageChanges, Direction, FindingChange, LevelChange, Resolution, StatusChange,
};

use crate::ReportError;

/// The formats a diff is rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiffFormat {
    /// Concise text for a terminal.
    Text,
    /// Markdown tables.
    Markdown,
    /// One self-contained HTML page (the report's stylesheet inline, no script).
    Html,
    /// The diff as JSON.
    Json,
}

/// Renders a diff, ending with a newline.
///
/// # Errors
/// Only if formatting or serialization fails, which they do not in practice.
pub fn render(format: DiffFormat, diff: &AssessmentDiff) -> Result<String, ReportError> {
    match format {
        DiffFormat::Text => text::render(diff),
        DiffFormat::Markdown => markdown::render(diff),
        DiffFormat::Html => Ok(html::page(diff)),
        DiffFormat::Json => Ok(serde_json::to_string_pretty(diff)? + "\n"),
    }
}

/// The sentence both human formats use when nothing moved.
pub const NO_CHANGE: &str = "No change between the two assessments.";

/// `before → after`, with `—` for a side that does not have it.
fn arrow<T: std::fmt::Display>(before: Option<T>, after: Option<T>) -> String {
    let side = |value: Option<T>| value.map_or_else(|| "—".to_owned(), |v| v.to_string());
    format!("{} → {}", side(before), side(after))
}

/// `better`, `worse`, or nothing when neither.
fn direction_word(direction: Direction) -> &'static str {
    match direction {
        Direction::Better => "better",
        Direction::Worse => "worse",
        Direction::Neither => "",
    }
}

/// Where a finding applies, in words: `account region resource`, skipping what it lacks.
fn location(change: &FindingChange) -> String {
    let parts: Vec<&str> =
        [&change.account, &change.region, &change.resource].into_iter().filter_map(|p| p.as_deref()).collect();
    if parts.is_empty() { "organization".to_owned() } else { parts.join(" ") }
}

/// Findings fixed because their account or region left, per (resolution, account or region).
type GoneCounts = BTreeMap<(&'static str, String), usize>;

/// Findings worth a line each, and those fixed only because their whole account or region left
/// the scan, counted per `(resolution, account or region)`: listing a dropped account's hundred
/// findings would bury the changes that matter.
fn listed_findings(diff: &AssessmentDiff) -> (Vec<(&'static str, &FindingChange)>, GoneCounts) {
    let f = &diff.findings;
    let mut listed = Vec::new();
    let mut gone = GoneCounts::new();
    for change in &f.new {
        listed.push(("new", change));
    }
    for change in &f.fixed {
        let place = match change.resolution {
            Some(Resolution::AccountGone) => change.account.clone(),
            Some(Resolution::RegionGone) => change.region.clone(),
            _ => None,
        };
        match (change.resolution, place) {
            (Some(resolution), Some(place)) => *gone.entry((resolution.describe(), place)).or_default() += 1,
            _ => listed.push(("fixed", change)),
        }
    }
    for change in &f.regressed {
        listed.push(("regressed", change));
    }
    (listed, gone)
}

/// `a → b` for a finding, naming the resolution of a fixed one.
fn finding_move(change: &FindingChange) -> String {
    let moved = arrow(change.before, change.after);
    match change.resolution {
        Some(resolution) => format!("{moved} ({})", resolution.describe()),
        None => moved,
    }
}

/// One capability, control, category or objective that moved, ready to print.
struct Moved<'a> {
    id: &'a str,
    change: String,
    direction: Direction,
}

/// The four model sections, titled, in report order.
fn sections(diff: &AssessmentDiff) -> [(&'static str, Vec<Moved<'_>>); 4] {
    [
        ("AWS SMM capabilities (phase)", levels(&diff.capabilities)),
        ("AWS SMM controls (status)", statuses(&diff.controls)),
        ("CSMM categories (level)", levels(&diff.categories)),
        ("CSMM objectives (status)", statuses(&diff.objectives)),
    ]
}

/// The four coverage lists, titled, in report order (the text form writes the titles in lower
/// case); each renderer leaves out the empty ones.
fn coverage_lists(coverage: &CoverageChanges) -> [(&'static str, &[String]); 4] {
    [
        ("Accounts added", &coverage.accounts_added),
        ("Accounts removed", &coverage.accounts_removed),
        ("Regions added", &coverage.regions_added),
        ("Regions removed", &coverage.regions_removed),
    ]
}

fn levels(changes: &[LevelChange]) -> Vec<Moved<'_>> {
    changes.iter().map(|c| Moved { id: &c.id, change: arrow(c.before, c.after), direction: c.direction }).collect()
}

fn statuses(changes: &[StatusChange]) -> Vec<Moved<'_>> {
    changes.iter().map(|c| Moved { id: &c.id, change: arrow(c.before, c.after), direction: c.direction }).collect()
}
