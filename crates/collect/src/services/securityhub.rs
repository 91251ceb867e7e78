//! Security Hub, per region: the hub, the enabled standards and the open critical findings.

use aws_sdk_securityhub::types::{
    AwsSecurityFinding, AwsSecurityFindingFilters, RecordState, SeverityLabel, SortCriterion, SortOrder, StringFilter,
    StringFilterComparison, WorkflowStatus,
};
use chrono::{DateTime, Utc};
use maturity_evidence::{CriticalFindings, EnabledStandard, Fact, MAX_CRITICAL_FINDINGS, SecurityFinding, SecurityHub};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, classify, fact, has_code};
use crate::config::Clients;

declare_calls! {
    DESCRIBE_HUB: "securityhub:DescribeHub";
    GET_ENABLED_STANDARDS: "securityhub:GetEnabledStandards";
    GET_FINDINGS: "securityhub:GetFindings";
}

/// Security Hub answers these when the account has not enabled it in the region: a value.
const NOT_SUBSCRIBED: &[&str] = &["InvalidAccessException", "ResourceNotFoundException"];

/// The largest page `GetFindings` serves.
const FINDINGS_PER_PAGE: i32 = 100;

/// `securityhub:DescribeHub` (`None` when not enabled), then `securityhub:GetEnabledStandards`
/// when it is (no hub has no standards).
pub(crate) async fn hub_and_standards(
    clients: &Clients,
    region: &str,
) -> (Fact<Option<SecurityHub>>, Fact<Vec<EnabledStandard>>) {
    let client = clients.securityhub(region);
    let hub = describe_hub(&client).await;
    let standards = match &hub {
        Ok(Some(_)) => fact(standards(&client).await),
        Ok(None) => Fact::Ok(Vec::new()),
        Err(problem) => problem.clone().into_fact(),
    };
    (fact(hub), standards)
}

/// The open critical findings (`securityhub:GetFindings`) of a region whose hub is `hub` (from
/// [`hub_and_standards`]): `None` without a hub, as no findings are gathered there; the hub's
/// problem when the hub could not be read.
pub(crate) async fn critical_findings(
    clients: &Clients,
    region: &str,
    hub: &Fact<Option<SecurityHub>>,
) -> Fact<Option<CriticalFindings>> {
    match hub {
        Fact::Ok(Some(_)) => fact(open_critical_findings(&clients.securityhub(region)).await),
        Fact::Ok(None) => Fact::Ok(None),
        Fact::Denied { action } => Fact::denied(action.clone()),
        Fact::Unavailable { why } => Fact::unavailable(why.clone()),
        Fact::Failed { error } => Fact::failed(error.clone()),
        Fact::NotCollected => Fact::NotCollected,
    }
}

async fn describe_hub(client: &aws_sdk_securityhub::Client) -> Result<Option<SecurityHub>, Problem> {
    match client.describe_hub().send().await {
        Ok(out) => Ok(out
            .hub_arn()
            .map(|arn| SecurityHub { hub_arn: arn.to_owned(), subscribed_at: out.subscribed_at().map(str::to_owned) })),
        Err(error) if has_code(&error, NOT_SUBSCRIBED) => Ok(None),
        Err(error) => Err(classify(DESCRIBE_HUB, &error)),
    }
}

async fn standards(client: &aws_sdk_securityhub::Client) -> Result<Vec<EnabledStandard>, Problem> {
    let standards =
        paging::all(GET_ENABLED_STANDARDS, client.get_enabled_standards().into_paginator().send(), |page| {
            page.standards_subscriptions()
                .iter()
                .filter_map(|s| {
                    Some(EnabledStandard {
                        standards_arn: s.standards_arn()?.to_owned(),
                        status: s.standards_status().map_or("UNKNOWN", |st| st.as_str()).into(),
                    })
                })
                .collect()
        })
        .await?;
    Ok(standards)
}

fn equals(value: &str) -> StringFilter {
    StringFilter::builder().comparison(StringFilterComparison::Equals).value(value).build()
}

/// Active critical findings still `NEW` or `NOTIFIED`, oldest first, up to
/// [`MAX_CRITICAL_FINDINGS`]. Filters on the same field are ORed by Security Hub. Each page is
/// fetched once; the list stops at the cap and says it was truncated. The filter is applied again
/// to what comes back, so an emulator that ignores filters cannot widen the list.
async fn open_critical_findings(client: &aws_sdk_securityhub::Client) -> Result<Option<CriticalFindings>, Problem> {
    let filters = AwsSecurityFindingFilters::builder()
        .severity_label(equals("CRITICAL"))
        .record_state(equals("ACTIVE"))
        .workflow_status(equals("NEW"))
        .workflow_status(equals("NOTIFIED"))
        .build();
    let oldest_first = SortCriterion::builder().field("FirstObservedAt").sort_order(SortOrder::Ascending).build();
    let mut pages = client
        .get_findings()
        .filters(filters)
        .sort_criteria(oldest_first)
        .max_results(FINDINGS_PER_PAGE)
        .into_paginator()
        .send();
    let mut kept = CriticalFindings::default();
    while let Some(page) = pages.next().await {
        let page = match page {
            Ok(page) => page,
            // Disabled between DescribeHub and now: nothing is gathered.
            Err(error) if has_code(&error, NOT_SUBSCRIBED) => return Ok(None),
            Err(error) => return Err(classify(GET_FINDINGS, &error)),
        };
        for finding in page.findings().iter().filter(|f| is_open_critical(f)) {
            if kept.findings.len() >= MAX_CRITICAL_FINDINGS {
                kept.truncated = true;
                break;
            }
            kept.findings.push(security_finding(finding));
        }
        if kept.truncated || (kept.findings.len() >= MAX_CRITICAL_FINDINGS && page.next_token().is_some()) {
            kept.truncated = true;
            break;
        }
    }
    Ok(Some(kept))
}

/// The workflow status, `NEW` when the product did not set one (Security Hub's default).
fn workflow_status(finding: &AwsSecurityFinding) -> &str {
    finding.workflow().and_then(|w| w.status()).map_or("NEW", WorkflowStatus::as_str)
}

fn is_open_critical(finding: &AwsSecurityFinding) -> bool {
    finding.severity().and_then(|s| s.label()) == Some(&SeverityLabel::Critical)
        && finding.record_state().is_none_or(|state| *state == RecordState::Active)
        && matches!(workflow_status(finding), "NEW" | "NOTIFIED")
}

fn security_finding(finding: &AwsSecurityFinding) -> SecurityFinding {
    let resource = finding.resources().first();
    SecurityFinding {
        id: finding.id().unwrap_or_default().to_owned(),
        title: finding.title().unwrap_or_default().to_owned(),
        resource_id: resource.and_then(|r| r.id()).map(str::to_owned),
        resource_type: resource.and_then(|r| r.r#type()).map(str::to_owned),
        first_observed_at: finding
            .first_observed_at()
            .and_then(timestamp)
            .or_else(|| finding.created_at().and_then(timestamp)),
        workflow_status: workflow_status(finding).to_owned(),
        product_name: finding.product_name().map(str::to_owned),
    }
}

/// ASFF timestamps are RFC 3339 (`2026-11-01T10:00:00.000Z`).
fn timestamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|d| d.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use maturity_evidence::{Fact, MAX_CRITICAL_FINDINGS, SecurityHub};

    use super::critical_findings;
    use crate::replay_tests::{JSON, replaying, response};

    fn hub() -> Fact<Option<SecurityHub>> {
        Fact::Ok(Some(SecurityHub {
            hub_arn: "arn:aws:securityhub:us-east-1:111111111111:hub/default".to_owned(),
            subscribed_at: None,
        }))
    }

    /// One finding in the AWS Security Finding Format, as `GetFindings` returns it.
    fn asff(id: &str, first_observed_at: &str, workflow: &str) -> String {
        format!(
            r#"{{"SchemaVersion":"2018-10-08","Id":"{id}","ProductArn":"arn:aws:securityhub:us-east-1::product/aws/guardduty","GeneratorId":"arn:aws:guardduty:us-east-1:111111111111:detector/d1","AwsAccountId":"111111111111","Types":["TTPs/Command and Control"],"FirstObservedAt":"{first_observed_at}","CreatedAt":"{first_observed_at}","UpdatedAt":"2026-11-01T00:00:00.000Z","Severity":{{"Label":"CRITICAL","Normalized":90,"Original":"8.0"}},"Title":"Instance talks to a command-and-control server","Description":"d","ProductName":"GuardDuty","CompanyName":"Amazon","Region":"us-east-1","Resources":[{{"Type":"AwsEc2Instance","Id":"arn:aws:ec2:us-east-1:111111111111:instance/i-1","Partition":"aws","Region":"us-east-1"}}],"Workflow":{{"Status":"{workflow}"}},"WorkflowState":"NEW","RecordState":"ACTIVE"}}"#
        )
    }

    fn page(findings: &[String], next: Option<&str>) -> String {
        let next = next.map(|t| format!(r#","NextToken":"{t}""#)).unwrap_or_default();
        format!(r#"{{"Findings":[{}]{next}}}"#, findings.join(","))
    }

    #[tokio::test]
    async fn critical_findings_are_read_over_two_pages_with_the_filters() {
        let (clients, calls, replay) = replaying(vec![
            response(
                200,
                &[JSON],
                &page(
                    &[asff("f-1", "2026-09-01T10:00:00.000Z", "NEW"), asff("f-2", "2026-10-01T10:00:00Z", "NOTIFIED")],
                    Some("page-2"),
                ),
            ),
            response(200, &[JSON], &page(&[asff("f-3", "2026-10-30T10:00:00Z", "NEW")], None)),
        ]);
        let Fact::Ok(Some(found)) = critical_findings(&clients, "us-east-1", &hub()).await else {
            panic!("no findings")
        };
        assert_eq!(found.findings.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["f-1", "f-2", "f-3"]);
        assert!(!found.truncated);
        let first = &found.findings[0];
        assert_eq!(first.title, "Instance talks to a command-and-control server");
        assert_eq!(first.product_name.as_deref(), Some("GuardDuty"));
        assert_eq!(first.resource_type.as_deref(), Some("AwsEc2Instance"));
        assert_eq!(first.resource_id.as_deref(), Some("arn:aws:ec2:us-east-1:111111111111:instance/i-1"));
        assert_eq!(first.first_observed_at.map(|t| t.to_rfc3339()), Some("2026-09-01T10:00:00+00:00".to_owned()));
        assert_eq!(found.findings[1].workflow_status, "NOTIFIED");
        assert_eq!(calls.snapshot().get("securityhub:GetFindings"), Some(&2), "one call per page");
        let requests = replay.actual_requests().collect::<Vec<_>>();
        let body = std::str::from_utf8(requests[0].body().bytes().unwrap_or_default()).unwrap_or_default().to_owned();
        for part in
            ["SeverityLabel", "CRITICAL", "RecordState", "ACTIVE", "WorkflowStatus", "NOTIFIED", "FirstObservedAt"]
        {
            assert!(body.contains(part), "{part} missing from {body}");
        }
    }

    #[tokio::test]
    async fn the_list_stops_at_the_cap_and_says_so() {
        let pages = MAX_CRITICAL_FINDINGS / 100;
        let responses = (0..pages)
            .map(|p| {
                let findings: Vec<String> =
                    (0..100).map(|i| asff(&format!("f-{p}-{i}"), "2026-09-01T00:00:00Z", "NEW")).collect();
                response(200, &[JSON], &page(&findings, Some(&format!("page-{}", p + 2))))
            })
            .collect();
        let (clients, calls, _replay) = replaying(responses);
        let Fact::Ok(Some(found)) = critical_findings(&clients, "us-east-1", &hub()).await else {
            panic!("no findings")
        };
        assert_eq!(found.findings.len(), MAX_CRITICAL_FINDINGS);
        assert!(found.truncated);
        assert_eq!(calls.snapshot().get("securityhub:GetFindings"), Some(&(pages as u64)), "no page past the cap");
    }

    #[tokio::test]
    async fn without_a_hub_nothing_is_asked_and_nothing_is_gathered() {
        let (clients, calls, _replay) = replaying(Vec::new());
        assert_eq!(critical_findings(&clients, "us-east-1", &Fact::Ok(None)).await, Fact::Ok(None));
        let denied = Fact::denied("securityhub:DescribeHub");
        assert_eq!(critical_findings(&clients, "us-east-1", &denied).await, Fact::denied("securityhub:DescribeHub"));
        assert_eq!(calls.total(), 0);
    }

    #[tokio::test]
    async fn not_subscribed_on_get_findings_is_no_findings_gathered() {
        let (clients, _calls, _replay) = replaying(vec![response(
            401,
            &[JSON, ("x-amzn-errortype", "InvalidAccessException")],
            r#"{"Code":"InvalidAccessException","Message":"Account 111111111111 is not subscribed to AWS Security Hub"}"#,
        )]);
        assert_eq!(critical_findings(&clients, "us-east-1", &hub()).await, Fact::Ok(None));
    }
}
