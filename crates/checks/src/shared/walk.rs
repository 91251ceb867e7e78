//! The one walk over a bundle: accounts, then their enabled regions, then the fact a check
//! judges, with the findings about what could not be read added here and nowhere else.
//!
//! Almost every check used to write the same loop by hand: enter each reachable account, take its
//! scanned regions, read a fact, say "inconclusive" when the fact is denied, failed or not
//! collected, and let "not applicable" come from the regions that were left. A check written on
//! this walk states only its judgement of a fact that was read; the walk keeps the scope rules of
//! [`accounts`] (unknown accounts, regions not enabled, enabled regions never confirmed) in one
//! place.
//!
//! Four shapes:
//!
//! - [`each_region`] and [`each_region_fact`]: the check judges every enabled region.
//! - [`every_region`]: the check judges every enabled region but speaks of the account as a
//!   whole (all its regions at once).
//! - [`each_account`] and [`each_account_fact`]: the check judges an account as a whole.
//! - [`any_region`]: the check looks for something in any enabled region of an account and adds
//!   [`accounts::fail_unless_unconfirmed`] itself when it finds nothing.

use maturity_evidence::{AccountEvidence, AccountLabel, Bundle, Fact, GlobalFacts, RegionFacts};

use crate::shared::accounts;
use crate::{Findings, Location};

/// One enabled region of one reachable account, as a check sees it.
#[derive(Debug)]
pub(crate) struct Region<'a> {
    /// The account the region belongs to.
    pub(crate) account: &'a AccountEvidence,
    /// The region's name (`eu-west-1`).
    pub(crate) name: &'a str,
    /// What was collected in the region.
    pub(crate) facts: &'a RegionFacts,
    /// The account for people ([`AccountEvidence::label`]).
    pub(crate) label: AccountLabel<'a>,
}

impl Region<'_> {
    /// The region as a finding's location.
    pub(crate) fn location(&self) -> Location {
        Location::region(&self.account.account_id, self.name)
    }

    /// A resource of the region as a finding's location.
    pub(crate) fn resource(&self, id: &str) -> Location {
        Location::resource(&self.account.account_id, Some(self.name), id)
    }
}

/// Calls `judge` for every enabled region of every reachable account, after the findings of
/// [`accounts::reachable`] and [`accounts::scanned_regions`]. `what` names what the check
/// tells, for those findings: `whether GuardDuty is enabled`.
pub(crate) fn each_region(
    bundle: &Bundle,
    out: &mut Findings,
    what: &str,
    mut judge: impl FnMut(&Region<'_>, &mut Findings),
) {
    for account in accounts::reachable(bundle, out) {
        let label = account.label();
        for (name, facts) in accounts::scanned_regions(bundle, account, what, out) {
            judge(&Region { account, name, facts, label }, out);
        }
    }
}

/// As [`each_region`], handing `judge` the region's `fact` when it was read. A region whose fact
/// is denied, unavailable, failed or not collected gets one inconclusive finding instead, saying
/// that `unread(region)` cannot be told (`whether GuardDuty is enabled in eu-west-1 of account
/// Prod`) and why.
pub(crate) fn each_region_fact<T>(
    bundle: &Bundle,
    out: &mut Findings,
    what: &str,
    fact: fn(&RegionFacts) -> &Fact<T>,
    unread: impl Fn(&Region<'_>) -> String,
    mut judge: impl FnMut(&Region<'_>, &T, &mut Findings),
) {
    each_region(bundle, out, what, |region, out| match fact(region.facts).get() {
        Ok(value) => judge(region, value, out),
        Err(missing) => out.inconclusive(region.location(), &unread(region), &missing),
    });
}

/// Calls `judge` for every reachable account, after the findings of [`accounts::reachable`].
pub(crate) fn each_account(
    bundle: &Bundle,
    out: &mut Findings,
    mut judge: impl FnMut(&AccountEvidence, &mut Findings),
) {
    for account in accounts::reachable(bundle, out) {
        judge(account, out);
    }
}

/// As [`each_account`], handing `judge` the account-wide `fact` when it was read. An account
/// whose fact could not be read gets one inconclusive finding instead, saying that
/// `unread(account)` cannot be told and why.
pub(crate) fn each_account_fact<T>(
    bundle: &Bundle,
    out: &mut Findings,
    fact: fn(&GlobalFacts) -> &Fact<T>,
    unread: impl Fn(&AccountEvidence) -> String,
    mut judge: impl FnMut(&AccountEvidence, &T, &mut Findings),
) {
    each_account(bundle, out, |account, out| match fact(&account.global).get() {
        Ok(value) => judge(account, value, out),
        Err(missing) => out.inconclusive(Location::account(&account.account_id), &unread(account), &missing),
    });
}

/// For checks that judge every enabled region of an account at once: calls `judge` for every
/// reachable account that has enabled regions, with those regions, after the findings of
/// [`accounts::reachable`] and [`accounts::scanned_regions`]. An account with none is left to
/// those findings.
pub(crate) fn every_region<'b>(
    bundle: &'b Bundle,
    out: &mut Findings,
    what: &str,
    mut judge: impl FnMut(&'b AccountEvidence, &[(&'b str, &'b RegionFacts)], &mut Findings),
) {
    for account in accounts::reachable(bundle, out) {
        let regions = accounts::scanned_regions(bundle, account, what, out);
        if !regions.is_empty() {
            judge(account, &regions, out);
        }
    }
}

/// For checks that look for something in any region of an account: calls `judge` for every
/// reachable account that has enabled regions to look in, with those regions, after the
/// findings of [`accounts::reachable`] and [`accounts::scanned_regions_for_any`]. An account
/// with none is left to those findings.
pub(crate) fn any_region<'b>(
    bundle: &'b Bundle,
    out: &mut Findings,
    what: &str,
    mut judge: impl FnMut(&'b AccountEvidence, &[(&'b str, &'b RegionFacts)], &mut Findings),
) {
    for account in accounts::reachable(bundle, out) {
        let regions = accounts::scanned_regions_for_any(bundle, account, what, out);
        if !regions.is_empty() {
            judge(account, &regions, out);
        }
    }
}
