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
