//! An EventBridge rule that sends security findings to a ticketing or SOAR integration, in some
//! region of each account.

use maturity_evidence::Bundle;

use crate::shared::finding_rules::TargetKind;
use crate::shared::findings_routing;
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account: at least one scanned region has an enabled EventBridge rule on the
    /// default event bus whose event pattern selects security findings (GuardDuty, Security Hub,
    /// Inspector, Macie or IAM Access Analyzer, by source or finding detail type) and forwards
    /// them to a ticketing or SOAR integration: an API destination, an SQS queue, an SNS topic, a
    /// Kinesis or Firehose stream, or another event bus (forwarding to a central bus in a
    /// security account counts). One finding per account: pass naming the rule and region; fail
    /// when no region has such a rule.
    ///
    /// Inconclusive when no region has such a rule and the rules of some region could not be
    /// read, and for an account the collector could not enter; not applicable when the scan had
    /// no region in scope. Whether a ticket is really opened at the other end cannot be seen
    /// from AWS.
    ///
    /// ## Why it matters
    /// A finding that nobody owns is not handled. Sending findings to the ticketing or SOAR
    /// system gives each one an owner, a status and a deadline, and a record of how it was
    /// closed; without a route out of AWS, findings are seen only by whoever opens the console.
    ///
    /// ## How to fix
    /// Add an EventBridge rule on Security Hub findings (or GuardDuty findings) that targets
    /// your ticketing or SOAR integration: an API destination for Jira, ServiceNow or PagerDuty,
    /// or the SQS queue your SOAR product reads. In an organization, forward findings from
    /// every account to a central event bus in the security account and route them from there.
    pub(crate) struct EventbridgeFindingsToTicketing {
        id: "eventbridge-findings-to-ticketing",
        title: "Security findings are forwarded to ticketing or SOAR through EventBridge",
        scope: Account,
        reads: ["account.enabled_regions", "region.eventbridge_rules"],
        alternative: "a SIEM or SOAR platform that opens the tickets from the findings",
    }
}

impl Check for EventbridgeFindingsToTicketing {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        findings_routing::any_region(TargetKind::Ticketing, bundle, out);
    }
}
