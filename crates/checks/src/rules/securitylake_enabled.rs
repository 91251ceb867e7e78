//! Amazon Security Lake collecting the core sources of every region in use.

use std::collections::HashMap;

use maturity_evidence::{AccountEvidence, Bundle, Missing, RegionFacts, SecurityLakeDataLake};

use crate::shared::prose::and_list;
use crate::shared::regions_in_use::{self, RegionUse};
use crate::shared::{accounts, walk};
use crate::{Check, Findings, Location, declare_check};

/// The AWS sources a security data lake must collect at least: CloudTrail management events
/// and Security Hub findings.
const REQUIRED_SOURCES: &[&str] = &["CLOUD_TRAIL_MGMT", "SH_FINDINGS"];

declare_check! {
    /// ## What it checks
    /// For every region of every account that runs workloads (running EC2 instances, EBS
    /// volumes, RDS DB instances, load balancers …): a Security Lake data lake in that region,
    /// the account's own or one hosted by another account of the scan (the delegated
    /// administrator of an organization), is active (created `COMPLETED`, last update not
    /// `FAILED`) and collects at least CloudTrail management events (`CLOUD_TRAIL_MGMT`) and
    /// Security Hub findings (`SH_FINDINGS`) from this account.
    ///
    /// One finding per region in use: pass naming the lake; fail when no lake of the scan covers
    /// the region, when the lake is not active, or when a required source is not collected from
    /// the account (named); inconclusive when a lake or its sources could not be read and no
    /// other lake covers the account. A region without workloads is not applicable; a region
    /// whose workloads could not be read passes when covered and is inconclusive otherwise.
    ///
    /// The hosting account must be in the scan: scanning a member account alone cannot see the
    /// administrator's lake, and fails.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Managed detectors only know generic attacks. Detecting what is specific to your
    /// organization, correlating across accounts and investigating months back all need the
    /// security logs in one place, in one schema, kept long enough. Security Lake normalizes
    /// them to OCSF for the SIEM or analytics tools that run the custom detections.
    ///
    /// ## How to fix
    /// Register a delegated administrator for Security Lake (the log archive or security
    /// account), enable it in every region in use with a rollup region, add CloudTrail
    /// management events, Security Hub findings, VPC flow logs and Route 53 resolver logs as
    /// sources for all accounts, and give your SIEM a subscriber.
    pub(crate) struct SecuritylakeEnabled {
        id: "securitylake-enabled",
        title: "Security Lake collects CloudTrail and Security Hub data from every region in use",
        scope: Region,
        alternative: "a SIEM or security data lake outside AWS that collects the same logs",
    }
}

/// A data lake of the scan in one region, with the account that hosts it.
struct Lake<'a> {
    host: &'a AccountEvidence,
    lake: &'a SecurityLakeDataLake,
}

/// The data lakes of the scan in one region, in the order of the accounts, and the first reason
/// one could not be read there.
#[derive(Default)]
struct RegionLakes<'a> {
    lakes: Vec<Lake<'a>>,
    unread: Option<Missing<'a>>,
}

/// The scan's data lakes per region, gathered once: every region of every account is judged
/// against the lakes of all accounts in that region.
fn lakes_by_region<'a>(hosts: &[&'a AccountEvidence]) -> HashMap<&'a str, RegionLakes<'a>> {
    let mut by_region: HashMap<&str, RegionLakes<'_>> = HashMap::new();
    for host in hosts {
        for (region, facts) in &host.regions {
            let here = by_region.entry(region.as_str()).or_default();
            match facts.securitylake_data_lake.get() {
                Ok(Some(lake)) => here.lakes.push(Lake { host, lake }),
                Err(missing) => {
                    here.unread.get_or_insert(missing);
                }
                Ok(None) => {}
            }
        }
    }
    by_region
}

impl Check for SecuritylakeEnabled {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let lakes = lakes_by_region(&accounts::entered(bundle));
        let none = RegionLakes::default();
        walk::each_region(bundle, out, "whether Security Lake collects the regions in use", |r, out| {
            evaluate_region(lakes.get(r.name).unwrap_or(&none), r.account, r.name, r.facts, out);
        });
    }
}

fn evaluate_region(
    found: &RegionLakes<'_>,
    account: &AccountEvidence,
    region: &str,
    facts: &RegionFacts,
    out: &mut Findings,
) {
    let label = account.label();
    let location = Location::region(&account.account_id, region);
    let usage = regions_in_use::region_use(facts);
    if usage == RegionUse::Idle {
        out.not_applicable(location, format!("Region {region} of account {label} runs no workloads."));
        return;
    }
    let mut unread: Option<Missing<'_>> = found.unread;
    let mut gaps = Vec::new();
    for Lake { host, lake } in &found.lakes {
        let owner = if host.account_id == account.account_id {
            "its own Security Lake data lake".to_owned()
        } else {
            format!("the Security Lake data lake of account {}", host.label())
        };
        if !lake.is_active() {
            gaps.push(format!("{owner} is not active ({})", status(lake)));
            continue;
        }
        let sources = match lake.log_sources.get() {
            Ok(sources) => sources,
            Err(missing) => {
                unread.get_or_insert(missing);
                continue;
            }
        };
        let absent: Vec<&str> = REQUIRED_SOURCES
            .iter()
            .copied()
            .filter(|r| !sources.iter().any(|s| s.source_name == *r && s.accounts.contains(&account.account_id)))
            .collect();
        if absent.is_empty() {
            out.pass(
                location,
                format!(
                    "In {region}, {owner} ({}) collects {} from account {label}.",
                    lake.data_lake_arn,
                    and_list(REQUIRED_SOURCES)
                ),
            );
            return;
        }
        gaps.push(format!("{owner} does not collect {} from it", and_list(&absent)));
    }
    if let Some(missing) = unread.or(match usage {
        RegionUse::Unknown(missing) => Some(missing),
        _ => None,
    }) {
        let what = format!("whether Security Lake collects {region} of account {label}");
        out.inconclusive(location, &what, &missing);
        return;
    }
    let RegionUse::InUse(workloads) = usage else { return };
    let why = if gaps.is_empty() {
        "no account of the scan has a Security Lake data lake there".to_owned()
    } else {
        and_list(&gaps)
    };
    out.fail(
        location,
        format!(
            "Region {region} of account {label} runs workloads ({}) but {why}.",
            regions_in_use::describe(&workloads)
        ),
    );
}

/// "creation FAILED" or "creation COMPLETED, last update FAILED".
fn status(lake: &SecurityLakeDataLake) -> String {
    match (&lake.create_status, &lake.update_status) {
        (Some(create), Some(update)) => format!("creation {create}, last update {update}"),
        (Some(create), None) => format!("creation {create}"),
        (None, _) => "no creation status".to_owned(),
    }
}
