//! DynamoDB, per region: every table with its point-in-time recovery status.

use maturity_evidence::{DynamoDbTable, Fact};

use super::{Limit, fan_out, paging};
use crate::calls::declare_calls;
use crate::classify::{Problem, classify, fact, has_code};
use crate::config::Clients;

declare_calls! {
    LIST_TABLES: "dynamodb:ListTables";
    DESCRIBE_CONTINUOUS_BACKUPS: "dynamodb:DescribeContinuousBackups";
}

/// A table deleted between the listing and the question: it is no longer there.
const GONE: &[&str] = &["TableNotFoundException", "ResourceNotFoundException"];

/// `dynamodb:ListTables` and `dynamodb:DescribeContinuousBackups` of each table. A table whose
/// backups cannot be described makes the list that problem; a table deleted meanwhile is left out.
pub(crate) async fn tables(
    clients: &Clients,
    region: &str,
    account_id: &str,
    limit: &Limit,
) -> Fact<Vec<DynamoDbTable>> {
    let client = clients.dynamodb(region);
    let names = match table_names(&client).await {
        Ok(names) => names,
        Err(problem) => return problem.into_fact(),
    };
    let prefix = format!("arn:{}:dynamodb:{region}:{account_id}:table/", partition(region));
    let described = fan_out(limit, names, move |name| {
        let (client, prefix) = (client.clone(), prefix.clone());
        async move { table(&client, &prefix, name).await }
    })
    .await;
    fact(described.into_iter().filter_map(Result::transpose).collect())
}

/// The ARN partition of a region.
fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

async fn table_names(client: &aws_sdk_dynamodb::Client) -> Result<Vec<String>, Problem> {
    let names =
        paging::all(LIST_TABLES, client.list_tables().into_paginator().send(), |page| page.table_names().to_vec())
            .await?;
    Ok(names)
}

async fn table(
    client: &aws_sdk_dynamodb::Client,
    prefix: &str,
    name: String,
) -> Result<Option<DynamoDbTable>, Problem> {
    let out = match client.describe_continuous_backups().table_name(&name).send().await {
        Ok(out) => out,
        Err(error) if has_code(&error, GONE) => return Ok(None),
        Err(error) => return Err(classify(DESCRIBE_CONTINUOUS_BACKUPS, &error)),
    };
    let status = out
        .continuous_backups_description()
        .and_then(|d| d.point_in_time_recovery_description())
        .and_then(|p| p.point_in_time_recovery_status())
        .map_or("DISABLED", |s| s.as_str())
        .to_owned();
    Ok(Some(DynamoDbTable { arn: Some(format!("{prefix}{name}")), name, point_in_time_recovery: status.into() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_follow_the_region() {
        assert_eq!(partition("eu-west-1"), "aws");
        assert_eq!(partition("cn-north-1"), "aws-cn");
        assert_eq!(partition("us-gov-west-1"), "aws-us-gov");
    }
}
