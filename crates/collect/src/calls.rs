//! The API calls of a scan: what each collector declares it calls, and what a scan really called.
//!
//! A [`Call`] names one SDK operation and the IAM action that allows it, once: the collector passes
//! the same constant to the error mapping (a denial names its action); [`declare_calls!`] puts
//! every constant of a module in its `CALLS` table, from which `maturity iam-policy` is built.
//!
//! The [`CallCounter`] is an SDK interceptor shared by every client of a scan. It counts *executions* (`read_before_serialization`, which runs once per operation call, after
//! the operation's metadata is in the config bag): one per call, so one per page of a paginated
//! call, and SDK retries of the same call are not counted again. The key is
//! `service:Operation`, with the service as the SDK names it, lower-cased without spaces
//! (`ec2:DescribeInstances`, `s3control:GetPublicAccessBlock`). Beside the calls it counts the
//! *attempts* (`read_before_attempt`: the first and every retry) and the attempts answered with
//! throttling, for the scan's summary: how hard the scan pushed against AWS's limits.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

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

/// Declares a module's calls: one constant per call, and the module's `CALLS` table holding all
/// of them, so that no call can be declared and left out of the IAM policy.
///
/// `NAME: "service:Operation";` when the IAM action has the operation's name,
/// `NAME: "service:Operation" => "service:Action";` when it does not.
macro_rules! declare_calls {
    (@call $operation:literal) => {
        $crate::calls::Call::same($operation)
    };
    (@call $operation:literal, $action:expr) => {
        $crate::calls::Call::named($operation, $action)
    };
    ($($(#[$doc:meta])* $name:ident: $operation:literal $(=> $action:expr)?;)+) => {
        $(
            $(#[$doc])*
            pub(crate) const $name: $crate::calls::Call = $crate::calls::declare_calls!(@call $operation $(, $action)?);
        )+
        /// Every call of this module, for the IAM policy.
        pub(crate) const CALLS: &[$crate::calls::Call] = &[$($name),+];
    };
}
pub(crate) use declare_calls;

use crate::retry::is_throttling;

/// Calls per operation, and attempts, shared by all clients of one scan.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallCounter {
    counts: Arc<Mutex<BTreeMap<String, u64>>>,
    attempts: Arc<AtomicU64>,
    throttled: Arc<AtomicU64>,
}

/// How many attempts a scan's calls took, and how many of them were throttled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attempts {
    /// Attempts beyond each call's first: retries after throttling, errors and timeouts.
    pub retries: u64,
    /// Attempts answered with throttling (429, 503 or a throttling error code).
    pub throttled: u64,
}

impl CallCounter {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, u64>> {
        // A panic while holding this lock cannot leave the map inconsistent (one insert).
        self.counts.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records one call.
    pub(crate) fn record(&self, service: &str, operation: &str) {
        *self.lock().entry(operation_key(service, operation)).or_insert(0) += 1;
    }

    /// Calls so far, per operation.
    pub(crate) fn snapshot(&self) -> BTreeMap<String, u64> {
        self.lock().clone()
    }

    /// Calls so far, in all.
    pub(crate) fn total(&self) -> u64 {
        self.lock().values().sum()
    }

    /// Retries and throttled attempts so far.
    pub(crate) fn attempts(&self) -> Attempts {
        let attempts = self.attempts.load(Ordering::Relaxed);
        Attempts { retries: attempts.saturating_sub(self.total()), throttled: self.throttled.load(Ordering::Relaxed) }
    }
}

/// `service:Operation` for an SDK service name (`S3 Control`) and an operation name.
pub(crate) fn operation_key(service: &str, operation: &str) -> String {
    let service: String = service.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    format!("{service}:{operation}")
}

impl Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "MaturityCallCounter"
    }

    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(metadata) = cfg.load::<Metadata>() {
            self.record(metadata.service(), metadata.name());
        }
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.attempts.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if context.response().is_some_and(is_throttling) {
            self.throttled.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_lower_case_services_without_spaces() {
        assert_eq!(operation_key("S3 Control", "GetPublicAccessBlock"), "s3control:GetPublicAccessBlock");
        assert_eq!(operation_key("EC2", "DescribeInstances"), "ec2:DescribeInstances");
    }

    #[test]
    fn counts_add_up_per_operation() {
        let counter = CallCounter::default();
        counter.record("IAM", "ListUsers");
        counter.record("IAM", "ListUsers");
        counter.record("KMS", "ListKeys");
        assert_eq!(counter.snapshot().get("iam:ListUsers"), Some(&2));
        assert_eq!(counter.total(), 3);
    }
}
