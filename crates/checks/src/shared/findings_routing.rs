//! EventBridge rules that act on security findings: what the checks `eventbridge-findings-*`
//! share. They differ by what the rule must deliver the findings to (automation or a ticketing
//! integration, a [`TargetKind`]) and where it must exist: in some region of each account
//! ([`any_region`]) or in every region in use ([`every_region_in_use`]).

use maturity_evidence::{AccountEvidence, Bundle, Missing, RegionFacts};

use crate::shared::finding_rules::{self, TargetKind};
use crate::shared::regions_in_use::{self, RegionUse};
use crate::shared::{accounts, walk};
use crate::{FindingStatus, Findings, Location};

/// The phrase for messages: `sends security findings to automation (…)`.
fn sends(kind: TargetKind) -> String {
    format!("sends security findings to {}", kind.describe())
}

/// One finding per account: some region has a rule that sends security findings to `kind`.
pub(crate) fn any_region(kind: TargetKind, bundle: &Bundle, out: &mut Findings) {
    let what = format!("whether an EventBridge rule {}", sends(kind));
    walk::any_region(bundle, out, &what, |account, regions, out| judge_account(kind, account, regions, out));
}

fn judge_account(kind: TargetKind, account: &AccountEvidence, regions: &[(&str, &RegionFacts)], out: &mut Findings) {
    let label = account.label();
    let location = || Location::account(&account.account_id);
    let mut unread: Option<(&str, Missing<'_>)> = None;
    let mut misses = Vec::new();
    for &(region, facts) in regions {
        let rules = match facts.eventbridge_rules.get() {
            Ok(rules) => rules,
            Err(missing) => {
                unread.get_or_insert((region, missing));
                continue;
            }
        };
        if let Some(route) = finding_rules::routes(rules, kind).first() {
            out.pass(location(), format_args!("In account {label}, EventBridge {}.", route.describe(Some(region))));
            return;
        }
        misses.extend(finding_rules::near_misses(rules, kind).into_iter().map(|m| format!("{m} in {region}")));
    }
    if let Some((region, missing)) = unread {
        out.inconclusive(
            location(),
            &format!("whether an EventBridge rule in account {label} {}: no rule read qualifies, and the rules of {region} could not be read", sends(kind)),
            &missing,
        );
        return;
    }
    accounts::fail_unless_unconfirmed(
        out,
        account,
        location(),
        format!(
            "No enabled EventBridge rule in any scanned region of account {label} {}{}.",
            sends(kind),
            near_miss_note(&misses)
        ),
    );
}

/// One finding per region in use: the region has a rule that sends security findings to `kind`.
pub(crate) fn every_region_in_use(kind: TargetKind, bundle: &Bundle, out: &mut Findings) {
    let what = format!("whether EventBridge rules {} in every region in use", sends(kind));
    walk::every_region(bundle, out, &what, |account, regions, out| judge_regions(kind, account, regions, out));
}

fn judge_regions(kind: TargetKind, account: &AccountEvidence, regions: &[(&str, &RegionFacts)], out: &mut Findings) {
    let label = account.label();
    let mut judged = false;
    for &(region, facts) in regions {
        let location = Location::region(&account.account_id, region);
        let use_ = regions_in_use::region_use(facts);
        if use_ == RegionUse::Idle {
            continue;
        }
        judged = true;
        let rules = match facts.eventbridge_rules.get() {
            Ok(rules) => rules,
            Err(missing) => {
                out.inconclusive(
                    location,
                    &format!("whether an EventBridge rule in {region} of account {label} {}", sends(kind)),
                    &missing,
                );
                continue;
            }
        };
        if let Some(route) = finding_rules::routes(rules, kind).first() {
            out.pass(location, format_args!("In {region} of account {label}, EventBridge {}.", route.describe(None)));
            continue;
        }
        match use_ {
            RegionUse::InUse(workloads) => out.fail(
                location,
                format_args!(
                    "No enabled EventBridge rule in {region} of account {label} {}, though the region runs {}{}.",
                    sends(kind),
                    regions_in_use::describe(&workloads),
                    near_miss_note(&finding_rules::near_misses(rules, kind))
                ),
            ),
            RegionUse::Unknown(missing) => out.inconclusive(
                location,
                &format!(
                    "whether {region} of account {label} needs an EventBridge rule that {} (no rule there does): whether it runs workloads",
                    sends(kind)
                ),
                &missing,
            ),
            RegionUse::Idle => {}
        }
    }
    if !judged {
        out.add(
            FindingStatus::NotApplicable,
            Location::account(&account.account_id),
            format_args!(
                "No scanned region of account {label} runs workloads (no running instances, volumes, databases, load balancers or functions), so no region needs automated response to findings."
            ),
        );
    }
}

/// ` (rule a is DISABLED in eu-west-1; rule b has no such target in us-east-1)`, or nothing.
fn near_miss_note(misses: &[String]) -> String {
    if misses.is_empty() { String::new() } else { format!(" ({})", misses.join("; ")) }
}
