//! Network exposure: whether a security group ingress rule lets the whole internet in, and which
//! TCP/UDP ports it reaches.
//!
//! The rules of EC2 are followed as AWS documents them for `AuthorizeSecurityGroupIngress`:
//! protocol `-1` allows every protocol on every port; `tcp` and `udp` (or `6` and `17`) allow the
//! ports `from_port..=to_port`; `icmp` and `icmpv6` (`1`, `58`) carry ICMP types and codes in
//! those fields, not ports; any other protocol (ESP, GRE, SCTP…) allows "all ports" of that
//! protocol only, which are not TCP or UDP ports, so it reaches none of them here.
//!
//! "The whole internet" is a CIDR with prefix length 0 (`0.0.0.0/0`, `::/0`). Prefix lists and
//! source security groups are not resolved here: a prefix list's entries are not in the evidence,
//! and a security group source is never the internet.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use maturity_evidence::IpPermission;

/// The protocol a rule allows, as far as ports are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    /// Every protocol (`-1`): every TCP and UDP port.
    All,
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
    /// ICMP or ICMPv6: no ports.
    Icmp,
    /// Any other IP protocol (ESP, GRE, SCTP…): no TCP or UDP port.
    Other,
}

impl Protocol {
    /// Reads the `ip_protocol` of a rule (a name or a protocol number).
    #[must_use]
    pub(crate) fn parse(ip_protocol: &str) -> Protocol {
        match ip_protocol.trim().to_ascii_lowercase().as_str() {
            "-1" | "all" => Protocol::All,
            "tcp" | "6" => Protocol::Tcp,
            "udp" | "17" => Protocol::Udp,
            "icmp" | "1" | "icmpv6" | "58" => Protocol::Icmp,
            _ => Protocol::Other,
        }
    }
}

/// Every TCP or UDP port.
const ALL_PORTS: RangeInclusive<u16> = 0..=u16::MAX;

/// What one ingress rule opens to the whole internet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InternetIngress<'a> {
    /// The rule's CIDRs that cover the whole internet, IPv4 first, in rule order.
    pub(crate) sources: Vec<&'a str>,
    /// The rule's protocol.
    pub(crate) protocol: Protocol,
    /// The TCP/UDP ports reached, both ends included; `None` when the rule reaches no TCP or UDP
    /// port (ICMP, other protocols).
    pub(crate) ports: Option<RangeInclusive<u16>>,
}

impl InternetIngress<'_> {
    /// Whether the rule lets the internet reach this TCP or UDP port.
    #[must_use]
    pub(crate) fn reaches(&self, port: u16) -> bool {
        self.ports.as_ref().is_some_and(|ports| ports.contains(&port))
    }

    /// Whether the rule lets the internet reach a TCP or UDP port that is not one of `allowed`.
    #[must_use]
    pub(crate) fn reaches_other_than(&self, allowed: &[u16]) -> bool {
        self.ports.as_ref().is_some_and(|ports| {
            let width = usize::from(ports.end() - ports.start()) + 1;
            let inside: BTreeSet<&u16> = allowed.iter().filter(|port| ports.contains(port)).collect();
            width > inside.len()
        })
    }
}

/// What a rule allows, without its sources, for people: `all traffic`, `TCP 22`, `UDP 1000-2000`,
/// `TCP (all ports)`, `ICMP`, `protocol 47`.
#[must_use]
pub(crate) fn rule_summary(rule: &IpPermission) -> String {
    let ports = |name: &str| match port_range(rule.from_port, rule.to_port) {
        Some(range) if range == ALL_PORTS => format!("{name} (all ports)"),
        Some(range) if range.start() == range.end() => format!("{name} {}", range.start()),
        Some(range) => format!("{name} {}-{}", range.start(), range.end()),
        None => format!("{name} (no port)"),
    };
    match Protocol::parse(&rule.ip_protocol) {
        Protocol::All => "all traffic".to_owned(),
        Protocol::Tcp => ports("TCP"),
        Protocol::Udp => ports("UDP"),
        Protocol::Icmp if matches!(rule.ip_protocol.trim().to_ascii_lowercase().as_str(), "icmpv6" | "58") => {
            "ICMPv6".to_owned()
        }
        Protocol::Icmp => "ICMP".to_owned(),
        Protocol::Other => format!("protocol {}", rule.ip_protocol.trim()),
    }
}

/// Whether a CIDR covers every address of its family (`0.0.0.0/0`, `::/0`).
#[must_use]
pub(crate) fn is_whole_internet(cidr: &str) -> bool {
    cidr.trim().rsplit_once('/').is_some_and(|(_, prefix)| prefix == "0")
}

/// What an ingress rule opens to the whole internet, or `None` when none of its CIDRs is the
/// whole internet.
#[must_use]
pub(crate) fn internet_ingress(rule: &IpPermission) -> Option<InternetIngress<'_>> {
    let sources: Vec<&str> = rule
        .ipv4_ranges
        .iter()
        .chain(&rule.ipv6_ranges)
        .map(String::as_str)
        .filter(|cidr| is_whole_internet(cidr))
        .collect();
    if sources.is_empty() {
        return None;
    }
    let protocol = Protocol::parse(&rule.ip_protocol);
    let ports = match protocol {
        Protocol::All => Some(ALL_PORTS),
        Protocol::Tcp | Protocol::Udp => port_range(rule.from_port, rule.to_port),
        Protocol::Icmp | Protocol::Other => None,
    };
    Some(InternetIngress { sources, protocol, ports })
}

/// The ports of a TCP or UDP rule. A missing or negative bound means every port (the widest
/// reading: a check must not take an odd rule for a closed one); bounds above 65535 are clamped.
fn port_range(from: Option<i32>, to: Option<i32>) -> Option<RangeInclusive<u16>> {
    let (Some(from), Some(to)) = (from, to) else {
        return Some(ALL_PORTS);
    };
    if from < 0 || to < 0 {
        return Some(ALL_PORTS);
    }
    let clamp = |port: i32| u16::try_from(port).unwrap_or(u16::MAX);
    let (from, to) = (clamp(from), clamp(to));
    (from <= to).then_some(from..=to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(protocol: &str, from: Option<i32>, to: Option<i32>, v4: &[&str], v6: &[&str]) -> IpPermission {
        IpPermission {
            ip_protocol: protocol.to_owned(),
            from_port: from,
            to_port: to,
            ipv4_ranges: v4.iter().map(|s| (*s).to_owned()).collect(),
            ipv6_ranges: v6.iter().map(|s| (*s).to_owned()).collect(),
            prefix_list_ids: Vec::new(),
            source_group_ids: Vec::new(),
        }
    }

    #[test]
    fn single_port_from_the_world() {
        let r = rule("tcp", Some(22), Some(22), &["0.0.0.0/0"], &[]);
        let open = internet_ingress(&r).expect("open");
        assert_eq!(open.sources, ["0.0.0.0/0"]);
        assert_eq!(open.protocol, Protocol::Tcp);
        assert!(open.reaches(22));
        assert!(!open.reaches(21));
        assert!(!open.reaches(23));
    }

    #[test]
    fn port_ranges_include_both_ends() {
        let r = rule("tcp", Some(3000), Some(3306), &["0.0.0.0/0"], &[]);
        let open = internet_ingress(&r).expect("open");
        assert!(open.reaches(3000));
        assert!(open.reaches(3306));
        assert!(!open.reaches(3307));
        assert!(!open.reaches(3389));
        assert!(!open.reaches(2999));
    }

    #[test]
    fn udp_and_protocol_numbers_carry_ports() {
        let udp = rule("17", Some(11211), Some(11211), &["0.0.0.0/0"], &[]);
        let open = internet_ingress(&udp).expect("open");
        assert_eq!(open.protocol, Protocol::Udp);
        assert!(open.reaches(11211));
        let tcp = rule("6", Some(0), Some(65535), &["0.0.0.0/0"], &[]);
        assert!(internet_ingress(&tcp).expect("open").reaches(3389));
    }

    #[test]
    fn all_protocols_reach_every_port() {
        let r = rule("-1", None, None, &["0.0.0.0/0"], &[]);
        let open = internet_ingress(&r).expect("open");
        assert_eq!(open.protocol, Protocol::All);
        assert!(open.reaches(0));
        assert!(open.reaches(22));
        assert!(open.reaches(65535));
        // The port fields of an all-protocol rule are ignored by EC2, and here.
        let odd = rule("-1", Some(80), Some(80), &["0.0.0.0/0"], &[]);
        assert!(internet_ingress(&odd).expect("open").reaches(22));
    }

    #[test]
    fn ipv6_world_counts() {
        let r = rule("tcp", Some(3389), Some(3389), &["10.0.0.0/8"], &["::/0"]);
        let open = internet_ingress(&r).expect("open");
        assert_eq!(open.sources, ["::/0"]);
        assert!(open.reaches(3389));
        let both = rule("tcp", Some(22), Some(22), &["0.0.0.0/0"], &["2001:db8::/32", "::/0"]);
        assert_eq!(internet_ingress(&both).expect("open").sources, ["0.0.0.0/0", "::/0"]);
    }

    #[test]
    fn private_and_narrow_sources_are_not_the_internet() {
        assert!(internet_ingress(&rule("tcp", Some(22), Some(22), &["10.0.0.0/8", "203.0.113.7/32"], &[])).is_none());
        assert!(internet_ingress(&rule("-1", None, None, &[], &["2001:db8::/32"])).is_none());
        assert!(internet_ingress(&rule("-1", None, None, &[], &[])).is_none());
        assert!(!is_whole_internet("0.0.0.0/1"));
        assert!(is_whole_internet("::/0"));
    }

    #[test]
    fn icmp_and_port_less_protocols_reach_no_port() {
        // ICMP puts the type and code in the port fields: type 8 (echo) is not port 8.
        let ping = rule("icmp", Some(8), Some(-1), &["0.0.0.0/0"], &[]);
        let open = internet_ingress(&ping).expect("open to the world, but on no port");
        assert_eq!(open.ports, None);
        assert!(!open.reaches(8));
        let all_icmp = rule("icmpv6", Some(-1), Some(-1), &[], &["::/0"]);
        assert!(!internet_ingress(&all_icmp).expect("open").reaches(22));
        let esp = rule("50", None, None, &["0.0.0.0/0"], &[]);
        assert_eq!(internet_ingress(&esp).expect("open").protocol, Protocol::Other);
        assert!(!internet_ingress(&esp).expect("open").reaches(22));
    }

    #[test]
    fn ports_other_than_an_allow_list() {
        let web = [80, 443];
        let open = |r: IpPermission| internet_ingress(&r).map(|i| i.reaches_other_than(&web));
        assert_eq!(open(rule("tcp", Some(443), Some(443), &["0.0.0.0/0"], &[])), Some(false));
        assert_eq!(open(rule("udp", Some(443), Some(443), &[], &["::/0"])), Some(false));
        assert_eq!(open(rule("tcp", Some(80), Some(443), &["0.0.0.0/0"], &[])), Some(true));
        assert_eq!(open(rule("tcp", Some(8080), Some(8080), &["0.0.0.0/0"], &[])), Some(true));
        assert_eq!(open(rule("-1", None, None, &["0.0.0.0/0"], &[])), Some(true));
        assert_eq!(open(rule("icmp", Some(8), Some(-1), &["0.0.0.0/0"], &[])), Some(false));
        assert_eq!(open(rule("tcp", Some(22), Some(22), &["10.0.0.0/8"], &[])), None);
    }

    #[test]
    fn rules_summarised_for_people() {
        let summary =
            |protocol: &str, from: Option<i32>, to: Option<i32>| rule_summary(&rule(protocol, from, to, &[], &[]));
        assert_eq!(summary("-1", None, None), "all traffic");
        assert_eq!(summary("tcp", Some(22), Some(22)), "TCP 22");
        assert_eq!(summary("17", Some(1000), Some(2000)), "UDP 1000-2000");
        assert_eq!(summary("tcp", Some(0), Some(65535)), "TCP (all ports)");
        assert_eq!(summary("icmp", Some(8), Some(-1)), "ICMP");
        assert_eq!(summary("icmpv6", Some(-1), Some(-1)), "ICMPv6");
        assert_eq!(summary("58", None, None), "ICMPv6");
        assert_eq!(summary("47", None, None), "protocol 47");
    }

    #[test]
    fn odd_tcp_bounds_are_read_widely() {
        assert_eq!(port_range(None, None), Some(ALL_PORTS));
        assert_eq!(port_range(Some(-1), Some(-1)), Some(ALL_PORTS));
        assert_eq!(port_range(Some(1000), Some(70000)), Some(1000..=u16::MAX));
        assert_eq!(port_range(Some(23), Some(22)), None);
    }
}
