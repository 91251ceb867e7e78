//! One account's scan: find its regions, then run every collector (one service in one region,
//! or one account-wide fact) as its own task within the scan's concurrency bound, and put
//! their facts together.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::Arc;

use maturity_evidence::{AccountAccess, AccountEvidence, Fact, GlobalFacts, RegionFacts};
use tokio::task::JoinSet;

use crate::calls::CallCounter;
use crate::classify::Problem;
use crate::config::Clients;
use crate::options::RegionSelection;
use crate::progress::{Event, Progress};
use crate::services::{
    Limit, account, budgets, cloudtrail, cloudwatch, configservice, ec2, guardduty, iam, kms, rds, s3, securityhub,
    ssoadmin,
};

/// What every account's scan shares.
pub(crate) struct Shared {
    pub(crate) limit: Limit,
    pub(crate) progress: Arc<dyn Progress>,
    pub(crate) calls: CallCounter,
    pub(crate) regions: RegionSelection,
    /// Where account-wide calls go.
    pub(crate) home_region: String,
}

/// A region that the account has not enabled.
const NOT_ENABLED: &str = "the region is not enabled for this account";

/// One collector's result: the fact's name and region, what went wrong if anything, and how to
/// put it into the account's evidence.
struct Update {
    region: Option<String>,
    fact: &'static str,
    problem: Option<String>,
    apply: Box<dyn FnOnce(&mut AccountEvidence) + Send>,
}

impl Update {
    fn region<T: Send + 'static>(
        region: &str,
        fact: &'static str,
        value: Fact<T>,
        set: fn(&mut RegionFacts, Fact<T>),
    ) -> Update {
        let problem = value.get().err().map(|missing| missing.to_string());
        let key = region.to_owned();
        Update {
            region: Some(region.to_owned()),
            fact,
            problem,
            apply: Box::new(move |account| set(account.regions.entry(key).or_default(), value)),
        }
    }

    fn global<T: Send + 'static>(fact: &'static str, value: Fact<T>, set: fn(&mut GlobalFacts, Fact<T>)) -> Update {
        let problem = value.get().err().map(|missing| missing.to_string());
        Update { region: None, fact, problem, apply: Box::new(move |account| set(&mut account.global, value)) }
    }
}

/// Runs `work` as its own task once a permit of the scan's bound is free.
fn spawn<F>(tasks: &mut JoinSet<Vec<Update>>, limit: &Limit, work: F)
where
    F: Future<Output = Vec<Update>> + Send + 'static,
{
    let limit = Arc::clone(limit);
    tasks.spawn(async move {
        // The semaphore is never closed; a closed one would leave the facts uncollected.
        let Ok(_permit) = limit.acquire_owned().await else { return Vec::new() };
        work.await
    });
}

macro_rules! region_task {
    ($tasks:expr, $limit:expr, $clients:expr, $region:expr, $field:ident, $collect:path) => {{
        let (clients, region) = ($clients.clone(), $region.clone());
        spawn($tasks, $limit, async move {
            let value = $collect(&clients, &region).await;
            vec![Update::region(&region, stringify!($field), value, |facts, v| facts.$field = v)]
        });
    }};
}

/// An account the collector could not enter.
pub(crate) fn unreachable(
    account_id: &str,
    name: Option<String>,
    problem: Problem,
    shared: &Shared,
) -> AccountEvidence {
    shared.progress.event(Event::AccountUnreachable { account_id: account_id.to_owned(), reason: problem.to_string() });
    let access = match problem {
        Problem::Denied(action) => AccountAccess::Denied { action },
        Problem::Unavailable(error) | Problem::Failed(error) => AccountAccess::Failed { error },
    };
    AccountEvidence {
        account_id: account_id.to_owned(),
        name,
        access,
        global: GlobalFacts::default(),
        regions: BTreeMap::new(),
    }
}

/// Scans one account with its clients.
pub(crate) async fn scan(
    shared: Arc<Shared>,
    account_id: String,
    name: Option<String>,
    clients: Clients,
) -> AccountEvidence {
    let mut evidence = AccountEvidence {
        account_id: account_id.clone(),
        name,
        access: AccountAccess::Granted,
        global: GlobalFacts::default(),
        regions: BTreeMap::new(),
    };
    let (scanned, not_enabled) = regions(&shared, &clients, &account_id).await;
    for region in not_enabled {
        evidence.regions.insert(region, RegionFacts::all_unavailable(NOT_ENABLED));
    }

    let mut tasks = JoinSet::new();
    let limit = &shared.limit;
    let home = shared.home_region.clone();
    // Collectors spawned per region: each region's `RegionDone` waits for all of them.
    let mut pending: BTreeMap<String, usize> = BTreeMap::new();
    for region in &scanned {
        let before = tasks.len();
        evidence.regions.insert(region.clone(), RegionFacts::default());
        region_task!(&mut tasks, limit, clients, region, guardduty_detectors, guardduty::detectors);
        region_task!(&mut tasks, limit, clients, region, cloudwatch_alarms, cloudwatch::alarms);
        region_task!(&mut tasks, limit, clients, region, ec2_instances, ec2::instances);
        region_task!(&mut tasks, limit, clients, region, ec2_security_groups, ec2::security_groups);
        region_task!(&mut tasks, limit, clients, region, ec2_vpcs, ec2::vpcs);
        region_task!(&mut tasks, limit, clients, region, ec2_flow_logs, ec2::flow_logs);
        region_task!(&mut tasks, limit, clients, region, ec2_ebs_encryption_by_default, ec2::ebs_encryption_by_default);
        region_task!(&mut tasks, limit, clients, region, ec2_volumes, ec2::volumes);
        region_task!(
            &mut tasks,
            limit,
            clients,
            region,
            ec2_snapshot_block_public_access,
            ec2::snapshot_block_public_access
        );
        region_task!(&mut tasks, limit, clients, region, ec2_image_block_public_access, ec2::image_block_public_access);
        region_task!(&mut tasks, limit, clients, region, rds_db_instances, rds::instances);
        region_task!(&mut tasks, limit, clients, region, sso_instances, ssoadmin::instances);
        region_task!(&mut tasks, limit, clients, region, config_recorders, configservice::recorders);
        let (c, r) = (clients.clone(), region.clone());
        spawn(&mut tasks, limit, async move {
            let (hub, standards) = securityhub::hub_and_standards(&c, &r).await;
            vec![
                Update::region(&r, "securityhub_hub", hub, |f, v| f.securityhub_hub = v),
                Update::region(&r, "securityhub_standards", standards, |f, v| f.securityhub_standards = v),
            ]
        });
        let (c, r, l) = (clients.clone(), region.clone(), Arc::clone(limit));
        spawn(&mut tasks, limit, async move {
            vec![Update::region(&r, "kms_keys", kms::keys(&c, &r, &l).await, |f, v| f.kms_keys = v)]
        });
        // regional collectors: identity
        // regional collectors: threat
        // regional collectors: vuln
        // regional collectors: network
        // regional collectors: infra
        // regional collectors: data
        // regional collectors: resilience
        // regional collectors: governance
        pending.insert(region.clone(), tasks.len() - before);
    }

    let (c, h) = (clients.clone(), home.clone());
    spawn(&mut tasks, limit, async move {
        vec![Update::global("iam_account_summary", iam::account_summary(&c, &h).await, |g, v| {
            g.iam_account_summary = v
        })]
    });
    let (c, h) = (clients.clone(), home.clone());
    spawn(&mut tasks, limit, async move {
        vec![Update::global("iam_credential_report", iam::credential_report(&c, &h).await, |g, v| {
            g.iam_credential_report = v;
        })]
    });
    let (c, h, a) = (clients.clone(), home.clone(), account_id.clone());
    spawn(&mut tasks, limit, async move {
        let value = s3::account_public_access_block(&c, &a, &h).await;
        vec![Update::global("s3_account_public_access_block", value, |g, v| g.s3_account_public_access_block = v)]
    });
    let (c, l) = (clients.clone(), Arc::clone(limit));
    spawn(&mut tasks, limit, async move {
        vec![Update::global("s3_buckets", s3::buckets(&c, &l).await, |g, v| g.s3_buckets = v)]
    });
    if scanned.is_empty() {
        // No list of trails from no region: that would read as "no trails".
        evidence.global.cloudtrail_trails = Fact::unavailable("no region of the scan is enabled for this account");
    } else {
        let (c, l, rs) = (clients.clone(), Arc::clone(limit), scanned.clone());
        spawn(&mut tasks, limit, async move {
            let trails = cloudtrail::trails(&c, &rs, &l).await;
            vec![Update::global("cloudtrail_trails", trails, |g, v| g.cloudtrail_trails = v)]
        });
    }
    let (c, a) = (clients.clone(), account_id.clone());
    spawn(&mut tasks, limit, async move {
        vec![Update::global("budgets", budgets::budgets(&c, &a).await, |g, v| g.budgets = v)]
    });
    let (c, h) = (clients.clone(), home.clone());
    spawn(&mut tasks, limit, async move {
        vec![
            Update::global("iam_password_policy", iam::password_policy(&c, &h).await, |g, v| g.iam_password_policy = v),
            Update::global("iam_identity_providers", iam::identity_providers(&c, &h).await, |g, v| {
                g.iam_identity_providers = v;
            }),
        ]
    });
    let c = clients.clone();
    spawn(&mut tasks, limit, async move {
        vec![Update::global("security_contact", account::security_contact(&c).await, |g, v| g.security_contact = v)]
    });

    // account-wide collectors: identity
    // account-wide collectors: threat
    // account-wide collectors: vuln
    // account-wide collectors: network
    // account-wide collectors: infra
    // account-wide collectors: data
    // account-wide collectors: resilience
    // account-wide collectors: governance

    finish(&shared, &account_id, pending, tasks, &mut evidence).await;
    evidence
}

/// Applies the collectors' results as they finish, reporting problems and finished regions.
async fn finish(
    shared: &Shared,
    account_id: &str,
    mut pending: BTreeMap<String, usize>,
    mut tasks: JoinSet<Vec<Update>>,
    evidence: &mut AccountEvidence,
) {
    while let Some(joined) = tasks.join_next().await {
        // A collector that panicked leaves its facts uncollected rather than stopping the scan.
        let Ok(updates) = joined else { continue };
        let mut regions_touched = BTreeSet::new();
        for update in updates {
            if let Some(detail) = &update.problem {
                shared.progress.event(Event::Problem {
                    account_id: account_id.to_owned(),
                    region: update.region.clone(),
                    fact: update.fact,
                    detail: detail.clone(),
                });
            }
            if let Some(region) = &update.region {
                regions_touched.insert(region.clone());
            }
            (update.apply)(evidence);
        }
        for region in regions_touched {
            if let Some(left) = pending.get_mut(&region) {
                *left = left.saturating_sub(1);
                if *left == 0 {
                    shared.progress.event(Event::RegionDone { account_id: account_id.to_owned(), region });
                }
            }
        }
    }
    shared.progress.event(Event::AccountDone { account_id: account_id.to_owned(), calls_so_far: shared.calls.total() });
}

/// The regions to scan in the account and the requested ones it has not enabled.
async fn regions(shared: &Shared, clients: &Clients, account_id: &str) -> (Vec<String>, Vec<String>) {
    let enabled = {
        let _permit = shared.limit.acquire().await;
        ec2::enabled_regions(clients, &shared.home_region).await
    };
    match (&shared.regions, enabled) {
        (RegionSelection::Enabled, Ok(enabled)) => (enabled, Vec::new()),
        (RegionSelection::Enabled, Err(problem)) => {
            // Without the list, scan where the calls go by default, and say so.
            shared.progress.event(Event::Problem {
                account_id: account_id.to_owned(),
                region: None,
                fact: "enabled_regions",
                detail: format!("{problem}; scanning {} only", shared.home_region),
            });
            (vec![shared.home_region.clone()], Vec::new())
        }
        (RegionSelection::List(wanted), Ok(enabled)) => wanted.iter().cloned().partition(|r| enabled.contains(r)),
        (RegionSelection::List(wanted), Err(_)) => (wanted.clone(), Vec::new()),
    }
}
