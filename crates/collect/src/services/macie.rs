//! Amazon Macie, per region: whether it is enabled, its sensitive data discovery jobs and whether
//! automated sensitive data discovery is on.
//!
//! Macie answers every call with `AccessDeniedException` and the message "Macie is not enabled."
//! when it is not enabled in the region: that answer is a value (no session, no jobs, discovery
//! off), while an `AccessDeniedException` with any other message is a real denial.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use maturity_evidence::{AutomatedDiscoveryStatus, ClassificationJob, Fact, MacieSession};

use super::backup::utc;
use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, classify, fact};
use crate::config::Clients;

declare_calls! {
    GET_MACIE_SESSION: "macie2:GetMacieSession";
    LIST_CLASSIFICATION_JOBS: "macie2:ListClassificationJobs";
    GET_AUTOMATED_DISCOVERY_CONFIGURATION: "macie2:GetAutomatedDiscoveryConfiguration";
}

/// Whether the error is Macie's "not enabled" answer.
fn not_enabled<E: ProvideErrorMetadata>(error: &SdkError<E, HttpResponse>) -> bool {
    match error {
        SdkError::ServiceError(service) => {
            service.err().code() == Some("AccessDeniedException")
                && service.err().message().is_some_and(|m| m.contains("Macie is not enabled"))
        }
        _ => false,
    }
}

/// Macie's three facts in a region.
pub(crate) struct Macie {
    /// `macie2:GetMacieSession`; `None` when not enabled.
    pub(crate) session: Fact<Option<MacieSession>>,
    /// `macie2:ListClassificationJobs`.
    pub(crate) jobs: Fact<Vec<ClassificationJob>>,
    /// `macie2:GetAutomatedDiscoveryConfiguration`: `ENABLED` or `DISABLED`.
    pub(crate) automated_discovery: Fact<AutomatedDiscoveryStatus>,
}

/// `macie2:GetMacieSession`, then (when Macie is enabled) `macie2:ListClassificationJobs` and
/// `macie2:GetAutomatedDiscoveryConfiguration`. When the session cannot be read, neither can the
/// rest be told apart from "not enabled": all three facts carry that problem.
pub(crate) async fn macie(clients: &Clients, region: &str) -> Macie {
    let client = clients.macie2(region);
    let session = match client.get_macie_session().send().await {
        Ok(out) => MacieSession {
            status: out.status().map_or("UNKNOWN", |s| s.as_str()).into(),
            created_at: out.created_at().and_then(utc),
        },
        Err(error) if not_enabled(&error) => {
            return Macie {
                session: Fact::Ok(None),
                jobs: Fact::Ok(Vec::new()),
                automated_discovery: Fact::Ok(AutomatedDiscoveryStatus::Disabled),
            };
        }
        Err(error) => {
            let problem = classify(GET_MACIE_SESSION, &error);
            return Macie {
                session: problem.clone().into_fact(),
                jobs: problem.clone().into_fact(),
                automated_discovery: problem.into_fact(),
            };
        }
    };
    Macie {
        session: Fact::Ok(Some(session)),
        jobs: fact(jobs(&client).await),
        automated_discovery: fact(automated_discovery(&client).await),
    }
}

async fn jobs(client: &aws_sdk_macie2::Client) -> Result<Vec<ClassificationJob>, Problem> {
    let jobs =
        paging::all(LIST_CLASSIFICATION_JOBS, client.list_classification_jobs().into_paginator().send(), |page| {
            page.items()
                .iter()
                .filter_map(|j| {
                    Some(ClassificationJob {
                        job_id: j.job_id()?.to_owned(),
                        name: j.name().map(str::to_owned),
                        job_type: j.job_type().map_or("UNKNOWN", |t| t.as_str()).into(),
                        status: j.job_status().map_or("UNKNOWN", |s| s.as_str()).into(),
                        created_at: j.created_at().and_then(utc),
                    })
                })
                .collect()
        })
        .await?;
    Ok(jobs)
}

async fn automated_discovery(client: &aws_sdk_macie2::Client) -> Result<AutomatedDiscoveryStatus, Problem> {
    match client.get_automated_discovery_configuration().send().await {
        Ok(out) => Ok(out.status().map_or(AutomatedDiscoveryStatus::Disabled, |s| s.as_str().into())),
        Err(error) if not_enabled(&error) => Ok(AutomatedDiscoveryStatus::Disabled),
        Err(error) => Err(classify(GET_AUTOMATED_DISCOVERY_CONFIGURATION, &error)),
    }
}

#[cfg(test)]
mod tests {
    use crate::replay_tests::{JSON, replaying, response};

    use super::*;

    #[tokio::test]
    async fn enabled_macie_with_jobs_over_two_pages_and_discovery() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"createdAt":"2026-01-10T09:00:00.000Z","findingPublishingFrequency":"FIFTEEN_MINUTES","serviceRole":"arn:aws:iam::111111111111:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie","status":"ENABLED","updatedAt":"2026-01-10T09:00:00.000Z"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"items":[{"jobId":"a1b2","name":"weekly-pii","jobType":"SCHEDULED","jobStatus":"IDLE","createdAt":"2026-02-01T00:00:00.000Z"}],"nextToken":"page-2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"items":[{"jobId":"c3d4","jobType":"ONE_TIME","jobStatus":"COMPLETE","createdAt":"2025-03-01T00:00:00.000Z"}]}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"classificationScopeId":"s1","firstEnabledAt":"2026-01-10T09:00:00.000Z","status":"ENABLED"}"#,
            ),
        ]);
        let macie = macie(&clients, "us-east-1").await;
        let Fact::Ok(Some(session)) = macie.session else { panic!("no session") };
        assert!(session.is_enabled());
        assert_eq!(session.created_at.map(|t| t.to_rfc3339()), Some("2026-01-10T09:00:00+00:00".to_owned()));
        let Fact::Ok(jobs) = macie.jobs else { panic!("no jobs") };
        assert_eq!(jobs.len(), 2);
        assert_eq!((jobs[0].job_type.as_str(), jobs[0].status.as_str()), ("SCHEDULED", "IDLE"));
        assert_eq!(jobs[1].name, None);
        assert_eq!(macie.automated_discovery, Fact::Ok(AutomatedDiscoveryStatus::Enabled));
        assert_eq!(calls.snapshot().get("macie2:ListClassificationJobs"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn macie_not_enabled_is_no_session_no_jobs_and_no_discovery() {
        let (clients, calls, _replay) = replaying(vec![response(
            401,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"message":"Macie is not enabled."}"#,
        )]);
        let macie = macie(&clients, "us-east-1").await;
        assert_eq!(macie.session, Fact::Ok(None));
        assert_eq!(macie.jobs, Fact::Ok(Vec::new()));
        assert_eq!(macie.automated_discovery, Fact::Ok(AutomatedDiscoveryStatus::Disabled));
        assert_eq!(calls.total(), 1, "nothing else is asked");
    }

    #[tokio::test]
    async fn a_real_denial_is_denied_for_all_three() {
        let (clients, _calls, _replay) = replaying(vec![response(
            403,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"message":"User: arn:aws:sts::111111111111:assumed-role/audit/x is not authorized to perform: macie2:GetMacieSession"}"#,
        )]);
        let macie = macie(&clients, "us-east-1").await;
        assert_eq!(macie.session, Fact::denied("macie2:GetMacieSession"));
        assert_eq!(macie.jobs, Fact::denied("macie2:GetMacieSession"));
        assert_eq!(macie.automated_discovery, Fact::denied("macie2:GetMacieSession"));
    }
}
