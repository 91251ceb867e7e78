//! Egress inspection on every VPC that runs instances, per VPC.

use std::collections::BTreeMap;

use maturity_evidence::{AccountEvidence, Bundle, Missing, RegionFacts};

use crate::shared::resource_names::named;
use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Every VPC that holds at least one running or pending EC2 instance (`ec2:DescribeInstances`),
    /// in every scanned region of every account. The VPC passes when its outbound traffic goes
    /// through an inspection point that AWS can show: an AWS Network Firewall whose endpoints are
    /// in the VPC (`network-firewall:DescribeFirewall`), or a Route 53 Resolver DNS Firewall rule
    /// group associated with the VPC with the status `COMPLETE`
    /// (`route53resolver:ListFirewallRuleGroupAssociations`). It fails when it has neither (a DNS
    /// Firewall association still `UPDATING` or being deleted does not count).
    ///
    /// Egress sent through a central inspection VPC (transit gateway to a firewall in a network
    /// account) or through a third-party proxy or appliance cannot be seen from the workload
    /// account: such VPCs fail here and deserve a documented exception.
    ///
    /// Inconclusive for a region whose instances could not be listed, and for a VPC that has
    /// neither kind of inspection when one of the two could not be read; also for an account the
    /// collector could not enter and for an account with no region collected in a scan that had
    /// regions. Not applicable, once per account, when no scanned region has a VPC with running
    /// instances, or when the scan had no region in scope.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Malware and intruders need a way out: to fetch tools, to reach command-and-control
    /// servers and to move data away. When any instance may open any outbound connection, a
    /// single compromised host can do all three unnoticed. Filtering DNS queries and outbound
    /// connections against allow and deny lists blocks known-bad destinations, cuts exfiltration
    /// over DNS, and leaves a record of what tried to get out.
    ///
    /// ## How to fix
    /// Associate a Route 53 Resolver DNS Firewall rule group with every workload VPC (start with
    /// the AWS managed domain lists for malware and botnet command-and-control, then move to an
    /// allow list), and route outbound traffic through AWS Network Firewall (in the VPC or in a
    /// central egress VPC behind a transit gateway) with rules that allow only the destinations the
    /// workloads need. AWS Firewall Manager can apply both to every account of the organization.
    pub(crate) struct VpcEgressFiltered {
        id: "vpc-egress-filtered",
        title: "Every VPC with running instances has its outbound traffic inspected",
        scope: Resource,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.ec2_vpcs", "region.network_firewalls", "region.dns_firewall_associations"],
        alternative: "egress inspected centrally (a transit gateway to an inspection VPC) or by a third-party proxy or firewall",
    }
}

impl Check for VpcEgressFiltered {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::every_region(bundle, out, "whether outbound traffic is inspected", evaluate_account);
    }
}

fn evaluate_account(account: &AccountEvidence, regions: &[(&str, &RegionFacts)], out: &mut Findings) {
    let label = account.label();
    let mut said_something = false;
    for &(region, facts) in regions {
        let instances = match facts.ec2_instances.get() {
            Ok(instances) => instances,
            Err(missing) => {
                out.inconclusive(
                    Location::region(&account.account_id, region),
                    &format!("which VPCs run instances in {region} of {label}"),
                    &missing,
                );
                said_something = true;
                continue;
            }
        };
        let mut workloads: BTreeMap<&str, usize> = BTreeMap::new();
        for instance in instances.iter().filter(|i| i.is_running()) {
            if let Some(vpc) = instance.vpc_id.as_deref() {
                *workloads.entry(vpc).or_default() += 1;
            }
        }
        for (vpc_id, count) in workloads {
            evaluate_vpc(account, region, facts, vpc_id, count, out);
            said_something = true;
        }
    }
    if !said_something {
        out.not_applicable(
            Location::account(&account.account_id),
            format_args!("No scanned region of {label} has a VPC with running or pending EC2 instances."),
        );
    }
}

fn evaluate_vpc(
    account: &AccountEvidence,
    region: &str,
    facts: &RegionFacts,
    vpc_id: &str,
    instances: usize,
    out: &mut Findings,
) {
    let tags = facts
        .ec2_vpcs
        .get()
        .ok()
        .and_then(|vpcs| vpcs.iter().find(|v| v.vpc_id == vpc_id))
        .map(|v| v.tags.clone())
        .unwrap_or_default();
    let location = Location::resource(&account.account_id, Some(region), vpc_id);
    let place = format!("VPC {} in {region} of {}", named(vpc_id, &tags), account.label());
    let described = format!("{place}, running {instances} instance{},", if instances == 1 { "" } else { "s" });
    let firewalls = facts.network_firewalls.get();
    let associations = facts.dns_firewall_associations.get();
    let firewall = firewalls.as_ref().ok().and_then(|list| list.iter().find(|f| f.vpc_id.as_deref() == Some(vpc_id)));
    let association =
        associations.as_ref().ok().and_then(|list| list.iter().find(|a| a.vpc_id == vpc_id && a.is_complete()));
    let (status, message) = match (firewall, association) {
        (Some(firewall), _) => (
            FindingStatus::Pass,
            format!("{described} has its traffic inspected by AWS Network Firewall {}.", firewall.firewall_name),
        ),
        (None, Some(association)) => (
            FindingStatus::Pass,
            format!(
                "{described} has its DNS queries filtered by DNS Firewall rule group {}.",
                association.firewall_rule_group_id
            ),
        ),
        (None, None) => {
            let missing: Option<Missing<'_>> = firewalls.err().or(associations.err());
            if let Some(missing) = missing {
                out.inconclusive(location, &format!("whether the outbound traffic of {place} is inspected"), &missing);
                return;
            }
            let pending: Vec<String> = associations
                .map(|list| {
                    list.iter()
                        .filter(|a| a.vpc_id == vpc_id)
                        .map(|a| format!("rule group {} is {}", a.firewall_rule_group_id, a.status))
                        .collect()
                })
                .unwrap_or_default();
            let extra =
                if pending.is_empty() { String::new() } else { format!(" (DNS Firewall {})", pending.join(", ")) };
            (
                FindingStatus::Fail,
                format!(
                    "{described} has no AWS Network Firewall and no DNS Firewall rule group in force{extra}: its outbound traffic is not inspected."
                ),
            )
        }
    };
    out.add_tagged(status, location, &tags, message);
}
