//! One account's scan: find its regions, then run every collector of the table in `collectors`
//! (the regional ones in each scanned region, then the account-wide ones) as its own task within
//! the account's bound and the scan's, and put their facts together.
//!
//! AWS throttles each account on its own, so the scan bounds the collectors running in one
//! account (`per_account`) as well as in all (`limit`): many accounts at a moderate pace each,
//! rather than one account hammered. The account's bound is taken first, so a collector waiting
//! for it holds nothing another account could use.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::future::Future;
use std::sync::Arc;

use maturity_evidence::{AccountAccess, AccountEvidence, Fact, GlobalFacts, RegionFacts};
use tokio::sync::Semaphore;
use tokio::task::{Id, JoinError, JoinSet};

use crate::calls::CallCounter;
use crate::classify::Problem;
use crate::collector::{Context, Scope, Update};
use crate::collectors::COLLECTORS;
use crate::config::Clients;
use crate::options::RegionSelection;
use crate::progress::{Event, Progress};
use crate::services::{Limit, ec2};

/// What every account's scan shares.
pub(crate) struct Shared {
    /// Collectors running at once in the whole scan.
    pub(crate) limit: Limit,
    /// Collectors running at once in one account.
    pub(crate) per_account: usize,
    pub(crate) progress: Arc<dyn Progress>,
    pub(crate) calls: CallCounter,
    pub(crate) regions: RegionSelection,
    /// Where account-wide calls go.
    pub(crate) home_region: String,
}

/// A region that the account has not enabled.
const NOT_ENABLED: &str = "the region is not enabled for this account";

/// The collectors running in one account, with where each works and what it fills, so that one
/// that panics can be told apart from the others.
#[derive(Default)]
struct Tasks {
    set: JoinSet<Vec<Update>>,
    spawned: HashMap<Id, Spawned>,
}

/// One running collector: its name, where it works (`None`: account-wide) and the facts it declares.
struct Spawned {
    name: &'static str,
    region: Option<String>,
    facts: &'static [&'static str],
}

impl Tasks {
    /// Runs the work of the collector `name` as its own task once a permit of the account's bound
    /// (`account`) and then one of the scan's (`limit`) are free.
    fn spawn<F>(
        &mut self,
        (account, limit): (&Limit, &Limit),
        region: Option<&str>,
        (name, facts): (&'static str, &'static [&'static str]),
        work: F,
    ) where
        F: Future<Output = Vec<Update>> + Send + 'static,
    {
        let (account, limit) = (Arc::clone(account), Arc::clone(limit));
        let handle = self.set.spawn(async move {
            // The semaphores are never closed; a closed one would leave the facts uncollected.
            let Ok(_in_account) = account.acquire_owned().await else { return Vec::new() };
            let Ok(_permit) = limit.acquire_owned().await else { return Vec::new() };
            work.await
        });
        self.spawned.insert(handle.id(), Spawned { name, region: region.map(str::to_owned), facts });
    }
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

    let account_wide = Context {
        clients,
        account_id: account_id.clone(),
        region: shared.home_region.clone(),
        scanned_regions: scanned.iter().cloned().collect(),
        limit: Arc::clone(&shared.limit),
    };
    let of_scope = |scope| COLLECTORS.iter().filter(move |collector| collector.scope == scope);
    let in_account: Limit = Arc::new(Semaphore::new(shared.per_account));
    let bounds = (&in_account, &shared.limit);
    let mut tasks = Tasks::default();
    // Collectors spawned per region: each region's `RegionDone` waits for all of them.
    let mut pending: BTreeMap<String, usize> = BTreeMap::new();
    for region in &scanned {
        evidence.regions.insert(region.clone(), RegionFacts::default());
        let here = Context { region: region.clone(), ..account_wide.clone() };
        for collector in of_scope(Scope::Regional) {
            tasks.spawn(bounds, Some(region), collector.declared(), (collector.collect)(here.clone()));
        }
        pending.insert(region.clone(), of_scope(Scope::Regional).count());
    }
    for collector in of_scope(Scope::AccountWide) {
        tasks.spawn(bounds, None, collector.declared(), (collector.collect)(account_wide.clone()));
    }

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
            Ok((id, updates)) => {
                let spawned = tasks.spawned.get(&id);
                for update in updates {
                    debug_assert!(
                        spawned.is_some_and(|s| s.facts.contains(&update.fact)),
                        "`{}` is filled by the collector `{}`, which does not declare it",
                        update.fact,
                        spawned.map_or("?", |s| s.name),
                    );
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
                let region = tasks.spawned.get(&error.id()).and_then(|spawned| spawned.region.clone());
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
            per_account: 4,
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
        let in_account: Limit = Arc::new(Semaphore::new(4));
        let bounds = (&in_account, &limit);
        let mut tasks = Tasks::default();
        tasks.spawn(bounds, Some("eu-west-1"), ("ec2_vpcs", &["ec2_vpcs"]), async {
            vec![Update::regional("eu-west-1", "ec2_vpcs", Fact::Ok(Vec::new()), |f, v| f.ec2_vpcs = v)]
        });
        tasks.spawn(bounds, Some("eu-west-1"), ("ec2_instances", &["ec2_instances"]), async {
            explode("regional boom")
        });
        tasks.spawn(bounds, None, ("iam_roles", &["iam_roles"]), async { explode("global boom") });
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
