//! Amazon Security Lake, per region: the region's data lake, the AWS log sources it collects and
//! how many subscribers read it.
//!
//! Without Security Lake in the region, `ListDataLakes` answers an empty list (or
//! `ResourceNotFoundException`): that is "not enabled", a value. `AccessDeniedException` stays a
//! denial whatever its message says, so a missing permission is never read as "no lake".

use std::collections::{BTreeMap, BTreeSet};

use maturity_evidence::{Fact, SecurityLakeDataLake, SecurityLakeLogSource};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, classify, fact, has_code};
use crate::config::Clients;

declare_calls! {
    LIST_DATA_LAKES: "securitylake:ListDataLakes";
    LIST_LOG_SOURCES: "securitylake:ListLogSources";
    LIST_SUBSCRIBERS: "securitylake:ListSubscribers";
}

/// "There is no data lake here" answers.
const NO_DATA_LAKE: &[&str] = &["ResourceNotFoundException"];

/// `securitylake:ListDataLakes` for the region, then its log sources and subscribers; `None`
/// when Security Lake is not enabled there.
pub(crate) async fn data_lake(clients: &Clients, region: &str) -> Fact<Option<SecurityLakeDataLake>> {
    let client = clients.securitylake(region);
    let lake = match client.list_data_lakes().regions(region).send().await {
        Ok(out) => out.data_lakes().iter().find(|l| l.region() == region).cloned(),
        Err(error) if has_code(&error, NO_DATA_LAKE) => None,
        Err(error) => return classify(LIST_DATA_LAKES, &error).into_fact(),
    };
    let Some(lake) = lake else { return Fact::Ok(None) };
    Fact::Ok(Some(SecurityLakeDataLake {
        data_lake_arn: lake.data_lake_arn().to_owned(),
        create_status: lake.create_status().map(|s| s.as_str().into()),
        update_status: lake.update_status().and_then(|u| u.status()).map(|s| s.as_str().into()),
        log_sources: fact(log_sources(clients, region).await),
        subscribers: fact(subscribers(clients, region).await),
    }))
}

/// `securitylake:ListLogSources` for the region: each AWS source with the accounts it is
/// collected from. Custom sources are not kept.
async fn log_sources(clients: &Clients, region: &str) -> Result<Vec<SecurityLakeLogSource>, Problem> {
    let mut found: BTreeMap<(String, Option<String>), BTreeSet<String>> = BTreeMap::new();
    let pages = clients.securitylake(region).list_log_sources().regions(region).into_paginator().send();
    let listed = paging::all(LIST_LOG_SOURCES, pages, |page| {
        let mut listed = Vec::new();
        for source in page.sources() {
            for resource in source.sources() {
                let Ok(aws) = resource.as_aws_log_source() else { continue };
                let Some(name) = aws.source_name() else { continue };
                let key = (name.as_str().to_owned(), aws.source_version().map(str::to_owned));
                listed.push((key, source.account().map(str::to_owned)));
            }
        }
        listed
    })
    .await?;
    for (key, account) in listed {
        found.entry(key).or_default().extend(account);
    }
    Ok(found
        .into_iter()
        .map(|((source_name, source_version), accounts)| SecurityLakeLogSource {
            source_name,
            source_version,
            accounts: accounts.into_iter().collect(),
        })
        .collect())
}

/// `securitylake:ListSubscribers`: how many there are.
async fn subscribers(clients: &Clients, region: &str) -> Result<u32, Problem> {
    let pages = clients.securitylake(region).list_subscribers().into_paginator().send();
    let subscribers = paging::all(LIST_SUBSCRIBERS, pages, |page| page.subscribers().to_vec()).await?;
    Ok(u32::try_from(subscribers.len()).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay_tests::{JSON, replaying, response};

    const LAKE: &str = r#"{"dataLakes":[{"dataLakeArn":"arn:aws:securitylake:eu-west-1:111111111111:data-lake/default","region":"eu-west-1","s3BucketArn":"arn:aws:s3:::aws-security-data-lake-eu-west-1-abc","encryptionConfiguration":{"kmsKeyId":"S3_MANAGED_KEY"},"lifecycleConfiguration":{"expiration":{"days":365}},"createStatus":"COMPLETED","updateStatus":{"requestId":"r-1","status":"COMPLETED"}}]}"#;

    #[tokio::test]
    async fn lake_sources_over_two_pages_and_subscribers_are_read() {
        let (clients, calls, _replay) = replaying(vec![
            response(200, &[JSON], LAKE),
            response(
                200,
                &[JSON],
                r#"{"sources":[{"account":"111111111111","region":"eu-west-1","sources":[{"awsLogSource":{"sourceName":"CLOUD_TRAIL_MGMT","sourceVersion":"2.0"}},{"awsLogSource":{"sourceName":"SH_FINDINGS","sourceVersion":"2.0"}}]}],"nextToken":"page-2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"sources":[{"account":"222222222222","region":"eu-west-1","sources":[{"awsLogSource":{"sourceName":"CLOUD_TRAIL_MGMT","sourceVersion":"2.0"}},{"customLogSource":{"sourceName":"firewall","sourceVersion":"1.0"}}]}]}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"subscribers":[{"subscriberId":"s-1","subscriberArn":"arn:aws:securitylake:eu-west-1:111111111111:subscriber/s-1","subscriberIdentity":{"principal":"333333333333","externalId":"x"},"subscriberName":"siem","sources":[],"subscriberStatus":"ACTIVE"}]}"#,
            ),
        ]);
        let Fact::Ok(Some(lake)) = data_lake(&clients, "eu-west-1").await else { panic!("lake not read") };
        assert!(lake.is_active());
        let Fact::Ok(sources) = &lake.log_sources else { panic!("{:?}", lake.log_sources) };
        let names: Vec<(&str, usize)> = sources.iter().map(|s| (s.source_name.as_str(), s.accounts.len())).collect();
        assert_eq!(names, vec![("CLOUD_TRAIL_MGMT", 2), ("SH_FINDINGS", 1)], "custom sources are left out");
        assert_eq!(lake.subscribers, Fact::Ok(1));
        assert_eq!(calls.snapshot().get("securitylake:ListLogSources"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn no_lake_in_the_region_is_none_without_further_calls() {
        let (clients, calls, _replay) = replaying(vec![response(200, &[JSON], r#"{"dataLakes":[]}"#)]);
        assert_eq!(data_lake(&clients, "eu-west-1").await, Fact::Ok(None));
        assert_eq!(calls.total(), 1);
    }

    #[tokio::test]
    async fn resource_not_found_is_not_enabled() {
        let (clients, _calls, _replay) = replaying(vec![response(
            404,
            &[JSON, ("x-amzn-errortype", "ResourceNotFoundException")],
            r#"{"message":"Security Lake is not enabled in this Region","resourceName":"default","resourceType":"DataLake"}"#,
        )]);
        assert_eq!(data_lake(&clients, "eu-west-1").await, Fact::Ok(None));
    }

    #[tokio::test]
    async fn access_denied_stays_denied_whatever_the_message() {
        let (clients, _calls, _replay) = replaying(vec![response(
            403,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"message":"Security Lake is not enabled or you are not authorized","errorCode":"AccessDenied"}"#,
        )]);
        assert_eq!(data_lake(&clients, "eu-west-1").await, Fact::denied("securitylake:ListDataLakes"));
    }
}
