//! How long the dashboard takes to answer for a synthetic 1,000-account organization (about
//! 400,000 findings, grown as the report's benchmark grows it), against the limit of issue 12:
//! the overview and the grid page under 300 ms.
//!
//! `cargo bench -p maturity-server --bench pages [-- ACCOUNTS]`. A plain timing loop over real
//! HTTP on 127.0.0.1. The server loads the newest assessment (decompress and parse) when it
//! starts, so the first request of a page that needs it may wait for the end of that load; later
//! ones find it in the server's cache. Both are printed, and the load's own time.

#[path = "../../report/tests/support/synthetic.rs"]
mod synthetic;

use std::time::{Duration, Instant};

use maturity_model::Catalogs;
use maturity_server::{Options, Server};
use maturity_store::{SaveRequest, Store};

const LIMIT: Duration = Duration::from_millis(300);
const RUNS: usize = 9;

fn get(agent: &ureq::Agent, url: &str) -> (Duration, usize) {
    let started = Instant::now();
    let mut response = agent.get(url).call().unwrap_or_else(|e| panic!("{url}: {e}"));
    assert_eq!(response.status().as_u16(), 200, "{url}");
    let body = response
        .body_mut()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_string()
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    (started.elapsed(), body.len())
}

fn main() {
    let accounts = std::env::args().skip(1).find_map(|a| a.parse::<usize>().ok()).unwrap_or(1000);
    let catalogs = Catalogs::builtin().unwrap_or_else(|e| panic!("catalogs: {e:?}"));
    let base = maturity_demo::assessment().unwrap_or_else(|e| panic!("demo: {e}"));
    let previous = maturity_demo::previous_quarter().unwrap_or_else(|e| panic!("demo: {e}"));
    let started = Instant::now();
    let large = synthetic::grow(base, catalogs, accounts);
    println!(
        "synthetic organization: {accounts} accounts, {} findings (built in {:.2} s)",
        large.findings.len(),
        started.elapsed().as_secs_f64()
    );

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"));
    let (server, id) = runtime.block_on(async {
        let store = Store::open(&dir.path().join("maturity.db")).await.unwrap_or_else(|e| panic!("{e}"));
        store.save(&SaveRequest::new(&previous)).await.unwrap_or_else(|e| panic!("{e}"));
        let started = Instant::now();
        let id = store.save(&SaveRequest::new(&large)).await.unwrap_or_else(|e| panic!("{e}"));
        println!("saved in {:.2} s", started.elapsed().as_secs_f64());
        let started = Instant::now();
        drop(store.load(id).await.unwrap_or_else(|e| panic!("{e}")));
        println!(
            "loaded from the database (decompressed and parsed) in {:.2} s: once per assessment, and the server \
             loads the newest when it starts",
            started.elapsed().as_secs_f64()
        );
        let bind = "127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}"));
        let server = Server::bind(store, Options { bind, require_token: false, as_of: None })
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        (server, id)
    });
    let base = format!("http://{}", server.local_addr());
    runtime.spawn(server.run(std::future::pending()));
    let agent: ureq::Agent =
        ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(600))).build().into();

    // The control with the most findings: every check's findings, in every account.
    let heaviest = catalogs.aws_smm.controls.iter().max_by_key(|c| c.checks.len()).map_or("imdsv2", |c| c.id.as_str());
    let pages = [
        ("overview", "/".to_owned()),
        ("grid", format!("/assessments/{id}")),
        ("roadmap", format!("/assessments/{id}/roadmap")),
        ("control", format!("/assessments/{id}/controls/{heaviest}")),
        ("control, filtered", format!("/assessments/{id}/controls/{heaviest}?account=100000000007&status=fail")),
        ("diff", format!("/diff?new={id}")),
    ];
    for (name, path) in pages {
        let url = format!("{base}{path}");
        let (first, size) = get(&agent, &url);
        let mut times: Vec<Duration> = (0..RUNS).map(|_| get(&agent, &url).0).collect();
        times.sort();
        let median = times.get(RUNS / 2).copied().unwrap_or_default();
        let verdict = match name {
            "overview" | "grid" if median < LIMIT => " (under the 300 ms limit)",
            "overview" | "grid" => " (OVER the 300 ms limit)",
            _ => "",
        };
        println!(
            "{name:<18} first {:>8.1} ms, then median {:>7.1} ms of {RUNS}{verdict}, {:>8.1} KB",
            first.as_secs_f64() * 1000.0,
            median.as_secs_f64() * 1000.0,
            f64::from(u32::try_from(size).unwrap_or(u32::MAX)) / 1024.0
        );
    }
}
