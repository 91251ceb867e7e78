//! Security Hub, per region: the hub and the enabled standards.

use maturity_evidence::{EnabledStandard, Fact, SecurityHub};

use super::Call;
use crate::classify::{OrProblem, Problem, classify, fact, has_code};
use crate::config::Clients;

pub(crate) const CALLS: &[Call] =
    &[Call::same("securityhub:DescribeHub"), Call::same("securityhub:GetEnabledStandards")];

/// Security Hub answers these when the account has not enabled it in the region: a value.
const NOT_SUBSCRIBED: &[&str] = &["InvalidAccessException", "ResourceNotFoundException"];

/// `securityhub:DescribeHub` (`None` when not enabled), then `securityhub:GetEnabledStandards`
/// when it is (no hub has no standards).
pub(crate) async fn hub_and_standards(
    clients: &Clients,
    region: &str,
) -> (Fact<Option<SecurityHub>>, Fact<Vec<EnabledStandard>>) {
    let client = clients.securityhub(region);
    let hub = match client.describe_hub().send().await {
        Ok(out) => Ok(out
            .hub_arn()
            .map(|arn| SecurityHub { hub_arn: arn.to_owned(), subscribed_at: out.subscribed_at().map(str::to_owned) })),
        Err(error) if has_code(&error, NOT_SUBSCRIBED) => Ok(None),
        Err(error) => Err(classify("securityhub:DescribeHub", &error)),
    };
    let standards = match &hub {
        Ok(Some(_)) => fact(standards(&client).await),
        Ok(None) => Fact::Ok(Vec::new()),
        Err(problem) => problem.clone().into_fact(),
    };
    (fact(hub), standards)
}

async fn standards(client: &aws_sdk_securityhub::Client) -> Result<Vec<EnabledStandard>, Problem> {
    let mut standards = Vec::new();
    let mut pages = client.get_enabled_standards().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.or_problem("securityhub:GetEnabledStandards")?;
        standards.extend(page.standards_subscriptions().iter().filter_map(|s| {
            Some(EnabledStandard {
                standards_arn: s.standards_arn()?.to_owned(),
                status: s.standards_status().map_or("UNKNOWN", |st| st.as_str()).to_owned(),
            })
        }));
    }
    Ok(standards)
}
