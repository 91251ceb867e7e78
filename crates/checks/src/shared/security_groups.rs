//! Walking the security groups of every scanned region of every account, and the findings for
//! what cannot be walked: shared by every check that judges security groups one by one.

use maturity_evidence::{Bundle, RegionFacts, SecurityGroup};

use crate::shared::accounts;
use crate::{FindingStatus, Findings, Location};

/// What a security group check asks, with `{where}` standing for " in REGION of ACCOUNT" (or
/// nothing, when no region was collected): "which security groups{where} are open to the internet".
pub(crate) struct Question {
    /// The question, for inconclusive findings.
    pub(crate) asks: &'static str,
    /// The not-applicable message when a region has no group to judge: "There are no security groups{where}."
    pub(crate) none_here: &'static str,
    /// Which groups the check judges.
    pub(crate) selects: fn(&SecurityGroup) -> bool,
}

/// Calls `judge(group, "in REGION of ACCOUNT")` for every selected group and records the verdict
/// it returns as a finding on the group, tagged with the group's tags.
pub(crate) fn judge_each(
    bundle: &Bundle,
    out: &mut Findings,
    question: &Question,
    mut judge: impl FnMut(&SecurityGroup, &str) -> (FindingStatus, String),
) {
    judge_each_in_region(bundle, out, question, |group, _, place| judge(group, place));
}

/// Like [`judge_each`], for a judge that also reads other facts of the group's region.
pub(crate) fn judge_each_in_region(
    bundle: &Bundle,
    out: &mut Findings,
    question: &Question,
    mut judge: impl FnMut(&SecurityGroup, &RegionFacts, &str) -> (FindingStatus, String),
) {
    for account in accounts::reachable(bundle, out) {
        let label = account.label();
        let asks_anywhere = question.asks.replace("{where}", "");
        for (region, facts) in accounts::scanned_regions(bundle, account, &asks_anywhere, out) {
            let place = format!(" in {region} of {label}");
            let location = Location::region(&account.account_id, region);
            let groups = match facts.ec2_security_groups.get() {
                Ok(groups) => groups,
                Err(missing) => {
                    out.inconclusive(location, &question.asks.replace("{where}", &place), &missing);
                    continue;
                }
            };
            let selected: Vec<&SecurityGroup> = groups.iter().filter(|g| (question.selects)(g)).collect();
            if selected.is_empty() {
                out.not_applicable(location, question.none_here.replace("{where}", &place));
                continue;
            }
            for group in selected {
                let (status, message) = judge(group, facts, place.trim_start());
                let location = Location::resource(&account.account_id, Some(region), &group.group_id);
                out.add_tagged(status, location, &group.tags, message);
            }
        }
    }
}

/// Every group.
pub(crate) fn any_group(_: &SecurityGroup) -> bool {
    true
}

/// The question of the checks that look for groups open to the internet.
pub(crate) const OPEN_TO_INTERNET: Question = Question {
    asks: "which security groups{where} are open to the internet",
    none_here: "There are no security groups{where}.",
    selects: any_group,
};
