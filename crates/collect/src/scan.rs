//! The whole scan: who is calling, which accounts are in scope (the caller's, a list, or the
//! organization's active accounts), organization facts once, then the accounts concurrently (a
//! bounded number at a time, each within its own bound and all within the scan's), into one
//! bundle, held in memory ([`scan`]) or written from disk ([`scan_to_file`]).

use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use chrono::Utc;
use maturity_evidence::{
    AccountEvidence, Bundle, Collector, Coverage, Fact, OrganizationFacts, SCHEMA_VERSION, Scope, Shard, write_pretty,
};
use tokio::sync::Semaphore;
use tokio::task::{Id, JoinSet};

use crate::account::{self, Shared};
use crate::calls::Attempts;
use crate::classify::Problem;
use crate::config::ScanConfig;
use crate::error::CollectError;
use crate::identity::{self, Caller};
use crate::options::{RegionSelection, ScanOptions};
use crate::progress::{Event, Progress};
use crate::services::organizations::{self, Depth};
use crate::shard;
use crate::spool::{InMemory, OnDisk, Spool};

/// Runs `work` (a scan) on a runtime of its own, for callers that are not async.
///
/// # Errors
/// As the scan, or the runtime cannot start.
pub fn blocking<T>(work: impl Future<Output = Result<T, CollectError>>) -> Result<T, CollectError> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(CollectError::Runtime)?;
    runtime.block_on(work)
}

/// Runs [`scan`] on a runtime of its own, for callers that are not async.
///
/// # Errors
/// As [`scan`], or the runtime cannot start.
pub fn scan_blocking(options: &ScanOptions, progress: Arc<dyn Progress>) -> Result<Bundle, CollectError> {
    blocking(scan(options, progress))
}

/// Scans the accounts the options name and returns the evidence bundle, held in memory.
///
/// Everything that fails after the caller's identity is known is recorded in the bundle (as a
/// denied, unavailable or failed fact, or an unreachable account) and the scan goes on.
///
/// # Errors
/// Contradictory options; credentials that `sts:GetCallerIdentity` does not accept; in
/// organization mode, accounts that cannot be listed.
pub async fn scan(options: &ScanOptions, progress: Arc<dyn Progress>) -> Result<Bundle, CollectError> {
    let mut kept = InMemory::default();
    let (mut bundle, _, _) = run(options, progress, &mut kept).await?;
    bundle.accounts = kept.into_accounts();
    Ok(bundle)
}

/// What a scan written to a file holds, for its summary line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Accounts in the bundle.
    pub accounts: usize,
    /// Regions with facts.
    pub regions: usize,
    /// API calls made (pages; retries not counted).
    pub api_calls: u64,
    /// Retries and throttled attempts of those calls.
    pub attempts: Attempts,
    /// Facts by state, and the accounts that could not be entered.
    pub coverage: Coverage,
    /// Which slice of the organization, for a sharded scan.
    pub shard: Option<Shard>,
}

/// Scans as [`scan`] does and writes the bundle to `out` (pretty JSON, the same bytes as the
/// bundle [`scan`] returns), keeping each finished account on disk rather than in memory: the
/// memory a scan needs grows with the accounts scanned at once, not with the organization. The
/// file appears only once complete (written beside it, then renamed).
///
/// # Errors
/// As [`scan`]; or the accounts cannot be kept in a temporary file, or `out` cannot be written.
pub async fn scan_to_file(
    options: &ScanOptions,
    progress: Arc<dyn Progress>,
    out: &Path,
) -> Result<Written, CollectError> {
    let mut spool = OnDisk::new().map_err(CollectError::Spool)?;
    let (head, coverage, attempts) = run(options, progress, &mut spool).await?;
    let written = Written {
        accounts: head.scope.accounts.len(),
        regions: head.scope.regions.len(),
        api_calls: head.api_calls.values().sum(),
        attempts,
        coverage,
        shard: head.shard.clone(),
    };
    let failed = |source| CollectError::Write { path: out.display().to_string(), source };
    // Whole or not at all: a killed scan leaves the previous bundle (maturity_input::atomic).
    maturity_input::write_atomically_with(out, |writer| {
        write_pretty(&mut *writer, &head, spool.accounts())?;
        writer.write_all(b"\n")
    })
    .map_err(failed)?;
    Ok(written)
}

/// The scan itself: the bundle without its accounts, which go to `spool` as they finish, the
/// coverage of the facts, and the attempts the calls took.
async fn run(
    options: &ScanOptions,
    progress: Arc<dyn Progress>,
    spool: &mut dyn Spool,
) -> Result<(Bundle, Coverage, Attempts), CollectError> {
    validate(options)?;
    let collected_at = Utc::now();
    let config = ScanConfig::load(options).await;
    if options.static_credentials.is_none() {
        crate::credentials::found(&config.sdk, options.profile.as_deref()).await?;
    }
    let home_region = config.default_region();
    let caller_clients = config.caller_clients();
    let caller =
        identity::caller(&caller_clients, &home_region).await.map_err(|p| CollectError::Identity(p.to_string()))?;

    // Organization facts are read once, from the caller's account. Outside organization mode
    // they are kept only when the caller may describe its organization.
    let depth = if shard::keeps_organization_facts(options) { Depth::Whole } else { Depth::AccountsOnly };
    let org_facts = organizations::facts(&caller_clients, &home_region, depth).await;
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
    // Every shard names the organization; only the first carries its facts.
    let (organization_id, management_account_id) = match organization.as_ref().map(|o| &o.organization) {
        Some(Fact::Ok(org)) => (Some(org.id.clone()), Some(org.management_account_id.clone())),
        _ => (None, None),
    };
    let organization = shard::organization_facts(shard.as_ref(), organization);
    progress.event(Event::Planned { accounts: targets.len() });

    let shared = Arc::new(Shared {
        limit: Arc::new(Semaphore::new(options.concurrency)),
        per_account: options.per_account,
        progress,
        calls: config.calls.clone(),
        regions: options.regions.clone(),
        home_region,
    });
    let mut coverage = Coverage::default();
    if let Some(organization) = &organization {
        coverage.add_organization(organization);
    }
    let at_once = accounts_at_once(options);
    let regions = each_account(&targets, at_once, &shared, spool, &mut coverage, |account_id, name| {
        let (shared, config, caller, options) = (Arc::clone(&shared), config.clone(), caller.clone(), options.clone());
        async move { enter_and_scan(shared, &config, &caller, &options, account_id, name).await }
    })
    .await?;

    let bundle = Bundle {
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
        organization,
        accounts: Vec::new(),
        api_calls: config.calls.snapshot(),
        shard,
    };
    Ok((bundle, coverage, config.calls.attempts()))
}

/// Accounts scanned at once: enough to keep every permit of the scan busy while some accounts
/// finish their last collectors, and no more, since each holds its pending collectors.
fn accounts_at_once(options: &ScanOptions) -> usize {
    options.concurrency.div_ceil(options.per_account.max(1)).saturating_mul(2).max(1)
}

/// Scans every target with `scan_one`, `at_once` at a time, handing each finished account to
/// `spool`; returns the regions with facts. An account whose scan panicked is kept as an account
/// the collector failed in: an account in scope is never silently absent.
async fn each_account<F, Fut>(
    targets: &[(String, Option<String>)],
    at_once: usize,
    shared: &Shared,
    spool: &mut dyn Spool,
    coverage: &mut Coverage,
    mut scan_one: F,
) -> Result<BTreeSet<String>, CollectError>
where
    F: FnMut(String, Option<String>) -> Fut,
    Fut: Future<Output = AccountEvidence> + Send + 'static,
{
    let mut running = JoinSet::new();
    let mut index_of: HashMap<Id, usize> = HashMap::new();
    let mut waiting = targets.iter().cloned().enumerate();
    let mut regions = BTreeSet::new();
    loop {
        while running.len() < at_once {
            let Some((index, (account_id, name))) = waiting.next() else { break };
            index_of.insert(running.spawn(scan_one(account_id, name)).id(), index);
        }
        let Some(joined) = running.join_next_with_id().await else { break };
        let (id, result) = match joined {
            Ok((id, evidence)) => (id, Ok(evidence)),
            Err(error) => (error.id(), Err(account::task_failure(error))),
        };
        let Some((index, (account_id, name))) = index_of.remove(&id).and_then(|i| Some((i, targets.get(i)?))) else {
            continue;
        };
        let evidence =
            result.unwrap_or_else(|why| account::unreachable(account_id, name.clone(), Problem::Failed(why), shared));
        coverage.add_account(&evidence);
        regions.extend(evidence.regions.keys().cloned());
        spool.keep(index, evidence).map_err(CollectError::Spool)?;
    }
    Ok(regions)
}

fn validate(options: &ScanOptions) -> Result<(), CollectError> {
    if options.concurrency == 0 {
        return Err(CollectError::Options("--concurrency must be at least 1".to_owned()));
    }
    if options.per_account == 0 {
        return Err(CollectError::Options("--per-account must be at least 1".to_owned()));
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

    fn shared() -> Shared {
        Shared {
            limit: Arc::new(Semaphore::new(2)),
            per_account: 2,
            progress: Arc::new(crate::progress::Silent),
            calls: crate::calls::CallCounter::default(),
            regions: RegionSelection::Enabled,
            home_region: "us-east-1".to_owned(),
        }
    }

    #[tokio::test]
    async fn an_account_whose_scan_panicked_stays_in_the_bundle_as_failed() -> Result<(), CollectError> {
        let targets = vec![
            ("111111111111".to_owned(), Some("prod".to_owned())),
            ("222222222222".to_owned(), Some("dev".to_owned())),
        ];
        let mut kept = InMemory::default();
        let mut coverage = Coverage::default();
        each_account(&targets, 2, &shared(), &mut kept, &mut coverage, |id, _| async move {
            if id == "111111111111" { explode(&id) } else { evidence_of(&id) }
        })
        .await?;

        let accounts = kept.into_accounts();
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
        assert_eq!(coverage.accounts_unreachable, 1);
        Ok(())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn accounts_are_scanned_a_bounded_number_at_a_time_and_kept_in_order() -> Result<(), CollectError> {
        let targets: Vec<(String, Option<String>)> = (0..12).map(|i| (format!("{:012}", 100 + i), None)).collect();
        let running = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let peak = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut kept = InMemory::default();
        let mut coverage = Coverage::default();
        each_account(&targets, 3, &shared(), &mut kept, &mut coverage, |id, _| {
            let (running, peak) = (Arc::clone(&running), Arc::clone(&peak));
            async move {
                let now = running.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                peak.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                // Later accounts finish first: the order must come from the targets.
                let wait = 30 - id[10..].parse::<u64>().unwrap_or(0);
                tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
                running.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                evidence_of(&id)
            }
        })
        .await?;
        let ids: Vec<String> = kept.into_accounts().into_iter().map(|a| a.account_id).collect();
        assert_eq!(ids, targets.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>());
        let peak = peak.load(std::sync::atomic::Ordering::SeqCst);
        assert!((2..=3).contains(&peak), "at most 3 accounts at once, and more than one: {peak}");
        Ok(())
    }

    #[test]
    fn accounts_at_once_keep_every_permit_busy() {
        let options = |concurrency, per_account| ScanOptions { concurrency, per_account, ..ScanOptions::default() };
        assert_eq!(accounts_at_once(&options(64, 8)), 16);
        assert_eq!(accounts_at_once(&options(16, 16)), 2);
        assert_eq!(accounts_at_once(&options(1, 8)), 2);
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
