//! Security groups with their inbound and outbound rules.

use maturity_evidence::{Fact, IpPermission, SecurityGroup};

use super::tags;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;
use crate::services::paging;

declare_calls! {
    DESCRIBE_SECURITY_GROUPS: "ec2:DescribeSecurityGroups";
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
        let pages = clients.ec2(region).describe_security_groups().into_paginator().send();
        let groups = paging::try_all(DESCRIBE_SECURITY_GROUPS, pages, |page| {
            let mut groups = Vec::new();
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
            Ok(groups)
        })
        .await?;
        Ok::<_, Problem>(groups)
    };
    fact(collect.await)
}
