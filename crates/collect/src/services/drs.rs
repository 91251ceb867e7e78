//! AWS Elastic Disaster Recovery, per region: the source servers replicating into the region,
//! with their replication state and last recovery or drill launch.

use chrono::{DateTime, Utc};
use maturity_evidence::{DrsSourceServer, Fact};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    DESCRIBE_SOURCE_SERVERS: "drs:DescribeSourceServers";
}

/// "The service was never initialized in this region": a value (`None`), not an error.
const NOT_INITIALIZED: &[&str] = &["UninitializedAccountException"];

/// `drs:DescribeSourceServers`, every page; `None` when the service is not initialized.
pub(crate) async fn source_servers(clients: &Clients, region: &str) -> Fact<Option<Vec<DrsSourceServer>>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Option<Vec<DrsSourceServer>>, Problem> {
    let pages = clients.drs(region).describe_source_servers().into_paginator().send();
    paging::all_unless(DESCRIBE_SOURCE_SERVERS, pages, NOT_INITIALIZED, |page| {
        page.items()
            .iter()
            .filter_map(|server| {
                let last_launch = server.life_cycle().and_then(|l| l.last_launch()).and_then(|l| l.initiated());
                Some(DrsSourceServer {
                    source_server_id: server.source_server_id()?.to_owned(),
                    hostname: server
                        .source_properties()
                        .and_then(|p| p.identification_hints())
                        .and_then(|h| h.hostname())
                        .map(str::to_owned),
                    replication_state: server
                        .data_replication_info()
                        .and_then(|d| d.data_replication_state())
                        .map(|s| s.as_str().into()),
                    last_launch_result: server.last_launch_result().map(|r| r.as_str().into()),
                    last_launch_type: last_launch.and_then(|l| l.r#type()).map(|t| t.as_str().to_owned()),
                    last_launch_at: last_launch.and_then(|l| l.api_call_date_time()).and_then(timestamp),
                    origin_region: server
                        .source_cloud_properties()
                        .and_then(|p| p.origin_region())
                        .filter(|r| !r.is_empty())
                        .map(str::to_owned),
                })
            })
            .collect()
    })
    .await
}

/// DRS writes its times as ISO 8601 text (`2026-10-01T12:00:00+00:00` or with `Z`).
fn timestamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay_tests::{JSON, replaying, response};

    #[tokio::test]
    async fn not_initialized_is_no_service_not_an_error() {
        let (clients, _calls, _replay) = replaying(vec![response(
            400,
            &[JSON, ("x-amzn-errortype", "UninitializedAccountException")],
            r#"{"message":"Account not initialized","code":"UninitializedAccountException"}"#,
        )]);
        assert_eq!(source_servers(&clients, "eu-central-1").await, Fact::Ok(None));
    }

    #[tokio::test]
    async fn source_servers_are_read_over_two_pages() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"items":[{"sourceServerID":"s-1111111111111111a","arn":"arn:aws:drs:eu-central-1:111111111111:source-server/s-1111111111111111a","lastLaunchResult":"SUCCEEDED","dataReplicationInfo":{"dataReplicationState":"CONTINUOUS","lagDuration":"PT5S"},"lifeCycle":{"lastLaunch":{"initiated":{"apiCallDateTime":"2026-09-14T07:45:00Z","jobID":"drsjob-1","type":"DRILL"},"status":"LAUNCHED"}},"sourceProperties":{"identificationHints":{"hostname":"orders-app-1"}},"sourceCloudProperties":{"originRegion":"eu-west-1","originAccountID":"111111111111"}}],"nextToken":"page-2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"items":[{"sourceServerID":"s-2222222222222222b","lastLaunchResult":"NOT_STARTED","dataReplicationInfo":{"dataReplicationState":"STALLED"}}]}"#,
            ),
        ]);
        let Fact::Ok(Some(servers)) = source_servers(&clients, "eu-central-1").await else { panic!("no servers") };
        assert_eq!(servers.len(), 2);
        assert_eq!(servers[0].hostname.as_deref(), Some("orders-app-1"));
        assert!(servers[0].replicates_continuously());
        assert_eq!(servers[0].last_launch_type.as_deref(), Some("DRILL"));
        assert_eq!(servers[0].last_launch_at.map(|t| t.to_rfc3339()).as_deref(), Some("2026-09-14T07:45:00+00:00"));
        assert_eq!(servers[0].origin_region.as_deref(), Some("eu-west-1"));
        assert_eq!(servers[1].replication_state.as_ref().map(|s| s.as_str()), Some("STALLED"));
        assert_eq!(servers[1].last_launch_result.as_ref().map(|s| s.as_str()), Some("NOT_STARTED"));
        assert_eq!(calls.snapshot().get("drs:DescribeSourceServers"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn access_denied_names_the_action() {
        let (clients, _calls, _replay) = replaying(vec![response(
            403,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"message":"User is not authorized to perform: drs:DescribeSourceServers"}"#,
        )]);
        assert_eq!(source_servers(&clients, "eu-central-1").await, Fact::denied("drs:DescribeSourceServers"));
    }
}
