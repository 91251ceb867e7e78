//! Elastic Load Balancing v2 load balancers spread over at least two Availability Zones, per load
//! balancer.

use std::collections::BTreeSet;

use maturity_evidence::{Bundle, LoadBalancer};

use crate::shared::resource_property::{self, ResourceProperty};
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// Every Application, Network and Gateway Load Balancer
    /// (`elasticloadbalancing:DescribeLoadBalancers`) of every scanned region of every account,
    /// internal or internet-facing: it passes when it has nodes in at least two different
    /// Availability Zones, and fails when it has nodes in one zone only. Classic Load Balancers
    /// are not collected and not judged.
    ///
    /// Not applicable for a region without load balancers. Inconclusive for a region whose load
    /// balancers could not be listed, and for an account the collector could not enter.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// A load balancer only sends traffic to the zones it is enabled in. With a single zone, a
    /// problem in that zone (power, network, a bad deployment of the zone's infrastructure) takes
    /// the whole entry point down, however many healthy targets run elsewhere. Two or more zones
    /// let the load balancer keep answering from the zones that still work.
    ///
    /// ## How to fix
    /// Add a subnet in a second (and ideally third) Availability Zone to the load balancer
    /// (`aws elbv2 set-subnets`), and run targets in those zones too, for example with an Auto
    /// Scaling group that spans the same zones. For Network Load Balancers, turn on cross-zone
    /// load balancing where targets are not evenly spread.
    pub(crate) struct Elbv2MultipleAzs {
        id: "elbv2-multiple-azs",
        title: "Every load balancer spans at least two Availability Zones",
        scope: Resource,
        reads: ["account.enabled_regions", "region.elbv2_load_balancers"],
    }
}

/// Load balancers and their zones, as resource_property::evaluate reads them.
const LOAD_BALANCERS: ResourceProperty<LoadBalancer> = ResourceProperty {
    plural: "load balancers",
    list: |region| &region.elbv2_load_balancers,
    id: |lb| &lb.arn,
    describe: |lb| {
        format!("{} {} load balancer {} ({})", lb.scheme, lb.load_balancer_type, lb.name, zones(&lb.availability_zones))
    },
    holds: |lb| Ok(distinct(&lb.availability_zones) >= 2),
    question: "span at least two Availability Zones",
    held: "spans at least two Availability Zones",
    lacked: "runs in fewer than two Availability Zones",
    tags: |_| None,
};

/// How many different zones a list names.
pub(crate) fn distinct(zones: &[String]) -> usize {
    zones.iter().collect::<BTreeSet<_>>().len()
}

/// `zones eu-west-1a, eu-west-1b`, or `no zone`.
pub(crate) fn zones(zones: &[String]) -> String {
    let unique: BTreeSet<&str> = zones.iter().map(String::as_str).collect();
    match unique.len() {
        0 => "no Availability Zone".to_owned(),
        1 => format!("zone {}", unique.into_iter().collect::<Vec<_>>().join("")),
        _ => format!("zones {}", unique.into_iter().collect::<Vec<_>>().join(", ")),
    }
}

impl Check for Elbv2MultipleAzs {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        resource_property::evaluate(&LOAD_BALANCERS, bundle, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_counted_once() {
        let list = |z: &[&str]| z.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(distinct(&list(&["a", "a"])), 1);
        assert_eq!(distinct(&list(&["a", "b", "a"])), 2);
        assert_eq!(zones(&list(&[])), "no Availability Zone");
        assert_eq!(zones(&list(&["eu-west-1a", "eu-west-1a"])), "zone eu-west-1a");
        assert_eq!(zones(&list(&["eu-west-1b", "eu-west-1a"])), "zones eu-west-1a, eu-west-1b");
    }
}
