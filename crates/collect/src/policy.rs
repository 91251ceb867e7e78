//! The minimal read-only IAM policy for a scan, built from the calls each collector declares
//! (`CALLS` in every service module). `maturity iam-policy` prints it.
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
        .filter(|c| c.action != identity::ASSUME_ACTION)
        .map(|c| c.action)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn all_calls() -> impl Iterator<Item = &'static Call> {
    CALLS.iter().flat_map(|(_, calls)| calls.iter()).chain(identity::CALLS.iter())
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

    #[test]
    fn read_only_test_refuses_writes() {
        for action in
            ["ec2:CreateVpc", "s3:PutBucketPolicy", "iam:Listen", "sts:AssumeRole", "nocolon", "apigateway:POST"]
        {
            assert!(!is_read_only(action), "{action}");
        }
    }

    #[test]
    fn the_policy_names_each_action_once_and_not_assume_role() {
        let document = document();
        let listed = document["Statement"][0]["Action"].as_array().map(Vec::len).unwrap_or_default();
        assert_eq!(listed, actions().len());
        assert!(!actions().contains(&"sts:AssumeRole"));
        assert!(actions().contains(&"s3:GetAccountPublicAccessBlock"));
    }

    /// The sources that make SDK calls, each with the calls it declares; every other source
    /// file must make none.
    const SOURCES: &[(&str, &str)] = &[
        ("services/accessanalyzer.rs", include_str!("services/accessanalyzer.rs")),
        ("services/account.rs", include_str!("services/account.rs")),
        ("services/apigateway.rs", include_str!("services/apigateway.rs")),
        ("services/auditmanager.rs", include_str!("services/auditmanager.rs")),
        ("services/autoscaling.rs", include_str!("services/autoscaling.rs")),
        ("services/backup.rs", include_str!("services/backup.rs")),
        ("services/bedrock.rs", include_str!("services/bedrock.rs")),
        ("services/budgets.rs", include_str!("services/budgets.rs")),
        ("services/cloudformation.rs", include_str!("services/cloudformation.rs")),
        ("services/cloudfront.rs", include_str!("services/cloudfront.rs")),
        ("services/cloudtrail.rs", include_str!("services/cloudtrail.rs")),
        ("services/cloudwatch.rs", include_str!("services/cloudwatch.rs")),
        ("services/cognito.rs", include_str!("services/cognito.rs")),
        ("services/configservice.rs", include_str!("services/configservice.rs")),
        ("services/ec2.rs", include_str!("services/ec2.rs")),
        ("services/ecr.rs", include_str!("services/ecr.rs")),
        ("services/elbv2.rs", include_str!("services/elbv2.rs")),
        ("services/detective.rs", include_str!("services/detective.rs")),
        ("services/drs.rs", include_str!("services/drs.rs")),
        ("services/dynamodb.rs", include_str!("services/dynamodb.rs")),
        ("services/efs.rs", include_str!("services/efs.rs")),
        ("services/eventbridge.rs", include_str!("services/eventbridge.rs")),
        ("services/fis.rs", include_str!("services/fis.rs")),
        ("services/guardduty.rs", include_str!("services/guardduty.rs")),
        ("services/iam.rs", include_str!("services/iam.rs")),
        ("services/imagebuilder.rs", include_str!("services/imagebuilder.rs")),
        ("services/inspector2.rs", include_str!("services/inspector2.rs")),
        ("services/kms.rs", include_str!("services/kms.rs")),
        ("services/lambda.rs", include_str!("services/lambda.rs")),
        ("services/macie.rs", include_str!("services/macie.rs")),
        ("services/networkfirewall.rs", include_str!("services/networkfirewall.rs")),
        ("services/organizations.rs", include_str!("services/organizations.rs")),
        ("services/rds.rs", include_str!("services/rds.rs")),
        ("services/resiliencehub.rs", include_str!("services/resiliencehub.rs")),
        ("services/route53resolver.rs", include_str!("services/route53resolver.rs")),
        ("services/s3.rs", include_str!("services/s3.rs")),
        ("services/secretsmanager.rs", include_str!("services/secretsmanager.rs")),
        ("services/securityhub.rs", include_str!("services/securityhub.rs")),
        ("services/securitylake.rs", include_str!("services/securitylake.rs")),
        ("services/shield.rs", include_str!("services/shield.rs")),
        ("services/ssm.rs", include_str!("services/ssm.rs")),
        ("services/ssoadmin.rs", include_str!("services/ssoadmin.rs")),
        ("services/wafv2.rs", include_str!("services/wafv2.rs")),
        ("identity.rs", include_str!("identity.rs")),
    ];
    const NO_CALLS: &[(&str, &str)] = &[
        ("account.rs", include_str!("account.rs")),
        ("scan.rs", include_str!("scan.rs")),
        ("config.rs", include_str!("config.rs")),
        ("services/mod.rs", include_str!("services/mod.rs")),
        ("services/credential_report.rs", include_str!("services/credential_report.rs")),
    ];

    /// Method calls without arguments whose names start like SDK operations: `.list_keys()`.
    fn sdk_calls(source: &str) -> BTreeSet<String> {
        let source = source.split("#[cfg(test)]").next().unwrap_or(source);
        let mut found = BTreeSet::new();
        for (start, _) in source.match_indices('.') {
            let rest = &source[start + 1..];
            let name: String =
                rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit()).collect();
            let is_operation = ["get_", "list_", "describe_", "generate_", "batch_get_", "assume_", "view_"]
                .iter()
                .any(|p| name.starts_with(p));
            if is_operation && rest[name.len()..].starts_with("()") {
                found.insert(name.replace('_', ""));
            }
        }
        found
    }

    fn declared_in(file: &str) -> BTreeSet<String> {
        let module = file.trim_start_matches("services/").trim_end_matches(".rs");
        let calls: &[Call] = if module == "identity" {
            identity::CALLS
        } else {
            CALLS.iter().find(|(name, _)| *name == module).map_or(&[], |(_, calls)| *calls)
        };
        calls.iter().filter_map(|c| c.operation.split_once(':')).map(|(_, op)| op.to_ascii_lowercase()).collect()
    }

    #[test]
    fn every_sdk_call_in_the_sources_is_declared_and_every_declaration_is_called() {
        for (file, source) in SOURCES {
            let called = sdk_calls(source);
            let declared = declared_in(file);
            let undeclared: Vec<_> = called.difference(&declared).collect();
            assert!(undeclared.is_empty(), "{file} calls undeclared operations: {undeclared:?}");
            let unused: Vec<_> = declared.difference(&called).collect();
            assert!(unused.is_empty(), "{file} declares operations it never calls: {unused:?}");
        }
        for (file, source) in NO_CALLS {
            let called = sdk_calls(source);
            assert!(called.is_empty(), "{file} makes SDK calls outside a collector: {called:?}");
        }
    }

    #[test]
    fn every_service_module_has_its_calls_table() {
        let services: BTreeSet<&str> =
            SOURCES.iter().filter_map(|(file, _)| file.strip_prefix("services/")?.strip_suffix(".rs")).collect();
        let tables: BTreeSet<&str> = CALLS.iter().map(|(name, _)| *name).collect();
        assert_eq!(services, tables);
    }
}
