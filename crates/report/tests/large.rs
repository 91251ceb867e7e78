//! The HTML report of a 1,000-account organization stays within the limits: under
//! 10 MB, rendered in under 5 s (in a release build; a debug build gets a generous bound).
//! `cargo bench -p maturity-report --bench render` measures the same thing in release.

mod support;

use std::time::{Duration, Instant};

use support::{catalogs, demo, synthetic};

const ACCOUNTS: usize = 1000;
const MAX_BYTES: usize = 10 * 1024 * 1024;

#[test]
fn a_thousand_account_report_is_small_and_fast() {
    let assessment = synthetic::grow(demo(), catalogs(), ACCOUNTS);
    assert!(assessment.findings.len() > 200_000, "{} findings", assessment.findings.len());
    let started = Instant::now();
    let html = support::html(&assessment);
    let elapsed = started.elapsed();
    let limit = if cfg!(debug_assertions) { Duration::from_secs(60) } else { Duration::from_secs(5) };
    assert!(html.len() < MAX_BYTES, "{} bytes", html.len());
    assert!(elapsed < limit, "{elapsed:?} for {ACCOUNTS} accounts");
    assert_eq!(html.matches("class=\"cell ").count(), 74);
    assert!(html.contains("Showing 25 of "), "long lists are cut");
}
