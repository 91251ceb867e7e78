//! Faults between the collector and AWS: a scan of the emulator through a fault-injecting proxy
//! (`support::faults`) always finishes, records each fault as the fact's state (denied or failed,
//! never `ok` with part of a list), and never turns a fault into a better verdict: after
//! `assess`, a control's status is the clean scan's or `unknown`, and no check passes or calls
//! itself not applicable on evidence it could not read.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use maturity_assess::{Answers, Config, Exceptions, Settings, Status};
use maturity_checks::FindingStatus;
use maturity_collect::{Retries, ScanOptions, Silent, Timeouts};
use maturity_evidence::Bundle;
use maturity_model::Catalogs;
use support::faults::{Fault, FaultProxy, Rule};
use support::moto::Moto;
use support::seed;

const REGIONS: &[&str] = &["us-east-1", "eu-west-1", "ap-southeast-2"];
/// The longest a scan of one account in one region may take when every call it makes fails
/// (each call is retried after a backoff).
const ALL_FAULTED_BOUND: Duration = Duration::from_secs(90);
/// One attempt's time limit in these tests: a hung call costs this much. The emulator answers
/// one request at a time and takes seconds for some on a busy machine: less would make it look
/// hung.
const ATTEMPT: Duration = Duration::from_secs(10);
/// The attempt time limit when every call is faulted by the proxy (the emulator is not asked).
const FAULTED_ATTEMPT: Duration = Duration::from_secs(2);
/// The calls a scan cannot start without: who the caller is.
const IDENTITY: &[&str] = &["sts:GetCallerIdentity"];

/// Scan options through `endpoint`, with quick retries (the defaults wait seconds between
/// attempts, which would only make these tests slow) and `attempt` as each attempt's limit.
fn options_with(endpoint: String, moto: &Moto, attempt: Duration) -> ScanOptions {
    ScanOptions {
        endpoint_url: Some(endpoint),
        timeouts: Timeouts { connect: Duration::from_secs(2), attempt, operation: attempt * 4 },
        retries: Retries {
            attempts: 4,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(80),
        },
        concurrency: 16,
        ..support::scan::options(moto, REGIONS)
    }
}

fn options(endpoint: String, moto: &Moto) -> ScanOptions {
    options_with(endpoint, moto, ATTEMPT)
}

async fn scan(options: &ScanOptions) -> (Bundle, Duration) {
    let start = Instant::now();
    let bundle = maturity_collect::scan(options, Arc::new(Silent)).await.unwrap_or_else(|e| panic!("scan: {e}"));
    (bundle, start.elapsed())
}

/// The bundle without what differs between two scans of the same state.
fn comparable(mut bundle: Bundle) -> Bundle {
    bundle.collector.collected_at = chrono::DateTime::UNIX_EPOCH;
    bundle.api_calls.clear();
    bundle
}

/// The bundle as JSON, comparable between two scans of the same state: timestamps and call
/// counts cleared, and the message of each failed fact (the state stays).
fn without_error_messages(bundle: &Bundle) -> serde_json::Value {
    fn clear(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(failed)) = map.get_mut("failed") {
                    failed.insert("error".to_owned(), serde_json::Value::Null);
                }
                map.values_mut().for_each(clear);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(clear),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(comparable(bundle.clone())).unwrap();
    clear(&mut value);
    value
}

/// A moto server with one seeded account.
async fn seeded() -> Moto {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "us-east-1");
    seed::seed_account(&sdk, "solo").await;
    moto
}

/// What `assess` makes of a bundle, with no answers or exceptions: each control's status, and
/// each check's findings per status.
struct Verdicts {
    controls: BTreeMap<String, Status>,
    findings: BTreeMap<(String, FindingStatus), usize>,
}

fn verdicts(bundle: &Bundle) -> Verdicts {
    let catalogs = Catalogs::builtin().unwrap_or_else(|e| panic!("{e:?}"));
    let (answers, exceptions, config) = (Answers::default(), Exceptions::default(), Config::default());
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let settings = Settings { catalogs, answers: &answers, exceptions: &exceptions, config: &config, as_of };
    let assessment = maturity_assess::assess(&settings, bundle);
    let mut findings = BTreeMap::new();
    for finding in &assessment.findings {
        *findings.entry((finding.finding.check.to_string(), finding.finding.status)).or_insert(0) += 1;
    }
    Verdicts { controls: assessment.aws_smm.controls.iter().map(|c| (c.id.clone(), c.status)).collect(), findings }
}

/// The controls whose status moved after the fault (each must have become `unknown`, or it is
/// added to `problems`).
fn only_toward_unknown(clean: &Verdicts, faulted: &Verdicts, fault: &str, problems: &mut Vec<String>) -> usize {
    let mut moved = 0;
    for (id, before) in &clean.controls {
        let after = faulted.controls.get(id).copied().unwrap_or(Status::Unknown);
        if after != *before && after != Status::Unknown {
            problems.push(format!("{fault}: control {id} moved from {before:?} to {after:?}"));
        }
        moved += usize::from(after != *before);
    }
    moved
}

/// Fact states anywhere in a JSON value (facts inside facts included).
fn fact_states(value: &serde_json::Value, states: &mut BTreeMap<String, usize>) {
    match value {
        serde_json::Value::Object(map) => {
            if map.len() == 1
                && let Some((state, inner)) = map.iter().next()
                && ["ok", "denied", "unavailable", "failed"].contains(&state.as_str())
            {
                *states.entry(state.clone()).or_insert(0) += 1;
                fact_states(inner, states);
                return;
            }
            map.values().for_each(|v| fact_states(v, states));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| fact_states(v, states)),
        _ => {}
    }
}

fn states_of(value: &impl serde::Serialize) -> BTreeMap<String, usize> {
    let mut states = BTreeMap::new();
    fact_states(&serde_json::to_value(value).unwrap(), &mut states);
    states
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_class_is_recorded_and_never_improves_a_verdict() {
    let moto = seeded().await;
    // One region: every call failing is slow by design (retries after a backoff).
    let one_region = |endpoint: String, attempt| ScanOptions {
        regions: maturity_collect::RegionSelection::List(vec!["us-east-1".to_owned()]),
        ..options_with(endpoint, &moto, attempt)
    };
    let (clean, clean_time) = scan(&one_region(moto.endpoint(), ATTEMPT)).await;
    let clean_verdicts = verdicts(&clean);
    let clean_states = states_of(&clean.accounts);
    assert!(clean_states.get("ok").is_some_and(|n| *n > 50), "the clean scan reads facts: {clean_states:?}");
    eprintln!("clean: {clean_time:.1?}, facts {clean_states:?}");

    let classes = [
        (Fault::Throttle, "failed"),
        (Fault::Bare429, "failed"),
        (Fault::Bare503, "failed"),
        (Fault::ServerError, "failed"),
        (Fault::Reset, "failed"),
        (Fault::Truncate, "failed"),
        (Fault::Garble, "failed"),
        (Fault::Deny, "denied"),
    ];
    let mut problems = Vec::new();
    for (fault, recorded) in classes {
        let proxy =
            FaultProxy::start(&moto.endpoint(), vec![Rule { spare: IDENTITY, ..Rule::all(fault.clone()) }]).await;
        let (bundle, took) = scan(&one_region(proxy.endpoint(), FAULTED_ATTEMPT)).await;
        let name = format!("{fault:?}");
        let states = states_of(&bundle.accounts);
        assert_eq!(states.get("ok"), None, "{name}: every call was faulted, yet facts were read: {states:?}");
        assert!(states.get(recorded).is_some_and(|n| *n > 0), "{name}: facts should be {recorded}: {states:?}");
        let faulted = verdicts(&bundle);
        for ((check, status), count) in &faulted.findings {
            if matches!(status, FindingStatus::Pass | FindingStatus::NotApplicable) {
                problems.push(format!(
                    "{name}: check {check} has {count} {status:?} finding(s) on evidence it could not read"
                ));
            }
        }
        let moved = only_toward_unknown(&clean_verdicts, &faulted, &name, &mut problems);
        assert!(took < ALL_FAULTED_BOUND, "{name}: the scan took {took:.1?} (clean {clean_time:.1?})");
        eprintln!(
            "{name}: {} requests, {} faulted, {took:.1?}; facts {states:?}; {} controls moved to unknown",
            proxy.requests(),
            proxy.faulted(),
            moved
        );
    }
    assert!(problems.is_empty(), "faults made verdicts better than the evidence:\n{}", problems.join("\n"));
}

/// Every request throttled once, in its service's own words: each service's throttling error is
/// recognised and retried (CloudFront's, answered in S3's shape, was not, and its distributions
/// failed whenever one of the sampled requests above happened to be CloudFront's).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_services_throttling_error_is_retried() {
    let moto = seeded().await;
    let (clean, _) = scan(&options(moto.endpoint(), &moto)).await;
    let rules = vec![Rule { once_per_request: true, spare: IDENTITY, ..Rule::all(Fault::Throttle) }];
    let proxy = FaultProxy::start(&moto.endpoint(), rules).await;
    let throttled = maturity_collect::scan(&options(proxy.endpoint(), &moto), Arc::new(Silent))
        .await
        .unwrap_or_else(|e| panic!("scan: {e}"));
    assert!(proxy.faulted() * 3 > proxy.requests(), "{} of {} throttled", proxy.faulted(), proxy.requests());
    assert_eq!(
        without_error_messages(&throttled),
        without_error_messages(&clean),
        "a throttled service was not retried"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_is_absorbed_without_losing_a_fact() {
    let moto = seeded().await;
    let (clean, clean_time) = scan(&options(moto.endpoint(), &moto)).await;
    // About one request in five is throttled, in each of the three ways AWS throttles; each
    // request at most once, so that every call gets through on a retry.
    let throttle = |every, fault| Rule { every, once_per_request: true, spare: IDENTITY, ..Rule::all(fault) };
    let rules = vec![throttle(7, Fault::Throttle), throttle(11, Fault::Bare429), throttle(13, Fault::Bare503)];
    let proxy = FaultProxy::start(&moto.endpoint(), rules).await;
    let start = Instant::now();
    let written = maturity_collect::scan(&options(proxy.endpoint(), &moto), Arc::new(Silent)).await;
    let took = start.elapsed();
    let throttled = written.unwrap_or_else(|e| panic!("scan: {e}"));
    eprintln!(
        "throttling: {} requests, {} throttled, {took:.1?} against {clean_time:.1?} clean ({} and {} calls)",
        proxy.requests(),
        proxy.faulted(),
        throttled.api_calls.values().sum::<u64>(),
        clean.api_calls.values().sum::<u64>()
    );
    assert!(proxy.faulted() * 10 > proxy.requests(), "too little was throttled to prove anything");
    // A call the emulator fails (a service it lacks) may fail on a throttled attempt instead:
    // failed either way, with another message.
    assert_eq!(without_error_messages(&throttled), without_error_messages(&clean), "throttling cost a fact");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_region_that_stops_answering_ends_within_a_few_timeouts() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "us-east-1");
    let (_ou, members, _policy) = seed::seed_organization(&sdk, &["prod", "dev"]).await;
    seed::seed_account(&sdk, "mgmt").await;
    let organization = |endpoint: String| ScanOptions {
        organization: true,
        role_name: Some("OrganizationAccountAccessRole".to_owned()),
        ..options(endpoint, &moto)
    };
    let (clean, clean_time) = scan(&organization(moto.endpoint())).await;
    assert_eq!(clean.accounts.len(), 1 + members.len());

    let hang = Rule { region: Some("eu-west-1"), spare: IDENTITY, ..Rule::all(Fault::Hang) };
    let proxy = FaultProxy::start(&moto.endpoint(), vec![hang]).await;
    let (bundle, took) = scan(&organization(proxy.endpoint())).await;
    eprintln!("hung region: {took:.1?} against {clean_time:.1?} clean; {} requests hung", proxy.faulted());
    assert!(
        took < clean_time + ATTEMPT * 4,
        "one hung region held the scan for {took:.1?} (clean {clean_time:.1?}, attempt timeout {ATTEMPT:?})"
    );
    for account in &bundle.accounts {
        let hung = states_of(&account.regions["eu-west-1"]);
        assert_eq!(hung.get("ok"), None, "account {}: eu-west-1 never answered: {hung:?}", account.account_id);
        assert!(hung.get("failed").is_some_and(|n| *n > 0), "{hung:?}");
        let fine = states_of(&account.regions["us-east-1"]);
        let clean_account = clean.accounts.iter().find(|a| a.account_id == account.account_id).unwrap();
        assert_eq!(fine, states_of(&clean_account.regions["us-east-1"]), "the other regions were read as usual");
    }
    let mut problems = Vec::new();
    only_toward_unknown(&verdicts(&clean), &verdicts(&bundle), "hung region", &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The messages of every failed fact in `value`, facts inside facts included.
fn failures(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(error) = map.get("failed").and_then(|failed| failed.get("error")).and_then(|e| e.as_str()) {
                found.push(error.to_owned());
            }
            map.values().for_each(|value| failures(value, found));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| failures(item, found)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_token_given_twice_fails_the_list() {
    let moto = seeded().await;
    let one_region = |endpoint: String| ScanOptions {
        regions: maturity_collect::RegionSelection::List(vec!["us-east-1".to_owned()]),
        ..options(endpoint, &moto)
    };
    let (clean, _) = scan(&one_region(moto.endpoint())).await;
    // Three readers: an SDK paginator over JSON (the SDK would stop there silently, after a
    // duplicate page), one over REST-JSON (the token in the query), and the collector's own walk
    // for an operation without a paginator.
    // (the proxy's name of the API, its token member, the operation)
    let looping = [
        ("cognito-idp:ListUserPools", "NextToken", "ListUserPools"),
        ("guardduty:GET /detector", "nextToken", "ListDetectors"),
        ("events:ListRules", "NextToken", "ListRules"),
    ];
    let rules =
        looping.iter().map(|(api, key, _)| Rule { api: Some(api), ..Rule::all(Fault::RepeatToken(key)) }).collect();
    let proxy = FaultProxy::start(&moto.endpoint(), rules).await;
    let (bundle, took) = scan(&one_region(proxy.endpoint())).await;
    let mut errors = Vec::new();
    failures(&serde_json::to_value(&bundle.accounts).unwrap(), &mut errors);
    for (_, _, operation) in looping {
        assert!(
            errors
                .iter()
                .any(|error| error.contains(&format!(":{operation} answered a page token it had already given"))),
            "{operation}: the repeated token is not recorded; failed facts: {errors:#?}"
        );
    }
    eprintln!("repeated tokens: {} requests, {} with the token, {took:.1?}", proxy.requests(), proxy.faulted());
    // Each looping list stops at its second page: a handful of requests, not an endless walk.
    assert!(proxy.faulted() <= 3 * 2 * 4, "{} requests carried the token", proxy.faulted());
    let mut problems = Vec::new();
    only_toward_unknown(&verdicts(&clean), &verdicts(&bundle), "repeated token", &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_denied_in_the_middle_of_a_walk_denies_the_whole_list() {
    let moto = seeded().await;
    let sdk = seed::sdk(&moto.endpoint(), "us-east-1");
    let cognito = aws_sdk_cognitoidentityprovider::Client::new(&sdk);
    // More pools than the collector asks for in one page.
    for n in 0..61 {
        cognito.create_user_pool().pool_name(format!("pool-{n:02}")).send().await.unwrap();
    }
    let one_region = |endpoint: String| ScanOptions {
        regions: maturity_collect::RegionSelection::List(vec!["us-east-1".to_owned()]),
        ..options(endpoint, &moto)
    };
    let pools = |bundle: &Bundle| {
        serde_json::to_value(&bundle.accounts[0].regions["us-east-1"]).unwrap()["cognito_user_pools"].clone()
    };
    let (clean, _) = scan(&one_region(moto.endpoint())).await;
    assert_eq!(pools(&clean)["ok"].as_array().map(Vec::len), Some(61), "the clean scan reads both pages");
    // The second request of the walk (its second page) is denied.
    let second_page = Rule { api: Some("cognito-idp:ListUserPools"), every: 2, ..Rule::all(Fault::Deny) };
    let proxy = FaultProxy::start(&moto.endpoint(), vec![second_page]).await;
    let (bundle, _) = scan(&one_region(proxy.endpoint())).await;
    assert_eq!(proxy.faulted(), 1);
    assert_eq!(pools(&bundle), serde_json::json!({"denied": {"action": "cognito-idp:ListUserPools"}}));
    let mut problems = Vec::new();
    only_toward_unknown(&verdicts(&clean), &verdicts(&bundle), "denied second page", &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
