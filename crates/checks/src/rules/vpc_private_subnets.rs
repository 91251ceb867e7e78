//! Non-default VPCs with workloads keep at least one private subnet, per VPC.

use maturity_evidence::{AccountEvidence, Instance, RegionFacts, RouteTable, Subnet, Vpc};

use crate::shared::resource_names::named;
use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// In every scanned region of every account, the non-default VPCs (`ec2:DescribeVpcs`, not
    /// `IsDefault`) that hold at least one running or pending EC2 instance
    /// (`ec2:DescribeInstances`), with their subnets (`ec2:DescribeSubnets`) and route tables
    /// (`ec2:DescribeRouteTables`).
    ///
    /// A subnet is public when the route table that applies to it (the one explicitly associated
    /// with it, else the main route table of its VPC) has an active route for `0.0.0.0/0` or
    /// `::/0` whose target is an internet gateway (`igw-…`). Every other subnet is private:
    /// default routes through a NAT gateway, a transit gateway, a firewall endpoint or an
    /// egress-only internet gateway, blackhole routes, and a subnet with no route table in the
    /// evidence do not make a subnet public.
    ///
    /// One finding per such VPC. Pass when at least one of its running instances sits in a
    /// private subnet; the message says how many others sit in public subnets. Fail when every
    /// subnet of the VPC is public, and when every running instance of the VPC sits in a public
    /// subnet even though a private subnet exists: a private subnet nobody uses protects
    /// nothing. Not applicable for a region where no non-default VPC holds a
    /// running instance, and for an account when the scan had no region in scope. Inconclusive
    /// for a region whose instances, VPCs, subnets or route tables could not be read, for a VPC
    /// with running instances but no subnet in the evidence, for an account the collector could
    /// not enter, and for an account with no region collected in a scan that had regions.
    /// Default VPCs are left to `ec2-no-workloads-in-default-vpc`.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// A VPC whose every subnet routes straight to an internet gateway offers its workloads no
    /// place to hide: each server, database or cache is only one permissive security group rule
    /// or one public IP address away from being reachable by anyone. Private subnets, reached
    /// through load balancers and leaving through NAT, put a routing boundary between the
    /// internet and the workloads that survives configuration mistakes.
    ///
    /// ## How to fix
    /// Add private subnets to the VPC (one per Availability Zone), with a route table whose
    /// default route goes to a NAT gateway, a transit gateway or an inspection firewall instead
    /// of the internet gateway, and move the application and data tiers there. Keep public
    /// subnets for internet-facing load balancers and NAT gateways only. Turn off
    /// `MapPublicIpOnLaunch` on subnets that should not hand out public addresses.
    pub(crate) struct VpcPrivateSubnets {
        id: "vpc-private-subnets",
        title: "VPCs with workloads have private subnets",
        scope: Resource,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.ec2_vpcs", "region.ec2_subnets", "region.ec2_route_tables"],
    }
}

impl Check for VpcPrivateSubnets {
    fn evaluate(&self, bundle: &maturity_evidence::Bundle, out: &mut Findings) {
        let what = "whether the VPCs holding workloads have private subnets";
        walk::each_region(bundle, out, what, |r, out| {
            let (account, region, facts) = (r.account, r.name, r.facts);
            evaluate_region(account, region, facts, out);
        });
    }
}

fn evaluate_region(account: &AccountEvidence, region: &str, facts: &RegionFacts, out: &mut Findings) {
    let label = account.label();
    let location = Location::region(&account.account_id, region);
    let what = format!("whether the VPCs holding workloads in {region} of {label} have private subnets");
    let (instances, vpcs) = match (facts.ec2_instances.get(), facts.ec2_vpcs.get()) {
        (Ok(instances), Ok(vpcs)) => (instances, vpcs),
        (Err(missing), _) | (_, Err(missing)) => {
            out.inconclusive(location, &what, &missing);
            return;
        }
    };
    let running: Vec<&Instance> = instances.iter().filter(|i| i.is_running()).collect();
    let in_scope: Vec<(&Vpc, Vec<&Instance>)> = vpcs
        .iter()
        .filter(|vpc| !vpc.is_default)
        .map(|vpc| {
            let held = running.iter().copied().filter(|i| i.vpc_id.as_deref() == Some(vpc.vpc_id.as_str())).collect();
            (vpc, held)
        })
        .filter(|(_, held): &(&Vpc, Vec<&Instance>)| !held.is_empty())
        .collect();
    if in_scope.is_empty() {
        out.not_applicable(
            location,
            format_args!("No non-default VPC in {region} of {label} holds a running EC2 instance."),
        );
        return;
    }
    let (subnets, tables) = match (facts.ec2_subnets.get(), facts.ec2_route_tables.get()) {
        (Ok(subnets), Ok(tables)) => (subnets, tables),
        (Err(missing), _) | (_, Err(missing)) => {
            out.inconclusive(location, &what, &missing);
            return;
        }
    };
    for (vpc, held) in in_scope {
        evaluate_vpc(account, region, vpc, &held, subnets, tables, out);
    }
}

/// The subnet is public: the route table that applies to it routes everything to an internet gateway.
fn is_public(subnet: &Subnet, tables: &[RouteTable]) -> bool {
    subnet.route_table(tables).is_some_and(RouteTable::routes_to_internet_gateway)
}

fn evaluate_vpc(
    account: &AccountEvidence,
    region: &str,
    vpc: &Vpc,
    instances: &[&Instance],
    subnets: &[Subnet],
    tables: &[RouteTable],
    out: &mut Findings,
) {
    let label = account.label();
    let name = named(&vpc.vpc_id, &vpc.tags);
    let location = Location::resource(&account.account_id, Some(region), &vpc.vpc_id);
    let own: Vec<&Subnet> = subnets.iter().filter(|s| s.vpc_id == vpc.vpc_id).collect();
    let public: Vec<&str> = own.iter().filter(|s| is_public(s, tables)).map(|s| s.subnet_id.as_str()).collect();
    let running = plural(instances.len(), "running EC2 instance", "running EC2 instances");
    if own.is_empty() {
        out.add_tagged(
            FindingStatus::Inconclusive,
            location,
            &vpc.tags,
            format_args!(
                "Cannot tell whether VPC {name} in {region} of {label} has private subnets: it holds {running}, but none of its subnets was listed."
            ),
        );
        return;
    }
    if public.len() == own.len() {
        let routes = match own.len() {
            1 => "its only subnet sends its default route".to_owned(),
            2 => "both of its subnets send their default route".to_owned(),
            n => format!("all {n} of its subnets send their default route"),
        };
        let sit = match instances.len() {
            1 => "its running EC2 instance sits".to_owned(),
            2 => "both of its running EC2 instances sit".to_owned(),
            n => format!("all {n} of its running EC2 instances sit"),
        };
        out.add_tagged(
            FindingStatus::Fail,
            location,
            &vpc.tags,
            format_args!(
                "VPC {name} in {region} of {label} has no private subnet: {routes} (0.0.0.0/0 or ::/0) to an internet gateway, so {sit} one security group away from the internet."
            ),
        );
        return;
    }
    let exposed =
        instances.iter().filter(|i| i.subnet_id.as_deref().is_some_and(|subnet| public.contains(&subnet))).count();
    let private = plural(own.len() - public.len(), "private subnet", "private subnets");
    if exposed == instances.len() {
        let sit = match instances.len() {
            1 => "its only running EC2 instance sits".to_owned(),
            2 => "both of its running EC2 instances sit".to_owned(),
            n => format!("all {n} of its running EC2 instances sit"),
        };
        out.add_tagged(
            FindingStatus::Fail,
            location,
            &vpc.tags,
            format_args!(
                "VPC {name} in {region} of {label} has {private} (no route to an internet gateway) out of {}, but {sit} in public subnets (a default route to an internet gateway), one security group away from the internet.",
                own.len(),
            ),
        );
        return;
    }
    let exposure = match (exposed, instances.len()) {
        (0, 1) => "its running EC2 instance is not in a public subnet".to_owned(),
        (0, n) => format!("none of its {n} running EC2 instances sits in a public subnet"),
        (1, n) => format!("1 of its {n} running EC2 instances sits in a public subnet"),
        (e, n) => format!("{e} of its {n} running EC2 instances sit in public subnets"),
    };
    out.add_tagged(
        FindingStatus::Pass,
        location,
        &vpc.tags,
        format_args!(
            "VPC {name} in {region} of {label} has {private} (no route to an internet gateway) out of {}; {exposure}.",
            own.len(),
        ),
    );
}

/// `1 subnet`, `3 subnets`.
fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}
