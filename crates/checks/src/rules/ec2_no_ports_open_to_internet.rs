//! Security groups that let the internet reach anything but web ports, per security group.

use maturity_evidence::{Bundle, SecurityGroup};

use crate::shared::network_exposure::{Protocol, internet_ingress, rule_summary};
use crate::shared::prose::and_list;
use crate::shared::security_groups;
use crate::{Check, FindingStatus, Findings, declare_check};

/// The ports the whole internet may reach: HTTP and HTTPS (TCP, and UDP for HTTP/3).
const WEB_PORTS: &[u16] = &[80, 443];

declare_check! {
    /// ## What it checks
    /// Every security group (`ec2:DescribeSecurityGroups`) of every scanned region of every
    /// account, attached to something or not. One finding per group: fail when an inbound rule
    /// lets `0.0.0.0/0` or `::/0` reach a TCP or UDP port other than 80 and 443 (a rule for all
    /// protocols, or a range such as 80-443, counts), or allows the internet any protocol other
    /// than TCP, UDP and ICMP (GRE, ESP…: not web traffic, though it has no port). Pass
    /// otherwise. ICMP from the internet is allowed: it carries no service, and path MTU
    /// discovery needs it. The failing message lists each offending rule with its sources.
    ///
    /// Ports 80 and 443 are accepted on any group. The model expects them open only on load
    /// balancers (or other front doors such as CloudFront origins), but the evidence does not
    /// yet say which resources use a group, so that is not checked. Sources given as prefix
    /// lists or security groups are not counted as the internet. `ec2-no-risky-ports-open`
    /// judges the worst ports (SSH, RDP, databases) on their own; this check is the wider one.
    ///
    /// Not applicable for a region without security groups (and for an account when the scan
    /// had no region in scope). Inconclusive for a region whose security groups could not be
    /// listed, for an account the collector could not enter, and for an account with no region
    /// collected in a scan that had regions.
    ///
    /// ## Why it matters
    /// Every port open to the whole internet is scanned within minutes and probed for weak
    /// credentials and unpatched software. Services meant for colleagues, partners or other
    /// tiers of the application (admin consoles, APIs on high ports, message brokers) rarely
    /// survive that exposure; only the web front door should face everyone.
    ///
    /// ## How to fix
    /// Put internet-facing services behind a load balancer or CloudFront that listens on 80/443
    /// and let the instances accept traffic only from the load balancer's security group. Narrow
    /// other rules to the addresses or security groups that need them (or to a managed prefix
    /// list), and reach instances for administration through Systems Manager Session Manager.
    /// AWS Firewall Manager or the AWS Config rule `restricted-common-ports` can audit security
    /// groups across accounts.
    pub(crate) struct Ec2NoPortsOpenToInternet {
        id: "ec2-no-ports-open-to-internet",
        title: "No security group allows the internet to reach a port other than 80 and 443",
        scope: Resource,
    }
}

impl Check for Ec2NoPortsOpenToInternet {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        security_groups::judge_each(bundle, out, &security_groups::OPEN_TO_INTERNET, |group, place| {
            let described = format!("Security group {} ({}) {place}", group.group_name, group.group_id);
            let open = beyond_web(group);
            if open.is_empty() {
                (FindingStatus::Pass, format!("{described} lets the internet reach no port other than 80 and 443."))
            } else {
                (
                    FindingStatus::Fail,
                    format!("{described} lets the internet reach more than ports 80 and 443: {}.", open.join("; ")),
                )
            }
        });
    }
}

/// The inbound rules that open more than the web ports to the internet, each as
/// `TCP 8080 from 0.0.0.0/0` (only the internet sources are named).
fn beyond_web(group: &SecurityGroup) -> Vec<String> {
    group
        .ingress
        .iter()
        .filter_map(|rule| {
            let ingress = internet_ingress(rule)?;
            let too_open = ingress.protocol == Protocol::Other || ingress.reaches_other_than(WEB_PORTS);
            too_open.then(|| format!("{} from {}", rule_summary(rule), and_list(&ingress.sources)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use maturity_evidence::{IpPermission, Tags};

    use super::*;

    fn rule(protocol: &str, ports: Option<(i32, i32)>, v4: &[&str], v6: &[&str]) -> IpPermission {
        IpPermission {
            ip_protocol: protocol.to_owned(),
            from_port: ports.map(|p| p.0),
            to_port: ports.map(|p| p.1),
            ipv4_ranges: v4.iter().map(|s| (*s).to_owned()).collect(),
            ipv6_ranges: v6.iter().map(|s| (*s).to_owned()).collect(),
            prefix_list_ids: Vec::new(),
            source_group_ids: Vec::new(),
        }
    }

    fn open(rules: Vec<IpPermission>) -> Vec<String> {
        beyond_web(&SecurityGroup {
            group_id: "sg-1".into(),
            group_name: "g".into(),
            vpc_id: None,
            ingress: rules,
            egress: Vec::new(),
            tags: Tags::new(),
        })
    }

    #[test]
    fn web_ports_and_icmp_are_fine() {
        assert!(
            open(vec![
                rule("tcp", Some((80, 80)), &["0.0.0.0/0"], &["::/0"]),
                rule("tcp", Some((443, 443)), &["0.0.0.0/0"], &["::/0"]),
                rule("udp", Some((443, 443)), &["0.0.0.0/0"], &[]),
                rule("icmp", Some((3, 4)), &["0.0.0.0/0"], &[]),
                rule("tcp", Some((22, 22)), &["203.0.113.0/24"], &[]),
            ])
            .is_empty()
        );
    }

    #[test]
    fn anything_else_from_the_internet_is_listed_with_its_internet_sources() {
        assert_eq!(
            open(vec![
                rule("tcp", Some((80, 443)), &["0.0.0.0/0", "10.0.0.0/8"], &[]),
                rule("tcp", Some((8080, 8080)), &[], &["::/0"]),
                rule("-1", None, &["0.0.0.0/0"], &[]),
                rule("47", None, &["0.0.0.0/0"], &[]),
            ]),
            vec![
                "TCP 80-443 from 0.0.0.0/0",
                "TCP 8080 from ::/0",
                "all traffic from 0.0.0.0/0",
                "protocol 47 from 0.0.0.0/0"
            ]
        );
    }
}
