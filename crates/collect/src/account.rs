//! One account's scan: find its regions, then run every collector (one service in one region,
//! or one account-wide fact) as its own task within the scan's concurrency bound, and put
//! their facts together.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::future::Future;
use std::sync::Arc;

use maturity_evidence::{AccountAccess, AccountEvidence, Fact, GlobalFacts, RegionFacts};
use tokio::task::{Id, JoinError, JoinSet};

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

/// The collectors of one account, and the region each works in (`None`: account-wide), so that
/// one that panics can be told apart from the others.
#[derive(Default)]
struct Tasks {
    set: JoinSet<Vec<Update>>,
    /// The region of the collectors spawned from now on.
    region: Option<String>,
    region_of: HashMap<Id, Option<String>>,
}

impl Tasks {
    fn len(&self) -> usize {
        self.set.len()
    }
}

/// Runs `work` as its own task once a permit of the scan's bound is free.
fn spawn<F>(tasks: &mut Tasks, limit: &Limit, work: F)
where
    F: Future<Output = Vec<Update>> + Send + 'static,
{
    let limit = Arc::clone(limit);
    let handle = tasks.set.spawn(async move {
        // The semaphore is never closed; a closed one would leave the facts uncollected.
        let Ok(_permit) = limit.acquire_owned().await else { return Vec::new() };
        work.await
    });
    tasks.region_of.insert(handle.id(), tasks.region.clone());
}

/// What a task that did not finish means, in words: `the collector panicked: …`.
pub(crate) fn task_failure(error: JoinError) -> String {
    match error.try_into_panic() {
        Ok(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|m| (*m).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_owned());
            format!("the collector panicked: {message}")
        }
        Err(error) => format!("the collector was cancelled: {error}"),
    }
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
    let (scanned, not_enabled, enabled) = regions(&shared, &clients, &account_id).await;
    evidence.global.enabled_regions = enabled;
    for region in not_enabled {
        evidence.regions.insert(region, RegionFacts::all_unavailable(NOT_ENABLED));
    }

    let mut tasks = Tasks::default();
    let limit = &shared.limit;
    let home = shared.home_region.clone();
    // Collectors spawned per region: each region's `RegionDone` waits for all of them.
    let mut pending: BTreeMap<String, usize> = BTreeMap::new();
    for region in &scanned {
        let before = tasks.len();
        tasks.region = Some(region.clone());
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
            let findings = securityhub::critical_findings(&c, &r, &hub).await;
            vec![
                Update::region(&r, "securityhub_hub", hub, |f, v| f.securityhub_hub = v),
                Update::region(&r, "securityhub_standards", standards, |f, v| f.securityhub_standards = v),
                Update::region(&r, "securityhub_critical_findings", findings, |f, v| {
                    f.securityhub_critical_findings = v;
                }),
            ]
        });
        let (c, r, l) = (clients.clone(), region.clone(), Arc::clone(limit));
        spawn(&mut tasks, limit, async move {
            vec![Update::region(&r, "kms_keys", kms::keys(&c, &r, &l).await, |f, v| f.kms_keys = v)]
        });
        // regional collectors: identity
        {
            use crate::services::{accessanalyzer, cognito};
            region_task!(&mut tasks, limit, clients, region, accessanalyzer_analyzers, accessanalyzer::analyzers);
            let (c, r, l) = (clients.clone(), region.clone(), Arc::clone(limit));
            spawn(&mut tasks, limit, async move {
                let value = cognito::user_pools(&c, &r, &l).await;
                vec![Update::region(&r, "cognito_user_pools", value, |f, v| f.cognito_user_pools = v)]
            });
        }
        // regional collectors: threat
        {
            use crate::services::{detective, securitylake};
            let (c, r) = (clients.clone(), region.clone());
            spawn(&mut tasks, limit, async move {
                vec![
                    Update::region(&r, "detective_graphs", detective::graphs(&c, &r).await, |f, v| {
                        f.detective_graphs = v;
                    }),
                    Update::region(&r, "detective_memberships", detective::memberships(&c, &r).await, |f, v| {
                        f.detective_memberships = v;
                    }),
                ]
            });
            region_task!(&mut tasks, limit, clients, region, securitylake_data_lake, securitylake::data_lake);
        }
        // regional collectors: vuln
        let (c, r, a) = (clients.clone(), region.clone(), account_id.clone());
        spawn(&mut tasks, limit, async move {
            let value = crate::services::inspector2::status(&c, &r, &a).await;
            vec![Update::region(&r, "inspector_status", value, |f, v| f.inspector_status = v)]
        });
        region_task!(
            &mut tasks,
            limit,
            clients,
            region,
            ecr_registry_scanning,
            crate::services::ecr::registry_scanning
        );
        region_task!(&mut tasks, limit, clients, region, ecr_repositories, crate::services::ecr::repositories);
        region_task!(&mut tasks, limit, clients, region, lambda_functions, crate::services::lambda::functions);
        region_task!(
            &mut tasks,
            limit,
            clients,
            region,
            secretsmanager_secrets,
            crate::services::secretsmanager::secrets
        );
        // regional collectors: network
        let (c, r, l) = (clients.clone(), region.clone(), Arc::clone(limit));
        spawn(&mut tasks, limit, async move {
            let value = crate::services::apigateway::rest_apis(&c, &r, &l).await;
            vec![Update::region(&r, "apigateway_rest_apis", value, |f, v| f.apigateway_rest_apis = v)]
        });
        region_task!(&mut tasks, limit, clients, region, autoscaling_groups, crate::services::autoscaling::groups);
        // Load balancers and web ACLs together: each association is established from either side.
        let (c, r, l) = (clients.clone(), region.clone(), Arc::clone(limit));
        spawn(&mut tasks, limit, async move {
            use crate::services::{elbv2, wafv2};
            let mut lbs = elbv2::load_balancers(&c, &r, &l).await;
            let found = wafv2::web_acls(&c, &r, &l).await;
            let acls = wafv2::associate(&c, &r, &l, &mut lbs, found).await;
            vec![
                Update::region(&r, "elbv2_load_balancers", lbs, |f, v| f.elbv2_load_balancers = v),
                Update::region(&r, "wafv2_web_acls", acls, |f, v| f.wafv2_web_acls = v),
            ]
        });
        // regional collectors: infra
        {
            use crate::services::{cloudformation, imagebuilder, networkfirewall, route53resolver, ssm};
            region_task!(&mut tasks, limit, clients, region, ssm_managed_instances, ssm::managed_instances);
            let (c, r, l) = (clients.clone(), region.clone(), Arc::clone(limit));
            spawn(&mut tasks, limit, async move {
                let value = networkfirewall::firewalls(&c, &r, &l).await;
                vec![Update::region(&r, "network_firewalls", value, |f, v| f.network_firewalls = v)]
            });
            region_task!(
                &mut tasks,
                limit,
                clients,
                region,
                dns_firewall_associations,
                route53resolver::firewall_associations
            );
            region_task!(&mut tasks, limit, clients, region, verified_access_instances, ec2::verified_access_instances);
            region_task!(&mut tasks, limit, clients, region, imagebuilder_pipelines, imagebuilder::pipelines);
            region_task!(&mut tasks, limit, clients, region, cloudformation_stacks, cloudformation::stacks);
            region_task!(&mut tasks, limit, clients, region, ec2_subnets, ec2::subnets);
            region_task!(&mut tasks, limit, clients, region, ec2_route_tables, ec2::route_tables);
            region_task!(&mut tasks, limit, clients, region, ec2_transit_gateways, ec2::transit_gateways);
            region_task!(
                &mut tasks,
                limit,
                clients,
                region,
                ec2_transit_gateway_attachments,
                ec2::transit_gateway_attachments
            );
            region_task!(
                &mut tasks,
                limit,
                clients,
                region,
                ec2_instance_metadata_defaults,
                ec2::instance_metadata_defaults
            );
        }
        // regional collectors: data
        {
            use crate::services::{backup, bedrock, dynamodb, efs, macie};
            let (c, r, l) = (clients.clone(), region.clone(), Arc::clone(limit));
            spawn(&mut tasks, limit, async move {
                let found = efs::file_systems(&c, &r, &l).await;
                vec![Update::region(&r, "efs_file_systems", found, |f, v| f.efs_file_systems = v)]
            });
            let (c, r, l) = (clients.clone(), region.clone(), Arc::clone(limit));
            spawn(&mut tasks, limit, async move {
                vec![Update::region(&r, "backup_plans", backup::plans(&c, &r, &l).await, |f, v| f.backup_plans = v)]
            });
            region_task!(&mut tasks, limit, clients, region, backup_vaults, backup::vaults);
            region_task!(&mut tasks, limit, clients, region, backup_protected_resources, backup::protected_resources);
            let (c, r, l, a) = (clients.clone(), region.clone(), Arc::clone(limit), account_id.clone());
            spawn(&mut tasks, limit, async move {
                let tables = dynamodb::tables(&c, &r, &a, &l).await;
                vec![Update::region(&r, "dynamodb_tables", tables, |f, v| f.dynamodb_tables = v)]
            });
            let (c, r) = (clients.clone(), region.clone());
            spawn(&mut tasks, limit, async move {
                let found = macie::macie(&c, &r).await;
                vec![
                    Update::region(&r, "macie_session", found.session, |f, v| f.macie_session = v),
                    Update::region(&r, "macie_classification_jobs", found.jobs, |f, v| {
                        f.macie_classification_jobs = v;
                    }),
                    Update::region(&r, "macie_automated_discovery", found.automated_discovery, |f, v| {
                        f.macie_automated_discovery = v;
                    }),
                ]
            });
            region_task!(&mut tasks, limit, clients, region, bedrock_guardrails, bedrock::guardrails);
            region_task!(&mut tasks, limit, clients, region, bedrock_invocation_logging, bedrock::invocation_logging);
            region_task!(&mut tasks, limit, clients, region, bedrock_custom_models, bedrock::custom_models);
            region_task!(
                &mut tasks,
                limit,
                clients,
                region,
                bedrock_provisioned_throughputs,
                bedrock::provisioned_throughputs
            );
        }
        // regional collectors: resilience
        region_task!(&mut tasks, limit, clients, region, resiliencehub_apps, crate::services::resiliencehub::apps);
        region_task!(
            &mut tasks,
            limit,
            clients,
            region,
            fis_experiment_templates,
            crate::services::fis::experiment_templates
        );
        region_task!(&mut tasks, limit, clients, region, fis_experiments, crate::services::fis::experiments);
        region_task!(&mut tasks, limit, clients, region, drs_source_servers, crate::services::drs::source_servers);
        let (c, r, l) = (clients.clone(), region.clone(), Arc::clone(limit));
        spawn(&mut tasks, limit, async move {
            let rules = crate::services::eventbridge::rules(&c, &r, &l).await;
            vec![Update::region(&r, "eventbridge_rules", rules, |f, v| f.eventbridge_rules = v)]
        });
        // regional collectors: governance
        {
            use crate::services::auditmanager;
            region_task!(
                &mut tasks,
                limit,
                clients,
                region,
                config_conformance_packs,
                configservice::conformance_packs
            );
            let (c, r, l) = (clients.clone(), region.clone(), Arc::clone(limit));
            spawn(&mut tasks, limit, async move {
                let (rules, remediations) = configservice::rules_and_remediations(&c, &r, &l).await;
                vec![
                    Update::region(&r, "config_rules", rules, |f, v| f.config_rules = v),
                    Update::region(&r, "config_remediations", remediations, |f, v| f.config_remediations = v),
                ]
            });
            region_task!(&mut tasks, limit, clients, region, auditmanager, auditmanager::audit_manager);
            region_task!(&mut tasks, limit, clients, region, config_aggregators, configservice::aggregators);
        }
        pending.insert(region.clone(), tasks.len() - before);
    }
    tasks.region = None;

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
    let (c, h) = (clients.clone(), home.clone());
    spawn(&mut tasks, limit, async move {
        vec![Update::global("iam_roles", iam::roles(&c, &h).await, |g, v| g.iam_roles = v)]
    });
    let (c, h, l) = (clients.clone(), home.clone(), Arc::clone(limit));
    spawn(&mut tasks, limit, async move {
        let value = iam::customer_policies(&c, &h, &l).await;
        vec![Update::global("iam_customer_policies", value, |g, v| g.iam_customer_policies = v)]
    });
    let (c, h) = (clients.clone(), home.clone());
    spawn(&mut tasks, limit, async move {
        vec![Update::global("iam_principals", iam::principals(&c, &h).await, |g, v| g.iam_principals = v)]
    });
    // account-wide collectors: threat
    // account-wide collectors: vuln
    // account-wide collectors: network
    let c = clients.clone();
    spawn(&mut tasks, limit, async move {
        let value = crate::services::cloudfront::distributions(&c).await;
        vec![Update::global("cloudfront_distributions", value, |g, v| g.cloudfront_distributions = v)]
    });
    let (c, l) = (clients.clone(), Arc::clone(limit));
    spawn(&mut tasks, limit, async move {
        let value = crate::services::wafv2::cloudfront_web_acls(&c, &l).await;
        vec![Update::global("wafv2_cloudfront_web_acls", value, |g, v| g.wafv2_cloudfront_web_acls = v)]
    });
    let c = clients.clone();
    spawn(&mut tasks, limit, async move {
        let value = crate::services::shield::advanced(&c).await;
        vec![Update::global("shield_advanced", value, |g, v| g.shield_advanced = v)]
    });
    // account-wide collectors: infra
    // account-wide collectors: data
    // account-wide collectors: resilience
    // account-wide collectors: governance

    finish(&shared, &account_id, pending, tasks, &mut evidence).await;
    evidence
}

/// Applies the collectors' results as they finish, reporting problems and finished regions. A
/// collector that panicked leaves every fact it was to gather (those still uncollected in its
/// region, or account-wide) failed with the panic's message, never missing or partly filled.
async fn finish(
    shared: &Shared,
    account_id: &str,
    mut pending: BTreeMap<String, usize>,
    mut tasks: Tasks,
    evidence: &mut AccountEvidence,
) {
    let mut stopped: Vec<(Option<String>, String)> = Vec::new();
    while let Some(joined) = tasks.set.join_next_with_id().await {
        let mut regions_touched = BTreeSet::new();
        match joined {
            Ok((_, updates)) => {
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
            }
            Err(error) => {
                let region = tasks.region_of.get(&error.id()).cloned().flatten();
                let why = task_failure(error);
                shared.progress.event(Event::Problem {
                    account_id: account_id.to_owned(),
                    region: region.clone(),
                    fact: "collector",
                    detail: why.clone(),
                });
                regions_touched.extend(region.clone());
                stopped.push((region, why));
            }
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
    // Only now: the other collectors of the same region have filled their facts.
    for (region, why) in stopped {
        match region {
            Some(region) => evidence.regions.entry(region).or_default().fail_not_collected(&why),
            None => evidence.global.fail_not_collected(&why),
        }
    }
    shared.progress.event(Event::AccountDone { account_id: account_id.to_owned(), calls_so_far: shared.calls.total() });
}

/// The regions to scan in the account, the requested ones it has not enabled, and the
/// `enabled_regions` fact (`ec2:DescribeRegions`).
async fn regions(
    shared: &Shared,
    clients: &Clients,
    account_id: &str,
) -> (Vec<String>, Vec<String>, Fact<Vec<String>>) {
    let enabled = {
        let _permit = shared.limit.acquire().await;
        ec2::enabled_regions(clients, &shared.home_region).await
    };
    let (scanned, not_enabled) = match (&shared.regions, &enabled) {
        (RegionSelection::Enabled, Ok(enabled)) => (enabled.clone(), Vec::new()),
        (RegionSelection::List(wanted), Ok(enabled)) => wanted.iter().cloned().partition(|r| enabled.contains(r)),
        (selection, Err(problem)) => {
            // Without the list, scan what can be scanned (the regions asked for, or where the
            // calls go by default), say so, and record that the list could not be read.
            let scanned = match selection {
                RegionSelection::Enabled => vec![shared.home_region.clone()],
                RegionSelection::List(wanted) => wanted.clone(),
            };
            shared.progress.event(Event::Problem {
                account_id: account_id.to_owned(),
                region: None,
                fact: "enabled_regions",
                detail: format!("{problem}; scanning {} only", scanned.join(", ")),
            });
            (scanned, Vec::new())
        }
    };
    (scanned, not_enabled, crate::classify::fact(enabled))
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use tokio::sync::Semaphore;

    use super::*;
    use crate::replay_tests::{XML, replaying, response};

    /// Keeps every event, to see what the scan reported.
    #[derive(Default)]
    struct Recorder(Mutex<Vec<Event>>);

    impl Progress for Recorder {
        fn event(&self, event: Event) {
            self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(event);
        }
    }

    fn shared(regions: RegionSelection, progress: Arc<dyn Progress>) -> Shared {
        Shared {
            limit: Arc::new(Semaphore::new(4)),
            progress,
            calls: CallCounter::default(),
            regions,
            home_region: "us-east-1".to_owned(),
        }
    }

    fn empty_account() -> AccountEvidence {
        AccountEvidence {
            account_id: "111111111111".to_owned(),
            name: None,
            access: AccountAccess::Granted,
            global: GlobalFacts::default(),
            regions: BTreeMap::from([("eu-west-1".to_owned(), RegionFacts::default())]),
        }
    }

    fn explode(message: &str) -> Vec<Update> {
        panic!("{message}")
    }

    #[tokio::test]
    async fn a_collector_that_panics_leaves_failed_facts_and_its_region_still_finishes() {
        let recorder = Arc::new(Recorder::default());
        let shared = shared(RegionSelection::Enabled, Arc::clone(&recorder) as Arc<dyn Progress>);
        let limit = Arc::clone(&shared.limit);
        let mut tasks = Tasks { region: Some("eu-west-1".to_owned()), ..Tasks::default() };
        spawn(&mut tasks, &limit, async {
            vec![Update::region("eu-west-1", "ec2_vpcs", Fact::Ok(Vec::new()), |f, v| f.ec2_vpcs = v)]
        });
        spawn(&mut tasks, &limit, async { explode("regional boom") });
        tasks.region = None;
        spawn(&mut tasks, &limit, async { explode("global boom") });
        let pending = BTreeMap::from([("eu-west-1".to_owned(), 2)]);
        let mut evidence = empty_account();

        finish(&shared, "111111111111", pending, tasks, &mut evidence).await;

        let region = &evidence.regions["eu-west-1"];
        assert_eq!(region.ec2_vpcs, Fact::Ok(Vec::new()), "the other collector's fact is kept");
        assert!(
            matches!(&region.ec2_instances, Fact::Failed { error } if error == "the collector panicked: regional boom"),
            "{:?}",
            region.ec2_instances
        );
        assert!(
            matches!(&evidence.global.iam_roles, Fact::Failed { error } if error.contains("panicked: global boom")),
            "{:?}",
            evidence.global.iam_roles
        );
        let events = recorder.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        assert!(
            events.iter().any(|e| matches!(e, Event::RegionDone { region, .. } if region == "eu-west-1")),
            "{events:?}"
        );
    }

    const REGIONS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><regionInfo><item><regionName>us-east-1</regionName><regionEndpoint>ec2.us-east-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item><item><regionName>eu-west-1</regionName><regionEndpoint>ec2.eu-west-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item></regionInfo></DescribeRegionsResponse>"#;

    #[tokio::test]
    async fn enabled_regions_are_recorded_and_scanned() {
        let (clients, _calls, _replay) = replaying(vec![response(200, &[XML], REGIONS)]);
        let shared = shared(RegionSelection::Enabled, Arc::new(crate::progress::Silent));
        let (scanned, not_enabled, fact) = regions(&shared, &clients, "111111111111").await;
        assert_eq!(scanned, ["eu-west-1", "us-east-1"]);
        assert!(not_enabled.is_empty());
        assert_eq!(fact, Fact::Ok(vec!["eu-west-1".to_owned(), "us-east-1".to_owned()]));
    }

    #[tokio::test]
    async fn regions_that_could_not_be_listed_are_recorded_as_such() {
        let denied = response(
            403,
            &[XML],
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>c</RequestID></Response>"#,
        );
        let (clients, _calls, _replay) = replaying(vec![denied]);
        let denying = shared(RegionSelection::Enabled, Arc::new(crate::progress::Silent));
        let (scanned, _, fact) = regions(&denying, &clients, "111111111111").await;
        assert_eq!(scanned, ["us-east-1"], "the home region is still scanned");
        assert_eq!(fact, Fact::denied("ec2:DescribeRegions"));

        let failed = response(
            400,
            &[XML],
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>Something went wrong.</Message></Error></Errors><RequestID>d</RequestID></Response>"#,
        );
        let (clients, _calls, _replay) = replaying(vec![failed]);
        let wanted = RegionSelection::List(vec!["eu-west-1".to_owned(), "us-east-1".to_owned()]);
        let failing = shared(wanted, Arc::new(crate::progress::Silent));
        let (scanned, not_enabled, fact) = regions(&failing, &clients, "111111111111").await;
        assert_eq!(scanned, ["eu-west-1", "us-east-1"], "the regions asked for are still scanned");
        assert!(not_enabled.is_empty());
        assert!(matches!(&fact, Fact::Failed { error } if error.contains("InvalidParameterValue")), "{fact:?}");
    }
}
