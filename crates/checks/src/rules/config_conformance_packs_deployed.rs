//! AWS Config conformance packs report compliance in every region in use.

use maturity_evidence::{Bundle, ComplianceType, ConformancePack};

use crate::shared::regions_in_use::{RegionUse, describe, region_use};
use crate::shared::{prose, walk};
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// For every region in use (one that runs workloads: EC2 instances, EBS volumes, RDS …) of
    /// every account: at least one AWS Config conformance pack is deployed there and has a
    /// compliance result (`COMPLIANT` or `NON_COMPLIANT`). One finding per region: pass naming
    /// the packs and their results; fail when the region has no conformance pack, or only packs
    /// without a result yet (`INSUFFICIENT_DATA`, usually because no configuration recorder runs).
    /// A pack that reports `NON_COMPLIANT` passes: the report exists, and acting on it is other
    /// checks' business.
    ///
    /// Not applicable for a region without workloads. Inconclusive when the conformance packs of
    /// a region in use could not be read, or when it cannot be told whether the region runs
    /// workloads and it has no pack with a result.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// A compliance report is only as good as its coverage. A conformance pack evaluates a
    /// framework's rules (CIS, PCI DSS, NIST, operational best practices) continuously and keeps a
    /// per-resource, per-rule history that an auditor can read; a region running workloads without
    /// one is a blind spot in every report.
    ///
    /// ## How to fix
    /// Record configurations in every region in use, then deploy the conformance packs that
    /// match your frameworks, organization-wide from the management or delegated administrator
    /// account (`PutOrganizationConformancePack`), and aggregate the results in a Config
    /// aggregator for the reports.
    pub(crate) struct ConfigConformancePacksDeployed {
        id: "config-conformance-packs-deployed",
        title: "Every region in use has an AWS Config conformance pack with a compliance result",
        scope: Region,
        reads: ["account.enabled_regions", "region.ec2_volumes", "region.config_conformance_packs"],
        alternative: "compliance reports produced by a CSPM or GRC tool outside AWS Config",
    }
}

impl Check for ConfigConformancePacksDeployed {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let what = "whether conformance packs report compliance";
        walk::each_region(bundle, out, what, |r, out| {
            let (region, facts, label) = (r.name, r.facts, &r.label);
            let location = r.location();
            let place = format!("{region} of account {label}");
            let packs = facts.config_conformance_packs.get();
            let reporting: Vec<&ConformancePack> =
                packs.as_ref().map(|p| p.iter().filter(|p| p.has_compliance_result()).collect()).unwrap_or_default();
            let usage = region_use(facts);
            match usage {
                RegionUse::Idle => {
                    out.not_applicable(location, format_args!("No workloads run in {place}."));
                    return;
                }
                RegionUse::Unknown(missing) if reporting.is_empty() => {
                    out.inconclusive(location, &format!("whether {place} runs workloads"), &missing);
                    return;
                }
                RegionUse::Unknown(_) | RegionUse::InUse(_) => {}
            }
            let packs = match packs {
                Ok(packs) => packs,
                Err(missing) => {
                    out.inconclusive(location, &format!("which conformance packs are deployed in {place}"), &missing);
                    return;
                }
            };
            let workloads = match &usage {
                RegionUse::InUse(workloads) => format!(", which runs {},", describe(workloads)),
                _ => String::new(),
            };
            if !reporting.is_empty() {
                let named: Vec<String> = reporting.iter().map(|p| describe_pack(p)).collect();
                out.pass(
                    location,
                    format_args!("Conformance packs report compliance in {place}: {}.", prose::and_list(&named)),
                );
            } else if packs.is_empty() {
                out.fail(location, format_args!("No AWS Config conformance pack is deployed in {place}{workloads} so no compliance report covers it."));
            } else {
                let named: Vec<String> = packs.iter().map(describe_pack).collect();
                out.fail(
                    location,
                    format_args!(
                        "No conformance pack in {place}{workloads} has a compliance result yet: {}.",
                        prose::and_list(&named)
                    ),
                );
            }
        });
    }
}

/// "cis-benchmark (NON_COMPLIANT)", or "(no result)".
fn describe_pack(pack: &ConformancePack) -> String {
    format!("{} ({})", pack.name, pack.compliance.as_ref().map_or("no result", ComplianceType::as_str))
}
