//! AWS Config rules correct drift automatically, per account.

use std::collections::{BTreeMap, BTreeSet};

use maturity_evidence::{AccountEvidence, Bundle, Missing};

use crate::shared::{accounts, prose, walk};
use crate::{Check, Findings, Location, declare_check};

/// How many rules a finding names.
const EXAMPLES: usize = 5;

declare_check! {
    /// ## What it checks
    /// For every account: at least one AWS Config rule in some scanned region has a remediation
    /// configuration that runs automatically (`Automatic` = true), so a resource that drifts is
    /// put back without waiting for a person. One finding per account: pass naming the rules and
    /// the Systems Manager Automation documents they run; fail when no rule remediates
    /// automatically, naming the rules without any remediation and those with a manual one only
    /// (rules that a service manages, such as Security Hub's, are counted per service).
    ///
    /// An account with no Config rule at all fails too, rather than being not applicable: with
    /// no rule, no drift is detected, let alone corrected, which is the gap this control is about.
    ///
    /// Inconclusive when no automatic remediation was found and the rules or remediation
    /// configurations of some region could not be read. Remediation driven from Security Hub
    /// through EventBridge is not seen here; attest it if that is how drift is corrected.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), a verdict that rests on finding
    /// nothing in the scanned regions (a fail, or nothing in scope) is inconclusive instead: what
    /// is looked for may sit in a region that was not scanned.
    ///
    /// ## Why it matters
    /// Detection alone leaves a misconfiguration open until someone gets to it; for a public
    /// bucket or an open security group that can be days. Automatic correction closes the common
    /// deviations within minutes, and unlike a hard deny it does not break deployments.
    ///
    /// ## How to fix
    /// Pick the deviations you never want to stay (public S3 buckets, unrestricted SSH, unencrypted
    /// volumes, disabled logging), and give their Config rules a remediation configuration with
    /// automatic execution and an AWS Systems Manager Automation document (for example
    /// `AWS-DisableS3BucketPublicReadWrite`), deployed with the rules through a conformance pack
    /// or CloudFormation StackSets. Have each correction notify the owner.
    pub(crate) struct ConfigAutoRemediation {
        id: "config-auto-remediation",
        title: "AWS Config rules correct configuration drift automatically",
        scope: Account,
        reads: ["account.enabled_regions", "region.config_rules", "region.config_remediations"],
        alternative: "automatic remediation run outside AWS Config, by a CSPM or by code such as Cloud Custodian",
    }
}

impl Check for ConfigAutoRemediation {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::any_region(bundle, out, "whether configuration drift is corrected automatically", |account, _, out| {
            evaluate_account(account, out)
        });
    }
}

fn evaluate_account(account: &AccountEvidence, out: &mut Findings) {
    let label = account.label();
    let location = Location::account(&account.account_id);
    let mut automatic: Vec<String> = Vec::new();
    let mut manual_only: BTreeSet<String> = BTreeSet::new();
    let mut without: BTreeSet<String> = BTreeSet::new();
    // Rules without remediation that a service manages, counted by that service.
    let mut managed_without: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rule_count = 0;
    let mut unread: Option<(String, Missing<'_>)> = None;
    for (region, facts) in accounts::regions(account) {
        let rules = match facts.config_rules.get() {
            Ok(rules) => rules,
            Err(missing) => {
                unread.get_or_insert((format!("the AWS Config rules of {region}"), missing));
                continue;
            }
        };
        let remediations = match facts.config_remediations.get() {
            Ok(remediations) => remediations,
            Err(missing) => {
                unread.get_or_insert((format!("the remediation configurations of {region}"), missing));
                continue;
            }
        };
        rule_count += rules.len();
        for rule in rules {
            let mine: Vec<_> = remediations.iter().filter(|r| r.config_rule_name == rule.name).collect();
            let runs = mine.iter().find(|r| r.automatic);
            match runs {
                Some(r) => automatic.push(format!("{} in {region} (runs {})", rule.name, r.target_id)),
                None if mine.is_empty() => match &rule.created_by {
                    Some(service) => *managed_without.entry(service.as_str()).or_default() += 1,
                    None => {
                        without.insert(format!("{} in {region}", rule.name));
                    }
                },
                None => {
                    manual_only.insert(format!("{} in {region}", rule.name));
                }
            }
        }
    }
    if !automatic.is_empty() {
        out.pass(
            location,
            format_args!(
                "Account {label} corrects configuration drift automatically with {} {}: {}.",
                automatic.len(),
                if automatic.len() == 1 { "rule" } else { "rules" },
                prose::and_list(&examples(automatic.iter()))
            ),
        );
    } else if let Some((what, missing)) = unread {
        out.inconclusive(
            location,
            &format!("whether account {label} corrects configuration drift automatically ({what})"),
            &missing,
        );
    } else if rule_count == 0 {
        accounts::fail_unless_unconfirmed(
            out,
            account,
            location,
            format!(
                "Account {label} has no AWS Config rule in any scanned region, so configuration drift is neither detected nor corrected automatically."
            ),
        );
    } else {
        let mut parts = Vec::new();
        if !without.is_empty() {
            parts.push(format!("without remediation: {}", prose::and_list(&examples(without.iter()))));
        }
        if !manual_only.is_empty() {
            parts.push(format!("with manual remediation only: {}", prose::and_list(&examples(manual_only.iter()))));
        }
        if !managed_without.is_empty() {
            let managed: Vec<String> = managed_without
                .iter()
                .map(|(service, count)| format!("{count} {} by {service}", if *count == 1 { "rule" } else { "rules" }))
                .collect();
            parts.push(format!("managed by other services, without remediation: {}", prose::and_list(&managed)));
        }
        accounts::fail_unless_unconfirmed(
            out,
            account,
            location,
            format!(
                "None of the {rule_count} AWS Config rules of account {label} remediates automatically; {}.",
                parts.join("; ")
            ),
        );
    }
}

/// The first few items, then "N more".
fn examples<'a>(items: impl ExactSizeIterator<Item = &'a String>) -> Vec<String> {
    let count = items.len();
    let mut named: Vec<String> = items.take(EXAMPLES).cloned().collect();
    if count > EXAMPLES {
        named.push(format!("{} more", count - EXAMPLES));
    }
    named
}
