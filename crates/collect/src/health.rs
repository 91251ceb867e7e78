//! Endpoints that stop answering: a region (or one service in it) whose calls time out one after
//! another is given up on, so that its remaining calls fail at once instead of each waiting for
//! its own timeouts, and one hung region never holds up the scan for long.
//!
//! Each client carries an [`EndpointWatch`] for its account, region and service, as a retry
//! classifier (which sees how every attempt ended, timeouts included: an interceptor's
//! after-attempt hook does not run when the attempt timed out) and as an interceptor (which
//! refuses attempts at an endpoint that is down). An attempt that times out counts against the
//! service and the region; any answer (an error answer too: the endpoint is there) clears both
//! counts. When [`SERVICE_TIMEOUTS`] attempts of a service, or
//! [`REGION_TIMEOUTS`] attempts in a region, have timed out in a row, the endpoint is down for the
//! rest of the scan: each later attempt there is refused before it is sent, and the call's fact is
//! recorded as failed, naming the endpoint and why.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{BeforeTransmitInterceptorContextRef, InterceptorContext};
use aws_smithy_runtime_api::client::retries::classifiers::{ClassifyRetry, RetryAction, RetryClassifierPriority};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// Timed-out attempts in a row after which a service of one account and region is given up on.
const SERVICE_TIMEOUTS: u32 = 2;
/// Timed-out attempts in a row, whatever the service, after which a region of one account is
/// given up on.
const REGION_TIMEOUTS: u32 = 3;

/// Timeouts in a row of one endpoint, and whether it was given up on.
#[derive(Debug, Default, Clone, Copy)]
struct Health {
    timeouts: u32,
    down: bool,
}

impl Health {
    fn answered(&mut self) {
        if !self.down {
            self.timeouts = 0;
        }
    }

    fn timed_out(&mut self, limit: u32) {
        self.timeouts += 1;
        self.down |= self.timeouts >= limit;
    }
}

/// An endpoint: account, region and, for a service, its name (empty for the whole region).
type Endpoint = (String, String, &'static str);

/// The health of every endpoint of one scan.
#[derive(Debug, Clone, Default)]
pub(crate) struct Endpoints {
    health: Arc<Mutex<HashMap<Endpoint, Health>>>,
}

impl Endpoints {
    fn lock(&self) -> MutexGuard<'_, HashMap<Endpoint, Health>> {
        // One counter update at a time; a panic cannot leave a count half-written.
        self.health.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The watch for a client of `service` for `account` in `region`.
    pub(crate) fn watch(&self, account: &str, region: &str, service: &'static str) -> EndpointWatch {
        EndpointWatch { endpoints: self.clone(), account: account.to_owned(), region: region.to_owned(), service }
    }
}

/// The interceptor that keeps one client's endpoint health and refuses attempts at an endpoint
/// that is down.
#[derive(Debug, Clone)]
pub(crate) struct EndpointWatch {
    endpoints: Endpoints,
    account: String,
    region: String,
    service: &'static str,
}

/// An attempt not made: its endpoint stopped answering.
#[derive(Debug, thiserror::Error)]
#[error("{0} stopped answering (its calls timed out {1} times in a row); this call was not sent")]
pub(crate) struct EndpointDown(String, u32);

impl EndpointWatch {
    fn keys(&self) -> [Endpoint; 2] {
        [(self.account.clone(), self.region.clone(), self.service), (self.account.clone(), self.region.clone(), "")]
    }

    /// `Err` when the service or the region is down.
    fn check(&self) -> Result<(), EndpointDown> {
        let [service, region] = self.keys();
        let health = self.endpoints.lock();
        if health.get(&region).is_some_and(|h| h.down) {
            return Err(EndpointDown(format!("region {} of account {}", self.region, self.account), REGION_TIMEOUTS));
        }
        if health.get(&service).is_some_and(|h| h.down) {
            return Err(EndpointDown(
                format!("{} in region {} of account {}", self.service, self.region, self.account),
                SERVICE_TIMEOUTS,
            ));
        }
        Ok(())
    }

    /// Records how an attempt ended: answered, or timed out.
    fn record(&self, timed_out: bool) {
        let [service, region] = self.keys();
        let mut health = self.endpoints.lock();
        for (key, limit) in [(service, SERVICE_TIMEOUTS), (region, REGION_TIMEOUTS)] {
            let entry = health.entry(key).or_default();
            if timed_out { entry.timed_out(limit) } else { entry.answered() }
        }
    }
}

impl Intercept for EndpointWatch {
    fn name(&self) -> &'static str {
        "MaturityEndpointWatch"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.check().map_err(BoxError::from)
    }
}

impl ClassifyRetry for EndpointWatch {
    /// Records how the attempt ended; once its endpoint is down, forbids the retry.
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        if ctx.response().is_some() {
            self.record(false);
            return RetryAction::NoActionIndicated;
        }
        if let Some(Err(error)) = ctx.output_or_error()
            && error.is_timeout_error()
        {
            self.record(true);
            if self.check().is_err() {
                return RetryAction::RetryForbidden;
            }
        }
        RetryAction::NoActionIndicated
    }

    fn name(&self) -> &'static str {
        "MaturityEndpointWatch"
    }

    /// Before every other classifier, so that it sees every attempt.
    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_before(RetryClassifierPriority::http_status_code_classifier())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_is_down_after_timeouts_in_a_row_whatever_the_service() {
        let endpoints = Endpoints::default();
        let (ec2, iam) = (endpoints.watch("111", "eu-west-1", "ec2"), endpoints.watch("111", "eu-west-1", "iam"));
        ec2.record(true);
        iam.record(true);
        assert!(ec2.check().is_ok() && iam.check().is_ok(), "two timeouts, two services: not yet");
        ec2.record(true);
        let refused = iam.check().map_err(|e| e.to_string());
        assert_eq!(
            refused,
            Err("region eu-west-1 of account 111 stopped answering (its calls timed out 3 times in a row); this call was not sent".to_owned())
        );
        assert!(endpoints.watch("111", "us-east-1", "ec2").check().is_ok(), "other regions go on");
        assert!(endpoints.watch("222", "eu-west-1", "ec2").check().is_ok(), "other accounts go on");
    }

    #[test]
    fn one_hung_service_is_given_up_on_alone() {
        let endpoints = Endpoints::default();
        let (hung, fine) = (endpoints.watch("111", "eu-west-1", "ssm"), endpoints.watch("111", "eu-west-1", "ec2"));
        hung.record(true);
        fine.record(false);
        hung.record(true);
        fine.record(false);
        assert!(hung.check().is_err_and(|e| e.to_string().starts_with("ssm in region eu-west-1")));
        assert!(fine.check().is_ok(), "the region answers");
    }

    #[test]
    fn an_answer_clears_the_count_until_the_endpoint_is_down() {
        let endpoints = Endpoints::default();
        let watch = endpoints.watch("111", "eu-west-1", "ec2");
        watch.record(true);
        watch.record(false);
        watch.record(true);
        assert!(watch.check().is_ok(), "not in a row");
        watch.record(true);
        watch.record(false);
        assert!(watch.check().is_err(), "once down, down for the scan");
    }
}
