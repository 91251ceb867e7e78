//! CloudFormation stacks in every region in use, per region.

use maturity_evidence::{AccountEvidence, Bundle, CloudFormationStack, RegionFacts};

use crate::shared::prose::and_list;
use crate::shared::regions_in_use::{self, RegionUse};
use crate::shared::walk;
use crate::{Check, Findings, Location, declare_check};

/// Stacks that landing-zone and tooling set-ups create in every account and region, whatever
/// the workloads are deployed with: they are not a sign of infrastructure as code for workloads.
const NOT_WORKLOADS: &[&str] = &[
    "StackSet-AWSControlTower",
    "AWSControlTower",
    "StackSet-AWS-Landing-Zone",
    "CDKToolkit",
    "aws-sam-cli-managed-default",
];

/// How many stack names a message lists before summing up the rest.
const NAMES_SHOWN: usize = 3;

declare_check! {
    /// ## What it checks
    /// Every region in use of every account (a region that runs workloads: running EC2
    /// instances, EBS volumes, RDS databases …) has at least one live CloudFormation stack
    /// (`cloudformation:ListStacks`): a stack that is not deleted, not being deleted, and not a
    /// failed creation (`ROLLBACK_COMPLETE`, `ROLLBACK_FAILED`, `CREATE_FAILED`). Stacks that
    /// landing zones and tools put in every region (Control Tower stack sets, the CDK bootstrap
    /// `CDKToolkit`, the SAM CLI's managed stack) do not count. One finding per region in use:
    /// pass naming some stacks, fail when there is none.
    ///
    /// This is a weak signal and the control is only partly automated: a stack in a region does
    /// not prove that every workload there is defined as code, and workloads deployed with
    /// Terraform, Pulumi or CDK for Terraform leave no CloudFormation stack at all. Organizations
    /// that use those tools should attest the control (and may record exceptions for this check).
    ///
    /// Inconclusive for a region whose stacks could not be listed, for a region where no
    /// workload was found but some workload fact could not be read, for an account the collector
    /// could not enter, and for an account with no region collected in a scan that had regions.
    /// Not applicable, once per account, when no scanned region runs workloads, or when the scan
    /// had no region in scope.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Infrastructure built by hand in the console cannot be reviewed before it changes, rebuilt
    /// the same way after an incident, or compared with what it should be. Defined as code, every
    /// change goes through review and version control, security rules can be checked before
    /// deployment (cfn-guard, cfn-nag, Checkov), drift can be detected, and a whole environment
    /// can be recreated in another account or region.
    ///
    /// ## How to fix
    /// Describe workloads in CloudFormation, the AWS CDK or SAM (or another infrastructure-as-code
    /// tool), keep the templates in version control, deploy them from a pipeline rather than from
    /// laptops, and add policy checks to that pipeline. Import resources created by hand into
    /// stacks (`aws cloudformation create-change-set --change-set-type IMPORT`), and restrict
    /// console write access in production so that changes go through the pipeline.
    pub(crate) struct CloudformationManagesWorkloads {
        id: "cloudformation-manages-workloads",
        title: "Every region in use has live CloudFormation stacks",
        scope: Region,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.ec2_volumes", "region.rds_db_instances", "region.cloudformation_stacks", "region.lambda_functions", "region.elbv2_load_balancers", "region.dynamodb_tables", "region.efs_file_systems"],
        alternative: "Terraform, Pulumi or another infrastructure-as-code tool",
    }
}

impl Check for CloudformationManagesWorkloads {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::every_region(bundle, out, "whether workloads are deployed as code", evaluate_account);
    }
}

fn evaluate_account(account: &AccountEvidence, regions: &[(&str, &RegionFacts)], out: &mut Findings) {
    let label = account.label().to_string();
    let mut said_something = false;
    for &(region, facts) in regions {
        let location = Location::region(&account.account_id, region);
        match regions_in_use::region_use(facts) {
            RegionUse::Idle => {}
            RegionUse::Unknown(missing) => {
                out.inconclusive(location, &format!("whether {region} of {label} runs workloads"), &missing);
                said_something = true;
            }
            RegionUse::InUse(workloads) => {
                evaluate_region(&label, region, facts, &regions_in_use::describe(&workloads), location, out);
                said_something = true;
            }
        }
    }
    if !said_something {
        out.not_applicable(
            Location::account(&account.account_id),
            format_args!("No scanned region of {label} runs workloads, so there is nothing to deploy as code."),
        );
    }
}

fn evaluate_region(
    label: &str,
    region: &str,
    facts: &RegionFacts,
    workloads: &str,
    location: Location,
    out: &mut Findings,
) {
    let stacks = match facts.cloudformation_stacks.get() {
        Ok(stacks) => stacks,
        Err(missing) => {
            out.inconclusive(location, &format!("which CloudFormation stacks exist in {region} of {label}"), &missing);
            return;
        }
    };
    let live: Vec<&CloudFormationStack> = stacks.iter().filter(|s| s.is_live() && !is_landing_zone(s)).collect();
    if live.is_empty() {
        let others = stacks.len();
        let note = if others == 0 {
            String::new()
        } else {
            format!(
                " ({others} other stack{} are landing-zone or tooling stacks, or failed or deleted)",
                if others == 1 { "" } else { "s" }
            )
        };
        out.fail(
            location,
            format_args!("{region} of {label} runs {workloads} but has no live CloudFormation stack{note}."),
        );
        return;
    }
    let mut names: Vec<String> = live.iter().take(NAMES_SHOWN).map(|s| s.stack_name.clone()).collect();
    if live.len() > NAMES_SHOWN {
        names.push(format!("{} more", live.len() - NAMES_SHOWN));
    }
    out.pass(
        location,
        format_args!(
            "{region} of {label} runs {workloads} and has {} live CloudFormation stack{}: {}.",
            live.len(),
            if live.len() == 1 { "" } else { "s" },
            and_list(&names)
        ),
    );
}

fn is_landing_zone(stack: &CloudFormationStack) -> bool {
    NOT_WORKLOADS.iter().any(|prefix| stack.stack_name.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stack(name: &str, status: &str) -> CloudFormationStack {
        CloudFormationStack { stack_name: name.to_owned(), stack_status: status.into() }
    }

    #[test]
    fn landing_zone_and_tooling_stacks_are_not_workloads() {
        assert!(is_landing_zone(&stack("StackSet-AWSControlTowerBP-BASELINE-CLOUDTRAIL-1a2b", "CREATE_COMPLETE")));
        assert!(is_landing_zone(&stack("CDKToolkit", "UPDATE_COMPLETE")));
        assert!(!is_landing_zone(&stack("orders-api-prod", "UPDATE_COMPLETE")));
    }

    #[test]
    fn failed_creations_and_deletions_are_not_live() {
        assert!(stack("a", "UPDATE_ROLLBACK_COMPLETE").is_live());
        assert!(!stack("a", "ROLLBACK_COMPLETE").is_live());
        assert!(!stack("a", "DELETE_IN_PROGRESS").is_live());
    }
}
