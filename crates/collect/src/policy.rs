//! The minimal read-only IAM policy for a scan, built at run time from the calls each collector
//! declares (the [`Call`] constants of every service module, gathered in `services::CALLS`).
//! `maturity iam-policy` prints it. That the declarations match what a scan really calls is
//! tested against the emulator (`tests/end_to_end.rs`).
//!
//! In organization mode the scanning principal also needs `sts:AssumeRole` on the role it
//! assumes in each account; that is not a read and is not part of this policy.

use std::collections::BTreeSet;

use crate::identity;
use crate::services::{CALLS, Call};

/// Every IAM action the collectors use, sorted, each once (without `sts:AssumeRole`).
#[must_use]
pub fn actions() -> Vec<&'static str> {
    all_calls()
        .filter(|c| **c != identity::ASSUME_ROLE)
        .map(|c| c.action)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn all_calls() -> impl Iterator<Item = &'static Call> {
    CALLS.iter().flat_map(|calls| calls.iter()).chain(identity::CALLS.iter())
}

/// The policy document.
#[must_use]
pub fn document() -> serde_json::Value {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "MaturityReadOnlyScan",
            "Effect": "Allow",
            "Action": actions(),
            "Resource": "*",
        }],
    })
}

/// The policy of `maturity publish security-hub`, the tool's one write, as a statement of its
/// own: attach it only where findings are published, never to the scanning role.
#[must_use]
pub fn publish_document() -> serde_json::Value {
    let actions: Vec<&str> = crate::publish::CALLS.iter().map(|c| c.action).collect();
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "MaturityPublishSecurityHub",
            "Effect": "Allow",
            "Action": actions,
            // The findings go to the product they name (the account's own `default` product,
            // or a custom integration's).
            "Resource": "arn:aws:securityhub:*:*:product/*/*",
        }],
    })
}

/// Whether an action only reads: `List*`, `Describe*`, `Get*`, `BatchGet*`, `View*`,
/// `iam:GenerateCredentialReport` (which writes nothing but the report), or `apigateway:GET`
/// (API Gateway's management API names its IAM actions by HTTP method).
#[must_use]
pub fn is_read_only(action: &str) -> bool {
    let Some((_, name)) = action.split_once(':') else { return false };
    ["List", "Describe", "Get", "BatchGet", "View"]
        .iter()
        .any(|prefix| name.strip_prefix(prefix).is_some_and(|rest| rest.chars().next().is_some_and(char::is_uppercase)))
        || action == "iam:GenerateCredentialReport"
        || action == "apigateway:GET"
}

/// Every SDK operation the collectors declare (`service:Operation`), for tests that compare
/// them with the calls a scan counted.
#[must_use]
pub fn declared_operations() -> BTreeSet<&'static str> {
    all_calls().map(|c| c.operation).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_declared_action_is_a_read() {
        let writes: Vec<_> = actions().into_iter().filter(|a| !is_read_only(a)).collect();
        assert!(writes.is_empty(), "not read-only: {writes:?}");
    }

    /// The facts' tables of API calls (`maturity explain` and the OSCAL observations show them)
    /// name exactly the actions the collectors declare, but `sts:GetCallerIdentity`, which
    /// gathers no fact (it names the scanning principal).
    #[test]
    fn the_facts_name_the_actions_the_collectors_declare() {
        let of_facts: BTreeSet<&str> =
            maturity_evidence::FactPath::all().flat_map(|fact| fact.info.actions.iter().copied()).collect();
        let declared: BTreeSet<&str> = actions().into_iter().filter(|a| *a != "sts:GetCallerIdentity").collect();
        let unknown: Vec<_> = of_facts.difference(&declared).collect();
        let unlisted: Vec<_> = declared.difference(&of_facts).collect();
        assert!(unknown.is_empty(), "facts name actions no collector declares: {unknown:?}");
        assert!(unlisted.is_empty(), "declared actions no fact names: {unlisted:?}");
    }

    #[test]
    fn read_only_test_refuses_writes() {
        for action in
            ["ec2:CreateVpc", "s3:PutBucketPolicy", "iam:Listen", "sts:AssumeRole", "nocolon", "apigateway:POST"]
        {
            assert!(!is_read_only(action), "{action}");
        }
    }

    #[test]
    fn the_publish_policy_is_its_one_write_and_the_scan_policy_has_none_of_it() {
        let document = publish_document();
        assert_eq!(document["Statement"][0]["Action"], serde_json::json!(["securityhub:BatchImportFindings"]));
        assert!(!actions().contains(&"securityhub:BatchImportFindings"));
    }

    #[test]
    fn the_policy_names_each_action_once_and_not_assume_role() {
        let document = document();
        let listed = document["Statement"][0]["Action"].as_array().map(Vec::len).unwrap_or_default();
        assert_eq!(listed, actions().len());
        assert!(!actions().contains(&"sts:AssumeRole"));
        assert!(actions().contains(&"s3:GetAccountPublicAccessBlock"));
    }
}
