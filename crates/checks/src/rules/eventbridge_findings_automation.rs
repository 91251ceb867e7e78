//! EventBridge rules that act on security findings, one implementation for three checks that
//! differ by a [`Routing`] const: what the rule must deliver the findings to (automation or a
//! ticketing integration) and where it must exist (in some region of each account, or in every
//! region in use).

use maturity_evidence::{AccountEvidence, Bundle, Missing};

use crate::shared::accounts;
use crate::shared::finding_rules::{self, TargetKind};
use crate::shared::regions_in_use::{self, RegionUse};
use crate::{Check, FindingStatus, Findings, Location, declare_check};

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
        alternative: "a SOAR platform or other automation outside EventBridge that acts on the findings",
    }
}

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
        alternative: "a SOAR platform or other automation outside EventBridge that acts on the findings",
    }
}

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
        alternative: "a SIEM or SOAR platform that opens the tickets from the findings",
    }
}

/// Where the rules must exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coverage {
    /// In at least one scanned region of each account.
    AnyRegion,
    /// In every region in use of each account.
    EveryRegionInUse,
}

/// What differs between the checks.
struct Routing {
    /// What the rule must deliver findings to.
    kind: TargetKind,
    /// Where.
    coverage: Coverage,
}

const AUTOMATION: Routing = Routing { kind: TargetKind::Automation, coverage: Coverage::AnyRegion };
const AUTOMATION_EVERYWHERE: Routing = Routing { kind: TargetKind::Automation, coverage: Coverage::EveryRegionInUse };
const TICKETING: Routing = Routing { kind: TargetKind::Ticketing, coverage: Coverage::AnyRegion };

impl Check for EventbridgeFindingsAutomation {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        evaluate(&AUTOMATION, bundle, out);
    }
}

impl Check for EventbridgeFindingsAutomationEverywhere {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        evaluate(&AUTOMATION_EVERYWHERE, bundle, out);
    }
}

impl Check for EventbridgeFindingsToTicketing {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        evaluate(&TICKETING, bundle, out);
    }
}

fn evaluate(routing: &Routing, bundle: &Bundle, out: &mut Findings) {
    for account in accounts::reachable(bundle, out) {
        match routing.coverage {
            Coverage::AnyRegion => any_region(routing.kind, bundle, account, out),
            Coverage::EveryRegionInUse => every_region_in_use(routing.kind, bundle, account, out),
        }
    }
}

/// The phrase for messages: `sends security findings to automation (…)`.
fn sends(kind: TargetKind) -> String {
    format!("sends security findings to {}", kind.describe())
}

/// One finding for the account: some region has a qualifying rule.
fn any_region(kind: TargetKind, bundle: &Bundle, account: &AccountEvidence, out: &mut Findings) {
    let label = account.label();
    let location = || Location::account(&account.account_id);
    let what = format!("whether an EventBridge rule {}", sends(kind));
    let regions = accounts::scanned_regions_for_any(bundle, account, &what, out);
    if regions.is_empty() {
        return;
    }
    let mut unread: Option<(&str, Missing<'_>)> = None;
    let mut misses = Vec::new();
    for (region, facts) in &regions {
        let rules = match facts.eventbridge_rules.get() {
            Ok(rules) => rules,
            Err(missing) => {
                unread.get_or_insert((region, missing));
                continue;
            }
        };
        if let Some(route) = finding_rules::routes(rules, kind).first() {
            out.pass(location(), format!("In account {label}, EventBridge {}.", route.describe(Some(region))));
            return;
        }
        misses.extend(finding_rules::near_misses(rules, kind).into_iter().map(|m| format!("{m} in {region}")));
    }
    if let Some((region, missing)) = unread {
        out.inconclusive(
            location(),
            &format!("whether an EventBridge rule in account {label} {}: no rule read qualifies, and the rules of {region} could not be read", sends(kind)),
            &missing,
        );
        return;
    }
    accounts::fail_unless_unconfirmed(
        out,
        account,
        location(),
        format!(
            "No enabled EventBridge rule in any scanned region of account {label} {}{}.",
            sends(kind),
            near_miss_note(&misses)
        ),
    );
}

/// One finding per region in use.
fn every_region_in_use(kind: TargetKind, bundle: &Bundle, account: &AccountEvidence, out: &mut Findings) {
    let label = account.label();
    let what = format!("whether EventBridge rules {} in every region in use", sends(kind));
    let regions = accounts::scanned_regions(bundle, account, &what, out);
    if regions.is_empty() {
        return;
    }
    let mut judged = false;
    for (region, facts) in regions {
        let location = Location::region(&account.account_id, region);
        let use_ = regions_in_use::region_use(facts);
        if use_ == RegionUse::Idle {
            continue;
        }
        judged = true;
        let rules = match facts.eventbridge_rules.get() {
            Ok(rules) => rules,
            Err(missing) => {
                out.inconclusive(
                    location,
                    &format!("whether an EventBridge rule in {region} of account {label} {}", sends(kind)),
                    &missing,
                );
                continue;
            }
        };
        if let Some(route) = finding_rules::routes(rules, kind).first() {
            out.pass(location, format!("In {region} of account {label}, EventBridge {}.", route.describe(None)));
            continue;
        }
        match use_ {
            RegionUse::InUse(workloads) => out.fail(
                location,
                format!(
                    "No enabled EventBridge rule in {region} of account {label} {}, though the region runs {}{}.",
                    sends(kind),
                    regions_in_use::describe(&workloads),
                    near_miss_note(&finding_rules::near_misses(rules, kind))
                ),
            ),
            RegionUse::Unknown(missing) => out.inconclusive(
                location,
                &format!(
                    "whether {region} of account {label} needs an EventBridge rule that {} (no rule there does): whether it runs workloads",
                    sends(kind)
                ),
                &missing,
            ),
            RegionUse::Idle => {}
        }
    }
    if !judged {
        out.add(
            FindingStatus::NotApplicable,
            Location::account(&account.account_id),
            format!(
                "No scanned region of account {label} runs workloads (no running instances, volumes, databases, load balancers or functions), so no region needs automated response to findings."
            ),
        );
    }
}

/// ` (rule a is DISABLED in eu-west-1; rule b has no such target in us-east-1)`, or nothing.
fn near_miss_note(misses: &[String]) -> String {
    if misses.is_empty() { String::new() } else { format!(" ({})", misses.join("; ")) }
}
