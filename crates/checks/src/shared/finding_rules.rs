//! EventBridge rules that act on security findings: whether a rule's event pattern selects
//! findings of the AWS security services, and what kind of destination each target is.

use maturity_evidence::{Arn, EventRule};
use serde_json::Value;

/// Event sources of the AWS services that publish security findings.
const FINDING_SOURCES: &[(&str, &str)] = &[
    ("aws.guardduty", "GuardDuty"),
    ("aws.securityhub", "Security Hub"),
    ("aws.inspector2", "Inspector"),
    ("aws.macie", "Macie"),
    ("aws.access-analyzer", "IAM Access Analyzer"),
];

/// Detail types of finding events, for patterns that select by detail type only.
const FINDING_DETAIL_TYPES: &[(&str, &str)] = &[
    ("GuardDuty Finding", "GuardDuty"),
    ("Security Hub Findings - Imported", "Security Hub"),
    ("Security Hub Findings - Custom Action", "Security Hub"),
    ("Inspector2 Finding", "Inspector"),
    ("Macie Finding", "Macie"),
    ("Access Analyzer Finding", "IAM Access Analyzer"),
];

/// What a rule target does with the events it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TargetKind {
    /// Runs response code: a Lambda function, a Step Functions state machine, a Systems Manager
    /// Automation runbook or Run Command document, or an OpsItem.
    Automation,
    /// Hands the finding to a ticketing or SOAR system: an API destination, an SQS queue, an SNS
    /// topic, a Kinesis or Firehose stream, or another event bus.
    Ticketing,
}

impl TargetKind {
    /// The kinds of destination, for messages.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            TargetKind::Automation => {
                "automation (a Lambda function, a Step Functions state machine or Systems Manager Automation, Run Command or OpsCenter)"
            }
            TargetKind::Ticketing => {
                "a ticketing or SOAR integration (an API destination, an SQS queue, an SNS topic, a Kinesis or Firehose stream, or another event bus)"
            }
        }
    }
}

/// A target's kind and what it is, in words (`Lambda function isolate-instance`), from its ARN;
/// `None` for targets of other kinds (CloudWatch Logs, ECS tasks, …) or malformed ARNs.
pub(crate) fn target_kind(arn: &str) -> Option<(TargetKind, String)> {
    let Arn { service, resource, .. } = Arn::parse(arn).ok()?;
    let last = |sep: char| resource.rsplit(sep).next().unwrap_or(resource).to_owned();
    let found = match service {
        "lambda" => (TargetKind::Automation, format!("Lambda function {}", function_name(resource))),
        "states" => (TargetKind::Automation, format!("Step Functions state machine {}", last(':'))),
        "ssm" if resource.starts_with("automation-definition/") => {
            (TargetKind::Automation, format!("Systems Manager Automation runbook {}", runbook(resource)))
        }
        "ssm" if resource.starts_with("document/") => {
            (TargetKind::Automation, format!("Systems Manager Run Command document {}", last('/')))
        }
        "ssm" if resource.starts_with("opsitem") => (TargetKind::Automation, "Systems Manager OpsItem".to_owned()),
        "events" if resource.starts_with("api-destination/") => {
            (TargetKind::Ticketing, format!("API destination {}", api_destination(resource)))
        }
        "events" if resource.starts_with("event-bus/") => (TargetKind::Ticketing, format!("event bus {}", arn)),
        "sqs" => (TargetKind::Ticketing, format!("SQS queue {resource}")),
        "sns" => (TargetKind::Ticketing, format!("SNS topic {resource}")),
        "kinesis" => (TargetKind::Ticketing, format!("Kinesis stream {}", last('/'))),
        "firehose" => (TargetKind::Ticketing, format!("Firehose stream {}", last('/'))),
        _ => return None,
    };
    Some(found)
}

/// `function:isolate-instance[:alias]` → `isolate-instance`.
fn function_name(resource: &str) -> &str {
    resource.strip_prefix("function:").and_then(|r| r.split(':').next()).unwrap_or(resource)
}

/// `automation-definition/Isolate-EC2:$DEFAULT` → `Isolate-EC2`.
fn runbook(resource: &str) -> &str {
    let name = resource.strip_prefix("automation-definition/").unwrap_or(resource);
    name.split(':').next().unwrap_or(name)
}

/// `api-destination/jira/5f3c…` → `jira`.
fn api_destination(resource: &str) -> &str {
    resource.split('/').nth(1).unwrap_or(resource)
}

/// The security services whose findings an event pattern selects (by `source`, or by
/// `detail-type` when the pattern names no source), in the order of [`FINDING_SOURCES`];
/// empty when it selects none or is not valid JSON. A `prefix` matcher counts when a finding
/// source starts with it.
pub(crate) fn finding_services(pattern: &str) -> Vec<&'static str> {
    let Ok(Value::Object(pattern)) = serde_json::from_str::<Value>(pattern) else { return Vec::new() };
    let by = |field: &str, known: &'static [(&'static str, &'static str)]| -> Vec<&'static str> {
        let Some(Value::Array(matchers)) = pattern.get(field) else { return Vec::new() };
        known
            .iter()
            .filter(|(value, _)| matchers.iter().any(|m| matcher_selects(m, value)))
            .map(|(_, service)| *service)
            .collect()
    };
    let mut services = if pattern.contains_key("source") {
        by("source", FINDING_SOURCES)
    } else {
        by("detail-type", FINDING_DETAIL_TYPES)
    };
    services.dedup();
    services
}

/// Whether one matcher of a pattern field selects `value`: the exact string, or `{"prefix": …}`.
fn matcher_selects(matcher: &Value, value: &str) -> bool {
    match matcher {
        Value::String(exact) => exact == value,
        Value::Object(object) => match object.get("prefix") {
            Some(Value::String(prefix)) => value.starts_with(prefix.as_str()),
            _ => false,
        },
        _ => false,
    }
}

/// A rule that delivers security findings to a target of the wanted kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FindingRoute<'a> {
    /// The rule.
    pub(crate) rule: &'a EventRule,
    /// Whose findings it selects (`GuardDuty`, `Security Hub`, …).
    pub(crate) services: Vec<&'static str>,
    /// Its targets of the wanted kind, in words.
    pub(crate) targets: Vec<String>,
}

impl FindingRoute<'_> {
    /// `rule guardduty-isolate in eu-west-1 sends GuardDuty findings to Lambda function
    /// isolate-instance` (without the region when `region` is `None`).
    pub(crate) fn describe(&self, region: Option<&str>) -> String {
        format!(
            "rule {}{} sends {} findings to {}",
            self.rule.name,
            region.map(|r| format!(" in {r}")).unwrap_or_default(),
            super::prose::and_list(&self.services),
            super::prose::and_list(&self.targets)
        )
    }
}

/// The enabled rules that send security findings to a target of `kind`.
pub(crate) fn routes(rules: &[EventRule], kind: TargetKind) -> Vec<FindingRoute<'_>> {
    rules
        .iter()
        .filter(|rule| rule.is_enabled())
        .filter_map(|rule| {
            let services = finding_services(rule.event_pattern.as_deref()?);
            let targets: Vec<String> = rule
                .targets
                .iter()
                .filter_map(|arn| target_kind(arn))
                .filter(|(k, _)| *k == kind)
                .map(|(_, what)| what)
                .collect();
            (!services.is_empty() && !targets.is_empty()).then_some(FindingRoute { rule, services, targets })
        })
        .collect()
}

/// Why the rules on security findings that do not qualify fall short (disabled, or no target of
/// the wanted kind), one phrase per rule: `rule gd-alerts is DISABLED`, `rule gd-mail targets
/// only SNS topic alerts`.
pub(crate) fn near_misses(rules: &[EventRule], kind: TargetKind) -> Vec<String> {
    rules
        .iter()
        .filter(|rule| rule.event_pattern.as_deref().is_some_and(|p| !finding_services(p).is_empty()))
        .filter_map(|rule| {
            let has_target = rule.targets.iter().any(|arn| target_kind(arn).is_some_and(|(k, _)| k == kind));
            if !rule.is_enabled() {
                Some(format!("rule {} is {}", rule.name, rule.state))
            } else if rule.targets.is_empty() {
                Some(format!("rule {} has no target", rule.name))
            } else if !has_target {
                let others: Vec<String> = rule
                    .targets
                    .iter()
                    .map(|arn| target_kind(arn).map_or_else(|| arn.clone(), |(_, what)| what))
                    .collect();
                Some(format!("rule {} targets only {}", rule.name, super::prose::and_list(&others)))
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_select_findings_by_source_or_detail_type() {
        assert_eq!(finding_services(r#"{"source":["aws.guardduty"]}"#), vec!["GuardDuty"]);
        assert_eq!(
            finding_services(r#"{"source":["aws.securityhub","aws.inspector2"],"detail-type":["x"]}"#),
            vec!["Security Hub", "Inspector"]
        );
        assert_eq!(finding_services(r#"{"detail-type":["Security Hub Findings - Imported"]}"#), vec!["Security Hub"]);
        assert_eq!(finding_services(r#"{"source":[{"prefix":"aws.guard"}]}"#), vec!["GuardDuty"]);
        assert_eq!(finding_services(r#"{"source":[{"prefix":"aws."}]}"#).len(), FINDING_SOURCES.len());
    }

    #[test]
    fn other_patterns_select_no_findings() {
        assert!(finding_services(r#"{"source":["aws.ec2"],"detail-type":["GuardDuty Finding"]}"#).is_empty());
        assert!(finding_services(r#"{"source":[{"anything-but":"aws.guardduty"}]}"#).is_empty());
        assert!(finding_services("not json").is_empty());
        assert!(finding_services(r#"["aws.guardduty"]"#).is_empty());
    }

    #[test]
    fn targets_are_classified_from_their_arns() {
        let kind = target_kind;
        assert_eq!(
            kind("arn:aws:lambda:eu-west-1:111111111111:function:isolate:live"),
            Some((TargetKind::Automation, "Lambda function isolate".to_owned()))
        );
        assert_eq!(
            kind("arn:aws:ssm:eu-west-1:111111111111:automation-definition/Quarantine:$DEFAULT"),
            Some((TargetKind::Automation, "Systems Manager Automation runbook Quarantine".to_owned()))
        );
        assert_eq!(
            kind("arn:aws:states:eu-west-1:111111111111:stateMachine:contain").map(|(k, _)| k),
            Some(TargetKind::Automation)
        );
        assert_eq!(
            kind("arn:aws:events:eu-west-1:111111111111:api-destination/jira/0a1b2c"),
            Some((TargetKind::Ticketing, "API destination jira".to_owned()))
        );
        assert_eq!(
            kind("arn:aws:events:eu-west-1:222222222222:event-bus/central").map(|(k, _)| k),
            Some(TargetKind::Ticketing)
        );
        assert_eq!(kind("arn:aws:sqs:eu-west-1:111111111111:soar").map(|(k, _)| k), Some(TargetKind::Ticketing));
        assert_eq!(kind("arn:aws:logs:eu-west-1:111111111111:log-group:/findings"), None);
        assert_eq!(kind("not-an-arn"), None);
    }
}
