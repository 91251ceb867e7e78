//! Systems Manager, per region: the instances it manages (Fleet Manager, Session Manager).

use maturity_evidence::{Fact, SsmManagedInstance};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    DESCRIBE_INSTANCE_INFORMATION: "ssm:DescribeInstanceInformation";
}

/// `ssm:DescribeInstanceInformation`, every page: EC2 instances and hybrid machines whose SSM
/// Agent has registered, with their ping status. An account that manages nothing answers an
/// empty list.
pub(crate) async fn managed_instances(clients: &Clients, region: &str) -> Fact<Vec<SsmManagedInstance>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Vec<SsmManagedInstance>, Problem> {
    let pages = clients.ssm(region).describe_instance_information().into_paginator().send();
    let instances = paging::all(DESCRIBE_INSTANCE_INFORMATION, pages, |page| {
        page.instance_information_list()
            .iter()
            .filter_map(|i| {
                Some(SsmManagedInstance {
                    instance_id: i.instance_id()?.to_owned(),
                    ping_status: i.ping_status().map_or("Unknown", |s| s.as_str()).into(),
                    platform_type: i.platform_type().map(|p| p.as_str().to_owned()),
                    agent_version: i.agent_version().map(str::to_owned),
                })
            })
            .collect()
    })
    .await?;
    Ok(instances)
}

#[cfg(test)]
mod tests {
    use maturity_evidence::Fact;

    use crate::replay_tests::{JSON, replaying, response};

    #[tokio::test]
    async fn managed_instances_are_read_over_two_pages() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"InstanceInformationList":[{"InstanceId":"i-0a1b2c3d4e5f60001","PingStatus":"Online","LastPingDateTime":1.7616e9,"AgentVersion":"3.3.1142.0","IsLatestVersion":false,"PlatformType":"Linux","PlatformName":"Amazon Linux","PlatformVersion":"2023","ResourceType":"EC2Instance","IPAddress":"10.0.1.10","ComputerName":"ip-10-0-1-10.ec2.internal"}],"NextToken":"page-2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"InstanceInformationList":[{"InstanceId":"i-0a1b2c3d4e5f60002","PingStatus":"ConnectionLost","AgentVersion":"3.2.582.0","PlatformType":"Windows","ResourceType":"EC2Instance"},{"InstanceId":"mi-0123456789abcdef0","PingStatus":"Inactive","ResourceType":"ManagedInstance"}]}"#,
            ),
        ]);
        let fact = super::managed_instances(&clients, "us-east-1").await;
        let Fact::Ok(instances) = fact else { panic!("{fact:?}") };
        assert_eq!(instances.len(), 3);
        assert_eq!(instances[0].instance_id, "i-0a1b2c3d4e5f60001");
        assert!(instances[0].is_online());
        assert_eq!(instances[0].platform_type.as_deref(), Some("Linux"));
        assert_eq!(instances[0].agent_version.as_deref(), Some("3.3.1142.0"));
        assert_eq!(instances[1].ping_status, "ConnectionLost".into());
        assert_eq!(instances[2].platform_type, None);
        assert_eq!(calls.snapshot().get("ssm:DescribeInstanceInformation"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn nothing_managed_is_an_empty_list() {
        let (clients, _calls, _replay) = replaying(vec![response(200, &[JSON], r#"{"InstanceInformationList":[]}"#)]);
        assert_eq!(super::managed_instances(&clients, "us-east-1").await, Fact::Ok(Vec::new()));
    }

    #[tokio::test]
    async fn denied_names_the_action() {
        let (clients, _calls, _replay) = replaying(vec![response(
            400,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"__type":"AccessDeniedException","message":"User is not authorized to perform: ssm:DescribeInstanceInformation"}"#,
        )]);
        assert_eq!(
            super::managed_instances(&clients, "us-east-1").await,
            Fact::denied("ssm:DescribeInstanceInformation")
        );
    }
}
