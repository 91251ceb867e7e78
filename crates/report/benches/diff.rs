//! How long `maturity diff` takes on two 1,000-account assessments, against the limit of issue 12
//! (under 2 s): the comparison (`maturity_assess::diff`) and its rendering in each format.
//!
//! `cargo bench -p maturity-report --bench diff [-- ACCOUNTS]`. The newer assessment is the older
//! one rescanned a quarter later: one account gone, and in every other account one finding in
//! twenty turned from pass to fail (or back), so every kind of change is there in bulk. A plain
//! timing loop, as the render bench: the question is "far below the limit or not".

#[path = "../tests/support/synthetic.rs"]
mod synthetic;

use std::time::{Duration, Instant};

use maturity_assess::Assessment;
use maturity_checks::FindingStatus;
use maturity_model::Catalogs;
use maturity_report::diff::{DiffFormat, render};

const LIMIT_SECONDS: f64 = 2.0;
const RUNS: usize = 5;

/// `old` rescanned: its last account gone, and one finding in twenty flipped.
fn rescanned(old: &Assessment) -> Assessment {
    let mut new = old.clone();
    let last = new.findings.iter().filter_map(|f| f.finding.location.account_id.clone()).max();
    new.findings.retain(|f| f.finding.location.account_id != last);
    for (i, assessed) in new.findings.iter_mut().enumerate() {
        if i % 20 == 0 {
            assessed.finding.status = match assessed.finding.status {
                FindingStatus::Pass => FindingStatus::Fail,
                FindingStatus::Fail => FindingStatus::Pass,
                other => other,
            };
        }
    }
    new
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or(Duration::ZERO).as_secs_f64()
}

fn main() {
    let accounts = std::env::args().skip(1).find_map(|a| a.parse::<usize>().ok()).unwrap_or(1000);
    let catalogs = Catalogs::builtin().unwrap_or_else(|e| panic!("catalogs: {e:?}"));
    let base = maturity_demo::assessment().unwrap_or_else(|e| panic!("demo: {e}"));
    let old = synthetic::grow(base, catalogs, accounts);
    let new = rescanned(&old);
    println!(
        "two synthetic assessments: {accounts} accounts, {} and {} findings",
        old.findings.len(),
        new.findings.len()
    );

    let mut compare = Vec::with_capacity(RUNS);
    let mut changes = maturity_assess::diff(&old, &new);
    for _ in 0..RUNS {
        let started = Instant::now();
        changes = maturity_assess::diff(&old, &new);
        compare.push(started.elapsed());
    }
    let compare = median(compare);
    println!(
        "diff           median {compare:>7.3} s ({:>5.1} % of the 2 s limit): findings {} new, {} fixed, {} regressed",
        compare * 100.0 / LIMIT_SECONDS,
        changes.findings.new.len(),
        changes.findings.fixed.len(),
        changes.findings.regressed.len()
    );
    for format in [DiffFormat::Text, DiffFormat::Markdown, DiffFormat::Html, DiffFormat::Json] {
        let mut times = Vec::with_capacity(RUNS);
        let mut size = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            size = render(format, &changes).unwrap_or_else(|e| panic!("{e}")).len();
            times.push(started.elapsed());
        }
        let took = median(times);
        println!(
            "{format:<14?} median {took:>7.3} s, diff + render {:>5.1} % of the 2 s limit, {size} bytes",
            (compare + took) * 100.0 / LIMIT_SECONDS
        );
    }
}
