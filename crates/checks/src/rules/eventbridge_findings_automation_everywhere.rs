//! An EventBridge rule that sends security findings to automation, in every region in use.

use maturity_evidence::Bundle;

use crate::shared::finding_rules::TargetKind;
use crate::shared::findings_routing;
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// For every region in use of every account (a region that runs workloads: running EC2
    /// instances, EBS volumes, RDS instances, load balancers, Lambda functions …): the region has
    /// an enabled EventBridge rule on the default event bus whose event pattern selects security
    /// findings (GuardDuty, Security Hub, Inspector, Macie or IAM Access Analyzer, by source or
    /// finding detail type) and whose targets include automation (a Lambda function, a Step
    /// Functions state machine, Systems Manager Automation or Run Command, or an OpsItem). One
    /// finding per region in use: pass naming the rule, fail otherwise.
    ///
    /// A region whose rules could not be read is inconclusive; so is a region where no rule
    /// qualifies and whether it runs workloads could not be read. Regions without workloads are
    /// not judged, and an account with none is not applicable.
    ///
    /// ## Why it matters
    /// EventBridge rules see only the events of their own region, and findings are raised in the
    /// region where the resource is (unless Security Hub aggregates them to one region, in which
    /// case put the rule there and in this check's regions the aggregated findings do not
    /// count). An automated response that covers one region leaves an incident in another to be
    /// handled by hand, at human speed.
    ///
    /// ## How to fix
    /// Deploy the response rules and their targets to every region you run workloads in, with a
    /// CloudFormation StackSet across accounts and regions, so that each region has the same
    /// automated containment (isolate the instance, snapshot its volumes, revoke the session …).
    pub(crate) struct EventbridgeFindingsAutomationEverywhere {
        id: "eventbridge-findings-automation-everywhere",
        title: "Security findings trigger automated response in every region in use",
        scope: Region,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.ec2_volumes", "region.rds_db_instances", "region.lambda_functions", "region.elbv2_load_balancers", "region.eventbridge_rules", "region.dynamodb_tables", "region.efs_file_systems"],
        alternative: "a SOAR platform or other automation outside EventBridge that acts on the findings",
    }
}

impl Check for EventbridgeFindingsAutomationEverywhere {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        findings_routing::every_region_in_use(TargetKind::Automation, bundle, out);
    }
}
