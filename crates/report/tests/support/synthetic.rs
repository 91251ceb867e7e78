//! A synthetic organization of any size, to hold the HTML report to its limits (a 1,000-account
//! organization renders in under 5 s into under 10 MB).
//!
//! It grows a real assessment: every check gets findings in every account, three regions each and
//! several resources per region, with a fixed mix of verdicts, and the automated controls are
//! re-decided from them the way `maturity-assess` does (per account: any fail fails).

use std::collections::{BTreeMap, BTreeSet};

use maturity_assess::controls::CheckCounts;
use maturity_assess::{AssessedFinding, Assessment, Coverage, Source, Status};
use maturity_checks::{Finding, FindingStatus, Location};
// The regions findings are spread over: the standard ones, as the demo's synthetic bundles use.
use maturity_demo::synthetic::STANDARD_REGIONS as REGIONS;
use maturity_model::Catalogs;

/// Regions per account that hold resources.
const REGIONS_PER_ACCOUNT: usize = 3;
/// Resources per check, account and region.
const RESOURCES: usize = 5;

/// `base` grown to `accounts` accounts, with `checks × accounts × 3 × 5` findings.
pub(crate) fn grow(mut base: Assessment, catalogs: &Catalogs, accounts: usize) -> Assessment {
    let ids: Vec<String> = (0..accounts).map(|i| format!("{:012}", 100_000_000_000 + i)).collect();
    let mut findings = Vec::new();
    for (c, check) in catalogs.aws_smm.check_ids().into_iter().enumerate() {
        for (a, account) in ids.iter().enumerate() {
            for r in 0..REGIONS_PER_ACCOUNT {
                let region = REGIONS[(a + r) % REGIONS.len()];
                for k in 0..RESOURCES {
                    let resource =
                        format!("arn:aws:ec2:{region}:{account}:instance/i-{:017x}", (a * 1000 + c * 31 + r * 7 + k));
                    let status = match (a * 7 + c * 3 + r * 5 + k) % 10 {
                        0 => FindingStatus::Fail,
                        1 => FindingStatus::Inconclusive,
                        2 => FindingStatus::NotApplicable,
                        _ => FindingStatus::Pass,
                    };
                    let message = format!("Resource `{resource}` is {} for `{check}`.", status.id());
                    let excepted_by = (status == FindingStatus::Fail && a % 40 == 0).then_some(1);
                    findings.push(AssessedFinding {
                        finding: Finding {
                            check: check.to_owned().into(),
                            status,
                            location: Location::resource(account, Some(region), &resource),
                            tags: BTreeMap::from([("Name".to_owned(), format!("app-{k}"))]),
                            message,
                        },
                        excepted_by,
                    });
                }
            }
        }
    }
    for control in &catalogs.aws_smm.controls {
        if control.checks.is_empty() {
            continue;
        }
        let Some(result) = base.aws_smm.controls.iter_mut().find(|r| r.id == control.id) else { continue };
        let mut failing = BTreeSet::new();
        let mut counts: Vec<CheckCounts> =
            control.checks.iter().map(|c| CheckCounts { check: c.clone(), ..CheckCounts::default() }).collect();
        for finding in findings.iter().filter(|f| control.checks.iter().any(|c| *c == f.finding.check)) {
            let Some(count) = counts.iter_mut().find(|c| c.check == finding.finding.check) else { continue };
            match (finding.finding.status, finding.effective_status(true)) {
                (FindingStatus::Fail, FindingStatus::Pass) => count.excepted += 1,
                (_, FindingStatus::Pass) => count.pass += 1,
                (_, FindingStatus::Fail) => {
                    count.fail += 1;
                    failing.insert(finding.finding.location.account_id.clone().unwrap_or_default());
                }
                (_, FindingStatus::Inconclusive) => count.inconclusive += 1,
                (_, FindingStatus::NotApplicable) => count.not_applicable += 1,
            }
        }
        let in_scope = u32::try_from(accounts).unwrap_or(u32::MAX);
        let failing: Vec<String> = failing.into_iter().collect();
        let holding = in_scope - u32::try_from(failing.len()).unwrap_or(in_scope);
        result.status = if failing.is_empty() { Status::Met } else { Status::Partial };
        result.source = Source::Automated;
        result.coverage = Some(Coverage { holding, in_scope });
        result.reasons = vec![format!("Holds in {holding} of {in_scope} accounts; fails in {}.", failing.join(", "))];
        result.failing_accounts = failing;
        result.checks = counts;
    }
    base.findings = findings;
    base.evidence.accounts = u32::try_from(accounts).unwrap_or(u32::MAX);
    base.evidence.regions = REGIONS.iter().map(|r| (*r).to_owned()).collect();
    base
}
