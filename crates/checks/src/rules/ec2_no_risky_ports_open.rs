//! Security groups that let the internet reach administration, database and other risky ports,
//! per security group.

use std::collections::{BTreeMap, BTreeSet};

use maturity_evidence::{Bundle, SecurityGroup};

use crate::shared::network_exposure::internet_ingress;
use crate::shared::prose::and_list;
use crate::shared::security_groups;
use crate::{Check, FindingStatus, Findings, declare_check};

/// Ports that must never be open to the whole internet, with the service usually listening on
/// each, sorted by port. Remote administration (SSH, RDP, VNC, Telnet, the Docker API), Windows
/// file sharing and RPC, file transfer, databases, caches and search/queue engines: services
/// that are routinely brute-forced or exploited when reachable, and rarely meant for the public.
///
/// Left out on purpose: web ports (80, 443, 8080…), and 9000, which is used by too many
/// unrelated services (PHP-FPM, SonarQube, MinIO, Portainer, Hadoop) to name one risk.
const RISKY_PORTS: &[(u16, &str)] = &[
    (21, "FTP"),
    (22, "SSH"),
    (23, "Telnet"),
    (135, "MSRPC"),
    (139, "NetBIOS"),
    (445, "SMB"),
    (1433, "MSSQL"),
    (1521, "Oracle"),
    (2375, "Docker"),
    (2376, "Docker TLS"),
    (3306, "MySQL"),
    (3389, "RDP"),
    (5432, "PostgreSQL"),
    (5900, "VNC"),
    (5984, "CouchDB"),
    (6379, "Redis"),
    (6984, "CouchDB TLS"),
    (8020, "Hadoop NameNode"),
    (9092, "Kafka"),
    (9200, "Elasticsearch"),
    (9300, "Elasticsearch transport"),
    (11211, "Memcached"),
    (27017, "MongoDB"),
];

declare_check! {
    /// ## What it checks
    /// Every security group (`ec2:DescribeSecurityGroups`) of every scanned region of every
    /// account, attached to something or not: the group fails when one of its inbound rules
    /// allows `0.0.0.0/0` or `::/0` to reach a risky port, and passes otherwise. One finding per
    /// group; a failing finding lists each risky port reached and the CIDR that reaches it.
    ///
    /// Risky ports: 21 FTP, 22 SSH, 23 Telnet, 135 MSRPC, 139 NetBIOS, 445 SMB, 1433 MSSQL,
    /// 1521 Oracle, 2375/2376 Docker, 3306 MySQL, 3389 RDP, 5432 PostgreSQL, 5900 VNC,
    /// 5984/6984 CouchDB, 6379 Redis, 8020 Hadoop NameNode, 9092 Kafka, 9200/9300
    /// Elasticsearch, 11211 Memcached and 27017 MongoDB.
    ///
    /// A rule for all protocols (`-1`) reaches every port; a TCP or UDP rule reaches the ports
    /// `from_port` to `to_port`, both included (a UDP rule on a TCP service's port counts: the
    /// port is open either way). ICMP rules and rules for other protocols (ESP, GRE…) reach no
    /// port. Sources given as prefix lists or security groups are not counted as the internet
    /// (the evidence does not hold a prefix list's entries).
    ///
    /// Not applicable for a region without security groups (and for an account when the scan
    /// had no region in scope). Inconclusive for a region whose security groups could not be
    /// listed, for an account the collector could not enter, and for an account with no region
    /// collected in a scan that had regions.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Administration and database ports open to the whole internet are found by scanners within
    /// minutes and then brute-forced or exploited; hosts behind them are often not patched or
    /// hardened for that exposure. Security Hub controls EC2.13 (port 22) and EC2.14 (port 3389)
    /// check the two most common cases.
    ///
    /// ## How to fix
    /// Remove the rule, or narrow its source to the addresses that need it. Manage instances
    /// through AWS Systems Manager Session Manager or Fleet Manager (no inbound port at all),
    /// EC2 Instance Connect Endpoint, or a hardened bastion; reach databases from the
    /// application's security group, never from `0.0.0.0/0`. AWS Firewall Manager can audit and
    /// fix security groups across accounts.
    pub(crate) struct Ec2NoRiskyPortsOpen {
        id: "ec2-no-risky-ports-open",
        title: "No security group allows the internet to reach a risky port",
        scope: Resource,
        reads: ["account.enabled_regions", "region.ec2_security_groups"],
    }
}

impl Check for Ec2NoRiskyPortsOpen {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        security_groups::judge_each(bundle, out, &security_groups::OPEN_TO_INTERNET, |group, place| {
            let described = format!("Security group {} ({}) {place}", group.group_name, group.group_id);
            let open = risky_ports_open(group);
            if open.is_empty() {
                (FindingStatus::Pass, format!("{described} opens no risky port to the internet."))
            } else {
                let ports = if distinct_ports(&open) == 1 { "a risky port" } else { "risky ports" };
                (FindingStatus::Fail, format!("{described} opens {ports} to the internet: {}.", describe_open(&open)))
            }
        });
    }
}

/// For each internet CIDR of the group's inbound rules, the indexes in [`RISKY_PORTS`] it reaches.
fn risky_ports_open(group: &SecurityGroup) -> BTreeMap<&str, BTreeSet<usize>> {
    let mut open: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for ingress in group.ingress.iter().filter_map(internet_ingress) {
        let reached: Vec<usize> = RISKY_PORTS
            .iter()
            .enumerate()
            .filter(|(_, (port, _))| ingress.reaches(*port))
            .map(|(index, _)| index)
            .collect();
        if reached.is_empty() {
            continue;
        }
        for source in &ingress.sources {
            open.entry(source).or_default().extend(&reached);
        }
    }
    open
}

/// How many different risky ports are open, whatever the CIDR.
fn distinct_ports(open: &BTreeMap<&str, BTreeSet<usize>>) -> usize {
    open.values().flatten().collect::<BTreeSet<_>>().len()
}

/// `22 (SSH) and 3389 (RDP) from 0.0.0.0/0; 22 (SSH) from ::/0`, with CIDRs that reach the same
/// ports named together: `11211 (Memcached) from 0.0.0.0/0 and ::/0`.
fn describe_open(open: &BTreeMap<&str, BTreeSet<usize>>) -> String {
    let mut grouped: Vec<(&BTreeSet<usize>, Vec<String>)> = Vec::new();
    for (cidr, ports) in open {
        match grouped.iter_mut().find(|(same, _)| *same == ports) {
            Some((_, cidrs)) => cidrs.push((*cidr).to_owned()),
            None => grouped.push((ports, vec![(*cidr).to_owned()])),
        }
    }
    grouped
        .iter()
        .map(|(ports, cidrs)| {
            let ports: Vec<String> = ports
                .iter()
                .filter_map(|index| RISKY_PORTS.get(*index))
                .map(|(port, service)| format!("{port} ({service})"))
                .collect();
            format!("{} from {}", and_list(&ports), and_list(cidrs))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use maturity_evidence::IpPermission;

    use super::*;

    fn group(rules: Vec<IpPermission>) -> SecurityGroup {
        SecurityGroup {
            group_id: "sg-1".to_owned(),
            group_name: "test".to_owned(),
            vpc_id: None,
            ingress: rules,
            egress: Vec::new(),
            tags: maturity_evidence::Tags::new(),
        }
    }

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

    fn described(rules: Vec<IpPermission>) -> String {
        describe_open(&risky_ports_open(&group(rules)))
    }

    #[test]
    fn risky_ports_are_sorted_and_unique() {
        assert!(RISKY_PORTS.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }

    #[test]
    fn lists_each_port_per_cidr_once() {
        let text = described(vec![
            rule("tcp", Some((22, 22)), &["0.0.0.0/0"], &["::/0"]),
            rule("tcp", Some((3389, 3389)), &["0.0.0.0/0"], &[]),
            rule("udp", Some((22, 22)), &["0.0.0.0/0"], &[]),
        ]);
        assert_eq!(text, "22 (SSH) and 3389 (RDP) from 0.0.0.0/0; 22 (SSH) from ::/0");
    }

    #[test]
    fn cidrs_reaching_the_same_ports_are_named_together() {
        let memcached = group(vec![rule("udp", Some((11211, 11211)), &["0.0.0.0/0"], &["::/0"])]);
        let open = risky_ports_open(&memcached);
        assert_eq!(describe_open(&open), "11211 (Memcached) from 0.0.0.0/0 and ::/0");
        assert_eq!(distinct_ports(&open), 1);
    }

    #[test]
    fn a_range_lists_every_risky_port_inside_it() {
        assert_eq!(
            described(vec![rule("tcp", Some((3000, 3400)), &["0.0.0.0/0"], &[])]),
            "3306 (MySQL) and 3389 (RDP) from 0.0.0.0/0"
        );
    }

    #[test]
    fn safe_rules_open_nothing() {
        let safe = group(vec![
            rule("tcp", Some((443, 443)), &["0.0.0.0/0"], &["::/0"]),
            rule("tcp", Some((22, 22)), &["10.0.0.0/8"], &[]),
            rule("icmp", Some((22, -1)), &["0.0.0.0/0"], &[]),
        ]);
        assert!(risky_ports_open(&safe).is_empty());
    }

    #[test]
    fn all_traffic_reaches_every_risky_port() {
        let all = group(vec![rule("-1", None, &["0.0.0.0/0"], &[])]);
        let open = risky_ports_open(&all);
        assert_eq!(open.get("0.0.0.0/0").map(BTreeSet::len), Some(RISKY_PORTS.len()));
    }
}
