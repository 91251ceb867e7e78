//! EBS encryption by default, per region.

use maturity_evidence::Bundle;

use crate::shared::walk::{self, Region};
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// Every scanned region of every account has EBS encryption by default turned on
    /// (`ec2:GetEbsEncryptionByDefault`): the region passes when it is on and fails when it is
    /// off.
    ///
    /// Every scanned region counts as in use, whether or not it holds volumes today: the setting
    /// costs nothing and protects the first volume anyone creates there. Regions that are not
    /// enabled are not scanned, so they are not judged.
    ///
    /// Not applicable for an account with no scanned region. Inconclusive for a region whose
    /// setting could not be read, and for an account the collector could not enter.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// With encryption by default, every new EBS volume and every snapshot copy in the region is
    /// encrypted, whoever creates it and however (console, template, Auto Scaling, AMI launch),
    /// so an unencrypted volume cannot appear by omission.
    ///
    /// ## How to fix
    /// Turn it on in each region (EC2 console → Settings → EBS encryption, or
    /// `aws ec2 enable-ebs-encryption-by-default --region REGION`), and choose the default KMS key
    /// (`modify-ebs-default-kms-key-id`), preferably a customer-managed one. It does not encrypt
    /// existing volumes.
    pub(crate) struct EbsDefaultEncryption {
        id: "ebs-default-encryption",
        title: "EBS encryption by default is on in every scanned region",
        scope: Region,
        reads: ["account.enabled_regions", "region.ec2_ebs_encryption_by_default"],
    }
}

impl Check for EbsDefaultEncryption {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_region_fact(
            bundle,
            out,
            "whether EBS encryption by default is on",
            |facts| &facts.ec2_ebs_encryption_by_default,
            |r| format!("whether EBS encryption by default is on in {} of {}", r.name, r.label),
            |r, on, out| {
                let Region { name: region, label, .. } = r;
                if *on {
                    out.pass(r.location(), format_args!("EBS encryption by default is on in {region} of {label}."));
                } else {
                    out.fail(r.location(), format_args!("EBS encryption by default is off in {region} of {label}."));
                }
            },
        );
    }
}
