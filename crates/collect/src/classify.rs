//! AWS errors → fact states, decided in one place from the error code
//! (`ProvideErrorMetadata::code`).
//!
//! Access-denied codes give `denied` (with the IAM action the caller names), opt-in and
//! subscription codes give `unavailable`, anything else `failed` with the code and message.
//! "Not configured" answers (no bucket policy, no public access block …) are values, not
//! errors: each call site matches its own codes with [`has_code`] before classifying.

use std::fmt;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use maturity_evidence::Fact;

use crate::calls::Call;
use crate::redact::scrub;

/// Codes AWS services use for "the caller may not do this".
const DENIED_CODES: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "AccessDeniedForDependencyException",
    "AuthorizationError",
    "AuthorizationErrorException",
    "Forbidden",
    "ForbiddenException",
    "UnauthorizedAccess",
    "UnauthorizedException",
    "UnauthorizedOperation",
];

/// Codes for "this account cannot use the service here", with what they mean.
const UNAVAILABLE_CODES: &[(&str, &str)] = &[
    ("OptInRequired", "the account is not subscribed to the service in this region"),
    ("SubscriptionRequiredException", "the account is not subscribed to the service"),
    ("UnsupportedOperation", "the operation is not supported in this region"),
];

/// Why a call gave no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The IAM action was denied.
    Denied(String),
    /// The service or region cannot answer here.
    Unavailable(String),
    /// Anything else, after the SDK's retries.
    Failed(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Denied(action) => write!(f, "denied: {action}"),
            Problem::Unavailable(why) => write!(f, "unavailable: {why}"),
            Problem::Failed(error) => write!(f, "failed: {error}"),
        }
    }
}

impl Problem {
    /// The fact this problem leaves.
    pub(crate) fn into_fact<T>(self) -> Fact<T> {
        match self {
            Problem::Denied(action) => Fact::denied(action),
            Problem::Unavailable(why) => Fact::unavailable(why),
            Problem::Failed(error) => Fact::failed(error),
        }
    }
}

/// A collected value or the problem, as a fact.
pub(crate) fn fact<T>(result: Result<T, Problem>) -> Fact<T> {
    match result {
        Ok(value) => Fact::Ok(value),
        Err(problem) => problem.into_fact(),
    }
}

/// The problem an SDK error of `call` means; a denial names the call's IAM action.
pub(crate) fn classify<E>(call: Call, error: &SdkError<E, HttpResponse>) -> Problem
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let action = call.action;
    let SdkError::ServiceError(service) = error else {
        // Timeouts, connection and parsing failures: there is no code to read.
        return Problem::Failed(shortened(scrub(&format!("{action}: {}", DisplayErrorContext(error)))));
    };
    let status = service.raw().status().as_u16();
    let Some(code) = service.err().code() else {
        // HTTP 403 is "forbidden" whatever the body says; emulators send denials in a body the
        // service's protocol cannot parse (moto answers XML to JSON-protocol services).
        if status == 403 {
            return Problem::Denied(action.to_owned());
        }
        return Problem::Failed(shortened(scrub(&format!(
            "HTTP {status} without an error code ({action}): {}",
            DisplayErrorContext(service.err())
        ))));
    };
    if DENIED_CODES.contains(&code) {
        return Problem::Denied(action.to_owned());
    }
    if let Some((_, why)) = UNAVAILABLE_CODES.iter().find(|(c, _)| *c == code) {
        return Problem::Unavailable(format!("{why} ({code})"));
    }
    let message = service.err().message().unwrap_or("no message");
    Problem::Failed(scrub(&format!("{code}: {message} (HTTP {status}, {action})")))
}

/// Error texts can carry a whole response body; a bundle keeps the first part.
const MAX_ERROR_CHARS: usize = 400;

fn shortened(text: String) -> String {
    match text.char_indices().nth(MAX_ERROR_CHARS) {
        Some((cut, _)) => format!("{} …", &text[..cut]),
        None => text,
    }
}

/// Whether the error is a service error with one of these codes.
pub(crate) fn has_code<E: ProvideErrorMetadata>(error: &SdkError<E, HttpResponse>, codes: &[&str]) -> bool {
    match error {
        SdkError::ServiceError(service) => service.err().code().is_some_and(|code| codes.contains(&code)),
        _ => false,
    }
}

/// `?`-friendly classification of an SDK call's result.
pub(crate) trait OrProblem<T> {
    /// The value, or the classified problem of `call`.
    fn or_problem(self, call: Call) -> Result<T, Problem>;
}

impl<T, E> OrProblem<T> for Result<T, SdkError<E, HttpResponse>>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    fn or_problem(self, call: Call) -> Result<T, Problem> {
        self.map_err(|error| classify(call, &error))
    }
}

#[cfg(test)]
mod tests {
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::error::ErrorMetadata;

    use super::*;

    #[derive(Debug)]
    struct Err(ErrorMetadata);

    impl fmt::Display for Err {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{:?}", self.0.code())
        }
    }

    impl std::error::Error for Err {}

    impl ProvideErrorMetadata for Err {
        fn meta(&self) -> &ErrorMetadata {
            &self.0
        }
    }

    fn service_error(code: &str) -> SdkError<Err, HttpResponse> {
        let meta = ErrorMetadata::builder().code(code).message("the message").build();
        let raw = HttpResponse::new(StatusCode::try_from(400).unwrap_or_else(|_| unreachable!()), SdkBody::empty());
        SdkError::service_error(Err(meta), raw)
    }

    #[test]
    fn access_denied_codes_name_the_action() {
        for code in ["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError"] {
            assert_eq!(
                classify(Call::same("ec2:DescribeInstances"), &service_error(code)),
                Problem::Denied("ec2:DescribeInstances".into()),
                "{code}"
            );
        }
    }

    #[test]
    fn opt_in_codes_are_unavailable() {
        let problem = classify(Call::same("guardduty:ListDetectors"), &service_error("OptInRequired"));
        assert!(matches!(problem, Problem::Unavailable(why) if why.contains("OptInRequired")));
    }

    #[test]
    fn other_codes_fail_with_code_and_message() {
        let problem = classify(Call::same("kms:ListKeys"), &service_error("Throttling"));
        assert_eq!(problem, Problem::Failed("Throttling: the message (HTTP 400, kms:ListKeys)".into()));
    }

    #[test]
    fn not_configured_codes_are_matched_by_the_caller() {
        assert!(has_code(&service_error("NoSuchBucketPolicy"), &["NoSuchBucketPolicy"]));
        assert!(!has_code(&service_error("AccessDenied"), &["NoSuchBucketPolicy"]));
    }
}
