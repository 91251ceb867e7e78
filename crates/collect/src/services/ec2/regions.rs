//! The regions enabled for the account: the scan's list of regions to visit.

use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem};
use crate::config::Clients;

declare_calls! {
    DESCRIBE_REGIONS: "ec2:DescribeRegions";
}

/// The regions enabled for the account (`ec2:DescribeRegions` without `AllRegions`).
pub(crate) async fn enabled_regions(clients: &Clients, region: &str) -> Result<Vec<String>, Problem> {
    let out = clients.ec2(region).describe_regions().all_regions(false).send().await.or_problem(DESCRIBE_REGIONS)?;
    let mut regions: Vec<String> = out.regions().iter().filter_map(|r| r.region_name()).map(str::to_owned).collect();
    regions.sort();
    Ok(regions)
}
