//! Findings matched across two assessments by where they apply.
//!
//! A finding has no id of its own, so it is keyed by (check, account, region, resource). Several
//! findings with one key are combined the way a check's verdict is ([`FindingStatus::combine`]).
//! A failing finding that disappears is reported as fixed only with the reason it disappeared
//! (its account, its region or its resource is gone), so a shrinking scan is not mistaken for
//! remediation.

use std::collections::{BTreeSet, HashSet};
use std::hash::BuildHasher as _;

use foldhash::fast::RandomState;
use hashbrown::HashTable;

use maturity_checks::{Finding, FindingStatus};
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

fn key(finding: &Finding) -> Key<'_> {
    let at = &finding.location;
    (&*finding.check, at.account_id.as_deref(), at.region.as_deref(), at.resource.as_deref())
}

/// One key of an assessment: its first finding (for the key and the message) and the verdict of
/// all its findings combined.
struct Seen<'a> {
    finding: &'a Finding,
    status: FindingStatus,
}

/// The keys of an assessment's findings, in the order they first appear, and a hash table of
/// their positions.
///
/// Speed matters here (issue 12: two 1,000-account assessments, over a million findings each, in
/// under 2 s), and what costs is memory, not arithmetic: each key is four strings elsewhere on the
/// heap. So the table holds positions only (8 bytes a key, not the key's 64), keys are hashed with
/// a fast (not DoS-resistant) hasher, as they come from our own assessments, and they are walked in
/// the assessment's own order, which is the order their strings were allocated in.
struct Keyed<'a> {
    seen: Vec<Seen<'a>>,
    positions: HashTable<usize>,
}

impl<'a> Keyed<'a> {
    fn of(assessment: &'a Assessment, hasher: &RandomState) -> Keyed<'a> {
        let mut seen: Vec<Seen<'a>> = Vec::with_capacity(assessment.findings.len());
        let mut positions = HashTable::with_capacity(assessment.findings.len());
        for assessed in &assessment.findings {
            let finding = &assessed.finding;
            let wanted = key(finding);
            let hash = hasher.hash_one(wanted);
            if let Some(&at) = positions.find(hash, |&at: &usize| key(seen[at].finding) == wanted) {
                let known = &mut seen[at];
                known.status = FindingStatus::combine([known.status, finding.status]);
            } else {
                positions.insert_unique(hash, seen.len(), |&at: &usize| hasher.hash_one(key(seen[at].finding)));
                seen.push(Seen { finding, status: finding.status });
            }
        }
        Keyed { seen, positions }
    }

    /// Takes `wanted` out of the table, returning what was seen of it.
    fn take(&mut self, wanted: Key<'_>, hasher: &RandomState) -> Option<&Seen<'a>> {
        let seen = &self.seen;
        let found = self.positions.find_entry(hasher.hash_one(wanted), |&at| key(seen[at].finding) == wanted).ok()?;
        let (at, _) = found.remove();
        self.seen.get(at)
    }

    /// What was not taken, in the order first seen.
    fn left(&self) -> impl Iterator<Item = &Seen<'a>> {
        let mut left: Vec<usize> = self.positions.iter().copied().collect();
        left.sort_unstable();
        left.into_iter().filter_map(|at| self.seen.get(at))
    }
}

/// The account ids an assessment's findings name, in order. Deduplicated by hash first: a
/// million findings name a thousand accounts, and sorting the million would cost seconds.
pub(crate) fn accounts(assessment: &Assessment) -> BTreeSet<&str> {
    let seen: HashSet<&str, RandomState> =
        assessment.findings.iter().filter_map(|f| f.finding.location.account_id.as_deref()).collect();
    seen.into_iter().collect()
}

fn failing(status: FindingStatus) -> bool {
    matches!(status, FindingStatus::Fail | FindingStatus::Inconclusive)
}

/// Which list a finding goes to, and why a fixed one is fixed.
enum Verdict {
    New,
    Fixed(Resolution),
    Regressed,
    StillFailing,
}

pub(crate) fn diff(old: &Assessment, new: &Assessment) -> FindingChanges {
    let hasher = RandomState::default();
    // The two assessments are keyed at once, one on a second thread.
    let (mut before, after) = std::thread::scope(|scope| {
        let old_keys = scope.spawn(|| Keyed::of(old, &hasher));
        let new_keys = Keyed::of(new, &hasher);
        (old_keys.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), new_keys)
    });
    let new_accounts = accounts(new);
    let new_regions: BTreeSet<&str> = new.evidence.regions.iter().map(String::as_str).collect();
    let gone_because = |(_, account, region, _): Key<'_>| {
        if account.is_some_and(|a| !new_accounts.contains(a)) {
            Resolution::AccountGone
        } else if region.is_some_and(|r| !new_regions.contains(r)) {
            Resolution::RegionGone
        } else {
            Resolution::ResourceGone
        }
    };
    let mut changes = FindingChanges::default();
    // Each key of the new assessment takes its match out of the old one's table; what is left
    // there afterwards is only in the old one.
    let in_new: Vec<(Option<FindingStatus>, Option<FindingStatus>, &Finding)> = after
        .seen
        .iter()
        .map(|now| (before.take(key(now.finding), &hasher).map(|was| was.status), Some(now.status), now.finding))
        .collect();
    let only_in_old = before.left().map(|was| (Some(was.status), None, was.finding));
    for (was, now, finding) in in_new.into_iter().chain(only_in_old) {
        let verdict = match (was, now) {
            (Some(b), Some(a)) if failing(b) && failing(a) => Verdict::StillFailing,
            (Some(b), Some(a)) if failing(b) => {
                Verdict::Fixed(if a == FindingStatus::Pass { Resolution::Passes } else { Resolution::NoLongerApplies })
            }
            (Some(_), Some(FindingStatus::Fail)) => Verdict::Regressed,
            (Some(b), None) if failing(b) => Verdict::Fixed(gone_because(key(finding))),
            (None, Some(a)) if failing(a) => Verdict::New,
            _ => continue,
        };
        // Only a finding that goes to a list is copied out of the assessment.
        let (check, account, region, resource) = key(finding);
        let mut change = FindingChange {
            check: check.to_owned(),
            account: account.map(str::to_owned),
            region: region.map(str::to_owned),
            resource: resource.map(str::to_owned),
            before: was,
            after: now,
            resolution: None,
            message: finding.message.clone(),
        };
        match verdict {
            Verdict::New => changes.new.push(change),
            Verdict::Fixed(resolution) => {
                change.resolution = Some(resolution);
                changes.fixed.push(change);
            }
            Verdict::Regressed => changes.regressed.push(change),
            Verdict::StillFailing => changes.still_failing.push(change),
        }
    }
    // The order of an ordered map, as before: by check, account, region, resource.
    for list in [&mut changes.new, &mut changes.fixed, &mut changes.regressed, &mut changes.still_failing] {
        list.sort_unstable_by(|a, b| {
            (&a.check, &a.account, &a.region, &a.resource).cmp(&(&b.check, &b.account, &b.region, &b.resource))
        });
    }
    changes
}
