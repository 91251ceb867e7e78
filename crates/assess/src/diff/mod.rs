//! What changed between two assessments: the question after every re-scan ("did the fixes land,
//! did anything regress?").
//!
//! [`diff`] is a pure function of two [`Assessment`] values, so it works the same on two saved
//! files and on the last two assessments of a store. Every list is sorted by id, so the same two
//! assessments always give the same diff, byte for byte once rendered. Reports are in
//! `maturity-report`; this module only decides what changed and which way.

mod direction;
mod findings;
mod records;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

pub use direction::Direction;
pub use findings::{FindingChange, FindingChanges, Resolution};
pub use records::{AnswerChange, ExceptionChange, RecordChangeKind, scope as exception_scope};

use crate::{Assessment, Status};

/// What changed between an old and a new assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentDiff {
    /// The day each was judged on.
    pub as_of: Move<NaiveDate>,
    /// The organization's AWS SMM phase (with exceptions).
    pub organization_phase: NumberMove<u8>,
    /// The CSMM program score (with exceptions).
    pub program_score: NumberMove<f64>,
    /// AWS SMM capabilities whose phase moved.
    pub capabilities: Vec<LevelChange>,
    /// AWS SMM controls whose status moved.
    pub controls: Vec<StatusChange>,
    /// CSMM categories whose level moved.
    pub categories: Vec<LevelChange>,
    /// CSMM objectives whose status moved.
    pub objectives: Vec<StatusChange>,
    /// Findings new, fixed, regressed and still failing.
    pub findings: FindingChanges,
    /// Accounts and regions added or removed.
    pub coverage: CoverageChanges,
    /// Answers added, removed, changed, expired or renewed.
    pub answers: Vec<AnswerChange>,
    /// Exceptions added, removed, changed, expired or renewed.
    pub exceptions: Vec<ExceptionChange>,
}

impl AssessmentDiff {
    /// Nothing moved (findings still failing in both do not count as a change).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.organization_phase.direction == Direction::Neither
            && self.program_score.direction == Direction::Neither
            && self.capabilities.is_empty()
            && self.controls.is_empty()
            && self.categories.is_empty()
            && self.objectives.is_empty()
            && self.findings.is_empty()
            && self.coverage.is_empty()
            && self.answers.is_empty()
            && self.exceptions.is_empty()
    }
}

/// A value before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Move<T> {
    /// In the old assessment.
    pub before: T,
    /// In the new assessment.
    pub after: T,
}

/// A number where more is better, before and after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NumberMove<T> {
    /// In the old assessment.
    pub before: T,
    /// In the new assessment.
    pub after: T,
    /// Which way it moved.
    pub direction: Direction,
}

impl<T: Copy + Into<f64>> NumberMove<T> {
    fn new(before: T, after: T) -> Self {
        Self { before, after, direction: Direction::of_numbers(before.into(), after.into()) }
    }
}

/// A capability's phase or a category's level that moved, or one only in one assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelChange {
    /// The capability or category id.
    pub id: String,
    /// Its phase or level in the old assessment (none when absent).
    pub before: Option<u8>,
    /// Its phase or level in the new assessment (none when absent).
    pub after: Option<u8>,
    /// Which way it moved.
    pub direction: Direction,
}

/// A control's or objective's status that moved, or one only in one assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    /// The control or objective id.
    pub id: String,
    /// Its status in the old assessment (none when absent).
    pub before: Option<Status>,
    /// Its status in the new assessment (none when absent).
    pub after: Option<Status>,
    /// Which way it moved.
    pub direction: Direction,
}

/// Accounts and regions that entered or left the assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CoverageChanges {
    /// Accounts in the evidence, before and after.
    pub account_count: Option<Move<u32>>,
    /// Accounts named by findings only in the new assessment.
    pub accounts_added: Vec<String>,
    /// Accounts named by findings only in the old assessment.
    pub accounts_removed: Vec<String>,
    /// Regions in scope only in the new assessment.
    pub regions_added: Vec<String>,
    /// Regions in scope only in the old assessment.
    pub regions_removed: Vec<String>,
}

impl CoverageChanges {
    /// No account or region came or went.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.account_count.is_none()
            && self.accounts_added.is_empty()
            && self.accounts_removed.is_empty()
            && self.regions_added.is_empty()
            && self.regions_removed.is_empty()
    }
}

/// What changed from `old` to `new`.
#[must_use]
pub fn diff(old: &Assessment, new: &Assessment) -> AssessmentDiff {
    AssessmentDiff {
        as_of: Move { before: old.as_of, after: new.as_of },
        organization_phase: NumberMove::new(old.aws_smm.organization_phase, new.aws_smm.organization_phase),
        program_score: NumberMove::new(old.csmm.program_score, new.csmm.program_score),
        capabilities: level_changes(
            old.aws_smm.capabilities.iter().map(|c| (c.id.as_str(), c.phase)),
            new.aws_smm.capabilities.iter().map(|c| (c.id.as_str(), c.phase)),
        ),
        controls: status_changes(
            old.aws_smm.controls.iter().map(|c| (c.id.as_str(), c.status)),
            new.aws_smm.controls.iter().map(|c| (c.id.as_str(), c.status)),
        ),
        categories: level_changes(
            old.csmm.categories.iter().map(|c| (c.id.as_str(), c.level)),
            new.csmm.categories.iter().map(|c| (c.id.as_str(), c.level)),
        ),
        objectives: status_changes(
            old.csmm.objectives.iter().map(|o| (o.id.as_str(), o.status)),
            new.csmm.objectives.iter().map(|o| (o.id.as_str(), o.status)),
        ),
        findings: findings::diff(old, new),
        coverage: coverage_changes(old, new),
        answers: records::answer_changes(old, new),
        exceptions: records::exception_changes(old, new),
    }
}

/// Pairs values by id, keeping the ids whose value differs (or that only one side has).
fn moved<'a, T: Copy + PartialEq>(
    old: impl Iterator<Item = (&'a str, T)>,
    new: impl Iterator<Item = (&'a str, T)>,
) -> Vec<(String, Option<T>, Option<T>)> {
    let before: BTreeMap<&str, T> = old.collect();
    let after: BTreeMap<&str, T> = new.collect();
    let ids: BTreeSet<&str> = before.keys().chain(after.keys()).copied().collect();
    ids.into_iter()
        .map(|id| (id.to_owned(), before.get(id).copied(), after.get(id).copied()))
        .filter(|(_, b, a)| b != a)
        .collect()
}

fn level_changes<'a>(
    old: impl Iterator<Item = (&'a str, u8)>,
    new: impl Iterator<Item = (&'a str, u8)>,
) -> Vec<LevelChange> {
    moved(old, new)
        .into_iter()
        .map(|(id, before, after)| {
            let direction = match (before, after) {
                (Some(b), Some(a)) => Direction::of_numbers(f64::from(b), f64::from(a)),
                _ => Direction::Neither,
            };
            LevelChange { id, before, after, direction }
        })
        .collect()
}

fn status_changes<'a>(
    old: impl Iterator<Item = (&'a str, Status)>,
    new: impl Iterator<Item = (&'a str, Status)>,
) -> Vec<StatusChange> {
    moved(old, new)
        .into_iter()
        .map(|(id, before, after)| {
            let direction = match (before, after) {
                (Some(b), Some(a)) => Direction::of_statuses(b, a),
                _ => Direction::Neither,
            };
            StatusChange { id, before, after, direction }
        })
        .collect()
}

fn coverage_changes(old: &Assessment, new: &Assessment) -> CoverageChanges {
    let (old_accounts, new_accounts) = (findings::accounts(old), findings::accounts(new));
    let old_regions: BTreeSet<&String> = old.evidence.regions.iter().collect();
    let new_regions: BTreeSet<&String> = new.evidence.regions.iter().collect();
    CoverageChanges {
        account_count: (old.evidence.accounts != new.evidence.accounts)
            .then_some(Move { before: old.evidence.accounts, after: new.evidence.accounts }),
        accounts_added: new_accounts.difference(&old_accounts).map(|a| (*a).to_owned()).collect(),
        accounts_removed: old_accounts.difference(&new_accounts).map(|a| (*a).to_owned()).collect(),
        regions_added: new_regions.difference(&old_regions).map(|r| (*r).clone()).collect(),
        regions_removed: old_regions.difference(&new_regions).map(|r| (*r).clone()).collect(),
    }
}
