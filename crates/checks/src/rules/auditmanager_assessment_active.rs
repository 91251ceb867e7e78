//! AWS Audit Manager gathers audit evidence, per account.

use maturity_evidence::{AccountEvidence, Bundle, Missing};

use crate::shared::{accounts, prose, walk};
use crate::{Check, Findings, Location, declare_check};

/// How many assessments a pass names.
const EXAMPLES: usize = 5;

declare_check! {
    /// ## What it checks
    /// For every account: AWS Audit Manager is enabled (`ACTIVE`) in some scanned region and has
    /// at least one active assessment there. One finding per account: pass naming the assessments
    /// and their frameworks; fail when Audit Manager is not enabled in any scanned region, or is
    /// enabled without an active assessment (then nothing is being collected). Inconclusive when
    /// no active assessment was found and Audit Manager could not be read in some region.
    ///
    /// Audit Manager is usually run for the whole organization from one delegated administrator
    /// account, whose assessments cover the member accounts: the control this evidences counts as
    /// met when one account passes, and member accounts that fail here are expected.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), a verdict that rests on finding
    /// nothing in the scanned regions (a fail, or nothing in scope) is inconclusive instead: what
    /// is looked for may sit in a region that was not scanned.
    ///
    /// ## Why it matters
    /// Evidence gathered by hand before each audit is late, partial and expensive: screenshots
    /// show one moment, not how a control performed all year. An active assessment collects
    /// evidence from AWS Config, Security Hub and CloudTrail continuously, so an audit-ready
    /// report exists on the day it is needed.
    ///
    /// ## How to fix
    /// Enable Audit Manager, register a delegated administrator (the security or audit account),
    /// and create an assessment from the framework in audit scope (PCI DSS, SOC 2, CIS, ISO 27001
    /// or a custom one) covering the accounts and services that the audit includes. Add manual
    /// evidence for the process controls no API can see.
    pub(crate) struct AuditmanagerAssessmentActive {
        id: "auditmanager-assessment-active",
        title: "AWS Audit Manager gathers evidence with at least one active assessment",
        scope: Account,
        reads: ["account.enabled_regions", "region.auditmanager"],
        alternative: "a GRC platform outside AWS that gathers the compliance evidence continuously",
    }
}

impl Check for AuditmanagerAssessmentActive {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::any_region(bundle, out, "whether Audit Manager gathers evidence", |account, _, out| {
            evaluate_account(account, out);
        });
    }
}

fn evaluate_account(account: &AccountEvidence, out: &mut Findings) {
    let label = account.label();
    let location = Location::account(&account.account_id);
    let mut assessments: Vec<String> = Vec::new();
    let mut enabled_without: Vec<&str> = Vec::new();
    let mut unread: Option<(&str, Missing<'_>)> = None;
    for (region, facts) in accounts::regions(account) {
        match facts.auditmanager.get() {
            Ok(manager) if manager.is_active() => {
                if manager.assessments.is_empty() {
                    enabled_without.push(region);
                }
                assessments.extend(manager.assessments.iter().map(|a| match &a.framework {
                    Some(framework) => format!("'{}' ({framework}) in {region}", a.name),
                    None => format!("'{}' in {region}", a.name),
                }));
            }
            Ok(_) => {}
            Err(missing) => {
                unread.get_or_insert((region, missing));
            }
        }
    }
    if !assessments.is_empty() {
        let count = assessments.len();
        let mut named: Vec<String> = assessments.into_iter().take(EXAMPLES).collect();
        if count > EXAMPLES {
            named.push(format!("{} more", count - EXAMPLES));
        }
        out.pass(
            location,
            format_args!(
                "Audit Manager gathers evidence in account {label} with {count} active {}: {}.",
                if count == 1 { "assessment" } else { "assessments" },
                prose::and_list(&named)
            ),
        );
    } else if let Some((region, missing)) = unread {
        out.inconclusive(
            location,
            &format!("whether Audit Manager gathers evidence in {region} of account {label}"),
            &missing,
        );
    } else if enabled_without.is_empty() {
        let message = format!("Audit Manager is not enabled in any scanned region of account {label}.");
        accounts::fail_unless_unconfirmed(out, account, location, message);
    } else {
        accounts::fail_unless_unconfirmed(
            out,
            account,
            location,
            format!(
                "Audit Manager is enabled in {} of account {label} but has no active assessment, so no evidence is being gathered.",
                prose::and_list(&enabled_without)
            ),
        );
    }
}
