//! EC2 block public access settings, per region: one implementation for two settings, EBS
//! snapshots (`ec2-snapshot-block-public-access`) and AMIs (`ec2-ami-block-public-access`),
//! each described by a [`Setting`] const.

use maturity_evidence::{Bundle, Fact, RegionFacts};

use crate::shared::accounts;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

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
    }
}

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
    }
}

/// What differs between the EC2 block public access checks.
struct Setting {
    /// What the setting protects, in the plural: `EBS snapshots`.
    plural: &'static str,
    /// The regional fact that holds the setting's state.
    fact: fn(&RegionFacts) -> &Fact<String>,
    /// The states this check knows, and what each means; a state not listed fails.
    states: &'static [State],
}

/// One known state of a block public access setting.
struct State {
    /// The state as EC2 returns it: `block-all-sharing`.
    value: &'static str,
    /// Whether the state passes.
    passes: bool,
    /// What the state means, completing "…, so".
    meaning: &'static str,
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

/// Block public access for AMIs.
const AMIS: Setting = Setting {
    plural: "AMIs",
    fact: |region| &region.ec2_image_block_public_access,
    states: &[
        State { value: "block-new-sharing", passes: true, meaning: "no AMI can newly be made public" },
        State { value: "unblocked", passes: false, meaning: "any AMI can be made public" },
    ],
};

impl Check for Ec2SnapshotBlockPublicAccess {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        evaluate(&SNAPSHOTS, bundle, out);
    }
}

impl Check for Ec2AmiBlockPublicAccess {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        evaluate(&AMIS, bundle, out);
    }
}

/// One finding per scanned region of every reachable account.
fn evaluate(setting: &Setting, bundle: &Bundle, out: &mut Findings) {
    let plural = setting.plural;
    for account in accounts::reachable(bundle, out) {
        let label = account.label();
        let what = format!("whether block public access for {plural} is on");
        for (region, facts) in accounts::scanned_regions(bundle, account, &what, out) {
            let location = Location::region(&account.account_id, region);
            let state = match (setting.fact)(facts).get() {
                Ok(state) => state,
                Err(missing) => {
                    out.inconclusive(location, &format!("{what} in {region} of {label}"), &missing);
                    continue;
                }
            };
            let subject = format!("Block public access for {plural} in {region} of {label} is {state}");
            match setting.states.iter().find(|known| known.value == state) {
                Some(known) => {
                    let status = if known.passes { FindingStatus::Pass } else { FindingStatus::Fail };
                    out.add(status, location, format!("{subject}, so {}.", known.meaning));
                }
                None => {
                    let passing: Vec<&str> =
                        setting.states.iter().filter(|known| known.passes).map(|known| known.value).collect();
                    out.fail(
                        location,
                        format!("{subject}, a state this check does not know; only {} passes.", passing.join(" or ")),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_setting_has_exactly_one_passing_state() {
        for setting in [&SNAPSHOTS, &AMIS] {
            assert_eq!(setting.states.iter().filter(|s| s.passes).count(), 1, "{}", setting.plural);
        }
    }
}
