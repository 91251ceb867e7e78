//! VPCs are linked through a transit network (Transit Gateway or Cloud WAN), per account.

use std::collections::BTreeSet;

use maturity_evidence::{AccountEvidence, Bundle, InstanceState, Missing, RegionFacts, RouteState};

use crate::shared::{prose, walk};
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Whether each account the collector could enter routes between its VPCs through a transit
    /// network, from the facts of every scanned region: its VPCs (`ec2:DescribeVpcs`), their
    /// route tables (`ec2:DescribeRouteTables`) and the transit gateway attachments it sees
    /// (`ec2:DescribeTransitGatewayAttachments`; `ec2:DescribeTransitGateways` is collected too).
    ///
    /// Pass when a VPC attachment to a transit gateway is available (one of the account's VPCs
    /// attached to any transit gateway, or any VPC attached to a transit gateway the account
    /// owns, as in a network hub account), or when a route table sends traffic to a transit
    /// gateway (`tgw-…`) or to an AWS Cloud WAN core network. Cloud WAN itself is not read (its
    /// API is not collected): it is seen only through such routes.
    ///
    /// Otherwise, the VPCs in use are counted: every non-default VPC, and a default VPC that holds
    /// an instance. Not applicable when there is at most one: there is nothing to route between.
    /// Fail when two or more VPCs are in use and routes go through VPC peering connections
    /// (`pcx-…`): the VPCs are linked point to point instead of through a transit network.
    /// Inconclusive (unknown until answered) when two or more VPCs are in use with neither
    /// peering nor transit routes: they may be isolated on purpose, or linked through something
    /// these facts do not show (a transit VPC of network appliances, an SD-WAN, VPN to a data
    /// centre), so the answer is left to an attestation rather than failed. Inconclusive also when
    /// the VPCs, route tables or attachments of a region could not be read.
    ///
    /// ## Why it matters
    /// A mesh of peering connections grows with the square of the number of VPCs, has no central
    /// place to inspect, filter or log traffic between them, and makes segmentation hard to
    /// reason about. A transit gateway (or Cloud WAN) is one hub with route tables per segment
    /// (production, development, shared services, inspection), where a rule change applies to
    /// every attached VPC and traffic can be steered through central firewalls.
    ///
    /// ## How to fix
    /// Create a transit gateway in a network account, share it with the organization through AWS
    /// Resource Access Manager, attach the VPCs (from the templates that create them), and give
    /// each environment its own transit gateway route table; then replace peering connections by
    /// transit routes. For a global network, AWS Cloud WAN manages the transit gateways and their
    /// segments from one policy.
    pub(crate) struct TransitGatewayInUse {
        id: "transit-gateway-in-use",
        title: "VPCs are linked through a transit network (Transit Gateway or Cloud WAN)",
        scope: Account,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.ec2_vpcs", "region.ec2_route_tables", "region.ec2_transit_gateways", "region.ec2_transit_gateway_attachments"],
    }
}

impl Check for TransitGatewayInUse {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::every_region(bundle, out, "whether its VPCs are linked through a transit network", judge);
    }
}

/// What the regions of one account show.
#[derive(Default)]
struct Network {
    /// Transit gateways and core networks that carry the account's traffic.
    transit: BTreeSet<String>,
    /// VPCs in use.
    in_use: BTreeSet<String>,
    /// Whether a route goes through a VPC peering connection.
    peering: bool,
    /// What could not be read.
    unread: Vec<String>,
}

impl Network {
    fn read_region(&mut self, account: &AccountEvidence, region: &str, facts: &RegionFacts) {
        let mut unread = |what: &str, missing: Missing<'_>| self.unread.push(format!("{what} in {region}: {missing}"));
        match facts.ec2_transit_gateway_attachments.get() {
            Ok(attachments) => {
                let owned: BTreeSet<&str> = match facts.ec2_transit_gateways.get() {
                    Ok(gateways) => gateways
                        .iter()
                        .filter(|g| g.owner_id.as_deref() == Some(account.account_id.as_str()))
                        .map(|g| g.transit_gateway_id.as_str())
                        .collect(),
                    Err(missing) => {
                        unread("the transit gateways", missing);
                        BTreeSet::new()
                    }
                };
                for attachment in attachments.iter().filter(|a| a.is_active_vpc()) {
                    let own_vpc = attachment.resource_owner_id.as_deref() == Some(account.account_id.as_str());
                    if own_vpc || owned.contains(attachment.transit_gateway_id.as_str()) {
                        self.transit.insert(attachment.transit_gateway_id.clone());
                    }
                }
            }
            Err(missing) => unread("the transit gateway attachments", missing),
        }
        match facts.ec2_route_tables.get() {
            Ok(tables) => {
                for route in tables.iter().flat_map(|t| &t.routes).filter(|r| r.state == RouteState::Active) {
                    match route.target_kind() {
                        "tgw" | "core-network" => {
                            self.transit.insert(route.target.clone());
                        }
                        "pcx" => self.peering = true,
                        _ => {}
                    }
                }
            }
            Err(missing) => unread("the route tables", missing),
        }
        match facts.ec2_vpcs.get() {
            Ok(vpcs) => {
                let occupied: BTreeSet<&str> = match facts.ec2_instances.get() {
                    Ok(instances) => instances
                        .iter()
                        .filter(|i| i.state != InstanceState::Terminated)
                        .filter_map(|i| i.vpc_id.as_deref())
                        .collect(),
                    Err(missing) => {
                        if vpcs.iter().any(|v| v.is_default) {
                            unread("the instances (whether the default VPC is in use)", missing);
                        }
                        BTreeSet::new()
                    }
                };
                for vpc in vpcs.iter().filter(|v| !v.is_default || occupied.contains(v.vpc_id.as_str())) {
                    self.in_use.insert(format!("{} ({region})", vpc.vpc_id));
                }
            }
            Err(missing) => unread("the VPCs", missing),
        }
    }
}

fn judge(account: &AccountEvidence, regions: &[(&str, &RegionFacts)], out: &mut Findings) {
    let mut network = Network::default();
    for (region, facts) in regions {
        network.read_region(account, region, facts);
    }
    let label = account.label();
    let location = Location::account(&account.account_id);
    let transit: Vec<String> = network.transit.iter().cloned().collect();
    let vpcs = network.in_use.len();
    let (status, message) = if !transit.is_empty() {
        (FindingStatus::Pass, format!("Account {label} routes VPC traffic through {}.", prose::and_list(&transit)))
    } else if !network.unread.is_empty() {
        (
            FindingStatus::Inconclusive,
            format!(
                "Cannot tell whether account {label} links its VPCs through a transit network: {}.",
                network.unread.join("; ")
            ),
        )
    } else if vpcs <= 1 {
        let many = if vpcs == 1 { "one VPC" } else { "no VPC" };
        (
            FindingStatus::NotApplicable,
            format!("Account {label} has {many} in use in the scanned regions, so there is nothing to route between."),
        )
    } else if network.peering {
        (
            FindingStatus::Fail,
            format!(
                "Account {label} has {vpcs} VPCs in use, linked by VPC peering routes, and no transit gateway or Cloud WAN route."
            ),
        )
    } else {
        (
            FindingStatus::Inconclusive,
            format!(
                "Cannot tell whether account {label} links its {vpcs} VPCs in use through a transit network: no transit gateway, Cloud WAN or peering route was seen, so they are isolated or linked by something not collected (a transit VPC of appliances, an SD-WAN); answer for it."
            ),
        )
    };
    out.add(status, location, message);
}
