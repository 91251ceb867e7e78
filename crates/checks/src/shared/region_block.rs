//! Whether a `Deny` statement conditioned on the requested region really blocks the other
//! regions: what it denies, and whom its other conditions spare.
//!
//! The rule, decided once for every check that asks:
//! - it must deny every action (`"Action": "*"`), or every action but a `NotAction` list of
//!   exemptions that run no workload in a region: whole services that are global or only
//!   administer the account or organization ([`GLOBAL_SERVICES`]), read-only actions
//!   (`Describe…`, `Get…`, `List…`, `Lookup…`) of any service, and S3's account-level settings,
//!   multi-region access points and Storage Lens. A deny of a few actions (`ec2:RunInstances`) leaves every
//!   other service open in every region, and exempting a workload service (`ec2:*`,
//!   `lambda:CreateFunction`) opens that service everywhere;
//! - its conditions on `aws:PrincipalArn` must not spare every role: a pattern such as
//!   `arn:aws:iam::*:role/*` in an `ArnNotLike` exempts every workload and every person who
//!   signs in through a role. Sparing named roles (`…:role/AWSControlTowerExecution`) is fine.

use crate::shared::policy::{Statement, string_like};

/// Services whose every action may be exempted: global services, and services that administer
/// the account, the organization, billing and support without running workloads in a region.
/// The list follows the exemptions of AWS Control Tower's region deny control.
pub(crate) const GLOBAL_SERVICES: &[&str] = &[
    "a4b",
    "access-analyzer",
    "account",
    "acm",
    "activate",
    "artifact",
    "aws-marketplace",
    "aws-marketplace-management",
    "aws-portal",
    "billing",
    "billingconductor",
    "budgets",
    "ce",
    "chatbot",
    "chime",
    "cloudfront",
    "compute-optimizer",
    "config",
    "consoleapp",
    "consolidatedbilling",
    "cur",
    "devicefarm",
    "directconnect",
    "ecr-public",
    "fms",
    "freetier",
    "globalaccelerator",
    "health",
    "iam",
    "identitystore",
    "importexport",
    "invoicing",
    "iq",
    "kms",
    "mobileanalytics",
    "networkmanager",
    "notifications",
    "notifications-contacts",
    "organizations",
    "payments",
    "pricing",
    "resource-explorer-2",
    "resource-groups",
    "route53",
    "route53-recovery-cluster",
    "route53-recovery-control-config",
    "route53-recovery-readiness",
    "route53domains",
    "savingsplans",
    "servicequotas",
    "shield",
    "sso",
    "sso-directory",
    "sts",
    "support",
    "supportapp",
    "supportplans",
    "sustainability",
    "tag",
    "tax",
    "trustedadvisor",
    "user-subscriptions",
    "waf",
    "waf-regional",
    "wafv2",
    "wellarchitected",
];

/// Action names (after `service:`) that only read, whatever the service.
const READ_ONLY_PREFIXES: &[&str] = &["describe", "get", "list", "lookup"];

/// Parts of the names of S3 actions on account-level settings (`PutAccountPublicAccessBlock`),
/// multi-region access points and Storage Lens, which S3 serves from one region whatever the
/// buckets' regions.
const S3_ACCOUNT_LEVEL: &[&str] = &["account", "multiregionaccesspoint", "storagelens"];

/// The condition key naming the calling principal.
const PRINCIPAL_KEY: &str = "aws:PrincipalArn";

/// Two role ARNs no policy names on purpose: a condition that spares both spares every role.
const PROBE_ROLES: [&str; 2] =
    ["arn:aws:iam::123456789012:role/app-7f3e", "arn:aws:iam::987654321098:role/service-role/Zeta_Q9"];

/// Why a `Deny` statement on `aws:RequestedRegion` does not block the other regions (a clause:
/// `denies only ec2:RunInstances`), or `None` when it does.
pub(crate) fn shortfall(statement: &Statement) -> Option<String> {
    if let Some(why) = narrow_actions(statement) {
        return Some(why);
    }
    spares_every_role(statement)
        .then(|| "spares every role: its condition on aws:PrincipalArn exempts any role".to_owned())
}

fn narrow_actions(statement: &Statement) -> Option<String> {
    match (&statement.action, &statement.not_action) {
        (Some(actions), _) if actions.iter().any(|a| a == "*") => None,
        (Some(actions), _) => Some(format!("denies only {}", actions.join(", "))),
        (None, Some(exempt)) => {
            let open: Vec<&str> = exempt.iter().map(String::as_str).filter(|a| !exemption_is_harmless(a)).collect();
            if open.is_empty() {
                None
            } else {
                Some(format!("exempts {}, which run workloads in any region", open.join(", ")))
            }
        }
        (None, None) => Some("names no action".to_owned()),
    }
}

/// Whether exempting this action (pattern) from a region deny leaves no workload service open.
fn exemption_is_harmless(action: &str) -> bool {
    let Some((service, name)) = action.split_once(':') else {
        return false; // `*` or malformed: exempts everything, or cannot be told
    };
    let service = service.to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    if GLOBAL_SERVICES.contains(&service.as_str()) {
        return true;
    }
    if name.is_empty() || name.starts_with('*') {
        return false;
    }
    READ_ONLY_PREFIXES.iter().any(|p| name.starts_with(p))
        || (service == "s3" && S3_ACCOUNT_LEVEL.iter().any(|part| name.contains(part)))
}

/// Whether the statement's conditions on the principal's ARN leave both probe roles out of the
/// deny, so that (practically) every role escapes it.
fn spares_every_role(statement: &Statement) -> bool {
    PROBE_ROLES.iter().all(|role| statement.conditions_on(PRINCIPAL_KEY).any(|c| !condition_holds(c, role)))
}

/// Whether a condition on the principal's ARN holds for this ARN (so the deny still applies).
/// Operators this does not know are taken to hold: they are not exemptions of every role.
fn condition_holds(condition: &crate::shared::policy::Condition, arn: &str) -> bool {
    let op = condition.base_operator().to_ascii_lowercase();
    let matches = |ignore_case: bool, like: bool| {
        condition.values.iter().any(|v| {
            if like {
                string_like(v, arn, ignore_case)
            } else if ignore_case {
                v.eq_ignore_ascii_case(arn)
            } else {
                v == arn
            }
        })
    };
    match op.as_str() {
        "arnlike" | "stringlike" => matches(false, true),
        "arnnotlike" | "stringnotlike" => !matches(false, true),
        "arnequals" => matches(false, true),
        "arnnotequals" => !matches(false, true),
        "stringequals" => matches(false, false),
        "stringnotequals" => !matches(false, false),
        "stringequalsignorecase" => matches(true, false),
        "stringnotequalsignorecase" => !matches(true, false),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::shared::policy::statements;

    fn statement(value: Value) -> Statement {
        statements(&json!({"Statement": value})).remove(0)
    }

    fn deny(actions: Value, principal: Option<(&str, Value)>) -> Statement {
        let mut condition = json!({"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}});
        if let Some((op, values)) = principal {
            condition[op] = json!({"aws:PrincipalARN": values});
        }
        let mut s = json!({"Effect": "Deny", "Resource": "*", "Condition": condition});
        if let Some(obj) = actions.as_object() {
            for (k, v) in obj {
                s[k] = v.clone();
            }
        }
        statement(s)
    }

    #[test]
    fn every_action_or_only_global_exemptions_block() {
        assert_eq!(shortfall(&deny(json!({"Action": "*"}), None)), None);
        let control_tower = json!({"NotAction": ["iam:*", "organizations:*", "sts:*", "cloudfront:*", "ec2:DescribeRegions",
            "s3:GetBucketLocation", "s3:CreateMultiRegionAccessPoint", "s3:PutAccountPublicAccessBlock", "lightsail:Get*",
            "cloudtrail:LookupEvents", "KMS:*", "s3:PutAccountPublic*", "wellarchitected:*"]});
        assert_eq!(shortfall(&deny(control_tower, None)), None);
    }

    #[test]
    fn a_few_actions_or_a_workload_exemption_do_not_block() {
        assert_eq!(
            shortfall(&deny(json!({"Action": ["ec2:RunInstances", "lambda:*"]}), None)).as_deref(),
            Some("denies only ec2:RunInstances, lambda:*")
        );
        for open in ["ec2:*", "lambda:CreateFunction", "*", "s3:*", "ec2:*Instances", "s3:Put*", "bogus"] {
            let why = shortfall(&deny(json!({"NotAction": ["iam:*", open]}), None));
            assert_eq!(why, Some(format!("exempts {open}, which run workloads in any region")), "{open}");
        }
    }

    #[test]
    fn sparing_every_role_does_not_block() {
        for (op, values) in [
            ("ArnNotLike", json!("arn:aws:iam::*:role/*")),
            ("ArnNotLikeIfExists", json!(["arn:aws:iam::*:role/Admin", "arn:aws:iam::*:role/*"])),
            ("StringNotLike", json!("*")),
            ("ArnLike", json!("arn:aws:iam::*:user/*")),
        ] {
            assert!(shortfall(&deny(json!({"Action": "*"}), Some((op, values.clone())))).is_some(), "{op} {values}");
        }
    }

    #[test]
    fn sparing_named_roles_still_blocks() {
        for (op, values) in [
            (
                "ArnNotLike",
                json!(["arn:aws:iam::*:role/AWSControlTowerExecution", "arn:aws:iam::*:role/stacksets-exec-*"]),
            ),
            ("StringNotEquals", json!("arn:aws:iam::111111111111:role/Admin")),
            ("ArnNotLike", json!("arn:aws:iam::*:role/a*")),
        ] {
            assert_eq!(shortfall(&deny(json!({"Action": "*"}), Some((op, values.clone())))), None, "{op} {values}");
        }
    }
}
