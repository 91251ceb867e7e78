//! What counts as throttling, for the retries and for the scan's own count of it.
//!
//! The SDK retries the throttling error codes its services model (`Throttling`,
//! `ThrottlingException`, `RequestLimitExceeded`, S3's `SlowDown`, …) and treats 500, 502, 503
//! and 504 as transient. It does not retry an HTTP 429 that carries no error code, which AWS's
//! front doors (and proxies in front of them) do send, and it treats a bare 503 as a transient
//! error, which costs twice the retry quota of throttling. [`ThrottleClassifier`] closes both
//! gaps: 429 and 503 are throttling, whatever their body. It only ever asks for a retry; the
//! SDK's own classifiers still decide everything else.

use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::retries::classifiers::{ClassifyRetry, RetryAction, RetryClassifierPriority};

/// Error codes AWS services answer when they throttle a caller, as they appear in an error body
/// (query and EC2 XML `<Code>`, JSON `__type`, REST `x-amzn-ErrorType` echoed in the body).
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "RequestLimitExceeded",
    "TooManyRequests",
    "SlowDown",
    "RequestThrottled",
    "ProvisionedThroughputExceeded",
    "BandwidthLimitExceeded",
    "PriorRequestNotComplete",
];

/// True when `status` alone says the service is throttling (or shedding load, which a caller
/// answers the same way: slow down and retry).
fn throttling_status(status: u16) -> bool {
    status == 429 || status == 503
}

/// True when the answer is a throttling error: a 429 or 503, or an error whose body names one of
/// the throttling codes. The body is only read when it is already in memory (error answers are).
pub(crate) fn is_throttling(response: &HttpResponse) -> bool {
    let status = response.status().as_u16();
    if throttling_status(status) {
        return true;
    }
    status >= 400
        && response
            .body()
            .bytes()
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .is_some_and(|body| THROTTLING_CODES.iter().any(|code| body.contains(code)))
}

/// Retries every 429 and 503 as throttling.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ThrottleClassifier;

impl ClassifyRetry for ThrottleClassifier {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        match ctx.response() {
            Some(response) if throttling_status(response.status().as_u16()) => RetryAction::throttling_error(),
            _ => RetryAction::NoActionIndicated,
        }
    }

    fn name(&self) -> &'static str {
        "MaturityThrottleClassifier"
    }

    /// After the SDK's classifiers, so that a 503 becomes throttling rather than a transient error.
    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

#[cfg(test)]
mod tests {
    use aws_smithy_runtime_api::client::interceptors::context::{Input, InterceptorContext};
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    use super::*;

    fn response(status: u16, body: &'static str) -> HttpResponse {
        let status = StatusCode::try_from(status).unwrap_or_else(|_| panic!("status {status}"));
        HttpResponse::new(status, SdkBody::from(body))
    }

    fn classify(status: u16, body: &'static str) -> RetryAction {
        let mut ctx = InterceptorContext::new(Input::doesnt_matter());
        ctx.set_response(response(status, body));
        ThrottleClassifier.classify_retry(&ctx)
    }

    #[test]
    fn a_429_or_503_without_a_code_is_retried_as_throttling() {
        assert_eq!(classify(429, ""), RetryAction::throttling_error());
        assert_eq!(classify(503, ""), RetryAction::throttling_error());
        assert_eq!(classify(503, "<Error><Code>SlowDown</Code></Error>"), RetryAction::throttling_error());
    }

    #[test]
    fn other_answers_are_left_to_the_sdk() {
        assert_eq!(classify(200, "{}"), RetryAction::NoActionIndicated);
        assert_eq!(classify(400, "<Code>Throttling</Code>"), RetryAction::NoActionIndicated, "the SDK knows the code");
        assert_eq!(classify(403, "AccessDenied"), RetryAction::NoActionIndicated);
        assert_eq!(classify(500, ""), RetryAction::NoActionIndicated, "the SDK's transient error");
    }

    #[test]
    fn throttling_is_recognised_by_status_or_by_code() {
        assert!(is_throttling(&response(429, "")));
        assert!(is_throttling(&response(503, "")));
        assert!(is_throttling(&response(400, "<Response><Errors><Error><Code>Throttling</Code>")));
        assert!(is_throttling(&response(400, r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#)));
        assert!(is_throttling(&response(503, "<Code>RequestLimitExceeded</Code>")));
        assert!(!is_throttling(&response(400, r#"{"__type":"ValidationException"}"#)));
        assert!(!is_throttling(&response(403, "<Code>AccessDenied</Code>")));
        assert!(!is_throttling(&response(200, "Throttling is a word in a tag value")), "a success is never throttling");
    }
}
