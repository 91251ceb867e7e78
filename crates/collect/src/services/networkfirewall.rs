//! AWS Network Firewall, per region: the firewalls with the VPC and subnets of their endpoints.

use maturity_evidence::{Fact, NetworkFirewall};

use super::{Limit, fan_out, paging};
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_FIREWALLS: "networkfirewall:ListFirewalls" => "network-firewall:ListFirewalls";
    DESCRIBE_FIREWALL: "networkfirewall:DescribeFirewall" => "network-firewall:DescribeFirewall";
}

/// `network-firewall:ListFirewalls`, then `network-firewall:DescribeFirewall` for each. A region
/// without firewalls answers an empty list; a firewall that cannot be described makes the list
/// that problem.
pub(crate) async fn firewalls(clients: &Clients, region: &str, limit: &Limit) -> Fact<Vec<NetworkFirewall>> {
    let client = clients.networkfirewall(region);
    let arns = match firewall_arns(&client).await {
        Ok(arns) => arns,
        Err(problem) => return problem.into_fact(),
    };
    let firewalls = fan_out(limit, arns, move |arn| {
        let client = client.clone();
        async move { describe(&client, arn).await }
    })
    .await;
    fact(firewalls.into_iter().collect())
}

async fn firewall_arns(client: &aws_sdk_networkfirewall::Client) -> Result<Vec<String>, Problem> {
    let arns = paging::all(LIST_FIREWALLS, client.list_firewalls().into_paginator().send(), |page| {
        page.firewalls().iter().filter_map(|f| f.firewall_arn()).map(str::to_owned).collect()
    })
    .await?;
    Ok(arns)
}

async fn describe(client: &aws_sdk_networkfirewall::Client, arn: String) -> Result<NetworkFirewall, Problem> {
    let out = client.describe_firewall().firewall_arn(&arn).send().await.or_problem(DESCRIBE_FIREWALL)?;
    let Some(firewall) = out.firewall() else {
        return Err(Problem::Failed(format!("network-firewall:DescribeFirewall returned no firewall for {arn}")));
    };
    Ok(NetworkFirewall {
        firewall_name: firewall.firewall_name().unwrap_or_default().to_owned(),
        firewall_arn: firewall.firewall_arn().map_or(arn, str::to_owned),
        vpc_id: Some(firewall.vpc_id()).filter(|v| !v.is_empty()).map(str::to_owned),
        subnet_ids: firewall.subnet_mappings().iter().map(|m| m.subnet_id().to_owned()).collect(),
    })
}
