//! One collector per service. Each module declares every call it makes once, in its
//! `declare_calls!` block: a [`Call`] constant (the SDK operation and the IAM action it needs)
//! that it passes to the error mapping, and its `CALLS` table. The IAM policy is built from those
//! tables, and the emulator tests check that a scan calls nothing undeclared and leaves nothing
//! declared uncalled.

pub(crate) mod accessanalyzer;
pub(crate) mod account;
pub(crate) mod apigateway;
pub(crate) mod auditmanager;
pub(crate) mod autoscaling;
pub(crate) mod backup;
pub(crate) mod bedrock;
pub(crate) mod budgets;
pub(crate) mod cloudformation;
pub(crate) mod cloudfront;
pub(crate) mod cloudtrail;
pub(crate) mod cloudwatch;
pub(crate) mod cognito;
pub(crate) mod configservice;
mod credential_report;
pub(crate) mod detective;
pub(crate) mod drs;
pub(crate) mod dynamodb;
pub(crate) mod ec2;
pub(crate) mod ecr;
pub(crate) mod efs;
pub(crate) mod elbv2;
pub(crate) mod eventbridge;
pub(crate) mod fis;
pub(crate) mod guardduty;
pub(crate) mod iam;
pub(crate) mod imagebuilder;
pub(crate) mod inspector2;
pub(crate) mod kms;
pub(crate) mod lambda;
pub(crate) mod macie;
pub(crate) mod networkfirewall;
pub(crate) mod organizations;
mod page_tokens;
pub(crate) mod paging;
pub(crate) mod rds;
pub(crate) mod resiliencehub;
pub(crate) mod route53resolver;
pub(crate) mod s3;
pub(crate) mod secretsmanager;
pub(crate) mod securityhub;
pub(crate) mod securitylake;
pub(crate) mod shield;
pub(crate) mod ssm;
pub(crate) mod ssoadmin;
pub(crate) mod wafv2;

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

pub(crate) use crate::calls::Call;

/// Every collector's calls, one table per service module: the IAM policy is built from them.
pub(crate) const CALLS: &[&[Call]] = &[
    accessanalyzer::CALLS,
    account::CALLS,
    apigateway::CALLS,
    auditmanager::CALLS,
    autoscaling::CALLS,
    backup::CALLS,
    bedrock::CALLS,
    budgets::CALLS,
    cloudformation::CALLS,
    cloudfront::CALLS,
    cloudtrail::CALLS,
    cloudwatch::CALLS,
    cognito::CALLS,
    configservice::CALLS,
    detective::CALLS,
    drs::CALLS,
    dynamodb::CALLS,
    efs::CALLS,
    ec2::regions::CALLS,
    ec2::instances::CALLS,
    ec2::security_groups::CALLS,
    ec2::network::CALLS,
    ec2::ebs::CALLS,
    ec2::block_public_access::CALLS,
    ec2::verified_access::CALLS,
    ec2::transit_gateways::CALLS,
    ecr::CALLS,
    elbv2::CALLS,
    eventbridge::CALLS,
    fis::CALLS,
    guardduty::CALLS,
    iam::CALLS,
    imagebuilder::CALLS,
    inspector2::CALLS,
    kms::CALLS,
    lambda::CALLS,
    macie::CALLS,
    networkfirewall::CALLS,
    organizations::CALLS,
    rds::CALLS,
    resiliencehub::CALLS,
    route53resolver::CALLS,
    s3::CALLS,
    secretsmanager::CALLS,
    securityhub::CALLS,
    securitylake::CALLS,
    shield::CALLS,
    ssm::CALLS,
    ssoadmin::CALLS,
    wafv2::CALLS,
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
        match joined {
            Ok(done) => place(done),
            // A helper's panic is the collector's: it must not leave a shortened list that reads as
            // complete. It goes on to the task that joins the collectors, which records the
            // collector's facts as failed.
            Err(error) => match error.try_into_panic() {
                Ok(payload) => std::panic::resume_unwind(payload),
                Err(error) => panic!("a helper of the collector stopped: {error}"),
            },
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_helper_that_panics_makes_the_collector_panic_rather_than_shorten_the_list() {
        let limit: Limit = Arc::new(Semaphore::new(4));
        let collector = tokio::spawn(async move {
            let _held = Arc::clone(&limit).acquire_owned().await;
            let caller = tokio::task::id();
            fan_out(&limit, (0..20).collect(), move |i: u32| async move {
                tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                assert!(tokio::task::id() == caller, "helper failed on item {i}");
                i
            })
            .await
        });
        let joined = collector.await;
        assert!(joined.as_ref().is_err_and(tokio::task::JoinError::is_panic), "{joined:?}");
    }

    #[tokio::test]
    async fn fan_out_with_no_spare_permit_runs_inline() {
        let limit: Limit = Arc::new(Semaphore::new(1));
        let _held = Arc::clone(&limit).acquire_owned().await;
        let out = fan_out(&limit, vec![1, 2, 3], |i: u32| async move { i + 1 }).await;
        assert_eq!(out, vec![2, 3, 4]);
    }
}
