//! Block public access for AMIs, per region.

use maturity_evidence::Bundle;

use crate::shared::block_public_access::{self, Setting, State};
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// In every scanned region of every account, the block public access setting for AMIs
    /// (`ec2:GetImageBlockPublicAccessState`): `block-new-sharing` passes (no AMI can be made
    /// public); `unblocked` (or any other state) fails. The setting does not make AMIs that were
    /// already public private, and this check does not look for such AMIs.
    ///
    /// Inconclusive for a region whose setting could not be read, for an account the collector
    /// could not enter, and for an account with no region collected in a scan that had regions.
    /// Not applicable for an account when the scan had no region in scope.
    ///
    /// ## Why it matters
    /// A public AMI can be launched by any AWS account, and with it every file baked into the
    /// image: application code, configuration, keys and credentials left on the disk. Making an
    /// AMI public takes one API call, and public AMIs are actively searched for.
    ///
    /// ## How to fix
    /// In every region: `aws ec2 enable-image-block-public-access --image-block-public-access-state
    /// block-new-sharing`. Find AMIs that are already public with `describe-images --owners self
    /// --filters Name=is-public,Values=true` and make them private. In an organization, set it
    /// once for all accounts with a declarative policy for EC2, or deny
    /// `ec2:DisableImageBlockPublicAccess` with an SCP.
    pub(crate) struct Ec2AmiBlockPublicAccess {
        id: "ec2-ami-block-public-access",
        title: "Block public access for AMIs is on in every region",
        scope: Region,
        reads: ["account.enabled_regions", "region.ec2_image_block_public_access"],
    }
}

/// Block public access for AMIs.
const AMIS: Setting = Setting {
    plural: "AMIs",
    fact: |region| &region.ec2_image_block_public_access,
    states: &[
        State { value: "block-new-sharing", passes: true, meaning: "no AMI can newly be made public" },
        State { value: "unblocked", passes: false, meaning: "any AMI can be made public" },
    ],
};

impl Check for Ec2AmiBlockPublicAccess {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        block_public_access::evaluate(&AMIS, bundle, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_one_state_passes() {
        assert!(AMIS.has_one_passing_state());
    }
}
