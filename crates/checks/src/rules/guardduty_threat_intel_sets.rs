//! Own threat intelligence fed into GuardDuty, in the regions the organization uses.

use std::collections::BTreeSet;

use maturity_evidence::{AccountEvidence, Bundle, RegionFacts};

use crate::across::{Summarize, summarized_check};
use crate::shared::prose::and_list;
use crate::shared::regions_in_use::{RegionsUsed, UsedByAny};
use crate::shared::{guardduty, walk};
use crate::{Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account, in each region where any account of the scan runs workloads (running
    /// EC2 instances, EBS volumes, RDS DB instances, load balancers …): the region's enabled
    /// GuardDuty detector has at least one threat intelligence set (a custom list of known-bad
    /// IP addresses or domains) whose status is `ACTIVE`.
    ///
    /// One finding per such region: pass with an active set; fail when there is no enabled
    /// detector, no set, or only sets that are not active (each named with its status);
    /// inconclusive when the detectors or their sets could not be read. An account is not
    /// applicable when no scanned region is in use by any account. A region whose use could not
    /// be read, and that no account is known to use, is inconclusive for each account that
    /// scanned it: it may be in use, so it is neither judged nor taken for idle.
    ///
    /// A GuardDuty administrator account's lists also apply to its member accounts' findings,
    /// and members cannot see them: the control this check serves counts as met when one account
    /// (usually the security account) holds.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// GuardDuty's own feeds know the internet's common bad actors, not the addresses that
    /// attacked you last month, those a sector CERT warned about, or a commercial feed you pay
    /// for. A threat list turns that intelligence into findings the moment one of those
    /// addresses touches your accounts.
    ///
    /// ## How to fix
    /// Keep the indicators in a plain-text, STIX or OTX file in S3 and add it as a threat list
    /// (`CreateThreatIntelSet`, activated) on the GuardDuty administrator's detector in every
    /// region in use; refresh the file from your threat intelligence process.
    pub(crate) struct GuarddutyThreatIntelSets {
        id: "guardduty-threat-intel-sets",
        title: "GuardDuty has an active threat intelligence set in every region in use",
        scope: Region,
        reads: ["account.enabled_regions", "region.guardduty_detectors", "region.ec2_instances", "region.ec2_volumes", "region.rds_db_instances", "region.lambda_functions", "region.elbv2_load_balancers", "region.dynamodb_tables", "region.efs_file_systems"],
        across_accounts: "a region is judged where any account of the scan runs workloads, and an administrator's threat intelligence sets serve its members",
        alternative: "threat intelligence fed into a SIEM, a WAF or another detection tool",
    }
}

summarized_check!(GuarddutyThreatIntelSets);

impl Summarize for GuarddutyThreatIntelSets {
    /// How each region of the account is used (nothing for an account that could not be
    /// entered): a region any account uses is judged in every account.
    type Summary = RegionsUsed;
    type Context = UsedByAny;

    fn summarize(&self, _head: &Bundle, account: &AccountEvidence) -> RegionsUsed {
        if account.access_problem().is_some() { RegionsUsed::default() } else { RegionsUsed::of(account) }
    }

    fn context(&self, _head: &Bundle, summaries: Vec<RegionsUsed>) -> UsedByAny {
        UsedByAny::of(summaries)
    }

    fn judge(&self, context: &UsedByAny, bundle: &Bundle, out: &mut Findings) {
        // A region whose use could not be read may be in use: it is not judged, and not idle.
        let UsedByAny { in_use, unknown } = context;
        let what = "whether GuardDuty uses a threat intelligence set";
        walk::every_region(bundle, out, what, |account, scanned, out| {
            let judged: Vec<_> = scanned.iter().filter(|(region, _)| in_use.contains(*region)).collect();
            let undecided: Vec<_> = scanned.iter().filter_map(|(region, _)| unknown.get_key_value(*region)).collect();
            for (region, missing) in &undecided {
                let what = format!(
                    "whether region {region} is in use, so whether account {} needs a GuardDuty threat list there",
                    account.label()
                );
                out.inconclusive(Location::region(&account.account_id, region), &what, &missing.as_missing());
            }
            if judged.is_empty() && undecided.is_empty() {
                not_in_use(account, in_use, out);
            }
            for &&(region, facts) in &judged {
                evaluate_region(account, region, facts, out);
            }
        });
    }
}

fn not_in_use(account: &AccountEvidence, in_use: &BTreeSet<Box<str>>, out: &mut Findings) {
    let label = account.label();
    let message = if in_use.is_empty() {
        format!(
            "No account of the scan runs workloads in any region collected, so no region of account {label} needs a GuardDuty threat list."
        )
    } else {
        format!(
            "None of the regions in use ({}) was collected in account {label}.",
            and_list(&in_use.iter().collect::<Vec<_>>())
        )
    };
    out.not_applicable(Location::account(&account.account_id), message);
}

fn evaluate_region(account: &AccountEvidence, region: &str, facts: &RegionFacts, out: &mut Findings) {
    let label = account.label();
    let location = Location::region(&account.account_id, region);
    let detectors = match guardduty::enabled_detectors(facts) {
        Ok(detectors) => detectors,
        Err(missing) => {
            let what = format!("whether GuardDuty uses a threat intelligence set in {region} of account {label}");
            out.inconclusive(location, &what, &missing);
            return;
        }
    };
    if detectors.is_empty() {
        out.fail(
            location,
            format_args!(
                "Region {region} is in use but {} in account {label}, so no threat intelligence set is applied.",
                guardduty::why_not_enabled(facts)
            ),
        );
        return;
    }
    let mut inactive = Vec::new();
    let mut unread = None;
    for detector in &detectors {
        match detector.threat_intel_sets.get() {
            Ok(sets) => {
                if let Some(active) = sets.iter().find(|s| s.is_active()) {
                    out.pass(
                        location,
                        format_args!(
                            "GuardDuty detector {} in {region} of account {label} uses the active threat intelligence set {}.",
                            detector.detector_id, active.name
                        ),
                    );
                    return;
                }
                inactive.extend(sets.iter().map(|s| format!("{} is {}", s.name, s.status)));
            }
            Err(missing) => {
                unread.get_or_insert(missing);
            }
        }
    }
    if let Some(missing) = unread {
        let what = format!("whether GuardDuty uses a threat intelligence set in {region} of account {label}");
        out.inconclusive(location, &what, &missing);
    } else if inactive.is_empty() {
        out.fail(location, format_args!("GuardDuty in {region} of account {label} has no threat intelligence set."));
    } else {
        out.fail(
            location,
            format_args!(
                "GuardDuty in {region} of account {label} has no active threat intelligence set: {}.",
                and_list(&inactive)
            ),
        );
    }
}
