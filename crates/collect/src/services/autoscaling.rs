//! Auto Scaling, per region: the Auto Scaling groups with their Availability Zones.

use maturity_evidence::{AutoScalingGroup, Fact};

use super::{Call, paging};
use crate::classify::{Problem, fact};
use crate::config::Clients;

pub(crate) const DESCRIBE_AUTO_SCALING_GROUPS: Call = Call::same("autoscaling:DescribeAutoScalingGroups");

/// Every call above, for the IAM policy.
pub(crate) const CALLS: &[Call] = &[DESCRIBE_AUTO_SCALING_GROUPS];

/// `autoscaling:DescribeAutoScalingGroups`, every page.
pub(crate) async fn groups(clients: &Clients, region: &str) -> Fact<Vec<AutoScalingGroup>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Vec<AutoScalingGroup>, Problem> {
    let groups = paging::all(
        DESCRIBE_AUTO_SCALING_GROUPS,
        clients.autoscaling(region).describe_auto_scaling_groups().into_paginator().send(),
        |page| {
            page.auto_scaling_groups()
                .iter()
                .map(|g| AutoScalingGroup {
                    name: g.auto_scaling_group_name().unwrap_or_default().to_owned(),
                    arn: g.auto_scaling_group_arn().map(str::to_owned),
                    availability_zones: g.availability_zones().to_vec(),
                    desired_capacity: g.desired_capacity().unwrap_or(0),
                })
                .collect()
        },
    )
    .await?;
    Ok(groups)
}
