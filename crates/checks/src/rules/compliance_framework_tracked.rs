//! A compliance framework is tracked in every account.

use maturity_evidence::{AccountEvidence, Arn, Bundle, EnabledStandard, Missing, StandardStatus};

use crate::shared::{accounts, prose, walk};
use crate::{Check, Findings, Location, declare_check};

/// Security Hub standards that are AWS's own baselines or service-managed sets rather than an
/// external security or regulatory framework (matched on the start of the standard's name).
const BASELINES: &[&str] =
    &["aws-foundational-security-best-practices", "aws-resource-tagging-standard", "service-managed-aws-control-tower"];

/// How many tracked frameworks a pass names.
const EXAMPLES: usize = 5;

declare_check! {
    /// ## What it checks
    /// For every account: at least one external compliance framework is tracked in some scanned
    /// region, by any of
    /// - a Security Hub standard with status `READY` other than AWS's own baselines (AWS
    ///   Foundational Security Best Practices, the resource tagging standard, the Control Tower
    ///   service-managed standard), such as CIS AWS Foundations, PCI DSS or NIST SP 800-53;
    /// - an AWS Config conformance pack;
    /// - an active AWS Audit Manager assessment.
    ///
    /// One finding per account: pass naming what is tracked; fail when none of these exists in any
    /// scanned region (saying so when only AWS's baseline standard runs). Inconclusive when
    /// nothing tracked was found and the Security Hub standards, the conformance packs or Audit
    /// Manager of some region could not be read.
    ///
    /// This is only part of the control: it shows that some framework is measured, not that the
    /// organization has listed the laws, contracts and frameworks that apply to it and mapped them
    /// to controls. That list and its owner are for people to attest.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), a verdict that rests on finding
    /// nothing in the scanned regions (a fail, or nothing in scope) is inconclusive instead: what
    /// is looked for may sit in a region that was not scanned.
    ///
    /// ## Why it matters
    /// Requirements that are written down but never measured drift out of view until an audit.
    /// Running the framework that applies (PCI DSS for card data, NIST or CIS for a public-sector
    /// contract) against the accounts turns the requirement into a daily signal, and shows where
    /// the gaps are before an auditor or regulator does.
    ///
    /// ## How to fix
    /// List the regulations and frameworks that apply to your workloads, then enable the matching
    /// Security Hub standard (CIS, PCI DSS, NIST SP 800-53) through a central configuration
    /// policy, or deploy the matching AWS Config conformance pack organization-wide, or create an
    /// Audit Manager assessment for it.
    pub(crate) struct ComplianceFrameworkTracked {
        id: "compliance-framework-tracked",
        title: "Every account tracks at least one security or regulatory compliance framework",
        scope: Account,
        reads: ["account.enabled_regions", "region.securityhub_hub", "region.securityhub_standards", "region.config_conformance_packs", "region.auditmanager"],
        alternative: "a GRC platform or CSPM outside AWS that measures the accounts against the framework",
    }
}

impl Check for ComplianceFrameworkTracked {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::any_region(bundle, out, "which compliance frameworks are tracked", |account, _, out| {
            evaluate_account(account, out)
        });
    }
}

fn evaluate_account(account: &AccountEvidence, out: &mut Findings) {
    let label = account.label();
    let location = Location::account(&account.account_id);
    let mut tracked: Vec<String> = Vec::new();
    let mut baseline_only = false;
    let mut unread: Option<(String, Missing<'_>)> = None;
    for (region, facts) in accounts::regions(account) {
        match facts.securityhub_hub.get() {
            Ok(None) => {}
            Ok(Some(_)) => match facts.securityhub_standards.get() {
                Ok(standards) => {
                    for standard in standards.iter().filter(|s| s.status == StandardStatus::Ready) {
                        let name = standard_name(standard);
                        if BASELINES.iter().any(|b| name.starts_with(b)) {
                            baseline_only = true;
                        } else {
                            tracked.push(format!("Security Hub standard {name} in {region}"));
                        }
                    }
                }
                Err(missing) => {
                    unread.get_or_insert((format!("the Security Hub standards of {region}"), missing));
                }
            },
            Err(missing) => {
                unread.get_or_insert((format!("whether Security Hub is enabled in {region}"), missing));
            }
        }
        match facts.config_conformance_packs.get() {
            Ok(packs) => tracked.extend(packs.iter().map(|p| format!("conformance pack {} in {region}", p.name))),
            Err(missing) => {
                unread.get_or_insert((format!("the AWS Config conformance packs of {region}"), missing));
            }
        }
        match facts.auditmanager.get() {
            Ok(manager) if manager.is_active() => {
                tracked.extend(manager.assessments.iter().map(|a| match &a.framework {
                    Some(framework) => format!("Audit Manager assessment '{}' ({framework}) in {region}", a.name),
                    None => format!("Audit Manager assessment '{}' in {region}", a.name),
                }));
            }
            Ok(_) => {}
            Err(missing) => {
                unread.get_or_insert((format!("AWS Audit Manager in {region}"), missing));
            }
        }
    }
    if !tracked.is_empty() {
        let count = tracked.len();
        let mut named: Vec<String> = tracked.into_iter().take(EXAMPLES).collect();
        if count > EXAMPLES {
            named.push(format!("{} more", count - EXAMPLES));
        }
        out.pass(location, format_args!("Account {label} tracks compliance frameworks: {}.", prose::and_list(&named)));
        return;
    }
    if let Some((what, missing)) = unread {
        out.inconclusive(location, &format!("which compliance frameworks account {label} tracks ({what})"), &missing);
        return;
    }
    let message = if baseline_only {
        format!(
            "Account {label} runs only AWS's own baseline Security Hub standards (such as AWS Foundational Security Best Practices) and tracks no external compliance framework: no other standard is ready, no AWS Config conformance pack is deployed and no Audit Manager assessment is active in any scanned region."
        )
    } else {
        format!(
            "Account {label} tracks no compliance framework: no Security Hub standard such as CIS, PCI DSS or NIST SP 800-53 is ready, no AWS Config conformance pack is deployed and no Audit Manager assessment is active in any scanned region."
        )
    };
    accounts::fail_unless_unconfirmed(out, account, location, message);
}

/// The standard's name and version from its ARN
/// (`arn:aws:securityhub:eu-west-1::standards/pci-dss/v/3.2.1` → `pci-dss/v/3.2.1`).
fn standard_name(standard: &EnabledStandard) -> &str {
    let arn = standard.standards_arn.as_str();
    let resource = Arn::parse(arn).map_or(arn, |arn| arn.resource);
    resource
        .strip_prefix("standards/")
        .or_else(|| resource.strip_prefix("ruleset/"))
        .filter(|name| !name.is_empty())
        .unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baselines_are_told_from_frameworks() {
        let name = |arn: &str| {
            standard_name(&EnabledStandard { standards_arn: arn.to_owned(), status: StandardStatus::Ready }).to_owned()
        };
        let fsbp = name("arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0");
        assert!(BASELINES.iter().any(|b| fsbp.starts_with(b)));
        let cis = name("arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0");
        assert_eq!(cis, "cis-aws-foundations-benchmark/v/1.2.0");
        assert!(!BASELINES.iter().any(|b| cis.starts_with(b)));
        let ct = name("arn:aws:securityhub:eu-west-1::standards/service-managed-aws-control-tower/v/1.0.0");
        assert!(BASELINES.iter().any(|b| ct.starts_with(b)));
    }
}
