//! Auto Scaling, per region: the Auto Scaling groups with their Availability Zones.

use maturity_evidence::{AutoScalingGroup, Fact};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    DESCRIBE_AUTO_SCALING_GROUPS: "autoscaling:DescribeAutoScalingGroups";
}

/// `autoscaling:DescribeAutoScalingGroups`, every page.
pub(crate) async fn groups(clients: &Clients, region: &str) -> Fact<Vec<AutoScalingGroup>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Vec<AutoScalingGroup>, Problem> {
    let pages = clients.autoscaling(region).describe_auto_scaling_groups().into_paginator().send();
    let groups = paging::all(DESCRIBE_AUTO_SCALING_GROUPS, pages, |page| {
        page.auto_scaling_groups()
            .iter()
            .map(|g| AutoScalingGroup {
                name: g.auto_scaling_group_name().unwrap_or_default().to_owned(),
                arn: g.auto_scaling_group_arn().map(str::to_owned),
                availability_zones: g.availability_zones().to_vec(),
                desired_capacity: g.desired_capacity().unwrap_or(0),
            })
            .collect()
    })
    .await?;
    Ok(groups)
}
