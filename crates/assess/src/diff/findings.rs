//! Findings matched across two assessments by where they apply.
//!
//! A finding has no id of its own, so it is keyed by (check, account, region, resource). Several
//! findings with one key are combined the way a check's verdict is ([`FindingStatus::combine`]).
//! A failing finding that disappears is reported as fixed only with the reason it disappeared
//! (its account, its region or its resource is gone), so a shrinking scan is not mistaken for
//! remediation.

use std::collections::{BTreeMap, BTreeSet};

use maturity_checks::FindingStatus;
use serde::Serialize;

use crate::Assessment;

/// How the findings changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FindingChanges {
    /// Failing or inconclusive now, absent before.
    pub new: Vec<FindingChange>,
    /// Failing or inconclusive before, passing, not applicable or gone now.
    pub fixed: Vec<FindingChange>,
    /// Passing or not applicable before, failing now.
    pub regressed: Vec<FindingChange>,
    /// Failing or inconclusive in both.
    pub still_failing: Vec<FindingChange>,
}

impl FindingChanges {
    /// Nothing new, fixed or regressed (findings still failing are not a change).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.fixed.is_empty() && self.regressed.is_empty()
    }
}

/// One finding in one or both assessments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingChange {
    /// The check's id.
    pub check: String,
    /// The account, unless the finding is about the organization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The region, for regional findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The resource, for resource findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The verdict in the old assessment (none when absent).
    pub before: Option<FindingStatus>,
    /// The verdict in the new assessment (none when absent).
    pub after: Option<FindingStatus>,
    /// Why a fixed finding counts as fixed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    /// The newest message about it.
    pub message: String,
}

/// Why a failing finding no longer fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// It passes now.
    Passes,
    /// The check no longer applies there.
    NoLongerApplies,
    /// Its account is not in the new assessment.
    AccountGone,
    /// Its region is not in the new assessment's scope.
    RegionGone,
    /// The account and region are still assessed but the resource (or the finding) is gone.
    ResourceGone,
}

impl Resolution {
    /// In words, for reports.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Resolution::Passes => "passes",
            Resolution::NoLongerApplies => "no longer applies",
            Resolution::AccountGone => "account gone",
            Resolution::RegionGone => "region gone",
            Resolution::ResourceGone => "resource gone",
        }
    }
}

/// (check, account, region, resource), borrowed from the assessment: a 1,000-account assessment
/// has about a million findings, and copying their keys would cost more than comparing them.
type Key<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);

struct Seen<'a> {
    status: FindingStatus,
    message: &'a str,
}

fn by_key(assessment: &Assessment) -> BTreeMap<Key<'_>, Seen<'_>> {
    let mut map: BTreeMap<Key<'_>, Seen<'_>> = BTreeMap::new();
    for assessed in &assessment.findings {
        let f = &assessed.finding;
        let at = &f.location;
        let key = (f.check.as_str(), at.account_id.as_deref(), at.region.as_deref(), at.resource.as_deref());
        map.entry(key)
            .and_modify(|seen| seen.status = FindingStatus::combine([seen.status, f.status]))
            .or_insert(Seen { status: f.status, message: &f.message });
    }
    map
}

/// The account ids an assessment's findings name.
pub(crate) fn accounts(assessment: &Assessment) -> BTreeSet<String> {
    assessment.findings.iter().filter_map(|f| f.finding.location.account_id.clone()).collect()
}

fn failing(status: FindingStatus) -> bool {
    matches!(status, FindingStatus::Fail | FindingStatus::Inconclusive)
}

pub(crate) fn diff(old: &Assessment, new: &Assessment) -> FindingChanges {
    let before = by_key(old);
    let after = by_key(new);
    let new_accounts = accounts(new);
    let new_regions: BTreeSet<&str> = new.evidence.regions.iter().map(String::as_str).collect();
    let keys: BTreeSet<&Key<'_>> = before.keys().chain(after.keys()).collect();
    let mut changes = FindingChanges::default();
    for key in keys {
        let was = before.get(key);
        let now = after.get(key);
        let (check, account, region, resource) = *key;
        let message = now.or(was).map(|s| s.message.to_owned()).unwrap_or_default();
        let mut change = FindingChange {
            check: check.to_owned(),
            account: account.map(str::to_owned),
            region: region.map(str::to_owned),
            resource: resource.map(str::to_owned),
            before: was.map(|s| s.status),
            after: now.map(|s| s.status),
            resolution: None,
            message,
        };
        match (change.before, change.after) {
            (Some(b), Some(a)) if failing(b) && failing(a) => changes.still_failing.push(change),
            (Some(b), Some(a)) if failing(b) => {
                change.resolution =
                    Some(if a == FindingStatus::Pass { Resolution::Passes } else { Resolution::NoLongerApplies });
                changes.fixed.push(change);
            }
            (Some(_), Some(FindingStatus::Fail)) => changes.regressed.push(change),
            (Some(b), None) if failing(b) => {
                change.resolution = Some(gone_because(&change, &new_accounts, &new_regions));
                changes.fixed.push(change);
            }
            (None, Some(a)) if failing(a) => changes.new.push(change),
            _ => {}
        }
    }
    changes
}

fn gone_because(change: &FindingChange, accounts: &BTreeSet<String>, regions: &BTreeSet<&str>) -> Resolution {
    if change.account.as_ref().is_some_and(|a| !accounts.contains(a)) {
        Resolution::AccountGone
    } else if change.region.as_deref().is_some_and(|r| !regions.contains(r)) {
        Resolution::RegionGone
    } else {
        Resolution::ResourceGone
    }
}
