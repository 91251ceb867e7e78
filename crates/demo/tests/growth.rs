//! `assess` grows with its input, not faster: ten times the accounts may take at most fifteen
//! times as long. The bound is generous, for a noisy shared machine (the best of a few runs is
//! kept), yet a pass over every finding per account or per resource, as objectives once made,
//! takes a hundred times as long for ten times the accounts and fails it.

use std::time::{Duration, Instant};

use maturity_demo::synthetic::{Shape, bundle};
use maturity_evidence::Bundle;

const SMALL: usize = 50;
const LARGE: usize = 500;
const REGIONS: usize = 3;
const RUNS: usize = 3;
/// The most `LARGE` may take, in multiples of `SMALL`'s time.
const MAX_RATIO: f64 = 15.0;

fn best_time(bundle: &Bundle) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let assessment = maturity_demo::assess_with_demo_inputs(bundle);
            let elapsed = start.elapsed();
            assert!(assessment.is_ok_and(|a| !a.findings.is_empty()), "the synthetic bundle does not assess");
            elapsed
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn ten_times_the_accounts_take_at_most_fifteen_times_as_long() {
    let small = bundle(Shape { accounts: SMALL, regions: REGIONS }).unwrap_or_else(|e| panic!("{e}"));
    let large = bundle(Shape { accounts: LARGE, regions: REGIONS }).unwrap_or_else(|e| panic!("{e}"));
    let (small_time, large_time) = (best_time(&small), best_time(&large));
    let ratio = large_time.as_secs_f64() / small_time.as_secs_f64().max(1e-6);
    eprintln!("assess: {SMALL} accounts {small_time:.2?}, {LARGE} accounts {large_time:.2?}: {ratio:.1}x");
    assert!(
        ratio <= MAX_RATIO,
        "{LARGE} accounts took {ratio:.1} times as long as {SMALL} ({large_time:.2?} against {small_time:.2?}): \
         something in assess grows faster than its input"
    );
}
