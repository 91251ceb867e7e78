//! An EventBridge rule that sends security findings to automation, in some region of each account.

use maturity_evidence::Bundle;

use crate::shared::finding_rules::TargetKind;
use crate::shared::findings_routing;
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account: at least one scanned region has an enabled EventBridge rule on the
    /// default event bus whose event pattern selects security findings (source `aws.guardduty`,
    /// `aws.securityhub`, `aws.inspector2`, `aws.macie` or `aws.access-analyzer`, or a finding
    /// detail type such as `GuardDuty Finding` or `Security Hub Findings - Imported`) and whose
    /// targets include automation: a Lambda function, a Step Functions state machine, a Systems
    /// Manager Automation runbook or Run Command document, or an OpsItem. One finding per account:
    /// pass naming the rule and region; fail when no region has such a rule (naming rules on
    /// findings that are disabled or only notify).
    ///
    /// Inconclusive when no region has such a rule and the rules of some region could not be
    /// read. Inconclusive for an account the collector could not enter; not applicable when the
    /// scan had no region in scope. What the automation does is not judged: only that findings
    /// reach code that can act on them.
    ///
    /// ## Why it matters
    /// The playbooks that run most often, or where minutes matter (isolating an instance,
    /// disabling a leaked key, blocking a public bucket), should not wait for a person to read an
    /// alert. An EventBridge rule on findings is how AWS services hand an event to code; without
    /// one, every finding is handled by hand, however routine.
    ///
    /// ## How to fix
    /// Pick the most frequent or most damaging finding types, write the response as a Lambda
    /// function, Step Functions workflow or Systems Manager Automation runbook, and add an
    /// EventBridge rule that matches those findings and targets it, for example
    /// `{"source": ["aws.guardduty"], "detail": {"severity": [{"numeric": [">=", 7]}]}}`. Test
    /// it with sample findings (`aws guardduty create-sample-findings`).
    pub(crate) struct EventbridgeFindingsAutomation {
        id: "eventbridge-findings-automation",
        title: "Security findings trigger automated response through EventBridge",
        scope: Account,
        reads: ["account.enabled_regions", "region.eventbridge_rules"],
        alternative: "a SOAR platform or other automation outside EventBridge that acts on the findings",
    }
}

impl Check for EventbridgeFindingsAutomation {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        findings_routing::any_region(TargetKind::Automation, bundle, out);
    }
}
