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

use std::collections::{BTreeMap, HashSet};

use maturity_evidence::{AccountEvidence, AccountStatus, Bundle, GlobalFacts};

use crate::{Check, Finding, Findings};

/// The check's findings about the organization as a whole, from `head` (a bundle without
/// accounts).
#[must_use]
pub fn organization(check: &dyn Check, head: &Bundle) -> Vec<Finding> {
    let mut findings = raw(check, head);
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
/// in the bundle's order, each one's in the order the check gave them.
#[must_use]
pub fn batch(check: &dyn Check, batch: &Bundle) -> Vec<Finding> {
    let position = |finding: &Finding| {
        let id = finding.location.account_id.as_deref()?;
        batch.accounts.iter().position(|a| a.account_id == id)
    };
    let mut findings: Vec<(usize, Finding)> =
        raw(check, batch).into_iter().filter_map(|f| position(&f).map(|p| (p, f))).collect();
    findings.sort_by_key(|(p, _)| *p);
    findings.into_iter().map(|(_, f)| f).collect()
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
pub fn outsiders(check: &dyn Check, shells: &Bundle) -> Vec<Finding> {
    if !has_outsiders(shells) {
        return Vec::new();
    }
    let held: HashSet<&str> = shells.accounts.iter().map(|a| a.account_id.as_str()).collect();
    let mut findings = raw(check, shells);
    findings.retain(|f| f.location.account_id.as_deref().is_some_and(|id| !held.contains(id)));
    findings
}

/// The check's findings on `bundle` put together batch by batch, `size` accounts a batch
/// (without the finding of a check that found nothing in scope).
#[must_use]
pub fn evaluate(check: &dyn Check, bundle: &Bundle, size: usize) -> Vec<Finding> {
    let mut head = bundle.clone();
    head.accounts.clear();
    let mut findings = organization(check, &head);
    let mut alone = head.clone();
    for accounts in bundle.accounts.chunks(size.max(1)) {
        set_batch(&mut alone, accounts.to_vec());
        findings.extend(batch(check, &alone));
    }
    let mut shells = head;
    shells.accounts = bundle.accounts.iter().map(shell).collect();
    findings.extend(outsiders(check, &shells));
    findings
}

/// The check's findings, as it gives them.
#[must_use]
pub fn raw(check: &dyn Check, bundle: &Bundle) -> Vec<Finding> {
    let mut out = Findings::new(check.meta().id);
    check.evaluate(bundle, &mut out);
    out.into_vec()
}
