//! Answers and exceptions matched across two assessments.
//!
//! An assessment does not keep the answers and exceptions files; it keeps what it used: the
//! answer behind each control and objective, the expired and not-applicable answers, and every
//! exception (applied, unused or expired). These are compared. Answers are keyed by the control
//! or objective they answer; exceptions by what they cover (check, control, account, region,
//! resource, tag), since their number is only their position in the file.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::{Answer, Assessment, Exception};

/// What happened to one answer or exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordChangeKind {
    /// Only in the new assessment.
    Added,
    /// Only in the old assessment.
    Removed,
    /// In both, with a different value, reason, owner or expiry.
    Changed,
    /// Valid in the old assessment, expired in the new one.
    Expired,
    /// Expired in the old assessment, valid in the new one.
    Renewed,
}

impl RecordChangeKind {
    /// The kind's id, as serialized.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            RecordChangeKind::Added => "added",
            RecordChangeKind::Removed => "removed",
            RecordChangeKind::Changed => "changed",
            RecordChangeKind::Expired => "expired",
            RecordChangeKind::Renewed => "renewed",
        }
    }
}

/// One answer that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerChange {
    /// The control or objective answered.
    pub id: String,
    /// What happened.
    pub change: RecordChangeKind,
    /// The answer in the old assessment.
    pub before: Option<Answer>,
    /// The answer in the new assessment.
    pub after: Option<Answer>,
}

/// One exception that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExceptionChange {
    /// What it covers, in words (`check=… account=…`).
    pub scope: String,
    /// What happened.
    pub change: RecordChangeKind,
    /// The exception in the old assessment.
    pub before: Option<Exception>,
    /// The exception in the new assessment.
    pub after: Option<Exception>,
}

/// Every answer the assessment holds, by id, with whether it has expired.
fn answers(assessment: &Assessment) -> BTreeMap<String, (Answer, bool)> {
    let mut map = BTreeMap::new();
    let used = assessment
        .aws_smm
        .controls
        .iter()
        .filter_map(|c| c.answer.as_ref())
        .chain(assessment.csmm.objectives.iter().filter_map(|o| o.answer.as_ref()))
        .chain(&assessment.answers.not_applicable);
    for answer in used {
        map.insert(answer.id.clone(), (answer.clone(), false));
    }
    for answer in &assessment.answers.expired {
        map.insert(answer.id.clone(), (answer.clone(), true));
    }
    map
}

/// Every exception the assessment holds, by scope, with whether it has expired.
fn exceptions(assessment: &Assessment) -> BTreeMap<String, (Exception, bool)> {
    let report = &assessment.exceptions;
    let valid = report.applied.iter().map(|u| &u.exception).chain(&report.unused).map(|e| (e, false));
    let expired = report.expired.iter().map(|e| (e, true));
    valid.chain(expired).map(|(e, is_expired)| (scope(e), (e.clone(), is_expired))).collect()
}

/// What an exception covers, in words.
#[must_use]
pub fn scope(exception: &Exception) -> String {
    let parts = [
        ("check", exception.check.clone()),
        ("control", exception.control.clone()),
        ("account", exception.account.clone()),
        ("region", exception.region.clone()),
        ("resource", exception.resource.clone()),
        ("tag", exception.tag.as_ref().map(|(k, v)| format!("{k}={v}"))),
    ];
    let words: Vec<String> =
        parts.into_iter().filter_map(|(name, value)| value.map(|v| format!("{name}={v}"))).collect();
    words.join(" ")
}

/// Compares two keyed sets of records; `same` says whether two versions are equal.
fn compare<T: Clone>(
    before: &BTreeMap<String, (T, bool)>,
    after: &BTreeMap<String, (T, bool)>,
    same: impl Fn(&T, &T) -> bool,
) -> Vec<(String, RecordChangeKind, Option<T>, Option<T>)> {
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let was = before.get(key);
            let now = after.get(key);
            let kind = match (was, now) {
                (None, Some(_)) => RecordChangeKind::Added,
                (Some(_), None) => RecordChangeKind::Removed,
                (Some((_, false)), Some((_, true))) => RecordChangeKind::Expired,
                (Some((_, true)), Some((_, false))) => RecordChangeKind::Renewed,
                (Some((b, _)), Some((a, _))) if !same(b, a) => RecordChangeKind::Changed,
                _ => return None,
            };
            Some((key.clone(), kind, was.map(|(r, _)| r.clone()), now.map(|(r, _)| r.clone())))
        })
        .collect()
}

pub(crate) fn answer_changes(old: &Assessment, new: &Assessment) -> Vec<AnswerChange> {
    compare(&answers(old), &answers(new), |a, b| a == b)
        .into_iter()
        .map(|(id, change, before, after)| AnswerChange { id, change, before, after })
        .collect()
}

pub(crate) fn exception_changes(old: &Assessment, new: &Assessment) -> Vec<ExceptionChange> {
    // The number is the position in the file: moving an exception is not changing it.
    let same = |a: &Exception, b: &Exception| a.reason == b.reason && a.owner == b.owner && a.expires == b.expires;
    compare(&exceptions(old), &exceptions(new), same)
        .into_iter()
        .map(|(scope, change, before, after)| ExceptionChange { scope, change, before, after })
        .collect()
}
