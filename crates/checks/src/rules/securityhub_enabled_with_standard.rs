//! Security Hub turned on with a security standard, per region.

use maturity_evidence::{Bundle, EnabledStandard};

use crate::shared::accounts;
use crate::{Check, Findings, Location, declare_check};

/// The status of a standard whose controls are being evaluated.
const READY: &str = "READY";

declare_check! {
    /// ## What it checks
    /// For every scanned region of every account: Security Hub is enabled (`DescribeHub` returns
    /// a hub) and at least one security standard is enabled with status `READY`. One finding per
    /// region: pass when both hold; fail when Security Hub is not enabled, when no standard is
    /// enabled, or when no enabled standard is ready (pending, incomplete, deleting or failed).
    ///
    /// Inconclusive when the hub or, for an enabled hub, its standards could not be read
    /// (including a region that answered "unavailable"). An account with no region collected is
    /// inconclusive (not applicable when the scan had no region in scope).
    ///
    /// ## Why it matters
    /// Misconfigurations are the most common way into a cloud account. A security standard
    /// (AWS Foundational Security Best Practices, CIS) evaluates the configuration continuously
    /// and tells you what drifted; without it, posture is known only when someone looks by hand.
    /// The hub is regional, so a region without it goes unchecked.
    ///
    /// ## How to fix
    /// Enable Security Hub with central configuration from a delegated administrator account,
    /// with a configuration policy that enables AWS Foundational Security Best Practices in
    /// every account and region. Assign someone to work through critical and high findings.
    pub(crate) struct SecurityhubEnabledWithStandard {
        id: "securityhub-enabled-with-standard",
        title: "Security Hub is enabled with a ready security standard in every region of every account",
        scope: Region,
        alternative: "a CSPM outside Security Hub that runs a security standard on every account and region",
    }
}

impl Check for SecurityhubEnabledWithStandard {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        for account in accounts::reachable(bundle, out) {
            let label = account.label();
            for (region, facts) in accounts::scanned_regions(bundle, account, "whether Security Hub is enabled", out) {
                let location = Location::region(&account.account_id, region);
                match facts.securityhub_hub.get() {
                    Ok(Some(_)) => {}
                    Ok(None) => {
                        out.fail(location, format!("Security Hub is not enabled in {region} of account {label}."));
                        continue;
                    }
                    Err(missing) => {
                        out.inconclusive(
                            location,
                            &format!("whether Security Hub is enabled in {region} of account {label}"),
                            &missing,
                        );
                        continue;
                    }
                }
                let standards = match facts.securityhub_standards.get() {
                    Ok(standards) => standards,
                    Err(missing) => {
                        out.inconclusive(
                            location,
                            &format!("which security standards Security Hub runs in {region} of account {label}"),
                            &missing,
                        );
                        continue;
                    }
                };
                let ready: Vec<&str> =
                    standards.iter().filter(|s| s.status.eq_ignore_ascii_case(READY)).map(standard_name).collect();
                if !ready.is_empty() {
                    out.pass(
                        location,
                        format!(
                            "Security Hub is enabled in {region} of account {label} with ready standards: {}.",
                            ready.join(", ")
                        ),
                    );
                } else if standards.is_empty() {
                    out.fail(location, format!("Security Hub is enabled in {region} of account {label} but no security standard is enabled."));
                } else {
                    let not_ready: Vec<String> =
                        standards.iter().map(|s| format!("{} is {}", standard_name(s), s.status)).collect();
                    out.fail(
                        location,
                        format!(
                            "Security Hub is enabled in {region} of account {label} but no standard is ready: {}.",
                            not_ready.join(", ")
                        ),
                    );
                }
            }
        }
    }
}

/// The standard's name and version from its ARN:
/// `arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0`
/// → `aws-foundational-security-best-practices/v/1.0.0`. The ARN itself when it has no such part.
fn standard_name(standard: &EnabledStandard) -> &str {
    let arn = standard.standards_arn.as_str();
    let resource = arn.splitn(6, ':').nth(5).unwrap_or(arn);
    resource
        .strip_prefix("standards/")
        .or_else(|| resource.strip_prefix("ruleset/"))
        .filter(|name| !name.is_empty())
        .unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standard(arn: &str) -> EnabledStandard {
        EnabledStandard { standards_arn: arn.to_owned(), status: READY.to_owned() }
    }

    #[test]
    fn standard_names_come_from_the_arn() {
        let fsbp =
            standard("arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0");
        assert_eq!(standard_name(&fsbp), "aws-foundational-security-best-practices/v/1.0.0");
        let cis = standard("arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0");
        assert_eq!(standard_name(&cis), "cis-aws-foundations-benchmark/v/1.2.0");
        let odd = standard("not-an-arn");
        assert_eq!(standard_name(&odd), "not-an-arn");
        let bare = standard("arn:aws:securityhub:eu-west-1::standards/");
        assert_eq!(standard_name(&bare), "arn:aws:securityhub:eu-west-1::standards/");
    }
}
