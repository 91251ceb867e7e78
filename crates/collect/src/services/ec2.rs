//! EC2 and VPC, per region: instances, security groups, VPCs, flow logs, EBS default encryption
//! and volumes, snapshot and AMI block public access, Verified Access instances; and the account's
//! enabled regions; subnets, route tables, the account's instance metadata defaults, and transit
//! gateways with their attachments.

use aws_sdk_ec2::types::Tag;
use maturity_evidence::{
    Fact, FlowLog, Instance, InstanceMetadataDefaults, IpPermission, MetadataOptions, Route, RouteTable, SecurityGroup,
    Subnet, Tags, TransitGateway, TransitGatewayAttachment, VerifiedAccessInstance, VerifiedAccessTrustProvider,
    Volume, Vpc,
};

use super::Call;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

pub(crate) const CALLS: &[Call] = &[
    Call::same("ec2:DescribeRegions"),
    Call::same("ec2:DescribeInstances"),
    Call::same("ec2:DescribeSecurityGroups"),
    Call::same("ec2:DescribeVpcs"),
    Call::same("ec2:DescribeFlowLogs"),
    Call::same("ec2:GetEbsEncryptionByDefault"),
    Call::same("ec2:DescribeVolumes"),
    Call::same("ec2:GetSnapshotBlockPublicAccessState"),
    Call::same("ec2:GetImageBlockPublicAccessState"),
    Call::same("ec2:DescribeVerifiedAccessInstances"),
    Call::same("ec2:DescribeVerifiedAccessEndpoints"),
    Call::same("ec2:DescribeSubnets"),
    Call::same("ec2:DescribeRouteTables"),
    Call::same("ec2:GetInstanceMetadataDefaults"),
    Call::same("ec2:DescribeTransitGateways"),
    Call::same("ec2:DescribeTransitGatewayAttachments"),
];

/// The regions enabled for the account (`ec2:DescribeRegions` without `AllRegions`).
pub(crate) async fn enabled_regions(clients: &Clients, region: &str) -> Result<Vec<String>, Problem> {
    let out =
        clients.ec2(region).describe_regions().all_regions(false).send().await.or_problem("ec2:DescribeRegions")?;
    let mut regions: Vec<String> = out.regions().iter().filter_map(|r| r.region_name()).map(str::to_owned).collect();
    regions.sort();
    Ok(regions)
}

fn tags(tags: &[Tag]) -> Tags {
    tags.iter().filter_map(|t| Some((t.key()?.to_owned(), t.value().unwrap_or_default().to_owned()))).collect()
}

/// `ec2:DescribeInstances`.
pub(crate) async fn instances(clients: &Clients, region: &str) -> Fact<Vec<Instance>> {
    let collect = async {
        let mut instances = Vec::new();
        let mut pages = clients.ec2(region).describe_instances().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("ec2:DescribeInstances")?;
            for instance in page.reservations().iter().flat_map(|r| r.instances()) {
                let Some(instance_id) = instance.instance_id() else { continue };
                instances.push(Instance {
                    instance_id: instance_id.to_owned(),
                    state: instance.state().and_then(|s| s.name()).map_or("unknown", |n| n.as_str()).to_owned(),
                    vpc_id: instance.vpc_id().map(str::to_owned),
                    subnet_id: instance.subnet_id().map(str::to_owned),
                    metadata_options: instance.metadata_options().map(|m| MetadataOptions {
                        http_tokens: m.http_tokens().map_or("unknown", |t| t.as_str()).to_owned(),
                        http_endpoint: m.http_endpoint().map_or("unknown", |e| e.as_str()).to_owned(),
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
        }
        Ok::<_, Problem>(instances)
    };
    fact(collect.await)
}

fn permission(p: &aws_sdk_ec2::types::IpPermission) -> IpPermission {
    IpPermission {
        ip_protocol: p.ip_protocol().unwrap_or("-1").to_owned(),
        from_port: p.from_port(),
        to_port: p.to_port(),
        ipv4_ranges: p.ip_ranges().iter().filter_map(|r| r.cidr_ip()).map(str::to_owned).collect(),
        ipv6_ranges: p.ipv6_ranges().iter().filter_map(|r| r.cidr_ipv6()).map(str::to_owned).collect(),
        prefix_list_ids: p.prefix_list_ids().iter().filter_map(|r| r.prefix_list_id()).map(str::to_owned).collect(),
        source_group_ids: p.user_id_group_pairs().iter().filter_map(|r| r.group_id()).map(str::to_owned).collect(),
    }
}

/// `ec2:DescribeSecurityGroups`.
pub(crate) async fn security_groups(clients: &Clients, region: &str) -> Fact<Vec<SecurityGroup>> {
    let collect = async {
        let mut groups = Vec::new();
        let mut pages = clients.ec2(region).describe_security_groups().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("ec2:DescribeSecurityGroups")?;
            groups.extend(page.security_groups().iter().filter_map(|g| {
                Some(SecurityGroup {
                    group_id: g.group_id()?.to_owned(),
                    group_name: g.group_name().unwrap_or_default().to_owned(),
                    vpc_id: g.vpc_id().map(str::to_owned),
                    ingress: g.ip_permissions().iter().map(permission).collect(),
                    egress: g.ip_permissions_egress().iter().map(permission).collect(),
                    tags: tags(g.tags()),
                })
            }));
        }
        Ok::<_, Problem>(groups)
    };
    fact(collect.await)
}

/// `ec2:DescribeVpcs`.
pub(crate) async fn vpcs(clients: &Clients, region: &str) -> Fact<Vec<Vpc>> {
    let collect = async {
        let mut vpcs = Vec::new();
        let mut pages = clients.ec2(region).describe_vpcs().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("ec2:DescribeVpcs")?;
            vpcs.extend(page.vpcs().iter().filter_map(|v| {
                Some(Vpc {
                    vpc_id: v.vpc_id()?.to_owned(),
                    is_default: v.is_default().unwrap_or(false),
                    cidr_block: v.cidr_block().map(str::to_owned),
                    tags: tags(v.tags()),
                })
            }));
        }
        Ok::<_, Problem>(vpcs)
    };
    fact(collect.await)
}

/// `ec2:DescribeFlowLogs`.
pub(crate) async fn flow_logs(clients: &Clients, region: &str) -> Fact<Vec<FlowLog>> {
    let collect = async {
        let mut logs = Vec::new();
        let mut pages = clients.ec2(region).describe_flow_logs().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("ec2:DescribeFlowLogs")?;
            logs.extend(page.flow_logs().iter().filter_map(|l| {
                Some(FlowLog {
                    flow_log_id: l.flow_log_id()?.to_owned(),
                    resource_id: l.resource_id().unwrap_or_default().to_owned(),
                    status: l.flow_log_status().unwrap_or("UNKNOWN").to_owned(),
                    traffic_type: l.traffic_type().map(|t| t.as_str().to_owned()),
                })
            }));
        }
        Ok::<_, Problem>(logs)
    };
    fact(collect.await)
}

/// `ec2:GetEbsEncryptionByDefault`.
pub(crate) async fn ebs_encryption_by_default(clients: &Clients, region: &str) -> Fact<bool> {
    fact(
        clients
            .ec2(region)
            .get_ebs_encryption_by_default()
            .send()
            .await
            .or_problem("ec2:GetEbsEncryptionByDefault")
            .map(|out| out.ebs_encryption_by_default().unwrap_or(false)),
    )
}

/// `ec2:DescribeVolumes`.
pub(crate) async fn volumes(clients: &Clients, region: &str) -> Fact<Vec<Volume>> {
    let collect = async {
        let mut volumes = Vec::new();
        let mut pages = clients.ec2(region).describe_volumes().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("ec2:DescribeVolumes")?;
            volumes.extend(page.volumes().iter().filter_map(|v| {
                Some(Volume {
                    volume_id: v.volume_id()?.to_owned(),
                    encrypted: v.encrypted().unwrap_or(false),
                    state: v.state().map_or("unknown", |s| s.as_str()).to_owned(),
                    kms_key_id: v.kms_key_id().map(str::to_owned),
                    tags: tags(v.tags()),
                })
            }));
        }
        Ok::<_, Problem>(volumes)
    };
    fact(collect.await)
}

/// `ec2:GetSnapshotBlockPublicAccessState`.
pub(crate) async fn snapshot_block_public_access(clients: &Clients, region: &str) -> Fact<String> {
    let result = clients
        .ec2(region)
        .get_snapshot_block_public_access_state()
        .send()
        .await
        .or_problem("ec2:GetSnapshotBlockPublicAccessState")
        .and_then(|out| {
            out.state()
                .map(|s| s.as_str().to_owned())
                .ok_or_else(|| Problem::Failed("ec2:GetSnapshotBlockPublicAccessState returned no state".to_owned()))
        });
    fact(result)
}

/// `ec2:GetImageBlockPublicAccessState`.
pub(crate) async fn image_block_public_access(clients: &Clients, region: &str) -> Fact<String> {
    let result = clients
        .ec2(region)
        .get_image_block_public_access_state()
        .send()
        .await
        .or_problem("ec2:GetImageBlockPublicAccessState")
        .and_then(|out| {
            out.image_block_public_access_state()
                .map(str::to_owned)
                .ok_or_else(|| Problem::Failed("ec2:GetImageBlockPublicAccessState returned no state".to_owned()))
        });
    fact(result)
}

/// `ec2:DescribeVerifiedAccessInstances` with their trust providers, and
/// `ec2:DescribeVerifiedAccessEndpoints` to count each instance's endpoints. A region without
/// Verified Access answers empty lists.
pub(crate) async fn verified_access_instances(clients: &Clients, region: &str) -> Fact<Vec<VerifiedAccessInstance>> {
    let collect = async {
        let client = clients.ec2(region);
        let mut instances = Vec::new();
        let mut pages = client.describe_verified_access_instances().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("ec2:DescribeVerifiedAccessInstances")?;
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
        }
        if instances.is_empty() {
            // No instance, no endpoint: spare the second call.
            return Ok::<_, Problem>(instances);
        }
        let mut pages = client.describe_verified_access_endpoints().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("ec2:DescribeVerifiedAccessEndpoints")?;
            for endpoint in page.verified_access_endpoints() {
                let owner = endpoint.verified_access_instance_id();
                if let Some(instance) =
                    instances.iter_mut().find(|i| Some(i.verified_access_instance_id.as_str()) == owner)
                {
                    instance.endpoints += 1;
                }
            }
        }
        Ok(instances)
    };
    fact(collect.await)
}

/// `ec2:DescribeSubnets`.
pub(crate) async fn subnets(clients: &Clients, region: &str) -> Fact<Vec<Subnet>> {
    let collect = async {
        let mut subnets = Vec::new();
        let mut pages = clients.ec2(region).describe_subnets().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("ec2:DescribeSubnets")?;
            subnets.extend(page.subnets().iter().filter_map(|s| {
                Some(Subnet {
                    subnet_id: s.subnet_id()?.to_owned(),
                    vpc_id: s.vpc_id()?.to_owned(),
                    availability_zone: s.availability_zone().map(str::to_owned),
                    map_public_ip_on_launch: s.map_public_ip_on_launch().unwrap_or(false),
                    tags: tags(s.tags()),
                })
            }));
        }
        Ok::<_, Problem>(subnets)
    };
    fact(collect.await)
}

/// The id of a route's target, whichever kind it is.
fn route_target(r: &aws_sdk_ec2::types::Route) -> String {
    [
        r.gateway_id(),
        r.nat_gateway_id(),
        r.transit_gateway_id(),
        r.vpc_peering_connection_id(),
        r.network_interface_id(),
        r.instance_id(),
        r.egress_only_internet_gateway_id(),
        r.local_gateway_id(),
        r.carrier_gateway_id(),
        r.core_network_arn(),
    ]
    .into_iter()
    .flatten()
    .next()
    .unwrap_or("unknown")
    .to_owned()
}

/// `ec2:DescribeRouteTables`.
pub(crate) async fn route_tables(clients: &Clients, region: &str) -> Fact<Vec<RouteTable>> {
    let collect = async {
        let mut tables = Vec::new();
        let mut pages = clients.ec2(region).describe_route_tables().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("ec2:DescribeRouteTables")?;
            tables.extend(page.route_tables().iter().filter_map(|t| {
                Some(RouteTable {
                    route_table_id: t.route_table_id()?.to_owned(),
                    vpc_id: t.vpc_id()?.to_owned(),
                    is_main: t.associations().iter().any(|a| a.main().unwrap_or(false)),
                    subnet_ids: t.associations().iter().filter_map(|a| a.subnet_id()).map(str::to_owned).collect(),
                    routes: t
                        .routes()
                        .iter()
                        .map(|r| Route {
                            destination_cidr_block: r.destination_cidr_block().map(str::to_owned),
                            destination_ipv6_cidr_block: r.destination_ipv6_cidr_block().map(str::to_owned),
                            destination_prefix_list_id: r.destination_prefix_list_id().map(str::to_owned),
                            target: route_target(r),
                            // A route without a state is one AWS did not mark as a blackhole.
                            state: r.state().map_or("active", |s| s.as_str()).to_owned(),
                        })
                        .collect(),
                })
            }));
        }
        Ok::<_, Problem>(tables)
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
        .or_problem("ec2:GetInstanceMetadataDefaults")
        .map(|out| {
            out.account_level()
                .map(|d| InstanceMetadataDefaults {
                    http_tokens: d.http_tokens().map(|t| t.as_str().to_owned()),
                    http_put_response_hop_limit: d.http_put_response_hop_limit(),
                    http_endpoint: d.http_endpoint().map(|e| e.as_str().to_owned()),
                    instance_metadata_tags: d.instance_metadata_tags().map(|t| t.as_str().to_owned()),
                })
                .unwrap_or_default()
        });
    fact(result)
}

/// `ec2:DescribeTransitGateways`.
pub(crate) async fn transit_gateways(clients: &Clients, region: &str) -> Fact<Vec<TransitGateway>> {
    let collect = async {
        let mut gateways = Vec::new();
        let mut pages = clients.ec2(region).describe_transit_gateways().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("ec2:DescribeTransitGateways")?;
            gateways.extend(page.transit_gateways().iter().filter_map(|g| {
                Some(TransitGateway {
                    transit_gateway_id: g.transit_gateway_id()?.to_owned(),
                    owner_id: g.owner_id().map(str::to_owned),
                    state: g.state().map_or("unknown", |s| s.as_str()).to_owned(),
                })
            }));
        }
        Ok::<_, Problem>(gateways)
    };
    fact(collect.await)
}

/// `ec2:DescribeTransitGatewayAttachments`.
pub(crate) async fn transit_gateway_attachments(
    clients: &Clients,
    region: &str,
) -> Fact<Vec<TransitGatewayAttachment>> {
    let collect = async {
        let mut attachments = Vec::new();
        let mut pages = clients.ec2(region).describe_transit_gateway_attachments().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("ec2:DescribeTransitGatewayAttachments")?;
            attachments.extend(page.transit_gateway_attachments().iter().filter_map(|a| {
                Some(TransitGatewayAttachment {
                    transit_gateway_attachment_id: a.transit_gateway_attachment_id()?.to_owned(),
                    transit_gateway_id: a.transit_gateway_id()?.to_owned(),
                    resource_type: a.resource_type().map_or("unknown", |t| t.as_str()).to_owned(),
                    resource_id: a.resource_id().map(str::to_owned),
                    resource_owner_id: a.resource_owner_id().map(str::to_owned),
                    state: a.state().map_or("unknown", |s| s.as_str()).to_owned(),
                })
            }));
        }
        Ok::<_, Problem>(attachments)
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
        assert_eq!(set.http_tokens.as_deref(), Some("required"));
        assert_eq!(set.http_put_response_hop_limit, Some(2));
        assert_eq!(set.http_endpoint.as_deref(), Some("enabled"));
        assert_eq!(set.instance_metadata_tags.as_deref(), Some("disabled"));
        let unset = super::instance_metadata_defaults(&clients, "eu-west-1").await;
        assert_eq!(unset, Fact::Ok(maturity_evidence::InstanceMetadataDefaults::default()));
        let denied = super::instance_metadata_defaults(&clients, "eu-west-1").await;
        assert_eq!(denied, Fact::denied("ec2:GetInstanceMetadataDefaults"));
    }

    #[tokio::test]
    async fn route_tables_are_read_over_two_pages_with_every_kind_of_target() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[XML],
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeRouteTablesResponse xmlns="{NS}"><requestId>r1</requestId><routeTableSet><item><routeTableId>rtb-0main</routeTableId><vpcId>vpc-1</vpcId><routeSet><item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state><origin>CreateRouteTable</origin></item><item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><natGatewayId>nat-0abc</natGatewayId><state>active</state><origin>CreateRoute</origin></item></routeSet><associationSet><item><routeTableAssociationId>rtbassoc-1</routeTableAssociationId><routeTableId>rtb-0main</routeTableId><main>true</main><associationState><state>associated</state></associationState></item></associationSet><tagSet/></item></routeTableSet><nextToken>page-2</nextToken></DescribeRouteTablesResponse>"#
                ),
            ),
            response(
                200,
                &[XML],
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeRouteTablesResponse xmlns="{NS}"><requestId>r2</requestId><routeTableSet><item><routeTableId>rtb-0public</routeTableId><vpcId>vpc-1</vpcId><routeSet><item><destinationIpv6CidrBlock>::/0</destinationIpv6CidrBlock><gatewayId>igw-0abc</gatewayId><state>active</state></item><item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><gatewayId>igw-0old</gatewayId><state>blackhole</state></item><item><destinationPrefixListId>pl-63a5400a</destinationPrefixListId><gatewayId>vpce-0s3</gatewayId><state>active</state></item><item><destinationCidrBlock>192.168.0.0/16</destinationCidrBlock><transitGatewayId>tgw-0abc</transitGatewayId><state>active</state></item></routeSet><associationSet><item><routeTableAssociationId>rtbassoc-2</routeTableAssociationId><routeTableId>rtb-0public</routeTableId><subnetId>subnet-0a</subnetId><main>false</main></item><item><routeTableAssociationId>rtbassoc-3</routeTableAssociationId><routeTableId>rtb-0public</routeTableId><subnetId>subnet-0b</subnetId><main>false</main></item></associationSet></item></routeTableSet></DescribeRouteTablesResponse>"#
                ),
            ),
        ]);
        let tables = super::route_tables(&clients, "eu-west-1").await;
        let Fact::Ok(tables) = tables else { panic!("{tables:?}") };
        assert_eq!(tables.len(), 2);
        let (main, public) = (&tables[0], &tables[1]);
        assert!(main.is_main && main.subnet_ids.is_empty());
        assert!(!main.routes_to_internet_gateway());
        assert_eq!(main.routes[1].target_kind(), "nat");
        assert!(!public.is_main);
        assert_eq!(public.subnet_ids, vec!["subnet-0a", "subnet-0b"]);
        assert!(public.routes_to_internet_gateway(), "through the IPv6 default route");
        let kinds: Vec<&str> = public.routes.iter().map(maturity_evidence::Route::target_kind).collect();
        assert_eq!(kinds, vec!["igw", "igw", "vpce", "tgw"]);
        assert_eq!(public.routes[1].state, "blackhole");
        assert_eq!(public.routes[2].destination_prefix_list_id.as_deref(), Some("pl-63a5400a"));
        assert_eq!(calls.snapshot().get("ec2:DescribeRouteTables"), Some(&2), "one call per page");
    }
}
