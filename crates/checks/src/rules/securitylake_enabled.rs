//! Amazon Security Lake collecting the core sources of every region in use.

use std::collections::{HashMap, HashSet};

use maturity_evidence::{AccountEvidence, Bundle, Fact, MissingBuf, RegionFacts, SecurityLakeDataLake};

use crate::across::{Summarize, summarized_check};
use crate::shared::prose::and_list;
use crate::shared::regions_in_use::{self, RegionUse};
use crate::shared::walk;
use crate::{Findings, Location, declare_check};

/// The AWS sources a security data lake must collect at least: CloudTrail management events
/// and Security Hub findings.
const REQUIRED_SOURCES: &[&str] = &["CLOUD_TRAIL_MGMT", "SH_FINDINGS"];

/// How many of the lakes that do not cover an account its failure names; the others are
/// counted (an organization may hold a lake per account, and every failure listed them all).
const NAMED_GAPS: usize = 3;

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
        reads: ["account.enabled_regions", "region.ec2_instances", "region.ec2_volumes", "region.rds_db_instances", "region.lambda_functions", "region.elbv2_load_balancers", "region.securitylake_data_lake", "region.dynamodb_tables", "region.efs_file_systems"],
        across_accounts: "a data lake of the delegated administrator account collects its member accounts' logs",
        alternative: "a SIEM or security data lake outside AWS that collects the same logs",
    }
}

/// A data lake of the scan in one region, with the account that hosts it: what is kept of the
/// host to judge every account against it.
struct Lake {
    host_id: Box<str>,
    host_label: Box<str>,
    /// The lake without its sources, which `collected` holds indexed.
    lake: SecurityLakeDataLake,
    /// The accounts each of [`REQUIRED_SOURCES`] is collected from, in that order, when the
    /// lake's sources could be read: indexed once, as a delegated administrator's lake lists
    /// every account of the organization and is looked up for each of them.
    collected: Result<Vec<HashSet<Box<str>>>, MissingBuf>,
}

impl Lake {
    fn new(host: &AccountEvidence, lake: &SecurityLakeDataLake) -> Self {
        let collected = lake.log_sources.get().map_err(|m| m.to_buf()).map(|sources| {
            REQUIRED_SOURCES
                .iter()
                .map(|required| {
                    sources
                        .iter()
                        .filter(|s| s.source_name == *required)
                        .flat_map(|s| s.accounts.iter().map(|a| Box::from(a.as_str())))
                        .collect()
                })
                .collect()
        });
        let lake = SecurityLakeDataLake { log_sources: Fact::NotCollected, ..lake.clone() };
        Self { host_id: host.account_id.as_str().into(), host_label: host.label().to_string().into(), lake, collected }
    }
}

/// What an account hosts, region by region: its data lake, or why it could not be read.
#[derive(Default)]
pub(crate) struct HostedLakes(Vec<(Box<str>, Result<Lake, MissingBuf>)>);

/// The data lakes of the scan in one region, in the order of the accounts, and the first reason
/// one could not be read there.
#[derive(Default)]
pub(crate) struct RegionLakes {
    lakes: Vec<Lake>,
    unread: Option<MissingBuf>,
    /// For each account, the first lake (its position in `lakes`) that is active and collects
    /// every required source from it: the lake its finding names when it passes. Indexed once,
    /// so that an account does not go through every lake of the organization (each copy of a
    /// security account may host one) to find it.
    first_collecting: HashMap<Box<str>, usize>,
    /// Why the sources of the first active lake whose sources could not be read are unknown.
    unreadable_lake: Option<MissingBuf>,
}

impl RegionLakes {
    fn index(&mut self) {
        for (position, Lake { lake, collected, .. }) in self.lakes.iter().enumerate() {
            if !lake.is_active() {
                continue;
            }
            let collected = match collected {
                Ok(collected) => collected,
                Err(missing) => {
                    self.unreadable_lake.get_or_insert_with(|| missing.clone());
                    continue;
                }
            };
            let Some((first, rest)) = collected.split_first() else { continue };
            for account in first.iter().filter(|a| rest.iter().all(|r| r.contains(*a))) {
                self.first_collecting.entry(account.clone()).or_insert(position);
            }
        }
    }
}

/// The scan's data lakes per region, gathered once: every region of every account is judged
/// against the lakes of all accounts in that region.
#[derive(Default)]
pub(crate) struct LakesByRegion(HashMap<Box<str>, RegionLakes>);

impl LakesByRegion {
    fn of(hosts: Vec<HostedLakes>) -> Self {
        let mut by_region: HashMap<Box<str>, RegionLakes> = HashMap::new();
        for (region, hosted) in hosts.into_iter().flat_map(|h| h.0) {
            let here = by_region.entry(region).or_default();
            match hosted {
                Ok(lake) => here.lakes.push(lake),
                Err(missing) => {
                    here.unread.get_or_insert(missing);
                }
            }
        }
        by_region.values_mut().for_each(RegionLakes::index);
        Self(by_region)
    }
}

summarized_check!(SecuritylakeEnabled);

impl Summarize for SecuritylakeEnabled {
    /// The data lakes the account hosts (none for an account that could not be entered).
    type Summary = HostedLakes;
    type Context = LakesByRegion;

    fn summarize(&self, _head: &Bundle, host: &AccountEvidence) -> HostedLakes {
        if host.access_problem().is_some() {
            return HostedLakes::default();
        }
        let hosted = host.regions.iter().filter_map(|(region, facts)| {
            let hosted = match facts.securitylake_data_lake.get() {
                Ok(Some(lake)) => Ok(Lake::new(host, lake)),
                Err(missing) => Err(missing.to_buf()),
                Ok(None) => return None,
            };
            Some((Box::from(region.as_str()), hosted))
        });
        HostedLakes(hosted.collect())
    }

    fn context(&self, _head: &Bundle, summaries: Vec<HostedLakes>) -> LakesByRegion {
        LakesByRegion::of(summaries)
    }

    fn judge(&self, lakes: &LakesByRegion, bundle: &Bundle, out: &mut Findings) {
        let none = RegionLakes::default();
        walk::each_region(bundle, out, "whether Security Lake collects the regions in use", |r, out| {
            evaluate_region(lakes.0.get(r.name).unwrap_or(&none), r.account, r.name, r.facts, out);
        });
    }
}

fn evaluate_region(
    found: &RegionLakes,
    account: &AccountEvidence,
    region: &str,
    facts: &RegionFacts,
    out: &mut Findings,
) {
    let label = account.label().to_string();
    let location = Location::region(&account.account_id, region);
    let usage = regions_in_use::region_use(facts);
    if usage == RegionUse::Idle {
        out.not_applicable(location, format_args!("Region {region} of account {label} runs no workloads."));
        return;
    }
    if let Some(found) = found.first_collecting.get(account.account_id.as_str()).and_then(|&p| found.lakes.get(p)) {
        out.pass(location, pass_message(region, &owner_of(found, account), &found.lake, &label));
        return;
    }
    // No lake collects from the account: each one is a gap, unless its sources could not be read.
    if let Some(missing) =
        found.unread.as_ref().or(found.unreadable_lake.as_ref()).map(MissingBuf::as_missing).or(match usage {
            RegionUse::Unknown(missing) => Some(missing),
            _ => None,
        })
    {
        let what = format!("whether Security Lake collects {region} of account {label}");
        out.inconclusive(location, &what, &missing);
        return;
    }
    let RegionUse::InUse(workloads) = usage else { return };
    let mut gaps: Vec<String> = found.lakes.iter().filter_map(|l| gap(l, account)).take(NAMED_GAPS).collect();
    let more = found.lakes.len().saturating_sub(gaps.len());
    if more > 0 {
        let lakes = if more == 1 { "data lake of the scan does" } else { "data lakes of the scan do" };
        gaps.push(format!("{more} other {lakes} not cover it either"));
    }
    let why = if gaps.is_empty() {
        "no account of the scan has a Security Lake data lake there".to_owned()
    } else {
        and_list(&gaps).to_string()
    };
    out.fail(
        location,
        format_args!(
            "Region {region} of account {label} runs workloads ({}) but {why}.",
            regions_in_use::describe(&workloads)
        ),
    );
}

/// Why a lake does not cover the account: not active, or a required source not collected from
/// it (`None` when its sources could not be read, or it covers the account).
fn gap(found: &Lake, account: &AccountEvidence) -> Option<String> {
    let Lake { lake, collected, .. } = found;
    let owner = owner_of(found, account);
    if !lake.is_active() {
        return Some(format!("{owner} is not active ({})", status(lake)));
    }
    let absent: Vec<&str> = REQUIRED_SOURCES
        .iter()
        .zip(collected.as_ref().ok()?)
        .filter(|(_, accounts)| !accounts.contains(account.account_id.as_str()))
        .map(|(required, _)| *required)
        .collect();
    (!absent.is_empty()).then(|| format!("{owner} does not collect {} from it", and_list(&absent)))
}

/// Whose lake it is, as the account's findings say.
fn owner_of(lake: &Lake, account: &AccountEvidence) -> String {
    if *lake.host_id == *account.account_id {
        "its own Security Lake data lake".to_owned()
    } else {
        format!("the Security Lake data lake of account {}", lake.host_label)
    }
}

fn pass_message(region: &str, owner: &str, lake: &SecurityLakeDataLake, label: &str) -> String {
    format!(
        "In {region}, {owner} ({}) collects {} from account {label}.",
        lake.data_lake_arn,
        and_list(REQUIRED_SOURCES)
    )
}

/// "creation FAILED" or "creation COMPLETED, last update FAILED".
fn status(lake: &SecurityLakeDataLake) -> String {
    match (&lake.create_status, &lake.update_status) {
        (Some(create), Some(update)) => format!("creation {create}, last update {update}"),
        (Some(create), None) => format!("creation {create}"),
        (None, _) => "no creation status".to_owned(),
    }
}
