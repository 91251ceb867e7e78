//! EC2 and VPC, per region: instances, security groups, VPCs, flow logs, EBS default encryption
//! and volumes, snapshot and AMI block public access; and the account's enabled regions.

use aws_sdk_ec2::types::Tag;
use maturity_evidence::{Fact, FlowLog, Instance, IpPermission, MetadataOptions, SecurityGroup, Tags, Volume, Vpc};

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
