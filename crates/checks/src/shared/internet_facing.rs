//! The internet-facing load balancers of an account, region by region, for the checks that judge
//! the network edge (WAF, Shield, encryption in transit). A region whose load balancers could not
//! be read gets one inconclusive finding, and the account is not called empty.

use maturity_evidence::{AccountEvidence, LoadBalancer, RegionFacts};

use crate::shared::accounts;
use crate::{Findings, Location};

/// One region's internet-facing load balancers of the kind asked for.
pub(crate) struct EdgeRegion<'a> {
    /// The region's name.
    pub(crate) region: &'a str,
    /// All the region's facts.
    pub(crate) facts: &'a RegionFacts,
    /// The load balancers in scope, in collection order.
    pub(crate) load_balancers: Vec<&'a LoadBalancer>,
}

/// The account's internet-facing load balancers that `keep` selects, per scanned region (regions
/// without any are left out). For each region whose load balancers could not be read, adds an
/// inconclusive finding naming `what` could not be told, and one for the account when its enabled
/// regions were never confirmed. The flag is true when every region was read.
pub(crate) fn load_balancers<'a>(
    account: &'a AccountEvidence,
    keep: fn(&LoadBalancer) -> bool,
    what: &str,
    out: &mut Findings,
) -> (Vec<EdgeRegion<'a>>, bool) {
    let label = account.label();
    let mut regions = Vec::new();
    let mut all_read = true;
    if !account.regions.is_empty() {
        // Regions nobody confirmed may hold load balancers too.
        accounts::note_unconfirmed(account, what, out);
    }
    for (region, facts) in accounts::regions(account) {
        match facts.elbv2_load_balancers.get() {
            Ok(list) => {
                let load_balancers: Vec<&LoadBalancer> =
                    list.iter().filter(|lb| lb.is_internet_facing() && keep(lb)).collect();
                if !load_balancers.is_empty() {
                    regions.push(EdgeRegion { region, facts, load_balancers });
                }
            }
            Err(missing) => {
                all_read = false;
                out.inconclusive(
                    Location::region(&account.account_id, region),
                    &format!("{what} in {region} of {label}, because its load balancers could not be listed"),
                    &missing,
                );
            }
        }
    }
    (regions, all_read)
}

/// Every load balancer.
pub(crate) fn any(_: &LoadBalancer) -> bool {
    true
}

/// Application Load Balancers only.
pub(crate) fn application(lb: &LoadBalancer) -> bool {
    lb.is_application()
}
