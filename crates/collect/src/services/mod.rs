//! One collector per service. Each module declares the calls it makes in a `CALLS` table (the SDK
//! operation and the IAM action it needs): the IAM policy is built from those tables, and tests
//! check that the code calls nothing undeclared.

pub(crate) mod account;
pub(crate) mod budgets;
pub(crate) mod cloudtrail;
pub(crate) mod cloudwatch;
pub(crate) mod configservice;
mod credential_report;
pub(crate) mod ec2;
pub(crate) mod guardduty;
pub(crate) mod iam;
pub(crate) mod kms;
pub(crate) mod organizations;
pub(crate) mod rds;
pub(crate) mod s3;
pub(crate) mod securityhub;
pub(crate) mod ssoadmin;

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// One SDK operation a collector calls and the IAM action that allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Call {
    /// `service:Operation` as the call counter names it (`s3:ListBuckets`).
    pub(crate) operation: &'static str,
    /// The IAM action (`s3:ListAllMyBuckets`).
    pub(crate) action: &'static str,
}

impl Call {
    /// An operation whose IAM action has the same name.
    pub(crate) const fn same(operation: &'static str) -> Call {
        Call { operation, action: operation }
    }

    /// An operation whose IAM action is named differently.
    pub(crate) const fn named(operation: &'static str, action: &'static str) -> Call {
        Call { operation, action }
    }
}

/// Every collector's calls, by module file name (for the tests that read the sources).
pub(crate) const CALLS: &[(&str, &[Call])] = &[
    ("account", account::CALLS),
    ("budgets", budgets::CALLS),
    ("cloudtrail", cloudtrail::CALLS),
    ("cloudwatch", cloudwatch::CALLS),
    ("configservice", configservice::CALLS),
    ("ec2", ec2::CALLS),
    ("guardduty", guardduty::CALLS),
    ("iam", iam::CALLS),
    ("kms", kms::CALLS),
    ("organizations", organizations::CALLS),
    ("rds", rds::CALLS),
    ("s3", s3::CALLS),
    ("securityhub", securityhub::CALLS),
    ("ssoadmin", ssoadmin::CALLS),
];

/// The scan's bound on concurrent collectors. A collector holds one permit while it runs;
/// [`fan_out`] borrows spare permits for per-resource calls and never waits for one.
pub(crate) type Limit = Arc<Semaphore>;

/// Runs `work` on every item, in the calling task (which already holds a permit) and in as
/// many helper tasks as there are free permits, and returns the results in the items' order.
/// With a limit of one, everything runs in the calling task, one item after the other.
pub(crate) async fn fan_out<I, T, F, Fut>(limit: &Limit, items: Vec<I>, work: F) -> Vec<T>
where
    I: Send + 'static,
    T: Send + 'static,
    F: Fn(I) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    let count = items.len();
    let queue = Arc::new(Mutex::new(items.into_iter().enumerate().collect::<VecDeque<_>>()));
    let work = Arc::new(work);
    let mut helpers = JoinSet::new();
    for _ in 1..count {
        let Ok(permit) = Arc::clone(limit).try_acquire_owned() else { break };
        let (queue, work) = (Arc::clone(&queue), Arc::clone(&work));
        helpers.spawn(async move {
            let done = drain(&queue, work.as_ref()).await;
            drop(permit);
            done
        });
    }
    let mut results: Vec<Option<T>> = std::iter::repeat_with(|| None).take(count).collect();
    let mut place = |done: Vec<(usize, T)>| {
        for (index, value) in done {
            if let Some(slot) = results.get_mut(index) {
                *slot = Some(value);
            }
        }
    };
    place(drain(&queue, work.as_ref()).await);
    while let Some(joined) = helpers.join_next().await {
        // A helper that panicked leaves its items unfilled; they are dropped below.
        if let Ok(done) = joined {
            place(done);
        }
    }
    results.into_iter().flatten().collect()
}

async fn drain<I, T, F, Fut>(queue: &Mutex<VecDeque<(usize, I)>>, work: &F) -> Vec<(usize, T)>
where
    F: Fn(I) -> Fut,
    Fut: Future<Output = T>,
{
    let mut done = Vec::new();
    loop {
        let next = queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop_front();
        let Some((index, item)) = next else { break };
        done.push((index, work(item).await));
    }
    done
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn fan_out_keeps_order_and_the_bound() {
        let limit: Limit = Arc::new(Semaphore::new(3));
        let _held = Arc::clone(&limit).acquire_owned().await;
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let (r, p) = (Arc::clone(&running), Arc::clone(&peak));
        let out = fan_out(&limit, (0..20).collect(), move |i: u32| {
            let (r, p) = (Arc::clone(&r), Arc::clone(&p));
            async move {
                let now = r.fetch_add(1, Ordering::SeqCst) + 1;
                p.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                r.fetch_sub(1, Ordering::SeqCst);
                i * 2
            }
        })
        .await;
        assert_eq!(out, (0..20).map(|i| i * 2).collect::<Vec<_>>());
        assert!(peak.load(Ordering::SeqCst) <= 3, "peak {}", peak.load(Ordering::SeqCst));
        assert!(peak.load(Ordering::SeqCst) >= 2, "spare permits were not used");
    }

    #[tokio::test]
    async fn fan_out_with_no_spare_permit_runs_inline() {
        let limit: Limit = Arc::new(Semaphore::new(1));
        let _held = Arc::clone(&limit).acquire_owned().await;
        let out = fan_out(&limit, vec![1, 2, 3], |i: u32| async move { i + 1 }).await;
        assert_eq!(out, vec![2, 3, 4]);
    }
}
