//! AWS Backup, per region: the backup plans with their rules and copy destinations, the vaults,
//! and the resources that have been backed up.

use aws_smithy_types_convert::date_time::DateTimeExt;
use chrono::{DateTime, Utc};
use maturity_evidence::{BackupPlan, BackupRule, BackupVault, Fact, ProtectedResource};

use super::{Limit, fan_out, paging};
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_BACKUP_PLANS: "backup:ListBackupPlans";
    GET_BACKUP_PLAN: "backup:GetBackupPlan";
    LIST_BACKUP_VAULTS: "backup:ListBackupVaults";
    LIST_PROTECTED_RESOURCES: "backup:ListProtectedResources";
}

/// An SDK timestamp as UTC.
pub(crate) fn utc(time: &aws_smithy_types::DateTime) -> Option<DateTime<Utc>> {
    time.to_chrono_utc().ok()
}

/// `backup:ListBackupPlans` and `backup:GetBackupPlan` of each plan (its rules and copy actions).
/// A plan that cannot be read makes the list that problem.
pub(crate) async fn plans(clients: &Clients, region: &str, limit: &Limit) -> Fact<Vec<BackupPlan>> {
    let client = clients.backup(region);
    let listed = match plan_list(&client).await {
        Ok(listed) => listed,
        Err(problem) => return problem.into_fact(),
    };
    let plans = fan_out(limit, listed, move |(plan_id, name, arn)| {
        let client = client.clone();
        async move { plan(&client, plan_id, name, arn).await }
    })
    .await;
    fact(plans.into_iter().collect())
}

async fn plan_list(client: &aws_sdk_backup::Client) -> Result<Vec<(String, String, Option<String>)>, Problem> {
    let listed = paging::all(LIST_BACKUP_PLANS, client.list_backup_plans().into_paginator().send(), |page| {
        page.backup_plans_list()
            .iter()
            .filter_map(|p| {
                Some((
                    p.backup_plan_id()?.to_owned(),
                    p.backup_plan_name().unwrap_or_default().to_owned(),
                    p.backup_plan_arn().map(str::to_owned),
                ))
            })
            .collect()
    })
    .await?;
    Ok(listed)
}

async fn plan(
    client: &aws_sdk_backup::Client,
    plan_id: String,
    name: String,
    arn: Option<String>,
) -> Result<BackupPlan, Problem> {
    let out = client.get_backup_plan().backup_plan_id(&plan_id).send().await.or_problem(GET_BACKUP_PLAN)?;
    let rules = out
        .backup_plan()
        .map(|p| {
            p.rules()
                .iter()
                .map(|r| BackupRule {
                    name: r.rule_name().to_owned(),
                    schedule: r.schedule_expression().map(str::to_owned),
                    target_vault: r.target_backup_vault_name().to_owned(),
                    copy_destinations: r
                        .copy_actions()
                        .iter()
                        .map(|c| c.destination_backup_vault_arn().to_owned())
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(BackupPlan { plan_id, name, arn, rules })
}

/// `backup:ListBackupVaults`.
pub(crate) async fn vaults(clients: &Clients, region: &str) -> Fact<Vec<BackupVault>> {
    let client = clients.backup(region);
    fact(
        paging::all(LIST_BACKUP_VAULTS, client.list_backup_vaults().into_paginator().send(), |page| {
            page.backup_vault_list()
                .iter()
                .filter_map(|v| {
                    Some(BackupVault {
                        name: v.backup_vault_name()?.to_owned(),
                        arn: v.backup_vault_arn()?.to_owned(),
                        locked: v.locked().unwrap_or(false),
                    })
                })
                .collect()
        })
        .await,
    )
}

/// `backup:ListProtectedResources`: every resource with at least one recovery point.
pub(crate) async fn protected_resources(clients: &Clients, region: &str) -> Fact<Vec<ProtectedResource>> {
    let client = clients.backup(region);
    fact(
        paging::all(LIST_PROTECTED_RESOURCES, client.list_protected_resources().into_paginator().send(), |page| {
            page.results()
                .iter()
                .filter_map(|r| {
                    Some(ProtectedResource {
                        resource_arn: r.resource_arn()?.to_owned(),
                        resource_type: r.resource_type().unwrap_or("UNKNOWN").to_owned(),
                        last_backup_time: r.last_backup_time().and_then(utc),
                    })
                })
                .collect()
        })
        .await,
    )
}

#[cfg(test)]
mod tests {
    use crate::replay_tests::{JSON, replaying, response};

    use super::*;

    #[tokio::test]
    async fn protected_resources_are_read_over_two_pages() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"Results":[{"ResourceArn":"arn:aws:rds:us-east-1:111111111111:db:orders","ResourceType":"RDS","LastBackupTime":1.7800704E9,"ResourceName":"orders"}],"NextToken":"page-2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"Results":[{"ResourceArn":"arn:aws:dynamodb:us-east-1:111111111111:table/carts","ResourceType":"DynamoDB"}]}"#,
            ),
        ]);
        let Fact::Ok(resources) = protected_resources(&clients, "us-east-1").await else { panic!("no value") };
        assert_eq!(resources.len(), 2);
        assert_eq!(resources[0].resource_type, "RDS");
        assert_eq!(resources[0].last_backup_time.map(|t| t.to_rfc3339()), Some("2026-05-29T16:00:00+00:00".to_owned()));
        assert_eq!(resources[1].resource_arn, "arn:aws:dynamodb:us-east-1:111111111111:table/carts");
        assert_eq!(resources[1].last_backup_time, None);
        assert_eq!(calls.snapshot().get("backup:ListProtectedResources"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn no_protected_resource_is_an_empty_list() {
        let (clients, _calls, _replay) = replaying(vec![response(200, &[JSON], r#"{"Results":[]}"#)]);
        assert_eq!(protected_resources(&clients, "us-east-1").await, Fact::Ok(Vec::new()));
    }

    #[tokio::test]
    async fn denied_protected_resources_name_the_action() {
        let (clients, _calls, _replay) = replaying(vec![response(
            403,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"Code":"AccessDeniedException","Message":"User is not authorized to perform: backup:ListProtectedResources"}"#,
        )]);
        assert_eq!(protected_resources(&clients, "us-east-1").await, Fact::denied("backup:ListProtectedResources"));
    }
}
