//! Auto Scaling groups spread over at least two Availability Zones, per group.

use maturity_evidence::{AutoScalingGroup, Bundle};

use super::elbv2_multiple_azs::{distinct, zones};
use crate::shared::resource_property::{self, ResourceProperty};
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// Every Auto Scaling group (`autoscaling:DescribeAutoScalingGroups`) of every scanned region
    /// of every account: it passes when it may launch instances in at least two different
    /// Availability Zones, and fails when it is limited to one zone. Groups are judged whatever
    /// their desired capacity, since a group scaled to zero today is scaled up tomorrow with the
    /// same zones.
    ///
    /// Not applicable for a region without Auto Scaling groups. Inconclusive for a region whose
    /// groups could not be listed, and for an account the collector could not enter.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// An Auto Scaling group replaces failed instances only in the zones it is allowed to use. A
    /// single-zone group loses all its capacity when that zone has a problem and cannot bring it
    /// back anywhere else; a group over several zones keeps part of its instances running and
    /// rebalances into the healthy zones.
    ///
    /// ## How to fix
    /// Give the group subnets in at least two Availability Zones (`aws autoscaling
    /// update-auto-scaling-group --vpc-zone-identifier subnet-a,subnet-b`), keep a minimum
    /// capacity that survives the loss of one zone, and attach it to a load balancer that spans
    /// the same zones.
    pub(crate) struct AutoscalingMultipleAzs {
        id: "autoscaling-multiple-azs",
        title: "Every Auto Scaling group spans at least two Availability Zones",
        scope: Resource,
        reads: ["account.enabled_regions", "region.autoscaling_groups"],
    }
}

/// Auto Scaling groups and their zones, as resource_property::evaluate reads them.
const GROUPS: ResourceProperty<AutoScalingGroup> = ResourceProperty {
    plural: "Auto Scaling groups",
    list: |region| &region.autoscaling_groups,
    id: |group| &group.name,
    describe: |group| {
        format!(
            "Auto Scaling group {} (desired capacity {}, {})",
            group.name,
            group.desired_capacity,
            zones(&group.availability_zones)
        )
    },
    holds: |group| Ok(distinct(&group.availability_zones) >= 2),
    question: "span at least two Availability Zones",
    held: "spans at least two Availability Zones",
    lacked: "is limited to fewer than two Availability Zones",
    tags: |_| None,
};

impl Check for AutoscalingMultipleAzs {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        resource_property::evaluate(&GROUPS, bundle, out);
    }
}
