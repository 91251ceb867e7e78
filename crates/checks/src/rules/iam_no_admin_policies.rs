//! No attached customer-managed IAM policy grants full administrator access.

use maturity_evidence::{Bundle, CustomerManagedPolicy};

use crate::shared::accounts;
use crate::shared::policy_document::{self, Effect};
use crate::{Check, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account: no customer-managed IAM policy that is attached to a user, group or
    /// role has a statement with `"Effect": "Allow"`, every action (`"Action": "*"` or `"*:*"`)
    /// on every resource (`"Resource": "*"`) and no condition. The default version of each
    /// policy is read. One fail finding per such policy, at the policy's ARN; one pass finding
    /// for an account whose attached customer-managed policies all stop short of that; not
    /// applicable for an account with no attached customer-managed policy. AWS-managed policies such as `AdministratorAccess`, inline policies and statements
    /// that are broad but not total (`s3:*`, `NotAction`, a condition) are out of scope.
    ///
    /// Inconclusive when the account's customer-managed policies could not be listed or read,
    /// or the account could not be entered.
    ///
    /// ## Why it matters
    /// A home-made "allow everything" policy is administrator access that hides behind a
    /// harmless name, is copied from account to account and escapes the reviews that watch
    /// `AdministratorAccess`. Every principal it is attached to can disable logging, read all
    /// data and create new credentials: the whole account falls with one leaked key or one
    /// confused workload.
    ///
    /// ## How to fix
    /// Find who uses each flagged policy (IAM last-accessed data, or IAM Access Analyzer policy
    /// generation from CloudTrail) and replace it with policies that name the services, actions
    /// and resources the principals need. Keep real administrator access to a few roles reached
    /// through IAM Identity Center, with the AWS-managed policy so it is visible, and watch its
    /// use.
    pub(crate) struct IamNoAdminPolicies {
        id: "iam-no-admin-policies",
        title: "No attached customer-managed IAM policy allows every action on every resource",
        scope: Resource,
    }
}

impl Check for IamNoAdminPolicies {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        for account in accounts::reachable(bundle, out) {
            let label = account.label();
            let policies = match account.global.iam_customer_policies.get() {
                Ok(policies) => policies,
                Err(missing) => {
                    out.inconclusive(
                        Location::account(&account.account_id),
                        &format!(
                            "whether a customer-managed IAM policy of account {label} grants full administrator access"
                        ),
                        &missing,
                    );
                    continue;
                }
            };
            let admin: Vec<&CustomerManagedPolicy> = policies.iter().filter(|p| grants_everything(p)).collect();
            for policy in &admin {
                out.fail(
                    Location::resource(&account.account_id, None, &policy.arn),
                    format!(
                        "Customer-managed policy {} ({}) of account {label} allows every action on every resource without condition and is attached to {} principal{}.",
                        policy.name,
                        policy.default_version_id,
                        policy.attachment_count,
                        if policy.attachment_count == 1 { "" } else { "s" }
                    ),
                );
            }
            if policies.is_empty() {
                out.not_applicable(
                    Location::account(&account.account_id),
                    format!("Account {label} has no customer-managed IAM policy attached to a user, group or role."),
                );
            } else if admin.is_empty() {
                let message = match policies.len() {
                    1 => format!(
                        "The one attached customer-managed IAM policy of account {label} does not allow every action on every resource."
                    ),
                    n => format!(
                        "None of the {n} attached customer-managed IAM policies of account {label} allows every action on every resource."
                    ),
                };
                out.pass(Location::account(&account.account_id), message);
            }
        }
    }
}

/// Whether a statement of the policy allows `*` on `*` without a condition.
fn grants_everything(policy: &CustomerManagedPolicy) -> bool {
    let any = |values: &Option<Vec<String>>, wanted: &[&str]| {
        values.as_ref().is_some_and(|values| values.iter().any(|v| wanted.contains(&v.trim())))
    };
    policy_document::statements(&policy.document).iter().any(|s| {
        s.effect == Effect::Allow
            && s.conditions.is_empty()
            && any(&s.action, &["*", "*:*"])
            && any(&s.resource, &["*"])
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn policy(document: Value) -> CustomerManagedPolicy {
        CustomerManagedPolicy {
            name: "p".into(),
            arn: "arn:aws:iam::111111111111:policy/p".into(),
            attachment_count: 1,
            default_version_id: "v1".into(),
            document,
        }
    }

    #[test]
    fn full_admin_statements_are_found() {
        for doc in [
            json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}),
            json!({"Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"},
                                  {"Effect": "Allow", "Action": ["s3:GetObject", "*:*"], "Resource": ["arn:aws:s3:::b", "*"]}]}),
            json!(r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#),
        ] {
            assert!(grants_everything(&policy(doc.clone())), "{doc}");
        }
    }

    #[test]
    fn broad_but_bounded_statements_are_not_full_admin() {
        for doc in [
            json!({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}),
            json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::bucket/*"}}),
            json!({"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}),
            json!({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}),
            json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                                 "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}}),
            json!({"Statement": {"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::x"}}),
            json!(null),
        ] {
            assert!(!grants_everything(&policy(doc.clone())), "{doc}");
        }
    }
}
