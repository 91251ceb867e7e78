//! Verified Access instances with their trust providers and how many endpoints each serves.

use maturity_evidence::{Fact, VerifiedAccessInstance, VerifiedAccessTrustProvider};

use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;
use crate::services::paging;

declare_calls! {
    DESCRIBE_VERIFIED_ACCESS_INSTANCES: "ec2:DescribeVerifiedAccessInstances";
    DESCRIBE_VERIFIED_ACCESS_ENDPOINTS: "ec2:DescribeVerifiedAccessEndpoints";
}

/// `ec2:DescribeVerifiedAccessInstances` with their trust providers, and
/// `ec2:DescribeVerifiedAccessEndpoints` to count each instance's endpoints. A region without
/// Verified Access answers empty lists.
pub(crate) async fn verified_access_instances(clients: &Clients, region: &str) -> Fact<Vec<VerifiedAccessInstance>> {
    let collect = async {
        let client = clients.ec2(region);
        let pages = client.describe_verified_access_instances().into_paginator().send();
        let mut instances = paging::try_all(DESCRIBE_VERIFIED_ACCESS_INSTANCES, pages, |page| {
            let mut instances = Vec::new();
            instances.extend(page.verified_access_instances().iter().filter_map(|i| {
                Some(VerifiedAccessInstance {
                    verified_access_instance_id: i.verified_access_instance_id()?.to_owned(),
                    trust_providers: i
                        .verified_access_trust_providers()
                        .iter()
                        .filter_map(|t| {
                            Some(VerifiedAccessTrustProvider {
                                verified_access_trust_provider_id: t.verified_access_trust_provider_id()?.to_owned(),
                                trust_provider_type: t
                                    .trust_provider_type()
                                    .map_or("unknown", |k| k.as_str())
                                    .to_owned(),
                                provider: t
                                    .user_trust_provider_type()
                                    .map(|u| u.as_str().to_owned())
                                    .or_else(|| t.device_trust_provider_type().map(|d| d.as_str().to_owned())),
                            })
                        })
                        .collect(),
                    endpoints: 0,
                })
            }));
            Ok(instances)
        })
        .await?;
        if instances.is_empty() {
            // No instance, no endpoint: spare the second call.
            return Ok::<_, Problem>(instances);
        }
        let pages = client.describe_verified_access_endpoints().into_paginator().send();
        let owners = paging::all(DESCRIBE_VERIFIED_ACCESS_ENDPOINTS, pages, |page| {
            page.verified_access_endpoints()
                .iter()
                .map(|e| e.verified_access_instance_id().map(str::to_owned))
                .collect()
        })
        .await?;
        for owner in owners {
            if let Some(instance) =
                instances.iter_mut().find(|i| Some(i.verified_access_instance_id.as_str()) == owner.as_deref())
            {
                instance.endpoints += 1;
            }
        }
        Ok(instances)
    };
    fact(collect.await)
}

#[cfg(test)]
mod tests {
    use maturity_evidence::Fact;

    use crate::replay_tests::{XML, replaying, response};

    const NS: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

    #[tokio::test]
    async fn verified_access_instances_are_read_over_two_pages_with_their_endpoints() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[XML],
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeVerifiedAccessInstancesResponse xmlns="{NS}"><requestId>r1</requestId><verifiedAccessInstanceSet><item><verifiedAccessInstanceId>vai-0aaa0000000000001</verifiedAccessInstanceId><description>internal apps</description><verifiedAccessTrustProviderSet><item><verifiedAccessTrustProviderId>vatp-0aaa0000000000001</verifiedAccessTrustProviderId><description>workforce</description><trustProviderType>user</trustProviderType><userTrustProviderType>iam-identity-center</userTrustProviderType></item><item><verifiedAccessTrustProviderId>vatp-0aaa0000000000002</verifiedAccessTrustProviderId><trustProviderType>device</trustProviderType><deviceTrustProviderType>crowdstrike</deviceTrustProviderType></item></verifiedAccessTrustProviderSet><creationTime>2026-01-10T10:00:00</creationTime><tagSet/></item></verifiedAccessInstanceSet><nextToken>page-2</nextToken></DescribeVerifiedAccessInstancesResponse>"#
                ),
            ),
            response(
                200,
                &[XML],
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeVerifiedAccessInstancesResponse xmlns="{NS}"><requestId>r2</requestId><verifiedAccessInstanceSet><item><verifiedAccessInstanceId>vai-0bbb0000000000002</verifiedAccessInstanceId><verifiedAccessTrustProviderSet/></item></verifiedAccessInstanceSet></DescribeVerifiedAccessInstancesResponse>"#
                ),
            ),
            response(
                200,
                &[XML],
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeVerifiedAccessEndpointsResponse xmlns="{NS}"><requestId>r3</requestId><verifiedAccessEndpointSet><item><verifiedAccessInstanceId>vai-0aaa0000000000001</verifiedAccessInstanceId><verifiedAccessGroupId>vagr-1</verifiedAccessGroupId><verifiedAccessEndpointId>vae-1</verifiedAccessEndpointId><applicationDomain>wiki.example.com</applicationDomain><endpointType>load-balancer</endpointType><attachmentType>vpc</attachmentType></item><item><verifiedAccessInstanceId>vai-0aaa0000000000001</verifiedAccessInstanceId><verifiedAccessEndpointId>vae-2</verifiedAccessEndpointId><endpointType>network-interface</endpointType></item></verifiedAccessEndpointSet></DescribeVerifiedAccessEndpointsResponse>"#
                ),
            ),
        ]);
        let fact = super::verified_access_instances(&clients, "us-east-1").await;
        let Fact::Ok(instances) = fact else { panic!("{fact:?}") };
        assert_eq!(instances.len(), 2);
        let first = &instances[0];
        assert_eq!(first.verified_access_instance_id, "vai-0aaa0000000000001");
        assert_eq!(first.endpoints, 2);
        let providers: Vec<(&str, Option<&str>)> =
            first.trust_providers.iter().map(|p| (p.trust_provider_type.as_str(), p.provider.as_deref())).collect();
        assert_eq!(providers, vec![("user", Some("iam-identity-center")), ("device", Some("crowdstrike"))]);
        assert!(instances[1].trust_providers.is_empty());
        assert_eq!(instances[1].endpoints, 0);
        let snapshot = calls.snapshot();
        assert_eq!(snapshot.get("ec2:DescribeVerifiedAccessInstances"), Some(&2), "one call per page");
        assert_eq!(snapshot.get("ec2:DescribeVerifiedAccessEndpoints"), Some(&1));
    }

    #[tokio::test]
    async fn no_verified_access_instance_is_an_empty_list_without_asking_for_endpoints() {
        let (clients, calls, _replay) = replaying(vec![response(
            200,
            &[XML],
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeVerifiedAccessInstancesResponse xmlns="{NS}"><requestId>r1</requestId><verifiedAccessInstanceSet/></DescribeVerifiedAccessInstancesResponse>"#
            ),
        )]);
        assert_eq!(super::verified_access_instances(&clients, "us-east-1").await, Fact::Ok(Vec::new()));
        assert_eq!(calls.total(), 1);
    }

    #[tokio::test]
    async fn verified_access_denied_names_the_action() {
        let (clients, _calls, _replay) = replaying(vec![response(
            403,
            &[XML],
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>c</RequestID></Response>"#,
        )]);
        assert_eq!(
            super::verified_access_instances(&clients, "us-east-1").await,
            Fact::denied("ec2:DescribeVerifiedAccessInstances")
        );
    }
}
