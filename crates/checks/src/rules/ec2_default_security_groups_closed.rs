//! Default security groups that allow no traffic, per default security group.

use maturity_evidence::{Bundle, IpPermission, SecurityGroup};

use crate::shared::network_exposure::rule_summary;
use crate::shared::prose::and_list;
use crate::shared::resource_names::named;
use crate::shared::security_groups::{self, Question};
use crate::{Check, FindingStatus, Findings, declare_check};

/// The name EC2 gives every VPC's default security group (reserved: no other group can have it).
const DEFAULT_GROUP_NAME: &str = "default";

declare_check! {
    /// ## What it checks
    /// The default security group of every VPC (the group named `default`, a name EC2 reserves
    /// for it) of every scanned region of every account, from `ec2:DescribeSecurityGroups`. One
    /// finding per default group: pass when it has no inbound and no outbound rule, fail when it
    /// has any, listing each rule with its protocol, ports and sources or destinations. This is
    /// Security Hub control EC2.2. Which resources use the group is not judged: an empty
    /// default group is safe whether or not anything is attached to it.
    ///
    /// Not applicable for a region without default security groups (no VPC), and for an account
    /// when the scan had no region in scope. Inconclusive for a region whose security groups
    /// could not be listed, for an account the collector could not enter, and for an account
    /// with no region collected in a scan that had regions.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Every instance, endpoint or database launched without an explicit security group lands in
    /// the default one. As AWS creates it, it lets every member talk to every other on all ports
    /// and reach anywhere outbound, so unrelated resources placed there by accident can reach
    /// each other and the internet. An empty default group makes such mistakes fail closed and
    /// forces each workload to use a group designed for it.
    ///
    /// ## How to fix
    /// Find what uses the default group (network interfaces whose `group-id` is the group), move
    /// it to purpose-made security groups, then delete every inbound and outbound rule of the
    /// default group. The group itself cannot be deleted. AWS Firewall Manager or the AWS Config
    /// rule `vpc-default-security-group-closed` keeps it empty across accounts.
    pub(crate) struct Ec2DefaultSecurityGroupsClosed {
        id: "ec2-default-security-groups-closed",
        title: "The default security group of every VPC allows no inbound or outbound traffic",
        scope: Resource,
        reads: ["account.enabled_regions", "region.ec2_security_groups"],
    }
}

impl Check for Ec2DefaultSecurityGroupsClosed {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let question = Question {
            asks: "whether the default security groups{where} allow traffic",
            none_here: "There is no default security group (no VPC){where}.",
            selects: |group| group.group_name == DEFAULT_GROUP_NAME,
        };
        security_groups::judge_each(bundle, out, &question, |group, place| {
            let vpc = group.vpc_id.as_deref().map(|vpc| format!(" of {vpc}")).unwrap_or_default();
            let described = format!("The default security group {}{vpc} {place}", named(&group.group_id, &group.tags));
            if group.ingress.is_empty() && group.egress.is_empty() {
                (FindingStatus::Pass, format!("{described} has no inbound or outbound rule."))
            } else {
                (FindingStatus::Fail, format!("{described} allows traffic: {}.", describe_rules(group)))
            }
        });
    }
}

/// `inbound all traffic from sg-0abc (itself); outbound all traffic to 0.0.0.0/0 and ::/0`.
fn describe_rules(group: &SecurityGroup) -> String {
    let inbound = group.ingress.iter().map(|rule| format!("inbound {}", with_peers(rule, "from", group)));
    let outbound = group.egress.iter().map(|rule| format!("outbound {}", with_peers(rule, "to", group)));
    inbound.chain(outbound).collect::<Vec<_>>().join("; ")
}

/// `all traffic from sg-0abc (itself) and 10.0.0.0/8`; `TCP 443 to pl-123`.
fn with_peers(rule: &IpPermission, direction: &str, group: &SecurityGroup) -> String {
    let peers: Vec<String> = rule
        .ipv4_ranges
        .iter()
        .chain(&rule.ipv6_ranges)
        .chain(&rule.prefix_list_ids)
        .cloned()
        .chain(
            rule.source_group_ids
                .iter()
                .map(|id| if *id == group.group_id { format!("{id} (itself)") } else { id.clone() }),
        )
        .collect();
    if peers.is_empty() {
        rule_summary(rule)
    } else {
        format!("{} {direction} {}", rule_summary(rule), and_list(&peers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(protocol: &str, v4: &[&str], groups: &[&str]) -> IpPermission {
        IpPermission {
            ip_protocol: protocol.into(),
            from_port: None,
            to_port: None,
            ipv4_ranges: v4.iter().map(|s| (*s).to_owned()).collect(),
            ipv6_ranges: Vec::new(),
            prefix_list_ids: Vec::new(),
            source_group_ids: groups.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn aws_created_default_rules_are_described() {
        let group = SecurityGroup {
            group_id: "sg-1".into(),
            group_name: "default".into(),
            vpc_id: Some("vpc-1".into()),
            ingress: vec![rule("-1", &[], &["sg-1"])],
            egress: vec![rule("-1", &["0.0.0.0/0"], &[])],
            tags: maturity_evidence::Tags::new(),
        };
        assert_eq!(describe_rules(&group), "inbound all traffic from sg-1 (itself); outbound all traffic to 0.0.0.0/0");
    }
}
