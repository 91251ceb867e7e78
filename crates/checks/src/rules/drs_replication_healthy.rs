//! AWS Elastic Disaster Recovery source servers replicating and recently tested, per region.

use chrono::{DateTime, Duration, Utc};
use maturity_evidence::{Bundle, DrsSourceServer, LaunchResult, ReplicationState};

use crate::shared::accounts;
use crate::shared::prose::and_list;
use crate::shared::regions_in_use::{self, AccountUse};
use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

/// How recent the last successful drill or recovery launch must be.
const MAX_LAUNCH_AGE_DAYS: i64 = 365;

declare_check! {
    /// ## What it checks
    /// For every scanned region of every account where AWS Elastic Disaster Recovery holds
    /// source servers (the region is their recovery region): every source server replicates
    /// continuously (`dataReplicationState` `CONTINUOUS`) and its last launch, a drill or a
    /// recovery, succeeded (`lastLaunchResult` `SUCCEEDED`) within the 365 days before the scan.
    /// One finding per such region: pass, or fail naming each server whose replication is not
    /// continuous (with its state) or that was never launched, whose last launch failed or is
    /// older than a year.
    ///
    /// An account where Elastic Disaster Recovery is not initialized or holds no source server
    /// in any scanned region, but that runs workloads (running EC2 instances, EBS volumes, RDS
    /// databases, load balancers, Lambda functions …), is inconclusive: the absence of DRS was
    /// seen, but disaster recovery may be automated by other means (multi-region replication,
    /// infrastructure as code and Route 53 failover, or a tool outside AWS), so the control stays
    /// unknown until an attested answer settles it. Not applicable only for an account that runs
    /// no workload in the scanned regions (and whose enabled regions were confirmed): there is
    /// nothing to recover. A region whose source servers could not be read is inconclusive; so
    /// is an account the collector could not enter.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Disaster recovery only works if the copy is current and the recovery has been tried. A
    /// server whose replication stalled silently lets the recovery point drift by days; a
    /// recovery that was never drilled fails on launch templates, networks or licences at the
    /// worst moment. Regular drills are also the evidence that the recovery time objective can be
    /// met.
    ///
    /// ## How to fix
    /// Resolve stalled or disconnected replication (agent connectivity to the staging area,
    /// throttled bandwidth, expired credentials) and watch the DRS replication metrics with
    /// CloudWatch alarms. Launch a drill for every source server at least once a year, and after
    /// every significant change, from the DRS console or `aws drs start-recovery --is-drill`, and
    /// terminate the drill instances afterwards.
    pub(crate) struct DrsReplicationHealthy {
        id: "drs-replication-healthy",
        title: "Elastic Disaster Recovery source servers replicate continuously and were drilled in the last year",
        scope: Region,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.ec2_volumes", "region.rds_db_instances", "region.lambda_functions", "region.elbv2_load_balancers", "region.drs_source_servers", "region.dynamodb_tables", "region.efs_file_systems"],
        alternative: "multi-region recovery automated another way (standby stacks deployed by code, database replication and DNS failover, or a third-party replication tool)",
    }
}

impl Check for DrsReplicationHealthy {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let now = bundle.collector.collected_at;
        let what = "whether Elastic Disaster Recovery replicates healthily";
        walk::every_region(bundle, out, what, |account, regions, out| {
            let label = account.label();
            let mut judged = false;
            for &(region, facts) in regions {
                let location = Location::region(&account.account_id, region);
                let servers = match facts.drs_source_servers.get() {
                    Ok(Some(servers)) if !servers.is_empty() => servers,
                    Ok(_) => continue,
                    Err(missing) => {
                        judged = true;
                        out.inconclusive(
                            location,
                            &format!(
                                "whether Elastic Disaster Recovery replicates healthily in {region} of account {label}"
                            ),
                            &missing,
                        );
                        continue;
                    }
                };
                judged = true;
                let problems: Vec<String> = servers.iter().filter_map(|s| problem(s, now)).collect();
                if problems.is_empty() {
                    out.pass(
                        location,
                        format_args!(
                            "In {region} of account {label}, all {} Elastic Disaster Recovery source server{} replicate continuously and had a successful drill or recovery launch in the last {MAX_LAUNCH_AGE_DAYS} days ({}).",
                            servers.len(),
                            if servers.len() == 1 { "" } else { "s" },
                            and_list(&servers.iter().map(name).collect::<Vec<_>>())
                        ),
                    );
                } else {
                    out.fail(
                        location,
                        format_args!(
                            "Elastic Disaster Recovery in {region} of account {label} is not ready to recover: {}.",
                            problems.join("; ")
                        ),
                    );
                }
            }
            if !judged {
                let location = Location::account(&account.account_id);
                let absent = format!(
                    "Elastic Disaster Recovery is not initialized or holds no source server in any scanned region of account {label}"
                );
                match regions_in_use::account_use(account) {
                    AccountUse::InUse(in_use) => out.add(
                        FindingStatus::Inconclusive,
                        location,
                        format_args!(
                            "{absent}, though it runs {}. That absence was seen in AWS, but disaster recovery may be automated by other means (replication, infrastructure as code and DNS failover, or a tool outside AWS), which only an attested answer can tell.",
                            regions_in_use::describe_account(&in_use)
                        ),
                    ),
                    AccountUse::Idle => accounts::not_applicable_unless_unconfirmed(
                        out,
                        account,
                        location,
                        format!("{absent}, and it runs no workload there, so there is nothing to recover."),
                    ),
                    AccountUse::Unknown(region, missing) => out.inconclusive(
                        location,
                        &format!(
                            "whether account {label}, where Elastic Disaster Recovery holds no source server, runs workloads that need recovery (the workloads of {region})"
                        ),
                        &missing,
                    ),
                }
            }
        });
    }
}

/// `s-1 (web-1, from eu-central-1)`.
fn name(server: &DrsSourceServer) -> String {
    let details: Vec<String> =
        server.hostname.iter().cloned().chain(server.origin_region.iter().map(|r| format!("from {r}"))).collect();
    if details.is_empty() {
        server.source_server_id.clone()
    } else {
        format!("{} ({})", server.source_server_id, details.join(", "))
    }
}

/// What keeps a server from being ready, or `None` when it is.
fn problem(server: &DrsSourceServer, now: DateTime<Utc>) -> Option<String> {
    let mut issues = Vec::new();
    if !server.replicates_continuously() {
        issues.push(format!(
            "replication is {}",
            server.replication_state.as_ref().map_or("in an unknown state", ReplicationState::as_str)
        ));
    }
    let kind = server.last_launch_type.as_deref().map_or("launch".to_owned(), |t| t.to_ascii_lowercase());
    match (&server.last_launch_result, server.last_launch_at) {
        (None | Some(LaunchResult::NotStarted), _) => issues.push("it was never drilled or recovered".to_owned()),
        (Some(LaunchResult::Succeeded), Some(at)) if now - at <= Duration::days(MAX_LAUNCH_AGE_DAYS) => {}
        (Some(LaunchResult::Succeeded), Some(at)) => issues.push(format!(
            "its last {kind} succeeded {} days ago, more than {MAX_LAUNCH_AGE_DAYS}",
            (now - at).num_days()
        )),
        (Some(LaunchResult::Succeeded), None) => {
            issues.push(format!("the date of its last successful {kind} is unknown"))
        }
        (Some(result), _) => issues.push(format!("its last {kind} is {result}")),
    }
    (!issues.is_empty()).then(|| format!("{}: {}", name(server), issues.join(" and ")))
}
