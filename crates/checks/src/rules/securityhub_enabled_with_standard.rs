//! Security Hub turned on with a security standard, per region.

use maturity_evidence::{Arn, Bundle, EnabledStandard, StandardStatus};

use crate::shared::walk;
use crate::{Check, Findings, declare_check};

/// The security standards Security Hub offers, by the start of their name in the ARN (after
/// `standards/` or `ruleset/`). Other standards (the AWS Resource Tagging Standard, and any
/// standard this list does not know yet) do not count.
const SECURITY_STANDARDS: &[&str] = &[
    "aws-foundational-security-best-practices",
    "cis-aws-foundations-benchmark",
    "pci-dss",
    "nist-800-53",
    "nist-800-171",
    "service-managed-aws-control-tower",
];

declare_check! {
    /// ## What it checks
    /// For every scanned region of every account: Security Hub is enabled (`DescribeHub` returns
    /// a hub) and at least one security standard is enabled with status `READY`. One finding per
    /// region: pass when both hold; fail when Security Hub is not enabled, when no security
    /// standard is enabled, or when no enabled security standard is ready (pending, incomplete,
    /// deleting or failed).
    ///
    /// The security standards are AWS Foundational Security Best Practices, the CIS AWS
    /// Foundations Benchmark (every version), PCI DSS, NIST SP 800-53, NIST SP 800-171 and the
    /// standard AWS Control Tower manages (`service-managed-aws-control-tower`), recognised by
    /// their ARN. The AWS Resource Tagging Standard checks tags, not security configuration, and
    /// does not count; nor does a standard this list does not know yet.
    ///
    /// Inconclusive when the hub or, for an enabled hub, its standards could not be read
    /// (including a region that answered "unavailable"). An account with no region collected is
    /// inconclusive (not applicable when the scan had no region in scope).
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
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
        reads: ["account.enabled_regions", "region.securityhub_hub", "region.securityhub_standards"],
        alternative: "a CSPM outside Security Hub that runs a security standard on every account and region",
    }
}

impl Check for SecurityhubEnabledWithStandard {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_region(bundle, out, "whether Security Hub is enabled", |r, out| {
            let (region, facts, label) = (r.name, r.facts, &r.label);
            let location = r.location();
            match facts.securityhub_hub.get() {
                Ok(Some(_)) => {}
                Ok(None) => {
                    out.fail(location, format_args!("Security Hub is not enabled in {region} of account {label}."));
                    return;
                }
                Err(missing) => {
                    out.inconclusive(
                        location,
                        &format!("whether Security Hub is enabled in {region} of account {label}"),
                        &missing,
                    );
                    return;
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
                    return;
                }
            };
            let security: Vec<&EnabledStandard> = standards.iter().filter(|s| is_security_standard(s)).collect();
            let ready: Vec<&str> =
                security.iter().filter(|s| s.status == StandardStatus::Ready).map(|s| standard_name(s)).collect();
            let others: Vec<&str> = standards.iter().filter(|s| !is_security_standard(s)).map(standard_name).collect();
            if !ready.is_empty() {
                out.pass(
                    location,
                    format_args!(
                        "Security Hub is enabled in {region} of account {label} with ready standards: {}.",
                        ready.join(", ")
                    ),
                );
            } else if security.is_empty() {
                let others = if others.is_empty() {
                    String::new()
                } else {
                    format!(" (it runs only {}, which checks no security configuration)", others.join(", "))
                };
                out.fail(location, format_args!("Security Hub is enabled in {region} of account {label} but no security standard is enabled{others}."));
            } else {
                let not_ready: Vec<String> =
                    security.iter().map(|s| format!("{} is {}", standard_name(s), s.status)).collect();
                out.fail(
                    location,
                    format_args!(
                        "Security Hub is enabled in {region} of account {label} but no standard is ready: {}.",
                        not_ready.join(", ")
                    ),
                );
            }
        });
    }
}

/// Whether the standard is one of the [`SECURITY_STANDARDS`].
fn is_security_standard(standard: &EnabledStandard) -> bool {
    let name = standard_name(standard);
    SECURITY_STANDARDS
        .iter()
        .any(|prefix| name.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
}

/// The standard's name and version from its ARN:
/// `arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0`
/// → `aws-foundational-security-best-practices/v/1.0.0`. The ARN itself when it has no such part.
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
    fn only_security_standards_count() {
        for arn in [
            "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
            "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
            "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
            "arn:aws:securityhub:eu-west-1::standards/pci-dss/v/4.0.1",
            "arn:aws:securityhub:eu-west-1::standards/nist-800-53/v/5.0.0",
            "arn:aws:securityhub:eu-west-1::standards/service-managed-aws-control-tower/v/1.0.0",
        ] {
            assert!(is_security_standard(&standard(arn)), "{arn}");
        }
        for arn in [
            "arn:aws:securityhub:eu-west-1::standards/aws-resource-tagging-standard/v/1.0.0",
            "arn:aws:securityhub:eu-west-1::standards/pci-dss-lookalike/v/1.0.0",
            "not-an-arn",
        ] {
            assert!(!is_security_standard(&standard(arn)), "{arn}");
        }
    }

    fn standard(arn: &str) -> EnabledStandard {
        EnabledStandard { standards_arn: arn.to_owned(), status: StandardStatus::Ready }
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
