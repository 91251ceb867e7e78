//! What the simulator served: calls, throttled calls and unrecorded requests, per API, and the
//! most requests it held at once. `GET /loadsim/stats` answers them as JSON.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

/// Unrecorded keys kept for the report (the count goes on).
const KEEP_UNRECORDED: usize = 50;

/// The counters.
#[derive(Debug, Default)]
pub struct Stats {
    counts: Mutex<Counts>,
    in_flight: AtomicUsize,
    peak_in_flight: AtomicUsize,
}

/// A snapshot of the counters.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    /// Requests answered (throttled ones included).
    pub calls: u64,
    /// Requests refused as over the rate.
    pub throttled: u64,
    /// Requests no recorded answer matched.
    pub unrecorded: u64,
    /// Requests per account (how evenly the scan spread them).
    pub accounts: u64,
    /// The most requests held at once.
    pub peak_in_flight: usize,
    /// Per API: calls and throttled calls.
    pub apis: BTreeMap<String, (u64, u64)>,
    /// The first unrecorded keys.
    pub unrecorded_keys: BTreeSet<String>,
    #[serde(skip)]
    seen_accounts: BTreeSet<String>,
}

/// How a request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Answered from the recording or made up.
    Answered,
    /// Refused as over the rate.
    Throttled,
    /// Nothing recorded.
    Unrecorded,
}

/// Counts a request while it is held.
pub struct Held<'a>(&'a Stats);

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Stats {
    /// A request arrived; it counts as held until the guard drops.
    pub fn hold(&self) -> Held<'_> {
        let now = self.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
        self.peak_in_flight.fetch_max(now, Ordering::Relaxed);
        Held(self)
    }

    /// Records how a request of `account` to `api` (with `key`) ended.
    pub fn record(&self, account: &str, api: &str, key: &str, outcome: Outcome) {
        let mut counts = self.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        counts.calls += 1;
        if !counts.seen_accounts.contains(account) {
            counts.seen_accounts.insert(account.to_owned());
            counts.accounts += 1;
        }
        let per_api = counts.apis.entry(api.to_owned()).or_default();
        per_api.0 += 1;
        match outcome {
            Outcome::Answered => {}
            Outcome::Throttled => {
                per_api.1 += 1;
                counts.throttled += 1;
            }
            Outcome::Unrecorded => {
                counts.unrecorded += 1;
                if counts.unrecorded_keys.len() < KEEP_UNRECORDED {
                    counts.unrecorded_keys.insert(key.to_owned());
                }
            }
        }
    }

    /// The counters now.
    pub fn snapshot(&self) -> Counts {
        let mut counts = self.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        counts.peak_in_flight = self.peak_in_flight.load(Ordering::Relaxed);
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_are_counted_per_api_and_account() {
        let stats = Stats::default();
        {
            let _one = stats.hold();
            let _two = stats.hold();
        }
        let _three = stats.hold();
        stats.record("111111111111", "ec2:DescribeVpcs", "k1", Outcome::Answered);
        stats.record("111111111111", "ec2:DescribeVpcs", "k1", Outcome::Throttled);
        stats.record("222222222222", "iam:ListUsers", "k2", Outcome::Unrecorded);
        let counts = stats.snapshot();
        assert_eq!((counts.calls, counts.throttled, counts.unrecorded, counts.accounts), (3, 1, 1, 2));
        assert_eq!(counts.apis["ec2:DescribeVpcs"], (2, 1));
        assert_eq!(counts.peak_in_flight, 2);
        assert!(counts.unrecorded_keys.contains("k2"));
    }
}
