//! AWS Elastic Disaster Recovery source servers replicating and recently tested, per region.

use chrono::{DateTime, Duration, Utc};
use maturity_evidence::{Bundle, DrsSourceServer};

use crate::shared::accounts;
use crate::shared::prose::and_list;
use crate::{Check, Findings, Location, declare_check};

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
    /// in any scanned region is not applicable: nothing here to judge, and it does not mean the
    /// account has no disaster recovery automation (multi-region DR built with replication,
    /// infrastructure as code and Route 53 failover must be attested instead). A region whose
    /// source servers could not be read is inconclusive; so is an account the collector could
    /// not enter.
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
        alternative: "multi-region recovery automated another way (standby stacks deployed by code, database replication and DNS failover, or a third-party replication tool)",
    }
}

impl Check for DrsReplicationHealthy {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let now = bundle.collector.collected_at;
        for account in accounts::reachable(bundle, out) {
            let label = account.label();
            let what = "whether Elastic Disaster Recovery replicates healthily";
            let regions = accounts::scanned_regions(bundle, account, what, out);
            if regions.is_empty() {
                continue;
            }
            let mut judged = false;
            for (region, facts) in regions {
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
                        format!(
                            "In {region} of account {label}, all {} Elastic Disaster Recovery source server{} replicate continuously and had a successful drill or recovery launch in the last {MAX_LAUNCH_AGE_DAYS} days ({}).",
                            servers.len(),
                            if servers.len() == 1 { "" } else { "s" },
                            and_list(&servers.iter().map(name).collect::<Vec<_>>())
                        ),
                    );
                } else {
                    out.fail(
                        location,
                        format!(
                            "Elastic Disaster Recovery in {region} of account {label} is not ready to recover: {}.",
                            problems.join("; ")
                        ),
                    );
                }
            }
            if !judged {
                out.not_applicable(
                    Location::account(&account.account_id),
                    format!(
                        "Elastic Disaster Recovery is not initialized or holds no source server in any scanned region of account {label}, so there is no replication to judge; disaster recovery automated by other means must be attested."
                    ),
                );
            }
        }
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
        issues.push(format!("replication is {}", server.replication_state.as_deref().unwrap_or("in an unknown state")));
    }
    let kind = server.last_launch_type.as_deref().map_or("launch".to_owned(), |t| t.to_ascii_lowercase());
    match (server.last_launch_result.as_deref(), server.last_launch_at) {
        (None | Some("NOT_STARTED"), _) => issues.push("it was never drilled or recovered".to_owned()),
        (Some("SUCCEEDED"), Some(at)) if now - at <= Duration::days(MAX_LAUNCH_AGE_DAYS) => {}
        (Some("SUCCEEDED"), Some(at)) => issues.push(format!(
            "its last {kind} succeeded {} days ago, more than {MAX_LAUNCH_AGE_DAYS}",
            (now - at).num_days()
        )),
        (Some("SUCCEEDED"), None) => issues.push(format!("the date of its last successful {kind} is unknown")),
        (Some(result), _) => issues.push(format!("its last {kind} is {result}")),
    }
    (!issues.is_empty()).then(|| format!("{}: {}", name(server), issues.join(" and ")))
}
