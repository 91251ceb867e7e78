//! Walking the accounts and regions of a bundle, and what to say about the ones that could not be
//! read.
//!
//! Every check walks accounts through [`reachable`] and regions through [`scanned_regions`] (or
//! [`regions`] plus [`fail_unless_unconfirmed`] for checks that look for something in any region),
//! so that three scope rules hold everywhere:
//!
//! - an account of the scan's scope that has no evidence at all is unknown, never silently absent;
//! - a region the account has not enabled is not applicable there: nothing can run in it;
//! - when the account's enabled regions could not be listed (`ec2:DescribeRegions` denied, failed
//!   or not collected), nobody confirmed that it uses no region beyond the scanned ones, so a
//!   control that must hold in every region cannot be met on the scanned regions alone.

use maturity_evidence::{AccountEvidence, Bundle, FactState, RegionFacts};

use crate::shared::prose::and_list;
use crate::{FindingStatus, Findings, Location};

/// The accounts the collector could enter. For each other account, adds one inconclusive
/// finding that says why nothing there could be read; so does every account of the scan's scope
/// that the bundle holds no evidence for (its scan did not finish).
pub(crate) fn reachable<'a>(bundle: &'a Bundle, out: &mut Findings) -> Vec<&'a AccountEvidence> {
    for missing in missing_from_bundle(bundle) {
        out.add(
            FindingStatus::Inconclusive,
            Location::account(missing),
            format_args!(
                "Cannot read account {missing}: it is in the scan's scope, but the bundle holds no evidence for it."
            ),
        );
    }
    bundle
        .accounts
        .iter()
        .filter(|account| match account.access_problem() {
            None => true,
            Some(problem) => {
                out.add(
                    FindingStatus::Inconclusive,
                    Location::account(&account.account_id),
                    format_args!("Cannot read account {}: {problem}.", account.label()),
                );
                false
            }
        })
        .collect()
}

/// The accounts the collector could enter, without a word about the others: for checks that
/// weigh every account of the scan against each other, next to the walk that reports them.
pub(crate) fn entered(bundle: &Bundle) -> Vec<&AccountEvidence> {
    bundle.accounts.iter().filter(|account| account.access_problem().is_none()).collect()
}

/// The accounts of the scan's scope that the bundle holds no evidence for, in scope order.
pub(crate) fn missing_from_bundle(bundle: &Bundle) -> Vec<&str> {
    let held: std::collections::HashSet<&str> = bundle.accounts.iter().map(|a| a.account_id.as_str()).collect();
    let mut missing: Vec<&str> =
        bundle.scope.accounts.iter().map(String::as_str).filter(|id| !held.contains(id)).collect();
    missing.dedup();
    missing
}

/// Whether the account has not enabled the region: its enabled-region list was read and does not
/// name it, or the collector marked every fact of the region unavailable (what it writes for a
/// region the account has not enabled).
pub(crate) fn is_not_enabled(account: &AccountEvidence, region: &str, facts: &RegionFacts) -> bool {
    if let Ok(enabled) = account.global.enabled_regions.get() {
        return !enabled.iter().any(|r| r == region);
    }
    facts.every_fact_is(FactState::Unavailable)
}

/// The regions scanned in an account that it has enabled, in name order. Regions it has not
/// enabled are left out: nothing can run there.
pub(crate) fn regions(account: &AccountEvidence) -> impl Iterator<Item = (&str, &RegionFacts)> {
    account
        .regions
        .iter()
        .filter(|(name, facts)| !is_not_enabled(account, name, facts))
        .map(|(name, facts)| (name.as_str(), facts))
}

/// The regions scanned in an account that it has not enabled, in name order.
fn not_enabled(account: &AccountEvidence) -> Vec<&str> {
    account
        .regions
        .iter()
        .filter(|(name, facts)| is_not_enabled(account, name, facts))
        .map(|(name, _)| name.as_str())
        .collect()
}

/// When nobody confirmed which regions the account uses (its enabled regions could not be
/// listed), a clause that says so and names the regions that were scanned:
/// `its enabled regions could not be listed (access denied to ec2:DescribeRegions), so regions
/// other than eu-west-1 were not scanned`.
pub(crate) fn unconfirmed(account: &AccountEvidence) -> Option<String> {
    let missing = account.global.enabled_regions.get().err()?;
    let scanned: Vec<&str> = regions(account).map(|(name, _)| name).collect();
    let beyond = if scanned.is_empty() {
        "no region was scanned".to_owned()
    } else {
        format!("regions other than {} were not scanned", and_list(&scanned))
    };
    Some(format!("its enabled regions could not be listed ({missing}), so {beyond}"))
}

/// For a check that looks for something in any region and did not find it in the scanned ones:
/// fails with `message`, or, when the account's other regions were never confirmed (see
/// [`unconfirmed`]), is inconclusive with the message and why it cannot be told.
pub(crate) fn fail_unless_unconfirmed(
    out: &mut Findings,
    account: &AccountEvidence,
    location: Location,
    message: impl Into<String>,
) {
    let message = message.into();
    match unconfirmed(account) {
        Some(why) => out.add(
            FindingStatus::Inconclusive,
            location,
            format_args!("{message} This does not settle it for account {}: {why}.", account.label()),
        ),
        None => out.fail(location, message),
    }
}

/// For a check that found nothing in scope in the scanned regions of an account (no workloads):
/// not applicable with `message`, or, when the account's other regions were never confirmed
/// (see [`unconfirmed`]), inconclusive: something in scope may be there.
pub(crate) fn not_applicable_unless_unconfirmed(
    out: &mut Findings,
    account: &AccountEvidence,
    location: Location,
    message: impl Into<String>,
) {
    let message = message.into();
    match unconfirmed(account) {
        Some(why) => out.add(
            FindingStatus::Inconclusive,
            location,
            format_args!("{message} This does not settle it for account {}: {why}.", account.label()),
        ),
        None => out.not_applicable(location, message),
    }
}

/// The regions scanned in an account that it has enabled, for checks that look for something
/// in any region (which add [`fail_unless_unconfirmed`] themselves when they find nothing). As
/// [`scanned_regions`], without the finding about unconfirmed regions.
pub(crate) fn scanned_regions_for_any<'a>(
    bundle: &Bundle,
    account: &'a AccountEvidence,
    what: &str,
    out: &mut Findings,
) -> Vec<(&'a str, &'a RegionFacts)> {
    let location = Location::account(&account.account_id);
    let label = account.label();
    if account.regions.is_empty() {
        if bundle.scope.regions.is_empty() {
            out.not_applicable(
                location,
                format_args!("No region was in scope of this scan, so {what} in {label} was not assessed."),
            );
        } else {
            out.add(
                FindingStatus::Inconclusive,
                location,
                format_args!(
                    "Cannot tell {what} in {label}: no region was collected for this account, though the scan covered {}.",
                    bundle.scope.regions.join(", ")
                ),
            );
        }
        return Vec::new();
    }
    let off = not_enabled(account);
    if !off.is_empty() {
        let (noun, verb) = if off.len() == 1 { ("Region", "is") } else { ("Regions", "are") };
        out.not_applicable(
            location,
            format_args!("{noun} {} {verb} not enabled for {label}, so {what} there is not judged.", and_list(&off)),
        );
    }
    regions(account).collect()
}

/// The regions scanned in an account that it has enabled, for checks that judge every region
/// (or every resource of every region). Adds, for the account:
///
/// - one not-applicable finding naming the scanned regions it has not enabled, if any;
/// - one inconclusive finding when its enabled regions could not be listed: the scan may have
///   missed regions it uses, so the control cannot be met on the scanned regions alone;
/// - when the account has no scanned region at all, one finding: not applicable when the scan had
///   no region in scope, inconclusive otherwise (its regional facts were not collected).
///
/// `what` names what could not be told, e.g. "whether GuardDuty is enabled".
pub(crate) fn scanned_regions<'a>(
    bundle: &Bundle,
    account: &'a AccountEvidence,
    what: &str,
    out: &mut Findings,
) -> Vec<(&'a str, &'a RegionFacts)> {
    let scanned = scanned_regions_for_any(bundle, account, what, out);
    if !account.regions.is_empty() {
        note_unconfirmed(account, what, out);
    }
    scanned
}

/// For a check that judges every region of an account and walks them with [`regions`]: when
/// the account's enabled regions were never confirmed (see [`unconfirmed`]), adds one
/// inconclusive finding for the account saying `what` cannot be told in every region.
pub(crate) fn note_unconfirmed(account: &AccountEvidence, what: &str, out: &mut Findings) {
    if let Some(why) = unconfirmed(account) {
        out.add(
            FindingStatus::Inconclusive,
            Location::account(&account.account_id),
            format_args!("Cannot tell {what} in every region of {}: {why}.", account.label()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(path: &str) -> Bundle {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        Bundle::from_path(&path).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_region_missing_from_the_enabled_list_is_not_enabled() {
        let bundle = bundle("tests/fixtures/cognito-user-pools-mfa/not_applicable.json");
        let account = &bundle.accounts[0];
        assert!(account.global.enabled_regions.get().is_ok(), "{:?}", account.global.enabled_regions);
        assert_eq!(regions(account).count(), 0);
        assert_eq!(not_enabled(account), ["ap-east-1"]);
    }
}
