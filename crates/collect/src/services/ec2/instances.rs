//! EC2 instances with their metadata options, and the account's instance metadata defaults
//! (what a new instance gets when its launch says nothing).

use maturity_evidence::{Fact, Instance, InstanceMetadataDefaults, MetadataOptions};

use super::tags;
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;
use crate::services::paging;

declare_calls! {
    DESCRIBE_INSTANCES: "ec2:DescribeInstances";
    GET_INSTANCE_METADATA_DEFAULTS: "ec2:GetInstanceMetadataDefaults";
}

/// `ec2:DescribeInstances`.
pub(crate) async fn instances(clients: &Clients, region: &str) -> Fact<Vec<Instance>> {
    let collect = async {
        let pages = clients.ec2(region).describe_instances().into_paginator().send();
        let instances = paging::try_all(DESCRIBE_INSTANCES, pages, |page| {
            let mut instances = Vec::new();
            for instance in page.reservations().iter().flat_map(|r| r.instances()) {
                let Some(instance_id) = instance.instance_id() else { continue };
                instances.push(Instance {
                    instance_id: instance_id.to_owned(),
                    state: instance.state().and_then(|s| s.name()).map_or("unknown", |n| n.as_str()).into(),
                    vpc_id: instance.vpc_id().map(str::to_owned),
                    subnet_id: instance.subnet_id().map(str::to_owned),
                    metadata_options: instance.metadata_options().map(|m| MetadataOptions {
                        http_tokens: m.http_tokens().map_or("unknown", |t| t.as_str()).into(),
                        http_endpoint: m.http_endpoint().map_or("unknown", |e| e.as_str()).into(),
                    }),
                    security_group_ids: instance
                        .security_groups()
                        .iter()
                        .filter_map(|g| g.group_id())
                        .map(str::to_owned)
                        .collect(),
                    tags: tags(instance.tags()),
                });
            }
            Ok(instances)
        })
        .await?;
        Ok::<_, Problem>(instances)
    };
    fact(collect.await)
}

/// `ec2:GetInstanceMetadataDefaults`: the account-level defaults in the region; every field
/// `None` when none is set.
pub(crate) async fn instance_metadata_defaults(clients: &Clients, region: &str) -> Fact<InstanceMetadataDefaults> {
    let result = clients
        .ec2(region)
        .get_instance_metadata_defaults()
        .send()
        .await
        .or_problem(GET_INSTANCE_METADATA_DEFAULTS)
        .map(|out| {
            out.account_level()
                .map(|d| InstanceMetadataDefaults {
                    http_tokens: d.http_tokens().map(|t| t.as_str().into()),
                    http_put_response_hop_limit: d.http_put_response_hop_limit(),
                    http_endpoint: d.http_endpoint().map(|e| e.as_str().into()),
                    instance_metadata_tags: d.instance_metadata_tags().map(|t| t.as_str().to_owned()),
                })
                .unwrap_or_default()
        });
    fact(result)
}

#[cfg(test)]
mod tests {
    use maturity_evidence::Fact;

    use crate::replay_tests::{XML, replaying, response};

    const NS: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

    #[tokio::test]
    async fn instance_metadata_defaults_are_read_and_unset_defaults_are_none() {
        let (clients, _calls, _replay) = replaying(vec![
            response(
                200,
                &[XML],
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?>
<GetInstanceMetadataDefaultsResponse xmlns="{NS}"><requestId>r1</requestId><accountLevel><httpTokens>required</httpTokens><httpPutResponseHopLimit>2</httpPutResponseHopLimit><httpEndpoint>enabled</httpEndpoint><instanceMetadataTags>disabled</instanceMetadataTags></accountLevel></GetInstanceMetadataDefaultsResponse>"#
                ),
            ),
            response(
                200,
                &[XML],
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?>
<GetInstanceMetadataDefaultsResponse xmlns="{NS}"><requestId>r2</requestId><accountLevel/></GetInstanceMetadataDefaultsResponse>"#
                ),
            ),
            response(
                403,
                &[XML],
                r#"<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>r3</RequestID></Response>"#,
            ),
        ]);
        let set = super::instance_metadata_defaults(&clients, "eu-west-1").await;
        let Fact::Ok(set) = set else { panic!("{set:?}") };
        assert_eq!(set.http_tokens.as_ref().map(|s| s.as_str()), Some("required"));
        assert_eq!(set.http_put_response_hop_limit, Some(2));
        assert_eq!(set.http_endpoint.as_ref().map(|s| s.as_str()), Some("enabled"));
        assert_eq!(set.instance_metadata_tags.as_deref(), Some("disabled"));
        let unset = super::instance_metadata_defaults(&clients, "eu-west-1").await;
        assert_eq!(unset, Fact::Ok(maturity_evidence::InstanceMetadataDefaults::default()));
        let denied = super::instance_metadata_defaults(&clients, "eu-west-1").await;
        assert_eq!(denied, Fact::denied("ec2:GetInstanceMetadataDefaults"));
    }
}
