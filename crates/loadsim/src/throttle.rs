//! AWS-like throttling: a token bucket per account and API. Each call takes a token; the bucket
//! refills at `rate` tokens a second up to `burst`; a call that finds it empty is refused with the
//! service's throttling error, as AWS refuses calls over an account's request rate.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// The buckets of every account and API.
#[derive(Debug)]
pub struct Buckets {
    /// Tokens added per second; `0` turns throttling off.
    rate: f64,
    /// The most tokens a bucket holds (and holds at first).
    burst: f64,
    levels: Mutex<HashMap<(String, String), Level>>,
}

#[derive(Debug, Clone, Copy)]
struct Level {
    tokens: f64,
    at: Instant,
}

impl Buckets {
    /// Buckets refilled at `rate` per second, holding up to `burst` tokens.
    pub fn new(rate: f64, burst: f64) -> Buckets {
        Buckets { rate, burst: burst.max(1.0), levels: Mutex::new(HashMap::new()) }
    }

    /// Takes a token for a call of `api` by `account` at `now`; `false` when the call is throttled.
    pub fn take(&self, account: &str, api: &str, now: Instant) -> bool {
        if self.rate <= 0.0 {
            return true;
        }
        let mut levels = self.levels.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let level = levels.entry((account.to_owned(), api.to_owned())).or_insert(Level { tokens: self.burst, at: now });
        let elapsed = now.saturating_duration_since(level.at).as_secs_f64();
        level.tokens = (level.tokens + elapsed * self.rate).min(self.burst);
        level.at = now;
        if level.tokens >= 1.0 {
            level.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_burst_passes_then_calls_wait_for_the_refill() {
        let buckets = Buckets::new(10.0, 3.0);
        let start = Instant::now();
        let passed = (0..5).filter(|_| buckets.take("111111111111", "ec2:DescribeInstances", start)).count();
        assert_eq!(passed, 3, "the burst");
        assert!(!buckets.take("111111111111", "ec2:DescribeInstances", start + Duration::from_millis(50)));
        assert!(buckets.take("111111111111", "ec2:DescribeInstances", start + Duration::from_millis(120)));
    }

    #[test]
    fn accounts_and_apis_have_buckets_of_their_own() {
        let buckets = Buckets::new(1.0, 1.0);
        let now = Instant::now();
        assert!(buckets.take("111111111111", "ec2:DescribeInstances", now));
        assert!(!buckets.take("111111111111", "ec2:DescribeInstances", now));
        assert!(buckets.take("111111111111", "ec2:DescribeVpcs", now));
        assert!(buckets.take("222222222222", "ec2:DescribeInstances", now));
    }

    #[test]
    fn a_rate_of_zero_never_throttles() {
        let buckets = Buckets::new(0.0, 1.0);
        let now = Instant::now();
        assert!((0..100).all(|_| buckets.take("111111111111", "iam:ListRoles", now)));
    }
}
