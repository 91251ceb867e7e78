//! The scan against the load simulator (crates/loadsim) with real HTTP: a synthetic organization
//! answered from the recording of a seeded member account, throttled hard. Throttling must cost
//! time, never evidence: every fact is read, and the bundle is the one an unthrottled scan writes
//! (apart from when it was collected and how many calls it took).

mod support;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use maturity_collect::{RegionSelection, ScanOptions, Silent, StaticCredentials};
use maturity_evidence::Bundle;
use maturity_loadsim::org::Organization;
use maturity_loadsim::recording::Recording;
use maturity_loadsim::serve::{Settings, serve};
use maturity_loadsim::stats::Counts;
use tokio::sync::oneshot;

const ACCOUNTS: usize = 3;
/// The organization of the sharded scan: enough accounts for every shard to hold some.
const SHARDED_ACCOUNTS: usize = 8;
const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

/// A running simulator: its endpoint, and what it served once stopped.
struct Simulator {
    endpoint: String,
    stop: oneshot::Sender<()>,
    served: tokio::task::JoinHandle<std::io::Result<Counts>>,
}

impl Simulator {
    async fn start(rate: f64, burst: f64) -> Simulator {
        Simulator::of(ACCOUNTS, rate, burst).await
    }

    async fn of(accounts: usize, rate: f64, burst: f64) -> Simulator {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../loadsim/recording.json");
        let recording = Recording::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("{e}"));
        let endpoint = format!("http://{}", listener.local_addr().unwrap_or_else(|e| panic!("{e}")));
        let settings = Settings {
            recording,
            organization: Organization { management: "123456789012".to_owned(), accounts },
            latency: Duration::ZERO,
            rate,
            burst,
        };
        let (stop, stopped) = oneshot::channel::<()>();
        let served = tokio::spawn(serve(listener, settings, async {
            let _ = stopped.await;
        }));
        Simulator { endpoint, stop, served }
    }

    async fn stop(self) -> Counts {
        let _ = self.stop.send(());
        self.served.await.unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|e| panic!("{e}"))
    }
}

fn options(endpoint: &str) -> ScanOptions {
    ScanOptions {
        static_credentials: Some(StaticCredentials {
            access_key_id: "AKIALOADSIMCALLER000".to_owned(),
            secret_access_key: "loadsim".to_owned(),
        }),
        region: Some("us-east-1".to_owned()),
        regions: RegionSelection::List(REGIONS.iter().map(|r| (*r).to_owned()).collect()),
        organization: true,
        role_name: Some("OrganizationAccountAccessRole".to_owned()),
        endpoint_url: Some(endpoint.to_owned()),
        concurrency: 16,
        per_account: 8,
        ..ScanOptions::default()
    }
}

/// The bundle without what differs between two scans of the same thing.
fn comparable(mut bundle: Bundle) -> Bundle {
    bundle.collector.collected_at = chrono::DateTime::UNIX_EPOCH;
    bundle.api_calls.clear();
    bundle
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_costs_time_but_never_evidence() {
    let calm = Simulator::start(0.0, 1.0).await;
    let unthrottled = maturity_collect::scan(&options(&calm.endpoint), Arc::new(Silent)).await;
    let calm = calm.stop().await;
    let unthrottled = unthrottled.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((calm.throttled, calm.unrecorded), (0, 0), "{calm:?}");
    let coverage = unthrottled.coverage();
    assert_eq!(unthrottled.accounts.len(), ACCOUNTS);
    assert_eq!((coverage.failed, coverage.denied, coverage.accounts_unreachable), (0, 0, 0), "{coverage:?}");

    // Four calls a second per account and API, two at once: far below what the scan asks for.
    let harsh = Simulator::start(4.0, 2.0).await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("bundle.json");
    let written = maturity_collect::scan_to_file(&options(&harsh.endpoint), Arc::new(Silent), &out).await;
    let harsh = harsh.stop().await;
    let written = written.unwrap_or_else(|e| panic!("{e}"));
    assert!(harsh.throttled > 0, "the simulator throttled nothing: the test proves nothing ({harsh:?})");
    assert_eq!(harsh.unrecorded, 0, "{:?}", harsh.unrecorded_keys);
    assert_eq!((written.coverage.failed, written.coverage.denied), (0, 0), "{:?}", written.coverage);
    assert!(
        harsh.calls > written.api_calls,
        "the throttled calls were retried: {} calls served, {} counted by the scan",
        harsh.calls,
        written.api_calls
    );
    // The scan's own count: every throttled answer it saw (the role assumptions' are the SDK's).
    let attempts = written.attempts;
    assert!(attempts.throttled > 0 && attempts.throttled <= harsh.throttled, "{attempts:?} against {harsh:?}");
    assert!(attempts.retries >= attempts.throttled, "every throttled attempt was retried: {attempts:?}");
    let throttled = Bundle::from_path(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(comparable(throttled), comparable(unthrottled), "throttling changed the evidence");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shards_scanned_apart_merge_into_the_unsharded_bundle() {
    let simulator = Simulator::of(SHARDED_ACCOUNTS, 0.0, 1.0).await;
    let whole = maturity_collect::scan(&options(&simulator.endpoint), Arc::new(Silent)).await;
    let mut shards = Vec::new();
    for index in 1..=3 {
        let spec = maturity_evidence::ShardSpec::new(index, 3).unwrap_or_else(|e| panic!("{e}"));
        let sharded =
            ScanOptions { shard: Some(spec), scan_id: Some("loadsim-run".to_owned()), ..options(&simulator.endpoint) };
        let shard = maturity_collect::scan(&sharded, Arc::new(Silent)).await.unwrap_or_else(|e| panic!("{e}"));
        assert!(shard.accounts.len() < SHARDED_ACCOUNTS, "shard {index} holds a slice, not all");
        // Only the first shard keeps the organization's facts, so only it reads them all; the
        // others list the accounts and nothing more of Organizations.
        let organization_calls: Vec<&String> =
            shard.api_calls.keys().filter(|call| call.starts_with("organizations:")).collect();
        if index == 1 {
            assert!(organization_calls.len() > 3, "shard 1 read the organization: {organization_calls:?}");
        } else {
            assert_eq!(
                organization_calls,
                ["organizations:DescribeOrganization", "organizations:ListAccounts"],
                "shard {index} read more of the organization than its accounts"
            );
        }
        shards.push((format!("shard-{index}.json"), shard));
    }
    let served = simulator.stop().await;
    assert_eq!(served.unrecorded, 0, "{:?}", served.unrecorded_keys);
    let whole = whole.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(whole.accounts.len(), SHARDED_ACCOUNTS);

    let missing = maturity_evidence::shard::merge(shards[..2].to_vec()).map(|_| ()).map_err(|e| e.to_string());
    assert!(missing.as_ref().is_err_and(|e| e.contains("missing")), "{missing:?}");
    let merged = maturity_evidence::shard::merge(shards).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(comparable(merged), comparable(whole), "the merged shards differ from the unsharded scan");
}

/// A scan killed while it writes its bundle leaves the previous bundle whole: the bundle goes to a
/// hidden temporary file that replaces the old one only once complete (`maturity_input::atomic`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scan_killed_while_writing_leaves_the_previous_bundle() {
    // Enough accounts that writing the bundle takes a moment to catch.
    let simulator = Simulator::of(20, 0.0, 1.0).await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("bundle.json");
    let endpoint = simulator.endpoint.clone();
    let (dir_path, out_path) = (dir.path().to_owned(), out.clone());
    let (landed, previous) = tokio::task::spawn_blocking(move || {
        let scan = || {
            let out = out_path.display().to_string();
            let args = ["scan", "--org", "--role", "OrganizationAccountAccessRole", "--regions", "us-east-1"];
            let mut args: Vec<&str> = args.to_vec();
            args.extend(["--concurrency", "32", "--out", &out]);
            let mut command = support::binary::maturity(&args, &endpoint);
            command
                .env("AWS_ACCESS_KEY_ID", "AKIALOADSIMCALLER000")
                .env("AWS_SECRET_ACCESS_KEY", "loadsim")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null());
            command
        };
        let first = scan().status().unwrap_or_else(|e| panic!("{e}"));
        assert!(first.success(), "the first scan");
        let previous = std::fs::read(&out_path).unwrap_or_else(|e| panic!("{e}"));
        // Each later scan is killed the moment its temporary bundle appears.
        let mut landed = 0;
        for _ in 0..2 {
            let mut child = scan().spawn().unwrap_or_else(|e| panic!("{e}"));
            let started = Instant::now();
            loop {
                let writing = std::fs::read_dir(&dir_path)
                    .unwrap_or_else(|e| panic!("{e}"))
                    .flatten()
                    .any(|entry| entry.file_name().to_string_lossy().starts_with(".bundle.json."));
                if writing {
                    let _ = child.kill();
                    landed += 1;
                    break;
                }
                if child.try_wait().ok().flatten().is_some() || started.elapsed() > Duration::from_secs(120) {
                    let _ = child.kill();
                    break;
                }
                std::thread::sleep(Duration::from_micros(200));
            }
            let _ = child.wait();
            let now = std::fs::read(&out_path).unwrap_or_else(|e| panic!("{e}"));
            if now != previous {
                // The scan finished before it was seen writing: its bundle must be whole.
                Bundle::from_json("bundle.json", &String::from_utf8_lossy(&now)).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        (landed, previous)
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    simulator.stop().await;
    eprintln!("{landed} of 2 kills landed while a bundle was being written");
    assert!(landed > 0, "no kill landed while a bundle was being written");
    let bundle =
        Bundle::from_json("bundle.json", &String::from_utf8_lossy(&previous)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bundle.accounts.len(), 20);
}
