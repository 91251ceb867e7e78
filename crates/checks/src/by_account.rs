//! Evaluating a check account by account, with the same findings as on the whole bundle.
//!
//! A check that does not declare `across_accounts` judges each account on that account alone,
//! with the organization's facts. Its findings on a whole bundle are then: those about the
//! organization as a whole (from a run on the bundle without accounts), those about each account
//! of the bundle (from a run on the bundle of a batch of accounts, [`set_batch`], one account or
//! a few, as if they were all there is), and those about
//! accounts in scope that the bundle does not hold (from a run on the bundle whose accounts are
//! emptied of facts). [`evaluate`] puts them together in that order; the trial
//! `<check>::by_account` holds every such check to giving exactly what it gives on the whole
//! bundle, on every fixture, each account's findings in the same order (a check may give the
//! accounts in another order, e.g. the unreachable ones first; the assessment's order is this
//! one). `maturity assess` evaluates this way, so that the whole bundle is never in memory.
//!
//! A check that reads other accounts through summaries ([`crate::across`]) is put together the
//! same way, each run judging its bundle with the context made of every account's summary
//! ([`Run::Judged`]).

use std::collections::{BTreeMap, HashSet};

use maturity_evidence::{AccountEvidence, AccountStatus, Bundle, GlobalFacts};

use crate::across::{Context, Summarized, Summary};
use crate::{Check, Finding, Findings, Messages};

/// How each run of a check on a part of the bundle is made.
#[derive(Clone, Copy)]
pub enum Run<'a> {
    /// The check alone: it reads no other account.
    Alone(&'a dyn Check),
    /// The check's judgement, knowing every account of the scan through its context.
    Judged(&'a dyn Check, &'a dyn Summarized, &'a Context),
}

impl Run<'_> {
    /// The check's findings on `bundle`, as it gives them, with the messages `messages` says,
    /// room made for `expected` of them (a guess: those of the previous batch).
    #[must_use]
    pub fn findings(self, bundle: &Bundle, messages: Messages, expected: usize) -> Vec<Finding> {
        match self {
            Run::Alone(check) => {
                let mut out = Findings::with_capacity(check.meta().id, messages, expected);
                check.evaluate(bundle, &mut out);
                out.into_vec()
            }
            Run::Judged(check, summarized, context) => {
                let mut out = Findings::with_capacity(check.meta().id, messages, expected);
                summarized.judge(context, bundle, &mut out);
                out.into_vec()
            }
        }
    }
}

impl<'a> From<&'a dyn Check> for Run<'a> {
    fn from(check: &'a dyn Check) -> Self {
        Run::Alone(check)
    }
}

/// The check's findings about the organization as a whole, from `head` (a bundle without
/// accounts).
#[must_use]
pub fn organization<'a>(run: impl Into<Run<'a>>, head: &Bundle) -> Vec<Finding> {
    let mut findings = run.into().findings(head, Messages::All, 0);
    findings.retain(|f| f.location.account_id.is_none());
    findings
}

/// Makes `bundle` (a head, or a bundle of a batch) the bundle of `batch` alone: its accounts, and
/// the only ones in scope (the others in scope would be accounts missing from the bundle, judged
/// again for every batch).
pub fn set_batch(bundle: &mut Bundle, batch: Vec<AccountEvidence>) {
    bundle.scope.accounts.clear();
    bundle.scope.accounts.extend(batch.iter().map(|a| a.account_id.clone()));
    bundle.accounts = batch;
}

/// The check's findings about the accounts of `batch` (made by [`set_batch`]), account by account
/// in the bundle's order, each one's in the order the check gave them, with the messages
/// `messages` says, room made for `expected` of them.
#[must_use]
pub fn batch<'a>(run: impl Into<Run<'a>>, batch: &Bundle, messages: Messages, expected: usize) -> Vec<Finding> {
    // A check gives an account's findings one after the other: the last account found is tried
    // first.
    let mut last = 0;
    let mut position = |finding: &Finding| {
        let id = finding.location.account_id.as_deref()?;
        if batch.accounts.get(last).is_none_or(|a| a.account_id != id) {
            last = batch.accounts.iter().position(|a| a.account_id == id)?;
        }
        Some(last)
    };
    let mut findings = run.into().findings(batch, messages, expected);
    let positions: Vec<Option<usize>> = findings.iter().map(&mut position).collect();
    // Most checks give the accounts in the bundle's order already: the findings stay where
    // they are, but those about no account of the batch.
    if positions.iter().flatten().is_sorted() {
        let mut positions = positions.iter();
        findings.retain(|_| positions.next().is_some_and(Option::is_some));
        return findings;
    }
    let mut placed: Vec<(usize, Finding)> =
        positions.into_iter().zip(findings).filter_map(|(p, f)| p.map(|p| (p, f))).collect();
    placed.sort_by_key(|(p, _)| *p);
    placed.into_iter().map(|(_, f)| f).collect()
}

/// The account as [`outsiders`] needs it: who it is, without facts.
#[must_use]
pub fn shell(account: &AccountEvidence) -> AccountEvidence {
    AccountEvidence {
        account_id: account.account_id.clone(),
        name: account.name.clone(),
        access: account.access.clone(),
        global: GlobalFacts::default(),
        regions: BTreeMap::new(),
    }
}

/// Whether some account in scope, or an active member of the organization, is not in the
/// bundle: only then can a check say anything about accounts the bundle does not hold.
#[must_use]
pub fn has_outsiders(bundle: &Bundle) -> bool {
    let held: HashSet<&str> = bundle.accounts.iter().map(|a| a.account_id.as_str()).collect();
    let members = bundle.organization.as_ref().and_then(|o| o.accounts.get().ok());
    bundle.scope.accounts.iter().any(|id| !held.contains(id.as_str()))
        || members.into_iter().flatten().any(|m| m.status == AccountStatus::Active && !held.contains(m.id.as_str()))
}

/// The check's findings about accounts the bundle does not hold, from `shells` (the bundle with
/// every account reduced by [`shell`]).
#[must_use]
pub fn outsiders<'a>(run: impl Into<Run<'a>>, shells: &Bundle) -> Vec<Finding> {
    if !has_outsiders(shells) {
        return Vec::new();
    }
    let held: HashSet<&str> = shells.accounts.iter().map(|a| a.account_id.as_str()).collect();
    let mut findings = run.into().findings(shells, Messages::All, 0);
    findings.retain(|f| f.location.account_id.as_deref().is_some_and(|id| !held.contains(id)));
    findings
}

/// The check's findings on `bundle` put together batch by batch, `size` accounts a batch
/// (without the finding of a check that found nothing in scope); a check split into summaries
/// ([`Check::summarized`]) judges each batch knowing every account's summary.
#[must_use]
pub fn evaluate(check: &dyn Check, bundle: &Bundle, size: usize) -> Vec<Finding> {
    let mut head = bundle.clone();
    head.accounts.clear();
    let context = check.summarized().map(|summarized| {
        let summaries: Vec<Summary> = bundle.accounts.iter().map(|a| summarized.summarize(&head, a)).collect();
        (summarized, summarized.context(&head, summaries))
    });
    let run = match &context {
        Some((summarized, context)) => Run::Judged(check, *summarized, context),
        None => Run::Alone(check),
    };
    let mut findings = organization(run, &head);
    let mut alone = head.clone();
    for accounts in bundle.accounts.chunks(size.max(1)) {
        set_batch(&mut alone, accounts.to_vec());
        findings.extend(batch(run, &alone, Messages::All, 0));
    }
    let mut shells = head;
    shells.accounts = bundle.accounts.iter().map(shell).collect();
    findings.extend(outsiders(run, &shells));
    findings
}

/// The check's findings, as it gives them.
#[must_use]
pub fn raw(check: &dyn Check, bundle: &Bundle) -> Vec<Finding> {
    Run::Alone(check).findings(bundle, Messages::All, 0)
}
