//! Encryption at rest of EBS volumes, per volume.

use maturity_evidence::{Bundle, Volume};

use crate::shared::resource_names;
use crate::shared::resource_property::{self, ResourceProperty};
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// Every EBS volume (`ec2:DescribeVolumes`) of every scanned region of every account, in any
    /// state (attached or not): the volume passes when it is encrypted, and fails when it is not.
    ///
    /// Not applicable for a region without volumes. Inconclusive for a region whose volumes
    /// could not be listed, and for an account the collector could not enter.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// An unencrypted volume, and every snapshot taken of it, holds its data in clear: anyone who
    /// gets a copy (a shared or public snapshot, a misused `CreateVolume` permission) reads it,
    /// and no KMS key policy or CloudTrail record of key use stands in the way.
    ///
    /// ## How to fix
    /// A volume cannot be encrypted in place: snapshot it, copy the snapshot with encryption on
    /// (preferably with a customer-managed KMS key), create a volume from the copy and swap it in.
    /// Turn on EBS encryption by default in every region so that new volumes are encrypted.
    pub(crate) struct EbsVolumesEncrypted {
        id: "ebs-volumes-encrypted",
        title: "Every EBS volume is encrypted at rest",
        scope: Resource,
        reads: ["account.enabled_regions", "region.ec2_volumes"],
    }
}

/// EBS volumes and their encryption, as resource_property::evaluate reads them.
const VOLUMES: ResourceProperty<Volume> = ResourceProperty {
    plural: "EBS volumes",
    list: |region| &region.ec2_volumes,
    id: |volume| &volume.volume_id,
    describe: |volume| {
        format!("{} EBS volume {}", volume.state, resource_names::named(&volume.volume_id, &volume.tags))
    },
    holds: |volume| Ok(volume.encrypted),
    question: "are encrypted",
    held: "is encrypted at rest",
    lacked: "is not encrypted at rest",
    tags: |volume| Some(&volume.tags),
};

impl Check for EbsVolumesEncrypted {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        resource_property::evaluate(&VOLUMES, bundle, out);
    }
}
