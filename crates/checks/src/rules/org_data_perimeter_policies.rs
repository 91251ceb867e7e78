//! Data perimeter guardrails (SCPs or RCPs that deny access outside the organization or its
//! networks) apply to every member account.

use maturity_evidence::{AccountStatus, Bundle, OrgPolicy, PolicyKind};

use crate::shared::organization;
use crate::shared::policy::{self, Effect};
use crate::shared::prose::and_list;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account of the scan that is an active member of the organization: at least one
    /// customer-managed service control policy or resource control policy attached to the
    /// account, one of its OUs or the root has a `Deny` statement conditioned on the
    /// organization (`aws:PrincipalOrgID`, `aws:ResourceOrgID`, `aws:PrincipalOrgPaths`,
    /// `aws:ResourceOrgPaths`, `aws:SourceOrgID`, `aws:SourceOrgPaths`) or on the network
    /// (`aws:SourceVpce`, `aws:SourceVpc`). Such a statement draws a data perimeter: identities
    /// may only reach trusted resources, resources may only be reached by trusted identities, or
    /// only from expected networks.
    ///
    /// When the scan covers the organization's management account (even alone, without `--org`),
    /// every other active account the organization lists is judged too, from the organization's
    /// facts, and so is an account of the scan's scope that has no evidence: the guardrails are
    /// the organization's, not the management account's.
    ///
    /// Pass names the perimeter policies, where they are attached and which kinds of perimeter
    /// they draw (identity or resource: organization keys; network: VPC keys), and says which
    /// kinds are still missing. Fail when no SCP or RCP that reaches the account has such a
    /// statement. Not applicable for the management account (SCPs and RCPs never restrict it)
    /// and for accounts that are not `ACTIVE`. Inconclusive, once for the scan, without
    /// organization facts; for every member account when the organization's policies, accounts
    /// or OUs, or its management account, could not be read; and for an account missing from the
    /// organization's account list.
    ///
    /// ## Why it matters
    /// Credentials leak and resource policies get written too widely. A data perimeter makes
    /// both survivable: stolen keys used from outside your networks, your data copied to a
    /// bucket in someone else's account, or an outside principal granted access by mistake are
    /// all refused by a guardrail that no account administrator can lift.
    ///
    /// ## How to fix
    /// Start from AWS's data perimeter policy examples: an RCP that denies access to your S3,
    /// KMS, STS, SQS and Secrets Manager resources unless `aws:PrincipalOrgID` is yours (with
    /// exceptions for AWS services acting for you), an SCP that denies access to resources
    /// outside your organization with `aws:ResourceOrgID`, and a network perimeter with
    /// `aws:SourceVpc` or `aws:SourceVpce` for the principals that should only work from your
    /// networks. Roll them out one OU at a time after reviewing CloudTrail for legitimate
    /// cross-organization access.
    pub(crate) struct OrgDataPerimeterPolicies {
        id: "org-data-perimeter-policies",
        title: "SCPs or RCPs draw a data perimeter around every member account",
        scope: Account,
        reads: ["organization.organization", "organization.accounts", "organization.organizational_units", "organization.policies"],
    }
}

/// Condition keys that tie access to the organization.
const ORGANIZATION_KEYS: &[&str] = &[
    "aws:PrincipalOrgID",
    "aws:ResourceOrgID",
    "aws:PrincipalOrgPaths",
    "aws:ResourceOrgPaths",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
];

/// Condition keys that tie access to the organization's networks.
const NETWORK_KEYS: &[&str] = &["aws:SourceVpce", "aws:SourceVpc"];

/// The perimeters a policy draws: (organization, network).
fn perimeters(policy: &OrgPolicy) -> (bool, bool) {
    let mut found = (false, false);
    for statement in policy::statements(&policy.content).iter().filter(|s| s.effect == Effect::Deny) {
        found.0 |= statement.conditions.iter().any(|c| ORGANIZATION_KEYS.iter().any(|k| c.is_on(k)));
        found.1 |= statement.conditions.iter().any(|c| NETWORK_KEYS.iter().any(|k| c.is_on(k)));
    }
    found
}

impl Check for OrgDataPerimeterPolicies {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let Some(org) = &bundle.organization else {
            out.add(
                FindingStatus::Inconclusive,
                Location::organization(),
                "Cannot tell whether data perimeter policies apply to the accounts: SCPs and RCPs live in AWS Organizations, which this scan did not read.",
            );
            return;
        };
        let management = organization::management_account_id(bundle, org);
        let context = organization::policies_and_accounts(org).and_then(|context| {
            management.map_err(|m| organization::unreadable("the organization's management account", m))?;
            Ok(context)
        });
        let tree = org.hierarchy();
        for account in organization::judged_accounts(bundle, org) {
            let location = Location::account(account.id);
            let label = &account.label;
            if management.is_ok_and(|id| id == account.id) {
                out.not_applicable(
                    location,
                    format_args!(
                        "Account {label} is the organization's management account, which SCPs and RCPs never restrict."
                    ),
                );
                continue;
            }
            let (policies, _) = match &context {
                Ok(context) => context,
                Err(problem) => {
                    out.add(
                        FindingStatus::Inconclusive,
                        location,
                        format_args!(
                            "Cannot tell whether data perimeter policies apply to account {label}: {problem}."
                        ),
                    );
                    continue;
                }
            };
            let Some(member) = tree.account(account.id) else {
                out.add(
                    FindingStatus::Inconclusive,
                    location,
                    format_args!(
                        "Cannot tell whether data perimeter policies apply to account {label}: it is not in the organization's account list."
                    ),
                );
                continue;
            };
            if member.status != AccountStatus::Active {
                out.not_applicable(
                    location,
                    format_args!(
                        "Account {label} is {} in the organization, so its guardrails are not judged.",
                        member.status
                    ),
                );
                continue;
            }
            let candidates = policies.iter().filter(|p| {
                !p.aws_managed && matches!(p.kind, PolicyKind::ServiceControlPolicy | PolicyKind::ResourceControlPolicy)
            });
            let mut drawn = (false, false);
            let mut named = Vec::new();
            for (policy, target) in organization::attached_to(org, &tree, candidates, account.id) {
                let (by_org, by_network) = perimeters(policy);
                if !(by_org || by_network) {
                    continue;
                }
                drawn.0 |= by_org;
                drawn.1 |= by_network;
                let kinds = match (by_org, by_network) {
                    (true, true) => "organization and network perimeters",
                    (true, false) => "organization perimeter",
                    _ => "network perimeter",
                };
                named.push(format!("{} attached to {target} ({kinds})", organization::policy_label(policy)));
            }
            if named.is_empty() {
                out.fail(
                    location,
                    format_args!(
                        "No SCP or RCP that applies to account {label} denies access outside the organization or its networks."
                    ),
                );
                continue;
            }
            let missing = match drawn {
                (true, true) => String::new(),
                (true, false) => " No network perimeter (aws:SourceVpc or aws:SourceVpce) applies yet.".to_owned(),
                _ => " No organization perimeter (aws:PrincipalOrgID, aws:ResourceOrgID …) applies yet.".to_owned(),
            };
            out.pass(
                location,
                format_args!("Account {label} is inside a data perimeter drawn by {}.{missing}", and_list(&named)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn policy(content: serde_json::Value) -> OrgPolicy {
        OrgPolicy {
            id: "p-1".into(),
            name: "perimeter".into(),
            kind: PolicyKind::ResourceControlPolicy,
            aws_managed: false,
            content,
            targets: vec!["r-1".into()],
        }
    }

    #[test]
    fn organization_and_network_conditions_in_deny_statements_count() {
        let rcp = json!({"Statement": {
            "Effect": "Deny", "Principal": "*", "Action": ["s3:*", "kms:*"], "Resource": "*",
            "Condition": {
                "StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-123"},
                "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}
            }
        }});
        assert_eq!(perimeters(&policy(rcp)), (true, false));
        let network = json!({"Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
            "Condition": {"StringNotEqualsIfExists": {"AWS:SOURCEVPC": ["vpc-1"]}}}]});
        assert_eq!(perimeters(&policy(network)), (false, true));
    }

    #[test]
    fn allow_statements_and_other_keys_do_not_count() {
        let allow = json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}}});
        assert_eq!(perimeters(&policy(allow)), (false, false));
        let region = json!({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}});
        assert_eq!(perimeters(&policy(region)), (false, false));
    }
}
