//! EC2 block public access settings (EBS snapshots, AMIs), judged per region: one implementation
//! for the checks `ec2-snapshot-block-public-access` and `ec2-ami-block-public-access`, each of
//! which describes its setting with a [`Setting`].

use maturity_evidence::{Bundle, Fact, RegionFacts};

use crate::shared::walk;
use crate::{FindingStatus, Findings};

/// What differs between the EC2 block public access checks.
pub(crate) struct Setting {
    /// What the setting protects, in the plural: `EBS snapshots`.
    pub(crate) plural: &'static str,
    /// The regional fact that holds the setting's state.
    pub(crate) fact: fn(&RegionFacts) -> &Fact<String>,
    /// The states this check knows, and what each means; a state not listed fails.
    pub(crate) states: &'static [State],
}

/// One known state of a block public access setting.
pub(crate) struct State {
    /// The state as EC2 returns it: `block-all-sharing`.
    pub(crate) value: &'static str,
    /// Whether the state passes.
    pub(crate) passes: bool,
    /// What the state means, completing "…, so".
    pub(crate) meaning: &'static str,
}

impl Setting {
    /// Whether exactly one known state passes (what every setting must declare).
    #[cfg(test)]
    pub(crate) fn has_one_passing_state(&self) -> bool {
        self.states.iter().filter(|s| s.passes).count() == 1
    }
}

/// One finding per scanned region of every reachable account.
pub(crate) fn evaluate(setting: &Setting, bundle: &Bundle, out: &mut Findings) {
    let plural = setting.plural;
    let what = format!("whether block public access for {plural} is on");
    walk::each_region_fact(
        bundle,
        out,
        &what,
        setting.fact,
        |r| format!("{what} in {} of {}", r.name, r.label),
        |r, state, out| {
            let (region, label) = (r.name, &r.label);
            let subject = format!("Block public access for {plural} in {region} of {label} is {state}");
            match setting.states.iter().find(|known| known.value == state) {
                Some(known) => {
                    let status = if known.passes { FindingStatus::Pass } else { FindingStatus::Fail };
                    out.add(status, r.location(), format_args!("{subject}, so {}.", known.meaning));
                }
                None => {
                    let passing: Vec<&str> =
                        setting.states.iter().filter(|known| known.passes).map(|known| known.value).collect();
                    out.fail(
                        r.location(),
                        format_args!(
                            "{subject}, a state this check does not know; only {} passes.",
                            passing.join(" or ")
                        ),
                    );
                }
            }
        },
    );
}
