//! Amazon Inspector scans EC2 instances and ECR images in every region in use.

use maturity_evidence::{Bundle, InspectorStatus, inspector_enabled};

use crate::shared::prose;
use crate::shared::regions_in_use::{self, RegionUse};
use crate::shared::walk;
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// For every scanned region of every account: Amazon Inspector's EC2 scanning and ECR
    /// scanning both report `ENABLED` for the account (`inspector2:BatchGetAccountStatus`). One
    /// finding per account and region.
    ///
    /// Pass when both are enabled, whatever the region holds. Fail when the region runs workloads
    /// (running EC2 instances, EBS volumes, RDS databases, load balancers, Lambda functions …)
    /// or holds ECR repositories (whose images ECR scanning is for) and either scan is not
    /// enabled; the message names which one is off and its status (`DISABLED`, `SUSPENDED`, still
    /// `ENABLING` …). Not applicable only for a region that holds neither and is not scanned.
    ///
    /// Inconclusive when Inspector's status could not be read, or when it is off and it cannot be
    /// told whether the region runs workloads or holds repositories.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Known vulnerabilities in operating system packages and container images are how most
    /// intrusions into cloud workloads begin. Inspector finds them without agents to deploy,
    /// keeps re-scanning as new CVEs are published, and rates them by exposure, but it only
    /// looks at the resource types and regions where it has been switched on.
    ///
    /// ## How to fix
    /// Make the security account the delegated administrator for Amazon Inspector, activate EC2
    /// and ECR scanning for all member accounts in every region you use, and turn on automatic
    /// activation for new accounts. Route critical and high findings to the teams that own the
    /// instances and images, with a deadline to patch.
    pub(crate) struct InspectorEc2EcrScanning {
        id: "inspector-ec2-ecr-scanning",
        title: "Amazon Inspector scans EC2 instances and ECR images in every region in use",
        scope: Region,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.ec2_volumes", "region.rds_db_instances", "region.inspector_status", "region.ecr_repositories", "region.lambda_functions", "region.elbv2_load_balancers", "region.dynamodb_tables", "region.efs_file_systems"],
        alternative: "another vulnerability scanner that covers the instances and the container images",
    }
}

impl Check for InspectorEc2EcrScanning {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let what = "whether Amazon Inspector scans EC2 and ECR";
        walk::each_region_fact(
            bundle,
            out,
            what,
            |facts| &facts.inspector_status,
            |r| {
                let (region, label) = (r.name, &r.label);
                format!("{what} in {region} of account {label}")
            },
            |r, status, out| {
                let (account, region, facts, label) = (r.account, r.name, r.facts, &r.label);
                let location = r.location();
                let off = off(status);
                if off.is_empty() {
                    out.pass(
                        location,
                        format_args!(
                            "Amazon Inspector scans EC2 instances and ECR images in {region} of account {label}."
                        ),
                    );
                    return;
                }
                let off = prose::and_list(&off);
                match regions_in_use::region_holds(account, region, facts, &[regions_in_use::ECR_REPOSITORIES]) {
                    RegionUse::InUse(held) => out.fail(
                        location,
                        format_args!(
                            "Amazon Inspector does not fully scan {region} of account {label}, which holds {}: {off}.",
                            regions_in_use::describe(&held)
                        ),
                    ),
                    RegionUse::Idle => out.not_applicable(
                        location,
                        format_args!(
                            "{region} of account {label} holds no workload and no ECR repository, so it needs no Inspector scanning ({off})."
                        ),
                    ),
                    RegionUse::Unknown(missing) => out.inconclusive(
                        location,
                        &format!("whether {region} of account {label}, where {off}, holds workloads or ECR repositories"),
                        &missing,
                    ),
                }
            },
        );
    }
}

/// What is not enabled: `EC2 scanning is DISABLED`, `ECR scanning is not reported`.
fn off(status: &InspectorStatus) -> Vec<String> {
    [("EC2 scanning", status.ec2.as_ref()), ("ECR scanning", status.ecr.as_ref())]
        .into_iter()
        .filter(|(_, state)| !inspector_enabled(*state))
        .map(|(what, state)| match state {
            Some(state) => format!("{what} is {state}"),
            None => format!("{what} is not reported"),
        })
        .collect()
}
