//! Block public access for EBS snapshots, per region.

use maturity_evidence::Bundle;

use crate::shared::block_public_access::{self, Setting, State};
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// In every scanned region of every account, the block public access setting for EBS
    /// snapshots (`ec2:GetSnapshotBlockPublicAccessState`):
    /// - `block-all-sharing` passes: no snapshot can be shared publicly, and snapshots that were
    ///   public before are no longer public;
    /// - `block-new-sharing` fails: no new public sharing, but snapshots that are already public
    ///   stay public;
    /// - `unblocked` (or any other state) fails: any snapshot can be made public.
    ///
    /// Inconclusive for a region whose setting could not be read, for an account the collector
    /// could not enter, and for an account with no region collected in a scan that had regions.
    /// Not applicable for an account when the scan had no region in scope.
    ///
    /// ## Why it matters
    /// A public snapshot can be copied by any AWS account and turned into a volume: every file,
    /// database and secret on the disk is out. Sharing a snapshot publicly takes one API call or a
    /// wrong click, and public snapshots are actively searched for. Security Hub control EC2.1
    /// looks for public snapshots one by one; this setting prevents them in the whole region.
    ///
    /// ## How to fix
    /// In every region: `aws ec2 enable-snapshot-block-public-access --state block-all-sharing`
    /// (first check with `describe-snapshots --restorable-by-user-ids all` that no snapshot is
    /// public on purpose). In an organization, set it once for all accounts with a declarative
    /// policy for EC2, or deny `ec2:DisableSnapshotBlockPublicAccess` with an SCP.
    pub(crate) struct Ec2SnapshotBlockPublicAccess {
        id: "ec2-snapshot-block-public-access",
        title: "Block public access for EBS snapshots blocks all sharing in every region",
        scope: Region,
        reads: ["account.enabled_regions", "region.ec2_snapshot_block_public_access"],
    }
}

/// Block public access for EBS snapshots.
const SNAPSHOTS: Setting = Setting {
    plural: "EBS snapshots",
    fact: |region| &region.ec2_snapshot_block_public_access,
    states: &[
        State {
            value: "block-all-sharing",
            passes: true,
            meaning: "no snapshot can be shared publicly, including those that were public before",
        },
        State {
            value: "block-new-sharing",
            passes: false,
            meaning: "no snapshot can newly be made public, but snapshots that are already public stay public",
        },
        State { value: "unblocked", passes: false, meaning: "any snapshot can be made public" },
    ],
};

impl Check for Ec2SnapshotBlockPublicAccess {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        block_public_access::evaluate(&SNAPSHOTS, bundle, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_one_state_passes() {
        assert!(SNAPSHOTS.has_one_passing_state());
    }
}
