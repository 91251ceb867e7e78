//! An objective's evidence expression with each leaf's findings grouped by unit once, so that
//! judging it in every unit costs a lookup per leaf and unit.
//!
//! Judging used to gather a leaf's findings again for every unit and keep those of the unit: a
//! pass over all the findings per account (or per resource, for data stores, workloads and
//! identities), which made `assess` quadratic in the size of the organization. A unit's judgement
//! depends only on which statuses its findings have, never on their order or number, so each leaf
//! keeps, per unit, the set of statuses seen there.

use foldhash::{HashMap, HashSet};

use maturity_checks::FindingStatus;
use maturity_model::aws_smm::Coverage as AccountCoverage;
use maturity_model::csmm::{EvidenceExpr, Unit};

use super::Evidence;
use crate::scored::{Scored, ScoredFindings};
use crate::status::{Source, Status};

/// Three-valued truth: unknown stays unknown through `and` and `or`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tri {
    Yes,
    No,
    Unknown,
}

impl Tri {
    fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Yes, Tri::Yes) => Tri::Yes,
            _ => Tri::Unknown,
        }
    }

    fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
            (Tri::No, Tri::No) => Tri::No,
            _ => Tri::Unknown,
        }
    }
}

/// The objective in one unit: whether it holds there, and whether it is in use at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Judgement {
    pub(super) holds: Tri,
    pub(super) in_use: Tri,
}

impl Judgement {
    /// From the statuses of the findings in one unit; `None` when nothing there is in scope.
    fn of(seen: Seen) -> Option<Judgement> {
        if !(seen.pass || seen.fail || seen.inconclusive) {
            return None;
        }
        let holds = if seen.fail {
            Tri::No
        } else if seen.inconclusive {
            Tri::Unknown
        } else {
            Tri::Yes
        };
        let in_use = if seen.pass {
            Tri::Yes
        } else if seen.inconclusive {
            Tri::Unknown
        } else {
            Tri::No
        };
        Some(Judgement { holds, in_use })
    }

    /// An organization-wide statement (an answer, an exception, a control without checks).
    fn of_status(status: Status) -> Option<Judgement> {
        let (holds, in_use) = match status {
            Status::Met => (Tri::Yes, Tri::Yes),
            Status::Partial => (Tri::No, Tri::Yes),
            Status::NotMet => (Tri::No, Tri::No),
            Status::Unknown => (Tri::Unknown, Tri::Unknown),
            Status::NotApplicable => return None,
        };
        Some(Judgement { holds, in_use })
    }

    /// Parts that are out of scope are left out; nothing in scope is `None`.
    fn combine(parts: impl IntoIterator<Item = Option<Judgement>>, all: bool) -> Option<Judgement> {
        parts.into_iter().flatten().reduce(|a, b| {
            if all {
                Judgement { holds: a.holds.and(b.holds), in_use: a.in_use.and(b.in_use) }
            } else {
                Judgement { holds: a.holds.or(b.holds), in_use: a.in_use.or(b.in_use) }
            }
        })
    }
}

/// Which statuses some findings have: all that a judgement depends on.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Seen {
    pass: bool,
    fail: bool,
    inconclusive: bool,
}

impl Seen {
    fn add(&mut self, status: FindingStatus) {
        match status {
            FindingStatus::Pass => self.pass = true,
            FindingStatus::Fail => self.fail = true,
            FindingStatus::Inconclusive => self.inconclusive = true,
            FindingStatus::NotApplicable => {}
        }
    }

    fn and(self, other: Seen) -> Seen {
        Seen {
            pass: self.pass || other.pass,
            fail: self.fail || other.fail,
            inconclusive: self.inconclusive || other.inconclusive,
        }
    }
}

/// What one leaf of the expression rests on.
pub(super) enum Leaf<'a> {
    /// One organization-wide status.
    Fixed(Status),
    /// Findings: the statuses seen per unit, and those of findings that count for every unit
    /// (about the organization as a whole).
    Findings { per_unit: PerUnit<'a>, everywhere: Seen },
    /// Findings judged for the organization as the one unit: its judgement, `None` when nothing
    /// is in scope.
    Organization(Option<Judgement>),
}

/// A unit: an account, or a place (account, region, resource), as numbers into the findings'
/// tables ([`ScoredFindings::place_key`]); [`ScoredFindings::place_of`] names it.
pub(crate) type UnitKey<'a> = (u32, u16, Option<&'a str>);

/// The unit of the organization as a whole (no account, region or resource): `organization`.
pub(crate) const ORGANIZATION: UnitKey<'static> = (u32::MAX, u16::MAX, None);

/// The statuses seen in each unit of one leaf.
///
/// The keys are numbers into the findings' tables, not names: a leaf is grouped for every
/// objective in both scoring passes, and judged in every unit.
pub(super) enum PerUnit<'a> {
    /// Units that are accounts (or the organization as a whole), by account number: numbers
    /// are dense, so a slot per account rather than a map (at ten thousand accounts, filling
    /// and reading the maps were most of scoring's samples under `perf`). The slot after the
    /// last account is the organization's; `None` where no finding is.
    Accounts(Vec<Option<Seen>>),
    /// Units that are places (account, region, resource).
    Places(HashMap<UnitKey<'a>, Seen>),
}

impl<'a> PerUnit<'a> {
    /// An empty grouping for `unit`, in an assessment of `accounts` accounts.
    fn new(unit: Unit, accounts: usize) -> Self {
        match unit {
            Unit::Accounts | Unit::Organization => PerUnit::Accounts(vec![None; accounts + 1]),
            Unit::DataStores | Unit::Workloads | Unit::Identities => PerUnit::Places(HashMap::default()),
        }
    }

    /// The statuses seen in the unit `key`, `None` when it has no finding.
    fn get(&self, key: &UnitKey<'a>) -> Option<Seen> {
        match self {
            PerUnit::Accounts(slots) => slots.get(account_slot(key.0, slots.len() - 1)).copied().flatten(),
            PerUnit::Places(map) => map.get(key).copied(),
        }
    }

    /// Where the statuses of the unit `key` are seen, made when it is new.
    fn entry(&mut self, key: UnitKey<'a>) -> &mut Seen {
        match self {
            PerUnit::Accounts(slots) => {
                let last = slots.len() - 1;
                let slot = account_slot(key.0, last).min(last);
                slots[slot].get_or_insert_default()
            }
            PerUnit::Places(map) => map.entry(key).or_default(),
        }
    }

    /// The statuses seen in every unit that has a finding.
    fn into_seen(self) -> Vec<Seen> {
        match self {
            PerUnit::Accounts(slots) => slots.into_iter().flatten().collect(),
            PerUnit::Places(map) => map.into_values().collect(),
        }
    }
}

/// The slot of account number `account` in [`PerUnit::Accounts`] of `accounts` accounts: the
/// organization as a whole has the last.
fn account_slot(account: u32, accounts: usize) -> usize {
    if account == ORGANIZATION.0 { accounts } else { account as usize }
}

/// The units an expression's findings name: accounts as slots ([`PerUnit::Accounts`]), places
/// by key.
pub(super) struct UnitSet<'a> {
    accounts: Vec<bool>,
    places: HashSet<UnitKey<'a>>,
}

impl<'a> UnitSet<'a> {
    /// No unit, in an assessment of `accounts` accounts.
    pub(super) fn new(accounts: usize) -> Self {
        Self { accounts: vec![false; accounts + 1], places: HashSet::default() }
    }

    /// Every unit named, as keys.
    pub(super) fn into_keys(self) -> Vec<UnitKey<'a>> {
        let last = self.accounts.len() - 1;
        let accounts = self.accounts.into_iter().enumerate().filter(|(_, named)| *named).map(move |(slot, _)| {
            let number = if slot == last { ORGANIZATION.0 } else { u32::try_from(slot).unwrap_or(ORGANIZATION.0) };
            (number, ORGANIZATION.1, None)
        });
        accounts.chain(self.places).collect()
    }
}

/// An objective's evidence expression, its leaves' findings grouped by unit.
pub(super) enum Prepared<'a> {
    All(Vec<Prepared<'a>>),
    Any(Vec<Prepared<'a>>),
    Leaf(Leaf<'a>),
}

impl<'a> Prepared<'a> {
    /// Groups the findings of every leaf of `expr` by `unit`.
    pub(super) fn new(expr: &EvidenceExpr, unit: Unit, evidence: &Evidence<'a>) -> Prepared<'a> {
        match expr {
            EvidenceExpr::All(parts) => Prepared::All(parts.iter().map(|p| Prepared::new(p, unit, evidence)).collect()),
            EvidenceExpr::Any(parts) => Prepared::Any(parts.iter().map(|p| Prepared::new(p, unit, evidence)).collect()),
            EvidenceExpr::Check(_) | EvidenceExpr::Control(_) => Prepared::Leaf(leaf(expr, unit, evidence)),
        }
    }

    /// The expression's judgement in the unit `key`.
    pub(super) fn in_unit(&self, key: &UnitKey<'a>) -> Option<Judgement> {
        match self {
            Prepared::All(parts) => Judgement::combine(parts.iter().map(|p| p.in_unit(key)), true),
            Prepared::Any(parts) => Judgement::combine(parts.iter().map(|p| p.in_unit(key)), false),
            Prepared::Leaf(Leaf::Fixed(status)) => Judgement::of_status(*status),
            Prepared::Leaf(Leaf::Organization(judgement)) => *judgement,
            Prepared::Leaf(Leaf::Findings { per_unit, everywhere }) => {
                Judgement::of(per_unit.get(key).unwrap_or_default().and(*everywhere))
            }
        }
    }

    /// Adds every unit the expression's findings name to `into`.
    pub(super) fn units(&self, into: &mut UnitSet<'a>) {
        match self {
            Prepared::All(parts) | Prepared::Any(parts) => parts.iter().for_each(|p| p.units(into)),
            Prepared::Leaf(Leaf::Fixed(_) | Leaf::Organization(_)) => {}
            Prepared::Leaf(Leaf::Findings { per_unit: PerUnit::Accounts(slots), .. }) => {
                for (named, slot) in into.accounts.iter_mut().zip(slots) {
                    *named |= slot.is_some();
                }
            }
            Prepared::Leaf(Leaf::Findings { per_unit: PerUnit::Places(map), .. }) => {
                into.places.extend(map.keys().copied());
            }
        }
    }
}

/// The key of a finding's unit; `None` when it counts for every unit.
fn unit_key<'a>(unit: Unit, set: &'a ScoredFindings, finding: &'a Scored) -> Option<UnitKey<'a>> {
    match unit {
        Unit::Accounts => set.account(finding).map(|_| set.account_key(finding)),
        // The organization as a whole is the unit `organization`, as an account would be.
        Unit::Organization => Some(set.account_key(finding)),
        Unit::DataStores | Unit::Workloads | Unit::Identities => Some(set.place_key(finding)),
    }
}

fn leaf<'a>(expr: &EvidenceExpr, unit: Unit, evidence: &Evidence<'a>) -> Leaf<'a> {
    let (checks, any_account) = match expr {
        EvidenceExpr::Check(id) => (std::slice::from_ref(id), false),
        EvidenceExpr::Control(id) => {
            let result = evidence.controls.get(id.as_str());
            let status = result.map_or(Status::Unknown, |r| r.status);
            let decided_elsewhere = result.is_some_and(|r| matches!(r.source, Source::Attested | Source::Exception));
            let Some(control) = evidence.catalog.control(id) else { return Leaf::Fixed(Status::Unknown) };
            if decided_elsewhere {
                return Leaf::Fixed(status);
            }
            (control.checks.as_slice(), control.coverage == AccountCoverage::AnyAccount)
        }
        EvidenceExpr::All(_) | EvidenceExpr::Any(_) => return Leaf::Fixed(Status::Unknown),
    };
    let set = evidence.findings;
    let mut per_unit = PerUnit::new(unit, set.account_count());
    let mut everywhere = Seen::default();
    let mut any = false;
    for finding in checks.iter().flat_map(|check| set.of_check(check).into_iter().flatten()) {
        any = true;
        let status = finding.effective_status(evidence.with_exceptions);
        match unit_key(unit, set, finding) {
            Some(key) => per_unit.entry(key).add(status),
            None => everywhere.add(status),
        }
    }
    if !any {
        // No finding at all: a check says nothing (unknown); a control says its status.
        return match expr {
            EvidenceExpr::Control(id) => {
                Leaf::Fixed(evidence.controls.get(id.as_str()).map_or(Status::Unknown, |r| r.status))
            }
            _ => Leaf::Fixed(Status::Unknown),
        };
    }
    if unit != Unit::Organization {
        return Leaf::Findings { per_unit, everywhere };
    }
    // One unit: judge each account, then the organization holds when every account holds (or
    // any, for a control run for the whole organization from one account).
    let judged: Vec<Judgement> = per_unit.into_seen().into_iter().filter_map(Judgement::of).collect();
    let holds = if any_account {
        judged.iter().fold(Tri::No, |acc, j| acc.or(j.holds))
    } else {
        judged.iter().fold(Tri::Yes, |acc, j| acc.and(j.holds))
    };
    let in_use = judged.iter().fold(Tri::No, |acc, j| acc.or(j.in_use));
    Leaf::Organization((!judged.is_empty()).then_some(Judgement { holds, in_use }))
}
