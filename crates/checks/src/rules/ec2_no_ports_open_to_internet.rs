//! Security groups that let the internet reach anything but web ports, or web ports of anything
//! but a load balancer, per security group.

use maturity_evidence::{Bundle, LoadBalancer, RegionFacts, SecurityGroup};

use crate::shared::network_exposure::{InternetIngress, Protocol, internet_ingress, rule_summary};
use crate::shared::prose::and_list;
use crate::shared::security_groups;
use crate::{Check, FindingStatus, Findings, declare_check};

/// The ports the whole internet may reach on a load balancer: HTTP and HTTPS (TCP, and UDP for
/// HTTP/3).
const WEB_PORTS: &[u16] = &[80, 443];

declare_check! {
    /// ## What it checks
    /// Every security group (`ec2:DescribeSecurityGroups`) of every scanned region of every
    /// account, attached to something or not. One finding per group. It fails when an inbound
    /// rule lets `0.0.0.0/0` or `::/0` reach a TCP or UDP port other than 80 and 443 (a rule for
    /// all protocols, or a range such as 80-443, counts), or allows the internet any protocol
    /// other than TCP, UDP and ICMP (GRE, ESP…: not web traffic, though it has no port). It also
    /// fails when the internet may reach port 80 or 443 of a group that no load balancer of its
    /// region lists among its security groups (`SecurityGroups` of
    /// `elasticloadbalancing:DescribeLoadBalancers`): web ports are for the front door only, not
    /// for instances or other resources facing the internet directly. It passes when the
    /// internet reaches nothing but ICMP, or only ports 80 and 443 of a group a load balancer
    /// uses. ICMP from the internet is allowed: it carries no service, and path MTU discovery
    /// needs it. The failing message lists each offending rule with its sources.
    ///
    /// Sources given as prefix lists or security groups are not counted as the internet. Only
    /// Elastic Load Balancing v2 load balancers count as front doors: a group whose 80/443 serve
    /// a Classic Load Balancer, or an instance behind CloudFront that accepts the whole internet,
    /// fails (restricting such an origin to CloudFront's managed prefix list passes).
    /// `ec2-no-risky-ports-open` judges the worst ports (SSH, RDP, databases) on their own; this
    /// check is the wider one.
    ///
    /// Not applicable for a region without security groups (and for an account when the scan
    /// had no region in scope). Inconclusive for a region whose security groups could not be
    /// listed, for a group open to the internet only on 80/443 in a region whose load balancers
    /// could not be listed, for an account the collector could not enter, and for an account
    /// with no region collected in a scan that had regions.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Every port open to the whole internet is scanned within minutes and probed for weak
    /// credentials and unpatched software. Services meant for colleagues, partners or other
    /// tiers of the application (admin consoles, APIs on high ports, message brokers) rarely
    /// survive that exposure; only the web front door should face everyone, and a load balancer
    /// in front of the servers terminates TLS, spreads the load, carries a web application
    /// firewall and keeps the servers themselves off the internet.
    ///
    /// ## How to fix
    /// Put internet-facing services behind a load balancer or CloudFront that listens on 80/443
    /// and let the instances accept traffic only from the load balancer's security group (or
    /// CloudFront's managed prefix list). Narrow other rules to the addresses or security groups
    /// that need them (or to a managed prefix list), and reach instances for administration
    /// through Systems Manager Session Manager. AWS Firewall Manager or the AWS Config rule
    /// `restricted-common-ports` can audit security groups across accounts.
    pub(crate) struct Ec2NoPortsOpenToInternet {
        id: "ec2-no-ports-open-to-internet",
        title: "No security group allows the internet to reach a port other than 80 and 443 of a load balancer",
        scope: Resource,
        reads: ["account.enabled_regions", "region.ec2_security_groups", "region.elbv2_load_balancers"],
    }
}

impl Check for Ec2NoPortsOpenToInternet {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        security_groups::judge_each_in_region(bundle, out, &security_groups::OPEN_TO_INTERNET, judge);
    }
}

/// The verdict on one group of a region.
fn judge(group: &SecurityGroup, facts: &RegionFacts, place: &str) -> (FindingStatus, String) {
    let described = format!("Security group {} ({}) {place}", group.group_name, group.group_id);
    let open = beyond_web(group);
    let web = web_ports_open(group);
    let ports = format!(
        "port{} {}",
        if web.len() == 1 { "" } else { "s" },
        and_list(&web.iter().map(u16::to_string).collect::<Vec<_>>())
    );
    let users = facts.elbv2_load_balancers.get().map(|lbs| users(lbs, &group.group_id));
    // The web ports are open on a group no load balancer uses (known only when the load balancers were read).
    let web_without_lb = !web.is_empty() && users.as_ref().is_ok_and(Vec::is_empty);
    if !open.is_empty() {
        let also = if web_without_lb {
            format!("; it also opens {ports} to the internet but no load balancer uses it")
        } else {
            String::new()
        };
        let message =
            format!("{described} lets the internet reach more than ports 80 and 443: {}{also}.", open.join("; "));
        return (FindingStatus::Fail, message);
    }
    if web.is_empty() {
        return (FindingStatus::Pass, format!("{described} lets the internet reach no TCP or UDP port."));
    }
    match users {
        Err(missing) => (
            FindingStatus::Inconclusive,
            format!(
                "Cannot tell whether a load balancer uses security group {} ({}) {place}, which opens {ports} to the \
                 internet: {missing}.",
                group.group_name, group.group_id
            ),
        ),
        Ok(users) if users.is_empty() => (
            FindingStatus::Fail,
            format!(
                "{described} opens {ports} to the internet but no load balancer uses it: put the service behind a load \
                 balancer or restrict the source."
            ),
        ),
        Ok(users) => {
            let (noun, verb) = if users.len() == 1 { ("load balancer", "uses") } else { ("load balancers", "use") };
            (
                FindingStatus::Pass,
                format!("{described} lets the internet reach only {ports}, and {noun} {} {verb} it.", and_list(&users)),
            )
        }
    }
}

/// The names of the load balancers that list this security group.
fn users<'a>(lbs: &'a [LoadBalancer], group_id: &str) -> Vec<&'a str> {
    lbs.iter().filter(|lb| lb.security_groups.iter().any(|id| id == group_id)).map(|lb| lb.name.as_str()).collect()
}

/// The web ports (80, 443) the internet may reach through an inbound rule that reaches nothing
/// else (the rules listed by [`beyond_web`] are not counted again), in order.
fn web_ports_open(group: &SecurityGroup) -> Vec<u16> {
    let ingress: Vec<_> =
        group.ingress.iter().filter_map(internet_ingress).filter(|ingress| !too_open(ingress)).collect();
    WEB_PORTS.iter().copied().filter(|port| ingress.iter().any(|rule| rule.reaches(*port))).collect()
}

/// The inbound rules that open more than the web ports to the internet, each as
/// `TCP 8080 from 0.0.0.0/0` (only the internet sources are named).
fn beyond_web(group: &SecurityGroup) -> Vec<String> {
    group
        .ingress
        .iter()
        .filter_map(|rule| {
            let ingress = internet_ingress(rule)?;
            too_open(&ingress).then(|| format!("{} from {}", rule_summary(rule), and_list(&ingress.sources)))
        })
        .collect()
}

/// Whether a rule lets the internet reach more than the web ports (another port, or another
/// protocol than TCP, UDP and ICMP).
fn too_open(ingress: &InternetIngress<'_>) -> bool {
    ingress.protocol == Protocol::Other || ingress.reaches_other_than(WEB_PORTS)
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

    fn group(rules: Vec<IpPermission>) -> SecurityGroup {
        SecurityGroup {
            group_id: "sg-web".into(),
            group_name: "web".into(),
            vpc_id: None,
            ingress: rules,
            egress: Vec::new(),
            tags: Tags::new(),
        }
    }

    fn region(lbs: serde_json::Value) -> RegionFacts {
        serde_json::from_value(serde_json::json!({ "elbv2_load_balancers": lbs })).unwrap_or_else(|e| panic!("{e}"))
    }

    fn alb(groups: &[&str]) -> serde_json::Value {
        serde_json::json!({
            "arn": "arn:lb", "name": "alb", "load_balancer_type": "application", "scheme": "internet-facing",
            "security_groups": groups
        })
    }

    #[test]
    fn web_ports_pass_only_on_a_load_balancer_group() {
        let https = group(vec![rule("tcp", Some((443, 443)), &["0.0.0.0/0"], &[])]);
        let on_alb = region(serde_json::json!({ "ok": [alb(&["sg-other", "sg-web"])] }));
        let elsewhere = region(serde_json::json!({ "ok": [alb(&["sg-other"])] }));
        let denied =
            region(serde_json::json!({ "denied": { "action": "elasticloadbalancing:DescribeLoadBalancers" } }));
        assert_eq!(judge(&https, &on_alb, "here").0, FindingStatus::Pass);
        assert_eq!(judge(&https, &elsewhere, "here").0, FindingStatus::Fail);
        assert_eq!(judge(&https, &denied, "here").0, FindingStatus::Inconclusive);
        assert_eq!(judge(&https, &RegionFacts::default(), "here").0, FindingStatus::Inconclusive, "not collected");
        let ssh = group(vec![rule("tcp", Some((22, 22)), &["0.0.0.0/0"], &[])]);
        assert_eq!(judge(&ssh, &denied, "here").0, FindingStatus::Fail, "other ports fail whatever the load balancers");
        assert_eq!(judge(&ssh, &on_alb, "here").0, FindingStatus::Fail, "other ports fail on a load balancer too");
        let closed = group(vec![rule("tcp", Some((443, 443)), &["10.0.0.0/8"], &[])]);
        assert_eq!(judge(&closed, &denied, "here").0, FindingStatus::Pass, "nothing open: load balancers not needed");
    }

    #[test]
    fn web_ports_are_counted_from_rules_reaching_nothing_else() {
        let g = group(vec![
            rule("tcp", Some((80, 443)), &["0.0.0.0/0"], &[]),
            rule("udp", Some((443, 443)), &[], &["::/0"]),
        ]);
        assert_eq!(web_ports_open(&g), vec![443]);
        assert!(web_ports_open(&group(vec![rule("-1", None, &["0.0.0.0/0"], &[])])).is_empty());
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
