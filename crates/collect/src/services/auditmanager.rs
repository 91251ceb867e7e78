//! AWS Audit Manager, per region: whether it is enabled, and the active assessments.

use aws_smithy_types_convert::date_time::DateTimeExt;
use maturity_evidence::{AuditAssessment, AuditManager, Fact};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

declare_calls! {
    GET_ACCOUNT_STATUS: "auditmanager:GetAccountStatus";
    LIST_ASSESSMENTS: "auditmanager:ListAssessments";
}

/// `auditmanager:GetAccountStatus`; when the account is `ACTIVE`, `auditmanager:ListAssessments`
/// with status `ACTIVE` (paginated). Audit Manager not enabled is a value: status `INACTIVE` (or
/// `PENDING_ACTIVATION`) with no assessments, and no listing call, which AWS refuses until
/// Audit Manager is set up.
pub(crate) async fn audit_manager(clients: &Clients, region: &str) -> Fact<AuditManager> {
    let client = clients.auditmanager(region);
    let collect = async {
        let account = client.get_account_status().send().await.or_problem(GET_ACCOUNT_STATUS)?;
        let status = account.status().map_or("INACTIVE", aws_sdk_auditmanager::types::AccountStatus::as_str).to_owned();
        let mut manager = AuditManager { status: status.into(), assessments: Vec::new() };
        if !manager.is_active() {
            return Ok(manager);
        }
        let pages = client
            .list_assessments()
            .status(aws_sdk_auditmanager::types::AssessmentStatus::Active)
            .into_paginator()
            .send();
        manager.assessments = paging::all(LIST_ASSESSMENTS, pages, |page| {
            page.assessment_metadata()
                .iter()
                .filter_map(|a| {
                    Some(AuditAssessment {
                        name: a.name()?.to_owned(),
                        framework: a.compliance_type().map(str::to_owned),
                        last_updated: a.last_updated().and_then(|t| t.to_chrono_utc().ok()),
                    })
                })
                .collect()
        })
        .await?;
        Ok::<_, Problem>(manager)
    };
    fact(collect.await)
}

#[cfg(test)]
mod tests {
    use maturity_evidence::{AuditManager, Fact};

    use super::audit_manager;
    use crate::replay_tests::{JSON, replaying, response};

    #[tokio::test]
    async fn not_enabled_is_a_value_and_nothing_is_listed() {
        let (clients, calls, _replay) = replaying(vec![response(200, &[JSON], r#"{"status":"INACTIVE"}"#)]);
        assert_eq!(
            audit_manager(&clients, "us-east-1").await,
            Fact::Ok(AuditManager { status: "INACTIVE".into(), assessments: Vec::new() })
        );
        assert_eq!(calls.total(), 1, "no ListAssessments, which AWS refuses before setup");
    }

    #[tokio::test]
    async fn active_assessments_are_read_over_two_pages() {
        let (clients, calls, replay) = replaying(vec![
            response(200, &[JSON], r#"{"status":"ACTIVE"}"#),
            response(
                200,
                &[JSON],
                r#"{"assessmentMetadata":[{"name":"PCI DSS readiness","id":"a1","complianceType":"PCI DSS","status":"ACTIVE","roles":[],"delegations":[],"creationTime":1.7E9,"lastUpdated":1761955200}],"nextToken":"n2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"assessmentMetadata":[{"name":"Custom controls","id":"a2","status":"ACTIVE","roles":[],"delegations":[],"creationTime":1.7E9}]}"#,
            ),
        ]);
        let Fact::Ok(manager) = audit_manager(&clients, "us-east-1").await else { panic!("no value") };
        assert!(manager.is_active());
        assert_eq!(manager.assessments.len(), 2);
        assert_eq!(manager.assessments[0].name, "PCI DSS readiness");
        assert_eq!(manager.assessments[0].framework.as_deref(), Some("PCI DSS"));
        assert_eq!(
            manager.assessments[0].last_updated.map(|t| t.to_rfc3339()),
            Some("2025-11-01T00:00:00+00:00".to_owned())
        );
        assert_eq!(manager.assessments[1].framework, None);
        assert_eq!(calls.snapshot().get("auditmanager:ListAssessments"), Some(&2), "one call per page");
        let requests = replay.actual_requests().collect::<Vec<_>>();
        assert!(requests[1].uri().contains("status=ACTIVE"), "{}", requests[1].uri());
    }

    #[tokio::test]
    async fn denied_names_the_action() {
        let (clients, _calls, _replay) = replaying(vec![response(
            403,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"message":"User is not authorized to perform: auditmanager:GetAccountStatus"}"#,
        )]);
        assert_eq!(audit_manager(&clients, "us-east-1").await, Fact::denied("auditmanager:GetAccountStatus"));
    }
}
