//! Walking the accounts and regions of a bundle, and what to say about the ones that could not be
//! read.

use maturity_evidence::{AccountEvidence, Bundle, RegionFacts};

use crate::{FindingStatus, Findings, Location};

/// The accounts the collector could enter. For each other account, adds one inconclusive
/// finding that says why nothing there could be read.
pub(crate) fn reachable<'a>(bundle: &'a Bundle, out: &mut Findings) -> Vec<&'a AccountEvidence> {
    bundle
        .accounts
        .iter()
        .filter(|account| match account.access_problem() {
            None => true,
            Some(problem) => {
                out.add(
                    FindingStatus::Inconclusive,
                    Location::account(&account.account_id),
                    format!("Cannot read account {}: {problem}.", account.label()),
                );
                false
            }
        })
        .collect()
}

/// The regions scanned in an account, in name order.
pub(crate) fn regions(account: &AccountEvidence) -> impl Iterator<Item = (&str, &RegionFacts)> {
    account.regions.iter().map(|(name, facts)| (name.as_str(), facts))
}

/// The regions scanned in an account, for checks that judge every region. When the account has
/// none, adds one finding for the account: not applicable when the scan had no region in scope,
/// inconclusive otherwise (its regional facts were not collected). `what` names what could not be
/// told, e.g. "whether GuardDuty is enabled".
pub(crate) fn scanned_regions<'a>(
    bundle: &Bundle,
    account: &'a AccountEvidence,
    what: &str,
    out: &mut Findings,
) -> Vec<(&'a str, &'a RegionFacts)> {
    let scanned: Vec<_> = regions(account).collect();
    if scanned.is_empty() {
        let location = Location::account(&account.account_id);
        let label = account.label();
        if bundle.scope.regions.is_empty() {
            out.not_applicable(
                location,
                format!("No region was in scope of this scan, so {what} in {label} was not assessed."),
            );
        } else {
            out.add(
                FindingStatus::Inconclusive,
                location,
                format!(
                    "Cannot tell {what} in {label}: no region was collected for this account, though the scan covered {}.",
                    bundle.scope.regions.join(", ")
                ),
            );
        }
    }
    scanned
}
