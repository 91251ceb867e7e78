//! The whole scan: who is calling, which accounts are in scope (the caller's, a list, or the
//! organization's active accounts), organization facts once, then every account concurrently
//! within the bound, into one bundle.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::Utc;
use maturity_evidence::{AccountEvidence, Bundle, Collector, Fact, OrganizationFacts, SCHEMA_VERSION, Scope};
use tokio::sync::Semaphore;
use tokio::task::{Id, JoinSet};

use crate::account::{self, Shared};
use crate::classify::Problem;
use crate::config::ScanConfig;
use crate::error::CollectError;
use crate::identity::{self, Caller};
use crate::options::{RegionSelection, ScanOptions};
use crate::progress::{Event, Progress};
use crate::services::organizations;
use crate::shard;

/// Runs [`scan`] on a runtime of its own, for callers that are not async.
///
/// # Errors
/// As [`scan`], or the runtime cannot start.
pub fn scan_blocking(options: &ScanOptions, progress: Arc<dyn Progress>) -> Result<Bundle, CollectError> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(CollectError::Runtime)?;
    runtime.block_on(scan(options, progress))
}

/// Scans the accounts the options name and returns the evidence bundle.
///
/// Everything that fails after the caller's identity is known is recorded in the bundle (as a
/// denied, unavailable or failed fact, or an unreachable account) and the scan goes on.
///
/// # Errors
/// Contradictory options; credentials that `sts:GetCallerIdentity` does not accept; in
/// organization mode, accounts that cannot be listed.
pub async fn scan(options: &ScanOptions, progress: Arc<dyn Progress>) -> Result<Bundle, CollectError> {
    validate(options)?;
    let collected_at = Utc::now();
    let config = ScanConfig::load(options).await;
    let home_region = config.default_region();
    let caller_clients = config.caller_clients();
    let caller =
        identity::caller(&caller_clients, &home_region).await.map_err(|p| CollectError::Identity(p.to_string()))?;

    // Organization facts are read once, from the caller's account. Outside organization mode
    // they are kept only when the caller may describe its organization.
    let org_facts = organizations::facts(&caller_clients, &home_region).await;
    let (organization, targets) = if options.organization {
        let targets = organization_targets(&org_facts, &options.accounts)?;
        (Some(org_facts), targets)
    } else {
        let targets = if options.accounts.is_empty() {
            vec![(caller.account_id.clone(), None)]
        } else {
            options.accounts.iter().map(|id| (id.clone(), None)).collect()
        };
        let organization = matches!(org_facts.organization, Fact::Ok(_)).then_some(org_facts);
        (organization, targets)
    };
    let (targets, shard) = shard::slice(options, organization.as_ref(), targets);
    progress.event(Event::Planned { accounts: targets.len() });

    let shared = Arc::new(Shared {
        limit: Arc::new(Semaphore::new(options.concurrency)),
        progress,
        calls: config.calls.clone(),
        regions: options.regions.clone(),
        home_region,
    });
    let mut running = JoinSet::new();
    let mut index_of = HashMap::new();
    for (index, (account_id, name)) in targets.iter().cloned().enumerate() {
        let (shared, config, caller, options) = (Arc::clone(&shared), config.clone(), caller.clone(), options.clone());
        let handle =
            running.spawn(async move { enter_and_scan(shared, &config, &caller, &options, account_id, name).await });
        index_of.insert(handle.id(), index);
    }
    let accounts = join_accounts(running, &index_of, &targets, &shared).await;

    let regions: BTreeSet<String> = accounts.iter().flat_map(|a| a.regions.keys().cloned()).collect();
    let (organization_id, management_account_id) = match organization.as_ref().map(|o| &o.organization) {
        Some(Fact::Ok(org)) => (Some(org.id.clone()), Some(org.management_account_id.clone())),
        _ => (None, None),
    };
    Ok(Bundle {
        schema_version: SCHEMA_VERSION,
        collector: Collector {
            tool: "maturity".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            collected_at,
            principal: Some(caller.arn.clone()),
        },
        scope: Scope {
            organization_id,
            management_account_id,
            accounts: targets.into_iter().map(|(id, _)| id).collect(),
            regions: regions.into_iter().collect(),
        },
        organization: shard::organization_facts(shard.as_ref(), organization),
        accounts,
        api_calls: config.calls.snapshot(),
        shard,
    })
}

fn validate(options: &ScanOptions) -> Result<(), CollectError> {
    if options.concurrency == 0 {
        return Err(CollectError::Options("--concurrency must be at least 1".to_owned()));
    }
    if options.organization && options.role_name.is_none() {
        return Err(CollectError::Options("--org needs --role: the role to assume in each account".to_owned()));
    }
    if !options.organization
        && !options.accounts.is_empty()
        && options.role_name.is_none()
        && options.accounts.len() > 1
    {
        return Err(CollectError::Options("scanning several --accounts needs --role (or --org)".to_owned()));
    }
    if let Some(bad) = options.accounts.iter().find(|a| a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit())) {
        return Err(CollectError::Options(format!("`{bad}` is not an AWS account id (twelve digits)")));
    }
    if let RegionSelection::List(regions) = &options.regions
        && regions.is_empty()
    {
        return Err(CollectError::Options("--regions names no region".to_owned()));
    }
    shard::validate(options)
}

/// The organization's active accounts (restricted to `only` when it is not empty), with names.
fn organization_targets(
    facts: &OrganizationFacts,
    only: &[String],
) -> Result<Vec<(String, Option<String>)>, CollectError> {
    let accounts = facts.accounts.get().map_err(|missing| CollectError::Organization(missing.to_string()))?;
    let active: Vec<_> = accounts.iter().filter(|a| a.status == "ACTIVE".into()).collect();
    // An account asked for by id that the organization does not have (or has suspended) is a
    // typo or a stale list: say so rather than scan less than was asked.
    let strangers: Vec<&str> =
        only.iter().filter(|id| !active.iter().any(|a| &a.id == *id)).map(String::as_str).collect();
    if !strangers.is_empty() {
        return Err(CollectError::Options(format!(
            "--accounts names accounts that are not active members of the organization: {}",
            strangers.join(", ")
        )));
    }
    Ok(active
        .into_iter()
        .filter(|a| only.is_empty() || only.contains(&a.id))
        .map(|a| (a.id.clone(), Some(a.name.clone())))
        .collect())
}

/// The accounts' scans, in the order of `targets` (`index_of`: each task's place in it). An
/// account whose scan panicked stays in the bundle, as an account the collector failed in: an
/// account in scope is never silently absent.
async fn join_accounts(
    mut running: JoinSet<AccountEvidence>,
    index_of: &HashMap<Id, usize>,
    targets: &[(String, Option<String>)],
    shared: &Shared,
) -> Vec<AccountEvidence> {
    let mut scanned: Vec<Result<AccountEvidence, String>> =
        std::iter::repeat_with(|| Err("the collector lost track of this account".to_owned()))
            .take(targets.len())
            .collect();
    while let Some(joined) = running.join_next_with_id().await {
        let (id, result) = match joined {
            Ok((id, evidence)) => (id, Ok(evidence)),
            Err(error) => (error.id(), Err(account::task_failure(error))),
        };
        if let Some(slot) = index_of.get(&id).and_then(|index| scanned.get_mut(*index)) {
            *slot = result;
        }
    }
    scanned
        .into_iter()
        .zip(targets)
        .map(|(result, (account_id, name))| {
            result.unwrap_or_else(|why| account::unreachable(account_id, name.clone(), Problem::Failed(why), shared))
        })
        .collect()
}

/// Enters one account (directly for the caller's, through the role otherwise) and scans it.
async fn enter_and_scan(
    shared: Arc<Shared>,
    config: &ScanConfig,
    caller: &Caller,
    options: &ScanOptions,
    account_id: String,
    name: Option<String>,
) -> AccountEvidence {
    if account_id == caller.account_id {
        return account::scan(shared, account_id, name, config.caller_clients()).await;
    }
    let Some(role_name) = options.role_name.as_deref() else {
        let problem = Problem::Failed(format!(
            "account {account_id} is not the caller's ({}) and no --role was given",
            caller.account_id
        ));
        return account::unreachable(&account_id, name, problem, &shared);
    };
    let entered = {
        let _permit = shared.limit.acquire().await;
        identity::assume_into(config, caller, &account_id, role_name, options.external_id.as_deref()).await
    };
    match entered {
        Ok(clients) => account::scan(shared, account_id, name, clients).await,
        Err(problem) => account::unreachable(&account_id, name, problem, &shared),
    }
}

#[cfg(test)]
mod tests {
    use maturity_evidence::OrgAccount;

    use super::*;

    fn invalid(options: &ScanOptions) -> String {
        match validate(options) {
            Err(error) => error.to_string(),
            Ok(()) => panic!("accepted {options:?}"),
        }
    }

    #[test]
    fn contradictory_options_are_refused_before_any_call() {
        assert!(invalid(&ScanOptions { concurrency: 0, ..ScanOptions::default() }).contains("--concurrency"));
        assert!(invalid(&ScanOptions { organization: true, ..ScanOptions::default() }).contains("--role"));
        let bad_id = ScanOptions { accounts: vec!["12345".into()], ..ScanOptions::default() };
        assert!(invalid(&bad_id).contains("`12345`"));
        let no_regions = ScanOptions { regions: RegionSelection::List(Vec::new()), ..ScanOptions::default() };
        assert!(invalid(&no_regions).contains("no region"));
        assert!(validate(&ScanOptions::default()).is_ok());
    }

    fn evidence_of(account_id: &str) -> AccountEvidence {
        AccountEvidence {
            account_id: account_id.to_owned(),
            name: None,
            access: maturity_evidence::AccountAccess::Granted,
            global: maturity_evidence::GlobalFacts::default(),
            regions: std::collections::BTreeMap::new(),
        }
    }

    fn explode(account_id: &str) -> AccountEvidence {
        panic!("no luck in {account_id}")
    }

    #[tokio::test]
    async fn an_account_whose_scan_panicked_stays_in_the_bundle_as_failed() {
        let shared = Shared {
            limit: Arc::new(Semaphore::new(2)),
            progress: Arc::new(crate::progress::Silent),
            calls: crate::calls::CallCounter::default(),
            regions: RegionSelection::Enabled,
            home_region: "us-east-1".to_owned(),
        };
        let targets = vec![
            ("111111111111".to_owned(), Some("prod".to_owned())),
            ("222222222222".to_owned(), Some("dev".to_owned())),
        ];
        let mut running = JoinSet::new();
        let first = running.spawn(async { explode("111111111111") }).id();
        let second = running.spawn(async { evidence_of("222222222222") }).id();
        let index_of = HashMap::from([(first, 0), (second, 1)]);

        let accounts = join_accounts(running, &index_of, &targets, &shared).await;

        let ids: Vec<&str> = accounts.iter().map(|a| a.account_id.as_str()).collect();
        assert_eq!(ids, ["111111111111", "222222222222"], "every account in scope is in the bundle, in order");
        assert_eq!(accounts[0].name.as_deref(), Some("prod"));
        assert!(
            matches!(&accounts[0].access, maturity_evidence::AccountAccess::Failed { error }
                if error == "the collector panicked: no luck in 111111111111"),
            "{:?}",
            accounts[0].access
        );
        assert_eq!(accounts[1].access, maturity_evidence::AccountAccess::Granted);
    }

    #[test]
    fn organization_targets_are_the_active_accounts_asked_for() {
        let account = |id: &str, status: &str| OrgAccount {
            id: id.to_owned(),
            name: format!("n{id}"),
            status: status.into(),
            parent_id: "r-1".to_owned(),
        };
        let facts = OrganizationFacts {
            accounts: Fact::Ok(vec![
                account("111111111111", "ACTIVE"),
                account("222222222222", "SUSPENDED"),
                account("333333333333", "ACTIVE"),
            ]),
            ..OrganizationFacts::default()
        };
        let all = organization_targets(&facts, &[]).unwrap_or_default();
        assert_eq!(all.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["111111111111", "333333333333"]);
        let only = organization_targets(&facts, &["333333333333".to_owned()]).unwrap_or_default();
        assert_eq!(only, vec![("333333333333".to_owned(), Some("n333333333333".to_owned()))]);
        let suspended = organization_targets(&facts, &["222222222222".to_owned()]);
        assert!(matches!(suspended, Err(CollectError::Options(ref m)) if m.contains("222222222222")), "{suspended:?}");
        let denied =
            OrganizationFacts { accounts: Fact::denied("organizations:ListAccounts"), ..OrganizationFacts::default() };
        assert!(organization_targets(&denied, &[]).is_err());
    }
}
